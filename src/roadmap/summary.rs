//! `summary.json` of a roadmap: plain data the run fills and the terminal,
//! the page and `--json` read.

use serde::Serialize;

use crate::outcome::Provenance;

/// The horizon mode's result in `summary.json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HorizonSummary {
    /// `optimal`: the worst year and the sum of levels are proven;
    /// `worst_year_optimal`: the worst year is, the sum is not;
    /// `not_proven`: the plan is below the bound.
    pub status: String,
    /// The highest worst-year level any placement can reach (a proof when
    /// the plan reaches it).
    pub worst_level_bound: Option<f64>,
    /// The plan's worst year.
    pub worst_level: Option<f64>,
    /// No placement keeping every year at the worst level has a larger sum
    /// of levels.
    pub sum_of_levels_bound: f64,
    pub sum_of_levels: f64,
    /// Reachability checks the search used.
    pub checks: usize,
    /// What the search relaxed (empty: it searched the model itself).
    pub relaxed: Vec<String>,
    pub note: String,
}

/// `--target-level` in `summary.json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetSummary {
    pub level: f64,
    /// Recruits per year used.
    pub recruits_per_year: Vec<i64>,
    /// The fewest a year (peak year) any placement needs: a lower bound
    /// for every mode.
    pub fewest_any_placement: i64,
    /// The peak year's recruits the run uses.
    pub peak_recruits: i64,
    /// The run's worst year reaches the level.
    pub reached: bool,
    /// The peak recruits are proven the fewest for this mode.
    pub proven: bool,
    pub note: String,
}

/// A year with no plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stopped {
    pub year: i32,
    pub message: String,
}

/// `summary.json` of a roadmap.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoadmapSummary {
    pub scenario: String,
    pub mode: String,
    /// `planned` (every year) or `infeasible` (a year has no plan).
    pub status: String,
    pub start_year: i32,
    pub years: usize,
    pub years_planned: usize,
    pub worst_balance_level: Option<f64>,
    pub worst_year: Option<i32>,
    pub sum_of_levels: f64,
    pub force_start: i64,
    pub force_end: Option<i64>,
    pub recruits: i64,
    pub retirements: i64,
    pub leavers: i64,
    pub officers_moved: i64,
    pub recruits_per_year: Vec<i64>,
    /// Where the ages came from.
    pub ages_source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon: Option<HorizonSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_dir: Option<String>,
    pub provenance: Provenance,
}
