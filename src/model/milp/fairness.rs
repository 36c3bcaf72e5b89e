//! The `county` and `leximin` officer targets as sequences of MILPs, county
//! by county: the second formulation [`crate::model::fairness`] is compared
//! with (`--engine milp`, and the agreement tests).
//!
//! Per county, with integer xₛ, yₛ and every rule of [`crate::model::milp`]
//! (minimums, capacity, locks, station and county move caps, HQ minimum,
//! the two 40% rules), and a level variable Lₛ ≤ the cover of each station
//! with a requirement (Lₛ·Dₛ ≤ xₛ − yₛ + κₛ, Lₛ·Cₛ ≤ yₛ):
//! - stage k = 1, 2, …, n maximises Sₖ, the sum of the k smallest levels,
//!   keeping every earlier sum at its optimum, Sᵢ ≥ Sᵢ*. Sₖ is linear:
//!   max k·r − Σₛ dₛ with dₛ ≥ r − Lₛ, dₛ ≥ 0 (Ogryczak and Śliwiński).
//!   Sorted vectors compare lexicographically exactly as their sequences of
//!   sums of the k smallest do, so this is the leximin order itself, stated
//!   with no progressive filling: it checks the fill's handling of ties.
//!   `county` needs stage 1 only: S₁* is the county's best level.
//! - then the fewest moves with every sum kept (`county`: every station
//!   held at S₁*).
//!
//! Each Sᵢ* is recomputed exactly from the rounded integer solution. It is
//! slow (n + 1 MILPs per county): for small cases.

use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, SolutionStatus, Variable,
};

use crate::domain::{CommunityScope, County, Params, Province, Target};
use crate::model::milp::{backend_name, run, solve_auxiliaries, MilpError, MilpOptions};
use crate::model::requirement::{requirements, Requirement};
use crate::plan::{CountyPlan, Fairness, Plan, StationPlan, Status};

/// The county's variables and rules.
struct CountyModel {
    vars: ProblemVariables,
    x: Vec<Variable>,
    y: Vec<Variable>,
    moves: Expression,
    rules: Vec<Constraint>,
}

/// Every rule of the county (as in [`crate::model::milp`]: HQ minimum on the
/// deployable force, restricted officers yₛ ≥ rₛ), with the moves.
fn county_model(
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
    county: &County,
) -> CountyModel {
    let mut vars = ProblemVariables::new();
    let mut rules = Vec::new();
    let mut x = Vec::new();
    let mut y = Vec::new();
    let mut u = Vec::new();
    for &s in &county.stations {
        let r = &reqs[s];
        let (lo, hi) = crate::model::milp::officer_bounds(r);
        let xs = vars.add(variable().integer().min(lo).max(hi));
        // Restricted officers fill community posts only: yₛ ≥ rₛ.
        let ys = vars.add(variable().integer().min(r.restricted as f64));
        let us = vars.add(variable().min(0.0));
        let x0 = province.stations[s].officers as f64;
        rules.push(constraint!(ys <= xs));
        rules.push(constraint!(us >= xs - x0));
        rules.push(constraint!(us >= x0 - xs));
        x.push(xs);
        y.push(ys);
        u.push(us);
    }
    let q = params.quotas.community_share;
    let sx: Expression = x.iter().copied().sum();
    let sy: Expression = y.iter().copied().sum();
    rules.push(constraint!(
        sx.clone() <= (county.deployable() - county.hq_min) as f64
    ));
    rules.push(constraint!(
        sx.clone() >= params.quotas.station_share * county.officers_total as f64 - 1e-9
    ));
    match params.quotas.community_scope {
        CommunityScope::County => rules.push(constraint!(sy + 1e-9 >= q * sx.clone())),
        CommunityScope::Station => {
            for (&xs, &ys) in x.iter().zip(&y) {
                rules.push(constraint!(ys + 1e-9 >= q * xs));
            }
        }
    }
    let w = vars.add(variable().min(0.0));
    let x0 = county.station_officers_today(&province.stations) as f64;
    rules.push(constraint!(w >= sx.clone() - x0));
    rules.push(constraint!(w >= x0 - sx));
    let moves: Expression = u.iter().copied().sum::<Expression>() + w;
    if let Some(k) = county.max_moves.or(params.levers.max_moves_per_county) {
        rules.push(constraint!(moves.clone() <= 2.0 * k as f64 + 1e-9));
    }
    CountyModel {
        vars,
        x,
        y,
        moves,
        rules,
    }
}

