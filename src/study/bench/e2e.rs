//! End to end: `staffing solve` exactly as a user runs it, in a child
//! process ([`super::child`]), and the two sections built on it: the default
//! path ([`default_path`]) and the scaling curve ([`scaling`]).
//!
//! Each run writes a fresh output folder (as a user's first solve of a
//! scenario does), whose `summary.json` gives the status and balance level;
//! the folder is removed after the run, outside the measured time.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::child::{self, ChildRun, ChildSpec, Cores};
use super::stats::Spread;
use super::{BenchError, Ctx, Instance};
use crate::pipeline::{self, Engine};

/// Which charts the command asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charts {
    /// No `--charts` flag: every chart as SVG and PNG, and report.html.
    Default,
    /// `--charts none`.
    None,
}

/// One `staffing solve` command line.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveCommand {
    /// The scenario file solved.
    pub scenario: PathBuf,
    /// Whether `--charts none` is passed.
    pub charts: Charts,
    /// `--engine milp --time-limit S`.
    pub milp_time_limit: Option<f64>,
}

impl SolveCommand {
    /// The default command on `scenario`.
    pub fn new(scenario: &Path, charts: Charts) -> SolveCommand {
        SolveCommand {
            scenario: scenario.to_path_buf(),
            charts,
            milp_time_limit: None,
        }
    }

    fn flags(&self) -> Vec<String> {
        let mut flags = Vec::new();
        if self.charts == Charts::None {
            flags.extend(["--charts".to_string(), "none".to_string()]);
        }
        if let Some(limit) = self.milp_time_limit {
            flags.extend([
                "--engine".to_string(),
                "milp".to_string(),
                "--time-limit".to_string(),
                limit.to_string(),
            ]);
        }
        flags
    }

    /// The arguments after the program name, writing to `out`.
    pub fn args(&self, out: &Path) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec![
            "solve".into(),
            self.scenario.clone().into(),
            "--out".into(),
            out.into(),
        ];
        args.extend(self.flags().into_iter().map(OsString::from));
        args
    }

    /// The command as a user types it, with `DIR` for the output folder:
    /// `staffing solve scenarios/baseline.toml --out DIR --charts none`.
    pub fn display(&self) -> String {
        let mut s = format!("staffing solve {} --out DIR", self.scenario.display());
        for f in self.flags() {
            s.push(' ');
            s.push_str(&f);
        }
        s
    }
}

/// What a run's `summary.json` says.
#[derive(Debug, Clone, PartialEq)]
pub struct SolveFigures {
    /// `optimal`, `time_limit`, …
    pub status: String,
    /// The balance level t* (`balance_level`); `None` when the summary has none.
    pub balance_level: Option<f64>,
    /// Officers moved by the plan (`officers_moved`); `None` when the summary has none.
    pub officers_moved: Option<i64>,
}

/// One run of a solve command: the measurement and, when it wrote one, its
/// summary.
#[derive(Debug, Clone)]
pub struct SolveRun {
    /// The measurement of the child.
    pub run: ChildRun,
    /// Its `summary.json` figures; `None` when it wrote none.
    pub figures: Option<SolveFigures>,
}

/// Repeated runs of one command.
#[derive(Debug, Clone)]
pub struct Measured {
    /// The command as a user types it, with `DIR` for the output folder.
    pub command: String,
    /// Whether the runs were pinned to one core or on all cores.
    pub cores: Cores,
    /// The runs, in the order they ran.
    pub runs: Vec<SolveRun>,
}

impl Measured {
    /// Wall time over the runs, seconds (median, min, max); NaN when there is no run.
    pub fn wall(&self) -> Spread {
        Spread::of(&self.runs.iter().map(|r| r.run.wall_s).collect::<Vec<_>>()).unwrap_or(Spread {
            median: f64::NAN,
            min: f64::NAN,
            max: f64::NAN,
        })
    }

