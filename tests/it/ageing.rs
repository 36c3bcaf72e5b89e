//! The roadmap's ageing (issue 22): retirements in the years the rule puts
//! them, officers already past retirement named and retired in the first
//! year, the share of women kept, restricted officers keeping their share
//! of the bands, the auxiliary budget filled. Every test runs the binary;
//! expectations are computed here from the retirement rule's definition,
//! not by the library's ageing code.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::{
    assert_ok as ok, csv_int as int, csv_rows as rows, run_with_timeout, staffing, Finished,
};

const LIMIT: Duration = Duration::from_secs(180);

fn run(scenario: &Path, args: &[&str]) -> Finished {
    let mut cmd = staffing();
    cmd.arg("roadmap")
        .arg(scenario)
        .args(["--charts", "none", "--lang", "en"])
        .args(args);
    run_with_timeout(cmd, LIMIT).unwrap()
}

/// The retirement age in months of the State Council's decision of 13
/// September 2024, in force from 1 January 2025, for cadres (police
/// officers): men 60, women 55, one month more for every four months of
/// birth from January 1965 (men) or January 1970 (women) on, at most 36.
fn decree_months(female: bool, year: i32, month: i32) -> i32 {
    let (base, first) = if female { (55, 1970) } else { (60, 1965) };
    let since = (year - first) * 12 + (month - 1);
    let delay = if since < 0 {
        0
    } else {
        (since / 4 + 1).min(36)
    };
    base * 12 + delay
}

/// The calendar year someone born in (year, month) reaches that age.
fn decree_year(female: bool, year: i32, month: i32) -> i32 {
    (year * 12 + month - 1 + decree_months(female, year, month)).div_euclid(12)
}

/// A province of `stations` stations of 5 officers in one county, every
/// officer in the band `band` (its ages), its scenario with `roadmap`.
fn band_only(dir: &Path, stations: usize, band: &str, roadmap: &str) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let bands = [
        "age_under_30",
        "age_30_39",
        "age_40_49",
        "age_50_54",
        "age_55_59",
        "age_60_plus",
    ];
    let mut s = format!(
        "station_id,county_id,name,kind,population,villages,area_km2,calls,officers,community_officers,auxiliaries,min_officers,{}\n",
        bands.join(",")
    );
    for i in 1..=stations {
        let cells: Vec<&str> = bands
            .iter()
            .map(|b| if *b == band { "5" } else { "0" })
            .collect();
        s.push_str(&format!(
            "S{i:03},C1,Station {i},rural,8000,4,120,300,5,2,2,0,{}\n",
            cells.join(",")
        ));
    }
    fs::write(dir.join("stations.csv"), s).unwrap();
    fs::write(
        dir.join("counties.csv"),
        format!(
            "county_id,name,officers_total,hq_min,{}\nC1,County 1,{},0,0,0,0,0,0,0\n",
            bands.join(","),
            5 * stations
        ),
    )
    .unwrap();
    let scenario = dir.join("scenario.toml");
    fs::write(
        &scenario,
        format!(
            "name = \"ageing\"\nstations = \"stations.csv\"\ncounties = \"counties.csv\"\n\n\
             [workload]\nhours_per_call = 1.5\nofficer_hours_per_year = 1800\nreactive_share = 0.5\n\n\
             [workload.residents_per_community_officer]\nrural = 3000\n\n\
             [quotas]\nstation_share = 0.4\ncommunity_share = 0.4\n\n\
             [stations]\nmin_officers = 0\n\n\
             [auxiliaries]\ntotal = {}\n\n[roadmap]\n{roadmap}\n",
            2 * stations
        ),
    )
    .unwrap();
    scenario
}

