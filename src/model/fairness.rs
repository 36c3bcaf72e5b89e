//! Fair inside every county: the `county` and `leximin` balance targets
//! (`[balance] target`), and the same choices for auxiliaries.
//!
//! A station's **cover level** is Lₛ = min((xₛ − yₛ + κₛ) ÷ Dₛ, yₛ ÷ Cₛ)
//! over the requirements it has (κₛ the auxiliaries' duty credit, 0 unless
//! `auxiliaries.duty_factor` is set); stations with neither requirement have
//! none. With whole officers Lₛ takes only the values of its **rungs**,
//! (k + κₛ) ÷ Dₛ and j ÷ Cₛ for whole k, j ≥ 0: "Lₛ ≥ θ" is the pair of
//! floors dₛ ≥ ⌈θ·Dₛ − κₛ⌉⁺, yₛ ≥ ⌈θ·Cₛ⌉ ([`crate::model::rules`]).
//!
//! **Targets.** Officers never cross county lines, so every target works
//! county by county:
//! - `province`: every station ≥ t* = min_c t*c, then the fewest moves
//!   (the plain model).
//! - `county`: every station of county c ≥ t*c, the county's own best
//!   level ([`county_max_level`]), then the fewest moves.
//! - `leximin`: within each county, the vector of the stations' cover
//!   levels, sorted ascending, is lexicographically as large as possible;
//!   then the fewest moves among those plans ([`leximin_county`]).
//!
//! **Held levels.** Every target ends as one level θₛ per station, and the
//! plan is the fewest-moves plan with every Lₛ ≥ θₛ. For fixed θ the county
//! rules are the closed form of [`CountyBounds::at_each`]: station floors
//! ℓₛ = max(mₛ, dₛ + cₛ, x⁰ₛ − k) ≤ uₛ, the county floor
//! max(Σℓₛ, ⌈p·E⌉, ⌈Σdₛ ÷ (1 − q)⌉) ≤ min(E − hq_min, Σuₛ) and the
//! county move cap, exactly as for one common level (each county rule is a
//! sum over the stations' floors; nothing in the proof used that the floors
//! came from one level). Phase 2 is [`assign_county_each`], the same closed
//! form as the plain model.
//!
//! **Leximin by progressive filling, exact with integers.** Write the
//! county's stations with requirements as U (unfixed) ∪ F (fixed, each at a
//! level). Each round:
//! 1. Raise the common level: τ = the highest level such that every s ∈ U
//!    at τ and every s ∈ F at its level is feasible (a breakpoint search;
//!    F's floors are constants, so feasibility is monotone in τ).
//! 2. The tied stations G ⊆ U: those with a rung at τ (their floors rise
//!    just above τ). Every s ∈ U \ G already stands at its next rung,
//!    above τ, at no cost. Since "every U just above τ" is infeasible and
//!    only G's floors change there, G cannot all rise together.
//! 3. Each s ∈ G that cannot rise even alone (the others of U at τ) is
//!    fixed at τ, with the rule that stops it.
//! 4. If the rest G′ of G can all rise, the round ends. Otherwise only some
//!    of G′ can rise together, and the integers make a choice: every
//!    subset R ⊆ G′ of the largest size that can rise is tried (stations
//!    with identical data are interchangeable, so only how many of each
//!    kind matters), G′ \ R is fixed at τ, and each choice is filled on to
//!    the end. The best result wins: the larger sorted vector, then the
//!    fewer moves.
//!
//! *Proof of exactness.* Invariant: some optimal plan P* (leximin, then
//! fewest moves) has Lₛ(P*) = its level for s ∈ F and Lₛ(P*) ≥ τ_prev on U,
//! in at least one branch. (a) Held levels: the targets (F at their levels,
//! U at m* = min_U L(P*)) are feasible, so m* ≤ τ; the plan Q holding U at
//! τ shares F's levels with P*, and leximin comparisons of vectors with a
//! common part compare the rest (the order is separable: merging the same
//! values into both keeps the order), so P* ≥ Q gives m* ≥ τ: m* = τ.
//! (b) Stations in U \ G have no rung at τ, so Lₛ(P*) > τ. The stations of
//! G above τ in P* form a set that can rise, and P* has the fewest stations
//! at τ (a plan with fewer would be lexicographically larger), so this set
//! is one of the largest that can rise: a branch tries it. Stations that
//! cannot rise alone are in no such set. (c) A station fixed at τ can
//! never rise later: later rounds only raise the others. So the invariant
//! holds in that branch; each round fixes at least one station (if nothing
//! were blocked and G′ = G could rise, τ was not the highest level), so
//! every branch ends with every station fixed, and then every plan with
//! Lₛ ≥ θₛ has Lₛ = θₛ exactly (it is feasible, its sorted vector is at
//! least the optimum, so equal; equal sums of Lₛ ≥ θₛ force equality). The
//! fewest moves among them is [`CountyBounds::min_moves`] at the held
//! levels, so the best branch is optimal. ∎
//!
//! **Frozen fills.** After rounds 1, 2, 4, 8, … the fill tests whether
//! every unfixed station, standing at its next rung ρₛ above τ, is unable to
//! rise above ρₛ even alone ([`Ctx::frozen`]). Then every later round only
//! fixes the stations at the lowest ρ, for the rule found in that test
//! (raising the common level up to a station's ρ changes none of its floors,
//! so each later round tests exactly this configuration), and the fill ends
//! without further checks. In a county whose force is used up at t*c (most
//! counties without locks or caps) it freezes after round 1.
//!
//! The branching only happens at ties of exactly equal rungs where the
//! county has room for some but not all of the tied stations; on real data
//! (real-valued requirements) that is rare and small. The search is bounded
//! by its work: every feasibility check of a county counts its stations, and
//! once the county has spent max([`SEARCH_LIMIT`], 100·n²) of them (n its
//! stations), no further choice is tried (each open branch finishes on its
//! first choice) and the plan's status is `time_limit`, never `optimal`.
//! Without ties the fill of a county costs about 70·n² of them (n rounds,
//! each a short breakpoint search and a test per tied station), below the
//! limit.
//!
//! **Auxiliaries.** The budget is provincial. `province` is the plain
//! model. For `county` and `leximin` the province target first decides how
//! many posts each county keeps, A_c (today's posts, changed only as the
//! budget and the provincial level tₐ* force), and each county then
//! rebalances its own A_c: `county` holds every station ≥ the county's best
//! level tₐc = max{t : Σ_{s∈c}⌈t·Vₛ⌉ ≤ A_c} ≥ tₐ*, then the fewest changes;
//! `leximin` makes the county's sorted vector of aₛ ÷ Vₛ as large as
//! possible: every station gets ⌈tₐc·Vₛ⌉ and the L = A_c − Σ⌈tₐc·Vₛ⌉ posts
//! left (fewer than the stations with a rung at tₐc, else tₐc was not the
//! highest) lift L of those stations one post each, those whose next rung
//! (k + 1) ÷ Vₛ is highest; among equal rungs, those that had more posts
//! today (fewest changes). Every post raises some station, so all A_c go to
//! stations with villages: a station without villages keeps none under
//! `leximin`.

