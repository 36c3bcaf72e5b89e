//! A province from its two parsed tables: every cell of both checked, every
//! bad cell reported at once (the counties table first, each in row order;
//! a value several rows share, such as a county id missing from the
//! counties table, once with the number of rows).

use std::collections::{BTreeMap, HashMap};

use super::cells::{count, number, optional_count, station_levers, station_strength};
use super::table::{self, Column, ColumnRef, NameMap, Table};
use super::{suggest, COUNTY_SPEC};
use crate::domain::{County, ExtraColumns, Province, Station};
use crate::error::{DataProblem, InputError};
use crate::numeric::{self, MAX_COUNT};
pub(super) use columns::LeverColumns;
use columns::StationColumns;

/// Problems found while reading cells: all of them are reported at once.
/// At most [`crate::error::MAX_REPORTED`] are kept; the rest are counted.
#[derive(Debug, Default)]
pub(super) struct Problems {
    kept: Vec<InputError>,
    more: usize,
}

impl Problems {
    pub(super) fn push(&mut self, e: InputError) {
        if self.kept.len() < crate::error::MAX_REPORTED {
            self.kept.push(e);
        } else {
            self.more += 1;
        }
    }

    /// The value, or `None` with the error kept.
    pub(super) fn take<T>(&mut self, r: Result<T, InputError>) -> Option<T> {
        r.map_err(|e| self.push(e)).ok()
    }

