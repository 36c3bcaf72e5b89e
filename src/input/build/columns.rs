//! The columns of the stations table, each found in the header once per
//! table: a nation's 40,000 rows read some twenty cells each, and looking
//! every cell's column up by name was most of reading them.

use crate::input::table::{Column, Table};
use crate::input::STATION_SPEC;

/// The columns of the stations table, found in its header once.
pub(crate) struct StationColumns<'a> {
    /// The required columns, in [`STATION_SPEC`]'s order.
    pub(super) required: Vec<Column<'a>>,
    pub(super) station_id: Column<'a>,
    pub(super) county_id: Column<'a>,
    pub(super) name: Column<'a>,
    pub(super) kind: Column<'a>,
    pub(super) population: Column<'a>,
    pub(super) villages: Column<'a>,
    pub(super) area_km2: Column<'a>,
    pub(super) calls: Column<'a>,
    pub(super) officers: Column<'a>,
    pub(super) community_officers: Column<'a>,
    pub(super) auxiliaries: Column<'a>,
    pub(super) min_officers: Column<'a>,
    /// The lever and real-strength columns.
    pub(crate) levers: LeverColumns<'a>,
}

/// A station's optional lever and real-strength columns.
pub(crate) struct LeverColumns<'a> {
    pub(crate) categories: Vec<Column<'a>>,
    pub(crate) max_officers: Column<'a>,
    pub(crate) locked: Column<'a>,
    pub(crate) duty_posts: Column<'a>,
    pub(crate) max_moves: Column<'a>,
    pub(crate) nominal: Column<'a>,
    pub(crate) seconded: Column<'a>,
    pub(crate) restricted: Column<'a>,
}

impl<'a> StationColumns<'a> {
    pub(super) fn of(table: &Table, categories: &'a [String]) -> StationColumns<'a> {
        let c = |name: &'a str| table.column(name);
        StationColumns {
            required: STATION_SPEC.required.iter().map(|n| c(n)).collect(),
            station_id: c("station_id"),
            county_id: c("county_id"),
            name: c("name"),
            kind: c("kind"),
            population: c("population"),
            villages: c("villages"),
            area_km2: c("area_km2"),
            calls: c("calls"),
            officers: c("officers"),
            community_officers: c("community_officers"),
            auxiliaries: c("auxiliaries"),
            min_officers: c("min_officers"),
            levers: LeverColumns {
                categories: categories.iter().map(|n| c(n)).collect(),
                max_officers: c("max_officers"),
                locked: c("locked"),
                duty_posts: c("duty_posts"),
                max_moves: c("max_moves"),
                nominal: c("nominal"),
                seconded: c("seconded"),
                restricted: c("restricted"),
            },
        }
    }
}
