//! Marginal values in plain words: where one more officer, or one more
//! auxiliary post, raises the balance level most.
//!
//! The province's balance level is t* = min_c t*c, so one more officer helps
//! the province only in a county whose own best level is t*. To be
//! informative everywhere, each county gets both figures, computed exactly by
//! re-running the county's breakpoint search ([`county_max_level`]) with one
//! more officer in its force (so its station cap Ec − hq_min rises by one):
//! - its own best level with the officer, t⁺c;
//! - the province's level with the officer there, min(t⁺c, min_{c'≠c} t*c').
//!
//! The officer goes to the station(s) whose requirement steps up just above
//! t*c ([`stepping_stations`]); when several step together, one officer is
//! not enough and t⁺c = t*c.
//!
//! One more auxiliary post in county c goes to its station with the lowest
//! cover aₛ ÷ Vₛ. The provincial budget B is pooled, so the province's
//! auxiliary level with it is the highest tₐ with Σₛ⌈tₐ·Vₛ⌉ ≤ B + 1 and
//! Σ_{s∉c}⌈tₐ·Vₛ⌉ ≤ B (the extra post only serves c). When auxiliaries do
//! duty (f > 0) the officer level with that post is also given: the
//! county's search re-run with κₛ raised by f at that station.

use crate::domain::{Params, Province};
use crate::model::auxiliaries::{
    auxiliary_budget, max_cover_level, next_cover_breakpoint, snap_cover_level, walk_cover_level,
};
use crate::model::balance::{county_max_level, stepping_stations, CountyLevel};
#[cfg(doc)]
use crate::model::level::walk_up;
use crate::model::level::At;
use crate::model::need::Requirement;
use crate::plan::Plan;

pub use crate::outcome::{AuxiliaryMarginal, CountyLimit, OfficerMarginal, StationLimit};

/// The rule that stops county `county` just above level `t` (see
/// [`CountyLimit`]).
pub fn county_limit(
    county: &crate::domain::County,
    reqs: &[Requirement],
    params: &Params,
    t: f64,
) -> CountyLimit {
    if !t.is_finite() {
        return CountyLimit::None;
    }
    let b = crate::model::rules::CountyBounds::at(
        county,
        reqs,
        params,
        crate::model::level::At::JustAbove(t),
    );
    limit_of_bounds(county, reqs, &b)
}

/// The first rule that county bounds `b` break (see [`CountyLimit`]):
/// a station's own bounds, the force above hq_min, capacity, the move cap.
pub fn limit_of_bounds(
    county: &crate::domain::County,
    reqs: &[Requirement],
    b: &crate::model::rules::CountyBounds,
) -> CountyLimit {
    if let Some(i) = b.stations.iter().position(|s| s.floor > s.cap) {
        let s = county.stations[i];
        let why = if reqs[s].locked {
            StationLimit::Locked
        } else if b.stations[i].rules_floor > reqs[s].max_officers {
            StationLimit::Capacity
        } else {
            StationLimit::MoveCap
        };
        return CountyLimit::Station(s, why);
    }
    if b.floor > b.hq_cap {
        return CountyLimit::Force;
    }
    if b.floor > b.station_caps {
        return CountyLimit::Capacity;
    }
    if b.move_cap.is_some_and(|k| b.min_moves > k) {
        return CountyLimit::MoveCap;
    }
    CountyLimit::None
}

fn level_value(l: &CountyLevel) -> f64 {
    match l {
        CountyLevel::Level(t) => *t,
        CountyLevel::Unbounded => f64::INFINITY,
        // A county with no plan cannot be helped by the analysis; it has
        // no level.
        CountyLevel::Infeasible(_) => f64::NEG_INFINITY,
    }
}

/// The province's level if county `c`'s level were `t`.
fn province_with(levels: &[f64], c: usize, t: f64) -> f64 {
    levels
        .iter()
        .enumerate()
        .map(|(i, &l)| if i == c { t } else { l })
        .fold(f64::INFINITY, f64::min)
}

