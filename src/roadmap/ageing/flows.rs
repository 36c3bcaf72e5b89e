//! A year's flows (steps 1–5 of the module documentation of [`super`]):
//! retirements, leavers, recruits who leave, auxiliaries who leave and
//! are hired, restricted officers.

use super::*;

impl State {
    /// Step 1: every cohort retiring in year t (or before) leaves
    /// ([`State::flow`]).
    pub fn retire(&mut self, province: &Province, t: i32) -> Vec<i64> {
        self.flow(province, t, 11, &|k: &Cohort| {
            if k.retires <= t {
                1.0
            } else {
                0.0
            }
        })
    }

    /// Step 2: today's force (not recruits) loses its other leavers, a share
    /// ℓ(band of the age reached in t) of each cohort ([`State::flow`]).
    pub fn leave(&mut self, province: &Province, t: i32, rates: &[f64; 6]) -> Vec<i64> {
        if rates.iter().all(|r| *r == 0.0) {
            return vec![0; province.counties.len()];
        }
        self.flow(province, t, 3, &|k: &Cohort| rates[band_of(k.age(t))])
    }

    /// A flow out of today's force in year t, a share `rate(k)` of each
    /// cohort in expectation, made whole once (module documentation): the
    /// province loses X = ⌊Σ E + ½⌋ officers, E the expectation on the
    /// ledgers; X is shared over the counties, then over each county's two
    /// classes, by largest remainder on their E ([`State::remove`] does
    /// the rest). Every E is the ledgers', so no decision changes them.
    /// Returns the officers each county lost.
    pub(super) fn flow(
        &mut self,
        province: &Province,
        t: i32,
        tag: u64,
        rate: &dyn Fn(&Cohort) -> f64,
    ) -> Vec<i64> {
        let today = |k: &Cohort| k.joined == 0;
        let n = province.counties.len();
        let expected: Vec<[f64; 2]> = self
            .counties
            .iter()
            .map(|c| {
                c.ledger.clone().map(|l| {
                    l.iter()
                        .filter(|(k, _)| today(k))
                        .map(|(k, m)| m * rate(k).clamp(0.0, 1.0))
                        .sum()
                })
            })
            .collect();
        let by_county: Vec<f64> = expected.iter().map(|e| e[0] + e[1]).collect();
        let total = round_half_up(by_county.iter().sum());
        let caps: Vec<i64> = (0..n).map(|c| self.force(province, c)).collect();
        let whole = apportion(total, &by_county, &caps, salt(&[tag, t as u64]));
        for (c, &x) in whole.iter().enumerate() {
            let class_caps = [
                self.force(province, c) - self.seconded(province, c),
                self.seconded(province, c),
            ];
            let split = apportion(
                x,
                &expected[c],
                &class_caps,
                salt(&[tag, t as u64, c as u64]),
            );
            for (class, x) in [Class::Posts, Class::Seconded].into_iter().zip(split) {
                let s = salt(&[tag, t as u64, c as u64, class as u64]);
                self.remove(province, c, class, &today, rate, x, s);
            }
        }
        whole
    }

    /// Seconded officers of county c.
    pub(super) fn seconded(&self, province: &Province, c: usize) -> i64 {
        province.counties[c]
            .stations
            .iter()
            .map(|&s| self.stations[s].seconded.count)
            .sum()
    }

    /// Step 3: earlier recruits leave so that county c keeps
    /// ⌊Σ_{τ<t} Rcτ·p(t − τ) + ½⌋ ([`recruit_survivors`]).
    pub fn recruits_leave(&mut self, province: &Province, t: i32, spec: &RoadmapSpec) -> Vec<i64> {
        let mut out = vec![0i64; province.counties.len()];
        for (c, n) in out.iter_mut().enumerate() {
            let placed: Vec<(i32, i64)> = self.counties[c]
                .placed
                .iter()
                .copied()
                .filter(|(y, _)| *y < t)
                .collect();
            if placed.is_empty() {
                continue;
            }
            // Recruits in the county now, by recruitment year.
            let mut now: BTreeMap<i32, f64> = BTreeMap::new();
            for (k, m) in &self.counties[c].ledger[Class::Posts as usize] {
                if k.joined != 0 {
                    *now.entry(k.joined).or_insert(0.0) += m;
                }
            }
            let years: Vec<i32> = now.keys().copied().collect();
            let counts: Vec<i64> = years.iter().map(|y| round_half_up(now[y])).collect();
            let present: i64 = counts.iter().sum();
            let keep = recruit_survivors(&placed, t, spec);
            let loss = (present - keep).max(0);
            if loss == 0 {
                continue;
            }
            let expected_loss: Vec<f64> = years
                .iter()
                .zip(&counts)
                .map(|(y, &n)| {
                    let r = placed.iter().find(|(py, _)| py == y).map_or(0, |p| p.1);
                    (n as f64 - r as f64 * survival(spec, t - y)).max(0.0)
                })
                .collect();
            let salt_c = salt(&[4, t as u64, c as u64]);
            let shares = apportion(loss, &expected_loss, &counts, salt_c);
            for (i, ((y, l), present)) in years.iter().zip(shares).zip(&counts).enumerate() {
                if l <= 0 {
                    continue;
                }
                let year = *y;
                let of_year = move |k: &Cohort| k.joined == year;
                let share = l as f64 / *present as f64;
                let rate = move |_: &Cohort| share;
                let s = salt(&[salt_c, i as u64]);
                self.remove(province, c, Class::Posts, &of_year, &rate, l, s);
            }
            *n = loss;
        }
        out
    }

