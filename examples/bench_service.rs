//! Benchmark: the requirement pass of the generated 40,000-station nation
//! (2,800 county bureaus, seed 1) under the hours method and under the
//! service standard (`method = "erlang-c"`, the issue's standard: 45 minutes
//! a call, 2-officer units, P(wait) ≤ 0.2, utilisation ≤ 0.6, the shipped
//! hourly profile), on one thread. The same figure is a section of
//! `staffing bench` (`study::bench::service`); this runs it alone.
//!
//! `cargo run --release --example bench_service -- [STATIONS] [RUNS]`
//! (default 40000 stations, 21 runs). Prints the medians and what erlang-c
//! adds.

use staffing::generate::{generate, GenSpec};
use staffing::study::bench::service::{issue_standard, requirement_pass};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let stations: usize = args.next().map_or(Ok(40_000), |s| s.parse())?;
    let runs: usize = args.next().map_or(Ok(21), |s| s.parse())?;
    let counties = (stations as f64 * 2800.0 / 40_000.0).round().max(1.0) as usize;
    let g = generate(GenSpec {
        counties,
        stations,
        seed: 1,
    })?;
    let dir = tempfile::tempdir()?;
    std::fs::write(dir.path().join("counties.csv"), &g.counties_csv)?;
    std::fs::write(dir.path().join("stations.csv"), &g.stations_csv)?;
    std::fs::write(dir.path().join("scenario.toml"), &g.scenario_toml)?;
    let loaded = staffing::pipeline::load(&dir.path().join("scenario.toml"))?;
    let standard = issue_standard();
    let t = requirement_pass(&loaded.province, &loaded.params, &standard, runs);
    println!(
        "{} stations, {} counties, median of {runs} runs:",
        t.stations,
        loaded.province.counties.len()
    );
    println!(
        "  requirement pass, hours method   {:>8.2} ms",
        t.hours_s * 1e3
    );
    println!(
        "  requirement pass, erlang-c       {:>8.2} ms",
        t.erlang_c_s * 1e3
    );
    println!(
        "  added by erlang-c                {:>8.2} ms",
        t.added_s() * 1e3
    );
    println!(
        "  Σ duty requirement (erlang-c)    {:>8.0} officers",
        t.erlang_c_duty
    );
    Ok(())
}
