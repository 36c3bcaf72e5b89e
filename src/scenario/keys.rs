//! The registry of scenario keys: every key a scenario file may hold, with
//! its type, valid range, default, unit, Chinese and English label, and
//! whether a sweep may vary it.
//!
//! Everything that names scenario keys reads this list: sweeps and samples
//! (which keys they may vary, and whether whole numbers), chart labels, the
//! report's parameter table, `--set`, and `docs/scenario-keys.md` (written by
//! `staffing keys --markdown`). Tests hold it against the strict parser: a
//! key the parser accepts but the registry lacks, or the other way round,
//! fails the build's tests, and so does a range the parser does not enforce.
//!
//! A path is dotted as in the TOML file (`workload.call_growth`); `*` stands
//! for a name the scenario chooses (a station kind, a call category).

use crate::domain::Params;
use crate::error::Validity;
use crate::numeric::{self, show, Range, MAX_COUNT};

/// The value type of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A real number.
    Float,
    /// A whole number.
    Int,
    /// `true` or `false`.
    Bool,
    /// Free text.
    Text,
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
    /// A file path, relative to the scenario file.
    Path,
    /// A list of station ids.
    Ids,
    /// A list of numbers (an hourly profile: 24 shares).
    Numbers,
    /// A list of hours of the day, whole numbers 0 to 23.
    Hours,
    /// A list of station kinds.
    Kinds,
    /// A table of its own (documented elsewhere: `[sweep]`, `[sample]`,
    /// `[[mergers]]`).
    Table,
}

impl Kind {
    /// Whether values of this kind are numbers.
    pub fn numeric(self) -> bool {
        matches!(self, Kind::Float | Kind::Int)
    }

    /// The kind in words, for docs.
    pub fn describe(self) -> String {
        match self {
            Kind::Float => "number".into(),
            Kind::Int => "whole number".into(),
            Kind::Bool => "true or false".into(),
            Kind::Text => "text".into(),
            Kind::Choice(words) => words
                .iter()
                .map(|w| format!("`\"{w}\"`"))
                .collect::<Vec<_>>()
                .join(" or "),
            Kind::Path => "file path".into(),
            Kind::Ids => "list of station ids".into(),
            Kind::Numbers => "list of numbers".into(),
            Kind::Hours => "list of hours (0 to 23)".into(),
            Kind::Kinds => "list of station kinds".into(),
            Kind::Table => "table".into(),
        }
    }
}

/// The valid values of a key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Valid {
    /// Anything of the key's kind.
    Any,
    /// A share in [0, 1].
    Share,
    /// A real number in a documented range ([`crate::numeric`]).
    Real(Range),
    /// A whole number in [0, [`MAX_COUNT`]].
    Count,
    /// A whole number in [−[`MAX_COUNT`], [`MAX_COUNT`]].
    SignedCount,
}

impl Valid {
    /// Whether a real value is valid.
    pub fn real(self, v: f64) -> bool {
        match self {
            Valid::Any => v.is_finite(),
            Valid::Share => v.is_finite() && (0.0..=1.0).contains(&v),
            Valid::Real(r) => r.contains(v),
            Valid::Count => v.fract() == 0.0 && (0.0..=MAX_COUNT as f64).contains(&v),
            Valid::SignedCount => v.fract() == 0.0 && v.abs() <= MAX_COUNT as f64,
        }
    }

    /// Whether a whole number is valid.
    pub fn count(self, n: i64) -> bool {
        match self {
            Valid::Count => (0..=MAX_COUNT).contains(&n),
            Valid::SignedCount => (-MAX_COUNT..=MAX_COUNT).contains(&n),
            other => other.real(n as f64),
        }
    }

    /// What is valid, in words, as messages say it ("it must lie between 1
    /// and 8760 (hours a year)").
    pub fn describe(self) -> String {
        match self {
            Valid::Any => "any value".into(),
            Valid::Share => "a share must lie in [0, 1]".into(),
            Valid::Real(r) => r.describe(),
            Valid::Count => format!("it must be a whole number from 0 to {MAX_COUNT}"),
            Valid::SignedCount => {
                format!("it must be a whole number between -{MAX_COUNT} and {MAX_COUNT}")
            }
        }
    }

    /// Why a whole number is not valid, as messages say it (`None`: it is).
    pub fn count_problem(self, n: i64) -> Option<String> {
        if self.count(n) {
            None
        } else if self == Valid::Count && n < 0 {
            Some("it must be a whole number of 0 or more".into())
        } else if self == Valid::Count {
            Some(format!("it must be a whole number of at most {MAX_COUNT}"))
        } else {
            Some(self.describe())
        }
    }

