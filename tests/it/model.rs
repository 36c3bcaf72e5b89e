//! The model on cases a person can check by hand, and on the shared
//! reference instances.

use std::path::Path;

use staffing::check::check_plan;
use staffing::domain::CommunityScope;
use staffing::model::solve;
use staffing::plan::{Dimension, Infeasibility};

use crate::support::{province, simple_params};

/// One county (force 20, hq_min 10) and two stations:
/// S1 needs D = 4 duty and C = 2 community officers, S2 needs D = 2, C = 1.
/// At t = 1 the floors are 6 and 3, and the county community share needs
/// X ≥ ⌈(4 + 2) ÷ 0.6⌉ = 10 = the cap; just above 1 every requirement steps
/// up, so t* = 1. HQ has 12 today and must give 2; S1 needs 3 more, so S2
/// gives 1: moves = ½(3 + 1 + 2) = 3. Auxiliaries: V = (3, 1) with a budget
/// of 3 give tₐ = 2/3, floors (2, 1); today (0, 2) so S2 gives one: 3 changes.
#[test]
fn hand_computed_county() {
    let p = province(&[(
        20,
        10,
        vec![
            (2000.0, 6000.0, 3.0, 3, 1, 0),
            (1000.0, 3000.0, 1.0, 5, 2, 2),
        ],
    )]);
    let params = simple_params(3);
    let plan = solve(&p, &params).unwrap();
    assert_eq!(plan.balance_level, Some(1.0));
    assert_eq!(plan.officers_moved, 3);
    let x: Vec<(i64, i64, i64)> = plan
        .stations
        .iter()
        .map(|s| (s.officers, s.community_officers, s.auxiliaries))
        .collect();
    assert_eq!(x, vec![(6, 2, 2), (4, 2, 1)]);
    assert_eq!(plan.counties[0].hq_officers, 10);
    assert!((plan.auxiliary_balance_level.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(plan.auxiliaries_changed, 3);
    let binding: Vec<(usize, Dimension)> = plan
        .binding
        .iter()
        .map(|b| (b.station, b.dimension))
        .collect();
    assert_eq!(
        binding,
        vec![
            (0, Dimension::Duty),
            (0, Dimension::Community),
            (1, Dimension::Duty),
            (1, Dimension::Community)
        ]
    );
    assert!(check_plan(&p, &params, &plan).is_empty());
}

/// Under station scope every station needs y ≥ 0.4·x, so d duty officers
/// need ⌈0.4·d ÷ 0.6⌉ community officers. At t = 1 S1 needs 4 + 3 and S2
/// 2 + 2: 11 > 10. At t = 0.75 S1 needs 3 + 2 and S2 2 + 2 = 9 ≤ 10, and just
/// above 0.75 S1's duty steps to 4 (and its community to 3): 11 again. So
/// t* = 0.75, and with HQ supplying, both stations end at 5 officers.
#[test]
fn station_scope_raises_community_floors() {
    let p = province(&[(
        20,
        10,
        vec![
            (2000.0, 6000.0, 3.0, 3, 1, 0),
            (1000.0, 3000.0, 1.0, 5, 2, 2),
        ],
    )]);
    let mut params = simple_params(3);
    params.quotas.community_scope = CommunityScope::Station;
    let plan = solve(&p, &params).unwrap();
    assert_eq!(plan.balance_level, Some(0.75));
    let x: Vec<(i64, i64)> = plan
        .stations
        .iter()
        .map(|s| (s.officers, s.community_officers))
        .collect();
    assert_eq!(x, vec![(5, 2), (5, 2)]);
    assert!(check_plan(&p, &params, &plan).is_empty());
}

/// A county whose HQ minimum leaves fewer officers than the 40% rule needs is
/// explained with the numbers and the smallest fixes.
#[test]
fn station_share_against_hq_min_is_explained() {
    let p = province(&[(100, 70, vec![(500.0, 3000.0, 1.0, 10, 4, 1)])]);
    let reasons = solve(&p, &simple_params(5)).unwrap_err();
    assert_eq!(reasons.len(), 1);
    match &reasons[0] {
        Infeasibility::StationShare {
            needed,
            available,
            force_increase,
            ..
        } => {
            assert_eq!((*needed, *available), (40, 30));
            // 30 + k ≥ ⌈0.4·(100 + k)⌉ first holds at k = 17.
            assert_eq!(*force_increase, Some(17));
        }
        other => panic!("unexpected {other:?}"),
    }
    let text = reasons[0].to_string();
    assert!(text.contains("county C1"), "{text}");
    assert!(
        text.contains("needs at least 40 station officers"),
        "{text}"
    );
    assert!(text.contains("leaves only 30"), "{text}");
    assert!(text.contains("from 70 to 60"), "{text}");
    assert!(text.contains("adding 17 officers"), "{text}");
}

/// Station minimums that exceed what the county can post are explained.
#[test]
fn station_minimums_beyond_the_force_are_explained() {
    let stations = vec![(100.0, 1000.0, 1.0, 2, 1, 0); 4];
    let p = province(&[(10, 3, stations)]);
    let reasons = solve(&p, &simple_params(4)).unwrap_err();
    let text: Vec<String> = reasons.iter().map(|r| r.to_string()).collect();
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(
        text[0].contains("station minimums need 8 officers"),
        "{text:?}"
    );
    assert!(text[0].contains("only 7"), "{text:?}");
}

/// Stations with no calls and no residents put no limit on the level. The
/// 40% rule still needs ⌈0.4·10⌉ = 4 station officers, so HQ sends one.
#[test]
fn no_workload_means_an_unbounded_level() {
    let p = province(&[(10, 2, vec![(0.0, 0.0, 0.0, 3, 1, 0)])]);
    let plan = solve(&p, &simple_params(0)).unwrap();
    assert_eq!(plan.balance_level, None);
    assert_eq!(plan.auxiliary_balance_level, None);
    assert_eq!(plan.officers_moved, 1);
    assert_eq!(plan.stations[0].officers, 4);
    assert!(check_plan(&p, &simple_params(0), &plan).is_empty());
}

fn expected(case: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
        .join("expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

/// The three shared instances reproduce the independent solver's optima.
#[test]
fn shared_instances_match_the_independent_reference() {
    for case in ["county", "small", "province"] {
        let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(case)
            .join("scenario.toml");
        let loaded = staffing::pipeline::load(&scenario).unwrap();
        let plan = staffing::pipeline::solve(&loaded, staffing::pipeline::Engine::Exact)
            .unwrap()
            .outcome
            .plan;
        let e = expected(case);
        let get = |k: &str| e[k].as_f64().unwrap();
        assert!(
            close(plan.balance_level.unwrap(), get("balance_level")),
            "{case}: balance level {:?}",
            plan.balance_level
        );
        assert_eq!(
            plan.officers_moved as f64,
            get("officers_moved"),
            "{case}: officers moved"
        );
        assert!(
            close(
                plan.auxiliary_balance_level.unwrap(),
                get("auxiliary_balance_level")
            ),
            "{case}: auxiliary level"
        );
        assert_eq!(
            plan.auxiliaries_changed as f64,
            get("auxiliaries_changed"),
            "{case}: auxiliaries changed"
        );
        assert!(
            check_plan(&loaded.province, &loaded.params, &plan).is_empty(),
            "{case}"
        );
    }
}

/// The officer marginals of a solved plan start from the county levels the
/// solve found; they are the same, bit for bit, as searching every county
/// again on the plan's province: under each target, with recruits placed
/// by the lever, with mergers and with auxiliaries on duty.
#[test]
fn officer_marginals_from_the_solve_equal_a_fresh_search() {
    use staffing::model::marginal::officer_marginals;
    use staffing::pipeline::{self as run, Engine};
    for case in [
        "baseline",
        "fairness",
        "levers-all",
        "levers-aux-duty",
        "levers-mergers",
        "recruits",
        "quota",
    ] {
        let loaded = run::load(Path::new(&format!("scenarios/{case}.toml"))).unwrap();
        let solution = run::solve(&loaded, Engine::Exact).unwrap();
        let o = &solution.outcome;
        let fresh = officer_marginals(&o.province, solution.requirements(), &o.params);
        let ex = solution.explain(loaded.unmerged.as_deref());
        assert!(!fresh.is_empty(), "{case}");
        assert_eq!(
            format!("{:?}", ex.officer_marginals),
            format!("{fresh:?}"),
            "{case}"
        );
    }
}
