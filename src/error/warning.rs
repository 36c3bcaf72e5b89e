//! A data warning: a value that is valid but looks wrong against its
//! peers, or a header the loader does not read that is close to one it
//! does.

use std::path::PathBuf;

use super::{quote, tidy, InputError};

/// A value that is valid but looks wrong against its peers, or a header the
/// loader does not read that is close to one it does. The run goes on (a
/// warning never stops it, except under `--strict`, where each becomes an
/// error); `check` and `solve` print them, `summary.json` lists them and
/// `report.html` counts them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Warning {
    /// `implausible_value` or `unknown_column`.
    pub kind: String,
    /// The file (and sheet) as messages name it.
    pub file: String,
    /// The row as a spreadsheet shows it (the header is row 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// The column's header as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// How messages name the column: the header as written, the contract's
    /// name when an alias was used, and a worksheet's cell (`人口` =
    /// `population` in cell `E3`); `None` means [`Warning::column`].
    #[serde(skip)]
    pub label: Option<String>,
    /// The cell's value as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What looks wrong and what is typical, in words.
    pub problem: String,
    /// [`Warning::problem`] in Chinese, when the finding has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem_zh: Option<String>,
    /// The station whose row holds the cell (its id), for a value of the
    /// stations table: the plan's tables flag it (`data_warning`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
    /// The county whose row holds the cell (its id), for a value of the
    /// counties table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
}

impl Warning {
    /// The same finding as an error (for `--strict`): a cell, a row or a
    /// file error, as much as the warning names.
    pub fn to_error(&self) -> InputError {
        let file = PathBuf::from(&self.file);
        match (
            self.row,
            self.label.as_ref().or(self.column.as_ref()),
            &self.value,
        ) {
            (Some(row), Some(column), Some(value)) => {
                InputError::cell(&file, row, column, value, self.problem.clone())
            }
            (Some(row), _, _) => InputError::Row {
                file,
                row,
                problem: self.problem.clone(),
            },
            _ => InputError::File {
                file,
                problem: self.problem.clone(),
            },
        }
    }
}

impl Warning {
    /// The warning in `lang`: in Chinese when the finding has a Chinese
    /// text, else as [`Display`](std::fmt::Display) writes it.
    pub fn text(&self, zh: bool) -> String {
        let (true, Some(problem)) = (zh, &self.problem_zh) else {
            return self.to_string();
        };
        let mut out = tidy(&self.file);
        if let Some(row) = self.row {
            out.push_str(&format!("，第 {row} 行"));
        }
        if let Some(column) = self.label.as_ref().or(self.column.as_ref()) {
            out.push_str(&format!("，`{}` 列", tidy(column)));
        }
        out.push('：');
        if let Some(value) = &self.value {
            out.push_str(&format!("值 `{}` ", quote(value)));
        }
        out.push_str(&tidy(problem));
        out
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.to_error(), f)
    }
}
