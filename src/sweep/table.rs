//! `sweep.csv`, the sweep's one table: the column list both the sweep that
//! writes it and the report that reads it back use, the writer and the
//! reader.
//!
//! Columns, in order: `point`; one per swept key; the metrics
//! ([`METRIC_COLUMNS`]); `robust_level` for a sampled sweep with a robust
//! plan; `recruits_used` and `recruits_<county>` when recruits are placed;
//! and `message`.

use std::collections::BTreeMap;

use crate::report::csv::{is_plain_number, neutralise};

/// The first column: the point's index.
pub const POINT_COLUMN: &str = "point";

/// The metric columns, between the parameters and the recruits columns.
pub const METRIC_COLUMNS: [&str; 9] = [
    "status",
    "balance_level",
    "officers_moved",
    "auxiliary_balance_level",
    "auxiliaries_changed",
    "worst_calls_per_duty_officer",
    "worst_residents_per_community_officer",
    "counties_meeting_station_share",
    "counties_meeting_community_share",
];

/// The column of a sampled sweep with the robust plan's level at the point.
pub const ROBUST_COLUMN: &str = "robust_level";

/// The column of recruits placed, when the recruits lever is on (then one
/// `recruits_<county id>` column per county follows).
pub const RECRUITS_USED_COLUMN: &str = "recruits_used";

/// The last column: why a point failed, or a note.
pub const MESSAGE_COLUMN: &str = "message";

/// The header of a sweep's table.
pub fn columns(params: &[String], robust: bool, recruits: Option<&[String]>) -> Vec<String> {
    let mut columns = vec![POINT_COLUMN.to_string()];
    columns.extend(params.iter().cloned());
    columns.extend(METRIC_COLUMNS.iter().map(|c| c.to_string()));
    if robust {
        columns.push(ROBUST_COLUMN.into());
    }
    if let Some(county_ids) = recruits {
        columns.push(RECRUITS_USED_COLUMN.into());
        columns.extend(county_ids.iter().map(|id| format!("recruits_{id}")));
    }
    columns.push(MESSAGE_COLUMN.into());
    columns
}

/// The CSV bytes of a sweep: BOM, CRLF, header and rows as rendered (the same
/// format as [`crate::report::csv::to_csv`]). Cells are neutralised when they
/// are rendered and again here ([`inert`]): `sweep.csv`, `roadmap.csv` and
/// `roadmap_counties.csv` are written through this.
pub fn sweep_csv(columns: &[String], rows: &[&[String]]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        let _ = w.write_record(columns.iter().map(|c| inert(c).into_owned().into_bytes()));
        for r in rows {
            let _ = w.write_record(r.iter().map(|c| inert(c).into_owned().into_bytes()));
        }
        let _ = w.flush();
    }
    out
}

/// A cell as written: a number as it is, any other text neutralised
/// ([`neutralise`]) — again, since the rows of a resumed run come from
/// records read back from the folder, which may hold anything.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if is_plain_number(cell) {
        cell.into()
    } else {
        neutralise(cell).into()
    }
}

/// A `sweep.csv` that cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SweepCsvError {
    /// The bytes are not CSV (or not UTF-8); the CSV reader's message.
    #[error("sweep.csv: {0}")]
    Csv(String),
    /// A column every `sweep.csv` has (`point` or a metric) is missing.
    #[error("sweep.csv: the header has no column `{0}`")]
    MissingColumn(&'static str),
    /// A numeric column holds text.
    #[error("sweep.csv, row {row}, column `{column}`: value `{value}` is not a number")]
    Cell {
        /// The file's line number, 1-based (the header is row 1).
        row: usize,
        /// The column's header.
        column: String,
        /// The cell as written (trimmed).
        value: String,
    },
}

/// Feasible points a planner can choose between: they share the values of
/// every swept workload key (`setting`, empty when none is swept).
#[derive(Debug, Clone, PartialEq)]
pub struct ParetoGroup {
    /// (key, value) of each swept workload key.
    pub setting: Vec<(String, String)>,
    /// Row indices of the group's feasible points, in row order.
    pub points: Vec<usize>,
    /// Row indices of its Pareto front, by increasing officers moved.
    pub front: Vec<usize>,
}

