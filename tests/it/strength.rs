//! Real strength, not paper strength (issue 13): planning on the officers
//! really at the stations, the paper-versus-real figures, book corrections
//! and recalls, and byte-identical outputs when the columns are zero.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use staffing::check::check_plan;
use staffing::domain::{Params, Province, Strength};
use staffing::model::requirement::requirements;
use staffing::model::strength::real_strength;
use staffing::output::OutputFile;
use staffing::pipeline::{self as run, Engine};
use staffing::report::{Lang, ReportOptions};

use crate::support::{province, run_with_timeout, simple_params, staffing};

/// (nominal, seconded, restricted) per station, in order.
fn with_strength(mut p: Province, columns: &[(i64, i64, i64)], recall: bool) -> Province {
    for (s, &(nominal, seconded, restricted)) in p.stations.iter_mut().zip(columns) {
        s.strength = Strength {
            nominal,
            seconded,
            restricted,
            books: None,
        };
    }
    real_strength(&mut p, recall);
    p
}

/// The hand case (numbers worked out in the comments):
///
/// County C1: force 30, hq_min 10.
///   S1: D = 5, C = 1; books 12 officers, 4 community; 3 nominal, 1 seconded.
///   S2: D = 1, C = 1; books 8 officers, 2 community; 3 restricted.
/// County C2: force 20, hq_min 5.
///   S3: D = 1, C = 1; books 9 officers, 4 community; 2 nominal.
fn hand_case(recall: bool) -> (Province, Params) {
    let p = province(&[
        (
            30,
            10,
            vec![
                (2500.0, 3000.0, 2.0, 12, 4, 1),
                (500.0, 3000.0, 3.0, 8, 2, 3),
            ],
        ),
        (20, 5, vec![(500.0, 3000.0, 1.0, 9, 4, 0)]),
    ]);
    let mut params = simple_params(4);
    params.strength.recall_seconded = recall;
    let p = with_strength(p, &[(3, 1, 0), (0, 0, 3), (2, 0, 0)], recall);
    (p, params)
}

#[test]
fn books_become_real_officers_and_hq_keeps_the_nominal() {
    let (p, _) = hand_case(false);
    // S1: 12 − 3 − 1 = 8 real, community 4 − 4 → 0; S2: 8 real, community
    // raised to its 3 restricted; S3: 9 − 2 = 7 real, community 4 − 2 = 2.
    let real: Vec<(i64, i64)> = p
        .stations
        .iter()
        .map(|s| (s.officers, s.community_officers))
        .collect();
    assert_eq!(real, vec![(8, 0), (8, 3), (7, 2)]);
    assert_eq!(p.counties[0].seconded_away, 1);
    assert_eq!(p.counties[1].seconded_away, 0);
    // Real HQ today: 30 − 1 − 16 = 13 = the books' 30 − 20 plus 3 nominal.
    assert_eq!(p.counties[0].deployable() - 16, 13);
}

#[test]
fn the_plan_is_made_on_real_strength_by_hand() {
    let (p, params) = hand_case(false);
    let plan = staffing::model::solve(&p, &params).unwrap();
    assert!(check_plan(&p, &params, &plan).is_empty());
    // C1 can post 30 − 1 seconded − 10 = 19. The community share needs
    // X ≥ Σd ÷ 0.6, so Σd = ⌈5t⌉ + ⌈t⌉ ≤ 11: t = 1.8 (9 + 2); just above,
    // ⌈5t⌉ = 10 breaks it. C2 alone reaches 7.
    assert!((plan.balance_level.unwrap() - 1.8).abs() < 1e-12);
    // C1 at 1.8: floors S1 = 9 + 2 = 11, S2 = 2 + max(2, 3 restricted) = 5;
    // the community share needs ⌈11 ÷ 0.6⌉ = 19 = the cap. From real
    // (8, 8): S1 gains 3 from HQ. C2: the station share needs 8, S3 gains 1.
    let x: Vec<i64> = plan.stations.iter().map(|s| s.officers).collect();
    let y: Vec<i64> = plan.stations.iter().map(|s| s.community_officers).collect();
    assert_eq!(x, vec![11, 8, 8]);
    // y: S1 at its floor 2, S2 from 3 up to 6 so that Σy ≥ ⌈0.4·19⌉ = 8;
    // S3 from 2 up to ⌈0.4·8⌉ = 4.
    assert_eq!(y, vec![2, 6, 4]);
    // Book corrections (the nominal) are not moves: 3 + 1.
    assert_eq!(plan.officers_moved, 4);
    assert_eq!(plan.counties[0].hq_officers, 10, "30 − 1 seconded − 19");
    assert_eq!(plan.binding.len(), 1, "{:?}", plan.binding);
    assert_eq!(plan.binding[0].station, 0);
}

