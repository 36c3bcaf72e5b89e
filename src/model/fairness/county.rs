//! One county's officer fill: its data, the state of a partial fill, and
//! the rounds that raise the common level and fix the stations that stop.

use crate::domain::Params;
use crate::model::level::{breakpoint_at_less, highest_level, next_breakpoint_less, walk_up, At};
use crate::model::marginal::limit_of_bounds;
use crate::model::need::Requirement;
use crate::model::rules::CountyBounds;
use crate::outcome::CountyLimit;
use crate::plan::{Dimension, FillStep};

use super::{has_level, CountyFill, SEARCH_LIMIT, WALK_FIRST};

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
}

pub(super) fn fill_county(
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

mod ties;
