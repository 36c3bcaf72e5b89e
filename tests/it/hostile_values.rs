//! Hostile numbers: random finite values for every numeric input of a small
//! province and its scenario, drawn to include the extremes (0, subnormals,
//! 1e-320, 1e308, `f64::MAX`, the ends of `i64`, 10⁹ ± 1). Whatever the
//! values, a solve ends within a time limit, never panics, and either writes
//! a plan its own checker passed (exit 0), explains why there is none
//! (exit 1), or refuses the input naming the key or the file, row and column
//! (exit 2). Exit 3, "the plan breaks rules it must keep", is a failure.
//!
//! The binary runs a moderate number of cases under a kill timer; the
//! library-level variant (load → solve → check in a thread with a deadline)
//! carries more.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use proptest::prelude::*;

/// Time one solve of this three-station province may take, far above the
/// milliseconds it needs.
const LIMIT: Duration = Duration::from_secs(20);

/// Time spent shrinking a failure: a hang costs [`LIMIT`] per try, so a
/// hang fails the test in about a minute instead of stalling it.
const SHRINK_MS: u32 = 40_000;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A real number.
    Real,
    /// A whole number.
    Count,
}

#[derive(Debug, Clone, Copy)]
enum Place {
    /// `[table] key` of the scenario (table "" for the top level).
    Scenario(&'static str, &'static str),
    /// A column of station i.
    Station(usize, &'static str),
    /// A column of county i.
    County(usize, &'static str),
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    place: Place,
    kind: Kind,
}

const STATIONS: usize = 3;
const COUNTIES: usize = 2;
/// The county of each station.
const COUNTY_OF: [usize; STATIONS] = [0, 0, 1];

const SCENARIO_SLOTS: [(&str, &str, Kind); 19] = [
    ("workload", "hours_per_call", Kind::Real),
    ("workload", "officer_hours_per_year", Kind::Real),
    ("workload", "reactive_share", Kind::Real),
    ("workload", "call_growth", Kind::Real),
    ("workload", "divert_share", Kind::Real),
    (
        "workload.residents_per_community_officer",
        "urban",
        Kind::Real,
    ),
    (
        "workload.residents_per_community_officer",
        "rural",
        Kind::Real,
    ),
    ("quotas", "station_share", Kind::Real),
    ("quotas", "community_share", Kind::Real),
    ("stations", "min_officers", Kind::Count),
    ("stations", "duty_posts", Kind::Real),
    ("auxiliaries", "total", Kind::Count),
    ("auxiliaries", "per_village", Kind::Real),
    ("auxiliaries", "duty_factor", Kind::Real),
    ("moves", "per_county", Kind::Count),
    ("moves", "per_station", Kind::Count),
    ("force", "scale", Kind::Real),
    ("force", "add", Kind::Count),
    ("recruits", "total", Kind::Count),
];

const STATION_SLOTS: [(&str, Kind); 11] = [
    ("population", Kind::Real),
    ("villages", Kind::Real),
    ("area_km2", Kind::Real),
    ("calls", Kind::Real),
    ("officers", Kind::Count),
    ("community_officers", Kind::Count),
    ("auxiliaries", Kind::Count),
    ("min_officers", Kind::Count),
    ("max_officers", Kind::Count),
    ("max_moves", Kind::Count),
    ("duty_posts", Kind::Real),
];

const COUNTY_SLOTS: [(&str, Kind); 3] = [
    ("officers_total", Kind::Count),
    ("hq_min", Kind::Count),
    ("max_moves", Kind::Count),
];

/// Every numeric input, in a fixed order.
fn slots() -> Vec<Slot> {
    let mut out: Vec<Slot> = SCENARIO_SLOTS
        .iter()
        .map(|&(t, k, kind)| Slot {
            place: Place::Scenario(t, k),
            kind,
        })
        .collect();
    for i in 0..STATIONS {
        out.extend(STATION_SLOTS.iter().map(|&(c, kind)| Slot {
            place: Place::Station(i, c),
            kind,
        }));
    }
    for i in 0..COUNTIES {
        out.extend(COUNTY_SLOTS.iter().map(|&(c, kind)| Slot {
            place: Place::County(i, c),
            kind,
        }));
    }
    out
}

/// Real extremes, written as Rust's `{:?}` writes them (valid in TOML and
/// CSV alike).
const REAL_EXTREMES: [f64; 15] = [
    0.0,
    5e-324,
    1e-320,
    1e-300,
    1e-9,
    0.5,
    1.0,
    8760.0,
    8760.5,
    999_999_999.0,
    1e9,
    1e10,
    1e15,
    1e308,
    f64::MAX,
];

const COUNT_EXTREMES: [i64; 12] = [
    0,
    1,
    2,
    -1,
    999_999_999,
    1_000_000_000,
    1_000_000_001,
    1 << 53,
    (1 << 62) + 1,
    i64::MAX - 1,
    i64::MAX,
    i64::MIN,
];

/// One case: a text value (or none: absent, the default) per slot.
#[derive(Debug, Clone)]
struct Case {
    values: Vec<Option<String>>,
    station_scope: bool,
}

fn real(v: f64) -> String {
    format!("{v:?}")
}

/// An ordinary province: consistent counts, plausible rates. Optional
/// inputs are mostly absent.
fn ordinary() -> impl Strategy<Value = Case> {
    let scenario = (
        (
            0.2f64..5.0,
            1000.0f64..2500.0,
            0.2f64..0.9,
            0.8f64..1.5,
            0.0f64..0.3,
        ),
        (
            1000.0f64..8000.0,
            1000.0f64..8000.0,
            0.2f64..0.6,
            0.2f64..0.6,
        ),
        (0i64..4, prop::option::of(0i64..60), 0.5f64..2.0),
        any::<bool>(),
    );
    let station = (
        (
            0.0f64..50_000.0,
            0.0f64..20.0,
            1.0f64..500.0,
            0.0f64..3000.0,
        ),
        (0i64..30, 0i64..=100, 0i64..20),
    );
    let stations = prop::collection::vec(station, STATIONS);
    let counties = prop::collection::vec((0i64..40, 0i64..=100), COUNTIES);
    (scenario, stations, counties).prop_map(|(sc, st, co)| {
        let slots = slots();
        let mut values: Vec<Option<String>> = vec![None; slots.len()];
        let ((hpc, ohy, rs, growth, divert), (urban, rural, p, q), (min, aux, pv), scope) = sc;
        let set = |values: &mut Vec<Option<String>>, place: &dyn Fn(&Place) -> bool, v: String| {
            let i = slots.iter().position(|s| place(&s.place)).unwrap();
            values[i] = Some(v);
        };
        let key = |t: &'static str, k: &'static str| {
            move |p: &Place| matches!(p, Place::Scenario(a, b) if *a == t && *b == k)
        };
        set(&mut values, &key("workload", "hours_per_call"), real(hpc));
        set(&mut values, &key("workload", "officer_hours_per_year"), real(ohy));
        set(&mut values, &key("workload", "reactive_share"), real(rs));
        set(&mut values, &key("workload", "call_growth"), real(growth));
        set(&mut values, &key("workload", "divert_share"), real(divert));
        let norms = "workload.residents_per_community_officer";
        set(&mut values, &key(norms, "urban"), real(urban));
        set(&mut values, &key(norms, "rural"), real(rural));
        set(&mut values, &key("quotas", "station_share"), real(p));
        set(&mut values, &key("quotas", "community_share"), real(q));
        set(&mut values, &key("stations", "min_officers"), min.to_string());
        if let Some(a) = aux {
            set(&mut values, &key("auxiliaries", "total"), a.to_string());
        }
        set(&mut values, &key("auxiliaries", "per_village"), real(pv));
        let mut officers_at = [0i64; COUNTIES];
        for (i, ((pop, vil, area, calls), (officers, community_pct, auxiliaries))) in
            st.into_iter().enumerate()
        {
            let col = |c: &'static str| move |p: &Place| matches!(p, Place::Station(j, x) if *j == i && *x == c);
            set(&mut values, &col("population"), real(pop));
            set(&mut values, &col("villages"), real(vil.floor()));
            set(&mut values, &col("area_km2"), real(area));
            set(&mut values, &col("calls"), real(calls.floor()));
            set(&mut values, &col("officers"), officers.to_string());
            let community = officers * community_pct / 100;
            set(&mut values, &col("community_officers"), community.to_string());
            set(&mut values, &col("auxiliaries"), auxiliaries.to_string());
            officers_at[COUNTY_OF[i]] += officers;
        }
        for (i, (extra, hq_pct)) in co.into_iter().enumerate() {
            let col = |c: &'static str| move |p: &Place| matches!(p, Place::County(j, x) if *j == i && *x == c);
            let force = officers_at[i] + extra;
            set(&mut values, &col("officers_total"), force.to_string());
            set(&mut values, &col("hq_min"), (extra * hq_pct / 100).to_string());
        }
        Case {
            values,
            station_scope: scope,
        }
    })
}

/// An ordinary province with up to four inputs set to extremes (or to
/// ordinary values where the default would be absent).
fn hostile() -> impl Strategy<Value = Case> {
    let n = slots().len();
    let overrides = prop::collection::vec(
        (
            0..n,
            0..REAL_EXTREMES.len(),
            0..COUNT_EXTREMES.len(),
            prop_oneof![3 => Just(true), 1 => Just(false)],
            0.0f64..3.0,
            0i64..50,
        ),
        0..=4,
    );
    (ordinary(), overrides).prop_map(|(mut case, overrides)| {
        let slots = slots();
        for (i, r, c, extreme, plain_real, plain_count) in overrides {
            case.values[i] = Some(match (slots[i].kind, extreme) {
                (Kind::Real, true) => real(REAL_EXTREMES[r]),
                (Kind::Count, true) => COUNT_EXTREMES[c].to_string(),
                (Kind::Real, false) => real(plain_real),
                (Kind::Count, false) => plain_count.to_string(),
            });
        }
        case
    })
}

/// Writes the case's scenario and data into `dir`; returns the scenario.
fn write(case: &Case, dir: &Path) -> PathBuf {
    let slots = slots();
    let value = |want: &dyn Fn(&Place) -> bool| {
        slots
            .iter()
            .position(|s| want(&s.place))
            .and_then(|i| case.values[i].clone())
    };
    let mut toml = String::from(
        "name = \"hostile\"\nstations = \"stations.csv\"\ncounties = \"counties.csv\"\n",
    );
    let tables = [
        "workload",
        "workload.residents_per_community_officer",
        "quotas",
        "stations",
        "auxiliaries",
        "moves",
        "force",
        "recruits",
    ];
    for table in tables {
        let mut lines = String::new();
        for &(t, k, _) in &SCENARIO_SLOTS {
            if t != table {
                continue;
            }
            if let Some(v) = value(&|p| matches!(p, Place::Scenario(a, b) if *a == t && *b == k)) {
                lines.push_str(&format!("{k} = {v}\n"));
            }
        }
        if table == "quotas" {
            let scope = if case.station_scope {
                "station"
            } else {
                "county"
            };
            lines.push_str(&format!("community_scope = \"{scope}\"\n"));
        }
        if !lines.is_empty() || table.starts_with("workload") {
            toml.push_str(&format!("\n[{table}]\n{lines}"));
        }
    }
    let mut stations = String::from("station_id,county_id,name,kind,population,villages,area_km2,calls,officers,community_officers,auxiliaries,min_officers,max_officers,locked,duty_posts,max_moves\n");
    for (i, county) in COUNTY_OF.iter().enumerate() {
        let cell = |c: &'static str| {
            value(&|p| matches!(p, Place::Station(j, x) if *j == i && *x == c)).unwrap_or_default()
        };
        let kind = if i == 1 { "rural" } else { "urban" };
        stations.push_str(&format!(
            "S{},C{},Station {},{kind},{},{},{},{},{},{},{},{},{},,{},{}\n",
            i + 1,
            county + 1,
            i + 1,
            cell("population"),
            cell("villages"),
            cell("area_km2"),
            cell("calls"),
            cell("officers"),
            cell("community_officers"),
            cell("auxiliaries"),
            cell("min_officers"),
            cell("max_officers"),
            cell("duty_posts"),
            cell("max_moves"),
        ));
    }
    let mut counties = String::from("county_id,name,officers_total,hq_min,max_moves\n");
    for i in 0..COUNTIES {
        let cell = |c: &'static str| {
            value(&|p| matches!(p, Place::County(j, x) if *j == i && *x == c)).unwrap_or_default()
        };
        counties.push_str(&format!(
            "C{},County {},{},{},{}\n",
            i + 1,
            i + 1,
            cell("officers_total"),
            cell("hq_min"),
            cell("max_moves")
        ));
    }
    std::fs::write(dir.join("scenario.toml"), toml).unwrap();
    std::fs::write(dir.join("stations.csv"), stations).unwrap();
    std::fs::write(dir.join("counties.csv"), counties).unwrap();
    dir.join("scenario.toml")
}

