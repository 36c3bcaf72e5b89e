//! The figures of fairness inside counties, computed once for the outputs:
//! every station's cover level, each county's own best level against its
//! lowest station after the plan, and the comparison of the three officer
//! targets (moves, Gini of officers against workload, the lowest level per
//! county, stations below 1.0).
//!
//! A station's cover level under a deployment (xₛ, yₛ, aₛ) is
//! min((xₛ − yₛ + f·aₛ) ÷ Dₛ, yₛ ÷ Cₛ) over the requirements it has, f the
//! auxiliaries' duty factor (0 by default): the level whose floors the
//! model's rules state ([`crate::model::fairness`]).

use crate::domain::{Params, Province, Target};
use crate::model::need::Requirement;
use crate::outcome::{
    cover_level, lorenz, BalanceSummary, BeforeAfter, CountyBalance, CountyFairness,
    FairnessFigures, TargetFigures, TargetSummary,
};
use crate::plan::Plan;

/// The cover level of one station: min((x − y + f·a) ÷ D, y ÷ C) over the
/// requirements it has (`None` without requirements).
pub fn cover(req: &Requirement, duty_factor: f64, x: i64, y: i64, a: i64) -> Option<f64> {
    cover_level(req.duty, req.community, x, y, duty_factor * a as f64)
}

/// Every station's cover level today.
pub fn levels_today(
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
) -> Vec<Option<f64>> {
    let f = params.auxiliaries.duty_factor;
    province
        .stations
        .iter()
        .zip(reqs)
        .map(|(s, r)| cover(r, f, s.officers, s.community_officers, s.auxiliaries))
        .collect()
}

/// Every station's cover level under a plan.
pub fn levels_after(plan: &Plan, params: &Params, reqs: &[Requirement]) -> Vec<Option<f64>> {
    let f = params.auxiliaries.duty_factor;
    plan.stations
        .iter()
        .zip(reqs)
        .map(|(p, r)| cover(r, f, p.officers, p.community_officers, p.auxiliaries))
        .collect()
}

/// Whether a cover level is below 1.0 (workload not covered), beyond the
/// tolerance of [`crate::numeric::tolerance`].
pub fn below_one(level: f64) -> bool {
    level < 1.0 - crate::numeric::tolerance(1.0)
}

/// The lowest of some levels (`None` when none has one).
fn lowest(levels: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    levels.flatten().reduce(f64::min)
}

/// Each county's best level, held level, lowest station today and after,
/// stations below 1.0 and moves.
pub fn county_fairness(
    province: &Province,
    params: &Params,
    plan: &Plan,
    reqs: &[Requirement],
) -> Vec<CountyFairness> {
    let before = levels_today(province, params, reqs);
    let after = levels_after(plan, params, reqs);
    province
        .counties
        .iter()
        .zip(&plan.counties)
        .map(|(c, cp)| {
            let active = || c.stations.iter().filter(|&&s| after[s].is_some());
            let held = match &plan.fairness {
                Some(f) => lowest(active().map(|&s| Some(f.levels[s]))),
                None => active().next().and(plan.balance_level),
            };
            let count = |levels: &[Option<f64>]| {
                c.stations
                    .iter()
                    .filter(|&&s| levels[s].is_some_and(below_one))
                    .count()
            };
            CountyFairness {
                best_level: cp.max_level,
                held_level: held,
                lowest: BeforeAfter {
                    before: lowest(c.stations.iter().map(|&s| before[s])),
                    after: lowest(c.stations.iter().map(|&s| after[s])),
                },
                below_one: BeforeAfter {
                    before: count(&before),
                    after: count(&after),
                },
                stations: active().count(),
                officers_moved: cp.officers_moved,
            }
        })
        .collect()
}

