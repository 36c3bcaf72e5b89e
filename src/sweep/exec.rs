//! Running a sweep: every point in parallel (a local rayon pool), each
//! finished point recorded atomically, `sweep.csv` assembled in point order.
//!
//! **Out folder layout.**
//! * `sweep.json` — the manifest: the sweep's fingerprint (SHA-256 of the
//!   program's version, the merged scenario table, the columns, the points
//!   and the input data), its columns, point count and input data files. It
//!   marks the folder as a sweep's.
//! * `points/NNNNNN.json` — one record per finished point: its index, the
//!   fingerprint and the rendered CSV cells. Each is written to a temporary
//!   file and renamed into place, so a record is either whole or
//!   absent, whenever the process dies. The set of records *is* the manifest
//!   of finished points. Records are not fsynced one by one (that cost
//!   ~10 ms a point on this machine's disk): a kill cannot tear a renamed
//!   file, and `--resume` re-solves any record that does not parse after a
//!   power loss. The manifest and `sweep.csv` are fsynced.
//! * `sweep.csv` — written (atomically) once every point has a record.
//! * `plans/NNNNNN/` — with `--keep-plans`, each point's full plan folder.
//!
//! `--resume` keeps the records whose fingerprint matches and runs only the
//! missing points; rows are rendered when a point finishes and copied
//! verbatim into `sweep.csv`, so a resumed sweep's file is byte-identical to
//! an uninterrupted one. `--shard K/N` runs the points with
//! index mod N = K − 1; [`merge`] joins shard folders.
//!
//! Points share input data: provinces are loaded once per distinct data paths
//! and station kinds ([`ProvinceCache`]), never per point.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use super::page::report_files;
pub use super::prepare::{
    check_grid, prepare, prepare_points, prepare_set, GridCheck, Prepared, ProvinceCache,
    RobustRun, SampleRun,
};
use super::row;
use super::store::{
    plan_name, read_records, record_name, Manifest, Record, RecordCheck, Records, SweepFolder,
    ROBUST_DIR, SWEEP_CSV,
};
use super::table::{sweep_csv, METRIC_COLUMNS};
use super::SweepError;
use crate::check::check_plan;
use crate::error::OutputError;
use crate::output::run::RunHead;
use crate::output::{write_folder, OutputFile};
use crate::pipeline::{self, Engine, SolveError};
use crate::report::csv::neutralise;
use crate::report::{Lang, ReportOptions};
use crate::sample::plan_level;
use crate::scenario;
use crate::sweep::{apply_point, Point, Shard};

/// How to run a sweep.
#[derive(Debug, Clone)]
pub struct Options {
    /// Threads of the local pool (at least 1).
    pub jobs: usize,
    /// The run folder (`--out`): new, empty, or one of this tool's sweep
    /// folders.
    pub out: PathBuf,
    /// Write each point's plan files under `plans/` (`--keep-plans`).
    pub keep_plans: bool,
    /// Keep the folder's finished points of the same sweep and shard and
    /// solve only the rest (`--resume`); without it the folder is cleared.
    pub resume: bool,
    /// Solve only this slice of the points (`--shard K/N`; `None`: all).
    pub shard: Option<Shard>,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// Language of the sweep's report, charts and kept plans (`None`: the
    /// data's, [`Lang::detect`]).
    pub lang: Option<Lang>,
    /// Set (by a Ctrl-C handler) to stop: the points being solved finish
    /// and are recorded, no new point starts, and [`run`] returns
    /// [`SweepError::Interrupted`].
    pub stop: Option<Arc<AtomicBool>>,
}

fn num(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| format!("{v}"))
}

fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a point produced.
pub struct Outcome {
    /// The point's row of `sweep.csv`, one rendered cell per column.
    pub cells: Vec<String>,
    /// The plan folder files, when asked for and a plan exists (an error
    /// here stops the sweep: `--keep-plans` promised the folder).
    pub plan_files: Option<Result<Vec<crate::output::OutputFile>, OutputError>>,
}