    /// User + system CPU seconds (Linux).
    pub fn cpu(&self) -> Option<Spread> {
        Spread::of_all(self.runs.iter().map(|r| r.run.cpu_s()))
    }

    /// Peak resident memory in MB (Linux).
    pub fn peak_mb(&self) -> Option<Spread> {
        Spread::of_all(self.runs.iter().map(|r| r.run.peak_mb()))
    }

    /// The first run's summary.
    pub fn figures(&self) -> Option<&SolveFigures> {
        self.runs.first()?.figures.as_ref()
    }

    /// The first run's balance level (`None` without a summary or a level).
    pub fn balance_level(&self) -> Option<f64> {
        self.figures()?.balance_level
    }

    /// The highest floor of the runs' peak memory, MB: this process's own
    /// peak when it started them ([`ChildRun::floor_kib`]).
    pub fn floor_mb(&self) -> Option<f64> {
        self.runs
            .iter()
            .filter_map(|r| r.run.floor_kib)
            .max()
            .map(|k| k as f64 * 1024.0 / 1e6)
    }

    /// The CPU the runs were pinned to.
    pub fn pinned_cpu(&self) -> Option<usize> {
        self.runs.first()?.run.pinned_cpu
    }

    /// Balance levels of every run, bit for bit.
    pub fn levels(&self) -> Vec<Option<u64>> {
        self.runs
            .iter()
            .map(|r| {
                r.figures
                    .as_ref()
                    .and_then(|f| f.balance_level.map(f64::to_bits))
            })
            .collect()
    }
}

/// Runs `command` once in a child process, with a fresh output folder that
/// is removed afterwards. A failing command is a run with its exit code, not
/// an error.
pub fn run_once(
    ctx: &Ctx,
    command: &SolveCommand,
    cores: Cores,
    deadline: Duration,
) -> Result<SolveRun, BenchError> {
    let out = ctx.fresh_run_dir();
    let spec = ChildSpec {
        program: ctx.options.exe.clone(),
        args: command.args(&out),
        cores,
        deadline,
    };
    let run = child::measure(&spec).map_err(|source| BenchError::Spawn {
        command: command.display(),
        source,
    })?;
    let figures = if run.success() {
        Some(read_figures(&out.join("summary.json"))?)
    } else {
        None
    };
    if out.exists() {
        crate::output::remove_output_folder(&out)?;
    }
    Ok(SolveRun { run, figures })
}

/// Runs every command `repeat` times, in rounds (each round runs every
/// command once), so a slow spell of a shared machine hits all alike. Any
/// failed run is an error naming the command.
pub fn measure_rounds(
    ctx: &Ctx,
    commands: &[(SolveCommand, Cores)],
    deadline: Duration,
) -> Result<Vec<Measured>, BenchError> {
    let mut out: Vec<Measured> = commands
        .iter()
        .map(|(c, cores)| Measured {
            command: c.display(),
            cores: *cores,
            runs: Vec::new(),
        })
        .collect();
    for round in 0..ctx.options.repeat.max(1) {
        for (i, (command, cores)) in commands.iter().enumerate() {
            (ctx.progress)(&format!(
                "run {}/{}: {} ({})",
                round + 1,
                ctx.options.repeat.max(1),
                command.display(),
                cores.label()
            ));
            let run = run_once(ctx, command, *cores, deadline)?;
            if !run.run.success() {
                return Err(BenchError::Failed {
                    command: command.display(),
                    ending: run.run.ending(),
                    stderr: run.run.stderr.trim().to_string(),
                });
            }
            out[i].runs.push(run);
        }
    }
    Ok(out)
}

