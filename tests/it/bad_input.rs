//! The bad-input corpus: every folder under `tests/bad_input/` (except
//! `_valid`) holds a scenario with one thing wrong and `expect.txt`, the
//! substrings the error message must contain (one per line). For each case,
//! `staffing solve` and `staffing check` must exit with code 2, say what is
//! wrong in those words, not panic, and write no output folder. A case with
//! `commands.txt` runs the commands it lists instead (one a line: data only
//! `staffing roadmap` reads, such as age bands or a roster).

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

use crate::support::{run_with_timeout, staffing};

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

/// How long one command of one case may take. Every case fails in well
/// under a second; a case still running after this hangs, and the test
/// fails naming it instead of stalling the run.
const CASE_TIME_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn every_bad_input_is_named_with_exit_code_2_and_no_output() {
    let cases = cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let expect = std::fs::read_to_string(case.join("expect.txt"))
            .unwrap_or_else(|_| panic!("{name}: no expect.txt"));
        let commands: Vec<String> = match std::fs::read_to_string(case.join("commands.txt")) {
            Ok(text) => text.split_whitespace().map(str::to_string).collect(),
            Err(_) => vec!["solve".into(), "check".into()],
        };
        for command in &commands {
            let command = command.as_str();
            let out = tempfile::tempdir().unwrap();
            let target = out.path().join("plan");
            let mut cmd = staffing();
            cmd.arg(command).arg(case.join("scenario.toml"));
            if command != "check" {
                cmd.arg("--out").arg(&target);
            }
            if command == "roadmap" {
                cmd.args(["--charts", "none"]);
            }
            cmd.current_dir(out.path());
            let output = match run_with_timeout(cmd, CASE_TIME_LIMIT) {
                Ok(output) => output,
                Err(e) => {
                    failures.push(format!("{name} ({command}): {e}"));
                    continue;
                }
            };
            let stderr = &output.stderr;
            let mut problems = Vec::new();
            if output.code != Some(2) {
                problems.push(format!("exit code {:?}, not 2", output.code));
            }
            if stderr.contains("panicked") {
                problems.push("panicked".into());
            }
            if stderr.len() > MESSAGE_LIMIT {
                problems.push(format!("a message of {} bytes", stderr.len()));
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

/// No error message is longer than this, whatever the input holds.
const MESSAGE_LIMIT: usize = 2_000;

/// The workbook cases of the corpus, built with rust_xlsxwriter (fixed
/// creation date, so the bytes are reproducible). Run with
/// `cargo test --test it regenerate_workbook_cases -- --ignored` after changing them.
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

    /// The good stations sheet `派出所` with one more text cell at
    /// (`row`, `col`), 0-based: a stray note far from the table.
    pub fn book_with_stray(row: u32, col: u16, text: &str) -> Vec<u8> {
        let mut wb = Workbook::new();
        wb.set_properties(
            &DocProperties::new()
                .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1).unwrap()),
        );
        let ws = wb.add_worksheet();
        ws.set_name("派出所").unwrap();
        for (r, cells) in table(&HEADER_ZH, rows()).iter().enumerate() {
            for (c, v) in cells.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if let Ok(x) = v.parse::<f64>() {
                    ws.write_number(r, c, x).unwrap();
                } else if !v.is_empty() {
                    ws.write_string(r, c, v).unwrap();
                }
            }
        }
        ws.write_string(row, col, text).unwrap();
        wb.save_to_buffer().unwrap()
    }

    /// The workbook `good` with some parts written anew: `write(name,
    /// original, out)` writes part `name` (whose bytes were `original`) into
    /// `out`, and returns false to keep the part as it was. Parts are
    /// streamed, so a part may unpack to more than fits in memory.
    pub fn rezip(
        good: &[u8],
        write: impl Fn(&str, &[u8], &mut dyn std::io::Write) -> bool,
    ) -> Vec<u8> {
        use std::io::{Read, Write};
        use zip::write::SimpleFileOptions;
        let mut from = zip::ZipArchive::new(std::io::Cursor::new(good)).unwrap();
        let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9))
            .large_file(true)
            .last_modified_time(zip::DateTime::default());
        for i in 0..from.len() {
            let mut part = from.by_index(i).unwrap();
            let name = part.name().unwrap().to_string();
            let mut original = Vec::new();
            part.read_to_end(&mut original).unwrap();
            to.start_file(name.as_str(), options).unwrap();
            let mut replaced = Vec::new();
            if write(&name, &original, &mut replaced) {
                to.write_all(&replaced).unwrap();
            } else {
                to.write_all(&original).unwrap();
            }
        }
        to.finish().unwrap().into_inner()
    }

    /// `text` with `from` replaced by `to` once (which must be there).
    pub fn swap(text: &[u8], from: &str, to: &str) -> Vec<u8> {
        let text = String::from_utf8(text.to_vec()).unwrap();
        assert!(text.contains(from), "no `{from}`");
        text.replacen(from, to, 1).into_bytes()
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
    use std::io::Write;
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
        &["book.xlsx#派出所：文件为空；应有一行表头"],
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

    // The last cell of a sheet, XFD1048576: calamine's dense range for it
    // would be 17 billion cells (an abort); streamed, it is one cell, and
    // outside the column limit.
    write(
        "xlsx_stray_value_in_the_last_cell",
        "book.xlsx",
        vec![("book.xlsx", book_with_stray(1_048_575, 16_383, "备注"))],
        &[
            "book.xlsx#派出所: cell XFD1048576 holds `备注`",
            "at most 1,000,000 rows below its header, 1,000 columns (up to column ALL)",
        ],
    );

    // Z1048576 lies within the limits: it is a row of the table whose
    // required cells are empty, named by its row.
    write(
        "xlsx_stray_value_far_below",
        "book.xlsx",
        vec![("book.xlsx", book_with_stray(1_048_575, 25, "备注"))],
        &["book.xlsx#派出所, row 1048576, column `派出所编号` = `station_id` in cell `A1048576`: value `` is empty"],
    );

    // Issue 27, N2: limits on what a workbook unpacks to. 19 million empty
    // shared strings (247 MB of XML in a file of a few hundred KB): calamine
    // would keep every one in memory.
    const SHEET: &str = "xl/worksheets/sheet1.xml";
    const STRINGS: &str = "xl/sharedStrings.xml";
    let strings_bomb = rezip(&good, |name, original, out| {
        if name != STRINGS {
            return false;
        }
        let text = String::from_utf8(original.to_vec()).unwrap();
        let (head, tail) = text.split_at(text.find("</sst>").unwrap());
        out.write_all(head.as_bytes()).unwrap();
        let block = "<si><t/></si>".repeat(100_000);
        for _ in 0..190 {
            out.write_all(block.as_bytes()).unwrap();
        }
        out.write_all(tail.as_bytes()).unwrap();
        true
    });
    write(
        "xlsx_shared_strings_bomb",
        "book.xlsx",
        vec![("book.xlsx", strings_bomb)],
        &[
            "book.xlsx: cannot be read as a workbook: its part `xl/sharedStrings.xml` holds 4,000,001 shared strings or more; a workbook may hold at most 4,000,000",
        ],
    );

    // A claimed count of shared strings calamine would reserve room for.
    let claim = rezip(&good, |name, original, out| {
        name == STRINGS && {
            let text = swap(
                original,
                "uniqueCount=\"22\"",
                "uniqueCount=\"9223372036854775807\"",
            );
            out.write_all(&text).unwrap();
            true
        }
    });
    write(
        "xlsx_shared_strings_count_claimed",
        "book.xlsx",
        vec![("book.xlsx", claim)],
        &["its part `xl/sharedStrings.xml` claims 9,223,372,036,854,775,807 shared strings; a workbook may hold at most 4,000,000"],
    );

    // A sheet of 1.1 GiB of XML (blank space inside the sheet data) in a
    // file of about a megabyte: refused by the size its part declares.
    let sheet_bomb = rezip(&good, |name, original, out| {
        if name != SHEET {
            return false;
        }
        let text = String::from_utf8(original.to_vec()).unwrap();
        let (head, tail) = text.split_at(text.find("<row ").unwrap());
        out.write_all(head.as_bytes()).unwrap();
        let blank = vec![b' '; 1 << 20];
        for _ in 0..1126 {
            out.write_all(&blank).unwrap();
        }
        out.write_all(tail.as_bytes()).unwrap();
        true
    });
    write(
        "xlsx_sheet_xml_bomb",
        "book.xlsx",
        vec![("book.xlsx", sheet_bomb)],
        &[
            "its part `xl/worksheets/sheet1.xml` unpacks to 1,180,",
            "the limit for one part of a workbook is 1,073,741,824 bytes (1 GiB)",
        ],
    );

    // One shared string of 64 MiB: calamine's XML reader would buffer it
    // whole.
    let long_text = rezip(&good, |name, original, out| {
        name == STRINGS && {
            let long = format!("<t>城关派出所{}</t>", "所".repeat((64 << 20) / 3));
            out.write_all(&swap(original, "<t>城关派出所</t>", &long))
                .unwrap();
            true
        }
    });
    write(
        "xlsx_text_too_long",
        "book.xlsx",
        vec![("book.xlsx", long_text)],
        &["its part `xl/sharedStrings.xml` holds a text or tag longer than 4,194,304 bytes (4 MiB), the limit"],
    );

    // N10: a cell reference that wraps modulo 2³² to C2 (a reader in 32-bit
    // arithmetic renamed station S1), and a row written again after later
    // rows (its name would silently replace the first one's).
    let wrapped = rezip(&good, |name, original, out| {
        name == SHEET && {
            out.write_all(&swap(original, "<c r=\"C2\"", "<c r=\"C4294967298\""))
                .unwrap();
            true
        }
    });
    write(
        "xlsx_cell_reference_wraps",
        "book.xlsx",
        vec![("book.xlsx", wrapped)],
        &["book.xlsx#派出所, row 4294967298: cell `C4294967298` lies outside any sheet (rows 1 to 1,048,576, columns A to XFD)"],
    );
    let again = rezip(&good, |name, original, out| {
        name == SHEET
            && {
                let row = "<row r=\"3\"><c r=\"C3\" t=\"inlineStr\"><is><t>改名派出所</t></is></c></row></sheetData>";
                out.write_all(&swap(original, "</sheetData>", row)).unwrap();
                true
            }
    });
    write(
        "xlsx_row_written_again",
        "book.xlsx",
        vec![("book.xlsx", again)],
        &["book.xlsx#派出所, row 3: the row numbered 3 comes after row 4; rows out of order would overwrite one another"],
    );

    // A reversed dimension and a shared-formula index of four billion
    // (calamine subtracts the first in 32 bits, and makes room for every
    // index up to the second).
    let reversed = rezip(&good, |name, original, out| {
        name == SHEET && {
            out.write_all(&swap(original, "ref=\"A1:L4\"", "ref=\"L4:A1\""))
                .unwrap();
            true
        }
    });
    write(
        "xlsx_dimension_reversed",
        "book.xlsx",
        vec![("book.xlsx", reversed)],
        &["its dimension range `L4:A1` is not a range of cells inside a sheet"],
    );
    let formula = rezip(&good, |name, original, out| {
        name == SHEET && {
            let cell =
                "<c r=\"H2\"><f t=\"shared\" ref=\"H2:H3\" si=\"4000000000\">1</f><v>900</v></c>";
            out.write_all(&swap(original, "<c r=\"H2\"><v>900</v></c>", cell))
                .unwrap();
            true
        }
    });
    write(
        "xlsx_shared_formula_index_huge",
        "book.xlsx",
        vec![("book.xlsx", formula)],
        &["book.xlsx#派出所, row 2: a formula's shared index `4000000000` is above 1,000,000, the limit"],
    );

    // An .ods of 800 bytes whose one row of 100 cells is repeated a million
    // times: calamine lays every table out densely when it opens the file
    // (7.5 GB of memory for this one).
    let ods = {
        use zip::write::SimpleFileOptions;
        let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="派出所"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let at = zip::DateTime::default();
        let stored = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(at);
        let deflated = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(at);
        z.start_file("mimetype", stored).unwrap();
        z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        z.start_file("content.xml", deflated).unwrap();
        z.write_all(content.as_bytes()).unwrap();
        z.finish().unwrap().into_inner()
    };
    write(
        "ods_repeated_cells_bomb",
        "stations.ods",
        vec![("stations.ods", ods)],
        &["stations.ods: cannot be read as a workbook: its part `content.xml` lays its table `派出所` out as 100,000,000 cells", "a sheet may span at most 25,000,000"],
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
        "run `cargo test --test it regenerate_workbook_cases -- --ignored`"
    );
}

