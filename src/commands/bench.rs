//! `staffing bench`: solve times end to end (in child processes, with peak
//! memory), the scaling curve, solve throughput, the monolithic MILP and
//! proportional rounding on the same data. Writes CSVs, the scaling chart
//! (`scaling.svg`, `scaling.png`) and `report.md`; `--plot-only` redraws the
//! chart from an existing `scaling.csv`.
//!
//! Every end-to-end run is a fresh child process (`staffing bench-child`)
//! that times its own stages and reads its own peak RSS (VmHWM) before it
//! exits; the parent kills a child that overruns its deadline, which is how
//! a MILP that ignores its time limit is still measured honestly.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::{json, Value};
use staffing::baseline::{evaluate, proportional_plan, stations_below, today_plan, Assessment};
use staffing::bench::{cpu_seconds, fit_loglog, load_average, median, peak_rss_kib, throughput};
use staffing::generate::{generate, GenSpec};
use staffing::model::milp::MilpOptions;
use staffing::model::requirement::requirements;
use staffing::pipeline::{self as run, Engine};
use staffing::report::charts::bench::{parse_scaling_csv, Scaling};
use staffing::report::charts::{self, Formats};
use staffing::report::Lang;
use staffing::sample::{robust_plan, Distribution, SampleSpec, Target};

use crate::cli::{BenchArgs, BenchChildArgs, EngineArg, LangArg};

/// Generated sizes of the scaling curve.
const SIZES: [usize; 9] = [100, 200, 400, 1000, 2000, 4000, 10_000, 20_000, 40_000];
/// Instance sizes handed to the monolithic MILP (until one fails to finish).
const MILP_SIZES: [usize; 8] = [5, 10, 15, 20, 30, 40, 80, 160];
/// Counties per station in generated instances: 2,800 bureaus for 40,000 stations.
const COUNTIES_PER_STATION: f64 = 2800.0 / 40_000.0;

