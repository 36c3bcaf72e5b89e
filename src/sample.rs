//! Monte Carlo groundwork: a `[sample]` spec drawn into N deterministic points,
//! and the robust plan over those points.
//!
//! A spec names a seed, a count N and, per key path, a distribution:
//!
//! ```toml
//! [sample]
//! seed = 42
//! count = 1000
//! "workload.call_growth" = "normal(1.15, 0.05)"
//! "workload.divert_share" = "uniform(0, 0.3)"
//! ```
//!
//! Points are `Vec<(key path, value)>` in key order, the point representation
//! of sweeps. Draws come from ChaCha8 seeded with the spec's seed (a fixed,
//! documented stream), one stream for the whole spec, keys drawn in sorted
//! order within each point: the same spec gives the same points, bit for bit,
//! whatever the thread count. [`robust_plan`] turns the points into the plan
//! that maximises the worst (or a chosen percentile) balance level; the method
//! and its proof are in `docs/sample.md`.

use std::collections::BTreeMap;

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use crate::domain::{ForceLevers, Params, Province};
use crate::model::levers::LeverPlan;
use crate::model::requirement::{requirements, Requirement};
use crate::plan::{Infeasibility, Plan};
use crate::scenario::keys;

/// One sampled point: (key path, value) in key order.
pub type Point = Vec<(String, f64)>;

/// A seeded random stream with the draws the generator and sampler use.
///
/// ChaCha8 from `rand_chacha` 0.9, whose output for a given seed is stable
/// across versions and platforms. Floats come from the top 53 bits of one
/// `u64`; the normal uses Box–Muller (two uniforms per draw, one normal kept).
pub struct Stream(ChaCha8Rng);

impl Stream {
    pub fn new(seed: u64) -> Stream {
        Stream(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform on [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Standard normal, Box–Muller.
    pub fn std_normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit(); // (0, 1]
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    pub fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        mean + sd * self.std_normal()
    }

    /// exp(normal(mu, sigma)): `mu`, `sigma` are the mean and sd of the log.
    pub fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        self.normal(mu, sigma).exp()
    }

    /// Triangular on [lo, hi] with mode `mode`, by inversion.
    pub fn triangular(&mut self, lo: f64, mode: f64, hi: f64) -> f64 {
        let u = self.unit();
        if hi <= lo {
            return lo;
        }
        let f = (mode - lo) / (hi - lo);
        if u < f {
            lo + ((hi - lo) * (mode - lo) * u).sqrt()
        } else {
            hi - ((hi - lo) * (hi - mode) * (1.0 - u)).sqrt()
        }
    }

    /// Whole number in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

/// A distribution of one key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    /// normal(mean, sd), sd ≥ 0.
    Normal { mean: f64, sd: f64 },
    /// uniform(lo, hi), lo ≤ hi.
    Uniform { lo: f64, hi: f64 },
    /// lognormal(mu, sigma): exp of normal(mu, sigma), sigma ≥ 0.
    LogNormal { mu: f64, sigma: f64 },
    /// triangular(lo, mode, hi), lo ≤ mode ≤ hi.
    Triangular { lo: f64, mode: f64, hi: f64 },
}

impl Distribution {
    /// Parses `normal(1.15, 0.05)`, `uniform(0, 0.3)`, `lognormal(0, 0.1)`,
    /// `triangular(1.0, 1.1, 1.3)`.
    pub fn parse(text: &str) -> Result<Distribution, String> {
        let t = text.trim();
        let open = t
            .find('(')
            .ok_or_else(|| format!("`{t}` is not of the form name(a, b)"))?;
        if !t.ends_with(')') {
            return Err(format!("`{t}` does not end with `)`"));
        }
        let name = t[..open].trim().to_ascii_lowercase();
        let args: Vec<f64> = t[open + 1..t.len() - 1]
            .split(',')
            .map(|a| {
                let a = a.trim();
                a.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("`{a}` in `{t}` is not a finite number"))
            })
            .collect::<Result<_, _>>()?;
        let want = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "`{t}`: {name} takes {n} numbers, got {}",
                    args.len()
                ))
            }
        };
        let d = match name.as_str() {
            "normal" => {
                want(2)?;
                Distribution::Normal {
                    mean: args[0],
                    sd: args[1],
                }
            }
            "uniform" => {
                want(2)?;
                Distribution::Uniform {
                    lo: args[0],
                    hi: args[1],
                }
            }
            "lognormal" => {
                want(2)?;
                Distribution::LogNormal {
                    mu: args[0],
                    sigma: args[1],
                }
            }
            "triangular" => {
                want(3)?;
                Distribution::Triangular {
                    lo: args[0],
                    mode: args[1],
                    hi: args[2],
                }
            }
            _ => {
                return Err(format!(
                    "`{t}`: unknown distribution `{name}` (use normal, uniform, lognormal or triangular)"
                ))
            }
        };
        match d {
            Distribution::Normal { sd, .. } if sd < 0.0 => Err(format!("`{t}`: sd is negative")),
            Distribution::LogNormal { sigma, .. } if sigma < 0.0 => {
                Err(format!("`{t}`: sigma is negative"))
            }
            Distribution::Uniform { lo, hi } if lo > hi => Err(format!("`{t}`: lo > hi")),
            Distribution::Triangular { lo, mode, hi } if !(lo <= mode && mode <= hi) => {
                Err(format!("`{t}`: needs lo ≤ mode ≤ hi"))
            }
            d => Ok(d),
        }
    }

    /// One draw.
    pub fn draw(&self, s: &mut Stream) -> f64 {
        match *self {
            Distribution::Normal { mean, sd } => s.normal(mean, sd),
            Distribution::Uniform { lo, hi } => s.uniform(lo, hi),
            Distribution::LogNormal { mu, sigma } => s.lognormal(mu, sigma),
            Distribution::Triangular { lo, mode, hi } => s.triangular(lo, mode, hi),
        }
    }
}

