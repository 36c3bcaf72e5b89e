//! The optional columns of a generated instance, each drawn from a stream
//! of its own so the other columns stay the same bytes: the real-strength
//! columns (`staffing generate --strength`) and the age bands
//! (`--ages`).

use std::collections::{HashMap, HashSet};

use super::{split_proportional, Generated, MIN_OFFICERS};
use crate::domain::AGE_BAND_KEYS;
use crate::sample::Stream;

/// The shares behind the real-strength columns (`nominal`, `seconded`,
/// `restricted`) that [`add_strength`] draws; see `docs/generator.md`.
pub mod strength_shares {
    /// A county lists HQ officers at its stations (挂名/兼职) with this
    /// probability.
    pub const COUNTY_LISTS_NOMINAL: f64 = 0.4;
    /// In such a county, the seat station (its first) and every urban
    /// station carry a share uniform(LO, HI) of their books as nominal.
    pub const NOMINAL_SHARE: (f64, f64) = (0.10, 0.25);
    /// A station has officers seconded to a task force (借调/抽调) with this
    /// probability: (urban, rural).
    pub const SECONDED: (f64, f64) = (0.35, 0.15);
    /// A station has officers who cannot take duty shifts (不能值班备勤)
    /// with this probability: (urban, rural).
    pub const RESTRICTED: (f64, f64) = (0.15, 0.35);
    /// A station that has seconded (restricted) officers has 2 rather than
    /// 1 with this probability.
    pub const SECOND_ONE: (f64, f64) = (0.3, 0.25);
}

/// The column names and rows of a plain table.
type PlainTable = (Vec<String>, Vec<Vec<String>>);

/// A table the generator wrote (header, then one record per line, no
/// quotes), as its column names and rows; `caller` names the function in
/// the error for anything else.
fn plain_table(text: &str, what: &str, caller: &str) -> Result<PlainTable, String> {
    let mut lines = text.lines();
    let header = lines.next().ok_or(format!("the {what} table is empty"))?;
    let names: Vec<String> = header.split(',').map(str::to_string).collect();
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    if text.contains('"') || rows.iter().any(|r| r.len() != names.len()) {
        return Err(format!(
            "{caller} reads plain {what} tables: one record per line, no quotes"
        ));
    }
    Ok((names, rows))
}

/// The position of column `name` in a [`plain_table`]'s names.
fn column(names: &[String], name: &str) -> Result<usize, String> {
    names
        .iter()
        .position(|n| n == name)
        .ok_or(format!("the table has no column `{name}`"))
}

