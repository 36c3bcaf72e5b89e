//! The multi-year roadmap (issue #16): `staffing roadmap` of the province
//! in process — read, plan every year, write every file (`--charts none`)
//! — on all cores, median of the bench's runs. Two cases, with the issue's
//! targets: the shipped five-year myopic roadmap (`scenarios/roadmap.toml`)
//! under 1 s, and the same province over ten years in horizon mode
//! (`--set roadmap.years=10 --mode horizon`) under 60 s on 2 cores.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::stats::median;
use super::{BenchError, Ctx};
use crate::roadmap::exec::{self, Options};
use crate::roadmap::{prepare_with, RoadmapError};
use crate::scenario::roadmap::RoadmapMode;

/// The roadmap scenario the section runs: `roadmap.toml` beside the
/// province's scenario.
pub fn scenario_beside(province: &Path) -> PathBuf {
    province
        .parent()
        .unwrap_or(Path::new("."))
        .join("roadmap.toml")
}

/// One measured roadmap.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapRow {
    /// `five-year myopic`, `ten-year horizon`.
    pub case: String,
    /// The command line it stands for.
    pub command: String,
    /// Years of the roadmap.
    pub years: usize,
    /// Myopic (year by year) or horizon (over all years).
    pub mode: RoadmapMode,
    /// Stations of the province.
    pub stations: usize,
    /// Worker threads available (the machine's parallelism).
    pub jobs: usize,
    /// Median, min and max wall-clock seconds.
    pub seconds: f64,
    /// The fastest run, seconds.
    pub min: f64,
    /// The slowest run, seconds.
    pub max: f64,
    /// The worst year's balance level.
    pub worst_level: Option<f64>,
    /// The target in seconds.
    pub target: f64,
}

impl RoadmapRow {
    /// Whether the median beat the target (`seconds < target`).
    pub fn met(&self) -> bool {
        self.seconds < self.target
    }
}

fn failed(path: &Path, e: impl std::fmt::Display) -> BenchError {
    BenchError::Summary {
        path: path.to_path_buf(),
        problem: e.to_string(),
    }
}

/// Times one roadmap `runs` times into folders under the bench's runs
/// folder (each removed after its run).
fn time_one(
    runs_dir: &Path,
    scenario: &Path,
    sets: &[(String, String)],
    mode: RoadmapMode,
    runs: usize,
) -> Result<(Vec<f64>, Option<f64>, usize, usize), BenchError> {
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut times = Vec::new();
    let mut worst = None;
    let mut shape = (0, 0);
    for i in 0..runs.max(1) {
        let out = runs_dir.join(format!("roadmap-{}-{i}", mode.as_str()));
        let started = Instant::now();
        let prep = prepare_with(scenario, sets)?;
        let opts = Options {
            out: out.clone(),
            resume: false,
            jobs,
            report: crate::report::ReportOptions {
                lang: None,
                charts: None,
            },
            mode: Some(mode),
            target_level: None,
        };
        let report =
            exec::execute(&prep, &opts, &|_| {}).map_err(|e: RoadmapError| failed(scenario, e))?;
        times.push(started.elapsed().as_secs_f64());
        worst = report.summary.worst_balance_level;
        shape = (prep.spec.years, prep.loaded.province.stations.len());
        // The folder is this run's own, written just now.
        std::fs::remove_dir_all(&out).map_err(|source| BenchError::Io { path: out, source })?;
    }
    Ok((times, worst, shape.0, shape.1))
}

/// The section's rows, or none when there is no roadmap scenario beside
/// the province's.
pub fn roadmap_section(ctx: &Ctx, province: &Path) -> Result<Vec<RoadmapRow>, BenchError> {
    measure(
        &scenario_beside(province),
        &ctx.runs,
        ctx.options.repeat,
        ctx.progress,
    )
}

/// A case: name, `--set` overrides, mode, target seconds, command line.
type Case = (
    &'static str,
    Vec<(String, String)>,
    RoadmapMode,
    f64,
    String,
);

/// Both cases of `scenario` (none when it does not exist), `runs` runs
/// each, output folders under `runs_dir` (removed after each run).
pub fn measure(
    scenario: &Path,
    runs_dir: &Path,
    runs: usize,
    progress: &dyn Fn(&str),
) -> Result<Vec<RoadmapRow>, BenchError> {
    if !scenario.exists() {
        return Ok(Vec::new());
    }
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let shown = scenario.display().to_string();
    let cases: [Case; 2] = [
        (
            "five-year myopic",
            Vec::new(),
            RoadmapMode::Myopic,
            1.0,
            format!("staffing roadmap {shown} --mode myopic --charts none"),
        ),
        (
            "ten-year horizon",
            vec![("roadmap.years".to_string(), "10".to_string())],
            RoadmapMode::Horizon,
            60.0,
            format!("staffing roadmap {shown} --set roadmap.years=10 --mode horizon --charts none"),
        ),
    ];
    let mut rows = Vec::new();
    for (case, sets, mode, target, command) in cases {
        progress(&format!("roadmap: {case}"));
        let (times, worst, years, stations) = time_one(runs_dir, scenario, &sets, mode, runs)?;
        rows.push(RoadmapRow {
            case: case.to_string(),
            command,
            years,
            mode,
            stations,
            jobs,
            seconds: median(&times),
            min: times.iter().copied().fold(f64::INFINITY, f64::min),
            max: times.iter().copied().fold(0.0, f64::max),
            worst_level: worst,
            target,
        });
    }
    Ok(rows)
}
