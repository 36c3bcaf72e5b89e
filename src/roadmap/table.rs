//! `roadmap.csv` (one row per year) and `roadmap_counties.csv` (one row
//! per county and year): the column lists, the cells of a year, and the
//! parsed table the report draws from.
//!
//! Cells are rendered once, when the year is planned, and kept verbatim in
//! the year's progress record, so a resumed roadmap writes the same bytes.
//! Numbers in full precision are Rust's shortest round-trip form, so the
//! report reads back exactly the values that were written.

use std::collections::BTreeMap;

use super::figures::YearFigures;
use crate::domain::{with_age_bands, AGE_BANDS};
use crate::report::csv::neutralise;

/// The columns of `roadmap.csv` before the recruits per county.
pub const YEAR_COLUMNS: [&str; 36] = with_age_bands(
    &[
        "year",
        "status",
        "balance_level",
        "officers_moved",
        "force_start",
        "recruits",
        "retirements",
        "leavers",
        "force_end",
        "station_officers",
        "hq_officers",
        "community_officers",
        "station_share",
        "community_share",
        "counties_meeting_station_share",
        "counties_meeting_community_share",
        "restricted_officers",
        "seconded_officers",
        "auxiliaries",
        "auxiliary_budget",
        "auxiliary_leavers",
        "auxiliary_balance_level",
        "village_coverage",
        "two_teams_one_room",
    ],
    &[
        "women",
        "recruits_unplaced",
        "recruits_for_level",
        "counties",
        "stations",
        "message",
    ],
);

/// The columns of `roadmap_counties.csv`.
pub const COUNTY_COLUMNS: [&str; 18] = [
    "year",
    "county_id",
    "name",
    "force_start",
    "retirements",
    "leavers",
    "recruits",
    "force_end",
    "station_officers",
    "hq_officers",
    "community_officers",
    "station_share",
    "community_share",
    "station_rule",
    "community_rule",
    "county_level",
    "officers_moved",
    "restricted_officers",
];

/// The header of `roadmap.csv`: [`YEAR_COLUMNS`] (the message last) with
/// `recruits_<county id>` before the message.
pub fn columns(county_ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = YEAR_COLUMNS[..YEAR_COLUMNS.len() - 1]
        .iter()
        .map(|c| c.to_string())
        .collect();
    out.extend(county_ids.iter().map(|id| format!("recruits_{id}")));
    out.push("message".into());
    out
}

fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

fn opt(v: Option<f64>) -> String {
    v.map_or(String::new(), num)
}

/// The cells of one year's row of `roadmap.csv`. `for_level`: recruits the
/// year's level needed.
pub fn year_row(f: &YearFigures, for_level: i64, stations: usize) -> Vec<String> {
    let mut cells = vec![
        f.year.to_string(),
        f.status.clone(),
        opt(f.balance_level),
        f.officers_moved.to_string(),
        f.force_start.to_string(),
        f.recruits.to_string(),
        f.retirements.to_string(),
        f.leavers.to_string(),
        f.force_end.to_string(),
        f.station_officers.to_string(),
        f.hq_officers.to_string(),
        f.community_officers.to_string(),
        num(f.station_share),
        num(f.community_share),
        f.counties_meeting_station_share.to_string(),
        f.counties_meeting_community_share.to_string(),
        f.restricted.to_string(),
        f.seconded.to_string(),
        f.auxiliaries.to_string(),
        f.auxiliary_budget.to_string(),
        f.auxiliary_leavers.to_string(),
        opt(f.auxiliary_balance_level),
        opt(f.village_coverage),
        f.two_teams.map_or(String::new(), |n| n.to_string()),
    ];
    cells.extend(f.bands.iter().map(|b| b.to_string()));
    cells.push(f.women.map_or(String::new(), |w| w.to_string()));
    cells.push(f.recruits_unplaced.to_string());
    cells.push(for_level.to_string());
    cells.push(f.counties.len().to_string());
    cells.push(stations.to_string());
    cells.extend(f.recruits_per_county.iter().map(|r| r.to_string()));
    cells.push(neutralise(&f.message));
    cells
}

/// The row of a year with no plan: the year, `infeasible`, the flows it
/// got to, and why.
pub fn failed_row(year: i32, counties: usize, message: &str) -> Vec<String> {
    let mut cells = vec![year.to_string(), "infeasible".to_string()];
    cells.extend(std::iter::repeat(String::new()).take(YEAR_COLUMNS.len() - 3 + counties));
    cells.push(neutralise(&one_line(message)));
    cells
}

/// A message on one line.
pub fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The rows of one year in `roadmap_counties.csv`.
pub fn county_rows(f: &YearFigures, ids: &[(String, String)]) -> Vec<Vec<String>> {
    f.counties
        .iter()
        .zip(ids)
        .map(|(c, (id, name))| {
            vec![
                f.year.to_string(),
                neutralise(id),
                neutralise(name),
                c.force_start.to_string(),
                c.retirements.to_string(),
                c.leavers.to_string(),
                c.recruits.to_string(),
                c.force_end.to_string(),
                c.station_officers.to_string(),
                c.hq_officers.to_string(),
                c.community_officers.to_string(),
                num(c.station_share),
                num(c.community_share),
                c.station_rule.to_string(),
                c.community_rule.to_string(),
                opt(c.level),
                c.officers_moved.to_string(),
                c.restricted.to_string(),
            ]
        })
        .collect()
}

/// CSV bytes for Excel: BOM, CRLF, the header and the rows as rendered.
pub fn csv_bytes(columns: &[String], rows: &[&[String]]) -> Vec<u8> {
    crate::sweep::table::sweep_csv(columns, rows)
}

/// `roadmap.csv` read back by column, for the report and the terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct RoadmapTable {
    /// The column names, in file order (`year` first).
    pub columns: Vec<String>,
    /// One row per year, cells as rendered, in column order.
    pub rows: Vec<Vec<String>>,
    index: BTreeMap<String, usize>,
}

impl RoadmapTable {
    /// The table of `columns` and `rows`, with an index from column name to position.
    pub fn new(columns: Vec<String>, rows: Vec<Vec<String>>) -> RoadmapTable {
        let index = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i))
            .collect();
        RoadmapTable {
            columns,
            rows,
            index,
        }
    }

    /// The text of a column in a row ("" when absent).
    pub fn text(&self, row: usize, column: &str) -> &str {
        self.index
            .get(column)
            .and_then(|&i| self.rows.get(row)?.get(i))
            .map_or("", String::as_str)
    }

    /// A number of a column in a row (`None`: empty or absent).
    pub fn number(&self, row: usize, column: &str) -> Option<f64> {
        self.text(row, column).parse().ok()
    }

    /// The years with a plan (status other than `infeasible`).
    pub fn planned(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&r| self.text(r, "status") != "infeasible")
            .collect()
    }

    /// The county ids of the `recruits_<id>` columns, in order.
    pub fn county_ids(&self) -> Vec<String> {
        let Some(&first) = self.index.get("stations") else {
            return Vec::new();
        };
        let last = self.columns.len().saturating_sub(1);
        self.columns
            .get(first + 1..last)
            .unwrap_or(&[])
            .iter()
            .filter_map(|c| c.strip_prefix("recruits_"))
            .map(str::to_string)
            .collect()
    }

    /// The band columns' values of a row.
    pub fn bands(&self, row: usize) -> [f64; 6] {
        let mut out = [0.0; 6];
        for (o, b) in out.iter_mut().zip(AGE_BANDS.iter()) {
            *o = self.number(row, b.key).unwrap_or(0.0);
        }
        out
    }
}
