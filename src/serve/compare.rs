//! A what-if against the base plan: the headline figures side by side and,
//! per county, what changes. Every figure is read from the two outcomes
//! (the summary and the fairness figures the pipeline computed), so the
//! comparison follows whatever the solve reports.

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use crate::outcome::Outcome;
use crate::report::html::{esc, fmt_opt, yes_no, Table, Td};
use crate::report::Lang;

/// At most this many counties are listed (those that change most first).
pub const COUNTIES_LISTED: usize = 60;

/// The figures compared, of one outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// t, the officers' balance level of the plan (`None`: no station has workload).
    pub level: Option<f64>,
    /// Officers the plan moves, all counties.
    pub moved: i64,
    /// Stations whose cover level is below 1.0 (workload not covered).
    pub below_standard: usize,
    /// Counties meeting the station share rule under the plan.
    pub station_share_met: usize,
    /// Counties meeting the community share rule under the plan.
    pub community_share_met: usize,
    /// Counties in the data.
    pub counties: usize,
    /// Officers beyond the plan's force that would bring every station to
    /// level 1.0 (`None`: no number would).
    pub recruits_needed: Option<i64>,
    /// Recruits the plan placed (`[recruits]`).
    pub recruits_placed: i64,
    /// Officers at stations under the plan.
    pub station_officers: i64,
    /// Officers at county HQs under the plan.
    pub hq_officers: i64,
}

impl Figures {
    /// The figures of an outcome, read from its summary and fairness tables.
    pub fn of(o: &Outcome) -> Figures {
        let s = &o.summary;
        Figures {
            level: s.balance_level,
            moved: s.officers_moved,
            below_standard: o.fairness.counties.iter().map(|c| c.below_one.after).sum(),
            station_share_met: s.counties_meeting_station_share.after,
            community_share_met: s.counties_meeting_community_share.after,
            counties: s.counties,
            recruits_needed: s.headline.recruits_for_level_one,
            recruits_placed: s.recruits.as_ref().map_or(0, |r| r.used),
            station_officers: s.station_officers,
            hq_officers: s.hq_officers,
        }
    }
}

/// One row of the figures table: what, base, what-if (text), and whether
/// they differ.
struct Row {
    what: String,
    id: &'static str,
    base: String,
    whatif: String,
    delta: String,
}

fn delta_i(a: i64, b: i64) -> String {
    if a == b {
        "0".into()
    } else {
        format!("{:+}", b - a)
    }
}

fn delta_f(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if (b - a).abs() < 5e-5 => "0".into(),
        (Some(a), Some(b)) => format!("{:+.4}", b - a),
        _ => "—".into(),
    }
}

fn opt_i(v: Option<i64>, lang: Lang) -> String {
    v.map_or_else(
        || lang.pick("无法达到", "unreachable").to_string(),
        |v| v.to_string(),
    )
}

/// The comparison block of the summary: with a what-if, its keys and the
/// figures against the base plan, then the counties that change; without,
/// a line saying the page shows the base plan.
pub fn block(
    base: &Outcome,
    whatif: Option<(&Outcome, &[(String, String)])>,
    lang: Lang,
) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut o = String::new();
    let _ = write!(
        o,
        "<div id=\"comparison\">\n<h3>{}</h3>\n",
        l("与基准方案对比", "Against the base plan")
    );
    let Some((w, sets)) = whatif else {
        let _ = write!(
            o,
            "<p id=\"whatif-keys\">{}</p>\n",
            l(
                "当前显示基准方案（情景文件原样求解）。在下方“假设分析”中改动参数，即显示新方案及其与基准的差别。",
                "This is the base plan (the scenario as its file says). Change a value under “What if” below to see the new plan and how it differs."
            )
        );
        let b = Figures::of(base);
        figures_table(&mut o, &b, &b, lang);
        o.push_str("</div>\n");
        return o;
    };
    let keys: Vec<String> = sets
        .iter()
        .map(|(k, v)| {
            let name = crate::scenario::keys::find(k)
                .map_or(k.as_str(), |e| lang.pick(e.label.0, e.label.1));
            format!("{name} ({k}) = {v}")
        })
        .collect();
    let _ = write!(
        o,
        "<p id=\"whatif-keys\">{} {}</p>\n",
        l("假设：", "What if:"),
        esc(&if keys.is_empty() {
            l("（无改动，即基准方案）", "(nothing changed: the base plan)").to_string()
        } else {
            keys.join(lang.pick("；", "; "))
        })
    );
    figures_table(&mut o, &Figures::of(base), &Figures::of(w), lang);
    counties_table(&mut o, base, w, lang);
    o.push_str("</div>\n");
    o
}

