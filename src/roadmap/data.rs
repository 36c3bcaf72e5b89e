//! The age structure of the force (the roadmap's data contract): officers
//! by age band on `stations.csv` and `counties.csv`, or a roster
//! `officers.csv` with one row per officer.
//!
//! **Age bands.** Six optional columns, on both tables: `age_under_30`,
//! `age_30_39`, `age_40_49`, `age_50_54`, `age_55_59`, `age_60_plus` (or
//! Chinese headers such as `30岁以下`, `30-39岁`, `60岁以上`; [`crate::domain::AGE_BANDS`]).
//! A station's bands add up to its officers as its books list them (the
//! `officers` column); a county's to its HQ officers on the books,
//! `officers_total` minus its stations' `officers`. An empty cell is 0.
//! Either table may lack the columns only when every unit it describes has
//! no officers.
//!
//! **Roster.** `[roadmap] roster = "officers.csv"`: columns `officer_id`,
//! `station_id` (empty for HQ) or `county_id`, `birth_year`, `sex`, `kind`,
//! and optionally `birth_month`. `kind` is empty (or `regular`),
//! `restricted` (不能值班备勤), `nominal` (挂名) or `seconded` (借调). The
//! roster must agree with the tables: each station's officers, and of them
//! its restricted, nominal and seconded officers, and each county's HQ.
//! When a roster is named it is the source; age bands in the tables are
//! then not read (the outputs say so).
//!
//! Ages in the data are the ages officers reach in the roadmap's first
//! year, as personnel statistics count them: first year − birth year.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::domain::{Province, AGE_BANDS, AGE_BAND_KEYS};
use crate::error::{InputError, Warning};
use crate::input::aliases::{COUNTY_ALIASES, COUNTY_SHEETS, STATION_ALIASES, STATION_SHEETS};
use crate::input::read_table;
use crate::input::table::{Spec, Table};
use crate::scenario::roadmap::{RoadmapSpec, Sex};
use crate::scenario::Scenario;

pub use crate::domain::band_of;

/// What an officer is on the books (the roster's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OfficerKind {
    /// Not known (age bands): the roadmap assigns the station's restricted,
    /// nominal and seconded officers (`docs/roadmap.md`).
    Any,
    /// Fit for every duty (the roster's `regular`, `在岗`, `正常` or an empty cell).
    Regular,
    /// 不能值班备勤.
    Restricted,
    /// 挂名/兼职: on the station's books, working at HQ.
    Nominal,
    /// 借调/抽调: on the station's books, away in a task force.
    Seconded,
}

/// Officers of one unit alike in sex, birth years, birth month and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Group {
    /// `None`: not known (age bands).
    pub sex: Option<Sex>,
    /// Birth years, inclusive: one year from a roster, a band's span of
    /// years otherwise (spread evenly).
    pub born: (i32, i32),
    /// Birth month (1–12), when the roster gives it.
    pub month: Option<u32>,
    /// What the officers are on the books.
    pub kind: OfficerKind,
    /// Officers in the group.
    pub count: i64,
    /// The age band ([`AGE_BANDS`]) the group is, for age-band data (`None`:
    /// a roster's officers).
    pub band: Option<usize>,
}

/// Where the ages came from (recorded in the outputs' provenance).
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Age bands on the stations and counties tables (these files).
    Bands {
        /// The stations table the stations' age bands were read from.
        stations: PathBuf,
        /// The counties table the HQs' age bands were read from.
        counties: PathBuf,
    },
    /// A roster; `bands_ignored`: the tables have age bands too, which were
    /// not read.
    Roster {
        /// The roster file.
        file: PathBuf,
        /// Officers the roster lists.
        officers: usize,
        /// The stations or counties table has age bands too, not read.
        bands_ignored: bool,
    },
}

