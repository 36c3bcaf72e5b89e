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
//! over the day in proportion to Nₕ, hour h has Uₕ = Nₕ·dₛ ÷ Dₛ units, of
//! which ⌊Uₕ⌋ whole units answer calls (Dₛ is the standard's requirement,
//! 365 × officers_per_unit × Σₕ Nₕ ÷ officer_hours_per_year, whatever the
//! method). The station meets the standard when ⌊Uₕ⌋ ≥ Nₕ in every hour,
//! which is dₛ ≥ Dₛ; P(wait) and the mean wait are reported at the busiest
//! hour ([`crate::model::service::service_at`]).

use crate::domain::{Params, Province, HOURS_PER_DAY};
use crate::model::need::Requirement;
use crate::model::recruits::short_of_level_one;
use crate::model::service::{duty_from_units, service_at, station_hours, ServiceAt};
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

fn clamp_count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Fills each station's service figures (`StationFigures::service`) and
/// returns the province's need by hour. `None` without a service standard.
///
/// A station whose need cannot be computed (a load beyond the limits, which
/// the input layer refuses first) gets no figures.
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
        hourly_units_needed: [0; HOURS_PER_DAY],
        hourly_offered_load: [0.0; HOURS_PER_DAY],
        hourly_units_on_duty: BeforeAfter {
            before: [0.0; HOURS_PER_DAY],
            after: [0.0; HOURS_PER_DAY],
        },
    };
    for ((station, p), fig) in province.stations.iter().zip(&plan.stations).zip(figures) {
        let Ok(hours) = station_hours(station, w, s) else {
            fig.service = None;
            continue;
        };
        let duty = |officers: i64, community: i64, aux: i64| {
            (officers - community) as f64 + f * aux as f64
        };
        let before = service_at(
            &hours,
            w,
            s,
            duty(
                station.officers,
                station.community_officers,
                station.auxiliaries,
            ),
        );
        let after = service_at(
            &hours,
            w,
            s,
            duty(p.officers, p.community_officers, p.auxiliaries),
        );
        for h in 0..HOURS_PER_DAY {
            out.hourly_units_needed[h] =
                out.hourly_units_needed[h].saturating_add(clamp_count(hours.units[h]));
            out.hourly_units_on_duty.before[h] += before.units_on_duty[h];
            out.hourly_units_on_duty.after[h] += after.units_on_duty[h];
            out.hourly_offered_load[h] += hours.load[h];
        }
        let peak = hours.busiest_hour();
        fig.service = Some(StationService {
            units_per_day: clamp_count(hours.units_per_day()),
            busiest_hour: peak,
            offered_load_peak: hours.load[peak],
            offered_load_per_day: hours.load.iter().sum(),
            units_needed_peak: clamp_count(hours.units[peak]),
            duty_requirement: duty_from_units(hours.units_per_day(), w, s),
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

/// The summary's service object (`None` without a service standard).
pub fn service_summary(
    province: &Province,
    params: &Params,
    figures: &[StationFigures],
) -> Option<ServiceSummary> {
    let s = params.workload.service.as_ref()?;
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
        units_needed_per_day: served
            .iter()
            .fold(0i64, |sum, (_, x)| sum.saturating_add(x.units_per_day)),
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
