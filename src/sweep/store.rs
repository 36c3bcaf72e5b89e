//! A sweep's folder on disk: the manifest `sweep.json`, one record per
//! finished point under `points/`, atomic writes, reading records back for
//! `--resume`, and clearing what an earlier run wrote (and nothing else).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Point, Shard, SweepError};
use crate::error::OutputError;
use crate::outcome::InputDigest;
use crate::output::{refusal, survey, Ownership};
use crate::sample::SampleSummary;

/// Manifest file of a sweep folder.
pub const MANIFEST: &str = "sweep.json";
/// The results table.
pub const SWEEP_CSV: &str = "sweep.csv";
/// Folder of per-point records.
pub const POINTS_DIR: &str = "points";
/// Folder of per-point plans (`--keep-plans`).
pub const PLANS_DIR: &str = "plans";

/// Folder of a sampled sweep's robust plan.
pub const ROBUST_DIR: &str = "robust";

/// This program and its version, as a manifest names them (`tool`). Part of
/// a sweep's fingerprint: records of another version are never mixed in.
pub const TOOL: &str = concat!("staffing ", env!("CARGO_PKG_VERSION"));

/// The manifest of a sweep folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub scenario: String,
    pub fingerprint: String,
    pub points: usize,
    pub columns: Vec<String>,
    pub shard: Option<Shard>,
    /// A sampled sweep's sampling and robust plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleSummary>,
    /// The data files the sweep read, with their SHA-256 (also in the
    /// fingerprint): `merge` names the one that differs between shards.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputDigest>,
}

/// One finished point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub point: usize,
    pub fingerprint: String,
    /// The CSV cells of the row, rendered.
    pub cells: Vec<String>,
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes a file atomically: a temporary file beside it, fsynced, renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_file(path, bytes, true)
}

/// Writes a file atomically (temporary file + rename); `sync` also fsyncs it
/// before the rename. The rename alone is atomic against the process being
/// killed; the fsync adds safety against power loss.
pub(crate) fn write_file(path: &Path, bytes: &[u8], sync: bool) -> Result<(), OutputError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let leaf = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{leaf}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp).map_err(io(&tmp))?;
        f.write_all(bytes).map_err(io(&tmp))?;
        if sync {
            f.sync_all().map_err(io(&tmp))?;
        }
        fs::rename(&tmp, path).map_err(io(path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

pub(crate) fn record_path(out: &Path, i: usize) -> PathBuf {
    out.join(POINTS_DIR).join(format!("{i:06}.json"))
}

/// What a progress record must hold to be used.
#[derive(Debug, Clone, Copy)]
pub struct RecordCheck<'a> {
    /// The sweep's fingerprint (its manifest's).
    pub fingerprint: &'a str,
    /// Cells in a row: the number of the manifest's columns.
    pub columns: usize,
    /// Points in the sweep.
    pub points: usize,
    /// The points themselves, when known: the parameter cells must then
    /// show the point's values.
    pub values: Option<&'a [Point]>,
}

/// A progress record that was found but cannot be used (its point is
/// solved again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// The record's file name in `points/`.
    pub file: String,
    pub problem: String,
}

/// The progress records of a folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    /// Usable records by point.
    pub valid: BTreeMap<usize, Record>,
    /// Records that were found and rejected, in file-name order.
    pub unusable: Vec<Unusable>,
}

/// A record larger than this is not one (a row of a sweep with thousands
/// of counties is still far below it).
const RECORD_MAX_BYTES: u64 = 16 << 20;

