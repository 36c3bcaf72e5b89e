//! `staffing merge`: join the folders of a sharded sweep into one sweep.csv.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{GlobalArgs, MergeArgs};
use crate::commands::terminal::println_safe;

pub fn run(args: MergeArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let path = staffing::sweep::merge::merge(&args.dirs, &args.out)
        .with_context(|| format!("merging {} sweep folders", args.dirs.len()))?;
    if !global.quiet {
        println_safe!(
            "wrote {} with report.html and charts beside it",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
