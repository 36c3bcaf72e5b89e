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

use crate::domain::{BudgetScope, Params, Province, Target};
use crate::model::auxiliaries::{max_cover_level, plan_auxiliaries, AuxiliaryPlan};
#[cfg(doc)]
use crate::model::balance::county_max_level;
use crate::model::balance::CountyLevel;
use crate::model::greedy::{give, take};
use crate::model::level::{
    breakpoint_at_less, highest_level, next_breakpoint_less, steps_at, walk_up, At,
};
use crate::model::marginal::limit_of_bounds;
use crate::model::need::Requirement;
use crate::model::rules::{total, CountyBounds, UNREACHABLE};
#[cfg(doc)]
use crate::model::transfers::assign_county_each;
use crate::outcome::CountyLimit;
use crate::plan::Dimension;

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

/// One county's data for the fill.
struct Ctx<'a> {
    county: &'a crate::domain::County,
    reqs: &'a [Requirement],
    params: &'a Params,
    /// Stations with a cover level (in the county's order).
    active: Vec<bool>,
    /// Under `standard`: the level every station's cover counts up to
    /// (`None` under `leximin`: no cap).
    cap: Option<f64>,
    /// Station evaluations spent so far (see [`SEARCH_LIMIT`]).
    spent: std::cell::Cell<usize>,
}

/// A partial fill: fixed levels, the common level of the others, the steps.
#[derive(Clone)]
struct State {
    fixed: Vec<Option<f64>>,
    t: f64,
    round: usize,
    steps: Vec<FillStep>,
    /// Once no unfixed station can rise even alone above its next rung: the
    /// rule that stops each (see [`Ctx::frozen`]).
    frozen: Option<Vec<CountyLimit>>,
    /// Set when float rounding leaves no rung above the level: the rounds'
    /// own bounded search finishes the fill.
    thawed: bool,
}

struct Search {
    proven: bool,
}

/// The finished fill of one branch.
struct Leaf {
    levels: Vec<f64>,
    sorted: Vec<f64>,
    moves: i64,
    steps: Vec<FillStep>,
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

impl Ctx<'_> {
    fn req(&self, i: usize) -> &Requirement {
        &self.reqs[self.county.stations[i]]
    }

    fn bounds(&self, at: impl Fn(usize) -> At) -> CountyBounds {
        self.spent.set(
            self.spent
                .get()
                .saturating_add(self.county.stations.len().max(1)),
        );
        CountyBounds::at_each(self.county, self.reqs, self.params, at)
    }

    /// `self.bounds(at).feasible()`, counted as the same work, without
    /// building the bounds ([`CountyBounds::feasible_each`]).
    fn fits(&self, at: impl Fn(usize) -> At) -> bool {
        self.spent.set(
            self.spent
                .get()
                .saturating_add(self.county.stations.len().max(1)),
        );
        CountyBounds::feasible_each(self.county, self.reqs, self.params, at)
    }

    /// Whether the fill has spent its work on choices (see [`SEARCH_LIMIT`]).
    fn over(&self) -> bool {
        let n = self.county.stations.len();
        self.spent.get() > SEARCH_LIMIT.max(n.saturating_mul(n).saturating_mul(100))
    }

    /// Every station held: fixed ones at their levels, the others at `at`,
    /// except `raised` stations, just above `t`.
    fn with<'s>(&'s self, state: &'s State, at: At) -> impl Fn(usize) -> At + 's {
        move |i| match state.fixed[i] {
            Some(l) => At::Level(l),
            None if self.active[i] => at,
            None => At::Level(0.0),
        }
    }

    /// Whether the stations in `raised` can all be just above `t` while the
    /// other unfixed ones are at `t` and the fixed at their levels; with the
    /// bounds when not.
    fn raise(&self, state: &State, t: f64, raised: &[usize]) -> Result<(), CountyBounds> {
        let base = self.with(state, At::Level(t));
        let at = |i| {
            if raised.contains(&i) {
                At::JustAbove(t)
            } else {
                base(i)
            }
        };
        if self.fits(at) {
            Ok(())
        } else {
            // The same check, once more in full for the rule that stops it.
            Err(CountyBounds::at_each(
                self.county,
                self.reqs,
                self.params,
                at,
            ))
        }
    }

