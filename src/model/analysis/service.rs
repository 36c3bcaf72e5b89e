//! The figures of the service standard (`[workload.service]`), computed once
//! for the outputs: per station the units it needs and the service its duty
//! officers give today and under the plan; for the province the need by
//! hour of day; the summary's service object; and the side-by-side of both
//! duty methods (`solve --compare-methods`).
//!
//! The figures are computed whenever the scenario gives a service standard,
//! whichever method the plan's requirements come from: under `hours` they
//! say how the linear plan meets the standard.
//!
//! **Service under a deployment.** A station's duty cover is
//! dₛ = xₛ − yₛ + κₛ officers (κₛ = f·aₛ when auxiliaries do duty). Spread
//! over the day in proportion to what each hour costs (wₕ Nₛₕ), it keeps
//! the share cₛ = dₛ ÷ Dₛ of the standard's units every hour: Uₛₕ = Nₛₕ·cₛ
//! (Dₛ is the standard's requirement, 365 × officers_per_unit × Σₕ wₕ Nₛₕ ÷
//! officer_hours_per_year, whatever the method). The station meets the
//! standard when Uₛₕ ≥ Nₛₕ in every hour, which is dₛ ≥ Dₛ. P(wait) and the
//! mean wait are reported at the busiest hour, in the queue the station's
//! calls join then: its own, or in a pooled hour its pool's, whose units
//! on duty are Σ Uₛ'ₕ over the pool's stations
//! ([`crate::model::service_need::service_at`]).

use crate::domain::{HourRule, Params, Province, HOURS_PER_DAY};
use crate::model::need::Requirement;
use crate::model::recruits::short_of_level_one;
use crate::model::service_need::{
    auxiliaries_from_unit_hours, cover, duty_from_unit_hours, pools, service_at, service_need,
    Queue, ServiceAt,
};
use crate::outcome::{
    BeforeAfter, MethodComparison, MethodFigures, Outcome, ServiceLevel, ServiceOutcome,
    ServiceStation, ServiceSummary, StationDifference, StationFigures, StationService,
};
use crate::plan::Plan;

/// How many of the worst served stations the summary lists.
pub const WORST_STATIONS: usize = 10;

/// How many stations `--compare-methods` lists.
pub const DIFFERING_STATIONS: usize = 20;

fn level(at: &ServiceAt, peak: usize) -> ServiceLevel {
    ServiceLevel {
        units_on_duty_peak: at.units_on_duty[peak],
        wait_probability_peak: at.wait_probability_peak,
        mean_wait_minutes_peak: at.mean_wait_minutes_peak,
        meets_standard: at.meets_standard,
    }
}

