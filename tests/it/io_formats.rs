//! Real-world inputs and outputs: GBK and BOM CSV, Chinese headers and Excel
//! workbooks give exactly the records of their UTF-8 CSV twins; outputs are
//! inert in Excel; a killed solve never leaves a partial folder; the tool
//! opens no network connection.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use staffing::input::load_province_with_origins;
use staffing::input::table::Origin;
use staffing::scenario;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture's scenario into `dir`, pointing it at the given files.
fn scenario_in(dir: &Path, fixture_name: &str, stations: &str, counties: &str) -> PathBuf {
    let text = std::fs::read_to_string(fixture(fixture_name).join("scenario.toml")).unwrap();
    let text = text
        .replace("\"stations.csv\"", &format!("{stations:?}"))
        .replace("\"counties.csv\"", &format!("{counties:?}"));
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn load(scenario_path: &Path) -> (staffing::domain::Province, [Origin; 2]) {
    let s = scenario::load(scenario_path).unwrap();
    load_province_with_origins(
        &s.stations,
        &s.counties,
        &s.workload.residents_per_community_officer,
    )
    .unwrap()
}

fn reference(name: &str) -> staffing::domain::Province {
    load(&fixture(name).join("scenario.toml")).0
}

#[test]
fn gbk_and_bom_files_parse_to_the_records_of_their_utf8_twins() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["stations.csv", "counties.csv"] {
        let text = std::fs::read_to_string(fixture("province").join(name)).unwrap();
        assert!(text.contains("派出所") || text.contains("公安局"));
        let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
        assert!(!lossy);
        assert!(
            std::str::from_utf8(&gbk).is_err(),
            "the GBK twin must not be UTF-8"
        );
        std::fs::write(dir.path().join(format!("gbk_{name}")), &gbk).unwrap();
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        std::fs::write(dir.path().join(format!("bom_{name}")), bom).unwrap();
    }
    let want = reference("province");
    let gbk = scenario_in(
        dir.path(),
        "province",
        "gbk_stations.csv",
        "gbk_counties.csv",
    );
    let (got, origins) = load(&gbk);
    assert_eq!(got, want);
    assert_eq!(
        origins,
        [0, 1].map(|_| Origin::Csv(staffing::input::decode::Encoding::Gb18030))
    );
    let out = Command::cargo_bin("staffing")
        .unwrap()
        .arg("check")
        .arg(&gbk)
        .args(["--lang", "en"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("CSV, GB18030 (GBK)"));

    let bom = scenario_in(
        dir.path(),
        "province",
        "bom_stations.csv",
        "bom_counties.csv",
    );
    let (got, origins) = load(&bom);
    assert_eq!(got, want);
    assert_eq!(
        origins[0],
        Origin::Csv(staffing::input::decode::Encoding::Utf8Bom)
    );
}

const ZH_STATIONS: [&str; 12] = [
    "派出所编号",
    "所属县局编号",
    "派出所名称",
    "类型",
    "人口",
    "行政村数",
    "面积（平方公里）",
    "警情数",
    "民警数",
    "社区民警数",
    "辅警数",
    "最低警力",
];
const ZH_COUNTIES: [&str; 4] = ["县局编号", "县局名称", "总警力", "机关最低警力"];

fn with_header(text: &str, header: &[&str]) -> String {
    let body = text.split_once('\n').unwrap().1;
    format!("{}\n{body}", header.join(","))
}

#[test]
fn chinese_headers_give_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let st = std::fs::read_to_string(fixture("small").join("stations.csv")).unwrap();
    let co = std::fs::read_to_string(fixture("small").join("counties.csv")).unwrap();
    std::fs::write(dir.path().join("s.csv"), with_header(&st, &ZH_STATIONS)).unwrap();
    std::fs::write(dir.path().join("c.csv"), with_header(&co, &ZH_COUNTIES)).unwrap();
    let path = scenario_in(dir.path(), "small", "s.csv", "c.csv");
    assert_eq!(load(&path).0, reference("small"));
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Writes rows into a worksheet the way office files hold them: numbers as
/// numbers, except every third number stored as text; a blank row after the
/// header; one cell as a formula with its saved result.
fn fill_sheet(ws: &mut rust_xlsxwriter::Worksheet, rows: &[Vec<String>], first_row: u32) {
    let mut k = 0;
    for (i, row) in rows.iter().enumerate() {
        let r = if i == 0 {
            first_row
        } else {
            first_row + 1 + i as u32
        };
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v.parse::<f64>() {
                Ok(x) if i > 0 => {
                    k += 1;
                    if i == 1 && c as usize == row.len() - 2 {
                        let f = rust_xlsxwriter::Formula::new(format!("={x}+0"))
                            .set_result(x.to_string());
                        ws.write_formula(r, c, f).unwrap();
                    } else if k % 3 == 0 {
                        ws.write_string(r, c, v).unwrap();
                    } else {
                        ws.write_number(r, c, x).unwrap();
                    }
                }
                _ if !v.is_empty() => {
                    ws.write_string(r, c, v).unwrap();
                }
                _ => {}
            }
        }
    }
}

