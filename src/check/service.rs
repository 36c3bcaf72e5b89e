//! The service standard's units, verified from its definition.

use crate::domain::Params;

/// Under `method = "erlang-c"`, whether each hour's units Nₕ (behind the
/// duty requirement Dₛ) are what the standard asks, read from its
/// definition rather than the solver's search: for load aₕ > 0, Nₕ keeps
/// Nₕ ≥ max(1, n₀), Nₕ > aₕ, C(Nₕ, aₕ) ≤ P and aₕ ÷ Nₕ ≤ u, and Nₕ − 1 breaks
/// one of them (or is below the floor); for aₕ = 0, Nₕ = n₀.
pub(super) fn service_units_problem(
    station: &crate::domain::Station,
    params: &Params,
    s: &crate::domain::ServiceStandard,
) -> Option<String> {
    use crate::model::service::{erlang_c, station_hours, within_utilisation};
    let hours = match station_hours(station, &params.workload, s) {
        Ok(h) => h,
        Err(e) => return Some(e.to_string()),
    };
    let n0 = s.min_units_on_duty.max(0) as u64;
    let ok = |n: u64, a: f64| {
        n >= n0.max(1)
            && n as f64 > a
            && erlang_c(n, a) <= s.target_wait_probability
            && s.max_utilisation
                .map_or(true, |u| within_utilisation(n, a, u))
    };
    for (h, (&n, &a)) in hours.units.iter().zip(&hours.load).enumerate() {
        let problem = if a == 0.0 {
            (n != n0).then(|| format!("no calls, so the minimum of {n0} units, not {n}"))
        } else if !ok(n, a) {
            Some(format!(
                "{n} units do not meet the standard (C = {})",
                erlang_c(n, a)
            ))
        } else if n > n0.max(1) && ok(n - 1, a) {
            Some(format!(
                "{} units already meet the standard, not {n}",
                n - 1
            ))
        } else {
            None
        };
        if let Some(p) = problem {
            return Some(format!("hour {h}, offered load {a} Erlangs: {p}"));
        }
    }
    None
}
