//! The result of one run as plain data: the plan and every figure an output
//! shows, computed once by the pipeline ([`crate::pipeline`], with
//! [`crate::model::analysis`]).
//!
//! This module sits between the model and the report: the model fills it,
//! the report formats it. It holds no solver and runs no analysis, and the
//! report reads nothing else about a solve.

use serde::{Deserialize, Serialize};

use crate::domain::{Params, Province, Target};
use crate::error::Warning;
pub use crate::plan::{CountyLimit, StationLimit};
use crate::plan::{Plan, Recruits};

/// A SHA-256 of one input file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct InputDigest {
    /// `scenario`, `stations` or `counties`.
    pub role: String,
    /// The file's path, as given.
    pub path: String,
    /// The SHA-256 of the file's bytes, in hex.
    pub sha256: String,
    /// The text encoding a CSV input was decoded with (`UTF-8`,
    /// `UTF-8 with BOM`, `GB18030 (GBK)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The worksheet a workbook input was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The field separator of a CSV input when it is not a comma (`tab`,
    /// `semicolon`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
}

/// Where a result came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Provenance {
    /// `staffing`.
    pub tool: String,
    /// The tool's version.
    pub version: String,
    /// What solved the plan (the engine and its settings).
    pub solver: String,
    /// Every input file with its digest.
    pub inputs: Vec<InputDigest>,
    /// Wall-clock seconds of the run; only in `--json` output, so that output
    /// files are byte-identical from run to run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    /// Scenario keys set on the command line (`--set key=value`), in the
    /// order given; absent when there were none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
}

/// One scenario key set on the command line (`--set key=value`), with the
/// value as the scenario read it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Override {
    /// The key path.
    pub key: String,
    /// The value as the scenario read it.
    pub value: toml::Value,
}

impl Override {
    /// The value as it would be typed after `--set key=`.
    pub fn shown(&self) -> String {
        match &self.value {
            toml::Value::String(s) => s.clone(),
            // 1e300, not its 301 digits.
            toml::Value::Float(f) => crate::numeric::show(*f),
            toml::Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        }
    }
}

impl Provenance {
    /// This tool, its version, the solver and the inputs.
    pub fn new(solver: &str, inputs: Vec<InputDigest>) -> Provenance {
        Provenance {
            tool: "staffing".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            solver: solver.into(),
            inputs,
            seconds: None,
            overrides: Vec::new(),
        }
    }
}

/// A station that limits the balance level.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BindingStation {
    /// The station's id.
    pub station_id: String,
    /// The station's name.
    pub name: String,
    /// Its county's id.
    pub county_id: String,
    /// `duty` or `community`.
    pub dimension: String,
    /// When the station's county has fewer officers at HQ today than its
    /// `hq_min`: the plan must first bring officers back from its stations
    /// to refill HQ, which is what leaves this station short.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hq_refill: Option<HqRefill>,
}

/// A county whose HQ is below its minimum today (`hq_min`): any plan
/// brings `hq_min − hq_today` officers back from its stations.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HqRefill {
    /// The county's name.
    pub county_name: String,
    /// HQ officers today: the force less the seconded away and the officers
    /// at stations.
    pub hq_today: i64,
    /// The HQ minimum (`hq_min`).
    pub hq_min: i64,
}

impl HqRefill {
    /// Officers the plan brings back from stations to HQ.
    pub fn refill(&self) -> i64 {
        self.hq_min - self.hq_today
    }
}

/// HQ officers of a county today: its force today less the officers
/// seconded away and those at its stations today.
pub fn hq_today(county: &crate::domain::County, figures: &BeforeAfter<CountyFigures>) -> i64 {
    figures.before.force - county.seconded_away - figures.before.station_officers
}

/// County c's HQ today against its `hq_min`, when HQ is below it and the
/// county's force does not change: every plan brings hq_min − HQ officers
/// back from the county's stations.
pub fn hq_refill(
    province: &crate::domain::Province,
    counties: &[BeforeAfter<CountyFigures>],
    c: usize,
) -> Option<HqRefill> {
    let county = &province.counties[c];
    let hq = hq_today(county, &counties[c]);
    // Newcomers to the county (recruits, a force increase) may refill HQ
    // instead: then its stations need not.
    let unchanged = counties[c].before.force == counties[c].after.force;
    (unchanged && hq < county.hq_min).then(|| HqRefill {
        county_name: county.name.clone(),
        hq_today: hq,
        hq_min: county.hq_min,
    })
}

/// A figure before and after the plan.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct BeforeAfter<T> {
    /// Today.
    pub before: T,
    /// Under the plan.
    pub after: T,
}

