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
//! unit is busy in the loss system is Erlang B, B = 1 ÷ I_N with
//!
//!   I₀ = 1,   Iₖ = 1 + k·(1 ÷ a)·Iₖ₋₁
//!
//! (the recursion Bₖ = a·Bₖ₋₁ ÷ (k + a·Bₖ₋₁) on 1 ÷ B), which is stable
//! for large N (no factorials or powers), and the M/M/N probability that a
//! call waits is Erlang C:
//!
//!   C(N, a) = N·B ÷ (N − a·(1 − B))   for N > a,   C = 1 for N ≤ a
//!
//! (for a = 0 no call comes and C = 0). The mean wait of a call is
//! W = C ÷ (N·μ − λ) = C·m ÷ (N − a) minutes, for N > a.
//!
//! **Units needed.** With target P, optional utilisation cap u and minimum
//! units n₀ (`min_units_on_duty`): if a = 0 then N = n₀; otherwise N is
//! the smallest integer with
//!
//!   N ≥ max(1, n₀),   N > a,   C(N, a) ≤ P,   a ÷ N ≤ u (if given).
//!
//! Each condition holds for every N above some least value (C falls as N
//! grows), so N is the largest of the four least values ([`units_needed`]).
//! The same rule gives a station's units in an hour it stands alone and a
//! pool's units in an hour its stations pool
//! ([`crate::model::service_need`], which turns units into the duty
//! requirement with crews, standby and pooling).
//!
//! **Square-root staffing.** For large a, Nₕ ≈ a + β·√a with β set by P:
//! spare capacity grows like √a, so a small station needs relatively far
//! more units per call than a large one. A flat utilisation cap (the "Rule
//! of 60") ignores this: it under-protects small stations and over-staffs
//! large ones.
//!
//! **Bounds and speed.** Erlang B is computed by the same recursion on
//! 1 ÷ B, which for loads above 100 starts ⌈10√a⌉ units below the
//! load: the recursion forgets its start there to below 10⁻²⁰ (see
//! [`erlang_b`]). The search for Nₕ walks it up to N = ⌊a⌋ + 1 and then one
//! unit at a time, so it costs about 10√a + (Nₕ − a) steps, and Nₕ − a is
//! the square-root staffing margin β√a (a few √a): about 3,500 steps at the
//! load limit instead of 100,000 from N = 0. It stops at [`search_cap`] =
//! ⌊a + 10·√a⌋ + 100, where C < 10⁻⁹ < P for every valid target (tested
//! across the valid loads), so within the limits the cap is never reached;
//! should it be, the search reports [`ServiceError::Unservable`] instead of
//! looping. Loads are capped at [`MAX_OFFERED_LOAD`] Erlangs a station-hour
//! (the input layer refuses a station beyond it). The utilisation bound is
//! found by bisection.

use crate::domain::{ServiceStandard, Station, Workload, HOURS_PER_DAY};
use crate::model::calls::{handled_calls, handled_parts};
use crate::numeric::{at_least, MAX_OFFERED_LOAD};

/// Days in a year: the profile's shares are of one day's calls.
pub const DAYS_PER_YEAR: f64 = 365.0;

/// The shipped hourly profile lives with the service standard in the
/// domain; the scenario reader checks a profile a user gives.
pub use crate::domain::DEFAULT_HOURLY_PROFILE;

/// A service standard with the scenario's defaults (it lives in the
/// domain, beside the shipped profile).
pub use crate::domain::service_standard as standard;

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
    Unservable {
        /// The offered load, in Erlangs.
        load: f64,
        /// The most units tried.
        cap: u64,
    },
}

