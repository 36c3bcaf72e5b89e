//! What-if sweeps: a `[sweep]` table of key paths → values, expanded into
//! points in a stable order ([`parse_spec`]), each applied to the scenario's
//! merged TOML table ([`apply_point`]) before strict deserialisation.
//!
//! ```toml
//! [sweep]
//! mode = "product"                      # or "paired"; default "product"
//! "workload.call_growth" = [1.0, 1.1, 1.2]
//! "workload.divert_share" = { start = 0.0, stop = 0.3, step = 0.1 }
//! ```
//!
//! * **product** (default): the Cartesian product, in odometer order — the
//!   first key listed changes slowest, the last fastest.
//! * **paired**: the lists advance together (all must have the same length).
//! * A range `{ start, stop, step }` gives start, start + step, … up to stop
//!   inclusive (within a 1e-9 tolerance); each value is rounded to the
//!   decimals of start and step, so 0.1 steps give exactly 0.3, not
//!   0.30000000000000004. A range of more than [`MAX_POINTS`] values, or
//!   whose step is too small to tell two values apart, is refused.
//!
//! Every key the registry marks as sweepable can be swept
//! ([`crate::scenario::keys`], with each
//! `workload.residents_per_community_officer.<kind>` the scenario names);
//! integer keys take whole values only. A point is a list of
//! `(key path, value)` overrides ([`Point`]), the same shape a sampler
//! produces, so any source of points can be run by [`exec`].

pub mod charts;
pub mod exec;
pub mod merge;
pub mod page;
pub mod prepare;
mod robust_words;
mod spec;
pub mod store;
pub mod table;

pub use spec::{apply_point, parse_spec, range_values, sample_spec};

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::{InputError, OutputError};
use crate::scenario::keys;

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
    /// The `[sweep]` or `[sample]` table cannot give points.
    #[error("{}: {error}", file.display())]
    Points { file: PathBuf, error: SpecError },
    #[error("{}: {message}", dir.display())]
    Folder { dir: PathBuf, message: String },
    /// Stopped by the user (Ctrl-C) before every point was solved; the
    /// finished points are recorded in `dir`, so `--resume` completes it.
    #[error("the sweep was interrupted: {finished} of {selected} points are finished and recorded in {}", dir.display())]
    Interrupted {
        dir: PathBuf,
        finished: usize,
        selected: usize,
    },
}

/// One point: key-path overrides, in the order of the parameter columns.
pub type Point = Vec<(String, f64)>;

/// Numeric type of a scenario key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumKind {
    /// Whole numbers only (written as TOML integers).
    Int,
    Float,
}

/// The type of a key a sweep may vary, or `None` when the path is not a
/// sweepable scenario key ([`crate::scenario::keys`]; a
/// `workload.residents_per_community_officer.<kind>` key only for the kinds
/// the scenario gives a norm). `table` is the scenario's merged table.
pub fn numeric_key(table: &toml::Table, path: &str) -> Option<NumKind> {
    let key = keys::sweepable(table, path)?;
    match key.kind {
        keys::Kind::Int => Some(NumKind::Int),
        keys::Kind::Float => Some(NumKind::Float),
        _ => None,
    }
}

/// Why a `[sweep]` range `{ start, stop, step }` gives no list of values.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RangeError {
    #[error("start, stop and step must be finite numbers")]
    NotFinite,
    #[error("step must not be 0")]
    ZeroStep,
    #[error("stop {stop} cannot be reached from start {start} in steps of {step}")]
    Unreachable { start: f64, stop: f64, step: f64 },
    #[error("from {start} to {stop} in steps of {step} is more than {MAX_POINTS} values (the most one sweep may have); use a larger step")]
    TooMany { start: f64, stop: f64, step: f64 },
    #[error("step {step} is too small for values near {near}: after rounding to {decimals} decimals two values are both {near}; use a larger step")]
    TooSmall { step: f64, near: f64, decimals: i32 },
    #[error("the range gives values that are not finite numbers")]
    NotFiniteValues,
}

/// Why a `[sweep]` or `[sample]` table cannot be expanded into points, or a
/// point applied. Every variant names the key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpecError {
    #[error("`sweep.mode` = {0} is not valid: use \"product\" or \"paired\"")]
    Mode(String),
    #[error("the [sweep] table names no parameter; add for example \"workload.divert_share\" = [0.0, 0.1]")]
    NoParameter,
    #[error("`{table}.{key}`: `{key}` is not a scenario key a {table} can vary{}; they are {known}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownKey {
        /// `sweep` or `sample`.
        table: &'static str,
        key: String,
        /// The closest key, when one is close.
        suggestion: Option<String>,
        known: String,
    },
    #[error("`sweep.{key}`: `{key}` takes whole numbers, and {value} is not one")]
    NotWhole { key: String, value: f64 },
    #[error("`sweep.{key}` is an empty list; give at least one value")]
    EmptyList { key: String },
    #[error("`sweep.{key}` holds `{value}`, which is not a number")]
    NotANumber { key: String, value: String },
    #[error("`sweep.{key}` is a range and needs a number `{name}`")]
    RangeNeeds { key: String, name: &'static str },
    #[error("`sweep.{key}`: {problem}")]
    Range { key: String, problem: RangeError },
    #[error("`sweep.{key}` = {value} is not valid: give a list of values or a range {{ start, stop, step }}")]
    NotAList { key: String, value: String },
    #[error("paired sweep: `{key}` has {len} values but `{first}` has {first_len}; paired lists advance together and need the same length")]
    PairedLengths {
        key: String,
        len: usize,
        first: String,
        first_len: usize,
    },
    #[error("the sweep has more than {MAX_POINTS} points")]
    TooManyPoints,
    #[error("[sample] count = {0} is more than {MAX_POINTS} points")]
    TooManySamples(usize),
    #[error(transparent)]
    Sample(#[from] crate::sample::SampleError),
    #[error("`{key}` in a point is not a scenario key a sweep can vary")]
    NotSweepable { key: String },
    #[error("`{part}` in `{key}` is not a table in the scenario")]
    NotATable { key: String, part: String },
}

impl SpecError {
    /// The key `key` is not one a `table` (`sweep` or `sample`) can vary.
    fn unknown_key(table: &'static str, key: &str, scenario: &toml::Table) -> SpecError {
        let known = keys::sweep_keys(scenario);
        let names: Vec<&str> = known.iter().map(String::as_str).collect();
        SpecError::UnknownKey {
            table,
            key: key.to_string(),
            suggestion: crate::input::suggest::did_you_mean(key, &names).map(str::to_string),
            known: known.join(", "),
        }
    }
}

/// How the lists combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Product,
    Paired,
    /// Points drawn from a `[sample]` table.
    Sample,
}

/// The expanded sweep: parameter names (column order) and points.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    pub mode: Mode,
    pub params: Vec<String>,
    pub points: Vec<Point>,
}

/// Most points one sweep may expand to.
pub const MAX_POINTS: usize = 1_000_000;