impl Source {
    /// In words, in `lang` ([`Source::describe`] in English).
    pub fn describe_in(&self, lang: crate::report::Lang) -> String {
        let name = |p: &PathBuf| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        };
        match (lang, self) {
            (crate::report::Lang::En, _) => self.describe(),
            (_, Source::Bands { stations, counties }) => format!(
                "{} 与 {} 中的年龄段（age_under_30 … age_60_plus）",
                name(stations),
                name(counties)
            ),
            (
                _,
                Source::Roster {
                    file,
                    officers,
                    bands_ignored,
                },
            ) => {
                let mut s = format!("花名册 {}（{officers} 名民警）", file.display());
                if *bands_ignored {
                    s.push_str("；未读取派出所和县局表中的年龄段");
                }
                s
            }
        }
    }

    /// In words, for the outputs.
    pub fn describe(&self) -> String {
        match self {
            Source::Bands { stations, counties } => {
                let name = |p: &PathBuf| {
                    p.file_name().map_or_else(
                        || p.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    )
                };
                format!(
                    "age bands (age_under_30 … age_60_plus) in {} and {}",
                    name(stations),
                    name(counties)
                )
            }
            Source::Roster {
                file,
                officers,
                bands_ignored,
            } => {
                let mut s = format!("the roster {} ({officers} officers)", file.display());
                if *bands_ignored {
                    s.push_str("; the age bands in the stations and counties tables were not read");
                }
                s
            }
        }
    }
}

/// The age structure of every unit, on the books.
#[derive(Debug, Clone, PartialEq)]
pub struct AgeData {
    /// Where the ages were read ([`Source`]).
    pub source: Source,
    /// Per station of the province, in order: the officers on its books.
    pub stations: Vec<Vec<Group>>,
    /// Per county, in order: its HQ officers on the books.
    pub hq: Vec<Vec<Group>>,
    /// Per county, in order: the `max_recruits` column of counties.csv
    /// (recruits a year at most), when given.
    pub max_recruits: Vec<Option<i64>>,
    /// What the data say that the roadmap takes on but a reader should
    /// know: a roster's officers already past their retirement age in the
    /// first year (they retire in it). Age bands' are found when the force
    /// is built ([`super::ageing::State::past_retirement`]).
    pub warnings: Vec<Warning>,
}

/// Reads one table for its age columns (and the id column).
fn read_bands_table(path: &Path, id: &'static str, county: bool) -> Result<Table, InputError> {
    let (base, sheets): (&[(&str, &[&str])], &[&str]) = if county {
        (COUNTY_ALIASES, COUNTY_SHEETS)
    } else {
        (STATION_ALIASES, STATION_SHEETS)
    };
    let required = [id];
    let mut optional: Vec<&str> = AGE_BAND_KEYS.to_vec();
    optional.push(if county { "max_recruits" } else { "officers" });
    let spec = Spec {
        required: &required,
        optional: &optional,
        aliases: base,
        prefixes: &[],
    };
    read_table(path, &spec, sheets)
}

/// A row's bands: (row, bands, the row's `officers` in the stations table).
type RowBands = (u64, [i64; 6], i64);

/// The bands of every row of a table, by id, or `None` when the table has
/// no age column. All six or none.
fn bands_of(table: &Table, id: &str) -> Result<Option<HashMap<String, RowBands>>, InputError> {
    let present: Vec<&str> = AGE_BAND_KEYS
        .iter()
        .copied()
        .filter(|k| table.has_column(k))
        .collect();
    if present.is_empty() {
        return Ok(None);
    }
    if let Some(missing) = AGE_BAND_KEYS.iter().find(|k| !table.has_column(k)) {
        return Err(InputError::MissingColumn {
            file: table.file().to_path_buf(),
            column: (*missing).to_string(),
            found: format!(
                "the age columns {}; the six bands go together ({})",
                present.join(", "),
                AGE_BAND_KEYS.join(", ")
            ),
        });
    }
    let mut out = HashMap::new();
    for r in table.rows() {
        let key = r.text(id)?.to_string();
        let mut bands = [0i64; 6];
        for (i, k) in AGE_BAND_KEYS.iter().enumerate() {
            let n = r.optional_count(k)?.unwrap_or(0);
            if n > crate::numeric::MAX_COUNT {
                return Err(r.cell_error(
                    k,
                    r.text_or_empty(k),
                    format!(
                        "is too large: a count here is at most {}",
                        crate::numeric::MAX_COUNT
                    ),
                ));
            }
            bands[i] = n;
        }
        let officers = r.optional_count("officers")?.unwrap_or(0);
        out.insert(key, (r.row(), bands, officers));
    }
    Ok(Some(out))
}

