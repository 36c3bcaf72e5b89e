//! Running a roadmap into its folder: the placement (year by year, over the
//! horizon, or for a target level), the years in order with their plan
//! folders and progress records, then `roadmap.csv`, `roadmap_counties.csv`,
//! `summary.json`, the charts and `report.html` (see [`super::store`]).
//!
//! Years are planned in order (each starts from the previous plan); with
//! `--jobs` above 1 a year's plan folder is rendered and written while the
//! next year is planned, and the horizon's reachability checks run their
//! counties in parallel. Every output is the same bytes for any `--jobs`
//! and after a kill and `--resume`: each year's cells are rendered once and
//! kept in its record, and nothing depends on timing.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::ageing::State;
pub use super::events::{Event, HorizonFound, Search, TargetFound};
pub use super::finish::SOLVER;
use super::finish::{fingerprint, record, Course};
use super::horizon::{fewest_recruits, relaxation, relaxation_from, Found};
use super::no_plan::{stopped_at, NoPlan};
use super::store::{
    plan_name, read_records, record_name, Manifest, Record, RecordCheck, RoadmapFolder,
};
pub use super::summary::{HorizonSummary, RoadmapSummary, Stopped, TargetSummary};
use super::table::{columns, failed_row, RoadmapTable};
use super::{run_year, Prepared, RoadmapError, Rule};
use crate::output::run::RunHead;
use crate::report::{Lang, ReportOptions};
use crate::scenario::roadmap::RoadmapMode;

/// How to run a roadmap.
#[derive(Debug, Clone)]
pub struct Options {
    /// The roadmap folder to write (created, or a roadmap folder of an earlier run).
    pub out: PathBuf,
    /// `--resume`: keep the years an earlier, interrupted run of the same roadmap planned.
    pub resume: bool,
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Language and charts of the plan folders and the report.
    pub report: ReportOptions,
    /// The mode, when not the scenario's.
    pub mode: Option<RoadmapMode>,
    /// `--target-level L`: the fewest recruits a year keeping every year ≥ L.
    pub target_level: Option<f64>,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Report {
    /// What `summary.json` holds.
    pub summary: RoadmapSummary,
    /// The rows of `roadmap.csv`, rendered.
    pub table: RoadmapTable,
    /// Years planned in this run.
    pub planned: usize,
    /// Years kept from an earlier run (`--resume`).
    pub kept: usize,
}

fn pool(jobs: usize) -> Result<rayon::ThreadPool, RoadmapError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| RoadmapError::Internal {
            year: 0,
            message: format!("cannot start {jobs} worker threads: {e}"),
        })
}

/// The prepared roadmap with another recruits schedule.
fn with_recruits(prep: &Prepared, recruits: &[i64]) -> Prepared {
    let mut p = prep.clone();
    p.spec.recruits = recruits.to_vec();
    p
}

/// Year k's recruits per county in horizon mode, planned from the force
/// `state` at the end of the year before: the horizon search over the years
/// left, every one kept at least at min(its best worst level, the lowest
/// level of the years already planned), then the highest sum; year k's row
/// of its placement. On the separable model this is the plan the search
/// from the start makes; otherwise each year corrects for what the
/// relaxation missed (a rolling horizon). `searched`: the search from the
/// start, when this is the first year planned from the start (the same
/// search, so it is not made twice).
pub fn horizon_step(
    prep: &Prepared,
    state: &State,
    k: usize,
    past_min: Option<f64>,
    searched: Option<&Found>,
    emit: &(dyn Fn(Event) + Sync),
) -> Result<Vec<i64>, RoadmapError> {
    let found = match searched {
        Some(found) if k == 0 && past_min.is_none() => found.clone(),
        _ => search_from(prep, state, k, past_min, emit)?,
    };
    if found.stopped {
        emit(Event::YearStopped {
            year: prep.year_of(k),
            limit: prep.spec.horizon_checks,
        });
    }
    Ok(found.placements.into_iter().next().unwrap_or_default())
}

