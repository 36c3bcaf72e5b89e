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

    // What the plan does.
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

    // How far it gets, and what it needs.
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
