//! Why a roadmap year has no plan, as typed values: the terminal words them
//! in the planner's language through the catalogue; `Display` gives the
//! English that `roadmap.csv`'s message cell and `summary.json` carry.

use std::fmt;

use crate::model::levers::LeverError;
use crate::model::rules::UNREACHABLE;
use crate::plan::Infeasibility;
use crate::roadmap::summary::Stopped;

/// Why a year admits no plan.
#[derive(Debug, Clone, PartialEq)]
pub enum NoPlan {
    /// The year's recruits cannot lift every county to balance level 0.
    Short {
        /// Recruits level 0 needs (`None`: no number within the caps would do).
        needed: Option<i64>,
        /// The year's recruits.
        recruits: i64,
        /// The counties short, in the province's order.
        counties: Vec<CountyShort>,
    },
    /// The horizon search: level 0 in every year up to `by` needs more
    /// recruits than the roadmap recruits by then.
    Horizon {
        /// Recruits needed by then (`None`: more than any number within the caps).
        need: Option<i64>,
        /// The calendar year by which they are needed.
        by: i32,
        /// The recruits of the roadmap up to that year.
        supply: i64,
    },
    /// The year's plan cannot meet these rules.
    Rules(Vec<Infeasibility>),
    /// The levers of the year admit no plan.
    Lever(LeverError),
    /// `--target-level`: no number of recruits reaches the level.
    Target {
        /// The level asked for.
        level: f64,
        /// Why.
        why: TargetMiss,
    },
}

/// One county short of recruits for level 0.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyShort {
    /// The county's id.
    pub county: String,
    /// By how much.
    pub need: ShortNeed,
}

/// What a county short of recruits needs.
#[derive(Debug, Clone, PartialEq)]
pub enum ShortNeed {
    /// No number of recruits lets it meet its rules.
    Unreachable,
    /// It needs more than its cap.
    AboveCap {
        /// Recruits needed.
        need: i64,
        /// Its cap.
        cap: i64,
    },
    /// It needs this many.
    Needs(i64),
}

/// Why no number of recruits reaches a target level.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetMiss {
    /// In roadmap year `year` (1 = first) `county` cannot reach the level.
    Unreachable {
        /// The roadmap year, counted from 1.
        year: usize,
        /// The county's id.
        county: String,
        /// The level asked for.
        level: f64,
    },
    /// `county` needs more recruits by roadmap year `year` than its cap allows.
    OverCap {
        /// The roadmap year, counted from 1.
        year: usize,
        /// The county's id.
        county: String,
    },
    /// Even `max` recruits a year cannot keep `level`: the caps per county
    /// allow too few.
    CapsTooFew {
        /// The largest number tried.
        max: i64,
        /// The level asked for.
        level: f64,
    },
    /// No number up to `max` keeps every year at the level in `mode`.
    NoNumber {
        /// The largest number tried.
        max: i64,
        /// The roadmap mode (`myopic`, `horizon`).
        mode: String,
    },
}

/// The summary's record of the year that stopped the roadmap, if any: its
/// reason in the English the files carry.
pub fn stopped_at(stopped: &Option<(i32, NoPlan)>) -> Option<Stopped> {
    stopped.as_ref().map(|(year, reason)| Stopped {
        year: *year,
        message: reason.to_string(),
    })
}

impl NoPlan {
    /// The horizon search's shortfall: `need` recruits by `by` (at or
    /// above [`UNREACHABLE`]: no number within the caps) against `supply`.
    pub fn horizon(by: i32, need: i64, supply: i64) -> NoPlan {
        let need = (need < UNREACHABLE).then_some(need);
        NoPlan::Horizon { need, by, supply }
    }

    /// `--target-level`: no number of recruits up to the largest count
    /// keeps every year at `level` in `mode`.
    pub fn no_number(level: f64, mode: &str) -> NoPlan {
        let max = crate::numeric::MAX_COUNT;
        let mode = mode.to_string();
        let why = TargetMiss::NoNumber { max, mode };
        NoPlan::Target { level, why }
    }
}

impl fmt::Display for CountyShort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = &self.county;
        match self.need {
            ShortNeed::Unreachable => write!(
                f,
                "{id} cannot meet its rules with any number of recruits (locks, building capacity or move caps)"
            ),
            ShortNeed::AboveCap { need, cap } => write!(f, "{id} needs {need}, above its cap of {cap}"),
            ShortNeed::Needs(n) => write!(f, "{id} needs {n}"),
        }
    }
}

impl fmt::Display for TargetMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetMiss::Unreachable {
                year,
                county,
                level,
            } => write!(
                f,
                "in year {year} county {county} cannot reach level {level} with any number of recruits (locks, building capacity or move caps)"
            ),
            TargetMiss::OverCap { year, county } => write!(
                f,
                "county {county} needs more recruits by year {year} than its cap allows"
            ),
            TargetMiss::CapsTooFew { max, level } => write!(
                f,
                "even {max} recruits a year cannot keep level {level} (the caps per county allow too few)"
            ),
            TargetMiss::NoNumber { max, mode } => write!(
                f,
                "no number of recruits up to {max} keeps every year at that level in {mode} mode"
            ),
        }
    }
}

impl fmt::Display for NoPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoPlan::Short {
                needed,
                recruits,
                counties,
            } => {
                match needed {
                    Some(n) => write!(
                        f,
                        "even balance level 0 needs {n} recruits and the year has {recruits}"
                    )?,
                    None => write!(
                        f,
                        "no number of recruits within the caps lets every county meet its rules (the year has {recruits})"
                    )?,
                }
                let list: Vec<String> = counties.iter().map(|c| c.to_string()).collect();
                write!(f, ": {}", list.join("; "))
            }
            NoPlan::Horizon { need, by, supply } => {
                let need = match need {
                    Some(n) => format!("{n} recruits"),
                    None => "more than any number of recruits within the caps".to_string(),
                };
                write!(
                    f,
                    "even balance level 0 in every year needs {need} by {by} and the roadmap recruits {supply} by then"
                )
            }
            NoPlan::Rules(reasons) => {
                let list: Vec<String> = reasons.iter().map(|r| r.to_string()).collect();
                f.write_str(&list.join("; "))
            }
            NoPlan::Lever(e) => write!(f, "{e}"),
            NoPlan::Target { level, why } => {
                write!(f, "--target-level {level}: {why}")
            }
        }
    }
}
