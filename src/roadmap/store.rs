//! A roadmap's folder on disk: the manifest, one progress record per
//! planned year, a plan folder per year, and the files built from them.
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
//! A year's plan folder is written (atomically, [`write_folder`]) before
//! its record, and a record is written to a temporary file and renamed, so
//! a record on disk always has its whole folder. `--resume` keeps the
//! records from the first year on whose fingerprint matches, restarts from
//! the force the last of them holds, and writes the same bytes as an
//! uninterrupted run (rows are stored as rendered). A new run over an old
//! roadmap folder removes only what the manifest says an earlier run wrote,
//! unchanged, and refuses (naming them) when anything else is there.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use super::ageing::Snapshot;
use crate::error::OutputError;
use crate::output::{
    check_inputs, leftover, remove_leftover, remove_output_folder, survey, Ownership,
};
use crate::sweep::store::{dead_temp_leaf, write_atomic};

/// The manifest.
pub const MANIFEST: &str = "roadmap.json";
/// Folder of the per-year records.
pub const YEARS_DIR: &str = "years";
/// Folder of the per-year plan folders.
pub const PLANS_DIR: &str = "plans";
/// The files built at the end of a run (charts are listed in the manifest).
pub const ROADMAP_CSV: &str = "roadmap.csv";
pub const COUNTIES_CSV: &str = "roadmap_counties.csv";
pub const SUMMARY_JSON: &str = "summary.json";
pub const REPORT_HTML: &str = "report.html";

/// A file the run wrote at the top of the folder, with its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    pub name: String,
    pub sha256: String,
}

/// The manifest of a roadmap folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub scenario: String,
    pub fingerprint: String,
    pub years: Vec<i32>,
    pub columns: Vec<String>,
    /// The top files of the last finished run.
    #[serde(default)]
    pub files: Vec<Listed>,
}

/// One planned year on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub year: i32,
    pub fingerprint: String,
    /// Its row of roadmap.csv, rendered.
    pub cells: Vec<String>,
    /// Its rows of roadmap_counties.csv, rendered.
    pub counties: Vec<Vec<String>>,
    /// The force after the year.
    pub state: Snapshot,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The record file of a year.
pub fn record_path(out: &Path, year: i32) -> PathBuf {
    out.join(YEARS_DIR).join(format!("{year}.json"))
}

/// The plan folder of a year.
pub fn plan_dir(out: &Path, year: i32) -> PathBuf {
    out.join(PLANS_DIR).join(year.to_string())
}

/// Writes a year's record (after its plan folder).
pub fn write_record(out: &Path, record: &Record) -> Result<(), OutputError> {
    let mut bytes = serde_json::to_vec(record).unwrap_or_default();
    bytes.push(b'\n');
    crate::sweep::store::write_file(&record_path(out, record.year), &bytes, false)
}

/// The records of the first years that are usable, in order: each parses,
/// has the run's fingerprint, its year, the right number of cells, and a
/// plan folder that is whole. Reading stops at the first year without one.
pub fn read_records(out: &Path, manifest: &Manifest, counties: usize) -> Vec<Record> {
    let mut found = Vec::new();
    for &year in &manifest.years {
        let Ok(bytes) = fs::read(record_path(out, year)) else {
            break;
        };
        let Ok(r) = serde_json::from_slice::<Record>(&bytes) else {
            break;
        };
        let ok = r.year == year
            && r.fingerprint == manifest.fingerprint
            && r.cells.len() == manifest.columns.len()
            && r.counties.len() == counties
            && r.state.year == year
            && r.state.state().is_some()
            && matches!(survey(&plan_dir(out, year)), Ok(Ownership::Own(_)));
        if !ok {
            break;
        }
        found.push(r);
    }
    found
}

pub(crate) fn read_manifest(dir: &Path) -> Option<Manifest> {
    serde_json::from_slice(&fs::read(dir.join(MANIFEST)).ok()?).ok()
}

/// Writes the manifest.
pub fn write_manifest(out: &Path, manifest: &Manifest) -> Result<(), OutputError> {
    let mut bytes = serde_json::to_vec_pretty(manifest).unwrap_or_default();
    bytes.push(b'\n');
    write_atomic(&out.join(MANIFEST), &bytes)
}

