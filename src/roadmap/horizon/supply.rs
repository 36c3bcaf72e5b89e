//! What the recruits may do, and whether a placement of them fits: Hall's
//! condition without caps, a maximum flow with them (see the
//! [horizon search](super)).

use crate::model::rules::UNREACHABLE;

/// What the recruits may do: Nk a year, at most capc a year per county.
#[derive(Debug, Clone, PartialEq)]
pub struct Supply {
    /// Nk: the recruits of each year, first year first.
    pub per_year: Vec<i64>,
    /// capc: at most this many recruits a year in each county (`None`: no cap).
    pub caps: Vec<Option<i64>>,
}

impl Supply {
    /// Whether some placement gives every county Mc,k recruits by year k
    /// (`m[k][c]`, cumulative, non-decreasing in k).
    pub fn fits(&self, m: &[Vec<i64>]) -> bool {
        if m.iter().flatten().any(|&v| v >= UNREACHABLE) {
            return false;
        }
        if self.caps.iter().all(Option::is_none) {
            let mut supply = 0i64;
            for (k, row) in m.iter().enumerate() {
                supply = supply.saturating_add(self.per_year[k]);
                if row.iter().fold(0i64, |a, &b| a.saturating_add(b)) > supply {
                    return false;
                }
            }
            return true;
        }
        self.place(m).is_some()
    }

    /// A placement Rk,c meeting `m`, or `None`. Without caps, as late as
    /// possible: going back from the last year, each year's recruits serve
    /// that year's new needs first, then the earliest later ones still
    /// unserved. With caps, a maximum flow.
    pub fn place(&self, m: &[Vec<i64>]) -> Option<Vec<Vec<i64>>> {
        let years = m.len();
        let counties = m.first().map_or(0, Vec::len);
        let demand = |k: usize, c: usize| {
            let prev = if k == 0 { 0 } else { m[k - 1][c] };
            (m[k][c] - prev).max(0)
        };
        if self.caps.iter().all(Option::is_none) {
            let mut out = vec![vec![0i64; counties]; years];
            // Unserved needs: (deadline, county, amount), earliest first.
            let mut pending: Vec<(usize, usize, i64)> = Vec::new();
            for k in (0..years).rev() {
                for c in 0..counties {
                    let d = demand(k, c);
                    if d > 0 {
                        pending.push((k, c, d));
                    }
                }
                pending.sort();
                let mut supply = self.per_year[k];
                for p in pending.iter_mut() {
                    if supply == 0 {
                        break;
                    }
                    let give = p.2.min(supply);
                    out[k][p.1] += give;
                    p.2 -= give;
                    supply -= give;
                }
                pending.retain(|p| p.2 > 0);
            }
            return pending.is_empty().then_some(out);
        }
        // Nodes: source, sink, years, (year, county).
        let (source, sink) = (0, 1);
        let year_node = |k: usize| 2 + k;
        let cell = |k: usize, c: usize| 2 + years + k * counties + c;
        let mut g = Flow::new(2 + years + years * counties);
        let inf = i64::MAX / 4;
        let mut year_edges = vec![vec![0usize; counties]; years];
        let mut total = 0i64;
        for (k, edges) in year_edges.iter_mut().enumerate() {
            g.edge(source, year_node(k), self.per_year[k]);
            for (c, edge) in edges.iter_mut().enumerate() {
                *edge = g.edge(year_node(k), cell(k, c), self.caps[c].unwrap_or(inf));
                if k + 1 < years {
                    g.edge(cell(k, c), cell(k + 1, c), inf);
                }
                let d = demand(k, c);
                total += d;
                g.edge(cell(k, c), sink, d);
            }
        }
        if g.max_flow(source, sink) < total {
            return None;
        }
        Some(
            (0..years)
                .map(|k| (0..counties).map(|c| g.flow(year_edges[k][c])).collect())
                .collect(),
        )
    }
}

/// A maximum flow (Dinic), integer capacities, deterministic.
struct Flow {
    adj: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<i64>,
    initial: Vec<i64>,
}

impl Flow {
    fn new(n: usize) -> Flow {
        Flow {
            adj: vec![Vec::new(); n],
            to: Vec::new(),
            cap: Vec::new(),
            initial: Vec::new(),
        }
    }

