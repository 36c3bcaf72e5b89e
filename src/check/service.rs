//! The service standard re-derived from its definition: each queue's
//! units, the county pools, the standby weights, and the duty requirement
//! and auxiliary posts the plan was made for.

use crate::domain::{Params, Province};

/// Whether the units N of one queue with load a are what the standard
/// asks, read from its definition: for a > 0, N ≥ max(1, n₀), N > a,
/// C(N, a) ≤ P and a ÷ N ≤ u, and N − 1 breaks one of them (or is below
/// the floor); for a = 0, N = n₀. Erlang C is evaluated directly for N and
/// N − 1 (one run of the recursion gives both). The N checked is the
/// solver's search's; the answer is it or why it is wrong.
fn verified_units(a: f64, s: &crate::domain::ServiceStandard) -> Result<u64, String> {
    use crate::model::service::{erlang_c_pair, units_needed, within_utilisation};
    let n = units_needed(a, s).map_err(|e| e.to_string())?;
    let n0 = s.min_units_on_duty.max(0) as u64;
    if a == 0.0 {
        return if n == n0 {
            Ok(n)
        } else {
            Err(format!("no calls, so the minimum of {n0} units, not {n}"))
        };
    }
    let (c_below, c_at) = erlang_c_pair(n, a);
    let ok = |n: u64, c: f64| {
        n >= n0.max(1)
            && n as f64 > a
            && c <= s.target_wait_probability
            && s.max_utilisation
                .map_or(true, |u| within_utilisation(n, a, u))
    };
    if !ok(n, c_at) {
        return Err(format!("{n} units do not meet the standard (C = {c_at})"));
    }
    if n > n0.max(1) && ok(n - 1, c_below) {
        return Err(format!(
            "{} units already meet the standard, not {n}",
            n - 1
        ));
    }
    Ok(n)
}

