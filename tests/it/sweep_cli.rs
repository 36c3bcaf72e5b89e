//! `staffing sweep` and `staffing merge` end to end: determinism across job
//! counts, kill-and-resume, shard + merge, failing points, scenario `extend`,
//! and Monte Carlo sweeps (`[sample]`: distribution and robust plan).

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

/// The SHA-256 of a fixture's stations.csv, as the provenance table shows it.
fn input_sha(fixture_name: &str) -> String {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(format!("tests/fixtures/{fixture_name}/stations.csv")).unwrap();
    format!("{:x}", Sha256::digest(&bytes))
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

/// Runs shards 1/n … n/n of a sweep into `dir/shardK`; returns the folders.
fn run_shards(dir: &Path, scenario: &str, n: usize) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let d = dir.join(format!("shard{k}"));
            let shard = format!("{k}/{n}");
            ok(&sweep(&[
                scenario,
                "--shard",
                &shard,
                "--out",
                d.to_str().unwrap(),
            ]));
            d
        })
        .collect()
}

fn merge(shards: &[PathBuf], out: &Path) -> std::process::Output {
    Command::new(BIN)
        .arg("merge")
        .args(shards)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
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
    // It concludes in words and names its inputs with their SHA-256.
    assert!(report.contains("24 points: 24 proven optimal."), "{report}");
    assert!(report.contains("The highest balance level, "));
    assert!(report.contains("The lowest balance level, "));
    assert!(report.contains(&input_sha("small")));
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
    let shards = run_shards(dir.path(), s, 3);
    for d in &shards {
        assert!(!d.join("sweep.csv").exists());
    }
    let merged = dir.path().join("merged");
    // A missing shard is an error that says so.
    let out = merge(&shards[..2], &merged);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing"));
    ok(&merge(&shards, &merged));
    assert_eq!(
        std::fs::read(whole.join("sweep.csv")).unwrap(),
        std::fs::read(merged.join("sweep.csv")).unwrap()
    );
    assert!(
        merged.join("report.html").exists(),
        "merge writes the report too"
    );
}

