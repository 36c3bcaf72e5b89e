//! The same model as one mixed-integer program per phase, built with good_lp:
//! the second formulation the exact solver is compared with, and what a
//! planner would otherwise hand to a MILP solver.
//!
//! Phase 1:  max t  s.t. every rule below, xₛ, yₛ integer, t ≥ 0.
//! Phase 2:  min ½(Σₛ uₛ + Σc wc)  with t fixed at phase 1's value (the
//!           level of phase 1's deployment rounded to whole numbers, so a
//!           solver tolerance cannot raise it), where
//!           uₛ ≥ ±(xₛ − x⁰ₛ) and wc ≥ ±(Xc − X⁰c) (so wc = |hc − h⁰c|).
//! Auxiliaries: max tₐ s.t. aₛ ≥ tₐ·Vₛ, Σₛ aₛ ≤ total; then
//!           min Σₛ vₛ with vₛ ≥ ±(aₛ − a⁰ₛ) and tₐ fixed.
//!
//! Levers enter the same way: bounds mₛ ≤ xₛ ≤ uₛ (minimums with 24-hour
//! posts, building capacity, locks xₛ = x⁰ₛ, station move caps
//! |xₛ − x⁰ₛ| ≤ k), the county move cap Σₛ uₛ + wc ≤ 2K (in both phases),
//! call categories through Dₛ, and auxiliary duty as the constant credit
//! κₛ = f·aₛ in xₛ − yₛ + κₛ ≥ t·Dₛ, with aₛ the auxiliary plan (the model
//! plans auxiliaries first, by villages; see `requirement::requirements`).
//!
//! The backend is microlp (pure Rust) or, with the `highs` feature, HiGHS,
//! always with a zero MIP gap. A plan is `optimal` only when every solve
//! reports proven optimality.
//!
//! Every use of good_lp in the model is in this folder: this one-year
//! formulation, the sequential per-county MILP of the balance targets
//! ([`fairness`]) and the recruits lever's MILP ([`recruits`]). The
//! roadmap's multi-year MILP (`roadmap/milp.rs`) builds on [`run`] but
//! stays beside the horizon search whose inputs it shares.

pub mod fairness;
pub mod recruits;

use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, ResolutionError, Solution,
    SolutionStatus, SolverModel, Variable,
};

use crate::domain::{CommunityScope, Params, Province};
use crate::model::requirement::{requirements, Requirement};
use crate::plan::{CountyPlan, Plan, StationPlan, Status};
use good_lp::variable::UnsolvedProblem;

/// Bound on levels, so an unbounded level is reported rather than looping.
const LEVEL_CAP: f64 = 1e6;
/// Slack on requirements when t is fixed from a float solve.
const FIX_SLACK: f64 = 1e-6;

/// Options of the MILP backend.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MilpOptions {
    /// Seconds per solve; `None` runs to proven optimality.
    pub time_limit: Option<f64>,
}

/// Why the MILP gave no plan.
#[derive(Debug, thiserror::Error)]
pub enum MilpError {
    /// No plan meets every rule.
    #[error("the mixed-integer program has no solution (some county rule cannot be met)")]
    Infeasible,
    /// The solver failed (its message).
    #[error("the MILP solver failed: {0}")]
    Solver(String),
    /// The time limit ran out before the solver found any plan that meets
    /// every rule (which does not mean that none exists).
    #[error("the MILP solver found no plan that meets every rule within its time limit of {seconds} s (that does not mean there is none); give a longer --time-limit, or use the exact engine (the default), which needs none")]
    NoPlanInTime {
        /// The time limit, in seconds.
        seconds: f64,
    },
}

impl MilpError {
    /// The error of a solve that ran under `opts`: a backend that stopped
    /// at the time limit without a feasible solution says so in its own
    /// words (microlp: "Time limit reached before …", HiGHS through good_lp:
    /// "NoSolutionFound").
    fn of(e: ResolutionError, opts: MilpOptions) -> MilpError {
        match (e, opts.time_limit) {
            (ResolutionError::Other(why), Some(seconds))
                if why.starts_with("Time limit") || why == "NoSolutionFound" =>
            {
                MilpError::NoPlanInTime { seconds }
            }
            (e, _) => e.into(),
        }
    }
}

