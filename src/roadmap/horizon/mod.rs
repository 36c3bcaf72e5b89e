//! The horizon mode: recruits over all years so that the worst year's
//! balance level is as high as possible, then the sum of the years'
//! levels; and "how many to recruit" for a target level.
//!
//! **Why it decomposes.** Officers never change county, so a county's force
//! in year k is Ec,k = Ic,k + Sc,k: Ic,k, what is left of today's force
//! after k years of retirements and leavers, does not depend on any
//! decision ([`super::ageing`] makes them whole from the counties' ledgers,
//! which moves do not touch), and Sc,k is what is left of the recruits placed in c in years
//! 0..k. Without locks, move caps, age-restricted officers or recruits
//! leaving within the roadmap, the year-k level county c can reach depends
//! only on Ec,k, and it never falls as Ec,k grows. With needc,k(t) the
//! fewest officers c needs on top of Ic,k to reach level t in year k
//! ([`super::place::need`]; non-decreasing in t), targets t₀ … t_{K−1} are
//! reachable iff some placement has, for every county and year,
//! Σ_{j≤k} Rc,j ≥ Mc,k = max_{j≤k} needc,j(tj) (placed recruits stay),
//! with Σc Rc,j ≤ Nj and Rc,j ≤ capc. Without caps this is Hall's
//! condition on prefixes — supply of year j can serve any need of a year
//! ≥ j — so the targets are reachable iff Σc Mc,k ≤ N₀ + … + Nk for every
//! k ([`Supply::fits`]); with caps a maximum flow decides it exactly.
//!
//! **The worst year** ([`Search::worst`]). Reachability of "every year ≥ t"
//! is monotone in t and changes only at breakpoints of some year's
//! requirements, so bisection and a walk over breakpoints find the highest
//! t* exactly; reachable at t*, not just above, is the proof.
//!
//! **The sum of levels** ([`Search::sum`]), every year at least t*. UBk,
//! year k's highest level with every other year at t*, bounds year k in any
//! such plan (lowering the others keeps it reachable), so Σ UBk bounds the
//! sum. Coordinate ascent (raise each year to its highest reachable level
//! given the others, until nothing rises) gives a plan; when its sum meets
//! the bound it is optimal. Otherwise a depth-first branch and bound over
//! each year's breakpoints, pruned by the bound, proves the optimum within
//! what is left of the search's budget.
//!
//! **The budget** (`roadmap.horizon_checks`, [`Search::limit`]). One
//! search makes at most that many reachability checks, a count, so the
//! result does not depend on the machine; each check costs one year's
//! needs (a pass over its stations) and Hall's condition over the years
//! and counties, so a search costs at most limit × O(stations + years ×
//! counties) (less where needs are remembered: [`NeedsMemo`]), and a
//! roadmap at most years searches (the first year's is the search from
//! the start). Past the limit
//! every check counts as "not reachable" without being made: the levels
//! found so far stay reachable (only a made check raises one), and the
//! lowest level a made check refused (or the counting bound) stays a bound.
//! The search then keeps the best plan found and names the gap:
//! [`Found::worst_bound`] above [`Found::worst`], [`Found::sum_bound`]
//! above [`Found::sum`] — never claimed optimal.
//!
//! **When the model is not separable** (locks, move caps,
//! `restricted_from_age`, recruits who leave): the search runs on the
//! relaxation that drops those bounds and keeps recruits (it can only
//! reach higher levels, so its optima bound the model's), the plan is then
//! evaluated year by year on the full model, and the outputs compare the
//! two; they coincide or the plan is reported as not proven.
//!
//! **Fewest moves.** Each year's plan moves the fewest officers from the
//! previous year's given that year's recruits. Among placements reaching
//! the targets, recruits are placed as late as the targets allow (each
//! year's need served by its own year's recruits first); the rest of a
//! year's recruits go where the balance is worst
//! ([`super::place::fill`]). Moves summed over the years are not
//! minimised jointly.

use rayon::prelude::*;

