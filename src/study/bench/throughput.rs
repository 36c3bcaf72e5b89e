//! Solve throughput in process (a stand-in for `staffing sweep`) and the
//! robust plan over the same points.
//!
//! The points are drawn with the `[sample]` machinery: call_growth ~
//! normal(1.15, 0.05), divert_share ~ uniform(0, 0.3). Throughput re-solves
//! the instance at every point (requirements, both phases, auxiliaries; no
//! I/O) on rayon pools of 1 and 2 threads; the balance levels must not
//! depend on the thread count.

use std::time::Instant;

use rayon::prelude::*;

use super::stats::{median, Spread};
use super::{BenchError, Ctx, Instance};
use crate::domain::{Params, Province};
use crate::model::requirement::requirements;
use crate::pipeline::{self, Engine};
use crate::sample::{
    apply_workload, plan_level, robust_plan, Distribution, Point, SampleError, SampleSpec, Target,
};

/// One throughput measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Throughput {
    /// Threads of the pool the points were solved on.
    pub threads: usize,
    /// Sample points solved.
    pub points: usize,
    /// Wall seconds for all points.
    pub seconds: f64,
    /// The balance level at each point, in point order (for checking that
    /// thread count does not change results).
    pub levels: Vec<Option<f64>>,
}

impl Throughput {
    /// Points solved per second of wall time.
    pub fn points_per_second(&self) -> f64 {
        self.points as f64 / self.seconds
    }
}

/// Re-solves `province` at every point (workload keys) on a pool of
/// `threads` rayon threads: requirements, both phases and auxiliaries, no I/O.
pub fn throughput(
    province: &Province,
    params: &Params,
    points: &[Point],
    threads: usize,
) -> Result<Throughput, SampleError> {
    let all: Vec<Params> = points
        .iter()
        .enumerate()
        .map(|(i, p)| apply_workload(params, p, i))
        .collect::<Result<_, _>>()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| SampleError::Spec(format!("cannot start {threads} threads: {e}")))?;
    let started = Instant::now();
    let levels: Vec<Result<Option<f64>, usize>> = pool.install(|| {
        all.par_iter()
            .enumerate()
            .map(|(i, p)| {
                crate::model::solve(province, p)
                    .map(|plan| plan.balance_level)
                    .map_err(|_| i)
            })
            .collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    let levels = levels
        .into_iter()
        .map(|r| {
            r.map_err(|i| SampleError::Infeasible {
                point: i,
                problem: "no plan at this point".into(),
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Throughput {
        threads,
        points: points.len(),
        seconds,
        levels,
    })
}

/// The sample points of the throughput and robust-plan sections.
pub fn sample_points(seed: u64, count: usize) -> Vec<Point> {
    SampleSpec {
        seed,
        count: count.max(1),
        keys: [
            (
                "workload.call_growth".to_string(),
                Distribution::Normal {
                    mean: 1.15,
                    sd: 0.05,
                },
            ),
            (
                "workload.divert_share".to_string(),
                Distribution::Uniform { lo: 0.0, hi: 0.3 },
            ),
        ]
        .into_iter()
        .collect(),
    }
    .points()
}

/// One row of the throughput table.
#[derive(Debug, Clone, PartialEq)]
pub struct ThroughputRow {
    /// Threads of the pool.
    pub threads: usize,
    /// Sample points solved per run.
    pub points: usize,
    /// Seconds for all points.
    pub seconds: Spread,
}

/// The throughput section.
#[derive(Debug, Clone, PartialEq)]
pub struct ThroughputSection {
    /// The instance re-solved at each point.
    pub instance: Instance,
    /// One row per thread count.
    pub rows: Vec<ThroughputRow>,
    /// Balance levels bit-identical across thread counts and runs.
    pub identical: bool,
    /// Each point's own optimum (for the robust plan).
    pub levels: Vec<Option<f64>>,
}

/// Throughput on 1 and 2 threads, `repeat` runs each.
pub fn throughput_section(
    ctx: &Ctx,
    instance: &Instance,
    points: &[Point],
) -> Result<ThroughputSection, BenchError> {
    let loaded = instance.load()?;
    let mut reference: Option<Vec<Option<f64>>> = None;
    let mut identical = true;
    let mut rows = Vec::new();
    for threads in [1usize, 2] {
        (ctx.progress)(&format!(
            "throughput: {} points on {threads} thread(s)",
            points.len()
        ));
        let mut times = Vec::new();
        for _ in 0..ctx.options.repeat.max(1) {
            let t = throughput(&loaded.province, &loaded.params, points, threads)?;
            match &reference {
                None => reference = Some(t.levels.clone()),
                Some(r) => {
                    identical &= r
                        .iter()
                        .map(|l| l.map(f64::to_bits))
                        .eq(t.levels.iter().map(|l| l.map(f64::to_bits)))
                }
            }
            times.push(t.seconds);
        }
        rows.push(ThroughputRow {
            threads,
            points: points.len(),
            seconds: Spread::of(&times).expect("at least one run"),
        });
    }
    Ok(ThroughputSection {
        instance: instance.clone(),
        rows,
        identical,
        levels: reference.unwrap_or_default(),
    })
}

/// The robust plan against each point's own optimum and the baseline plan.
#[derive(Debug, Clone, PartialEq)]
pub struct RobustRow {
    /// Each point's own optimum: min, median, max.
    pub own_min: f64,
    /// Their median.
    pub own_median: f64,
    /// Their largest.
    pub own_max: f64,
    /// The worst case over the points of the plan solved at the scenario's
    /// own workload.
    pub baseline_worst: f64,
    /// The worst case of the max–min plan over the points.
    pub robust_worst: f64,
}

/// The robust plan over the throughput points (`docs/sample.md`).
pub fn robust(
    instance: &Instance,
    points: &[Point],
    own_levels: &[Option<f64>],
) -> Result<Option<RobustRow>, BenchError> {
    let loaded = instance.load()?;
    let mut own: Vec<f64> = own_levels.iter().flatten().copied().collect();
    if own.is_empty() {
        return Ok(None);
    }
    own.sort_by(f64::total_cmp);
    let robust = robust_plan(&loaded.province, &loaded.params, points, Target::Worst)?;
    let robust_worst = robust
        .levels
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let base = pipeline::solve(&loaded, Engine::Exact)
        .map_err(|source| BenchError::Solve {
            label: instance.label.clone(),
            source,
        })?
        .outcome
        .plan;
    let baseline_worst = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let params = apply_workload(&loaded.params, p, i).ok()?;
            plan_level(&base, &requirements(&loaded.province, &params))
        })
        .fold(f64::INFINITY, f64::min);
    Ok(Some(RobustRow {
        own_min: own[0],
        own_median: median(&own),
        own_max: own[own.len() - 1],
        baseline_worst,
        robust_worst,
    }))
}