#[test]
fn recalled_seconded_officers_return_without_a_move() {
    let (p, params) = hand_case(true);
    // S1: 12 − 3 = 9 real, community 4 − 3 = 1; nobody seconded away.
    assert_eq!(
        (p.stations[0].officers, p.stations[0].community_officers),
        (9, 1)
    );
    assert_eq!(p.counties[0].seconded_away, 0);
    let plan = staffing::model::solve(&p, &params).unwrap();
    assert!(check_plan(&p, &params, &plan).is_empty());
    // C1 can post 20: Σd ≤ 12 allows t = 2 (10 + 2); just above, 11 + 3.
    assert!((plan.balance_level.unwrap() - 2.0).abs() < 1e-12);
    // C1: floors 12 and 5, community share ⌈12 ÷ 0.6⌉ = 20: S1 9 → 12 is
    // 3 moves; C2 as before, 1.
    assert_eq!(plan.stations[0].officers, 12);
    assert_eq!(plan.officers_moved, 4);
}

#[test]
fn the_checker_knows_the_rules_of_real_strength() {
    let (p, params) = hand_case(false);
    let plan = staffing::model::solve(&p, &params).unwrap();
    let rules = |v: Vec<staffing::check::Violation>| -> Vec<&'static str> {
        v.into_iter().map(|v| v.rule).collect()
    };
    // Restricted officers fill community posts only: S2 keeps y ≥ 3.
    let mut bad = plan.clone();
    bad.stations[1].community_officers = 2;
    assert!(rules(check_plan(&p, &params, &bad)).contains(&"restricted officers"));
    // HQ keeps hq_min beside the seconded away: 20 at C1's stations leaves
    // 30 − 1 − 20 = 9 < 10.
    let mut bad = plan.clone();
    bad.stations[1].officers += 1;
    bad.counties[0].station_officers += 1;
    bad.counties[0].hq_officers -= 1;
    bad.counties[0].officers_moved += 1;
    bad.officers_moved += 1;
    assert_eq!(rules(check_plan(&p, &params, &bad)), vec!["HQ minimum"]);
    // A plan made on the books (the province not turned into real
    // strength) is caught: today's officers are not the real ones.
    let mut paper = p.clone();
    for s in &mut paper.stations {
        let (x, y) = s.strength.books.unwrap();
        s.officers = x;
        s.community_officers = y;
        s.strength.books = None;
    }
    paper.counties[0].seconded_away = 0;
    let on_paper = staffing::model::solve(&paper, &params).unwrap();
    let found = rules(check_plan(&paper, &params, &on_paper));
    assert!(found.contains(&"real strength"), "{found:?}");
}

