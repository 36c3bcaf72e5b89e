//! The force year by year: who is where, how old, and who leaves.
//!
//! **State.** Every unit (a station, or a county's HQ) holds officers in
//! *cohorts* ([`Cohort`]): born in the same year, retiring in the same
//! calendar year, recruited in the same year (0 for today's force). A
//! station's officers are *movable*, *restricted* (the data's
//! `restricted`: they stay at their station) or *seconded* (away in a task
//! force, of the force but at no post). All counts are whole numbers.
//!
//! **From the data** ([`State::new`]). A band's officers are spread evenly
//! over its single years of birth (largest remainder, [`apportion`]); this
//! is the uniform-within-band assumption, and after it ageing is exact: an
//! officer born in b is t − b in year t, so a share 1/10 (1/5 for the
//! five-year bands) of a band moves up each year. Women are a share
//! `female_share` of each band when men and women retire differently.
//! Birth months are spread evenly when not known, and each birth month
//! gets its calendar year of retirement from the rule (retirement date =
//! birth month + retirement age), so a birth year whose months retire in
//! two calendar years is split between them; officers already at or past
//! their age retire in the first year. A station's restricted officers are
//! its oldest; its nominal and seconded officers have its age profile
//! (a roster says who is what instead). Nominal officers work at HQ.
//!
//! **A year** t, in this order:
//! 1. [`State::retire`]: every cohort whose retirement year is t leaves,
//!    exactly.
//! 2. [`State::leave`]: today's force loses
//!    Lc = ⌊Σ ℓ(age)·n + ½⌋ officers in county c (ℓ the leaving rate of the
//!    band), shared over (cohort, kind) by largest remainder on ℓ·n, then
//!    over the units holding each by largest remainder on their counts.
//! 3. Recruits of earlier years: county c keeps
//!    Sc(t) = ⌊Σ_{τ<t} Rcτ·p(t − τ) + ½⌋ of them, p(k) = Π_{j=1..k}
//!    (1 − ℓ(recruit age + j)) their chance to stay k years; the others
//!    leave, by largest remainder over the recruitment years.
//! 4. Auxiliaries: ⌊turnover·Σ aₛ + ½⌋ leave in each county.
//! 5. The year's recruits join and the year's plan is made; [`State::apply`]
//!    moves officers to match it: stations losing officers send movable
//!    ones in proportion to their age profile (those aged at least
//!    `restricted_from_age` stay); recruits go to stations first (新招录民警
//!    优先安排到派出所), then movers fill the remaining gains, station by
//!    station in proportion to what is left; HQ receives the rest.
//!
//! Every count moves between cells or out of the force, so conservation
//! holds exactly: force at the end = force at the start − retirements −
//! leavers + recruits, in every county and year.
//!
//! **What the plan does not change.** The county totals of each cohort and
//! kind, and each station's restricted and seconded officers, depend only
//! on the data and the county's recruits, never on moves (steps 1–3 work on
//! county totals first). That is what lets the horizon mode plan all years
//! at once (`super::horizon`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::data::{band_of, AgeData, Group, OfficerKind};
use crate::domain::{Params, Province, Strength};
use crate::error::InputError;
use crate::plan::Plan;
use crate::scenario::roadmap::{RoadmapSpec, Sex};

/// The retirement year of recruits: none within a roadmap (recruits are at
/// most 35 and a roadmap at most 15 years; retirement ages are at least 50).
pub const NEVER: i32 = i32::MAX;

/// Officers alike for the roadmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Cohort {
    pub born: i32,
    /// The calendar year they retire ([`NEVER`] for recruits).
    pub retires: i32,
    /// The year they were recruited (0: today's force).
    pub joined: i32,
}

impl Cohort {
    /// Age reached in year t.
    pub fn age(&self, t: i32) -> i32 {
        t - self.born
    }
}

/// Officers of one unit by cohort.
pub type Cells = BTreeMap<Cohort, i64>;

fn total(cells: &Cells) -> i64 {
    cells.values().sum()
}

fn add(cells: &mut Cells, k: Cohort, n: i64) {
    if n > 0 {
        *cells.entry(k).or_insert(0) += n;
    }
}

