//! HTML primitives every section of a page shares: escaping, a figure
//! card, a number or a rule as a cell shows it. Below the page builder
//! ([`super::html`]) and the sections, so they depend on it and not on each
//! other.

use std::fmt::Write;

use super::lang::Lang;

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters (a NUL in a name) are not allowed in HTML
            // text or XML; show the replacement character instead.
            c if !super::charts::xml_allowed(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A figure card: the value large, what it is below.
pub fn card(out: &mut String, value: &str, key: &str) {
    let _ = writeln!(
        out,
        "<div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">{}</div></div>",
        esc(value),
        esc(key)
    );
}

/// A number with fixed decimals, or `—` when there is none.
pub fn fmt_opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or("—".into(), |v| format!("{v:.decimals$}"))
}

/// A rule met or not, coloured: `达标` / `met` or `未达标` / `not met`.
pub fn yes_no(lang: Lang, ok: bool) -> String {
    if ok {
        format!("<span class=\"yes\">{}</span>", lang.pick("达标", "met"))
    } else {
        format!(
            "<span class=\"no\">{}</span>",
            lang.pick("未达标", "not met")
        )
    }
}
