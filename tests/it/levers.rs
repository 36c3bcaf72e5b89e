//! The levers against the monolithic MILP on tiny random provinces, and
//! hand-checked cases for each lever and explanation.

use std::collections::BTreeMap;

use staffing::check::check_plan;
use staffing::domain::{
    Auxiliaries, CallCategory, CommunityScope, County, Levers, Params, Province, Quotas, Station,
    StationLevers, Workload,
};
use staffing::model::{self, merge, milp, requirement};
use staffing::plan::{Infeasibility, Plan};

/// A small deterministic generator (no dependence on the test order).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

fn params() -> Params {
    let mut norms = BTreeMap::new();
    norms.insert("urban".to_string(), 5000.0);
    norms.insert("rural".to_string(), 3000.0);
    Params {
        workload: Workload {
            hours_per_call: 1.5,
            officer_hours_per_year: 1800.0,
            reactive_share: 0.5,
            call_growth: 1.0,
            divert_share: 0.0,
            residents_per_community_officer: norms,
            categories: BTreeMap::new(),
            service: None,
        },
        quotas: Quotas {
            station_share: 0.4,
            community_share: 0.4,
            community_scope: CommunityScope::County,
        },
        min_officers: 2,
        auxiliaries: Auxiliaries {
            total: 10,
            budget_scope: staffing::domain::BudgetScope::Province,
            per_village: 1.0,
            duty_factor: 0.0,
        },
        levers: Levers::default(),
        strength: Default::default(),
    }
}

fn station(id: &str, county: usize, calls: f64, population: f64, officers: i64) -> Station {
    Station {
        id: id.into(),
        county,
        name: format!("{id}派出所"),
        kind: "rural".into(),
        population,
        villages: 3.0,
        area_km2: 100.0,
        calls,
        officers,
        community_officers: officers / 2,
        auxiliaries: 2,
        min_officers: None,
        levers: StationLevers::default(),
        strength: Default::default(),
    }
}

fn province(stations: Vec<Station>, counties: Vec<(i64, i64)>) -> Province {
    let mut cs: Vec<County> = counties
        .iter()
        .enumerate()
        .map(|(i, &(total, hq_min))| County {
            id: format!("C{i}"),
            name: format!("县{i}"),
            officers_total: total,
            hq_min,
            stations: Vec::new(),
            max_moves: None,
            seconded_away: 0,
            auxiliary_budget: None,
        })
        .collect();
    for (i, s) in stations.iter().enumerate() {
        cs[s.county].stations.push(i);
    }
    Province {
        counties: cs,
        stations,
        ..Default::default()
    }
}

