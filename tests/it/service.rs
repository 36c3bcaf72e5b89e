//! Need from service levels (`[workload.service]`, issue 12): requirements
//! computed by hand, units needed against a brute-force search, the service
//! a plan gives, every output, `--compare-methods` through the binary, and
//! robust sampling of the standard's keys.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;
use staffing::check::check_plan;
use staffing::domain::{CallCategory, DutyMethod, Params, ServiceStandard, HOURS_PER_DAY};
use staffing::model::requirement::{duty_requirement, requirements};
use staffing::model::service::{
    erlang_c, service_at, station_hours, units_needed, within_utilisation, DEFAULT_HOURLY_PROFILE,
};
use staffing::pipeline::{self, Engine};
use staffing::report::{i18n, service as service_tables, tables, Lang, ReportOptions};

use crate::support::{province, run_with_timeout, simple_params, staffing};

/// A flat profile: every hour 1/24 of a day's calls.
const FLAT: [f64; HOURS_PER_DAY] = [1.0 / 24.0; HOURS_PER_DAY];

fn standard(target: f64) -> ServiceStandard {
    ServiceStandard {
        method: DutyMethod::ErlangC,
        minutes_per_call: 30.0,
        officers_per_unit: 2.0,
        target_wait_probability: target,
        max_utilisation: None,
        min_units_on_duty: 0,
        hourly_profile: FLAT,
        hourly_profile_by_kind: BTreeMap::new(),
    }
}

