//! How the duty requirement is computed, and the service standard for 110
//! calls: an hourly profile, who a unit is, the probability of waiting.

use std::collections::{BTreeMap, BTreeSet};

use super::Workload;

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
    /// How the duty requirement is computed (`workload.service.method`).
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