impl std::fmt::Display for Distribution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Distribution::Normal { mean, sd } => write!(f, "normal({mean}, {sd})"),
            Distribution::Uniform { lo, hi } => write!(f, "uniform({lo}, {hi})"),
            Distribution::LogNormal { mu, sigma } => write!(f, "lognormal({mu}, {sigma})"),
            Distribution::Triangular { lo, mode, hi } => {
                write!(f, "triangular({lo}, {mode}, {hi})")
            }
        }
    }
}

/// A parsed `[sample]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleSpec {
    pub seed: u64,
    pub count: usize,
    /// Key path → distribution, in key order.
    pub keys: BTreeMap<String, Distribution>,
}

/// Why a `[sample]` table or a sampled point cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SampleError {
    #[error("[sample]: {0}")]
    Spec(String),
    #[error("[sample] key `{key}`: {problem}")]
    Key { key: String, problem: String },
    #[error("sample point {point}: `{key}` = {value} {problem}")]
    Value {
        point: usize,
        key: String,
        value: f64,
        problem: String,
    },
    #[error("sample point {point}: {problem}")]
    Infeasible { point: usize, problem: String },
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut BTreeMap<String, Distribution>,
) -> Result<(), SampleError> {
    for (k, v) in table {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&path, t, out)?,
            toml::Value::String(s) => {
                let d = Distribution::parse(s).map_err(|problem| SampleError::Key {
                    key: path.clone(),
                    problem,
                })?;
                out.insert(path, d);
            }
            other => {
                return Err(SampleError::Key {
                    key: path,
                    problem: format!(
                        "expected a distribution such as \"normal(1.15, 0.05)\", got {other}"
                    ),
                })
            }
        }
    }
    Ok(())
}

