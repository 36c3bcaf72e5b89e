//! The generator, the proportional-rounding baseline and `staffing bench`.

use std::path::Path;

use assert_cmd::Command;
use staffing::baseline::{evaluate, proportional_plan, today_plan};
use staffing::generate::{generate, split_proportional, GenError, GenSpec};
use staffing::model::requirement::requirements;
use staffing::pipeline::{self as run, Engine};

fn spec(counties: usize, stations: usize, seed: u64) -> GenSpec {
    GenSpec {
        counties,
        stations,
        seed,
    }
}

fn write(dir: &Path, g: &staffing::generate::Generated) {
    staffing::output::write_data_folder(dir, &g.files()).unwrap();
}

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    let a = generate(spec(7, 120, 42)).unwrap();
    let b = generate(spec(7, 120, 42)).unwrap();
    assert_eq!(a, b);
    let c = generate(spec(7, 120, 43)).unwrap();
    assert_ne!(a.stations_csv, c.stations_csv);
    assert_ne!(a.counties_csv, c.counties_csv);
}

#[test]
fn cli_writes_identical_files_for_the_same_seed() {
    let tmp = tempfile::tempdir().unwrap();
    for name in ["a", "b"] {
        Command::cargo_bin("staffing")
            .unwrap()
            .args([
                "generate",
                "--counties",
                "4",
                "--stations",
                "50",
                "--seed",
                "9",
            ])
            .arg(tmp.path().join(name))
            .assert()
            .success();
    }
    for file in ["stations.csv", "counties.csv", "scenario.toml"] {
        let a = std::fs::read(tmp.path().join("a").join(file)).unwrap();
        let b = std::fs::read(tmp.path().join("b").join(file)).unwrap();
        assert_eq!(a, b, "{file} differs between two runs with one seed");
    }
}

#[test]
fn bad_sizes_are_refused() {
    assert_eq!(generate(spec(0, 10, 1)), Err(GenError::NoCounty));
    assert!(matches!(
        generate(spec(10, 5, 1)),
        Err(GenError::TooFewStations { .. })
    ));
    Command::cargo_bin("staffing")
        .unwrap()
        .args(["generate", "--counties", "10", "--stations", "5"])
        .arg(tempfile::tempdir().unwrap().path().join("x"))
        .assert()
        .code(2);
}

#[test]
fn shares_add_up() {
    let parts = split_proportional(10, &[1.0, 1.0, 1.0]);
    assert_eq!(parts.iter().sum::<i64>(), 10);
    assert_eq!(parts, vec![4, 3, 3]);
    assert_eq!(split_proportional(0, &[1.0, 2.0]), vec![0, 0]);
}

#[test]
fn generated_data_loads_solves_and_has_the_documented_skew() {
    let tmp = tempfile::tempdir().unwrap();
    let mut below_station_share = 0;
    let mut counties = 0;
    for seed in 1..=6u64 {
        let dir = tmp.path().join(format!("s{seed}"));
        write(&dir, &generate(spec(12, 200, seed)).unwrap());
        let loaded = run::load(&dir.join("scenario.toml")).unwrap();
        assert_eq!(loaded.province.stations.len(), 200);
        assert_eq!(loaded.province.counties.len(), 12);
        // Always feasible under the generated (default) policy, and the plan
        // passes the independent checker inside run::solve.
        let plan = run::solve(&loaded, Engine::Exact).unwrap().outcome.plan;
        let t = plan.balance_level.unwrap();
        assert!(t > 0.0 && t < 5.0, "seed {seed}: level {t}");

        let p = &loaded.province;
        let rate = |kind: &str| {
            let (c, pop) = p
                .stations
                .iter()
                .filter(|s| s.kind == kind)
                .fold((0.0, 0.0), |(c, n), s| (c + s.calls, n + s.population));
            c / pop
        };
        assert!(rate("urban") > 1.5 * rate("rural"), "seed {seed}");
        let today = evaluate(
            p,
            &loaded.params,
            &requirements(p, &loaded.params),
            &today_plan(p),
        );
        below_station_share += today.station_share;
        counties += p.counties.len();
    }
    // About 30% of counties start below the station share.
    assert!(below_station_share > counties / 10, "{below_station_share}");
    assert!(below_station_share < counties / 2, "{below_station_share}");
}

#[test]
fn proportional_rounding_never_beats_the_optimum_when_it_keeps_the_rules() {
    let tmp = tempfile::tempdir().unwrap();
    for seed in 1..=12u64 {
        let dir = tmp.path().join(format!("s{seed}"));
        write(&dir, &generate(spec(3, 30, seed)).unwrap());
        let loaded = run::load(&dir.join("scenario.toml")).unwrap();
        let reqs = requirements(&loaded.province, &loaded.params);
        let optimal = run::solve(&loaded, Engine::Exact).unwrap().outcome.plan;
        let prop = proportional_plan(&loaded.province, &reqs);
        let a = evaluate(&loaded.province, &loaded.params, &reqs, &prop);
        let o = evaluate(&loaded.province, &loaded.params, &reqs, &optimal);
        assert_eq!(o.violations(), 0, "seed {seed}: the optimum breaks a rule");
        assert!((o.balance_level.unwrap() - optimal.balance_level.unwrap()).abs() < 1e-9);
        if a.violations() == 0 {
            assert!(
                a.balance_level.unwrap() <= o.balance_level.unwrap() + 1e-9,
                "seed {seed}: a valid proportional plan beat the optimum"
            );
        }
    }
}