/// The files of a plan of a hand-built province (English headers, no charts).
fn files_of(p: &Province, params: &Params) -> BTreeMap<String, String> {
    let plan = staffing::model::solve(p, params).unwrap();
    let reqs = requirements(p, params);
    let solution = run::finish(
        "hand",
        p.clone(),
        params.clone(),
        plan,
        reqs,
        None,
        Vec::new(),
        Vec::new(),
    );
    let options = ReportOptions {
        lang: Some(Lang::En),
        charts: None,
    };
    solution
        .files(None, &options)
        .unwrap()
        .into_iter()
        .filter(|f| f.name != "plan.xlsx")
        .map(|f| (f.name, String::from_utf8(f.bytes).unwrap()))
        .collect()
}

fn column<'a>(csv: &'a str, name: &str) -> Vec<&'a str> {
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header
        .iter()
        .position(|h| *h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"));
    lines.map(|l| l.split(',').nth(i).unwrap()).collect()
}

#[test]
fn paper_and_real_stand_side_by_side_in_every_output() {
    let (p, params) = hand_case(false);
    let files = files_of(&p, &params);
    let summary: serde_json::Value = serde_json::from_str(&files["summary.json"]).unwrap();
    let st = &summary["strength"];
    // Books 29 of a force of 50, really 23, planned 27.
    assert_eq!(st["station_officers_books"], 29);
    assert_eq!(st["station_officers_real"], 23);
    assert_eq!(st["nominal"], 5);
    assert_eq!(st["seconded"], 1);
    assert_eq!(st["restricted"], 3);
    let close = |v: &serde_json::Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-12;
    assert!(close(&st["station_share"]["paper"], 29.0 / 50.0));
    assert!(close(&st["station_share"]["real"], 23.0 / 50.0));
    assert!(close(&st["station_share"]["after"], 27.0 / 50.0));
    // Community: books 10 of 29, really 5 of 23, planned 12 of 27.
    assert!(close(&st["community_share"]["paper"], 10.0 / 29.0));
    assert!(close(&st["community_share"]["real"], 5.0 / 23.0));
    assert!(close(&st["community_share"]["after"], 12.0 / 27.0));
    // C2 meets both rules on its books (9 ≥ 8, 4 ≥ 3.6) but not in reality
    // (7 < 8, 2 < 2.8).
    assert_eq!(st["counties_meeting_station_share"]["paper"], 2);
    assert_eq!(st["counties_meeting_station_share"]["real"], 1);
    assert_eq!(st["counties_meeting_station_share"]["after"], 2);
    assert_eq!(st["counties_meeting_community_share"]["paper"], 1);
    assert_eq!(st["counties_meeting_community_share"]["real"], 0);
    assert_eq!(st["counties_meeting_community_share"]["after"], 2);
    assert_eq!(
        st["station_share_met_on_paper_only"],
        serde_json::json!(["C2"])
    );
    assert_eq!(
        st["community_share_met_on_paper_only"],
        serde_json::json!(["C2"])
    );
    // 两队一室 (3, 3 + 2): only S2 (8 real, 3 community, 5 duty) today; the
    // plan's S2 has 6 community officers and 2 on duty, so none after.
    assert_eq!(st["two_teams_one_room"]["viable"]["before"], 1);
    assert_eq!(st["two_teams_one_room"]["viable"]["after"], 0);
    // 警辅比: 4 auxiliaries to 23 real officers; after, 4 to 27.
    assert!(close(&st["auxiliary_ratio"]["before"], 4.0 / 23.0));
    assert!(close(&st["auxiliary_ratio"]["after"], 4.0 / 27.0));
    // 一村一辅警: min(1, 2) + min(3, 3) + min(0, 1) = 4 of 6 villages today;
    // the auxiliary plan (1, 2, 1) also covers 4.
    assert!(close(&st["village_coverage"]["before"], 4.0 / 6.0));
    assert!(close(&st["village_coverage"]["after"], 4.0 / 6.0));
    // HQ in the summary: 50 − 1 seconded − 27.
    assert_eq!(summary["hq_officers"], 22);

    let compliance = &files["compliance.csv"];
    assert_eq!(
        column(compliance, "station_share_paper"),
        ["0.6667", "0.4500"]
    );
    assert_eq!(
        column(compliance, "station_share_real"),
        ["0.5333", "0.3500"]
    );
    assert_eq!(
        column(compliance, "station_rule_met_on_paper_only"),
        ["no", "yes"]
    );
    assert_eq!(
        column(compliance, "community_rule_met_on_paper_only"),
        ["no", "yes"]
    );
    assert_eq!(column(compliance, "two_teams_one_room_before"), ["1", "0"]);
    let counties = &files["counties.csv"];
    assert_eq!(column(counties, "seconded_away"), ["1", "0"]);
    assert_eq!(column(counties, "station_officers_books"), ["20", "9"]);
    // Real HQ today: C1 30 − 1 − 16 = 13, C2 20 − 7 = 13.
    assert_eq!(column(counties, "hq_officers_before"), ["13", "13"]);
    let allocation = &files["allocation.csv"];
    assert_eq!(column(allocation, "officers_books"), ["12", "8", "9"]);
    assert_eq!(column(allocation, "officers_before"), ["8", "8", "7"]);
    assert_eq!(column(allocation, "restricted"), ["0", "3", "0"]);

    // transfers.csv: the nominal are struck off the books, not moved; the
    // moves add up to officers_moved.
    let transfers = &files["transfers.csv"];
    let kinds = column(transfers, "line_kind");
    let officers = column(transfers, "officers");
    let from = column(transfers, "from_id");
    let moved: i64 = kinds
        .iter()
        .zip(&officers)
        .filter(|(k, _)| k.contains("move"))
        .map(|(_, n)| n.parse::<i64>().unwrap())
        .sum();
    assert_eq!(moved, 4);
    let corrections: Vec<(&str, &str)> = kinds
        .iter()
        .zip(&officers)
        .zip(&from)
        .filter(|((k, _), _)| k.contains("book correction"))
        .map(|((_, n), f)| (*f, *n))
        .collect();
    assert_eq!(corrections, vec![("S1", "3"), ("S3", "2")]);
    assert!(!kinds.iter().any(|k| k.contains("recall")));

    let report = &files["report.html"];
    assert!(report.contains("<section id=\"strength\">"));
    // The gap section comes before the charts and the county table.
    assert!(report.find("id=\"strength\"") < report.find("id=\"counties\""));
    assert!(report.contains("Counties meeting the station share on paper but not in reality"));
}

