//! Errors of writing outputs: a folder staffing did not write, a file that
//! cannot be written, a chart that cannot be drawn; and the list of file
//! names a refusal shows.

use std::path::PathBuf;

use super::{exit, io_reason, name, tidy};

/// A chart that could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot draw a chart: {0}")]
pub struct ChartError(pub String);

/// A problem while writing outputs.
#[derive(Debug)]
pub enum OutputError {
    /// A file system call failed. The OS reason is part of the message and
    /// deliberately not a [`std::error::Error::source`] (see the module docs).
    Io {
        /// The file or folder that could not be written.
        path: PathBuf,
        /// The OS error; its reason is written into the message by [`io_reason`].
        source: std::io::Error,
    },
    /// An output could not be built (`plan.xlsx`, a report page), with the
    /// reason in words; shown tidied.
    Unsafe(String),
    /// A chart could not be drawn; shown as the chart error says it.
    Chart(ChartError),
    /// An existing folder holds something staffing did not write there, or
    /// a file it wrote was changed since: nothing was written.
    NotOurs {
        /// The output folder that was refused.
        dir: PathBuf,
        /// Whether the folder has a valid output marker.
        marked: bool,
        /// Entries staffing did not write (folders end in `/`).
        foreign: Vec<String>,
        /// Files staffing wrote whose content changed since.
        changed: Vec<String>,
    },
    /// The folder's marker comes from a version that did not list its files.
    OldMarker {
        /// The output folder whose marker is too old.
        dir: PathBuf,
    },
    /// The folder's marker comes from a newer version of staffing.
    NewerMarker {
        /// The output folder whose marker is too new.
        dir: PathBuf,
        /// The marker's format version (`.staffing-output`), higher than this build reads.
        version: u64,
    },
    /// An input of the run lies inside the folder that would be replaced.
    HoldsInput {
        /// The output folder that would be replaced.
        dir: PathBuf,
        /// The input file found inside it.
        input: PathBuf,
    },
    /// A data folder (`staffing generate`) goes only into a new or empty folder.
    NotEmpty {
        /// The folder asked for, which already exists and holds entries.
        dir: PathBuf,
        /// The entries found in it, as the refusal lists them (folders end in `/`).
        entries: Vec<String>,
    },
    /// Another run is writing into the same output folder (it holds the
    /// folder's lock, [`crate::output::lock`]).
    Busy {
        /// The output folder whose lock is held.
        dir: PathBuf,
        /// The process id of the run that holds the lock, when known.
        holder: Option<u32>,
    },
    /// A run folder's manifest is there but cannot be trusted: not a
    /// regular file, too large, not a manifest of this kind, or listing a
    /// name outside the folder.
    Damaged {
        /// The manifest file that cannot be trusted.
        path: PathBuf,
        /// The kind of run folder: `sweep`, `roadmap`.
        kind: &'static str,
        /// What is wrong with it, in words.
        problem: String,
    },
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Io { path, source } => {
                write!(f, "{}: cannot write: {}", name(path), io_reason(source))
            }
            OutputError::Unsafe(message) => f.write_str(&tidy(message)),
            // Transparent: the chart error says it all.
            OutputError::Chart(e) => std::fmt::Display::fmt(e, f),
            OutputError::NotOurs {
                dir,
                marked,
                foreign,
                changed,
            } => f.write_str(&not_ours(dir, *marked, foreign, changed)),
            OutputError::OldMarker { dir } => write!(
                f,
                "`{}` was written by an older version of staffing, whose marker `.staffing-output` does not list the files it wrote, so staffing cannot tell them from yours. Nothing was written. Check the folder and move it away (or delete it yourself), or choose another output folder",
                dir.display()
            ),
            OutputError::NewerMarker { dir, version } => write!(
                f,
                "`{}` was written by a newer version of staffing (output marker version {version}); nothing was written. Use that version, or choose another output folder",
                dir.display()
            ),
            OutputError::HoldsInput { dir, input } => write!(
                f,
                "`{}` holds `{}`, an input of this run; staffing never replaces a folder that holds its own inputs. Nothing was written. Choose another output folder",
                dir.display(),
                input.display()
            ),
            OutputError::NotEmpty { dir, entries } => write!(
                f,
                "`{}` is not empty (it holds {}); a data folder is written only into a new or empty folder, so existing data is never replaced. Nothing was written. Choose a new folder, or move those files away",
                dir.display(),
                list_names(entries)
            ),
            OutputError::Busy { dir, holder } => write!(
                f,
                "`{}` is being written by another staffing run{}; one run at a time writes into a folder. Nothing was written. Wait for that run to finish, or choose another output folder",
                dir.display(),
                holder.map(|p| format!(" (process {p})")).unwrap_or_default()
            ),
            OutputError::Damaged { path, kind, problem } => write!(
                f,
                "`{}` is damaged: {}; it cannot be trusted as the manifest of a staffing {kind}, so nothing in its folder was written or removed. Move the folder away, or choose another output folder",
                path.display(),
                tidy(problem)
            ),
        }
    }
}

impl OutputError {
    /// The exit code this error ends a command with: [`exit::CANNOT_WRITE`]
    /// when the system refused a write, [`exit::INTERNAL`] when a chart
    /// could not be drawn, and [`exit::BAD_INPUT`] when staffing refused the
    /// output folder itself (it holds files staffing did not write, or an
    /// input).
    pub fn exit_code(&self) -> u8 {
        match self {
            OutputError::Io { .. } => exit::CANNOT_WRITE,
            OutputError::Chart(_) => exit::INTERNAL,
            _ => exit::BAD_INPUT,
        }
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Chart(e) => e.source(),
            _ => None,
        }
    }
}

impl From<ChartError> for OutputError {
    fn from(e: ChartError) -> Self {
        OutputError::Chart(e)
    }
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
