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

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use sha2::{Digest, Sha256};

use super::page::write_report;
use super::store::{
    clear_previous_run, io, read_manifest, read_records, record_path, write_atomic, write_file,
    Manifest, Record, RecordCheck, Records, Unusable, MANIFEST, PLANS_DIR, POINTS_DIR, ROBUST_DIR,
    SWEEP_CSV, TOOL,
};
use super::table::{columns, sweep_csv, METRIC_COLUMNS};
use super::SweepError;
use crate::check::check_plan;
use crate::domain::Province;
use crate::error::OutputError;
use crate::model::levers;
use crate::outcome::InputDigest;
use crate::output::{refusal, safe_component, survey, write_folder, Ownership};
use crate::pipeline::{self, Engine, Solution, SolveError};
use crate::report::csv::neutralise;
use crate::report::{Lang, ReportOptions};
use crate::sample::{
    is_workload_key, plan_level, robust_lever_plan, RobustChoice, SampleSpec, SampleSummary, Target,
};
use crate::scenario::{self, Scenario, ScenarioTable};
use crate::sweep::{apply_point, parse_spec, sample_spec, Point, Shard, SweepSpec};
use std::fs;

/// How to run a sweep.
#[derive(Debug, Clone)]
pub struct Options {
    /// Threads of the local pool (at least 1).
    pub jobs: usize,
    pub out: PathBuf,
    pub keep_plans: bool,
    pub resume: bool,
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

/// A sweep ready to run: the merged scenario, its points and columns.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub base: ScenarioTable,
    pub name: String,
    pub spec: SweepSpec,
    pub columns: Vec<String>,
    pub recruits_on: bool,
    pub county_ids: Vec<String>,
    pub fingerprint: String,
    /// The data files read (not the scenario files, which the fingerprint
    /// covers through the merged table).
    pub inputs: Vec<InputDigest>,
    pub cache: Arc<ProvinceCache>,
    /// Set for a `[sample]` sweep.
    pub sample: Option<Arc<SampleRun>>,
}

/// A sampled sweep's summary and its robust plan.
#[derive(Debug)]
pub struct SampleRun {
    pub summary: SampleSummary,
    pub robust: Option<RobustRun>,
}

/// The robust plan of a sampled sweep.
#[derive(Debug)]
pub struct RobustRun {
    /// As the lever solver returns it: checkable against `plan.province`.
    pub plan: levers::LeverPlan,
    /// The same plan through the pipeline, checked, with its moves counted
    /// as moves of existing officers (what `robust/` and the summary show).
    /// Its name is the scenario's, with the robust target.
    pub solution: Solution,
    /// The data before the scenario's mergers, if it has any.
    pub unmerged: Option<Arc<Province>>,
}

/// Provinces loaded once per (stations path, counties path, station kinds).
#[derive(Debug, Default)]
pub struct ProvinceCache {
    #[allow(clippy::type_complexity)]
    map: Mutex<HashMap<(PathBuf, PathBuf, Vec<String>), Arc<Result<Loaded, String>>>>,
}

/// A loaded province with its input digests.
#[derive(Debug)]
pub struct Loaded {
    pub province: Arc<Province>,
    /// The data before the scenario's mergers, if it has any.
    pub unmerged: Option<Arc<Province>>,
    pub inputs: Vec<InputDigest>,
    /// What looks wrong in the data ([`pipeline::Loaded::warnings`]).
    pub warnings: Vec<crate::error::Warning>,
}

impl ProvinceCache {
    /// The province of a scenario, read at most once per data key.
    pub fn get(&self, s: &Scenario) -> Arc<Result<Loaded, String>> {
        let kinds: Vec<String> = s
            .workload
            .residents_per_community_officer
            .keys()
            .cloned()
            .collect();
        let key = (s.stations.clone(), s.counties.clone(), kinds);
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(key)
            .or_insert_with(|| {
                // The full loader: encodings, workbooks, aliases, and the
                // scenario's station lists (locks, mergers) all apply.
                let loaded = pipeline::load_scenario(s.clone()).map(|l| Loaded {
                    province: l.province,
                    unmerged: l.unmerged,
                    inputs: l.inputs.into_iter().skip(1).collect(),
                    warnings: l.warnings,
                });
                Arc::new(loaded.map_err(|e| e.to_string()))
            })
            .clone()
    }