/// Erlang B, the probability that all N units are busy in the loss system
/// M/M/N/N with offered load a, by the recursion on its inverse
/// I₀ = 1, Iₖ = 1 + k·(1 ÷ a)·Iₖ₋₁, B = 1 ÷ I_N (the same recursion as
/// Bₖ = a·Bₖ₋₁ ÷ (k + a·Bₖ₋₁), with a multiplication and an addition a
/// step instead of a division).
///
/// **Warm start.** The recursion forgets where it starts below the load:
/// an error e in Iₖ becomes e·(k + 1)/a, smaller, at each step with k < a.
/// So for a > 100 it starts at k₀ = ⌊min(N, a)⌋ − ⌈10√a⌉ (when that is 1
/// or more) from I = a ÷ (a − k₀), which lies above the true value and
/// above 1 (B(k, a) ≥ 1 − k ÷ a, as a(1 − B) units cannot be busier than
/// k), so its error is at most k₀ ÷ (a − k₀) ≤ √a ÷ 10. The ⌈10√a⌉ steps
/// to ⌊min(N, a)⌋ shrink it by Π (k ÷ a) ≤ exp(−Σⱼ j ÷ a) ≤ e^(−49.5), to
/// below 10⁻²⁰ of I for every valid load, and above the load the error
/// grows no faster than I itself. So B is the full recursion's to far
/// below one rounding of a double, in about 10√a + (N − a) steps instead
/// of N: 3,500 instead of 100,000 at the load limit.
///
/// The recursion stops once I overflows (B = 0 from there on), which
/// happens within about 2a + 1100 steps, so any N is cheap. `a` must be
/// a finite load in [0, [`MAX_OFFERED_LOAD`]]; for any other `a` the result is
/// NaN, without work.
pub fn erlang_b(n: u64, a: f64) -> f64 {
    if !valid_load(a) {
        return f64::NAN;
    }
    if a == 0.0 {
        return if n == 0 { 1.0 } else { 0.0 };
    }
    1.0 / inverse_b(n, a)
}

/// I_N = 1 ÷ B(N, a) for a valid load a > 0 ([`erlang_b`]).
fn inverse_b(n: u64, a: f64) -> f64 {
    let per_load = 1.0 / a;
    let (mut k, mut inv) = recursion_start(n, a);
    while k < n && inv != f64::INFINITY {
        k += 1;
        inv = erlang_b_step(k, per_load, inv);
    }
    inv
}

/// How many units below the load the recursion starts, in √a: after that
/// many steps its starting error has shrunk by e^(−49.5) ([`erlang_b`]).
const FORGET_SQRT_LOADS: f64 = 10.0;

/// Where the recursion for B(N, a) starts, (k₀, I_k₀): k₀ =
/// ⌊min(N, a)⌋ − ⌈10√a⌉ from I = a ÷ (a − k₀) when k₀ ≥ 1 (which needs
/// a > 100), else (0, 1). For N > a, k₀ depends on a alone, so every N
/// above the load is reached by the same steps from the same start
/// ([`units_needed`] walks them).
fn recursion_start(n: u64, a: f64) -> (u64, f64) {
    if a <= 100.0 {
        return (0, 1.0);
    }
    let top = (n as f64).min(a).floor();
    let k0 = top - (FORGET_SQRT_LOADS * a.sqrt()).ceil();
    if k0 >= 1.0 {
        (k0 as u64, a / (a - k0))
    } else {
        (0, 1.0)
    }
}

/// One step of the recursion: Iₖ = 1 + k·(1 ÷ a)·Iₖ₋₁, with I = 1 ÷ B.
fn erlang_b_step(k: u64, per_load: f64, inv: f64) -> f64 {
    k as f64 * per_load * inv + 1.0
}

fn valid_load(a: f64) -> bool {
    a.is_finite() && (0.0..=MAX_OFFERED_LOAD).contains(&a)
}

/// Erlang C from N, a and I = 1 ÷ B(N, a): N·B ÷ (N − a·(1 − B)) =
/// N ÷ (I·(N − a) + a) for N > a, 1 for N ≤ a, 0 for a = 0 (no calls, none
/// waits) and for I = ∞ (B = 0). Clamped to [0, 1] against rounding.
fn erlang_c_from_inverse(n: u64, a: f64, inv: f64) -> f64 {
    if a == 0.0 {
        return 0.0;
    }
    let n = n as f64;
    if n <= a {
        return 1.0;
    }
    (n / (inv * (n - a) + a)).clamp(0.0, 1.0)
}

/// Erlang C, the M/M/N probability that a call waits for a unit:
/// C(N, a) = N·B(N, a) ÷ (N − a·(1 − B(N, a))) for N > a, 1 for N ≤ a
/// (the queue grows without bound), 0 for a = 0. NaN for a load outside
/// [0, [`MAX_OFFERED_LOAD`]].
pub fn erlang_c(n: u64, a: f64) -> f64 {
    if !valid_load(a) {
        return f64::NAN;
    }
    if a == 0.0 || n as f64 <= a {
        return erlang_c_from_inverse(n, a, 1.0);
    }
    erlang_c_from_inverse(n, a, inverse_b(n, a))
}

