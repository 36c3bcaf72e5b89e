//! Domain types: stations, counties and the planning parameters.
//!
//! Pure data, no I/O and no solver types. Everything the model needs is here,
//! already validated by the input layer (non-negative, finite, ids resolved).

use std::collections::BTreeMap;

/// One grassroots police station (派出所) with its workload and today's deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    /// The station's id in the data (`station_id`), unique in the province.
    pub id: String,
    /// Index of the station's county in [`Province::counties`].
    pub county: usize,
    /// The station's name, as the data writes it.
    pub name: String,
    /// `urban`, `rural`, or any kind the scenario gives a norm.
    pub kind: String,
    /// Residents served.
    pub population: f64,
    /// Administrative villages or communities.
    pub villages: f64,
    /// Area served, in km².
    pub area_km2: f64,
    /// 110 calls a year.
    pub calls: f64,
    /// Today's officers x⁰ₛ.
    pub officers: i64,
    /// Today's community officers y⁰ₛ (社区/驻村民警), a subset of `officers`.
    pub community_officers: i64,
    /// Today's auxiliaries a⁰ₛ (辅警).
    pub auxiliaries: i64,
    /// The station's own minimum; `None` means the scenario default.
    pub min_officers: Option<i64>,
    /// Optional per-station controls (see `docs/levers.md`).
    pub levers: StationLevers,
    /// Paper versus real strength (optional columns, see `docs/strength.md`).
    pub strength: Strength,
}

/// Officers on a station's books who are not what they seem (the optional
/// `stations.csv` columns `nominal`, `seconded` and `restricted`; all 0 by
/// default). See [`crate::model::strength`] for how the model plans on real
/// strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Strength {
    /// 挂名/兼职: on the station's books, working at county HQ.
    pub nominal: i64,
    /// 借调/抽调: on the station's books, away in a task force (专班, 中心),
    /// available to neither the station nor HQ.
    pub seconded: i64,
    /// 因年龄或健康不能值班备勤: at the station, fit for community work only.
    pub restricted: i64,
    /// The station's books, (officers, community officers) as `stations.csv`
    /// lists them, once [`crate::model::strength::real_strength`] has turned
    /// `officers` and `community_officers` into the real ones; `None`: the
    /// books are the deployment.
    pub books: Option<(i64, i64)>,
}

impl Strength {
    /// Whether the station has any nominal, seconded or restricted officer.
    pub fn any(&self) -> bool {
        self.nominal != 0 || self.seconded != 0 || self.restricted != 0
    }
}

/// Optional per-station levers, read from optional `stations.csv` columns or
/// set by the scenario. The default changes nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StationLevers {
    /// 110 calls split by category (`calls_<category>` columns). Calls not
    /// split (`calls` minus the categories) keep the scenario's default
    /// handling.
    pub calls_by_category: BTreeMap<String, f64>,
    /// Building capacity: xₛ ≤ max_officers.
    pub max_officers: Option<i64>,
    /// A locked station keeps today's officers: xₛ = x⁰ₛ.
    pub locked: bool,
    /// Officers on duty around the clock (24-hour posts); `None` means the
    /// scenario default.
    pub duty_posts: Option<f64>,
    /// At most this many officers moved in or out: |xₛ − x⁰ₛ| ≤ k.
    pub max_moves: Option<i64>,
}

/// One county-level bureau (县级公安机关).
#[derive(Debug, Clone, PartialEq)]
pub struct County {
    /// The bureau's id in the data (`county_id`), unique in the province.
    pub id: String,
    /// The bureau's name, as the data writes it.
    pub name: String,
    /// The bureau's whole force E_c.
    pub officers_total: i64,
    /// The fewest officers HQ units keep.
    pub hq_min: i64,
    /// Indices into [`Province::stations`], in input order.
    pub stations: Vec<usize>,
    /// At most this many officers moved in the county (the `max_moves`
    /// column); `None` means the scenario default.
    pub max_moves: Option<i64>,
    /// The county's auxiliary posts (the optional `auxiliary_budget`
    /// column), read under [`BudgetScope::County`]; `None`: today's count,
    /// Σₛ a⁰ₛ ([`County::auxiliary_posts`]).
    pub auxiliary_budget: Option<i64>,
    /// Officers of the force away on secondment (借调/抽调), at no station
    /// and not at HQ: HQ holds hc = Ec − seconded_away − Xc. Set by
    /// [`crate::model::strength::real_strength`] (0 when the seconded are
    /// recalled or there are none).
    pub seconded_away: i64,
}

