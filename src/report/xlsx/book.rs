//! A small SpreadsheetML (Office Open XML) writer: what `plan.xlsx` needs
//! and nothing more. Sheets of text, numbers and booleans; one bold style
//! for headers; number formats made on first use; column widths; a frozen
//! first row; a filter over the table; document properties with a fixed
//! date.
//!
//! Text goes in as inline strings (`t="inlineStr"`), never as formulas, so
//! no shared-string table is built; numbers are written as the shortest
//! decimal that reads back as the same float (`ryu`, integers by `itoa`),
//! so every value is exact. Each sheet's XML is deflated as it is
//! written, a few rows at a time.

use std::fmt::Write as _;
use std::io;

use super::zip::{Part, Zip};

/// A cell's style: an index into the workbook's cell formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style(u32);

impl Style {
    /// No format: General.
    pub const PLAIN: Style = Style(0);
    /// Bold text (headers).
    pub const BOLD: Style = Style(1);
}

/// The first id Excel leaves to a workbook's own number formats.
const FIRST_NUM_FMT: usize = 164;

/// Excel's limits on a sheet: rows and columns.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u16 = 16_384;

/// How many bytes of a sheet's XML are gathered before they are deflated.
const CHUNK: usize = 1 << 16;

struct SheetEntry {
    name: String,
    /// The filter's range (`A1:U1632`), if the sheet has one.
    filter: Option<String>,
}

/// A workbook being written.
pub struct Book {
    zip: Zip,
    sheets: Vec<SheetEntry>,
    /// The number formats (`0.00`, `0.0%`), in order of first use.
    formats: Vec<String>,
}

impl Book {
    /// An empty workbook whose parts are deflated at `level` (0–9).
    pub fn new(level: u32) -> Book {
        Book {
            zip: Zip::new(level),
            sheets: Vec::new(),
            formats: Vec::new(),
        }
    }

    /// The style of numbers shown with this format code (`0.00`, `0.0%`).
    pub fn number_style(&mut self, code: &str) -> Style {
        let i = match self.formats.iter().position(|f| f == code) {
            Some(i) => i,
            None => {
                self.formats.push(code.to_string());
                self.formats.len() - 1
            }
        };
        Style(i as u32 + 2)
    }

