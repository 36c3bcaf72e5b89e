//! `staffing generate`: write a synthetic instance in the data contract.

use std::process::ExitCode;

use anyhow::Context;
use staffing::generate::{generate, GenSpec};

use crate::cli::GenerateArgs;

pub fn run(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let spec = GenSpec {
        counties: args.counties,
        stations: args.stations,
        seed: args.seed,
    };
    let generated = match generate(spec) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(super::BAD_INPUT));
        }
    };
    staffing::output::write_folder(&args.out, &generated.files())
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "wrote {} counties and {} stations (seed {}) to {}/ (scenario.toml, stations.csv, counties.csv)",
        spec.counties,
        spec.stations,
        spec.seed,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
