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

mod counties;
mod service;
mod stations;

use crate::domain::{Params, Province, Station};
use crate::model::requirement::{base_requirements, Requirement};
use crate::plan::Plan;

/// Σ of whole numbers, `None` if it leaves the range of `i64`.
pub(super) fn checked_sum(values: impl IntoIterator<Item = i64>) -> Option<i64> {
    values.into_iter().try_fold(0i64, i64::checked_add)
}

/// |a − b|, `None` if it leaves the range of `i64`.
pub(super) fn checked_distance(a: i64, b: i64) -> Option<i64> {
    a.checked_sub(b).and_then(i64::checked_abs)
}

/// One broken rule or wrong figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Station or county id, or "province".
    pub place: String,
    /// The rule it breaks, in words (`station minimum`, `county auxiliary budget`).
    pub rule: &'static str,
    /// What the plan has against what the rule asks.
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.place, self.rule, self.detail)
    }
}

/// How a section reports a broken rule: the place, the rule, the detail.
type Flag<'a> = dyn FnMut(&str, &'static str, String) + 'a;

/// What every section of the check reads.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    province: &'a Province,
    params: &'a Params,
    plan: &'a Plan,
    /// Requirements without the auxiliary duty credit: the credit is taken
    /// from the plan's own auxiliaries.
    reqs: &'a [Requirement],
    /// The auxiliaries' duty factor, the balance level, the auxiliaries'
    /// level and the community share.
    f: f64,
    t: f64,
    ta: f64,
    q: f64,
    /// The level each station is held to (`county`, `leximin`).
    held: Option<&'a [f64]>,
    /// Each station's officers today, from the books.
    today: &'a [i64],
}

impl Ctx<'_> {
    /// The officers a station has seconded away (0 when recalled).
    fn away(&self, s: &Station) -> i64 {
        seconded_away(self.params, s)
    }
}

/// The officers a station has seconded away, unless the scenario recalls
/// them.
fn seconded_away(params: &Params, s: &Station) -> i64 {
    if params.strength.recall_seconded {
        0
    } else {
        s.strength.seconded
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
    let away = |s: &Station| seconded_away(params, s);
    let today: Vec<i64> = province
        .stations
        .iter()
        .map(|s| {
            let books = s.strength.books.map_or(s.officers, |b| b.0);
            books - s.strength.nominal - away(s)
        })
        .collect();

    let ctx = Ctx {
        province,
        params,
        plan,
        reqs: &reqs,
        f,
        t,
        ta,
        q,
        held: held.map(Vec::as_slice),
        today: &today,
    };
    stations::check(&ctx, &mut flag);
    if let Some(standard) = params.workload.service.as_ref().filter(|x| x.erlang_c()) {
        for (place, rule, detail) in service::service_problems(province, params, standard, &reqs) {
            flag(&place, rule, detail);
        }
    }

    let overflow = |what: &str| format!("{what} add up beyond the range of whole numbers");
    let moved_twice = counties::check(&ctx, &mut flag);
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
    counties::auxiliary_budgets(&ctx, &mut flag);
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
