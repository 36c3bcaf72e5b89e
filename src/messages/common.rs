//! The data's warnings and errors, framed in the data's language, and the contexts that say what a command was doing when it failed.

use super::plural;
use crate::report::Lang;

/// A plan's or a sweep point's status (`optimal`, `time_limit`,
/// `infeasible`, `error`) in words; an unknown status as it is.
pub fn status(lang: Lang, s: &str) -> String {
    match s {
        "optimal" => status_optimal(lang),
        "time_limit" => status_time_limit(lang),
        "infeasible" => status_infeasible(lang),
        "error" => status_error(lang),
        other => other.to_string(),
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
    /// `--jobs 0`.
    jobs_zero() {
        zh: "--jobs 0：至少要有 1 个工作线程",
        en: "--jobs 0: give at least 1 worker",
    }
    /// Reading `--shard` failed.
    reading_shard() {
        zh: "读取 --shard",
        en: "reading --shard",
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

    // ---- the status of a plan or a point ----
    /// Proven optimal.
    status_optimal() {
        zh: "最优",
        en: "optimal",
    }
    /// Stopped at the time limit.
    status_time_limit() {
        zh: "达到时间限制（方案可行，未证明最优）",
        en: "time_limit (feasible, not proven optimal)",
    }
    /// No plan.
    status_infeasible() {
        zh: "无可行方案",
        en: "infeasible",
    }
    /// An error.
    status_error() {
        zh: "出错",
        en: "error",
    }
}
