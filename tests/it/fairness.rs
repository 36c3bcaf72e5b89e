//! The `county` and `leximin` balance targets (`[balance] target`): hand
//! cases, and agreement with an exhaustive search over every integer plan of
//! random small counties (both community scopes, minimums, locks, building
//! caps, move caps, restricted officers, auxiliary duty credit, ties between
//! equal rungs).

use proptest::prelude::*;
use staffing::check::check_plan;
use staffing::domain::{CommunityScope, Params, Province, Target};
use staffing::model::fairness::compare_sorted;
use staffing::model::requirement::{requirements, Requirement};
use staffing::model::solve;
use staffing::numeric::at_least;
use staffing::plan::Plan;

use crate::support::{province, simple_params, CountySpec};

/// The cover level of a station: min((x − y + κ) ÷ D, y ÷ C) over the
/// requirements it has (`None`: it has none).
pub fn cover(r: &Requirement, x: i64, y: i64) -> Option<f64> {
    let mut level: Option<f64> = None;
    if r.duty > 0.0 {
        level = Some(((x - y) as f64 + r.duty_credit) / r.duty);
    }
    if r.community > 0.0 {
        let c = y as f64 / r.community;
        level = Some(level.map_or(c, |l: f64| l.min(c)));
    }
    level
}

/// A county's sorted cover levels and moves under a plan.
pub fn county_result(p: &Province, reqs: &[Requirement], plan: &Plan, c: usize) -> (Vec<f64>, i64) {
    let mut levels: Vec<f64> = p.counties[c]
        .stations
        .iter()
        .filter_map(|&s| {
            cover(
                &reqs[s],
                plan.stations[s].officers,
                plan.stations[s].community_officers,
            )
        })
        .collect();
    levels.sort_by(f64::total_cmp);
    (levels, plan.counties[c].officers_moved)
}

/// The best plan of one county found by trying every integer (x, y) of
/// every station: the lexicographically largest sorted vector of cover
/// levels, then the fewest moves; with `hold`, among plans holding every
/// station at least at that level, the fewest moves (`county` target).
/// Shares only the requirement formulas and the tolerance with the solver.
pub fn exhaustive(
    p: &Province,
    params: &Params,
    reqs: &[Requirement],
    c: usize,
    hold: Option<f64>,
) -> Option<(Vec<f64>, i64)> {
    exhaustive_with(p, params, reqs, c, hold, hold.is_none(), None)
}

/// The `standard` target by exhaustive search: every station's cover at
/// least `floor` (the province level), the largest sorted vector of covers
/// each capped at `cap`, then the fewest moves.
pub fn exhaustive_standard(
    p: &Province,
    params: &Params,
    reqs: &[Requirement],
    c: usize,
    cap: f64,
    floor: f64,
) -> Option<(Vec<f64>, i64)> {
    exhaustive_with(p, params, reqs, c, Some(floor), true, Some(cap))
}

/// The search itself: with `hold`, every station's cover at least that
/// level; with `vector`, the sorted covers (each capped at `cap`) compared
/// first, else only the moves.
fn exhaustive_with(
    p: &Province,
    params: &Params,
    reqs: &[Requirement],
    c: usize,
    hold: Option<f64>,
    vector: bool,
    level_cap: Option<f64>,
) -> Option<(Vec<f64>, i64)> {
    let county = &p.counties[c];
    let q = params.quotas.community_share;
    let station_scope = params.quotas.community_scope == CommunityScope::Station;
    let cap = county.officers_total - county.hq_min;
    // Every (x, y) a station may have on its own.
    let options: Vec<Vec<(i64, i64)>> = county
        .stations
        .iter()
        .map(|&s| {
            let st = &p.stations[s];
            let r = &reqs[s];
            let mut lo = r.min_officers.max(0);
            let mut hi = cap.min(r.max_officers);
            let k = if r.locked { Some(0) } else { r.max_moves };
            if let Some(k) = k {
                lo = lo.max(st.officers - k);
                hi = hi.min(st.officers + k);
            }
            let mut out = Vec::new();
            for x in lo..=hi {
                // Restricted officers fill community posts only: y ≥ r.
                for y in r.restricted.max(0)..=x {
                    if station_scope && !at_least(y as f64, q * x as f64) {
                        continue;
                    }
                    if let Some(h) = hold {
                        if !at_least((x - y) as f64 + r.duty_credit, h * r.duty)
                            || !at_least(y as f64, h * r.community)
                        {
                            continue;
                        }
                    }
                    out.push((x, y));
                }
            }
            out
        })
        .collect();
    let x0: i64 = county
        .stations
        .iter()
        .map(|&s| p.stations[s].officers)
        .sum();
    let move_cap = county.max_moves.or(params.levers.max_moves_per_county);
    let mut best: Option<(Vec<f64>, i64)> = None;
    let mut pick = vec![(0i64, 0i64); county.stations.len()];
    /// Officers and community officers of one station.
    type Pick = (i64, i64);
    fn walk(
        i: usize,
        used: i64,
        options: &[Vec<Pick>],
        cap: i64,
        pick: &mut Vec<Pick>,
        leaf: &mut dyn FnMut(&[Pick]),
    ) {
        if i == options.len() {
            leaf(pick);
            return;
        }
        for &(x, y) in &options[i] {
            if used + x > cap {
                break;
            }
            pick[i] = (x, y);
            walk(i + 1, used + x, options, cap, pick, leaf);
        }
    }
    walk(0, 0, &options, cap, &mut pick, &mut |pick| {
        let xs: i64 = pick.iter().map(|p| p.0).sum();
        let ys: i64 = pick.iter().map(|p| p.1).sum();
        if !at_least(
            xs as f64,
            params.quotas.station_share * county.officers_total as f64,
        ) {
            return;
        }
        if !station_scope && !at_least(ys as f64, q * xs as f64) {
            return;
        }
        let changes: i64 = county
            .stations
            .iter()
            .zip(pick)
            .map(|(&s, &(x, _))| (x - p.stations[s].officers).abs())
            .sum::<i64>()
            + (xs - x0).abs();
        if move_cap.is_some_and(|k| changes > 2 * k) {
            return;
        }
        let moves = changes / 2;
        let mut levels: Vec<f64> = if !vector {
            Vec::new()
        } else {
            county
                .stations
                .iter()
                .zip(pick)
                .filter_map(|(&s, &(x, y))| cover(&reqs[s], x, y))
                .map(|l| level_cap.map_or(l, |c| l.min(c)))
                .collect()
        };
        levels.sort_by(f64::total_cmp);
        let better = match &best {
            None => true,
            Some((b, m)) => compare_sorted(&levels, b).then(m.cmp(&moves)).is_gt(),
        };
        if better {
            best = Some((levels, moves));
        }
    });
    best
}

