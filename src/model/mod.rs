//! The staffing model and its exact solver.
//!
//! Phase 1 finds the highest balance level t ([`balance`]), phase 2 moves the
//! fewest officers at that level ([`transfers`]), and the auxiliaries follow
//! the same two phases under a provincial budget ([`auxiliaries`]). Every
//! rule is one function in [`rules`]; [`milp`] states the same model as one
//! mixed-integer program, as a second opinion.

pub mod auxiliaries;
pub mod balance;
pub mod greedy;
pub mod level;
pub mod levers;
pub mod milp;
pub mod milp_recruits;
pub mod recruits;
pub mod requirement;
pub mod rules;
pub mod transfers;

use crate::domain::{Params, Province};
use crate::plan::{Binding, CountyPlan, Infeasibility, Plan, StationPlan, Status};
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
    let levels: Vec<CountyLevel> = province
        .counties
        .iter()
        .map(|c| county_max_level(c, reqs, params))
        .collect();

    let mut broken = Vec::new();
    for (county, level) in province.counties.iter().zip(&levels) {
        if let CountyLevel::Infeasible(bounds) = level {
            broken.extend(explain(county, params, bounds));
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

    let mut plan_stations = vec![StationPlan::default(); province.stations.len()];
    let mut counties = Vec::with_capacity(province.counties.len());
    let mut binding = Vec::new();
    let mut officers_moved = 0;
    for (county, level) in province.counties.iter().zip(&levels) {
        let a = transfers::assign_county(county, &province.stations, reqs, params, at);
        for (i, &s) in county.stations.iter().enumerate() {
            plan_stations[s].officers = a.officers[i];
            plan_stations[s].community_officers = a.community[i];
        }
        let max_level = match level {
            CountyLevel::Level(t) => Some(*t),
            _ => None,
        };
        if let (Some(t), Some(tc)) = (balance_level, max_level) {
            if tc <= t {
                binding.extend(
                    stepping_stations(county, reqs, t)
                        .into_iter()
                        .map(|(station, dimension)| Binding { station, dimension }),
                );
            }
        }
        officers_moved += a.moves;
        counties.push(CountyPlan {
            station_officers: a.station_officers,
            hq_officers: county.officers_total - a.station_officers,
            max_level,
            officers_moved: a.moves,
        });
    }

    let aux = auxiliaries::plan_auxiliaries(&province.stations, reqs, params.auxiliaries.total);
    for (p, a) in plan_stations.iter_mut().zip(&aux.auxiliaries) {
        p.auxiliaries = *a;
    }
    Ok(Plan {
        status: Status::Optimal,
        balance_level,
        officers_moved,
        auxiliary_balance_level: aux.level,
        auxiliaries_changed: aux.changed,
        stations: plan_stations,
        counties,
        binding,
        solver: EXACT_SOLVER.to_string(),
    })
}

/// The rules a county breaks even at balance level 0, in policy terms.
pub fn explain(
    county: &crate::domain::County,
    params: &Params,
    bounds: &CountyBounds,
) -> Vec<Infeasibility> {
    let name = if county.name.is_empty() {
        county.id.clone()
    } else {
        format!("{} ({})", county.id, county.name)
    };
    let mut out = Vec::new();
    if bounds.station_share > bounds.cap {
        out.push(Infeasibility::StationShare {
            county: name.clone(),
            share: params.quotas.station_share,
            force: county.officers_total,
            needed: bounds.station_share,
            hq_min: county.hq_min,
            available: bounds.cap,
        });
    }
    if bounds.station_floors > bounds.cap {
        out.push(Infeasibility::StationMinimums {
            county: name,
            needed: bounds.station_floors,
            force: county.officers_total,
            hq_min: county.hq_min,
            available: bounds.cap,
        });
    }
    out
}
