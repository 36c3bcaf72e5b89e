//! The `standard`, `county` and `leximin` officer targets as sequences of
//! MILPs, county by county: the second formulation
//! [`crate::model::fairness`] is compared with (`--engine milp`, and the
//! agreement tests).
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
//! - `standard` is `leximin` with every level variable also at most the cap
//!   (Lₛ ≤ cap, so the maximised Lₛ is min(cover, cap)) and every station's
//!   cover at least the province level t* (xₛ − yₛ + κₛ ≥ t*·Dₛ,
//!   yₛ ≥ t*·Cₛ), t* = min_c S₁*(c) found first by stage 1 of every county,
//!   uncapped.
//! - then the fewest moves with every sum kept (`county`: every station
//!   held at S₁*).
//!
//! Each Sᵢ* is recomputed exactly from the rounded integer solution. It is
//! slow (n + 1 MILPs per county): for small cases.

use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, SolutionStatus, Variable,
};

use crate::domain::{CommunityScope, County, Params, Province, Target};
use crate::model::milp::{backend_name, run, MilpError, MilpOptions};
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

/// How a county's levels are held: the cap of `standard` on the level
/// variables, and the province level every station keeps.
#[derive(Debug, Clone, Copy)]
struct Hold {
    /// Lₛ ≤ cap (`None`: uncapped).
    cap: Option<f64>,
    /// Every cover ≥ this level (0 outside `standard`).
    floor: f64,
}

/// Level variables Lₛ ≤ the cover of every station with a requirement:
/// Lₛ·Dₛ ≤ xₛ − yₛ + κₛ, Lₛ·Cₛ ≤ yₛ (maximised, Lₛ is the cover), and
/// Lₛ ≤ cap under `standard`, where every cover is also at least the floor
/// t*: xₛ − yₛ + κₛ ≥ t*·Dₛ, yₛ ≥ t*·Cₛ.
fn level_variables(
    m: &mut CountyModel,
    reqs: &[Requirement],
    county: &County,
    hold: Hold,
    rules: &mut Vec<Constraint>,
) -> Vec<Variable> {
    let mut out = Vec::new();
    let slack = |v: f64| 1e-9 * v.abs().max(1.0);
    for (i, &s) in county.stations.iter().enumerate() {
        let r = &reqs[s];
        if r.duty <= 0.0 && r.community <= 0.0 {
            continue;
        }
        let l = m.vars.add(variable().min(0.0).max(hold.cap.unwrap_or(1e6)));
        let (x, y) = (m.x[i], m.y[i]);
        if r.duty > 0.0 {
            rules.push(constraint!(l * r.duty <= x - y + r.duty_credit));
            if hold.floor > 0.0 {
                let need = hold.floor * r.duty;
                rules.push(constraint!(x - y + r.duty_credit >= need - slack(need)));
            }
        }
        if r.community > 0.0 {
            rules.push(constraint!(l * r.community <= y));
            if hold.floor > 0.0 {
                let need = hold.floor * r.community;
                rules.push(constraint!(y >= need - slack(need)));
            }
        }
        out.push(l);
    }
    out
}

/// The sum of the k smallest of `levels` as a linear expression to
/// maximise: k·r − Σₛ dₛ with dₛ ≥ r − Lₛ, dₛ ≥ 0 (for fixed levels its
/// maximum over r and d is exactly that sum).
fn smallest_sum(
    vars: &mut ProblemVariables,
    levels: &[Variable],
    k: usize,
    rules: &mut Vec<Constraint>,
) -> Expression {
    let r = vars.add(variable().min(-1e6).max(1e6));
    let mut sum = Expression::from(r) * k as f64;
    for &l in levels {
        let d = vars.add(variable().min(0.0));
        rules.push(constraint!(d >= r - l));
        sum -= d;
    }
    sum
}

