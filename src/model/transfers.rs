//! Phase 2: with the balance level fixed, move as few officers as possible.
//!
//! Per county c, with ℓₛ the fewest officers station s may have at the level
//! ([`CountyBounds`]), minimise
//!
//! moves_c = ½ (Σₛ |xₛ − x⁰ₛ| + |hc − h⁰c|),  hc = Ec − Xc,
//!
//! subject to ℓₛ ≤ xₛ ≤ uₛ and floor_c ≤ Xc ≤ cap_c (uₛ from building
//! capacity, locks and station move caps; ∞ without them). Let
//! cₛ = clamp(x⁰ₛ, ℓₛ, uₛ), base = Σₛ|cₛ − x⁰ₛ|, X¹ = Σₛ cₛ and
//! X⁰ = Σₛ x⁰ₛ. For a county total X the fewest station changes are
//! base + |X − X¹| (bring every station into its bounds, then add or remove
//! the rest anywhere allowed), so the whole objective is
//! ½(base + |X − X¹| + |X − X⁰|): every X between X⁰ and X¹ within
//! [floor, cap] is optimal, and outside it the nearest end is. This is exact
//! ([`min_county_moves`]).
//!
//! Among the optimal plans the tool draws from HQ first (the largest optimal
//! X, in line with moving officers down to the stations) and, where it must
//! take from or add to stations, it takes where officers per unit of workload
//! are highest and adds where they are lowest. Community officers are then
//! chosen as close to today's as the rules allow.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use crate::domain::{CommunityScope, County, Params, Station};
use crate::model::greedy::{give, take};
use crate::model::level::{ceil_tol, At};
use crate::model::need::Requirement;
pub use crate::model::rules::optimal_total;
use crate::model::rules::{min_county_moves, total as sum, CountyBounds};

/// The optimal officers of one county.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyAssignment {
    /// xₛ, in the county's station order.
    pub officers: Vec<i64>,
    /// yₛ, in the county's station order.
    pub community: Vec<i64>,
    /// Xc.
    pub station_officers: i64,
    /// The minimal moves.
    pub moves: i64,
}

/// Phase 2 for one feasible county at level `at`.
pub fn assign_county(
    county: &County,
    stations: &[Station],
    reqs: &[Requirement],
    params: &Params,
    at: At,
) -> CountyAssignment {
    assign_county_each(county, stations, reqs, params, |_| at)
}

/// Phase 2 for one county with each station held to its own level, `at(i)`
/// for the county's i-th station (the fairness targets,
/// [`crate::model::fairness`]); the same closed form as [`assign_county`].
pub fn assign_county_each(
    county: &County,
    stations: &[Station],
    reqs: &[Requirement],
    params: &Params,
    at_of: impl Fn(usize) -> At,
) -> CountyAssignment {
    let bounds = CountyBounds::at_each(county, reqs, params, at_of);
    debug_assert!(bounds.feasible());
    let today: Vec<i64> = county
        .stations
        .iter()
        .map(|&s| stations[s].officers)
        .collect();
    let floors: Vec<i64> = bounds.stations.iter().map(|b| b.floor).collect();
    let need: Vec<f64> = county
        .stations
        .iter()
        .map(|&s| reqs[s].duty + reqs[s].community)
        .collect();

    let caps: Vec<i64> = bounds.stations.iter().map(|b| b.cap).collect();
    let mut officers: Vec<i64> = today
        .iter()
        .zip(&bounds.stations)
        .map(|(&x, b)| x.clamp(b.floor, b.cap.max(b.floor)))
        .collect();
    let x0 = sum(today.iter().copied());
    let x1 = sum(officers.iter().copied());
    let total = min_county_moves(&today, &bounds.stations, bounds.floor, bounds.cap).map_or_else(
        || optimal_total(x0, x1, bounds.floor, bounds.cap),
        |(_, x)| x,
    );
    if total > x1 {
        give(&mut officers, &need, &caps, total - x1);
    } else if total < x1 {
        take(&mut officers, &need, &floors, x1 - total);
    }
    debug_assert_eq!(sum(officers.iter().copied()), total);

    let community = assign_community(county, stations, reqs, params, &bounds, &officers);
    let station_changes = sum(officers
        .iter()
        .zip(&today)
        .map(|(x, t)| x.saturating_sub(*t).saturating_abs()));
    let moves = station_changes.saturating_add(total.saturating_sub(x0).saturating_abs()) / 2;
    CountyAssignment {
        officers,
        community,
        station_officers: total,
        moves,
    }
}