impl SampleSpec {
    /// Reads a `[sample]` table (its content, without the header).
    ///
    /// `seed` (integer ≥ 0) and `count` (integer ≥ 1) are required; every
    /// other key is a key path (quoted `"workload.call_growth"` or nested
    /// tables `[sample.workload]`) whose value is a distribution string.
    pub fn from_table(table: &toml::Table) -> Result<SampleSpec, SampleError> {
        let int = |k: &str| -> Result<i64, SampleError> {
            match table.get(k) {
                Some(toml::Value::Integer(i)) => Ok(*i),
                Some(other) => Err(SampleError::Spec(format!(
                    "`{k}` must be a whole number, got {other}"
                ))),
                None => Err(SampleError::Spec(format!("`{k}` is missing"))),
            }
        };
        let seed = int("seed")?;
        let count = int("count")?;
        if seed < 0 {
            return Err(SampleError::Spec(format!("`seed` = {seed} is negative")));
        }
        if count < 1 {
            return Err(SampleError::Spec(format!(
                "`count` = {count} must be at least 1"
            )));
        }
        let mut rest = table.clone();
        rest.remove("seed");
        rest.remove("count");
        let mut keys = BTreeMap::new();
        flatten("", &rest, &mut keys)?;
        if keys.is_empty() {
            return Err(SampleError::Spec(
                "no key to sample; add e.g. \"workload.call_growth\" = \"normal(1.15, 0.05)\""
                    .into(),
            ));
        }
        Ok(SampleSpec {
            seed: seed as u64,
            count: count as usize,
            keys,
        })
    }

    /// Parses TOML text holding a `[sample]` table (other tables are ignored).
    pub fn from_toml(text: &str) -> Result<SampleSpec, SampleError> {
        let doc: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| SampleError::Spec(e.message().to_string()))?;
        match doc.get("sample") {
            Some(toml::Value::Table(t)) => SampleSpec::from_table(t),
            _ => Err(SampleError::Spec("no [sample] table".into())),
        }
    }

    /// The N points, deterministic for the seed: point i draws its keys in
    /// key order from one stream, after points 0..i.
    pub fn points(&self) -> Vec<Point> {
        let mut s = Stream::new(self.seed);
        (0..self.count)
            .map(|_| {
                self.keys
                    .iter()
                    .map(|(k, d)| (k.clone(), d.draw(&mut s)))
                    .collect()
            })
            .collect()
    }
}

/// Key paths [`apply_workload`] understands: the workload keys, which change
/// only the requirements Dₛ and Cₛ.
/// `params` with a point's workload keys set (also
/// `workload.residents_per_community_officer.<kind>`). Any other key, or a
/// value outside its valid range, is an error naming the point and key.
pub fn apply_workload(params: &Params, point: &Point, index: usize) -> Result<Params, SampleError> {
    let mut p = params.clone();
    for (key, v) in point {
        let v = *v;
        let bad = |problem: &str| SampleError::Value {
            point: index,
            key: key.clone(),
            value: v,
            problem: problem.into(),
        };
        // A workload key, in the range a scenario file must keep (the key
        // registry).
        let Some(spec) = keys::find(key).filter(|k| k.workload) else {
            return Err(bad(
                "is not a workload key; the robust plan samples only workload keys \
                 (the hard rules must not vary across samples)",
            ));
        };
        if !spec.valid.real(v) {
            return Err(bad(&format!(
                "is outside the key's valid range: {}",
                spec.valid.describe()
            )));
        }
        let w = &mut p.workload;
        match key.as_str() {
            "workload.call_growth" => w.call_growth = v,
            "workload.divert_share" => w.divert_share = v,
            "workload.hours_per_call" => w.hours_per_call = v,
            "workload.officer_hours_per_year" => w.officer_hours_per_year = v,
            "workload.reactive_share" => w.reactive_share = v,
            k if k.starts_with("workload.service.") => {
                let Some(s) = w.service.as_mut() else {
                    return Err(bad("needs a [workload.service] table in the scenario"));
                };
                match k {
                    "workload.service.minutes_per_call" => s.minutes_per_call = v,
                    "workload.service.officers_per_unit" => s.officers_per_unit = v,
                    "workload.service.auxiliaries_per_unit" => s.auxiliaries_per_unit = v,
                    "workload.service.auxiliary_hours_per_year" => {
                        s.auxiliary_hours_per_year = Some(v)
                    }
                    "workload.service.standby_weight" => s.standby_weight = v,
                    "workload.service.target_wait_probability" => s.target_wait_probability = v,
                    "workload.service.max_utilisation" => s.max_utilisation = Some(v),
                    "workload.service.min_units_on_duty" if v.fract() == 0.0 => {
                        s.min_units_on_duty = v as i64
                    }
                    "workload.service.min_units_on_duty" => {
                        return Err(bad("must be a whole number of units"))
                    }
                    _ => return Err(bad("is not a workload key the robust plan can sample")),
                }
            }
            k => {
                let kind = k
                    .strip_prefix("workload.residents_per_community_officer.")
                    .unwrap_or(k);
                match w.residents_per_community_officer.get_mut(kind) {
                    Some(n) => *n = v,
                    None => return Err(bad("names a station kind the scenario has no norm for")),
                }
            }
        }
    }
    Ok(p)
}

