//! Reuse between the solves of many plans on one province (the points of a
//! sweep): each phase of the exact solver is a function of a few inputs,
//! and between two points often only the inputs of one phase change.
//!
//! * **Officers** (phase 1 and 2, every balance target): a function of the
//!   province, each county's force (what the force levers change), every
//!   field of every station's requirement except the village need Vₛ, and
//!   every parameter except `[auxiliaries]` (which reach the officers only
//!   through the duty credit κₛ, a field of the requirement).
//! * **Auxiliaries** (both phases, every target and budget scope): a
//!   function of the province (today's posts, each county's
//!   `auxiliary_budget`), the village needs Vₛ, `[auxiliaries]` and the
//!   balance targets (`[balance]`).
//!
//! A phase's result is reused only when its inputs are *identical*: the
//! province is the same shared value (pointer identity of the `Arc`, which
//! the memo holds so it cannot be freed and replaced), the forces and the
//! requirements are compared bit for bit, and the parameters through their
//! full `Debug` text (every field, `-0.0` and `0.0` told apart). A reused
//! result is therefore the result the phase would compute again, and the
//! outputs do not depend on which point ran first or on the thread count.
//! Every plan is still checked in full by the independent checker.
//!
//! Each phase keeps its [`CAPACITY`] most recently used results whose keys
//! and values together stay under [`BUDGET_BYTES`]: a grid whose last key
//! changes fastest meets the same officers' inputs in a run of points, and
//! the same auxiliaries' inputs once per value of the last key.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::domain::{Params, Province};
use crate::model::auxiliaries::AuxiliaryPlan;
use crate::model::need::Requirement;
use crate::plan::{Infeasibility, Plan};

/// Results kept per phase, at most.
pub const CAPACITY: usize = 16;

/// Bytes of keys and values kept per phase, about, at most (at least one
/// result is always kept).
pub const BUDGET_BYTES: usize = 16 << 20;

/// Memo of solver phases shared by the points of a run (see the module
/// documentation). Cheap to share: lookups lock briefly, solves run
/// outside the lock.
#[derive(Default)]
pub struct Reuse {
    officers: Mutex<Lru<Result<Plan, Vec<Infeasibility>>>>,
    auxiliaries: Mutex<Lru<AuxiliaryPlan>>,
    solved: [AtomicUsize; 2],
}

impl Reuse {
    /// How many times each phase was solved rather than reused so far:
    /// (officers, auxiliaries).
    pub fn solved(&self) -> (usize, usize) {
        (
            self.solved[0].load(Ordering::Relaxed),
            self.solved[1].load(Ordering::Relaxed),
        )
    }
}

impl std::fmt::Debug for Reuse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reuse").finish_non_exhaustive()
    }
}

/// One phase's inputs besides the province, as compared.
#[derive(PartialEq)]
struct Key {
    words: Vec<u64>,
    params: String,
}

struct Entry<V> {
    province: Arc<Province>,
    key: Key,
    value: V,
    bytes: usize,
}

/// Most recently used first.
struct Lru<V> {
    entries: VecDeque<Entry<V>>,
}

impl<V> Default for Lru<V> {
    fn default() -> Self {
        Lru {
            entries: VecDeque::new(),
        }
    }
}

impl<V: Clone> Lru<V> {
    fn get(&mut self, province: &Arc<Province>, key: &Key) -> Option<V> {
        let i = self
            .entries
            .iter()
            .position(|e| Arc::ptr_eq(&e.province, province) && e.key == *key)?;
        let entry = self.entries.remove(i)?;
        let value = entry.value.clone();
        self.entries.push_front(entry);
        Some(value)
    }

    fn put(&mut self, province: &Arc<Province>, key: Key, value: V, bytes: usize) {
        if self
            .entries
            .iter()
            .any(|e| Arc::ptr_eq(&e.province, province) && e.key == key)
        {
            return;
        }
        self.entries.push_front(Entry {
            province: province.clone(),
            key,
            value,
            bytes,
        });
        let mut used = 0usize;
        let mut keep = 0;
        for e in &self.entries {
            used = used.saturating_add(e.bytes);
            if keep > 0 && (keep == CAPACITY || used > BUDGET_BYTES) {
                break;
            }
            keep += 1;
        }
        self.entries.truncate(keep);
    }
}