#[test]
fn an_excel_workbook_gives_the_records_of_its_csv_twin() {
    let dir = tempfile::tempdir().unwrap();
    let mut st = csv_rows(&fixture("province").join("stations.csv"));
    let mut co = csv_rows(&fixture("province").join("counties.csv"));
    st[0] = ZH_STATIONS.iter().map(|s| s.to_string()).collect();
    co[0] = ZH_COUNTIES.iter().map(|s| s.to_string()).collect();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("派出所").unwrap();
    // A title line above the table, as office sheets often have.
    ws.write_string(0, 0, "甘肃省派出所警力现状表").unwrap();
    fill_sheet(ws, &st, 2);
    let ws = wb.add_worksheet();
    ws.set_name("县局").unwrap();
    fill_sheet(ws, &co, 0);
    // A hidden sheet named like the stations table is never picked.
    let hidden = wb.add_worksheet();
    hidden.set_name("stations").unwrap();
    hidden.write_string(0, 0, "old draft").unwrap();
    hidden.set_hidden(true);
    wb.save(dir.path().join("book.xlsx")).unwrap();

    let path = scenario_in(dir.path(), "province", "book.xlsx", "book.xlsx#县局");
    let (got, origins) = load(&path);
    assert_eq!(got, reference("province"));
    assert_eq!(
        origins,
        [
            Origin::Sheet {
                sheet: "派出所".into()
            },
            Origin::Sheet {
                sheet: "县局".into()
            }
        ]
    );
    let out = dir.path().join("out");
    Command::cargo_bin("staffing")
        .unwrap()
        .args(["solve", "--json", "--out"])
        .arg(&out)
        .arg(&path)
        .assert()
        .code(0);
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(summary.contains("\"sheet\": \"派出所\""), "{summary}");
}

#[test]
fn names_that_look_like_formulas_come_out_inert_in_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input/_valid");
    for f in ["scenario.toml", "counties.csv"] {
        std::fs::copy(base.join(f), dir.path().join(f)).unwrap();
    }
    let evil = [
        "=HYPERLINK(\"http://example.com\",\"点我\")",
        "+1",
        "@SUM(A1)",
        "\t=1",
    ];
    let st = std::fs::read_to_string(base.join("stations.csv")).unwrap();
    let mut lines: Vec<String> = st.lines().map(str::to_string).collect();
    for (i, name) in evil.iter().take(3).enumerate() {
        let mut cells: Vec<String> = lines[i + 1].split(',').map(str::to_string).collect();
        cells[2] = format!("\"{}\"", name.replace('"', "\"\""));
        if i == 2 {
            // A station id that is also a formula.
            cells[0] = "\"-2+3\"".into();
        }
        lines[i + 1] = cells.join(",");
    }
    std::fs::write(dir.path().join("stations.csv"), lines.join("\n") + "\n").unwrap();
    let co = std::fs::read_to_string(base.join("counties.csv"))
        .unwrap()
        .replace("河西县公安局", "\"\t=1\"");
    std::fs::write(dir.path().join("counties.csv"), co).unwrap();

    let out = dir.path().join("out");
    Command::cargo_bin("staffing")
        .unwrap()
        .arg("solve")
        .arg(dir.path().join("scenario.toml"))
        .arg("--out")
        .arg(&out)
        .args(["--lang", "en", "--charts", "none"])
        .assert()
        .code(0);

    // CSV: every such text cell starts with a quote; numbers are untouched.
    let rows = csv_rows(&out.join("allocation.csv"));
    let names: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        names,
        [
            "'=HYPERLINK(\"http://example.com\",\"点我\")",
            "'+1",
            "'@SUM(A1)"
        ]
    );
    assert_eq!(rows[3][0], "'-2+3");
    assert!(rows[1][4].parse::<i64>().is_ok(), "officers stay a number");
    let counties = csv_rows(&out.join("counties.csv"));
    assert!(counties
        .iter()
        .any(|r| r.iter().any(|c| c.starts_with("'\t=1") || c == "'=1")));

    // XLSX: no formula element anywhere, and the text reads back verbatim as
    // strings while numbers read back as numbers.
    let file = std::fs::File::open(out.join("plan.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut sheets = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
        if name.starts_with("xl/worksheets/") {
            sheets += 1;
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "{name} has a formula"
            );
        }
    }
    // allocation, counties, transfers, compliance, binding, marginal,
    // fairness, targets (the default target compares the targets), summary.
    assert_eq!(sheets, 9);
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out.join("plan.xlsx")).unwrap();
    let alloc = book.worksheet_range("allocation").unwrap();
    assert_eq!(
        alloc.get_value((1, 2)),
        Some(&Data::String(evil[0].to_string()))
    );
    assert_eq!(alloc.get_value((2, 2)), Some(&Data::String("+1".into())));
    assert_eq!(
        alloc.get_value((3, 2)),
        Some(&Data::String("@SUM(A1)".into()))
    );
    assert_eq!(alloc.get_value((3, 0)), Some(&Data::String("-2+3".into())));
    assert!(matches!(alloc.get_value((1, 4)), Some(Data::Float(_))));
    assert_eq!(
        book.worksheet_formula("allocation")
            .unwrap()
            .used_cells()
            .count(),
        0
    );
}