/// Whether a refusal names what is wrong: a scenario key, or a cell (file,
/// row and column), or the station or county whose values combine badly.
fn names_the_problem(stderr: &str) -> bool {
    let key = SCENARIO_SLOTS
        .iter()
        .any(|(t, k, _)| stderr.contains(&format!("`{}.{k}`", t)));
    let cell = stderr.contains(", row ") && stderr.contains("column `");
    let place = stderr.contains("station `") || stderr.contains("county C");
    key || cell || place
}

/// Runs `staffing solve` under [`LIMIT`]; returns (exit code, stderr), or
/// fails the case if the limit passes (the process is killed).
fn solve_with_limit(scenario: &Path, out: &Path) -> Result<(i32, String), TestCaseError> {
    let dir = scenario.parent().unwrap();
    let stderr_path = dir.join("stderr.txt");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("staffing"))
        .arg("solve")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .args(["--charts", "none"])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > LIMIT {
            child.kill().unwrap();
            child.wait().unwrap();
            return Err(TestCaseError::fail(format!(
                "solve ran past {LIMIT:?} and was killed"
            )));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    // A signal (abort, kill) leaves no code.
    let code = status.code().unwrap_or(-1);
    Ok((code, stderr))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, max_shrink_time: SHRINK_MS, ..ProptestConfig::default() })]

    #[test]
    fn the_binary_ends_with_a_checked_plan_an_explanation_or_a_named_refusal(case in hostile()) {
        let dir = tempfile::tempdir().unwrap();
        let scenario = write(&case, dir.path());
        let out = dir.path().join("plan");
        let (code, stderr) = solve_with_limit(&scenario, &out)?;
        prop_assert!(!stderr.contains("panicked"), "panic: {stderr}");
        match code {
            0 => {
                let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
                let json: serde_json::Value = serde_json::from_str(&summary).unwrap();
                prop_assert_eq!(json["status"].as_str(), Some("optimal"));
                prop_assert!(out.join("allocation.csv").exists());
            }
            1 => prop_assert!(stderr.contains("no plan") || stderr.contains("too few"), "{stderr}"),
            2 => prop_assert!(names_the_problem(&stderr), "refusal names nothing: {stderr}"),
            _ => prop_assert!(false, "exit code {code}: {stderr}"),
        }
    }
}