    /// Distinct data keys loaded so far.
    pub fn len(&self) -> usize {
        self.map.lock().map(|m| m.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads a sweep scenario (following `extend`) and expands its points: a
/// `[sweep]` grid or a `[sample]` draw (one of the two).
pub fn prepare(path: &Path) -> Result<Prepared, SweepError> {
    prepare_set(path, &[])
}

/// [`prepare`] with `--set key=value` overrides of the base scenario
/// ([`crate::scenario::overrides`]). A key the sweep varies cannot also be
/// set: every point would replace the value.
pub fn prepare_set(path: &Path, sets: &[(String, String)]) -> Result<Prepared, SweepError> {
    let mut base = scenario::load_table(path)?;
    crate::scenario::overrides::apply(&mut base, sets)?;
    let prep = prepare_table(path, base)?;
    if let Some(o) = prep
        .base
        .overrides
        .iter()
        .find(|o| prep.spec.params.contains(&o.key))
    {
        return Err(SweepError::Spec {
            file: path.to_path_buf(),
            message: format!(
                "--set {}: the sweep varies `{}`, so every point would replace this value; remove it from --set, or from the scenario's [sweep] or [sample] table",
                o.key, o.key
            ),
        });
    }
    Ok(prep)
}

fn prepare_table(path: &Path, mut base: ScenarioTable) -> Result<Prepared, SweepError> {
    match grid(&mut base, path)? {
        Some(Grid::Sweep(spec)) => prepare_points(base, spec),
        Some(Grid::Sample(spec, drawn, choice)) => prepare_with(base, spec, Some((drawn, choice))),
        None => Err(SweepError::Spec {
            file: path.to_path_buf(),
            message: "the scenario has no [sweep] or [sample] table; add one, for example [sweep] \"workload.divert_share\" = [0.0, 0.1, 0.2]".into(),
        }),
    }
}

/// The points of a `[sweep]` or a `[sample]` table.
enum Grid {
    Sweep(SweepSpec),
    Sample(SweepSpec, SampleSpec, RobustChoice),
}

/// Takes the `[sweep]` or `[sample]` table out of a merged scenario table
/// and expands its points (`None`: the scenario has neither).
fn grid(base: &mut ScenarioTable, path: &Path) -> Result<Option<Grid>, SweepError> {
    let points_err = |error: crate::sweep::SpecError| SweepError::Points {
        file: path.to_path_buf(),
        error,
    };
    let spec_err = |message: String| SweepError::Spec {
        file: path.to_path_buf(),
        message,
    };
    let table = |v: toml::Value, name: &str| match v {
        toml::Value::Table(t) => Ok(t),
        _ => Err(spec_err(format!("`{name}` must be a table: [{name}]"))),
    };
    match (base.table.remove("sweep"), base.table.remove("sample")) {
        (Some(_), Some(_)) => Err(spec_err(
            "the scenario has both [sweep] and [sample]; a sweep runs a grid or a random sample, not both — keep one".into(),
        )),
        (Some(sweep), None) => {
            let sweep = table(sweep, "sweep")?;
            let spec = parse_spec(&sweep, &base.table).map_err(points_err)?;
            Ok(Some(Grid::Sweep(spec)))
        }
        (None, Some(sample)) => {
            let mut sample = table(sample, "sample")?;
            let choice = RobustChoice::parse(sample.remove("robust").as_ref())
                .map_err(|e| spec_err(e.to_string()))?;
            let (spec, drawn) = sample_spec(&sample, &base.table).map_err(points_err)?;
            Ok(Some(Grid::Sample(spec, drawn, choice)))
        }
        (None, None) => Ok(None),
    }
}

/// What `staffing check` says about a scenario's `[sweep]` or `[sample]`.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCheck {
    /// `sweep` or `sample`.
    pub table: &'static str,
    /// The keys it varies, in column order.
    pub keys: Vec<String>,
    /// How many points it expands to.
    pub points: usize,
}

/// Expands a scenario's `[sweep]` or `[sample]` table without loading data
/// or solving, as `staffing sweep` would (`None`: it has neither), and
/// checks each key's smallest and largest value against the key's range
/// (ranges are intervals, so every point's values are then in range): a
/// value no point could run with is an error naming the key and the value.
pub fn check_grid(path: &Path) -> Result<Option<GridCheck>, SweepError> {
    let mut base = scenario::load_table(path)?;
    let (table, spec) = match grid(&mut base, path)? {
        None => return Ok(None),
        Some(Grid::Sweep(spec)) => ("sweep", spec),
        Some(Grid::Sample(spec, ..)) => ("sample", spec),
    };
    for (k, key) in spec.params.iter().enumerate() {
        let values = spec.points.iter().map(|p| p[k].1);
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        for v in [lo, hi] {
            if !v.is_finite() {
                continue;
            }
            let mut at = base.clone();
            let checked = apply_point(&mut at.table, &[(key.clone(), v)])
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    scenario::from_table(&at)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                });
            if let Err(e) = checked {
                let drawn = if table == "sample" {
                    "a drawn value of "
                } else {
                    ""
                };
                return Err(SweepError::Spec {
                    file: path.to_path_buf(),
                    message: format!("`{table}.{key}`: {drawn}{v} cannot run: {e}"),
                });
            }
        }
    }
    Ok(Some(GridCheck {
        table,
        keys: spec.params.clone(),
        points: spec.points.len(),
    }))
}

