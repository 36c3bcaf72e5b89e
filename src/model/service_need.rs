//! The service standard as a station's need: hour by hour the units it
//! keeps (alone, or its share of a county pool), what they cost (standby),
//! and the duty requirement and auxiliary duty need that follow (crews).
//! The queueing maths (Erlang C, the units one queue needs) is in
//! [`crate::model::service`].
//!
//! **Offered load.** aₛₕ = Kₛ × pₕ ÷ 365 × m ÷ 60 Erlangs, with Kₛ the calls
//! the station handles a year (growth and diversion applied), pₕ its kind's
//! hourly profile and m the minutes a call keeps a unit busy
//! ([`hourly_load`]).
//!
//! **Units of one queue**, U(a) ([`units_needed`]): n₀ = `min_units_on_duty`
//! for a = 0, else the least N with N ≥ max(1, n₀), N > a,
//! C(N, a) ≤ `target_wait_probability` and a ÷ N ≤ `max_utilisation` (when
//! set).
//!
//! **Stand-alone hours.** A station is its own queue: Nₛₕ = U(aₛₕ).
//!
//! **Pooled hours** (`pool_hours`, `pool_kinds`: 联勤, 大所带小所). In a
//! pooled hour h the stations of county c whose kind pools form one queue
//! Pool(c, h):
//!
//!   A_ch = Σ_{s ∈ Pool(c, h)} aₛₕ,   N_ch = U(A_ch),
//!
//! and each station's share is fractional:
//!
//!   Nₛₕ = N_ch × aₛₕ ÷ A_ch   when A_ch > 0,
//!   Nₛₕ = n₀ ÷ |Pool(c, h)|   when A_ch = 0 (N_ch = n₀, shared equally),
//!
//! so the shares add up to the pool's units. A pool of one station is the
//! station alone.
//!
//! **Standby** (`standby_hours`, `standby_kinds`, `standby_weight`: 备勤).
//! In a standby hour of its kind a station's units are on standby: they
//! count toward Nₛₕ (they answer calls) but each unit-hour costs
//! wₕ = `standby_weight` of a duty unit-hour; wₕ = 1 in every other hour.
//!
//! **Crew** (`officers_per_unit` o, `auxiliaries_per_unit` x). One unit on
//! duty one hour every day is 365 unit-hours a year, so
//!
//!   Dₛ = 365 × o × Σₕ wₕ Nₛₕ ÷ officer_hours_per_year   (officers),
//!   Xₛ = 365 × x × Σₕ wₕ Nₛₕ ÷ auxiliary_hours_per_year (auxiliaries),
//!
//! with `auxiliary_hours_per_year` defaulting to `officer_hours_per_year`.
//! `reactive_share` does not apply: an officer on duty is available for
//! calls all shift, and the standard already keeps spare units (that is what
//! C ≤ P buys). `hours_per_call` does not apply either: calls take
//! `minutes_per_call` (or their category's hours and officers).
//! Dₛ is the duty requirement under `method = "erlang-c"`; Xₛ, the
//! auxiliary duty need, raises the station's auxiliary posts to
//! max(villagesₛ × per_village, Xₛ) ([`crate::model::requirement`]).
//!
//! Both are fixed numbers per station before any optimisation, so both
//! phases stay exact. Pooling makes a station's need depend on its county's
//! other stations of the pooled kinds, which is why the need is computed for
//! the whole province at once ([`pools`], then [`station_need`]).

use crate::domain::{Province, ServiceStandard, Station, Workload, HOURS_PER_DAY};
use crate::model::level::floor_tol;
use crate::model::service::{
    erlang_c, hourly_load, mean_wait_minutes, units_needed, ServiceError, DAYS_PER_YEAR,
};
use crate::numeric::{at_least, show, MAX_OFFERED_LOAD};

/// One county's stations of the pooled kinds in one pooled hour: one queue.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pool {
    /// A_ch = Σ aₛₕ over the pool's stations, in Erlangs.
    pub load: f64,
    /// N_ch = U(A_ch).
    pub units: u64,
    /// |Pool(c, h)|: the stations in it.
    pub stations: usize,
    /// Σ λₛₕ: calls an hour into the pool (for its mean service time).
    pub calls_per_hour: f64,
}

impl Pool {
    /// The pool's mean minutes a call keeps a unit busy: 60·A ÷ Σλ (the
    /// call-weighted mean of its stations'), 0 without calls.
    pub fn mean_minutes(&self) -> f64 {
        if self.calls_per_hour > 0.0 {
            60.0 * self.load / self.calls_per_hour
        } else {
            0.0
        }
    }

    /// A station's share of the pool's units: N_ch × a ÷ A_ch, or n₀ ÷ |pool|
    /// when the pool has no load.
    pub fn share(&self, a: f64) -> f64 {
        if self.load > 0.0 {
            self.units as f64 * a / self.load
        } else {
            self.units as f64 / self.stations as f64
        }
    }
}

