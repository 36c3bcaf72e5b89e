//! The robust plan beside the base plan: what holding up in every sample
//! costs at the base scenario's own parameters, in the figures a planner
//! compares (level, duty and community officers, the stations that
//! differ), and whether the community side moves across samples at all.

use crate::model::requirement::Requirement;
use crate::plan::Plan;

use super::plan_level;

/// The robust plan and the base plan (the base scenario's optimum), both
/// measured against the base parameters' requirements.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct RobustVersusBase {
    /// The base plan's balance level.
    pub base_level: Option<f64>,
    /// The robust plan's balance level at the base parameters.
    pub robust_level: Option<f64>,
    /// Duty officers Σ(xₛ − yₛ): the base plan's, the robust plan's.
    pub base_duty_officers: i64,
    /// The robust plan's duty officers.
    pub robust_duty_officers: i64,
    /// Σ Dₛ at the base parameters and in the envelope the robust plan
    /// meets.
    pub duty_need: f64,
    /// Σ Dₛ in the envelope the robust plan meets.
    pub envelope_duty_need: f64,
    /// Community officers Σ yₛ: the base plan's, the robust plan's.
    pub base_community_officers: i64,
    /// The robust plan's community officers.
    pub robust_community_officers: i64,
    /// Σ Cₛ at the base parameters and in the envelope.
    pub community_need: f64,
    /// Σ Cₛ in the envelope.
    pub envelope_community_need: f64,
    /// minₛ yₛ ÷ Cₛ, the community side of the level: base, robust.
    pub base_community_level: Option<f64>,
    /// The robust plan's community level.
    pub robust_community_level: Option<f64>,
    /// Stations whose officers differ between the two plans, and Σ |Δxₛ|.
    pub stations_changed: usize,
    /// Σ |Δxₛ|: officers placed differently.
    pub officers_differing: i64,
}

/// minₛ yₛ ÷ Cₛ over stations with a community need.
fn community_level(plan: &Plan, reqs: &[Requirement]) -> Option<f64> {
    plan.stations
        .iter()
        .zip(reqs)
        .filter(|(_, r)| r.community > 0.0)
        .map(|(p, r)| p.community_officers as f64 / r.community)
        .reduce(f64::min)
}

/// Compares `robust` (met against `envelope`) with `base` at the base
/// requirements `reqs`; `None` when the two plans do not cover the same
/// stations (a lever merged some).
pub fn compare(
    base: &Plan,
    robust: &Plan,
    reqs: &[Requirement],
    envelope: &[Requirement],
) -> Option<RobustVersusBase> {
    if base.stations.len() != robust.stations.len() || reqs.len() != base.stations.len() {
        return None;
    }
    let duty = |p: &Plan| -> i64 {
        p.stations
            .iter()
            .map(|s| s.officers - s.community_officers)
            .sum()
    };
    let community = |p: &Plan| -> i64 { p.stations.iter().map(|s| s.community_officers).sum() };
    let (mut stations_changed, mut officers_differing) = (0, 0);
    for (b, r) in base.stations.iter().zip(&robust.stations) {
        if b.officers != r.officers {
            stations_changed += 1;
            officers_differing += (b.officers - r.officers).abs();
        }
    }
    Some(RobustVersusBase {
        base_level: plan_level(base, reqs),
        robust_level: plan_level(robust, reqs),
        base_duty_officers: duty(base),
        robust_duty_officers: duty(robust),
        duty_need: reqs.iter().map(|r| r.duty).sum(),
        envelope_duty_need: envelope.iter().map(|r| r.duty).sum(),
        base_community_officers: community(base),
        robust_community_officers: community(robust),
        community_need: reqs.iter().map(|r| r.community).sum(),
        envelope_community_need: envelope.iter().map(|r| r.community).sum(),
        base_community_level: community_level(base, reqs),
        robust_community_level: community_level(robust, reqs),
        stations_changed,
        officers_differing,
    })
}

impl RobustVersusBase {
    /// The community need is the same in every sample (the sampled keys
    /// move the duty side only): the envelope's equals the base's.
    pub fn community_fixed(&self) -> bool {
        (self.envelope_community_need - self.community_need).abs()
            <= 1e-9 * self.community_need.abs().max(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::StationPlan;

    fn plan(stations: &[(i64, i64)]) -> Plan {
        Plan {
            stations: stations
                .iter()
                .map(|&(officers, community_officers)| StationPlan {
                    officers,
                    community_officers,
                    auxiliaries: 0,
                })
                .collect(),
            status: crate::plan::Status::Optimal,
            balance_level: None,
            officers_moved: 0,
            auxiliary_balance_level: None,
            auxiliaries_changed: 0,
            counties: Vec::new(),
            binding: Vec::new(),
            solver: String::new(),
            fairness: None,
        }
    }

    fn req(duty: f64, community: f64) -> Requirement {
        Requirement {
            duty,
            community,
            villages: 0.0,
            min_officers: 0,
            duty_post_minimum: 0,
            max_officers: 1000,
            officers_today: 10,
            locked: false,
            max_moves: None,
            duty_credit: 0.0,
            restricted: 0,
        }
    }

    #[test]
    fn the_robust_plan_is_measured_against_the_base_needs() {
        let base = plan(&[(10, 4), (10, 4)]);
        let robust = plan(&[(12, 4), (8, 3)]);
        let reqs = [req(6.0, 4.0), req(6.0, 4.0)];
        let envelope = [req(8.0, 4.0), req(5.0, 4.0)];
        let v = compare(&base, &robust, &reqs, &envelope).unwrap();
        assert_eq!(v.base_level, Some(1.0));
        // Station 2: 3 community officers for a need of 4.
        assert_eq!(v.robust_level, Some(0.75));
        assert_eq!((v.base_duty_officers, v.robust_duty_officers), (12, 13));
        assert_eq!((v.duty_need, v.envelope_duty_need), (12.0, 13.0));
        assert_eq!(
            (v.base_community_officers, v.robust_community_officers),
            (8, 7)
        );
        assert!(v.community_fixed());
        assert_eq!(v.robust_community_level, Some(0.75));
        assert_eq!((v.stations_changed, v.officers_differing), (2, 4));
        let moved = [req(8.0, 5.0), req(5.0, 4.0)];
        let v = compare(&base, &robust, &reqs, &moved).unwrap();
        assert!(!v.community_fixed());
        assert!(compare(&base, &plan(&[(20, 8)]), &reqs, &envelope).is_none());
    }
}
