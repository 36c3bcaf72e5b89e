//! The data's errors in both languages: English word for word as the
//! library writes it, Chinese without English words.

use super::*;
use crate::error::{ListOf, ListProblem};

#[test]
fn english_is_the_library_s_own_text() {
    let cell = || InputError::Cell {
        file: "data/stations.csv".into(),
        row: 3,
        column: "calls".into(),
        value: "八百".into(),
        problem: "is not a number: write it with digits, for example 1200 or 35.5".into(),
    };
    let e = cell();
    assert_eq!(input_error(&e, Lang::En), e.to_string());
    assert_eq!(
        input_error(&e, Lang::Zh),
        "data/stations.csv，第 3 行，`calls` 列：值 `八百` 不是数字：请用数字填写，例如 1200 或 35.5"
    );
    let many = InputError::Many {
        errors: vec![cell()],
        more: 2,
    };
    assert_eq!(input_error(&many, Lang::En), many.to_string());
}

/// Every rule no plan meets, once of each kind and shape.
fn reasons() -> Vec<Infeasibility> {
    let county = || "C001 (城关县公安局)".to_string();
    let share = |hq_min, available, force_increase| Infeasibility::StationShare {
        county: county(),
        share: 0.99,
        force: 316,
        needed: 313,
        hq_min,
        available,
        force_increase,
    };
    let station = |conflict| Infeasibility::Station {
        county: county(),
        station: "S00001 (安宁派出所)".into(),
        conflict,
    };
    vec![
        share(139, 177, Some(13584)),
        share(139, 177, None),
        share(139, 150, Some(1)),
        share(300, 10, Some(1)),
        Infeasibility::StationMinimums {
            county: county(),
            needed: 200,
            force: 316,
            hq_min: 139,
            available: 170,
        },
        Infeasibility::StationMinimums {
            county: county(),
            needed: 178,
            force: 316,
            hq_min: 139,
            available: 177,
        },
        station(StationConflict::Locked {
            today: 1,
            floor: StationFloor::Posts(10),
            fix: FloorFix::CutPosts(0.0),
        }),
        station(StationConflict::Restricted {
            restricted: 3,
            max_officers: 2,
        }),
        station(StationConflict::Capacity {
            floor: StationFloor::Minimum(5),
            max_officers: 4,
            raise_by: 1,
            fix: FloorFix::LowerMinimum(4),
        }),
        station(StationConflict::MoveCapGain {
            today: 2,
            floor: StationFloor::Minimum(5),
            cap: 1,
            raise_to: 3,
        }),
        station(StationConflict::MoveCapLose {
            today: 9,
            max_officers: 5,
            cap: 1,
            cap_to: 4,
            max_to: 8,
        }),
        station(StationConflict::Bounds { floor: 6, cap: 5 }),
        Infeasibility::StationCapacity {
            county: county(),
            needed: 200,
            capacity: 150,
            rule: CapacityRule::StationShare(0.4),
        },
        Infeasibility::StationCapacity {
            county: county(),
            needed: 1,
            capacity: 0,
            rule: CapacityRule::StationMinimums,
        },
        Infeasibility::MoveCap {
            county: county(),
            needed: 12,
            cap: 10,
        },
    ]
}

/// The problems of a file the parser cannot read, or whose `extend`
/// cannot be followed.
fn file_problems() -> Vec<KeyProblem> {
    vec![
        KeyProblem::Syntax {
            at: Some(crate::error::Excerpt {
                line: 22,
                column: 21,
                shown: "   |\n22 | station_share = 0.4 =\n   |                     ^".into(),
            }),
            detail: "unexpected key or value, expected newline, `#`".into(),
        },
        KeyProblem::Syntax {
            at: None,
            detail: "invalid table header\nduplicate key `quotas` in document root".into(),
        },
        KeyProblem::Syntax {
            at: None,
            detail: "unclosed array, expected `]`".into(),
        },
        KeyProblem::MissingField {
            field: "minutes_per_call".into(),
            table: Some("workload.service".into()),
            at: None,
            merged: vec!["a.toml".into(), "b.toml".into()],
        },
        KeyProblem::ExtendCycle {
            files: vec!["a.toml".into(), "b.toml".into(), "a.toml".into()],
        },
        KeyProblem::ExtendNotText { value: "3".into() },
        KeyProblem::Invalid {
            key: "stations.locked".into(),
            value: "[1,2]".into(),
            valid: Validity::List(ListProblem::Words {
                of: ListOf::StationIds,
                item: Some("1".into()),
            }),
        },
        KeyProblem::Invalid {
            key: "workload.service.pool_hours".into(),
            value: "22,x".into(),
            valid: Validity::List(ListProblem::NotAnHour { item: "x".into() }),
        },
    ]
}