fn sub(cells: &mut Cells, k: Cohort, n: i64) {
    if n <= 0 {
        return;
    }
    if let Some(v) = cells.get_mut(&k) {
        *v -= n;
        if *v <= 0 {
            cells.remove(&k);
        }
    }
}

/// One station.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StationState {
    pub movable: Cells,
    /// The data's restricted officers (不能值班备勤): they stay.
    pub restricted: Cells,
    /// Seconded away (借调/抽调): of the force, at no post.
    pub seconded: Cells,
    /// Community officers of the last plan (today's at the start).
    pub community: i64,
    pub auxiliaries: i64,
}

/// One county: its HQ and the recruits placed in it, by year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountyState {
    pub hq: Cells,
    /// (year, recruits placed).
    pub placed: Vec<(i32, i64)>,
}

/// The whole force after a year (or at the start).
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The last year applied (start year − 1 at the start).
    pub year: i32,
    pub stations: Vec<StationState>,
    pub counties: Vec<CountyState>,
}

/// A deterministic 64-bit mix (SplitMix64), for tie-breaks.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A salt from parts (year, county, …).
pub fn salt(parts: &[u64]) -> u64 {
    parts.iter().fold(0x5EED, |h, &p| mix(h ^ p))
}

/// ⌊x + ½⌋: the whole number nearest x, halves up.
pub fn round_half_up(x: f64) -> i64 {
    (x + 0.5).floor() as i64
}

/// Splits `total` into whole parts proportional to `weights`, each at most
/// its cap, by largest remainder: every part gets the floor of its exact
/// share, and the parts left over go to the largest fractional parts; ties
/// are broken by a fixed pseudo-random order from `salt` (so the same unit
/// is not always first). A part at its cap drops out and the rest is shared
/// again. With all weights 0 the caps are the weights. The result sums to
/// min(total, Σ caps).
pub fn apportion(total: i64, weights: &[f64], caps: &[i64], salt: u64) -> Vec<i64> {
    let n = weights.len();
    let mut out = vec![0i64; n];
    let cap_total: i64 = caps.iter().map(|c| (*c).max(0)).sum();
    let total = total.min(cap_total);
    if total <= 0 {
        return out;
    }
    let positive = weights
        .iter()
        .zip(caps)
        .any(|(w, c)| *w > 0.0 && w.is_finite() && *c > 0);
    let w: Vec<f64> = if positive {
        weights
            .iter()
            .map(|w| if w.is_finite() && *w > 0.0 { *w } else { 0.0 })
            .collect()
    } else {
        caps.iter().map(|c| (*c).max(0) as f64).collect()
    };
    let tie: Vec<u64> = (0..n).map(|i| mix(salt ^ mix(i as u64))).collect();
    let mut placed = 0i64;
    loop {
        let rem = total - placed;
        if rem <= 0 {
            break;
        }
        let eligible: Vec<usize> = (0..n).filter(|&i| out[i] < caps[i] && w[i] > 0.0).collect();
        if eligible.is_empty() {
            break;
        }
        let sum: f64 = eligible.iter().map(|&i| w[i]).sum();
        let mut fracs: Vec<(usize, f64)> = Vec::with_capacity(eligible.len());
        let mut given = 0i64;
        for &i in &eligible {
            let exact = rem as f64 * w[i] / sum;
            let room = caps[i] - out[i];
            let base = (exact.floor() as i64).clamp(0, room);
            out[i] += base;
            given += base;
            if out[i] < caps[i] {
                fracs.push((i, exact - exact.floor()));
            }
        }
        let mut left = rem - given;
        fracs.sort_by(|a, b| b.1.total_cmp(&a.1).then(tie[a.0].cmp(&tie[b.0])));
        for (i, _) in fracs {
            if left <= 0 {
                break;
            }
            out[i] += 1;
            left -= 1;
        }
        placed = total - left;
        if given == 0 && left == rem {
            break;
        }
    }
    out
}

/// Which part of a station's officers a cell belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Movable,
    Restricted,
    Seconded,
}

/// A unit of a county: a station (index into the province) or its HQ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Station(usize),
    Hq,
}

/// What a year's flows took from each county.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Losses {
    pub retirements: Vec<i64>,
    /// Leavers of today's force and of earlier recruits.
    pub leavers: Vec<i64>,
    pub auxiliaries: Vec<i64>,
}

