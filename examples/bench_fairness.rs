//! Benchmark: the exact solve of a scenario under each balance target
//! (`province`, `standard`, `county`, `leximin`), timed on one thread, medians of
//! interleaved runs ([`staffing::study::bench::fairness::time_targets`]).
//!
//! `cargo run --release --example bench_fairness -- [SCENARIO] [RUNS]`
//! (default `scenarios/baseline.toml`, 15 runs).

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let scenario = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "scenarios/baseline.toml".into()),
    );
    let runs: usize = args.next().map_or(Ok(15), |s| s.parse())?;
    let loaded = staffing::pipeline::load(&scenario)?;
    let rows =
        staffing::study::bench::fairness::time_targets(&loaded.province, &loaded.params, runs)
            .map_err(anyhow::Error::msg)?;
    println!(
        "{} ({} stations, {runs} runs each):",
        scenario.display(),
        loaded.province.stations.len()
    );
    for r in rows {
        println!(
            "  {:<9} {:>9.4} s  ({:.2}× province)  {} officers moved, {}",
            r.target.as_str(),
            r.seconds,
            r.ratio,
            r.officers_moved,
            if r.optimal { "optimal" } else { "time_limit" }
        );
    }
    Ok(())
}
