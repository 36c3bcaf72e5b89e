//! A roadmap year that no plan can staff: the reason is printed in the
//! data's language (no English word on Chinese data), in English with
//! `--lang en` as before, and the files for scripts (`roadmap.csv`'s
//! message cell, `summary.json`) keep the English.

use std::time::Duration;

use crate::in_chinese::english_words;
use crate::support::{run_with_timeout, staffing};

/// The shipped Chinese roadmap with no recruits after the first year and
/// more leavers: 2026 is too short of recruits for balance level 0.
fn run(lang: &str, out: &std::path::Path) -> crate::support::Finished {
    let mut cmd = staffing();
    cmd.args([
        "roadmap",
        "scenarios/roadmap.toml",
        "--charts",
        "none",
        "--lang",
        lang,
        "--set",
        "roadmap.leaving_rate=0.05",
        "--set",
        "roadmap.recruits=[900,0,0,0,0]",
        "--out",
    ])
    .arg(out);
    run_with_timeout(cmd, Duration::from_secs(300)).expect("roadmap finishes")
}

/// The digit runs of a text, in order: the values a reason carries.
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn a_year_without_a_plan_is_explained_in_the_data_s_language() {
    let tmp = tempfile::tempdir().unwrap();
    let zh = run("zh", &tmp.path().join("zh"));
    let en = run("en", &tmp.path().join("en"));
    assert_eq!(zh.code, Some(1), "{}", zh.stderr);
    assert_eq!(en.code, Some(1), "{}", en.stderr);

    let zh_line = zh
        .stderr
        .lines()
        .find(|l| l.starts_with("错误："))
        .unwrap_or_else(|| panic!("no error line:\n{}", zh.stderr));
    assert!(
        zh_line.contains("2026 年没有方案能满足全部规定：即使均衡水平 0 也需要"),
        "{zh_line}"
    );
    assert_eq!(english_words(zh_line), vec![], "{zh_line}");

    let en_line = en
        .stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line:\n{}", en.stderr));
    let prefix = "error: roadmap roadmap: 2026: no plan meets every rule: ";
    assert!(en_line.starts_with(prefix), "{en_line}");
    let reason = &en_line[prefix.len()..];
    assert!(
        reason.starts_with("even balance level 0 needs ") && reason.contains(" needs "),
        "{reason}"
    );
    // The same values in both languages: the recruits needed, the year's
    // recruits and every county short, by how much.
    assert_eq!(
        numbers(zh_line.split_once("规定：").unwrap().1),
        numbers(reason)
    );

    // The files for scripts carry the English reason, whatever the language.
    for dir in ["zh", "en"] {
        let dir = tmp.path().join(dir);
        let csv = std::fs::read_to_string(dir.join("roadmap.csv")).unwrap();
        let row = csv.lines().find(|l| l.starts_with("2026,")).unwrap();
        assert!(row.contains(reason), "{row}");
        let summary = std::fs::read_to_string(dir.join("summary.json")).unwrap();
        assert!(summary.contains(reason), "{summary}");
    }
}