/// Why the data cannot start a roadmap.
fn scenario_error(spec_file: &std::path::Path, message: String) -> InputError {
    InputError::Scenario {
        file: spec_file.to_path_buf(),
        message,
    }
}

impl State {
    /// The state at the start (see the module documentation). `province`
    /// is the loaded one (real strength applied, books kept); `recall`:
    /// the seconded are recalled.
    pub fn new(
        province: &Province,
        ages: &AgeData,
        spec: &RoadmapSpec,
        recall: bool,
        scenario_file: &std::path::Path,
    ) -> Result<State, InputError> {
        let mut stations = vec![StationState::default(); province.stations.len()];
        let mut counties = vec![CountyState::default(); province.counties.len()];
        for (s, st) in province.stations.iter().enumerate() {
            let salt_s = salt(&[1, s as u64]);
            let people = expand(&ages.stations[s], spec, salt_s, scenario_file)?;
            let (any, mut known): (Vec<_>, Vec<_>) = people
                .into_iter()
                .partition(|(k, _, _)| *k == OfficerKind::Any);
            let strength = &st.strength;
            // Bands: the oldest are the restricted, nominal and seconded
            // officers have the station's profile.
            if !any.is_empty() {
                let mut pool: Cells = Cells::new();
                for (_, c, n) in &any {
                    add(&mut pool, *c, *n);
                }
                // Restricted: the oldest, in birth order.
                let mut left = strength.restricted;
                let cohorts: Vec<(Cohort, i64)> = pool.iter().map(|(c, n)| (*c, *n)).collect();
                for (c, n) in cohorts {
                    if left == 0 {
                        break;
                    }
                    let take = left.min(n);
                    sub(&mut pool, c, take);
                    known.push((OfficerKind::Restricted, c, take));
                    left -= take;
                }
                for (kind, n, tag) in [
                    (OfficerKind::Nominal, strength.nominal, 2u64),
                    (OfficerKind::Seconded, strength.seconded, 3u64),
                ] {
                    let taken = draw(&mut pool, n, salt(&[salt_s, tag]), |_| true);
                    for (c, m) in taken {
                        known.push((kind, c, m));
                    }
                }
                for (c, n) in pool {
                    known.push((OfficerKind::Regular, c, n));
                }
            }
            let state = &mut stations[s];
            let county = &mut counties[st.county];
            for (kind, c, n) in known {
                match kind {
                    OfficerKind::Restricted => add(&mut state.restricted, c, n),
                    OfficerKind::Nominal => add(&mut county.hq, c, n),
                    OfficerKind::Seconded if recall => add(&mut state.movable, c, n),
                    OfficerKind::Seconded => add(&mut state.seconded, c, n),
                    OfficerKind::Regular | OfficerKind::Any => add(&mut state.movable, c, n),
                }
            }
            state.community = st.community_officers;
            state.auxiliaries = st.auxiliaries;
        }
        for (c, groups) in ages.hq.iter().enumerate() {
            for (_, k, n) in expand(groups, spec, salt(&[2, c as u64]), scenario_file)? {
                add(&mut counties[c].hq, k, n);
            }
        }
        let state = State {
            year: spec.start_year - 1,
            stations,
            counties,
        };
        state.agrees_with(province).map_err(|m| {
            scenario_error(
                scenario_file,
                format!("internal error: the age structure does not match the data ({m})"),
            )
        })?;
        Ok(state)
    }

    /// Checks that the state holds the loaded province's real deployment:
    /// every station's officers (movable + restricted), restricted and
    /// seconded away, and every county's force.
    fn agrees_with(&self, province: &Province) -> Result<(), String> {
        for (s, st) in province.stations.iter().enumerate() {
            let x = self.station_officers(s);
            if x != st.officers {
                return Err(format!(
                    "station {}: {x} officers, not {}",
                    st.id, st.officers
                ));
            }
        }
        for (c, county) in province.counties.iter().enumerate() {
            let e = self.force(province, c);
            if e != county.officers_total {
                return Err(format!(
                    "county {}: a force of {e}, not {}",
                    county.id, county.officers_total
                ));
            }
        }
        Ok(())
    }

    /// Officers at station s: movable and restricted.
    pub fn station_officers(&self, s: usize) -> i64 {
        total(&self.stations[s].movable) + total(&self.stations[s].restricted)
    }

