//! Outputs of a solve: tables, the summary, charts, `report.html` and the
//! files they go in.
//!
//! Report code formats an [`Outcome`] and its [`Explanations`]; it never
//! solves and imports nothing from the model. [`render`] is the one file set
//! of a plan folder, whoever writes it (solve, sweep `--keep-plans`, the
//! robust plan).

pub mod charts;
pub mod csv;
pub mod explain;
pub mod fairness;
pub mod headline;
pub mod html;
pub mod i18n;
pub mod lang;
pub mod markup;
pub mod page;
pub mod service;
pub mod strength;
pub mod tables;
pub mod warnings;
pub mod webfont;
pub mod xlsx;

pub use crate::outcome::{InputDigest, Provenance, Summary};

pub use charts::{Chart, ChartError, Formats};
pub use lang::Lang;

use crate::error::OutputError;
use crate::outcome::{Explanations, Outcome};
use crate::output::OutputFile;
use rayon::prelude::*;

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

/// The `--set` overrides of a run as a reader sees them
/// (`workload.call_growth = 1.3、quotas.station_share = 0.45`), or `None`
/// without any: what the title, the lead line and the terminal name.
pub fn overrides_text(overrides: &[crate::outcome::Override], lang: Lang) -> Option<String> {
    if overrides.is_empty() {
        return None;
    }
    let parts: Vec<String> = overrides
        .iter()
        .map(|o| format!("{} = {}", o.key, o.shown()))
        .collect();
    Some(parts.join(lang.pick("、", ", ")))
}

/// The charts of a solve, rendered.
pub fn solve_charts(
    outcome: &Outcome,
    lang: Lang,
    formats: Formats,
) -> Result<Vec<Chart>, ChartError> {
    // Rendered in parallel (rayon's pool), drawn on canvases kept between
    // charts; collected in figure order.
    let canvases = charts::Canvases::default();
    let mut out: Vec<Chart> = charts::solve::figures(outcome, lang)
        .par_iter()
        .map(|f| charts::render_with(f, formats, &canvases))
        .collect::<Result<_, _>>()?;
    out.extend(
        charts::service::figures(outcome, lang)
            .par_iter()
            .map(|f| charts::render_with(f, formats, &canvases))
            .collect::<Result<Vec<_>, _>>()?,
    );
    // The balance targets compared, when the comparison ran.
    let fairness: Vec<Chart> = charts::fairness::figures(outcome, lang)
        .par_iter()
        .map(|f| charts::render_with(f, formats, &canvases))
        .collect::<Result<_, _>>()?;
    out.extend(fairness);
    Ok(out)
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

/// The tables' CSV files and `plan.xlsx`. Each table is built, written to
/// its CSV file and its sheet (the two side by side), and dropped before
/// the next: a 40,000-station plan never holds the allocation, transfer
/// and binding tables at once.
fn tables_and_workbook(
    outcome: &Outcome,
    explanations: &Explanations,
    lang: Lang,
    summary: &serde_json::Value,
) -> std::io::Result<(Vec<OutputFile>, Vec<u8>)> {
    type Tables<'a> = Box<dyn Fn() -> Vec<(&'static str, csv::Table)> + 'a>;
    let mut makers: Vec<Tables> = vec![
        Box::new(|| vec![("allocation", tables::allocation(outcome))]),
        Box::new(|| vec![("counties", tables::counties(outcome))]),
    ];
    for (stem, make) in explain::makers(outcome, explanations) {
        makers.push(Box::new(move || vec![(stem, make())]));
    }
    makers.push(Box::new(|| service::tables(outcome)));
    makers.push(Box::new(|| fairness::tables(outcome)));
    let mut book = xlsx::PlanBook::new(lang);
    let mut csvs = Vec::new();
    for make in makers {
        for (stem, table) in make() {
            let (bytes, sheet) = rayon::join(|| csv::to_csv(&table), || book.table(stem, &table));
            sheet?;
            csvs.push(OutputFile {
                name: format!("{stem}.csv"),
                bytes,
            });
        }
    }
    Ok((csvs, book.finish(summary)?))
}

/// The files of a plan folder: tables (CSV and `plan.xlsx`), the summary,
/// the explanations, charts and `report.html`.
pub fn render(
    outcome: &Outcome,
    explanations: &Explanations,
    options: &ReportOptions,
) -> Result<Vec<OutputFile>, OutputError> {
    let lang = options
        .lang
        .unwrap_or_else(|| Lang::detect(&outcome.province));
    // The files are independent but for the page, which shows the charts:
    // the charts and the page on one side, the tables, the summary and the
    // workbook on the other, in rayon's pool. Each file is built by one
    // thread alone and they are listed in a fixed order, so the folder is
    // the same whatever the thread count.
    let (page, (tables, summary_json)) = rayon::join(
        || -> Result<_, OutputError> {
            let charts = match options.charts {
                Some(formats) => solve_charts(outcome, lang, formats)?,
                None => Vec::new(),
            };
            let html = page::solve_report(outcome, &charts, lang)
                .finish()
                .map_err(|e| OutputError::Unsafe(e.to_string()))?;
            Ok((charts, html))
        },
        || {
            let summary_json = outcome.summary.to_file_json();
            let summary_value: serde_json::Value =
                serde_json::from_slice(&summary_json).unwrap_or(serde_json::Value::Null);
            let tables = tables_and_workbook(outcome, explanations, lang, &summary_value);
            (tables, summary_json)
        },
    );
    let (charts, html) = page?;
    let (mut files, workbook) =
        tables.map_err(|e| OutputError::Unsafe(format!("cannot build plan.xlsx: {e}")))?;
    files.extend([
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
            bytes: html.into_bytes(),
        },
    ]);
    files.extend(chart_files(&charts));
    Ok(files)
}
