//! One module per subcommand, and the mapping from errors to exit codes.

mod bench;
mod bench_sweep;
mod check;
mod generate;
mod merge;
mod solve;
mod sweep;

use std::process::ExitCode;

use staffing::error::{InputError, OutputError};
use staffing::pipeline::SolveError;

use crate::cli::{Cli, Command};

/// Exit code when valid input admits no plan.
pub const INFEASIBLE: u8 = 1;
/// Exit code for bad input or usage.
pub const BAD_INPUT: u8 = 2;
/// Exit code when a solver fails for reasons of its own.
pub const SOLVER_FAILED: u8 = 3;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Solve(args) => solve::run(args),
        Command::Check(args) => check::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Merge(args) => merge::run(args),
        Command::BenchSweep(args) => bench_sweep::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Bench(args) => bench::run(args),
    }
}

/// The exit code for an error that ended a command.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause.is::<InputError>()
            || cause.is::<OutputError>()
            || cause.is::<staffing::sweep::exec::SweepError>()
        {
            return BAD_INPUT;
        }
        if let Some(e) = cause.downcast_ref::<SolveError>() {
            return match e {
                SolveError::Infeasible(_) => INFEASIBLE,
                SolveError::Lever(e) if e.is_infeasible() => INFEASIBLE,
                SolveError::Lever(_) => BAD_INPUT,
                _ => SOLVER_FAILED,
            };
        }
    }
    BAD_INPUT
}
