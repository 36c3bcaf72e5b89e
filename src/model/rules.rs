//! The hard rules and balance requirements, one function per constraint
//! family. Each turns its rule into integer bounds at a balance level t:
//! the exact solver and the independent checker both read the math here.
//!
//! Notation: station s in county c; xₛ officers, yₛ community officers among
//! them, dₛ = xₛ − yₛ duty officers; Xc = Σₛ xₛ station officers of the county;
//! Ec the county force; Dₛ, Cₛ the duty and community requirements.

use crate::domain::{CommunityScope, County, Params};
use crate::model::level::{ceil_tol, At};
use crate::model::requirement::Requirement;

/// A total no plan can reach, for a rule that cannot be met at all.
pub const UNREACHABLE: i64 = i64::MAX / 4;

/// Station minimum: xₛ ≥ mₛ, the station's own `min_officers` or the
/// scenario default.
pub fn station_minimum(req: &Requirement) -> i64 {
    req.min_officers
}

/// Duty cover at level t: xₛ − yₛ ≥ t·Dₛ, so with whole officers
/// dₛ ≥ ⌈t·Dₛ⌉.
pub fn duty_cover(at: At, req: &Requirement) -> i64 {
    at.steps(req.duty)
}

/// Community cover at level t: yₛ ≥ t·Cₛ, so yₛ ≥ ⌈t·Cₛ⌉.
pub fn community_cover(at: At, req: &Requirement) -> i64 {
    at.steps(req.community)
}

/// Community share at one station (scope `station`): yₛ ≥ q·xₛ.
///
/// With xₛ = yₛ + dₛ this is (1 − q)·yₛ ≥ q·dₛ, so the fewest community
/// officers that let dₛ duty officers stand are ⌈q·dₛ ÷ (1 − q)⌉.
/// When q = 1 no duty officer may stand at all.
pub fn station_community_share(q: f64, duty: i64) -> i64 {
    if duty == 0 {
        0
    } else if q >= 1.0 {
        UNREACHABLE
    } else {
        ceil_tol(q * duty as f64 / (1.0 - q))
    }
}

/// HQ minimum: hc = Ec − Xc ≥ hq_min_c, so Xc ≤ Ec − hq_min_c.
pub fn hq_minimum(county: &County) -> i64 {
    county.officers_total - county.hq_min
}

/// Station share (the first 40%): Xc ≥ p·Ec, so Xc ≥ ⌈p·Ec⌉.
pub fn station_share(county: &County, p: f64) -> i64 {
    station_share_of(county.officers_total, p)
}

/// ⌈p·E⌉ for a force of E officers.
pub fn station_share_of(force: i64, p: f64) -> i64 {
    ceil_tol(p * force as f64)
}

/// Community share over the county (scope `county`, the second 40%):
/// Σₛ yₛ ≥ q·Xc.
///
/// Community officers can be raised up to yₛ = xₛ − dₛ, so the rule can be
/// met exactly when Xc − Σₛ dₛ ≥ q·Xc, that is Xc ≥ ⌈Σₛ dₛ ÷ (1 − q)⌉.
/// When q = 1 no duty officer may stand at all.
pub fn county_community_share(q: f64, duty_total: i64) -> i64 {
    if duty_total == 0 {
        0
    } else if q >= 1.0 {
        UNREACHABLE
    } else {
        ceil_tol(duty_total as f64 / (1.0 - q))
    }
}

/// Integer bounds of one station at a level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StationBounds {
    /// Fewest duty officers, ⌈t·Dₛ⌉.
    pub duty: i64,
    /// Fewest community officers, from community cover and, under station
    /// scope, the station's community share.
    pub community: i64,
    /// Fewest officers ℓₛ = max(mₛ, duty + community).
    pub floor: i64,
}

/// Integer bounds of one county at a level.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyBounds {
    /// One per station, in the county's station order.
    pub stations: Vec<StationBounds>,
    /// Σₛ ℓₛ.
    pub station_floors: i64,
    /// ⌈p·Ec⌉ from [`station_share`].
    pub station_share: i64,
    /// From [`county_community_share`] (0 under station scope).
    pub community_share: i64,
    /// Fewest station officers of any plan: the largest of the three above.
    pub floor: i64,
    /// Most station officers of any plan, from [`hq_minimum`].
    pub cap: i64,
}

impl CountyBounds {
    /// All rules of the county at level `at`.
    pub fn at(county: &County, reqs: &[Requirement], params: &Params, at: At) -> CountyBounds {
        let q = params.quotas.community_share;
        let scope = params.quotas.community_scope;
        let mut stations = Vec::with_capacity(county.stations.len());
        let mut station_floors = 0i64;
        let mut duty_total = 0i64;
        for &s in &county.stations {
            let req = &reqs[s];
            let duty = duty_cover(at, req);
            let mut community = community_cover(at, req);
            if scope == CommunityScope::Station {
                community = community.max(station_community_share(q, duty));
            }
            let floor = station_minimum(req).max(duty.saturating_add(community));
            station_floors = station_floors.saturating_add(floor);
            duty_total += duty;
            stations.push(StationBounds {
                duty,
                community,
                floor,
            });
        }
        let station_share = station_share(county, params.quotas.station_share);
        let community_share = match scope {
            CommunityScope::County => county_community_share(q, duty_total),
            CommunityScope::Station => 0,
        };
        CountyBounds {
            stations,
            station_floors,
            station_share,
            community_share,
            floor: station_floors.max(station_share).max(community_share),
            cap: hq_minimum(county),
        }
    }

    /// Whether some plan meets every rule of the county.
    pub fn feasible(&self) -> bool {
        self.floor <= self.cap
    }
}