/// SHA-256 of bytes, as hex.
pub fn sha(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The top files a manifest lists that are present but changed, and any
/// other entry of the folder that is not the roadmap's.
fn foreign_and_changed(
    out: &Path,
    manifest: &Manifest,
) -> Result<(Vec<String>, Vec<String>), OutputError> {
    let mut foreign = Vec::new();
    let mut changed = Vec::new();
    let mut names: Vec<(String, PathBuf, bool)> = Vec::new();
    for e in fs::read_dir(out).map_err(io(out))? {
        let e = e.map_err(io(out))?;
        names.push((
            e.file_name().to_string_lossy().to_string(),
            e.path(),
            e.file_type().is_ok_and(|t| t.is_dir()),
        ));
    }
    names.sort();
    for (name, path, is_dir) in names {
        if name == MANIFEST || ((name == YEARS_DIR || name == PLANS_DIR) && is_dir) {
            continue;
        }
        if is_dead_temp(&name) {
            continue;
        }
        match manifest.files.iter().find(|f| f.name == name) {
            Some(listed) if !is_dir => {
                let same = fs::read(&path).is_ok_and(|b| sha(&b) == listed.sha256);
                if !same {
                    changed.push(name);
                }
            }
            _ => foreign.push(if is_dir { format!("{name}/") } else { name }),
        }
    }
    Ok((foreign, changed))
}

/// Whether `name` is the temporary file of an atomic write by a process
/// that is gone (`.<file>.tmp-<pid>`).
fn is_dead_temp(name: &str) -> bool {
    dead_temp_leaf(name).is_some()
}

/// Removes the temporary files of atomic record writes that a killed run
/// left in `dir` (`.<year>.json.tmp-<pid>` of a process that is gone), so
/// a resumed run ends with the same files as one never interrupted.
fn remove_dead_temps(dir: &Path) -> Result<(), OutputError> {
    if !dir.is_dir() {
        return Ok(());
    }
    for e in fs::read_dir(dir).map_err(io(dir))?.flatten() {
        if is_dead_temp(&e.file_name().to_string_lossy()) {
            let path = e.path();
            fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    Ok(())
}

/// Makes `out` ready for a run: new or empty; or a roadmap folder, which is
/// cleared of an earlier run (unless resuming a run with the same
/// fingerprint, whose records are kept). Refuses a folder holding files
/// the roadmap did not write, changed files, or an input of the run.
pub fn ready_folder(
    out: &Path,
    fresh: &Manifest,
    resume: bool,
    inputs: &[PathBuf],
) -> Result<Option<Manifest>, OutputError> {
    if out.exists() {
        let meta = fs::symlink_metadata(out).map_err(io(out))?;
        if !meta.is_dir() {
            return Err(OutputError::Unsafe(format!(
                "`{}` exists and is not a folder; choose another --out",
                out.display()
            )));
        }
        let empty = fs::read_dir(out).map_err(io(out))?.next().is_none();
        if !empty {
            for part in [YEARS_DIR, PLANS_DIR] {
                check_inputs(&out.join(part), inputs)?;
            }
            check_inputs(out, inputs)?;
            let Some(old) = read_manifest(out) else {
                return Err(OutputError::Unsafe(format!(
                    "`{}` holds files that are not a staffing roadmap (no {MANIFEST}); choose an empty or new folder for --out",
                    out.display()
                )));
            };
            let (foreign, changed) = foreign_and_changed(out, &old)?;
            if !foreign.is_empty() || !changed.is_empty() {
                return Err(OutputError::NotOurs {
                    dir: out.to_path_buf(),
                    marked: true,
                    foreign,
                    changed,
                });
            }
            if resume && old.fingerprint == fresh.fingerprint {
                remove_dead_temps(&out.join(YEARS_DIR))?;
                return Ok(Some(old));
            }
            if resume {
                return Err(OutputError::Unsafe(format!(
                    "`{}` holds a different roadmap (the scenario, data, mode or options changed); run without --resume to start over, or choose another --out",
                    out.display()
                )));
            }
            clear(out, &old)?;
        }
    }
    fs::create_dir_all(out.join(YEARS_DIR)).map_err(io(out))?;
    fs::create_dir_all(out.join(PLANS_DIR)).map_err(io(out))?;
    write_manifest(out, fresh)?;
    Ok(None)
}

/// Removes an earlier run: its records, its plan folders (only when whole
/// and unchanged), its listed top files. Refuses before removing anything
/// when something else is in `years/` or `plans/`.
fn clear(out: &Path, old: &Manifest) -> Result<(), OutputError> {
    let mut foreign = Vec::new();
    let mut changed = Vec::new();
    let mut records = Vec::new();
    let mut folders = Vec::new();
    let mut leftovers = Vec::new();
    let years = out.join(YEARS_DIR);
    if years.is_dir() {
        let mut names: Vec<_> = fs::read_dir(&years)
            .map_err(io(&years))?
            .flatten()
            .collect();
        names.sort_by_key(|e| e.file_name());
        for e in names {
            let name = e.file_name().to_string_lossy().to_string();
            let path = e.path();
            let is_record = name
                .strip_suffix(".json")
                .and_then(|y| y.parse::<i32>().ok())
                .is_some()
                && fs::read(&path).is_ok_and(|b| serde_json::from_slice::<Record>(&b).is_ok());
            if is_record || is_dead_temp(&name) {
                records.push(path);
            } else {
                foreign.push(format!("{YEARS_DIR}/{name}"));
            }
        }
    }
    let plans = out.join(PLANS_DIR);
    if plans.is_dir() {
        let mut names: Vec<_> = fs::read_dir(&plans)
            .map_err(io(&plans))?
            .flatten()
            .collect();
        names.sort_by_key(|e| e.file_name());
        for e in names {
            let name = e.file_name().to_string_lossy().to_string();
            let path = e.path();
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && name.parse::<i32>().is_ok() {
                match survey(&path)? {
                    Ownership::Empty | Ownership::Own(_) => folders.push(path),
                    Ownership::Blocked(b) => {
                        foreign.extend(b.foreign.iter().map(|f| format!("{PLANS_DIR}/{name}/{f}")));
                        changed.extend(b.changed.iter().map(|f| format!("{PLANS_DIR}/{name}/{f}")));
                    }
                }
            } else if leftover(&plans, &name) {
                leftovers.push(path);
            } else {
                foreign.push(format!(
                    "{PLANS_DIR}/{name}{}",
                    if is_dir { "/" } else { "" }
                ));
            }
        }
    }
    if !foreign.is_empty() || !changed.is_empty() {
        return Err(OutputError::NotOurs {
            dir: out.to_path_buf(),
            marked: true,
            foreign,
            changed,
        });
    }
    for r in records {
        fs::remove_file(&r).map_err(io(&r))?;
    }
    for l in leftovers {
        remove_leftover(&l);
    }
    for f in folders {
        remove_output_folder(&f)?;
    }
    for listed in &old.files {
        let path = out.join(&listed.name);
        if path.is_file() {
            fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    // Temporary files of dead atomic writes.
    if let Ok(all) = fs::read_dir(out) {
        for e in all.flatten() {
            if is_dead_temp(&e.file_name().to_string_lossy()) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    Ok(())
}

/// Writes the top files of a run atomically and lists them in the
/// manifest; files an earlier run listed and this one does not write are
/// removed.
pub fn write_top(
    out: &Path,
    manifest: &mut Manifest,
    files: &[crate::output::OutputFile],
) -> Result<(), OutputError> {
    for f in files {
        write_atomic(&out.join(&f.name), &f.bytes)?;
    }
    let listed: Vec<Listed> = files
        .iter()
        .map(|f| Listed {
            name: f.name.clone(),
            sha256: sha(&f.bytes),
        })
        .collect();
    for old in &manifest.files {
        if !listed.iter().any(|l| l.name == old.name) {
            let path = out.join(&old.name);
            let same = fs::read(&path).is_ok_and(|b| sha(&b) == old.sha256);
            if same {
                let _ = fs::remove_file(&path);
            }
        }
    }
    manifest.files = listed;
    write_manifest(out, manifest)
}