/// One more officer in each county, ranked: the highest province level
/// first, then the largest gain of the county's own level, then input order.
pub fn officer_marginals(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
) -> Vec<OfficerMarginal> {
    let levels: Vec<f64> = province
        .counties
        .iter()
        .map(|c| level_value(&county_max_level(c, reqs, params)))
        .collect();
    officer_marginals_at(province, reqs, params, &levels)
}

/// Each county's own best level t*c as [`officer_marginals`] reads it from
/// the exact solve's plan: `max_level` is `Some(t)` exactly when the
/// county's search ([`county_max_level`]) found level t, and `None` when
/// it found no bound (a plan exists only when no county is infeasible).
///
/// Only for a plan the exact solve ([`crate::model::solve_with`]) made on
/// the same province, requirements and parameters: other plans (the MILP's,
/// a reused or placed one) may set `max_level` otherwise.
pub fn levels_of_exact_plan(plan: &Plan) -> Vec<f64> {
    plan.counties
        .iter()
        .map(|c| c.max_level.unwrap_or(f64::INFINITY))
        .collect()
}

/// [`officer_marginals`] with each county's own best level already known:
/// `levels[c]` must be what [`county_max_level`] gives county c on these
/// requirements and parameters (t, +∞ unbounded, −∞ infeasible), for
/// example [`levels_of_exact_plan`] of the solve's own plan.
pub fn officer_marginals_at(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    levels: &[f64],
) -> Vec<OfficerMarginal> {
    debug_assert_eq!(levels.len(), province.counties.len());
    #[cfg(debug_assertions)]
    for (c, &l) in province.counties.iter().zip(levels) {
        let found = level_value(&county_max_level(c, reqs, params));
        debug_assert!(found.to_bits() == l.to_bits(), "{found} ≠ {l}");
    }
    let mut out: Vec<OfficerMarginal> = province
        .counties
        .iter()
        .enumerate()
        .map(|(i, county)| {
            let mut plus = county.clone();
            plus.officers_total += 1;
            let level_plus = level_value(&county_max_level(&plus, reqs, params));
            let stations = if levels[i].is_finite() {
                stepping_stations(county, reqs, levels[i])
            } else {
                Vec::new()
            };
            OfficerMarginal {
                county: i,
                level: levels[i],
                level_plus,
                province_plus: province_with(levels, i, level_plus),
                stations,
                limit: county_limit(county, reqs, params, levels[i]),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.province_plus
            .total_cmp(&a.province_plus)
            .then(gain(b).total_cmp(&gain(a)))
            .then(a.county.cmp(&b.county))
    });
    out
}

fn gain(m: &OfficerMarginal) -> f64 {
    if m.level.is_finite() && m.level_plus.is_finite() {
        m.level_plus - m.level
    } else {
        0.0
    }
}

/// One more auxiliary post in each county, in county order.
///
/// The province's auxiliary level with the post is found by walking the
/// breakpoints up from the plan's level tₐ*. The walk visits the same levels
/// for every county (the next breakpoint over all stations), so the levels,
/// the posts the whole province needs at each, and where each level snaps
/// to are computed once ([`SharedWalk`]); a county only adds up its own
/// stations. That keeps the whole table linear in stations times the few
/// steps of the walk, instead of counties × stations.
pub fn auxiliary_marginals(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    plan: &Plan,
) -> Vec<AuxiliaryMarginal> {
    if params.auxiliaries.budget_scope == crate::domain::BudgetScope::County {
        return county_budget_marginals(province, reqs, params, plan);
    }
    let budget = params.auxiliaries.total;
    let values: Vec<f64> = reqs.iter().map(|r| r.villages).collect();
    let f = params.auxiliaries.duty_factor;
    let mut walk = plan
        .auxiliary_balance_level
        .map(|ta| SharedWalk::new(&values, ta));
    // One copy of the requirements, with one credit raised at a time.
    let mut credited = if f > 0.0 { reqs.to_vec() } else { Vec::new() };
    let mut out = Vec::with_capacity(province.counties.len());
    for (i, county) in province.counties.iter().enumerate() {
        let mut best: Option<(usize, f64)> = None;
        for &s in &county.stations {
            let v = reqs[s].villages;
            if v <= 0.0 {
                continue;
            }
            let cover = plan.stations[s].auxiliaries as f64 / v;
            if best.is_none_or_lower(cover) {
                best = Some((s, cover));
            }
        }
        let own = |at: At| -> i64 {
            crate::model::rules::total(county.stations.iter().map(|&s| at.steps(values[s])))
        };
        // Σₛ⌈tₐ·Vₛ⌉ ≤ B + 1 with the post, and Σ_{s∉c}⌈tₐ·Vₛ⌉ ≤ B without it.
        let fits_with =
            |all: i64, at: At| all <= budget + 1 && all.saturating_sub(own(at)) <= budget;
        let in_county = |s: usize| province.stations[s].county == i;
        let fits = |at: At| {
            let all = auxiliary_budget(reqs, |v| at.steps(v));
            let others = crate::model::rules::total(
                reqs.iter()
                    .enumerate()
                    .filter(|(s, _)| !in_county(*s))
                    .map(|(_, r)| at.steps(r.villages)),
            );
            all <= budget + 1 && others <= budget
        };
        // The plan's level fits with one post more, so walk up from it
        // (usually a step or two) instead of searching from 0: the shared
        // walk when every step is a plain one, else the bounded walk itself.
        let province_plus = match walk.as_mut() {
            Some(w) if fits_with(w.all_at_start, At::Level(w.start)) => {
                let mut k = 0;
                let end = loop {
                    match w.step(k) {
                        Some((t, all)) if fits_with(all, At::JustAbove(t)) => k += 1,
                        Some(_) => break Some(k),
                        None => break None,
                    }
                };
                Some(match end {
                    Some(k) => w.snapped(k),
                    None => walk_cover_level(&values, w.start, budget + 1, fits),
                })
            }
            _ => max_cover_level(&values, budget + 1, fits),
        };
        let officer_level_plus = match (f > 0.0, best) {
            (true, Some((s, _))) => {
                credited[s].duty_credit += f;
                let l = level_value(&county_max_level(county, &credited, params));
                credited[s].duty_credit = reqs[s].duty_credit;
                Some(l)
            }
            _ => None,
        };
        out.push(AuxiliaryMarginal {
            county: i,
            station: best.map(|b| b.0),
            cover: best.map(|b| b.1),
            province_plus,
            officer_level_plus,
        });
    }
    out
}

/// [`auxiliary_marginals`] under county budgets: one more post in county c
/// raises only c's own level, tₐc⁺ = max{t : Σ_{s∈c}⌈t·Vₛ⌉ ≤ B_c + 1}
/// (capped at the standard under `standard`), so the province's level with
/// it is min(tₐc⁺, the other counties' levels), the level reported being the
/// lowest county's ([`crate::model::fairness::plan_auxiliaries_for`]).
fn county_budget_marginals(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    plan: &Plan,
) -> Vec<AuxiliaryMarginal> {
    use crate::model::fairness::{county_budgets, county_cover_level};
    let budgets = county_budgets(province, params, None);
    let cap = (params.levers.balance.auxiliaries == crate::domain::Target::Standard)
        .then_some(params.levers.balance.cap);
    let capped = |l: Option<f64>| l.map(|t| cap.map_or(t, |c| t.min(c)));
    let values = |c: &crate::domain::County| -> Vec<f64> {
        c.stations.iter().map(|&s| reqs[s].villages).collect()
    };
    let levels: Vec<Option<f64>> = province
        .counties
        .iter()
        .zip(&budgets)
        .map(|(c, &b)| capped(county_cover_level(&values(c), b)))
        .collect();
    // The lowest level of the counties before and after each one.
    let n = levels.len();
    let mut before = vec![None; n + 1];
    let mut after = vec![None; n + 1];
    let low = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    };
    for i in 0..n {
        before[i + 1] = low(before[i], levels[i]);
        after[n - 1 - i] = low(after[n - i], levels[n - 1 - i]);
    }
    let f = params.auxiliaries.duty_factor;
    let mut credited = if f > 0.0 { reqs.to_vec() } else { Vec::new() };
    province
        .counties
        .iter()
        .enumerate()
        .map(|(i, county)| {
            let mut best: Option<(usize, f64)> = None;
            for &s in &county.stations {
                let v = reqs[s].villages;
                if v <= 0.0 {
                    continue;
                }
                let cover = plan.stations[s].auxiliaries as f64 / v;
                if best.is_none_or_lower(cover) {
                    best = Some((s, cover));
                }
            }
            let plus = capped(county_cover_level(
                &values(county),
                budgets[i].saturating_add(1),
            ));
            let officer_level_plus = match (f > 0.0, best) {
                (true, Some((s, _))) => {
                    credited[s].duty_credit += f;
                    let l = level_value(&county_max_level(county, &credited, params));
                    credited[s].duty_credit = reqs[s].duty_credit;
                    Some(l)
                }
                _ => None,
            };
            AuxiliaryMarginal {
                county: i,
                station: best.map(|b| b.0),
                cover: best.map(|b| b.1),
                province_plus: low(low(before[i], after[i + 1]), plus),
                officer_level_plus,
            }
        })
        .collect()
}

