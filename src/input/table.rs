//! A strict CSV table: one header row, required columns, typed cell access
//! with errors that name file, row, column and value.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::InputError;

/// A parsed CSV file with a validated header.
#[derive(Debug, Clone)]
pub struct Table {
    file: PathBuf,
    columns: HashMap<String, usize>,
    records: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    /// Reads a UTF-8 CSV file (a leading BOM is allowed). `required` columns
    /// must appear exactly once; `optional` ones at most once.
    pub fn read(file: &Path, required: &[&str], optional: &[&str]) -> Result<Table, InputError> {
        let bytes = std::fs::read(file).map_err(|source| InputError::Io {
            file: file.to_path_buf(),
            source,
        })?;
        Table::from_bytes(file, &bytes, required, optional)
    }

    /// Parses CSV bytes; `file` is used for messages.
    pub fn from_bytes(
        file: &Path,
        bytes: &[u8],
        required: &[&str],
        optional: &[&str],
    ) -> Result<Table, InputError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Err(e) = std::str::from_utf8(bytes) {
            let offset = e.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(InputError::Row {
                file: file.to_path_buf(),
                row: line as u64,
                problem: format!(
                    "the bytes at offset {offset} are not UTF-8 text; save the file as CSV UTF-8"
                ),
            });
        }
        let expected = required.join(", ");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut rows = reader.records();
        let header = match rows.next() {
            None => {
                return Err(InputError::Empty {
                    file: file.to_path_buf(),
                    expected,
                })
            }
            Some(r) => r.map_err(|e| csv_error(file, e))?,
        };
        let mut columns = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            if let Some(first) = columns.insert(name.to_string(), i) {
                return Err(InputError::DuplicateColumn {
                    file: file.to_path_buf(),
                    column: name.to_string(),
                    first: first + 1,
                    second: i + 1,
                });
            }
        }
        for column in required {
            if !columns.contains_key(*column) {
                return Err(InputError::MissingColumn {
                    file: file.to_path_buf(),
                    column: column.to_string(),
                    found: header.iter().map(str::trim).collect::<Vec<_>>().join(", "),
                });
            }
        }
        let _ = optional;
        let width = header.len();
        let mut records = Vec::new();
        let mut lines = LineCounter::new(bytes);
        for r in rows {
            let record = r.map_err(|e| csv_error(file, e))?;
            let line = lines.line_of(record.position().map_or(0, |p| p.byte() as usize));
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if record.len() != width {
                return Err(InputError::Row {
                    file: file.to_path_buf(),
                    row: line,
                    problem: format!(
                        "has {} fields but the header has {width}; check for a stray or missing comma",
                        record.len()
                    ),
                });
            }
            records.push((line, record));
        }
        if records.is_empty() {
            return Err(InputError::File {
                file: file.to_path_buf(),
                problem: "has a header but no data rows".into(),
            });
        }
        Ok(Table {
            file: file.to_path_buf(),
            columns,
            records,
        })
    }

    pub fn file(&self) -> &Path {
        &self.file
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
    record: &'a csv::StringRecord,
}

impl<'a> Row<'a> {
    /// The row number as a spreadsheet shows it (the header is row 1).
    pub fn row(&self) -> u64 {
        self.line
    }

    fn raw(&self, column: &str) -> Option<&'a str> {
        let i = *self.table.columns.get(column)?;
        self.record.get(i).map(str::trim)
    }

    fn error(&self, column: &str, value: &str, problem: impl Into<String>) -> InputError {
        InputError::cell(&self.table.file, self.line, column, value, problem)
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
        if v.contains(',') {
            "is not a number: write it without thousands separators, for example 1200".to_string()
        } else {
            "is not a number: write it with digits, for example 1200 or 35.5".to_string()
        }
    })?;
    if !x.is_finite() {
        return Err("is not a finite number: write an ordinary number such as 1200".into());
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

    #[test]
    fn rows_are_numbered_as_in_a_spreadsheet() {
        let t = Table::from_bytes(
            Path::new("t.csv"),
            b"a,b\n1,2\n\n\"x\ny\",3\n4,5\n",
            &["a"],
            &[],
        )
        .unwrap();
        let rows: Vec<u64> = t.rows().map(|r| r.row()).collect();
        assert_eq!(rows, vec![2, 4, 6]);
        let t = Table::from_bytes(Path::new("t.csv"), b"a,b\n1,2\n3,4\n", &["a"], &[]).unwrap();
        let rows: Vec<u64> = t.rows().map(|r| r.row()).collect();
        assert_eq!(rows, vec![2, 3]);
    }
}