/// Solves one point and renders its row (never fails: a failing point is a
/// row with status `infeasible` or `error` and a message).
pub fn run_point(prep: &Prepared, index: usize, point: &Point, keep_plan: bool) -> Outcome {
    run_point_with(
        prep,
        index,
        point,
        keep_plan.then(ReportOptions::new).as_ref(),
    )
}

/// [`run_point`], writing the point's plan files with `plan` options when
/// given.
pub fn run_point_with(
    prep: &Prepared,
    index: usize,
    point: &Point,
    plan: Option<&ReportOptions>,
) -> Outcome {
    run_point_as(
        prep,
        index,
        point,
        match plan {
            None => Solve::Row,
            Some(o) => Solve::Full(Some(o)),
        },
    )
}

/// How a point is solved.
#[derive(Debug, Clone, Copy)]
pub enum Solve<'a> {
    /// Only its row's figures ([`super::row`]): a point without its plan
    /// folder.
    Row,
    /// Every figure of a plan folder ([`pipeline::solve`]), and the
    /// folder's files with these options when given.
    Full(Option<&'a ReportOptions>),
}

/// [`run_point`], solved as `solve` says: the row is the same either way.
pub fn run_point_as(prep: &Prepared, index: usize, point: &Point, solve: Solve<'_>) -> Outcome {
    let plan = match solve {
        Solve::Full(plan) => plan,
        Solve::Row => None,
    };
    let mut cells = vec![index.to_string()];
    cells.extend(point.iter().map(|(_, v)| format!("{v}")));
    let blank_tail = |cells: &mut Vec<String>, status: &str, message: String| {
        cells.push(status.to_string());
        let n = METRIC_COLUMNS.len() - 1
            + usize::from(prep.robust().is_some())
            + if prep.recruits_on {
                1 + prep.county_ids.len()
            } else {
                0
            };
        cells.extend(std::iter::repeat(String::new()).take(n));
        cells.push(neutralise(&one_line(&message)));
    };
    let mut table = prep.base.clone();
    if let Err(e) = apply_point(&mut table.table, point) {
        blank_tail(&mut cells, "error", e.to_string());
        return Outcome {
            cells,
            plan_files: None,
        };
    }
    let scenario = match scenario::from_table(&table) {
        Ok(s) => s,
        Err(e) => {
            blank_tail(&mut cells, "error", e.to_string());
            return Outcome {
                cells,
                plan_files: None,
            };
        }
    };
    let loaded = prep.cache.get(&scenario);
    let loaded = match &*loaded {
        Ok(l) => l,
        Err(e) => {
            blank_tail(&mut cells, "error", e.clone());
            return Outcome {
                cells,
                plan_files: None,
            };
        }
    };
    let today_aux: i64 = loaded.province.stations.iter().map(|s| s.auxiliaries).sum();
    let mut params = scenario.params(today_aux);
    if plan.is_none() {
        // Without the point's plan folder nothing reads the comparison of
        // the balance targets (sweep.csv has no column for it).
        params.levers.balance.compare = Some(false);
    }
    let point_loaded = match loaded.variant(scenario, None, params.clone()) {
        Ok(l) => l,
        Err(e) => {
            blank_tail(&mut cells, "error", e.to_string());
            return Outcome {
                cells,
                plan_files: None,
            };
        }
    };
    // Without its plan folder a point computes its row's figures only
    // ([`super::row`]); with it, every figure the folder shows.
    let solved = match solve {
        Solve::Row => row::figures(&point_loaded, &prep.reuse).map(|f| (f, None)),
        Solve::Full(_) => {
            pipeline::solve(&point_loaded, Engine::Exact).map(|s| (row::Figures::of(&s), Some(s)))
        }
    };
    let (figures, solution) = match solved {
        Ok(s) => s,
        Err(e) => {
            let status = match &e {
                SolveError::Infeasible(_) => "infeasible",
                SolveError::Lever(l) if l.is_infeasible() => "infeasible",
                _ => "error",
            };
            blank_tail(&mut cells, status, e.to_string());
            return Outcome {
                cells,
                plan_files: None,
            };
        }
    };
    cells.push(figures.status.clone());
    cells.push(num(figures.balance_level));
    cells.push(figures.officers_moved.to_string());
    cells.push(num(figures.auxiliary_balance_level));
    cells.push(figures.auxiliaries_changed.to_string());
    cells.push(num(figures.worst_calls_per_duty_officer));
    cells.push(num(figures.worst_residents_per_community_officer));
    cells.push(figures.counties_meeting_station_share.to_string());
    cells.push(figures.counties_meeting_community_share.to_string());
    if let Some(robust) = prep.robust() {
        match robust_level_at(robust, &params) {
            Ok(level) => cells.push(num(level)),
            Err(problem) => {
                let mut failed = vec![index.to_string()];
                failed.extend(point.iter().map(|(_, v)| format!("{v}")));
                blank_tail(&mut failed, "error", problem);
                return Outcome {
                    cells: failed,
                    plan_files: None,
                };
            }
        }
    }
    let mut message = String::new();
    if prep.recruits_on {
        match &figures.recruits {
            Some(a) => {
                cells.push(a.used.to_string());
                cells.extend(a.per_county.iter().map(|r| r.to_string()));
                if a.leftover > 0 {
                    message = format!(
                        "{} of {} recruits cannot raise the balance level and are left unplaced",
                        a.leftover,
                        a.used + a.leftover
                    );
                }
            }
            None => {
                cells.push(String::new());
                cells.extend(prep.county_ids.iter().map(|_| String::new()));
            }
        }
    }
    cells.push(message);
    let plan_files = plan
        .zip(solution)
        .map(|(o, s)| s.files(point_loaded.unmerged.as_deref(), o));
    Outcome { cells, plan_files }
}

