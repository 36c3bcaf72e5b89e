//! Preparing a sweep: the scenario read (following `extend`, with `--set`
//! overrides), its `[sweep]` grid or `[sample]` draw expanded into points,
//! the data loaded once per distinct data ([`ProvinceCache`]), the columns,
//! the fingerprint, and a sampled sweep's robust plan.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::store::TOOL;
use super::table::columns;
use super::SweepError;
use crate::domain::Province;
use crate::model::levers;
use crate::model::reuse::Reuse;
use crate::outcome::InputDigest;
use crate::pipeline::{self, Solution};
use crate::report::Lang;
use crate::sample::{
    is_workload_key, robust_lever_plan, RobustChoice, SampleSpec, SampleSummary, Target,
};
use crate::scenario::{self, Scenario, ScenarioTable};
use crate::sweep::{apply_point, parse_spec, sample_spec, SweepSpec};

/// A sweep ready to run: the merged scenario, its points and columns.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The scenario's merged table (`extend` resolved), without its
    /// `[sample]` table; each point is applied to a copy of it.
    pub base: ScenarioTable,
    /// The scenario's `name`.
    pub name: String,
    /// The expanded points.
    pub spec: SweepSpec,
    /// The header of `sweep.csv` ([`crate::sweep::table::columns`]).
    pub columns: Vec<String>,
    /// The recruits lever is on (in the scenario, or swept through
    /// `recruits.total`): the recruits columns are written.
    pub recruits_on: bool,
    /// The counties' ids, in input order (the `recruits_<id>` columns).
    pub county_ids: Vec<String>,
    /// SHA-256 (hex) of the tool version, merged table, columns, points,
    /// data files and robust choice: a run folder is resumed or merged only
    /// when its fingerprint is this one.
    pub fingerprint: String,
    /// The data files read (not the scenario files, which the fingerprint
    /// covers through the merged table).
    pub inputs: Vec<InputDigest>,
    /// The data loaded, shared by the points that read the same files.
    pub cache: Arc<ProvinceCache>,
    /// Set for a `[sample]` sweep.
    pub sample: Option<Arc<SampleRun>>,
    /// The solver phases' results, shared by the points whose inputs to a
    /// phase are the same ([`crate::model::reuse`]).
    pub reuse: Arc<Reuse>,
}

/// A sampled sweep's summary and its robust plan.
#[derive(Debug)]
pub struct SampleRun {
    /// What the manifest records about the sampling and the robust plan.
    pub summary: SampleSummary,
    /// The robust plan (`None`: `robust = "none"`, a sampled key is not a
    /// workload key, or no plan covers every sample; `summary.robust_note`
    /// says which).
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
    map: Mutex<HashMap<(PathBuf, PathBuf, Vec<String>), Arc<Result<pipeline::Loaded, String>>>>,
}

impl ProvinceCache {
    /// The data of a scenario, read at most once per data key, as
    /// [`pipeline::load_data`] reads it (each point is then a
    /// [`pipeline::Loaded::variant`] of it). Its inputs are the data
    /// tables: a point's scenario is not a file of its own.
    pub fn get(&self, s: &Scenario) -> Arc<Result<pipeline::Loaded, String>> {
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
                let loaded = pipeline::load_data(s.clone()).map(|mut l| {
                    l.inputs.retain(|d| d.role != "scenario");
                    l
                });
                Arc::new(loaded.map_err(|e| e.to_string()))
            })
            .clone()
    }

    /// The language of the data loaded first ([`Lang::detect`]).
    pub fn lang(&self) -> Option<Lang> {
        self.map.lock().ok().and_then(|m| {
            m.values()
                .find_map(|l| l.as_ref().as_ref().ok().map(|l| Lang::detect(&l.province)))
        })
    }

    /// Distinct data keys loaded so far.
    pub fn len(&self) -> usize {
        self.map.lock().map(|m| m.len()).unwrap_or(0)
    }

    /// No data loaded yet.
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
    loaded: &pipeline::Loaded,
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
    let base = loaded
        .variant(scenario.clone(), None, scenario.params(today_aux))
        .map_err(SweepError::Input)?;
    let robust = match robust_lever_plan(
        &base.province,
        &base.params,
        &scenario.force_levers,
        &spec.points,
        target,
    ) {
        Ok((plan, envelope)) => {
            let versus = versus_base(&base, &plan, &envelope);
            let solution = pipeline::finish_plan(
                &base,
                &crate::report::i18n::robust_plan_name(
                    Lang::detect(&base.province),
                    &scenario.name,
                    &target.label(),
                ),
                plan.clone(),
                envelope,
            )
            .map_err(|e| SweepError::Spec {
                file: scenario.file.clone(),
                message: format!("the robust plan: {e}"),
            })?;
            summary.robust = Some(target.label());
            summary.envelope_level = plan.plan.balance_level;
            summary.officers_moved = Some(solution.outcome.plan.officers_moved);
            summary.versus_base = versus;
            Some(RobustRun {
                plan,
                solution,
                unmerged: loaded.unmerged.clone(),
            })
        }
        Err(e) => {
            summary.robust_note = Some(e.to_string());
            summary.robust_error = Some(e);
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
        reuse: Arc::default(),
    })
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

/// The robust plan beside the base scenario's own optimum, both at the
/// base parameters (`None` when the base has no plan or the plans cover
/// different stations).
fn versus_base(
    base: &pipeline::Loaded,
    robust: &crate::model::levers::LeverPlan,
    envelope: &[crate::model::requirement::Requirement],
) -> Option<crate::sample::RobustVersusBase> {
    let solution = pipeline::solve(base, pipeline::Engine::Exact).ok()?;
    let reqs = crate::model::requirement::requirements(&robust.province, &base.params);
    crate::sample::robust_versus_base(&solution.outcome.plan, &robust.plan, &reqs, envelope)
}