    /// Officers of county c's force: its stations' (seconded too) and HQ.
    pub fn force(&self, province: &Province, c: usize) -> i64 {
        let stations: i64 = province.counties[c]
            .stations
            .iter()
            .map(|&s| {
                let st = &self.stations[s];
                total(&st.movable) + total(&st.restricted) + total(&st.seconded)
            })
            .sum();
        stations + total(&self.counties[c].hq)
    }

    /// Restricted officers at station s in year t: the data's, and with
    /// `restricted_from_age` A the movable ones aged A or more.
    pub fn restricted_at(&self, s: usize, t: i32, from_age: Option<i32>) -> i64 {
        let st = &self.stations[s];
        let aged = from_age.map_or(0, |a| {
            st.movable
                .iter()
                .filter(|(c, _)| c.age(t) >= a)
                .map(|(_, n)| n)
                .sum()
        });
        total(&st.restricted) + aged
    }

    /// Officers by age band in year t, over the whole force.
    pub fn bands(&self, t: i32) -> [i64; 6] {
        let mut out = [0i64; 6];
        let mut count = |cells: &Cells| {
            for (c, n) in cells {
                out[band_of(c.age(t))] += n;
            }
        };
        for st in &self.stations {
            count(&st.movable);
            count(&st.restricted);
            count(&st.seconded);
        }
        for c in &self.counties {
            count(&c.hq);
        }
        out
    }

    /// Step 1: every cohort retiring in year t (or before) leaves.
    pub fn retire(&mut self, province: &Province, t: i32) -> Vec<i64> {
        let mut out = vec![0i64; province.counties.len()];
        let drop = |cells: &mut Cells| -> i64 {
            let gone: i64 = cells
                .iter()
                .filter(|(c, _)| c.retires <= t)
                .map(|(_, n)| n)
                .sum();
            cells.retain(|c, _| c.retires > t);
            gone
        };
        for (s, st) in self.stations.iter_mut().enumerate() {
            let c = province.stations[s].county;
            out[c] += drop(&mut st.movable) + drop(&mut st.restricted) + drop(&mut st.seconded);
        }
        for (c, county) in self.counties.iter_mut().enumerate() {
            out[c] += drop(&mut county.hq);
        }
        out
    }

    /// The cells of county c by (kind, unit).
    fn units(&self, province: &Province, c: usize) -> Vec<(Kind, Unit)> {
        let mut out = Vec::new();
        for &s in &province.counties[c].stations {
            out.push((Kind::Movable, Unit::Station(s)));
            out.push((Kind::Restricted, Unit::Station(s)));
            out.push((Kind::Seconded, Unit::Station(s)));
        }
        out.push((Kind::Movable, Unit::Hq));
        out
    }

    fn cells(&self, c: usize, kind: Kind, unit: Unit) -> &Cells {
        match (kind, unit) {
            (_, Unit::Hq) => &self.counties[c].hq,
            (Kind::Movable, Unit::Station(s)) => &self.stations[s].movable,
            (Kind::Restricted, Unit::Station(s)) => &self.stations[s].restricted,
            (Kind::Seconded, Unit::Station(s)) => &self.stations[s].seconded,
        }
    }

    fn cells_mut(&mut self, c: usize, kind: Kind, unit: Unit) -> &mut Cells {
        match (kind, unit) {
            (_, Unit::Hq) => &mut self.counties[c].hq,
            (Kind::Movable, Unit::Station(s)) => &mut self.stations[s].movable,
            (Kind::Restricted, Unit::Station(s)) => &mut self.stations[s].restricted,
            (Kind::Seconded, Unit::Station(s)) => &mut self.stations[s].seconded,
        }
    }

    /// Takes `loss` officers of cohort `k` and kind `kind` out of county c's
    /// units holding them, by largest remainder on their counts.
    fn take_from_units(
        &mut self,
        province: &Province,
        c: usize,
        kind: Kind,
        k: Cohort,
        loss: i64,
        salt_k: u64,
    ) {
        if loss <= 0 {
            return;
        }
        let holders: Vec<Unit> = self
            .units(province, c)
            .into_iter()
            .filter(|(kd, _)| *kd == kind)
            .map(|(_, u)| u)
            .filter(|&u| self.cells(c, kind, u).get(&k).copied().unwrap_or(0) > 0)
            .collect();
        let counts: Vec<i64> = holders
            .iter()
            .map(|&u| self.cells(c, kind, u).get(&k).copied().unwrap_or(0))
            .collect();
        let weights: Vec<f64> = counts.iter().map(|&n| n as f64).collect();
        let shares = apportion(loss, &weights, &counts, salt_k);
        for (u, n) in holders.into_iter().zip(shares) {
            sub(self.cells_mut(c, kind, u), k, n);
        }
    }

