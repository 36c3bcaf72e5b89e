//! Chinese (and spelling) aliases of the data contract's column names.
//!
//! A header cell is matched after [`normalise_header`]: surrounding spaces,
//! a BOM or zero-width characters are dropped, full-width brackets become
//! ASCII ones, and ASCII letters are lower-cased. The canonical English name
//! always works. The tables here are the documented list (see `docs/io.md`);
//! aliases depend on the table, since `名称` is a station's name in the
//! stations table and a county's name in the counties table.

/// Aliases of the columns of the stations table: (canonical, aliases).
pub const STATION_ALIASES: &[(&str, &[&str])] = &[
    (
        "station_id",
        &["派出所编号", "派出所代码", "派出所id", "所编号", "编号"],
    ),
    (
        "county_id",
        &[
            "县局编号",
            "所属县局编号",
            "县局代码",
            "所属县局代码",
            "县区编号",
            "county",
        ],
    ),
    ("name", &["派出所名称", "名称", "派出所", "所名"]),
    ("kind", &["类型", "派出所类型", "类别", "type"]),
    ("population", &["人口", "辖区人口", "服务人口", "常住人口"]),
    (
        "villages",
        &[
            "行政村数",
            "行政村(社区)数",
            "村(社区)数",
            "村社区数",
            "村数",
        ],
    ),
    (
        "area_km2",
        &[
            "面积",
            "辖区面积",
            "面积(平方公里)",
            "面积(km2)",
            "面积km2",
            "area",
        ],
    ),
    ("calls", &["警情数", "年警情数", "110警情数", "接警数"]),
    ("officers", &["民警数", "民警", "现有民警数"]),
    (
        "community_officers",
        &["社区民警数", "社区民警", "现有社区民警数"],
    ),
    ("auxiliaries", &["辅警数", "辅警", "现有辅警数"]),
    ("min_officers", &["最低警力", "最低民警数", "最少民警数"]),
    (
        "nominal",
        &[
            "挂名民警数",
            "挂名民警",
            "挂名",
            "兼职民警数",
            "兼职民警",
            "兼职",
        ],
    ),
    (
        "seconded",
        &[
            "借调民警数",
            "借调民警",
            "借调",
            "抽调民警数",
            "抽调民警",
            "抽调",
            "借调抽调民警数",
            "借调/抽调",
        ],
    ),
    (
        "restricted",
        &[
            "不能值班备勤民警数",
            "不能值班备勤",
            "因年龄或健康不能值班备勤",
            "不能值班民警数",
            "不能参与值班备勤",
            "年老体弱民警数",
        ],
    ),
];

/// Aliases of the columns of the counties table: (canonical, aliases).
pub const COUNTY_ALIASES: &[(&str, &[&str])] = &[
    ("county_id", &["县局编号", "县局代码", "县区编号", "编号"]),
    ("name", &["县局名称", "名称", "县局", "县区"]),
    ("officers_total", &["总警力", "警力总数", "民警总数"]),
    (
        "hq_min",
        &["机关最低警力", "机关最低民警数", "机关最少民警数"],
    ),
];

/// Sheet names looked for when a scenario names a workbook without `#sheet`.
pub const STATION_SHEETS: &[&str] = &["stations", "派出所", "派出所表"];
/// Sheet names looked for in a workbook of counties.
pub const COUNTY_SHEETS: &[&str] = &["counties", "县局", "县局表"];

/// The form a header cell is compared in.
pub fn normalise_header(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '\u{3000}' => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The canonical column a header cell names, if any.
pub fn canonical<'a>(header: &str, aliases: &[(&'a str, &[&str])]) -> Option<&'a str> {
    let h = normalise_header(header);
    aliases.iter().find_map(|(canon, names)| {
        (h == *canon || names.iter().any(|n| normalise_header(n) == h)).then_some(*canon)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_names_map_to_the_contract() {
        assert_eq!(canonical("派出所编号", STATION_ALIASES), Some("station_id"));
        assert_eq!(
            canonical(" Population ", STATION_ALIASES),
            Some("population")
        );
        assert_eq!(
            canonical("行政村（社区）数", STATION_ALIASES),
            Some("villages")
        );
        assert_eq!(canonical("名称", COUNTY_ALIASES), Some("name"));
        assert_eq!(canonical("总警力", COUNTY_ALIASES), Some("officers_total"));
        assert_eq!(canonical("备注", STATION_ALIASES), None);
        assert_eq!(canonical("挂名民警数", STATION_ALIASES), Some("nominal"));
        assert_eq!(canonical("借调/抽调", STATION_ALIASES), Some("seconded"));
        assert_eq!(
            canonical("因年龄或健康不能值班备勤", STATION_ALIASES),
            Some("restricted")
        );
    }

    #[test]
    fn no_alias_names_two_columns() {
        for table in [STATION_ALIASES, COUNTY_ALIASES] {
            let mut seen = std::collections::HashSet::new();
            for (canon, names) in table {
                assert!(seen.insert(normalise_header(canon)), "{canon}");
                for n in *names {
                    assert!(seen.insert(normalise_header(n)), "{n}");
                }
            }
        }
    }
}