fn read_figures(path: &Path) -> Result<SolveFigures, BenchError> {
    let bad = |problem: String| BenchError::Summary {
        path: path.to_path_buf(),
        problem,
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let status = v
        .get("status")
        .and_then(|s| s.as_str())
        .ok_or_else(|| bad("no `status`".into()))?
        .to_string();
    Ok(SolveFigures {
        status,
        balance_level: v.get("balance_level").and_then(|x| x.as_f64()),
        officers_moved: v.get("officers_moved").and_then(|x| x.as_i64()),
    })
}

/// The solve alone, in process: [`pipeline::solve`] (both phases, the
/// auxiliaries, the independent check and every derived figure), no
/// reading and no writing; `repeat` runs.
pub fn solve_alone(ctx: &Ctx, instance: &Instance) -> Result<Spread, BenchError> {
    let loaded = instance.load()?;
    let mut times = Vec::new();
    for _ in 0..ctx.options.repeat.max(1) {
        let t = Instant::now();
        let solution =
            pipeline::solve(&loaded, Engine::Exact).map_err(|source| BenchError::Solve {
                label: instance.label.clone(),
                source,
            })?;
        times.push(t.elapsed().as_secs_f64());
        drop(solution);
    }
    Ok(Spread::of(&times).expect("at least one run"))
}

/// One stage's time over the runs: wall and this process's CPU time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stage {
    /// Wall time over the runs, seconds.
    pub wall: Spread,
    /// `None` where CPU time cannot be read.
    pub cpu: Option<Spread>,
}

/// Where the time of a solve goes, in process (a breakdown of the child's
/// figures; process start-up is the rest).
#[derive(Debug, Clone, PartialEq)]
pub struct Stages {
    /// The instance measured.
    pub instance: Instance,
    /// [`pipeline::load`]: the scenario and both tables, validated.
    pub read: Stage,
    /// [`pipeline::solve`], as [`solve_alone`].
    pub solve: Stage,
    /// The files of the plan folder with `--charts none`, in memory.
    pub outputs: Stage,
    /// The same with the default charts (SVG and PNG) and report.html.
    pub outputs_with_charts: Stage,
    /// Writing the default files: [`crate::output::write_folder`], which
    /// syncs every file.
    pub write: Stage,
}

/// Times each stage of `staffing solve` in this process, `repeat` runs.
pub fn stages(ctx: &Ctx, instance: &Instance) -> Result<Stages, BenchError> {
    use crate::report::ReportOptions;
    let mut times: Vec<[(f64, Option<f64>); 5]> = Vec::new();
    for _ in 0..ctx.options.repeat.max(1) {
        let mut marks = vec![(Instant::now(), child::cpu_seconds())];
        let mut mark = || marks.push((Instant::now(), child::cpu_seconds()));
        let loaded = instance.load()?;
        mark();
        let solution =
            pipeline::solve(&loaded, Engine::Exact).map_err(|source| BenchError::Solve {
                label: instance.label.clone(),
                source,
            })?;
        mark();
        let plain = ReportOptions {
            lang: None,
            charts: None,
        };
        solution.files(loaded.unmerged.as_deref(), &plain)?;
        mark();
        let files = solution.files(loaded.unmerged.as_deref(), &ReportOptions::new())?;
        mark();
        let out = ctx.fresh_run_dir();
        crate::output::write_folder(&out, &files, &loaded.scenario.input_files())?;
        mark();
        crate::output::remove_output_folder(&out)?;
        let d = |i: usize| {
            let ((t0, c0), (t1, c1)) = (marks[i], marks[i + 1]);
            ((t1 - t0).as_secs_f64(), c0.zip(c1).map(|(a, b)| b - a))
        };
        times.push([d(0), d(1), d(2), d(3), d(4)]);
    }
    let stage = |i: usize| Stage {
        wall: Spread::of(&times.iter().map(|t| t[i].0).collect::<Vec<_>>())
            .expect("at least one run"),
        cpu: Spread::of_all(times.iter().map(|t| t[i].1)),
    };
    Ok(Stages {
        instance: instance.clone(),
        read: stage(0),
        solve: stage(1),
        outputs: stage(2),
        outputs_with_charts: stage(3),
        write: stage(4),
    })
}

