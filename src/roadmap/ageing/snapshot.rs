//! The force as a year's record stores it.

use super::*;

/// One stored cohort: [born, retires (0 for [`NEVER`]), joined, sex (0 men,
/// 1 women), expected officers in billionths].
pub type FlatCell = [i64; 5];

/// A unit as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlatPart {
    /// [`Part::count`]: the unit's officers, a whole number.
    pub count: i64,
    /// [`Part::cells`]: the expected officers by cohort, in billionths.
    pub cells: Vec<FlatCell>,
}

/// A station as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlatStation {
    /// [`StationState::movable`], as stored.
    pub movable: FlatPart,
    /// [`StationState::restricted`], as stored.
    pub restricted: FlatPart,
    /// [`StationState::seconded`], as stored.
    pub seconded: FlatPart,
    /// [`StationState::community`]: community officers of the last plan.
    pub community: i64,
    /// [`StationState::auxiliaries`]: the station's auxiliaries.
    pub auxiliaries: i64,
    /// [`StationState::restricted_weight`]: the data's restricted officers.
    pub restricted_weight: i64,
}

/// A county as stored; shares in billionths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlatCounty {
    /// [`CountyState::hq`], as stored.
    pub hq: FlatPart,
    /// [`CountyState::placed`]: (year, recruits placed).
    pub placed: Vec<(i32, i64)>,
    /// [`CountyState::ledger`]: the county's force by cohort, at posts and
    /// seconded, in billionths.
    pub ledger: [Vec<FlatCell>; 2],
    /// [`CountyState::restricted_rates`]: ρc,b per age band, in billionths.
    pub restricted_rates: [i64; 6],
    /// [`CountyState::auxiliary_weight`]: the county's auxiliaries at the start.
    pub auxiliary_weight: i64,
}

/// The force after a year, as its record stores it (`years/<year>.json`):
/// every count, and every expected count in billionths of an officer, the
/// precision the state keeps between years ([`State::quantize`]), so that
/// it reloads to the same state and a resumed roadmap writes the same
/// bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// [`State::year`]: the last year applied.
    pub year: i32,
    /// [`State::sexes_known`]: whether the cohorts' sexes come from the data.
    pub sexes_known: bool,
    /// In billionths.
    pub recruit_female_share: i64,
    /// Each station, in the province's order.
    pub stations: Vec<FlatStation>,
    /// Each county, in the province's order.
    pub counties: Vec<FlatCounty>,
}

pub(super) fn billionths(x: f64) -> i64 {
    (x * QUANTUM).round() as i64
}

pub(super) fn flat(cells: &Cells) -> Vec<FlatCell> {
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

pub(super) fn unflat(cells: &[FlatCell]) -> Option<Cells> {
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

pub(super) fn flat_part(p: &Part) -> FlatPart {
    FlatPart {
        count: p.count,
        cells: flat(&p.cells),
    }
}

pub(super) fn unflat_part(p: &FlatPart) -> Option<Part> {
    (p.count >= 0).then_some(())?;
    Some(Part {
        count: p.count,
        cells: unflat(&p.cells)?,
    })
}

impl Snapshot {
    /// The snapshot of `state`: its counts, and its expected counts in billionths.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::roadmap::Sex;

    fn k(born: i32, sex: Sex) -> Cohort {
        Cohort {
            born,
            retires: born + 60,
            joined: 0,
            sex,
        }
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
