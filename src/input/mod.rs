//! Readers from files into domain types. Errors name file, row, column and value.
//!
//! Each table comes from a CSV file (UTF-8, UTF-8 with BOM or GBK/GB18030,
//! see [`decode`]) or from a workbook sheet (see [`excel`]); headers may use
//! the Chinese aliases of [`aliases`].

pub mod aliases;
pub mod decode;
pub mod excel;
pub mod file;
pub mod suggest;
pub mod table;

use std::collections::BTreeMap;
use std::path::Path;

use crate::domain::{County, Province, Station, StationLevers, Strength};
use crate::error::InputError;
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
/// `duty_posts`, `max_moves` and every `calls_<category>` column.
fn station_levers(
    r: &table::Row,
    category_columns: &[String],
) -> Result<StationLevers, InputError> {
    let mut calls_by_category = BTreeMap::new();
    for column in category_columns {
        if let Some(v) = optional_number(r, column, numeric::CALLS)? {
            calls_by_category.insert(column["calls_".len()..].to_string(), v);
        }
    }
    Ok(StationLevers {
        calls_by_category,
        max_officers: optional_count(r, "max_officers")?,
        locked: r.optional_flag("locked")?,
        duty_posts: optional_number(r, "duty_posts", numeric::DUTY_POSTS)?,
        max_moves: optional_count(r, "max_moves")?,
    })
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
    ],
    aliases: aliases::STATION_ALIASES,
    prefixes: &["calls_"],
};

/// How the counties table must look.
pub const COUNTY_SPEC: Spec<'static> = Spec {
    required: &COUNTY_COLUMNS,
    optional: &["max_moves"],
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
    let county_table = read_table(counties, &COUNTY_SPEC, aliases::COUNTY_SHEETS)?;
    let station_table = read_table(stations, &STATION_SPEC, aliases::STATION_SHEETS)?;
    let province = build_province(&county_table, &station_table, norms)?;
    Ok((
        province,
        [
            station_table.origin().clone(),
            county_table.origin().clone(),
        ],
    ))
}

/// Builds a province from two parsed tables.
pub fn build_province(
    county_table: &Table,
    station_table: &Table,
    norms: &BTreeMap<String, f64>,
) -> Result<Province, InputError> {
    let mut counties: Vec<County> = Vec::with_capacity(county_table.len());
    let mut county_rows = Vec::with_capacity(county_table.len());
    let mut index = std::collections::HashMap::new();
    for r in county_table.rows() {
        let id = r.text("county_id")?;
        let row = r.row();
        if let Some(first) = index.insert(id.to_string(), counties.len()) {
            return Err(r.cell_error(
                "county_id",
                id,
                format!(
                    "is a duplicate: it was already used on row {}",
                    county_rows[first]
                ),
            ));
        }
        let officers_total = count(&r, "officers_total")?;
        let hq_min = count(&r, "hq_min")?;
        if hq_min > officers_total {
            return Err(r.cell_error(
                "hq_min",
                &hq_min.to_string(),
                format!("exceeds the county's whole force officers_total = {officers_total}"),
            ));
        }
        counties.push(County {
            id: id.to_string(),
            name: r.text_or_empty("name").to_string(),
            officers_total,
            hq_min,
            stations: Vec::new(),
            max_moves: optional_count(&r, "max_moves")?,
            seconded_away: 0,
        });
        county_rows.push(row);
    }

    let category_columns = station_table.columns_with_prefix("calls_");
    let mut stations: Vec<Station> = Vec::with_capacity(station_table.len());
    let mut station_rows = std::collections::HashMap::new();
    let mut auxiliaries_today = 0i64;
    for r in station_table.rows() {
        let row = r.row();
        let id = r.text("station_id")?;
        if let Some(first) = station_rows.insert(id.to_string(), row) {
            return Err(r.cell_error(
                "station_id",
                id,
                format!("is a duplicate: it was already used on row {first}"),
            ));
        }
        let county_id = r.text("county_id")?;
        let Some(&county) = index.get(county_id) else {
            return Err(r.cell_error(
                "county_id",
                county_id,
                format!("is not a county in {}", county_table.file().display()),
            ));
        };
        let kind = r.text("kind")?;
        if !norms.contains_key(kind) {
            let known: Vec<&str> = norms.keys().map(String::as_str).collect();
            return Err(r.cell_error(
                "kind",
                kind,
                format!(
                    "has no norm in the scenario; use one of {} or add `{kind} = <residents>` under [workload.residents_per_community_officer]",
                    known.join(", ")
                ),
            ));
        }
        let officers = count(&r, "officers")?;
        let community_officers = count(&r, "community_officers")?;
        if community_officers > officers {
            return Err(r.cell_error(
                "community_officers",
                &community_officers.to_string(),
                format!("exceeds the station's officers = {officers}; community officers are among the officers"),
            ));
        }
        let min_officers = optional_count(&r, "min_officers")?;
        if let Some(m) = min_officers {
            let total = counties[county].officers_total;
            if m > total {
                return Err(r.cell_error(
                    "min_officers",
                    &m.to_string(),
                    format!("exceeds the whole force of county {county_id} ({total} officers)"),
                ));
            }
        }
        counties[county].stations.push(stations.len());
        stations.push(Station {
            id: id.to_string(),
            county,
            name: r.text_or_empty("name").to_string(),
            kind: kind.to_string(),
            population: number(&r, "population", numeric::POPULATION)?,
            villages: number(&r, "villages", numeric::VILLAGES)?,
            area_km2: number(&r, "area_km2", numeric::AREA_KM2)?,
            calls: number(&r, "calls", numeric::CALLS)?,
            officers,
            community_officers,
            auxiliaries: count(&r, "auxiliaries")?,
            min_officers,
            levers: station_levers(&r, &category_columns)?,
            strength: station_strength(&r, officers)?,
        });
        let s = stations.last().expect("just pushed");
        // The auxiliaries of today are the default budget: their provincial
        // total keeps the limit of a count too.
        auxiliaries_today += s.auxiliaries;
        if auxiliaries_today > MAX_COUNT {
            return Err(r.cell_error(
                "auxiliaries",
                r.text_or_empty("auxiliaries"),
                format!(
                    "brings the province's auxiliaries to {auxiliaries_today}, above the limit of {MAX_COUNT}"
                ),
            ));
        }
        let split: f64 = s.levers.calls_by_category.values().sum();
        if split > s.calls * (1.0 + 1e-9) + 1e-9 {
            return Err(InputError::cell(
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

    for (c, county) in counties.iter().enumerate() {
        if county.stations.is_empty() {
            return Err(InputError::Row {
                file: county_table.file().to_path_buf(),
                row: county_rows[c],
                problem: format!(
                    "county `{}` has no stations in {}; every county needs at least one",
                    county.id,
                    station_table.file().display()
                ),
            });
        }
        let today = county.station_officers_today(&stations);
        if today > county.officers_total {
            return Err(InputError::cell(
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
    Ok(Province { counties, stations })
}