    /// What is valid, as values (in English it reads as
    /// [`Valid::describe`]); `label_zh` is the key's Chinese label, which
    /// the Chinese message names in place of the unit.
    pub fn validity(self, label_zh: &str) -> Validity {
        match self {
            Valid::Any => Validity::Any,
            Valid::Share => Validity::Share,
            Valid::Real(r) => Validity::Between {
                min: show(r.min),
                max: show(r.max),
                unit: r.unit.to_string(),
                label_zh: label_zh.to_string(),
            },
            Valid::Count => Validity::Count { max: MAX_COUNT },
            Valid::SignedCount => Validity::SignedCount { max: MAX_COUNT },
        }
    }

    /// Why a whole number is not valid, as values (in English it reads as
    /// [`Valid::count_problem`]; `None`: it is valid).
    pub fn count_validity(self, n: i64, label_zh: &str) -> Option<Validity> {
        if self.count(n) {
            None
        } else if self == Valid::Count && n < 0 {
            Some(Validity::NotNegative)
        } else if self == Valid::Count {
            Some(Validity::AtMost { max: MAX_COUNT })
        } else {
            Some(self.validity(label_zh))
        }
    }

    /// The range in interval notation, for docs: `[0, 1]`.
    pub fn interval(self) -> String {
        match self {
            Valid::Any => String::new(),
            Valid::Share => "[0, 1]".into(),
            Valid::Real(r) => format!("[{}, {}]", show(r.min), show(r.max)),
            Valid::Count => format!("[0, {}]", show(MAX_COUNT as f64)),
            Valid::SignedCount => format!("[−{0}, {0}]", show(MAX_COUNT as f64)),
        }
    }
}

/// One scenario key.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// Dotted path; `*` for a name the scenario chooses.
    pub path: &'static str,
    /// The value's type.
    pub kind: Kind,
    /// Valid values (numbers: their range).
    pub valid: Valid,
    /// The default, in words (`required` when the key must be given).
    pub default: &'static str,
    /// Unit (Chinese, English); empty when none.
    pub unit: (&'static str, &'static str),
    /// Label (Chinese, English).
    pub label: (&'static str, &'static str),
    /// A sweep or a `[sample]` may vary it.
    pub sweep: bool,
    /// A workload key: it changes requirements only, so a robust plan over
    /// samples may vary it.
    pub workload: bool,
    /// What it means, in a sentence.
    pub help: &'static str,
    /// How a value of the key is written into the solver's parameters,
    /// for the keys that live there (see [`set`]): the one place a
    /// parameter changes outside the scenario parser.
    pub set: Option<Setter>,
}

/// Writes a key's value into [`Params`]; the `&str` is the name the
/// scenario chose for a `*` part (`urban`), empty for a plain key. An
/// error says why the value cannot be set.
pub type Setter = fn(&mut Params, &str, f64) -> Result<(), &'static str>;

const NO_UNIT: (&str, &str) = ("", "");

macro_rules! key {
    ($path:expr, $kind:expr, $range:expr, $default:expr, $unit:expr, $zh:expr, $en:expr, sweep = $sweep:expr, workload = $work:expr, $help:expr) => {
        key!(
            $path,
            $kind,
            $range,
            $default,
            $unit,
            $zh,
            $en,
            sweep = $sweep,
            workload = $work,
            $help,
            set = None
        )
    };
    ($path:expr, $kind:expr, $range:expr, $default:expr, $unit:expr, $zh:expr, $en:expr, sweep = $sweep:expr, workload = $work:expr, $help:expr, set = $set:expr) => {
        Key {
            path: $path,
            kind: $kind,
            valid: $range,
            default: $default,
            unit: $unit,
            label: ($zh, $en),
            sweep: $sweep,
            workload: $work,
            help: $help,
            set: $set,
        }
    };
}