/// The cover levels of whole-number officers (rounded solver values).
fn levels_of(reqs: &[Requirement], county: &County, x: &[f64], y: &[f64]) -> Vec<Option<f64>> {
    county
        .stations
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let r = &reqs[s];
            let (x, y) = (x[i].round(), y[i].round());
            let mut l: Option<f64> = None;
            if r.duty > 0.0 {
                l = Some((x - y + r.duty_credit) / r.duty);
            }
            if r.community > 0.0 {
                let c = y / r.community;
                l = Some(l.map_or(c, |v: f64| v.min(c)));
            }
            l
        })
        .collect()
}

/// Level variables Lₛ ≤ the cover of every station with a requirement:
/// Lₛ·Dₛ ≤ xₛ − yₛ + κₛ, Lₛ·Cₛ ≤ yₛ (maximised, Lₛ is the cover).
fn level_variables(
    m: &mut CountyModel,
    reqs: &[Requirement],
    county: &County,
    rules: &mut Vec<Constraint>,
) -> Vec<Variable> {
    let mut out = Vec::new();
    for (i, &s) in county.stations.iter().enumerate() {
        let r = &reqs[s];
        if r.duty <= 0.0 && r.community <= 0.0 {
            continue;
        }
        let l = m.vars.add(variable().min(0.0).max(1e6));
        let (x, y) = (m.x[i], m.y[i]);
        if r.duty > 0.0 {
            rules.push(constraint!(l * r.duty <= x - y + r.duty_credit));
        }
        if r.community > 0.0 {
            rules.push(constraint!(l * r.community <= y));
        }
        out.push(l);
    }
    out
}

/// The sum of the k smallest of `levels` as a linear expression to
/// maximise: k·r − Σₛ dₛ with dₛ ≥ r − Lₛ, dₛ ≥ 0 (for fixed levels its
/// maximum over r and d is exactly that sum).
fn smallest_sum(
    m: &mut CountyModel,
    levels: &[Variable],
    k: usize,
    rules: &mut Vec<Constraint>,
) -> Expression {
    let r = m.vars.add(variable().min(-1e6).max(1e6));
    let mut sum = Expression::from(r) * k as f64;
    for &l in levels {
        let d = m.vars.add(variable().min(0.0));
        rules.push(constraint!(d >= r - l));
        sum -= d;
    }
    sum
}

/// Keeps every sum found so far: Sᵢ ≥ Sᵢ* (less a float tolerance).
fn keep_sums(m: &mut CountyModel, levels: &[Variable], sums: &[f64], rules: &mut Vec<Constraint>) {
    for (i, &best) in sums.iter().enumerate() {
        let e = smallest_sum(m, levels, i + 1, rules);
        rules.push(constraint!(e >= best - 1e-7 * best.abs().max(1.0)));
    }
}

/// The sum of the k smallest values.
fn sum_smallest(mut v: Vec<f64>, k: usize) -> f64 {
    v.sort_by(f64::total_cmp);
    v.iter().take(k).sum()
}

