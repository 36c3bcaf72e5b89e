//! What a row of text says about the file it came from: the spreadsheet
//! row a CSV record starts on, and the signs of two files joined into one.

use std::path::Path;

use super::Record;
use crate::error::{DataProblem, InputError};
use crate::input::aliases::{normalise_header, normalises_to};

/// Two files joined into one (`cat a.csv b.csv`, or a second export pasted
/// below the first) show as a data row that starts with a byte-order mark,
/// or that repeats the header. Either is refused, naming the row: reading on
/// would take the second header as a station, or keep the invisible mark in
/// a station id.
pub(super) struct JoinedFiles {
    /// The header's cells, normalised ([`normalise_header`]).
    header: Vec<String>,
}

impl JoinedFiles {
    pub(super) fn new(header: &[String]) -> JoinedFiles {
        JoinedFiles {
            header: header.iter().map(|h| normalise_header(h)).collect(),
        }
    }

    pub(super) fn check(&self, file: &Path, line: u64, record: &Record) -> Result<(), InputError> {
        let header = &self.header;
        let starts_with_bom = record
            .iter()
            .find(|f| !f.trim().is_empty())
            .is_some_and(|f| f.trim_start().starts_with('\u{FEFF}'));
        let repeats_header = record.len() >= header.len()
            && record.iter().zip(header).all(|(a, b)| normalises_to(a, b))
            && record
                .iter()
                .skip(header.len())
                .all(|f| f.trim().is_empty());
        if !starts_with_bom && !repeats_header {
            return Ok(());
        }
        Err(InputError::Data {
            file: file.to_path_buf(),
            row: Some(line),
            problem: DataProblem::JoinedFiles {
                bom: starts_with_bom,
            },
        })
    }
}

/// Spreadsheet row numbers of records: the line where a record's first
/// field starts, counting from 1 and skipping blank lines before it.
pub(super) struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// The line of the record starting at byte `start` (records come in order).
    pub(super) fn line_of(&mut self, start: usize) -> u64 {
        let mut start = start.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.at {
            self.line += self.bytes[self.at..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.at = start;
        }
        self.line
    }
}