/// One swept parameter: its key and the value of every row, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The swept key's dotted path (its column header).
    pub key: String,
    /// The key's value in each row, in row order, as written (trimmed).
    pub values: Vec<String>,
    /// Every value parses as a number.
    pub numeric: bool,
}

impl Param {
    /// Distinct values, numerically sorted when numeric, else as first seen.
    pub fn levels(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for v in &self.values {
            if !out.contains(v) {
                out.push(v.clone());
            }
        }
        if self.numeric {
            out.sort_by(|a, b| num(a).total_cmp(&num(b)));
        }
        out
    }

    /// The x position of row `i`: its value, or its level index for text.
    pub fn position(&self, i: usize) -> f64 {
        if self.numeric {
            num(&self.values[i])
        } else {
            self.levels()
                .iter()
                .position(|l| *l == self.values[i])
                .unwrap_or(0) as f64
        }
    }
}

pub(crate) fn num(s: &str) -> f64 {
    s.trim().parse::<f64>().unwrap_or(f64::NAN)
}

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRow {
    /// The point's index in the sweep, from 0 (column `point`; the row's
    /// position when the cell is empty).
    pub point: usize,
    /// `optimal`, `time_limit`, `infeasible` or `error` (column `status`).
    pub status: String,
    /// t, the officers' balance level of the point's plan (`None`: empty
    /// cell, as for a point without a plan).
    pub balance_level: Option<f64>,
    /// Officers the point's plan moves, all counties (`None`: empty cell).
    pub officers_moved: Option<i64>,
    /// Recruits the point's plan places (`None`: no recruits column, or an
    /// empty cell).
    pub recruits_used: Option<f64>,
    /// A sampled sweep's robust plan's level at this point.
    pub robust_level: Option<f64>,
    /// Why the point failed, or a note (column `message`; empty when none).
    pub message: String,
}

/// A parsed `sweep.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepTable {
    /// The swept keys, in column order.
    pub params: Vec<Param>,
    /// The points, in file order.
    pub rows: Vec<SweepRow>,
}