/// What the library says about a case, computed in a thread under
/// [`LIMIT`].
#[derive(Debug)]
enum Outcome {
    Refused(String),
    Infeasible,
    Planned,
    Unverified(String),
}

fn library_outcome(scenario: PathBuf) -> Outcome {
    use staffing::pipeline::{self, Engine, SolveError};
    let loaded = match pipeline::load(&scenario) {
        Ok(l) => l,
        Err(e) => return Outcome::Refused(e.to_string()),
    };
    let result = pipeline::solve(&loaded, Engine::Exact).map(|_| ());
    match result {
        Ok(()) => Outcome::Planned,
        Err(SolveError::Infeasible(_)) => Outcome::Infeasible,
        Err(SolveError::Lever(e)) if e.is_infeasible() => Outcome::Infeasible,
        Err(SolveError::Lever(e)) => Outcome::Refused(e.to_string()),
        Err(e) => Outcome::Unverified(e.to_string()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, max_shrink_time: SHRINK_MS, ..ProptestConfig::default() })]

    #[test]
    fn the_library_ends_with_a_checked_plan_an_explanation_or_a_named_refusal(case in hostile()) {
        let dir = tempfile::tempdir().unwrap();
        let scenario = write(&case, dir.path());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(library_outcome(scenario));
        });
        match rx.recv_timeout(LIMIT) {
            Ok(Outcome::Refused(message)) => {
                prop_assert!(names_the_problem(&message), "refusal names nothing: {message}")
            }
            Ok(Outcome::Infeasible | Outcome::Planned) => {}
            Ok(Outcome::Unverified(message)) => prop_assert!(false, "{message}"),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                prop_assert!(false, "load → solve → check ran past {LIMIT:?}")
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => prop_assert!(false, "the solve panicked"),
        }
    }
}