#[test]
fn the_workbook_is_byte_identical_from_run_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for run in ["a", "b"] {
        let out = dir.path().join(run);
        Command::cargo_bin("staffing")
            .unwrap()
            .arg("solve")
            .arg(fixture("small").join("scenario.toml"))
            .arg("--out")
            .arg(&out)
            .assert()
            .code(0);
        bytes.push(std::fs::read(out.join("plan.xlsx")).unwrap());
    }
    assert_eq!(bytes[0], bytes[1]);
}

fn folder_contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Kills solves of the province at spread-out moments (SIGKILL) while they
/// read, solve and write, for a few seconds. After each kill the output
/// folder is the previous complete one, or absent when there was none:
/// never partial, never mixed.
#[cfg(unix)]
#[test]
fn a_killed_solve_leaves_the_previous_output_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    let scenario = fixture("province").join("scenario.toml");
    let bin = assert_cmd::cargo::cargo_bin("staffing");
    let solve = || {
        let mut c = std::process::Command::new(&bin);
        c.arg("solve")
            .arg(&scenario)
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    // The time of a warm run (the first one also loads the binary).
    let mut full = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        assert!(solve().status().unwrap().success());
        full = full.min(started.elapsed());
    }
    let complete = folder_contents(&out);
    let names: Vec<_> = complete.iter().map(|f| f.0.clone()).collect();
    for f in [
        "allocation.csv",
        "counties.csv",
        "summary.json",
        "plan.xlsx",
    ] {
        assert!(names.iter().any(|n| n == f), "{f} missing from {names:?}");
    }

    let mut seed = 0x9E37_79B9_7F4A_7C15_u64 ^ u64::from(std::process::id());
    let mut interrupted = 0;
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut round = 0;
    let mut had_output = true;
    // At least 12 rounds, until 6 kills have hit a running solve (or 60
    // rounds, or 30 s on a very slow machine).
    while (round < 12 || interrupted < 6) && round < 60 && Instant::now() < deadline {
        round += 1;
        let fresh = round % 4 == 0;
        if fresh {
            let _ = std::fs::remove_dir_all(&out);
            had_output = false;
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = full.mul_f64((seed % 1000) as f64 / 1000.0);
        let mut child = solve().spawn().unwrap();
        std::thread::sleep(wait);
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        if out.exists() {
            assert_eq!(
                folder_contents(&out),
                complete,
                "round {round}: partial output"
            );
            had_output = true;
        } else {
            assert!(!had_output, "round {round}: the previous output vanished");
        }
    }
    assert!(
        interrupted >= 3,
        "only {interrupted} kills hit a running solve"
    );
    // The next complete run tidies what the killed ones left beside it.
    assert!(solve().status().unwrap().success());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, ["plan"]);
}

