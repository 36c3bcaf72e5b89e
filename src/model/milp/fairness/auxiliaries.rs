//! The auxiliary targets as MILPs, county by county: the second
//! formulation of [`crate::model::fairness`]'s auxiliaries' side.

use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, SolutionStatus, Variable,
};

use crate::domain::{BudgetScope, County, Params, Province, Target};
use crate::model::milp::{run, solve_auxiliaries, AuxiliaryOutcome, MilpError, MilpOptions};
use crate::model::requirement::Requirement;

use super::{keep_sums, smallest_sum, sum_smallest};

/// The auxiliaries as MILPs: under one provincial budget with the
/// `province` target, the monolithic phases of [`crate::model::milp`]; under
/// county budgets, county by county (each county's posts exactly its
/// budget B_c, Σₛ aₛ = B_c, integer aₛ ≥ 0, and level variables
/// Lₛ·Vₛ ≤ aₛ for the stations with villages):
/// - `leximin` and `standard` (with Lₛ ≤ cap): stage k maximises the sum
///   of the k smallest levels keeping every earlier one, as for officers;
/// - `county`: stage 1, then every station held at it (aₛ ≥ tₐc·Vₛ);
/// - `province`: stage 1 of every county first, then every station of
///   every county held at the lowest of them;
///
/// then the fewest changes Σₛ|aₛ − a⁰ₛ| with the sums (or the floors)
/// kept. A provincial budget with another target is first split by the
/// monolithic province phases (each county's budget is the posts it gets
/// there), then rebalanced county by county the same way.
pub(crate) fn auxiliaries(
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
    opts: MilpOptions,
) -> Result<AuxiliaryOutcome, MilpError> {
    let target = params.levers.balance.auxiliaries;
    let mut statuses = Vec::new();
    // Under a provincial budget, the province target's split of the posts
    // is each county's budget (as in the exact engine, which takes its own
    // split: among equal provincial optima the two may split differently).
    let base = if params.auxiliaries.budget_scope == BudgetScope::Province {
        let base = solve_auxiliaries(province, params, reqs, opts)?;
        if target == Target::Province {
            return Ok(base);
        }
        Some(base)
    } else {
        None
    };
    let budgets: Vec<i64> = province
        .counties
        .iter()
        .map(|c| match &base {
            Some((_, a, _)) => c.stations.iter().map(|&s| a[s]).sum(),
            None => c.auxiliary_posts(&province.stations),
        })
        .collect();
    if let Some((_, _, st)) = &base {
        statuses.extend(st.iter().cloned());
    }
    let cap = (target == Target::Standard).then_some(params.levers.balance.cap);
    let mut aux: Vec<i64> = province.stations.iter().map(|s| s.auxiliaries).collect();
    let has_villages = |c: &County| c.stations.iter().any(|&s| reqs[s].villages > 0.0);
    // Each county's best lowest level (uncapped), for `county` and `province`.
    let mut best: Vec<Option<f64>> = vec![None; province.counties.len()];
    if matches!(target, Target::County | Target::Province) {
        for (c, county) in province.counties.iter().enumerate() {
            if has_villages(county) {
                let (a, st) =
                    county_posts_milp(province, reqs, county, budgets[c], AuxStage::Best, opts)?;
                statuses.extend(st);
                best[c] = lowest_cover(reqs, county, &a, None);
            }
        }
    }
    let lowest_best = best.iter().flatten().copied().reduce(f64::min);
    let mut level: Option<f64> = None;
    for (c, county) in province.counties.iter().enumerate() {
        let stage = match (target, has_villages(county)) {
            (_, false) => AuxStage::Hold(0.0),
            (Target::County, true) => AuxStage::Hold(best[c].unwrap_or(0.0)),
            (Target::Province, true) => AuxStage::Hold(lowest_best.unwrap_or(0.0)),
            (_, true) => AuxStage::Leximin(cap),
        };
        let (a, st) = county_posts_milp(province, reqs, county, budgets[c], stage, opts)?;
        statuses.extend(st);
        let held = match stage {
            AuxStage::Hold(t) if has_villages(county) => Some(t),
            AuxStage::Leximin(_) => lowest_cover(reqs, county, &a, cap),
            _ => None,
        };
        if let Some(h) = held {
            level = Some(level.map_or(h, |l: f64| l.min(h)));
        }
        for (&s, v) in county.stations.iter().zip(a) {
            aux[s] = v;
        }
    }
    let level = match &base {
        Some((l, _, _)) => *l,
        None => level,
    };
    Ok((level, aux, statuses))
}

