//! What is wrong with a scenario's key or value, as values: the key, the
//! value as written, what would be valid, and whether `--set` gave it. The
//! command line words them in the data's language (the message catalogue);
//! [`Display`](std::fmt::Display) here is the English text.

use std::fmt;

pub use super::list::{ListOf, ListProblem};
use super::quote;

/// What a scenario value must be, as values (the key's registry range, or
/// the form a `--set` value must take).
#[derive(Debug, Clone, PartialEq)]
pub enum Validity {
    /// A share in [0, 1].
    Share,
    /// A share in [0, 1], given as a percentage (40 for 0.4).
    SharePercent {
        /// The value written, as shown.
        percent: String,
        /// The share it would mean, as shown.
        share: String,
    },
    /// A number between `min` and `max` (as shown: `1`, `8760`).
    Between {
        /// The least valid value, as shown.
        min: String,
        /// The largest valid value, as shown.
        max: String,
        /// What the value counts, in English ("hours a year").
        unit: String,
        /// The key's Chinese label ("民警年工作时间"), empty when none.
        label_zh: String,
    },
    /// A whole number from 0 to `max`.
    Count {
        /// The largest valid value.
        max: i64,
    },
    /// A whole number between −`max` and `max`.
    SignedCount {
        /// The largest valid magnitude.
        max: i64,
    },
    /// A whole number of 0 or more (a negative one was given).
    NotNegative,
    /// A whole number of at most `max` (a larger one was given).
    AtMost {
        /// The largest valid value.
        max: i64,
    },
    /// Any value (never refused; for completeness).
    Any,
    /// A number (`--set` read something else).
    Number {
        /// A valid example ("1.2", or "0.4" for a share).
        example: String,
    },
    /// A number given as a percentage (`40%`) for a key that is a share.
    Percent {
        /// The share the percentage means ("0.4").
        share: String,
    },
    /// A whole number (`--set` read something else).
    Whole,
    /// `true` or `false`.
    Bool,
    /// One of a fixed list of words, and the nearest one.
    Choice {
        /// The valid words.
        words: Vec<String>,
        /// The valid word nearest to the value written.
        near: Option<String>,
    },
    /// A value that is not empty.
    NotEmpty,
    /// A scenario name that is not blank.
    Name,
    /// A rule of a scenario's tables beyond one key's range.
    Rule(Rule),
    /// A key's range, with an example of what a value means.
    Example {
        /// The range.
        valid: Box<Validity>,
        /// What a value means.
        example: Example,
    },
    /// A `--set` list or table value that cannot be read.
    List(ListProblem),
    /// Anything else, in English words.
    Said(String),
}

/// What a value of a key means, as an example after its range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Example {
    /// `force.scale`: 0.97 keeps 97% of every county's force.
    ForceScale,
}

/// A rule of a scenario that joins keys or constrains a list, as a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// A provincial auxiliary total with county budgets.
    TotalWithCountyBudgets,
    /// No community-officer norm.
    NormsMissing,
    /// A call category's name that cannot name a column.
    CategoryName,
    /// `reactive_share = 0`.
    ReactiveShareZero,
    /// A standby weight without standby hours.
    WeightWithoutHours,
    /// Standby hours without a standby weight.
    HoursWithoutWeight,
    /// Station kinds for hours that are not given (`hours_key`).
    KindsWithoutHours {
        /// The key of the hours.
        hours_key: String,
    },
    /// Hours that are not whole numbers 0 to 23 listed once.
    Hours,
    /// An hourly profile without 24 shares.
    ProfileLength {
        /// The shares it has.
        found: usize,
    },
    /// An hourly profile's share that is negative or not a number.
    ProfileShare {
        /// The hour (0 to 23).
        hour: usize,
        /// Its share, as shown.
        value: String,
    },
    /// An hourly profile whose shares do not add up to 1.
    ProfileSum {
        /// The tolerance, as shown.
        tolerance: String,
        /// What they add up to, as shown.
        sum: String,
    },
}