#[test]
fn recalls_are_lines_of_their_own() {
    let (p, params) = hand_case(true);
    let files = files_of(&p, &params);
    let transfers = &files["transfers.csv"];
    let kinds = column(transfers, "line_kind");
    let to = column(transfers, "to_id");
    let recall: Vec<&str> = kinds
        .iter()
        .zip(&to)
        .filter(|(k, _)| k.contains("recall"))
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(recall, vec!["S1"]);
    let summary: serde_json::Value = serde_json::from_str(&files["summary.json"]).unwrap();
    assert_eq!(summary["strength"]["recall_seconded"], true);
}

#[test]
fn restricted_officers_do_not_bind_what_they_already_cover() {
    // One station, D = 2, C = 1 with 3 restricted officers: community needs
    // ⌈t⌉ ≤ 3 up to t = 3, so only duty binds. Force 10, hq_min 3: 7 at
    // the station, 7 − 3 = 4 on duty: t = 2.
    let p = province(&[(10, 3, vec![(1000.0, 3000.0, 0.0, 7, 3, 0)])]);
    let p = with_strength(p, &[(0, 0, 3)], false);
    let params = simple_params(0);
    let plan = staffing::model::solve(&p, &params).unwrap();
    assert!((plan.balance_level.unwrap() - 2.0).abs() < 1e-12);
    assert_eq!(plan.binding.len(), 1);
    assert_eq!(plan.binding[0].dimension.as_str(), "duty");
}

