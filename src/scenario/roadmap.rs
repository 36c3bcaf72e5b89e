//! The `[roadmap]` table: a multi-year plan (`staffing roadmap`, see
//! `docs/roadmap.md`), parsed strictly and resolved into [`RoadmapSpec`].
//!
//! Several keys take more than one shape, so their TOML values are read
//! here by hand, with messages that name the key, the value and what would
//! be valid:
//!
//! * `retirement_age`: a number of years (`60`, `60.25` is 60 years and 3
//!   months), `"cn-2025"` (China's gradual reform from 2025, see
//!   [`RetirementRule::China2025`]), a schedule by birth date (a list of
//!   `{ born_from, born_to, age_years, age_months }`), or a table
//!   `{ male = …, female = … }` of any of these;
//! * `leaving_rate`: one share for every age band, or a table by band;
//! * `recruits` and `auxiliary_budget`: one whole number for every year, or
//!   a list with one per year.

use std::path::PathBuf;

use serde::Deserialize;

use crate::domain::AGE_BAND_KEYS;
use crate::numeric;

/// How the roadmap chooses where recruits go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoadmapMode {
    /// Year by year: each year's recruits where they raise that year's
    /// balance level most.
    #[default]
    Myopic,
    /// Over all years: the worst year's level as high as possible, then the
    /// sum of the years' levels.
    Horizon,
}

impl RoadmapMode {
    /// As the scenario writes it: `myopic` or `horizon`.
    pub fn as_str(self) -> &'static str {
        match self {
            RoadmapMode::Myopic => "myopic",
            RoadmapMode::Horizon => "horizon",
        }
    }
}

/// A birth month: (year, month 1–12).
pub type BirthMonth = (i32, u32);

/// One line of a retirement schedule: officers born from `born_from` to
/// `born_to` (inclusive; `None` is open) retire at `months` of age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduleEntry {
    /// The first birth month of the line (`None`: open).
    pub born_from: Option<BirthMonth>,
    /// The last birth month of the line (`None`: open).
    pub born_to: Option<BirthMonth>,
    /// The retirement age in months (60 years and 3 months: 723).
    pub months: i64,
}

/// The retirement age of one sex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetirementRule {
    /// One age, in months.
    Age(i64),
    /// China's gradual reform from 1 January 2025 for officers (cadres):
    /// men from 60 (born before 1965) to 63, women from 55 (born before
    /// 1970) to 58, one month later for every four months of birth
    /// ([`china_2025_months`]).
    China2025,
    /// Ages by birth date; entries do not overlap.
    Schedule(Vec<ScheduleEntry>),
}

/// Men and women.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sex {
    /// Men.
    Male,
    /// Women.
    Female,
}

impl Sex {
    /// As tables write it: `male` or `female`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// The legal retirement age of the State Council's decision of 13
/// September 2024 for officers, who are cadres (干部): men 60 and women 55
/// before the reform; from 1 January 2025 one month later for every four
/// months of birth after December 1964 (men) or December 1969 (women), up
/// to 36 months (63 and 58). Returns the age in months.
pub fn china_2025_months(sex: Sex, born: BirthMonth) -> i64 {
    let (base_years, first_year) = match sex {
        Sex::Male => (60, 1965),
        Sex::Female => (55, 1970),
    };
    let since = (born.0 as i64 - first_year) * 12 + (born.1 as i64 - 1);
    let delay = if since < 0 {
        0
    } else {
        (since / 4 + 1).min(36)
    };
    base_years * 12 + delay
}

impl RetirementRule {
    /// The retirement age in months of someone of this sex born in `born`
    /// (`None`: no schedule entry covers the birth month).
    pub fn months(&self, sex: Sex, born: BirthMonth) -> Option<i64> {
        match self {
            RetirementRule::Age(m) => Some(*m),
            RetirementRule::China2025 => Some(china_2025_months(sex, born)),
            RetirementRule::Schedule(entries) => entries
                .iter()
                .find(|e| {
                    e.born_from.map_or(true, |f| f <= born) && e.born_to.map_or(true, |t| born <= t)
                })
                .map(|e| e.months),
        }
    }
}

/// Retirement ages by sex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retirement {
    /// When men retire.
    pub male: RetirementRule,
    /// When women retire.
    pub female: RetirementRule,
}

impl Retirement {
    /// The rule of one sex.
    pub fn rule(&self, sex: Sex) -> &RetirementRule {
        match sex {
            Sex::Male => &self.male,
            Sex::Female => &self.female,
        }
    }

