//! The roadmap's `report.html`: the trajectory for the people who decide —
//! the summary, the charts, the year table, the recruits by county, what
//! the horizon and the target proved, and provenance. Built from the
//! roadmap's table and summary with the page builder of
//! [`crate::report::html`]; no scripts, no network.

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use super::summary::{HorizonSummary, RoadmapSummary};
use super::table::RoadmapTable;
use crate::domain::AGE_BANDS;
use crate::report::charts::Chart;
use crate::report::html::{
    esc, fmt_opt, Cards, Conclusion, Page, Provenance, Summary, Table, Td, Top,
};
use crate::report::Lang;

/// Counties listed in the recruits table (all are in roadmap.csv).
pub const COUNTY_ROWS: usize = 30;

fn pct(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{:.1}%", v * 100.0))
}

/// The report of a roadmap. `names`: (county id, name).
pub fn report(
    table: &RoadmapTable,
    summary: &RoadmapSummary,
    charts: &[Chart],
    lang: Lang,
    names: &[(String, String)],
) -> Page {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let title = format!(
        "{} — {}",
        l("多年警力规划", "Multi-year roadmap"),
        summary.scenario
    );
    let last = summary.start_year + summary.years as i32 - 1;
    let mode = match (lang, summary.mode.as_str()) {
        (Lang::Zh, "horizon") => "统筹各年（`horizon`）：使最差年份的均衡水平最高，再使各年水平之和最高",
        (Lang::Zh, _) => "逐年（`myopic`）：每年的新警放在最能提高当年均衡水平的县局",
        (Lang::En, "horizon") => "horizon: the worst year's balance level as high as possible, then the sum of the years' levels",
        (Lang::En, _) => "myopic: each year's recruits where they raise that year's balance level most",
    };
    let lead = match lang {
        Lang::Zh => format!(
            "{}–{} 年，共 {} 年；每年依次：年龄增长、退休与其他离职、新警招录与分配，再以上一年方案为现状求出当年最优方案(调动人数最少)。分配方式：{mode}。年龄数据来源：{}。",
            summary.start_year, last, summary.years, ages_source_zh(&summary.ages_source)
        ),
        Lang::En => format!(
            "{}–{}, {} years; each year in turn: ageing, retirements and other leavers, recruits placed, then the year's optimal plan with the fewest moves from the previous year's plan. Placement: {mode}. Ages from {}.",
            summary.start_year, last, summary.years, summary.ages_source
        ),
    };
    let mut page = Page::new(
        lang,
        Top::plain(&title, &lead),
        Summary {
            conclusion: conclusion(summary, lang),
            cards: cards(summary, lang),
            more: summary_more(summary, lang),
        },
    );
    page.charts(charts);
    years_section(&mut page, table);
    recruits_section(&mut page, table, names);
    let p = &summary.provenance;
    page.provenance(&Provenance {
        tool: &p.tool,
        version: &p.version,
        solver: &p.solver,
        status: &summary.status,
        inputs: &p.inputs,
    });
    page
}

/// The roadmap in words: the worst year, the flows, and what stopped it
/// or what the target needs.
fn conclusion(s: &RoadmapSummary, lang: Lang) -> Conclusion {
    let last = s.start_year + s.years as i32 - 1;
    let worst = match (lang, s.worst_balance_level, s.worst_year) {
        (Lang::Zh, Some(level), Some(y)) => format!("最差年份为 {y} 年，均衡水平 {level:.4}"),
        (Lang::En, Some(level), Some(y)) => {
            format!("the worst year is {y}, at balance level {level:.4}")
        }
        (Lang::Zh, ..) => "没有一年有可比的均衡水平".to_string(),
        (Lang::En, ..) => "no year has a balance level to compare".to_string(),
    };
    let end = s.force_end.map_or("—".into(), |e| e.to_string());
    let first = match lang {
        Lang::Zh => format!(
            "{}–{} 年：{worst}；招录 {} 人，退休 {} 人，其他离职 {} 人，总警力由 {} 变为 {end}。",
            s.start_year, last, s.recruits, s.retirements, s.leavers, s.force_start
        ),
        Lang::En => format!(
            "{}–{}: {worst}; {} recruits, {} retirements and {} other leavers take the force from {} to {end}.",
            s.start_year, last, s.recruits, s.retirements, s.leavers, s.force_start
        ),
    };
    let mut more = Vec::new();
    if let Some(stop) = &s.stopped {
        more.push(match lang {
            Lang::Zh => format!("{} 年无可行方案，规划在此停止：{}", stop.year, stop.message),
            Lang::En => format!(
                "{} has no plan, and the roadmap stops there: {}",
                stop.year, stop.message
            ),
        });
    }
    if let Some(t) = &s.target {
        more.push(match lang {
            Lang::Zh => format!(
                "要使每年均衡水平不低于 {}，峰值年需招录 {} 人(任何分配方式至少需要 {} 人)。",
                t.level, t.peak_recruits, t.fewest_any_placement
            ),
            Lang::En => format!(
                "Every year at balance level ≥ {} takes {} recruits in the peak year (any placement needs at least {}).",
                t.level, t.peak_recruits, t.fewest_any_placement
            ),
        });
    }
    Conclusion::new(first, more)
}

