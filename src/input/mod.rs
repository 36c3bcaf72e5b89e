//! Readers from files into domain types. Errors name file, row, column and value.
//!
//! Each table comes from a CSV file (UTF-8, UTF-8 with BOM or GBK/GB18030,
//! see [`decode`]) or from a workbook sheet (see [`excel`]); headers may use
//! the Chinese aliases of [`aliases`].

pub mod aliases;
pub mod decode;
pub mod excel;
pub mod file;
pub mod plausible;
pub mod suggest;
pub mod table;
pub mod zipped;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::domain::{County, ExtraColumns, Province, Station, StationLevers, Strength};
use crate::error::{InputError, Warning};
use crate::numeric::{self, Range, MAX_COUNT};
use table::{Origin, Spec, Table};

/// Refuses a count above [`MAX_COUNT`], naming the cell as written.
fn within_count(r: &table::Row, column: &str, n: i64) -> Result<i64, InputError> {
    if n > MAX_COUNT {
        Err(r.cell_error(
            column,
            r.text_or_empty(column),
            format!("is too large: a count here is at most {MAX_COUNT}"),
        ))
    } else {
        Ok(n)
    }
}

/// A required count in [0, [`MAX_COUNT`]].
fn count(r: &table::Row, column: &str) -> Result<i64, InputError> {
    within_count(r, column, r.count(column)?)
}

/// An optional count in [0, [`MAX_COUNT`]].
fn optional_count(r: &table::Row, column: &str) -> Result<Option<i64>, InputError> {
    match r.optional_count(column)? {
        Some(n) => within_count(r, column, n).map(Some),
        None => Ok(None),
    }
}

/// Refuses a number outside its documented range, naming the cell as
/// written and the valid range.
fn within(r: &table::Row, column: &str, v: f64, range: Range) -> Result<f64, InputError> {
    if range.contains(v) {
        Ok(v)
    } else {
        Err(r.cell_error(
            column,
            r.text_or_empty(column),
            format!("is out of range: {}", range.describe()),
        ))
    }
}

/// A required number within `range`.
fn number(r: &table::Row, column: &str, range: Range) -> Result<f64, InputError> {
    within(r, column, r.number(column)?, range)
}

/// An optional number within `range`.
fn optional_number(r: &table::Row, column: &str, range: Range) -> Result<Option<f64>, InputError> {
    match r.optional_number(column)? {
        Some(v) => within(r, column, v, range).map(Some),
        None => Ok(None),
    }
}

/// Columns of `stations.csv`, in the data contract's order.
pub const STATION_COLUMNS: [&str; 12] = [
    "station_id",
    "county_id",
    "name",
    "kind",
    "population",
    "villages",
    "area_km2",
    "calls",
    "officers",
    "community_officers",
    "auxiliaries",
    "min_officers",
];

/// Columns of `counties.csv`.
pub const COUNTY_COLUMNS: [&str; 4] = ["county_id", "name", "officers_total", "hq_min"];

/// Optional lever columns of `stations.csv` (see `docs/levers.md`).
pub const STATION_LEVER_COLUMNS: [&str; 4] = ["max_officers", "locked", "duty_posts", "max_moves"];

/// Optional real-strength columns of `stations.csv` (see `docs/strength.md`).
pub const STATION_STRENGTH_COLUMNS: [&str; 3] = ["nominal", "seconded", "restricted"];

/// The real-strength columns of one station row (empty cells and absent
/// columns are 0), checked against its officers: nominal + seconded ≤
/// officers and restricted ≤ officers − nominal − seconded.
fn station_strength(r: &table::Row, officers: i64) -> Result<Strength, InputError> {
    let nominal = optional_count(r, "nominal")?.unwrap_or(0);
    let seconded = optional_count(r, "seconded")?.unwrap_or(0);
    let restricted = optional_count(r, "restricted")?.unwrap_or(0);
    if nominal + seconded > officers {
        let column = if r.text_or_empty("seconded").is_empty() {
            "nominal"
        } else {
            "seconded"
        };
        return Err(r.cell_error(
            column,
            r.text_or_empty(column),
            format!(
                "puts nominal {nominal} + seconded {seconded} = {} above the station's officers = {officers}; officers on the books who work at HQ (nominal) or in a task force (seconded) are among its officers",
                nominal + seconded
            ),
        ));
    }
    let present = officers - nominal - seconded;
    if restricted > present {
        return Err(r.cell_error(
            "restricted",
            r.text_or_empty("restricted"),
            format!(
                "is above the officers really at the station: officers {officers} − nominal {nominal} − seconded {seconded} = {present}; restricted officers are among those present"
            ),
        ));
    }
    Ok(Strength {
        nominal,
        seconded,
        restricted,
        books: None,
    })
}

