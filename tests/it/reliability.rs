//! Reliability, second pass (issue 27): hostile inputs and slow corners,
//! each through the binary under a time limit. (The findings that are a bad
//! input file are cases of the corpus in `tests/bad_input/`.)

use std::path::Path;
use std::time::Duration;

use crate::support::{corpus_case, run_in};

/// N11: one county of 50,000 identical stations, where every station binds
/// the level. Each binding station used to recompute its whole county's
/// bounds, the transfer list rescanned every source for each line, and the
/// binding chart drew a 30-pixel row per binding station (a PNG 1.5 million
/// pixels tall): about 95 s of CPU in a release build, and far more here.
/// Near-linear, the default command (charts included) takes a few seconds.
#[test]
fn one_county_of_fifty_thousand_identical_stations_solves_in_time() {
    let dir = tempfile::tempdir().unwrap();
    let scenario =
        staffing::study::bench::one_county::write_instance(&dir.path().join("data"), 50_000)
            .unwrap();
    let out = run_in(
        dir.path(),
        &["solve", scenario.to_str().unwrap(), "--out", "plan"],
        Duration::from_secs(90),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("plan/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(summary["status"], "optimal");
    // The chart shows the least covered rows, not one per binding station.
    let svg = std::fs::read_to_string(dir.path().join("plan/binding.svg")).unwrap();
    assert!(
        svg.contains("the 100 least covered of 50000;")
            || svg.contains("(50000个所中保障程度最低的100个，"),
        "{}",
        &svg[..svg.len().min(2000)]
    );
}

/// Appends columns to a CSV file: `headers` to its first line, `cells` to
/// every other line.
fn add_columns(file: &Path, headers: &str, cells: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let out: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},{headers}\n")
            } else {
                format!("{l},{cells}\n")
            }
        })
        .collect();
    std::fs::write(file, out).unwrap();
}