/// Prepares any list of points (from `[sweep]` or a sampler) over a merged
/// scenario table. `base.table` must not hold `[sweep]`.
pub fn prepare_points(base: ScenarioTable, spec: SweepSpec) -> Result<Prepared, SweepError> {
    prepare_with(base, spec, None)
}

/// The robust plan of a sampled sweep, or why there is none.
fn robust_run(
    scenario: &Scenario,
    loaded: &Loaded,
    spec: &SweepSpec,
    drawn: &SampleSpec,
    choice: RobustChoice,
) -> Result<SampleRun, SweepError> {
    let mut summary = SampleSummary {
        seed: drawn.seed,
        count: drawn.count,
        keys: drawn
            .keys
            .iter()
            .map(|(k, d)| (k.clone(), d.to_string()))
            .collect(),
        ..SampleSummary::default()
    };
    let other: Vec<&String> = spec.params.iter().filter(|k| !is_workload_key(k)).collect();
    let target = match (choice, other.first()) {
        (RobustChoice::Off, _) => {
            summary.robust_note = Some("robust = \"none\"".into());
            None
        }
        (RobustChoice::On(_), Some(k)) => {
            return Err(SweepError::Spec {
                file: scenario.file.clone(),
                message: format!(
                    "[sample] robust: the robust plan samples workload keys only (`{k}` is not one): the hard rules must not vary across samples; remove `robust` or the key"
                ),
            })
        }
        (RobustChoice::Default, Some(k)) => {
            summary.robust_note = Some(format!(
                "no robust plan: `{k}` is not a workload key (the hard rules would vary across samples)"
            ));
            None
        }
        (RobustChoice::On(t), None) => Some(t),
        (RobustChoice::Default, None) => Some(Target::Worst),
    };
    let Some(target) = target else {
        return Ok(SampleRun {
            summary,
            robust: None,
        });
    };
    let today_aux: i64 = loaded.province.stations.iter().map(|s| s.auxiliaries).sum();
    let params = scenario.params(today_aux);
    let robust = match robust_lever_plan(
        &loaded.province,
        &params,
        &scenario.force_levers,
        &spec.points,
        target,
    ) {
        Ok((plan, envelope)) => {
            let mut solution = pipeline::finish_levers(
                &format!("{} (robust plan: {})", scenario.name, target.label()),
                &loaded.province,
                &params,
                plan.clone(),
                envelope,
                loaded.inputs.clone(),
                crate::scenario::keys::parameters(&scenario.table),
            )
            .map_err(|e| SweepError::Spec {
                file: scenario.file.clone(),
                message: format!("the robust plan: {e}"),
            })?;
            solution.outcome.summary.provenance.overrides = scenario.overrides.clone();
            solution.outcome.summary.warnings = crate::outcome::Warnings::of(&loaded.warnings);
            summary.robust = Some(target.label());
            summary.envelope_level = plan.plan.balance_level;
            summary.officers_moved = Some(solution.outcome.plan.officers_moved);
            Some(RobustRun {
                plan,
                solution,
                unmerged: loaded.unmerged.clone(),
            })
        }
        Err(e) => {
            summary.robust_note = Some(e.to_string());
            None
        }
    };
    Ok(SampleRun { summary, robust })
}