/// What one county's auxiliary MILP does.
#[derive(Debug, Clone, Copy)]
enum AuxStage {
    /// Stage 1 only: the best lowest level (posts of that stage returned).
    Best,
    /// Every station held at this level, then the fewest changes.
    Hold(f64),
    /// The sums of the k smallest levels, capped or not, then the fewest
    /// changes.
    Leximin(Option<f64>),
}

/// The lowest cover min(aₛ ÷ Vₛ, cap) of a county's stations with villages.
fn lowest_cover(reqs: &[Requirement], county: &County, a: &[i64], cap: Option<f64>) -> Option<f64> {
    county
        .stations
        .iter()
        .zip(a)
        .filter(|(&s, _)| reqs[s].villages > 0.0)
        .map(|(&s, &k)| {
            let l = k as f64 / reqs[s].villages;
            cap.map_or(l, |c| l.min(c))
        })
        .reduce(f64::min)
}

/// One county's auxiliary posts under a county budget (see [`auxiliaries`]).
fn county_posts_milp(
    province: &Province,
    reqs: &[Requirement],
    county: &County,
    budget: i64,
    stage: AuxStage,
    opts: MilpOptions,
) -> Result<(Vec<i64>, Vec<SolutionStatus>), MilpError> {
    let budget = budget as f64;
    let with_villages: Vec<usize> = (0..county.stations.len())
        .filter(|&i| reqs[county.stations[i]].villages > 0.0)
        .collect();
    let base = |vars: &mut ProblemVariables, rules: &mut Vec<Constraint>, cap: Option<f64>| {
        let a: Vec<Variable> = county
            .stations
            .iter()
            .map(|_| vars.add(variable().integer().min(0.0)))
            .collect();
        let sum: Expression = a.iter().copied().sum();
        rules.push(constraint!(sum == budget));
        let levels: Vec<Variable> = with_villages
            .iter()
            .map(|&i| {
                let l = vars.add(variable().min(0.0).max(cap.unwrap_or(1e6)));
                let v = reqs[county.stations[i]].villages;
                rules.push(constraint!(l * v <= a[i]));
                l
            })
            .collect();
        (a, levels)
    };
    let whole = |values: &[f64]| -> Vec<i64> { values.iter().map(|v| v.round() as i64).collect() };
    let exact_sums = |a: &[i64], k: usize, cap: Option<f64>| -> f64 {
        let levels: Vec<f64> = with_villages
            .iter()
            .map(|&i| {
                let l = a[i] as f64 / reqs[county.stations[i]].villages;
                cap.map_or(l, |c| l.min(c))
            })
            .collect();
        sum_smallest(levels, k)
    };
    let mut statuses = Vec::new();
    let mut sums: Vec<f64> = Vec::new();
    let stages = match stage {
        AuxStage::Best => 1,
        AuxStage::Hold(_) => 0,
        AuxStage::Leximin(_) => with_villages.len(),
    };
    let cap = match stage {
        AuxStage::Leximin(cap) => cap,
        _ => None,
    };
    for k in 1..=stages {
        let mut vars = ProblemVariables::new();
        let mut rules = Vec::new();
        let (a, levels) = base(&mut vars, &mut rules, cap);
        keep_sums(&mut vars, &levels, &sums, &mut rules);
        let objective = smallest_sum(&mut vars, &levels, k, &mut rules);
        let solved = run(vars.maximise(objective), rules, &a, opts)?;
        statuses.push(solved.status);
        let got = whole(&solved.values);
        if matches!(stage, AuxStage::Best) {
            return Ok((got, statuses));
        }
        sums.push(exact_sums(&got, k, cap));
    }
    // The fewest changes with the sums (or the floors) kept.
    let mut vars = ProblemVariables::new();
    let mut rules = Vec::new();
    let (a, levels) = base(&mut vars, &mut rules, cap);
    keep_sums(&mut vars, &levels, &sums, &mut rules);
    if let AuxStage::Hold(t) = stage {
        for &i in &with_villages {
            let need = t * reqs[county.stations[i]].villages;
            rules.push(constraint!(a[i] >= need - 1e-9 * need.abs().max(1.0)));
        }
    }
    let mut changes = Expression::from(0.0);
    for (i, &s) in county.stations.iter().enumerate() {
        let d = vars.add(variable().min(0.0));
        let a0 = province.stations[s].auxiliaries as f64;
        rules.push(constraint!(d >= a[i] - a0));
        rules.push(constraint!(d >= a0 - a[i]));
        changes += d;
    }
    let solved = run(vars.minimise(changes), rules, &a, opts)?;
    statuses.push(solved.status);
    Ok((whole(&solved.values), statuses))
}
