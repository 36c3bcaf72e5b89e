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
//!   year's.
//!
//! What these checks cannot see: a record altered consistently everywhere
//! (officers moved between two stations with their cohorts, say) is a
//! force the tool could have written; it is used as it is, like a plan
//! folder an analyst edited by hand.

use super::ageing::{Part, Snapshot, State};
use super::store::Record;
use super::table::{COUNTY_COLUMNS, YEAR_COLUMNS};
use super::Prepared;
use crate::domain::Province;
use crate::domain::AGE_BANDS;
use crate::report::csv::{is_plain_number, neutralise};

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
fn rendered(r: &Record, prep: &Prepared) -> Result<(), String> {
    let year = r.year.to_string();
    let last = r.cells.len().saturating_sub(1);
    let status = r.cells.get(1).map_or("", String::as_str);
    if r.cells.first() != Some(&year)
        || status.is_empty()
        || !status.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
    {
        return Err("its row does not begin with its year and a status".into());
    }
    if let Some(i) = (2..last).find(|&i| !is_number(&r.cells[i])) {
        let column = YEAR_COLUMNS.get(i).copied().unwrap_or("recruits");
        return Err(format!("its `{column}` cell is not a number"));
    }
    if r.cells.get(last).is_some_and(|m| neutralise(m) != *m) {
        return Err("its message is not as the tool writes one".into());
    }
    for (row, (id, name)) in r.counties.iter().zip(prep.county_names()) {
        let text = [year.clone(), neutralise(&id), neutralise(&name)];
        if row.len() != COUNTY_COLUMNS.len() || row[..3] != text {
            return Err(format!(
                "its row of county {} is not that county's in {}",
                id.escape_debug(),
                r.year
            ));
        }
        if row[3..]
            .iter()
            .any(|c| !is_number(c) && c != "true" && c != "false")
        {
            return Err(format!(
                "its row of county {} is not numbers",
                id.escape_debug()
            ));
        }
    }
    Ok(())
}

/// The force's constants (fixed at the start) are the start's.
fn constants(s: &Snapshot, start: &Snapshot) -> Result<(), String> {
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
        Err("holds shares or weights of the force other than those at the start".into())
    }
}

/// Every unit's cohorts add up to its count, every county's ledger to its
/// units, and no count is negative.
fn masses(state: &State, province: &Province) -> Result<(), String> {
    let near = |a: f64, b: i64| (a - b as f64).abs() <= MASS_TOLERANCE;
    let mass = |p: &Part| p.cells.values().sum::<f64>();
    for (c, county) in province.counties.iter().enumerate() {
        let cs = &state.counties[c];
        let (mut posts, mut seconded) = (cs.hq.count, 0i64);
        let mut units = vec![&cs.hq];
        for &s in &county.stations {
            let st = &state.stations[s];
            if st.community < 0 || st.auxiliaries < 0 {
                return Err(format!(
                    "holds a negative count at station {}",
                    province.stations[s].id
                ));
            }
            posts += st.movable.count + st.restricted.count;
            seconded += st.seconded.count;
            units.extend([&st.movable, &st.restricted, &st.seconded]);
        }
        let ledger = |k: usize| cs.ledger[k].values().sum::<f64>();
        if let Some(p) = units.iter().find(|p| !near(mass(p), p.count)) {
            return Err(format!(
                "holds a unit of county {} whose cohorts add up to {} officers, not its {}",
                county.id,
                mass(p),
                p.count
            ));
        }
        if !near(ledger(0), posts) || !near(ledger(1), seconded) {
            return Err(format!(
                "holds a ledger of county {} that is not the force at its units",
                county.id
            ));
        }
    }
    Ok(())
}

/// The force is conserved from `before` (the force the year before left)
/// to the record's, as its rows say, and the recruits placed so far are
/// those before and this year's.
fn conserved(r: &Record, before: &State, after: &State, province: &Province) -> Result<(), String> {
    let col = |name: &str| YEAR_COLUMNS.iter().position(|c| *c == name);
    let cell = |name: &str| col(name).and_then(|i| whole(r.cells.get(i)));
    let mut sums = [0i64; 5];
    for (c, county) in province.counties.iter().enumerate() {
        let row = &r.counties[c];
        // force_start, retirements, leavers, recruits, force_end.
        let n: Vec<Option<i64>> = (3..8).map(|i| whole(row.get(i))).collect();
        let [Some(start), Some(retired), Some(left), Some(recruits), Some(end)] = n[..] else {
            return Err(format!("its row of county {} lacks a count", county.id));
        };
        if start != before.force(province, c)
            || end != after.force(province, c)
            || start - retired - left + recruits != end
            || retired < 0
            || left < 0
            || recruits < 0
        {
            return Err(format!(
                "breaks the conservation of county {}'s force (start {start} − retirements {retired} − leavers {left} + recruits {recruits} = end {end}, from a force of {} to one of {})",
                county.id,
                before.force(province, c),
                after.force(province, c)
            ));
        }
        let mut placed = before.counties[c].placed.clone();
        if recruits > 0 {
            placed.push((r.year, recruits));
        }
        if placed != after.counties[c].placed {
            return Err(format!(
                "lists recruits placed in county {} other than the years' recruits",
                county.id
            ));
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
            return Err(format!(
                "its `{name}` is not the sum of its counties' ({sum})"
            ));
        }
    }
    let bands: i64 = AGE_BANDS.iter().filter_map(|b| cell(b.key)).sum();
    if bands != sums[4] {
        return Err("its force by age band is not its force at the end".into());
    }
    Ok(())
}

/// Checks a record against the force `before` (the start's, or the last
/// kept year's): module documentation. Returns the force it holds.
pub fn agrees(r: &Record, before: &State, prep: &Prepared) -> Result<State, String> {
    let province = &prep.loaded.province;
    if r.year != before.year + 1 {
        return Err(format!(
            "names year {}, not the year after {}",
            r.year, before.year
        ));
    }
    rendered(r, prep)?;
    constants(&r.state, &Snapshot::of(&prep.start))?;
    let after = r
        .state
        .state()
        .ok_or("holds a force that is not one (a cell repeated, or a count not above 0)")?;
    if after.year != r.year || r.state.year != r.year {
        return Err("holds the force of another year".into());
    }
    masses(&after, province)?;
    conserved(r, before, &after, province)?;
    Ok(after)
}

/// A kept year's record with the force it holds.
pub type Kept = (Record, State);

/// The records of the first years that agree with the start and with each
/// other ([`agrees`]), in order, each with the force it holds, and the
/// first that does not with why (its year and every later one are planned
/// again).
pub fn trusted(kept: Vec<Record>, prep: &Prepared) -> (Vec<Kept>, Option<(i32, String)>) {
    let mut out: Vec<Kept> = Vec::with_capacity(kept.len());
    for r in kept {
        let before = out.last().map_or(&prep.start, |(_, s)| s);
        match agrees(&r, before, prep) {
            Ok(state) => out.push((r, state)),
            Err(why) => return (out, Some((r.year, why))),
        }
    }
    (out, None)
}
