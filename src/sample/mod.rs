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

mod draw;
mod robust;
mod versus;

pub use draw::{Distribution, Stream};
use robust::check_target;
pub use robust::{
    robust_envelope, robust_lever_plan, robust_plan, robust_supported, upper_rank, RobustPlan,
};
pub use versus::{compare as robust_versus_base, RobustVersusBase};

use crate::domain::Params;
use crate::model::requirement::Requirement;
use crate::plan::Plan;
use crate::scenario::keys;

/// One sampled point: (key path, value) in key order.
pub type Point = Vec<(String, f64)>;

/// A parsed `[sample]` table.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleSpec {
    /// The seed of the random stream: the same seed draws the same points.
    pub seed: u64,
    /// How many points to draw.
    pub count: usize,
    /// Key path → distribution, in key order.
    pub keys: BTreeMap<String, Distribution>,
}

/// Why a `[sample]` table or a sampled point cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SampleError {
    /// The table itself is wrong (what).
    #[error("[sample]: {0}")]
    Spec(String),
    /// The force levers admit no robust plan against the envelope
    /// requirements: why.
    #[error("[sample]: no robust plan: {0}")]
    NoRobustPlan(crate::model::levers::LeverError),
    /// Duty credited to auxiliaries makes the credit vary from sample to
    /// sample, which the envelope does not cover.
    #[error("[sample]: the robust plan is not available with auxiliaries.duty_factor > 0 (the duty credited to auxiliaries changes from sample to sample)")]
    RobustDutyFactor,
    /// One key of the table is wrong.
    #[error("[sample] key `{key}`: {problem}")]
    Key {
        /// The key path.
        key: String,
        /// What is wrong.
        problem: String,
    },
    /// A drawn value the key cannot take.
    #[error("sample point {point}: `{key}` = {value} {problem}")]
    Value {
        /// Which point: its index in the run.
        point: usize,
        /// The key path.
        key: String,
        /// The value drawn.
        value: f64,
        /// What is wrong with it.
        problem: String,
    },
    /// A drawn point with no plan.
    #[error("sample point {point}: {problem}")]
    Infeasible {
        /// Which point: its index in the run.
        point: usize,
        /// Why no plan meets its rules.
        problem: String,
    },
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
        if !keys::find(key).is_some_and(|k| k.workload) {
            return Err(bad(
                "is not a workload key; the robust plan samples only workload keys \
                 (the hard rules must not vary across samples)",
            ));
        }
        keys::set(&mut p, key, v).map_err(|e| bad(&e.to_string()))?;
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
    /// The seed the points were drawn with.
    pub seed: u64,
    /// How many points were drawn.
    pub count: usize,
    /// (key path, distribution as text), in key order.
    pub keys: Vec<(String, String)>,
    /// The robust plan's target (`worst`, `percentile(p)`), when there is one.
    pub robust: Option<String>,
    /// Why there is no robust plan.
    pub robust_note: Option<String>,
    /// Why there is no robust plan, when the robust plan was tried and
    /// failed (as a value, for the terminal to word; not written).
    #[serde(skip)]
    pub robust_error: Option<SampleError>,
    /// The robust plan's level against the envelope requirements: for
    /// `worst`, the level it is guaranteed to reach at every sample.
    pub envelope_level: Option<f64>,
    /// Existing officers the robust plan moves.
    pub officers_moved: Option<i64>,
    /// The robust plan beside the base plan, at the base parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versus_base: Option<RobustVersusBase>,
}