/// Reals for the solver's own loops, unvalidated: ordinary values mixed
/// with every extreme.
fn any_real() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => 0.1f64..5000.0,
        2 => prop::sample::select(REAL_EXTREMES.to_vec()),
        1 => prop::sample::select(vec![f64::MIN_POSITIVE, 1e-200, 1e200, 3e9]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        max_shrink_time: SHRINK_MS,
        max_global_rejects: 1_000_000,
        ..ProptestConfig::default()
    })]

    /// The solver's loops are bounded for any finite requirements, even ones
    /// the loader would refuse (a library caller may skip it): both phases,
    /// the marginal analysis and the recruits search end, without a panic.
    /// The plan may be meaningless; the input layer is what keeps it right.
    #[test]
    fn solver_loops_end_for_any_finite_requirement(
        rates in prop::collection::vec(any_real(), 8),
        reals in prop::collection::vec(any_real(), 9),
        officers in prop::collection::vec(0i64..40, 3),
        shares in (0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0, any::<bool>()),
    ) {
        use crate::support::{province, simple_params};
        use staffing::domain::CommunityScope;
        let mut params = simple_params(20);
        params.workload.hours_per_call = rates[0];
        // Divisors stay positive, so every requirement is a finite number
        // or an overflow to infinity, never a division by zero.
        params.workload.officer_hours_per_year = rates[1].max(5e-324);
        params.workload.reactive_share = rates[2].clamp(5e-324, 1.0);
        params.workload.call_growth = rates[3];
        params.workload.divert_share = shares.0;
        for norm in params.workload.residents_per_community_officer.values_mut() {
            *norm = rates[4].max(5e-324);
        }
        params.auxiliaries.per_village = rates[5];
        params.auxiliaries.duty_factor = shares.1;
        params.quotas.community_share = shares.2.min(0.9);
        if shares.3 {
            params.quotas.community_scope = CommunityScope::Station;
        }
        let s = |i: usize| (reals[3 * i], reals[3 * i + 1], reals[3 * i + 2], officers[i], officers[i] / 3, 2);
        let p = province(&[(60, 5, vec![s(0), s(1)]), (40, 4, vec![s(2)])]);
        // The solver's loops see requirements: any finite ones, from
        // subnormal to 1e308 (the input layer keeps them far narrower).
        let reqs = staffing::model::requirement::requirements(&p, &params);
        prop_assume!(reqs
            .iter()
            .all(|r| [r.duty, r.community, r.villages, r.duty_credit]
                .iter()
                .all(|v| v.is_finite())));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            if let Ok(plan) = staffing::model::solve_with(&p, &params, &reqs) {
                staffing::model::marginal::officer_marginals(&p, &reqs, &params);
                staffing::model::marginal::auxiliary_marginals(&p, &reqs, &params, &plan);
            }
            let _ = staffing::model::recruits::allocate(&p, &reqs, &params, 1000);
            let _ = tx.send(());
        });
        match rx.recv_timeout(LIMIT) {
            Ok(()) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => prop_assert!(false, "the solver ran past {LIMIT:?}"),
            Err(mpsc::RecvTimeoutError::Disconnected) => prop_assert!(false, "the solver panicked"),
        }
    }
}