impl County {
    /// Officers the county can post, at stations or HQ: Ec − seconded_away.
    pub fn deployable(&self) -> i64 {
        self.officers_total - self.seconded_away
    }

    /// The county's auxiliary posts under a county budget: the
    /// `auxiliary_budget` column, or today's count Σₛ a⁰ₛ.
    pub fn auxiliary_posts(&self, stations: &[Station]) -> i64 {
        self.auxiliary_budget.unwrap_or_else(|| {
            self.stations
                .iter()
                .fold(0i64, |a, &s| a.saturating_add(stations[s].auxiliaries))
        })
    }

    /// Officers at the county's stations today, X⁰_c = Σₛ x⁰ₛ.
    pub fn station_officers_today(&self, stations: &[Station]) -> i64 {
        self.stations.iter().map(|&s| stations[s].officers).sum()
    }
}

/// All counties and stations of one planning run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Province {
    /// The county-level bureaus, in input order.
    pub counties: Vec<County>,
    /// The stations, in input order (each names its county by index).
    pub stations: Vec<Station>,
    /// Columns of the stations table the model does not read, carried to
    /// the outputs.
    pub extra: ExtraColumns,
    /// Columns of the counties table the model does not read, by county id.
    pub county_extra: ExtraColumns,
}

/// Columns of a table staffing does not read (序号, 备注, any header it
/// does not know), kept as the analyst wrote them so the outputs carry them
/// (after the tool's own columns of `allocation.csv`, `counties.csv` and
/// their `plan.xlsx` sheets). Plain text; the model never looks at them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExtraColumns {
    /// The headers as written, in input order (a header may repeat: two
    /// `备注` columns are two columns).
    pub headers: Vec<String>,
    /// Each row's cells under [`ExtraColumns::headers`], by station (or
    /// county) id, so they follow a station through mergers and levers.
    pub values: BTreeMap<String, Vec<String>>,
}

impl ExtraColumns {
    /// The cells of a station (or county), or empty cells when it has none.
    pub fn of(&self, id: &str) -> Vec<String> {
        self.values
            .get(id)
            .cloned()
            .unwrap_or_else(|| vec![String::new(); self.headers.len()])
    }
}

/// Where the community-officer share rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommunityScope {
    /// Σ y ≥ q · Σ x over each county's stations.
    #[default]
    County,
    /// y ≥ q · x at every station.
    Station,
}

impl CommunityScope {
    /// As the scenario writes it: `county` or `station`.
    pub fn as_str(self) -> &'static str {
        match self {
            CommunityScope::County => "county",
            CommunityScope::Station => "station",
        }
    }
}

/// How 110 calls and residents turn into officer requirements.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    /// Officer-hours one 110 call takes (`workload.hours_per_call`).
    pub hours_per_call: f64,
    /// Working hours of one officer in a year.
    pub officer_hours_per_year: f64,
    /// Share of an officer's time kept for calls (巡防+接处警).
    pub reactive_share: f64,
    /// Multiplier on today's calls.
    pub call_growth: f64,
    /// Share of calls diverted to the 12345 government hotline.
    pub divert_share: f64,
    /// Residents one community officer can serve, by station kind.
    pub residents_per_community_officer: BTreeMap<String, f64>,
    /// Call categories with their own handling (empty: every call is handled
    /// the default way).
    pub categories: BTreeMap<String, CallCategory>,
    /// The service standard (`[workload.service]`); `None`: no table, the
    /// hours method and no service figures.
    pub service: Option<ServiceStandard>,
}

impl Workload {
    /// The workload norm of the hours method: calls a year one duty officer
    /// covers at level 1.0, officer_hours_per_year × reactive_share ÷
    /// hours_per_call.
    pub fn calls_norm(&self) -> f64 {
        self.officer_hours_per_year * self.reactive_share / self.hours_per_call
    }
}

/// How calls of one category are handled (`[workload.categories.<name>]`).
#[derive(Debug, Clone, PartialEq)]
pub struct CallCategory {
    /// Hours one officer spends on one call.
    pub hours_per_call: f64,
    /// Officers sent to one call.
    pub officers_per_call: f64,
    /// Whether `divert_share` applies (calls 12345 can take over).
    pub divertible: bool,
}