/// One row of the default-path table.
#[derive(Debug, Clone)]
pub struct DefaultPathRow {
    /// The instance solved.
    pub instance: Instance,
    /// Whether `--charts none` was passed.
    pub charts: Charts,
    /// Its runs.
    pub measured: Measured,
}

/// The default path: the province and the nation, each with the default
/// command and with `--charts none`, each on one core and on all cores.
/// Every command runs once untimed first (files into the page cache).
pub fn default_path(ctx: &Ctx, instances: &[&Instance]) -> Result<Vec<DefaultPathRow>, BenchError> {
    let mut configs = Vec::new();
    for inst in instances {
        for charts in [Charts::Default, Charts::None] {
            for cores in [Cores::One, Cores::All] {
                configs.push((inst, charts, cores));
            }
        }
    }
    let commands: Vec<(SolveCommand, Cores)> = configs
        .iter()
        .map(|(inst, charts, cores)| (SolveCommand::new(&inst.scenario, *charts), *cores))
        .collect();
    let deadline = Duration::from_secs(600);
    for inst in instances {
        (ctx.progress)(&format!("warming up: {}", inst.label));
        run_once(
            ctx,
            &SolveCommand::new(&inst.scenario, Charts::Default),
            Cores::All,
            deadline,
        )?;
    }
    let measured = measure_rounds(ctx, &commands, deadline)?;
    Ok(configs
        .into_iter()
        .zip(measured)
        .map(|((inst, charts, _), measured)| DefaultPathRow {
            instance: (*inst).clone(),
            charts,
            measured,
        })
        .collect())
}

/// One point of the scaling curve.
#[derive(Debug, Clone)]
pub struct ScalingRow {
    /// The generated instance.
    pub instance: Instance,
    /// [`solve_alone`].
    pub solve: Spread,
    /// The default command, one core.
    pub end_to_end: Measured,
}

/// The end-to-end half of the scaling curve: on generated instances of
/// `sizes` stations, the default command on one core.
pub fn scaling_runs(ctx: &Ctx, sizes: &[usize]) -> Result<Vec<(Instance, Measured)>, BenchError> {
    let mut runs = Vec::new();
    for &n in sizes {
        let instance = ctx.generated(n)?;
        (ctx.progress)(&format!("scaling: {n} stations"));
        let command = SolveCommand::new(&instance.scenario, Charts::Default);
        let measured = measure_rounds(ctx, &[(command, Cores::One)], Duration::from_secs(600))?
            .pop()
            .expect("one command");
        runs.push((instance, measured));
    }
    Ok(runs)
}

/// The scaling curve: [`scaling_runs`] with the solve alone of each
/// instance, in process.
pub fn scaling(ctx: &Ctx, runs: Vec<(Instance, Measured)>) -> Result<Vec<ScalingRow>, BenchError> {
    runs.into_iter()
        .map(|(instance, end_to_end)| {
            let solve = solve_alone(ctx, &instance)?;
            Ok(ScalingRow {
                instance,
                solve,
                end_to_end,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_is_the_users() {
        let c = SolveCommand::new(Path::new("scenarios/baseline.toml"), Charts::None);
        assert_eq!(
            c.display(),
            "staffing solve scenarios/baseline.toml --out DIR --charts none"
        );
        let args: Vec<String> = c
            .args(Path::new("/tmp/x"))
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "solve",
                "scenarios/baseline.toml",
                "--out",
                "/tmp/x",
                "--charts",
                "none"
            ]
        );
        let milp = SolveCommand {
            milp_time_limit: Some(30.0),
            ..SolveCommand::new(Path::new("s.toml"), Charts::Default)
        };
        assert_eq!(
            milp.display(),
            "staffing solve s.toml --out DIR --engine milp --time-limit 30"
        );
    }
}
