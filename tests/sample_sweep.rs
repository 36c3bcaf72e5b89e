//! `staffing sweep` with a `[sample]` table: Monte Carlo points, their
//! distribution and the robust plan, end to end.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_staffing");

fn sample_file(dir: &Path, body: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small/scenario.toml");
    let path = dir.join("mc.toml");
    let text = format!(
        "extend = {:?}\nname = \"mc\"\n{body}",
        base.display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().unwrap()
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

fn table(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

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
    let s = sample_file(dir.path(), MC);
    let s = s.to_str().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    ok(&run(&[
        "sweep",
        s,
        "--jobs",
        "1",
        "--out",
        a.to_str().unwrap(),
    ]));
    ok(&run(&[
        "sweep",
        s,
        "--jobs",
        "2",
        "--out",
        b.to_str().unwrap(),
    ]));
    let bytes = std::fs::read(a.join("sweep.csv")).unwrap();
    assert_eq!(bytes, std::fs::read(b.join("sweep.csv")).unwrap());
    for f in ["distribution.csv", "report.html", "robust/allocation.csv"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between --jobs 1 and 2"
        );
    }

    let rows = table(&bytes);
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
    let dist = table(&std::fs::read(a.join("distribution.csv")).unwrap());
    let stat = |name: &str, c: usize| -> f64 {
        dist.iter().find(|r| r[0] == name).unwrap()[c]
            .parse()
            .unwrap()
    };
    assert_eq!(stat("points", 1), 60.0);
    assert!((stat("min", 1) - worst_own).abs() < 1e-6);
    assert!((stat("min", 2) - worst).abs() < 1e-6);
    assert!(stat("median", 1) >= stat("p10", 1) && stat("max", 1) >= stat("median", 1));

    // The report shows the distribution and the robust plan; its chart exists.
    let report = std::fs::read_to_string(a.join("report.html")).unwrap();
    assert!(report.contains("id=\"monte-carlo\""));
    assert!(report.contains("normal(1.15, 0.08)"));
    assert!(a.join("distribution.png").exists() && a.join("distribution.svg").exists());
    assert!(a.join("robust/report.html").exists());
    // A continuous sample has no grid to draw as a heat map.
    assert!(!a.join("heatmap.svg").exists());
}

#[test]
fn the_same_seed_draws_the_same_points_and_another_seed_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample_file(dir.path(), MC);
    let other = dir.path().join("other.toml");
    std::fs::write(
        &other,
        std::fs::read_to_string(&s)
            .unwrap()
            .replace("seed = 7", "seed = 8"),
    )
    .unwrap();
    let out = |name: &str| dir.path().join(name);
    ok(&run(&[
        "sweep",
        s.to_str().unwrap(),
        "--out",
        out("x").to_str().unwrap(),
    ]));
    ok(&run(&[
        "sweep",
        s.to_str().unwrap(),
        "--out",
        out("y").to_str().unwrap(),
    ]));
    ok(&run(&[
        "sweep",
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
    let s = sample_file(dir.path(), MC);
    let s = s.to_str().unwrap();
    let whole = dir.path().join("whole");
    ok(&run(&["sweep", s, "--out", whole.to_str().unwrap()]));
    let mut shards = Vec::new();
    for k in 1..=3 {
        let d = dir.path().join(format!("shard{k}"));
        ok(&run(&[
            "sweep",
            s,
            "--shard",
            &format!("{k}/3"),
            "--out",
            d.to_str().unwrap(),
        ]));
        shards.push(d);
    }
    let merged = dir.path().join("merged");
    let mut args = vec!["merge".to_string()];
    args.extend(shards.iter().map(|d| d.to_str().unwrap().to_string()));
    args.extend(["--out".into(), merged.to_str().unwrap().into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&run(&args));
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
    let s = sample_file(
        dir.path(),
        r#"
[sample]
seed = 3
count = 40
robust = "percentile(20)"
"workload.call_growth" = "uniform(1.0, 1.4)"
"#,
    );
    let out = dir.path().join("p");
    ok(&run(&[
        "sweep",
        s.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    let m = manifest(&out);
    assert_eq!(m["sample"]["robust"], "percentile(20)");
    let envelope = m["sample"]["envelope_level"].as_f64().unwrap();
    let rows = table(&std::fs::read(out.join("sweep.csv")).unwrap());
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
    let s = sample_file(
        dir.path(),
        r#"
[sample]
seed = 3
count = 12
"auxiliaries.total" = "normal(380, 40)"
"#,
    );
    let out = dir.path().join("aux");
    ok(&run(&[
        "sweep",
        s.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    let rows = table(&std::fs::read(out.join("sweep.csv")).unwrap());
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
        let s = sample_file(dir.path(), body);
        let out = run(&["sweep", s.to_str().unwrap(), "--out"]
            .into_iter()
            .chain([dir.path().join("o").to_str().unwrap()])
            .collect::<Vec<_>>());
        assert_eq!(out.status.code(), Some(2), "{body}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{body}\n{err}");
        assert!(err.contains("mc.toml"), "the error names the file: {err}");
    }
}
