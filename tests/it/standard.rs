//! The default plan a personnel department signs, through the binary on the
//! shipped province: officers sent down to the standard (`[balance] target
//! = "standard"`), auxiliaries kept in each county's posts, the true cause
//! of the level named, recruits not counted as moves.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::support::{run_with_timeout, staffing, Finished};

/// Runs `staffing ARGS` under a time limit and expects exit code 0.
fn run(args: &[&str], out: &Path) -> Finished {
    let mut cmd = staffing();
    cmd.args(args).arg("--out").arg(out);
    let done = run_with_timeout(cmd, Duration::from_secs(180)).expect("finishes");
    assert_eq!(done.code, Some(0), "{:?}: {}", args, done.stderr);
    done
}

/// The rows of a CSV file the tool wrote, by header (English headers:
/// `--lang en`).
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn int(row: &BTreeMap<String, String>, key: &str) -> i64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key}: {}", row[key]))
}

fn real(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key}: {}", row[key]))
}

/// A station's cover level under the plan: min((x − y) ÷ D, y ÷ C) over
/// the requirements it has.
fn level(row: &BTreeMap<String, String>) -> Option<f64> {
    let (x, y) = (
        int(row, "officers") as f64,
        int(row, "community_officers") as f64,
    );
    let (d, c) = (
        real(row, "duty_requirement"),
        real(row, "community_requirement"),
    );
    let mut l: Option<f64> = None;
    if d > 0.0 {
        l = Some((x - y) / d);
    }
    if c > 0.0 {
        l = Some(l.map_or(y / c, |v: f64| v.min(y / c)));
    }
    l
}

fn summary(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

/// Every county's officers moved, three ways: the move lines of
/// transfers.csv, counties.csv and summary.json, which must agree; and the
/// newcomers' lines.
fn moves_agree(out: &Path) -> (i64, i64) {
    let mut lines: BTreeMap<String, i64> = BTreeMap::new();
    let mut newcomers = 0;
    for t in rows(&out.join("transfers.csv")) {
        let kind = t.get("line_kind").map_or("move", String::as_str);
        if kind.contains("move") {
            *lines.entry(t["county_id"].clone()).or_default() += int(&t, "officers");
        } else if kind.contains("recruit") {
            assert_eq!(t["from_id"], "NEW", "{t:?}");
            newcomers += int(&t, "officers");
        }
    }
    let counties = rows(&out.join("counties.csv"));
    for c in &counties {
        assert_eq!(
            lines.get(&c["county_id"]).copied().unwrap_or(0),
            int(c, "officers_moved"),
            "county {}: transfers.csv against counties.csv",
            c["county_id"]
        );
    }
    let total: i64 = lines.values().sum();
    assert_eq!(total, summary(out)["officers_moved"].as_i64().unwrap());
    (total, newcomers)
}

/// The baseline under the default: no county keeps officers at HQ above
/// hq_min while one of its stations (none has a building cap) is below
/// 1.0; the stations below 1.0 fall from 303 (the province target, the plan
/// with the fewest moves, which the comparison shows with its moves) to
/// about 15; and the cause of the province's level, C075's HQ below its
/// hq_min today, is named in the terminal, binding.csv and the report.
#[test]
fn the_default_sends_spare_hq_officers_down_and_names_the_true_cause() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("baseline");
    let done = run(&["solve", "--charts", "none", "--lang", "en"], &out);
    let s = summary(&out);
    let balance = &s["balance"];
    assert_eq!(balance["target"], "standard");
    // Every table is whole: each row as wide as its header (the reader
    // refuses a ragged file).
    for e in std::fs::read_dir(&out).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "csv") {
            assert!(!rows(&path).is_empty(), "{}", path.display());
        }
    }
    let stations = rows(&out.join("allocation.csv"));
    let counties = rows(&out.join("counties.csv"));
    let below: Vec<&BTreeMap<String, String>> = stations
        .iter()
        .filter(|r| level(r).is_some_and(|l| l < 1.0 - 1e-9))
        .collect();
    for c in &counties {
        let spare = int(c, "hq_officers_after") - int(c, "hq_min");
        let short = below
            .iter()
            .filter(|r| r["county_id"] == c["county_id"])
            .count();
        assert!(
            spare == 0 || short == 0,
            "county {} keeps {spare} officers above hq_min at HQ while {short} of its stations are below 1.0",
            c["county_id"]
        );
    }
    assert_eq!(
        balance["stations_below_1"].as_u64().unwrap() as usize,
        below.len()
    );
    assert!((10..=20).contains(&below.len()), "{}", below.len());
    let rows_compared = balance["comparison"].as_array().unwrap();
    let by = |t: &str| rows_compared.iter().find(|r| r["target"] == t).unwrap();
    assert_eq!(by("province")["stations_below_1"], 303);
    let (cheapest, ours) = (
        by("province")["officers_moved"].as_i64().unwrap(),
        by("standard")["officers_moved"].as_i64().unwrap(),
    );
    assert_eq!(ours, s["officers_moved"].as_i64().unwrap());
    assert!(cheapest < ours, "{cheapest} {ours}");
    assert!(
        done.stdout
            .contains(&format!("province   {cheapest} moved"))
            && done.stdout.contains(&format!("(+{})", ours - cheapest)),
        "{}",
        done.stdout
    );
    // The level stays the province's, and its cause is C075's HQ.
    assert!((s["balance_level"].as_f64().unwrap() - 0.952986).abs() < 1e-6);
    let b = &s["binding_stations"][0];
    assert_eq!(b["county_id"], "C075");
    assert_eq!(b["hq_refill"]["hq_today"], 301);
    assert_eq!(b["hq_refill"]["hq_min"], 308);
    assert!(
        done.stdout
            .contains("C075 陇南分局: HQ has 301 officers today, below its hq_min of 308"),
        "{}",
        done.stdout
    );
    let binding = rows(&out.join("binding.csv"));
    let first = binding
        .iter()
        .find(|r| r["station_id"] == "S01393")
        .unwrap();
    assert_eq!(
        (int(first, "county_hq_today"), int(first, "county_hq_min")),
        (301, 308)
    );
    assert!(
        first["cause"].contains("低于机关最低警力 308 人")
            && first["cause"].contains("hq_min of 308")
    );
    // The same in Chinese: terminal and the report's conclusion.
    let zh = run(&["solve", "--charts", "none"], &dir.path().join("zh"));
    assert!(
        zh.stdout
            .contains("陇南分局（C075）机关现有民警 301 人，低于机关最低警力 308 人"),
        "{}",
        zh.stdout
    );
    let html = std::fs::read_to_string(dir.path().join("zh/report.html")).unwrap();
    assert!(
        html.contains("均衡水平受限于陇南分局（C075）"),
        "report conclusion"
    );
    assert!(html.contains("警力下沉"));
}

