//! `--set key=value`: scenario keys overridden from the command line.
//!
//! An override is applied to the scenario's merged TOML table
//! ([`super::load_table`]) before the strict deserialisation, exactly where
//! a value written in the file would sit, so it is checked like the file:
//!
//! * the key must be in the registry ([`super::keys`]); an unknown key is
//!   refused with "did you mean" from the registry's keys;
//! * the value is read by the key's [`Kind`] (a number, a whole number,
//!   `true`/`false`, a word from the key's list, text, a path, or a list of
//!   station ids `S1,S2` or `["S1","S2"]`);
//! * its range is then checked by the parser itself, with the same message
//!   as for a value in the file (and a note that `--set` gave it).
//!
//! What `--set` cannot do, it refuses rather than ignores: `extend` (it is
//! resolved while reading the files), the tables `[sweep]`, `[sample]` and
//! `[[mergers]]` (edit the file), and a `*` key naming a station kind or
//! call category the scenario does not have (a new kind would be silently
//! unused; add it in the file). A relative `stations` or `counties` path is
//! relative to the current folder, as any path typed on a command line.
//!
//! Applied overrides are recorded in [`super::ScenarioTable::overrides`] and
//! then in every result's provenance (`summary.json`: `overrides`).

use std::path::{Path, PathBuf};

use super::keys::{self, Kind};
use super::ScenarioTable;
use crate::error::{quote, FromSet, InputError, KeyProblem, ListOf, ListProblem, Validity};
use crate::input::suggest::did_you_mean;
pub use crate::outcome::Override;

/// The registry tables `--set` cannot write into: their keys are part of a
/// table of their own.
const TABLES: &[&str] = &["sweep", "sample", "mergers"];

/// Splits a `--set` argument `key=value` at its first `=` (the key and the
/// value are trimmed; the value may be empty, for an empty list).
pub fn split(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!(
            "`{}` is not KEY=VALUE; write for example --set workload.call_growth=1.2",
            quote(arg)
        )),
    }
}

/// Every key path a scenario may set, for "did you mean": the registry's
/// plain keys and each `*` key for the names the scenario gives.
fn candidates(table: &toml::Table) -> Vec<String> {
    let mut out = Vec::new();
    for k in keys::KEYS {
        if k.kind == Kind::Table || TABLES.iter().any(|t| k.path.starts_with(&format!("{t}."))) {
            continue;
        }
        match k.path.split_once(".*") {
            None => out.push(k.path.to_string()),
            Some((prefix, rest)) => {
                if let Some(t) = keys::lookup(table, prefix).and_then(|v| v.as_table()) {
                    out.extend(t.keys().map(|name| format!("{prefix}.{name}{rest}")));
                }
            }
        }
    }
    out
}

/// Applies `--set` overrides, in order, to a merged scenario table and
/// records them. `st.file` is the scenario file the messages name.
pub fn apply(st: &mut ScenarioTable, sets: &[(String, String)]) -> Result<(), InputError> {
    for (key, raw) in sets {
        let value = value_of(st, key, raw).map_err(|problem| InputError::Key {
            file: st.file.clone(),
            problem: Box::new(problem),
            set: Some(Box::new(FromSet {
                key: quote(key),
                value: quote(raw),
                reading: true,
            })),
        })?;
        insert(&mut st.table, key, value.clone()).map_err(|message| InputError::Scenario {
            file: st.file.clone(),
            message: format!("--set {}={}: {message}", quote(key), quote(raw)),
        })?;
        if matches!(key.as_str(), "stations" | "counties") {
            // Relative to the current folder: `from_table` joins the data
            // path to the folder recorded here (see its rebasing).
            let top = st.file.parent().unwrap_or(Path::new("")).to_path_buf();
            let dir = if Path::new(raw).is_absolute() {
                top
            } else {
                PathBuf::new()
            };
            st.data_dirs.insert(key.clone(), dir);
        }
        st.overrides.retain(|o| &o.key != key);
        st.overrides.push(Override {
            key: key.clone(),
            value,
        });
    }
    Ok(())
}

