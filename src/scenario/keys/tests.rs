//! Tests of the key registry: it matches the parser table by table, and every range is enforced.

use super::*;

#[test]
fn paths_match_their_entries_and_stars_match_one_part() {
    assert_eq!(
        find("workload.call_growth").unwrap().path,
        "workload.call_growth"
    );
    let norm = find("workload.residents_per_community_officer.urban").unwrap();
    assert_eq!(norm.path, "workload.residents_per_community_officer.*");
    assert!(find("workload.residents_per_community_officer").is_none());
    assert!(find("workload.residents_per_community_officer.a.b").is_none());
    assert_eq!(
        find("workload.categories.traffic.divertible").unwrap().kind,
        Kind::Bool
    );
    assert!(find("workload.call_grwth").is_none());
}

#[test]
fn every_path_is_listed_once_and_numbers_have_ranges() {
    for (i, k) in KEYS.iter().enumerate() {
        assert!(
            KEYS[i + 1..].iter().all(|o| o.path != k.path),
            "{} twice",
            k.path
        );
        if k.kind.numeric() {
            assert_ne!(k.valid, Valid::Any, "{} has no range", k.path);
        }
        if k.sweep {
            assert!(k.kind.numeric(), "{} sweeps but is not a number", k.path);
        }
        assert!(!k.label.0.is_empty() && !k.label.1.is_empty(), "{}", k.path);
    }
}

#[test]
fn labels_name_the_key_in_both_languages() {
    assert_eq!(
        label("workload.call_growth", true),
        "警情增长倍数 (workload.call_growth)"
    );
    assert_eq!(
        label("workload.residents_per_community_officer.urban", false),
        "residents per community officer urban (workload.residents_per_community_officer.urban)"
    );
    assert_eq!(label("nope", true), "nope");
}

/// A scenario with every table, for holding the registry against the
/// parser: each table is given an unknown key, and the parser's list of
/// the keys it expects must be the registry's.
const EVERY_TABLE: &str = r#"
name = "t"
stations = "s.csv"
counties = "c.csv"
[workload]
hours_per_call = 1
officer_hours_per_year = 1000
reactive_share = 0.5
[workload.residents_per_community_officer]
urban = 3000
[workload.categories.traffic]
hours_per_call = 1
[workload.service]
minutes_per_call = 45
target_wait_probability = 0.2
standby_hours = [0]
standby_weight = 0.5
[quotas]
[stations]
[stations.two_teams_one_room]
[strength]
[auxiliaries]
[moves]
[recruits]
total = 1
[force]
[roadmap]
start_year = 2025
[balance]
[[mergers]]
lead = "a"
members = ["b"]
"#;

/// The keys the parser expects in a table, from its message for an
/// unknown key: "unknown field `zzz`, expected one of `a`, `b`".
fn parser_keys(table: &str) -> std::collections::BTreeSet<String> {
    let header = match table {
        "" => None,
        "mergers" => Some("[[mergers]]".to_string()),
        "workload.categories.*" => Some("[workload.categories.traffic]".to_string()),
        t => Some(format!("[{t}]")),
    };
    let text = match &header {
        None => format!("zzz = 1\n{EVERY_TABLE}"),
        Some(h) => EVERY_TABLE.replacen(&format!("{h}\n"), &format!("{h}\nzzz = 1\n"), 1),
    };
    assert_ne!(text.matches("zzz").count(), 0, "{table}");
    let err = crate::scenario::parse(&text, std::path::Path::new("t.toml"))
        .expect_err("an unknown key is an error")
        .to_string();
    let expected = err
        .split("expected")
        .nth(1)
        .unwrap_or_else(|| panic!("{table}: no list of keys in: {err}"));
    let expected = expected.lines().next().unwrap_or("");
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|k| k.replace("station_defaults", "stations"))
        .collect()
}

/// The keys the registry lists directly under a table.
fn registry_keys(table: &str) -> std::collections::BTreeSet<String> {
    KEYS.iter()
        .filter_map(|k| {
            let rest = if table.is_empty() {
                Some(k.path)
            } else {
                k.path.strip_prefix(table)?.strip_prefix('.')
            };
            rest.map(|r| r.split('.').next().unwrap_or(r).to_string())
        })
        .filter(|k| k != "*")
        .collect()
}