/// Appends the real-strength columns `nominal`, `seconded` and `restricted`
/// to a stations table in the data contract (one record per line, no quoted
/// fields, with the columns `county_id`, `kind` and `officers`; its
/// `counties` table gives each county's force and HQ minimum), drawn from a
/// stream seeded with `seed` in a fixed order: per county in order of first
/// appearance, whether it lists HQ officers at its stations; then per
/// station in file order, five draws (nominal share, seconded, how many,
/// restricted, how many), whatever the branch. Every station keeps at least
/// one officer who is really there, and the columns always satisfy the data
/// contract (nominal + seconded ≤ officers, restricted ≤ the rest).
///
/// The generator's promise that every county has a plan at level 0 (under
/// its scenario: minimum 2, both shares 40%) is kept: the seconded are at
/// no post, so a county whose seconded would leave fewer than
/// max(⌈0.4·E⌉, Σₛ max(mₛ, rₛ)) officers to post above hq_min has its
/// seconded cut, last station first, until it does. The shares are
/// [`strength_shares`]; the same tables and seed give the same bytes.
pub fn add_strength(stations_csv: &str, counties_csv: &str, seed: u64) -> Result<String, String> {
    use strength_shares::*;
    let table = |text: &str, what: &str| plain_table(text, what, "add_strength");
    let (names, rows) = table(stations_csv, "stations")?;
    let (county_names, county_rows) = table(counties_csv, "counties")?;
    let col = column;
    let (county, kind, officers) = (
        col(&names, "county_id")?,
        col(&names, "kind")?,
        col(&names, "officers")?,
    );
    let minimum = col(&names, "min_officers").ok();
    for n in ["nominal", "seconded", "restricted"] {
        if names.iter().any(|h| h == n) {
            return Err(format!("the stations table already has a column `{n}`"));
        }
    }
    let whole = |v: &str, what: &str| -> Result<i64, String> {
        v.parse()
            .map_err(|_| format!("{what} `{v}` is not a whole number"))
    };
    let mut rng = Stream::new(seed);
    // Each county's stations, and whether it lists nominal officers (drawn
    // in the order the counties first appear): one pass, so a nation of
    // 70,000 counties is not scanned once per station.
    let mut stations_of: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut lists: HashMap<&str, bool> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let c = r[county].as_str();
        stations_of.entry(c).or_default().push(i);
        lists
            .entry(c)
            .or_insert_with(|| rng.unit() < COUNTY_LISTS_NOMINAL);
    }
    // (nominal, seconded, restricted) per station.
    let mut drawn: Vec<[i64; 3]> = Vec::with_capacity(rows.len());
    let mut seen: HashSet<&str> = HashSet::new();
    for r in &rows {
        let x = whole(&r[officers], "officers")?;
        let urban = r[kind] == "urban";
        let seat = seen.insert(r[county].as_str());
        let county_lists = lists[r[county].as_str()];
        let (u_nominal, u_seconded, u_two, u_restricted, u_two_r) = (
            rng.uniform(NOMINAL_SHARE.0, NOMINAL_SHARE.1),
            rng.unit(),
            rng.unit(),
            rng.unit(),
            rng.unit(),
        );
        let pick = |(u, r): (f64, f64)| if urban { u } else { r };
        let mut nominal = 0;
        if county_lists && (seat || urban) && x > 1 {
            nominal = ((x as f64 * u_nominal).round() as i64).clamp(1, x - 1);
        }
        let mut seconded = 0;
        if u_seconded < pick(SECONDED) {
            seconded = (1 + i64::from(u_two < SECOND_ONE.0))
                .min(x - nominal - 1)
                .max(0);
        }
        let mut restricted = 0;
        if u_restricted < pick(RESTRICTED) {
            restricted = (1 + i64::from(u_two_r < SECOND_ONE.1))
                .min(x - nominal - seconded)
                .max(0);
        }
        drawn.push([nominal, seconded, restricted]);
    }
    // Keep a plan at level 0 in every county (see above).
    let (cid, force, hq_min) = (
        col(&county_names, "county_id")?,
        col(&county_names, "officers_total")?,
        col(&county_names, "hq_min")?,
    );
    for c in &county_rows {
        let e = whole(&c[force], "officers_total")?;
        let hq = whole(&c[hq_min], "hq_min")?;
        let mine: &[usize] = stations_of.get(c[cid].as_str()).map_or(&[], Vec::as_slice);
        let mut floors = 0;
        for &i in mine {
            let m = match minimum.map(|m| rows[i][m].as_str()) {
                Some(v) if !v.is_empty() => whole(v, "min_officers")?,
                _ => MIN_OFFICERS,
            };
            floors += m.max(drawn[i][2]);
        }
        let need = ((2 * e + 4) / 5).max(floors);
        let spare = (e - hq - need).max(0);
        let mut away: i64 = mine.iter().map(|&i| drawn[i][1]).sum();
        for &i in mine.iter().rev() {
            while away > spare && drawn[i][1] > 0 {
                drawn[i][1] -= 1;
                away -= 1;
            }
        }
    }
    let mut out = format!("{},nominal,seconded,restricted\n", names.join(","));
    for (r, [nominal, seconded, restricted]) in rows.iter().zip(&drawn) {
        out.push_str(&format!(
            "{},{nominal},{seconded},{restricted}\n",
            r.join(",")
        ));
    }
    Ok(out)
}

impl Generated {
    /// The instance with the real-strength columns of [`add_strength`]
    /// (`staffing generate --strength`), drawn from their own stream so the
    /// other columns are the same bytes as without them.
    pub fn with_strength(mut self, seed: u64) -> Result<Generated, String> {
        // "STRENGTH" in ASCII: a stream of its own.
        self.stations_csv = add_strength(
            &self.stations_csv,
            &self.counties_csv,
            seed ^ 0x5354_5245_4e47_5448,
        )?;
        Ok(self)
    }
}

/// The age profiles behind the age-band columns that [`add_ages`] draws
/// (`docs/generator.md`): shares of a unit's officers in the bands
/// `age_under_30`, `age_30_39`, `age_40_49`, `age_50_54`, `age_55_59` and
/// `age_60_plus`. The study (二(一)) says the force ages towards the
/// grassroots: older and unwell officers are sent down to the stations,
/// rural ones most ("越到基层队伍老化越严重"), and it names a large
/// cohort recruited for the stations in 2014 (the 9,490 事业编 officers),
/// about 35 today: hence the weight of the 30–39 band everywhere.
pub mod age_shares {
    /// An urban station (mean age about 40).
    pub const URBAN: [f64; 6] = [0.20, 0.34, 0.22, 0.11, 0.11, 0.02];
    /// A rural station (mean age about 44).
    pub const RURAL: [f64; 6] = [0.10, 0.28, 0.24, 0.15, 0.20, 0.03];
    /// A county's HQ (mean age about 42).
    pub const HQ: [f64; 6] = [0.13, 0.30, 0.27, 0.14, 0.14, 0.02];
    /// Each unit's shares are multiplied by lognormal(0, SPREAD) draws and
    /// renormalised.
    pub const SPREAD: f64 = 0.3;
}

