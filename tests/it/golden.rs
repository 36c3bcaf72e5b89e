//! Golden outputs: every file `staffing solve` writes for the shipped
//! scenarios, pinned by SHA-256 in `tests/golden/hashes.txt`. A change to
//! any output byte of a shipped scenario fails here, naming the files.
//!
//! When a change is meant (a new column, a better chart), re-pin with
//! `STAFFING_BLESS=1 cargo test --test it golden` and say why in the commit.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::support::{run_with_timeout, staffing};

const PINS: &str = "tests/golden/hashes.txt";

/// The shipped scenarios and whether their charts are pinned too (charts are
/// slow in a debug build; two scenarios cover them).
fn shipped() -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.display().to_string())
        .collect();
    names.sort();
    for n in names {
        let text = std::fs::read_to_string(&n).unwrap();
        // `solve` refuses a [sample] scenario; it is a sweep's.
        if text.lines().any(|l| l.trim() == "[sample]") {
            continue;
        }
        out.push((n, false));
    }
    for f in ["county", "province", "small"] {
        out.push((format!("tests/fixtures/{f}/scenario.toml"), f != "province"));
    }
    out
}

fn hashes(dir: &Path, prefix: &str, into: &mut BTreeMap<String, String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(e.path()).unwrap();
        into.insert(
            format!("{prefix}/{name}"),
            format!("{:x}", Sha256::digest(&bytes)),
        );
    }
}

#[test]
fn shipped_scenarios_write_the_pinned_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut got = BTreeMap::new();
    for (scenario, charts) in shipped() {
        let key = scenario
            .replace('/', "_")
            .trim_end_matches(".toml")
            .to_string();
        let out = tmp.path().join(&key);
        let mut cmd = staffing();
        cmd.args(["solve", &scenario, "--out"]).arg(&out);
        if !charts {
            cmd.args(["--charts", "none"]);
        }
        let done = run_with_timeout(cmd, Duration::from_secs(120)).unwrap();
        assert_eq!(done.code, Some(0), "{scenario}: {}", done.stderr);
        hashes(&out, &key, &mut got);
    }
    let text: String = got.iter().map(|(k, v)| format!("{k} {v}\n")).collect();
    if std::env::var_os("STAFFING_BLESS").is_some() {
        std::fs::write(PINS, text).unwrap();
        return;
    }
    let pinned: BTreeMap<String, String> = std::fs::read_to_string(PINS)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let differ: Vec<&String> = got
        .keys()
        .chain(pinned.keys())
        .filter(|k| got.get(*k) != pinned.get(*k))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(
        differ.is_empty(),
        "these output files differ from {PINS} (re-pin with STAFFING_BLESS=1 if the change is meant): {differ:?}"
    );
}

/// `docs/scenario-keys.md` is the key registry as Markdown: a key added to
/// the registry (and so to the parser, which a unit test holds against it)
/// without the docs fails here. Re-write with `STAFFING_BLESS=1`.
#[test]
fn the_scenario_keys_doc_is_the_registry() {
    const DOC: &str = "docs/scenario-keys.md";
    const BEGIN: &str = "<!-- keys: begin (generated from src/scenario/keys.rs) -->\n";
    const END: &str = "<!-- keys: end -->\n";
    let text = std::fs::read_to_string(DOC).unwrap();
    let (head, rest) = text.split_once(BEGIN).expect("the begin marker");
    let (_, tail) = rest.split_once(END).expect("the end marker");
    let want = format!(
        "{head}{BEGIN}{}{END}{tail}",
        staffing::scenario::keys::markdown()
    );
    if std::env::var_os("STAFFING_BLESS").is_some() {
        std::fs::write(DOC, &want).unwrap();
        return;
    }
    assert!(
        text == want,
        "{DOC} differs from the key registry; re-write it with STAFFING_BLESS=1 cargo test --test it scenario_keys_doc"
    );
}
