//! Chinese names of output columns and workbook sheets.
//!
//! Output tables are built with English column keys (`officers_before`);
//! with `--lang zh` (the default for Chinese data) CSV and `plan.xlsx`
//! headers and sheet names are written in Chinese from this catalog. Columns
//! the analyst brought in (序号, 备注) keep their own header. A test walks
//! every table of a solve and fails when a column has no Chinese name.

use std::borrow::Cow;

use super::lang::Lang;

/// (column key, Chinese header), for every column of every plan table.
pub const HEADERS: &[(&str, &str)] = &[
    // allocation.csv
    ("station_id", "派出所编号"),
    ("county_id", "县局编号"),
    ("name", "名称"),
    ("kind", "类型"),
    ("officers", "民警"),
    ("community_officers", "社区民警"),
    ("auxiliaries", "辅警"),
    ("officers_before", "调整前民警"),
    ("community_officers_before", "调整前社区民警"),
    ("auxiliaries_before", "调整前辅警"),
    ("officers_change", "民警增减"),
    ("community_officers_change", "社区民警增减"),
    ("auxiliaries_change", "辅警增减"),
    ("calls_per_duty_officer_before", "调整前值班民警人均警情"),
    ("calls_per_duty_officer_after", "调整后值班民警人均警情"),
    (
        "residents_per_community_officer_before",
        "调整前社区民警人均服务人口",
    ),
    (
        "residents_per_community_officer_after",
        "调整后社区民警人均服务人口",
    ),
    ("binding", "制约均衡水平"),
    ("duty_requirement", "值班警力需求(人)"),
    ("community_requirement", "社区警力需求(人)"),
    ("data_warning", "数据警告"),
    ("units_needed_per_day", "服务标准每日所需出警组时数"),
    ("auxiliary_duty_need", "服务标准辅警值班需求(人)"),
    ("busiest_hour_pooled", "高峰时段联勤"),
    ("busiest_hour", "警情高峰时段(时)"),
    ("wait_probability_peak_before", "调整前高峰时段警情等待概率"),
    ("wait_probability_peak_after", "调整后高峰时段警情等待概率"),
    (
        "mean_wait_minutes_peak_before",
        "调整前高峰时段平均等待(分钟)",
    ),
    (
        "mean_wait_minutes_peak_after",
        "调整后高峰时段平均等待(分钟)",
    ),
    ("service_standard_met_before", "调整前达到服务标准"),
    ("service_standard_met_after", "调整后达到服务标准"),
    // methods.csv, method_stations.csv
    ("method", "值班需求算法"),
    ("officers_short_of_level_one", "达到均衡水平1.0尚缺民警"),
    ("duty_requirement_total", "值班警力需求合计(人)"),
    ("stations_meeting_service_standard", "达到服务标准的派出所"),
    ("calls_handled", "年处理警情"),
    ("duty_requirement_hours", "工时法值班需求(人)"),
    ("duty_requirement_erlang_c", "服务水平法值班需求(人)"),
    ("duty_requirement_difference", "值班需求差值(人)"),
    ("officers_hours_plan", "工时法方案民警"),
    ("officers_erlang_c_plan", "服务水平法方案民警"),
    // counties.csv
    ("officers_total", "总警力"),
    ("officers_total_after", "调整后总警力"),
    ("recruits", "新招民警"),
    ("hq_min", "机关最少警力"),
    ("station_officers_before", "调整前派出所警力"),
    ("station_officers_after", "调整后派出所警力"),
    ("hq_officers_before", "调整前机关警力"),
    ("hq_officers_after", "调整后机关警力"),
    ("community_officers_after", "调整后社区民警"),
    ("station_share_before", "调整前派出所警力占比"),
    ("station_share_after", "调整后派出所警力占比"),
    ("station_rule_before", "调整前派出所占比达标"),
    ("station_rule_after", "调整后派出所占比达标"),
    ("community_share_before", "调整前社区民警占比"),
    ("community_share_after", "调整后社区民警占比"),
    ("community_rule_before", "调整前社区占比达标"),
    ("community_rule_after", "调整后社区占比达标"),
    ("officers_moved", "调动民警"),
    ("county_max_balance_level", "本县单独可达均衡水平"),
    // transfers.csv
    ("county_name", "县局名称"),
    ("from_id", "调出单位编号"),
    ("from_name", "调出单位"),
    ("to_id", "调入单位编号"),
    ("to_name", "调入单位"),
    // compliance.csv
    ("village_cover_before", "调整前村级辅警覆盖率"),
    ("village_cover_after", "调整后村级辅警覆盖率"),
    (
        "stations_short_of_villages_before",
        "调整前辅警少于村数的派出所",
    ),
    (
        "stations_short_of_villages_after",
        "调整后辅警少于村数的派出所",
    ),
    ("village_rule_before", "调整前一村一辅警达标"),
    ("village_rule_after", "调整后一村一辅警达标"),
    ("breaks_a_rule_today", "目前有未达标规则"),
    ("breaks_a_rule_after", "调整后有未达标规则"),
    ("auxiliary_posts_before", "调整前辅警合计"),
    ("auxiliary_posts_after", "调整后辅警合计"),
    ("villages", "村(社区)数"),
    (
        "stations_cut_below_one_per_village",
        "调低至不足一村一辅警的派出所",
    ),
    ("village_note", "一村一辅警说明"),
    // binding.csv
    ("dimension", "制约维度"),
    ("requirement_at_level_1", "满负荷需求(人)"),
    ("needed_at_balance_level", "均衡水平所需人数"),
    ("needed_just_above", "再提高一步所需人数"),
    ("limited_by", "制约因素"),
    ("county_hq_today", "县局机关现有民警"),
    ("county_hq_min", "机关最低警力"),
    ("cause", "根本原因"),
    // marginal.csv
    ("rank", "排名"),
    ("county_level", "本县均衡水平"),
    ("county_level_plus_officer", "增一名民警后本县水平"),
    ("county_gain", "本县提高"),
    ("province_level", "全省均衡水平"),
    ("province_level_plus_officer", "增一名民警后全省水平"),
    ("province_gain", "全省提高"),
    ("officer_to_station_id", "新增民警去向编号"),
    ("officer_to_station_name", "新增民警去向"),
    ("officer_dimension", "新增民警岗位"),
    ("county_limited_by", "本县制约因素"),
    ("aux_to_station_id", "新增辅警去向编号"),
    ("aux_to_station_name", "新增辅警去向"),
    ("county_aux_cover", "本县辅警覆盖水平"),
    ("province_aux_level", "全省辅警均衡水平"),
    ("province_aux_level_plus_post", "增一个辅警岗位后全省水平"),
    ("county_level_plus_aux_post", "增一个辅警岗位后本县民警水平"),
    // mergers.csv
    ("case", "情形"),
    ("stations", "派出所数"),
    ("balance_level", "均衡水平"),
    ("auxiliary_balance_level", "辅警均衡水平"),
    ("auxiliaries_changed", "辅警调整人数"),
    ("note", "说明"),
    // real strength (docs/strength.md)
    ("officers_books", "账面民警"),
    ("community_officers_books", "账面社区民警"),
    ("nominal", "挂名民警"),
    ("seconded", "借调抽调民警"),
    ("restricted", "不能值班备勤民警"),
    ("two_teams_one_room_before", "调整前可按两队一室运行"),
    ("two_teams_one_room_after", "调整后可按两队一室运行"),
    ("seconded_away", "在外借调民警"),
    ("station_officers_books", "账面派出所警力"),
    ("station_share_paper", "账面派出所警力占比"),
    ("station_rule_paper", "账面派出所占比达标"),
    ("community_share_paper", "账面社区民警占比"),
    ("community_rule_paper", "账面社区占比达标"),
    ("station_share_real", "实际派出所警力占比"),
    ("station_rule_real", "实际派出所占比达标"),
    ("station_rule_met_on_paper_only", "派出所占比仅账面达标"),
    ("community_share_real", "实际社区民警占比"),
    ("community_rule_real", "实际社区占比达标"),
    ("community_rule_met_on_paper_only", "社区占比仅账面达标"),
    ("auxiliary_ratio_before", "调整前警辅比(每名民警辅警数)"),
    ("auxiliary_ratio_after", "调整后警辅比(每名民警辅警数)"),
    ("village_coverage_before", "调整前一村一辅警覆盖率"),
    ("village_coverage_after", "调整后一村一辅警覆盖率"),
    ("line_kind", "类别"),
    // binding.csv under the `county` and `leximin` targets
    ("fill_step", "逐步抬高的步骤"),
    ("held_level", "保障水平"),
    // fairness.csv
    ("balance_target", "均衡目标"),
    ("lowest_level_before", "调整前最低覆盖水平"),
    ("lowest_level_after", "调整后最低覆盖水平"),
    ("stations_with_workload", "有工作量的派出所"),
    ("stations_below_1_before", "调整前覆盖不足1.0的派出所"),
    ("stations_below_1_after", "调整后覆盖不足1.0的派出所"),
    ("lowest_level_province", "全省统一目标下最低覆盖水平"),
    ("lowest_level_standard", "警力下沉目标下最低覆盖水平"),
    ("lowest_level_county", "本县目标下最低覆盖水平"),
    ("lowest_level_leximin", "字典序目标下最低覆盖水平"),
    ("officers_moved_province", "全省统一目标下调动民警"),
    ("officers_moved_standard", "警力下沉目标下调动民警"),
    ("officers_moved_county", "本县目标下调动民警"),
    ("officers_moved_leximin", "字典序目标下调动民警"),
    // targets.csv
    ("solve_status", "求解状态"),
    ("gini_officers_vs_workload", "民警与工作量基尼系数"),
    ("stations_below_1", "覆盖不足1.0的派出所"),
    ("lowest_level", "最低覆盖水平"),
    ("counties_below_own_best", "低于本县可达水平的县局"),
    ("chosen", "本方案采用"),
    ("moves_beyond_province", "比调动最少的方案多调动"),
];

