//! Where a year's recruits go.
//!
//! **The need of a county** ([`need`]): the fewest recruits county c needs
//! so that some plan meets every rule at level t, extra_c(t) of the
//! recruits lever ([`crate::model::recruits::extra_officers`]), when the
//! enlarged county's bounds are then feasible (locks, building capacity and
//! move caps can make a level unreachable whatever the recruits: then
//! [`UNREACHABLE`]). It never falls as t rises.
//!
//! **The year's level** ([`place_year`]): with N recruits and a cap kc per
//! county, the province reaches t iff F(t) = Σc extra_c(t) ≤ N and
//! extra_c(t) ≤ kc for every c. F only steps at the breakpoints k ÷ Dₛ,
//! k ÷ Cₛ, so the highest such t is found exactly by bisection and a walk
//! over breakpoints, as in [`crate::model::recruits`]: F(t*) ≤ N and F just
//! above t* exceeds N (or a cap) is the proof. Each county gets
//! Rc = extra_c(t*), the fewest that reach t*.
//!
//! **The recruits left over** ([`fill`]) cannot raise the province's level
//! (that would contradict t*), but they are hired, so they are placed where
//! the balance is worst: one step at a time, the county whose own best
//! level (with its recruits so far) is lowest, among those below their cap
//! whose level more officers can raise, gets the officers that lift it to
//! its next breakpoint (or what is left). Ties go to the county listed
//! first. This is progressive filling of the counties' own levels.
//! Recruits no county can take (every one at its cap) are not hired, and
//! the outputs say so.

use super::no_plan::{CountyShort, ShortNeed};
use crate::domain::{County, Params, Province};
use crate::model::balance::{county_max_level, CountyLevel};
use crate::model::level::{breakpoint_at_less, highest_level, next_breakpoint_less, At};
use crate::model::recruits::extra_officers;
use crate::model::requirement::Requirement;
use crate::model::rules::{hq_minimum, CountyBounds, UNREACHABLE};

/// extra_c(t), or [`UNREACHABLE`] when the enlarged county still has no
/// plan at `at` (module documentation).
pub fn need(county: &County, reqs: &[Requirement], params: &Params, at: At) -> i64 {
    let e = extra_officers(county, reqs, params, at);
    if e >= UNREACHABLE {
        return UNREACHABLE;
    }
    let mut enlarged = county.clone();
    enlarged.officers_total = enlarged.officers_total.saturating_add(e);
    // The same answer as `CountyBounds::at(..).feasible()`, in one pass
    // without building the bounds (the searches ask it at every level).
    if CountyBounds::feasible_at(&enlarged, reqs, params, at) {
        e
    } else {
        UNREACHABLE
    }
}

/// Σc extra_c(t) with the caps, saturating at [`UNREACHABLE`].
pub fn needed(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    caps: &[Option<i64>],
    at: At,
) -> i64 {
    let mut sum = 0i64;
    for (c, county) in province.counties.iter().enumerate() {
        let n = need(county, reqs, params, at);
        if n >= UNREACHABLE || caps[c].is_some_and(|k| n > k) {
            return UNREACHABLE;
        }
        sum = sum.saturating_add(n).min(UNREACHABLE);
    }
    sum
}

/// The lowest breakpoint above t of any requirement.
pub fn next_breakpoint(reqs: &[Requirement], t: f64) -> f64 {
    reqs.iter()
        .flat_map(|r| {
            [
                next_breakpoint_less(t, r.duty, r.duty_credit),
                next_breakpoint_less(t, r.community, 0.0),
            ]
        })
        .flatten()
        .fold(f64::INFINITY, f64::min)
}

/// The breakpoint a level found by bisection stands on.
pub fn snap(reqs: &[Requirement], t: f64) -> f64 {
    reqs.iter()
        .flat_map(|r| {
            [
                breakpoint_at_less(t, r.duty, r.duty_credit),
                breakpoint_at_less(t, r.community, 0.0),
            ]
        })
        .flatten()
        .fold(None, |best: Option<f64>, b| {
            Some(best.map_or(b, |x| x.min(b)))
        })
        .unwrap_or(t)
}

/// A level no plan of the province can reach with `recruits` more
/// officers: F(t) ≥ t·W − Σc (Ec − σc − hq_min_c).
pub fn level_bound(counties: &[County], reqs: &[Requirement], recruits: i64) -> Option<f64> {
    let work: f64 = reqs.iter().map(|r| r.duty + r.community).sum();
    if work.is_nan() || work <= 0.0 {
        return None;
    }
    let caps: i64 = counties
        .iter()
        .map(hq_minimum)
        .fold(0i64, i64::saturating_add);
    let credit: f64 = reqs.iter().map(|r| r.duty_credit).sum();
    Some((recruits as f64 + caps.max(0) as f64 + credit + 1.0) / work)
}

/// Where one year's recruits go.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// The level the recruits let the province reach (`None`: no workload).
    pub level: Option<f64>,
    /// Recruits placed per county.
    pub per_county: Vec<i64>,
    /// Of them, the fewest that reach the level (extra_c(t*)).
    pub for_level: Vec<i64>,
    /// Recruits no county could take (every county at its cap).
    pub unplaced: i64,
}

impl Placement {
    /// Recruits placed.
    pub fn placed(&self) -> i64 {
        self.per_county.iter().sum()
    }
}

