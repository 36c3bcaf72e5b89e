//! A strict table of text cells with one header row, required columns and
//! typed cell access; errors name file (and sheet), row, column and value.
//!
//! A table comes from a CSV file (any encoding [`super::decode`] detects) or
//! from a worksheet ([`super::excel`]); both give the same rows of text and
//! the same checks, so a value that is wrong in CSV is wrong in the same words
//! in Excel. Header cells may use the documented aliases
//! ([`super::aliases`]); rows are addressed by their canonical column names.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::aliases::{match_header, normalise_header, HeaderMatch};
use super::decode::{decode, Encoding};
use super::suggest::did_you_mean;
use crate::error::{quote, InputError, Warning};

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

/// What a table must hold: required and optional canonical columns and the
/// aliases accepted for them.
#[derive(Debug, Clone, Copy)]
pub struct Spec<'a> {
    pub required: &'a [&'a str],
    /// Further columns the loader reads when present (each at most once).
    pub optional: &'a [&'a str],
    pub aliases: &'a [(&'a str, &'a [&'a str])],
    /// Prefixes of further columns the loader reads (`calls_` for the
    /// `calls_<category>` columns); each such column at most once.
    pub prefixes: &'a [&'a str],
}

impl Spec<'_> {
    /// Whether the loader reads the (canonical) column `key`. Any other
    /// column is ignored, so it may appear several times (two `备注` notes
    /// columns); a column that is read may not, since one of its values
    /// would be silently dropped.
    pub fn reads(&self, key: &str) -> bool {
        self.required.contains(&key)
            || self.optional.contains(&key)
            || self.aliases.iter().any(|(c, _)| *c == key)
            || self.prefixes.iter().any(|p| key.starts_with(p))
    }

    /// The canonical columns this spec names, each once, in order.
    fn canonicals(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let all = self
            .required
            .iter()
            .chain(self.optional)
            .copied()
            .chain(self.aliases.iter().map(|(c, _)| *c));
        for c in all {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// A column's canonical name and its aliases.
    fn names_of<'s>(&'s self, column: &'s str) -> Vec<&'s str> {
        let mut names = vec![column];
        if let Some((_, aliases)) = self.aliases.iter().find(|(c, _)| *c == column) {
            names.extend(aliases.iter().copied());
        }
        names
    }

    /// The names (canonical and aliases) of the columns a header lacks.
    fn names_not_in(&self, columns: &HashMap<String, usize>) -> Vec<&str> {
        self.canonicals()
            .into_iter()
            .filter(|c| !columns.contains_key(*c))
            .flat_map(|c| self.names_of(c))
            .collect()
    }

    /// The canonical column of a name (an alias or the name itself).
    fn canonical_of<'s>(&'s self, name: &'s str) -> &'s str {
        self.aliases
            .iter()
            .find(|(_, names)| names.contains(&name))
            .map_or(name, |(c, _)| *c)
    }

    /// The key a header cell is looked up by: its canonical column, or the
    /// header itself (normalised) when it names none.
    fn key_of(&self, header: &str) -> String {
        let written = header.trim();
        if self.aliases.is_empty() {
            return written.to_string();
        }
        match match_header(written, self.aliases) {
            HeaderMatch::Column(c) | HeaderMatch::WrongUnit { column: c, .. } => c.to_string(),
            HeaderMatch::Unknown => normalise_header(written),
        }
    }
}

/// How well a row would serve as the header.
struct HeaderScore {
    /// It names every required column.
    names_all: bool,
    /// How many distinct columns the loader reads it names.
    known: usize,
}

impl HeaderScore {
    fn of(row: &[String], spec: &Spec) -> HeaderScore {
        let keys: std::collections::HashSet<String> = row
            .iter()
            .filter(|h| !h.trim().is_empty())
            .map(|h| spec.key_of(h))
            .collect();
        HeaderScore {
            names_all: spec.required.iter().all(|c| keys.contains(*c)),
            known: keys.iter().filter(|k| spec.reads(k)).count(),
        }
    }
}

/// The field separators a CSV file may use, in the order they are tried:
/// Excel writes commas, but a "Text (Tab delimited)" export uses tabs and
/// Excel in a European locale writes semicolons.
const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// A separator in words.
pub fn delimiter_name(d: char) -> &'static str {
    match d {
        '\t' => "tab",
        ';' => "semicolon",
        _ => "comma",
    }
}

