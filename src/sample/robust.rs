//! The robust plan over a sample's points: the plan that maximises the
//! worst (or a chosen percentile) balance level (`docs/sample.md`).

use crate::domain::{ForceLevers, Params, Province};
use crate::model::levers::LeverPlan;
use crate::model::requirement::{requirements, Requirement};
use crate::plan::{Infeasibility, Plan};

use super::{apply_workload, plan_level, Point, SampleError, Target};

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

pub(super) fn check_target(target: Target) -> Result<(), SampleError> {
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
        return Err(SampleError::RobustDutyFactor);
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
        .map_err(SampleError::NoRobustPlan)?;
    Ok((lp, env))
}
