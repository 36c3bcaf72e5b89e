//! Why a county's rules or one station's bounds admit no plan, as values:
//! the rule, the figures and the smallest fix ([`super::Infeasibility`]).
//! `Display` words them in English; the command line words them in the
//! data's language.

use std::fmt;

use super::{officers, percent};

/// The rule a county's station capacity cannot meet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CapacityRule {
    /// The station-share rule, with its share p.
    StationShare(f64),
    /// The station minimums.
    StationMinimums,
}

impl fmt::Display for CapacityRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CapacityRule::StationShare(p) => {
                write!(f, "the {} station-share rule", percent(*p))
            }
            CapacityRule::StationMinimums => f.write_str("the station minimums"),
        }
    }
}

/// What sets a station's fewest officers in a conflict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StationFloor {
    /// Its 24-hour duty posts need this many officers.
    Posts(i64),
    /// Its minimum (`min_officers`).
    Minimum(i64),
}

impl fmt::Display for StationFloor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StationFloor::Posts(n) => write!(f, "its 24-hour duty posts need {}", officers(*n)),
            StationFloor::Minimum(n) => write!(f, "its minimum is {}", officers(*n)),
        }
    }
}

/// The fix of a station's floor: fewer 24-hour posts, or a lower minimum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FloorFix {
    /// Cut its 24-hour posts to this many (whole, as a real).
    CutPosts(f64),
    /// Lower its minimum to this.
    LowerMinimum(i64),
}

impl fmt::Display for FloorFix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FloorFix::CutPosts(n) => write!(f, "cut its 24-hour posts to {n}"),
            FloorFix::LowerMinimum(n) => write!(f, "lower the minimum to {n}"),
        }
    }
}

/// Why one station's bounds contradict each other, with the smallest fix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StationConflict {
    /// Locked at `today` officers, below its floor.
    Locked {
        /// x⁰ₛ, the officers it is locked at.
        today: i64,
        /// What sets its floor.
        floor: StationFloor,
        /// The fix other than unlocking it.
        fix: FloorFix,
    },
    /// More restricted officers (who stay) than its building holds.
    Restricted {
        /// Officers who cannot take duty shifts.
        restricted: i64,
        /// Its building capacity.
        max_officers: i64,
    },
    /// Its floor is above its building capacity.
    Capacity {
        /// What sets its floor.
        floor: StationFloor,
        /// Its building capacity.
        max_officers: i64,
        /// How far the floor is above capacity.
        raise_by: i64,
        /// The fix other than raising capacity.
        fix: FloorFix,
    },
    /// Its move cap keeps it below its floor.
    MoveCapGain {
        /// x⁰ₛ.
        today: i64,
        /// What sets its floor.
        floor: StationFloor,
        /// Its move cap.
        cap: i64,
        /// The move cap that would do.
        raise_to: i64,
    },
    /// Its move cap keeps it above its building capacity.
    MoveCapLose {
        /// x⁰ₛ.
        today: i64,
        /// Its building capacity.
        max_officers: i64,
        /// Its move cap.
        cap: i64,
        /// The move cap that would do.
        cap_to: i64,
        /// The building capacity that would do.
        max_to: i64,
    },
    /// Its fewest officers are above its most, otherwise.
    Bounds {
        /// The fewest officers it needs.
        floor: i64,
        /// The most it may have.
        cap: i64,
    },
}

impl fmt::Display for StationConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            StationConflict::Locked { today, floor, fix } => write!(
                f,
                "the station is locked at its {} but {floor}; unlock it or {fix}",
                officers(today)
            ),
            StationConflict::Restricted {
                restricted,
                max_officers,
            } => write!(
                f,
                "its {} who cannot take duty shifts (restricted) stay at the station, but its building holds max_officers = {max_officers}; raise max_officers to {restricted}",
                officers(restricted)
            ),
            StationConflict::Capacity {
                floor,
                max_officers,
                raise_by,
                fix,
            } => write!(
                f,
                "{floor} but its building holds max_officers = {max_officers}; raise max_officers by {raise_by} or {fix}"
            ),
            StationConflict::MoveCapGain {
                today,
                floor,
                cap,
                raise_to,
            } => write!(
                f,
                "it has {} and {floor}, but may gain only {cap} (station move cap); raise its move cap to {raise_to}",
                officers(today)
            ),
            StationConflict::MoveCapLose {
                today,
                max_officers,
                cap,
                cap_to,
                max_to,
            } => write!(
                f,
                "it has {}, its building holds max_officers = {max_officers}, and it may lose only {cap} (station move cap); raise its move cap to {cap_to} or max_officers to {max_to}",
                officers(today)
            ),
            StationConflict::Bounds { floor, cap } => write!(
                f,
                "it needs at least {} but may have at most {cap}",
                officers(floor)
            ),
        }
    }
}