/// (file stem, Chinese sheet name) of the plan workbook's sheets.
pub const SHEETS: &[(&str, &str)] = &[
    ("allocation", "派出所配置"),
    ("counties", "各县局"),
    ("transfers", "调动清单"),
    ("compliance", "达标情况"),
    ("binding", "制约均衡的派出所"),
    ("marginal", "新增警力效益"),
    ("mergers", "合并对比"),
    ("methods", "两种值班算法对比"),
    ("method_stations", "两种算法差异最大的派出所"),
    ("fairness", "县内均衡"),
    ("targets", "均衡目标比较"),
    ("summary", "摘要"),
];

/// (summary key, Chinese label): the names of `summary.json`'s fields, for
/// the 摘要 sheet of `plan.xlsx` ([`summary_label`]).
pub const SUMMARY: &[(&str, &str)] = &[
    ("scenario", "情景"),
    ("status", "求解状态"),
    ("balance_level", "均衡水平"),
    ("officers_moved", "调动民警"),
    ("headline", "要点"),
    ("officers_from_hq_to_stations", "机关调往派出所民警"),
    ("officers_between_stations", "派出所之间调动民警"),
    ("officers_from_stations_to_hq", "派出所调回机关民警"),
    ("new_officers_to_stations", "新招民警分到派出所"),
    ("recruits_for_level_one", "达到均衡水平1.0尚需新招民警"),
    ("village_coverage", "一村一辅警覆盖率"),
    ("before", "调整前"),
    ("after", "调整后"),
    ("paper", "账面"),
    ("real", "实际"),
    (
        "stations_below_one_auxiliary_per_village",
        "辅警少于村数的派出所",
    ),
    (
        "stations_cut_below_one_auxiliary_per_village",
        "调低至不足一村一辅警的派出所",
    ),
    ("auxiliary_budget_scope", "辅警编制范围"),
    (
        "counties_with_fewer_posts_than_villages",
        "辅警岗位少于村数的县局",
    ),
    ("auxiliary_balance_level", "辅警均衡水平"),
    ("auxiliaries_changed", "调整辅警"),
    ("station_officers", "派出所民警"),
    ("community_officers", "社区民警"),
    ("hq_officers", "机关民警"),
    ("auxiliaries", "辅警"),
    ("auxiliary_budget", "辅警编制"),
    ("worst_calls_per_duty_officer", "值班民警人均警情最高"),
    (
        "worst_residents_per_community_officer",
        "社区民警人均服务人口最高",
    ),
    (
        "worst_calls_per_duty_officer_before",
        "调整前值班民警人均警情最高",
    ),
    (
        "worst_residents_per_community_officer_before",
        "调整前社区民警人均服务人口最高",
    ),
    ("counties", "县局"),
    ("stations", "派出所"),
    ("counties_meeting_station_share", "派出所警力占比达标县局"),
    ("counties_meeting_community_share", "社区民警占比达标县局"),
    ("strength", "实有警力"),
    ("recall_seconded", "召回借调民警"),
    ("station_officers_books", "账面派出所警力"),
    ("nominal", "挂名民警"),
    ("seconded", "借调抽调民警"),
    ("restricted", "不能值班备勤民警"),
    ("station_officers_real", "实际派出所警力"),
    ("community_officers_books", "账面社区民警"),
    ("community_officers_real", "实际社区民警"),
    ("station_share", "派出所警力占比"),
    ("community_share", "社区民警占比"),
    ("station_share_met_on_paper_only", "派出所占比仅账面达标"),
    ("community_share_met_on_paper_only", "社区占比仅账面达标"),
    ("two_teams_one_room", "两队一室"),
    ("community_team", "社区队最少民警"),
    ("case_team", "案件队最少民警"),
    ("command_room", "指挥室最少民警"),
    ("viable", "可按两队一室运行的派出所"),
    ("share", "占比"),
    ("auxiliary_ratio", "警辅比（派出所民警）"),
    ("auxiliary_ratio_force", "警辅比（全部民警）"),
    ("binding_stations", "制约均衡的派出所"),
    ("station_id", "派出所编号"),
    ("name", "名称"),
    ("county_id", "县局编号"),
    ("county_name", "县局名称"),
    ("dimension", "制约维度"),
    ("hq_refill", "机关补足"),
    ("hq_today", "机关现有民警"),
    ("hq_min", "机关最低警力"),
    ("warnings", "数据警告"),
    ("count", "条数"),
    ("list", "清单"),
    ("kind", "类别"),
    ("file", "文件"),
    ("row", "行"),
    ("column", "列"),
    ("value", "值"),
    ("problem", "问题（英文）"),
    ("problem_zh", "问题"),
    ("balance", "均衡"),
    ("target", "均衡目标"),
    ("cap", "达标水平"),
    ("stations_below_1", "覆盖不足1.0的派出所"),
    ("best_level", "本县单独可达均衡水平"),
    ("lowest_level", "最低覆盖水平"),
    ("comparison", "目标比较"),
    ("gini", "基尼系数"),
    ("lowest_level_by_county", "各县最低覆盖水平"),
    ("provenance", "来源"),
    ("tool", "程序"),
    ("version", "版本"),
    ("solver", "求解算法"),
    ("inputs", "输入文件"),
    ("role", "用途"),
    ("path", "路径"),
    ("sha256", "SHA-256"),
    ("encoding", "编码"),
    ("seconds", "用时(秒)"),
    ("service", "服务标准"),
    ("method", "值班需求算法"),
    ("minutes_per_call", "每起警情占用出警组时间(分钟)"),
    ("officers_per_unit", "每组出警民警"),
    ("auxiliaries_per_unit", "每组出警辅警"),
    ("auxiliary_hours_per_year", "辅警年工作时间"),
    ("auxiliary_duty_need", "服务标准辅警值班需求"),
    ("target_wait_probability", "目标等待概率"),
    ("max_utilisation", "出警组利用率上限"),
    ("min_units_on_duty", "每小时最少在岗出警组"),
    ("pool_hours", "联勤时段"),
    ("pool_kinds", "联勤派出所类型"),
    ("standby_hours", "备勤时段"),
    ("standby_kinds", "备勤派出所类型"),
    ("standby_weight", "备勤折算"),
    ("pools", "联勤队列"),
    ("pool_units", "联勤出警组时"),
    ("stations_at_one_unit", "每时段只需一个出警组的派出所"),
    ("stations_meeting_standard", "达到服务标准的派出所"),
    ("duty_requirement", "值班警力需求"),
    ("units_needed_per_day", "每日所需出警组时数"),
    ("weighted_units_per_day", "每日加权出警组时数"),
    ("worst_stations", "最差的派出所"),
    ("busiest_hour", "警情高峰时段"),
    ("wait_probability_peak", "高峰时段等待概率"),
    ("mean_wait_minutes_peak", "高峰时段平均等待(分钟)"),
    ("recruits", "新招民警"),
    ("used", "已分配"),
    ("leftover", "未分配"),
    ("per_county", "各县分配"),
];