/// Every key problem, once of each kind.
fn key_errors() -> Vec<InputError> {
    let file = std::path::Path::new("scenarios/情景.toml");
    let invalid = |valid| KeyProblem::Invalid {
        key: "quotas.station_share".into(),
        value: "4".into(),
        valid,
    };
    let problems = vec![
        invalid(Validity::Share),
        invalid(Validity::SharePercent {
            percent: "40".into(),
            share: "0.4".into(),
        }),
        invalid(Validity::Between {
            min: "1".into(),
            max: "8760".into(),
            unit: "hours a year".into(),
            label_zh: "民警年工作时间".into(),
        }),
        invalid(Validity::Count { max: 1_000_000_000 }),
        invalid(Validity::SignedCount { max: 5 }),
        invalid(Validity::NotNegative),
        invalid(Validity::AtMost { max: 7 }),
        invalid(Validity::Number {
            example: "0.4".into(),
        }),
        invalid(Validity::Percent {
            share: "0.4".into(),
        }),
        invalid(Validity::Whole),
        invalid(Validity::Bool),
        invalid(Validity::Choice {
            words: vec!["county".into(), "station".into()],
            near: Some("county".into()),
        }),
        invalid(Validity::NotEmpty),
        invalid(Validity::Name),
        KeyProblem::Unknown {
            key: "quotas.station_shar".into(),
            near: Some("quotas.station_share".into()),
        },
        KeyProblem::Unknown {
            key: "zzz".into(),
            near: None,
        },
        KeyProblem::UnknownField {
            field: "reactiv_share".into(),
            expected: vec!["a".into(), "reactive_share".into(), "c".into()],
            near: Some("reactive_share".into()),
            table: None,
            at: Some(crate::error::Excerpt {
                line: 3,
                column: 1,
                shown: "  |\n3 | reactiv_share = 1\n  | ^^^^".into(),
            }),
            merged: Vec::new(),
        },
        KeyProblem::UnknownField {
            field: "x".into(),
            expected: vec!["a".into(), "b".into()],
            near: None,
            table: Some("roadmap".into()),
            at: None,
            merged: vec!["a.toml".into(), "b.toml".into()],
        },
        KeyProblem::Mistyped {
            what: Mistyped::Type {
                found: "string \"0.4\"".into(),
                expected: "f64".into(),
            },
            table: None,
            at: Some(crate::error::Excerpt {
                line: 22,
                column: 17,
                shown: "   |\n22 | station_share = \"0.4\"\n   |                 ^^^^^".into(),
            }),
            merged: Vec::new(),
        },
        KeyProblem::Mistyped {
            what: Mistyped::Type {
                found: "floating point `2.5`".into(),
                expected: "i64".into(),
            },
            table: Some("stations".into()),
            at: None,
            merged: vec!["a.toml".into(), "b.toml".into()],
        },
        KeyProblem::Mistyped {
            what: Mistyped::Variant {
                variant: "countyy".into(),
                expected: vec!["county".into(), "station".into()],
            },
            table: None,
            at: None,
            merged: Vec::new(),
        },
        KeyProblem::Renamed {
            old: "roadmap.call_growth".into(),
            new: "roadmap.call_growth_rate".into(),
            why: ("年增长率", "a yearly rate"),
        },
        KeyProblem::NotInScenario {
            name: "urbn".into(),
            prefix: "workload.residents_per_community_officer".into(),
            have: vec!["rural".into(), "urban".into()],
            near: Some("urban".into()),
        },
        KeyProblem::Table {
            key: "sweep".into(),
            header: Some("[sweep]".into()),
        },
        KeyProblem::Table {
            key: "sweep".into(),
            header: None,
        },
        KeyProblem::Extend,
    ];
    let mut out: Vec<InputError> = problems
        .into_iter()
        .chain(file_problems())
        .map(|p| InputError::key(file, p))
        .collect();
    for reading in [true, false] {
        out.push(InputError::Key {
            file: file.into(),
            problem: Box::new(invalid(Validity::Share)),
            set: Some(Box::new(FromSet {
                key: "quotas.station_share".into(),
                value: "4".into(),
                reading,
            })),
        });
    }
    out
}