/// The balance level a fixed plan reaches against requirements `reqs`:
/// min over stations of (xₛ − yₛ)/Dₛ and yₛ/Cₛ (`None` when no station has
/// workload).
pub fn plan_level(plan: &Plan, reqs: &[Requirement]) -> Option<f64> {
    let mut t: Option<f64> = None;
    let mut take = |v: f64| t = Some(t.map_or(v, |x: f64| x.min(v)));
    for (p, r) in plan.stations.iter().zip(reqs) {
        if r.duty > 0.0 {
            take((p.officers - p.community_officers) as f64 / r.duty);
        }
        if r.community > 0.0 {
            take(p.community_officers as f64 / r.community);
        }
    }
    t
}

/// Lower empirical quantile: the ⌈q·N⌉-th smallest (q in [0, 1]; q = 0 is
/// the minimum, q = 1 the maximum).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
    sorted[rank - 1]
}

/// What the robust plan aims at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// Maximise the worst balance level over the samples.
    Worst,
    /// Aim at the p-th percentile (0 < p < 100) of the balance level over the
    /// samples (the ⌈p·N/100⌉-th smallest level), by planning against each
    /// station's ⌈p·N/100⌉-th largest requirement (exact when the samples'
    /// requirements are ordered, e.g. one key sampled; see docs/sample.md).
    Percentile(f64),
}

impl Target {
    /// As written in `[sample] robust`: `worst` or `percentile(p)`.
    pub fn label(&self) -> String {
        match self {
            Target::Worst => "worst".into(),
            Target::Percentile(p) => format!("percentile({p})"),
        }
    }
}

/// `[sample] robust = …` in a sampled sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RobustChoice {
    /// Not given: the worst case when every sampled key is a workload key,
    /// else no robust plan.
    Default,
    /// `"none"`.
    Off,
    /// `"worst"` or `"percentile(p)"`, 0 < p < 100.
    On(Target),
}

impl RobustChoice {
    /// Reads the value of `robust` (absent: [`RobustChoice::Default`]).
    pub fn parse(value: Option<&toml::Value>) -> Result<RobustChoice, SampleError> {
        let bad = |v: &dyn std::fmt::Display| {
            SampleError::Spec(format!(
                "`robust` = {v} is not valid; use \"worst\", \"percentile(10)\" (any p between 0 and 100) or \"none\""
            ))
        };
        let text = match value {
            None => return Ok(RobustChoice::Default),
            Some(toml::Value::String(s)) => s.trim().to_ascii_lowercase(),
            Some(other) => return Err(bad(other)),
        };
        match text.as_str() {
            "worst" => Ok(RobustChoice::On(Target::Worst)),
            "none" => Ok(RobustChoice::Off),
            t => {
                let p = t
                    .strip_prefix("percentile(")
                    .and_then(|r| r.strip_suffix(')'))
                    .and_then(|n| n.trim().parse::<f64>().ok())
                    .ok_or_else(|| bad(&format!("\"{t}\"")))?;
                let target = Target::Percentile(p);
                check_target(target)?;
                Ok(RobustChoice::On(target))
            }
        }
    }
}

