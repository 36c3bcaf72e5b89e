//! The report's first screen and the headline of `summary.json`: the moves
//! by kind add up to the officers moved, the officers short of level 1.0
//! are exact (that many recruits reach 1.0, one fewer does not), locks make
//! it unreachable, 一村一辅警 coverage is as defined, and recruits placed by
//! `[recruits]` appear in every output.

use std::path::Path;
use std::time::Duration;

use staffing::domain::ForceLevers;
use staffing::model::analysis::headline;
use staffing::model::levers;
use staffing::model::requirement::requirements;
use staffing::pipeline::{self as run, Engine};
use staffing::report::headline::sentences;
use staffing::report::Lang;

use crate::support::{province, run_with_timeout, simple_params, staffing};

/// County 1 is short: at level 1.0 its stations need 10 + 5 = 15 duty and
/// 3 + 2 community officers (Dₛ = calls ÷ 500, Cₛ = residents ÷ 3000), and
/// the second 40% (community ≥ 0.4 of station officers) then needs
/// ⌈15 ÷ 0.6⌉ = 25 station officers; with hq_min 4 that is a force of 29,
/// 9 recruits. County 2 has room.
fn short_province() -> staffing::domain::Province {
    province(&[
        (
            20,
            4,
            vec![
                (5000.0, 9000.0, 3.0, 6, 2, 1),
                (2500.0, 6000.0, 2.0, 4, 2, 2),
            ],
        ),
        (30, 2, vec![(1000.0, 3000.0, 0.0, 8, 3, 0)]),
    ])
}

#[test]
fn the_officers_short_of_level_one_are_exact() {
    let p = short_province();
    let params = simple_params(3);
    let reqs = requirements(&p, &params);
    let plan = staffing::model::solve(&p, &params).unwrap();
    assert!(plan.balance_level.unwrap() < 1.0);
    let h = headline(&p, &params, &plan, &reqs);
    assert_eq!(h.recruits_for_level_one, Some(9));
    let with = |k: i64| {
        let lever = ForceLevers {
            recruits: Some(k),
            ..ForceLevers::default()
        };
        levers::solve(&p, &params, &lever)
            .unwrap()
            .plan
            .balance_level
            .unwrap()
    };
    assert!(with(9) >= 1.0 - 1e-9, "9 recruits reach {}", with(9));
    assert!(with(8) < 1.0, "8 recruits reach {}", with(8));
}

#[test]
fn a_locked_station_makes_level_one_unreachable_and_the_report_says_so() {
    let mut p = short_province();
    p.stations[0].levers.locked = true;
    let params = simple_params(3);
    let reqs = requirements(&p, &params);
    let plan = staffing::model::solve(&p, &params).unwrap();
    let h = headline(&p, &params, &plan, &reqs);
    assert_eq!(h.recruits_for_level_one, None);
    // Any number of recruits leaves the locked station below 1.0.
    let lever = ForceLevers {
        recruits: Some(1000),
        ..ForceLevers::default()
    };
    let level = levers::solve(&p, &params, &lever).map(|l| l.plan.balance_level);
    assert!(!matches!(level, Ok(Some(t)) if t >= 1.0), "{level:?}");
}

#[test]
fn one_auxiliary_per_village_is_counted_as_defined() {
    let p = short_province();
    let params = simple_params(3);
    let reqs = requirements(&p, &params);
    let plan = staffing::model::solve(&p, &params).unwrap();
    let h = headline(&p, &params, &plan, &reqs);
    // Today: min(1, 3) + min(2, 2) of 3 + 2 villages; station 1 is short.
    assert!((h.village_coverage.before.unwrap() - 0.6).abs() < 1e-12);
    assert_eq!(h.stations_below_one_auxiliary_per_village.before, 1);
    let aux: Vec<i64> = plan.stations.iter().map(|s| s.auxiliaries).collect();
    let covered = (aux[0].min(3) + aux[1].min(2)) as f64;
    assert!((h.village_coverage.after.unwrap() - covered / 5.0).abs() < 1e-12);
    let short = usize::from(aux[0] < 3) + usize::from(aux[1] < 2);
    assert_eq!(h.stations_below_one_auxiliary_per_village.after, short);
}

