//! Phase 1: the highest balance level t.
//!
//! For a fixed t the counties are independent, and whether a county can meet
//! every rule at t is decided exactly by its fewest station officers
//! ([`CountyBounds::floor`]) against its cap. That floor never falls as t
//! rises and only changes where some ⌈t·Dₛ⌉ or ⌈t·Cₛ⌉ steps up, at
//! t = k ÷ Dₛ or k ÷ Cₛ. So each county's best level t*c is the breakpoint
//! where it is feasible at t but not just above; the province's is
//! t* = min_c t*c. Bisection brings t close, a walk over breakpoints makes it
//! exact, and "feasible at t*, infeasible just above" is the proof.

use crate::domain::{County, Params};
use crate::model::level::{
    breakpoint_at_less, highest_level, highest_level_bisecting, midpoint, next_breakpoint_less,
    steps_above, At,
};
use crate::model::need::Requirement;
use crate::model::rules::{
    community_cover, duty_cover, CountyBounds, StationBounds, StationSums, UNREACHABLE,
};

/// The best level one county can reach.
#[derive(Debug, Clone, PartialEq)]
pub enum CountyLevel {
    /// Not even level 0: some rule cannot be met (bounds at level 0 attached).
    Infeasible(CountyBounds),
    /// Feasible at t, infeasible just above t.
    Level(f64),
    /// The county has no workload: every level is feasible.
    Unbounded,
}

/// Exact best level of one county.
pub fn county_max_level(county: &County, reqs: &[Requirement], params: &Params) -> CountyLevel {
    let bounds = |at| CountyBounds::at(county, reqs, params, at);
    let at_zero = bounds(At::Level(0.0));
    if !at_zero.feasible() {
        return CountyLevel::Infeasible(at_zero);
    }
    let total: f64 = county
        .stations
        .iter()
        .map(|&s| reqs[s].duty + reqs[s].community)
        .sum();
    if total.is_nan() || total <= 0.0 {
        return CountyLevel::Unbounded;
    }
    // Σ⌈t·(Dₛ + Cₛ) − κₛ⌉ ≥ t·total − Σκ, so any t with
    // t·total > cap + Σκ is infeasible.
    let credit: f64 = county.stations.iter().map(|&s| reqs[s].duty_credit).sum();
    let hi = (at_zero.cap as f64 + credit + 1.0) / total;
    // Bisection, then a walk over breakpoints from the feasible end until
    // the level just above fails: at most one step per requirement (two per
    // station) plus one within the limits, see [`highest_level`].
    let steps = 2 * county.stations.len() + 2;
    let fits = |at| CountyBounds::feasible_at(county, reqs, params, at);
    let next = |t| next_breakpoint(county, reqs, t);
    let t = match Bisection::new(county, reqs, params) {
        Some(mut b) => {
            highest_level_bisecting(0.0, hi, steps, &fits, next, |lo, hi, n| b.bisect(lo, hi, n))
        }
        None => highest_level(0.0, hi, steps, fits, next),
    };
    CountyLevel::Level(snap_to_breakpoint(county, reqs, t))
}