/// Reads `raw` as a value of `key`, or says why it cannot be one (the
/// problem is boxed by the one caller, [`apply`]).
#[allow(clippy::result_large_err)]
fn value_of(st: &ScenarioTable, key: &str, raw: &str) -> Result<toml::Value, KeyProblem> {
    let table = &st.table;
    if key == "extend" {
        return Err(KeyProblem::Extend);
    }
    let first = key.split('.').next().unwrap_or(key);
    if TABLES.contains(&first) {
        let header = if first == "mergers" {
            "[[mergers]]".to_string()
        } else {
            format!("[{first}]")
        };
        return Err(KeyProblem::Table {
            key: first.to_string(),
            header: Some(header),
        });
    }
    if let Some(problem) = keys::renamed(key) {
        return Err(problem);
    }
    let Some(entry) = keys::find(key) else {
        let all = candidates(table);
        let names: Vec<&str> = all.iter().map(String::as_str).collect();
        return Err(KeyProblem::Unknown {
            key: key.to_string(),
            near: did_you_mean(key, &names).map(str::to_string),
        });
    };
    if entry.kind == Kind::Table {
        return Err(KeyProblem::Table {
            key: key.to_string(),
            header: None,
        });
    }
    if let Some((prefix, _)) = entry.path.split_once(".*") {
        // The name in place of `*` must be one the scenario already has.
        let name = key[prefix.len() + 1..].split('.').next().unwrap_or("");
        let have: Vec<String> = keys::lookup(table, prefix)
            .and_then(|v| v.as_table())
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default();
        if !have.iter().any(|h| h == name) {
            let names: Vec<&str> = have.iter().map(String::as_str).collect();
            return Err(KeyProblem::NotInScenario {
                name: name.to_string(),
                prefix: prefix.to_string(),
                near: did_you_mean(name, &names).map(str::to_string),
                have,
            });
        }
    }
    let shown = if raw.is_empty() {
        "\"\"".to_string()
    } else {
        quote(raw)
    };
    let not = |valid: Validity| KeyProblem::Invalid {
        key: key.to_string(),
        value: shown.clone(),
        valid,
    };
    if keys::STRUCTURED.contains(&entry.path) {
        if let Some(value) = structured(raw).map_err(|problem| not(Validity::List(problem)))? {
            // Its form and range are the parser's to check.
            return Ok(value);
        }
    }
    match entry.kind {
        Kind::Float => match raw.parse::<f64>() {
            // The range is the parser's to check, with the file's message.
            Ok(v) => Ok(toml::Value::Float(v)),
            Err(_) => Err(not(not_a_number(raw, entry.valid))),
        },
        Kind::Int => match raw.parse::<i64>() {
            Ok(n) => Ok(toml::Value::Integer(n)),
            Err(_) if raw.parse::<f64>().is_ok_and(|v| v.is_finite()) => {
                Err(not(entry.valid.validity(entry.label.0)))
            }
            Err(_) => Err(not(Validity::Whole)),
        },
        Kind::Bool => match raw {
            "true" => Ok(toml::Value::Boolean(true)),
            "false" => Ok(toml::Value::Boolean(false)),
            _ => Err(not(Validity::Bool)),
        },
        Kind::Choice(words) => {
            if words.contains(&raw) {
                Ok(toml::Value::String(raw.to_string()))
            } else {
                Err(not(Validity::Choice {
                    words: words.iter().map(|w| w.to_string()).collect(),
                    near: did_you_mean(raw, words).map(str::to_string),
                }))
            }
        }
        Kind::Text | Kind::Path => {
            if raw.is_empty() {
                Err(not(Validity::NotEmpty))
            } else {
                Ok(toml::Value::String(raw.to_string()))
            }
        }
        Kind::Ids => ids(raw).map_err(|problem| not(Validity::List(problem))),
        Kind::Kinds => {
            words(raw, ListOf::StationKinds).map_err(|problem| not(Validity::List(problem)))
        }
        Kind::Hours => hours(raw).map_err(|problem| not(Validity::List(problem))),
        Kind::Numbers => numbers(raw).map_err(|problem| not(Validity::List(problem))),
        Kind::Table => unreachable!("refused above"),
    }
}

