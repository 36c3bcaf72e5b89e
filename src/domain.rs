//! Domain types: stations, counties and the planning parameters.
//!
//! Pure data, no I/O and no solver types. Everything the model needs is here,
//! already validated by the input layer (non-negative, finite, ids resolved).

use std::collections::{BTreeMap, BTreeSet};

/// One grassroots police station (派出所) with its workload and today's deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    pub id: String,
    /// Index of the station's county in [`Province::counties`].
    pub county: usize,
    pub name: String,
    /// `urban`, `rural`, or any kind the scenario gives a norm.
    pub kind: String,
    /// Residents served.
    pub population: f64,
    /// Administrative villages or communities.
    pub villages: f64,
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
    pub id: String,
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
    pub counties: Vec<County>,
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
    pub hours_per_call: f64,
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
    pub workload: Workload,
    pub quotas: Quotas,
    /// Default station minimum, for stations without their own.
    pub min_officers: i64,
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
    pub community_team: i64,
    pub case_team: i64,
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
    pub officers: Target,
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

/// How the duty requirement Dₛ is computed (`workload.service.method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DutyMethod {
    /// Calls × hours per call ÷ (officer hours × reactive share): the
    /// spreadsheet method.
    #[default]
    Hours,
    /// Units on duty hour by hour from an M/M/N service standard
    /// ([`crate::model::service`]).
    ErlangC,
}

impl DutyMethod {
    /// As the scenario writes it: `hours` or `erlang-c`.
    pub fn as_str(self) -> &'static str {
        match self {
            DutyMethod::Hours => "hours",
            DutyMethod::ErlangC => "erlang-c",
        }
    }

    /// The other method (for `solve --compare-methods`).
    pub fn other(self) -> DutyMethod {
        match self {
            DutyMethod::Hours => DutyMethod::ErlangC,
            DutyMethod::ErlangC => DutyMethod::Hours,
        }
    }
}

/// Hours in a day: the length of an hourly profile.
pub const HOURS_PER_DAY: usize = 24;

/// The shipped hourly profile: shares of a day's 110 calls, hour 0 (00:00 to
/// 01:00) to hour 23. An assumption, not measured data (see
/// `docs/service.md`): the shape of published hour-of-day distributions of
/// police calls for service, lowest between 04:00 and 06:00 (1.8% of a day's
/// calls in an hour), rising through the morning, high all afternoon and
/// highest in the evening, 19:00 to 22:00 (6.0%). Replace it with the hourly
/// counts of your own 110 centre.
pub const DEFAULT_HOURLY_PROFILE: [f64; HOURS_PER_DAY] = [
    0.042, 0.036, 0.029, 0.023, 0.019, 0.018, 0.021, 0.028, // 00–07
    0.036, 0.041, 0.044, 0.045, 0.044, 0.043, 0.046, 0.048, // 08–15
    0.050, 0.052, 0.055, 0.058, 0.060, 0.059, 0.055, 0.048, // 16–23
];

/// A service standard with the scenario's defaults for every key but the
/// required ones: 2-officer units without auxiliaries, no utilisation cap,
/// no minimum of units, the shipped profile, no pooled and no standby hours.
pub fn service_standard(method: DutyMethod, minutes_per_call: f64, target: f64) -> ServiceStandard {
    ServiceStandard {
        method,
        minutes_per_call,
        officers_per_unit: 2.0,
        auxiliaries_per_unit: 0.0,
        auxiliary_hours_per_year: None,
        target_wait_probability: target,
        max_utilisation: None,
        min_units_on_duty: 0,
        hourly_profile: DEFAULT_HOURLY_PROFILE,
        hourly_profile_by_kind: Default::default(),
        pool: HourRule::default(),
        standby: HourRule::default(),
        standby_weight: 1.0,
    }
}

/// How far the shares of a profile may add up from 1.
pub const PROFILE_SUM_TOLERANCE: f64 = 1e-6;

/// A service standard for 110 calls (`[workload.service]`): how long a call
/// keeps a unit busy, who a unit is, the probability of waiting every hour
/// must keep, and the hours stations stand by or pool (see
/// [`crate::model::service`] and [`crate::model::service_need`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceStandard {
    pub method: DutyMethod,
    /// Mean minutes one call keeps a unit busy (travel, on scene, paperwork),
    /// for calls not split into a category.
    pub minutes_per_call: f64,
    /// Officers (民警) in one unit.
    pub officers_per_unit: f64,
    /// Auxiliaries (辅警) in one unit (一警带多辅); 0 by default.
    pub auxiliaries_per_unit: f64,
    /// Working hours of one auxiliary a year (`None`: the officers'
    /// `officer_hours_per_year`).
    pub auxiliary_hours_per_year: Option<f64>,
    /// P(a call finds no free unit) ≤ this, in every hour.
    pub target_wait_probability: f64,
    /// Offered load ÷ units ≤ this, in every hour (`None`: no cap).
    pub max_utilisation: Option<f64>,
    /// Units every station (every pool, in its pooled hours) keeps on duty
    /// in every hour.
    pub min_units_on_duty: i64,
    /// Shares of a day's calls, hour 0 to hour 23 (sum 1).
    pub hourly_profile: [f64; HOURS_PER_DAY],
    /// Profiles of station kinds that differ from `hourly_profile`.
    pub hourly_profile_by_kind: BTreeMap<String, [f64; HOURS_PER_DAY]>,
    /// Hours in which a county's stations of some kinds form one queue
    /// (联勤, 大所带小所): `pool_hours` and `pool_kinds`.
    pub pool: HourRule,
    /// Hours in which units of some station kinds are on standby (备勤):
    /// they count as units but cost `standby_weight` of a duty hour.
    pub standby: HourRule,
    /// What a standby unit-hour costs, as a share of a duty unit-hour, wₕ.
    pub standby_weight: f64,
}

