//! The command line a new user meets (issue 15): `--quiet`, shell
//! completions and the man page, examples in `--help`, the MILP's time
//! limit, Ctrl-C during a sweep, `--set key=value`, `solve` on a sweep
//! scenario, and terminal messages in Chinese. Every run goes through the
//! real binary under a time limit.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::support::{run_with_timeout, staffing, Finished};

const LIMIT: Duration = Duration::from_secs(180);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root()
        .join("tests/fixtures")
        .join(name)
        .join("scenario.toml")
}

/// Runs `staffing ARGS` under the time limit.
fn run(args: &[&str]) -> Finished {
    let mut cmd = staffing();
    cmd.args(args);
    run_in(cmd)
}

fn run_in(cmd: Command) -> Finished {
    run_with_timeout(cmd, LIMIT).unwrap_or_else(|e| panic!("{e}"))
}

fn code(f: &Finished, want: i32) {
    assert_eq!(
        f.code,
        Some(want),
        "exit code\nstdout {}\nstderr {}",
        f.stdout,
        f.stderr
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// A scenario in `dir` that extends a fixture and adds `body`.
fn extending(dir: &Path, fixture_name: &str, name: &str, body: &str) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    let text = format!(
        "extend = {:?}\nname = \"{name}\"\n{body}",
        fixture(fixture_name).display().to_string()
    );
    fs::write(&path, text).unwrap();
    path
}

/// The small fixture's scenario written to `dir/name` with its data paths
/// made absolute and each `(from, to)` replaced (each must be there).
fn copy_of_small(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let small = fixture("small");
    let mut text = fs::read_to_string(&small).unwrap();
    for (from, to) in edits
        .iter()
        .copied()
        .chain([("stations.csv", "STATIONS"), ("counties.csv", "COUNTIES")])
    {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let text = text
        .replace("STATIONS", s(&small.with_file_name("stations.csv")))
        .replace("COUNTIES", s(&small.with_file_name("counties.csv")));
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

const SUBCOMMANDS: [&str; 9] = [
    "solve",
    "check",
    "sweep",
    "merge",
    "bench-sweep",
    "generate",
    "bench",
    "completions",
    "man",
];

// --quiet ------------------------------------------------------------------

#[test]
fn quiet_prints_nothing_but_json_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let small = fixture("small");
    let out = dir.path().join("plan");
    let f = run(&[
        "solve",
        s(&small),
        "--out",
        s(&out),
        "--charts",
        "none",
        "--quiet",
    ]);
    code(&f, 0);
    assert_eq!((f.stdout.as_str(), f.stderr.as_str()), ("", ""));
    assert!(
        out.join("summary.json").exists(),
        "the plan is still written"
    );

    let f = run(&[
        "solve",
        s(&small),
        "--out",
        s(&out),
        "--charts",
        "none",
        "-q",
        "--json",
    ]);
    code(&f, 0);
    let json: serde_json::Value = serde_json::from_str(&f.stdout).expect("--json still prints");
    assert_eq!(json["status"], "optimal");

    let f = run(&["check", s(&small), "--quiet"]);
    code(&f, 0);
    assert_eq!((f.stdout.as_str(), f.stderr.as_str()), ("", ""));

    // Errors still say what is wrong.
    let f = run(&[
        "check",
        s(&small),
        "--quiet",
        "--set",
        "workload.call_grwth=1.2",
    ]);
    code(&f, 2);
    assert!(f.stdout.is_empty());
    assert!(f.stderr.contains("call_grwth"), "{}", f.stderr);

    let sweep = extending(
        dir.path(),
        "small",
        "quiet-sweep",
        "[sweep]\n\"workload.call_growth\" = [1.0, 1.1]\n",
    );
    let sweep_out = dir.path().join("sweep");
    let f = run(&["sweep", s(&sweep), "--out", s(&sweep_out), "--quiet"]);
    code(&f, 0);
    assert_eq!((f.stdout.as_str(), f.stderr.as_str()), ("", ""));
    assert!(sweep_out.join("sweep.csv").exists());

    let data = dir.path().join("data");
    let f = run(&[
        "generate",
        "--counties",
        "2",
        "--stations",
        "5",
        s(&data),
        "-q",
    ]);
    code(&f, 0);
    assert_eq!((f.stdout.as_str(), f.stderr.as_str()), ("", ""));
    assert!(data.join("stations.csv").exists());

    // Every command takes it, before or after its name.
    for sub in SUBCOMMANDS {
        for args in [
            vec!["--quiet", sub, "--help"],
            vec![sub, "--quiet", "--help"],
        ] {
            let f = run(&args);
            code(&f, 0);
            assert!(f.stdout.contains("--quiet"), "{sub}: {}", f.stdout);
        }
    }
}

// Completions and the man page ----------------------------------------------

#[test]
fn completion_scripts_parse_and_complete_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let f = run(&["completions", "bash"]);
    code(&f, 0);
    let script = dir.path().join("staffing.bash");
    fs::write(&script, &f.stdout).unwrap();
    let mut bash = Command::new("bash");
    bash.arg("-c").arg(format!(
        "set -e; bash -n {0}; source {0}; complete -p staffing",
        s(&script)
    ));
    let sourced = run_in(bash);
    code(&sourced, 0);
    assert!(sourced.stdout.contains("staffing"), "{}", sourced.stdout);
    for sub in SUBCOMMANDS {
        assert!(f.stdout.contains(sub), "bash completion lacks {sub}");
    }
    for flag in ["--set", "--quiet", "--time-limit", "--resume", "--lang"] {
        assert!(f.stdout.contains(flag), "bash completion lacks {flag}");
    }

    let zsh = run(&["completions", "zsh"]);
    code(&zsh, 0);
    assert!(
        zsh.stdout.starts_with("#compdef staffing\n"),
        "{}",
        zsh.stdout
    );
    let fish = run(&["completions", "fish"]);
    code(&fish, 0);
    assert!(fish.stdout.contains("complete -c staffing"));
    let ps = run(&["completions", "powershell"]);
    code(&ps, 0);
    assert!(ps.stdout.contains("Register-ArgumentCompleter"));
    let f = run(&["completions", "tcsh"]);
    code(&f, 2);
    assert!(f.stderr.contains("bash"), "names the shells: {}", f.stderr);
}

#[test]
fn completions_out_writes_the_shells_file_and_never_a_users() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("completions");
    let f = run(&["completions", "zsh", "--out", s(&target)]);
    code(&f, 0);
    let printed = run(&["completions", "zsh"]).stdout;
    assert_eq!(
        fs::read_to_string(target.join("_staffing")).unwrap(),
        printed
    );
    // Again: the file it wrote may be replaced (here: it is unchanged).
    code(&run(&["completions", "zsh", "--out", s(&target)]), 0);

    // A file of the user's under that name is left alone.
    let mine = dir.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("staffing.bash"), "# my own completion\n").unwrap();
    let f = run(&["completions", "bash", "--out", s(&mine)]);
    code(&f, 2);
    assert!(f.stderr.contains("staffing.bash"), "{}", f.stderr);
    assert_eq!(
        fs::read_to_string(mine.join("staffing.bash")).unwrap(),
        "# my own completion\n"
    );
}

