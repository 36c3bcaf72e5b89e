//! The parts of `staffing solve`'s terminal summary that only some solves
//! print: the balance targets compared, the service hours, the second
//! method's comparison, the strength forecast and the recruits placed.

use staffing::messages;
use staffing::pipeline::Loaded;
use staffing::plan::Recruits;
use staffing::report::Lang;

use crate::commands::terminal;
use crate::commands::terminal::println_safe;

/// `s` when `n` is not one (an English plural).
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The balance target and, when it ran, the comparison of the targets
/// (`[balance]`, docs/model-fairness.md): each target's moves, with the
/// price over the cheapest plan (`province`), its Gini and its stations
/// below 1.0.
pub(super) fn print_balance(b: &staffing::outcome::BalanceSummary, lang: Lang) {
    let below = b
        .counties
        .iter()
        .filter(|c| match (c.lowest_level, c.best_level) {
            (Some(low), Some(best)) => low < best - staffing::numeric::tolerance(best),
            _ => false,
        })
        .count();
    let target = messages::balance_target(lang, &b.target);
    let aux = if b.auxiliaries == b.target {
        messages::balance_aux_same(lang)
    } else {
        messages::balance_aux(lang, &messages::balance_target(lang, &b.auxiliaries))
    };
    let line = if b.target != "standard" {
        messages::balance_counties(lang, &target, &aux, below, b.counties.len())
    } else if b.stations_below_1 == 0 {
        messages::balance_covered(lang, &target, b.cap, &aux)
    } else {
        let n = b.stations_below_1;
        messages::balance_below(lang, &target, b.cap, &aux, n, plural(n))
    };
    println_safe!("{line}");
    let cheapest = b
        .comparison
        .iter()
        .flatten()
        .find(|t| t.target == "province")
        .map(|t| t.officers_moved);
    // Labels take 16 columns in Chinese (a character takes two), 20 in
    // English; the targets' names 20 and 8.
    let (label_width, target_width) = match lang {
        Lang::Zh => (16, 20),
        Lang::En => (20, 8),
    };
    for (i, t) in b.comparison.iter().flatten().enumerate() {
        let gini = t.gini.map_or("—".into(), |g| format!("{g:.3}"));
        let price = match cheapest {
            Some(c) if t.target != "province" => {
                messages::balance_price(lang, t.officers_moved - c)
            }
            _ => String::new(),
        };
        let mark = if t.target == b.target {
            messages::balance_this_plan(lang)
        } else if t.target == "province" {
            messages::balance_fewest_moves(lang)
        } else {
            String::new()
        };
        let label = if i == 0 {
            messages::balance_compared_label(lang)
        } else {
            String::new()
        };
        println_safe!(
            "{}",
            messages::balance_compared(
                lang,
                &terminal::left(&label, label_width),
                &terminal::left(&messages::balance_target(lang, &t.target), target_width),
                t.officers_moved,
                &price,
                &gini,
                t.stations_below_1,
                &mark
            )
        );
    }
}

fn clock(hour: usize) -> String {
    format!("{hour:02}:00")
}

pub(super) fn print_service(s: &staffing::outcome::Summary, loaded: &Loaded, lang: Lang) {
    let (Some(service), Some(standard)) = (&s.service, &loaded.params.workload.service) else {
        return;
    };
    let how = if service.method == "erlang-c" {
        messages::service_how_erlang(
            lang,
            loaded.params.workload.reactive_share,
            loaded.params.workload.hours_per_call,
        )
    } else {
        messages::service_how_hours(lang)
    };
    println_safe!(
        "{}",
        messages::service_standard(
            lang,
            &staffing::report::service::standard_in_words(standard, lang)
        )
    );
    let auxiliaries = if service.auxiliaries_per_unit > 0.0 {
        messages::service_auxiliaries(lang, service.auxiliary_duty_need)
    } else {
        String::new()
    };
    println_safe!(
        "{}",
        messages::service_need(lang, service.duty_requirement, &auxiliaries, &how)
    );
    let pools = if service.pools > 0 {
        messages::service_pools(lang, service.pools, service.pool_units)
    } else {
        String::new()
    };
    println_safe!(
        "{}",
        messages::service_floor(lang, service.stations_at_one_unit, &pools)
    );
    let worst = service
        .worst_stations
        .first()
        .map(|w| {
            messages::service_worst(
                lang,
                &w.station_id,
                &w.name,
                w.wait_probability_peak,
                &clock(w.busiest_hour),
            )
        })
        .unwrap_or_default();
    println_safe!(
        "{}",
        messages::service_meeting(
            lang,
            service.stations_meeting_standard.before,
            service.stations_meeting_standard.after,
            s.stations,
            &worst
        )
    );
}