/// The summary of one solve: `summary.json` and the `--json` output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    /// The scenario's name.
    pub scenario: String,
    /// `optimal` or `time_limit`.
    pub status: String,
    /// t, the balance level of officers (`null`: no station has workload).
    pub balance_level: Option<f64>,
    /// Officers moved by the plan, all counties.
    pub officers_moved: i64,
    /// What the plan does and needs, as the report's first screen says it.
    pub headline: Headline,
    /// tₐ, the balance level of auxiliaries (`null`: no station has villages).
    pub auxiliary_balance_level: Option<f64>,
    /// Σₛ|aₛ − a⁰ₛ|: auxiliaries added or removed, station by station.
    pub auxiliaries_changed: i64,
    /// Officers at stations under the plan.
    pub station_officers: i64,
    /// Community officers under the plan.
    pub community_officers: i64,
    /// Officers at county HQs under the plan.
    pub hq_officers: i64,
    /// Auxiliaries placed by the plan.
    pub auxiliaries: i64,
    /// The auxiliary budget the plan spends within.
    pub auxiliary_budget: i64,
    /// The highest calls a year per duty officer of any station under the plan (`null`: a station with calls and no duty officer).
    pub worst_calls_per_duty_officer: Option<f64>,
    /// The most residents per community officer of any station under the plan.
    pub worst_residents_per_community_officer: Option<f64>,
    /// The same as `worst_calls_per_duty_officer`, today.
    pub worst_calls_per_duty_officer_before: Option<f64>,
    /// The same as `worst_residents_per_community_officer`, today.
    pub worst_residents_per_community_officer_before: Option<f64>,
    /// Counties in the data.
    pub counties: usize,
    /// Stations in the data.
    pub stations: usize,
    /// Counties meeting the station share rule, today and planned.
    pub counties_meeting_station_share: BeforeAfter<usize>,
    /// Counties meeting the community share rule, today and planned.
    pub counties_meeting_community_share: BeforeAfter<usize>,
    /// Where the `[recruits]` lever placed new officers (lever on only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recruits: Option<RecruitsSummary>,
    /// Paper versus real strength, when the data has nominal, seconded or
    /// restricted officers or the scenario asks (`docs/strength.md`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strength: Option<StrengthSummary>,
    /// The stations that limit the balance level.
    pub binding_stations: Vec<BindingStation>,
    /// The service standard's figures (`[workload.service]` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceSummary>,
    /// Both duty methods side by side (`solve --compare-methods` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<MethodFigures>>,
    /// What looks wrong in the input data without being invalid.
    pub warnings: Warnings,
    /// The balance targets, per county figures and the comparison of the
    /// three targets; only when a target is not `province` or the
    /// comparison ran (`[balance]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance: Option<BalanceSummary>,
    /// The folder the outputs were written to, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_dir: Option<String>,
    /// Where the result came from: the tool, the solver, the inputs.
    pub provenance: Provenance,
}

/// The data warnings of a run ([`crate::error::Warning`]): how many, and
/// the first [`Warnings::LISTED`] of them.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Warnings {
    /// How many warnings the run raised.
    pub count: usize,
    /// The first of them, at most [`Warnings::LISTED`].
    pub list: Vec<Warning>,
}

impl Warnings {
    /// At most this many warnings are listed in `summary.json`.
    pub const LISTED: usize = 200;

    /// The count and the first [`Warnings::LISTED`] of `warnings`.
    pub fn of(warnings: &[Warning]) -> Warnings {
        Warnings {
            count: warnings.len(),
            list: warnings.iter().take(Self::LISTED).cloned().collect(),
        }
    }
}

