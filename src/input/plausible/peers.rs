//! Each cell's peers for each ratio, and the cells flagged against them:
//! every ratio a cell enters far out on the same side.

use std::collections::BTreeMap;

use super::ratios::{stats, Stats};
use super::{Evidence, Peers, Ratio, MIN_PEERS};
use crate::domain::Province;

/// A peer group of one ratio, by index (kinds are numbered in order of
/// their names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    CountyKind(usize, usize),
    Kind(usize),
    Stations,
    Counties,
}

/// The peers of every subject for one ratio: the statistics of each group
/// of at least [`MIN_PEERS`], and for each subject the index of the group
/// it is compared with (`None`: no ratio, or too few peers). Groups are
/// gathered in vectors, not hash maps: a province of 40,000 stations has
/// nine ratios and three groups a station.
pub(super) struct RatioPeers {
    groups: Vec<(Group, Stats)>,
    of: Vec<Option<u32>>,
}

impl RatioPeers {
    /// Numbers the groups big enough to compare with.
    fn number(
        groups: &mut Vec<(Group, Stats)>,
        group: Group,
        values: &mut [f64],
        scratch: &mut Vec<f64>,
    ) -> Option<u32> {
        (values.len() >= MIN_PEERS).then(|| {
            groups.push((group, stats(values, scratch)));
            (groups.len() - 1) as u32
        })
    }
}

/// Values gathered by group, in one buffer: group `g` is
/// `values[starts[g]..starts[g + 1]]`, in the order given.
struct Grouped {
    values: Vec<f64>,
    starts: Vec<usize>,
}

impl Grouped {
    /// `items` are (group, value) pairs; `n` groups.
    fn of(n: usize, items: impl Iterator<Item = (usize, f64)> + Clone) -> Grouped {
        let mut starts = vec![0usize; n + 1];
        for (g, _) in items.clone() {
            starts[g + 1] += 1;
        }
        for g in 0..n {
            starts[g + 1] += starts[g];
        }
        let mut at = starts.clone();
        let mut values = vec![0.0; starts[n]];
        for (g, v) in items {
            values[at[g]] = v;
            at[g] += 1;
        }
        Grouped { values, starts }
    }

    /// The values of group `g`.
    fn group(&mut self, g: usize) -> &mut [f64] {
        &mut self.values[self.starts[g]..self.starts[g + 1]]
    }
}

/// For one station ratio: the stations of the same kind in the same county
/// when there are [`MIN_PEERS`], else of that kind in the province, else all.
pub(super) fn station_peers(
    province: &Province,
    kinds: &[usize],
    n_kinds: usize,
    logs: &[Option<f64>],
) -> RatioPeers {
    let n_counties = province.counties.len();
    let with_value = || {
        province
            .stations
            .iter()
            .zip(kinds)
            .zip(logs)
            .filter_map(|((s, &k), v)| Some((s.county, k, (*v)?)))
    };
    let mut by_county_kind = Grouped::of(
        n_counties * n_kinds,
        with_value().map(|(c, k, v)| (c * n_kinds + k, v)),
    );
    let mut by_kind = Grouped::of(n_kinds, with_value().map(|(_, k, v)| (k, v)));
    let mut all: Vec<f64> = with_value().map(|(_, _, v)| v).collect();
    // Only the groups some station is compared with get statistics: a
    // kind's when a station of it has too few peers in its county, all
    // stations' when a station has too few in its kind too.
    let big = |g: &mut Grouped, i: usize| g.group(i).len() >= MIN_PEERS;
    let mut kind_used = vec![false; n_kinds];
    for (c, k, _) in with_value() {
        if !big(&mut by_county_kind, c * n_kinds + k) {
            kind_used[k] = true;
        }
    }
    let all_used = (0..n_kinds).any(|k| kind_used[k] && !big(&mut by_kind, k));
    let mut groups = Vec::new();
    let mut scratch = Vec::new();
    let county_kind: Vec<Option<u32>> = (0..n_counties * n_kinds)
        .map(|i| {
            RatioPeers::number(
                &mut groups,
                Group::CountyKind(i / n_kinds, i % n_kinds),
                by_county_kind.group(i),
                &mut scratch,
            )
        })
        .collect();
    let kind: Vec<Option<u32>> = (0..n_kinds)
        .map(|k| {
            kind_used[k]
                .then(|| {
                    RatioPeers::number(&mut groups, Group::Kind(k), by_kind.group(k), &mut scratch)
                })
                .flatten()
        })
        .collect();
    let all = all_used
        .then(|| RatioPeers::number(&mut groups, Group::Stations, &mut all, &mut scratch))
        .flatten();
    let of = province
        .stations
        .iter()
        .zip(kinds)
        .zip(logs)
        .map(|((s, &k), v)| {
            v.as_ref()?;
            county_kind[s.county * n_kinds + k].or(kind[k]).or(all)
        })
        .collect();
    RatioPeers { groups, of }
}

