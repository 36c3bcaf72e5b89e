//! The bench's own files: `report.md`, one CSV per section and the scaling
//! chart. Each section's rows become one [`Section`]: its Markdown and the
//! files that go with it.

use std::fmt::Write as _;
use std::path::Path;

use super::chart::{self, Scaling, SCALING_CSV};
use super::child::{load_average, Cores};
use super::e2e::{Charts, DefaultPathRow, Measured, ScalingRow, Stage, Stages};
use super::milp::{MilpRow, MilpRun};
use super::proportional::ProportionalRow;
use super::stats::{fit_loglog, Spread};
use super::targets::Verdict;
use super::throughput::{RobustRow, ThroughputSection};
use super::{BenchError, Instance, Options};
use crate::report::charts::{render, Formats};
use crate::report::Lang;

/// The first line of every `report.md` of the bench.
pub const TITLE: &str = "# staffing bench";

/// One section of the report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub markdown: String,
    /// Files beside `report.md`: name and bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

/// The machine at the start of a run, for the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    pub cores: usize,
    pub load_before: String,
}

impl Machine {
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
    let mut md = String::new();
    let repeat = rows.first().map_or(0, |r| r.measured.runs.len());
    let pinned = rows
        .iter()
        .find_map(|r| r.measured.pinned_cpu())
        .map_or("not pinned (Linux only)".to_string(), |c| {
            format!("pinned to CPU {c}")
        });
    let _ = writeln!(md, "## Default path: `staffing solve` as a user runs it\n");
    let _ = writeln!(
        md,
        "Each row is one command, run {repeat} times in interleaved rounds after one untimed run per instance; \
         each run writes a fresh output folder. Figures are the median with the range (min–max) of the runs. \
         Wall time runs from just before the process starts to its exit. CPU is the child's own user + system \
         time and peak memory its `ru_maxrss` (MB = 10⁶ bytes), both from `wait4`. \
         \"one core\": {pinned}, with `RAYON_NUM_THREADS=1`; \"all cores\": the plain command.\n"
    );
    let _ = writeln!(
        md,
        "| instance | stations | flags | cores | wall | CPU | peak memory | status | balance level |"
    );
    let _ = writeln!(md, "|---|---:|---|---|---:|---:|---:|---|---:|");
    let mut csv = Vec::new();
    for r in rows {
        let m = &r.measured;
        let wall = m.wall();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | **{}** | {} | {} | {} |",
            r.instance.label,
            r.instance.stations,
            flags(r.charts),
            m.cores.label(),
            spread(wall, secs),
            opt_spread(m.cpu(), secs),
            opt_spread(m.peak_mb(), mb),
            m.figures().map_or("—", |f| f.status.as_str()),
            level(m.balance_level()),
        );
        let cpu = m.cpu();
        let peak = m.peak_mb();
        csv.push(vec![
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
        ]);
    }
    let _ = writeln!(md);
    md.push_str(&floor_note(rows.iter().map(|r| &r.measured)));

    let _ = writeln!(md, "### Targets\n");
    let _ = writeln!(
        md,
        "Judged on the median CPU time (a shared machine inflates it far less than wall time) or peak \
         memory; the wall time of the same runs is beside it. A target is judged only on the instance it names.\n"
    );
    let _ = writeln!(md, "| target | for | measured | wall | verdict |");
    let _ = writeln!(md, "|---|---|---:|---:|---|");
    for v in verdicts {
        let measured = v.measured.map_or("—".into(), |x| match v.target.figure {
            super::targets::Figure::Cpu => secs(x),
            super::targets::Figure::PeakMb => mb(x),
        });
        let _ = writeln!(
            md,
            "| {} | {} | {measured} | {} | **{}** |",
            v.target.describe(),
            v.target.what,
            v.wall_s.map_or("—".into(), secs),
            v.word()
        );
    }
    let _ = writeln!(md);

    md.push_str(&stages_table(stages));
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
    let _ = writeln!(
        md,
        "Balance levels identical across runs, flags and core counts: {}.\n",
        if identical { "yes" } else { "NO" }
    );
    let _ = writeln!(md, "Each row, by hand (`DIR` a new folder):\n\n```sh");
    for i in &instances {
        if let Some(g) = &i.generated {
            let _ = writeln!(
                md,
                "target/release/staffing generate --counties {} --stations {} --seed {} {}",
                i.counties,
                i.stations,
                g.seed,
                i.scenario.parent().unwrap_or(Path::new(".")).display()
            );
        }
    }
    for r in rows {
        let _ = writeln!(md, "{}", reproduce(&r.measured));
    }
    let _ = writeln!(md, "```\n\nRaw figures: `default_path.csv`.\n");
    let csv = csv_text(
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
    )?;
    Ok(Section {
        markdown: md,
        files: vec![("default_path.csv".into(), csv)],
    })
}