/// What a Chinese message may hold in ASCII letters: what is quoted in
/// backticks, key names, the `[strength]` table, `--set` and the
/// building's `max_officers`.
fn english_left(text: &str) -> Vec<String> {
    let plain: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    plain
        .split(|c: char| !(c.is_ascii_alphanumeric() || "_.-[]/".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !w.contains(['_', '.', '[', '/']) && !w.starts_with("--"))
        .filter(|w| !w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .filter(|w| !matches!(*w, "true" | "false" | "restricted" | "C001" | "S00001"))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_rules_no_plan_meets_read_in_english_as_the_library_words_them() {
    for r in reasons() {
        assert_eq!(infeasibility(&r, Lang::En), r.to_string());
    }
}

#[test]
fn the_rules_no_plan_meets_read_in_chinese_without_english_words() {
    for r in reasons() {
        let zh = infeasibility(&r, Lang::Zh);
        assert!(zh.starts_with("县局 C001"), "{zh}");
        assert_eq!(english_left(&zh), Vec::<String>::new(), "{zh}");
    }
}

/// Every typed problem of a row or a table.
fn data_errors() -> Vec<InputError> {
    let row = |problem| InputError::Data {
        file: "数据/stations.csv".into(),
        row: Some(7),
        problem,
    };
    let file = |problem| InputError::Data {
        file: "数据/stations.csv".into(),
        row: None,
        problem,
    };
    let mut out: Vec<InputError> = [None, Some(','), Some(';'), Some('\t')]
        .into_iter()
        .map(|delimiter| {
            row(DataProblem::FieldCount {
                found: 17,
                width: 18,
                delimiter,
            })
        })
        .collect();
    out.push(row(DataProblem::CountyWithoutStations {
        county: "C001".into(),
        stations: "数据/stations.csv".into(),
    }));
    out.extend([
        file(DataProblem::NoDataRows),
        file(DataProblem::WorkbookAsCsv),
        file(DataProblem::Utf16),
        row(DataProblem::Undecodable {
            bytes: "0xFF 0xFE".into(),
            offset: 178,
            after_bom: false,
        }),
        row(DataProblem::Undecodable {
            bytes: "0xFF".into(),
            offset: 3,
            after_bom: true,
        }),
        row(DataProblem::JoinedFiles { bom: true }),
        row(DataProblem::JoinedFiles { bom: false }),
    ]);
    out
}

#[test]
fn data_problems_read_in_english_as_the_library_words_them_and_in_chinese_without_english() {
    for e in data_errors() {
        assert_eq!(input_error(&e, Lang::En), e.to_string());
        let zh = input_error(&e, Lang::Zh);
        let left: Vec<String> = english_left(&zh)
            .into_iter()
            .filter(|w| !matches!(w.as_str(), "CSV" | "Excel" | "UTF-8" | "UTF-16"))
            .collect();
        assert_eq!(left, Vec::<String>::new(), "{zh}");
    }
}

#[test]
fn key_problems_read_in_english_as_the_library_words_them() {
    for e in key_errors() {
        assert_eq!(input_error(&e, Lang::En), e.to_string());
    }
}

#[test]
fn key_problems_read_in_chinese_without_english_words() {
    for e in key_errors() {
        let zh = input_error(&e, Lang::Zh);
        assert_eq!(english_left(&zh), Vec::<String>::new(), "{zh}");
    }
}
