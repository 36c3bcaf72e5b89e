//! Need from service levels: hour by hour, the fewest units a station keeps
//! on duty so that a 110 call seldom finds none free (Erlang C), and the
//! duty requirement that follows (`[workload.service]`, `method =
//! "erlang-c"`).
//!
//! **Queue.** Each hour h a station is an M/M/N queue: calls arrive at
//! random (Poisson) at λₕ calls an hour, one call keeps one unit (a crew of
//! `officers_per_unit` officers) busy for a random time with mean m minutes,
//! and N units are on duty. The offered load is aₕ = λₕ·m ÷ 60 Erlangs (units
//! busy at once, on average).
//!
//! **Load of a station.** With handled calls Kₛ a year (growth and diversion
//! applied, [`crate::model::calls::handled_calls`]) and the hourly
//! profile p (24 shares of a day's calls, by station kind):
//!
//!   λₕ = Kₛ × pₕ ÷ 365,   aₕ = λₕ × m ÷ 60.
//!
//! Without call categories m = `minutes_per_call`. With categories k (hours
//! hₖ one officer spends per call, oₖ officers per call), a call of category
//! k keeps oₖ ÷ officers_per_unit units busy for hₖ hours, i.e.
//! sₖ = 60·hₖ·oₖ ÷ officers_per_unit unit-minutes; calls not split into a
//! category take `minutes_per_call` of one unit. The categories combine into
//! one load and one mean service time by keeping the unit-minutes:
//!
//!   Uₛ = Σₖ Kₛₖ·sₖ + Kₛ,unsplit·minutes_per_call   (unit-minutes a year),
//!   m = Uₛ ÷ Kₛ   (the mean over calls, weighted by each category's calls),
//!
//! so aₕ = λₕ·m ÷ 60 = Uₛ·pₕ ÷ (365·60) is exactly the unit-minutes the
//! categories bring in hour h. (The M/M/N model needs one mean service
//! time; the call-weighted mean is the one that keeps the load.)
//!
//! **Erlang B and C.** With N units and load a, the probability that every
//! unit is busy in the loss system is Erlang B, computed by the recursion
//!
//!   B₀ = 1,   Bₖ = a·Bₖ₋₁ ÷ (k + a·Bₖ₋₁),
//!
//! which is stable for large N (no factorials or powers), and the M/M/N
//! probability that a call waits is Erlang C:
//!
//!   C(N, a) = N·B ÷ (N − a·(1 − B))   for N > a,   C = 1 for N ≤ a
//!
//! (for a = 0 no call comes and C = 0). The mean wait of a call is
//! W = C ÷ (N·μ − λ) = C·m ÷ (N − a) minutes, for N > a.
//!
//! **Units needed.** With target P, optional utilisation cap u and minimum
//! units n₀ (`min_units_on_duty`): if aₕ = 0 then Nₕ = n₀; otherwise Nₕ is
//! the smallest integer N with
//!
//!   N ≥ max(1, n₀),   N > aₕ,   C(N, aₕ) ≤ P,   aₕ ÷ N ≤ u (if given).
//!
//! Each condition holds for every N above some least value (C falls as N
//! grows), so Nₕ is the largest of the four least values ([`units_needed`]).
//!
//! **Duty requirement.** One unit on duty one hour every day is 365 unit-hours
//! a year, i.e. 365 × officers_per_unit officer-hours. So
//!
//!   Dₛ = 365 × officers_per_unit × Σₕ Nₕ ÷ officer_hours_per_year
//!
//! full-time officers. `reactive_share` does not apply: an officer on duty is
//! available for calls all shift, and the standard already keeps spare units
//! (that is what C ≤ P buys). `hours_per_call` does not apply either: calls
//! take `minutes_per_call` (or their category's hours and officers).
//!
//! **Square-root staffing.** For large a, Nₕ ≈ a + β·√a with β set by P:
//! spare capacity grows like √a, so a small station needs relatively far
//! more units per call than a large one. A flat utilisation cap (the "Rule
//! of 60") ignores this: it under-protects small stations and over-staffs
//! large ones.
//!
//! **Bounds.** The search for Nₕ advances the recursion one unit at a time
//! from N = ⌊a⌋ + 1 and stops at [`search_cap`] = ⌊a + 10·√a⌋ + 100, where
//! C < 10⁻⁹ < P for every valid target (tested across the valid loads), so
//! within the limits the cap is never reached; should it be, the search
//! reports [`ServiceError::Unservable`] instead of looping. Loads are capped
//! at [`MAX_OFFERED_LOAD`] Erlangs a station-hour (the input layer refuses a
//! station beyond it), so a search costs at most about 10⁵ steps. The
//! utilisation bound is found by bisection.

