//! Property tests: on random small provinces the exact solver's plan keeps
//! every rule (independent checker) and its optima equal those of the
//! monolithic MILP of the same model, on paper data and on real strength
//! (random nominal, seconded and restricted officers, recalled or not).

use proptest::prelude::*;
use staffing::check::check_plan;
use staffing::domain::{CommunityScope, DutyMethod, Params, Province, HOURS_PER_DAY};
use staffing::model::milp::{self, MilpOptions};
use staffing::model::service;
use staffing::model::solve;
use staffing::model::strength::real_strength;

use crate::support::{province, simple_params, CountySpec, StationSpec};

fn station() -> impl Strategy<Value = StationSpec> {
    (
        0u32..3000,
        0u32..12000,
        0u32..5,
        0i64..10,
        0i64..10,
        0i64..4,
    )
        .prop_map(|(calls, pop, villages, officers, community, aux)| {
            (
                calls as f64,
                pop as f64,
                villages as f64,
                officers,
                community.min(officers),
                aux,
            )
        })
}

fn county() -> impl Strategy<Value = CountySpec> {
    (prop::collection::vec(station(), 1..=3), 0i64..20, 0u32..100).prop_map(
        |(stations, spare, hq_pct)| {
            let today: i64 = stations.iter().map(|s| s.3).sum();
            let force = today + spare;
            // Up to 80% of the force in HQ, so that some counties break the 40% rule.
            let hq_min = force * (hq_pct as i64 * 80 / 100) / 100;
            (force, hq_min, stations)
        },
    )
}

fn case() -> impl Strategy<Value = (Province, Params)> {
    (
        prop::collection::vec(county(), 1..=2),
        0i64..15,
        prop::sample::select(vec![0.3, 0.4, 0.5]),
        prop::sample::select(vec![0.3, 0.4, 0.6]),
        any::<bool>(),
        prop::sample::select(vec![0, 1, 2]),
    )
        .prop_map(|(counties, aux, p, q, station_scope, min)| {
            let mut params = simple_params(aux);
            params.quotas.station_share = p;
            params.quotas.community_share = q;
            params.min_officers = min;
            if station_scope {
                params.quotas.community_scope = CommunityScope::Station;
            }
            (province(&counties), params)
        })
}

/// A case with nominal, seconded and restricted officers at its stations
/// (each drawn in 0..4 and cut to what the station's books allow), the
/// seconded recalled or not, turned into real strength.
fn strength_case() -> impl Strategy<Value = (Province, Params)> {
    (
        case(),
        prop::collection::vec((0i64..4, 0i64..4, 0i64..4), 6),
        any::<bool>(),
    )
        .prop_map(|((mut p, mut params), columns, recall)| {
            for (s, (n, sec, r)) in p.stations.iter_mut().zip(columns) {
                let x = s.officers;
                s.strength.nominal = n.min(x);
                s.strength.seconded = sec.min(x - s.strength.nominal);
                s.strength.restricted = r.min(x - s.strength.nominal - s.strength.seconded);
            }
            params.strength.recall_seconded = recall;
            real_strength(&mut p, recall);
            (p, params)
        })
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn exact_equals_monolithic_milp((p, params) in case()) {
        agree(&p, &params)?;
    }

    #[test]
    fn exact_equals_monolithic_milp_on_real_strength((p, params) in strength_case()) {
        agree(&p, &params)?;
    }
}

/// Both engines give no plan, or plans with the same optima that both pass
/// the independent checker.
fn agree(p: &Province, params: &Params) -> Result<(), TestCaseError> {
    let exact = solve(p, params);
    let reference = milp::solve(p, params, MilpOptions::default());
    match (exact, reference) {
        (Err(reasons), Err(milp::MilpError::Infeasible)) => {
            prop_assert!(!reasons.is_empty());
        }
        (Ok(plan), Ok(reference)) => {
            prop_assert!(
                check_plan(p, params, &plan).is_empty(),
                "{:?}",
                check_plan(p, params, &plan)
            );
            prop_assert!(
                check_plan(p, params, &reference).is_empty(),
                "milp: {:?}",
                check_plan(p, params, &reference)
            );
            prop_assert_eq!(reference.status.as_str(), "optimal");
            prop_assert!(
                close(plan.balance_level, reference.balance_level),
                "balance level: exact {:?}, milp {:?}",
                plan.balance_level,
                reference.balance_level
            );
            prop_assert_eq!(plan.officers_moved, reference.officers_moved);
            prop_assert!(
                close(
                    plan.auxiliary_balance_level,
                    reference.auxiliary_balance_level
                ),
                "auxiliary level: exact {:?}, milp {:?}",
                plan.auxiliary_balance_level,
                reference.auxiliary_balance_level
            );
            prop_assert_eq!(plan.auxiliaries_changed, reference.auxiliaries_changed);
        }
        (exact, reference) => {
            prop_assert!(
                false,
                "disagree: exact {:?}, milp {:?}",
                exact.map(|p| p.balance_level),
                reference.map(|p| p.balance_level)
            );
        }
    }
    Ok(())
}

