//! What `roadmap --resume` reads back from its folder is untrusted input
//! (issue 27, N5 and N6): a year's record whose fingerprint matches but
//! whose content does not is planned again, so the resumed folder holds
//! the same bytes as an uninterrupted run; cells written to the CSV files
//! are neutralised again, whatever a record says.
//!
//! Each case plans a small roadmap, alters one thing in its folder, and
//! resumes under a time limit (a hang or a quadratic read fails the test).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::roadmap::small_roadmap;
use crate::support::{run_with_timeout, staffing, Finished};

/// Each run is killed after this long.
const LIMIT: Duration = Duration::from_secs(90);

/// The files a roadmap builds from its records.
const TOP: [&str; 3] = ["roadmap.csv", "roadmap_counties.csv", "summary.json"];

fn body(years: usize) -> String {
    format!(
        "start_year = 2025\nyears = {years}\nretirement_age = {{ male = 60, female = 55 }}\nfemale_share = 0.2\n\
         leaving_rate = {{ age_under_30 = 0.05, age_30_39 = 0.02, age_50_54 = 0.04 }}\nrecruits = 12\nrecruits_cap = 8\n"
    )
}

fn roadmap(scenario: &Path, out: &Path, extra: &[&str]) -> Finished {
    let mut cmd = staffing();
    cmd.arg("roadmap")
        .arg(scenario)
        .args(["--charts", "none", "--lang", "en", "--out"])
        .arg(out)
        .args(extra);
    run_with_timeout(cmd, LIMIT).unwrap()
}

fn ok(f: &Finished) {
    assert_eq!(f.code, Some(0), "stdout {}\nstderr {}", f.stdout, f.stderr);
    assert!(!f.stderr.contains("panicked"), "{}", f.stderr);
}

/// A planned roadmap of three years over three counties: its scenario, its
/// folder, and the bytes of its top files.
struct Planned {
    _dir: tempfile::TempDir,
    scenario: PathBuf,
    out: PathBuf,
    top: BTreeMap<&'static str, Vec<u8>>,
}

fn planned() -> Planned {
    planned_in("myopic")
}

/// [`planned`] in a mode (`myopic`, `horizon`).
fn planned_in(mode: &str) -> Planned {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}mode = \"{mode}\"\n", body(3));
    let scenario = small_roadmap(&dir.path().join("data"), 3, 24, 5, &text);
    let out = dir.path().join("out");
    ok(&roadmap(&scenario, &out, &["--quiet"]));
    let top = TOP
        .iter()
        .map(|n| (*n, fs::read(out.join(n)).unwrap()))
        .collect();
    Planned {
        _dir: dir,
        scenario,
        out,
        top,
    }
}

impl Planned {
    fn record(&self, year: i32) -> PathBuf {
        self.out.join("years").join(format!("{year}.json"))
    }

    /// Changes a year's record as JSON.
    fn alter(&self, year: i32, change: impl FnOnce(&mut Value)) {
        let path = self.record(year);
        let mut v: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        change(&mut v);
        fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    }

    /// Resumes, and checks the years kept are `kept` and every top file is
    /// the uninterrupted run's.
    fn resumes_to_the_same_bytes(&self, kept: &[i32]) -> Finished {
        let f = roadmap(&self.scenario, &self.out, &["--resume"]);
        ok(&f);
        for year in 2025..2028 {
            let line = format!("{year}: kept from the earlier run");
            assert_eq!(
                f.stderr.contains(&line),
                kept.contains(&year),
                "{year} kept? stderr {}",
                f.stderr
            );
        }
        for (name, bytes) in &self.top {
            let now = fs::read(self.out.join(name)).unwrap();
            assert!(
                &now == bytes,
                "{name} differs from the uninterrupted run's:\n{}",
                String::from_utf8_lossy(&now)
            );
        }
        f
    }
}

