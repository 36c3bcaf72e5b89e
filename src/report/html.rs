//! `report.html`: one self-contained page per solve (and per sweep) for the
//! people who decide: summary, charts as inline SVG, the county table with
//! the 两个40% rule, the largest changes, the binding stations, the scenario
//! parameters and provenance. No scripts, no network, no external assets.

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use super::charts::Chart;
use super::lang::Lang;
pub use super::markup::{card, esc};
use crate::outcome::Outcome;

/// How many station changes the report lists.
pub const LARGEST_CHANGES: usize = 25;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "WenQuanYi Micro Hei", "Heiti SC", SimHei, system-ui, sans-serif;
       margin: 0 auto; max-width: 1200px; padding: 24px; color: #222; line-height: 1.5;
       overflow-wrap: anywhere; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #0072b2; padding-bottom: 4px; margin-top: 2em; }
.lead { color: #555; margin-top: 0; }
.conclusion { border-left: 6px solid #0072b2; background: #eef5fb; padding: 10px 16px; margin: 16px 0; font-size: 1.08em; }
.conclusion p { margin: 6px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { flex: 1 1 200px; min-width: 0; border: 1px solid #ddd; border-radius: 8px; padding: 12px 16px; background: #fafafa; }
.card .v { font-size: 1.6em; font-weight: bold; color: #0072b2; }
.card .k { color: #555; font-size: 0.9em; }
figure { margin: 24px 0; }
figure svg { display: block; box-sizing: border-box; max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #555; font-size: 0.95em; }
.wide { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: right; overflow-wrap: normal; }
td { white-space: nowrap; }
td.t { white-space: normal; min-width: 5em; }
th { background: #f0f4f8; }
td.t, th.t { text-align: left; }
.no { color: #c0392b; font-weight: bold; }
.yes { color: #1e8449; }
.mono { font-family: ui-monospace, "SFMono-Regular", Consolas, monospace; font-size: 0.85em; word-break: break-all; }
@media (max-width: 600px) {
  body { padding: 12px; }
  h1 { font-size: 1.35em; }
  .card { flex-basis: 140px; padding: 8px 10px; }
  .card .v { font-size: 1.35em; }
  th, td { padding: 3px 5px; }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  section { break-before: page; }
  #summary { break-before: auto; }
  h2 { margin-top: 0; break-after: avoid; }
  figure, .card, .conclusion, tr { break-inside: avoid; }
  figure svg { max-height: 235mm; border: none; }
  .wide { overflow: visible; }
  table { font-size: 8pt; }
  th, td { padding: 2px 4px; overflow-wrap: anywhere; white-space: normal; }
  .conclusion { background: none; }
}
/*webfont*/
"#;

pub(crate) fn page_start(out: &mut String, lang: Lang, title: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.pick("zh-CN", "en"),
        esc(title)
    );
}

/// Makes a page whole: every table scrolls sideways inside its section on a
/// narrow screen (wrapped in `<div class="wide">`), and the web font with
/// exactly the page's characters ([`super::webfont`]) goes into the style,
/// so Chinese renders where no CJK font is installed.
pub fn finish(page: String) -> Result<String, super::webfont::WebFontError> {
    let face = super::webfont::font_face(&page)?;
    Ok(page
        .replace("<table>", "<div class=\"wide\"><table>")
        .replace("</table>", "</table></div>")
        .replacen("/*webfont*/", &face, 1))
}

/// The charts, each as inline SVG in a figure.
pub(crate) fn charts_section(out: &mut String, lang: Lang, charts: &[Chart]) {
    let _ = write!(
        out,
        "<section id=\"charts\">\n<h2>{}</h2>\n",
        lang.pick("图表", "Charts")
    );
    if charts.is_empty() {
        let _ = write!(
            out,
            "<p>{}</p>\n",
            lang.pick("本次未生成图表。", "Charts were not drawn for this run.")
        );
    }
    for c in charts {
        let note = c
            .note
            .as_ref()
            .map_or(String::new(), |n| format!("<br>{}", esc(n)));
        let _ = write!(
            out,
            "<figure id=\"chart-{}\">\n{}\n<figcaption>{}{note}</figcaption>\n</figure>\n",
            esc(&c.stem),
            strip_xml_declaration(&c.svg),
            esc(&c.title)
        );
    }
    out.push_str("</section>\n");
}

fn strip_xml_declaration(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

pub(crate) fn fmt_opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or("—".into(), |v| format!("{v:.decimals$}"))
}

pub(crate) fn yes_no(lang: Lang, ok: bool) -> String {
    if ok {
        format!("<span class=\"yes\">{}</span>", lang.pick("达标", "met"))
    } else {
        format!(
            "<span class=\"no\">{}</span>",
            lang.pick("未达标", "not met")
        )
    }
}

/// One line on the data checks: how many warnings the input raised.
pub fn data_warnings_line(count: usize, lang: Lang) -> String {
    match (lang, count) {
        (Lang::Zh, 0) => "数据检查：未发现可疑数据。".into(),
        (Lang::Zh, n) => format!(
            "数据检查：{n} 条警告（数值明显偏离同类派出所，或列名疑似写错），请核对原始数据。"
        ),
        (Lang::En, 0) => "Data checks: no warnings.".into(),
        (Lang::En, 1) => "Data checks: 1 warning (a value far from its peers, or a column name close to a known one); check the data.".into(),
        (Lang::En, n) => format!(
            "Data checks: {n} warnings (values far from their peers, or column names close to known ones); check the data."
        ),
    }
}

/// The report of one solve.
pub fn solve_report(outcome: &Outcome, charts: &[Chart], lang: Lang) -> String {
    let Outcome {
        province,
        params,
        plan,
        scenario: scenario_name,
        summary,
        ..
    } = outcome;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut o = String::with_capacity(1 << 20);
    let what_if = super::overrides_text(&summary.provenance.overrides, lang);
    let title = match (&what_if, lang) {
        (None, _) => format!(
            "{} — {}",
            l("派出所警力配置方案", "Police station staffing plan"),
            scenario_name
        ),
        (Some(w), Lang::Zh) => format!("派出所警力配置方案 — {scenario_name}（假设：{w}）"),
        (Some(w), Lang::En) => {
            format!("Police station staffing plan — {scenario_name} (what-if: {w})")
        }
    };
    page_start(&mut o, lang, &title);
    let _ = write!(o, "<h1>{}</h1>\n", esc(&title));
    let what_if_lead = match (&what_if, lang) {
        (None, _) => String::new(),
        (Some(w), Lang::Zh) => format!(
            "假设情景：命令行设置 {w}，其余取值同情景文件；本方案写在单独的文件夹，不替换基准方案。"
        ),
        (Some(w), Lang::En) => format!(
            " What-if: set on the command line, {w}; every other value as in the scenario file. This plan has a folder of its own and does not replace the base plan."
        ),
    };
    let _ = write!(
        o,
        "<p class=\"lead\">{}{}</p>\n",
        esc(&match lang {
            Lang::Zh => format!(
                "{} 个县级公安机关、{} 个派出所。求解状态：{}。",
                summary.counties,
                summary.stations,
                if summary.status == "optimal" {
                    "已证明最优"
                } else {
                    "达到时间上限（可行，未证明最优）"
                }
            ),
            Lang::En => format!(
                "{} county bureaus, {} police stations. Status: {}.",
                summary.counties,
                summary.stations,
                if summary.status == "optimal" {
                    "proven optimal"
                } else {
                    "time limit reached (feasible, not proven best)"
                }
            ),
        }),
        esc(&what_if_lead)
    );

    // The data checks, on the first screen: each warned cell and what the
    // plan does because of it.
    o.push_str(&super::warnings::section(outcome, lang));

    // Summary: the plan in words, then the figures.
    let _ = write!(
        o,
        "<section id=\"summary\">\n<h2>{}</h2>\n<div class=\"conclusion\" id=\"conclusion\">\n",
        l("摘要", "Summary")
    );
    for sentence in super::headline::sentences(outcome, lang) {
        let _ = write!(o, "<p>{}</p>\n", esc(&sentence));
    }
    o.push_str("</div>\n<div class=\"cards\">\n");
    card(
        &mut o,
        &fmt_opt(summary.balance_level, 4),
        l(
            "均衡水平（1.0 = 每个所的工作量都配足警力）",
            "balance level (1.0 = every station's workload covered)",
        ),
    );
    card(
        &mut o,
        &summary.officers_moved.to_string(),
        l("调动民警人数（最少）", "officers moved (fewest possible)"),
    );
    card(
        &mut o,
        &format!(
            "{} / {}",
            summary.counties_meeting_station_share.after, summary.counties
        ),
        &match lang {
            Lang::Zh => format!(
                "派出所警力占比达标县（调整前 {}）",
                summary.counties_meeting_station_share.before
            ),
            Lang::En => format!(
                "counties meeting the station share (before: {})",
                summary.counties_meeting_station_share.before
            ),
        },
    );
    card(
        &mut o,
        &format!(
            "{} / {}",
            summary.counties_meeting_community_share.after, summary.counties
        ),
        &match lang {
            Lang::Zh => format!(
                "社区民警占比达标县（调整前 {}）",
                summary.counties_meeting_community_share.before
            ),
            Lang::En => format!(
                "counties meeting the community share (before: {})",
                summary.counties_meeting_community_share.before
            ),
        },
    );
    card(
        &mut o,
        &format!(
            "{} → {}",
            fmt_opt(summary.worst_calls_per_duty_officer_before, 0),
            fmt_opt(summary.worst_calls_per_duty_officer, 0)
        ),
        l(
            "最重的值班民警负荷（警情/人·年）",
            "heaviest calls per duty officer a year",
        ),
    );
    card(
        &mut o,
        &format!(
            "{} → {}",
            fmt_opt(summary.worst_residents_per_community_officer_before, 0),
            fmt_opt(summary.worst_residents_per_community_officer, 0)
        ),
        l(
            "最重的社区民警负荷（人口/人）",
            "most residents per community officer",
        ),
    );
    card(
        &mut o,
        &format!("{} / {}", summary.auxiliaries, summary.auxiliary_budget),
        &match lang {
            Lang::Zh => format!(
                "辅警（已配/编制），调整 {} 人，辅警均衡水平 {}",
                summary.auxiliaries_changed,
                fmt_opt(summary.auxiliary_balance_level, 4)
            ),
            Lang::En => format!(
                "auxiliaries (posted / budget), {} changed, auxiliary level {}",
                summary.auxiliaries_changed,
                fmt_opt(summary.auxiliary_balance_level, 4)
            ),
        },
    );
    card(
        &mut o,
        &format!("{} / {}", summary.station_officers, summary.hq_officers),
        l(
            "派出所民警 / 机关民警（调整后）",
            "officers at stations / at HQ (after)",
        ),
    );
    headline_cards(&mut o, outcome, lang);
    o.push_str("</div>\n</section>\n");
    o.push_str(&super::strength::html_section(outcome, lang));
    o.push_str(&super::service::section(outcome, lang));

    charts_section(&mut o, lang, charts);
    super::fairness::section(&mut o, outcome, lang);

    // County table.
    let _ = write!(
        o,
        "<section id=\"counties\">\n<h2>{}</h2>\n<p>{}</p>\n<table>\n<thead><tr>",
        l("各县“两个40%”达标情况", "Counties and the 两个40% rule"),
        esc(&match lang {
            Lang::Zh => format!(
                "派出所警力占全县警力 ≥ {:.0}%；社区民警占派出所警力 ≥ {:.0}%（{}）。",
                params.quotas.station_share * 100.0,
                params.quotas.community_share * 100.0,
                if params.quotas.community_scope.as_str() == "county" {
                    "按县合计"
                } else {
                    "每个所"
                }
            ),
            Lang::En => format!(
                "Station officers ≥ {:.0}% of the county force; community officers ≥ {:.0}% of station officers ({}).",
                params.quotas.station_share * 100.0,
                params.quotas.community_share * 100.0,
                if params.quotas.community_scope.as_str() == "county" {
                    "over the county"
                } else {
                    "at every station"
                }
            ),
        })
    );
    let recruits = outcome.recruits.as_ref();
    let mut heads: Vec<(&str, &str, bool)> = vec![
        ("县级公安机关", "county bureau", true),
        ("总警力", "force", false),
        ("派出所警力 前→后", "station officers before→after", false),
        ("派出所占比 前→后", "station share before→after", false),
        ("派出所占比达标", "station share", false),
        ("社区民警 前→后", "community officers before→after", false),
        ("社区占比 前→后", "community share before→after", false),
        ("社区占比达标", "community share", false),
        ("调动", "moved", false),
        ("本县可达均衡水平", "county's own max level", false),
    ];
    if recruits.is_some() {
        heads.insert(2, ("其中新招民警", "of which recruits", false));
    }
    for (zh, en, text) in heads {
        let _ = write!(
            o,
            "<th{}>{}</th>",
            if text { " class=\"t\"" } else { "" },
            l(zh, en)
        );
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for (ci, ((c, cp), f)) in province
        .counties
        .iter()
        .zip(&plan.counties)
        .zip(&outcome.counties)
        .enumerate()
    {
        let (b, a) = (f.before, f.after);
        let recruited = recruits
            .and_then(|r| r.per_county.get(ci))
            .map_or(String::new(), |n| format!("<td>{n}</td>"));
        let _ = write!(
            o,
            "<tr><td class=\"t\">{} {}</td><td>{}</td>{recruited}<td>{} → {}</td><td>{:.1}% → {:.1}%</td>\
             <td>{} → {}</td><td>{} → {}</td><td>{:.1}% → {:.1}%</td><td>{} → {}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&c.id),
            esc(&c.name),
            c.officers_total,
            b.station_officers,
            a.station_officers,
            b.station_share * 100.0,
            a.station_share * 100.0,
            yes_no(lang, b.station_rule),
            yes_no(lang, a.station_rule),
            b.community_officers,
            a.community_officers,
            b.community_share * 100.0,
            a.community_share * 100.0,
            yes_no(lang, b.community_rule),
            yes_no(lang, a.community_rule),
            cp.officers_moved,
            fmt_opt(cp.max_level, 4),
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");

    // Largest changes.
    let mut changes: Vec<usize> = (0..province.stations.len())
        .filter(|&i| {
            plan.stations[i].officers != province.stations[i].officers
                || plan.stations[i].auxiliaries != province.stations[i].auxiliaries
        })
        .collect();
    changes.sort_by_key(|&i| {
        let d = (plan.stations[i].officers - province.stations[i].officers).abs();
        let a = (plan.stations[i].auxiliaries - province.stations[i].auxiliaries).abs();
        (std::cmp::Reverse(d), std::cmp::Reverse(a), i)
    });
    let shown = changes.len().min(LARGEST_CHANGES);
    let _ = write!(
        o,
        "<section id=\"changes\">\n<h2>{}</h2>\n<p>{}</p>\n<table>\n<thead><tr>\
         <th class=\"t\">{}</th><th class=\"t\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        l("变动最大的派出所", "Largest changes"),
        esc(&match lang {
            Lang::Zh => format!(
                "{} 个派出所有变动，下表列出变动最大的 {} 个；完整清单见 allocation.csv。",
                changes.len(),
                shown
            ),
            Lang::En => format!(
                "{} stations change; the {} largest are listed. The full list is in allocation.csv.",
                changes.len(),
                shown
            ),
        }),
        l("派出所", "station"),
        l("所属县", "county"),
        l("民警 前→后", "officers before→after"),
        l("社区民警 前→后", "community officers before→after"),
        l("辅警 前→后", "auxiliaries before→after"),
    );
    for &i in changes.iter().take(shown) {
        let s = &province.stations[i];
        let p = &plan.stations[i];
        let _ = write!(
            o,
            "<tr><td class=\"t\">{} {}</td><td class=\"t\">{}</td><td>{} → {} ({:+})</td>\
             <td>{} → {}</td><td>{} → {} ({:+})</td></tr>\n",
            esc(&s.id),
            esc(&s.name),
            esc(&province.counties[s.county].name),
            s.officers,
            p.officers,
            p.officers - s.officers,
            s.community_officers,
            p.community_officers,
            s.auxiliaries,
            p.auxiliaries,
            p.auxiliaries - s.auxiliaries,
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");

    // Binding stations.
    let _ = write!(
        o,
        "<section id=\"binding\">\n<h2>{}</h2>\n<p>{}</p>\n",
        l("制约均衡水平的派出所", "Stations that bind the balance level"),
        l(
            "这些派出所所在县已无富余警力；在这里（或其所在县）多配一名民警，全省均衡水平才能继续提高。",
            "These stations sit in counties with no officer to spare: one more officer here (or in the county) is what a higher balance level needs.",
        )
    );
    if summary.binding_stations.is_empty() {
        let _ = write!(
            o,
            "<p>{}</p>\n",
            l(
                "没有制约均衡水平的派出所（或求解器未给出）。",
                "No station binds the level (or the solver does not report them).",
            )
        );
    } else {
        let _ = write!(
            o,
            "<table>\n<thead><tr><th class=\"t\">{}</th><th class=\"t\">{}</th><th class=\"t\">{}</th><th class=\"t\">{}</th></tr></thead>\n<tbody>\n",
            l("编号", "id"),
            l("派出所", "station"),
            l("所属县", "county"),
            l("制约维度", "dimension"),
        );
        for b in &summary.binding_stations {
            let county = province
                .counties
                .iter()
                .find(|c| c.id == b.county_id)
                .map_or(b.county_id.as_str(), |c| c.name.as_str());
            let dim = match (lang, b.dimension.as_str()) {
                (Lang::Zh, "duty") => "值班（110警情）",
                (Lang::Zh, "community") => "社区（服务人口）",
                (_, d) => d,
            };
            let _ = write!(
                o,
                "<tr><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td></tr>\n",
                esc(&b.station_id),
                esc(&b.name),
                esc(county),
                esc(dim)
            );
        }
        o.push_str("</tbody>\n</table>\n");
    }
    o.push_str("</section>\n");

    // Parameters: every scenario key (the key registry), set or default.
    let _ = write!(
        o,
        "<section id=\"parameters\">\n<h2>{}</h2>\n<p>{}</p>\n<table>\n<thead><tr><th class=\"t\">{}</th><th class=\"t\">{}</th><th class=\"t\">{}</th></tr></thead>\n<tbody>\n",
        l("情景参数", "Scenario parameters"),
        l(
            "情景文件中设定的参数以粗体显示，其余为默认值。",
            "Keys the scenario sets are in bold; the others show their defaults.",
        ),
        l("参数", "parameter"),
        l("键", "key"),
        l("取值", "value")
    );
    for p in &outcome.parameters {
        let unit = match lang {
            Lang::Zh => p.unit.0,
            Lang::En => p.unit.1,
        };
        let value = if unit.is_empty() || !p.set {
            p.value.clone()
        } else {
            format!("{} {unit}", p.value)
        };
        let value = if p.set {
            format!("<b>{}</b>", esc(&value))
        } else {
            esc(&value)
        };
        let _ = write!(
            o,
            "<tr><td class=\"t\">{}</td><td class=\"t mono\">{}</td><td class=\"t\">{value}</td></tr>\n",
            esc(lang.pick(p.label.0, p.label.1)),
            esc(&p.path),
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");

    provenance_section(
        &mut o,
        lang,
        &summary.provenance.tool,
        &summary.provenance.version,
        &summary.provenance.solver,
        &summary.status,
        &summary.provenance.inputs,
    );
    o.push_str("</body>\n</html>\n");
    o
}

/// The cards of the headline's figures: the moves by kind, the officers
/// short of level 1.0, the recruits placed, and 一村一辅警.
fn headline_cards(o: &mut String, outcome: &Outcome, lang: Lang) {
    let s = &outcome.summary;
    let h = &s.headline;
    card(
        o,
        &format!(
            "{} / {}",
            h.officers_from_hq_to_stations, h.officers_between_stations
        ),
        &match lang {
            Lang::Zh => format!(
                "机关下沉 / 派出所之间调整（人）{}",
                if h.officers_from_stations_to_hq > 0 {
                    format!("，另派出所上调机关 {} 人", h.officers_from_stations_to_hq)
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                "officers from HQ to stations / between stations{}",
                if h.officers_from_stations_to_hq > 0 {
                    format!(
                        "; {} from stations up to HQ",
                        h.officers_from_stations_to_hq
                    )
                } else {
                    String::new()
                }
            ),
        },
    );
    card(
        o,
        &h.recruits_for_level_one.map_or_else(
            || lang.pick("无法达到", "unreachable").to_string(),
            |k| k.to_string(),
        ),
        lang.pick(
            "再招民警人数，可使所有派出所达到标准（均衡水平 1.0）",
            "more recruits that would bring every station to the standard (level 1.0)",
        ),
    );
    if let Some(r) = &s.recruits {
        let counties = r.per_county.values().filter(|&&n| n > 0).count();
        card(
            o,
            &r.used.to_string(),
            &match lang {
                Lang::Zh => format!(
                    "新招民警（分配到 {counties} 个县{}）",
                    if r.leftover > 0 {
                        format!("；另有 {} 人无法再提高均衡水平，未分配", r.leftover)
                    } else {
                        String::new()
                    }
                ),
                Lang::En => format!(
                    "recruits placed (in {counties} counties{})",
                    if r.leftover > 0 {
                        format!(
                            "; {} more cannot raise the level and are left unplaced",
                            r.leftover
                        )
                    } else {
                        String::new()
                    }
                ),
            },
        );
    }
    let pct = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{:.1}%", v * 100.0));
    let short = &h.stations_below_one_auxiliary_per_village;
    card(
        o,
        &format!(
            "{} → {}",
            pct(h.village_coverage.before),
            pct(h.village_coverage.after)
        ),
        &match lang {
            Lang::Zh => format!(
                "一村一辅警覆盖率；辅警少于村数的派出所 {} → {}",
                short.before, short.after
            ),
            Lang::En => format!(
                "一村一辅警 coverage; stations with fewer auxiliaries than villages {} → {}",
                short.before, short.after
            ),
        },
    );
}

pub(crate) fn provenance_section(
    o: &mut String,
    lang: Lang,
    tool: &str,
    version: &str,
    solver: &str,
    status: &str,
    inputs: &[super::InputDigest],
) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let _ = write!(
        o,
        "<section id=\"provenance\">\n<h2>{}</h2>\n<table>\n<tbody>\n\
         <tr><td class=\"t\">{}</td><td class=\"t\">{} {}</td></tr>\n\
         <tr><td class=\"t\">{}</td><td class=\"t\">{}</td></tr>\n\
         <tr><td class=\"t\">{}</td><td class=\"t\">{}</td></tr>\n</tbody>\n</table>\n\
         <table>\n<thead><tr><th class=\"t\">{}</th><th class=\"t\">{}</th><th class=\"t\">SHA-256</th></tr></thead>\n<tbody>\n",
        l("来源与可追溯性", "Provenance"),
        l("工具版本", "tool"),
        esc(tool),
        esc(version),
        l("求解器", "solver"),
        esc(solver),
        l("求解状态", "status"),
        esc(status),
        l("输入", "input"),
        l("文件", "file"),
    );
    for d in inputs {
        let _ = write!(
            o,
            "<tr><td class=\"t\">{}</td><td class=\"t mono\">{}</td><td class=\"t mono\">{}</td></tr>\n",
            esc(&d.role),
            esc(&d.path),
            esc(&d.sha256)
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_open_tags() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("城关派出所"), "城关派出所");
    }
}