    fn edge(&mut self, a: usize, b: usize, c: i64) -> usize {
        let e = self.to.len();
        self.adj[a].push(e);
        self.to.push(b);
        self.cap.push(c);
        self.initial.push(c);
        self.adj[b].push(e + 1);
        self.to.push(a);
        self.cap.push(0);
        self.initial.push(0);
        e
    }

    fn flow(&self, e: usize) -> i64 {
        self.initial[e] - self.cap[e]
    }

    fn max_flow(&mut self, s: usize, t: usize) -> i64 {
        let n = self.adj.len();
        let mut total = 0i64;
        loop {
            let mut level = vec![usize::MAX; n];
            level[s] = 0;
            let mut queue = std::collections::VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                for &e in &self.adj[v] {
                    if self.cap[e] > 0 && level[self.to[e]] == usize::MAX {
                        level[self.to[e]] = level[v] + 1;
                        queue.push_back(self.to[e]);
                    }
                }
            }
            if level[t] == usize::MAX {
                return total;
            }
            let mut next = vec![0usize; n];
            loop {
                let pushed = self.push(s, t, i64::MAX, &level, &mut next);
                if pushed == 0 {
                    break;
                }
                total = total.saturating_add(pushed);
            }
        }
    }

    /// One blocking-flow path, iteratively.
    fn push(&mut self, s: usize, t: usize, limit: i64, level: &[usize], next: &mut [usize]) -> i64 {
        let mut path: Vec<usize> = Vec::new();
        let mut v = s;
        loop {
            if v == t {
                let f = path.iter().map(|&e| self.cap[e]).fold(limit, i64::min);
                for &e in &path {
                    self.cap[e] -= f;
                    self.cap[e ^ 1] += f;
                }
                return f;
            }
            let mut advanced = false;
            while next[v] < self.adj[v].len() {
                let e = self.adj[v][next[v]];
                let w = self.to[e];
                if self.cap[e] > 0 && level[w] == level[v] + 1 {
                    path.push(e);
                    v = w;
                    advanced = true;
                    break;
                }
                next[v] += 1;
            }
            if !advanced {
                // Dead end: retreat.
                match path.pop() {
                    Some(e) => {
                        v = self.to[e ^ 1];
                        next[v] += 1;
                    }
                    None => return 0,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flow_and_hall_agree_without_caps() {
        // Three counties, three years of cumulative needs.
        let m = vec![vec![2, 0, 1], vec![3, 2, 1], vec![3, 4, 2]];
        for per_year in [
            vec![3, 2, 4],
            vec![3, 3, 3],
            vec![2, 5, 5],
            vec![9, 0, 0],
            vec![0, 9, 0],
        ] {
            let free = Supply {
                per_year: per_year.clone(),
                caps: vec![None; 3],
            };
            let flow = Supply {
                per_year: per_year.clone(),
                caps: vec![Some(1_000); 3],
            };
            assert_eq!(free.fits(&m), flow.fits(&m), "{per_year:?}");
            if let Some(p) = free.place(&m) {
                for (k, row) in p.iter().enumerate() {
                    assert!(row.iter().sum::<i64>() <= per_year[k]);
                }
                for c in 0..3 {
                    let mut cum = 0;
                    for k in 0..3 {
                        cum += p[k][c];
                        assert!(cum >= m[k][c]);
                    }
                }
            }
        }
        // Hall by hand: year 0 needs 3 with 3 recruits, by year 1 6 with 5.
        let s = Supply {
            per_year: vec![3, 2, 4],
            caps: vec![None; 3],
        };
        assert!(!s.fits(&m));
        // Caps bind: county 1 needs 4 by year 2, at most 1 a year.
        let capped = Supply {
            per_year: vec![9, 9, 9],
            caps: vec![None, Some(1), None],
        };
        assert!(!capped.fits(&m));
        let capped = Supply {
            per_year: vec![9, 9, 9],
            caps: vec![None, Some(2), None],
        };
        assert!(capped.fits(&m));
    }

    #[test]
    fn recruits_are_placed_as_late_as_the_needs_allow() {
        let m = vec![vec![1, 0], vec![1, 2]];
        let s = Supply {
            per_year: vec![5, 5],
            caps: vec![None; 2],
        };
        assert_eq!(s.place(&m), Some(vec![vec![1, 0], vec![0, 2]]));
        // Year 1 has too few: its need is served a year early.
        let s = Supply {
            per_year: vec![5, 1],
            caps: vec![None; 2],
        };
        assert_eq!(s.place(&m), Some(vec![vec![1, 1], vec![0, 1]]));
    }
}
