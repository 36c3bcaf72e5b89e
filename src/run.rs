//! The pipeline of one run: load → solve → check → report.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::check::{check_plan, Violation};
use crate::domain::{Params, Province};
use crate::error::InputError;
use crate::input::load_province;
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
}

fn digest(role: &str, path: &Path) -> Result<InputDigest, InputError> {
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    Ok(InputDigest {
        role: role.into(),
        path: path.display().to_string(),
        sha256: format!("{:x}", Sha256::digest(&bytes)),
    })
}

/// Reads and validates a scenario and its data.
pub fn load(scenario_path: &Path) -> Result<Loaded, InputError> {
    let scenario = scenario::load(scenario_path)?;
    load_scenario(scenario)
}

/// Reads and validates the data of a parsed scenario.
pub fn load_scenario(scenario: Scenario) -> Result<Loaded, InputError> {
    let province = load_province(
        &scenario.stations,
        &scenario.counties,
        &scenario.workload.residents_per_community_officer,
    )?;
    let today: i64 = province.stations.iter().map(|s| s.auxiliaries).sum();
    let params = scenario.params(today);
    let inputs = vec![
        digest("scenario", &scenario.file)?,
        digest("stations", &scenario.stations)?,
        digest("counties", &scenario.counties)?,
    ];
    Ok(Loaded {
        scenario,
        province,
        params,
        inputs,
    })
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
    crate::output::write_folder(dir, &report::files_with(&solved, summary, options)?)
}

/// The default output folder: `output/<safe scenario name>`.
pub fn default_output_dir(scenario: &Scenario) -> PathBuf {
    Path::new("output").join(crate::output::safe_component(&scenario.name))
}