fn prepare_with(
    mut base: ScenarioTable,
    spec: SweepSpec,
    sample: Option<(SampleSpec, RobustChoice)>,
) -> Result<Prepared, SweepError> {
    base.table.remove("sample");
    let scenario = scenario::from_table(&base)?;
    let cache = Arc::new(ProvinceCache::default());
    let loaded = cache.get(&scenario);
    let loaded = match &*loaded {
        Ok(l) => l,
        Err(message) => {
            return Err(SweepError::Spec {
                file: base.file.clone(),
                message: message.clone(),
            })
        }
    };
    let recruits_on = scenario.force_levers.recruits.is_some()
        || spec.params.iter().any(|p| p == "recruits.total");
    let county_ids: Vec<String> = loaded
        .province
        .counties
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let sample = match sample {
        Some((drawn, choice)) => Some(Arc::new(robust_run(
            &scenario, loaded, &spec, &drawn, choice,
        )?)),
        None => None,
    };
    let columns = columns(
        &spec.params,
        sample.as_ref().is_some_and(|s| s.robust.is_some()),
        recruits_on.then_some(county_ids.as_slice()),
    );

    let mut h = Sha256::new();
    h.update(TOOL.as_bytes());
    h.update(toml::to_string(&base.table).unwrap_or_default().as_bytes());
    h.update(columns.join("\u{1f}").as_bytes());
    for p in &spec.points {
        for (k, v) in p {
            h.update(format!("{k}={v};").as_bytes());
        }
        h.update(b"\n");
    }
    for d in &loaded.inputs {
        h.update(d.sha256.as_bytes());
    }
    if let Some(s) = &sample {
        h.update(format!("robust={:?}", s.summary.robust).as_bytes());
    }
    let fingerprint = format!("{:x}", h.finalize());
    let inputs = loaded.inputs.clone();
    Ok(Prepared {
        name: scenario.name.clone(),
        base,
        spec,
        columns,
        recruits_on,
        county_ids,
        fingerprint,
        inputs,
        cache,
        sample,
    })
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
    let params = scenario.params(today_aux);
    let point_loaded = pipeline::Loaded {
        province: loaded.province.clone(),
        unmerged: loaded.unmerged.clone(),
        inputs: loaded.inputs.clone(),
        params: params.clone(),
        scenario,
        warnings: loaded.warnings.clone(),
    };
    let solution = match pipeline::solve(&point_loaded, Engine::Exact) {
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
    let summary = &solution.outcome.summary;
    cells.push(summary.status.clone());
    cells.push(num(summary.balance_level));
    cells.push(summary.officers_moved.to_string());
    cells.push(num(summary.auxiliary_balance_level));
    cells.push(summary.auxiliaries_changed.to_string());
    cells.push(num(summary.worst_calls_per_duty_officer));
    cells.push(num(summary.worst_residents_per_community_officer));
    cells.push(summary.counties_meeting_station_share.after.to_string());
    cells.push(summary.counties_meeting_community_share.after.to_string());
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
        match &solution.outcome.recruits {
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
    let plan_files = plan.map(|o| solution.files(point_loaded.unmerged.as_deref(), o));
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

impl Prepared {
    /// The robust plan of a sampled sweep, when it has one.
    pub fn robust(&self) -> Option<&RobustRun> {
        self.sample.as_ref().and_then(|s| s.robust.as_ref())
    }

    /// The sampled sweep's summary, when it is one.
    pub fn sample_summary(&self) -> Option<&SampleSummary> {
        self.sample.as_ref().map(|s| &s.summary)
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
    pub points: usize,
    /// Points of this run (the shard's, or all).
    pub selected: usize,
    /// Points found already finished (`--resume`).
    pub reused: usize,
    pub solved: usize,
    /// Count of rows by status, over the selected points.
    pub statuses: BTreeMap<String, usize>,
    /// The `sweep.csv` written, when the whole sweep is in this folder.
    pub csv: Option<PathBuf>,
    /// Progress records found but not used (`--resume`): their points were
    /// solved again.
    pub unusable: Vec<Unusable>,
}

/// Makes `out` ready: a new or empty folder, or one of this tool's sweep
/// folders (cleared unless resuming).
fn ready_folder(prep: &Prepared, opts: &Options) -> Result<(), SweepError> {
    let out = &opts.out;
    let folder_err = |message: String| SweepError::Folder {
        dir: out.clone(),
        message,
    };
    if out.exists() {
        if !out.is_dir() {
            return Err(folder_err(
                "exists and is not a folder; choose another --out".into(),
            ));
        }
        let empty = fs::read_dir(out).map_err(io(out))?.next().is_none();
        if !empty {
            let Some(m) = read_manifest(out) else {
                return Err(folder_err(format!(
                    "holds files that are not a staffing sweep (no {MANIFEST}); choose an empty or new folder for --out"
                )));
            };
            if opts.resume {
                if m.fingerprint != prep.fingerprint {
                    return Err(folder_err(
                        "holds a different sweep (scenario, points, data or staffing version changed); run without --resume to start over, or choose another --out".into(),
                    ));
                }
                if m.shard != opts.shard {
                    return Err(folder_err(format!(
                        "was run with shard {:?}, not {:?}; resume with the same --shard",
                        m.shard.map(|s| format!("{}/{}", s.index, s.count)),
                        opts.shard.map(|s| format!("{}/{}", s.index, s.count))
                    )));
                }
                // The run replaces robust/ at its end: refuse now, before
                // solving, if that would lose a file.
                let robust = out.join(ROBUST_DIR);
                if prep.robust().is_some() && robust.is_dir() {
                    if let Ownership::Blocked(b) = survey(&robust)? {
                        return Err(refusal(&robust, &b).into());
                    }
                }
            } else {
                clear_previous_run(out, &input_files(prep))?;
            }
        }
    }
    let points = out.join(POINTS_DIR);
    fs::create_dir_all(&points).map_err(io(&points))?;
    let manifest = Manifest {
        tool: TOOL.to_string(),
        scenario: prep.name.clone(),
        fingerprint: prep.fingerprint.clone(),
        points: prep.spec.points.len(),
        columns: prep.columns.clone(),
        shard: opts.shard,
        sample: prep.sample_summary().cloned(),
        inputs: prep.inputs.clone(),
    };
    let mut bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    bytes.push(b'\n');
    write_atomic(&out.join(MANIFEST), &bytes)?;
    Ok(())
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
    ready_folder(prep, opts)?;
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
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} points  {elapsed_precise} (eta {eta})",
            )
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
                    write_folder(
                        &out.join(PLANS_DIR).join(format!("{i:06}")),
                        &files?,
                        &inputs,
                    )?;
                }
                let record = Record {
                    point: i,
                    fingerprint: prep.fingerprint.clone(),
                    cells: outcome.cells,
                };
                let mut bytes = serde_json::to_vec(&record).unwrap_or_default();
                bytes.push(b'\n');
                // Records skip the fsync: they are validated on --resume, so
                // one torn by a power loss is simply solved again.
                write_file(&record_path(out, i), &bytes, false)?;
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
        let rows: Vec<&Record> = (0..n).filter_map(|i| all.get(&i)).collect();
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
        let path = out.join(SWEEP_CSV);
        let cells: Vec<&[String]> = rows.iter().map(|r| r.cells.as_slice()).collect();
        write_atomic(&path, &sweep_csv(&prep.columns, &cells))?;
        let lang = opts.lang.unwrap_or_else(|| {
            prep.cache
                .map
                .lock()
                .ok()
                .and_then(|m| {
                    m.values()
                        .find_map(|l| l.as_ref().as_ref().ok().map(|l| Lang::detect(&l.province)))
                })
                .unwrap_or_else(|| Lang::of_text(&prep.name))
        });
        // On the pool: with --jobs 2 the charts render two at a time.
        pool.install(|| write_report(out, &prep.name, &path, lang, prep.sample_summary()))?;
        Some(path)
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

/// The default sweep folder: `output/<safe scenario name>-sweep`.
pub fn default_out(prep: &Prepared) -> PathBuf {
    Path::new("output").join(format!("{}-sweep", safe_component(&prep.name)))
}
