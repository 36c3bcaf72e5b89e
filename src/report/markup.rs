//! HTML primitives every section of `report.html` shares: escaping and a
//! figure card. Below the page and its sections, so they depend on it and
//! not on each other.

use std::fmt::Write;

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

pub fn card(out: &mut String, value: &str, key: &str) {
    let _ = writeln!(
        out,
        "<div class=\"card\"><div class=\"v\">{}</div><div class=\"k\">{}</div></div>",
        esc(value),
        esc(key)
    );
}