/// A copy of the corpus's valid case in a fresh folder, with the scenario's
/// `stations`/`counties` lines replaced when given.
fn valid_copy(stations: Option<&str>, counties: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["stations.csv", "counties.csv"] {
        std::fs::copy(corpus().join("_valid").join(name), dir.path().join(name)).unwrap();
    }
    let mut text = std::fs::read_to_string(corpus().join("_valid/scenario.toml")).unwrap();
    if let Some(s) = stations {
        text = text.replace("stations = \"stations.csv\"", &format!("stations = {s:?}"));
    }
    if let Some(c) = counties {
        text = text.replace("counties = \"counties.csv\"", &format!("counties = {c:?}"));
    }
    std::fs::write(dir.path().join("scenario.toml"), text).unwrap();
    dir
}

/// `staffing check` on the scenario in `dir`, under the corpus's time limit.
fn check_in(dir: &Path) -> crate::support::Finished {
    let mut cmd = staffing();
    cmd.arg("check").arg(dir.join("scenario.toml"));
    run_with_timeout(cmd, CASE_TIME_LIMIT).unwrap_or_else(|e| panic!("check {e}"))
}

/// Regression (issue 17): a FIFO named as a table blocked forever.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_named_as_a_table_is_refused_without_blocking() {
    let dir = valid_copy(Some("pipe.csv"), None);
    let fifo = std::ffi::CString::new(dir.path().join("pipe.csv").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let out = check_in(dir.path());
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("pipe.csv: is a named pipe (FIFO), not a regular file"),
        "{}",
        out.stderr
    );
}