/// Every scenario key, in the order docs and the report list them.
pub const KEYS: &[Key] = &[
    key!("name", Kind::Text, Valid::Any, "required", NO_UNIT, "情景名称", "scenario name", sweep = false, workload = false,
        "The scenario's name; the default output folder is `output/<name>/`."),
    key!("description", Kind::Text, Valid::Any, "none", NO_UNIT, "说明", "description", sweep = false, workload = false,
        "Free text."),
    key!("extend", Kind::Path, Valid::Any, "none", NO_UNIT, "继承的情景", "extends", sweep = false, workload = false,
        "A base scenario whose keys this file overrides."),
    key!("stations", Kind::Path, Valid::Any, "required", NO_UNIT, "派出所数据", "stations data", sweep = false, workload = false,
        "stations.csv (or a workbook sheet, book.xlsx#sheet)."),
    key!("counties", Kind::Path, Valid::Any, "required", NO_UNIT, "县局数据", "counties data", sweep = false, workload = false,
        "counties.csv (or a workbook sheet)."),
    key!("workload.hours_per_call", Kind::Float, Valid::Real(numeric::HOURS_PER_CALL), "required", ("小时", "hours"), "每起警情耗时", "hours per call", sweep = true, workload = true,
        "Officer-hours one 110 call takes.",
        set = Some(|p, _, v| { p.workload.hours_per_call = v; Ok(()) })),
    key!("workload.officer_hours_per_year", Kind::Float, Valid::Real(numeric::OFFICER_HOURS), "required", ("小时", "hours"), "民警年工作时间", "officer hours a year", sweep = true, workload = true,
        "Working hours of one officer in a year.",
        set = Some(|p, _, v| { p.workload.officer_hours_per_year = v; Ok(()) })),
    key!("workload.reactive_share", Kind::Float, Valid::Real(numeric::REACTIVE_SHARE), "required", NO_UNIT, "接处警时间占比", "reactive share", sweep = true, workload = true,
        "Share of an officer's time kept for calls (巡防+接处警).",
        set = Some(|p, _, v| { p.workload.reactive_share = v; Ok(()) })),
    key!("workload.call_growth", Kind::Float, Valid::Real(numeric::CALL_GROWTH), "1.0", ("倍", "×"), "警情增长倍数", "call growth", sweep = true, workload = true,
        "Multiplier on today's calls.",
        set = Some(|p, _, v| { p.workload.call_growth = v; Ok(()) })),
    key!("workload.divert_share", Kind::Float, Valid::Share, "0", NO_UNIT, "12345分流比例", "share diverted to 12345", sweep = true, workload = true,
        "Share of calls the 12345 government hotline takes over.",
        set = Some(|p, _, v| { p.workload.divert_share = v; Ok(()) })),
    key!("workload.residents_per_community_officer.*", Kind::Float, Valid::Real(numeric::RESIDENTS_NORM), "required for every station kind", ("人", "residents"), "每名社区民警服务人口", "residents per community officer", sweep = true, workload = true,
        "The community norm, by station kind (urban, rural, or a kind the data uses).",
        set = Some(|p, kind, v| match p.workload.residents_per_community_officer.get_mut(kind) { Some(n) => { *n = v; Ok(()) } None => Err("names a station kind the scenario has no norm for") })),
    key!("workload.categories.*.hours_per_call", Kind::Float, Valid::Real(numeric::HOURS_PER_CALL), "required", ("小时", "hours"), "该类警情每起耗时", "category hours per call", sweep = false, workload = false,
        "Hours one call of this category takes; its calls are read from the column `calls_<category>`."),
    key!("workload.categories.*.officers_per_call", Kind::Float, Valid::Real(numeric::OFFICERS_PER_CALL), "1", ("人", "officers"), "该类警情出警人数", "category officers per call", sweep = false, workload = false,
        "Officers sent to one call of this category."),
    key!("workload.categories.*.divertible", Kind::Bool, Valid::Any, "true", NO_UNIT, "可分流至12345", "divertible", sweep = false, workload = false,
        "Whether divert_share applies to this category."),
    key!("workload.service.method", Kind::Choice(&["hours", "erlang-c"]), Valid::Any, "\"hours\"", NO_UNIT, "值班需求算法", "duty method", sweep = false, workload = false,
        "How duty need is computed: `hours` (calls × hours per call, the spreadsheet method) or `erlang-c` (units on duty hour by hour from the service standard below; docs/service.md)."),
    key!("workload.service.minutes_per_call", Kind::Float, Valid::Real(numeric::MINUTES_PER_CALL), "required", ("分钟", "minutes"), "每起警情占用出警组时间", "minutes per call", sweep = true, workload = true,
        "Mean minutes one call keeps a unit busy: travel, on scene, paperwork (calls not split into a category).",
        set = Some(|p, _, v| service(p).map(|s| s.minutes_per_call = v))),
    key!("workload.service.officers_per_unit", Kind::Float, Valid::Real(numeric::OFFICERS_PER_UNIT), "2", ("人", "officers"), "每组出警民警", "officers per unit", sweep = true, workload = true,
        "Officers sent together to one call (one unit).",
        set = Some(|p, _, v| service(p).map(|s| s.officers_per_unit = v))),
    key!("workload.service.auxiliaries_per_unit", Kind::Float, Valid::Real(numeric::AUXILIARIES_PER_UNIT), "0", ("人", "auxiliaries"), "每组出警辅警", "auxiliaries per unit", sweep = true, workload = true,
        "Auxiliaries (辅警) sent with each unit (一警带多辅); their duty need, 365 × this × the unit-hours ÷ auxiliary_hours_per_year, raises each station's auxiliary posts above its villages' where it is larger.",
        set = Some(|p, _, v| service(p).map(|s| s.auxiliaries_per_unit = v))),
    key!("workload.service.auxiliary_hours_per_year", Kind::Float, Valid::Real(numeric::OFFICER_HOURS), "officer_hours_per_year", ("小时", "hours"), "辅警年工作时间", "auxiliary hours a year", sweep = true, workload = true,
        "Working hours of one auxiliary in a year, for the auxiliary duty need.",
        set = Some(|p, _, v| service(p).map(|s| s.auxiliary_hours_per_year = Some(v)))),
    key!("workload.service.pool_hours", Kind::Hours, Valid::Any, "none", NO_UNIT, "联勤合并时段", "pooled hours", sweep = false, workload = false,
        "Hours (0 = 00:00 to 01:00, … 23) in which a county's stations of `pool_kinds` form one queue (联勤, 大所带小所): the county's units are found from the stations' summed load and shared by their loads."),
    key!("workload.service.pool_kinds", Kind::Kinds, Valid::Any, "every kind", NO_UNIT, "联勤合并的派出所类型", "kinds that pool", sweep = false, workload = false,
        "Station kinds that pool in `pool_hours` (for example [\"rural\"]); an empty list pools none."),
    key!("workload.service.standby_hours", Kind::Hours, Valid::Any, "none", NO_UNIT, "备勤时段", "standby hours", sweep = false, workload = false,
        "Hours (0 to 23) in which the units of `standby_kinds` are on standby (夜间备勤): they count as units but cost `standby_weight` of a duty hour."),
    key!("workload.service.standby_kinds", Kind::Kinds, Valid::Any, "every kind", NO_UNIT, "备勤的派出所类型", "kinds on standby", sweep = false, workload = false,
        "Station kinds whose units stand by in `standby_hours`; an empty list, none."),
    key!("workload.service.standby_weight", Kind::Float, Valid::Share, "required with standby_hours", NO_UNIT, "备勤折算系数", "standby weight", sweep = true, workload = true,
        "What one standby unit-hour costs, as a share of a duty unit-hour (0: free, 1: a full duty hour).",
        set = Some(|p, _, v| service(p).map(|s| s.standby_weight = v))),
    key!("workload.service.target_wait_probability", Kind::Float, Valid::Real(numeric::TARGET_WAIT), "required", NO_UNIT, "警情等待概率上限", "target probability of waiting", sweep = true, workload = true,
        "P(a call finds no free unit) ≤ this, in every hour (Erlang C).",
        set = Some(|p, _, v| service(p).map(|s| s.target_wait_probability = v))),
    key!("workload.service.max_utilisation", Kind::Float, Valid::Real(numeric::MAX_UTILISATION), "no cap", NO_UNIT, "出警组利用率上限", "maximum utilisation", sweep = true, workload = true,
        "Offered load ÷ units on duty ≤ this, in every hour (the Rule of 60 is 0.6).",
        set = Some(|p, _, v| service(p).map(|s| s.max_utilisation = Some(v)))),
    key!("workload.service.min_units_on_duty", Kind::Int, Valid::Real(numeric::MIN_UNITS_ON_DUTY), "0", ("组", "units"), "每小时最少在岗出警组", "minimum units on duty", sweep = true, workload = true,
        "Units every station keeps on duty in every hour, calls or not.",
        set = Some(|p, _, v| { let n = whole(v)?; service(p).map(|s| s.min_units_on_duty = n) })),
    key!("workload.service.hourly_profile", Kind::Numbers, Valid::Any, "the shipped profile (docs/service.md)", NO_UNIT, "警情24小时分布", "hourly profile", sweep = false, workload = false,
        "24 shares of a day's calls, hour 0 to hour 23, adding up to 1 (± 1e-6)."),
    key!("workload.service.hourly_profile_by_kind.*", Kind::Numbers, Valid::Any, "hourly_profile", NO_UNIT, "分类型警情24小时分布", "hourly profile by kind", sweep = false, workload = false,
        "The hourly profile of one station kind (urban, rural, …), 24 shares adding up to 1."),
    key!("quotas.station_share", Kind::Float, Valid::Share, "0.4", NO_UNIT, "派出所警力占比下限", "station share quota", sweep = true, workload = false,
        "Station officers ≥ this share of the county force (the first 40%).",
        set = Some(|p, _, v| { p.quotas.station_share = v; Ok(()) })),
    key!("quotas.community_share", Kind::Float, Valid::Share, "0.4", NO_UNIT, "社区民警占比下限", "community share quota", sweep = true, workload = false,
        "Community officers ≥ this share of station officers (the second 40%).",
        set = Some(|p, _, v| { p.quotas.community_share = v; Ok(()) })),
    key!("quotas.community_scope", Kind::Choice(&["county", "station"]), Valid::Any, "\"county\"", NO_UNIT, "社区民警占比适用范围", "community share scope", sweep = false, workload = false,
        "Whether the community share holds over each county's total or at every station."),
    key!("stations.min_officers", Kind::Int, Valid::Count, "2", ("人", "officers"), "每所最少民警", "station minimum", sweep = true, workload = false,
        "Fewest officers a station may have (a min_officers column overrides it per station).",
        set = Some(|p, _, v| { p.min_officers = whole(v)?; Ok(()) })),
    key!("stations.duty_posts", Kind::Float, Valid::Real(numeric::DUTY_POSTS), "0", ("岗", "posts"), "24小时值守岗位", "24-hour duty posts", sweep = true, workload = false,
        "Posts every station keeps manned around the clock (a duty_posts column overrides it)."),
    key!("stations.locked", Kind::Ids, Valid::Any, "none", NO_UNIT, "锁定的派出所", "locked stations", sweep = false, workload = false,
        "Stations that keep today's officers."),
    key!("stations.two_teams_one_room.community_team", Kind::Int, Valid::Count, "3", ("人", "officers"), "两队一室：社区警务队最少民警", "两队一室 community team", sweep = false, workload = false,
        "Real community officers a station needs for its community policing team (社区警务队) to count as running 两队一室 (docs/strength.md)."),
    key!("stations.two_teams_one_room.case_team", Kind::Int, Valid::Count, "3", ("人", "officers"), "两队一室：案件办理队最少民警", "两队一室 case team", sweep = false, workload = false,
        "Real duty officers a station needs for its case team (案件办理队), on top of the command room."),
    key!("stations.two_teams_one_room.command_room", Kind::Int, Valid::Count, "2", ("人", "officers"), "两队一室：综合指挥室最少民警", "两队一室 command room", sweep = false, workload = false,
        "Real duty officers a station needs for its command room (综合指挥室), on top of the case team."),
    key!("strength.recall_seconded", Kind::Bool, Valid::Any, "false", NO_UNIT, "召回借调民警", "recall seconded officers", sweep = false, workload = false,
        "Officers seconded to task forces (the `seconded` column) return to their stations; returning is not a move (docs/strength.md)."),
    key!("strength.seconded_from", Kind::Choice(&["community", "proportional"]), Valid::Any, "\"community\"", NO_UNIT, "挂名借调民警所占岗位", "posts the absent officers held", sweep = false, workload = false,
        "Which posts on a station's books the nominal and seconded officers are taken from: community posts first (`community`: paper appointments to 社区/驻村 posts are where 挂名 hides), or community and duty posts in proportion to the books (`proportional`)."),
    key!("auxiliaries.total", Kind::Int, Valid::Count, "today's total", ("人", "posts"), "辅警编制总数", "auxiliary budget", sweep = true, workload = false,
        "Provincial budget of auxiliary posts, shared across counties; giving it plans one provincial budget (budget_scope \"province\"), and it is refused with budget_scope = \"county\".",
        set = Some(|p, _, v| {
            if p.auxiliaries.budget_scope == crate::domain::BudgetScope::County {
                return Err("is a provincial budget, but the scenario plans each county's own posts: set [auxiliaries] budget_scope = \"province\" (and a total) in the scenario to vary it");
            }
            p.auxiliaries.total = whole(v)?;
            Ok(())
        })),
    key!("auxiliaries.budget_scope", Kind::Choice(&["county", "province"]), Valid::Any, "\"county\" (\"province\" when `total` is given)", NO_UNIT, "辅警编制范围", "auxiliary budget scope", sweep = false, workload = false,
        "`county`: each county plans its own posts (today's count, or the `auxiliary_budget` column of counties.csv); posts never cross county lines, since county governments hire and pay auxiliaries. `province`: one provincial total (`total`)."),
    key!("auxiliaries.per_village", Kind::Float, Valid::Real(numeric::PER_VILLAGE), "1.0", ("人/村", "per village"), "每村辅警数", "auxiliaries per village", sweep = true, workload = false,
        "Auxiliaries each village needs (1.0 is 一村一辅警).",
        set = Some(|p, _, v| { p.auxiliaries.per_village = v; Ok(()) })),
    key!("auxiliaries.duty_factor", Kind::Float, Valid::Share, "0", NO_UNIT, "辅警值班折算系数", "auxiliary duty factor", sweep = true, workload = false,
        "Share of an auxiliary's time that counts as duty cover.",
        set = Some(|p, _, v| { p.auxiliaries.duty_factor = v; Ok(()) })),
    key!("moves.per_county", Kind::Int, Valid::Count, "no cap", ("人", "officers"), "每县调动上限", "moves per county cap", sweep = true, workload = false,
        "At most this many officers moved in a county (a max_moves column in counties.csv overrides it)."),
    key!("moves.per_station", Kind::Int, Valid::Count, "no cap", ("人", "officers"), "每所调动上限", "moves per station cap", sweep = true, workload = false,
        "At most this many officers moved in or out of a station (a max_moves column overrides it)."),
    key!("mergers", Kind::Table, Valid::Any, "none", NO_UNIT, "派出所合并（大所带小所）", "station mergers", sweep = false, workload = false,
        "[[mergers]]: fold stations into a lead station (大所带小所), one table per merger."),
    key!("mergers.lead", Kind::Text, Valid::Any, "required", NO_UNIT, "合并后的主所", "lead station", sweep = false, workload = false,
        "The station id that absorbs the others."),
    key!("mergers.members", Kind::Ids, Valid::Any, "required", NO_UNIT, "并入的派出所", "merged stations", sweep = false, workload = false,
        "The station ids folded into the lead."),
    key!("recruits.total", Kind::Int, Valid::Count, "none", ("人", "officers"), "新招民警", "new officers", sweep = true, workload = false,
        "New officers the model places across counties where they raise the balance level most."),
    key!("force.scale", Kind::Float, Valid::Real(numeric::FORCE_SCALE), "1.0", ("倍", "×"), "警力缩放倍数", "force scale", sweep = true, workload = false,
        "Every county's force becomes round(scale × force) + add."),
    key!("force.add", Kind::Int, Valid::SignedCount, "0", ("人", "officers"), "每县警力增减", "force change per county", sweep = true, workload = false,
        "Officers added to (or, negative, taken from) every county's force."),
    key!("roadmap", Kind::Table, Valid::Any, "none", NO_UNIT, "多年规划", "roadmap", sweep = false, workload = false,
        "[roadmap]: a plan over several years with retirements, leavers and recruits (`staffing roadmap`, docs/roadmap.md)."),
    key!("roadmap.start_year", Kind::Int, Valid::Real(numeric::CALENDAR_YEAR), "required", ("年", "year"), "规划起始年份", "first year", sweep = false, workload = false,
        "The first year of the roadmap; ages in the data are the ages officers reach in it."),
    key!("roadmap.years", Kind::Int, Valid::Real(numeric::ROADMAP_YEARS), "5", ("年", "years"), "规划年数", "years", sweep = false, workload = false,
        "How many years the roadmap plans."),
    key!("roadmap.mode", Kind::Choice(&["myopic", "horizon"]), Valid::Any, "\"myopic\"", NO_UNIT, "规划方式", "mode", sweep = false, workload = false,
        "`myopic`: each year's recruits where they raise that year's balance level most; `horizon`: recruits over all years so that the worst year's level is as high as possible, then the sum of the levels."),
    key!("roadmap.retirement_age", Kind::Float, Valid::Real(numeric::RETIREMENT_AGE), "\"cn-2025\"", ("岁", "years"), "退休年龄", "retirement age", sweep = false, workload = false,
        "A number of years; or \"cn-2025\" (China's gradual reform from 2025: men 60 → 63, women 55 → 58, a month later every four months of birth); or a schedule [{ born_from, born_to, age_years, age_months }, …]; or { male = …, female = … } of these."),
    key!("roadmap.female_share", Kind::Float, Valid::Share, "required when men and women retire differently and the data are age bands", NO_UNIT, "女民警占比", "share of women", sweep = false, workload = false,
        "Share of women among the officers of each age band (a roster gives each officer's sex instead); also the share of women among recruits. Women the bands put past their retirement age in the first year are named in a warning and retire in it."),
    key!("roadmap.roster", Kind::Path, Valid::Any, "none (age bands in stations.csv and counties.csv)", NO_UNIT, "民警花名册", "roster", sweep = false, workload = false,
        "officers.csv: one row per officer (officer_id, station_id or county_id, birth_year, sex, kind), aggregated to the age bands."),
    key!("roadmap.leaving_rate", Kind::Float, Valid::Share, "0", NO_UNIT, "年度其他离职率", "leaving rate", sweep = false, workload = false,
        "Share of officers leaving each year for reasons other than retirement; one share, or a table by band { age_under_30 = …, … } (bands left out: 0)."),
    key!("roadmap.recruits", Kind::Int, Valid::Count, "0", ("人", "officers"), "年度招录民警", "recruits a year", sweep = false, workload = false,
        "Officers recruited each year for the province: one number, or a list with one per year."),
    key!("roadmap.recruits_cap", Kind::Int, Valid::Count, "no cap", ("人", "officers"), "每县年度招录上限", "recruits cap per county", sweep = false, workload = false,
        "At most this many recruits a year for one county (a max_recruits column in counties.csv overrides it)."),
    key!("roadmap.recruit_age", Kind::Int, Valid::Real(numeric::RECRUIT_AGE), "24", ("岁", "years"), "新警入职年龄", "recruit age", sweep = false, workload = false,
        "The age recruits join at."),
    key!("roadmap.auxiliary_turnover", Kind::Float, Valid::Share, "0.1", NO_UNIT, "辅警年流失率", "auxiliary turnover", sweep = false, workload = false,
        "Share of auxiliaries leaving each year (the study: about 10%)."),
    key!("roadmap.auxiliary_budget", Kind::Int, Valid::Count, "[auxiliaries] total, every year", ("人", "posts"), "年度辅警编制", "auxiliary budget a year", sweep = false, workload = false,
        "The provincial budget of auxiliary posts: one number, or a list with one per year."),
    key!("roadmap.call_growth_rate", Kind::Float, Valid::Real(numeric::YEARLY_CHANGE), "0", NO_UNIT, "警情年增长率", "yearly call growth rate", sweep = false, workload = false,
        "Yearly rate of change of 110 calls, compounding: the k-th year after the first has calls × (1 + g)^k (0.03 is +3% a year; `workload.call_growth` is a factor, 1.03 for the same)."),
    key!("roadmap.restricted_from_age", Kind::Int, Valid::Real(numeric::RESTRICTED_FROM_AGE), "none", ("岁", "years"), "不值班备勤起始年龄", "restricted from age", sweep = false, workload = false,
        "Officers at a station from this age on cannot take duty shifts: they stay and fill community posts, like the `restricted` column. Without it (the default) the restricted officers keep their share of each age band as the force ages (docs/roadmap.md)."),
    key!("roadmap.horizon_checks", Kind::Int, Valid::Real(numeric::HORIZON_CHECKS), "20000", ("次", "checks"), "远期规划检验次数上限", "horizon checks", sweep = false, workload = false,
        "The most reachability checks one horizon search makes (the search from the first year, and each year's from it); each costs about one pass over a year's stations. Past it the search keeps the best plan found and the outputs say it is not proven optimal, with the gap to the bound (docs/roadmap.md)."),
    key!("balance.target", Kind::Choice(&["standard", "province", "county", "leximin"]), Valid::Any, "\"standard\"", NO_UNIT, "均衡目标", "balance target", sweep = false, workload = false,
        "What every station is held to. `standard` (警力下沉): every station at least at the province's level, then within each county the stations below the standard (`cap`) raised lowest first as far as the county's force allows, stations at the standard filled no further; `province`: the province's level only (the cheapest plan); `county`: its own county's best level; `leximin`: within each county the sorted station levels as high as possible, uncapped. Then the fewest moves."),
    key!("balance.auxiliaries", Kind::Choice(&["standard", "province", "county", "leximin"]), Valid::Any, "the same as `target`", NO_UNIT, "辅警均衡目标", "auxiliary balance target", sweep = false, workload = false,
        "The same choice for village cover by auxiliaries, inside each county's posts: `standard` raises the stations below one auxiliary per village (× per_village), lowest first, and leaves the rest where they are."),
    key!("balance.cap", Kind::Float, Valid::Real(numeric::STANDARD_CAP), "1.0", NO_UNIT, "达标水平", "standard level", sweep = true, workload = false,
        "Under `standard`: the cover level a station counts up to (1.0: its workload, or one auxiliary per village, fully covered); stations at it are filled no further.",
        set = Some(|p, _, v| { p.levers.balance.cap = v; Ok(()) })),
    key!("balance.compare", Kind::Bool, Valid::Any, "the plan with the fewest moves (province) beside this one, when a target is not province", NO_UNIT, "比较均衡目标", "compare the balance targets", sweep = false, workload = false,
        "true: also solve every other officer target (province, standard, county, leximin) and compare moves, Gini, the lowest level per county and stations below 1.0; false: none. By default a target other than province is compared with province, the plan with the fewest moves: its price."),
    key!("sweep", Kind::Table, Valid::Any, "none", NO_UNIT, "参数扫描", "sweep", sweep = false, workload = false,
        "[sweep] key = [values]: the points `staffing sweep` solves (docs/sweeps.md)."),
    key!("sample", Kind::Table, Valid::Any, "none", NO_UNIT, "随机抽样", "sample", sweep = false, workload = false,
        "[sample]: Monte Carlo draws `staffing sweep` solves (docs/sample.md)."),
];

