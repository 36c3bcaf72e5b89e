//! The pipeline of one run: load → solve → check → analyse, into one
//! [`Outcome`]; the report renders it ([`crate::report::render`]).
//!
//! Every command that writes a plan folder goes through here: `solve`, each
//! point of a sweep, the robust plan of a sampled sweep and the bench. So
//! every plan folder has the same files, and every figure is computed once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::check::{check_plan, Violation};
use crate::domain::{Params, Province, Target};
use crate::error::{InputError, OutputError, Warning};
use crate::input::excel::split_sheet;
use crate::input::table::Origin;
use crate::input::{read_province, ProvinceData};
use crate::model::analysis;
use crate::model::levers::{self, LeverError, LeverPlan};
use crate::model::merge::{self, MergeGroup};
use crate::model::milp::{self, MilpError, MilpOptions};
use crate::model::requirement::Requirement;
use crate::outcome::{
    Explanations, InputDigest, Outcome, Parameter, Provenance, TargetFigures, Warnings,
};
use crate::output::OutputFile;
use crate::plan::{Infeasibility, Plan, Recruits};
use crate::report::ReportOptions;
use crate::scenario::{self, keys, Scenario};
use rayon::prelude::*;

/// A scenario with its data, validated and ready to solve.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub scenario: Scenario,
    /// Today's data (after the scenario's station lists and mergers).
    pub province: Arc<Province>,
    pub params: Params,
    pub inputs: Vec<InputDigest>,
    /// The data before the scenario's `[[mergers]]`, when it has any: the
    /// plan is compared with the plan without them.
    pub unmerged: Option<Arc<Province>>,
    /// What looks wrong in the data without being invalid (a header close
    /// to a known one, a value far from its peers): `check` and `solve`
    /// print them, the summary lists them.
    pub warnings: Vec<Warning>,
}

fn digest(
    role: &str,
    path: &Path,
    origin: Option<&Origin>,
    delimiter: Option<char>,
) -> Result<InputDigest, InputError> {
    let (file, _) = split_sheet(path);
    let bytes = crate::input::file::read_input(&file)?;
    let (encoding, sheet) = match origin {
        Some(Origin::Csv(e)) => (Some(e.as_str().to_string()), None),
        Some(Origin::Sheet { sheet }) => (None, Some(sheet.clone())),
        None => (None, None),
    };
    Ok(InputDigest {
        role: role.into(),
        path: file.display().to_string(),
        sha256: format!("{:x}", Sha256::digest(&bytes)),
        encoding,
        sheet,
        delimiter: delimiter
            .filter(|d| *d != ',')
            .map(|d| crate::input::table::delimiter_name(d).to_string()),
    })
}

/// Reads and validates a scenario and its data.
pub fn load(scenario_path: &Path) -> Result<Loaded, InputError> {
    let scenario = scenario::load(scenario_path)?;
    load_scenario(scenario)
}

/// Reads and validates a scenario with `--set key=value` overrides
/// ([`scenario::overrides`]) and its data.
pub fn load_with(scenario_path: &Path, sets: &[(String, String)]) -> Result<Loaded, InputError> {
    load_scenario(scenario::load_with(scenario_path, sets)?)
}

/// Reads and validates the data of a parsed scenario.
pub fn load_scenario(scenario: Scenario) -> Result<Loaded, InputError> {
    load_scenario_of(scenario, None)
}

/// [`load_scenario`] of a scenario whose file is `text` rather than a file
/// on disk (its digest is taken from `text`; its path is the scenario's):
/// the what-if `staffing serve` offers for download, solved before it is
/// saved.
pub fn load_scenario_text(scenario: Scenario, text: &[u8]) -> Result<Loaded, InputError> {
    load_scenario_of(scenario, Some(text))
}

