//! The force year by year: who is where, how old, and who leaves.
//!
//! **Cohorts in fractions.** Officers alike for the roadmap form a
//! [`Cohort`]: the same year of birth, calendar year of retirement, year of
//! recruitment (0 for today's force) and sex. Every unit — a station's
//! *movable*, *restricted* (不能值班备勤: they stay at their station) and
//! *seconded* officers (借调: of the force, at no post), and a county's HQ
//! — holds a whole number of officers ([`Part::count`]) and, in fractions,
//! how many of them each cohort is expected to be ([`Part::cells`]; they
//! add up to the count; units leave the sexes out). Each county also keeps
//! a *ledger*: its force by cohort, sexes included, in fractions, in two
//! classes — at posts (stations and HQ) and seconded. The ledger is what
//! the county's whole numbers are made from, and it never depends on where
//! the plans put anyone.
//!
//! **From the data** ([`State::new`]). A band's officers are spread evenly
//! over its birth months (each of its single years of age, twelve months
//! each) and, unless the data say who is who, over the sexes by
//! `female_share`; each (birth month, sex) gets its calendar year of
//! retirement from the rule (the month the retirement age is reached), so
//! a band is carried exactly, not rounded. Ages are those reached in
//! `start_year`. Officers already past their retirement age at its start
//! (women of 56–59 when women retire at 55, say) are named in a warning
//! ([`State::past_retirement`]) and retire in the first year. The open band
//! `age_60_plus` (60–62) holds only the birth months and sexes the rule
//! still lets serve, when there are any. A station's restricted officers
//! are its oldest (those still serving first); its nominal (at HQ) and
//! seconded officers have its age profile; a roster says who is what
//! instead.
//!
//! **Whole numbers, once a year per county** ([`State::flows`]). A flow
//! takes a share of each cohort in expectation: all of the cohorts retiring
//! in year t, ℓ(band) of each for the other leavers. County c's leavers of
//! a class are X = ⌊E + ½⌋, E the expectation on its ledger; the ledger
//! then loses E and is scaled back to its whole number of officers (its
//! make-up is the expectation given that X left), and the units lose X in
//! all, shared by largest remainder on what each is expected to lose.
//! The units' cohorts are then fitted to the ledger (iterative
//! proportional fitting: each cohort's total to the ledger's, each unit's
//! total to its count). So retirements follow the bands' expectation
//! within rounding, the share of women holds, and every count is whole.
//!
//! **A year** t, in this order:
//! 1. [`State::retire`]: every cohort whose retirement year is t (or
//!    earlier) leaves.
//! 2. [`State::leave`]: today's force loses its other leavers, ℓ(band of
//!    the age reached in t) of each cohort.
//! 3. [`State::recruits_leave`]: county c keeps
//!    Sc(t) = ⌊Σ_{τ<t} Rcτ·p(t − τ) + ½⌋ of its earlier recruits,
//!    p(k) = Π_{j=1..k} (1 − ℓ(recruit age + j)) their chance to stay k
//!    years; the others leave, by largest remainder over the recruitment
//!    years.
//! 4. [`State::auxiliaries_leave`]: ⌊turnover·Σ aₛ + ½⌋ auxiliaries leave
//!    in each county; then [`State::hire_auxiliaries`] fills the year's
//!    budget: each county's share of it (in proportion to its auxiliaries
//!    at the start) is filled where the stations have fewest auxiliaries
//!    per village (progressive filling), so no funded post stays empty
//!    while a station is below one per village.
//! 5. [`State::restrict`] (by default, without `restricted_from_age`):
//!    restricted officers keep their share of each age band. With ρc,b the
//!    share of county c's force in band b that was restricted at the start
//!    (among those the rule let serve),
//!    the county has Qc = ⌊Σb ρc,b·Nc,b + ½⌋ restricted officers, Nc,b its
//!    force (today's, not recruits) in band b at the ages reached in t;
//!    its stations keep their shares of them (largest remainder on their
//!    restricted at the start, at most their officers), movable officers
//!    becoming restricted in proportion to ρ of their band (and back).
//! 6. The year's recruits join and the year's plan is made; [`State::apply`]
//!    moves officers to match it: stations losing officers send movable
//!    ones in proportion to their age profile (with `restricted_from_age`
//!    A, those aged A or more stay); recruits go to stations first
//!    (新招录民警优先安排到派出所), then movers fill the remaining gains,
//!    station by station in proportion to what is left; HQ receives the
//!    rest.
//!
//! Every count moves between units or out of the force, so conservation
//! holds exactly: force at the end = force at the start − retirements −
//! leavers + recruits, in every county and year.
//!
//! **What the plan does not change.** A county's retirements and leavers,
//! its restricted officers at each station (by default) and its seconded
//! officers depend only on the data and the county's recruits, never on
//! moves: they are made from the ledger, which moves do not touch. That is
//! what lets the horizon mode plan all years at once (`super::horizon`).
//! With `restricted_from_age` the restricted officers at a station depend
//! on who was moved there, and the horizon says so.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

use serde::{Deserialize, Serialize};

use super::data::{band_of, AgeData, Group, OfficerKind, Source};
use crate::domain::{Params, Province, Strength, AGE_BANDS, AGE_BAND_KEYS};
use crate::error::{InputError, Warning};
use crate::plan::Plan;
use crate::scenario::roadmap::{RoadmapSpec, Sex};

/// The retirement year of those who do not retire within the roadmap:
/// recruits (at most 35, and a roadmap is at most 15 years; retirement ages
/// are at least 50) and officers retiring after its last year.
pub const NEVER: i32 = i32::MAX;

/// Between years the expected officers of a cohort are kept in billionths
/// of an officer ([`State::quantize`]), so that a year's stored record
/// ([`Snapshot`]) reloads to exactly the same state.
const QUANTUM: f64 = 1e9;

/// Rounds of the proportional fitting of the units' cohorts to the ledger.
const FIT_ROUNDS: usize = 4;

