//! The pipeline of one run: load → solve → check → analyse, into one
//! [`Outcome`]; the report renders it ([`crate::report::render`]).
//!
//! Every command that writes a plan folder goes through here: `solve`, each
//! point of a sweep, the robust plan of a sampled sweep and the bench. So
//! every plan folder has the same files, and every figure is computed once.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::check::{check_plan, Violation};
use crate::domain::{Params, Province};
use crate::error::OutputError;
use crate::model::analysis;
use crate::model::levers::{self, LeverError, LeverPlan};
use crate::model::milp::{self, MilpError, MilpOptions};
use crate::model::requirement::Requirement;
use crate::outcome::{Explanations, InputDigest, Outcome, Parameter, Provenance, Warnings};
use crate::output::OutputFile;
use crate::plan::{Infeasibility, Plan, Recruits};
use crate::report::ReportOptions;
use crate::scenario::{keys, Scenario};

mod compare;
mod contents;
mod load;
pub use compare::{compare_methods, compare_targets, CompareError};
pub use contents::{load_with_options, without_contents, LoadOptions, NOT_QUOTED};
pub use load::{
    apply_scenario_levers, load, load_data, load_scenario, load_scenario_text, load_with, Loaded,
};

/// What every solution of a loaded scenario carries from it: the `--set`
/// overrides in its provenance, and the data's warnings in its summary.
fn stamp(solution: &mut Solution, loaded: &Loaded) {
    solution.outcome.summary.provenance.overrides = loaded.scenario.overrides.clone();
    solution.outcome.summary.warnings = Warnings::of(&loaded.warnings);
}

/// Which solver runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Engine {
    /// The exact structured solver (default).
    Exact,
    /// The monolithic MILP through good_lp.
    Milp(MilpOptions),
}

/// Why a scenario gave no plan.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    #[error("no plan meets every rule:\n{}", .0.iter().map(|r| format!("  - {r}")).collect::<Vec<_>>().join("\n"))]
    /// No plan keeps every rule: why, in policy terms.
    Infeasible(Vec<Infeasibility>),
    /// The MILP engine failed.
    #[error(transparent)]
    Milp(MilpError),
    /// A lever ([force], [recruits]) cannot be applied.
    #[error(transparent)]
    Lever(LeverError),
    /// The engine cannot solve what the scenario asks for.
    #[error("{0}")]
    Unsupported(String),
    #[error("internal error: the plan breaks rules it must keep:\n{}", .0.iter().map(|v| format!("  - {v}")).collect::<Vec<_>>().join("\n"))]
    /// The independent checker found the plan breaking a rule.
    Unverified(Vec<Violation>),
}

/// A solved scenario: the outcome every output reads, and the requirements
/// the plan was solved against (for [`Solution::explain`]).
#[derive(Debug, Clone)]
pub struct Solution {
    /// Every figure of the plan, computed once.
    pub outcome: Outcome,
    requirements: Vec<Requirement>,
    /// Each county's own best level as the exact solve found it on the
    /// outcome's province and these requirements, when this solution's plan
    /// is that solve's ([`solve`] with the exact engine): the officer
    /// marginals start from it instead of searching again.
    levels: Option<Vec<f64>>,
}

impl Solution {
    /// The requirements the plan was solved against.
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// What explains the plan (transfers, village cover, binding stations,
    /// marginal values, and, when `unmerged` is the data before the
    /// scenario's mergers, the plan without them).
    pub fn explain(&self, unmerged: Option<&Province>) -> Explanations {
        let o = &self.outcome;
        let without = unmerged.map(|p| {
            (
                p,
                crate::model::solve(p, &o.params).map_err(|reasons| reasons.len()),
            )
        });
        analysis::explain(
            &o.province,
            &o.params,
            &o.plan,
            &self.requirements,
            &o.stations,
            &o.counties,
            without,
            self.levels.as_deref(),
        )
    }

    /// The files of this plan's folder ([`crate::report::render`]).
    pub fn files(
        &self,
        unmerged: Option<&Province>,
        options: &ReportOptions,
    ) -> Result<Vec<OutputFile>, OutputError> {
        crate::report::render(&self.outcome, &self.explain(unmerged), options)
    }
}

/// Solves a loaded scenario with its levers, checks the plan independently
/// and computes every figure the outputs show.
///
/// The exact engine always runs through the force levers
/// ([`crate::model::levers::solve`]); without levers that is the plain
/// model. The MILP engine solves the plain model only. The scenario's
/// `--set` overrides go into the provenance.
pub fn solve(loaded: &Loaded, engine: Engine) -> Result<Solution, SolveError> {
    let mut solution = solve_engine(loaded, engine)?;
    stamp(&mut solution, loaded);
    Ok(solution)
}

