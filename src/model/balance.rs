//! Phase 1: the highest balance level t.
//!
//! For a fixed t the counties are independent, and whether a county can meet
//! every rule at t is decided exactly by its fewest station officers
//! ([`CountyBounds::floor`]) against its cap. That floor never falls as t
//! rises and only changes where some ⌈t·Dₛ⌉ or ⌈t·Cₛ⌉ steps up, at
//! t = k ÷ Dₛ or k ÷ Cₛ. So each county's best level t*c is the breakpoint
//! where it is feasible at t but not just above; the province's is
//! t* = min_c t*c. Bisection brings t close, a walk over breakpoints makes it
//! exact, and "feasible at t*, infeasible just above" is the proof.

use crate::domain::{County, Params};
use crate::model::level::{
    breakpoint_at_less, highest_level, next_breakpoint_less, steps_above, At,
};
use crate::model::need::Requirement;
use crate::model::rules::CountyBounds;

/// The best level one county can reach.
#[derive(Debug, Clone, PartialEq)]
pub enum CountyLevel {
    /// Not even level 0: some rule cannot be met (bounds at level 0 attached).
    Infeasible(CountyBounds),
    /// Feasible at t, infeasible just above t.
    Level(f64),
    /// The county has no workload: every level is feasible.
    Unbounded,
}

/// Exact best level of one county.
pub fn county_max_level(county: &County, reqs: &[Requirement], params: &Params) -> CountyLevel {
    let bounds = |at| CountyBounds::at(county, reqs, params, at);
    let at_zero = bounds(At::Level(0.0));
    if !at_zero.feasible() {
        return CountyLevel::Infeasible(at_zero);
    }
    let total: f64 = county
        .stations
        .iter()
        .map(|&s| reqs[s].duty + reqs[s].community)
        .sum();
    if total.is_nan() || total <= 0.0 {
        return CountyLevel::Unbounded;
    }
    // Σ⌈t·(Dₛ + Cₛ) − κₛ⌉ ≥ t·total − Σκ, so any t with
    // t·total > cap + Σκ is infeasible.
    let credit: f64 = county.stations.iter().map(|&s| reqs[s].duty_credit).sum();
    let hi = (at_zero.cap as f64 + credit + 1.0) / total;
    // Bisection, then a walk over breakpoints from the feasible end until
    // the level just above fails: at most one step per requirement (two per
    // station) plus one within the limits, see [`highest_level`].
    let steps = 2 * county.stations.len() + 2;
    let t = highest_level(
        0.0,
        hi,
        steps,
        |at| CountyBounds::feasible_at(county, reqs, params, at),
        |t| next_breakpoint(county, reqs, t),
    );
    CountyLevel::Level(snap_to_breakpoint(county, reqs, t))
}

/// The lowest breakpoint of the county's requirements above level t
/// (infinite when none has one).
fn next_breakpoint(county: &County, reqs: &[Requirement], t: f64) -> f64 {
    county
        .stations
        .iter()
        .flat_map(|&s| {
            [
                next_breakpoint_less(t, reqs[s].duty, reqs[s].duty_credit),
                next_breakpoint_less(t, reqs[s].community, 0.0),
            ]
        })
        .flatten()
        .fold(f64::INFINITY, f64::min)
}

/// The exact breakpoint k ÷ R that a level found by bisection stands on
/// (bisection may land within the rounding tolerance above it). A
/// breakpoint past the largest float is none: a requirement so small that
/// the county's force covers it beyond every float level leaves t as found.
fn snap_to_breakpoint(county: &County, reqs: &[Requirement], t: f64) -> f64 {
    county
        .stations
        .iter()
        .flat_map(|&s| {
            [
                breakpoint_at_less(t, reqs[s].duty, reqs[s].duty_credit),
                breakpoint_at_less(t, reqs[s].community, 0.0),
            ]
        })
        .flatten()
        .filter(|b| b.is_finite())
        .fold(None, |best: Option<f64>, b| {
            Some(best.map_or(b, |x| x.min(b)))
        })
        .unwrap_or(t)
}

/// Stations of a county whose requirement steps up just above level t.
pub fn stepping_stations(
    county: &County,
    reqs: &[Requirement],
    t: f64,
) -> Vec<(usize, crate::plan::Dimension)> {
    use crate::plan::Dimension;
    let mut out = Vec::new();
    for &s in &county.stations {
        if breakpoint_at_less(t, reqs[s].duty, reqs[s].duty_credit).is_some() {
            out.push((s, Dimension::Duty));
        }
        // A community step that its restricted officers already cover
        // (⌊t·Cₛ⌋ + 1 ≤ rₛ) asks for no one more.
        if breakpoint_at_less(t, reqs[s].community, 0.0).is_some()
            && steps_above(t, reqs[s].community) > reqs[s].restricted
        {
            out.push((s, Dimension::Community));
        }
    }
    out
}