/// The optional lever columns of one station row: `max_officers`, `locked`,
/// `duty_posts`, `max_moves` and every `calls_<category>` column. Every bad
/// cell goes to `problems`; `None` when there was one.
fn station_levers(
    r: &table::Row,
    category_columns: &[String],
    problems: &mut Problems,
) -> Option<StationLevers> {
    let before = problems.count();
    let mut calls_by_category = BTreeMap::new();
    for column in category_columns {
        if let Some(Some(v)) = problems.take(optional_number(r, column, numeric::CALLS)) {
            calls_by_category.insert(column["calls_".len()..].to_string(), v);
        }
    }
    let levers = StationLevers {
        calls_by_category,
        max_officers: problems.take(optional_count(r, "max_officers")).flatten(),
        locked: problems.take(r.optional_flag("locked")).unwrap_or(false),
        duty_posts: problems
            .take(optional_number(r, "duty_posts", numeric::DUTY_POSTS))
            .flatten(),
        max_moves: problems.take(optional_count(r, "max_moves")).flatten(),
    };
    (problems.count() == before).then_some(levers)
}

/// Reads `counties.csv` and `stations.csv` into a [`Province`] and checks the
/// references between them.
/// `norms` are the scenario's residents per community officer by kind: a
/// station whose kind has no norm is an error.
pub fn load_province(
    stations: &Path,
    counties: &Path,
    norms: &BTreeMap<String, f64>,
) -> Result<Province, InputError> {
    load_province_with_origins(stations, counties, norms).map(|(p, _)| p)
}

/// How the stations table must look.
pub const STATION_SPEC: Spec<'static> = Spec {
    required: {
        let (r, _) = STATION_COLUMNS.split_at(11);
        r
    },
    optional: &[
        "min_officers",
        "max_officers",
        "locked",
        "duty_posts",
        "max_moves",
        "nominal",
        "seconded",
        "restricted",
        "age_under_30",
        "age_30_39",
        "age_40_49",
        "age_50_54",
        "age_55_59",
        "age_60_plus",
    ],
    aliases: aliases::STATION_ALIASES,
    prefixes: &["calls_"],
};

/// How the counties table must look.
pub const COUNTY_SPEC: Spec<'static> = Spec {
    required: &COUNTY_COLUMNS,
    optional: &[
        "max_moves",
        "max_recruits",
        "auxiliary_budget",
        "age_under_30",
        "age_30_39",
        "age_40_49",
        "age_50_54",
        "age_55_59",
        "age_60_plus",
    ],
    aliases: aliases::COUNTY_ALIASES,
    prefixes: &[],
};

/// Reads one table from a CSV file or a workbook sheet (`book.xlsx#sheet`).
/// `role_sheets` are the sheet names looked for when none is given.
pub fn read_table(path: &Path, spec: &Spec, role_sheets: &[&str]) -> Result<Table, InputError> {
    let (file, sheet) = excel::split_sheet(path);
    let bytes = file::read_input(&file)?;
    table_from_bytes(&file, &bytes, sheet.as_deref(), spec, role_sheets)
}

/// Parses the bytes of a table file: a workbook when `file` has a workbook
/// extension, CSV otherwise.
pub fn table_from_bytes(
    file: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    spec: &Spec,
    role_sheets: &[&str],
) -> Result<Table, InputError> {
    if excel::is_workbook(file) {
        excel::read_sheet(file, bytes, sheet, role_sheets, spec)
    } else {
        Table::from_csv_bytes(file, bytes, spec)
    }
}

/// Like [`load_province`], and also says how each table was read
/// (stations, counties): the CSV encoding or the sheet.
pub fn load_province_with_origins(
    stations: &Path,
    counties: &Path,
    norms: &BTreeMap<String, f64>,
) -> Result<(Province, [Origin; 2]), InputError> {
    read_province(stations, counties, norms).map(|d| (d.province, d.origins))
}

/// What [`read_province`] read: the province, how each table was read and
/// what looks wrong in it without being invalid.
#[derive(Debug, Clone)]
pub struct ProvinceData {
    pub province: Province,
    /// How the stations and the counties table were read: the CSV encoding
    /// or the sheet.
    pub origins: [Origin; 2],
    /// The CSV field separator of the stations and the counties table
    /// (`None` for a worksheet).
    pub delimiters: [Option<char>; 2],
    /// Headers close to a known one, then cells far from their peers
    /// ([`plausible`]), in file and row order.
    pub warnings: Vec<Warning>,
}