/// No networking crate is linked, and a traced solve makes no network
/// system call (when `strace` is available).
#[test]
fn the_tool_never_opens_a_network_connection() {
    let lock =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .map(|l| l.trim_end_matches('"'))
        .collect();
    assert!(names.contains(&"calamine"), "Cargo.lock not parsed");
    let networking = [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "curl-sys",
        "tokio",
        "mio",
        "socket2",
        "h2",
        "native-tls",
        "openssl",
        "rustls",
        "isahc",
        "attohttpc",
        "tungstenite",
        "async-std",
    ];
    let linked: Vec<&&str> = networking.iter().filter(|n| names.contains(n)).collect();
    assert!(
        linked.is_empty(),
        "networking crates in Cargo.lock: {linked:?}"
    );

    let traced = |args: &[&std::ffi::OsStr]| -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("trace");
        let status = std::process::Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=network", "-o"])
            .arg(&log)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        let _ = status;
        std::fs::read_to_string(&log).ok()
    };
    // The detector must see a socket when one is opened; if it cannot, the
    // tracing half is skipped rather than trusted.
    let Some(probe) = traced(&[
        "bash".as_ref(),
        "-c".as_ref(),
        "exec 3<>/dev/tcp/127.0.0.1/9 || true".as_ref(),
    ]) else {
        eprintln!("strace unavailable: checked Cargo.lock only");
        return;
    };
    if !probe.contains("socket(") {
        // strace runs but cannot trace here (no ptrace in this sandbox).
        eprintln!("strace cannot trace here: checked Cargo.lock only");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("staffing");
    let scenario = fixture("small").join("scenario.toml");
    let out = dir.path().join("out");
    let trace = traced(&[
        bin.as_os_str(),
        "solve".as_ref(),
        scenario.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ])
    .unwrap();
    assert!(
        out.join("plan.xlsx").exists(),
        "the traced solve did not run"
    );
    // Not calls: a thread's exit (`+++ exited`), and a thread that ended
    // while strace was stopping it (`???( <detached ...>`: strace prints it
    // whatever the filter, with no system call named; the plan folder's
    // files are built by a pool of threads that end at exit).
    let calls: Vec<&str> = trace
        .lines()
        .filter(|l| !l.contains("+++") && !l.contains("<detached ...>"))
        .collect();
    assert!(calls.is_empty(), "network system calls: {calls:?}");
}

/// The good stations sheet of the province's first rows, with one more text
/// cell at (`row`, `col`) (0-based): a note left far from the table.
fn stations_book_with_note(path: &Path, row: u32, col: u16) {
    let st = csv_rows(&fixture("small").join("stations.csv"));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("stations").unwrap();
    fill_sheet(ws, &st, 0);
    ws.write_string(row, col, "备注").unwrap();
    wb.save(path).unwrap();
}