/// A random tiny province with random levers switched on.
fn random_case(seed: u64) -> (Province, Params) {
    let mut r = Rng(seed);
    let mut p = params();
    let n_counties = r.range(1, 2) as usize;
    let n = r.range(n_counties as i64 + 1, 6) as usize;
    let categories = r.chance(30);
    if categories {
        p.workload.divert_share = 0.2;
        p.workload.categories.insert(
            "criminal".into(),
            CallCategory {
                hours_per_call: 3.0,
                officers_per_call: 2.0,
                divertible: false,
            },
        );
        p.workload.categories.insert(
            "nonpolice".into(),
            CallCategory {
                hours_per_call: 0.5,
                officers_per_call: 1.0,
                divertible: true,
            },
        );
    }
    if r.chance(30) {
        p.levers.duty_posts = 1.0;
    }
    if r.chance(30) {
        p.levers.max_moves_per_station = Some(r.range(0, 4));
    }
    if r.chance(30) {
        p.auxiliaries.duty_factor = 0.5;
    }
    if r.chance(30) {
        p.quotas.community_scope = CommunityScope::Station;
    }
    let mut stations = Vec::new();
    for i in 0..n {
        let county = if i < n_counties {
            i
        } else {
            r.range(0, n_counties as i64 - 1) as usize
        };
        let mut s = station(
            &format!("S{i}"),
            county,
            r.range(0, 2500) as f64,
            r.range(0, 30000) as f64,
            r.range(2, 12),
        );
        s.community_officers = r.range(0, s.officers);
        s.villages = r.range(0, 6) as f64;
        s.auxiliaries = r.range(0, 5);
        if categories {
            let c = r.range(0, s.calls as i64) as f64;
            let rest = s.calls - c;
            s.levers.calls_by_category.insert("criminal".into(), c);
            s.levers
                .calls_by_category
                .insert("nonpolice".into(), r.range(0, rest as i64) as f64);
        }
        if r.chance(25) {
            s.levers.max_officers = Some(r.range(3, 14));
        }
        if r.chance(15) {
            s.levers.locked = true;
        }
        if r.chance(15) {
            s.levers.max_moves = Some(r.range(0, 3));
        }
        if r.chance(15) {
            s.levers.duty_posts = Some(r.range(0, 2) as f64);
        }
        stations.push(s);
    }
    let mut counties = Vec::new();
    for c in 0..n_counties {
        let today: i64 = stations
            .iter()
            .filter(|s| s.county == c)
            .map(|s| s.officers)
            .sum();
        let total = today + r.range(5, 40);
        counties.push((total, r.range(0, total - today)));
    }
    let mut prov = province(stations, counties);
    for c in &mut prov.counties {
        if r.chance(30) {
            c.max_moves = Some(r.range(0, 8));
        }
    }
    let aux_today: i64 = prov.stations.iter().map(|s| s.auxiliaries).sum();
    p.auxiliaries.total = aux_today + r.range(-3, 6);
    p.auxiliaries.total = p.auxiliaries.total.max(0);
    (prov, p)
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn exact_solver_with_levers_matches_the_monolithic_milp() {
    // More cases on demand: STAFFING_LEVER_SEEDS=5000 cargo test --release --test levers
    let seeds: u64 = std::env::var("STAFFING_LEVER_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let (mut feasible, mut infeasible) = (0, 0);
    for seed in 1..=seeds {
        let (prov, p) = random_case(seed);
        let exact = model::solve(&prov, &p);
        let mip = milp::solve(&prov, &p, milp::MilpOptions::default());
        match (exact, mip) {
            (Ok(e), Ok(m)) => {
                feasible += 1;
                assert!(
                    close(e.balance_level, m.balance_level),
                    "seed {seed}: level {:?} vs MILP {:?}",
                    e.balance_level,
                    m.balance_level
                );
                assert_eq!(e.officers_moved, m.officers_moved, "seed {seed}: moves");
                assert!(close(e.auxiliary_balance_level, m.auxiliary_balance_level));
                assert_eq!(e.auxiliaries_changed, m.auxiliaries_changed, "seed {seed}");
                let v = check_plan(&prov, &p, &e);
                assert!(v.is_empty(), "seed {seed}: {v:?}");
            }
            (Err(reasons), Err(milp::MilpError::Infeasible)) => {
                infeasible += 1;
                assert!(!reasons.is_empty());
            }
            (e, m) => panic!(
                "seed {seed}: exact {:?} but MILP {:?}",
                e.map(|p| p.balance_level),
                m.map(|p| p.balance_level)
            ),
        }
    }
    // The generator must exercise both outcomes.
    assert!(
        feasible >= 100 && infeasible >= 10,
        "{feasible} / {infeasible}"
    );
}

fn two_station_county() -> (Province, Params) {
    let a = station("A", 0, 1200.0, 9000.0, 6);
    let b = station("B", 0, 300.0, 3000.0, 8);
    (province(vec![a, b], vec![(40, 10)]), params())
}

#[test]
fn duty_posts_raise_the_station_minimum() {
    let (mut prov, mut p) = two_station_county();
    p.levers.duty_posts = 1.0;
    // ⌈1 × 8760 ÷ 1800⌉ = ⌈4.87⌉ = 5.
    let reqs = requirement::requirements(&prov, &p);
    assert_eq!(reqs[0].min_officers, 5);
    prov.stations[1].levers.duty_posts = Some(2.0);
    let reqs = requirement::requirements(&prov, &p);
    assert_eq!(reqs[1].min_officers, 10);
    let plan = model::solve(&prov, &p).unwrap();
    assert!(plan.stations[1].officers >= 10);
}

#[test]
fn categories_change_duty_and_no_categories_change_nothing() {
    let (mut prov, mut p) = two_station_county();
    let base = requirement::requirements(&prov, &p)[0].duty;
    // 1200 × 1.5 ÷ 900 = 2.
    assert!((base - 2.0).abs() < 1e-12);
    p.workload.divert_share = 0.5;
    p.workload.categories.insert(
        "criminal".into(),
        CallCategory {
            hours_per_call: 4.5,
            officers_per_call: 2.0,
            divertible: false,
        },
    );
    prov.stations[0]
        .levers
        .calls_by_category
        .insert("criminal".into(), 200.0);
    // 200 × 4.5 × 2 + 1000 × 0.5 × 1.5 = 1800 + 750 = 2550 hours ÷ 900.
    let d = requirement::requirements(&prov, &p)[0].duty;
    assert!((d - 2550.0 / 900.0).abs() < 1e-12, "{d}");
}

#[test]
fn locked_and_capped_stations_hold() {
    let (mut prov, p) = two_station_county();
    prov.stations[1].levers.locked = true;
    prov.stations[0].levers.max_officers = Some(9);
    let plan = model::solve(&prov, &p).unwrap();
    assert_eq!(plan.stations[1].officers, 8);
    assert!(plan.stations[0].officers <= 9);
    assert!(check_plan(&prov, &p, &plan).is_empty());
}

#[test]
fn a_county_move_cap_bounds_the_moves_and_can_lower_the_level() {
    let (mut prov, p) = two_station_county();
    let free = model::solve(&prov, &p).unwrap();
    assert!(free.officers_moved > 2, "{}", free.officers_moved);
    prov.counties[0].max_moves = Some(2);
    let capped = model::solve(&prov, &p).unwrap();
    assert!(capped.officers_moved <= 2);
    assert!(capped.balance_level.unwrap() < free.balance_level.unwrap());
    assert!(check_plan(&prov, &p, &capped).is_empty());
    let mip = milp::solve(&prov, &p, milp::MilpOptions::default()).unwrap();
    assert!(close(capped.balance_level, mip.balance_level));
}

fn reasons(prov: &Province, p: &Params) -> Vec<String> {
    model::solve(prov, p)
        .unwrap_err()
        .iter()
        .map(Infeasibility::to_string)
        .collect()
}

#[test]
fn infeasibility_names_the_lever_and_the_smallest_fix() {
    let (mut prov, mut p) = two_station_county();
    prov.stations[0].levers.locked = true;
    prov.stations[0].min_officers = Some(7);
    let r = reasons(&prov, &p);
    assert!(
        r[0].contains("locked at its 6 officers") && r[0].contains("lower the minimum to 6"),
        "{r:?}"
    );

    let (mut prov, _) = two_station_county();
    p.levers.duty_posts = 3.0; // ⌈3 × 8760 ÷ 1800⌉ = 15
    prov.stations[1].levers.max_officers = Some(12);
    let r = reasons(&prov, &p);
    assert!(
        r[0].contains("24-hour duty posts need 15") && r[0].contains("raise max_officers by 3"),
        "{r:?}"
    );

    let (mut prov, p) = two_station_county();
    prov.stations[0].levers.max_officers = Some(6);
    prov.stations[1].levers.max_officers = Some(8);
    // 40% of 40 = 16 station officers, buildings hold 14.
    let r = reasons(&prov, &p);
    assert!(
        r[0].contains("needs at least 16")
            && r[0].contains("allow only 14")
            && r[0].contains("by 2"),
        "{r:?}"
    );

    let (mut prov, mut p) = two_station_county();
    p.min_officers = 9; // A needs +3 and B +1 at level 0: 4 moves from HQ.
    prov.counties[0].max_moves = Some(2);
    let r = reasons(&prov, &p);
    assert!(
        r[0].contains("needs 4 officers moved") && r[0].contains("move cap is 2"),
        "{r:?}"
    );
}

#[test]
fn one_more_officer_is_worth_what_a_full_solve_says() {
    let (prov, p) = random_case(7);
    let Ok(plan) = model::solve(&prov, &p) else {
        return;
    };
    let reqs = requirement::requirements(&prov, &p);
    let marg = model::marginal::officer_marginals(&prov, &reqs, &p);
    for m in marg {
        let mut more = prov.clone();
        more.counties[m.county].officers_total += 1;
        let again: Plan = model::solve(&more, &p).unwrap();
        let expect = again.balance_level.unwrap_or(f64::INFINITY);
        assert!(
            (expect - m.province_plus).abs() < 1e-9,
            "{expect} vs {}",
            m.province_plus
        );
        assert!(m.province_plus >= plan.balance_level.unwrap_or(f64::INFINITY) - 1e-12);
    }
}

#[test]
fn mergers_pool_demand_and_match_the_milp() {
    let a = station("A", 0, 1200.0, 9000.0, 6);
    let b = station("B", 0, 300.0, 3000.0, 8);
    let c = station("C", 0, 100.0, 1000.0, 3);
    let prov = province(vec![a, b, c], vec![(40, 10)]);
    let p = params();
    let merged = merge::apply(
        &prov,
        &[merge::MergeGroup {
            lead: "A".into(),
            members: vec!["C".into()],
        }],
    )
    .unwrap();
    assert_eq!(merged.stations.len(), 2);
    assert_eq!(merged.stations[0].officers, 9);
    assert_eq!(merged.stations[0].calls, 1300.0);
    assert_eq!(merged.counties[0].stations, vec![0, 1]);
    let e = model::solve(&merged, &p).unwrap();
    let m = milp::solve(&merged, &p, milp::MilpOptions::default()).unwrap();
    assert!(close(e.balance_level, m.balance_level));
    assert_eq!(e.officers_moved, m.officers_moved);
    let bad = merge::apply(
        &prov,
        &[merge::MergeGroup {
            lead: "A".into(),
            members: vec!["Z".into()],
        }],
    );
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("`Z` is not a station"));
}

fn cell_text(c: &staffing::report::csv::Cell) -> String {
    c.render()
}

#[test]
fn transfer_lists_turn_today_into_the_plan_with_the_plans_moves() {
    use staffing::report::explain;
    let loaded =
        staffing::pipeline::load(std::path::Path::new("tests/fixtures/small/scenario.toml"))
            .unwrap();
    let solution = staffing::pipeline::solve(&loaded, staffing::pipeline::Engine::Exact).unwrap();
    let explanations = solution.explain(None);
    let plan = &solution.outcome.plan;
    let table = explain::transfers(&solution.outcome, &explanations);
    let prov = &loaded.province;
    let mut officers: Vec<i64> = prov.stations.iter().map(|s| s.officers).collect();
    let mut hq: Vec<i64> = prov
        .counties
        .iter()
        .map(|c| c.officers_total - c.station_officers_today(&prov.stations))
        .collect();
    let mut moved = vec![0i64; prov.counties.len()];
    for row in &table.rows {
        let county = prov
            .counties
            .iter()
            .position(|c| c.id == cell_text(&row[0]))
            .unwrap();
        let n: i64 = cell_text(&row[2]).parse().unwrap();
        assert!(n > 0);
        moved[county] += n;
        for (id, sign) in [(cell_text(&row[3]), -1), (cell_text(&row[5]), 1)] {
            if id == "HQ" {
                hq[county] += sign * n;
            } else {
                let s = prov.stations.iter().position(|s| s.id == id).unwrap();
                assert_eq!(prov.stations[s].county, county, "moves stay in the county");
                officers[s] += sign * n;
            }
        }
        // Chinese names travel with the ids.
        assert!(
            cell_text(&row[4]).contains("派出所")
                || cell_text(&row[4]).contains("HQ")
                || cell_text(&row[4]).starts_with("Station")
        );
    }
    let planned: Vec<i64> = plan.stations.iter().map(|p| p.officers).collect();
    assert_eq!(officers, planned);
    for (c, cp) in plan.counties.iter().enumerate() {
        assert_eq!(hq[c], cp.hq_officers);
        assert_eq!(moved[c], cp.officers_moved, "county {c}");
    }
}

#[test]
fn scenario_levers_are_read_and_checked() {
    let loaded =
        staffing::pipeline::load(std::path::Path::new("scenarios/levers-controls.toml")).unwrap();
    let s2 = loaded
        .province
        .stations
        .iter()
        .find(|s| s.id == "S00002")
        .unwrap();
    assert!(s2.levers.locked);
    assert_eq!(loaded.params.levers.max_moves_per_county, Some(40));
    assert_eq!(loaded.params.levers.max_moves_per_station, Some(8));
    assert!(loaded.province.stations[0].levers.max_officers.is_some());
    assert_eq!(loaded.province.counties[0].max_moves, Some(15));
    let plan = staffing::pipeline::solve(&loaded, staffing::pipeline::Engine::Exact)
        .unwrap()
        .outcome
        .plan;
    assert_eq!(plan.stations[1].officers, s2.officers);

    let cats =
        staffing::pipeline::load(std::path::Path::new("scenarios/levers-categories.toml")).unwrap();
    assert_eq!(cats.params.workload.categories.len(), 4);
    assert!(!cats.params.workload.categories["criminal"].divertible);

    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/levers-categories.toml")
        .unwrap()
        .replace(
            "data/",
            &format!("{}/scenarios/data/", env!("CARGO_MANIFEST_DIR")),
        )
        .replace(
            "[workload.categories.traffic]",
            "[workload.categories.cyber]",
        );
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).unwrap();
    let e = staffing::pipeline::load(&path).unwrap_err().to_string();
    assert!(e.contains("calls_cyber"), "{e}");

    let text = std::fs::read_to_string("scenarios/levers-controls.toml")
        .unwrap()
        .replace(
            "data/",
            &format!("{}/scenarios/data/", env!("CARGO_MANIFEST_DIR")),
        )
        .replace("\"S00003\"", "\"S99999\"");
    std::fs::write(&path, text).unwrap();
    let e = staffing::pipeline::load(&path).unwrap_err().to_string();
    assert!(e.contains("S99999") && e.contains("stations.locked"), "{e}");
}

