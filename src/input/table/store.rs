//! The text cells of a table's rows kept in one buffer: a nation's
//! 40,000 stations are half a million cells, and one string each made
//! reading them mostly allocation.

use std::hash::{BuildHasherDefault, Hasher};

/// Rows of text cells: every cell's text in one string, the offsets where
/// cells end, and each row's line and cells.
#[derive(Debug, Clone, Default)]
pub(super) struct Store {
    /// The text of every cell, one after the other.
    text: String,
    /// Cell `k` is `text[ends[k]..ends[k + 1]]`; starts with 0.
    ends: Vec<usize>,
    /// Each row: its line, its first cell and how many cells it has.
    rows: Vec<Line>,
}

/// A [`Store`] filled from CSV records read as bytes: the text they are
/// read from is already valid UTF-8, and the records split it only at
/// ASCII bytes (separators, quotes, line ends), so it is checked once as a
/// whole rather than cell by cell.
#[derive(Debug, Default)]
pub(super) struct ByteStore {
    text: Vec<u8>,
    ends: Vec<usize>,
    rows: Vec<Line>,
}

impl ByteStore {
    /// A store for up to `cells` cells of up to `bytes` bytes of text in all.
    pub(super) fn with_capacity(bytes: usize, cells: usize) -> ByteStore {
        let mut ends = Vec::with_capacity(cells + 1);
        ends.push(0);
        ByteStore {
            text: Vec::with_capacity(bytes),
            ends,
            rows: Vec::new(),
        }
    }

    /// Adds a CSV record (its fields are contiguous in
    /// [`csv::ByteRecord::as_slice`]).
    pub(super) fn push_record(&mut self, line: u64, record: &csv::ByteRecord) {
        let first = self.ends.len() - 1;
        let start = self.text.len();
        self.text.extend_from_slice(record.as_slice());
        for i in 0..record.len() {
            let end = record.range(i).map_or(0, |r| r.end);
            self.ends.push(start + end);
        }
        self.rows.push(Line {
            line,
            first,
            len: record.len(),
        });
    }

    /// How many rows.
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The store, its text checked to be UTF-8.
    pub(super) fn finish(self) -> Result<Store, std::string::FromUtf8Error> {
        Ok(Store {
            text: String::from_utf8(self.text)?,
            ends: self.ends,
            rows: self.rows,
        })
    }
}

/// Whether a cell read as bytes is blank: `str::trim` leaves nothing.
pub(super) fn blank_bytes(cell: &[u8]) -> bool {
    if cell.is_ascii() {
        // The ASCII characters `char::is_whitespace` calls white space.
        cell.iter().all(|b| matches!(b, b'\t'..=b'\r' | b' '))
    } else {
        std::str::from_utf8(cell).is_ok_and(|s| s.trim().is_empty())
    }
}

/// A row of a [`Store`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    /// The row as a spreadsheet shows it.
    pub(super) line: u64,
    first: usize,
    len: usize,
}

impl Store {
    pub(super) fn new() -> Store {
        Store {
            text: String::new(),
            ends: vec![0],
            rows: Vec::new(),
        }
    }

    /// Adds a row of cells.
    pub(super) fn push<'c>(&mut self, line: u64, cells: impl IntoIterator<Item = &'c str>) {
        let first = self.ends.len() - 1;
        for cell in cells {
            self.text.push_str(cell);
            self.ends.push(self.text.len());
        }
        self.rows.push(Line {
            line,
            first,
            len: self.ends.len() - 1 - first,
        });
    }

    /// Whether any cell holds `c`.
    pub(super) fn holds(&self, c: char) -> bool {
        self.text.contains(c)
    }

    /// How many rows.
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The rows, in the order added.
    pub(super) fn lines(&self) -> &[Line] {
        &self.rows
    }

    /// The cells of a row.
    pub(super) fn record(&self, line: &Line) -> Record<'_> {
        Record {
            text: &self.text,
            ends: &self.ends[line.first..=line.first + line.len],
        }
    }
}

/// The cells of one row of a [`Store`].
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    text: &'a str,
    /// One more than the cells: cell `i` is `text[ends[i]..ends[i + 1]]`.
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    /// How many cells.
    pub fn len(&self) -> usize {
        self.ends.len() - 1
    }

    /// Whether the row has no cell.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cell `i`, as written.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let start = *self.ends.get(i)?;
        let end = *self.ends.get(i + 1)?;
        self.text.get(start..end)
    }

    /// The cells, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let text = self.text;
        self.ends
            .windows(2)
            .map(move |w| text.get(w[0]..w[1]).unwrap_or(""))
    }

    /// The cells as strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

/// The hash of a table's column names and ids: a multiply-rotate hash of
/// eight bytes at a time (FxHash, as rustc uses). Every cell read looks its
/// column up by name, and SipHash made the lookup most of the read. The
/// names and ids come from the user's own file, not from an adversary
/// flooding a server's map.
#[derive(Debug, Default, Clone, Copy)]
pub struct NameHasher {
    hash: u64,
}

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A map keyed by names or ids read from a table, hashed by [`NameHasher`].
pub type NameMap<V> = std::collections::HashMap<String, V, BuildHasherDefault<NameHasher>>;

/// Canonical column name → index of its cell in each row.
pub type Columns = NameMap<usize>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_blank_as_trim_says() {
        for cell in [
            "",
            " ",
            "\t\r\n",
            "\u{b}",
            "\u{c}",
            "\u{3000}",
            "\u{a0}",
            " x ",
            "x",
            "\u{1c}",
            "站",
            "\u{85}",
            "\u{2028} ",
        ] {
            assert_eq!(
                blank_bytes(cell.as_bytes()),
                cell.trim().is_empty(),
                "{cell:?}"
            );
        }
        for b in 0..=127u8 {
            let cell = [b];
            let text = std::str::from_utf8(&cell).unwrap();
            assert_eq!(blank_bytes(&cell), text.trim().is_empty(), "{b}");
        }
    }

    #[test]
    fn rows_keep_their_cells_and_lines() {
        let mut s = Store::new();
        s.push(3, ["a", "", "站点"]);
        let mut bytes = ByteStore::with_capacity(0, 0);
        let mut record = csv::ByteRecord::new();
        record.push_field(b"x,y");
        record.push_field(b"");
        bytes.push_record(7, &record);
        let read = bytes.finish().unwrap();
        let l = read.lines()[0];
        assert_eq!(read.record(&l).to_vec(), ["x,y", ""]);
        s.push(l.line, read.record(&l).iter());
        s.push(9, []);
        let rows: Vec<(u64, Vec<String>)> = s
            .lines()
            .iter()
            .map(|l| (l.line, s.record(l).to_vec()))
            .collect();
        assert_eq!(
            rows,
            [
                (3, vec!["a".to_string(), String::new(), "站点".to_string()]),
                (7, vec!["x,y".to_string(), String::new()]),
                (9, vec![]),
            ]
        );
        let r = s.record(&s.lines()[0]);
        assert_eq!((r.len(), r.get(2), r.get(3)), (3, Some("站点"), None));
    }
}
