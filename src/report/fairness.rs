//! Fairness inside counties, as tables and a report section: the target
//! used, each county's own best level against its lowest station after the
//! plan (`fairness.csv`), and the four officer targets compared
//! (`targets.csv`). Formatting only: the figures come from
//! [`crate::outcome::FairnessFigures`]. Written when a `[balance]` target is
//! not `province` or the comparison ran.

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use super::csv::{Cell, Table};
use super::lang::Lang;
use super::markup::esc;
use crate::domain::Target;
use crate::outcome::Outcome;

/// A target's name for people.
pub fn target_name(lang: Lang, t: Target) -> &'static str {
    match t {
        Target::Province => lang.pick("全省统一水平", "province level"),
        Target::Standard => lang.pick("警力下沉（达标优先）", "officers sent down to the standard"),
        Target::County => lang.pick("各县自身最高水平", "each county's own best level"),
        Target::Leximin => lang.pick("县内字典序最大最小", "leximin within counties"),
    }
}

/// A target explained in a sentence.
pub fn target_help(lang: Lang, t: Target) -> &'static str {
    match t {
        Target::Province => lang.pick(
            "每个派出所不低于全省均衡水平（由最困难的县决定），再使调动最少。",
            "Every station at least at the province's level (the hardest county sets it), then the fewest moves.",
        ),
        Target::Standard => lang.pick(
            "每个派出所不低于全省均衡水平；再在每个县内把低于标准（1.0）的派出所由低到高逐个补足，直到达标或本县再无可调警力；已达标的派出所不再加人；最后使调动最少。",
            "Every station at least at the province's level; then, within each county, the stations below the standard (1.0) are raised, lowest first, until they reach it or the county has no officer left to send; stations at the standard get no more; then the fewest moves.",
        ),
        Target::County => lang.pick(
            "每个派出所不低于本县单独可达的最高均衡水平，再使本县调动最少。",
            "Every station at least at the best level its own county can reach, then the fewest moves in the county.",
        ),
        Target::Leximin => lang.pick(
            "在每个县内先抬高最低的派出所，再抬高次低的，依此类推（各所覆盖水平从低到高排列后字典序最大），再使调动最少。",
            "Within each county, raise the lowest station first, then the next lowest, and so on (the sorted station levels lexicographically largest), then the fewest moves.",
        ),
    }
}

fn level(v: Option<f64>) -> Cell {
    Cell::opt(v, 6)
}

/// The fairness tables, by file stem: `fairness` (per county) and, when the
/// comparison ran, `targets`. Empty when fairness is not shown.
pub fn tables(outcome: &Outcome) -> Vec<(&'static str, Table)> {
    let f = &outcome.fairness;
    if !f.shown() {
        return Vec::new();
    }
    let mut out = vec![("fairness", counties(outcome))];
    if f.comparison.is_some() {
        out.push(("targets", targets(outcome)));
    }
    out
}

/// `fairness.csv`: per county, the target, the county's own best level,
/// the level its stations are held to, its lowest station today and after
/// the plan, stations below 1.0 and moves; with the comparison, the lowest
/// station and the moves under each target.
pub fn counties(outcome: &Outcome) -> Table {
    let f = &outcome.fairness;
    let mut header = vec![
        "county_id",
        "name",
        "balance_target",
        "county_max_balance_level",
        "held_level",
        "lowest_level_before",
        "lowest_level_after",
        "stations_with_workload",
        "stations_below_1_before",
        "stations_below_1_after",
        "officers_moved",
    ];
    // The targets compared, in comparison order.
    let compared: Vec<Target> = f.comparison.iter().flatten().map(|r| r.target).collect();
    let lowest_key = |t: Target| match t {
        Target::Province => "lowest_level_province",
        Target::Standard => "lowest_level_standard",
        Target::County => "lowest_level_county",
        Target::Leximin => "lowest_level_leximin",
    };
    let moved_key = |t: Target| match t {
        Target::Province => "officers_moved_province",
        Target::Standard => "officers_moved_standard",
        Target::County => "officers_moved_county",
        Target::Leximin => "officers_moved_leximin",
    };
    header.extend(compared.iter().map(|&t| lowest_key(t)));
    header.extend(compared.iter().map(|&t| moved_key(t)));
    let by_target = |t: Target| {
        f.comparison
            .as_ref()
            .and_then(|rows| rows.iter().find(|r| r.target == t))
    };
    let rows = outcome
        .province
        .counties
        .iter()
        .zip(&f.counties)
        .enumerate()
        .map(|(i, (c, cf))| {
            let mut row = vec![
                Cell::text(&c.id),
                Cell::text(&c.name),
                Cell::text(f.target.as_str()),
                level(cf.best_level),
                level(cf.held_level),
                level(cf.lowest.before),
                level(cf.lowest.after),
                Cell::Int(cf.stations as i64),
                Cell::Int(cf.below_one.before as i64),
                Cell::Int(cf.below_one.after as i64),
                Cell::Int(cf.officers_moved),
            ];
            for &t in &compared {
                row.push(by_target(t).map_or(Cell::Empty, |r| level(r.county_lowest[i])));
            }
            for &t in &compared {
                row.push(by_target(t).map_or(Cell::Empty, |r| Cell::Int(r.county_moves[i])));
            }
            row
        })
        .collect();
    Table::new(&header, rows)
}

