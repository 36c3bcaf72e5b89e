//! A user's files are never lost (issue 17): an output folder is replaced
//! only when it holds nothing but the files staffing wrote there, unchanged;
//! `generate` never marks its data folder as output; no folder holding an
//! input is replaced; `--resume` never uses a malformed progress record; a
//! sweep step that gives no points is refused. Every refusal is exit 2,
//! names the files, and leaves everything as it was (no temporary folder).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use staffing::output::MARKER;

/// Each run of the binary is killed after this long: a hang fails the test.
const LIMIT: Duration = Duration::from_secs(300);

fn staffing_in(dir: Option<&Path>, args: &[&std::ffi::OsStr]) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("staffing").unwrap();
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.args(args).timeout(LIMIT).output().unwrap()
}

fn staffing<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    staffing_in(None, &args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "status {:?}\nstdout {}\nstderr {}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// Exit 2 with a message holding every needle, and no panic.
fn refused(out: &Output, needles: &[&str]) {
    let err = text(&out.stderr);
    assert_eq!(
        code(out),
        Some(2),
        "stdout {}\nstderr {err}",
        text(&out.stdout)
    );
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "`{n}` not in: {err}");
    }
}

/// Every file and folder under `dir` with its bytes (folders: empty).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            if e.file_type().unwrap().is_dir() {
                out.insert(rel, None);
                walk(root, &e.path(), out);
            } else {
                out.insert(rel, Some(std::fs::read(e.path()).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

/// Copies a fixture's scenario and tables into `to`.
fn copy_fixture(name: &str, to: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::create_dir_all(to).unwrap();
    for f in ["scenario.toml", "stations.csv", "counties.csv"] {
        std::fs::copy(from.join(f), to.join(f)).unwrap();
    }
    to.join("scenario.toml")
}

fn solve(scenario: &Path, out: &Path) -> Output {
    staffing(&[
        "solve".as_ref(),
        scenario.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--charts".as_ref(),
        "none".as_ref(),
    ])
}

#[test]
fn generate_then_solve_into_its_folder_keeps_the_data_and_exits_2() {
    // Regression: generate marked its data folder as output, and a solve
    // into it deleted stations.csv and scenario.toml and exited 0.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let gen = |seed: &str| {
        staffing(&[
            "generate".as_ref(),
            "--counties".as_ref(),
            "2".as_ref(),
            "--stations".as_ref(),
            "6".as_ref(),
            "--seed".as_ref(),
            seed.as_ref(),
            data.as_os_str(),
        ])
    };
    ok(&gen("1"));
    assert_eq!(
        names(&data),
        ["counties.csv", "scenario.toml", "stations.csv"],
        "a data folder has no output marker"
    );
    let before = snapshot(&data);
    let out = solve(&data.join("scenario.toml"), &data);
    refused(&out, &["scenario.toml", "an input of this run"]);
    assert_eq!(snapshot(&data), before);
    assert_eq!(names(tmp.path()), ["data"], "no temporary folder is left");

    // From inside the folder, `--out .` names the real reason.
    let out = staffing_in(
        Some(&data),
        &[
            "solve".as_ref(),
            "scenario.toml".as_ref(),
            "--out".as_ref(),
            ".".as_ref(),
            "--charts".as_ref(),
            "none".as_ref(),
        ],
    );
    refused(&out, &["scenario.toml", "an input of this run"]);
    assert!(!text(&out.stderr).contains("does not name a folder"));
    assert_eq!(snapshot(&data), before);

    // The same generate again changes nothing; another seed is refused.
    ok(&gen("1"));
    assert_eq!(snapshot(&data), before);
    refused(&gen("2"), &["is not empty", "stations.csv"]);
    assert_eq!(snapshot(&data), before);
    assert_eq!(names(tmp.path()), ["data"]);
}

#[test]
fn files_saved_or_edited_in_an_output_folder_survive_the_next_solve() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = copy_fixture("small", &tmp.path().join("in"));
    let out_dir = tmp.path().join("out");
    ok(&solve(&scenario, &out_dir));
    assert!(names(&out_dir).contains(&MARKER.to_string()));
    // Another solve into its own, unchanged folder replaces it.
    ok(&solve(&scenario, &out_dir));

    // A note the user saved there.
    std::fs::write(out_dir.join("notes.txt"), "科长的批注").unwrap();
    let before = snapshot(&out_dir);
    refused(&solve(&scenario, &out_dir), &["notes.txt", "did not write"]);
    assert_eq!(snapshot(&out_dir), before);
    std::fs::remove_file(out_dir.join("notes.txt")).unwrap();

    // An edited plan.xlsx (saved over by Excel).
    let mut edited = std::fs::read(out_dir.join("plan.xlsx")).unwrap();
    edited.extend_from_slice(b"edited in Excel");
    std::fs::write(out_dir.join("plan.xlsx"), &edited).unwrap();
    let before = snapshot(&out_dir);
    refused(&solve(&scenario, &out_dir), &["plan.xlsx", "changed since"]);
    assert_eq!(snapshot(&out_dir), before);

    // Once the edited copy is moved away, the folder is the tool's again.
    std::fs::rename(out_dir.join("plan.xlsx"), tmp.path().join("mine.xlsx")).unwrap();
    ok(&solve(&scenario, &out_dir));
    assert!(out_dir.join("plan.xlsx").exists());
    assert_eq!(std::fs::read(tmp.path().join("mine.xlsx")).unwrap(), edited);
    assert_eq!(names(tmp.path()), ["in", "mine.xlsx", "out"]);
}

#[test]
fn a_marker_that_is_a_folder_is_not_a_marker_and_leaves_nothing_behind() {
    // Regression: a `.staffing-output` folder counted as the marker; the
    // folder was replaced and a `.*.tmp-*` folder was left behind.
    let tmp = tempfile::tempdir().unwrap();
    let scenario = copy_fixture("small", &tmp.path().join("in"));
    let out_dir = tmp.path().join("out");
    std::fs::create_dir_all(out_dir.join(MARKER)).unwrap();
    std::fs::write(out_dir.join("allocation.csv"), "my own table").unwrap();
    let before = snapshot(&out_dir);
    refused(
        &solve(&scenario, &out_dir),
        &[".staffing-output/", "allocation.csv", "no valid"],
    );
    assert_eq!(snapshot(&out_dir), before);
    assert_eq!(names(tmp.path()), ["in", "out"]);

    // A marker of an older version lists no files: refused, not guessed.
    std::fs::remove_dir(out_dir.join(MARKER)).unwrap();
    std::fs::write(out_dir.join(MARKER), "written by staffing\n").unwrap();
    let before = snapshot(&out_dir);
    refused(&solve(&scenario, &out_dir), &["older version"]);
    assert_eq!(snapshot(&out_dir), before);
    assert_eq!(names(tmp.path()), ["in", "out"]);
}

#[test]
fn an_output_folder_holding_an_input_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    let scenario = copy_fixture("small", &work.join("data"));
    let before = snapshot(tmp.path());
    // --out above the folder that holds the inputs.
    refused(&solve(&scenario, &work), &["an input of this run"]);
    refused(
        &solve(&scenario, &work.join("data/..")),
        &["an input of this run"],
    );
    // --out at an input file itself.
    refused(
        &solve(&scenario, &work.join("data/stations.csv")),
        &["stations.csv"],
    );
    assert_eq!(snapshot(tmp.path()), before);
}

