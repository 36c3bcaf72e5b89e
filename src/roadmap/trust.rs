//! Whether a kept year's record can be trusted (`roadmap --resume`).
//!
//! A record's fingerprint says which run it claims to belong to; nothing
//! proves its content is what that run wrote. Before a record is used it
//! must agree with the province, the force at the start and the records
//! before it ([`trusted`]); the first that does not is planned again, and
//! so is every later year. A record is checked in two steps:
//!
//! * **alone** ([`bounded`], when it is read): no more cohort cells in a
//!   unit than [`MAX_CELLS`], no more placed recruit years than the
//!   roadmap has years, every cohort of an age and years that can be, so
//!   no record can make a resumed run slow;
//! * **in its chain** ([`agrees`]): the year follows the one before; every
//!   cell of its rows is what the tool renders (numbers, or the neutralised
//!   message, ids and names); the constants of the force (shares and
//!   weights fixed at the start) are the start's; every unit's cohorts add
//!   up to its count and every county's ledger to its units; and the force
//!   is conserved — per county, force at the start (the force the year
//!   before left) − retirements − leavers + recruits = force at the end
//!   (the force the record holds), the province's row the counties' sums,
//!   and the recruits placed so far those of the years before and this
//!   year's;
//! * **planned again** ([`rederived`]): the year is planned once more from
//!   the force before it, with the recruits the record placed per county
//!   (horizon mode; myopic mode places them again itself), and every cell
//!   of its rows (level, moves, counts, shares, forces, bands, recruits)
//!   and the force it holds must be what that plan gives. This is the cost
//!   of one solve per kept year, never the horizon search: a resumed run
//!   skips the search and the writing of the year's plan folder.
//!
//! What these checks cannot see: in horizon mode, how many of a year's
//! recruits its level needed (`recruits_for_level`) comes from the search,
//! which is not run again; a kept value is only checked to lie between 0
//! and the recruits placed. The plan folder of a kept year is checked to be
//! whole (its own manifest), not rendered again.

use super::ageing::{Part, Snapshot, State};
use super::store::Record;
use super::table::{county_rows, year_row, COUNTY_COLUMNS, YEAR_COLUMNS};
use super::{run_year, Prepared, Rule};
use crate::domain::Province;
use crate::domain::AGE_BANDS;
use crate::report::csv::{is_plain_number, neutralise};
use crate::scenario::roadmap::RoadmapMode;

/// Why a kept year's record is not used (its year and every later one are
/// planned again): values, worded by the caller in the planner's language.
#[derive(Debug, Clone, PartialEq)]
pub enum Distrust {
    /// It names `year`, not the year after `before`.
    NotNextYear {
        /// The year it names.
        year: i32,
        /// The year before it (the start's, or the last kept one).
        before: i32,
    },
    /// Its row does not begin with its year and a status.
    RowStart,
    /// A cell of its row that holds a number does not.
    NotANumber {
        /// The cell's column.
        column: String,
    },
    /// Its message is not as the tool writes one.
    Message,
    /// Its row of a county is not that county's in its year.
    CountyRow {
        /// The county's id.
        county: String,
        /// The record's year.
        year: i32,
    },
    /// Its row of a county is not numbers.
    CountyNumbers {
        /// The county's id.
        county: String,
    },
    /// It holds shares or weights of the force other than those at the start.
    Constants,
    /// It holds a force that is not one (a cell repeated, or a count not above 0).
    NotAForce,
    /// It holds the force of another year.
    OtherYear,
    /// It holds a negative count at a station.
    Negative {
        /// The station's id.
        station: String,
    },
    /// A unit's cohorts do not add up to its count.
    Cohorts {
        /// The county's id.
        county: String,
        /// What the cohorts add up to.
        sum: f64,
        /// The unit's count.
        count: i64,
    },
    /// A county's ledger is not the force at its units.
    Ledger {
        /// The county's id.
        county: String,
    },
    /// A county's row lacks a count.
    LacksCount {
        /// The county's id.
        county: String,
    },
    /// A county's force is not conserved.
    Conservation {
        /// The county's id.
        county: String,
        /// The row's force at the start.
        start: i64,
        /// The row's retirements.
        retired: i64,
        /// The row's other leavers.
        left: i64,
        /// The row's recruits.
        recruits: i64,
        /// The row's force at the end.
        end: i64,
        /// The force the year before left.
        before: i64,
        /// The force the record holds.
        after: i64,
    },
    /// It lists recruits placed in a county other than the years' recruits.
    Placed {
        /// The county's id.
        county: String,
    },
    /// A province cell is not the sum of its counties'.
    NotTheSum {
        /// The column.
        column: String,
        /// The counties' sum.
        sum: i64,
    },
    /// Its force by age band is not its force at the end.
    Bands,
    /// The year cannot be planned again from the force before it.
    Unplannable,
    /// A cell of its row is not what planning the year again gives.
    Differs {
        /// The cell's column.
        column: String,
        /// The record's cell.
        kept: String,
        /// The cell planning the year again gives.
        derived: String,
    },
    /// A cell of a county's row is not what planning the year again gives.
    CountyDiffers {
        /// The county's id.
        county: String,
        /// The cell's column.
        column: String,
        /// The record's cell.
        kept: String,
        /// The cell planning the year again gives.
        derived: String,
    },
    /// The force it holds is not the one planning the year again leaves.
    Force,
}