/// The field separator of CSV text: the first of [`DELIMITERS`] whose
/// reading of the top rows gives a header naming every required column;
/// else the one whose best header names the most columns staffing reads
/// (a comma on a tie), so the error about the header lists real headers.
fn sniff_delimiter(text: &str, spec: &Spec) -> u8 {
    let mut best = (0, b',');
    for d in DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes());
        let mut known = 0;
        for record in reader
            .records()
            .map_while(Result::ok)
            .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
            .take(HEADER_SEARCH_ROWS)
        {
            let row: Vec<String> = record.iter().map(str::to_string).collect();
            let score = HeaderScore::of(&row, spec);
            if score.names_all {
                return d;
            }
            known = known.max(score.known);
        }
        if known > best.0 {
            best = (known, d);
        }
    }
    best.1
}

/// Where a table's text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A CSV file and the encoding it was decoded with.
    Csv(Encoding),
    /// A worksheet of a workbook.
    Sheet { sheet: String },
}

/// A parsed table with a validated header.
#[derive(Debug, Clone)]
pub struct Table {
    /// The name used in messages: the file, or `book.xlsx#sheet`.
    file: PathBuf,
    /// Canonical column name → index in each record.
    columns: HashMap<String, usize>,
    /// Header cells as written.
    headers: Vec<String>,
    records: Vec<(u64, Vec<String>)>,
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
            return Err(InputError::File {
                file: file.to_path_buf(),
                problem: "is an Excel workbook, not CSV text; give it the extension .xlsx (or .xls) in the scenario, or save it from Excel as \"CSV UTF-8\"".into(),
            });
        }
        let (text, encoding) = decode(file, bytes)?;
        let delimiter = sniff_delimiter(&text, spec);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        let mut lines = LineCounter::new(text.as_bytes());
        let mut cells = 0usize;
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(csv_error(file, e)),
            }
            // csv's own line count can lag by one; count from byte offsets.
            let line = lines.line_of(record.position().map_or(0, |p| p.byte() as usize));
            if record.iter().all(|f| f.trim().is_empty()) {
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
            rows.push((line, record.iter().map(str::to_string).collect()));
        }
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
        Table::build(file, rows, spec, first_column, origin, None)
    }

    /// [`Table::from_rows`], for CSV with the field separator it was read with.
    fn build(
        file: &Path,
        rows: Vec<(u64, Vec<String>)>,
        spec: &Spec,
        first_column: Option<u32>,
        origin: Origin,
        delimiter: Option<char>,
    ) -> Result<Table, InputError> {
        let expected = spec.required.join(", ");
        let blank = |r: &Vec<String>| r.iter().all(|f| f.trim().is_empty());
        let candidates: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, (_, r))| !blank(r))
            .take(HEADER_SEARCH_ROWS)
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return Err(InputError::Empty {
                file: file.to_path_buf(),
                expected,
            });
        }
        let scores: Vec<HeaderScore> = candidates
            .iter()
            .map(|&i| HeaderScore::of(&rows[i].1, spec))
            .collect();
        let pick = scores.iter().position(|s| s.names_all).unwrap_or_else(|| {
            // The most known columns; the first of equals.
            scores.iter().enumerate().fold(0, |best, (k, s)| {
                if s.known > scores[best].known {
                    k
                } else {
                    best
                }
            })
        });
        let below = rows.len() - candidates[pick] - 1;
        if below > MAX_ROWS {
            return Err(too_big(
                file,
                format!("it has {} rows below its header", thousands(below as u64)),
            ));
        }
        let mut rows = rows.into_iter().skip(candidates[pick]);
        let (header_row, header) = rows.next().expect("a candidate row");
        let where_col = |i: usize| match first_column {
            Some(c) => format!("column {}", column_letters(c + i as u32)),
            None => format!("column {}", i + 1),
        };
        let mut columns: HashMap<String, usize> = HashMap::new();
        // The key of each header cell (`None`: blank).
        let mut keys: Vec<Option<String>> = vec![None; header.len()];
        // Columns the loader does not read, seen more than once: ignored, as
        // every unread column is, but never looked up.
        let mut ignored_twice = std::collections::HashSet::new();
        for (i, name) in header.iter().enumerate() {
            let written = name.trim();
            if written.is_empty() {
                continue;
            }
            let key = if spec.aliases.is_empty() {
                written.to_string()
            } else {
                match match_header(written, spec.aliases) {
                    HeaderMatch::Column(c) => c.to_string(),
                    HeaderMatch::WrongUnit {
                        column,
                        unit,
                        expected,
                    } => {
                        return Err(InputError::File {
                            file: file.to_path_buf(),
                            problem: format!(
                                "the header `{}` ({}, row {header_row}) gives the unit `{}`, but staffing reads `{column}` in {expected}; convert the column's values and head it without that unit (for example `{column}`)",
                                quote(written),
                                where_col(i),
                                quote(&unit),
                            ),
                        })
                    }
                    HeaderMatch::Unknown => normalise_header(written),
                }
            };
            keys[i] = Some(key.clone());
            if ignored_twice.contains(&key) {
                continue;
            }
            if let Some(first) = columns.insert(key.clone(), i) {
                if !spec.reads(&key) {
                    columns.remove(&key);
                    ignored_twice.insert(key);
                    continue;
                }
                let w1 = header[first].trim();
                if w1 == written {
                    return Err(InputError::DuplicateColumn {
                        file: file.to_path_buf(),
                        column: written.to_string(),
                        first: first + 1,
                        second: i + 1,
                    });
                }
                return Err(InputError::File {
                    file: file.to_path_buf(),
                    problem: format!(
                        "the header names column `{}` twice: as `{}` ({}) and as `{}` ({}); keep one of them",
                        quote(&key),
                        quote(w1),
                        where_col(first),
                        quote(written),
                        where_col(i),
                    ),
                });
            }
        }
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
        if let Some(column) = missing.first() {
            let accepted = spec
                .aliases
                .iter()
                .find(|(c, _)| c == column)
                .map(|(_, names)| format!("; it may also be headed {}", names.join(", ")))
                .unwrap_or_default();
            let unmatched: Vec<String> = extras
                .iter()
                .filter_map(|&i| {
                    let written = header[i].trim();
                    let names = spec.names_of(column);
                    did_you_mean(&normalise_header(written), &names).map(|s| {
                        format!(
                            "; `{}` ({}) is not a name staffing knows: did you mean `{s}`?",
                            quote(written),
                            where_col(i)
                        )
                    })
                })
                .collect();
            let also = if missing.len() > 1 {
                format!("; it also lacks `{}`", missing[1..].join("`, `"))
            } else {
                String::new()
            };
            return Err(InputError::MissingColumn {
                file: file.to_path_buf(),
                column: column.to_string(),
                found: format!(
                    "the header is row {header_row}, which has: {}{accepted}{}{also}",
                    found_headers(&header),
                    unmatched.concat()
                ),
            });
        }
        let warnings = extras
            .iter()
            .filter_map(|&i| {
                let written = header[i].trim();
                let names = spec.names_not_in(&columns);
                let s = did_you_mean(&normalise_header(written), &names)?;
                let canon = spec.canonical_of(s);
                let meaning = if canon == s {
                    String::new()
                } else {
                    format!(" (= `{canon}`)")
                };
                Some(Warning {
                    kind: "unknown_column".into(),
                    file: file.display().to_string(),
                    row: Some(header_row),
                    column: Some(written.to_string()),
                    label: None,
                    value: None,
                    problem: format!(
                        "the column `{}` ({}) is not one staffing reads, so its values are not used; did you mean `{s}`{meaning}?",
                        quote(written),
                        where_col(i)
                    ),
                    station: None,
                    county: None,
                })
            })
            .collect();
        let width = header.len();
        let mut records = Vec::new();
        let mut problems = Vec::new();
        for (line, record) in rows {
            if blank(&record) {
                continue;
            }
            check_joined_files(file, line, &record, &header)?;
            if first_column.is_none() && record.len() != width {
                problems.push(InputError::Row {
                    file: file.to_path_buf(),
                    row: line,
                    problem: format!(
                        "has {} fields but the header has {width}; check for a stray or missing {}",
                        record.len(),
                        delimiter.map_or("separator", delimiter_name)
                    ),
                });
                continue;
            }
            records.push((line, record));
        }
        InputError::collect(problems)?;
        if records.is_empty() {
            return Err(InputError::File {
                file: file.to_path_buf(),
                problem: "has a header but no data rows".into(),
            });
        }
        let table = Table {
            file: file.to_path_buf(),
            columns,
            headers: header,
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
        let mut read: Vec<(&String, &usize)> = self.columns.iter().collect();
        read.sort_by_key(|(_, &i)| i);
        let mut problems = Vec::new();
        for (line, record) in &self.records {
            for (column, &i) in &read {
                if let Some(v) = record.get(i).filter(|v| v.contains('\u{FEFF}')) {
                    problems.push(InputError::cell(
                        &self.file,
                        *line,
                        &self.column_label(column, *line),
                        v,
                        "holds a byte-order mark (U+FEFF), an invisible character that marks the start of a file; delete it (retype the cell)",
                    ));
                }
            }
        }
        InputError::collect(problems)
    }

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

    pub fn len(&self) -> usize {
        self.records.len()
    }

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

    pub fn has_column(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |(line, record)| Row {
            table: self,
            line: *line,
            record,
        })
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
/// The header cells as a message lists them: each quoted, at most 30.
fn found_headers(header: &[String]) -> String {
    let named: Vec<String> = header
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .map(quote)
        .collect();
    if named.len() > 30 {
        format!(
            "{}, … ({} columns in all)",
            named[..30].join(", "),
            named.len()
        )
    } else {
        named.join(", ")
    }
}

