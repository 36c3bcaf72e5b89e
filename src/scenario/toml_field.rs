//! The TOML parser's errors about a key as typed problems: an unknown
//! field ([`KeyProblem::UnknownField`]: the field, the fields its table
//! has, the nearest one), a value of another type or a word not in the
//! key's list ([`KeyProblem::Mistyped`]), each with its table and where it
//! stands in the file, so that the command line can word them in the
//! data's language.

use std::path::PathBuf;

use crate::error::{Excerpt, KeyProblem, Mistyped};

/// The problem an unknown-field, invalid-type or unknown-variant message
/// describes (as
/// `load::describe_toml_error` words it, with the merged files of `chain`
/// when it names them); `None` for any other message, or one whose English
/// the typed problem would not write back exactly.
pub(super) fn parse_problem(message: &str, chain: &[PathBuf]) -> Option<KeyProblem> {
    let mut rest = message;
    let mut at = None;
    if let Some(after) = rest.strip_prefix("TOML parse error at line ") {
        let (head, tail) = after.split_once('\n')?;
        let (line, column) = head.split_once(", column ")?;
        let mut lines = tail.splitn(4, '\n');
        let shown: Vec<&str> = lines.by_ref().take(3).collect();
        rest = lines.next()?;
        at = Some(Excerpt {
            line: line.parse().ok()?,
            column: column.parse().ok()?,
            shown: shown.join("\n"),
        });
    }
    let (first, rest) = rest.split_once('\n').unwrap_or((rest, ""));
    let mut table = None;
    let mut near = None;
    let mut merged = Vec::new();
    let mut tail = rest.to_string();
    let mut first = first.to_string();
    if !chain.is_empty() {
        let files: Vec<String> = chain.iter().map(|p| p.display().to_string()).collect();
        let note = format!(
            " (in the scenario merged from {})",
            files.join(" extending ")
        );
        match tail.strip_suffix(&note) {
            Some(t) => tail = t.to_string(),
            None => first = first.strip_suffix(&note)?.to_string(),
        }
        merged = files;
    }
    for line in tail.lines() {
        if let Some(t) = line.strip_prefix("in `").and_then(|t| t.strip_suffix('`')) {
            table = Some(t.to_string());
        } else if let Some(n) = line
            .strip_prefix("did you mean `")
            .and_then(|n| n.strip_suffix("`?"))
        {
            near = Some(n.to_string());
        } else {
            return None;
        }
    }
    let problem = if let Some(field) = first
        .strip_prefix("missing field `")
        .and_then(|f| f.strip_suffix('`'))
    {
        KeyProblem::MissingField {
            field: field.to_string(),
            table,
            at,
            merged,
        }
    } else if let Some(rest) = first.strip_prefix("unknown field `") {
        let (field, rest) = rest.split_once("`, ")?;
        KeyProblem::UnknownField {
            field: field.to_string(),
            expected: expected(rest, "fields")?,
            near,
            table,
            at,
            merged,
        }
    } else {
        let what = if let Some(rest) = first.strip_prefix("unknown variant `") {
            let (variant, rest) = rest.split_once("`, ")?;
            Mistyped::Variant {
                variant: variant.to_string(),
                expected: expected(rest, "variants")?,
            }
        } else {
            let rest = first.strip_prefix("invalid type: ")?;
            let (found, expected) = rest.rsplit_once(", expected ")?;
            Mistyped::Type {
                found: found.to_string(),
                expected: expected.to_string(),
            }
        };
        KeyProblem::Mistyped {
            what,
            table,
            at,
            merged,
        }
    };
    (problem.to_string() == message).then_some(problem)
}

