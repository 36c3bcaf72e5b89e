//! The multi-period MILP of the horizon mode, for small cases: the second
//! formulation the horizon search ([`super::horizon`]) is compared with
//! (tests/it/roadmap.rs). It shares with the search only the years' inputs
//! — the force each year keeps without further recruits, its requirements
//! and parameters ([`YearBase`]) and the recruits a year ([`Supply`]) — and
//! formulates the placement of recruits and every year's station-level
//! model itself, as [`crate::model::milp`] does for one year.
//!
//! Variables: recruits Rc,j ≥ 0 (integer, ≤ capc) for county c in year j;
//! for every year k and station s, officers xₛ,k and community officers
//! yₛ,k (integer); the levels.
//!
//! Year k, with Ec,k the county's force without further recruits (the
//! relaxation's `officers_total`), σc its seconded away, hc its HQ minimum
//! and Sc,k = Σ_{j≤k} Rc,j the recruits placed so far (placed recruits stay):
//! - recruits a year ([`recruit_supply`]): Σc Rc,j ≤ Nj;
//! - station bounds: mₛ ≤ xₛ,k ≤ uₛ, rₛ ≤ yₛ,k ≤ xₛ,k ([`year_variables`]);
//! - balance cover ([`year_cover`]): xₛ,k − yₛ,k + κₛ ≥ tk·Dₛ,k and
//!   yₛ,k ≥ tk·Cₛ,k;
//! - county rules ([`year_county_rules`]): Σₛ xₛ,k ≤ Ec,k + Sc,k − σc − hc
//!   (the HQ minimum), Σₛ xₛ,k ≥ p·(Ec,k + Sc,k) (station share), and the
//!   community share Σₛ yₛ,k ≥ q·Σₛ xₛ,k (or yₛ,k ≥ q·xₛ,k under station
//!   scope).
//!
//! Phase 1: max t with tk = t for every year: t* = the highest worst-year
//! level. Phase 2: max Σk tk with tk ≥ t* (less 10⁻⁹; 10⁻⁷ of an officer on
//! the covers): the
//! highest sum of levels keeping every year at t*. Both with a zero MIP
//! gap; the result is proven only when both solves report optimality.
//!
//! The formulation covers the separable model the horizon search proves
//! its result on: no locks and no move caps (the search drops them too,
//! [`super::horizon::relaxation`]), placed recruits staying. It grows with
//! years × stations and is meant for a few counties, not a province.

use good_lp::{constraint, variable, Constraint, Expression, ProblemVariables, Variable};

use super::horizon::{Supply, YearBase};
use crate::domain::CommunityScope;
use crate::model::milp::{run, MilpError, MilpOptions};
use good_lp::SolutionStatus;

/// Bound on levels, so a year without workload stays bounded.
const LEVEL_CAP: f64 = 1e6;
/// Tolerance on the officer side of the covers when phase 2 holds every
/// year at phase 1's level (far below one officer, so it cannot buy a
/// cheaper plan; a level read back from whole numbers is exact).
const FIX_SLACK: f64 = 1e-7;
/// Tolerance below t* for the years' levels in phase 2.
const LEVEL_SLACK: f64 = 1e-9;

/// What the multi-period MILP found.
#[derive(Debug, Clone, PartialEq)]
pub struct HorizonMilp {
    /// t*: the highest worst-year level (`None`: no workload in any year).
    pub worst: Option<f64>,
    /// Each year's level in phase 2's plan (`None`: no workload that year),
    /// computed from its whole-number officers.
    pub levels: Vec<Option<f64>>,
    /// Σ of the years' levels in phase 2's plan.
    pub sum: f64,
    /// Recruits per year and county of phase 2's plan.
    pub recruits: Vec<Vec<i64>>,
    /// Both solves reported proven optimality.
    pub proven: bool,
}

/// The variables of one year: officers and community officers per station.
struct YearVars {
    x: Vec<Variable>,
    y: Vec<Variable>,
}

/// Recruit variables Rc,j ∈ [0, capc] (integer), and the supply rule
/// Σc Rc,j ≤ Nj of every year j.
fn recruit_supply(
    vars: &mut ProblemVariables,
    supply: &Supply,
) -> (Vec<Vec<Variable>>, Vec<Constraint>) {
    let mut r = Vec::with_capacity(supply.per_year.len());
    let mut cons = Vec::new();
    for &n in &supply.per_year {
        let row: Vec<Variable> = supply
            .caps
            .iter()
            .map(|cap| {
                let most = cap.map_or(n, |c| c.min(n)).max(0);
                vars.add(variable().integer().min(0.0).max(most as f64))
            })
            .collect();
        let total: Expression = row.iter().copied().sum();
        cons.push(constraint!(total <= n as f64));
        r.push(row);
    }
    (r, cons)
}