    /// Starts a sheet of `rows` × `cols` cells (header included) named
    /// `name`, with these column widths (in characters of the default
    /// font), its first row frozen, and a filter over all its cells when
    /// `filter` is set.
    pub fn sheet(
        &mut self,
        name: &str,
        rows: u32,
        cols: u16,
        widths: &[f64],
        filter: bool,
    ) -> io::Result<Sheet<'_>> {
        if rows > MAX_ROWS || cols > MAX_COLS {
            return Err(io::Error::other(format!(
                "sheet {name}: {rows} rows × {cols} columns is more than Excel's \
                 {MAX_ROWS} × {MAX_COLS}"
            )));
        }
        let index = self.sheets.len() + 1;
        let part = self.zip.start(&format!("xl/worksheets/sheet{index}.xml"))?;
        let letters: Vec<String> = (0..cols.max(1)).map(column_name).collect();
        let last = format!("{}{}", letters[letters.len() - 1], rows.max(1));
        let mut xml = String::with_capacity(CHUNK + 4096);
        xml.push_str(XML_DECL);
        xml.push_str(
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
        );
        let _ = write!(xml, "<dimension ref=\"A1:{last}\"/>");
        let selected = if index == 1 { " tabSelected=\"1\"" } else { "" };
        let _ = write!(
            xml,
            "<sheetViews><sheetView{selected} workbookViewId=\"0\">\
             <pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
             <selection pane=\"bottomLeft\"/></sheetView></sheetViews>\
             <sheetFormatPr defaultRowHeight=\"15\"/>"
        );
        write_cols(&mut xml, widths);
        xml.push_str("<sheetData>");
        self.sheets.push(SheetEntry {
            name: name.to_string(),
            filter: filter.then(|| format!("A1:{last}")),
        });
        Ok(Sheet {
            book: self,
            part,
            xml,
            letters,
            row: 0,
            row_digits: String::new(),
            number: ryu::Buffer::new(),
            int: itoa::Buffer::new(),
        })
    }

    /// The workbook's bytes: the sheets written so far, then the workbook,
    /// its styles, relationships and document properties.
    pub fn finish(mut self) -> io::Result<Vec<u8>> {
        let n = self.sheets.len();
        let mut x = String::new();
        x.push_str(XML_DECL);
        x.push_str(
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
             <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
             <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
             <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
        );
        for i in 1..=n {
            let _ = write!(
                x,
                "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" \
                 ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            );
        }
        x.push_str("</Types>");
        self.zip.add("[Content_Types].xml", x.as_bytes())?;

        self.zip.add("_rels/.rels", ROOT_RELS.as_bytes())?;

        let mut x = String::new();
        x.push_str(XML_DECL);
        x.push_str(
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
        );
        for i in 1..=n {
            let _ = write!(
                x,
                "<Relationship Id=\"rId{i}\" \
                 Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" \
                 Target=\"worksheets/sheet{i}.xml\"/>"
            );
        }
        let _ = write!(
            x,
            "<Relationship Id=\"rId{}\" \
             Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" \
             Target=\"styles.xml\"/></Relationships>",
            n + 1
        );
        self.zip.add("xl/_rels/workbook.xml.rels", x.as_bytes())?;

        let mut x = String::new();
        x.push_str(XML_DECL);
        x.push_str(
            "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
             <bookViews><workbookView xWindow=\"240\" yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>",
        );
        for (i, s) in self.sheets.iter().enumerate() {
            x.push_str("<sheet name=\"");
            escape_into(&mut x, &s.name, true);
            let _ = write!(x, "\" sheetId=\"{}\" r:id=\"rId{}\"/>", i + 1, i + 1);
        }
        x.push_str("</sheets>");
        if self.sheets.iter().any(|s| s.filter.is_some()) {
            x.push_str("<definedNames>");
            for (i, s) in self.sheets.iter().enumerate() {
                if let Some(range) = &s.filter {
                    let _ = write!(
                        x,
                        "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">"
                    );
                    let quoted = format!("'{}'!{}", s.name.replace('\'', "''"), absolute(range));
                    escape_into(&mut x, &quoted, false);
                    x.push_str("</definedName>");
                }
            }
            x.push_str("</definedNames>");
        }
        x.push_str("<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>");
        self.zip.add("xl/workbook.xml", x.as_bytes())?;

        let styles = styles_xml(&self.formats);
        self.zip.add("xl/styles.xml", styles.as_bytes())?;

        self.zip.add("docProps/core.xml", CORE.as_bytes())?;
        let mut x = String::new();
        x.push_str(XML_DECL);
        let _ = write!(
            x,
            "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
             xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
             <Application>staffing</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>\
             <HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>\
             <vt:variant><vt:i4>{n}</vt:i4></vt:variant></vt:vector></HeadingPairs>\
             <TitlesOfParts><vt:vector size=\"{n}\" baseType=\"lpstr\">"
        );
        for s in &self.sheets {
            x.push_str("<vt:lpstr>");
            escape_into(&mut x, &s.name, false);
            x.push_str("</vt:lpstr>");
        }
        x.push_str(
            "</vt:vector></TitlesOfParts><LinksUpToDate>false</LinksUpToDate>\
             <SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>\
             <AppVersion>12.0000</AppVersion></Properties>",
        );
        self.zip.add("docProps/app.xml", x.as_bytes())?;
        self.zip.finish()
    }
}

/// A sheet being written, row by row, left to right.
pub struct Sheet<'a> {
    book: &'a mut Book,
    part: Part,
    xml: String,
    letters: Vec<String>,
    /// The number (1-based) of the row open, 0 before the first.
    row: u32,
    /// That number written out, for every cell's reference.
    row_digits: String,
    number: ryu::Buffer,
    int: itoa::Buffer,
}

