//! The speed of the service standard (issue 12), for `staffing bench`: how
//! much longer the requirement pass takes when the duty requirement comes
//! from the service standard (24 hours of Erlang C a station) than from the
//! hours method, on the same province.
//!
//! Timings are measurements, so they live only in bench outputs, never in a
//! plan's output files. `cargo run --release --example bench_service` runs
//! it on the generated 40,000-station nation.

use std::hint::black_box;
use std::time::Instant;

use crate::bench::median;
use crate::domain::{DutyMethod, Params, Province, ServiceStandard};
use crate::model::requirement::requirements;

/// Median times of the requirement pass under both methods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RequirementPass {
    pub stations: usize,
    /// `requirements()` with the hours method, seconds.
    pub hours_seconds: f64,
    /// `requirements()` with `method = "erlang-c"`, seconds.
    pub erlang_c_seconds: f64,
    /// Σₛ Dₛ under erlang-c (so the work cannot be skipped).
    pub erlang_c_duty: f64,
}

impl RequirementPass {
    /// What erlang-c adds to the pass, seconds.
    pub fn added_seconds(&self) -> f64 {
        self.erlang_c_seconds - self.hours_seconds
    }
}

/// Times `requirements()` `repeat` times under each method (interleaved, so
/// a slow spell of a shared machine hits both alike) and takes the medians.
/// `standard` is the service standard; its method is set for each run.
pub fn requirement_pass(
    province: &Province,
    params: &Params,
    standard: &ServiceStandard,
    repeat: usize,
) -> RequirementPass {
    let with = |method: DutyMethod| {
        let mut p = params.clone();
        let mut s = standard.clone();
        s.method = method;
        p.workload.service = Some(s);
        p
    };
    let (hours, erlang_c) = (with(DutyMethod::Hours), with(DutyMethod::ErlangC));
    let (mut h, mut e) = (Vec::new(), Vec::new());
    let mut duty = 0.0;
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        black_box(requirements(black_box(province), &hours));
        h.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let reqs = black_box(requirements(black_box(province), &erlang_c));
        e.push(t.elapsed().as_secs_f64());
        duty = reqs.iter().map(|r| r.duty).sum();
    }
    RequirementPass {
        stations: province.stations.len(),
        hours_seconds: median(&h),
        erlang_c_seconds: median(&e),
        erlang_c_duty: duty,
    }
}
