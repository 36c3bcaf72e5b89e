//! Following a sheet's rows and cells the way calamine's cell reader
//! does, in 64-bit arithmetic: the first reference outside Excel's grid,
//! the first cell or row at or before one already read, a bad range.

use super::super::attrs::{attr, reference};
use super::super::{SheetProblem, SHEET_COLUMNS, SHEET_ROWS};
use super::XmlPart;
use crate::input::table::{column_letters, thousands};

impl XmlPart {
    /// Keeps the first problem of the part.
    pub(super) fn note(&mut self, row: u64, problem: String) {
        if self.problem.is_none() {
            self.problem = Some(SheetProblem { row, problem });
        }
    }

    /// `<row r="…">`: the row calamine's reader moves to.
    pub(super) fn row(&mut self, attrs: &[u8]) {
        let Some(r) = attr(attrs, b"r") else {
            self.grid.last_row_element = Some(self.grid.row);
            return;
        };
        let shown = String::from_utf8_lossy(&r).to_string();
        match reference(&r) {
            Some((row, _)) if (1..=SHEET_ROWS).contains(&row) => {
                if let Some(last) = self.grid.last_row_element {
                    if row - 1 <= last {
                        self.note(
                            row,
                            format!(
                                "the row numbered {row} comes after row {}; rows out of order would overwrite one another",
                                last + 1
                            ),
                        );
                    }
                }
                self.grid.last_row_element = Some(row - 1);
                self.grid.row = row - 1;
            }
            parsed => self.note(
                parsed.map_or(0, |(row, _)| row),
                format!(
                    "a row is numbered `{}`, outside any sheet (rows 1 to {})",
                    crate::error::quote(&shown),
                    thousands(SHEET_ROWS)
                ),
            ),
        }
    }

    /// `<c r="…">`: the cell calamine's reader reports.
    pub(super) fn cell(&mut self, attrs: &[u8]) {
        let pos = match attr(attrs, b"r") {
            Some(r) => match reference(&r) {
                Some((row, Some(col)))
                    if (1..=SHEET_ROWS).contains(&row) && (1..=SHEET_COLUMNS).contains(&col) =>
                {
                    self.grid.col = col - 1;
                    (row - 1, col - 1)
                }
                parsed => {
                    let shown = String::from_utf8_lossy(&r).to_string();
                    self.note(
                        parsed.map_or(self.grid.row + 1, |(row, _)| row),
                        format!(
                            "cell `{}` lies outside any sheet (rows 1 to {}, columns A to XFD); a reader that wraps it would put its value in another cell",
                            crate::error::quote(&shown),
                            thousands(SHEET_ROWS)
                        ),
                    );
                    return;
                }
            },
            None => (self.grid.row, self.grid.col),
        };
        if let Some(last) = self.grid.last_cell {
            if pos <= last {
                self.note(
                    pos.0 + 1,
                    format!(
                        "cell {}{} comes after cell {}{}; cells out of order would overwrite one another",
                        column_letters(pos.1.min(u64::from(u32::MAX)) as u32),
                        pos.0 + 1,
                        column_letters(last.1.min(u64::from(u32::MAX)) as u32),
                        last.0 + 1
                    ),
                );
            }
        }
        self.grid.last_cell = Some(pos);
    }

    /// A range attribute calamine parses (`A1:C10` or `A1`): both ends
    /// inside the sheet, the end not before the start.
    pub(super) fn range(&mut self, what: &str, r: &[u8]) {
        let ends: Vec<Option<(u64, Option<u64>)>> =
            r.split(|&b| b == b':').map(reference).collect();
        let inside = |e: &Option<(u64, Option<u64>)>| {
            matches!(e, Some((row, Some(col)))
                if (1..=SHEET_ROWS).contains(row) && (1..=SHEET_COLUMNS).contains(col))
        };
        let ordered = match ends.as_slice() {
            [Some((r0, Some(c0))), Some((r1, Some(c1)))] => r0 <= r1 && c0 <= c1,
            [_] => true,
            _ => false,
        };
        if !ends.iter().all(inside) || !ordered {
            let shown = String::from_utf8_lossy(r).to_string();
            self.note(
                self.grid.row + 1,
                format!(
                    "its {what} range `{}` is not a range of cells inside a sheet (rows 1 to {}, columns A to XFD)",
                    crate::error::quote(&shown),
                    thousands(SHEET_ROWS)
                ),
            );
        }
    }
}
