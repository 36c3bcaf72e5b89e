//! One large county: the default command on one county of 10,000 and of
//! 100,000 identical stations (issue #27). Every station of such a county
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

/// The two sizes of the county.
pub const SIZES: [usize; 2] = [10_000, 100_000];

/// CPU seconds the larger county may take.
pub const CPU_TARGET_S: f64 = 10.0;

/// How much more CPU the larger county may take than the smaller.
pub const RATIO_TARGET: f64 = 10.0;

/// The measured runs of one size.
#[derive(Debug, Clone)]
pub struct OneCountyRow {
    pub stations: usize,
    pub scenario: PathBuf,
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
    let mut commands = Vec::new();
    for n in SIZES {
        let dir = ctx.instances.join("one-county").join(format!("n{n}"));
        let scenario = write_instance(&dir, n).map_err(|source| BenchError::Io {
            path: dir.clone(),
            source,
        })?;
        commands.push((SolveCommand::new(&scenario, Charts::Default), Cores::One));
    }
    let measured = measure_rounds(ctx, &commands, Duration::from_secs(1200))?;
    Ok(SIZES
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
    let cpu = |n: usize| {
        rows.iter()
            .find(|r| r.stations == n)
            .and_then(|r| r.end_to_end.cpu())
            .map(|s| s.median)
    };
    Some(cpu(SIZES[1])? / cpu(SIZES[0])?)
}

/// The targets, judged: (what, met).
pub fn verdict(rows: &[OneCountyRow]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let big = rows
        .iter()
        .find(|r| r.stations == SIZES[1])
        .and_then(|r| r.end_to_end.cpu());
    if let Some(cpu) = big {
        out.push((
            format!("{} stations < {CPU_TARGET_S} s CPU", SIZES[1]),
            cpu.median < CPU_TARGET_S,
        ));
    }
    if let Some(r) = ratio(rows) {
        out.push((
            format!("≤ {RATIO_TARGET}× the CPU of {}", SIZES[0]),
            r <= RATIO_TARGET,
        ));
    }
    out
}