/// "2 + 3 + 1 + 0 + 1 + 0 = 7".
fn sum_text(bands: &[i64; 6]) -> String {
    let parts: Vec<String> = bands.iter().map(|b| b.to_string()).collect();
    format!("{} = {}", parts.join(" + "), bands.iter().sum::<i64>())
}

/// The groups of a unit described by bands.
fn band_groups(bands: &[i64; 6], start_year: i32) -> Vec<Group> {
    AGE_BANDS
        .iter()
        .zip(bands)
        .enumerate()
        .filter(|(_, (_, &n))| n > 0)
        .map(|(i, (b, &n))| Group {
            sex: None,
            born: (start_year - b.to, start_year - b.from),
            month: None,
            kind: OfficerKind::Any,
            count: n,
            band: Some(i),
        })
        .collect()
}

/// The books of each station of `province` as listed: (officers, nominal,
/// seconded, restricted).
pub(super) fn books(province: &Province) -> Vec<(i64, i64, i64, i64)> {
    province
        .stations
        .iter()
        .map(|s| {
            let (x, _) = crate::model::strength::books(s);
            (
                x,
                s.strength.nominal,
                s.strength.seconded,
                s.strength.restricted,
            )
        })
        .collect()
}

/// HQ officers on the books: officers_total − Σ station books.
pub(super) fn hq_books(province: &Province) -> Vec<i64> {
    let b = books(province);
    province
        .counties
        .iter()
        .map(|c| c.officers_total - c.stations.iter().map(|&s| b[s].0).sum::<i64>())
        .collect()
}

/// For each station of the (possibly merged) province, the station ids of
/// the file whose data it holds: itself, and its members when it leads a
/// merger.
pub(super) fn file_ids(scenario: &Scenario, province: &Province) -> Vec<Vec<String>> {
    province
        .stations
        .iter()
        .map(|s| {
            let mut ids = vec![s.id.clone()];
            for m in scenario.mergers.iter().filter(|m| m.lead == s.id) {
                ids.extend(m.members.iter().cloned());
            }
            ids
        })
        .collect()
}

/// What the roadmap needs and the data lack, in words.
pub fn missing_message(scenario: &Scenario) -> String {
    let name = |p: &Path| {
        p.file_name().map_or(p.display().to_string(), |n| {
            n.to_string_lossy().into_owned()
        })
    };
    format!(
        "the roadmap needs the age structure of the force, and the data have none. Either\n  - add the age columns {} to {} (officers by age band, adding up to each station's officers) and to {} (each county's HQ officers: officers_total minus its stations' officers), or\n  - name a roster with [roadmap] roster = \"officers.csv\" (officer_id, station_id or county_id, birth_year, sex, kind).\nSee docs/roadmap.md.",
        AGE_BAND_KEYS.join(", "),
        name(&scenario.stations),
        name(&scenario.counties)
    )
}

/// The stations and counties tables as read for their age columns, whether
/// either has one, and each county's cap on recruits a year.
pub(super) struct BandTables {
    station: Table,
    county: Table,
    pub(super) has_bands: bool,
    pub(super) max_recruits: Vec<Option<i64>>,
}

/// Reads the [`BandTables`] of a scenario.
pub(super) fn band_tables(
    scenario: &Scenario,
    province: &Province,
) -> Result<BandTables, InputError> {
    let station = read_bands_table(&scenario.stations, "station_id", false)?;
    let county = read_bands_table(&scenario.counties, "county_id", true)?;
    let has_bands = AGE_BAND_KEYS
        .iter()
        .any(|k| station.has_column(k) || county.has_column(k));
    let max_recruits = max_recruits(&county, province)?;
    Ok(BandTables {
        station,
        county,
        has_bands,
        max_recruits,
    })
}