/// The summary's cards.
fn cards(summary: &RoadmapSummary, lang: Lang) -> Cards {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut cards = Cards::new();
    cards.add(
        fmt_opt(summary.worst_balance_level, 4),
        match (lang, summary.worst_year) {
            (Lang::Zh, Some(y)) => format!("最差年份的均衡水平({y} 年)"),
            (Lang::En, Some(y)) => format!("the worst year's balance level ({y})"),
            (Lang::Zh, None) => "最差年份的均衡水平".into(),
            (Lang::En, None) => "the worst year's balance level".into(),
        },
    );
    cards.add(
        format!(
            "{} → {}",
            summary.force_start,
            summary.force_end.map_or("—".into(), |e| e.to_string())
        ),
        l(
            "总警力(首年初 → 末年末)",
            "force (first year's start → last year's end)",
        ),
    );
    cards.add(
        summary.recruits.to_string(),
        l("招录民警合计", "recruits in all"),
    );
    cards.add(
        summary.retirements.to_string(),
        l("退休合计", "retirements in all"),
    );
    cards.add(
        summary.leavers.to_string(),
        l("其他离职合计", "other leavers in all"),
    );
    cards.add(
        summary.officers_moved.to_string(),
        l("调动民警合计", "officers moved in all"),
    );
    cards
}

/// What the summary adds after its cards: the year with no plan, what the
/// horizon proved and how many to recruit for the target.
fn summary_more(summary: &RoadmapSummary, lang: Lang) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut o = String::new();
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
        let _ = write!(
            o,
            "<h3>{}</h3>\n",
            l("统筹各年的证明", "What the horizon proved")
        );
        horizon_table(&mut o, h, lang);
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
    o
}

/// The horizon's proof: its status, the worst year's level and the sum of
/// levels against their bounds, and its note.
fn horizon_table(o: &mut String, h: &HorizonSummary, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let status = match (lang, h.status.as_str()) {
        (Lang::Zh, "optimal") => "已证明最优",
        (Lang::Zh, "worst_year_optimal") => "最差年份已证明最优",
        (Lang::Zh, _) => "未证明最优",
        (Lang::En, "optimal") => "proven optimal",
        (Lang::En, "worst_year_optimal") => "worst year proven optimal",
        (Lang::En, _) => "not proven optimal",
    };
    let facts = [
        (l("状态", "status"), status.to_string()),
        (
            l(
                "最差年份水平：本方案 / 上界",
                "worst year's level: this plan / bound",
            ),
            format!(
                "{} / {}",
                fmt_opt(h.worst_level, 4),
                fmt_opt(h.worst_level_bound, 4)
            ),
        ),
        (
            l(
                "各年水平之和：本方案 / 上界",
                "sum of levels: this plan / bound",
            ),
            format!("{:.4} / {:.4}", h.sum_of_levels, h.sum_of_levels_bound),
        ),
        (l("说明", "note"), h.note.clone()),
    ];
    Table::headless()
        .text("", |f: &&(&str, String)| Td::text(f.0))
        .text("", |f: &&(&str, String)| Td::text(&f.1))
        .write(o, facts.iter());
}

/// The year table and the force by age band.
fn years_section(page: &mut Page, table: &RoadmapTable) {
    let lang = page.lang();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let t = |r: usize, c: &str| Td::text(table.text(r, c));
    let years = Table::new()
        .text(l("年份", "year"), |&r: &usize| t(r, "year"))
        .num(l("均衡水平", "balance level"), |&r: &usize| {
            Td::text(fmt_opt(table.number(r, "balance_level"), 4))
        })
        .num(l("调动人数", "moved"), |&r: &usize| {
            t(r, "officers_moved")
        })
        .num(l("年初警力", "force at start"), |&r: &usize| {
            t(r, "force_start")
        })
        .num(l("招录", "recruits"), |&r: &usize| t(r, "recruits"))
        .num(l("退休", "retirements"), |&r: &usize| t(r, "retirements"))
        .num(l("离职", "leavers"), |&r: &usize| t(r, "leavers"))
        .num(l("年末警力", "force at end"), |&r: &usize| {
            t(r, "force_end")
        })
        .num(l("派出所警力占比", "station share"), |&r: &usize| {
            Td::text(pct(table.number(r, "station_share")))
        })
        .num(l("社区民警占比", "community share"), |&r: &usize| {
            Td::text(pct(table.number(r, "community_share")))
        })
        .num(
            l("两个40%达标县局", "counties meeting 两个40%"),
            |&r: &usize| {
                Td::text(format!(
                    "{} / {}",
                    table.text(r, "counties_meeting_station_share"),
                    table.text(r, "counties_meeting_community_share")
                ))
            },
        )
        .num(l("辅警", "auxiliaries"), |&r: &usize| t(r, "auxiliaries"))
        .num(
            l("一村一辅警覆盖率", "一村一辅警 coverage"),
            |&r: &usize| Td::text(pct(table.number(r, "village_coverage"))),
        )
        .num(l("不能值班备勤", "restricted"), |&r: &usize| {
            t(r, "restricted_officers")
        });
    let mut bands = Table::new().text(l("年份", "year"), |&r: &usize| t(r, "year"));
    for b in &AGE_BANDS {
        bands = bands.num(lang.pick(b.zh, b.key), move |&r: &usize| t(r, b.key));
    }
    page.section("years", l("逐年结果", "Year by year"), |o| {
        let _ = write!(
            o,
            "<p>{}</p>\n",
            esc(l(
                "年初警力 + 招录 − 退休 − 离职 = 年末警力，逐县逐年精确成立。全部数字见 roadmap.csv 与 roadmap_counties.csv；每年的完整方案在 plans/<年份>/。",
                "Force at the start + recruits − retirements − leavers = force at the end, exactly, in every county and year. Every figure is in roadmap.csv and roadmap_counties.csv; each year's full plan is in plans/<year>/.",
            ))
        );
        years.write_spanning(o, 0..table.rows.len(), |&r| {
            (table.text(r, "status") == "infeasible").then(|| {
                Td::text(format!(
                    "{} {}",
                    l("无可行方案：", "no plan:"),
                    table.text(r, "message")
                ))
                .class("t no")
            })
        });
        let _ = write!(
            o,
            "<h3>{}</h3>\n",
            l(
                "年末警力年龄结构",
                "Force by age band at the end of each year"
            )
        );
        bands.write(o, table.planned());
    });
}