/// Moves in transfers.csv add up to counties.csv and summary.json in every
/// county, without recruits and with 900 (whose lines are newcomers, not
/// moves); today's shares are on today's force.
#[test]
fn moves_add_up_with_and_without_recruits() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    run(&["solve", "--charts", "none", "--lang", "en"], &plain);
    let (moved, newcomers) = moves_agree(&plain);
    assert_eq!(newcomers, 0);
    assert!(moved > 0);

    let with = dir.path().join("recruits");
    run(
        &[
            "solve",
            "--set",
            "recruits.total=900",
            "--charts",
            "none",
            "--lang",
            "en",
        ],
        &with,
    );
    let (_, newcomers) = moves_agree(&with);
    assert_eq!(newcomers, 900);
    let s = summary(&with);
    assert_eq!(s["recruits"]["used"], 900);
    // Today is today's force: the same counties meet the station share
    // today as without recruits.
    assert_eq!(
        s["counties_meeting_station_share"]["before"],
        summary(&plain)["counties_meeting_station_share"]["before"]
    );
    for c in rows(&with.join("counties.csv")) {
        assert_eq!(
            int(&c, "officers_total_after") - int(&c, "officers_total"),
            int(&c, "recruits"),
            "{}",
            c["county_id"]
        );
    }
}