use super::ageing::{recruits_stay, State};
use super::place::{need, next_breakpoint, snap};
use super::{Prepared, RoadmapError};
use crate::domain::{County, Params};
use crate::model::level::{highest_level, At};
use crate::model::requirement::{requirements, Requirement};
use crate::model::rules::UNREACHABLE;

mod bound;
mod memo;
mod supply;
mod target;
use bound::BranchBound;
pub use memo::NeedsMemo;
pub use supply::Supply;
pub use target::fewest_recruits;

/// One year of the relaxation: the force without recruits, the relaxed
/// requirements and the year's parameters.
#[derive(Debug, Clone)]
pub struct YearBase {
    /// The year's counties: today's force after the year's flows, without
    /// recruits, move caps dropped; their stations index `reqs` (the
    /// stations themselves are not kept: the search reads only their
    /// requirements).
    pub counties: Vec<County>,
    /// Each station's requirement in the year, relaxed as `counties` are.
    pub reqs: Vec<Requirement>,
    /// The year's parameters, with the move caps dropped.
    pub params: Params,
}

/// Told the number of reachability checks after each one, so that a long
/// search can say how far it got (it changes nothing the search does).
#[derive(Clone, Copy, Default)]
pub struct Progress<'p>(Option<&'p (dyn Fn(usize) + Sync)>);

impl std::fmt::Debug for Progress<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(watched)"
        } else {
            "Progress(none)"
        })
    }
}

/// The relaxation of the roadmap and its search.
#[derive(Debug, Clone)]
pub struct Search<'p> {
    /// The years searched, in calendar order.
    pub years: Vec<YearBase>,
    /// The recruits a year and the counties' caps.
    pub supply: Supply,
    /// Why the relaxation is not the model (empty: it is).
    pub relaxed: Vec<String>,
    /// Reachability checks so far.
    pub checks: usize,
    /// The most reachability checks this search makes
    /// (`roadmap.horizon_checks`).
    pub limit: usize,
    /// The limit was reached: a check was needed and not made.
    pub stopped: bool,
    /// No placement keeps every year above this level (set by
    /// [`Search::worst`]; equal to its level when that is proven).
    pub worst_bound: Option<f64>,
    /// Told of each check.
    pub progress: Progress<'p>,
    /// The needs computed so far ([`Search::needs`]).
    pub memo: NeedsMemo,
}

/// What the horizon search found on the relaxation.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// t*: the highest worst-year level found reachable (`None`: no
    /// workload in any year); the highest of all when it equals
    /// `worst_bound`.
    pub worst: Option<f64>,
    /// No placement keeps every year above this level.
    pub worst_bound: Option<f64>,
    /// The search stopped at its limit of checks ([`Search::limit`]).
    pub stopped: bool,
    /// The year targets chosen (each ≥ t*).
    pub targets: Vec<f64>,
    /// Σ targets.
    pub sum: f64,
    /// Σ UBk: no plan keeping every year ≥ t* has a larger sum.
    pub sum_bound: f64,
    /// The sum is proven optimal (on the relaxation).
    pub sum_proven: bool,
    /// Recruits per year and county reaching the targets.
    pub placements: Vec<Vec<i64>>,
    /// Reachability checks the search made.
    pub checks: usize,
}

/// The years' relaxation from the start ([`relaxation_from`]).
pub fn relaxation(prep: &Prepared, recruits: &[i64]) -> Result<Search<'static>, RoadmapError> {
    relaxation_from(prep, &prep.start, 0, recruits)
}