/// What a number key needs when `raw` is not a number: a percentage for a
/// share (`40%`) is answered with the share it means (0.4); otherwise a
/// number, with an example the key accepts (0.4 for a share).
fn not_a_number(raw: &str, valid: keys::Valid) -> Validity {
    let percent = raw
        .strip_suffix(['%', '％'])
        .and_then(|p| p.trim().parse::<f64>().ok())
        .filter(|p| p.is_finite());
    match (valid, percent) {
        (keys::Valid::Share, Some(p)) => Validity::Percent {
            share: crate::numeric::show(p / 100.0),
        },
        (keys::Valid::Share, None) => Validity::Number {
            example: "0.4".into(),
        },
        _ => Validity::Number {
            example: "1.2".into(),
        },
    }
}

/// The value of a [`keys::STRUCTURED`] key that is not a plain number: a
/// TOML list, table or quoted text (`[900, 800]`, `{ age_under_30 = 0.02 }`,
/// `"cn-2025"`), or a bare word as text (`cn-2025`). `None` for a number.
fn structured(raw: &str) -> Result<Option<toml::Value>, ListProblem> {
    let trimmed = raw.trim();
    if trimmed.parse::<f64>().is_ok() {
        return Ok(None);
    }
    if trimmed.starts_with(['[', '{', '"', '\'']) {
        let parsed: toml::Table =
            toml::from_str(&format!("v = {trimmed}")).map_err(|_| ListProblem::NotToml)?;
        return Ok(parsed.get("v").cloned());
    }
    Ok(Some(toml::Value::String(trimmed.to_string())))
}

