//! The explanations of a plan folder: the transfer lists, the village
//! cover, the binding stations, the marginal values and the mergers.

use super::meets_one_per_village;
use crate::domain::{County, Params, Province, Target};
use crate::model::level::{steps_above_less, steps_at_less};
use crate::model::marginal::{
    auxiliary_marginals, county_limit, officer_marginals, officer_marginals_at,
};
use crate::model::requirement::Requirement;
use crate::model::transfers::transfer_list_with_force;
use crate::outcome::CountyLimit;
use crate::outcome::{
    BeforeAfter, BindingDetail, CountyFigures, Explanations, MergerComparison, PlanTotals,
    StationFigures, Transfer, TransferKind, VillageCover,
};
use crate::plan::{Binding, Dimension, Plan};

/// Per county, the transfer list from today's officers to the plan's
/// ([`transfer_list_with_force`]): the fewest officers moved, in few lines,
/// with newcomers to the force (recruits, a force increase: the county's
/// force grows from `counties`' before to after) and leavers as lines of
/// their own, not moves.
pub fn transfers(
    province: &Province,
    plan: &Plan,
    counties: &[BeforeAfter<CountyFigures>],
) -> Vec<Transfer> {
    let mut out = Vec::new();
    for (ci, (c, f)) in province.counties.iter().zip(counties).enumerate() {
        let x0: Vec<i64> = c
            .stations
            .iter()
            .map(|&s| province.stations[s].officers)
            .collect();
        let x: Vec<i64> = c
            .stations
            .iter()
            .map(|&s| plan.stations[s].officers)
            .collect();
        let lines = transfer_list_with_force(&x0, &x, f.after.force - f.before.force);
        let at = |i: Option<usize>| i.map(|i| c.stations[i]);
        out.extend(lines.recruits.iter().map(|&(to, n)| Transfer {
            county: ci,
            officers: n,
            from: None,
            to: at(to),
            kind: TransferKind::Recruit,
        }));
        out.extend(lines.leavers.iter().map(|&(from, n)| Transfer {
            county: ci,
            officers: n,
            from: at(from),
            to: None,
            kind: TransferKind::Leaver,
        }));
        out.extend(lines.moves.into_iter().map(|m| Transfer {
            county: ci,
            officers: m.officers,
            from: at(m.from),
            to: at(m.to),
            kind: TransferKind::Move,
        }));
    }
    out
}

/// Village cover of a county: its posts and villages, the stations that
/// met one auxiliary per village today and not under `aux`, the stations
/// short of aₛ ≥ Vₛ, and the share of village posts covered,
/// Σ min(aₛ, Vₛ) ÷ Σ Vₛ.
pub fn village_cover(
    province: &Province,
    county: &County,
    stations: &[StationFigures],
    aux: impl Fn(usize) -> i64,
) -> VillageCover {
    let mut short = 0;
    let mut cut = 0;
    let mut posts = 0i64;
    let (mut covered, mut need, mut villages) = (0.0, 0.0, 0.0);
    for &s in &county.stations {
        let v = stations[s].need.villages;
        let st = &province.stations[s];
        let a = aux(s);
        if (a as f64) < v - 1e-9 {
            short += 1;
        }
        if meets_one_per_village(st, st.auxiliaries) && !meets_one_per_village(st, a) {
            cut += 1;
        }
        covered += (a as f64).min(v);
        need += v;
        posts += a;
        villages += st.villages;
    }
    VillageCover {
        posts,
        villages,
        cut,
        short,
        cover: if need > 0.0 { covered / need } else { 1.0 },
    }
}

