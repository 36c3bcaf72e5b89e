//! `plan.xlsx`: every table a solve writes, one sheet each (allocation,
//! counties, transfers, compliance, binding, marginal, mergers), and the
//! summary.
//!
//! Text always goes in as a string cell (never a formula, so `=HYPERLINK(…)`
//! in a station name is shown, not run); numbers go in as numbers with the
//! same decimals as the CSV; shares and probabilities (a station share of
//! 0.4123) are shown as percentages (41.23%), the cell keeping the fraction
//! the CSV has ([`is_percent`]). Each sheet has a bold, frozen header row with a
//! filter, and columns as wide as their content (Chinese characters count
//! double, as Excel draws them). Headers and sheet names follow the output's
//! language. The workbook is deterministic: its creation date is fixed, so
//! the same plan gives the same bytes. It is written by our own small
//! writer ([`book`]: inline strings, numbers in their shortest exact form,
//! each sheet deflated as it is written).

mod book;
mod zip;

use std::io;

use book::{Book, Sheet, Style};

use super::csv::{Cell, Table};
use super::i18n;
use super::Lang;

/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;

fn clip(s: &str) -> &str {
    // No more bytes than the limit: no more characters either.
    if s.len() <= MAX_CELL_CHARS {
        return s;
    }
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The decimals beyond which the formats no longer change: a number shows
/// at most 15, a percentage at most 15 of a fraction's 17.
const MAX_DECIMALS: usize = 17;

fn number_format(decimals: usize) -> String {
    let mut f = String::from("0");
    if decimals > 0 {
        f.push('.');
        f.push_str(&"0".repeat(decimals.min(15)));
    }
    f
}

/// Whether a column holds a share or probability that Excel should show
/// as a percentage: the two 40% shares (before, after, paper, real), 一村一
/// 辅警 coverage and the probability a call waits.
pub fn is_percent(key: &str) -> bool {
    [
        "station_share_",
        "community_share_",
        "village_cover",
        "wait_probability_",
    ]
    .iter()
    .any(|p| key.starts_with(p))
}

fn percent_format(decimals: usize) -> String {
    // A fraction with d decimals is a percentage with d − 2.
    let d = decimals.saturating_sub(2).min(15);
    let mut f = String::from("0");
    if d > 0 {
        f.push('.');
        f.push_str(&"0".repeat(d));
    }
    f.push('%');
    f
}

/// How wide text looks in Excel's default font: CJK characters take two
/// columns, others one.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// Column widths: the widest of the header and the first rows' cells, plus
/// a margin, between 6 and 50 characters.
fn column_widths(header: &[&str], table: &Table) -> Vec<f64> {
    let mut scratch = String::new();
    header
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let cells = table
                .rows
                .iter()
                .take(2000)
                .filter_map(|r| r.get(c))
                .map(|cell| shown_width(cell, &mut scratch))
                .max()
                .unwrap_or(0);
            (display_width(h).max(cells) as f64 + 2.0).clamp(6.0, 50.0)
        })
        .collect()
}

/// The [`display_width`] of a cell as the CSV renders it
/// ([`Cell::render`]), counted without a string per cell: `scratch` holds
/// a number's text while it is measured.
fn shown_width(cell: &Cell, scratch: &mut String) -> usize {
    match cell {
        Cell::Text(s) => display_width(s) + usize::from(super::csv::needs_neutralising(s)),
        Cell::Int(v) => {
            let mut b = itoa::Buffer::new();
            b.format(*v).len()
        }
        Cell::Empty => 0,
        Cell::Num(..) | Cell::Real(_) => {
            scratch.clear();
            cell.render_into(scratch);
            // Digits, a point, a minus, `NaN`, `inf`: one column each.
            scratch.len()
        }
    }
}

