//! Data warnings where the decision is read: the report's first screen
//! names each warned cell (file, row, column, value) and what the plan does
//! at the station or county it belongs to, and `allocation.csv` flags those
//! stations (`data_warning`).

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::collections::BTreeMap;
use std::fmt::Write;

use super::lang::Lang;
use super::markup::esc;
use crate::error::Warning;
use crate::outcome::Outcome;

/// How many warned cells the report's table lists (the rest are counted,
/// and `summary.json` lists up to 200).
pub const LISTED: usize = 20;

/// The `data_warning` cell of each station, in station order: the columns
/// of its own row that look wrong (`calls`), then `county:<column>` for a
/// warned cell of its county's row when the plan changes the station.
/// Empty for a station no warning touches.
pub fn station_flags(outcome: &Outcome) -> Vec<String> {
    let province = &outcome.province;
    let mut own: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut county: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for w in &outcome.summary.warnings.list {
        let column = w.column.as_deref().unwrap_or("");
        if let Some(s) = &w.station {
            own.entry(s.as_str()).or_default().push(column);
        } else if let Some(c) = &w.county {
            county.entry(c.as_str()).or_default().push(column);
        }
    }
    province
        .stations
        .iter()
        .zip(&outcome.plan.stations)
        .map(|(s, p)| {
            let mut parts: Vec<String> = own
                .get(s.id.as_str())
                .map(|c| c.iter().map(|c| c.to_string()).collect())
                .unwrap_or_default();
            let changed = p.officers != s.officers
                || p.community_officers != s.community_officers
                || p.auxiliaries != s.auxiliaries;
            if changed {
                if let Some(cols) = county.get(province.counties[s.county].id.as_str()) {
                    parts.extend(cols.iter().map(|c| format!("county:{c}")));
                }
            }
            parts.join("+")
        })
        .collect()
}

/// What the plan does at the station: each of its three counts that
/// changes, before → after (change), and the requirements its row gives.
fn station_change(outcome: &Outcome, i: usize, lang: Lang) -> String {
    let s = &outcome.province.stations[i];
    let p = &outcome.plan.stations[i];
    let need = &outcome.stations[i].need;
    let mut parts = Vec::new();
    for (zh, en, before, after) in [
        ("民警", "officers", s.officers, p.officers),
        (
            "社区民警",
            "community officers",
            s.community_officers,
            p.community_officers,
        ),
        ("辅警", "auxiliaries", s.auxiliaries, p.auxiliaries),
    ] {
        if before != after {
            parts.push(format!(
                "{} {before} → {after}（{:+}）",
                lang.pick(zh, en),
                after - before
            ));
        }
    }
    let changes = if parts.is_empty() {
        lang.pick("方案未调整该所", "the plan leaves it as it is")
            .to_string()
    } else {
        let sep = lang.pick("，", "; ");
        let text = parts.join(sep);
        match lang {
            Lang::Zh => text,
            Lang::En => text.replace('（', " (").replace('）', ")"),
        }
    };
    let summary = &outcome.summary;
    let binding = summary
        .binding_stations
        .iter()
        .any(|b| b.station_id == s.id);
    let level = super::html::fmt_opt(summary.balance_level, 4);
    match (lang, binding) {
        (Lang::Zh, false) => format!(
            "{changes}；按该行数值，值班需求 {:.1} 人、社区需求 {:.1} 人",
            need.duty, need.community
        ),
        (Lang::Zh, true) => format!(
            "{changes}；按该行数值，值班需求 {:.1} 人、社区需求 {:.1} 人；该所制约全省均衡水平（{level}）",
            need.duty, need.community
        ),
        (Lang::En, false) => format!(
            "{changes}; from this row, a duty requirement of {:.1} and a community requirement of {:.1} officers",
            need.duty, need.community
        ),
        (Lang::En, true) => format!(
            "{changes}; from this row, a duty requirement of {:.1} and a community requirement of {:.1} officers; the station holds the province's balance level down ({level})",
            need.duty, need.community
        ),
    }
}

/// What the plan does in the county: how many of its stations change, and
/// the officers it sends to them or takes from them.
fn county_change(outcome: &Outcome, c: usize, lang: Lang) -> String {
    let province = &outcome.province;
    let (mut changed, mut up, mut down) = (0usize, 0i64, 0i64);
    for &i in &province.counties[c].stations {
        let (s, p) = (&province.stations[i], &outcome.plan.stations[i]);
        let d = p.officers - s.officers;
        if d != 0 || p.auxiliaries != s.auxiliaries {
            changed += 1;
        }
        if d > 0 {
            up += d;
        } else {
            down -= d;
        }
    }
    match lang {
        Lang::Zh => format!(
            "该县 {changed} 个派出所有调整（增派民警 {up} 人，调出 {down} 人），均以该行数值为据"
        ),
        Lang::En => format!(
            "{changed} of the county's stations change ({up} officers sent, {down} taken), all planned from this row"
        ),
    }
}