use crate::domain::{ServiceStandard, Station, Workload, HOURS_PER_DAY};
use crate::model::calls::{handled_calls, handled_parts};
use crate::model::level::floor_tol;
use crate::numeric::{at_least, MAX_OFFERED_LOAD};

/// Days in a year: the profile's shares are of one day's calls.
pub const DAYS_PER_YEAR: f64 = 365.0;

/// The shipped hourly profile lives with the service standard in the
/// domain; the scenario reader checks a profile a user gives.
pub use crate::domain::DEFAULT_HOURLY_PROFILE;

/// Why a station's service need cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum ServiceError {
    /// The load is not a finite number of 0 or more.
    #[error("an offered load of {0} Erlangs is not a number of 0 or more")]
    BadLoad(f64),
    /// The load is beyond [`MAX_OFFERED_LOAD`].
    #[error("an offered load of {0} Erlangs in one hour is above the limit of {MAX_OFFERED_LOAD} (units busy at once)")]
    LoadAboveLimit(f64),
    /// No number of units up to the search cap meets the standard (cannot
    /// happen within the limits).
    #[error(
        "no number of units up to {cap} meets the standard at an offered load of {load} Erlangs"
    )]
    Unservable { load: f64, cap: u64 },
}

/// Erlang B, the probability that all N units are busy in the loss system
/// M/M/N/N with offered load a, by the recursion
/// B₀ = 1, Bₖ = a·Bₖ₋₁ ÷ (k + a·Bₖ₋₁).
///
/// The recursion stops early once B underflows to 0 (it then stays 0),
/// which happens within about 2a + 1100 steps, so any N is cheap. `a` must be
/// a finite load in [0, [`MAX_OFFERED_LOAD`]]; for any other `a` the result is
/// NaN, without work.
pub fn erlang_b(n: u64, a: f64) -> f64 {
    if !valid_load(a) {
        return f64::NAN;
    }
    let mut b = 1.0;
    for k in 1..=n {
        b = erlang_b_step(k, a, b);
        if b == 0.0 {
            break;
        }
    }
    b
}

/// One step of the Erlang B recursion: Bₖ from Bₖ₋₁.
fn erlang_b_step(k: u64, a: f64, b: f64) -> f64 {
    a * b / (k as f64 + a * b)
}

fn valid_load(a: f64) -> bool {
    a.is_finite() && (0.0..=MAX_OFFERED_LOAD).contains(&a)
}

/// Erlang C from N, a and B(N, a): N·B ÷ (N − a·(1 − B)) for N > a, 1 for
/// N ≤ a, 0 for a = 0 (no calls, none waits). Clamped to [0, 1] against
/// rounding.
fn erlang_c_from_b(n: u64, a: f64, b: f64) -> f64 {
    if a == 0.0 {
        return 0.0;
    }
    let n = n as f64;
    if n <= a {
        return 1.0;
    }
    (n * b / (n - a * (1.0 - b))).clamp(0.0, 1.0)
}

/// Erlang C, the M/M/N probability that a call waits for a unit:
/// C(N, a) = N·B(N, a) ÷ (N − a·(1 − B(N, a))) for N > a, 1 for N ≤ a
/// (the queue grows without bound), 0 for a = 0. NaN for a load outside
/// [0, [`MAX_OFFERED_LOAD`]].
pub fn erlang_c(n: u64, a: f64) -> f64 {
    if !valid_load(a) {
        return f64::NAN;
    }
    erlang_c_from_b(n, a, erlang_b(n, a))
}

/// Mean wait of a call in minutes, W = C(N, a) ÷ (N·μ − λ) = C·m ÷ (N − a)
/// with m the mean minutes a call keeps a unit busy. `None` when N ≤ a and
/// a > 0: the queue grows without bound. 0 when a = 0.
pub fn mean_wait_minutes(n: u64, a: f64, minutes: f64) -> Option<f64> {
    if a == 0.0 {
        return Some(0.0);
    }
    if !valid_load(a) || n as f64 <= a {
        return None;
    }
    Some(erlang_c(n, a) * minutes / (n as f64 - a))
}

