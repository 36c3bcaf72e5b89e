//! Marginal values in plain words: where one more officer, or one more
//! auxiliary post, raises the balance level most.
//!
//! The province's balance level is t* = min_c t*c, so one more officer helps
//! the province only in a county whose own best level is t*. To be
//! informative everywhere, each county gets both figures, computed exactly by
//! re-running the county's breakpoint search ([`county_max_level`]) with one
//! more officer in its force (so its station cap Ec − hq_min rises by one):
//! - its own best level with the officer, t⁺c;
//! - the province's level with the officer there, min(t⁺c, min_{c'≠c} t*c').
//!
//! The officer goes to the station(s) whose requirement steps up just above
//! t*c ([`stepping_stations`]); when several step together, one officer is
//! not enough and t⁺c = t*c.
//!
//! One more auxiliary post in county c goes to its station with the lowest
//! cover aₛ ÷ Vₛ. The provincial budget B is pooled, so the province's
//! auxiliary level with it is the highest tₐ with Σₛ⌈tₐ·Vₛ⌉ ≤ B + 1 and
//! Σ_{s∉c}⌈tₐ·Vₛ⌉ ≤ B (the extra post only serves c). When auxiliaries do
//! duty (f > 0) the officer level with that post is also given: the
//! county's search re-run with κₛ raised by f at that station.

use crate::domain::{Params, Province};
use crate::model::auxiliaries::{auxiliary_budget, max_cover_level, walk_cover_level};
use crate::model::balance::{county_max_level, stepping_stations, CountyLevel};
use crate::model::requirement::Requirement;
use crate::plan::{Dimension, Plan};

/// One more officer in one county.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficerMarginal {
    pub county: usize,
    /// t*c (`f64::INFINITY`: no workload).
    pub level: f64,
    /// t⁺c with one more officer.
    pub level_plus: f64,
    /// The province's level with one more officer in this county.
    pub province_plus: f64,
    /// Where it goes: the stations that step up just above t*c.
    pub stations: Vec<(usize, Dimension)>,
    /// What stops the county's level from rising.
    pub limit: CountyLimit,
}

/// What stops a county's level from rising above its best level t*c: the
/// first rule that fails just above t*c.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountyLimit {
    /// No officer left above hq_min: one more officer helps.
    Force,
    /// A station's own bounds (its index and which): locked, building
    /// capacity or its move cap. One more officer in the county does not help.
    Station(usize, StationLimit),
    /// Building capacity, locks and station move caps together (Σuₛ).
    Capacity,
    /// The county's move cap.
    MoveCap,
    /// Nothing (no workload: any level).
    None,
}

/// Which bound of a station stops it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StationLimit {
    Locked,
    Capacity,
    MoveCap,
}

impl StationLimit {
    pub fn as_str(self) -> &'static str {
        match self {
            StationLimit::Locked => "locked",
            StationLimit::Capacity => "building capacity (max_officers)",
            StationLimit::MoveCap => "station move cap",
        }
    }
}

/// The rule that stops county `county` just above level `t` (see
/// [`CountyLimit`]).
pub fn county_limit(
    county: &crate::domain::County,
    reqs: &[Requirement],
    params: &Params,
    t: f64,
) -> CountyLimit {
    if !t.is_finite() {
        return CountyLimit::None;
    }
    let b = crate::model::rules::CountyBounds::at(
        county,
        reqs,
        params,
        crate::model::level::At::JustAbove(t),
    );
    if let Some(i) = b.stations.iter().position(|s| s.floor > s.cap) {
        let s = county.stations[i];
        let why = if reqs[s].locked {
            StationLimit::Locked
        } else if b.stations[i].rules_floor > reqs[s].max_officers {
            StationLimit::Capacity
        } else {
            StationLimit::MoveCap
        };
        return CountyLimit::Station(s, why);
    }
    if b.floor > b.hq_cap {
        return CountyLimit::Force;
    }
    if b.floor > b.station_caps {
        return CountyLimit::Capacity;
    }
    if b.move_cap.is_some_and(|k| b.min_moves > k) {
        return CountyLimit::MoveCap;
    }
    CountyLimit::None
}

/// One more auxiliary post in one county.
#[derive(Debug, Clone, PartialEq)]
pub struct AuxiliaryMarginal {
    pub county: usize,
    /// The station with the lowest cover aₛ ÷ Vₛ (`None`: no villages).
    pub station: Option<usize>,
    /// That cover (the county's auxiliary level).
    pub cover: Option<f64>,
    /// The province's auxiliary level with the post.
    pub province_plus: Option<f64>,
    /// The county's officer level with the post's duty credit (f > 0 only).
    pub officer_level_plus: Option<f64>,
}