/// The child side: one end-to-end solve, timed by stage, printed as JSON.
pub fn child(args: BenchChildArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let loaded = run::load(&args.scenario)?;
    let t1 = Instant::now();
    let engine = match args.engine {
        EngineArg::Exact => Engine::Exact,
        EngineArg::Milp => Engine::Milp(MilpOptions {
            time_limit: args.time_limit,
        }),
    };
    let solution = run::solve(&loaded, engine)?;
    let t2 = Instant::now();
    let files = solution.files(
        loaded.unmerged.as_deref(),
        &staffing::report::ReportOptions::new(),
    )?;
    staffing::output::write_folder(&args.out, &files, &loaded.scenario.input_files())?;
    let t3 = Instant::now();
    let out = json!({
        "stations": loaded.province.stations.len(),
        "counties": loaded.province.counties.len(),
        "read_s": (t1 - t0).as_secs_f64(),
        "solve_s": (t2 - t1).as_secs_f64(),
        "write_s": (t3 - t2).as_secs_f64(),
        "total_s": (t3 - t0).as_secs_f64(),
        "peak_rss_kib": peak_rss_kib(),
        "cpu_s": cpu_seconds(),
        "status": solution.outcome.plan.status.as_str(),
        "balance_level": solution.outcome.plan.balance_level,
        "officers_moved": solution.outcome.plan.officers_moved,
    });
    println!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// What one child run gave.
enum ChildRun {
    Done(Value),
    /// Killed at the deadline (seconds waited).
    Killed(f64),
    Failed(String),
}

fn run_child(
    scenario: &Path,
    out: &Path,
    engine: &str,
    time_limit: Option<f64>,
    deadline: Duration,
) -> anyhow::Result<ChildRun> {
    let exe = std::env::current_exe().context("finding the staffing executable")?;
    let mut cmd = Command::new(exe);
    cmd.arg("bench-child")
        .arg(scenario)
        .arg(out)
        .args(["--engine", engine])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(l) = time_limit {
        cmd.args(["--time-limit", &l.to_string()]);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().context("starting a bench child process")?;
    loop {
        if let Some(status) = child.try_wait()? {
            let mut stdout = String::new();
            let mut stderr = String::new();
            if let Some(mut s) = child.stdout.take() {
                s.read_to_string(&mut stdout)?;
            }
            if let Some(mut s) = child.stderr.take() {
                s.read_to_string(&mut stderr)?;
            }
            if !status.success() {
                return Ok(ChildRun::Failed(stderr.trim().to_string()));
            }
            let v: Value = serde_json::from_str(stdout.trim())
                .with_context(|| format!("reading the child's report `{}`", stdout.trim()))?;
            return Ok(ChildRun::Done(v));
        }
        if started.elapsed() > deadline {
            child.kill().ok();
            child.wait().ok();
            return Ok(ChildRun::Killed(started.elapsed().as_secs_f64()));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn f(v: &Value, key: &str) -> f64 {
    v.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

/// A scenario to measure.
struct Instance {
    label: String,
    scenario: PathBuf,
    stations: usize,
    counties: usize,
}

/// Medians of `repeat` end-to-end runs of one instance.
struct EndToEnd {
    read: f64,
    solve: f64,
    write: f64,
    total: f64,
    cpu: f64,
    peak_mib: Option<f64>,
    balance_level: Option<f64>,
}

fn end_to_end(inst: &Instance, runs_dir: &Path, repeat: usize) -> anyhow::Result<EndToEnd> {
    let mut rows = Vec::new();
    for _ in 0..repeat.max(1) {
        match run_child(
            &inst.scenario,
            &runs_dir.join("exact"),
            "exact",
            None,
            Duration::from_secs(600),
        )? {
            ChildRun::Done(v) => rows.push(v),
            ChildRun::Killed(s) => bail!("{}: the exact solve ran past {s:.0} s", inst.label),
            ChildRun::Failed(e) => bail!("{}: the exact solve failed: {e}", inst.label),
        }
    }
    let col = |k: &str| median(&rows.iter().map(|r| f(r, k)).collect::<Vec<_>>());
    let peak = rows
        .iter()
        .filter_map(|r| r.get("peak_rss_kib").and_then(Value::as_f64))
        .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
    Ok(EndToEnd {
        read: col("read_s"),
        solve: col("solve_s"),
        write: col("write_s"),
        total: col("total_s"),
        cpu: col("cpu_s"),
        peak_mib: peak.map(|k| k / 1024.0),
        balance_level: rows[0].get("balance_level").and_then(Value::as_f64),
    })
}

fn generated(dir: &Path, stations: usize, seed: u64) -> anyhow::Result<Instance> {
    let counties = ((stations as f64 * COUNTIES_PER_STATION).round() as usize).clamp(1, stations);
    let g = generate(GenSpec {
        counties,
        stations,
        seed,
    })?;
    // One folder per size and seed: a data folder is never replaced, and the
    // same size and seed give the same bytes (kept as they are).
    let folder = dir.join(format!("n{stations}-seed{seed}"));
    staffing::output::write_data_folder(&folder, &g.files())?;
    Ok(Instance {
        label: format!("generated {stations}"),
        scenario: folder.join("scenario.toml"),
        stations,
        counties,
    })
}

fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn secs(v: f64) -> String {
    if v < 0.01 {
        format!("{:.2} ms", v * 1000.0)
    } else {
        format!("{v:.3} s")
    }
}

fn level(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.4}"))
}

/// Draws `scaling.svg` and `scaling.png` in `out` from the bytes of
/// `scaling.csv`, so a run and a later `--plot-only` draw the same chart.
fn write_scaling_chart(out: &Path, csv: &[u8], lang: LangArg) -> anyhow::Result<Scaling> {
    let lang = match lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let figure = Scaling::new(parse_scaling_csv(csv)?, lang);
    let chart = charts::render(&figure, Formats::SvgAndPng)?;
    let svg = out.join(format!("{}.svg", chart.stem));
    std::fs::write(&svg, &chart.svg).with_context(|| format!("writing {}", svg.display()))?;
    if let Some(png) = &chart.png {
        let path = out.join(format!("{}.png", chart.stem));
        std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(figure)
}

/// `--plot-only`: the chart of an existing `scaling.csv`, nothing measured.
fn plot_only(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let path = args.out.join("scaling.csv");
    let csv = std::fs::read(&path).with_context(|| {
        format!(
            "reading {} (run `staffing bench --out {}` first)",
            path.display(),
            args.out.display()
        )
    })?;
    let figure = write_scaling_chart(&args.out, &csv, args.lang)?;
    println!(
        "wrote {} and {} ({} generated instances)",
        args.out.join("scaling.svg").display(),
        args.out.join("scaling.png").display(),
        figure.points().len()
    );
    for (name, fit) in [
        ("solve time", figure.solve_fit()),
        ("end-to-end time", figure.total_fit()),
    ] {
        if let Some(fit) = fit {
            println!("  {name} {}", fit.describe());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    if args.plot_only {
        return plot_only(&args);
    }
    let out = &args.out;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let inst_dir = out.join("instances");
    let runs_dir = out.join("runs");
    std::fs::create_dir_all(&inst_dir)?;
    std::fs::create_dir_all(&runs_dir)?;
    let load_before = load_average().unwrap_or_else(|| "n/a".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mut report = String::new();
    let command = std::env::args().collect::<Vec<_>>().join(" ");
    writeln!(report, "# staffing bench\n")?;
    writeln!(report, "Command: `{command}`  ")?;
    writeln!(
        report,
        "Version {}, {} build, {cores} cores visible; load average before: {load_before}.\n",
        env!("CARGO_PKG_VERSION"),
        if cfg!(debug_assertions) {
            "DEBUG (timings not representative)"
        } else {
            "release"
        }
    )?;

    // Instances.
    let mut instances = Vec::new();
    if args.province.exists() {
        let loaded = run::load(&args.province)
            .with_context(|| format!("reading {}", args.province.display()))?;
        instances.push(Instance {
            label: format!("province ({})", loaded.scenario.name),
            scenario: args.province.clone(),
            stations: loaded.province.stations.len(),
            counties: loaded.province.counties.len(),
        });
    } else {
        eprintln!(
            "note: {} not found; the province rows are skipped",
            args.province.display()
        );
    }
    let sizes: Vec<usize> = SIZES
        .iter()
        .copied()
        .filter(|&n| n <= args.max_stations)
        .collect();
    let mut scaling = Vec::new();
    for &n in &sizes {
        eprintln!("generating {n} stations");
        scaling.push(generated(&inst_dir, n, args.seed)?);
    }

    // End to end and scaling.
    let mut csv = String::from(
        "instance,stations,counties,read_s,solve_s,write_s,total_s,cpu_s,peak_rss_mib,balance_level,repeats\n",
    );
    let mut e2e_rows = Vec::new();
    for inst in instances.iter().chain(&scaling) {
        eprintln!("end to end: {} ({} stations)", inst.label, inst.stations);
        let m = end_to_end(inst, &runs_dir, args.repeat)?;
        writeln!(
            csv,
            "{},{},{},{:.6},{:.6},{:.6},{:.6},{:.2},{},{},{}",
            inst.label,
            inst.stations,
            inst.counties,
            m.read,
            m.solve,
            m.write,
            m.total,
            m.cpu,
            m.peak_mib.map_or(String::new(), |v| format!("{v:.1}")),
            m.balance_level.map_or(String::new(), |v| format!("{v:.9}")),
            args.repeat
        )?;
        e2e_rows.push((inst, m));
    }
    write_file(&out.join("scaling.csv"), &csv)?;

    writeln!(
        report,
        "## End to end (read, both phases, independent check, write)\n"
    )?;
    writeln!(report, "Wall-clock medians of {} runs, each a fresh process on one thread; CPU is the child's user + system time (1/100 s ticks), which a busy machine inflates less than wall time; peak memory is the child's VmHWM.\n", args.repeat)?;
    writeln!(
        report,
        "| instance | stations | counties | read | solve | write | total | CPU | peak RSS | balance level |"
    )?;
    writeln!(report, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    for (inst, m) in &e2e_rows {
        writeln!(
            report,
            "| {} | {} | {} | {} | {} | {} | **{}** | {:.2} s | {} | {} |",
            inst.label,
            inst.stations,
            inst.counties,
            secs(m.read),
            secs(m.solve),
            secs(m.write),
            secs(m.total),
            m.cpu,
            m.peak_mib.map_or("n/a".into(), |v| format!("{v:.0} MiB")),
            level(m.balance_level)
        )?;
    }
    let gen_rows: Vec<&(&Instance, EndToEnd)> = e2e_rows
        .iter()
        .filter(|(i, _)| i.label.starts_with("generated"))
        .collect();
    let fit = |from: usize, pick: fn(&EndToEnd) -> f64| {
        fit_loglog(
            &gen_rows
                .iter()
                .filter(|(i, _)| i.stations >= from)
                .map(|(i, m)| (i.stations as f64, pick(m)))
                .collect::<Vec<_>>(),
        )
    };
    writeln!(report)?;
    for from in [0, 1000] {
        let used: Vec<usize> = sizes.iter().copied().filter(|&n| n >= from).collect();
        if let (Some((bs, _, r2s)), Some((bt, _, r2t))) =
            (fit(from, |m| m.solve), fit(from, |m| m.total))
        {
            writeln!(
                report,
                "Scaling over generated instances {}–{} stations: solve time ∝ n^{bs:.2} (r² {r2s:.3}), end-to-end time ∝ n^{bt:.2} (r² {r2t:.3}).\n",
                used.first().unwrap_or(&0),
                used.last().unwrap_or(&0)
            )?;
        }
    }
    writeln!(report, "Raw figures: `scaling.csv`.\n")?;
    write_scaling_chart(out, csv.as_bytes(), args.lang)?;
    writeln!(
        report,
        "![Solve and end-to-end time against stations, log–log, with the fitted power laws](scaling.png)\n"
    )?;
    writeln!(report, "Chart of the generated instances: `scaling.png`, `scaling.svg` (redraw with `staffing bench --plot-only --out DIR`).\n")?;

    // Throughput.
    if let Some(province_inst) = instances.first().or(scaling.last()) {
        let loaded = run::load(&province_inst.scenario)?;
        let spec = SampleSpec {
            seed: args.seed,
            count: args.points.max(1),
            keys: [
                (
                    "workload.call_growth".to_string(),
                    Distribution::Normal {
                        mean: 1.15,
                        sd: 0.05,
                    },
                ),
                (
                    "workload.divert_share".to_string(),
                    Distribution::Uniform { lo: 0.0, hi: 0.3 },
                ),
            ]
            .into_iter()
            .collect(),
        };
        let points = spec.points();
        let mut csv = String::from("instance,stations,threads,points,seconds,points_per_second\n");
        writeln!(
            report,
            "## Solve throughput ({} points, in process)\n",
            points.len()
        )?;
        writeln!(report, "Re-solving {} ({} stations) at points drawn with call_growth ~ normal(1.15, 0.05), divert_share ~ uniform(0, 0.3), seed {}: requirements, both phases and auxiliaries, no I/O. Median of {} runs.\n", province_inst.label, province_inst.stations, args.seed, args.repeat)?;
        writeln!(report, "| threads | points/s | seconds |")?;
        writeln!(report, "|---:|---:|---:|")?;
        let mut reference: Option<Vec<Option<f64>>> = None;
        let mut identical = true;
        for threads in [1usize, 2] {
            let mut times = Vec::new();
            for _ in 0..args.repeat.max(1) {
                let t = throughput(&loaded.province, &loaded.params, &points, threads)?;
                match &reference {
                    None => reference = Some(t.levels.clone()),
                    Some(r) => identical &= *r == t.levels,
                }
                times.push(t.seconds);
            }
            let s = median(&times);
            let pps = points.len() as f64 / s;
            writeln!(
                csv,
                "{},{},{threads},{},{s:.6},{pps:.1}",
                province_inst.label,
                province_inst.stations,
                points.len()
            )?;
            writeln!(report, "| {threads} | {pps:.0} | {s:.3} |")?;
        }
        writeln!(
            report,
            "\nBalance levels identical across thread counts and runs: {}.\n",
            if identical { "yes" } else { "NO" }
        )?;
        write_file(&out.join("throughput.csv"), &csv)?;

        // Robust plan over the same points.
        let levels: Vec<f64> = reference
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect();
        let robust = robust_plan(&loaded.province, &loaded.params, &points, Target::Worst)?;
        let worst = robust
            .levels
            .iter()
            .flatten()
            .copied()
            .fold(f64::INFINITY, f64::min);
        let base = run::solve(&loaded, Engine::Exact)?.outcome.plan;
        let base_worst = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let params = staffing::sample::apply_workload(&loaded.params, p, i).ok()?;
                staffing::sample::plan_level(&base, &requirements(&loaded.province, &params))
            })
            .fold(f64::INFINITY, f64::min);
        let mut sorted = levels.clone();
        sorted.sort_by(f64::total_cmp);
        if !sorted.is_empty() {
            writeln!(report, "## Robust plan over the same points\n")?;
            writeln!(report, "| | level |")?;
            writeln!(report, "|---|---:|")?;
            writeln!(
                report,
                "| each point's own optimum: min / median / max | {:.4} / {:.4} / {:.4} |",
                sorted[0],
                median(&sorted),
                sorted[sorted.len() - 1]
            )?;
            writeln!(
                report,
                "| worst case of the baseline plan (call_growth 1, no diversion) | {base_worst:.4} |"
            )?;
            writeln!(
                report,
                "| worst case of the robust plan (max-min over the points) | {worst:.4} |\n"
            )?;
        }
    }

    // MILP.
    let milp_sizes: Vec<usize> = MILP_SIZES
        .iter()
        .copied()
        .filter(|&n| n <= args.milp_max)
        .collect();
    if !milp_sizes.is_empty() {
        let mdir = inst_dir.join("milp");
        std::fs::create_dir_all(&mdir)?;
        let mut csv = String::from(
            "stations,counties,exact_total_s,milp_total_s,milp_status,exact_level,milp_level\n",
        );
        writeln!(
            report,
            "## Against the monolithic MILP ({})\n",
            staffing::model::milp::backend_name()
        )?;
        writeln!(report, "Same generated data, same model, end to end in child processes. The MILP runs four solves (two phases for officers, two for auxiliaries), each with a time limit of {} s; the parent kills it at 4 × limit + 30 s.\n", args.milp_time_limit)?;
        writeln!(
            report,
            "| stations | ours | MILP | MILP status | same balance level |"
        )?;
        writeln!(report, "|---:|---:|---:|---|---|")?;
        let mut stop = false;
        for &n in &milp_sizes {
            let inst = generated(&mdir, n, args.seed)?;
            let ours = end_to_end(&inst, &runs_dir, args.repeat)?;
            if stop {
                writeln!(
                    report,
                    "| {n} | {} | not run | a smaller instance already hit the limit | |",
                    secs(ours.total)
                )?;
                writeln!(csv, "{n},{},{:.6},,skipped,,", inst.counties, ours.total)?;
                continue;
            }
            eprintln!("MILP: {n} stations");
            let deadline = Duration::from_secs_f64(4.0 * args.milp_time_limit + 30.0);
            let (time, status, lvl) = match run_child(
                &inst.scenario,
                &runs_dir.join("milp"),
                "milp",
                Some(args.milp_time_limit),
                deadline,
            )? {
                ChildRun::Done(v) => (
                    f(&v, "total_s"),
                    v["status"].as_str().unwrap_or("?").to_string(),
                    v.get("balance_level").and_then(Value::as_f64),
                ),
                ChildRun::Killed(s) => (s, "killed at deadline".to_string(), None),
                ChildRun::Failed(e) => (f64::NAN, format!("failed: {e}"), None),
            };
            if status != "optimal" {
                stop = true;
            }
            let agree = match (ours.balance_level, lvl) {
                (Some(a), Some(b)) if status == "optimal" => {
                    if (a - b).abs() <= 1e-6 * a.abs().max(1.0) {
                        "yes"
                    } else {
                        "NO"
                    }
                }
                _ => "",
            };
            writeln!(
                report,
                "| {n} | {} | {} | {status} | {agree} |",
                secs(ours.total),
                if time.is_nan() {
                    "—".into()
                } else {
                    secs(time)
                }
            )?;
            writeln!(
                csv,
                "{n},{},{:.6},{},{},{},{}",
                inst.counties,
                ours.total,
                if time.is_nan() {
                    String::new()
                } else {
                    format!("{time:.6}")
                },
                status.replace(',', ";"),
                ours.balance_level
                    .map_or(String::new(), |v| format!("{v:.9}")),
                lvl.map_or(String::new(), |v| format!("{v:.9}"))
            )?;
        }
        writeln!(report)?;
        write_file(&out.join("milp.csv"), &csv)?;
    }

    // Proportional rounding.
    let mut targets: Vec<&Instance> = instances.iter().collect();
    if let Some(big) = scaling.iter().rev().find(|i| i.stations <= 10_000) {
        targets.push(big);
    }
    let mut csv = String::from("instance,stations,method,balance_level,stations_below_optimum,officers_moved,station_minimum,hq_minimum,station_share,community_share,county_total_changed\n");
    writeln!(
        report,
        "## Against proportional rounding (the spreadsheet method)\n"
    )?;
    writeln!(report, "Each county keeps today's station officers and shares them in proportion to workload (Dₛ + Cₛ), rounded; community officers in proportion to Cₛ ÷ (Dₛ + Cₛ), rounded. \"below t*\" counts stations left below the optimal balance level t* (a station with no community or no duty officer after rounding has level 0). The next columns count broken rules: stations below their minimum, counties with HQ below hq_min, counties below the station share and the community share. The last column counts counties whose station total differs from today's: by design for the optimal plan, by rounding drift for proportional rounding.\n")?;
    writeln!(report, "| instance | plan | balance level | below t* | moved | below minimum | HQ below min | station 40% | community 40% | county total changed |")?;
    writeln!(report, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    for inst in targets {
        let loaded = run::load(&inst.scenario)?;
        let reqs = requirements(&loaded.province, &loaded.params);
        let optimal = run::solve(&loaded, Engine::Exact)?.outcome.plan;
        let prop = proportional_plan(&loaded.province, &reqs);
        let today = today_plan(&loaded.province);
        for (name, plan) in [
            ("today", &today),
            ("proportional", &prop),
            ("optimal", &optimal),
        ] {
            let a: Assessment = evaluate(&loaded.province, &loaded.params, &reqs, plan);
            let below = stations_below(plan, &reqs, optimal.balance_level.unwrap_or(0.0));
            writeln!(
                csv,
                "{},{},{name},{},{below},{},{},{},{},{},{}",
                inst.label,
                inst.stations,
                a.balance_level.map_or(String::new(), |v| format!("{v:.9}")),
                a.officers_moved,
                a.station_minimum,
                a.hq_minimum,
                a.station_share,
                a.community_share,
                a.total_drift
            )?;
            writeln!(
                report,
                "| {} | {name} | {} | {below} | {} | {} | {} | {} | {} | {} |",
                inst.label,
                level(a.balance_level),
                a.officers_moved,
                a.station_minimum,
                a.hq_minimum,
                a.station_share,
                a.community_share,
                a.total_drift
            )?;
        }
    }
    write_file(&out.join("proportional.csv"), &csv)?;
    let load_after = load_average().unwrap_or_else(|| "n/a".into());
    writeln!(report, "\nLoad average after: {load_after}.")?;
    write_file(&out.join("report.md"), &report)?;
    // The solves' output folders, and only what they wrote.
    for run in ["exact", "milp"] {
        let dir = runs_dir.join(run);
        if dir.is_dir() {
            staffing::output::remove_output_folder(&dir)?;
        }
    }
    std::fs::remove_dir(&runs_dir).ok();
    print!("{report}");
    Ok(ExitCode::SUCCESS)
}