impl From<ResolutionError> for MilpError {
    fn from(e: ResolutionError) -> Self {
        match e {
            ResolutionError::Infeasible => MilpError::Infeasible,
            other => MilpError::Solver(other.to_string()),
        }
    }
}

/// The backend's name, for provenance.
pub fn backend_name() -> &'static str {
    if cfg!(feature = "highs") {
        "good_lp + HiGHS MILP (monolithic, gap 0)"
    } else {
        "good_lp + microlp MILP (monolithic, gap 0)"
    }
}

pub(crate) struct Solved {
    pub(crate) status: SolutionStatus,
    pub(crate) values: Vec<f64>,
}

#[cfg(not(feature = "highs"))]
pub(crate) fn run(
    problem: UnsolvedProblem,
    constraints: Vec<Constraint>,
    read: &[Variable],
    opts: MilpOptions,
) -> Result<Solved, MilpError> {
    use good_lp::{WithMipGap, WithTimeLimit};
    let mut model = problem
        .using(good_lp::microlp)
        .with_mip_gap(0.0)
        .map_err(|e| MilpError::Solver(e.to_string()))?;
    if let Some(limit) = opts.time_limit {
        model = model.with_time_limit(limit);
    }
    for c in constraints {
        model.add_constraint(c);
    }
    let solution = model.solve().map_err(|e| MilpError::of(e, opts))?;
    Ok(Solved {
        status: solution.status(),
        values: read.iter().map(|&v| solution.value(v)).collect(),
    })
}

#[cfg(feature = "highs")]
pub(crate) fn run(
    problem: UnsolvedProblem,
    constraints: Vec<Constraint>,
    read: &[Variable],
    opts: MilpOptions,
) -> Result<Solved, MilpError> {
    let mut model = problem
        .using(good_lp::highs)
        .set_threads(1)
        .set_mip_rel_gap(0.0)
        .map_err(|e| MilpError::Solver(e.to_string()))?
        // HiGHS also stops at an absolute gap of 1e-6 by default; zero both
        // gaps so that it stops only when the bound meets the incumbent.
        .set_option("mip_abs_gap", 0.0);
    model.set_verbose(false);
    if let Some(limit) = opts.time_limit {
        model = model.set_time_limit(limit);
    }
    for c in constraints {
        model.add_constraint(c);
    }
    let solution = model.solve().map_err(|e| MilpError::of(e, opts))?;
    // good_lp reports HiGHS's "Optimal" as GapLimit whenever HiGHS's final
    // gap is above 0.0, which with both gap limits at zero is only its
    // floating-point residual (HiGHS stops with "Optimal" only when the
    // bound meets the incumbent within its tolerances). A time limit stays
    // TimeLimit.
    let status = match solution.status() {
        SolutionStatus::GapLimit => SolutionStatus::Optimal,
        other => other,
    };
    Ok(Solved {
        status,
        values: read.iter().map(|&v| solution.value(v)).collect(),
    })
}

/// The officer variables of the monolithic program.
struct Officers {
    x: Vec<Variable>,
    y: Vec<Variable>,
}

/// The bounds of a station's officers xₛ as a MILP variable: the minimum
/// mₛ and the building capacity, narrowed by a lock (k = 0) or a station
/// move cap k to [x⁰ₛ − k, x⁰ₛ + k]. The MILP references (this one, the
/// fairness and the roadmap MILPs) share it.
pub(crate) fn officer_bounds(r: &Requirement) -> (f64, f64) {
    let mut lo = r.min_officers as f64;
    let mut hi = f64::INFINITY;
    if r.max_officers < crate::model::rules::UNREACHABLE {
        hi = r.max_officers as f64;
    }
    let k = if r.locked { Some(0) } else { r.max_moves };
    if let Some(k) = k {
        lo = lo.max((r.officers_today - k) as f64);
        hi = hi.min((r.officers_today + k) as f64);
    }
    (lo, hi)
}