/// A TOML syntax error (`message` as `load::describe_toml_error` words
/// it) as a typed problem: where the parser stopped and its own words;
/// `None` when the message does not read back exactly.
pub(super) fn syntax_problem(message: &str) -> Option<KeyProblem> {
    let problem = match message.strip_prefix("TOML parse error at line ") {
        Some(after) => {
            let (head, tail) = after.split_once('\n')?;
            let (line, column) = head.split_once(", column ")?;
            let mut lines = tail.splitn(4, '\n');
            let shown: Vec<&str> = lines.by_ref().take(3).collect();
            KeyProblem::Syntax {
                at: Some(Excerpt {
                    line: line.parse().ok()?,
                    column: column.parse().ok()?,
                    shown: shown.join("\n"),
                }),
                detail: lines.next()?.to_string(),
            }
        }
        None => KeyProblem::Syntax {
            at: None,
            detail: message.to_string(),
        },
    };
    (problem.to_string() == message).then_some(problem)
}

/// The names serde lists after the field or variant: "expected `a`",
/// "expected `a` or `b`", "expected one of `a`, `b`, `c`", "there are no
/// fields" (`none`: "fields" or "variants").
fn expected(text: &str, none: &str) -> Option<Vec<String>> {
    if text == format!("there are no {none}") {
        return Some(Vec::new());
    }
    let list = text.strip_prefix("expected ")?;
    let list = list.strip_prefix("one of ").unwrap_or(list);
    Some(
        list.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s.to_string())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_field_is_read_back_as_written() {
        let file = "TOML parse error at line 13, column 1\n   |\n13 | reactiv_share = 0.5\n   | ^^^^^^^^^^^^^\nunknown field `reactiv_share`, expected one of `hours_per_call`, `reactive_share`, `call_growth`\ndid you mean `reactive_share`?";
        let Some(KeyProblem::UnknownField {
            field, near, at, ..
        }) = parse_problem(file, &[])
        else {
            panic!("not read: {file}");
        };
        assert_eq!(field, "reactiv_share");
        assert_eq!(near.as_deref(), Some("reactive_share"));
        assert_eq!(at.map(|a| (a.line, a.column)), Some((13, 1)));
        let merged = "unknown field `call_growth`, expected `start_year` or `years`\nin `roadmap` (in the scenario merged from a.toml extending b.toml)";
        let chain = [PathBuf::from("a.toml"), PathBuf::from("b.toml")];
        let Some(KeyProblem::UnknownField { table, merged, .. }) = parse_problem(merged, &chain)
        else {
            panic!("not read");
        };
        assert_eq!(table.as_deref(), Some("roadmap"));
        assert_eq!(merged, ["a.toml", "b.toml"]);
        let typed = "invalid type: string \"0.4\", expected f64";
        assert!(matches!(
            parse_problem(typed, &[]),
            Some(KeyProblem::Mistyped {
                what: Mistyped::Type { .. },
                ..
            })
        ));
        let word = "unknown variant `countyy`, expected `county` or `station`";
        assert!(matches!(
            parse_problem(word, &[]),
            Some(KeyProblem::Mistyped {
                what: Mistyped::Variant { .. },
                ..
            })
        ));
        let missing = "missing field `minutes_per_call`\nin `workload.service`";
        assert!(matches!(
            parse_problem(missing, &[]),
            Some(KeyProblem::MissingField { table: Some(t), .. }) if t == "workload.service"
        ));
        // Any other parse error stays in the parser's words.
        assert_eq!(
            parse_problem("string values must be quoted, expected literal string", &[]),
            None
        );
    }

    #[test]
    fn a_syntax_error_is_read_back_as_written() {
        let file = "TOML parse error at line 22, column 21\n   |\n22 | station_share = 0.4 =\n   |                     ^\nunexpected key or value, expected newline, `#`";
        let Some(KeyProblem::Syntax {
            at: Some(at),
            detail,
        }) = syntax_problem(file)
        else {
            panic!("not read: {file}");
        };
        assert_eq!((at.line, at.column), (22, 21));
        assert_eq!(detail, "unexpected key or value, expected newline, `#`");
        assert!(matches!(
            syntax_problem("duplicate key"),
            Some(KeyProblem::Syntax { at: None, .. })
        ));
    }
}
