//! Typed errors of the library. The binary adds context with `anyhow`.
//!
//! Every message may echo what a user's file holds, and a hostile or broken
//! file can hold anything: a 20 MB line, the process environment, control
//! characters that rewrite the terminal. So a value is shown through
//! [`quote`] (control and invisible characters escaped, at most
//! [`QUOTE_CHARS`] characters), and every message as a whole through
//! [`tidy`] (the same escaping, each line at most [`LINE_CHARS`]
//! characters), whoever built it.
//!
//! An I/O failure is said once: the OS reason is part of the message and is
//! not also returned as [`std::error::Error::source`], so neither `{}` nor
//! anyhow's `{:#}` chain prints it twice.

use std::fmt::Write as _;
use std::path::PathBuf;

/// At most this many characters of a value are quoted in a message.
pub const QUOTE_CHARS: usize = 80;

/// At most this many characters of one line of a message are shown.
pub const LINE_CHARS: usize = 400;

/// Characters shown escaped: control characters (C0, DEL, C1) and the
/// invisible ones that change how text reads (byte-order mark, zero-width
/// and direction marks, line and paragraph separators).
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{FEFF}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\0' => out.push_str("\\0"),
        c if is_hidden(c) => {
            let _ = write!(out, "\\u{{{:X}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// A value as a message shows it: control and invisible characters escaped
/// (`\t`, `\0`, `\u{FEFF}`), and cut after [`QUOTE_CHARS`] characters with
/// `…` and the full length.
pub fn quote(value: &str) -> String {
    let mut out = String::new();
    for (shown, c) in value.chars().enumerate() {
        if shown == QUOTE_CHARS {
            let total = value.chars().count();
            let _ = write!(out, "… ({total} characters in all)");
            return out;
        }
        push_escaped(&mut out, c);
    }
    out
}

/// A whole message made safe to print: line breaks kept, other control and
/// invisible characters escaped, each line cut after [`LINE_CHARS`]
/// characters. Messages are tidied where they are displayed, so no path can
/// print a file's content unbounded.
pub fn tidy(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4 * LINE_CHARS));
    for (i, line) in message.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (shown, c) in line.chars().enumerate() {
            if shown == LINE_CHARS {
                out.push('…');
                break;
            }
            push_escaped(&mut out, c);
        }
    }
    out
}

/// Text for the terminal: line breaks kept, every other control and
/// invisible character escaped as [`quote`] shows it (ESC as `\u{1B}`, BEL,
/// CR, direction marks such as U+202E), nothing cut. Whatever a command
/// prints goes through here (or [`json_safe`]), so a station or county name
/// holding an escape sequence is shown as text and cannot drive the
/// terminal: clear the screen, set the window title, or reverse a line.
pub fn escape_hidden(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for c in line.chars() {
            push_escaped(&mut out, c);
        }
    }
    out
}

/// A JSON text for the terminal: every control and invisible character
/// other than a line break written as a JSON escape (`\u001b`, `\u202e`),
/// so the value is the same for a JSON reader and inert on a terminal.
/// (serde_json escapes C0 controls inside strings, but writes DEL, C1
/// controls and direction marks as they are; the JSON it writes has no
/// such character outside strings.)
pub fn json_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c != '\n' && is_hidden(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// How many characters of a source line an excerpt shows on each side of
/// the error.
const EXCERPT_SIDE: usize = 40;

/// A parse error in the style of the `toml` crate (line and column, the
/// source line, a caret under the error, the message), but with the line cut
/// to a window around the error and hidden characters escaped, so a 20 MB
/// one-line file gives a few lines of message. `span` is a byte range of
/// `text`.
pub fn source_excerpt(
    what: &str,
    text: &str,
    span: std::ops::Range<usize>,
    message: &str,
) -> String {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_no = text[..start].matches('\n').count() + 1;
    let before: Vec<char> = text[line_start..start].chars().collect();
    let column = before.len() + 1;
    let skip = before.len().saturating_sub(EXCERPT_SIDE);
    let mut shown = String::new();
    if skip > 0 {
        shown.push('…');
    }
    for &c in &before[skip..] {
        push_escaped(&mut shown, c);
    }
    let caret_at = shown.chars().count();
    let mut after = text[start..line_end].chars();
    let mut width = 0;
    let span_chars = text
        .get(start..span.end.clamp(start, line_end))
        .map_or(1, |s| s.chars().count().max(1));
    for c in after.by_ref().take(EXCERPT_SIDE) {
        let before = shown.chars().count();
        push_escaped(&mut shown, c);
        if width < span_chars.min(EXCERPT_SIDE) {
            width += shown.chars().count() - before;
        }
    }
    if after.next().is_some() {
        shown.push('…');
    }
    let gutter = " ".repeat(line_no.to_string().len());
    format!(
        "{what} at line {line_no}, column {column}\n{gutter} |\n{line_no} | {shown}\n{gutter} | {}{}\n{message}",
        " ".repeat(caret_at),
        "^".repeat(width.max(1))
    )
}

/// A file name as messages show it (tidied: a path can hold control
/// characters too).
fn name(file: &std::path::Path) -> String {
    tidy(&file.display().to_string())
}

/// What went wrong with a file system call, in words, with the OS's own text.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let what = match e.kind() {
        ErrorKind::NotFound => "it does not exist",
        ErrorKind::PermissionDenied => "permission denied",
        ErrorKind::IsADirectory => "it is a folder, not a file",
        ErrorKind::NotADirectory => "a part of the path is not a folder",
        ErrorKind::StorageFull => "the disk is full",
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only",
        _ => return e.to_string(),
    };
    // Only an OS error has its own text worth adding ("... (os error 2)").
    match e.raw_os_error() {
        Some(_) => format!("{what} ({e})"),
        None => what.to_string(),
    }
}