/// The robust plan's level at a point with parameters `params`, confirmed
/// by the independent checker (every hard rule, and that level, at this
/// point's requirements).
fn robust_level_at(
    robust: &RobustRun,
    params: &crate::domain::Params,
) -> Result<Option<f64>, String> {
    let lp = &robust.plan;
    let reqs = crate::model::requirement::requirements(&lp.province, params);
    let level = plan_level(&lp.plan, &reqs);
    let mut claimed = lp.plan.clone();
    claimed.balance_level = level;
    let violations = check_plan(&lp.province, params, &claimed);
    if violations.is_empty() {
        Ok(level)
    } else {
        let list: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
        Err(format!(
            "internal error: the robust plan breaks rules at this point: {}",
            list.join("; ")
        ))
    }
}

/// The robust plan's folder files (as a solve writes them).
fn robust_files(
    robust: &RobustRun,
    options: &ReportOptions,
) -> Result<Vec<crate::output::OutputFile>, OutputError> {
    robust.solution.files(robust.unmerged.as_deref(), options)
}

/// What a sweep run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Points of the whole sweep.
    pub points: usize,
    /// Points of this run (the shard's, or all).
    pub selected: usize,
    /// Points found already finished (`--resume`).
    pub reused: usize,
    /// Points solved by this run.
    pub solved: usize,
    /// Count of rows by status, over the selected points.
    pub statuses: BTreeMap<String, usize>,
    /// The `sweep.csv` written, when the whole sweep is in this folder.
    pub csv: Option<PathBuf>,
    /// Progress records found but not used (`--resume`): their points were
    /// solved again.
    pub unusable: Vec<super::store::UnusablePoint>,
}

/// The language of a sweep's report and messages: `--lang`, else the
/// language of the base point's data ([`Lang::detect`]), else of the
/// scenario's name.
pub fn report_lang(prep: &Prepared, opts: &Options) -> Lang {
    opts.lang.unwrap_or_else(|| data_lang(prep))
}

