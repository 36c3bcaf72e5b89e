//! CSV loader: any bytes give a table or an error, never a panic; every
//! typed cell access on every row is exercised too.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use staffing::input::{table::Table, STATION_SPEC};

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = Table::from_csv_bytes(Path::new("stations.csv"), data, &STATION_SPEC) {
        for row in table.rows() {
            for column in STATION_SPEC.required {
                let _ = row.text(column).map(|v| v.len());
                let _ = row.number(column);
                let _ = row.count(column);
            }
            let _ = row.optional_count("min_officers");
        }
    }
});