/// `targets.csv`: the four officer targets on the same data, the one with
/// the fewest moves (`province`) first: the price of each is its moves
/// beyond it.
pub fn targets(outcome: &Outcome) -> Table {
    let header = vec![
        "balance_target",
        "solve_status",
        "officers_moved",
        "gini_officers_vs_workload",
        "stations_below_1",
        "lowest_level",
        "counties_below_own_best",
        "chosen",
        "moves_beyond_province",
    ];
    let f = &outcome.fairness;
    let cheapest = f
        .comparison
        .iter()
        .flatten()
        .find(|t| t.target == Target::Province)
        .map(|t| t.officers_moved);
    let rows = f
        .comparison
        .iter()
        .flatten()
        .map(|t| {
            vec![
                Cell::text(t.target.as_str()),
                Cell::text(&t.status),
                Cell::Int(t.officers_moved),
                Cell::opt(t.gini, 4),
                Cell::Int(t.stations_below_one as i64),
                level(t.lowest_level),
                Cell::Int(t.counties_below_best as i64),
                Cell::text(if t.target == f.target { "yes" } else { "" }),
                cheapest.map_or(Cell::Empty, |c| Cell::Int(t.officers_moved - c)),
            ]
        })
        .collect();
    Table::new(&header, rows)
}

fn fmt(v: Option<f64>, decimals: usize) -> String {
    v.map_or("—".into(), |v| format!("{v:.decimals$}"))
}

/// How many counties the report's fairness table lists: those whose lowest
/// station is furthest below their own best level (a nation has thousands).
pub const COUNTY_ROWS: usize = 30;

