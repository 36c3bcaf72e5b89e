//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) read with calamine into the
//! same [`Table`] rows as CSV, so every cell check and message is shared.
//!
//! How a scenario points at a sheet: `stations = "book.xlsx#派出所"` names
//! the sheet after the last `#`; without a `#`, the loader takes the visible
//! sheet named for the table's role (`stations`/`派出所`/`派出所表`, or
//! `counties`/`县局`/`县局表`, case-insensitive), else the only visible
//! worksheet. Hidden sheets are never picked automatically, but can be named.
//!
//! The header is the first of the top ten non-blank rows that names every
//! required column (a title line above the table is skipped).
//!
//! Cells: formulas give the result Excel saved with the workbook (calamine
//! reads cached values); a formula with no saved result is an error naming
//! the cell. Numbers stored as text are read like any number; whole floats are
//! written without `.0`; dates and error values come through as text that the
//! number checks reject with the value shown. Blank rows are skipped. Cells
//! under a blank header cell (notes beside the table) are ignored.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, SheetType, SheetVisible, Sheets};

use super::table::{
    column_letters, too_big, Origin, Spec, Table, MAX_CELLS, MAX_COLUMNS, MAX_READ_ROWS, MAX_ROWS,
};
use crate::error::InputError;

pub use super::file::CFB_MAGIC;

const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Whether a path names a workbook (by its extension).
pub fn is_workbook(path: &Path) -> bool {
    extension(path).is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.as_str()))
}

/// Splits `book.xlsx#sheet` into the file and the sheet. A `#` counts only
/// when what precedes it names a workbook, so a CSV file may contain `#`.
pub fn split_sheet(path: &Path) -> (PathBuf, Option<String>) {
    let text = path.to_string_lossy();
    if let Some((file, sheet)) = text.rsplit_once('#') {
        let file = PathBuf::from(file);
        if is_workbook(&file) && !sheet.is_empty() {
            return (file, Some(sheet.to_string()));
        }
    }
    (path.to_path_buf(), None)
}

fn file_error(file: &Path, problem: impl Into<String>) -> InputError {
    InputError::File {
        file: file.to_path_buf(),
        problem: problem.into(),
    }
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether the bytes are an encrypted OOXML package: an OLE container with an
/// `EncryptedPackage` stream, which is what Excel writes for a workbook
/// saved with a password to open.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(&CFB_MAGIC)
        && (contains(bytes, &utf16("EncryptedPackage"))
            || contains(bytes, &utf16("EncryptionInfo")))
}

const PASSWORD_HINT: &str = "is password-protected (encrypted); open it in Excel, remove the password under File → Info → Protect Workbook, and save it again";

/// An opened workbook, and for a zipped one what [`super::zipped::survey`]
/// found in it.
type Opened = (Sheets<Cursor<Vec<u8>>>, super::zipped::Survey);

fn open(file: &Path, bytes: &[u8]) -> Result<Opened, InputError> {
    if bytes.is_empty() {
        return Err(file_error(
            file,
            "is empty (0 bytes); expected an Excel workbook",
        ));
    }
    if is_encrypted(bytes) {
        return Err(file_error(file, PASSWORD_HINT));
    }
    let cursor = Cursor::new(bytes.to_vec());
    let ext = extension(file).unwrap_or_default();
    let damaged = |e: &dyn std::fmt::Display| {
        let text = e.to_string();
        if text.to_ascii_lowercase().contains("password") {
            file_error(file, PASSWORD_HINT)
        } else {
            file_error(
                file,
                format!("cannot be read as a workbook ({text}); the file may be truncated or damaged: open it in Excel and save it again"),
            )
        }
    };
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // Sizes and counts first, with bounded memory: calamine trusts them.
        let survey = super::zipped::survey(bytes).map_err(|problem| {
            file_error(file, format!("cannot be read as a workbook: {problem}"))
        })?;
        let opened = match ext.as_str() {
            "ods" => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Ods)
                .map_err(|e: calamine::OdsError| damaged(&e)),
            "xlsb" => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xlsb)
                .map_err(|e: calamine::XlsbError| damaged(&e)),
            _ => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xlsx)
                .map_err(|e: calamine::XlsxError| damaged(&e)),
        };
        return opened.map(|book| (book, survey));
    }
    if bytes.starts_with(&CFB_MAGIC) {
        if let Some(problem) = xls_check::hostile(bytes) {
            return Err(file_error(
                file,
                format!("cannot be read as a workbook ({problem}); the file may be damaged: open it in Excel and save it again"),
            ));
        }
        return calamine::open_workbook_from_rs(cursor)
            .map(|book| (Sheets::Xls(book), super::zipped::Survey::default()))
            .map_err(|e: calamine::XlsError| damaged(&e));
    }
    let looks_like_text = bytes.iter().take(512).all(|&b| b >= 0x09);
    Err(file_error(
        file,
        if looks_like_text {
            "is named like a workbook but holds text; if it is CSV, give it the extension .csv in the scenario"
        } else {
            "is not an Excel workbook (it does not start like .xlsx or .xls); the file may be damaged"
        },
    ))
}

