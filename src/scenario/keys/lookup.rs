//! Keys found in a scenario's merged TOML table: a path's value, the renamed
//! keys it sets, the keys a sweep may vary in it.

use super::{find, Key, KEYS, RENAMED};
use crate::error::KeyProblem;

/// The refusal of a renamed key path ([`RENAMED`]), with its new name;
/// `None` for any other path.
pub fn renamed(path: &str) -> Option<KeyProblem> {
    RENAMED
        .iter()
        .find(|(old, ..)| *old == path)
        .map(|&(old, new, why)| KeyProblem::Renamed {
            old: old.to_string(),
            new: new.to_string(),
            why,
        })
}

/// The first renamed key ([`RENAMED`]) a scenario's table sets, refused.
pub fn renamed_in(table: &toml::Table) -> Option<KeyProblem> {
    RENAMED
        .iter()
        .find(|(old, ..)| lookup(table, old).is_some())
        .and_then(|(old, ..)| renamed(old))
}

/// Whether `*` in a pattern stands for a name that exists in the scenario's
/// table: a `*` key exists only for the names the scenario gives.
pub fn present(table: &toml::Table, path: &str) -> bool {
    lookup(table, path).is_some()
}

/// The value of a key path in a scenario's merged table (the `[stations]`
/// table is read as `station_defaults`).
pub fn lookup<'a>(table: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut parts = toml_parts(path).into_iter();
    let first = parts.next()?;
    let mut here = table.get(&first)?;
    for part in parts {
        here = here.as_table()?.get(&part)?;
    }
    Some(here)
}

/// The parts of a key path as the parser's table names them.
pub fn toml_parts(path: &str) -> Vec<String> {
    let mut parts: Vec<String> = path.split('.').map(str::to_string).collect();
    if parts.len() > 1 && parts[0] == "stations" {
        parts[0] = "station_defaults".into();
    }
    parts
}

/// A key a sweep or sample may vary: its entry, when the path is a sweep
/// key and (for a `*` key) names something the scenario has.
pub fn sweepable(table: &toml::Table, path: &str) -> Option<&'static Key> {
    let key = find(path)?;
    if !key.sweep {
        return None;
    }
    if key.path.contains('*') && !present(table, path) {
        return None;
    }
    Some(key)
}

/// The sweep keys a scenario has, for messages: every plain sweep key and
/// each `*` key for the names the scenario gives.
pub fn sweep_keys(table: &toml::Table) -> Vec<String> {
    let mut out = Vec::new();
    for k in KEYS.iter().filter(|k| k.sweep) {
        match k.path.split_once(".*") {
            None => out.push(k.path.to_string()),
            Some((prefix, rest)) => {
                if let Some(t) = lookup(table, prefix).and_then(|v| v.as_table()) {
                    out.extend(t.keys().map(|name| format!("{prefix}.{name}{rest}")));
                }
            }
        }
    }
    out
}