/// Officers alike for the roadmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cohort {
    pub born: i32,
    /// The calendar year they retire: before the first year for those
    /// already past their retirement age, [`NEVER`] after the last.
    pub retires: i32,
    /// The year they were recruited (0: today's force).
    pub joined: i32,
    /// Men when the data do not say (then men and women retire alike).
    pub sex: Sex,
}

impl Cohort {
    /// Age reached in year t.
    pub fn age(&self, t: i32) -> i32 {
        t - self.born
    }
}

/// Expected officers by cohort.
pub type Cells = BTreeMap<Cohort, f64>;

fn mass(cells: &Cells) -> f64 {
    cells.values().sum()
}

fn add(cells: &mut Cells, k: Cohort, m: f64) {
    if m > 0.0 {
        *cells.entry(k).or_insert(0.0) += m;
    }
}

fn add_all(cells: &mut Cells, other: &Cells) {
    for (k, m) in other {
        add(cells, *k, *m);
    }
}

/// `cells` without the sexes (as units keep them: only the ledger needs
/// them).
fn unsexed(cells: &Cells) -> Cells {
    let mut out = Cells::new();
    for (k, m) in cells {
        add(
            &mut out,
            Cohort {
                sex: Sex::Male,
                ..*k
            },
            *m,
        );
    }
    out
}

/// `cells` times `f`.
fn scaled(cells: &Cells, f: f64) -> Cells {
    cells
        .iter()
        .map(|(k, m)| (*k, m * f))
        .filter(|(_, m)| *m > 0.0)
        .collect()
}

/// The officers of one unit: a whole number, and how many of them each
/// cohort is expected to be.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Part {
    pub count: i64,
    pub cells: Cells,
}

impl Part {
    /// `n` officers of the make-up `cells` join.
    fn put(&mut self, n: i64, cells: &Cells) {
        self.count += n;
        add_all(&mut self.cells, cells);
    }

    /// The expected officers of `n` of the unit's: n ÷ count of its
    /// cells' total (which is the count, up to the fitting's precision).
    fn share_of(&self, n: i64) -> f64 {
        if self.count <= 0 {
            0.0
        } else {
            mass(&self.cells) * (n.min(self.count) as f64 / self.count as f64)
        }
    }

    /// Takes `n` officers (at most the count): in proportion to the
    /// cohorts for which `eligible` holds, then, if those are too few, to
    /// the others. Returns their make-up.
    fn take(&mut self, n: i64, eligible: impl Fn(&Cohort) -> bool) -> Cells {
        let n = n.clamp(0, self.count);
        let mut left = self.share_of(n);
        self.count -= n;
        let mut out = Cells::new();
        for pass in [true, false] {
            let avail: f64 = self
                .cells
                .iter()
                .filter(|(k, _)| eligible(k) == pass)
                .map(|(_, m)| m)
                .sum();
            if left <= 0.0 || avail <= 0.0 {
                continue;
            }
            let f = (left / avail).min(1.0);
            for (k, m) in self.cells.iter_mut() {
                if eligible(k) == pass {
                    let x = *m * f;
                    *m -= x;
                    add(&mut out, *k, x);
                }
            }
            left -= avail * f;
        }
        self.cells.retain(|_, m| *m > 0.0);
        out
    }

    /// Takes `n` officers, cohort k in proportion to its expected officers
    /// times `weight(k)` ≥ 0 (none of a cohort beyond what it has: the
    /// share min(1, λ·weight) of each, λ as large as needed); if the
    /// weighted cohorts are too few, the rest in proportion to the others.
    fn take_weighted(&mut self, n: i64, weight: impl Fn(&Cohort) -> f64) -> Cells {
        let n = n.clamp(0, self.count);
        let want = self.share_of(n);
        // (weight, expected officers) of the weighted cohorts, heaviest first.
        let mut w: Vec<(f64, f64)> = self
            .cells
            .iter()
            .map(|(k, m)| (weight(k).max(0.0), *m))
            .filter(|(w, _)| *w > 0.0)
            .collect();
        w.sort_by(|a, b| b.0.total_cmp(&a.0));
        let weighted: f64 = w.iter().map(|x| x.1).sum();
        let lambda = if want >= weighted {
            f64::INFINITY
        } else {
            // The first j cohorts are taken whole: λ·w ≥ 1 for them.
            let mut lambda = f64::INFINITY;
            let mut whole = 0.0;
            let mut rest: f64 = w.iter().map(|(w, m)| w * m).sum();
            for j in 0..=w.len() {
                let l = (want - whole) / rest;
                let fits_next = j == w.len() || l * w[j].0 <= 1.0;
                if fits_next {
                    lambda = l;
                    break;
                }
                whole += w[j].1;
                rest -= w[j].0 * w[j].1;
            }
            lambda
        };
        let mut out = Cells::new();
        let mut taken = 0.0;
        for (k, m) in self.cells.iter_mut() {
            let wk = weight(k).max(0.0);
            if wk > 0.0 {
                let x = *m * (lambda * wk).min(1.0);
                *m -= x;
                taken += x;
                add(&mut out, *k, x);
            }
        }
        self.cells.retain(|_, m| *m > 0.0);
        // Too few weighted: the rest from the others, in proportion.
        let rest = want - taken;
        let others: f64 = mass(&self.cells);
        if rest > 0.0 && others > 0.0 {
            let f = (rest / others).min(1.0);
            for (k, m) in self.cells.iter_mut() {
                let x = *m * f;
                *m -= x;
                add(&mut out, *k, x);
            }
            self.cells.retain(|_, m| *m > 0.0);
        }
        self.count -= n;
        out
    }
}

/// One station.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StationState {
    pub movable: Part,
    /// The restricted officers (不能值班备勤): they stay.
    pub restricted: Part,
    /// Seconded away (借调/抽调): of the force, at no post.
    pub seconded: Part,
    /// Community officers of the last plan (today's at the start).
    pub community: i64,
    pub auxiliaries: i64,
    /// The data's restricted officers: the station's share of its county's
    /// restricted officers in later years.
    pub restricted_weight: i64,
}

/// The two classes of a county's ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// At stations (movable and restricted) and at HQ.
    Posts = 0,
    Seconded = 1,
}

