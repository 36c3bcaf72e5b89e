//! What a roadmap writes at its end, from its table (so a resumed run gives
//! the same bytes): the summary, and the top files — the two tables, the
//! summary, the charts and the report; and what marks each year's record:
//! the run's fingerprint and the record itself.

use sha2::{Digest, Sha256};

use super::charts::figures;
use super::horizon::Found;
use super::store::{Record, Snapshot, COUNTIES_CSV, REPORT_HTML, ROADMAP_CSV, SUMMARY_JSON};
use super::summary::{HorizonSummary, RoadmapSummary, Stopped, TargetSummary};
use super::table::{county_rows, csv_bytes, year_row, RoadmapTable, COUNTY_COLUMNS};
use super::{Prepared, RoadmapError, Year};
use crate::outcome::{InputDigest, Provenance};
use crate::output::OutputFile;
use crate::report::charts::{render, Formats};
use crate::report::{chart_files, Lang, ReportOptions};
use crate::scenario::roadmap::RoadmapMode;

/// The solver named in provenance.
pub const SOLVER: &str = "staffing-exact per year (breakpoint search + closed-form transfers); roadmap placement by exact breakpoint search (myopic) or Hall's condition and max-flow with breakpoint search (horizon)";

/// The plan the roadmap follows: recruits per year, the rule per year,
/// and what the horizon and the target found.
#[derive(Debug, Clone)]
pub(super) struct Course {
    pub(super) recruits: Vec<i64>,
    pub(super) mode: RoadmapMode,
    /// The horizon search from the start: the bounds the run is judged by.
    pub(super) found: Option<(Found, Vec<String>)>,
    pub(super) target: Option<TargetSummary>,
}

/// The roadmap's summary, from its table (so a resumed run gives the same).
pub(super) fn summarise(
    prep: &Prepared,
    mode: RoadmapMode,
    course: &Course,
    table: &RoadmapTable,
    stopped: Option<Stopped>,
) -> RoadmapSummary {
    let planned = table.planned();
    let levels: Vec<(i32, Option<f64>)> = planned
        .iter()
        .map(|&r| {
            (
                table.number(r, "year").unwrap_or(0.0) as i32,
                table.number(r, "balance_level"),
            )
        })
        .collect();
    let worst = levels
        .iter()
        .filter_map(|(y, l)| Some((*y, (*l)?)))
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let sum: f64 = levels.iter().filter_map(|(_, l)| *l).sum();
    let total = |col: &str| -> i64 {
        planned
            .iter()
            .map(|&r| table.number(r, col).unwrap_or(0.0) as i64)
            .sum()
    };
    let horizon = course.found.as_ref().map(|(found, relaxed)| {
        let achieved = worst.map(|w| w.1);
        let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        let worst_proven = match (found.worst, found.worst_bound) {
            (Some(w), Some(b)) => same(w, b),
            (None, _) => true,
            _ => false,
        };
        let worst_ok = match (found.worst, achieved) {
            (Some(b), Some(a)) => same(a, b),
            (None, _) => true,
            _ => false,
        } && worst_proven
            && stopped.is_none();
        let sum_ok = worst_ok && found.sum_proven && same(sum, found.sum);
        let status = if sum_ok {
            "optimal"
        } else if worst_ok {
            "worst_year_optimal"
        } else {
            "not_proven"
        };
        let note = match status {
            "optimal" => "the worst year's level and the sum of levels are the highest any placement of the recruits reaches (proven; docs/roadmap.md)".to_string(),
            "worst_year_optimal" => format!(
                "the worst year's level is the highest any placement reaches (proven); the sum of levels {sum:.4} is not proven optimal (bound {:.4}{})",
                found.sum_bound,
                if found.sum_proven { "" } else { "; the branch and bound stopped at roadmap.horizon_checks" }
            ),
            _ if found.stopped => format!(
                "not proven optimal: the search stopped at roadmap.horizon_checks = {} reachability checks; no placement can beat worst-year level {} and this plan reaches {} (gap {}); sum of levels {sum:.4}, bound {:.4}",
                prep.spec.horizon_checks,
                found.worst_bound.map_or("—".to_string(), |w| format!("{w:.4}")),
                achieved.map_or("—".to_string(), |w| format!("{w:.4}")),
                match (found.worst_bound, achieved) {
                    (Some(b), Some(a)) if b - a >= 1e-4 => format!("{:.4}", b - a),
                    (Some(b), Some(a)) => format!("{:.1e}", (b - a).max(0.0)),
                    _ => "—".to_string(),
                },
                found.sum_bound
            ),
            _ => format!(
                "not proven optimal: the search relaxed {}; no placement can beat worst-year level {} and this plan reaches {}",
                if relaxed.is_empty() { "nothing".to_string() } else { relaxed.join("; ") },
                found.worst.map_or("—".to_string(), |w| format!("{w:.4}")),
                achieved.map_or("—".to_string(), |w| format!("{w:.4}"))
            ),
        };
        HorizonSummary {
            status: status.to_string(),
            worst_level_bound: found.worst_bound,
            worst_level: achieved,
            sum_of_levels_bound: found.sum_bound,
            sum_of_levels: sum,
            checks: found.checks,
            relaxed: relaxed.clone(),
            note,
        }
    });
    let target = course.target.clone().map(|mut t| {
        t.reached = worst.map_or(true, |w| w.1 >= t.level - 1e-12) && stopped.is_none();
        t
    });
    let mut inputs: Vec<InputDigest> = prep.inputs.clone();
    inputs.sort_by(|a, b| a.role.cmp(&b.role).then(a.path.cmp(&b.path)));
    RoadmapSummary {
        scenario: prep.loaded.scenario.name.clone(),
        mode: mode.as_str().to_string(),
        status: if stopped.is_some() {
            "infeasible"
        } else {
            "planned"
        }
        .to_string(),
        start_year: prep.spec.start_year,
        years: prep.spec.years,
        years_planned: planned.len(),
        worst_balance_level: worst.map(|w| w.1),
        worst_year: worst.map(|w| w.0),
        sum_of_levels: sum,
        force_start: planned
            .first()
            .and_then(|&r| table.number(r, "force_start"))
            .unwrap_or(0.0) as i64,
        force_end: planned
            .last()
            .and_then(|&r| table.number(r, "force_end"))
            .map(|v| v as i64),
        recruits: total("recruits"),
        retirements: total("retirements"),
        leavers: total("leavers"),
        officers_moved: total("officers_moved"),
        recruits_per_year: course.recruits.clone(),
        ages_source: prep.ages.source.describe(),
        horizon,
        target,
        stopped,
        output_dir: None,
        provenance: Provenance {
            overrides: prep.loaded.scenario.overrides.clone(),
            ..Provenance::new(SOLVER, inputs)
        },
    }
}