impl fmt::Display for Example {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Example::ForceScale => f.write_str("0.97 keeps 97% of every county's force"),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::TotalWithCountyBudgets => f.write_str("a provincial total applies only with `[auxiliaries] budget_scope = \"province\"`, and this scenario sets `budget_scope = \"county\"` (each county keeps its own posts: today's count, or the `auxiliary_budget` column of counties.csv). Remove `total`, or set `budget_scope = \"province\"` to share one provincial total across counties"),
            Rule::NormsMissing => f.write_str("give a norm for every station kind, for example urban = 5000 and rural = 3000"),
            Rule::CategoryName => f.write_str("a category name is letters, digits, `_` or `-`; its calls are read from the column `calls_<name>`"),
            Rule::ReactiveShareZero => f.write_str("officers must keep some time for calls (a share above 0)"),
            Rule::WeightWithoutHours => f.write_str("it has no effect without `workload.service.standby_hours` (the hours whose units are on standby); give the hours, or remove the weight"),
            Rule::HoursWithoutWeight => f.write_str("give `workload.service.standby_weight` too: what a standby unit-hour costs as a share of a duty unit-hour, from 0 to 1 (for example 0.5)"),
            Rule::KindsWithoutHours { hours_key } => write!(f, "it has no effect without `{hours_key}`; give the hours (0 to 23), or remove the kinds"),
            Rule::ProfileLength { found } => write!(f, "it must have 24 shares, one for each hour 0 to 23; it has {found}"),
            Rule::ProfileShare { hour, value } => write!(f, "the share of hour {hour} is {value}; every share must be a number of 0 or more"),
            Rule::ProfileSum { tolerance, sum } => write!(f, "the shares must add up to 1 (± {tolerance}); they add up to {sum}"),
            Rule::Hours => f.write_str("each hour must be a whole number from 0 (00:00 to 01:00) to 23 (23:00 to 24:00), listed once"),
        }
    }
}

impl fmt::Display for Validity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Validity::Share => f.write_str("a share must lie in [0, 1]"),
            Validity::SharePercent { percent, share } => write!(
                f,
                "a share must lie in [0, 1]: for {percent}% write {share}"
            ),
            Validity::Between { min, max, unit, .. } => {
                write!(f, "it must lie between {min} and {max} ({unit})")
            }
            Validity::Count { max } => write!(f, "it must be a whole number from 0 to {max}"),
            Validity::SignedCount { max } => {
                write!(f, "it must be a whole number between -{max} and {max}")
            }
            Validity::NotNegative => f.write_str("it must be a whole number of 0 or more"),
            Validity::AtMost { max } => write!(f, "it must be a whole number of at most {max}"),
            Validity::Any => f.write_str("any value"),
            Validity::Number { example } => write!(f, "give a number, for example {example}"),
            Validity::Percent { share } => {
                write!(
                    f,
                    "a share is written as a number from 0 to 1: write {share}"
                )
            }
            Validity::Whole => f.write_str("give a whole number, for example 3"),
            Validity::Bool => f.write_str("give true or false"),
            Validity::Choice { words, near } => {
                let listed: Vec<String> = words.iter().map(|w| format!("`\"{w}\"`")).collect();
                write!(f, "use {}", listed.join(" or "))?;
                match near {
                    Some(w) => write!(f, "; did you mean `{w}`?"),
                    None => Ok(()),
                }
            }
            Validity::NotEmpty => f.write_str("give a value"),
            Validity::Name => f.write_str("give the scenario a name"),
            Validity::Rule(rule) => rule.fmt(f),
            Validity::Example { valid, example } => write!(f, "{valid} ({example})"),
            Validity::List(problem) => problem.fmt(f),
            Validity::Said(words) => f.write_str(words),
        }
    }
}

impl Validity {
    /// A share out of [0, 1]: a value from 2 to 100 reads as a percentage
    /// (40 for 0.4), and the message says what to write; a value just above
    /// 1 (1.4) is more likely a factor than a percentage, and is told the
    /// range only.
    pub fn share(v: f64, show: impl Fn(f64) -> String) -> Validity {
        if (2.0..=100.0).contains(&v) {
            Validity::SharePercent {
                percent: show(v),
                share: show(v / 100.0),
            }
        } else {
            Validity::Share
        }
    }
}

impl From<&str> for Validity {
    fn from(words: &str) -> Self {
        Validity::Said(words.to_string())
    }
}

impl From<String> for Validity {
    fn from(words: String) -> Self {
        Validity::Said(words)
    }
}

impl From<&String> for Validity {
    fn from(words: &String) -> Self {
        Validity::Said(words.clone())
    }
}

/// A value of the wrong type, as the parser names the types.
#[derive(Debug, Clone, PartialEq)]
pub enum Mistyped {
    /// A value of another type: `string "0.4"` where `f64` is expected.
    Type {
        /// What was found, as the parser writes it (`string "0.4"`,
        /// ``floating point `2.5` ``).
        found: String,
        /// What was expected, as the parser writes it (`f64`, `i64`,
        /// `a boolean`).
        expected: String,
    },
    /// A word not in the key's list.
    Variant {
        /// The word written.
        variant: String,
        /// The words the key takes.
        expected: Vec<String>,
    },
}

