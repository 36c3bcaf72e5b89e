//! Why a `--set` value written as a list cannot be read, as values; the
//! command line words them in the data's language,
//! [`Display`](std::fmt::Display) here is the English text.

use std::fmt;

/// Why a `--set` value written as a list (or a TOML value) cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ListProblem {
    /// Brackets, braces or quotes that do not make a TOML list, table or
    /// text.
    NotToml,
    /// An item of a list of numbers that is not a number.
    NotANumber {
        /// The item as typed.
        item: String,
    },
    /// An item of a list of hours that is not a whole hour.
    NotAnHour {
        /// The item as typed.
        item: String,
    },
    /// A list of words that cannot be read: `item` is the one that is not
    /// text in quotes, when it is one item.
    Words {
        /// What the words name.
        of: ListOf,
        /// The item, as TOML shows it.
        item: Option<String>,
    },
}

/// What a list of words names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ListOf {
    /// Station ids.
    StationIds,
    /// Station kinds.
    StationKinds,
}

impl fmt::Display for ListProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ListProblem::NotToml => f.write_str(
                "write a list as [900, 800], a table as { age_under_30 = 0.02 } or text as \"cn-2025\" (quote the brackets in a shell)",
            ),
            ListProblem::NotANumber { item } => write!(
                f,
                "`{item}` is not a number; give numbers separated by commas"
            ),
            ListProblem::NotAnHour { item } => write!(
                f,
                "`{item}` is not a whole hour; give hours 0 to 23 separated by commas, for example 22,23,0,1"
            ),
            ListProblem::Words { of, item } => {
                if let Some(item) = item {
                    write!(f, "`{item}` is not a word in quotes; ")?;
                }
                let what = match of {
                    ListOf::StationIds => "station ids",
                    ListOf::StationKinds => "station kinds",
                };
                write!(f, "write a list of {what} as a,b or [\"a\", \"b\"]")
            }
        }
    }
}
