//! The service standard's section (issue 12): how much longer the
//! requirement pass takes when the duty requirement comes from the service
//! standard (`method = "erlang-c"`: 24 hours of Erlang C a station) than
//! from the hours method, on the generated nation, in process, one thread.
//!
//! The standard is the issue's: 45 minutes a call, 2-officer units,
//! P(wait) ≤ 0.2, utilisation ≤ 0.6, the shipped hourly profile
//! (`docs/service.md`). The target is ≤ 100 ms added for 40,000 stations.

use std::hint::black_box;
use std::time::Instant;

use super::stats::median;
use super::{BenchError, Ctx, Instance};
use crate::domain::DEFAULT_HOURLY_PROFILE;
use crate::domain::{DutyMethod, Params, Province, ServiceStandard};
use crate::model::requirement::requirements;

/// What erlang-c may add to the 40,000-station requirement pass, seconds.
pub const ADDED_TARGET_S: f64 = 0.1;

/// Runs of the pass under each method (it takes milliseconds).
const RUNS: usize = 21;

/// The issue's service standard.
pub fn issue_standard() -> ServiceStandard {
    ServiceStandard {
        method: DutyMethod::ErlangC,
        minutes_per_call: 45.0,
        officers_per_unit: 2.0,
        target_wait_probability: 0.2,
        max_utilisation: Some(0.6),
        min_units_on_duty: 0,
        hourly_profile: DEFAULT_HOURLY_PROFILE,
        hourly_profile_by_kind: Default::default(),
    }
}

/// Median times of the requirement pass under both methods.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementPass {
    /// The instance's label.
    pub instance: String,
    pub stations: usize,
    pub runs: usize,
    /// `requirements()` with the hours method, seconds.
    pub hours_s: f64,
    /// `requirements()` with `method = "erlang-c"`, seconds.
    pub erlang_c_s: f64,
    /// Σₛ Dₛ under erlang-c (so the work cannot be skipped).
    pub erlang_c_duty: f64,
}

impl RequirementPass {
    /// What erlang-c adds to the pass, seconds.
    pub fn added_s(&self) -> f64 {
        self.erlang_c_s - self.hours_s
    }
}

/// Times `requirements()` `runs` times under each method (interleaved, so a
/// slow spell of a shared machine hits both alike) and takes the medians.
/// `standard` is the service standard; its method is set for each run.
pub fn requirement_pass(
    province: &Province,
    params: &Params,
    standard: &ServiceStandard,
    runs: usize,
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
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        black_box(requirements(black_box(province), &hours));
        h.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let reqs = black_box(requirements(black_box(province), &erlang_c));
        e.push(t.elapsed().as_secs_f64());
        duty = reqs.iter().map(|r| r.duty).sum();
    }
    RequirementPass {
        instance: String::new(),
        stations: province.stations.len(),
        runs: runs.max(1),
        hours_s: median(&h),
        erlang_c_s: median(&e),
        erlang_c_duty: duty,
    }
}

/// The section: the requirement pass of `nation` under both methods.
pub fn service_section(ctx: &Ctx, nation: &Instance) -> Result<RequirementPass, BenchError> {
    (ctx.progress)(&format!("service standard: {}", nation.label));
    let loaded = nation.load()?;
    let mut pass = requirement_pass(&loaded.province, &loaded.params, &issue_standard(), RUNS);
    pass.instance = nation.label.clone();
    Ok(pass)
}
