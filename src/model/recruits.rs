//! The recruits lever: place N new officers across counties to reach the
//! highest provincial balance level, exactly.
//!
//! Recruits raise a county's force: Ec becomes Ec + Rc. At a level t the
//! county's rules ([`CountyBounds::at`]) need
//!
//! * Xc ≥ Lc(t) = max(Σₛ ℓₛ(t), community share bound) — independent of Ec;
//! * Xc ≥ ⌈p·(Ec + Rc)⌉ (station share) and Xc ≤ Ec + Rc − hq_min_c
//!   (less the officers seconded away, σc: HQ keeps hq_min_c + σc of the
//!   force, see [`crate::model::strength`]).
//!
//! So the county is feasible at t with Rc recruits iff
//! Lc(t) ≤ n − hq_min and ⌈p·n⌉ ≤ n − hq_min for n = Ec + Rc (hq_min read
//! as hq_min_c + σc throughout). Both sides
//! are monotone in n (n − ⌈p·n⌉ never falls as n grows when p ≤ 1), so the
//! fewest recruits the county needs, extra_c(t) ([`extra_officers`]), is the
//! least n meeting both, minus Ec (0 when Ec already does). extra_c(t) never
//! falls as t rises and only changes where some ⌈t·Dₛ⌉ or ⌈t·Cₛ⌉ steps up.
//!
//! With N recruits the province reaches level t iff F(t) = Σc extra_c(t) ≤ N.
//! F is a non-decreasing step function with the same breakpoints k ÷ Dₛ,
//! k ÷ Cₛ as phase 1, so [`max_level`] finds the largest t with F(t) ≤ N the
//! same way [`crate::model::balance`] does per county: bisection, then a walk
//! over breakpoints until F just above t exceeds N. That is the proof of
//! optimality: F(t*) ≤ N and F(t* + δ) > N.
//!
//! Tie-breaks, in order: the highest level; then the fewest recruits
//! (Rc = extra_c(t*), each county's least, which is unique because counties
//! are independent at a fixed level); then the fewest moves of existing
//! officers (phase 2 on the enlarged counties, moves counted as in
//! [`crate::model::levers`]). Recruits that cannot raise the level further
//! are reported as unused (`leftover`), never silently placed.

use crate::domain::{County, Params, Province};
use crate::model::level::{ceil_tol, highest_level, next_breakpoint, steps_above, steps_at, At};
use crate::model::need::Requirement;
use crate::model::rules::{CountyBounds, UNREACHABLE};

/// Whether a county of force `n` keeps the station share and HQ minimum:
/// ⌈p·n⌉ ≤ n − hq_min.
fn share_fits(n: i64, p: f64, hq_min: i64) -> bool {
    ceil_tol(p * n as f64) <= n - hq_min
}

/// extra_c(t): the fewest new officers county c needs to meet every rule at
/// level `at` ([`UNREACHABLE`] when no number of recruits would do).
///
/// With L = max(Σₛ ℓₛ, community share bound), the least force n is the
/// least n ≥ max(Ec, L + hq_min) with ⌈p·n⌉ ≤ n − hq_min; extra = n − Ec.
pub fn extra_officers(county: &County, reqs: &[Requirement], params: &Params, at: At) -> i64 {
    let bounds = CountyBounds::at(county, reqs, params, at);
    let need = bounds.station_floors.max(bounds.community_share);
    if need >= UNREACHABLE {
        return UNREACHABLE;
    }
    let e = county.officers_total;
    // The seconded away are of the force but at no post: HQ keeps them on
    // top of its minimum.
    let hq = county.hq_min.saturating_add(county.seconded_away);
    let p = params.quotas.station_share;
    let lo = e.max(need.saturating_add(hq));
    if share_fits(lo, p, hq) {
        return lo - e;
    }
    if p >= 1.0 {
        // n − n ≥ hq_min fails for every n once it fails at all.
        return UNREACHABLE;
    }
    // n − ⌈p·n⌉ ≥ n·(1 − p) − 1, so n ≥ (hq_min + 1) ÷ (1 − p) + 1 fits.
    // Doubling from there ends within 62 steps (at UNREACHABLE ÷ 2), and
    // the bisection between a failing lo and a fitting hi within 63.
    let estimate = ((hq as f64 + 1.0) / (1.0 - p)).ceil() as i64;
    let mut hi = lo.max(estimate.saturating_add(1));
    while !share_fits(hi, p, hq) {
        if hi >= UNREACHABLE / 2 {
            return UNREACHABLE;
        }
        hi = hi.saturating_mul(2);
    }
    if hi >= UNREACHABLE {
        return UNREACHABLE;
    }
    let mut lo = lo; // does not fit
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if share_fits(mid, p, hq) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi - e
}