#[test]
fn the_man_page_is_roff_that_groff_reads_with_examples_and_exit_codes() {
    let f = run(&["man"]);
    code(&f, 0);
    let page = &f.stdout;
    for part in [
        ".TH staffing 1",
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH \"EXIT STATUS\"",
        "130",
    ] {
        assert!(page.contains(part), "no {part} in the man page");
    }
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("staffing\\-{}(1)", sub.replace('-', "\\-"))),
            "{sub}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    code(&run(&["man", "--out", s(&out), "-q"]), 0);
    assert_eq!(fs::read_to_string(out.join("staffing.1")).unwrap(), *page);
    for sub in SUBCOMMANDS {
        let sub_page = fs::read_to_string(out.join(format!("staffing-{sub}.1"))).unwrap();
        assert!(
            sub_page.contains(".SH EXAMPLES\n.nf\n"),
            "{sub}: no examples"
        );
    }
    let solve = fs::read_to_string(out.join("staffing-solve.1")).unwrap();
    assert!(solve.contains("staffing solve scenarios/recruits.toml \\-\\-lang en"));

    // groff reads every page without a warning, where it is installed.
    let groff = Command::new("groff").arg("--version").output();
    if groff.is_ok_and(|o| o.status.success()) {
        for name in fs::read_dir(&out).unwrap() {
            let path = name.unwrap().path();
            let mut cmd = Command::new("groff");
            cmd.args(["-k", "-man", "-Tutf8", "-ww", "-z"]).arg(&path);
            let g = run_in(cmd);
            code(&g, 0);
            assert_eq!(g.stderr, "", "{}", path.display());
        }
    }
}

