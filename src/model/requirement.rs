//! Requirements of each station, in full-time officers (and auxiliary posts).

use crate::domain::{Params, Province, Station, Workload};

/// What one station needs at balance level 1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Requirement {
    /// Duty officers Dₛ for 110 calls.
    pub duty: f64,
    /// Community officers Cₛ for the residents served.
    pub community: f64,
    /// Auxiliary posts Vₛ for village coverage.
    pub villages: f64,
    /// Fewest officers the station may have, mₛ.
    pub min_officers: i64,
}

/// Calls the station handles under the scenario:
/// callsₛ × call_growth × (1 − divert_share).
pub fn handled_calls(station: &Station, w: &Workload) -> f64 {
    station.calls * w.call_growth * (1.0 - w.divert_share)
}

/// Duty requirement
/// Dₛ = callsₛ × call_growth × (1 − divert_share) × hours_per_call
///      ÷ (officer_hours_per_year × reactive_share).
pub fn duty_requirement(station: &Station, w: &Workload) -> f64 {
    handled_calls(station, w) * w.hours_per_call / (w.officer_hours_per_year * w.reactive_share)
}

/// Community requirement Cₛ = populationₛ ÷ residents_per_community_officer[kindₛ].
///
/// The input layer guarantees every kind has a norm; a missing one counts as
/// no requirement rather than a panic.
pub fn community_requirement(station: &Station, w: &Workload) -> f64 {
    match w.residents_per_community_officer.get(&station.kind) {
        Some(norm) => station.population / norm,
        None => 0.0,
    }
}

/// Village requirement Vₛ = villagesₛ × per_village.
pub fn village_requirement(station: &Station, params: &Params) -> f64 {
    station.villages * params.auxiliaries.per_village
}

/// Requirements of every station, in input order.
pub fn requirements(province: &Province, params: &Params) -> Vec<Requirement> {
    province
        .stations
        .iter()
        .map(|s| Requirement {
            duty: duty_requirement(s, &params.workload),
            community: community_requirement(s, &params.workload),
            villages: village_requirement(s, params),
            min_officers: s.min_officers.unwrap_or(params.min_officers),
        })
        .collect()
}