    /// Step 2: today's force (not recruits) loses its leavers, county by
    /// county (module documentation).
    pub fn leave(&mut self, province: &Province, t: i32, rates: &[f64; 6]) -> Vec<i64> {
        let mut out = vec![0i64; province.counties.len()];
        if rates.iter().all(|r| *r == 0.0) {
            return out;
        }
        #[allow(clippy::needless_range_loop)] // c indexes self.counties too
        for c in 0..province.counties.len() {
            // County totals by (cohort, kind): movable over stations and HQ.
            let mut totals: BTreeMap<(Cohort, Kind), i64> = BTreeMap::new();
            for (kind, unit) in self.units(province, c) {
                for (k, n) in self.cells(c, kind, unit) {
                    if k.joined == 0 {
                        *totals.entry((*k, kind)).or_insert(0) += n;
                    }
                }
            }
            let keys: Vec<(Cohort, Kind)> = totals.keys().copied().collect();
            let counts: Vec<i64> = keys.iter().map(|k| totals[k]).collect();
            let expected: Vec<f64> = keys
                .iter()
                .zip(&counts)
                .map(|((k, _), &n)| rates[band_of(k.age(t))] * n as f64)
                .collect();
            let l = round_half_up(expected.iter().sum());
            if l <= 0 {
                continue;
            }
            let salt_c = salt(&[3, t as u64, c as u64]);
            let shares = apportion(l, &expected, &counts, salt_c);
            for (i, ((k, kind), loss)) in keys.iter().zip(&shares).enumerate() {
                self.take_from_units(province, c, *kind, *k, *loss, salt(&[salt_c, i as u64]));
            }
            out[c] = shares.iter().sum();
        }
        out
    }