/// Fills each station's service figures (`StationFigures::service`) and
/// returns the province's need by hour. `None` without a service standard.
///
/// When the need cannot be computed (a load beyond the limits, which the
/// input layer refuses first) no station gets figures.
pub fn station_service(
    province: &Province,
    params: &Params,
    plan: &Plan,
    figures: &mut [StationFigures],
) -> Option<ServiceOutcome> {
    let s = params.workload.service.as_ref()?;
    let w = &params.workload;
    let f = params.auxiliaries.duty_factor;
    let mut out = ServiceOutcome {
        method: s.method,
        hourly_units_needed: [0.0; HOURS_PER_DAY],
        hourly_offered_load: [0.0; HOURS_PER_DAY],
        hourly_units_on_duty: BeforeAfter {
            before: [0.0; HOURS_PER_DAY],
            after: [0.0; HOURS_PER_DAY],
        },
    };
    let Ok(need) = service_need(province, w, s) else {
        for fig in figures.iter_mut() {
            fig.service = None;
        }
        return Some(out);
    };
    let duty =
        |officers: i64, community: i64, aux: i64| (officers - community) as f64 + f * aux as f64;
    // cₛ today and under the plan.
    let covers: Vec<(f64, f64)> = province
        .stations
        .iter()
        .zip(&plan.stations)
        .zip(&need.stations)
        .map(|((st, p), n)| {
            let d = duty_from_unit_hours(n.weighted_unit_hours(), w, s);
            (
                cover(duty(st.officers, st.community_officers, st.auxiliaries), d),
                cover(duty(p.officers, p.community_officers, p.auxiliaries), d),
            )
        })
        .collect();
    // Σ Uₛₕ over each pool's stations, today and under the plan.
    let mut pooled: Vec<[(f64, f64); HOURS_PER_DAY]> =
        vec![[(0.0, 0.0); HOURS_PER_DAY]; need.pools.by_county.len()];
    for ((st, n), &(before, after)) in province.stations.iter().zip(&need.stations).zip(&covers) {
        if let Some(on_duty) = pooled.get_mut(st.county) {
            for h in (0..HOURS_PER_DAY).filter(|&h| n.pooled[h]) {
                on_duty[h].0 += n.units[h] * before;
                on_duty[h].1 += n.units[h] * after;
            }
        }
    }
    for (((st, n), &(before, after)), fig) in province
        .stations
        .iter()
        .zip(&need.stations)
        .zip(&covers)
        .zip(figures.iter_mut())
    {
        let peak = n.busiest_hour();
        let queue = |c: f64, pool_units: f64| match need.pools.of(st.county, peak) {
            Some(pool) if n.pooled[peak] => Queue {
                units: pool_units,
                load: pool.load,
                mean_minutes: pool.mean_minutes(),
            },
            _ => Queue {
                units: n.units[peak] * c,
                load: n.load[peak],
                mean_minutes: n.mean_minutes,
            },
        };
        let at_peak = pooled.get(st.county).map_or((0.0, 0.0), |p| p[peak]);
        let before = service_at(n, before, queue(before, at_peak.0));
        let after = service_at(n, after, queue(after, at_peak.1));
        for h in 0..HOURS_PER_DAY {
            out.hourly_units_needed[h] += n.units[h];
            out.hourly_units_on_duty.before[h] += before.units_on_duty[h];
            out.hourly_units_on_duty.after[h] += after.units_on_duty[h];
            out.hourly_offered_load[h] += n.load[h];
        }
        let weighted = n.weighted_unit_hours();
        fig.service = Some(StationService {
            units_per_day: n.unit_hours(),
            weighted_units_per_day: weighted,
            busiest_hour: peak,
            pooled_at_peak: n.pooled[peak],
            offered_load_peak: n.load[peak],
            offered_load_per_day: n.load.iter().sum(),
            units_needed_peak: n.units[peak],
            one_unit_alone: n.load.iter().any(|&a| a > 0.0)
                && n.pooled.iter().any(|&p| !p)
                && (0..HOURS_PER_DAY).all(|h| n.pooled[h] || n.units[h] == 1.0),
            duty_requirement: duty_from_unit_hours(weighted, w, s),
            auxiliary_duty_need: auxiliaries_from_unit_hours(weighted, w, s),
            before: level(&before, peak),
            after: level(&after, peak),
        });
    }
    Some(out)
}

/// The order of service from worst: the highest P(wait) at the busiest
/// hour, then the longest mean wait (no finite wait is the longest), then
/// input order.
fn worse_first(a: &ServiceLevel, b: &ServiceLevel) -> std::cmp::Ordering {
    let wait = |l: &ServiceLevel| l.mean_wait_minutes_peak.unwrap_or(f64::INFINITY);
    b.wait_probability_peak
        .total_cmp(&a.wait_probability_peak)
        .then(wait(b).total_cmp(&wait(a)))
}

/// The hours of a rule, 0 to 23.
fn hours_of(rule: &HourRule) -> Vec<usize> {
    (0..HOURS_PER_DAY).filter(|&h| rule.hours[h]).collect()
}

/// The kinds of a rule (`None`: every kind).
fn kinds_of(rule: &HourRule) -> Option<Vec<String>> {
    rule.kinds.as_ref().map(|k| k.iter().cloned().collect())
}

