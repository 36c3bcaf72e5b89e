//! The auxiliaries' side of the targets: each county's budget, its cover
//! level and the leximin posts at it.

use crate::domain::{BudgetScope, Params, Province, Target};
use crate::model::auxiliaries::{max_posts_level, plan_auxiliaries, AuxiliaryPlan};
use crate::model::greedy::{give, take};
use crate::model::level::{steps_at, At};
use crate::model::need::Requirement;
use crate::model::rules::{total, UNREACHABLE};

use super::compare_sorted;

/// A county's auxiliary posts under a plan: Σ_{s∈c} aₛ.
pub fn county_posts(province: &Province, aux: &[i64]) -> Vec<i64> {
    province
        .counties
        .iter()
        .map(|c| total(c.stations.iter().map(|&s| aux[s])))
        .collect()
}

/// Each county's auxiliary budget B_c: under a county budget its own posts
/// ([`crate::domain::County::auxiliary_posts`]: the `auxiliary_budget`
/// column or today's count); under a provincial budget the posts the
/// province target leaves it, A_c = Σ_{s∈c} aₛ of `base` (the plan of
/// [`plan_auxiliaries`]).
pub fn county_budgets(province: &Province, params: &Params, base: Option<&[i64]>) -> Vec<i64> {
    match (params.auxiliaries.budget_scope, base) {
        (BudgetScope::Province, Some(base)) => county_posts(province, base),
        _ => province
            .counties
            .iter()
            .map(|c| c.auxiliary_posts(&province.stations))
            .collect(),
    }
}

/// Both auxiliary phases under the auxiliary target and budget scope
/// (module documentation). Under a provincial budget the level reported is
/// the province's tₐ* under every target; under county budgets it is the
/// lowest level any county holds its stations to: min_c tₐc, capped at the
/// standard under `standard`.
pub fn plan_auxiliaries_for(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
) -> AuxiliaryPlan {
    let target = params.levers.balance.auxiliaries;
    let scope = params.auxiliaries.budget_scope;
    let base = (scope == BudgetScope::Province)
        .then(|| plan_auxiliaries(&province.stations, reqs, params.auxiliaries.total));
    if let (Some(base), Target::Province) = (&base, target) {
        return base.clone();
    }
    let cap = params.levers.balance.cap;
    // Under `standard` every station keeps at least the provincial level
    // tₐ*; when that is at or above the standard, the province plan is it.
    if let (Some(base), Target::Standard) = (&base, target) {
        if base.level.is_some_and(|t| t >= cap) {
            return base.clone();
        }
    }
    let budgets = county_budgets(province, params, base.as_ref().map(|b| &b.auxiliaries[..]));
    // Each county's own best level tₐc (None without villages).
    let values = |c: &crate::domain::County| -> Vec<f64> {
        c.stations.iter().map(|&s| reqs[s].villages).collect()
    };
    let county_levels: Vec<Option<f64>> = province
        .counties
        .iter()
        .zip(&budgets)
        .map(|(c, &b)| county_cover_level(&values(c), b))
        .collect();
    let lowest = county_levels.iter().flatten().copied().reduce(f64::min);
    let mut aux: Vec<i64> = province.stations.iter().map(|s| s.auxiliaries).collect();
    for ((county, &budget), level) in province.counties.iter().zip(&budgets).zip(&county_levels) {
        let today: Vec<i64> = county
            .stations
            .iter()
            .map(|&s| province.stations[s].auxiliaries)
            .collect();
        let v = values(county);
        let posts = match (target, level) {
            // No villages: under a provincial budget the province target's
            // posts; under a county budget the posts stay, spread evenly if
            // the budget differs from today's.
            (_, None) => match &base {
                Some(b) => county.stations.iter().map(|&s| b.auxiliaries[s]).collect(),
                None => fill_budget(&today, &vec![1.0; v.len()], &vec![0; v.len()], budget),
            },
            (Target::Leximin, Some(_)) => leximin_posts(&v, &today, budget, None),
            (Target::Standard, Some(_)) => leximin_posts(&v, &today, budget, Some(cap)),
            (Target::County, Some(t)) => at_level(&v, &today, budget, *t),
            // Every station at the lowest county's level (a county budget:
            // no county can lend another a post).
            (Target::Province, Some(_)) => at_level(&v, &today, budget, lowest.unwrap_or(0.0)),
        };
        for (&s, a) in county.stations.iter().zip(posts) {
            aux[s] = a;
        }
    }
    let level = match (&base, target) {
        (Some(b), _) => b.level,
        (None, Target::Standard) => lowest.map(|t| t.min(cap)),
        (None, _) => lowest,
    };
    let changed = total(
        aux.iter()
            .zip(&province.stations)
            .map(|(a, s)| a.saturating_sub(s.auxiliaries).saturating_abs()),
    );
    AuxiliaryPlan {
        level,
        auxiliaries: aux,
        changed,
    }
}

/// The highest village-cover level a county's `budget` allows,
/// tₐc = max{t : Σₛ⌈t·Vₛ⌉ ≤ budget} (`None` without villages).
pub fn county_cover_level(values: &[f64], budget: i64) -> Option<f64> {
    max_posts_level(values, budget)
}

