//! `staffing sweep` and `staffing merge` end to end: determinism across job
//! counts, kill-and-resume, shard + merge, failing points, scenario `extend`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_staffing");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .join("scenario.toml")
}

/// A sweep scenario in `dir` extending a fixture.
fn sweep_file(dir: &Path, fixture_name: &str, body: &str) -> PathBuf {
    let path = dir.join("sweep.toml");
    let text = format!(
        "extend = {:?}\nname = \"test-sweep\"\n{body}",
        fixture(fixture_name).display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn sweep(args: &[&str]) -> std::process::Output {
    Command::new(BIN).arg("sweep").args(args).output().unwrap()
}

fn ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "status {:?}\nstdout {}\nstderr {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    r.records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

const GRID: &str = r#"
[recruits]
total = 0

[sweep]
"workload.call_growth" = { start = 1.0, stop = 1.3, step = 0.1 }
"workload.divert_share" = [0.0, 0.15, 0.3]
"recruits.total" = [0, 4]
"#;

#[test]
fn jobs_one_and_two_write_identical_sweep_csv() {
    let dir = tempfile::tempdir().unwrap();
    let s = sweep_file(dir.path(), "small", GRID);
    let s = s.to_str().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let c = dir.path().join("c");
    ok(&sweep(&[s, "--jobs", "1", "--out", a.to_str().unwrap()]));
    ok(&sweep(&[s, "--jobs", "2", "--out", b.to_str().unwrap()]));
    ok(&sweep(&[
        s,
        "--jobs",
        "2",
        "--out",
        c.to_str().unwrap(),
        "--keep-plans",
    ]));
    let bytes = std::fs::read(a.join("sweep.csv")).unwrap();
    assert_eq!(bytes, std::fs::read(b.join("sweep.csv")).unwrap());
    assert_eq!(bytes, std::fs::read(c.join("sweep.csv")).unwrap());
    // Every complete sweep leaves its report and charts beside sweep.csv.
    let report = std::fs::read_to_string(a.join("report.html")).unwrap();
    assert!(report.contains("<svg"), "charts are inline in the report");
    assert!(a.join("pareto.svg").exists() && a.join("pareto.png").exists());
    assert!(c.join("plans/000023/allocation.csv").exists());

    // The contract: BOM, CRLF, point, parameters, status, ..., recruits, message.
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    let rows = csv_rows(&bytes);
    assert_eq!(rows.len(), 1 + 4 * 3 * 2);
    let h = &rows[0];
    assert_eq!(
        &h[..5],
        [
            "point",
            "workload.call_growth",
            "workload.divert_share",
            "recruits.total",
            "status"
        ]
    );
    assert_eq!(h[5], "balance_level");
    assert_eq!(h[13], "recruits_used");
    assert!(h[14].starts_with("recruits_"));
    assert_eq!(h.last().unwrap(), "message");
    // Odometer order: the last key changes fastest; values decimal-exact.
    assert_eq!(&rows[1][..4], ["0", "1", "0", "0"]);
    assert_eq!(&rows[2][..4], ["1", "1", "0", "4"]);
    assert_eq!(&rows[24][..4], ["23", "1.3", "0.3", "4"]);
    // More calls never raise the level; recruits never lower it.
    let level = |r: usize| rows[r][5].parse::<f64>().unwrap();
    assert!(level(1) >= level(19));
    assert!(level(2) >= level(1));
    // Recruits used never exceed the total and add up over the counties.
    for r in &rows[1..] {
        let used: i64 = r[13].parse().unwrap();
        let per: i64 = r[14..r.len() - 1]
            .iter()
            .map(|v| v.parse::<i64>().unwrap())
            .sum();
        assert_eq!(used, per);
        assert!(used <= r[3].parse::<i64>().unwrap());
    }
}

#[test]
fn a_killed_sweep_resumes_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let body = r#"
[sweep]
"workload.call_growth" = { start = 1.0, stop = 1.99, step = 0.01 }
"workload.divert_share" = { start = 0.0, stop = 0.09, step = 0.01 }
"#;
    let s = sweep_file(dir.path(), "small", body);
    let s = s.to_str().unwrap();
    let killed = dir.path().join("killed");
    let mut child = Command::new(BIN)
        .args(["sweep", s, "--jobs", "1", "--quiet", "--out"])
        .arg(&killed)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let done = std::fs::read_dir(killed.join("points"))
            .map(|d| d.count())
            .unwrap_or(0);
        if done >= 20 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let done = std::fs::read_dir(killed.join("points")).unwrap().count();
    assert!(
        done < 1000 && !killed.join("sweep.csv").exists(),
        "the sweep finished before it was killed ({done} points)"
    );

    let out = sweep(&[
        s,
        "--jobs",
        "2",
        "--resume",
        "--quiet",
        "--out",
        killed.to_str().unwrap(),
    ]);
    ok(&out);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("already done"), "{said}");
    assert!(!said.contains(" 0 already done"), "{said}");

    let fresh = dir.path().join("fresh");
    ok(&sweep(&[
        s,
        "--jobs",
        "1",
        "--quiet",
        "--out",
        fresh.to_str().unwrap(),
    ]));
    assert_eq!(
        std::fs::read(killed.join("sweep.csv")).unwrap(),
        std::fs::read(fresh.join("sweep.csv")).unwrap()
    );
}

