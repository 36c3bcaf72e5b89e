//! `staffing bench`: flags → [`Options`] → [`staffing::study::bench`] →
//! print. The measuring is in the library; see `docs/bench.md`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use staffing::report::Lang;
use staffing::study::bench::{self, Options, SectionName};

use crate::cli::{BenchArgs, GlobalArgs, LangArg};
use crate::commands::solve::DEFAULT_SCENARIO;
use crate::commands::terminal::{eprintln_safe, print_safe, println_safe};

fn lang(l: LangArg) -> Lang {
    Lang::from(l)
}

/// The sections to run, in report order: `--section`s, the default path
/// with --quick, else every section.
fn sections(args: &BenchArgs) -> Vec<SectionName> {
    let mut chosen: Vec<SectionName> = if args.quick {
        vec![SectionName::DefaultPath]
    } else if args.sections.is_empty() {
        SectionName::ALL.to_vec()
    } else {
        args.sections.iter().map(|&s| s.into()).collect()
    };
    chosen.sort();
    chosen.dedup();
    chosen
}

/// The output folder: `--out`, else `bench/` (`bench/quick/` with --quick,
/// `bench/NAME/` with --section NAME).
fn out_dir(args: &BenchArgs) -> PathBuf {
    match &args.out {
        Some(out) => out.clone(),
        None if args.quick => Path::new("bench").join("quick"),
        None if !args.sections.is_empty() => {
            let names: Vec<&str> = sections(args).iter().map(|s| s.name()).collect();
            Path::new("bench").join(names.join("+"))
        }
        None => PathBuf::from("bench"),
    }
}

/// A flag of one section, refused when that section does not run.
fn refuse_unused(
    flag: &str,
    given: bool,
    section: SectionName,
    chosen: &[SectionName],
) -> anyhow::Result<()> {
    if given && !chosen.contains(&section) {
        bail!(
            "{flag} is used only by the {} section, which this run leaves out; add --section {}",
            section.name(),
            section.name()
        );
    }
    Ok(())
}

/// The province to measure: `--province` (which must exist), else the
/// shipped baseline when it is there.
fn province(args: &BenchArgs) -> anyhow::Result<Option<PathBuf>> {
    match &args.province {
        Some(p) if p.exists() => Ok(Some(p.clone())),
        Some(p) => bail!("--province {}: no such file", p.display()),
        None if Path::new(DEFAULT_SCENARIO).exists() => Ok(Some(DEFAULT_SCENARIO.into())),
        None => {
            eprintln_safe!("note: {DEFAULT_SCENARIO} not found; the province rows are left out");
            Ok(None)
        }
    }
}

fn options(args: &BenchArgs) -> anyhow::Result<Options> {
    let chosen = sections(args);
    refuse_unused(
        "--milp-max",
        args.milp_max.is_some(),
        SectionName::Milp,
        &chosen,
    )?;
    refuse_unused(
        "--milp-time-limit",
        args.milp_time_limit.is_some(),
        SectionName::Milp,
        &chosen,
    )?;
    refuse_unused(
        "--points",
        args.points.is_some(),
        SectionName::Throughput,
        &chosen,
    )?;
    let milp_time_limit = args.milp_time_limit.unwrap_or(30.0);
    if !(milp_time_limit.is_finite() && milp_time_limit > 0.0) {
        bail!("--milp-time-limit {milp_time_limit}: give a positive number of seconds");
    }
    Ok(Options {
        exe: std::env::current_exe().context("finding the staffing executable")?,
        out: out_dir(args),
        province: province(args)?,
        max_stations: args.max_stations as usize,
        repeat: args.repeat as usize,
        milp_max: args.milp_max.unwrap_or(160),
        milp_time_limit,
        points: args.points.unwrap_or(400),
        seed: args.seed,
        lang: lang(args.lang),
        sections: chosen,
        command_line: std::env::args().collect::<Vec<_>>().join(" "),
    })
}

/// `--plot-only`: the chart of an existing `scaling.csv`, nothing measured.
fn plot_only(args: &BenchArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let out = out_dir(args);
    let figure = bench::redraw_chart(&out, lang(args.lang)).with_context(|| {
        format!(
            "redrawing the scaling chart (run `staffing bench --out {}` first)",
            out.display()
        )
    })?;
    if quiet {
        return Ok(ExitCode::SUCCESS);
    }
    println_safe!(
        "wrote {} and {} ({} generated instances)",
        out.join("scaling.svg").display(),
        out.join("scaling.png").display(),
        figure.points().len()
    );
    for (name, fit) in [
        ("solve time", figure.solve_fit()),
        ("end-to-end time", figure.total_fit()),
    ] {
        if let Some(fit) = fit {
            println_safe!("  {name} {}", fit.describe());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(args: BenchArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    if args.plot_only {
        return plot_only(&args, global.quiet);
    }
    let options = options(&args)?;
    let progress = |line: &str| {
        if !global.quiet {
            eprintln_safe!("{line}")
        }
    };
    let done = bench::run(&options, &progress)
        .with_context(|| format!("benchmarking into {}", options.out.display()))?;
    if global.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    print_safe!("{}", done.report);
    eprintln_safe!(
        "wrote {} in {}",
        done.files.join(", "),
        options.out.display()
    );
    for v in done.verdicts.iter().filter(|v| v.pass == Some(false)) {
        eprintln_safe!(
            "target missed: {} ({}), measured {}",
            v.target.describe(),
            v.target.what,
            v.measured.map_or("—".into(), |m| format!("{m:.3}"))
        );
    }
    Ok(ExitCode::SUCCESS)
}