/// One county: its HQ, the recruits placed in it by year, and its ledger.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountyState {
    pub hq: Part,
    /// (year, recruits placed).
    pub placed: Vec<(i32, i64)>,
    /// The county's force by cohort, in fractions: at posts, seconded.
    pub ledger: [Cells; 2],
    /// ρc,b: the share of the county's force (today's, those the rule
    /// lets serve) in each age band that was restricted at the start.
    pub restricted_rates: [f64; 6],
    /// The county's auxiliaries at the start: its share of the budget.
    pub auxiliary_weight: i64,
}

/// The whole force after a year (or at the start).
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The last year applied (start year − 1 at the start).
    pub year: i32,
    pub stations: Vec<StationState>,
    pub counties: Vec<CountyState>,
    /// Whether the cohorts' sexes mean anything: the data give them (a
    /// roster) or `female_share` splits the bands.
    pub sexes_known: bool,
    /// The share of women among recruits: `female_share`, or the share of
    /// women in today's force when a roster gives the sexes.
    pub recruit_female_share: f64,
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

/// A unit of a county: a station's movable, restricted or seconded
/// officers (index into the province), or its HQ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Movable(usize),
    Restricted(usize),
    Seconded(usize),
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

/// Officers already past their retirement age at the start, alike in sex
/// and age band ([`State::past_retirement`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PastRetirement {
    pub sex: Sex,
    /// The band of the ages reached in the first year ([`AGE_BANDS`]).
    pub band: usize,
    /// The youngest and oldest of them (ages reached in the first year).
    pub ages: (i32, i32),
    /// How many, in expectation (the bands say how many a band has, not
    /// who): a whole number when the data are whole.
    pub officers: f64,
}