/// F(t) = Σc extra_c(t), saturating at [`UNREACHABLE`].
pub fn recruits_needed(province: &Province, reqs: &[Requirement], params: &Params, at: At) -> i64 {
    province
        .counties
        .iter()
        .map(|c| extra_officers(c, reqs, params, at))
        .fold(0i64, |a, b| a.saturating_add(b).min(UNREACHABLE))
}

/// The fewest officers beyond the province's force that bring every
/// station to level 1.0, F(1.0) = Σc extra_c(1.0); `None` when no number
/// would. This is the one count of "officers short of level 1.0" every
/// output shows (the report's first screen, `summary.json`,
/// `--compare-methods`).
///
/// extra_c answers the county's force rules only. A county whose station
/// is locked, at its building capacity or move cap below its level-1.0
/// floor (or whose stations together cannot hold the station share) stays
/// infeasible with Ec + extra_c officers, and more officers do not lift
/// those caps: so each county is checked with its force raised by extra_c
/// ([`CountyBounds::feasible`]), and one that fails makes it `None`.
pub fn short_of_level_one(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
) -> Option<i64> {
    let at = At::Level(1.0);
    let mut total = 0i64;
    for c in &province.counties {
        let extra = extra_officers(c, reqs, params, at);
        if extra >= UNREACHABLE {
            return None;
        }
        let mut raised = c.clone();
        raised.officers_total = raised.officers_total.saturating_add(extra);
        if !CountyBounds::at(&raised, reqs, params, at).feasible() {
            return None;
        }
        total = total.saturating_add(extra);
    }
    (total < UNREACHABLE).then_some(total)
}

/// The highest provincial level N recruits can reach.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RecruitLevel {
    /// Even level 0 needs more recruits than there are.
    TooFew {
        /// The recruits level 0 needs.
        needed: i64,
    },
    /// F(t) ≤ N and F just above t > N.
    Level(f64),
    /// No station has workload: every level is reached.
    Unbounded,
}

/// Largest t with F(t) ≤ `total` (see the module documentation).
pub fn max_level(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    total: i64,
) -> RecruitLevel {
    let f = |at| recruits_needed(province, reqs, params, at);
    let at_zero = f(At::Level(0.0));
    if at_zero > total {
        return RecruitLevel::TooFew { needed: at_zero };
    }
    let work: f64 = reqs.iter().map(|r| r.duty + r.community).sum();
    if work.is_nan() || work <= 0.0 {
        return RecruitLevel::Unbounded;
    }
    // F(t) ≥ t·W − Σc (Ec − hq_min_c), so this hi is infeasible.
    let caps: i64 = province
        .counties
        .iter()
        .map(crate::model::rules::hq_minimum)
        .fold(0i64, i64::saturating_add);
    let hi = (total as f64 + caps.max(0) as f64 + 1.0) / work;
    // Bisection, then a walk over breakpoints: at most one step per
    // requirement (two per station) plus one within the limits, see
    // [`highest_level`].
    let t = highest_level(
        0.0,
        hi,
        2 * reqs.len() + 2,
        |at| f(at) <= total,
        |t| {
            reqs.iter()
                .flat_map(|r| [next_breakpoint(t, r.duty), next_breakpoint(t, r.community)])
                .flatten()
                .fold(f64::INFINITY, f64::min)
        },
    );
    RecruitLevel::Level(snap(reqs, t))
}

/// The exact breakpoint k ÷ R that a level found by bisection stands on.
fn snap(reqs: &[Requirement], t: f64) -> f64 {
    reqs.iter()
        .flat_map(|r| [r.duty, r.community])
        .filter(|&r| r > 0.0 && steps_above(t, r) > steps_at(t, r))
        .map(|r| steps_at(t, r) as f64 / r)
        .filter(|b| b.is_finite())
        .fold(None, |best: Option<f64>, b| {
            Some(best.map_or(b, |x| x.min(b)))
        })
        .unwrap_or(t)
}

/// Where the recruits go (plain data, in [`crate::plan`]).
pub use crate::plan::Recruits as Allocation;