/// Community officers yₛ ∈ [lowₛ, xₛ − dₛ] as close to today's y⁰ₛ as the
/// rules allow: start from y⁰ₛ clamped into range, then, under county scope,
/// raise the stations with the fewest community officers per unit of need
/// until Σₛ yₛ ≥ ⌈q·Xc⌉. Every unit raised is a necessary change, so the
/// number of role changes Σₛ|yₛ − y⁰ₛ| is the least possible.
fn assign_community(
    county: &County,
    stations: &[Station],
    reqs: &[Requirement],
    params: &Params,
    bounds: &CountyBounds,
    officers: &[i64],
) -> Vec<i64> {
    let q = params.quotas.community_share;
    let scope = params.quotas.community_scope;
    let mut low = Vec::with_capacity(officers.len());
    let mut high = Vec::with_capacity(officers.len());
    for (b, &x) in bounds.stations.iter().zip(officers) {
        let mut lo = b.community;
        if scope == CommunityScope::Station {
            lo = lo.max(ceil_tol(q * x as f64));
        }
        low.push(lo);
        high.push(x - b.duty);
    }
    let mut community: Vec<i64> = county
        .stations
        .iter()
        .enumerate()
        // low ≤ high at a feasible level; should rounding ever say
        // otherwise, the checker reports it rather than a panic here.
        .map(|(i, &s)| {
            stations[s]
                .community_officers
                .clamp(low[i], high[i].max(low[i]))
        })
        .collect();
    if scope == CommunityScope::County {
        let total = sum(officers.iter().copied());
        let needed = ceil_tol(q * total as f64);
        let have = sum(community.iter().copied());
        if needed > have {
            let need: Vec<f64> = county.stations.iter().map(|&s| reqs[s].community).collect();
            give(&mut community, &need, &high, needed - have);
        }
    }
    community
}

/// One line of a transfer list: `officers` officers go from `from` to `to`,
/// where `None` is the county's HQ and `Some(i)` the county's i-th station.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// Where the officers leave (`None`: HQ).
    pub from: Option<usize>,
    /// Where they go (`None`: HQ).
    pub to: Option<usize>,
    /// How many.
    pub officers: i64,
}

/// A concrete list of moves turning today's officers `today` into the plan
/// `planned` (both in the county's station order, HQ the rest of the force).
///
/// Sources are the stations that lose officers and HQ if it shrinks; sinks
/// the stations that gain and HQ if it grows. Every source sends exactly its
/// loss and every sink receives exactly its gain, so the officers in the list
/// add up to ½(Σₛ|xₛ − x⁰ₛ| + |hc − h⁰c|), the plan's officers moved: the
/// fewest possible for the plan. To keep the list short, a source and a
/// sink of equal size are paired first (one line settles both), then the
/// largest remaining source feeds the largest remaining sink; the list has
/// at most (sources + sinks − 1) lines. HQ is drawn on first.
pub fn transfer_list(today: &[i64], planned: &[i64]) -> Vec<Move> {
    transfer_list_with_force(today, planned, 0).moves
}

