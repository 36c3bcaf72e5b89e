//! The TOML parser's "unknown field" error as a typed problem
//! ([`KeyProblem::UnknownField`]): the field, the fields its table has, the
//! nearest one, the table and where it stands in the file, so that the
//! command line can word it in the data's language.

use std::path::PathBuf;

use crate::error::{Excerpt, KeyProblem};

/// The problem an unknown-field message describes (as
/// `load::describe_toml_error` words it, with the merged files of `chain`
/// when it names them); `None` for any other message, or one whose English
/// the typed problem would not write back exactly.
pub(super) fn unknown_field(message: &str, chain: &[PathBuf]) -> Option<KeyProblem> {
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
    let rest = rest.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once("`, ")?;
    let (first, rest) = rest.split_once('\n').unwrap_or((rest, ""));
    let expected = expected(first)?;
    let mut table = None;
    let mut near = None;
    let mut merged = Vec::new();
    let mut tail = rest.to_string();
    if !chain.is_empty() {
        let files: Vec<String> = chain.iter().map(|p| p.display().to_string()).collect();
        let note = format!(
            " (in the scenario merged from {})",
            files.join(" extending ")
        );
        tail = tail.strip_suffix(&note)?.to_string();
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
    let problem = KeyProblem::UnknownField {
        field: field.to_string(),
        expected,
        near,
        table,
        at,
        merged,
    };
    (problem.to_string() == message).then_some(problem)
}

/// The fields serde lists after the field: "expected `a`", "expected `a`
/// or `b`", "expected one of `a`, `b`, `c`", "there are no fields".
fn expected(text: &str) -> Option<Vec<String>> {
    if text == "there are no fields" {
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
        }) = unknown_field(file, &[])
        else {
            panic!("not read: {file}");
        };
        assert_eq!(field, "reactiv_share");
        assert_eq!(near.as_deref(), Some("reactive_share"));
        assert_eq!(at.map(|a| (a.line, a.column)), Some((13, 1)));
        let merged = "unknown field `call_growth`, expected `start_year` or `years`\nin `roadmap` (in the scenario merged from a.toml extending b.toml)";
        let chain = [PathBuf::from("a.toml"), PathBuf::from("b.toml")];
        let Some(KeyProblem::UnknownField { table, merged, .. }) = unknown_field(merged, &chain)
        else {
            panic!("not read");
        };
        assert_eq!(table.as_deref(), Some("roadmap"));
        assert_eq!(merged, ["a.toml", "b.toml"]);
        // Any other parse error stays in the parser's words.
        assert_eq!(
            unknown_field("invalid type: string \"x\", expected f64", &[]),
            None
        );
    }
}
