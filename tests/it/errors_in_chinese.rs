//! Errors in the data's language (issue 24): on the shipped Chinese data, a
//! scenario key out of its range, an unknown key, a bad `--set`, a bad row
//! and a county no plan can staff each print an error without an English
//! word (ids, units, file and key names excepted, as `in_chinese` scans),
//! with the exit code the manual gives; `--lang en` prints the English.

use std::path::Path;
use std::time::Duration;

use crate::in_chinese::english_words;
use crate::support::{run_in, Finished};

const LIMIT: Duration = Duration::from_secs(300);

/// The shipped baseline scenario and its data, copied into a fresh folder
/// with `edit` applied to the scenario's text and `rows` to the stations'.
fn shipped(edit: impl Fn(&str) -> String, rows: impl Fn(&str) -> String) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data/gansu");
    std::fs::create_dir_all(&data).unwrap();
    for name in ["stations.csv", "counties.csv"] {
        let text = std::fs::read_to_string(root.join("data/gansu").join(name)).unwrap();
        let text = if name == "stations.csv" {
            rows(&text)
        } else {
            text
        };
        std::fs::write(data.join(name), text).unwrap();
    }
    let text = std::fs::read_to_string(root.join("baseline.toml")).unwrap();
    let edited = edit(&text);
    std::fs::write(dir.path().join("baseline.toml"), edited).unwrap();
    dir
}

fn same(text: &str) -> String {
    text.to_string()
}

