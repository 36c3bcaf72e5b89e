//! Paper versus real strength in the outputs: extra columns for
//! `allocation.csv`, `counties.csv` and `compliance.csv`, the kinds of
//! `transfers.csv` lines, and the first-screen section of `report.html`.
//!
//! Formatting only: the figures come from [`Outcome::strength`]. When it is
//! `None` (no nominal, seconded or restricted officer in the data and no
//! `[strength]` or `[stations.two_teams_one_room]` key), nothing here adds
//! a byte.

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use super::csv::{Cell, Table, HQ_NAME};
use super::html::{self, esc, Cards};
use super::lang::Lang;
use crate::outcome::{Explanations, Outcome, StrengthFigures};

/// The id and name a recall line comes from: the task forces (专班, 中心).
pub const TASK_FORCE_ID: &str = "TASK_FORCE";
/// The name of the task forces a recall line comes from (in both languages).
pub const TASK_FORCE_NAME: &str = "借调单位/专班 (task force)";

/// `allocation.csv`: each station's books, its nominal, seconded and
/// restricted officers, and whether it can run 两队一室 today and planned.
/// The `_before` columns of the table are real strength.
pub fn allocation_columns(outcome: &Outcome, table: &mut Table) {
    let Some(st) = &outcome.strength else {
        return;
    };
    let rows = outcome
        .province
        .stations
        .iter()
        .zip(&st.two_teams)
        .map(|(s, v)| {
            let (x, y) = s
                .strength
                .books
                .unwrap_or((s.officers, s.community_officers));
            vec![
                Cell::Int(x),
                Cell::Int(y),
                Cell::Int(s.strength.nominal),
                Cell::Int(s.strength.seconded),
                Cell::Int(s.strength.restricted),
                Cell::yes_no(v.before),
                Cell::yes_no(v.after),
            ]
        })
        .collect();
    table.append(
        &[
            "officers_books",
            "community_officers_books",
            "nominal",
            "seconded",
            "restricted",
            "two_teams_one_room_before",
            "two_teams_one_room_after",
        ],
        rows,
    );
}

/// `counties.csv`: the officers seconded away, the nominal, seconded and
/// restricted officers, and the two 40% rules on the books.
pub fn county_columns(outcome: &Outcome, table: &mut Table) {
    let Some(st) = &outcome.strength else {
        return;
    };
    let rows = outcome
        .province
        .counties
        .iter()
        .zip(&st.counties)
        .map(|(c, s)| {
            vec![
                Cell::Int(c.seconded_away),
                Cell::Int(s.nominal),
                Cell::Int(s.seconded),
                Cell::Int(s.restricted),
                Cell::Int(s.paper.station_officers),
                Cell::Num(s.paper.station_share, 4),
                Cell::yes_no(s.paper.station_rule),
                Cell::Int(s.paper.community_officers),
                Cell::Num(s.paper.community_share, 4),
                Cell::yes_no(s.paper.community_rule),
            ]
        })
        .collect();
    table.append(
        &[
            "seconded_away",
            "nominal",
            "seconded",
            "restricted",
            "station_officers_books",
            "station_share_paper",
            "station_rule_paper",
            "community_officers_books",
            "community_share_paper",
            "community_rule_paper",
        ],
        rows,
    );
}

/// `compliance.csv`: the 两个40% on paper and in reality side by side, the
/// counties that meet a rule on paper only, 两队一室, 警辅比 and 一村一辅警
/// coverage before and after.
pub fn compliance_columns(outcome: &Outcome, table: &mut Table) {
    let Some(st) = &outcome.strength else {
        return;
    };
    let rows = outcome
        .province
        .counties
        .iter()
        .zip(&st.counties)
        .zip(&outcome.counties)
        .map(|((c, s), f)| {
            let (paper, real) = (s.paper, f.before);
            vec![
                Cell::Num(paper.station_share, 4),
                Cell::Num(real.station_share, 4),
                Cell::yes_no(paper.station_rule),
                Cell::yes_no(real.station_rule),
                Cell::yes_no(paper.station_rule && !real.station_rule),
                Cell::Num(paper.community_share, 4),
                Cell::Num(real.community_share, 4),
                Cell::yes_no(paper.community_rule),
                Cell::yes_no(real.community_rule),
                Cell::yes_no(paper.community_rule && !real.community_rule),
                Cell::Int(c.stations.len() as i64),
                Cell::Int(s.two_teams.before),
                Cell::Int(s.two_teams.after),
                Cell::opt(s.auxiliary_ratio.before, 4),
                Cell::opt(s.auxiliary_ratio.after, 4),
                Cell::opt(s.village_coverage.before, 4),
                Cell::opt(s.village_coverage.after, 4),
            ]
        })
        .collect();
    table.append(
        &[
            "station_share_paper",
            "station_share_real",
            "station_rule_paper",
            "station_rule_real",
            "station_rule_met_on_paper_only",
            "community_share_paper",
            "community_share_real",
            "community_rule_paper",
            "community_rule_real",
            "community_rule_met_on_paper_only",
            "stations",
            "two_teams_one_room_before",
            "two_teams_one_room_after",
            "auxiliary_ratio_before",
            "auxiliary_ratio_after",
            "village_coverage_before",
            "village_coverage_after",
        ],
        rows,
    );
}