/// The files a solve writes, by name.
fn solve_files(scenario: &Path) -> Vec<OutputFile> {
    let loaded = run::load(scenario).unwrap();
    let solution = run::solve(&loaded, Engine::Exact).unwrap();
    let options = ReportOptions {
        lang: None,
        charts: None,
    };
    solution
        .files(loaded.unmerged.as_deref(), &options)
        .unwrap()
}

/// Copies a fixture, optionally with the three columns added as zeros.
fn fixture_copy(case: &str, zero_columns: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case);
    for f in ["scenario.toml", "counties.csv"] {
        fs::copy(from.join(f), dir.path().join(f)).unwrap();
    }
    let stations = fs::read_to_string(from.join("stations.csv")).unwrap();
    let stations: String = if zero_columns {
        stations
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    format!("{l},nominal,seconded,restricted\n")
                } else {
                    format!("{l},0,0,0\n")
                }
            })
            .collect()
    } else {
        stations
    };
    fs::write(dir.path().join("stations.csv"), stations).unwrap();
    dir
}

#[test]
fn zero_columns_change_no_output_byte() {
    for case in ["small", "county"] {
        let plain = fixture_copy(case, false);
        let zeros = fixture_copy(case, true);
        // Same paths relative to each folder, so only the stations file's
        // SHA-256 may differ: give both runs the same input digests.
        let a = run::load(&plain.path().join("scenario.toml")).unwrap();
        let mut b = run::load(&zeros.path().join("scenario.toml")).unwrap();
        assert_ne!(a.inputs[1].sha256, b.inputs[1].sha256);
        b.inputs = a.inputs.clone();
        let options = ReportOptions {
            lang: None,
            charts: Some(staffing::report::Formats::Svg),
        };
        let files = |l: &run::Loaded| -> BTreeMap<String, Vec<u8>> {
            run::solve(l, Engine::Exact)
                .unwrap()
                .files(l.unmerged.as_deref(), &options)
                .unwrap()
                .into_iter()
                .map(|f| (f.name, f.bytes))
                .collect()
        };
        let (fa, fb) = (files(&a), files(&b));
        assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
        for (name, bytes) in &fa {
            assert!(bytes == &fb[name], "{case}: {name} differs");
        }
        assert!(!String::from_utf8_lossy(&fa["report.html"]).contains("id=\"strength\""));
    }
}

#[test]
fn zero_columns_through_the_binary_write_the_same_tables() {
    let plain = fixture_copy("small", false);
    let zeros = fixture_copy("small", true);
    let run = |dir: &Path| {
        let mut cmd = staffing();
        cmd.args([
            "solve",
            "scenario.toml",
            "--charts",
            "none",
            "--out",
            "plan",
        ])
        .current_dir(dir);
        let done = run_with_timeout(cmd, std::time::Duration::from_secs(120)).unwrap();
        assert_eq!(done.code, Some(0), "{}", done.stderr);
        done.stdout
    };
    assert_eq!(run(plain.path()), run(zeros.path()));
    for f in [
        "allocation.csv",
        "counties.csv",
        "transfers.csv",
        "compliance.csv",
        "binding.csv",
        "marginal.csv",
    ] {
        let a = fs::read(plain.path().join("plan").join(f)).unwrap();
        let b = fs::read(zeros.path().join("plan").join(f)).unwrap();
        assert!(a == b, "{f} differs");
    }
}

#[test]
fn the_scenario_can_ask_for_the_figures_without_the_columns() {
    let dir = fixture_copy("small", false);
    let path = dir.path().join("scenario.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(
        "\n[stations.two_teams_one_room]\ncommunity_team = 2\ncase_team = 2\ncommand_room = 1\n",
    );
    fs::write(&path, text).unwrap();
    let files = solve_files(&path);
    let summary = files.iter().find(|f| f.name == "summary.json").unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&summary.bytes).unwrap();
    let st = &summary["strength"];
    assert_eq!(st["nominal"], 0);
    assert_eq!(st["station_officers_books"], st["station_officers_real"]);
    assert_eq!(st["two_teams_one_room"]["case_team"], 2);
    // Without the columns paper and real are the same.
    assert_eq!(
        st["counties_meeting_station_share"]["paper"],
        st["counties_meeting_station_share"]["real"]
    );
}