fn figures_table(o: &mut String, b: &Figures, w: &Figures, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let rows = [
        Row {
            what: l("均衡水平", "balance level").into(),
            id: "level",
            base: fmt_opt(b.level, 4),
            whatif: fmt_opt(w.level, 4),
            delta: delta_f(b.level, w.level),
        },
        Row {
            what: l("调动民警（人）", "officers moved").into(),
            id: "moved",
            base: b.moved.to_string(),
            whatif: w.moved.to_string(),
            delta: delta_i(b.moved, w.moved),
        },
        Row {
            what: l(
                "未达标准的派出所（均衡水平低于1.0）",
                "stations below the standard (cover level below 1.0)",
            )
            .into(),
            id: "below",
            base: b.below_standard.to_string(),
            whatif: w.below_standard.to_string(),
            delta: delta_i(b.below_standard as i64, w.below_standard as i64),
        },
        Row {
            what: format!(
                "{} / {}",
                l("派出所警力占比达标县", "counties meeting the station share"),
                w.counties
            ),
            id: "station-share",
            base: b.station_share_met.to_string(),
            whatif: w.station_share_met.to_string(),
            delta: delta_i(b.station_share_met as i64, w.station_share_met as i64),
        },
        Row {
            what: format!(
                "{} / {}",
                l("社区民警占比达标县", "counties meeting the community share"),
                w.counties
            ),
            id: "community-share",
            base: b.community_share_met.to_string(),
            whatif: w.community_share_met.to_string(),
            delta: delta_i(b.community_share_met as i64, w.community_share_met as i64),
        },
        Row {
            what: l(
                "再需招录民警（使所有派出所达到1.0）",
                "recruits needed to bring every station to 1.0",
            )
            .into(),
            id: "recruits-needed",
            base: opt_i(b.recruits_needed, lang),
            whatif: opt_i(w.recruits_needed, lang),
            delta: match (b.recruits_needed, w.recruits_needed) {
                (Some(a), Some(c)) => delta_i(a, c),
                _ => "—".into(),
            },
        },
        Row {
            what: l("新招民警已分配（人）", "recruits placed").into(),
            id: "recruits-placed",
            base: b.recruits_placed.to_string(),
            whatif: w.recruits_placed.to_string(),
            delta: delta_i(b.recruits_placed, w.recruits_placed),
        },
        Row {
            what: l("派出所民警 / 机关民警", "officers at stations / at HQ").into(),
            id: "officers",
            base: format!("{} / {}", b.station_officers, b.hq_officers),
            whatif: format!("{} / {}", w.station_officers, w.hq_officers),
            delta: format!(
                "{} / {}",
                delta_i(b.station_officers, w.station_officers),
                delta_i(b.hq_officers, w.hq_officers)
            ),
        },
    ];
    Table::new()
        .text(l("指标", "figure"), |r: &&Row| Td::text(&r.what))
        .num(l("基准方案", "base plan"), |r: &&Row| {
            Td::markup(format!(
                "<span id=\"base-{}\">{}</span>",
                r.id,
                esc(&r.base)
            ))
        })
        .num(l("假设方案", "what-if"), |r: &&Row| {
            Td::markup(format!(
                "<span id=\"whatif-{}\">{}</span>",
                r.id,
                esc(&r.whatif)
            ))
        })
        .num(l("变化", "change"), |r: &&Row| {
            let td = Td::text(&r.delta);
            if r.delta == "0" || r.delta == "0 / 0" {
                td
            } else {
                td.class("changed")
            }
        })
        .write(o, rows.iter());
}

