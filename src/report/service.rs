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
use crate::domain::{HourRule, ServiceStandard, HOURS_PER_DAY};
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

/// The hours of a rule as clock ranges, midnight wrapped:
/// `22:00–06:00`, `00:00–03:00, 12:00–13:00`.
pub fn clock_ranges(hours: &[bool; HOURS_PER_DAY]) -> String {
    if hours.iter().all(|&h| h) {
        return "00:00–24:00".into();
    }
    // Start each run at an hour that is on after one that is off.
    let mut runs = Vec::new();
    for start in 0..HOURS_PER_DAY {
        if hours[start] && !hours[(start + HOURS_PER_DAY - 1) % HOURS_PER_DAY] {
            let mut len = 0;
            while hours[(start + len) % HOURS_PER_DAY] {
                len += 1;
            }
            let end = (start + len) % HOURS_PER_DAY;
            runs.push(format!("{start:02}:00–{end:02}:00"));
        }
    }
    runs.join(", ")
}

/// A station kind as a person says it: urban 城区, rural 农村, any other as
/// the data writes it.
fn kind_words(kind: &str, lang: Lang) -> String {
    match (kind, lang) {
        ("urban", Lang::Zh) => "城区".into(),
        ("rural", Lang::Zh) => "农村".into(),
        (k, _) => k.into(),
    }
}

/// The stations a rule covers, in words: "农村派出所", "rural stations",
/// "所有派出所", "every station".
fn stations_words(rule: &HourRule, lang: Lang) -> String {
    match (&rule.kinds, lang) {
        (None, Lang::Zh) => "所有派出所".into(),
        (None, Lang::En) => "every station".into(),
        (Some(kinds), Lang::Zh) => format!(
            "{}派出所",
            kinds
                .iter()
                .map(|k| kind_words(k, lang))
                .collect::<Vec<_>>()
                .join("、")
        ),
        (Some(kinds), Lang::En) => format!(
            "{} stations",
            kinds.iter().cloned().collect::<Vec<_>>().join(" and ")
        ),
    }
}

