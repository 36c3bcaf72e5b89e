//! Workbook loader: any bytes named `.xlsx` (and `.xls`) give a table or an
//! error, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use staffing::input::{aliases::STATION_SHEETS, table_from_bytes, STATION_SPEC};

fuzz_target!(|data: &[u8]| {
    for name in ["stations.xlsx", "stations.xls"] {
        if let Ok(table) =
            table_from_bytes(Path::new(name), data, None, &STATION_SPEC, STATION_SHEETS)
        {
            for row in table.rows() {
                for column in STATION_SPEC.required {
                    let _ = row.number(column);
                }
            }
        }
    }
});