fn load_scenario_of(scenario: Scenario, text: Option<&[u8]>) -> Result<Loaded, InputError> {
    let ProvinceData {
        mut province,
        origins: [station_origin, county_origin],
        delimiters: [station_delimiter, county_delimiter],
        warnings,
    } = read_province(
        &scenario.stations,
        &scenario.counties,
        &scenario.workload.residents_per_community_officer,
    )?;
    apply_scenario_levers(&scenario, &mut province)?;
    let unmerged = if scenario.mergers.is_empty() {
        None
    } else {
        let groups: Vec<MergeGroup> = scenario
            .mergers
            .iter()
            .map(|m| MergeGroup {
                lead: m.lead.clone(),
                members: m.members.clone(),
            })
            .collect();
        let merged = merge::apply(&province, &groups).map_err(|e| InputError::Scenario {
            file: scenario.file.clone(),
            message: format!("[[mergers]]: {e}"),
        })?;
        Some(std::mem::replace(&mut province, merged))
    };
    // Plan on real strength: the books become the real deployment once,
    // before either phase (docs/strength.md).
    let recall = scenario.strength.recall_seconded;
    crate::model::strength::real_strength(&mut province, recall);
    let mut unmerged = unmerged;
    if let Some(p) = unmerged.as_mut() {
        crate::model::strength::real_strength(p, recall);
    }
    let today: i64 = province.stations.iter().map(|s| s.auxiliaries).sum();
    let params = scenario.params(today);
    // Each value is in range; their combination must be too.
    crate::model::requirement::check_requirements(&province, &params).map_err(|e| {
        InputError::File {
            file: scenario.stations.clone(),
            problem: format!("{e} (with the values of {})", scenario.file.display()),
        }
    })?;
    let scenario_digest = match text {
        Some(text) => InputDigest {
            role: "scenario".into(),
            path: scenario.file.display().to_string(),
            sha256: format!("{:x}", Sha256::digest(text)),
            encoding: None,
            sheet: None,
            delimiter: None,
        },
        None => digest("scenario", &scenario.file, None, None)?,
    };
    let inputs = vec![
        scenario_digest,
        digest(
            "stations",
            &scenario.stations,
            Some(&station_origin),
            station_delimiter,
        )?,
        digest(
            "counties",
            &scenario.counties,
            Some(&county_origin),
            county_delimiter,
        )?,
    ];
    Ok(Loaded {
        scenario,
        province: Arc::new(province),
        params,
        inputs,
        unmerged: unmerged.map(Arc::new),
        warnings,
    })
}

/// Applies the scenario's station list levers to the data and checks that
/// the data has what the scenario's levers need: `[stations] locked` ids
/// exist, and every declared call category has its `calls_<name>` column.
pub fn apply_scenario_levers(
    scenario: &Scenario,
    province: &mut Province,
) -> Result<(), InputError> {
    for id in &scenario.locked {
        match province.stations.iter_mut().find(|s| &s.id == id) {
            Some(s) => s.levers.locked = true,
            None => {
                return Err(InputError::Scenario {
                    file: scenario.file.clone(),
                    message: format!(
                        "`stations.locked` names station `{id}`, which is not in {}",
                        scenario.stations.display()
                    ),
                })
            }
        }
    }
    if let Some(service) = &scenario.workload.service {
        for kind in service.hourly_profile_by_kind.keys() {
            if !province.stations.iter().any(|s| &s.kind == kind) {
                return Err(InputError::Scenario {
                    file: scenario.file.clone(),
                    message: format!(
                        "`workload.service.hourly_profile_by_kind.{kind}` names the station kind `{kind}`, which no station in {} has; the kinds there are {}",
                        scenario.stations.display(),
                        kinds(province)
                    ),
                });
            }
        }
    }
    for name in scenario.workload.categories.keys() {
        let present = province
            .stations
            .iter()
            .any(|s| s.levers.calls_by_category.contains_key(name));
        if !present {
            return Err(InputError::File {
                file: scenario.stations.clone(),
                problem: format!(
                    "the scenario declares the call category `{name}` but no station has a value in a column `calls_{name}`; add the column or remove [workload.categories.{name}]"
                ),
            });
        }
    }
    Ok(())
}