/// The language of a sweep's data: of the base point's data
/// ([`Lang::detect`]), else of the data loaded first, else of the
/// scenario's name.
pub fn data_lang(prep: &Prepared) -> Lang {
    crate::scenario::from_table(&prep.base)
        .ok()
        .map(|s| prep.cache.get(&s))
        .and_then(|l| l.as_ref().as_ref().ok().map(|l| Lang::detect(&l.province)))
        .or_else(|| prep.cache.lang())
        .unwrap_or_else(|| Lang::of_text(&prep.name))
}

/// Opens `out` under its lock and makes it ready: a new or empty folder,
/// or one of this tool's sweep folders (cleared unless resuming the same
/// sweep and shard). Returns the folder and its manifest.
fn ready_folder(prep: &Prepared, opts: &Options) -> Result<(SweepFolder, Manifest), SweepError> {
    let folder = SweepFolder::open(&opts.out)?;
    let fresh = Manifest {
        head: RunHead::new(&prep.name, &prep.fingerprint, prep.columns.clone()),
        points: prep.spec.points.len(),
        shard: opts.shard,
        sample: prep.sample_summary().cloned(),
        inputs: prep.inputs.clone(),
        lang: Some(report_lang(prep, opts).code().to_string()),
    };
    let (manifest, _) = folder.prepare(&fresh, opts.resume, &input_files(prep), |m| {
        if m.head.fingerprint != prep.fingerprint {
            return Err("holds a different sweep (scenario, points, data or staffing version changed); run without --resume to start over, or choose another --out".into());
        }
        if m.shard != opts.shard {
            return Err(format!(
                "was run with shard {:?}, not {:?}; resume with the same --shard",
                m.shard.map(|s| format!("{}/{}", s.index, s.count)),
                opts.shard.map(|s| format!("{}/{}", s.index, s.count))
            ));
        }
        Ok(())
    })?;
    Ok((folder, manifest))
}

/// Every file the sweep reads: its scenario files and data tables. No
/// folder the sweep replaces may hold one.
fn input_files(prep: &Prepared) -> Vec<PathBuf> {
    let mut files = prep.base.chain.clone();
    if let Ok(s) = scenario::from_table(&prep.base) {
        files.extend(s.input_files());
    }
    files
}

