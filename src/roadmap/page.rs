//! The roadmap's `report.html`: the trajectory for the people who decide —
//! the summary, the charts, the year table, the recruits by county, what
//! the horizon and the target proved, and provenance. Built from the
//! roadmap's table and summary with the page primitives of
//! [`crate::report::html`]; no scripts, no network.

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use super::data::BANDS;
use super::summary::RoadmapSummary;
use super::table::RoadmapTable;
use crate::report::charts::Chart;
use crate::report::html::{card, charts_section, esc, fmt_opt, page_start, provenance_section};
use crate::report::Lang;

/// Counties listed in the recruits table (all are in roadmap.csv).
pub const COUNTY_ROWS: usize = 30;

fn pct(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{:.1}%", v * 100.0))
}

/// The report of a roadmap.
pub fn report(
    table: &RoadmapTable,
    summary: &RoadmapSummary,
    charts: &[Chart],
    lang: Lang,
    names: &[(String, String)],
) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut o = String::with_capacity(1 << 18);
    let title = format!(
        "{} — {}",
        l("多年警力规划", "Multi-year roadmap"),
        summary.scenario
    );
    page_start(&mut o, lang, &title);
    let _ = write!(o, "<h1>{}</h1>\n", esc(&title));
    let last = summary.start_year + summary.years as i32 - 1;
    let mode = match (lang, summary.mode.as_str()) {
        (Lang::Zh, "horizon") => "统筹各年(horizon)：使最差年份的均衡水平最高，再使各年水平之和最高",
        (Lang::Zh, _) => "逐年(myopic)：每年的新警放在最能提高当年均衡水平的县局",
        (Lang::En, "horizon") => "horizon: the worst year's balance level as high as possible, then the sum of the years' levels",
        (Lang::En, _) => "myopic: each year's recruits where they raise that year's balance level most",
    };
    let _ = write!(
        o,
        "<p class=\"lead\">{}</p>\n",
        esc(&match lang {
            Lang::Zh => format!(
                "{}–{} 年，共 {} 年；每年依次：年龄增长、退休与其他离职、新警招录与分配，再以上一年方案为现状求出当年最优方案(调动人数最少)。分配方式：{mode}。年龄数据来源：{}。",
                summary.start_year, last, summary.years, summary.ages_source
            ),
            Lang::En => format!(
                "{}–{}, {} years; each year in turn: ageing, retirements and other leavers, recruits placed, then the year's optimal plan with the fewest moves from the previous year's plan. Placement: {mode}. Ages from {}.",
                summary.start_year, last, summary.years, summary.ages_source
            ),
        })
    );
    summary_section(&mut o, summary, lang);
    charts_section(&mut o, lang, charts);

    years_section(&mut o, table, lang);
    recruits_section(&mut o, table, lang, names);
    let p = &summary.provenance;
    provenance_section(
        &mut o,
        lang,
        &p.tool,
        &p.version,
        &p.solver,
        &summary.status,
        &p.inputs,
    );
    o.push_str("</body>\n</html>\n");
    o
}

