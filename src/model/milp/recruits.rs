//! The recruits and force-change levers as monolithic MILPs (good_lp), the
//! second opinion the exact lever solver ([`crate::model::recruits`],
//! [`crate::model::levers`]) is compared with on small cases. Slow beyond them.
//!
//! Variables: t ≥ 0, integers xₛ ≥ mₛ, yₛ ≥ rₛ (restricted officers) and
//! recruits Rc ≥ 0 (fixed at 0 when the lever is off). With E′c the force
//! after the force change:
//!
//! * yₛ ≤ xₛ, xₛ − yₛ ≥ t·Dₛ, yₛ ≥ t·Cₛ;
//! * Σₛ xₛ ≤ E′c + Rc − σc − hq_min_c (σc seconded away), Σₛ xₛ ≥ p·(E′c + Rc);
//! * Σₛ yₛ ≥ q·Σₛ xₛ (county scope) or yₛ ≥ q·xₛ (station scope);
//! * Σc Rc ≤ N.
//!
//! Phase 1 maximises t; phase 2 fixes t and minimises Σc Rc; phase 3 fixes
//! both and minimises Σₛ uₛ + Σc wc with uₛ ≥ |xₛ − x⁰ₛ| and
//! wc ≥ |(E′c + Rc − Xc) − (E⁰c − X⁰c)|; moves are then
//! ½(Σₛ uₛ + Σc wc − Σc |E′c + Rc − E⁰c|). That last term is only linear
//! when its sign is known, so recruits together with a force cut are not
//! supported here.

use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, Solution, SolverModel, Variable,
};

use crate::domain::{CommunityScope, ForceLevers, Params, Province};
use crate::model::levers::apply_force;
use crate::model::milp::MilpError;
use crate::model::requirement::requirements;

const LEVEL_CAP: f64 = 1e6;
const FIX_SLACK: f64 = 1e-6;

/// The optimum of the lever MILPs.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverOptimum {
    /// `None` when the level hits the cap (no workload).
    pub level: Option<f64>,
    /// Rc per county.
    pub per_county: Vec<i64>,
    /// Σc Rc: the recruits placed.
    pub used: i64,
    /// Moves of existing officers.
    pub moves: i64,
}

