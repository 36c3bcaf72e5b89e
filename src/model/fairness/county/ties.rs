//! Where stations tie: the largest sets of them that can rise together,
//! each choice tried as a branch until the work limit.

use crate::model::level::At;
use crate::outcome::CountyLimit;
use crate::plan::Dimension;

use super::super::compare_sorted;
#[cfg(doc)]
use super::super::SEARCH_LIMIT;
use super::{Ctx, Leaf, Search, State};

impl Ctx<'_> {
    /// Fills from `state` to the end, branching at ties (module docs).
    pub(super) fn fill(&self, mut state: State, search: &mut Search) -> Leaf {
        loop {
            let unfixed = (0..self.active.len())
                .filter(|&i| self.active[i] && state.fixed[i].is_none())
                .count();
            if unfixed == 0 {
                return self.leaf(state);
            }
            // After rounds 1, 2, 4, 8, …: has the fill frozen? (In a county
            // whose force is used up it does after round 1.)
            if state.frozen.is_none() && !state.thawed && state.round.is_power_of_two() {
                state.frozen = self.frozen(&state);
            }
            if let Some(limits) = state.frozen.take() {
                let t = self.next(&state, state.t);
                if let Some(cap) = self.cap.filter(|&c| t >= c) {
                    // Every unfixed station stands at a rung ρ ≥ cap, and
                    // together they fit there: all are at the standard.
                    state.round += 1;
                    self.fix_all_at(&mut state, cap);
                    continue;
                }
                if !(t > state.t && t.is_finite()) {
                    // No rung above in floats: back to the rounds' search.
                    state.thawed = true;
                    continue;
                }
                state.round += 1;
                state.t = t;
                let tied = self.tied(&state, t);
                if tied.is_empty() {
                    // Only float rounding can get here: fix what is left.
                    for (i, &limit) in limits.iter().enumerate() {
                        if self.active[i] && state.fixed[i].is_none() {
                            self.fix(&mut state, i, t, &[], limit);
                        }
                    }
                }
                for (i, dims) in tied {
                    self.fix(&mut state, i, t, &dims, limits[i]);
                }
                state.frozen = Some(limits);
                continue;
            }
            state.round += 1;
            if let Some(cap) = self.cap {
                // Under `standard` the common level stops at the cap: if
                // every unfixed station fits there, each stands at the
                // standard and the fill ends.
                if self.fits(self.with(&state, At::Level(cap))) {
                    self.fix_all_at(&mut state, cap);
                    continue;
                }
            }
            let t = self.common_level(&state);
            state.t = t;
            let tied = self.tied(&state, t);
            if tied.is_empty() {
                // Only float rounding can get here (the level just above t
                // failed with no floor rising): fix what is left at t.
                for i in 0..self.active.len() {
                    if self.active[i] && state.fixed[i].is_none() {
                        self.fix(&mut state, i, t, &[], CountyLimit::None);
                    }
                }
                continue;
            }
            // Stations that cannot rise even alone.
            let mut open: Vec<(usize, Vec<Dimension>)> = Vec::new();
            let mut blocked: Vec<(usize, Vec<Dimension>, CountyLimit)> = Vec::new();
            for (i, dims) in tied {
                match self.raise(&state, t, &[i]) {
                    Ok(()) => open.push((i, dims)),
                    Err(b) => {
                        let limit = self.limit(&b);
                        blocked.push((i, dims, limit));
                    }
                }
            }
            let progress = !blocked.is_empty();
            for (i, dims, limit) in blocked {
                self.fix(&mut state, i, t, &dims, limit);
            }
            if open.is_empty() {
                continue;
            }
            let all: Vec<usize> = open.iter().map(|(i, _)| *i).collect();
            if self.raise(&state, t, &all).is_ok() {
                if progress {
                    continue;
                }
                // Cannot happen (t would not be the highest level); fix the
                // tied stations rather than loop.
                for (i, dims) in &open {
                    self.fix(&mut state, *i, t, dims, CountyLimit::None);
                }
                continue;
            }
            // A choice: only some of the tied stations can rise together.
            let choices = self.largest_risers(&state, t, &all, search);
            let tied_n = all.len();
            let mut best: Option<Leaf> = None;
            for rise in &choices {
                let mut branch = state.clone();
                for (i, dims) in &open {
                    if !rise.contains(i) {
                        let limit = CountyLimit::Tie {
                            rose: rise.len(),
                            tied: tied_n,
                        };
                        self.fix(&mut branch, *i, t, dims, limit);
                    }
                }
                if best.is_some() && self.over() {
                    // Out of work: the choices not tried stay untried.
                    search.proven = false;
                    break;
                }
                let leaf = self.fill(branch, search);
                best = Some(match best {
                    None => leaf,
                    Some(b) => {
                        let better = compare_sorted(&leaf.sorted, &b.sorted)
                            .then(b.moves.cmp(&leaf.moves))
                            .is_gt();
                        if better {
                            leaf
                        } else {
                            b
                        }
                    }
                });
            }
            return best.unwrap_or_else(|| self.leaf(state));
        }
    }

    /// Every largest set of `tied` stations that can rise together (at
    /// least one can: each rises alone), up to interchangeable stations.
    ///
    /// A greedy pass (add each station in order if the set can still rise)
    /// gives a set of some size g; sizes g + 1, g + 2, … are then tried
    /// until one has no set that can rise (a smaller set of a set that can
    /// rise can rise too, so no larger size has one either), and every set
    /// of the largest size is returned. Past [`SEARCH_LIMIT`] the search
    /// stops with the largest set found so far (`proven` turns false).
    fn largest_risers(
        &self,
        state: &State,
        t: f64,
        tied: &[usize],
        search: &mut Search,
    ) -> Vec<Vec<usize>> {
        let mut greedy: Vec<usize> = Vec::new();
        for &i in tied {
            greedy.push(i);
            if self.raise(state, t, &greedy).is_err() {
                greedy.pop();
            }
        }
        if self.over() {
            search.proven = false;
            return vec![greedy];
        }
        // Classes of interchangeable stations, in order.
        let mut classes: Vec<Vec<usize>> = Vec::new();
        for &i in tied {
            match classes.iter_mut().find(|c| self.same(c[0], i)) {
                Some(c) => c.push(i),
                None => classes.push(vec![i]),
            }
        }
        // Every set of one size that can rise; `None` when out of work.
        let sets_of = |size: usize, search: &mut Search| -> Option<Vec<Vec<usize>>> {
            let mut found: Vec<Vec<usize>> = Vec::new();
            let mut counts = vec![0usize; classes.len()];
            let mut out_of_work = false;
            each_count(&classes, size, 0, &mut counts, &mut |counts| {
                if self.over() {
                    out_of_work = true;
                    return false;
                }
                let set: Vec<usize> = classes
                    .iter()
                    .zip(counts)
                    .flat_map(|(c, &k)| c[..k].iter().copied())
                    .collect();
                if self.raise(state, t, &set).is_ok() {
                    found.push(set);
                }
                true
            });
            if out_of_work {
                search.proven = false;
                None
            } else {
                Some(found)
            }
        };
        let mut size = greedy.len();
        let mut larger: Option<Vec<Vec<usize>>> = None;
        // All of the tied stations cannot rise together (the caller checked).
        while size + 1 < tied.len() {
            match sets_of(size + 1, search) {
                None => return larger.unwrap_or_else(|| vec![greedy]),
                Some(found) if found.is_empty() => break,
                Some(found) => {
                    larger = Some(found);
                    size += 1;
                }
            }
        }
        match larger {
            Some(sets) => sets,
            // The greedy size is the largest: every set of that size.
            None => match sets_of(size, search) {
                Some(found) if !found.is_empty() => found,
                _ => vec![greedy],
            },
        }
    }
}