/// The binding stations with what their dimension needs at the level and
/// just above it, and what stops their county. Under the `county` target
/// the level is each county's own best level; under `leximin` the rows are
/// the fill's steps: every station, at the step and level it was fixed,
/// with the rule (or the tie) that stopped it.
pub fn binding_details(
    province: &Province,
    params: &Params,
    plan: &Plan,
    reqs: &[Requirement],
) -> Vec<BindingDetail> {
    let detail = |b: Binding, t: f64, limit: CountyLimit, fill: Option<(usize, f64)>| {
        let r = &reqs[b.station];
        let (requirement, credit) = match b.dimension {
            Dimension::Duty => (r.duty, r.duty_credit),
            Dimension::Community => (r.community, 0.0),
        };
        BindingDetail {
            binding: b,
            requirement,
            needed_at_level: steps_at_less(t, requirement, credit),
            needed_just_above: steps_above_less(t, requirement, credit),
            limit,
            fill,
        }
    };
    // Every binding station of a county shares the county's limit at the
    // same level: it is worked out once per county (a county's bounds are a
    // pass over its stations, so once per station would be quadratic).
    let mut limits: Vec<Option<CountyLimit>> = vec![None; province.counties.len()];
    let mut limit_of = |s: usize, t: f64| {
        let c = province.stations[s].county;
        *limits[c].get_or_insert_with(|| county_limit(&province.counties[c], reqs, params, t))
    };
    // Under `standard`, the stations the fill held below the standard, each
    // with what stops it (those at the standard are not limited); when t*
    // is at or above the standard, the province plan's binding stations.
    let below_standard = |step: &&crate::plan::FillStep| {
        let cap = params.levers.balance.cap;
        step.level < cap - crate::numeric::tolerance(cap)
    };
    // The stations a fill fixed, each dimension that stopped it a line.
    let step_details = |steps: Vec<&crate::plan::FillStep>| -> Vec<BindingDetail> {
        steps
            .into_iter()
            .flat_map(|step| {
                step.dimensions.iter().map(move |&dimension| {
                    let b = Binding {
                        station: step.station,
                        dimension,
                    };
                    detail(b, step.level, step.limit, Some((step.step, step.level)))
                })
            })
            .collect()
    };
    match &plan.fairness {
        Some(f) if f.target == Target::Standard && f.steps.iter().any(|s| below_standard(&s)) => {
            step_details(f.steps.iter().filter(below_standard).collect())
        }
        Some(f) if f.target == Target::Standard => {
            let t = plan.balance_level.unwrap_or(0.0);
            plan.binding
                .iter()
                .map(|b| detail(*b, t, limit_of(b.station, t), None))
                .collect()
        }
        Some(f) if f.target == Target::Leximin => step_details(f.steps.iter().collect()),
        Some(_) => plan
            .binding
            .iter()
            .map(|b| {
                let c = province.stations[b.station].county;
                let t = plan.counties[c].max_level.unwrap_or(0.0);
                detail(*b, t, limit_of(b.station, t), Some((1, t)))
            })
            .collect(),
        None => {
            let t = plan.balance_level.unwrap_or(0.0);
            plan.binding
                .iter()
                .map(|b| detail(*b, t, limit_of(b.station, t), None))
                .collect()
        }
    }
}

/// Everything that explains a plan. `unmerged` is the data before the
/// scenario's mergers with its own plan (or the number of rules it breaks).
/// `levels`, when given, is each county's own best level as the solve
/// found it ([`officer_marginals_at`]); else the marginals search again.
#[allow(clippy::too_many_arguments)]
pub fn explain(
    province: &Province,
    params: &Params,
    plan: &Plan,
    reqs: &[Requirement],
    stations: &[StationFigures],
    counties: &[BeforeAfter<CountyFigures>],
    unmerged: Option<(&Province, Result<Plan, usize>)>,
    levels: Option<&[f64]>,
) -> Explanations {
    Explanations {
        transfers: transfers(province, plan, counties),
        villages: province
            .counties
            .iter()
            .map(|c| BeforeAfter {
                before: village_cover(province, c, stations, |s| province.stations[s].auxiliaries),
                after: village_cover(province, c, stations, |s| plan.stations[s].auxiliaries),
            })
            .collect(),
        binding: binding_details(province, params, plan, reqs),
        officer_marginals: match levels {
            Some(l) => officer_marginals_at(province, reqs, params, l),
            None => officer_marginals(province, reqs, params),
        },
        auxiliary_marginals: auxiliary_marginals(province, reqs, params, plan),
        mergers: unmerged.map(|(p, without)| MergerComparison {
            with: PlanTotals::of(plan, province.stations.len()),
            without: without
                .map(|w| PlanTotals::of(&w, p.stations.len()))
                .map_err(|n| (n, p.stations.len())),
        }),
    }
}