/// "Where the time goes": each stage in process, CPU time (wall time when
/// CPU time cannot be read), and the wall time of the write.
fn stages_table(stages: &[Stages]) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "### Where the time goes (in process)\n");
    let _ = writeln!(
        md,
        "The same work as `staffing solve`, stage by stage in the bench's own process (medians with range; \
         CPU time of the process, charts render on all cores). The child's figures above add process \
         start-up and exit. Outputs are built in memory; write is `output::write_folder`, which syncs each \
         file to disk, so its wall time is mostly waiting for the disk.\n"
    );
    let _ = writeln!(
        md,
        "| instance | read | solve | outputs, `--charts none` | outputs with charts | write (CPU) | write (wall) |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|");
    let cpu = |s: &Stage| match s.cpu {
        Some(c) => spread(c, secs),
        None => format!("{} wall", spread(s.wall, secs)),
    };
    for s in stages {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            s.instance.label,
            cpu(&s.read),
            cpu(&s.solve),
            cpu(&s.outputs),
            cpu(&s.outputs_with_charts),
            cpu(&s.write),
            spread(s.write.wall, secs)
        );
    }
    let _ = writeln!(md);
    md
}

/// The note on the floor of the peak-memory figures.
fn floor_note<'a>(measured: impl Iterator<Item = &'a Measured>) -> String {
    let floor = measured
        .filter_map(Measured::floor_mb)
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    match floor {
        Some(f) => format!(
            "Peak memory is the child's own above {}, the bench's own size when it started a child \
             (Linux counts a parent's memory in its child's peak; see `docs/bench.md`).\n\n",
            mb(f)
        ),
        None => String::new(),
    }
}

/// The chart files of a scaling figure.
pub fn chart_files(figure: &Scaling) -> Result<Vec<(String, Vec<u8>)>, BenchError> {
    let chart = render(figure, Formats::SvgAndPng)?;
    let mut files = vec![(format!("{}.svg", chart.stem), chart.svg.into_bytes())];
    if let Some(png) = chart.png {
        files.push((format!("{}.png", chart.stem), png));
    }
    Ok(files)
}

/// The scaling section: table, fits, `scaling.csv` and the chart drawn from
/// it (so `--plot-only` draws the same chart).
pub fn scaling(rows: &[ScalingRow], lang: Lang) -> Result<Section, BenchError> {
    let mut md = String::new();
    let repeat = rows.first().map_or(0, |r| r.end_to_end.runs.len());
    let _ = writeln!(md, "## Scaling: generated instances\n");
    let _ = writeln!(
        md,
        "End to end is the default command (every output, charts included) on one core, median of {repeat} \
         runs with the range; the solve alone is `pipeline::solve` in process. Instances: `staffing generate` \
         with 0.07 counties per station.\n"
    );
    let _ = writeln!(
        md,
        "| stations | counties | solve alone | end to end (wall) | CPU | peak memory | balance level |"
    );
    let _ = writeln!(md, "|---:|---:|---:|---:|---:|---:|---:|");
    let mut csv = Vec::new();
    for r in rows {
        let m = &r.end_to_end;
        let wall = m.wall();
        let _ = writeln!(
            md,
            "| {} | {} | {} | **{}** | {} | {} | {} |",
            r.instance.stations,
            r.instance.counties,
            spread(r.solve, secs),
            spread(wall, secs),
            opt_spread(m.cpu(), secs),
            opt_spread(m.peak_mb(), mb),
            level(m.balance_level())
        );
        csv.push(vec![
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
        ]);
    }
    let _ = writeln!(md);
    md.push_str(&floor_note(rows.iter().map(|r| &r.end_to_end)));
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
            let _ = writeln!(
                md,
                "Fit over {}–{} stations: solve alone ∝ n^{bs:.2} (r² {r2s:.3}), end to end ∝ n^{bt:.2} (r² {r2t:.3}){cpu}.\n",
                used[0].instance.stations,
                used[used.len() - 1].instance.stations
            );
        }
    }
    let csv = csv_text(
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
    )?;
    let figure = Scaling::new(chart::parse_scaling_csv(&csv)?, lang);
    let _ = writeln!(
        md,
        "![Solve alone and end-to-end time against stations, log–log, with the fitted power laws](scaling.png)\n"
    );
    let _ = writeln!(
        md,
        "Raw figures: `scaling.csv`; chart `scaling.png`, `scaling.svg` (redraw with `staffing bench --plot-only --out DIR`).\n"
    );
    let mut files = vec![(SCALING_CSV.to_string(), csv)];
    files.extend(chart_files(&figure)?);
    Ok(Section {
        markdown: md,
        files,
    })
}