/// The horizon search over the years from k, from the force `state`
/// ([`horizon_step`]).
fn search_from(
    prep: &Prepared,
    state: &State,
    k: usize,
    past_min: Option<f64>,
    emit: &(dyn Fn(Event) + Sync),
) -> Result<Found, RoadmapError> {
    let tell = progress(
        Search::FromYear(prep.year_of(k)),
        prep.spec.horizon_checks,
        emit,
    );
    let mut search = relaxation_from(prep, state, k, &prep.spec.recruits)?.watched(&tell);
    Ok(match search.worst() {
        Err((j, need, supply)) => return Err(short_horizon(prep, k + j, need, supply)),
        Ok(None) => search.unbounded(),
        Ok(Some(t)) => search.sum(past_min.map_or(t, |p| p.min(t))),
    })
}

/// How often a long horizon search says how far it got.
const PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// What a horizon search tells of its reachability checks: a note on the
/// terminal at most every [`PROGRESS_EVERY`] (nothing for a search that
/// ends sooner). Only the terminal depends on the clock, never a file.
fn progress<'a>(
    search: Search,
    limit: usize,
    emit: &'a (dyn Fn(Event) + Sync),
) -> impl Fn(usize) + Sync + 'a {
    let start = Instant::now();
    let last = Mutex::new(start);
    move |checks| {
        let Ok(mut last) = last.try_lock() else {
            return;
        };
        if last.elapsed() >= PROGRESS_EVERY {
            *last = Instant::now();
            emit(Event::Progress {
                search,
                checks,
                limit,
                seconds: start.elapsed().as_secs_f64(),
            });
        }
    }
}

/// The rule of year k.
fn rule(
    prep: &Prepared,
    mode: RoadmapMode,
    state: &State,
    k: usize,
    past_min: Option<f64>,
    searched: Option<&Found>,
    emit: &(dyn Fn(Event) + Sync),
) -> Result<Rule, RoadmapError> {
    Ok(match mode {
        RoadmapMode::Myopic => Rule::Myopic,
        RoadmapMode::Horizon => {
            Rule::Given(horizon_step(prep, state, k, past_min, searched, emit)?)
        }
    })
}

/// Plans every year, writing nothing: the levels (`None`: no workload), or the first error.
pub fn simulate(prep: &Prepared, mode: RoadmapMode) -> Result<Vec<Option<f64>>, RoadmapError> {
    let mut state = prep.start.clone();
    let mut levels: Vec<Option<f64>> = Vec::with_capacity(prep.spec.years);
    for k in 0..prep.spec.years {
        let r = rule(prep, mode, &state, k, worst(&levels), None, &|_| {})?;
        let y = run_year(prep, &state, k, &r)?;
        levels.push(y.solution.outcome.plan.balance_level);
        state = y.state;
    }
    Ok(levels)
}

/// The worst level of a list (a year without workload reaches any level).
fn worst(levels: &[Option<f64>]) -> Option<f64> {
    levels.iter().flatten().copied().reduce(f64::min)
}

/// No year can reach level 0: why.
fn short_horizon(prep: &Prepared, k: usize, need: i64, supply: i64) -> RoadmapError {
    let year = prep.year_of(k);
    let reason = NoPlan::horizon(year, need, supply);
    RoadmapError::Infeasible { year, reason }
}

/// The horizon search from the start, for a recruits schedule.
fn horizon_course(
    prep: &Prepared,
    recruits: &[i64],
    emit: &(dyn Fn(Event) + Sync),
) -> Result<(Found, Vec<String>), RoadmapError> {
    let p = with_recruits(prep, recruits);
    let tell = progress(Search::FromStart, prep.spec.horizon_checks, emit);
    let mut search = relaxation(&p, recruits)?.watched(&tell);
    let found = match search.worst() {
        Err((k, need, supply)) => return Err(short_horizon(prep, k, need, supply)),
        Ok(None) => search.unbounded(),
        Ok(Some(t)) => search.sum(t),
    };
    Ok((found, search.relaxed))
}

