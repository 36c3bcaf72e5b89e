//! The message catalogue: every line the tool prints on the terminal, and
//! its warnings, in Chinese and in English.
//!
//! A message is a function of its language and its values, declared once
//! with both texts:
//!
//! ```text
//! warnings_header(n: usize, each: &str) {
//!     zh: "提示：{n} 条数据提示（数据有效，运行继续；加 --strict 则{each}视为错误）：",
//!     en: "warning: {n} data warning{each} …",
//! }
//! ```
//!
//! The texts are `format!` strings checked by the compiler against the
//! message's parameters: a message without one of its two texts does not
//! compile, and a text naming a value the message does not take does not
//! either. [`ALL`] lists every message with both templates; a test fails
//! when the two languages do not show the same values, when a Chinese text
//! holds no Chinese, or when an English text holds Chinese outside the
//! policy terms it names (两个40%, 一村一辅警, …).
//!
//! Why a typed catalogue rather than Fluent: the messages are compiled in
//! (no file to ship or to lose), a missing argument or a misspelt one is a
//! build error rather than a `{$name}` printed to a planner, and no crate is
//! added to a build that is already long.
//!
//! The language is the caller's: `--lang`, and by default the data's
//! ([`crate::report::Lang::detect`]). Printing (and escaping every line for
//! the terminal) stays with the caller.

use crate::report::Lang;

/// Declares the catalogue: one `pub fn name(lang, args…) -> String` per
/// message, and [`ALL`] with the name and both templates of each.
macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) {
            zh: $zh:literal,
            en: $en:literal $(,)?
        }
    )*) => {
        $(
            $(#[$doc])*
            #[allow(clippy::too_many_arguments)]
            pub fn $name(lang: Lang, $($arg: $ty),*) -> String {
                match lang {
                    Lang::Zh => format!($zh),
                    Lang::En => format!($en),
                }
            }
        )*

        /// Every message of the catalogue: its name, its Chinese template
        /// and its English template.
        pub const ALL: &[(&str, &str, &str)] = &[$((stringify!($name), $zh, $en)),*];
    };
}

/// The robust plan's target (`worst`, `percentile(p)`) in words.
pub fn robust_target(lang: Lang, label: &str) -> String {
    match label
        .strip_prefix("percentile(")
        .and_then(|p| p.strip_suffix(')'))
    {
        Some(p) => robust_percentile(lang, p),
        None if label == "worst" => robust_worst(lang),
        None => label.to_string(),
    }
}

/// `s` when `n` is not one (an English plural).
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The header of the data warnings printed on the terminal.
pub fn warnings_header(lang: Lang, n: usize) -> String {
    let (s, it) = if n == 1 { ("", "it") } else { ("s", "each") };
    warnings_header_of(lang, n, s, it)
}

/// The error that `--strict` makes of the data's warnings.
pub fn strict_warnings(lang: Lang, n: usize) -> String {
    strict_warnings_of(lang, n, plural(n))
}

