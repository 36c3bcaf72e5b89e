//! Tests of the scenario reader.

use std::path::Path;

use super::*;

const SMALL: &str = r#"
name = "small"
stations = "stations.csv"
counties = "counties.csv"

[workload]
hours_per_call = 1.5
officer_hours_per_year = 1800
reactive_share = 0.5

[workload.residents_per_community_officer]
urban = 5000
rural = 3000

[stations]   # station defaults
min_officers = 3
"#;

#[test]
fn stations_path_and_stations_table_coexist() {
    let s = parse(SMALL, Path::new("dir/s.toml")).unwrap();
    assert_eq!(s.stations, Path::new("dir/stations.csv"));
    assert_eq!(s.min_officers, 3);
    assert_eq!(s.quotas.station_share, 0.4);
    assert_eq!(s.workload.call_growth, 1.0);
    assert_eq!(s.auxiliaries_total, None);
}

#[test]
fn unknown_key_is_named() {
    let text = SMALL.replace(
        "reactive_share = 0.5",
        "reactive_share = 0.5\nreactiv_share = 0.5",
    );
    let e = parse(&text, Path::new("s.toml")).unwrap_err().to_string();
    assert!(e.contains("reactiv_share"), "{e}");
    let text = SMALL.replace("min_officers = 3", "min_officer = 3");
    let e = parse(&text, Path::new("s.toml")).unwrap_err().to_string();
    assert!(e.contains("min_officer"), "{e}");
    assert!(!e.contains("station_defaults"), "{e}");
}

#[test]
fn a_renamed_key_is_refused_with_its_new_name() {
    let text = format!("{SMALL}\n[roadmap]\nstart_year = 2025\ncall_growth = 0.03\n");
    let e = parse(&text, Path::new("s.toml")).unwrap_err().to_string();
    assert!(
        e.contains("`roadmap.call_growth` was renamed `roadmap.call_growth_rate`")
            && e.contains("did you mean `roadmap.call_growth_rate`?"),
        "{e}"
    );
    let text = format!("{SMALL}\n[roadmap]\nstart_year = 2025\ncall_growth_rate = 0.03\n");
    let s = parse(&text, Path::new("s.toml")).unwrap();
    assert_eq!(s.roadmap.as_ref().map(|r| r.call_growth), Some(0.03));
}

#[test]
fn share_outside_unit_interval_is_rejected() {
    let text = SMALL.replace("[stations]", "[quotas]\nstation_share = 1.4\n[stations]");
    let e = parse(&text, Path::new("s.toml")).unwrap_err().to_string();
    assert!(
        e.contains("quotas.station_share") && e.contains("1.4"),
        "{e}"
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn extend_chains_override_keys_and_keep_data_paths_relative_to_their_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", SMALL);
    write(
        dir.path(),
        "what-if/mid.toml",
        "extend = \"../base.toml\"\nname = \"mid\"\n[workload]\ncall_growth = 1.2\n",
    );
    let top = write(
        dir.path(),
        "what-if/top.toml",
        "extend = \"mid.toml\"\nname = \"top\"\n[stations]\nmin_officers = 4\n[force]\nadd = -3\n",
    );
    let s = load(&top).unwrap();
    assert_eq!(s.name, "top");
    assert_eq!(s.workload.call_growth, 1.2);
    assert_eq!(s.workload.hours_per_call, 1.5, "kept from the base");
    assert_eq!(s.min_officers, 4);
    assert_eq!(s.force_levers.force_add, -3);
    assert_eq!(s.stations, dir.path().join("what-if/../stations.csv"));
    let t = load_table(&top).unwrap();
    assert_eq!(t.chain.len(), 3);
}

#[test]
fn extend_errors_are_strict() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.toml", SMALL);
    let a = write(dir.path(), "a.toml", "extend = \"b.toml\"\n");
    write(dir.path(), "b.toml", "extend = \"a.toml\"\n");
    let e = load(&a).unwrap_err().to_string();
    assert!(e.contains("cycle"), "{e}");
    let typo = write(
        dir.path(),
        "typo.toml",
        "extend = \"base.toml\"\n[workload]\ncall_grwth = 1.2\n",
    );
    let e = load(&typo).unwrap_err().to_string();
    assert!(e.contains("call_grwth"), "{e}");
    let missing = write(dir.path(), "missing.toml", "extend = \"nope.toml\"\n");
    let e = load(&missing).unwrap_err().to_string();
    assert!(e.contains("nope.toml"), "{e}");
    let wrong_type = write(
        dir.path(),
        "int.toml",
        "extend = \"base.toml\"\n[stations]\nmin_officers = 2.5\n",
    );
    assert!(load(&wrong_type).is_err());
    // A plain file keeps line numbers in its errors.
    let plain = write(
        dir.path(),
        "plain.toml",
        &SMALL.replace("urban = 5000", "urban = ="),
    );
    let e = load(&plain).unwrap_err().to_string();
    assert!(e.contains("line"), "{e}");
}
