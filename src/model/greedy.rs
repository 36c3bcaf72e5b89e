//! Unit-by-unit adjustments that keep an optimum while choosing a sensible one
//! among many: officers and auxiliaries are added where staffing is lowest
//! relative to need, and taken where it is highest.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Staffing relative to need, with no need ranked above any ratio.
fn ratio(value: i64, need: f64) -> f64 {
    if need > 0.0 {
        value as f64 / need
    } else {
        f64::INFINITY
    }
}

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
/// (ties: lowest index) and `value < upper`. Returns how many were placed.
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

/// Removes `count` units, one at a time, each where value ÷ need is highest
/// (ties: lowest index) and `value > lower`. Returns how many were removed.
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