/// Some hours of the day for some station kinds (pooled hours, standby
/// hours).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HourRule {
    /// The hours, 0 (00:00 to 01:00) to 23.
    pub hours: [bool; HOURS_PER_DAY],
    /// The station kinds (`None`: every kind).
    pub kinds: Option<BTreeSet<String>>,
}

impl HourRule {
    /// Whether the rule covers a station of `kind` in `hour`.
    pub fn applies(&self, kind: &str, hour: usize) -> bool {
        self.hours[hour] && self.kinds.as_ref().map_or(true, |k| k.contains(kind))
    }

    /// Whether the rule covers any hour.
    pub fn any(&self) -> bool {
        self.hours.iter().any(|&h| h) && self.kinds.as_ref().map_or(true, |k| !k.is_empty())
    }
}

impl ServiceStandard {
    /// The hourly profile of a station kind.
    pub fn profile(&self, kind: &str) -> &[f64; HOURS_PER_DAY] {
        self.hourly_profile_by_kind
            .get(kind)
            .unwrap_or(&self.hourly_profile)
    }

    /// wₕ: what a unit-hour costs at a station of `kind` in `hour`, as a
    /// share of a duty unit-hour: `standby_weight` in its standby hours, 1
    /// otherwise.
    pub fn weight(&self, kind: &str, hour: usize) -> f64 {
        if self.standby.applies(kind, hour) {
            self.standby_weight
        } else {
            1.0
        }
    }

    /// Working hours of one auxiliary a year.
    pub fn auxiliary_hours(&self, w: &Workload) -> f64 {
        self.auxiliary_hours_per_year
            .unwrap_or(w.officer_hours_per_year)
    }

    /// Whether Dₛ comes from the service standard.
    pub fn erlang_c(&self) -> bool {
        self.method == DutyMethod::ErlangC
    }
}

/// One age band of the force (the roadmap's data contract, `docs/roadmap.md`):
/// its column, its Chinese name, and the single years of age it spans under
/// the uniform assumption of `docs/roadmap.md` (the youngest officers join
/// at 22; the oldest still serving under the reform are 62). The input layer
/// knows the bands' Chinese headers (`input::aliases`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgeBand {
    pub key: &'static str,
    pub zh: &'static str,
    pub from: i32,
    pub to: i32,
}

/// The six age bands, youngest first: the one list every table, reader,
/// chart and key of the age structure takes its columns from.
pub const AGE_BANDS: [AgeBand; 6] = [
    AgeBand {
        key: "age_under_30",
        zh: "30岁以下",
        from: 22,
        to: 29,
    },
    AgeBand {
        key: "age_30_39",
        zh: "30-39岁",
        from: 30,
        to: 39,
    },
    AgeBand {
        key: "age_40_49",
        zh: "40-49岁",
        from: 40,
        to: 49,
    },
    AgeBand {
        key: "age_50_54",
        zh: "50-54岁",
        from: 50,
        to: 54,
    },
    AgeBand {
        key: "age_55_59",
        zh: "55-59岁",
        from: 55,
        to: 59,
    },
    AgeBand {
        key: "age_60_plus",
        zh: "60岁以上",
        from: 60,
        to: 62,
    },
];

/// The columns of the age bands, in order: `age_under_30`, `age_30_39`,
/// `age_40_49`, `age_50_54`, `age_55_59` and `age_60_plus`.
pub const AGE_BAND_KEYS: [&str; AGE_BANDS.len()] = {
    let mut keys = [""; AGE_BANDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = AGE_BANDS[i].key;
        i += 1;
    }
    keys
};

/// The band of an age (under 22 counts as under 30, over 62 as 60 plus).
pub fn band_of(age: i32) -> usize {
    AGE_BANDS
        .iter()
        .position(|b| age <= b.to)
        .unwrap_or(AGE_BANDS.len() - 1)
}

/// A column list with the age bands in it: `before`, the six
/// [`AGE_BAND_KEYS`], then `after`, built at compile time (a list whose
/// length is not `N` does not compile).
pub const fn with_age_bands<const N: usize>(
    before: &[&'static str],
    after: &[&'static str],
) -> [&'static str; N] {
    assert!(before.len() + AGE_BAND_KEYS.len() + after.len() == N);
    let mut out = [""; N];
    let mut i = 0;
    while i < before.len() {
        out[i] = before[i];
        i += 1;
    }
    let mut j = 0;
    while j < AGE_BAND_KEYS.len() {
        out[i + j] = AGE_BAND_KEYS[j];
        j += 1;
    }
    let mut k = 0;
    while k < after.len() {
        out[i + j + k] = after[k];
        k += 1;
    }
    out
}