#[test]
fn every_commands_help_shows_examples_whose_files_exist_in_a_clone() {
    for sub in SUBCOMMANDS {
        let f = run(&[sub, "--help"]);
        code(&f, 0);
        let examples = f
            .stdout
            .split("Examples:\n")
            .nth(1)
            .unwrap_or_else(|| panic!("{sub} --help has no examples:\n{}", f.stdout));
        let lines: Vec<&str> = examples
            .lines()
            .filter(|l| l.starts_with("  staffing "))
            .collect();
        assert!(lines.len() >= 2, "{sub}: {examples}");
        for word in lines.iter().flat_map(|l| l.split_whitespace()) {
            if (word.starts_with("scenarios/") || word.starts_with("tests/"))
                && word.ends_with(".toml")
            {
                assert!(
                    root().join(word).exists(),
                    "{sub} --help names {word}, which is not in the clone"
                );
            }
        }
    }
}

// The MILP's time limit -------------------------------------------------------

/// A 40-station instance on which the monolithic MILP finds a plan in well
/// under a second but does not prove it optimal in 15 s (release build).
fn hard_for_the_milp(dir: &Path) -> PathBuf {
    let data = dir.join("g40");
    let f = run(&[
        "generate",
        "--counties",
        "2",
        "--stations",
        "40",
        "--seed",
        "1",
        s(&data),
    ]);
    code(&f, 0);
    data.join("scenario.toml")
}