/// The walk of [`walk_cover_level`] from a start level, shared by every
/// county: level tₖ₊₁ is the next breakpoint k ÷ Vₛ above tₖ over all
/// stations, with the posts Σₛ⌈·⌉ the province needs just above each level
/// and the breakpoint each level snaps to, each computed once when first
/// asked for. It takes the plain steps of [`walk_up`] (to a finite
/// breakpoint above, at most one per station plus two); where the walk would
/// do anything else, [`SharedWalk::step`] says so and the county runs
/// [`walk_cover_level`] itself. So a county's result is exactly what that
/// walk returns.
struct SharedWalk<'a> {
    values: &'a [f64],
    start: f64,
    /// Σₛ⌈tₐ·Vₛ⌉ at the start level.
    all_at_start: i64,
    /// (tₖ, Σₛ posts just above tₖ), for the levels reached so far.
    steps: Vec<(f64, i64)>,
    /// Whether the step after the last one is not a plain one.
    irregular: bool,
    /// Snapped levels, by step.
    snaps: Vec<Option<f64>>,
}

impl<'a> SharedWalk<'a> {
    fn new(values: &'a [f64], start: f64) -> SharedWalk<'a> {
        let all_at_start =
            crate::model::rules::total(values.iter().map(|&v| At::Level(start).steps(v)));
        SharedWalk {
            values,
            start,
            all_at_start,
            steps: Vec::new(),
            irregular: false,
            snaps: Vec::new(),
        }
    }

    /// tₖ and Σₛ posts just above it; `None` where the walk leaves its
    /// plain steps (no finite breakpoint above, or past its step bound).
    fn step(&mut self, k: usize) -> Option<(f64, i64)> {
        while self.steps.len() <= k && !self.irregular {
            let t = match self.steps.last() {
                None => self.start,
                Some(&(t, _)) => {
                    let n = next_cover_breakpoint(self.values, t);
                    if !(n > t && n.is_finite()) || self.steps.len() >= self.values.len() + 2 {
                        self.irregular = true;
                        break;
                    }
                    n
                }
            };
            let all =
                crate::model::rules::total(self.values.iter().map(|&v| At::JustAbove(t).steps(v)));
            self.steps.push((t, all));
        }
        self.steps.get(k).copied()
    }

    /// tₖ snapped onto the breakpoint it stands on.
    fn snapped(&mut self, k: usize) -> f64 {
        let t = self.steps[k].0;
        if self.snaps.len() <= k {
            self.snaps.resize(k + 1, None);
        }
        *self.snaps[k].get_or_insert_with(|| snap_cover_level(self.values, t))
    }
}

trait LowerThan {
    fn is_none_or_lower(&self, v: f64) -> bool;
}

impl LowerThan for Option<(usize, f64)> {
    fn is_none_or_lower(&self, v: f64) -> bool {
        match self {
            None => true,
            Some((_, b)) => v < *b,
        }
    }
}
