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
use crate::model::level::{
    highest_level, highest_level_bisecting, midpoint, next_breakpoint, steps_above, steps_at,
    walk_up, At,
};
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
    max_posts_level(&values, budget)
}

/// [`max_cover_level`] for the plain budget rule Σₛ⌈t·Vₛ⌉ ≤ `budget`, the
/// largest t where the posts the cover needs fit the budget.
///
/// The same search, its halvings told incrementally: each ⌈t·Vₛ⌉ is a
/// non-decreasing function of t (see [`crate::model::balance`]), so for
/// lo < mid < hi a station whose posts are equal at lo and hi needs as many
/// at mid; a halving recounts only the stations whose posts differ between
/// the ends, and adds their change to the sum at lo. The posts are never
/// negative, so the exact sum capped at `i64::MAX` is the saturating
/// [`total`]: every verdict is the one the full sum gives at the same
/// midpoint, and the level found is the same to the bit.
pub fn max_posts_level(values: &[f64], budget: i64) -> Option<f64> {
    let fits = |at: At| total(values.iter().map(|&v| at.steps(v))) <= budget;
    let total_value: f64 = values.iter().sum();
    if total_value.is_nan() || total_value <= 0.0 {
        return None;
    }
    let hi = (budget as f64 + 2.0) / total_value;
    let mut low: Vec<i64> = Vec::with_capacity(values.len());
    let mut high: Vec<i64> = Vec::with_capacity(values.len());
    let mut active: Vec<usize> = Vec::new();
    let mut changed: Vec<(usize, i64)> = Vec::new();
    let bisect = |lo: &mut f64, hi: &mut f64, halvings: usize| {
        low.clear();
        high.clear();
        active.clear();
        let mut sum = 0i128;
        for (i, &v) in values.iter().enumerate() {
            let (a, b) = (steps_at(*lo, v), steps_at(*hi, v));
            sum += i128::from(a);
            low.push(a);
            high.push(b);
            if a != b {
                active.push(i);
            }
        }
        for _ in 0..halvings {
            let Some(mid) = midpoint(*lo, *hi) else {
                break;
            };
            changed.clear();
            let mut at_mid = sum;
            for &i in &active {
                let n = steps_at(mid, values[i]);
                if n != low[i] {
                    at_mid += i128::from(n - low[i]);
                    changed.push((i, n));
                }
            }
            let ok = i64::try_from(at_mid).unwrap_or(i64::MAX) <= budget;
            debug_assert_eq!(
                ok,
                fits(At::Level(mid)),
                "the incremental verdict at {mid:e}"
            );
            if ok {
                *lo = mid;
                sum = at_mid;
                for &(i, n) in &changed {
                    low[i] = n;
                }
            } else {
                *hi = mid;
                for &i in &active {
                    high[i] = low[i];
                }
                for &(i, n) in &changed {
                    high[i] = n;
                }
            }
            active.retain(|&i| low[i] != high[i]);
        }
    };
    let t = highest_level_bisecting(
        0.0,
        hi,
        values.len() + 2,
        &fits,
        |t| next_cover_breakpoint(values, t),
        bisect,
    );
    Some(snap_cover_level(values, t))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// Told incrementally, the budget search ends on the very level
        /// (to the bit) that summing every station at each midpoint does.
        #[test]
        fn incremental_halvings_find_the_same_cover_level(
            values in prop::collection::vec(
                prop_oneof![Just(0.0), (1u32..40).prop_map(f64::from), (1u32..5000).prop_map(|v| f64::from(v) / 37.0)],
                1..30,
            ),
            budget in 0i64..400,
        ) {
            let plain = max_cover_level(&values, budget, |at| {
                total(values.iter().map(|&v| at.steps(v))) <= budget
            });
            let told = max_posts_level(&values, budget);
            prop_assert_eq!(plain.map(f64::to_bits), told.map(f64::to_bits));
        }
    }
}