/// A copy of the corpus's valid province in a fresh folder, with `edit`
/// applied to (scenario, stations, counties).
fn valid_case(edit: impl Fn(&mut String, &mut String, &mut String)) -> tempfile::TempDir {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input/_valid");
    let read = |f: &str| std::fs::read_to_string(base.join(f)).unwrap();
    let (mut sc, mut st, mut co) = (
        read("scenario.toml"),
        read("stations.csv"),
        read("counties.csv"),
    );
    edit(&mut sc, &mut st, &mut co);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scenario.toml"), sc).unwrap();
    std::fs::write(dir.path().join("stations.csv"), st).unwrap();
    std::fs::write(dir.path().join("counties.csv"), co).unwrap();
    dir
}

/// Regression: at 10⁹ officers the solver's rounding tolerance was wider
/// than one officer, so it posted 400,000,000 where the 40.00000001% rule
/// needs 400,000,000.1 and its own checker refused the plan (exit 3); and
/// moving 4·10⁸ officers one at a time took seconds.
#[test]
fn a_billion_officer_county_rounds_its_share_up() {
    let dir = valid_case(|sc, _, co| {
        *sc = sc.replace(
            "reactive_share = 0.5",
            "reactive_share = 0.5\n\n[quotas]\nstation_share = 0.4000000001",
        );
        *co = co.replace("C1,城关县公安局,40,5", "C1,城关县公安局,1000000000,0");
    });
    let out = dir.path().join("plan");
    let (code, stderr) = solve_with_limit(&dir.path().join("scenario.toml"), &out).unwrap();
    assert_eq!(code, 0, "{stderr}");
    let counties = std::fs::read_to_string(out.join("counties.csv")).unwrap();
    let c1 = counties.lines().find(|l| l.starts_with("C1,")).unwrap();
    let cells: Vec<&str> = c1.split(',').collect();
    // station_officers_after: ⌈0.4000000001 × 10⁹⌉ = 400,000,001.
    assert_eq!(cells[5], "400000001", "{c1}");
}

