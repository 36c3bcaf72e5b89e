//! The staffing model and its exact solver.
//!
//! Phase 1 finds the highest balance level t ([`balance`]), phase 2 moves the
//! fewest officers at that level ([`transfers`]), and the auxiliaries follow
//! the same two phases under a provincial budget ([`auxiliaries`]). Every
//! rule is one function in [`rules`]; [`milp`] states the same model as one
//! mixed-integer program, as a second opinion.

pub mod analysis;
pub mod auxiliaries;
pub mod balance;
pub mod calls;
pub mod fairness;
pub mod greedy;
pub mod level;
pub mod levers;
pub mod marginal;
pub mod merge;
pub mod milp;
pub mod need;
pub mod recruits;
pub mod requirement;
pub mod reuse;
pub mod rules;
pub mod service;
pub mod service_need;
pub mod strength;
pub mod transfers;

use crate::domain::{Params, Province, Target};
use crate::plan::{
    Binding, CapacityRule, CountyPlan, Fairness, FloorFix, Infeasibility, Plan, StationConflict,
    StationFloor, StationPlan, Status,
};
use balance::{county_max_level, stepping_stations, CountyLevel};
use level::At;
use requirement::Requirement;
use rules::CountyBounds;

/// Name of the exact solver, recorded in provenance.
pub const EXACT_SOLVER: &str = "staffing-exact (breakpoint search + closed-form transfers)";

/// Solves both phases for officers and auxiliaries, exactly.
///
/// Returns every county's broken rule when no plan exists.
pub fn solve(province: &Province, params: &Params) -> Result<Plan, Vec<Infeasibility>> {
    let reqs = requirement::requirements(province, params);
    solve_with(province, params, &reqs)
}

/// [`solve`] with the requirements already computed.
pub fn solve_with(
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
) -> Result<Plan, Vec<Infeasibility>> {
    solve_reusing(province, params, reqs, None)
}

/// [`solve_with`], taking each phase's result from `reuse` when the same
/// inputs were solved before ([`reuse`]): the officers' phases, then the
/// auxiliaries' (which the officers' plan does not depend on).
pub fn solve_reusing(
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
    reuse: Option<reuse::Shared<'_>>,
) -> Result<Plan, Vec<Infeasibility>> {
    let mut plan = match reuse {
        Some(r) => r.officers(province, params, reqs, || {
            solve_officers(province, params, reqs)
        }),
        None => solve_officers(province, params, reqs),
    }?;
    let aux = match reuse {
        Some(r) => r.auxiliaries(params, reqs, || {
            fairness::plan_auxiliaries_for(province, reqs, params)
        }),
        None => fairness::plan_auxiliaries_for(province, reqs, params),
    };
    for (p, a) in plan.stations.iter_mut().zip(&aux.auxiliaries) {
        p.auxiliaries = *a;
    }
    plan.auxiliary_balance_level = aux.level;
    plan.auxiliaries_changed = aux.changed;
    Ok(plan)
}

