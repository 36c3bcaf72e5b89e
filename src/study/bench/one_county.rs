//! One large county: the default command on one county of 10,000 and of
//! 100,000 identical stations (issue #27; smaller with a smaller
//! `--max-stations`). Every station of such a county
//! binds the balance level together, so any per-station pass over the whole
//! county (a county's bounds recomputed for each binding station, a
//! transfer list that rescans its sources for each line, a chart row per
//! binding station) shows here as time growing with the square of the
//! county. Targets: 100,000 stations in under 10 s of CPU, and within 10× the
//! CPU of 10,000.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::child::Cores;
use super::e2e::{measure_rounds, Charts, Measured, SolveCommand};
use super::{BenchError, Ctx};

/// The two sizes of the county for a bench whose nation has `max_stations`
/// stations: 10,000 and 100,000 for the default nation of 40,000 (2.5 times
/// the nation, and a tenth of that), smaller with a smaller nation.
pub fn sizes(max_stations: usize) -> [usize; 2] {
    let big = (max_stations.saturating_mul(5) / 2).max(10);
    [big / 10, big]
}

/// CPU seconds the larger county may take (judged at 100,000 stations).
pub const CPU_TARGET_S: f64 = 10.0;

/// The size the CPU target is set for.
pub const CPU_TARGET_STATIONS: usize = 100_000;

/// How much more CPU the larger county may take than the smaller.
pub const RATIO_TARGET: f64 = 10.0;

/// The measured runs of one size.
#[derive(Debug, Clone)]
pub struct OneCountyRow {
    /// Stations of the one county.
    pub stations: usize,
    /// The generated scenario file.
    pub scenario: PathBuf,
    /// The default command's runs on it.
    pub end_to_end: Measured,
}

/// The scenario of one county of `stations` identical rural stations
/// (9,000 residents, 9 villages, 200 calls, 10 officers of whom 4 community
/// officers, 4 auxiliaries) and a force of 12 officers a station, HQ
/// keeping one a station: every station needs the same, so all of them bind
/// together. The rows differ only in their id and name.
pub fn write_instance(dir: &Path, stations: usize) -> std::io::Result<PathBuf> {
    use std::fmt::Write;
    std::fs::create_dir_all(dir)?;
    let mut rows = String::from(
        "station_id,county_id,name,kind,population,villages,area_km2,calls,officers,community_officers,auxiliaries\n",
    );
    for i in 1..=stations {
        let _ = writeln!(rows, "S{i},C1,所{i},rural,9000,9,300,200,10,4,4");
    }
    std::fs::write(dir.join("stations.csv"), rows)?;
    std::fs::write(
        dir.join("counties.csv"),
        format!(
            "county_id,name,officers_total,hq_min\nC1,一县,{},{stations}\n",
            12 * stations
        ),
    )?;
    let scenario = dir.join("scenario.toml");
    std::fs::write(
        &scenario,
        format!(
            "name = \"one-county-{stations}\"\n\
             stations = \"stations.csv\"\n\
             counties = \"counties.csv\"\n\n\
             [workload]\n\
             hours_per_call = 1.5\n\
             officer_hours_per_year = 1800\n\
             reactive_share = 0.5\n\n\
             [workload.residents_per_community_officer]\n\
             urban = 5000\n\
             rural = 3000\n"
        ),
    )?;
    Ok(scenario)
}

/// Writes both instances and runs the default command on each, on one core,
/// `repeat` times in rounds.
pub fn one_county(ctx: &Ctx) -> Result<Vec<OneCountyRow>, BenchError> {
    let sizes = sizes(ctx.options.max_stations);
    let mut commands = Vec::new();
    for n in sizes {
        let dir = ctx.instances.join("one-county").join(format!("n{n}"));
        let scenario = write_instance(&dir, n).map_err(|source| BenchError::Io {
            path: dir.clone(),
            source,
        })?;
        commands.push((SolveCommand::new(&scenario, Charts::Default), Cores::One));
    }
    let measured = measure_rounds(ctx, &commands, Duration::from_secs(1200))?;
    Ok(sizes
        .iter()
        .zip(commands)
        .zip(measured)
        .map(|((&stations, (c, _)), end_to_end)| OneCountyRow {
            stations,
            scenario: c.scenario,
            end_to_end,
        })
        .collect())
}

/// The larger county's median CPU over the smaller's, if both were measured.
pub fn ratio(rows: &[OneCountyRow]) -> Option<f64> {
    let cpu = |r: Option<&OneCountyRow>| Some(r?.end_to_end.cpu()?.median);
    Some(cpu(rows.last())? / cpu(rows.first())?)
}

/// The targets, judged: (what, met). The CPU target holds only for a
/// county of 100,000 stations or fewer.
pub fn verdict(rows: &[OneCountyRow]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    if let (Some(big), Some(small)) = (rows.last(), rows.first()) {
        if let Some(cpu) = big.end_to_end.cpu() {
            if big.stations <= CPU_TARGET_STATIONS {
                out.push((
                    format!("{} stations < {CPU_TARGET_S} s CPU", big.stations),
                    cpu.median < CPU_TARGET_S,
                ));
            }
        }
        if let Some(r) = ratio(rows) {
            out.push((
                format!("≤ {RATIO_TARGET}× the CPU of {}", small.stations),
                r <= RATIO_TARGET,
            ));
        }
    }
    out
}
