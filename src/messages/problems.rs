//! The catalogue's errors in the data's language: a scenario's key or
//! value that cannot be used ([`crate::error::KeyProblem`]), and the rules
//! no plan can meet ([`crate::plan::Infeasibility`]: which county, which
//! rule, by how much). The library returns them as values; the command
//! line words them here. Each English text is the library's own
//! (`Display`), word for word.

use crate::report::Lang;

/// A count of people: "313 人" in Chinese, "313 station officers" in
/// English (`noun` singular, pluralised).
pub fn people(lang: Lang, n: i64, noun: &str) -> String {
    match (lang, n) {
        (Lang::Zh, _) => format!("{n} 人"),
        (Lang::En, 1) => format!("1 {noun}"),
        (Lang::En, _) => format!("{n} {noun}s"),
    }
}

/// Names in backticks, joined as a list reads in `lang` (`a`、`b` or
/// `a`, `b`).
pub fn ticked(lang: Lang, names: &[String]) -> String {
    let shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    shown.join(lang.pick("、", ", "))
}

catalogue! {
    // ---- a row or a table of the data ----
    /// A whole file's problem.
    input_file(file: &str, problem: &str) {
        zh: "文件 {file}：{problem}",
        en: "{file}: {problem}",
    }
    /// A row with a field too many or too few.
    data_field_count(found: usize, width: usize, separator: &str) {
        zh: "有 {found} 个字段，但表头有 {width} 个：请检查是否多了或少了{separator}",
        en: "has {found} fields but the header has {width}; check for a stray or missing {separator}",
    }
    /// A tab.
    separator_tab() { zh: "制表符", en: "tab", }
    /// A semicolon.
    separator_semicolon() { zh: "分号", en: "semicolon", }
    /// A comma.
    separator_comma() { zh: "逗号", en: "comma", }
    /// A separator not known.
    separator_any() { zh: "分隔符", en: "separator", }
    /// A county without stations.
    data_county_without_stations(county: &str, stations: &str) {
        zh: "县局 `{county}` 在 {stations} 中没有派出所；每个县局至少要有一个派出所",
        en: "county `{county}` has no stations in {stations}; every county needs at least one",
    }
    /// A table without rows.
    data_no_rows() {
        zh: "只有表头，没有数据行",
        en: "has a header but no data rows",
    }
    /// A workbook given as CSV.
    data_workbook_as_csv() {
        zh: "是 Excel 工作簿，不是 CSV 文本：请在情景中把文件扩展名写作 .xlsx（或 .xls），或在 Excel 中另存为“CSV UTF-8”",
        en: "is an Excel workbook, not CSV text; give it the extension .xlsx (or .xls) in the scenario, or save it from Excel as \"CSV UTF-8\"",
    }
    /// UTF-16 text given as CSV.
    data_utf16() {
        zh: "是 UTF-16 文本（Excel 的 `Unicode Text`）：请另存为“CSV UTF-8”或 CSV",
        en: "is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\" or as CSV instead",
    }

    /// Bytes that are not UTF-8 or GBK text.
    data_undecodable(bytes: &str, offset: usize) {
        zh: "第 {offset} 字节处的字节 {bytes} 不是 UTF-8 或 GBK/GB18030 文本：请在 Excel 中打开文件，另存为“CSV UTF-8”",
        en: "the bytes {bytes} at byte offset {offset} are not UTF-8 or GBK/GB18030 text; open the file in Excel and save it as \"CSV UTF-8\"",
    }
    /// Bytes that are not UTF-8 after a UTF-8 byte-order mark.
    data_undecodable_after_bom(bytes: &str, offset: usize) {
        zh: "文件以 UTF-8 字节顺序标记开头，但第 {offset} 字节处的字节 {bytes} 不是 UTF-8 文本：请在 Excel 中打开文件，另存为“CSV UTF-8”",
        en: "the bytes {bytes} at byte offset {offset} are not UTF-8 text, although the file starts with a UTF-8 byte-order mark; open the file in Excel and save it as \"CSV UTF-8\"",
    }
    /// A row starting with a byte-order mark: two files joined.
    data_joined_bom() {
        zh: "以字节顺序标记（`U+FEFF`，另存为“CSV UTF-8”的文件开头的不可见标记）开头：看来是两个文件拼接成了一个（例如用 `cat a.csv b.csv`）；请重新输入该行第一个单元格以去掉该标记，如有第二个文件的表头行也请删除，或把两个文件分开",
        en: "starts with a byte-order mark (U+FEFF), the invisible mark that begins a file saved as \"CSV UTF-8\": this looks like two files joined into one (for example with `cat a.csv b.csv`); retype the row's first cell to drop the mark, and delete the second file's header row if it is there, or keep the files apart",
    }
    /// A row repeating the header: two files joined.
    data_joined_header() {
        zh: "重复了表头行：看来是两个文件拼接成了一个（例如用 `cat a.csv b.csv`）；请删除第二个表头行，或把两个文件分开",
        en: "repeats the header row: this looks like two files joined into one (for example with `cat a.csv b.csv`); delete the second header row, or keep the files apart",
    }

    // ---- a scenario's key or value ----
    /// A scenario file's problem.
    key_in_file(file: &str, problem: &str) {
        zh: "情景文件 {file}：{problem}",
        en: "{file}: {problem}",
    }
    /// A `--set` value that cannot be read.
    key_set_reading(key: &str, value: &str, problem: &str) {
        zh: "命令行 --set `{key}={value}`：{problem}",
        en: "--set {key}={value}: {problem}",
    }
    /// A value refused that `--set` gave.
    key_set_value(problem: &str, key: &str, value: &str) {
        zh: "{problem}（该值来自 --set `{key}={value}`）",
        en: "{problem} (the value comes from --set {key}={value})",
    }
    /// A key's value is not valid.
    key_invalid(key: &str, value: &str, valid: &str) {
        zh: "`{key}` = `{value}` 无效：{valid}",
        en: "`{key}` = {value} is not valid: {valid}",
    }
    /// A key that is not in the registry.
    key_unknown(key: &str, hint: &str) {
        zh: "`{key}` 不是情景参数{hint}（全部参数见 docs/scenario-keys.md）",
        en: "`{key}` is not a scenario key{hint} (every key: docs/scenario-keys.md)",
    }
    /// The nearest name, after a list of words.
    key_near(near: &str) {
        zh: "；是否想写 `{near}`？",
        en: "; did you mean `{near}`?",
    }
    /// The nearest name, on a line of its own.
    key_near_line(near: &str) {
        zh: "\n是否想写 `{near}`？",
        en: "\ndid you mean `{near}`?",
    }
    /// The nearest name, before what follows.
    key_near_then(near: &str) {
        zh: "是否想写 `{near}`？",
        en: "did you mean `{near}`? ",
    }
    /// Where the parser stopped in a scenario file.
    key_at(line: usize, column: usize, shown: &str) {
        zh: "情景文件第 {line} 行第 {column} 列：\n{shown}\n",
        en: "TOML parse error at line {line}, column {column}\n{shown}\n",
    }
    /// A field its table does not have.
    key_unknown_field(field: &str, expected: &str) {
        zh: "`{field}` 不是此处可用的参数，{expected}",
        en: "unknown field `{field}`, {expected}",
    }
    /// The table has no fields.
    key_fields_none() {
        zh: "此处没有可用的参数",
        en: "there are no fields",
    }
    /// The table's one field.
    key_fields_one(name: &str) {
        zh: "应为 `{name}`",
        en: "expected `{name}`",
    }
    /// The table's two fields.
    key_fields_two(a: &str, b: &str) {
        zh: "应为 `{a}` 或 `{b}`",
        en: "expected `{a}` or `{b}`",
    }
    /// The table's fields.
    key_fields_many(names: &str) {
        zh: "应为以下之一：{names}",
        en: "expected one of {names}",
    }
    /// The table holding the field.
    key_field_table(table: &str) {
        zh: "\n（在 `{table}` 表中）",
        en: "\nin `{table}`",
    }
    /// The files merged into the scenario.
    key_merged(files: &str) {
        zh: "（情景由 {files} 合并而成）",
        en: " (in the scenario merged from {files})",
    }
    /// What joins a scenario to the one it extends.
    key_extending() {
        zh: " 继承 ",
        en: " extending ",
    }
    /// A value of another type than its key's.
    key_wrong_type(found: &str, expected: &str) {
        zh: "类型不对：应为{expected}，这里写的是{found}",
        en: "invalid type: {found}, expected {expected}",
    }
    /// A word not in its key's list.
    key_unknown_variant(variant: &str, expected: &str) {
        zh: "`{variant}` 不是可用的取值，{expected}",
        en: "unknown variant `{variant}`, {expected}",
    }
    /// The key takes no word.
    key_variants_none() {
        zh: "此处没有可用的取值",
        en: "there are no variants",
    }
    /// A number, as a type.
    type_number() { zh: "数字（不加引号）", en: "a number", }
    /// A whole number, as a type.
    type_whole() { zh: "整数", en: "a whole number", }
    /// True or false, as a type.
    type_bool() { zh: "`true` 或 `false`", en: "a boolean", }
    /// Text, as a type.
    type_text() { zh: "加引号的文本", en: "a string", }
    /// A list, as a type.
    type_list() { zh: "列表（[…]）", en: "a sequence", }
    /// A table, as a type.
    type_table() { zh: "表（{{…}}）", en: "a map", }
    /// A value of text, as found.
    found_text(value: &str) { zh: "文本 {value}", en: "string {value}", }
    /// A number with a fraction, as found.
    found_fraction(value: &str) { zh: "小数 {value}", en: "floating point {value}", }
    /// A whole number, as found.
    found_whole(value: &str) { zh: "整数 {value}", en: "integer {value}", }
    /// True or false, as found.
    found_bool(value: &str) { zh: "布尔值 {value}", en: "boolean {value}", }
    /// A renamed key.
    key_renamed(old: &str, new: &str, why: &str) {
        zh: "`{old}` 已更名为 `{new}`：{why}；是否想写 `{new}`？",
        en: "`{old}` was renamed `{new}`: {why}; did you mean `{new}`?",
    }
    /// A `*` key naming what the scenario lacks.
    key_not_in_scenario(name: &str, prefix: &str, listed: &str, hint: &str) {
        zh: "情景中 `{prefix}` 下没有 `{name}`（现有：{listed}）；{hint}--set 只能修改情景已有的值，新增请写入情景文件",
        en: "the scenario has no `{name}` under `{prefix}` (it has {listed}); {hint}--set changes the values a scenario has; add a new one in the scenario file",
    }
    /// Nothing listed.
    key_none() {
        zh: "无",
        en: "none",
    }
    /// `--set` on a table with a header of its own.
    key_table_header(key: &str, header: &str) {
        zh: "`{key}` 是单独的表（{header}），--set 不能修改；请在情景文件中编辑",
        en: "`{key}` is a table of its own ({header}), which --set cannot change; edit it in the scenario file",
    }
    /// `--set` on a table key.
    key_table(key: &str) {
        zh: "`{key}` 是单独的表，--set 不能修改；请在情景文件中编辑",
        en: "`{key}` is a table of its own, which --set cannot change; edit it in the scenario file",
    }
    /// `--set extend`.
    key_extend() {
        zh: "`extend` 不能在命令行设置：读取文件时就已按它合并；请写在情景文件中",
        en: "`extend` cannot be set from the command line: it is followed while the files are read; write it in the scenario file",
    }

    // ---- what a value must be ----
    /// A share.
    valid_share() {
        zh: "比例应在 0 到 1 之间",
        en: "a share must lie in [0, 1]",
    }
    /// A share given as a percentage.
    valid_share_percent(percent: &str, share: &str) {
        zh: "比例应在 0 到 1 之间：{percent}% 请写作 {share}",
        en: "a share must lie in [0, 1]: for {percent}% write {share}",
    }
    /// A number in a range (`unit`: the key's label in Chinese, the unit in English).
    valid_between(min: &str, max: &str, unit: &str) {
        zh: "应在 {min} 到 {max} 之间（{unit}）",
        en: "it must lie between {min} and {max} ({unit})",
    }
    /// A whole number from 0.
    valid_count(max: i64) {
        zh: "应为 0 到 {max} 之间的整数",
        en: "it must be a whole number from 0 to {max}",
    }
    /// A whole number either side of 0.
    valid_signed_count(max: i64) {
        zh: "应为 -{max} 到 {max} 之间的整数",
        en: "it must be a whole number between -{max} and {max}",
    }
    /// Not negative.
    valid_not_negative() {
        zh: "应为 0 或以上的整数",
        en: "it must be a whole number of 0 or more",
    }
    /// At most.
    valid_at_most(max: i64) {
        zh: "应为不超过 {max} 的整数",
        en: "it must be a whole number of at most {max}",
    }
    /// Anything.
    valid_any() {
        zh: "任意值",
        en: "any value",
    }
    /// A number.
    valid_number(example: &str) {
        zh: "请填写数字，例如 {example}",
        en: "give a number, for example {example}",
    }
    /// A percentage for a share.
    valid_percent(share: &str) {
        zh: "比例应写作 0 到 1 之间的小数：请写 {share}",
        en: "a share is written as a number from 0 to 1: write {share}",
    }
    /// A whole number.
    valid_whole() {
        zh: "请填写整数，例如 3",
        en: "give a whole number, for example 3",
    }
    /// True or false.
    valid_bool() {
        zh: "请填写 `true`（是）或 `false`（否）",
        en: "give true or false",
    }
    /// One of a list of words.
    valid_choice(words: &str, hint: &str) {
        zh: "请使用 {words}{hint}",
        en: "use {words}{hint}",
    }
    /// What joins the last two words of a choice.
    valid_or() {
        zh: " 或 ",
        en: " or ",
    }
    /// Not empty.
    valid_not_empty() {
        zh: "请填写一个值",
        en: "give a value",
    }
    /// A scenario name.
    valid_name() {
        zh: "请给情景起一个名称",
        en: "give the scenario a name",
    }

    // ---- a rule joining a scenario's keys ----
    /// A range and what a value of `force.scale` means.
    valid_force_scale(valid: &str) {
        zh: "{valid}（0.97 表示各县局保留 97% 的警力）",
        en: "{valid} (0.97 keeps 97% of every county's force)",
    }
    /// A provincial auxiliary total with county budgets.
    rule_total_with_county_budgets() {
        zh: "全省辅警总数只在 `[auxiliaries] budget_scope = \"province\"` 时适用，而本情景写的是 `budget_scope = \"county\"`（各县局保留自己的辅警编制：现有人数，或 counties.csv 的 `auxiliary_budget` 列）；请删除 `total`，或改为 `budget_scope = \"province\"` 以在各县局间分配一个全省总数",
        en: "a provincial total applies only with `[auxiliaries] budget_scope = \"province\"`, and this scenario sets `budget_scope = \"county\"` (each county keeps its own posts: today's count, or the `auxiliary_budget` column of counties.csv). Remove `total`, or set `budget_scope = \"province\"` to share one provincial total across counties",
    }
    /// No community-officer norm.
    rule_norms_missing() {
        zh: "请为每类派出所给出社区民警配置标准，例如 `urban = 5000` 和 `rural = 3000`",
        en: "give a norm for every station kind, for example urban = 5000 and rural = 3000",
    }
    /// A call category's name.
    rule_category_name() {
        zh: "警情类别名称只能由字母、数字、`_` 或 `-` 组成；其警情数读自 `calls_<name>` 列",
        en: "a category name is letters, digits, `_` or `-`; its calls are read from the column `calls_<name>`",
    }
    /// `reactive_share = 0`.
    rule_reactive_share_zero() {
        zh: "民警必须留出处警时间（比例应大于 0）",
        en: "officers must keep some time for calls (a share above 0)",
    }
    /// A standby weight without standby hours.
    rule_weight_without_hours() {
        zh: "没有 `workload.service.standby_hours`（备勤时段）时此项不起作用；请给出备勤时段，或删除此权重",
        en: "it has no effect without `workload.service.standby_hours` (the hours whose units are on standby); give the hours, or remove the weight",
    }
    /// Standby hours without a standby weight.
    rule_hours_without_weight() {
        zh: "还需给出 `workload.service.standby_weight`：备勤一个单元小时折合值勤单元小时的比例，0 到 1（例如 0.5）",
        en: "give `workload.service.standby_weight` too: what a standby unit-hour costs as a share of a duty unit-hour, from 0 to 1 (for example 0.5)",
    }
    /// Station kinds for hours not given.
    rule_kinds_without_hours(hours_key: &str) {
        zh: "没有 `{hours_key}` 时此项不起作用；请给出时段（0 到 23），或删除这些派出所类别",
        en: "it has no effect without `{hours_key}`; give the hours (0 to 23), or remove the kinds",
    }
    /// Hours of the day.
    rule_hours() {
        zh: "每个时段应为 0（00:00 至 01:00）到 23（23:00 至 24:00）之间的整数，且只列一次",
        en: "each hour must be a whole number from 0 (00:00 to 01:00) to 23 (23:00 to 24:00), listed once",
    }

    /// An hourly profile without 24 shares.
    rule_profile_length(found: usize) {
        zh: "应有 24 个比例，0 到 23 时每小时一个；这里有 {found} 个",
        en: "it must have 24 shares, one for each hour 0 to 23; it has {found}",
    }
    /// An hourly profile's bad share.
    rule_profile_share(hour: usize, value: &str) {
        zh: "{hour} 时的比例为 {value}；每个比例都应为 0 或以上的数字",
        en: "the share of hour {hour} is {value}; every share must be a number of 0 or more",
    }
    /// An hourly profile not adding up to 1.
    rule_profile_sum(tolerance: &str, sum: &str) {
        zh: "各比例之和应为 1（± {tolerance}），这里为 {sum}",
        en: "the shares must add up to 1 (± {tolerance}); they add up to {sum}",
    }

    // ---- the levers ([force], [recruits]) ----
    /// Too few recruits for balance level 0 (`total`, `needed`: counts in words).
    lever_too_few(total: &str, needed: &str, detail: &str) {
        zh: "新招民警 {total}不够：即使均衡水平 0 也需要新警 {needed}（{detail}）",
        en: "{total} too few: even balance level 0 needs {needed} ({detail})",
    }
    /// The recruits given, as the subject of "too few".
    lever_recruits(total: i64) {
        zh: "{total} 人",
        en: "{total} recruits are",
    }
    /// One recruit given, as the subject of "too few".
    lever_one_recruit() {
        zh: "1 人",
        en: "1 recruit is",
    }
    /// A county short of officers at level 0.
    lever_county_needs(county: &str, n: i64) {
        zh: "县局 {county} 需要 {n} 人",
        en: "{county} needs {n}",
    }
    /// A county no number of officers lets meet its rules.
    lever_county_unreachable(county: &str) {
        zh: "县局 {county} 无论增加多少人都无法满足其规定",
        en: "{county} cannot meet its rules with any number",
    }
    /// A force change leaving a county a negative force.
    lever_negative_force(county: &str, scale: f64, add: i64, force: i64, before: i64) {
        zh: "县局 {county}：警力调整（缩放倍数 {scale}，每县增减 {add} 人）使 {before} 人的警力变为 {force} 人；警力不能为负数",
        en: "county {county}: the force change (scale {scale}, add {add}) leaves {force} officers of {before}; a force cannot be negative",
    }
    /// A force change making a county's force too large.
    lever_force_too_large(county: &str, scale: f64, add: i64, force: i64, before: i64, max: i64) {
        zh: "县局 {county}：警力调整（缩放倍数 {scale}，每县增减 {add} 人）使 {before} 人的警力变为 {force} 人，超过上限 {max} 人；请检查情景的 `[force]` 表",
        en: "county {county}: the force change (scale {scale}, add {add}) makes {force} officers of {before}, above the limit of {max} officers; check [force]",
    }

    // ---- the rules no plan can meet ----
    /// The list of broken rules.
    no_plan_meets(list: &str) {
        zh: "没有方案能满足全部规定：\n{list}",
        en: "no plan meets every rule:\n{list}",
    }
    /// The station share's need.
    infeasible_share(county: &str, share: &str, needed: &str, force: i64) {
        zh: "县局 {county}：派出所警力占比不低于 {share} 的规定要求派出所民警至少 {needed}（全部民警 {force} 人），",
        en: "county {county}: the {share} station-share rule needs at least {needed} (of a force of {force}), ",
    }
    /// What the HQ minimum leaves.
    infeasible_left(hq_min: i64, available: i64) {
        zh: "但机关最低警力 {hq_min} 人之外只剩 {available} 人；",
        en: "but hq_min {hq_min} leaves only {available}; ",
    }
    /// What the HQ minimum and the seconded leave.
    infeasible_left_away(hq_min: i64, away: &str, available: i64) {
        zh: "但除去机关最低警力 {hq_min} 人和借调在外 {away}，只剩 {available} 人；",
        en: "but hq_min {hq_min} and {away} seconded away leave only {available}; ",
    }
    /// Lowering the HQ minimum.
    infeasible_lower_hq(hq_min: i64, to: i64) {
        zh: "将机关最低警力由 {hq_min} 人降至 {to} 人",
        en: "lowering hq_min from {hq_min} to {to}",
    }
    /// Lowering the HQ minimum, then recalling.
    infeasible_lower_hq_and(hq_min: i64, to: i64) {
        zh: "将机关最低警力由 {hq_min} 人降至 {to} 人、",
        en: "lowering hq_min from {hq_min} to {to}, ",
    }
    /// Recalling the seconded.
    infeasible_recall(n: i64) {
        zh: "召回借调民警 {n} 人（`[strength] recall_seconded = true`）",
        en: "recalling {n} of the seconded ([strength] recall_seconded = true)",
    }
    /// Recalling is not enough.
    infeasible_and_more() {
        zh: "（仍不够，还需其他措施）",
        en: " and more",
    }
    /// Or adding to the force.
    infeasible_or_add(k: &str) {
        zh: "，或给该县局增加警力 {k}，即可解决",
        en: " or adding {k} to the force would fix it",
    }
    /// The fix, with no force that would do.
    infeasible_would_fix() {
        zh: "即可解决",
        en: " would fix it",
    }
    /// The station minimums against the HQ minimum.
    infeasible_minimums(county: &str, needed: &str, available: i64, force: i64, hq_min: i64, away: &str, more: &str) {
        zh: "县局 {county}：各派出所最低警力合计需要 {needed}，但该县局只能向派出所派 {available} 人（全部民警 {force} 人，机关最低警力 {hq_min} 人{away}）；增加 {more}或降低各所最低警力即可解决",
        en: "county {county}: the station minimums need {needed}, but the county can post only {available} to stations (force {force}, hq_min {hq_min}{away}); {more} or lower minimums would fix it",
    }
    /// The seconded, in the minimums' reason.
    infeasible_away(away: &str) {
        zh: "，借调在外 {away}",
        en: ", {away} seconded away",
    }
    /// One station's bounds.
    infeasible_station(county: &str, station: &str, conflict: &str) {
        zh: "县局 {county}，派出所 {station}：{conflict}",
        en: "county {county}, station {station}: {conflict}",
    }
    /// The capacity of the stations against a rule.
    infeasible_capacity(county: &str, rule: &str, needed: &str, capacity: i64, by: i64) {
        zh: "县局 {county}：{rule}要求派出所民警至少 {needed}，但营房容量（max_officers）、锁定的派出所和单所调动上限只允许 {capacity} 人；请将 max_officers 合计提高 {by} 人，或解除锁定、提高单所调动上限",
        en: "county {county}: {rule} needs at least {needed}, but building capacity (max_officers), locked stations and station move caps allow only {capacity}; raise max_officers by {by} in total, or unlock stations or raise their move caps",
    }
    /// The station-share rule, as a capacity's rule.
    rule_share(share: &str) {
        zh: "派出所警力占比不低于 {share} 的规定",
        en: "the {share} station-share rule",
    }
    /// The station minimums, as a capacity's rule.
    rule_minimums() {
        zh: "各所最低警力",
        en: "the station minimums",
    }
    /// The county's move cap.
    infeasible_move_cap(county: &str, needed: &str, cap: i64, to: i64) {
        zh: "县局 {county}：即使最低的均衡水平也需调动 {needed}，但该县局的调动上限为 {cap} 人；请将上限提高到 {to}",
        en: "county {county}: even the lowest balance level needs {needed} moved, but the county's move cap is {cap}; raise the cap to {to}",
    }
    /// A station's floor set by its 24-hour posts.
    floor_posts(n: &str) {
        zh: "其 24 小时值守岗位需要 {n}",
        en: "its 24-hour duty posts need {n}",
    }
    /// A station's floor set by its minimum.
    floor_minimum(n: &str) {
        zh: "其最低警力为 {n}",
        en: "its minimum is {n}",
    }
    /// Fewer 24-hour posts.
    fix_cut_posts(n: f64) {
        zh: "将 24 小时值守岗位减至 {n} 个",
        en: "cut its 24-hour posts to {n}",
    }
    /// A lower minimum.
    fix_lower_minimum(n: i64) {
        zh: "将最低警力降至 {n} 人",
        en: "lower the minimum to {n}",
    }
    /// A locked station below its floor.
    conflict_locked(today: &str, floor: &str, fix: &str) {
        zh: "该所已锁定为现有的 {today}，但{floor}；请解除锁定或{fix}",
        en: "the station is locked at its {today} but {floor}; unlock it or {fix}",
    }
    /// Restricted officers above the building's capacity.
    conflict_restricted(people: &str, max: i64, restricted: i64) {
        zh: "该所 {people} 不能值班（`restricted` 列）须留在所内，但其营房容量 max_officers = {max}；请将 max_officers 提高到 {restricted}",
        en: "its {people} who cannot take duty shifts (restricted) stay at the station, but its building holds max_officers = {max}; raise max_officers to {restricted}",
    }
    /// A floor above the building's capacity.
    conflict_capacity(floor: &str, max: i64, by: i64, fix: &str) {
        zh: "{floor}，但其营房容量 max_officers = {max}；请将 max_officers 提高 {by} 或{fix}",
        en: "{floor} but its building holds max_officers = {max}; raise max_officers by {by} or {fix}",
    }
    /// A move cap below the floor.
    conflict_gain(today: &str, floor: &str, cap: i64, to: i64) {
        zh: "该所现有 {today}，{floor}，但最多只能调入 {cap} 人（单所调动上限）；请将调动上限提高到 {to}",
        en: "it has {today} and {floor}, but may gain only {cap} (station move cap); raise its move cap to {to}",
    }
    /// A move cap above the building's capacity.
    conflict_lose(today: &str, max: i64, cap: i64, cap_to: i64, max_to: i64) {
        zh: "该所现有 {today}，营房容量 max_officers = {max}，最多只能调出 {cap} 人（单所调动上限）；请将调动上限提高到 {cap_to}，或将 max_officers 提高到 {max_to}",
        en: "it has {today}, its building holds max_officers = {max}, and it may lose only {cap} (station move cap); raise its move cap to {cap_to} or max_officers to {max_to}",
    }
    /// Bounds that contradict otherwise.
    conflict_bounds(floor: &str, cap: i64) {
        zh: "该所至少需要 {floor}，但最多只能有 {cap} 人",
        en: "it needs at least {floor} but may have at most {cap}",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_in_each_language() {
        assert_eq!(people(Lang::Zh, 313, "station officer"), "313 人");
        assert_eq!(people(Lang::En, 1, "officer"), "1 officer");
        assert_eq!(people(Lang::En, 2, "more officer"), "2 more officers");
        let names = ["a".to_string(), "b".to_string()];
        assert_eq!(ticked(Lang::Zh, &names), "`a`、`b`");
    }
}