/// N7: the headers of columns carried from the input to allocation.csv and
/// counties.csv were written as they were, so `=HYPERLINK(…)`, `@note`,
/// `+x` or `-cmd` became a live formula when the CSV was opened in Excel or
/// WPS. They are neutralised like cells; in plan.xlsx they are text cells.
#[test]
fn carried_headers_cannot_become_formulas() {
    let dir = corpus_case("_valid");
    let headers = r#""=HYPERLINK(""http://evil.example"",""click"")",@note,+x,-cmd,备注"#;
    add_columns(&dir.path().join("stations.csv"), headers, "a,b,c,d,e");
    add_columns(&dir.path().join("counties.csv"), headers, "a,b,c,d,e");
    let out = run_in(
        dir.path(),
        &[
            "solve",
            "scenario.toml",
            "--out",
            "plan",
            "--charts",
            "none",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for file in ["allocation.csv", "counties.csv"] {
        let text = std::fs::read_to_string(dir.path().join("plan").join(file)).unwrap();
        let header = text.trim_start_matches('\u{FEFF}').lines().next().unwrap();
        assert!(
            header.ends_with(
                r#","'=HYPERLINK(""http://evil.example"",""click"")",'@note,'+x,'-cmd,备注"#
            ),
            "{file}: {header}"
        );
    }
    // In the workbook every header is a text cell, never a formula.
    let bytes = std::fs::read(dir.path().join("plan/plan.xlsx")).unwrap();
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..book.len() {
        let mut part = book.by_index(i).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
        assert!(!xml.contains("<f>"), "{:?} holds a formula", part.name());
    }
}

/// What a hostile name may hold to drive a terminal: an OSC title
/// (ESC ] 0 ; … BEL), clear screen (ESC [ 2 J), a carriage return with
/// erase line (CR ESC [ K), and a right-to-left override (U+202E).
const TERMINAL_ATTACK: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{1b}[K\u{202e}";

fn assert_inert(what: &str, text: &str) {
    for c in ['\u{1b}', '\u{7}', '\r', '\u{202e}'] {
        assert!(
            !text.contains(c),
            "{what} holds U+{:04X}:\n{text}",
            c as u32
        );
    }
}

/// Replaces `from` by `to` in one file of `dir`.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// N8: station names in the "limited by" line, county names in the
/// infeasibility explanation and the scenario's name reached the terminal
/// raw, escape sequences and all. Every line is escaped (docs/io.md).
#[test]
fn names_cannot_drive_the_terminal() {
    let dir = corpus_case("_valid");
    let p = dir.path();
    for name in ["城关派出所", "东关派出所", "河西派出所"] {
        // Quoted, so that the CR stays in the field.
        edit(
            p,
            "stations.csv",
            name,
            &format!("\"{name}{TERMINAL_ATTACK}\""),
        );
    }
    edit(
        p,
        "counties.csv",
        "城关县公安局",
        &format!("\"城关县公安局{TERMINAL_ATTACK}\""),
    );
    edit(
        p,
        "scenario.toml",
        "name = \"case\"",
        "name = \"case\\u001b[2J\"",
    );

    // A plan: the summary names the stations that limit the level.
    let out = run_in(
        p,
        &[
            "solve",
            "scenario.toml",
            "--out",
            "plan",
            "--charts",
            "none",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_inert("stdout", &out.stdout);
    assert_inert("stderr", &out.stderr);
    assert!(
        out.stdout
            .contains(r"派出所\u{1B}]0;pwned\u{7}\u{1B}[2J\r\u{1B}[K\u{202E}"),
        "{}",
        out.stdout
    );

    // The same as JSON: the names are JSON escapes, the value unchanged.
    let out = run_in(
        p,
        &[
            "solve",
            "scenario.toml",
            "--out",
            "plan2",
            "--charts",
            "none",
            "--json",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_inert("--json", &out.stdout);
    let json: serde_json::Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(json["scenario"], "case\u{1b}[2J");

    // No plan: the explanation names the county.
    edit(p, "counties.csv", ",40,5", ",40,30");
    let out = run_in(
        p,
        &["solve", "scenario.toml", "--out", "plan3"],
        Duration::from_secs(60),
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_inert("stderr", &out.stderr);
    assert!(
        out.stderr.contains(r"城关县公安局\u{1B}]0;pwned"),
        "{}",
        out.stderr
    );
    // `check` prints the same data.
    let out = run_in(p, &["check", "scenario.toml"], Duration::from_secs(60));
    assert_inert("check stdout", &out.stdout);
    assert_inert("check stderr", &out.stderr);
}

/// N16: `staffing generate --stations 1000000`, the documented maximum,
/// wrote a table `check` refused ("goes on past row 1000001"): the reader
/// counted the header among its 1,000,000 rows. A table of 1,000,000 rows
/// below its header is read to the end; here the header names `station_id`
/// twice, which is found once the whole table is read. (The cell limit
/// against generate's widest table is a unit test in `generate.rs`.)
#[test]
fn a_table_of_a_million_rows_below_its_header_is_read_to_the_end() {
    let dir = corpus_case("_valid");
    let mut csv = String::from("station_id,station_id\n");
    for i in 0..1_000_000 {
        csv.push_str(&format!("S{i},x\n"));
    }
    std::fs::write(dir.path().join("stations.csv"), csv).unwrap();
    let out = run_in(
        dir.path(),
        &["check", "scenario.toml"],
        Duration::from_secs(120),
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("header names column `station_id` twice"),
        "{}",
        out.stderr
    );
    // One row more is refused by its size, naming the limit.
    let mut csv = std::fs::read_to_string(dir.path().join("stations.csv")).unwrap();
    csv.push_str("S1000000,x\n");
    std::fs::write(dir.path().join("stations.csv"), csv).unwrap();
    let out = run_in(
        dir.path(),
        &["check", "scenario.toml"],
        Duration::from_secs(120),
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("it has 1,000,001 rows below its header; a table may have at most 1,000,000 rows below its header"),
        "{}",
        out.stderr
    );
}

/// N12: the horizon search had no bound but its branch and bound's; on the
/// generated nation it took minutes of CPU a run. `roadmap.horizon_checks`
/// bounds every search (the one from the first year and each year's): past
/// it the run keeps the best plan found, says it is not proven optimal, and
/// names the gap to the bound. The limit is a count of checks, so the test
/// pins it by the count the summary reports, not by the clock; the runs
/// are under a time limit all the same.
#[test]
fn the_horizon_search_stops_at_its_limit_with_the_best_plan_and_the_gap() {
    let dir = tempfile::tempdir().unwrap();
    let generated = run_in(
        dir.path(),
        &[
            "generate",
            "--counties",
            "6",
            "--stations",
            "60",
            "--seed",
            "2",
            "--ages",
            "data",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(generated.code, Some(0), "{}", generated.stderr);
    std::fs::write(
        dir.path().join("data/roadmap.toml"),
        "extend = \"scenario.toml\"\nname = \"horizon-limit\"\n\n[roadmap]\nstart_year = 2025\nyears = 6\nmode = \"horizon\"\nretirement_age = 60\nleaving_rate = 0.02\nrecruits = 40\ncall_growth_rate = 0.03\n",
    )
    .unwrap();
    let summary = |out: &str, limit: Option<&str>| {
        let mut args = vec![
            "roadmap",
            "data/roadmap.toml",
            "--out",
            out,
            "--charts",
            "none",
            "--lang",
            "en",
        ];
        if let Some(set) = limit {
            args.extend(["--set", set]);
        }
        let run = run_in(dir.path(), &args, Duration::from_secs(120));
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let text = std::fs::read_to_string(dir.path().join(out).join("summary.json")).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        (json, run.stderr)
    };
    // Without a small limit the search proves the worst year, and needs
    // far more than 8 checks for it.
    let (free, _) = summary("free", None);
    let h = &free["horizon"];
    assert!(h["checks"].as_u64().unwrap() > 8, "{h}");
    assert_eq!(h["worst_level_bound"], h["worst_level"], "{h}");
    assert_ne!(h["status"], "not_proven", "{h}");
    // At 8 checks it stops: every year planned, the plan checked, and the
    // outputs say it is not proven and by how much it may fall short.
    let (bounded, stderr) = summary("bounded", Some("roadmap.horizon_checks=8"));
    assert_eq!(bounded["years_planned"], 6, "{bounded}");
    let h = &bounded["horizon"];
    assert_eq!(h["status"], "not_proven", "{h}");
    assert!(h["checks"].as_u64().unwrap() <= 8, "{h}");
    let (level, bound) = (
        h["worst_level"].as_f64().unwrap(),
        h["worst_level_bound"].as_f64().unwrap(),
    );
    assert!(level <= bound + 1e-12, "{h}");
    // The bound is a bound: the proven optimum of the free run lies under it.
    let proven = free["horizon"]["worst_level"].as_f64().unwrap();
    assert!(proven <= bound + 1e-12 && level <= proven + 1e-12, "{h}");
    assert!(
        h["sum_of_levels"].as_f64().unwrap() <= h["sum_of_levels_bound"].as_f64().unwrap() + 1e-9,
        "{h}"
    );
    let note = h["note"].as_str().unwrap();
    assert!(
        note.contains("roadmap.horizon_checks = 8") && note.contains("gap"),
        "{note}"
    );
    assert!(
        stderr.contains("stopped at roadmap.horizon_checks = 8"),
        "{stderr}"
    );
    // A limit out of range is refused, naming the key.
    let refused = run_in(
        dir.path(),
        &[
            "roadmap",
            "data/roadmap.toml",
            "--out",
            "zero",
            "--set",
            "roadmap.horizon_checks=0",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("roadmap.horizon_checks"),
        "{}",
        refused.stderr
    );
    assert!(!dir.path().join("zero").exists());
}
