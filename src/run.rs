//! The pipeline of one run: load → solve → check → report.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::check::{check_plan, Violation};
use crate::domain::{Params, Province};
use crate::error::InputError;
use crate::input::excel::split_sheet;
use crate::input::load_province_with_origins;
use crate::input::table::Origin;
use crate::model::merge::{self, MergeGroup};
use crate::model::milp::{self, MilpError, MilpOptions};
use crate::plan::{Infeasibility, Plan};
use crate::report::{self, InputDigest, Provenance, Summary};
use crate::scenario::{self, Scenario};

/// A scenario with its data, validated and ready to solve.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub scenario: Scenario,
    pub province: Province,
    pub params: Params,
    pub inputs: Vec<InputDigest>,
    /// The data before the scenario's `[[mergers]]`, when it has any: the
    /// plan is compared with the plan without them.
    pub unmerged: Option<Province>,
}

fn digest(role: &str, path: &Path, origin: Option<&Origin>) -> Result<InputDigest, InputError> {
    let (file, _) = split_sheet(path);
    let bytes = std::fs::read(&file).map_err(|source| InputError::Io {
        file: file.clone(),
        source,
    })?;
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
    })
}

/// Reads and validates a scenario and its data.
pub fn load(scenario_path: &Path) -> Result<Loaded, InputError> {
    let scenario = scenario::load(scenario_path)?;
    load_scenario(scenario)
}

/// Reads and validates the data of a parsed scenario.
pub fn load_scenario(scenario: Scenario) -> Result<Loaded, InputError> {
    let (mut province, [station_origin, county_origin]) = load_province_with_origins(
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
    let today: i64 = province.stations.iter().map(|s| s.auxiliaries).sum();
    let params = scenario.params(today);
    // Each value is in range; their combination must be too.
    crate::model::requirement::check_requirements(&province, &params).map_err(|e| {
        InputError::File {
            file: scenario.stations.clone(),
            problem: format!("{e} (with the values of {})", scenario.file.display()),
        }
    })?;
    let inputs = vec![
        digest("scenario", &scenario.file, None)?,
        digest("stations", &scenario.stations, Some(&station_origin))?,
        digest("counties", &scenario.counties, Some(&county_origin))?,
    ];
    Ok(Loaded {
        scenario,
        province,
        params,
        inputs,
        unmerged,
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
    Lever(crate::model::levers::LeverError),
    #[error("internal error: the plan breaks rules it must keep:\n{}", .0.iter().map(|v| format!("  - {v}")).collect::<Vec<_>>().join("\n"))]
    Unverified(Vec<Violation>),
}

/// Solves a loaded scenario and checks the plan independently.
pub fn solve(loaded: &Loaded, engine: Engine) -> Result<Plan, SolveError> {
    let plan = match engine {
        Engine::Exact => {
            crate::model::solve(&loaded.province, &loaded.params).map_err(SolveError::Infeasible)?
        }
        Engine::Milp(opts) => match milp::solve(&loaded.province, &loaded.params, opts) {
            Ok(p) => p,
            // Say which rule fails, in policy terms, from the exact analysis.
            Err(MilpError::Infeasible) => {
                match crate::model::solve(&loaded.province, &loaded.params) {
                    Err(reasons) => return Err(SolveError::Infeasible(reasons)),
                    Ok(_) => return Err(SolveError::Milp(MilpError::Infeasible)),
                }
            }
            Err(e) => return Err(SolveError::Milp(e)),
        },
    };
    let violations = check_plan(&loaded.province, &loaded.params, &plan);
    if !violations.is_empty() {
        return Err(SolveError::Unverified(violations));
    }
    Ok(plan)
}

/// Solves a scenario with its levers on (`[force]`, `[recruits]`, see
/// [`crate::model::levers`]): returns the scenario with the planned forces
/// (for reports), the plan, with moves counted as moves of existing officers,
/// and where the recruits go.
pub fn solve_levers(
    loaded: &Loaded,
) -> Result<(Loaded, Plan, Option<crate::model::recruits::Allocation>), SolveError> {
    use crate::model::levers::{self, LeverError};
    let mut lp = levers::solve(
        &loaded.province,
        &loaded.params,
        &loaded.scenario.force_levers,
    )
    .map_err(|e| match e {
        LeverError::Infeasible(reasons) => SolveError::Infeasible(reasons),
        other => SolveError::Lever(other),
    })?;
    let violations = check_plan(&lp.province, &loaded.params, &lp.plan);
    if !violations.is_empty() {
        return Err(SolveError::Unverified(violations));
    }
    levers::count_moves(&loaded.province, &lp.province, &mut lp.plan);
    let changed = Loaded {
        province: lp.province,
        ..loaded.clone()
    };
    Ok((changed, lp.plan, lp.recruits))
}

/// The summary of a solved scenario (timing left to the caller).
pub fn summary(loaded: &Loaded, plan: &Plan) -> Summary {
    let solved = report::Solved {
        scenario_name: &loaded.scenario.name,
        province: &loaded.province,
        params: &loaded.params,
        plan,
    };
    Summary::new(
        &solved,
        Provenance {
            tool: "staffing".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            solver: plan.solver.clone(),
            inputs: loaded.inputs.clone(),
            seconds: None,
        },
    )
}

/// Writes the output folder of a solved scenario, atomically, with charts
/// (SVG and PNG) and `report.html` in the language that suits the data.
pub fn write_outputs(
    loaded: &Loaded,
    plan: &Plan,
    summary: &Summary,
    dir: &Path,
) -> Result<(), crate::error::OutputError> {
    write_outputs_with(loaded, plan, summary, dir, &report::ReportOptions::new())
}

/// [`write_outputs`] with a choice of language and charts.
pub fn write_outputs_with(
    loaded: &Loaded,
    plan: &Plan,
    summary: &Summary,
    dir: &Path,
    options: &report::ReportOptions,
) -> Result<(), crate::error::OutputError> {
    let solved = report::Solved {
        scenario_name: &loaded.scenario.name,
        province: &loaded.province,
        params: &loaded.params,
        plan,
    };
    let mut files = report::files_with(&solved, summary, options)?;
    let baseline = loaded.unmerged.as_ref().map(|p| {
        (
            p,
            crate::model::solve(p, &loaded.params).map_err(|reasons| reasons.len()),
        )
    });
    files.extend(report::explain::files(&solved, baseline));
    crate::output::write_folder(dir, &files)
}

/// The default output folder: `output/<safe scenario name>`.
pub fn default_output_dir(scenario: &Scenario) -> PathBuf {
    Path::new("output").join(crate::output::safe_component(&scenario.name))
}
