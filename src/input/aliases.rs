//! Chinese (and spelling) aliases of the data contract's column names.
//!
//! A header cell is matched after [`normalise_header`]: surrounding spaces,
//! a BOM or zero-width characters are dropped, full-width brackets become
//! ASCII ones, and ASCII letters are lower-cased. The canonical English name
//! always works. The tables here are the documented list (see `docs/io.md`);
//! aliases depend on the table, since `名称` is a station's name in the
//! stations table and a county's name in the counties table.
//!
//! A header may also carry its unit in brackets after a known name:
//! `辖区面积(平方公里)`, `辖区面积（平方公里）`, `area (km2)`, `人口(人)`
//! ([`match_header`]). A unit that would change the numbers (`面积(亩)`,
//! `人口(万人)`, `警情数(月均)`) is refused: staffing reads square
//! kilometres, single residents and calls a year, and would otherwise read a
//! figure 1,500 or 10,000 times off without a word.

use crate::domain::AGE_BAND_KEYS;

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
    AGE_BAND_ALIASES[0],
    AGE_BAND_ALIASES[1],
    AGE_BAND_ALIASES[2],
    AGE_BAND_ALIASES[3],
    AGE_BAND_ALIASES[4],
    AGE_BAND_ALIASES[5],
];

/// Aliases of the columns of the counties table: (canonical, aliases).
pub const COUNTY_ALIASES: &[(&str, &[&str])] = &[
    ("county_id", &["县局编号", "县局代码", "县区编号", "编号"]),
    ("name", &["县局名称", "名称", "县局", "县区"]),
    ("officers_total", &["总警力", "警力总数", "民警总数"]),
    (
        "hq_min",
        // 机关最少警力: the header plan.xlsx writes (its 各县局 sheet reads
        // back as a counties table).
        &[
            "机关最低警力",
            "机关最低民警数",
            "机关最少民警数",
            "机关最少警力",
        ],
    ),
    (
        "auxiliary_budget",
        &[
            "辅警编制",
            "辅警编制数",
            "辅警员额",
            "辅警预算",
            "辅警岗位数",
        ],
    ),
    AGE_BAND_ALIASES[0],
    AGE_BAND_ALIASES[1],
    AGE_BAND_ALIASES[2],
    AGE_BAND_ALIASES[3],
    AGE_BAND_ALIASES[4],
    AGE_BAND_ALIASES[5],
];

/// Aliases of the age-band columns (`staffing roadmap`, docs/roadmap.md),
/// known in both the stations and the counties table.
pub const AGE_BAND_ALIASES: [(&str, &[&str]); 6] = [
    (
        AGE_BAND_KEYS[0],
        &["30岁以下", "30岁以下民警数", "30岁以下民警", "年龄30岁以下"],
    ),
    (
        AGE_BAND_KEYS[1],
        &[
            "30-39岁",
            "30~39岁",
            "30～39岁",
            "30至39岁",
            "30-39岁民警数",
        ],
    ),
    (
        AGE_BAND_KEYS[2],
        &[
            "40-49岁",
            "40~49岁",
            "40～49岁",
            "40至49岁",
            "40-49岁民警数",
        ],
    ),
    (
        AGE_BAND_KEYS[3],
        &[
            "50-54岁",
            "50~54岁",
            "50～54岁",
            "50至54岁",
            "50-54岁民警数",
        ],
    ),
    (
        AGE_BAND_KEYS[4],
        &[
            "55-59岁",
            "55~59岁",
            "55～59岁",
            "55至59岁",
            "55-59岁民警数",
        ],
    ),
    (
        AGE_BAND_KEYS[5],
        &[
            "60岁以上",
            "60岁及以上",
            "60岁以上民警数",
            "60岁及以上民警数",
        ],
    ),
];

/// Sheet names looked for when a scenario names a workbook without `#sheet`.
pub const STATION_SHEETS: &[&str] = &["stations", "派出所", "派出所表"];
/// Sheet names looked for in a workbook of counties.
/// `各县局` is the sheet of `plan.xlsx`, read back as it was written.
pub const COUNTY_SHEETS: &[&str] = &["counties", "县局", "县局表", "各县局"];

/// The form a header cell is compared in.
pub fn normalise_header(s: &str) -> String {
    normal_chars(s).collect::<String>().trim().to_string()
}