/// Both officers' phases: the plan with every station's officers and
/// community officers, and no auxiliaries yet (none per station, no level,
/// none changed).
fn solve_officers(
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
) -> Result<Plan, Vec<Infeasibility>> {
    let levels: Vec<CountyLevel> = province
        .counties
        .iter()
        .map(|c| county_max_level(c, reqs, params))
        .collect();

    let mut broken = Vec::new();
    for (county, level) in province.counties.iter().zip(&levels) {
        if let CountyLevel::Infeasible(bounds) = level {
            broken.extend(explain_levers(county, province, reqs, params, bounds));
        }
    }
    if !broken.is_empty() {
        return Err(broken);
    }

    let balance_level = levels
        .iter()
        .filter_map(|l| match l {
            CountyLevel::Level(t) => Some(*t),
            _ => None,
        })
        .reduce(f64::min);
    let at = At::Level(balance_level.unwrap_or(0.0));
    // Under `county` and `leximin`, each station's own held level.
    let target = params.levers.balance.officers;
    let held = (target != Target::Province)
        .then(|| fairness::held_levels(province, reqs, params, &levels));

    let mut plan_stations = vec![StationPlan::default(); province.stations.len()];
    let mut counties = Vec::with_capacity(province.counties.len());
    let mut binding = Vec::new();
    let mut officers_moved = 0;
    // Under `leximin`, the stations each county's fill fixed first.
    let mut first_fixed = vec![Vec::new(); province.counties.len()];
    if let Some(h) = &held {
        for f in h.steps.iter().filter(|f| f.step == 1) {
            let c = province.stations[f.station].county;
            first_fixed[c].extend(f.dimensions.iter().map(|&d| (f.station, d)));
        }
    }
    for (ci, (county, level)) in province.counties.iter().zip(&levels).enumerate() {
        let a = match &held {
            None => transfers::assign_county(county, &province.stations, reqs, params, at),
            Some(h) => {
                transfers::assign_county_each(county, &province.stations, reqs, params, |i| {
                    At::Level(h.levels[county.stations[i]])
                })
            }
        };
        for (i, &s) in county.stations.iter().enumerate() {
            plan_stations[s].officers = a.officers[i];
            plan_stations[s].community_officers = a.community[i];
        }
        let max_level = match level {
            CountyLevel::Level(t) => Some(*t),
            _ => None,
        };
        if let (Some(t), Some(tc)) = (balance_level, max_level) {
            // Under `county` and `leximin` every county is held to its own
            // level, so each county's limiting stations bind: those whose
            // requirement steps just above t*c, and under `leximin` those
            // of them the fill fixed there (the others rose).
            // Under `standard` the stations that bind are those of the
            // province level, as under `province`: every county holds its
            // lowest station at min(t*c, cap) ≥ t*, and only the hardest
            // counties' reach t*.
            let stepping = match target {
                Target::Province | Target::Standard if tc <= t => {
                    stepping_stations(county, reqs, t)
                }
                Target::Province | Target::Standard => Vec::new(),
                Target::County => stepping_stations(county, reqs, tc),
                Target::Leximin => std::mem::take(&mut first_fixed[ci]),
            };
            binding.extend(
                stepping
                    .into_iter()
                    .map(|(station, dimension)| Binding { station, dimension }),
            );
        }
        officers_moved = rules::total([officers_moved, a.moves]);
        counties.push(CountyPlan {
            station_officers: a.station_officers,
            hq_officers: county.deployable() - a.station_officers,
            max_level,
            officers_moved: a.moves,
        });
    }

    let proven = held.as_ref().map_or(true, |h| h.proven);
    Ok(Plan {
        status: if proven {
            Status::Optimal
        } else {
            Status::TimeLimit
        },
        balance_level,
        officers_moved,
        auxiliary_balance_level: None,
        auxiliaries_changed: 0,
        stations: plan_stations,
        counties,
        binding,
        solver: EXACT_SOLVER.to_string(),
        fairness: held.map(|h| Fairness {
            target,
            levels: h.levels,
            steps: h.steps,
        }),
    })
}

fn county_label(county: &crate::domain::County) -> String {
    if county.name.is_empty() {
        county.id.clone()
    } else {
        format!("{} ({})", county.id, county.name)
    }
}