/// Runs `args` in Chinese (the data's language) and in English: the Chinese
/// error holds every one of `zh` and no English word, the English one every
/// one of `en`; both end with `code`.
fn refused(dir: &Path, args: &[&str], code: i32, zh: &[&str], en: &[&str]) {
    let check = |out: &Finished, needles: &[&str]| {
        assert_eq!(out.code, Some(code), "{}{}", out.stdout, out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        for n in needles {
            assert!(out.stderr.contains(n), "`{n}` not in:\n{}", out.stderr);
        }
    };
    let out = run_in(dir, args, LIMIT);
    check(&out, zh);
    assert!(out.stderr.starts_with("错误："), "{}", out.stderr);
    // The lines of a scenario file shown under a parse error (`13 | …`)
    // quote the user's file as written, as backticks quote a value.
    let ours: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| {
            let gutter = l.split('|').next().unwrap_or("");
            !(l.contains('|') && gutter.trim().chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    let words = english_words(&ours.join("\n"));
    assert!(
        words.is_empty(),
        "English in Chinese: {words:?}\n{}",
        out.stderr
    );
    let mut english = args.to_vec();
    english.extend(["--lang", "en"]);
    let out = run_in(dir, &english, LIMIT);
    check(&out, en);
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
}

#[test]
fn a_key_out_of_its_range_is_refused_in_chinese() {
    let dir = shipped(
        |t| t.replace("station_share = 0.4 ", "station_share = 40 "),
        same,
    );
    refused(
        dir.path(),
        &["check", "baseline.toml"],
        2,
        &["`quotas.station_share` = `40` 无效：比例应在 0 到 1 之间：40% 请写作 0.4"],
        &["`quotas.station_share` = 40 is not valid: a share must lie in [0, 1]: for 40% write 0.4"],
    );
}

#[test]
fn an_unknown_key_is_refused_in_chinese_with_the_key_it_is_near() {
    let dir = shipped(
        |t| t.replace("reactive_share = 0.5", "reactiv_share = 0.5"),
        same,
    );
    refused(
        dir.path(),
        &["check", "baseline.toml"],
        2,
        &[
            "`reactiv_share` 不是此处可用的参数",
            "是否想写 `reactive_share`？",
        ],
        &[
            "unknown field `reactiv_share`",
            "did you mean `reactive_share`?",
        ],
    );
}

#[test]
fn a_value_of_the_wrong_type_is_refused_in_chinese() {
    let dir = shipped(
        |t| t.replace("station_share = 0.4 ", "station_share = \"0.4\" "),
        same,
    );
    refused(
        dir.path(),
        &["check", "baseline.toml"],
        2,
        &["类型不对：应为数字（不加引号），这里写的是文本 `\"0.4\"`"],
        &["invalid type: string \"0.4\", expected f64"],
    );
}

#[test]
fn a_bad_set_is_refused_in_chinese() {
    let dir = shipped(same, same);
    refused(
        dir.path(),
        &[
            "check",
            "baseline.toml",
            "--set",
            "quotas.station_share=abc",
        ],
        2,
        &["--set `quotas.station_share=abc`", "请填写数字，例如 0.4"],
        &["give a number, for example 0.4"],
    );
    refused(
        dir.path(),
        &[
            "check",
            "baseline.toml",
            "--set",
            "quotas.station_share=40%",
        ],
        2,
        &["请写 0.4"],
        &["write 0.4"],
    );
    refused(
        dir.path(),
        &["check", "baseline.toml", "--set", "quotas.station_shar=0.4"],
        2,
        &[
            "`quotas.station_shar` 不是情景参数",
            "`quotas.station_share`",
        ],
        &["is not a scenario key; did you mean `quotas.station_share`?"],
    );
    refused(
        dir.path(),
        &[
            "check",
            "baseline.toml",
            "--set",
            "workload.officer_hours_per_year=0",
        ],
        2,
        &["应在 1 到 8760 之间（民警年工作时间）", "该值来自 --set"],
        &["it must lie between 1 and 8760 (hours a year) (the value comes from --set"],
    );
}

#[test]
fn a_bad_row_is_refused_in_chinese() {
    // The third row loses its last field.
    let cut = |text: &str| {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let last = lines[2].rfind(',').unwrap();
        lines[2].truncate(last);
        lines.join("\n") + "\n"
    };
    let dir = shipped(same, cut);
    refused(
        dir.path(),
        &["check", "baseline.toml"],
        2,
        &[
            "第 3 行",
            "有 17 个字段，但表头有 18 个：请检查是否多了或少了逗号",
        ],
        &["row 3: has 17 fields but the header has 18; check for a stray or missing comma"],
    );
}

#[test]
fn a_county_no_plan_can_staff_is_explained_in_chinese() {
    let dir = shipped(same, same);
    // Exit 1: the input is valid and admits no plan (`staffing --help`).
    refused(
        dir.path(),
        &[
            "solve",
            "baseline.toml",
            "--set",
            "quotas.station_share=0.99",
            "--charts",
            "none",
            "--out",
            "plan",
        ],
        1,
        &[
            "没有方案能满足全部规定",
            "县局 C001 (城关县公安局)：派出所警力占比不低于 99% 的规定要求派出所民警至少 313 人",
            "将机关最低警力由 139 人降至 3 人，或给该县局增加警力 13584 人，即可解决",
        ],
        &["county C001 (城关县公安局): the 99% station-share rule needs at least 313 station officers"],
    );
    assert!(!dir.path().join("plan").exists(), "nothing is written");
}

#[test]
fn a_lever_that_gives_no_plan_is_refused_in_chinese() {
    let dir = shipped(same, same);
    let solve = |set: &'static [&'static str]| {
        let mut args = vec![
            "solve",
            "baseline.toml",
            "--charts",
            "none",
            "--out",
            "plan",
        ];
        for s in set {
            args.extend(["--set", s]);
        }
        args
    };
    // Too few recruits: valid input that admits no plan (exit 1).
    refused(
        dir.path(),
        &solve(&["recruits.total=1", "quotas.station_share=0.9"]),
        1,
        &[
            "新招民警 1 人不够：即使均衡水平 0 也需要新警 122618 人（县局 C001 需要 1074 人、县局 C002 需要 1330 人",
        ],
        &["1 recruit is too few: even balance level 0 needs 122618 new officers (C001 needs 1074, C002 needs 1330"],
    );
    // A force change leaving a county a negative force: a bad value (exit 2).
    refused(
        dir.path(),
        &solve(&["force.add=-100000"]),
        2,
        &["县局 C001：警力调整（缩放倍数 1，每县增减 -100000 人）使 316 人的警力变为 -99684 人；警力不能为负数"],
        &["county C001: the force change (scale 1, add -100000) leaves -99684 officers of 316; a force cannot be negative"],
    );
    assert!(!dir.path().join("plan").exists(), "nothing is written");
}

#[test]
fn a_rule_joining_keys_is_refused_in_chinese() {
    let check = |edit: &dyn Fn(&str) -> String, zh: &[&str], en: &[&str]| {
        let dir = shipped(edit, same);
        refused(dir.path(), &["check", "baseline.toml"], 2, zh, en);
    };
    check(
        &|t| t.replace("reactive_share = 0.5", "reactive_share = 0"),
        &["`workload.reactive_share` = `0` 无效：民警必须留出处警时间（比例应大于 0）"],
        &["`workload.reactive_share` = 0 is not valid: officers must keep some time for calls (a share above 0)"],
    );
    check(
        &|t| {
            t.replace(
                "per_village = 1.0",
                "per_village = 1.0\nbudget_scope = \"county\"\ntotal = 5000",
            )
        },
        &["`auxiliaries.total` = `5000` 无效：全省辅警总数只在"],
        &["`auxiliaries.total` = 5000 is not valid: a provincial total applies only with"],
    );
    check(
        &|t| format!("{t}\n[force]\nscale = 500\n"),
        &[
            "`force.scale` = `500` 无效：应在",
            "（0.97 表示各县局保留 97% 的警力）",
        ],
        &[
            "`force.scale` = 500 is not valid: it must lie between",
            " (0.97 keeps 97% of every county's force)",
        ],
    );
    check(
        &|t| format!("{t}\n[workload.service]\nminutes_per_call = 45\ntarget_wait_probability = 0.2\nstandby_weight = 0.5\n"),
        &["`workload.service.standby_weight` = `0.5` 无效：没有 `workload.service.standby_hours`（备勤时段）时此项不起作用"],
        &["it has no effect without `workload.service.standby_hours`"],
    );
    check(
        &|t| format!("{t}\n[workload.service]\nminutes_per_call = 45\ntarget_wait_probability = 0.2\nhourly_profile = [0.5, 0.5]\n"),
        &["`workload.service.hourly_profile` = `[0.5, 0.5]` 无效：应有 24 个比例，0 到 23 时每小时一个；这里有 2 个"],
        &["it must have 24 shares, one for each hour 0 to 23; it has 2"],
    );
}
