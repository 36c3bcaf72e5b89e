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
pub enum MilpRun {
    /// It ran to its end: seconds, the status in its summary, its level.
    Done {
        seconds: f64,
        status: String,
        balance_level: Option<f64>,
    },
    /// It failed: seconds and how it ended (with its message).
    Failed { seconds: f64, why: String },
    /// Killed at the deadline after these seconds.
    Killed { seconds: f64 },
    /// Not run: a smaller instance already missed optimality.
    Skipped,
}

impl MilpRun {
    pub fn status(&self) -> String {
        match self {
            MilpRun::Done { status, .. } => status.clone(),
            MilpRun::Failed { why, .. } => format!("failed: {why}"),
            MilpRun::Killed { .. } => "killed at deadline".into(),
            MilpRun::Skipped => "skipped".into(),
        }
    }

    pub fn seconds(&self) -> Option<f64> {
        match self {
            MilpRun::Done { seconds, .. }
            | MilpRun::Failed { seconds, .. }
            | MilpRun::Killed { seconds } => Some(*seconds),
            MilpRun::Skipped => None,
        }
    }
}

/// One size of the MILP section.
#[derive(Debug, Clone)]
pub struct MilpRow {
    pub stations: usize,
    pub counties: usize,
    /// The exact solver, end to end.
    pub ours: Measured,
    pub milp: MilpRun,
}

impl MilpRow {
    /// Whether both balance levels agree (relative 1e-6); `None` when the
    /// MILP did not finish optimal.
    pub fn agree(&self) -> Option<bool> {
        match &self.milp {
            MilpRun::Done {
                status,
                balance_level: Some(b),
                ..
            } if status == "optimal" => {
                let a = self.ours.balance_level()?;
                Some((a - b).abs() <= 1e-6 * a.abs().max(1.0))
            }
            _ => None,
        }
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
            let seconds = r.run.wall_s;
            if r.run.killed {
                MilpRun::Killed { seconds }
            } else {
                match r.figures {
                    Some(f) => MilpRun::Done {
                        seconds,
                        status: f.status,
                        balance_level: f.balance_level,
                    },
                    None => MilpRun::Failed {
                        seconds,
                        why: format!(
                            "{}: {}",
                            r.run.ending(),
                            r.run.stderr.lines().last().unwrap_or("").trim()
                        ),
                    },
                }
            }
        };
        if !matches!(&milp, MilpRun::Done { status, .. } if status == "optimal") {
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
