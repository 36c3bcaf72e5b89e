//! An independent checker: does a plan keep every rule, and are its reported
//! objective values what the plan really achieves?
//!
//! It reads the rules straight from the formulation with real-number
//! comparisons and a small tolerance. It shares nothing with the solver but
//! the requirement formulas, so a solver bug cannot hide behind itself.

use std::fmt;

use crate::domain::{CommunityScope, Params, Province, HOURS_PER_YEAR};
use crate::model::requirement::base_requirements;
use crate::plan::Plan;

const EPS: f64 = 1e-7;

/// One broken rule or wrong figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Station or county id, or "province".
    pub place: String,
    pub rule: &'static str,
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.place, self.rule, self.detail)
    }
}

/// Every violation of `plan` (empty when the plan is valid).
pub fn check_plan(province: &Province, params: &Params, plan: &Plan) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut flag = |place: &str, rule: &'static str, detail: String| {
        out.push(Violation {
            place: place.to_string(),
            rule,
            detail,
        })
    };
    if plan.stations.len() != province.stations.len()
        || plan.counties.len() != province.counties.len()
    {
        flag(
            "province",
            "shape",
            "the plan does not have one row per station and county".into(),
        );
        return out;
    }
    // Requirements without the auxiliary duty credit: the credit is taken
    // from the plan's own auxiliaries below.
    let reqs = base_requirements(province, params);
    let f = params.auxiliaries.duty_factor;
    let t = plan.balance_level.unwrap_or(0.0);
    let ta = plan.auxiliary_balance_level.unwrap_or(0.0);
    let q = params.quotas.community_share;

    for ((s, p), r) in province.stations.iter().zip(&plan.stations).zip(&reqs) {
        let (x, y, a) = (p.officers, p.community_officers, p.auxiliaries);
        let id = s.id.as_str();
        if y < 0 || y > x {
            flag(
                id,
                "community officers within officers",
                format!("y = {y}, x = {x}"),
            );
        }
        if a < 0 {
            flag(id, "auxiliaries non-negative", format!("a = {a}"));
        }
        let own_min = s.min_officers.unwrap_or(params.min_officers);
        if x < own_min {
            flag(id, "station minimum", format!("x = {x} < {own_min}"));
        }
        let posts = s.levers.duty_posts.unwrap_or(params.levers.duty_posts);
        let round_the_clock = posts * HOURS_PER_YEAR;
        if (x as f64) * params.workload.officer_hours_per_year < round_the_clock - EPS {
            flag(
                id,
                "24-hour duty minimum",
                format!(
                    "x = {x} officers work {} hours, {posts} posts need {round_the_clock}",
                    x as f64 * params.workload.officer_hours_per_year
                ),
            );
        }
        if let Some(cap) = s.levers.max_officers {
            if x > cap {
                flag(
                    id,
                    "building capacity",
                    format!("x = {x} > max_officers = {cap}"),
                );
            }
        }
        if s.levers.locked && x != s.officers {
            flag(
                id,
                "locked station",
                format!("x = {x}, locked at {}", s.officers),
            );
        }
        if let Some(k) = s.levers.max_moves.or(params.levers.max_moves_per_station) {
            if (x - s.officers).abs() > k {
                flag(
                    id,
                    "station move cap",
                    format!("|x − x⁰| = {} > {k}", (x - s.officers).abs()),
                );
            }
        }
        let credit = f * a as f64;
        if ((x - y) as f64) + credit < t * r.duty - EPS {
            flag(
                id,
                "duty cover",
                format!(
                    "x − y + f·a = {} < t·D = {}",
                    (x - y) as f64 + credit,
                    t * r.duty
                ),
            );
        }
        if (y as f64) < t * r.community - EPS {
            flag(
                id,
                "community cover",
                format!("y = {y} < t·C = {}", t * r.community),
            );
        }
        if params.quotas.community_scope == CommunityScope::Station
            && (y as f64) < q * x as f64 - EPS
        {
            flag(
                id,
                "community share (station)",
                format!("y = {y} < {q}·x = {}", q * x as f64),
            );
        }
        if (a as f64) < ta * r.villages - EPS {
            flag(
                id,
                "village cover",
                format!("a = {a} < tₐ·V = {}", ta * r.villages),
            );
        }
    }

    let mut moved_twice = 0i64;
    for (c, cp) in province.counties.iter().zip(&plan.counties) {
        let id = c.id.as_str();
        let x: i64 = c.stations.iter().map(|&s| plan.stations[s].officers).sum();
        let y: i64 = c
            .stations
            .iter()
            .map(|&s| plan.stations[s].community_officers)
            .sum();
        let h = c.officers_total - x;
        if cp.station_officers != x || cp.hq_officers != h {
            flag(
                id,
                "county totals",
                format!(
                    "reported X = {}, h = {}; stations add to X = {x}, h = {h}",
                    cp.station_officers, cp.hq_officers
                ),
            );
        }
        if h < c.hq_min {
            flag(id, "HQ minimum", format!("h = {h} < hq_min = {}", c.hq_min));
        }
        if (x as f64) < params.quotas.station_share * c.officers_total as f64 - EPS {
            flag(
                id,
                "station share",
                format!(
                    "X = {x} < {}·E = {}",
                    params.quotas.station_share,
                    params.quotas.station_share * c.officers_total as f64
                ),
            );
        }
        if params.quotas.community_scope == CommunityScope::County
            && (y as f64) < q * x as f64 - EPS
        {
            flag(
                id,
                "community share (county)",
                format!("Y = {y} < {q}·X = {}", q * x as f64),
            );
        }
        let x0: i64 = c
            .stations
            .iter()
            .map(|&s| province.stations[s].officers)
            .sum();
        let changes: i64 = c
            .stations
            .iter()
            .map(|&s| (plan.stations[s].officers - province.stations[s].officers).abs())
            .sum::<i64>()
            + (x - x0).abs();
        if let Some(k) = c.max_moves.or(params.levers.max_moves_per_county) {
            if changes > 2 * k {
                flag(
                    id,
                    "county move cap",
                    format!("the plan moves {} > {k}", changes as f64 / 2.0),
                );
            }
        }
        if changes != 2 * cp.officers_moved {
            flag(
                id,
                "officers moved",
                format!(
                    "reported {}, the plan moves {}",
                    cp.officers_moved,
                    changes as f64 / 2.0
                ),
            );
        }
        moved_twice += changes;
    }
    if moved_twice != 2 * plan.officers_moved {
        flag(
            "province",
            "officers moved",
            format!(
                "reported {}, the plan moves {}",
                plan.officers_moved,
                moved_twice as f64 / 2.0
            ),
        );
    }
    let aux_total: i64 = plan.stations.iter().map(|p| p.auxiliaries).sum();
    if aux_total > params.auxiliaries.total {
        flag(
            "province",
            "auxiliary budget",
            format!("Σa = {aux_total} > {}", params.auxiliaries.total),
        );
    }
    let aux_changed: i64 = province
        .stations
        .iter()
        .zip(&plan.stations)
        .map(|(s, p)| (p.auxiliaries - s.auxiliaries).abs())
        .sum();
    if aux_changed != plan.auxiliaries_changed {
        flag(
            "province",
            "auxiliaries changed",
            format!(
                "reported {}, the plan changes {aux_changed}",
                plan.auxiliaries_changed
            ),
        );
    }
    out
}
