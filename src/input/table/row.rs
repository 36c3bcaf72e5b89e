//! One data row of a table and its cells read as text, numbers, counts and
//! flags; every refusal names the file, row, column and value.

use super::{Record, Table};
use crate::error::InputError;

/// One data row of a [`Table`].
pub struct Row<'a> {
    pub(super) table: &'a Table,
    pub(super) line: u64,
    pub(super) record: Record<'a>,
}

/// A column of a table, found in its header once: rows read through it
/// skip looking the name up for every cell ([`Table::column`]).
#[derive(Debug, Clone, Copy)]
pub struct Column<'s> {
    name: &'s str,
    index: Option<usize>,
}

impl<'s> Column<'s> {
    /// The column's canonical name.
    pub fn name(&self) -> &'s str {
        self.name
    }
}

impl Table {
    /// The (canonical) column `name`, found in the header.
    pub fn column<'s>(&self, name: &'s str) -> Column<'s> {
        Column {
            name,
            index: self.columns.get(name).copied(),
        }
    }
}

/// A column a row's cell is read from: a canonical name, found in the
/// header at each read, or a [`Column`] found once.
pub trait ColumnRef {
    /// The canonical name.
    fn name(&self) -> &str;
    /// The index of the column's cells in `table`'s rows.
    fn index_in(&self, table: &Table) -> Option<usize>;
}

impl ColumnRef for str {
    fn name(&self) -> &str {
        self
    }

    fn index_in(&self, table: &Table) -> Option<usize> {
        table.columns.get(self).copied()
    }
}

impl ColumnRef for String {
    fn name(&self) -> &str {
        self
    }

    fn index_in(&self, table: &Table) -> Option<usize> {
        table.columns.get(self).copied()
    }
}

impl ColumnRef for Column<'_> {
    fn name(&self) -> &str {
        self.name
    }

    fn index_in(&self, _: &Table) -> Option<usize> {
        self.index
    }
}

impl<T: ColumnRef + ?Sized> ColumnRef for &T {
    fn name(&self) -> &str {
        (**self).name()
    }

    fn index_in(&self, table: &Table) -> Option<usize> {
        (**self).index_in(table)
    }
}

impl<'a> Row<'a> {
    /// The row number as a spreadsheet shows it (the header is row 1).
    pub fn row(&self) -> u64 {
        self.line
    }

    fn raw(&self, column: &(impl ColumnRef + ?Sized)) -> Option<&'a str> {
        let i = column.index_in(self.table)?;
        self.record.get(i).map(|v| v.trim())
    }

    fn error(
        &self,
        column: &(impl ColumnRef + ?Sized),
        value: &str,
        problem: impl Into<String>,
    ) -> InputError {
        let label = self.table.column_label(column.name(), self.line);
        InputError::cell(&self.table.file, self.line, &label, value, problem)
    }

    /// An error about `column` of this row, named as the user wrote it.
    pub fn cell_error(
        &self,
        column: &(impl ColumnRef + ?Sized),
        value: &str,
        problem: impl Into<String>,
    ) -> InputError {
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
    pub fn text(&self, column: &(impl ColumnRef + ?Sized)) -> Result<&'a str, InputError> {
        match self.raw(column) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(self.error(column, "", "is empty; this column is required")),
        }
    }

    /// A text cell that may be empty.
    pub fn text_or_empty(&self, column: &(impl ColumnRef + ?Sized)) -> &'a str {
        self.raw(column).unwrap_or("")
    }

    /// A required finite number of 0 or more.
    pub fn number(&self, column: &(impl ColumnRef + ?Sized)) -> Result<f64, InputError> {
        let v = self.text(column)?;
        parse_number(v).map_err(|p| self.error(column, v, p))
    }

    /// A required whole number of 0 or more.
    pub fn count(&self, column: &(impl ColumnRef + ?Sized)) -> Result<i64, InputError> {
        let v = self.text(column)?;
        parse_count(v).map_err(|p| self.error(column, v, p))
    }

    /// A whole number of 0 or more, or `None` when the cell or column is absent.
    pub fn optional_count(
        &self,
        column: &(impl ColumnRef + ?Sized),
    ) -> Result<Option<i64>, InputError> {
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
    pub fn optional_number(
        &self,
        column: &(impl ColumnRef + ?Sized),
    ) -> Result<Option<f64>, InputError> {
        match self.raw(column) {
            None | Some("") => Ok(None),
            Some(v) => parse_number(v)
                .map(Some)
                .map_err(|p| self.error(column, v, p)),
        }
    }

    /// A yes/no cell (`yes`/`no`, `true`/`false`, `1`/`0`, `是`/`否`); empty or
    /// absent is no.
    pub fn optional_flag(&self, column: &(impl ColumnRef + ?Sized)) -> Result<bool, InputError> {
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
    if x.fract() == 0.0 && x > 1e12 {
        // Digits alone beyond i64 (18446744073709551615), or 1e300.
        return Err(
            "is too large: it must be a count such as 12 (no count here reaches 1,000,000,000,000)"
                .into(),
        );
    }
    if x.fract() != 0.0 {
        return Err("is not a whole number: it must be a count such as 12".into());
    }
    Ok(x as i64)
}