/// Regression (issue 17): a 2 KB workbook whose only stray value sat in the
/// last cell XFD1048576 aborted ("memory allocation of 549755813888 bytes
/// failed"), and one in Z1048576 cost 1.5 GB. Sheets are now read in memory
/// proportional to the cells present: each case runs under a 1 GiB
/// address-space limit and a time limit, and ends with a plan or a clear
/// exit 2.
#[cfg(target_os = "linux")]
#[test]
fn a_stray_cell_far_from_the_table_costs_one_cell() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, u32, u16, i32, &str); 4] = [
        (
            "last_cell",
            1_048_575,
            16_383,
            2,
            "#stations: cell XFD1048576 holds `备注`; a table may have at most 1,000,000 rows below its header, 1,000 columns",
        ),
        (
            "right",
            0,
            16_383,
            2,
            "#stations: cell XFD1 holds `备注`",
        ),
        (
            "far_below",
            1_048_575,
            25,
            2,
            "#stations, row 1048576, column `station_id` in cell `A1048576`: value `` is empty",
        ),
        // A note beside the table, under a blank header cell, is ignored.
        ("beside", 3, 20, 0, ""),
    ];
    for (name, row, col, code, want) in cases {
        let book = dir.path().join(format!("{name}.xlsx"));
        stations_book_with_note(&book, row, col);
        let scenario = scenario_in(
            dir.path(),
            "small",
            book.to_str().unwrap(),
            fixture("small").join("counties.csv").to_str().unwrap(),
        );
        let mut cmd = crate::support::staffing();
        cmd.arg("check").arg(&scenario);
        // SAFETY: setrlimit is async-signal-safe; the closure touches
        // nothing else.
        unsafe {
            cmd.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: 1 << 30,
                    rlim_max: 1 << 30,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let out = crate::support::run_with_timeout(cmd, Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(out.code, Some(code), "{name}: {}", out.stderr);
        assert!(out.stderr.contains(want), "{name}: {}", out.stderr);
    }
}

/// A minimal OpenDocument spreadsheet (what LibreOffice and WPS save as
/// `.ods`) with one sheet holding `rows`, numbers as numbers.
fn ods(sheet: &str, rows: &[Vec<String>]) -> Vec<u8> {
    use std::io::Write;
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;")
    };
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for v in row {
            match v.parse::<f64>() {
                Ok(x) => table.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{x}"><text:p>{v}</text:p></table:table-cell>"#
                )),
                Err(_) if v.is_empty() => table.push_str("<table:table-cell/>"),
                Err(_) => table.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                    esc(v)
                )),
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{}">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        esc(sheet)
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// `.ods` sheets are read through calamine's parsed range (not streamed) and
/// must give the records of their CSV twin, like `.xlsx`.
#[test]
fn an_ods_spreadsheet_gives_the_records_of_its_csv_twin() {
    let dir = tempfile::tempdir().unwrap();
    let mut st = csv_rows(&fixture("small").join("stations.csv"));
    st[0] = ZH_STATIONS.iter().map(|s| s.to_string()).collect();
    // A title line, a blank row, and a note beside the table.
    let mut rows = vec![vec!["派出所警力现状表".to_string()], vec![]];
    rows.extend(st);
    rows[4].extend(["".into(), "备注".into()]);
    std::fs::write(dir.path().join("book.ods"), ods("派出所", &rows)).unwrap();
    let path = scenario_in(
        dir.path(),
        "small",
        "book.ods",
        fixture("small").join("counties.csv").to_str().unwrap(),
    );
    let (got, origins) = load(&path);
    assert_eq!(got, reference("small"));
    assert_eq!(
        origins[0],
        Origin::Sheet {
            sheet: "派出所".into()
        }
    );
}

/// A BIFF8 record: type, length, data.
fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = typ.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

/// The `Workbook` stream of an `.xls` with one sheet `stations` holding
/// `rows` (numbers as Number records, text as Label records), whose
/// Dimensions record claims `dims` (first row, last row + 1, columns).
fn xls_stream(rows: &[Vec<String>], dims: (u32, u32, u16)) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut d = vec![0u8; 16];
        d[..2].copy_from_slice(&0x0600u16.to_le_bytes());
        d[2..4].copy_from_slice(&dt.to_le_bytes());
        biff(0x0809, &d)
    };
    let name = "stations";
    let mut sheet_rec = vec![0u8; 4]; // offset, patched below
    sheet_rec.extend([0, 0, name.len() as u8, 0]);
    sheet_rec.extend(name.as_bytes());
    let mut globals = bof(0x0005);
    let sheet_at = globals.len();
    globals.extend(biff(0x0085, &sheet_rec));
    // Filler, so the stream is over 4,096 bytes and lives in ordinary sectors.
    globals.extend(biff(0x00EF, &[0u8; 4200]));
    globals.extend(biff(0x000A, &[]));
    let pos = globals.len() as u32;
    globals[sheet_at + 4..sheet_at + 8].copy_from_slice(&pos.to_le_bytes());
    let mut sheet = bof(0x0010);
    let mut d = Vec::new();
    d.extend(dims.0.to_le_bytes());
    d.extend(dims.1.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(dims.2.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    sheet.extend(biff(0x0200, &d));
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let mut d = Vec::new();
            d.extend((r as u16).to_le_bytes());
            d.extend((c as u16).to_le_bytes());
            d.extend(0u16.to_le_bytes());
            match v.parse::<f64>() {
                Ok(x) => {
                    d.extend(x.to_le_bytes());
                    sheet.extend(biff(0x0203, &d));
                }
                Err(_) if v.is_empty() => {}
                Err(_) => {
                    let units: Vec<u16> = v.encode_utf16().collect();
                    d.extend((units.len() as u16).to_le_bytes());
                    d.push(1); // UTF-16
                    d.extend(units.iter().flat_map(|u| u.to_le_bytes()));
                    sheet.extend(biff(0x0204, &d));
                }
            }
        }
    }
    sheet.extend(biff(0x000A, &[]));
    globals.extend(sheet);
    globals
}

