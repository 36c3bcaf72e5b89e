//! Auxiliary officers (辅警): village coverage under a provincial budget.
//!
//! Phase 1 maximises tₐ subject to aₛ ≥ tₐ·Vₛ for every station and the
//! [`auxiliary_budget`]. Σₛ⌈tₐ·Vₛ⌉ never falls as tₐ rises and steps only at
//! tₐ = k ÷ Vₛ, so tₐ* is the breakpoint where the budget holds at tₐ but not
//! just above. Phase 2 keeps tₐ* and minimises Σₛ|aₛ − a⁰ₛ|: keep every
//! station at max(a⁰ₛ, ⌈tₐ*·Vₛ⌉) and, if that exceeds the budget, take the
//! excess from the stations with the most auxiliaries per village. Each unit
//! raised or taken is unavoidable, so the result is exact.

use crate::domain::Station;
use crate::model::greedy::take;
use crate::model::level::{highest_level, next_breakpoint, steps_above, steps_at, walk_up, At};
use crate::model::need::Requirement;
use crate::numeric::total;

/// Auxiliary budget: Σₛ aₛ ≤ auxiliaries.total.
///
/// Returns the posts the village cover needs at level tₐ, Σₛ⌈tₐ·Vₛ⌉, to
/// compare with the budget.
pub fn auxiliary_budget(reqs: &[Requirement], steps: impl Fn(f64) -> i64) -> i64 {
    total(reqs.iter().map(|r| steps(r.villages)))
}

/// Village cover: aₛ ≥ ⌈tₐ·Vₛ⌉.
pub fn village_cover(t: f64, req: &Requirement) -> i64 {
    steps_at(t, req.villages)
}

/// The auxiliary plan.
#[derive(Debug, Clone, PartialEq)]
pub struct AuxiliaryPlan {
    /// tₐ* (`None` when no station has villages).
    pub level: Option<f64>,
    /// aₛ, in input order.
    pub auxiliaries: Vec<i64>,
    /// Σₛ|aₛ − a⁰ₛ|.
    pub changed: i64,
}

/// The highest village-cover level the budget allows.
pub fn max_auxiliary_level(reqs: &[Requirement], budget: i64) -> Option<f64> {
    let values: Vec<f64> = reqs.iter().map(|r| r.villages).collect();
    max_cover_level(&values, budget, |at| {
        auxiliary_budget(reqs, |v| at.steps(v)) <= budget
    })
}

/// The highest level t where `fits(t)` holds, for a `fits` that needs
/// Σₛ⌈t·Vₛ⌉ posts in some form: it may only change at the breakpoints
/// k ÷ Vₛ and must fail once Σₛ t·Vₛ exceeds `budget` + 1 (`None` when every
/// Vₛ is 0). Bisection brings t close, a walk over breakpoints makes it
/// exact: at most one step per station plus one within the limits (see
/// [`highest_level`]).
pub fn max_cover_level(values: &[f64], budget: i64, fits: impl Fn(At) -> bool) -> Option<f64> {
    let total: f64 = values.iter().sum();
    if total.is_nan() || total <= 0.0 {
        return None;
    }
    let hi = (budget as f64 + 2.0) / total;
    let t = highest_level(0.0, hi, values.len() + 2, fits, |t| {
        next_cover_breakpoint(values, t)
    });
    Some(snap_cover_level(values, t))
}

/// From a level `start` where `fits` holds, the highest level where it
/// still holds (see [`max_cover_level`], whose `budget` bound `fits` must
/// keep too). Walks the breakpoints k ÷ Vₛ up from `start`, which takes a
/// step or two when `start` is close; should it take more than one step per
/// station plus two, it narrows by bisection instead ([`highest_level`]).
pub fn walk_cover_level(values: &[f64], start: f64, budget: i64, fits: impl Fn(At) -> bool) -> f64 {
    let next = |t| next_cover_breakpoint(values, t);
    let steps = values.len() + 2;
    let t = match walk_up(start, steps, &fits, &next) {
        Ok(t) => t,
        Err(t) => {
            let total: f64 = values.iter().sum();
            highest_level(t, (budget as f64 + 2.0) / total, steps, fits, next)
        }
    };
    snap_cover_level(values, t)
}

/// The lowest breakpoint k ÷ Vₛ above t (infinite when no Vₛ > 0).
pub fn next_cover_breakpoint(values: &[f64], t: f64) -> f64 {
    values
        .iter()
        .filter_map(|&v| next_breakpoint(t, v))
        .fold(f64::INFINITY, f64::min)
}

/// Level `t` moved exactly onto the breakpoint k ÷ Vₛ it stands on (the
/// lowest such), which bisection may have landed beside; `t` itself when no
/// Vₛ steps up just above it.
pub fn snap_cover_level(values: &[f64], t: f64) -> f64 {
    values
        .iter()
        .copied()
        .filter(|&v| v > 0.0 && steps_above(t, v) > steps_at(t, v))
        .map(|v| steps_at(t, v) as f64 / v)
        .filter(|b| b.is_finite())
        .fold(None, |best: Option<f64>, b| {
            Some(best.map_or(b, |x| x.min(b)))
        })
        .unwrap_or(t)
}

/// Both auxiliary phases.
pub fn plan_auxiliaries(stations: &[Station], reqs: &[Requirement], budget: i64) -> AuxiliaryPlan {
    let level = max_auxiliary_level(reqs, budget);
    let t = level.unwrap_or(0.0);
    let floors: Vec<i64> = reqs.iter().map(|r| village_cover(t, r)).collect();
    let mut aux: Vec<i64> = stations
        .iter()
        .zip(&floors)
        .map(|(s, &f)| s.auxiliaries.max(f))
        .collect();
    let excess = total(aux.iter().copied()).saturating_sub(budget);
    if excess > 0 {
        let need: Vec<f64> = reqs.iter().map(|r| r.villages).collect();
        take(&mut aux, &need, &floors, excess);
    }
    let changed = total(
        aux.iter()
            .zip(stations)
            .map(|(a, s)| a.saturating_sub(s.auxiliaries).saturating_abs()),
    );
    AuxiliaryPlan {
        level,
        auxiliaries: aux,
        changed,
    }
}
