//! The sections of the user's command: the default path with its targets
//! and stages, and the scaling curve with its chart.

use std::path::Path;

use super::{chart_file_bytes, csv_text, level, mb, num, opt_spread, secs, spread, Section};
use crate::report::charts::{render, Formats};
use crate::report::Lang;
use crate::study::bench::chart::{self, Scaling, SCALING_CSV};
use crate::study::bench::child::Cores;
use crate::study::bench::doc::{Columns, Doc};
use crate::study::bench::e2e::{Charts, DefaultPathRow, Measured, ScalingRow, Stage, Stages};
use crate::study::bench::one_county::OneCountyRow;
use crate::study::bench::stats::fit_loglog;
use crate::study::bench::targets::{Figure, Verdict};
use crate::study::bench::{BenchError, Instance};

fn flags(charts: Charts) -> &'static str {
    match charts {
        Charts::Default => "default",
        Charts::None => "`--charts none`",
    }
}

/// The command with the one-core setting spelled out, for copying.
fn reproduce(m: &Measured) -> String {
    let command = m.command.replacen("staffing", "target/release/staffing", 1);
    match (m.cores, m.pinned_cpu()) {
        (Cores::One, Some(cpu)) => format!("taskset -c {cpu} env RAYON_NUM_THREADS=1 {command}"),
        (Cores::One, None) => format!("RAYON_NUM_THREADS=1 {command}"),
        (Cores::All, _) => command,
    }
}

/// The default-path section: the table, the targets, the solve alone and
/// the commands that reproduce each row.
pub fn default_path(
    rows: &[DefaultPathRow],
    stages: &[Stages],
    verdicts: &[Verdict],
) -> Result<Section, BenchError> {
    let mut doc = Doc::new();
    let repeat = rows.first().map_or(0, |r| r.measured.runs.len());
    let pinned = rows
        .iter()
        .find_map(|r| r.measured.pinned_cpu())
        .map_or("not pinned (Linux only)".to_string(), |c| {
            format!("pinned to CPU {c}")
        });
    doc.section("Default path: `staffing solve` as a user runs it");
    doc.para(format!(
        "Each row is one command, run {repeat} times in interleaved rounds after one untimed run per instance; \
         each run writes a fresh output folder. Figures are the median with the range (min–max) of the runs. \
         Wall time runs from just before the process starts to its exit. CPU is the child's own user + system \
         time and peak memory its `ru_maxrss` (MB = 10⁶ bytes), both from `wait4`. \
         \"one core\": {pinned}, with `RAYON_NUM_THREADS=1`; \"all cores\": the plain command."
    ));
    doc.table(
        Columns::new()
            .left("instance", |r: &DefaultPathRow| r.instance.label.clone())
            .right("stations", |r: &DefaultPathRow| {
                r.instance.stations.to_string()
            })
            .left("flags", |r: &DefaultPathRow| flags(r.charts).to_string())
            .left("cores", |r: &DefaultPathRow| {
                r.measured.cores.label().to_string()
            })
            .right("wall", |r: &DefaultPathRow| spread(r.measured.wall(), secs))
            .right("CPU", |r: &DefaultPathRow| {
                format!("**{}**", opt_spread(r.measured.cpu(), secs))
            })
            .right("peak memory", |r: &DefaultPathRow| {
                opt_spread(r.measured.peak_mb(), mb)
            })
            .left("status", |r: &DefaultPathRow| {
                r.measured
                    .figures()
                    .map_or("—".to_string(), |f| f.status.clone())
            })
            .right("balance level", |r: &DefaultPathRow| {
                level(r.measured.balance_level())
            })
            .rows(rows),
    );
    if let Some(note) = floor_note(rows.iter().map(|r| &r.measured)) {
        doc.para(note);
    }
    targets(&mut doc, verdicts);
    stages_table(&mut doc, stages);
    commands(&mut doc, rows);
    Ok(Section {
        doc,
        files: vec![("default_path.csv".into(), default_path_csv(rows)?)],
        charts: Vec::new(),
    })
}

