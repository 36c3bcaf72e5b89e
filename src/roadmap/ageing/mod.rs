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

mod apply;
mod flows;
mod snapshot;
mod start;
mod units;
mod whole;

pub use flows::{recruit_survivors, recruits_stay, survival};
pub use snapshot::{FlatCell, FlatCounty, FlatPart, FlatStation, Snapshot};
pub use start::PastRetirement;
pub use whole::{apportion, mix, round_half_up, salt};

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
    /// The calendar year they were born (ages are those reached in a year).
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
    /// How many officers the unit has: a whole number.
    pub count: i64,
    /// How many of them each cohort is expected to be, in fractions summing to `count`.
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
    /// The officers a plan may move (neither restricted nor seconded).
    pub movable: Part,
    /// The restricted officers (不能值班备勤): they stay.
    pub restricted: Part,
    /// Seconded away (借调/抽调): of the force, at no post.
    pub seconded: Part,
    /// Community officers of the last plan (today's at the start).
    pub community: i64,
    /// Auxiliaries at the station: the last plan's (today's at the start),
    /// less any who left since.
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
    /// The county HQ's officers.
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
    /// Each station of the province, in order.
    pub stations: Vec<StationState>,
    /// Each county of the province, in order.
    pub counties: Vec<CountyState>,
    /// Whether the cohorts' sexes mean anything: the data give them (a
    /// roster) or `female_share` splits the bands.
    pub sexes_known: bool,
    /// The share of women among recruits: `female_share`, or the share of
    /// women in today's force when a roster gives the sexes.
    pub recruit_female_share: f64,
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
    /// Retirements in each county, in order.
    pub retirements: Vec<i64>,
    /// Leavers of today's force and of earlier recruits.
    pub leavers: Vec<i64>,
    /// Auxiliaries who left each county, ⌊rate·Σ aₛ + ½⌋ ([`State::auxiliaries_leave`]).
    pub auxiliaries: Vec<i64>,
}

impl State {
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
}
