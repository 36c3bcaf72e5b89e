//! An independent checker: does a plan keep every rule, and are its reported
//! objective values what the plan really achieves?
//!
//! It reads the rules straight from the formulation with real-number
//! comparisons. It shares nothing with the solver but the requirement
//! formulas and the one tolerance policy ([`crate::numeric::at_least`]): a
//! real requirement v is met by v − tolerance(v), the same slack the solver
//! rounds with, and never more than 10⁻³ of a person, so a plan short by a
//! whole officer always fails. Whole-number sums and differences use checked
//! arithmetic: a plan whose figures would wrap is reported, never passed.
//!
//! Real strength (`docs/strength.md`) is recomputed here from the books, not
//! taken from the solver's transformation: today's officers are the books
//! less the nominal and the seconded away, HQ keeps hq_min beside the
//! seconded away, and restricted officers stay as community officers.
//!
//! Under a service standard (`method = "erlang-c"`) it re-derives every
//! station-hour behind Dₛ and the auxiliary duty need from the standard's
//! definition (`docs/service.md`): it forms the county pools itself, checks
//! each queue's units against the definition with Erlang C evaluated
//! directly rather than by the solver's search, shares pooled units, weighs
//! standby hours, and compares the Dₛ and auxiliary posts the plan was made
//! for.

use std::fmt;

use crate::domain::{BudgetScope, CommunityScope, Params, Province, HOURS_PER_YEAR};
use crate::model::requirement::base_requirements;
use crate::numeric::at_least;
use crate::plan::Plan;

/// Σ of whole numbers, `None` if it leaves the range of `i64`.
fn checked_sum(values: impl IntoIterator<Item = i64>) -> Option<i64> {
    values.into_iter().try_fold(0i64, i64::checked_add)
}

/// |a − b|, `None` if it leaves the range of `i64`.
fn checked_distance(a: i64, b: i64) -> Option<i64> {
    a.checked_sub(b).and_then(i64::checked_abs)
}

/// One broken rule or wrong figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Station or county id, or "province".
    pub place: String,
    pub rule: &'static str,
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.place, self.rule, self.detail)
    }
}

