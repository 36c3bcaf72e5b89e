//! The service standard's figures: each station's chance of waiting at its
//! busiest hour before and after, and both duty methods compared.

use serde::Serialize;

use super::BeforeAfter;
use crate::domain::{DutyMethod, HOURS_PER_DAY};

/// The service duty officers give at one station under one deployment, at
/// its busiest hour (see [`crate::model::service::service_at`]: the duty
/// officers are spread over the day in proportion to Nₕ).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ServiceLevel {
    /// Units on duty at the busiest hour, Uₕ (unit-equivalents).
    pub units_on_duty_peak: f64,
    /// P(a call waits) at the busiest hour.
    pub wait_probability_peak: f64,
    /// Mean wait in minutes at the busiest hour (`None`: no more units than
    /// the load, so no finite wait).
    pub mean_wait_minutes_peak: Option<f64>,
    /// Every hour keeps the units the standard needs.
    pub meets_standard: bool,
}

/// The service standard at one station: what it needs and what it gets
/// today and under the plan.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StationService {
    /// Σₕ Nₛₕ: unit-hours a day the standard counts (fractional in pooled
    /// hours, where the station has its share of the pool's units).
    pub units_per_day: f64,
    /// Σₕ wₕ Nₛₕ: the unit-hours a day it pays for (standby hours at their
    /// weight).
    pub weighted_units_per_day: f64,
    /// The hour with the largest offered load (0 to 23).
    pub busiest_hour: usize,
    /// Whether the station pools in its busiest hour (P(wait) is then the
    /// pool's).
    pub pooled_at_peak: bool,
    /// aₕ at the busiest hour, in Erlangs.
    pub offered_load_peak: f64,
    /// Σₕ aₕ: Erlang-hours a day.
    pub offered_load_per_day: f64,
    /// Nₛₕ at the busiest hour.
    pub units_needed_peak: f64,
    /// The station has calls and needs exactly one unit in every hour it
    /// stands alone: its need is the standard's floor (a unit on duty), not
    /// its calls.
    pub one_unit_alone: bool,
    /// The standard's duty requirement, whatever the method:
    /// 365 × officers_per_unit × Σₕ wₕ Nₛₕ ÷ officer_hours_per_year.
    pub duty_requirement: f64,
    /// The standard's auxiliary duty need:
    /// 365 × auxiliaries_per_unit × Σₕ wₕ Nₛₕ ÷ auxiliary_hours_per_year.
    pub auxiliary_duty_need: f64,
    /// The service today.
    pub before: ServiceLevel,
    /// The service under the plan.
    pub after: ServiceLevel,
}

/// The province's need and service by hour of day.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceOutcome {
    /// The method the plan's duty requirements come from.
    pub method: DutyMethod,
    /// Σₛ Nₛₕ per hour.
    pub hourly_units_needed: [f64; HOURS_PER_DAY],
    /// Σₛ aₕ per hour, in Erlangs.
    pub hourly_offered_load: [f64; HOURS_PER_DAY],
    /// Σₛ Uₕ, units on duty per hour (unit-equivalents), today and under
    /// the plan.
    pub hourly_units_on_duty: BeforeAfter<[f64; HOURS_PER_DAY]>,
}

/// One of the stations the standard serves worst.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServiceStation {
    /// The station's id.
    pub station_id: String,
    /// The station's name.
    pub name: String,
    /// Its county's id.
    pub county_id: String,
    /// The hour with the largest offered load (0 to 23).
    pub busiest_hour: usize,
    /// P(a call waits) at that hour under the plan.
    pub wait_probability_peak: f64,
    /// Mean wait in minutes at that hour (`None`: no finite wait).
    pub mean_wait_minutes_peak: Option<f64>,
}

/// The service object of `summary.json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServiceSummary {
    /// `hours` or `erlang-c`: where the plan's duty requirements come from.
    pub method: String,
    /// Mean minutes one call keeps a unit busy.
    pub minutes_per_call: f64,
    /// Officers in a unit.
    pub officers_per_unit: f64,
    /// Auxiliaries in a unit.
    pub auxiliaries_per_unit: f64,
    /// Working hours of one auxiliary a year (officer_hours_per_year unless
    /// the standard gives its own).
    pub auxiliary_hours_per_year: f64,
    /// The highest P(a call waits) every hour may have.
    pub target_wait_probability: f64,
    /// The highest utilisation of units the standard allows (`None`: no cap).
    pub max_utilisation: Option<f64>,
    /// Units every station keeps on duty at least.
    pub min_units_on_duty: i64,
    /// The standby hours (0 to 23), the kinds on standby (`None`: every
    /// kind) and what a standby unit-hour costs.
    pub standby_hours: Vec<usize>,
    /// The station kinds on standby (`None`: every kind).
    pub standby_kinds: Option<Vec<String>>,
    /// What a standby unit-hour costs, against a duty unit-hour.
    pub standby_weight: f64,
    /// The pooled hours and the kinds that pool (`None`: every kind).
    pub pool_hours: Vec<usize>,
    /// The station kinds that pool (`None`: every kind).
    pub pool_kinds: Option<Vec<String>>,
    /// Σₛ Σₕ Nₛₕ.
    pub units_needed_per_day: f64,
    /// Σₛ Σₕ wₕ Nₛₕ.
    pub weighted_units_per_day: f64,
    /// Σₛ Dₛ under the standard, officers.
    pub duty_requirement: f64,
    /// Σₛ of the standard's auxiliary duty need.
    pub auxiliary_duty_need: f64,
    /// Stations with calls that need exactly one unit in every hour they
    /// stand alone (the floor).
    pub stations_at_one_unit: usize,
    /// Pooled queues (a county's stations of the pooled kinds in one pooled
    /// hour) and the units they need, Σ N_ch.
    pub pools: usize,
    /// Σ N_ch: the units the pooled queues need.
    pub pool_units: u64,
    /// Stations whose duty officers keep the standard in every hour.
    pub stations_meeting_standard: BeforeAfter<usize>,
    /// After the plan, the highest P(wait) at the busiest hour first.
    pub worst_stations: Vec<ServiceStation>,
}

/// One duty method's plan on the same data.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MethodFigures {
    /// `hours` or `erlang-c`.
    pub method: String,
    /// t under this method's plan.
    pub balance_level: Option<f64>,
    /// Officers this method's plan moves.
    pub officers_moved: i64,
    /// Σc extra_c(1.0): the fewest officers beyond the force that would let
    /// every station reach level 1.0 (`None`: no number of officers would,
    /// because of locks, capacities or move caps).
    pub officers_short_of_level_one: Option<i64>,
    /// Σₛ Dₛ.
    pub duty_requirement: f64,
    /// Stations meeting the service standard under this plan.
    pub stations_meeting_standard: usize,
}

/// A station whose duty requirement differs between the methods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StationDifference {
    /// The station, by index into the province's stations.
    pub station: usize,
    /// Dₛ by the hours method.
    pub duty_hours: f64,
    /// Dₛ by the Erlang C method.
    pub duty_erlang_c: f64,
    /// Officers the hours method's plan gives the station.
    pub officers_hours: i64,
    /// Officers the Erlang C method's plan gives the station.
    pub officers_erlang_c: i64,
}

/// Both duty methods on the same data (`solve --compare-methods`).
#[derive(Debug, Clone, PartialEq)]
pub struct MethodComparison {
    /// `hours`, then `erlang-c`.
    pub methods: Vec<MethodFigures>,
    /// The stations whose Dₛ differs most, largest |difference| first.
    pub stations: Vec<StationDifference>,
}