/// Decides the recruits and the rule of every year.
fn course(
    prep: &Prepared,
    mode: RoadmapMode,
    target: Option<f64>,
    emit: &(dyn Fn(Event) + Sync),
) -> Result<Course, RoadmapError> {
    let years = prep.spec.years;
    let mut recruits = prep.spec.recruits.clone();
    let mut target_summary = None;
    if let Some(level) = target {
        // The shape: the scenario's schedule, or constant.
        let shape: Vec<i64> = if prep.spec.recruits_set && prep.spec.recruits.iter().any(|&r| r > 0)
        {
            prep.spec.recruits.clone()
        } else {
            vec![1; years]
        };
        let mut search = relaxation(prep, &recruits)?;
        let (fewest, schedule) = fewest_recruits(&mut search, level, &shape).map_err(|why| {
            RoadmapError::Infeasible {
                year: prep.spec.start_year,
                reason: NoPlan::Target { level, why },
            }
        })?;
        let wmax = shape.iter().copied().max().unwrap_or(1).max(1);
        let schedule_of = |s: i64| -> Vec<i64> {
            shape
                .iter()
                .map(|&w| ((s as i128 * w as i128 + wmax as i128 - 1) / wmax as i128) as i64)
                .collect()
        };
        let by = format!("--target-level {level}");
        let reaches = |s: i64| -> Result<bool, RoadmapError> {
            let sched = schedule_of(s);
            super::limits::check_force(prep, &sched, &by)?;
            let p = with_recruits(prep, &sched);
            match simulate(&p, mode) {
                Ok(levels) => Ok(worst(&levels).map_or(true, |w| w >= level - 1e-12)),
                Err(RoadmapError::Infeasible { .. }) => Ok(false),
                Err(e) => Err(e),
            }
        };
        let (peak, proven, note) = if reaches(fewest)? {
            let exact = matches!(mode, RoadmapMode::Horizon);
            let note = if exact {
                format!("{fewest} recruits in the peak year is the fewest with which any placement keeps every year at level ≥ {level}, and the horizon placement does")
            } else {
                format!("{fewest} recruits in the peak year is the fewest with which any placement keeps every year at level ≥ {level}; placed year by year they do too")
            };
            (fewest, true, note)
        } else {
            // The mode needs more: double, then bisect on the full model.
            let mut lo = fewest;
            let mut hi = fewest.max(1).saturating_mul(2);
            while !reaches(hi)? {
                if hi >= crate::numeric::MAX_COUNT {
                    return Err(RoadmapError::Infeasible {
                        year: prep.spec.start_year,
                        reason: NoPlan::no_number(level, mode.as_str()),
                    });
                }
                lo = hi;
                hi = hi.saturating_mul(2).min(crate::numeric::MAX_COUNT);
            }
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if reaches(mid)? {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            (
                hi,
                false,
                format!(
                    "any placement needs at least {fewest} recruits in the peak year to keep every year at level ≥ {level}; the {} placement needs {hi} (found by bisection on the full model and checked: {hi} keeps the level, {} does not; not proven the fewest, because placement is not monotone in the number of recruits)",
                    mode.as_str(),
                    hi - 1
                ),
            )
        };
        recruits = schedule_of(peak);
        let _ = schedule;
        emit(Event::Target(TargetFound {
            level,
            fewest,
            peak,
            proven,
            mode,
        }));
        target_summary = Some(TargetSummary {
            level,
            recruits_per_year: recruits.clone(),
            fewest_any_placement: fewest,
            peak_recruits: peak,
            reached: true,
            proven,
            note,
        });
    }
    let found = match mode {
        RoadmapMode::Myopic => None,
        RoadmapMode::Horizon => {
            let (found, relaxed) = horizon_course(prep, &recruits, emit)?;
            emit(Event::Horizon(match found.worst {
                Some(worst) if found.stopped => HorizonFound::Stopped {
                    limit: prep.spec.horizon_checks,
                    worst,
                    bound: found.worst_bound.unwrap_or(worst),
                    sum: found.sum,
                    sum_bound: found.sum_bound,
                },
                Some(worst) => HorizonFound::Finished {
                    worst,
                    sum: found.sum,
                    sum_bound: found.sum_bound,
                    proven: found.sum_proven,
                    checks: found.checks,
                },
                None => HorizonFound::NoWorkload,
            }));
            Some((found, relaxed))
        }
    };
    Ok(Course {
        recruits,
        mode,
        found,
        target: target_summary,
    })
}

/// Makes the held folder ready for the run with fingerprint `fp`
/// ([`RoadmapFolder::prepare`]); with `--resume`, the records of the first
/// years that pass their check and agree with the start and each other
/// ([`super::trust::trusted`]), each with its force; a record that does
/// not is named in a note, and its year planned again. Returns the
/// manifest and those records.
fn ready(
    prep: &Prepared,
    mode: RoadmapMode,
    opts: &Options,
    folder: &RoadmapFolder,
    fp: &str,
    columns: &[String],
    emit: &(dyn Fn(Event) + Sync),
) -> Result<(Manifest, Vec<super::trust::Kept>), RoadmapError> {
    let fresh = Manifest {
        head: RunHead::new(&prep.loaded.scenario.name, fp, columns.to_vec()),
        years: (0..prep.spec.years).map(|k| prep.year_of(k)).collect(),
    };
    let inputs = prep.loaded.scenario.input_files();
    let (manifest, resumed) = folder.prepare(&fresh, opts.resume, &inputs, |old| {
        if old.head.fingerprint == fresh.head.fingerprint {
            Ok(())
        } else {
            Err("holds a different roadmap (the scenario, data, mode or options changed); run without --resume to start over, or choose another --out".into())
        }
    })?;
    if !resumed {
        return Ok((manifest, Vec::new()));
    }
    let read = read_records(
        folder,
        &RecordCheck {
            manifest: &manifest,
            stations: prep.loaded.province.stations.len(),
            counties: prep.loaded.province.counties.len(),
        },
    );
    let (kept, distrusted) = super::trust::trusted(read, prep, mode);
    if let Some((year, why)) = distrusted {
        emit(Event::PlannedAgain {
            year,
            record: format!("{}/{}", super::store::YEARS_DIR, record_name(year)),
            why,
        });
    }
    Ok((manifest, kept))
}

/// Runs the roadmap into `opts.out` (module documentation).
pub fn execute(
    prep: &Prepared,
    opts: &Options,
    emit: &(dyn Fn(Event) + Sync),
) -> Result<Report, RoadmapError> {
    // Every year's limits, before anything is written: the target's
    // schedule is checked as it is searched for.
    super::limits::check_requirements_every_year(prep)?;
    let by = match opts.target_level {
        Some(level) => format!("--target-level {level}"),
        None => {
            super::limits::check_force(prep, &prep.spec.recruits, "roadmap.recruits")?;
            "roadmap.recruits".to_string()
        }
    };
    // One run at a time into a folder: a second is refused before planning.
    let folder = RoadmapFolder::open(&opts.out)?;
    let pool = pool(opts.jobs)?;
    let mode = opts.mode.unwrap_or(prep.spec.mode);
    let course = pool.install(|| course(prep, mode, opts.target_level, emit))?;
    super::limits::check_force(prep, &course.recruits, &by)?;
    // No second copy of the prepared roadmap (its force) unless needed.
    let changed =
        (course.recruits != prep.spec.recruits).then(|| with_recruits(prep, &course.recruits));
    let prep = changed.as_ref().unwrap_or(prep);
    let fp = fingerprint(prep, mode, &course, opts.target_level, &opts.report);
    let columns = columns(&prep.county_ids());
    let (mut manifest, kept) =
        pool.install(|| ready(prep, mode, opts, &folder, &fp, &columns, emit))?;
    let inputs = prep.loaded.scenario.input_files();
    let counties = prep.loaded.province.counties.len();
    for (r, _) in &kept {
        emit(Event::Kept(r.year));
    }
    let mut state: State = kept
        .last()
        .map_or_else(|| prep.start.clone(), |(_, s)| s.clone());
    let kept: Vec<Record> = kept.into_iter().map(|(r, _)| r).collect();
    let mut rows: Vec<Vec<String>> = kept.iter().map(|r| r.cells.clone()).collect();
    let mut levels: Vec<Option<f64>> = kept
        .iter()
        .map(|r| r.cells.get(2).and_then(|c| c.parse().ok()))
        .collect();
    let mut county_cells: Vec<Vec<String>> = kept.iter().flat_map(|r| r.counties.clone()).collect();
    let mut stopped: Option<(i32, NoPlan)> = None;
    let errors: Mutex<Vec<RoadmapError>> = Mutex::new(Vec::new());
    let planned = pool.install(|| {
        let mut planned = 0usize;
        rayon::scope(|scope| {
            for k in kept.len()..prep.spec.years {
                if !errors.lock().map(|e| e.is_empty()).unwrap_or(false) {
                    break;
                }
                let searched = course.found.as_ref().map(|(f, _)| f);
                let y = match rule(prep, mode, &state, k, worst(&levels), searched, emit)
                    .and_then(|r| run_year(prep, &state, k, &r))
                {
                    Ok(y) => y,
                    Err(RoadmapError::Infeasible { year, reason }) => {
                        rows.push(failed_row(year, counties, &reason.to_string()));
                        stopped = Some((year, reason));
                        break;
                    }
                    Err(e) => {
                        if let Ok(mut list) = errors.lock() {
                            list.push(e);
                        }
                        break;
                    }
                };
                let f = &y.figures;
                emit(Event::Year {
                    year: y.year,
                    level: f.balance_level,
                    recruits: f.recruits,
                    retirements: f.retirements,
                    leavers: f.leavers,
                    moved: f.officers_moved,
                });
                levels.push(f.balance_level);
                let rec = record(prep, &y, &fp);
                rows.push(rec.cells.clone());
                county_cells.extend(rec.counties.iter().cloned());
                // The force moves on; the write keeps only the plan.
                let (year, solution) = (y.year, y.solution);
                state = y.state;
                planned += 1;
                let errors = &errors;
                let inputs = &inputs;
                let folder = &folder;
                let write = move || {
                    let result = solution
                        .files(None, &opts.report)
                        .and_then(|files| folder.write_plan(&plan_name(year), &files, inputs))
                        .and_then(|()| folder.write_record(&record_name(year), &rec));
                    if let Err(e) = result {
                        if let Ok(mut list) = errors.lock() {
                            list.push(e.into());
                        }
                    }
                };
                // With one worker, write before planning the next year (so a
                // killed run keeps every year it finished); with more, the
                // next year is planned while this one is written.
                if opts.jobs <= 1 {
                    write();
                } else {
                    scope.spawn(move |_| write());
                }
            }
        });
        planned
    });
    if let Some(e) = errors
        .into_inner()
        .ok()
        .and_then(|mut v| (!v.is_empty()).then(|| v.remove(0)))
    {
        return Err(e);
    }
    let table = RoadmapTable::new(columns.clone(), rows);
    let summary = super::finish::summarise(prep, mode, &course, &table, stopped_at(&stopped));
    let lang = opts
        .report
        .lang
        .unwrap_or_else(|| Lang::detect(&prep.loaded.province));
    let files = pool.install(|| {
        super::finish::top_files(
            prep,
            &table,
            &county_cells,
            &summary,
            lang,
            opts.report.charts,
        )
    })?;
    folder.write_top(&mut manifest, &files)?;
    if let Some((year, reason)) = stopped {
        return Err(RoadmapError::Infeasible { year, reason });
    }
    Ok(Report {
        summary,
        table,
        planned,
        kept: kept.len(),
    })
}

/// The default roadmap folder: `output/<safe scenario name>-roadmap`, with the
/// `--set` overrides in its name if any ([`crate::pipeline::run_name`]).
pub fn default_out(prep: &Prepared) -> PathBuf {
    let scenario = &prep.loaded.scenario;
    Path::new("output").join(format!(
        "{}-roadmap",
        crate::pipeline::run_name(&scenario.name, &scenario.overrides)
    ))
}
