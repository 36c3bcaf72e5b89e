//! A strict table of text cells with one header row, required columns and
//! typed cell access; errors name file (and sheet), row, column and value.
//!
//! A table comes from a CSV file (any encoding [`super::decode`] detects) or
//! from a worksheet ([`super::excel`]); both give the same rows of text and
//! the same checks, so a value that is wrong in CSV is wrong in the same words
//! in Excel. Header cells may use the documented aliases
//! ([`super::aliases`]); rows are addressed by their canonical column names.

use std::path::{Path, PathBuf};

use super::decode::{decode, Encoding};
use crate::error::{quote, DataProblem, InputError, Warning};

/// How many non-blank rows at the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 10;

/// The most rows of data a table may have (CSV or sheet), below its header:
/// as many stations as `staffing generate` writes at most. A province has a
/// few thousand stations; the whole country about 40,000.
pub const MAX_ROWS: usize = 1_000_000;

/// The most non-blank rows read from a file: [`MAX_ROWS`] rows of data, the
/// header and up to nine title rows above it.
pub const MAX_READ_ROWS: usize = MAX_ROWS + HEADER_SEARCH_ROWS;

/// The most columns a table may span: no cell right of column `ALL` (the
/// 1,000th) is read, and a CSV record may have at most 1,000 fields.
pub const MAX_COLUMNS: u32 = 1_000;

/// The most cells (CSV fields, or sheet cells from a row's first column to
/// its last filled one) a table may hold: this bounds memory whatever the
/// file's shape (a line of 100 million commas is 100 million fields).
/// [`MAX_ROWS`] rows of 25 columns: the widest table `staffing generate`
/// writes has 21 (with `--strength` and `--ages`).
pub const MAX_CELLS: usize = 25_000_000;

/// The error for a table over one of the limits above.
pub fn too_big(file: &Path, what: String) -> InputError {
    InputError::File {
        file: file.to_path_buf(),
        problem: format!(
            "{what}; a table may have at most {} rows below its header, {} columns (up to column {}) and {} cells. Delete what lies outside the table (notes, stray values far below or right of it), or copy the table alone to a new sheet or file",
            thousands(MAX_ROWS as u64),
            thousands(u64::from(MAX_COLUMNS)),
            column_letters(MAX_COLUMNS - 1),
            thousands(MAX_CELLS as u64),
        ),
    }
}

/// `1000000` as `1,000,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a table's text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A CSV file and the encoding it was decoded with.
    Csv(Encoding),
    /// A worksheet of a workbook.
    Sheet {
        /// The sheet's name.
        sheet: String,
    },
}

/// A parsed table with a validated header.
#[derive(Debug, Clone)]
pub struct Table {
    /// The name used in messages: the file, or `book.xlsx#sheet`.
    file: PathBuf,
    /// Canonical column name → index in each record.
    columns: Columns,
    /// Header cells as written.
    headers: Vec<String>,
    /// The cells of the rows read (the header and the data rows among them).
    store: Store,
    /// The data rows, in file order.
    records: Vec<Line>,
    /// For worksheets, the 0-based sheet column of record index 0.
    first_column: Option<u32>,
    origin: Origin,
    /// The row of the header, as a spreadsheet shows it.
    header_row: u64,
    /// Indices of the header cells the loader does not read (序号, 备注,
    /// anything unknown), in input order: carried to the outputs as written.
    extras: Vec<usize>,
    /// Headers the loader does not read that are close to one it does.
    warnings: Vec<Warning>,
    /// The field separator of a CSV file (`None` for a worksheet).
    delimiter: Option<char>,
}