    /// Step 3: earlier recruits leave so that county c keeps
    /// ⌊Σ_{τ<t} Rcτ·p(t − τ) + ½⌋ ([`recruit_survivors`]).
    pub fn recruits_leave(&mut self, province: &Province, t: i32, spec: &RoadmapSpec) -> Vec<i64> {
        let mut out = vec![0i64; province.counties.len()];
        #[allow(clippy::needless_range_loop)] // c indexes self.counties too
        for c in 0..province.counties.len() {
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
            let mut now: BTreeMap<i32, i64> = BTreeMap::new();
            for (kind, unit) in self.units(province, c) {
                for (k, n) in self.cells(c, kind, unit) {
                    if k.joined != 0 {
                        *now.entry(k.joined).or_insert(0) += n;
                    }
                }
            }
            let present: i64 = now.values().sum();
            let keep = recruit_survivors(&placed, t, spec);
            let loss = (present - keep).max(0);
            if loss == 0 {
                continue;
            }
            let years: Vec<i32> = now.keys().copied().collect();
            let counts: Vec<i64> = years.iter().map(|y| now[y]).collect();
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
            for (i, (y, l)) in years.iter().zip(shares).enumerate() {
                let k = Cohort {
                    born: y - spec.recruit_age,
                    retires: NEVER,
                    joined: *y,
                };
                self.take_from_units(province, c, Kind::Movable, k, l, salt(&[salt_c, i as u64]));
            }
            out[c] = loss;
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

    /// Steps 1–4 of year t.
    pub fn flows(&mut self, province: &Province, t: i32, spec: &RoadmapSpec) -> Losses {
        let retirements = self.retire(province, t);
        let left = self.leave(province, t, &spec.leaving_rate);
        let recruits = self.recruits_leave(province, t, spec);
        let auxiliaries = self.auxiliaries_leave(province, t, spec.auxiliary_turnover);
        Losses {
            retirements,
            leavers: left.iter().zip(&recruits).map(|(a, b)| a + b).collect(),
            auxiliaries,
        }
    }

    /// The province of year t as the yearly model sees it after the flows:
    /// `base` is the loaded province (ids, workload, levers), with each
    /// station's real officers, community officers (the last plan's, kept
    /// between the restricted and the officers), auxiliaries, restricted and
    /// seconded officers, and each county's force.
    pub fn province(&self, base: &Province, t: i32, from_age: Option<i32>) -> Province {
        let mut p = base.clone();
        for (s, st) in p.stations.iter_mut().enumerate() {
            let state = &self.stations[s];
            let x = self.station_officers(s);
            let r = self.restricted_at(s, t, from_age).min(x);
            let away = total(&state.seconded);
            let y = state.community.min(x).max(r);
            st.officers = x;
            st.community_officers = y;
            st.auxiliaries = state.auxiliaries;
            st.strength = Strength {
                nominal: 0,
                seconded: away,
                restricted: r,
                books: Some((x + away, y + away)),
            };
        }
        for c in 0..p.counties.len() {
            let force = self.force(base, c);
            let away: i64 = p.counties[c]
                .stations
                .iter()
                .map(|&s| total(&self.stations[s].seconded))
                .sum();
            p.counties[c].officers_total = force;
            p.counties[c].seconded_away = away;
        }
        p
    }

    /// Step 5: the state follows the year's plan. `recruits` joined county
    /// c this year (they are in the plan's force); `today` is the
    /// province the plan was made from ([`State::province`]).
    pub fn apply(
        &mut self,
        today: &Province,
        plan: &Plan,
        recruits: &[i64],
        t: i32,
        spec: &RoadmapSpec,
    ) -> Result<(), String> {
        let young = |a: Option<i32>| move |k: &Cohort| a.map_or(true, |a| k.age(t) < a);
        for (c, county) in today.counties.iter().enumerate() {
            let salt_c = salt(&[6, t as u64, c as u64]);
            let mut pool: Cells = Cells::new();
            let new = Cohort {
                born: t - spec.recruit_age,
                retires: NEVER,
                joined: t,
            };
            let r = recruits[c];
            // Senders.
            let mut gains: Vec<(usize, i64)> = Vec::new();
            for (i, &s) in county.stations.iter().enumerate() {
                let x0 = self.station_officers(s);
                let x1 = plan.stations[s].officers;
                if x0 > x1 {
                    let taken = draw(
                        &mut self.stations[s].movable,
                        x0 - x1,
                        salt(&[salt_c, i as u64]),
                        young(spec.restricted_from_age),
                    );
                    for (k, n) in taken {
                        add(&mut pool, k, n);
                    }
                } else if x1 > x0 {
                    gains.push((s, x1 - x0));
                }
            }
            let h0 = total(&self.counties[c].hq);
            let h1 = plan.counties[c].hq_officers;
            if h0 > h1 {
                let taken = draw(
                    &mut self.counties[c].hq,
                    h0 - h1,
                    salt(&[salt_c, 1 << 32]),
                    young(spec.restricted_from_age),
                );
                for (k, n) in taken {
                    add(&mut pool, k, n);
                }
            }
            // Recruits to the stations first, in proportion to their gains.
            let station_gain: i64 = gains.iter().map(|g| g.1).sum();
            let to_stations = r.min(station_gain);
            let weights: Vec<f64> = gains.iter().map(|g| g.1 as f64).collect();
            let caps: Vec<i64> = gains.iter().map(|g| g.1).collect();
            let shares = apportion(to_stations, &weights, &caps, salt(&[salt_c, 2 << 32]));
            for ((s, g), n) in gains.iter_mut().zip(&shares) {
                add(&mut self.stations[*s].movable, new, *n);
                *g -= n;
            }
            add(&mut self.counties[c].hq, new, r - to_stations);
            // Movers fill what is left, station by station.
            for (i, (s, g)) in gains.iter().enumerate() {
                let taken = draw(&mut pool, *g, salt(&[salt_c, 3 << 32, i as u64]), |_| true);
                for (k, n) in taken {
                    add(&mut self.stations[*s].movable, k, n);
                }
            }
            for (k, n) in std::mem::take(&mut pool) {
                add(&mut self.counties[c].hq, k, n);
            }
            if r > 0 {
                self.counties[c].placed.push((t, r));
            }
            for &s in &county.stations {
                let x = self.station_officers(s);
                if x != plan.stations[s].officers {
                    return Err(format!(
                        "station {}: {x} officers after the moves, but the plan has {}",
                        today.stations[s].id, plan.stations[s].officers
                    ));
                }
                self.stations[s].community = plan.stations[s].community_officers;
                self.stations[s].auxiliaries = plan.stations[s].auxiliaries;
            }
            let h = total(&self.counties[c].hq);
            if h != plan.counties[c].hq_officers {
                return Err(format!(
                    "county {}: {h} HQ officers after the moves, but the plan has {}",
                    county.id, plan.counties[c].hq_officers
                ));
            }
        }
        self.year = t;
        Ok(())
    }

    /// The auxiliaries follow a plan's (for the years the plan is not
    /// applied, such as the horizon's base run).
    pub fn set_auxiliaries(&mut self, auxiliaries: &[i64]) {
        for (st, a) in self.stations.iter_mut().zip(auxiliaries) {
            st.auxiliaries = *a;
        }
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

/// Takes `n` officers from `cells`, in proportion to the cohorts for which
/// `eligible` holds (largest remainder), then from the others if those are
/// too few. Returns what was taken.
fn draw(
    cells: &mut Cells,
    n: i64,
    salt: u64,
    eligible: impl Fn(&Cohort) -> bool,
) -> Vec<(Cohort, i64)> {
    let mut out = Vec::new();
    let mut left = n;
    for pass in [true, false] {
        if left <= 0 {
            break;
        }
        let keys: Vec<Cohort> = cells
            .keys()
            .copied()
            .filter(|k| eligible(k) == pass)
            .collect();
        let counts: Vec<i64> = keys.iter().map(|k| cells[k]).collect();
        let weights: Vec<f64> = counts.iter().map(|&c| c as f64).collect();
        let shares = apportion(left, &weights, &counts, salt ^ u64::from(pass));
        for (k, m) in keys.into_iter().zip(shares) {
            if m > 0 {
                sub(cells, k, m);
                out.push((k, m));
                left -= m;
            }
        }
    }
    out
}

/// The retirement calendar year of someone of `sex` born in (year, month)
/// under the spec's rule, not before the first year.
fn retirement_year(
    spec: &RoadmapSpec,
    sex: Sex,
    born: i32,
    month: u32,
    scenario_file: &std::path::Path,
) -> Result<i32, InputError> {
    let months = spec
        .retirement
        .rule(sex)
        .months(sex, (born, month))
        .ok_or_else(|| {
            scenario_error(
                scenario_file,
                format!(
                    "`roadmap.retirement_age`: no schedule entry covers {} officers born in {born}-{month:02}, and the data have such officers; add an entry for them (or leave born_from of the first entry open)",
                    sex.as_str()
                ),
            )
        })?;
    let year = born as i64 + (month as i64 - 1 + months) / 12;
    Ok((year.clamp(i32::MIN as i64, i32::MAX as i64) as i32).max(spec.start_year))
}

/// Expands groups into (kind, cohort, count): sexes by `female_share` when
/// men and women retire differently, birth years evenly over a band, birth
/// months evenly, and each month's retirement year.
fn expand(
    groups: &[Group],
    spec: &RoadmapSpec,
    salt_u: u64,
    scenario_file: &std::path::Path,
) -> Result<Vec<(OfficerKind, Cohort, i64)>, InputError> {
    let mut out: BTreeMap<(OfficerKind, Cohort), i64> = BTreeMap::new();
    let same = spec.retirement.same_for_both();
    for (g, group) in groups.iter().enumerate() {
        let salt_g = salt(&[salt_u, g as u64]);
        // Birth years first, evenly over a band.
        let years: Vec<i32> = (group.born.0..=group.born.1).collect();
        let per_year = apportion(
            group.count,
            &vec![1.0; years.len()],
            &vec![group.count; years.len()],
            salt_g,
        );
        for (y, n) in years.iter().zip(per_year) {
            if n == 0 {
                continue;
            }
            // Then sexes: known, irrelevant, or `female_share`, except that
            // women who would have retired before the first year are
            // counted as men (they would not be in the data).
            let by_sex: Vec<(Sex, i64)> = match group.sex {
                Some(sex) => vec![(sex, n)],
                None if same => vec![(Sex::Male, n)],
                None => {
                    let f = spec.female_share.ok_or_else(|| {
                        scenario_error(
                            scenario_file,
                            "`roadmap.female_share` is needed: men and women retire at different ages (roadmap.retirement_age), and age bands do not say who is a woman; give the share of women, for example female_share = 0.15, or a roster with each officer's sex".into(),
                        )
                    })?;
                    let gone = spec
                        .retirement
                        .female
                        .months(Sex::Female, (*y, 12))
                        .is_some_and(|m| (*y as i64) + (11 + m) / 12 < spec.start_year as i64);
                    let f = if gone { 0.0 } else { f };
                    let split = apportion(n, &[1.0 - f, f], &[n, n], salt(&[salt_g, *y as u64, 7]));
                    vec![(Sex::Male, split[0]), (Sex::Female, split[1])]
                }
            };
            for (sex, count) in by_sex {
                if count == 0 {
                    continue;
                }
                // Calendar years of retirement by birth month.
                let months: Vec<u32> = match group.month {
                    Some(m) => vec![m],
                    None => (1..=12).collect(),
                };
                let mut by_year: BTreeMap<i32, f64> = BTreeMap::new();
                for &m in &months {
                    *by_year
                        .entry(retirement_year(spec, sex, *y, m, scenario_file)?)
                        .or_insert(0.0) += 1.0;
                }
                let ry: Vec<i32> = by_year.keys().copied().collect();
                let w: Vec<f64> = by_year.values().copied().collect();
                let split = apportion(
                    count,
                    &w,
                    &vec![count; ry.len()],
                    salt(&[salt_g, *y as u64, sex as u64]),
                );
                for (r, m) in ry.into_iter().zip(split) {
                    if m > 0 {
                        *out.entry((
                            group.kind,
                            Cohort {
                                born: *y,
                                retires: r,
                                joined: 0,
                            },
                        ))
                        .or_insert(0) += m;
                    }
                }
            }
        }
    }
    Ok(out.into_iter().map(|((k, c), n)| (k, c, n)).collect())
}

/// The parameters of year t (index k from 0): calls × (1 + g)^k on top of
/// the scenario's call growth, and the year's auxiliary budget.
pub fn year_params(base: &Params, spec: &RoadmapSpec, k: usize, aux_budget: i64) -> Params {
    let mut p = base.clone();
    let growth = base.workload.call_growth * (1.0 + spec.call_growth).powi(k as i32);
    // Both keys have setters in the registry, so neither can fail.
    let _ = crate::scenario::keys::set_derived(&mut p, "workload.call_growth", growth);
    let _ = crate::scenario::keys::set_derived(&mut p, "auxiliaries.total", aux_budget as f64);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_sums_and_respects_caps() {
        assert_eq!(
            apportion(10, &[0.55, 0.45], &[10, 10], 1)
                .iter()
                .sum::<i64>(),
            10
        );
        let a = apportion(7, &[1.0, 1.0, 1.0], &[7, 7, 7], 3);
        assert_eq!(a.iter().sum::<i64>(), 7);
        assert!(a.iter().all(|&x| x == 2 || x == 3));
        // A cap: the rest goes to the others.
        assert_eq!(apportion(10, &[9.0, 1.0], &[3, 10], 0), vec![3, 7]);
        // More than the caps hold: all of them.
        assert_eq!(apportion(10, &[1.0, 1.0], &[2, 3], 0), vec![2, 3]);
        // No weight: the caps share it.
        assert_eq!(apportion(4, &[0.0, 0.0], &[1, 3], 0).iter().sum::<i64>(), 4);
        assert_eq!(apportion(0, &[1.0], &[5], 0), vec![0]);
        // Ties are not always broken the same way.
        let firsts: std::collections::BTreeSet<usize> = (0..20)
            .map(|salt| {
                apportion(1, &[1.0; 5], &[1; 5], salt)
                    .iter()
                    .position(|&x| x == 1)
                    .unwrap()
            })
            .collect();
        assert!(firsts.len() > 1);
    }

    #[test]
    fn rounding_is_halves_up() {
        assert_eq!(round_half_up(2.5), 3);
        assert_eq!(round_half_up(2.49), 2);
        assert_eq!(round_half_up(0.0), 0);
    }
}
