//! Scenario files: strict TOML, resolved into [`Scenario`].
//!
//! The data contract writes the input paths as top-level keys (`stations =
//! "stations.csv"`) and the station defaults as a `[stations]` table. Strict
//! TOML forbids one key being both, so before parsing, a `[stations]` table
//! header is read as `[station_defaults]`; nothing else is rewritten and line
//! numbers stay the same. An unknown key anywhere is an error that names it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::{Auxiliaries, CommunityScope, Params, Quotas, Workload};
use crate::error::InputError;

/// A parsed, validated scenario. Paths are resolved against the scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: Option<String>,
    /// The scenario file itself.
    pub file: PathBuf,
    pub stations: PathBuf,
    pub counties: PathBuf,
    pub workload: Workload,
    pub quotas: Quotas,
    pub min_officers: i64,
    /// `None` keeps today's provincial total of auxiliaries as the budget.
    pub auxiliaries_total: Option<i64>,
    pub per_village: f64,
}

impl Scenario {
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
            },
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
}

impl Default for StationDefaultsFile {
    fn default() -> Self {
        StationDefaultsFile { min_officers: 2 }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuxiliariesFile {
    #[serde(default)]
    total: Option<i64>,
    #[serde(default = "one")]
    per_village: f64,
}

impl Default for AuxiliariesFile {
    fn default() -> Self {
        AuxiliariesFile {
            total: None,
            per_village: 1.0,
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
        if compact == "[stations]" {
            out.push_str(&line.replacen("stations", "station_defaults", 1));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Loads and validates a scenario file.
pub fn load(path: &Path) -> Result<Scenario, InputError> {
    let text = std::fs::read(path).map_err(|source| InputError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(text).map_err(|e| InputError::Scenario {
        file: path.to_path_buf(),
        message: format!(
            "the scenario is not UTF-8 text (bad byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ),
    })?;
    parse(&text, path)
}

/// Parses scenario text; `path` is used for messages and to resolve the data
/// paths.
pub fn parse(text: &str, path: &Path) -> Result<Scenario, InputError> {
    let normalised = normalise_tables(text);
    let file: ScenarioFile = toml::from_str(&normalised).map_err(|e| InputError::Scenario {
        file: path.to_path_buf(),
        message: describe_toml_error(&e),
    })?;
    resolve(file, path)
}

fn describe_toml_error(e: &toml::de::Error) -> String {
    let message = e
        .to_string()
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
    let share = |key: &str, v: f64| -> Result<f64, InputError> {
        if v.is_finite() && (0.0..=1.0).contains(&v) {
            Ok(v)
        } else {
            Err(bad(key, v.to_string(), "a share must lie in [0, 1]"))
        }
    };
    let positive = |key: &str, v: f64| -> Result<f64, InputError> {
        if v.is_finite() && v > 0.0 {
            Ok(v)
        } else {
            Err(bad(
                key,
                v.to_string(),
                "it must be a finite number above 0",
            ))
        }
    };
    let non_negative = |key: &str, v: f64| -> Result<f64, InputError> {
        if v.is_finite() && v >= 0.0 {
            Ok(v)
        } else {
            Err(bad(
                key,
                v.to_string(),
                "it must be a finite number of 0 or more",
            ))
        }
    };

    let w = file.workload;
    let mut norms = BTreeMap::new();
    for (kind, v) in w.residents_per_community_officer {
        let key = format!("workload.residents_per_community_officer.{kind}");
        norms.insert(kind, positive(&key, v)?);
    }
    if norms.is_empty() {
        return Err(bad(
            "workload.residents_per_community_officer",
            "{}".into(),
            "give a norm for every station kind, for example urban = 5000 and rural = 3000",
        ));
    }
    let reactive_share = share("workload.reactive_share", w.reactive_share)?;
    if reactive_share == 0.0 {
        return Err(bad(
            "workload.reactive_share",
            "0".into(),
            "officers must keep some time for calls (a share above 0)",
        ));
    }
    let workload = Workload {
        hours_per_call: non_negative("workload.hours_per_call", w.hours_per_call)?,
        officer_hours_per_year: positive(
            "workload.officer_hours_per_year",
            w.officer_hours_per_year,
        )?,
        reactive_share,
        call_growth: non_negative("workload.call_growth", w.call_growth)?,
        divert_share: share("workload.divert_share", w.divert_share)?,
        residents_per_community_officer: norms,
    };
    let quotas = Quotas {
        station_share: share("quotas.station_share", file.quotas.station_share)?,
        community_share: share("quotas.community_share", file.quotas.community_share)?,
        community_scope: match file.quotas.community_scope {
            ScopeFile::County => CommunityScope::County,
            ScopeFile::Station => CommunityScope::Station,
        },
    };
    let min_officers = file.station_defaults.min_officers;
    if min_officers < 0 {
        return Err(bad(
            "stations.min_officers",
            min_officers.to_string(),
            "it must be a whole number of 0 or more",
        ));
    }
    if let Some(total) = file.auxiliaries.total {
        if total < 0 {
            return Err(bad(
                "auxiliaries.total",
                total.to_string(),
                "it must be a whole number of 0 or more",
            ));
        }
    }
    let per_village = non_negative("auxiliaries.per_village", file.auxiliaries.per_village)?;
    let name = file.name.trim().to_string();
    if name.is_empty() {
        return Err(bad("name", "\"\"".into(), "give the scenario a name"));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(Scenario {
        name,
        description: file.description,
        file: path.to_path_buf(),
        stations: base.join(&file.stations),
        counties: base.join(&file.counties),
        workload,
        quotas,
        min_officers,
        auxiliaries_total: file.auxiliaries.total,
        per_village,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