/// Station bounds of year k: mₛ ≤ xₛ,k ≤ uₛ as variable bounds, yₛ,k ≥ rₛ,
/// and yₛ,k ≤ xₛ,k (community officers are officers).
/// No station can hold more than its county's deployable officers plus
/// every recruit of the roadmap, so that bound (implied by the county rules)
/// is given to the solver as well.
fn year_variables(
    vars: &mut ProblemVariables,
    year: &YearBase,
    all_recruits: i64,
) -> (YearVars, Vec<Constraint>) {
    let mut county_of = vec![0usize; year.reqs.len()];
    for (c, county) in year.counties.iter().enumerate() {
        for &s in &county.stations {
            county_of[s] = c;
        }
    }
    let most = |s: usize| {
        let c = &year.counties[county_of[s]];
        (c.deployable().saturating_add(all_recruits)).max(0) as f64
    };
    let x: Vec<Variable> = year
        .reqs
        .iter()
        .enumerate()
        .map(|(s, r)| {
            let hi = if r.max_officers < crate::model::rules::UNREACHABLE {
                (r.max_officers as f64).min(most(s))
            } else {
                most(s)
            };
            let lo = r.min_officers as f64;
            vars.add(variable().integer().min(lo).max(hi.max(lo)))
        })
        .collect();
    let y: Vec<Variable> = year
        .reqs
        .iter()
        .enumerate()
        .map(|(s, r)| {
            let lo = r.restricted as f64;
            vars.add(variable().integer().min(lo).max(most(s).max(lo)))
        })
        .collect();
    let cons = x
        .iter()
        .zip(&y)
        .map(|(&x, &y)| constraint!(y <= x))
        .collect();
    (YearVars { x, y }, cons)
}

/// Balance cover of year k: xₛ,k − yₛ,k + κₛ ≥ tk·Dₛ,k and yₛ,k ≥ tk·Cₛ,k.
fn year_cover(v: &YearVars, year: &YearBase, t: Variable, slack: f64) -> Vec<Constraint> {
    let mut out = Vec::with_capacity(2 * year.reqs.len());
    for ((&x, &y), r) in v.x.iter().zip(&v.y).zip(&year.reqs) {
        out.push(constraint!(x - y + slack + r.duty_credit >= r.duty * t));
        out.push(constraint!(y + slack >= r.community * t));
    }
    out
}

/// County rules of year k with Sc,k = Σ_{j≤k} Rc,j recruits placed:
/// Σₛ xₛ,k ≤ Ec,k + Sc,k − σc − hc, Σₛ xₛ,k ≥ p·(Ec,k + Sc,k), and the
/// community share Σₛ yₛ,k ≥ q·Σₛ xₛ,k (county scope) or yₛ,k ≥ q·xₛ,k
/// (station scope).
fn year_county_rules(v: &YearVars, year: &YearBase, placed: &[Expression]) -> Vec<Constraint> {
    let p = year.params.quotas.station_share;
    let q = year.params.quotas.community_share;
    let mut out = Vec::new();
    for (c, county) in year.counties.iter().enumerate() {
        let xs: Expression = county.stations.iter().map(|&s| v.x[s]).sum();
        let ys: Expression = county.stations.iter().map(|&s| v.y[s]).sum();
        let s = placed[c].clone();
        out.push(constraint!(
            xs.clone() <= (county.deployable() - county.hq_min) as f64 + s.clone()
        ));
        out.push(constraint!(
            xs.clone() >= p * county.officers_total as f64 + p * s - 1e-9
        ));
        match year.params.quotas.community_scope {
            CommunityScope::County => out.push(constraint!(ys + 1e-9 >= q * xs)),
            CommunityScope::Station => {
                for &st in &county.stations {
                    out.push(constraint!(v.y[st] + 1e-9 >= q * v.x[st]));
                }
            }
        }
    }
    out
}

/// The model of every year, levels `t[k]`: the recruit variables, the
/// year variables and every rule.
struct Built {
    vars: ProblemVariables,
    recruits: Vec<Vec<Variable>>,
    years: Vec<YearVars>,
    rules: Vec<Constraint>,
}

fn build(
    years: &[YearBase],
    supply: &Supply,
    t: &[Variable],
    mut vars: ProblemVariables,
    slack: f64,
) -> Built {
    let (recruits, mut rules) = recruit_supply(&mut vars, supply);
    let all_recruits: i64 = supply.per_year.iter().map(|&n| n.max(0)).sum();
    let counties = supply.caps.len();
    let mut placed: Vec<Expression> = vec![Expression::from(0.0); counties];
    let mut out = Vec::with_capacity(years.len());
    for (k, year) in years.iter().enumerate() {
        for (c, p) in placed.iter_mut().enumerate() {
            *p += recruits[k][c];
        }
        let (v, cons) = year_variables(&mut vars, year, all_recruits);
        rules.extend(cons);
        rules.extend(year_cover(&v, year, t[k], slack));
        rules.extend(year_county_rules(&v, year, &placed));
        out.push(v);
    }
    Built {
        vars,
        recruits,
        years: out,
        rules,
    }
}