#[test]
fn the_shipped_real_strength_scenario_shows_the_gap() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/real-strength.toml");
    let out = tempfile::tempdir().unwrap();
    let mut cmd = staffing();
    cmd.arg("solve")
        .arg(&scenario)
        .args(["--charts", "none", "--out"])
        .arg(out.path().join("plan"));
    let done = run_with_timeout(cmd, std::time::Duration::from_secs(120)).unwrap();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert!(done.stdout.contains("在册→实有→方案"), "{}", done.stdout);
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("plan/summary.json")).unwrap()).unwrap();
    let st = &summary["strength"];
    // The books flatter the stations: fewer counties meet each rule in
    // reality than on paper, and the plan (on real strength) meets both
    // everywhere.
    let paper = st["counties_meeting_station_share"]["paper"]
        .as_u64()
        .unwrap();
    let real = st["counties_meeting_station_share"]["real"]
        .as_u64()
        .unwrap();
    assert!(real < paper, "{real} vs {paper}");
    assert_eq!(st["counties_meeting_station_share"]["after"], 86);
    assert!(!st["station_share_met_on_paper_only"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(
        st["station_share"]["real"].as_f64().unwrap()
            < st["station_share"]["paper"].as_f64().unwrap()
    );
}

#[test]
fn the_shipped_strength_columns_are_the_generator_s() {
    // scenarios/data/gansu/stations-strength.csv is the baseline stations
    // with the columns `add_strength` draws (seed 13, the number).
    // Re-write with STAFFING_BLESS=1.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("scenarios/data/gansu");
    let books = fs::read_to_string(data.join("stations.csv")).unwrap();
    let counties = fs::read_to_string(data.join("counties.csv")).unwrap();
    let want = staffing::generate::add_strength(&books, &counties, 13).unwrap();
    let path = root.join("scenarios/data/gansu/stations-strength.csv");
    if std::env::var_os("STAFFING_BLESS").is_some() {
        fs::write(&path, &want).unwrap();
        return;
    }
    assert!(
        fs::read_to_string(&path).unwrap() == want,
        "re-write with STAFFING_BLESS=1"
    );
}

#[test]
fn generated_strength_columns_keep_the_contract_and_the_other_bytes() {
    use staffing::generate::{generate, GenSpec};
    let spec = GenSpec {
        counties: 6,
        stations: 150,
        seed: 5,
    };
    let plain = generate(spec).unwrap();
    let strong = generate(spec).unwrap().with_strength(spec.seed).unwrap();
    assert_eq!(plain.counties_csv, strong.counties_csv);
    let mut any = [0usize; 3];
    for (a, b) in plain
        .stations_csv
        .lines()
        .zip(strong.stations_csv.lines())
        .skip(1)
    {
        assert!(b.starts_with(&format!("{a},")), "{a} / {b}");
        let cells: Vec<i64> = b
            .rsplitn(4, ',')
            .take(3)
            .map(|c| c.parse().unwrap())
            .collect();
        let (restricted, seconded, nominal) = (cells[0], cells[1], cells[2]);
        let officers: i64 = a.split(',').nth(8).unwrap().parse().unwrap();
        assert!(nominal + seconded < officers || nominal + seconded == 0);
        assert!(restricted <= officers - nominal - seconded);
        for (i, v) in [nominal, seconded, restricted].into_iter().enumerate() {
            any[i] += usize::from(v > 0);
        }
    }
    assert!(any.iter().all(|&n| n > 0), "{any:?}");
    // It solves and passes the checker.
    let dir = tempfile::tempdir().unwrap();
    for f in strong.files() {
        fs::write(dir.path().join(&f.name), &f.bytes).unwrap();
    }
    let loaded = run::load(&dir.path().join("scenario.toml")).unwrap();
    let solution = run::solve(&loaded, Engine::Exact).unwrap();
    assert!(solution.outcome.strength.is_some());
}

#[test]
fn seconded_officers_that_break_a_rule_are_explained_with_the_recall_fix() {
    // Force 20, hq_min 10: the station share needs 8; with 3 of the 10 at
    // stations seconded away, only 20 − 3 − 10 = 7 can be posted.
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("stations.csv"),
        "station_id,county_id,name,kind,population,villages,area_km2,calls,officers,community_officers,auxiliaries,min_officers,seconded\n\
         S1,C1,城关派出所,urban,20000,3,12.5,900,10,4,6,,3\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("counties.csv"),
        "county_id,name,officers_total,hq_min\nC1,城关县公安局,20,10\n",
    )
    .unwrap();
    let scenario = "name = \"t\"\nstations = \"stations.csv\"\ncounties = \"counties.csv\"\n\
                    [workload]\nhours_per_call = 1.5\nofficer_hours_per_year = 1800\nreactive_share = 0.5\n\
                    [workload.residents_per_community_officer]\nurban = 5000\nrural = 3000\n";
    fs::write(dir.path().join("scenario.toml"), scenario).unwrap();
    let mut cmd = staffing();
    cmd.args([
        "solve",
        "scenario.toml",
        "--charts",
        "none",
        "--out",
        "plan",
        "--lang",
        "en",
    ])
    .current_dir(dir.path());
    let done = run_with_timeout(cmd, std::time::Duration::from_secs(60)).unwrap();
    assert_eq!(done.code, Some(1), "{}", done.stderr);
    for words in [
        "needs at least 8 station officers",
        "hq_min 10 and 3 officers seconded away leave only 7",
        "lowering hq_min from 10 to 9",
        "recalling 1 of the seconded",
    ] {
        assert!(done.stderr.contains(words), "{words}: {}", done.stderr);
    }
    // Recalled, the county has a plan.
    let mut text = scenario.to_string();
    text.push_str("[strength]\nrecall_seconded = true\n");
    fs::write(dir.path().join("scenario.toml"), text).unwrap();
    let mut cmd = staffing();
    cmd.args([
        "solve",
        "scenario.toml",
        "--charts",
        "none",
        "--out",
        "plan",
    ])
    .current_dir(dir.path());
    let done = run_with_timeout(cmd, std::time::Duration::from_secs(60)).unwrap();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
}