/// One county under a target: its officers, community officers, held
/// level per station, and the statuses of its solves.
#[allow(clippy::type_complexity)]
fn solve_county(
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
    county: &County,
    target: Target,
    opts: MilpOptions,
) -> Result<(Vec<i64>, Vec<i64>, Vec<f64>, Vec<SolutionStatus>), MilpError> {
    let n = county.stations.len();
    let active = county
        .stations
        .iter()
        .filter(|&&s| reqs[s].duty > 0.0 || reqs[s].community > 0.0)
        .count();
    let stages = match target {
        Target::Leximin => active,
        _ => active.min(1),
    };
    let mut statuses = Vec::new();
    let mut sums: Vec<f64> = Vec::new();
    for k in 1..=stages {
        let mut m = county_model(province, params, reqs, county);
        let mut rules = std::mem::take(&mut m.rules);
        let levels = level_variables(&mut m, reqs, county, &mut rules);
        keep_sums(&mut m, &levels, &sums, &mut rules);
        let objective = smallest_sum(&mut m, &levels, k, &mut rules);
        let read: Vec<Variable> = m.x.iter().chain(&m.y).copied().collect();
        let solved = run(m.vars.maximise(objective), rules, &read, opts)?;
        statuses.push(solved.status);
        // The exact sum the rounded solution reaches.
        let got: Vec<f64> = levels_of(reqs, county, &solved.values[..n], &solved.values[n..])
            .into_iter()
            .flatten()
            .collect();
        sums.push(sum_smallest(got, k));
    }

    // The fewest moves with every sum kept.
    let mut m = county_model(province, params, reqs, county);
    let mut rules = std::mem::take(&mut m.rules);
    let levels = level_variables(&mut m, reqs, county, &mut rules);
    keep_sums(&mut m, &levels, &sums, &mut rules);
    let read: Vec<Variable> = m.x.iter().chain(&m.y).copied().collect();
    let objective = m.moves.clone();
    let solved = run(m.vars.minimise(objective), rules, &read, opts)?;
    statuses.push(solved.status);
    let x: Vec<i64> = solved.values[..n]
        .iter()
        .map(|v| v.round() as i64)
        .collect();
    let y: Vec<i64> = solved.values[n..]
        .iter()
        .map(|v| v.round() as i64)
        .collect();
    let reached = levels_of(reqs, county, &solved.values[..n], &solved.values[n..]);
    let best_min = sums.first().copied().unwrap_or(0.0);
    let held = reached
        .iter()
        .map(|l| match (l, target) {
            (None, _) => 0.0,
            // Every plan at the leximin optimum has exactly these levels.
            (Some(l), Target::Leximin) => *l,
            (Some(_), _) => best_min,
        })
        .collect();
    Ok((x, y, held, statuses))
}

/// Solves a province under the `county` or `leximin` officer target as
/// MILPs county by county, with the auxiliaries of [`crate::model::milp`].
pub fn solve(province: &Province, params: &Params, opts: MilpOptions) -> Result<Plan, MilpError> {
    let target = params.levers.balance.officers;
    let reqs = requirements(province, params);
    let n = province.stations.len();
    let mut stations = vec![StationPlan::default(); n];
    let mut held = vec![0.0; n];
    let mut statuses = Vec::new();
    let mut counties = Vec::new();
    let mut officers_moved = 0;
    let mut lowest: Option<f64> = None;
    for county in &province.counties {
        let (x, y, h, st) = solve_county(province, params, &reqs, county, target, opts)?;
        statuses.extend(st);
        let mut changes = 0;
        for (i, &s) in county.stations.iter().enumerate() {
            stations[s].officers = x[i];
            stations[s].community_officers = y[i];
            held[s] = h[i];
            changes += (x[i] - province.stations[s].officers).abs();
            let r = &reqs[s];
            if r.duty > 0.0 || r.community > 0.0 {
                lowest = Some(lowest.map_or(h[i], |l: f64| l.min(h[i])));
            }
        }
        let sx: i64 = x.iter().sum();
        changes += (sx - county.station_officers_today(&province.stations)).abs();
        officers_moved += changes / 2;
        counties.push(CountyPlan {
            station_officers: sx,
            hq_officers: county.deployable() - sx,
            max_level: None,
            officers_moved: changes / 2,
        });
    }
    let (aux_level, aux, aux_statuses) = solve_auxiliaries(province, params, &reqs, opts)?;
    statuses.extend(aux_statuses);
    for (p, a) in stations.iter_mut().zip(&aux) {
        p.auxiliaries = *a;
    }
    let auxiliaries_changed = province
        .stations
        .iter()
        .zip(&aux)
        .map(|(s, a)| (a - s.auxiliaries).abs())
        .sum();
    let optimal = statuses
        .iter()
        .all(|s| matches!(s, SolutionStatus::Optimal));
    Ok(Plan {
        status: if optimal {
            Status::Optimal
        } else {
            Status::TimeLimit
        },
        balance_level: lowest,
        officers_moved,
        auxiliary_balance_level: aux_level,
        auxiliaries_changed,
        stations,
        counties,
        binding: Vec::new(),
        solver: format!(
            "{} (sequential, by county, {} target)",
            backend_name(),
            target.as_str()
        ),
        fairness: Some(Fairness {
            target,
            levels: held,
            steps: Vec::new(),
        }),
    })
}
