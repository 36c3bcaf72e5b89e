//! Outputs of a solve: tables, the summary and the files they go in.
//!
//! Report code reads plans and domain data only; it never sees the solver.

pub mod charts;
pub mod csv;
pub mod explain;
pub mod html;
pub mod lang;
pub mod metrics;
pub mod summary;
pub mod tables;
pub mod xlsx;

pub use summary::{InputDigest, Provenance, Summary};

pub use charts::{Chart, ChartError, Formats};
pub use lang::Lang;

use crate::domain::{Params, Province};
use crate::error::OutputError;
use crate::output::OutputFile;
use crate::plan::Plan;
use rayon::prelude::*;

/// Everything a report needs about one solved scenario.
pub struct Solved<'a> {
    pub scenario_name: &'a str,
    pub province: &'a Province,
    pub params: &'a Params,
    pub plan: &'a Plan,
}

/// Which charts and report a solve writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportOptions {
    /// Label language; `None` chooses from the data ([`Lang::detect`]).
    pub lang: Option<Lang>,
    /// Chart files beside `report.html`: SVG and PNG (default), SVG only,
    /// or none (`report.html` then holds no charts).
    pub charts: Option<Formats>,
}

impl ReportOptions {
    /// Charts as SVG and PNG, language from the data.
    pub fn new() -> Self {
        ReportOptions {
            lang: None,
            charts: Some(Formats::SvgAndPng),
        }
    }
}

/// The files of a solve's output folder, with charts (SVG and PNG) and
/// `report.html` labelled in the language that suits the data.
pub fn files(solved: &Solved, summary: &Summary) -> Result<Vec<OutputFile>, OutputError> {
    files_with(solved, summary, &ReportOptions::new())
}

/// The charts of a solve, rendered.
pub fn solve_charts(
    solved: &Solved,
    lang: Lang,
    formats: Formats,
) -> Result<Vec<Chart>, ChartError> {
    // Rendered in parallel (rayon's pool); collected in figure order.
    charts::solve::figures(solved, lang)
        .par_iter()
        .map(|f| charts::render(f, formats))
        .collect()
}

/// Chart files (`<stem>.svg`, `<stem>.png`) of rendered charts.
pub fn chart_files(charts: &[Chart]) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for c in charts {
        out.push(OutputFile {
            name: format!("{}.svg", c.stem),
            bytes: c.svg.clone().into_bytes(),
        });
        if let Some(png) = &c.png {
            out.push(OutputFile {
                name: format!("{}.png", c.stem),
                bytes: png.clone(),
            });
        }
    }
    out
}

/// The files of a solve's output folder: tables (CSV and `plan.xlsx`),
/// summary, charts and `report.html`.
pub fn files_with(
    solved: &Solved,
    summary: &Summary,
    options: &ReportOptions,
) -> Result<Vec<OutputFile>, OutputError> {
    let lang = options
        .lang
        .unwrap_or_else(|| Lang::detect(solved.province));
    let charts = match options.charts {
        Some(formats) => solve_charts(solved, lang, formats)?,
        None => Vec::new(),
    };
    let allocation = tables::allocation(solved);
    let counties = tables::counties(solved);
    let summary_json = summary.to_file_json();
    let summary_value: serde_json::Value =
        serde_json::from_slice(&summary_json).unwrap_or(serde_json::Value::Null);
    let workbook = xlsx::to_xlsx(&allocation, &counties, &summary_value)
        .map_err(|e| OutputError::Unsafe(format!("cannot build plan.xlsx: {e}")))?;
    let mut files = vec![
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
        OutputFile {
            name: "report.html".into(),
            bytes: html::solve_report(solved, summary, &charts, lang).into_bytes(),
        },
    ];
    files.extend(chart_files(&charts));
    Ok(files)
}

/// A sweep report that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum SweepReportError {
    #[error(transparent)]
    Csv(#[from] charts::sweep::SweepCsvError),
    #[error(transparent)]
    Chart(#[from] ChartError),
}

/// The charts (`<stem>.svg`/`.png`) and `report.html` of a sweep, from the
/// bytes of its `sweep.csv`. `charts: None` writes the report without charts.
pub fn sweep_files(
    sweep_csv: &[u8],
    info: &html::SweepInfo,
    lang: Lang,
    charts: Option<Formats>,
) -> Result<Vec<OutputFile>, SweepReportError> {
    let table = charts::sweep::SweepTable::parse(sweep_csv)?;
    let rendered = match charts {
        // In parallel on the caller's rayon pool (a sweep's `--jobs`);
        // collected in figure order, so the files do not depend on it.
        Some(formats) => charts::sweep::figures(&table, lang, info.sample.as_ref())
            .par_iter()
            .map(|f| charts::render(f, formats))
            .collect::<Result<Vec<_>, _>>()?,
        None => Vec::new(),
    };
    let mut files = vec![OutputFile {
        name: "report.html".into(),
        bytes: html::sweep_report(&table, &rendered, lang, info).into_bytes(),
    }];
    files.extend(chart_files(&rendered));
    if info.sample.is_some() {
        files.push(OutputFile {
            name: "distribution.csv".into(),
            bytes: csv::to_csv(&table.distribution_csv()),
        });
    }
    Ok(files)
}