    /// Step 4: auxiliaries leave, ⌊rate·Σ aₛ + ½⌋ in each county.
    pub fn auxiliaries_leave(&mut self, province: &Province, t: i32, rate: f64) -> Vec<i64> {
        let mut out = vec![0i64; province.counties.len()];
        if rate == 0.0 {
            return out;
        }
        for (c, county) in province.counties.iter().enumerate() {
            let counts: Vec<i64> = county
                .stations
                .iter()
                .map(|&s| self.stations[s].auxiliaries)
                .collect();
            let l = round_half_up(rate * counts.iter().sum::<i64>() as f64);
            let weights: Vec<f64> = counts.iter().map(|&n| n as f64).collect();
            let shares = apportion(l, &weights, &counts, salt(&[5, t as u64, c as u64]));
            for (&s, n) in county.stations.iter().zip(&shares) {
                self.stations[s].auxiliaries -= n;
            }
            out[c] = shares.iter().sum();
        }
        out
    }

    /// Step 4, continued: the year's budget of auxiliary posts is filled.
    /// County c's posts are its share of `budget` (largest remainder on its
    /// auxiliaries at the start; on its villages if no county had any);
    /// the posts it has empty are filled one at a time at the station with
    /// the fewest auxiliaries per village (ties: the station listed first),
    /// or, where no station has villages, in proportion to the stations'
    /// auxiliaries. Returns the hires per county.
    pub fn hire_auxiliaries(&mut self, province: &Province, t: i32, budget: i64) -> Vec<i64> {
        let n = province.counties.len();
        let mut weights: Vec<f64> = self
            .counties
            .iter()
            .map(|c| c.auxiliary_weight as f64)
            .collect();
        if weights.iter().all(|w| *w <= 0.0) {
            weights = province
                .counties
                .iter()
                .map(|c| {
                    c.stations
                        .iter()
                        .map(|&s| province.stations[s].villages)
                        .sum()
                })
                .collect();
        }
        let posts = apportion(
            budget,
            &weights,
            &vec![budget.max(0); n],
            salt(&[8, t as u64]),
        );
        let mut out = vec![0i64; n];
        for (c, county) in province.counties.iter().enumerate() {
            let have: i64 = county
                .stations
                .iter()
                .map(|&s| self.stations[s].auxiliaries)
                .sum();
            let hires = posts[c] - have;
            if hires <= 0 || county.stations.is_empty() {
                continue;
            }
            out[c] = hires;
            let with_villages: Vec<usize> = county
                .stations
                .iter()
                .copied()
                .filter(|&s| province.stations[s].villages > 0.0)
                .collect();
            if with_villages.is_empty() {
                let counts: Vec<f64> = county
                    .stations
                    .iter()
                    .map(|&s| self.stations[s].auxiliaries as f64)
                    .collect();
                let caps = vec![hires; counts.len()];
                let shares = apportion(hires, &counts, &caps, salt(&[12, t as u64, c as u64]));
                for (&s, h) in county.stations.iter().zip(shares) {
                    self.stations[s].auxiliaries += h;
                }
                continue;
            }
            // Progressive filling: the lowest auxiliaries per village first.
            let mut heap: BinaryHeap<Fill> = with_villages
                .iter()
                .enumerate()
                .map(|(i, &s)| Fill {
                    ratio: self.stations[s].auxiliaries as f64 / province.stations[s].villages,
                    order: i,
                    station: s,
                })
                .collect();
            for _ in 0..hires {
                let Some(mut f) = heap.pop() else { break };
                let st = &mut self.stations[f.station];
                st.auxiliaries += 1;
                f.ratio = st.auxiliaries as f64 / province.stations[f.station].villages;
                heap.push(f);
            }
        }
        out
    }

