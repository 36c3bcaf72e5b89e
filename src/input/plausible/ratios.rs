//! The ratios the plausibility checks judge, per station and per county,
//! and the robust statistics of their logarithms over a peer group.

use std::collections::BTreeMap;

use super::{Ratio, MIN_SIGMA};
use crate::domain::Province;

/// Robust statistics of ln r over a peer group.
#[derive(Debug, Clone, Copy)]
pub(super) struct Stats {
    pub(super) median: f64,
    pub(super) sigma: f64,
    pub(super) p10: f64,
    pub(super) p90: f64,
    pub(super) n: usize,
}

/// The value at quantile `q` (nearest rank), by selection: linear, not a
/// sort (groups hold up to all the stations of a nation).
#[cfg(test)]
pub(super) fn quantile(values: &mut [f64], q: f64) -> f64 {
    let i = (((values.len() - 1) as f64 * q).round() as usize).min(values.len() - 1);
    *values.select_nth_unstable_by(i, f64::total_cmp).1
}

/// The median, by selection (the mean of the two middle values of an even
/// count).
pub(super) fn median(values: &mut [f64]) -> f64 {
    let n = values.len();
    let upper = *values.select_nth_unstable_by(n / 2, f64::total_cmp).1;
    if n % 2 == 1 {
        upper
    } else {
        // The lower middle value is the largest of the lower part.
        let lower = values[..n / 2]
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        (lower + upper) / 2.0
    }
}

/// The statistics of a group; `logs` is reordered. Each is an order
/// statistic of the values (or of their distances from the median), so
/// the order the group is given in does not change them. `scratch` is
/// working space.
pub(super) fn stats(logs: &mut [f64], scratch: &mut Vec<f64>) -> Stats {
    let m = median(logs);
    scratch.clear();
    scratch.extend(logs.iter().map(|x| (x - m).abs()));
    Stats {
        median: m,
        sigma: (1.4826 * median(scratch)).max(MIN_SIGMA),
        p10: quantile_split(logs, 0.1),
        p90: quantile_split(logs, 0.9),
        n: logs.len(),
    }
}

/// [`quantile`] of values that [`median`] has just split at their middle
/// (`values[n / 2]` in place, none before it above it, none after it
/// below it): the `i`-th smallest of all is the `i`-th smallest of the
/// part it falls in, so only that part is searched.
fn quantile_split(values: &mut [f64], q: f64) -> f64 {
    let n = values.len();
    let i = (((n - 1) as f64 * q).round() as usize).min(n - 1);
    let mid = n / 2;
    match i.cmp(&mid) {
        std::cmp::Ordering::Less => *values[..mid].select_nth_unstable_by(i, f64::total_cmp).1,
        std::cmp::Ordering::Equal => values[mid],
        std::cmp::Ordering::Greater => {
            *values[mid + 1..]
                .select_nth_unstable_by(i - mid - 1, f64::total_cmp)
                .1
        }
    }
}

/// ln(a ÷ b) when both are above 0 and the result is finite.
pub(super) fn log_ratio(a: f64, b: f64) -> Option<f64> {
    (a > 0.0 && b > 0.0)
        .then(|| a.ln() - b.ln())
        .filter(|x| x.is_finite())
}

/// The station ratios a province has: per ratio, ln r of each station.
pub(super) fn station_ratios(province: &Province) -> BTreeMap<Ratio, Vec<Option<f64>>> {
    let n_c: Vec<f64> = province
        .counties
        .iter()
        .map(|c| c.stations.len() as f64)
        .collect();
    let mut out = BTreeMap::new();
    let each = |f: &dyn Fn(&crate::domain::Station) -> Option<f64>| {
        province.stations.iter().map(f).collect::<Vec<_>>()
    };
    out.insert(
        Ratio::CallsPerResident,
        each(&|s| log_ratio(s.calls, s.population)),
    );
    out.insert(
        Ratio::ResidentsPerVillage,
        each(&|s| log_ratio(s.population, s.villages)),
    );
    out.insert(
        Ratio::CallsPerOfficer,
        each(&|s| log_ratio(s.calls, s.officers as f64)),
    );
    out.insert(
        Ratio::ResidentsPerOfficer,
        each(&|s| log_ratio(s.population, s.officers as f64)),
    );
    out.insert(
        Ratio::OfficersPerCountyShare,
        each(&|s| {
            let c = &province.counties[s.county];
            log_ratio(s.officers as f64 * n_c[s.county], c.officers_total as f64)
        }),
    );
    out.insert(
        Ratio::AuxiliariesPerVillage,
        each(&|s| log_ratio(s.auxiliaries as f64, s.villages)),
    );
    out.insert(
        Ratio::AuxiliariesPer10kResidents,
        each(&|s| log_ratio(s.auxiliaries as f64 * 1e4, s.population)),
    );
    out.insert(
        Ratio::AreaPerVillage,
        each(&|s| log_ratio(s.area_km2, s.villages)),
    );
    out.insert(
        Ratio::AreaPer1kResidents,
        each(&|s| log_ratio(s.area_km2 * 1e3, s.population)),
    );
    out
}

/// A county's stations today: officers, residents and calls.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    officers: f64,
    residents: f64,
    calls: f64,
}

/// The county ratios: per ratio, ln r of each county.
pub(super) fn county_ratios(province: &Province) -> BTreeMap<Ratio, Vec<Option<f64>>> {
    let sums: Vec<Sums> = province
        .counties
        .iter()
        .map(|c| {
            c.stations.iter().fold(Sums::default(), |t, &s| {
                let s = &province.stations[s];
                Sums {
                    officers: t.officers + s.officers as f64,
                    residents: t.residents + s.population,
                    calls: t.calls + s.calls,
                }
            })
        })
        .collect();
    let each = |f: fn(f64, f64, Sums) -> Option<f64>| -> Vec<Option<f64>> {
        province
            .counties
            .iter()
            .zip(&sums)
            .map(|(c, &t)| f(c.officers_total as f64, c.hq_min as f64, t))
            .collect()
    };
    BTreeMap::from([
        (
            Ratio::ForcePerStationOfficer,
            each(|e, _, t| log_ratio(e, t.officers)),
        ),
        (
            Ratio::ForcePer10kResidents,
            each(|e, _, t| log_ratio(e * 1e4, t.residents)),
        ),
        (
            Ratio::ForcePer1kCalls,
            each(|e, _, t| log_ratio(e * 1e3, t.calls)),
        ),
        (Ratio::HqMinShareOfForce, each(|e, hq, _| log_ratio(hq, e))),
        (
            Ratio::HqMinShareOfHq,
            each(|e, hq, t| log_ratio(hq, e - t.officers)),
        ),
    ])
}
