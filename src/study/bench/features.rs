//! What the optional features cost: the same province solved with and
//! without a feature, in process, interleaved. The first feature measured is
//! real strength (`docs/strength.md`): the province from its books alone and
//! with the `nominal`, `seconded` and `restricted` columns.
//!
//! A run is [`crate::pipeline::solve`], in process on one thread: both
//! phases, the independent check and every figure of the outcome, the
//! paper-versus-real figures included (reading, the explanations and
//! writing are left out: they do not depend on the columns). The two scenarios run
//! interleaved, so a change in the machine's speed hits both alike; the
//! medians and the fastest runs are reported. Timings are measurements: they are never asserted
//! in tests and never written into a plan's files.

use std::time::Instant;

use super::stats::median;
use super::{BenchError, Instance};
use crate::pipeline::{self, Engine, Loaded, SolveError};

/// Seconds of one run of each scenario: the median and the fastest (on a
/// busy machine the fastest is the steadier figure).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrengthTiming {
    /// Timed runs of each scenario.
    pub runs: usize,
    /// The books alone (no real-strength columns).
    pub paper: f64,
    /// The same stations with the real-strength columns.
    pub real: f64,
    /// The fastest run of the books alone.
    pub paper_fastest: f64,
    /// The fastest run with the real-strength columns.
    pub real_fastest: f64,
}

impl StrengthTiming {
    /// real ÷ paper − 1 of the medians: the extra time the columns cost.
    pub fn overhead(&self) -> f64 {
        self.real / self.paper - 1.0
    }

    /// The same of the fastest runs.
    pub fn overhead_fastest(&self) -> f64 {
        self.real_fastest / self.paper_fastest - 1.0
    }
}

fn once(loaded: &Loaded) -> Result<f64, SolveError> {
    let started = Instant::now();
    let solution = pipeline::solve(loaded, Engine::Exact)?;
    std::hint::black_box(&solution);
    Ok(started.elapsed().as_secs_f64())
}

/// Solves `paper` and `real` `runs` times each, interleaved (after one
/// warm-up run of each), and returns the medians and the fastest runs.
pub fn measure(paper: &Loaded, real: &Loaded, runs: usize) -> Result<StrengthTiming, SolveError> {
    once(paper)?;
    once(real)?;
    let (mut a, mut b) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs.max(1) {
        a.push(once(paper)?);
        b.push(once(real)?);
    }
    let fastest = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    Ok(StrengthTiming {
        runs: a.len(),
        paper: median(&a),
        real: median(&b),
        paper_fastest: fastest(&a),
        real_fastest: fastest(&b),
    })
}

/// One feature's cost: the scenario without it and with it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureRow {
    /// What is measured, in words.
    pub feature: String,
    /// The scenario without the feature (its path).
    pub without: String,
    /// The same scenario with the feature (its path).
    pub with: String,
    /// Stations of the scenario.
    pub stations: usize,
    /// The timings of both.
    pub timing: StrengthTiming,
}

/// Real strength on the province: `scenarios/real-strength.toml` (when the
/// province is the shipped baseline and that scenario exists beside it)
/// against the province itself.
pub fn real_strength(province: &Instance, runs: usize) -> Result<Option<FeatureRow>, BenchError> {
    let real_path = province.scenario.with_file_name("real-strength.toml");
    if !real_path.exists() {
        return Ok(None);
    }
    let paper = province.load()?;
    let real = Instance::from_scenario(&real_path)?.load()?;
    let timing = measure(&paper, &real, runs).map_err(|source| BenchError::Solve {
        label: "real strength".into(),
        source,
    })?;
    Ok(Some(FeatureRow {
        feature: "real strength (nominal, seconded, restricted columns)".into(),
        without: province.scenario.display().to_string(),
        with: real_path.display().to_string(),
        stations: paper.province.stations.len(),
        timing,
    }))
}
