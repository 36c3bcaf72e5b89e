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
pub mod overrides;
pub mod roadmap;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::{
    Auxiliaries, Balance, CallCategory, CommunityScope, DutyMethod, ForceLevers, Levers, Params,
    Quotas, ServiceStandard, StrengthParams, Target, TwoTeamsOneRoom, Workload,
    DEFAULT_HOURLY_PROFILE, HOURS_PER_DAY, PROFILE_SUM_TOLERANCE,
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
struct ScenarioFile {
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
    #[serde(default)]
    auxiliaries: TargetFile,
    #[serde(default)]
    compare: Option<bool>,
}

#[derive(Debug, Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum TargetFile {
    #[default]
    Province,
    County,
    Leximin,
}

impl From<TargetFile> for Target {
    fn from(t: TargetFile) -> Target {
        match t {
            TargetFile::Province => Target::Province,
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

/// `[workload.service]`: the service standard (see `crate::model::service`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceFile {
    #[serde(default)]
    method: MethodFile,
    minutes_per_call: f64,
    #[serde(default = "two_officers")]
    officers_per_unit: f64,
    target_wait_probability: f64,
    #[serde(default)]
    max_utilisation: Option<f64>,
    #[serde(default)]
    min_units_on_duty: i64,
    #[serde(default)]
    hourly_profile: Option<Vec<f64>>,
    #[serde(default)]
    hourly_profile_by_kind: BTreeMap<String, Vec<f64>>,
}

#[derive(Debug, Deserialize, Default, Clone, Copy)]
enum MethodFile {
    #[default]
    #[serde(rename = "hours")]
    Hours,
    #[serde(rename = "erlang-c")]
    ErlangC,
}

/// Chinese field law enforcement sends at least two officers (两名以上民警).
fn two_officers() -> f64 {
    2.0
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
    #[serde(default = "one")]
    per_village: f64,
    #[serde(default)]
    duty_factor: f64,
}

impl Default for AuxiliariesFile {
    fn default() -> Self {
        AuxiliariesFile {
            total: None,
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

/// Reads the `[stations]` table header as `[station_defaults]` (see the module
/// documentation). Comments and whitespace around the header are kept.
pub fn normalise_tables(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    for line in source.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        // `[stations.two_teams_one_room]` and any other table under it.
        if compact == "[stations]" || (compact.starts_with("[stations.") && compact.ends_with(']'))
        {
            out.push_str(&line.replacen("stations", "station_defaults", 1));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The largest scenario file read (16 MiB; a scenario is a page of text).
const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;

fn read_text(path: &Path) -> Result<String, InputError> {
    let text = crate::input::file::read_limited(path, MAX_SCENARIO_BYTES)?;
    String::from_utf8(text).map_err(|e| InputError::Scenario {
        file: path.to_path_buf(),
        message: format!(
            "the scenario is not UTF-8 text (bad byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// Loads and validates a scenario file, following `extend`.
pub fn load(path: &Path) -> Result<Scenario, InputError> {
    let text = read_text(path)?;
    let table = parse_table(&text, path)?;
    if table.contains_key("extend") {
        from_table(&load_table(path)?)
    } else {
        parse(&text, path)
    }
}

/// A scenario read into one TOML table, with every `extend` merged in.
/// The `[stations]` header is already read as `station_defaults`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioTable {
    /// The merged keys (without `extend`).
    pub table: toml::Table,
    /// The file that was loaded (the top of the chain).
    pub file: PathBuf,
    /// The files merged, from the loaded file down to the last base.
    pub chain: Vec<PathBuf>,
    /// For `stations` and `counties`: the folder of the file that set them.
    pub data_dirs: BTreeMap<String, PathBuf>,
    /// Keys set on the command line ([`overrides::apply`]), already in
    /// `table`.
    pub overrides: Vec<overrides::Override>,
}

fn parse_table(text: &str, path: &Path) -> Result<toml::Table, InputError> {
    let normalised = normalise_tables(text);
    toml::from_str::<toml::Table>(&normalised).map_err(|e| InputError::Scenario {
        file: path.to_path_buf(),
        message: describe_toml_error(&e, Some(&normalised)),
    })
}

/// Reads a scenario file and the files it extends into one merged table.
pub fn load_table(path: &Path) -> Result<ScenarioTable, InputError> {
    let mut chain: Vec<PathBuf> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut tables: Vec<(toml::Table, PathBuf)> = Vec::new();
    let mut current = path.to_path_buf();
    loop {
        let identity = std::fs::canonicalize(&current).unwrap_or_else(|_| current.clone());
        if seen.contains(&identity) {
            let names: Vec<String> = chain
                .iter()
                .chain(std::iter::once(&current))
                .map(|p| p.display().to_string())
                .collect();
            return Err(InputError::Scenario {
                file: path.to_path_buf(),
                message: format!(
                    "`extend` forms a cycle: {}; a scenario cannot extend itself",
                    names.join(" → ")
                ),
            });
        }
        seen.push(identity);
        let text = read_text(&current)?;
        let mut table = parse_table(&text, &current)?;
        let next = match table.remove("extend") {
            None => None,
            Some(toml::Value::String(base)) => Some(base),
            Some(other) => {
                return Err(InputError::Scenario {
                    file: current.clone(),
                    message: format!(
                        "`extend` = {other} is not valid: give the path of the base scenario as a string, for example extend = \"baseline.toml\""
                    ),
                })
            }
        };
        chain.push(current.clone());
        let dir = current.parent().unwrap_or(Path::new("")).to_path_buf();
        tables.push((table, dir.clone()));
        match next {
            Some(base) => current = dir.join(base),
            None => break,
        }
    }
    // Merge from the last base up to the loaded file.
    let mut merged = toml::Table::new();
    let mut data_dirs = BTreeMap::new();
    for (table, dir) in tables.into_iter().rev() {
        for key in ["stations", "counties"] {
            if table.contains_key(key) {
                data_dirs.insert(key.to_string(), dir.clone());
            }
        }
        if keys::lookup(&table, "roadmap.roster").is_some() {
            data_dirs.insert("roadmap.roster".to_string(), dir.clone());
        }
        merge_tables(&mut merged, table);
    }
    Ok(ScenarioTable {
        table: merged,
        file: path.to_path_buf(),
        chain,
        data_dirs,
        overrides: Vec::new(),
    })
}

/// Merges `over` into `base`: tables merge key by key, recursively; any other
/// value (numbers, strings, arrays) replaces the base's. The `[sweep]` and
/// `[sample]` tables are replaced whole: a what-if names its own grid.
pub fn merge_tables(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        let whole = key == "sweep" || key == "sample";
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) if !whole => merge_tables(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Deserialises a merged table strictly and validates it.
pub fn from_table(st: &ScenarioTable) -> Result<Scenario, InputError> {
    let file: ScenarioFile = toml::Value::Table(st.table.clone())
        .try_into()
        .map_err(|e: toml::de::Error| InputError::Scenario {
            file: st.file.clone(),
            message: describe_merged_error(&e, &st.chain),
        })
        .map_err(|e| from_command_line(e, &st.overrides))?;
    let stations_dir = st.data_dirs.get("stations").cloned();
    let counties_dir = st.data_dirs.get("counties").cloned();
    let mut scenario = resolve(file, &st.file).map_err(|e| from_command_line(e, &st.overrides))?;
    scenario.table = st.table.clone();
    scenario.overrides = st.overrides.clone();
    scenario.extends = st.chain.iter().skip(1).cloned().collect();
    let top = st.file.parent().unwrap_or(Path::new(""));
    // `resolve` joined the data paths to the top file's folder; rebase the
    // ones a base file set.
    if let Some(dir) = stations_dir {
        if let Ok(rel) = scenario.stations.strip_prefix(top) {
            scenario.stations = dir.join(rel);
        }
    }
    if let Some(dir) = counties_dir {
        if let Ok(rel) = scenario.counties.strip_prefix(top) {
            scenario.counties = dir.join(rel);
        }
    }
    if let (Some(dir), Some(spec)) = (
        st.data_dirs.get("roadmap.roster"),
        scenario.roadmap.as_mut(),
    ) {
        if let Some(rel) = spec.roster.as_ref().and_then(|r| r.strip_prefix(top).ok()) {
            spec.roster = Some(dir.join(rel));
        }
    }
    Ok(scenario)
}

/// Says so when an error is about a value `--set` gave, not the file.
fn from_command_line(e: InputError, overrides: &[overrides::Override]) -> InputError {
    match e {
        InputError::Scenario { file, message } => match overrides::named_in(overrides, &message) {
            Some(o) => InputError::Scenario {
                file,
                message: format!(
                    "{message} (the value comes from --set {}={})",
                    o.key,
                    o.shown()
                ),
            },
            None => InputError::Scenario { file, message },
        },
        other => other,
    }
}

/// Loads a scenario with `--set` overrides ([`overrides`]): the file and the
/// files it extends are merged into one table, the overrides are set in it,
/// and the result is checked strictly, as a file is. Without overrides this
/// is [`load`].
pub fn load_with(path: &Path, sets: &[(String, String)]) -> Result<Scenario, InputError> {
    if sets.is_empty() {
        return load(path);
    }
    let mut st = load_table(path)?;
    overrides::apply(&mut st, sets)?;
    from_table(&st)
}

fn describe_merged_error(e: &toml::de::Error, chain: &[PathBuf]) -> String {
    let files: Vec<String> = chain.iter().map(|p| p.display().to_string()).collect();
    format!(
        "{} (in the scenario merged from {})",
        describe_toml_error(e, None),
        files.join(" extending ")
    )
}

/// Parses scenario text; `path` is used for messages and to resolve the data
/// paths.
pub fn parse(text: &str, path: &Path) -> Result<Scenario, InputError> {
    let normalised = normalise_tables(text);
    let file: ScenarioFile = toml::from_str(&normalised).map_err(|e| InputError::Scenario {
        file: path.to_path_buf(),
        message: describe_toml_error(&e, Some(&normalised)),
    })?;
    let mut scenario = resolve(file, path)?;
    // The file parsed strictly, so it parses as a plain table too.
    scenario.table = toml::from_str(&normalised).unwrap_or_default();
    Ok(scenario)
}

/// A TOML error as a message: with `text`, the source line is shown as a
/// window around the error (a one-line file of 20 MB is not echoed whole).
fn describe_toml_error(e: &toml::de::Error, text: Option<&str>) -> String {
    let full = match (e.span(), text) {
        (Some(span), Some(text)) => {
            crate::error::source_excerpt("TOML parse error", text, span, e.message().trim_end())
        }
        _ => e.to_string(),
    };
    let message = full
        .replace("station_defaults", "stations")
        .trim_end()
        .to_string();
    match crate::input::suggest::toml_unknown_field(&message) {
        Some(hint) => format!("{message}\n{hint}"),
        None => message,
    }
}

fn resolve(file: ScenarioFile, path: &Path) -> Result<Scenario, InputError> {
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

    let w = file.workload;
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
    let workload = Workload {
        hours_per_call: real("workload.hours_per_call", w.hours_per_call)?,
        officer_hours_per_year: real("workload.officer_hours_per_year", w.officer_hours_per_year)?,
        reactive_share: real("workload.reactive_share", reactive_share)?,
        call_growth: real("workload.call_growth", w.call_growth)?,
        divert_share: real("workload.divert_share", w.divert_share)?,
        residents_per_community_officer: norms,
        categories,
        service,
    };
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
            auxiliaries: file.balance.auxiliaries.into(),
            compare: file.balance.compare,
        },
    };
    let mut force_levers = ForceLevers::default();
    if let Some(force) = &file.force {
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
    if let Some(r) = &file.recruits {
        force_levers.recruits = Some(count("recruits.total", r.total)?);
    }
    let mut strength = StrengthParams {
        recall_seconded: file.strength.as_ref().is_some_and(|s| s.recall_seconded),
        asked: file.strength.is_some() || file.station_defaults.two_teams_one_room.is_some(),
        ..StrengthParams::default()
    };
    if let Some(t) = &file.station_defaults.two_teams_one_room {
        strength.two_teams_one_room = TwoTeamsOneRoom {
            community_team: count(
                "stations.two_teams_one_room.community_team",
                t.community_team,
            )?,
            case_team: count("stations.two_teams_one_room.case_team", t.case_team)?,
            command_room: count("stations.two_teams_one_room.command_room", t.command_room)?,
        };
    }
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

/// A list of numbers as a message shows it: the values, or the first few
/// and how many there are.
fn show_list(values: &[f64]) -> String {
    const SHOWN: usize = 30;
    let mut parts: Vec<String> = values.iter().take(SHOWN).map(|v| show(*v)).collect();
    if values.len() > SHOWN {
        parts.push(format!("… ({} values)", values.len()));
    }
    format!("[{}]", parts.join(", "))
}

/// What is wrong with an hourly profile, if anything: it must have 24
/// shares (hour 0 to 23), each a finite number of 0 or more, adding up to 1
/// within [`PROFILE_SUM_TOLERANCE`].
pub fn profile_problem(shares: &[f64]) -> Option<String> {
    if shares.len() != HOURS_PER_DAY {
        return Some(format!(
            "it must have {HOURS_PER_DAY} shares, one for each hour 0 to 23; it has {}",
            shares.len()
        ));
    }
    if let Some((h, v)) = shares
        .iter()
        .enumerate()
        .find(|(_, v)| !v.is_finite() || **v < 0.0)
    {
        return Some(format!(
            "the share of hour {h} is {}; every share must be a number of 0 or more",
            show(*v)
        ));
    }
    let sum: f64 = shares.iter().sum();
    if (sum - 1.0).abs() > PROFILE_SUM_TOLERANCE {
        return Some(format!(
            "the shares must add up to 1 (± {}); they add up to {}",
            show(PROFILE_SUM_TOLERANCE),
            show(sum)
        ));
    }
    None
}

/// Validates `[workload.service]`: every number in its registry range, and
/// every hourly profile 24 shares of 0 or more adding up to 1.
fn resolve_service(
    sf: ServiceFile,
    bad: &dyn Fn(&str, String, &str) -> InputError,
    real: &dyn Fn(&str, f64) -> Result<f64, InputError>,
    count: &dyn Fn(&str, i64) -> Result<i64, InputError>,
) -> Result<ServiceStandard, InputError> {
    let profile = |key: &str, values: &[f64]| -> Result<[f64; HOURS_PER_DAY], InputError> {
        match profile_problem(values) {
            Some(problem) => Err(bad(key, show_list(values), &problem)),
            None => {
                let mut out = [0.0; HOURS_PER_DAY];
                out.copy_from_slice(values);
                Ok(out)
            }
        }
    };
    let hourly_profile = match &sf.hourly_profile {
        Some(values) => profile("workload.service.hourly_profile", values)?,
        None => DEFAULT_HOURLY_PROFILE,
    };
    let mut by_kind = BTreeMap::new();
    for (kind, values) in &sf.hourly_profile_by_kind {
        let key = format!("workload.service.hourly_profile_by_kind.{kind}");
        by_kind.insert(kind.clone(), profile(&key, values)?);
    }
    let max_utilisation = match sf.max_utilisation {
        Some(u) => Some(real("workload.service.max_utilisation", u)?),
        None => None,
    };
    Ok(ServiceStandard {
        method: match sf.method {
            MethodFile::Hours => DutyMethod::Hours,
            MethodFile::ErlangC => DutyMethod::ErlangC,
        },
        minutes_per_call: real("workload.service.minutes_per_call", sf.minutes_per_call)?,
        officers_per_unit: real("workload.service.officers_per_unit", sf.officers_per_unit)?,
        target_wait_probability: real(
            "workload.service.target_wait_probability",
            sf.target_wait_probability,
        )?,
        max_utilisation,
        min_units_on_duty: count("workload.service.min_units_on_duty", sf.min_units_on_duty)?,
        hourly_profile,
        hourly_profile_by_kind: by_kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_profile_is_valid() {
        assert_eq!(profile_problem(&DEFAULT_HOURLY_PROFILE), None);
        let mut short = DEFAULT_HOURLY_PROFILE.to_vec();
        short[20] -= 0.01;
        assert!(profile_problem(&short).unwrap().contains("add up to 1"));
    }

    const SMALL: &str = r#"
name = "small"
stations = "stations.csv"
counties = "counties.csv"

[workload]
hours_per_call = 1.5
officer_hours_per_year = 1800
reactive_share = 0.5

[workload.residents_per_community_officer]
urban = 5000
rural = 3000

[stations]   # station defaults
min_officers = 3
"#;

    #[test]
    fn stations_path_and_stations_table_coexist() {
        let s = parse(SMALL, Path::new("dir/s.toml")).unwrap();
        assert_eq!(s.stations, Path::new("dir/stations.csv"));
        assert_eq!(s.min_officers, 3);
        assert_eq!(s.quotas.station_share, 0.4);
        assert_eq!(s.workload.call_growth, 1.0);
        assert_eq!(s.auxiliaries_total, None);
    }

    #[test]
    fn unknown_key_is_named() {
        let text = SMALL.replace(
            "reactive_share = 0.5",
            "reactive_share = 0.5\nreactiv_share = 0.5",
        );
        let e = parse(&text, Path::new("s.toml")).unwrap_err().to_string();
        assert!(e.contains("reactiv_share"), "{e}");
        let text = SMALL.replace("min_officers = 3", "min_officer = 3");
        let e = parse(&text, Path::new("s.toml")).unwrap_err().to_string();
        assert!(e.contains("min_officer"), "{e}");
        assert!(!e.contains("station_defaults"), "{e}");
    }

    #[test]
    fn share_outside_unit_interval_is_rejected() {
        let text = SMALL.replace("[stations]", "[quotas]\nstation_share = 1.4\n[stations]");
        let e = parse(&text, Path::new("s.toml")).unwrap_err().to_string();
        assert!(
            e.contains("quotas.station_share") && e.contains("1.4"),
            "{e}"
        );
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn extend_chains_override_keys_and_keep_data_paths_relative_to_their_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "base.toml", SMALL);
        write(
            dir.path(),
            "what-if/mid.toml",
            "extend = \"../base.toml\"\nname = \"mid\"\n[workload]\ncall_growth = 1.2\n",
        );
        let top = write(
            dir.path(),
            "what-if/top.toml",
            "extend = \"mid.toml\"\nname = \"top\"\n[stations]\nmin_officers = 4\n[force]\nadd = -3\n",
        );
        let s = load(&top).unwrap();
        assert_eq!(s.name, "top");
        assert_eq!(s.workload.call_growth, 1.2);
        assert_eq!(s.workload.hours_per_call, 1.5, "kept from the base");
        assert_eq!(s.min_officers, 4);
        assert_eq!(s.force_levers.force_add, -3);
        assert_eq!(s.stations, dir.path().join("what-if/../stations.csv"));
        let t = load_table(&top).unwrap();
        assert_eq!(t.chain.len(), 3);
    }

    #[test]
    fn extend_errors_are_strict() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "base.toml", SMALL);
        let a = write(dir.path(), "a.toml", "extend = \"b.toml\"\n");
        write(dir.path(), "b.toml", "extend = \"a.toml\"\n");
        let e = load(&a).unwrap_err().to_string();
        assert!(e.contains("cycle"), "{e}");
        let typo = write(
            dir.path(),
            "typo.toml",
            "extend = \"base.toml\"\n[workload]\ncall_grwth = 1.2\n",
        );
        let e = load(&typo).unwrap_err().to_string();
        assert!(e.contains("call_grwth"), "{e}");
        let missing = write(dir.path(), "missing.toml", "extend = \"nope.toml\"\n");
        let e = load(&missing).unwrap_err().to_string();
        assert!(e.contains("nope.toml"), "{e}");
        let wrong_type = write(
            dir.path(),
            "int.toml",
            "extend = \"base.toml\"\n[stations]\nmin_officers = 2.5\n",
        );
        assert!(load(&wrong_type).is_err());
        // A plain file keeps line numbers in its errors.
        let plain = write(
            dir.path(),
            "plain.toml",
            &SMALL.replace("urban = 5000", "urban = ="),
        );
        let e = load(&plain).unwrap_err().to_string();
        assert!(e.contains("line"), "{e}");
    }
}