/// The counties that receive the most recruits, year by year.
fn recruits_section(page: &mut Page, table: &RoadmapTable, names: &[(String, String)]) {
    let lang = page.lang();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
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
    let note = match lang {
        Lang::Zh => format!(
            "招录最多的 {} 个县局(共 {} 个县局分到新警)；逐县逐年见 roadmap_counties.csv。",
            totals.len().min(COUNTY_ROWS),
            totals.len()
        ),
        Lang::En => format!(
            "The {} counties with the most recruits ({} counties receive any); every county and year is in roadmap_counties.csv.",
            totals.len().min(COUNTY_ROWS),
            totals.len()
        ),
    };
    let ids = &ids;
    let mut t = Table::new()
        .text(l("县局", "county"), |&(c, _): &(usize, f64)| {
            Td::text(&ids[c])
        })
        .text(l("名称", "name"), |&(c, _): &(usize, f64)| {
            let name = names.iter().find(|(i, _)| *i == ids[c]);
            Td::text(name.map_or("", |(_, n)| n.as_str()))
        });
    for &r in &planned {
        t = t.num(table.text(r, "year"), move |&(c, _): &(usize, f64)| {
            Td::text(table.text(r, &format!("recruits_{}", ids[c])))
        });
    }
    let t = t.num(l("合计", "total"), |&(_, total): &(usize, f64)| {
        Td::text(format!("{total:.0}"))
    });
    page.section(
        "recruits",
        l("各县招录分配", "Recruits by county"),
        |o| {
            let _ = write!(o, "<p>{}</p>\n", esc(&note));
            t.write(o, totals.iter().take(COUNTY_ROWS).copied());
        },
    );
}

/// Where the ages came from ([`super::data::Source::describe`]), in
/// Chinese: the age bands of the two tables, or the roster and its count.
/// A text of another shape stays as it is.
fn ages_source_zh(en: &str) -> String {
    if let Some(files) = en.strip_prefix("age bands (age_under_30 … age_60_plus) in ") {
        if let Some((stations, counties)) = files.split_once(" and ") {
            return format!("{stations} 与 {counties} 的年龄段列（age_under_30 … age_60_plus）");
        }
    }
    if let Some(rest) = en.strip_prefix("the roster ") {
        let (head, ignored) = match rest.split_once("; ") {
            Some((h, _)) => (h, "；派出所表与县局表中的年龄段未读取"),
            None => (rest, ""),
        };
        if let Some((file, count)) = head.rsplit_once(" (") {
            if let Some(n) = count.strip_suffix(" officers)") {
                return format!("人员名册 {file}（{n} 名民警）{ignored}");
            }
        }
    }
    en.to_string()
}

#[cfg(test)]
mod ages_source_tests {
    use super::ages_source_zh;

    #[test]
    fn the_age_source_reads_in_chinese() {
        assert_eq!(
            ages_source_zh(
                "age bands (age_under_30 … age_60_plus) in stations.csv and counties.csv"
            ),
            "stations.csv 与 counties.csv 的年龄段列（age_under_30 … age_60_plus）"
        );
        assert_eq!(
            ages_source_zh("the roster data/roster.csv (1200 officers); the age bands in the stations and counties tables were not read"),
            "人员名册 data/roster.csv（1200 名民警）；派出所表与县局表中的年龄段未读取"
        );
        assert_eq!(
            ages_source_zh("the roster r.csv (7 officers)"),
            "人员名册 r.csv（7 名民警）"
        );
    }
}
