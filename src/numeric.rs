//! The numeric policy: the limits every input value must keep, and the one
//! rounding tolerance that the solver and the checker share.
//!
//! **Limits.** Every count is a whole number in [0, [`MAX_COUNT`]] (10⁹),
//! every real input lies in a documented range ([`Range`], the constants
//! below), and every station requirement computed from them is 0 or lies in
//! [[`MIN_REQUIREMENT`], [`MAX_REQUIREMENT`]]. The input layer refuses
//! anything else with the key, or the file, row, column and value, and the
//! valid range. Within these limits every number the solver forms is finite:
//! counties hold at most 2·10⁹ officers (force plus recruits), a balance level
//! is at most (2·10⁹ + 10⁹ + 1) ÷ 10⁻⁹ ≈ 3·10¹⁸, and at the levels the search
//! visits t·Rₛ stays below about 4·10⁹ (see `docs/model.md`).
//!
//! **Tolerance.** A requirement t·R is a real number; with whole people it is
//! met by ⌈t·R⌉. Levels are breakpoints k ÷ R, so t·R is often an integer up
//! to float rounding, and decimal inputs (0.4 × 50) are never exact in binary.
//! [`tolerance`] says how far below an integer a real value may sit and still
//! count as that integer: relative (10⁻⁹ of the value) for ordinary values,
//! capped at [`TOL_MAX`] = 10⁻³ of a person. Float rounding at the largest
//! magnitudes the limits allow (≈ 4·10⁹, where one ulp is 5·10⁻⁷) stays far
//! below the cap, and the cap stays far below half a person, so rounding can
//! never gain or lose a whole officer. The solver rounds with it
//! ([`crate::model::level::ceil_tol`]) and the checker compares with it
//! ([`at_least`]), so a plan the solver builds always passes the checker.

/// The largest count of officers, posts or auxiliaries in any one input
/// value, and the largest provincial total of auxiliaries: 10⁹.
pub const MAX_COUNT: i64 = 1_000_000_000;

/// The largest requirement Dₛ, Cₛ or Vₛ of one station, in officers or
/// posts at balance level 1: 10⁹, the largest count.
pub const MAX_REQUIREMENT: f64 = 1e9;

/// The smallest requirement other than 0: 10⁻⁹ of an officer. A smaller one
/// would put a county's balance level beyond any float.
pub const MIN_REQUIREMENT: f64 = 1e-9;

/// The relative part of the tolerance.
pub const TOL_REL: f64 = 1e-9;

/// The most the tolerance can be, in people: 10⁻³.
pub const TOL_MAX: f64 = 1e-3;

/// How far below an integer a real value v may sit and still count as it:
/// min(10⁻⁹ · max(|v|, 1), 10⁻³).
pub fn tolerance(v: f64) -> f64 {
    (TOL_REL * v.abs().max(1.0)).min(TOL_MAX)
}

/// Whether `have` meets the real requirement `need` within the tolerance:
/// have ≥ need − tolerance(need).
pub fn at_least(have: f64, need: f64) -> bool {
    have >= need - tolerance(need)
}

/// A closed range of valid values with the unit it is measured in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// The least valid value.
    pub min: f64,
    /// The largest valid value.
    pub max: f64,
    /// What the value counts, for messages ("hours a year").
    pub unit: &'static str,
}

impl Range {
    /// The range [min, max] of values measured in `unit`.
    pub const fn new(min: f64, max: f64, unit: &'static str) -> Range {
        Range { min, max, unit }
    }

    /// Whether `v` is finite and lies in the range.
    pub fn contains(&self, v: f64) -> bool {
        v.is_finite() && v >= self.min && v <= self.max
    }

    /// "it must lie between 1 and 8760 (hours a year)".
    pub fn describe(&self) -> String {
        format!(
            "it must lie between {} and {} ({})",
            show(self.min),
            show(self.max),
            self.unit
        )
    }
}

/// Hours in a year: the most hours one call or one officer can take.
const YEAR: f64 = 8760.0;

