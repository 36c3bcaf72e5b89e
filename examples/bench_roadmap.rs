//! Benchmark: the province's roadmaps as `staffing bench` times them
//! ([`staffing::study::bench::roadmap::measure`]): the five-year myopic
//! roadmap of `scenarios/roadmap.toml` and the same over ten years in
//! horizon mode, in process on all cores, every file but charts.
//!
//! `cargo run --release --example bench_roadmap -- [SCENARIO] [RUNS]`
//! (default `scenarios/roadmap.toml`, 5 runs).

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let scenario = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "scenarios/roadmap.toml".into()),
    );
    let runs: usize = args.next().map_or(Ok(5), |s| s.parse())?;
    let dir = tempfile::tempdir()?;
    let rows = staffing::study::bench::roadmap::measure(&scenario, dir.path(), runs, &|line| {
        eprintln!("{line}")
    })?;
    let section = staffing::study::bench::report::roadmap(&rows)?;
    print!("{}", section.markdown);
    Ok(())
}
