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
    /// Σ of the planned years' balance levels (years with no workload left out).
    pub sum_of_levels: f64,
    /// Reachability checks the search used.
    pub checks: usize,
    /// What the search relaxed (empty: it searched the model itself).
    pub relaxed: Vec<String>,
    /// A sentence saying what is proven and, if not, why (the bound and the gap).
    pub note: String,
}

/// `--target-level` in `summary.json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetSummary {
    /// L of `--target-level L`: the balance level every year must reach.
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
    /// For the reader: the fewest recruits any placement needs, and whether
    /// this mode's peak is proven the fewest or found by bisection.
    pub note: String,
}

/// A year with no plan.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stopped {
    /// The year that has no plan.
    pub year: i32,
    /// Why: the county and rule that cannot be met, and by how much.
    pub message: String,
}

/// `summary.json` of a roadmap.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoadmapSummary {
    /// The scenario's name.
    pub scenario: String,
    /// The recruit placement mode: `myopic` or `horizon`.
    pub mode: String,
    /// `planned` (every year) or `infeasible` (a year has no plan).
    pub status: String,
    /// The first planned year.
    pub start_year: i32,
    /// Years asked for (`roadmap.years`).
    pub years: usize,
    /// Years that got a plan (fewer than `years` when one is infeasible).
    pub years_planned: usize,
    /// The lowest balance level over the planned years (`None`: no year has workload).
    pub worst_balance_level: Option<f64>,
    /// The year with that lowest level (the earliest on a tie).
    pub worst_year: Option<i32>,
    /// Σ of the planned years' balance levels.
    pub sum_of_levels: f64,
    /// Province force at the start of the first planned year.
    pub force_start: i64,
    /// Province force at the end of the last planned year (`None`: no year planned).
    pub force_end: Option<i64>,
    /// Recruits hired over the planned years.
    pub recruits: i64,
    /// Retirements over the planned years.
    pub retirements: i64,
    /// Other leavers over the planned years.
    pub leavers: i64,
    /// Existing officers moved over the planned years.
    pub officers_moved: i64,
    /// Recruits a year the run used, first year first.
    pub recruits_per_year: Vec<i64>,
    /// Where the ages came from.
    pub ages_source: String,
    /// The horizon mode's proof status (`None` in myopic mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon: Option<HorizonSummary>,
    /// The `--target-level` search's result (`None` without `--target-level`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetSummary>,
    /// The year that has no plan (`None`: every year planned).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
    /// The folder the outputs were written to (`None` until the command writes them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_dir: Option<String>,
    /// The scenario's overrides, the inputs' SHA-256 and the solver version.
    pub provenance: Provenance,
}