/// Two files joined into one (`cat a.csv b.csv`, or a second export pasted
/// below the first) show as a data row that starts with a byte-order mark,
/// or that repeats the header. Either is refused, naming the row: reading on
/// would take the second header as a station, or keep the invisible mark in
/// a station id.
fn check_joined_files(
    file: &Path,
    line: u64,
    record: &[String],
    header: &[String],
) -> Result<(), InputError> {
    let starts_with_bom = record
        .iter()
        .find(|f| !f.trim().is_empty())
        .is_some_and(|f| f.trim_start().starts_with('\u{FEFF}'));
    let repeats_header = record.len() >= header.len()
        && record
            .iter()
            .zip(header)
            .all(|(a, b)| normalise_header(a) == normalise_header(b))
        && record[header.len()..].iter().all(|f| f.trim().is_empty());
    let (why, fix) = if starts_with_bom {
        (
            "starts with a byte-order mark (U+FEFF), the invisible mark that begins a file saved as \"CSV UTF-8\"",
            "retype the row's first cell to drop the mark, and delete the second file's header row if it is there",
        )
    } else if repeats_header {
        ("repeats the header row", "delete the second header row")
    } else {
        return Ok(());
    };
    Err(InputError::Row {
        file: file.to_path_buf(),
        row: line,
        problem: format!(
            "{why}: this looks like two files joined into one (for example with `cat a.csv b.csv`); {fix}, or keep the files apart"
        ),
    })
}

