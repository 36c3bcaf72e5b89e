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

/// The rows of a CSV the bench wrote, as maps from column to cell.
fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(row: &std::collections::BTreeMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {:?} in {row:?}", row[column]))
}

#[test]
fn bench_quick_measures_the_default_path_of_the_users_command() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("quick");
    let assert = Command::cargo_bin("staffing")
        .unwrap()
        .args([
            "bench",
            "--quick",
            "--max-stations",
            "200",
            "--repeat",
            "1",
            "--province",
            "tests/fixtures/small/scenario.toml",
            "--out",
        ])
        .arg(&out)
        .timeout(std::time::Duration::from_secs(300))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("## Default path"), "{stdout}");
    // Only the default path: no other section, no other file.
    assert!(!stdout.contains("## Scaling"), "{stdout}");
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".staffing-output",
            "default_path.csv",
            "instances",
            "report.html",
            "report.md"
        ]
    );

    let rows = csv_rows(&out.join("default_path.csv"));
    // Two instances × (default, --charts none) × (one core, all cores).
    assert_eq!(rows.len(), 8, "{rows:?}");
    let commands: Vec<&str> = rows.iter().map(|r| r["command"].as_str()).collect();
    assert_eq!(
        commands[..4],
        [
            "staffing solve tests/fixtures/small/scenario.toml --out DIR",
            "staffing solve tests/fixtures/small/scenario.toml --out DIR",
            "staffing solve tests/fixtures/small/scenario.toml --out DIR --charts none",
            "staffing solve tests/fixtures/small/scenario.toml --out DIR --charts none",
        ]
    );
    assert!(rows[4]["instance"] == "generated 200" && rows[4]["stations"] == "200");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    for row in &rows {
        assert_eq!(row["status"], "optimal", "{row:?}");
        assert_eq!(row["repeats"], "1");
        let (wall, cpu, peak) = (
            number(row, "wall_s"),
            number(row, "cpu_s"),
            number(row, "peak_mb"),
        );
        assert!(wall > 0.0 && cpu > 0.0, "{row:?}");
        // The child's own CPU time: at most wall time on every core.
        assert!(cpu <= cores * wall + 0.05, "{row:?}");
        // The peak memory of a real process: more than 1 MB, far less than 10 GB.
        assert!(peak > 1.0 && peak < 10_000.0, "{row:?}");
        assert!(number(row, "balance_level") > 0.0);
    }
    assert_eq!(rows[0]["cores"], "one core");
    assert_eq!(rows[1]["cores"], "all cores");
    assert!(!rows[0]["pinned_cpu"].is_empty() && rows[1]["pinned_cpu"].is_empty());
    // The same balance level whatever the flags and cores.
    assert!(rows[..4]
        .iter()
        .all(|r| r["balance_level"] == rows[0]["balance_level"]));

    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.starts_with("# staffing bench\n"), "{report}");
    assert!(report.contains("| ≤ 25 ms CPU |"), "{report}");
    // The targets name the shipped province and the 40,000-station nation:
    // not judged on other data.
    assert_eq!(report.matches("**not judged**").count(), 4, "{report}");
    assert!(report.contains("Balance levels identical across runs, flags and core counts: yes"));
    assert!(
        report.contains("Peak memory is the child's own above"),
        "{report}"
    );
    assert!(
        report.contains("target/release/staffing generate --counties 14 --stations 200 --seed 1 ")
    );
    // The measured runs' output folders are gone.
    assert!(!out.join("runs").exists());
}

#[test]
fn bench_refuses_a_folder_it_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let assert = Command::cargo_bin("staffing")
        .unwrap()
        .args(["bench", "--quick", "--max-stations", "100", "--out"])
        .arg(tmp.path())
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("is not a folder staffing wrote") && stderr.contains("notes.txt"),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(
        left.len(),
        1,
        "the bench wrote into a folder that is not its own"
    );
    // A --province that is not there is an error, not a silent skip.
    Command::cargo_bin("staffing")
        .unwrap()
        .args(["bench", "--quick", "--province", "no/such.toml", "--out"])
        .arg(tmp.path().join("new"))
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2);
}

#[test]
fn the_child_measurement_of_a_solve_returns_its_exit_status() {
    use staffing::study::bench::child::{measure, ChildSpec, Cores};
    let tmp = tempfile::tempdir().unwrap();
    let spec = |args: &[&str]| ChildSpec {
        program: env!("CARGO_BIN_EXE_staffing").into(),
        args: args.iter().map(Into::into).collect(),
        cores: Cores::One,
        deadline: std::time::Duration::from_secs(120),
    };
    let out = tmp.path().join("plan");
    let out = out.to_str().unwrap();
    let ok = measure(&spec(&[
        "solve",
        "tests/fixtures/small/scenario.toml",
        "--out",
        out,
        "--charts",
        "none",
    ]))
    .unwrap();
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    assert!(ok.stdout.contains("optimal"), "{}", ok.stdout);
    assert!(ok.cpu_s().unwrap() > 0.0 && ok.max_rss_kib.unwrap() > 1024);
    assert!(Path::new(out).join("summary.json").exists());
    // Bad input: exit code 2, and the message on stderr.
    let bad = measure(&spec(&["solve", "no/such/scenario.toml", "--out", out])).unwrap();
    assert_eq!(bad.code, Some(2));
    assert!(!bad.killed);
    assert!(
        bad.stderr.contains("no/such/scenario.toml"),
        "{}",
        bad.stderr
    );
}