    /// The calendar month (year, month 1–12) in which someone of `sex` born
    /// in `born` reaches the retirement age of the rule (`None`: no
    /// schedule entry covers the birth month). An officer retires in that
    /// month: in its calendar year, and before a year that starts after it.
    pub fn date(&self, sex: Sex, born: BirthMonth) -> Option<BirthMonth> {
        let months = self.rule(sex).months(sex, born)?;
        let index = born.0 as i64 * 12 + (born.1 as i64 - 1) + months;
        let year = index.div_euclid(12).clamp(i32::MIN as i64, i32::MAX as i64) as i32;
        Some((year, index.rem_euclid(12) as u32 + 1))
    }

    /// Whether men and women retire alike (then the data need not say who
    /// is a woman).
    pub fn same_for_both(&self) -> bool {
        match (&self.male, &self.female) {
            (RetirementRule::China2025, RetirementRule::China2025) => false,
            (a, b) => a == b,
        }
    }
}

/// `[roadmap]`, resolved and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapSpec {
    /// The first year of the roadmap (`roadmap.start_year`).
    pub start_year: i32,
    /// How many years it plans (`roadmap.years`).
    pub years: usize,
    /// Year by year or over all years (`roadmap.mode`).
    pub mode: RoadmapMode,
    /// Retirement ages by sex (`roadmap.retirement_age`).
    pub retirement: Retirement,
    /// Share of women among the officers of age-band data (needed when
    /// men and women retire differently).
    pub female_share: Option<f64>,
    /// `officers.csv`, resolved against the scenario file that names it.
    pub roster: Option<PathBuf>,
    /// Other leavers a year, by age band ([`AGE_BAND_KEYS`]).
    pub leaving_rate: [f64; 6],
    /// Recruits for the province, one per year.
    pub recruits: Vec<i64>,
    /// Whether the scenario set `recruits` (a shape for `--target-level`).
    pub recruits_set: bool,
    /// At most this many recruits a year for one county (a `max_recruits`
    /// column in counties.csv overrides it).
    pub recruits_cap: Option<i64>,
    /// The age recruits join at.
    pub recruit_age: i32,
    /// Share of auxiliaries leaving each year.
    pub auxiliary_turnover: f64,
    /// The provincial budget of auxiliary posts, one per year (`None`: the
    /// scenario's `[auxiliaries] total`, or today's, every year).
    pub auxiliary_budget: Option<Vec<i64>>,
    /// Yearly change of 110 calls, compounding: year k (0 for the first)
    /// has calls × call_growth × (1 + g)^k (`roadmap.call_growth_rate`).
    pub call_growth: f64,
    /// Officers at a station from this age on cannot take duty shifts.
    pub restricted_from_age: Option<i32>,
    /// The most reachability checks one horizon search makes
    /// (`roadmap.horizon_checks`).
    pub horizon_checks: usize,
}

impl RoadmapSpec {
    /// The calendar years of the roadmap.
    pub fn calendar(&self) -> impl Iterator<Item = i32> + '_ {
        (0..self.years).map(move |k| self.start_year + k as i32)
    }
}

/// `[roadmap]` as the file writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoadmapFile {
    start_year: i64,
    #[serde(default = "five")]
    years: i64,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    retirement_age: Option<toml::Value>,
    #[serde(default)]
    female_share: Option<f64>,
    #[serde(default)]
    roster: Option<String>,
    #[serde(default)]
    leaving_rate: Option<toml::Value>,
    #[serde(default)]
    recruits: Option<toml::Value>,
    #[serde(default)]
    recruits_cap: Option<i64>,
    #[serde(default = "twenty_four")]
    recruit_age: i64,
    #[serde(default = "ten_percent")]
    auxiliary_turnover: f64,
    #[serde(default)]
    auxiliary_budget: Option<toml::Value>,
    #[serde(default)]
    call_growth_rate: f64,
    #[serde(default)]
    restricted_from_age: Option<i64>,
    #[serde(default = "horizon_checks")]
    horizon_checks: i64,
}

fn five() -> i64 {
    5
}
fn twenty_four() -> i64 {
    24
}
fn ten_percent() -> f64 {
    0.1
}
fn horizon_checks() -> i64 {
    numeric::HORIZON_CHECKS_DEFAULT
}

/// One whole number per year: a number (every year) or a list of `years`.
fn per_year(key: &str, v: &toml::Value, years: usize) -> Result<Vec<i64>, Bad> {
    match v {
        toml::Value::Integer(n) => Ok(vec![count(key, *n)?; years]),
        toml::Value::Array(items) => {
            if items.len() != years {
                return Err(bad(
                    key,
                    shown(v),
                    format!(
                        "a list needs one whole number per year: {years} (roadmap.years), not {}",
                        items.len()
                    ),
                ));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    toml::Value::Integer(n) => count(&format!("{key}[{i}]"), *n),
                    other => Err(bad(&format!("{key}[{i}]"), shown(other), "a whole number")),
                })
                .collect()
        }
        other => Err(bad(
            key,
            shown(other),
            format!("a whole number for every year, or a list of {years}, one per year"),
        )),
    }
}