/// Cohort cells a unit (a station's part, an HQ, a ledger) may hold: far
/// above any force's (ages × retirement years × recruitment years × sexes
/// of a real one stay in the low thousands).
pub const MAX_CELLS: usize = 1 << 14;

/// Years a cohort may be older than the year: nobody serves past 120.
const MAX_AGE: i64 = 120;

/// How far the cohorts of a unit may add up from its count, in officers:
/// the fitting leaves them within a millionth, the stored billionths add
/// a billionth per cell.
const MASS_TOLERANCE: f64 = 1e-3;

/// Checks a record alone: every unit's cells within [`MAX_CELLS`] and of
/// possible cohorts, at most `years` placed recruit years (module
/// documentation). `start_year`: the roadmap's first year.
pub fn bounded(s: &Snapshot, start_year: i32, years: usize) -> Result<(), String> {
    let t = i64::from(s.year);
    let cells = |what: &str, cells: &[[i64; 5]]| -> Result<(), String> {
        if cells.len() > MAX_CELLS {
            return Err(format!(
                "holds {} cohorts in one {what}, more than the {MAX_CELLS} a force can have",
                cells.len()
            ));
        }
        let possible = |&[born, retires, joined, _, _]: &[i64; 5]| {
            (t - MAX_AGE..=t).contains(&born)
                && (retires == 0 || (t + 1..=born + MAX_AGE).contains(&retires))
                && (joined == 0 || (i64::from(start_year)..=t).contains(&joined))
        };
        match cells.iter().find(|c| !possible(c)) {
            Some(c) => Err(format!(
                "holds a cohort that cannot be in {t} (born {}, retiring {}, recruited {}) in a {what}",
                c[0], c[1], c[2]
            )),
            None => Ok(()),
        }
    };
    for st in &s.stations {
        cells("station", &st.movable.cells)?;
        cells("station", &st.restricted.cells)?;
        cells("station", &st.seconded.cells)?;
    }
    for c in &s.counties {
        if c.placed.len() > years {
            return Err(format!(
                "lists recruits placed in {} years, but the roadmap has {years}",
                c.placed.len()
            ));
        }
        cells("county HQ", &c.hq.cells)?;
        cells("county's ledger", &c.ledger[0])?;
        cells("county's ledger", &c.ledger[1])?;
    }
    Ok(())
}

/// Whether `cell` is a number as the tool renders one: empty, or a finite
/// number in Rust's plain form (no exponent, no sign but a leading minus).
fn is_number(cell: &str) -> bool {
    cell.is_empty() || is_plain_number(cell)
}

/// A whole-number cell.
fn whole(cell: Option<&String>) -> Option<i64> {
    cell?.parse().ok()
}

/// The cells of a record's rows are what the tool renders: the year, a
/// status of plain letters, numbers, and text cells (the message, county
/// ids and names) neutralised as they are written.
fn rendered(r: &Record, prep: &Prepared) -> Result<(), Distrust> {
    let year = r.year.to_string();
    let last = r.cells.len().saturating_sub(1);
    let status = r.cells.get(1).map_or("", String::as_str);
    if r.cells.first() != Some(&year)
        || status.is_empty()
        || !status.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
    {
        return Err(Distrust::RowStart);
    }
    if let Some(i) = (2..last).find(|&i| !is_number(&r.cells[i])) {
        let column = YEAR_COLUMNS.get(i).copied().unwrap_or("recruits");
        return Err(Distrust::NotANumber {
            column: column.to_string(),
        });
    }
    if r.cells.get(last).is_some_and(|m| neutralise(m) != *m) {
        return Err(Distrust::Message);
    }
    for (row, (id, name)) in r.counties.iter().zip(prep.county_names()) {
        let text = [year.clone(), neutralise(&id), neutralise(&name)];
        if row.len() != COUNTY_COLUMNS.len() || row[..3] != text {
            return Err(Distrust::CountyRow {
                county: id,
                year: r.year,
            });
        }
        if row[3..]
            .iter()
            .any(|c| !is_number(c) && c != "true" && c != "false")
        {
            return Err(Distrust::CountyNumbers { county: id });
        }
    }
    Ok(())
}

