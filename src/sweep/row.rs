//! The figures of one point's row of `sweep.csv`, computed the way a plan
//! folder computes them but only these: a point without its plan folder
//! skips the station tables, the county rows of today, the fairness and
//! service figures and the explanations that nothing reads.
//!
//! The solve is the pipeline's exact path step for step: the requirements
//! checked and computed, the force levers ([`levers::solve_shared`], which
//! reuses each phase's result between points with the same inputs), the
//! independent checker on every plan, the moves recounted as moves of
//! existing officers. Each figure comes from the same function the plan
//! folder's summary uses, on the same values, so the row is the same byte
//! for byte (`run_point_with` with and without a plan folder agree; a test
//! compares them on every shipped sweep).

use crate::check::check_plan;
use crate::model::analysis::{
    calls_per_duty_officer, county_figures, residents_per_community_officer, worst,
};
use crate::model::levers::{self, LeverError};
use crate::model::recruits::Allocation;
use crate::model::requirement::{check_requirements, requirements};
use crate::model::reuse::{Reuse, Shared};
use crate::pipeline::{Loaded, Solution, SolveError};

/// The solved figures of one point's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The plan's status (`optimal`, …).
    pub status: String,
    /// The balance level t*.
    pub balance_level: Option<f64>,
    /// Officers moved (existing officers).
    pub officers_moved: i64,
    /// The auxiliaries' cover level.
    pub auxiliary_balance_level: Option<f64>,
    /// Auxiliaries added or removed.
    pub auxiliaries_changed: i64,
    /// The worst calls per duty officer under the plan.
    pub worst_calls_per_duty_officer: Option<f64>,
    /// The worst residents per community officer under the plan.
    pub worst_residents_per_community_officer: Option<f64>,
    /// Counties meeting the station share under the plan.
    pub counties_meeting_station_share: usize,
    /// Counties meeting the community share under the plan.
    pub counties_meeting_community_share: usize,
    /// Where the recruits go, when the lever is on.
    pub recruits: Option<Allocation>,
}

impl Figures {
    /// The figures of a full solution (a point with its plan folder).
    pub fn of(solution: &Solution) -> Figures {
        let o = &solution.outcome;
        let s = &o.summary;
        Figures {
            status: s.status.clone(),
            balance_level: s.balance_level,
            officers_moved: s.officers_moved,
            auxiliary_balance_level: s.auxiliary_balance_level,
            auxiliaries_changed: s.auxiliaries_changed,
            worst_calls_per_duty_officer: s.worst_calls_per_duty_officer,
            worst_residents_per_community_officer: s.worst_residents_per_community_officer,
            counties_meeting_station_share: s.counties_meeting_station_share.after,
            counties_meeting_community_share: s.counties_meeting_community_share.after,
            recruits: o.recruits.clone(),
        }
    }
}

/// Solves a point (`loaded`, a variant of the shared data) and computes
/// its row's figures only, with the errors the pipeline gives
/// ([`crate::pipeline::solve`]).
pub fn figures(loaded: &Loaded, reuse: &Reuse) -> Result<Figures, SolveError> {
    let params = &loaded.params;
    let today = &loaded.province;
    check_requirements(today, params).map_err(|e| SolveError::Lever(e.into()))?;
    let reqs = requirements(today, params);
    let shared = Shared {
        reuse,
        province: today,
    };
    let mut lp = levers::solve_shared(shared, params, &loaded.scenario.force_levers, &reqs)
        .map_err(|e| match e {
            LeverError::Infeasible(reasons) => SolveError::Infeasible(reasons),
            other => SolveError::Lever(other),
        })?;
    let violations = check_plan(&lp.province, params, &lp.plan);
    if !violations.is_empty() {
        return Err(SolveError::Unverified(violations));
    }
    levers::count_moves(today, &lp.province, &mut lp.plan);
    let (province, plan) = (&*lp.province, &lp.plan);
    let after = |ci: usize| {
        let c = &province.counties[ci];
        county_figures(c, c.officers_total, params, |s| {
            let p = &plan.stations[s];
            (p.officers, p.community_officers)
        })
    };
    let counties: Vec<_> = (0..province.counties.len()).map(after).collect();
    let stations = || province.stations.iter().zip(&plan.stations);
    Ok(Figures {
        status: plan.status.as_str().to_string(),
        balance_level: plan.balance_level,
        officers_moved: plan.officers_moved,
        auxiliary_balance_level: plan.auxiliary_balance_level,
        auxiliaries_changed: plan.auxiliaries_changed,
        worst_calls_per_duty_officer: worst(
            stations()
                .map(|(s, p)| calls_per_duty_officer(s, params, p.officers, p.community_officers)),
        ),
        worst_residents_per_community_officer: worst(
            stations().map(|(s, p)| residents_per_community_officer(s, p.community_officers)),
        ),
        counties_meeting_station_share: counties.iter().filter(|c| c.station_rule).count(),
        counties_meeting_community_share: counties.iter().filter(|c| c.community_rule).count(),
        recruits: lp.recruits,
    })
}