/// The summary: the cards, a year without a plan, and what the horizon
/// and the target proved.
fn summary_section(o: &mut String, summary: &RoadmapSummary, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let _ = write!(
        o,
        "<section id=\"summary\">\n<h2>{}</h2>\n<div class=\"cards\">\n",
        l("摘要", "Summary")
    );
    card(
        o,
        &fmt_opt(summary.worst_balance_level, 4),
        &match (lang, summary.worst_year) {
            (Lang::Zh, Some(y)) => format!("最差年份的均衡水平({y} 年)"),
            (Lang::En, Some(y)) => format!("the worst year's balance level ({y})"),
            (Lang::Zh, None) => "最差年份的均衡水平".into(),
            (Lang::En, None) => "the worst year's balance level".into(),
        },
    );
    card(
        o,
        &format!(
            "{} → {}",
            summary.force_start,
            summary.force_end.map_or("—".into(), |e| e.to_string())
        ),
        l(
            "总警力(首年初 → 末年末)",
            "force (first year's start → last year's end)",
        ),
    );
    card(
        o,
        &summary.recruits.to_string(),
        l("招录民警合计", "recruits in all"),
    );
    card(
        o,
        &summary.retirements.to_string(),
        l("退休合计", "retirements in all"),
    );
    card(
        o,
        &summary.leavers.to_string(),
        l("其他离职合计", "other leavers in all"),
    );
    card(
        o,
        &summary.officers_moved.to_string(),
        l("调动民警合计", "officers moved in all"),
    );
    o.push_str("</div>\n");
    if let Some(s) = &summary.stopped {
        let _ = write!(
            o,
            "<p class=\"no\">{}</p>\n",
            esc(&match lang {
                Lang::Zh => format!("{} 年无可行方案：{}", s.year, s.message),
                Lang::En => format!("{} has no plan: {}", s.year, s.message),
            })
        );
    }
    if let Some(h) = &summary.horizon {
        let status = match (lang, h.status.as_str()) {
            (Lang::Zh, "optimal") => "已证明最优",
            (Lang::Zh, "worst_year_optimal") => "最差年份已证明最优",
            (Lang::Zh, _) => "未证明最优",
            (Lang::En, "optimal") => "proven optimal",
            (Lang::En, "worst_year_optimal") => "worst year proven optimal",
            (Lang::En, _) => "not proven optimal",
        };
        let _ = write!(
            o,
            "<h3>{}</h3>\n<table>\n<tbody>\n<tr><td class=\"t\">{}</td><td class=\"t\">{}</td></tr>\n\
             <tr><td class=\"t\">{}</td><td>{} / {}</td></tr>\n<tr><td class=\"t\">{}</td><td>{:.4} / {:.4}</td></tr>\n\
             <tr><td class=\"t\">{}</td><td class=\"t\">{}</td></tr>\n</tbody>\n</table>\n",
            l("统筹各年的证明", "What the horizon proved"),
            l("状态", "status"),
            esc(status),
            l("最差年份水平：本方案 / 上界", "worst year's level: this plan / bound"),
            fmt_opt(h.worst_level, 4),
            fmt_opt(h.worst_level_bound, 4),
            l("各年水平之和：本方案 / 上界", "sum of levels: this plan / bound"),
            h.sum_of_levels,
            h.sum_of_levels_bound,
            l("说明", "note"),
            esc(&h.note)
        );
    }
    if let Some(t) = &summary.target {
        let _ = write!(
            o,
            "<h3>{}</h3>\n<p>{}</p>\n",
            l("需要招录多少", "How many to recruit"),
            esc(&match lang {
                Lang::Zh => format!(
                    "目标：每年均衡水平不低于 {}。每年招录 {:?}(峰值年 {} 人；任何分配方式至少需要 {} 人)。{}",
                    t.level, t.recruits_per_year, t.peak_recruits, t.fewest_any_placement, t.note
                ),
                Lang::En => format!(
                    "Target: every year at balance level ≥ {}. Recruits per year {:?} (peak year {}; any placement needs at least {}). {}",
                    t.level, t.recruits_per_year, t.peak_recruits, t.fewest_any_placement, t.note
                ),
            })
        );
    }
    o.push_str("</section>\n");
}