fn level_value(l: &CountyLevel) -> f64 {
    match l {
        CountyLevel::Level(t) => *t,
        CountyLevel::Unbounded => f64::INFINITY,
        // A county with no plan cannot be helped by the analysis; it has
        // no level.
        CountyLevel::Infeasible(_) => f64::NEG_INFINITY,
    }
}

/// The province's level if county `c`'s level were `t`.
fn province_with(levels: &[f64], c: usize, t: f64) -> f64 {
    levels
        .iter()
        .enumerate()
        .map(|(i, &l)| if i == c { t } else { l })
        .fold(f64::INFINITY, f64::min)
}

/// One more officer in each county, ranked: the highest province level
/// first, then the largest gain of the county's own level, then input order.
pub fn officer_marginals(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
) -> Vec<OfficerMarginal> {
    let levels: Vec<f64> = province
        .counties
        .iter()
        .map(|c| level_value(&county_max_level(c, reqs, params)))
        .collect();
    let mut out: Vec<OfficerMarginal> = province
        .counties
        .iter()
        .enumerate()
        .map(|(i, county)| {
            let mut plus = county.clone();
            plus.officers_total += 1;
            let level_plus = level_value(&county_max_level(&plus, reqs, params));
            let stations = if levels[i].is_finite() {
                stepping_stations(county, reqs, levels[i])
            } else {
                Vec::new()
            };
            OfficerMarginal {
                county: i,
                level: levels[i],
                level_plus,
                province_plus: province_with(&levels, i, level_plus),
                stations,
                limit: county_limit(county, reqs, params, levels[i]),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.province_plus
            .total_cmp(&a.province_plus)
            .then(gain(b).total_cmp(&gain(a)))
            .then(a.county.cmp(&b.county))
    });
    out
}

fn gain(m: &OfficerMarginal) -> f64 {
    if m.level.is_finite() && m.level_plus.is_finite() {
        m.level_plus - m.level
    } else {
        0.0
    }
}

/// One more auxiliary post in each county, in county order.
pub fn auxiliary_marginals(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    plan: &Plan,
) -> Vec<AuxiliaryMarginal> {
    let budget = params.auxiliaries.total;
    let values: Vec<f64> = reqs.iter().map(|r| r.villages).collect();
    let f = params.auxiliaries.duty_factor;
    province
        .counties
        .iter()
        .enumerate()
        .map(|(i, county)| {
            let mut best: Option<(usize, f64)> = None;
            for &s in &county.stations {
                let v = reqs[s].villages;
                if v <= 0.0 {
                    continue;
                }
                let cover = plan.stations[s].auxiliaries as f64 / v;
                if best.is_none_or_lower(cover) {
                    best = Some((s, cover));
                }
            }
            let in_county = |s: usize| province.stations[s].county == i;
            let fits = |at: crate::model::level::At| {
                let all = auxiliary_budget(reqs, |v| at.steps(v));
                let others = crate::model::rules::total(
                    reqs.iter()
                        .enumerate()
                        .filter(|(s, _)| !in_county(*s))
                        .map(|(_, r)| at.steps(r.villages)),
                );
                all <= budget + 1 && others <= budget
            };
            // The plan's level fits with one post more, so walk up from it
            // (usually a step or two) instead of searching from 0.
            let province_plus = match plan.auxiliary_balance_level {
                Some(ta) if fits(crate::model::level::At::Level(ta)) => {
                    Some(walk_cover_level(&values, ta, budget + 1, fits))
                }
                _ => max_cover_level(&values, budget + 1, fits),
            };
            let officer_level_plus = match (f > 0.0, best) {
                (true, Some((s, _))) => {
                    let mut more = reqs.to_vec();
                    more[s].duty_credit += f;
                    let l = level_value(&county_max_level(county, &more, params));
                    Some(l)
                }
                _ => None,
            };
            AuxiliaryMarginal {
                county: i,
                station: best.map(|b| b.0),
                cover: best.map(|b| b.1),
                province_plus,
                officer_level_plus,
            }
        })
        .collect()
}

trait LowerThan {
    fn is_none_or_lower(&self, v: f64) -> bool;
}

impl LowerThan for Option<(usize, f64)> {
    fn is_none_or_lower(&self, v: f64) -> bool {
        match self {
            None => true,
            Some((_, b)) => v < *b,
        }
    }
}