pub mod exit;

/// Input that cannot be used: every variant names the file and, where there is
/// one, the row, column and value, and says what would be valid.
#[derive(Debug)]
pub enum InputError {
    /// A file cannot be read; the OS reason is in the message, not a [`std::error::Error::source`].
    Io {
        /// The file that could not be read.
        file: PathBuf,
        /// The OS error; its reason is written into the message by [`io_reason`].
        source: std::io::Error,
    },
    /// The file has no row that is not blank, so not even a header row.
    Empty {
        /// The empty file.
        file: PathBuf,
        /// The columns a header row should have, in words (listed in the message).
        expected: String,
    },
    /// The header lacks a required column.
    MissingColumn {
        /// The file whose header lacks the column.
        file: PathBuf,
        /// The column's name as the data contract spells it.
        column: String,
        /// Which row was taken for the header and what would match (tidied when shown).
        found: String,
    },
    /// The header names one column twice.
    DuplicateColumn {
        /// The file whose header repeats the column.
        file: PathBuf,
        /// The header as written (quoted when shown).
        column: String,
        /// The first column holding it, counted from 1 as a spreadsheet does.
        first: usize,
        /// The second column holding it, counted from 1.
        second: usize,
    },
    /// One cell holds a value that cannot be used.
    Cell {
        /// The file (and sheet) holding the cell.
        file: PathBuf,
        /// The row as a spreadsheet shows it (the header is row 1).
        row: u64,
        /// The column's header as messages name it.
        column: String,
        /// The cell's value as written (quoted when shown, so at most [`QUOTE_CHARS`] characters).
        value: String,
        /// What is wrong with the value and what would be valid, in words.
        problem: String,
    },
    /// A whole row cannot be used: the problem is not of one cell alone.
    Row {
        /// The file (and sheet) holding the row.
        file: PathBuf,
        /// The row as a spreadsheet shows it (the header is row 1).
        row: u64,
        /// What is wrong with the row, in words.
        problem: String,
    },
    /// A problem of the file as a whole, not of one row.
    File {
        /// The file.
        file: PathBuf,
        /// What is wrong, in words.
        problem: String,
    },
    /// A scenario (TOML file or `--set` override) that cannot be parsed or holds an invalid value.
    Scenario {
        /// The scenario file.
        file: PathBuf,
        /// What is wrong: the key, the value and what is valid (may hold a [`source_excerpt`]).
        message: String,
    },
    /// A row (`row`: as a spreadsheet shows it) or a whole table (`None`)
    /// that cannot be used, as values, worded by the caller in the data's
    /// language.
    Data {
        /// The file (and sheet).
        file: PathBuf,
        /// The row, or `None` for the file as a whole.
        row: Option<u64>,
        /// What is wrong.
        problem: DataProblem,
    },
    /// A scenario key or value that cannot be used, as values (the key, the
    /// value, what is valid), worded by the caller in the data's language.
    Key {
        /// The scenario file.
        file: PathBuf,
        /// What is wrong (boxed: an error stays small to return).
        problem: Box<KeyProblem>,
        /// The `--set` argument that gave the value, when one did.
        set: Option<Box<FromSet>>,
    },
    /// Several problems found in one pass over the data, in file and row
    /// order: at most [`MAX_REPORTED`] are kept, and `more` counts the rest.
    /// Built by [`InputError::collect`], which never wraps a single error.
    Many {
        /// The problems kept, at most [`MAX_REPORTED`], none of them itself a `Many`.
        errors: Vec<InputError>,
        /// How many more problems were found but not listed.
        more: usize,
    },
}

