//! The needs of a year at a level, remembered within one search: the
//! coordinate ascent, the bounds UBk and the branch and bound ask the same
//! year at the same level again and again (each asks from t* up, bisecting
//! between the same ends), and a year's needs are a pass over its
//! stations, where looking one up is a copy of one number per county.
//!
//! A remembered answer is the answer computed: the search, its checks and
//! its result are the same with or without the memo. It holds at most
//! [`MEMO_BYTES`] of needs; past that, needs are computed and not kept.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::model::level::At;

/// The most bytes of needs one search keeps (32 MiB: about 1,500 year-levels of
/// the 2,800-county nation).
pub const MEMO_BYTES: usize = 32 << 20;

/// A year and a level, exactly (the level's bits).
type Key = (usize, bool, u64);

fn key(k: usize, at: At) -> Key {
    match at {
        At::Level(t) => (k, false, t.to_bits()),
        At::JustAbove(t) => (k, true, t.to_bits()),
    }
}

/// Year k's needs at a level, once computed (module documentation).
pub struct NeedsMemo {
    kept: Mutex<HashMap<Key, Vec<i64>>>,
    room: usize,
}

impl Default for NeedsMemo {
    fn default() -> Self {
        NeedsMemo::with_room(MEMO_BYTES)
    }
}

impl NeedsMemo {
    /// A memo keeping at most `bytes` of needs (0: none; every need is
    /// computed).
    pub fn with_room(bytes: usize) -> Self {
        NeedsMemo {
            kept: Mutex::new(HashMap::new()),
            room: bytes,
        }
    }

    /// The needs of year `k` at `at`: remembered, or `compute`d (and
    /// remembered while the memo has room).
    pub fn get(&self, k: usize, at: At, compute: impl FnOnce() -> Vec<i64>) -> Vec<i64> {
        let key = key(k, at);
        if let Some(v) = self.kept.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return v;
        }
        let v = compute();
        if let Ok(mut m) = self.kept.lock() {
            let each = v.len().max(1) * std::mem::size_of::<i64>();
            if (m.len() + 1) * each <= self.room {
                m.insert(key, v.clone());
            }
        }
        v
    }

    /// How many year-levels are kept.
    pub fn len(&self) -> usize {
        self.kept.lock().map_or(0, |m| m.len())
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Clone for NeedsMemo {
    /// A copy of a search starts with what the search kept.
    fn clone(&self) -> Self {
        NeedsMemo {
            kept: Mutex::new(self.kept.lock().map(|m| m.clone()).unwrap_or_default()),
            room: self.room,
        }
    }
}

impl std::fmt::Debug for NeedsMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NeedsMemo({} year-levels)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_level_is_computed_once_and_a_full_memo_computes_again() {
        let memo = NeedsMemo::with_room(2 * 3 * 8);
        let calls = Cell::new(0);
        let get = |k, at| {
            memo.get(k, at, || {
                calls.set(calls.get() + 1);
                vec![k as i64, 1, 2]
            })
        };
        assert_eq!(get(0, At::Level(0.5)), vec![0, 1, 2]);
        assert_eq!(get(0, At::Level(0.5)), vec![0, 1, 2]);
        assert_eq!(calls.get(), 1, "the second ask is remembered");
        // Just above a level and another year are other keys.
        assert_eq!(get(0, At::JustAbove(0.5)), vec![0, 1, 2]);
        assert_eq!(get(1, At::Level(0.5)), vec![1, 1, 2]);
        assert_eq!(calls.get(), 3);
        assert_eq!(memo.len(), 2, "room for two year-levels only");
        assert_eq!(get(1, At::Level(0.5)), vec![1, 1, 2]);
        assert_eq!(calls.get(), 4, "what found no room is computed again");
        let none = NeedsMemo::with_room(0);
        none.get(0, At::Level(1.0), Vec::new);
        assert!(none.is_empty());
    }
}