/// A count in expectation as a message gives it: whole when it is (to a
/// millionth), else to one decimal.
fn show_count(x: f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

/// Takes the oldest `n` officers of `pool`: those the rule still lets
/// serve first, oldest first, then those already past it.
fn take_oldest(pool: &mut Cells, n: f64, start_year: i32) -> Cells {
    let mut left = n;
    let mut out = Cells::new();
    for serving in [true, false] {
        for (k, m) in pool.iter_mut() {
            if left <= 0.0 {
                break;
            }
            if (k.retires >= start_year) != serving {
                continue;
            }
            let x = m.min(left);
            *m -= x;
            left -= x;
            add(&mut out, *k, x);
        }
    }
    pool.retain(|_, m| *m > 0.0);
    out
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
            let mut parts: BTreeMap<OfficerKind, Part> = BTreeMap::new();
            for group in &ages.stations[s] {
                let part = parts.entry(group.kind).or_default();
                part.count += group.count;
                for (k, m) in expand(group, spec, scenario_file)? {
                    add(&mut part.cells, k, m);
                }
            }
            let strength = &st.strength;
            // Bands: the oldest are the restricted, nominal and seconded
            // officers have the station's profile.
            if let Some(mut pool) = parts.remove(&OfficerKind::Any) {
                let restricted = take_oldest(
                    &mut pool.cells,
                    strength.restricted.min(pool.count) as f64,
                    spec.start_year,
                );
                let r = strength.restricted.min(pool.count);
                parts
                    .entry(OfficerKind::Restricted)
                    .or_default()
                    .put(r, &restricted);
                pool.count -= r;
                let left = pool.count;
                let profile = pool.cells.clone();
                for (kind, n) in [
                    (OfficerKind::Nominal, strength.nominal),
                    (OfficerKind::Seconded, strength.seconded),
                ] {
                    let n = n.min(pool.count);
                    if n > 0 && left > 0 {
                        let cells = scaled(&profile, n as f64 / left as f64);
                        for (k, m) in &cells {
                            if let Some(v) = pool.cells.get_mut(k) {
                                *v = (*v - m).max(0.0);
                            }
                        }
                        pool.count -= n;
                        parts.entry(kind).or_default().put(n, &cells);
                    }
                }
                pool.cells.retain(|_, m| *m > 0.0);
                parts
                    .entry(OfficerKind::Regular)
                    .or_default()
                    .put(pool.count, &pool.cells);
            }
            let state = &mut stations[s];
            let county = &mut counties[st.county];
            for (kind, part) in parts {
                let into = match kind {
                    OfficerKind::Restricted => &mut state.restricted,
                    OfficerKind::Nominal => &mut county.hq,
                    OfficerKind::Seconded if !recall => &mut state.seconded,
                    _ => &mut state.movable,
                };
                into.put(part.count, &part.cells);
            }
            state.community = st.community_officers;
            state.auxiliaries = st.auxiliaries;
            state.restricted_weight = state.restricted.count;
            county.auxiliary_weight += st.auxiliaries;
        }
        for (c, groups) in ages.hq.iter().enumerate() {
            for group in groups {
                let mut cells = Cells::new();
                for (k, m) in expand(group, spec, scenario_file)? {
                    add(&mut cells, k, m);
                }
                counties[c].hq.put(group.count, &cells);
            }
        }
        let mut state = State {
            year: spec.start_year - 1,
            stations,
            counties,
            sexes_known: spec.roster.is_some() || spec.female_share.is_some(),
            recruit_female_share: 0.0,
        };
        for c in 0..province.counties.len() {
            state.counties[c].ledger = [
                state.class_total(province, c, Class::Posts),
                state.class_total(province, c, Class::Seconded),
            ];
            // ρc,b from the restricted officers' bands at the start, among
            // those the rule still lets serve (the restricted are taken
            // from them first).
            let serving = |k: &Cohort| k.retires >= spec.start_year;
            let mut restricted = [0.0f64; 6];
            let mut force = [0.0f64; 6];
            for &s in &province.counties[c].stations {
                for (k, m) in &state.stations[s].restricted.cells {
                    if serving(k) {
                        restricted[band_of(k.age(spec.start_year))] += m;
                    }
                }
            }
            for ledger in &state.counties[c].ledger {
                for (k, m) in ledger.iter().filter(|(k, _)| serving(k)) {
                    force[band_of(k.age(spec.start_year))] += m;
                }
            }
            for b in 0..6 {
                state.counties[c].restricted_rates[b] = if force[b] > 0.0 {
                    (restricted[b] / force[b]).clamp(0.0, 1.0)
                } else {
                    0.0
                };
            }
        }
        // Units keep their cohorts without the sexes.
        for st in &mut state.stations {
            for part in [&mut st.movable, &mut st.restricted, &mut st.seconded] {
                part.cells = unsexed(&part.cells);
            }
        }
        for c in &mut state.counties {
            c.hq.cells = unsexed(&c.hq.cells);
        }
        state.recruit_female_share = match spec.female_share {
            Some(f) => f,
            None if state.sexes_known => {
                let (mut women, mut all) = (0.0, 0.0);
                for c in &state.counties {
                    for ledger in &c.ledger {
                        for (k, m) in ledger {
                            all += m;
                            if k.sex == Sex::Female {
                                women += m;
                            }
                        }
                    }
                }
                if all > 0.0 {
                    women / all
                } else {
                    0.0
                }
            }
            None => 0.0,
        };
        state.quantize();
        state.agrees_with(province).map_err(|m| {
            scenario_error(
                scenario_file,
                format!("internal error: the age structure does not match the data ({m})"),
            )
        })?;
        Ok(state)
    }

    /// Officers already past their retirement age at the start of the
    /// first year, by sex and age band, for age-band data (a roster's are
    /// named by [`super::data::load`]): the bands put them in the force;
    /// they retire in the first year.
    pub fn past_retirement(&self, start_year: i32) -> Vec<PastRetirement> {
        let mut out: BTreeMap<(usize, Sex), PastRetirement> = BTreeMap::new();
        for c in &self.counties {
            for ledger in &c.ledger {
                for (k, m) in ledger {
                    if k.joined != 0 || k.retires >= start_year {
                        continue;
                    }
                    let age = k.age(start_year);
                    let band = band_of(age);
                    let e = out.entry((band, k.sex)).or_insert(PastRetirement {
                        sex: k.sex,
                        band,
                        ages: (age, age),
                        officers: 0.0,
                    });
                    e.ages = (e.ages.0.min(age), e.ages.1.max(age));
                    e.officers += m;
                }
            }
        }
        out.into_values().filter(|p| p.officers > 1e-6).collect()
    }

    /// The data warning naming the officers age bands put past their
    /// retirement age at the start ([`State::past_retirement`]); a
    /// roster's are in `ages.warnings`.
    pub fn past_retirement_warning(&self, ages: &AgeData, spec: &RoadmapSpec) -> Option<Warning> {
        let Source::Bands { stations, .. } = &ages.source else {
            return None;
        };
        let past = self.past_retirement(spec.start_year);
        if past.is_empty() {
            return None;
        }
        let y = spec.start_year;
        let total: f64 = past.iter().map(|p| p.officers).sum();
        let who: Vec<String> = past
            .iter()
            .map(|p| {
                let people = match (self.sexes_known, p.sex) {
                    (false, _) => "officers",
                    (true, Sex::Male) => "men",
                    (true, Sex::Female) => "women",
                };
                let ages = if p.ages.0 == p.ages.1 {
                    p.ages.0.to_string()
                } else {
                    format!("{}–{}", p.ages.0, p.ages.1)
                };
                format!(
                    "{people} aged {ages} in {} (born {}–{}): {}",
                    AGE_BAND_KEYS[p.band],
                    y - p.ages.1,
                    y - p.ages.0,
                    show_count(p.officers)
                )
            })
            .collect();
        let share = match spec.female_share {
            Some(f) => format!("female_share {f} in every band, "),
            None => String::new(),
        };
        Some(Warning {
            kind: "past_retirement".into(),
            file: stations.display().to_string(),
            row: None,
            column: None,
            label: None,
            value: None,
            problem: format!(
                "the age bands put {} officers past the retirement age of roadmap.retirement_age before {y} ({share}ages spread evenly over a band): {}. They retire in {y}, the first year. If they no longer serve, correct the bands or give a roster (roadmap.roster)",
                show_count(total),
                who.join("; ")
            ),
            station: None,
            county: None,
        })
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

    /// Keeps every expected count to a billionth of an officer (and drops
    /// what rounds to none), so that a stored year reloads exactly.
    fn quantize(&mut self) {
        fn cells(c: &mut Cells) {
            for m in c.values_mut() {
                *m = (*m * QUANTUM).round() / QUANTUM;
            }
            c.retain(|_, m| *m > 0.0);
        }
        for st in &mut self.stations {
            cells(&mut st.movable.cells);
            cells(&mut st.restricted.cells);
            cells(&mut st.seconded.cells);
        }
        for c in &mut self.counties {
            cells(&mut c.hq.cells);
            for l in &mut c.ledger {
                cells(l);
            }
            for r in &mut c.restricted_rates {
                *r = (*r * QUANTUM).round() / QUANTUM;
            }
        }
        self.recruit_female_share = (self.recruit_female_share * QUANTUM).round() / QUANTUM;
    }

    /// Officers at station s: movable and restricted.
    pub fn station_officers(&self, s: usize) -> i64 {
        self.stations[s].movable.count + self.stations[s].restricted.count
    }

    /// Officers of county c's force: its stations' (seconded too) and HQ.
    pub fn force(&self, province: &Province, c: usize) -> i64 {
        let stations: i64 = province.counties[c]
            .stations
            .iter()
            .map(|&s| {
                let st = &self.stations[s];
                st.movable.count + st.restricted.count + st.seconded.count
            })
            .sum();
        stations + self.counties[c].hq.count
    }

    /// Restricted officers at each station in year t: its restricted
    /// officers and, with `restricted_from_age` A, its movable officers
    /// aged A or more (their expected number, made whole per county by
    /// largest remainder).
    pub fn restricted_counts(
        &self,
        province: &Province,
        t: i32,
        from_age: Option<i32>,
    ) -> Vec<i64> {
        let mut out: Vec<i64> = self.stations.iter().map(|s| s.restricted.count).collect();
        let Some(a) = from_age else {
            return out;
        };
        for (c, county) in province.counties.iter().enumerate() {
            let aged: Vec<f64> = county
                .stations
                .iter()
                .map(|&s| {
                    self.stations[s]
                        .movable
                        .cells
                        .iter()
                        .filter(|(k, _)| k.age(t) >= a)
                        .map(|(_, m)| m)
                        .sum()
                })
                .collect();
            let caps: Vec<i64> = county
                .stations
                .iter()
                .map(|&s| self.stations[s].movable.count)
                .collect();
            let n = round_half_up(aged.iter().sum());
            let shares = apportion(n, &aged, &caps, salt(&[9, t as u64, c as u64]));
            for (&s, n) in county.stations.iter().zip(shares) {
                out[s] += n;
            }
        }
        out
    }

    /// The force by age band in year t (ages reached in t) and its women
    /// (`None` when the data do not say who is a woman): from each county's
    /// ledger, made whole per county by largest remainder.
    pub fn ages(&self, t: i32) -> ([i64; 6], Option<i64>) {
        let mut bands = [0i64; 6];
        let mut women = 0i64;
        for (c, county) in self.counties.iter().enumerate() {
            // (band, sex) → expected officers.
            let mut cells = [0.0f64; 12];
            for ledger in &county.ledger {
                for (k, m) in ledger {
                    let i = band_of(k.age(t)) * 2 + usize::from(k.sex == Sex::Female);
                    cells[i] += m;
                }
            }
            let force = round_half_up(cells.iter().sum());
            let whole = apportion(force, &cells, &[force; 12], salt(&[10, t as u64, c as u64]));
            for (i, n) in whole.iter().enumerate() {
                bands[i / 2] += n;
                if i % 2 == 1 {
                    women += n;
                }
            }
        }
        (bands, self.sexes_known.then_some(women))
    }

    /// Officers by age band in year t, over the whole force ([`State::ages`]).
    pub fn bands(&self, t: i32) -> [i64; 6] {
        self.ages(t).0
    }

    /// The units of county c holding officers of `class`.
    fn class_units(&self, province: &Province, c: usize, class: Class) -> Vec<Unit> {
        let stations = &province.counties[c].stations;
        match class {
            Class::Posts => {
                let mut out = Vec::with_capacity(2 * stations.len() + 1);
                for &s in stations {
                    out.push(Unit::Movable(s));
                    out.push(Unit::Restricted(s));
                }
                out.push(Unit::Hq);
                out
            }
            Class::Seconded => stations.iter().map(|&s| Unit::Seconded(s)).collect(),
        }
    }

    fn part(&self, c: usize, unit: Unit) -> &Part {
        match unit {
            Unit::Hq => &self.counties[c].hq,
            Unit::Movable(s) => &self.stations[s].movable,
            Unit::Restricted(s) => &self.stations[s].restricted,
            Unit::Seconded(s) => &self.stations[s].seconded,
        }
    }

    fn part_mut(&mut self, c: usize, unit: Unit) -> &mut Part {
        match unit {
            Unit::Hq => &mut self.counties[c].hq,
            Unit::Movable(s) => &mut self.stations[s].movable,
            Unit::Restricted(s) => &mut self.stations[s].restricted,
            Unit::Seconded(s) => &mut self.stations[s].seconded,
        }
    }

    /// The cohorts of county c's units of `class`, added up.
    fn class_total(&self, province: &Province, c: usize, class: Class) -> Cells {
        let mut out = Cells::new();
        for u in self.class_units(province, c, class) {
            add_all(&mut out, &self.part(c, u).cells);
        }
        out
    }

    /// A flow out of county c's `class` (module documentation): the
    /// cohorts in `group` lose the share `rate(k)` each in expectation,
    /// `total` officers in all. The ledger loses its expectation and is
    /// scaled back to the group's whole number; the units lose `total`,
    /// shared by largest remainder on what each is expected to lose (they
    /// are fitted to the ledger once the year's flows are done,
    /// [`State::fit_all`]).
    #[allow(clippy::too_many_arguments)]
    fn remove(
        &mut self,
        province: &Province,
        c: usize,
        class: Class,
        group: &dyn Fn(&Cohort) -> bool,
        rate: &dyn Fn(&Cohort) -> f64,
        total: i64,
        salt: u64,
    ) {
        let ledger = &mut self.counties[c].ledger[class as usize];
        let before: f64 = ledger
            .iter()
            .filter(|(k, _)| group(k))
            .map(|(_, m)| m)
            .sum();
        let whole = round_half_up(before) - total;
        for (k, m) in ledger.iter_mut() {
            if group(k) {
                *m *= 1.0 - rate(k).clamp(0.0, 1.0);
            }
        }
        ledger.retain(|_, m| *m > 0.0);
        let after: f64 = ledger
            .iter()
            .filter(|(k, _)| group(k))
            .map(|(_, m)| m)
            .sum();
        if after > 0.0 && whole >= 0 {
            let f = whole as f64 / after;
            for (k, m) in ledger.iter_mut() {
                if group(k) {
                    *m *= f;
                }
            }
            ledger.retain(|_, m| *m > 0.0);
        }
        let units = self.class_units(province, c, class);
        let expected: Vec<f64> = units
            .iter()
            .map(|&u| {
                self.part(c, u)
                    .cells
                    .iter()
                    .filter(|(k, _)| group(k))
                    .map(|(k, m)| m * rate(k).clamp(0.0, 1.0))
                    .sum()
            })
            .collect();
        let caps: Vec<i64> = units.iter().map(|&u| self.part(c, u).count).collect();
        let shares = apportion(total, &expected, &caps, salt);
        for (&u, x) in units.iter().zip(shares) {
            let part = self.part_mut(c, u);
            part.count -= x;
            for (k, m) in part.cells.iter_mut() {
                if group(k) {
                    *m *= 1.0 - rate(k).clamp(0.0, 1.0);
                }
            }
            part.cells.retain(|_, m| *m > 0.0);
        }
    }

    /// Fits the cohorts of county c's units of `class` to its ledger:
    /// iterative proportional fitting, each cohort's total over the units
    /// to the ledger's (scaled to the units' whole number), then each
    /// unit's total to its count, [`FIT_ROUNDS`] times. A cohort no unit
    /// holds is shared over the units by their counts; a unit with no
    /// cohorts left takes the ledger's make-up.
    fn fit(&mut self, province: &Province, c: usize, class: Class) {
        let units = self.class_units(province, c, class);
        let rows: Vec<f64> = units
            .iter()
            .map(|&u| self.part(c, u).count as f64)
            .collect();
        let n: f64 = rows.iter().sum();
        let ledger = unsexed(&self.counties[c].ledger[class as usize]);
        let l = mass(&ledger);
        if n <= 0.0 {
            for &u in &units {
                self.part_mut(c, u).cells.clear();
            }
            return;
        }
        if l <= 0.0 {
            return;
        }
        let keys: Vec<Cohort> = ledger.keys().copied().collect();
        let target: Vec<f64> = ledger.values().map(|m| m * n / l).collect();
        // The units × cohorts table.
        let mut table: Vec<Vec<f64>> = units
            .iter()
            .map(|&u| {
                let mut row = vec![0.0; keys.len()];
                for (k, m) in &self.part(c, u).cells {
                    if let Ok(i) = keys.binary_search(k) {
                        row[i] = *m;
                    }
                }
                row
            })
            .collect();
        for _ in 0..FIT_ROUNDS {
            let mut cols = vec![0.0; keys.len()];
            for row in &table {
                for (col, m) in cols.iter_mut().zip(row) {
                    *col += m;
                }
            }
            for (i, (&col, &want)) in cols.iter().zip(&target).enumerate() {
                if col > 0.0 {
                    let f = want / col;
                    for row in table.iter_mut() {
                        row[i] *= f;
                    }
                } else {
                    for (row, r) in table.iter_mut().zip(&rows) {
                        row[i] = want * r / n;
                    }
                }
            }
            for (row, &r) in table.iter_mut().zip(&rows) {
                let have: f64 = row.iter().sum();
                if r <= 0.0 {
                    row.iter_mut().for_each(|m| *m = 0.0);
                } else if have > 0.0 {
                    let f = r / have;
                    row.iter_mut().for_each(|m| *m *= f);
                } else {
                    for (m, want) in row.iter_mut().zip(&target) {
                        *m = want * r / n;
                    }
                }
            }
        }
        for (&u, row) in units.iter().zip(table) {
            self.part_mut(c, u).cells = keys
                .iter()
                .zip(row)
                .filter(|(_, m)| *m > 0.0)
                .map(|(k, m)| (*k, m))
                .collect();
        }
    }

    /// Fits every county's units to its ledger ([`State::fit`]).
    fn fit_all(&mut self, province: &Province) {
        for c in 0..province.counties.len() {
            self.fit(province, c, Class::Posts);
            self.fit(province, c, Class::Seconded);
        }
    }

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
    fn flow(
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
    fn seconded(&self, province: &Province, c: usize) -> i64 {
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

    /// The province of year t as the yearly model sees it after the flows:
    /// `base` is the loaded province (ids, workload, levers), with each
    /// station's real officers, community officers (the last plan's, kept
    /// between the restricted and the officers), auxiliaries, restricted and
    /// seconded officers, and each county's force.
    pub fn province(&self, base: &Province, t: i32, from_age: Option<i32>) -> Province {
        let mut p = base.clone();
        let restricted = self.restricted_counts(base, t, from_age);
        for (s, st) in p.stations.iter_mut().enumerate() {
            let state = &self.stations[s];
            let x = self.station_officers(s);
            let r = restricted[s].min(x);
            let away = state.seconded.count;
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
                .map(|&s| self.stations[s].seconded.count)
                .sum();
            p.counties[c].officers_total = force;
            p.counties[c].seconded_away = away;
        }
        p
    }

    /// The make-up of `n` recruits joining in year t: born t − recruit age,
    /// women by [`State::recruit_female_share`].
    fn recruits(&self, n: i64, t: i32, spec: &RoadmapSpec) -> Cells {
        let mut out = Cells::new();
        let f = if self.sexes_known {
            self.recruit_female_share
        } else {
            0.0
        };
        for (sex, share) in [(Sex::Male, 1.0 - f), (Sex::Female, f)] {
            let k = Cohort {
                born: t - spec.recruit_age,
                retires: NEVER,
                joined: t,
                sex,
            };
            add(&mut out, k, n as f64 * share);
        }
        out
    }

    /// Step 6: the state follows the year's plan. `recruits` joined county
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
        let from_age = spec.restricted_from_age;
        let young = move |k: &Cohort| from_age.map_or(true, |a| k.age(t) < a);
        for (c, county) in today.counties.iter().enumerate() {
            let salt_c = salt(&[6, t as u64, c as u64]);
            let mut pool = Part::default();
            let r = recruits[c];
            // Senders.
            let mut gains: Vec<(usize, i64)> = Vec::new();
            for &s in &county.stations {
                let x0 = self.station_officers(s);
                let x1 = plan.stations[s].officers;
                if x0 > x1 {
                    let cells = self.stations[s].movable.take(x0 - x1, young);
                    pool.put(x0 - x1, &cells);
                } else if x1 > x0 {
                    gains.push((s, x1 - x0));
                }
            }
            let h0 = self.counties[c].hq.count;
            let h1 = plan.counties[c].hq_officers;
            if h0 > h1 {
                let cells = self.counties[c].hq.take(h0 - h1, young);
                pool.put(h0 - h1, &cells);
            }
            // Recruits to the stations first, in proportion to their gains.
            let station_gain: i64 = gains.iter().map(|g| g.1).sum();
            let to_stations = r.min(station_gain);
            let weights: Vec<f64> = gains.iter().map(|g| g.1 as f64).collect();
            let caps: Vec<i64> = gains.iter().map(|g| g.1).collect();
            let shares = apportion(to_stations, &weights, &caps, salt(&[salt_c, 2 << 32]));
            for ((s, g), n) in gains.iter_mut().zip(&shares) {
                let cells = unsexed(&self.recruits(*n, t, spec));
                self.stations[*s].movable.put(*n, &cells);
                *g -= n;
            }
            let cells = unsexed(&self.recruits(r - to_stations, t, spec));
            self.counties[c].hq.put(r - to_stations, &cells);
            let cells = self.recruits(r, t, spec);
            add_all(&mut self.counties[c].ledger[Class::Posts as usize], &cells);
            // Movers fill what is left, station by station.
            for (s, g) in &gains {
                if *g > 0 {
                    let cells = pool.take(*g, |_| true);
                    self.stations[*s].movable.put(*g, &cells);
                }
            }
            let rest = std::mem::take(&mut pool);
            self.counties[c].hq.put(rest.count, &rest.cells);
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
            let h = self.counties[c].hq.count;
            if h != plan.counties[c].hq_officers {
                return Err(format!(
                    "county {}: {h} HQ officers after the moves, but the plan has {}",
                    county.id, plan.counties[c].hq_officers
                ));
            }
        }
        self.year = t;
        self.quantize();
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

/// A station in the progressive filling of auxiliary posts: the lowest
/// auxiliaries per village first, then the station listed first.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fill {
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

/// The calendar year in which someone of `sex` born in (year, month)
/// reaches the retirement age of the spec's rule (before the first year
/// for those already past it).
fn retirement_year(
    spec: &RoadmapSpec,
    sex: Sex,
    born: i32,
    month: u32,
    scenario_file: &std::path::Path,
) -> Result<i32, InputError> {
    spec.retirement
        .date(sex, (born, month))
        .map(|d| d.0)
        .ok_or_else(|| {
            scenario_error(
                scenario_file,
                format!(
                    "`roadmap.retirement_age`: no schedule entry covers {} officers born in {born}-{month:02}, and the data have such officers; add an entry for them (or leave born_from of the first entry open)",
                    sex.as_str()
                ),
            )
        })
}

/// A group's officers by cohort, in fractions: spread evenly over its birth
/// years and months (the month the roster gives, else all twelve) and over
/// the sexes (the roster's; else by `female_share`, or all counted as men
/// when men and women retire alike and no share is given), each (birth
/// month, sex) with its retirement year. The open band `age_60_plus` holds
/// only those the rule lets serve at the start of the first year, when any
/// (module documentation).
fn expand(
    group: &Group,
    spec: &RoadmapSpec,
    scenario_file: &std::path::Path,
) -> Result<Vec<(Cohort, f64)>, InputError> {
    let same = spec.retirement.same_for_both();
    let sexes: Vec<(Sex, f64)> = match (group.sex, spec.female_share) {
        (Some(sex), _) => vec![(sex, 1.0)],
        (None, Some(f)) => vec![(Sex::Male, 1.0 - f), (Sex::Female, f)],
        (None, None) if same => vec![(Sex::Male, 1.0)],
        (None, None) => {
            return Err(scenario_error(
                scenario_file,
                "`roadmap.female_share` is needed: men and women retire at different ages (roadmap.retirement_age), and age bands do not say who is a woman; give the share of women, for example female_share = 0.15, or a roster with each officer's sex".into(),
            ))
        }
    };
    let months: Vec<u32> = group.month.map_or((1..=12).collect(), |m| vec![m]);
    let mut cells: Vec<(Cohort, f64)> = Vec::new();
    for born in group.born.0..=group.born.1 {
        for &m in &months {
            for &(sex, w) in &sexes {
                if w > 0.0 {
                    let mut retires = retirement_year(spec, sex, born, m, scenario_file)?;
                    if retires >= spec.start_year + spec.years as i32 {
                        retires = NEVER;
                    }
                    let k = Cohort {
                        born,
                        retires,
                        joined: 0,
                        sex,
                    };
                    cells.push((k, w));
                }
            }
        }
    }
    let open = group.band == Some(AGE_BANDS.len() - 1);
    if open && cells.iter().any(|(k, _)| k.retires >= spec.start_year) {
        cells.retain(|(k, _)| k.retires >= spec.start_year);
    }
    let total: f64 = cells.iter().map(|c| c.1).sum();
    if total <= 0.0 {
        return Ok(Vec::new());
    }
    let n = group.count as f64;
    let mut out: Cells = Cells::new();
    for (k, w) in cells {
        add(&mut out, k, n * w / total);
    }
    Ok(out.into_iter().collect())
}

/// One stored cohort: [born, retires (0 for [`NEVER`]), joined, sex (0 men,
/// 1 women), expected officers in billionths].
pub type FlatCell = [i64; 5];

/// A unit as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlatPart {
    pub count: i64,
    pub cells: Vec<FlatCell>,
}

/// A station as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlatStation {
    pub movable: FlatPart,
    pub restricted: FlatPart,
    pub seconded: FlatPart,
    pub community: i64,
    pub auxiliaries: i64,
    pub restricted_weight: i64,
}

/// A county as stored; shares in billionths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlatCounty {
    pub hq: FlatPart,
    pub placed: Vec<(i32, i64)>,
    pub ledger: [Vec<FlatCell>; 2],
    pub restricted_rates: [i64; 6],
    pub auxiliary_weight: i64,
}