/// Regression (issue 17): `counties = "/proc/self/environ"` printed the
/// process environment as the header it found.
#[cfg(target_os = "linux")]
#[test]
fn a_file_holding_the_environment_is_not_echoed() {
    let dir = valid_copy(None, Some("/proc/self/environ"));
    // The child's environment is sorted by name: the long pad comes first,
    // the secret after it.
    let mut cmd = staffing();
    cmd.arg("check")
        .arg(dir.path().join("scenario.toml"))
        .env("AAA_STAFFING_PAD", "p".repeat(5000))
        .env("ZZZ_STAFFING_SECRET", "do-not-print-me");
    let out = run_with_timeout(cmd, CASE_TIME_LIMIT).unwrap();
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out
        .stderr
        .contains("/proc/self/environ: the header has no column `county_id`"));
    // The environment is one line of NUL-separated variables: the message
    // shows at most the start of it, with each NUL escaped.
    assert!(out.stderr.len() < MESSAGE_LIMIT, "{}", out.stderr);
    assert!(!out.stderr.contains('\0'), "{}", out.stderr);
    assert!(!out.stderr.contains("do-not-print-me"), "{}", out.stderr);
}

/// Regression (issue 17): a 20 MB one-line file gave a 20 MB message; a
/// scenario with a 10 MB line and a syntax error at its end too.
#[test]
fn a_twenty_megabyte_line_gives_a_short_message() {
    let dir = valid_copy(None, None);
    let line = "S".repeat(20 << 20);
    std::fs::write(dir.path().join("stations.csv"), format!("{line}\n")).unwrap();
    let out = check_in(dir.path());
    assert_eq!(
        out.code,
        Some(2),
        "{}",
        &out.stderr[..out.stderr.len().min(500)]
    );
    assert!(
        out.stderr.len() < MESSAGE_LIMIT,
        "{} bytes",
        out.stderr.len()
    );
    assert!(
        out.stderr
            .contains("stations.csv: the header has no column `station_id`")
            && out.stderr.contains("characters in all)"),
        "{}",
        out.stderr
    );

    let scenario = dir.path().join("scenario.toml");
    let text = std::fs::read_to_string(&scenario).unwrap();
    let line = "S".repeat(10 << 20);
    std::fs::write(&scenario, format!("{text}note = \"{line}\" oops\n")).unwrap();
    let out = check_in(dir.path());
    assert_eq!(
        out.code,
        Some(2),
        "{}",
        &out.stderr[..out.stderr.len().min(500)]
    );
    assert!(
        out.stderr.len() < MESSAGE_LIMIT,
        "{} bytes",
        out.stderr.len()
    );
    let lines = text.lines().count() + 1;
    assert!(
        out.stderr.contains(&format!(
            "TOML parse error at line {lines}, column 10485771"
        )) && out.stderr.contains("SSSS\" oops"),
        "{}",
        out.stderr
    );
}