fn solve_engine(loaded: &Loaded, engine: Engine) -> Result<Solution, SolveError> {
    let params = &loaded.params;
    match engine {
        Engine::Exact => {
            // The requirements depend on the stations only, which the
            // levers leave alone: computed once, for the solve and every
            // figure ([`levers::solve`] does the same in two passes).
            crate::model::requirement::check_requirements(&loaded.province, params)
                .map_err(|e| SolveError::Lever(LeverError::Requirement(e)))?;
            let reqs = crate::model::requirement::requirements(&loaded.province, params);
            let lp = levers::solve_against(
                &loaded.province,
                params,
                &loaded.scenario.force_levers,
                &reqs,
            )
            .map_err(|e| match e {
                LeverError::Infeasible(reasons) => SolveError::Infeasible(reasons),
                other => SolveError::Lever(other),
            })?;
            // The plan is the exact solve's, on `lp.province` with `reqs`
            // and `params` (no reuse), which the outcome keeps: its counties'
            // levels are the searches' own.
            let levels = crate::model::marginal::levels_of_exact_plan(&lp.plan);
            let mut solution = finish_levers(
                &loaded.scenario.name,
                &loaded.province,
                params,
                lp,
                reqs,
                loaded.inputs.clone(),
                keys::parameters(&loaded.scenario.table),
            )?;
            solution.levels = Some(levels);
            Ok(solution)
        }
        Engine::Milp(opts) => {
            if loaded.scenario.force_levers.active() {
                return Err(SolveError::Unsupported(format!(
                    "scenario {}: the [force] and [recruits] levers are solved by the exact engine only; drop --engine milp",
                    loaded.scenario.file.display()
                )));
            }
            let balance = params.levers.balance;
            let reference = if balance.officers == crate::domain::Target::Province {
                milp::solve(&loaded.province, params, opts)
            } else {
                crate::model::milp::fairness::solve(&loaded.province, params, opts)
            };
            let plan = match reference {
                Ok(p) => p,
                // Say which rule fails, in policy terms, from the exact analysis.
                Err(MilpError::Infeasible) => {
                    return Err(match crate::model::solve(&loaded.province, params) {
                        Err(reasons) => SolveError::Infeasible(reasons),
                        Ok(_) => SolveError::Milp(MilpError::Infeasible),
                    })
                }
                Err(e) => return Err(SolveError::Milp(e)),
            };
            verify(&loaded.province, params, &plan)?;
            let reqs = crate::model::requirement::requirements(&loaded.province, params);
            Ok(finish(
                &loaded.scenario.name,
                (*loaded.province).clone(),
                params.clone(),
                plan,
                reqs,
                None,
                loaded.inputs.clone(),
                keys::parameters(&loaded.scenario.table),
            ))
        }
    }
}

/// Solves a loaded scenario with recruits already placed per county
/// (`recruits.per_county`, the roadmap's choice) instead of by the
/// `[recruits]` lever: the same exact path as [`solve`] (both phases on
/// the enlarged counties, the independent check, moves counted as moves of
/// existing officers, every figure), with the placement in the outcome.
pub fn solve_placed(loaded: &Loaded, recruits: Recruits) -> Result<Solution, SolveError> {
    let params = &loaded.params;
    let reqs = crate::model::requirement::requirements(&loaded.province, params);
    let mut changed = (*loaded.province).clone();
    for (c, r) in changed.counties.iter_mut().zip(&recruits.per_county) {
        c.officers_total = c.officers_total.saturating_add(*r);
    }
    let mut lp = levers::solve_against(&changed, params, &Default::default(), &reqs).map_err(
        |e| match e {
            LeverError::Infeasible(reasons) => SolveError::Infeasible(reasons),
            other => SolveError::Lever(other),
        },
    )?;
    lp.recruits = Some(recruits);
    let reqs = crate::model::requirement::requirements(&lp.province, params);
    finish_plan(loaded, &loaded.scenario.name, lp, reqs)
}

/// Finishes a plan the lever solver made for a loaded scenario outside
/// [`solve`] (a roadmap year's placed recruits, a sampled sweep's robust
/// plan): the independent check, moves counted as moves of existing
/// officers, every figure ([`finish_levers`]), and the scenario's
/// provenance and warnings, as [`solve`] gives them.
pub fn finish_plan(
    loaded: &Loaded,
    name: &str,
    lp: LeverPlan,
    reqs: Vec<Requirement>,
) -> Result<Solution, SolveError> {
    let mut solution = finish_levers(
        name,
        &loaded.province,
        &loaded.params,
        lp,
        reqs,
        loaded.inputs.clone(),
        keys::parameters(&loaded.scenario.table),
    )?;
    stamp(&mut solution, loaded);
    Ok(solution)
}

fn verify(province: &Province, params: &Params, plan: &Plan) -> Result<(), SolveError> {
    let violations = check_plan(province, params, plan);
    if violations.is_empty() {
        Ok(())
    } else {
        Err(SolveError::Unverified(violations))
    }
}