/// The report's fairness section (nothing when fairness is not shown).
pub fn section(o: &mut String, outcome: &Outcome, lang: Lang) {
    let f = &outcome.fairness;
    if !f.shown() {
        return;
    }
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let _ = write!(
        o,
        "<section id=\"fairness\">\n<h2>{}</h2>\n<p>{}<b>{}</b>{}{}</p>\n",
        l("县内均衡", "Fairness inside counties"),
        l("均衡目标：", "Balance target: "),
        esc(target_name(lang, f.target)),
        l("：", ": "),
        esc(target_help(lang, f.target)),
    );
    let county_budgets =
        outcome.params.auxiliaries.budget_scope == crate::domain::BudgetScope::County;
    if f.auxiliaries != Target::Province || county_budgets {
        let _ = write!(
            o,
            "<p>{}<b>{}</b>{}</p>\n",
            l("辅警均衡目标：", "Auxiliary target: "),
            esc(target_name(lang, f.auxiliaries)),
            if county_budgets {
                l(
                    "（辅警由县级政府招录和保障：各县在自己的编制内调整，辅警不跨县调动）。",
                    " (auxiliaries are hired and paid by county governments: each county plans its own posts, and no post crosses a county line).",
                )
            } else {
                l(
                    "（各县保留全省目标分给它的辅警岗位，在县内重新均衡）。",
                    " (each county keeps the posts the province target gives it and rebalances them inside the county).",
                )
            }
        );
    }
    if let Some(rows) = &f.comparison {
        let _ = write!(
            o,
            "<h3>{}</h3>\n<p>{}</p>\n<table>\n<thead><tr><th class=\"t\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            l("四种均衡目标的比较（同一数据）", "The four targets on the same data"),
            l(
                "公平的代价：调动人数越多，县内越均衡。“全省统一”调动最少，其余目标多调动的人数即其代价。基尼系数衡量民警与工作量的匹配（0 = 完全按工作量配警）。",
                "The price of fairness: more moves buy more even counties. The province target moves the fewest; the moves beyond it are each other target's price. The Gini coefficient measures officers against workload (0 = officers exactly in proportion).",
            ),
            l("均衡目标", "target"),
            l("调动民警", "officers moved"),
            l("比调动最少的方案多调动", "moves beyond the fewest"),
            l("基尼系数", "Gini"),
            l("覆盖不足1.0的派出所", "stations below 1.0"),
            l("全省最低覆盖水平", "lowest station level"),
            l("低于本县可达水平的县", "counties below their own best"),
        );
        let cheapest = rows
            .iter()
            .find(|t| t.target == Target::Province)
            .map(|t| t.officers_moved);
        for t in rows {
            let name = if t.target == f.target {
                format!("<b>{}</b>", esc(target_name(lang, t.target)))
            } else {
                esc(target_name(lang, t.target))
            };
            let _ = write!(
                o,
                "<tr><td class=\"t\">{name}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                t.officers_moved,
                cheapest.map_or("—".into(), |c| (t.officers_moved - c).to_string()),
                fmt(t.gini, 4),
                t.stations_below_one,
                fmt(t.lowest_level, 4),
                t.counties_below_best,
            );
        }
        o.push_str("</tbody>\n</table>\n");
    }
    // The counties furthest below their own best level, then those whose
    // lowest station is lowest, then input order.
    let mut order: Vec<usize> = (0..f.counties.len()).collect();
    let gap = |i: usize| match (f.counties[i].best_level, f.counties[i].lowest.after) {
        (Some(b), Some(a)) if b.is_finite() => b - a,
        _ => f64::NEG_INFINITY,
    };
    let low = |i: usize| f.counties[i].lowest.after.unwrap_or(f64::INFINITY);
    order.sort_by(|&a, &b| {
        gap(b)
            .total_cmp(&gap(a))
            .then(low(a).total_cmp(&low(b)))
            .then(a.cmp(&b))
    });
    order.truncate(COUNTY_ROWS);
    let _ = write!(
        o,
        "<h3>{}</h3>\n<p>{}</p>\n<table>\n<thead><tr><th class=\"t\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        l("各县：本县可达水平与最低派出所", "Counties: their own best level and their lowest station"),
        esc(&match lang {
            Lang::Zh => format!(
                "本县可达水平：本县警力单独能使每个所达到的最高均衡水平。列出最低派出所低于本县可达水平最多（其次最低派出所水平最低）的 {} 个县；全部见 fairness.csv。",
                order.len()
            ),
            Lang::En => format!(
                "A county's own best level is the highest level its own force can give every one of its stations. Listed: the {} counties whose lowest station is furthest below it (then the lowest); fairness.csv has all.",
                order.len()
            ),
        }),
        l("县局", "county"),
        l("本县可达水平", "own best level"),
        l("调整前最低派出所", "lowest station before"),
        l("调整后最低派出所", "lowest station after"),
        l("覆盖不足1.0的派出所(调整后)", "stations below 1.0 (after)"),
        l("调动民警", "officers moved"),
    );
    for &i in &order {
        let c = &outcome.province.counties[i];
        let cf = &f.counties[i];
        let _ = write!(
            o,
            "<tr><td class=\"t\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(if c.name.is_empty() { &c.id } else { &c.name }),
            fmt(cf.best_level, 4),
            fmt(cf.lowest.before, 4),
            fmt(cf.lowest.after, 4),
            cf.below_one.after,
            cf.officers_moved,
        );
    }
    o.push_str("</tbody>\n</table>\n");
    if matches!(f.target, Target::Leximin | Target::Standard) {
        let _ = write!(
            o,
            "<p>{}</p>\n",
            l(
                "binding.csv 列出逐步抬高过程中每一步被固定的派出所及其原因（警力用尽、社区民警占比、锁定、编制容量、调动上限，或同一水平上只能抬高其中几个）。",
                "binding.csv lists, for each filling step, the stations fixed there and why (the force is used up, the community share, a lock, building capacity, a move cap, or a tie where only some of the stations at that level can rise).",
            )
        );
    }
    o.push_str("</section>\n");
}