fn write_table(book: &mut Book, name: &str, table: &Table, lang: Lang) -> io::Result<()> {
    let header: Vec<&str> = table.header.iter().map(|h| i18n::header(lang, h)).collect();
    let widths = column_widths(&header, table);
    let rows = table.rows.len() as u32 + 1;
    let mut sheet = book.sheet(name, rows, header.len() as u16, &widths, !header.is_empty())?;
    sheet.row()?;
    for (c, h) in header.iter().enumerate() {
        sheet.text(c, h, Style::BOLD);
    }
    let percent: Vec<bool> = table.header.iter().map(|k| is_percent(k)).collect();
    // The columns whose text [`i18n::value`] may translate: in Chinese,
    // those with a Chinese header; it leaves every other text as it is.
    let translated: Vec<bool> = table
        .header
        .iter()
        .map(|k| lang == Lang::Zh && i18n::has_header(k))
        .collect();
    // Each translated column's last text and its translation: `value` is a
    // function of the column and the text alone.
    let mut last: Vec<Option<(&str, std::borrow::Cow<str>)>> = vec![None; table.header.len()];
    // One style per number of decimals, made on first use.
    let mut numbers: [Option<Style>; MAX_DECIMALS + 1] = [None; MAX_DECIMALS + 1];
    let mut percents: [Option<Style>; MAX_DECIMALS + 1] = [None; MAX_DECIMALS + 1];
    let mut style = |sheet: &mut Sheet, d: usize, pct: bool| {
        let d = d.min(MAX_DECIMALS);
        let (slot, code) = if pct {
            (&mut percents[d], percent_format as fn(usize) -> String)
        } else {
            (&mut numbers[d], number_format as fn(usize) -> String)
        };
        *slot.get_or_insert_with(|| sheet.number_style(&code(d)))
    };
    for row in &table.rows {
        sheet.row()?;
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Num(v, d) if v.is_finite() => {
                    let pct = percent.get(c).copied().unwrap_or(false);
                    let s = style(&mut sheet, *d, pct);
                    sheet.number(c, *v, s);
                }
                Cell::Text(s) if !translated.get(c).copied().unwrap_or(false) => {
                    sheet.text(c, clip(s), Style::PLAIN);
                }
                Cell::Text(s) => {
                    // A column repeats its words (a kind, a rule, nothing):
                    // each column keeps its last translation.
                    let slot = &mut last[c];
                    let to = match slot {
                        Some((from, to)) if *from == s.as_str() => to,
                        _ => {
                            let key = table.header.get(c).map_or("", String::as_str);
                            &mut slot.insert((s.as_str(), i18n::value(lang, key, s))).1
                        }
                    };
                    sheet.text(c, clip(to), Style::PLAIN);
                }
                Cell::Int(v) => sheet.int(c, *v, Style::PLAIN),
                Cell::Real(v) if v.is_finite() => sheet.number(c, *v, Style::PLAIN),
                Cell::Num(..) | Cell::Real(_) | Cell::Empty => {}
            }
        }
    }
    sheet.finish()
}

/// One row of the summary sheet: a dotted key and a value (a leaf of the
/// summary: never an object or an array).
pub fn summary_rows(value: &serde_json::Value) -> Vec<(String, &serde_json::Value)> {
    fn walk<'v>(
        prefix: &mut String,
        v: &'v serde_json::Value,
        out: &mut Vec<(String, &'v serde_json::Value)>,
    ) {
        let mut child = |prefix: &mut String, k: &str, v: &'v serde_json::Value| {
            let len = prefix.len();
            if len > 0 {
                prefix.push('.');
            }
            prefix.push_str(k);
            walk(prefix, v, out);
            prefix.truncate(len);
        };
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    child(prefix, k, v);
                }
            }
            serde_json::Value::Array(items) => {
                let mut digits = itoa::Buffer::new();
                for (i, v) in items.iter().enumerate() {
                    child(prefix, digits.format(i), v);
                }
            }
            v => out.push((prefix.clone(), v)),
        }
    }
    let mut out = Vec::new();
    walk(&mut String::new(), value, &mut out);
    out
}

/// `plan.xlsx` being written: one sheet per table, in the order given,
/// then the summary.
pub struct PlanBook {
    book: Book,
    lang: Lang,
}

impl PlanBook {
    /// An empty workbook in this language.
    pub fn new(lang: Lang) -> PlanBook {
        // The fastest deflate: plan.xlsx is a few per cent larger, and
        // building it takes a third of the time of level 6.
        PlanBook {
            book: Book::new(1),
            lang,
        }
    }

    /// Adds the sheet of the table of this file stem (`allocation`).
    pub fn table(&mut self, stem: &str, table: &Table) -> io::Result<()> {
        write_table(
            &mut self.book,
            i18n::sheet(self.lang, stem),
            table,
            self.lang,
        )
    }

