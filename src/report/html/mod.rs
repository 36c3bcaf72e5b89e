//! The one page builder: every `report.html` (a solve, a sweep, a Monte
//! Carlo sample, a roadmap, the bench) is a [`Page`]. A page has the same
//! head and style (cards, tables, the conclusion block, the rules for
//! print and for a 420 px phone), opens with its title, lead and summary,
//! and leaves as text only through [`Page::finish`], which embeds the web
//! font subset of exactly its characters ([`super::webfont`]), so Chinese
//! renders where no CJK font is installed.
//!
//! What the type guarantees: [`Page::new`] takes the [`Summary`], whose
//! [`Conclusion`] holds at least one sentence, and the page's text exists
//! only after [`Page::finish`] embedded the font. No network, no external
//! assets, and no scripts but the one a live page (`staffing serve`'s
//! what-if page) adds with [`Page::script`].

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

mod table;

use std::fmt::Write;

pub use super::markup::{card, esc, fmt_opt, yes_no};
pub use table::{Table, Td};

use super::charts::Chart;
use super::i18n::summary_value;
use super::lang::Lang;
use super::webfont::{font_face, WebFontError};
use crate::outcome::InputDigest;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "WenQuanYi Micro Hei", "Heiti SC", SimHei, system-ui, sans-serif;
       margin: 0 auto; max-width: 1200px; padding: 24px; color: #222; line-height: 1.5;
       overflow-wrap: anywhere; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #0072b2; padding-bottom: 4px; margin-top: 2em; }