/// The same provinces with duty need from a service standard (erlang-c):
/// random targets, utilisation caps, minimum units, crew sizes (auxiliaries
/// too), call volumes, profiles (flat or the shipped one), night pooling
/// and night standby.
fn erlang_case() -> impl Strategy<Value = (Province, Params)> {
    (
        case(),
        prop::sample::select(vec![0.05, 0.2, 0.5]),
        prop::option::of(prop::sample::select(vec![0.3, 0.6, 1.0])),
        0i64..3,
        prop::sample::select(vec![1.0, 2.0]),
        prop::sample::select(vec![5.0, 45.0, 90.0]),
        prop::sample::select(vec![1.0, 10.0]),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(prop::sample::select(vec![0.0, 0.5, 1.0])),
    )
        .prop_map(
            |((p, mut params), target, u, n0, crew, minutes, growth, flat, pooled, standby)| {
                params.workload.call_growth = growth;
                let mut s = service::standard(DutyMethod::ErlangC, minutes, target);
                s.officers_per_unit = crew;
                s.auxiliaries_per_unit = 2.0 - crew;
                s.max_utilisation = u;
                s.min_units_on_duty = n0;
                if flat {
                    s.hourly_profile = [1.0 / 24.0; HOURS_PER_DAY];
                }
                let night = [22, 23, 0, 1, 2, 3, 4, 5];
                if pooled {
                    for h in night {
                        s.pool.hours[h] = true;
                    }
                }
                if let Some(weight) = standby {
                    for h in night {
                        s.standby.hours[h] = true;
                    }
                    s.standby_weight = weight;
                }
                params.workload.service = Some(s);
                (p, params)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn exact_equals_monolithic_milp_under_erlang_c((p, params) in erlang_case()) {
        let exact = solve(&p, &params);
        let reference = milp::solve(&p, &params, MilpOptions::default());
        match (exact, reference) {
            (Err(reasons), Err(milp::MilpError::Infeasible)) => {
                prop_assert!(!reasons.is_empty());
            }
            (Ok(plan), Ok(reference)) => {
                prop_assert!(check_plan(&p, &params, &plan).is_empty(), "{:?}", check_plan(&p, &params, &plan));
                prop_assert!(check_plan(&p, &params, &reference).is_empty(), "{:?}", check_plan(&p, &params, &reference));
                prop_assert_eq!(reference.status.as_str(), "optimal");
                prop_assert!(close(plan.balance_level, reference.balance_level),
                    "balance level: exact {:?}, milp {:?}", plan.balance_level, reference.balance_level);
                prop_assert_eq!(plan.officers_moved, reference.officers_moved);
                prop_assert!(close(plan.auxiliary_balance_level, reference.auxiliary_balance_level));
                prop_assert_eq!(plan.auxiliaries_changed, reference.auxiliaries_changed);
            }
            (exact, reference) => {
                prop_assert!(false, "disagree: exact {:?}, milp {:?}", exact.map(|p| p.balance_level), reference.map(|p| p.balance_level));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// The balance targets (`[balance] target = "county"` and `"leximin"`)
    /// on the same random provinces: the exact plan keeps every rule and
    /// every held level, and each county's sorted cover levels and moves
    /// equal those of the sequential MILP (`model::milp::fairness`; more
    /// cases with ties and levers in `fairness.rs`).
    #[test]
    fn balance_targets_equal_the_sequential_milp((p, params) in case()) {
        use staffing::domain::Target;
        use staffing::model::fairness::compare_sorted;
        use staffing::model::milp::fairness as milp_fairness;
        for target in [Target::County, Target::Leximin] {
            let mut params = params.clone();
            params.levers.balance.officers = target;
            let (Ok(plan), Ok(reference)) = (solve(&p, &params), milp_fairness::solve(&p, &params, MilpOptions::default())) else {
                prop_assert_eq!(solve(&p, &params).is_ok(), false, "the exact solver found a plan the MILP did not");
                continue;
            };
            prop_assert!(check_plan(&p, &params, &plan).is_empty(), "{:?}", check_plan(&p, &params, &plan));
            prop_assert_eq!(reference.status.as_str(), "optimal");
            let reqs = staffing::model::requirement::requirements(&p, &params);
            let sorted = |pl: &staffing::plan::Plan, c: usize| {
                let mut v: Vec<f64> = p.counties[c].stations.iter().filter_map(|&s| {
                    staffing::model::analysis::fairness::cover(&reqs[s], 0.0, pl.stations[s].officers, pl.stations[s].community_officers, 0)
                }).collect();
                v.sort_by(f64::total_cmp);
                v
            };
            for c in 0..p.counties.len() {
                let (a, b) = (sorted(&plan, c), sorted(&reference, c));
                let compared = if target == Target::County { 1.min(a.len()) } else { a.len() };
                prop_assert!(compare_sorted(&a[..compared], &b[..compared.min(b.len())]).is_eq(),
                    "{:?} county {}: exact {:?}, milp {:?}", target, c, a, b);
                prop_assert_eq!(plan.counties[c].officers_moved, reference.counties[c].officers_moved, "{:?} county {}", target, c);
            }
        }
    }
}
