//! Requirements of each station, in full-time officers (and auxiliary posts),
//! with the station's bounds from the per-station levers.

use crate::domain::{Params, Province, Station, Workload, HOURS_PER_YEAR};
use crate::model::level::ceil_tol;
use crate::numeric::UNREACHABLE;
use crate::numeric::{show, MAX_REQUIREMENT, MIN_REQUIREMENT};

use crate::model::service_need::{standard_needs, StandardNeed};

pub use crate::model::need::Requirement;

pub use crate::model::calls::{category_calls, handled_calls, handled_parts, unsplit_calls};

/// Duty requirement of one station under the hours method (the
/// spreadsheet method). Without call categories
/// Dₛ = callsₛ × call_growth × (1 − divert_share) × hours_per_call
///      ÷ (officer_hours_per_year × reactive_share).
/// With categories k (hours hₖ, officers per call oₖ, divertible δₖ ∈ {0,1})
/// Dₛ = [Σₖ callsₛₖ × g × (1 − δₖ·divert) × hₖ × oₖ
///       + unsplitₛ × g × (1 − divert) × hours_per_call]
///      ÷ (officer_hours_per_year × reactive_share).
/// Under `[workload.service] method = "erlang-c"` the duty requirement is
/// the service standard's instead, which pooled hours make depend on the
/// county ([`duty_requirements`]).
pub fn hours_duty_requirement(station: &Station, w: &Workload) -> f64 {
    let per_officer = w.officer_hours_per_year * w.reactive_share;
    let hours = handled_parts(station, w).fold(0.0, |hours, (category, calls)| {
        hours
            + match category {
                Some(cat) => calls * cat.hours_per_call * cat.officers_per_call,
                None => calls * w.hours_per_call,
            }
    });
    hours / per_officer
}

/// Every station's duty requirement Dₛ and the service standard's
/// auxiliary duty need Xₛ, in input order. Under `[workload.service] method
/// = "erlang-c"` both come from the standard
/// ([`crate::model::service_need`]):
/// Dₛ = 365 × officers_per_unit × Σₕ wₕ Nₛₕ ÷ officer_hours_per_year and
/// Xₛ = 365 × auxiliaries_per_unit × Σₕ wₕ Nₛₕ ÷ auxiliary_hours_per_year.
/// Otherwise Dₛ is [`hours_duty_requirement`] and Xₛ = 0 (under `method =
/// "hours"` the standard is reported, not planned for). When the standard's
/// need cannot be computed (a load beyond the limits, which the input layer
/// refuses first, naming the station) every Dₛ is infinite.
pub fn duty_requirements(province: &Province, w: &Workload) -> Vec<StandardNeed> {
    if let Some(s) = w.service.as_ref().filter(|s| s.erlang_c()) {
        return standard_needs(province, w, s).unwrap_or_else(|_| {
            vec![
                StandardNeed {
                    weighted_unit_hours: f64::INFINITY,
                    duty: f64::INFINITY,
                    auxiliaries: 0.0,
                };
                province.stations.len()
            ]
        });
    }
    province
        .stations
        .iter()
        .map(|s| StandardNeed {
            weighted_unit_hours: 0.0,
            duty: hours_duty_requirement(s, w),
            auxiliaries: 0.0,
        })
        .collect()
}

/// Community requirement Cₛ = populationₛ ÷ residents_per_community_officer[kindₛ].
///
/// The input layer guarantees every kind has a norm; a missing one counts as
/// no requirement rather than a panic.
pub fn community_requirement(station: &Station, w: &Workload) -> f64 {
    match w.residents_per_community_officer.get(&station.kind) {
        Some(norm) => station.population / norm,
        None => 0.0,
    }
}

/// Village requirement Vₛ = villagesₛ × per_village (一村一辅警). A
/// station's auxiliary posts ([`Requirement::villages`]) are
/// max(Vₛ, Xₛ), Xₛ the service standard's auxiliary duty need
/// ([`duty_requirements`]).
pub fn village_requirement(station: &Station, params: &Params) -> f64 {
    station.villages * params.auxiliaries.per_village
}

/// 24-hour duty minimum: k posts manned around the clock need
/// ⌈k × 8760 ÷ officer_hours_per_year⌉ officers.
pub fn duty_post_minimum(station: &Station, params: &Params) -> i64 {
    let k = station
        .levers
        .duty_posts
        .unwrap_or(params.levers.duty_posts);
    if k <= 0.0 {
        0
    } else {
        ceil_tol(k * HOURS_PER_YEAR / params.workload.officer_hours_per_year)
    }
}

/// Building capacity and locks: uₛ = min(max_officers, x⁰ₛ if locked).
pub fn station_capacity(station: &Station) -> i64 {
    let mut cap = station.levers.max_officers.unwrap_or(UNREACHABLE);
    if station.levers.locked {
        cap = cap.min(station.officers);
    }
    cap
}

/// Requirements of every station, in input order, without the auxiliary
/// duty credit. A station's auxiliary posts are max(Vₛ, Xₛ): its villages'
/// and the service standard's auxiliary duty need.
pub fn base_requirements(province: &Province, params: &Params) -> Vec<Requirement> {
    let needs = duty_requirements(province, &params.workload);
    province
        .stations
        .iter()
        .zip(needs)
        .map(|(s, need)| {
            let posts = duty_post_minimum(s, params);
            Requirement {
                duty: need.duty,
                community: community_requirement(s, &params.workload),
                villages: village_requirement(s, params).max(need.auxiliaries),
                min_officers: s.min_officers.unwrap_or(params.min_officers).max(posts),
                duty_post_minimum: posts,
                max_officers: station_capacity(s),
                officers_today: s.officers,
                locked: s.levers.locked,
                max_moves: s.levers.max_moves.or(params.levers.max_moves_per_station),
                duty_credit: 0.0,
                restricted: s.strength.restricted,
            }
        })
        .collect()
}