/// Every reason a county has no plan even at balance level 0, in policy
/// terms with the smallest single fix, found by exact reasoning over the
/// bounds: first each station whose own bounds contradict (minimum or
/// 24-hour posts against capacity, a lock or a move cap), then the county
/// rules against HQ minimum ([`explain`]) and against capacity, and last
/// the county move cap when nothing else is wrong.
pub fn explain_levers(
    county: &crate::domain::County,
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    bounds: &CountyBounds,
) -> Vec<Infeasibility> {
    let name = county_label(county);
    let mut out = Vec::new();
    for (&s, b) in county.stations.iter().zip(&bounds.stations) {
        if b.floor <= b.cap {
            continue;
        }
        let st = &province.stations[s];
        let r = &reqs[s];
        let station = if st.name.is_empty() {
            st.id.clone()
        } else {
            format!("{} ({})", st.id, st.name)
        };
        let by_posts = r.duty_post_minimum >= r.min_officers && r.duty_post_minimum > 0;
        let minimum = if by_posts {
            // 24-hour posts set the minimum.
            StationFloor::Posts(r.duty_post_minimum)
        } else {
            StationFloor::Minimum(r.min_officers)
        };
        let x0 = r.officers_today;
        let fix_to = |n: i64| {
            if by_posts {
                FloorFix::CutPosts(
                    (n as f64 * params.workload.officer_hours_per_year
                        / crate::domain::HOURS_PER_YEAR)
                        .floor(),
                )
            } else {
                FloorFix::LowerMinimum(n)
            }
        };
        let conflict = if r.locked && b.rules_floor > x0 {
            StationConflict::Locked {
                today: x0,
                floor: minimum,
                fix: fix_to(x0),
            }
        } else if r.restricted > r.max_officers {
            StationConflict::Restricted {
                restricted: r.restricted,
                max_officers: r.max_officers,
            }
        } else if b.rules_floor > r.max_officers {
            StationConflict::Capacity {
                floor: minimum,
                max_officers: r.max_officers,
                raise_by: b.rules_floor - r.max_officers,
                fix: fix_to(r.max_officers),
            }
        } else if let Some(k) = r.max_moves.filter(|&k| x0 + k < b.rules_floor) {
            StationConflict::MoveCapGain {
                today: x0,
                floor: minimum,
                cap: k,
                raise_to: b.rules_floor - x0,
            }
        } else if let Some(k) = r.max_moves.filter(|&k| x0 - k > r.max_officers) {
            StationConflict::MoveCapLose {
                today: x0,
                max_officers: r.max_officers,
                cap: k,
                cap_to: x0 - r.max_officers,
                max_to: x0 - k,
            }
        } else {
            StationConflict::Bounds {
                floor: b.floor,
                cap: b.cap,
            }
        };
        out.push(Infeasibility::Station {
            county: name.clone(),
            station,
            conflict,
        });
    }
    let rules_floors: i64 = bounds
        .stations
        .iter()
        .fold(0i64, |a, b| a.saturating_add(b.rules_floor));
    let mut county_rules = bounds.clone();
    county_rules.station_floors = rules_floors;
    out.extend(explain(county, params, &county_rules));
    // Capacity explains only when some lever bounds it (Σuₛ below
    // UNREACHABLE): without max_officers, locks or move caps there is none.
    let capped = bounds.station_caps < rules::UNREACHABLE;
    if capped && bounds.station_share > bounds.station_caps {
        out.push(Infeasibility::StationCapacity {
            county: name.clone(),
            needed: bounds.station_share,
            capacity: bounds.station_caps,
            rule: CapacityRule::StationShare(params.quotas.station_share),
        });
    } else if capped
        && bounds.station_floors > bounds.station_caps
        && bounds.stations.iter().all(|b| b.floor <= b.cap)
    {
        // Cannot happen (Σℓ ≤ Σu when every ℓₛ ≤ uₛ); kept for safety.
        out.push(Infeasibility::StationCapacity {
            county: name.clone(),
            needed: bounds.station_floors,
            capacity: bounds.station_caps,
            rule: CapacityRule::StationMinimums,
        });
    }
    if out.is_empty() {
        if let Some(k) = bounds.move_cap {
            if bounds.min_moves > k {
                out.push(Infeasibility::MoveCap {
                    county: name.clone(),
                    needed: bounds.min_moves,
                    cap: k,
                });
            }
        }
    }
    if out.is_empty() {
        // Only the move-cap floors (x⁰ₛ − k) push the county past HQ minimum.
        out.push(Infeasibility::StationMinimums {
            county: name,
            needed: bounds.station_floors,
            force: county.officers_total,
            hq_min: county.hq_min,
            available: bounds.hq_cap,
        });
    }
    out
}