#[test]
fn a_milp_stopped_by_its_time_limit_says_so_and_exits_5_or_6() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = hard_for_the_milp(dir.path());
    let out = dir.path().join("plan");
    let args = |limit: &'static str| {
        vec![
            "solve".to_string(),
            s(&scenario).to_string(),
            "--engine".into(),
            "milp".into(),
            "--time-limit".into(),
            limit.into(),
            // The monolithic MILP: the province target.
            "--set".into(),
            "balance.target=province".into(),
            "--charts".into(),
            "none".into(),
            "--lang".into(),
            "en".into(),
            "--out".into(),
            s(&out).to_string(),
        ]
    };
    fn words(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }

    // A plan, not proven optimal: written, status time_limit, exit 5.
    let mut a = args("3");
    a.push("--json".into());
    let f = run(&words(&a));
    code(&f, 5);
    let json: serde_json::Value = serde_json::from_str(&f.stdout).unwrap();
    assert_eq!(json["status"], "time_limit");
    assert!(f.stderr.contains("time limit (3 s)"), "{}", f.stderr);
    assert!(f.stderr.contains("not proven optimal"), "{}", f.stderr);
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["status"], "time_limit");
    let human = run(&words(&args("3")));
    code(&human, 5);
    assert!(
        human
            .stdout
            .contains("time_limit (feasible, not proven optimal)"),
        "{}",
        human.stdout
    );

    // No plan before the limit: nothing written, exit 6, and it says so.
    fs::remove_dir_all(&out).unwrap();
    let f = run(&words(&args("0.000001")));
    code(&f, 6);
    assert!(
        f.stderr
            .contains("found no plan that meets every rule within its time limit"),
        "{}",
        f.stderr
    );
    assert!(
        f.stderr.contains("does not mean there is none"),
        "{}",
        f.stderr
    );
    assert!(!out.exists(), "nothing is written");
    // In Chinese, with no English word.
    let mut zh = args("0.000001");
    let n = zh.len();
    zh[n - 3] = "zh".into();
    let f = run(&words(&zh));
    code(&f, 6);
    assert!(f.stderr.contains("时间限制内没有找到"), "{}", f.stderr);
    let english = crate::in_chinese::english_words(&f.stderr);
    assert!(english.is_empty(), "{english:?}\n{}", f.stderr);
    assert!(!out.exists(), "nothing is written");

    // A limit the exact engine would ignore is refused, not ignored.
    let f = run(&["solve", s(&scenario), "--time-limit", "3", "--out", s(&out)]);
    code(&f, 2);
    assert!(f.stderr.contains("--engine milp"), "{}", f.stderr);
    for bad in ["0", "-1", "nan", "inf"] {
        let f = run(&[
            "solve",
            s(&scenario),
            "--engine",
            "milp",
            &format!("--time-limit={bad}"),
        ]);
        code(&f, 2);
    }
}

