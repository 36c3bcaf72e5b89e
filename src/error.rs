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
    /// An existing folder holds something staffing did not write there, or
    /// a file it wrote was changed since: nothing was written.
    #[error("{}", not_ours(dir, *marked, foreign, changed))]
    NotOurs {
        dir: PathBuf,
        /// Whether the folder has a valid output marker.
        marked: bool,
        /// Entries staffing did not write (folders end in `/`).
        foreign: Vec<String>,
        /// Files staffing wrote whose content changed since.
        changed: Vec<String>,
    },
    /// The folder's marker comes from a version that did not list its files.
    #[error("`{}` was written by an older version of staffing, whose marker `.staffing-output` does not list the files it wrote, so staffing cannot tell them from yours. Nothing was written. Check the folder and move it away (or delete it yourself), or choose another output folder", dir.display())]
    OldMarker { dir: PathBuf },
    /// The folder's marker comes from a newer version of staffing.
    #[error("`{}` was written by a newer version of staffing (output marker version {version}); nothing was written. Use that version, or choose another output folder", dir.display())]
    NewerMarker { dir: PathBuf, version: u64 },
    /// An input of the run lies inside the folder that would be replaced.
    #[error("`{}` holds `{}`, an input of this run; staffing never replaces a folder that holds its own inputs. Nothing was written. Choose another output folder", dir.display(), input.display())]
    HoldsInput { dir: PathBuf, input: PathBuf },
    /// A data folder (`staffing generate`) goes only into a new or empty folder.
    #[error("`{}` is not empty (it holds {}); a data folder is written only into a new or empty folder, so existing data is never replaced. Nothing was written. Choose a new folder, or move those files away", dir.display(), list_names(entries))]
    NotEmpty { dir: PathBuf, entries: Vec<String> },
}

/// At most this many names are shown in one message.
const SHOWN_NAMES: usize = 10;

/// `a, b, c` (and how many more), control characters escaped.
pub fn list_names(names: &[String]) -> String {
    let mut shown: Vec<String> = names
        .iter()
        .take(SHOWN_NAMES)
        .map(|n| {
            let clean: String = n
                .chars()
                .map(|c| {
                    if c.is_control() {
                        c.escape_default().to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            format!("`{clean}`")
        })
        .collect();
    if names.len() > SHOWN_NAMES {
        shown.push(format!("and {} more", names.len() - SHOWN_NAMES));
    }
    shown.join(", ")
}

fn not_ours(dir: &std::path::Path, marked: bool, foreign: &[String], changed: &[String]) -> String {
    let mut parts = Vec::new();
    if !foreign.is_empty() {
        if marked {
            parts.push(format!(
                "holds files staffing did not write: {}",
                list_names(foreign)
            ));
        } else {
            parts.push(format!(
                "is not a folder staffing wrote (it has no valid `.staffing-output` marker) and holds {}",
                list_names(foreign)
            ));
        }
    }
    if !changed.is_empty() {
        parts.push(format!(
            "holds files staffing wrote that were changed since: {}",
            list_names(changed)
        ));
    }
    format!(
        "`{}` {}. staffing replaces a folder only when it holds nothing but the files staffing wrote there, unchanged. Nothing was written. Move those files out of the folder, or choose another output folder",
        dir.display(),
        parts.join("; and it ")
    )
}
