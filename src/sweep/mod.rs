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
pub mod row;
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
    /// How many shards the points are split into (N of `K/N`, at least 1).
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
    /// The scenario or its data cannot be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The run folder or its files cannot be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The scenario cannot be swept: no `[sweep]` or `[sample]` table, a
    /// `--set` of a key the sweep varies, or a bad sweep option.
    #[error("{}: {message}", file.display())]
    Spec {
        /// The scenario file.
        file: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The `[sweep]` or `[sample]` table cannot give points.
    #[error("{}: {error}", file.display())]
    Points {
        /// The scenario file.
        file: PathBuf,
        /// Which key gives no points, and why.
        error: SpecError,
    },
    /// The run folder cannot be used: its recorded points do not match the
    /// sweep (for `--resume` or a merge), its files disagree, or the worker
    /// threads cannot start.
    #[error("{}: {message}", dir.display())]
    Folder {
        /// The run folder.
        dir: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// Stopped by the user (Ctrl-C) before every point was solved; the
    /// finished points are recorded in `dir`, so `--resume` completes it.
    #[error("the sweep was interrupted: {finished} of {selected} points are finished and recorded in {}", dir.display())]
    Interrupted {
        /// The run folder holding the finished points.
        dir: PathBuf,
        /// Points solved and recorded before the stop.
        finished: usize,
        /// Points this run was to solve (its shard's, when sharded).
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
    /// Any number (written as TOML floats).
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
    /// `start`, `stop` or `step` is NaN or infinite.
    #[error("start, stop and step must be finite numbers")]
    NotFinite,
    /// `step` is 0.
    #[error("step must not be 0")]
    ZeroStep,
    /// `step` goes away from `stop` (its sign is wrong).
    #[error("stop {stop} cannot be reached from start {start} in steps of {step}")]
    Unreachable {
        /// The range's first value.
        start: f64,
        /// The range's last value (included when a step lands on it).
        stop: f64,
        /// The difference between neighbouring values.
        step: f64,
    },
    /// The range has more than [`MAX_POINTS`] values.
    #[error("from {start} to {stop} in steps of {step} is more than {MAX_POINTS} values (the most one sweep may have); use a larger step")]
    TooMany {
        /// The range's first value.
        start: f64,
        /// The range's last value.
        stop: f64,
        /// The difference between neighbouring values.
        step: f64,
    },
    /// Rounded to the decimals of `start` and `step`, two neighbouring
    /// values are equal.
    #[error("step {step} is too small for values near {near}: after rounding to {decimals} decimals two values are both {near}; use a larger step")]
    TooSmall {
        /// The step given.
        step: f64,
        /// The value that repeats.
        near: f64,
        /// The decimals values are rounded to (the most of `start`'s and
        /// `step`'s).
        decimals: i32,
    },
    /// A computed value overflows to infinity.
    #[error("the range gives values that are not finite numbers")]
    NotFiniteValues,
}

/// Why a `[sweep]` or `[sample]` table cannot be expanded into points, or a
/// point applied. Every variant names the key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpecError {
    /// `sweep.mode` is neither `"product"` nor `"paired"`; the value as written.
    #[error("`sweep.mode` = {0} is not valid: use \"product\" or \"paired\"")]
    Mode(String),
    /// The `[sweep]` table holds no list or range of values.
    #[error("the [sweep] table names no parameter; add for example \"workload.divert_share\" = [0.0, 0.1]")]
    NoParameter,
    /// The key is not a number in the registry a sweep or sample may vary.
    #[error("`{table}.{key}`: `{key}` is not a scenario key a {table} can vary{}; they are {known}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownKey {
        /// `sweep` or `sample`.
        table: &'static str,
        /// The key as written in the table (dotted path).
        key: String,
        /// The closest key, when one is close.
        suggestion: Option<String>,
        /// The keys it can vary, comma-separated.
        known: String,
    },
    /// A key of whole numbers is given a fraction.
    #[error("`sweep.{key}`: `{key}` takes whole numbers, and {value} is not one")]
    NotWhole {
        /// The key's dotted path under `[sweep]`, e.g. `workload.divert_share`.
        key: String,
        /// The first value with a fraction.
        value: f64,
    },
    #[error("`sweep.{key}` is an empty list; give at least one value")]
    /// A key's list of values is `[]`.
    EmptyList {
        /// The key's dotted path under `[sweep]`, e.g. `workload.divert_share`.
        key: String,
    },
    #[error("`sweep.{key}` holds `{value}`, which is not a number")]
    /// A list holds something other than a number.
    NotANumber {
        /// The key's dotted path under `[sweep]`, e.g. `workload.divert_share`.
        key: String,
        /// The item as written (TOML).
        value: String,
    },
    #[error("`sweep.{key}` is a range and needs a number `{name}`")]
    /// A range table lacks `start`, `stop` or `step`, or it is not a number.
    RangeNeeds {
        /// The key's dotted path under `[sweep]`, e.g. `workload.divert_share`.
        key: String,
        /// `start`, `stop` or `step`.
        name: &'static str,
    },
    #[error("`sweep.{key}`: {problem}")]
    /// A range gives no list of values.
    Range {
        /// The key's dotted path under `[sweep]`, e.g. `workload.divert_share`.
        key: String,
        /// Why not.
        problem: RangeError,
    },
    #[error("`sweep.{key}` = {value} is not valid: give a list of values or a range {{ start, stop, step }}")]
    /// A key's value is neither a list nor a `{ start, stop, step }` range.
    NotAList {
        /// The key's dotted path under `[sweep]`, e.g. `workload.divert_share`.
        key: String,
        /// The value as written (TOML).
        value: String,
    },
    #[error("paired sweep: `{key}` has {len} values but `{first}` has {first_len}; paired lists advance together and need the same length")]
    /// In a paired sweep, a key's list is not as long as the first key's.
    PairedLengths {
        /// The first key whose list differs in length.
        key: String,
        /// Its number of values.
        len: usize,
        /// The first key of the table (column order).
        first: String,
        /// The first key's number of values.
        first_len: usize,
    },
    /// The product of the lists has more than [`MAX_POINTS`] points.
    #[error("the sweep has more than {MAX_POINTS} points")]
    TooManyPoints,
    /// `[sample]`'s `count` (the number given) is above [`MAX_POINTS`].
    #[error("[sample] count = {0} is more than {MAX_POINTS} points")]
    TooManySamples(usize),
    /// The `[sample]` table, or a sampled point, cannot be used.
    #[error(transparent)]
    Sample(#[from] crate::sample::SampleError),
    #[error("`{key}` in a point is not a scenario key a sweep can vary")]
    /// A point (as recorded, or as given) names a key that cannot be varied.
    NotSweepable {
        /// The key's dotted path.
        key: String,
    },
    #[error("`{part}` in `{key}` is not a table in the scenario")]
    /// A part of a point's key path is a value, not a table, in the
    /// scenario.
    NotATable {
        /// The key's dotted path.
        key: String,
        /// The part that is not a table.
        part: String,
    },
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
    /// Every combination of the lists' values (the default).
    Product,
    /// The lists advance together: point i takes each list's i-th value.
    Paired,
    /// Points drawn from a `[sample]` table.
    Sample,
}

/// The expanded sweep: parameter names (column order) and points.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    /// How the points were made.
    pub mode: Mode,
    /// The varied keys' dotted paths, in column order.
    pub params: Vec<String>,
    /// The points, in the order they are numbered (from 0) and written.
    pub points: Vec<Point>,
}

/// Most points one sweep may expand to.
pub const MAX_POINTS: usize = 1_000_000;