fn erlang_params(s: ServiceStandard) -> Params {
    let mut p = simple_params(10);
    p.workload.service = Some(s);
    p
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// 17,520 calls a year, flat over the day, are 2 calls an hour; at 30
/// minutes a call that is a = 1 Erlang every hour. C(2, 1) = 1/3 > 0.2 and
/// C(3, 1) = 1/11 ≤ 0.2, so N = 3 every hour, Σ Nₕ = 72, and
/// D = 365 × 2 officers × 72 ÷ 1000 hours = 52.56 officers.
#[test]
fn hand_computed_requirements() {
    let p = province(&[(
        100,
        0,
        vec![(17520.0, 0.0, 0.0, 10, 0, 0), (0.0, 0.0, 0.0, 5, 0, 0)],
    )]);
    let params = erlang_params(standard(0.2));
    let s = params.workload.service.as_ref().unwrap();
    let busy = station_hours(&p.stations[0], &params.workload, s).unwrap();
    assert!(busy.load.iter().all(|&a| close(a, 1.0)), "{:?}", busy.load);
    assert_eq!(busy.units, [3; HOURS_PER_DAY]);
    assert!(close(erlang_c(2, 1.0), 1.0 / 3.0) && close(erlang_c(3, 1.0), 1.0 / 11.0));
    let reqs = requirements(&p, &params);
    assert!(close(reqs[0].duty, 52.56), "{}", reqs[0].duty);
    // No calls: no units, no duty requirement.
    assert_eq!(reqs[1].duty, 0.0);

    // One unit on duty around the clock, calls or not: 365 × 2 × 24 ÷ 1000.
    let mut s1 = standard(0.2);
    s1.min_units_on_duty = 1;
    let reqs = requirements(&p, &erlang_params(s1));
    assert!(close(reqs[0].duty, 52.56));
    assert!(close(reqs[1].duty, 17.52), "{}", reqs[1].duty);

    // A utilisation cap of 0.25 needs 4 units at a = 1: D = 365·2·96 ÷ 1000.
    let mut capped = standard(0.2);
    capped.max_utilisation = Some(0.25);
    let reqs = requirements(&p, &erlang_params(capped));
    assert!(close(reqs[0].duty, 70.08), "{}", reqs[0].duty);

    // Under method = "hours" the service table changes no requirement:
    // calls ÷ 500 exactly, as without it.
    let mut hours = standard(0.2);
    hours.method = DutyMethod::Hours;
    let with = erlang_params(hours);
    let without = simple_params(10);
    for st in &p.stations {
        assert_eq!(
            duty_requirement(st, &with.workload).to_bits(),
            duty_requirement(st, &without.workload).to_bits()
        );
    }
    assert_eq!(duty_requirement(&p.stations[0], &without.workload), 35.04);
}

/// Categories combine by unit-minutes: 4,380 criminal calls (2 hours, 2
/// officers, not divertible) are 120 unit-minutes each with 2-officer units;
/// 4,380 calls not split, half diverted, keep 2,190 at 30 minutes. So
/// 6,570 calls and 591,300 unit-minutes a year: m = 90 minutes, and flat over
/// the day a = 591,300 ÷ 525,600 = 1.125 Erlangs, where C(2) = 0.405 and
/// C(3) = 0.121: N = 3.
#[test]
fn call_categories_combine_into_one_load_and_mean_service_time() {
    let mut p = province(&[(100, 0, vec![(8760.0, 0.0, 0.0, 10, 0, 0)])]);
    p.stations[0]
        .levers
        .calls_by_category
        .insert("criminal".into(), 4380.0);
    let mut params = erlang_params(standard(0.2));
    params.workload.divert_share = 0.5;
    params.workload.categories.insert(
        "criminal".into(),
        CallCategory {
            hours_per_call: 2.0,
            officers_per_call: 2.0,
            divertible: false,
        },
    );
    let s = params.workload.service.as_ref().unwrap();
    let h = station_hours(&p.stations[0], &params.workload, s).unwrap();
    assert!(close(h.mean_minutes, 90.0), "{}", h.mean_minutes);
    assert!(h.load.iter().all(|&a| close(a, 1.125)), "{:?}", h.load);
    assert!((erlang_c(2, 1.125) - 0.4050).abs() < 1e-4);
    assert!((erlang_c(3, 1.125) - 0.1210).abs() < 1e-4);
    assert_eq!(h.units, [3; HOURS_PER_DAY]);
}

/// Duty officers spread in proportion to Nₕ: at half the requirement each
/// hour has 1.5 units (one unit half the time, two the other half), so at
/// a = 1 P(wait) = ½·C(1, 1) + ½·C(2, 1) = ½ + ⅙, and there is no finite
/// mean wait (one unit cannot keep up with a = 1). At the full requirement
/// the station has its 3 units: C = 1/11 and W = C·m ÷ (N − a) = 15/11 min.
#[test]
fn service_of_a_deployment_at_the_busiest_hour() {
    let p = province(&[(100, 0, vec![(17520.0, 0.0, 0.0, 10, 0, 0)])]);
    let params = erlang_params(standard(0.2));
    let s = params.workload.service.as_ref().unwrap();
    let h = station_hours(&p.stations[0], &params.workload, s).unwrap();
    let half = service_at(&h, &params.workload, s, 52.56 / 2.0);
    assert!(close(half.wait_probability_peak, 0.5 + 1.0 / 6.0));
    assert_eq!(half.mean_wait_minutes_peak, None);
    assert!(!half.meets_standard);
    let full = service_at(&h, &params.workload, s, 52.56);
    assert!(close(full.wait_probability_peak, 1.0 / 11.0));
    assert!(close(full.mean_wait_minutes_peak.unwrap(), 15.0 / 11.0));
    assert!(full.meets_standard);
    assert!(full.units_on_duty.iter().all(|&u| close(u, 3.0)));
}

/// The definition of Nₕ, searched one N at a time from 1.
fn brute_force(a: f64, s: &ServiceStandard) -> u64 {
    let n0 = s.min_units_on_duty as u64;
    if a == 0.0 {
        return n0;
    }
    (1..=100_000u64)
        .find(|&n| {
            n >= n0.max(1)
                && n as f64 > a
                && erlang_c(n, a) <= s.target_wait_probability
                && s.max_utilisation
                    .map_or(true, |u| within_utilisation(n, a, u))
        })
        .expect("some N meets the standard")
}

fn any_standard() -> impl Strategy<Value = ServiceStandard> {
    (
        prop_oneof![1e-6..1e-3, 1e-3..0.999_999],
        prop::option::of(0.01..=1.0f64),
        0i64..6,
    )
        .prop_map(|(target, u, n0)| {
            let mut s = standard(target);
            s.max_utilisation = u;
            s.min_units_on_duty = n0;
            s
        })
}

fn any_load() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        1e-9..1e-3,
        1e-3..1.0,
        1.0..20.0,
        20.0..300.0,
        // Whole and decimal loads, where N > a and utilisation sit on a
        // boundary.
        (0u32..50).prop_map(|k| k as f64),
        (0u32..500).prop_map(|k| k as f64 * 0.1),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn units_needed_equals_brute_force(a in any_load(), s in any_standard()) {
        prop_assert_eq!(units_needed(a, &s).unwrap(), brute_force(a, &s));
    }
}