/// The characters of [`normalise_header`] before the trim.
fn normal_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| !matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '\u{3000}' => ' ',
            c => c.to_ascii_lowercase(),
        })
}

/// Whether `normalise_header(s) == normalised`, for a `normalised` that is
/// the normal form of some text (no space at either end), without building
/// the normal form: every row is compared with the header, and every header
/// cell with every alias.
pub fn normalises_to(s: &str, normalised: &str) -> bool {
    // `str::trim` trims what `char::is_whitespace` says.
    let mut chars = normal_chars(s).skip_while(|c| c.is_whitespace());
    for expected in normalised.chars() {
        if chars.next() != Some(expected) {
            return false;
        }
    }
    chars.all(char::is_whitespace)
}

/// The canonical column a header cell names, if any (a name with a unit in
/// brackets counts, even a unit [`match_header`] refuses).
pub fn canonical<'a>(header: &str, aliases: &[(&'a str, &[&str])]) -> Option<&'a str> {
    match match_header(header, aliases) {
        HeaderMatch::Column(c) | HeaderMatch::WrongUnit { column: c, .. } => Some(c),
        HeaderMatch::Unknown => None,
    }
}

/// The canonical column an exact (normalised) header names.
fn exact<'a>(h: &str, aliases: &[(&'a str, &[&str])]) -> Option<&'a str> {
    aliases.iter().find_map(|(canon, names)| {
        (h == *canon || names.iter().any(|n| normalises_to(n, h))).then_some(*canon)
    })
}

/// What a header cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderMatch<'a> {
    /// A column of the contract (by its name, an alias, or either with a
    /// unit in brackets the column is measured in).
    Column(&'a str),
    /// A column of the contract with a unit in brackets that would change
    /// its numbers: `unit` as written, and what the column is measured in.
    WrongUnit {
        /// The column, by its canonical name.
        column: &'a str,
        /// The unit as the header writes it.
        unit: String,
        /// The unit the column is measured in.
        expected: &'static str,
    },
    /// No column staffing reads.
    Unknown,
}

/// A header without its trailing unit in brackets: `辖区面积(平方公里)` →
/// (`辖区面积`, `平方公里`), `area [km2]` → (`area`, `km2`); `None` when
/// the (normalised) header does not end in a bracketed part after a name.
pub fn split_unit(normalised: &str) -> Option<(&str, &str)> {
    let (open, close) = if normalised.ends_with(')') {
        ('(', ')')
    } else if normalised.ends_with(']') {
        ('[', ']')
    } else {
        return None;
    };
    let start = normalised.rfind(open)?;
    let base = normalised[..start].trim();
    let unit = normalised[start + open.len_utf8()..normalised.len() - close.len_utf8()].trim();
    (!base.is_empty()).then_some((base, unit))
}

/// Units that scale a count or a sum (a column in 万人 holds residents ÷
/// 10,000): refused in every number column.
const SCALED: &[&str] = &[
    "万",
    "千",
    "百",
    "万人",
    "千人",
    "百人",
    "万个",
    "万起",
    "万件",
    "万次",
    "千起",
    "千件",
    "thousand",
    "thousands",
    "k",
    "10k",
    "000",
    "'000",
    "000s",
    "million",
    "millions",
    "m",
];

/// Units of area other than square kilometres.
const NOT_KM2: &[&str] = &[
    "亩",
    "万亩",
    "公顷",
    "平方米",
    "m2",
    "m²",
    "sqm",
    "sq m",
    "ha",
    "hectare",
    "hectares",
    "mu",
    "平方英里",
    "sq mi",
    "mi2",
];

/// Periods other than a year (110 calls are counted a year).
const NOT_A_YEAR: &[&str] = &[
    "月",
    "月均",
    "每月",
    "日",
    "日均",
    "每日",
    "每天",
    "天",
    "周",
    "周均",
    "每周",
    "季",
    "季度",
    "month",
    "monthly",
    "per month",
    "/month",
    "day",
    "daily",
    "per day",
    "/day",
    "week",
    "weekly",
    "per week",
    "quarter",
    "quarterly",
];