#[test]
fn compliance_flags_the_counties_that_break_a_rule_today() {
    use staffing::report::explain;
    let loaded =
        staffing::pipeline::load(std::path::Path::new("tests/fixtures/small/scenario.toml"))
            .unwrap();
    let solution = staffing::pipeline::solve(&loaded, staffing::pipeline::Engine::Exact).unwrap();
    let explanations = solution.explain(None);
    let table = explain::compliance(&solution.outcome, &explanations);
    let col = |name: &str| table.header.iter().position(|h| *h == name).unwrap();
    for (row, c) in table.rows.iter().zip(&loaded.province.counties) {
        let x0 = c.station_officers_today(&loaded.province.stations) as f64;
        let share_ok = x0 >= 0.4 * c.officers_total as f64 - 1e-9;
        let villages_ok = c.stations.iter().all(|&s| {
            let st = &loaded.province.stations[s];
            st.auxiliaries as f64 >= st.villages - 1e-9
        });
        assert_eq!(
            cell_text(&row[col("station_rule_before")]) == "yes",
            share_ok
        );
        assert_eq!(
            cell_text(&row[col("village_rule_before")]) == "yes",
            villages_ok
        );
        if !share_ok || !villages_ok {
            assert_eq!(cell_text(&row[col("breaks_a_rule_today")]), "yes");
        }
        // The plan always meets the 两个40% rule.
        assert_eq!(cell_text(&row[col("station_rule_after")]), "yes");
        assert_eq!(cell_text(&row[col("community_rule_after")]), "yes");
    }
}

