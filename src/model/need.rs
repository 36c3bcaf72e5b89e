//! The per-station requirement every rule reads: what a station needs at
//! balance level 1.0 and its fixed bounds. Plain data, in a module of its
//! own so that the rules, the auxiliaries and the requirement formulas all
//! depend on it and not on each other.

#[cfg(doc)]
use crate::numeric::{MAX_REQUIREMENT, MIN_REQUIREMENT, UNREACHABLE};

/// What one station needs at balance level 1.0, and its fixed bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Requirement {
    /// Duty officers Dₛ for 110 calls.
    pub duty: f64,
    /// Community officers Cₛ for the residents served.
    pub community: f64,
    /// Auxiliary posts Vₛ for village coverage.
    pub villages: f64,
    /// Fewest officers the station may have, mₛ: the larger of its own (or
    /// the default) `min_officers` and the 24-hour duty posts' minimum.
    pub min_officers: i64,
    /// The part of `min_officers` that 24-hour duty posts ask for.
    pub duty_post_minimum: i64,
    /// Most officers the station may have, uₛ: `max_officers`, today's
    /// officers when locked, else unbounded ([`UNREACHABLE`]).
    pub max_officers: i64,
    /// Today's officers x⁰ₛ.
    pub officers_today: i64,
    /// A locked station keeps x⁰ₛ officers.
    pub locked: bool,
    /// Cap on |xₛ − x⁰ₛ| (`None`: no cap).
    pub max_moves: Option<i64>,
    /// Duty already covered by auxiliaries, κₛ = f·aₛ (0 unless
    /// `auxiliaries.duty_factor` is set); the duty cover is
    /// xₛ − yₛ ≥ t·Dₛ − κₛ.
    pub duty_credit: f64,
    /// Restricted officers rₛ (不能值班备勤): they stay and fill community
    /// posts only, so yₛ ≥ rₛ (see [`crate::model::strength`]).
    pub restricted: i64,
}

/// A station requirement outside the range the solver plans for: 0 or
/// [`MIN_REQUIREMENT`] to [`MAX_REQUIREMENT`] (see [`crate::numeric`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("station `{station}`: {problem}")]
pub struct RequirementError {
    /// The station's id.
    pub station: String,
    /// Which requirement, its value, the inputs behind it and what is wrong.
    pub problem: String,
}