    /// The lowest breakpoint above t of the unfixed stations' requirements.
    fn next(&self, state: &State, t: f64) -> f64 {
        (0..self.active.len())
            .filter(|&i| self.active[i] && state.fixed[i].is_none())
            .flat_map(|i| {
                let r = self.req(i);
                [
                    next_breakpoint_less(t, r.duty, r.duty_credit),
                    next_breakpoint_less(t, r.community, 0.0),
                ]
            })
            .flatten()
            .fold(f64::INFINITY, f64::min)
    }

    /// Station i's next rung above t: where its floors step up first.
    fn rung_above(&self, i: usize, t: f64) -> f64 {
        let r = self.req(i);
        [
            next_breakpoint_less(t, r.duty, r.duty_credit),
            next_breakpoint_less(t, r.community, 0.0),
        ]
        .into_iter()
        .flatten()
        .fold(f64::INFINITY, f64::min)
    }

    /// Whether the fill is frozen: every unfixed station stands at its next
    /// rung ρₛ above the common level t (its floors just above t), and none
    /// can rise above its ρₛ even alone, the others staying. Then every
    /// later round only fixes the stations at the lowest ρ with the rule
    /// found here (the configuration each round tests is this one: raising
    /// the common level to ρ changes no floor), so the fill ends without
    /// further checks. Returns each station's rule, or `None` when some
    /// station can still rise.
    fn frozen(&self, state: &State) -> Option<Vec<CountyLimit>> {
        let n = self.active.len();
        let rho: Vec<f64> = (0..n)
            .map(|i| match state.fixed[i] {
                None if self.active[i] => self.rung_above(i, state.t),
                _ => f64::NAN,
            })
            .collect();
        if rho.iter().any(|r| r.is_infinite()) {
            // A rung beyond any float (requirements far outside the
            // limits): leave it to the rounds' bounded search.
            return None;
        }
        let mut limits = vec![CountyLimit::None; n];
        for i in (0..n).filter(|&i| self.active[i] && state.fixed[i].is_none()) {
            let at = |j: usize| match state.fixed[j] {
                Some(l) => At::Level(l),
                None if !self.active[j] => At::Level(0.0),
                None if j == i => At::JustAbove(rho[j]),
                None => At::Level(rho[j]),
            };
            if self.fits(at) {
                return None;
            }
            let b = CountyBounds::at_each(self.county, self.reqs, self.params, at);
            limits[i] = self.limit(&b);
        }
        Some(limits)
    }

    /// The highest common level of the unfixed stations, from `state.t`
    /// (where it fits), stood on its breakpoint.
    fn common_level(&self, state: &State) -> f64 {
        let fits = |at: At| self.fits(self.with(state, at));
        let next = |t: f64| self.next(state, t);
        let t = match walk_up(state.t, WALK_FIRST, &fits, &next) {
            Ok(t) => t,
            Err(t) => {
                let unfixed = || {
                    (0..self.active.len()).filter(|&i| self.active[i] && state.fixed[i].is_none())
                };
                let need: f64 = unfixed()
                    .map(|i| self.req(i).duty + self.req(i).community)
                    .sum();
                let credit: f64 = unfixed().map(|i| self.req(i).duty_credit).sum();
                let cap = self.bounds(|_| At::Level(0.0)).cap as f64;
                let hi = (cap + credit + 1.0) / need;
                let steps = 2 * self.active.len() + 2;
                highest_level(t, hi, steps, fits, next)
            }
        };
        // Stand on the breakpoint (the lowest unfixed rung at t).
        (0..self.active.len())
            .filter(|&i| self.active[i] && state.fixed[i].is_none())
            .flat_map(|i| {
                let r = self.req(i);
                [
                    breakpoint_at_less(t, r.duty, r.duty_credit),
                    breakpoint_at_less(t, r.community, 0.0),
                ]
            })
            .flatten()
            .reduce(f64::min)
            .unwrap_or(t)
    }

    /// The unfixed stations whose floors rise just above `t`, with the
    /// requirements that rise: the duty and community floors of the rules
    /// ([`CountyBounds::at_each`]: cover, restricted officers, the station
    /// community share), at t and just above it.
    fn tied(&self, state: &State, t: f64) -> Vec<(usize, Vec<Dimension>)> {
        let at = self.bounds(self.with(state, At::Level(t)));
        let above = self.bounds(self.with(state, At::JustAbove(t)));
        let mut out = Vec::new();
        for i in 0..self.active.len() {
            if !self.active[i] || state.fixed[i].is_some() {
                continue;
            }
            let (a, b) = (&at.stations[i], &above.stations[i]);
            let mut dims = Vec::new();
            if b.duty > a.duty {
                dims.push(Dimension::Duty);
            }
            if b.community > a.community {
                dims.push(Dimension::Community);
            }
            if !dims.is_empty() {
                out.push((i, dims));
            }
        }
        out
    }