/// A scenario `name` in `dir` over the small fixture's data copied into
/// `dir/data`, with its stations file passed through `edit`.
fn scenario_on_copied_data(dir: &Path, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let fixture = fixture("small");
    let from = fixture.parent().unwrap();
    for f in ["scenario.toml", "counties.csv"] {
        std::fs::copy(from.join(f), data.join(f)).unwrap();
    }
    let stations = std::fs::read_to_string(from.join("stations.csv")).unwrap();
    std::fs::write(data.join("stations.csv"), edit(&stations)).unwrap();
    let path = dir.join(format!("{name}.toml"));
    let text = format!(
        "extend = {:?}\nname = {name:?}\n{GRID}",
        data.join("scenario.toml").display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn merge_refuses_a_shard_of_another_scenario_data_or_version() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = |sub: &str, name: &str, edit: &dyn Fn(&str) -> String| {
        let sub = d.join(sub);
        std::fs::create_dir_all(&sub).unwrap();
        scenario_on_copied_data(&sub, name, edit)
    };
    let same = |s: &str| s.to_string();
    let mine = base("mine", "study", &same);
    let shard = |scenario: &Path, k: usize, out: &str, extra: &[&str]| {
        let out = d.join(out);
        let mut args = vec![
            scenario.to_str().unwrap().to_string(),
            "--shard".into(),
            format!("{k}/2"),
            "--out".into(),
            out.to_str().unwrap().to_string(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(&sweep(&args));
        out
    };
    let first = shard(&mine, 1, "mine-1", &[]);
    let second = shard(&mine, 2, "mine-2", &[]);

    // Shard 2 of: another scenario; the same scenario over changed station
    // data (one station's calls); the same data with one setting changed.
    let other = shard(&base("other", "another-study", &same), 2, "other-2", &[]);
    let more_calls = |s: &str| s.replacen(",631,", ",632,", 1);
    let edited = base("edited", "study", &more_calls);
    assert_ne!(
        std::fs::read(d.join("mine/data/stations.csv")).unwrap(),
        std::fs::read(d.join("edited/data/stations.csv")).unwrap()
    );
    let changed_data = shard(&edited, 2, "edited-2", &[]);
    let changed_setting = shard(&mine, 2, "set-2", &["--set", "stations.min_officers=3"]);
    // And a shard written by another version of staffing: its manifest says so.
    let old = d.join("old-2");
    std::fs::create_dir_all(old.join("points")).unwrap();
    for e in std::fs::read_dir(second.join("points")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), old.join("points").join(e.file_name())).unwrap();
    }
    let manifest = std::fs::read_to_string(second.join("sweep.json")).unwrap();
    let version = format!("\"staffing {}\"", env!("CARGO_PKG_VERSION"));
    assert!(manifest.contains(&version), "{manifest}");
    std::fs::write(
        old.join("sweep.json"),
        manifest.replace(&version, "\"staffing 0.0.1\""),
    )
    .unwrap();

    for (foreign, says) in [
        (&other, "is a shard of scenario `another-study`, "),
        (&changed_data, "its stations data differ: "),
        (&changed_setting, "its scenario differs from the one of "),
        (&old, "it was written by staffing 0.0.1, "),
    ] {
        let merged = d.join("merged");
        let out = merge(&[first.clone(), foreign.clone()], &merged);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{says}: {err}");
        assert!(err.contains(says), "{says}: {err}");
        assert!(
            err.contains(&format!(
                "{}: is not a shard of the same sweep as {}",
                foreign.display(),
                first.display()
            )),
            "the message names both folders: {err}"
        );
        assert!(!merged.exists(), "nothing is written: {says}");
    }
    // The changed data are named with both files' digests.
    let err = merge(&[first.clone(), changed_data.clone()], &d.join("merged"));
    let err = String::from_utf8_lossy(&err.stderr).to_string();
    assert!(
        err.contains("edited/data/stations.csv has SHA-256 "),
        "{err}"
    );
    assert!(err.contains("mine/data/stations.csv with "), "{err}");

    // The shards of one run still merge, in any order.
    ok(&merge(&[second, first], &d.join("merged")));
    assert!(d.join("merged/sweep.csv").exists());
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
        lang: None,
        stop: None,
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

// Monte Carlo sweeps.

fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]))
}

const MC: &str = r#"
[sample]
seed = 7
count = 60
"workload.call_growth" = "normal(1.15, 0.08)"
"workload.divert_share" = "uniform(0, 0.3)"
"#;

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("sweep.json")).unwrap()).unwrap()
}

