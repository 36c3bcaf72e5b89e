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
//! the same plan gives the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::csv::{Cell, Table};
use super::i18n;
use super::Lang;

/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;

fn clip(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The decimals beyond which the formats no longer change: a number shows
/// at most 15, a percentage at most 15 of a fraction's 17.
const MAX_DECIMALS: usize = 17;

fn number_format(decimals: usize) -> Format {
    let mut f = String::from("0");
    if decimals > 0 {
        f.push('.');
        f.push_str(&"0".repeat(decimals.min(15)));
    }
    Format::new().set_num_format(f)
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

fn percent_format(decimals: usize) -> Format {
    // A fraction with d decimals is a percentage with d − 2.
    let d = decimals.saturating_sub(2).min(15);
    let mut f = String::from("0");
    if d > 0 {
        f.push('.');
        f.push_str(&"0".repeat(d));
    }
    f.push('%');
    Format::new().set_num_format(f)
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
    header
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let cells = table
                .rows
                .iter()
                .take(2000)
                .filter_map(|r| r.get(c))
                .map(|cell| display_width(&cell.render()))
                .max()
                .unwrap_or(0);
            (display_width(h).max(cells) as f64 + 2.0).clamp(6.0, 50.0)
        })
        .collect()
}

fn write_table(
    sheet: &mut Worksheet,
    name: &str,
    table: &Table,
    lang: Lang,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let bold = Format::new().set_bold();
    let header: Vec<&str> = table.header.iter().map(|h| i18n::header(lang, h)).collect();
    for (c, (h, w)) in header.iter().zip(column_widths(&header, table)).enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
        sheet.set_column_width(c as u16, w)?;
    }
    let percent: Vec<bool> = table.header.iter().map(|k| is_percent(k)).collect();
    // One format per number of decimals, made once per table rather than
    // once per cell.
    let numbers: Vec<Format> = (0..=MAX_DECIMALS).map(number_format).collect();
    let percents: Vec<Format> = (0..=MAX_DECIMALS).map(percent_format).collect();
    let number = |d: usize| &numbers[d.min(MAX_DECIMALS)];
    let percent_of = |d: usize| &percents[d.min(MAX_DECIMALS)];
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let pct = percent.get(c).copied().unwrap_or(false);
            let key = table.header.get(c).map_or("", String::as_str);
            let c = c as u16;
            match cell {
                Cell::Num(v, d) if v.is_finite() && pct => {
                    sheet.write_number_with_format(r, c, *v, percent_of(*d))?;
                }
                Cell::Text(s) => {
                    sheet.write_string(r, c, clip(&i18n::value(lang, key, s)))?;
                }
                Cell::Int(v) => {
                    sheet.write_number(r, c, *v as f64)?;
                }
                Cell::Num(v, d) if v.is_finite() => {
                    sheet.write_number_with_format(r, c, *v, number(*d))?;
                }
                Cell::Real(v) if v.is_finite() => {
                    sheet.write_number(r, c, *v)?;
                }
                Cell::Num(..) | Cell::Real(_) | Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        sheet.autofilter(0, 0, table.rows.len() as u32, header.len() as u16 - 1)?;
    }
    Ok(())
}

/// One row of the summary sheet: a dotted key and a value.
pub fn summary_rows(value: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, serde_json::Value)>) {
        let key = |k: &str| {
            if prefix.is_empty() {
                k.to_string()
            } else {
                format!("{prefix}.{k}")
            }
        };
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    walk(&key(k), v, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(&key(&i.to_string()), v, out);
                }
            }
            v => out.push((prefix.to_string(), v.clone())),
        }
    }
    let mut out = Vec::new();
    walk("", value, &mut out);
    out
}

/// The workbook as bytes: one sheet per table (by file stem, in order), then
/// the summary.
pub fn to_xlsx(
    tables: &[(&str, Table)],
    summary: &serde_json::Value,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // The fastest deflate: plan.xlsx is a few per cent larger, and
    // building it takes a third of the time of level 6.
    book.set_zip_compression_level(1);
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&fixed)
            .set_author("staffing"),
    );
    for (stem, table) in tables {
        write_table(
            book.add_worksheet_with_constant_memory()?,
            i18n::sheet(lang, stem),
            table,
            lang,
        )?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name(i18n::sheet(lang, "summary"))?;
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(0, 0, lang.pick("项目", "key"), &bold)?;
    sheet.write_string_with_format(0, 1, lang.pick("取值", "value"), &bold)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_column_width(0, 45)?;
    sheet.set_column_width(1, 70)?;
    let rows = summary_rows(summary);
    // In Chinese, a warning's problem is shown once, in Chinese, when the
    // summary has it (`problem_zh`).
    let shown = rows.iter().filter(|(k, _)| {
        lang == Lang::En
            || !k.ends_with(".problem")
            || !rows.iter().any(|(o, _)| *o == format!("{k}_zh"))
    });
    for (i, (k, v)) in shown.enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, clip(&i18n::summary_label(lang, k)))?;
        match v {
            serde_json::Value::Number(n) => match n.as_f64() {
                Some(x) if x.is_finite() => {
                    sheet.write_number(r, 1, x)?;
                }
                _ => {
                    sheet.write_string(r, 1, n.to_string())?;
                }
            },
            serde_json::Value::Bool(b) => {
                sheet.write_boolean(r, 1, *b)?;
            }
            serde_json::Value::String(s) => {
                sheet.write_string(r, 1, clip(i18n::summary_value(lang, k, s)))?;
            }
            _ => {}
        }
    }
    book.save_to_buffer()
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

    #[test]
    fn long_text_is_clipped_to_excels_limit() {
        let long = "派".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(clip("ab"), "ab");
    }
}