/// "at 2: exact 1.5, reference 1.25" for the first places two sorted
/// vectors differ.
pub fn first_differences(a: &[f64], b: &[f64]) -> String {
    let diffs: Vec<String> = a
        .iter()
        .zip(b)
        .enumerate()
        .filter(|(_, (x, y))| compare_sorted(&[**x], &[**y]).is_ne())
        .take(3)
        .map(|(i, (x, y))| format!("at {}: exact {x}, reference {y}", i + 1))
        .collect();
    if diffs.is_empty() && a.len() != b.len() {
        format!("lengths {} and {}", a.len(), b.len())
    } else {
        diffs.join("; ")
    }
}

fn with_target(mut params: Params, target: Target) -> Params {
    params.levers.balance.officers = target;
    params
}

/// The levels and moves a target gives, per county.
fn per_county(p: &Province, params: &Params) -> (Plan, Vec<(Vec<f64>, i64)>) {
    let plan = solve(p, params).expect("feasible");
    let violations = check_plan(p, params, &plan);
    assert!(violations.is_empty(), "{violations:?}");
    let reqs = requirements(p, params);
    let rows = (0..p.counties.len())
        .map(|c| county_result(p, &reqs, &plan, c))
        .collect();
    (plan, rows)
}

/// A county where a locked station keeps the county's lowest level low:
/// the province target stops every other station at that level, leximin
/// lifts the other two above it, each as far as the force allows.
#[test]
fn leximin_raises_a_second_station_above_the_province_level() {
    // D = calls ÷ 500, C = population ÷ 3000. County 1: S1 locked at 2
    // officers with D = 2, C = 0 → its level is at most 2 ÷ 2 = 1.0 (it
    // limits the province). S2 and S3 (D = 2 each, no residents, 2
    // officers each today) share the rest: force 14, hq_min 0 → 12 for
    // them. County 2 alone: one station with D = 4 and 8 officers of a
    // force of 8 → level 2.0.
    let mut p = province(&[
        (
            14,
            0,
            vec![
                (1000.0, 0.0, 0.0, 2, 0, 0),
                (1000.0, 0.0, 0.0, 2, 0, 0),
                (1000.0, 0.0, 0.0, 2, 0, 0),
            ],
        ),
        (8, 0, vec![(2000.0, 0.0, 0.0, 8, 0, 0)]),
    ]);
    p.stations[0].levers.locked = true;
    let mut params = simple_params(0);
    params.quotas.community_share = 0.0;
    params.min_officers = 0;

    let (plan, rows) = per_county(&p, &with_target(params.clone(), Target::Province));
    // The province level: S1's 1.0 (2 ÷ 2); S2 and S3 need 2 each, which
    // they have (fewest moves: none).
    assert_eq!(plan.balance_level, Some(1.0));
    assert_eq!(rows[0], (vec![1.0, 1.0, 1.0], 0));

    // County target: county 1's own best level is also 1.0 (S1 is
    // locked), so county 1 is unchanged; county 2 stays at 2.0.
    let (_, rows) = per_county(&p, &with_target(params.clone(), Target::County));
    assert_eq!(rows[0], (vec![1.0, 1.0, 1.0], 0));

    // Leximin: S1 is fixed at 1.0 by its lock; S2 and S3 rise together
    // with the 14 − 2 = 12 officers: 6 each → 3.0, 3.0. Moves: HQ sends 8.
    let (plan, rows) = per_county(&p, &with_target(params, Target::Leximin));
    assert_eq!(rows[0], (vec![1.0, 3.0, 3.0], 8));
    assert_eq!(rows[1], (vec![2.0], 0));
    assert_eq!(plan.balance_level, Some(1.0));
    let steps = &plan.fairness.as_ref().unwrap().steps;
    assert_eq!(steps[0].station, 0);
    assert_eq!(steps[0].step, 1);
    assert_eq!(steps[0].level, 1.0);
}

/// Two equal stations and one officer to spare: only one can rise. Leximin
/// gives the officer to the one that needs the fewest moves (it already
/// has it), and says the other lost a tie.
#[test]
fn a_tie_between_equal_rungs_is_decided_by_moves() {
    // D = 1 and 2 for S1 and S2 (calls 500, 1000), C = 0. Force 5, hq_min 0.
    // Levels: S1 x₁ ÷ 1, S2 x₂ ÷ 2. The common level rises to 1.5
    // (x = 2, 3: 5 officers); above it S2 needs 4 (2 + 4 > 5), so S2 is
    // fixed at 1.5 by the force; then S1 alone rises to 2 (2 + 3 = 5).
    // Every other plan is worse: (1, 4) gives (1, 2), (3, 2) gives (1, 3).
    let p = province(&[(
        5,
        0,
        vec![(500.0, 0.0, 0.0, 2, 0, 0), (1000.0, 0.0, 0.0, 3, 0, 0)],
    )]);
    let mut params = simple_params(0);
    params.quotas.community_share = 0.0;
    params.min_officers = 0;
    let (_, rows) = per_county(&p, &with_target(params.clone(), Target::Leximin));
    assert_eq!(rows[0], (vec![1.5, 2.0], 0));

    // Three identical stations (D = 1) and 5 officers: 1 each, 2 left,
    // and all three have a rung at 1: only two can rise (a tie). Two rise
    // to 2, one stays at 1 — the one with the fewest officers today, so
    // nobody moves (the other choices move one officer).
    let p = province(&[(
        5,
        0,
        vec![
            (500.0, 0.0, 0.0, 2, 0, 0),
            (500.0, 0.0, 0.0, 1, 0, 0),
            (500.0, 0.0, 0.0, 2, 0, 0),
        ],
    )]);
    let (plan, rows) = per_county(&p, &with_target(params, Target::Leximin));
    assert_eq!(rows[0], (vec![1.0, 2.0, 2.0], 0));
    let officers: Vec<i64> = plan.stations.iter().map(|s| s.officers).collect();
    assert_eq!(officers, vec![2, 1, 2]);
}

