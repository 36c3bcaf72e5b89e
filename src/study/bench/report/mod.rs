//! The bench's own files: `report.md`, `report.html`, one CSV per section
//! and the scaling chart. Each section's rows become one [`Section`]: its
//! blocks ([`Doc`], written as Markdown and into the page) and the files
//! that go with it. The sections are in [`paths`] (the user's command: the
//! default path, the scaling curve), [`solving`] (the solver in process and
//! against other methods) and [`studies`] (service, balance targets,
//! roadmap, levers).

mod page;
mod paths;
mod serve;
mod solving;
mod studies;

pub use paths::{default_path, one_county, scaling};
pub use serve::serve;
pub use solving::{features, milp, proportional, robust, throughput};
pub use studies::{fairness, levers, roadmap, service};

use std::fmt::Write as _;

use super::child::load_average;
use super::doc::Doc;
use super::stats::Spread;
use super::targets::Verdict;
use super::{BenchError, Options};
use crate::report::charts::{render, Chart, Figure, Formats};
use crate::report::Lang;

/// The first line of every `report.md` of the bench.
pub const TITLE: &str = "# staffing bench";

/// One section of the report.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The section's blocks (headings, paragraphs, tables).
    pub doc: Doc,
    /// Files beside `report.md`: name and bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Charts the page shows inline (by stem).
    pub charts: Vec<Chart>,
}

impl Section {
    /// A section without charts.
    pub fn new(doc: Doc, files: Vec<(String, Vec<u8>)>) -> Section {
        Section {
            doc,
            files,
            charts: Vec::new(),
        }
    }
}

/// The machine at the start of a run, for the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    /// Cores the process may use (0 when unknown).
    pub cores: usize,
    /// The 1-, 5- and 15-minute load averages (Linux), or `n/a`.
    pub load_before: String,
}

impl Machine {
    /// The machine as it is now.
    pub fn now() -> Machine {
        Machine {
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            load_before: load_average().unwrap_or_else(|| "n/a".into()),
        }
    }
}

/// Seconds for people: `0.25 ms`, `8.4 ms`, `123 ms`, `1.12 s`.
pub fn secs(v: f64) -> String {
    if !v.is_finite() {
        "—".into()
    } else if v < 0.001 {
        format!("{:.2} ms", v * 1000.0)
    } else if v < 0.1 {
        format!("{:.1} ms", v * 1000.0)
    } else if v < 1.0 {
        format!("{:.0} ms", v * 1000.0)
    } else {
        format!("{v:.2} s")
    }
}

/// `31.0 ms (29.0–35.0 ms)`: the median with the range of the runs (the
/// range alone when every run gave the same figure).
fn spread(s: Spread, unit: fn(f64) -> String) -> String {
    let (median, min, max) = (unit(s.median), unit(s.min), unit(s.max));
    if min == max {
        return median;
    }
    let same_unit = |a: &str, b: &str| a.rsplit(' ').next() == b.rsplit(' ').next();
    let min = match min.rsplit_once(' ') {
        Some((number, _)) if same_unit(&min, &max) => number.to_string(),
        _ => min,
    };
    format!("{median} ({min}–{max})")
}

fn mb(v: f64) -> String {
    format!("{v:.0} MB")
}

fn opt_spread(s: Option<Spread>, unit: fn(f64) -> String) -> String {
    s.map_or("n/a".into(), |s| spread(s, unit))
}

fn level(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.4}"))
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or(String::new(), |v| format!("{v:.digits$}"))
}

/// CSV text from a header and rows (quoted where needed).
fn csv_text(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, BenchError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.into_inner()
        .map_err(|e| BenchError::Csv(csv::Error::from(e.into_error())))
}

/// The files of a rendered chart: `<stem>.svg` and `<stem>.png`.
pub fn chart_file_bytes(chart: &Chart) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(
        format!("{}.svg", chart.stem),
        chart.svg.clone().into_bytes(),
    )];
    if let Some(png) = &chart.png {
        files.push((format!("{}.png", chart.stem), png.clone()));
    }
    files
}