#[test]
fn shards_merge_into_the_single_machine_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let s = sweep_file(dir.path(), "small", GRID);
    let s = s.to_str().unwrap();
    let whole = dir.path().join("whole");
    ok(&sweep(&[s, "--out", whole.to_str().unwrap()]));
    let mut shards = Vec::new();
    for k in 1..=3 {
        let d = dir.path().join(format!("shard{k}"));
        let out = sweep(&[
            s,
            "--shard",
            &format!("{k}/3"),
            "--out",
            d.to_str().unwrap(),
        ]);
        ok(&out);
        assert!(!d.join("sweep.csv").exists());
        shards.push(d);
    }
    let merged = dir.path().join("merged");
    // A missing shard is an error that says so.
    let out = Command::new(BIN)
        .arg("merge")
        .args(&shards[..2])
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing"));
    let out = Command::new(BIN)
        .arg("merge")
        .args(&shards)
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    ok(&out);
    assert_eq!(
        std::fs::read(whole.join("sweep.csv")).unwrap(),
        std::fs::read(merged.join("sweep.csv")).unwrap()
    );
    assert!(
        merged.join("report.html").exists(),
        "merge writes the report too"
    );
}

#[test]
fn failing_points_are_recorded_and_the_rest_run() {
    let dir = tempfile::tempdir().unwrap();
    // 1.4 is not a share (bad value); 0.99 leaves no room for HQ (infeasible).
    let body = "[sweep]\n\"quotas.station_share\" = [0.4, 1.4, 0.99, 0.45]\n";
    let s = sweep_file(dir.path(), "small", body);
    let out_dir = dir.path().join("o");
    let out = sweep(&[s.to_str().unwrap(), "--out", out_dir.to_str().unwrap()]);
    ok(&out);
    let rows = csv_rows(&std::fs::read(out_dir.join("sweep.csv")).unwrap());
    let status: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(status, ["optimal", "error", "infeasible", "optimal"]);
    let msg = |r: usize| rows[r].last().unwrap().clone();
    assert!(
        msg(2).contains("quotas.station_share") && msg(2).contains("1.4"),
        "{}",
        msg(2)
    );
    assert!(msg(3).contains("county"), "{}", msg(3));
    assert!(rows[2][3].is_empty() && rows[3][3].is_empty());
    assert!(msg(1).is_empty());
}