/// The force after a year, as its record stores it (`years/<year>.json`):
/// every count, and every expected count in billionths of an officer, the
/// precision the state keeps between years ([`State::quantize`]), so that
/// it reloads to the same state and a resumed roadmap writes the same
/// bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub year: i32,
    pub sexes_known: bool,
    /// In billionths.
    pub recruit_female_share: i64,
    pub stations: Vec<FlatStation>,
    pub counties: Vec<FlatCounty>,
}

fn billionths(x: f64) -> i64 {
    (x * QUANTUM).round() as i64
}

fn flat(cells: &Cells) -> Vec<FlatCell> {
    cells
        .iter()
        .map(|(k, m)| {
            [
                k.born as i64,
                if k.retires == NEVER {
                    0
                } else {
                    k.retires as i64
                },
                k.joined as i64,
                i64::from(k.sex == Sex::Female),
                billionths(*m),
            ]
        })
        .collect()
}

fn unflat(cells: &[FlatCell]) -> Option<Cells> {
    let mut out = Cells::new();
    for &[b, r, j, sex, m] in cells {
        let k = Cohort {
            born: i32::try_from(b).ok()?,
            retires: if r == 0 {
                NEVER
            } else {
                i32::try_from(r).ok()?
            },
            joined: i32::try_from(j).ok()?,
            sex: match sex {
                0 => Sex::Male,
                1 => Sex::Female,
                _ => return None,
            },
        };
        if m <= 0 || out.insert(k, m as f64 / QUANTUM).is_some() {
            return None;
        }
    }
    Some(out)
}

