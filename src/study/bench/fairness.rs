//! The balance targets (issue #14): the exact solve of each instance under
//! `province`, `standard`, `county` and `leximin`, in process on one thread, interleaved
//! so that a drift in the machine's speed touches every target alike.
//! Targets: `county` costs no more than `province`; `leximin` within 10× the
//! `province` solve on the province and under 3 s on the 40,000-station
//! nation.

use std::time::Instant;

use super::stats::median;
use super::{BenchError, Instance};
use crate::domain::{Params, Province, Target};

/// The median time of the exact solve of one balance target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetTiming {
    /// The balance target solved for.
    pub target: Target,
    /// Median seconds of both phases and the auxiliaries (no check, no
    /// files).
    pub seconds: f64,
    /// The same relative to the `province` target.
    pub ratio: f64,
    /// Officers the plan moves.
    pub officers_moved: i64,
    /// Whether the plan is proven optimal.
    pub optimal: bool,
}

/// Times [`crate::model::solve`] of `province` under each balance target,
/// `runs` times each on this thread, interleaved; medians.
pub fn time_targets(
    province: &Province,
    params: &Params,
    runs: usize,
) -> Result<Vec<TargetTiming>, String> {
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); Target::ALL.len()];
    let mut last = Vec::new();
    for _ in 0..runs.max(1) {
        last.clear();
        for (i, &target) in Target::ALL.iter().enumerate() {
            let mut p = params.clone();
            p.levers.balance.officers = target;
            let started = Instant::now();
            let plan = crate::model::solve(province, &p)
                .map_err(|reasons| format!("no plan ({} broken rules)", reasons.len()))?;
            times[i].push(started.elapsed().as_secs_f64());
            last.push(plan);
        }
    }
    let medians: Vec<f64> = times.iter().map(|t| median(t)).collect();
    Ok(Target::ALL
        .iter()
        .zip(&last)
        .enumerate()
        .map(|(i, (&target, plan))| TargetTiming {
            target,
            seconds: medians[i],
            ratio: medians[i] / medians[0],
            officers_moved: plan.officers_moved,
            optimal: plan.status == crate::plan::Status::Optimal,
        })
        .collect())
}

/// One instance's timings.
#[derive(Debug, Clone, PartialEq)]
pub struct FairnessRow {
    /// The instance's label.
    pub instance: String,
    /// Its stations.
    pub stations: usize,
    /// One timing per balance target, in the order solved.
    pub timings: Vec<TargetTiming>,
}

/// The section's rows: every instance, `runs` runs per target.
pub fn fairness(instances: &[&Instance], runs: usize) -> Result<Vec<FairnessRow>, BenchError> {
    let mut rows = Vec::new();
    for inst in instances {
        let loaded = inst.load()?;
        let timings = time_targets(&loaded.province, &loaded.params, runs).map_err(|problem| {
            BenchError::Summary {
                path: inst.scenario.clone(),
                problem,
            }
        })?;
        rows.push(FairnessRow {
            instance: inst.label.clone(),
            stations: inst.stations,
            timings,
        });
    }
    Ok(rows)
}

/// Whether a row meets the targets: `county` ≤ `province` (within
/// 10% for timing noise), `leximin` ≤ 10× `province`, and on the nation
/// `leximin` under 3 s.
pub fn verdict(row: &FairnessRow) -> Vec<(String, bool)> {
    let t = |target: Target| row.timings.iter().find(|r| r.target == target);
    let mut out = Vec::new();
    if let (Some(c), Some(l)) = (t(Target::County), t(Target::Leximin)) {
        out.push(("county ≤ province".to_string(), c.ratio <= 1.1));
        out.push(("leximin ≤ 10× province".to_string(), l.ratio <= 10.0));
        if row.stations >= super::NATION_STATIONS {
            out.push(("leximin < 3 s".to_string(), l.seconds < 3.0));
        }
    }
    out
}