/// A table file over the 256 MiB input limit is refused by its size, before
/// it is read (the file here is sparse: it takes no disk space).
#[test]
fn a_file_over_the_input_limit_is_refused_by_its_size() {
    let dir = valid_copy(Some("huge.csv"), None);
    let f = std::fs::File::create(dir.path().join("huge.csv")).unwrap();
    f.set_len(staffing::input::file::MAX_INPUT_BYTES + 1)
        .unwrap();
    let out = check_in(dir.path());
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "huge.csv: is too large ({} bytes; the limit for this file is 268435456 bytes, 256 MiB)",
            staffing::input::file::MAX_INPUT_BYTES + 1
        )),
        "{}",
        out.stderr
    );
}

/// Regression (issue 17): an OS error's text was printed twice, once by the
/// error and once more by the error chain.
#[test]
fn an_os_error_is_printed_once() {
    let dir = valid_copy(Some("nope.csv"), None);
    let out = check_in(dir.path());
    assert_eq!(out.code, Some(2));
    assert_eq!(
        out.stderr.matches("(os error 2)").count(),
        1,
        "{}",
        out.stderr
    );
    assert!(out
        .stderr
        .contains("nope.csv: cannot read the file: it does not exist"));

    // A file the user may not read (only meaningful when not running as
    // root, who may read anything: then the error above stands alone).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = valid_copy(None, None);
        let f = dir.path().join("stations.csv");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&f).is_err() {
            let out = check_in(dir.path());
            assert_eq!(out.code, Some(2));
            assert_eq!(
                out.stderr.matches("(os error 13)").count(),
                1,
                "{}",
                out.stderr
            );
            assert!(out
                .stderr
                .contains("stations.csv: cannot read the file: permission denied"));
        }
    }
}

