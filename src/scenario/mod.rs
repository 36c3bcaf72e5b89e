//! Scenario files: strict TOML, resolved into [`Scenario`].
//!
//! The data contract writes the input paths as top-level keys (`stations =
//! "stations.csv"`) and the station defaults as a `[stations]` table. Strict
//! TOML forbids one key being both, so before parsing, a `[stations]` table
//! header is read as `[station_defaults]`; nothing else is rewritten and line
//! numbers stay the same. An unknown key anywhere is an error that names it.
//!
//! A scenario may `extend = "base.toml"` another file (the path is relative
//! to the extending file; chains are allowed, a cycle is an error). The files
//! are read into TOML tables, the extending file's keys are merged over the
//! base's ([`merge_tables`]), and only then is the merged table deserialised
//! strictly, so an unknown key is still an error. Data paths (`stations`,
//! `counties`) stay relative to the file that wrote them. A plain file (no
//! `extend`) is parsed straight from its text, so its errors keep line
//! numbers.

/// The registry of scenario keys.
pub mod keys;
mod load;
/// `--set key=value` overrides.
pub mod overrides;
mod resolve;
/// The `[roadmap]` table.
pub mod roadmap;
mod service;
mod toml_field;

pub use load::{
    from_table, load, load_table, load_table_text, load_with, merge_tables, normalise_tables,
    parse, ScenarioTable,
};
use resolve::resolve;
pub use service::profile_problem;
use service::ServiceFile;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::domain::{
    Auxiliaries, BudgetScope, ForceLevers, Levers, Params, Quotas, StrengthParams, Target, Workload,
};

/// A parsed, validated scenario. Paths are resolved against the scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The scenario's name (`name`), shown on every output.
    pub name: String,
    /// What the scenario is for, in the user's words (`description`).
    pub description: Option<String>,
    /// The scenario file itself.
    pub file: PathBuf,
    /// The base scenario files it extends, nearest first (empty without
    /// `extend`).
    pub extends: Vec<PathBuf>,
    /// The scenario as one TOML table, `extend`s merged and the `[stations]`
    /// table read as `station_defaults`: what the report's parameter table
    /// shows ([`keys::parameters`]).
    pub table: toml::Table,
    /// The stations table, resolved against the file that names it.
    pub stations: PathBuf,
    /// The counties table, resolved against the file that names it.
    pub counties: PathBuf,
    /// How calls and residents turn into requirements (`[workload]`).
    pub workload: Workload,
    /// The two 40% rules (`[quotas]`).
    pub quotas: Quotas,
    /// Default station minimum (`[stations] min_officers`).
    pub min_officers: i64,
    /// `None` keeps today's provincial total of auxiliaries as the budget.
    pub auxiliaries_total: Option<i64>,
    /// Where the auxiliary budget is set: `[auxiliaries] budget_scope`, or
    /// `province` when the scenario gives a provincial `total`, else
    /// `county`.
    pub budget_scope: BudgetScope,
    /// Auxiliaries a village asks for (`[auxiliaries] per_village`).
    pub per_village: f64,
    /// Share of auxiliary time counted as duty (`[auxiliaries] duty_factor`).
    pub aux_duty_factor: f64,
    /// Scenario-wide levers (`[stations] duty_posts`, `[moves]`).
    pub levers: Levers,
    /// Station ids locked at today's officers (`[stations] locked`).
    pub locked: Vec<String>,
    /// Station mergers (`[[mergers]]`), applied to the data when loaded.
    pub mergers: Vec<Merger>,
    /// `[force]` and `[recruits]`: what-if levers on the force.
    pub force_levers: ForceLevers,
    /// `[strength]` and `[stations.two_teams_one_room]`: real strength.
    pub strength: StrengthParams,
    /// `[roadmap]`: a multi-year plan (`staffing roadmap`); `solve` and
    /// `sweep` do not read it.
    pub roadmap: Option<roadmap::RoadmapSpec>,
    /// Keys set on the command line (`--set`), already in `table`.
    pub overrides: Vec<overrides::Override>,
}

/// One merger (大所带小所): `members` are folded into `lead`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Merger {
    /// The station that absorbs the others.
    pub lead: String,
    /// The stations merged into it.
    pub members: Vec<String>,
}