    /// Step 5 (without `restricted_from_age`): each county has
    /// Qc = ⌊Σb ρc,b·Nc,b + ½⌋ restricted officers in year t, shared over
    /// its stations by largest remainder on their restricted officers at
    /// the start (each at most its officers); a station's movable officers
    /// become restricted in proportion to ρ of their band, and restricted
    /// ones movable in proportion to 1 − ρ.
    pub fn restrict(&mut self, province: &Province, t: i32) {
        for (c, county) in province.counties.iter().enumerate() {
            let rates = self.counties[c].restricted_rates;
            let expected: f64 = self.counties[c]
                .ledger
                .iter()
                .flat_map(|l| l.iter())
                .filter(|(k, _)| k.joined == 0)
                .map(|(k, m)| rates[band_of(k.age(t))] * m)
                .sum();
            let q = round_half_up(expected);
            let weights: Vec<f64> = county
                .stations
                .iter()
                .map(|&s| self.stations[s].restricted_weight as f64)
                .collect();
            if weights.iter().all(|w| *w <= 0.0) {
                continue;
            }
            let caps: Vec<i64> = county
                .stations
                .iter()
                .map(|&s| self.station_officers(s))
                .collect();
            let shares = apportion(q, &weights, &caps, salt(&[7, t as u64, c as u64]));
            let rho = |k: &Cohort| rates[band_of(k.age(t))];
            for (&s, target) in county.stations.iter().zip(shares) {
                let st = &mut self.stations[s];
                let now = st.restricted.count;
                if target > now {
                    let cells = st.movable.take_weighted(target - now, rho);
                    st.restricted.put(target - now, &cells);
                } else if target < now {
                    let cells = st.restricted.take_weighted(now - target, |k| 1.0 - rho(k));
                    st.movable.put(now - target, &cells);
                }
            }
        }
    }

    /// Steps 1–5 of year t; `aux_budget` is the year's auxiliary budget.
    pub fn flows(
        &mut self,
        province: &Province,
        t: i32,
        spec: &RoadmapSpec,
        aux_budget: i64,
    ) -> Losses {
        let retirements = self.retire(province, t);
        let left = self.leave(province, t, &spec.leaving_rate);
        let recruits = self.recruits_leave(province, t, spec);
        self.fit_all(province);
        let auxiliaries = self.auxiliaries_leave(province, t, spec.auxiliary_turnover);
        self.hire_auxiliaries(province, t, aux_budget);
        if spec.restricted_from_age.is_none() {
            self.restrict(province, t);
        }
        Losses {
            retirements,
            leavers: left.iter().zip(&recruits).map(|(a, b)| a + b).collect(),
            auxiliaries,
        }
    }
}

/// A station in the progressive filling of auxiliary posts: the lowest
/// auxiliaries per village first, then the station listed first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Fill {
    ratio: f64,
    order: usize,
    station: usize,
}

impl Eq for Fill {}

impl Ord for Fill {
    fn cmp(&self, other: &Self) -> Ordering {
        // A max-heap: the smaller ratio, then the earlier station, is greater.
        other
            .ratio
            .total_cmp(&self.ratio)
            .then(other.order.cmp(&self.order))
    }
}

impl PartialOrd for Fill {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// p(k): the chance a recruit stays k more years, Π_{j=1..k}
/// (1 − ℓ(band of recruit age + j)).
pub fn survival(spec: &RoadmapSpec, k: i32) -> f64 {
    (1..=k)
        .map(|j| 1.0 - spec.leaving_rate[band_of(spec.recruit_age + j)])
        .product()
}

/// Sc(t) without this year's recruits: ⌊Σ_{τ<t} Rcτ·p(t − τ) + ½⌋.
pub fn recruit_survivors(placed: &[(i32, i64)], t: i32, spec: &RoadmapSpec) -> i64 {
    let expected: f64 = placed
        .iter()
        .filter(|(y, _)| *y < t)
        .map(|(y, r)| *r as f64 * survival(spec, t - y))
        .sum();
    round_half_up(expected)
}

/// Whether recruits never leave within the roadmap (every band they pass
/// through has leaving rate 0).
pub fn recruits_stay(spec: &RoadmapSpec) -> bool {
    (1..spec.years as i32).all(|k| survival(spec, k) == 1.0)
}