/// Keeps every sum found so far: Sᵢ ≥ Sᵢ* (less a float tolerance).
fn keep_sums(
    vars: &mut ProblemVariables,
    levels: &[Variable],
    sums: &[f64],
    rules: &mut Vec<Constraint>,
) {
    for (i, &best) in sums.iter().enumerate() {
        let e = smallest_sum(vars, levels, i + 1, rules);
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
    hold: Hold,
    opts: MilpOptions,
) -> Result<(Vec<i64>, Vec<i64>, Vec<f64>, Vec<SolutionStatus>), MilpError> {
    let n = county.stations.len();
    let active = county
        .stations
        .iter()
        .filter(|&&s| reqs[s].duty > 0.0 || reqs[s].community > 0.0)
        .count();
    let stages = match target {
        Target::Leximin | Target::Standard => active,
        _ => active.min(1),
    };
    let mut statuses = Vec::new();
    let mut sums: Vec<f64> = Vec::new();
    for k in 1..=stages {
        let mut m = county_model(province, params, reqs, county);
        let mut rules = std::mem::take(&mut m.rules);
        let levels = level_variables(&mut m, reqs, county, hold, &mut rules);
        keep_sums(&mut m.vars, &levels, &sums, &mut rules);
        let objective = smallest_sum(&mut m.vars, &levels, k, &mut rules);
        let read: Vec<Variable> = m.x.iter().chain(&m.y).copied().collect();
        let solved = run(m.vars.maximise(objective), rules, &read, opts)?;
        statuses.push(solved.status);
        // The exact sum the rounded solution reaches.
        let got: Vec<f64> = levels_of(reqs, county, &solved.values[..n], &solved.values[n..])
            .into_iter()
            .flatten()
            .map(|l| hold.cap.map_or(l, |c| l.min(c)))
            .collect();
        sums.push(sum_smallest(got, k));
    }

    // The fewest moves with every sum kept.
    let mut m = county_model(province, params, reqs, county);
    let mut rules = std::mem::take(&mut m.rules);
    let levels = level_variables(&mut m, reqs, county, hold, &mut rules);
    keep_sums(&mut m.vars, &levels, &sums, &mut rules);
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
            // … and at the standard's, these levels capped, each at least
            // the province level.
            (Some(l), Target::Standard) => hold.cap.map_or(*l, |c| l.min(c)).max(hold.floor),
            (Some(_), _) => best_min,
        })
        .collect();
    Ok((x, y, held, statuses))
}

/// The province level t* = min_c S₁*(c): stage 1 of every county
/// (its best lowest level, uncapped), `None` without requirements.
fn province_level(
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
    opts: MilpOptions,
) -> Result<(Option<f64>, Vec<SolutionStatus>), MilpError> {
    let mut lowest: Option<f64> = None;
    let mut statuses = Vec::new();
    let free = Hold {
        cap: None,
        floor: 0.0,
    };
    for county in &province.counties {
        if !county
            .stations
            .iter()
            .any(|&s| reqs[s].duty > 0.0 || reqs[s].community > 0.0)
        {
            continue;
        }
        let (_, _, held, st) =
            solve_county(province, params, reqs, county, Target::County, free, opts)?;
        statuses.extend(st);
        let best = county
            .stations
            .iter()
            .zip(&held)
            .filter(|(&s, _)| reqs[s].duty > 0.0 || reqs[s].community > 0.0)
            .map(|(_, &h)| h)
            .reduce(f64::min);
        if let Some(b) = best {
            lowest = Some(lowest.map_or(b, |l: f64| l.min(b)));
        }
    }
    Ok((lowest, statuses))
}

/// Solves a province under the `standard`, `county` or `leximin` officer
/// target as MILPs county by county, with the auxiliaries of
/// [`crate::model::milp`].
pub fn solve(province: &Province, params: &Params, opts: MilpOptions) -> Result<Plan, MilpError> {
    let target = params.levers.balance.officers;
    let reqs = requirements(province, params);
    let mut statuses = Vec::new();
    let hold = if target == Target::Standard {
        let (t_star, st) = province_level(province, params, &reqs, opts)?;
        statuses.extend(st);
        Hold {
            cap: Some(params.levers.balance.cap),
            floor: t_star.unwrap_or(0.0),
        }
    } else {
        Hold {
            cap: None,
            floor: 0.0,
        }
    };
    let n = province.stations.len();
    let mut stations = vec![StationPlan::default(); n];
    let mut held = vec![0.0; n];
    let mut counties = Vec::new();
    let mut officers_moved = 0;
    let mut lowest: Option<f64> = None;
    for county in &province.counties {
        let (x, y, h, st) = solve_county(province, params, &reqs, county, target, hold, opts)?;
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
    let (aux_level, aux, aux_statuses) = auxiliaries(province, params, &reqs, opts)?;
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

mod auxiliaries;

pub(crate) use auxiliaries::auxiliaries;
