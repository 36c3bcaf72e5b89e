//! Benchmark: a scenario solved end to end (read, both phases, the
//! independent check, every output file including the explanations) with the
//! levers on, timed over repeated runs on one thread.
//!
//! `cargo run --release --example bench_levers -- [SCENARIO] [RUNS]`
//! (default `scenarios/levers-all.toml`, 20 runs). Prints the median and the
//! fastest wall-clock time, and the time of the solve alone.

use std::path::PathBuf;
use std::time::Instant;

use staffing::pipeline::{self as run, Engine};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let scenario = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "scenarios/levers-all.toml".into()),
    );
    let runs: usize = args.next().map_or(Ok(20), |s| s.parse())?;
    let out = tempfile::tempdir()?;
    let mut end_to_end = Vec::with_capacity(runs);
    let mut solve_only = Vec::with_capacity(runs);
    let mut level = None;
    for i in 0..runs {
        let started = Instant::now();
        let loaded = run::load(&scenario)?;
        let solving = Instant::now();
        let solution = run::solve(&loaded, Engine::Exact)?;
        solve_only.push(solving.elapsed().as_secs_f64());
        let files = solution.files(
            loaded.unmerged.as_deref(),
            &staffing::report::ReportOptions::new(),
        )?;
        staffing::output::write_folder(
            &out.path().join(i.to_string()),
            &files,
            &loaded.scenario.input_files(),
        )?;
        end_to_end.push(started.elapsed().as_secs_f64());
        level = solution.outcome.plan.balance_level;
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[0])
    };
    let (e_med, e_min) = median(&mut end_to_end);
    let (s_med, s_min) = median(&mut solve_only);
    println!(
        "{}: balance level {:?}; end to end (read, solve, check, write with explanations) median {:.3} s, fastest {:.3} s; solve + check median {:.3} s, fastest {:.3} s ({runs} runs)",
        scenario.display(),
        level,
        e_med,
        e_min,
        s_med,
        s_min
    );
    Ok(())
}