catalogue! {
    /// The header of the data warnings (use [`warnings_header`]).
    warnings_header_of(n: usize, s: &str, it: &str) {
        zh: "警告：{n} 条数据警告（数据有效，运行继续；加 --strict 则视为错误）：",
        en: "warning: {n} data warning{s} (the data is valid and the run goes on; --strict makes {it} an error):",
    }
    /// The count of data warnings not shown.
    warnings_more(n: usize) {
        zh: "  … 另有 {n} 条",
        en: "  … and {n} more",
    }
    /// `--strict` and warnings (use [`strict_warnings`]).
    strict_warnings_of(n: usize, s: &str) {
        zh: "--strict：数据有 {n} 条警告，均视为错误",
        en: "--strict: the data has {n} warning{s}, treated as errors",
    }
    /// The count of data warnings, as an error.
    warnings_count(n: usize, s: &str) {
        zh: "{n} 条数据警告",
        en: "{n} data warning{s}",
    }
    /// The prefix of the error that ends a command.
    error_prefix(message: &str) {
        zh: "错误：{message}",
        en: "error: {message}",
    }

    // ---- solve: real strength ----
    /// Real strength: who is on the stations' books and who is really there.
    strength_books(books: i64, nominal: i64, seconded: i64, recalled: &str, real: i64, restricted: i64) {
        zh: "  实有警力        派出所在册 {books} 人：挂名（实际在机关）{nominal} 人，借调在外 {seconded} 人{recalled}；实际在岗 {real} 人，其中 {restricted} 人不能值班",
        en: "  real strength        {books} on the stations' books: {nominal} nominal (at HQ), {seconded} seconded{recalled}; {real} really there, {restricted} who cannot take duty",
    }
    /// Seconded officers recalled (appended to [`strength_books`]).
    strength_recalled() {
        zh: "（已召回）",
        en: " (recalled)",
    }
    /// The two 40% shares on paper, really and in the plan.
    strength_shares(station: &str, station_counties: &str, counties: usize, community: &str, community_counties: &str) {
        zh: "  在册→实有→方案  派出所警力占比 {station}（达标县局 {station_counties}，共 {counties} 个），社区民警占比 {community}（{community_counties}）",
        en: "  paper → real → plan  station share {station} ({station_counties} of {counties} counties), community share {community} ({community_counties})",
    }
    /// 两队一室, the auxiliary ratio and village coverage.
    strength_teams(before: usize, after: usize, stations: usize, ratio_before: &str, ratio_after: &str, force_before: &str, force_after: &str, cover_before: &str, cover_after: &str) {
        zh: "  两队一室        {before} → {after} 个（共 {stations} 个派出所）；警辅比 派出所民警 {ratio_before} → {ratio_after}，全部民警 {force_before} → {force_after}；一村一辅警 {cover_before} → {cover_after}",
        en: "  两队一室             {before} → {after} of {stations} stations; 警辅比 {ratio_before} → {ratio_after} of station officers, {force_before} → {force_after} of the whole force; 一村一辅警 {cover_before} → {cover_after}",
    }

    // ---- solve: the service standard ----
    /// The service standard in words.
    service_standard(words: &str) {
        zh: "  服务标准        {words}",
        en: "  service standard     {words}",
    }
    /// How the duty need follows from the standard (erlang-c).
    service_how_erlang(reactive_share: f64, hours_per_call: f64) {
        zh: "值班需求按服务标准计算（排队模型 erlang-c；reactive_share {reactive_share} 与 hours_per_call {hours_per_call} 不用于值班）",
        en: "duty need from it (erlang-c; reactive_share {reactive_share} and hours_per_call {hours_per_call} do not apply to duty)",
    }
    /// How the duty need follows from the standard (reported only).
    service_how_hours() {
        zh: "仅作报告：值班需求按工时法计算",
        en: "reported only: duty need from the hours method",
    }
    /// Duty auxiliaries of the standard (appended to [`service_need`]).
    service_auxiliaries(need: f64) {
        zh: "，值班辅警 {need:.1} 人（派出所辅警岗位取值班需求与村数的较大者）",
        en: ", {need:.1} duty auxiliaries (a station's auxiliary posts: the larger of its duty need and its villages')",
    }
    /// The standard's need.
    service_need(officers: f64, auxiliaries: &str, how: &str) {
        zh: "  服务标准需求    值班民警 {officers:.1} 人{auxiliaries}；{how}",
        en: "  standard's need      {officers:.1} duty officers{auxiliaries}; {how}",
    }
    /// Pooled queues (appended to [`service_floor`]).
    service_pools(pools: usize, units: u64) {
        zh: "；{pools} 个联勤队列（县 × 时段）需要 {units} 个出警组时",
        en: "; {pools} pooled queues (county × hour) need {units} unit-hours",
    }
    /// The floor of one unit per hour.
    service_floor(stations: usize, pools: &str) {
        zh: "  最低保障        {stations} 个有警情的派出所在单独计算的每个时段至少需要一个出警组{pools}",
        en: "  floor                {stations} stations with calls need exactly one unit in every hour they stand alone{pools}",
    }
    /// The worst station after the plan (appended to [`service_meeting`]).
    service_worst(station: &str, name: &str, wait: f64, clock: &str) {
        zh: "（调整后最差：{station} {name}，{clock} 等待概率 {wait:.3}）",
        en: " (worst after: {station} {name}, P(wait) {wait:.3} at {clock})",
    }
    /// Stations meeting the standard, before and after.
    service_meeting(before: usize, after: usize, stations: usize, worst: &str) {
        zh: "  达到服务标准    {before}→{after} 个（共 {stations} 个派出所）{worst}",
        en: "  meeting the standard {before}→{after} of {stations} stations{worst}",
    }

    // ---- sweep and merge ----
    /// A robust plan, on the terminal.
    sweep_robust(target: &str, level: f64, moved: i64, dir: &str) {
        zh: "  稳健方案（{target}）：包络水平 {level:.4}，调动民警 {moved} 人；见 {dir}",
        en: "  robust plan ({target}): envelope level {level:.4}, {moved} officers moved; in {dir}",
    }
    /// The robust plan of the worst sample.
    robust_worst() {
        zh: "按最差样本",
        en: "worst",
    }
    /// The robust plan of a percentile.
    robust_percentile(p: &str) {
        zh: "按第 {p} 百分位",
        en: "percentile({p})",
    }
    /// No robust plan, and why.
    sweep_no_robust(note: &str) {
        zh: "  无稳健方案：{note}",
        en: "  no robust plan: {note}",
    }
    /// No robust plan was asked for.
    robust_not_asked() {
        zh: "未要求（robust = \"none\"）",
        en: "none asked for (robust = \"none\")",
    }
    /// No robust plan: a sampled key is not a workload key.
    robust_not_workload(key: &str) {
        zh: "`{key}` 不是工作量参数（各样本的硬性规则会不同），不做稳健方案",
        en: "`{key}` is not a workload key (the hard rules would vary across samples)",
    }
    /// What merge wrote.
    merge_wrote(path: &str) {
        zh: "已写入 {path}，旁边有 report.html 和图表",
        en: "wrote {path} with report.html and charts beside it",
    }
    /// The context of a failed merge.
    merge_failed(n: usize) {
        zh: "合并 {n} 个扫描文件夹",
        en: "merging {n} sweep folders",
    }

    // ---- contexts of errors ----
    /// Reading a scenario failed.
    reading_scenario(path: &str) {
        zh: "读取情景 {path}",
        en: "reading scenario {path}",
    }
    /// Reading a sweep scenario failed.
    reading_sweep(path: &str) {
        zh: "读取扫描情景 {path}",
        en: "reading sweep scenario {path}",
    }
    /// Reading a roadmap scenario failed.
    reading_roadmap(path: &str) {
        zh: "读取规划情景 {path}",
        en: "reading roadmap scenario {path}",
    }
    /// Checking a scenario failed.
    checking_scenario(path: &str) {
        zh: "检查情景 {path}",
        en: "checking scenario {path}",
    }
    /// Writing the plan failed.
    writing_plan(path: &str) {
        zh: "写出方案到 {path}",
        en: "writing the plan to {path}",
    }
    /// A scenario has no plan.
    no_plan(name: &str) {
        zh: "情景 {name} 没有可行方案",
        en: "scenario {name} has no plan",
    }
    /// Solving failed.
    solving() {
        zh: "求解",
        en: "solving",
    }
    /// Running a sweep failed.
    running_sweep(path: &str) {
        zh: "运行扫描，输出到 {path}",
        en: "running the sweep into {path}",
    }
    /// Running a roadmap failed.
    running_roadmap(path: &str) {
        zh: "运行多年规划，输出到 {path}",
        en: "running the roadmap into {path}",
    }

    // ---- roadmap ----
    /// The roadmap's first line.
    roadmap_head(name: &str, years: usize, first: i32, last: i32, mode: &str, ages: &str) {
        zh: "规划 {name}：{years} 年（{first}–{last}），{mode}；年龄数据：{ages}",
        en: "roadmap {name}: {years} years {first}–{last}, {mode} mode; ages from {ages}",
    }
    /// The myopic mode.
    roadmap_myopic() {
        zh: "逐年规划（myopic）",
        en: "myopic",
    }
    /// The horizon mode.
    roadmap_horizon() {
        zh: "全期统筹（horizon）",
        en: "horizon",
    }
    /// Ages from age bands.
    ages_bands() {
        zh: "各派出所年龄段",
        en: "age bands",
    }
    /// Ages from a roster.
    ages_roster() {
        zh: "花名册",
        en: "roster",
    }
    /// Ages not given.
    ages_none() {
        zh: "无（无退休）",
        en: "none (no retirements)",
    }

    /// The years planned before an infeasible one.
    roadmap_years_before(year: i32, dir: &str) {
        zh: "{year} 年之前各年的方案已写入 {dir}/（roadmap.csv、report.html、plans/）",
        en: "the years before {year} are planned in {dir}/ (roadmap.csv, report.html, plans/)",
    }
    /// A roadmap that has no plan in one year.
    roadmap_no_plan(name: &str) {
        zh: "多年规划 {name}",
        en: "roadmap {name}",
    }

    // ---- solve: methods compared ----
    /// The title of the methods' comparison.
    methods_title() {
        zh: "同一数据上两种值班需求算法的比较：",
        en: "methods compared on the same data:",
    }
    /// The method column.
    methods_method() { zh: "算法", en: "method", }
    /// The level column.
    methods_level() { zh: "均衡水平", en: "level", }
    /// The moved column.
    methods_moved() { zh: "调动", en: "moved", }
    /// The short-of-1.0 column.
    methods_short() { zh: "距均衡水平1.0尚缺", en: "short of level 1.0", }
    /// The duty need column.
    methods_duty() { zh: "值班需求", en: "duty need", }
    /// The meeting-the-standard column.
    methods_meeting() { zh: "达到服务标准", en: "meeting the standard", }
    /// A level of 1.0 that cannot be reached.
    methods_unreachable() { zh: "无法达到", en: "unreachable", }
    /// Where the two methods differ most.
    methods_differ(shown: &str, n: usize) {
        zh: "  值班需求（工时法 → erlang-c）差别最大：{shown}；共 {n} 个，见 method_stations.csv",
        en: "  duty need (hours → erlang-c) differs most at {shown}; {n} in method_stations.csv",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}` values a template shows (format specs and `{{` escapes
    /// left out).
    fn values(template: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                }
                '{' => {
                    let inner: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let name = inner.split(':').next().unwrap_or("").trim().to_string();
                    out.push(name);
                }
                _ => {}
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Policy terms the English texts may name in Chinese, as the English
    /// report does.
    const TERMS: &[&str] = &["两队一室", "警辅比", "一村一辅警", "两个40%"];

    #[test]
    fn every_message_has_both_languages_with_the_same_values() {
        let mut names = std::collections::BTreeSet::new();
        for (name, zh, en) in ALL {
            assert!(names.insert(*name), "{name} is declared twice");
            assert!(!zh.trim().is_empty(), "{name}: no Chinese text");
            assert!(!en.trim().is_empty(), "{name}: no English text");
            assert!(
                has_cjk(zh),
                "{name}: its Chinese text holds no Chinese: {zh}"
            );
            let mut en_plain = en.to_string();
            for t in TERMS {
                en_plain = en_plain.replace(t, "");
            }
            assert!(
                !has_cjk(&en_plain),
                "{name}: its English text holds Chinese: {en}"
            );
            // English plurals (`{s}`, `{it}`) have no Chinese counterpart.
            let en_values: Vec<String> = values(en)
                .into_iter()
                .filter(|v| !matches!(v.as_str(), "s" | "it"))
                .collect();
            let zh_values: Vec<String> = values(zh)
                .into_iter()
                .filter(|v| !matches!(v.as_str(), "s" | "it"))
                .collect();
            assert_eq!(
                zh_values, en_values,
                "{name}: the Chinese and English texts show different values"
            );
        }
    }

    #[test]
    fn a_message_follows_the_language() {
        assert_eq!(
            warnings_header(Lang::En, 2),
            "warning: 2 data warnings (the data is valid and the run goes on; --strict makes each an error):"
        );
        assert!(warnings_header(Lang::Zh, 2).starts_with("警告：2 条数据警告"));
        assert_eq!(
            strict_warnings(Lang::En, 1),
            "--strict: the data has 1 warning, treated as errors"
        );
    }
}