/// An OLE compound file (version 3, 512-byte sectors) holding one stream
/// `Workbook` of at least 4,096 bytes: sector 0 is the FAT, sector 1 the
/// directory, the stream follows.
fn cfb(stream: &[u8]) -> Vec<u8> {
    assert!(stream.len() >= 4096);
    let n = stream.len().div_ceil(512);
    assert!(2 + n <= 128, "one FAT sector");
    let le32 = |v: &mut Vec<u8>, at: usize, x: u32| v[at..at + 4].copy_from_slice(&x.to_le_bytes());
    const END: u32 = 0xFFFF_FFFE;
    let mut h = vec![0u8; 512];
    h[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    h[0x18..0x1A].copy_from_slice(&0x3Eu16.to_le_bytes());
    h[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
    h[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    h[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    h[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
    le32(&mut h, 0x2C, 1);
    le32(&mut h, 0x30, 1);
    le32(&mut h, 0x38, 4096);
    le32(&mut h, 0x3C, END);
    le32(&mut h, 0x44, END);
    for i in 0..109 {
        le32(&mut h, 0x4C + 4 * i, if i == 0 { 0 } else { u32::MAX });
    }
    let mut fat = vec![0xFFu8; 512];
    le32(&mut fat, 0, 0xFFFF_FFFD);
    le32(&mut fat, 4, END);
    for i in 0..n {
        let next = if i + 1 == n { END } else { (3 + i) as u32 };
        le32(&mut fat, 4 * (2 + i), next);
    }
    let mut dir = vec![0u8; 512];
    for (k, (name, typ, child, start, size)) in [
        ("Root Entry", 5u8, 1u32, END, 0u32),
        ("Workbook", 2, u32::MAX, 2, stream.len() as u32),
    ]
    .into_iter()
    .enumerate()
    {
        let e = &mut dir[128 * k..128 * (k + 1)];
        let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&((units.len() + 2) as u16).to_le_bytes());
        e[66] = typ;
        e[67] = 1;
        e[68..72].copy_from_slice(&u32::MAX.to_le_bytes());
        e[72..76].copy_from_slice(&u32::MAX.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
    }
    for k in 2..4 {
        for at in [68, 72, 76] {
            dir[128 * k + at..128 * k + at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        }
    }
    let mut out = h;
    out.extend(fat);
    out.extend(dir);
    out.extend(stream);
    out.resize(512 * (3 + n), 0);
    out
}

/// `.xls` (Excel 97–2003) still reads (through calamine's parsed range), and
/// a 21 KB `.xls` whose sheet claims 4 billion rows is refused before
/// calamine reserves memory for them (it aborted the process), as are one
/// claiming 60,000 columns and one whose rows run backwards (a panic). Under
/// a 1 GiB address-space limit and a time limit.
#[cfg(target_os = "linux")]
#[test]
fn an_xls_workbook_reads_and_a_crafted_one_is_refused() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let st = csv_rows(&fixture("small").join("stations.csv"));
    let good = xls_stream(&st, (0, st.len() as u32, 12));
    std::fs::write(dir.path().join("good.xls"), cfb(&good)).unwrap();
    let path = scenario_in(
        dir.path(),
        "small",
        "good.xls",
        fixture("small").join("counties.csv").to_str().unwrap(),
    );
    assert_eq!(load(&path).0, reference("small"));

    for (name, dims, want) in [
        (
            "rows",
            (0, u32::MAX, 12),
            "a sheet claims rows 0 to 4294967295 and 12 columns",
        ),
        (
            "columns",
            (0, 10, 60_000),
            "a sheet claims rows 0 to 10 and 60000 columns",
        ),
        ("backwards", (9, 2, 12), "a sheet claims rows 9 to 2"),
    ] {
        let file = format!("{name}.xls");
        std::fs::write(dir.path().join(&file), cfb(&xls_stream(&st, dims))).unwrap();
        let path = scenario_in(
            dir.path(),
            "small",
            &file,
            fixture("small").join("counties.csv").to_str().unwrap(),
        );
        let mut cmd = crate::support::staffing();
        cmd.arg("check").arg(&path);
        // SAFETY: setrlimit is async-signal-safe.
        unsafe {
            cmd.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: 1 << 30,
                    rlim_max: 1 << 30,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let out = crate::support::run_with_timeout(cmd, Duration::from_secs(60)).unwrap();
        assert_eq!(out.code, Some(2), "{name}: {}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("{file}: cannot be read as a workbook ({want}")),
            "{name}: {}",
            out.stderr
        );
    }
}