#[test]
fn the_checker_catches_broken_levers() {
    let (mut prov, mut p) = two_station_county();
    prov.stations[1].levers.locked = true;
    prov.stations[0].levers.max_officers = Some(12);
    prov.counties[0].max_moves = Some(6);
    p.levers.duty_posts = 1.0;
    let plan = model::solve(&prov, &p).unwrap();
    assert!(check_plan(&prov, &p, &plan).is_empty());
    let rules = |plan: &Plan| -> Vec<&'static str> {
        check_plan(&prov, &p, plan).iter().map(|v| v.rule).collect()
    };
    let mut bad = plan.clone();
    bad.stations[1].officers += 1;
    assert!(rules(&bad).contains(&"locked station"));
    let mut bad = plan.clone();
    bad.stations[0].officers = 13;
    assert!(rules(&bad).contains(&"building capacity"));
    let mut bad = plan.clone();
    bad.stations[0].officers = 4;
    bad.stations[0].community_officers = 0;
    assert!(rules(&bad).contains(&"24-hour duty minimum"));
    let mut bad = plan.clone();
    bad.stations[0].officers = 6 + 7;
    assert!(rules(&bad).contains(&"county move cap"));
}

#[test]
fn one_more_auxiliary_post_matches_a_larger_budget_where_it_can_serve() {
    use staffing::model::auxiliaries::max_auxiliary_level;
    let a = station("A", 0, 1200.0, 9000.0, 6);
    let b = station("B", 1, 300.0, 3000.0, 8);
    let mut prov = province(vec![a, b], vec![(40, 10), (40, 10)]);
    prov.stations[0].villages = 4.0;
    prov.stations[1].villages = 0.0;
    let mut p = params();
    p.auxiliaries.total = 3;
    let plan = model::solve(&prov, &p).unwrap();
    let reqs = requirement::requirements(&prov, &p);
    let m = model::marginal::auxiliary_marginals(&prov, &reqs, &p, &plan);
    // County 0 holds every village: one more post there is one more post in
    // the budget, 4/4 = 1.0 instead of 3/4.
    assert_eq!(plan.auxiliary_balance_level, Some(0.75));
    assert_eq!(m[0].province_plus, max_auxiliary_level(&reqs, 4));
    assert_eq!(m[0].province_plus, Some(1.0));
    assert_eq!(m[0].station, Some(0));
    // County 1 has no villages: a post there changes nothing.
    assert_eq!(m[1].province_plus, Some(0.75));
    assert_eq!(m[1].station, None);
}

