//! `staffing bench-sweep`: time one sweep with several `--jobs` values, in
//! interleaved rounds, check that every run's sweep.csv is byte-identical,
//! and print the minimum and median wall time of each job count and the
//! speed-ups. Timings go to stdout only, never into output files.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use staffing::study::bench::child::{cpu_seconds, load_average};
use staffing::sweep::exec::{self, Options};

use crate::cli::{BenchSweepArgs, GlobalArgs};
use crate::commands::terminal::println_safe;

/// The sweep the benchmark runs when none is given.
pub const DEFAULT_BENCH: &str = "scenarios/bench-1000.toml";

/// A line of progress (the rounds, the load): not printed with `--quiet`,
/// which keeps only the summary, the measurement this command exists for.
macro_rules! progress {
    ($quiet:expr, $($arg:tt)*) => {
        if !$quiet {
            println_safe!($($arg)*);
        }
    };
}

/// Wall and CPU seconds of one run.
#[derive(Debug, Clone, Copy)]
struct Timing {
    wall: f64,
    cpu: Option<f64>,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

pub fn run(args: BenchSweepArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let quiet = global.quiet;
    let path = args
        .scenario
        .unwrap_or_else(|| PathBuf::from(DEFAULT_BENCH));
    let started = Instant::now();
    let prep = exec::prepare(&path)
        .with_context(|| format!("reading sweep scenario {}", path.display()))?;
    let points = prep.spec.points.len().max(1);
    progress!(
        quiet,
        "bench-sweep {}: {} points, {} counties; scenario and data read once in {:.3} s",
        path.display(),
        prep.spec.points.len(),
        prep.county_ids.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(load) = load_average() {
        progress!(quiet, "  load average before: {load}");
    }
    let scratch = tempfile_dir(args.out)?;
    let mut reference: Option<(usize, Vec<u8>)> = None;
    let mut timings: Vec<Vec<Timing>> = vec![Vec::new(); args.jobs.len()];
    for round in 1..=args.repeat {
        for (k, &jobs) in args.jobs.iter().enumerate() {
            let out = scratch.join(format!("jobs-{jobs}"));
            let opts = Options {
                jobs: jobs.max(1),
                out: out.clone(),
                keep_plans: false,
                resume: false,
                shard: None,
                progress: false,
                lang: None,
                stop: None,
            };
            let cpu0 = cpu_seconds();
            let t = Instant::now();
            exec::run(&prep, &opts)?;
            let wall = t.elapsed().as_secs_f64();
            let cpu = cpu0.zip(cpu_seconds()).map(|(a, b)| b - a);
            progress!(
                quiet,
                "  round {round}, --jobs {jobs}: {wall:.2} s wall ({:.1} ms/point){}",
                1000.0 * wall / points as f64,
                cpu.map_or(String::new(), |c| format!(", {c:.2} s CPU"))
            );
            timings[k].push(Timing { wall, cpu });
            let bytes = std::fs::read(out.join(staffing::sweep::store::SWEEP_CSV))?;
            match &reference {
                None => reference = Some((jobs, bytes)),
                Some((j, b)) => {
                    if *b != bytes {
                        bail!("sweep.csv differs between --jobs {j} and --jobs {jobs}");
                    }
                }
            }
        }
    }
    if let Some(load) = load_average() {
        progress!(quiet, "  load average after: {load}");
    }
    println_safe!(
        "  summary over {} round(s) ({} points):",
        args.repeat,
        points
    );
    let walls: Vec<Vec<f64>> = timings
        .iter()
        .map(|t| t.iter().map(|x| x.wall).collect())
        .collect();
    let base_min = walls[0].iter().copied().fold(f64::INFINITY, f64::min);
    let base_median = median(walls[0].clone());
    for (k, &jobs) in args.jobs.iter().enumerate() {
        let min = walls[k].iter().copied().fold(f64::INFINITY, f64::min);
        let med = median(walls[k].clone());
        let cpu: Vec<f64> = timings[k].iter().filter_map(|t| t.cpu).collect();
        println_safe!(
            "    --jobs {jobs}: min {min:.2} s, median {med:.2} s, {:.0} points/s (median){}{}",
            points as f64 / med,
            if cpu.is_empty() {
                String::new()
            } else {
                format!(", median CPU {:.2} s", median(cpu))
            },
            if k == 0 {
                String::new()
            } else {
                // Rounds pair runs a few seconds apart, so the median of the
                // per-round ratios is the least sensitive to a host whose
                // speed drifts.
                let paired = median(walls[0].iter().zip(&walls[k]).map(|(a, b)| a / b).collect());
                format!(
                    "; speed-up vs --jobs {}: {paired:.2}x (median of rounds), {:.2}x (min), {:.2}x (median)",
                    args.jobs[0],
                    base_min / min,
                    base_median / med
                )
            }
        );
    }
    println_safe!(
        "  sweep.csv byte-identical across every run and job count; last runs kept in {}",
        scratch.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn tempfile_dir(out: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let dir = out.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("staffing-bench-sweep-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