/// Whether `key` is a workload key (the keys a robust plan may sample).
pub fn is_workload_key(key: &str) -> bool {
    keys::find(key).is_some_and(|k| k.workload)
}

/// What a sampled sweep records about its sampling and its robust plan (in
/// the sweep's manifest; read by the sweep report).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct SampleSummary {
    pub seed: u64,
    pub count: usize,
    /// (key path, distribution as text), in key order.
    pub keys: Vec<(String, String)>,
    /// The robust plan's target (`worst`, `percentile(p)`), when there is one.
    pub robust: Option<String>,
    /// Why there is no robust plan.
    pub robust_note: Option<String>,
    /// The robust plan's level against the envelope requirements: for
    /// `worst`, the level it is guaranteed to reach at every sample.
    pub envelope_level: Option<f64>,
    /// Existing officers the robust plan moves.
    pub officers_moved: Option<i64>,
}

/// The robust plan and how it fares on every sample.
#[derive(Debug, Clone)]
pub struct RobustPlan {
    /// Solved against the envelope requirements (balance_level is the level
    /// against the envelope, i.e. the guaranteed level for `Worst`).
    pub plan: Plan,
    /// The robust plan's balance level at each sample, in point order.
    pub levels: Vec<Option<f64>>,
    /// The best level each sample could reach on its own, in point order.
    pub optimal_levels: Vec<Option<f64>>,
}

/// The ⌈q·N⌉-th largest of an ascending list (q in [0, 1]; q = 0 gives the
/// maximum): the requirement a plan must meet so that at most ⌈q·N⌉ − 1
/// samples ask for more.
pub fn upper_rank(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    let k = ((q * n as f64).ceil() as usize).clamp(1, n);
    sorted[n - k]
}

/// Each station's envelope requirement over the samples: for `Worst` the
/// elementwise max of Dₛ, Cₛ and the auxiliary posts; for `Percentile(p)`
/// the ⌈p·N/100⌉-th largest. The auxiliary posts vary only with the service
/// standard's auxiliary duty need (villages do not depend on workload
/// keys); minimums never do.
///
/// Streams the points: `Worst` keeps one running maximum per station; a
/// percentile keeps Dₛ, Cₛ and the posts of every sample (24 bytes ×
/// stations × samples, 39 MB for 1,000 samples of a 1,631-station
/// province).
pub fn robust_envelope(
    province: &Province,
    params: &Params,
    points: &[Point],
    target: Target,
) -> Result<Vec<Requirement>, SampleError> {
    let mut env: Option<Vec<Requirement>> = None;
    let mut columns: Vec<[Vec<f64>; 3]> = Vec::new();
    for (i, pt) in points.iter().enumerate() {
        let reqs = requirements(province, &apply_workload(params, pt, i)?);
        match target {
            Target::Worst => match &mut env {
                None => env = Some(reqs),
                Some(e) => {
                    for (e, r) in e.iter_mut().zip(&reqs) {
                        e.duty = e.duty.max(r.duty);
                        e.community = e.community.max(r.community);
                        e.villages = e.villages.max(r.villages);
                    }
                }
            },
            Target::Percentile(_) => {
                if columns.is_empty() {
                    let column = || Vec::with_capacity(points.len());
                    columns = (0..reqs.len())
                        .map(|_| [column(), column(), column()])
                        .collect();
                }
                for (col, r) in columns.iter_mut().zip(&reqs) {
                    col[0].push(r.duty);
                    col[1].push(r.community);
                    col[2].push(r.villages);
                }
                if env.is_none() {
                    env = Some(reqs);
                }
            }
        }
    }
    let mut env = env.ok_or_else(|| SampleError::Spec("no sample points".into()))?;
    if let Target::Percentile(p) = target {
        for (e, [d, c, v]) in env.iter_mut().zip(&mut columns) {
            for x in [&mut *d, &mut *c, &mut *v] {
                x.sort_by(f64::total_cmp);
            }
            e.duty = upper_rank(d, p / 100.0);
            e.community = upper_rank(c, p / 100.0);
            e.villages = upper_rank(v, p / 100.0);
        }
    }
    Ok(env)
}