/// Station minimum xₛ ≥ mₛ, building capacity xₛ ≤ max_officers, locks
/// xₛ = x⁰ₛ and station move caps |xₛ − x⁰ₛ| ≤ k, and restricted officers
/// yₛ ≥ rₛ, as variable bounds.
fn officer_variables(vars: &mut ProblemVariables, reqs: &[Requirement]) -> Officers {
    let x = reqs
        .iter()
        .map(|r| {
            let (lo, hi) = officer_bounds(r);
            vars.add(variable().integer().min(lo).max(hi))
        })
        .collect();
    // Restricted officers (不能值班备勤) fill community posts only: yₛ ≥ rₛ.
    let y = reqs
        .iter()
        .map(|r| vars.add(variable().integer().min(r.restricted as f64)))
        .collect();
    Officers { x, y }
}

/// Community officers are officers: yₛ ≤ xₛ.
fn community_within_officers(o: &Officers) -> Vec<Constraint> {
    o.x.iter()
        .zip(&o.y)
        .map(|(&x, &y)| constraint!(y <= x))
        .collect()
}

/// Duty cover xₛ − yₛ ≥ t·Dₛ and community cover yₛ ≥ t·Cₛ, with t a
/// variable (phase 1) or a fixed level (phase 2).
fn balance_cover(
    o: &Officers,
    reqs: &[Requirement],
    t: &Expression,
    slack: f64,
) -> Vec<Constraint> {
    let mut out = Vec::with_capacity(2 * reqs.len());
    for ((&x, &y), r) in o.x.iter().zip(&o.y).zip(reqs) {
        out.push(constraint!(
            x - y + slack + r.duty_credit >= t.clone() * r.duty
        ));
        out.push(constraint!(y + slack >= t.clone() * r.community));
    }
    out
}

/// Per county: HQ minimum Σₛ xₛ ≤ Ec − σc − hq_min (σc seconded away),
/// station share Σₛ xₛ ≥ p·Ec,
/// and community share Σₛ yₛ ≥ q·Σₛ xₛ (or yₛ ≥ q·xₛ under station scope).
fn county_rules(o: &Officers, province: &Province, params: &Params) -> Vec<Constraint> {
    let q = params.quotas.community_share;
    let mut out = Vec::new();
    for c in &province.counties {
        let xs: Expression = c.stations.iter().map(|&s| o.x[s]).sum();
        let ys: Expression = c.stations.iter().map(|&s| o.y[s]).sum();
        out.push(constraint!(
            xs.clone() <= (c.deployable() - c.hq_min) as f64
        ));
        out.push(constraint!(
            xs.clone() >= params.quotas.station_share * c.officers_total as f64 - 1e-9
        ));
        match params.quotas.community_scope {
            CommunityScope::County => out.push(constraint!(ys + 1e-9 >= q * xs)),
            CommunityScope::Station => {
                for &s in &c.stations {
                    out.push(constraint!(o.y[s] + 1e-9 >= q * o.x[s]));
                }
            }
        }
    }
    out
}

/// Every officer rule at level `t`.
fn officer_rules(
    o: &Officers,
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
    t: &Expression,
    slack: f64,
) -> Vec<Constraint> {
    let mut all = community_within_officers(o);
    all.extend(balance_cover(o, reqs, t, slack));
    all.extend(county_rules(o, province, params));
    all
}

fn status_of(statuses: &[SolutionStatus]) -> Status {
    if statuses
        .iter()
        .all(|s| matches!(s, SolutionStatus::Optimal))
    {
        Status::Optimal
    } else {
        Status::TimeLimit
    }
}

fn whole(v: f64) -> i64 {
    v.round() as i64
}

/// The balance level of whole-number officers `x`, community officers `y`
/// (rounded from a solver's values): minₛ of (xₛ − yₛ + κₛ)/Dₛ and yₛ/Cₛ over
/// the stations with workload (`None` when none has any).
fn rounded_level(reqs: &[Requirement], x: &[f64], y: &[f64]) -> Option<f64> {
    let mut level: Option<f64> = None;
    let mut take = |v: f64| level = Some(level.map_or(v, |l: f64| l.min(v)));
    for ((r, &x), &y) in reqs.iter().zip(x).zip(y) {
        let (x, y) = (whole(x) as f64, whole(y) as f64);
        if r.duty > 0.0 {
            take((x - y + r.duty_credit) / r.duty);
        }
        if r.community > 0.0 {
            take(y / r.community);
        }
    }
    level
}

