//! What is wrong with a data table's row or whole file, as values, for the
//! problems a planner meets most (a row with a field too many or too few, a
//! county without stations, a table without rows, a workbook or UTF-16
//! text given as CSV). The command line words them in the data's language;
//! [`Display`](std::fmt::Display) here is the English text.

use std::fmt;

/// A problem of a row or of a whole table, as values.
#[derive(Debug, Clone, PartialEq)]
pub enum DataProblem {
    /// A CSV row with more or fewer fields than the header.
    FieldCount {
        /// The fields of the row.
        found: usize,
        /// The fields of the header.
        width: usize,
        /// The separator the table was read with (`None`: not known).
        delimiter: Option<char>,
    },
    /// A county of the counties' table with no station in the stations'.
    CountyWithoutStations {
        /// The county's id.
        county: String,
        /// The stations' table, as messages name it.
        stations: String,
    },
    /// A table with a header and nothing below it.
    NoDataRows,
    /// An Excel workbook given as a CSV file.
    WorkbookAsCsv,
    /// UTF-16 text (Excel's "Unicode Text") given as CSV.
    Utf16,
    /// Bytes that are not text in an encoding the loader reads.
    Undecodable {
        /// The first bytes that are not, as shown (`0xFF 0xFE`).
        bytes: String,
        /// Their byte offset in the file.
        offset: usize,
        /// Whether the file starts with a UTF-8 byte-order mark (and so
        /// must be UTF-8), else it may be UTF-8 or GBK/GB18030.
        after_bom: bool,
    },
    /// A row that begins a second file joined to the first: it starts
    /// with a byte-order mark (`bom`), or it repeats the header.
    JoinedFiles {
        /// The row starts with a byte-order mark, else it repeats the header.
        bom: bool,
    },
}

/// The separator in English words, as messages name it.
pub fn separator_name(delimiter: Option<char>) -> &'static str {
    match delimiter {
        None => "separator",
        Some('\t') => "tab",
        Some(';') => "semicolon",
        Some(_) => "comma",
    }
}

impl fmt::Display for DataProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataProblem::FieldCount {
                found,
                width,
                delimiter,
            } => write!(
                f,
                "has {found} fields but the header has {width}; check for a stray or missing {}",
                separator_name(*delimiter)
            ),
            DataProblem::CountyWithoutStations { county, stations } => write!(
                f,
                "county `{county}` has no stations in {stations}; every county needs at least one"
            ),
            DataProblem::NoDataRows => f.write_str("has a header but no data rows"),
            DataProblem::WorkbookAsCsv => f.write_str(
                "is an Excel workbook, not CSV text; give it the extension .xlsx (or .xls) in the scenario, or save it from Excel as \"CSV UTF-8\"",
            ),
            DataProblem::Utf16 => f.write_str(
                "is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\" or as CSV instead",
            ),
            DataProblem::Undecodable {
                bytes,
                offset,
                after_bom,
            } => write!(
                f,
                "the bytes {bytes} at byte offset {offset} are not {}; open the file in Excel and save it as \"CSV UTF-8\"",
                if *after_bom {
                    "UTF-8 text, although the file starts with a UTF-8 byte-order mark"
                } else {
                    "UTF-8 or GBK/GB18030 text"
                }
            ),
            DataProblem::JoinedFiles { bom } => {
                let (why, fix) = if *bom {
                    (
                        "starts with a byte-order mark (U+FEFF), the invisible mark that begins a file saved as \"CSV UTF-8\"",
                        "retype the row's first cell to drop the mark, and delete the second file's header row if it is there",
                    )
                } else {
                    ("repeats the header row", "delete the second header row")
                };
                write!(
                    f,
                    "{why}: this looks like two files joined into one (for example with `cat a.csv b.csv`); {fix}, or keep the files apart"
                )
            }
        }
    }
}