/// The service standard of `p`, for its keys' setters.
fn service(p: &mut Params) -> Result<&mut crate::domain::ServiceStandard, &'static str> {
    p.workload
        .service
        .as_mut()
        .ok_or("needs a [workload.service] table in the scenario")
}

/// A whole number, for the setters of whole-number keys.
fn whole(v: f64) -> Result<i64, &'static str> {
    if v.fract() == 0.0 && v.is_finite() && v.abs() <= i64::MAX as f64 {
        Ok(v as i64)
    } else {
        Err("must be a whole number")
    }
}

/// Why [`set`] did not set a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    /// No key of the registry has this path.
    #[error("is not a scenario key")]
    Unknown,
    /// The key is in the registry but does not live in `Params` alone.
    #[error("is not a parameter of the solver that can be set alone")]
    NoSetter,
    /// The value is outside the key's range (described).
    #[error("is outside the key's valid range: {0}")]
    Range(String),
    /// The key's setter refused the value (why).
    #[error("{0}")]
    Value(&'static str),
}

/// Sets key `path` to `value` in `params` through the registry: the key's
/// range is checked, then its [`Setter`] writes it. This is how a point of
/// a sweep or a sample changes a parameter without a scenario file.
pub fn set(params: &mut Params, path: &str, value: f64) -> Result<(), SetError> {
    let key = find(path).ok_or(SetError::Unknown)?;
    if !key.valid.real(value) {
        return Err(SetError::Range(key.valid.describe()));
    }
    apply(key, params, path, value)
}