/// `transfers.csv` with real strength: per county the book corrections
/// (nominal officers struck off a station's books: they work at HQ already)
/// and recalls (seconded officers back from their task force) before the
/// moves (whose table has its `line_kind` column). Only `move` lines move
/// anyone.
pub fn transfers(
    outcome: &Outcome,
    ex: &Explanations,
    moves: Table,
    st: &StrengthFigures,
) -> Table {
    let province = &outcome.province;
    // The moves table already has its `line_kind` column.
    let header = moves.header.clone();
    // Moves are listed county by county, in county order.
    let mut move_rows = ex.transfers.iter().zip(moves.rows).peekable();
    let mut book = st.book_lines.iter().peekable();
    let mut rows = Vec::with_capacity(ex.transfers.len() + st.book_lines.len());
    for (ci, c) in province.counties.iter().enumerate() {
        while let Some(line) = book.next_if(|l| l.county == ci) {
            let s = &province.stations[line.station];
            let (from, to) = match line.kind {
                crate::outcome::BookKind::Correction => (
                    (Cell::text(&s.id), Cell::text(&s.name)),
                    (Cell::text("HQ"), Cell::text(HQ_NAME)),
                ),
                crate::outcome::BookKind::Recall => (
                    (Cell::text(TASK_FORCE_ID), Cell::text(TASK_FORCE_NAME)),
                    (Cell::text(&s.id), Cell::text(&s.name)),
                ),
            };
            rows.push(vec![
                Cell::text(&c.id),
                Cell::text(&c.name),
                Cell::Int(line.officers),
                from.0,
                from.1,
                to.0,
                to.1,
                Cell::text(kind_label(line.kind)),
            ]);
        }
        while let Some((_, row)) = move_rows.next_if(|(m, _)| m.county == ci) {
            rows.push(row);
        }
    }
    Table { header, rows }
}

/// How a `move` line reads in `transfers.csv`.
pub const MOVE_LABEL: &str = "调动 (move)";

/// How a book correction or recall line reads in `transfers.csv`.
pub fn kind_label(kind: crate::outcome::BookKind) -> &'static str {
    match kind {
        crate::outcome::BookKind::Correction => "账面更正 (book correction)",
        crate::outcome::BookKind::Recall => "召回 (recall)",
    }
}

fn pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

fn opt_ratio(v: Option<f64>) -> String {
    v.map_or("—".into(), |r| format!("1 : {r:.2}"))
}

fn opt_pct(v: Option<f64>) -> String {
    v.map_or("—".into(), pct)
}

/// The first-screen section of `report.html`: the gap between the books and
/// reality, where the 两个40% appear, and what the plan does about it.
pub fn html_section(outcome: &Outcome, lang: Lang) -> String {
    let Some(st) = &outcome.strength else {
        return String::new();
    };
    let s = &st.summary;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut o = String::new();
    let _ = write!(
        o,
        "<section id=\"strength\">\n<h2>{}</h2>\n<p>{}</p>\n",
        l("账面警力与实际警力", "Paper strength and real strength"),
        esc(&match lang {
            Lang::Zh => format!(
                "派出所账面民警 {} 人，其中挂名（在机关上班）{} 人、借调抽调（在专班等单位）{} 人{}；实际在所 {} 人，其中因年龄或健康不能值班备勤 {} 人（只能从事社区工作）。本方案按实际警力编制；“调整前”即今天的实际警力。",
                s.station_officers_books,
                s.nominal,
                s.seconded,
                if s.recall_seconded { "（本情景召回借调民警，回所不算调动）" } else { "" },
                s.station_officers_real,
                s.restricted
            ),
            Lang::En => format!(
                "The stations' books list {} officers; {} of them work at HQ (nominal) and {} are seconded to task forces{}. {} are really at the stations today, {} of whom cannot take duty shifts (age or health) and do community work only. The plan is made on real strength; \"before\" means real strength today.",
                s.station_officers_books,
                s.nominal,
                s.seconded,
                if s.recall_seconded { " (this scenario recalls them; returning is not a move)" } else { "" },
                s.station_officers_real,
                s.restricted
            ),
        })
    );
    strength_table(&mut o, outcome, lang);
    paper_only(&mut o, outcome, lang);
    strength_cards(outcome, lang).write(&mut o);
    o.push_str("</section>\n");
    o
}

