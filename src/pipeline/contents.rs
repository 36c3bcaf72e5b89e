//! Whether messages may quote what a file holds: yes on the command line,
//! never for a server.
//!
//! A message about a data file quotes what it found there, so that a person
//! can fix it: a cell's value (up to 80 characters), the header row it took,
//! a window of a scenario file's line. On the command line that is what the
//! user asked for, and documented (`docs/io.md`): `staffing check --set
//! counties=/etc/shadow` quotes the start of that file's first line, which
//! the user could read anyway. A server must never do it: whoever sends it a
//! request could have it read a file it can reach and send back its
//! contents. [`LoadOptions::SERVER`] keeps every message's file, row,
//! column and kind of problem, and drops everything taken from the file.

use std::path::Path;

use crate::error::{InputError, KeyProblem, Warning};
use crate::pipeline::{load_with, Loaded};

/// What a message says in place of a file's contents.
pub const NOT_QUOTED: &str =
    "the file's contents are not quoted here; `staffing check` on the command line shows them";

/// How a scenario and its data are read ([`load_with_options`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Whether errors and warnings may quote what a file holds: a cell's
    /// value, a header row, a line of TOML, the figures a plausibility
    /// warning computed from the data. `true` on the command line
    /// ([`LoadOptions::COMMAND_LINE`], the default); `false` for a server
    /// ([`LoadOptions::SERVER`]).
    pub quote_contents: bool,
}

impl LoadOptions {
    /// The command line: messages quote what they found, to help fix it.
    pub const COMMAND_LINE: LoadOptions = LoadOptions {
        quote_contents: true,
    };
    /// A server: no message quotes a file's contents.
    pub const SERVER: LoadOptions = LoadOptions {
        quote_contents: false,
    };

    /// An error as these options allow it to be shown.
    pub fn error(&self, e: InputError) -> InputError {
        if self.quote_contents {
            e
        } else {
            without_contents(e)
        }
    }

    /// A warning as these options allow it to be shown.
    pub fn warning(&self, w: Warning) -> Warning {
        if self.quote_contents {
            w
        } else {
            Warning {
                column: None,
                label: None,
                value: None,
                problem: format!("a value looks wrong against its peers; {NOT_QUOTED}"),
                // The Chinese text quotes the same contents.
                problem_zh: None,
                ..w
            }
        }
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions::COMMAND_LINE
    }
}

/// [`load_with`] (the scenario, `--set` overrides `sets`, its data) whose
/// errors and warnings quote a file's contents only when `options` allow.
///
/// For a server (the what-if page), call it with [`LoadOptions::SERVER`]:
///
/// ```no_run
/// use staffing::pipeline::{load_with_options, LoadOptions};
/// let sets = vec![("recruits.total".to_string(), "900".to_string())];
/// match load_with_options("scenarios/baseline.toml".as_ref(), &sets, LoadOptions::SERVER) {
///     Ok(loaded) => { /* loaded.warnings quote nothing either */ }
///     Err(e) => eprintln!("{e}"), // file, row, column and kind of problem only
/// }
/// ```
///
/// What stays in a message: the file's path (as given), the row, the
/// column's name when it is one the table knows (an unknown column's header
/// is dropped), the problem's kind for I/O errors, an empty file, a missing
/// column, and the messages on scenario keys (the key, the value and its
/// valid range: what the scenario or a `--set` says). What goes: cell
/// values and what was wrong with them, the header row taken, a row's or a
/// file's problem in words, the TOML excerpt of a file that does not parse,
/// and a plausibility warning's figures.
pub fn load_with_options(
    scenario_path: &Path,
    sets: &[(String, String)],
    options: LoadOptions,
) -> Result<Loaded, InputError> {
    let mut loaded = load_with(scenario_path, sets).map_err(|e| options.error(e))?;
    loaded.warnings = std::mem::take(&mut loaded.warnings)
        .into_iter()
        .map(|w| options.warning(w))
        .collect();
    Ok(loaded)
}