use crate::domain::{Params, Province, Target};
#[cfg(doc)]
use crate::model::balance::county_max_level;
use crate::model::balance::CountyLevel;
use crate::model::need::Requirement;
#[cfg(doc)]
use crate::model::rules::CountyBounds;
#[cfg(doc)]
use crate::model::transfers::assign_county_each;

/// Station evaluations (a feasibility check of a county costs one per
/// station) one county's leximin fill may spend before it stops trying
/// choices between tied stations, takes the first and reports `time_limit`
/// instead of `optimal`: a few tenths of a second of work. A county of n
/// stations may spend 100·n² when that is more (its fill without ties
/// costs about 70·n²).
pub const SEARCH_LIMIT: usize = 10_000_000;

/// Walk steps tried before a round's common level is bisected.
const WALK_FIRST: usize = 8;

pub use crate::plan::FillStep;

/// The levels every station is held to under a target.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldLevels {
    /// Per station (input order): the level its cover must reach (0 for a
    /// station without requirements, where it asks nothing).
    pub levels: Vec<f64>,
    /// Under `leximin`: every station fixed, by county and step.
    pub steps: Vec<FillStep>,
    /// False when a leximin search hit its work limit ([`SEARCH_LIMIT`]).
    pub proven: bool,
}

/// A station has a cover level when it has a requirement.
fn has_level(r: &Requirement) -> bool {
    r.duty > 0.0 || r.community > 0.0
}

