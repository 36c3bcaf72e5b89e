//! The hard rules and balance requirements, one function per constraint
//! family. Each turns its rule into integer bounds at a balance level t:
//! the exact solver and the independent checker both read the math here.
//!
//! Notation: station s in county c; xₛ officers, yₛ community officers among
//! them, dₛ = xₛ − yₛ duty officers; Xc = Σₛ xₛ station officers of the county;
//! Ec the county force; Dₛ, Cₛ the duty and community requirements.

use crate::domain::{CommunityScope, County, Params};
use crate::model::level::{ceil_tol, At};
use crate::model::need::Requirement;

pub use crate::numeric::{total, UNREACHABLE};

/// Station minimum: xₛ ≥ mₛ, the station's own `min_officers` or the
/// scenario default, raised to ⌈k × 8760 ÷ officer_hours_per_year⌉ for k
/// 24-hour duty posts.
pub fn station_minimum(req: &Requirement) -> i64 {
    req.min_officers
}

/// Building capacity and locks: xₛ ≤ uₛ = min(max_officers, x⁰ₛ if locked)
/// (a locked station also has xₛ ≥ x⁰ₛ, see [`station_move_range`]).
pub fn station_capacity(req: &Requirement) -> i64 {
    req.max_officers
}

/// Per-station move cap k and locks: x⁰ₛ − k ≤ xₛ ≤ x⁰ₛ + k, with k = 0 for
/// a locked station. Returns the (lowest, highest) officers this allows.
pub fn station_move_range(req: &Requirement, locked: bool) -> (i64, i64) {
    let k = if locked { Some(0) } else { req.max_moves };
    match k {
        Some(k) => (req.officers_today - k, req.officers_today.saturating_add(k)),
        None => (i64::MIN / 4, UNREACHABLE),
    }
}

/// Per-county move cap K: ½(Σₛ|xₛ − x⁰ₛ| + |hc − h⁰c|) ≤ K. With
/// station bounds ℓₛ ≤ xₛ ≤ uₛ and county bounds floor ≤ Xc ≤ cap, let
/// cₛ = clamp(x⁰ₛ, ℓₛ, uₛ), base = Σₛ|cₛ − x⁰ₛ| and X¹ = Σₛ cₛ. Every
/// feasible xₛ lies on the far side of cₛ from x⁰ₛ, so
/// Σₛ|xₛ − x⁰ₛ| = base + Σₛ|xₛ − cₛ| ≥ base + |Xc − X¹|, reached by moving
/// the difference anywhere the bounds allow. The fewest moves are therefore
/// minₓ ½(base + |X − X¹| + |X − X⁰|) over X in [floor, cap], taken at
/// [`optimal_total`]. Returns (fewest moves, the X that reaches them), or
/// `None` when the bounds admit no plan.
pub fn min_county_moves(
    today: &[i64],
    stations: &[StationBounds],
    floor: i64,
    cap: i64,
) -> Option<(i64, i64)> {
    if floor > cap || stations.iter().any(|b| b.floor > b.cap) {
        return None;
    }
    // Sums saturate: a bound of UNREACHABLE stands for "no plan", and
    // within the limits every real sum is below 10¹⁰.
    let mut base = 0i64;
    let mut x1 = 0i64;
    for (&x0, b) in today.iter().zip(stations) {
        let c = x0.clamp(b.floor, b.cap);
        base = base.saturating_add(c.saturating_sub(x0).saturating_abs());
        x1 = x1.saturating_add(c);
    }
    let x0: i64 = today.iter().fold(0i64, |a, &b| a.saturating_add(b));
    let x = optimal_total(x0, x1, floor, cap);
    let moves = base
        .saturating_add(x.saturating_sub(x1).saturating_abs())
        .saturating_add(x.saturating_sub(x0).saturating_abs());
    Some((moves / 2, x))
}

/// The county total that minimises |X − X¹| + |X − X⁰| over [floor, cap]:
/// every X between X⁰ and X¹ does; the largest such (or the nearest bound)
/// is taken, drawing from HQ first.
pub fn optimal_total(x0: i64, x1: i64, floor: i64, cap: i64) -> i64 {
    x0.max(x1).max(floor).min(cap)
}

/// Duty cover at level t: xₛ − yₛ + f·aₛ ≥ t·Dₛ, so with whole officers
/// dₛ ≥ max(0, ⌈t·Dₛ − κₛ⌉) where κₛ = f·aₛ is the auxiliaries' credit
/// (0 unless `auxiliaries.duty_factor` is set).
pub fn duty_cover(at: At, req: &Requirement) -> i64 {
    at.steps_less(req.duty, req.duty_credit)
}

/// Community cover at level t: yₛ ≥ t·Cₛ, so yₛ ≥ ⌈t·Cₛ⌉.
pub fn community_cover(at: At, req: &Requirement) -> i64 {
    at.steps(req.community)
}

