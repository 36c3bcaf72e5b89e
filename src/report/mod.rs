//! Outputs of a solve: tables, the summary and the files they go in.
//!
//! Report code reads plans and domain data only; it never sees the solver.

pub mod csv;
pub mod explain;
pub mod metrics;
pub mod summary;
pub mod tables;
pub mod xlsx;

pub use summary::{InputDigest, Provenance, Summary};

use crate::domain::{Params, Province};
use crate::error::OutputError;
use crate::output::OutputFile;
use crate::plan::Plan;

/// Everything a report needs about one solved scenario.
pub struct Solved<'a> {
    pub scenario_name: &'a str,
    pub province: &'a Province,
    pub params: &'a Params,
    pub plan: &'a Plan,
}

/// The files of a solve's output folder: `allocation.csv`, `counties.csv`,
/// `summary.json` and `plan.xlsx` (the same tables and summary as a workbook).
pub fn files(solved: &Solved, summary: &Summary) -> Result<Vec<OutputFile>, OutputError> {
    let allocation = tables::allocation(solved);
    let counties = tables::counties(solved);
    let summary_json = summary.to_file_json();
    let summary_value: serde_json::Value =
        serde_json::from_slice(&summary_json).unwrap_or(serde_json::Value::Null);
    let workbook = xlsx::to_xlsx(&allocation, &counties, &summary_value)
        .map_err(|e| OutputError::Unsafe(format!("cannot build plan.xlsx: {e}")))?;
    Ok(vec![
        OutputFile {
            name: "allocation.csv".into(),
            bytes: csv::to_csv(&allocation),
        },
        OutputFile {
            name: "counties.csv".into(),
            bytes: csv::to_csv(&counties),
        },
        OutputFile {
            name: "summary.json".into(),
            bytes: summary_json,
        },
        OutputFile {
            name: "plan.xlsx".into(),
            bytes: workbook,
        },
    ])
}