/// The top files: the two tables, the summary, the charts and the report.
pub(super) fn top_files(
    prep: &Prepared,
    table: &RoadmapTable,
    county_cells: &[Vec<String>],
    summary: &RoadmapSummary,
    lang: Lang,
    charts: Option<Formats>,
) -> Result<Vec<OutputFile>, RoadmapError> {
    use rayon::prelude::*;
    let rows: Vec<&[String]> = table.rows.iter().map(|r| r.as_slice()).collect();
    let county_columns: Vec<String> = COUNTY_COLUMNS.iter().map(|c| c.to_string()).collect();
    let county_rows: Vec<&[String]> = county_cells.iter().map(|r| r.as_slice()).collect();
    let bound = summary.horizon.as_ref().and_then(|h| h.worst_level_bound);
    let rendered = match charts {
        Some(formats) => figures(table, lang, &prep.county_names(), bound)
            .par_iter()
            .map(|f| render(f, formats))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                RoadmapError::Output(crate::error::OutputError::Unsafe(format!(
                    "cannot draw the roadmap's charts: {e}"
                )))
            })?,
        None => Vec::new(),
    };
    let mut json = serde_json::to_vec_pretty(summary).unwrap_or_default();
    json.push(b'\n');
    let mut files = vec![
        OutputFile {
            name: ROADMAP_CSV.into(),
            bytes: csv_bytes(&table.columns, &rows),
        },
        OutputFile {
            name: COUNTIES_CSV.into(),
            bytes: csv_bytes(&county_columns, &county_rows),
        },
        OutputFile {
            name: SUMMARY_JSON.into(),
            bytes: json,
        },
        OutputFile {
            name: REPORT_HTML.into(),
            bytes: super::page::report(table, summary, &rendered, lang, &prep.county_names())
                .finish()
                .map_err(|e| {
                    RoadmapError::Output(crate::error::OutputError::Unsafe(format!(
                        "cannot build the roadmap's report.html: {e}"
                    )))
                })?
                .into_bytes(),
        },
    ];
    files.extend(chart_files(&rendered));
    Ok(files)
}

/// The fingerprint of a run: what it reads and every choice shaping its files.
pub(super) fn fingerprint(
    prep: &Prepared,
    mode: RoadmapMode,
    course: &Course,
    target_level: Option<f64>,
    report: &ReportOptions,
) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(
        toml::to_string(&prep.loaded.scenario.table)
            .unwrap_or_default()
            .as_bytes(),
    );
    for d in &prep.inputs {
        h.update(d.role.as_bytes());
        h.update(d.sha256.as_bytes());
    }
    h.update(mode.as_str().as_bytes());
    h.update(format!("{:?}|{:?}|{:?}", target_level, course.recruits, course.mode).as_bytes());
    h.update(format!("{:?}|{:?}", report.lang, report.charts).as_bytes());
    format!("{:x}", h.finalize())
}

/// The record of a planned year.
pub(super) fn record(prep: &Prepared, y: &Year, fingerprint: &str) -> Record {
    let stations = y.solution.outcome.province.stations.len();
    Record {
        year: y.year,
        fingerprint: fingerprint.to_string(),
        cells: year_row(&y.figures, y.placement.for_level.iter().sum(), stations),
        counties: county_rows(&y.figures, &prep.county_names()),
        state: Snapshot::of(&y.state),
    }
}