#[test]
fn proportional_rounding_on_the_province_falls_short_and_breaks_rules() {
    let loaded = run::load(Path::new("tests/fixtures/province/scenario.toml")).unwrap();
    let reqs = requirements(&loaded.province, &loaded.params);
    let optimal = run::solve(&loaded, Engine::Exact).unwrap().outcome.plan;
    let prop = proportional_plan(&loaded.province, &reqs);
    let a = evaluate(&loaded.province, &loaded.params, &reqs, &prop);
    assert!(a.balance_level.unwrap() < optimal.balance_level.unwrap());
    assert!(a.violations() > 0);
}

#[test]
fn bench_runs_on_a_tiny_size_and_writes_its_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bench");
    let assert = Command::cargo_bin("staffing")
        .unwrap()
        .args([
            "bench",
            "--max-stations",
            "200",
            "--repeat",
            "1",
            "--milp-max",
            "10",
            "--milp-time-limit",
            "20",
            "--points",
            "8",
            "--province",
            "tests/fixtures/small/scenario.toml",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("## End to end"), "{stdout}");
    let scaling = std::fs::read_to_string(out.join("scaling.csv")).unwrap();
    let rows: Vec<&str> = scaling.lines().collect();
    assert!(rows[0].starts_with("instance,stations,"));
    // The small fixture plus the 100- and 200-station generated instances.
    assert_eq!(rows.len(), 4, "{scaling}");
    assert!(rows.iter().any(|r| r.starts_with("generated 200,200,")));
    let milp = std::fs::read_to_string(out.join("milp.csv")).unwrap();
    // Sizes 5 and 10; on these the MILP finishes and agrees with us.
    let milp_row = milp.lines().find(|l| l.starts_with("10,")).unwrap();
    let cells: Vec<&str> = milp_row.split(',').collect();
    assert_eq!(cells[4], "optimal", "{milp}");
    assert_eq!(cells[5], cells[6], "{milp}");
    let prop = std::fs::read_to_string(out.join("proportional.csv")).unwrap();
    assert!(prop.lines().any(|l| l.contains(",optimal,")));
    assert!(prop.lines().any(|l| l.contains(",proportional,")));
    let thr = std::fs::read_to_string(out.join("throughput.csv")).unwrap();
    assert_eq!(thr.lines().count(), 3, "{thr}");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("](scaling.png)"), "{report}");
    assert!(out.join("scaling.svg").exists() && out.join("scaling.png").exists());
}

#[test]
fn bench_plot_only_redraws_the_chart_from_scaling_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = "instance,stations,counties,read_s,solve_s,write_s,total_s,cpu_s,peak_rss_mib,balance_level,repeats\n\
province (small),12,3,0.001,0.0002,0.03,0.031,0.00,4.0,0.9,1\n\
generated 100,100,7,0.000672,0.000237,0.029237,0.030146,0.00,4.0,0.802267743,3\n\
generated 1000,1000,70,0.003855,0.002210,0.032384,0.038516,0.01,4.9,0.612369871,3\n\
generated 10000,10000,700,0.058230,0.032323,0.110103,0.197195,0.12,14.2,0.601684717,3\n";
    std::fs::write(tmp.path().join("scaling.csv"), csv).unwrap();
    let assert = Command::cargo_bin("staffing")
        .unwrap()
        .args(["bench", "--plot-only", "--lang", "zh", "--out"])
        .arg(tmp.path())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("3 generated instances"), "{stdout}");
    assert!(stdout.contains("solve time ∝ n^"), "{stdout}");
    let svg = std::fs::read_to_string(tmp.path().join("scaling.svg")).unwrap();
    assert!(svg.contains("拟合：求解 ∝ n^"), "{svg}");
    let png = std::fs::read(tmp.path().join("scaling.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    // Nothing was measured: no report, no instances.
    assert!(!tmp.path().join("report.md").exists());
    assert!(!tmp.path().join("instances").exists());

    // A bad cell is bad input, named by row and column.
    let bad = csv.replace("0.002210", "quick");
    std::fs::write(tmp.path().join("scaling.csv"), bad).unwrap();
    let assert = Command::cargo_bin("staffing")
        .unwrap()
        .args(["bench", "--plot-only", "--out"])
        .arg(tmp.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("scaling.csv, row 4, column `solve_s`: value `quick`"),
        "{stderr}"
    );
    // No scaling.csv at all.
    let empty = tempfile::tempdir().unwrap();
    Command::cargo_bin("staffing")
        .unwrap()
        .args(["bench", "--plot-only", "--out"])
        .arg(empty.path())
        .assert()
        .code(2);
}