/// The year table (with where each year's plan is) and the force by age
/// band.
fn years_section(o: &mut String, table: &RoadmapTable, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    // The year table.
    let _ = write!(
        o,
        "<section id=\"years\">\n<h2>{}</h2>\n<p>{}</p>\n<table>\n<thead><tr>",
        l("逐年结果", "Year by year"),
        esc(l(
            "年初警力 + 招录 − 退休 − 离职 = 年末警力，逐县逐年精确成立。全部数字见 roadmap.csv 与 roadmap_counties.csv；每年的完整方案在 plans/<年份>/。",
            "Force at the start + recruits − retirements − leavers = force at the end, exactly, in every county and year. Every figure is in roadmap.csv and roadmap_counties.csv; each year's full plan is in plans/<year>/.",
        ))
    );
    let heads: [(&str, &str); 14] = [
        ("年份", "year"),
        ("均衡水平", "balance level"),
        ("调动人数", "moved"),
        ("年初警力", "force at start"),
        ("招录", "recruits"),
        ("退休", "retirements"),
        ("离职", "leavers"),
        ("年末警力", "force at end"),
        ("派出所警力占比", "station share"),
        ("社区民警占比", "community share"),
        ("两个40%达标县局", "counties meeting 两个40%"),
        ("辅警", "auxiliaries"),
        ("一村一辅警覆盖率", "一村一辅警 coverage"),
        ("不能值班备勤", "restricted"),
    ];
    for (i, (zh, en)) in heads.iter().enumerate() {
        let class = if i == 0 { " class=\"t\"" } else { "" };
        let _ = write!(o, "<th{class}>{}</th>", esc(lang.pick(zh, en)));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for r in 0..table.rows.len() {
        let t = |c: &str| esc(table.text(r, c));
        if table.text(r, "status") == "infeasible" {
            let _ = write!(
                o,
                "<tr><td class=\"t\">{}</td><td class=\"t no\" colspan=\"13\">{} {}</td></tr>\n",
                t("year"),
                l("无可行方案：", "no plan:"),
                t("message")
            );
            continue;
        }
        let _ = write!(
            o,
            "<tr><td class=\"t\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            t("year"),
            fmt_opt(table.number(r, "balance_level"), 4),
            t("officers_moved"),
            t("force_start"),
            t("recruits"),
            t("retirements"),
            t("leavers"),
            t("force_end"),
            pct(table.number(r, "station_share")),
            pct(table.number(r, "community_share")),
            t("counties_meeting_station_share"),
            t("counties_meeting_community_share"),
            t("auxiliaries"),
            pct(table.number(r, "village_coverage")),
            t("restricted_officers"),
        );
    }
    o.push_str("</tbody>\n</table>\n");
    // Force by age band.
    let _ = write!(
        o,
        "<h3>{}</h3>\n<table>\n<thead><tr><th class=\"t\">{}</th>",
        l(
            "年末警力年龄结构",
            "Force by age band at the end of each year"
        ),
        l("年份", "year")
    );
    for b in &BANDS {
        let _ = write!(o, "<th>{}</th>", esc(lang.pick(b.zh, b.key)));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for r in table.planned() {
        let _ = write!(o, "<tr><td class=\"t\">{}</td>", esc(table.text(r, "year")));
        for b in &BANDS {
            let _ = write!(o, "<td>{}</td>", esc(table.text(r, b.key)));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

/// The counties with the most recruits, year by year.
fn recruits_section(o: &mut String, table: &RoadmapTable, lang: Lang, names: &[(String, String)]) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    // Recruits by county.
    let ids = table.county_ids();
    let planned = table.planned();
    let mut totals: Vec<(usize, f64)> = ids
        .iter()
        .enumerate()
        .map(|(c, id)| {
            let col = format!("recruits_{id}");
            (
                c,
                planned
                    .iter()
                    .map(|&r| table.number(r, &col).unwrap_or(0.0))
                    .sum(),
            )
        })
        .filter(|(_, t)| *t > 0.0)
        .collect();
    totals.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let _ = write!(
        o,
        "<section id=\"recruits\">\n<h2>{}</h2>\n<p>{}</p>\n<table>\n<thead><tr><th class=\"t\">{}</th><th class=\"t\">{}</th>",
        l("各县招录分配", "Recruits by county"),
        esc(&match lang {
            Lang::Zh => format!("招录最多的 {} 个县局(共 {} 个县局分到新警)；逐县逐年见 roadmap_counties.csv。", totals.len().min(COUNTY_ROWS), totals.len()),
            Lang::En => format!("The {} counties with the most recruits ({} counties receive any); every county and year is in roadmap_counties.csv.", totals.len().min(COUNTY_ROWS), totals.len()),
        }),
        l("县局", "county"),
        l("名称", "name"),
    );
    for &r in &planned {
        let _ = write!(o, "<th>{}</th>", esc(table.text(r, "year")));
    }
    let _ = write!(o, "<th>{}</th></tr></thead>\n<tbody>\n", l("合计", "total"));
    for (c, total) in totals.iter().take(COUNTY_ROWS) {
        let id = &ids[*c];
        let name = names
            .iter()
            .find(|(i, _)| i == id)
            .map_or("", |(_, n)| n.as_str());
        let _ = write!(
            o,
            "<tr><td class=\"t\">{}</td><td class=\"t\">{}</td>",
            esc(id),
            esc(name)
        );
        for &r in &planned {
            let _ = write!(
                o,
                "<td>{}</td>",
                esc(table.text(r, &format!("recruits_{id}")))
            );
        }
        let _ = write!(o, "<td>{total:.0}</td></tr>\n");
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}