/// Every county's pools: `pools[c][h]` for county c and hour h (`None`: the
/// hour is not pooled, or no station of the county pools). Empty without
/// pooled hours.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pools {
    /// Per county (input order), per hour of the day: its pool, if any.
    pub by_county: Vec<[Option<Pool>; HOURS_PER_DAY]>,
}

impl Pools {
    /// The pool a station of county `county` joins in hour `hour`, if the
    /// standard pools the station's kind then.
    pub fn of(&self, county: usize, hour: usize) -> Option<&Pool> {
        self.by_county.get(county).and_then(|c| c[hour].as_ref())
    }
}

/// Why the need cannot be computed: a queue's load beyond the limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeedError {
    /// The station (input order) whose load, or whose pool's, is out of
    /// range.
    pub station: usize,
    /// The pooled hour, when the pool's load is the problem.
    pub pooled_hour: Option<usize>,
    /// What is out of range.
    pub error: ServiceError,
}

/// Each county's pools (see the module documentation): A_ch summed over
/// the county's stations of the pooled kinds in input order, and N_ch.
pub fn pools(province: &Province, w: &Workload, s: &ServiceStandard) -> Result<Pools, NeedError> {
    if !s.pool.any() {
        return Ok(Pools::default());
    }
    let mut by_county = Vec::with_capacity(province.counties.len());
    for county in &province.counties {
        let mut pools: [Option<Pool>; HOURS_PER_DAY] = [None; HOURS_PER_DAY];
        let mut first: Option<usize> = None;
        for &i in &county.stations {
            let station = &province.stations[i];
            let hours: Vec<usize> = (0..HOURS_PER_DAY)
                .filter(|&h| s.pool.applies(&station.kind, h))
                .collect();
            if hours.is_empty() {
                continue;
            }
            first.get_or_insert(i);
            let (load, m) = hourly_load(station, w, s);
            for h in hours {
                let pool = pools[h].get_or_insert(Pool {
                    load: 0.0,
                    units: 0,
                    stations: 0,
                    calls_per_hour: 0.0,
                });
                pool.load += load[h];
                pool.stations += 1;
                if m > 0.0 {
                    pool.calls_per_hour += load[h] * 60.0 / m;
                }
            }
        }
        for (h, pool) in pools.iter_mut().enumerate() {
            if let Some(p) = pool.as_mut() {
                p.units = units_needed(p.load, s).map_err(|error| NeedError {
                    station: first.unwrap_or(0),
                    pooled_hour: Some(h),
                    error,
                })?;
            }
        }
        by_county.push(pools);
    }
    Ok(Pools { by_county })
}

/// One station under the standard, hour 0 to 23.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StationNeed {
    /// aₛₕ in Erlangs.
    pub load: [f64; HOURS_PER_DAY],
    /// Nₛₕ: whole units in the station's own hours, its share of the pool's
    /// units in pooled hours.
    pub units: [f64; HOURS_PER_DAY],
    /// wₕ: what a unit-hour costs (`standby_weight` in standby hours, else 1).
    pub weight: [f64; HOURS_PER_DAY],
    /// Whether the station pools in hour h.
    pub pooled: [bool; HOURS_PER_DAY],
    /// m, minutes a call keeps a unit busy.
    pub mean_minutes: f64,
}

impl StationNeed {
    /// Σₕ Nₛₕ: unit-hours a day the standard counts at the station.
    pub fn unit_hours(&self) -> f64 {
        self.units.iter().sum()
    }

    /// Σₕ wₕ Nₛₕ: the unit-hours a day the station pays for (standby hours
    /// at their weight).
    pub fn weighted_unit_hours(&self) -> f64 {
        self.units
            .iter()
            .zip(&self.weight)
            .map(|(n, w)| w * n)
            .sum()
    }

    /// The busiest hour: the largest aₛₕ, the earliest on ties.
    pub fn busiest_hour(&self) -> usize {
        let mut best = 0;
        for h in 1..HOURS_PER_DAY {
            if self.load[h] > self.load[best] {
                best = h;
            }
        }
        best
    }
}

/// A station's hours under the standard, given its county's [`pools`].
pub fn station_need(
    index: usize,
    station: &Station,
    pools: &Pools,
    w: &Workload,
    s: &ServiceStandard,
) -> Result<StationNeed, NeedError> {
    let (load, mean_minutes) = hourly_load(station, w, s);
    let mut need = StationNeed {
        load,
        units: [0.0; HOURS_PER_DAY],
        weight: [1.0; HOURS_PER_DAY],
        pooled: [false; HOURS_PER_DAY],
        mean_minutes,
    };
    for (h, &a) in load.iter().enumerate() {
        need.weight[h] = s.weight(&station.kind, h);
        match pools.of(station.county, h) {
            Some(pool) if s.pool.applies(&station.kind, h) => {
                need.pooled[h] = true;
                need.units[h] = pool.share(a);
            }
            _ => {
                let n = units_needed(a, s).map_err(|error| NeedError {
                    station: index,
                    pooled_hour: None,
                    error,
                })?;
                need.units[h] = n as f64;
            }
        }
    }
    Ok(need)
}