/// The halvings of [`highest_level`] for one county, each told in time
/// proportional to the stations whose requirements step inside the bracket
/// rather than to all of them.
///
/// **Why it is the same search.** Whether the county fits at `At::Level(t)`
/// ([`CountyBounds::feasible_at`]) depends on t only through each station's
/// two covers, dₛ(t) = [`duty_cover`] and cₛ(t) = [`community_cover`]
/// ([`StationBounds::of_cover`] makes the rest of the station's bounds from
/// them). Each cover is a non-decreasing function of t ≥ 0: t·Rₛ − κₛ rounds
/// monotonically, subtracting (adding) the tolerance keeps it non-decreasing
/// (the tolerance grows by 10⁻⁹ of a value per unit of it, far less than one
/// unit in the last place), and ⌈·⌉, ⌊·⌋ and max are monotone. So for
/// lo < mid < hi, a station whose covers are equal at lo and hi has them
/// equal at mid too. Keeping each station's bounds at lo and its covers at
/// hi, a halving recomputes only the stations whose covers differ (few once
/// the bracket is narrow, usually one: the county's limiting station), and
/// takes the county's sums at mid as the sums at lo changed by those
/// stations. Once one station is left, the county's verdict depends on its
/// covers alone, and a verdict already met for the same covers is reused. Every term of the sums is non-negative (floors are at least
/// the station minimum ≥ 0, covers are ≥ 0, cₛ ≥ ℓₛ, |cₛ − x⁰ₛ| ≥ 0), so
/// the exact sum capped at `i64::MAX` is what the solver's saturating sums
/// give. Each halving's verdict is therefore the one `feasible_at` gives at
/// the same midpoint ([`midpoint`]), the bracket moves the same way, and the
/// search ends on the same level: only the work changes, not one bit of the
/// result. Debug builds check every verdict against `feasible_at`.
struct Bisection<'a> {
    county: &'a County,
    reqs: &'a [Requirement],
    params: &'a Params,
    /// Each station's bounds at the low end of the bracket.
    low: Vec<Station>,
    /// Each station's covers at the high end.
    high: Vec<(i64, i64)>,
    /// The stations whose covers differ between the ends.
    active: Vec<usize>,
    /// Sums of the stations' terms at the low end.
    sums: Sums,
    /// Σₛ uₛ and X⁰ (neither depends on the level).
    caps: i64,
    x0: i64,
    /// The stations recomputed at the last midpoint.
    scratch: Vec<(usize, Station)>,
}

/// One station's terms at a level.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Station {
    /// (dₛ, cₛ): the duty and community covers.
    cover: (i64, i64),
    /// Whether its floor exceeds its cap.
    bad: bool,
    /// ℓₛ.
    floor: i64,
    /// The fewest duty officers.
    duty: i64,
    /// clamp(x⁰ₛ, ℓₛ, uₛ) (0 when ℓₛ > uₛ).
    x1: i64,
    /// |clamp(x⁰ₛ, ℓₛ, uₛ) − x⁰ₛ| (0 when ℓₛ > uₛ).
    base: i64,
}

/// Exact sums of [`Station`] terms.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sums {
    bad: i64,
    floor: i128,
    duty: i128,
    x1: i128,
    base: i128,
}

impl Sums {
    fn add(&mut self, s: &Station, sign: i64) {
        let w = i128::from(sign);
        self.bad += i64::from(s.bad) * sign;
        self.floor += i128::from(s.floor) * w;
        self.duty += i128::from(s.duty) * w;
        self.x1 += i128::from(s.x1) * w;
        self.base += i128::from(s.base) * w;
    }
}