/// The point a record file name stands for: `NNNNNN.json` (at least six
/// digits).
fn record_index(name: &str) -> Option<usize> {
    let digits = name.strip_suffix(".json")?;
    if digits.len() < 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The file a temporary file of [`write_file`] was for (`.<leaf>.tmp-<pid>`
/// → `<leaf>`), when the process that wrote it is gone: a killed run's
/// leftover, safe to remove.
pub(crate) fn dead_temp_leaf(name: &str) -> Option<&str> {
    let (leaf, pid) = name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    pid.parse::<u32>()
        .is_ok_and(crate::output::process_gone)
        .then_some(leaf)
}

/// Whether `name` in `points/` is the temporary file of a record whose
/// process is gone (`.NNNNNN.json.tmp-<pid>`).
fn dead_record_temp(name: &str) -> bool {
    dead_temp_leaf(name).is_some_and(|record| record_index(record).is_some())
}

/// Reads one progress record named `name` and checks it against the sweep:
/// valid JSON of a [`Record`], its file name, point, fingerprint, exactly
/// one cell per column, the point number in the first cell, and (when the
/// points are known) the point's values in the parameter cells.
pub fn parse_record(name: &str, bytes: &[u8], check: &RecordCheck) -> Result<Record, String> {
    let r: Record = serde_json::from_slice(bytes)
        .map_err(|e| format!("is not a readable progress record ({e})"))?;
    if r.fingerprint != check.fingerprint {
        return Err("belongs to a different sweep (its fingerprint differs)".into());
    }
    if r.point >= check.points {
        return Err(format!(
            "names point {}, but the sweep has {} points",
            r.point, check.points
        ));
    }
    if name != format!("{:06}.json", r.point) {
        return Err(format!(
            "names point {}, which does not match its file name",
            r.point
        ));
    }
    if r.cells.len() != check.columns {
        return Err(format!(
            "has {} cells, but the sweep has {} columns",
            r.cells.len(),
            check.columns
        ));
    }
    if r.cells[0] != r.point.to_string() {
        return Err(format!(
            "its first cell is `{}`, not the point number {}",
            r.cells[0].escape_debug(),
            r.point
        ));
    }
    if let Some(point) = check.values.and_then(|v| v.get(r.point)) {
        let same = point
            .iter()
            .zip(&r.cells[1..])
            .all(|((_, v), cell)| *cell == format!("{v}"));
        if !same {
            return Err(format!(
                "its parameter cells do not show the values of point {}",
                r.point
            ));
        }
    }
    Ok(r)
}

/// Reads the progress records of a folder: those that pass
/// [`parse_record`] are usable, any other `NNNNNN.json` is listed as
/// unusable. Temporary files of dead runs are removed; nothing else is
/// touched.
pub fn read_records(dir: &Path, check: &RecordCheck) -> Records {
    let mut out = Records::default();
    let Ok(entries) = fs::read_dir(dir.join(POINTS_DIR)) else {
        return out;
    };
    let mut named: Vec<(String, PathBuf)> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().to_string(), e.path()))
        .collect();
    named.sort();
    for (name, path) in named {
        if dead_record_temp(&name) {
            // A temporary file a killed run left behind.
            let _ = fs::remove_file(&path);
            continue;
        }
        if record_index(&name).is_none() {
            continue;
        }
        let bytes = match fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() && m.len() <= RECORD_MAX_BYTES => {
                fs::read(&path).map_err(|e| format!("cannot be read ({e})"))
            }
            Ok(m) if m.is_file() => Err(format!("is too large ({} bytes)", m.len())),
            _ => Err("is not a file".to_string()),
        };
        match bytes.and_then(|b| parse_record(&name, &b, check)) {
            Ok(r) => {
                out.valid.insert(r.point, r);
            }
            Err(problem) => out.unusable.push(Unusable {
                file: name,
                problem,
            }),
        }
    }
    out
}

/// The files of an output folder as its marker lists them (as
/// [`write_folder`] wrote them), in name order. Refuses a folder without a
/// valid marker, or whose listed files are missing or changed; files the
/// marker does not list are not read.
pub(crate) fn read_folder(dir: &Path) -> Result<Vec<crate::output::OutputFile>, OutputError> {
    use crate::output::{refusal, survey, Blocked, Ownership};
    let marker = match survey(dir)? {
        Ownership::Own(marker) => marker,
        Ownership::Blocked(b) if b.marked && b.changed.is_empty() => {
            // Only files it did not list are in the way: they are not copied.
            match fs::read(dir.join(crate::output::MARKER))
                .ok()
                .and_then(|b| crate::output::Marker::parse(&b).ok())
            {
                Some(m) => m,
                None => return Err(refusal(dir, &b)),
            }
        }
        Ownership::Blocked(b) => return Err(refusal(dir, &b)),
        Ownership::Empty => {
            return Err(OutputError::Unsafe(format!(
                "`{}` is empty: the plan it should hold is missing; run that shard again",
                dir.display()
            )))
        }
    };
    let mut files = Vec::new();
    for listed in &marker.files {
        let path = dir.join(&listed.name);
        let bytes = fs::read(&path).map_err(|e| {
            OutputError::Unsafe(format!(
                "`{}` is listed in the folder's marker but cannot be read ({e}); run that shard again",
                path.display()
            ))
        })?;
        if format!("{:x}", Sha256::digest(&bytes)) != listed.sha256 {
            return Err(refusal(
                dir,
                &Blocked {
                    marked: true,
                    changed: vec![listed.name.clone()],
                    ..Blocked::default()
                },
            ));
        }
        files.push(crate::output::OutputFile {
            name: listed.name.clone(),
            bytes,
        });
    }
    Ok(files)
}

pub(crate) fn read_manifest(dir: &Path) -> Option<Manifest> {
    serde_json::from_slice(&fs::read(dir.join(MANIFEST)).ok()?).ok()
}