#[test]
fn the_limit_of_a_county_is_named() {
    use staffing::model::marginal::{county_limit, CountyLimit, StationLimit};
    let limit = |prov: &Province, p: &Params| {
        let plan = model::solve(prov, p).unwrap();
        let reqs = requirement::requirements(prov, p);
        county_limit(&prov.counties[0], &reqs, p, plan.balance_level.unwrap())
    };
    let (mut prov, p) = two_station_county();
    assert_eq!(limit(&prov, &p), CountyLimit::Force);
    prov.counties[0].max_moves = Some(2);
    assert_eq!(limit(&prov, &p), CountyLimit::MoveCap);
    let (mut prov, p) = two_station_county();
    prov.stations[0].levers.locked = true;
    assert_eq!(
        limit(&prov, &p),
        CountyLimit::Station(0, StationLimit::Locked)
    );
    let (mut prov, p) = two_station_county();
    prov.stations[0].levers.max_officers = Some(7);
    assert_eq!(
        limit(&prov, &p),
        CountyLimit::Station(0, StationLimit::Capacity)
    );
}

#[test]
fn lever_keys_are_strict_and_validated() {
    use staffing::scenario::parse;
    use std::path::Path;
    let base = r#"
name = "t"
stations = "s.csv"
counties = "c.csv"
[workload]
hours_per_call = 1.5
officer_hours_per_year = 1800
reactive_share = 0.5
[workload.residents_per_community_officer]
rural = 3000
[workload.categories.criminal]
hours_per_call = 4
officers_per_call = 2
divertible = false
[stations]
duty_posts = 1
locked = ["S1"]
[moves]
per_county = 10
per_station = 3
[auxiliaries]
duty_factor = 0.25
[[mergers]]
lead = "S1"
members = ["S2"]
"#;
    let s = parse(base, Path::new("t.toml")).unwrap();
    assert_eq!(s.levers.duty_posts, 1.0);
    assert_eq!(s.levers.max_moves_per_county, Some(10));
    assert_eq!(s.levers.max_moves_per_station, Some(3));
    assert_eq!(s.locked, vec!["S1".to_string()]);
    assert_eq!(s.aux_duty_factor, 0.25);
    assert_eq!(s.mergers[0].members, vec!["S2".to_string()]);
    assert_eq!(s.workload.categories["criminal"].officers_per_call, 2.0);

    let err = |text: String| parse(&text, Path::new("t.toml")).unwrap_err().to_string();
    let e = err(base.replace("officers_per_call = 2", "officer_per_call = 2"));
    assert!(e.contains("officer_per_call"), "{e}");
    let e = err(base.replace("duty_factor = 0.25", "duty_factor = 1.5"));
    assert!(
        e.contains("auxiliaries.duty_factor") && e.contains("1.5"),
        "{e}"
    );
    let e = err(base.replace("per_county = 10", "per_county = -1"));
    assert!(e.contains("moves.per_county"), "{e}");
    let e = err(base.replace("members = [\"S2\"]", "member = [\"S2\"]"));
    assert!(e.contains("member"), "{e}");
}
