//! The bench's report as blocks — headings, paragraphs, tables, commands
//! and the scaling chart — written twice from the same blocks: as
//! `report.md` and into the page builder's `report.html`.
//!
//! Text may hold Markdown's inline code (`` `…` ``) and bold (`**…**`);
//! the page turns them into `<code>` and `<b>`. A table is built column by
//! column ([`Columns`]): each column holds its heading, its alignment and
//! its cell of a row together.

use std::fmt::Write;

use crate::report::charts::Chart;
use crate::report::html::{esc, Page, Table, Td};

/// How a column's cells are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: left-aligned (`---` in Markdown, a text cell in HTML).
    Left,
    /// Numbers: right-aligned (`---:` in Markdown, a number cell in HTML).
    Right,
}

/// A table's headings and its rendered cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

/// A column: heading, alignment and the cell of a row.
type Column<'a, R> = (String, Align, Box<dyn Fn(&R) -> String + 'a>);

/// A table under construction, column by column.
pub struct Columns<'a, R> {
    columns: Vec<Column<'a, R>>,
}

impl<'a, R> Default for Columns<'a, R> {
    fn default() -> Self {
        Columns::new()
    }
}

impl<'a, R> Columns<'a, R> {
    /// A table with no column yet.
    pub fn new() -> Self {
        Columns {
            columns: Vec::new(),
        }
    }

    /// A left-aligned column (names, statuses, commands).
    pub fn left(mut self, head: &str, cell: impl Fn(&R) -> String + 'a) -> Self {
        self.columns
            .push((head.to_string(), Align::Left, Box::new(cell)));
        self
    }

    /// A right-aligned column (figures).
    pub fn right(mut self, head: &str, cell: impl Fn(&R) -> String + 'a) -> Self {
        self.columns
            .push((head.to_string(), Align::Right, Box::new(cell)));
        self
    }

    /// The table of these rows.
    pub fn rows<'r>(self, rows: impl IntoIterator<Item = &'r R>) -> Grid
    where
        R: 'r,
    {
        let rows = rows
            .into_iter()
            .map(|r| self.columns.iter().map(|(_, _, cell)| cell(r)).collect())
            .collect();
        Grid {
            columns: self
                .columns
                .into_iter()
                .map(|(head, align, _)| (head, align))
                .collect(),
            rows,
        }
    }
}

/// One block of the report.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    /// A section's heading (`##`): a section of the page.
    Section(String),
    /// A heading inside a section (`###`).
    Heading(String),
    Para(String),
    Table(Grid),
    /// Commands to copy, one a line.
    Commands(Vec<String>),
    /// A chart: its file stem (`scaling`) and what it shows.
    Chart {
        stem: String,
        alt: String,
    },
}

/// The blocks of one or more sections of the report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc {
    blocks: Vec<Block>,
}

impl Doc {
    /// An empty document.
    pub fn new() -> Doc {
        Doc::default()
    }

    /// Starts a section (`## title`).
    pub fn section(&mut self, title: impl Into<String>) {
        self.blocks.push(Block::Section(title.into()));
    }

    /// A heading inside the section (`### title`).
    pub fn heading(&mut self, title: impl Into<String>) {
        self.blocks.push(Block::Heading(title.into()));
    }

    /// A paragraph.
    pub fn para(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Para(text.into()));
    }

    /// A table (`grid`'s headings and rows).
    pub fn table(&mut self, grid: Grid) {
        self.blocks.push(Block::Table(grid));
    }

    /// Commands to copy, one a line.
    pub fn commands(&mut self, lines: Vec<String>) {
        self.blocks.push(Block::Commands(lines));
    }

    /// A chart drawn beside the report (`<stem>.png`, `<stem>.svg`).
    pub fn chart(&mut self, stem: &str, alt: &str) {
        self.blocks.push(Block::Chart {
            stem: stem.into(),
            alt: alt.into(),
        });
    }

    /// Appends another document's blocks.
    pub fn extend(&mut self, other: &Doc) {
        self.blocks.extend(other.blocks.iter().cloned());
    }

    /// The section titles, in order.
    pub fn sections(&self) -> Vec<&str> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Section(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The blocks as Markdown (`report.md`).
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        for b in &self.blocks {
            match b {
                Block::Section(t) => {
                    let _ = writeln!(md, "## {t}\n");
                }
                Block::Heading(t) => {
                    let _ = writeln!(md, "### {t}\n");
                }
                Block::Para(t) => {
                    let _ = writeln!(md, "{t}\n");
                }
                Block::Table(g) => {
                    let line = |cells: Vec<&str>| format!("| {} |", cells.join(" | "));
                    let _ = writeln!(
                        md,
                        "{}",
                        line(g.columns.iter().map(|c| c.0.as_str()).collect())
                    );
                    let rule: Vec<&str> = g
                        .columns
                        .iter()
                        .map(|c| match c.1 {
                            Align::Left => "---",
                            Align::Right => "---:",
                        })
                        .collect();
                    let _ = writeln!(md, "|{}|", rule.join("|"));
                    for r in &g.rows {
                        let _ = writeln!(md, "{}", line(r.iter().map(String::as_str).collect()));
                    }
                    let _ = writeln!(md);
                }
                Block::Commands(lines) => {
                    let _ = writeln!(md, "```sh\n{}\n```\n", lines.join("\n"));
                }
                Block::Chart { stem, alt } => {
                    let _ = writeln!(md, "![{alt}]({stem}.png)\n");
                }
            }
        }
        md
    }

    /// The blocks as sections of a page: each `##` a `<section>`, charts
    /// inline from `charts` (by stem).
    pub fn write_html(&self, page: &mut Page, charts: &[Chart]) {
        let mut at = 0;
        while at < self.blocks.len() {
            let title = match &self.blocks[at] {
                Block::Section(t) => t.clone(),
                _ => String::new(),
            };
            let end = (at + 1..self.blocks.len())
                .find(|&i| matches!(self.blocks[i], Block::Section(_)))
                .unwrap_or(self.blocks.len());
            let body = &self.blocks[at..end];
            page.section(&slug(&title), &plain(&title), |o| {
                for b in body {
                    block_html(o, b, charts);
                }
            });
            at = end;
        }
    }
}