/// The minimal case: 100 stations of 5 officers, all in the 55–59
/// band, 15% women, China's 2025 reform, ages as reached in 2025. Each
/// year's retirements are within 3 of the exact expectation from birth
/// months spread evenly (women of 56–59, retired at 55 before 2025, leave
/// in 2025); those women are named in a warning with their number; and the
/// women still serving each year are 15% of the officers of their birth
/// months, as many as the expectation says.
#[test]
fn the_minimal_case_retires_as_the_rule_expects() {
    let dir = tempfile::tempdir().unwrap();
    let s = band_only(
        &dir.path().join("data"),
        100,
        "age_55_59",
        "start_year = 2025\nyears = 8\nretirement_age = \"cn-2025\"\nfemale_share = 0.15\n",
    );
    let out = dir.path().join("out");
    let f = run(&s, &["--out", out.to_str().unwrap()]);
    ok(&f);
    // The expectation: 500 officers over 5 birth years × 12 months, 15%
    // women; (retirement year, women) → officers.
    let mut retiring: BTreeMap<i32, f64> = BTreeMap::new();
    let mut women_leaving: BTreeMap<i32, f64> = BTreeMap::new();
    let mut past = 0.0;
    for age in 55..=59 {
        let year = 2025 - age;
        for month in 1..=12 {
            for (female, share) in [(false, 0.85), (true, 0.15)] {
                let n = 500.0 * share / 60.0;
                let mut r = decree_year(female, year, month);
                if r < 2025 {
                    past += n;
                    r = 2025;
                }
                *retiring.entry(r).or_insert(0.0) += n;
                if female {
                    *women_leaving.entry(r).or_insert(0.0) += n;
                }
            }
        }
    }
    assert!((past - 60.0).abs() < 1e-9, "the women of 56–59: {past}");
    let years = rows(&out.join("roadmap.csv"));
    assert_eq!(years.len(), 8);
    let mut women_expected = 75.0;
    let mut force = 500;
    for y in &years {
        let t: i32 = y["year"].parse().unwrap();
        let expected = retiring.get(&t).copied().unwrap_or(0.0);
        let got = int(y, "retirements");
        assert!(
            (got as f64 - expected).abs() <= 3.0,
            "{t}: {got} retired, expected {expected:.2} (every year: {:?})",
            years
                .iter()
                .map(|y| int(y, "retirements"))
                .collect::<Vec<_>>()
        );
        assert_eq!(int(y, "force_start"), force);
        force -= got;
        assert_eq!(int(y, "force_end"), force, "{t}");
        // The women still serving: 15% of their birth months' officers.
        women_expected -= women_leaving.get(&t).copied().unwrap_or(0.0);
        let women = int(y, "women");
        assert!(
            (women as f64 - women_expected).abs() <= 1.0,
            "{t}: {women} women, expected {women_expected:.2}"
        );
    }
    // Every officer has retired by 2032 (men born in 1970 retire at 61
    // and 4 to 6 months).
    assert_eq!(force, 0);
    // The women past retirement are named, with their number, and leave
    // in the first year.
    assert!(
        f.stderr.contains("past the retirement age")
            && f.stderr
                .contains("women aged 56–59 in age_55_59 (born 1966–1969): 60")
            && f.stderr.contains("They retire in 2025"),
        "{}",
        f.stderr
    );
    assert!(int(&years[0], "retirements") >= 60);
}

/// A roster's officers already past retirement are named by id and row,
/// and retire in the first year; `--strict` refuses them (exit 2).
#[test]
fn a_roster_s_officers_past_retirement_are_named_and_leave_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let s = band_only(
        &data,
        2,
        "age_40_49",
        "start_year = 2025\nyears = 2\nretirement_age = \"cn-2025\"\nroster = \"officers.csv\"\n",
    );
    // Ten officers: a man born in March 1962 (60 in March 2022) and a
    // woman born in 1968 with no birth month (55 in 2023) are past it.
    let mut roster = String::from("officer_id,station_id,birth_year,birth_month,sex\n");
    for i in 0..10 {
        let (born, month, sex) = match i {
            0 => (1962, "3", "男"),
            1 => (1968, "", "女"),
            _ => (1980, "6", if i % 3 == 0 { "女" } else { "男" }),
        };
        roster.push_str(&format!("P{i:02},S{:03},{born},{month},{sex}\n", 1 + i / 5));
    }
    fs::write(data.join("officers.csv"), roster).unwrap();
    let out = dir.path().join("out");
    let f = run(&s, &["--out", out.to_str().unwrap()]);
    ok(&f);
    assert!(
        f.stderr.contains("2 officers are past the retirement age")
            && f.stderr
                .contains("P00 (row 2, male, born 1962-03, reached 2022-03)")
            && f.stderr.contains("P01 (row 3, female, born 1968"),
        "{}",
        f.stderr
    );
    let years = rows(&out.join("roadmap.csv"));
    assert_eq!(int(&years[0], "retirements"), 2);
    assert_eq!(int(&years[1], "retirements"), 0);
    assert_eq!(int(&years[0], "women"), 3, "P03, P06 and P09 (P01 retired)");
    let strict = run(
        &s,
        &[
            "--strict",
            "--out",
            dir.path().join("strict").to_str().unwrap(),
        ],
    );
    assert_eq!(strict.code, Some(2), "{}", strict.stderr);
    assert!(strict.stderr.contains("P00"), "{}", strict.stderr);
}