/// Calls `f` with every way to take `size` stations from the classes (how
/// many of each), in lexicographic order of the counts, largest first,
/// until `f` returns false. Returns false when it was stopped.
fn each_count(
    classes: &[Vec<usize>],
    size: usize,
    from: usize,
    counts: &mut Vec<usize>,
    f: &mut impl FnMut(&[usize]) -> bool,
) -> bool {
    if from == classes.len() {
        return size != 0 || f(counts);
    }
    let room: usize = classes[from + 1..].iter().map(Vec::len).sum();
    let most = classes[from].len().min(size);
    let least = size.saturating_sub(room);
    for k in (least..=most).rev() {
        counts[from] = k;
        if !each_count(classes, size - k, from + 1, counts, f) {
            counts[from] = 0;
            return false;
        }
    }
    counts[from] = 0;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_vectors_cover_every_way_once() {
        let classes = vec![vec![0, 1], vec![2], vec![3, 4, 5]];
        let mut seen = Vec::new();
        let mut counts = vec![0; 3];
        each_count(&classes, 3, 0, &mut counts, &mut |c| {
            seen.push(c.to_vec());
            true
        });
        // (2,1,0) (2,0,1) (1,1,1) (1,0,2) (0,1,2) (0,0,3)
        assert_eq!(seen.len(), 6);
        assert_eq!(seen[0], vec![2, 1, 0]);
        assert!(seen.iter().all(|c| c.iter().sum::<usize>() == 3));
    }
}