/// Spreadsheet row numbers of records: the line where a record's first
/// field starts, counting from 1 and skipping blank lines before it.
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// The line of the record starting at byte `start` (records come in order).
    fn line_of(&mut self, start: usize) -> u64 {
        let mut start = start.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.at {
            self.line += self.bytes[self.at..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.at = start;
        }
        self.line
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

/// One data row of a [`Table`].
pub struct Row<'a> {
    table: &'a Table,
    line: u64,
    record: &'a [String],
}

impl<'a> Row<'a> {
    /// The row number as a spreadsheet shows it (the header is row 1).
    pub fn row(&self) -> u64 {
        self.line
    }

    fn raw(&self, column: &str) -> Option<&'a str> {
        let i = *self.table.columns.get(column)?;
        self.record.get(i).map(|v| v.trim())
    }

    fn error(&self, column: &str, value: &str, problem: impl Into<String>) -> InputError {
        let label = self.table.column_label(column, self.line);
        InputError::cell(&self.table.file, self.line, &label, value, problem)
    }

    /// An error about `column` of this row, named as the user wrote it.
    pub fn cell_error(&self, column: &str, value: &str, problem: impl Into<String>) -> InputError {
        self.error(column, value, problem)
    }

    /// The cells of the columns the loader does not read
    /// ([`Table::extra_columns`]), trimmed; a cell beyond a short row is empty.
    pub fn extra_values(&self) -> Vec<String> {
        self.table
            .extras
            .iter()
            .map(|&i| self.record.get(i).map_or("", |v| v.trim()).to_string())
            .collect()
    }

    /// A required, non-empty text cell.
    pub fn text(&self, column: &str) -> Result<&'a str, InputError> {
        match self.raw(column) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(self.error(column, "", "is empty; this column is required")),
        }
    }

    /// A text cell that may be empty.
    pub fn text_or_empty(&self, column: &str) -> &'a str {
        self.raw(column).unwrap_or("")
    }

    /// A required finite number of 0 or more.
    pub fn number(&self, column: &str) -> Result<f64, InputError> {
        let v = self.text(column)?;
        parse_number(v).map_err(|p| self.error(column, v, p))
    }

    /// A required whole number of 0 or more.
    pub fn count(&self, column: &str) -> Result<i64, InputError> {
        let v = self.text(column)?;
        parse_count(v).map_err(|p| self.error(column, v, p))
    }

    /// A whole number of 0 or more, or `None` when the cell or column is absent.
    pub fn optional_count(&self, column: &str) -> Result<Option<i64>, InputError> {
        match self.raw(column) {
            None | Some("") => Ok(None),
            Some(v) => parse_count(v)
                .map(Some)
                .map_err(|p| self.error(column, v, p)),
        }
    }
}