/// A county's transfer list when its force changes by `delta` officers
/// (Δc = E¹c − E⁰c: recruits or a force increase when positive, leavers
/// when negative). Newcomers are not moves: they take posts of their own
/// (`recruits`, to the stations that gain most first, then HQ), and posts
/// leavers leave are not filled by a move (`leavers`, from HQ first, then
/// the stations that lose most). What is left balances, and is paired as in
/// [`transfer_list`]: its officers add up to
/// ½(Σₛ|xₛ − x⁰ₛ| + |hc − h⁰c| − |Δc|), the county's moves of existing
/// officers ([`crate::model::levers::count_moves`]), since the newcomers
/// fill Δc of the gains (or the leavers Δc of the losses) and every other
/// gain is a loss somewhere else.
pub fn transfer_list_with_force(today: &[i64], planned: &[i64], delta: i64) -> CountyTransfers {
    let x0: i64 = today.iter().sum();
    let x: i64 = planned.iter().sum();
    // HQ changes by Δ − (X − X⁰).
    let hq = delta - (x - x0);
    let mut sources: Vec<(Option<usize>, i64)> = Vec::new();
    let mut sinks: Vec<(Option<usize>, i64)> = Vec::new();
    if hq < 0 {
        sources.push((None, -hq));
    } else if hq > 0 {
        sinks.push((None, hq));
    }
    for (i, (&a, &b)) in today.iter().zip(planned).enumerate() {
        if b < a {
            sources.push((Some(i), a - b));
        } else if b > a {
            sinks.push((Some(i), b - a));
        }
    }
    let mut recruits = Vec::new();
    let mut leavers = Vec::new();
    if delta > 0 {
        settle(&mut sinks, delta, true, &mut |who, n| {
            recruits.push((who, n))
        });
    } else if delta < 0 {
        settle(&mut sources, -delta, false, &mut |who, n| {
            leavers.push((who, n))
        });
    }
    CountyTransfers {
        moves: pair(sources, sinks),
        recruits,
        leavers,
    }
}

/// A county's transfer lines: moves of existing officers, newcomers taking
/// posts and posts left by leavers, each as (post, officers); a post is
/// `Some(i)`, the county's i-th station, or `None`, HQ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyTransfers {
    /// Moves of existing officers.
    pub moves: Vec<Move>,
    /// Newcomers to the county's force, by the post they take.
    pub recruits: Vec<(Option<usize>, i64)>,
    /// Officers the force loses, by the post they leave.
    pub leavers: Vec<(Option<usize>, i64)>,
}

/// Takes `n` officers' posts out of one side of the list: for newcomers
/// the sinks, stations before HQ (`hq_last`); for leavers the sources, HQ
/// before stations; the largest first, ties in order.
fn settle(
    side: &mut [(Option<usize>, i64)],
    n: i64,
    hq_last: bool,
    line: &mut dyn FnMut(Option<usize>, i64),
) {
    let mut order: Vec<usize> = (0..side.len()).collect();
    order.sort_by_key(|&i| {
        let hq = side[i].0.is_none();
        (hq == hq_last, std::cmp::Reverse(side[i].1), i)
    });
    let mut left = n;
    for i in order {
        if left == 0 {
            break;
        }
        let k = side[i].1.min(left);
        if k > 0 {
            line(side[i].0, k);
            side[i].1 -= k;
            left -= k;
        }
    }
}

fn pair(mut sources: Vec<(Option<usize>, i64)>, mut sinks: Vec<(Option<usize>, i64)>) -> Vec<Move> {
    let mut moves = Vec::new();
    // Equal pairs first: each source in order (HQ, then stations) takes the
    // first sink still unpaired of its exact size. The sinks of each size
    // wait in order in one queue, so this pass is linear.
    let mut by_size: HashMap<i64, VecDeque<usize>> = HashMap::new();
    for (k, snk) in sinks.iter().enumerate().filter(|(_, snk)| snk.1 > 0) {
        by_size.entry(snk.1).or_default().push_back(k);
    }
    for src in sources.iter_mut() {
        if src.1 == 0 {
            continue;
        }
        if let Some(k) = by_size.get_mut(&src.1).and_then(VecDeque::pop_front) {
            let snk = &mut sinks[k];
            moves.push(Move {
                from: src.0,
                to: snk.0,
                officers: src.1,
            });
            snk.1 = 0;
            src.1 = 0;
        }
    }
    // HQ first, then the largest source (ties: first in order), fed to HQ
    // or the largest sink alike. Each pass empties a source or a sink: at
    // most sources + sinks passes, each a heap operation.
    let mut sources = Side::new(&sources);
    let mut sinks = Side::new(&sinks);
    while let (Some(src), Some(snk)) = (sources.pop(), sinks.pop()) {
        let n = src.1.min(snk.1);
        moves.push(Move {
            from: src.0,
            to: snk.0,
            officers: n,
        });
        sources.put_back(src, n);
        sinks.put_back(snk, n);
    }
    moves
}

/// The sources or the sinks still to settle, the next one on top: HQ
/// while it has officers to give or take, then the largest amount, ties
/// to the first in order.
struct Side {
    heap: BinaryHeap<(bool, i64, Reverse<usize>, Option<usize>)>,
}

