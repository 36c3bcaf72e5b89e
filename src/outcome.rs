//! The result of one run as plain data: the plan and every figure an output
//! shows, computed once by the pipeline ([`crate::pipeline`], with
//! [`crate::model::analysis`]).
//!
//! This module sits between the model and the report: the model fills it,
//! the report formats it. It holds no solver and runs no analysis, and the
//! report reads nothing else about a solve.

use serde::Serialize;

use crate::domain::{Params, Province, Target};
use crate::plan::{Binding, Dimension, Plan, Recruits};

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

impl Provenance {
    /// This tool, its version, the solver and the inputs.
    pub fn new(solver: &str, inputs: Vec<InputDigest>) -> Provenance {
        Provenance {
            tool: "staffing".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            solver: solver.into(),
            inputs,
            seconds: None,
        }
    }
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

/// A figure before and after the plan.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct BeforeAfter<T> {
    pub before: T,
    pub after: T,
}

/// The summary of one solve: `summary.json` and the `--json` output.
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
    /// The balance targets, per county figures and the comparison of the
    /// three targets; only when a target is not `province` or the
    /// comparison ran (`[balance]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance: Option<BalanceSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_dir: Option<String>,
    pub provenance: Provenance,
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

/// `summary.json`'s `balance`: the targets used, each county's own best
/// level, lowest station level after the plan and moves, and the three
/// targets compared.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BalanceSummary {
    /// `province`, `county` or `leximin`.
    pub target: String,
    pub auxiliaries: String,
    pub counties: Vec<CountyBalance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Vec<TargetSummary>>,
}

/// One county in `summary.json`'s `balance`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CountyBalance {
    pub county_id: String,
    /// t*c, the level the county could reach alone (`null`: no workload).
    pub best_level: Option<f64>,
    /// The lowest cover level of its stations after the plan.
    pub lowest_level: Option<f64>,
    pub officers_moved: i64,
}

/// One target in `summary.json`'s comparison.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TargetSummary {
    pub target: String,
    pub status: String,
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
    pub officers_moved: i64,
}

/// The figures of one officer target, for the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetFigures {
    pub target: Target,
    pub status: String,
    pub officers_moved: i64,
    pub gini: Option<f64>,
    pub stations_below_one: usize,
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
    pub target: Target,
    pub auxiliaries: Target,
    /// Per county, in input order.
    pub counties: Vec<CountyFairness>,
    /// Province, county and leximin, in that order.
    pub comparison: Option<Vec<TargetFigures>>,
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

/// What one station needs at balance level 1.0, in full-time officers and
/// auxiliary posts.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Need {
    /// Duty officers Dₛ.
    pub duty: f64,
    /// Community officers Cₛ.
    pub community: f64,
    /// Auxiliary posts Vₛ for village cover.
    pub villages: f64,
    /// Duty already covered by auxiliaries, κₛ.
    pub duty_credit: f64,
}

impl Need {
    /// The station's cover level under a deployment: the smaller of
    /// (xₛ − yₛ) ÷ Dₛ and yₛ ÷ Cₛ over the requirements it has (`None`:
    /// no requirement).
    pub fn cover_level(&self, officers: i64, community: i64) -> Option<f64> {
        let mut level: Option<f64> = None;
        if self.duty > 0.0 {
            level = Some((officers - community) as f64 / self.duty);
        }
        if self.community > 0.0 {
            let c = community as f64 / self.community;
            level = Some(level.map_or(c, |l| l.min(c)));
        }
        level
    }

    /// Dₛ + Cₛ, the workload officers are compared with.
    pub fn workload(&self) -> f64 {
        self.duty + self.community
    }
}

/// Workload per person at one station under one deployment.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Load {
    /// Calls a year per duty officer (`None`: calls and no duty officer).
    pub calls_per_duty_officer: Option<f64>,
    /// Residents per community officer (`None`: residents and no community
    /// officer).
    pub residents_per_community_officer: Option<f64>,
}

/// The figures of one station.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StationFigures {
    pub need: Need,
    /// 110 calls the station handles under the scenario.
    pub calls: f64,
    pub before: Load,
    pub after: Load,
}

/// The two 40% rules of one county under one deployment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountyFigures {
    pub station_officers: i64,
    pub community_officers: i64,
    pub station_share: f64,
    pub community_share: f64,
    pub station_rule: bool,
    pub community_rule: bool,
}

/// One auxiliary per village in one county under one deployment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VillageCover {
    /// Stations with fewer auxiliaries than village posts.
    pub short: i64,
    /// Σ min(aₛ, Vₛ) ÷ Σ Vₛ (1 when the county has no villages).
    pub cover: f64,
}