/// The open band 60+ holds only those the rule lets serve: with everyone
/// retiring at 60, officers of 60 (born 1965) retire in 2025 and nobody
/// is past retirement; with retirement at 58 the whole band is, and says so.
#[test]
fn the_60_plus_band_holds_those_the_rule_lets_serve() {
    let dir = tempfile::tempdir().unwrap();
    let s = band_only(
        &dir.path().join("data"),
        10,
        "age_60_plus",
        "start_year = 2025\nyears = 2\nretirement_age = 60\n",
    );
    let out = dir.path().join("at-60");
    let f = run(&s, &["--out", out.to_str().unwrap()]);
    ok(&f);
    assert!(
        !f.stderr.contains("past the retirement age"),
        "{}",
        f.stderr
    );
    let years = rows(&out.join("roadmap.csv"));
    assert_eq!(int(&years[0], "retirements"), 50);
    assert_eq!(years[0]["women"], "", "the data do not say who is a woman");
    let out = dir.path().join("at-58");
    let f = run(
        &s,
        &[
            "--set",
            "roadmap.retirement_age=58",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    ok(&f);
    assert!(
        f.stderr
            .contains("officers aged 60–62 in age_60_plus (born 1963–1965): 50"),
        "{}",
        f.stderr
    );
}

/// The shipped roadmap: retirements 2025–2029 within 3 of the expectation
/// from its bands with ages spread evenly (the 60+ band over those the
/// reform lets serve, women of 56–59 past it, 0.5% other leavers a year
/// before retirement); women stay near their share; the restricted
/// officers no longer fade; the auxiliary budget is filled every year.
#[test]
fn the_shipped_roadmap_retires_as_its_bands_expect() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut bands = [0.0f64; 6];
    let keys = [
        "age_under_30",
        "age_30_39",
        "age_40_49",
        "age_50_54",
        "age_55_59",
        "age_60_plus",
    ];
    for file in ["stations-strength.csv", "counties.csv"] {
        for r in rows(&root.join("scenarios/data/gansu").join(file)) {
            for (b, k) in bands.iter_mut().zip(keys) {
                *b += r[k].parse::<f64>().unwrap_or(0.0);
            }
        }
    }
    let spans = [(22, 29), (30, 39), (40, 49), (50, 54), (55, 59), (60, 62)];
    let mut expected: BTreeMap<i32, f64> = BTreeMap::new();
    for (i, &(from, to)) in spans.iter().enumerate() {
        let mut cells: Vec<(i32, f64)> = Vec::new();
        for age in from..=to {
            for month in 1..=12 {
                for (female, w) in [(false, 0.85), (true, 0.15)] {
                    let r = decree_year(female, 2025 - age, month);
                    // The open band: only those still serving in 2025.
                    if i < 5 || r >= 2025 {
                        cells.push((r.max(2025), w));
                    }
                }
            }
        }
        let total: f64 = cells.iter().map(|c| c.1).sum();
        for (r, w) in cells {
            let stayed = 0.995f64.powi(r - 2025);
            *expected.entry(r).or_insert(0.0) += bands[i] * w / total * stayed;
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("roadmap");
    let f = run(
        &root.join("scenarios/roadmap.toml"),
        &["--out", out.to_str().unwrap()],
    );
    ok(&f);
    let years = rows(&out.join("roadmap.csv"));
    let got: Vec<i64> = years.iter().map(|y| int(y, "retirements")).collect();
    let first = int(&years[0], "restricted_officers");
    for (y, &n) in years.iter().zip(&got) {
        let t: i32 = y["year"].parse().unwrap();
        let e = expected[&t];
        assert!(
            (n as f64 - e).abs() <= 3.0,
            "{t}: {n}, expected {e:.1} ({got:?})"
        );
        let share = int(y, "women") as f64 / int(y, "force_end") as f64;
        assert!((0.12..=0.15).contains(&share), "{t}: women {share}");
        assert_eq!(int(y, "auxiliaries"), int(y, "auxiliary_budget"), "{t}");
        // 612 in the data; they no longer fade as the oldest retire.
        let restricted = int(y, "restricted_officers");
        assert!(
            restricted as f64 >= 0.95 * first as f64 && restricted <= 612,
            "{t}: {restricted} restricted officers ({first} in the first year)"
        );
    }
}

/// Bad values of the ageing keys are refused with exit 2, naming the key
/// and its range, and nothing is written.
#[test]
fn bad_ageing_values_name_the_key_and_its_range() {
    let dir = tempfile::tempdir().unwrap();
    let s = band_only(
        &dir.path().join("data"),
        3,
        "age_40_49",
        "start_year = 2025\nyears = 2\nfemale_share = 0.15\n",
    );
    for (set, key, range) in [
        ("roadmap.female_share=1.5", "roadmap.female_share", "[0, 1]"),
        (
            "roadmap.female_share=-0.1",
            "roadmap.female_share",
            "[0, 1]",
        ),
        (
            "roadmap.restricted_from_age=12",
            "roadmap.restricted_from_age",
            "between 50 and 70",
        ),
        (
            "roadmap.auxiliary_turnover=2",
            "roadmap.auxiliary_turnover",
            "[0, 1]",
        ),
        (
            "roadmap.retirement_age=45",
            "roadmap.retirement_age",
            "between 50 and 75",
        ),
    ] {
        let out = dir.path().join("bad");
        let f = run(&s, &["--set", set, "--out", out.to_str().unwrap()]);
        assert_eq!(f.code, Some(2), "{set}: {}", f.stderr);
        assert!(
            f.stderr.contains(key) && f.stderr.contains(range),
            "{set}: {}",
            f.stderr
        );
        assert!(!out.exists(), "{set}: nothing is written");
    }
}
