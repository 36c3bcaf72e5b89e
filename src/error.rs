//! Typed errors of the library. The binary adds context with `anyhow`.

use std::path::PathBuf;

/// Input that cannot be used: every variant names the file and, where there is
/// one, the row, column and value, and says what would be valid.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{}: cannot read the file: {source}", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the file is empty; expected a header row with the columns {expected}", file.display())]
    Empty { file: PathBuf, expected: String },
    #[error("{}: the header has no column `{column}` (it has: {found})", file.display())]
    MissingColumn {
        file: PathBuf,
        column: String,
        found: String,
    },
    #[error("{}: the header names column `{column}` twice (columns {first} and {second})", file.display())]
    DuplicateColumn {
        file: PathBuf,
        column: String,
        first: usize,
        second: usize,
    },
    #[error("{}, row {row}, column `{column}`: value `{value}` {problem}", file.display())]
    Cell {
        file: PathBuf,
        row: u64,
        column: String,
        value: String,
        problem: String,
    },
    #[error("{}, row {row}: {problem}", file.display())]
    Row {
        file: PathBuf,
        row: u64,
        problem: String,
    },
    #[error("{}: {problem}", file.display())]
    File { file: PathBuf, problem: String },
    #[error("{}: {message}", file.display())]
    Scenario { file: PathBuf, message: String },
}

impl InputError {
    /// A bad cell, with the value shown as written.
    pub fn cell(
        file: &std::path::Path,
        row: u64,
        column: &str,
        value: &str,
        problem: impl Into<String>,
    ) -> Self {
        InputError::Cell {
            file: file.to_path_buf(),
            row,
            column: column.to_string(),
            value: value.to_string(),
            problem: problem.into(),
        }
    }
}

/// A problem while writing outputs.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{}: cannot write: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Unsafe(String),
    #[error(transparent)]
    Chart(#[from] crate::report::ChartError),
}
