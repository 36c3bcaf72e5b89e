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

pub mod keys;
mod load;
pub mod overrides;
pub mod roadmap;
mod service;

pub use load::{
    from_table, load, load_table, load_table_text, load_with, merge_tables, normalise_tables,
    parse, ScenarioTable,
};
pub use service::profile_problem;
use service::{resolve_service, ServiceFile};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::{
    Auxiliaries, Balance, BudgetScope, CallCategory, CommunityScope, ForceLevers, Levers, Params,
    Quotas, SecondedFrom, StrengthParams, Target, TwoTeamsOneRoom, Workload,
};
use crate::error::InputError;
use crate::numeric::show;

/// A parsed, validated scenario. Paths are resolved against the scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
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
    pub stations: PathBuf,
    pub counties: PathBuf,
    pub workload: Workload,
    pub quotas: Quotas,
    pub min_officers: i64,
    /// `None` keeps today's provincial total of auxiliaries as the budget.
    pub auxiliaries_total: Option<i64>,
    /// Where the auxiliary budget is set: `[auxiliaries] budget_scope`, or
    /// `province` when the scenario gives a provincial `total`, else
    /// `county`.
    pub budget_scope: BudgetScope,
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

pub(super) fn resolve(file: ScenarioFile, path: &Path) -> Result<Scenario, InputError> {
    let bad = |key: &str, value: String, valid: &str| InputError::Scenario {
        file: path.to_path_buf(),
        message: format!("`{key}` = {value} is not valid: {valid}"),
    };
    // Every value lies in the range the key registry gives it (keys.rs).
    let valid = |key: &str| keys::find(key).map(|k| k.valid).unwrap_or(keys::Valid::Any);
    let real = |key: &str, v: f64| -> Result<f64, InputError> {
        let valid = valid(key);
        if valid.real(v) {
            Ok(v)
        } else {
            Err(bad(key, show(v), &valid.describe()))
        }
    };
    let count = |key: &str, n: i64| -> Result<i64, InputError> {
        match valid(key).count_problem(n) {
            None => Ok(n),
            Some(problem) => Err(bad(key, n.to_string(), &problem)),
        }
    };

    let workload = resolve_workload(file.workload, &bad, &real, &count)?;
    let quotas = Quotas {
        station_share: real("quotas.station_share", file.quotas.station_share)?,
        community_share: real("quotas.community_share", file.quotas.community_share)?,
        community_scope: match file.quotas.community_scope {
            ScopeFile::County => CommunityScope::County,
            ScopeFile::Station => CommunityScope::Station,
        },
    };
    let min_officers = count("stations.min_officers", file.station_defaults.min_officers)?;
    if let Some(total) = file.auxiliaries.total {
        count("auxiliaries.total", total)?;
    }
    let budget_scope = budget_scope(&file.auxiliaries, &bad)?;
    let per_village = real("auxiliaries.per_village", file.auxiliaries.per_village)?;
    let aux_duty_factor = real("auxiliaries.duty_factor", file.auxiliaries.duty_factor)?;
    let duty_posts = real("stations.duty_posts", file.station_defaults.duty_posts)?;
    for (key, v) in [
        ("moves.per_county", file.moves.per_county),
        ("moves.per_station", file.moves.per_station),
    ] {
        if let Some(v) = v {
            count(key, v)?;
        }
    }
    let levers = Levers {
        duty_posts,
        max_moves_per_county: file.moves.per_county,
        max_moves_per_station: file.moves.per_station,
        balance: Balance {
            officers: file.balance.target.into(),
            auxiliaries: file
                .balance
                .auxiliaries
                .unwrap_or(file.balance.target)
                .into(),
            cap: real(
                "balance.cap",
                file.balance.cap.unwrap_or(crate::domain::STANDARD_LEVEL),
            )?,
            compare: file.balance.compare,
        },
    };
    let tables = ForceTables {
        force: &file.force,
        recruits: &file.recruits,
        strength: &file.strength,
        two_teams_one_room: &file.station_defaults.two_teams_one_room,
    };
    let (force_levers, strength) = resolve_force(&tables, &bad, &valid, &count)?;
    let name = file.name.trim().to_string();
    if name.is_empty() {
        return Err(bad("name", "\"\"".into(), "give the scenario a name"));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    let roadmap = match file.roadmap {
        None => None,
        Some(r) => {
            let roster = roadmap::roster_path(&r).map(|p| base.join(p));
            Some(roadmap::resolve(r, roster).map_err(|b| bad(&b.key, b.value, &b.valid))?)
        }
    };
    Ok(Scenario {
        name,
        description: file.description,
        file: path.to_path_buf(),
        extends: Vec::new(),
        table: toml::Table::new(),
        overrides: Vec::new(),
        stations: base.join(&file.stations),
        counties: base.join(&file.counties),
        workload,
        quotas,
        min_officers,
        auxiliaries_total: file.auxiliaries.total,
        budget_scope,
        per_village,
        aux_duty_factor,
        levers,
        locked: file.station_defaults.locked,
        mergers: file.mergers,
        force_levers,
        strength,
        roadmap,
    })
}

/// Where the auxiliary budget is set. A provincial total means a
/// provincial budget; a county budget has no provincial total to read, so
/// one given with it is refused rather than ignored.
fn budget_scope(
    aux: &AuxiliariesFile,
    bad: &dyn Fn(&str, String, &str) -> InputError,
) -> Result<BudgetScope, InputError> {
    Ok(match (aux.budget_scope, aux.total) {
        (Some(BudgetScopeFile::County), Some(total)) => {
            return Err(bad(
                "auxiliaries.total",
                total.to_string(),
                "a provincial total applies only with `[auxiliaries] budget_scope = \"province\"`, and this scenario sets `budget_scope = \"county\"` (each county keeps its own posts: today's count, or the `auxiliary_budget` column of counties.csv). Remove `total`, or set `budget_scope = \"province\"` to share one provincial total across counties",
            ))
        }
        (Some(BudgetScopeFile::County), None) => BudgetScope::County,
        (Some(BudgetScopeFile::Province), _) => BudgetScope::Province,
        (None, None) => BudgetScope::County,
        (None, Some(_)) => BudgetScope::Province,
    })
}

/// Validates `[workload]`: the norms, the call categories, the service
/// standard and every number in its registry range.
fn resolve_workload(
    w: WorkloadFile,
    bad: &dyn Fn(&str, String, &str) -> InputError,
    real: &dyn Fn(&str, f64) -> Result<f64, InputError>,
    count: &dyn Fn(&str, i64) -> Result<i64, InputError>,
) -> Result<Workload, InputError> {
    let mut norms = BTreeMap::new();
    for (kind, v) in w.residents_per_community_officer {
        let key = format!("workload.residents_per_community_officer.{kind}");
        norms.insert(kind, real(&key, v)?);
    }
    if norms.is_empty() {
        return Err(bad(
            "workload.residents_per_community_officer",
            "{}".into(),
            "give a norm for every station kind, for example urban = 5000 and rural = 3000",
        ));
    }
    let mut categories = BTreeMap::new();
    for (name, c) in w.categories {
        let key = format!("workload.categories.{name}");
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '-');
        if !valid_name {
            return Err(bad(
                &key,
                format!("\"{name}\""),
                "a category name is letters, digits, `_` or `-`; its calls are read from the column `calls_<name>`",
            ));
        }
        categories.insert(
            name,
            CallCategory {
                hours_per_call: real(&format!("{key}.hours_per_call"), c.hours_per_call)?,
                officers_per_call: real(&format!("{key}.officers_per_call"), c.officers_per_call)?,
                divertible: c.divertible,
            },
        );
    }
    let reactive_share = w.reactive_share;
    if reactive_share == 0.0 {
        return Err(bad(
            "workload.reactive_share",
            "0".into(),
            "officers must keep some time for calls (a share above 0)",
        ));
    }
    let service = match w.service {
        None => None,
        Some(sf) => Some(resolve_service(sf, &bad, &real, &count)?),
    };
    Ok(Workload {
        hours_per_call: real("workload.hours_per_call", w.hours_per_call)?,
        officer_hours_per_year: real("workload.officer_hours_per_year", w.officer_hours_per_year)?,
        reactive_share: real("workload.reactive_share", reactive_share)?,
        call_growth: real("workload.call_growth", w.call_growth)?,
        divert_share: real("workload.divert_share", w.divert_share)?,
        residents_per_community_officer: norms,
        categories,
        service,
    })
}

