//! Chinese names of output columns and workbook sheets.
//!
//! Output tables are built with English column keys (`officers_before`);
//! with `--lang zh` (the default for Chinese data) CSV and `plan.xlsx`
//! headers and sheet names are written in Chinese from this catalog. Columns
//! the analyst brought in (序号, 备注) keep their own header. A test walks
//! every table of a solve and fails when a column has no Chinese name.

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
        for list in [HEADERS, SHEETS] {
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
}