/// A column's position in a record's row of `roadmap.csv` (the manifest's
/// columns) or of `roadmap_counties.csv`.
fn column(p: &Planned, name: &str) -> usize {
    let m: Value = serde_json::from_slice(&fs::read(p.out.join("roadmap.json")).unwrap()).unwrap();
    m["columns"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn county_column(name: &str) -> usize {
    staffing::roadmap::table::COUNTY_COLUMNS
        .iter()
        .position(|c| *c == name)
        .unwrap()
}

/// A cell of a record's row changed to `to`.
fn set_cell(r: &mut Value, i: usize, to: &str) {
    r["cells"][i] = to.into();
}

/// A number cell changed by `by` (whole numbers, or a share or level; an
/// empty cell, a level without workload, becomes `by`).
fn shift(cell: &mut Value, by: f64) {
    let v: f64 = cell.as_str().unwrap().parse().unwrap_or(0.0);
    let n = v + by;
    *cell = if n.fract() == 0.0 && by.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
    .into();
}

/// Tampers with 2026's record by `change`, resumes: 2026 and 2027 are
/// planned again (the line says which cell), and every file is the
/// uninterrupted run's.
fn replanned(p: &Planned, what: &str, change: impl FnOnce(&mut Value, &Planned)) {
    let path = p.record(2026);
    let clean = fs::read(&path).unwrap();
    let mut v: Value = serde_json::from_slice(&clean).unwrap();
    change(&mut v, p);
    fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    let f = p.resumes_to_the_same_bytes(&[2025]);
    assert!(
        f.stderr.contains("2026: planned again") && f.stderr.contains(what),
        "{what}: {}",
        f.stderr
    );
    // The year planned again wrote its record as the first run did.
    assert_eq!(fs::read(&path).unwrap(), clean, "{what}");
}

/// Issue 27, N6: every figure a kept record shows a reader is planned
/// again and compared, by family: moves, levels, counts and shares, the
/// flows of the force, the force itself.
fn every_figure_is_rederived(mode: &str) {
    let p = planned_in(mode);
    // A clean resume keeps every year.
    p.resumes_to_the_same_bytes(&[2025, 2026, 2027]);
    // Moves: the province's and a county's.
    replanned(&p, "`officers_moved` is 999", |r, p| {
        set_cell(r, column(p, "officers_moved"), "999")
    });
    replanned(&p, "`officers_moved` of county", |r, _| {
        shift(&mut r["counties"][1][county_column("officers_moved")], 1.0)
    });
    // Levels: the balance level, a county's level, the auxiliaries'.
    replanned(&p, "`balance_level`", |r, p| {
        shift(&mut r["cells"][column(p, "balance_level")], 0.25)
    });
    replanned(&p, "`county_level` of county", |r, _| {
        shift(&mut r["counties"][0][county_column("county_level")], 0.5)
    });
    replanned(&p, "`auxiliary_balance_level`", |r, p| {
        shift(&mut r["cells"][column(p, "auxiliary_balance_level")], 0.1)
    });
    // Counts and shares.
    for name in [
        "station_officers",
        "hq_officers",
        "community_officers",
        "auxiliaries",
        "counties_meeting_station_share",
        "two_teams_one_room",
    ] {
        replanned(&p, &format!("`{name}`"), |r, p| {
            shift(&mut r["cells"][column(p, name)], 1.0)
        });
    }
    replanned(&p, "`station_share`", |r, p| {
        shift(&mut r["cells"][column(p, "station_share")], 0.01)
    });
    replanned(&p, "`community_officers` of county", |r, _| {
        shift(
            &mut r["counties"][2][county_column("community_officers")],
            -1.0,
        )
    });
    replanned(&p, "`station_rule` of county", |r, _| {
        let i = county_column("station_rule");
        let flipped = if r["counties"][0][i] == "true" {
            "false"
        } else {
            "true"
        };
        r["counties"][0][i] = flipped.into();
    });
    // The flows of the force, altered so that it is still conserved: a
    // retirement made a leaver, in the county's row and the province's.
    replanned(&p, "`retirements`", |r, p| {
        shift(&mut r["counties"][0][county_column("retirements")], -1.0);
        shift(&mut r["counties"][0][county_column("leavers")], 1.0);
        shift(&mut r["cells"][column(p, "retirements")], -1.0);
        shift(&mut r["cells"][column(p, "leavers")], 1.0);
    });
    // An officer moved from one age band to the next: the bands still add
    // up to the force.
    replanned(&p, "`age_under_30`", |r, p| {
        shift(&mut r["cells"][column(p, "age_under_30")], 1.0);
        shift(&mut r["cells"][column(p, "age_30_39")], -1.0);
    });
    // The force itself: a community officer more at a station (its cohorts
    // are its officers', untouched).
    replanned(&p, "planning the year again leaves", |r, _| {
        let c = &mut r["state"]["stations"][0]["community"];
        *c = (c.as_i64().unwrap() + 1).into();
    });
}

#[test]
fn every_figure_of_a_kept_year_is_planned_again_and_compared_myopic() {
    every_figure_is_rederived("myopic");
}

#[test]
fn every_figure_of_a_kept_year_is_planned_again_and_compared_horizon() {
    every_figure_is_rederived("horizon");
}

#[test]
fn a_kept_force_of_one_station_or_county_more_or_fewer_is_planned_again() {
    let p = planned();
    type Change = fn(&mut Vec<Value>);
    let cases: [(&str, Change); 4] = [
        ("stations", |v| {
            v.pop();
        }),
        ("stations", |v| {
            let last = v.last().unwrap().clone();
            v.push(last);
        }),
        ("counties", |v| {
            v.pop();
        }),
        ("counties", |v| {
            let last = v.last().unwrap().clone();
            v.push(last);
        }),
    ];
    for (what, change) in cases {
        p.alter(2026, |r| change(r["state"][what].as_array_mut().unwrap()));
        p.resumes_to_the_same_bytes(&[2025]);
    }
}

#[test]
fn cut_or_extended_cells_and_columns_are_planned_again() {
    let p = planned();
    p.alter(2026, |r| {
        r["cells"].as_array_mut().unwrap().pop();
    });
    p.resumes_to_the_same_bytes(&[2025]);
    p.alter(2026, |r| {
        r["cells"].as_array_mut().unwrap().push("x".into());
    });
    p.resumes_to_the_same_bytes(&[2025]);
    p.alter(2025, |r| {
        r["counties"][0].as_array_mut().unwrap().pop();
    });
    p.resumes_to_the_same_bytes(&[]);
    // The manifest's columns cut: the run's own columns are written.
    let path = p.out.join("roadmap.json");
    let mut m: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    m["columns"].as_array_mut().unwrap().truncate(3);
    fs::write(&path, serde_json::to_vec(&m).unwrap()).unwrap();
    p.resumes_to_the_same_bytes(&[2025, 2026, 2027]);
}

#[test]
fn a_repeated_or_extended_year_list_neither_repeats_nor_adds_years() {
    let p = planned();
    let path = p.out.join("roadmap.json");
    let original = fs::read(&path).unwrap();
    for years in [
        vec![2025, 2025, 2026, 2027],
        vec![2025, 2026, 2027, 2028, 2029],
        vec![2025, 2026, 2026, 2027, 2027],
    ] {
        let mut m: Value = serde_json::from_slice(&original).unwrap();
        m["years"] = years.into();
        fs::write(&path, serde_json::to_vec(&m).unwrap()).unwrap();
        p.resumes_to_the_same_bytes(&[2025, 2026, 2027]);
    }
    // A record that names a year of its own (file and content agreeing)
    // outside the roadmap adds nothing.
    let mut r: Value = serde_json::from_slice(&fs::read(p.record(2027)).unwrap()).unwrap();
    r["year"] = 2028.into();
    r["state"]["year"] = 2028.into();
    r["cells"][0] = "2028".into();
    fs::write(p.record(2028), serde_json::to_vec(&r).unwrap()).unwrap();
    let f = roadmap(&p.scenario, &p.out, &["--resume"]);
    // The stray record is not the run's: refused, or planned around.
    assert!(!f.stderr.contains("panicked"), "{}", f.stderr);
    let csv = fs::read(p.out.join("roadmap.csv")).unwrap();
    assert!(
        csv == p.top["roadmap.csv"],
        "{}",
        String::from_utf8_lossy(&csv)
    );
}

/// The officers at stations in a saved force.
fn add_officers(state: &mut Value, n: i64) {
    let part = &mut state["stations"][0]["movable"];
    let count = part["count"].as_i64().unwrap();
    part["count"] = (count + n).into();
    // The cohort cells follow, so the part is a whole one: only the
    // conservation of the force is broken.
    let cell = part["cells"][0].as_array_mut().unwrap();
    let m = cell[4].as_i64().unwrap();
    cell[4] = (m + n * 1_000_000_000).into();
}

#[test]
fn a_saved_force_that_breaks_conservation_is_planned_again() {
    let p = planned();
    p.alter(2026, |r| add_officers(&mut r["state"], 100_000));
    p.resumes_to_the_same_bytes(&[2025]);
    // The force's rows changed with it: still not the force the year left.
    p.alter(2026, |r| {
        add_officers(&mut r["state"], 100_000);
        for i in [4, 8] {
            let n: i64 = r["cells"][i].as_str().unwrap().parse().unwrap();
            r["cells"][i] = (n + 100_000).to_string().into();
        }
    });
    p.resumes_to_the_same_bytes(&[2025]);
    // Officers moved from one station to another: the county's total holds,
    // but the stations no longer hold the plan's officers.
    p.alter(2025, |r| {
        add_officers(&mut r["state"], 1);
        let part = &mut r["state"]["stations"][1]["movable"];
        let count = part["count"].as_i64().unwrap();
        part["count"] = (count - 1).into();
    });
    p.resumes_to_the_same_bytes(&[]);
    // A negative count.
    p.alter(2027, |r| {
        r["state"]["stations"][0]["community"] = (-5).into()
    });
    p.resumes_to_the_same_bytes(&[2025, 2026]);
}

/// Whether a CSV cell would be a formula in Excel: it starts with `=`,
/// `+`, `-` or `@` and is not a number.
fn live(cell: &str) -> bool {
    matches!(cell.chars().next(), Some('=' | '+' | '-' | '@'))
        && cell.parse::<f64>().map_or(true, |x| !x.is_finite())
}

fn cells(bytes: &[u8]) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    r.records()
        .flat_map(|row| row.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

#[test]
fn formulas_in_a_record_are_planned_again_or_written_inert() {
    let p = planned();
    for formula in ["=HYPERLINK(\"http://x\")", "@SUM(A1)", "+1+1", "-cmd"] {
        p.alter(2026, |r| {
            let n = r["cells"].as_array().unwrap().len();
            r["cells"][n - 1] = formula.into();
            r["counties"][0][2] = formula.into();
        });
        p.resumes_to_the_same_bytes(&[2025]);
        for name in ["roadmap.csv", "roadmap_counties.csv"] {
            let bytes = fs::read(p.out.join(name)).unwrap();
            assert!(!cells(&bytes).iter().any(|c| live(c)), "{name}");
        }
    }
}

#[test]
fn a_sweep_record_s_formulas_are_written_inert() {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small/scenario.toml");
    let s = dir.path().join("s.toml");
    fs::write(
        &s,
        format!(
            "extend = {:?}\nname = \"s\"\n[sweep]\n\"workload.call_growth\" = [1.0, 1.1]\n",
            base.display().to_string()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let sweep = |extra: &[&str]| {
        let mut cmd = staffing();
        cmd.args(["sweep"])
            .arg(&s)
            .args(["--quiet", "--jobs", "1", "--out"])
            .arg(&out)
            .args(extra);
        run_with_timeout(cmd, LIMIT).unwrap()
    };
    ok(&sweep(&[]));
    let record = out.join("points").join("000001.json");
    let mut r: Value = serde_json::from_slice(&fs::read(&record).unwrap()).unwrap();
    let n = r["cells"].as_array().unwrap().len();
    for i in 3..n {
        r["cells"][i] = format!("=cmd|' /C calc'!A{i}").into();
    }
    r["cells"][2] = "@SUM(A1)".into();
    fs::write(&record, serde_json::to_vec(&r).unwrap()).unwrap();
    ok(&sweep(&["--resume"]));
    let bytes = fs::read(out.join("sweep.csv")).unwrap();
    let all = cells(&bytes);
    assert!(all.len() > 3);
    assert!(
        !all.iter().any(|c| live(c)),
        "{}",
        String::from_utf8_lossy(&bytes)
    );
}

#[test]
fn two_hundred_thousand_placed_entries_do_not_make_a_resume_long() {
    let p = planned();
    p.alter(2026, |r| {
        let placed: Vec<Value> = (0..200_000).map(|i| vec![1000 + i, 1].into()).collect();
        r["state"]["counties"][0]["placed"] = placed.into();
    });
    let start = std::time::Instant::now();
    p.resumes_to_the_same_bytes(&[2025]);
    // The limit of each run (LIMIT) holds it; a read of the entries in
    // quadratic time took minutes.
    assert!(start.elapsed() < LIMIT);
    // Many cohort cells in one unit are refused before they are used.
    p.alter(2026, |r| {
        let cells: Vec<Value> = (0..200_000)
            .map(|i| vec![1900 + i % 100, 0, 3000 + i / 100, 0, 1].into())
            .collect();
        r["state"]["counties"][0]["ledger"][0] = cells.into();
    });
    p.resumes_to_the_same_bytes(&[2025]);
}

/// Why a kept year is planned again is told in the data's language: in
/// Chinese, no English word (columns, keys and files excepted).
#[test]
fn why_a_year_is_planned_again_is_told_in_chinese() {
    let p = planned_in("horizon");
    let zh = |extra: &[&str]| {
        let mut cmd = staffing();
        cmd.arg("roadmap")
            .arg(&p.scenario)
            .args(["--charts", "none", "--lang", "zh", "--out"])
            .arg(&p.out)
            .args(extra);
        run_with_timeout(cmd, LIMIT).unwrap()
    };
    // The run in Chinese (the language is part of a run's fingerprint).
    ok(&zh(&["--quiet"]));
    let path = p.record(2026);
    let clean = fs::read(&path).unwrap();
    type Change = fn(&mut Value, &Planned);
    let cases: [(&str, Change); 4] = [
        ("重新规划该年得到", |r, p| {
            set_cell(r, column(p, "officers_moved"), "999")
        }),
        ("县（", |r, _| {
            shift(&mut r["counties"][1][county_column("officers_moved")], 1.0)
        }),
        ("台账与各单位的警力不符", |r, _| {
            add_officers(&mut r["state"], 100_000)
        }),
        ("年末警力", |r, _| {
            let c = &mut r["state"]["stations"][0]["community"];
            *c = (c.as_i64().unwrap() + 1).into();
        }),
    ];
    for (said, change) in cases {
        let mut v: Value = serde_json::from_slice(&clean).unwrap();
        change(&mut v, &p);
        fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
        let f = zh(&["--resume"]);
        ok(&f);
        let line = f
            .stderr
            .lines()
            .find(|l| l.contains("重新规划："))
            .unwrap_or_else(|| panic!("no line planning a year again: {}", f.stderr));
        assert!(line.contains(said), "{line}");
        let english = crate::in_chinese::english_words(line);
        assert!(english.is_empty(), "{english:?} in {line}");
        assert_eq!(fs::read(&path).unwrap(), clean);
    }
}

/// Why a sweep's progress record is not used is told in the data's
/// language: in Chinese, no English word; in English, as before.
#[test]
fn why_a_sweep_record_is_not_used_is_told_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small/scenario.toml");
    let s = dir.path().join("s.toml");
    fs::write(
        &s,
        format!(
            "extend = {:?}\nname = \"s\"\n[sweep]\n\"workload.call_growth\" = [1.0, 1.1, 1.2, 1.3]\n",
            base.display().to_string()
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let sweep = |lang: &str, extra: &[&str]| {
        let mut cmd = staffing();
        cmd.args(["sweep"])
            .arg(&s)
            .args(["--jobs", "1", "--lang", lang, "--out"])
            .arg(&out)
            .args(extra);
        run_with_timeout(cmd, LIMIT).unwrap()
    };
    type Change = fn(&mut Value);
    let changes: [Change; 4] = [
        |r| r["fingerprint"] = "0".into(),
        |r| {
            r["cells"].as_array_mut().unwrap().pop();
        },
        |r| r["cells"][1] = "9".into(),
        |r| r["cells"][2] = "=1+1".into(),
    ];
    let en = [
        "000000.json belongs to a different sweep (its fingerprint differs)",
        "000001.json has ",
        "000002.json its parameter cells do not show the values of point 2",
        "000003.json its cell 3 is not one the tool writes",
    ];
    for lang in ["zh", "en"] {
        ok(&sweep(lang, &["--quiet"]));
        let clean = fs::read(out.join("sweep.csv")).unwrap();
        for (i, change) in changes.iter().enumerate() {
            let record = out.join("points").join(format!("{i:06}.json"));
            let mut r: Value = serde_json::from_slice(&fs::read(&record).unwrap()).unwrap();
            change(&mut r);
            fs::write(&record, serde_json::to_vec(&r).unwrap()).unwrap();
        }
        let f = sweep(lang, &["--resume"]);
        ok(&f);
        assert_eq!(fs::read(out.join("sweep.csv")).unwrap(), clean);
        let lines: Vec<&str> = f.stdout.lines().filter(|l| l.contains(".json")).collect();
        assert_eq!(lines.len(), 4, "{}", f.stdout);
        if lang == "zh" {
            for line in &lines {
                let english = crate::in_chinese::english_words(line);
                assert!(english.is_empty(), "{english:?} in {line}");
            }
        } else {
            for (line, said) in lines.iter().zip(en) {
                assert!(line.contains(said), "{line}");
            }
        }
    }
}

/// Why a sampled sweep has no robust plan is told in the data's language.
#[test]
fn why_there_is_no_robust_plan_is_told_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/levers-aux-duty.toml");
    let s = dir.path().join("s.toml");
    fs::write(
        &s,
        format!(
            "extend = {:?}\nname = \"s\"\n[sample]\nseed = 1\ncount = 3\n\"workload.call_growth\" = \"uniform(1.0, 1.2)\"\n",
            base.display().to_string()
        ),
    )
    .unwrap();
    for (lang, said) in [
        ("zh", "大于 0 时无法给出稳健方案"),
        (
            "en",
            "the robust plan is not available with auxiliaries.duty_factor > 0",
        ),
    ] {
        let out = dir.path().join(lang);
        let mut cmd = staffing();
        cmd.args(["sweep"])
            .arg(&s)
            .args(["--jobs", "1", "--lang", lang, "--out"])
            .arg(&out);
        let f = run_with_timeout(cmd, LIMIT).unwrap();
        ok(&f);
        let line = f
            .stdout
            .lines()
            .find(|l| l.contains("duty_factor"))
            .unwrap_or_else(|| panic!("{}", f.stdout));
        assert!(line.contains(said), "{line}");
        if lang == "zh" {
            let english = crate::in_chinese::english_words(line);
            assert!(english.is_empty(), "{english:?} in {line}");
        }
    }
}