/// The "两个40%" rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Quotas {
    /// Station officers as a share of the county force (≥ 0.40).
    pub station_share: f64,
    /// Community officers as a share of station officers (≥ 0.40).
    pub community_share: f64,
    /// Whether the community share holds per county or at every station.
    pub community_scope: CommunityScope,
}

/// Where the auxiliary budget is set (`[auxiliaries] budget_scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BudgetScope {
    /// Each county plans its own posts (auxiliaries are hired and paid by
    /// county governments): today's count, or the `auxiliary_budget`
    /// column of `counties.csv` ([`County::auxiliary_budget`]). Posts never
    /// cross county lines.
    County,
    /// One provincial total (`[auxiliaries] total`), shared across counties.
    #[default]
    Province,
}

impl BudgetScope {
    /// The word a scenario file writes.
    pub fn as_str(self) -> &'static str {
        match self {
            BudgetScope::County => "county",
            BudgetScope::Province => "province",
        }
    }
}

/// Auxiliary officers (辅警).
#[derive(Debug, Clone, PartialEq)]
pub struct Auxiliaries {
    /// Provincial budget of auxiliary posts (read under
    /// [`BudgetScope::Province`] only).
    pub total: i64,
    /// Where the budget is set: one provincial total or each county's posts.
    pub budget_scope: BudgetScope,
    /// Auxiliaries per village; 1.0 is 一村一辅警.
    pub per_village: f64,
    /// Share f of an auxiliary's time that counts as duty: the duty cover
    /// becomes xₛ − yₛ + f·aₛ ≥ t·Dₛ (0: auxiliaries do no duty).
    pub duty_factor: f64,
}

/// Every parameter of the model, resolved and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// How calls and residents turn into requirements (`[workload]`).
    pub workload: Workload,
    /// The two 40% rules (`[quotas]`).
    pub quotas: Quotas,
    /// Default station minimum, for stations without their own.
    pub min_officers: i64,
    /// The auxiliaries' budget and rules (`[auxiliaries]`).
    pub auxiliaries: Auxiliaries,
    /// Scenario-wide levers.
    pub levers: Levers,
    /// Real strength: recalling the seconded, and what the report shows.
    pub strength: StrengthParams,
}

/// `[strength]` and `[stations.two_teams_one_room]` (see `docs/strength.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StrengthParams {
    /// Seconded officers return to their stations (returning is not a move).
    pub recall_seconded: bool,
    /// Which posts the nominal and seconded officers are taken from when
    /// the books become real strength (`[strength] seconded_from`).
    pub seconded_from: SecondedFrom,
    /// Real officers each part of 两队一室 needs.
    pub two_teams_one_room: TwoTeamsOneRoom,
    /// The scenario sets a `[strength]` or `[stations.two_teams_one_room]`
    /// key: the outputs show real strength even when the data has no
    /// nominal, seconded or restricted officer.
    pub asked: bool,
}

/// Which posts on a station's books the officers who are not there
/// (nominal, seconded away) held: the books say how many officers and how
/// many community officers, not who is missing (`[strength]
/// seconded_from`, see [`crate::model::strength`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecondedFrom {
    /// Community posts first: paper appointments to 社区/驻村 posts are
    /// where 挂名 hides (the default).
    #[default]
    Community,
    /// Community and duty posts in proportion to the books.
    Proportional,
}

impl SecondedFrom {
    /// The word a scenario file writes.
    pub fn as_str(self) -> &'static str {
        match self {
            SecondedFrom::Community => "community",
            SecondedFrom::Proportional => "proportional",
        }
    }
}

/// The 两队一室 model (社区警务队, 案件办理队, 综合指挥室): the fewest real
/// officers each part needs. A station can run it when yₛ ≥ community_team
/// and xₛ − yₛ ≥ case_team + command_room. The defaults are a scenario
/// choice (see `docs/strength.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoTeamsOneRoom {
    /// Community officers the community team (社区警务队) needs.
    pub community_team: i64,
    /// Duty officers the case team (案件办理队) needs.
    pub case_team: i64,
    /// Duty officers the command room (综合指挥室) needs.
    pub command_room: i64,
}

impl Default for TwoTeamsOneRoom {
    fn default() -> Self {
        TwoTeamsOneRoom {
            community_team: 3,
            case_team: 3,
            command_room: 2,
        }
    }
}