impl Summary {
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

/// What a plan does and what it needs, in the figures the report's first
/// screen states in words (`summary.json`: `headline`).
///
/// The moves split the plan's officers moved ([`Summary::officers_moved`]):
/// `officers_from_hq_to_stations + officers_between_stations +
/// officers_from_stations_to_hq = officers_moved`. Officers new to a county
/// (`[recruits]`, a `[force]` increase) who take a station post are not
/// moves: they are `new_officers_to_stations`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Headline {
    /// Existing officers who go from a county HQ down to its stations (机关下沉).
    pub officers_from_hq_to_stations: i64,
    /// Officers who move from one station to another of the same county.
    pub officers_between_stations: i64,
    /// Officers who go from stations up to their county HQ.
    pub officers_from_stations_to_hq: i64,
    /// Officers new to the force (recruits, a force increase) placed at
    /// stations.
    pub new_officers_to_stations: i64,
    /// The fewest officers beyond the plan's force that would bring every
    /// station to level 1.0 (its workload covered): Σc extra_c(1.0), exact.
    /// 0 when the plan already reaches 1.0; `None` when no number of
    /// officers would, because locks, building capacities or move caps stop
    /// some station.
    pub recruits_for_level_one: Option<i64>,
    /// 一村一辅警 coverage, Σ min(aₛ, villagesₛ) ÷ Σ villagesₛ, today and
    /// planned (`None`: the data has no villages).
    pub village_coverage: BeforeAfter<Option<f64>>,
    /// Stations with fewer auxiliaries than villages, today and planned.
    pub stations_below_one_auxiliary_per_village: BeforeAfter<usize>,
    /// Stations with at least one auxiliary per village today and fewer
    /// under the plan (their posts go to less covered stations).
    pub stations_cut_below_one_auxiliary_per_village: usize,
    /// Where the auxiliary budget is set: `county` or `province`.
    pub auxiliary_budget_scope: String,
    /// Counties whose auxiliary posts (their budget under `county`, what
    /// the plan gives them under `province`) are fewer than their villages:
    /// one per village cannot reach every station there.
    pub counties_with_fewer_posts_than_villages: usize,
}

/// Where the `[recruits]` lever placed new officers (`summary.json`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RecruitsSummary {
    /// Recruits placed, Σc Rc.
    pub used: i64,
    /// Recruits that cannot raise the balance level, left unplaced.
    pub leftover: i64,
    /// Rc by county id (counties with none included).
    pub per_county: std::collections::BTreeMap<String, i64>,
}

/// `summary.json`'s `balance`: the targets used, each county's own best
/// level, lowest station level after the plan and moves, and the three
/// targets compared.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BalanceSummary {
    /// `standard`, `province`, `county` or `leximin`.
    pub target: String,
    /// The auxiliaries' target, in the same words.
    pub auxiliaries: String,
    /// The standard level `standard` caps station levels at (`[balance] cap`).
    pub cap: f64,
    /// Stations whose cover level is below 1.0 under this plan.
    pub stations_below_1: usize,
    /// Per county, in input order.
    pub counties: Vec<CountyBalance>,
    /// The officer targets compared on the same data, when the comparison ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Vec<TargetSummary>>,
}

/// One county in `summary.json`'s `balance`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CountyBalance {
    /// The county's id.
    pub county_id: String,
    /// t*c, the level the county could reach alone (`null`: no workload).
    pub best_level: Option<f64>,
    /// The lowest cover level of its stations after the plan.
    pub lowest_level: Option<f64>,
    /// Officers the plan moves in the county.
    pub officers_moved: i64,
}

/// One target in `summary.json`'s comparison.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetSummary {
    /// The target's name.
    pub target: String,
    /// `optimal` or `time_limit`.
    pub status: String,
    /// Officers its plan moves.
    pub officers_moved: i64,
    /// Gini of officers against workload (0: officers in proportion).
    pub gini: Option<f64>,
    /// Stations whose cover level is below 1.0 (workload not covered).
    pub stations_below_1: usize,
    /// The lowest station cover level in the province.
    pub lowest_level: Option<f64>,
    /// The lowest station cover level of each county, in input order.
    pub lowest_level_by_county: Vec<Option<f64>>,
}

/// Fairness figures of one county under a plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountyFairness {
    /// t*c (`None`: no workload).
    pub best_level: Option<f64>,
    /// The level the target holds its stations to at least (`None`: none).
    pub held_level: Option<f64>,
    /// The lowest cover level of its stations today and after the plan.
    pub lowest: BeforeAfter<Option<f64>>,
    /// Stations whose cover level is below 1.0, today and after.
    pub below_one: BeforeAfter<usize>,
    /// Stations with a cover level.
    pub stations: usize,
    /// Officers the plan moves in the county.
    pub officers_moved: i64,
}

/// The figures of one officer target, for the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetFigures {
    /// The officer target.
    pub target: Target,
    /// `optimal` or `time_limit`.
    pub status: String,
    /// Officers its plan moves.
    pub officers_moved: i64,
    /// Gini of officers against workload under its plan.
    pub gini: Option<f64>,
    /// Stations whose cover level is below 1.0 under its plan.
    pub stations_below_one: usize,
    /// The lowest station cover level in the province under its plan.
    pub lowest_level: Option<f64>,
    /// Counties whose lowest station is below their own best level t*c.
    pub counties_below_best: usize,
    /// Per county, in input order.
    pub county_lowest: Vec<Option<f64>>,
    /// Per county, in input order.
    pub county_moves: Vec<i64>,
    /// Every station's cover level (`None`: no requirement), input order.
    pub station_levels: Vec<Option<f64>>,
}