/// Regression: "the 56.00000000000001% station-share rule" and "adding 1
/// officers". The data is Chinese, so is the explanation (its English is
/// the library's `Display`, held word for word by the command line's
/// tests).
#[test]
fn infeasibility_reads_as_a_person_writes() {
    let dir = valid_case(|sc, _, co| {
        *sc = sc.replace(
            "reactive_share = 0.5",
            "reactive_share = 0.5\n\n[quotas]\nstation_share = 0.56",
        );
        *co = co.replace("C1,城关县公安局,40,5", "C1,城关县公安局,40,18");
    });
    let out = dir.path().join("plan");
    let (code, stderr) = solve_with_limit(&dir.path().join("scenario.toml"), &out).unwrap();
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("派出所警力占比不低于 56% 的规定要求派出所民警至少 23 人"),
        "{stderr}"
    );
    assert!(stderr.contains("或给该县局增加警力 1 人"), "{stderr}");
    assert!(!stderr.contains("56.0000"), "{stderr}");
}

/// Regression: two stations with 9.2·10¹⁸ auxiliaries wrapped to −1365 and
/// the checker, wrapping the same way, passed a plan that broke the budget.
/// Its sums are checked now: a figure that would wrap is a violation.
#[test]
fn the_checker_never_passes_a_plan_whose_sums_wrap() {
    use crate::support::{province, simple_params};
    let p = province(&[(
        40,
        5,
        vec![
            (900.0, 20_000.0, 3.0, 10, 4, 6),
            (200.0, 8000.0, 9.0, 5, 2, 4),
        ],
    )]);
    let params = simple_params(10);
    let mut plan = staffing::model::solve(&p, &params).unwrap();
    assert!(staffing::check::check_plan(&p, &params, &plan).is_empty());
    for s in &mut plan.stations {
        s.auxiliaries = 9_223_372_036_854_775_000;
    }
    let violations = staffing::check::check_plan(&p, &params, &plan);
    assert!(
        violations.iter().any(|v| v.rule == "auxiliary budget"),
        "{violations:?}"
    );
    plan.stations[0].officers = i64::MAX;
    plan.stations[1].officers = i64::MAX;
    let violations = staffing::check::check_plan(&p, &params, &plan);
    assert!(
        violations.iter().any(|v| v.rule == "county totals"),
        "{violations:?}"
    );
}