/// Reads the age structure of the scenario's force from the age bands of
/// its tables (a roster is read by [`super::roster::load`]). `province` is
/// the loaded province (real strength applied; its books kept).
pub fn load(
    scenario: &Scenario,
    spec: &RoadmapSpec,
    province: &Province,
) -> Result<AgeData, InputError> {
    let BandTables {
        station: station_table,
        county: county_table,
        max_recruits,
        ..
    } = band_tables(scenario, province)?;
    let station_bands = bands_of(&station_table, "station_id")?;
    let county_bands = bands_of(&county_table, "county_id")?;
    if station_bands.is_none() && county_bands.is_none() {
        return Err(InputError::File {
            file: scenario.stations.clone(),
            problem: missing_message(scenario),
        });
    }
    let book = books(province);
    let hq = hq_books(province);
    let ids = file_ids(scenario, province);
    let mut stations = Vec::with_capacity(province.stations.len());
    for (s, st) in province.stations.iter().enumerate() {
        let mut total = [0i64; 6];
        match &station_bands {
            Some(map) => {
                for id in &ids[s] {
                    let Some((row, bands, listed)) = map.get(id) else {
                        continue;
                    };
                    // Each file row adds up to its own officers; a merged
                    // station adds its members'.
                    let listed = *listed;
                    if bands.iter().sum::<i64>() != listed {
                        return Err(InputError::Row {
                            file: station_table.file().to_path_buf(),
                            row: *row,
                            problem: format!(
                                "station `{id}`: the age bands {} … {} are {}, but its officers = {listed}; the bands must add up to the officers on the books",
                                AGE_BAND_KEYS[0],
                                AGE_BAND_KEYS[5],
                                sum_text(bands)
                            ),
                        });
                    }
                    for (t, b) in total.iter_mut().zip(bands) {
                        *t += b;
                    }
                }
            }
            None => {
                if book[s].0 > 0 {
                    return Err(InputError::File {
                        file: station_table.file().to_path_buf(),
                        problem: format!(
                            "{} has age bands but this table has none (station `{}` has {} officers): add the columns {}",
                            county_table.file().display(),
                            st.id,
                            book[s].0,
                            AGE_BAND_KEYS.join(", ")
                        ),
                    });
                }
            }
        }
        stations.push(band_groups(&total, spec.start_year));
    }
    let mut hq_groups = Vec::with_capacity(province.counties.len());
    for (c, county) in province.counties.iter().enumerate() {
        let bands = match &county_bands {
            Some(map) => match map.get(&county.id) {
                Some((row, bands, _)) => {
                    if bands.iter().sum::<i64>() != hq[c] {
                        return Err(InputError::Row {
                            file: county_table.file().to_path_buf(),
                            row: *row,
                            problem: format!(
                                "county `{}`: the age bands {} … {} are {}, but its HQ has officers_total {} − {} at its stations = {} officers; a county's bands describe its HQ officers",
                                county.id,
                                AGE_BAND_KEYS[0],
                                AGE_BAND_KEYS[5],
                                sum_text(bands),
                                county.officers_total,
                                county.officers_total - hq[c],
                                hq[c]
                            ),
                        });
                    }
                    *bands
                }
                None => [0; 6],
            },
            None => {
                if hq[c] > 0 {
                    return Err(InputError::File {
                        file: county_table.file().to_path_buf(),
                        problem: format!(
                            "{} has age bands but this table has none (county `{}` has {} officers at HQ): add the columns {} for the HQ officers (officers_total minus the stations' officers)",
                            station_table.file().display(),
                            county.id,
                            hq[c],
                            AGE_BAND_KEYS.join(", ")
                        ),
                    });
                }
                [0; 6]
            }
        };
        hq_groups.push(band_groups(&bands, spec.start_year));
    }
    Ok(AgeData {
        source: Source::Bands {
            stations: station_table.file().to_path_buf(),
            counties: county_table.file().to_path_buf(),
        },
        stations,
        hq: hq_groups,
        max_recruits,
        warnings: Vec::new(),
    })
}

/// The `max_recruits` column of the counties table, per county of the
/// province.
fn max_recruits(table: &Table, province: &Province) -> Result<Vec<Option<i64>>, InputError> {
    let mut by_id: HashMap<String, Option<i64>> = HashMap::new();
    if table.has_column("max_recruits") {
        for r in table.rows() {
            let n = r.optional_count("max_recruits")?;
            if let Some(n) = n {
                if n > crate::numeric::MAX_COUNT {
                    return Err(r.cell_error(
                        "max_recruits",
                        r.text_or_empty("max_recruits"),
                        format!(
                            "is too large: a count here is at most {}",
                            crate::numeric::MAX_COUNT
                        ),
                    ));
                }
            }
            by_id.insert(r.text("county_id")?.to_string(), n);
        }
    }
    Ok(province
        .counties
        .iter()
        .map(|c| by_id.get(&c.id).copied().flatten())
        .collect())
}
