//! A what-if never overwrites the base plan in silence: `solve --set …`
//! without `--out` writes a folder named after its overrides, and the
//! report and the terminal name every override.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::support::{run_with_timeout, staffing};

/// Every file of a folder (the marker included) and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn solve_with_set_and_no_out_leaves_the_baseline_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let scenario = std::fs::canonicalize("scenarios/baseline.toml").unwrap();
    let solve = |extra: &[&str]| {
        let mut cmd = staffing();
        cmd.current_dir(tmp.path())
            .arg("solve")
            .arg(&scenario)
            .args(["--charts", "none"])
            .args(extra);
        let done = run_with_timeout(cmd, Duration::from_secs(180)).unwrap();
        assert_eq!(done.code, Some(0), "{}", done.stderr);
        done
    };
    solve(&[]);
    let base = tmp.path().join("output/baseline");
    let before = snapshot(&base);
    assert!(before.contains_key("plan.xlsx") && before.contains_key(".staffing-output"));

    let done = solve(&[
        "--set",
        "workload.call_growth=1.3",
        "--set",
        "quotas.station_share=0.45",
    ]);
    assert_eq!(snapshot(&base), before, "output/baseline/ changed");
    let what_if = tmp
        .path()
        .join("output/baseline+workload.call_growth=1.3+quotas.station_share=0.45");
    assert!(what_if.join("plan.xlsx").is_file(), "{}", done.stdout);
    // The terminal names the folder and every override.
    assert!(
        done.stdout
            .contains("baseline+workload.call_growth=1.3+quotas.station_share=0.45/"),
        "{}",
        done.stdout
    );
    assert!(
        done.stdout
            .contains("workload.call_growth = 1.3、quotas.station_share = 0.45"),
        "{}",
        done.stdout
    );
    // The report's title and lead line name them too.
    let html = std::fs::read_to_string(what_if.join("report.html")).unwrap();
    let title = html
        .split("<h1>")
        .nth(1)
        .and_then(|t| t.split("</h1>").next())
        .unwrap();
    assert!(
        title.contains("假设：workload.call_growth = 1.3、quotas.station_share = 0.45"),
        "{title}"
    );
    let lead = html
        .split("<p class=\"lead\">")
        .nth(1)
        .and_then(|t| t.split("</p>").next())
        .unwrap();
    assert!(
        lead.contains("命令行设置 workload.call_growth = 1.3"),
        "{lead}"
    );
    // The same command goes to the same folder again (deterministic), and
    // replaces only its own earlier run.
    solve(&[
        "--set",
        "workload.call_growth=1.3",
        "--set",
        "quotas.station_share=0.45",
    ]);
    assert_eq!(snapshot(&base), before);
}

#[test]
fn what_if_folder_names_are_safe_and_distinct() {
    use staffing::outcome::Override;
    use staffing::pipeline::run_name;
    let o = |k: &str, v: toml::Value| Override {
        key: k.into(),
        value: v,
    };
    assert_eq!(run_name("baseline", &[]), "baseline");
    assert_eq!(
        run_name(
            "baseline",
            &[o(
                "stations.kinds",
                toml::Value::Array(vec!["a/b".into(), "c d".into()])
            )]
        ),
        "baseline+stations.kinds=a_b,c_d"
    );
    let long = |v: &str| {
        run_name(
            "baseline",
            &[
                o("workload.residents_per_community_officer.urban", v.into()),
                o("workload.residents_per_community_officer.rural", v.into()),
            ],
        )
    };
    let (a, b) = (long("1234567890123"), long("1234567890124"));
    assert_ne!(a, b);
    assert!(a.chars().count() <= 89, "{a}");
}