/// Dₛ = 365 × officers_per_unit × Σₕ wₕ Nₛₕ ÷ officer_hours_per_year, from
/// the weighted unit-hours a day.
pub fn duty_from_unit_hours(weighted: f64, w: &Workload, s: &ServiceStandard) -> f64 {
    DAYS_PER_YEAR * s.officers_per_unit * weighted / w.officer_hours_per_year
}

/// Xₛ = 365 × auxiliaries_per_unit × Σₕ wₕ Nₛₕ ÷ auxiliary_hours_per_year,
/// from the weighted unit-hours a day.
pub fn auxiliaries_from_unit_hours(weighted: f64, w: &Workload, s: &ServiceStandard) -> f64 {
    DAYS_PER_YEAR * s.auxiliaries_per_unit * weighted / s.auxiliary_hours(w)
}

/// What the standard asks of one station a year.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StandardNeed {
    /// Σₕ wₕ Nₛₕ, the unit-hours a day the station pays for.
    pub weighted_unit_hours: f64,
    /// Dₛ, duty officers.
    pub duty: f64,
    /// Xₛ, the auxiliary duty need.
    pub auxiliaries: f64,
}

/// Dₛ and Xₛ of every station, in input order.
pub fn standard_needs(
    province: &Province,
    w: &Workload,
    s: &ServiceStandard,
) -> Result<Vec<StandardNeed>, NeedError> {
    let pools = pools(province, w, s)?;
    province
        .stations
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let weighted = station_need(i, st, &pools, w, s)?.weighted_unit_hours();
            Ok(StandardNeed {
                weighted_unit_hours: weighted,
                duty: duty_from_unit_hours(weighted, w, s),
                auxiliaries: auxiliaries_from_unit_hours(weighted, w, s),
            })
        })
        .collect()
}

/// Every station's hours and its county's pools, for the outputs.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceNeed {
    /// Every county's pools, hour by hour.
    pub pools: Pools,
    /// In input order.
    pub stations: Vec<StationNeed>,
}

/// [`pools`] and every [`station_need`].
pub fn service_need(
    province: &Province,
    w: &Workload,
    s: &ServiceStandard,
) -> Result<ServiceNeed, NeedError> {
    let pools = pools(province, w, s)?;
    let stations = province
        .stations
        .iter()
        .enumerate()
        .map(|(i, st)| station_need(i, st, &pools, w, s))
        .collect::<Result<_, _>>()?;
    Ok(ServiceNeed { pools, stations })
}

/// Refuses a province whose need cannot be computed within the limits (a
/// station's busiest hour, or a pool's, above [`MAX_OFFERED_LOAD`]),
/// naming the station, its county and the values behind the load.
pub fn check_province(
    province: &Province,
    w: &Workload,
    s: &ServiceStandard,
) -> Result<(), crate::model::need::RequirementError> {
    let Err(e) = standard_needs(province, w, s) else {
        return Ok(());
    };
    let station = &province.stations[e.station];
    let (load, m) = hourly_load(station, w, s);
    let problem = match (e.error, e.pooled_hour) {
        (ServiceError::LoadAboveLimit(pool), Some(h)) => format!(
            "at {h:02}:00 the {} stations of its county `{}` that pool (`workload.service.pool_kinds`) offer {} Erlangs together, above the limit of {} Erlangs (units busy at once); check the calls of the county's stations and `workload.service.minutes_per_call` {}",
            province.counties[station.county]
                .stations
                .iter()
                .filter(|&&i| s.pool.applies(&province.stations[i].kind, h))
                .count(),
            province.counties[station.county].id,
            show(pool),
            show(MAX_OFFERED_LOAD),
            show(s.minutes_per_call)
        ),
        (ServiceError::LoadAboveLimit(_), None) => format!(
            "its busiest hour offers {} Erlangs (units busy at once) from calls {} × call_growth {} a year at {} minutes a call, above the limit of {} Erlangs; check these values",
            show(load.iter().copied().fold(0.0, f64::max)),
            show(station.calls),
            show(w.call_growth),
            show(m),
            show(MAX_OFFERED_LOAD)
        ),
        (other, _) => format!("its service need cannot be computed: {other}"),
    };
    Err(crate::model::need::RequirementError {
        station: station.id.clone(),
        problem,
    })
}

