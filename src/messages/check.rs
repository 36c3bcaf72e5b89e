//! `staffing check`: the data's summary and the warnings it gives before any solve.

use crate::report::Lang;

catalogue! {
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
        zh: "  `[{table}]`  {points} 个计算点，参数 {keys}",
        en: "  [{table}]  {points} point{s} over {keys}",
    }

}