.lead { color: #555; margin-top: 0; }
.conclusion { border-left: 6px solid #0072b2; background: #eef5fb; padding: 10px 16px; margin: 16px 0; font-size: 1.08em; }
.conclusion p { margin: 6px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { flex: 1 1 200px; min-width: 0; border: 1px solid #ddd; border-radius: 8px; padding: 12px 16px; background: #fafafa; }
.card .v { font-size: 1.6em; font-weight: bold; color: #0072b2; }
.card .k { color: #555; font-size: 0.9em; }
figure { margin: 24px 0; }
figure svg { display: block; box-sizing: border-box; max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #555; font-size: 0.95em; }
.wide { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: right; overflow-wrap: normal; }
td { white-space: nowrap; }
td.t { white-space: normal; min-width: 5em; }
th { background: #f0f4f8; }
td.t, th.t { text-align: left; }
.no { color: #c0392b; font-weight: bold; }
.yes { color: #1e8449; }
.mono { font-family: ui-monospace, "SFMono-Regular", Consolas, monospace; font-size: 0.85em; word-break: break-all; }
@media (max-width: 600px) {
  body { padding: 12px; }
  h1 { font-size: 1.35em; }
  .card { flex-basis: 140px; padding: 8px 10px; }
  .card .v { font-size: 1.35em; }
  th, td { padding: 3px 5px; }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  section { break-before: page; }
  #summary { break-before: auto; }
  h2 { margin-top: 0; break-after: avoid; }
  figure, .card, .conclusion, tr { break-inside: avoid; }
  figure svg { max-height: 235mm; border: none; }
  .wide { overflow: visible; }
  table { font-size: 8pt; }
  th, td { padding: 2px 4px; overflow-wrap: anywhere; white-space: normal; }
  .conclusion { background: none; }
}
/*webfont*/
"#;

/// What the page concludes, in words, first on the page: at least one
/// sentence (the type has no empty value).
#[derive(Debug, Clone, PartialEq)]
pub struct Conclusion(Vec<String>);

impl Conclusion {
    /// A conclusion of a first sentence and any more.
    pub fn new(first: String, more: impl IntoIterator<Item = String>) -> Conclusion {
        Conclusion(std::iter::once(first).chain(more).collect())
    }

    /// A conclusion of several sentences, or `None` when there are none.
    pub fn from_sentences(sentences: Vec<String>) -> Option<Conclusion> {
        (!sentences.is_empty()).then_some(Conclusion(sentences))
    }
}

/// The figure cards of a summary: a value and what it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cards(Vec<(String, String)>);

impl Cards {
    /// No cards yet.
    pub fn new() -> Cards {
        Cards::default()
    }

    /// Adds a card: the value large, what it is below.
    pub fn add(&mut self, value: impl Into<String>, key: impl Into<String>) {
        self.0.push((value.into(), key.into()));
    }

    /// Writes the cards as a `<div class="cards">` block.
    pub fn write(&self, out: &mut String) {
        out.push_str("<div class=\"cards\">\n");
        for (value, key) in &self.0 {
            card(out, value, key);
        }
        out.push_str("</div>\n");
    }
}

/// The top of a page: its title (also the `<title>`), the lead under it,
/// and notes after the lead (`id` and text).
#[derive(Debug, Clone, PartialEq)]
pub struct Top<'a> {
    /// The page's title: the `<h1>` and the `<title>` (escaped).
    pub title: &'a str,
    /// The lead paragraph under the title, as text (escaped).
    pub lead: &'a str,
    /// Notes after the lead: the paragraph's `id` and its text (both escaped).
    pub notes: Vec<(&'a str, String)>,
    /// HTML between the notes and the summary, on the first screen (a
    /// solve's data warnings); empty for most pages.
    pub first: String,
}

impl<'a> Top<'a> {
    /// A top of a title and a lead only: no notes, nothing more on the
    /// first screen (the sweep, Monte Carlo, roadmap and bench pages).
    pub fn plain(title: &'a str, lead: &'a str) -> Self {
        Top {
            title,
            lead,
            notes: Vec::new(),
            first: String::new(),
        }
    }
}

/// The summary section (`id="summary"`), first after the top: the
/// conclusion, the cards, then anything more the page adds to it (HTML).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The conclusion's sentences, first in the section.
    pub conclusion: Conclusion,
    /// The figure cards after the conclusion.
    pub cards: Cards,
    /// HTML the page adds after the cards (written as it is).
    pub more: String,
}

/// A page under construction.
#[derive(Debug)]
pub struct Page {
    lang: Lang,
    html: String,
}

impl Page {
    /// Opens a page: the head and style, the title, the lead and its
    /// notes, and the summary with its conclusion and cards.
    pub fn new(lang: Lang, top: Top, summary: Summary) -> Page {
        let mut html = String::with_capacity(1 << 18);
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            lang.pick("zh-CN", "en"),
            esc(top.title)
        );
        let _ = write!(html, "<h1>{}</h1>\n", esc(top.title));
        let _ = write!(html, "<p class=\"lead\">{}</p>\n", esc(top.lead));
        for (id, text) in &top.notes {
            let _ = write!(html, "<p id=\"{}\">{}</p>\n", esc(id), esc(text));
        }
        html.push_str(&top.first);
        let _ = write!(
            html,
            "<section id=\"summary\">\n<h2>{}</h2>\n<div class=\"conclusion\" id=\"conclusion\">\n",
            lang.pick("摘要", "Summary")
        );
        for sentence in &summary.conclusion.0 {
            let _ = write!(html, "<p>{}</p>\n", esc(sentence));
        }
        html.push_str("</div>\n");
        summary.cards.write(&mut html);
        html.push_str(&summary.more);
        html.push_str("</section>\n");
        Page { lang, html }
    }

    /// The page's language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Adds HTML a section writer made (a whole `<section>`).
    pub fn push(&mut self, html: &str) {
        self.html.push_str(html);
    }

    /// Adds a section: `<section id>`, its heading, then what `body` writes.
    pub fn section(&mut self, id: &str, heading: &str, body: impl FnOnce(&mut String)) {
        let _ = write!(
            self.html,
            "<section id=\"{}\">\n<h2>{}</h2>\n",
            esc(id),
            esc(heading)
        );
        body(&mut self.html);
        self.html.push_str("</section>\n");
    }

    /// Adds rules to the page's style (after the shared ones).
    pub fn style(&mut self, css: &str) {
        self.html = self
            .html
            .replacen("/*webfont*/", &format!("{css}\n/*webfont*/"), 1);
    }

    /// Adds a script at the end of the body (a live page only; a report
    /// has none). `js` must not hold `</script`.
    pub fn script(&mut self, js: &str) {
        let _ = write!(
            self.html,
            "<script>\n{}\n</script>\n",
            js.replace("</script", "<\\/script")
        );
    }

    /// Adds the charts section: each chart as inline SVG in a figure.
    pub fn charts(&mut self, charts: &[Chart]) {
        let lang = self.lang;
        self.section("charts", lang.pick("图表", "Charts"), |o| {
            if charts.is_empty() {
                let _ = write!(
                    o,
                    "<p>{}</p>\n",
                    lang.pick("本次未生成图表。", "Charts were not drawn for this run.")
                );
            }
            for c in charts {
                let note = c
                    .note
                    .as_ref()
                    .map_or(String::new(), |n| format!("<br>{}", esc(n)));
                let _ = write!(
                    o,
                    "<figure id=\"chart-{}\">\n{}\n<figcaption>{}{note}</figcaption>\n</figure>\n",
                    esc(&c.stem),
                    strip_xml_declaration(&c.svg),
                    esc(&c.title)
                );
            }
        });
    }

    /// Adds the provenance section, last: the tool, the solver, the status
    /// and every input with its SHA-256.
    pub fn provenance(&mut self, p: &Provenance) {
        let lang = self.lang;
        let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
        self.section(
            "provenance",
            l("来源与可追溯性", "Provenance"),
            |o| {
                let facts = [
                    (l("工具版本", "tool"), format!("{} {}", p.tool, p.version)),
                    (
                        l("求解器", "solver"),
                        summary_value(lang, "solver", p.solver).to_string(),
                    ),
                    (
                        l("求解状态", "status"),
                        summary_value(lang, "status", p.status).to_string(),
                    ),
                ];
                Table::headless()
                    .text("", |r: &&(&str, String)| Td::text(r.0))
                    .text("", |r: &&(&str, String)| Td::text(&r.1))
                    .write(o, facts.iter());
                Table::new()
                    .text(l("输入", "input"), |d: &&InputDigest| {
                        Td::text(summary_value(lang, "role", &d.role))
                    })
                    .text(l("文件", "file"), |d: &&InputDigest| {
                        Td::text(&d.path).class("mono")
                    })
                    .text("SHA-256", |d: &&InputDigest| {
                        Td::text(&d.sha256).class("mono")
                    })
                    .write(o, p.inputs.iter());
            },
        );
    }

    /// The page as text: closed, every table wrapped so it scrolls
    /// sideways inside its section on a narrow screen, and the web font
    /// with exactly the page's characters in the style.
    pub fn finish(mut self) -> Result<String, WebFontError> {
        self.html.push_str("</body>\n</html>\n");
        let face = font_face(&self.html)?;
        Ok(wrap_tables_and_place_font(&self.html, &face))
    }
}

/// The page with every `<table>` opened as `<div class="wide"><table>`,
/// every `</table>` closed as `</table></div>`, and the first
/// `/*webfont*/` replaced by `face`: in one pass and one new string of the
/// final size (a nation's page is several MB; three `replace` copies of it
/// were alive at once).
///
/// The same text as `html.replace("<table>", …).replace("</table>",
/// …).replacen("/*webfont*/", face, 1)`: the three patterns cannot
/// overlap one another (`<table>` and `</table>` differ in their second
/// character, and `/*webfont*/` holds no `<`), and no replacement creates
/// or hides a later pattern (the inserted `<div class="wide"><table>`
/// holds no `</table>` and no `/*webfont*/`, and `</table></div>` none
/// either), so every match of the chained calls is a match in `html`.
fn wrap_tables_and_place_font(html: &str, face: &str) -> String {
    const OPEN: &str = "<table>";
    const CLOSE: &str = "</table>";
    const FONT: &str = "/*webfont*/";
    const WIDE: &str = "<div class=\"wide\">";
    const END: &str = "</div>";
    let font_at = html.find(FONT);
    let size = html.len()
        + html.matches(OPEN).count() * WIDE.len()
        + html.matches(CLOSE).count() * END.len()
        + font_at.map_or(0, |_| face.len());
    let mut out = String::with_capacity(size);
    // Copies html[from..to], the font's mark replaced when it lies there.
    let copy = |out: &mut String, from: usize, to: usize| match font_at {
        Some(f) if from <= f && f < to => {
            out.push_str(&html[from..f]);
            out.push_str(face);
            out.push_str(&html[f + FONT.len()..to]);
        }
        _ => out.push_str(&html[from..to]),
    };
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = html[at..].find('<').map(|i| at + i) {
        let rest = &html[i..];
        if rest.starts_with(OPEN) {
            copy(&mut out, copied, i);
            out.push_str(WIDE);
            out.push_str(OPEN);
            copied = i + OPEN.len();
        } else if rest.starts_with(CLOSE) {
            copy(&mut out, copied, i);
            out.push_str(CLOSE);
            out.push_str(END);
            copied = i + CLOSE.len();
        }
        at = i + 1;
    }
    copy(&mut out, copied, html.len());
    out
}

/// Where a page's results came from, for its provenance section.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance<'a> {
    /// The tool's name, shown with its version.
    pub tool: &'a str,
    /// The tool's version.
    pub version: &'a str,
    /// The solver that found the plan; the page shows it in its language
    /// ([`crate::report::i18n::summary_value`]).
    pub solver: &'a str,
    /// The solve status (`optimal`, `time_limit`, …), shown in the page's language.
    pub status: &'a str,
    /// The input files, each with its role, path and SHA-256.
    pub inputs: &'a [InputDigest],
}

fn strip_xml_declaration(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lang: Lang) -> Page {
        let mut cards = Cards::new();
        cards.add("0.93", "均衡水平");
        Page::new(
            lang,
            Top {
                title: "方案 <1>",
                lead: "3 个县",
                notes: vec![("data-warnings", "无".into())],
                first: String::new(),
            },
            Summary {
                conclusion: Conclusion::new("全省均衡水平 0.93。".into(), []),
                cards,
                more: String::new(),
            },
        )
    }

    #[test]
    fn a_page_opens_with_its_conclusion_and_ends_with_the_font() {
        let mut p = page(Lang::Zh);
        p.section("x", "一节", |o| o.push_str("<p>内容</p>\n"));
        let html = p.finish().unwrap();
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(html.contains("<title>方案 &lt;1&gt;</title>"));
        let conclusion = html
            .find("<div class=\"conclusion\" id=\"conclusion\">")
            .unwrap();
        assert!(conclusion < html.find("<div class=\"cards\">").unwrap());
        assert!(html.contains("<p>全省均衡水平 0.93。</p>"));
        assert!(html.contains("<section id=\"x\">\n<h2>一节</h2>\n<p>内容</p>\n</section>\n"));
        assert!(html.contains("@font-face") && !html.contains("/*webfont*/"));
        assert!(html.ends_with("</body>\n</html>\n"));
    }

    /// The one-pass finish writes exactly what the three chained
    /// replacements wrote, on pages made of every piece that could trip it
    /// (tags cut short, marks twice, `<` runs, non-ASCII text).
    #[test]
    fn one_pass_finish_equals_the_chained_replacements() {
        let pieces = [
            "<table>",
            "</table>",
            "/*webfont*/",
            "<",
            "</",
            "<tab",
            "</tab",
            "le>",
            "/*web",
            "font*/",
            "<<table>",
            "<</table>>",
            "表格",
            "<div class=\"wide\">",
            "x",
            "\n",
            "",
        ];
        let face = "@font-face{/*webfont*/ <table></table>}";
        let mut seed = 0x2545_F491_4F6C_DD1D_u64;
        for n in 0..4000 {
            let mut html = String::new();
            for _ in 0..(n % 23) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                html.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let chained = html
                .replace("<table>", "<div class=\"wide\"><table>")
                .replace("</table>", "</table></div>")
                .replacen("/*webfont*/", face, 1);
            let one = wrap_tables_and_place_font(&html, face);
            assert_eq!(one, chained, "page {html:?}");
        }
    }

    #[test]
    fn a_conclusion_is_never_empty() {
        assert_eq!(Conclusion::from_sentences(Vec::new()), None);
        assert!(Conclusion::from_sentences(vec!["a".into()]).is_some());
    }
}