/// Under `method = "erlang-c"`, every station-hour re-derived from the
/// standard's definition, county by county:
///
/// * the offered loads aₛₕ (the shared load formula);
/// * in a pooled hour h, the county's stations whose kind pools form one
///   queue with A_ch = Σ aₛₕ; its units N_ch are checked against the
///   definition ([`verified_units`]) and a station's share is
///   N_ch × aₛₕ ÷ A_ch (n₀ ÷ |pool| when A_ch = 0);
/// * in any other hour the station's own units Nₛₕ are checked the same way;
/// * wₕ is `standby_weight` in the standby hours of the station's kind, 1
///   otherwise;
/// * Dₛ = 365 × officers_per_unit × Σₕ wₕ Nₛₕ ÷ officer_hours_per_year must
///   be the plan's duty requirement, and max(Vₛ, Xₛ) with
///   Xₛ = 365 × auxiliaries_per_unit × Σₕ wₕ Nₛₕ ÷ auxiliary_hours_per_year
///   its auxiliary posts, both within 10⁻⁹ relative.
///
/// Returns (place, rule, detail) for each problem.
pub(super) fn service_problems(
    province: &Province,
    params: &Params,
    s: &crate::domain::ServiceStandard,
    reqs: &[crate::model::requirement::Requirement],
) -> Vec<(String, &'static str, String)> {
    use crate::domain::HOURS_PER_DAY;
    use crate::model::requirement::village_requirement;
    use crate::model::service::hourly_load;
    let w = &params.workload;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    let mut out = Vec::new();
    for county in &province.counties {
        let loads: Vec<[f64; HOURS_PER_DAY]> = county
            .stations
            .iter()
            .map(|&i| hourly_load(&province.stations[i], w, s).0)
            .collect();
        let pools_of = |k: usize, h: usize| {
            s.pool
                .applies(&province.stations[county.stations[k]].kind, h)
        };
        // Each pooled hour's queue: (A_ch, N_ch, |pool|).
        let mut pools: [Option<(f64, u64, usize)>; HOURS_PER_DAY] = [None; HOURS_PER_DAY];
        for (h, pool) in pools.iter_mut().enumerate() {
            let members: Vec<usize> = (0..county.stations.len())
                .filter(|&k| pools_of(k, h))
                .collect();
            if members.is_empty() {
                continue;
            }
            let load: f64 = members.iter().map(|&k| loads[k][h]).sum();
            match verified_units(load, s) {
                Ok(n) => *pool = Some((load, n, members.len())),
                Err(p) => out.push((
                    county.id.clone(),
                    "service standard (units needed)",
                    format!("pooled hour {h}, the pool's offered load {load} Erlangs: {p}"),
                )),
            }
        }
        for (k, &i) in county.stations.iter().enumerate() {
            let st = &province.stations[i];
            let mut weighted = 0.0;
            let mut problem = None;
            for h in 0..HOURS_PER_DAY {
                let a = loads[k][h];
                let units = if pools_of(k, h) {
                    match pools[h] {
                        Some((total, n, _)) if total > 0.0 => n as f64 * a / total,
                        Some((_, n, members)) => n as f64 / members as f64,
                        None => f64::NAN,
                    }
                } else {
                    match verified_units(a, s) {
                        Ok(n) => n as f64,
                        Err(p) => {
                            problem
                                .get_or_insert(format!("hour {h}, offered load {a} Erlangs: {p}"));
                            f64::NAN
                        }
                    }
                };
                let weight = if s.standby.applies(&st.kind, h) {
                    s.standby_weight
                } else {
                    1.0
                };
                weighted += weight * units;
            }
            if let Some(p) = problem {
                out.push((st.id.clone(), "service standard (units needed)", p));
            }
            let duty = 365.0 * s.officers_per_unit * weighted / w.officer_hours_per_year;
            let hours = s
                .auxiliary_hours_per_year
                .unwrap_or(w.officer_hours_per_year);
            let aux = 365.0 * s.auxiliaries_per_unit * weighted / hours;
            let r = &reqs[i];
            if !close(duty, r.duty) {
                out.push((
                    st.id.clone(),
                    "service standard (duty requirement)",
                    format!(
                        "365 × {} officers a unit × {weighted} weighted unit-hours a day ÷ {} hours = {duty}, but the plan is made for D = {}",
                        s.officers_per_unit, w.officer_hours_per_year, r.duty
                    ),
                ));
            }
            let posts = village_requirement(st, params).max(aux);
            if !close(posts, r.villages) {
                out.push((
                    st.id.clone(),
                    "service standard (auxiliary duty need)",
                    format!(
                        "max(villages' posts {}, 365 × {} auxiliaries a unit × {weighted} weighted unit-hours a day ÷ {hours} hours = {aux}) = {posts}, but the plan is made for {} auxiliary posts",
                        village_requirement(st, params),
                        s.auxiliaries_per_unit,
                        r.villages
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CommunityScope;
    use crate::domain::{Auxiliaries, County, DutyMethod, Quotas, Station, Workload};
    use crate::model::requirement::base_requirements;

    fn two_stations() -> (Province, Params) {
        let station = |id: &str, calls: f64| Station {
            id: id.into(),
            county: 0,
            name: id.into(),
            kind: "rural".into(),
            population: 0.0,
            villages: 2.0,
            area_km2: 1.0,
            calls,
            officers: 10,
            community_officers: 0,
            auxiliaries: 0,
            min_officers: None,
            levers: Default::default(),
            strength: Default::default(),
        };
        let province = Province {
            stations: vec![station("S1", 2000.0), station("S2", 9000.0)],
            counties: vec![County {
                id: "C1".into(),
                name: "C1".into(),
                officers_total: 40,
                hq_min: 0,
                stations: vec![0, 1],
                max_moves: None,
                seconded_away: 0,
                auxiliary_budget: None,
            }],
            ..Default::default()
        };
        let mut params = Params {
            workload: Workload {
                hours_per_call: 1.0,
                officer_hours_per_year: 1800.0,
                reactive_share: 0.5,
                call_growth: 1.0,
                divert_share: 0.0,
                residents_per_community_officer: [("rural".to_string(), 3000.0)].into(),
                categories: Default::default(),
                service: None,
            },
            quotas: Quotas {
                station_share: 0.4,
                community_share: 0.4,
                community_scope: CommunityScope::County,
            },
            min_officers: 2,
            auxiliaries: Auxiliaries {
                total: 10,
                per_village: 1.0,
                duty_factor: 0.0,
                budget_scope: crate::domain::BudgetScope::Province,
            },
            levers: Default::default(),
            strength: Default::default(),
        };
        let mut s = crate::model::service::standard(DutyMethod::ErlangC, 45.0, 0.2);
        s.officers_per_unit = 1.0;
        s.auxiliaries_per_unit = 1.0;
        s.standby_weight = 0.5;
        for h in [22, 23, 0, 1, 2, 3, 4, 5] {
            s.pool.hours[h] = true;
            s.standby.hours[h] = true;
        }
        params.workload.service = Some(s);
        (province, params)
    }

    /// The re-derivation agrees with the requirements the library computes,
    /// and a requirement off by a millionth, or auxiliary posts that are
    /// not max(villages, duty need), are reported.
    #[test]
    fn the_standard_is_re_derived_station_hour_by_station_hour() {
        let (p, params) = two_stations();
        let s = params.workload.service.clone().unwrap();
        let mut reqs = base_requirements(&p, &params);
        assert!(service_problems(&p, &params, &s, &reqs).is_empty());
        assert!(
            reqs[1].villages > 2.0,
            "the duty need is above the villages' posts"
        );
        reqs[0].duty *= 1.0 + 1e-6;
        reqs[1].villages = 2.0;
        let problems = service_problems(&p, &params, &s, &reqs);
        let rules: Vec<&str> = problems.iter().map(|p| p.1).collect();
        assert_eq!(
            rules,
            [
                "service standard (duty requirement)",
                "service standard (auxiliary duty need)"
            ],
            "{problems:?}"
        );
        assert_eq!(
            (problems[0].0.as_str(), problems[1].0.as_str()),
            ("S1", "S2")
        );
    }

    #[test]
    fn units_are_checked_against_the_definition() {
        let mut s = crate::model::service::standard(DutyMethod::ErlangC, 30.0, 0.2);
        assert_eq!(verified_units(1.0, &s), Ok(3));
        s.min_units_on_duty = 2;
        assert_eq!(verified_units(0.0, &s), Ok(2));
        assert_eq!(verified_units(0.01, &s), Ok(2));
    }
}
