//! The report's first screen in plain words: what the plan does (officers
//! down from HQ, between stations, recruits placed), how far it gets (the
//! balance level), what it still needs (officers short of level 1.0) and
//! what it does for 一村一辅警 and the 两个40% rule, with the real numbers,
//! in the report's language.
//!
//! Formatting only: every figure is in the summary
//! ([`crate::model::analysis::headline`] computed it).

use super::lang::Lang;
use crate::outcome::Outcome;

fn pct(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// The sentences of the first screen, in order.
pub fn sentences(outcome: &Outcome, lang: Lang) -> Vec<String> {
    let s = &outcome.summary;
    let h = &s.headline;
    let mut out = Vec::new();

    plan_does(outcome, lang, &mut out);
    how_far(outcome, lang, &mut out);
    standard_price(outcome, lang, &mut out);
    county_auxiliaries(outcome, lang, &mut out);

    // 一村一辅警.
    let v = &h.village_coverage;
    let short = &h.stations_below_one_auxiliary_per_village;
    if let (Some(a), Some(b)) = (v.before, v.after) {
        out.push(match lang {
            Lang::Zh => format!(
                "一村一辅警覆盖率由 {} 到 {}（辅警少于村数的派出所由 {} 个到 {} 个）。",
                pct(a),
                pct(b),
                short.before,
                short.after
            ),
            Lang::En => format!(
                "一村一辅警 (one auxiliary per village) coverage goes from {} to {} (stations with fewer auxiliaries than villages: {} → {}).",
                pct(a),
                pct(b),
                short.before,
                short.after
            ),
        });
    }

    // The 两个40% rule.
    let (st, cm) = (
        &s.counties_meeting_station_share,
        &s.counties_meeting_community_share,
    );
    out.push(match lang {
        Lang::Zh => format!(
            "“两个40%”：派出所警力占比达标的县由 {} 个到 {} 个，社区民警占比达标的县由 {} 个到 {} 个（共 {} 个县）。",
            st.before, st.after, cm.before, cm.after, s.counties
        ),
        Lang::En => format!(
            "两个40%: counties meeting the station share go from {} to {}, the community share from {} to {} (of {}).",
            st.before, st.after, cm.before, cm.after, s.counties
        ),
    });
    out
}

/// What the plan does: its moves, recruits and refills.
fn plan_does(outcome: &Outcome, lang: Lang, out: &mut Vec<String>) {
    let s = &outcome.summary;
    let h = &s.headline;
    let recruits = s.recruits.as_ref().map_or(0, |r| r.used);
    let mut parts: Vec<String> = Vec::new();
    match lang {
        Lang::Zh => {
            parts.push(format!("机关下沉 {} 人", h.officers_from_hq_to_stations));
            parts.push(format!("派出所之间调整 {} 人", h.officers_between_stations));
            if h.officers_from_stations_to_hq > 0 {
                parts.push(format!(
                    "派出所上调机关 {} 人",
                    h.officers_from_stations_to_hq
                ));
            }
            if recruits > 0 {
                parts.push(format!(
                    "新招民警 {recruits} 人分配到各县（其中 {} 人直接到派出所）",
                    h.new_officers_to_stations
                ));
            } else if h.new_officers_to_stations > 0 {
                parts.push(format!(
                    "新增警力 {} 人到派出所",
                    h.new_officers_to_stations
                ));
            }
            out.push(format!(
                "本方案{}，共调动民警 {} 人。",
                parts.join("，"),
                s.officers_moved
            ));
        }
        Lang::En => {
            parts.push(format!(
                "sends {} from county HQs down to stations",
                officers(h.officers_from_hq_to_stations)
            ));
            parts.push(format!(
                "moves {} between stations",
                h.officers_between_stations
            ));
            if h.officers_from_stations_to_hq > 0 {
                parts.push(format!(
                    "moves {} from stations up to HQ",
                    h.officers_from_stations_to_hq
                ));
            }
            if recruits > 0 {
                parts.push(format!(
                    "places {} across the counties ({} straight to stations)",
                    plural(recruits, "recruit", "recruits"),
                    h.new_officers_to_stations
                ));
            } else if h.new_officers_to_stations > 0 {
                parts.push(format!(
                    "posts {} new to the force at stations",
                    officers(h.new_officers_to_stations)
                ));
            }
            out.push(format!(
                "The plan {}: {} moved in all.",
                join_en(&parts),
                officers(s.officers_moved)
            ));
        }
    }
}

/// How far the plan gets (its balance level), and what reaching 1.0 needs.
fn how_far(outcome: &Outcome, lang: Lang, out: &mut Vec<String>) {
    let s = &outcome.summary;
    let h = &s.headline;
    if let Some(t) = s.balance_level {
        out.push(match (lang, t >= 1.0) {
            (Lang::Zh, true) => format!(
                "调整后均衡水平 {t:.3}：每个派出所都配足了工作量所需的警力。"
            ),
            (Lang::Zh, false) => format!(
                "调整后均衡水平 {t:.3}：保障最差的派出所也配足了工作量所需警力的 {}。",
                pct(t)
            ),
            (Lang::En, true) => format!(
                "After the plan the balance level is {t:.3}: every station has the officers its workload needs."
            ),
            (Lang::En, false) => format!(
                "After the plan the balance level is {t:.3}: even the least covered station has {} of the officers its workload needs.",
                pct(t)
            ),
        });
        // The true cause when the level's county must refill its HQ.
        let mut named: Vec<&str> = Vec::new();
        for b in &s.binding_stations {
            let Some(r) = &b.hq_refill else { continue };
            if named.contains(&b.county_id.as_str()) {
                continue;
            }
            named.push(&b.county_id);
            out.push(match lang {
                Lang::Zh => format!(
                    "均衡水平受限于{}（{}）：其机关现有民警 {} 人，低于机关最低警力 {} 人，须从派出所调回 {} 人补足机关（{} {} 因此受限）；降低该县机关最低警力，或为该县增加警力，可提高全省均衡水平。",
                    r.county_name, b.county_id, r.hq_today, r.hq_min, r.refill(), b.station_id, b.name
                ),
                Lang::En => format!(
                    "What limits the level is {} {}: its HQ has {} today, below its hq_min of {}, so {} go back from its stations to HQ (which leaves {} {} short); a lower hq_min there, or more officers for that county, would raise the province's level.",
                    b.county_id, r.county_name, officers(r.hq_today), r.hq_min, officers(r.refill()), b.station_id, b.name
                ),
            });
        }
        if t < 1.0 {
            out.push(match (lang, h.recruits_for_level_one) {
                (Lang::Zh, Some(k)) => format!(
                    "再招 {k} 人（按县分配）可使所有派出所达到标准（均衡水平 1.0）。"
                ),
                (Lang::Zh, None) => "受锁定、房屋容量或调动上限所限，再招多少民警也不能使所有派出所达到标准（均衡水平 1.0）。".to_string(),
                (Lang::En, Some(k)) => format!(
                    "{k} more {} (placed by county) would bring every station up to the standard (balance level 1.0).",
                    if k == 1 { "recruit" } else { "recruits" }
                ),
                (Lang::En, None) => "No number of recruits would bring every station up to the standard (balance level 1.0): locks, building capacities or move caps stop some station.".to_string(),
            });
        }
    }
}

/// 警力下沉: the price of the standard over the plan with the fewest moves.
fn standard_price(outcome: &Outcome, lang: Lang, out: &mut Vec<String>) {
    let s = &outcome.summary;
    if let Some(b) = &s.balance {
        let rows = b.comparison.as_deref().unwrap_or(&[]);
        let own = rows.iter().find(|r| r.target == b.target);
        let cheapest = rows.iter().find(|r| r.target == "province");
        if let (true, Some(own), Some(cheapest)) = (b.target == "standard", own, cheapest) {
            // What stops the stations left below the standard: the county
            // force (no officer left above hq_min), or a station's or the
            // county's own bounds (a lock, building capacity, a move cap).
            let cap = outcome.params.levers.balance.cap;
            let (mut by_force, mut by_bounds) = (0usize, 0usize);
            if let Some(f) = &outcome.plan.fairness {
                for step in &f.steps {
                    if step.level < cap - crate::numeric::tolerance(cap) {
                        match step.limit {
                            crate::outcome::CountyLimit::Force => by_force += 1,
                            _ => by_bounds += 1,
                        }
                    }
                }
            }
            let why = match (lang, by_bounds) {
                (Lang::Zh, 0) => format!("余下 {} 个所在县局已无可下沉的警力", own.stations_below_1),
                (Lang::Zh, k) => format!(
                    "未达标的派出所中 {by_force} 个所在县局已无可下沉的警力，{k} 个受锁定、房屋容量或调动上限所限（见 binding.csv）"
                ),
                (Lang::En, 0) => format!(
                    "the {} left are in counties with no officer left to send down",
                    own.stations_below_1
                ),
                (Lang::En, k) => format!(
                    "of the stations held below the standard, {by_force} are in counties with no officer left to send down and {k} are stopped by a lock, building capacity or a move cap (binding.csv)"
                ),
            };
            out.push(match lang {
                Lang::Zh => format!(
                    "警力下沉：机关超出最低警力的民警下沉到低于标准的派出所，覆盖不足1.0的派出所由 {} 个（调动最少的方案，共调动 {} 人）降到 {} 个，多调动 {} 人；{why}。",
                    cheapest.stations_below_1,
                    cheapest.officers_moved,
                    own.stations_below_1,
                    own.officers_moved - cheapest.officers_moved
                ),
                Lang::En => format!(
                    "Officers sent down (警力下沉): spare HQ officers above hq_min go to the stations below the standard, which leaves {} below 1.0 instead of {} under the plan with the fewest moves ({} moved), for {} more moves; {why}.",
                    own.stations_below_1,
                    cheapest.stations_below_1,
                    cheapest.officers_moved,
                    own.officers_moved - cheapest.officers_moved
                ),
            });
        }
    }
}

/// Auxiliaries in their county's posts.
fn county_auxiliaries(outcome: &Outcome, lang: Lang, out: &mut Vec<String>) {
    let s = &outcome.summary;
    let h = &s.headline;
    if h.auxiliary_budget_scope == "county" {
        let p = &outcome.province;
        let plan = &outcome.plan;
        // Stations cut below one per village where the county's posts
        // would cover every village.
        let mut elsewhere = 0;
        for c in &p.counties {
            let posts: i64 = c
                .stations
                .iter()
                .map(|&i| plan.stations[i].auxiliaries)
                .sum();
            let villages: f64 = c.stations.iter().map(|&i| p.stations[i].villages).sum();
            if posts as f64 >= villages - 1e-9 {
                elsewhere += c
                    .stations
                    .iter()
                    .filter(|&&i| {
                        let st = &p.stations[i];
                        st.auxiliaries as f64 >= st.villages - 1e-9
                            && (plan.stations[i].auxiliaries as f64) < st.villages - 1e-9
                    })
                    .count();
            }
        }
        let cut = h.stations_cut_below_one_auxiliary_per_village;
        let n = h.counties_with_fewer_posts_than_villages;
        out.push(match (lang, elsewhere) {
            (Lang::Zh, 0) => format!(
                "辅警由县级政府招录和保障，按各县自己的编制在县内调整：{n} 个县局（共 {} 个）辅警少于村数，不能每个派出所都一村一辅警，县内先补辅警最少的派出所；{cut} 个原已一村一辅警的派出所因此让出辅警，全部在这些县。",
                s.counties
            ),
            (Lang::Zh, k) => format!(
                "辅警由县级政府招录和保障，按各县自己的编制在县内调整：{n} 个县局（共 {} 个）辅警少于村数；{cut} 个原已一村一辅警的派出所让出辅警，其中 {k} 个在辅警不少于村数的县。",
                s.counties
            ),
            (Lang::En, 0) => format!(
                "Auxiliaries are hired and paid by county governments, so each county's posts stay in it: {n} of {} counties have fewer posts than villages, so one per village cannot reach every station there, and each fills its least covered stations first; {} that had one per village give posts up, all in those counties.",
                s.counties,
                plural(cut as i64, "station", "stations")
            ),
            (Lang::En, k) => format!(
                "Auxiliaries are hired and paid by county governments, so each county's posts stay in it: {n} of {} counties have fewer posts than villages; {} that had one per village give posts up, {k} of them in counties whose posts cover their villages.",
                s.counties,
                plural(cut as i64, "station", "stations")
            ),
        });
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn officers(n: i64) -> String {
    plural(n, "officer", "officers")
}

/// "a, b and c".
fn join_en(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_lists_read_as_prose() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_en(&p(&["a"])), "a");
        assert_eq!(join_en(&p(&["a", "b"])), "a and b");
        assert_eq!(join_en(&p(&["a", "b", "c"])), "a, b and c");
        assert_eq!(officers(1), "1 officer");
        assert_eq!(officers(0), "0 officers");
    }
}