#[test]
fn a_sampled_sweep_is_deterministic_and_its_robust_plan_keeps_its_guarantee() {
    let dir = tempfile::tempdir().unwrap();
    let s = sweep_file(dir.path(), "small", MC);
    let s = s.to_str().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let said = sweep(&[s, "--jobs", "1", "--out", a.to_str().unwrap()]);
    ok(&said);
    let said = String::from_utf8_lossy(&said.stdout);
    assert!(
        said.contains("robust plan (worst): envelope level"),
        "{said}"
    );
    ok(&sweep(&[s, "--jobs", "2", "--out", b.to_str().unwrap()]));
    let bytes = std::fs::read(a.join("sweep.csv")).unwrap();
    assert_eq!(bytes, std::fs::read(b.join("sweep.csv")).unwrap());
    for f in ["distribution.csv", "report.html", "robust/allocation.csv"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between --jobs 1 and 2"
        );
    }

    let rows = csv_rows(&bytes);
    assert_eq!(rows.len(), 61);
    let (g, d) = (
        col(&rows, "workload.call_growth"),
        col(&rows, "workload.divert_share"),
    );
    let (own, robust) = (col(&rows, "balance_level"), col(&rows, "robust_level"));
    let m = manifest(&a);
    let envelope = m["sample"]["envelope_level"].as_f64().unwrap();
    assert_eq!(m["sample"]["robust"], "worst");
    let mut worst = f64::INFINITY;
    let mut growth = Vec::new();
    for r in &rows[1..] {
        assert_eq!(r[col(&rows, "status")], "optimal", "{r:?}");
        let divert: f64 = r[d].parse().unwrap();
        assert!(
            (0.0..0.3).contains(&divert),
            "uniform(0, 0.3) drew {divert}"
        );
        growth.push(r[g].parse::<f64>().unwrap());
        let (o, rl): (f64, f64) = (r[own].parse().unwrap(), r[robust].parse().unwrap());
        // No fixed plan beats a sample's own optimum there.
        assert!(rl <= o + 1e-9, "robust {rl} above the optimum {o}: {r:?}");
        worst = worst.min(rl);
    }
    // The guarantee: the robust plan reaches its envelope level at every
    // sample (and, being one plan, no more than the worst sample's own
    // optimum there).
    assert!(
        worst >= envelope - 1e-9,
        "worst {worst} < envelope {envelope}"
    );
    let worst_own = rows[1..]
        .iter()
        .map(|r| r[own].parse::<f64>().unwrap())
        .fold(f64::INFINITY, f64::min);
    assert!(worst <= worst_own + 1e-9);
    // The draws look like normal(1.15, 0.08).
    let mean = growth.iter().sum::<f64>() / growth.len() as f64;
    assert!((mean - 1.15).abs() < 0.04, "mean call growth {mean}");

    // The distribution table agrees with sweep.csv.
    let dist = csv_rows(&std::fs::read(a.join("distribution.csv")).unwrap());
    let stat = |name: &str, c: usize| -> f64 {
        dist.iter().find(|r| r[0] == name).unwrap()[c]
            .parse()
            .unwrap()
    };
    assert_eq!(stat("samples", 1), 60.0);
    assert!((stat("min", 1) - worst_own).abs() < 1e-6);
    assert!((stat("min", 2) - worst).abs() < 1e-6);
    assert!(stat("median", 1) >= stat("p10", 1) && stat("max", 1) >= stat("median", 1));

    // The report shows the distribution and the robust plan; its chart exists.
    let report = std::fs::read_to_string(a.join("report.html")).unwrap();
    assert!(report.contains("id=\"monte-carlo\""));
    assert!(report.contains("normal(1.15, 0.08)"));
    // Samples are samples, no empty card, rounded parameters, provenance,
    // and a conclusion that says what the robust plan gives up.
    assert!(
        report.contains("60 samples; sampled parameters"),
        "{report}"
    );
    assert!(!report.contains("Pareto front"));
    assert!(report.contains("What it gives up: it is one plan (moving"));
    assert!(report
        .contains("against each sample&#39;s own optimal plan, the median sample&#39;s level is"));
    assert!(report.contains(&input_sha("small")));
    let table = &report[report.find("id=\"points\"").unwrap()..];
    assert!(
        !table.split("<td>").any(|c| c
            .split('<')
            .next()
            .and_then(|v| v.split_once('.'))
            .is_some_and(|(_, d)| d.len() > 4)),
        "numbers rounded to four decimals"
    );
    assert!(a.join("distribution.png").exists() && a.join("distribution.svg").exists());
    assert!(a.join("robust/report.html").exists());
    // A continuous sample has no grid to draw as a heat map.
    assert!(!a.join("heatmap.svg").exists());
}

#[test]
fn the_same_seed_draws_the_same_points_and_another_seed_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let s = sweep_file(dir.path(), "small", MC);
    let other = dir.path().join("other.toml");
    std::fs::write(
        &other,
        std::fs::read_to_string(&s)
            .unwrap()
            .replace("seed = 7", "seed = 8"),
    )
    .unwrap();
    let out = |name: &str| dir.path().join(name);
    ok(&sweep(&[
        s.to_str().unwrap(),
        "--out",
        out("x").to_str().unwrap(),
    ]));
    ok(&sweep(&[
        s.to_str().unwrap(),
        "--out",
        out("y").to_str().unwrap(),
    ]));
    ok(&sweep(&[
        other.to_str().unwrap(),
        "--out",
        out("z").to_str().unwrap(),
    ]));
    let read = |n: &str| std::fs::read(out(n).join("sweep.csv")).unwrap();
    assert_eq!(read("x"), read("y"));
    assert_ne!(read("x"), read("z"));
}