fn check_target(target: Target) -> Result<(), SampleError> {
    match target {
        Target::Percentile(p) if !(p > 0.0 && p < 100.0) => Err(SampleError::Spec(format!(
            "percentile {p} must lie strictly between 0 and 100"
        ))),
        _ => Ok(()),
    }
}

/// Whether the robust plan is defined for these parameters: duty credited
/// to auxiliaries (`auxiliaries.duty_factor` > 0) makes the credit depend
/// on the sample too, which the envelope does not cover.
pub fn robust_supported(params: &Params) -> Result<(), SampleError> {
    if params.auxiliaries.duty_factor > 0.0 {
        return Err(SampleError::Spec(
            "the robust plan is not available with auxiliaries.duty_factor > 0 \
             (the duty credited to auxiliaries changes from sample to sample)"
                .into(),
        ));
    }
    Ok(())
}

/// The robust plan over `points` (workload keys only): solve the model
/// against the envelope requirements, then evaluate the plan on each sample.
pub fn robust_plan(
    province: &Province,
    params: &Params,
    points: &[Point],
    target: Target,
) -> Result<RobustPlan, SampleError> {
    check_target(target)?;
    robust_supported(params)?;
    let env = robust_envelope(province, params, points, target)?;
    let infeasible = |point: usize, r: Vec<Infeasibility>| SampleError::Infeasible {
        point,
        problem: r
            .iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    };
    let plan = crate::model::solve_with(province, params, &env).map_err(|r| infeasible(0, r))?;
    let mut levels = Vec::with_capacity(points.len());
    let mut optimal_levels = Vec::with_capacity(points.len());
    for (i, pt) in points.iter().enumerate() {
        let reqs = requirements(province, &apply_workload(params, pt, i)?);
        levels.push(plan_level(&plan, &reqs));
        let own =
            crate::model::solve_with(province, params, &reqs).map_err(|r| infeasible(i, r))?;
        optimal_levels.push(own.balance_level);
    }
    Ok(RobustPlan {
        plan,
        levels,
        optimal_levels,
    })
}

/// The robust plan under the scenario's force levers (force changes and
/// recruits), as a sampled sweep runs it: the levers are applied and the
/// recruits placed against the envelope requirements, which keeps the
/// max–min argument exact (the feasible set of deployments, recruits
/// included, does not depend on Dₛ or Cₛ). Returns the plan (as
/// [`crate::model::levers::solve`] returns it, checkable against the changed
/// province; [`crate::model::levers::count_moves`] recounts its moves as
/// moves of existing officers) and the envelope requirements.
pub fn robust_lever_plan(
    province: &Province,
    params: &Params,
    levers: &ForceLevers,
    points: &[Point],
    target: Target,
) -> Result<(LeverPlan, Vec<Requirement>), SampleError> {
    check_target(target)?;
    robust_supported(params)?;
    let env = robust_envelope(province, params, points, target)?;
    let lp = crate::model::levers::solve_against(province, params, levers, &env)
        .map_err(|e| SampleError::Spec(format!("no robust plan: {e}")))?;
    Ok((lp, env))
}