/// The raw figures of the default path (`default_path.csv`).
fn default_path_csv(rows: &[DefaultPathRow]) -> Result<Vec<u8>, BenchError> {
    let csv: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let m = &r.measured;
            let (wall, cpu, peak) = (m.wall(), m.cpu(), m.peak_mb());
            vec![
                r.instance.label.clone(),
                r.instance.stations.to_string(),
                r.instance.counties.to_string(),
                m.command.clone(),
                m.cores.label().to_string(),
                m.pinned_cpu().map_or(String::new(), |c| c.to_string()),
                m.runs.len().to_string(),
                format!("{:.6}", wall.median),
                format!("{:.6}", wall.min),
                format!("{:.6}", wall.max),
                num(cpu.map(|s| s.median), 6),
                num(cpu.map(|s| s.min), 6),
                num(cpu.map(|s| s.max), 6),
                num(peak.map(|s| s.median), 1),
                num(peak.map(|s| s.min), 1),
                num(peak.map(|s| s.max), 1),
                num(m.floor_mb(), 1),
                m.figures().map_or(String::new(), |f| f.status.clone()),
                num(m.balance_level(), 9),
            ]
        })
        .collect();
    csv_text(
        &[
            "instance",
            "stations",
            "counties",
            "command",
            "cores",
            "pinned_cpu",
            "repeats",
            "wall_s",
            "wall_min_s",
            "wall_max_s",
            "cpu_s",
            "cpu_min_s",
            "cpu_max_s",
            "peak_mb",
            "peak_min_mb",
            "peak_max_mb",
            "peak_floor_mb",
            "status",
            "balance_level",
        ],
        &csv,
    )
}

/// The targets, judged.
fn targets(doc: &mut Doc, verdicts: &[Verdict]) {
    doc.heading("Targets");
    doc.para(
        "Judged on the median CPU time (a shared machine inflates it far less than wall time) or peak \
         memory; the wall time of the same runs is beside it. A target is judged only on the instance it names.",
    );
    doc.table(
        Columns::new()
            .left("target", |v: &Verdict| v.target.describe())
            .left("for", |v: &Verdict| v.target.what.to_string())
            .right("measured", |v: &Verdict| {
                v.measured.map_or("—".into(), |x| match v.target.figure {
                    Figure::Cpu => secs(x),
                    Figure::PeakMb => mb(x),
                })
            })
            .right("wall", |v: &Verdict| v.wall_s.map_or("—".into(), secs))
            .left("verdict", |v: &Verdict| format!("**{}**", v.word()))
            .rows(verdicts),
    );
}

/// Whether the levels agree, and each row's command, by hand.
fn commands(doc: &mut Doc, rows: &[DefaultPathRow]) {
    let mut instances: Vec<&Instance> = Vec::new();
    for r in rows {
        if !instances.contains(&&r.instance) {
            instances.push(&r.instance);
        }
    }
    let identical = instances.iter().all(|i| {
        let mut levels = rows
            .iter()
            .filter(|r| &r.instance == *i)
            .flat_map(|r| r.measured.levels());
        let first = levels.next();
        levels.all(|l| Some(l) == first)
    });
    doc.para(format!(
        "Balance levels identical across runs, flags and core counts: {}.",
        if identical { "yes" } else { "NO" }
    ));
    doc.para("Each row, by hand (`DIR` a new folder):");
    let mut lines: Vec<String> = instances
        .iter()
        .filter_map(|i| {
            let g = i.generated.as_ref()?;
            Some(format!(
                "target/release/staffing generate --counties {} --stations {} --seed {} {}",
                i.counties,
                i.stations,
                g.seed,
                i.scenario.parent().unwrap_or(Path::new(".")).display()
            ))
        })
        .collect();
    lines.extend(rows.iter().map(|r| reproduce(&r.measured)));
    doc.commands(lines);
    doc.para("Raw figures: `default_path.csv`.");
}

/// "Where the time goes": each stage in process, CPU time (wall time when
/// CPU time cannot be read), and the wall time of the write.
fn stages_table(doc: &mut Doc, stages: &[Stages]) {
    doc.heading("Where the time goes (in process)");
    doc.para(
        "The same work as `staffing solve`, stage by stage in the bench's own process (medians with range; \
         CPU time of the process, charts render on all cores). The child's figures above add process \
         start-up and exit. Outputs are built in memory; write is `output::write_folder`, which syncs each \
         file to disk, so its wall time is mostly waiting for the disk.",
    );
    let cpu = |s: &Stage| match s.cpu {
        Some(c) => spread(c, secs),
        None => format!("{} wall", spread(s.wall, secs)),
    };
    doc.table(
        Columns::new()
            .left("instance", |s: &Stages| s.instance.label.clone())
            .right("read", move |s: &Stages| cpu(&s.read))
            .right("solve", move |s: &Stages| cpu(&s.solve))
            .right(
                "outputs, `--charts none`",
                move |s: &Stages| cpu(&s.outputs),
            )
            .right("outputs with charts", move |s: &Stages| {
                cpu(&s.outputs_with_charts)
            })
            .right("write (CPU)", move |s: &Stages| cpu(&s.write))
            .right("write (wall)", |s: &Stages| spread(s.write.wall, secs))
            .rows(stages),
    );
}