/// The relaxation of years `first`… from the force `state` at the end of
/// the year before: the force without further recruits year by year (the
/// base run: flows only, earlier recruits leaving as they do, the
/// auxiliaries following their plan), with locks and move caps dropped and
/// age-restricted officers left out. `recruits` are the recruits of every
/// year of the roadmap.
pub fn relaxation_from(
    prep: &Prepared,
    start: &State,
    first: usize,
    recruits: &[i64],
) -> Result<Search<'static>, RoadmapError> {
    let mut state: State = start.clone();
    let mut years = Vec::with_capacity(prep.spec.years - first);
    let mut relaxed = Vec::new();
    let base = &prep.loaded.province;
    if base.stations.iter().any(|s| s.levers.locked) {
        relaxed.push("locked stations (their bounds follow the previous year's plan)".to_string());
    }
    let caps_set = base.stations.iter().any(|s| s.levers.max_moves.is_some())
        || base.counties.iter().any(|c| c.max_moves.is_some())
        || prep.loaded.params.levers.max_moves_per_county.is_some()
        || prep.loaded.params.levers.max_moves_per_station.is_some();
    if caps_set {
        relaxed.push("move caps (they bound moves from the previous year's plan)".to_string());
    }
    if prep.spec.restricted_from_age.is_some() {
        relaxed.push("roadmap.restricted_from_age (which stations the older officers are at depends on the moves)".to_string());
    }
    if !recruits_stay(&prep.spec) {
        relaxed.push("recruits leave within the roadmap (roadmap.leaving_rate of their age bands): the search keeps them".to_string());
    }
    for k in first..prep.spec.years {
        let t = prep.year_of(k);
        let _ = state.flows(base, t, &prep.spec, prep.aux_budgets[k]);
        let mut province = state.province(base, t, None);
        let mut params = prep.params_of(k);
        // The auxiliaries follow their own plan (it does not depend on the
        // officers').
        let reqs = prep.requirements_of(&province, &params, k)?;
        let aux = crate::model::auxiliaries::plan_auxiliaries(
            &province.stations,
            &reqs,
            params.auxiliaries.total,
        );
        state.set_auxiliaries(&aux.auxiliaries);
        // Relax: no locks, no move caps (the requirements change only when
        // there is one to drop).
        let bounded = province
            .stations
            .iter()
            .any(|s| s.levers.locked || s.levers.max_moves.is_some())
            || province.counties.iter().any(|c| c.max_moves.is_some())
            || params.levers.max_moves_per_county.is_some()
            || params.levers.max_moves_per_station.is_some();
        let reqs = if bounded {
            for s in &mut province.stations {
                s.levers.locked = false;
                s.levers.max_moves = None;
            }
            for c in &mut province.counties {
                c.max_moves = None;
            }
            params.levers.max_moves_per_county = None;
            params.levers.max_moves_per_station = None;
            requirements(&province, &params)
        } else {
            reqs
        };
        years.push(YearBase {
            counties: province.counties,
            reqs,
            params,
        });
    }
    Ok(Search {
        years,
        supply: Supply {
            per_year: recruits[first..].to_vec(),
            caps: prep.caps.clone(),
        },
        relaxed,
        checks: 0,
        limit: prep.spec.horizon_checks,
        stopped: false,
        worst_bound: None,
        progress: Progress::default(),
        memo: NeedsMemo::default(),
    })
}