const GRID: &str = "[sweep]\n\"workload.call_growth\" = [1.0, 1.1, 1.2]\n";

fn sweep_file(dir: &Path, body: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small/scenario.toml");
    let path = dir.join("sweep.toml");
    let text = format!(
        "extend = {:?}\nname = \"safe-sweep\"\n{body}",
        base.display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn sweep(scenario: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "sweep".as_ref(),
        scenario.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--jobs".as_ref(),
        "1".as_ref(),
    ];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    staffing_in(None, &args)
}

fn csv_widths(bytes: &[u8]) -> Vec<usize> {
    let text = std::str::from_utf8(bytes).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records().map(|r| r.unwrap().len()).collect()
}

#[test]
fn resume_solves_a_point_again_when_its_record_is_malformed() {
    // Regression: --resume used a record with too few cells and wrote a
    // malformed sweep.csv.
    let tmp = tempfile::tempdir().unwrap();
    let s = sweep_file(tmp.path(), GRID);
    let o = tmp.path().join("o");
    ok(&sweep(&s, &o, &[]));
    let whole = std::fs::read(o.join("sweep.csv")).unwrap();

    let record = o.join("points/000001.json");
    let mut r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    let cells = r["cells"].as_array_mut().unwrap();
    let columns = cells.len();
    cells.truncate(3);
    std::fs::write(&record, serde_json::to_vec(&r).unwrap()).unwrap();
    std::fs::write(o.join("points/000002.json"), b"{\"point\": 2, \"cel").unwrap();
    std::fs::remove_file(o.join("sweep.csv")).unwrap();

    let out = sweep(&s, &o, &["--resume"]);
    ok(&out);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("2 solved now, 1 already done"), "{stdout}");
    assert!(stdout.contains("000001.json has 3 cells"), "{stdout}");
    assert!(stdout.contains("000002.json"), "{stdout}");
    let again = std::fs::read(o.join("sweep.csv")).unwrap();
    assert!(csv_widths(&again).iter().all(|&w| w == columns));
    assert_eq!(
        again, whole,
        "the resumed sweep.csv is the uninterrupted one"
    );
}

