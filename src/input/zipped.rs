//! A look inside a zipped workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`)
//! before calamine opens it.
//!
//! The 256 MiB input limit ([`super::file::MAX_INPUT_BYTES`]) bounds the
//! compressed file only, and deflate packs a thousand to one: a 5 MB
//! workbook can hold 5 GiB of sheet XML, and 830 KB can hold 20 million
//! shared strings. calamine reads every shared string into memory when it
//! opens a workbook (and reserves the count the file claims), parses the
//! styles whole, and buffers each XML event (one text or tag) whole, so such
//! a file aborted the process on a failed allocation. calamine's cell
//! readers also parse cell references (`C4294967298`) and a sheet's
//! `<dimension>` in 32-bit arithmetic that wraps, so a cell far outside any
//! sheet silently replaced `C2`, and rows out of order (`<row r="5">` after
//! row 21) silently overwrote earlier cells.
//!
//! So [`survey`] walks the archive first, with bounded memory, and refuses
//! (exit 2, naming the part and the limit):
//!
//! * more than [`MAX_ENTRIES`] parts (read from the archive's end record,
//!   before the zip reader builds its index);
//! * a part that unpacks to more than [`MAX_PART_BYTES`] (its declared size,
//!   which the zip reader enforces while inflating), or shared strings over
//!   [`MAX_SHARED_STRINGS_BYTES`];
//! * in an XML part, streamed through a small lexer: a text or tag longer
//!   than [`MAX_TOKEN_BYTES`] (what calamine's XML reader would buffer), a
//!   DOCTYPE (no spreadsheet program writes one), more than
//!   [`MAX_SHARED_STRINGS`] shared strings (or a `uniqueCount` above it),
//!   more than [`MAX_SHEET_CELLS`] cells in a sheet, more than
//!   [`MAX_STYLES`] style records, or more than [`MAX_PART_ELEMENTS`]
//!   elements in any other part;
//! * in an `.xlsb` part, a record longer than [`MAX_TOKEN_BYTES`], and more
//!   than [`MAX_SHARED_STRINGS`] shared strings.
//!
//! It also follows every sheet's rows and cells the way calamine's cell
//! reader does, in 64-bit arithmetic, and notes the first reference outside
//! Excel's grid (rows 1 to 1,048,576, columns A to XFD), the first cell or
//! row that comes at or before one already read, a bad `<dimension>` and a
//! shared formula index above [`MAX_SHARED_FORMULAS`]. Those are reported by
//! [`Survey::sheet_problem`] only for the sheet the scenario reads (other
//! sheets are never streamed), naming the sheet, the row and the cell.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use crate::input::table::{thousands, MAX_CELLS};

/// The most parts (files) a zipped workbook may hold. An Excel workbook of
/// a few sheets has about 15; one with many sheets, charts and pictures a
/// few hundred.
pub const MAX_ENTRIES: u64 = 10_000;

/// The most bytes one part of a workbook may unpack to: 1 GiB. A sheet of
/// the largest table the tool reads (1,000,000 rows) is a few hundred MB of
/// XML; a province's sheet is a few MB.
pub const MAX_PART_BYTES: u64 = 1 << 30;

/// The most bytes the shared strings may unpack to: 256 MiB, the input
/// limit of a whole file.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 256 << 20;

/// The most shared strings (distinct texts) a workbook may hold. A table of
/// 1,000,000 stations has two or three distinct texts a row (id, name).
pub const MAX_SHARED_STRINGS: u64 = 4_000_000;

/// The longest text or tag of an XML part, and the longest record of an
/// `.xlsb` part: 4 MiB. A cell holds at most 32,767 characters.
pub const MAX_TOKEN_BYTES: u64 = 4 << 20;

/// The most cells (`<c>` elements, empty ones included) one sheet may hold:
/// the cell limit of a table ([`MAX_CELLS`]).
pub const MAX_SHEET_CELLS: u64 = MAX_CELLS as u64;

/// The most style records (cell formats, fonts, fills, borders, number
/// formats) a workbook may hold. Excel allows about 65,000 cell formats.
pub const MAX_STYLES: u64 = 200_000;