/// How many of the differing stations the terminal shows.
const DIFFERING_SHOWN: usize = 5;

pub(super) fn print_comparison(
    c: &staffing::outcome::MethodComparison,
    loaded: &Loaded,
    lang: Lang,
) {
    use terminal::{left, right};
    println_safe!("{}", messages::methods_title(lang));
    println_safe!(
        "  {} {} {} {} {} {}",
        left(&messages::methods_method(lang), 9),
        right(&messages::methods_level(lang), 8),
        right(&messages::methods_moved(lang), 8),
        right(&messages::methods_short(lang), 19),
        right(&messages::methods_duty(lang), 12),
        right(&messages::methods_meeting(lang), 21)
    );
    for m in &c.methods {
        println_safe!(
            "  {:<9} {:>8} {:>8} {} {:>12.1} {:>21}",
            m.method,
            m.balance_level
                .map_or("-".to_string(), |v| format!("{v:.4}")),
            m.officers_moved,
            right(
                &m.officers_short_of_level_one
                    .map_or_else(|| messages::methods_unreachable(lang), |v| v.to_string()),
                19
            ),
            m.duty_requirement,
            m.stations_meeting_standard
        );
    }
    let shown: Vec<String> = c
        .stations
        .iter()
        .take(DIFFERING_SHOWN)
        .map(|d| {
            let st = &loaded.province.stations[d.station];
            format!(
                "{} {} {:.2} → {:.2}",
                st.id, st.name, d.duty_hours, d.duty_erlang_c
            )
        })
        .collect();
    if !shown.is_empty() {
        println_safe!(
            "{}",
            messages::methods_differ(
                lang,
                &shown.join(messages::list_separator(lang)),
                c.stations.len()
            )
        );
    }
}

pub(super) fn print_strength(st: &staffing::outcome::StrengthSummary, counties: usize, lang: Lang) {
    let pct = |v: f64| format!("{:.1}%", v * 100.0);
    let recalled = if st.recall_seconded {
        messages::strength_recalled(lang)
    } else {
        String::new()
    };
    println_safe!(
        "{}",
        messages::strength_books(
            lang,
            st.station_officers_books,
            st.nominal,
            st.seconded,
            &recalled,
            st.station_officers_real,
            st.restricted
        )
    );
    let three = |a: String, b: String, c: String| format!("{a} → {b} → {c}");
    let counts = |a: usize, b: usize, c: usize| format!("{a}→{b}→{c}");
    println_safe!(
        "{}",
        messages::strength_shares(
            lang,
            &three(
                pct(st.station_share.paper),
                pct(st.station_share.real),
                pct(st.station_share.after)
            ),
            &counts(
                st.counties_meeting_station_share.paper,
                st.counties_meeting_station_share.real,
                st.counties_meeting_station_share.after
            ),
            counties,
            &three(
                pct(st.community_share.paper),
                pct(st.community_share.real),
                pct(st.community_share.after)
            ),
            &counts(
                st.counties_meeting_community_share.paper,
                st.counties_meeting_community_share.real,
                st.counties_meeting_community_share.after
            ),
        )
    );
    let ratio = |v: Option<f64>| v.map_or("—".to_string(), |r| format!("1:{r:.2}"));
    let cover = |v: Option<f64>| v.map_or("—".to_string(), pct);
    let t = &st.two_teams_one_room;
    println_safe!(
        "{}",
        messages::strength_teams(
            lang,
            t.viable.before,
            t.viable.after,
            t.stations,
            &ratio(st.auxiliary_ratio.before),
            &ratio(st.auxiliary_ratio.after),
            &ratio(st.auxiliary_ratio_force.before),
            &ratio(st.auxiliary_ratio_force.after),
            &cover(st.village_coverage.before),
            &cover(st.village_coverage.after)
        )
    );
}

pub(super) fn print_recruits(a: &Recruits, loaded: &Loaded, lang: Lang) {
    let placed: Vec<String> = loaded
        .province
        .counties
        .iter()
        .zip(&a.per_county)
        .filter(|(_, r)| **r > 0)
        .map(|(c, r)| {
            if c.name.is_empty() {
                format!("{} +{r}", c.id)
            } else {
                format!("{} {} +{r}", c.id, c.name)
            }
        })
        .collect();
    let placed = if placed.is_empty() {
        messages::recruits_none(lang)
    } else {
        placed.join(messages::list_separator(lang))
    };
    println_safe!("{}", messages::recruits_placed(lang, a.used, &placed));
    if a.leftover > 0 {
        println_safe!("{}", messages::recruits_leftover(lang, a.leftover));
    }
}