/// The largest N the search for Nₕ visits: ⌊a + 10·√a⌋ + 100. At it,
/// C(N, a) < 10⁻⁹ for every valid load (a unit test checks this across
/// [0, [`MAX_OFFERED_LOAD`]]), below any valid target.
pub fn search_cap(a: f64) -> u64 {
    (a + 10.0 * a.sqrt()).floor() as u64 + 100
}

/// The utilisation condition a ÷ N ≤ u, read as N·u ≥ a within the one
/// tolerance ([`crate::numeric::at_least`]), so that a = 1.8, u = 0.6 needs
/// 3 units and not 4 for a rounding error.
pub fn within_utilisation(n: u64, a: f64, u: f64) -> bool {
    at_least(n as f64 * u, a)
}

/// Whether N units meet every condition of the standard at load a > 0:
/// N ≥ max(1, n₀), N > a, C(N, a) ≤ P and a ÷ N ≤ u. The definition, for
/// checks and tests; [`units_needed`] finds the least such N without trying
/// every one.
pub fn meets_standard(n: u64, a: f64, s: &ServiceStandard) -> bool {
    n >= min_units(s).max(1)
        && n as f64 > a
        && erlang_c(n, a) <= s.target_wait_probability
        && s.max_utilisation
            .map_or(true, |u| within_utilisation(n, a, u))
}

fn min_units(s: &ServiceStandard) -> u64 {
    s.min_units_on_duty.max(0) as u64
}

/// Nₕ: the fewest units on duty that meet the standard at offered load a
/// (see the module documentation): n₀ for a = 0, else the least N with
/// N ≥ max(1, n₀), N > a, C(N, a) ≤ P and a ÷ N ≤ u.
///
/// Each condition is upward closed, so the answer is the largest of the
/// least N of each: the Erlang condition by advancing the recursion from
/// N = ⌊a⌋ + 1 (at most [`search_cap`]), the utilisation cap by bisection.
pub fn units_needed(a: f64, s: &ServiceStandard) -> Result<u64, ServiceError> {
    if !a.is_finite() || a < 0.0 {
        return Err(ServiceError::BadLoad(a));
    }
    if a > MAX_OFFERED_LOAD {
        return Err(ServiceError::LoadAboveLimit(a));
    }
    if a == 0.0 {
        return Ok(min_units(s));
    }
    let floor = min_units(s).max(1);
    // Least N > a with C(N, a) ≤ P.
    let cap = search_cap(a);
    let mut n = 0u64;
    let mut b = 1.0;
    let first = a.floor() as u64 + 1;
    while n < first {
        n += 1;
        b = erlang_b_step(n, a, b);
    }
    while erlang_c_from_b(n, a, b) > s.target_wait_probability {
        if n >= cap {
            return Err(ServiceError::Unservable { load: a, cap });
        }
        n += 1;
        b = erlang_b_step(n, a, b);
    }
    let by_utilisation = match s.max_utilisation {
        Some(u) => least_within_utilisation(a, u),
        None => 1,
    };
    Ok(floor.max(n).max(by_utilisation))
}

/// The least N ≥ 1 with [`within_utilisation`], by bisection: N·u grows with
/// N, and ⌈a ÷ u⌉ + 1 always meets it.
fn least_within_utilisation(a: f64, u: f64) -> u64 {
    if within_utilisation(1, a, u) {
        return 1;
    }
    // lo fails, hi holds.
    let (mut lo, mut hi) = (1u64, (a / u).ceil() as u64 + 1);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if within_utilisation(mid, a, u) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// A station's calls as the service model sees them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Demand {
    /// Calls a year the station handles, Kₛ (growth and diversion applied).
    pub calls: f64,
    /// Mean minutes one call keeps one unit busy, m (see the module
    /// documentation for categories; `minutes_per_call` without them).
    pub mean_minutes: f64,
}

