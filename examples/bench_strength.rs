//! Benchmark: the cost of planning on real strength. Solves the books-only
//! province and the same province with the real-strength columns, in
//! process on one thread, interleaved, and prints the medians and the
//! fastest runs ([`staffing::study::bench::features`]).
//!
//! `cargo run --release --example bench_strength -- [PAPER] [REAL] [RUNS]`
//! (default `scenarios/baseline.toml`, `scenarios/real-strength.toml`, 101
//! runs).

use std::path::PathBuf;

use staffing::pipeline;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let paper = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "scenarios/baseline.toml".into()),
    );
    let real = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "scenarios/real-strength.toml".into()),
    );
    let runs: usize = args.next().map_or(Ok(101), |s| s.parse())?;
    let a = pipeline::load(&paper)?;
    let b = pipeline::load(&real)?;
    let t = staffing::study::bench::features::measure(&a, &b, runs)?;
    println!(
        "{} stations, {} runs each (solve, check and figures): books only ({}) median {:.2} ms, fastest {:.2} ms; with real strength ({}) median {:.2} ms, fastest {:.2} ms: {:+.1}% (medians), {:+.1}% (fastest)",
        a.province.stations.len(),
        t.runs,
        paper.display(),
        t.paper * 1e3,
        t.paper_fastest * 1e3,
        real.display(),
        t.real * 1e3,
        t.real_fastest * 1e3,
        t.overhead() * 100.0,
        t.overhead_fastest() * 100.0
    );
    Ok(())
}