/// Whether a year has workload (else its level is unbounded).
fn has_workload(year: &YearBase) -> bool {
    year.reqs.iter().any(|r| r.duty > 0.0 || r.community > 0.0)
}

/// The level of whole-number officers `x`, community officers `y` in a
/// year: minₛ of (xₛ − yₛ + κₛ)/Dₛ and yₛ/Cₛ (`None` without workload).
fn year_level(year: &YearBase, x: &[f64], y: &[f64]) -> Option<f64> {
    let mut level: Option<f64> = None;
    for ((r, &x), &y) in year.reqs.iter().zip(x).zip(y) {
        let (x, y) = (x.round(), y.round());
        let mut take = |v: f64| level = Some(level.map_or(v, |l: f64| l.min(v)));
        if r.duty > 0.0 {
            take((x - y + r.duty_credit) / r.duty);
        }
        if r.community > 0.0 {
            take(y / r.community);
        }
    }
    level
}

/// Reads the solved year variables back: per year (x, y).
fn read_years(b: &Built) -> Vec<Variable> {
    let mut read: Vec<Variable> = b.recruits.iter().flatten().copied().collect();
    for v in &b.years {
        read.extend(v.x.iter().copied());
        read.extend(v.y.iter().copied());
    }
    read
}

/// Splits solved values into recruits and per-year levels.
fn levels_of(
    years: &[YearBase],
    counties: usize,
    values: &[f64],
) -> (Vec<Vec<i64>>, Vec<Option<f64>>) {
    let n_years = years.len();
    let recruits: Vec<Vec<i64>> = (0..n_years)
        .map(|k| {
            values[k * counties..(k + 1) * counties]
                .iter()
                .map(|v| v.round() as i64)
                .collect()
        })
        .collect();
    let mut at = n_years * counties;
    let mut levels = Vec::with_capacity(n_years);
    for year in years {
        let n = year.reqs.len();
        let x = &values[at..at + n];
        let y = &values[at + n..at + 2 * n];
        at += 2 * n;
        levels.push(year_level(year, x, y));
    }
    (recruits, levels)
}

/// Solves the multi-period MILP (module documentation): phase 1 the
/// highest worst-year level, phase 2 the highest sum of levels with every
/// year at least there.
pub fn solve(
    years: &[YearBase],
    supply: &Supply,
    opts: MilpOptions,
) -> Result<HorizonMilp, MilpError> {
    if years
        .iter()
        .flat_map(|y| &y.reqs)
        .any(|r| r.locked || r.max_moves.is_some())
    {
        return Err(MilpError::Solver(
            "the multi-period MILP covers the model without locks and move caps".into(),
        ));
    }
    let counties = supply.caps.len();
    let workload: Vec<bool> = years.iter().map(has_workload).collect();

    // Phase 1: one level t for every year.
    let mut vars = ProblemVariables::new();
    let t = vars.add(variable().min(0.0).max(LEVEL_CAP));
    let ts = vec![t; years.len()];
    let b = build(years, supply, &ts, vars, 0.0);
    let mut read = vec![t];
    read.extend(read_years(&b));
    let solved = run(b.vars.maximise(t), b.rules, &read, opts)?;
    let mut statuses = vec![solved.status];
    let (_, levels) = levels_of(years, counties, &solved.values[1..]);
    // The worst level the whole-number plan reaches (the solver's t may sit
    // a tolerance above it).
    let exact = levels.iter().flatten().copied().reduce(f64::min);
    let worst = if workload.iter().any(|&w| w) {
        Some(exact.map_or(solved.values[0], |e| e.min(solved.values[0])))
    } else {
        None
    };

    // Phase 2: every year at least t*, the highest sum.
    let mut vars = ProblemVariables::new();
    let floor = worst.map_or(0.0, |w| (w - LEVEL_SLACK).max(0.0));
    let ts: Vec<Variable> = workload
        .iter()
        .map(|&w| {
            let cap = if w { LEVEL_CAP } else { 0.0 };
            vars.add(variable().min(floor.min(cap)).max(cap))
        })
        .collect();
    let b = build(years, supply, &ts, vars, FIX_SLACK);
    let objective: Expression = ts.iter().copied().sum();
    let read = read_years(&b);
    let solved = run(b.vars.maximise(objective), b.rules, &read, opts)?;
    statuses.push(solved.status);
    let (recruits, levels) = levels_of(years, counties, &solved.values);
    let sum = levels.iter().flatten().sum();
    Ok(HorizonMilp {
        worst,
        levels,
        sum,
        recruits,
        proven: statuses
            .iter()
            .all(|s| matches!(s, SolutionStatus::Optimal)),
    })
}