/// `workload.hours_per_call` and a category's `hours_per_call`.
pub const HOURS_PER_CALL: Range = Range::new(0.0, YEAR, "hours per call");
/// `workload.officer_hours_per_year`.
pub const OFFICER_HOURS: Range = Range::new(1.0, YEAR, "hours a year");
/// `workload.reactive_share` (0 is refused with its own reason).
pub const REACTIVE_SHARE: Range = Range::new(0.001, 1.0, "a share of an officer's time");
/// `workload.call_growth`.
pub const CALL_GROWTH: Range = Range::new(0.0, 1000.0, "a multiplier on today's calls");
/// `workload.residents_per_community_officer.<kind>`.
pub const RESIDENTS_NORM: Range = Range::new(1.0, 1e9, "residents per community officer");
/// A category's `officers_per_call`.
pub const OFFICERS_PER_CALL: Range = Range::new(0.0, 1000.0, "officers sent to one call");
/// `[balance] cap`: the standard level station levels count up to.
pub const STANDARD_CAP: Range =
    Range::new(0.01, 100.0, "a cover level (1.0: the workload covered)");
/// `auxiliaries.per_village`.
pub const PER_VILLAGE: Range = Range::new(0.0, 1000.0, "auxiliary posts per village");
/// `stations.duty_posts` and the `duty_posts` column: k 24-hour posts need
/// ⌈k × 8760 ÷ officer_hours_per_year⌉ ≤ 8.76·10⁸ officers.
pub const DUTY_POSTS: Range = Range::new(0.0, 1e5, "24-hour posts");
/// `force.scale`.
pub const FORCE_SCALE: Range = Range::new(0.0, 100.0, "a multiplier on every county's force");
/// The `population` column.
pub const POPULATION: Range = Range::new(0.0, 1e10, "residents");
/// The `villages` column.
pub const VILLAGES: Range = Range::new(0.0, 1e7, "villages");
/// The `area_km2` column.
pub const AREA_KM2: Range = Range::new(0.0, 1e8, "square kilometres");
/// The `calls` and `calls_<category>` columns.
pub const CALLS: Range = Range::new(0.0, 1e10, "110 calls a year");
/// `workload.service.minutes_per_call`: above 0, at most a year.
pub const MINUTES_PER_CALL: Range = Range::new(0.01, 525_600.0, "minutes a call keeps a unit busy");
/// `workload.service.officers_per_unit`: above 0.
pub const OFFICERS_PER_UNIT: Range = Range::new(0.1, 1000.0, "officers sent together to one call");
/// `workload.service.auxiliaries_per_unit`: 0 or more.
pub const AUXILIARIES_PER_UNIT: Range = Range::new(0.0, 1000.0, "auxiliaries sent with each unit");
/// `workload.service.target_wait_probability`: inside (0, 1).
pub const TARGET_WAIT: Range = Range::new(
    1e-6,
    0.999_999,
    "a probability of waiting, above 0 and below 1",
);
/// `workload.service.max_utilisation`: inside (0, 1].
pub const MAX_UTILISATION: Range = Range::new(
    0.01,
    1.0,
    "a share of the units on duty kept busy, above 0 and at most 1",
);
/// `workload.service.min_units_on_duty`.
pub const MIN_UNITS_ON_DUTY: Range = Range::new(0.0, 1e5, "units on duty every hour");
/// `roadmap.start_year`: the first year of a multi-year roadmap.
pub const CALENDAR_YEAR: Range = Range::new(1950.0, 2100.0, "a calendar year");
/// `roadmap.years`: the length of a roadmap.
pub const ROADMAP_YEARS: Range = Range::new(1.0, 15.0, "years of the roadmap");
/// `roadmap.retirement_age` (a number, or each age of a schedule): at least
/// 50, so that recruits (at most 35, see [`RECRUIT_AGE`]) never reach it
/// within the longest roadmap (15 years).
pub const RETIREMENT_AGE: Range = Range::new(50.0, 75.0, "an age in years");
/// `roadmap.recruit_age`: the age new officers join at.
pub const RECRUIT_AGE: Range = Range::new(18.0, 35.0, "an age in years");
/// `roadmap.restricted_from_age`: at least 50, above any recruit's age
/// within the roadmap.
pub const RESTRICTED_FROM_AGE: Range = Range::new(50.0, 70.0, "an age in years");
/// `roadmap.horizon_checks`: the most reachability checks one horizon
/// search makes; each costs about one pass over the stations of a year.
pub const HORIZON_CHECKS: Range = Range::new(1.0, 1e9, "reachability checks");
/// The default of `roadmap.horizon_checks`.
pub const HORIZON_CHECKS_DEFAULT: i64 = 20_000;
/// `roadmap.call_growth_rate`: the yearly change of 110 calls, compounding.
pub const YEARLY_CHANGE: Range =
    Range::new(-0.5, 1.0, "a yearly rate of change (0.03 is +3% a year)");