/// Reads `counties.csv` and `stations.csv` into a [`Province`], checks the
/// references between them and every cell, and checks each value against
/// its peers. Every bad cell of both tables is reported in one error (up to
/// [`crate::error::MAX_REPORTED`]); a table that cannot be read at all (no
/// header, an unknown encoding) stops there.
pub fn read_province(
    stations: &Path,
    counties: &Path,
    norms: &BTreeMap<String, f64>,
) -> Result<ProvinceData, InputError> {
    let county_table = read_table(counties, &COUNTY_SPEC, aliases::COUNTY_SHEETS);
    let station_table = read_table(stations, &STATION_SPEC, aliases::STATION_SHEETS);
    let (county_table, station_table) = match (county_table, station_table) {
        (Ok(c), Ok(s)) => (c, s),
        (c, s) => {
            return Err(InputError::join(
                [c.err(), s.err()].into_iter().flatten().collect(),
            ))
        }
    };
    let province = build_province(&county_table, &station_table, norms)?;
    let mut warnings: Vec<Warning> = station_table
        .warnings()
        .iter()
        .chain(county_table.warnings())
        .cloned()
        .collect();
    warnings.extend(implausible(&province, &station_table, &county_table));
    Ok(ProvinceData {
        province,
        origins: [
            station_table.origin().clone(),
            county_table.origin().clone(),
        ],
        delimiters: [station_table.delimiter(), county_table.delimiter()],
        warnings,
    })
}

/// The cells of a province that look wrong against their peers
/// ([`plausible::check`]) as warnings naming file, row, column and value.
fn implausible(province: &Province, stations: &Table, counties: &Table) -> Vec<Warning> {
    let station_rows: Vec<table::Row> = stations.rows().collect();
    let county_rows: Vec<table::Row> = counties.rows().collect();
    plausible::check(province)
        .into_iter()
        .map(|f| {
            let (table, row, station, county) = match f.subject {
                plausible::Subject::Station(i) => (
                    stations,
                    &station_rows[i],
                    Some(province.stations[i].id.clone()),
                    None,
                ),
                plausible::Subject::County(c) => (
                    counties,
                    &county_rows[c],
                    None,
                    Some(province.counties[c].id.clone()),
                ),
            };
            Warning {
                kind: "implausible_value".into(),
                file: table.file().display().to_string(),
                row: Some(row.row()),
                column: Some(table.written_header(f.column)),
                label: Some(table.cell_label(f.column, row.row())),
                value: Some(row.text_or_empty(f.column).to_string()),
                problem: f.describe(province),
                station,
                county,
            }
        })
        .collect()
}

/// Problems found while reading cells: all of them are reported at once.
/// At most [`crate::error::MAX_REPORTED`] are kept; the rest are counted.
#[derive(Debug, Default)]
struct Problems {
    kept: Vec<InputError>,
    more: usize,
}

impl Problems {
    fn push(&mut self, e: InputError) {
        if self.kept.len() < crate::error::MAX_REPORTED {
            self.kept.push(e);
        } else {
            self.more += 1;
        }
    }

    /// The value, or `None` with the error kept.
    fn take<T>(&mut self, r: Result<T, InputError>) -> Option<T> {
        r.map_err(|e| self.push(e)).ok()
    }

    /// How many problems so far.
    fn count(&self) -> usize {
        self.kept.len() + self.more
    }

    /// Appends `more` to the problem text of a kept cell error (`index`
    /// into the kept ones).
    fn amend(&mut self, index: usize, more: &str) {
        if let Some(InputError::Cell { problem, .. }) = self.kept.get_mut(index) {
            problem.push_str(more);
        }
    }

    fn finish(self) -> Result<(), InputError> {
        match (self.kept.len(), self.more) {
            (0, 0) => Ok(()),
            (1, 0) => Err(self.kept.into_iter().next().expect("one problem")),
            _ => Err(InputError::Many {
                errors: self.kept,
                more: self.more,
            }),
        }
    }
}

/// A value several rows share that is wrong the same way (a county id
/// missing from the counties table, a kind without a norm): reported once,
/// on its first row, with how many other rows have it.
#[derive(Debug, Default)]
struct Repeated {
    /// Value → (index of its kept error, if kept; other rows).
    seen: HashMap<String, (Option<usize>, usize)>,
    /// Values in the order first seen.
    order: Vec<String>,
}

