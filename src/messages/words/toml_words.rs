//! A scenario file's TOML problems in the planner's language: what the
//! parser found and expected, its syntax errors (its own words quoted
//! where no Chinese is known for them) and a table lacking a field.

use crate::error::{Excerpt, ListOf, ListProblem};
use crate::messages as m;
use crate::report::Lang;

/// Where the parser stopped, as a heading over its excerpt of the file.
fn at_heading(at: &Option<Excerpt>, lang: Lang) -> String {
    at.as_ref().map_or(String::new(), |at| {
        m::key_at(lang, at.line, at.column, &at.shown)
    })
}

/// A TOML syntax error in `lang`: in English the parser's words; in
/// Chinese the problem and what was expected in words when every part of
/// them is known, else the parser's words quoted.
pub(super) fn syntax(at: &Option<Excerpt>, detail: &str, lang: Lang) -> String {
    let mut out = at_heading(at, lang);
    let words = if lang == Lang::En {
        detail.to_string()
    } else {
        syntax_words(detail, lang).unwrap_or_else(|| {
            let plain: String = detail
                .replace('`', "")
                .lines()
                .collect::<Vec<_>>()
                .join("; ");
            m::key_syntax_quoted(lang, &plain)
        })
    };
    out.push_str(&words);
    out
}

/// The parser's `problem, expected a, b` in words, when every part is one
/// the catalogue knows.
fn syntax_words(detail: &str, lang: Lang) -> Option<String> {
    let (what, expected) = match detail.split_once(", expected ") {
        Some((w, e)) => (w, Some(e)),
        None => (detail, None),
    };
    let what = match what {
        "unexpected key or value" => m::syntax_unexpected(lang),
        "string values must be quoted" => m::syntax_unquoted(lang),
        "duplicate key" => m::syntax_duplicate(lang),
        "invalid basic string" => m::syntax_string(lang),
        "unclosed table" => m::syntax_table(lang),
        "key with no value" => m::syntax_no_value(lang),
        "unclosed array" => m::syntax_array(lang),
        "unclosed inline table" => m::syntax_inline_table(lang),
        "invalid float" => m::syntax_float(lang),
        "invalid integer" => m::syntax_integer(lang),
        _ => return None,
    };
    let expected = match expected {
        None | Some("nothing") => String::new(),
        Some(list) => {
            let names = list
                .split(", ")
                .map(|name| match name {
                    "newline" => Some(m::syntax_newline(lang)),
                    "literal string" => Some(m::syntax_literal(lang)),
                    n if n.len() >= 3 && n.starts_with('`') && n.ends_with('`') => {
                        Some(n.to_string())
                    }
                    _ => None,
                })
                .collect::<Option<Vec<String>>>()?;
            m::key_syntax_expected(lang, &names.join(&m::key_syntax_or(lang)))
        }
    };
    Some(m::key_syntax(lang, &what, &expected))
}

/// A table lacking a field it must have, in `lang`.
pub(super) fn missing_field(
    field: &str,
    table: &Option<String>,
    at: &Option<Excerpt>,
    merged: &[String],
    lang: Lang,
) -> String {
    let mut out = at_heading(at, lang);
    out.push_str(&m::key_missing_field(lang, field));
    if let Some(table) = table {
        out.push_str(&m::key_field_table(lang, table));
    }
    if !merged.is_empty() {
        out.push_str(&m::key_merged(lang, &merged.join(&m::key_extending(lang))));
    }
    out
}

/// The type a parser expected (`f64`, `a boolean`), in `lang`: in English
/// as the parser writes it.
pub(super) fn expected_type(expected: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return expected.to_string();
    }
    match expected {
        "f64" | "f32" | "a float" | "a number" => m::type_number(lang),
        "i64" | "i32" | "u64" | "u32" | "u16" | "u8" | "usize" | "an integer" => {
            m::type_whole(lang)
        }
        "a boolean" => m::type_bool(lang),
        "a string" => m::type_text(lang),
        "a sequence" => m::type_list(lang),
        "a map" | "struct" => m::type_table(lang),
        other => format!("`{other}`"),
    }
}

/// The value a parser found (`string "0.4"`, ``floating point `2.5` ``), in
/// `lang`: in English as the parser writes it; in Chinese the kind in
/// words and the value in backticks.
pub(super) fn found_in(found: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return found.to_string();
    }
    let ticked = |v: &str| {
        if v.starts_with('`') {
            v.to_string()
        } else {
            format!("`{v}`")
        }
    };
    type Word = fn(Lang, &str) -> String;
    let kinds: [(&str, Word); 4] = [
        ("string ", m::found_text),
        ("floating point ", m::found_fraction),
        ("integer ", m::found_whole),
        ("boolean ", m::found_bool),
    ];
    for (prefix, word) in kinds {
        if let Some(value) = found.strip_prefix(prefix) {
            return word(lang, &ticked(value));
        }
    }
    match found {
        "sequence" => m::type_list(lang),
        "map" => m::type_table(lang),
        other => ticked(other),
    }
}

/// A `--set` list or TOML value that cannot be read, in `lang`.
pub(super) fn list_problem(p: &ListProblem, lang: Lang) -> String {
    match p {
        ListProblem::NotToml => m::set_not_toml(lang),
        ListProblem::NotANumber { item } => m::set_not_a_number(lang, item),
        ListProblem::NotAnHour { item } => m::set_not_an_hour(lang, item),
        ListProblem::Words { of, item } => {
            let what = match of {
                ListOf::StationIds => m::set_station_ids(lang),
                ListOf::StationKinds => m::set_station_kinds(lang),
            };
            let item = item
                .as_deref()
                .map_or(String::new(), |i| m::set_not_quoted(lang, i));
            m::set_words(lang, &item, &what)
        }
    }
}
