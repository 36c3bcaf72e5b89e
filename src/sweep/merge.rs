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
            if f.head.fingerprint != m.head.fingerprint || f.head.columns != m.head.columns {
                return Err(folder_err(
                    dir,
                    format!(
                        "is a different sweep from {} (scenario, points or data differ)",
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
        Lang::of_text(&merged.head.scenario),
        merged.sample.as_ref(),
    )?);
    folder.write_top(&mut merged, &files)?;
    Ok(path)
}