/// The 摘要 sheet's label of a dotted `summary.json` path in `lang`: in
/// Chinese each part named ([`SUMMARY`], else a column's name), list
/// positions counted from 1 and ids as they are, joined with ` · `
/// (`strength.station_share.paper` → `实有警力 · 派出所警力占比 · 账面`); in
/// English the path itself.
pub fn summary_label(lang: Lang, path: &str) -> String {
    if lang == Lang::En {
        return path.to_string();
    }
    path.split('.')
        .map(|part| match part.parse::<usize>() {
            Ok(i) => (i + 1).to_string(),
            Err(_) => look_up(SUMMARY, part)
                .or_else(|| look_up(HEADERS, part))
                .unwrap_or(part)
                .to_string(),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A text value of the 摘要 sheet at dotted `path` in `lang`: a word of
/// [`VALUES`] in Chinese, the budget's scope and the exact solver named in
/// Chinese; ids, names, files and digests as they are.
pub fn summary_value<'a>(lang: Lang, path: &str, text: &'a str) -> &'a str {
    if lang == Lang::En {
        return text;
    }
    let last = path.rsplit('.').next().unwrap_or(path);
    match (last, text) {
        ("auxiliary_budget_scope", "county") => "各县编制内调整",
        ("auxiliary_budget_scope", "province") => "全省统筹",
        ("role", "scenario") => "情景",
        ("role", "stations") => "派出所表",
        ("role", "counties") => "县局表",
        ("role", "roster") => "人员名册",
        ("role", "province") => "全省数据",
        ("status" | "target" | "auxiliaries" | "dimension", _) => {
            look_up(VALUES, text).unwrap_or(text)
        }
        ("solver", t) if t.starts_with("staffing-exact per year") => {
            "staffing 精确算法，逐年求解（断点搜索 + 闭式调动计算）；新警分配：逐年方式用精确断点搜索，全期方式用霍尔婚配条件与最大流加断点搜索"
        }
        ("solver", t) if t.starts_with("staffing-exact") => {
            "staffing 精确算法（断点搜索 + 闭式调动计算）"
        }
        ("solver", t) if t.starts_with("milp") || t.contains("MILP") => "混合整数规划（MILP）",
        _ => text,
    }
}

/// (default in words, as the key registry writes it; Chinese, with the
/// values a user types in `<code>`) for every default of a scenario key
/// that is not itself a value.
const DEFAULTS: &[(&str, &str)] = &[
    ("required", "必填"),
    ("required for every station kind", "每种派出所类型必填"),
    (
        "required when men and women retire differently and the data are age bands",
        "男女退休年龄不同且数据为年龄段时必填",
    ),
    (
        "required with standby_hours",
        "设 <code>standby_hours</code> 时必填",
    ),
    ("none", "无"),
    (
        "none (age bands in stations.csv and counties.csv)",
        "无（用 stations.csv 与 counties.csv 中的年龄段）",
    ),
    ("no cap", "不设上限"),
    ("every kind", "所有类型"),
    ("today's total", "现有总数"),
    (
        "[auxiliaries] total, every year",
        "每年取 <code>auxiliaries.total</code>",
    ),
    ("the same as `target`", "与 <code>target</code> 相同"),
    (
        "\"county\" (\"province\" when `total` is given)",
        "<code>\"county\"</code>（给出 <code>total</code> 时为 <code>\"province\"</code>）",
    ),
    (
        "the plan with the fewest moves (province) beside this one, when a target is not province",
        "目标不是 <code>province</code> 时，另解调动最少的方案（<code>province</code>）作对比",
    ),
    (
        "the shipped profile (docs/service.md)",
        "内置的 24 小时分布（见 docs/service.md）",
    ),
];

/// A scenario parameter's value as a page cell (HTML): what the user set,
/// or the key's default. A value a user types (a word such as `county`,
/// `false`, a list) is set in `<code>`; numbers stay plain; a default
/// written in words reads in `lang`, with the keys and values it names in
/// `<code>`.
pub fn parameter_html(lang: Lang, value: &str, set: bool) -> String {
    use super::markup::esc;
    if !set {
        if let Some((en, zh)) = DEFAULTS.iter().find(|(en, _)| *en == value) {
            return match lang {
                Lang::Zh => (*zh).to_string(),
                Lang::En => code_quotes(&esc(en)),
            };
        }
    }
    if value.chars().any(|c| c.is_ascii_alphabetic()) {
        format!("<code>{}</code>", esc(value))
    } else {
        esc(value)
    }
}

/// A key's default as plain text in `lang` (a form's label or choice):
/// the words of [`DEFAULTS`] in Chinese, keys and values in backticks;
/// a default that is itself a value as the registry writes it.
pub fn default_text(lang: Lang, default: &str) -> String {
    match (lang, DEFAULTS.iter().find(|(en, _)| *en == default)) {
        (Lang::Zh, Some((_, zh))) => zh.replace("<code>", "`").replace("</code>", "`"),
        (_, Some(_)) => default.to_string(),
        (_, None) if default.chars().any(|c| c.is_ascii_alphabetic()) => format!("`{default}`"),
        (_, None) => default.to_string(),
    }
}

/// Text between backticks (already escaped) set in `<code>`.
fn code_quotes(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(part);
            out.push_str("</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The robust plan's name: the scenario's, and its target (`worst`,
/// `percentile(p)`) in `lang`.
pub fn robust_plan_name(lang: Lang, scenario: &str, target: &str) -> String {
    match lang {
        Lang::En => format!("{scenario} (robust plan: {target})"),
        Lang::Zh => {
            let words = match target
                .strip_prefix("percentile(")
                .and_then(|p| p.strip_suffix(')'))
            {
                Some(p) => format!("按第 {p} 百分位"),
                None if target == "worst" => "按最差样本".to_string(),
                None => format!("`{target}`"),
            };
            format!("{scenario}（稳健方案：{words}）")
        }
    }
}

/// A sweep point's message (the `message` column of `sweep.csv`, English
/// as every CSV value) as a page cell in `lang`, by the point's status. In
/// Chinese, a point with no plan (`infeasible`) names the counties whose rules clash and where each reason and
/// its smallest fix are written; another message says where it is.
pub fn point_message(lang: Lang, status: &str, message: &str) -> String {
    if lang == Lang::En || message.is_empty() {
        return message.to_string();
    }
    if status == "infeasible" {
        let mut counties: Vec<&str> = message
            .split("county ")
            .skip(1)
            .filter_map(|rest| rest.split([' ', ':']).next())
            .filter(|id| !id.is_empty())
            .collect();
        counties.dedup();
        if counties.is_empty() {
            return "无可行方案：规则无法同时满足；原因与最小修改见 sweep.csv 的 `message` 列"
                .into();
        }
        return format!(
            "无可行方案：{} 个县局的规则无法同时满足（{}）；各县原因与最小修改见 sweep.csv 的 `message` 列",
            counties.len(),
            counties.join("、")
        );
    }
    "出错：原因见 sweep.csv 的 `message` 列".into()
}

/// (English cell value, Chinese) for the words and fixed phrases the plan
/// tables write as values: rule results, requirement dimensions, statuses,
/// balance targets and the limits of a county.
pub const VALUES: &[(&str, &str)] = &[
    ("yes", "是"),
    ("no", "否"),
    ("duty", "接处警"),
    ("community", "社区警务"),
    ("optimal", "最优"),
    ("planned", "各年均已求解"),
    ("time_limit", "达到时间限制（可行，未证明最优）"),
    ("infeasible", "无可行方案"),
    ("standard", "警力下沉"),
    ("province", "全省统一"),
    ("county", "本县"),
    ("leximin", "字典序"),
    ("move", "调动"),
    ("recall", "召回"),
    ("book correction", "账面更正"),
    (
        "the county force: no officer left above hq_min",
        "县局警力：机关最低警力之外已无民警可调",
    ),
    (
        "building capacity, locks and station move caps of the county",
        "本县营房容量、锁定和各派出所调动上限",
    ),
    ("the county move cap", "本县调动上限"),
];

/// Columns whose cells are the data's own ids, names and kinds: written
/// as the data has them, in every language.
const DATA_COLUMNS: &[&str] = &[
    "station_id",
    "county_id",
    "name",
    "county_name",
    "kind",
    "from_id",
    "from_name",
    "to_id",
    "to_name",
    "officer_to_station",
    "officer_to_station_name",
    "aux_to_station",
    "aux_to_station_name",
];

/// A text cell of column `key` in `lang`. In Chinese, a value of
/// [`VALUES`] is written in Chinese, and a cell written in both languages
/// (`账面更正 (book correction)`) keeps its Chinese part; the data's ids,
/// names and kinds, and the columns the analyst brought in, stay as they
/// are. In English every cell stays as it is.
pub fn value<'a>(lang: Lang, key: &str, text: &'a str) -> Cow<'a, str> {
    if lang == Lang::En || !has_header(key) {
        return text.into();
    }
    if DATA_COLUMNS.contains(&key) {
        // The one name the tables make up: a county's HQ as a unit.
        return if text == super::csv::HQ_NAME || text == super::explain::NEW_NAME {
            chinese_part(text).unwrap_or(text).into()
        } else {
            text.into()
        };
    }
    if let Some(zh) = look_up(VALUES, text) {
        return zh.into();
    }
    if let Some(zh) = limit_in_chinese(text) {
        return zh.into();
    }
    // Several dimensions at once (`duty + community`).
    if text.contains(" + ") {
        let parts: Option<Vec<&str>> = text.split(" + ").map(|w| look_up(VALUES, w)).collect();
        if let Some(parts) = parts {
            return parts.join(" + ").into();
        }
    }
    chinese_part(text).unwrap_or(text).into()
}

/// A county's limit naming a station ([`super::explain::limit_text`]) in
/// Chinese: `station S01 城关所: duty` → `派出所 S01 城关所：接处警`, and a
/// tie between stations.
fn limit_in_chinese(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix("station ") {
        let (station, why) = rest.rsplit_once(": ")?;
        return Some(format!("派出所 {station}：{}", look_up(VALUES, why)?));
    }
    let rest = text.strip_prefix("a tie: ")?;
    let (tied, rest) = rest.split_once(" stations stand at this level and only ")?;
    let rose = rest.strip_suffix(" of them can rise together")?;
    Some(format!(
        "并列：{tied} 个派出所处于此水平，其中只有 {rose} 个能一起提高"
    ))
}

/// The Chinese part of a text written in both languages, `中文 (English)`:
/// `None` unless the text before the last ` (` holds Chinese and the
/// parenthesis none.
fn chinese_part(text: &str) -> Option<&str> {
    let inner = text.strip_suffix(')')?;
    // The ` (` that opens the last parenthesis (which may hold others).
    let mut depth = 0usize;
    let mut open = None;
    for (i, c) in inner.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                open = Some(i);
                break;
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    let open = open?;
    let zh = inner[..open].strip_suffix(' ')?;
    let en = &inner[open + 1..];
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    // English: a word of two letters or more (the county's own name may
    // appear in it, as in the HQ refill `… (C075 陇南分局: HQ has …)`).
    let english = en
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 2);
    (cjk(zh) && english).then_some(zh)
}