// Ctrl-C during a sweep --------------------------------------------------------

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_stops_a_sweep_prints_the_resume_command_and_resume_finishes_it() {
    use std::process::Stdio;
    use std::time::Instant;

    let dir = tempfile::tempdir().unwrap();
    let scenario = extending(
        dir.path(),
        "province",
        "interrupted",
        "[sweep]\n\"workload.call_growth\" = { start = 1.0, stop = 1.5, step = 0.005 }\n",
    );
    let out = dir.path().join("out");
    let args = [
        "sweep",
        s(&scenario),
        "--jobs",
        "1",
        "--set",
        "workload.divert_share=0.05",
        "--out",
        s(&out),
    ];
    let mut child = staffing()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let records = || {
        fs::read_dir(out.join("points"))
            .map(|d| {
                d.flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                    .count()
            })
            .unwrap_or(0)
    };
    while records() < 2 {
        assert!(started.elapsed() < LIMIT, "the sweep recorded no point");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the sweep ended before Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let pid = i32::try_from(child.id()).unwrap();
    // SAFETY: kill(2) on the child this test started and has not reaped.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("the sweep did not stop after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(status.code(), Some(130), "{stderr}");
    // The province's names are Chinese, so the message is too.
    assert!(stderr.contains("已中断"), "{stderr}");
    let done = records();
    assert!((2..101).contains(&done), "{done} points recorded");
    assert!(!out.join("sweep.csv").exists());
    assert!(
        stderr.contains(&format!("101 个点中已完成 {done} 个")),
        "{stderr}"
    );

    // The printed command is this run with --resume, and it finishes the job.
    let line = stderr
        .lines()
        .find(|l| l.starts_with("  staffing sweep "))
        .unwrap_or_else(|| panic!("no resume command in: {stderr}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut expected = vec!["staffing"];
    expected.extend(args);
    expected.push("--resume");
    assert_eq!(words, expected);
    let mut resume = staffing();
    resume.args(&words[1..]);
    let f = run_in(resume);
    code(&f, 0);
    assert!(
        f.stdout.contains(&format!("此前已完成 {done} 个")),
        "{}",
        f.stdout
    );

    let fresh = dir.path().join("fresh");
    let mut all = args.to_vec();
    let n = all.len();
    all[n - 1] = s(&fresh);
    all[3] = "2";
    code(&run(&all), 0);
    assert_eq!(
        fs::read(out.join("sweep.csv")).unwrap(),
        fs::read(fresh.join("sweep.csv")).unwrap(),
        "the resumed sweep.csv is byte-identical to an uninterrupted run's"
    );
}

// --set ------------------------------------------------------------------------

#[test]
fn set_overrides_a_key_like_the_file_and_is_recorded_in_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let small = fixture("small");
    let by_flag = dir.path().join("flag");
    let f = run(&[
        "solve",
        s(&small),
        "--set",
        "workload.call_growth=1.2",
        "--set",
        "stations.min_officers=3",
        "--charts",
        "none",
        "--out",
        s(&by_flag),
    ]);
    code(&f, 0);

    // The same values written in a file give the same plan.
    let in_file = copy_of_small(
        dir.path(),
        "in-file.toml",
        &[
            ("call_growth = 1.0", "call_growth = 1.2"),
            ("min_officers = 2", "min_officers = 3"),
        ],
    );
    let by_file = dir.path().join("file");
    code(
        &run(&[
            "solve",
            s(&in_file),
            "--charts",
            "none",
            "--out",
            s(&by_file),
        ]),
        0,
    );
    assert_eq!(
        fs::read(by_flag.join("allocation.csv")).unwrap(),
        fs::read(by_file.join("allocation.csv")).unwrap()
    );

    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(by_flag.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["provenance"]["overrides"],
        serde_json::json!([
            {"key": "workload.call_growth", "value": 1.2},
            {"key": "stations.min_officers", "value": 3},
        ])
    );
    let plain: serde_json::Value =
        serde_json::from_slice(&fs::read(by_file.join("summary.json")).unwrap()).unwrap();
    assert!(
        plain["provenance"].get("overrides").is_none(),
        "no overrides, no key"
    );
}

#[test]
fn set_refuses_what_a_file_would_refuse_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let small = fixture("small");
    let out = dir.path().join("plan");
    let refused = |set: &str, needles: &[&str]| {
        for cmd in ["solve", "check"] {
            let mut args = vec![cmd, s(&small), "--set", set];
            if cmd == "solve" {
                args.extend(["--out", s(&out)]);
            }
            let f = run(&args);
            code(&f, 2);
            for n in needles {
                assert!(
                    f.stderr.contains(n),
                    "{cmd} --set {set}: no `{n}` in {}",
                    f.stderr
                );
            }
            assert!(!out.exists(), "nothing written");
        }
    };
    refused(
        "workload.call_grwth=1.2",
        &["did you mean `workload.call_growth`"],
    );
    refused(
        "workload.residents_per_community_officer.urbn=4000",
        &["did you mean `urban`"],
    );
    refused(
        "stations.min_officers=2.5",
        &["`stations.min_officers` = 2.5", "whole number"],
    );
    refused(
        "quotas.community_scope=stations",
        &["did you mean `station`"],
    );
    refused("sweep=1", &["[sweep]"]);
    refused("extend=base.toml", &["`extend` cannot be set"]);

    // A value out of range: the same message as for the file.
    let in_file = copy_of_small(
        dir.path(),
        "bad.toml",
        &[("station_share = 0.4", "station_share = 1.4")],
    );
    let from_file = run(&["check", s(&in_file)]);
    code(&from_file, 2);
    let message = "`quotas.station_share` = 1.4 is not valid: a share must lie in [0, 1]";
    assert!(from_file.stderr.contains(message), "{}", from_file.stderr);
    refused(
        "quotas.station_share=1.4",
        &[
            message,
            "the value comes from --set quotas.station_share=1.4",
        ],
    );

    // A malformed argument is a usage error.
    let f = run(&["check", s(&small), "--set", "workload.call_growth"]);
    code(&f, 2);
    assert!(f.stderr.contains("KEY=VALUE"), "{}", f.stderr);
}

#[test]
fn sweep_takes_set_but_not_for_a_key_it_varies() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = extending(
        dir.path(),
        "small",
        "set-sweep",
        "[sweep]\n\"workload.call_growth\" = [1.0, 1.2]\n",
    );
    let out = dir.path().join("out");
    let f = run(&[
        "sweep",
        s(&scenario),
        "--set",
        "workload.call_growth=1.1",
        "--out",
        s(&out),
    ]);
    code(&f, 2);
    assert!(
        f.stderr.contains("the sweep varies `workload.call_growth`"),
        "{}",
        f.stderr
    );
    assert!(!out.exists());

    // Another key applies to every point: the same rows as the file saying so.
    let set = dir.path().join("set");
    code(
        &run(&[
            "sweep",
            s(&scenario),
            "--set",
            "stations.min_officers=3",
            "--out",
            s(&set),
            "-q",
        ]),
        0,
    );
    let written = extending(
        dir.path(),
        "small",
        "set-sweep",
        "[stations]\nmin_officers = 3\n[sweep]\n\"workload.call_growth\" = [1.0, 1.2]\n",
    );
    let file = dir.path().join("file");
    code(&run(&["sweep", s(&written), "--out", s(&file), "-q"]), 0);
    assert_eq!(
        fs::read(set.join("sweep.csv")).unwrap(),
        fs::read(file.join("sweep.csv")).unwrap()
    );
}