impl Row<'_> {
    /// A finite number of 0 or more, or `None` when the cell or column is absent.
    pub fn optional_number(&self, column: &str) -> Result<Option<f64>, InputError> {
        match self.raw(column) {
            None | Some("") => Ok(None),
            Some(v) => parse_number(v)
                .map(Some)
                .map_err(|p| self.error(column, v, p)),
        }
    }

    /// A yes/no cell (`yes`/`no`, `true`/`false`, `1`/`0`, `是`/`否`); empty or
    /// absent is no.
    pub fn optional_flag(&self, column: &str) -> Result<bool, InputError> {
        match self.raw(column) {
            None | Some("") => Ok(false),
            Some(v) => match v.to_lowercase().as_str() {
                "yes" | "y" | "true" | "1" | "是" => Ok(true),
                "no" | "n" | "false" | "0" | "否" => Ok(false),
                _ => Err(self.error(column, v, "is not yes/no: write yes or no (是/否, 1/0)")),
            },
        }
    }
}

/// Parses a finite, non-negative number written with digits.
pub fn parse_number(v: &str) -> Result<f64, String> {
    let x: f64 = v.parse().map_err(|_| {
        if v.starts_with('#') {
            "is an Excel error value (a formula that failed): fix the formula or type the number"
                .to_string()
        } else if v.contains(',') || v.contains('，') {
            "is not a number: write it without thousands separators, for example 1200".to_string()
        } else if v.chars().any(|c| ('０'..='９').contains(&c)) {
            "is not a number: write it with ASCII digits (half-width), for example 1200".to_string()
        } else {
            "is not a number: write it with digits, for example 1200 or 35.5".to_string()
        }
    })?;
    if x.is_nan() {
        return Err("is not a number (NaN): write an ordinary number such as 1200".into());
    }
    if x.is_infinite() {
        return Err(
            "is not a finite number (infinite or too large): write an ordinary number such as 1200"
                .into(),
        );
    }
    if x < 0.0 {
        return Err("is negative: it must be 0 or more".into());
    }
    Ok(x)
}

/// Parses a whole number of 0 or more (`12` or `12.0`).
pub fn parse_count(v: &str) -> Result<i64, String> {
    if let Ok(n) = v.parse::<i64>() {
        return if n < 0 {
            Err("is negative: it must be a whole number of 0 or more".into())
        } else {
            Ok(n)
        };
    }
    let x = parse_number(v)?;
    if x.fract() != 0.0 || x > 1e12 {
        return Err("is not a whole number: it must be a count such as 12".into());
    }
    Ok(x as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: Spec = Spec {
        required: &["a", "b"],
        optional: &[],
        aliases: &[],
        prefixes: &[],
    };

    #[test]
    fn limits_are_written_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(20_000_000), "20,000,000");
    }

    #[test]
    fn a_title_line_above_the_header_is_skipped() {
        let text = "Staffing 2025,,\n\na,b\n1,2\n";
        let t = Table::from_csv_bytes(Path::new("t.csv"), text.as_bytes(), &SPEC).unwrap();
        let rows: Vec<(u64, f64)> = t
            .rows()
            .map(|r| (r.row(), r.number("b").unwrap()))
            .collect();
        assert_eq!(rows, [(4, 2.0)]);
        let e = Table::from_csv_bytes(Path::new("t.csv"), b"x,y\n1,2\n", &SPEC)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no column `a`"), "{e}");
    }
}
