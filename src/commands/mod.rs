//! One module per subcommand, and the mapping from errors to exit codes.

mod bench;
mod bench_sweep;
mod check;
mod completions;
mod error_text;
mod generate;
mod generated;
mod library_words;
mod man;
mod merge;
mod no_plan_words;
mod roadmap;
mod serve;
mod solve;
mod sweep;
mod terminal;

pub use error_text::error_text;
pub use terminal::error_lang;

use std::process::ExitCode;

use staffing::error::exit::{BAD_INPUT, INFEASIBLE, INTERNAL, INTERRUPTED, NO_PLAN_IN_TIME};
use staffing::error::{InputError, OutputError, Warning};
use staffing::messages;
use staffing::model::milp::MilpError;
use staffing::pipeline::SolveError;
use staffing::report::Lang;
use staffing::sweep::SweepError;

use crate::cli::{Cli, Command};
use crate::commands::terminal::eprintln_safe;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let global = cli.global;
    match cli.command {
        Command::Solve(args) => solve::run(args, global),
        Command::Check(args) => check::run(args, global),
        Command::Sweep(args) => sweep::run(args, global),
        Command::Roadmap(args) => roadmap::run(args, global),
        Command::Merge(args) => merge::run(args, global),
        Command::BenchSweep(args) => bench_sweep::run(args, global),
        Command::Serve(args) => serve::run(args, global),
        Command::Generate(args) => generate::run(args, global),
        Command::Bench(args) => bench::run(args, global),
        Command::Completions(args) => completions::run(args, global),
        Command::Man(args) => man::run(args, global),
    }
}

/// How many data warnings are printed; the rest are counted (all of them
/// are in `summary.json`).
const SHOWN_WARNINGS: usize = 20;

/// Prints the data's warnings on stderr in `lang` (at most
/// [`SHOWN_WARNINGS`], then a count), or, with `--strict`, returns them as
/// one error (exit 2).
pub fn data_warnings(warnings: &[Warning], strict: bool, lang: Lang) -> anyhow::Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let n = warnings.len();
    if strict {
        let errors = warnings.iter().map(Warning::to_error).collect();
        return Err(match InputError::collect(errors) {
            Err(e) => anyhow::Error::new(e),
            Ok(()) => anyhow::anyhow!(messages::warnings_count(
                lang,
                n,
                if n == 1 { "" } else { "s" }
            )),
        }
        .context(messages::strict_warnings(lang, n)));
    }
    eprintln_safe!("{}", messages::warnings_header(lang, n));
    for w in warnings.iter().take(SHOWN_WARNINGS) {
        eprintln_safe!("  - {}", w.text(lang == Lang::Zh));
    }
    if n > SHOWN_WARNINGS {
        eprintln_safe!("{}", messages::warnings_more(lang, n - SHOWN_WARNINGS));
    }
    Ok(())
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
                SweepError::Interrupted { .. } => INTERRUPTED,
                _ => BAD_INPUT,
            };
        }
        if let Some(e) = cause.downcast_ref::<staffing::serve::ServeError>() {
            use staffing::serve::ServeError;
            return match e {
                ServeError::Scenario(_) => BAD_INPUT,
                _ => INTERNAL,
            };
        }
        if let Some(e) = cause.downcast_ref::<SolveError>() {
            return match e {
                SolveError::Infeasible(_) => INFEASIBLE,
                SolveError::Milp(MilpError::NoPlanInTime { .. }) => NO_PLAN_IN_TIME,
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