#[test]
fn every_new_column_has_a_chinese_name() {
    use staffing::report::{explain, i18n, tables};
    let loaded = run::load(Path::new("scenarios/real-strength.toml")).unwrap();
    let solution = run::solve(&loaded, Engine::Exact).unwrap();
    let ex = solution.explain(None);
    let mut all = vec![
        ("allocation", tables::allocation(&solution.outcome)),
        ("counties", tables::counties(&solution.outcome)),
    ];
    all.extend(explain::tables(&solution.outcome, &ex));
    for (stem, table) in &all {
        for key in &table.header {
            assert!(
                i18n::has_header(key),
                "{stem}.csv: `{key}` has no Chinese name"
            );
        }
        // Every row has a cell for every column.
        assert!(
            table.rows.iter().all(|r| r.len() == table.header.len()),
            "{stem}"
        );
    }
}

#[test]
fn check_reports_the_strength_columns() {
    let mut cmd = staffing();
    cmd.args(["check", "scenarios/real-strength.toml"]);
    let done = run_with_timeout(cmd, std::time::Duration::from_secs(60)).unwrap();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert!(
        done.stdout
            .contains("实有警力  派出所在册民警中挂名 445 人，借调在外 430 人，不能值班 612 人"),
        "{}",
        done.stdout
    );
}