/// A tiny province under erlang-c, solved: the plan keeps every rule
/// (independent checker), and with enough officers every station meets the
/// standard after the plan, which the summary counts.
#[test]
fn a_plan_at_level_one_meets_the_standard_everywhere() {
    // Station needs: D = 365·2·24·N ÷ 1000 with N = 1 at these loads.
    let p = province(&[(
        200,
        0,
        vec![
            (2000.0, 3000.0, 1.0, 20, 2, 1),
            (500.0, 3000.0, 1.0, 5, 1, 1),
            (100.0, 3000.0, 1.0, 5, 1, 1),
        ],
    )]);
    let mut s = standard(0.2);
    s.hourly_profile = DEFAULT_HOURLY_PROFILE;
    let params = erlang_params(s);
    let plan = staffing::model::solve(&p, &params).unwrap();
    assert!(check_plan(&p, &params, &plan).is_empty());
    assert!(plan.balance_level.unwrap() >= 1.0);
    let reqs = requirements(&p, &params);
    let solution = pipeline::finish(
        "t",
        p.clone(),
        params.clone(),
        plan,
        reqs,
        None,
        Vec::new(),
        Vec::new(),
    );
    let o = &solution.outcome;
    let service = o.summary.service.as_ref().unwrap();
    assert_eq!(service.method, "erlang-c");
    assert_eq!(service.stations_meeting_standard.after, 3);
    // Today the two small stations have 4 duty officers of the 17.52 they need.
    assert_eq!(service.stations_meeting_standard.before, 1);
    for f in &o.stations {
        let x = f.service.unwrap();
        assert!(x.after.meets_standard);
        assert!(x.after.wait_probability_peak <= 0.2);
        assert_eq!(x.busiest_hour, 20, "the shipped profile peaks at 20:00");
    }
    let hourly = o.service.as_ref().unwrap();
    assert_eq!(hourly.hourly_units_needed, [3; HOURS_PER_DAY]);
    assert!(hourly
        .hourly_units_on_duty
        .after
        .iter()
        .all(|&u| u >= 3.0 - 1e-9));
}

/// Every service column and table has a Chinese header and sheet name, and
/// allocation.csv carries the requirements in full precision.
#[test]
fn service_tables_speak_chinese_and_carry_full_precision() {
    let loaded = pipeline::load(Path::new("tests/fixtures/service/scenario.toml")).unwrap();
    let solution = pipeline::solve(&loaded, Engine::Exact).unwrap();
    let solution = pipeline::compare_methods(&loaded, Engine::Exact, solution).unwrap();
    let mut all = vec![("allocation", tables::allocation(&solution.outcome))];
    all.extend(service_tables::tables(&solution.outcome));
    assert_eq!(all.len(), 3);
    for (stem, table) in &all {
        for key in &table.header {
            assert!(
                i18n::has_header(key),
                "{stem}.csv: `{key}` has no Chinese name"
            );
        }
        assert_ne!(i18n::sheet(Lang::Zh, stem), *stem, "sheet {stem}");
    }
    let files = solution
        .files(
            None,
            &ReportOptions {
                lang: Some(Lang::En),
                charts: None,
            },
        )
        .unwrap();
    let csv = files
        .iter()
        .find(|f| f.name == "allocation.csv")
        .map(|f| String::from_utf8(f.bytes.clone()).unwrap())
        .unwrap();
    let mut rows =
        csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = rows.records().next().unwrap().unwrap();
    let duty: f64 = first[col("duty_requirement")].parse().unwrap();
    assert_eq!(duty.to_bits(), solution.requirements()[0].duty.to_bits());
    assert!(!first[col("wait_probability_peak_after")].is_empty());
}