/// The tables of a scenario that change the force and how it is counted.
struct ForceTables<'a> {
    force: &'a Option<ForceFile>,
    recruits: &'a Option<RecruitsFile>,
    strength: &'a Option<StrengthFile>,
    two_teams_one_room: &'a Option<TwoTeamsFile>,
}

/// Validates `[force]`, `[recruits]`, `[strength]` and
/// `[stations.two_teams_one_room]`.
fn resolve_force(
    file: &ForceTables,
    bad: &dyn Fn(&str, String, &str) -> InputError,
    valid: &dyn Fn(&str) -> keys::Valid,
    count: &dyn Fn(&str, i64) -> Result<i64, InputError>,
) -> Result<(ForceLevers, StrengthParams), InputError> {
    let mut force_levers = ForceLevers::default();
    if let Some(force) = file.force {
        if !valid("force.scale").real(force.scale) {
            return Err(bad(
                "force.scale",
                show(force.scale),
                &format!(
                    "{} (0.97 keeps 97% of every county's force)",
                    valid("force.scale").describe()
                ),
            ));
        }
        count("force.add", force.add)?;
        force_levers.force_scale = force.scale;
        force_levers.force_add = force.add;
    }
    if let Some(r) = file.recruits {
        force_levers.recruits = Some(count("recruits.total", r.total)?);
    }
    let mut strength = StrengthParams {
        recall_seconded: file.strength.as_ref().is_some_and(|s| s.recall_seconded),
        seconded_from: match file.strength.as_ref().map(|s| s.seconded_from) {
            Some(SecondedFromFile::Proportional) => SecondedFrom::Proportional,
            _ => SecondedFrom::Community,
        },
        asked: file.strength.is_some() || file.two_teams_one_room.is_some(),
        ..StrengthParams::default()
    };
    if let Some(t) = file.two_teams_one_room {
        strength.two_teams_one_room = TwoTeamsOneRoom {
            community_team: count(
                "stations.two_teams_one_room.community_team",
                t.community_team,
            )?,
            case_team: count("stations.two_teams_one_room.case_team", t.case_team)?,
            command_room: count("stations.two_teams_one_room.command_room", t.command_room)?,
        };
    }
    Ok((force_levers, strength))
}

#[cfg(test)]
mod tests;
