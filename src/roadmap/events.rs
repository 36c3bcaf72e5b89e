//! What a roadmap run reports as it goes ([`Event`]): values, never
//! sentences, so that the command line words them in the planner's
//! language (`staffing::messages`, the roadmap part).

use crate::scenario::roadmap::RoadmapMode;

/// Which horizon search a progress line is about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Search {
    /// The search over every year from the start.
    FromStart,
    /// A rolling year's search over the years from it.
    FromYear(i32),
}

/// What the horizon search from the start found.
#[derive(Debug, Clone, PartialEq)]
pub enum HorizonFound {
    /// It stopped at `roadmap.horizon_checks`: every year can reach
    /// `worst`, no placement more than `bound`; the sum of levels and its
    /// bound.
    Stopped {
        /// `roadmap.horizon_checks`.
        limit: usize,
        /// The worst-year level every year can reach.
        worst: f64,
        /// No placement keeps every year above it.
        bound: f64,
        /// The sum of levels found.
        sum: f64,
        /// No placement has a larger sum.
        sum_bound: f64,
    },
    /// It finished: the highest worst-year level, the sum of levels and
    /// its bound (`proven`: the sum is the highest), the checks it used.
    Finished {
        /// The highest worst-year level any placement reaches.
        worst: f64,
        /// The sum of levels found.
        sum: f64,
        /// No placement has a larger sum.
        sum_bound: f64,
        /// The sum is proven the highest.
        proven: bool,
        /// Reachability checks used.
        checks: usize,
    },
    /// No year has workload: every level is reached.
    NoWorkload,
}

/// What the `--target-level` search found: the peak year's recruits the
/// run uses and the fewest any placement needs.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetFound {
    /// L of `--target-level L`.
    pub level: f64,
    /// The fewest recruits in the peak year with which any placement keeps
    /// every year at L (a lower bound for every mode).
    pub fewest: i64,
    /// The peak year's recruits the run uses.
    pub peak: i64,
    /// `peak` is proven the fewest for the mode (then `peak == fewest`);
    /// otherwise it was found by bisection on the full model: `peak` keeps
    /// the level and `peak - 1` does not.
    pub proven: bool,
    /// The placement mode.
    pub mode: RoadmapMode,
}

/// What the run reports as it goes: values, worded by the caller in the
/// planner's language.
#[derive(Debug, Clone)]
pub enum Event {
    /// A long horizon search's reachability checks so far (at most every
    /// few seconds; only the terminal depends on the clock).
    Progress {
        /// Which search.
        search: Search,
        /// Checks so far.
        checks: usize,
        /// `roadmap.horizon_checks`.
        limit: usize,
        /// Seconds since the search began.
        seconds: f64,
    },
    /// A rolling year's search stopped at `roadmap.horizon_checks`: the
    /// year takes the best placement found (not proven optimal).
    YearStopped {
        /// The year.
        year: i32,
        /// `roadmap.horizon_checks`.
        limit: usize,
    },
    /// The horizon search from the start finished.
    Horizon(HorizonFound),
    /// The `--target-level` search finished.
    Target(TargetFound),
    /// A year kept by an earlier run is planned again: its record (a path
    /// in the roadmap folder) does not agree with this run, and why.
    PlannedAgain {
        /// The year.
        year: i32,
        /// The record's path in the roadmap folder.
        record: String,
        /// What does not agree.
        why: super::trust::Distrust,
    },
    /// A year was planned.
    Year {
        /// The calendar year.
        year: i32,
        /// Its balance level (`None`: no station has workload).
        level: Option<f64>,
        /// Recruits hired that year.
        recruits: i64,
        /// Retirements that year.
        retirements: i64,
        /// Other leavers that year.
        leavers: i64,
        /// Existing officers the year's plan moves.
        moved: i64,
    },
    /// A year's record was kept from an earlier run (`--resume`).
    Kept(i32),
}
