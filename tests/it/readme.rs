//! The README is a front door: short, and every command in it runs as
//! shown in a clone. The commands of its `sh` blocks are extracted and run
//! (those marked `# slow` only with STAFFING_README_SLOW=1), each under a
//! time limit, in a folder holding copies of the shipped scenarios and test
//! fixtures; the worked example's printed lines are checked against the
//! solve's own output.

use std::path::Path;
use std::time::Duration;

use crate::support::{run_with_timeout, staffing};

/// The lines of the README's fenced blocks of one language tag.
fn blocks(readme: &str, tag: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_end()) {
            (None, l) if l == format!("```{tag}") => current = Some(Vec::new()),
            (Some(_), "```") => out.push(current.take().unwrap()),
            (Some(b), l) => b.push(l.to_string()),
            _ => {}
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn the_readme_is_short_and_installs_with_the_lock_file() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let chars = readme.chars().count();
    assert!(chars <= 12_000, "README.md has {chars} characters");
    let sh: Vec<String> = blocks(&readme, "sh").concat();
    assert!(sh
        .iter()
        .any(|l| l.starts_with("cargo install --locked --path .")));
    assert!(sh.iter().any(|l| l.starts_with("cargo test --locked")));
    // Every cargo line is one of those two: the rest are staffing's.
    for l in &sh {
        assert!(
            l.starts_with("staffing ")
                || l.starts_with("cargo install --locked --path .")
                || l.starts_with("cargo test --locked"),
            "an unexpected command in README.md: {l}"
        );
    }
    // .ci/run calls the README's test command.
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    assert!(ci
        .lines()
        .any(|l| l.trim().ends_with("cargo test --locked")));
}

#[test]
fn every_readme_command_runs_as_shown() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let slow_too = std::env::var_os("STAFFING_README_SLOW").is_some();
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(Path::new("scenarios"), &tmp.path().join("scenarios"));
    copy_dir(
        Path::new("tests/fixtures"),
        &tmp.path().join("tests/fixtures"),
    );
    let mut ran = 0;
    for line in blocks(&readme, "sh").concat() {
        let Some(rest) = line.strip_prefix("staffing ") else {
            continue;
        };
        let (command, comment) = rest.split_once('#').unwrap_or((rest, ""));
        if comment.trim_start().starts_with("slow") && !slow_too {
            continue;
        }
        let args: Vec<&str> = command.split_whitespace().collect();
        let mut cmd = staffing();
        cmd.current_dir(tmp.path()).args(&args);
        let done = run_with_timeout(cmd, Duration::from_secs(300))
            .unwrap_or_else(|e| panic!("staffing {command}: {e}"));
        assert_eq!(
            done.code,
            Some(0),
            "staffing {command}:\n{}{}",
            done.stdout,
            done.stderr
        );
        // A folder the comment promises is there.
        if let Some(folder) = comment.trim().strip_prefix("→ ") {
            assert!(tmp.path().join(folder).is_dir(), "{folder}");
        }
        ran += 1;
    }
    assert!(ran >= 10, "only {ran} commands ran");
    // The JSON line is JSON.
    assert!(tmp.path().join("output/small/summary.json").is_file());

    // The worked example prints what the README shows, line for line.
    let example = blocks(&readme, "text")
        .into_iter()
        .find(|b| b.first().is_some_and(|l| l == "$ staffing solve"))
        .expect("the worked example");
    let mut cmd = staffing();
    cmd.current_dir(tmp.path())
        .args(["solve", "--charts", "none"]);
    let done = run_with_timeout(cmd, Duration::from_secs(300)).unwrap();
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    let printed: Vec<&str> = done.stdout.lines().collect();
    assert_eq!(printed.len(), example.len() - 1, "{}", done.stdout);
    for (shown, got) in example[1..].iter().zip(&printed) {
        assert_eq!(shown, got);
    }
    assert!(done.stderr.is_empty(), "the example warns: {}", done.stderr);
}