/// One warned cell's row of the table: where it is, the value, whose it is,
/// what the plan does there, and what looks wrong.
fn row(outcome: &Outcome, w: &Warning, lang: Lang) -> String {
    let province = &outcome.province;
    let station = w
        .station
        .as_deref()
        .and_then(|id| province.stations.iter().position(|s| s.id == id));
    let county = w
        .county
        .as_deref()
        .and_then(|id| province.counties.iter().position(|c| c.id == id));
    let (whose, change) = match (station, county) {
        (Some(i), _) => (
            format!("{} {}", province.stations[i].id, province.stations[i].name),
            station_change(outcome, i, lang),
        ),
        (None, Some(c)) => (
            format!("{} {}", province.counties[c].id, province.counties[c].name),
            county_change(outcome, c, lang),
        ),
        (None, None) => (
            "—".to_string(),
            lang.pick(
                "该列未被读取，方案未使用其数值",
                "the column is not read; the plan does not use it",
            )
            .to_string(),
        ),
    };
    let cell = |s: &str| format!("<td>{}</td>", esc(s));
    format!(
        "<tr>{}{}{}{}{}{}{}</tr>\n",
        cell(&w.file),
        cell(&w.row.map_or("—".into(), |r| r.to_string())),
        cell(w.column.as_deref().unwrap_or("—")),
        cell(w.value.as_deref().unwrap_or("—")),
        cell(&whose),
        cell(&change),
        cell(&w.problem),
    )
}

/// The data checks on the report's first screen: one line when the data
/// raised no warning; else a section naming each warned cell and what the
/// plan does because of it, with what to do.
pub fn section(outcome: &Outcome, lang: Lang) -> String {
    let warnings = &outcome.summary.warnings;
    let line = super::page::data_warnings_line(warnings.count, lang);
    if warnings.count == 0 {
        return format!("<p id=\"data-warnings\">{}</p>\n", esc(&line));
    }
    let mut o = String::new();
    let _ = write!(
        o,
        "<section id=\"warnings\" class=\"warnings\">\n<h2>{}</h2>\n<p id=\"data-warnings\">{}</p>\n<p>{}</p>\n",
        lang.pick(
            "数据警告：方案按可能有误的数值求解",
            "Data warnings: the plan is built on values that may be wrong"
        ),
        esc(&line),
        esc(lang.pick(
            "下表每行是一处可疑的单元格，以及方案在其所属派出所（县局）的调整。数值若有误，调整也随之有误：请核对原始数据，更正后重新求解；在 allocation.csv 中，这些派出所的 data_warning 列注明了可疑的列。加 --strict 则有警告时不求解。",
            "Each row is a cell that looks wrong, and what the plan does at its station (or county). If the value is wrong, so is that change: check the source, correct it and solve again. allocation.csv names the column in these stations' data_warning cell. --strict refuses to plan while a warning stands."
        ))
    );
    let _ = write!(
        o,
        "<table>\n<thead><tr>{}</tr></thead>\n<tbody>\n",
        [
            lang.pick("文件", "file"),
            lang.pick("行", "row"),
            lang.pick("列", "column"),
            lang.pick("数值", "value"),
            lang.pick("派出所 / 县局", "station / county"),
            lang.pick("方案的调整", "what the plan does there"),
            lang.pick("可疑之处", "what looks wrong"),
        ]
        .iter()
        .map(|h| format!("<th>{}</th>", esc(h)))
        .collect::<String>()
    );
    for w in warnings.list.iter().take(LISTED) {
        o.push_str(&row(outcome, w, lang));
    }
    o.push_str("</tbody>\n</table>\n");
    let more = warnings
        .count
        .saturating_sub(LISTED.min(warnings.list.len()));
    if more > 0 {
        let _ = write!(
            o,
            "<p>{}</p>\n",
            esc(&match lang {
                Lang::Zh => format!("另有 {more} 条警告，见 summary.json（列出前 200 条）。"),
                Lang::En =>
                    format!("{more} more warnings are in summary.json (the first 200 listed)."),
            })
        );
    }
    o.push_str("</section>\n");
    o
}
