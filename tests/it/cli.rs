//! The command line as a planner uses it: exit codes, outputs, messages.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
}

fn staffing() -> Command {
    Command::cargo_bin("staffing").unwrap()
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("stdout is one JSON object")
}

/// Copies a fixture into a temporary folder so a test can break it.
fn copy_fixture(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["scenario.toml", "stations.csv", "counties.csv"] {
        fs::copy(fixture(case).join(f), dir.path().join(f)).unwrap();
    }
    dir
}

#[test]
fn solve_json_reproduces_expected_and_writes_the_plan() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("plan");
    let assert = staffing()
        .args(["solve", "--json", "--out"])
        .arg(&dir)
        .arg(fixture("small").join("scenario.toml"))
        .assert()
        .success();
    let s = json(&assert.get_output().stdout);
    let e: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(fixture("small").join("expected.json")).unwrap())
            .unwrap();
    assert_eq!(s["status"], "optimal");
    for k in [
        "balance_level",
        "officers_moved",
        "auxiliary_balance_level",
        "auxiliaries_changed",
    ] {
        let (got, want) = (s[k].as_f64().unwrap(), e[k].as_f64().unwrap());
        assert!(
            (got - want).abs() <= 1e-6 * want.abs().max(1.0),
            "{k}: {got} vs {want}"
        );
    }
    for k in [
        "station_officers",
        "community_officers",
        "worst_calls_per_duty_officer",
        "worst_residents_per_community_officer",
        "output_dir",
    ] {
        assert!(!s[k].is_null(), "missing {k}");
    }
    let prov = &s["provenance"];
    assert_eq!(prov["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(prov["inputs"].as_array().unwrap().len(), 3);
    assert_eq!(prov["inputs"][1]["sha256"].as_str().unwrap().len(), 64);
    assert!(prov["seconds"].as_f64().unwrap() >= 0.0);

    let allocation = fs::read_to_string(dir.join("allocation.csv")).unwrap();
    assert!(allocation.starts_with('\u{feff}'), "BOM for Excel");
    assert_eq!(allocation.lines().count(), 61, "header + 60 stations");
    assert!(allocation
        .lines()
        .next()
        .unwrap()
        .contains("calls_per_duty_officer_after"));
    let counties = fs::read_to_string(dir.join("counties.csv")).unwrap();
    assert_eq!(counties.lines().count(), 6);
    let file: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(file["balance_level"], s["balance_level"]);
    assert!(
        file["provenance"].get("seconds").is_none(),
        "files carry no timing"
    );
}

#[test]
fn same_inputs_give_byte_identical_outputs() {
    let out = tempfile::tempdir().unwrap();
    let read = |d: &Path| {
        ["allocation.csv", "counties.csv", "summary.json"].map(|f| fs::read(d.join(f)).unwrap())
    };
    let run = |d: &Path| {
        staffing()
            .args(["solve", "--out"])
            .arg(d)
            .arg(fixture("province").join("scenario.toml"))
            .assert()
            .success();
    };
    run(&out.path().join("a"));
    run(&out.path().join("b"));
    assert_eq!(read(&out.path().join("a")), read(&out.path().join("b")));
}

#[test]
fn solve_without_arguments_runs_the_baseline() {
    let root = tempfile::tempdir().unwrap();
    let scenarios = root.path().join("scenarios");
    fs::create_dir_all(scenarios.join("data/gansu")).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    fs::copy(src.join("baseline.toml"), scenarios.join("baseline.toml")).unwrap();
    for f in ["stations.csv", "counties.csv"] {
        fs::copy(
            src.join("data/gansu").join(f),
            scenarios.join("data/gansu").join(f),
        )
        .unwrap();
    }
    let assert = staffing()
        .current_dir(root.path())
        .arg("solve")
        .assert()
        .success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    // The shipped province's names are Chinese, so the summary is too.
    assert!(text.contains("情景 baseline：最优"), "{text}");
    assert!(text.contains("均衡水平        0.9530"), "{text}");
    assert!(root.path().join("output/baseline/allocation.csv").exists());
}

#[test]
fn check_validates_without_solving() {
    let assert = staffing()
        .arg("check")
        .arg(fixture("county").join("scenario.toml"))
        .args(["--lang", "en"])
        .assert()
        .success();
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(text.contains("valid: 1 counties, 18 stations"), "{text}");
}

fn fails_with(dir: &Path, code: i32, needles: &[&str]) {
    let out = dir.join("out");
    let assert = staffing()
        .args(["solve", "--out"])
        .arg(&out)
        .arg(dir.join("scenario.toml"))
        .assert()
        .code(code);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for n in needles {
        assert!(err.contains(n), "missing `{n}` in: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out.exists(), "no output on failure");
}

#[test]
fn bad_cells_name_file_row_column_and_value() {
    let dir = copy_fixture("small");
    let path = dir.path().join("stations.csv");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen(",631,8,5,0,2", ",-631,8,5,0,2", 1);
    fs::write(&path, text).unwrap();
    fails_with(
        dir.path(),
        2,
        &["stations.csv", "row 2", "`calls`", "`-631`", "negative"],
    );
}

#[test]
fn unknown_scenario_key_is_named() {
    let dir = copy_fixture("small");
    let path = dir.path().join("scenario.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("divert_share = 0.0", "divert_shar = 0.0");
    fs::write(&path, text).unwrap();
    fails_with(dir.path(), 2, &["scenario.toml", "divert_shar"]);
}

#[test]
fn unknown_county_and_duplicate_ids_are_rejected() {
    let dir = copy_fixture("small");
    let path = dir.path().join("stations.csv");
    let original = fs::read_to_string(&path).unwrap();
    fs::write(&path, original.replacen("S00002,C001", "S00002,C999", 1)).unwrap();
    fails_with(
        dir.path(),
        2,
        &[
            "stations.csv",
            "row 3",
            "`county_id`",
            "`C999`",
            "not a county",
        ],
    );
    fs::write(&path, original.replacen("S00002,C001", "S00001,C001", 1)).unwrap();
    fails_with(
        dir.path(),
        2,
        &["row 3", "`station_id`", "duplicate", "row 2"],
    );
}

#[test]
fn missing_column_kind_without_norm_and_empty_file_are_rejected() {
    let dir = copy_fixture("small");
    let path = dir.path().join("stations.csv");
    let original = fs::read_to_string(&path).unwrap();
    fs::write(&path, original.replacen(",calls,", ",calls_110,", 1)).unwrap();
    fails_with(dir.path(), 2, &["stations.csv", "no column `calls`"]);
    fs::write(&path, original.replacen(",rural,", ",township,", 1)).unwrap();
    fails_with(dir.path(), 2, &["`kind`", "`township`", "no norm"]);
    fs::write(&path, "").unwrap();
    fails_with(dir.path(), 2, &["stations.csv", "empty"]);
}

#[test]
fn infeasible_scenario_names_county_and_rule_with_exit_1() {
    let dir = copy_fixture("small");
    let path = dir.path().join("counties.csv");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("C001,County 1,199,91", "C001,County 1,199,150");
    fs::write(&path, text).unwrap();
    fails_with(
        dir.path(),
        1,
        &[
            "C001",
            "40% station-share rule",
            "needs at least 80 station officers",
            "leaves only 49",
        ],
    );
}

#[test]
fn usage_errors_exit_2() {
    staffing()
        .arg("solve")
        .arg("/nonexistent/scenario.toml")
        .assert()
        .code(2);
    staffing().arg("frobnicate").assert().code(2);
}

/// A folder the system will not let anyone write (even root: /sys) is not
/// bad input: it ends with exit 4, "cannot write", and nothing is left.
#[test]
fn an_unwritable_output_folder_exits_4() {
    if !Path::new("/sys").is_dir() {
        return;
    }
    let assert = staffing()
        .args([
            "solve",
            "tests/fixtures/small/scenario.toml",
            "--charts",
            "none",
        ])
        .args(["--out", "/sys/staffing-out"])
        .assert()
        .code(4);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(err.contains("cannot write"), "{err}");
    assert!(!Path::new("/sys/staffing-out").exists());
    // --help lists every exit code.
    let help = staffing().arg("--help").assert().code(0);
    let help = String::from_utf8_lossy(&help.get_output().stdout).to_string();
    for code in [
        "0 done",
        "1 valid input",
        "2 bad input",
        "3 internal",
        "4 the outputs",
    ] {
        assert!(help.contains(code), "{code}: {help}");
    }
}

#[test]
fn milp_engine_agrees_on_a_tiny_scenario() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("counties.csv"),
        "county_id,name,officers_total,hq_min\nC1,城关县公安局,30,10\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("stations.csv"),
        "station_id,county_id,name,kind,population,villages,area_km2,calls,officers,community_officers,auxiliaries,min_officers\n\
         S1,C1,东岗派出所,urban,20000,3,12.5,3000,6,2,1,\n\
         S2,C1,西湖派出所,rural,9000,8,300,800,5,3,4,3\n",
    )
    .unwrap();
    let scenario = fs::read_to_string(fixture("small").join("scenario.toml"))
        .unwrap()
        .replace("total = 380", "total = 10");
    fs::write(dir.path().join("scenario.toml"), scenario).unwrap();
    let run = |engine: &str| {
        let out = dir.path().join(engine);
        json(
            &staffing()
                .args(["solve", "--json", "--engine", engine, "--out"])
                .arg(&out)
                .arg(dir.path().join("scenario.toml"))
                .assert()
                .success()
                .get_output()
                .stdout,
        )
    };
    let (a, b) = (run("exact"), run("milp"));
    assert_eq!(b["status"], "optimal");
    assert!(
        (a["balance_level"].as_f64().unwrap() - b["balance_level"].as_f64().unwrap()).abs() < 1e-6
    );
    assert_eq!(a["officers_moved"], b["officers_moved"]);
    assert_eq!(a["auxiliaries_changed"], b["auxiliaries_changed"]);
    assert!(b["provenance"]["solver"].as_str().unwrap().contains("MILP"));
}

#[test]
fn a_closed_pipe_stops_the_output_without_a_panic() {
    use std::process::{Command as Std, Stdio};
    let out = tempfile::tempdir().unwrap();
    let mut child = Std::new(env!("CARGO_BIN_EXE_staffing"))
        .args(["solve", "--charts", "none", "--out"])
        .arg(out.path().join("plan"))
        .arg(fixture("small").join("scenario.toml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before anything is printed (like `| head` done).
    drop(child.stdout.take());
    let done = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&done.stderr);
    assert!(!err.contains("panicked"), "{err}");
    // The plan was complete before the summary was printed.
    assert!(out.path().join("plan/allocation.csv").exists());
}