    /// Stations with the same data are interchangeable in the fill and in
    /// the moves.
    fn same(&self, a: usize, b: usize) -> bool {
        // Every field of the requirement (floats bit for bit): today's
        // officers, minimums, caps, locks, move caps, restricted officers.
        let (x, y) = (self.req(a), self.req(b));
        x == y
            && x.duty.to_bits() == y.duty.to_bits()
            && x.community.to_bits() == y.community.to_bits()
            && x.duty_credit.to_bits() == y.duty_credit.to_bits()
    }

    fn fix(&self, state: &mut State, i: usize, t: f64, dims: &[Dimension], limit: CountyLimit) {
        state.fixed[i] = Some(t);
        state.steps.push(FillStep {
            step: state.round,
            level: t,
            station: self.county.stations[i],
            dimensions: dims.to_vec(),
            limit,
        });
    }

    /// Fixes every unfixed station at the cap: it stands at the standard
    /// (no rule stops it, so no limit is recorded).
    fn fix_all_at(&self, state: &mut State, cap: f64) {
        for i in 0..self.active.len() {
            if self.active[i] && state.fixed[i].is_none() {
                self.fix(state, i, cap, &[], CountyLimit::None);
            }
        }
        state.t = cap;
    }

    /// The rule a failing configuration breaks.
    fn limit(&self, b: &CountyBounds) -> CountyLimit {
        limit_of_bounds(self.county, self.reqs, b)
    }

    fn leaf(&self, state: State) -> Leaf {
        let levels: Vec<f64> = state.fixed.iter().map(|l| l.unwrap_or(0.0)).collect();
        let b = self.bounds(|i| At::Level(levels[i]));
        let mut sorted: Vec<f64> = (0..levels.len())
            .filter(|&i| self.active[i])
            .map(|i| levels[i])
            .collect();
        sorted.sort_by(f64::total_cmp);
        Leaf {
            levels,
            sorted,
            moves: b.min_moves,
            steps: state.steps,
        }
    }