/// Fairness inside counties: the targets used, each county's figures and,
/// when asked, the three officer targets compared on the same data.
#[derive(Debug, Clone, PartialEq)]
pub struct FairnessFigures {
    /// The officer target used.
    pub target: Target,
    /// The auxiliary target used.
    pub auxiliaries: Target,
    /// Per county, in input order.
    pub counties: Vec<CountyFairness>,
    /// Province, county and leximin, in that order.
    pub comparison: Option<Vec<TargetFigures>>,
    /// The Lorenz curve of officers against workload today and under the
    /// plan.
    pub lorenz: BeforeAfter<Option<Lorenz>>,
}

impl FairnessFigures {
    /// Whether outputs show fairness: a target other than `province`, or
    /// the comparison.
    pub fn shown(&self) -> bool {
        self.target != Target::Province
            || self.auxiliaries != Target::Province
            || self.comparison.is_some()
    }
}

/// The headline figures of a plan, for comparisons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanTotals {
    /// Stations in the data the plan is for.
    pub stations: usize,
    /// t (`None`: no station has workload).
    pub balance_level: Option<f64>,
    /// Officers moved.
    pub officers_moved: i64,
    /// tₐ (`None`: no station has villages).
    pub auxiliary_balance_level: Option<f64>,
    /// Auxiliaries added or removed, station by station.
    pub auxiliaries_changed: i64,
}

impl PlanTotals {
    /// The totals of `plan` for data of `stations` stations.
    pub fn of(plan: &Plan, stations: usize) -> PlanTotals {
        PlanTotals {
            stations,
            balance_level: plan.balance_level,
            officers_moved: plan.officers_moved,
            auxiliary_balance_level: plan.auxiliary_balance_level,
            auxiliaries_changed: plan.auxiliaries_changed,
        }
    }
}

/// The plan with the scenario's mergers against the plan without them.
#[derive(Debug, Clone, PartialEq)]
pub struct MergerComparison {
    /// The plan with the mergers.
    pub with: PlanTotals,
    /// The plan of the data without the mergers, or how many rules it breaks
    /// (it has no plan), with the number of stations.
    pub without: Result<PlanTotals, (usize, usize)>,
}

/// One key of the scenario and its value, for the report's parameter table
/// (see `crate::scenario::keys::parameters`).
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The key path, as the scenario file writes it.
    pub path: String,
    /// Label (Chinese, English).
    pub label: (&'static str, &'static str),
    /// Unit (Chinese, English); empty when none.
    pub unit: (&'static str, &'static str),
    /// The value as the file writes it, or the default in words.
    pub value: String,
    /// The scenario (or a file it extends) sets the key.
    pub set: bool,
}

/// One solved scenario: the plan and its figures.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The name outputs carry (the scenario's).
    pub scenario: String,
    /// The province the plan deploys: today's data, with the forces the
    /// levers planned.
    pub province: Province,
    /// The parameters the plan was solved with.
    pub params: Params,
    /// The plan.
    pub plan: Plan,
    /// Per station, in input order.
    pub stations: Vec<StationFigures>,
    /// Per county, in input order: the two 40% rules today and planned.
    pub counties: Vec<BeforeAfter<CountyFigures>>,
    /// What `summary.json` and `--json` print.
    pub summary: Summary,
    /// Where the `[recruits]` lever placed new officers, when it is on.
    pub recruits: Option<Recruits>,
    /// Every scenario key with its value or default.
    pub parameters: Vec<Parameter>,
    /// Paper versus real strength, when the data has nominal, seconded or
    /// restricted officers or the scenario asks (`None`: every output is
    /// as without real strength).
    pub strength: Option<StrengthFigures>,
    /// The province's service by hour of day (`[workload.service]` only).
    pub service: Option<ServiceOutcome>,
    /// Both duty methods on the same data (`solve --compare-methods`).
    pub comparison: Option<MethodComparison>,
    /// The balance targets and their figures.
    pub fairness: FairnessFigures,
}

mod explanations;
mod figures;
mod service;
mod strength;

pub use explanations::{
    AuxiliaryMarginal, BindingDetail, Explanations, OfficerMarginal, Transfer, TransferKind,
};
pub use figures::{
    cover_level, lorenz, CountyFigures, Load, Lorenz, Need, StationFigures, VillageCover,
};
pub use service::{
    MethodComparison, MethodFigures, ServiceLevel, ServiceOutcome, ServiceStation, ServiceSummary,
    StationDifference, StationService,
};
pub use strength::{
    BookKind, BookLine, CountyStrength, PaperReal, StrengthFigures, StrengthSummary,
    TwoTeamsSummary,
};

#[cfg(test)]
mod tests;