/// Runs the sweep (see the module documentation).
pub fn run(prep: &Prepared, opts: &Options) -> Result<Report, SweepError> {
    let (folder, mut manifest) = ready_folder(prep, opts)?;
    let out = &opts.out;
    let n = prep.spec.points.len();
    let selected: Vec<usize> = (0..n)
        .filter(|&i| opts.shard.map_or(true, |s| s.owns(i)))
        .collect();
    let records = if opts.resume {
        read_records(
            out,
            &RecordCheck {
                fingerprint: &prep.fingerprint,
                columns: prep.columns.len(),
                points: n,
                values: Some(&prep.spec.points),
            },
        )
    } else {
        Records::default()
    };
    let existing = records.valid;
    let inputs = input_files(prep);
    let todo: Vec<usize> = selected
        .iter()
        .copied()
        .filter(|i| !existing.contains_key(i))
        .collect();
    let bar = if opts.progress {
        let b = indicatif::ProgressBar::new(todo.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(match report_lang(prep, opts) {
                Lang::Zh => "{bar:40} {pos}/{len} 个点  已用 {elapsed_precise}（约剩 {eta}）",
                Lang::En => "{bar:40} {pos}/{len} points  {elapsed_precise} (eta {eta})",
            })
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| SweepError::Folder {
            dir: out.clone(),
            message: format!("cannot start {} worker threads: {e}", opts.jobs),
        })?;
    let plan_options = ReportOptions {
        lang: opts.lang,
        ..ReportOptions::new()
    };
    let stopped = || opts.stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst));
    let fresh: Vec<Option<Record>> = pool.install(|| {
        todo.par_iter()
            .map(|&i| {
                if stopped() {
                    return Ok(None);
                }
                let keep = opts.keep_plans.then_some(&plan_options);
                let outcome = run_point_with(prep, i, &prep.spec.points[i], keep);
                if let Some(files) = outcome.plan_files {
                    folder.write_plan(&plan_name(i), &files?, &inputs)?;
                }
                let record = Record {
                    point: i,
                    fingerprint: prep.fingerprint.clone(),
                    cells: outcome.cells,
                };
                // Records skip the fsync: they are validated on --resume, so
                // one torn by a power loss is simply solved again.
                folder.write_record(&record_name(i), &record)?;
                bar.inc(1);
                Ok(Some(record))
            })
            .collect::<Result<Vec<_>, OutputError>>()
    })?;
    bar.finish_and_clear();
    let skipped = fresh.iter().filter(|r| r.is_none()).count();
    let fresh: Vec<Record> = fresh.into_iter().flatten().collect();
    if skipped > 0 {
        return Err(SweepError::Interrupted {
            dir: out.clone(),
            finished: selected.len() - skipped,
            selected: selected.len(),
        });
    }
    if let Some(robust) = prep.robust() {
        write_folder(
            &out.join(ROBUST_DIR),
            &robust_files(robust, &plan_options)?,
            &inputs,
        )?;
    }
    let solved = fresh.len();
    let reused = selected.len() - solved;
    let mut all = existing;
    all.extend(fresh.into_iter().map(|r| (r.point, r)));
    let status_col = prep.spec.params.len() + 1;
    let mut statuses = BTreeMap::new();
    for i in &selected {
        if let Some(s) = all.get(i).and_then(|r| r.cells.get(status_col)) {
            *statuses.entry(s.clone()).or_insert(0) += 1;
        }
    }
    let csv = if opts.shard.map_or(true, |s| s.count == 1) {
        Some(write_results(
            prep,
            opts,
            &folder,
            &mut manifest,
            &all,
            &pool,
        )?)
    } else {
        None
    };
    Ok(Report {
        points: n,
        selected: selected.len(),
        reused,
        solved,
        statuses,
        csv,
        unusable: records.unusable,
    })
}

/// Writes `sweep.csv` (every point's row, in point order) and its page
/// into the held folder, listed in its manifest; the path of `sweep.csv`.
fn write_results(
    prep: &Prepared,
    opts: &Options,
    folder: &SweepFolder,
    manifest: &mut Manifest,
    all: &BTreeMap<usize, Record>,
    pool: &rayon::ThreadPool,
) -> Result<PathBuf, SweepError> {
    let out = &opts.out;
    let rows: Vec<&Record> = (0..prep.spec.points.len())
        .filter_map(|i| all.get(&i))
        .collect();
    if let Some(bad) = rows.iter().find(|r| r.cells.len() != prep.columns.len()) {
        return Err(SweepError::Folder {
            dir: out.clone(),
            message: format!(
                "internal error: point {} has {} cells for {} columns; sweep.csv was not written",
                bad.point,
                bad.cells.len(),
                prep.columns.len()
            ),
        });
    }
    let cells: Vec<&[String]> = rows.iter().map(|r| r.cells.as_slice()).collect();
    let csv = sweep_csv(&prep.columns, &cells);
    let lang = report_lang(prep, opts);
    let mut files = vec![OutputFile {
        name: SWEEP_CSV.into(),
        bytes: csv.clone(),
    }];
    // On the pool: with --jobs 2 the charts render two at a time.
    files.extend(
        pool.install(|| report_files(&prep.name, &csv, lang, prep.sample_summary(), &prep.inputs))?,
    );
    folder.write_top(manifest, &files)?;
    Ok(out.join(SWEEP_CSV))
}

/// The default sweep folder: `output/<safe scenario name>-sweep`, with the
/// `--set` overrides in its name when there are any
/// ([`crate::pipeline::run_name`]).
pub fn default_out(prep: &Prepared) -> PathBuf {
    Path::new("output").join(format!(
        "{}-sweep",
        crate::pipeline::run_name(&prep.name, &prep.base.overrides)
    ))
}