/// The force's constants (fixed at the start) are the start's.
fn constants(s: &Snapshot, start: &Snapshot) -> Result<(), Distrust> {
    let same = s.sexes_known == start.sexes_known
        && s.recruit_female_share == start.recruit_female_share
        && s.stations
            .iter()
            .zip(&start.stations)
            .all(|(a, b)| a.restricted_weight == b.restricted_weight)
        && s.counties.iter().zip(&start.counties).all(|(a, b)| {
            a.restricted_rates == b.restricted_rates && a.auxiliary_weight == b.auxiliary_weight
        });
    if same {
        Ok(())
    } else {
        Err(Distrust::Constants)
    }
}

/// Every unit's cohorts add up to its count, every county's ledger to its
/// units, and no count is negative.
fn masses(state: &State, province: &Province) -> Result<(), Distrust> {
    let near = |a: f64, b: i64| (a - b as f64).abs() <= MASS_TOLERANCE;
    let mass = |p: &Part| p.cells.values().sum::<f64>();
    for (c, county) in province.counties.iter().enumerate() {
        let cs = &state.counties[c];
        let (mut posts, mut seconded) = (cs.hq.count, 0i64);
        let mut units = vec![&cs.hq];
        for &s in &county.stations {
            let st = &state.stations[s];
            if st.community < 0 || st.auxiliaries < 0 {
                return Err(Distrust::Negative {
                    station: province.stations[s].id.clone(),
                });
            }
            posts += st.movable.count + st.restricted.count;
            seconded += st.seconded.count;
            units.extend([&st.movable, &st.restricted, &st.seconded]);
        }
        let ledger = |k: usize| cs.ledger[k].values().sum::<f64>();
        if let Some(p) = units.iter().find(|p| !near(mass(p), p.count)) {
            return Err(Distrust::Cohorts {
                county: county.id.clone(),
                sum: mass(p),
                count: p.count,
            });
        }
        if !near(ledger(0), posts) || !near(ledger(1), seconded) {
            return Err(Distrust::Ledger {
                county: county.id.clone(),
            });
        }
    }
    Ok(())
}

/// The force is conserved from `before` (the force the year before left)
/// to the record's, as its rows say, and the recruits placed so far are
/// those before and this year's.
fn conserved(
    r: &Record,
    before: &State,
    after: &State,
    province: &Province,
) -> Result<(), Distrust> {
    let col = |name: &str| YEAR_COLUMNS.iter().position(|c| *c == name);
    let cell = |name: &str| col(name).and_then(|i| whole(r.cells.get(i)));
    let mut sums = [0i64; 5];
    for (c, county) in province.counties.iter().enumerate() {
        let row = &r.counties[c];
        // force_start, retirements, leavers, recruits, force_end.
        let n: Vec<Option<i64>> = (3..8).map(|i| whole(row.get(i))).collect();
        let [Some(start), Some(retired), Some(left), Some(recruits), Some(end)] = n[..] else {
            return Err(Distrust::LacksCount {
                county: county.id.clone(),
            });
        };
        if start != before.force(province, c)
            || end != after.force(province, c)
            || start - retired - left + recruits != end
            || retired < 0
            || left < 0
            || recruits < 0
        {
            return Err(Distrust::Conservation {
                county: county.id.clone(),
                start,
                retired,
                left,
                recruits,
                end,
                before: before.force(province, c),
                after: after.force(province, c),
            });
        }
        let mut placed = before.counties[c].placed.clone();
        if recruits > 0 {
            placed.push((r.year, recruits));
        }
        if placed != after.counties[c].placed {
            return Err(Distrust::Placed {
                county: county.id.clone(),
            });
        }
        for (s, v) in sums.iter_mut().zip([start, retired, left, recruits, end]) {
            *s += v;
        }
    }
    let names = [
        "force_start",
        "retirements",
        "leavers",
        "recruits",
        "force_end",
    ];
    for (name, sum) in names.iter().zip(sums) {
        if cell(name) != Some(sum) {
            return Err(Distrust::NotTheSum {
                column: name.to_string(),
                sum,
            });
        }
    }
    let bands: i64 = AGE_BANDS.iter().filter_map(|b| cell(b.key)).sum();
    if bands != sums[4] {
        return Err(Distrust::Bands);
    }
    Ok(())
}

