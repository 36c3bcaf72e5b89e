//! Adjustments that keep an optimum while choosing a sensible one among
//! many: officers and auxiliaries are added where staffing is lowest
//! relative to need, and taken where it is highest.
//!
//! The rule is stated one unit at a time: each unit added goes where
//! value ÷ need is lowest (ties: lowest index), each unit taken comes from
//! where it is highest. Moving a billion units one by one takes seconds, so
//! [`give`] and [`take`] compute the same result in bulk, by water-filling:
//!
//! Adding a unit to station i at value v has the key ratio(v, needᵢ), and
//! the unit-by-unit rule adds units in increasing order of (key, i, v),
//! because a station's keys never fall as its value rises (a float division
//! by a positive need is monotone). So the first `count` units are found by
//! a threshold: the smallest key K with at least `count` units keyed ≤ K.
//! Every unit keyed below K is added, and the rest of `count` goes to the
//! units keyed exactly K, lowest index first. Counting a station's units
//! keyed ≤ K is a search over v with the same float expression the
//! unit-by-unit rule uses, so the result is identical bit for bit, ties
//! included. Taking is the mirror image. Time: 64 threshold steps, each a
//! few evaluations per station (a galloping search from the real-number
//! estimate), whatever `count` is.

/// Staffing relative to need, with no need ranked above any ratio.
fn ratio(value: i64, need: f64) -> f64 {
    if need > 0.0 {
        value as f64 / need
    } else {
        f64::INFINITY
    }
}

