//! The 110 calls a station handles under the scenario's workload: growth,
//! diversion to 12345 and call categories. Both duty methods (hours and
//! service levels) read them.

use crate::domain::{CallCategory, Station, Workload};

/// The load formula: calls × call_growth × kept, where kept is
/// 1 − divert_share for calls 12345 can take over and 1 for the others.
pub fn kept_calls(calls: f64, w: &Workload, divertible: bool) -> f64 {
    let kept = if divertible {
        1.0 - w.divert_share
    } else {
        1.0
    };
    calls * w.call_growth * kept
}

/// The parts of a station's handled calls, each with its [`kept_calls`]:
/// every declared category (`Some`), then the calls not split into one
/// (`None`, divertible; all of the station's calls when there are no
/// categories). Each duty method weighs the parts with its own handling
/// time.
pub fn handled_parts<'a>(
    station: &'a Station,
    w: &'a Workload,
) -> impl Iterator<Item = (Option<&'a CallCategory>, f64)> + 'a {
    let categories = w.categories.iter().map(move |(name, cat)| {
        let calls = category_calls(station, name);
        (Some(cat), kept_calls(calls, w, cat.divertible))
    });
    let unsplit = kept_calls(unsplit_calls(station, w), w, true);
    categories.chain(std::iter::once((None, unsplit)))
}

/// Calls the station handles under the scenario:
/// callsₛ × call_growth × (1 − divert_share), where with call categories
/// only the divertible categories (and the calls not split by category) are
/// diverted: the sum of its [`handled_parts`].
pub fn handled_calls(station: &Station, w: &Workload) -> f64 {
    handled_parts(station, w).fold(0.0, |sum, (_, calls)| sum + calls)
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
