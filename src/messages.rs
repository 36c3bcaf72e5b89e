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

pub mod problems;
pub use problems::*;

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

/// A cell's problem (as the library words it, in English) in `lang`: the
/// common problems of the catalogue; another problem stays as it is.
pub fn cell_problem(lang: Lang, problem: &str) -> String {
    if lang == Lang::En {
        return problem.to_string();
    }
    let fixed: [fn(Lang) -> String; 9] = [
        problem_empty,
        |l| problem_not_yes_no(l, "是/否, 1/0"),
        problem_excel_error,
        problem_thousands,
        problem_full_width,
        problem_not_number,
        problem_nan,
        problem_infinite,
        problem_negative,
    ];
    for m in fixed {
        if m(Lang::En) == problem {
            return m(lang);
        }
    }
    if let Some(range) = problem.strip_prefix("is out of range: ") {
        return problem_range(lang, range);
    }
    if let Some(row) = problem.strip_prefix("is a duplicate: it was already used on row ") {
        return problem_duplicate(lang, row);
    }
    problem.to_string()
}

/// What separates the items of a list in a line.
pub fn list_separator(lang: Lang) -> &'static str {
    lang.pick("、", ", ")
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
    // ---- the data's errors (`InputError`), framed in the data's language ----
    /// A cell's value is wrong: where, the value, and what is wrong.
    input_cell(file: &str, row: u64, column: &str, value: &str, problem: &str) {
        zh: "{file}，第 {row} 行，`{column}` 列：值 `{value}` {problem}",
        en: "{file}, row {row}, column `{column}`: value `{value}` {problem}",
    }
    /// A row is wrong.
    input_row(file: &str, row: u64, problem: &str) {
        zh: "{file}，第 {row} 行：{problem}",
        en: "{file}, row {row}: {problem}",
    }
    /// A required column is missing.
    input_missing_column(file: &str, column: &str, found: &str) {
        zh: "{file}：表头中没有 `{column}` 列（{found}）",
        en: "{file}: the header has no column `{column}` ({found})",
    }
    /// A column is named twice.
    input_duplicate_column(file: &str, column: &str, first: usize, second: usize) {
        zh: "{file}：表头中 `{column}` 列出现两次（第 {first} 列和第 {second} 列）",
        en: "{file}: the header names column `{column}` twice (columns {first} and {second})",
    }
    /// An empty file.
    input_empty(file: &str, expected: &str) {
        zh: "{file}：文件为空；应有一行表头，含以下列：{expected}",
        en: "{file}: the file is empty; expected a header row with the columns {expected}",
    }
    /// A file that cannot be read.
    input_io(file: &str, reason: &str) {
        zh: "{file}：无法读取文件：{reason}",
        en: "{file}: cannot read the file: {reason}",
    }
    /// Several problems in the data.
    input_many(total: usize) {
        zh: "数据中有 {total} 处问题：",
        en: "{total} problems in the data:",
    }
    /// Several problems, only the first listed.
    input_many_listed(total: usize, listed: usize) {
        zh: "数据中有 {total} 处问题（列出前 {listed} 处）：",
        en: "{total} problems in the data (the first {listed} are listed):",
    }
    /// The problems not listed.
    input_many_more(more: usize) {
        zh: "  … 另有 {more} 处；改正以上问题后再运行可看到其余",
        en: "  … and {more} more; fix these and run again to see the rest",
    }
    // A cell's problem, the common ones (the value's frame is
    // [`input_cell`]); `cell_problem` finds them by their English text.
    /// An empty required cell.
    problem_empty() {
        zh: "为空；此列必填",
        en: "is empty; this column is required",
    }
    /// Not yes or no.
    problem_not_yes_no(words: &str) {
        zh: "不是“是”或“否”：请填写 是 或 否（{words}，也可写 yes/no）",
        en: "is not yes/no: write yes or no ({words})",
    }
    /// An Excel error value.
    problem_excel_error() {
        zh: "是 Excel 错误值（公式出错）：请修正公式或直接填写数字",
        en: "is an Excel error value (a formula that failed): fix the formula or type the number",
    }
    /// A number with thousands separators.
    problem_thousands() {
        zh: "不是数字：请不要用千位分隔符，例如写 1200",
        en: "is not a number: write it without thousands separators, for example 1200",
    }
    /// Full-width digits.
    problem_full_width() {
        zh: "不是数字：请用半角数字填写，例如 1200",
        en: "is not a number: write it with ASCII digits (half-width), for example 1200",
    }
    /// Not a number.
    problem_not_number() {
        zh: "不是数字：请用数字填写，例如 1200 或 35.5",
        en: "is not a number: write it with digits, for example 1200 or 35.5",
    }
    /// NaN.
    problem_nan() {
        zh: "不是数字（NaN）：请填写普通数字，例如 1200",
        en: "is not a number (NaN): write an ordinary number such as 1200",
    }
    /// Infinite.
    problem_infinite() {
        zh: "不是有限的数（无穷大或过大）：请填写普通数字，例如 1200",
        en: "is not a finite number (infinite or too large): write an ordinary number such as 1200",
    }
    /// Negative.
    problem_negative() {
        zh: "为负数：必须为 0 或以上",
        en: "is negative: it must be 0 or more",
    }
    /// Out of range.
    problem_range(range: &str) {
        zh: "超出范围：{range}",
        en: "is out of range: {range}",
    }
    /// A duplicate id.
    problem_duplicate(row: &str) {
        zh: "重复：第 {row} 行已用过",
        en: "is a duplicate: it was already used on row {row}",
    }
    /// The prefix of the error that ends a command.
    error_prefix(message: &str) {
        zh: "错误：{message}",
        en: "error: {message}",
    }

    // ---- solve: the summary ----
    /// The scenario and its status.
    solve_scenario(scenario: &str, status: &str) {
        zh: "情景 {scenario}：{status}",
        en: "scenario {scenario}: {status}",
    }
    /// The overrides of a what-if.
    solve_what_if(sets: &str) {
        zh: "  假设情景        命令行设置 {sets}（其余取值同情景文件）",
        en: "  what-if              set on the command line: {sets} (all else as in the file)",
    }
    /// The balance level.
    solve_level(level: &str) {
        zh: "  均衡水平        {level}（1.0 = 每个派出所的工作量全部覆盖）",
        en: "  balance level        {level}  (1.0 = every station's workload covered)",
    }
    /// The stations that limit the level (joined by [`list_separator`]).
    solve_limited(stations: &str, tail: &str) {
        zh: "  受限于          {stations}{tail}",
        en: "  limited by           {stations}{tail}",
    }
    /// The limiting stations not listed.
    solve_limited_more(more: usize) {
        zh: " 等，另有 {more} 个",
        en: " and {more} more",
    }
    /// A county whose HQ is below its minimum today, and what refilling it
    /// takes (`refill`: the count, in English with its noun).
    solve_refill(id: &str, county: &str, today: i64, hq_min: i64, refill: &str) {
        zh: "  根本原因        {county}（{id}）机关现有民警 {today} 人，低于机关最低警力 {hq_min} 人：补足机关须从派出所调回 {refill} 人",
        en: "  because              {id} {county}: HQ has {today} officers today, below its hq_min of {hq_min}; refilling HQ takes {refill} from its stations",
    }
    /// Officers moved.
    solve_moved(moved: i64) {
        zh: "  调动民警        {moved} 人",
        en: "  officers moved       {moved}",
    }
    /// Station, HQ and community officers (`away`: [`solve_away`] or empty).
    solve_officers(station: i64, force: i64, hq: i64, away: &str, community: i64) {
        zh: "  派出所民警      {station} 人（全部民警 {force} 人，机关 {hq} 人{away}）；社区民警 {community} 人",
        en: "  station officers     {station} of {force} (HQ {hq}{away}); community officers {community}",
    }
    /// Officers seconded away.
    solve_away(away: i64) {
        zh: "，借调在外 {away} 人",
        en: ", {away} seconded away",
    }
    /// The two 40% rules, today and planned.
    solve_quotas(station_before: usize, station_after: usize, counties: usize, community_before: usize, community_after: usize) {
        zh: "  两个40%：派出所警力占比达标县局 {station_before}→{station_after} 个（共 {counties} 个），社区民警占比达标 {community_before}→{community_after} 个",
        en: "  两个40%: station share met in {station_before}→{station_after} of {counties} counties, community share in {community_before}→{community_after}",
    }
    /// Auxiliaries under county budgets (`cut`: the count, in English with
    /// its noun).
    solve_auxiliaries_county(posts: i64, level: &str, changed: i64, fewer: usize, counties: usize, cut: &str) {
        zh: "  辅警            各县编制内调整，共 {posts} 人；均衡水平 {level}，调整 {changed} 人；{fewer} 个县局（共 {counties} 个）辅警少于村数，{cut} 个原已一村一辅警的派出所让出辅警",
        en: "  auxiliaries          {posts} posts, each county within its own; level {level}, {changed} changed; {fewer} of {counties} counties have fewer posts than villages, and {cut} that had one per village give posts up",
    }
    /// Auxiliaries under the province's budget.
    solve_auxiliaries(level: &str, posts: i64, budget: i64, changed: i64) {
        zh: "  辅警            均衡水平 {level}，{posts} 人（编制 {budget}），调整 {changed} 人",
        en: "  auxiliaries          level {level}, {posts} posts of a budget of {budget}, {changed} changed",
    }
    /// The plan's folder and its files (joined by [`list_separator`]).
    solve_wrote(dir: &str, files: &str) {
        zh: "  已写入          {dir}/（report.html、图表、{files}）",
        en: "  wrote                {dir}/ (report.html, charts, {files})",
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

    // ---- check ----
    /// The data is valid, with a provincial auxiliary budget.
    check_valid_province(name: &str, counties: usize, stations: usize, force: i64, budget: i64, warnings: &str) {
        zh: "{name}：数据有效：{counties} 个县局，{stations} 个派出所，民警 {force} 人，辅警编制 {budget} 人（全省统筹）{warnings}",
        en: "{name}: valid: {counties} counties, {stations} stations, {force} officers, a provincial auxiliary budget of {budget}{warnings}",
    }
    /// The data is valid, with county auxiliary budgets.
    check_valid_county(name: &str, counties: usize, stations: usize, force: i64, posts: i64, warnings: &str) {
        zh: "{name}：数据有效：{counties} 个县局，{stations} 个派出所，民警 {force} 人，辅警编制 {posts} 人（各县自有）{warnings}",
        en: "{name}: valid: {counties} counties, {stations} stations, {force} officers, {posts} auxiliary posts in county budgets{warnings}",
    }
    /// The count of data warnings after the valid line.
    check_warnings(n: usize, s: &str) {
        zh: "，{n} 条数据警告",
        en: ", {n} warning{s}",
    }
    /// A county whose HQ is below its minimum today.
    check_hq_below(id: &str, name: &str, hq: i64, min: i64, back: i64) {
        zh: "  提示      {id} {name}：机关现有民警 {hq} 人，低于机关最低警力 {min} 人（任何方案都须从派出所调回 {back} 人，这会限制该县派出所）",
        en: "  warning   {id} {name}: HQ has {hq} officers today, below its hq_min of {min} (every plan brings {back} back from its stations, which limits them)",
    }
    /// A county below the station share today.
    check_share_short(id: &str, name: &str, x: i64, share: &str, need: i64, more: i64) {
        zh: "  提示      {id} {name}：派出所民警 {x} 人，低于“两个40%”派出所警力占比 {share} 所需的 {need} 人（任何方案都须向派出所增派 {more} 人）",
        en: "  warning   {id} {name}: {x} station officers today, below the {share} station share's {need} (every plan sends {more} more to stations)",
    }
    /// Real strength in the data.
    check_strength(nominal: i64, seconded: i64, recalled: &str, restricted: i64) {
        zh: "  实有警力  派出所在册民警中挂名 {nominal} 人，借调在外 {seconded} 人{recalled}，不能值班 {restricted} 人",
        en: "  real strength: {nominal} nominal, {seconded} seconded{recalled}, {restricted} restricted officers on the stations' books",
    }
    /// Duty need from the service standard.
    check_service_erlang(words: &str, reactive_share: f64, hours_per_call: f64) {
        zh: "  服务标准  值班需求按服务标准（排队模型 erlang-c）计算：{words} reactive_share（{reactive_share}）与 hours_per_call（{hours_per_call}）不用于值班",
        en: "  service   duty need from the service standard (erlang-c): {words} reactive_share ({reactive_share}) and hours_per_call ({hours_per_call}) do not apply to duty",
    }
    /// The service standard reported only.
    check_service_hours(words: &str) {
        zh: "  服务标准  值班需求按工时法计算；服务标准仅作报告：{words}",
        en: "  service   duty need from the hours method; the service standard is reported only: {words}",
    }
    /// A CSV input and its encoding.
    check_csv(encoding: &str) {
        zh: "CSV 文件，{encoding}",
        en: "CSV, {encoding}",
    }
    /// A worksheet input.
    check_sheet(sheet: &str) {
        zh: "工作表 `{sheet}`",
        en: "sheet `{sheet}`",
    }
    /// An input read.
    check_read() {
        zh: "已读取",
        en: "read",
    }
    /// The delimiter of a CSV input.
    check_delimiter(d: &str) {
        zh: "，{d} 分隔",
        en: ", {d}-separated",
    }
    /// The stations' table.
    check_stations(path: &str, how: &str) {
        zh: "  派出所    {path}（{how}）",
        en: "  stations  {path} ({how})",
    }
    /// The counties' table.
    check_counties(path: &str, how: &str) {
        zh: "  县局      {path}（{how}）",
        en: "  counties  {path} ({how})",
    }
    /// Another input.
    check_input(role: &str, path: &str, how: &str) {
        zh: "  输入文件  {role}：{path}（{how}）",
        en: "  {role:<9} {path} ({how})",
    }
    /// A `--set` override.
    check_override(key: &str, value: &str) {
        zh: "  命令行设置 {key} = {value}",
        en: "  --set     {key} = {value}",
    }
    /// Columns carried from the stations' table.
    check_carried_stations(names: &str) {
        zh: "  保留列    {names}（派出所表，不参与计算；原样带入 allocation.csv 和 plan.xlsx）",
        en: "  carried   {names} of the stations (not read; copied to allocation.csv and plan.xlsx)",
    }
    /// Columns carried from the counties' table.
    check_carried_counties(names: &str) {
        zh: "  保留列    {names}（县局表，不参与计算；原样带入 counties.csv 和 plan.xlsx）",
        en: "  carried   {names} of the counties (not read; copied to counties.csv and plan.xlsx)",
    }
    /// The points of a `[sweep]` or `[sample]`.
    check_grid(table: &str, points: usize, s: &str, keys: &str) {
        zh: "  [{table}]  {points} 个计算点，参数 {keys}",
        en: "  [{table}]  {points} point{s} over {keys}",
    }

    // ---- sweep and merge ----
    /// A sweep's summary line.
    sweep_done(name: &str, points: usize, scope: &str, solved: usize, reused: usize, statuses: &str) {
        zh: "扫描 {name}：共 {points} 个点{scope}；本次求解 {solved} 个，此前已完成 {reused} 个；{statuses}",
        en: "sweep {name}: {points} points{scope}; {solved} solved now, {reused} already done; {statuses}",
    }
    /// A count of points with one status.
    sweep_status(status: &str, n: usize) {
        zh: "{status} {n} 个",
        en: "{n} {status}",
    }
    /// The shard a sweep ran.
    sweep_shard(index: usize, count: usize, points: usize) {
        zh: "（分片 {index}/{count}：{points} 个点）",
        en: " (shard {index}/{count}: {points} points)",
    }
    /// Progress records that could not be used.
    sweep_unusable(n: usize) {
        zh: "  {n} 条进度记录无法使用，其点已重新求解：",
        en: "  {n} progress records could not be used, so their points were solved again:",
    }
    /// More unusable records.
    sweep_unusable_more(n: usize) {
        zh: "    另有 {n} 条",
        en: "    and {n} more",
    }
    /// What a sweep wrote.
    sweep_wrote(path: &str) {
        zh: "  已写入 {path}，旁边有 report.html 和图表",
        en: "  wrote {path} with report.html and charts beside it",
    }
    /// What a shard wrote.
    sweep_wrote_shard(dir: &str) {
        zh: "  本分片的点已写入 {dir}；各分片完成后用 `staffing merge DIR... --out DIR` 合并",
        en: "  wrote the shard's points to {dir}; join the shards with `staffing merge DIR... --out DIR`",
    }
    /// Interrupted before a sweep started.
    sweep_interrupted_early() {
        zh: "已中断：扫描尚未开始，未写入任何文件。",
        en: "interrupted before the sweep started; nothing was written.",
    }
    /// Interrupted, with the command that resumes.
    sweep_interrupted(finished: usize, selected: usize, dir: &str, resume: &str) {
        zh: "已中断：{selected} 个点中已完成 {finished} 个，结果已记录在 {dir}。\n继续运行（只求解其余的点）：\n  {resume}",
        en: "interrupted: {finished} of {selected} points are finished and recorded in {dir}.\nResume (solves only the rest) with:\n  {resume}",
    }
    /// The notice of the first Ctrl-C.
    sweep_stopping() {
        zh: "\n正在停止：正在求解的点完成后记录结果（再按 Ctrl-C 立即停止）",
        en: "\nstopping: the points being solved finish and are recorded (Ctrl-C again stops at once)",
    }

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
        zh: "逐年规划（`myopic`）",
        en: "myopic",
    }
    /// The horizon mode.
    roadmap_horizon() {
        zh: "全期统筹（`horizon`）",
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

    /// A year kept from an earlier run.
    roadmap_kept(year: i32) {
        zh: "  {year} 年：沿用上次运行的结果",
        en: "  {year}: kept from the earlier run",
    }
    /// A year planned.
    roadmap_year(year: i32, level: &str, recruits: i64, retirements: i64, leavers: i64, moved: i64) {
        zh: "  {year} 年：均衡水平 {level}，招录 {recruits} 人，退休 {retirements} 人，其他减员 {leavers} 人，调动 {moved} 人",
        en: "  {year}: level {level}, {recruits} recruits, {retirements} retired, {leavers} left, {moved} moved",
    }
    /// A level without workload.
    roadmap_any_level() {
        zh: "任意（无工作量）",
        en: "any (no workload)",
    }
    /// The worst year.
    roadmap_worst(year: i32, level: f64) {
        zh: "  最差年份        {year} 年：均衡水平 {level:.4}",
        en: "  worst year           {year}: balance level {level:.4}",
    }
    /// No worst year.
    roadmap_no_worst() {
        zh: "  最差年份        无（没有工作量）",
        en: "  worst year           none (no workload)",
    }
    /// The force over the roadmap.
    roadmap_force(start: i64, end: &str, recruits: i64, retirements: i64, leavers: i64, moved: i64) {
        zh: "  警力            {start} → {end}；招录 {recruits} 人，退休 {retirements} 人，其他减员 {leavers} 人，调动 {moved} 人次",
        en: "  force                {start} → {end}; {recruits} recruits, {retirements} retirements, {leavers} other leavers, {moved} officers moved",
    }
    /// A resumed roadmap.
    roadmap_resumed(kept: usize, planned: usize) {
        zh: "  续算            沿用 {kept} 年，本次规划 {planned} 年",
        en: "  resumed              {kept} years kept, {planned} planned now",
    }
    /// What a roadmap wrote.
    roadmap_wrote(dir: &str) {
        zh: "  已写入          {dir}/（report.html、roadmap.csv、roadmap_counties.csv、summary.json、图表、plans/<年份>/ 各年方案文件）",
        en: "  wrote                {dir}/ (report.html, roadmap.csv, roadmap_counties.csv, summary.json, charts, plans/<year>/ with the files a solve writes)",
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