    /// How many problems so far.
    pub(super) fn count(&self) -> usize {
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
fn mostly_empty<C: ColumnRef>(r: &table::Row, required: &[C], problems: &mut Problems) -> bool {
    // A name may be empty; every other required cell must be filled.
    let blank = |c: &&C| c.name() != "name" && r.text_or_empty(*c).is_empty();
    if required.iter().filter(blank).nth(1).is_none() {
        return false;
    }
    let required: Vec<&C> = required.iter().filter(|c| c.name() != "name").collect();
    let empty: Vec<&str> = required
        .iter()
        .filter(|c| r.text_or_empty(**c).is_empty())
        .map(|c| c.name())
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
    let mut counties = read_counties(county_table, &mut problems);
    let county_ids: Vec<String> = counties.list.iter().map(|c| c.id.clone()).collect();
    let known_counties: Vec<&str> = county_ids.iter().map(String::as_str).collect();
    let tables = StationTables {
        county_table,
        station_table,
        norms,
        known_counties: &known_counties,
        category_columns: station_table.columns_with_prefix("calls_"),
        extra_headers: station_table.extra_columns(),
    };
    let columns = StationColumns::of(station_table, &tables.category_columns);
    let mut read = StationsRead::new(counties.list.len(), station_table.len());
    for r in station_table.rows() {
        if mostly_empty(&r, &columns.required, &mut problems) {
            continue;
        }
        let before = problems.count();
        let station = station_cells(&r, &tables, &columns, &counties, &mut read, &mut problems);
        if let Some(station) = station.filter(|_| problems.count() == before) {
            add_station(
                &r,
                station,
                &tables,
                &mut counties,
                &mut read,
                &mut problems,
            );
        }
    }
    let ids_unknown = !read.unknown_counties.order.is_empty();
    std::mem::take(&mut read.unknown_counties).amend(&mut problems, "this county id");
    std::mem::take(&mut read.unknown_kinds).amend(&mut problems, "this kind");
    check_counties(&tables, &counties, &read, ids_unknown, &mut problems);
    problems.finish()?;
    Ok(Province {
        counties: counties.list,
        stations: read.stations,
        extra: ExtraColumns {
            headers: tables.extra_headers,
            values: read.extra_values,
        },
        county_extra: ExtraColumns {
            headers: counties.extra_headers,
            values: counties.extra_values,
        },
    })
}

/// The counties as read, with what the stations are checked against.
struct CountiesRead {
    list: Vec<County>,
    /// The row of each county.
    rows: Vec<u64>,
    /// Whether each county's row was read without a problem: only then do
    /// its figures take part in the checks against its stations.
    ok: Vec<bool>,
    /// County id → index.
    index: NameMap<usize>,
    extra_headers: Vec<String>,
    extra_values: BTreeMap<String, Vec<String>>,
}

/// Every row of the counties table.
fn read_counties(county_table: &Table, problems: &mut Problems) -> CountiesRead {
    let mut c = CountiesRead {
        list: Vec::with_capacity(county_table.len()),
        rows: Vec::with_capacity(county_table.len()),
        ok: Vec::with_capacity(county_table.len()),
        index: NameMap::with_capacity_and_hasher(county_table.len(), Default::default()),
        extra_headers: county_table.extra_columns(),
        extra_values: BTreeMap::new(),
    };
    for r in county_table.rows() {
        if mostly_empty(&r, COUNTY_SPEC.required, problems) {
            continue;
        }
        let before = problems.count();
        let row = r.row();
        let Some(id) = problems.take(r.text("county_id")) else {
            continue;
        };
        if let Some(&first) = c.index.get(id) {
            problems.push(r.cell_error(
                "county_id",
                id,
                format!(
                    "is a duplicate: it was already used on row {}",
                    c.rows[first]
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
        if !c.extra_headers.is_empty() {
            c.extra_values.insert(id.to_string(), r.extra_values());
        }
        c.index.insert(id.to_string(), c.list.len());
        c.list.push(County {
            id: id.to_string(),
            name: r.text_or_empty("name").to_string(),
            officers_total: officers_total.unwrap_or(0),
            hq_min: hq_min.unwrap_or(0),
            stations: Vec::new(),
            max_moves: max_moves.flatten(),
            seconded_away: 0,
            auxiliary_budget: auxiliary_budget.flatten(),
        });
        c.rows.push(row);
        c.ok.push(problems.count() == before);
    }
    c
}

/// What every station row is read against.
struct StationTables<'a> {
    county_table: &'a Table,
    station_table: &'a Table,
    norms: &'a BTreeMap<String, f64>,
    known_counties: &'a [&'a str],
    category_columns: Vec<String>,
    extra_headers: Vec<String>,
}

/// The stations as read, and what the rows so far add up to.
struct StationsRead {
    stations: Vec<Station>,
    /// Station id → its first row.
    rows: NameMap<u64>,
    /// Per county: whether a station row names it, and the officers of the
    /// rows that name it (also rows with other problems).
    named: Vec<bool>,
    officers_today: Vec<i64>,
    auxiliaries_today: i64,
    auxiliaries_over: bool,
    unknown_counties: Repeated,
    unknown_kinds: Repeated,
    extra_values: BTreeMap<String, Vec<String>>,
}

impl StationsRead {
    fn new(counties: usize, rows: usize) -> StationsRead {
        StationsRead {
            stations: Vec::with_capacity(rows),
            rows: NameMap::with_capacity_and_hasher(rows, Default::default()),
            named: vec![false; counties],
            officers_today: vec![0; counties],
            auxiliaries_today: 0,
            auxiliaries_over: false,
            unknown_counties: Repeated::default(),
            unknown_kinds: Repeated::default(),
            extra_values: BTreeMap::new(),
        }
    }
}

/// The county a station row names (an unknown one is reported once).
fn station_county(
    r: &table::Row,
    tables: &StationTables,
    column: Column,
    counties: &CountiesRead,
    read: &mut StationsRead,
    problems: &mut Problems,
) -> Option<usize> {
    let county_id = problems.take(r.text(&column))?;
    match counties.index.get(county_id) {
        Some(&c) => {
            read.named[c] = true;
            Some(c)
        }
        None => {
            read.unknown_counties.report(problems, county_id, || {
                r.cell_error(
                    "county_id",
                    county_id,
                    format!(
                        "is not a county in {}{}",
                        tables.county_table.file().display(),
                        county_hint(county_id, tables.known_counties)
                    ),
                )
            });
            None
        }
    }
}

/// The station kind of a row, which must have a norm (an unknown one is
/// reported once).
fn station_kind<'a>(
    r: &table::Row<'a>,
    tables: &StationTables,
    column: Column,
    read: &mut StationsRead,
    problems: &mut Problems,
) -> Option<&'a str> {
    let kind = problems.take(r.text(&column))?;
    if !tables.norms.contains_key(kind) {
        let known: Vec<&str> = tables.norms.keys().map(String::as_str).collect();
        read.unknown_kinds.report(problems, kind, || {
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
    Some(kind)
}

/// Every cell of a station row, checked; the station when they are all
/// valid (the caller also checks no problem was added).
fn station_cells(
    r: &table::Row,
    tables: &StationTables,
    c: &StationColumns,
    counties: &CountiesRead,
    read: &mut StationsRead,
    problems: &mut Problems,
) -> Option<Station> {
    let row = r.row();
    let id = problems.take(r.text(&c.station_id));
    if let Some(id) = id {
        if let Some(first) = read.rows.insert(id.to_string(), row) {
            problems.push(r.cell_error(
                "station_id",
                id,
                format!("is a duplicate: it was already used on row {first}"),
            ));
        }
    }
    let county = station_county(r, tables, c.county_id, counties, read, problems);
    let kind = station_kind(r, tables, c.kind, read, problems);
    let officers = problems.take(count(r, &c.officers));
    if let (Some(c), Some(o)) = (county, officers) {
        read.officers_today[c] = read.officers_today[c].saturating_add(o);
    }
    let community_officers = problems.take(count(r, &c.community_officers));
    if let (Some(o), Some(y)) = (officers, community_officers) {
        if y > o {
            problems.push(r.cell_error(
                "community_officers",
                &y.to_string(),
                format!("exceeds the station's officers = {o}; community officers are among the officers"),
            ));
        }
    }
    let min_officers = problems.take(optional_count(r, &c.min_officers));
    if let (Some(Some(m)), Some(county)) = (min_officers, county) {
        let total = counties.list[county].officers_total;
        if counties.ok[county] && m > total {
            problems.push(r.cell_error(
                "min_officers",
                &m.to_string(),
                format!(
                    "exceeds the whole force of county {} ({total} officers)",
                    counties.list[county].id
                ),
            ));
        }
    }
    let population = problems.take(number(r, &c.population, numeric::POPULATION));
    let villages = problems.take(number(r, &c.villages, numeric::VILLAGES));
    let area_km2 = problems.take(number(r, &c.area_km2, numeric::AREA_KM2));
    let calls = problems.take(number(r, &c.calls, numeric::CALLS));
    let auxiliaries = problems.take(count(r, &c.auxiliaries));
    let levers = station_levers(r, &c.levers, problems);
    let strength = match officers {
        Some(o) => problems.take(station_strength(r, &c.levers, o)),
        None => None,
    };
    Some(Station {
        id: id?.to_string(),
        county: county?,
        name: r.text_or_empty(&c.name).to_string(),
        kind: kind?.to_string(),
        population: population?,
        villages: villages?,
        area_km2: area_km2?,
        calls: calls?,
        officers: officers?,
        community_officers: community_officers?,
        auxiliaries: auxiliaries?,
        min_officers: min_officers?,
        levers: levers?,
        strength: strength?,
    })
}

/// Adds a valid station: to its county, to the province's auxiliaries
/// (whose total keeps the limit of a count) and with its carried columns;
/// its call categories may not add up to more than its calls.
fn add_station(
    r: &table::Row,
    station: Station,
    tables: &StationTables,
    counties: &mut CountiesRead,
    read: &mut StationsRead,
    problems: &mut Problems,
) {
    counties.list[station.county]
        .stations
        .push(read.stations.len());
    if !tables.extra_headers.is_empty() {
        read.extra_values
            .insert(station.id.clone(), r.extra_values());
    }
    read.stations.push(station);
    let s = read.stations.last().expect("just pushed");
    // The auxiliaries of today are the default budget: their provincial
    // total keeps the limit of a count too.
    read.auxiliaries_today += s.auxiliaries;
    if read.auxiliaries_today > MAX_COUNT && !read.auxiliaries_over {
        // Said once: the running total only grows.
        read.auxiliaries_over = true;
        problems.push(r.cell_error(
            "auxiliaries",
            r.text_or_empty("auxiliaries"),
            format!(
                "brings the province's auxiliaries to {}, above the limit of {MAX_COUNT}",
                read.auxiliaries_today
            ),
        ));
    }
    let split: f64 = s.levers.calls_by_category.values().sum();
    if split > s.calls * (1.0 + 1e-9) + 1e-9 {
        problems.push(InputError::cell(
            tables.station_table.file(),
            r.row(),
            "calls",
            &s.calls.to_string(),
            format!(
                "is below the {split} calls of its `calls_<category>` columns; the categories split the calls, so they cannot add up to more"
            ),
        ));
    }
}

/// Every county has a station, and no more officers at its stations today
/// than in its whole force. A county whose stations all name it wrongly
/// (`101` for `0101`) is explained by the unknown ids; "no stations" would
/// only repeat it.
fn check_counties(
    tables: &StationTables,
    counties: &CountiesRead,
    read: &StationsRead,
    ids_unknown: bool,
    problems: &mut Problems,
) {
    for (c, county) in counties.list.iter().enumerate() {
        if !read.named[c] && !ids_unknown {
            problems.push(InputError::Data {
                file: tables.county_table.file().to_path_buf(),
                row: Some(counties.rows[c]),
                problem: DataProblem::CountyWithoutStations {
                    county: county.id.clone(),
                    stations: tables.station_table.file().display().to_string(),
                },
            });
            continue;
        }
        let today = read.officers_today[c];
        if counties.ok[c] && today > county.officers_total {
            problems.push(InputError::cell(
                tables.county_table.file(),
                counties.rows[c],
                "officers_total",
                &county.officers_total.to_string(),
                format!(
                    "is below the {today} officers its stations have today in {}",
                    tables.station_table.file().display()
                ),
            ));
        }
    }
}

mod columns;
