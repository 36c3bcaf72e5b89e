//! Workload per person, before and after, as planners read it.

use crate::domain::{CommunityScope, County, Params, Province, Station};
use crate::model::requirement::handled_calls;
use crate::numeric::at_least;
use crate::plan::Plan;

/// Calls a year per duty officer (officers − community officers). `None`
/// when calls fall on a station with no duty officer.
pub fn calls_per_duty_officer(
    station: &Station,
    params: &Params,
    officers: i64,
    community: i64,
) -> Option<f64> {
    per(
        handled_calls(station, &params.workload),
        officers - community,
    )
}

/// Residents per community officer. `None` when residents have no community
/// officer at all.
pub fn residents_per_community_officer(station: &Station, community: i64) -> Option<f64> {
    per(station.population, community)
}

fn per(load: f64, people: i64) -> Option<f64> {
    if people > 0 {
        Some(load / people as f64)
    } else if load > 0.0 {
        None
    } else {
        Some(0.0)
    }
}

/// The worst (largest) of a set of loads; `None` if any is unstaffed.
pub fn worst(loads: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let mut worst = 0.0_f64;
    for l in loads {
        worst = worst.max(l?);
    }
    Some(worst)
}

/// Before/after figures of one county.
pub struct CountyFigures {
    pub station_officers: i64,
    pub community_officers: i64,
    pub station_share: f64,
    pub community_share: f64,
    pub station_rule: bool,
    pub community_rule: bool,
}

/// Station officers, community officers and the two 40% rules of a county
/// under a deployment given as (officers, community officers) per station.
pub fn county_figures(
    county: &County,
    params: &Params,
    deployment: impl Fn(usize) -> (i64, i64),
) -> CountyFigures {
    let mut x = 0;
    let mut y = 0;
    let mut every_station = true;
    let q = params.quotas.community_share;
    for &s in &county.stations {
        let (xs, ys) = deployment(s);
        x += xs;
        y += ys;
        every_station &= at_least(ys as f64, q * xs as f64);
    }
    let station_share = ratio(x, county.officers_total);
    let community_share = ratio(y, x);
    CountyFigures {
        station_officers: x,
        community_officers: y,
        station_share,
        community_share,
        station_rule: at_least(
            x as f64,
            params.quotas.station_share * county.officers_total as f64,
        ),
        community_rule: match params.quotas.community_scope {
            CommunityScope::County => at_least(y as f64, q * x as f64),
            CommunityScope::Station => every_station,
        },
    }
}

fn ratio(a: i64, b: i64) -> f64 {
    if b > 0 {
        a as f64 / b as f64
    } else {
        0.0
    }
}

/// Today's deployment of station `s`.
pub fn today(province: &Province) -> impl Fn(usize) -> (i64, i64) + '_ {
    |s| {
        (
            province.stations[s].officers,
            province.stations[s].community_officers,
        )
    }
}

/// The plan's deployment of station `s`.
pub fn planned(plan: &Plan) -> impl Fn(usize) -> (i64, i64) + '_ {
    |s| {
        (
            plan.stations[s].officers,
            plan.stations[s].community_officers,
        )
    }
}