/// Paper, real and planned: station officers, the two shares and the
/// counties meeting them.
fn strength_table(o: &mut String, outcome: &Outcome, lang: Lang) {
    let Some(st) = &outcome.strength else {
        return;
    };
    let s = &st.summary;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let counties = outcome.province.counties.len();
    let of = |n: usize| format!("{n} / {counties}");
    let rows: [(&str, [String; 3]); 5] = [
        (
            l("派出所民警", "station officers"),
            [
                s.station_officers_books.to_string(),
                s.station_officers_real.to_string(),
                outcome.summary.station_officers.to_string(),
            ],
        ),
        (
            l("派出所警力占县局总警力", "station share of the force"),
            [
                pct(s.station_share.paper),
                pct(s.station_share.real),
                pct(s.station_share.after),
            ],
        ),
        (
            l(
                "社区民警占派出所警力",
                "community share of station officers",
            ),
            [
                pct(s.community_share.paper),
                pct(s.community_share.real),
                pct(s.community_share.after),
            ],
        ),
        (
            l("派出所警力占比达标县", "counties meeting the station share"),
            [
                of(s.counties_meeting_station_share.paper),
                of(s.counties_meeting_station_share.real),
                of(s.counties_meeting_station_share.after),
            ],
        ),
        (
            l("社区民警占比达标县", "counties meeting the community share"),
            [
                of(s.counties_meeting_community_share.paper),
                of(s.counties_meeting_community_share.real),
                of(s.counties_meeting_community_share.after),
            ],
        ),
    ];
    type Row<'a> = &'a (&'a str, [String; 3]);
    html::Table::new()
        .text("", |r: &Row| html::Td::text(r.0))
        .num(l("账面（今天）", "on paper (today)"), |r: &Row| {
            html::Td::text(&r.1[0])
        })
        .num(l("实际（今天）", "real (today)"), |r: &Row| {
            html::Td::text(&r.1[1])
        })
        .num(l("方案（实际）", "plan (real)"), |r: &Row| {
            html::Td::text(&r.1[2])
        })
        .write(o, rows.iter());
}

/// The counties meeting a share on paper but not in reality.
fn paper_only(o: &mut String, outcome: &Outcome, lang: Lang) {
    let Some(st) = &outcome.strength else {
        return;
    };
    let s = &st.summary;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let names = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| {
                let name = outcome
                    .province
                    .counties
                    .iter()
                    .find(|c| &c.id == id)
                    .map_or("", |c| c.name.as_str());
                format!("{id} {name}").trim().to_string()
            })
            .collect::<Vec<_>>()
            .join(l("、", ", "))
    };
    for (ids, zh, en) in [
        (
            &s.station_share_met_on_paper_only,
            "账面达到、实际未达到派出所警力占比的县",
            "Counties meeting the station share on paper but not in reality",
        ),
        (
            &s.community_share_met_on_paper_only,
            "账面达到、实际未达到社区民警占比的县",
            "Counties meeting the community share on paper but not in reality",
        ),
    ] {
        let text = match (ids.is_empty(), lang) {
            (true, _) => l("无", "none").to_string(),
            (false, Lang::Zh) => format!("{} 个：{}", ids.len(), names(ids)),
            (false, Lang::En) => format!("{}: {}", ids.len(), names(ids)),
        };
        let _ = write!(
            o,
            "<p><b>{}</b>{}{}</p>\n",
            l(zh, en),
            l("：", ": "),
            esc(&text)
        );
    }
}

/// 两队一室, the officer-to-auxiliary ratio and 一村一辅警.
fn strength_cards(outcome: &Outcome, lang: Lang) -> Cards {
    let mut cards = Cards::new();
    let Some(st) = &outcome.strength else {
        return cards;
    };
    let s = &st.summary;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let t = &s.two_teams_one_room;
    cards.add(
        format!(
            "{} → {} / {}",
            t.viable.before, t.viable.after, t.stations
        ),
        match lang {
            Lang::Zh => format!(
                "能按“两队一室”运行的派出所（{} → {}）：社区警务队 ≥ {} 名社区民警，案件办理队与综合指挥室 ≥ {} + {} 名值班民警（实际警力）",
                pct(t.share.before),
                pct(t.share.after),
                t.community_team,
                t.case_team,
                t.command_room
            ),
            Lang::En => format!(
                "stations able to run 两队一室 ({} → {}): a community team of ≥ {} community officers, a case team and command room of ≥ {} + {} duty officers (real strength)",
                pct(t.share.before),
                pct(t.share.after),
                t.community_team,
                t.case_team,
                t.command_room
            ),
        },
    );
    cards.add(
        format!(
            "{} → {}",
            opt_ratio(s.auxiliary_ratio.before),
            opt_ratio(s.auxiliary_ratio.after)
        ),
        l(
            "警辅比（派出所实际民警 : 辅警）",
            "officer-to-auxiliary ratio (real station officers : auxiliaries)",
        ),
    );
    cards.add(
        format!(
            "{} → {}",
            opt_ratio(s.auxiliary_ratio_force.before),
            opt_ratio(s.auxiliary_ratio_force.after)
        ),
        l(
            "警辅比（全部民警 : 辅警，含机关和借调）",
            "officer-to-auxiliary ratio (the whole force, HQ and seconded included : auxiliaries)",
        ),
    );
    cards.add(
        format!(
            "{} → {}",
            opt_pct(s.village_coverage.before),
            opt_pct(s.village_coverage.after)
        ),
        l(
            "一村一辅警覆盖率（有辅警的村 ÷ 村）",
            "一村一辅警 coverage (villages with an auxiliary ÷ villages)",
        ),
    );
    cards
}