impl Repeated {
    /// Reports `value` once: the error on its first row, a count after.
    fn report(&mut self, problems: &mut Problems, value: &str, error: impl FnOnce() -> InputError) {
        if let Some((_, others)) = self.seen.get_mut(value) {
            *others += 1;
            return;
        }
        let index =
            (problems.kept.len() < crate::error::MAX_REPORTED).then_some(problems.kept.len());
        problems.push(error());
        self.seen.insert(value.to_string(), (index, 0));
        self.order.push(value.to_string());
    }

    /// Adds "(N more rows …)" to each first report.
    fn amend(self, problems: &mut Problems, what: &str) {
        for value in &self.order {
            if let Some(&(Some(index), others)) = self.seen.get(value) {
                if others > 0 {
                    problems.amend(
                        index,
                        &format!(
                            " ({} more {} {what})",
                            table::thousands(others as u64),
                            if others == 1 { "row has" } else { "rows have" }
                        ),
                    );
                }
            }
        }
    }
}

/// A row with several required cells empty (a stray note far below the
/// table, a half-typed row) is one problem, not one per cell: the first
/// empty cell is named, with the others. Returns whether it was one.
fn mostly_empty(r: &table::Row, required: &[&str], problems: &mut Problems) -> bool {
    // A name may be empty; every other required cell must be filled.
    let required: Vec<&str> = required.iter().copied().filter(|c| *c != "name").collect();
    let empty: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| r.text_or_empty(c).is_empty())
        .collect();
    if empty.len() < 2 {
        return false;
    }
    let filled = required.len() - empty.len();
    problems.push(r.cell_error(
        empty[0],
        "",
        format!(
            "is empty; this column is required, and {} more required cells of this row are empty too ({}){}",
            empty.len() - 1,
            empty[1..].join(", "),
            if filled <= 1 {
                "; is it a stray value outside the table? Delete the row, or fill it in"
            } else {
                "; fill them in"
            }
        ),
    ));
    true
}

/// A county id missing from the counties table, and the id it may have
/// been meant for: the same digits with the leading zeros Excel drops from
/// a number-formatted column (`123` for `0123`), else a close spelling.
pub fn county_hint(id: &str, known: &[&str]) -> String {
    let digits = |s: &str| s.trim_start_matches('0').to_string();
    if let Some(k) = known.iter().find(|k| {
        **k != id
            && !id.is_empty()
            && digits(k) == digits(id)
            && k.chars().all(|c| c.is_ascii_digit()) == id.chars().all(|c| c.is_ascii_digit())
    }) {
        return format!(
            "; did you mean `{k}`? Excel drops the leading zeros of ids in number-formatted columns: format both id columns as text (设置单元格格式 → 文本)"
        );
    }
    match suggest::did_you_mean(id, known) {
        Some(k) => format!("; did you mean `{k}`?"),
        None => String::new(),
    }
}

/// The TOML line that gives a station kind a norm: the kind as a quoted
/// key (valid for any text, Chinese included) and an example value.
pub fn norm_line(kind: &str) -> String {
    format!("{} = 3000", toml::Value::String(kind.to_string()))
}