/// `staffing roadmap --target-level`: the balance level every year must
/// reach (1.0 covers every station's workload).
pub const TARGET_LEVEL: Range = Range::new(
    0.0,
    1e6,
    "a balance level; 1.0 covers every station's workload",
);
/// The largest offered load of one station in one hour, in Erlangs (units
/// busy at once on average): 10⁵. The busiest city-wide 110 centres offer a
/// few hundred; a station beyond this is a data error, and the limit keeps
/// the service search ([`crate::model::service::units_needed`]) within
/// about 10⁵ steps an hour.
pub const MAX_OFFERED_LOAD: f64 = 1e5;

/// A number as a person would write it: plain digits for ordinary values,
/// scientific notation for very large or very small ones (1e-320, not 320
/// zeros).
pub fn show(v: f64) -> String {
    let a = v.abs();
    if v != 0.0 && a.is_finite() && !(1e-6..1e15).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// A parser's message with each number it quotes as a float (serde writes
/// ``invalid type: floating point `1000…0.0` `` with all 301 digits of
/// 1e300) rewritten by [`show`]: ``floating point `1e300` ``.
pub fn compact_floats(message: &str) -> String {
    const AT: &str = "floating point `";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(AT) {
        let (head, tail) = rest.split_at(i + AT.len());
        out.push_str(head);
        let end = tail.find('`').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(v) => out.push_str(&show(v)),
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Whether a whole number lies in [0, [`MAX_COUNT`]].
pub fn count_in_range(n: i64) -> bool {
    (0..=MAX_COUNT).contains(&n)
}

/// A total no plan can reach, for a rule that cannot be met at all.
pub const UNREACHABLE: i64 = i64::MAX / 4;

/// Σ of whole numbers, saturating at the ends of `i64`: within the limits
/// every sum is far below them; beyond, "too many" stays too many instead
/// of wrapping.
pub fn total(values: impl IntoIterator<Item = i64>) -> i64 {
    values.into_iter().fold(0i64, i64::saturating_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_is_relative_then_capped_far_below_half_a_person() {
        assert_eq!(tolerance(0.0), 1e-9);
        assert_eq!(tolerance(20.0), 2e-8);
        assert_eq!(tolerance(1e6), 1e-3);
        assert_eq!(tolerance(4e9), TOL_MAX);
        // Float rounding at the largest magnitudes stays inside the cap.
        let v = 4e9_f64;
        let ulp = f64::from_bits(v.to_bits() + 1) - v;
        assert!(ulp * 100.0 < TOL_MAX && TOL_MAX < 0.5);
        assert!(at_least(20.0, 0.4 * 50.0));
        assert!(!at_least(4e9 - 1.0, 4e9));
        assert!(at_least(4e9 - 1e-4, 4e9));
    }

    #[test]
    fn a_parser_quoting_1e300_shows_it_in_a_few_characters() {
        let long = format!(
            "invalid type: floating point `1{}.0`, expected i64",
            "0".repeat(300)
        );
        assert_eq!(
            compact_floats(&long),
            "invalid type: floating point `1e300`, expected i64"
        );
        let tiny = format!("floating point `0.{}5`", "0".repeat(323));
        assert_eq!(compact_floats(&tiny), "floating point `5e-324`");
        assert_eq!(
            compact_floats("floating point `2.5`"),
            "floating point `2.5`"
        );
        assert_eq!(compact_floats("no float here"), "no float here");
    }

    #[test]
    fn numbers_are_shown_readably() {
        assert_eq!(show(1e-320), "1e-320");
        assert_eq!(show(1.7976931348623157e308), "1.7976931348623157e308");
        assert_eq!(show(1800.0), "1800");
        assert_eq!(show(0.5), "0.5");
        assert_eq!(show(0.0), "0");
        assert_eq!(
            OFFICER_HOURS.describe(),
            "it must lie between 1 and 8760 (hours a year)"
        );
        assert!(!OFFICER_HOURS.contains(f64::NAN));
    }
}