// solve on a sweep scenario ------------------------------------------------------

#[test]
fn solve_on_a_sweep_scenario_solves_the_base_point_and_says_how_to_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = extending(
        dir.path(),
        "small",
        "with-sweep",
        "[sweep]\n\"workload.call_growth\" = [1.0, 1.1, 1.2]\n",
    );
    let out = dir.path().join("plan");
    let f = run(&[
        "solve",
        s(&scenario),
        "--json",
        "--charts",
        "none",
        "--out",
        s(&out),
    ]);
    code(&f, 0);
    assert!(
        f.stderr.contains("has a [sweep] table of 3 points"),
        "{}",
        f.stderr
    );
    assert!(f.stderr.contains("base point only"), "{}", f.stderr);
    assert!(
        f.stderr
            .contains(&format!("staffing sweep {}", s(&scenario))),
        "{}",
        f.stderr
    );
    // The base point is the file without the sweep.
    let json: serde_json::Value = serde_json::from_str(&f.stdout).unwrap();
    let base = run(&[
        "solve",
        s(&fixture("small")),
        "--json",
        "--charts",
        "none",
        "--out",
        s(&dir.path().join("base")),
    ]);
    let base: serde_json::Value = serde_json::from_str(&base.stdout).unwrap();
    assert_eq!(json["balance_level"], base["balance_level"]);

    let sample = extending(
        dir.path(),
        "county",
        "with-sample",
        "[sample]\nseed = 1\ncount = 50\n\"workload.call_growth\" = \"uniform(1.0, 1.2)\"\n",
    );
    let f = run(&[
        "solve",
        s(&sample),
        "--charts",
        "none",
        "--out",
        s(&dir.path().join("s")),
    ]);
    code(&f, 0);
    assert!(
        f.stderr.contains("含有 `[sample]`（50 个点）"),
        "{}",
        f.stderr
    );
    assert!(f.stderr.contains("只求解了基准点"), "{}", f.stderr);

    let q = run(&[
        "solve",
        s(&sample),
        "--charts",
        "none",
        "--out",
        s(&dir.path().join("s")),
        "-q",
    ]);
    code(&q, 0);
    assert_eq!(q.stderr, "", "--quiet drops the note");
}

// Chinese on the terminal --------------------------------------------------------