impl Scenario {
    /// Every file this scenario reads: itself, the files it extends, and
    /// its two tables (the workbook, for a `book.xlsx#sheet` path). An
    /// output folder must never hold one of them.
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.file.clone()];
        files.extend(self.extends.iter().cloned());
        for table in [&self.stations, &self.counties] {
            files.push(crate::input::excel::split_sheet(table).0);
        }
        if let Some(roster) = self.roadmap.as_ref().and_then(|r| r.roster.as_ref()) {
            files.push(crate::input::excel::split_sheet(roster).0);
        }
        files
    }

    /// The model parameters, given today's provincial total of auxiliaries
    /// (the budget when the scenario sets none).
    pub fn params(&self, auxiliaries_today: i64) -> Params {
        Params {
            workload: self.workload.clone(),
            quotas: self.quotas.clone(),
            min_officers: self.min_officers,
            auxiliaries: Auxiliaries {
                total: self.auxiliaries_total.unwrap_or(auxiliaries_today),
                budget_scope: self.budget_scope,
                per_village: self.per_village,
                duty_factor: self.aux_duty_factor,
            },
            levers: self.levers.clone(),
            strength: self.strength,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScenarioFile {
    name: String,
    #[serde(default)]
    description: Option<String>,
    stations: String,
    counties: String,
    workload: WorkloadFile,
    #[serde(default)]
    quotas: QuotasFile,
    #[serde(default)]
    station_defaults: StationDefaultsFile,
    #[serde(default)]
    auxiliaries: AuxiliariesFile,
    #[serde(default)]
    moves: MovesFile,
    #[serde(default)]
    mergers: Vec<Merger>,
    /// Resolved before deserialisation (see [`load_table`]).
    #[serde(default)]
    #[allow(dead_code)]
    extend: Option<String>,
    #[serde(default)]
    recruits: Option<RecruitsFile>,
    #[serde(default)]
    force: Option<ForceFile>,
    #[serde(default)]
    strength: Option<StrengthFile>,
    #[serde(default)]
    roadmap: Option<roadmap::RoadmapFile>,
    #[serde(default)]
    balance: BalanceFile,
    /// Read by `staffing sweep` ([`crate::sweep`]); `solve` runs the base point.
    #[serde(default)]
    #[allow(dead_code)]
    sweep: Option<toml::Value>,
    /// Read by `staffing sweep` ([`crate::sample`]); `solve` runs the base point.
    #[serde(default)]
    #[allow(dead_code)]
    sample: Option<toml::Value>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MovesFile {
    #[serde(default)]
    per_county: Option<i64>,
    #[serde(default)]
    per_station: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    hours_per_call: f64,
    #[serde(default = "one")]
    officers_per_call: f64,
    #[serde(default = "yes")]
    divertible: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecruitsFile {
    total: i64,
}

/// `[balance]`: where fairness is targeted (see `docs/model-fairness.md`).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct BalanceFile {
    #[serde(default)]
    target: TargetFile,
    /// `None`: the same as `target`.
    #[serde(default)]
    auxiliaries: Option<TargetFile>,
    #[serde(default)]
    cap: Option<f64>,
    #[serde(default)]
    compare: Option<bool>,
}

#[derive(Debug, Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum TargetFile {
    #[default]
    Standard,
    Province,
    County,
    Leximin,
}

impl From<TargetFile> for Target {
    fn from(t: TargetFile) -> Target {
        match t {
            TargetFile::Province => Target::Province,
            TargetFile::Standard => Target::Standard,
            TargetFile::County => Target::County,
            TargetFile::Leximin => Target::Leximin,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ForceFile {
    #[serde(default = "one")]
    scale: f64,
    #[serde(default)]
    add: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StrengthFile {
    #[serde(default)]
    recall_seconded: bool,
    #[serde(default)]
    seconded_from: SecondedFromFile,
}

#[derive(Debug, Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum SecondedFromFile {
    #[default]
    Community,
    Proportional,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TwoTeamsFile {
    #[serde(default = "three")]
    community_team: i64,
    #[serde(default = "three")]
    case_team: i64,
    #[serde(default = "two")]
    command_room: i64,
}

fn three() -> i64 {
    3
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkloadFile {
    hours_per_call: f64,
    officer_hours_per_year: f64,
    reactive_share: f64,
    #[serde(default = "one")]
    call_growth: f64,
    #[serde(default)]
    divert_share: f64,
    residents_per_community_officer: BTreeMap<String, f64>,
    #[serde(default)]
    categories: BTreeMap<String, CategoryFile>,
    #[serde(default)]
    service: Option<ServiceFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotasFile {
    #[serde(default = "forty_percent")]
    station_share: f64,
    #[serde(default = "forty_percent")]
    community_share: f64,
    #[serde(default)]
    community_scope: ScopeFile,
}

impl Default for QuotasFile {
    fn default() -> Self {
        QuotasFile {
            station_share: 0.4,
            community_share: 0.4,
            community_scope: ScopeFile::County,
        }
    }
}

#[derive(Debug, Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum ScopeFile {
    #[default]
    County,
    Station,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum BudgetScopeFile {
    County,
    Province,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StationDefaultsFile {
    #[serde(default = "two")]
    min_officers: i64,
    #[serde(default)]
    duty_posts: f64,
    #[serde(default)]
    locked: Vec<String>,
    #[serde(default)]
    two_teams_one_room: Option<TwoTeamsFile>,
}

impl Default for StationDefaultsFile {
    fn default() -> Self {
        StationDefaultsFile {
            min_officers: 2,
            duty_posts: 0.0,
            locked: Vec::new(),
            two_teams_one_room: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuxiliariesFile {
    #[serde(default)]
    total: Option<i64>,
    #[serde(default)]
    budget_scope: Option<BudgetScopeFile>,
    #[serde(default = "one")]
    per_village: f64,
    #[serde(default)]
    duty_factor: f64,
}

impl Default for AuxiliariesFile {
    fn default() -> Self {
        AuxiliariesFile {
            total: None,
            budget_scope: None,
            per_village: 1.0,
            duty_factor: 0.0,
        }
    }
}

fn one() -> f64 {
    1.0
}
fn two() -> i64 {
    2
}
fn forty_percent() -> f64 {
    0.4
}

#[cfg(test)]
mod tests;
