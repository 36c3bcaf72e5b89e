//! The rules of every county: its totals as reported, real strength, the
//! HQ minimum, the two 40% rules (the community share under county scope),
//! its move cap and the officers it moves.

use super::{checked_distance, checked_sum, Ctx, Flag};
use crate::domain::{BudgetScope, CommunityScope};
use crate::numeric::at_least;

/// Every county's rules; twice the officers the plan moves in all (`None`
/// when a county's figures leave the range of whole numbers).
pub(super) fn check(ctx: &Ctx, flag: &mut Flag) -> Option<i64> {
    let Ctx {
        province,
        params,
        plan,
        q,
        ..
    } = *ctx;
    let today = ctx.today;
    let away = |s: &crate::domain::Station| ctx.away(s);
    let overflow = |what: &str| format!("{what} add up beyond the range of whole numbers");
    let mut moved_twice = Some(0i64);
    for (c, cp) in province.counties.iter().zip(&plan.counties) {
        let id = c.id.as_str();
        let officers = |f: &dyn Fn(usize) -> i64| checked_sum(c.stations.iter().map(|&s| f(s)));
        let (Some(x), Some(y), Some(x0), Some(seconded)) = (
            officers(&|s| plan.stations[s].officers),
            officers(&|s| plan.stations[s].community_officers),
            officers(&|s| today[s]),
            officers(&|s| away(&province.stations[s])),
        ) else {
            flag(id, "county totals", overflow("the stations' officers"));
            moved_twice = None;
            continue;
        };
        if c.seconded_away != seconded {
            flag(
                id,
                "real strength",
                format!(
                    "the county counts {} officers seconded away, its stations {seconded}",
                    c.seconded_away
                ),
            );
        }
        // HQ holds the force less the seconded away and the station officers.
        let Some(h) = c
            .officers_total
            .checked_sub(seconded)
            .and_then(|e| e.checked_sub(x))
        else {
            flag(id, "county totals", overflow("the force less X"));
            moved_twice = None;
            continue;
        };
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
        if !at_least(
            x as f64,
            params.quotas.station_share * c.officers_total as f64,
        ) {
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
            && !at_least(y as f64, q * x as f64)
        {
            flag(
                id,
                "community share (county)",
                format!("Y = {y} < {q}·X = {}", q * x as f64),
            );
        }
        let changes = c
            .stations
            .iter()
            .map(|&s| checked_distance(plan.stations[s].officers, today[s]))
            .chain(std::iter::once(checked_distance(x, x0)))
            .try_fold(0i64, |sum, d| sum.checked_add(d?));
        let Some(changes) = changes else {
            flag(id, "officers moved", overflow("the changes"));
            moved_twice = None;
            continue;
        };
        // Compared in i128: 2·k and 2·moved cannot wrap there.
        if let Some(k) = c.max_moves.or(params.levers.max_moves_per_county) {
            if i128::from(changes) > 2 * i128::from(k) {
                flag(
                    id,
                    "county move cap",
                    format!("the plan moves {} > {k}", changes as f64 / 2.0),
                );
            }
        }
        if i128::from(changes) != 2 * i128::from(cp.officers_moved) {
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
        moved_twice = moved_twice.and_then(|m| m.checked_add(changes));
    }
    moved_twice
}

/// The auxiliary budget: under `budget_scope = "province"` the plan's
/// auxiliaries add up to at most the province's total; under `"county"`
/// each county plans exactly its own posts (its `auxiliary_budget` column,
/// or today's count).
pub(super) fn auxiliary_budgets(ctx: &Ctx, flag: &mut Flag) {
    let Ctx {
        province,
        params,
        plan,
        ..
    } = *ctx;
    let overflow = |what: &str| format!("{what} add up beyond the range of whole numbers");
    match params.auxiliaries.budget_scope {
        BudgetScope::Province => match checked_sum(plan.stations.iter().map(|p| p.auxiliaries)) {
            Some(total) if total <= params.auxiliaries.total => {}
            Some(total) => flag(
                "province",
                "auxiliary budget",
                format!("Σa = {total} > {}", params.auxiliaries.total),
            ),
            None => flag("province", "auxiliary budget", overflow("the auxiliaries")),
        },
        // Each county plans exactly its own posts: the `auxiliary_budget`
        // column, or today's count.
        BudgetScope::County => {
            for c in &province.counties {
                let budget = match c.auxiliary_budget {
                    Some(b) => Some(b),
                    None => {
                        checked_sum(c.stations.iter().map(|&s| province.stations[s].auxiliaries))
                    }
                };
                let planned = checked_sum(c.stations.iter().map(|&s| plan.stations[s].auxiliaries));
                match (planned, budget) {
                    (Some(a), Some(b)) if a == b => {}
                    (Some(a), Some(b)) => flag(
                        &c.id,
                        "county auxiliary budget",
                        format!("the county's stations have Σa = {a} posts, its budget is {b}"),
                    ),
                    _ => flag(
                        &c.id,
                        "county auxiliary budget",
                        overflow("the auxiliaries"),
                    ),
                }
            }
        }
    }
}