    /// Fills from `state` to the end, branching at ties (module docs).
    fn fill(&self, mut state: State, search: &mut Search) -> Leaf {
        loop {
            let unfixed = (0..self.active.len())
                .filter(|&i| self.active[i] && state.fixed[i].is_none())
                .count();
            if unfixed == 0 {
                return self.leaf(state);
            }
            // After rounds 1, 2, 4, 8, …: has the fill frozen? (In a county
            // whose force is used up it does after round 1.)
            if state.frozen.is_none() && !state.thawed && state.round.is_power_of_two() {
                state.frozen = self.frozen(&state);
            }
            if let Some(limits) = state.frozen.take() {
                let t = self.next(&state, state.t);
                if let Some(cap) = self.cap.filter(|&c| t >= c) {
                    // Every unfixed station stands at a rung ρ ≥ cap, and
                    // together they fit there: all are at the standard.
                    state.round += 1;
                    self.fix_all_at(&mut state, cap);
                    continue;
                }
                if !(t > state.t && t.is_finite()) {
                    // No rung above in floats: back to the rounds' search.
                    state.thawed = true;
                    continue;
                }
                state.round += 1;
                state.t = t;
                let tied = self.tied(&state, t);
                if tied.is_empty() {
                    // Only float rounding can get here: fix what is left.
                    for (i, &limit) in limits.iter().enumerate() {
                        if self.active[i] && state.fixed[i].is_none() {
                            self.fix(&mut state, i, t, &[], limit);
                        }
                    }
                }
                for (i, dims) in tied {
                    self.fix(&mut state, i, t, &dims, limits[i]);
                }
                state.frozen = Some(limits);
                continue;
            }
            state.round += 1;
            if let Some(cap) = self.cap {
                // Under `standard` the common level stops at the cap: if
                // every unfixed station fits there, each stands at the
                // standard and the fill ends.
                if self.fits(self.with(&state, At::Level(cap))) {
                    self.fix_all_at(&mut state, cap);
                    continue;
                }
            }
            let t = self.common_level(&state);
            state.t = t;
            let tied = self.tied(&state, t);
            if tied.is_empty() {
                // Only float rounding can get here (the level just above t
                // failed with no floor rising): fix what is left at t.
                for i in 0..self.active.len() {
                    if self.active[i] && state.fixed[i].is_none() {
                        self.fix(&mut state, i, t, &[], CountyLimit::None);
                    }
                }
                continue;
            }
            // Stations that cannot rise even alone.
            let mut open: Vec<(usize, Vec<Dimension>)> = Vec::new();
            let mut blocked: Vec<(usize, Vec<Dimension>, CountyLimit)> = Vec::new();
            for (i, dims) in tied {
                match self.raise(&state, t, &[i]) {
                    Ok(()) => open.push((i, dims)),
                    Err(b) => {
                        let limit = self.limit(&b);
                        blocked.push((i, dims, limit));
                    }
                }
            }
            let progress = !blocked.is_empty();
            for (i, dims, limit) in blocked {
                self.fix(&mut state, i, t, &dims, limit);
            }
            if open.is_empty() {
                continue;
            }
            let all: Vec<usize> = open.iter().map(|(i, _)| *i).collect();
            if self.raise(&state, t, &all).is_ok() {
                if progress {
                    continue;
                }
                // Cannot happen (t would not be the highest level); fix the
                // tied stations rather than loop.
                for (i, dims) in &open {
                    self.fix(&mut state, *i, t, dims, CountyLimit::None);
                }
                continue;
            }
            // A choice: only some of the tied stations can rise together.
            let choices = self.largest_risers(&state, t, &all, search);
            let tied_n = all.len();
            let mut best: Option<Leaf> = None;
            for rise in &choices {
                let mut branch = state.clone();
                for (i, dims) in &open {
                    if !rise.contains(i) {
                        let limit = CountyLimit::Tie {
                            rose: rise.len(),
                            tied: tied_n,
                        };
                        self.fix(&mut branch, *i, t, dims, limit);
                    }
                }
                if best.is_some() && self.over() {
                    // Out of work: the choices not tried stay untried.
                    search.proven = false;
                    break;
                }
                let leaf = self.fill(branch, search);
                best = Some(match best {
                    None => leaf,
                    Some(b) => {
                        let better = compare_sorted(&leaf.sorted, &b.sorted)
                            .then(b.moves.cmp(&leaf.moves))
                            .is_gt();
                        if better {
                            leaf
                        } else {
                            b
                        }
                    }
                });
            }
            return best.unwrap_or_else(|| self.leaf(state));
        }
    }

    /// Every largest set of `tied` stations that can rise together (at
    /// least one can: each rises alone), up to interchangeable stations.
    ///
    /// A greedy pass (add each station in order if the set can still rise)
    /// gives a set of some size g; sizes g + 1, g + 2, … are then tried
    /// until one has no set that can rise (a smaller set of a set that can
    /// rise can rise too, so no larger size has one either), and every set
    /// of the largest size is returned. Past [`SEARCH_LIMIT`] the search
    /// stops with the largest set found so far (`proven` turns false).
    fn largest_risers(
        &self,
        state: &State,
        t: f64,
        tied: &[usize],
        search: &mut Search,
    ) -> Vec<Vec<usize>> {
        let mut greedy: Vec<usize> = Vec::new();
        for &i in tied {
            greedy.push(i);
            if self.raise(state, t, &greedy).is_err() {
                greedy.pop();
            }
        }
        if self.over() {
            search.proven = false;
            return vec![greedy];
        }
        // Classes of interchangeable stations, in order.
        let mut classes: Vec<Vec<usize>> = Vec::new();
        for &i in tied {
            match classes.iter_mut().find(|c| self.same(c[0], i)) {
                Some(c) => c.push(i),
                None => classes.push(vec![i]),
            }
        }
        // Every set of one size that can rise; `None` when out of work.
        let sets_of = |size: usize, search: &mut Search| -> Option<Vec<Vec<usize>>> {
            let mut found: Vec<Vec<usize>> = Vec::new();
            let mut counts = vec![0usize; classes.len()];
            let mut out_of_work = false;
            each_count(&classes, size, 0, &mut counts, &mut |counts| {
                if self.over() {
                    out_of_work = true;
                    return false;
                }
                let set: Vec<usize> = classes
                    .iter()
                    .zip(counts)
                    .flat_map(|(c, &k)| c[..k].iter().copied())
                    .collect();
                if self.raise(state, t, &set).is_ok() {
                    found.push(set);
                }
                true
            });
            if out_of_work {
                search.proven = false;
                None
            } else {
                Some(found)
            }
        };
        let mut size = greedy.len();
        let mut larger: Option<Vec<Vec<usize>>> = None;
        // All of the tied stations cannot rise together (the caller checked).
        while size + 1 < tied.len() {
            match sets_of(size + 1, search) {
                None => return larger.unwrap_or_else(|| vec![greedy]),
                Some(found) if found.is_empty() => break,
                Some(found) => {
                    larger = Some(found);
                    size += 1;
                }
            }
        }
        match larger {
            Some(sets) => sets,
            // The greedy size is the largest: every set of that size.
            None => match sets_of(size, search) {
                Some(found) if !found.is_empty() => found,
                _ => vec![greedy],
            },
        }
    }
}

