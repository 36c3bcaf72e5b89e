//! `staffing sweep`: run every point of a scenario's `[sweep]` (or
//! `[sample]`) in parallel.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Context;
use staffing::sweep::exec::{self, Options};
use staffing::sweep::Shard;

use crate::cli::SweepArgs;

pub fn run(args: SweepArgs) -> anyhow::Result<ExitCode> {
    let prep = exec::prepare(&args.scenario)
        .with_context(|| format!("reading sweep scenario {}", args.scenario.display()))?;
    let shard = match &args.shard {
        None => None,
        Some(s) => Some(
            Shard::parse(s)
                .map_err(|message| staffing::sweep::SweepError::Spec {
                    file: args.scenario.clone(),
                    message: format!("--shard {message}"),
                })
                .context("reading --shard")?,
        ),
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if jobs == 0 {
        return Err(staffing::sweep::SweepError::Spec {
            file: args.scenario.clone(),
            message: "--jobs 0: give at least 1 worker".into(),
        }
        .into());
    }
    let out = args.out.clone().unwrap_or_else(|| exec::default_out(&prep));
    let opts = Options {
        jobs,
        out: out.clone(),
        keep_plans: args.keep_plans,
        resume: args.resume,
        shard,
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    let report = exec::run(&prep, &opts)
        .with_context(|| format!("running the sweep into {}", out.display()))?;
    let statuses: Vec<String> = report
        .statuses
        .iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let scope = match shard {
        Some(s) => format!(
            " (shard {}/{}: {} points)",
            s.index, s.count, report.selected
        ),
        None => String::new(),
    };
    println!(
        "sweep {}: {} points{scope}; {} solved now, {} already done; {}",
        prep.name,
        report.points,
        report.solved,
        report.reused,
        statuses.join(", ")
    );
    if !report.unusable.is_empty() {
        println!(
            "  {} progress records could not be used, so their points were solved again:",
            report.unusable.len()
        );
        for u in report.unusable.iter().take(10) {
            println!(
                "    {}/{} {}",
                staffing::sweep::store::POINTS_DIR,
                u.file,
                u.problem
            );
        }
        if report.unusable.len() > 10 {
            println!("    and {} more", report.unusable.len() - 10);
        }
    }
    match &report.csv {
        Some(path) => println!("  wrote {} with report.html and charts beside it", path.display()),
        None => println!(
            "  wrote the shard's points to {}; join the shards with `staffing merge DIR... --out DIR`",
            out.display()
        ),
    }
    if let Some(sample) = prep.sample_summary() {
        match (&sample.robust, sample.envelope_level) {
            (Some(target), Some(level)) => println!(
                "  robust plan ({target}): envelope level {level:.4}, {} officers moved; in {}",
                sample.officers_moved.unwrap_or(0),
                out.join(staffing::sweep::store::ROBUST_DIR).display()
            ),
            _ => println!(
                "  no robust plan: {}",
                sample.robust_note.as_deref().unwrap_or("none asked for")
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}