/// The service standard in words, as a bureau states it: "每小时至少…，
/// 夜间备勤按…计" (and in English).
pub fn standard_in_words(s: &ServiceStandard, lang: Lang) -> String {
    let count =
        |n: f64, one: &str, many: &str| format!("{n} {}", if n == 1.0 { one } else { many });
    let crew = match (lang, s.auxiliaries_per_unit > 0.0) {
        (Lang::Zh, true) => format!(
            "每组 {} 名民警、{} 名辅警",
            s.officers_per_unit, s.auxiliaries_per_unit
        ),
        (Lang::Zh, false) => format!("每组 {} 名民警", s.officers_per_unit),
        (Lang::En, true) => format!(
            "{} and {} a unit",
            count(s.officers_per_unit, "officer", "officers"),
            count(s.auxiliaries_per_unit, "auxiliary", "auxiliaries")
        ),
        (Lang::En, false) => format!(
            "{} a unit",
            count(s.officers_per_unit, "officer", "officers")
        ),
    };
    let mut out = match lang {
        Lang::Zh => format!(
            "每小时至少保持足够的出警组（{crew}，每起警情占用一个出警组 {} 分钟），使110警情等待概率 ≤ {}",
            s.minutes_per_call, s.target_wait_probability
        ),
        Lang::En => format!(
            "In every hour at least enough units ({crew}, a call keeps a unit {} minutes) that P(a 110 call waits) ≤ {}",
            s.minutes_per_call, s.target_wait_probability
        ),
    };
    if let Some(u) = s.max_utilisation {
        out.push_str(&match lang {
            Lang::Zh => format!("、出警组利用率 ≤ {u}"),
            Lang::En => format!(" and utilisation ≤ {u}"),
        });
    }
    if s.min_units_on_duty > 0 {
        out.push_str(&match lang {
            Lang::Zh => format!("，且不少于 {} 个出警组", s.min_units_on_duty),
            Lang::En => format!(", and never fewer than {} units", s.min_units_on_duty),
        });
    }
    if s.standby.any() {
        let (who, when) = (
            stations_words(&s.standby, lang),
            clock_ranges(&s.standby.hours),
        );
        out.push_str(&match lang {
            Lang::Zh => format!(
                "；夜间备勤按 {} 个值班小时计（{who} {when} 在岗出警组为备勤）",
                s.standby_weight
            ),
            Lang::En => format!(
                "; standby counted as {} of a duty hour ({who} keep their units on standby {when})",
                s.standby_weight
            ),
        });
    }
    if s.pool.any() {
        let (who, when) = (stations_words(&s.pool, lang), clock_ranges(&s.pool.hours));
        out.push_str(&match lang {
            Lang::Zh => format!(
                "；{who} {when} 按县联勤（大所带小所）：同县这些所合并为一个队列计算出警组，按各所警情负荷分摊"
            ),
            Lang::En => format!(
                "; {who} pool {when} county by county (联勤, 大所带小所): one queue, its units shared by each station's load"
            ),
        });
    }
    out.push_str(lang.pick("。", "."));
    out
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
        l(
            "服务水平（排队模型 erlang-c）",
            "Service standard (Erlang C)"
        )
    );
    let how = if standard.erlang_c() {
        l(
            "本方案的值班警力需求按此标准逐小时计算（reactive_share 与 hours_per_call 不用于值班需求）。",
            "The plan's duty need comes from this standard, hour by hour (reactive_share and hours_per_call do not apply to duty).",
        )
    } else {
        l(
            "本方案的值班需求仍按工时法计算，此处只报告方案达到该标准的情况。",
            "The plan's duty need comes from the hours method; the standard is reported only.",
        )
    };
    let _ = write!(
        o,
        "<p>{}{} {}</p>\n<p>{}</p>\n",
        l("标准：", "Standard: "),
        esc(&standard_in_words(standard, lang)),
        esc(how),
        esc(&match lang {
            Lang::Zh => format!(
                "达到服务标准的派出所：调整前 {} 个，调整后 {} 个（共 {} 个）。全省每日需要 {:.1} 个出警组时（备勤按折算计 {:.1}），即值班民警 {:.1} 人{}。下表为调整后高峰时段等待概率最高的派出所（值班民警按各小时需求比例排班；高峰时段联勤的所，等待概率为联勤队列的）。",
                summary.stations_meeting_standard.before,
                summary.stations_meeting_standard.after,
                outcome.summary.stations,
                summary.units_needed_per_day,
                summary.weighted_units_per_day,
                summary.duty_requirement,
                if summary.auxiliaries_per_unit > 0.0 {
                    format!(
                        "、值班辅警 {:.1} 人（计入各所辅警需求：取其与一村一辅警需求中的较大者）",
                        summary.auxiliary_duty_need
                    )
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                "Stations meeting the standard: {} before, {} after (of {}). The province needs {:.1} unit-hours a day ({:.1} with standby at its weight): {:.1} duty officers{}. The stations below wait longest at their busiest hour after the plan (duty officers spread over the day in proportion to each hour's need; where the busiest hour is pooled, P(wait) is the pool's).",
                summary.stations_meeting_standard.before,
                summary.stations_meeting_standard.after,
                outcome.summary.stations,
                summary.units_needed_per_day,
                summary.weighted_units_per_day,
                summary.duty_requirement,
                if summary.auxiliaries_per_unit > 0.0 {
                    format!(
                        " and {:.1} duty auxiliaries (each station's auxiliary need is the larger of this and one per village)",
                        summary.auxiliary_duty_need
                    )
                } else {
                    String::new()
                }
            ),
        })
    );
    let pooled = |zh: bool| {
        if summary.pools == 0 {
            String::new()
        } else if zh {
            format!(
                "联勤队列（县 × 时段）{} 个，共需 {} 个出警组时。",
                summary.pools, summary.pool_units
            )
        } else {
            format!(
                " The {} pooled queues (a county's pooling stations in one hour) need {} unit-hours.",
                summary.pools, summary.pool_units
            )
        }
    };
    let _ = write!(
        o,
        "<p>{}</p>\n",
        esc(&match lang {
            Lang::Zh => format!(
                "其中 {} 个有警情的派出所在各自独立的时段每小时恰需 1 个出警组：这部分需求是值班的底线，而不是警情量。{}",
                summary.stations_at_one_unit,
                pooled(true)
            ),
            Lang::En => format!(
                "Of these, {} stations with calls need exactly one unit in every hour they stand alone: their need is the floor of a unit on duty, not their calls.{}",
                summary.stations_at_one_unit,
                pooled(false)
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
    every_station(&mut o, outcome, standard, lang);
    if let Some(c) = &outcome.comparison {
        comparison(&mut o, outcome, c, lang);
    }
    o.push_str("</section>\n");
    o
}

/// Every station's P(wait) at its busiest hour under the plan (and today),
/// in bands and then one row a station, folded (`<details>`).
fn every_station(o: &mut String, outcome: &Outcome, standard: &ServiceStandard, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let p = standard.target_wait_probability;
    let served: Vec<(usize, &crate::outcome::StationService)> = outcome
        .stations
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.service.as_ref().map(|x| (i, x)))
        .collect();
    let band = |lo: f64, hi: f64| {
        served
            .iter()
            .filter(|(_, x)| {
                let v = x.after.wait_probability_peak;
                v > lo && v <= hi
            })
            .count()
    };
    let within = served
        .iter()
        .filter(|(_, x)| x.after.wait_probability_peak <= p)
        .count();
    let _ = write!(
        o,
        "<p>{}</p>\n",
        esc(&match lang {
            Lang::Zh => format!(
                "调整后各所高峰时段的等待概率：≤ {p} 的 {within} 个，{p}–0.5 的 {} 个，0.5 以上的 {} 个（逐所见下表及 allocation.csv）。",
                band(p, 0.5),
                band(0.5_f64.max(p), 1.0)
            ),
            Lang::En => format!(
                "P(wait) at each station's busiest hour after the plan: {within} stations at {p} or less, {} above {p} up to 0.5, {} above 0.5 (every station below and in allocation.csv).",
                band(p, 0.5),
                band(0.5_f64.max(p), 1.0)
            ),
        })
    );
    let _ = write!(
        o,
        "<details>\n<summary>{}</summary>\n<table>\n<thead><tr><th class=\"t\">{}</th><th class=\"t\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        esc(l(
            "每个派出所：高峰时段的等待概率（调整前、调整后）",
            "Every station: P(wait) at its busiest hour, before and after",
        )),
        l("派出所", "station"),
        l("县局", "county"),
        l("高峰时段", "busiest hour"),
        l("高峰所需出警组", "units needed then"),
        l("调整前等待概率", "P(wait) before"),
        l("调整后等待概率", "P(wait) after"),
        l("调整后平均等待（分钟）", "mean wait after (minutes)"),
    );
    let p_ = &outcome.province;
    for (i, x) in &served {
        let st = &p_.stations[*i];
        let pooled = if x.pooled_at_peak {
            l("（联勤）", " (pooled)")
        } else {
            ""
        };
        let _ = write!(
            o,
            "<tr><td class=\"t\">{} {}</td><td class=\"t\">{}</td><td>{:02}:00{}</td><td>{:.2}</td><td>{:.3}</td><td>{:.3}</td><td>{}</td></tr>\n",
            esc(&st.id),
            esc(&st.name),
            esc(&p_.counties[st.county].id),
            x.busiest_hour,
            pooled,
            x.units_needed_peak,
            x.before.wait_probability_peak,
            x.after.wait_probability_peak,
            esc(&fmt_wait(x.after.mean_wait_minutes_peak, lang)),
        );
    }
    o.push_str("</tbody>\n</table>\n</details>\n");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DutyMethod;

    #[test]
    fn hours_read_as_clock_ranges_across_midnight() {
        let mut hours = [false; HOURS_PER_DAY];
        for h in [22, 23, 0, 1, 2, 3, 4, 5] {
            hours[h] = true;
        }
        assert_eq!(clock_ranges(&hours), "22:00–06:00");
        hours[12] = true;
        assert_eq!(clock_ranges(&hours), "12:00–13:00, 22:00–06:00");
        assert_eq!(clock_ranges(&[true; HOURS_PER_DAY]), "00:00–24:00");
        let mut morning = [false; HOURS_PER_DAY];
        morning[0] = true;
        morning[1] = true;
        assert_eq!(clock_ranges(&morning), "00:00–02:00");
    }

    /// The shipped standard as a bureau states it: "每小时至少…，夜间备勤按…计".
    #[test]
    fn the_standard_in_words() {
        let mut s = crate::domain::service_standard(DutyMethod::ErlangC, 45.0, 0.2);
        s.officers_per_unit = 1.0;
        s.auxiliaries_per_unit = 1.0;
        s.max_utilisation = Some(0.6);
        s.standby_weight = 0.5;
        for h in [22, 23, 0, 1, 2, 3, 4, 5] {
            s.standby.hours[h] = true;
            s.pool.hours[h] = true;
        }
        s.standby.kinds = Some(["rural".to_string()].into());
        s.pool.kinds = Some(["rural".to_string()].into());
        assert_eq!(
            standard_in_words(&s, Lang::Zh),
            "每小时至少保持足够的出警组（每组 1 名民警、1 名辅警，每起警情占用一个出警组 45 分钟），使110警情等待概率 ≤ 0.2、出警组利用率 ≤ 0.6；夜间备勤按 0.5 个值班小时计（农村派出所 22:00–06:00 在岗出警组为备勤）；农村派出所 22:00–06:00 按县联勤（大所带小所）：同县这些所合并为一个队列计算出警组，按各所警情负荷分摊。"
        );
        let en = standard_in_words(&s, Lang::En);
        assert!(
            en.starts_with("In every hour at least enough units (1 officer and 1 auxiliary a unit")
                && en.contains("standby counted as 0.5 of a duty hour (rural stations")
                && en.contains("rural stations pool 22:00–06:00"),
            "{en}"
        );
        // Without standby or pooling, neither is mentioned.
        let plain = crate::domain::service_standard(DutyMethod::ErlangC, 45.0, 0.2);
        let zh = standard_in_words(&plain, Lang::Zh);
        assert!(!zh.contains("备勤") && !zh.contains("联勤") && zh.contains("每组 2 名民警"));
    }
}