/// Regression (issue 17): two columns the loader ignores (two `备注` notes)
/// may share a header; the plan is the one without them, and (issue 15)
/// both columns are carried to allocation.csv after the tool's own.
#[test]
fn two_ignored_columns_with_the_same_header_are_ignored() {
    let plain = valid_copy(None, None);
    let noted = valid_copy(None, None);
    let csv = std::fs::read_to_string(plain.path().join("stations.csv")).unwrap();
    let with_notes: String = csv
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},备注,备注\n")
            } else {
                format!("{l},note {i},second note\n")
            }
        })
        .collect();
    std::fs::write(noted.path().join("stations.csv"), with_notes).unwrap();
    let mut plans = Vec::new();
    for dir in [&plain, &noted] {
        let mut cmd = staffing();
        cmd.arg("solve")
            .arg(dir.path().join("scenario.toml"))
            .arg("--out")
            .arg(dir.path().join("plan"));
        let out = run_with_timeout(cmd, CASE_TIME_LIMIT).unwrap();
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        plans.push(std::fs::read_to_string(dir.path().join("plan/allocation.csv")).unwrap());
    }
    let (plain, noted): (Vec<&str>, Vec<&str>) =
        (plans[0].lines().collect(), plans[1].lines().collect());
    assert_eq!(plain.len(), noted.len());
    for (i, (a, b)) in plain.iter().zip(&noted).enumerate() {
        let tail = if i == 0 {
            ",备注,备注".to_string()
        } else {
            format!(",note {i},second note")
        };
        assert_eq!(format!("{a}{tail}"), *b, "row {i}");
    }
}

/// Regression (issue 17): control characters (U+000B, U+001F, NUL) in
/// station and county names made three SVG charts invalid XML, which
/// browsers refuse to show. Every chart must parse, and the report too must
/// hold no such character.
#[test]
fn control_characters_in_names_leave_every_chart_well_formed() {
    let dir = valid_copy(None, None);
    let edit = |name: &str, pairs: &[(&str, &str)]| {
        let path = dir.path().join(name);
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (from, to) in pairs {
            assert!(text.contains(from));
            text = text.replace(from, to);
        }
        std::fs::write(&path, text).unwrap();
    };
    edit(
        "stations.csv",
        &[
            ("城关派出所", "城关\u{b}派出所"),
            ("东关派出所", "东关\u{1f}所"),
            ("河西派出所", "河西\0所"),
        ],
    );
    edit("counties.csv", &[("城关县公安局", "城关\u{b}县\0局")]);
    let mut cmd = staffing();
    cmd.arg("solve")
        .arg(dir.path().join("scenario.toml"))
        .arg("--out")
        .arg(dir.path().join("plan"));
    let out = run_with_timeout(cmd, CASE_TIME_LIMIT).unwrap();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut svgs = 0;
    for entry in std::fs::read_dir(dir.path().join("plan")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let text = std::fs::read_to_string(&path).unwrap();
            if let Err(e) = roxmltree::Document::parse(&text) {
                panic!("{}: {e}", path.display());
            }
            svgs += 1;
        }
    }
    assert!(svgs >= 5, "only {svgs} charts");
    let html = std::fs::read_to_string(dir.path().join("plan/report.html")).unwrap();
    assert!(
        !html
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
        "report.html holds a control character"
    );
    // The names are still there, with the replacement character shown.
    assert!(html.contains("城关\u{FFFD}派出所"));
}