impl Side {
    fn new(side: &[(Option<usize>, i64)]) -> Side {
        Side {
            heap: side
                .iter()
                .enumerate()
                .filter(|(_, &(_, n))| n > 0)
                .map(|(i, &(who, n))| (who.is_none(), n, Reverse(i), who))
                .collect(),
        }
    }

    /// The next one to settle: (who, amount, place in order).
    fn pop(&mut self) -> Option<(Option<usize>, i64, usize)> {
        self.heap.pop().map(|(_, n, Reverse(i), who)| (who, n, i))
    }

    /// Returns `entry` with `used` officers settled, if any are left.
    fn put_back(&mut self, (who, n, i): (Option<usize>, i64, usize), used: i64) {
        if n > used {
            self.heap.push((who.is_none(), n - used, Reverse(i), who));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfer_list_adds_up_to_the_moves_and_pairs_equal_sizes() {
        // HQ gives 3 (X: 20 → 23); station 0 loses 2, 1 gains 2, 2 gains 3.
        let today = [8, 6, 6];
        let planned = [6, 8, 9];
        let list = transfer_list(&today, &planned);
        let total: i64 = list.iter().map(|m| m.officers).sum();
        assert_eq!(total, 5); // ½(2 + 2 + 3 + 3)
        assert_eq!(list.len(), 2);
        assert!(list.contains(&Move {
            from: None,
            to: Some(2),
            officers: 3
        }));
        assert!(list.contains(&Move {
            from: Some(0),
            to: Some(1),
            officers: 2
        }));
        assert!(transfer_list(&today, &today).is_empty());
    }

    /// The list as first written, one scan per step (quadratic): the heap
    /// and queue version must give exactly the same lines in the same order.
    fn quadratic_list(today: &[i64], planned: &[i64]) -> Vec<Move> {
        let x0: i64 = today.iter().sum();
        let x: i64 = planned.iter().sum();
        let mut sources: Vec<(Option<usize>, i64)> = Vec::new();
        let mut sinks: Vec<(Option<usize>, i64)> = Vec::new();
        if x > x0 {
            sources.push((None, x - x0));
        } else if x < x0 {
            sinks.push((None, x0 - x));
        }
        for (i, (&a, &b)) in today.iter().zip(planned).enumerate() {
            if b < a {
                sources.push((Some(i), a - b));
            } else if b > a {
                sinks.push((Some(i), b - a));
            }
        }
        let mut moves = Vec::new();
        for src in sources.iter_mut() {
            if let Some(snk) = sinks.iter_mut().find(|k| k.1 == src.1 && k.1 > 0) {
                moves.push(Move {
                    from: src.0,
                    to: snk.0,
                    officers: src.1,
                });
                snk.1 = 0;
                src.1 = 0;
            }
        }
        let pick = |side: &[(Option<usize>, i64)]| -> Option<usize> {
            let mut best: Option<usize> = None;
            for (i, &(who, n)) in side.iter().enumerate() {
                if n <= 0 {
                    continue;
                }
                if who.is_none() {
                    return Some(i);
                }
                if best.map_or(true, |b| side[b].1 < n) {
                    best = Some(i);
                }
            }
            best
        };
        while let (Some(si), Some(ki)) = (pick(&sources), pick(&sinks)) {
            let n = sources[si].1.min(sinks[ki].1);
            moves.push(Move {
                from: sources[si].0,
                to: sinks[ki].0,
                officers: n,
            });
            sources[si].1 -= n;
            sinks[ki].1 -= n;
        }
        moves
    }

    #[test]
    fn transfer_list_is_the_same_as_the_one_scan_per_step_list() {
        use rand_core::{RngCore, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(27);
        for case in 0..2000 {
            let n = 1 + (rng.next_u32() % 40) as usize;
            // Small values, so that equal sizes and ties are common.
            let spread = 1 + u64::from(rng.next_u32() % 6);
            let mut draw = || (rng.next_u64() % spread) as i64;
            let today: Vec<i64> = (0..n).map(|_| draw()).collect();
            let planned: Vec<i64> = (0..n).map(|_| draw()).collect();
            assert_eq!(
                transfer_list(&today, &planned),
                quadratic_list(&today, &planned),
                "case {case}: {today:?} → {planned:?}"
            );
        }
    }
}