/// The counties whose plan changes: station officers, moves, the two 40%
/// rules and the lowest station level, base → what-if.
fn counties_table(o: &mut String, b: &Outcome, w: &Outcome, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let n = b
        .province
        .counties
        .len()
        .min(w.province.counties.len())
        .min(b.counties.len())
        .min(w.counties.len())
        .min(b.plan.counties.len())
        .min(w.plan.counties.len());
    let same = (0..n).all(|c| b.province.counties[c].id == w.province.counties[c].id);
    if !same || n == 0 {
        return;
    }
    let level = |o: &Outcome, c: usize| o.fairness.counties.get(c).and_then(|f| f.lowest.after);
    let key = |c: usize| {
        let (bf, wf) = (&b.counties[c].after, &w.counties[c].after);
        (
            (wf.station_officers - bf.station_officers).abs(),
            (w.plan.counties[c].officers_moved - b.plan.counties[c].officers_moved).abs(),
        )
    };
    let mut changed: Vec<usize> = (0..n)
        .filter(|&c| {
            let (bf, wf) = (&b.counties[c].after, &w.counties[c].after);
            key(c) != (0, 0)
                || bf.station_rule != wf.station_rule
                || bf.community_rule != wf.community_rule
                || bf.community_officers != wf.community_officers
                || b.province.counties[c].officers_total != w.province.counties[c].officers_total
                || delta_f(level(b, c), level(w, c)) != "0"
        })
        .collect();
    changed.sort_by_key(|&c| (std::cmp::Reverse(key(c)), c));
    let shown = changed.len().min(COUNTIES_LISTED);
    let _ = write!(
        o,
        "<p id=\"counties-changed\" data-count=\"{}\">{}</p>\n",
        changed.len(),
        esc(&match lang {
            Lang::Zh => format!(
                "{} 个县局（共 {n} 个）的方案有变化{}。",
                changed.len(),
                if shown < changed.len() {
                    format!("，下表列出变化最大的 {shown} 个")
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                "The plan changes in {} of {n} counties{}.",
                changed.len(),
                if shown < changed.len() {
                    format!("; the {shown} that change most are listed")
                } else {
                    String::new()
                }
            ),
        })
    );
    if shown == 0 {
        return;
    }
    let arrow = |a: String, c: String| {
        if a == c {
            Td::text(a)
        } else {
            Td::text(format!("{a} → {c}")).class("changed")
        }
    };
    Table::new()
        .text(l("县级公安机关", "county bureau"), |&c: &usize| {
            let county = &w.province.counties[c];
            Td::text(format!("{} {}", county.id, county.name))
        })
        .num(l("总警力", "force"), |&c: &usize| {
            arrow(
                b.province.counties[c].officers_total.to_string(),
                w.province.counties[c].officers_total.to_string(),
            )
        })
        .num(l("派出所民警", "station officers"), |&c: &usize| {
            arrow(
                b.counties[c].after.station_officers.to_string(),
                w.counties[c].after.station_officers.to_string(),
            )
        })
        .num(l("社区民警", "community officers"), |&c: &usize| {
            arrow(
                b.counties[c].after.community_officers.to_string(),
                w.counties[c].after.community_officers.to_string(),
            )
        })
        .num(l("调动", "moved"), |&c: &usize| {
            arrow(
                b.plan.counties[c].officers_moved.to_string(),
                w.plan.counties[c].officers_moved.to_string(),
            )
        })
        .num(l("派出所占比达标", "station share"), |&c: &usize| {
            let (x, y) = (
                b.counties[c].after.station_rule,
                w.counties[c].after.station_rule,
            );
            Td::markup(format!("{} → {}", yes_no(lang, x), yes_no(lang, y)))
        })
        .num(l("社区占比达标", "community share"), |&c: &usize| {
            let (x, y) = (
                b.counties[c].after.community_rule,
                w.counties[c].after.community_rule,
            );
            Td::markup(format!("{} → {}", yes_no(lang, x), yes_no(lang, y)))
        })
        .num(
            l("最低派出所均衡水平", "lowest station level"),
            |&c: &usize| arrow(fmt_opt(level(b, c), 4), fmt_opt(level(w, c), 4)),
        )
        .write(o, changed.iter().take(shown).copied());
}
