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

use crate::input::table::{column_letters, thousands, MAX_CELLS};

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

/// Where the XML lexer is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lex {
    /// Between tags.
    Text,
    /// Just after `<`.
    Open,
    /// After `<!`: the bytes say which markup it is.
    Bang,
    /// Inside a start or end tag; the quote of the attribute value it is
    /// in, if any.
    Tag(Option<u8>),
    /// Inside `<!-- … -->`.
    Comment,
    /// Inside `<![CDATA[ … ]]>`.
    CData,
    /// Inside `<? … ?>`.
    Pi,
}

/// The kind of part, from its root element.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Root {
    Unknown,
    /// `worksheet`, `chartsheet`, `dialogsheet`, `macrosheet` (xlsx) or
    /// `document-content` (ods, every sheet in one part).
    Sheet,
    SharedStrings,
    Styles,
    Other,
}

/// The cells calamine would lay out for one `.ods` table: it expands
/// repeated rows and cells, and builds a dense range from the first to the
/// last filled row and column of every table when the workbook is opened.
#[derive(Debug, Default)]
struct OdsTable {
    name: String,
    /// Rows before the current one, repeats counted (capped as calamine
    /// caps them, at Excel's last row).
    rows: u64,
    /// The current row's repeats, next column and filled columns.
    repeats: u64,
    col: u64,
    filled: Option<(u64, u64)>,
    /// First and past-the-last filled row, first and last filled column.
    span: Option<(u64, u64, u64, u64)>,
    /// Cells of the rows as read, before rows are repeated.
    read: u64,
}

/// Where calamine's cell reader would be in a sheet's rows and cells.
#[derive(Debug, Default)]
struct Grid {
    in_data: bool,
    row: u64,
    col: u64,
    last_row_element: Option<u64>,
    last_cell: Option<(u64, u64)>,
}

struct XmlPart {
    name: String,
    lower: String,
    lex: Lex,
    /// Bytes of the current text or markup.
    token: u64,
    /// The current tag, after `<` (kept whole: at most [`MAX_TOKEN_BYTES`]).
    tag: Vec<u8>,
    /// The last bytes of a comment, CDATA or processing instruction.
    tail: [u8; 2],
    root: Root,
    elements: u64,
    strings: u64,
    cells: u64,
    styles: u64,
    grid: Grid,
    ods: OdsTable,
    problem: Option<SheetProblem>,
    relationships: Vec<(String, String, String)>,
    sheets: Vec<(String, String)>,
}

impl XmlPart {
    fn new(name: &str, lower: &str) -> XmlPart {
        XmlPart {
            name: name.to_string(),
            lower: lower.to_string(),
            lex: Lex::Text,
            token: 0,
            tag: Vec::new(),
            tail: [0; 2],
            root: Root::Unknown,
            elements: 0,
            strings: 0,
            cells: 0,
            styles: 0,
            grid: Grid::default(),
            ods: OdsTable::default(),
            problem: None,
            relationships: Vec::new(),
            sheets: Vec::new(),
        }
    }

    fn part(&self) -> String {
        crate::error::quote(&self.name)
    }

    fn refuse(&self, what: String) -> String {
        format!("its part `{}` {what} ({ADVICE})", self.part())
    }

    fn grow(&mut self) -> Result<(), String> {
        self.token += 1;
        if self.token > MAX_TOKEN_BYTES {
            return Err(self.refuse(format!(
                "holds a text or tag longer than {} bytes ({}), the limit",
                thousands(MAX_TOKEN_BYTES),
                gib_or_mib(MAX_TOKEN_BYTES)
            )));
        }
        Ok(())
    }