/// The comparison figures of one officer target's plan.
pub fn target_figures(
    province: &Province,
    params: &Params,
    plan: &Plan,
    reqs: &[Requirement],
    target: Target,
) -> TargetFigures {
    let levels = levels_after(plan, params, reqs);
    let officers: Vec<i64> = plan.stations.iter().map(|p| p.officers).collect();
    let workload: Vec<f64> = reqs.iter().map(|r| r.duty + r.community).collect();
    let county_lowest: Vec<Option<f64>> = province
        .counties
        .iter()
        .map(|c| lowest(c.stations.iter().map(|&s| levels[s])))
        .collect();
    let counties_below_best = county_lowest
        .iter()
        .zip(&plan.counties)
        .filter(|(low, cp)| match (low, cp.max_level) {
            (Some(low), Some(best)) => *low < best - crate::numeric::tolerance(best),
            _ => false,
        })
        .count();
    TargetFigures {
        target,
        status: plan.status.as_str().to_string(),
        officers_moved: plan.officers_moved,
        gini: lorenz(&officers, &workload).map(|l| l.gini),
        stations_below_one: levels.iter().flatten().filter(|&&l| below_one(l)).count(),
        lowest_level: lowest(levels.iter().copied()),
        counties_below_best,
        county_lowest,
        county_moves: plan.counties.iter().map(|c| c.officers_moved).collect(),
        station_levels: levels,
    }
}

/// The fairness figures of a plan; `comparison` is the three targets'
/// figures when the comparison ran.
pub fn fairness_figures(
    province: &Province,
    params: &Params,
    plan: &Plan,
    reqs: &[Requirement],
    comparison: Option<Vec<TargetFigures>>,
) -> FairnessFigures {
    let workload: Vec<f64> = reqs.iter().map(|r| r.duty + r.community).collect();
    let today: Vec<i64> = province.stations.iter().map(|s| s.officers).collect();
    let planned: Vec<i64> = plan.stations.iter().map(|p| p.officers).collect();
    FairnessFigures {
        target: params.levers.balance.officers,
        auxiliaries: params.levers.balance.auxiliaries,
        counties: county_fairness(province, params, plan, reqs),
        comparison,
        lorenz: BeforeAfter {
            before: lorenz(&today, &workload),
            after: lorenz(&planned, &workload),
        },
    }
}

/// `summary.json`'s `balance` block, when fairness is shown.
pub fn balance_summary(
    province: &Province,
    params: &Params,
    f: &FairnessFigures,
) -> Option<BalanceSummary> {
    f.shown().then(|| BalanceSummary {
        target: f.target.as_str().into(),
        auxiliaries: f.auxiliaries.as_str().into(),
        cap: params.levers.balance.cap,
        stations_below_1: f.counties.iter().map(|c| c.below_one.after).sum(),
        counties: province
            .counties
            .iter()
            .zip(&f.counties)
            .map(|(c, cf)| CountyBalance {
                county_id: c.id.clone(),
                best_level: cf.best_level,
                lowest_level: cf.lowest.after,
                officers_moved: cf.officers_moved,
            })
            .collect(),
        comparison: f.comparison.as_ref().map(|rows| {
            rows.iter()
                .map(|t| TargetSummary {
                    target: t.target.as_str().into(),
                    status: t.status.clone(),
                    officers_moved: t.officers_moved,
                    gini: t.gini,
                    stations_below_1: t.stations_below_one,
                    lowest_level: t.lowest_level,
                    lowest_level_by_county: t.county_lowest.clone(),
                })
                .collect()
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(duty: f64, community: f64) -> Requirement {
        Requirement {
            duty,
            community,
            villages: 0.0,
            min_officers: 0,
            duty_post_minimum: 0,
            max_officers: i64::MAX / 4,
            officers_today: 0,
            locked: false,
            max_moves: None,
            duty_credit: 0.0,
            restricted: 0,
        }
    }

    #[test]
    fn cover_is_the_lower_of_duty_and_community() {
        // 6 officers, 2 community: duty 4 ÷ 2 = 2.0, community 2 ÷ 4 = 0.5.
        assert_eq!(cover(&req(2.0, 4.0), 0.0, 6, 2, 0), Some(0.5));
        // Auxiliaries' duty credit: (4 + 0.5 · 2) ÷ 2 = 2.5.
        assert_eq!(cover(&req(2.0, 0.0), 0.5, 6, 2, 2), Some(2.5));
        assert_eq!(cover(&req(0.0, 0.0), 0.0, 6, 2, 0), None);
        assert!(below_one(0.999) && !below_one(1.0) && !below_one(1.0 - 1e-12));
    }
}