#[test]
fn terminal_messages_follow_the_data_and_lang() {
    let dir = tempfile::tempdir().unwrap();
    let county = fixture("county");
    let out = dir.path().join("plan");
    let zh = run(&["solve", s(&county), "--charts", "none", "--out", s(&out)]);
    code(&zh, 0);
    for part in ["情景 county：最优", "均衡水平", "调动民警", "已写入"] {
        assert!(zh.stdout.contains(part), "no {part} in {}", zh.stdout);
    }
    let en = run(&[
        "solve",
        s(&county),
        "--charts",
        "none",
        "--out",
        s(&out),
        "--lang",
        "en",
    ]);
    code(&en, 0);
    assert!(
        en.stdout.starts_with("scenario county: optimal\n"),
        "{}",
        en.stdout
    );
    assert!(!en.stdout.contains("均衡水平"));

    let check = run(&["check", s(&county)]);
    code(&check, 0);
    assert!(
        check
            .stdout
            .contains("county：数据有效：1 个县局，18 个派出所"),
        "{}",
        check.stdout
    );
    let small = run(&["check", s(&fixture("small")), "--lang", "zh"]);
    code(&small, 0);
    assert!(small.stdout.contains("数据有效"), "{}", small.stdout);

    // A sweep of English data, in Chinese: the summary and the report.
    let scenario = extending(
        dir.path(),
        "small",
        "zh-sweep",
        "[sweep]\n\"workload.call_growth\" = [1.0, 1.1]\n",
    );
    let sweep_out = dir.path().join("sweep");
    let f = run(&[
        "sweep",
        s(&scenario),
        "--lang",
        "zh",
        "--out",
        s(&sweep_out),
    ]);
    code(&f, 0);
    assert!(
        f.stdout
            .contains("扫描 zh-sweep：共 2 个点；本次求解 2 个，此前已完成 0 个；最优 2 个"),
        "{}",
        f.stdout
    );
    let report = fs::read_to_string(sweep_out.join("report.html")).unwrap();
    assert!(
        report.contains("<html lang=\"zh"),
        "the report follows --lang"
    );
    let f = run(&["sweep", s(&scenario), "--out", s(&sweep_out)]);
    code(&f, 0);
    assert!(
        f.stdout.starts_with("sweep zh-sweep: 2 points;"),
        "{}",
        f.stdout
    );
}

// The README and the exit codes ----------------------------------------------------

/// The README starts with how to get the command, and its examples name only
/// files a clone has (no temporary or shared-data paths).
#[test]
fn the_readme_starts_with_getting_the_command_and_names_only_files_of_the_clone() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let install = readme
        .find("cargo install --locked --path .")
        .expect("how to install, with the pinned Cargo.lock");
    let no_install = readme
        .find("cargo run --release --")
        .expect("how to run uninstalled");
    let first_use = readme
        .find("## Worked example")
        .expect("the worked example");
    assert!(install < first_use && no_install < first_use);
    for bad in ["../shared", "/tmp/"] {
        assert!(!readme.contains(bad), "the README names {bad}");
    }
    let mut named = 0;
    for word in readme.split(|c: char| c.is_whitespace() || "`()[]\"',;".contains(c)) {
        let shipped = word.starts_with("scenarios/") || word.starts_with("tests/fixtures/");
        let file = word.ends_with(".toml") || word.ends_with(".csv");
        if shipped && file && !word.contains(['*', '{']) {
            assert!(
                root().join(word).exists(),
                "the README names {word}, which a clone lacks"
            );
            named += 1;
        }
    }
    assert!(named >= 5, "{named} files named");
}

/// Every exit code is in `--help`, the README and docs/io.md.
#[test]
fn every_exit_code_is_documented_where_a_user_looks() {
    let help = run(&["--help"]).stdout;
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let io = fs::read_to_string(root().join("docs/io.md")).unwrap();
    for (code, _) in staffing::error::exit::CODES {
        assert!(help.contains(&format!(" {code} ")), "--help lacks {code}");
        assert!(
            readme.contains(&format!("| {code} |")),
            "README lacks {code}"
        );
        assert!(
            io.contains(&format!("| {code} |")),
            "docs/io.md lacks {code}"
        );
    }
}
