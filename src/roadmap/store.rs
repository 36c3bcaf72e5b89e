//! A roadmap's folder on disk: a run folder ([`crate::output::run`]) with
//! the manifest, one progress record per planned year, a plan folder per
//! year, and the files built from them.
//!
//! ```text
//! OUT/roadmap.json          the manifest: the run's fingerprint (scenario,
//!                           data, mode, options), its columns, and the
//!                           files below with their SHA-256
//! OUT/years/2025.json       one record per planned year: its rows, and the
//!                           force after it (to resume from)
//! OUT/plans/2025/           the year's plan, the files a solve writes
//! OUT/roadmap.csv, roadmap_counties.csv, summary.json, report.html, charts
//! ```
//!
//! A year's plan folder is written (atomically) before its record, and a
//! record is written to a temporary file and renamed, so a record on disk
//! always has its whole folder. `--resume` keeps the records from the first
//! year on that pass their check against this run ([`read_records`]),
//! restarts from the force the last of them holds, and writes the same
//! bytes as an uninterrupted run (rows are stored as rendered). A new run
//! over an old roadmap folder removes only what the manifest says an
//! earlier run wrote, unchanged, and refuses (naming them) when anything
//! else is there.

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use super::ageing::Snapshot;
pub use crate::output::run::{sha, Listed};
use crate::output::run::{Layout, RunHead};
use crate::output::{survey, Ownership};

/// The manifest.
pub const MANIFEST: &str = "roadmap.json";
/// Folder of the per-year records.
pub const YEARS_DIR: &str = "years";
/// Folder of the per-year plan folders.
pub const PLANS_DIR: &str = "plans";
/// The files built at the end of a run (charts are listed in the manifest).
pub const ROADMAP_CSV: &str = "roadmap.csv";
/// The county rows of every planned year, one per county and year.
pub const COUNTIES_CSV: &str = "roadmap_counties.csv";
/// The roadmap's summary ([`super::summary::RoadmapSummary`]), as JSON.
pub const SUMMARY_JSON: &str = "summary.json";
/// The roadmap's report page, in the run's language.
pub const REPORT_HTML: &str = "report.html";

/// The manifest of a roadmap folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The manifest fields every run folder holds: tool, scenario, fingerprint, columns, files.
    #[serde(flatten)]
    pub head: RunHead,
    /// Every year the run plans, `start_year` first (planned or not yet).
    pub years: Vec<i32>,
}

/// One planned year on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The calendar year the record is for (its file is `years/<year>.json`).
    pub year: i32,
    /// The run's fingerprint; a record with another is not resumed from.
    pub fingerprint: String,
    /// Its row of roadmap.csv, rendered.
    pub cells: Vec<String>,
    /// Its rows of roadmap_counties.csv, rendered.
    pub counties: Vec<Vec<String>>,
    /// The force after the year.
    pub state: Snapshot,
}

/// Whether `name` is a year: an optional minus sign and digits that fit
/// an `i32`.
fn is_year(name: &str) -> bool {
    let digits = name.strip_prefix('-').unwrap_or(name);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && name.parse::<i32>().is_ok()
}

crate::run_kind! {
    /// The roadmap kind of run folder.
    Roadmap, RoadmapFolder, Manifest, Record,
    Layout {
        kind: "roadmap", manifest: MANIFEST, records: YEARS_DIR, plans: PLANS_DIR,
        record_name: |name| name.strip_suffix(".json").is_some_and(is_year),
        // The force of a nation of stations, cell by cell.
        record_max_bytes: 512 << 20,
        plan_name: is_year,
        folders: &[],
    }
}

/// The record file name of a year.
pub fn record_name(year: i32) -> String {
    format!("{year}.json")
}

/// What a kept record must match: the run's manifest and the shape of the
/// province.
#[derive(Debug, Clone, Copy)]
pub struct RecordCheck<'a> {
    /// The run's manifest: the fingerprint and columns a record must have.
    pub manifest: &'a Manifest,
    /// Stations in the province: a record's force must have as many.
    pub stations: usize,
    /// Counties in the province: county rows a record must have.
    pub counties: usize,
}

/// Reads one year's record and checks it against the run: it parses, has
/// the run's fingerprint, its year (in its name too), one cell per column,
/// one row per county, and a force of the province's shape (as many
/// stations and counties, whole cells) and size
/// ([`super::trust::bounded`]). What it must agree with beyond itself is
/// checked when the records are chained ([`super::trust::trusted`]).
pub fn parse_record(name: &str, bytes: &[u8], check: &RecordCheck) -> Result<Record, String> {
    let r: Record = serde_json::from_slice(bytes)
        .map_err(|e| format!("is not a readable progress record ({e})"))?;
    let m = check.manifest;
    if r.fingerprint != m.head.fingerprint {
        return Err("belongs to a different roadmap (its fingerprint differs)".into());
    }
    if name != record_name(r.year) || r.state.year != r.year {
        return Err(format!(
            "names year {}, which does not match its file name",
            r.year
        ));
    }
    if r.cells.len() != m.head.columns.len() {
        return Err(format!(
            "has {} cells, but the roadmap has {} columns",
            r.cells.len(),
            m.head.columns.len()
        ));
    }
    if r.counties.len() != check.counties {
        return Err(format!(
            "has {} county rows, but the province has {} counties",
            r.counties.len(),
            check.counties
        ));
    }
    if r.state.stations.len() != check.stations || r.state.counties.len() != check.counties {
        return Err(format!(
            "holds the force of {} stations in {} counties, but the province has {} in {}",
            r.state.stations.len(),
            r.state.counties.len(),
            check.stations,
            check.counties
        ));
    }
    super::trust::bounded(
        &r.state,
        m.years.first().copied().unwrap_or(r.year),
        m.years.len(),
    )?;
    if r.state.state().is_none() {
        return Err(
            "holds a force that is not one (a cell repeated, or a count not above 0)".into(),
        );
    }
    Ok(r)
}

/// The records of the first years that are usable, in order: each passes
/// [`parse_record`] and has a plan folder that is whole. Reading stops at
/// the first year without one (that year and the rest are planned again).
pub fn read_records(folder: &RoadmapFolder, check: &RecordCheck) -> Vec<Record> {
    let out = folder.dir();
    let found = folder.read_records(|name, bytes| {
        let r = parse_record(name, bytes, check)?;
        if !matches!(survey(&plan_dir(out, r.year)), Ok(Ownership::Own(_))) {
            return Err("has no whole plan folder".into());
        }
        Ok(r)
    });
    let mut kept = Vec::new();
    for &year in &check.manifest.years {
        match found
            .valid
            .iter()
            .find(|(name, _)| *name == record_name(year))
        {
            Some((_, r)) => kept.push(r.clone()),
            None => break,
        }
    }
    kept
}

/// The plan folder name of a year.
pub fn plan_name(year: i32) -> String {
    year.to_string()
}

/// The plan folder of a year.
pub fn plan_dir(out: &Path, year: i32) -> std::path::PathBuf {
    out.join(PLANS_DIR).join(plan_name(year))
}
