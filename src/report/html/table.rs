//! HTML tables of the pages: each column holds its heading and the cell it
//! draws from a row together, so a heading and its cells cannot drift
//! apart.
//!
//! ```text
//! <table>
//! <thead><tr><th class="t">…</th><th>…</th></tr></thead>
//! <tbody>
//! <tr><td class="t">…</td><td>…</td></tr>
//! </tbody>
//! </table>
//! ```
//!
//! Text columns (`class="t"`) are left-aligned, number columns right-aligned
//! (the page's style). [`super::Page::finish`] wraps every table so it
//! scrolls sideways on a narrow screen.

use std::fmt::Write;

use crate::report::markup::esc;

/// One cell: its HTML (escaped when made from text) and an extra class.
#[derive(Debug, Clone, PartialEq)]
pub struct Td {
    html: String,
    class: Option<&'static str>,
}

impl Td {
    /// A cell showing text (escaped).
    pub fn text(text: impl AsRef<str>) -> Td {
        Td {
            html: esc(text.as_ref()),
            class: None,
        }
    }

    /// A cell showing a value as it prints (escaped).
    pub fn show(value: impl std::fmt::Display) -> Td {
        Td::text(value.to_string())
    }

    /// A cell of HTML made by the page itself (a coloured yes or no, bold).
    pub fn markup(html: String) -> Td {
        Td { html, class: None }
    }

    /// The same cell with an extra class (`mono`, `no`).
    pub fn class(mut self, class: &'static str) -> Td {
        self.class = Some(class);
        self
    }
}

/// A column: its heading, whether it holds text, and its cell of a row.
struct Column<'r, R> {
    head: String,
    text: bool,
    cell: Box<dyn Fn(&R) -> Td + 'r>,
}

/// A table of rows `R`, built column by column.
pub struct Table<'r, R> {
    columns: Vec<Column<'r, R>>,
    head: bool,
}

impl<'r, R> Default for Table<'r, R> {
    fn default() -> Self {
        Table::new()
    }
}

impl<'r, R> Table<'r, R> {
    /// A table with a heading row and no columns yet.
    pub fn new() -> Table<'r, R> {
        Table {
            columns: Vec::new(),
            head: true,
        }
    }

    /// A table without a heading row (a list of names and values).
    pub fn headless() -> Table<'r, R> {
        Table {
            head: false,
            ..Table::new()
        }
    }

    /// A column of text (left-aligned).
    pub fn text(mut self, head: impl Into<String>, cell: impl Fn(&R) -> Td + 'r) -> Self {
        self.columns.push(Column {
            head: head.into(),
            text: true,
            cell: Box::new(cell),
        });
        self
    }

    /// A column of numbers (right-aligned).
    pub fn num(mut self, head: impl Into<String>, cell: impl Fn(&R) -> Td + 'r) -> Self {
        self.columns.push(Column {
            head: head.into(),
            text: false,
            cell: Box::new(cell),
        });
        self
    }

    /// Writes the table with one row per item.
    pub fn write(&self, out: &mut String, rows: impl IntoIterator<Item = R>) {
        self.write_spanning(out, rows, |_| None);
    }

    /// Writes the table; a row for which `span` gives a cell shows its first
    /// column and then that cell across every other column (a year without
    /// a plan, with its reason).
    pub fn write_spanning(
        &self,
        out: &mut String,
        rows: impl IntoIterator<Item = R>,
        span: impl Fn(&R) -> Option<Td>,
    ) {
        out.push_str("<table>\n");
        if self.head {
            out.push_str("<thead><tr>");
            for c in &self.columns {
                let class = if c.text { " class=\"t\"" } else { "" };
                let _ = write!(out, "<th{class}>{}</th>", esc(&c.head));
            }
            out.push_str("</tr></thead>\n");
        }
        out.push_str("<tbody>\n");
        for row in rows {
            out.push_str("<tr>");
            match span(&row) {
                Some(cell) if self.columns.len() > 1 => {
                    self.cell(out, &self.columns[0], &row);
                    let _ = write!(
                        out,
                        "<td{} colspan=\"{}\">{}</td>",
                        class_attr(false, cell.class),
                        self.columns.len() - 1,
                        cell.html
                    );
                }
                _ => {
                    for c in &self.columns {
                        self.cell(out, c, &row);
                    }
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }

    fn cell(&self, out: &mut String, column: &Column<'r, R>, row: &R) {
        let td = (column.cell)(row);
        let _ = write!(
            out,
            "<td{}>{}</td>",
            class_attr(column.text, td.class),
            td.html
        );
    }
}

/// ` class="t mono"`, ` class="t"`, ` class="no"` or nothing.
fn class_attr(text: bool, extra: Option<&str>) -> String {
    match (text, extra) {
        (true, Some(c)) => format!(" class=\"t {c}\""),
        (true, None) => " class=\"t\"".into(),
        (false, Some(c)) => format!(" class=\"{c}\""),
        (false, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_cells_come_from_the_same_column() {
        let rows = [("城关所", 12), ("<b>", 3)];
        let mut out = String::new();
        Table::new()
            .text("派出所", |r: &(&str, i64)| Td::text(r.0))
            .num("民警", |r: &(&str, i64)| Td::show(r.1))
            .text("键", |_: &(&str, i64)| Td::text("a.b").class("mono"))
            .write(&mut out, rows);
        assert_eq!(
            out,
            "<table>\n<thead><tr><th class=\"t\">派出所</th><th>民警</th><th class=\"t\">键</th></tr></thead>\n<tbody>\n\
             <tr><td class=\"t\">城关所</td><td>12</td><td class=\"t mono\">a.b</td></tr>\n\
             <tr><td class=\"t\">&lt;b&gt;</td><td>3</td><td class=\"t mono\">a.b</td></tr>\n\
             </tbody>\n</table>\n"
        );
    }

    #[test]
    fn a_spanning_row_keeps_its_first_cell() {
        let mut out = String::new();
        Table::headless()
            .text("year", |y: &i32| Td::show(y))
            .num("level", |_: &i32| Td::text("0.9"))
            .num("moved", |_: &i32| Td::text("3"))
            .write_spanning(&mut out, [2025, 2026], |&y| {
                (y == 2026).then(|| Td::text("no plan").class("t no"))
            });
        assert_eq!(
            out,
            "<table>\n<tbody>\n<tr><td class=\"t\">2025</td><td>0.9</td><td>3</td></tr>\n\
             <tr><td class=\"t\">2026</td><td class=\"t no\" colspan=\"2\">no plan</td></tr>\n\
             </tbody>\n</table>\n"
        );
    }
}