    fn byte(&mut self, b: u8) -> Result<(), String> {
        match self.lex {
            Lex::Text => {
                if b == b'<' {
                    self.lex = Lex::Open;
                    self.token = 1;
                    self.tag.clear();
                } else {
                    self.grow()?;
                }
            }
            Lex::Open => {
                self.grow()?;
                match b {
                    b'!' => {
                        self.lex = Lex::Bang;
                        self.tag.clear();
                    }
                    b'?' => {
                        self.lex = Lex::Pi;
                        self.tail = [0; 2];
                    }
                    b'>' => {
                        self.lex = Lex::Text;
                        self.token = 0;
                    }
                    _ => {
                        self.lex = Lex::Tag(None);
                        self.tag.push(b);
                        if b == b'"' || b == b'\'' {
                            self.lex = Lex::Tag(Some(b));
                        }
                    }
                }
            }
            Lex::Bang => {
                self.grow()?;
                self.tag.push(b);
                if self.tag == b"--" {
                    self.lex = Lex::Comment;
                    self.tail = [0; 2];
                } else if self.tag == b"[CDATA[" {
                    self.lex = Lex::CData;
                    self.tail = [0; 2];
                } else if !b"--".starts_with(&self.tag) && !b"[CDATA[".starts_with(&self.tag) {
                    return Err(self.refuse(
                        "holds a DOCTYPE or other declaration, which no spreadsheet program writes"
                            .into(),
                    ));
                }
            }
            Lex::Comment | Lex::CData | Lex::Pi => {
                self.grow()?;
                let end = match self.lex {
                    Lex::Comment => b == b'>' && self.tail == *b"--",
                    Lex::CData => b == b'>' && self.tail == *b"]]",
                    _ => b == b'>' && self.tail[1] == b'?',
                };
                if end {
                    self.lex = Lex::Text;
                    self.token = 0;
                } else {
                    self.tail = [self.tail[1], b];
                }
            }
            Lex::Tag(quote) => {
                self.grow()?;
                match (quote, b) {
                    (None, b'>') => {
                        self.lex = Lex::Text;
                        self.token = 0;
                        let tag = std::mem::take(&mut self.tag);
                        let done = self.element(&tag);
                        self.tag = tag;
                        done?;
                        return Ok(());
                    }
                    (None, b'"' | b'\'') => self.lex = Lex::Tag(Some(b)),
                    (Some(q), b) if q == b => self.lex = Lex::Tag(None),
                    _ => {}
                }
                self.tag.push(b);
            }
        }
        Ok(())
    }

