//! Phase 2: with the balance level fixed, move as few officers as possible.
//!
//! Per county c, with ℓₛ the fewest officers station s may have at the level
//! ([`CountyBounds`]), minimise
//!
//! moves_c = ½ (Σₛ |xₛ − x⁰ₛ| + |hc − h⁰c|),  hc = Ec − Xc,
//!
//! subject to xₛ ≥ ℓₛ and floor_c ≤ Xc ≤ cap_c. Let cₛ = max(x⁰ₛ, ℓₛ),
//! X¹ = Σₛ cₛ and X⁰ = Σₛ x⁰ₛ. For a county total X the fewest station changes
//! are (X¹ − X⁰) + |X − X¹| (raise every short station to ℓₛ, then add or
//! remove the rest anywhere allowed), so the whole objective is
//! ½((X¹ − X⁰) + |X − X¹| + |X − X⁰|): every X in [X⁰, X¹] ∩ [floor, cap]
//! is optimal, and outside it the nearest end is. This is exact.
//!
//! Among the optimal plans the tool draws from HQ first (the largest optimal
//! X, in line with moving officers down to the stations) and, where it must
//! take from or add to stations, it takes where officers per unit of workload
//! are highest and adds where they are lowest. Community officers are then
//! chosen as close to today's as the rules allow.

use crate::domain::{CommunityScope, County, Params, Station};
use crate::model::greedy::{give, take};
use crate::model::level::{ceil_tol, At};
use crate::model::requirement::Requirement;
use crate::model::rules::CountyBounds;

/// The optimal officers of one county.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyAssignment {
    /// xₛ, in the county's station order.
    pub officers: Vec<i64>,
    /// yₛ, in the county's station order.
    pub community: Vec<i64>,
    /// Xc.
    pub station_officers: i64,
    /// The minimal moves.
    pub moves: i64,
}

/// The optimal county total: minimises |X − X¹| + |X − X⁰| over
/// [floor, cap], taking the largest optimal value.
pub fn optimal_total(x0: i64, x1: i64, floor: i64, cap: i64) -> i64 {
    x0.max(x1).max(floor).min(cap)
}

/// Phase 2 for one feasible county at level `at`.
pub fn assign_county(
    county: &County,
    stations: &[Station],
    reqs: &[Requirement],
    params: &Params,
    at: At,
) -> CountyAssignment {
    let bounds = CountyBounds::at(county, reqs, params, at);
    debug_assert!(bounds.feasible());
    let today: Vec<i64> = county
        .stations
        .iter()
        .map(|&s| stations[s].officers)
        .collect();
    let floors: Vec<i64> = bounds.stations.iter().map(|b| b.floor).collect();
    let need: Vec<f64> = county
        .stations
        .iter()
        .map(|&s| reqs[s].duty + reqs[s].community)
        .collect();

    let mut officers: Vec<i64> = today.iter().zip(&floors).map(|(&x, &l)| x.max(l)).collect();
    let x0: i64 = today.iter().sum();
    let x1: i64 = officers.iter().sum();
    let total = optimal_total(x0, x1, bounds.floor, bounds.cap);
    if total > x1 {
        let upper = vec![i64::MAX; officers.len()];
        give(&mut officers, &need, &upper, total - x1);
    } else if total < x1 {
        take(&mut officers, &need, &floors, x1 - total);
    }
    debug_assert_eq!(officers.iter().sum::<i64>(), total);

    let community = assign_community(county, stations, reqs, params, &bounds, &officers);
    let station_changes: i64 = officers
        .iter()
        .zip(&today)
        .map(|(x, t)| (x - t).abs())
        .sum();
    let moves = (station_changes + (total - x0).abs()) / 2;
    CountyAssignment {
        officers,
        community,
        station_officers: total,
        moves,
    }
}

/// Community officers yₛ ∈ [lowₛ, xₛ − dₛ] as close to today's y⁰ₛ as the
/// rules allow: start from y⁰ₛ clamped into range, then, under county scope,
/// raise the stations with the fewest community officers per unit of need
/// until Σₛ yₛ ≥ ⌈q·Xc⌉. Every unit raised is a necessary change, so the
/// number of role changes Σₛ|yₛ − y⁰ₛ| is the least possible.
fn assign_community(
    county: &County,
    stations: &[Station],
    reqs: &[Requirement],
    params: &Params,
    bounds: &CountyBounds,
    officers: &[i64],
) -> Vec<i64> {
    let q = params.quotas.community_share;
    let scope = params.quotas.community_scope;
    let mut low = Vec::with_capacity(officers.len());
    let mut high = Vec::with_capacity(officers.len());
    for (b, &x) in bounds.stations.iter().zip(officers) {
        let mut lo = b.community;
        if scope == CommunityScope::Station {
            lo = lo.max(ceil_tol(q * x as f64));
        }
        low.push(lo);
        high.push(x - b.duty);
    }
    let mut community: Vec<i64> = county
        .stations
        .iter()
        .enumerate()
        .map(|(i, &s)| stations[s].community_officers.clamp(low[i], high[i]))
        .collect();
    if scope == CommunityScope::County {
        let total: i64 = officers.iter().sum();
        let needed = ceil_tol(q * total as f64);
        let have: i64 = community.iter().sum();
        if needed > have {
            let need: Vec<f64> = county.stations.iter().map(|&s| reqs[s].community).collect();
            give(&mut community, &need, &high, needed - have);
        }
    }
    community
}
