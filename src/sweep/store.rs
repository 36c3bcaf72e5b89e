//! A sweep's folder on disk: a run folder ([`crate::output::run`]) whose
//! manifest is `sweep.json`, with one record per finished point under
//! `points/`, a plan folder per point under `plans/` (`--keep-plans`), a
//! sampled sweep's `robust/` plan, and `sweep.csv` with its page at the
//! top. What is read back is checked against the sweep
//! ([`parse_record`]); the folder's rules are the run folder's.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Point, Shard};
use crate::outcome::InputDigest;
use crate::output::run::{self, Layout, RunHead};
pub use crate::output::run::{read_manifest as read_run_manifest, Unusable};
use crate::report::csv::{is_plain_number, neutralise};
use crate::report::Lang;
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
    /// What every run folder's manifest holds: tool, scenario name,
    /// fingerprint, `sweep.csv`'s columns, files written.
    #[serde(flatten)]
    pub head: RunHead,
    /// Points of the whole sweep (all shards).
    pub points: usize,
    /// The shard this folder ran (`None`: every point).
    pub shard: Option<Shard>,
    /// A sampled sweep's sampling and robust plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleSummary>,
    /// The data files the sweep read, with their SHA-256 (also in the
    /// fingerprint): `merge` names the one that differs between shards.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputDigest>,
    /// The language of the sweep's report (`zh`, `en`): `--lang`, else the
    /// data's; `merge` writes the joined report in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// One finished point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The point's index in the sweep, from 0.
    pub point: usize,
    /// The fingerprint of the sweep that solved it: `--resume` and `merge`
    /// use the record only when it is the sweep's.
    pub fingerprint: String,
    /// The CSV cells of the row, rendered.
    pub cells: Vec<String>,
}

crate::run_kind! {
    /// The sweep kind of run folder.
    Sweep, SweepFolder, Manifest, Record,
    Layout {
        kind: "sweep", manifest: MANIFEST, records: POINTS_DIR, plans: PLANS_DIR,
        record_name: |name| record_index(name).is_some(),
        // A row of a sweep with thousands of counties is still far below.
        record_max_bytes: 16 << 20,
        plan_name: |name| name.len() >= 6 && name.bytes().all(|b| b.is_ascii_digit()),
        folders: &[ROBUST_DIR],
    }
}

/// The record file name of point `i`: `NNNNNN.json`.
pub fn record_name(i: usize) -> String {
    format!("{i:06}.json")
}

/// The plan folder name of point `i`: `NNNNNN`.
pub fn plan_name(i: usize) -> String {
    format!("{i:06}")
}