/// Solves the model as monolithic MILPs, phase by phase.
pub fn solve(province: &Province, params: &Params, opts: MilpOptions) -> Result<Plan, MilpError> {
    let reqs = requirements(province, params);
    let mut statuses = Vec::new();

    // Officers, phase 1.
    let mut vars = ProblemVariables::new();
    let t = vars.add(variable().min(0.0).max(LEVEL_CAP));
    let o = officer_variables(&mut vars, &reqs);
    let mut rules = officer_rules(&o, province, params, &reqs, &Expression::from(t), 0.0);
    if province
        .counties
        .iter()
        .any(|c| c.max_moves.or(params.levers.max_moves_per_county).is_some())
    {
        let (_, _, cons) = move_rules(&mut vars, &o, province, params);
        rules.extend(cons);
    }
    let read: Vec<Variable> = std::iter::once(t)
        .chain(o.x.iter().copied())
        .chain(o.y.iter().copied())
        .collect();
    let solved = run(vars.maximise(t), rules, &read, opts)?;
    statuses.push(solved.status);
    let n = reqs.len();
    let level = solved.values[0];
    // The level the phase-1 deployment reaches once its integers are
    // rounded: exact, where the solver's t may sit a tolerance above it
    // (which would cost phase 2 a needless move).
    let level = rounded_level(&reqs, &solved.values[1..=n], &solved.values[n + 1..])
        .map_or(level, |exact| exact.min(level));
    let balance_level = (level < LEVEL_CAP * 0.999).then_some(level);

    // Officers, phase 2.
    let mut vars = ProblemVariables::new();
    let o = officer_variables(&mut vars, &reqs);
    let fixed = Expression::from(balance_level.unwrap_or(0.0));
    let mut rules = officer_rules(&o, province, params, &reqs, &fixed, FIX_SLACK);
    let (u, w, cons) = move_rules(&mut vars, &o, province, params);
    rules.extend(cons);
    let objective: Expression = u.iter().chain(&w).copied().sum();
    let read: Vec<Variable> = o.x.iter().chain(&o.y).copied().collect();
    let solved = run(vars.minimise(objective), rules, &read, opts)?;
    statuses.push(solved.status);
    let xs: Vec<i64> = solved.values[..n].iter().map(|&v| whole(v)).collect();
    let ys: Vec<i64> = solved.values[n..].iter().map(|&v| whole(v)).collect();

    // Auxiliaries, both phases.
    let (aux_level, aux, aux_statuses) =
        crate::model::milp::fairness::auxiliaries(province, params, &reqs, opts)?;
    statuses.extend(aux_statuses);

    let stations: Vec<StationPlan> = (0..n)
        .map(|s| StationPlan {
            officers: xs[s],
            community_officers: ys[s],
            auxiliaries: aux[s],
        })
        .collect();
    let mut officers_moved = 0;
    let counties = province
        .counties
        .iter()
        .map(|c| {
            let x: i64 = c.stations.iter().map(|&s| xs[s]).sum();
            let x0 = c.station_officers_today(&province.stations);
            let changes: i64 = c
                .stations
                .iter()
                .map(|&s| (xs[s] - province.stations[s].officers).abs())
                .sum::<i64>()
                + (x - x0).abs();
            officers_moved += changes / 2;
            CountyPlan {
                station_officers: x,
                hq_officers: c.deployable() - x,
                max_level: None,
                officers_moved: changes / 2,
            }
        })
        .collect();
    let auxiliaries_changed = province
        .stations
        .iter()
        .zip(&aux)
        .map(|(s, a)| (a - s.auxiliaries).abs())
        .sum();
    Ok(Plan {
        status: status_of(&statuses),
        balance_level,
        officers_moved,
        auxiliary_balance_level: aux_level,
        auxiliaries_changed,
        stations,
        counties,
        binding: Vec::new(),
        solver: backend_name().to_string(),
        fairness: None,
    })
}