/// The throughput section.
pub fn throughput(t: &ThroughputSection, options: &Options) -> Result<Section, BenchError> {
    let mut md = String::new();
    let points = t.rows.first().map_or(0, |r| r.points);
    let _ = writeln!(md, "## Solve throughput ({points} points, in process)\n");
    let _ = writeln!(
        md,
        "Re-solving {} ({} stations) at points drawn with call_growth ~ normal(1.15, 0.05), \
         divert_share ~ uniform(0, 0.3), seed {}: requirements, both phases and auxiliaries, no I/O. \
         Median of {} runs, with the range.\n",
        t.instance.label,
        t.instance.stations,
        options.seed,
        options.repeat.max(1)
    );
    let _ = writeln!(md, "| threads | points/s | seconds |");
    let _ = writeln!(md, "|---:|---:|---:|");
    let mut csv = Vec::new();
    for r in &t.rows {
        let pps = r.points as f64 / r.seconds.median;
        let _ = writeln!(
            md,
            "| {} | {pps:.0} | {} |",
            r.threads,
            spread(r.seconds, |v| format!("{v:.3}"))
        );
        csv.push(vec![
            t.instance.label.clone(),
            t.instance.stations.to_string(),
            r.threads.to_string(),
            r.points.to_string(),
            format!("{:.6}", r.seconds.median),
            format!("{pps:.1}"),
        ]);
    }
    let _ = writeln!(
        md,
        "\nBalance levels identical across thread counts and runs: {}.\n",
        if t.identical { "yes" } else { "NO" }
    );
    let csv = csv_text(
        &[
            "instance",
            "stations",
            "threads",
            "points",
            "seconds",
            "points_per_second",
        ],
        &csv,
    )?;
    Ok(Section {
        markdown: md,
        files: vec![("throughput.csv".into(), csv)],
    })
}

/// The robust-plan section (no section when no point had a level).
pub fn robust(r: Option<&RobustRow>) -> Section {
    let Some(r) = r else {
        return Section::default();
    };
    let mut md = String::new();
    let _ = writeln!(md, "## Robust plan over the same points\n");
    let _ = writeln!(md, "| | level |");
    let _ = writeln!(md, "|---|---:|");
    let _ = writeln!(
        md,
        "| each point's own optimum: min / median / max | {:.4} / {:.4} / {:.4} |",
        r.own_min, r.own_median, r.own_max
    );
    let _ = writeln!(
        md,
        "| worst case of the scenario's own plan over the points | {:.4} |",
        r.baseline_worst
    );
    let _ = writeln!(
        md,
        "| worst case of the robust plan (max-min over the points) | {:.4} |\n",
        r.robust_worst
    );
    Section {
        markdown: md,
        files: vec![],
    }
}

/// What the optional features cost, solve alone (in process, one thread,
/// interleaved runs).
pub fn features(rows: &[super::features::FeatureRow]) -> Section {
    if rows.is_empty() {
        return Section::default();
    }
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## What the optional features cost
"
    );
    let _ = writeln!(
        md,
        "The same stations solved without and with a feature: `pipeline::solve` (both phases, the independent check, every figure of the outcome), in process on one thread, the two scenarios interleaved after a warm-up run of each. Medians, and the fastest runs (the steadier figure on a busy machine).
"
    );
    let _ = writeln!(
        md,
        "| feature | stations | runs | without | with | cost (medians) | cost (fastest) |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let t = &r.timing;
        let _ = writeln!(
            md,
            "| {} (`{}` against `{}`) | {} | {} | {:.2} ms | {:.2} ms | {:+.1}% | {:+.1}% |",
            r.feature,
            r.with,
            r.without,
            r.stations,
            t.runs,
            t.paper * 1e3,
            t.real * 1e3,
            t.overhead() * 100.0,
            t.overhead_fastest() * 100.0
        );
    }
    let _ = writeln!(md);
    Section {
        markdown: md,
        files: vec![],
    }
}