/// The error with nothing a file holds: see [`load_with_options`].
pub fn without_contents(e: InputError) -> InputError {
    match e {
        InputError::Io { .. } | InputError::Empty { .. } | InputError::DuplicateColumn { .. } => e,
        InputError::MissingColumn { file, column, .. } => InputError::MissingColumn {
            file,
            column,
            found: NOT_QUOTED.into(),
        },
        InputError::Cell {
            file, row, column, ..
        } => InputError::Row {
            file,
            row,
            problem: format!("the value in column `{column}` is not valid; {NOT_QUOTED}"),
        },
        InputError::Data {
            file,
            row: Some(row),
            ..
        }
        | InputError::Row { file, row, .. } => InputError::Row {
            file,
            row,
            problem: format!("the row is not valid; {NOT_QUOTED}"),
        },
        InputError::Data {
            file, row: None, ..
        }
        | InputError::File { file, .. } => InputError::File {
            file,
            problem: format!("the file cannot be read as this table; {NOT_QUOTED}"),
        },
        InputError::Scenario { file, message } if message.contains("TOML parse error") => {
            InputError::Scenario {
                file,
                message: format!("the file is not a valid scenario (TOML); {NOT_QUOTED}"),
            }
        }
        InputError::Scenario { file, message } => InputError::Scenario { file, message },
        InputError::Key { file, problem, .. }
            if matches!(
                *problem,
                KeyProblem::UnknownField { .. }
                    | KeyProblem::Mistyped { .. }
                    | KeyProblem::Syntax { .. }
                    | KeyProblem::MissingField { .. }
                    | KeyProblem::ExtendNotText { .. }
            ) =>
        {
            InputError::Scenario {
                file,
                message: format!("the file is not a valid scenario (TOML); {NOT_QUOTED}"),
            }
        }
        InputError::Key { .. } => e,
        InputError::Many { errors, more } => InputError::Many {
            errors: errors.into_iter().map(without_contents).collect(),
            more,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--set counties=<a file that is not a table>`: the command line
    /// quotes its first line, a server does not.
    #[test]
    fn a_server_never_quotes_a_file_the_scenario_points_at() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("shadow");
        std::fs::write(&secret, "root:$6$secret-hash:19000:0:99999:7:::\n").unwrap();
        let scenario =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input/_valid/scenario.toml");
        let sets = vec![("counties".to_string(), secret.display().to_string())];

        let cli = load_with_options(&scenario, &sets, LoadOptions::default()).unwrap_err();
        assert!(cli.to_string().contains("secret-hash"), "{cli}");

        let server = load_with_options(&scenario, &sets, LoadOptions::SERVER).unwrap_err();
        let text = server.to_string();
        assert!(!text.contains("secret") && !text.contains("root"), "{text}");
        assert!(
            text.contains("shadow") && text.contains("county_id"),
            "{text}"
        );
        assert!(text.contains(NOT_QUOTED), "{text}");

        // The same for a scenario that extends a file that is not TOML.
        let extends = dir.path().join("s.toml");
        std::fs::write(
            &extends,
            format!("extend = {:?}\n", secret.display().to_string()),
        )
        .unwrap();
        let e = load_with_options(&extends, &[], LoadOptions::SERVER).unwrap_err();
        assert!(!e.to_string().contains("secret"), "{e}");
        let e = load_with_options(&extends, &[], LoadOptions::COMMAND_LINE).unwrap_err();
        assert!(e.to_string().contains("secret"), "{e}");
    }

    #[test]
    fn every_kind_of_error_and_warning_loses_what_the_file_holds() {
        let f = || std::path::PathBuf::from("stations.csv");
        let secret = "TOPSECRET";
        let errors = vec![
            InputError::cell(&f(), 3, "officers", secret, format!("near {secret}")),
            InputError::Row {
                file: f(),
                row: 4,
                problem: secret.into(),
            },
            InputError::File {
                file: f(),
                problem: secret.into(),
            },
            InputError::MissingColumn {
                file: f(),
                column: "station_id".into(),
                found: secret.into(),
            },
            InputError::Scenario {
                file: f(),
                message: format!("TOML parse error at line 1\n{secret}"),
            },
        ];
        let many = InputError::collect(errors).unwrap_err();
        let text = without_contents(many).to_string();
        assert!(!text.contains(secret), "{text}");
        assert!(
            text.contains("row 3") && text.contains("`officers`"),
            "{text}"
        );
        let w = Warning {
            kind: "unknown_column".into(),
            file: "stations.csv".into(),
            row: Some(2),
            column: Some(secret.into()),
            label: None,
            value: Some(secret.into()),
            problem: secret.into(),
            problem_zh: Some(secret.into()),
            station: None,
            county: None,
        };
        assert_eq!(LoadOptions::SERVER.warning(w.clone()).problem_zh, None);
        let shown = LoadOptions::SERVER.warning(w.clone()).to_string();
        assert!(
            !shown.contains(secret) && shown.contains("row 2"),
            "{shown}"
        );
        assert_eq!(LoadOptions::COMMAND_LINE.warning(w.clone()), w);
    }
}