/// The names a parser lists, as serde writes them after "expected": "`a`",
/// "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(f: &mut fmt::Formatter<'_>, names: &[String]) -> fmt::Result {
    match names {
        [one] => write!(f, "`{one}`"),
        [a, b] => write!(f, "`{a}` or `{b}`"),
        all => {
            let listed: Vec<String> = all.iter().map(|e| format!("`{e}`")).collect();
            write!(f, "one of {}", listed.join(", "))
        }
    }
}

/// Where a TOML parser stopped: the line and column, and the source line
/// cut to a window around it (hidden characters escaped), with the caret.
#[derive(Debug, Clone, PartialEq)]
pub struct Excerpt {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
    /// The lines under the heading: the gutter, the source line and the caret.
    pub shown: String,
}

/// What is wrong with one scenario key.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyProblem {
    /// `key` = `value` is not valid.
    Invalid {
        /// The key, dotted.
        key: String,
        /// The value as written (quoted when shown).
        value: String,
        /// What would be valid.
        valid: Validity,
    },
    /// `--set` names a key that is not in the registry.
    Unknown {
        /// The key as typed.
        key: String,
        /// The registry key nearest to it.
        near: Option<String>,
    },
    /// The file sets a field its table does not have.
    UnknownField {
        /// The field as written.
        field: String,
        /// The table's fields.
        expected: Vec<String>,
        /// The field nearest to it.
        near: Option<String>,
        /// The table holding it (`roadmap`), when the parser names it.
        table: Option<String>,
        /// Where it is in the file (none in a merged scenario).
        at: Option<Excerpt>,
        /// The files merged, when the scenario extends others (top first).
        merged: Vec<String>,
    },
    /// The file gives a value of another type than its key's, or a word
    /// not in its key's list.
    Mistyped {
        /// What was given and what was expected.
        what: Mistyped,
        /// The table holding it, when the parser names it.
        table: Option<String>,
        /// Where it is in the file (none in a merged scenario).
        at: Option<Excerpt>,
        /// The files merged, when the scenario extends others (top first).
        merged: Vec<String>,
    },
    /// A renamed key, refused with its new name.
    Renamed {
        /// The old key.
        old: String,
        /// The new key.
        new: String,
        /// Why it was renamed, in Chinese and in English.
        why: (&'static str, &'static str),
    },
    /// A `*` key naming a station kind or call category the scenario lacks.
    NotInScenario {
        /// The name typed in place of `*`.
        name: String,
        /// The key's table (`workload.residents_per_community_officer`).
        prefix: String,
        /// The names the scenario has.
        have: Vec<String>,
        /// The one nearest to `name`.
        near: Option<String>,
    },
    /// `--set` on a table of its own (`[sweep]`, `[[mergers]]`): `header`
    /// as written in a file, or none for a registry table key.
    Table {
        /// The key typed.
        key: String,
        /// The table's header, for `[sweep]`, `[sample]`, `[[mergers]]`.
        header: Option<String>,
    },
    /// `--set extend`.
    Extend,
    /// The file is not valid TOML: where the parser stopped and what it
    /// says there, in its own words (`unexpected key or value, expected
    /// newline, `#``).
    Syntax {
        /// Where the parser stopped.
        at: Option<Excerpt>,
        /// The parser's words.
        detail: String,
    },
    /// A table lacks a field it must have (`[workload.service]` without
    /// `minutes_per_call`).
    MissingField {
        /// The field.
        field: String,
        /// The table lacking it, when the parser names it.
        table: Option<String>,
        /// Where the table is in the file (none in a merged scenario).
        at: Option<Excerpt>,
        /// The files merged, when the scenario extends others (top first).
        merged: Vec<String>,
    },
    /// `extend` leads back to a file already read: the files in the order
    /// followed, the first one repeated at the end.
    ExtendCycle {
        /// The files, as given.
        files: Vec<String>,
    },
    /// `extend` is not a path written as text.
    ExtendNotText {
        /// The value as written.
        value: String,
    },
}

/// `in `TABLE`` on a line of its own, when the problem is inside a table.
fn in_table(f: &mut fmt::Formatter<'_>, table: &Option<String>) -> fmt::Result {
    match table {
        Some(table) => write!(f, "\nin `{table}`"),
        None => Ok(()),
    }
}

/// The files a scenario was merged from, when it extends others.
fn merged_from(f: &mut fmt::Formatter<'_>, merged: &[String]) -> fmt::Result {
    if merged.is_empty() {
        return Ok(());
    }
    write!(
        f,
        " (in the scenario merged from {})",
        merged.join(" extending ")
    )
}

