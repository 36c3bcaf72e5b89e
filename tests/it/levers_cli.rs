//! The levers through the command line: example scenarios solve and write
//! the explanation files; a scenario whose levers contradict exits 1 with
//! the reason and the fix.

use assert_cmd::Command;

fn staffing() -> Command {
    Command::cargo_bin("staffing").unwrap()
}

#[test]
fn mergers_scenario_writes_the_comparison_and_explanations() {
    let dir = tempfile::tempdir().unwrap();
    staffing()
        .args(["solve", "scenarios/levers-mergers.toml", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    for f in [
        "transfers.csv",
        "compliance.csv",
        "binding.csv",
        "marginal.csv",
        "mergers.csv",
    ] {
        assert!(dir.path().join(f).exists(), "{f}");
    }
    let mergers = std::fs::read_to_string(dir.path().join("mergers.csv")).unwrap();
    assert!(mergers.contains("with mergers,1628,"), "{mergers}");
    assert!(mergers.contains("without mergers,1631,"), "{mergers}");
    assert!(mergers.contains("the mergers save 4 moves"), "{mergers}");
    let transfers = std::fs::read_to_string(dir.path().join("transfers.csv")).unwrap();
    assert!(transfers.contains("县局机关 (HQ)") && transfers.contains("派出所"));
}

#[test]
fn contradicting_levers_exit_1_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/scenarios/levers-all.toml"))
        .unwrap()
        .replace("data/", &format!("{root}/scenarios/data/"))
        .replace(
            "locked = [\"S00002\"]",
            "locked = [\"S00002\"]\nduty_posts = 1",
        );
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).unwrap();
    let out = staffing()
        .arg("solve")
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("out"))
        .args(["--lang", "en"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("station S00098 (临潭9派出所): the station is locked at its 2 officers but its 24-hour duty posts need 5 officers; unlock it or cut its 24-hour posts to 0"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists());
}