impl Sheet<'_> {
    /// The style of numbers shown with this format code.
    pub fn number_style(&mut self, code: &str) -> Style {
        self.book.number_style(code)
    }

    /// Starts the next row (ending the one before).
    pub fn row(&mut self) -> io::Result<()> {
        if self.row > 0 {
            self.xml.push_str("</row>");
            if self.xml.len() >= CHUNK {
                self.book.zip.write(&mut self.part, self.xml.as_bytes())?;
                self.xml.clear();
            }
        }
        self.row += 1;
        self.row_digits.clear();
        self.row_digits.push_str(self.int.format(self.row));
        self.xml.push_str("<row r=\"");
        self.xml.push_str(&self.row_digits);
        self.xml.push_str("\">");
        Ok(())
    }

    fn open(&mut self, col: usize, style: Style, kind: &str) {
        self.xml.push_str("<c r=\"");
        self.xml.push_str(&self.letters[col]);
        self.xml.push_str(&self.row_digits);
        if style != Style::PLAIN {
            self.xml.push_str("\" s=\"");
            self.xml.push_str(self.int.format(style.0));
        }
        self.xml.push('"');
        self.xml.push_str(kind);
        self.xml.push('>');
    }

    /// A text cell in column `col` (0-based) of the open row.
    pub fn text(&mut self, col: usize, s: &str, style: Style) {
        self.open(col, style, " t=\"inlineStr\"");
        let ws = ['\t', '\n', ' '];
        if s.starts_with(ws) || s.ends_with(ws) {
            self.xml.push_str("<is><t xml:space=\"preserve\">");
        } else {
            self.xml.push_str("<is><t>");
        }
        escape_into(&mut self.xml, s, false);
        self.xml.push_str("</t></is></c>");
    }

    /// A number cell; `v` must be finite.
    pub fn number(&mut self, col: usize, v: f64, style: Style) {
        debug_assert!(v.is_finite());
        self.open(col, style, "");
        self.xml.push_str("<v>");
        let s = self.number.format_finite(v);
        // ryu writes whole numbers as `5.0`: Excel's own form is `5`.
        self.xml.push_str(s.strip_suffix(".0").unwrap_or(s));
        self.xml.push_str("</v></c>");
    }

    /// A whole-number cell.
    pub fn int(&mut self, col: usize, v: i64, style: Style) {
        self.open(col, style, "");
        self.xml.push_str("<v>");
        self.xml.push_str(self.int.format(v));
        self.xml.push_str("</v></c>");
    }

    /// A TRUE/FALSE cell.
    pub fn boolean(&mut self, col: usize, b: bool) {
        self.open(col, Style::PLAIN, " t=\"b\"");
        self.xml
            .push_str(if b { "<v>1</v></c>" } else { "<v>0</v></c>" });
    }

    /// Ends the sheet: its filter and page margins, and the part.
    pub fn finish(mut self) -> io::Result<()> {
        if self.row > 0 {
            self.xml.push_str("</row>");
        }
        self.xml.push_str("</sheetData>");
        if let Some(range) = self.book.sheets.last().and_then(|s| s.filter.as_ref()) {
            let _ = write!(self.xml, "<autoFilter ref=\"{range}\"/>");
        }
        self.xml.push_str(
            "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>",
        );
        self.book.zip.write(&mut self.part, self.xml.as_bytes())?;
        self.book.zip.end(self.part)
    }
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

/// The document properties: author `staffing`, created and modified at a
/// fixed date so the same plan gives the same bytes.
const CORE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<dc:creator>staffing</dc:creator><cp:lastModifiedBy>staffing</cp:lastModifiedBy>\
<dcterms:created xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:created>\
<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2000-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>";

