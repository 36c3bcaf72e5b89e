//! The service standard in the outputs (`[workload.service]`): the report's
//! service section, and the tables of `solve --compare-methods`
//! (`methods.csv`, `method_stations.csv`). Formatting only: every figure is
//! in the outcome ([`crate::model::analysis::service`] computed it).

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use super::csv::{Cell, Table};
use super::lang::Lang;
use super::markup::esc;
use crate::outcome::{MethodComparison, Outcome};

/// The tables of `--compare-methods` (none without it).
pub fn tables(outcome: &Outcome) -> Vec<(&'static str, Table)> {
    match &outcome.comparison {
        Some(c) => vec![
            ("methods", methods(c)),
            ("method_stations", method_stations(outcome, c)),
        ],
        None => Vec::new(),
    }
}

/// `methods.csv`: one row per duty method.
pub fn methods(c: &MethodComparison) -> Table {
    let header = [
        "method",
        "balance_level",
        "officers_moved",
        "officers_short_of_level_one",
        "duty_requirement_total",
        "stations_meeting_service_standard",
    ];
    let rows = c
        .methods
        .iter()
        .map(|m| {
            vec![
                Cell::text(&m.method),
                Cell::opt(m.balance_level, 6),
                Cell::Int(m.officers_moved),
                m.officers_short_of_level_one.map_or(Cell::Empty, Cell::Int),
                Cell::Num(m.duty_requirement, 2),
                Cell::Int(m.stations_meeting_standard as i64),
            ]
        })
        .collect();
    Table::new(&header, rows)
}

/// `method_stations.csv`: the stations whose duty requirement differs most
/// between the methods.
pub fn method_stations(outcome: &Outcome, c: &MethodComparison) -> Table {
    let header = [
        "station_id",
        "county_id",
        "name",
        "kind",
        "calls_handled",
        "duty_requirement_hours",
        "duty_requirement_erlang_c",
        "duty_requirement_difference",
        "officers_hours_plan",
        "officers_erlang_c_plan",
    ];
    let p = &outcome.province;
    let rows = c
        .stations
        .iter()
        .filter_map(|d| {
            let s = p.stations.get(d.station)?;
            Some(vec![
                Cell::text(&s.id),
                Cell::text(&p.counties[s.county].id),
                Cell::text(&s.name),
                Cell::text(&s.kind),
                Cell::Num(outcome.stations[d.station].calls, 0),
                Cell::Real(d.duty_hours),
                Cell::Real(d.duty_erlang_c),
                Cell::Real(d.duty_erlang_c - d.duty_hours),
                Cell::Int(d.officers_hours),
                Cell::Int(d.officers_erlang_c),
            ])
        })
        .collect();
    Table::new(&header, rows)
}

fn fmt_wait(v: Option<f64>, lang: Lang) -> String {
    match v {
        Some(v) => format!("{v:.1}"),
        None => lang
            .pick("无限（出警组不足）", "unbounded (too few units)")
            .into(),
    }
}