/// The MILP section.
pub fn milp(rows: &[MilpRow], options: &Options) -> Result<Section, BenchError> {
    if rows.is_empty() {
        return Ok(Section::default());
    }
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Against the monolithic MILP ({})\n",
        crate::model::milp::backend_name()
    );
    let _ = writeln!(
        md,
        "Same generated data, same model: `staffing solve SCENARIO --out DIR --charts none` against the same \
         with `--engine milp --time-limit {}`, on one core. The MILP runs four solves (two phases for \
         officers, two for auxiliaries), each with that limit; it is killed at 4 × limit + 30 s, and larger \
         sizes are not run once one misses optimality. Ours: median of {} runs; CPU time first, as a shared \
         disk makes the wall time of small runs jumpy.\n",
        options.milp_time_limit,
        options.repeat.max(1)
    );
    let _ = writeln!(
        md,
        "| stations | ours: CPU (wall) | MILP: CPU (wall) | MILP status | same balance level |"
    );
    let _ = writeln!(md, "|---:|---:|---:|---|---|");
    let mut csv = Vec::new();
    for r in rows {
        let ours_wall = r.ours.wall().median;
        let ours_cpu = r.ours.cpu().map(|s| s.median);
        let agree = match r.agree() {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "",
        };
        let status = match &r.milp {
            MilpRun::Skipped => "not run: a smaller instance missed optimality".to_string(),
            other => other.status(),
        };
        let both = |cpu: Option<f64>, wall: Option<f64>| match (cpu, wall) {
            (Some(c), Some(w)) => format!("{} ({})", secs(c), secs(w)),
            (None, Some(w)) => format!("({})", secs(w)),
            _ => "—".into(),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {status} | {agree} |",
            r.stations,
            both(ours_cpu, Some(ours_wall)),
            both(r.milp.cpu_s(), r.milp.wall_s()),
        );
        csv.push(vec![
            r.stations.to_string(),
            r.counties.to_string(),
            format!("{ours_wall:.6}"),
            num(ours_cpu, 6),
            num(r.milp.wall_s(), 6),
            num(r.milp.cpu_s(), 6),
            r.milp.status(),
            num(r.ours.balance_level(), 9),
            num(r.milp.balance_level(), 9),
        ]);
    }
    let _ = writeln!(md);
    let csv = csv_text(
        &[
            "stations",
            "counties",
            "exact_total_s",
            "exact_cpu_s",
            "milp_total_s",
            "milp_cpu_s",
            "milp_status",
            "exact_level",
            "milp_level",
        ],
        &csv,
    )?;
    Ok(Section {
        markdown: md,
        files: vec![("milp.csv".into(), csv)],
    })
}

/// The proportional-rounding section.
pub fn proportional(rows: &[ProportionalRow]) -> Result<Section, BenchError> {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Against proportional rounding (the spreadsheet method)\n"
    );
    let _ = writeln!(md, "Each county keeps today's station officers and shares them in proportion to workload (Dₛ + Cₛ), rounded; community officers in proportion to Cₛ ÷ (Dₛ + Cₛ), rounded. \"below t*\" counts stations left below the optimal balance level t* (a station with no community or no duty officer after rounding has level 0). The next columns count broken rules: stations below their minimum, counties with HQ below hq_min, counties below the station share and the community share. The last column counts counties whose station total differs from today's: by design for the optimal plan, by rounding drift for proportional rounding.\n");
    let _ = writeln!(md, "| instance | plan | balance level | below t* | moved | below minimum | HQ below min | station 40% | community 40% | county total changed |");
    let _ = writeln!(md, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut csv = Vec::new();
    for r in rows {
        let a = &r.assessment;
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.instance,
            r.plan,
            level(a.balance_level),
            r.below_optimum,
            a.officers_moved,
            a.station_minimum,
            a.hq_minimum,
            a.station_share,
            a.community_share,
            a.total_drift
        );
        csv.push(vec![
            r.instance.clone(),
            r.stations.to_string(),
            r.plan.to_string(),
            num(a.balance_level, 9),
            r.below_optimum.to_string(),
            a.officers_moved.to_string(),
            a.station_minimum.to_string(),
            a.hq_minimum.to_string(),
            a.station_share.to_string(),
            a.community_share.to_string(),
            a.total_drift.to_string(),
        ]);
    }
    let _ = writeln!(md);
    let csv = csv_text(
        &[
            "instance",
            "stations",
            "method",
            "balance_level",
            "stations_below_optimum",
            "officers_moved",
            "station_minimum",
            "hq_minimum",
            "station_share",
            "community_share",
            "county_total_changed",
        ],
        &csv,
    )?;
    Ok(Section {
        markdown: md,
        files: vec![("proportional.csv".into(), csv)],
    })
}

