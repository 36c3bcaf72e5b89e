//! Stable machine names: every CSV is headed by the column names
//! `docs/io.md` documents, whatever the data's language, and staffing
//! reads its own outputs back in either language.

use std::path::Path;
use std::time::Duration;

use staffing::pipeline;

use crate::support::{csv_int, csv_rows, run_with_timeout, staffing};

/// The column names of the `allocation.csv` table in `docs/io.md`, in order.
fn documented_allocation_columns() -> Vec<String> {
    let doc = std::fs::read_to_string("docs/io.md").unwrap();
    let start = doc
        .find("| `allocation.csv` column |")
        .expect("docs/io.md documents the columns of allocation.csv");
    doc[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cell = l.split('|').nth(1).unwrap().trim();
            cell.trim_matches('`').to_string()
        })
        .collect()
}

/// A scenario beside `dir` that reads the shipped stations and these
/// counties.
fn with_counties(dir: &Path, name: &str, counties: &Path) -> std::path::PathBuf {
    let stations = std::fs::canonicalize("scenarios/data/gansu/stations.csv").unwrap();
    let text = std::fs::read_to_string("scenarios/baseline.toml")
        .unwrap()
        .replace(
            "stations = \"data/gansu/stations.csv\"",
            &format!("stations = {:?}", stations.display().to_string()),
        )
        .replace(
            "counties = \"data/gansu/counties.csv\"",
            &format!("counties = {:?}", counties.display().to_string()),
        );
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_script_reads_allocation_by_the_documented_names_on_the_chinese_example() {
    let documented = documented_allocation_columns();
    assert!(documented.len() >= 20, "{documented:?}");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("baseline");
    let mut cmd = staffing();
    cmd.args([
        "solve",
        "scenarios/baseline.toml",
        "--charts",
        "none",
        "--out",
    ])
    .arg(&out);
    let done = run_with_timeout(cmd, Duration::from_secs(180)).unwrap();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    // The shipped example is Chinese: the terminal and the workbook are.
    assert!(done.stdout.contains("均衡水平"), "{}", done.stdout);

    // What a script does: read the header, look columns up by name.
    let header_line = std::fs::read_to_string(out.join("allocation.csv")).unwrap();
    let header: Vec<&str> = header_line
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(&header[..documented.len()], documented.as_slice());
    let rows = csv_rows(&out.join("allocation.csv"));
    assert_eq!(rows.len(), 1631);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let officers: i64 = rows.iter().map(|r| csv_int(r, "officers")).sum();
    assert_eq!(
        officers,
        summary["station_officers"].as_i64().unwrap(),
        "Σ officers of allocation.csv is the summary's station officers"
    );
    for r in &rows {
        assert_eq!(
            csv_int(r, "officers") - csv_int(r, "officers_before"),
            csv_int(r, "officers_change"),
            "{}",
            r["station_id"]
        );
        assert!(csv_int(r, "community_officers") <= csv_int(r, "officers"));
    }
    let counties = csv_rows(&out.join("counties.csv"));
    assert_eq!(counties.len(), 86);
    assert!(counties[0].contains_key("officers_total"));

    // staffing reads its outputs back: counties.csv (English names) and
    // plan.xlsx's 各县局 sheet (Chinese names) are both a counties table
    // giving the same counties as the shipped one.
    let original = pipeline::load(Path::new("scenarios/baseline.toml")).unwrap();
    let key = |p: &staffing::domain::Province| {
        p.counties
            .iter()
            .map(|c| (c.id.clone(), c.name.clone(), c.officers_total, c.hq_min))
            .collect::<Vec<_>>()
    };
    for (name, counties) in [
        ("from-csv", out.join("counties.csv")),
        ("from-xlsx", out.join("plan.xlsx")),
    ] {
        let scenario = with_counties(tmp.path(), name, &counties);
        let back = pipeline::load(&scenario).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(key(&back.province), key(&original.province), "{name}");
        assert!(
            back.warnings
                .iter()
                .all(|w| !w.to_string().contains("did you mean")),
            "{name}: {:?}",
            back.warnings
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
        );
    }
    // The workbook itself is headed in Chinese.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("plan.xlsx")).unwrap();
    let sheet = wb.worksheet_range("各县局").unwrap();
    let first: Vec<String> = sheet.rows().next().unwrap()[..4]
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(first, ["县局编号", "名称", "总警力", "机关最少警力"]);
}