/// The summary's service object (`None` without a service standard).
pub fn service_summary(
    province: &Province,
    params: &Params,
    figures: &[StationFigures],
) -> Option<ServiceSummary> {
    let s = params.workload.service.as_ref()?;
    let pools = pools(province, &params.workload, s).unwrap_or_default();
    let pools: Vec<_> = pools.by_county.iter().flatten().flatten().collect();
    let served: Vec<(usize, &StationService)> = figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.service.as_ref().map(|x| (i, x)))
        .collect();
    let meeting = |f: &dyn Fn(&StationService) -> bool| served.iter().filter(|(_, x)| f(x)).count();
    let mut order: Vec<&(usize, &StationService)> = served.iter().collect();
    order.sort_by(|(i, a), (j, b)| worse_first(&a.after, &b.after).then(i.cmp(j)));
    Some(ServiceSummary {
        method: s.method.as_str().to_string(),
        minutes_per_call: s.minutes_per_call,
        officers_per_unit: s.officers_per_unit,
        target_wait_probability: s.target_wait_probability,
        max_utilisation: s.max_utilisation,
        min_units_on_duty: s.min_units_on_duty,
        auxiliaries_per_unit: s.auxiliaries_per_unit,
        auxiliary_hours_per_year: s.auxiliary_hours(&params.workload),
        standby_hours: hours_of(&s.standby),
        standby_kinds: kinds_of(&s.standby),
        standby_weight: s.standby_weight,
        pool_hours: hours_of(&s.pool),
        pool_kinds: kinds_of(&s.pool),
        units_needed_per_day: served.iter().map(|(_, x)| x.units_per_day).sum(),
        weighted_units_per_day: served.iter().map(|(_, x)| x.weighted_units_per_day).sum(),
        duty_requirement: served.iter().map(|(_, x)| x.duty_requirement).sum(),
        auxiliary_duty_need: served.iter().map(|(_, x)| x.auxiliary_duty_need).sum(),
        stations_at_one_unit: meeting(&|x| x.one_unit_alone),
        pools: pools.len(),
        pool_units: pools.iter().map(|p| p.units).sum(),
        stations_meeting_standard: BeforeAfter {
            before: meeting(&|x| x.before.meets_standard),
            after: meeting(&|x| x.after.meets_standard),
        },
        worst_stations: order
            .into_iter()
            .take(WORST_STATIONS)
            .map(|&(i, x)| {
                let st = &province.stations[i];
                ServiceStation {
                    station_id: st.id.clone(),
                    name: st.name.clone(),
                    county_id: province.counties[st.county].id.clone(),
                    busiest_hour: x.busiest_hour,
                    wait_probability_peak: x.after.wait_probability_peak,
                    mean_wait_minutes_peak: x.after.mean_wait_minutes_peak,
                }
            })
            .collect(),
    })
}

/// One method's figures: its level and moves, the officers beyond the force
/// it would take to reach level 1.0 everywhere (Σc extra_c(1.0), the
/// recruits lever's exact count, see [`crate::model::recruits`]), its total
/// duty requirement and the stations meeting the service standard.
pub fn method_figures(outcome: &Outcome, reqs: &[Requirement]) -> MethodFigures {
    MethodFigures {
        method: outcome
            .params
            .workload
            .service
            .as_ref()
            .map_or("hours", |s| s.method.as_str())
            .to_string(),
        balance_level: outcome.plan.balance_level,
        officers_moved: outcome.plan.officers_moved,
        officers_short_of_level_one: short_of_level_one(&outcome.province, reqs, &outcome.params),
        duty_requirement: reqs.iter().map(|r| r.duty).sum(),
        stations_meeting_standard: outcome
            .stations
            .iter()
            .filter(|f| f.service.is_some_and(|s| s.after.meets_standard))
            .count(),
    }
}

/// The two methods side by side: `hours` is the plan solved with the
/// linear duty requirement, `erlang_c` with the service standard's, on the
/// same data. The stations are those whose Dₛ differs most (largest
/// |D_erlang-c − D_hours| first, then input order).
pub fn compare(
    hours: (&Outcome, &[Requirement]),
    erlang_c: (&Outcome, &[Requirement]),
) -> MethodComparison {
    let (ho, hr) = hours;
    let (eo, er) = erlang_c;
    let mut stations: Vec<StationDifference> = hr
        .iter()
        .zip(er)
        .enumerate()
        .map(|(i, (h, e))| StationDifference {
            station: i,
            duty_hours: h.duty,
            duty_erlang_c: e.duty,
            officers_hours: ho.plan.stations.get(i).map_or(0, |p| p.officers),
            officers_erlang_c: eo.plan.stations.get(i).map_or(0, |p| p.officers),
        })
        .collect();
    let gap = |d: &StationDifference| (d.duty_erlang_c - d.duty_hours).abs();
    stations.sort_by(|a, b| gap(b).total_cmp(&gap(a)).then(a.station.cmp(&b.station)));
    stations.truncate(DIFFERING_STATIONS);
    MethodComparison {
        methods: vec![method_figures(ho, hr), method_figures(eo, er)],
        stations,
    }
}