/// The station kinds of the data, for messages: `rural`, `urban`.
fn kinds(province: &Province) -> String {
    let kinds: std::collections::BTreeSet<&str> =
        province.stations.iter().map(|s| s.kind.as_str()).collect();
    kinds
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
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
    Infeasible(Vec<Infeasibility>),
    #[error(transparent)]
    Milp(MilpError),
    /// A lever ([force], [recruits]) cannot be applied.
    #[error(transparent)]
    Lever(LeverError),
    /// The engine cannot solve what the scenario asks for.
    #[error("{0}")]
    Unsupported(String),
    #[error("internal error: the plan breaks rules it must keep:\n{}", .0.iter().map(|v| format!("  - {v}")).collect::<Vec<_>>().join("\n"))]
    Unverified(Vec<Violation>),
}

/// A solved scenario: the outcome every output reads, and the requirements
/// the plan was solved against (for [`Solution::explain`]).
#[derive(Debug, Clone)]
pub struct Solution {
    pub outcome: Outcome,
    requirements: Vec<Requirement>,
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
            without,
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
    solution.outcome.summary.provenance.overrides = loaded.scenario.overrides.clone();
    solution.outcome.summary.warnings = Warnings::of(&loaded.warnings);
    Ok(solution)
}

fn solve_engine(loaded: &Loaded, engine: Engine) -> Result<Solution, SolveError> {
    let params = &loaded.params;
    match engine {
        Engine::Exact => {
            let lp = levers::solve(&loaded.province, params, &loaded.scenario.force_levers)
                .map_err(|e| match e {
                    LeverError::Infeasible(reasons) => SolveError::Infeasible(reasons),
                    other => SolveError::Lever(other),
                })?;
            let reqs = crate::model::requirement::requirements(&lp.province, params);
            finish_levers(
                &loaded.scenario.name,
                &loaded.province,
                params,
                lp,
                reqs,
                loaded.inputs.clone(),
                keys::parameters(&loaded.scenario.table),
            )
        }
        Engine::Milp(opts) => {
            if loaded.scenario.force_levers.active() {
                return Err(SolveError::Unsupported(format!(
                    "scenario {}: the [force] and [recruits] levers are solved by the exact engine only; drop --engine milp",
                    loaded.scenario.file.display()
                )));
            }
            let balance = params.levers.balance;
            if balance.auxiliaries != crate::domain::Target::Province {
                return Err(SolveError::Unsupported(format!(
                    "scenario {}: the auxiliary target `{}` ([balance] auxiliaries) is solved by the exact engine only; drop --engine milp",
                    loaded.scenario.file.display(),
                    balance.auxiliaries.as_str()
                )));
            }
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
    let mut solution = finish_levers(
        &loaded.scenario.name,
        &loaded.province,
        params,
        lp,
        reqs,
        loaded.inputs.clone(),
        keys::parameters(&loaded.scenario.table),
    )?;
    solution.outcome.summary.provenance.overrides = loaded.scenario.overrides.clone();
    solution.outcome.summary.warnings = Warnings::of(&loaded.warnings);
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
    let mut solution = finish(
        name,
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
        o.summary.balance = analysis::fairness::balance_summary(&o.province, &o.fairness);
    }
    Ok(solution)
}

/// The plan of each officer target on the same data (the force the levers
/// planned, the same requirements), with its figures: province, county and
/// leximin, in that order. `plan` is the plan of the scenario's own target;
/// the others are solved here. Moves count existing officers, as the
/// scenario's plan does.
pub fn compare_targets(
    today: &Province,
    planned: &Province,
    params: &Params,
    reqs: &[Requirement],
    plan: &Plan,
) -> Vec<TargetFigures> {
    let own = params.levers.balance.officers;
    let solved: Vec<(Target, Option<Plan>)> = Target::ALL
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

/// The outcome of a checked plan: every figure, computed once.
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
    let mut stations = analysis::station_figures(&province, &params, &plan, &reqs);
    let service = analysis::service::station_service(&province, &params, &plan, &mut stations);
    let counties = analysis::county_rows(&province, &params, &plan);
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
    summary.balance = analysis::fairness::balance_summary(&province, &fairness);
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
    }
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

/// The default output folder: `output/<safe scenario name>`.
pub fn default_output_dir(scenario: &Scenario) -> PathBuf {
    Path::new("output").join(crate::output::safe_component(&scenario.name))
}
