//! The bad-input corpus: every folder under `tests/bad_input/` (except
//! `_valid`) holds a scenario with one thing wrong and `expect.txt`, the
//! substrings the error message must contain (one per line). For each case,
//! `staffing solve` and `staffing check` must exit with code 2, say what is
//! wrong in those words, not panic, and write no output folder.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    cases.sort();
    cases
}

#[test]
fn the_base_of_the_corpus_is_valid() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("plan");
    Command::cargo_bin("staffing")
        .unwrap()
        .arg("solve")
        .arg(corpus().join("_valid/scenario.toml"))
        .arg("--out")
        .arg(&target)
        .assert()
        .code(0);
    assert!(target.join("plan.xlsx").exists());
}

#[test]
fn every_bad_input_is_named_with_exit_code_2_and_no_output() {
    let cases = cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let expect = std::fs::read_to_string(case.join("expect.txt"))
            .unwrap_or_else(|_| panic!("{name}: no expect.txt"));
        for command in ["solve", "check"] {
            let out = tempfile::tempdir().unwrap();
            let target = out.path().join("plan");
            let mut cmd = Command::cargo_bin("staffing").unwrap();
            cmd.arg(command).arg(case.join("scenario.toml"));
            if command == "solve" {
                cmd.arg("--out").arg(&target);
            }
            let output = cmd.current_dir(out.path()).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            let mut problems = Vec::new();
            if output.status.code() != Some(2) {
                problems.push(format!("exit code {:?}, not 2", output.status.code()));
            }
            if stderr.contains("panicked") {
                problems.push("panicked".into());
            }
            for want in expect.lines().filter(|l| !l.trim().is_empty()) {
                if !stderr.contains(want) {
                    problems.push(format!("message lacks `{want}`"));
                }
            }
            let written: Vec<_> = std::fs::read_dir(out.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            if !written.is_empty() {
                problems.push(format!("wrote {written:?}"));
            }
            if !problems.is_empty() {
                failures.push(format!(
                    "{name} ({command}): {}\n    stderr: {}",
                    problems.join("; "),
                    stderr.trim()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The workbook cases of the corpus, built with rust_xlsxwriter (fixed
/// creation date, so the bytes are reproducible). Run with
/// `cargo test --test bad_input -- --ignored` after changing them.
mod workbooks {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Formula, Workbook};

    pub const BASE_SCENARIO: &str = r#"name = "case"
stations = "STATIONS"
counties = "counties.csv"

[workload]
hours_per_call = 1.5
officer_hours_per_year = 1800
reactive_share = 0.5

[workload.residents_per_community_officer]
urban = 5000
rural = 3000
"#;

    pub const HEADER_ZH: [&str; 12] = [
        "派出所编号",
        "县局编号",
        "派出所名称",
        "类型",
        "人口",
        "行政村数",
        "面积",
        "警情数",
        "民警数",
        "社区民警数",
        "辅警数",
        "最低警力",
    ];

    pub fn rows() -> Vec<Vec<String>> {
        [
            "S1,C1,城关派出所,urban,20000,3,12.5,900,10,4,6,",
            "S2,C1,东关派出所,rural,8000,9,300,200,5,2,4,",
            "S3,C2,河西派出所,rural,9000,8,250,300,6,3,5,",
        ]
        .iter()
        .map(|r| r.split(',').map(str::to_string).collect())
        .collect()
    }

    /// A workbook with the given sheets: (name, hidden, rows of cells).
    /// Cells that parse as numbers are written as numbers; `=…` as a formula
    /// whose saved result follows a `|`.
    pub fn book(sheets: &[(&str, bool, Vec<Vec<String>>)]) -> Vec<u8> {
        let mut wb = Workbook::new();
        wb.set_properties(
            &DocProperties::new()
                .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1).unwrap()),
        );
        for (name, hidden, rows) in sheets {
            let ws = wb.add_worksheet();
            ws.set_name(*name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    if let Some(f) = v.strip_prefix('=') {
                        let (f, result) = f.split_once('|').unwrap_or((f, ""));
                        ws.write_formula(r, c, Formula::new(f).set_result(result))
                            .unwrap();
                    } else if let Ok(x) = v.parse::<f64>() {
                        ws.write_number(r, c, x).unwrap();
                    } else if !v.is_empty() {
                        ws.write_string(r, c, v).unwrap();
                    }
                }
            }
            if *hidden {
                ws.set_hidden(true);
            }
        }
        wb.save_to_buffer().unwrap()
    }

    pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
        let mut out = vec![header.iter().map(|s| s.to_string()).collect()];
        out.extend(rows);
        out
    }
}

#[test]
#[ignore = "regenerates the workbook cases of the corpus"]
fn regenerate_workbook_cases() {
    use workbooks::*;
    let counties = std::fs::read(corpus().join("_valid/counties.csv")).unwrap();
    let write = |case: &str, stations: &str, files: Vec<(&str, Vec<u8>)>, expect: &[&str]| {
        let dir = corpus().join(case);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("scenario.toml"),
            BASE_SCENARIO.replace("STATIONS", stations),
        )
        .unwrap();
        std::fs::write(dir.join("counties.csv"), &counties).unwrap();
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        std::fs::write(dir.join("expect.txt"), expect.join("\n") + "\n").unwrap();
    };
    let good = book(&[("派出所", false, table(&HEADER_ZH, rows()))]);

    let cut = good[..good.len() * 3 / 5].to_vec();
    write(
        "xlsx_truncated",
        "stations.xlsx",
        vec![("stations.xlsx", cut)],
        &[
            "stations.xlsx: cannot be read as a workbook",
            "truncated or damaged",
        ],
    );

    // What Excel writes for "Encrypt with Password": an OLE compound file
    // holding `EncryptionInfo` and `EncryptedPackage` streams. This is a
    // minimal stand-in with the same signature and stream names.
    let mut locked = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    locked.resize(512, 0);
    for name in ["EncryptionInfo", "EncryptedPackage"] {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(128, 0);
        locked.extend(entry);
    }
    locked.resize(2048, 0);
    write(
        "xlsx_password_protected",
        "stations.xlsx",
        vec![("stations.xlsx", locked)],
        &[
            "stations.xlsx: is password-protected",
            "remove the password",
        ],
    );

    write(
        "xlsx_missing_sheet",
        "book.xlsx#派出听",
        vec![("book.xlsx", good.clone())],
        &["book.xlsx: has no sheet `派出听`", "did you mean `派出所`?"],
    );

    let mut bad = rows();
    bad[1][4] = "abc".into();
    write(
        "xlsx_bad_cell",
        "book.xlsx",
        vec![("book.xlsx", book(&[("派出所", false, table(&HEADER_ZH, bad))]))],
        &["book.xlsx#派出所, row 3, column `人口` = `population` in cell `E3`: value `abc` is not a number"],
    );

    let mut div = rows();
    div[0][7] = "=1/0|#DIV/0!".into();
    write(
        "xlsx_formula_error_value",
        "book.xlsx",
        vec![(
            "book.xlsx",
            book(&[("派出所", false, table(&HEADER_ZH, div))]),
        )],
        &["cell `H2`", "`#DIV/0!`", "Excel error value"],
    );

    write(
        "xlsx_only_hidden_sheet_matches",
        "book.xlsx",
        vec![(
            "book.xlsx",
            book(&[
                ("说明", false, vec![vec!["notes".into()]]),
                ("数据", false, vec![vec!["x".into()]]),
                ("stations", true, table(&HEADER_ZH, rows())),
            ]),
        )],
        &[
            "has no visible sheet named `stations`",
            "`stations` (hidden)",
            "book.xlsx#",
        ],
    );

    write(
        "xlsx_ambiguous_sheets",
        "book.xlsx",
        vec![(
            "book.xlsx",
            book(&[
                ("stations", false, table(&HEADER_ZH, rows())),
                ("派出所", false, table(&HEADER_ZH, rows())),
            ]),
        )],
        &["several sheets", "`stations`, `派出所`"],
    );

    write(
        "xlsx_empty_sheet",
        "book.xlsx#派出所",
        vec![("book.xlsx", book(&[("派出所", false, vec![])]))],
        &["book.xlsx#派出所: the file is empty"],
    );

    let mut dup = rows();
    dup[2][0] = "S2".into();
    write(
        "xlsx_duplicate_id",
        "book.xlsx",
        vec![(
            "book.xlsx",
            book(&[("派出所", false, table(&HEADER_ZH, dup))]),
        )],
        &["row 4, column `派出所编号` = `station_id` in cell `A4`: value `S2` is a duplicate"],
    );

    write(
        "xlsx_holding_csv_text",
        "stations.xlsx",
        vec![(
            "stations.xlsx",
            std::fs::read(corpus().join("_valid/stations.csv")).unwrap(),
        )],
        &["named like a workbook but holds text"],
    );
}

#[test]
fn workbook_cases_are_up_to_date() {
    use workbooks::*;
    let good = book(&[("派出所", false, table(&HEADER_ZH, rows()))]);
    let missing = std::fs::read(corpus().join("xlsx_missing_sheet/book.xlsx")).unwrap();
    assert_eq!(
        good, missing,
        "run `cargo test --test bad_input -- --ignored`"
    );
}