/// C(N − 1, a) and C(N, a) from one run of the recursion (for N ≥ 1),
/// bit for bit those of [`erlang_c`]: a checker that N is the least number
/// of units meeting the standard needs both.
pub fn erlang_c_pair(n: u64, a: f64) -> (f64, f64) {
    let below = n.saturating_sub(1);
    if !valid_load(a) || a == 0.0 || below as f64 <= a {
        return (erlang_c(below, a), erlang_c(n, a));
    }
    let inv = inverse_b(below, a);
    let at_n = if inv == f64::INFINITY {
        inv
    } else {
        erlang_b_step(n, 1.0 / a, inv)
    };
    (
        erlang_c_from_inverse(below, a, inv),
        erlang_c_from_inverse(n, a, at_n),
    )
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
/// least N of each: the Erlang condition by advancing the recursion from its
/// warm start below the load to N = ⌊a⌋ + 1 and on one unit at a time (at
/// most to [`search_cap`]), the utilisation cap by bisection. The values of
/// C it compares are bit for bit those of [`erlang_c`].
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
    // Least N > a with C(N, a) ≤ P: from the warm start below the load to
    // N = ⌊a⌋ + 1, then up one unit at a time.
    let cap = search_cap(a);
    let first = a.floor() as u64 + 1;
    let per_load = 1.0 / a;
    let (mut n, mut inv) = recursion_start(first, a);
    while n < first {
        n += 1;
        inv = erlang_b_step(n, per_load, inv);
    }
    while erlang_c_from_inverse(n, a, inv) > s.target_wait_probability {
        if n >= cap {
            return Err(ServiceError::Unservable { load: a, cap });
        }
        n += 1;
        inv = erlang_b_step(n, per_load, inv);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DutyMethod;

    fn standard(target: f64) -> ServiceStandard {
        let mut s = super::standard(DutyMethod::ErlangC, 30.0, target);
        s.officers_per_unit = 2.0;
        s
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

    /// The recursion from B₀ = 1, one step at a time, in the form the
    /// module documents (Bₖ = a·Bₖ₋₁ ÷ (k + a·Bₖ₋₁)).
    fn cold_erlang_b(n: u64, a: f64) -> f64 {
        let mut b = 1.0;
        for k in 1..=n {
            b = a * b / (k as f64 + a * b);
        }
        b
    }

    #[test]
    fn the_warm_start_gives_the_full_recursion() {
        // Loads from below the warm start's threshold (100) to the limit,
        // and unit counts below, at and above each load.
        let mut a = 50.0;
        while a <= MAX_OFFERED_LOAD {
            let root = a.sqrt();
            for n in [
                a * 0.5,
                a - 12.0 * root,
                a - 1.0,
                a,
                a + 1.0,
                a + root,
                a + 3.0 * root,
                a + 6.0 * root,
            ] {
                let n = n.max(1.0).floor() as u64;
                let (warm, cold) = (erlang_b(n, a), cold_erlang_b(n, a));
                assert!(
                    (warm - cold).abs() <= 1e-12 * cold.abs(),
                    "a = {a}, N = {n}: {warm} against {cold}"
                );
            }
            a *= 2.3;
        }
    }

    #[test]
    fn the_pair_is_two_single_evaluations() {
        for a in [0.0, 0.3, 7.5, 150.0, 2_000.5, MAX_OFFERED_LOAD] {
            let root = a.sqrt();
            for n in [1.0, a, a + 1.0, a + 2.0 * root, a / 0.6, a + 40.0 * root] {
                let n = n.max(1.0).floor() as u64;
                let (below, at) = erlang_c_pair(n, a);
                assert_eq!(
                    below.to_bits(),
                    erlang_c(n - 1, a).to_bits(),
                    "a = {a}, N = {n}"
                );
                assert_eq!(at.to_bits(), erlang_c(n, a).to_bits(), "a = {a}, N = {n}");
            }
        }
    }

    #[test]
    fn the_search_starts_near_the_answer() {
        // At the load limit the search is about 10√a + β√a steps, not 10⁵:
        // the start sits ⌈10√a⌉ below the load.
        let a = MAX_OFFERED_LOAD;
        let (k0, _) = recursion_start(a as u64 + 1, a);
        assert_eq!(k0, 100_000 - 3163);
        // A small load starts from B₀ = 1.
        assert_eq!(recursion_start(50, 40.0), (0, 1.0));
    }
}