/// The most elements a part other than a sheet or the shared strings (the
/// workbook, styles, relationships, theme) may hold.
pub const MAX_PART_ELEMENTS: u64 = 2_000_000;

/// The highest shared-formula index (`<f t="shared" si="…">`) a sheet may
/// use: calamine makes room for every index up to it.
pub const MAX_SHARED_FORMULAS: u64 = 1_000_000;

/// Excel's last row.
const SHEET_ROWS: u64 = 1_048_576;
/// Excel's last column, `XFD`.
const SHEET_COLUMNS: u64 = 16_384;

/// Relationships kept for finding the sheets' parts; a workbook has one a
/// sheet and a few more.
const MAX_RELATIONSHIPS: usize = 100_000;

/// What a sheet holds that calamine would read wrongly or not at all.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetProblem {
    /// The spreadsheet row it is in (1-based; as written, even when
    /// beyond any sheet).
    pub row: u64,
    /// The problem in words, naming the cell.
    pub problem: String,
}

/// What [`survey`] found that matters only if a given sheet is read.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// Sheet name → its part (lower case, as calamine looks it up), when
    /// the workbook's relationships could be followed.
    sheets: HashMap<String, String>,
    /// The first problem of each part that has one (lower-case part name).
    problems: Vec<(String, SheetProblem)>,
    /// Every XML part walked (lower case).
    parts: std::collections::HashSet<String>,
}

impl Survey {
    /// The first problem of the sheet named `name`, if it has one. When the
    /// sheet's part is not known, any sheet's problem counts (the part
    /// calamine streams cannot be told, so none is trusted).
    pub fn sheet_problem(&self, name: &str) -> Option<&SheetProblem> {
        match self.sheets.get(name) {
            Some(part) if self.parts.contains(part) => self
                .problems
                .iter()
                .find(|(p, _)| p == part)
                .map(|(_, problem)| problem),
            _ => self.problems.first().map(|(_, problem)| problem),
        }
    }
}

fn le16(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// The number of parts the archive's end record (or its ZIP64 record)
/// claims, if it can be found.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    let from = bytes.len().saturating_sub(22 + 65_535);
    let at = (from..=bytes.len().checked_sub(22)?)
        .rev()
        .find(|&i| bytes[i..i + 4] == *b"PK\x05\x06")?;
    let entries = le16(bytes, at + 10)?;
    if entries != 0xFFFF {
        return Some(entries);
    }
    // ZIP64: the locator just before the end record points at the record.
    let locator = at.checked_sub(20)?;
    if bytes.get(locator..locator + 4)? != b"PK\x06\x07" {
        return Some(entries);
    }
    let record = usize::try_from(le64(bytes, locator + 8)?).ok()?;
    if bytes.get(record..record + 4)? != b"PK\x06\x06" {
        return Some(entries);
    }
    le64(bytes, record + 32)
}

fn gib_or_mib(n: u64) -> String {
    if n >= 1 << 30 {
        format!("{} GiB", n >> 30)
    } else {
        format!("{} MiB", n >> 20)
    }
}

/// The advice that ends every refusal.
const ADVICE: &str = "a table of every station in the country is a few MB, so the workbook is damaged or not the file meant; open it in Excel and save it again, or save the table as CSV";