/// `solve --compare-methods` through the binary: both methods printed and
/// written, the stations ranked by how much their duty need differs.
#[test]
fn compare_methods_cli() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let mut cmd = staffing();
    cmd.args([
        "solve",
        "tests/fixtures/service/scenario.toml",
        "--compare-methods",
        "--charts",
        "svg",
        "--out",
    ])
    .arg(&out);
    let done = run_with_timeout(cmd, Duration::from_secs(120)).unwrap();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    assert!(
        done.stdout.contains("methods compared on the same data"),
        "{}",
        done.stdout
    );
    assert!(
        done.stdout.contains("meeting the standard"),
        "{}",
        done.stdout
    );
    let methods = std::fs::read_to_string(out.join("methods.csv")).unwrap();
    let lines: Vec<&str> = methods.lines().collect();
    assert_eq!(lines.len(), 3, "{methods}");
    assert!(
        lines[1].starts_with("hours,") && lines[2].starts_with("erlang-c,"),
        "{methods}"
    );
    let stations = std::fs::read_to_string(out.join("method_stations.csv")).unwrap();
    let mut reader =
        csv::ReaderBuilder::new().from_reader(stations.trim_start_matches('\u{feff}').as_bytes());
    let gaps: Vec<f64> = reader
        .records()
        .map(|r| r.unwrap()[7].parse::<f64>().unwrap().abs())
        .collect();
    assert!(!gaps.is_empty() && gaps.len() <= 20);
    assert!(gaps.windows(2).all(|w| w[0] >= w[1]), "{gaps:?}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["service"]["method"], "erlang-c");
    assert_eq!(summary["methods"][0]["method"], "hours");
    assert!(
        summary["service"]["worst_stations"]
            .as_array()
            .unwrap()
            .len()
            <= 10
    );
    // The erlang-c need is far above the hours need on this data.
    let need = |i: usize| summary["methods"][i]["duty_requirement"].as_f64().unwrap();
    assert!(need(1) > need(0));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<section id=\"service\""));
    for chart in ["service_hours.svg", "service_units.svg"] {
        assert!(out.join(chart).exists(), "{chart}");
    }
    let book = std::fs::read(out.join("plan.xlsx")).unwrap();
    assert!(book.len() > 1000);
}

/// Without a service standard `--compare-methods` is refused (exit 2), and
/// nothing is written.
#[test]
fn compare_methods_needs_a_service_standard() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let mut cmd = staffing();
    cmd.args([
        "solve",
        "tests/fixtures/county/scenario.toml",
        "--compare-methods",
        "--charts",
        "none",
        "--out",
    ])
    .arg(&out);
    let done = run_with_timeout(cmd, Duration::from_secs(60)).unwrap();
    assert_eq!(done.code, Some(2), "{}", done.stderr);
    assert!(
        done.stderr.contains("[workload.service]"),
        "{}",
        done.stderr
    );
    assert!(!out.exists());
}

/// Under method = "hours" a service table is reported, not planned for:
/// the plan is the plan without the table, and the outputs say how it
/// meets the standard.
#[test]
fn the_hours_method_reports_the_standard() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = tmp.path().join("hours.toml");
    let county = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/county/scenario.toml");
    std::fs::write(
        &scenario,
        format!(
            "extend = {:?}\nname = \"hours\"\n[workload.service]\nmethod = \"hours\"\nminutes_per_call = 45\ntarget_wait_probability = 0.2\n",
            county.display().to_string()
        ),
    )
    .unwrap();
    let with = pipeline::solve(&pipeline::load(&scenario).unwrap(), Engine::Exact).unwrap();
    let without = pipeline::solve(&pipeline::load(&county).unwrap(), Engine::Exact).unwrap();
    assert_eq!(with.outcome.plan.stations, without.outcome.plan.stations);
    assert_eq!(
        with.outcome.plan.balance_level,
        without.outcome.plan.balance_level
    );
    let service = with.outcome.summary.service.as_ref().unwrap();
    assert_eq!(service.method, "hours");
    assert!(without.outcome.summary.service.is_none());
    let summary = String::from_utf8(without.outcome.summary.to_file_json()).unwrap();
    assert!(
        !summary.contains("\"service\":"),
        "no service object without the table"
    );
}

/// A robust plan may sample the standard's keys, and only with a standard.
#[test]
fn samples_vary_the_standard() {
    use staffing::sample::apply_workload;
    let params = erlang_params(standard(0.2));
    let point = vec![
        ("workload.service.minutes_per_call".to_string(), 60.0),
        ("workload.service.min_units_on_duty".to_string(), 2.0),
    ];
    let p = apply_workload(&params, &point, 0).unwrap();
    let s = p.workload.service.unwrap();
    assert_eq!((s.minutes_per_call, s.min_units_on_duty), (60.0, 2));
    let e = apply_workload(&simple_params(10), &point, 0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("[workload.service]"), "{e}");
}