/// The inputs behind an erlang-c duty requirement, for messages.
pub fn describe_duty(weighted: f64, w: &Workload, s: &ServiceStandard) -> String {
    format!(
        "{} weighted unit-hours a day from the service standard × 365 days × officers_per_unit {} ÷ officer_hours_per_year {}",
        show(weighted),
        show(s.officers_per_unit),
        show(w.officer_hours_per_year)
    )
}

/// The queue a station's calls join in one hour under a deployment: its own
/// or its pool's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Queue {
    /// Units on duty (unit-equivalents: 2.5 is two units all the hour and a
    /// third half of the time).
    pub units: f64,
    /// Offered load, Erlangs.
    pub load: f64,
    /// Mean minutes a call keeps a unit busy.
    pub mean_minutes: f64,
}

impl Queue {
    /// P(a call waits): ⌊U⌋ units for a share 1 − f of the time and ⌈U⌉ for
    /// f = U − ⌊U⌋, so (1 − f)·C(⌊U⌋, a) + f·C(⌈U⌉, a). Whole units within
    /// the one tolerance count as whole.
    pub fn wait_probability(&self) -> f64 {
        mixed(whole_within_tolerance(self.units), |n| {
            Some(erlang_c(n, self.load))
        })
        .unwrap_or(1.0)
    }

    /// The mean wait in minutes, mixed the same way (`None`: a count at or
    /// below the load is part of the mix, so no finite mean wait).
    pub fn mean_wait_minutes(&self) -> Option<f64> {
        mixed(whole_within_tolerance(self.units), |n| {
            mean_wait_minutes(n, self.load, self.mean_minutes)
        })
    }
}

fn whole_within_tolerance(u: f64) -> f64 {
    if floor_tol(u) as f64 > u {
        floor_tol(u) as f64
    } else {
        u
    }
}

/// A figure of ⌊U⌋ units for a share 1 − f of the time and ⌈U⌉ for the
/// share f = U − ⌊U⌋: (1 − f)·g(⌊U⌋) + f·g(⌈U⌉), `None` if g is for a count
/// that is used.
fn mixed(u: f64, g: impl Fn(u64) -> Option<f64>) -> Option<f64> {
    let lo = u.floor();
    let f = u - lo;
    let lo_n = lo as u64; // saturating: a huge cover is all ⌊U⌋ = u64::MAX
    let at_lo = g(lo_n)?;
    if f <= 0.0 {
        return Some(at_lo);
    }
    let at_hi = g(lo_n.saturating_add(1))?;
    Some((1.0 - f) * at_lo + f * at_hi)
}

/// The service a station gives under one deployment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceAt {
    /// The station's units on duty each hour, Nₛₕ·cₛ.
    pub units_on_duty: [f64; HOURS_PER_DAY],
    /// P(wait) at the busiest hour, in the queue the station's calls join
    /// then.
    pub wait_probability_peak: f64,
    /// The mean wait there (`None`: no finite mean wait).
    pub mean_wait_minutes_peak: Option<f64>,
    /// Every hour has at least Nₛₕ units.
    pub meets_standard: bool,
}

/// cₛ = dₛ ÷ Dₛ: the share of the standard's units a station's duty cover
/// dₛ (officer-equivalents: xₛ − yₛ, plus κₛ when auxiliaries do duty)
/// keeps on duty, with the officers spread over the day in proportion to
/// wₕ Nₛₕ (what each hour costs). 0 when the standard asks nothing.
pub fn cover(duty: f64, standard_duty: f64) -> f64 {
    if standard_duty > 0.0 {
        duty.max(0.0) / standard_duty
    } else {
        0.0
    }
}

/// The service of a station with cover cₛ ([`cover`]): hour h has
/// Uₛₕ = Nₛₕ·cₛ units of the station's own; it meets the standard when
/// Uₛₕ ≥ Nₛₕ in every hour (within the one tolerance), which is cₛ ≥ 1.
/// P(wait) and the mean wait are those of the queue its calls join at its
/// busiest hour: `peak`, which is the station's own (Uₛₕ units, aₛₕ, m) or,
/// in a pooled hour, the pool's (Σ Uₛ'ₕ over the pool, A_ch, the pool's m).
pub fn service_at(need: &StationNeed, c: f64, peak: Queue) -> ServiceAt {
    let mut units_on_duty = [0.0; HOURS_PER_DAY];
    for (u, &n) in units_on_duty.iter_mut().zip(&need.units) {
        *u = n * c;
    }
    let meets_standard = units_on_duty
        .iter()
        .zip(&need.units)
        .all(|(&u, &n)| at_least(u, n));
    ServiceAt {
        units_on_duty,
        wait_probability_peak: peak.wait_probability(),
        mean_wait_minutes_peak: peak.mean_wait_minutes(),
        meets_standard,
    }
}