/// The text of one cell, as the table checks expect it.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 => {
            (*x as i64).to_string()
        }
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => format!("{} (a date)", dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn choose_sheet(
    file: &Path,
    sheets: &[calamine::Sheet],
    wanted: Option<&str>,
    role_sheets: &[&str],
) -> Result<String, InputError> {
    let listing = || {
        sheets
            .iter()
            .map(|s| match s.visible {
                SheetVisible::Visible => format!("`{}`", s.name),
                _ => format!("`{}` (hidden)", s.name),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    if let Some(wanted) = wanted {
        if let Some(s) = sheets.iter().find(|s| s.name == wanted) {
            return Ok(s.name.clone());
        }
        if let Some(s) = sheets.iter().find(|s| same(&s.name, wanted)) {
            return Ok(s.name.clone());
        }
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        let hint = super::suggest::did_you_mean(wanted, &names)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(file_error(
            file,
            format!(
                "has no sheet `{wanted}`; its sheets are {}{hint}",
                listing()
            ),
        ));
    }
    let visible: Vec<&calamine::Sheet> = sheets
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
        .collect();
    let named: Vec<&&calamine::Sheet> = visible
        .iter()
        .filter(|s| role_sheets.iter().any(|r| same(&s.name, r)))
        .collect();
    match (named.as_slice(), visible.as_slice()) {
        ([one], _) => Ok(one.name.clone()),
        ([], [only]) => Ok(only.name.clone()),
        ([], _) => Err(file_error(
            file,
            format!(
                "has no visible sheet named {}; its sheets are {}; name the sheet in the scenario, for example `{}#{}`",
                role_sheets
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" or "),
                listing(),
                file.file_name().map_or("book.xlsx".into(), |f| f.to_string_lossy().to_string()),
                sheets.first().map_or("Sheet1", |s| s.name.as_str())
            ),
        )),
        (many, _) => Err(file_error(
            file,
            format!(
                "has several sheets that could hold this table ({}); name one in the scenario as `{}#<sheet>`",
                many.iter()
                    .map(|s| format!("`{}`", s.name))
                    .collect::<Vec<_>>()
                    .join(", "),
                file.file_name().map_or("book.xlsx".into(), |f| f.to_string_lossy().to_string()),
            ),
        )),
    }
}

/// Rows of text cells with their spreadsheet row numbers.
type Rows = Vec<(u64, Vec<String>)>;

/// The filled cells of one sheet, gathered one by one: memory grows with the
/// cells present, never with the sheet's extent, and a cell outside the
/// limits of [`super::table`] stops the read at once.
struct Gathered<'a> {
    label: &'a Path,
    /// ((row, column), text), 0-based, in the order read.
    cells: Vec<((u32, u32), String)>,
}

impl Gathered<'_> {
    fn push(&mut self, (r, c): (u32, u32), d: &Data) -> Result<(), InputError> {
        let text = cell_text(d);
        if text.trim().is_empty() {
            return Ok(());
        }
        if c >= MAX_COLUMNS || r as usize >= MAX_SHEET_ROW {
            return Err(too_big(
                self.label,
                format!(
                    "cell {}{} holds `{}`",
                    column_letters(c),
                    u64::from(r) + 1,
                    crate::error::quote(&text)
                ),
            ));
        }
        if self.cells.len() == MAX_CELLS {
            return Err(too_big(
                self.label,
                format!("it has more than {MAX_CELLS} filled cells"),
            ));
        }
        self.cells.push(((r, c), text));
        Ok(())
    }

    /// The rows of text [`Table::from_rows`] takes: one per row that has a
    /// filled cell, from the leftmost filled column of the sheet to the
    /// row's last filled cell. Returns the rows and that first column.
    fn into_rows(mut self) -> Result<(Rows, u32), InputError> {
        // Stable: two values for one cell stay in the order read, and are
        // refused below rather than one silently replacing the other.
        self.cells.sort_by_key(|(pos, _)| *pos);
        if let Some(w) = self.cells.windows(2).find(|w| w[0].0 == w[1].0) {
            let (r, c) = w[0].0;
            return Err(InputError::Row {
                file: self.label.to_path_buf(),
                row: u64::from(r) + 1,
                problem: format!(
                    "cell {}{} holds two values, `{}` and then `{}`; the workbook is damaged: open it in Excel and save it again",
                    column_letters(c),
                    u64::from(r) + 1,
                    crate::error::quote(&w[0].1),
                    crate::error::quote(&w[1].1)
                ),
            });
        }
        let c0 = self.cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
        let mut rows: Rows = Vec::new();
        let mut stored = 0usize;
        for ((r, c), text) in self.cells {
            let line = u64::from(r) + 1;
            if rows.last().map_or(true, |(l, _)| *l != line) {
                if rows.len() == MAX_READ_ROWS {
                    return Err(too_big(
                        self.label,
                        format!("it has more than {MAX_READ_ROWS} filled rows"),
                    ));
                }
                rows.push((line, Vec::new()));
            }
            let row = &mut rows.last_mut().expect("just pushed").1;
            let at = (c - c0) as usize;
            if at >= row.len() {
                stored += at + 1 - row.len();
                if stored > MAX_CELLS {
                    return Err(too_big(
                        self.label,
                        format!("its rows span more than {MAX_CELLS} cells"),
                    ));
                }
                row.resize(at + 1, String::new());
            }
            row[at] = text;
        }
        Ok((rows, c0))
    }
}

/// Cells in rows below this (0-based) are refused: Excel's last row is
/// 1,048,576, and a table never needs more than [`MAX_ROWS`] rows even with
/// blank rows between.
const MAX_SHEET_ROW: usize = MAX_ROWS + MAX_ROWS / 10;

fn formula_without_result(label: &Path, (r, c): (u32, u32), formula: &str) -> InputError {
    InputError::Row {
        file: label.to_path_buf(),
        row: u64::from(r) + 1,
        problem: format!(
            "cell {}{} holds the formula `={}` but no saved result; open the workbook in Excel and save it so the result is stored, or type the value",
            column_letters(c),
            r + 1,
            crate::error::quote(formula)
        ),
    }
}

/// Reads one sheet of a workbook held in `bytes` into a [`Table`].
/// `sheet` is the sheet the scenario names, if any; `role_sheets` the names
/// looked for otherwise.
///
/// `.xlsx`/`.xlsm` and `.xlsb` sheets are streamed cell by cell (calamine's
/// cell readers), so a stray value in the last cell `XFD1048576` costs one
/// cell, not a dense range of 17 billion. `.xls` and `.ods` sheets are
/// parsed by calamine when the workbook is opened (within Excel's 65,536 ×
/// 256 limit for `.xls`, and calamine's own caps for `.ods`); their filled
/// cells then go through the same limits.
pub fn read_sheet(
    file: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    role_sheets: &[&str],
    spec: &Spec,
) -> Result<Table, InputError> {
    let (mut book, survey) = open(file, bytes)?;
    let name = choose_sheet(file, book.sheets_metadata(), sheet, role_sheets)?;
    let label = PathBuf::from(format!("{}#{name}", file.display()));
    if let Some(p) = survey.sheet_problem(&name) {
        return Err(InputError::Row {
            file: label,
            row: p.row,
            problem: format!(
                "{}; the workbook is damaged or was not written by a spreadsheet program: open it in Excel and save it again",
                p.problem
            ),
        });
    }
    let damaged = |e: &dyn std::fmt::Display| {
        file_error(
            &label,
            format!(
                "cannot be read ({e}); the file may be damaged: open it in Excel and save it again"
            ),
        )
    };
    let mut cells = Gathered {
        label: &label,
        cells: Vec::new(),
    };
    match &mut book {
        Sheets::Xlsx(x) => {
            let mut reader = x.worksheet_cells_reader(&name).map_err(|e| damaged(&e))?;
            while let Some(cell) = reader.next_cell_with_formula().map_err(|e| damaged(&e))? {
                let value = Data::from(cell.value);
                match cell.formula {
                    Some(f) if matches!(value, Data::Empty) && !f.is_empty() => {
                        return Err(formula_without_result(&label, cell.pos, &f));
                    }
                    _ => cells.push(cell.pos, &value)?,
                }
            }
        }
        // Every formula record of .xlsb carries its saved result, so the
        // values are all there is to read.
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(&name).map_err(|e| damaged(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| damaged(&e))? {
                cells.push(cell.get_position(), &Data::from(cell.get_value().clone()))?;
            }
        }
        book => {
            let range = book.worksheet_range(&name).map_err(|e| damaged(&e))?;
            if let Some((r0, c0)) = range.start() {
                for (i, j, d) in range.used_cells() {
                    cells.push((r0 + i as u32, c0 + j as u32), d)?;
                }
            }
            let formulas = book.worksheet_formula(&name).ok();
            if let Some((f0, fc0)) = formulas.as_ref().and_then(|f| f.start()) {
                for (i, j, f) in formulas.iter().flat_map(|f| f.used_cells()) {
                    let pos = (f0 + i as u32, fc0 + j as u32);
                    let empty = range
                        .get_value(pos)
                        .map_or(true, |d| matches!(d, Data::Empty));
                    if empty && !f.is_empty() {
                        return Err(formula_without_result(&label, pos, f));
                    }
                }
            }
        }
    }
    let (rows, c0) = cells.into_rows()?;
    Table::from_rows(&label, rows, spec, Some(c0), Origin::Sheet { sheet: name })
}

mod xls_check;

#[cfg(test)]
mod tests;
