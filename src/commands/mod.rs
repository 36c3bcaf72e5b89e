//! One module per subcommand, and the mapping from errors to exit codes.

mod bench;
mod bench_sweep;
mod check;
mod generate;
mod merge;
mod roadmap;
mod solve;
mod sweep;

use std::process::ExitCode;

use staffing::error::exit::{BAD_INPUT, INFEASIBLE, INTERNAL};
use staffing::error::{InputError, OutputError};
use staffing::pipeline::SolveError;
use staffing::sweep::SweepError;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Solve(args) => solve::run(args),
        Command::Check(args) => check::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Roadmap(args) => roadmap::run(args),
        Command::Merge(args) => merge::run(args),
        Command::BenchSweep(args) => bench_sweep::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Bench(args) => bench::run(args),
    }
}

/// The exit code for an error that ended a command
/// ([`staffing::error::exit`]): the first typed error in the chain decides.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause.is::<InputError>() {
            return BAD_INPUT;
        }
        if let Some(e) = cause.downcast_ref::<OutputError>() {
            return e.exit_code();
        }
        if let Some(e) = cause.downcast_ref::<staffing::roadmap::RoadmapError>() {
            use staffing::roadmap::RoadmapError;
            return match e {
                RoadmapError::Input(_) => BAD_INPUT,
                RoadmapError::Infeasible { .. } => INFEASIBLE,
                RoadmapError::Output(e) => e.exit_code(),
                RoadmapError::Internal { .. } => INTERNAL,
            };
        }
        if let Some(e) = cause.downcast_ref::<SweepError>() {
            return match e {
                SweepError::Output(e) => e.exit_code(),
                _ => BAD_INPUT,
            };
        }
        if let Some(e) = cause.downcast_ref::<SolveError>() {
            return match e {
                SolveError::Infeasible(_) => INFEASIBLE,
                SolveError::Lever(e) if e.is_infeasible() => INFEASIBLE,
                SolveError::Lever(_) | SolveError::Unsupported(_) => BAD_INPUT,
                _ => INTERNAL,
            };
        }
        if let Some(e) = cause.downcast_ref::<staffing::study::bench::BenchError>() {
            use staffing::study::bench::BenchError;
            match e {
                BenchError::Output(e) => return e.exit_code(),
                BenchError::Chart(_) => return INTERNAL,
                // The chain goes on to the typed cause (an input, a solve).
                _ => {}
            }
        }
    }
    BAD_INPUT
}
