//! Outputs of a solve: tables, the summary and the files they go in.
//!
//! Report code reads plans and domain data only; it never sees the solver.

pub mod csv;
pub mod explain;
pub mod metrics;
pub mod summary;
pub mod tables;

pub use summary::{InputDigest, Provenance, Summary};

use crate::domain::{Params, Province};
use crate::output::OutputFile;
use crate::plan::Plan;

/// Everything a report needs about one solved scenario.
pub struct Solved<'a> {
    pub scenario_name: &'a str,
    pub province: &'a Province,
    pub params: &'a Params,
    pub plan: &'a Plan,
}

/// The files of a solve's output folder.
pub fn files(solved: &Solved, summary: &Summary) -> Vec<OutputFile> {
    let allocation = tables::allocation(solved);
    let counties = tables::counties(solved);
    vec![
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
            bytes: summary.to_file_json(),
        },
    ]
}