/// Checks a plan of the lever solver against its changed province, recounts
/// its moves as moves of existing officers ([`levers::count_moves`]) and
/// computes its figures. `today` is the province before the levers.
pub fn finish_levers(
    name: &str,
    today: &Province,
    params: &Params,
    lp: LeverPlan,
    reqs: Vec<Requirement>,
    inputs: Vec<InputDigest>,
    parameters: Vec<Parameter>,
) -> Result<Solution, SolveError> {
    let LeverPlan {
        mut plan,
        province,
        recruits,
    } = lp;
    verify(&province, params, &plan)?;
    levers::count_moves(today, &province, &mut plan);
    let targets = params
        .levers
        .balance
        .compares()
        .then(|| compare_targets(today, &province, params, &reqs, &plan));
    let mut solution = finish_from(
        name,
        forces(today),
        province,
        params.clone(),
        plan,
        reqs,
        recruits,
        inputs,
        parameters,
    );
    if let Some(rows) = targets {
        let o = &mut solution.outcome;
        o.fairness.comparison = Some(rows);
        o.summary.balance =
            analysis::fairness::balance_summary(&o.province, &o.params, &o.fairness);
    }
    Ok(solution)
}

/// Each county's force, in input order.
fn forces(province: &Province) -> Vec<i64> {
    province.counties.iter().map(|c| c.officers_total).collect()
}

/// The outcome of a checked plan: every figure, computed once (the force
/// unchanged by levers; see [`finish_from`]).
#[allow(clippy::too_many_arguments)]
pub fn finish(
    name: &str,
    province: Province,
    params: Params,
    plan: Plan,
    reqs: Vec<Requirement>,
    recruits: Option<Recruits>,
    inputs: Vec<InputDigest>,
    parameters: Vec<Parameter>,
) -> Solution {
    finish_from(
        name,
        forces(&province),
        province,
        params,
        plan,
        reqs,
        recruits,
        inputs,
        parameters,
    )
}

/// [`finish`] when the levers changed the forces: `force_today` is each
/// county's force before them (recruits, force changes), which "today" is
/// measured on; the plan is measured on `province`'s forces.
#[allow(clippy::too_many_arguments)]
pub fn finish_from(
    name: &str,
    force_today: Vec<i64>,
    province: Province,
    params: Params,
    plan: Plan,
    reqs: Vec<Requirement>,
    recruits: Option<Recruits>,
    inputs: Vec<InputDigest>,
    parameters: Vec<Parameter>,
) -> Solution {
    let mut stations = analysis::station_figures(&province, &params, &plan, &reqs);
    let service = analysis::service::station_service(&province, &params, &plan, &mut stations);
    let counties = analysis::county_rows(&province, &params, &plan, &force_today);
    let fairness = analysis::fairness::fairness_figures(&province, &params, &plan, &reqs, None);
    let mut summary = analysis::summary(
        name,
        &province,
        &params,
        &plan,
        &reqs,
        &stations,
        &counties,
        Provenance::new(&plan.solver, inputs),
    );
    summary.recruits = recruits
        .as_ref()
        .map(|r| analysis::recruits_summary(&province, r));
    let strength = analysis::strength::figures(&province, &params, &plan, &counties);
    summary.strength = strength.as_ref().map(|s| s.summary.clone());
    summary.service = analysis::service::service_summary(&province, &params, &stations);
    summary.balance = analysis::fairness::balance_summary(&province, &params, &fairness);
    Solution {
        outcome: Outcome {
            scenario: name.to_string(),
            province,
            params,
            plan,
            stations,
            counties,
            summary,
            recruits,
            parameters,
            strength,
            service,
            comparison: None,
            fairness,
        },
        requirements: reqs,
        levels: None,
    }
}

/// The default output folder: `output/<safe scenario name>`, or, with
/// `--set` overrides, a folder of its own named after them
/// ([`run_name`]): a what-if never replaces the base plan.
pub fn default_output_dir(scenario: &Scenario) -> PathBuf {
    Path::new("output").join(run_name(&scenario.name, &scenario.overrides))
}

/// The folder name of a run: the safe scenario name, then each `--set`
/// override as `+key=value` in the order given (`baseline+workload.call_growth=1.3`).
/// Characters other than letters, digits and `. , = -` become `_`; a name
/// longer than 100 characters is cut to 80 and ends with 8 hex digits of
/// the SHA-256 of the whole, so two different overrides never share a
/// folder. The same command always gives the same name.
pub fn run_name(name: &str, overrides: &[crate::outcome::Override]) -> String {
    let base = crate::output::safe_component(name);
    if overrides.is_empty() {
        return base;
    }
    let mut full = base;
    for o in overrides {
        full.push('+');
        full.extend(format!("{}={}", o.key, o.shown()).chars().map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | ',' | '=' | '-' | '_') {
                c
            } else {
                '_'
            }
        }));
    }
    if full.chars().count() > 100 {
        let digest = Sha256::digest(full.as_bytes());
        let cut: String = full.chars().take(80).collect();
        full = format!(
            "{cut}-{:02x}{:02x}{:02x}{:02x}",
            digest[0], digest[1], digest[2], digest[3]
        );
    }
    crate::output::safe_component(&full)
}
