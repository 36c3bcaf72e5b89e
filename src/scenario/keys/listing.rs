//! The registry as people read it: a key's label, the parameter list of a
//! report, and `docs/scenario-keys.md`.

use super::{find, lookup, present, Parameter, KEYS};
use crate::numeric::show;

/// A key's label in a language (`zh`), with the key path:
/// "警情增长倍数 (workload.call_growth)". Unknown paths are shown as they are.
pub fn label(path: &str, zh: bool) -> String {
    match find(path) {
        Some(k) => {
            let name = if zh { k.label.0 } else { k.label.1 };
            let chosen = match k.path.find('*') {
                // The name the scenario chose ("urban"), after the label.
                Some(_) => path
                    .split('.')
                    .zip(k.path.split('.'))
                    .find(|(_, p)| *p == "*")
                    .map(|(q, _)| format!(" {q}"))
                    .unwrap_or_default(),
                None => String::new(),
            };
            format!("{name}{chosen} ({path})")
        }
        None => path.to_string(),
    }
}

/// Every key of the registry with the scenario's value, or its default when
/// the scenario leaves it out (the tables `[sweep]`, `[sample]` and the data
/// paths are left to provenance). A `*` key lists each name the scenario
/// gives.
pub fn parameters(table: &toml::Table) -> Vec<Parameter> {
    let mut out = Vec::new();
    for k in KEYS {
        if matches!(
            k.path,
            "name"
                | "description"
                | "extend"
                | "stations"
                | "counties"
                | "sweep"
                | "sample"
                | "roadmap"
        ) {
            continue;
        }
        // The service standard's keys only when the scenario has one: its
        // required keys would read `required` in a scenario without it.
        if k.path.starts_with("workload.service.") && !present(table, "workload.service") {
            continue;
        }
        // The roadmap's keys only when the scenario has a [roadmap] table.
        if (k.path == "roadmap" || k.path.starts_with("roadmap.")) && !present(table, "roadmap") {
            continue;
        }
        let paths: Vec<String> = match k.path.split_once(".*") {
            None => vec![k.path.to_string()],
            Some((prefix, rest)) => lookup(table, prefix)
                .and_then(|v| v.as_table())
                .map(|t| t.keys().map(|n| format!("{prefix}.{n}{rest}")).collect())
                .unwrap_or_default(),
        };
        for path in paths {
            let value = lookup(table, &path);
            out.push(Parameter {
                label: k.label,
                unit: k.unit,
                value: match value {
                    Some(v) => show_value(v),
                    None => k.default.to_string(),
                },
                set: value.is_some(),
                path,
            });
        }
    }
    out
}

/// A TOML value as a person reads it: numbers and words plain, lists and
/// tables compact.
fn show_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(f) => show(*f),
        toml::Value::Array(items) => format!(
            "[{}]",
            items.iter().map(show_value).collect::<Vec<_>>().join(", ")
        ),
        toml::Value::Table(t) => {
            let parts: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{k} = {}", show_value(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// The registry as a Markdown table (`docs/scenario-keys.md`).
pub fn markdown() -> String {
    let mut out = String::from(
        "| key | type | valid | default | unit | 中文 | meaning | sweep |\n|---|---|---|---|---|---|---|---|\n",
    );
    for k in KEYS {
        let unit = if k.unit.1.is_empty() {
            String::new()
        } else {
            format!("{} ({})", k.unit.1, k.unit.0)
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
            k.path,
            k.kind.describe(),
            k.valid.interval(),
            k.default,
            unit,
            k.label.0,
            k.help,
            if k.sweep { "yes" } else { "" }
        ));
    }
    out
}