    /// One whole tag, the bytes between `<` and `>`.
    fn element(&mut self, tag: &[u8]) -> Result<(), String> {
        let (end, body) = match tag.strip_prefix(b"/") {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let empty = !end && body.ends_with(b"/");
        let name_len = body
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(body.len());
        let qname = &body[..name_len];
        let local = match qname.iter().rposition(|&b| b == b':') {
            Some(i) => &qname[i + 1..],
            None => qname,
        };
        if end {
            return self.end_element(local);
        }
        self.elements += 1;
        if self.root == Root::Unknown {
            self.root = match local {
                b"worksheet" | b"chartsheet" | b"dialogsheet" | b"macrosheet"
                | b"document-content" => Root::Sheet,
                b"sst" => Root::SharedStrings,
                b"styleSheet" => Root::Styles,
                _ => Root::Other,
            };
        }
        let attrs = &body[name_len..];
        match (self.root, local) {
            (Root::SharedStrings, b"sst") => {
                if let Some(n) = attr(attrs, b"uniqueCount") {
                    let n = digits(&n).unwrap_or(0);
                    if n > MAX_SHARED_STRINGS {
                        return Err(self.refuse(format!(
                            "claims {} shared strings; a workbook may hold at most {}",
                            thousands(n),
                            thousands(MAX_SHARED_STRINGS)
                        )));
                    }
                }
            }
            (Root::SharedStrings, b"si") => {
                self.strings += 1;
                if self.strings > MAX_SHARED_STRINGS {
                    return Err(self.too_many_strings(self.strings));
                }
            }
            (Root::Styles, b"xf" | b"font" | b"fill" | b"border" | b"numFmt" | b"dxf") => {
                self.styles += 1;
                if self.styles > MAX_STYLES {
                    return Err(self.refuse(format!(
                        "holds more than {} style records, the limit",
                        thousands(MAX_STYLES)
                    )));
                }
            }
            (Root::Sheet, b"c") => {
                self.count_cell()?;
                if self.grid.in_data {
                    self.cell(attrs);
                }
            }
            (Root::Sheet, b"table") => {
                self.ods = OdsTable {
                    name: attr_by_local(attrs, b"name").map_or(String::new(), |v| unescape(&v)),
                    ..OdsTable::default()
                };
            }
            (Root::Sheet, b"table-row") => {
                let t = &mut self.ods;
                let repeats = attr_by_local(attrs, b"number-rows-repeated")
                    .and_then(|v| digits(&v))
                    .unwrap_or(1);
                t.repeats = repeats.min(SHEET_ROWS.saturating_sub(t.rows));
                t.col = 0;
                t.filled = None;
            }
            (Root::Sheet, b"table-cell" | b"covered-table-cell") => {
                self.count_cell()?;
                let t = &mut self.ods;
                let repeats = attr_by_local(attrs, b"number-columns-repeated")
                    .and_then(|v| digits(&v))
                    .unwrap_or(1);
                // Filled: a value, or content (a cell written `<…/>` has
                // none).
                if attr_by_local(attrs, b"value-type").is_some() || !empty {
                    let first = t.filled.map_or(t.col, |(f, _)| f);
                    t.filled = Some((first, t.col.saturating_add(repeats)));
                }
                t.col = t.col.saturating_add(repeats).min(SHEET_COLUMNS);
            }
            (Root::Sheet, b"sheetData") => self.grid.in_data = true,
            (Root::Sheet, b"row") if self.grid.in_data => self.row(attrs),
            (Root::Sheet, b"dimension") => {
                if let Some(r) = attr(attrs, b"ref") {
                    self.range("dimension", &r);
                }
            }
            (Root::Sheet, b"f") => {
                if let Some(r) = attr(attrs, b"ref") {
                    self.range("shared formula", &r);
                }
                if let Some(si) = attr(attrs, b"si") {
                    if digits(&si).is_some_and(|n| n > MAX_SHARED_FORMULAS) {
                        self.note(
                            self.grid.row + 1,
                            format!(
                                "a formula's shared index `{}` is above {}, the limit",
                                crate::error::quote(&String::from_utf8_lossy(&si)),
                                thousands(MAX_SHARED_FORMULAS)
                            ),
                        );
                    }
                }
            }
            (_, b"Relationship") if self.relationships.len() < MAX_RELATIONSHIPS => {
                let get = |k: &[u8]| attr(attrs, k).map_or(String::new(), |v| unescape(&v));
                self.relationships
                    .push((get(b"Id"), get(b"Type"), get(b"Target")));
            }
            (Root::Other, b"sheet") if self.sheets.len() < MAX_RELATIONSHIPS => {
                let name = attr(attrs, b"name").map(|v| unescape(&v));
                let id = attr_by_local(attrs, b"id").map(|v| unescape(&v));
                if let (Some(name), Some(id)) = (name, id) {
                    self.sheets.push((name, id));
                }
            }
            _ => {}
        }
        if self.root != Root::Sheet
            && self.root != Root::SharedStrings
            && self.elements > MAX_PART_ELEMENTS
        {
            return Err(self.refuse(format!(
                "holds more than {} elements, the limit for a part other than a sheet",
                thousands(MAX_PART_ELEMENTS)
            )));
        }
        if empty {
            self.end_element(local)?;
        }
        Ok(())
    }

    fn count_cell(&mut self) -> Result<(), String> {
        self.cells += 1;
        if self.cells > MAX_SHEET_CELLS {
            return Err(self.refuse(format!(
                "holds more than {} cells, the limit for a sheet",
                thousands(MAX_SHEET_CELLS)
            )));
        }
        Ok(())
    }

    fn too_many_strings(&self, n: u64) -> String {
        self.refuse(format!(
            "holds {} shared strings or more; a workbook may hold at most {}",
            thousands(n),
            thousands(MAX_SHARED_STRINGS)
        ))
    }

    fn end_element(&mut self, local: &[u8]) -> Result<(), String> {
        if self.root != Root::Sheet {
            return Ok(());
        }
        match local {
            b"table-row" => {
                let t = &mut self.ods;
                if let Some((first, end)) = t.filled {
                    t.read = t.read.saturating_add(end.min(SHEET_COLUMNS));
                    let (r0, _, c0, c1) = t.span.unwrap_or((t.rows, 0, first, end - 1));
                    t.span = Some((r0, t.rows + t.repeats, c0.min(first), c1.max(end - 1)));
                }
                t.rows = t.rows.saturating_add(t.repeats);
                if t.read > MAX_SHEET_CELLS {
                    let read = t.read;
                    return Err(self.ods_too_big(read));
                }
            }
            b"table" => {
                let t = &self.ods;
                if let Some((r0, r1, c0, c1)) = t.span {
                    let cells = (r1 - r0).saturating_mul(c1 - c0 + 1);
                    if cells > MAX_SHEET_CELLS {
                        return Err(self.ods_too_big(cells));
                    }
                }
            }
            _ if !self.grid.in_data => {}
            b"sheetData" => self.grid.in_data = false,
            b"row" => {
                self.grid.row += 1;
                self.grid.col = 0;
            }
            b"c" => self.grid.col += 1,
            _ => {}
        }
        Ok(())
    }

    fn ods_too_big(&self, cells: u64) -> String {
        self.refuse(format!(
            "lays its table `{}` out as {} cells (from its first to its last filled row and column, repeated rows and cells counted); a sheet may span at most {}",
            crate::error::quote(&self.ods.name),
            thousands(cells),
            thousands(MAX_SHEET_CELLS)
        ))
    }

    /// Keeps the first problem of the part.
    fn note(&mut self, row: u64, problem: String) {
        if self.problem.is_none() {
            self.problem = Some(SheetProblem { row, problem });
        }
    }

    /// `<row r="…">`: the row calamine's reader moves to.
    fn row(&mut self, attrs: &[u8]) {
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
    fn cell(&mut self, attrs: &[u8]) {
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
    fn range(&mut self, what: &str, r: &[u8]) {
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

impl Scan for XmlPart {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), String> {
        let mut i = 0;
        while i < bytes.len() {
            // Text and the inside of tags are the bulk of a part: they are
            // taken a run at a time, up to the next byte that matters.
            let run = match self.lex {
                Lex::Text => bytes[i..].iter().position(|&b| b == b'<'),
                Lex::Tag(None) => bytes[i..]
                    .iter()
                    .position(|&b| matches!(b, b'>' | b'"' | b'\'')),
                _ => Some(0),
            }
            .unwrap_or(bytes.len() - i);
            if run > 0 {
                self.token += run as u64 - 1;
                self.grow()?;
                if let Lex::Tag(_) = self.lex {
                    self.tag.extend_from_slice(&bytes[i..i + run]);
                }
                i += run;
                continue;
            }
            self.byte(bytes[i])?;
            i += 1;
        }
        Ok(())
    }

    fn finish(self: Box<Self>, found: &mut Found) -> Result<(), String> {
        found.parts.insert(self.lower.clone());
        if let Some(p) = self.problem {
            found.problems.push((self.lower.clone(), p));
        }
        if !self.relationships.is_empty() && found.kept_relationships < MAX_RELATIONSHIPS {
            found.kept_relationships += self.relationships.len();
            found
                .relationships
                .insert(self.lower.clone(), self.relationships);
        }
        if !self.sheets.is_empty() {
            found.workbooks.insert(self.lower, self.sheets);
        }
        Ok(())
    }
}

/// An `.xlsb` part: a stream of records, each a type (1–2 bytes) and a
/// length (1–4 bytes, 7 bits each), then that many bytes.
struct BinPart {
    name: String,
    shared_strings: bool,
    /// Header bytes of the record being read.
    header: Vec<u8>,
    /// Bytes of the current record's body still to skip.
    skip: u64,
    strings: u64,
}

impl BinPart {
    fn new(name: &str, lower: &str) -> BinPart {
        BinPart {
            name: name.to_string(),
            shared_strings: lower.ends_with("sharedstrings.bin"),
            header: Vec::new(),
            skip: 0,
            strings: 0,
        }
    }

    /// The record type and length, once the header is complete.
    fn header(&self) -> Option<(u64, u64)> {
        let h = &self.header;
        let type_len = if h.first()? & 0x80 != 0 { 2 } else { 1 };
        if h.len() < type_len {
            return None;
        }
        let typ = if type_len == 2 {
            u64::from(h[0] & 0x7F) | (u64::from(h[1] & 0x7F) << 7)
        } else {
            u64::from(h[0])
        };
        let mut len = 0u64;
        for (i, &b) in h[type_len..].iter().enumerate() {
            len |= u64::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                return Some((typ, len));
            }
            if i == 3 {
                return Some((typ, len));
            }
        }
        None
    }
}

impl Scan for BinPart {
    fn feed(&mut self, mut bytes: &[u8]) -> Result<(), String> {
        while !bytes.is_empty() {
            if self.skip > 0 {
                let n = self.skip.min(bytes.len() as u64);
                self.skip -= n;
                bytes = &bytes[n as usize..];
                continue;
            }
            self.header.push(bytes[0]);
            bytes = &bytes[1..];
            if let Some((typ, len)) = self.header() {
                self.header.clear();
                if len > MAX_TOKEN_BYTES {
                    return Err(format!(
                        "its part `{}` holds a record of {} bytes; the limit is {} ({}) ({ADVICE})",
                        crate::error::quote(&self.name),
                        thousands(len),
                        thousands(MAX_TOKEN_BYTES),
                        gib_or_mib(MAX_TOKEN_BYTES)
                    ));
                }
                // BrtSSTItem: one shared string.
                if self.shared_strings && typ == 0x13 {
                    self.strings += 1;
                    if self.strings > MAX_SHARED_STRINGS {
                        return Err(format!(
                            "its part `{}` holds {} shared strings or more; a workbook may hold at most {} ({ADVICE})",
                            crate::error::quote(&self.name),
                            thousands(self.strings),
                            thousands(MAX_SHARED_STRINGS)
                        ));
                    }
                }
                self.skip = len;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, _: &mut Found) -> Result<(), String> {
        Ok(())
    }
}

/// The value of the attribute named exactly `key` in a tag's attribute
/// bytes, as written (entities not decoded).
fn attr(attrs: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    attributes(attrs)
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_vec())
}

/// The value of the first attribute whose local name (after any prefix) is
/// `key`.
fn attr_by_local(attrs: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    attributes(attrs)
        .find(|(k, _)| {
            let local = match k.iter().rposition(|&b| b == b':') {
                Some(i) => &k[i + 1..],
                None => k,
            };
            local == key
        })
        .map(|(_, v)| v.to_vec())
}

/// The `name="value"` pairs of a tag's attribute bytes.
fn attributes(mut s: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    std::iter::from_fn(move || {
        let start = s
            .iter()
            .position(|b| !b.is_ascii_whitespace() && *b != b'/')?;
        s = &s[start..];
        let eq = s.iter().position(|&b| b == b'=')?;
        let key = s[..eq].trim_ascii();
        let rest = s[eq + 1..].trim_ascii_start();
        let quote = *rest.first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let close = rest[1..].iter().position(|&b| b == quote)?;
        let value = &rest[1..1 + close];
        s = &rest[close + 2..];
        Some((key, value))
    })
}

/// A whole number written in decimal digits (saturating), or `None`.
fn digits(v: &[u8]) -> Option<u64> {
    if v.is_empty() || !v.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(v.iter().fold(0u64, |n, &d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// A cell or row reference (`C4294967298`, `5`), 1-based, as calamine reads
/// it (letters then digits) but without wrapping: (row, column if any).
/// `None` when it is not one.
fn reference(v: &[u8]) -> Option<(u64, Option<u64>)> {
    let letters = v.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let row = digits(&v[letters..])?;
    let col = v[..letters].iter().fold(0u64, |c, &b| {
        c.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    Some((row, (letters > 0).then_some(col)))
}

/// An attribute value with XML's five entities and character references
/// decoded (a sheet name may hold `&amp;`).
fn unescape(v: &[u8]) -> String {
    let s = String::from_utf8_lossy(v);
    if !s.contains('&') {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_ref();
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else {
            break;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_without_wrapping() {
        assert_eq!(reference(b"C2"), Some((2, Some(3))));
        assert_eq!(reference(b"c2"), Some((2, Some(3))));
        assert_eq!(reference(b"C4294967298"), Some((4_294_967_298, Some(3))));
        assert_eq!(reference(b"XFD1048576"), Some((1_048_576, Some(16_384))));
        assert_eq!(reference(b"5"), Some((5, None)));
        assert_eq!(reference(b"A"), None);
        assert_eq!(reference(b"A1B"), None);
        assert_eq!(
            reference(b"AAAAAAAAAAAAAAAAAAAA1"),
            Some((1, Some(u64::MAX)))
        );
    }

    #[test]
    fn attributes_are_found_in_either_quote() {
        let tag = br#" r="C2" s='3' t="s" x:id="rId7""#;
        assert_eq!(attr(tag, b"r"), Some(b"C2".to_vec()));
        assert_eq!(attr(tag, b"s"), Some(b"3".to_vec()));
        assert_eq!(attr(tag, b"id"), None);
        assert_eq!(attr_by_local(tag, b"id"), Some(b"rId7".to_vec()));
        assert_eq!(unescape(b"R&amp;D &#x6D3E;&#20986;"), "R&D 派出");
    }

    fn sheet_problem(xml: &str) -> Option<SheetProblem> {
        let mut part = Box::new(XmlPart::new("xl/worksheets/sheet1.xml", "x"));
        part.feed(xml.as_bytes()).unwrap();
        part.problem
    }

    #[test]
    fn a_sheet_is_followed_as_calamine_reads_it() {
        let ok = r#"<?xml version="1.0"?><worksheet><dimension ref="A1:C3"/><sheetData>
            <row r="1"><c r="A1"><v>1</v></c><c><v>2</v></c></row>
            <row><c r="A2"/><c r="C2"/></row><row r="3"><c><v>3</v></c></row>
            </sheetData></worksheet>"#;
        assert_eq!(sheet_problem(ok), None);
        let wrapped = ok.replace(r#"<c r="C2"/>"#, r#"<c r="C4294967298"/>"#);
        let p = sheet_problem(&wrapped).unwrap();
        assert_eq!(p.row, 4_294_967_298);
        assert!(
            p.problem
                .contains("cell `C4294967298` lies outside any sheet"),
            "{p:?}"
        );
        let back = ok.replace(r#"<row r="3">"#, r#"<row r="1">"#);
        let p = sheet_problem(&back).unwrap();
        assert_eq!(p.row, 1);
        assert!(
            p.problem.contains("the row numbered 1 comes after row 2"),
            "{p:?}"
        );
        // No `r` on the cell: it takes the row's number, after a cell of it.
        let twice = ok.replace(r#"<c><v>2</v></c>"#, r#"<c r="B1"/><c r="B1"/>"#);
        let p = sheet_problem(&twice).unwrap();
        assert!(p.problem.contains("cell B1 comes after cell B1"), "{p:?}");
        let dim = ok.replace(r#"ref="A1:C3""#, r#"ref="C3:A1""#);
        assert!(sheet_problem(&dim)
            .unwrap()
            .problem
            .contains("dimension range `C3:A1`"));
    }

    #[test]
    fn comments_and_cdata_end_where_an_xml_reader_ends_them() {
        let xml =
            r#"<worksheet><!-- a > b --><x><![CDATA[ <c r="A0"> ]]></x><sheetData/></worksheet>"#;
        assert_eq!(sheet_problem(xml), None);
        let mut part = Box::new(XmlPart::new("p.xml", "p.xml"));
        let doctype = part
            .feed(b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>")
            .unwrap_err();
        assert!(doctype.contains("DOCTYPE"), "{doctype}");
    }
}
