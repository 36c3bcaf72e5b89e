//! The cards at the top of `report.html`: the summary's figures (balance
//! level, moves, the two 40% rules, loads, auxiliaries) and the headline's.

use crate::outcome::Outcome;
use crate::report::html::{fmt_opt, Cards};
use crate::report::lang::Lang;

/// The summary's cards: the balance level, the moves, the two 40% rules,
/// the heaviest loads, the auxiliaries, then the headline's figures.
pub(super) fn summary_cards(outcome: &Outcome, lang: Lang) -> Cards {
    let summary = &outcome.summary;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut cards = Cards::new();
    cards.add(
        fmt_opt(summary.balance_level, 4),
        l(
            "均衡水平（1.0 = 每个所的工作量都配足警力）",
            "balance level (1.0 = every station's workload covered)",
        ),
    );
    cards.add(
        summary.officers_moved.to_string(),
        l("调动民警人数（最少）", "officers moved (fewest possible)"),
    );
    let share = &summary.counties_meeting_station_share;
    cards.add(
        format!("{} / {}", share.after, summary.counties),
        match lang {
            Lang::Zh => format!("派出所警力占比达标县（调整前 {}）", share.before),
            Lang::En => format!(
                "counties meeting the station share (before: {})",
                share.before
            ),
        },
    );
    let share = &summary.counties_meeting_community_share;
    cards.add(
        format!("{} / {}", share.after, summary.counties),
        match lang {
            Lang::Zh => format!("社区民警占比达标县（调整前 {}）", share.before),
            Lang::En => format!(
                "counties meeting the community share (before: {})",
                share.before
            ),
        },
    );
    cards.add(
        format!(
            "{} → {}",
            fmt_opt(summary.worst_calls_per_duty_officer_before, 0),
            fmt_opt(summary.worst_calls_per_duty_officer, 0)
        ),
        l(
            "最重的值班民警负荷（警情/人·年）",
            "heaviest calls per duty officer a year",
        ),
    );
    cards.add(
        format!(
            "{} → {}",
            fmt_opt(summary.worst_residents_per_community_officer_before, 0),
            fmt_opt(summary.worst_residents_per_community_officer, 0)
        ),
        l(
            "最重的社区民警负荷（人口/人）",
            "most residents per community officer",
        ),
    );
    cards.add(
        format!("{} / {}", summary.auxiliaries, summary.auxiliary_budget),
        match lang {
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
    cards.add(
        format!("{} / {}", summary.station_officers, summary.hq_officers),
        l(
            "派出所民警 / 机关民警（调整后）",
            "officers at stations / at HQ (after)",
        ),
    );
    headline_cards(&mut cards, outcome, lang);
    cards
}

/// The cards of the headline's figures: the moves by kind, the officers
/// short of level 1.0, the recruits placed, and 一村一辅警.
fn headline_cards(cards: &mut Cards, outcome: &Outcome, lang: Lang) {
    let s = &outcome.summary;
    let h = &s.headline;
    cards.add(
        format!(
            "{} / {}",
            h.officers_from_hq_to_stations, h.officers_between_stations
        ),
        match lang {
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
    cards.add(
        h.recruits_for_level_one.map_or_else(
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
        cards.add(
            r.used.to_string(),
            match lang {
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
    cards.add(
        format!(
            "{} → {}",
            pct(h.village_coverage.before),
            pct(h.village_coverage.after)
        ),
        match lang {
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
