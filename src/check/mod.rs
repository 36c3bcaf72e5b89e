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
//! Under a service standard (`method = "erlang-c"`) it also verifies each
//! station-hour's units Nₕ behind Dₛ from the standard's definition, with
//! Erlang C evaluated directly rather than by the solver's search.

use std::fmt;

use crate::domain::{CommunityScope, Params, Province, HOURS_PER_YEAR};
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
        if let Some(standard) = params.workload.service.as_ref().filter(|x| x.erlang_c()) {
            if let Some(detail) = service_units_problem(s, params, standard) {
                flag(id, "service standard (units needed)", detail);
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
    match checked_sum(plan.stations.iter().map(|p| p.auxiliaries)) {
        Some(total) if total <= params.auxiliaries.total => {}
        Some(total) => flag(
            "province",
            "auxiliary budget",
            format!("Σa = {total} > {}", params.auxiliaries.total),
        ),
        None => flag("province", "auxiliary budget", overflow("the auxiliaries")),
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

/// Under `method = "erlang-c"`, whether each hour's units Nₕ (behind the
/// duty requirement Dₛ) are what the standard asks, read from its
/// definition rather than the solver's search: for load aₕ > 0, Nₕ keeps
/// Nₕ ≥ max(1, n₀), Nₕ > aₕ, C(Nₕ, aₕ) ≤ P and aₕ ÷ Nₕ ≤ u, and Nₕ − 1 breaks
/// one of them (or is below the floor); for aₕ = 0, Nₕ = n₀.
fn service_units_problem(
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
