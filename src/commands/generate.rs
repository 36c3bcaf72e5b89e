//! `staffing generate`: write a synthetic instance in the data contract.
//!
//! The folder is data, not output: it gets no `.staffing-output` marker, so
//! no later `solve --out` can take it for its own. It is written only into a
//! new or empty folder; running the same command again (the same files, byte
//! for byte) changes nothing, and any other content is refused (exit 2).

use std::process::ExitCode;

use anyhow::Context;
use staffing::generate::{generate, GenSpec};
use staffing::output::{write_data_folder, DataWrite};

use crate::cli::{GenerateArgs, GlobalArgs};
use crate::commands::terminal::{eprintln_safe, println_safe};

pub fn run(args: GenerateArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let spec = GenSpec {
        counties: args.counties,
        stations: args.stations,
        seed: args.seed,
    };
    let generated = match generate(spec) {
        Ok(g) => g,
        Err(e) => {
            eprintln_safe!("error: {e}");
            return Ok(ExitCode::from(super::BAD_INPUT));
        }
    };
    let generated = if args.strength {
        match generated.with_strength(spec.seed) {
            Ok(g) => g,
            Err(e) => {
                eprintln_safe!("error: {e}");
                return Ok(ExitCode::from(super::BAD_INPUT));
            }
        }
    } else {
        generated
    };
    let generated = if args.ages {
        match generated.with_ages(spec.seed) {
            Ok(g) => g,
            Err(e) => {
                eprintln_safe!("error: {e}");
                return Ok(ExitCode::from(super::BAD_INPUT));
            }
        }
    } else {
        generated
    };
    let written = write_data_folder(&args.out, &generated.files())
        .with_context(|| format!("writing {}", args.out.display()))?;
    let what = format!(
        "{} counties and {} stations (seed {}{}{})",
        spec.counties,
        spec.stations,
        spec.seed,
        if args.strength {
            ", with real-strength columns"
        } else {
            ""
        },
        if args.ages { ", with age bands" } else { "" }
    );
    match written {
        _ if global.quiet => {}
        DataWrite::Written => println_safe!(
            "wrote {what} to {}/ (scenario.toml, stations.csv, counties.csv)",
            args.out.display()
        ),
        DataWrite::Unchanged => println_safe!(
            "{}/ already holds exactly these files ({what}); nothing was changed",
            args.out.display()
        ),
    }
    Ok(ExitCode::SUCCESS)
}