impl<'p> Search<'p> {
    /// The search, telling `progress` of each reachability check.
    pub fn watched<'q>(self, progress: &'q (dyn Fn(usize) + Sync)) -> Search<'q> {
        Search {
            years: self.years,
            supply: self.supply,
            relaxed: self.relaxed,
            checks: self.checks,
            limit: self.limit,
            stopped: self.stopped,
            worst_bound: self.worst_bound,
            progress: Progress(Some(progress)),
            memo: self.memo,
        }
    }

    /// needc,k(at) for every county of year k (computed once per search:
    /// [`NeedsMemo`]).
    pub fn needs(&self, k: usize, at: At) -> Vec<i64> {
        self.memo.get(k, at, || {
            let y = &self.years[k];
            y.counties
                .par_iter()
                .map(|c| need(c, &y.reqs, &y.params, at))
                .collect()
        })
    }

    /// Mc,k from each year's needs.
    fn cumulative(needs: &[Vec<i64>]) -> Vec<Vec<i64>> {
        let mut out: Vec<Vec<i64>> = Vec::with_capacity(needs.len());
        for (k, row) in needs.iter().enumerate() {
            let m: Vec<i64> = match k {
                0 => row.clone(),
                _ => row
                    .iter()
                    .zip(&out[k - 1])
                    .map(|(a, b)| (*a).max(*b))
                    .collect(),
            };
            out.push(m);
        }
        out
    }

    /// Whether the years' needs can be met.
    fn fits(&mut self, needs: &[Vec<i64>]) -> bool {
        self.checks += 1;
        if let Some(tell) = self.progress.0 {
            tell(self.checks);
        }
        self.supply.fits(&Self::cumulative(needs))
    }

    /// The next breakpoint above t of year k's requirements (of any year
    /// when `k` is `None`).
    fn next(&self, k: Option<usize>, t: f64) -> f64 {
        match k {
            Some(k) => next_breakpoint(&self.years[k].reqs, t),
            None => self
                .years
                .iter()
                .map(|y| next_breakpoint(&y.reqs, t))
                .fold(f64::INFINITY, f64::min),
        }
    }

    fn snap(&self, k: Option<usize>, t: f64) -> f64 {
        match k {
            Some(k) => snap(&self.years[k].reqs, t),
            None => self
                .years
                .iter()
                .map(|y| snap(&y.reqs, t))
                .fold(t, f64::min),
        }
    }

    /// A level no year reaches with every recruit of the roadmap.
    fn bound(&self, k: Option<usize>) -> Option<f64> {
        let all: i64 = self.supply.per_year.iter().sum();
        let years: Vec<usize> = match k {
            Some(k) => vec![k],
            None => (0..self.years.len()).collect(),
        };
        years
            .into_iter()
            .filter_map(|k| {
                super::place::level_bound(&self.years[k].counties, &self.years[k].reqs, all)
            })
            .reduce(f64::min)
    }

    /// The highest t such that year(s) `k` at t (the others at `fixed`)
    /// can be met, given it can be at `lo`; and a level no such t passes
    /// (the same t unless the search stopped at its limit: then the lowest
    /// level a check refused, or the counting bound).
    fn highest(&mut self, k: Option<usize>, fixed: &[Vec<i64>], lo: f64) -> (f64, f64) {
        let Some(hi) = self.bound(k) else {
            return (f64::INFINITY, f64::INFINITY);
        };
        if hi <= lo {
            return (lo, lo);
        }
        let walk = 2 * self.years.iter().map(|y| y.reqs.len()).max().unwrap_or(0) + 2;
        let refused = std::cell::Cell::new(hi);
        let this = std::cell::RefCell::new(&mut *self);
        let t = highest_level(
            lo,
            hi,
            walk,
            |at| {
                let mut s = this.borrow_mut();
                if s.checks >= s.limit {
                    s.stopped = true;
                    return false;
                }
                let needs: Vec<Vec<i64>> = (0..s.years.len())
                    .map(|j| match k {
                        Some(k) if j != k => fixed[j].clone(),
                        _ => s.needs(j, at),
                    })
                    .collect();
                let fits = s.fits(&needs);
                if !fits {
                    let (At::Level(t) | At::JustAbove(t)) = at;
                    refused.set(refused.get().min(t));
                }
                fits
            },
            |t| this.borrow().next(k, t),
        );
        let t = self.snap(k, t);
        if self.stopped {
            (t, refused.get().max(t))
        } else {
            (t, t)
        }
    }

    /// t*: the highest level every year can keep (`Err` with the first
    /// year whose needs at level 0 exceed the recruits up to it).
    pub fn worst(&mut self) -> Result<Option<f64>, (usize, i64, i64)> {
        let zero: Vec<Vec<i64>> = (0..self.years.len())
            .map(|k| self.needs(k, At::Level(0.0)))
            .collect();
        if !self.fits(&zero) {
            let m = Self::cumulative(&zero);
            let mut supply = 0i64;
            for (k, row) in m.iter().enumerate() {
                supply += self.supply.per_year[k];
                let need = row.iter().fold(0i64, |a, &b| a.saturating_add(b));
                if need > supply || row.iter().any(|&v| v >= UNREACHABLE) {
                    return Err((k, need.min(UNREACHABLE), supply));
                }
            }
            return Err((self.years.len().saturating_sub(1), UNREACHABLE, supply));
        }
        if self
            .years
            .iter()
            .all(|y| y.reqs.iter().all(|r| r.duty + r.community <= 0.0))
        {
            return Ok(None);
        }
        let (t, bound) = self.highest(None, &[], 0.0);
        self.worst_bound = bound.is_finite().then_some(bound);
        Ok(t.is_finite().then_some(t))
    }

    /// Every year at least `worst` (t*, or lower when an earlier year of a
    /// rolling plan is already below it), then the highest sum (module
    /// documentation).
    pub fn sum(&mut self, worst: f64) -> Found {
        let n = self.years.len();
        let at = |t: f64| At::Level(t);
        let base: Vec<Vec<i64>> = (0..n).map(|k| self.needs(k, at(worst))).collect();
        // UBk with the others at t* (a bound on it when the search stops).
        let ub: Vec<f64> = (0..n)
            .map(|k| self.highest(Some(k), &base, worst).1)
            .collect();
        let sum_bound: f64 = ub.iter().sum();
        // Coordinate ascent, last year first and first year first; the
        // better is kept.
        let mut best: Option<(f64, Vec<f64>)> = None;
        for order in [(0..n).rev().collect::<Vec<_>>(), (0..n).collect()] {
            let mut targets = vec![worst; n];
            let mut needs = base.clone();
            loop {
                let mut rose = false;
                for &k in &order {
                    let (t, _) = self.highest(Some(k), &needs, targets[k]);
                    if t > targets[k] {
                        targets[k] = t;
                        needs[k] = self.needs(k, at(t));
                        rose = true;
                    }
                }
                if !rose {
                    break;
                }
            }
            let s: f64 = targets.iter().sum();
            if best.as_ref().map_or(true, |(b, _)| s > *b) {
                best = Some((s, targets));
            }
        }
        let (mut sum, mut targets) = best.unwrap_or((worst * n as f64, vec![worst; n]));
        let mut proven = sum >= sum_bound - 1e-9 * sum_bound.abs().max(1.0);
        if !proven {
            let mut bb = BranchBound {
                worst,
                ub: &ub,
                best_sum: sum,
                best: targets.clone(),
                budget: self.limit,
                out_of_budget: false,
                candidates: Vec::new(),
            };
            let mut chosen = Vec::new();
            let mut needs = base.clone();
            bb.dfs(self, 0, 0.0, &mut chosen, &mut needs);
            proven = !bb.out_of_budget;
            self.stopped |= bb.out_of_budget;
            sum = bb.best_sum;
            targets = bb.best;
        }
        let needs: Vec<Vec<i64>> = (0..n).map(|k| self.needs(k, at(targets[k]))).collect();
        let placements = self
            .supply
            .place(&Self::cumulative(&needs))
            .unwrap_or_else(|| vec![vec![0; self.years[0].counties.len()]; n]);
        Found {
            worst: Some(worst),
            // A rolling year kept at an earlier year's lower level: the
            // bound of its own search is what it reached or more.
            worst_bound: self.worst_bound.map(|b| b.max(worst)).or(Some(worst)),
            stopped: self.stopped,
            targets,
            sum,
            sum_bound,
            sum_proven: proven,
            placements,
            checks: self.checks,
        }
    }

    /// The placement when no year has workload (every level is reached).
    pub fn unbounded(&self) -> Found {
        let counties = self.years.first().map_or(0, |y| y.counties.len());
        Found {
            worst: None,
            worst_bound: None,
            stopped: self.stopped,
            targets: Vec::new(),
            sum: 0.0,
            sum_bound: 0.0,
            sum_proven: true,
            placements: vec![vec![0; counties]; self.years.len()],
            checks: self.checks,
        }
    }

    /// The levels of year k from t* up to UBk at which its needs change,
    /// highest first.
    fn candidates(&self, k: usize, lo: f64, hi: f64) -> Vec<f64> {
        let mut out = vec![lo];
        let mut t = lo;
        while out.len() < 1_000_000 {
            let n = self.next(Some(k), t);
            if n.partial_cmp(&t) != Some(std::cmp::Ordering::Greater)
                || n > hi * (1.0 + 1e-12) + 1e-12
            {
                break;
            }
            out.push(n);
            t = n;
        }
        out.reverse();
        out
    }
}