/// For one county ratio: all counties.
pub(super) fn county_peers(logs: &[Option<f64>]) -> RatioPeers {
    let mut groups = Vec::new();
    let mut values: Vec<f64> = logs.iter().flatten().copied().collect();
    let all = RatioPeers::number(&mut groups, Group::Counties, &mut values, &mut Vec::new());
    let of = logs.iter().map(|v| v.and(all)).collect();
    RatioPeers { groups, of }
}

/// One ratio of a subject that can be formed, against its group.
#[derive(Debug, Clone, Copy)]
pub(super) struct Seen {
    ratio: Ratio,
    /// +1 when the column is the ratio's numerator, −1 its denominator.
    sign: f64,
    /// ln r.
    log: f64,
    stats: Stats,
    group: Group,
}

impl Seen {
    /// The robust score and the log distance from the median, both turned
    /// so that positive means the column is high.
    fn side(&self) -> (f64, f64) {
        let d = self.sign * (self.log - self.stats.median);
        (d / self.stats.sigma, d)
    }
}

/// A cell far from its peers on every ratio it enters.
pub(super) struct Flagged {
    pub(super) index: usize,
    pub(super) column: &'static str,
    pub(super) high: bool,
    pub(super) seen: Vec<Seen>,
}

/// The most ratios one column enters.
const MOST_RATIOS: usize = 3;

/// The cells of one subject kind (stations or counties) that lie far from
/// their peers on every ratio they enter.
pub(super) fn flag(
    columns: &[(&'static str, &[(Ratio, f64)])],
    logs: &BTreeMap<Ratio, Vec<Option<f64>>>,
    peers: &BTreeMap<Ratio, RatioPeers>,
    count: usize,
    (z_far, fold_far): (f64, f64),
) -> Vec<Flagged> {
    let far = fold_far.ln();
    // Each column's ratios with their values and peers, looked up once.
    type Part<'a> = (Ratio, f64, &'a [Option<f64>], &'a RatioPeers);
    let resolved: Vec<(&'static str, Vec<Part>)> = columns
        .iter()
        .map(|(column, ratios)| {
            let parts = ratios
                .iter()
                .map(|&(r, sign)| (r, sign, logs[&r].as_slice(), &peers[&r]))
                .collect();
            (*column, parts)
        })
        .collect();
    let mut out = Vec::new();
    for index in 0..count {
        for (column, parts) in &resolved {
            let mut buffer = [None; MOST_RATIOS];
            let mut n = 0;
            for &(ratio, sign, logs, p) in parts {
                let (Some(log), Some(g)) = (logs[index], p.of[index]) else {
                    continue;
                };
                let (group, stats) = p.groups[g as usize];
                buffer[n] = Some(Seen {
                    ratio,
                    sign,
                    log,
                    stats,
                    group,
                });
                n += 1;
            }
            let seen = || buffer[..n].iter().flatten();
            if n == 0 {
                continue;
            }
            let high = seen().map(Seen::side).all(|(z, d)| z >= z_far && d >= far);
            let low = seen()
                .map(Seen::side)
                .all(|(z, d)| z <= -z_far && d <= -far);
            if high || low {
                out.push(Flagged {
                    index,
                    column,
                    high,
                    seen: seen().copied().collect(),
                });
            }
        }
    }
    out
}

/// A flagged cell's ratios as [`Evidence`], its groups named.
pub(super) fn evidence(kind_names: &[&str], seen: &[Seen]) -> Vec<Evidence> {
    seen.iter()
        .map(|s| Evidence {
            ratio: s.ratio,
            value: s.log.exp(),
            median: s.stats.median.exp(),
            typical: (s.stats.p10.exp(), s.stats.p90.exp()),
            z: s.side().0,
            peers: match s.group {
                Group::CountyKind(county, k) => Peers::CountyKind {
                    county,
                    kind: kind_names[k].to_string(),
                    n: s.stats.n,
                },
                Group::Kind(k) => Peers::Kind {
                    kind: kind_names[k].to_string(),
                    n: s.stats.n,
                },
                Group::Stations => Peers::Stations { n: s.stats.n },
                Group::Counties => Peers::Counties { n: s.stats.n },
            },
        })
        .collect()
}
