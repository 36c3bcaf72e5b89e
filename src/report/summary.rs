//! `summary.json` and the `--json` output.

use serde::Serialize;

use super::metrics::{
    calls_per_duty_officer, county_figures, planned, residents_per_community_officer, today, worst,
};
use super::Solved;

/// A SHA-256 of one input file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InputDigest {
    /// `scenario`, `stations` or `counties`.
    pub role: String,
    pub path: String,
    pub sha256: String,
    /// The text encoding a CSV input was decoded with (`UTF-8`,
    /// `UTF-8 with BOM`, `GB18030 (GBK)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The worksheet a workbook input was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

/// Where a result came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Provenance {
    pub tool: String,
    pub version: String,
    pub solver: String,
    pub inputs: Vec<InputDigest>,
    /// Wall-clock seconds of the run; only in `--json` output, so that output
    /// files are byte-identical from run to run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
}

/// A station that limits the balance level.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BindingStation {
    pub station_id: String,
    pub name: String,
    pub county_id: String,
    /// `duty` or `community`.
    pub dimension: String,
}

/// Counts of counties meeting a rule.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BeforeAfter<T> {
    pub before: T,
    pub after: T,
}

/// The summary of one solve.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    pub scenario: String,
    pub status: String,
    pub balance_level: Option<f64>,
    pub officers_moved: i64,
    pub auxiliary_balance_level: Option<f64>,
    pub auxiliaries_changed: i64,
    pub station_officers: i64,
    pub community_officers: i64,
    pub hq_officers: i64,
    pub auxiliaries: i64,
    pub auxiliary_budget: i64,
    pub worst_calls_per_duty_officer: Option<f64>,
    pub worst_residents_per_community_officer: Option<f64>,
    pub worst_calls_per_duty_officer_before: Option<f64>,
    pub worst_residents_per_community_officer_before: Option<f64>,
    pub counties: usize,
    pub stations: usize,
    pub counties_meeting_station_share: BeforeAfter<usize>,
    pub counties_meeting_community_share: BeforeAfter<usize>,
    pub binding_stations: Vec<BindingStation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_dir: Option<String>,
    pub provenance: Provenance,
}

impl Summary {
    /// Builds the summary of a solved scenario.
    pub fn new(solved: &Solved, provenance: Provenance) -> Summary {
        let Solved {
            province,
            params,
            plan,
            scenario_name,
        } = solved;
        let stations = &province.stations;
        let sum = |f: &dyn Fn(usize) -> i64| (0..stations.len()).map(f).sum::<i64>();
        let station_officers = sum(&|s| plan.stations[s].officers);
        let community_officers = sum(&|s| plan.stations[s].community_officers);
        let auxiliaries = sum(&|s| plan.stations[s].auxiliaries);
        let force: i64 = province.counties.iter().map(|c| c.officers_total).sum();
        let meeting = |after: bool, station_rule: bool| {
            province
                .counties
                .iter()
                .filter(|c| {
                    let f = if after {
                        county_figures(c, params, planned(plan))
                    } else {
                        county_figures(c, params, today(province))
                    };
                    if station_rule {
                        f.station_rule
                    } else {
                        f.community_rule
                    }
                })
                .count()
        };
        Summary {
            scenario: scenario_name.to_string(),
            status: plan.status.as_str().to_string(),
            balance_level: plan.balance_level,
            officers_moved: plan.officers_moved,
            auxiliary_balance_level: plan.auxiliary_balance_level,
            auxiliaries_changed: plan.auxiliaries_changed,
            station_officers,
            community_officers,
            hq_officers: force - station_officers,
            auxiliaries,
            auxiliary_budget: params.auxiliaries.total,
            worst_calls_per_duty_officer: worst(
                stations.iter().zip(&plan.stations).map(|(s, p)| {
                    calls_per_duty_officer(s, params, p.officers, p.community_officers)
                }),
            ),
            worst_residents_per_community_officer: worst(
                stations
                    .iter()
                    .zip(&plan.stations)
                    .map(|(s, p)| residents_per_community_officer(s, p.community_officers)),
            ),
            worst_calls_per_duty_officer_before: worst(
                stations
                    .iter()
                    .map(|s| calls_per_duty_officer(s, params, s.officers, s.community_officers)),
            ),
            worst_residents_per_community_officer_before: worst(
                stations
                    .iter()
                    .map(|s| residents_per_community_officer(s, s.community_officers)),
            ),
            counties: province.counties.len(),
            stations: stations.len(),
            counties_meeting_station_share: BeforeAfter {
                before: meeting(false, true),
                after: meeting(true, true),
            },
            counties_meeting_community_share: BeforeAfter {
                before: meeting(false, false),
                after: meeting(true, false),
            },
            binding_stations: plan
                .binding
                .iter()
                .map(|b| {
                    let s = &stations[b.station];
                    BindingStation {
                        station_id: s.id.clone(),
                        name: s.name.clone(),
                        county_id: province.counties[s.county].id.clone(),
                        dimension: b.dimension.as_str().to_string(),
                    }
                })
                .collect(),
            output_dir: None,
            provenance,
        }
    }

    /// The `summary.json` file: pretty, without timing, byte-identical from
    /// run to run.
    pub fn to_file_json(&self) -> Vec<u8> {
        let mut s = self.clone();
        s.provenance.seconds = None;
        let mut out = serde_json::to_vec_pretty(&s).unwrap_or_default();
        out.push(b'\n');
        out
    }
}
