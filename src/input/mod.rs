//! Readers from files into domain types. Errors name file, row, column and value.
//!
//! Each table comes from a CSV file (UTF-8, UTF-8 with BOM or GBK/GB18030,
//! see [`decode`]) or from a workbook sheet (see [`excel`]); headers may use
//! the Chinese aliases of [`aliases`].

/// Chinese and alternative names of the columns.
pub mod aliases;
mod build;
mod cells;
/// Text encodings of CSV files.
pub mod decode;
/// Workbook sheets as tables.
pub mod excel;
/// Reading an input file whole, safely.
pub mod file;
/// Values that are valid but look wrong against their peers.
pub mod plausible;
/// "Did you mean" suggestions.
pub mod suggest;
/// A table read strictly, with its header found and checked.
pub mod table;
/// A look inside a zipped workbook before it is opened.
pub mod zipped;

pub use build::{build_province, county_hint, norm_line};

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::domain::{with_age_bands, Province};
use crate::error::{InputError, Warning};
use table::{Origin, Spec, Table};

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
    optional: &with_age_bands::<14>(
        &[
            "min_officers",
            "max_officers",
            "locked",
            "duty_posts",
            "max_moves",
            "nominal",
            "seconded",
            "restricted",
        ],
        &[],
    ),
    aliases: aliases::STATION_ALIASES,
    prefixes: &["calls_"],
};

/// How the counties table must look.
pub const COUNTY_SPEC: Spec<'static> = Spec {
    required: &COUNTY_COLUMNS,
    optional: &with_age_bands::<9>(&["max_moves", "max_recruits", "auxiliary_budget"], &[]),
    aliases: aliases::COUNTY_ALIASES,
    prefixes: &[],
};

/// Reads one table from a CSV file or a workbook sheet (`book.xlsx#sheet`).
/// `role_sheets` are the sheet names looked for when none is given.
pub fn read_table(path: &Path, spec: &Spec, role_sheets: &[&str]) -> Result<Table, InputError> {
    read_table_hashed(path, spec, role_sheets).map(|(table, _)| table)
}

/// [`read_table`], and the SHA-256 of the file's bytes as read (in hex).
fn read_table_hashed(
    path: &Path,
    spec: &Spec,
    role_sheets: &[&str],
) -> Result<(Table, String), InputError> {
    let (file, sheet) = excel::split_sheet(path);
    let bytes = file::read_input(&file)?;
    let table = table_from_bytes(&file, &bytes, sheet.as_deref(), spec, role_sheets)?;
    Ok((table, format!("{:x}", Sha256::digest(&bytes))))
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
    /// The province the two tables describe.
    pub province: Province,
    /// How the stations and the counties table were read: the CSV encoding
    /// or the sheet.
    pub origins: [Origin; 2],
    /// The CSV field separator of the stations and the counties table
    /// (`None` for a worksheet).
    pub delimiters: [Option<char>; 2],
    /// The SHA-256 (hex) of the stations and the counties file as read
    /// (the whole workbook for a sheet).
    pub sha256: [String; 2],
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
    let county_table = read_table_hashed(counties, &COUNTY_SPEC, aliases::COUNTY_SHEETS);
    let station_table = read_table_hashed(stations, &STATION_SPEC, aliases::STATION_SHEETS);
    let ((county_table, county_sha), (station_table, station_sha)) =
        match (county_table, station_table) {
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
        sha256: [station_sha, county_sha],
        warnings,
    })
}

/// The cells of a province that look wrong against their peers
/// ([`plausible::check`]) as warnings naming file, row, column and value.
fn implausible(province: &Province, stations: &Table, counties: &Table) -> Vec<Warning> {
    plausible::check(province)
        .into_iter()
        .filter_map(|f| {
            let (table, row, station, county) = match f.subject {
                plausible::Subject::Station(i) => (
                    stations,
                    stations.row(i)?,
                    Some(province.stations[i].id.clone()),
                    None,
                ),
                plausible::Subject::County(c) => (
                    counties,
                    counties.row(c)?,
                    None,
                    Some(province.counties[c].id.clone()),
                ),
            };
            Some(Warning {
                kind: "implausible_value".into(),
                file: table.file().display().to_string(),
                row: Some(row.row()),
                column: Some(table.written_header(f.column)),
                label: Some(table.cell_label(f.column, row.row())),
                value: Some(row.text_or_empty(f.column).to_string()),
                problem: f.describe(province),
                problem_zh: Some(f.describe_in(province, true)),
                station,
                county,
            })
        })
        .collect()
}
