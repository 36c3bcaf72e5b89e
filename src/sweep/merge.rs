//! Joining the shard folders of one sweep (`staffing merge`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::page::report_files;
use super::store::{
    read_manifest, read_records, Manifest, Record, RecordCheck, SweepFolder, MANIFEST, POINTS_DIR,
    ROBUST_DIR, SWEEP_CSV,
};
use super::table::sweep_csv;
use super::SweepError;
use crate::output::{read_folder, write_folder, OutputFile};
use crate::report::Lang;

/// Joins shard folders of one sweep into `out/sweep.csv` (and a manifest),
/// byte-identical to a single-machine run. Every point must be present; a
/// point found twice must have the same row.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<PathBuf, SweepError> {
    let folder_err = |dir: &Path, message: String| SweepError::Folder {
        dir: dir.to_path_buf(),
        message,
    };
    let mut first: Option<Manifest> = None;
    let mut all: BTreeMap<usize, Record> = BTreeMap::new();
    let mut unusable: Vec<String> = Vec::new();
    for dir in dirs {
        let m = read_manifest(dir)?.ok_or_else(|| {
            folder_err(
                dir,
                format!("has no {MANIFEST}; is it a staffing sweep folder?"),
            )
        })?;
        if let Some(f) = &first {
            if let Some(why) = foreign(f, &dirs[0], &m) {
                return Err(folder_err(
                    dir,
                    format!(
                        "is not a shard of the same sweep as {}: {why}; nothing was written. Merge only the shards of one run",
                        dirs[0].display()
                    ),
                ));
            }
        }
        let records = read_records(
            dir,
            &RecordCheck {
                fingerprint: &m.head.fingerprint,
                columns: m.head.columns.len(),
                points: m.points,
                values: None,
            },
        );
        unusable.extend(records.unusable.iter().map(|u| {
            format!(
                "{} {}",
                dir.join(POINTS_DIR).join(&u.file).display(),
                u.problem
            )
        }));
        for (i, r) in records.valid {
            if let Some(prev) = all.get(&i) {
                if prev.cells != r.cells {
                    return Err(folder_err(
                        dir,
                        format!("point {i} differs from the same point in another folder"),
                    ));
                }
            }
            all.insert(i, r);
        }
        first.get_or_insert(m);
    }
    let Some(m) = first else {
        return Err(folder_err(out, "no folders to merge".into()));
    };
    let missing: Vec<usize> = (0..m.points).filter(|i| !all.contains_key(i)).collect();
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(10).map(|i| i.to_string()).collect();
        return Err(folder_err(
            out,
            format!(
                "{} of {} points are missing (for example {}){}; run the missing shards (or --resume them) first",
                missing.len(),
                m.points,
                shown.join(", "),
                if unusable.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", and {} progress records cannot be used ({})",
                        unusable.len(),
                        unusable.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
                    )
                }
            ),
        ));
    }
    let rows: Vec<&Record> = all.values().collect();
    let path = out.join(SWEEP_CSV);
    let same_dir = dirs
        .iter()
        .any(|d| fs::canonicalize(d).ok() == fs::canonicalize(out).ok());
    let folder = SweepFolder::open(out)?;
    let mut merged = Manifest { shard: None, ..m };
    merged.head.files = Vec::new();
    if same_dir {
        // Merged into one of the shards: its manifest stays, and lists the
        // files written now.
        if let Some(shard) = folder.manifest()? {
            merged.head.files = shard.head.files;
            merged.shard = shard.shard;
        }
    } else {
        match folder.manifest()? {
            Some(existing) if existing.head.fingerprint != merged.head.fingerprint => {
                return Err(folder_err(
                    out,
                    "holds a different sweep; choose another --out".into(),
                ));
            }
            Some(existing) => merged.head.files = existing.head.files,
            None if out.exists()
                && fs::read_dir(out)
                    .map_err(|e| folder_err(out, e.to_string()))?
                    .next()
                    .is_some() =>
            {
                return Err(folder_err(
                    out,
                    format!("holds files that are not a staffing sweep (no {MANIFEST}); choose an empty or new folder"),
                ));
            }
            None => fs::create_dir_all(out).map_err(|e| folder_err(out, e.to_string()))?,
        }
        folder.write_manifest(&merged)?;
        // Every shard wrote the same robust plan (it depends on the scenario
        // and all the points, which every shard knows): take the first.
        if let Some(dir) = dirs.iter().find(|d| d.join(ROBUST_DIR).is_dir()) {
            let files = read_folder(&dir.join(ROBUST_DIR))?;
            write_folder(&out.join(ROBUST_DIR), &files, dirs)?;
        }
    }
    let cells: Vec<&[String]> = rows.iter().map(|r| r.cells.as_slice()).collect();
    let csv = sweep_csv(&merged.head.columns, &cells);
    let mut files = vec![OutputFile {
        name: SWEEP_CSV.into(),
        bytes: csv.clone(),
    }];
    files.extend(report_files(
        &merged.head.scenario,
        &csv,
        merged
            .lang
            .as_deref()
            .and_then(|l| l.parse().ok())
            .unwrap_or_else(|| Lang::of_text(&merged.head.scenario)),
        merged.sample.as_ref(),
        &merged.inputs,
    )?);
    folder.write_top(&mut merged, &files)?;
    Ok(path)
}

/// Why the shard of manifest `m` does not belong to the sweep of `first`,
/// the manifest of the folder `first_dir` (`None` when it does). Checked in
/// this order, so that the message names the first cause: the version of
/// staffing that wrote it, the scenario's name, its points and columns,
/// each input data file (by role and SHA-256, wherever the file was), and
/// last the fingerprint itself, which also covers every scenario setting
/// and `--set` override.
fn foreign(first: &Manifest, first_dir: &Path, m: &Manifest) -> Option<String> {
    let there = first_dir.display();
    if m.head.tool != first.head.tool {
        return Some(format!(
            "it was written by {}, {there} by {}; run every shard with one version",
            m.head.tool, first.head.tool
        ));
    }
    if m.head.scenario != first.head.scenario {
        return Some(format!(
            "it is a shard of scenario `{}`, {there} of `{}`",
            m.head.scenario, first.head.scenario
        ));
    }
    if m.points != first.points {
        return Some(format!(
            "it has {} points, {there} {}",
            m.points, first.points
        ));
    }
    if m.head.columns != first.head.columns {
        let none = String::from("(none)");
        let i = (0..)
            .find(|&i| m.head.columns.get(i) != first.head.columns.get(i))
            .unwrap_or(0);
        return Some(format!(
            "its column {} is `{}`, in {there} `{}`",
            i + 1,
            m.head.columns.get(i).unwrap_or(&none),
            first.head.columns.get(i).unwrap_or(&none)
        ));
    }
    for d in &m.inputs {
        if let Some(f) = first.inputs.iter().find(|f| f.role == d.role) {
            if f.sha256 != d.sha256 {
                return Some(format!(
                    "its {} data differ: {} has SHA-256 {}…, {there} read {} with {}…",
                    d.role,
                    d.path,
                    short(&d.sha256),
                    f.path,
                    short(&f.sha256)
                ));
            }
        }
    }
    (m.head.fingerprint != first.head.fingerprint).then(|| {
        format!("its scenario differs from the one of {there} (a setting or a --set override; the fingerprints in their {MANIFEST} differ)")
    })
}

/// The first 12 hex digits of a SHA-256, enough to tell files apart.
fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}
