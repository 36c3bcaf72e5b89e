//! Comparisons a solve can add to its outcome: the plan of each officer
//! target on the same data (`[balance] compare`), and the other duty
//! method (`solve --compare-methods`).

use rayon::prelude::*;

use super::{solve, Engine, Loaded, Solution, SolveError};
use crate::domain::{Params, Province, Target};
use crate::error::InputError;
use crate::model::analysis;
use crate::model::levers;
use crate::model::requirement::Requirement;
use crate::outcome::TargetFigures;
use crate::plan::Plan;

/// The plan of each officer target compared on the same data (the force
/// the levers planned, the same requirements), with its figures, in the
/// order of [`Target::ALL`]: all four with `[balance] compare = true`,
/// else the province target (the fewest moves) and the scenario's own.
/// `plan` is the plan of the scenario's own target; the others are solved
/// here. Moves count existing officers, as the scenario's plan does.
pub fn compare_targets(
    today: &Province,
    planned: &Province,
    params: &Params,
    reqs: &[Requirement],
    plan: &Plan,
) -> Vec<TargetFigures> {
    let own = params.levers.balance.officers;
    // All four when the scenario asks (`compare = true`); by default the
    // plan with the fewest moves beside the scenario's own, so that the
    // price of its target is always in sight.
    let targets: Vec<Target> = if params.levers.balance.compare == Some(true) {
        Target::ALL.to_vec()
    } else {
        Target::ALL
            .into_iter()
            .filter(|&t| t == Target::Province || t == own)
            .collect()
    };
    let solved: Vec<(Target, Option<Plan>)> = targets
        .par_iter()
        .map(|&target| {
            if target == own {
                return (target, None);
            }
            let mut p = params.clone();
            p.levers.balance.officers = target;
            // Every target meets the same rules at level 0, so the others
            // have a plan whenever the scenario's target has one.
            let other = crate::model::solve_with(planned, &p, reqs)
                .ok()
                .map(|mut other| {
                    levers::count_moves(today, planned, &mut other);
                    other
                });
            (target, other)
        })
        .collect();
    solved
        .into_iter()
        .filter_map(|(target, other)| {
            let p = if target == own {
                Some(plan)
            } else {
                other.as_ref()
            };
            p.map(|p| analysis::fairness::target_figures(planned, params, p, reqs, target))
        })
        .collect()
}

/// Why `solve --compare-methods` cannot compare.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// No service standard, or requirements out of range under the other
    /// method.
    #[error(transparent)]
    Input(InputError),
    /// The other method gives no plan.
    #[error(transparent)]
    Solve(SolveError),
}

/// Solves the loaded scenario again with the other duty method (`hours` ↔
/// `erlang-c`, same data and standard) and puts both side by side in the
/// solution's outcome ([`Outcome::comparison`], and `methods` in the
/// summary): level, moves, officers short of level 1.0, and the stations
/// whose duty requirement differs most
/// ([`analysis::service::compare`]). The plan itself stays the scenario's.
pub fn compare_methods(
    loaded: &Loaded,
    engine: Engine,
    mut solution: Solution,
) -> Result<Solution, CompareError> {
    let Some(standard) = loaded.params.workload.service.as_ref() else {
        return Err(CompareError::Input(InputError::Scenario {
            file: loaded.scenario.file.clone(),
            message: "--compare-methods compares the hours method with the service standard: add a [workload.service] table with minutes_per_call and target_wait_probability (docs/service.md)".into(),
        }));
    };
    let mut other = loaded.clone();
    let method = standard.method;
    if let Some(s) = other.params.workload.service.as_mut() {
        s.method = method.other();
    }
    crate::model::requirement::check_requirements(&other.province, &other.params).map_err(|e| {
        CompareError::Input(InputError::File {
            file: loaded.scenario.stations.clone(),
            problem: format!(
                "{e} (under method = \"{}\", with the values of {})",
                method.other().as_str(),
                loaded.scenario.file.display()
            ),
        })
    })?;
    let other = solve(&other, engine).map_err(CompareError::Solve)?;
    let comparison = {
        let (hours, erlang_c) = match method {
            crate::domain::DutyMethod::Hours => (&solution, &other),
            crate::domain::DutyMethod::ErlangC => (&other, &solution),
        };
        analysis::service::compare(
            (&hours.outcome, &hours.requirements),
            (&erlang_c.outcome, &erlang_c.requirements),
        )
    };
    solution.outcome.summary.methods = Some(comparison.methods.clone());
    solution.outcome.comparison = Some(comparison);
    Ok(solution)
}