#[test]
fn the_parser_accepts_exactly_the_registry_keys() {
    for table in [
        "",
        "workload",
        "workload.categories.*",
        "workload.service",
        "quotas",
        "stations",
        "stations.two_teams_one_room",
        "strength",
        "auxiliaries",
        "moves",
        "recruits",
        "force",
        "roadmap",
        "balance",
        "mergers",
    ] {
        assert_eq!(
            parser_keys(table),
            registry_keys(table),
            "table [{table}]: the parser (left) and the registry (right) disagree"
        );
    }
}

/// Parses [`EVERY_TABLE`] with one key set to `value`.
fn parse_with(path: &str, value: toml::Value) -> Result<(), String> {
    let text = crate::scenario::normalise_tables(EVERY_TABLE);
    let mut table: toml::Table = toml::from_str(&text).unwrap();
    let path = path
        .replace(".*.", ".traffic.")
        .replace("officer.*", "officer.urban");
    let parts = toml_parts(&path);
    let (last, tables) = parts.split_last().unwrap();
    let mut here = &mut table;
    for part in tables {
        here = here
            .entry(part.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            .as_table_mut()
            .unwrap();
    }
    here.insert(last.clone(), value);
    let st = crate::scenario::ScenarioTable {
        table,
        file: "t.toml".into(),
        chain: vec!["t.toml".into()],
        data_dirs: Default::default(),
        overrides: Vec::new(),
    };
    crate::scenario::from_table(&st)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Every numeric key's range, as the registry states it, is what the
/// parser enforces: its ends are accepted and values just outside are
/// refused with a message naming the key.
#[test]
fn the_parser_enforces_every_registry_range() {
    for k in KEYS.iter().filter(|k| k.kind.numeric()) {
        let (lo, hi) = match k.valid {
            Valid::Share => (0.0, 1.0),
            Valid::Real(r) => (r.min, r.max),
            Valid::Count => (0.0, MAX_COUNT as f64),
            Valid::SignedCount => (-(MAX_COUNT as f64), MAX_COUNT as f64),
            Valid::Any => unreachable!("numbers have ranges"),
        };
        let value = |v: f64| match k.kind {
            Kind::Int => toml::Value::Integer(v as i64),
            _ => toml::Value::Float(v),
        };
        let (below, above) = match k.kind {
            Kind::Int => (lo - 1.0, hi + 1.0),
            _ => (lo - lo.abs().max(1.0) * 1e-6, hi + hi.abs().max(1.0) * 1e-6),
        };
        for ok in [lo, hi] {
            assert!(parse_with(k.path, value(ok)).is_ok(), "{} = {ok}", k.path);
        }
        for bad in [below, above] {
            let e = parse_with(k.path, value(bad)).expect_err(k.path);
            let shown = k
                .path
                .replace(".*.", ".traffic.")
                .replace("officer.*", "officer.urban");
            assert!(e.contains(&shown), "{} = {bad}: {e}", k.path);
        }
    }
}

#[test]
fn sweep_keys_expand_the_names_a_scenario_gives() {
    let t: toml::Table = toml::from_str(
        "[workload.residents_per_community_officer]\nurban = 5000\nrural = 3000\n[station_defaults]\nmin_officers = 3\n",
    )
    .unwrap();
    let keys = sweep_keys(&t);
    assert!(keys.contains(&"workload.residents_per_community_officer.rural".to_string()));
    assert!(keys.contains(&"force.add".to_string()));
    assert!(sweepable(&t, "workload.residents_per_community_officer.urban").is_some());
    assert!(sweepable(&t, "workload.residents_per_community_officer.town").is_none());
    assert!(sweepable(&t, "quotas.community_scope").is_none());
    assert_eq!(
        lookup(&t, "stations.min_officers").and_then(|v| v.as_integer()),
        Some(3)
    );
}