/// Appends the age-band columns to a stations table and a counties table
/// in the data contract (one record per line, no quoted fields; stations
/// with `county_id`, `kind` and `officers`, counties with `county_id` and
/// `officers_total`): each station's officers, and each county's HQ
/// officers (officers_total less its stations' officers), split over the
/// bands in proportion to its [`age_shares`] profile times six
/// lognormal(0, [`age_shares::SPREAD`]) draws (largest remainder). Draws
/// come from a stream seeded with `seed`, per station in file order, then
/// per county in file order; the same tables and seed give the same bytes.
/// Returns (stations, counties).
pub fn add_ages(
    stations_csv: &str,
    counties_csv: &str,
    seed: u64,
) -> Result<(String, String), String> {
    let table = |text: &str, what: &str| {
        let (names, rows) = plain_table(text, what, "add_ages")?;
        if let Some(n) = AGE_BAND_KEYS.iter().find(|n| names.iter().any(|h| h == *n)) {
            return Err(format!("the {what} table already has a column `{n}`"));
        }
        Ok((names, rows))
    };
    let (names, rows) = table(stations_csv, "stations")?;
    let (county_names, county_rows) = table(counties_csv, "counties")?;
    let col = column;
    let (county, kind, officers) = (
        col(&names, "county_id")?,
        col(&names, "kind")?,
        col(&names, "officers")?,
    );
    let (cid, force) = (
        col(&county_names, "county_id")?,
        col(&county_names, "officers_total")?,
    );
    let whole = |v: &str, what: &str| -> Result<i64, String> {
        v.parse()
            .map_err(|_| format!("{what} `{v}` is not a whole number"))
    };
    let mut rng = Stream::new(seed);
    let split = |n: i64, base: &[f64; 6], rng: &mut Stream| -> Vec<i64> {
        let w: Vec<f64> = base
            .iter()
            .map(|b| b * rng.lognormal(0.0, age_shares::SPREAD))
            .collect();
        split_proportional(n, &w)
    };
    let mut at_stations: std::collections::HashMap<String, i64> = Default::default();
    let mut station_out = format!("{},{}\n", names.join(","), AGE_BAND_KEYS.join(","));
    for r in &rows {
        let x = whole(&r[officers], "officers")?;
        let base = if r[kind] == "urban" {
            &age_shares::URBAN
        } else {
            &age_shares::RURAL
        };
        let bands = split(x, base, &mut rng);
        *at_stations.entry(r[county].clone()).or_insert(0) += x;
        let cells: Vec<String> = bands.iter().map(|b| b.to_string()).collect();
        station_out.push_str(&format!("{},{}\n", r.join(","), cells.join(",")));
    }
    let mut county_out = format!("{},{}\n", county_names.join(","), AGE_BAND_KEYS.join(","));
    for c in &county_rows {
        let e = whole(&c[force], "officers_total")?;
        let hq = e - at_stations.get(&c[cid]).copied().unwrap_or(0);
        if hq < 0 {
            return Err(format!(
                "county `{}` has more officers at its stations than officers_total",
                c[cid]
            ));
        }
        let bands = split(hq, &age_shares::HQ, &mut rng);
        let cells: Vec<String> = bands.iter().map(|b| b.to_string()).collect();
        county_out.push_str(&format!("{},{}\n", c.join(","), cells.join(",")));
    }
    Ok((station_out, county_out))
}

impl Generated {
    /// The instance with the age-band columns of [`add_ages`]
    /// (`staffing generate --ages`), drawn from their own stream so the
    /// other columns are the same bytes as without them.
    pub fn with_ages(mut self, seed: u64) -> Result<Generated, String> {
        // "AGES" in ASCII: a stream of its own.
        let (stations, counties) =
            add_ages(&self.stations_csv, &self.counties_csv, seed ^ 0x4147_4553)?;
        self.stations_csv = stations;
        self.counties_csv = counties;
        Ok(self)
    }
}