/// The heading a TOML parser puts above the excerpt of the file.
fn heading(f: &mut fmt::Formatter<'_>, at: &Option<Excerpt>) -> fmt::Result {
    match at {
        Some(at) => write!(
            f,
            "TOML parse error at line {}, column {}\n{}\n",
            at.line, at.column, at.shown
        ),
        None => Ok(()),
    }
}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyProblem::Invalid { key, value, valid } => {
                write!(f, "`{key}` = {value} is not valid: {valid}")
            }
            KeyProblem::Unknown { key, near } => {
                write!(f, "`{}` is not a scenario key", quote(key))?;
                if let Some(near) = near {
                    write!(f, "; did you mean `{near}`?")?;
                }
                f.write_str(" (every key: docs/scenario-keys.md)")
            }
            KeyProblem::UnknownField {
                field,
                expected,
                near,
                table,
                at,
                merged,
            } => {
                heading(f, at)?;
                write!(f, "unknown field `{field}`, ")?;
                if expected.is_empty() {
                    f.write_str("there are no fields")?;
                } else {
                    f.write_str("expected ")?;
                    one_of(f, expected)?;
                }
                in_table(f, table)?;
                if let Some(near) = near {
                    write!(f, "\ndid you mean `{near}`?")?;
                }
                merged_from(f, merged)?;
                Ok(())
            }
            KeyProblem::Mistyped {
                what,
                table,
                at,
                merged,
            } => {
                heading(f, at)?;
                match what {
                    Mistyped::Type { found, expected } => {
                        write!(f, "invalid type: {found}, expected {expected}")?
                    }
                    Mistyped::Variant { variant, expected } => {
                        write!(f, "unknown variant `{variant}`, ")?;
                        if expected.is_empty() {
                            f.write_str("there are no variants")?;
                        } else {
                            f.write_str("expected ")?;
                            one_of(f, expected)?;
                        }
                    }
                }
                in_table(f, table)?;
                merged_from(f, merged)?;
                Ok(())
            }
            KeyProblem::Renamed { old, new, why } => write!(
                f,
                "`{old}` was renamed `{new}`: {}; did you mean `{new}`?",
                why.1
            ),
            KeyProblem::NotInScenario {
                name,
                prefix,
                have,
                near,
            } => {
                let listed = if have.is_empty() {
                    "none".to_string()
                } else {
                    let names: Vec<String> = have.iter().map(|h| format!("`{h}`")).collect();
                    names.join(", ")
                };
                write!(
                    f,
                    "the scenario has no `{}` under `{prefix}` (it has {listed}); ",
                    quote(name)
                )?;
                if let Some(near) = near {
                    write!(f, "did you mean `{near}`? ")?;
                }
                f.write_str("--set changes the values a scenario has; add a new one in the scenario file")
            }
            KeyProblem::Table { key, header: Some(header) } => write!(
                f,
                "`{key}` is a table of its own ({header}), which --set cannot change; edit it in the scenario file"
            ),
            KeyProblem::Table { key, header: None } => write!(
                f,
                "`{key}` is a table of its own, which --set cannot change; edit it in the scenario file"
            ),
            KeyProblem::Extend => f.write_str(
                "`extend` cannot be set from the command line: it is followed while the files are read; write it in the scenario file",
            ),
            KeyProblem::Syntax { at, detail } => {
                heading(f, at)?;
                f.write_str(detail)
            }
            KeyProblem::MissingField {
                field,
                table,
                at,
                merged,
            } => {
                heading(f, at)?;
                write!(f, "missing field `{field}`")?;
                in_table(f, table)?;
                merged_from(f, merged)?;
                Ok(())
            }
            KeyProblem::ExtendCycle { files } => write!(
                f,
                "`extend` forms a cycle: {}; a scenario cannot extend itself",
                files.join(" → ")
            ),
            KeyProblem::ExtendNotText { value } => write!(
                f,
                "`extend` = {value} is not valid: give the path of the base scenario as a string, for example extend = \"baseline.toml\""
            ),
        }
    }
}

/// A `--set` argument that gave a refused value.
#[derive(Debug, Clone, PartialEq)]
pub struct FromSet {
    /// The key as typed.
    pub key: String,
    /// The value as typed (as shown).
    pub value: String,
    /// Whether `--set` could not read the value at all (the message starts
    /// with the argument) rather than read a value the scenario refuses
    /// (the message ends with where the value came from).
    pub reading: bool,
}
