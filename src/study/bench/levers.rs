//! The levers (`docs/levers.md`): the province with every lever on
//! (`levers-all.toml` beside the province's scenario: call categories,
//! capacities, locks, station and county move caps, 24-hour posts, a merger,
//! auxiliary duty) against the province without them, end to end in process
//! (read, solve, check, every file with the explanations, written) and the
//! solve with its check alone, on one thread, interleaved runs.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::stats::median;
use super::{BenchError, Ctx, Instance};
use crate::pipeline::{self, Engine};
use crate::report::ReportOptions;

/// The scenario with every lever on: `levers-all.toml` beside the
/// province's scenario.
pub fn scenario_beside(province: &Path) -> PathBuf {
    province
        .parent()
        .unwrap_or(Path::new("."))
        .join("levers-all.toml")
}

/// One scenario's timings, seconds: the median and the fastest run.
#[derive(Debug, Clone, PartialEq)]
pub struct LeversRow {
    /// The scenario file.
    pub scenario: String,
    /// Its stations.
    pub stations: usize,
    /// Timed runs (after one warm-up run that is not counted).
    pub runs: usize,
    /// In process, median: load, solve, build and write the output folder.
    pub end_to_end: f64,
    /// The fastest of those.
    pub end_to_end_fastest: f64,
    /// The solve alone ([`pipeline::solve`], exact engine), median.
    pub solve: f64,
    /// The fastest of those.
    pub solve_fastest: f64,
    /// The plan's balance level t*; `None` when it has none.
    pub balance_level: Option<f64>,
}

/// Times the province and its levers scenario, interleaved, `runs` runs
/// each after one untimed run; output folders go under the bench's runs.
pub fn levers(ctx: &Ctx, province: &Instance) -> Result<Vec<LeversRow>, BenchError> {
    let runs = ctx.options.repeat.max(1);
    let all = scenario_beside(&province.scenario);
    if !all.exists() {
        return Ok(Vec::new());
    }
    let scenarios = [province.scenario.clone(), all];
    let mut times = vec![(Vec::new(), Vec::new()); scenarios.len()];
    let mut rows: Vec<LeversRow> = Vec::new();
    for round in 0..=runs {
        for (k, scenario) in scenarios.iter().enumerate() {
            (ctx.progress)(&format!("levers: {} ({round}/{runs})", scenario.display()));
            let started = Instant::now();
            let loaded = pipeline::load(scenario)?;
            let solving = Instant::now();
            let solution =
                pipeline::solve(&loaded, Engine::Exact).map_err(|source| BenchError::Solve {
                    label: scenario.display().to_string(),
                    source,
                })?;
            let solved = solving.elapsed().as_secs_f64();
            let files = solution.files(loaded.unmerged.as_deref(), &ReportOptions::new())?;
            crate::output::write_folder(
                &ctx.fresh_run_dir(),
                &files,
                &loaded.scenario.input_files(),
            )?;
            let total = started.elapsed().as_secs_f64();
            if round == 0 {
                rows.push(LeversRow {
                    scenario: scenario.display().to_string(),
                    stations: loaded.province.stations.len(),
                    runs,
                    end_to_end: 0.0,
                    end_to_end_fastest: 0.0,
                    solve: 0.0,
                    solve_fastest: 0.0,
                    balance_level: solution.outcome.plan.balance_level,
                });
            } else {
                times[k].0.push(total);
                times[k].1.push(solved);
            }
        }
    }
    let fastest = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    for (row, (total, solve)) in rows.iter_mut().zip(&times) {
        row.end_to_end = median(total);
        row.end_to_end_fastest = fastest(total);
        row.solve = median(solve);
        row.solve_fastest = fastest(solve);
    }
    Ok(rows)
}
