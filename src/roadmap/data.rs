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

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::domain::{Province, AGE_BANDS, AGE_BAND_KEYS};
use crate::error::InputError;
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
    pub kind: OfficerKind,
    pub count: i64,
}

/// Where the ages came from (recorded in the outputs' provenance).
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Age bands on the stations and counties tables (these files).
    Bands {
        stations: PathBuf,
        counties: PathBuf,
    },
    /// A roster; `bands_ignored`: the tables have age bands too, which were
    /// not read.
    Roster {
        file: PathBuf,
        officers: usize,
        bands_ignored: bool,
    },
}

impl Source {
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
    pub source: Source,
    /// Per station of the province, in order: the officers on its books.
    pub stations: Vec<Vec<Group>>,
    /// Per county, in order: its HQ officers on the books.
    pub hq: Vec<Vec<Group>>,
    /// Per county, in order: the `max_recruits` column of counties.csv
    /// (recruits a year at most), when given.
    pub max_recruits: Vec<Option<i64>>,
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
        .filter(|(_, &n)| n > 0)
        .map(|(b, &n)| Group {
            sex: None,
            born: (start_year - b.to, start_year - b.from),
            month: None,
            kind: OfficerKind::Any,
            count: n,
        })
        .collect()
}

/// The books of each station of `province` as listed: (officers, nominal,
/// seconded, restricted).
fn books(province: &Province) -> Vec<(i64, i64, i64, i64)> {
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
fn hq_books(province: &Province) -> Vec<i64> {
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
fn file_ids(scenario: &Scenario, province: &Province) -> Vec<Vec<String>> {
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

/// Reads the age structure of the scenario's force. `province` is the
/// loaded province (real strength applied; its books kept).
pub fn load(
    scenario: &Scenario,
    spec: &RoadmapSpec,
    province: &Province,
) -> Result<AgeData, InputError> {
    let station_table = read_bands_table(&scenario.stations, "station_id", false)?;
    let county_table = read_bands_table(&scenario.counties, "county_id", true)?;
    let has_bands = AGE_BAND_KEYS
        .iter()
        .any(|k| station_table.has_column(k) || county_table.has_column(k));
    let max_recruits = max_recruits(&county_table, province)?;
    if let Some(roster) = &spec.roster {
        let mut data = load_roster(roster, spec, province, scenario, has_bands)?;
        data.max_recruits = max_recruits;
        return Ok(data);
    }
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

/// What a roster row's `sex` cell says.
fn sex_of(v: &str) -> Option<Sex> {
    match v.trim().to_lowercase().as_str() {
        "男" | "m" | "male" | "男性" => Some(Sex::Male),
        "女" | "f" | "female" | "女性" => Some(Sex::Female),
        _ => None,
    }
}

/// What a roster row's `kind` cell says.
fn kind_of(v: &str) -> Option<OfficerKind> {
    match v.trim().to_lowercase().as_str() {
        "" | "regular" | "在岗" | "正常" => Some(OfficerKind::Regular),
        "restricted" | "不能值班备勤" | "不能值班" => Some(OfficerKind::Restricted),
        "nominal" | "挂名" | "兼职" => Some(OfficerKind::Nominal),
        "seconded" | "借调" | "抽调" => Some(OfficerKind::Seconded),
        _ => None,
    }
}

/// Aliases of the roster's columns.
pub const ROSTER_ALIASES: &[(&str, &[&str])] = &[
    ("officer_id", &["警号", "民警编号", "人员编号", "编号"]),
    (
        "station_id",
        &["派出所编号", "所属派出所编号", "派出所代码"],
    ),
    ("county_id", &["县局编号", "所属县局编号", "县局代码"]),
    ("birth_year", &["出生年份", "出生年"]),
    ("birth_month", &["出生月份", "出生月"]),
    ("sex", &["性别"]),
    ("kind", &["类别", "人员类别", "状态"]),
];

/// Sheet names looked for in a roster workbook.
const ROSTER_SHEETS: &[&str] = &["officers", "民警", "花名册", "民警花名册"];

fn load_roster(
    path: &Path,
    spec: &RoadmapSpec,
    province: &Province,
    scenario: &Scenario,
    bands_present: bool,
) -> Result<AgeData, InputError> {
    let table = read_table(
        path,
        &Spec {
            required: &["officer_id", "birth_year", "sex"],
            optional: &["station_id", "county_id", "kind", "birth_month"],
            aliases: ROSTER_ALIASES,
            prefixes: &[],
        },
        ROSTER_SHEETS,
    )?;
    if !table.has_column("station_id") && !table.has_column("county_id") {
        return Err(InputError::MissingColumn {
            file: table.file().to_path_buf(),
            column: "station_id".into(),
            found: "neither station_id nor county_id; each officer needs a station (station_id) or, at HQ, a county (county_id)".into(),
        });
    }
    // Station ids of the file → station of the (merged) province.
    let ids = file_ids(scenario, province);
    let mut station_of: HashMap<&str, usize> = HashMap::new();
    for (s, list) in ids.iter().enumerate() {
        for id in list {
            station_of.insert(id.as_str(), s);
        }
    }
    let county_of: HashMap<&str, usize> = province
        .counties
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    // (unit, group key) → count; unit = station s, or HQ of county c.
    type Key = (Option<Sex>, i32, Option<u32>, OfficerKind);
    let mut at_station: Vec<BTreeMap<Key, i64>> = vec![BTreeMap::new(); province.stations.len()];
    let mut at_hq: Vec<BTreeMap<Key, i64>> = vec![BTreeMap::new(); province.counties.len()];
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut officers = 0usize;
    let (oldest, youngest) = (spec.start_year - 80, spec.start_year - 16);
    for r in table.rows() {
        let id = r.text("officer_id")?;
        if let Some(first) = seen.insert(id.to_string(), r.row()) {
            return Err(r.cell_error(
                "officer_id",
                id,
                format!("is a duplicate: it was already used on row {first}"),
            ));
        }
        let station = r.text_or_empty("station_id");
        let county = r.text_or_empty("county_id");
        let unit = if !station.is_empty() {
            let Some(&s) = station_of.get(station) else {
                return Err(r.cell_error(
                    "station_id",
                    station,
                    format!("is not a station in {}", scenario.stations.display()),
                ));
            };
            let c = province.stations[s].county;
            if !county.is_empty() && county != province.counties[c].id {
                return Err(r.cell_error(
                    "county_id",
                    county,
                    format!(
                        "does not match station `{station}`, which is in county `{}`",
                        province.counties[c].id
                    ),
                ));
            }
            Ok(s)
        } else if !county.is_empty() {
            match county_of.get(county) {
                Some(&c) => Err(c),
                None => {
                    return Err(r.cell_error(
                        "county_id",
                        county,
                        format!("is not a county in {}", scenario.counties.display()),
                    ))
                }
            }
        } else {
            return Err(r.cell_error(
                "station_id",
                "",
                "is empty, and so is county_id: give the officer's station, or the county for an HQ officer",
            ));
        };
        let born_text = r.text("birth_year")?;
        let born = r.count("birth_year")?;
        if born < oldest as i64 || born > youngest as i64 {
            return Err(r.cell_error(
                "birth_year",
                born_text,
                format!(
                    "is out of range: an officer serving in {} was born from {oldest} to {youngest}",
                    spec.start_year
                ),
            ));
        }
        let month = match r.optional_count("birth_month")? {
            None => None,
            Some(m) if (1..=12).contains(&m) => Some(m as u32),
            Some(_) => {
                return Err(r.cell_error(
                    "birth_month",
                    r.text_or_empty("birth_month"),
                    "is not a month: write 1 to 12",
                ))
            }
        };
        let sex_text = r.text("sex")?;
        let Some(sex) = sex_of(sex_text) else {
            return Err(r.cell_error(
                "sex",
                sex_text,
                "is not a sex: write 男 or 女 (male or female)",
            ));
        };
        let kind_text = r.text_or_empty("kind");
        let Some(kind) = kind_of(kind_text) else {
            return Err(r.cell_error(
                "kind",
                kind_text,
                "is not a kind: leave it empty (or regular), or write restricted (不能值班备勤), nominal (挂名) or seconded (借调)",
            ));
        };
        if unit.is_err() && kind != OfficerKind::Regular {
            return Err(r.cell_error(
                "kind",
                kind_text,
                "is a kind of station officer, but this officer is at HQ (no station_id); restricted, nominal and seconded officers are listed at their station",
            ));
        }
        let key = (Some(sex), born as i32, month, kind);
        match unit {
            Ok(s) => *at_station[s].entry(key).or_insert(0) += 1,
            Err(c) => *at_hq[c].entry(key).or_insert(0) += 1,
        }
        officers += 1;
    }
    // The roster must agree with the tables.
    let book = books(province);
    let hq = hq_books(province);
    let disagree = |what: String| InputError::File {
        file: table.file().to_path_buf(),
        problem: what,
    };
    for (s, st) in province.stations.iter().enumerate() {
        let count = |k: Option<OfficerKind>| -> i64 {
            at_station[s]
                .iter()
                .filter(|((_, _, _, kind), _)| k.map_or(true, |k| *kind == k))
                .map(|(_, n)| n)
                .sum()
        };
        let (x, nominal, seconded, restricted) = book[s];
        for (what, listed, column) in [
            (count(None), x, "officers"),
            (
                count(Some(OfficerKind::Restricted)),
                restricted,
                "restricted",
            ),
            (count(Some(OfficerKind::Nominal)), nominal, "nominal"),
            (count(Some(OfficerKind::Seconded)), seconded, "seconded"),
        ] {
            if what != listed {
                let kind = if column == "officers" {
                    "officers".to_string()
                } else {
                    format!("{column} officers")
                };
                return Err(disagree(format!(
                    "lists {what} {kind} at station `{}`, but {} gives {column} = {listed}; the roster and the stations table must agree",
                    st.id,
                    scenario.stations.display()
                )));
            }
        }
    }
    for (c, county) in province.counties.iter().enumerate() {
        let listed: i64 = at_hq[c].values().sum();
        if listed != hq[c] {
            return Err(disagree(format!(
                "lists {listed} officers at the HQ of county `{}` (rows with a county_id and no station_id), but {} gives officers_total {} and its stations have {}, so its HQ has {}",
                county.id,
                scenario.counties.display(),
                county.officers_total,
                county.officers_total - hq[c],
                hq[c]
            )));
        }
    }
    let groups = |m: &BTreeMap<Key, i64>| -> Vec<Group> {
        m.iter()
            .map(|(&(sex, born, month, kind), &count)| Group {
                sex,
                born: (born, born),
                month,
                kind,
                count,
            })
            .collect()
    };
    Ok(AgeData {
        source: Source::Roster {
            file: path.to_path_buf(),
            officers,
            bands_ignored: bands_present,
        },
        stations: at_station.iter().map(groups).collect(),
        hq: at_hq.iter().map(groups).collect(),
        max_recruits: Vec::new(),
    })
}