fn look_up(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, zh)| *zh)
}

/// A column's header in `lang`: the Chinese name for a known column key in
/// Chinese, else the key (or the analyst's own header) as it is.
pub fn header(lang: Lang, key: &str) -> &str {
    match lang {
        Lang::Zh => look_up(HEADERS, key).unwrap_or(key),
        Lang::En => key,
    }
}

/// Whether a column key has a Chinese name.
pub fn has_header(key: &str) -> bool {
    look_up(HEADERS, key).is_some()
}

/// A sheet's name in `lang`.
pub fn sheet(lang: Lang, stem: &str) -> &str {
    match lang {
        Lang::Zh => look_up(SHEETS, stem).unwrap_or(stem),
        Lang::En => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_and_name_is_unique() {
        for list in [HEADERS, SHEETS, SUMMARY, VALUES] {
            for (i, (k, zh)) in list.iter().enumerate() {
                for (k2, zh2) in &list[i + 1..] {
                    assert_ne!(k, k2, "key `{k}` twice");
                    assert_ne!(zh, zh2, "Chinese name `{zh}` twice ({k}, {k2})");
                }
            }
        }
        // Excel's limit on sheet names.
        assert!(SHEETS.iter().all(|(_, zh)| zh.chars().count() <= 31));
    }

    #[test]
    fn headers_follow_the_language() {
        assert_eq!(header(Lang::Zh, "officers_before"), "调整前民警");
        assert_eq!(header(Lang::En, "officers_before"), "officers_before");
        assert_eq!(header(Lang::Zh, "备注"), "备注");
        assert_eq!(sheet(Lang::Zh, "allocation"), "派出所配置");
    }

    #[test]
    fn values_follow_the_language_and_data_stays_as_written() {
        assert_eq!(value(Lang::Zh, "station_rule_after", "yes"), "是");
        assert_eq!(value(Lang::En, "station_rule_after", "yes"), "yes");
        assert_eq!(value(Lang::Zh, "dimension", "duty"), "接处警");
        assert_eq!(
            value(Lang::Zh, "officer_dimension", "duty + community"),
            "接处警 + 社区警务"
        );
        assert_eq!(
            value(
                Lang::Zh,
                "limited_by",
                "the county force: no officer left above hq_min"
            ),
            "县局警力：机关最低警力之外已无民警可调"
        );
        assert_eq!(
            value(Lang::Zh, "line_kind", "账面更正 (book correction)"),
            "账面更正"
        );
        // The data's names and kinds, and the analyst's own columns.
        assert_eq!(value(Lang::Zh, "name", "no"), "no");
        assert_eq!(value(Lang::Zh, "kind", "county"), "county");
        assert_eq!(value(Lang::Zh, "备注", "yes"), "yes");
        // A parenthesis that is not a translation stays.
        assert_eq!(value(Lang::Zh, "cause", "C075 (HQ)"), "C075 (HQ)");
        assert_eq!(value(Lang::Zh, "cause", "城关所 (2)"), "城关所 (2)");
        assert_eq!(value(Lang::Zh, "to_name", "县局机关 (HQ)"), "县局机关");
        assert_eq!(value(Lang::Zh, "to_name", "城关所 (East)"), "城关所 (East)");
        assert_eq!(
            value(
                Lang::Zh,
                "cause",
                "陇南分局（C075）补足机关 (C075 陇南分局: HQ has 301 officers today (below its hq_min of 308); refilling HQ takes 7 from its stations)"
            ),
            "陇南分局（C075）补足机关"
        );
        assert_eq!(
            value(Lang::Zh, "county_limited_by", "station S01 城关所: duty"),
            "派出所 S01 城关所：接处警"
        );
    }
}

#[cfg(test)]
mod page_words {
    use super::*;

    #[test]
    fn an_infeasible_point_names_its_counties_in_chinese() {
        let msg = "no plan meets every rule:\n  - county C002 (东岗县公安局): the 50% station-share rule …\n  - county C008 (安宁县公安局): …";
        assert_eq!(
            point_message(Lang::Zh, "infeasible", msg),
            "无可行方案：2 个县局的规则无法同时满足（C002、C008）；各县原因与最小修改见 sweep.csv 的 `message` 列"
        );
        assert_eq!(point_message(Lang::En, "infeasible", msg), msg);
        assert_eq!(point_message(Lang::Zh, "optimal", ""), "");
        assert_eq!(
            robust_plan_name(Lang::Zh, "monte-carlo", "worst"),
            "monte-carlo（稳健方案：按最差样本）"
        );
        assert_eq!(
            robust_plan_name(Lang::En, "mc", "percentile(0.9)"),
            "mc (robust plan: percentile(0.9))"
        );
    }

    #[test]
    fn defaults_in_words_read_in_chinese_and_values_are_code() {
        assert_eq!(parameter_html(Lang::Zh, "no cap", false), "不设上限");
        assert_eq!(parameter_html(Lang::En, "no cap", false), "no cap");
        assert_eq!(
            parameter_html(Lang::En, "the same as `target`", false),
            "the same as <code>target</code>"
        );
        assert_eq!(
            parameter_html(Lang::Zh, "false", false),
            "<code>false</code>"
        );
        assert_eq!(
            parameter_html(Lang::Zh, "county", true),
            "<code>county</code>"
        );
        assert_eq!(parameter_html(Lang::Zh, "0.4", true), "0.4");
        assert_eq!(
            parameter_html(Lang::Zh, "required", true),
            "<code>required</code>"
        );
        assert_eq!(
            default_text(Lang::Zh, "the same as `target`"),
            "与 `target` 相同"
        );
        assert_eq!(default_text(Lang::Zh, "0.4"), "0.4");
        assert_eq!(default_text(Lang::Zh, "\"county\""), "`\"county\"`");
    }
}