/// Why the lever MILPs give no answer.
#[derive(Debug, thiserror::Error)]
pub enum LeverMilpError {
    /// The MILP itself gave no answer.
    #[error(transparent)]
    Milp(#[from] MilpError),
    /// Recruits with a force cut: a case this formulation does not cover.
    #[error("recruits together with a force cut are not supported by the MILP")]
    Unsupported,
    /// The force change leaves a county a negative force.
    #[error("the force change makes a force negative")]
    NegativeForce,
}

fn run(
    problem: good_lp::variable::UnsolvedProblem,
    constraints: Vec<Constraint>,
    read: &[Variable],
) -> Result<Vec<f64>, MilpError> {
    #[cfg(not(feature = "highs"))]
    let mut model = {
        use good_lp::WithMipGap;
        problem
            .using(good_lp::microlp)
            .with_mip_gap(0.0)
            .map_err(|e| MilpError::Solver(e.to_string()))?
    };
    #[cfg(feature = "highs")]
    let mut model = {
        let mut m = problem
            .using(good_lp::highs)
            .set_threads(1)
            .set_mip_rel_gap(0.0)
            .map_err(|e| MilpError::Solver(e.to_string()))?;
        m.set_verbose(false);
        m
    };
    for c in constraints {
        model.add_constraint(c);
    }
    let solution = model.solve().map_err(MilpError::from)?;
    Ok(read.iter().map(|&v| solution.value(v)).collect())
}

struct Vars {
    x: Vec<Variable>,
    y: Vec<Variable>,
    r: Vec<Variable>,
}

/// Every rule at level `t` with recruits.
fn rules(
    v: &Vars,
    changed: &Province,
    params: &Params,
    t: &Expression,
    slack: f64,
    total: f64,
) -> Vec<Constraint> {
    let reqs = requirements(changed, params);
    let q = params.quotas.community_share;
    let p = params.quotas.station_share;
    let mut out = Vec::new();
    for (s, r) in reqs.iter().enumerate() {
        let (x, y) = (v.x[s], v.y[s]);
        out.push(constraint!(y <= x));
        out.push(constraint!(x - y + slack >= t.clone() * r.duty));
        out.push(constraint!(y + slack >= t.clone() * r.community));
    }
    for (c, county) in changed.counties.iter().enumerate() {
        let xs: Expression = county.stations.iter().map(|&s| v.x[s]).sum();
        let ys: Expression = county.stations.iter().map(|&s| v.y[s]).sum();
        let e = county.officers_total as f64;
        let r = v.r[c];
        out.push(constraint!(
            xs.clone() <= e + r - (county.hq_min + county.seconded_away) as f64
        ));
        out.push(constraint!(xs.clone() + 1e-9 >= p * e + p * r));
        match params.quotas.community_scope {
            CommunityScope::County => out.push(constraint!(ys + 1e-9 >= q * xs)),
            CommunityScope::Station => {
                for &s in &county.stations {
                    out.push(constraint!(v.y[s] + 1e-9 >= q * v.x[s]));
                }
            }
        }
    }
    let sum: Expression = v.r.iter().copied().sum();
    out.push(constraint!(sum <= total));
    out
}

fn variables(vars: &mut ProblemVariables, changed: &Province, params: &Params, on: bool) -> Vars {
    let reqs = requirements(changed, params);
    Vars {
        x: reqs
            .iter()
            .map(|r| vars.add(variable().integer().min(r.min_officers as f64)))
            .collect(),
        y: reqs
            .iter()
            .map(|r| vars.add(variable().integer().min(r.restricted as f64)))
            .collect(),
        r: changed
            .counties
            .iter()
            .map(|_| {
                vars.add(
                    variable()
                        .integer()
                        .min(0.0)
                        .max(if on { 1e9 } else { 0.0 }),
                )
            })
            .collect(),
    }
}

/// Solves the levers as MILPs (see the module documentation).
pub fn solve(
    today: &Province,
    params: &Params,
    levers: &ForceLevers,
) -> Result<LeverOptimum, LeverMilpError> {
    let changed = apply_force(today, levers).map_err(|_| LeverMilpError::NegativeForce)?;
    let on = levers.recruits.is_some();
    if on
        && changed
            .counties
            .iter()
            .zip(&today.counties)
            .any(|(a, b)| a.officers_total < b.officers_total)
    {
        return Err(LeverMilpError::Unsupported);
    }
    let total = levers.recruits.unwrap_or(0) as f64;

    // Phase 1: the level.
    let mut vars = ProblemVariables::new();
    let t = vars.add(variable().min(0.0).max(LEVEL_CAP));
    let v = variables(&mut vars, &changed, params, on);
    let cons = rules(&v, &changed, params, &Expression::from(t), 0.0, total);
    let level = run(vars.maximise(t), cons, &[t])?[0];
    let level = (level < LEVEL_CAP * 0.999).then_some(level);
    let fixed = Expression::from(level.unwrap_or(0.0));

    // Phase 2: the fewest recruits at that level.
    let mut vars = ProblemVariables::new();
    let v = variables(&mut vars, &changed, params, on);
    let cons = rules(&v, &changed, params, &fixed, FIX_SLACK, total);
    let objective: Expression = v.r.iter().copied().sum();
    let rs = run(vars.minimise(objective), cons, &v.r)?;
    let used: i64 = rs.iter().map(|r| r.round() as i64).sum();

    // Phase 3: the fewest changes with both fixed.
    let mut vars = ProblemVariables::new();
    let v = variables(&mut vars, &changed, params, on);
    let mut cons = rules(&v, &changed, params, &fixed, FIX_SLACK, used as f64 + 0.5);
    let u: Vec<Variable> = today
        .stations
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    let w: Vec<Variable> = today
        .counties
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    for (s, st) in today.stations.iter().enumerate() {
        let x0 = st.officers as f64;
        cons.push(constraint!(u[s] >= v.x[s] - x0));
        cons.push(constraint!(u[s] >= x0 - v.x[s]));
    }
    for (c, county) in today.counties.iter().enumerate() {
        let xs: Expression = county.stations.iter().map(|&s| v.x[s]).sum();
        let h0 = (county.officers_total - county.station_officers_today(&today.stations)) as f64;
        let e1 = changed.counties[c].officers_total as f64;
        let r = v.r[c];
        cons.push(constraint!(w[c] >= e1 + r - xs.clone() - h0));
        cons.push(constraint!(w[c] >= h0 - e1 - r + xs));
    }
    let objective: Expression = u.iter().chain(&w).copied().sum();
    let read: Vec<Variable> = u.iter().chain(&w).chain(&v.r).copied().collect();
    let values = run(vars.minimise(objective), cons, &read)?;
    let n = u.len() + w.len();
    let changes: i64 = values[..n].iter().map(|v| v.round() as i64).sum();
    let per_county: Vec<i64> = values[n..].iter().map(|v| v.round() as i64).collect();
    let netted: i64 = today
        .counties
        .iter()
        .zip(&changed.counties)
        .zip(&per_county)
        .map(|((c0, c1), r)| (c1.officers_total + r - c0.officers_total).abs())
        .sum();
    Ok(LeverOptimum {
        level,
        used: per_county.iter().sum(),
        per_county,
        moves: (changes - netted) / 2,
    })
}