impl SweepTable {
    /// Reads `sweep.csv` bytes (UTF-8, with or without a BOM).
    pub fn parse(bytes: &[u8]) -> Result<SweepTable, SweepCsvError> {
        let (mut reader, header) =
            crate::report::csv::read_own(bytes).map_err(|e| SweepCsvError::Csv(e.to_string()))?;
        let col = |name: &'static str| {
            header
                .iter()
                .position(|h| h == name)
                .ok_or(SweepCsvError::MissingColumn(name))
        };
        let point_col = col(POINT_COLUMN)?;
        let status_col = col(METRIC_COLUMNS[0])?;
        let level_col = col(METRIC_COLUMNS[1])?;
        let moved_col = col(METRIC_COLUMNS[2])?;
        let used_col = header.iter().position(|h| h == RECRUITS_USED_COLUMN);
        let robust_col = header.iter().position(|h| h == ROBUST_COLUMN);
        let message_col = header.iter().position(|h| h == MESSAGE_COLUMN);
        let param_cols: Vec<usize> = (point_col + 1..status_col).collect();
        let mut params: Vec<Param> = param_cols
            .iter()
            .map(|&c| Param {
                key: header[c].clone(),
                values: Vec::new(),
                numeric: true,
            })
            .collect();
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| SweepCsvError::Csv(e.to_string()))?;
            let row = i + 2;
            let get = |c: usize| record.get(c).unwrap_or("").trim().to_string();
            let number = |c: usize| -> Result<Option<f64>, SweepCsvError> {
                let v = get(c);
                if v.is_empty() {
                    return Ok(None);
                }
                v.parse::<f64>().map(Some).map_err(|_| SweepCsvError::Cell {
                    row,
                    column: header[c].clone(),
                    value: v.clone(),
                })
            };
            for (p, &c) in params.iter_mut().zip(&param_cols) {
                let v = get(c);
                p.numeric &= v.parse::<f64>().is_ok();
                p.values.push(v);
            }
            rows.push(SweepRow {
                point: number(point_col)?.map_or(i, |v| v as usize),
                status: get(status_col),
                balance_level: number(level_col)?,
                officers_moved: number(moved_col)?.map(|v| v.round() as i64),
                recruits_used: match used_col {
                    Some(c) => number(c)?,
                    None => None,
                },
                robust_level: match robust_col {
                    Some(c) => number(c)?,
                    None => None,
                },
                message: message_col.map(get).unwrap_or_default(),
            });
        }
        Ok(SweepTable { params, rows })
    }

    /// Counts of points by status, in a fixed order.
    pub fn status_counts(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for r in &self.rows {
            *out.entry(r.status.clone()).or_insert(0) += 1;
        }
        out
    }

    /// The swept keys that are assumptions about the workload (registry
    /// keys marked `workload`: call growth, hours per call, …), by column.
    /// A balance level is measured against the workload, so levels under
    /// different workload values are different yardsticks.
    fn workload_params(&self) -> Vec<usize> {
        self.params
            .iter()
            .enumerate()
            .filter(|(_, p)| crate::scenario::keys::find(&p.key).is_some_and(|k| k.workload))
            .map(|(i, _)| i)
            .collect()
    }

    /// The plans a planner can choose between, grouped: the feasible points
    /// (those with a level and a move count) that share every workload
    /// value ([`Self::workload_params`]), in order of first appearance. Only
    /// groups of two or more points offer a choice; each gets its Pareto
    /// front of (higher balance level, fewer officers moved).
    pub fn pareto_groups(&self) -> Vec<ParetoGroup> {
        let work = self.workload_params();
        let mut groups: Vec<ParetoGroup> = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            if r.balance_level.is_none() || r.officers_moved.is_none() {
                continue;
            }
            let setting: Vec<(String, String)> = work
                .iter()
                .map(|&p| (self.params[p].key.clone(), self.params[p].values[i].clone()))
                .collect();
            match groups.iter_mut().find(|g| g.setting == setting) {
                Some(g) => g.points.push(i),
                None => groups.push(ParetoGroup {
                    setting,
                    points: vec![i],
                    front: Vec::new(),
                }),
            }
        }
        groups.retain(|g| g.points.len() >= 2);
        for g in &mut groups {
            g.front = self.front_of(&g.points);
        }
        groups
    }

    /// The Pareto front among some rows, by increasing officers moved: a
    /// point is on it when no other point is at least as good on both and
    /// better on one; of equal points the first is kept.
    fn front_of(&self, rows: &[usize]) -> Vec<usize> {
        let pts: Vec<(usize, f64, i64)> = rows
            .iter()
            .filter_map(|&i| {
                let r = &self.rows[i];
                Some((i, r.balance_level?, r.officers_moved?))
            })
            .collect();
        let mut front: Vec<(usize, f64, i64)> = pts
            .iter()
            .copied()
            .filter(|&(i, t, m)| {
                !pts.iter()
                    .any(|&(j, t2, m2)| j != i && t2 >= t && m2 <= m && (t2 > t || m2 < m))
            })
            .collect();
        front.sort_by(|a, b| a.2.cmp(&b.2).then(a.1.total_cmp(&b.1)).then(a.0.cmp(&b.0)));
        // Equal points: keep the first.
        front.dedup_by(|b, a| a.1 == b.1 && a.2 == b.2);
        front.into_iter().map(|p| p.0).collect()
    }

    /// Every point on a Pareto front of [`Self::pareto_groups`], in row
    /// order: the plans worth a planner's look.
    pub fn pareto(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .pareto_groups()
            .into_iter()
            .flat_map(|g| g.front)
            .collect();
        out.sort_unstable();
        out
    }
}