/// The levels every station is held to: t* (`province`), t*c (`county`) or
/// the leximin fill (`leximin`). `levels` are the counties' best levels
/// ([`county_max_level`], all feasible).
pub fn held_levels(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    levels: &[CountyLevel],
) -> HeldLevels {
    let value = |l: &CountyLevel| match l {
        CountyLevel::Level(t) => Some(*t),
        _ => None,
    };
    let t_star = levels.iter().filter_map(value).reduce(f64::min);
    let mut held = vec![0.0; province.stations.len()];
    let mut steps = Vec::new();
    let mut proven = true;
    for (county, level) in province.counties.iter().zip(levels) {
        match params.levers.balance.officers {
            Target::Province => {
                for &s in &county.stations {
                    held[s] = t_star.unwrap_or(0.0);
                }
            }
            Target::County => {
                for &s in &county.stations {
                    held[s] = value(level).unwrap_or(0.0);
                }
            }
            Target::Leximin => {
                let fill = leximin_county(county, reqs, params);
                for (&s, &l) in county.stations.iter().zip(&fill.levels) {
                    held[s] = l;
                }
                steps.extend(fill.steps);
                proven &= fill.proven;
            }
            Target::Standard => {
                let floor = t_star.unwrap_or(0.0);
                let cap = params.levers.balance.cap;
                if floor >= cap {
                    // Every station already stands at or above the
                    // standard at t*: the province plan.
                    for &s in &county.stations {
                        held[s] = floor;
                    }
                    continue;
                }
                let fill = standard_county(county, reqs, params, cap);
                // Every capped level is at least min(t*c, cap) ≥ t*: the
                // floor only matters to stations without a level.
                for (&s, &l) in county.stations.iter().zip(&fill.levels) {
                    held[s] = l.max(floor);
                }
                steps.extend(fill.steps);
                proven &= fill.proven;
            }
        }
    }
    HeldLevels {
        levels: held,
        steps,
        proven,
    }
}

/// The leximin fill of one county.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyFill {
    /// Per station, in the county's order: its held level (0 without
    /// requirements).
    pub levels: Vec<f64>,
    /// The stations fixed, in filling order.
    pub steps: Vec<FillStep>,
    /// The fewest moves at these levels.
    pub moves: i64,
    /// False when the search hit [`SEARCH_LIMIT`].
    pub proven: bool,
}

/// −1, 0 or 1: whether sorted vector `a` is lexicographically smaller, equal
/// (within the tolerance of [`crate::numeric::tolerance`]) or larger than `b`.
pub fn compare_sorted(a: &[f64], b: &[f64]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let tol = crate::numeric::tolerance(x.abs().max(y.abs()));
        if (x - y).abs() > tol {
            return x.total_cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// The leximin fill of one county that meets its rules at level 0
/// (module documentation): held levels, the stations fixed at each step,
/// the fewest moves, and whether the search finished.
pub fn leximin_county(
    county: &crate::domain::County,
    reqs: &[Requirement],
    params: &Params,
) -> CountyFill {
    fill_county(county, reqs, params, None)
}

/// The `standard` fill of one county that meets its rules at level 0: the
/// leximin fill of the levels capped at `cap` (module documentation). The
/// common level stops at the cap, and every station still unfixed there
/// is held at the cap: its capped level is the cap whatever it gets.
pub fn standard_county(
    county: &crate::domain::County,
    reqs: &[Requirement],
    params: &Params,
    cap: f64,
) -> CountyFill {
    fill_county(county, reqs, params, Some(cap))
}

mod auxiliaries;
mod county;

pub use auxiliaries::{
    county_budgets, county_cover_level, county_posts, fill_budget, leximin_posts,
    plan_auxiliaries_for,
};
use county::fill_county;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_vectors_compare_within_the_tolerance() {
        use std::cmp::Ordering;
        assert_eq!(
            compare_sorted(&[0.5, 1.0], &[0.5, 1.0 + 1e-12]),
            Ordering::Equal
        );
        assert_eq!(compare_sorted(&[0.5, 1.1], &[0.5, 1.0]), Ordering::Greater);
        assert_eq!(compare_sorted(&[0.4, 9.0], &[0.5, 1.0]), Ordering::Less);
    }
}