#[test]
fn bench_runs_every_section_on_a_tiny_size_and_writes_its_tables() {
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
        .timeout(std::time::Duration::from_secs(600))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    for section in [
        "## Default path",
        "## Scaling",
        "## Solve throughput",
        "## Robust plan",
        "## Against the monolithic MILP",
        "## Against proportional rounding",
        "## Service standard",
        "## Balance targets",
        "## One large county",
    ] {
        assert!(stdout.contains(section), "no {section} in {stdout}");
    }
    // The default path comes first.
    assert!(stdout.find("## Default path") < stdout.find("## Scaling"));
    let scaling = csv_rows(&out.join("scaling.csv"));
    // The 100- and 200-station generated instances.
    assert_eq!(scaling.len(), 2, "{scaling:?}");
    assert_eq!(scaling[1]["instance"], "generated 200");
    for row in &scaling {
        assert!(number(row, "solve_s") > 0.0 && number(row, "total_s") > number(row, "solve_s"));
    }
    let milp = csv_rows(&out.join("milp.csv"));
    // Sizes 5 and 10; on these the MILP finishes and agrees with us.
    assert_eq!(milp.len(), 2);
    assert_eq!(milp[1]["milp_status"], "optimal", "{milp:?}");
    assert_eq!(milp[1]["exact_level"], milp[1]["milp_level"], "{milp:?}");
    let prop = std::fs::read_to_string(out.join("proportional.csv")).unwrap();
    assert!(prop.lines().any(|l| l.contains(",optimal,")));
    assert!(prop.lines().any(|l| l.contains(",proportional,")));
    // The service standard's pass on the nation (here 200 stations).
    let service = csv_rows(&out.join("service.csv"));
    assert_eq!(service.len(), 1, "{service:?}");
    assert_eq!(service[0]["instance"], "generated 200");
    assert!(number(&service[0], "erlang_c_s") > 0.0 && number(&service[0], "erlang_c_duty") > 0.0);
    // The province and the generated nation, under each balance target.
    let targets = csv_rows(&out.join("fairness.csv"));
    let names: Vec<&str> = targets.iter().map(|r| r["target"].as_str()).collect();
    assert_eq!(
        names,
        ["province", "standard", "county", "leximin"].repeat(2),
        "{targets:?}"
    );
    assert!(targets.iter().all(|r| number(r, "solve_seconds") > 0.0));
    // One county of 50 and of 500 identical stations (a tenth and 2.5
    // times the nation), solved.
    let one = csv_rows(&out.join("one_county.csv"));
    let sizes: Vec<&str> = one.iter().map(|r| r["stations"].as_str()).collect();
    assert_eq!(sizes, ["50", "500"], "{one:?}");
    assert!(one
        .iter()
        .all(|r| number(r, "cpu_seconds") > 0.0 && number(r, "balance_level") > 0.0));
    let thr = std::fs::read_to_string(out.join("throughput.csv")).unwrap();
    assert_eq!(thr.lines().count(), 3, "{thr}");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("](scaling.png)"), "{report}");
    assert!(out.join("scaling.svg").exists() && out.join("scaling.png").exists());
    // The page holds every section of report.md, the chart inline.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for id in [
        "summary",
        "default-path-staffing-solve-as-a-user-runs-it",
        "scaling-generated-instances",
        "robust-plan-over-the-same-points",
        "service-standard-erlang-c-requirement-pass",
        "balance-targets-province-county-leximin",
        "provenance",
    ] {
        assert!(html.contains(&format!("<section id=\"{id}\">")), "no {id}");
    }
    assert!(html.contains("<figure id=\"chart-scaling\">\n<svg"));
    assert!(html.contains("@font-face"));
    assert_eq!(
        html.matches("<table>").count(),
        report.matches("\n|---").count() + 2,
        "every table of report.md is a table of the page, and provenance has two"
    );
    // The chart redrawn from the CSV is the chart the run drew.
    let svg = std::fs::read(out.join("scaling.svg")).unwrap();
    Command::cargo_bin("staffing")
        .unwrap()
        .args(["bench", "--plot-only", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read(out.join("scaling.svg")).unwrap(), svg);
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

#[test]
fn bench_section_runs_only_that_section_and_writes_its_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("service");
    Command::cargo_bin("staffing")
        .unwrap()
        .args([
            "bench",
            "--section",
            "service",
            "--max-stations",
            "100",
            "--repeat",
            "1",
            "--lang",
            "zh",
            "--province",
            "tests/fixtures/small/scenario.toml",
            "--out",
        ])
        .arg(&out)
        .timeout(std::time::Duration::from_secs(300))
        .assert()
        .success();
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".staffing-output",
            "instances",
            "report.html",
            "report.md",
            "service.csv",
            "service_load_limit.csv"
        ]
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("## Service standard") && !md.contains("## Default path"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("<h1>staffing 性能基准</h1>"));
    assert!(html.contains("本次测量 1 节：Service standard (Erlang C requirement pass)。"));

    // A flag of a section the run leaves out is refused, not ignored.
    let bad = Command::cargo_bin("staffing")
        .unwrap()
        .args(["bench", "--section", "service", "--points", "8", "--out"])
        .arg(tmp.path().join("other"))
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&bad.get_output().stderr).to_string();
    assert!(
        stderr.contains("--points is used only by the throughput section"),
        "{stderr}"
    );
}