/// Auxiliaries under the default: every county keeps its posts, and in
/// every county whose posts are at least its villages every station has
/// one per village. The baseline has one such county; a copy of its data
/// with an `auxiliary_budget` column (辅警编制) giving a third of the
/// counties as many posts as villages has more.
#[test]
fn auxiliaries_stay_in_their_county_and_reach_one_per_village_where_posts_allow() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/data/gansu");
    let stations = rows(&data.join("stations.csv"));
    let mut villages: BTreeMap<String, f64> = BTreeMap::new();
    for s in &stations {
        *villages.entry(s["county_id"].clone()).or_default() += real(s, "villages");
    }
    // counties.csv with the column on every third county.
    let text = std::fs::read_to_string(data.join("counties.csv")).unwrap();
    let mut lines = text.lines();
    let mut counties = format!("{},辅警编制\n", lines.next().unwrap());
    for (i, line) in lines.enumerate() {
        let id = line.split(',').next().unwrap();
        let budget = if i % 3 == 0 {
            format!("{}", villages[id] as i64)
        } else {
            String::new()
        };
        counties.push_str(&format!("{line},{budget}\n"));
    }
    std::fs::write(dir.path().join("counties.csv"), counties).unwrap();
    let base = std::fs::canonicalize("scenarios/baseline.toml").unwrap();
    let scenario = dir.path().join("budgets.toml");
    std::fs::write(
        &scenario,
        format!(
            "extend = {:?}\nname = \"budgets\"\ncounties = {:?}\n",
            base.display().to_string(),
            dir.path().join("counties.csv").display().to_string()
        ),
    )
    .unwrap();
    for (case, path) in [("baseline", None), ("budgets", Some(&scenario))] {
        let out = dir.path().join(case);
        let mut args = vec!["solve"];
        let shown;
        if let Some(p) = path {
            shown = p.display().to_string();
            args.push(&shown);
        }
        args.extend(["--charts", "none", "--lang", "en"]);
        run(&args, &out);
        let plan = rows(&out.join("allocation.csv"));
        let compliance = rows(&out.join("compliance.csv"));
        let mut enough = 0;
        for c in &compliance {
            let id = &c["county_id"];
            let (before, after) = (
                int(c, "auxiliary_posts_before"),
                int(c, "auxiliary_posts_after"),
            );
            let here: Vec<&BTreeMap<String, String>> =
                plan.iter().filter(|r| &r["county_id"] == id).collect();
            let today: i64 = here.iter().map(|r| int(r, "auxiliaries_before")).sum();
            // The budget: today's posts, or the column.
            let budget = match path {
                Some(_) if compliance.iter().position(|x| x == c).unwrap() % 3 == 0 => {
                    villages[id] as i64
                }
                _ => today,
            };
            assert_eq!(
                (before, after),
                (today, budget),
                "county {id} keeps its posts"
            );
            if after as f64 >= villages[id] {
                enough += 1;
                for r in &here {
                    let v = stations
                        .iter()
                        .find(|s| s["station_id"] == r["station_id"])
                        .unwrap();
                    assert!(
                        int(r, "auxiliaries") as f64 >= real(v, "villages"),
                        "county {id} has {after} posts for {} villages, but {} has {} for {}",
                        villages[id],
                        r["station_id"],
                        r["auxiliaries"],
                        v["villages"]
                    );
                }
                assert!(
                    c["village_note"].contains("one per village at every station"),
                    "{c:?}"
                );
            } else {
                assert!(
                    c["village_note"].contains("cannot reach every station"),
                    "{c:?}"
                );
            }
        }
        assert!(
            enough >= if path.is_some() { 29 } else { 1 },
            "{case}: {enough}"
        );
    }
}

/// `staffing check` warns of every county whose HQ is below its hq_min or
/// whose stations are below the station share today, in both languages.
#[test]
fn check_warns_of_counties_off_their_rules_today() {
    let mut cmd = staffing();
    cmd.args(["check", "scenarios/baseline.toml", "--lang", "en"]);
    let done = run_with_timeout(cmd, Duration::from_secs(60)).unwrap();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert!(
        done.stdout
            .contains("C075 陇南分局: HQ has 301 officers today, below its hq_min of 308"),
        "{}",
        done.stdout
    );
    let short = done.stdout.matches("below the 40% station share").count();
    assert_eq!(short, 86 - 61, "{}", done.stdout);
    let mut cmd = staffing();
    cmd.args(["check", "scenarios/baseline.toml"]);
    let zh = run_with_timeout(cmd, Duration::from_secs(60)).unwrap();
    assert!(
        zh.stdout
            .contains("机关现有民警 301 人，低于机关最低警力 308 人"),
        "{}",
        zh.stdout
    );
}

/// The recruits example places the recruits its file names and lists them
/// by county.
#[test]
fn the_recruits_example_places_its_recruits() {
    let dir = tempfile::tempdir().unwrap();
    let done = run(
        &[
            "solve",
            "scenarios/recruits.toml",
            "--charts",
            "none",
            "--lang",
            "en",
        ],
        &dir.path().join("r"),
    );
    assert!(
        done.stdout
            .contains("recruits             20 placed: C075 陇南分局 +20"),
        "{}",
        done.stdout
    );
    let s = summary(&dir.path().join("r"));
    assert!(s["balance_level"].as_f64().unwrap() > 1.0);
}

/// With the standard at or below the province level, the default plan's
/// officers are the province target's (the shared instances' objective).
#[test]
fn a_standard_under_the_province_level_is_the_province_plan() {
    let dir = tempfile::tempdir().unwrap();
    let officers = |case: &str, sets: &[&str]| -> Vec<(String, String, String)> {
        let out = dir.path().join(case);
        let mut args = vec!["solve", "--charts", "none", "--lang", "en"];
        for s in sets {
            args.extend(["--set", s]);
        }
        run(&args, &out);
        rows(&out.join("allocation.csv"))
            .into_iter()
            .map(|r| {
                (
                    r["station_id"].clone(),
                    r["officers"].clone(),
                    r["community_officers"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        officers("capped", &["balance.cap=0.9"]),
        officers("province", &["balance.target=province"])
    );
}