/// The items of a list written `a,b` or `[a, b]`: trimmed, empty ones left
/// out.
fn list_items(raw: &str) -> impl Iterator<Item = &str> {
    let trimmed = raw.trim();
    trimmed
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(trimmed)
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// A list of numbers: `0.1,0.2` or a TOML list `[0.1, 0.2]` (the range of
/// each, and the list's length and sum, are the parser's to check).
fn numbers(raw: &str) -> Result<toml::Value, ListProblem> {
    list_items(raw)
        .map(|p| {
            p.parse::<f64>()
                .map(toml::Value::Float)
                .map_err(|_| ListProblem::NotANumber {
                    item: p.to_string(),
                })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(toml::Value::Array)
}

/// A list of station ids: `S1,S2` (commas, spaces trimmed; empty for none)
/// or a TOML list `["S1", "S2"]`.
fn ids(raw: &str) -> Result<toml::Value, ListProblem> {
    words(raw, ListOf::StationIds)
}

/// A list of words (station ids, station kinds): `a,b` (commas, spaces
/// trimmed; empty for none) or a TOML list `["a", "b"]`.
fn words(raw: &str, of: ListOf) -> Result<toml::Value, ListProblem> {
    let hint = || ListProblem::Words { of, item: None };
    let items: Vec<String> = if raw.starts_with('[') {
        let parsed: toml::Table = toml::from_str(&format!("v = {raw}")).map_err(|_| hint())?;
        let list = parsed
            .get("v")
            .and_then(|v| v.as_array())
            .ok_or_else(hint)?;
        list.iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| ListProblem::Words {
                        of,
                        item: Some(v.to_string()),
                    })
            })
            .collect::<Result<_, _>>()?
    } else {
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    Ok(toml::Value::Array(
        items.into_iter().map(toml::Value::String).collect(),
    ))
}

/// A list of hours of the day: `22,23,0` or a TOML list `[22, 23, 0]`
/// (empty for none; each hour's range is the parser's to check).
fn hours(raw: &str) -> Result<toml::Value, ListProblem> {
    list_items(raw)
        .map(|p| {
            p.parse::<i64>()
                .map(toml::Value::Integer)
                .map_err(|_| ListProblem::NotAnHour {
                    item: p.to_string(),
                })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(toml::Value::Array)
}

/// Sets `value` at the key's place in the table, creating the tables on
/// the way (as `[recruits]` when the file has none).
fn insert(table: &mut toml::Table, key: &str, value: toml::Value) -> Result<(), String> {
    let parts = keys::toml_parts(key);
    let (last, tables) = parts.split_last().ok_or("the key is empty")?;
    let mut here = table;
    for (i, part) in tables.iter().enumerate() {
        let entry = here
            .entry(part.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        here = entry.as_table_mut().ok_or_else(|| {
            let shown: Vec<&str> = key.split('.').take(i + 1).collect();
            format!(
                "the scenario's `{}` is a value, not a table, so it has no `{key}`",
                shown.join(".")
            )
        })?;
    }
    here.insert(last.clone(), value);
    Ok(())
}

/// The override a message is about: the last one whose key the message
/// names in backticks (a range error of the parser names its key).
pub fn named_in<'a>(overrides: &'a [Override], message: &str) -> Option<&'a Override> {
    overrides
        .iter()
        .rev()
        .find(|o| message.contains(&format!("`{}`", o.key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> ScenarioTable {
        let text = super::super::normalise_tables(
            "name = \"t\"\nstations = \"s.csv\"\ncounties = \"c.csv\"\n[workload]\nhours_per_call = 1\nofficer_hours_per_year = 1000\nreactive_share = 0.5\n[workload.residents_per_community_officer]\nurban = 3000\nrural = 2000\n[stations]\nmin_officers = 2\n",
        );
        ScenarioTable {
            table: toml::from_str(&text).unwrap(),
            file: "dir/t.toml".into(),
            chain: vec!["dir/t.toml".into()],
            data_dirs: Default::default(),
            overrides: Vec::new(),
        }
    }

    fn set(key: &str, value: &str) -> Result<ScenarioTable, String> {
        let mut st = table();
        apply(&mut st, &[(key.into(), value.into())]).map_err(|e| e.to_string())?;
        Ok(st)
    }

    #[test]
    fn values_are_read_by_the_kind_of_their_key() {
        let st = set("workload.call_growth", "1.2").unwrap();
        assert_eq!(
            keys::lookup(&st.table, "workload.call_growth"),
            Some(&toml::Value::Float(1.2))
        );
        let st = set("stations.min_officers", "3").unwrap();
        assert_eq!(
            keys::lookup(&st.table, "stations.min_officers"),
            Some(&toml::Value::Integer(3))
        );
        let st = set("recruits.total", "20").unwrap();
        assert_eq!(
            keys::lookup(&st.table, "recruits.total"),
            Some(&toml::Value::Integer(20)),
            "a missing table is created"
        );
        let st = set("stations.locked", "S1, S2").unwrap();
        let ids = keys::lookup(&st.table, "stations.locked").unwrap().clone();
        assert_eq!(
            ids,
            set("stations.locked", "[\"S1\",\"S2\"]").unwrap().table["station_defaults"]["locked"]
        );
        assert_eq!(ids.as_array().unwrap().len(), 2);
        let st = set("quotas.community_scope", "station").unwrap();
        assert_eq!(st.overrides.len(), 1);
        assert_eq!(st.overrides[0].key, "quotas.community_scope");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused_with_what_would_do() {
        let e = set("workload.call_grwth", "1.2").unwrap_err();
        assert!(e.contains("did you mean `workload.call_growth`"), "{e}");
        let e = set("workload.residents_per_community_officer.urbn", "4000").unwrap_err();
        assert!(e.contains("did you mean `urban`"), "{e}");
        let e = set("stations.min_officers", "2.5").unwrap_err();
        assert!(e.contains("whole number"), "{e}");
        let e = set("workload.call_growth", "fast").unwrap_err();
        assert!(e.contains("give a number"), "{e}");
        let e = set("quotas.community_scope", "stations").unwrap_err();
        assert!(e.contains("did you mean `station`"), "{e}");
        // A renamed key names its new name and why, and is never read.
        let e = set("roadmap.call_growth", "0.03").unwrap_err();
        assert!(
            e.contains("did you mean `roadmap.call_growth_rate`?") && e.contains("a yearly rate"),
            "{e}"
        );
        for key in [
            "extend",
            "sweep.workload.call_growth",
            "mergers.lead",
            "sample",
        ] {
            assert!(set(key, "x").is_err(), "{key}");
        }
        assert!(split("workload.call_growth").is_err());
        assert_eq!(
            split(" a.b = 1 ").unwrap(),
            ("a.b".to_string(), "1".to_string())
        );
    }

    /// Every form the file takes can be given with --set (issue 27, N17).
    #[test]
    fn a_word_a_list_or_a_table_for_the_keys_that_take_them() {
        let st = set("roadmap.retirement_age", "cn-2025").unwrap();
        let word = toml::Value::String("cn-2025".into());
        assert_eq!(
            keys::lookup(&st.table, "roadmap.retirement_age"),
            Some(&word)
        );
        let st = set("roadmap.retirement_age", "\"cn-2025\"").unwrap();
        assert_eq!(
            keys::lookup(&st.table, "roadmap.retirement_age"),
            Some(&word)
        );
        let st = set("roadmap.recruits", "[900, 800]").unwrap();
        let list = keys::lookup(&st.table, "roadmap.recruits").unwrap();
        assert_eq!(list.as_array().unwrap().len(), 2);
        let st = set("roadmap.leaving_rate", "{ age_under_30 = 0.02 }").unwrap();
        let t = keys::lookup(&st.table, "roadmap.leaving_rate").unwrap();
        assert_eq!(t["age_under_30"].as_float(), Some(0.02));
        // A plain number is still read by the key's type.
        let st = set("roadmap.recruits", "900").unwrap();
        let n = keys::lookup(&st.table, "roadmap.recruits").unwrap();
        assert_eq!(n.as_integer(), Some(900));
        let e = set("roadmap.recruits", "[900, ").unwrap_err();
        assert!(e.contains("write a list as [900, 800]"), "{e}");
    }

    #[test]
    fn a_data_path_is_relative_to_the_current_folder() {
        let st = set("stations", "data/s.csv").unwrap();
        let s = super::super::from_table(&st).unwrap();
        assert_eq!(s.stations, Path::new("data/s.csv"));
        assert_eq!(s.counties, Path::new("dir/c.csv"), "the file's own path");
    }

    #[test]
    fn lists_of_hours_and_kinds() {
        let ints = |v: toml::Value| -> Vec<i64> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_integer().unwrap())
                .collect()
        };
        assert_eq!(ints(hours("[22, 23, 0]").unwrap()), [22, 23, 0]);
        assert_eq!(ints(hours(" 5,6 ").unwrap()), [5, 6]);
        assert!(ints(hours("[]").unwrap()).is_empty() && ints(hours("").unwrap()).is_empty());
        assert!(hours("22.5")
            .unwrap_err()
            .to_string()
            .contains("`22.5` is not a whole hour"));
        let kinds = words("[\"rural\"]", ListOf::StationKinds).unwrap();
        assert_eq!(kinds.as_array().unwrap()[0].as_str(), Some("rural"));
        assert_eq!(
            words("[1]", ListOf::StationKinds).unwrap_err(),
            ListProblem::Words {
                of: ListOf::StationKinds,
                item: Some("1".into())
            }
        );
    }
}
