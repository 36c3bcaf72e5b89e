//! The roster (`[roadmap] roster = "officers.csv"`): one row per officer,
//! aggregated to the groups of the force, and held against the stations
//! and counties tables (see [`super::data`]).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::data::{band_tables, books, file_ids, hq_books, AgeData, Group, OfficerKind, Source};
use crate::domain::Province;
use crate::error::{InputError, Warning};
use crate::input::read_table;
use crate::input::table::{Row, Spec};
use crate::scenario::roadmap::{RoadmapSpec, Sex};
use crate::scenario::Scenario;

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

/// An officer's group: sex, birth year, birth month, kind.
type Key = (Option<Sex>, i32, Option<u32>, OfficerKind);

/// Where the units of the roster are: station ids of the file → station
/// of the (merged) province, county ids → county.
struct Units<'a> {
    province: &'a Province,
    scenario: &'a Scenario,
    station_of: HashMap<&'a str, usize>,
    county_of: HashMap<&'a str, usize>,
}

impl<'a> Units<'a> {
    fn new(province: &'a Province, scenario: &'a Scenario, ids: &'a [Vec<String>]) -> Units<'a> {
        let mut station_of: HashMap<&str, usize> = HashMap::new();
        for (s, list) in ids.iter().enumerate() {
            for id in list {
                station_of.insert(id.as_str(), s);
            }
        }
        let county_of = province
            .counties
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        Units {
            province,
            scenario,
            station_of,
            county_of,
        }
    }

    /// The unit of a row: `Ok(station)`, or `Err(county)` for an HQ
    /// officer; a bad cell is the outer error.
    #[allow(clippy::type_complexity)]
    fn of(&self, r: &Row) -> Result<Result<usize, usize>, InputError> {
        let (province, scenario) = (self.province, self.scenario);
        let station = r.text_or_empty("station_id");
        let county = r.text_or_empty("county_id");
        if !station.is_empty() {
            let Some(&s) = self.station_of.get(station) else {
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
            Ok(Ok(s))
        } else if !county.is_empty() {
            match self.county_of.get(county) {
                Some(&c) => Ok(Err(c)),
                None => Err(r.cell_error(
                    "county_id",
                    county,
                    format!("is not a county in {}", scenario.counties.display()),
                )),
            }
        } else {
            Err(r.cell_error(
                "station_id",
                "",
                "is empty, and so is county_id: give the officer's station, or the county for an HQ officer",
            ))
        }
    }
}

/// The group of a row's officer: birth year (an officer serving in the
/// first year), month, sex and kind (a kind of station officer only at a
/// station).
fn officer_of(r: &Row, spec: &RoadmapSpec, at_hq: bool) -> Result<Key, InputError> {
    let (oldest, youngest) = (spec.start_year - 80, spec.start_year - 16);
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
    if at_hq && kind != OfficerKind::Regular {
        return Err(r.cell_error(
            "kind",
            kind_text,
            "is a kind of station officer, but this officer is at HQ (no station_id); restricted, nominal and seconded officers are listed at their station",
        ));
    }
    Ok((Some(sex), born as i32, month, kind))
}

/// Holds the roster's counts against the tables: each station's officers,
/// and of them its restricted, nominal and seconded officers, and each
/// county's HQ.
fn agrees(
    file: &Path,
    province: &Province,
    scenario: &Scenario,
    at_station: &[BTreeMap<Key, i64>],
    at_hq: &[BTreeMap<Key, i64>],
) -> Result<(), InputError> {
    let book = books(province);
    let hq = hq_books(province);
    let disagree = |what: String| InputError::File {
        file: file.to_path_buf(),
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
    Ok(())
}

/// The age structure from the roster at `path` (`[roadmap] roster`), with
/// the counties' caps on recruits from the counties table.
pub fn load(
    path: &Path,
    scenario: &Scenario,
    spec: &RoadmapSpec,
    province: &Province,
) -> Result<AgeData, InputError> {
    let tables = band_tables(scenario, province)?;
    let mut data = load_roster(path, spec, province, scenario, tables.has_bands)?;
    data.max_recruits = tables.max_recruits;
    Ok(data)
}

/// Reads the roster at `path`: each officer's unit and group, counted per
/// station and per county HQ, and held against the tables.
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
    let ids = file_ids(scenario, province);
    let units = Units::new(province, scenario, &ids);
    // (unit, group key) → count; unit = station s, or HQ of county c.
    let mut at_station: Vec<BTreeMap<Key, i64>> = vec![BTreeMap::new(); province.stations.len()];
    let mut at_hq: Vec<BTreeMap<Key, i64>> = vec![BTreeMap::new(); province.counties.len()];
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut officers = 0usize;
    let mut past = Past::default();
    for r in table.rows() {
        let id = r.text("officer_id")?;
        if let Some(first) = seen.insert(id.to_string(), r.row()) {
            return Err(r.cell_error(
                "officer_id",
                id,
                format!("is a duplicate: it was already used on row {first}"),
            ));
        }
        let unit = units.of(&r)?;
        let key = officer_of(&r, spec, unit.is_err())?;
        if let (Some(sex), born, month, _) = key {
            past.note(spec, id, r.row(), sex, born, month);
        }
        match unit {
            Ok(s) => *at_station[s].entry(key).or_insert(0) += 1,
            Err(c) => *at_hq[c].entry(key).or_insert(0) += 1,
        }
        officers += 1;
    }
    agrees(table.file(), province, scenario, &at_station, &at_hq)?;
    let groups = |m: &BTreeMap<Key, i64>| -> Vec<Group> {
        m.iter()
            .map(|(&(sex, born, month, kind), &count)| Group {
                sex,
                born: (born, born),
                month,
                kind,
                count,
                band: None,
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
        warnings: past.warning(table.file(), spec).into_iter().collect(),
    })
}

/// A roster row past retirement: (officer id, row, sex, birth year and
/// month if given, the month the retirement age was reached).
type PastRow = (String, u64, Sex, (i32, Option<u32>), (i32, u32));

/// A roster's officers already past their retirement age at the start of
/// the first year: the rule puts their retirement month in an earlier year.
#[derive(Debug, Clone, Default, PartialEq)]
struct Past {
    rows: Vec<PastRow>,
    /// Officers without `birth_month` past it for some birth months only:
    /// (officer id, row, how many of the 12 months).
    partly: Vec<(String, u64, usize)>,
}

impl Past {
    /// Notes one roster row (a row no schedule entry covers is refused
    /// later, when the force is built).
    fn note(
        &mut self,
        spec: &RoadmapSpec,
        id: &str,
        row: u64,
        sex: Sex,
        born: i32,
        month: Option<u32>,
    ) {
        let months: Vec<u32> = month.map_or((1..=12).collect(), |m| vec![m]);
        let dates: Vec<(i32, u32)> = months
            .iter()
            .filter_map(|&m| spec.retirement.date(sex, (born, m)))
            .collect();
        let gone = dates.iter().filter(|d| d.0 < spec.start_year).count();
        if gone == 0 {
            return;
        }
        if gone == months.len() {
            // The latest of the months: the officer is past it whichever.
            let last = dates.iter().copied().max().unwrap_or((born, 1));
            self.rows
                .push((id.to_string(), row, sex, (born, month), last));
        } else {
            self.partly.push((id.to_string(), row, gone));
        }
    }

    /// The warning, when any officer is past retirement: a line for those
    /// past it whatever their birth month (the first few named), a line for
    /// those past it for some months only.
    fn warning(&self, file: &Path, spec: &RoadmapSpec) -> Option<Warning> {
        const NAMED: usize = 5;
        if self.rows.is_empty() && self.partly.is_empty() {
            return None;
        }
        let y = spec.start_year;
        let more = |n: usize| {
            if n > NAMED {
                format!(" and {} more", n - NAMED)
            } else {
                String::new()
            }
        };
        let mut lines = Vec::new();
        if !self.rows.is_empty() {
            let named: Vec<String> = self
                .rows
                .iter()
                .take(NAMED)
                .map(|(id, row, sex, (born, month), (ry, rm))| {
                    let born = month.map_or(born.to_string(), |m| format!("{born}-{m:02}"));
                    format!(
                        "{id} (row {row}, {}, born {born}, reached {ry}-{rm:02})",
                        sex.as_str()
                    )
                })
                .collect();
            lines.push(format!(
                "{} officer{} past the retirement age of roadmap.retirement_age before {y} and retire{} in {y}, the first year: {}{}",
                self.rows.len(),
                if self.rows.len() == 1 { " is" } else { "s are" },
                if self.rows.len() == 1 { "s" } else { "" },
                named.join(", "),
                more(self.rows.len())
            ));
        }
        if !self.partly.is_empty() {
            let named: Vec<String> = self
                .partly
                .iter()
                .take(NAMED)
                .map(|(id, row, n)| format!("{id} (row {row}, {n} of 12 months)"))
                .collect();
            lines.push(format!(
                "{} officer{} without birth_month past it for some birth months (that share retires in {y}): {}{}",
                self.partly.len(),
                if self.partly.len() == 1 { " is" } else { "s are" },
                named.join(", "),
                more(self.partly.len())
            ));
        }
        lines.push(
            "If they no longer serve, take them out of the roster and the tables' counts".into(),
        );
        Some(Warning {
            kind: "past_retirement".into(),
            file: file.display().to_string(),
            row: None,
            column: Some("birth_year".into()),
            label: None,
            value: None,
            problem: lines.join("\n"),
            problem_zh: None,
            station: None,
            county: None,
        })
    }
}
