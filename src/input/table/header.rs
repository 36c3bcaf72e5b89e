//! A table's header: what a [`Spec`] reads, which row is the header (the
//! first of the top rows that names every required column, else the one
//! naming most), the field separator of a CSV, each cell's column, and the
//! refusals of a header that lacks a column or names one twice.

use std::path::Path;

use super::{column_letters, Columns, HEADER_SEARCH_ROWS};
use crate::error::{quote, InputError, Warning};
use crate::input::aliases::{match_header, normalise_header, HeaderMatch};
use crate::input::suggest::did_you_mean;

/// What a table must hold: required and optional canonical columns and the
/// aliases accepted for them.
#[derive(Debug, Clone, Copy)]
pub struct Spec<'a> {
    /// Columns the table must have (canonical names).
    pub required: &'a [&'a str],
    /// Further columns the loader reads when present (each at most once).
    pub optional: &'a [&'a str],
    /// Each canonical column with the other names accepted for it.
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
    pub(super) fn canonicals(&self) -> Vec<&str> {
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
    pub(super) fn names_of<'s>(&'s self, column: &'s str) -> Vec<&'s str> {
        let mut names = vec![column];
        if let Some((_, aliases)) = self.aliases.iter().find(|(c, _)| *c == column) {
            names.extend(aliases.iter().copied());
        }
        names
    }

    /// The names (canonical and aliases) of the columns a header lacks.
    pub(super) fn names_not_in(&self, columns: &Columns) -> Vec<&str> {
        self.canonicals()
            .into_iter()
            .filter(|c| !columns.contains_key(*c))
            .flat_map(|c| self.names_of(c))
            .collect()
    }

    /// The canonical column of a name (an alias or the name itself).
    pub(super) fn canonical_of<'s>(&'s self, name: &'s str) -> &'s str {
        self.aliases
            .iter()
            .find(|(_, names)| names.contains(&name))
            .map_or(name, |(c, _)| *c)
    }

    /// The key a header cell is looked up by: its canonical column, or the
    /// header itself (normalised) when it names none.
    pub(super) fn key_of(&self, header: &str) -> String {
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
pub(super) struct HeaderScore {
    /// It names every required column.
    pub(super) names_all: bool,
    /// How many distinct columns the loader reads it names.
    pub(super) known: usize,
}

impl HeaderScore {
    pub(super) fn of(row: &[String], spec: &Spec) -> HeaderScore {
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
    crate::error::separator_name(Some(d))
}

/// The field separator of CSV text: the first of [`DELIMITERS`] whose
/// reading of the top rows gives a header naming every required column;
/// else the one whose best header names the most columns staffing reads
/// (a comma on a tie), so the error about the header lists real headers.
pub(super) fn sniff_delimiter(text: &str, spec: &Spec) -> u8 {
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

/// Where a header cell is: its column letter in a sheet, its number in CSV.
pub(super) fn where_column(first_column: Option<u32>, i: usize) -> String {
    match first_column {
        Some(c) => format!("column {}", column_letters(c + i as u32)),
        None => format!("column {}", i + 1),
    }
}

/// The key of each header cell (`None`: blank).
pub(super) type HeaderKeys = Vec<Option<String>>;

/// The key of each header cell (`None`: blank) and the column of each key
/// read; refuses a unit that would change the numbers and a column named
/// twice. Columns the loader does not read, seen more than once, are
/// ignored, as every unread column is, but never looked up.
pub(super) fn read_header(
    file: &Path,
    header: &[String],
    header_row: u64,
    spec: &Spec,
    first_column: Option<u32>,
) -> Result<(Columns, HeaderKeys), InputError> {
    let where_col = |i: usize| where_column(first_column, i);
    let mut columns = Columns::default();
    // The key of each header cell (`None`: blank).
    let mut keys: Vec<Option<String>> = vec![None; header.len()];
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
    Ok((columns, keys))
}

/// The error of a header without a required column: what the header has,
/// what the column may also be headed, and a column it may have meant.
pub(super) fn missing_column(
    file: &Path,
    header: &[String],
    header_row: u64,
    spec: &Spec,
    first_column: Option<u32>,
    missing: &[&str],
    extras: &[usize],
) -> InputError {
    let where_col = |i: usize| where_column(first_column, i);
    let column = missing[0];
    let accepted = spec
        .aliases
        .iter()
        .find(|(c, _)| *c == column)
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
    InputError::MissingColumn {
        file: file.to_path_buf(),
        column: column.to_string(),
        found: format!(
            "the header is row {header_row}, which has: {}{accepted}{}{also}",
            found_headers(header),
            unmatched.concat()
        ),
    }
}

/// The header cells as a message lists them: each quoted, at most 30.
pub(super) fn found_headers(header: &[String]) -> String {
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

/// A warning for each extra column (`extras`, indices into `header`) whose
/// name is close to a column staffing reads and the table lacks: its values
/// are not used, and the warning asks whether that column was meant.
pub(super) fn unknown_column_warnings(
    file: &Path,
    header: &[String],
    header_row: u64,
    spec: &Spec,
    first_column: Option<u32>,
    columns: &Columns,
    extras: &[usize],
) -> Vec<Warning> {
    let where_col = |i: usize| where_column(first_column, i);
    extras
        .iter()
        .filter_map(|&i| {
            let written = header[i].trim();
            let names = spec.names_not_in(columns);
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
                problem_zh: Some(format!(
                    "`{}` 列（{}）不是 staffing 读取的列，其值不会被使用；是否应为 `{s}`{}？",
                    quote(written),
                    match first_column {
                        Some(c) => format!("第 {} 列", column_letters(c + i as u32)),
                        None => format!("第 {} 列", i + 1),
                    },
                    if canon == s {
                        String::new()
                    } else {
                        format!("（即 `{canon}`）")
                    }
                )),
                station: None,
                county: None,
            })
        })
        .collect()
}