/// The note on the floor of the peak-memory figures.
fn floor_note<'a>(measured: impl Iterator<Item = &'a Measured>) -> Option<String> {
    let floor = measured
        .filter_map(Measured::floor_mb)
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))?;
    Some(format!(
        "Peak memory is the child's own above {}, the bench's own size when it started a child \
         (Linux counts a parent's memory in its child's peak; see `docs/bench.md`).",
        mb(floor)
    ))
}

/// The scaling section: table, fits, `scaling.csv` and the chart drawn from
/// it (so `--plot-only` draws the same chart).
pub fn scaling(rows: &[ScalingRow], lang: Lang) -> Result<Section, BenchError> {
    let mut doc = Doc::new();
    let repeat = rows.first().map_or(0, |r| r.end_to_end.runs.len());
    doc.section("Scaling: generated instances");
    doc.para(format!(
        "End to end is the default command (every output, charts included) on one core, median of {repeat} \
         runs with the range; the solve alone is `pipeline::solve` in process. Instances: `staffing generate` \
         with 0.07 counties per station."
    ));
    doc.table(
        Columns::new()
            .right("stations", |r: &ScalingRow| r.instance.stations.to_string())
            .right("counties", |r: &ScalingRow| r.instance.counties.to_string())
            .right("solve alone", |r: &ScalingRow| spread(r.solve, secs))
            .right("end to end (wall)", |r: &ScalingRow| {
                format!("**{}**", spread(r.end_to_end.wall(), secs))
            })
            .right("CPU", |r: &ScalingRow| opt_spread(r.end_to_end.cpu(), secs))
            .right("peak memory", |r: &ScalingRow| {
                opt_spread(r.end_to_end.peak_mb(), mb)
            })
            .right("balance level", |r: &ScalingRow| {
                level(r.end_to_end.balance_level())
            })
            .rows(rows),
    );
    if let Some(note) = floor_note(rows.iter().map(|r| &r.end_to_end)) {
        doc.para(note);
    }
    fits(&mut doc, rows);
    let csv = scaling_csv(rows)?;
    let figure = Scaling::new(chart::parse_scaling_csv(&csv)?, lang);
    doc.chart(
        "scaling",
        "Solve alone and end-to-end time against stations, log–log, with the fitted power laws",
    );
    doc.para(
        "Raw figures: `scaling.csv`; chart `scaling.png`, `scaling.svg` (redraw with `staffing bench --plot-only --out DIR`).",
    );
    let chart = render(&figure, Formats::SvgAndPng)?;
    let mut files = vec![(SCALING_CSV.to_string(), csv)];
    files.extend(chart_file_bytes(&chart));
    Ok(Section {
        doc,
        files,
        charts: vec![chart],
    })
}

/// The log–log fits over all sizes and over 1,000 stations and more.
fn fits(doc: &mut Doc, rows: &[ScalingRow]) {
    for from in [0, 1000] {
        let used: Vec<&ScalingRow> = rows
            .iter()
            .filter(|r| r.instance.stations >= from)
            .collect();
        let fit = |pick: fn(&ScalingRow) -> f64| {
            fit_loglog(
                &used
                    .iter()
                    .map(|r| (r.instance.stations as f64, pick(r)))
                    .collect::<Vec<_>>(),
            )
        };
        let cpu = fit(|r| r.end_to_end.cpu().map_or(f64::NAN, |s| s.median))
            .map_or(String::new(), |(b, _, r2)| {
                format!(", its CPU time ∝ n^{b:.2} (r² {r2:.3})")
            });
        if let (Some((bs, _, r2s)), Some((bt, _, r2t))) =
            (fit(|r| r.solve.median), fit(|r| r.end_to_end.wall().median))
        {
            doc.para(format!(
                "Fit over {}–{} stations: solve alone ∝ n^{bs:.2} (r² {r2s:.3}), end to end ∝ n^{bt:.2} (r² {r2t:.3}){cpu}.",
                used[0].instance.stations,
                used[used.len() - 1].instance.stations
            ));
        }
    }
}

