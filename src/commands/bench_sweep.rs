//! `staffing bench-sweep`: time one sweep with several `--jobs` values, check
//! that every run's sweep.csv is byte-identical, and print the speed-ups.
//! Timings go to stdout only, never into output files.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use staffing::sweep::exec::{self, Options};

use crate::cli::BenchSweepArgs;

/// The sweep the benchmark runs when none is given.
pub const DEFAULT_BENCH: &str = "scenarios/bench-1000.toml";

pub fn run(args: BenchSweepArgs) -> anyhow::Result<ExitCode> {
    let path = args
        .scenario
        .unwrap_or_else(|| PathBuf::from(DEFAULT_BENCH));
    let started = Instant::now();
    let prep = exec::prepare(&path)
        .with_context(|| format!("reading sweep scenario {}", path.display()))?;
    println!(
        "bench-sweep {}: {} points, {} counties; scenario and data read once in {:.3} s",
        path.display(),
        prep.spec.points.len(),
        prep.county_ids.len(),
        started.elapsed().as_secs_f64()
    );
    let scratch = tempfile_dir(args.out)?;
    let mut first: Option<(usize, f64, Vec<u8>)> = None;
    for &jobs in &args.jobs {
        let out = scratch.join(format!("jobs-{jobs}"));
        let opts = Options {
            jobs: jobs.max(1),
            out: out.clone(),
            keep_plans: false,
            resume: false,
            shard: None,
            progress: false,
        };
        let t = Instant::now();
        let report = exec::run(&prep, &opts)?;
        let secs = t.elapsed().as_secs_f64();
        let bytes = std::fs::read(out.join(exec::SWEEP_CSV))?;
        let speedup = first.as_ref().map(|(_, s, _)| s / secs);
        println!(
            "  --jobs {jobs}: {secs:.2} s ({:.1} ms/point){}",
            1000.0 * secs / report.points.max(1) as f64,
            speedup.map_or(String::new(), |x| format!(
                ", {x:.2}x vs --jobs {}",
                first.as_ref().map_or(0, |f| f.0)
            ))
        );
        match &first {
            None => first = Some((jobs, secs, bytes)),
            Some((j, _, b)) => {
                if *b != bytes {
                    bail!("sweep.csv differs between --jobs {j} and --jobs {jobs}");
                }
            }
        }
    }
    println!(
        "  sweep.csv byte-identical across job counts; runs kept in {}",
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