/// Kₛ and m of a station (see the module documentation).
pub fn demand(station: &Station, w: &Workload, s: &ServiceStandard) -> Demand {
    let calls = handled_calls(station, w);
    if w.categories.is_empty() {
        return Demand {
            calls,
            mean_minutes: s.minutes_per_call,
        };
    }
    // Unit-minutes a year, Uₛ.
    let unit_minutes = handled_parts(station, w).fold(0.0, |sum, (category, k)| {
        sum + match category {
            Some(cat) => {
                k * 60.0 * cat.hours_per_call * cat.officers_per_call / s.officers_per_unit
            }
            None => k * s.minutes_per_call,
        }
    });
    Demand {
        calls,
        mean_minutes: if calls > 0.0 {
            unit_minutes / calls
        } else {
            0.0
        },
    }
}

/// A station's hours: offered load aₕ and units needed Nₕ, hour 0 to 23.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StationHours {
    /// aₕ in Erlangs.
    pub load: [f64; HOURS_PER_DAY],
    /// Nₕ.
    pub units: [u64; HOURS_PER_DAY],
    /// m, minutes.
    pub mean_minutes: f64,
}

impl StationHours {
    /// Σₕ Nₕ: unit-hours a day the standard needs (saturating).
    pub fn units_per_day(&self) -> u64 {
        self.units.iter().fold(0u64, |s, &n| s.saturating_add(n))
    }