/// The point a record file name stands for: `NNNNNN.json` (at least six
/// digits).
fn record_index(name: &str) -> Option<usize> {
    let digits = name.strip_suffix(".json")?;
    if digits.len() < 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Reads a sweep folder's manifest as untrusted input (`Ok(None)`: there
/// is none; an error: it is damaged).
pub fn read_manifest(dir: &Path) -> Result<Option<Manifest>, crate::error::OutputError> {
    read_run_manifest::<Sweep>(dir)
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

/// The progress records of a folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    /// Usable records by point.
    pub valid: BTreeMap<usize, Record>,
    /// Records that were found and rejected, in file-name order.
    pub unusable: Vec<UnusablePoint>,
}

/// A progress record found and not used: its file name in `points/` and why.
#[derive(Debug, Clone, PartialEq)]
pub struct UnusablePoint {
    /// The record's file name.
    pub file: String,
    /// Why it cannot be used.
    pub problem: PointProblem,
}

/// Why a point's progress record cannot be used: values, worded in the
/// planner's language by [`PointProblem::words`] (English is its
/// `Display`).
#[derive(Debug, Clone, PartialEq)]
pub enum PointProblem {
    /// The run folder's reader refused the file (not a regular file, too
    /// large, unreadable): its words.
    Folder(String),
    /// It is not a record (the JSON reader's words).
    Unreadable(String),
    /// It belongs to a different sweep.
    OtherSweep,
    /// It names a point the sweep does not have.
    OutOfRange {
        /// The point it names.
        point: usize,
        /// Points in the sweep.
        points: usize,
    },
    /// It names a point other than its file name's.
    Misnamed {
        /// The point it names.
        point: usize,
    },
    /// It has another number of cells than the sweep has columns.
    Cells {
        /// Its cells.
        cells: usize,
        /// The sweep's columns.
        columns: usize,
    },
    /// Its first cell is not its point number.
    FirstCell {
        /// The cell.
        cell: String,
        /// The point it names.
        point: usize,
    },
    /// A cell is not one the tool writes (from 1).
    NotRendered {
        /// The cell, counted from 1.
        cell: usize,
    },
    /// Its parameter cells do not show the point's values.
    Parameters {
        /// The point.
        point: usize,
    },
}

impl PointProblem {
    /// The problem in `lang`, through the message catalogue.
    pub fn words(&self, lang: Lang) -> String {
        use crate::messages as m;
        match self {
            PointProblem::Folder(why) => why.clone(),
            PointProblem::Unreadable(why) => m::point_unreadable(lang, why),
            PointProblem::OtherSweep => m::point_other_sweep(lang),
            PointProblem::OutOfRange { point, points } => {
                m::point_out_of_range(lang, *point, *points)
            }
            PointProblem::Misnamed { point } => m::point_misnamed(lang, *point),
            PointProblem::Cells { cells, columns } => m::point_cells(lang, *cells, *columns),
            PointProblem::FirstCell { cell, point } => {
                m::point_first_cell(lang, &cell.escape_debug().to_string(), *point)
            }
            PointProblem::NotRendered { cell } => m::point_not_rendered(lang, *cell),
            PointProblem::Parameters { point } => m::point_parameters(lang, *point),
        }
    }
}

impl std::fmt::Display for PointProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

/// Reads one progress record named `name` and checks it against the sweep:
/// valid JSON of a [`Record`], its file name, point, fingerprint, exactly
/// one cell per column, the point number in the first cell, no cell a
/// formula (nor, but the message, neutralised text), and (when the points
/// are known) the point's values in the parameter cells.
pub fn parse_record(name: &str, bytes: &[u8], check: &RecordCheck) -> Result<Record, String> {
    check_record(name, bytes, check).map_err(|p| p.to_string())
}

/// [`parse_record`] with why a record is refused as a typed value.
pub fn check_record(name: &str, bytes: &[u8], check: &RecordCheck) -> Result<Record, PointProblem> {
    let r: Record =
        serde_json::from_slice(bytes).map_err(|e| PointProblem::Unreadable(e.to_string()))?;
    if r.fingerprint != check.fingerprint {
        return Err(PointProblem::OtherSweep);
    }
    if r.point >= check.points {
        return Err(PointProblem::OutOfRange {
            point: r.point,
            points: check.points,
        });
    }
    if name != record_name(r.point) {
        return Err(PointProblem::Misnamed { point: r.point });
    }
    if r.cells.len() != check.columns {
        return Err(PointProblem::Cells {
            cells: r.cells.len(),
            columns: check.columns,
        });
    }
    if r.cells[0] != r.point.to_string() {
        return Err(PointProblem::FirstCell {
            cell: r.cells[0].clone(),
            point: r.point,
        });
    }
    // Every cell as the tool renders it: numbers, words (a status), text
    // that is not a formula; only the message (last) may be neutralised
    // text, so a number's column never holds one.
    let last = r.cells.len() - 1;
    let rendered = |(i, c): (usize, &String)| {
        is_plain_number(c)
            || if i == last {
                neutralise(c) == *c
            } else {
                neutralise(c) == *c && !c.starts_with('\'')
            }
    };
    if let Some((i, _)) = r.cells.iter().enumerate().find(|&x| !rendered(x)) {
        return Err(PointProblem::NotRendered { cell: i + 1 });
    }
    if let Some(point) = check.values.and_then(|v| v.get(r.point)) {
        let same = point
            .iter()
            .zip(&r.cells[1..])
            .all(|((_, v), cell)| *cell == format!("{v}"));
        if !same {
            return Err(PointProblem::Parameters { point: r.point });
        }
    }
    Ok(r)
}

/// Reads the progress records of a sweep folder: those that pass
/// [`parse_record`] are usable, any other `NNNNNN.json` is listed as
/// unusable. Temporary files of dead runs are removed; nothing else is
/// touched.
pub fn read_records(dir: &Path, check: &RecordCheck) -> Records {
    // The folder's reader keeps what the check returns; a refused record
    // comes back with its typed problem, the reader's own as its words.
    let found =
        run::read_records::<Sweep, _>(dir, |name, bytes| Ok(check_record(name, bytes, check)));
    let mut out = Records {
        valid: BTreeMap::new(),
        unusable: found
            .unusable
            .into_iter()
            .map(|u| UnusablePoint {
                file: u.file,
                problem: PointProblem::Folder(u.problem),
            })
            .collect(),
    };
    for (file, r) in found.valid {
        match r {
            Ok(r) => {
                out.valid.insert(r.point, r);
            }
            Err(problem) => out.unusable.push(UnusablePoint { file, problem }),
        }
    }
    out.unusable.sort_by(|a, b| a.file.cmp(&b.file));
    out
}