/// Removes what an earlier run of a sweep wrote under `out` — its progress
/// records, `plans/` folders, `robust/` and `sweep.csv` — and nothing else.
/// A record is the tool's if it parses as a record; a plan folder if its
/// marker lists every file in it, unchanged ([`survey`]). When anything
/// else is there, or an input of the sweep is among them, it refuses
/// before removing anything, naming the files.
pub(crate) fn clear_previous_run(out: &Path, inputs: &[PathBuf]) -> Result<(), SweepError> {
    use crate::output::{
        check_inputs, leftover, remove_leftover, remove_output_folder, MarkerProblem,
    };
    for part in [POINTS_DIR, PLANS_DIR, ROBUST_DIR, SWEEP_CSV] {
        check_inputs(&out.join(part), inputs)?;
    }
    let mut foreign: Vec<String> = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    let mut files = Vec::new();
    let mut leftovers = Vec::new();
    let mut folders = Vec::new();
    let mut emptied = Vec::new();
    let kind = |p: &Path| fs::symlink_metadata(p).ok().map(|m| m.file_type());
    let listing = |dir: &Path| -> Result<Vec<(String, PathBuf, bool)>, OutputError> {
        let mut v = Vec::new();
        for e in fs::read_dir(dir).map_err(io(dir))? {
            let e = e.map_err(io(dir))?;
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            v.push((
                e.file_name().to_string_lossy().to_string(),
                e.path(),
                is_dir,
            ));
        }
        v.sort();
        Ok(v)
    };
    let slash = |is_dir: bool| if is_dir { "/" } else { "" };
    let mut own_folder = |path: PathBuf,
                          shown: String,
                          foreign: &mut Vec<String>,
                          changed: &mut Vec<String>|
     -> Result<(), SweepError> {
        match survey(&path)? {
            Ownership::Empty | Ownership::Own(_) => folders.push(path),
            Ownership::Blocked(b) => {
                if matches!(b.marker, Some(MarkerProblem::Old | MarkerProblem::Newer(_))) {
                    return Err(refusal(&path, &b).into());
                }
                foreign.extend(b.foreign.iter().map(|f| format!("{shown}/{f}")));
                changed.extend(b.changed.iter().map(|f| format!("{shown}/{f}")));
            }
        }
        Ok(())
    };

    let points = out.join(POINTS_DIR);
    match kind(&points) {
        None => {}
        Some(k) if k.is_dir() => {
            for (name, path, is_dir) in listing(&points)? {
                let record = record_index(&name).is_some()
                    && fs::symlink_metadata(&path)
                        .is_ok_and(|m| m.is_file() && m.len() <= RECORD_MAX_BYTES)
                    && fs::read(&path).is_ok_and(|b| serde_json::from_slice::<Record>(&b).is_ok());
                if record || dead_record_temp(&name) {
                    files.push(path);
                } else {
                    foreign.push(format!("{POINTS_DIR}/{name}{}", slash(is_dir)));
                }
            }
            emptied.push(points);
        }
        Some(_) => foreign.push(POINTS_DIR.into()),
    }

    let plans = out.join(PLANS_DIR);
    match kind(&plans) {
        None => {}
        Some(k) if k.is_dir() => {
            for (name, path, is_dir) in listing(&plans)? {
                if is_dir && record_index(&format!("{name}.json")).is_some() {
                    own_folder(
                        path,
                        format!("{PLANS_DIR}/{name}"),
                        &mut foreign,
                        &mut changed,
                    )?;
                } else if leftover(&plans, &name) {
                    leftovers.push(path);
                } else {
                    foreign.push(format!("{PLANS_DIR}/{name}{}", slash(is_dir)));
                }
            }
            emptied.push(plans);
        }
        Some(_) => foreign.push(PLANS_DIR.into()),
    }

    let robust = out.join(ROBUST_DIR);
    match kind(&robust) {
        None => {}
        Some(k) if k.is_dir() => own_folder(robust, ROBUST_DIR.into(), &mut foreign, &mut changed)?,
        Some(_) => foreign.push(ROBUST_DIR.into()),
    }

    let csv = out.join(SWEEP_CSV);
    match kind(&csv) {
        None => {}
        Some(k) if k.is_file() => files.push(csv),
        Some(k) => foreign.push(format!("{SWEEP_CSV}{}", slash(k.is_dir()))),
    }

    if !foreign.is_empty() || !changed.is_empty() {
        return Err(OutputError::NotOurs {
            dir: out.to_path_buf(),
            marked: true,
            foreign,
            changed,
        }
        .into());
    }
    for f in &files {
        fs::remove_file(f).map_err(io(f))?;
    }
    for l in &leftovers {
        remove_leftover(l);
    }
    for f in &folders {
        remove_output_folder(f)?;
    }
    for d in &emptied {
        fs::remove_dir(d).map_err(io(d))?;
    }
    Ok(())
}