/// The fewest changes from today's posts with every station at least at
/// its floor and the county's posts exactly `budget` (Σ floors ≤ budget):
/// every station keeps max(a⁰ₛ, floorₛ); posts beyond the budget are taken
/// where there are most per village (down to the floors), posts the budget
/// still has are added where there are fewest. Each unit taken or added is
/// a change no plan avoids, so the count is least.
pub fn fill_budget(today: &[i64], values: &[f64], floors: &[i64], budget: i64) -> Vec<i64> {
    let mut posts: Vec<i64> = today.iter().zip(floors).map(|(&a, &f)| a.max(f)).collect();
    let sum = total(posts.iter().copied());
    if sum > budget {
        take(&mut posts, values, floors, sum - budget);
    } else if sum < budget {
        let caps = vec![UNREACHABLE; posts.len()];
        give(&mut posts, values, &caps, budget - sum);
    }
    posts
}

/// `county` (and `province` under county budgets) for auxiliaries in one
/// county: every station ≥ ⌈t·Vₛ⌉, then the fewest changes filling the
/// budget ([`fill_budget`]).
fn at_level(values: &[f64], today: &[i64], budget: i64, t: f64) -> Vec<i64> {
    let floors: Vec<i64> = values.iter().map(|&v| steps_at(t, v)).collect();
    fill_budget(today, values, &floors, budget)
}

/// `leximin` (`cap` = `None`) and `standard` (`cap` = the standard) for
/// auxiliaries in one county with villages (module documentation): the
/// sorted vector of min(aₛ ÷ Vₛ, cap) over stations with villages as large
/// as possible with Σ aₛ = `budget`, then the fewest changes.
///
/// Under a cap, when the budget holds every station at the cap
/// (Σₛ⌈cap·Vₛ⌉ ≤ budget) every capped level is the cap, and the fewest
/// changes with those floors fill the budget ([`fill_budget`]). Otherwise
/// the highest level t the budget allows is below the cap, every station
/// gets ⌈t·Vₛ⌉, and the L posts left (fewer than the stations with a rung
/// at t) lift L of those one post each: those whose next capped rung
/// min((k + 1) ÷ Vₛ, cap) is highest (the sorted vector then dominates any
/// other choice place by place), among equal rungs those that had more
/// posts today (each is a change fewer), then in input order.
pub fn leximin_posts(values: &[f64], today: &[i64], budget: i64, cap: Option<f64>) -> Vec<i64> {
    if let Some(cap) = cap {
        let floors: Vec<i64> = values.iter().map(|&v| steps_at(cap, v)).collect();
        if total(floors.iter().copied()) <= budget {
            return fill_budget(today, values, &floors, budget);
        }
    }
    let t = county_cover_level(values, budget).unwrap_or(0.0);
    let mut posts: Vec<i64> = values.iter().map(|&v| steps_at(t, v)).collect();
    let mut left = budget.saturating_sub(total(posts.iter().copied()));
    let mut tied: Vec<usize> = (0..values.len())
        .filter(|&i| values[i] > 0.0 && At::JustAbove(t).steps(values[i]) > posts[i])
        .collect();
    let rung = |i: usize| {
        let r = (posts[i] + 1) as f64 / values[i];
        cap.map_or(r, |c| r.min(c))
    };
    tied.sort_by(|&a, &b| {
        compare_sorted(&[rung(b)], &[rung(a)])
            .then((today[b] > posts[b]).cmp(&(today[a] > posts[a])))
            .then(a.cmp(&b))
    });
    for i in tied {
        if left <= 0 {
            break;
        }
        posts[i] += 1;
        left -= 1;
    }
    posts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A station whose villages are under the rounding tolerance (t·Vₛ
    /// counts 0 posts at t, 1 just above) neither drops its county's level
    /// to 0 nor lifts it past the budget, and the posts are the budget.
    #[test]
    fn villages_under_the_tolerance_keep_the_level_and_the_budget() {
        let per_village = 1.6571902237308584;
        let v = [12.0 * per_village, 1e-9 * per_village];
        let t = county_cover_level(&v, 3).unwrap();
        assert!(
            t >= 2.0 / v[0],
            "level {t} dropped below the large station's"
        );
        assert!(total(v.iter().map(|&x| steps_at(t, x))) <= 3);
        let posts = leximin_posts(&v, &[2, 1], 3, Some(1.0));
        assert_eq!(total(posts.iter().copied()), 3, "{posts:?}");
        // The tiny station's tolerance ends just below the large station's
        // breakpoint 13 ÷ V: the level stays where 13 posts suffice.
        let per_village = 1.566344771477717;
        let v = [1e-9 * per_village, 13.0 * per_village];
        let t = county_cover_level(&v, 13).unwrap();
        assert!(total(v.iter().map(|&x| steps_at(t, x))) <= 13, "level {t}");
        let posts = leximin_posts(&v, &[0, 0], 13, Some(1.0));
        assert_eq!(total(posts.iter().copied()), 13, "{posts:?}");
    }
}