#[test]
fn resume_refuses_a_changed_sweep_and_foreign_folders() {
    let dir = tempfile::tempdir().unwrap();
    let s = sweep_file(
        dir.path(),
        "county",
        "[sweep]\n\"workload.call_growth\" = [1.0, 1.1]\n",
    );
    let o = dir.path().join("o");
    ok(&sweep(&[s.to_str().unwrap(), "--out", o.to_str().unwrap()]));
    let s2 = sweep_file(
        dir.path(),
        "county",
        "[sweep]\n\"workload.call_growth\" = [1.0, 1.2]\n",
    );
    let out = sweep(&[
        s2.to_str().unwrap(),
        "--resume",
        "--out",
        o.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("different sweep"));
    let foreign = dir.path().join("thesis");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("chapter1.docx"), "x").unwrap();
    let out = sweep(&[s.to_str().unwrap(), "--out", foreign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(foreign.join("chapter1.docx").exists());
    // A sweep key that is not a numeric scenario key is bad input.
    let bad = sweep_file(
        dir.path(),
        "county",
        "[sweep]\n\"workload.call_grwth\" = [1.0]\n",
    );
    let out = sweep(&[
        bad.to_str().unwrap(),
        "--out",
        dir.path().join("b").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("call_grwth"));
}

#[test]
fn points_share_one_loaded_province() {
    let dir = tempfile::tempdir().unwrap();
    let s = sweep_file(dir.path(), "small", GRID);
    let prep = staffing::sweep::exec::prepare(&s).unwrap();
    let opts = staffing::sweep::exec::Options {
        jobs: 2,
        out: dir.path().join("o"),
        keep_plans: false,
        resume: false,
        shard: None,
        progress: false,
    };
    let report = staffing::sweep::exec::run(&prep, &opts).unwrap();
    assert_eq!(report.solved, 24);
    assert_eq!(
        prep.cache.len(),
        1,
        "the data were read once for all points"
    );
}

fn solve_json(dir: &Path, body: &str) -> (Option<i32>, String, String) {
    let path = dir.join("levers.toml");
    let text = format!(
        "extend = {:?}\nname = \"levers\"\n{body}",
        fixture("small").display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    let out = Command::new(BIN)
        .arg("solve")
        .arg(&path)
        .arg("--json")
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn solve_applies_the_levers() {
    let dir = tempfile::tempdir().unwrap();
    let (code, base, _) = solve_json(dir.path(), "");
    assert_eq!(code, Some(0));
    let base: serde_json::Value = serde_json::from_str(&base).unwrap();
    let (code, out, err) = solve_json(dir.path(), "[recruits]\ntotal = 10\n");
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let used = v["recruits"]["used"].as_i64().unwrap();
    assert_eq!(used + v["recruits"]["leftover"].as_i64().unwrap(), 10);
    let per: i64 = v["recruits"]["per_county"]
        .as_object()
        .unwrap()
        .values()
        .map(|r| r.as_i64().unwrap())
        .sum();
    assert_eq!(per, used);
    assert!(v["balance_level"].as_f64() > base["balance_level"].as_f64());
    // The force grows by exactly the recruits placed.
    let force = |v: &serde_json::Value| {
        v["station_officers"].as_i64().unwrap() + v["hq_officers"].as_i64().unwrap()
    };
    assert_eq!(force(&v), force(&base) + used);

    // A 10% cut lowers the level; a cut to nothing is infeasible (exit 1);
    // a negative force is a bad value (exit 2).
    let (code, out, _) = solve_json(dir.path(), "[force]\nscale = 0.9\n");
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["balance_level"].as_f64() < base["balance_level"].as_f64());
    let (code, _, err) = solve_json(dir.path(), "[force]\nscale = 0.0\n");
    assert_eq!(code, Some(1), "{err}");
    let (code, _, err) = solve_json(dir.path(), "[force]\nadd = -100000\n");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("negative"), "{err}");
}

#[test]
fn a_bad_shard_is_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let s = sweep_file(
        dir.path(),
        "county",
        "[sweep]\n\"workload.call_growth\" = [1.0]\n",
    );
    for shard in ["0/3", "4/3", "x"] {
        let out = sweep(&[
            s.to_str().unwrap(),
            "--shard",
            shard,
            "--out",
            dir.path().join("o").to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{shard}");
    }
}

#[test]
fn the_sweep_benchmark_checks_every_run_gives_the_same_csv() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = sweep_file(dir.path(), "small", GRID);
    let out = Command::new(BIN)
        .args(["bench-sweep", scenario.to_str().unwrap()])
        .args(["--jobs", "1,2", "--repeat", "2", "--out"])
        .arg(dir.path().join("runs"))
        .output()
        .unwrap();
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("24 points"), "{text}");
    assert_eq!(text.matches("round ").count(), 4, "{text}");
    assert!(text.contains("speed-up vs --jobs 1"), "{text}");
    assert!(text.contains("byte-identical"), "{text}");
    let csv = std::fs::read(dir.path().join("runs/jobs-2/sweep.csv")).unwrap();
    assert_eq!(csv_rows(&csv).len(), 25);
}
