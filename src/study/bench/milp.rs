//! Against the monolithic MILP: the same generated data solved by
//! `staffing solve --engine milp --time-limit S` and by the default exact
//! solver, both with `--charts none` on one core, in child processes.
//!
//! The MILP runs four solves (two phases for officers, two for
//! auxiliaries), each with the time limit; the child is killed at
//! 4 × limit + 30 s. Sizes grow until one does not finish optimal; larger
//! sizes are measured for the exact solver only.

use std::time::Duration;

use super::child::Cores;
use super::e2e::{measure_rounds, run_once, Charts, Measured, SolveCommand};
use super::{BenchError, Ctx};

/// Instance sizes handed to the monolithic MILP (until one fails to finish).
pub const MILP_SIZES: [usize; 8] = [5, 10, 15, 20, 30, 40, 80, 160];

/// How the MILP's run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum MilpEnd {
    /// It ran to its end: the status in its summary, its level.
    Done {
        /// `status` of its `summary.json` (`optimal`, `time_limit`, …).
        status: String,
        /// Its balance level; `None` when the summary has none.
        balance_level: Option<f64>,
    },
    /// It failed: how it ended, with its message.
    Failed {
        /// How it ended (`exit code N`, …) and the last line of its stderr.
        why: String,
    },
    /// Killed at the deadline.
    Killed,
}

/// The MILP's run of one size.
#[derive(Debug, Clone, PartialEq)]
pub enum MilpRun {
    /// It was run as a child `staffing solve --engine milp`.
    Ran {
        /// Wall time, seconds.
        wall_s: f64,
        /// Its own CPU time (Linux).
        cpu_s: Option<f64>,
        /// How it ended.
        end: MilpEnd,
    },
    /// Not run: a smaller instance already missed optimality.
    Skipped,
}

impl MilpRun {
    /// How the run ended, in words: the summary's status, `failed: …`, `killed at deadline` or
    /// `skipped`.
    pub fn status(&self) -> String {
        match self {
            MilpRun::Ran { end, .. } => match end {
                MilpEnd::Done { status, .. } => status.clone(),
                MilpEnd::Failed { why } => format!("failed: {why}"),
                MilpEnd::Killed => "killed at deadline".into(),
            },
            MilpRun::Skipped => "skipped".into(),
        }
    }

    /// Wall time in seconds; `None` when skipped.
    pub fn wall_s(&self) -> Option<f64> {
        match self {
            MilpRun::Ran { wall_s, .. } => Some(*wall_s),
            MilpRun::Skipped => None,
        }
    }

    /// CPU time in seconds; `None` when skipped or unreadable.
    pub fn cpu_s(&self) -> Option<f64> {
        match self {
            MilpRun::Ran { cpu_s, .. } => *cpu_s,
            MilpRun::Skipped => None,
        }
    }

    /// The balance level of a finished run.
    pub fn balance_level(&self) -> Option<f64> {
        match self {
            MilpRun::Ran {
                end: MilpEnd::Done { balance_level, .. },
                ..
            } => *balance_level,
            _ => None,
        }
    }

    /// Finished with status `optimal`.
    pub fn optimal(&self) -> bool {
        matches!(self, MilpRun::Ran { end: MilpEnd::Done { status, .. }, .. } if status == "optimal")
    }
}

/// One size of the MILP section.
#[derive(Debug, Clone)]
pub struct MilpRow {
    /// Stations of the generated instance.
    pub stations: usize,
    /// Its counties.
    pub counties: usize,
    /// The exact solver, end to end.
    pub ours: Measured,
    /// The monolithic MILP on the same instance.
    pub milp: MilpRun,
}

impl MilpRow {
    /// Whether both balance levels agree (relative 1e-6); `None` when the
    /// MILP did not finish optimal.
    pub fn agree(&self) -> Option<bool> {
        if !self.milp.optimal() {
            return None;
        }
        let (a, b) = (self.ours.balance_level()?, self.milp.balance_level()?);
        Some((a - b).abs() <= 1e-6 * a.abs().max(1.0))
    }
}

/// The MILP section over the sizes up to `milp_max`.
pub fn milp(ctx: &Ctx) -> Result<Vec<MilpRow>, BenchError> {
    let limit = ctx.options.milp_time_limit;
    let mut rows = Vec::new();
    let mut stop = false;
    for n in MILP_SIZES
        .iter()
        .copied()
        .filter(|&n| n <= ctx.options.milp_max)
    {
        let inst = ctx.generated_in("milp", n)?;
        let ours = measure_rounds(
            ctx,
            &[(SolveCommand::new(&inst.scenario, Charts::None), Cores::One)],
            Duration::from_secs(600),
        )?
        .pop()
        .expect("one command");
        let milp = if stop {
            MilpRun::Skipped
        } else {
            (ctx.progress)(&format!("MILP: {n} stations"));
            let command = SolveCommand {
                milp_time_limit: Some(limit),
                ..SolveCommand::new(&inst.scenario, Charts::None)
            };
            let deadline = Duration::from_secs_f64(4.0 * limit + 30.0);
            let r = run_once(ctx, &command, Cores::One, deadline)?;
            let end = if r.run.killed {
                MilpEnd::Killed
            } else {
                match r.figures {
                    Some(f) => MilpEnd::Done {
                        status: f.status,
                        balance_level: f.balance_level,
                    },
                    None => MilpEnd::Failed {
                        why: format!(
                            "{}: {}",
                            r.run.ending(),
                            r.run.stderr.lines().last().unwrap_or("").trim()
                        ),
                    },
                }
            };
            MilpRun::Ran {
                wall_s: r.run.wall_s,
                cpu_s: r.run.cpu_s(),
                end,
            }
        };
        if !milp.optimal() {
            stop = true;
        }
        rows.push(MilpRow {
            stations: inst.stations,
            counties: inst.counties,
            ours,
            milp,
        });
    }
    Ok(rows)
}