/// One block as HTML (a section's heading is the section's own).
fn block_html(o: &mut String, b: &Block, charts: &[Chart]) {
    match b {
        Block::Section(_) => {}
        Block::Heading(t) => {
            let _ = writeln!(o, "<h3>{}</h3>", inline(t));
        }
        Block::Para(t) => {
            let _ = writeln!(o, "<p>{}</p>", inline(t));
        }
        Block::Table(g) => {
            let mut t = Table::new();
            for (i, (head, align)) in g.columns.iter().enumerate() {
                let cell = move |r: &&Vec<String>| Td::markup(inline(&r[i]));
                t = match align {
                    Align::Left => t.text(plain(head), cell),
                    Align::Right => t.num(plain(head), cell),
                };
            }
            t.write(o, g.rows.iter());
        }
        Block::Commands(lines) => {
            for l in lines {
                let _ = writeln!(o, "<p class=\"mono\">{}</p>", esc(l));
            }
        }
        Block::Chart { stem, alt } => match charts.iter().find(|c| &c.stem == stem) {
            Some(c) => {
                let svg = c.svg.find("<svg").map_or(c.svg.as_str(), |i| &c.svg[i..]);
                let _ = writeln!(
                    o,
                    "<figure id=\"chart-{}\">\n{svg}\n<figcaption>{}</figcaption>\n</figure>",
                    esc(stem),
                    esc(alt)
                );
            }
            None => {
                let _ = writeln!(o, "<p>{} ({}.svg)</p>", esc(alt), esc(stem));
            }
        },
    }
}

/// A section's id: its title's letters and digits, lower case, joined by
/// `-` (`Default path: …` → `default-path-…`).
fn slug(title: &str) -> String {
    let words: Vec<String> = plain(title)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "section".into()
    } else {
        words.join("-")
    }
}

/// Text without its Markdown marks.
fn plain(text: &str) -> String {
    text.replace("**", "").replace('`', "")
}

/// Text as HTML: escaped, `` `code` `` as `<code>`, `**bold**` as `<b>`.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let (mut code, mut bold) = (false, false);
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('`') {
            out.push_str(if code { "</code>" } else { "<code>" });
            code = !code;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("**").filter(|_| !code) {
            out.push_str(if bold { "</b>" } else { "<b>" });
            bold = !bold;
            rest = r;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push_str(&esc(c.encode_utf8(&mut [0; 4])));
            rest = &rest[c.len_utf8()..];
        }
    }
    if code {
        out.push_str("</code>");
    }
    if bold {
        out.push_str("</b>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Doc {
        let rows = [("province", 0.031), ("nation", 1.5)];
        let mut d = Doc::new();
        d.section("Default path: `staffing solve`");
        d.para("Figures are **medians**.");
        d.table(
            Columns::new()
                .left("instance", |r: &(&str, f64)| r.0.to_string())
                .right("CPU", |r: &(&str, f64)| format!("**{}**", r.1))
                .rows(&rows),
        );
        d.commands(vec!["staffing solve a.toml --out <DIR>".into()]);
        d
    }

    #[test]
    fn markdown_keeps_each_heading_over_its_cells() {
        assert_eq!(
            doc().markdown(),
            "## Default path: `staffing solve`\n\nFigures are **medians**.\n\n\
             | instance | CPU |\n|---|---:|\n| province | **0.031** |\n| nation | **1.5** |\n\n\
             ```sh\nstaffing solve a.toml --out <DIR>\n```\n\n"
        );
    }

    #[test]
    fn inline_marks_become_tags_and_text_is_escaped() {
        assert_eq!(
            inline("`a<b>` and **c & d**"),
            "<code>a&lt;b&gt;</code> and <b>c &amp; d</b>"
        );
        assert_eq!(
            slug("Default path: `staffing solve` as a user runs it"),
            "default-path-staffing-solve-as-a-user-runs-it"
        );
    }
}