    /// The busiest hour: the largest aₕ, the earliest on ties.
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

/// aₕ = (Kₛ × pₕ ÷ 365) × m ÷ 60 for each hour (see the module
/// documentation).
pub fn hourly_load(
    station: &Station,
    w: &Workload,
    s: &ServiceStandard,
) -> ([f64; HOURS_PER_DAY], f64) {
    let d = demand(station, w, s);
    let profile = s.profile(&station.kind);
    let mut load = [0.0; HOURS_PER_DAY];
    for (a, p) in load.iter_mut().zip(profile) {
        *a = d.calls * p / DAYS_PER_YEAR * d.mean_minutes / 60.0;
    }
    (load, d.mean_minutes)
}

/// A station's aₕ and Nₕ for every hour.
pub fn station_hours(
    station: &Station,
    w: &Workload,
    s: &ServiceStandard,
) -> Result<StationHours, ServiceError> {
    let (load, mean_minutes) = hourly_load(station, w, s);
    let mut units = [0u64; HOURS_PER_DAY];
    for (n, &a) in units.iter_mut().zip(&load) {
        *n = units_needed(a, s)?;
    }
    Ok(StationHours {
        load,
        units,
        mean_minutes,
    })
}

/// Dₛ from unit-hours a day: 365 × officers_per_unit × Σₕ Nₕ ÷
/// officer_hours_per_year.
pub fn duty_from_units(units_per_day: u64, w: &Workload, s: &ServiceStandard) -> f64 {
    DAYS_PER_YEAR * s.officers_per_unit * units_per_day as f64 / w.officer_hours_per_year
}

/// The duty requirement under `method = "erlang-c"`:
/// Dₛ = 365 × officers_per_unit × Σₕ Nₕ ÷ officer_hours_per_year.
/// Infinite when the station's load is beyond the limits (the input layer
/// refuses such a station first, naming it).
pub fn duty_requirement(station: &Station, w: &Workload, s: &ServiceStandard) -> f64 {
    match station_hours(station, w, s) {
        Ok(h) => duty_from_units(h.units_per_day(), w, s),
        Err(_) => f64::INFINITY,
    }
}

/// The service duty officers give at one station under one deployment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceAt {
    /// Units on duty each hour, Uₕ (unit-equivalents: 2.5 is two units all
    /// the hour and a third half of the time).
    pub units_on_duty: [f64; HOURS_PER_DAY],
    /// C at the busiest hour.
    pub wait_probability_peak: f64,
    /// W at the busiest hour (`None`: some of the time no more units than
    /// the load, so no finite mean wait).
    pub mean_wait_minutes_peak: Option<f64>,
    /// Every hour has at least Nₕ units.
    pub meets_standard: bool,
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

/// The service of `duty` officer-equivalents on duty cover (xₛ − yₛ, plus
/// κₛ when auxiliaries do duty) at a station whose standard asks for Nₕ units
/// (D = 365 × officers_per_unit × Σₕ Nₕ ÷ officer_hours_per_year officers).
///
/// The officers are spread over the day in proportion to Nₕ: hour h has
/// Uₕ = Nₕ × duty ÷ D units on average. A fractional Uₕ is ⌊Uₕ⌋ units part
/// of the time and ⌈Uₕ⌉ the rest (the fraction), so P(wait) and the mean
/// wait at the busiest hour are the time-weighted mix of Erlang C at the two
/// whole counts; the mean wait has no finite value when either count is at
/// or below the load and is used. The station meets the standard when
/// Uₕ ≥ Nₕ in every hour (within the one tolerance), which is duty ≥ D.
pub fn service_at(hours: &StationHours, w: &Workload, s: &ServiceStandard, duty: f64) -> ServiceAt {
    let d = duty_from_units(hours.units_per_day(), w, s);
    let mut units_on_duty = [0.0; HOURS_PER_DAY];
    if d > 0.0 {
        let cover = duty.max(0.0) / d;
        for (u, &n) in units_on_duty.iter_mut().zip(&hours.units) {
            *u = n as f64 * cover;
        }
    }
    let meets_standard = units_on_duty
        .iter()
        .zip(&hours.units)
        .all(|(&u, &n)| at_least(u, n as f64));
    let peak = hours.busiest_hour();
    let (u, a) = (units_on_duty[peak], hours.load[peak]);
    // Whole units within the tolerance count as whole.
    let u = if floor_tol(u) as f64 > u {
        floor_tol(u) as f64
    } else {
        u
    };
    ServiceAt {
        units_on_duty,
        wait_probability_peak: mixed(u, |n| Some(erlang_c(n, a))).unwrap_or(1.0),
        mean_wait_minutes_peak: mixed(u, |n| mean_wait_minutes(n, a, hours.mean_minutes)),
        meets_standard,
    }
}

/// Refuses a station whose service need cannot be computed within the
/// limits (its busiest hour's load above [`MAX_OFFERED_LOAD`]), naming the
/// values behind the load.
pub fn check_station(
    station: &Station,
    w: &Workload,
    s: &ServiceStandard,
) -> Result<(), crate::model::need::RequirementError> {
    use crate::numeric::show;
    match station_hours(station, w, s) {
        Ok(_) => Ok(()),
        Err(e) => {
            let (load, m) = hourly_load(station, w, s);
            let peak = load.iter().copied().fold(0.0, f64::max);
            let problem = match e {
                ServiceError::LoadAboveLimit(_) => format!(
                    "its busiest hour offers {} Erlangs (units busy at once) from calls {} × call_growth {} a year at {} minutes a call, above the limit of {} Erlangs; check these values",
                    show(peak),
                    show(station.calls),
                    show(w.call_growth),
                    show(m),
                    show(MAX_OFFERED_LOAD)
                ),
                other => format!("its service need cannot be computed: {other}"),
            };
            Err(crate::model::need::RequirementError {
                station: station.id.clone(),
                problem,
            })
        }
    }
}

/// The inputs behind an erlang-c duty requirement, for messages.
pub fn describe_duty(station: &Station, w: &Workload, s: &ServiceStandard) -> String {
    use crate::numeric::show;
    let units = station_hours(station, w, s).map_or(0, |h| h.units_per_day());
    format!(
        "{units} unit-hours a day from the service standard × 365 days × officers_per_unit {} ÷ officer_hours_per_year {}",
        show(s.officers_per_unit),
        show(w.officer_hours_per_year)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DutyMethod;

    fn standard(target: f64) -> ServiceStandard {
        ServiceStandard {
            method: DutyMethod::ErlangC,
            minutes_per_call: 30.0,
            officers_per_unit: 2.0,
            target_wait_probability: target,
            max_utilisation: None,
            min_units_on_duty: 0,
            hourly_profile: DEFAULT_HOURLY_PROFILE,
            hourly_profile_by_kind: Default::default(),
        }
    }

    #[test]
    fn the_shipped_profile_peaks_in_the_evening() {
        let low = (0..24)
            .min_by(|&a, &b| DEFAULT_HOURLY_PROFILE[a].total_cmp(&DEFAULT_HOURLY_PROFILE[b]))
            .unwrap();
        let high = (0..24)
            .max_by(|&a, &b| DEFAULT_HOURLY_PROFILE[a].total_cmp(&DEFAULT_HOURLY_PROFILE[b]))
            .unwrap();
        assert_eq!((low, high), (5, 20));
    }

    #[test]
    fn published_erlang_c_figures() {
        // pyworkforce / R ErlangC example: a = 10, N = 14.
        assert!(
            (erlang_c(14, 10.0) - 0.17413).abs() < 5e-6,
            "{}",
            erlang_c(14, 10.0)
        );
        // 1,000 calls an hour at 120 s: a = 33.33, N = 40.
        let a = 1000.0 * 120.0 / 3600.0;
        assert!(
            (erlang_c(40, a) - 0.1907).abs() < 5e-5,
            "{}",
            erlang_c(40, a)
        );
        // Service level with a 20 s answer target, 180 s mean service:
        // 1 − C·e^{−(N − a)·t ÷ s} = 0.88835.
        let sl = 1.0 - erlang_c(14, 10.0) * (-(14.0 - 10.0) * 20.0 / 180.0_f64).exp();
        assert!((sl - 0.88835).abs() < 5e-6, "{sl}");
        assert_eq!(erlang_c(3, 3.0), 1.0);
        assert_eq!(erlang_c(0, 0.0), 0.0);
        assert!(erlang_c(5, f64::NAN).is_nan() && erlang_c(5, 1e300).is_nan());
    }

    #[test]
    fn nypd_six_precincts() {
        let calls = [6.4, 3.8, 2.6, 3.4, 1.5, 6.6];
        let need = |s: &ServiceStandard| -> Vec<u64> {
            calls
                .iter()
                .map(|l| units_needed(l * 30.0 / 60.0, s).unwrap())
                .collect()
        };
        assert_eq!(need(&standard(0.10)), vec![7, 5, 4, 5, 3, 7]);
        assert_eq!(need(&standard(0.20)).iter().sum::<u64>(), 26);
        // The Rule of 60 alone (a target that never binds).
        let mut rule60 = standard(0.999_999);
        rule60.max_utilisation = Some(0.6);
        assert_eq!(need(&rule60).iter().sum::<u64>(), 24);
    }

    #[test]
    fn zero_load_minimums_and_rounding() {
        let mut s = standard(0.2);
        assert_eq!(units_needed(0.0, &s), Ok(0));
        s.min_units_on_duty = 2;
        assert_eq!(units_needed(0.0, &s), Ok(2));
        assert_eq!(units_needed(0.01, &s), Ok(2));
        s.min_units_on_duty = 0;
        // A tiny load still needs one unit: C(1, a) = a.
        assert_eq!(units_needed(1e-9, &s), Ok(1));
        assert_eq!(units_needed(0.2, &s), Ok(1));
        assert_eq!(units_needed(0.2000001, &s), Ok(2));
        // 1.8 ÷ 0.6 is 3.0000000000000004 in floats: still 3 units.
        let mut cap = standard(0.999_999);
        cap.max_utilisation = Some(0.6);
        assert_eq!(units_needed(1.8, &cap), Ok(3));
        assert_eq!(units_needed(-1.0, &s), Err(ServiceError::BadLoad(-1.0)));
        assert!(matches!(
            units_needed(2e5, &s),
            Err(ServiceError::LoadAboveLimit(_))
        ));
    }

    #[test]
    fn the_search_cap_is_beyond_every_valid_target() {
        let mut a = 1e-6;
        while a <= MAX_OFFERED_LOAD {
            let c = erlang_c(search_cap(a), a);
            assert!(c < 1e-9, "a = {a}: C at the cap is {c}");
            a *= 1.7;
        }
        assert!(erlang_c(search_cap(MAX_OFFERED_LOAD), MAX_OFFERED_LOAD) < 1e-9);
        // The strictest valid target at the largest load is still found.
        let s = standard(crate::numeric::TARGET_WAIT.min);
        assert!(units_needed(MAX_OFFERED_LOAD, &s).is_ok());
    }

    #[test]
    fn huge_unit_counts_end_quickly() {
        // B underflows to 0 long before N = 2⁶⁴.
        assert_eq!(erlang_b(u64::MAX, 5.0), 0.0);
        assert_eq!(erlang_c(u64::MAX, 5.0), 0.0);
    }

    #[test]
    fn square_root_staffing() {
        // Spare units grow like √a: at ten times the load, far less than
        // ten times the spare units.
        let s = standard(0.2);
        let spare = |a: f64| units_needed(a, &s).unwrap() as f64 - a;
        assert!(spare(100.0) < 10.0 * spare(10.0) / 2.0);
        assert!(units_needed(0.05, &s).unwrap() as f64 / 0.05 > 10.0);
    }
}