/// What a column is measured in, for a message, and the units in brackets
/// that would change its numbers.
fn unit_of(column: &str) -> (&'static str, Vec<&'static [&'static str]>) {
    match column {
        "area_km2" => ("square kilometres (平方公里, km2)", vec![SCALED, NOT_KM2]),
        "calls" => ("110 calls a year (年警情数)", vec![SCALED, NOT_A_YEAR]),
        c if c.starts_with("calls_") => ("110 calls a year (年警情数)", vec![SCALED, NOT_A_YEAR]),
        "population" => ("residents (人)", vec![SCALED]),
        "villages" => ("villages or communities (个)", vec![SCALED]),
        _ => ("plain numbers", vec![SCALED]),
    }
}

/// Which column a header cell names: as written (after [`normalise_header`]),
/// or else without a trailing unit in brackets. A unit that would change the
/// numbers (a scale such as `万人`, an area other than km², a period other
/// than a year) is [`HeaderMatch::WrongUnit`]; any other bracketed text
/// (`平方公里`, `km2`, `人`, `起`, `2024年`) is taken as a note.
pub fn match_header<'a>(header: &str, aliases: &[(&'a str, &[&str])]) -> HeaderMatch<'a> {
    let h = normalise_header(header);
    if let Some(c) = exact(&h, aliases) {
        return HeaderMatch::Column(c);
    }
    let Some((base, unit)) = split_unit(&h) else {
        return HeaderMatch::Unknown;
    };
    let Some(column) = exact(base, aliases) else {
        return HeaderMatch::Unknown;
    };
    let bare = unit
        .trim_start_matches("单位")
        .trim_start_matches("unit")
        .trim_start_matches([':', '：'])
        .trim();
    let (expected, refused) = unit_of(column);
    if refused.iter().any(|list| list.contains(&bare)) {
        HeaderMatch::WrongUnit {
            column,
            unit: unit.to_string(),
            expected,
        }
    } else {
        HeaderMatch::Column(column)
    }
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
    fn a_known_name_may_carry_its_unit_in_brackets() {
        for h in [
            "辖区面积(平方公里)",
            "辖区面积（平方公里）",
            "area (km2)",
            "Area [km²]",
            "面积(单位：平方公里)",
        ] {
            assert_eq!(
                match_header(h, STATION_ALIASES),
                HeaderMatch::Column("area_km2"),
                "{h}"
            );
        }
        assert_eq!(
            match_header("人口(人)", STATION_ALIASES),
            HeaderMatch::Column("population")
        );
        assert_eq!(
            match_header("警情数（2024年）", STATION_ALIASES),
            HeaderMatch::Column("calls")
        );
        // A bracket inside an alias is part of the name.
        assert_eq!(
            match_header("行政村(社区)数", STATION_ALIASES),
            HeaderMatch::Column("villages")
        );
        // Brackets after an unknown name, or a bare bracket, name nothing.
        assert_eq!(
            match_header("备注(人)", STATION_ALIASES),
            HeaderMatch::Unknown
        );
        assert_eq!(
            match_header("(人口)", STATION_ALIASES),
            HeaderMatch::Unknown
        );
    }

    #[test]
    fn a_unit_that_changes_the_numbers_is_refused() {
        for (h, column, unit) in [
            ("面积(亩)", "area_km2", "亩"),
            ("area (ha)", "area_km2", "ha"),
            ("人口（万人）", "population", "万人"),
            ("警情数(月均)", "calls", "月均"),
            ("民警数(千人)", "officers", "千人"),
        ] {
            match match_header(h, STATION_ALIASES) {
                HeaderMatch::WrongUnit {
                    column: c, unit: u, ..
                } => {
                    assert_eq!((c, u.as_str()), (column, unit), "{h}");
                }
                other => panic!("{h}: {other:?}"),
            }
        }
    }

    #[test]
    fn normalises_to_agrees_with_normalise_header() {
        let texts = [
            "",
            " ",
            "\u{3000}",
            "\u{FEFF}Station_ID",
            " 行政村（社区）数\u{200B} ",
            "a b",
            "a  ",
            "\u{3000}人口\u{3000}",
            "AREA [KM²]",
            "\u{200D}\u{FEFF}",
            "面积(平方公里)",
            "\t县局编号\n",
        ];
        for a in texts {
            for b in texts {
                let n = normalise_header(b);
                assert_eq!(
                    normalises_to(a, &n),
                    normalise_header(a) == n,
                    "{a:?} vs {b:?}"
                );
            }
        }
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