/// Calls `f` with every way to take `size` stations from the classes (how
/// many of each), in lexicographic order of the counts, largest first,
/// until `f` returns false. Returns false when it was stopped.
fn each_count(
    classes: &[Vec<usize>],
    size: usize,
    from: usize,
    counts: &mut Vec<usize>,
    f: &mut impl FnMut(&[usize]) -> bool,
) -> bool {
    if from == classes.len() {
        return size != 0 || f(counts);
    }
    let room: usize = classes[from + 1..].iter().map(Vec::len).sum();
    let most = classes[from].len().min(size);
    let least = size.saturating_sub(room);
    for k in (least..=most).rev() {
        counts[from] = k;
        if !each_count(classes, size - k, from + 1, counts, f) {
            counts[from] = 0;
            return false;
        }
    }
    counts[from] = 0;
    true
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

fn fill_county(
    county: &crate::domain::County,
    reqs: &[Requirement],
    params: &Params,
    cap: Option<f64>,
) -> CountyFill {
    let n = county.stations.len();
    let active: Vec<bool> = county
        .stations
        .iter()
        .map(|&s| has_level(&reqs[s]))
        .collect();
    let ctx = Ctx {
        county,
        reqs,
        params,
        active,
        cap,
        spent: std::cell::Cell::new(0),
    };
    let state = State {
        fixed: (0..n)
            .map(|i| if ctx.active[i] { None } else { Some(0.0) })
            .collect(),
        t: 0.0,
        round: 0,
        steps: Vec::new(),
        frozen: None,
        thawed: false,
    };
    let mut search = Search { proven: true };
    let leaf = ctx.fill(state, &mut search);
    CountyFill {
        levels: leaf.levels,
        steps: leaf.steps,
        moves: leaf.moves,
        proven: search.proven,
    }
}

/// A county's auxiliary posts under a plan: Σ_{s∈c} aₛ.
pub fn county_posts(province: &Province, aux: &[i64]) -> Vec<i64> {
    province
        .counties
        .iter()
        .map(|c| total(c.stations.iter().map(|&s| aux[s])))
        .collect()
}

/// Each county's auxiliary budget B_c: under a county budget its own posts
/// ([`crate::domain::County::auxiliary_posts`]: the `auxiliary_budget`
/// column or today's count); under a provincial budget the posts the
/// province target leaves it, A_c = Σ_{s∈c} aₛ of `base` (the plan of
/// [`plan_auxiliaries`]).
pub fn county_budgets(province: &Province, params: &Params, base: Option<&[i64]>) -> Vec<i64> {
    match (params.auxiliaries.budget_scope, base) {
        (BudgetScope::Province, Some(base)) => county_posts(province, base),
        _ => province
            .counties
            .iter()
            .map(|c| c.auxiliary_posts(&province.stations))
            .collect(),
    }
}

/// Both auxiliary phases under the auxiliary target and budget scope
/// (module documentation). Under a provincial budget the level reported is
/// the province's tₐ* under every target; under county budgets it is the
/// lowest level any county holds its stations to: min_c tₐc, capped at the
/// standard under `standard`.
pub fn plan_auxiliaries_for(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
) -> AuxiliaryPlan {
    let target = params.levers.balance.auxiliaries;
    let scope = params.auxiliaries.budget_scope;
    let base = (scope == BudgetScope::Province)
        .then(|| plan_auxiliaries(&province.stations, reqs, params.auxiliaries.total));
    if let (Some(base), Target::Province) = (&base, target) {
        return base.clone();
    }
    let cap = params.levers.balance.cap;
    // Under `standard` every station keeps at least the provincial level
    // tₐ*; when that is at or above the standard, the province plan is it.
    if let (Some(base), Target::Standard) = (&base, target) {
        if base.level.is_some_and(|t| t >= cap) {
            return base.clone();
        }
    }
    let budgets = county_budgets(province, params, base.as_ref().map(|b| &b.auxiliaries[..]));
    // Each county's own best level tₐc (None without villages).
    let values = |c: &crate::domain::County| -> Vec<f64> {
        c.stations.iter().map(|&s| reqs[s].villages).collect()
    };
    let county_levels: Vec<Option<f64>> = province
        .counties
        .iter()
        .zip(&budgets)
        .map(|(c, &b)| county_cover_level(&values(c), b))
        .collect();
    let lowest = county_levels.iter().flatten().copied().reduce(f64::min);
    let mut aux: Vec<i64> = province.stations.iter().map(|s| s.auxiliaries).collect();
    for ((county, &budget), level) in province.counties.iter().zip(&budgets).zip(&county_levels) {
        let today: Vec<i64> = county
            .stations
            .iter()
            .map(|&s| province.stations[s].auxiliaries)
            .collect();
        let v = values(county);
        let posts = match (target, level) {
            // No villages: under a provincial budget the province target's
            // posts; under a county budget the posts stay, spread evenly if
            // the budget differs from today's.
            (_, None) => match &base {
                Some(b) => county.stations.iter().map(|&s| b.auxiliaries[s]).collect(),
                None => fill_budget(&today, &vec![1.0; v.len()], &vec![0; v.len()], budget),
            },
            (Target::Leximin, Some(_)) => leximin_posts(&v, &today, budget, None),
            (Target::Standard, Some(_)) => leximin_posts(&v, &today, budget, Some(cap)),
            (Target::County, Some(t)) => at_level(&v, &today, budget, *t),
            // Every station at the lowest county's level (a county budget:
            // no county can lend another a post).
            (Target::Province, Some(_)) => at_level(&v, &today, budget, lowest.unwrap_or(0.0)),
        };
        for (&s, a) in county.stations.iter().zip(posts) {
            aux[s] = a;
        }
    }
    let level = match (&base, target) {
        (Some(b), _) => b.level,
        (None, Target::Standard) => lowest.map(|t| t.min(cap)),
        (None, _) => lowest,
    };
    let changed = total(
        aux.iter()
            .zip(&province.stations)
            .map(|(a, s)| a.saturating_sub(s.auxiliaries).saturating_abs()),
    );
    AuxiliaryPlan {
        level,
        auxiliaries: aux,
        changed,
    }
}

/// The highest village-cover level a county's `budget` allows,
/// tₐc = max{t : Σₛ⌈t·Vₛ⌉ ≤ budget} (`None` without villages).
pub fn county_cover_level(values: &[f64], budget: i64) -> Option<f64> {
    let fits = |at: At| total(values.iter().map(|&v| at.steps(v))) <= budget;
    max_cover_level(values, budget, fits)
}

/// The fewest changes from today's posts with every station at least at
/// its floor and the county's posts exactly `budget` (Σ floors ≤ budget):
/// every station keeps max(a⁰ₛ, floorₛ); posts beyond the budget are taken
/// where there are most per village (down to the floors), posts the budget
/// still has are added where there are fewest. Each unit taken or added is
/// a change no plan avoids, so the count is least.
pub fn fill_budget(today: &[i64], values: &[f64], floors: &[i64], budget: i64) -> Vec<i64> {
    let mut posts: Vec<i64> = today.iter().zip(floors).map(|(&a, &f)| a.max(f)).collect();
    let sum = total(posts.iter().copied());
    if sum > budget {
        take(&mut posts, values, floors, sum - budget);
    } else if sum < budget {
        let caps = vec![UNREACHABLE; posts.len()];
        give(&mut posts, values, &caps, budget - sum);
    }
    posts
}

/// `county` (and `province` under county budgets) for auxiliaries in one
/// county: every station ≥ ⌈t·Vₛ⌉, then the fewest changes filling the
/// budget ([`fill_budget`]).
fn at_level(values: &[f64], today: &[i64], budget: i64, t: f64) -> Vec<i64> {
    let floors: Vec<i64> = values.iter().map(|&v| steps_at(t, v)).collect();
    fill_budget(today, values, &floors, budget)
}

/// `leximin` (`cap` = `None`) and `standard` (`cap` = the standard) for
/// auxiliaries in one county with villages (module documentation): the
/// sorted vector of min(aₛ ÷ Vₛ, cap) over stations with villages as large
/// as possible with Σ aₛ = `budget`, then the fewest changes.
///
/// Under a cap, when the budget holds every station at the cap
/// (Σₛ⌈cap·Vₛ⌉ ≤ budget) every capped level is the cap, and the fewest
/// changes with those floors fill the budget ([`fill_budget`]). Otherwise
/// the highest level t the budget allows is below the cap, every station
/// gets ⌈t·Vₛ⌉, and the L posts left (fewer than the stations with a rung
/// at t) lift L of those one post each: those whose next capped rung
/// min((k + 1) ÷ Vₛ, cap) is highest (the sorted vector then dominates any
/// other choice place by place), among equal rungs those that had more
/// posts today (each is a change fewer), then in input order.
pub fn leximin_posts(values: &[f64], today: &[i64], budget: i64, cap: Option<f64>) -> Vec<i64> {
    if let Some(cap) = cap {
        let floors: Vec<i64> = values.iter().map(|&v| steps_at(cap, v)).collect();
        if total(floors.iter().copied()) <= budget {
            return fill_budget(today, values, &floors, budget);
        }
    }
    let t = county_cover_level(values, budget).unwrap_or(0.0);
    let mut posts: Vec<i64> = values.iter().map(|&v| steps_at(t, v)).collect();
    let mut left = budget.saturating_sub(total(posts.iter().copied()));
    let mut tied: Vec<usize> = (0..values.len())
        .filter(|&i| values[i] > 0.0 && At::JustAbove(t).steps(values[i]) > posts[i])
        .collect();
    let rung = |i: usize| {
        let r = (posts[i] + 1) as f64 / values[i];
        cap.map_or(r, |c| r.min(c))
    };
    tied.sort_by(|&a, &b| {
        compare_sorted(&[rung(b)], &[rung(a)])
            .then((today[b] > posts[b]).cmp(&(today[a] > posts[a])))
            .then(a.cmp(&b))
    });
    for i in tied {
        if left <= 0 {
            break;
        }
        posts[i] += 1;
        left -= 1;
    }
    posts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_vectors_cover_every_way_once() {
        let classes = vec![vec![0, 1], vec![2], vec![3, 4, 5]];
        let mut seen = Vec::new();
        let mut counts = vec![0; 3];
        each_count(&classes, 3, 0, &mut counts, &mut |c| {
            seen.push(c.to_vec());
            true
        });
        // (2,1,0) (2,0,1) (1,1,1) (1,0,2) (0,1,2) (0,0,3)
        assert_eq!(seen.len(), 6);
        assert_eq!(seen[0], vec![2, 1, 0]);
        assert!(seen.iter().all(|c| c.iter().sum::<usize>() == 3));
    }

    /// A station whose villages are under the rounding tolerance (t·Vₛ
    /// counts 0 posts at t, 1 just above) neither drops its county's level
    /// to 0 nor lifts it past the budget, and the posts are the budget.
    #[test]
    fn villages_under_the_tolerance_keep_the_level_and_the_budget() {
        let per_village = 1.6571902237308584;
        let v = [12.0 * per_village, 1e-9 * per_village];
        let t = county_cover_level(&v, 3).unwrap();
        assert!(
            t >= 2.0 / v[0],
            "level {t} dropped below the large station's"
        );
        assert!(total(v.iter().map(|&x| steps_at(t, x))) <= 3);
        let posts = leximin_posts(&v, &[2, 1], 3, Some(1.0));
        assert_eq!(total(posts.iter().copied()), 3, "{posts:?}");
        // The tiny station's tolerance ends just below the large station's
        // breakpoint 13 ÷ V: the level stays where 13 posts suffice.
        let per_village = 1.566344771477717;
        let v = [1e-9 * per_village, 13.0 * per_village];
        let t = county_cover_level(&v, 13).unwrap();
        assert!(total(v.iter().map(|&x| steps_at(t, x))) <= 13, "level {t}");
        let posts = leximin_posts(&v, &[0, 0], 13, Some(1.0));
        assert_eq!(total(posts.iter().copied()), 13, "{posts:?}");
    }

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