/// Splits `total` recruits over the counties: Rc = extra_c(t*).
///
/// `Err(needed)` when even level 0 needs more recruits than `total`.
pub fn allocate(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    total: i64,
) -> Result<Allocation, i64> {
    let level = match max_level(province, reqs, params, total) {
        RecruitLevel::TooFew { needed } => return Err(needed),
        RecruitLevel::Level(t) => Some(t),
        RecruitLevel::Unbounded => None,
    };
    let at = At::Level(level.unwrap_or(0.0));
    let per_county: Vec<i64> = province
        .counties
        .iter()
        .map(|c| extra_officers(c, reqs, params, at))
        .collect();
    // Each extra_c(t*) ≤ F(t*) ≤ total ≤ 10⁹ within the limits.
    let used: i64 = per_county.iter().fold(0i64, |a, &b| a.saturating_add(b));
    Ok(Allocation {
        level,
        per_county,
        used,
        leftover: total - used,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Auxiliaries, CommunityScope, Quotas, Station, Workload};

    fn params(p: f64) -> Params {
        Params {
            workload: Workload {
                hours_per_call: 1.0,
                officer_hours_per_year: 1.0,
                reactive_share: 1.0,
                call_growth: 1.0,
                divert_share: 0.0,
                residents_per_community_officer: [("urban".to_string(), 1.0)].into(),
                categories: Default::default(),
                service: None,
            },
            quotas: Quotas {
                station_share: p,
                community_share: 0.0,
                community_scope: CommunityScope::County,
            },
            min_officers: 0,
            auxiliaries: Auxiliaries {
                total: 0,
                budget_scope: crate::domain::BudgetScope::Province,
                per_village: 1.0,
                duty_factor: 0.0,
            },
            levers: Default::default(),
            strength: Default::default(),
        }
    }

    fn county(e: i64, hq: i64) -> County {
        County {
            id: "C".into(),
            name: String::new(),
            officers_total: e,
            hq_min: hq,
            stations: vec![0],
            max_moves: None,
            seconded_away: 0,
            auxiliary_budget: None,
        }
    }

    fn req(duty: f64) -> Requirement {
        Requirement {
            duty,
            community: 0.0,
            villages: 0.0,
            min_officers: 0,
            duty_post_minimum: 0,
            max_officers: crate::model::rules::UNREACHABLE,
            officers_today: 0,
            locked: false,
            max_moves: None,
            duty_credit: 0.0,
            restricted: 0,
        }
    }

    #[test]
    fn extra_officers_by_hand() {
        // Duty 10 at level 1 needs 10 station officers; force 8, hq_min 2
        // leaves 6, so 4 recruits are needed.
        let p = params(0.0);
        assert_eq!(
            extra_officers(&county(8, 2), &[req(10.0)], &p, At::Level(1.0)),
            4
        );
        // Already enough: none.
        assert_eq!(
            extra_officers(&county(20, 2), &[req(10.0)], &p, At::Level(1.0)),
            0
        );
        // Station share 50% with hq_min 6: n − ⌈n/2⌉ ≥ 6 needs n ≥ 12.
        let p = params(0.5);
        assert_eq!(
            extra_officers(&county(8, 6), &[req(0.0)], &p, At::Level(0.0)),
            4
        );
        // 3 of the force seconded away: 8 − 3 − 2 = 3 deployable at
        // stations, so 7 recruits; the share 0 is unaffected.
        let mut away = county(8, 2);
        away.seconded_away = 3;
        assert_eq!(
            extra_officers(&away, &[req(10.0)], &params(0.0), At::Level(1.0)),
            7
        );
        // Share 50% is measured on the force with the seconded: with 2 of
        // 8 away and hq_min 2, n − 4 ≥ ⌈n/2⌉ needs n ≥ 8: none needed.
        let mut away = county(8, 2);
        away.seconded_away = 2;
        assert_eq!(
            extra_officers(&away, &[req(0.0)], &params(0.5), At::Level(0.0)),
            0
        );
        // p = 1 with an HQ minimum can never be met.
        let p = params(1.0);
        assert_eq!(
            extra_officers(&county(8, 1), &[req(0.0)], &p, At::Level(0.0)),
            UNREACHABLE
        );
    }

    #[test]
    fn recruits_raise_the_level_exactly() {
        // One county, one station with duty 10, force 10, hq_min 5: 5 station
        // officers reach t = 0.5. Three recruits give 8, t = 0.8.
        let province = Province {
            counties: vec![county(10, 5)],
            stations: vec![Station {
                id: "S".into(),
                county: 0,
                name: String::new(),
                kind: "urban".into(),
                population: 0.0,
                villages: 0.0,
                area_km2: 0.0,
                calls: 10.0,
                officers: 5,
                community_officers: 0,
                auxiliaries: 0,
                min_officers: None,
                levers: Default::default(),
                strength: Default::default(),
            }],
            ..Default::default()
        };
        let p = params(0.0);
        let reqs = vec![req(10.0)];
        let a = allocate(&province, &reqs, &p, 3).unwrap();
        assert_eq!(a.level, Some(0.8));
        assert_eq!(a.per_county, vec![3]);
        assert_eq!(a.leftover, 0);
        let a = allocate(&province, &reqs, &p, 7).unwrap();
        assert_eq!(a.level, Some(1.2));
        let a = allocate(&province, &reqs, &p, 5).unwrap();
        assert_eq!((a.level, a.used, a.leftover), (Some(1.0), 5, 0));
    }
}