#[test]
fn a_sweep_step_that_gives_no_points_is_refused() {
    // Regression: a step of 5e-324 gave a sweep of 0 points and exit 0.
    let tmp = tempfile::tempdir().unwrap();
    let s = sweep_file(
        tmp.path(),
        "[sweep]\n\"workload.call_growth\" = { start = 1.0, stop = 1.2, step = 5e-324 }\n",
    );
    let o = tmp.path().join("o");
    refused(
        &sweep(&s, &o, &[]),
        &["sweep.workload.call_growth", "more than 1000000"],
    );
    assert!(!o.exists());
}

#[test]
fn a_sweep_rerun_removes_only_what_the_sweep_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let s = sweep_file(tmp.path(), GRID);
    let o = tmp.path().join("o");
    ok(&sweep(&s, &o, &["--keep-plans"]));
    assert!(o.join("plans/000000").join(MARKER).exists());

    for (file, needle) in [
        ("plans/000000/notes.txt", "plans/000000/notes.txt"),
        ("points/mine.txt", "points/mine.txt"),
        ("plans/README.txt", "plans/README.txt"),
    ] {
        std::fs::write(o.join(file), "mine").unwrap();
        let before = snapshot(&o);
        refused(
            &sweep(&s, &o, &["--keep-plans"]),
            &[needle, "did not write"],
        );
        assert_eq!(snapshot(&o), before, "{file}");
        std::fs::remove_file(o.join(file)).unwrap();
    }
    // An edited plan file is named as changed.
    std::fs::write(o.join("plans/000002/summary.json"), "{}").unwrap();
    let before = snapshot(&o);
    refused(
        &sweep(&s, &o, &["--keep-plans"]),
        &["plans/000002/summary.json", "changed since"],
    );
    assert_eq!(snapshot(&o), before);
    std::fs::remove_file(o.join("plans/000002/summary.json")).unwrap();

    // A note beside the sweep's own files stops a rerun, which names it
    // and changes nothing (the folder would otherwise mix the user's files
    // with the run's).
    std::fs::write(o.join("notes.txt"), "mine").unwrap();
    let before = snapshot(&o);
    refused(
        &sweep(&s, &o, &["--keep-plans"]),
        &["notes.txt", "did not write"],
    );
    assert_eq!(snapshot(&o), before);
    std::fs::remove_file(o.join("notes.txt")).unwrap();
    ok(&sweep(&s, &o, &["--keep-plans"]));
    assert!(o.join("plans/000002/summary.json").exists());
    assert_eq!(names(tmp.path()), ["o", "sweep.toml"]);
}