/// Scenario-wide levers (see `docs/levers.md`). The default changes nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Levers {
    /// Default 24-hour duty posts k per station: the station needs at least
    /// ⌈k × 8760 ÷ officer_hours_per_year⌉ officers.
    pub duty_posts: f64,
    /// Default cap on officers moved per county.
    pub max_moves_per_county: Option<i64>,
    /// Default cap on officers moved in or out of each station.
    pub max_moves_per_station: Option<i64>,
    /// Where fairness is targeted (`[balance]`, see `docs/model-fairness.md`).
    pub balance: Balance,
}

/// What the balance level holds every station to (`[balance] target`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub enum Target {
    /// Every station ≥ the province's level t* (the worst county's), then
    /// the fewest moves: the plain model, and the cheapest plan.
    #[default]
    Province,
    /// 警力下沉, the scenario default: every station ≥ t*; then, within
    /// each county, the sorted vector of station levels each capped at
    /// the standard ([`Balance::cap`], 1.0) lexicographically as large as
    /// possible; then the fewest moves. When t* ≥ cap it is the
    /// `province` plan.
    Standard,
    /// Every station ≥ its own county's best level t*c, then the fewest
    /// moves in that county.
    County,
    /// Within each county, the sorted vector of station cover levels is
    /// lexicographically as large as possible, then the fewest moves.
    Leximin,
}

impl Target {
    /// Every target, in the order comparisons list them: the cheapest
    /// first, then the default.
    pub const ALL: [Target; 4] = [
        Target::Province,
        Target::Standard,
        Target::County,
        Target::Leximin,
    ];

    /// The word a scenario file writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Province => "province",
            Target::Standard => "standard",
            Target::County => "county",
            Target::Leximin => "leximin",
        }
    }
}

/// The `[balance]` table: the target for officers and for auxiliaries, the
/// standard level the `standard` target caps station levels at, and
/// whether a solve also compares the officer targets.
///
/// `Balance::default()` is the plain model (`province` for both, no
/// comparison), what parameters built in code get; a scenario file's
/// default is `standard` ([`crate::scenario`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Balance {
    /// The balance target of officers (`balance.officers`).
    pub officers: Target,
    /// The balance target of auxiliaries (`balance.auxiliaries`).
    pub auxiliaries: Target,
    /// The standard: under `standard`, station levels count up to this
    /// level only (1.0: the workload, or one auxiliary per village, fully
    /// covered).
    pub cap: f64,
    /// `Some(true)`: compare the four targets; `Some(false)`: none;
    /// `None`: when either target is not `province`, compare the plan with
    /// the fewest moves (`province`) with the scenario's own.
    pub compare: Option<bool>,
}

impl Default for Balance {
    fn default() -> Self {
        Balance {
            officers: Target::Province,
            auxiliaries: Target::Province,
            cap: STANDARD_LEVEL,
            compare: None,
        }
    }
}

/// The standard level: every station's workload (or one auxiliary per
/// village) covered.
pub const STANDARD_LEVEL: f64 = 1.0;

impl Balance {
    /// Whether a solve computes the comparison of the officer targets.
    pub fn compares(&self) -> bool {
        self.compare
            .unwrap_or(self.officers != Target::Province || self.auxiliaries != Target::Province)
    }
}

/// Hours in a year, for 24-hour duty posts.
pub const HOURS_PER_YEAR: f64 = 8760.0;

/// What-if levers on the force: a change to every county's `officers_total`
/// (attrition, budget cuts) and new recruits for the province to place.
#[derive(Debug, Clone, PartialEq)]
pub struct ForceLevers {
    /// Every county's force becomes round(scale × E_c) + add (see
    /// [`crate::model::levers::changed_force`]).
    pub force_scale: f64,
    /// Officers added to (or, negative, taken from) every county's force after scaling.
    pub force_add: i64,
    /// `[recruits] total`: new officers the model places across counties.
    pub recruits: Option<i64>,
}

impl Default for ForceLevers {
    fn default() -> Self {
        ForceLevers {
            force_scale: 1.0,
            force_add: 0,
            recruits: None,
        }
    }
}

impl ForceLevers {
    /// Whether any lever changes the plain model.
    pub fn active(&self) -> bool {
        self.force_scale != 1.0 || self.force_add != 0 || self.recruits.is_some()
    }
}

mod age;
mod service;

pub use age::{band_of, with_age_bands, AgeBand, AGE_BANDS, AGE_BAND_KEYS};
pub use service::{
    service_standard, DutyMethod, HourRule, ServiceStandard, DEFAULT_HOURLY_PROFILE, HOURS_PER_DAY,
    PROFILE_SUM_TOLERANCE,
};