/// The spreadsheet letters of a 0-based column index (0 → `A`, 26 → `AA`).
pub fn column_letters(mut index: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Table {
    /// Reads a CSV file in canonical column names only. `required` columns
    /// must appear exactly once; `optional` ones at most once.
    pub fn read(file: &Path, required: &[&str], optional: &[&str]) -> Result<Table, InputError> {
        let spec = Spec {
            required,
            optional,
            aliases: &[],
            prefixes: &[],
        };
        Table::read_csv(file, &spec)
    }

    /// Reads a CSV file, detecting its encoding.
    pub fn read_csv(file: &Path, spec: &Spec) -> Result<Table, InputError> {
        let bytes = super::file::read_input(file)?;
        Table::from_csv_bytes(file, &bytes, spec)
    }

    /// Parses CSV bytes (canonical column names only); `file` is used for messages.
    pub fn from_bytes(
        file: &Path,
        bytes: &[u8],
        required: &[&str],
        optional: &[&str],
    ) -> Result<Table, InputError> {
        let spec = Spec {
            required,
            optional,
            aliases: &[],
            prefixes: &[],
        };
        Table::from_csv_bytes(file, bytes, &spec)
    }

    /// Parses CSV bytes in any supported encoding; `file` is used for messages.
    pub fn from_csv_bytes(file: &Path, bytes: &[u8], spec: &Spec) -> Result<Table, InputError> {
        if super::file::looks_like_workbook(bytes) {
            return Err(InputError::Data {
                file: file.to_path_buf(),
                row: None,
                problem: DataProblem::WorkbookAsCsv,
            });
        }
        let (text, encoding) = decode(file, bytes)?;
        let delimiter = sniff_delimiter(&text, spec);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        // The cells' text is at most the file's; there are at most as many
        // cells as separators and line ends, plus one.
        let bytes = text.as_bytes();
        let cells = bytes
            .iter()
            .filter(|&&b| b == delimiter || b == b'\n')
            .count()
            .min(MAX_CELLS);
        let mut rows = ByteStore::with_capacity(text.len(), cells + 1);
        let mut lines = LineCounter::new(text.as_bytes());
        let mut cells = 0usize;
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(csv_error(file, e)),
            }
            // csv's own line count can lag by one; count from byte offsets.
            let line = lines.line_of(record.position().map_or(0, |p| p.byte() as usize));
            if record.iter().all(blank_bytes) {
                continue;
            }
            if record.len() > MAX_COLUMNS as usize {
                return Err(too_big(
                    file,
                    format!("row {line} has {} fields", record.len()),
                ));
            }
            cells += record.len();
            if rows.len() == MAX_READ_ROWS || cells > MAX_CELLS {
                return Err(too_big(file, format!("it goes on past row {line}")));
            }
            rows.push_record(line, &record);
        }
        // Cannot fail: the records split UTF-8 text at ASCII bytes only.
        let rows = rows.finish().map_err(|e| InputError::File {
            file: file.to_path_buf(),
            problem: format!("cannot be read as CSV: {e}"),
        })?;
        Table::build(
            file,
            rows,
            spec,
            None,
            Origin::Csv(encoding),
            Some(char::from(delimiter)),
        )
    }

    /// Builds a table from rows of text cells. The header is the first of
    /// the top ten non-blank rows that names every required column (so a
    /// title line above the table is skipped); when none does, the one that
    /// names the most columns staffing reads (the first of equals), so a
    /// title above a header with one unrecognised name is not taken for the
    /// header, and the error names the header row and the column it lacks.
    /// `first_column` is set for worksheets: it turns on cell references in
    /// messages and lets rows be wider than the header (cells under a blank
    /// header cell are ignored there, as notes beside a table often are; in
    /// CSV a row must have exactly the header's fields).
    ///
    /// Row problems (a wrong number of fields, a byte-order mark in a cell)
    /// are all reported at once, up to [`crate::error::MAX_REPORTED`].
    pub fn from_rows(
        file: &Path,
        rows: Vec<(u64, Vec<String>)>,
        spec: &Spec,
        first_column: Option<u32>,
        origin: Origin,
    ) -> Result<Table, InputError> {
        let mut store = Store::new();
        for (line, cells) in &rows {
            store.push(*line, cells.iter().map(String::as_str));
        }
        drop(rows);
        Table::build(file, store, spec, first_column, origin, None)
    }

    /// [`Table::from_rows`], for CSV with the field separator it was read with.
    fn build(
        file: &Path,
        store: Store,
        spec: &Spec,
        first_column: Option<u32>,
        origin: Origin,
        delimiter: Option<char>,
    ) -> Result<Table, InputError> {
        let expected = spec.required.join(", ");
        let blank = |r: &Record| r.iter().all(|f| f.trim().is_empty());
        let lines = store.lines();
        let candidates: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !blank(&store.record(l)))
            .take(HEADER_SEARCH_ROWS)
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return Err(InputError::Empty {
                file: file.to_path_buf(),
                expected,
            });
        }
        // The first candidate that names every required column, else the
        // one naming the most known columns (the first of equals).
        let mut best: Option<(usize, usize)> = None;
        let mut pick = None;
        for (k, &i) in candidates.iter().enumerate() {
            let score = HeaderScore::of(&store.record(&lines[i]).to_vec(), spec);
            if score.names_all {
                pick = Some(k);
                break;
            }
            match best {
                Some((_, known)) if score.known <= known => {}
                _ => best = Some((k, score.known)),
            }
        }
        let pick = pick.unwrap_or_else(|| best.map_or(0, |(k, _)| k));
        let below = store.len() - candidates[pick] - 1;
        if below > MAX_ROWS {
            return Err(too_big(
                file,
                format!("it has {} rows below its header", thousands(below as u64)),
            ));
        }
        let header_line = lines[candidates[pick]];
        let header_row = header_line.line;
        let header = store.record(&header_line).to_vec();
        let (columns, keys) = read_header(file, &header, header_row, spec, first_column)?;
        let extras: Vec<usize> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| k.as_ref().is_some_and(|k| !spec.reads(k)))
            .map(|(i, _)| i)
            .collect();
        let missing: Vec<&str> = spec
            .required
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(missing_column(
                file,
                &header,
                header_row,
                spec,
                first_column,
                &missing,
                &extras,
            ));
        }
        let warnings = unknown_column_warnings(
            file,
            &header,
            header_row,
            spec,
            first_column,
            &columns,
            &extras,
        );
        let width = header.len();
        let joined = JoinedFiles::new(&header);
        let mut records = Vec::with_capacity(below);
        let mut problems = Vec::new();
        for line in &lines[candidates[pick] + 1..] {
            let record = store.record(line);
            if blank(&record) {
                continue;
            }
            joined.check(file, line.line, &record)?;
            if first_column.is_none() && record.len() != width {
                problems.push(InputError::Data {
                    file: file.to_path_buf(),
                    row: Some(line.line),
                    problem: DataProblem::FieldCount {
                        found: record.len(),
                        width,
                        delimiter,
                    },
                });
                continue;
            }
            records.push(*line);
        }
        InputError::collect(problems)?;
        if records.is_empty() {
            return Err(InputError::Data {
                file: file.to_path_buf(),
                row: None,
                problem: DataProblem::NoDataRows,
            });
        }
        let table = Table {
            file: file.to_path_buf(),
            columns,
            headers: header,
            store,
            records,
            first_column,
            origin,
            header_row,
            extras,
            warnings,
            delimiter,
        };
        table.check_byte_order_marks()?;
        Ok(table)
    }

    /// A byte-order mark (U+FEFF) inside a cell that is read: it is
    /// invisible, so a station id `\u{FEFF}S4` would silently differ from
    /// `S4`. Refused, naming the cell (see [`check_joined_files`] for the
    /// mark at the start of a row).
    fn check_byte_order_marks(&self) -> Result<(), InputError> {
        if !self.store.holds('\u{FEFF}') {
            return Ok(());
        }
        let mut read: Vec<(&String, &usize)> = self.columns.iter().collect();
        read.sort_by_key(|(_, &i)| i);
        let mut problems = Vec::new();
        for line in &self.records {
            let record = self.store.record(line);
            for (column, &i) in &read {
                if let Some(v) = record.get(i).filter(|v| v.contains('\u{FEFF}')) {
                    problems.push(InputError::cell(
                        &self.file,
                        line.line,
                        &self.column_label(column, line.line),
                        v,
                        "holds a byte-order mark (U+FEFF), an invisible character that marks the start of a file; delete it (retype the cell)",
                    ));
                }
            }
        }
        InputError::collect(problems)
    }

    /// The file the table was read from.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The encoding or sheet the table was read from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The field separator of a CSV file (`None` for a worksheet).
    pub fn delimiter(&self) -> Option<char> {
        self.delimiter
    }

    /// The row of the header, as a spreadsheet shows it.
    pub fn header_row(&self) -> u64 {
        self.header_row
    }

    /// Headers the loader does not read that are close to one it does
    /// (`max_officer` for `max_officers`).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The headers of the columns the loader does not read (序号, 备注, …),
    /// as written, in input order; a header may repeat.
    pub fn extra_columns(&self) -> Vec<String> {
        self.extras
            .iter()
            .map(|&i| self.headers[i].trim().to_string())
            .collect()
    }

    /// The header of a (canonical) column as written, trimmed.
    pub fn written_header(&self, column: &str) -> String {
        self.columns
            .get(column)
            .and_then(|&i| self.headers.get(i))
            .map_or(column.to_string(), |h| h.trim().to_string())
    }

    /// How messages name `column` on `row`: the header as written, the
    /// contract's name when an alias was used, and for a worksheet the cell
    /// (for [`InputError::cell`]).
    pub fn cell_label(&self, column: &str, row: u64) -> String {
        self.column_label(column, row)
    }

    /// Data rows (blank rows and the header not counted).
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the table has no data row.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Names of the columns that start with `prefix`, sorted.
    pub fn columns_with_prefix(&self, prefix: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .columns
            .keys()
            .filter(|c| c.starts_with(prefix))
            .cloned()
            .collect();
        out.sort();
        out
    }

    /// Whether the table has the canonical column `column`.
    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The data rows, in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |line| self.row_of(line))
    }

    /// Data row `i` (0-based, in file order), if there is one.
    pub fn row(&self, i: usize) -> Option<Row<'_>> {
        self.records.get(i).map(|line| self.row_of(line))
    }

    fn row_of(&self, line: &Line) -> Row<'_> {
        Row {
            table: self,
            line: line.line,
            record: self.store.record(line),
        }
    }

    /// How messages name a column on a row: the header as written, the
    /// canonical name when an alias was used, and for worksheets the cell.
    fn column_label(&self, column: &str, row: u64) -> String {
        let Some(&i) = self.columns.get(column) else {
            return column.to_string();
        };
        let written = self
            .headers
            .get(i)
            .map_or(column.to_string(), |h| quote(h.trim()));
        // `InputError::Cell` puts the label between backticks.
        let mut label = if written.as_str() == column {
            column.to_string()
        } else {
            format!("{written}` = `{column}")
        };
        if let Some(c) = self.first_column {
            label = format!("{label}` in cell `{}{row}", column_letters(c + i as u32));
        }
        label
    }
}
fn csv_error(file: &Path, e: csv::Error) -> InputError {
    let row = e.position().map_or(0, |p| p.line());
    InputError::Row {
        file: file.to_path_buf(),
        row,
        problem: format!("cannot be read as CSV: {e}"),
    }
}

mod header;
mod lines;
mod row;
mod store;

pub use header::{delimiter_name, Spec};
use header::{missing_column, read_header, sniff_delimiter, unknown_column_warnings, HeaderScore};

use lines::{JoinedFiles, LineCounter};
pub use row::{parse_count, parse_number, Column, ColumnRef, Row};
use store::{blank_bytes, ByteStore, Columns, Line, Store};
pub use store::{NameMap, Record};

#[cfg(test)]
mod tests;
