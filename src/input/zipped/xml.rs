//! An XML part of a workbook, streamed through a small lexer that counts
//! what calamine would buffer and hold.

mod sheet;

use super::attrs::{attr, attr_by_local, digits, unescape};
use super::{
    gib_or_mib, Found, Scan, SheetProblem, ADVICE, MAX_PART_ELEMENTS, MAX_RELATIONSHIPS,
    MAX_SHARED_FORMULAS, MAX_SHARED_STRINGS, MAX_SHEET_CELLS, MAX_STYLES, MAX_TOKEN_BYTES,
    SHEET_COLUMNS, SHEET_ROWS,
};
use crate::input::table::thousands;

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

pub(super) struct XmlPart {
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
    pub(super) problem: Option<SheetProblem>,
    relationships: Vec<(String, String, String)>,
    sheets: Vec<(String, String)>,
}

impl XmlPart {
    pub(super) fn new(name: &str, lower: &str) -> XmlPart {
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