fn leaving_rate(v: Option<&toml::Value>) -> Result<[f64; 6], Bad> {
    const KEY: &str = "roadmap.leaving_rate";
    match v {
        None => Ok([0.0; 6]),
        Some(toml::Value::Table(t)) => {
            let mut out = [0.0; 6];
            for (k, value) in t {
                let Some(i) = AGE_BAND_KEYS.iter().position(|b| b == k) else {
                    return Err(bad(
                        &format!("{KEY}.{k}"),
                        shown(value),
                        format!("the bands are {}", AGE_BAND_KEYS.join(", ")),
                    ));
                };
                let at = format!("{KEY}.{k}");
                let rate =
                    number(value).ok_or_else(|| bad(&at, shown(value), "a share in [0, 1]"))?;
                out[i] = share(&at, rate)?;
            }
            Ok(out)
        }
        Some(v) => match number(v) {
            Some(rate) => Ok([share(KEY, rate)?; 6]),
            None => Err(bad(
                KEY,
                shown(v),
                "a share in [0, 1] for every band, or a table by band { age_under_30 = 0.01, … }",
            )),
        },
    }
}

/// Resolves `[roadmap]`; `roster` is the roster path already joined to
/// the folder of the file that names it.
pub(crate) fn resolve(f: RoadmapFile, roster: Option<PathBuf>) -> Result<RoadmapSpec, Bad> {
    let start_year = whole_in("roadmap.start_year", f.start_year, numeric::CALENDAR_YEAR)? as i32;
    let years = whole_in("roadmap.years", f.years, numeric::ROADMAP_YEARS)? as usize;
    let mode = match f.mode.as_deref() {
        None | Some("myopic") => RoadmapMode::Myopic,
        Some("horizon") => RoadmapMode::Horizon,
        Some(other) => {
            return Err(bad(
                "roadmap.mode",
                format!("\"{other}\""),
                "use \"myopic\" (year by year) or \"horizon\" (over all years)",
            ))
        }
    };
    let retirement = retirement(f.retirement_age.as_ref())?;
    let female_share = f
        .female_share
        .map(|v| share("roadmap.female_share", v))
        .transpose()?;
    let leaving_rate = leaving_rate(f.leaving_rate.as_ref())?;
    let recruits = match &f.recruits {
        None => vec![0; years],
        Some(v) => per_year("roadmap.recruits", v, years)?,
    };
    let recruits_cap = f
        .recruits_cap
        .map(|n| count("roadmap.recruits_cap", n))
        .transpose()?;
    let recruit_age = whole_in("roadmap.recruit_age", f.recruit_age, numeric::RECRUIT_AGE)? as i32;
    let auxiliary_turnover = share("roadmap.auxiliary_turnover", f.auxiliary_turnover)?;
    let auxiliary_budget = f
        .auxiliary_budget
        .as_ref()
        .map(|v| per_year("roadmap.auxiliary_budget", v, years))
        .transpose()?;
    let call_growth = in_range(
        "roadmap.call_growth_rate",
        f.call_growth_rate,
        numeric::YEARLY_CHANGE,
    )?;
    let restricted_from_age = f
        .restricted_from_age
        .map(|a| {
            whole_in(
                "roadmap.restricted_from_age",
                a,
                numeric::RESTRICTED_FROM_AGE,
            )
        })
        .transpose()?
        .map(|a| a as i32);
    let horizon_checks = whole_in(
        "roadmap.horizon_checks",
        f.horizon_checks,
        numeric::HORIZON_CHECKS,
    )? as usize;
    Ok(RoadmapSpec {
        start_year,
        years,
        mode,
        retirement,
        female_share,
        roster,
        leaving_rate,
        recruits,
        recruits_set: f.recruits.is_some(),
        recruits_cap,
        recruit_age,
        auxiliary_turnover,
        auxiliary_budget,
        call_growth,
        restricted_from_age,
        horizon_checks,
    })
}

/// The roster path as the file writes it (resolved by the caller).
pub(crate) fn roster_path(f: &RoadmapFile) -> Option<&str> {
    f.roster.as_deref()
}

mod retirement;
mod values;

use retirement::retirement;
pub use values::Bad;
use values::{bad, count, in_range, number, share, shown, whole_in};

#[cfg(test)]
mod tests;