/// Writes a value the tool derived from checked ones (a roadmap year's
/// compounded call growth, its auxiliary budget) through the key's
/// [`Setter`], without the range check that [`set`] makes for a value a
/// user gave: what it leads to is checked where the year's requirements
/// are ([`crate::model::requirement::check_requirements`]).
pub fn set_derived(params: &mut Params, path: &str, value: f64) -> Result<(), SetError> {
    let key = find(path).ok_or(SetError::Unknown)?;
    apply(key, params, path, value)
}

fn apply(key: &Key, params: &mut Params, path: &str, value: f64) -> Result<(), SetError> {
    let setter = key.set.ok_or(SetError::NoSetter)?;
    // The name the scenario chose for the key's `*` part, if it has one.
    let chosen = key
        .path
        .split('.')
        .zip(path.split('.'))
        .find(|(p, _)| *p == "*")
        .map_or("", |(_, q)| q);
    setter(params, chosen, value).map_err(SetError::Value)
}

/// Whether a dotted `path` matches a registry `pattern` (`*` matches one
/// part, a name the scenario chooses).
fn matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut q) = (pattern.split('.'), path.split('.'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some("*"), Some(part)) if !part.is_empty() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// Keys that were renamed: the old path, the new one, and why. An old name
/// is refused with a message naming the new key ([`renamed`]), never read
/// with its old meaning: a word is never a factor in one table and a rate
/// in another (`workload.call_growth` is a factor, 1.2 for 20% more calls).
pub const RENAMED: &[(&str, &str, (&str, &str))] = &[(
    "roadmap.call_growth",
    "roadmap.call_growth_rate",
    (
        "它是年增长率（0.03 即每年增长 3%），而 `workload.call_growth` 是倍数（1.2 即警情增加 20%）",
        "a yearly rate (0.03 = +3% a year), where `workload.call_growth` is a factor (1.2 = 20% more calls)",
    ),
)];

/// Keys whose value may also be a word, a list or a table besides the
/// plain form the type column gives (a number): `retirement_age = "cn-2025"`
/// or a schedule, a `leaving_rate` table by age band, a `recruits` or
/// `auxiliary_budget` list with one per year. `--set` reads such a value as
/// TOML (`--set 'roadmap.recruits=[900,800,700]'`), a bare word as text.
pub const STRUCTURED: &[&str] = &[
    "roadmap.retirement_age",
    "roadmap.leaving_rate",
    "roadmap.recruits",
    "roadmap.auxiliary_budget",
];

/// The registry entry of a key path (`workload.residents_per_community_officer.urban`
/// finds the `*` entry).
pub fn find(path: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| matches(k.path, path))
}

mod listing;
mod lookup;

pub use crate::outcome::Parameter;
pub use listing::{label, markdown, parameters};
pub use lookup::{lookup, present, renamed, renamed_in, sweep_keys, sweepable, toml_parts};

#[cfg(test)]
mod tests;