/// An exact sum of non-negative terms, capped as `saturating_add` caps it.
fn capped(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl<'a> Bisection<'a> {
    /// `None` when some station's minimum is negative (no valid input has
    /// one): then a saturating sum could differ from the capped exact sum,
    /// and the search asks [`CountyBounds::feasible_at`] itself.
    fn new(county: &'a County, reqs: &'a [Requirement], params: &'a Params) -> Option<Self> {
        if county.stations.iter().any(|&s| reqs[s].min_officers < 0) {
            return None;
        }
        let (q, scope) = (params.quotas.community_share, params.quotas.community_scope);
        let mut caps = 0i64;
        let mut x0 = 0i64;
        for &s in &county.stations {
            // A station's cap does not depend on the level.
            let b = StationBounds::of_cover(0, 0, &reqs[s], q, scope);
            caps = caps.saturating_add(b.cap).min(UNREACHABLE);
            x0 = x0.saturating_add(reqs[s].officers_today);
        }
        Some(Bisection {
            county,
            reqs,
            params,
            low: Vec::with_capacity(county.stations.len()),
            high: Vec::with_capacity(county.stations.len()),
            active: Vec::with_capacity(county.stations.len()),
            sums: Sums::default(),
            caps,
            x0,
            scratch: Vec::new(),
        })
    }

    fn cover(&self, i: usize, t: f64) -> (i64, i64) {
        let req = &self.reqs[self.county.stations[i]];
        let at = At::Level(t);
        (duty_cover(at, req), community_cover(at, req))
    }

    fn station(&self, i: usize, cover: (i64, i64)) -> Station {
        let req = &self.reqs[self.county.stations[i]];
        let q = self.params.quotas.community_share;
        let b =
            StationBounds::of_cover(cover.0, cover.1, req, q, self.params.quotas.community_scope);
        let bad = b.floor > b.cap;
        let (x1, base) = if bad {
            (0, 0)
        } else {
            let today = req.officers_today;
            let c = today.clamp(b.floor, b.cap);
            (c, c.saturating_sub(today).saturating_abs())
        };
        Station {
            cover,
            bad,
            floor: b.floor,
            duty: b.duty,
            x1,
            base,
        }
    }

    /// The county's verdict from its stations' sums.
    fn fits(&self, sums: &Sums) -> bool {
        sums.bad == 0
            && StationSums {
                floors: capped(sums.floor),
                caps: self.caps,
                duty: capped(sums.duty),
                base: capped(sums.base),
                x1: capped(sums.x1),
                x0: self.x0,
            }
            .county_fits(self.county, self.params)
    }

    /// Halves [lo, hi] at most `halvings` times exactly as
    /// [`highest_level`]'s bisection does with [`CountyBounds::feasible_at`].
    fn bisect(&mut self, lo: &mut f64, hi: &mut f64, halvings: usize) {
        let n = self.county.stations.len();
        self.low.clear();
        self.high.clear();
        self.active.clear();
        self.sums = Sums::default();
        for i in 0..n {
            let st = self.station(i, self.cover(i, *lo));
            self.sums.add(&st, 1);
            self.low.push(st);
            let up = self.cover(i, *hi);
            self.high.push(up);
            if up != st.cover {
                self.active.push(i);
            }
        }
        // With one station left to step inside the bracket, every other
        // station is settled, so the county's verdict is a function of that
        // station's covers alone: the verdicts met so far, by covers.
        let mut seen: Vec<((i64, i64), bool)> = Vec::new();
        let mut seen_for = usize::MAX;
        for _ in 0..halvings {
            let Some(mid) = midpoint(*lo, *hi) else {
                break;
            };
            if let [i] = self.active[..] {
                if seen_for != i {
                    seen.clear();
                    seen_for = i;
                }
                let cover = self.cover(i, mid);
                let known = seen.iter().find(|(c, _)| *c == cover).map(|&(_, v)| v);
                let fits = match known {
                    Some(v) => v,
                    None => {
                        let mut sums = self.sums;
                        sums.add(&self.low[i], -1);
                        sums.add(&self.station(i, cover), 1);
                        let v = self.fits(&sums);
                        seen.push((cover, v));
                        v
                    }
                };
                debug_assert_eq!(
                    fits,
                    CountyBounds::feasible_at(self.county, self.reqs, self.params, At::Level(mid)),
                    "the verdict at {mid:e}, one station stepping"
                );
                if fits {
                    *lo = mid;
                    if cover != self.low[i].cover {
                        let st = self.station(i, cover);
                        self.sums.add(&self.low[i], -1);
                        self.sums.add(&st, 1);
                        self.low[i] = st;
                    }
                } else {
                    *hi = mid;
                    self.high[i] = cover;
                }
                if self.low[i].cover == self.high[i] {
                    self.active.clear();
                }
                continue;
            }
            let mut sums = self.sums;
            let mut scratch = std::mem::take(&mut self.scratch);
            scratch.clear();
            for &i in &self.active {
                let cover = self.cover(i, mid);
                if cover != self.low[i].cover {
                    let st = self.station(i, cover);
                    sums.add(&self.low[i], -1);
                    sums.add(&st, 1);
                    scratch.push((i, st));
                }
            }
            let fits = self.fits(&sums);
            debug_assert_eq!(
                fits,
                CountyBounds::feasible_at(self.county, self.reqs, self.params, At::Level(mid)),
                "the incremental verdict at {mid:e}"
            );
            if fits {
                *lo = mid;
                self.sums = sums;
                for &(i, st) in &scratch {
                    self.low[i] = st;
                }
            } else {
                *hi = mid;
                // Stations not recomputed have the low end's covers at mid.
                for &i in &self.active {
                    self.high[i] = self.low[i].cover;
                }
                for &(i, st) in &scratch {
                    self.high[i] = st.cover;
                }
            }
            let (low, high) = (&self.low, &self.high);
            self.active.retain(|&i| low[i].cover != high[i]);
            self.scratch = scratch;
        }
    }
}

/// The lowest breakpoint of the county's requirements above level t
/// (infinite when none has one).
fn next_breakpoint(county: &County, reqs: &[Requirement], t: f64) -> f64 {
    county
        .stations
        .iter()
        .flat_map(|&s| {
            [
                next_breakpoint_less(t, reqs[s].duty, reqs[s].duty_credit),
                next_breakpoint_less(t, reqs[s].community, 0.0),
            ]
        })
        .flatten()
        .fold(f64::INFINITY, f64::min)
}

/// The exact breakpoint k ÷ R that a level found by bisection stands on
/// (bisection may land within the rounding tolerance above it). A
/// breakpoint past the largest float is none: a requirement so small that
/// the county's force covers it beyond every float level leaves t as found.
fn snap_to_breakpoint(county: &County, reqs: &[Requirement], t: f64) -> f64 {
    county
        .stations
        .iter()
        .flat_map(|&s| {
            [
                breakpoint_at_less(t, reqs[s].duty, reqs[s].duty_credit),
                breakpoint_at_less(t, reqs[s].community, 0.0),
            ]
        })
        .flatten()
        .filter(|b| b.is_finite())
        .fold(None, |best: Option<f64>, b| {
            Some(best.map_or(b, |x| x.min(b)))
        })
        .unwrap_or(t)
}

/// Stations of a county whose requirement steps up just above level t.
pub fn stepping_stations(
    county: &County,
    reqs: &[Requirement],
    t: f64,
) -> Vec<(usize, crate::plan::Dimension)> {
    use crate::plan::Dimension;
    let mut out = Vec::new();
    for &s in &county.stations {
        if breakpoint_at_less(t, reqs[s].duty, reqs[s].duty_credit).is_some() {
            out.push((s, Dimension::Duty));
        }
        // A community step that its restricted officers already cover
        // (⌊t·Cₛ⌋ + 1 ≤ rₛ) asks for no one more.
        if breakpoint_at_less(t, reqs[s].community, 0.0).is_some()
            && steps_above(t, reqs[s].community) > reqs[s].restricted
        {
            out.push((s, Dimension::Community));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Auxiliaries, CommunityScope, Quotas, Workload};
    use proptest::prelude::*;

    fn params(p: f64, q: f64, scope: CommunityScope, county_moves: Option<i64>) -> Params {
        Params {
            workload: Workload {
                hours_per_call: 1.0,
                officer_hours_per_year: 1.0,
                reactive_share: 1.0,
                call_growth: 1.0,
                divert_share: 0.0,
                residents_per_community_officer: [("urban".to_string(), 1.0)].into(),
                categories: Default::default(),
                service: None,
            },
            quotas: Quotas {
                station_share: p,
                community_share: q,
                community_scope: scope,
            },
            min_officers: 0,
            auxiliaries: Auxiliaries {
                total: 0,
                budget_scope: crate::domain::BudgetScope::Province,
                per_village: 1.0,
                duty_factor: 0.0,
            },
            levers: crate::domain::Levers {
                max_moves_per_county: county_moves,
                ..Default::default()
            },
            strength: Default::default(),
        }
    }

    /// A station: requirements (some sharing a breakpoint with another
    /// station's, as populations in round thousands do), credit, bounds.
    fn requirement() -> impl Strategy<Value = Requirement> {
        (
            (0u32..4, 1u32..4000, 1u32..4),
            (0u32..4, 1u32..4000),
            (0u32..3, 0i64..6, 0i64..30, 0i64..4),
            (0u32..4, 0i64..8, any::<bool>(), 0i64..3),
        )
            .prop_map(
                |((dk, dv, dd), (ck, cv), (kk, credit, today, restricted), (mk, m, lock, r))| {
                    let value = |kind: u32, v: u32, div: u32| match kind {
                        0 => 0.0,
                        1 => f64::from(v) / 100.0,
                        2 => f64::from(v % 40 + 1) * 0.25 / f64::from(div),
                        _ => f64::from(v) / 7.0,
                    };
                    Requirement {
                        duty: value(dk, dv, dd),
                        community: value(ck, cv, 1),
                        villages: 0.0,
                        min_officers: [0, 1, 3, 0][r as usize % 4],
                        duty_post_minimum: 0,
                        max_officers: if mk == 0 { today + m } else { UNREACHABLE },
                        officers_today: today,
                        locked: lock && mk == 1,
                        max_moves: (mk == 2).then_some(m),
                        duty_credit: if kk == 0 { 0.0 } else { credit as f64 * 0.3 },
                        restricted,
                    }
                },
            )
    }

    /// The search as it was before its halvings were told incrementally:
    /// every midpoint asked of [`CountyBounds::feasible_at`].
    fn plain(county: &County, reqs: &[Requirement], params: &Params) -> CountyLevel {
        let at_zero = CountyBounds::at(county, reqs, params, At::Level(0.0));
        if !at_zero.feasible() {
            return CountyLevel::Infeasible(at_zero);
        }
        let total: f64 = reqs.iter().map(|r| r.duty + r.community).sum();
        if total.is_nan() || total <= 0.0 {
            return CountyLevel::Unbounded;
        }
        let credit: f64 = reqs.iter().map(|r| r.duty_credit).sum();
        let hi = (at_zero.cap as f64 + credit + 1.0) / total;
        let t = highest_level(
            0.0,
            hi,
            2 * reqs.len() + 2,
            |at| CountyBounds::feasible_at(county, reqs, params, at),
            |t| next_breakpoint(county, reqs, t),
        );
        CountyLevel::Level(snap_to_breakpoint(county, reqs, t))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]

        /// The incremental halvings end every county's search on the very
        /// level (to the bit) that asking every midpoint does, whatever the
        /// rules in play (debug builds also check each verdict on the way).
        #[test]
        fn incremental_halvings_find_the_same_level(
            reqs in prop::collection::vec(requirement(), 1..12),
            spare in 0i64..40,
            hq_min in 0i64..10,
            p in prop::sample::select(vec![0.0, 0.4, 0.55]),
            q in prop::sample::select(vec![0.0, 0.4, 0.6, 1.0]),
            station_scope in any::<bool>(),
            moves in prop::option::of(0i64..12),
        ) {
            let today: i64 = reqs.iter().map(|r| r.officers_today).sum();
            let county = County {
                id: "C".into(),
                name: String::new(),
                officers_total: today + spare,
                hq_min,
                stations: (0..reqs.len()).collect(),
                max_moves: None,
                seconded_away: 0,
                auxiliary_budget: None,
            };
            let scope = if station_scope { CommunityScope::Station } else { CommunityScope::County };
            let params = params(p, q, scope, moves);
            let new = county_max_level(&county, &reqs, &params);
            let old = plain(&county, &reqs, &params);
            match (&new, &old) {
                (CountyLevel::Level(a), CountyLevel::Level(b)) => {
                    prop_assert_eq!(a.to_bits(), b.to_bits());
                }
                _ => prop_assert_eq!(new, old),
            }
        }
    }
}