fn flat_part(p: &Part) -> FlatPart {
    FlatPart {
        count: p.count,
        cells: flat(&p.cells),
    }
}

fn unflat_part(p: &FlatPart) -> Option<Part> {
    (p.count >= 0).then_some(())?;
    Some(Part {
        count: p.count,
        cells: unflat(&p.cells)?,
    })
}

impl Snapshot {
    pub fn of(state: &State) -> Snapshot {
        Snapshot {
            year: state.year,
            sexes_known: state.sexes_known,
            recruit_female_share: billionths(state.recruit_female_share),
            stations: state
                .stations
                .iter()
                .map(|s| FlatStation {
                    movable: flat_part(&s.movable),
                    restricted: flat_part(&s.restricted),
                    seconded: flat_part(&s.seconded),
                    community: s.community,
                    auxiliaries: s.auxiliaries,
                    restricted_weight: s.restricted_weight,
                })
                .collect(),
            counties: state
                .counties
                .iter()
                .map(|c| FlatCounty {
                    hq: flat_part(&c.hq),
                    placed: c.placed.clone(),
                    ledger: [flat(&c.ledger[0]), flat(&c.ledger[1])],
                    restricted_rates: c.restricted_rates.map(billionths),
                    auxiliary_weight: c.auxiliary_weight,
                })
                .collect(),
        }
    }

