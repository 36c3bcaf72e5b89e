//! The `--resume` reader: any bytes as a progress record, under any file
//! name, for a sweep of any shape. A record is used only when it has exactly
//! one cell per column, its own point number (in its name and first cell),
//! a point inside the sweep and the sweep's fingerprint; then the
//! `sweep.csv` built from it reads back as a table of that width with the
//! same cells. `read_records` over a folder agrees with `parse_record`.
#![no_main]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use libfuzzer_sys::fuzz_target;
use staffing::sweep::exec::{parse_record, read_records, sweep_csv, RecordCheck};

const FINGERPRINT: &str = "f00d";

static RUN: AtomicU64 = AtomicU64::new(0);

fn base() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let root = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    root.join(format!(
        "staffing-fuzz-resume-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ))
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let columns = 1 + data[0] as usize % 12;
    let points = 1 + u16::from_le_bytes([data[1], data[2]]) as usize % 2000;
    let name = match data[3] % 4 {
        0 | 1 => format!("{:06}.json", data[3] / 4),
        2 => format!("{:07}.json", data[3] / 4),
        _ => "notes.json".to_string(),
    };
    let bytes = &data[4..];
    let check = RecordCheck {
        fingerprint: FINGERPRINT,
        columns,
        points,
        values: None,
    };
    let parsed = parse_record(&name, bytes, &check);
    if let Ok(r) = &parsed {
        assert_eq!(r.cells.len(), columns);
        assert!(r.point < points);
        assert_eq!(name, format!("{:06}.json", r.point));
        assert_eq!(r.cells[0], r.point.to_string());
        assert_eq!(r.fingerprint, FINGERPRINT);
        let header: Vec<String> = (0..columns).map(|i| format!("c{i}")).collect();
        let csv = sweep_csv(&header, &[r]);
        let text = std::str::from_utf8(&csv).expect("sweep.csv is UTF-8");
        let text = text.strip_prefix('\u{feff}').expect("a BOM");
        let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|row| row.expect("sweep.csv parses").iter().map(String::from).collect())
            .collect();
        assert_eq!(rows.len(), 2, "header and one row");
        assert_eq!(rows[0], header);
        assert_eq!(rows[1], r.cells);
    }

    // The same bytes as a file of a sweep folder.
    let root = base();
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("points")).unwrap();
    fs::write(root.join("points").join(&name), bytes).unwrap();
    let records = read_records(&root, &check);
    match (&parsed, name.as_str()) {
        (_, "notes.json") => {
            assert!(records.valid.is_empty() && records.unusable.is_empty());
        }
        (Ok(r), _) => {
            assert_eq!(records.valid.get(&r.point), Some(r));
            assert!(records.unusable.is_empty());
        }
        (Err(problem), _) => {
            assert!(records.valid.is_empty());
            assert_eq!(records.unusable.len(), 1);
            assert_eq!(&records.unusable[0].problem, problem);
        }
    }
    assert!(root.join("points").join(&name).exists(), "a record is never removed");
    let _ = fs::remove_dir_all(&root);
});