/// The chart files of a figure (the scaling chart).
pub fn chart_files(figure: &impl Figure) -> Result<Vec<(String, Vec<u8>)>, BenchError> {
    Ok(chart_file_bytes(&render(figure, Formats::SvgAndPng)?))
}

/// A run's report: `report.md` and `report.html`.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// `report.md`, Markdown.
    pub markdown: String,
    /// `report.html`, the page builder's page.
    pub html: String,
}

/// The build, as the report's head says it.
fn build(lang: Lang) -> &'static str {
    match (cfg!(debug_assertions), lang) {
        (true, Lang::En) => "DEBUG (timings not representative)",
        (true, Lang::Zh) => "调试(计时不具代表性)",
        (false, Lang::En) => "release",
        (false, Lang::Zh) => "发布",
    }
}

/// The whole report: header, sections, load after, as Markdown and as a
/// page (in `options.lang`; the sections' text is English).
pub fn assemble(
    options: &Options,
    machine: &Machine,
    sections: &[Section],
    verdicts: &[Verdict],
) -> Result<Report, BenchError> {
    let load_after = load_average().unwrap_or_else(|| "n/a".into());
    let mut md = String::new();
    let _ = writeln!(md, "{TITLE}\n");
    let _ = writeln!(md, "Command: `{}`  ", options.command_line);
    let _ = writeln!(
        md,
        "Version {}, {} build, {} cores visible; load average before: {}.\n",
        env!("CARGO_PKG_VERSION"),
        build(Lang::En),
        machine.cores,
        machine.load_before
    );
    if options.province.is_none() {
        let _ = writeln!(
            md,
            "No province scenario was given or found: the province rows are left out.\n"
        );
    }
    for s in sections {
        md.push_str(&s.doc.markdown());
    }
    let _ = writeln!(md, "Load average after: {load_after}.");
    let html = page::page(options, machine, sections, verdicts, &load_after)?;
    Ok(Report { markdown: md, html })
}

/// Writes every section's files, then `report.html` and `report.md`, into
/// the claimed folder ([`super::folder::write`]); returns the names.
pub fn write(
    claimed: &super::folder::Claim,
    report: &Report,
    sections: &[Section],
) -> Result<Vec<String>, BenchError> {
    let mut files: Vec<(String, Vec<u8>)> = sections.iter().flat_map(|s| s.files.clone()).collect();
    files.push(("report.html".into(), report.html.as_bytes().to_vec()));
    files.push(("report.md".into(), report.markdown.as_bytes().to_vec()));
    super::folder::write(claimed, &files)?;
    Ok(files.into_iter().map(|(n, _)| n).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_naturally() {
        assert_eq!(secs(0.000_25), "0.25 ms");
        assert_eq!(secs(0.0084), "8.4 ms");
        assert_eq!(secs(0.1234), "123 ms");
        assert_eq!(secs(1.1234), "1.12 s");
        assert_eq!(secs(f64::NAN), "—");
        let s = Spread {
            median: 0.031,
            min: 0.029,
            max: 0.035,
        };
        assert_eq!(spread(s, secs), "31.0 ms (29.0–35.0 ms)");
        let s = Spread {
            median: 0.95,
            min: 0.09,
            max: 1.5,
        };
        assert_eq!(spread(s, secs), "950 ms (90.0 ms–1.50 s)");
        let s = Spread {
            median: 212.4,
            min: 212.1,
            max: 212.3,
        };
        assert_eq!(spread(s, mb), "212 MB");
    }

    #[test]
    fn csv_cells_with_commas_are_quoted() {
        let bytes = csv_text(&["a", "b"], &[vec!["x,y".into(), "1".into()]]).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "a,b\n\"x,y\",1\n");
    }
}
