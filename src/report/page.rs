//! `report.html` of one solve, for the people who decide: the summary,
//! charts as inline SVG, the county table with the 两个40% rule, the
//! largest changes, the binding stations, the scenario parameters and
//! provenance. Built with the page builder ([`super::html`]).

use super::charts::Chart;
use super::html::{fmt_opt, yes_no, Conclusion, Page, Provenance, Summary, Table, Td, Top};
use super::lang::Lang;
use crate::outcome::Outcome;

mod cards;
use cards::summary_cards;

/// How many station changes the report lists.
pub const LARGEST_CHANGES: usize = 25;

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
pub fn solve_report(outcome: &Outcome, charts: &[Chart], lang: Lang) -> Page {
    solve_page(outcome, charts, lang, Inserts::default())
}

/// What a page built on the solve report adds to it (`staffing serve`'s
/// what-if page): HTML at the end of the summary, after the cards, and
/// sections right after the summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inserts {
    /// At the end of the summary section (the comparison with a base plan).
    pub summary: String,
    /// Whole sections after the summary (the what-if controls).
    pub after_summary: String,
}

/// The solve report with `inserts`: the same sections, in the same order,
/// drawn by the same code.
pub fn solve_page(outcome: &Outcome, charts: &[Chart], lang: Lang, inserts: Inserts) -> Page {
    let summary = &outcome.summary;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let what_if = super::overrides_text(&summary.provenance.overrides, lang);
    let title = match (&what_if, lang) {
        (None, _) => format!(
            "{} — {}",
            l("派出所警力配置方案", "Police station staffing plan"),
            outcome.scenario
        ),
        (Some(w), Lang::Zh) => format!("派出所警力配置方案 — {}（假设：{w}）", outcome.scenario),
        (Some(w), Lang::En) => format!(
            "Police station staffing plan — {} (what-if: {w})",
            outcome.scenario
        ),
    };
    let optimal = summary.status == "optimal";
    let what_if_lead = match (&what_if, lang) {
        (None, _) => String::new(),
        (Some(w), Lang::Zh) => format!(
            "假设情景：命令行设置 {w}，其余取值同情景文件；本方案写在单独的文件夹，不替换基准方案。"
        ),
        (Some(w), Lang::En) => format!(
            " What-if: set on the command line, {w}; every other value as in the scenario file. This plan has a folder of its own and does not replace the base plan."
        ),
    };
    let lead = match lang {
        Lang::Zh => format!(
            "{} 个县级公安机关、{} 个派出所。求解状态：{}。",
            summary.counties,
            summary.stations,
            if optimal {
                "已证明最优"
            } else {
                "达到时间上限（可行，未证明最优）"
            }
        ),
        Lang::En => format!(
            "{} county bureaus, {} police stations. Status: {}.",
            summary.counties,
            summary.stations,
            if optimal {
                "proven optimal"
            } else {
                "time limit reached (feasible, not proven best)"
            }
        ),
    } + &what_if_lead;
    // The plan in words, then the figures.
    let conclusion = Conclusion::from_sentences(super::headline::sentences(outcome, lang))
        .unwrap_or_else(|| Conclusion::new(lead.clone(), []));
    let mut page = Page::new(
        lang,
        Top {
            title: &title,
            lead: &lead,
            // The data checks, on the first screen: each warned cell and
            // what the plan does because of it.
            notes: Vec::new(),
            first: super::warnings::section(outcome, lang),
        },
        Summary {
            conclusion,
            cards: summary_cards(outcome, lang),
            more: inserts.summary,
        },
    );
    page.push(&inserts.after_summary);
    page.push(&super::strength::html_section(outcome, lang));
    page.push(&super::service::section(outcome, lang));
    page.charts(charts);
    let mut fairness = String::new();
    super::fairness::section(&mut fairness, outcome, lang);
    page.push(&fairness);
    counties_section(&mut page, outcome);
    changes_section(&mut page, outcome);
    binding_section(&mut page, outcome);
    parameters_section(&mut page, outcome);
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

/// The county table: the two 40% rules before and after, moves and each
/// county's own best level.
fn counties_section(page: &mut Page, outcome: &Outcome) {
    let lang = page.lang();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let q = &outcome.params.quotas;
    let by_county = q.community_scope.as_str() == "county";
    let rule = match lang {
        Lang::Zh => format!(
            "派出所警力占全县警力 ≥ {:.0}%；社区民警占派出所警力 ≥ {:.0}%（{}）。",
            q.station_share * 100.0,
            q.community_share * 100.0,
            if by_county { "按县合计" } else { "每个所" }
        ),
        Lang::En => format!(
            "Station officers ≥ {:.0}% of the county force; community officers ≥ {:.0}% of station officers ({}).",
            q.station_share * 100.0,
            q.community_share * 100.0,
            if by_county { "over the county" } else { "at every station" }
        ),
    };
    let o = outcome;
    let before_after = |b: String, a: String| Td::text(format!("{b} → {a}"));
    let share = |b: f64, a: f64| Td::text(format!("{:.1}% → {:.1}%", b * 100.0, a * 100.0));
    let rules = |b: bool, a: bool| Td::markup(format!("{} → {}", yes_no(lang, b), yes_no(lang, a)));
    let mut table = Table::new()
        .text(l("县级公安机关", "county bureau"), |&c: &usize| {
            let county = &o.province.counties[c];
            Td::text(format!("{} {}", county.id, county.name))
        })
        .num(l("总警力", "force"), |&c: &usize| {
            Td::show(o.province.counties[c].officers_total)
        });
    if let Some(recruits) = &o.recruits {
        table = table.num(
            l("其中新招民警", "of which recruits"),
            move |&c: &usize| recruits.per_county.get(c).map_or(Td::text(""), Td::show),
        );
    }
    let f = |c: usize| &o.counties[c];
    let table = table
        .num(
            l("派出所警力 前→后", "station officers before→after"),
            |&c: &usize| {
                before_after(
                    f(c).before.station_officers.to_string(),
                    f(c).after.station_officers.to_string(),
                )
            },
        )
        .num(
            l("派出所占比 前→后", "station share before→after"),
            |&c: &usize| share(f(c).before.station_share, f(c).after.station_share),
        )
        .num(l("派出所占比达标", "station share"), |&c: &usize| {
            rules(f(c).before.station_rule, f(c).after.station_rule)
        })
        .num(
            l("社区民警 前→后", "community officers before→after"),
            |&c: &usize| {
                before_after(
                    f(c).before.community_officers.to_string(),
                    f(c).after.community_officers.to_string(),
                )
            },
        )
        .num(
            l("社区占比 前→后", "community share before→after"),
            |&c: &usize| share(f(c).before.community_share, f(c).after.community_share),
        )
        .num(l("社区占比达标", "community share"), |&c: &usize| {
            rules(f(c).before.community_rule, f(c).after.community_rule)
        })
        .num(l("调动", "moved"), |&c: &usize| {
            Td::show(o.plan.counties[c].officers_moved)
        })
        .num(
            l("本县可达均衡水平", "county's own max level"),
            |&c: &usize| Td::text(fmt_opt(o.plan.counties[c].max_level, 4)),
        );
    page.section(
        "counties",
        l("各县“两个40%”达标情况", "Counties and the 两个40% rule"),
        |s| {
            s.push_str(&format!("<p>{}</p>\n", super::html::esc(&rule)));
            table.write(
                s,
                0..o.province
                    .counties
                    .len()
                    .min(o.plan.counties.len())
                    .min(o.counties.len()),
            );
        },
    );
}

/// The stations whose officers or auxiliaries change most.
fn changes_section(page: &mut Page, outcome: &Outcome) {
    let lang = page.lang();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let (province, plan) = (&outcome.province, &outcome.plan);
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
    let note = match lang {
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
    };
    let station = |i: usize| (&province.stations[i], &plan.stations[i]);
    let table = Table::new()
        .text(l("派出所", "station"), |&i: &usize| {
            Td::text(format!("{} {}", station(i).0.id, station(i).0.name))
        })
        .text(l("所属县", "county"), |&i: &usize| {
            Td::text(&province.counties[station(i).0.county].name)
        })
        .num(
            l("民警 前→后", "officers before→after"),
            |&i: &usize| {
                let (s, p) = station(i);
                Td::text(format!(
                    "{} → {} ({:+})",
                    s.officers,
                    p.officers,
                    p.officers - s.officers
                ))
            },
        )
        .num(
            l("社区民警 前→后", "community officers before→after"),
            |&i: &usize| {
                let (s, p) = station(i);
                Td::text(format!(
                    "{} → {}",
                    s.community_officers, p.community_officers
                ))
            },
        )
        .num(
            l("辅警 前→后", "auxiliaries before→after"),
            |&i: &usize| {
                let (s, p) = station(i);
                Td::text(format!(
                    "{} → {} ({:+})",
                    s.auxiliaries,
                    p.auxiliaries,
                    p.auxiliaries - s.auxiliaries
                ))
            },
        );
    page.section(
        "changes",
        l("变动最大的派出所", "Largest changes"),
        |s| {
            s.push_str(&format!("<p>{}</p>\n", super::html::esc(&note)));
            table.write(s, changes.iter().take(shown).copied());
        },
    );
}

/// The stations that bind the balance level.
fn binding_section(page: &mut Page, outcome: &Outcome) {
    let lang = page.lang();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let summary = &outcome.summary;
    let province = &outcome.province;
    let table = Table::new()
        .text(l("编号", "id"), |b: &&crate::outcome::BindingStation| {
            Td::text(&b.station_id)
        })
        .text(
            l("派出所", "station"),
            |b: &&crate::outcome::BindingStation| Td::text(&b.name),
        )
        .text(
            l("所属县", "county"),
            |b: &&crate::outcome::BindingStation| {
                let county = province
                    .counties
                    .iter()
                    .find(|c| c.id == b.county_id)
                    .map_or(b.county_id.as_str(), |c| c.name.as_str());
                Td::text(county)
            },
        )
        .text(
            l("制约维度", "dimension"),
            |b: &&crate::outcome::BindingStation| {
                Td::text(match (lang, b.dimension.as_str()) {
                    (Lang::Zh, "duty") => "值班（110警情）",
                    (Lang::Zh, "community") => "社区（服务人口）",
                    (_, d) => d,
                })
            },
        );
    page.section(
        "binding",
        l("制约均衡水平的派出所", "Stations that bind the balance level"),
        |s| {
            s.push_str(&format!(
                "<p>{}</p>\n",
                l(
                    "这些派出所所在县已无富余警力；在这里（或其所在县）多配一名民警，全省均衡水平才能继续提高。",
                    "These stations sit in counties with no officer to spare: one more officer here (or in the county) is what a higher balance level needs.",
                )
            ));
            if summary.binding_stations.is_empty() {
                s.push_str(&format!(
                    "<p>{}</p>\n",
                    l(
                        "没有制约均衡水平的派出所（或求解器未给出）。",
                        "No station binds the level (or the solver does not report them).",
                    )
                ));
            } else {
                table.write(s, summary.binding_stations.iter());
            }
        },
    );
}

/// Every scenario key (the key registry), set or default.
fn parameters_section(page: &mut Page, outcome: &Outcome) {
    let lang = page.lang();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let table = Table::new()
        .text(
            l("参数", "parameter"),
            |p: &&crate::outcome::Parameter| Td::text(lang.pick(p.label.0, p.label.1)),
        )
        .text(l("键", "key"), |p: &&crate::outcome::Parameter| {
            Td::markup(format!("<code>{}</code>", super::html::esc(&p.path))).class("mono")
        })
        .text(l("取值", "value"), |p: &&crate::outcome::Parameter| {
            let unit = lang.pick(p.unit.0, p.unit.1);
            let mut value = super::i18n::parameter_html(lang, &p.value, p.set);
            if p.set && !unit.is_empty() {
                value = format!("{value} {}", super::html::esc(unit));
            }
            if p.set {
                Td::markup(format!("<b>{value}</b>"))
            } else {
                Td::markup(value)
            }
        });
    page.section(
        "parameters",
        l("情景参数", "Scenario parameters"),
        |s| {
            s.push_str(&format!(
                "<p>{}</p>\n",
                l(
                    "情景文件中设定的参数以粗体显示，其余为默认值。",
                    "Keys the scenario sets are in bold; the others show their defaults.",
                )
            ));
            table.write(s, outcome.parameters.iter());
        },
    );
}

#[cfg(test)]
mod tests {
    use super::super::html::esc;

    #[test]
    fn text_cannot_open_tags() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("城关派出所"), "城关派出所");
    }
}