/// The memo of one province for a solve: `province` is the shared value
/// the plan's province was made from by the force levers (the same
/// stations, counties and data; only each county's `officers_total` may
/// differ, and the officers' key holds it).
#[derive(Clone, Copy)]
pub struct Shared<'a> {
    /// The memo.
    pub reuse: &'a Reuse,
    /// The province as loaded, before any lever.
    pub province: &'a Arc<Province>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The officers' inputs: each county's force, then per station every
/// field of its requirement except the village need.
fn officers_key(province: &Province, params: &Params, reqs: &[Requirement]) -> Key {
    let mut words = Vec::with_capacity(province.counties.len() + 11 * reqs.len());
    words.extend(province.counties.iter().map(|c| c.officers_total as u64));
    for r in reqs {
        // Every field named: a new field must be placed in a key.
        let Requirement {
            duty,
            community,
            villages: _,
            min_officers,
            duty_post_minimum,
            max_officers,
            officers_today,
            locked,
            max_moves,
            duty_credit,
            restricted,
        } = r;
        words.extend([
            duty.to_bits(),
            community.to_bits(),
            *min_officers as u64,
            *duty_post_minimum as u64,
            *max_officers as u64,
            *officers_today as u64,
            u64::from(*locked),
            u64::from(max_moves.is_some()),
            max_moves.unwrap_or(0) as u64,
            duty_credit.to_bits(),
            *restricted as u64,
        ]);
    }
    let Params {
        workload,
        quotas,
        min_officers,
        auxiliaries: _,
        levers,
        strength,
    } = params;
    Key {
        words,
        params: format!("{workload:?}|{quotas:?}|{min_officers:?}|{levers:?}|{strength:?}"),
    }
}

/// The auxiliaries' inputs: the village needs, `[auxiliaries]` and the
/// balance targets.
fn auxiliaries_key(params: &Params, reqs: &[Requirement]) -> Key {
    Key {
        words: reqs.iter().map(|r| r.villages.to_bits()).collect(),
        params: format!("{:?}|{:?}", params.auxiliaries, params.levers.balance),
    }
}

impl Shared<'_> {
    /// The officers' phases on `province` (the shared province with the
    /// levers' forces): reused when the same inputs were solved before,
    /// else `solve()`.
    pub fn officers(
        &self,
        province: &Province,
        params: &Params,
        reqs: &[Requirement],
        solve: impl FnOnce() -> Result<Plan, Vec<Infeasibility>>,
    ) -> Result<Plan, Vec<Infeasibility>> {
        let key = officers_key(province, params, reqs);
        if let Some(v) = lock(&self.reuse.officers).get(self.province, &key) {
            return v;
        }
        let value = solve();
        self.reuse.solved[0].fetch_add(1, Ordering::Relaxed);
        let bytes = 8 * key.words.len()
            + match &value {
                // A station's plan and held level; a county's plan and
                // binding stations.
                Ok(p) => 40 * p.stations.len() + 64 * p.counties.len() + 16 * p.binding.len(),
                Err(r) => 256 * r.len(),
            };
        lock(&self.reuse.officers).put(self.province, key, value.clone(), bytes);
        value
    }

    /// The auxiliaries' phases: reused when the same inputs were solved
    /// before, else `solve()`.
    pub fn auxiliaries(
        &self,
        params: &Params,
        reqs: &[Requirement],
        solve: impl FnOnce() -> AuxiliaryPlan,
    ) -> AuxiliaryPlan {
        let key = auxiliaries_key(params, reqs);
        if let Some(v) = lock(&self.reuse.auxiliaries).get(self.province, &key) {
            return v;
        }
        let value = solve();
        self.reuse.solved[1].fetch_add(1, Ordering::Relaxed);
        let bytes = 8 * key.words.len() + 8 * value.auxiliaries.len();
        lock(&self.reuse.auxiliaries).put(self.province, key, value.clone(), bytes);
        value
    }
}