#[test]
fn sampled_shards_merge_into_the_single_machine_run_with_the_robust_plan() {
    let dir = tempfile::tempdir().unwrap();
    let s = sweep_file(dir.path(), "small", MC);
    let s = s.to_str().unwrap();
    let whole = dir.path().join("whole");
    ok(&sweep(&[s, "--out", whole.to_str().unwrap()]));
    let merged = dir.path().join("merged");
    ok(&merge(&run_shards(dir.path(), s, 3), &merged));
    for f in [
        "sweep.csv",
        "distribution.csv",
        "robust/allocation.csv",
        "robust/summary.json",
    ] {
        assert_eq!(
            std::fs::read(whole.join(f)).unwrap(),
            std::fs::read(merged.join(f)).unwrap(),
            "{f}"
        );
    }
    assert!(std::fs::read_to_string(merged.join("report.html"))
        .unwrap()
        .contains("id=\"monte-carlo\""));
}

#[test]
fn a_percentile_target_and_whole_number_keys() {
    let dir = tempfile::tempdir().unwrap();
    let s = sweep_file(
        dir.path(),
        "small",
        r#"
[sample]
seed = 3
count = 40
robust = "percentile(20)"
"workload.call_growth" = "uniform(1.0, 1.4)"
"#,
    );
    let out = dir.path().join("p");
    ok(&sweep(&[
        s.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    let m = manifest(&out);
    assert_eq!(m["sample"]["robust"], "percentile(20)");
    let envelope = m["sample"]["envelope_level"].as_f64().unwrap();
    let rows = csv_rows(&std::fs::read(out.join("sweep.csv")).unwrap());
    let rc = col(&rows, "robust_level");
    let mut levels: Vec<f64> = rows[1..].iter().map(|r| r[rc].parse().unwrap()).collect();
    levels.sort_by(f64::total_cmp);
    // One key: the samples are ordered, so the 20th percentile (the 8th
    // smallest of 40) is exactly what the plan was solved for, or better.
    assert!(levels[7] >= envelope - 1e-9, "{} < {envelope}", levels[7]);
    assert!(
        levels[0] < envelope,
        "a percentile plan gives up the worst samples"
    );

    // Whole-number keys are rounded; non-workload keys get no robust plan.
    let s = sweep_file(
        dir.path(),
        "small",
        r#"
[sample]
seed = 3
count = 12
"auxiliaries.total" = "normal(380, 40)"
"#,
    );
    let out = dir.path().join("aux");
    ok(&sweep(&[
        s.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    let rows = csv_rows(&std::fs::read(out.join("sweep.csv")).unwrap());
    assert!(!rows[0].iter().any(|h| h == "robust_level"));
    let c = col(&rows, "auxiliaries.total");
    for r in &rows[1..] {
        assert!(r[c].parse::<i64>().is_ok(), "{} is not whole", r[c]);
    }
    let note = manifest(&out)["sample"]["robust_note"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(note.contains("auxiliaries.total"), "{note}");
}

#[test]
fn bad_sample_tables_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "[sample]\nseed = 1\ncount = 5\nrobust = \"worst\"\n\"quotas.station_share\" = \"uniform(0.4, 0.5)\"\n",
            "workload keys only",
        ),
        (
            "[sample]\nseed = 1\ncount = 5\n\"workload.call_grwth\" = \"normal(1, 0.1)\"\n",
            "workload.call_grwth",
        ),
        (
            "[sample]\nseed = 1\ncount = 5\n\"workload.call_growth\" = \"poisson(3)\"\n",
            "unknown distribution",
        ),
        (
            "[sample]\nseed = 1\ncount = 5\nrobust = \"best\"\n\"workload.call_growth\" = \"normal(1, 0.1)\"\n",
            "percentile(10)",
        ),
        (
            "[sample]\nseed = 1\ncount = 5\n\"workload.call_growth\" = \"normal(1, 0.1)\"\n[sweep]\n\"workload.divert_share\" = [0.0]\n",
            "both [sweep] and [sample]",
        ),
    ];
    for (body, says) in cases {
        let s = sweep_file(dir.path(), "small", body);
        let o = dir.path().join("o");
        let out = sweep(&[s.to_str().unwrap(), "--out", o.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{body}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{body}\n{err}");
        assert!(
            err.contains("sweep.toml"),
            "the error names the file: {err}"
        );
    }
}