/// The service standard's section (`service.csv`).
pub fn service(p: &super::service::RequirementPass) -> Result<Section, BenchError> {
    let mut md = String::new();
    let _ = writeln!(md, "## Service standard (Erlang C requirement pass)\n");
    let _ = writeln!(md, "The requirement pass (`requirements()`, every station's Dₛ, Cₛ and Vₛ) of {} ({} stations), in process on one thread, median of {} interleaved runs, under the hours method and under `method = \"erlang-c\"` with the issue's standard (45 minutes a call, 2-officer units, P(wait) ≤ 0.2, utilisation ≤ 0.6, the shipped hourly profile: 24 hours of Erlang C a station). Target: erlang-c adds at most {}.\n", p.instance, p.stations, p.runs, secs(super::service::ADDED_TARGET_S));
    let _ = writeln!(
        md,
        "| instance | hours method | erlang-c | added | target | Σ Dₛ under erlang-c |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---|---:|");
    let met = if p.added_s() <= super::service::ADDED_TARGET_S {
        "met"
    } else {
        "**missed**"
    };
    let _ = writeln!(
        md,
        "| {} | {} | {} | {} | ≤ {} {met} | {:.0} |",
        p.instance,
        secs(p.hours_s),
        secs(p.erlang_c_s),
        secs(p.added_s()),
        secs(super::service::ADDED_TARGET_S),
        p.erlang_c_duty
    );
    let _ = writeln!(md);
    let csv = csv_text(
        &[
            "instance",
            "stations",
            "runs",
            "hours_s",
            "erlang_c_s",
            "added_s",
            "erlang_c_duty",
        ],
        &[vec![
            p.instance.clone(),
            p.stations.to_string(),
            p.runs.to_string(),
            format!("{:.6}", p.hours_s),
            format!("{:.6}", p.erlang_c_s),
            format!("{:.6}", p.added_s()),
            format!("{:.3}", p.erlang_c_duty),
        ]],
    )?;
    Ok(Section {
        markdown: md,
        files: vec![("service.csv".into(), csv)],
    })
}

/// The balance targets (issue #14): the solve under each target, its ratio
/// to `province`, and the issue's targets met or not.
pub fn fairness(rows: &[super::fairness::FairnessRow]) -> Result<Section, BenchError> {
    let mut md = String::new();
    let _ = writeln!(md, "## Balance targets: province, county, leximin\n");
    let _ = writeln!(md, "The exact solve alone (both phases and the auxiliaries, no check, no files), in process on one thread, each target's median of interleaved runs. Targets: `county` costs no more than `province`, `leximin` within 10× `province`, and under 3 s on the 40,000-station nation.\n");
    let _ = writeln!(
        md,
        "| instance | target | solve | × province | officers moved | status | targets met |"
    );
    let _ = writeln!(md, "|---|---|---:|---:|---:|---|---|");
    let mut csv = Vec::new();
    for r in rows {
        let verdicts = super::fairness::verdict(r);
        let met: Vec<String> = verdicts
            .iter()
            .map(|(what, ok)| format!("{what}: {}", if *ok { "yes" } else { "NO" }))
            .collect();
        for (i, t) in r.timings.iter().enumerate() {
            let status = if t.optimal { "optimal" } else { "time_limit" };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {:.2} | {} | {status} | {} |",
                r.instance,
                t.target.as_str(),
                secs(t.seconds),
                t.ratio,
                t.officers_moved,
                if i == 0 {
                    met.join("; ")
                } else {
                    String::new()
                }
            );
            csv.push(vec![
                r.instance.clone(),
                r.stations.to_string(),
                t.target.as_str().to_string(),
                format!("{:.6}", t.seconds),
                format!("{:.3}", t.ratio),
                t.officers_moved.to_string(),
                status.to_string(),
            ]);
        }
    }
    let _ = writeln!(md);
    let csv = csv_text(
        &[
            "instance",
            "stations",
            "target",
            "solve_seconds",
            "ratio_to_province",
            "officers_moved",
            "status",
        ],
        &csv,
    )?;
    Ok(Section {
        markdown: md,
        files: vec![("fairness.csv".into(), csv)],
    })
}

