//! The what-if server's section (`serve.csv`).

use super::{csv_text, secs, Section};
use crate::study::bench::doc::{Columns, Doc};
use crate::study::bench::serve::{ServeRow, NATION_TARGET_S, PROVINCE_TARGET_S};
use crate::study::bench::BenchError;

/// `staffing serve` on each instance, timed over localhost.
pub fn serve(rows: &[ServeRow]) -> Result<Section, BenchError> {
    let mut doc = Doc::new();
    doc.section("What-if server (staffing serve)");
    doc.para(format!("`staffing serve` started in this process on each instance (port 0, the shipped language), and a client on localhost sending one what-if at a time, timed from connecting to the answer's last byte: `POST /api/solve` (the what-if solved and checked, answered with the JSON `solve --json` prints) and `POST /api/page` (solved, and the whole page the browser swaps in: the comparison, every chart, the embedded font subset). Each request is a what-if of its own (call growth 1.01, 1.02, …) after one untimed request of each kind; median and fastest. Targets: the province's `/api/solve` at most {}, the nation's what-if (its page) at most {}.", secs(PROVINCE_TARGET_S), secs(NATION_TARGET_S)));
    doc.table(
        Columns::new()
            .left("instance", |r: &ServeRow| r.instance.clone())
            .right("stations", |r: &ServeRow| r.stations.to_string())
            .right("what-ifs", |r: &ServeRow| r.runs.to_string())
            .right("/api/solve: median", |r: &ServeRow| secs(r.solve))
            .right("fastest", |r: &ServeRow| secs(r.solve_fastest))
            .right("/api/page: median", |r: &ServeRow| secs(r.page))
            .right("fastest", |r: &ServeRow| secs(r.page_fastest))
            .right("page KiB", |r: &ServeRow| {
                format!("{:.0}", r.page_bytes as f64 / 1024.0)
            })
            .left("target", |r: &ServeRow| {
                format!(
                    "≤ {} {}",
                    secs(r.target),
                    if r.met() { "met" } else { "**missed**" }
                )
            })
            .rows(rows),
    );
    let csv: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.instance.clone(),
                r.stations.to_string(),
                r.runs.to_string(),
                format!("{:.6}", r.solve),
                format!("{:.6}", r.solve_fastest),
                format!("{:.6}", r.page),
                format!("{:.6}", r.page_fastest),
                r.page_bytes.to_string(),
                format!("{:.6}", r.target),
                r.met().to_string(),
            ]
        })
        .collect();
    let csv = csv_text(
        &[
            "instance",
            "stations",
            "whatifs",
            "api_solve_s",
            "api_solve_fastest_s",
            "api_page_s",
            "api_page_fastest_s",
            "page_bytes",
            "target_s",
            "met",
        ],
        &csv,
    )?;
    Ok(Section::new(doc, vec![("serve.csv".into(), csv)]))
}