    /// Adds the summary sheet and returns the workbook's bytes.
    pub fn finish(self, summary: &serde_json::Value) -> io::Result<Vec<u8>> {
        let PlanBook { mut book, lang } = self;
        write_summary(&mut book, summary, lang)?;
        book.finish()
    }
}

/// The workbook as bytes: one sheet per table (by file stem, in order), then
/// the summary.
pub fn to_xlsx(
    tables: &[(&str, Table)],
    summary: &serde_json::Value,
    lang: Lang,
) -> io::Result<Vec<u8>> {
    let mut book = PlanBook::new(lang);
    for (stem, table) in tables {
        book.table(stem, table)?;
    }
    book.finish(summary)
}

/// The summary sheet: every field as a dotted key and its value.
fn write_summary(book: &mut Book, summary: &serde_json::Value, lang: Lang) -> io::Result<()> {
    let rows = summary_rows(summary);
    // In Chinese, a warning's problem is shown once, in Chinese, when the
    // summary has it (`problem_zh`).
    let keys: std::collections::HashSet<&str> = match lang {
        Lang::En => Default::default(),
        Lang::Zh => rows.iter().map(|(k, _)| k.as_str()).collect(),
    };
    let shown: Vec<&(String, &serde_json::Value)> = rows
        .iter()
        .filter(|(k, _)| {
            lang == Lang::En
                || !k.ends_with(".problem")
                || !keys.contains(format!("{k}_zh").as_str())
        })
        .collect();
    let name = i18n::sheet(lang, "summary");
    let mut sheet = book.sheet(name, shown.len() as u32 + 1, 2, &[45.0, 70.0], false)?;
    sheet.row()?;
    sheet.text(0, lang.pick("项目", "key"), Style::BOLD);
    sheet.text(1, lang.pick("取值", "value"), Style::BOLD);
    for (k, v) in shown {
        sheet.row()?;
        sheet.text(0, clip(&i18n::summary_label(lang, k)), Style::PLAIN);
        match v {
            serde_json::Value::Number(n) => match n.as_f64() {
                Some(x) if x.is_finite() => sheet.number(1, x, Style::PLAIN),
                _ => sheet.text(1, &n.to_string(), Style::PLAIN),
            },
            serde_json::Value::Bool(b) => sheet.boolean(1, *b),
            serde_json::Value::String(s) => {
                sheet.text(1, clip(i18n::summary_value(lang, k, s)), Style::PLAIN);
            }
            _ => {}
        }
    }
    sheet.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_flattened_in_order() {
        let v = serde_json::json!({"a": 1, "b": {"c": "x"}, "d": [true]});
        let rows = summary_rows(&v);
        let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "b.c", "d.0"]);
    }

    /// The width counted from a number's magnitude is the width of the
    /// number written out, around every power of ten and rounding edge.
    #[test]
    fn counted_widths_match_written_numbers() {
        let mut values = vec![0.0, -0.0, 1e-9, -1e-9, 0.5, 2.5, 0.05, 9.95, 0.015, 1e14];
        for e in -6..14 {
            let p = 10f64.powi(e);
            for k in [
                1.0,
                4.999_999,
                5.0,
                9.49,
                9.5,
                9.949,
                9.95,
                9.994_9,
                9.995,
                9.999_999_9,
            ] {
                values.push(k * p);
                values.push(-k * p);
            }
        }
        for v in values {
            for d in 0..=17 {
                let cell = Cell::Num(v, d);
                assert_eq!(
                    shown_width(&cell, &mut String::new()),
                    cell.render().len(),
                    "{v} with {d} decimals"
                );
            }
        }
        for v in [0, 7, 10, -10, 99, 100, i64::MAX, i64::MIN] {
            assert_eq!(
                shown_width(&Cell::Int(v), &mut String::new()),
                v.to_string().len()
            );
        }
        for s in ["=1+1", "-x", "派出所", "", "a"] {
            let cell = Cell::text(s);
            assert_eq!(
                shown_width(&cell, &mut String::new()),
                display_width(&cell.render())
            );
        }
    }

    fn part(bytes: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    /// Every value comes back exactly through the workbook reader the
    /// tool reads its inputs with: awkward text (markup, a formula, control
    /// characters, Excel's own escape, edge spaces), whole numbers past
    /// 2^53, floats at full precision, percentages as their fraction,
    /// booleans; and the sheet has its bold frozen header, filter, widths,
    /// number formats and the fixed date.
    #[test]
    fn the_workbook_reads_back_exactly() {
        use calamine::{Data, Reader};
        let texts = [
            "a & b <c> \"d\"",
            "=HYPERLINK(\"x\")",
            "tab\there\r\nline\u{1}",
            "_x0041_ stays",
            " edge ",
            "派出所",
        ];
        let reals = [0.1 + 0.2, 1e-7, -2.5e300, 184.71428571428572, 5.0];
        let mut rows = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            rows.push(vec![
                Cell::text(*t),
                Cell::Int(if i == 0 { i64::MAX } else { -(i as i64) }),
                Cell::Num(reals[i % reals.len()], 2),
                Cell::Num(0.412_345, 4),
                Cell::Real(reals[(i + 1) % reals.len()]),
                Cell::Empty,
            ]);
        }
        let table = Table::new(
            &["name", "officers", "x", "station_share_after", "y", "none"],
            rows.clone(),
        );
        let summary = serde_json::json!({"ok": true, "level": 0.537, "note": "说明"});
        let bytes = to_xlsx(&[("allocation", table)], &summary, Lang::En).unwrap();
        assert_eq!(
            bytes,
            to_xlsx(
                &[(
                    "allocation",
                    Table::new(
                        &["name", "officers", "x", "station_share_after", "y", "none"],
                        rows.clone(),
                    )
                )],
                &summary,
                Lang::En
            )
            .unwrap(),
            "deterministic"
        );

        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
        assert_eq!(book.sheet_names(), ["allocation", "summary"]);
        let sheet = book.worksheet_range("allocation").unwrap();
        let got: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
        assert_eq!(got[0][0], Data::String("name".into()));
        for (r, row) in rows.iter().enumerate() {
            let back = &got[r + 1];
            let Cell::Text(t) = &row[0] else {
                unreachable!()
            };
            assert_eq!(back[0], Data::String(t.clone()));
            let Cell::Int(n) = row[1] else { unreachable!() };
            assert_eq!(back[1], Data::Float(n as f64));
            let Cell::Num(x, _) = row[2] else {
                unreachable!()
            };
            assert_eq!(back[2], Data::Float(x));
            assert_eq!(back[3], Data::Float(0.412_345));
            let Cell::Real(y) = row[4] else {
                unreachable!()
            };
            assert_eq!(back[4], Data::Float(y));
        }
        let summary = book.worksheet_range("summary").unwrap();
        let kv: Vec<Vec<Data>> = summary.rows().map(|r| r.to_vec()).collect();
        assert!(kv.contains(&vec![Data::String("ok".into()), Data::Bool(true)]));
        assert!(kv.contains(&vec![Data::String("level".into()), Data::Float(0.537)]));

        let xml = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(xml.contains(
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        ));
        assert!(xml.contains("<autoFilter ref=\"A1:F7\"/>"), "{xml}");
        assert!(xml.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\">"));
        // The name column is as wide as its widest text plus a margin.
        let widest = texts
            .iter()
            .map(|t| display_width(&super::super::csv::neutralise(t)))
            .max()
            .unwrap();
        assert!(
            xml.contains(&format!(
                "<col min=\"1\" max=\"1\" width=\"{}.7109375\"",
                widest + 2
            )),
            "{xml}"
        );
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains("formatCode=\"0.00\""), "{styles}");
        assert!(styles.contains("formatCode=\"0.00%\""), "{styles}");
        assert!(styles.contains("<b/>"));
        let workbook = part(&bytes, "xl/workbook.xml");
        assert!(workbook.contains("'allocation'!$A$1:$F$7"), "{workbook}");
        let core = part(&bytes, "docProps/core.xml");
        assert!(core.contains("<dc:creator>staffing</dc:creator>"));
        assert!(core.contains("2000-01-01T00:00:00Z"));
    }

    #[test]
    fn long_text_is_clipped_to_excels_limit() {
        let long = "派".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(clip("ab"), "ab");
    }
}