/// The report's service section (empty without a service standard).
pub fn section(outcome: &Outcome, lang: Lang) -> String {
    let (Some(summary), Some(standard)) = (
        outcome.summary.service.as_ref(),
        outcome.params.workload.service.as_ref(),
    ) else {
        return String::new();
    };
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut o = String::new();
    let _ = write!(
        o,
        "<section id=\"service\">\n<h2>{}</h2>\n",
        l("服务水平（Erlang C）", "Service standard (Erlang C)")
    );
    let mut rule = match lang {
        Lang::Zh => format!(
            "标准：每个小时警情等待概率 ≤ {}，每起警情占用一个出警组 {} 分钟，每组 {} 名民警",
            standard.target_wait_probability, standard.minutes_per_call, standard.officers_per_unit
        ),
        Lang::En => format!(
            "Standard: in every hour P(a call waits) ≤ {}, a call keeps a unit busy {} minutes, {} officers a unit",
            standard.target_wait_probability, standard.minutes_per_call, standard.officers_per_unit
        ),
    };
    if let Some(u) = standard.max_utilisation {
        rule.push_str(&match lang {
            Lang::Zh => format!("，出警组利用率 ≤ {u}"),
            Lang::En => format!(", utilisation ≤ {u}"),
        });
    }
    if standard.min_units_on_duty > 0 {
        rule.push_str(&match lang {
            Lang::Zh => format!("，每小时至少 {} 个出警组在岗", standard.min_units_on_duty),
            Lang::En => format!(
                ", at least {} units on duty every hour",
                standard.min_units_on_duty
            ),
        });
    }
    let how = if standard.erlang_c() {
        l(
            "。本方案的值班警力需求按此标准逐小时计算（reactive_share 与 hours_per_call 不用于值班需求）。",
            ". The plan's duty need comes from this standard, hour by hour (reactive_share and hours_per_call do not apply to duty).",
        )
    } else {
        l(
            "。本方案的值班需求仍按工时法计算，此处只报告方案达到该标准的情况。",
            ". The plan's duty need comes from the hours method; the standard is reported only.",
        )
    };
    let _ = write!(
        o,
        "<p>{}{}</p>\n<p>{}</p>\n",
        esc(&rule),
        esc(how),
        esc(&match lang {
            Lang::Zh => format!(
                "达到服务标准的派出所：调整前 {} 个，调整后 {} 个（共 {} 个）。全省每日需要 {} 个出警组时。下表为调整后高峰时段等待概率最高的派出所（值班民警按各小时需求比例排班）。",
                summary.stations_meeting_standard.before,
                summary.stations_meeting_standard.after,
                outcome.summary.stations,
                summary.units_needed_per_day
            ),
            Lang::En => format!(
                "Stations meeting the standard: {} before, {} after (of {}). The province needs {} unit-hours a day. The stations below wait longest at their busiest hour after the plan (duty officers spread over the day in proportion to each hour's need).",
                summary.stations_meeting_standard.before,
                summary.stations_meeting_standard.after,
                outcome.summary.stations,
                summary.units_needed_per_day
            ),
        })
    );
    let _ = write!(
        o,
        "<table>\n<thead><tr><th class=\"t\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        l("派出所", "station"),
        l("高峰时段", "busiest hour"),
        l("等待概率", "P(wait)"),
        l("平均等待（分钟）", "mean wait (minutes)"),
    );
    for w in &summary.worst_stations {
        let _ = write!(
            o,
            "<tr><td class=\"t\">{} {}</td><td>{:02}:00</td><td>{:.3}</td><td>{}</td></tr>\n",
            esc(&w.station_id),
            esc(&w.name),
            w.busiest_hour,
            w.wait_probability_peak,
            esc(&fmt_wait(w.mean_wait_minutes_peak, lang)),
        );
    }
    o.push_str("</tbody>\n</table>\n");
    if let Some(c) = &outcome.comparison {
        comparison(&mut o, outcome, c, lang);
    }
    o.push_str("</section>\n");
    o
}

fn comparison(o: &mut String, outcome: &Outcome, c: &MethodComparison, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let _ = write!(
        o,
        "<h3>{}</h3>\n<p>{}</p>\n<table>\n<thead><tr><th class=\"t\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        l("两种值班需求算法对比", "The two duty methods compared"),
        l(
            "同一数据分别按工时法（hours）和服务水平法（erlang-c）求解。“尚缺民警”为每个所都达到均衡水平 1.0 所需的最少新增民警（精确计算）。",
            "The same data solved with the hours method and with the service standard (erlang-c). \"Short of level 1.0\" is the fewest new officers that would let every station reach level 1.0, computed exactly.",
        ),
        l("算法", "method"),
        l("均衡水平", "balance level"),
        l("调动民警", "officers moved"),
        l("达到1.0尚缺民警", "short of level 1.0"),
        l("值班需求合计（人）", "duty need (officers)"),
        l("达到服务标准的所", "stations meeting the standard"),
    );
    for m in &c.methods {
        let _ = write!(
            o,
            "<tr><td class=\"t\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td><td>{}</td></tr>\n",
            esc(&m.method),
            m.balance_level.map_or("—".to_string(), |v| format!("{v:.4}")),
            m.officers_moved,
            m.officers_short_of_level_one
                .map_or(l("无法达到", "unreachable").to_string(), |v| v.to_string()),
            m.duty_requirement,
            m.stations_meeting_standard,
        );
    }
    o.push_str("</tbody>\n</table>\n");
    let _ = write!(
        o,
        "<p>{}</p>\n<table>\n<thead><tr><th class=\"t\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        l(
            "值班需求差异最大的派出所（完整列表见 method_stations.csv）：",
            "Stations whose duty need differs most (all in method_stations.csv):",
        ),
        l("派出所", "station"),
        l("年处理警情", "calls a year"),
        l("工时法（人）", "hours (officers)"),
        l("服务水平法（人）", "erlang-c (officers)"),
    );
    for d in c.stations.iter().take(10) {
        let s = &outcome.province.stations[d.station];
        let _ = write!(
            o,
            "<tr><td class=\"t\">{} {}</td><td>{:.0}</td><td>{:.2}</td><td>{:.2}</td></tr>\n",
            esc(&s.id),
            esc(&s.name),
            outcome.stations[d.station].calls,
            d.duty_hours,
            d.duty_erlang_c
        );
    }
    o.push_str("</tbody>\n</table>\n");
}