/// The raw figures of the scaling curve (`scaling.csv`).
fn scaling_csv(rows: &[ScalingRow]) -> Result<Vec<u8>, BenchError> {
    let csv: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let m = &r.end_to_end;
            let wall = m.wall();
            vec![
                r.instance.label.clone(),
                r.instance.stations.to_string(),
                r.instance.counties.to_string(),
                format!("{:.6}", r.solve.median),
                format!("{:.6}", wall.median),
                format!("{:.6}", wall.min),
                format!("{:.6}", wall.max),
                num(m.cpu().map(|s| s.median), 6),
                num(m.peak_mb().map(|s| s.median), 1),
                num(m.balance_level(), 9),
                m.runs.len().to_string(),
            ]
        })
        .collect();
    csv_text(
        &[
            "instance",
            "stations",
            "counties",
            "solve_s",
            "total_s",
            "total_min_s",
            "total_max_s",
            "cpu_s",
            "peak_mb",
            "balance_level",
            "repeats",
        ],
        &csv,
    )
}

/// One large county (issue #27): the default command on one county of
/// 10,000 and of 100,000 identical stations, the CPU ratio, and the targets
/// (`one_county.csv`).
pub fn one_county(rows: &[OneCountyRow]) -> Result<Section, BenchError> {
    use crate::study::bench::one_county::{
        ratio, verdict, CPU_TARGET_S, CPU_TARGET_STATIONS, RATIO_TARGET,
    };
    let mut doc = Doc::new();
    doc.section("One large county: per-county work near-linear");
    let repeat = rows.first().map_or(0, |r| r.end_to_end.runs.len());
    doc.para(format!(
        "The default command (every output, charts included) on one county of identical \
         stations, where every station binds the balance level, on one core, median of {repeat} \
         runs with the range. Targets: {CPU_TARGET_STATIONS} stations in under {CPU_TARGET_S} s of CPU, \
         and the larger county within {RATIO_TARGET}× the CPU of the smaller."
    ));
    doc.table(
        Columns::new()
            .right("stations", |r: &OneCountyRow| r.stations.to_string())
            .right("end to end (wall)", |r: &OneCountyRow| {
                spread(r.end_to_end.wall(), secs)
            })
            .right("CPU", |r: &OneCountyRow| {
                format!("**{}**", opt_spread(r.end_to_end.cpu(), secs))
            })
            .right("peak memory", |r: &OneCountyRow| {
                opt_spread(r.end_to_end.peak_mb(), mb)
            })
            .right("balance level", |r: &OneCountyRow| {
                level(r.end_to_end.balance_level())
            })
            .rows(rows),
    );
    if let Some(r) = ratio(rows) {
        doc.para(format!(
            "CPU of the larger county over the smaller: {r:.1}×."
        ));
    }
    let met: Vec<String> = verdict(rows)
        .iter()
        .map(|(what, ok)| format!("{what}: {}", if *ok { "yes" } else { "NO" }))
        .collect();
    if !met.is_empty() {
        doc.para(format!("Targets met: {}.", met.join("; ")));
    }
    if let Some(note) = floor_note(rows.iter().map(|r| &r.end_to_end)) {
        doc.para(note);
    }
    doc.para("Reproduce (the instances are kept under `instances/one-county/`):");
    doc.commands(rows.iter().map(|r| reproduce(&r.end_to_end)).collect());
    let csv: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let m = &r.end_to_end;
            vec![
                r.stations.to_string(),
                format!("{:.6}", m.wall().median),
                num(m.cpu().map(|s| s.median), 6),
                num(m.peak_mb().map(|s| s.median), 1),
                num(m.balance_level(), 9),
                m.runs.len().to_string(),
            ]
        })
        .collect();
    let csv = csv_text(
        &[
            "stations",
            "wall_seconds",
            "cpu_seconds",
            "peak_mb",
            "balance_level",
            "runs",
        ],
        &csv,
    )?;
    Ok(Section::new(doc, vec![("one_county.csv".into(), csv)]))
}