/// The styles: Calibri 11 (Excel's default, which column widths are
/// measured in), a bold variant, and one cell format per number format.
fn styles_xml(formats: &[String]) -> String {
    let mut x = String::new();
    x.push_str(XML_DECL);
    x.push_str("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
    if !formats.is_empty() {
        let _ = write!(x, "<numFmts count=\"{}\">", formats.len());
        for (i, f) in formats.iter().enumerate() {
            let _ = write!(
                x,
                "<numFmt numFmtId=\"{}\" formatCode=\"",
                FIRST_NUM_FMT + i
            );
            escape_into(&mut x, f, true);
            x.push_str("\"/>");
        }
        x.push_str("</numFmts>");
    }
    x.push_str(
        "<fonts count=\"2\"><font><sz val=\"11\"/><color rgb=\"FF000000\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
         <font><b/><sz val=\"11\"/><color rgb=\"FF000000\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>\
         <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
         <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
         <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    );
    let _ = write!(
        x,
        "<cellXfs count=\"{}\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
        formats.len() + 2
    );
    for i in 0..formats.len() {
        let _ = write!(
            x,
            "<xf numFmtId=\"{}\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>",
            FIRST_NUM_FMT + i
        );
    }
    x.push_str(
        "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
         <dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>",
    );
    x
}

/// The `<cols>` element: widths in characters, stored as Excel stores
/// them (the width in pixels of Calibri 11's 7-pixel digit plus 5 pixels
/// of padding, in 1/256ths of a digit), neighbours of one width merged.
fn write_cols(x: &mut String, widths: &[f64]) {
    if widths.is_empty() {
        return;
    }
    x.push_str("<cols>");
    let mut c = 0;
    while c < widths.len() {
        let mut end = c;
        while end + 1 < widths.len() && widths[end + 1] == widths[c] {
            end += 1;
        }
        let _ = write!(
            x,
            "<col min=\"{}\" max=\"{}\" width=\"{}\" customWidth=\"1\"/>",
            c + 1,
            end + 1,
            stored_width(widths[c])
        );
        c = end + 1;
    }
    x.push_str("</cols>");
}

/// A column width in characters as Excel stores it.
fn stored_width(chars: f64) -> f64 {
    let pixels = if chars < 1.0 {
        (chars * 12.0 + 0.5).trunc()
    } else {
        (chars * 7.0 + 0.5).trunc() + 5.0
    };
    (pixels / 7.0 * 256.0).trunc() / 256.0
}

/// Excel's name of a column: A … Z, AA … XFD.
fn column_name(col: u16) -> String {
    let mut n = col as u32 + 1;
    let mut name = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        name.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `A1:U1632` as `$A$1:$U$1632`.
fn absolute(range: &str) -> String {
    range
        .split(':')
        .map(|cell| {
            let digits = cell
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(cell.len());
            format!("${}${}", &cell[..digits], &cell[digits..])
        })
        .collect::<Vec<_>>()
        .join(":")
}

/// Appends `s` escaped for XML text (or an attribute, with `quote`): `&`,
/// `<`, `>` (and `"`) as entities; control characters XML cannot hold as
/// Excel writes them, `_xHHHH_`, and a literal `_xHHHH_` in the text with
/// its underscore escaped (`_x005F_xHHHH_`) so it reads back as typed.
fn escape_into(x: &mut String, s: &str, quote: bool) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (rep, len): (&str, usize) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if quote => ("&quot;", 1),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            b'_' if looks_escaped(&bytes[i..]) => ("_x005F_", 1),
            0..=0x1F => ("", 1),
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                ("", 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        x.push_str(&s[start..i]);
        if rep.is_empty() {
            let c = s[i..].chars().next().map_or(0, u32::from);
            let _ = write!(x, "_x{c:04X}_");
        } else {
            x.push_str(rep);
        }
        i += len;
        start = i;
    }
    x.push_str(&s[start..]);
}

/// Whether bytes start with `_xHHHH_`.
fn looks_escaped(b: &[u8]) -> bool {
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_follow_excel() {
        let names: Vec<String> = [0, 25, 26, 51, 52, 701, 702, 16383]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
    }

    #[test]
    fn widths_are_stored_as_excel_stores_them() {
        assert_eq!(stored_width(12.0), 12.7109375);
        assert_eq!(stored_width(45.0), 45.7109375);
        assert_eq!(stored_width(6.0), 6.7109375);
    }

    #[test]
    fn text_is_escaped_for_xml_and_excel() {
        let mut x = String::new();
        escape_into(
            &mut x,
            "a&b<c>\"d\"\te\n\r\u{1}_x0041_ _xZZ_ 派\u{FFFF}",
            false,
        );
        assert_eq!(
            x,
            "a&amp;b&lt;c&gt;\"d\"\te\n_x000D__x0001__x005F_x0041_ _xZZ_ 派_xFFFF_"
        );
        let mut x = String::new();
        escape_into(&mut x, "say \"hi\"", true);
        assert_eq!(x, "say &quot;hi&quot;");
    }

    /// A table past Excel's size is an error naming the sheet, never a
    /// workbook Excel refuses to open.
    #[test]
    fn sheets_past_excels_limits_are_refused() {
        let mut book = Book::new(1);
        let err = book
            .sheet("allocation", MAX_ROWS + 1, 3, &[], true)
            .err()
            .unwrap();
        assert!(err.to_string().contains("allocation"), "{err}");
        assert!(book.sheet("wide", 2, MAX_COLS + 1, &[], true).is_err());
        assert!(book.sheet("ok", MAX_ROWS, MAX_COLS, &[], true).is_ok());
    }

    #[test]
    fn filter_ranges_are_absolute() {
        assert_eq!(absolute("A1:U1632"), "$A$1:$U$1632");
    }
}