/// Builds a province from two parsed tables, reporting every bad cell of
/// both at once (the counties table first, each in row order; a value
/// several rows share, such as a county id missing from the counties table,
/// once with the number of rows). Columns the loader does not read are kept
/// in [`Province::extra`] and [`Province::county_extra`].
pub fn build_province(
    county_table: &Table,
    station_table: &Table,
    norms: &BTreeMap<String, f64>,
) -> Result<Province, InputError> {
    let mut problems = Problems::default();
    let mut counties: Vec<County> = Vec::with_capacity(county_table.len());
    let mut county_rows = Vec::with_capacity(county_table.len());
    // Whether each county's row was read without a problem: only then do
    // its figures take part in the checks against its stations.
    let mut county_ok = Vec::with_capacity(county_table.len());
    let mut index = HashMap::new();
    let county_extra_headers = county_table.extra_columns();
    let mut county_extra_values = BTreeMap::new();
    for r in county_table.rows() {
        if mostly_empty(&r, COUNTY_SPEC.required, &mut problems) {
            continue;
        }
        let before = problems.count();
        let row = r.row();
        let Some(id) = problems.take(r.text("county_id")) else {
            continue;
        };
        if let Some(&first) = index.get(id) {
            problems.push(r.cell_error(
                "county_id",
                id,
                format!(
                    "is a duplicate: it was already used on row {}",
                    county_rows[first]
                ),
            ));
            continue;
        }
        let officers_total = problems.take(count(&r, "officers_total"));
        let hq_min = problems.take(count(&r, "hq_min"));
        if let (Some(total), Some(hq)) = (officers_total, hq_min) {
            if hq > total {
                problems.push(r.cell_error(
                    "hq_min",
                    &hq.to_string(),
                    format!("exceeds the county's whole force officers_total = {total}"),
                ));
            }
        }
        let max_moves = problems.take(optional_count(&r, "max_moves"));
        let auxiliary_budget = problems.take(optional_count(&r, "auxiliary_budget"));
        if !county_extra_headers.is_empty() {
            county_extra_values.insert(id.to_string(), r.extra_values());
        }
        index.insert(id.to_string(), counties.len());
        counties.push(County {
            id: id.to_string(),
            name: r.text_or_empty("name").to_string(),
            officers_total: officers_total.unwrap_or(0),
            hq_min: hq_min.unwrap_or(0),
            stations: Vec::new(),
            max_moves: max_moves.flatten(),
            seconded_away: 0,
            auxiliary_budget: auxiliary_budget.flatten(),
        });
        county_rows.push(row);
        county_ok.push(problems.count() == before);
    }

    let county_ids: Vec<String> = counties.iter().map(|c| c.id.clone()).collect();
    let known_counties: Vec<&str> = county_ids.iter().map(String::as_str).collect();
    let category_columns = station_table.columns_with_prefix("calls_");
    let extra_headers = station_table.extra_columns();
    let mut extra_values = BTreeMap::new();
    let mut stations: Vec<Station> = Vec::with_capacity(station_table.len());
    let mut station_rows = HashMap::new();
    // Per county: whether a station row names it, and the officers of the
    // rows that name it (also rows with other problems).
    let mut named = vec![false; counties.len()];
    let mut officers_today = vec![0i64; counties.len()];
    let mut auxiliaries_today = 0i64;
    let mut auxiliaries_over = false;
    let mut unknown_counties = Repeated::default();
    let mut unknown_kinds = Repeated::default();
    for r in station_table.rows() {
        if mostly_empty(&r, STATION_SPEC.required, &mut problems) {
            continue;
        }
        let before = problems.count();
        let row = r.row();
        let id = problems.take(r.text("station_id"));
        if let Some(id) = id {
            if let Some(first) = station_rows.insert(id.to_string(), row) {
                problems.push(r.cell_error(
                    "station_id",
                    id,
                    format!("is a duplicate: it was already used on row {first}"),
                ));
            }
        }
        let county = match problems.take(r.text("county_id")) {
            Some(county_id) => match index.get(county_id) {
                Some(&c) => Some(c),
                None => {
                    unknown_counties.report(&mut problems, county_id, || {
                        r.cell_error(
                            "county_id",
                            county_id,
                            format!(
                                "is not a county in {}{}",
                                county_table.file().display(),
                                county_hint(county_id, &known_counties)
                            ),
                        )
                    });
                    None
                }
            },
            None => None,
        };
        if let Some(c) = county {
            named[c] = true;
        }
        let kind = problems.take(r.text("kind"));
        if let Some(kind) = kind {
            if !norms.contains_key(kind) {
                let known: Vec<&str> = norms.keys().map(String::as_str).collect();
                unknown_kinds.report(&mut problems, kind, || {
                    let close = suggest::did_you_mean(kind, &known)
                        .map(|k| format!("did you mean `{k}`? Or "))
                        .unwrap_or_default();
                    r.cell_error(
                        "kind",
                        kind,
                        format!(
                            "has no norm in the scenario; {close}use one of {}, or give the kind its residents per community officer with the line `{}` under [workload.residents_per_community_officer]",
                            known.join(", "),
                            norm_line(kind),
                        ),
                    )
                });
            }
        }
        let officers = problems.take(count(&r, "officers"));
        if let (Some(c), Some(o)) = (county, officers) {
            officers_today[c] = officers_today[c].saturating_add(o);
        }
        let community_officers = problems.take(count(&r, "community_officers"));
        if let (Some(o), Some(y)) = (officers, community_officers) {
            if y > o {
                problems.push(r.cell_error(
                    "community_officers",
                    &y.to_string(),
                    format!("exceeds the station's officers = {o}; community officers are among the officers"),
                ));
            }
        }
        let min_officers = problems.take(optional_count(&r, "min_officers"));
        if let (Some(Some(m)), Some(c)) = (min_officers, county) {
            let total = counties[c].officers_total;
            if county_ok[c] && m > total {
                problems.push(r.cell_error(
                    "min_officers",
                    &m.to_string(),
                    format!(
                        "exceeds the whole force of county {} ({total} officers)",
                        counties[c].id
                    ),
                ));
            }
        }
        let population = problems.take(number(&r, "population", numeric::POPULATION));
        let villages = problems.take(number(&r, "villages", numeric::VILLAGES));
        let area_km2 = problems.take(number(&r, "area_km2", numeric::AREA_KM2));
        let calls = problems.take(number(&r, "calls", numeric::CALLS));
        let auxiliaries = problems.take(count(&r, "auxiliaries"));
        let levers = station_levers(&r, &category_columns, &mut problems);
        let strength = match officers {
            Some(o) => problems.take(station_strength(&r, o)),
            None => None,
        };
        if problems.count() > before {
            continue;
        }
        // Every `take` above succeeded: no problem was added.
        let (
            Some(id),
            Some(county),
            Some(kind),
            Some(officers),
            Some(community_officers),
            Some(min_officers),
            Some(population),
            Some(villages),
            Some(area_km2),
            Some(calls),
            Some(auxiliaries),
            Some(levers),
            Some(strength),
        ) = (
            id,
            county,
            kind,
            officers,
            community_officers,
            min_officers,
            population,
            villages,
            area_km2,
            calls,
            auxiliaries,
            levers,
            strength,
        )
        else {
            continue;
        };
        counties[county].stations.push(stations.len());
        stations.push(Station {
            id: id.to_string(),
            county,
            name: r.text_or_empty("name").to_string(),
            kind: kind.to_string(),
            population,
            villages,
            area_km2,
            calls,
            officers,
            community_officers,
            auxiliaries,
            min_officers,
            levers,
            strength,
        });
        if !extra_headers.is_empty() {
            extra_values.insert(id.to_string(), r.extra_values());
        }
        let s = stations.last().expect("just pushed");
        // The auxiliaries of today are the default budget: their provincial
        // total keeps the limit of a count too.
        auxiliaries_today += s.auxiliaries;
        if auxiliaries_today > MAX_COUNT && !auxiliaries_over {
            // Said once: the running total only grows.
            auxiliaries_over = true;
            problems.push(r.cell_error(
                "auxiliaries",
                r.text_or_empty("auxiliaries"),
                format!(
                    "brings the province's auxiliaries to {auxiliaries_today}, above the limit of {MAX_COUNT}"
                ),
            ));
        }
        let split: f64 = s.levers.calls_by_category.values().sum();
        if split > s.calls * (1.0 + 1e-9) + 1e-9 {
            problems.push(InputError::cell(
                station_table.file(),
                row,
                "calls",
                &s.calls.to_string(),
                format!(
                    "is below the {split} calls of its `calls_<category>` columns; the categories split the calls, so they cannot add up to more"
                ),
            ));
        }
    }
    let ids_unknown = !unknown_counties.order.is_empty();
    unknown_counties.amend(&mut problems, "this county id");
    unknown_kinds.amend(&mut problems, "this kind");

    // A county whose stations all name it wrongly (`101` for `0101`) is
    // explained by the unknown ids above; "no stations" would only repeat it.
    for (c, county) in counties.iter().enumerate() {
        if !named[c] && !ids_unknown {
            problems.push(InputError::Row {
                file: county_table.file().to_path_buf(),
                row: county_rows[c],
                problem: format!(
                    "county `{}` has no stations in {}; every county needs at least one",
                    county.id,
                    station_table.file().display()
                ),
            });
            continue;
        }
        let today = officers_today[c];
        if county_ok[c] && today > county.officers_total {
            problems.push(InputError::cell(
                county_table.file(),
                county_rows[c],
                "officers_total",
                &county.officers_total.to_string(),
                format!(
                    "is below the {today} officers its stations have today in {}",
                    station_table.file().display()
                ),
            ));
        }
    }
    problems.finish()?;
    Ok(Province {
        counties,
        stations,
        extra: ExtraColumns {
            headers: extra_headers,
            values: extra_values,
        },
        county_extra: ExtraColumns {
            headers: county_extra_headers,
            values: county_extra_values,
        },
    })
}