/// The rules a county breaks even at balance level 0 against its HQ
/// minimum, in policy terms.
pub fn explain(
    county: &crate::domain::County,
    params: &Params,
    bounds: &CountyBounds,
) -> Vec<Infeasibility> {
    let name = county_label(county);
    let mut out = Vec::new();
    if bounds.station_share > bounds.hq_cap {
        out.push(Infeasibility::StationShare {
            county: name.clone(),
            share: params.quotas.station_share,
            force: county.officers_total,
            needed: bounds.station_share,
            hq_min: county.hq_min,
            available: bounds.hq_cap,
            force_increase: force_increase_for_station_share(county, params.quotas.station_share),
        });
    }
    if bounds.station_floors > bounds.hq_cap {
        out.push(Infeasibility::StationMinimums {
            county: name,
            needed: bounds.station_floors,
            force: county.officers_total,
            hq_min: county.hq_min,
            available: bounds.hq_cap,
        });
    }
    out
}

/// The fewest officers k to add to a county's force so that the station-share
/// rule fits under hq_min: ⌈p·(E + k)⌉ ≤ E + k − σ − hq_min (σ the officers
/// seconded away, 0 without them).
///
/// The slack E + k − hq_min − ⌈p·(E + k)⌉ never falls as k grows (it gains
/// 1 − p ≥ 0 per officer, less rounding), so the fewest k is found by
/// doubling k until it fits and bisecting back: at most 2·62 checks, in
/// checked arithmetic. `None` when no k below [`rules::UNREACHABLE`] fits
/// (a share of 100% with an HQ minimum, or a share within rounding of it).
pub fn force_increase_for_station_share(county: &crate::domain::County, p: f64) -> Option<i64> {
    if p >= 1.0 {
        return (county.hq_min == 0 && county.seconded_away == 0).then_some(0);
    }
    let fits = |k: i64| {
        county.officers_total.checked_add(k).is_some_and(|force| {
            rules::station_share_of(force, p)
                <= force
                    .saturating_sub(county.seconded_away)
                    .saturating_sub(county.hq_min)
        })
    };
    if fits(0) {
        return Some(0);
    }
    // fits(lo) fails, fits(hi) holds.
    let (mut lo, mut hi) = (0i64, 1i64);
    while !fits(hi) {
        if hi >= rules::UNREACHABLE {
            return None;
        }
        lo = hi;
        hi = hi.saturating_mul(2);
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::County;

    fn county(force: i64, hq_min: i64) -> County {
        County {
            id: "C".into(),
            name: String::new(),
            officers_total: force,
            hq_min,
            stations: Vec::new(),
            max_moves: None,
            seconded_away: 0,
            auxiliary_budget: None,
        }
    }

    #[test]
    fn force_increase_is_exact_and_ends_for_any_share() {
        // ⌈0.56·(40 + k)⌉ ≤ 40 + k − 18 first holds at k = 1.
        assert_eq!(
            force_increase_for_station_share(&county(40, 18), 0.56),
            Some(1)
        );
        assert_eq!(
            force_increase_for_station_share(&county(40, 5), 0.4),
            Some(0)
        );
        // Slack grows by 1 − p = 10⁻¹⁵ per officer: far beyond any force,
        // found in a few dozen checks instead of 10¹⁵ steps.
        let k = force_increase_for_station_share(&county(1_000_000_000, 1_000_000), 1.0 - 1e-15);
        assert!(!matches!(k, Some(k) if k <= 1_000_000_000), "{k:?}");
        assert_eq!(force_increase_for_station_share(&county(10, 1), 1.0), None);
        assert_eq!(
            force_increase_for_station_share(&county(i64::MAX, 0), 0.4),
            Some(0)
        );
    }
}