/// A float's place in IEEE total order (the order of `f64::total_cmp`), as
/// an unsigned integer.
fn order(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

/// The float at a place in total order (inverse of [`order`]).
fn from_order(k: u64) -> f64 {
    if k >> 63 == 1 {
        f64::from_bits(k & !(1 << 63))
    } else {
        f64::from_bits(!k)
    }
}

/// The smallest v in [lo, hi] with `v == hi` or `done(v)`, for a `done`
/// that is false and then true as v rises, found by galloping out from
/// `guess` and bisecting: at most about 2·log₂|answer − guess| + 2 calls of
/// `done`, and never more than 2·65 + 2 (the range spans at most 2⁶⁵).
fn first_done(lo: i128, hi: i128, guess: i128, done: impl Fn(i64) -> bool) -> i128 {
    // Every v < hi lies in the range of i64 (it is some station's value).
    let at = |v: i128| v >= hi || done(v as i64);
    let g = guess.clamp(lo, hi);
    // The answer lies in (a, b]: a < lo or not done at a; done at b.
    let (mut a, mut b);
    if at(g) {
        b = g;
        a = lo - 1;
        let mut step: i128 = 1;
        while b - step >= lo {
            if at(b - step) {
                b -= step;
                step *= 2;
            } else {
                a = b - step;
                break;
            }
        }
    } else {
        a = g;
        b = hi;
        let mut step: i128 = 1;
        while a + step < hi {
            if at(a + step) {
                b = a + step;
                break;
            }
            a += step;
            step *= 2;
        }
    }
    while b - a > 1 {
        let mid = a + (b - a) / 2;
        if at(mid) {
            b = mid;
        } else {
            a = mid;
        }
    }
    b
}

/// A real-number estimate as a start for [`first_done`] (`as` saturates
/// and maps NaN to 0; any start gives the same answer).
fn estimate(x: f64) -> i128 {
    x as i128
}

/// Units a station can receive keyed ≤ `key` (in total order): the v in
/// [value, upper) with order(ratio(v, need)) ≤ key.
fn gives_up_to(value: i64, need: f64, upper: i64, key: u64) -> i128 {
    if value >= upper {
        return 0;
    }
    let r = from_order(key);
    let guess = estimate((r * need).floor()).saturating_add(1);
    let (value, upper) = (i128::from(value), i128::from(upper));
    let end = first_done(value, upper, guess, |v| order(ratio(v, need)) > key);
    end - value
}

/// Units a station can lose keyed ≥ `key`: the v in (lower, value] with
/// order(ratio(v, need)) ≥ key (removing the unit at v).
fn takes_down_to(value: i64, need: f64, lower: i64, key: u64) -> i128 {
    if value <= lower {
        return 0;
    }
    let r = from_order(key);
    let guess = estimate((r * need).ceil());
    let (value, lower) = (i128::from(value), i128::from(lower));
    // The smallest v in [lower + 1, value + 1] keyed ≥ key (value + 1 if none).
    let start = first_done(lower + 1, value + 1, guess, |v| {
        order(ratio(v, need)) >= key
    });
    value + 1 - start
}

/// The threshold bisection of [`give`] and [`take`]: halves the key range
/// [lo, hi] until its ends are adjacent, moving `hi` down to the midpoint
/// when `to_hi(Σᵢ units(i, mid))` and `lo` up to it otherwise.
///
/// A station's units keyed ≤ K (or ≥ K) count a set that only grows (or
/// shrinks) as K rises, so for lo < mid < hi a station with as many units at
/// lo as at hi has that many at mid too. Each step therefore recounts only
/// the stations whose counts differ between the ends (a handful once the
/// range is narrow) and adds their change to the exact sum at lo: the same
/// sum the full count `sum` gives at mid (debug builds check it), so the
/// same steps and the same threshold.
fn split_keys(
    lo: &mut u64,
    hi: &mut u64,
    n: usize,
    units: impl Fn(usize, u64) -> i128,
    to_hi: impl Fn(i128) -> bool,
    sum: &impl Fn(u64) -> i128,
) {
    if *hi <= *lo || *hi - *lo <= 1 {
        return;
    }
    let mut at_lo: Vec<i128> = (0..n).map(|i| units(i, *lo)).collect();
    let mut at_hi: Vec<i128> = (0..n).map(|i| units(i, *hi)).collect();
    let mut sum_lo: i128 = at_lo.iter().sum();
    let mut active: Vec<usize> = (0..n).filter(|&i| at_lo[i] != at_hi[i]).collect();
    let mut changed: Vec<(usize, i128)> = Vec::new();
    while *hi - *lo > 1 {
        let mid = *lo + (*hi - *lo) / 2;
        changed.clear();
        let mut at_mid = sum_lo;
        for &i in &active {
            let u = units(i, mid);
            if u != at_lo[i] {
                at_mid += u - at_lo[i];
                changed.push((i, u));
            }
        }
        debug_assert_eq!(at_mid, sum(mid), "the recounted units at key {mid}");
        if to_hi(at_mid) {
            *hi = mid;
            for &i in &active {
                at_hi[i] = at_lo[i];
            }
            for &(i, u) in &changed {
                at_hi[i] = u;
            }
        } else {
            *lo = mid;
            sum_lo = at_mid;
            for &(i, u) in &changed {
                at_lo[i] = u;
            }
        }
        active.retain(|&i| at_lo[i] != at_hi[i]);
    }
}

/// Adds `count` units, each where value ÷ need is lowest (ties: lowest
/// index) and `value < upper`, exactly as adding them one at a time would
/// (module documentation). Returns how many were placed.
pub fn give(values: &mut [i64], need: &[f64], upper: &[i64], count: i64) -> i64 {
    if count <= 0 {
        return 0;
    }
    let n = values.len();
    let room: i128 = (0..n)
        .map(|i| (i128::from(upper[i]) - i128::from(values[i])).max(0))
        .sum();
    let wanted = i128::from(count);
    if room <= wanted {
        // Room for at most `count`: fill every station to its upper bound.
        for i in 0..n {
            values[i] = values[i].max(upper[i]);
        }
        return room as i64;
    }
    let up_to = |key: u64| -> i128 {
        (0..n)
            .map(|i| gives_up_to(values[i], need[i], upper[i], key))
            .sum()
    };
    // The smallest key K with at least `count` units keyed ≤ K, by
    // bisection over the 2⁶⁴ keys: 64 steps.
    let (mut lo, mut hi) = (0u64, u64::MAX);
    if up_to(0) >= wanted {
        hi = 0;
    }
    // up_to(lo) < count ≤ up_to(hi)
    split_keys(
        &mut lo,
        &mut hi,
        n,
        |i, key| gives_up_to(values[i], need[i], upper[i], key),
        |units| units >= wanted,
        &up_to,
    );
    // Every unit keyed below K, then units keyed K by lowest index.
    let key = hi;
    let below: Vec<i128> = (0..n)
        .map(|i| match key.checked_sub(1) {
            Some(k) => gives_up_to(values[i], need[i], upper[i], k),
            None => 0,
        })
        .collect();
    let mut rest = wanted - below.iter().sum::<i128>();
    for i in 0..n {
        let at_key = gives_up_to(values[i], need[i], upper[i], key) - below[i];
        let tied = at_key.min(rest);
        rest -= tied;
        // Each unit counted here is below `upper`, so the sum fits.
        values[i] = (i128::from(values[i]) + below[i] + tied) as i64;
    }
    count
}

/// Removes `count` units, each where value ÷ need is highest (ties: lowest
/// index) and `value > lower`, exactly as removing them one at a time
/// would (module documentation). Returns how many were removed.
pub fn take(values: &mut [i64], need: &[f64], lower: &[i64], count: i64) -> i64 {
    if count <= 0 {
        return 0;
    }
    let n = values.len();
    let room: i128 = (0..n)
        .map(|i| (i128::from(values[i]) - i128::from(lower[i])).max(0))
        .sum();
    let wanted = i128::from(count);
    if room <= wanted {
        for i in 0..n {
            values[i] = values[i].min(lower[i]);
        }
        return room as i64;
    }
    let down_to = |key: u64| -> i128 {
        (0..n)
            .map(|i| takes_down_to(values[i], need[i], lower[i], key))
            .sum()
    };
    // The largest key K with at least `count` units keyed ≥ K: 64 steps.
    let (mut lo, mut hi) = (0u64, u64::MAX);
    if down_to(u64::MAX) >= wanted {
        lo = u64::MAX;
    }
    // down_to(lo) ≥ count > down_to(hi)
    split_keys(
        &mut lo,
        &mut hi,
        n,
        |i, key| takes_down_to(values[i], need[i], lower[i], key),
        |units| units < wanted,
        &down_to,
    );
    // Every unit keyed above K, then units keyed K by lowest index.
    let key = lo;
    let above: Vec<i128> = (0..n)
        .map(|i| match key.checked_add(1) {
            Some(k) => takes_down_to(values[i], need[i], lower[i], k),
            None => 0,
        })
        .collect();
    let mut rest = wanted - above.iter().sum::<i128>();
    for i in 0..n {
        let at_key = takes_down_to(values[i], need[i], lower[i], key) - above[i];
        let tied = at_key.min(rest);
        rest -= tied;
        values[i] = (i128::from(values[i]) - above[i] - tied) as i64;
    }
    count
}

/// The unit-by-unit rule itself, the reference [`give`] and [`take`] must
/// agree with.
#[cfg(test)]
pub mod unit_by_unit {
    use super::ratio;
    use std::cmp::{Ordering, Reverse};
    use std::collections::BinaryHeap;

    #[derive(PartialEq)]
    struct Key(f64, Reverse<usize>);
    impl Eq for Key {}
    impl PartialOrd for Key {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Key {
        fn cmp(&self, other: &Self) -> Ordering {
            self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
        }
    }

    /// Adds `count` units, one at a time, each where value ÷ need is lowest
    /// (ties: lowest index) and `value < upper`.
    pub fn give(values: &mut [i64], need: &[f64], upper: &[i64], count: i64) -> i64 {
        let mut heap: BinaryHeap<Key> = (0..values.len())
            .filter(|&i| values[i] < upper[i])
            .map(|i| Key(-ratio(values[i], need[i]), Reverse(i)))
            .collect();
        let mut placed = 0;
        while placed < count {
            let Some(Key(_, Reverse(i))) = heap.pop() else {
                break;
            };
            values[i] += 1;
            placed += 1;
            if values[i] < upper[i] {
                heap.push(Key(-ratio(values[i], need[i]), Reverse(i)));
            }
        }
        placed
    }

    /// Removes `count` units, one at a time, each where value ÷ need is
    /// highest (ties: lowest index) and `value > lower`.
    pub fn take(values: &mut [i64], need: &[f64], lower: &[i64], count: i64) -> i64 {
        let mut heap: BinaryHeap<Key> = (0..values.len())
            .filter(|&i| values[i] > lower[i])
            .map(|i| Key(ratio(values[i], need[i]), Reverse(i)))
            .collect();
        let mut removed = 0;
        while removed < count {
            let Some(Key(_, Reverse(i))) = heap.pop() else {
                break;
            };
            values[i] -= 1;
            removed += 1;
            if values[i] > lower[i] {
                heap.push(Key(ratio(values[i], need[i]), Reverse(i)));
            }
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn gives_to_the_least_staffed_and_takes_from_the_most() {
        let mut v = vec![2, 4, 6];
        let need = [2.0, 2.0, 2.0];
        assert_eq!(give(&mut v, &need, &[10, 10, 10], 3), 3);
        assert_eq!(v, vec![5, 4, 6]);
        assert_eq!(take(&mut v, &need, &[0, 0, 6], 2), 2);
        assert_eq!(v, vec![3, 4, 6]);
        assert_eq!(take(&mut v, &need, &[3, 4, 6], 5), 0);
    }

    #[test]
    fn a_billion_units_move_at_once() {
        // The typo case: one station with 10⁹ too many.
        let mut v = vec![1_000_000_000, 3, 0];
        let need = [1.5, 2.0, 0.0];
        assert_eq!(take(&mut v, &need, &[0, 0, 0], 999_999_990), 999_999_990);
        assert_eq!(v.iter().sum::<i64>(), 1_000_000_003 - 999_999_990);
        let mut w = vec![0, 0, 0];
        let upper = [i64::MAX / 4; 3];
        assert_eq!(give(&mut w, &need, &upper, 1 << 40), 1 << 40);
        // Stations without need come last, and only the first of them fills.
        assert_eq!(w[2], 0);
        assert_eq!(w[0] + w[1], 1 << 40);
    }

    #[test]
    fn float_order_round_trips() {
        for x in [
            0.0,
            -0.0,
            1.5,
            -2.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            5e-324,
        ] {
            assert_eq!(from_order(order(x)).to_bits(), x.to_bits());
        }
        assert!(order(-0.0) < order(0.0));
        assert!(order(1.0) < order(f64::INFINITY));
    }

    /// Needs drawn to tie often (few distinct values, zeros included) and
    /// bounds that sometimes stop a station at once.
    fn case() -> impl Strategy<Value = (Vec<i64>, Vec<f64>, Vec<i64>, i64)> {
        (1usize..7).prop_flat_map(|n| {
            (
                prop::collection::vec(0i64..12, n),
                prop::collection::vec(
                    prop_oneof![
                        Just(0.0),
                        Just(1.0),
                        Just(2.0),
                        Just(3.0),
                        Just(0.1),
                        Just(0.3),
                        0.01f64..50.0
                    ],
                    n,
                ),
                prop::collection::vec(-3i64..15, n),
                0i64..80,
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn bulk_give_equals_unit_by_unit((values, need, slack, count) in case()) {
            let upper: Vec<i64> = values.iter().zip(&slack).map(|(v, s)| v + s).collect();
            let (mut a, mut b) = (values.clone(), values.clone());
            let placed = give(&mut a, &need, &upper, count);
            let expected = unit_by_unit::give(&mut b, &need, &upper, count);
            prop_assert_eq!(placed, expected);
            prop_assert_eq!(a, b);
        }

        #[test]
        fn bulk_take_equals_unit_by_unit((values, need, slack, count) in case()) {
            let lower: Vec<i64> = values.iter().zip(&slack).map(|(v, s)| v - s).collect();
            let (mut a, mut b) = (values.clone(), values.clone());
            let removed = take(&mut a, &need, &lower, count);
            let expected = unit_by_unit::take(&mut b, &need, &lower, count);
            prop_assert_eq!(removed, expected);
            prop_assert_eq!(a, b);
        }
    }
}