    /// The state, or `None` when the snapshot is not one (bad cells).
    pub fn state(&self) -> Option<State> {
        let stations = self
            .stations
            .iter()
            .map(|s| {
                Some(StationState {
                    movable: unflat_part(&s.movable)?,
                    restricted: unflat_part(&s.restricted)?,
                    seconded: unflat_part(&s.seconded)?,
                    community: s.community,
                    auxiliaries: s.auxiliaries,
                    restricted_weight: s.restricted_weight,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let counties = self
            .counties
            .iter()
            .map(|c| {
                Some(CountyState {
                    hq: unflat_part(&c.hq)?,
                    placed: c.placed.clone(),
                    ledger: [unflat(&c.ledger[0])?, unflat(&c.ledger[1])?],
                    restricted_rates: c.restricted_rates.map(|r| r as f64 / QUANTUM),
                    auxiliary_weight: c.auxiliary_weight,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(State {
            year: self.year,
            stations,
            counties,
            sexes_known: self.sexes_known,
            recruit_female_share: self.recruit_female_share as f64 / QUANTUM,
        })
    }
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

    fn k(born: i32, sex: Sex) -> Cohort {
        Cohort {
            born,
            retires: born + 60,
            joined: 0,
            sex,
        }
    }

    #[test]
    fn taking_officers_takes_their_share_of_each_cohort() {
        let mut p = Part {
            count: 4,
            cells: [(k(1970, Sex::Male), 3.0), (k(1990, Sex::Female), 1.0)].into(),
        };
        // Only the young are eligible: they go first, then the rest.
        let out = p.take(2, |c| c.born > 1980);
        assert_eq!(p.count, 2);
        assert!((out[&k(1990, Sex::Female)] - 1.0).abs() < 1e-12);
        assert!((out[&k(1970, Sex::Male)] - 1.0).abs() < 1e-12);
        assert!((mass(&p.cells) - 2.0).abs() < 1e-12);
        // Weighted: the cohort of weight 1 is taken whole before λ grows.
        let mut p = Part {
            count: 4,
            cells: [
                (k(1960, Sex::Male), 1.0),
                (k(1970, Sex::Male), 2.0),
                (k(1990, Sex::Male), 1.0),
            ]
            .into(),
        };
        let w = |c: &Cohort| match c.born {
            1960 => 1.0,
            1970 => 0.25,
            _ => 0.0,
        };
        let out = p.take_weighted(2, w);
        assert!((out[&k(1960, Sex::Male)] - 1.0).abs() < 1e-12, "{out:?}");
        assert!((out[&k(1970, Sex::Male)] - 1.0).abs() < 1e-12, "{out:?}");
        assert!(!out.contains_key(&k(1990, Sex::Male)));
        // More than the weighted hold: the rest from the others.
        let out = p.take_weighted(2, w);
        assert!((mass(&out) - 2.0).abs() < 1e-12, "{out:?}");
        assert_eq!(p.count, 0);
    }

    #[test]
    fn a_snapshot_reloads_to_the_same_state() {
        let mut cells = Cells::new();
        cells.insert(k(1966, Sex::Female), 1.0 / 3.0);
        cells.insert(k(1990, Sex::Male), 2.0 / 3.0);
        let part = Part { count: 1, cells };
        let mut s = State {
            year: 2025,
            stations: vec![StationState {
                movable: part.clone(),
                restricted: Part::default(),
                seconded: Part::default(),
                community: 0,
                auxiliaries: 3,
                restricted_weight: 0,
            }],
            counties: vec![CountyState {
                hq: part.clone(),
                placed: vec![(2025, 2)],
                ledger: [part.cells.clone(), Cells::new()],
                restricted_rates: [0.0, 0.0, 0.0, 0.1, 0.2, 1.0 / 7.0],
                auxiliary_weight: 3,
            }],
            sexes_known: true,
            recruit_female_share: 0.15,
        };
        s.quantize();
        let json = serde_json::to_string(&Snapshot::of(&s)).unwrap();
        let back: Snapshot = serde_json::from_str(&json).unwrap();
        assert_eq!(back.state().unwrap(), s);
    }
}