/// Too few recruits for even level 0 this year.
#[derive(Debug, Clone, PartialEq)]
pub struct Short {
    /// Recruits level 0 needs (`None`: no number would do).
    pub needed: Option<i64>,
    /// The counties short and by how much.
    pub counties: Vec<CountyShort>,
}

fn shortfall(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    caps: &[Option<i64>],
) -> Short {
    let at = At::Level(0.0);
    let mut counties = Vec::new();
    let mut total = Some(0i64);
    for (c, county) in province.counties.iter().enumerate() {
        let n = need(county, reqs, params, at);
        if n >= UNREACHABLE {
            counties.push(CountyShort {
                county: county.id.clone(),
                need: ShortNeed::Unreachable,
            });
            total = None;
        } else if n > 0 {
            let capped = caps[c].filter(|&k| n > k);
            match capped {
                Some(k) => {
                    counties.push(CountyShort {
                        county: county.id.clone(),
                        need: ShortNeed::AboveCap { need: n, cap: k },
                    });
                    total = None;
                }
                None => counties.push(CountyShort {
                    county: county.id.clone(),
                    need: ShortNeed::Needs(n),
                }),
            }
            total = total.map(|t| t + n);
        }
    }
    Short {
        needed: total,
        counties,
    }
}

/// The year's recruits: the highest level they reach, exactly, and the
/// leftover placed by [`fill`].
pub fn place_year(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    recruits: i64,
    caps: &[Option<i64>],
) -> Result<Placement, Short> {
    let f = |at| needed(province, reqs, params, caps, at);
    if f(At::Level(0.0)) > recruits {
        return Err(shortfall(province, reqs, params, caps));
    }
    let level = match level_bound(&province.counties, reqs, recruits) {
        None => None,
        Some(hi) => {
            let t = highest_level(
                0.0,
                hi,
                2 * reqs.len() + 2,
                |at| f(at) <= recruits,
                |t| next_breakpoint(reqs, t),
            );
            Some(snap(reqs, t))
        }
    };
    let at = At::Level(level.unwrap_or(0.0));
    let for_level: Vec<i64> = province
        .counties
        .iter()
        .map(|c| need(c, reqs, params, at))
        .collect();
    let mut per_county = for_level.clone();
    let left = recruits - for_level.iter().sum::<i64>();
    let unplaced = fill(province, reqs, params, caps, &mut per_county, left);
    Ok(Placement {
        level,
        per_county,
        for_level,
        unplaced,
    })
}

/// A county's own best level with `extra` more officers (`None`: no
/// workload; `Some(None)`: no plan).
fn own_level(
    county: &County,
    reqs: &[Requirement],
    params: &Params,
    extra: i64,
) -> Option<Option<f64>> {
    let mut enlarged = county.clone();
    enlarged.officers_total = enlarged.officers_total.saturating_add(extra);
    match county_max_level(&enlarged, reqs, params) {
        CountyLevel::Level(t) => Some(Some(t)),
        CountyLevel::Unbounded => None,
        CountyLevel::Infeasible(_) => Some(None),
    }
}

/// Places `left` more recruits on top of `per_county` by progressive
/// filling of the counties' own levels (module documentation). Returns
/// the recruits no county could take.
pub fn fill(
    province: &Province,
    reqs: &[Requirement],
    params: &Params,
    caps: &[Option<i64>],
    per_county: &mut [i64],
    mut left: i64,
) -> i64 {
    if left <= 0 {
        return 0;
    }
    let room = |c: usize, r: &[i64]| caps[c].map_or(i64::MAX, |k| k - r[c]);
    // Each county's own level and the officers that lift it to its next
    // breakpoint (None: it cannot rise).
    let step_of = |c: usize, r: &[i64]| -> (Option<f64>, Option<i64>) {
        let county = &province.counties[c];
        match own_level(county, reqs, params, r[c]) {
            Some(Some(t)) => {
                let n = need(county, reqs, params, At::JustAbove(t));
                let step = (n < UNREACHABLE).then(|| (n - r[c]).max(1));
                (Some(t), step)
            }
            // No plan (cannot happen once the year's level is placed) or no
            // workload: nothing to lift.
            _ => (None, None),
        }
    };
    let mut state: Vec<(Option<f64>, Option<i64>)> = (0..province.counties.len())
        .map(|c| step_of(c, per_county))
        .collect();
    while left > 0 {
        let pick = (0..province.counties.len())
            .filter(|&c| room(c, per_county) > 0)
            .filter_map(|c| match state[c] {
                (Some(t), Some(step)) => Some((t, c, step)),
                _ => None,
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let Some((_, c, step)) = pick else {
            break;
        };
        let give = step.min(left).min(room(c, per_county));
        per_county[c] += give;
        left -= give;
        state[c] = step_of(c, per_county);
    }
    if left > 0 {
        // No county can rise further: the lowest with room takes the rest,
        // in turn up to its cap.
        let mut order: Vec<usize> = (0..province.counties.len())
            .filter(|&c| room(c, per_county) > 0)
            .collect();
        order.sort_by(|&a, &b| {
            let la = state[a].0.unwrap_or(f64::INFINITY);
            let lb = state[b].0.unwrap_or(f64::INFINITY);
            la.total_cmp(&lb).then(a.cmp(&b))
        });
        for c in order {
            if left <= 0 {
                break;
            }
            let give = left.min(room(c, per_county));
            per_county[c] += give;
            left -= give;
        }
    }
    left
}