/// The multi-year roadmap (issue #16): the province's five-year myopic and
/// ten-year horizon roadmaps, in process with every file but charts.
pub fn roadmap(rows: &[super::roadmap::RoadmapRow]) -> Result<Section, BenchError> {
    let mut md = String::new();
    let _ = writeln!(md, "## Roadmap: five-year myopic, ten-year horizon\n");
    if rows.is_empty() {
        let _ = writeln!(
            md,
            "Left out: no `roadmap.toml` beside the province's scenario.\n"
        );
        return Ok(Section {
            markdown: md,
            files: Vec::new(),
        });
    }
    let _ = writeln!(md, "`staffing roadmap` of the province in process: read the data, plan every year (ageing, retirements, leavers, recruits placed, the year's exact plan), write every file but charts; median of the runs, min and max. Targets: five-year myopic under 1 s, ten-year horizon under 60 s on 2 cores.\n");
    let _ = writeln!(
        md,
        "| case | years | stations | jobs | median | min | max | worst level | target | met | command |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
    let mut csv = Vec::new();
    for r in rows {
        let worst = r.worst_level.map_or("—".to_string(), |l| format!("{l:.4}"));
        let met = if r.met() { "yes" } else { "NO" };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {worst} | < {} | {met} | `{}` |",
            r.case,
            r.years,
            r.stations,
            r.jobs,
            secs(r.seconds),
            secs(r.min),
            secs(r.max),
            secs(r.target),
            r.command
        );
        csv.push(vec![
            r.case.clone(),
            r.mode.as_str().to_string(),
            r.years.to_string(),
            r.stations.to_string(),
            r.jobs.to_string(),
            format!("{:.6}", r.seconds),
            format!("{:.6}", r.min),
            format!("{:.6}", r.max),
            r.worst_level.map_or(String::new(), |l| format!("{l}")),
            format!("{}", r.target),
            met.to_string(),
        ]);
    }
    let _ = writeln!(md);
    let csv = csv_text(
        &[
            "case",
            "mode",
            "years",
            "stations",
            "jobs",
            "median_seconds",
            "min_seconds",
            "max_seconds",
            "worst_level",
            "target_seconds",
            "met",
        ],
        &csv,
    )?;
    Ok(Section {
        markdown: md,
        files: vec![("roadmap.csv".into(), csv)],
    })
}

/// The whole `report.md`: header, sections, load after.
pub fn assemble(options: &Options, machine: &Machine, sections: &[Section]) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "{TITLE}\n");
    let _ = writeln!(md, "Command: `{}`  ", options.command_line);
    let _ = writeln!(
        md,
        "Version {}, {} build, {} cores visible; load average before: {}.\n",
        env!("CARGO_PKG_VERSION"),
        if cfg!(debug_assertions) {
            "DEBUG (timings not representative)"
        } else {
            "release"
        },
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
        md.push_str(&s.markdown);
    }
    let _ = writeln!(
        md,
        "Load average after: {}.",
        load_average().unwrap_or_else(|| "n/a".into())
    );
    md
}

/// Writes one file atomically: a temporary file beside it, then a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), BenchError> {
    let io = |source| BenchError::Io {
        path: path.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

/// Writes named files into `out` (created if missing).
pub fn write_files(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), BenchError> {
    std::fs::create_dir_all(out).map_err(|source| BenchError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    for (name, bytes) in files {
        write_atomic(&out.join(name), bytes)?;
    }
    Ok(())
}

/// Writes every section's files, then `report.md`; returns the names.
pub fn write(out: &Path, report: &str, sections: &[Section]) -> Result<Vec<String>, BenchError> {
    let mut files: Vec<(String, Vec<u8>)> = sections.iter().flat_map(|s| s.files.clone()).collect();
    files.push(("report.md".into(), report.as_bytes().to_vec()));
    write_files(out, &files)?;
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
