//! Running a sweep: every point in parallel (a local rayon pool), each
//! finished point recorded atomically, `sweep.csv` assembled in point order.
//!
//! **Out folder layout.**
//! * `sweep.json` — the manifest: the sweep's fingerprint (SHA-256 of the
//!   merged scenario table, the columns, the number of points and the input
//!   data), its columns and point count. It marks the folder as a sweep's.
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
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::check::check_plan;
use crate::domain::Province;
use crate::error::{InputError, OutputError};
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
use crate::sweep::{apply_point, parse_spec, sample_spec, Point, SweepSpec};

/// Manifest file of a sweep folder.
pub const MANIFEST: &str = "sweep.json";
/// The results table.
pub const SWEEP_CSV: &str = "sweep.csv";
/// Folder of per-point records.
pub const POINTS_DIR: &str = "points";
/// Folder of per-point plans (`--keep-plans`).
pub const PLANS_DIR: &str = "plans";

/// A slice of the points: those with index mod `count` = `index` − 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based.
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Parses `K/N` with 1 ≤ K ≤ N.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}` is not a shard; write K/N, for example 2/8"))?;
        let k: usize = k
            .trim()
            .parse()
            .map_err(|_| format!("`{s}`: K is not a whole number"))?;
        let n: usize = n
            .trim()
            .parse()
            .map_err(|_| format!("`{s}`: N is not a whole number"))?;
        if n == 0 || k == 0 || k > n {
            return Err(format!("`{s}`: a shard K/N needs 1 ≤ K ≤ N"));
        }
        Ok(Shard { index: k, count: n })
    }

    /// Whether point `i` belongs to this shard.
    pub fn owns(&self, i: usize) -> bool {
        i % self.count == self.index - 1
    }
}

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
}

/// Why a sweep could not run (a failing point is not one of these: it is
/// recorded in its row).
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("{}: {message}", file.display())]
    Spec { file: PathBuf, message: String },
    #[error("{}: {message}", dir.display())]
    Folder { dir: PathBuf, message: String },
}

/// The manifest of a sweep folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub scenario: String,
    pub fingerprint: String,
    pub points: usize,
    pub columns: Vec<String>,
    pub shard: Option<Shard>,
    /// A sampled sweep's sampling and robust plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<SampleSummary>,
}

/// One finished point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub point: usize,
    pub fingerprint: String,
    /// The CSV cells of the row, rendered.
    pub cells: Vec<String>,
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

/// The column of a sampled sweep with the robust plan's level at the point.
pub const ROBUST_COLUMN: &str = "robust_level";

/// Folder of a sampled sweep's robust plan.
pub const ROBUST_DIR: &str = "robust";

/// The metric columns, between the parameters and the recruits columns.
pub const METRIC_COLUMNS: [&str; 9] = [
    "status",
    "balance_level",
    "officers_moved",
    "auxiliary_balance_level",
    "auxiliaries_changed",
    "worst_calls_per_duty_officer",
    "worst_residents_per_community_officer",
    "counties_meeting_station_share",
    "counties_meeting_community_share",
];

/// Reads a sweep scenario (following `extend`) and expands its points: a
/// `[sweep]` grid or a `[sample]` draw (one of the two).
pub fn prepare(path: &Path) -> Result<Prepared, SweepError> {
    let mut base = scenario::load_table(path)?;
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
            let spec = parse_spec(&sweep, &base.table).map_err(spec_err)?;
            prepare_points(base, spec)
        }
        (None, Some(sample)) => {
            let mut sample = table(sample, "sample")?;
            let choice = RobustChoice::parse(sample.remove("robust").as_ref())
                .map_err(|e| spec_err(e.to_string()))?;
            let (spec, drawn) = sample_spec(&sample, &base.table).map_err(spec_err)?;
            prepare_with(base, spec, Some((drawn, choice)))
        }
        (None, None) => Err(spec_err(
            "the scenario has no [sweep] or [sample] table; add one, for example [sweep] \"workload.divert_share\" = [0.0, 0.1, 0.2]".into(),
        )),
    }
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
            let solution = pipeline::finish_levers(
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
    let mut columns = vec!["point".to_string()];
    columns.extend(spec.params.iter().cloned());
    columns.extend(METRIC_COLUMNS.iter().map(|c| c.to_string()));
    if sample.as_ref().is_some_and(|s| s.robust.is_some()) {
        columns.push(ROBUST_COLUMN.into());
    }
    if recruits_on {
        columns.push("recruits_used".into());
        columns.extend(county_ids.iter().map(|id| format!("recruits_{id}")));
    }
    columns.push("message".into());

    let mut h = Sha256::new();
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
    Ok(Prepared {
        name: scenario.name.clone(),
        base,
        spec,
        columns,
        recruits_on,
        county_ids,
        fingerprint,
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
        blank_tail(&mut cells, "error", e);
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
    let plan_files =
        keep_plan.then(|| solution.files(point_loaded.unmerged.as_deref(), &ReportOptions::new()));
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
fn robust_files(robust: &RobustRun) -> Result<Vec<crate::output::OutputFile>, OutputError> {
    robust
        .solution
        .files(robust.unmerged.as_deref(), &ReportOptions::new())
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes a file atomically: a temporary file beside it, fsynced, renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_file(path, bytes, true)
}

/// Writes a file atomically (temporary file + rename); `sync` also fsyncs it
/// before the rename. The rename alone is atomic against the process being
/// killed; the fsync adds safety against power loss.
fn write_file(path: &Path, bytes: &[u8], sync: bool) -> Result<(), OutputError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let leaf = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{leaf}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp).map_err(io(&tmp))?;
        f.write_all(bytes).map_err(io(&tmp))?;
        if sync {
            f.sync_all().map_err(io(&tmp))?;
        }
        fs::rename(&tmp, path).map_err(io(path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn record_path(out: &Path, i: usize) -> PathBuf {
    out.join(POINTS_DIR).join(format!("{i:06}.json"))
}

/// The CSV bytes of a sweep: BOM, CRLF, header and rows as rendered (the same
/// format as [`crate::report::csv::to_csv`]; cells are already neutralised).
pub fn sweep_csv(columns: &[String], rows: &[&Record]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        let _ = w.write_record(columns);
        for r in rows {
            let _ = w.write_record(&r.cells);
        }
        let _ = w.flush();
    }
    out
}

/// What a progress record must hold to be used.
#[derive(Debug, Clone, Copy)]
pub struct RecordCheck<'a> {
    /// The sweep's fingerprint (its manifest's).
    pub fingerprint: &'a str,
    /// Cells in a row: the number of the manifest's columns.
    pub columns: usize,
    /// Points in the sweep.
    pub points: usize,
    /// The points themselves, when known: the parameter cells must then
    /// show the point's values.
    pub values: Option<&'a [Point]>,
}

/// A progress record that was found but cannot be used (its point is
/// solved again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// The record's file name in `points/`.
    pub file: String,
    pub problem: String,
}

/// The progress records of a folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    /// Usable records by point.
    pub valid: BTreeMap<usize, Record>,
    /// Records that were found and rejected, in file-name order.
    pub unusable: Vec<Unusable>,
}

/// A record larger than this is not one (a row of a sweep with thousands
/// of counties is still far below it).
const RECORD_MAX_BYTES: u64 = 16 << 20;

/// The point a record file name stands for: `NNNNNN.json` (at least six
/// digits).
fn record_index(name: &str) -> Option<usize> {
    let digits = name.strip_suffix(".json")?;
    if digits.len() < 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether `name` in `points/` is the temporary file of a record whose
/// process is gone (`.NNNNNN.json.tmp-<pid>`).
fn dead_record_temp(name: &str) -> bool {
    let Some((record, pid)) = name.strip_prefix('.').and_then(|n| n.split_once(".tmp-")) else {
        return false;
    };
    record_index(record).is_some() && pid.parse::<u32>().is_ok_and(crate::output::process_gone)
}

/// Reads one progress record named `name` and checks it against the sweep:
/// valid JSON of a [`Record`], its file name, point, fingerprint, exactly
/// one cell per column, the point number in the first cell, and (when the
/// points are known) the point's values in the parameter cells.
pub fn parse_record(name: &str, bytes: &[u8], check: &RecordCheck) -> Result<Record, String> {
    let r: Record = serde_json::from_slice(bytes)
        .map_err(|e| format!("is not a readable progress record ({e})"))?;
    if r.fingerprint != check.fingerprint {
        return Err("belongs to a different sweep (its fingerprint differs)".into());
    }
    if r.point >= check.points {
        return Err(format!(
            "names point {}, but the sweep has {} points",
            r.point, check.points
        ));
    }
    if name != format!("{:06}.json", r.point) {
        return Err(format!(
            "names point {}, which does not match its file name",
            r.point
        ));
    }
    if r.cells.len() != check.columns {
        return Err(format!(
            "has {} cells, but the sweep has {} columns",
            r.cells.len(),
            check.columns
        ));
    }
    if r.cells[0] != r.point.to_string() {
        return Err(format!(
            "its first cell is `{}`, not the point number {}",
            r.cells[0].escape_debug(),
            r.point
        ));
    }
    if let Some(point) = check.values.and_then(|v| v.get(r.point)) {
        let same = point
            .iter()
            .zip(&r.cells[1..])
            .all(|((_, v), cell)| *cell == format!("{v}"));
        if !same {
            return Err(format!(
                "its parameter cells do not show the values of point {}",
                r.point
            ));
        }
    }
    Ok(r)
}

/// Reads the progress records of a folder: those that pass
/// [`parse_record`] are usable, any other `NNNNNN.json` is listed as
/// unusable. Temporary files of dead runs are removed; nothing else is
/// touched.
pub fn read_records(dir: &Path, check: &RecordCheck) -> Records {
    let mut out = Records::default();
    let Ok(entries) = fs::read_dir(dir.join(POINTS_DIR)) else {
        return out;
    };
    let mut named: Vec<(String, PathBuf)> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().to_string(), e.path()))
        .collect();
    named.sort();
    for (name, path) in named {
        if dead_record_temp(&name) {
            // A temporary file a killed run left behind.
            let _ = fs::remove_file(&path);
            continue;
        }
        if record_index(&name).is_none() {
            continue;
        }
        let bytes = match fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() && m.len() <= RECORD_MAX_BYTES => {
                fs::read(&path).map_err(|e| format!("cannot be read ({e})"))
            }
            Ok(m) if m.is_file() => Err(format!("is too large ({} bytes)", m.len())),
            _ => Err("is not a file".to_string()),
        };
        match bytes.and_then(|b| parse_record(&name, &b, check)) {
            Ok(r) => {
                out.valid.insert(r.point, r);
            }
            Err(problem) => out.unusable.push(Unusable {
                file: name,
                problem,
            }),
        }
    }
    out
}

/// The files of an output folder as its marker lists them (as
/// [`write_folder`] wrote them), in name order. Refuses a folder without a
/// valid marker, or whose listed files are missing or changed; files the
/// marker does not list are not read.
fn read_folder(dir: &Path) -> Result<Vec<crate::output::OutputFile>, OutputError> {
    use crate::output::{refusal, survey, Blocked, Ownership};
    let marker = match survey(dir)? {
        Ownership::Own(marker) => marker,
        Ownership::Blocked(b) if b.marked && b.changed.is_empty() => {
            // Only files it did not list are in the way: they are not copied.
            match fs::read(dir.join(crate::output::MARKER))
                .ok()
                .and_then(|b| crate::output::Marker::parse(&b).ok())
            {
                Some(m) => m,
                None => return Err(refusal(dir, &b)),
            }
        }
        Ownership::Blocked(b) => return Err(refusal(dir, &b)),
        Ownership::Empty => {
            return Err(OutputError::Unsafe(format!(
                "`{}` is empty: the plan it should hold is missing; run that shard again",
                dir.display()
            )))
        }
    };
    let mut files = Vec::new();
    for listed in &marker.files {
        let path = dir.join(&listed.name);
        let bytes = fs::read(&path).map_err(|e| {
            OutputError::Unsafe(format!(
                "`{}` is listed in the folder's marker but cannot be read ({e}); run that shard again",
                path.display()
            ))
        })?;
        if format!("{:x}", Sha256::digest(&bytes)) != listed.sha256 {
            return Err(refusal(
                dir,
                &Blocked {
                    marked: true,
                    changed: vec![listed.name.clone()],
                    ..Blocked::default()
                },
            ));
        }
        files.push(crate::output::OutputFile {
            name: listed.name.clone(),
            bytes,
        });
    }
    Ok(files)
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    serde_json::from_slice(&fs::read(dir.join(MANIFEST)).ok()?).ok()
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
                        "holds a different sweep (scenario, points or data changed); run without --resume to start over, or choose another --out".into(),
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
        tool: format!("staffing {}", env!("CARGO_PKG_VERSION")),
        scenario: prep.name.clone(),
        fingerprint: prep.fingerprint.clone(),
        points: prep.spec.points.len(),
        columns: prep.columns.clone(),
        shard: opts.shard,
        sample: prep.sample_summary().cloned(),
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

/// Removes what an earlier run of a sweep wrote under `out` — its progress
/// records, `plans/` folders, `robust/` and `sweep.csv` — and nothing else.
/// A record is the tool's if it parses as a record; a plan folder if its
/// marker lists every file in it, unchanged ([`survey`]). When anything
/// else is there, or an input of the sweep is among them, it refuses
/// before removing anything, naming the files.
fn clear_previous_run(out: &Path, inputs: &[PathBuf]) -> Result<(), SweepError> {
    use crate::output::{
        check_inputs, leftover, remove_leftover, remove_output_folder, MarkerProblem,
    };
    for part in [POINTS_DIR, PLANS_DIR, ROBUST_DIR, SWEEP_CSV] {
        check_inputs(&out.join(part), inputs)?;
    }
    let mut foreign: Vec<String> = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    let mut files = Vec::new();
    let mut leftovers = Vec::new();
    let mut folders = Vec::new();
    let mut emptied = Vec::new();
    let kind = |p: &Path| fs::symlink_metadata(p).ok().map(|m| m.file_type());
    let listing = |dir: &Path| -> Result<Vec<(String, PathBuf, bool)>, OutputError> {
        let mut v = Vec::new();
        for e in fs::read_dir(dir).map_err(io(dir))? {
            let e = e.map_err(io(dir))?;
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            v.push((
                e.file_name().to_string_lossy().to_string(),
                e.path(),
                is_dir,
            ));
        }
        v.sort();
        Ok(v)
    };
    let slash = |is_dir: bool| if is_dir { "/" } else { "" };
    let mut own_folder = |path: PathBuf,
                          shown: String,
                          foreign: &mut Vec<String>,
                          changed: &mut Vec<String>|
     -> Result<(), SweepError> {
        match survey(&path)? {
            Ownership::Empty | Ownership::Own(_) => folders.push(path),
            Ownership::Blocked(b) => {
                if matches!(b.marker, Some(MarkerProblem::Old | MarkerProblem::Newer(_))) {
                    return Err(refusal(&path, &b).into());
                }
                foreign.extend(b.foreign.iter().map(|f| format!("{shown}/{f}")));
                changed.extend(b.changed.iter().map(|f| format!("{shown}/{f}")));
            }
        }
        Ok(())
    };

    let points = out.join(POINTS_DIR);
    match kind(&points) {
        None => {}
        Some(k) if k.is_dir() => {
            for (name, path, is_dir) in listing(&points)? {
                let record = record_index(&name).is_some()
                    && fs::symlink_metadata(&path)
                        .is_ok_and(|m| m.is_file() && m.len() <= RECORD_MAX_BYTES)
                    && fs::read(&path).is_ok_and(|b| serde_json::from_slice::<Record>(&b).is_ok());
                if record || dead_record_temp(&name) {
                    files.push(path);
                } else {
                    foreign.push(format!("{POINTS_DIR}/{name}{}", slash(is_dir)));
                }
            }
            emptied.push(points);
        }
        Some(_) => foreign.push(POINTS_DIR.into()),
    }

    let plans = out.join(PLANS_DIR);
    match kind(&plans) {
        None => {}
        Some(k) if k.is_dir() => {
            for (name, path, is_dir) in listing(&plans)? {
                if is_dir && record_index(&format!("{name}.json")).is_some() {
                    own_folder(
                        path,
                        format!("{PLANS_DIR}/{name}"),
                        &mut foreign,
                        &mut changed,
                    )?;
                } else if leftover(&plans, &name) {
                    leftovers.push(path);
                } else {
                    foreign.push(format!("{PLANS_DIR}/{name}{}", slash(is_dir)));
                }
            }
            emptied.push(plans);
        }
        Some(_) => foreign.push(PLANS_DIR.into()),
    }

    let robust = out.join(ROBUST_DIR);
    match kind(&robust) {
        None => {}
        Some(k) if k.is_dir() => own_folder(robust, ROBUST_DIR.into(), &mut foreign, &mut changed)?,
        Some(_) => foreign.push(ROBUST_DIR.into()),
    }

    let csv = out.join(SWEEP_CSV);
    match kind(&csv) {
        None => {}
        Some(k) if k.is_file() => files.push(csv),
        Some(k) => foreign.push(format!("{SWEEP_CSV}{}", slash(k.is_dir()))),
    }

    if !foreign.is_empty() || !changed.is_empty() {
        return Err(OutputError::NotOurs {
            dir: out.to_path_buf(),
            marked: true,
            foreign,
            changed,
        }
        .into());
    }
    for f in &files {
        fs::remove_file(f).map_err(io(f))?;
    }
    for l in &leftovers {
        remove_leftover(l);
    }
    for f in &folders {
        remove_output_folder(f)?;
    }
    for d in &emptied {
        fs::remove_dir(d).map_err(io(d))?;
    }
    Ok(())
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
    let fresh: Vec<Record> = pool.install(|| {
        todo.par_iter()
            .map(|&i| {
                let outcome = run_point(prep, i, &prep.spec.points[i], opts.keep_plans);
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
                Ok(record)
            })
            .collect::<Result<Vec<_>, OutputError>>()
    })?;
    bar.finish_and_clear();
    if let Some(robust) = prep.robust() {
        write_folder(&out.join(ROBUST_DIR), &robust_files(robust)?, &inputs)?;
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
        write_atomic(&path, &sweep_csv(&prep.columns, &rows))?;
        let lang = prep
            .cache
            .map
            .lock()
            .ok()
            .and_then(|m| {
                m.values()
                    .find_map(|l| l.as_ref().as_ref().ok().map(|l| Lang::detect(&l.province)))
            })
            .unwrap_or_else(|| Lang::of_text(&prep.name));
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

/// Joins shard folders of one sweep into `out/sweep.csv` (and a manifest),
/// byte-identical to a single-machine run. Every point must be present; a
/// point found twice must have the same row.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<PathBuf, SweepError> {
    let folder_err = |dir: &Path, message: String| SweepError::Folder {
        dir: dir.to_path_buf(),
        message,
    };
    let mut first: Option<Manifest> = None;
    let mut all: BTreeMap<usize, Record> = BTreeMap::new();
    let mut unusable: Vec<String> = Vec::new();
    for dir in dirs {
        let m = read_manifest(dir).ok_or_else(|| {
            folder_err(
                dir,
                format!("has no readable {MANIFEST}; is it a staffing sweep folder?"),
            )
        })?;
        if let Some(f) = &first {
            if f.fingerprint != m.fingerprint || f.columns != m.columns {
                return Err(folder_err(
                    dir,
                    format!(
                        "is a different sweep from {} (scenario, points or data differ)",
                        dirs[0].display()
                    ),
                ));
            }
        }
        let records = read_records(
            dir,
            &RecordCheck {
                fingerprint: &m.fingerprint,
                columns: m.columns.len(),
                points: m.points,
                values: None,
            },
        );
        unusable.extend(records.unusable.iter().map(|u| {
            format!(
                "{} {}",
                dir.join(POINTS_DIR).join(&u.file).display(),
                u.problem
            )
        }));
        for (i, r) in records.valid {
            if let Some(prev) = all.get(&i) {
                if prev.cells != r.cells {
                    return Err(folder_err(
                        dir,
                        format!("point {i} differs from the same point in another folder"),
                    ));
                }
            }
            all.insert(i, r);
        }
        first.get_or_insert(m);
    }
    let Some(m) = first else {
        return Err(folder_err(out, "no folders to merge".into()));
    };
    let missing: Vec<usize> = (0..m.points).filter(|i| !all.contains_key(i)).collect();
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(10).map(|i| i.to_string()).collect();
        return Err(folder_err(
            out,
            format!(
                "{} of {} points are missing (for example {}){}; run the missing shards (or --resume them) first",
                missing.len(),
                m.points,
                shown.join(", "),
                if unusable.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", and {} progress records cannot be used ({})",
                        unusable.len(),
                        unusable.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
                    )
                }
            ),
        ));
    }
    fs::create_dir_all(out).map_err(io(out))?;
    let rows: Vec<&Record> = all.values().collect();
    let path = out.join(SWEEP_CSV);
    let merged = Manifest { shard: None, ..m };
    let same_dir = dirs
        .iter()
        .any(|d| fs::canonicalize(d).ok() == fs::canonicalize(out).ok());
    if !same_dir {
        if let Some(existing) = read_manifest(out) {
            if existing.fingerprint != merged.fingerprint {
                return Err(folder_err(
                    out,
                    "holds a different sweep; choose another --out".into(),
                ));
            }
        } else if fs::read_dir(out).map_err(io(out))?.next().is_some() {
            return Err(folder_err(
                out,
                format!("holds files that are not a staffing sweep (no {MANIFEST}); choose an empty or new folder"),
            ));
        }
        let mut bytes = serde_json::to_vec_pretty(&merged).unwrap_or_default();
        bytes.push(b'\n');
        write_atomic(&out.join(MANIFEST), &bytes)?;
    }
    write_atomic(&path, &sweep_csv(&merged.columns, &rows))?;
    if !same_dir {
        // Every shard wrote the same robust plan (it depends on the scenario
        // and all the points, which every shard knows): take the first.
        if let Some(dir) = dirs.iter().find(|d| d.join(ROBUST_DIR).is_dir()) {
            let files = read_folder(&dir.join(ROBUST_DIR))?;
            write_folder(&out.join(ROBUST_DIR), &files, dirs)?;
        }
    }
    write_report(
        out,
        &merged.scenario,
        &path,
        Lang::of_text(&merged.scenario),
        merged.sample.as_ref(),
    )?;
    Ok(path)
}

/// Writes the sweep's charts (SVG and PNG) and `report.html` beside its
/// `sweep.csv`, each file atomically.
pub fn write_report(
    out: &Path,
    name: &str,
    csv: &Path,
    lang: Lang,
    sample: Option<&SampleSummary>,
) -> Result<(), SweepError> {
    let bytes = fs::read(csv).map_err(io(csv))?;
    let info = crate::report::html::SweepInfo {
        scenario: name.to_string(),
        tool: "staffing".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        solver: crate::model::EXACT_SOLVER.into(),
        inputs: Vec::new(),
        sample: sample.cloned(),
    };
    let files =
        crate::report::sweep_files(&bytes, &info, lang, Some(crate::report::Formats::SvgAndPng))
            .map_err(|e| OutputError::Unsafe(format!("cannot draw the sweep report: {e}")))?;
    for f in files {
        write_atomic(&out.join(&f.name), &f.bytes)?;
    }
    Ok(())
}
