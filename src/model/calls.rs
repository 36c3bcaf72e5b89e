//! The 110 calls a station handles under the scenario's workload: growth,
//! diversion to 12345 and call categories. Both duty methods (hours and
//! service levels) read them.

use crate::domain::{Station, Workload};

/// Calls the station handles under the scenario:
/// callsₛ × call_growth × (1 − divert_share), where with call categories
/// only the divertible categories (and the calls not split by category) are
/// diverted.
pub fn handled_calls(station: &Station, w: &Workload) -> f64 {
    if w.categories.is_empty() {
        return station.calls * w.call_growth * (1.0 - w.divert_share);
    }
    let mut handled = 0.0;
    for (name, cat) in &w.categories {
        let calls = category_calls(station, name);
        let kept = if cat.divertible {
            1.0 - w.divert_share
        } else {
            1.0
        };
        handled += calls * w.call_growth * kept;
    }
    handled + unsplit_calls(station, w) * w.call_growth * (1.0 - w.divert_share)
}

/// Calls of one category at a station (0 when the station has none).
pub fn category_calls(station: &Station, name: &str) -> f64 {
    station
        .levers
        .calls_by_category
        .get(name)
        .copied()
        .unwrap_or(0.0)
}

/// Calls not split into a declared category: callsₛ − Σₖ callsₛₖ (never
/// below 0; the input layer rejects categories that add up to more).
pub fn unsplit_calls(station: &Station, w: &Workload) -> f64 {
    let split: f64 = w
        .categories
        .keys()
        .map(|k| category_calls(station, k))
        .sum();
    (station.calls - split).max(0.0)
}