/// Moves: uₛ ≥ ±(xₛ − x⁰ₛ), wc ≥ ±(Xc − X⁰c), and the county move cap
/// Σₛ uₛ + wc ≤ 2K where one is set.
fn move_rules(
    vars: &mut ProblemVariables,
    o: &Officers,
    province: &Province,
    params: &Params,
) -> (Vec<Variable>, Vec<Variable>, Vec<Constraint>) {
    let u: Vec<Variable> = o.x.iter().map(|_| vars.add(variable().min(0.0))).collect();
    let w: Vec<Variable> = province
        .counties
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    let mut rules = Vec::new();
    for (s, st) in province.stations.iter().enumerate() {
        let x0 = st.officers as f64;
        rules.push(constraint!(u[s] >= o.x[s] - x0));
        rules.push(constraint!(u[s] >= x0 - o.x[s]));
    }
    for (c, county) in province.counties.iter().enumerate() {
        let xs: Expression = county.stations.iter().map(|&s| o.x[s]).sum();
        let x0 = county.station_officers_today(&province.stations) as f64;
        rules.push(constraint!(w[c] >= xs.clone() - x0));
        rules.push(constraint!(w[c] >= x0 - xs));
        if let Some(k) = county.max_moves.or(params.levers.max_moves_per_county) {
            let moved: Expression = county.stations.iter().map(|&s| u[s]).sum();
            rules.push(constraint!(moved + w[c] <= 2.0 * k as f64 + 1e-9));
        }
    }
    (u, w, rules)
}

/// The auxiliary level, posts per station and the statuses of both solves.
pub(crate) type AuxiliaryOutcome = (Option<f64>, Vec<i64>, Vec<SolutionStatus>);

/// Village cover aₛ ≥ tₐ·Vₛ and the auxiliary budget Σₛ aₛ ≤ total, in both
/// phases.
pub(crate) fn solve_auxiliaries(
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
    opts: MilpOptions,
) -> Result<AuxiliaryOutcome, MilpError> {
    let total = params.auxiliaries.total as f64;
    let rules = |a: &[Variable], t: &Expression, slack: f64| {
        let mut out: Vec<Constraint> = a
            .iter()
            .zip(reqs)
            .map(|(&a, r)| constraint!(a + slack >= t.clone() * r.villages))
            .collect();
        let sum: Expression = a.iter().copied().sum();
        out.push(constraint!(sum <= total));
        out
    };
    let mut vars = ProblemVariables::new();
    let t = vars.add(variable().min(0.0).max(LEVEL_CAP));
    let a: Vec<Variable> = reqs
        .iter()
        .map(|_| vars.add(variable().integer().min(0.0)))
        .collect();
    let cons = rules(&a, &Expression::from(t), 0.0);
    let read: Vec<Variable> = std::iter::once(t).chain(a.iter().copied()).collect();
    let first = run(vars.maximise(t), cons, &read, opts)?;
    // As for officers: the level of the rounded deployment, exactly.
    let rounded = reqs
        .iter()
        .zip(&first.values[1..])
        .filter(|(r, _)| r.villages > 0.0)
        .map(|(r, &a)| whole(a) as f64 / r.villages)
        .reduce(f64::min);
    let level = rounded.map_or(first.values[0], |exact| exact.min(first.values[0]));
    let level = (level < LEVEL_CAP * 0.999).then_some(level);

    let mut vars = ProblemVariables::new();
    let a: Vec<Variable> = reqs
        .iter()
        .map(|_| vars.add(variable().integer().min(0.0)))
        .collect();
    let v: Vec<Variable> = reqs.iter().map(|_| vars.add(variable().min(0.0))).collect();
    let mut cons = rules(&a, &Expression::from(level.unwrap_or(0.0)), FIX_SLACK);
    for (s, st) in province.stations.iter().enumerate() {
        let a0 = st.auxiliaries as f64;
        cons.push(constraint!(v[s] >= a[s] - a0));
        cons.push(constraint!(v[s] >= a0 - a[s]));
    }
    let objective: Expression = v.iter().copied().sum();
    let second = run(vars.minimise(objective), cons, &a, opts)?;
    let aux = second.values.iter().map(|&x| whole(x)).collect();
    Ok((level, aux, vec![first.status, second.status]))
}