/// Walks a zipped workbook (see the module documentation). `Err` is the
/// problem in words, naming the part and the limit; an archive the zip
/// reader cannot open at all is left to calamine's own message.
pub fn survey(bytes: &[u8]) -> Result<Survey, String> {
    if let Some(n) = declared_entries(bytes) {
        if n > MAX_ENTRIES {
            return Err(format!(
                "it holds {} parts; a workbook may hold at most {} ({ADVICE})",
                thousands(n),
                thousands(MAX_ENTRIES)
            ));
        }
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(Survey::default());
    };
    if archive.len() as u64 > MAX_ENTRIES {
        return Err(format!(
            "it holds {} parts; a workbook may hold at most {} ({ADVICE})",
            thousands(archive.len() as u64),
            thousands(MAX_ENTRIES)
        ));
    }
    // The declared sizes first: they bound what the zip reader will inflate.
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let Ok(name) = entry.name().map(|n| n.to_string()) else {
            continue;
        };
        let limit = if is_shared_strings(&name) {
            MAX_SHARED_STRINGS_BYTES
        } else {
            MAX_PART_BYTES
        };
        if entry.size() > limit {
            return Err(format!(
                "its part `{}` unpacks to {} bytes; the limit for {} is {} bytes ({}): {ADVICE}",
                crate::error::quote(&name),
                thousands(entry.size()),
                if is_shared_strings(&name) {
                    "the shared strings"
                } else {
                    "one part of a workbook"
                },
                thousands(limit),
                gib_or_mib(limit)
            ));
        }
    }
    let mut found = Found::default();
    let mut chunk = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            continue;
        };
        let Ok(name) = entry.name().map(|n| n.replace('\\', "/")) else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        let mut part: Box<dyn Scan> = if lower.ends_with(".xml") || lower.ends_with(".rels") {
            Box::new(XmlPart::new(&name, &lower))
        } else if lower.ends_with(".bin") {
            Box::new(BinPart::new(&name, &lower))
        } else {
            continue;
        };
        loop {
            // A read error (a damaged or truncated part) ends this part's
            // walk: calamine meets the same error at the same byte.
            let n = match entry.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            part.feed(&chunk[..n])?;
        }
        part.finish(&mut found)?;
    }
    Ok(found.into_survey())
}

fn is_shared_strings(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with("sharedstrings.xml") || lower.ends_with("sharedstrings.bin")
}

/// What the parts said about where the sheets are, gathered as they are
/// walked (in archive order, so resolved at the end).
#[derive(Default)]
struct Found {
    /// Lower-case part → its relationships (Id, Type, Target).
    relationships: HashMap<String, Vec<(String, String, String)>>,
    kept_relationships: usize,
    /// Lower-case part → the sheets it lists (name, relationship id).
    workbooks: HashMap<String, Vec<(String, String)>>,
    problems: Vec<(String, SheetProblem)>,
    parts: std::collections::HashSet<String>,
}

impl Found {
    /// The sheets' parts, found as calamine finds them: the package's
    /// `officeDocument` relationship names the workbook part; the
    /// workbook's own relationships name each sheet's part.
    fn into_survey(self) -> Survey {
        let mut sheets = HashMap::new();
        let document = self.relationships.get("_rels/.rels").and_then(|rels| {
            rels.iter()
                .find(|(_, typ, _)| typ.ends_with("/officeDocument"))
                .map(|(_, _, target)| target.clone())
        });
        let target = document.unwrap_or_else(|| "xl/workbook.xml".into());
        let (dir, file) = match target.rfind('/') {
            Some(i) => target.split_at(i + 1),
            None => ("", target.as_str()),
        };
        let dir = dir.strip_prefix('/').unwrap_or(dir);
        let file = if file.is_empty() {
            "workbook.xml"
        } else {
            file
        };
        let workbook = format!("{dir}{file}").to_ascii_lowercase();
        let rels = format!("{dir}_rels/{file}.rels").to_ascii_lowercase();
        if let (Some(listed), Some(rels)) =
            (self.workbooks.get(&workbook), self.relationships.get(&rels))
        {
            for (name, id) in listed {
                if let Some((_, _, target)) = rels.iter().find(|(i, _, _)| i == id) {
                    let path = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("{dir}{target}"),
                    };
                    sheets.insert(name.clone(), path.replace('\\', "/").to_ascii_lowercase());
                }
            }
        }
        Survey {
            sheets,
            problems: self.problems,
            parts: self.parts,
        }
    }
}

/// One part being walked.
trait Scan {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), String>;
    fn finish(self: Box<Self>, found: &mut Found) -> Result<(), String>;
}

mod attrs;
mod bin;
mod xml;

use bin::BinPart;
use xml::XmlPart;

#[cfg(test)]
mod tests;