/// Requirements of every station, in input order.
///
/// When auxiliaries do part of the duty (`auxiliaries.duty_factor` f > 0),
/// the auxiliaries are planned first, by village coverage alone
/// ([`crate::model::auxiliaries::plan_auxiliaries`]), and each station's
/// duty is credited κₛ = f·aₛ. That fixes the order of decisions: auxiliary
/// posts follow villages, officers follow what auxiliaries leave.
pub fn requirements(province: &Province, params: &Params) -> Vec<Requirement> {
    let mut reqs = base_requirements(province, params);
    let f = params.auxiliaries.duty_factor;
    if f > 0.0 {
        let aux = crate::model::fairness::plan_auxiliaries_for(province, &reqs, params);
        for (r, a) in reqs.iter_mut().zip(&aux.auxiliaries) {
            r.duty_credit = f * *a as f64;
        }
    }
    reqs
}

pub use crate::model::need::RequirementError;

/// Why a requirement r is out of range, if it is.
fn out_of_range(r: f64, unit: &str) -> Option<String> {
    if r.is_nan() {
        Some("is not a number; check these values".into())
    } else if r == 0.0 {
        None
    } else if r.is_infinite() || r > MAX_REQUIREMENT {
        Some(format!(
            "is above the limit of {} {unit}; check these values",
            show(MAX_REQUIREMENT)
        ))
    } else if r < MIN_REQUIREMENT {
        Some(format!(
            "is below {} {unit}, too small to plan for; check these values (write 0 where there is none)",
            show(MIN_REQUIREMENT)
        ))
    } else {
        None
    }
}

fn check_one(
    station: &Station,
    what: &'static str,
    r: f64,
    from: impl FnOnce() -> String,
) -> Result<(), RequirementError> {
    let unit = if what == "village" || what == "auxiliary duty" {
        "auxiliary posts"
    } else {
        "officers"
    };
    match out_of_range(r, unit) {
        None => Ok(()),
        Some(problem) => Err(RequirementError {
            station: station.id.clone(),
            problem: format!(
                "its {what} requirement of {} {unit} ({}) {problem}",
                show(r),
                from()
            ),
        }),
    }
}

/// Refuses a province whose requirements, computed from values each in its
/// own range, are still out of range: Dₛ, Cₛ and Vₛ must each be 0 or lie
/// in [10⁻⁹, 10⁹]. The error names the station and the values behind it.
pub fn check_requirements(province: &Province, params: &Params) -> Result<(), RequirementError> {
    let w = &params.workload;
    if let Some(standard) = &w.service {
        crate::model::service_need::check_province(province, w, standard)?;
    }
    let needs = duty_requirements(province, w);
    for (s, need) in province.stations.iter().zip(&needs) {
        check_one(s, "duty", need.duty, || {
            if let Some(standard) = w.service.as_ref().filter(|x| x.erlang_c()) {
                return crate::model::service_need::describe_duty(
                    need.weighted_unit_hours,
                    w,
                    standard,
                );
            }
            let per_officer = format!(
                "officer_hours_per_year {} × reactive_share {}",
                show(w.officer_hours_per_year),
                show(w.reactive_share)
            );
            if w.categories.is_empty() {
                format!(
                    "calls {} × call_growth {} × (1 − divert_share {}) × hours_per_call {} ÷ ({per_officer})",
                    show(s.calls),
                    show(w.call_growth),
                    show(w.divert_share),
                    show(w.hours_per_call)
                )
            } else {
                format!(
                    "calls {} by category × call_growth {} × the hours and officers per call of [workload.categories] ÷ ({per_officer})",
                    show(s.calls),
                    show(w.call_growth)
                )
            }
        })?;
        check_one(s, "community", community_requirement(s, w), || {
            let norm = w
                .residents_per_community_officer
                .get(&s.kind)
                .copied()
                .unwrap_or(0.0);
            format!(
                "population {} ÷ residents_per_community_officer.{} {}",
                show(s.population),
                s.kind,
                show(norm)
            )
        })?;
        check_one(s, "village", village_requirement(s, params), || {
            format!(
                "villages {} × auxiliaries.per_village {}",
                show(s.villages),
                show(params.auxiliaries.per_village)
            )
        })?;
        if let Some(standard) = w.service.as_ref().filter(|x| x.erlang_c()) {
            check_one(s, "auxiliary duty", need.auxiliaries, || {
                format!(
                    "the service standard's units × 365 days × auxiliaries_per_unit {} ÷ auxiliary_hours_per_year {}",
                    show(standard.auxiliaries_per_unit),
                    show(standard.auxiliary_hours(w))
                )
            })?;
        }
    }
    Ok(())
}

/// [`check_requirements`] for requirements given directly (for example a
/// robust envelope over sampled workloads).
pub fn check_given(province: &Province, reqs: &[Requirement]) -> Result<(), RequirementError> {
    let from = || "the requirement the plan is made for".to_string();
    for (s, r) in province.stations.iter().zip(reqs) {
        check_one(s, "duty", r.duty, from)?;
        check_one(s, "community", r.community, from)?;
        check_one(s, "village", r.villages, from)?;
    }
    Ok(())
}