/// Every violation of `plan` (empty when the plan is valid).
pub fn check_plan(province: &Province, params: &Params, plan: &Plan) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut flag = |place: &str, rule: &'static str, detail: String| {
        out.push(Violation {
            place: place.to_string(),
            rule,
            detail,
        })
    };
    if plan.stations.len() != province.stations.len()
        || plan.counties.len() != province.counties.len()
    {
        flag(
            "province",
            "shape",
            "the plan does not have one row per station and county".into(),
        );
        return out;
    }
    // Requirements without the auxiliary duty credit: the credit is taken
    // from the plan's own auxiliaries below.
    let reqs = base_requirements(province, params);
    let f = params.auxiliaries.duty_factor;
    let t = plan.balance_level.unwrap_or(0.0);
    let ta = plan.auxiliary_balance_level.unwrap_or(0.0);
    let q = params.quotas.community_share;

    // Under the `county` and `leximin` targets each station is held to its
    // own level (`plan.fairness`), at least t.
    let held = plan.fairness.as_ref().map(|f| &f.levels);
    if held.is_some_and(|h| h.len() != province.stations.len()) {
        flag(
            "province",
            "shape",
            "the plan's held levels are not one per station".into(),
        );
        return out;
    }
    // Real strength today, from the books (docs/strength.md): x⁰ₛ = books −
    // nominal − seconded (the seconded stay when recalled), and the
    // officers each county has seconded away.
    let recall = params.strength.recall_seconded;
    let away = |s: &crate::domain::Station| {
        if recall {
            0
        } else {
            s.strength.seconded
        }
    };
    let today: Vec<i64> = province
        .stations
        .iter()
        .map(|s| {
            let books = s.strength.books.map_or(s.officers, |b| b.0);
            books - s.strength.nominal - away(s)
        })
        .collect();

    for (i, (((s, p), r), &x0)) in province
        .stations
        .iter()
        .zip(&plan.stations)
        .zip(&reqs)
        .zip(&today)
        .enumerate()
    {
        let (x, y, a) = (p.officers, p.community_officers, p.auxiliaries);
        let id = s.id.as_str();
        if s.officers != x0 {
            flag(
                id,
                "real strength",
                format!(
                    "today's officers are {} but the books less {} nominal and {} seconded away give {x0}",
                    s.officers,
                    s.strength.nominal,
                    away(s)
                ),
            );
        }
        let restricted = s.strength.restricted;
        if y < restricted {
            flag(
                id,
                "restricted officers",
                format!("y = {y} < {restricted} who cannot take duty shifts and stay as community officers"),
            );
        }
        if x < 0 {
            flag(id, "officers non-negative", format!("x = {x}"));
        }
        if y < 0 || y > x {
            flag(
                id,
                "community officers within officers",
                format!("y = {y}, x = {x}"),
            );
        }
        if a < 0 {
            flag(id, "auxiliaries non-negative", format!("a = {a}"));
        }
        let own_min = s.min_officers.unwrap_or(params.min_officers);
        if x < own_min {
            flag(id, "station minimum", format!("x = {x} < {own_min}"));
        }
        let posts = s.levers.duty_posts.unwrap_or(params.levers.duty_posts);
        // k posts around the clock need k × 8760 ÷ officer_hours_per_year officers.
        let round_the_clock = posts * HOURS_PER_YEAR / params.workload.officer_hours_per_year;
        if posts > 0.0 && !at_least(x as f64, round_the_clock) {
            flag(
                id,
                "24-hour duty minimum",
                format!(
                    "x = {x} officers, {posts} posts need {round_the_clock} (8760 hours each ÷ {} hours an officer)",
                    params.workload.officer_hours_per_year
                ),
            );
        }
        if let Some(cap) = s.levers.max_officers {
            if x > cap {
                flag(
                    id,
                    "building capacity",
                    format!("x = {x} > max_officers = {cap}"),
                );
            }
        }
        if s.levers.locked && x != x0 {
            flag(id, "locked station", format!("x = {x}, locked at {x0}"));
        }
        if let Some(k) = s.levers.max_moves.or(params.levers.max_moves_per_station) {
            match checked_distance(x, x0) {
                Some(d) if d <= k => {}
                Some(d) => flag(id, "station move cap", format!("|x − x⁰| = {d} > {k}")),
                None => flag(
                    id,
                    "station move cap",
                    format!("|x − x⁰| with x = {x} is beyond the range of whole numbers"),
                ),
            }
        }
        let credit = f * a as f64;
        match x.checked_sub(y) {
            Some(d) if at_least(d as f64 + credit, t * r.duty) => {}
            d => flag(
                id,
                "duty cover",
                format!(
                    "x − y + f·a = {} < t·D = {}",
                    d.map_or(f64::NAN, |d| d as f64 + credit),
                    t * r.duty
                ),
            ),
        }
        if !at_least(y as f64, t * r.community) {
            flag(
                id,
                "community cover",
                format!("y = {y} < t·C = {}", t * r.community),
            );
        }
        if let Some(h) = held.map(|h| h[i]) {
            // Held level h: xₛ − yₛ + f·aₛ ≥ h·Dₛ and yₛ ≥ h·Cₛ.
            let duty = x.checked_sub(y).map(|d| d as f64 + credit);
            if !duty.is_some_and(|d| at_least(d, h * r.duty)) {
                flag(
                    id,
                    "held level (duty)",
                    format!(
                        "x − y + f·a = {} < h·D = {} (held level h = {h})",
                        duty.unwrap_or(f64::NAN),
                        h * r.duty
                    ),
                );
            }
            if !at_least(y as f64, h * r.community) {
                flag(
                    id,
                    "held level (community)",
                    format!("y = {y} < h·C = {} (held level h = {h})", h * r.community),
                );
            }
        }
        if params.quotas.community_scope == CommunityScope::Station
            && !at_least(y as f64, q * x as f64)
        {
            flag(
                id,
                "community share (station)",
                format!("y = {y} < {q}·x = {}", q * x as f64),
            );
        }
        if !at_least(a as f64, ta * r.villages) {
            flag(
                id,
                "village cover",
                format!("a = {a} < tₐ·V = {}", ta * r.villages),
            );
        }
    }

    if let Some(standard) = params.workload.service.as_ref().filter(|x| x.erlang_c()) {
        for (place, rule, detail) in service_problems(province, params, standard, &reqs) {
            flag(&place, rule, detail);
        }
    }

    let overflow = |what: &str| format!("{what} add up beyond the range of whole numbers");
    let mut moved_twice = Some(0i64);
    for (c, cp) in province.counties.iter().zip(&plan.counties) {
        let id = c.id.as_str();
        let officers = |f: &dyn Fn(usize) -> i64| checked_sum(c.stations.iter().map(|&s| f(s)));
        let (Some(x), Some(y), Some(x0), Some(seconded)) = (
            officers(&|s| plan.stations[s].officers),
            officers(&|s| plan.stations[s].community_officers),
            officers(&|s| today[s]),
            officers(&|s| away(&province.stations[s])),
        ) else {
            flag(id, "county totals", overflow("the stations' officers"));
            moved_twice = None;
            continue;
        };
        if c.seconded_away != seconded {
            flag(
                id,
                "real strength",
                format!(
                    "the county counts {} officers seconded away, its stations {seconded}",
                    c.seconded_away
                ),
            );
        }
        // HQ holds the force less the seconded away and the station officers.
        let Some(h) = c
            .officers_total
            .checked_sub(seconded)
            .and_then(|e| e.checked_sub(x))
        else {
            flag(id, "county totals", overflow("the force less X"));
            moved_twice = None;
            continue;
        };
        if cp.station_officers != x || cp.hq_officers != h {
            flag(
                id,
                "county totals",
                format!(
                    "reported X = {}, h = {}; stations add to X = {x}, h = {h}",
                    cp.station_officers, cp.hq_officers
                ),
            );
        }
        if h < c.hq_min {
            flag(id, "HQ minimum", format!("h = {h} < hq_min = {}", c.hq_min));
        }
        if !at_least(
            x as f64,
            params.quotas.station_share * c.officers_total as f64,
        ) {
            flag(
                id,
                "station share",
                format!(
                    "X = {x} < {}·E = {}",
                    params.quotas.station_share,
                    params.quotas.station_share * c.officers_total as f64
                ),
            );
        }
        if params.quotas.community_scope == CommunityScope::County
            && !at_least(y as f64, q * x as f64)
        {
            flag(
                id,
                "community share (county)",
                format!("Y = {y} < {q}·X = {}", q * x as f64),
            );
        }
        let changes = c
            .stations
            .iter()
            .map(|&s| checked_distance(plan.stations[s].officers, today[s]))
            .chain(std::iter::once(checked_distance(x, x0)))
            .try_fold(0i64, |sum, d| sum.checked_add(d?));
        let Some(changes) = changes else {
            flag(id, "officers moved", overflow("the changes"));
            moved_twice = None;
            continue;
        };
        // Compared in i128: 2·k and 2·moved cannot wrap there.
        if let Some(k) = c.max_moves.or(params.levers.max_moves_per_county) {
            if i128::from(changes) > 2 * i128::from(k) {
                flag(
                    id,
                    "county move cap",
                    format!("the plan moves {} > {k}", changes as f64 / 2.0),
                );
            }
        }
        if i128::from(changes) != 2 * i128::from(cp.officers_moved) {
            flag(
                id,
                "officers moved",
                format!(
                    "reported {}, the plan moves {}",
                    cp.officers_moved,
                    changes as f64 / 2.0
                ),
            );
        }
        moved_twice = moved_twice.and_then(|m| m.checked_add(changes));
    }
    match moved_twice {
        Some(m) if i128::from(m) == 2 * i128::from(plan.officers_moved) => {}
        Some(m) => flag(
            "province",
            "officers moved",
            format!(
                "reported {}, the plan moves {}",
                plan.officers_moved,
                m as f64 / 2.0
            ),
        ),
        None => flag("province", "officers moved", overflow("the moves")),
    }
    match params.auxiliaries.budget_scope {
        BudgetScope::Province => match checked_sum(plan.stations.iter().map(|p| p.auxiliaries)) {
            Some(total) if total <= params.auxiliaries.total => {}
            Some(total) => flag(
                "province",
                "auxiliary budget",
                format!("Σa = {total} > {}", params.auxiliaries.total),
            ),
            None => flag("province", "auxiliary budget", overflow("the auxiliaries")),
        },
        // Each county plans exactly its own posts: the `auxiliary_budget`
        // column, or today's count.
        BudgetScope::County => {
            for c in &province.counties {
                let budget = match c.auxiliary_budget {
                    Some(b) => Some(b),
                    None => {
                        checked_sum(c.stations.iter().map(|&s| province.stations[s].auxiliaries))
                    }
                };
                let planned = checked_sum(c.stations.iter().map(|&s| plan.stations[s].auxiliaries));
                match (planned, budget) {
                    (Some(a), Some(b)) if a == b => {}
                    (Some(a), Some(b)) => flag(
                        &c.id,
                        "county auxiliary budget",
                        format!("the county's stations have Σa = {a} posts, its budget is {b}"),
                    ),
                    _ => flag(
                        &c.id,
                        "county auxiliary budget",
                        overflow("the auxiliaries"),
                    ),
                }
            }
        }
    }
    let aux_changed = province
        .stations
        .iter()
        .zip(&plan.stations)
        .map(|(s, p)| checked_distance(p.auxiliaries, s.auxiliaries))
        .try_fold(0i64, |sum, d| sum.checked_add(d?));
    match aux_changed {
        Some(n) if n == plan.auxiliaries_changed => {}
        Some(n) => flag(
            "province",
            "auxiliaries changed",
            format!(
                "reported {}, the plan changes {n}",
                plan.auxiliaries_changed
            ),
        ),
        None => flag("province", "auxiliaries changed", overflow("the changes")),
    }
    out
}

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
fn service_problems(
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
    use crate::domain::{Auxiliaries, County, DutyMethod, Quotas, Station, Workload};

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