/// What stops a county's level from rising above its best level t*c: the
/// first rule that fails just above t*c.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountyLimit {
    /// No officer left above hq_min: one more officer helps.
    Force,
    /// A station's own bounds (its index and which): locked, building
    /// capacity or its move cap. One more officer in the county does not help.
    Station(usize, StationLimit),
    /// Building capacity, locks and station move caps together (Σuₛ).
    Capacity,
    /// The county's move cap.
    MoveCap,
    /// Nothing (no workload: any level).
    None,
    /// Under `leximin`: the station could rise alone, but only `rose` of
    /// the `tied` stations at its level could rise together, and it was not
    /// one of them (the fill tried every such choice).
    Tie { rose: usize, tied: usize },
}

/// Which bound of a station stops it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StationLimit {
    Locked,
    Capacity,
    MoveCap,
}

impl StationLimit {
    pub fn as_str(self) -> &'static str {
        match self {
            StationLimit::Locked => "locked",
            StationLimit::Capacity => "building capacity (max_officers)",
            StationLimit::MoveCap => "station move cap",
        }
    }
}

/// One more officer in one county.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficerMarginal {
    pub county: usize,
    /// t*c (`f64::INFINITY`: no workload).
    pub level: f64,
    /// t⁺c with one more officer.
    pub level_plus: f64,
    /// The province's level with one more officer in this county.
    pub province_plus: f64,
    /// Where it goes: the stations that step up just above t*c.
    pub stations: Vec<(usize, Dimension)>,
    /// What stops the county's level from rising.
    pub limit: CountyLimit,
}

/// One more auxiliary post in one county.
#[derive(Debug, Clone, PartialEq)]
pub struct AuxiliaryMarginal {
    pub county: usize,
    /// The station with the lowest cover aₛ ÷ Vₛ (`None`: no villages).
    pub station: Option<usize>,
    /// That cover (the county's auxiliary level).
    pub cover: Option<f64>,
    /// The province's auxiliary level with the post.
    pub province_plus: Option<f64>,
    /// The county's officer level with the post's duty credit (f > 0 only).
    pub officer_level_plus: Option<f64>,
}

/// One line of a county's transfer list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer {
    pub county: usize,
    pub officers: i64,
    /// Station index into [`Province::stations`]; `None` is the county's HQ.
    pub from: Option<usize>,
    pub to: Option<usize>,
}

/// A station that binds the balance level, with the people its dimension
/// needs at the level and just above it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BindingDetail {
    pub binding: Binding,
    /// The dimension's requirement at level 1.0.
    pub requirement: f64,
    pub needed_at_level: i64,
    pub needed_just_above: i64,
    /// What stops the station's county.
    pub limit: CountyLimit,
    /// Under the `county` and `leximin` targets: the filling step that
    /// fixed the station (1 under `county`) and the level it is held at
    /// (the needs above are taken there).
    pub fill: Option<(usize, f64)>,
}

/// The headline figures of a plan, for comparisons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanTotals {
    pub stations: usize,
    pub balance_level: Option<f64>,
    pub officers_moved: i64,
    pub auxiliary_balance_level: Option<f64>,
    pub auxiliaries_changed: i64,
}

impl PlanTotals {
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
    pub params: Params,
    pub plan: Plan,
    /// Per station, in input order.
    pub stations: Vec<StationFigures>,
    /// Per county, in input order: the two 40% rules today and planned.
    pub counties: Vec<BeforeAfter<CountyFigures>>,
    pub summary: Summary,
    /// Where the `[recruits]` lever placed new officers, when it is on.
    pub recruits: Option<Recruits>,
    /// Every scenario key with its value or default.
    pub parameters: Vec<Parameter>,
    /// The balance targets and their figures.
    pub fairness: FairnessFigures,
}

/// What explains a plan: who moves where, the rules before and after, what
/// binds the level and where one more person helps most.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanations {
    pub transfers: Vec<Transfer>,
    /// Per county: one auxiliary per village today and planned.
    pub villages: Vec<BeforeAfter<VillageCover>>,
    /// One per entry of the plan's binding stations.
    pub binding: Vec<BindingDetail>,
    /// Ranked: the highest province level first.
    pub officer_marginals: Vec<OfficerMarginal>,
    /// Per county, in input order.
    pub auxiliary_marginals: Vec<AuxiliaryMarginal>,
    /// When the scenario merges stations.
    pub mergers: Option<MergerComparison>,
}