/// Restricted officers (不能值班备勤) stay at their station and fill
/// community posts only: yₛ ≥ rₛ, and so xₛ ≥ rₛ. They add nothing to duty,
/// whose officers are xₛ − yₛ. A floor on the community officers.
pub fn restricted_floor(req: &Requirement) -> i64 {
    req.restricted
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

/// HQ minimum: hc = Ec − σc − Xc ≥ hq_min_c, so Xc ≤ Ec − σc − hq_min_c,
/// where σc = `seconded_away`, the officers of the force away on
/// secondment (0 without them; see [`crate::model::strength`]).
pub fn hq_minimum(county: &County) -> i64 {
    county.deployable() - county.hq_min
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
    /// Fewest duty officers, max(0, ⌈t·Dₛ − κₛ⌉).
    pub duty: i64,
    /// Fewest community officers, from community cover, restricted
    /// officers and, under station scope, the station's community share.
    pub community: i64,
    /// Fewest officers ℓₛ = max(mₛ, duty + community, x⁰ₛ − k).
    pub floor: i64,
    /// Most officers uₛ = min(max_officers, x⁰ₛ + k, x⁰ₛ if locked).
    pub cap: i64,
    /// The floor from the rules alone, max(mₛ, duty + community), before
    /// move caps: what explanations compare with.
    pub rules_floor: i64,
}

impl StationBounds {
    /// Every rule of one station with requirement `req` at level `at`:
    /// cover, restricted officers and, under station scope, the station's
    /// community share `q`; minimum, capacity and move range.
    pub fn at(at: At, req: &Requirement, q: f64, scope: CommunityScope) -> StationBounds {
        Self::of_cover(duty_cover(at, req), community_cover(at, req), req, q, scope)
    }

    /// [`StationBounds::at`] from the two covers at the level: `duty` from
    /// [`duty_cover`] and `cover` from [`community_cover`]. Everything else
    /// the bounds hold follows from these two numbers and the station.
    pub fn of_cover(
        duty: i64,
        cover: i64,
        req: &Requirement,
        q: f64,
        scope: CommunityScope,
    ) -> StationBounds {
        let mut community = cover.max(restricted_floor(req));
        if scope == CommunityScope::Station {
            community = community.max(station_community_share(q, duty));
        }
        let rules_floor = station_minimum(req).max(duty.saturating_add(community));
        let (lo, hi) = station_move_range(req, req.locked);
        StationBounds {
            duty,
            community,
            floor: rules_floor.max(lo),
            cap: station_capacity(req).min(hi),
            rules_floor,
        }
    }
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
    /// Most station officers of any plan: the smaller of `hq_cap` and
    /// `station_caps`.
    pub cap: i64,
    /// Ec − σc − hq_min, from [`hq_minimum`].
    pub hq_cap: i64,
    /// Σₛ uₛ (capacity, locks and station move caps; [`UNREACHABLE`] when
    /// unbounded).
    pub station_caps: i64,
    /// The county's move cap K, if any.
    pub move_cap: Option<i64>,
    /// Fewest officers moved by any plan at this level, from
    /// [`min_county_moves`] ([`UNREACHABLE`] when the bounds admit none).
    pub min_moves: i64,
}

impl CountyBounds {
    /// All rules of the county at level `at`.
    pub fn at(county: &County, reqs: &[Requirement], params: &Params, at: At) -> CountyBounds {
        Self::at_each(county, reqs, params, |_| at)
    }

    /// All rules of the county with each station held to its own level:
    /// `at(i)` for the county's i-th station (the county rules are the same
    /// sums over the stations' floors, so the closed form holds unchanged).
    pub fn at_each(
        county: &County,
        reqs: &[Requirement],
        params: &Params,
        at_of: impl Fn(usize) -> At,
    ) -> CountyBounds {
        let q = params.quotas.community_share;
        let scope = params.quotas.community_scope;
        let mut stations = Vec::with_capacity(county.stations.len());
        let mut station_floors = 0i64;
        let mut station_caps = 0i64;
        let mut duty_total = 0i64;
        let mut today = Vec::with_capacity(county.stations.len());
        for (i, &s) in county.stations.iter().enumerate() {
            let req = &reqs[s];
            let b = StationBounds::at(at_of(i), req, q, scope);
            station_floors = station_floors.saturating_add(b.floor);
            station_caps = station_caps.saturating_add(b.cap).min(UNREACHABLE);
            duty_total = duty_total.saturating_add(b.duty);
            today.push(req.officers_today);
            stations.push(b);
        }
        let station_share = station_share(county, params.quotas.station_share);
        let community_share = match scope {
            CommunityScope::County => county_community_share(q, duty_total),
            CommunityScope::Station => 0,
        };
        let floor = station_floors.max(station_share).max(community_share);
        let hq_cap = hq_minimum(county);
        let cap = hq_cap.min(station_caps);
        let min_moves =
            min_county_moves(&today, &stations, floor, cap).map_or(UNREACHABLE, |(m, _)| m);
        CountyBounds {
            stations,
            station_floors,
            station_share,
            community_share,
            floor,
            cap,
            hq_cap,
            station_caps,
            move_cap: county.max_moves.or(params.levers.max_moves_per_county),
            min_moves,
        }
    }

    /// `CountyBounds::at(county, reqs, params, at).feasible()`, without
    /// building the bounds: what the searches for a highest level ask at
    /// every step.
    pub fn feasible_at(county: &County, reqs: &[Requirement], params: &Params, at: At) -> bool {
        Self::feasible_each(county, reqs, params, |_| at)
    }

    /// `CountyBounds::at_each(county, reqs, params, at_of).feasible()`,
    /// computed in one pass over the stations without allocating: the same
    /// station bounds, the same county floor and cap, and the fewest moves
    /// of [`min_county_moves`] (its sums taken in the same pass) when the
    /// county has a move cap.
    pub fn feasible_each(
        county: &County,
        reqs: &[Requirement],
        params: &Params,
        at_of: impl Fn(usize) -> At,
    ) -> bool {
        let q = params.quotas.community_share;
        let scope = params.quotas.community_scope;
        let move_cap = county.max_moves.or(params.levers.max_moves_per_county);
        let mut station_floors = 0i64;
        let mut station_caps = 0i64;
        let mut duty_total = 0i64;
        // The sums of [`min_county_moves`]: base, X¹ and X⁰.
        let (mut base, mut x1, mut x0) = (0i64, 0i64, 0i64);
        for (i, &s) in county.stations.iter().enumerate() {
            let req = &reqs[s];
            let b = StationBounds::at(at_of(i), req, q, scope);
            if b.floor > b.cap {
                return false;
            }
            station_floors = station_floors.saturating_add(b.floor);
            station_caps = station_caps.saturating_add(b.cap).min(UNREACHABLE);
            duty_total = duty_total.saturating_add(b.duty);
            if move_cap.is_some() {
                let today = req.officers_today;
                let c = today.clamp(b.floor, b.cap);
                base = base.saturating_add(c.saturating_sub(today).saturating_abs());
                x1 = x1.saturating_add(c);
                x0 = x0.saturating_add(today);
            }
        }
        StationSums {
            floors: station_floors,
            caps: station_caps,
            duty: duty_total,
            base,
            x1,
            x0,
        }
        .county_fits(county, params)
    }

    /// Whether some plan meets every rule of the county: every station's
    /// floor within its cap, the county's floor within its cap, and the
    /// fewest moves within the move cap.
    pub fn feasible(&self) -> bool {
        self.floor <= self.cap
            && self.stations.iter().all(|b| b.floor <= b.cap)
            && match self.move_cap {
                Some(k) => self.min_moves <= k,
                None => true,
            }
    }
}

/// Sums over a county's stations at one level, every station's floor within
/// its cap: what the county rules of [`CountyBounds::feasible_each`] read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StationSums {
    /// Σₛ ℓₛ.
    pub floors: i64,
    /// Σₛ uₛ, at most [`UNREACHABLE`].
    pub caps: i64,
    /// Σₛ of the fewest duty officers.
    pub duty: i64,
    /// The sums of [`min_county_moves`]: base = Σₛ|cₛ − x⁰ₛ|, X¹ = Σₛ cₛ and
    /// X⁰ = Σₛ x⁰ₛ (read only under a county move cap).
    pub base: i64,
    /// X¹ = Σₛ cₛ.
    pub x1: i64,
    /// X⁰ = Σₛ x⁰ₛ.
    pub x0: i64,
}

impl StationSums {
    /// Whether the county rules hold given its stations' sums: the county
    /// floor (station floors, station share, county community share) within
    /// its cap (HQ minimum, station caps), and the fewest moves of
    /// [`min_county_moves`] within the county's move cap.
    pub fn county_fits(&self, county: &County, params: &Params) -> bool {
        let q = params.quotas.community_share;
        let community_share = match params.quotas.community_scope {
            CommunityScope::County => county_community_share(q, self.duty),
            CommunityScope::Station => 0,
        };
        let floor = self
            .floors
            .max(station_share(county, params.quotas.station_share))
            .max(community_share);
        let cap = hq_minimum(county).min(self.caps);
        if floor > cap {
            return false;
        }
        match county.max_moves.or(params.levers.max_moves_per_county) {
            None => true,
            Some(k) => {
                let (x0, x1) = (self.x0, self.x1);
                let x = optimal_total(x0, x1, floor, cap);
                let moves = self
                    .base
                    .saturating_add(x.saturating_sub(x1).saturating_abs())
                    .saturating_add(x.saturating_sub(x0).saturating_abs());
                moves / 2 <= k
            }
        }
    }
}