#[test]
fn the_first_screen_states_the_plans_own_numbers() {
    let loaded = run::load(Path::new("tests/fixtures/province/scenario.toml")).unwrap();
    let solution = run::solve(&loaded, Engine::Exact).unwrap();
    let o = &solution.outcome;
    let s = &o.summary;
    let h = &s.headline;
    // The moves by kind are the plan's moves.
    assert_eq!(
        h.officers_from_hq_to_stations
            + h.officers_between_stations
            + h.officers_from_stations_to_hq,
        s.officers_moved
    );
    assert!(h.officers_from_hq_to_stations > 0 && h.officers_between_stations > 0);
    // The shipped province is short of level 1.0, and the count is exact.
    let k = h.recruits_for_level_one.expect("reachable");
    assert!(k > 0 && s.balance_level.unwrap() < 1.0);
    // The finding: stations below one auxiliary per village rise.
    let below = h.stations_below_one_auxiliary_per_village;
    assert_eq!((below.before, below.after), (1008, 1169));

    let zh = sentences(o, Lang::Zh).join("");
    for want in [
        format!("机关下沉 {} 人", h.officers_from_hq_to_stations),
        format!("派出所之间调整 {} 人", h.officers_between_stations),
        format!("再招 {k} 人"),
        format!(
            "一村一辅警覆盖率由 {:.1}% 到 {:.1}%",
            h.village_coverage.before.unwrap() * 100.0,
            h.village_coverage.after.unwrap() * 100.0
        ),
        format!("由 {} 个到 {} 个", below.before, below.after),
    ] {
        assert!(zh.contains(&want), "no `{want}` in {zh}");
    }
    let en = sentences(o, Lang::En).join(" ");
    assert!(
        en.contains(&format!("{k} more")) && en.contains("between stations"),
        "{en}"
    );
    // The same sentences open report.html, and summary.json has the figures.
    let files: std::collections::BTreeMap<String, Vec<u8>> = solution
        .files(
            None,
            &staffing::report::ReportOptions {
                lang: None,
                charts: None,
            },
        )
        .unwrap()
        .into_iter()
        .map(|f| (f.name, f.bytes))
        .collect();
    let html = String::from_utf8(files["report.html"].clone()).unwrap();
    let conclusion = html.find("id=\"conclusion\"").expect("a conclusion");
    assert!(conclusion < html.find("class=\"cards\"").unwrap());
    assert!(html.contains(&format!("机关下沉 {} 人", h.officers_from_hq_to_stations)));
    let json: serde_json::Value = serde_json::from_slice(&files["summary.json"]).unwrap();
    assert_eq!(json["headline"]["recruits_for_level_one"], k);
    assert_eq!(
        json["headline"]["stations_below_one_auxiliary_per_village"]["after"],
        1169
    );
}

/// A scenario extending the county fixture with `[recruits] total = 30`.
fn recruits_scenario(dir: &Path) -> std::path::PathBuf {
    let base = std::fs::canonicalize("tests/fixtures/county/scenario.toml").unwrap();
    let path = dir.join("recruits.toml");
    std::fs::write(
        &path,
        format!(
            "extend = {:?}\nname = \"county-recruits\"\n\n[recruits]\ntotal = 30\n",
            base.display().to_string()
        ),
    )
    .unwrap();
    path
}

#[test]
fn recruits_placed_appear_in_summary_counties_workbook_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = recruits_scenario(dir.path());
    let out = dir.path().join("out");
    let mut cmd = staffing();
    cmd.arg("solve")
        .arg(&scenario)
        .args(["--charts", "none", "--json", "--out"])
        .arg(&out);
    let done = run_with_timeout(cmd, Duration::from_secs(120)).unwrap();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    let json: serde_json::Value = serde_json::from_str(done.stdout.trim()).unwrap();
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    // summary.json, not only the terminal's --json.
    assert_eq!(file["recruits"], json["recruits"]);
    let used = file["recruits"]["used"].as_i64().unwrap();
    assert_eq!(used + file["recruits"]["leftover"].as_i64().unwrap(), 30);
    assert!(used > 0);
    let placed = file["recruits"]["per_county"]["C001"].as_i64().unwrap();
    assert_eq!(placed, used);
    // Newcomers placed at stations are not moves; with the existing
    // officers sent down they are every officer HQ sends to stations.
    let h = &file["headline"];
    let counties = String::from_utf8(std::fs::read(out.join("counties.csv")).unwrap()).unwrap();
    let header: Vec<&str> = counties.lines().next().unwrap().split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "recruits")
        .expect("a recruits column");
    // Today's force, then the planned force with the recruits.
    assert_eq!(header[col - 1], "officers_total_after");
    assert_eq!(header[col - 2], "officers_total");
    let row: Vec<&str> = counties.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[col], placed.to_string());
    assert_eq!(
        row[col - 1].parse::<i64>().unwrap() - row[col - 2].parse::<i64>().unwrap(),
        placed
    );
    // transfers.csv: existing officers sent down from HQ, and recruits
    // (新招录) as lines of their own, never moves.
    let transfers = String::from_utf8(std::fs::read(out.join("transfers.csv")).unwrap()).unwrap();
    let lines: Vec<Vec<&str>> = transfers
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .collect();
    let sum = |f: &dyn Fn(&Vec<&str>) -> bool| -> i64 {
        lines
            .iter()
            .filter(|c| f(c))
            .map(|c| c[2].parse::<i64>().unwrap())
            .sum()
    };
    assert_eq!(
        h["officers_from_hq_to_stations"].as_i64().unwrap(),
        sum(&|c| c[3] == "HQ")
    );
    assert_eq!(
        h["new_officers_to_stations"].as_i64().unwrap(),
        sum(&|c| c[3] == "NEW" && c[5] != "HQ")
    );
    assert_eq!(sum(&|c| c[3] == "NEW"), placed);
    assert_eq!(
        sum(&|c| c[7].contains("move")),
        file["officers_moved"].as_i64().unwrap()
    );
    assert_eq!(
        h["officers_from_hq_to_stations"].as_i64().unwrap()
            + h["officers_between_stations"].as_i64().unwrap()
            + h["officers_from_stations_to_hq"].as_i64().unwrap(),
        file["officers_moved"].as_i64().unwrap()
    );
    // The workbook's county sheet and the report.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("plan.xlsx")).unwrap();
    let sheet = wb.worksheet_range("各县局").unwrap();
    let top: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let c = top
        .iter()
        .position(|h| h == "新招民警")
        .expect("in plan.xlsx");
    assert_eq!(
        sheet.rows().nth(1).unwrap()[c].to_string(),
        placed.to_string()
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains(&format!("新招民警 {used} 人")),
        "first screen"
    );
    assert!(html.contains("其中新招民警"), "county table column");
}