/// Plans the record's year again from `before` and compares: every cell
/// of its rows and the force it holds must be what that plan gives
/// (module documentation). In horizon mode the year takes the recruits
/// the record placed per county (checked by [`conserved`] against the
/// recruits placed so far); `recruits_for_level` is then only checked to
/// lie between 0 and the recruits placed.
fn rederived(
    r: &Record,
    before: &State,
    prep: &Prepared,
    mode: RoadmapMode,
) -> Result<(), Distrust> {
    let k = usize::try_from(i64::from(r.year) - i64::from(prep.spec.start_year))
        .ok()
        .filter(|&k| k < prep.spec.years)
        .ok_or(Distrust::Unplannable)?;
    let rule = match mode {
        RoadmapMode::Myopic => Rule::Myopic,
        RoadmapMode::Horizon => Rule::Given(
            r.counties
                .iter()
                .map(|row| whole(row.get(6)).unwrap_or(0))
                .collect(),
        ),
    };
    let y = run_year(prep, before, k, &rule).map_err(|_| Distrust::Unplannable)?;
    let stations = y.solution.outcome.province.stations.len();
    let mut cells = year_row(&y.figures, y.placement.for_level.iter().sum(), stations);
    if mode == RoadmapMode::Horizon {
        let i = YEAR_COLUMNS
            .iter()
            .position(|c| *c == "recruits_for_level")
            .unwrap_or(0);
        let within = whole(r.cells.get(i)).is_some_and(|n| (0..=y.figures.recruits).contains(&n));
        if within {
            cells[i] = r.cells[i].clone();
        }
    }
    let columns = super::table::columns(&prep.county_ids());
    if let Some(i) = (0..cells.len()).find(|&i| r.cells.get(i) != Some(&cells[i])) {
        return Err(Distrust::Differs {
            column: columns.get(i).cloned().unwrap_or_default(),
            kept: r.cells.get(i).cloned().unwrap_or_default(),
            derived: cells[i].clone(),
        });
    }
    let rows = county_rows(&y.figures, &prep.county_names());
    for (kept, derived) in r.counties.iter().zip(&rows) {
        if let Some(i) = (0..derived.len()).find(|&i| kept.get(i) != Some(&derived[i])) {
            return Err(Distrust::CountyDiffers {
                county: derived[1].clone(),
                column: COUNTY_COLUMNS[i].to_string(),
                kept: kept.get(i).cloned().unwrap_or_default(),
                derived: derived[i].clone(),
            });
        }
    }
    if Snapshot::of(&y.state) != r.state {
        return Err(Distrust::Force);
    }
    Ok(())
}

/// Checks a record against the force `before` (the start's, or the last
/// kept year's): module documentation. Returns the force it holds.
pub fn agrees(
    r: &Record,
    before: &State,
    prep: &Prepared,
    mode: RoadmapMode,
) -> Result<State, Distrust> {
    let province = &prep.loaded.province;
    if r.year != before.year + 1 {
        return Err(Distrust::NotNextYear {
            year: r.year,
            before: before.year,
        });
    }
    rendered(r, prep)?;
    constants(&r.state, &Snapshot::of(&prep.start))?;
    let after = r.state.state().ok_or(Distrust::NotAForce)?;
    if after.year != r.year || r.state.year != r.year {
        return Err(Distrust::OtherYear);
    }
    masses(&after, province)?;
    conserved(r, before, &after, province)?;
    rederived(r, before, prep, mode)?;
    Ok(after)
}

/// A kept year's record with the force it holds.
pub type Kept = (Record, State);

/// The records of the first years that agree with the start and with each
/// other ([`agrees`]), in order, each with the force it holds, and the
/// first that does not with why (its year and every later one are planned
/// again).
pub fn trusted(
    kept: Vec<Record>,
    prep: &Prepared,
    mode: RoadmapMode,
) -> (Vec<Kept>, Option<(i32, Distrust)>) {
    let mut out: Vec<Kept> = Vec::with_capacity(kept.len());
    for r in kept {
        let before = out.last().map_or(&prep.start, |(_, s)| s);
        match agrees(&r, before, prep, mode) {
            Ok(state) => out.push((r, state)),
            Err(why) => return (out, Some((r.year, why))),
        }
    }
    (out, None)
}