fn lever_case() -> impl Strategy<Value = (Province, Params)> {
    let station = (
        prop::sample::select(vec![0.0, 250.0, 500.0, 750.0, 1000.0, 1500.0, 613.0]),
        prop::sample::select(vec![0.0, 1500.0, 3000.0, 4500.0, 6000.0, 2210.0]),
        0i64..6,
        0i64..4,
        0u32..14,
    );
    let county = (
        prop::collection::vec(station, 1..=4),
        0i64..8,
        0i64..3,
        0u32..8,
    );
    (
        prop::collection::vec(county, 1..=2),
        prop::sample::select(vec![0.3, 0.4, 0.5]),
        prop::sample::select(vec![0.0, 0.3, 0.4, 0.6]),
        any::<bool>(),
        prop::sample::select(vec![0i64, 1, 2]),
        prop::sample::select(vec![0.0, 0.0, 0.5]),
        0i64..6,
    )
        .prop_map(
            |(counties, p_share, q, station_scope, min, duty_factor, aux)| {
                let specs: Vec<CountySpec> = counties
                    .iter()
                    .map(|(stations, spare, hq, _)| {
                        let today: i64 = stations.iter().map(|s| s.2).sum();
                        let force = today + spare;
                        let st = stations
                            .iter()
                            .map(|&(calls, pop, x, y, _)| {
                                (calls, pop, (x % 3) as f64, x, y.min(x), x % 2)
                            })
                            .collect();
                        (force, (*hq).min(force), st)
                    })
                    .collect();
                let mut p = province(&specs);
                // Levers, from the draws: a lock, a building cap, a station
                // move cap, a county move cap, a station minimum.
                let mut s = 0;
                for (c, (stations, _, _, county_lever)) in counties.iter().enumerate() {
                    if county_lever % 4 == 1 {
                        p.counties[c].max_moves = Some(i64::from(county_lever % 3) + 1);
                    }
                    for &(_, _, x, _, lever) in stations {
                        let st = &mut p.stations[s];
                        match lever {
                            1 => st.levers.locked = true,
                            2 => st.levers.max_officers = Some(x + 1),
                            3 => st.levers.max_moves = Some(1),
                            4 => st.min_officers = Some(3),
                            5 => st.strength.restricted = 1,
                            _ => {}
                        }
                        s += 1;
                    }
                }
                let mut params = simple_params(aux);
                params.quotas.station_share = p_share;
                params.quotas.community_share = q;
                params.min_officers = min;
                params.auxiliaries.duty_factor = duty_factor;
                if station_scope {
                    params.quotas.community_scope = CommunityScope::Station;
                }
                (p, params)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Leximin equals the exhaustive search: the same sorted vector of
    /// cover levels per county, then the same fewest moves.
    #[test]
    fn leximin_equals_exhaustive_search((p, params) in lever_case()) {
        let params = with_target(params, Target::Leximin);
        let Ok(plan) = solve(&p, &params) else {
            // No plan at level 0: the exhaustive search finds none either.
            let reqs = requirements(&p, &params);
            let none = (0..p.counties.len()).any(|c| exhaustive(&p, &params, &reqs, c, None).is_none());
            prop_assert!(none, "exact found no plan, the exhaustive search did");
            return Ok(());
        };
        prop_assert!(check_plan(&p, &params, &plan).is_empty(), "{:?}", check_plan(&p, &params, &plan));
        prop_assert_eq!(plan.status.as_str(), "optimal");
        let reqs = requirements(&p, &params);
        for c in 0..p.counties.len() {
            let (levels, moves) = county_result(&p, &reqs, &plan, c);
            let (best, fewest) = exhaustive(&p, &params, &reqs, c, None).expect("a plan exists");
            prop_assert!(
                compare_sorted(&levels, &best).is_eq(),
                "county {}: sorted levels differ ({}): exact {:?}, exhaustive {:?}",
                c, first_differences(&levels, &best), levels, best
            );
            prop_assert_eq!(moves, fewest, "county {}: moves", c);
        }
    }

    /// The county target: every station at least at its county's best
    /// level, which the exhaustive search confirms is the highest
    /// minimum, with the fewest moves there.
    #[test]
    fn county_target_equals_exhaustive_search((p, params) in lever_case()) {
        let params = with_target(params, Target::County);
        let Ok(plan) = solve(&p, &params) else { return Ok(()) };
        prop_assert!(check_plan(&p, &params, &plan).is_empty(), "{:?}", check_plan(&p, &params, &plan));
        let reqs = requirements(&p, &params);
        for (c, cp) in plan.counties.iter().enumerate() {
            let (levels, moves) = county_result(&p, &reqs, &plan, c);
            let best = exhaustive(&p, &params, &reqs, c, None).expect("a plan exists");
            // The county's lowest level is the best minimum.
            if let (Some(low), Some(top)) = (levels.first(), best.0.first()) {
                prop_assert!(compare_sorted(&[*low], &[*top]).is_eq(), "county {c}: lowest {low}, best {top}");
                prop_assert_eq!(cp.max_level.map(|t| compare_sorted(&[t], &[*top]).is_eq()), Some(true));
            }
            let hold = cp.max_level.unwrap_or(0.0);
            let (_, fewest) = exhaustive(&p, &params, &reqs, c, Some(hold)).expect("held level is feasible");
            prop_assert_eq!(moves, fewest, "county {}: moves", c);
        }
    }
}

/// A county's sorted cover levels under a plan, each capped at `cap`.
fn capped(levels: &[f64], cap: f64) -> Vec<f64> {
    levels.iter().map(|&l| l.min(cap)).collect()
}

/// The standard cases: the lever cases with a cap drawn around 1.0.
fn standard_case() -> impl Strategy<Value = (Province, Params)> {
    (
        lever_case(),
        prop::sample::select(vec![1.0, 1.0, 0.5, 0.75, 1.5, 2.0]),
    )
        .prop_map(|((p, mut params), cap)| {
            params.levers.balance.officers = Target::Standard;
            params.levers.balance.cap = cap;
            (p, params)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The standard target equals the exhaustive search: every station at
    /// least at the province level t* (the lowest of the counties' best
    /// minimums, found by the search too), then per county the same sorted
    /// vector of covers capped at the standard, then the same fewest moves.
    #[test]
    fn standard_equals_exhaustive_search((p, params) in standard_case()) {
        let Ok(plan) = solve(&p, &params) else {
            let reqs = requirements(&p, &params);
            let none = (0..p.counties.len()).any(|c| exhaustive(&p, &params, &reqs, c, None).is_none());
            prop_assert!(none, "exact found no plan, the exhaustive search did");
            return Ok(());
        };
        prop_assert!(check_plan(&p, &params, &plan).is_empty(), "{:?}", check_plan(&p, &params, &plan));
        prop_assert_eq!(plan.status.as_str(), "optimal");
        let reqs = requirements(&p, &params);
        let cap = params.levers.balance.cap;
        // t*: the lowest county's best minimum, by the search.
        let t_star = (0..p.counties.len())
            .filter_map(|c| exhaustive(&p, &params, &reqs, c, None).and_then(|(v, _)| v.first().copied()))
            .reduce(f64::min);
        prop_assert_eq!(
            plan.balance_level.map(|t| t_star.is_some_and(|s| compare_sorted(&[t], &[s]).is_eq())),
            t_star.map(|_| true),
            "province level {:?}, search {:?}", plan.balance_level, t_star
        );
        for c in 0..p.counties.len() {
            let (levels, moves) = county_result(&p, &reqs, &plan, c);
            let levels = capped(&levels, cap);
            let (best, fewest) = exhaustive_standard(&p, &params, &reqs, c, cap, t_star.unwrap_or(0.0))
                .expect("the province level is feasible in every county");
            prop_assert!(
                compare_sorted(&levels, &best).is_eq(),
                "county {}: capped sorted levels differ ({}): exact {:?}, exhaustive {:?}",
                c, first_differences(&levels, &best), levels, best
            );
            prop_assert_eq!(moves, fewest, "county {}: moves", c);
        }
    }

    /// At or below the province level the standard is the province plan:
    /// with the cap at or under t*, every station, every move and every
    /// figure are the province target's.
    #[test]
    fn a_cap_below_the_province_level_gives_the_province_plan((p, params) in lever_case()) {
        let province = with_target(params.clone(), Target::Province);
        let Ok(base) = solve(&p, &province) else { return Ok(()) };
        let Some(t) = base.balance_level else { return Ok(()) };
        prop_assume!(t >= 0.01);
        let mut standard = with_target(params, Target::Standard);
        standard.levers.balance.cap = t.min(100.0);
        let plan = solve(&p, &standard).expect("feasible");
        prop_assert!(check_plan(&p, &standard, &plan).is_empty());
        prop_assert_eq!(&plan.stations, &base.stations);
        prop_assert_eq!(plan.officers_moved, base.officers_moved);
        prop_assert_eq!(plan.balance_level, base.balance_level);
        prop_assert_eq!(&plan.binding, &base.binding);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The sequential MILP (sums of the k smallest levels, then moves)
    /// agrees with the fill on random small counties: the same sorted
    /// vector per county and the same fewest moves. On a mismatch the
    /// message shows where the two sorted vectors first differ.
    #[test]
    fn leximin_equals_sequential_milp((p, params) in lever_case()) {
        use staffing::model::milp::MilpOptions;
        use staffing::model::milp::fairness as milp_fairness;
        // The MILP's own auxiliary plan may differ from the exact one
        // among equal optima, and with a duty credit the officers would
        // differ with it: the exhaustive test covers the credit.
        let mut params = params;
        params.auxiliaries.duty_factor = 0.0;
        for target in [Target::Leximin, Target::County, Target::Standard] {
            let params = with_target(params.clone(), target);
            let exact = solve(&p, &params);
            let reference = milp_fairness::solve(&p, &params, MilpOptions::default());
            let (plan, reference) = match (exact, reference) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(_), Err(_)) => continue,
                (a, b) => {
                    prop_assert!(false, "{target:?}: exact {:?}, milp {:?}", a.is_ok(), b.is_ok());
                    unreachable!()
                }
            };
            prop_assert!(check_plan(&p, &params, &reference).is_empty(), "milp plan: {:?}", check_plan(&p, &params, &reference));
            prop_assert_eq!(reference.status.as_str(), "optimal");
            let reqs = requirements(&p, &params);
            for c in 0..p.counties.len() {
                let (levels, moves) = county_result(&p, &reqs, &plan, c);
                let (milp_levels, milp_moves) = county_result(&p, &reqs, &reference, c);
                if target == Target::Standard {
                    let cap = params.levers.balance.cap;
                    let (levels, milp_levels) = (capped(&levels, cap), capped(&milp_levels, cap));
                    prop_assert!(
                        compare_sorted(&levels, &milp_levels).is_eq(),
                        "county {}: capped sorted levels differ ({}): exact {:?}, milp {:?}",
                        c, first_differences(&levels, &milp_levels), levels, milp_levels
                    );
                } else if target == Target::Leximin {
                    prop_assert!(
                        compare_sorted(&levels, &milp_levels).is_eq(),
                        "county {}: sorted levels differ ({}): exact {:?}, milp {:?}",
                        c, first_differences(&levels, &milp_levels), levels, milp_levels
                    );
                } else {
                    prop_assert!(compare_sorted(&levels[..levels.len().min(1)], &milp_levels[..milp_levels.len().min(1)]).is_eq());
                }
                prop_assert_eq!(moves, milp_moves, "county {}: moves ({:?})", c, target);
            }
        }
    }
}

/// Every way to give at most `budget` posts to `n` stations.
fn distributions(n: usize, budget: i64, f: &mut dyn FnMut(&[i64])) {
    fn go(i: usize, left: i64, a: &mut Vec<i64>, f: &mut dyn FnMut(&[i64])) {
        if i == a.len() {
            f(a);
            return;
        }
        for k in 0..=left {
            a[i] = k;
            go(i + 1, left - k, a, f);
        }
    }
    go(0, budget, &mut vec![0; n], f);
}

/// The best auxiliary posts of one county with `budget` posts: under
/// `leximin` the largest sorted vector of aₛ ÷ Vₛ (stations with villages),
/// under `county` the highest lowest cover; then the fewest changes.
fn exhaustive_aux(villages: &[f64], today: &[i64], budget: i64, target: Target) -> (Vec<f64>, i64) {
    let mut best: Option<(Vec<f64>, i64)> = None;
    distributions(villages.len(), budget, &mut |a| {
        let mut covers: Vec<f64> = villages
            .iter()
            .zip(a)
            .filter(|(v, _)| **v > 0.0)
            .map(|(v, &k)| k as f64 / v)
            .collect();
        covers.sort_by(f64::total_cmp);
        if target == Target::County {
            covers.truncate(1);
        }
        let changes: i64 = a.iter().zip(today).map(|(x, y)| (x - y).abs()).sum();
        let better = match &best {
            None => true,
            Some((b, c)) => compare_sorted(&covers, b).then(c.cmp(&changes)).is_gt(),
        };
        if better {
            best = Some((covers, changes));
        }
    });
    best.unwrap()
}

fn aux_case() -> impl Strategy<Value = (Province, Params)> {
    let station = (
        0u32..5,
        0i64..5,
        prop::sample::select(vec![1.0, 1.0, 0.5, 1.5]),
    );
    let county = prop::collection::vec(station, 1..=4);
    (prop::collection::vec(county, 1..=3), 0i64..14).prop_map(|(counties, total)| {
        let specs: Vec<CountySpec> = counties
            .iter()
            .map(|stations| {
                let st = stations
                    .iter()
                    .map(|&(v, a, _)| (0.0, 0.0, v as f64, 2, 0, a))
                    .collect();
                (20, 0, st)
            })
            .collect();
        let mut params = simple_params(total);
        params.auxiliaries.per_village = counties[0][0].2;
        (province(&specs), params)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The auxiliary targets: each county keeps the posts the province
    /// target gives it, and inside it `county` reaches the highest lowest
    /// cover and `leximin` the largest sorted vector of covers, each with the
    /// fewest changes, as an exhaustive search over every distribution finds.
    #[test]
    fn auxiliary_targets_equal_exhaustive_search((p, params) in aux_case()) {
        let base = solve(&p, &params).expect("no officer rule binds");
        // `standard` over a provincial budget: every station at least at
        // the provincial level tₐ*, the counties' posts as the province
        // target splits them, and inside each the covers capped at the
        // standard as large as possible, then the fewest changes; the
        // province plan itself when tₐ* is at or above the standard.
        for cap in [1.0, 0.5, 2.0] {
            let mut params = params.clone();
            params.levers.balance.auxiliaries = Target::Standard;
            params.levers.balance.cap = cap;
            let plan = solve(&p, &params).expect("feasible");
            prop_assert!(check_plan(&p, &params, &plan).is_empty(), "{:?}", check_plan(&p, &params, &plan));
            prop_assert_eq!(plan.auxiliary_balance_level, base.auxiliary_balance_level);
            if base.auxiliary_balance_level.is_some_and(|t| t >= cap) {
                prop_assert_eq!(&plan.stations, &base.stations);
                continue;
            }
            let reqs = requirements(&p, &params);
            for (c, county) in p.counties.iter().enumerate() {
                let budget: i64 = county.stations.iter().map(|&s| base.stations[s].auxiliaries).sum();
                let a: Vec<i64> = county.stations.iter().map(|&s| plan.stations[s].auxiliaries).collect();
                let villages: Vec<f64> = county.stations.iter().map(|&s| reqs[s].villages).collect();
                let today: Vec<i64> = county.stations.iter().map(|&s| p.stations[s].auxiliaries).collect();
                prop_assert_eq!(a.iter().sum::<i64>(), budget, "county {} keeps its posts", c);
                if villages.iter().all(|&v| v == 0.0) {
                    continue;
                }
                let mut covers: Vec<f64> = villages.iter().zip(&a).filter(|(v, _)| **v > 0.0).map(|(v, &k)| (k as f64 / v).min(cap)).collect();
                covers.sort_by(f64::total_cmp);
                let changes: i64 = a.iter().zip(&today).map(|(x, y)| (x - y).abs()).sum();
                let (best, fewest) = exhaustive_county_aux(&villages, &today, budget, false, Some(cap), None).expect("a placement");
                prop_assert!(compare_sorted(&covers, &best).is_eq(), "standard county {}: {:?} against {:?}", c, covers, best);
                prop_assert_eq!(changes, fewest, "standard county {}: changes", c);
            }
        }
        for target in [Target::County, Target::Leximin] {
            let mut params = params.clone();
            params.levers.balance.auxiliaries = target;
            let plan = solve(&p, &params).expect("feasible");
            prop_assert!(check_plan(&p, &params, &plan).is_empty(), "{:?}", check_plan(&p, &params, &plan));
            prop_assert_eq!(plan.auxiliary_balance_level, base.auxiliary_balance_level);
            let reqs = requirements(&p, &params);
            for (c, county) in p.counties.iter().enumerate() {
                let budget: i64 = county.stations.iter().map(|&s| base.stations[s].auxiliaries).sum();
                let a: Vec<i64> = county.stations.iter().map(|&s| plan.stations[s].auxiliaries).collect();
                let villages: Vec<f64> = county.stations.iter().map(|&s| reqs[s].villages).collect();
                let today: Vec<i64> = county.stations.iter().map(|&s| p.stations[s].auxiliaries).collect();
                prop_assert_eq!(a.iter().sum::<i64>(), budget, "county {} keeps its posts", c);
                if villages.iter().all(|&v| v == 0.0) {
                    continue;
                }
                let mut covers: Vec<f64> = villages.iter().zip(&a).filter(|(v, _)| **v > 0.0).map(|(v, &k)| k as f64 / v).collect();
                covers.sort_by(f64::total_cmp);
                if target == Target::County {
                    covers.truncate(1);
                }
                let changes: i64 = a.iter().zip(&today).map(|(x, y)| (x - y).abs()).sum();
                let (best, fewest) = exhaustive_aux(&villages, &today, budget, target);
                prop_assert!(compare_sorted(&covers, &best).is_eq(),
                    "{:?} county {}: {} ({:?} against {:?})", target, c, first_differences(&covers, &best), covers, best);
                prop_assert_eq!(changes, fewest, "{:?} county {}: changes", target, c);
            }
        }
    }
}

/// Every way to give exactly `budget` posts to `n` stations.
fn exact_distributions(n: usize, budget: i64, f: &mut dyn FnMut(&[i64])) {
    distributions(n, budget, &mut |a| {
        if a.iter().sum::<i64>() == budget {
            f(a)
        }
    });
}

/// The best posts of one county under a county budget, by exhaustive
/// search over every way to place exactly `budget` posts: the sorted
/// covers aₛ ÷ Vₛ (each capped at `cap`; only the lowest under `county`; none
/// with a `floor`, which every station with villages must reach instead),
/// then the fewest changes.
fn exhaustive_county_aux(
    villages: &[f64],
    today: &[i64],
    budget: i64,
    lowest_only: bool,
    cap: Option<f64>,
    floor: Option<f64>,
) -> Option<(Vec<f64>, i64)> {
    let mut best: Option<(Vec<f64>, i64)> = None;
    exact_distributions(villages.len(), budget, &mut |a| {
        if let Some(t) = floor {
            if villages
                .iter()
                .zip(a)
                .any(|(&v, &k)| !at_least(k as f64, t * v))
            {
                return;
            }
        }
        let mut covers: Vec<f64> = if floor.is_some() {
            Vec::new()
        } else {
            villages
                .iter()
                .zip(a)
                .filter(|(v, _)| **v > 0.0)
                .map(|(v, &k)| cap.map_or(k as f64 / v, |c| (k as f64 / v).min(c)))
                .collect()
        };
        covers.sort_by(f64::total_cmp);
        if lowest_only {
            covers.truncate(1);
        }
        let changes: i64 = a.iter().zip(today).map(|(x, y)| (x - y).abs()).sum();
        let better = match &best {
            None => true,
            Some((b, c)) => compare_sorted(&covers, b).then(c.cmp(&changes)).is_gt(),
        };
        if better {
            best = Some((covers, changes));
        }
    });
    best
}

/// Small provinces for county budgets: counties of 1–4 stations with
/// villages and today's posts, and per county either today's count or an
/// `auxiliary_budget` a few posts off it.
fn county_aux_case() -> impl Strategy<Value = (Province, Params)> {
    let station = (0u32..5, 0i64..5);
    let county = (
        prop::collection::vec(station, 1..=4),
        prop::option::of(-3i64..4),
    );
    (
        prop::collection::vec(county, 1..=3),
        prop::sample::select(vec![1.0, 1.0, 0.5, 1.5]),
        prop::sample::select(vec![1.0, 1.0, 0.5, 1.5, 2.0]),
    )
        .prop_map(|(counties, per_village, cap)| {
            let specs: Vec<CountySpec> = counties
                .iter()
                .map(|(stations, _)| {
                    let st = stations
                        .iter()
                        .map(|&(v, a)| (0.0, 0.0, v as f64, 2, 0, a))
                        .collect();
                    (20, 0, st)
                })
                .collect();
            let mut p = province(&specs);
            for (c, (stations, delta)) in counties.iter().enumerate() {
                let today: i64 = stations.iter().map(|s| s.1).sum();
                p.counties[c].auxiliary_budget = delta.map(|d| (today + d).max(0));
            }
            let mut params = simple_params(0);
            params.auxiliaries.per_village = per_village;
            params.auxiliaries.budget_scope = staffing::domain::BudgetScope::County;
            params.levers.balance.cap = cap;
            (p, params)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// County budgets, every auxiliary target: each county places exactly
    /// its own posts (today's count or its `auxiliary_budget`), and inside
    /// it `standard` reaches the largest sorted vector of covers capped at
    /// the standard, `leximin` the largest uncapped, `county` the highest
    /// lowest cover and `province` holds every station at the lowest
    /// county's best level — each with the fewest changes, as an exhaustive
    /// search over every placement finds. Under `standard`, a county whose
    /// posts cover ⌈cap·Vₛ⌉ at every station leaves none below the cap.
    #[test]
    fn county_budgets_equal_exhaustive_search((p, params) in county_aux_case()) {
        let reqs = requirements(&p, &params);
        let villages = |c: usize| -> Vec<f64> { p.counties[c].stations.iter().map(|&s| reqs[s].villages).collect() };
        let today = |c: usize| -> Vec<i64> { p.counties[c].stations.iter().map(|&s| p.stations[s].auxiliaries).collect() };
        let budget = |c: usize| p.counties[c].auxiliary_posts(&p.stations);
        let has = |c: usize| villages(c).iter().any(|&v| v > 0.0);
        // Each county's best lowest cover, for the province target.
        let lowest_best = (0..p.counties.len())
            .filter(|&c| has(c))
            .filter_map(|c| exhaustive_county_aux(&villages(c), &today(c), budget(c), true, None, None))
            .filter_map(|(v, _)| v.first().copied())
            .reduce(f64::min);
        for target in [Target::Standard, Target::Leximin, Target::County, Target::Province] {
            let mut params = params.clone();
            params.levers.balance.auxiliaries = target;
            let plan = solve(&p, &params).expect("no officer rule binds");
            prop_assert!(check_plan(&p, &params, &plan).is_empty(), "{:?}", check_plan(&p, &params, &plan));
            // marginal.csv: one more post in a county is that county's
            // budget one higher, re-solved.
            let m = staffing::model::marginal::auxiliary_marginals(&p, &reqs, &params, &plan);
            for (c, mc) in m.iter().enumerate() {
                let mut more = p.clone();
                more.counties[c].auxiliary_budget = Some(budget(c) + 1);
                let again = solve(&more, &params).expect("feasible");
                prop_assert_eq!(mc.province_plus, again.auxiliary_balance_level, "{:?} county {}", target, c);
            }
            let cap = params.levers.balance.cap;
            for c in 0..p.counties.len() {
                let county = &p.counties[c];
                let a: Vec<i64> = county.stations.iter().map(|&s| plan.stations[s].auxiliaries).collect();
                prop_assert_eq!(a.iter().sum::<i64>(), budget(c), "{:?} county {} keeps its posts", target, c);
                let v = villages(c);
                let changes: i64 = a.iter().zip(&today(c)).map(|(x, y)| (x - y).abs()).sum();
                if !has(c) {
                    continue;
                }
                let (lowest_only, level_cap, floor) = match target {
                    Target::Standard => (false, Some(cap), None),
                    Target::Leximin => (false, None, None),
                    Target::County => (true, None, None),
                    Target::Province => (false, None, lowest_best),
                };
                let (best, fewest) = exhaustive_county_aux(&v, &today(c), budget(c), lowest_only, level_cap, floor)
                    .expect("a placement exists");
                if floor.is_none() {
                    let mut covers: Vec<f64> = v.iter().zip(&a).filter(|(v, _)| **v > 0.0)
                        .map(|(v, &k)| level_cap.map_or(k as f64 / v, |c| (k as f64 / v).min(c))).collect();
                    covers.sort_by(f64::total_cmp);
                    if lowest_only {
                        covers.truncate(1);
                    }
                    prop_assert!(compare_sorted(&covers, &best).is_eq(),
                        "{:?} county {}: {} ({:?} against {:?})", target, c, first_differences(&covers, &best), covers, best);
                }
                prop_assert_eq!(changes, fewest, "{:?} county {}: changes", target, c);
                if target == Target::Standard {
                    let enough: i64 = v.iter().map(|&x| (cap * x - 1e-9).ceil().max(0.0) as i64).sum();
                    if budget(c) >= enough {
                        prop_assert!(v.iter().zip(&a).all(|(&x, &k)| at_least(k as f64, cap * x)),
                            "county {}: {} posts for {:?} and still a station below the standard: {:?}", c, budget(c), v, a);
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// The county-by-county auxiliary MILP (sums of the k smallest covers,
    /// then the fewest changes with each county's posts exactly its budget)
    /// agrees with the exact plan on the sorted covers and the changes of
    /// every county, under every auxiliary target.
    #[test]
    fn county_budgets_equal_the_auxiliary_milp((p, params) in county_aux_case()) {
        use staffing::model::milp::MilpOptions;
        let reqs = requirements(&p, &params);
        for target in [Target::Standard, Target::Leximin, Target::County, Target::Province] {
            let mut params = params.clone();
            params.levers.balance.auxiliaries = target;
            params.levers.balance.officers = Target::County;
            let exact = solve(&p, &params).expect("no officer rule binds");
            let milp = staffing::model::milp::fairness::solve(&p, &params, MilpOptions::default()).expect("the MILP solves");
            prop_assert!(check_plan(&p, &params, &milp).is_empty(), "{:?}", check_plan(&p, &params, &milp));
            let cap = (target == Target::Standard).then_some(params.levers.balance.cap);
            for county in &p.counties {
                let covers = |plan: &Plan| {
                    let mut v: Vec<f64> = county.stations.iter().filter(|&&s| reqs[s].villages > 0.0)
                        .map(|&s| {
                            let l = plan.stations[s].auxiliaries as f64 / reqs[s].villages;
                            cap.map_or(l, |c| l.min(c))
                        })
                        .collect();
                    v.sort_by(f64::total_cmp);
                    v
                };
                let changes = |plan: &Plan| -> i64 {
                    county.stations.iter().map(|&s| (plan.stations[s].auxiliaries - p.stations[s].auxiliaries).abs()).sum()
                };
                if matches!(target, Target::Standard | Target::Leximin) {
                    prop_assert!(compare_sorted(&covers(&exact), &covers(&milp)).is_eq(),
                        "{:?} {}: exact {:?}, milp {:?}", target, county.id, covers(&exact), covers(&milp));
                }
                // `county` and `province` hold floors, then the fewest
                // changes: the covers above the floors are not ranked.
                prop_assert_eq!(changes(&exact), changes(&milp), "{:?} {}: changes", target, county.id);
            }
            prop_assert_eq!(exact.auxiliary_balance_level.map(|l| (l * 1e9).round()), milp.auxiliary_balance_level.map(|l| (l * 1e9).round()));
        }
    }
}

/// The shipped what-if: summary.json states the target and compares the
/// three; fairness.csv, targets.csv and binding.csv (with the filling steps)
/// speak Chinese; plan.xlsx has their sheets; the report has the section and
/// the two charts.
#[test]
fn the_fairness_scenario_states_and_compares_the_targets() {
    use staffing::pipeline::{self as run, Engine};
    use staffing::report::{explain, fairness, i18n, Lang, ReportOptions};
    use std::collections::BTreeMap;
    use std::path::Path;

    let loaded = run::load(Path::new("scenarios/fairness.toml")).unwrap();
    let solution = run::solve(&loaded, Engine::Exact).unwrap();
    let o = &solution.outcome;
    assert_eq!(o.plan.status.as_str(), "optimal");
    let summary: serde_json::Value = serde_json::from_slice(&o.summary.to_file_json()).unwrap();
    let balance = &summary["balance"];
    assert_eq!(balance["target"], "leximin");
    assert_eq!(balance["auxiliaries"], "leximin");
    assert_eq!(balance["counties"].as_array().unwrap().len(), 86);
    let rows = balance["comparison"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["target"].as_str().unwrap()).collect();
    assert_eq!(names, ["province", "standard", "county", "leximin"]);
    // The price of fairness: each target moves more officers than the
    // province's and leaves fewer stations below 1.0; county and leximin in
    // that order; the standard, which fills nobody beyond 1.0, leaves no
    // more below 1.0 than leximin, for fewer moves. Leximin's plan is this
    // one.
    let moved: Vec<i64> = rows
        .iter()
        .map(|r| r["officers_moved"].as_i64().unwrap())
        .collect();
    let below: Vec<i64> = rows
        .iter()
        .map(|r| r["stations_below_1"].as_i64().unwrap())
        .collect();
    assert!(moved[0] < moved[2] && moved[2] < moved[3], "{moved:?}");
    assert!(moved[0] < moved[1] && moved[1] < moved[3], "{moved:?}");
    assert!(below[0] > below[2] && below[2] > below[3], "{below:?}");
    assert_eq!(below[1], below[3], "{below:?}");
    assert_eq!(moved[3], o.plan.officers_moved);
    // Under the province target most counties keep a station below their
    // own best level; under county and leximin none does.
    let f = o.fairness.comparison.as_ref().unwrap();
    assert!(
        f[0].counties_below_best > 40,
        "{}",
        f[0].counties_below_best
    );
    assert_eq!((f[2].counties_below_best, f[3].counties_below_best), (0, 0));
    // Every county's lowest station is at its own best level.
    for c in &o.fairness.counties {
        if let (Some(best), Some(low)) = (c.best_level, c.lowest.after) {
            assert!(compare_sorted(&[low], &[best]).is_eq(), "{best} {low}");
        }
    }

    // Chinese headers for every new column and sheet.
    let ex = solution.explain(loaded.unmerged.as_deref());
    let mut tables = fairness::tables(o);
    tables.extend(
        explain::tables(o, &ex)
            .into_iter()
            .filter(|(s, _)| *s == "binding"),
    );
    let stems: Vec<&str> = tables.iter().map(|(s, _)| *s).collect();
    assert_eq!(stems, ["fairness", "targets", "binding"]);
    for (stem, table) in &tables {
        for key in &table.header {
            assert!(
                i18n::has_header(key),
                "{stem}.csv: `{key}` has no Chinese name"
            );
        }
        assert_ne!(i18n::sheet(Lang::Zh, stem), *stem, "sheet {stem}");
    }
    let binding = &tables[2].1;
    assert!(binding.header.iter().any(|h| h == "fill_step"));
    // Every station with workload is fixed at some step, once per
    // requirement that stops it.
    assert!(binding.rows.len() >= 1600, "{}", binding.rows.len());

    let files: BTreeMap<String, Vec<u8>> = solution
        .files(
            loaded.unmerged.as_deref(),
            &ReportOptions {
                lang: None,
                charts: Some(staffing::report::Formats::Svg),
            },
        )
        .unwrap()
        .into_iter()
        .map(|f| (f.name, f.bytes))
        .collect();
    for name in [
        "fairness.csv",
        "targets.csv",
        "targets-levels.svg",
        "targets-price.svg",
    ] {
        assert!(files.contains_key(name), "{name}");
    }
    let targets = String::from_utf8(files["targets.csv"].clone()).unwrap();
    assert!(
        targets.starts_with("\u{feff}balance_target,solve_status,officers_moved"),
        "{targets}"
    );
    let report = String::from_utf8(files["report.html"].clone()).unwrap();
    assert!(report.contains("<section id=\"fairness\">"));
    assert!(report.contains("县内字典序最大最小"));
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plan.xlsx");
    std::fs::write(&book, &files["plan.xlsx"]).unwrap();
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheets = wb.sheet_names();
    assert!(
        sheets.contains(&"县内均衡".to_string()) && sheets.contains(&"均衡目标比较".to_string()),
        "{sheets:?}"
    );
}

/// Through the binary: the same bytes whatever the thread count (the
/// comparison solves the targets in parallel), and the console says what
/// was compared.
#[test]
fn the_comparison_is_the_same_on_one_thread_or_two() {
    use crate::support::{run_with_timeout, staffing};
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        let mut cmd = staffing();
        cmd.env("RAYON_NUM_THREADS", threads)
            .args([
                "solve",
                "scenarios/fairness.toml",
                "--charts",
                "none",
                "--lang",
                "en",
                "--out",
            ])
            .arg(&out);
        let done = run_with_timeout(cmd, std::time::Duration::from_secs(120)).unwrap();
        assert_eq!(done.code, Some(0), "{}", done.stderr);
        assert!(done.stdout.contains("targets compared"), "{}", done.stdout);
        assert!(
            done.stdout.contains("balance target       leximin"),
            "{}",
            done.stdout
        );
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        outputs.push(files);
    }
    assert_eq!(outputs[0], outputs[1]);
    // The same run in the data's language names the targets in Chinese,
    // with the value the scenario takes beside each.
    let mut cmd = staffing();
    cmd.args([
        "solve",
        "scenarios/fairness.toml",
        "--charts",
        "none",
        "--out",
    ])
    .arg(dir.path().join("zh"));
    let zh = run_with_timeout(cmd, std::time::Duration::from_secs(120)).unwrap();
    assert_eq!(zh.code, Some(0), "{}", zh.stderr);
    for label in [
        "均衡目标        字典序（`leximin`）",
        "全省统一（`province`）",
        "本县最优（`county`）",
    ] {
        assert!(zh.stdout.contains(label), "{label}: {}", zh.stdout);
    }
}

/// A tie too large to try every choice: 40 stations (Dₛ = 1, 2, …, 40)
/// all stand at level 1.0 and 20 spare officers let any 20 of them rise —
/// C(40, 20) ≈ 1.4·10¹¹ choices. The fill stops at its work limit, keeps a
/// valid plan that lifts 20 stations, and says `time_limit`, not `optimal`.
#[test]
fn a_tie_too_large_to_search_ends_and_is_not_called_optimal() {
    let stations: Vec<_> = (1..=40)
        .map(|d| (500.0 * d as f64, 0.0, 0.0, d, 0, 0))
        .collect();
    let p = province(&[(840, 0, stations)]);
    let mut params = simple_params(0);
    params.quotas.community_share = 0.0;
    params.min_officers = 0;
    let params = with_target(params, Target::Leximin);
    // Under a time limit: a search that ignored its work limit would hang.
    let (send, receive) = std::sync::mpsc::channel();
    let (p2, params2) = (p.clone(), params.clone());
    std::thread::spawn(move || {
        let _ = send.send(solve(&p2, &params2));
    });
    let plan = receive
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the fill ends within its work limit")
        .unwrap();
    assert!(check_plan(&p, &params, &plan).is_empty());
    assert_eq!(plan.status.as_str(), "time_limit");
    let reqs = requirements(&p, &params);
    let (levels, _) = county_result(&p, &reqs, &plan, 0);
    assert_eq!(
        levels.iter().filter(|&&l| l > 1.0).count(),
        20,
        "{levels:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The fill's loops are bounded for any finite requirements, even ones
    /// the loader would refuse, under every target and auxiliary target: it
    /// ends without a panic (each round fixes a station; ties are bounded by
    /// their work).
    #[test]
    fn every_target_ends_for_any_finite_requirement(
        reals in prop::collection::vec(prop_oneof![
            3 => 0.1f64..5000.0,
            1 => prop::sample::select(vec![0.0, 5e-324, f64::MIN_POSITIVE, 1e-200, 1e-9, 1e9, 1e200, 3e9]),
        ], 9),
        officers in prop::collection::vec(0i64..40, 3),
        duty_factor in 0.0f64..=1.0,
        station_scope in any::<bool>(),
    ) {
        use staffing::domain::CommunityScope;
        let mut params = simple_params(20);
        params.auxiliaries.duty_factor = duty_factor;
        if station_scope {
            params.quotas.community_scope = CommunityScope::Station;
        }
        let s = |i: usize| (reals[3 * i], reals[3 * i + 1], reals[3 * i + 2], officers[i], officers[i] / 3, 2);
        let p = province(&[(60, 5, vec![s(0), s(1)]), (40, 4, vec![s(2)])]);
        let reqs = requirements(&p, &params);
        prop_assume!(reqs.iter().all(|r| [r.duty, r.community, r.villages, r.duty_credit].iter().all(|v| v.is_finite())));
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for target in [Target::County, Target::Leximin] {
                let mut params = params.clone();
                params.levers.balance.officers = target;
                params.levers.balance.auxiliaries = target;
                let _ = staffing::model::solve_with(&p, &params, &reqs);
            }
            let _ = tx.send(());
        });
        match rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(()) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => prop_assert!(false, "the fill ran past 60 s"),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => prop_assert!(false, "the fill panicked"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The searches' one-pass feasibility test agrees with the county's
    /// full bounds at every level the searches ask about: 0, every
    /// station's rungs, just above each, between them, and above all of
    /// them (both community scopes, locks, caps, move caps, credits).
    #[test]
    fn one_pass_feasibility_agrees_with_the_bounds((p, params) in lever_case(), t in 0.0f64..3.0) {
        use staffing::model::level::At;
        use staffing::model::rules::CountyBounds;
        let reqs = requirements(&p, &params);
        let mut levels = vec![0.0, t, 10.0];
        for r in &reqs {
            for v in [r.duty, r.community] {
                if v > 0.0 {
                    levels.extend((0..6).map(|k| k as f64 / v));
                }
            }
        }
        for county in &p.counties {
            for &l in &levels {
                for at in [At::Level(l), At::JustAbove(l)] {
                    let full = CountyBounds::at(county, &reqs, &params, at).feasible();
                    prop_assert_eq!(CountyBounds::feasible_at(county, &reqs, &params, at), full, "{:?}", at);
                    // Each station at its own level, as the fills ask.
                    let each = |i: usize| if i % 2 == 0 { at } else { At::Level(l * 0.5) };
                    let full = CountyBounds::at_each(county, &reqs, &params, each).feasible();
                    prop_assert_eq!(CountyBounds::feasible_each(county, &reqs, &params, each), full);
                }
            }
        }
    }
}
