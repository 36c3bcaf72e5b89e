//! The branch and bound over the years' levels that proves the sum of
//! levels when coordinate ascent does not meet its bound (see the
//! [horizon search](super)).

use std::rc::Rc;

use super::Search;
use crate::model::level::At;

/// Depth-first branch and bound over the years' levels.
pub(super) struct BranchBound<'a> {
    pub(super) worst: f64,
    pub(super) ub: &'a [f64],
    pub(super) best_sum: f64,
    pub(super) best: Vec<f64>,
    pub(super) budget: usize,
    pub(super) out_of_budget: bool,
    /// Each year's candidate levels, once listed (the same at every node:
    /// from t* up to UBk).
    pub(super) candidates: Vec<Option<Rc<[f64]>>>,
}

impl BranchBound<'_> {
    pub(super) fn dfs(
        &mut self,
        s: &mut Search<'_>,
        k: usize,
        partial: f64,
        chosen: &mut Vec<f64>,
        needs: &mut Vec<Vec<i64>>,
    ) {
        let n = s.years.len();
        if k == n {
            if partial > self.best_sum + 1e-12 {
                self.best_sum = partial;
                self.best = chosen.clone();
            }
            return;
        }
        let rest: f64 = self.ub[k + 1..].iter().sum();
        if self.candidates.len() < n {
            self.candidates.resize(n, None);
        }
        let levels = match &self.candidates[k] {
            Some(c) => Rc::clone(c),
            None => {
                let c: Rc<[f64]> = s.candidates(k, self.worst, self.ub[k]).into();
                self.candidates[k] = Some(Rc::clone(&c));
                c
            }
        };
        for &t in levels.iter() {
            if self.out_of_budget {
                return;
            }
            if partial + t + rest <= self.best_sum + 1e-12 {
                return;
            }
            if s.checks >= self.budget {
                self.out_of_budget = true;
                return;
            }
            let saved = std::mem::replace(&mut needs[k], s.needs(k, At::Level(t)));
            if s.fits(needs) {
                chosen.push(t);
                self.dfs(s, k + 1, partial + t, chosen, needs);
                chosen.pop();
            }
            needs[k] = saved;
        }
    }
}