/// At most this many problems are listed in one [`InputError::Many`].
pub const MAX_REPORTED: usize = 50;

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Io { file, source } => {
                write!(
                    f,
                    "{}: cannot read the file: {}",
                    name(file),
                    io_reason(source)
                )
            }
            InputError::Empty { file, expected } => write!(
                f,
                "{}: the file is empty; expected a header row with the columns {expected}",
                name(file)
            ),
            InputError::MissingColumn {
                file,
                column,
                found,
            } => write!(
                f,
                "{}: the header has no column `{column}` ({})",
                name(file),
                tidy(found)
            ),
            InputError::DuplicateColumn {
                file,
                column,
                first,
                second,
            } => write!(
                f,
                "{}: the header names column `{}` twice (columns {first} and {second})",
                name(file),
                quote(column)
            ),
            InputError::Cell {
                file,
                row,
                column,
                value,
                problem,
            } => write!(
                f,
                "{}, row {row}, column `{}`: value `{}` {}",
                name(file),
                tidy(column),
                quote(value),
                tidy(problem)
            ),
            InputError::Row { file, row, problem } => {
                write!(f, "{}, row {row}: {}", name(file), tidy(problem))
            }
            InputError::File { file, problem } => write!(f, "{}: {}", name(file), tidy(problem)),
            InputError::Scenario { file, message } => {
                write!(f, "{}: {}", name(file), tidy(message))
            }
            InputError::Data {
                file,
                row: Some(row),
                problem,
            } => write!(
                f,
                "{}, row {row}: {}",
                name(file),
                tidy(&problem.to_string())
            ),
            InputError::Data {
                file,
                row: None,
                problem,
            } => write!(f, "{}: {}", name(file), tidy(&problem.to_string())),
            InputError::Key { file, problem, set } => {
                let text = match set {
                    None => problem.to_string(),
                    Some(s) if s.reading => format!("--set {}={}: {problem}", s.key, s.value),
                    Some(s) => format!(
                        "{problem} (the value comes from --set {}={})",
                        s.key, s.value
                    ),
                };
                write!(f, "{}: {}", name(file), tidy(&text))
            }
            InputError::Many { errors, more } => {
                let total = errors.len() + more;
                write!(f, "{total} problems in the data")?;
                if *more > 0 {
                    write!(f, " (the first {} are listed)", errors.len())?;
                }
                f.write_str(":")?;
                for e in errors {
                    write!(f, "\n  - {e}")?;
                }
                if *more > 0 {
                    write!(
                        f,
                        "\n  … and {more} more; fix these and run again to see the rest"
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// No variant has a `source`: an I/O error's reason is in the message.
impl std::error::Error for InputError {}

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

    /// One error for a list of problems: `Ok` when there are none, the
    /// error itself when there is one, else [`InputError::Many`] with the
    /// first [`MAX_REPORTED`] (nested lists are flattened).
    pub fn collect(errors: Vec<InputError>) -> Result<(), InputError> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(InputError::join(errors))
        }
    }

    /// One error for a non-empty list of problems (see
    /// [`InputError::collect`]).
    pub fn join(errors: Vec<InputError>) -> InputError {
        let mut flat = Vec::new();
        let mut more = 0;
        for e in errors {
            match e {
                InputError::Many { errors, more: m } => {
                    flat.extend(errors);
                    more += m;
                }
                e => flat.push(e),
            }
        }
        if flat.len() > MAX_REPORTED {
            more += flat.len() - MAX_REPORTED;
            flat.truncate(MAX_REPORTED);
        }
        match (flat.pop(), more) {
            (Some(only), 0) if flat.is_empty() => only,
            (last, more) => {
                flat.extend(last);
                InputError::Many { errors: flat, more }
            }
        }
    }

    /// How many problems this error reports (a [`InputError::Many`] counts
    /// those it leaves out too).
    pub fn count(&self) -> usize {
        match self {
            InputError::Many { errors, more } => errors.len() + more,
            _ => 1,
        }
    }

    /// A scenario key's or value's problem, in the file (not from `--set`).
    pub fn key(file: &std::path::Path, problem: KeyProblem) -> Self {
        InputError::Key {
            file: file.to_path_buf(),
            problem: Box::new(problem),
            set: None,
        }
    }

    /// A file that cannot be read, with the OS's reason.
    pub fn io(file: &std::path::Path, source: std::io::Error) -> Self {
        InputError::Io {
            file: file.to_path_buf(),
            source,
        }
    }
}

mod data;
mod output;
mod scenario;
mod warning;

pub use data::{separator_name, DataProblem};
pub use output::{list_names, ChartError, OutputError};
pub use scenario::{Example, Excerpt, FromSet, KeyProblem, Mistyped, Rule, Validity};
pub use warning::Warning;

#[cfg(test)]
mod tests;
