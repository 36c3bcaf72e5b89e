//! `staffing check`: validate a scenario and its data without solving.

use std::process::ExitCode;

use anyhow::Context;
use staffing::messages;

use crate::cli::{CheckArgs, GlobalArgs};
use crate::commands::terminal;
use crate::commands::terminal::println_safe;

pub fn run(args: CheckArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let before = terminal::lang_before_data(args.lang, &args.scenario);
    let shown = args.scenario.display().to_string();
    let loaded = staffing::pipeline::load_with(&args.scenario, &args.set.set)
        .with_context(|| messages::checking_scenario(before, &shown))?;
    // From here on in the data's language, as `solve` speaks once it has
    // read the data: the same failing data gets the same language.
    let lang = terminal::lang(args.lang, &loaded.province);
    let context = || messages::checking_scenario(lang, &shown);
    // The force lever must leave every county's force within the limits,
    // as `solve` will need it to.
    staffing::model::levers::apply_force(&loaded.province, &loaded.scenario.force_levers)
        .with_context(context)?;
    // A [sweep] or [sample] table expands as `staffing sweep` would.
    let grid = staffing::sweep::exec::check_grid(&args.scenario).with_context(context)?;
    super::data_warnings(&loaded.warnings, args.strict, lang).with_context(context)?;
    if global.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    let force: i64 = loaded
        .province
        .counties
        .iter()
        .map(|c| c.officers_total)
        .sum();
    let (name, counties, stations, budget) = (
        &loaded.scenario.name,
        loaded.province.counties.len(),
        loaded.province.stations.len(),
        loaded.params.auxiliaries.total,
    );
    let n = loaded.warnings.len();
    let s = if n == 1 { "" } else { "s" };
    let warnings = match n {
        0 => String::new(),
        n => messages::check_warnings(lang, n, s),
    };
    let county_budgets =
        loaded.params.auxiliaries.budget_scope == staffing::domain::BudgetScope::County;
    let posts: i64 = loaded
        .province
        .counties
        .iter()
        .map(|c| c.auxiliary_posts(&loaded.province.stations))
        .sum();
    let valid = if county_budgets {
        messages::check_valid_county(lang, name, counties, stations, force, posts, &warnings)
    } else {
        messages::check_valid_province(lang, name, counties, stations, force, budget, &warnings)
    };
    println_safe!("{valid}");
    counties_today(&loaded, lang);
    let station_list = &loaded.province.stations;
    if staffing::model::strength::has_strength_data(&loaded.province) {
        let sum = |f: &dyn Fn(&staffing::domain::Strength) -> i64| {
            station_list.iter().map(|s| f(&s.strength)).sum::<i64>()
        };
        let recalled = if loaded.params.strength.recall_seconded {
            messages::strength_recalled(lang)
        } else {
            String::new()
        };
        println_safe!(
            "{}",
            messages::check_strength(
                lang,
                sum(&|s| s.nominal),
                sum(&|s| s.seconded),
                &recalled,
                sum(&|s| s.restricted)
            )
        );
    }
    if let Some(s) = &loaded.params.workload.service {
        let w = &loaded.params.workload;
        let words = staffing::report::service::standard_in_words(s, lang);
        let line = if s.erlang_c() {
            messages::check_service_erlang(lang, &words, w.reactive_share, w.hours_per_call)
        } else {
            messages::check_service_hours(lang, &words)
        };
        println_safe!("{line}");
    }
    for input in loaded.inputs.iter().filter(|i| i.role != "scenario") {
        let mut how = match (&input.encoding, &input.sheet) {
            (Some(e), _) => messages::check_csv(lang, e),
            (None, Some(s)) => messages::check_sheet(lang, s),
            (None, None) => messages::check_read(lang),
        };
        if let Some(d) = &input.delimiter {
            how.push_str(&messages::check_delimiter(lang, &d.to_string()));
        }
        let line = match input.role.as_str() {
            "stations" => messages::check_stations(lang, &input.path, &how),
            "counties" => messages::check_counties(lang, &input.path, &how),
            role => messages::check_input(lang, role, &input.path, &how),
        };
        println_safe!("{line}");
    }
    for o in &loaded.scenario.overrides {
        println_safe!("{}", messages::check_override(lang, &o.key, &o.shown()));
    }
    for (role, extra) in [
        ("stations", &loaded.province.extra.headers),
        ("counties", &loaded.province.county_extra.headers),
    ] {
        if !extra.is_empty() {
            let names: Vec<String> = extra
                .iter()
                .map(|h| format!("`{}`", staffing::error::quote(h)))
                .collect();
            let names = names.join(messages::list_separator(lang));
            let line = if role == "stations" {
                messages::check_carried_stations(lang, &names)
            } else {
                messages::check_carried_counties(lang, &names)
            };
            println_safe!("{line}");
        }
    }
    if let Some(g) = grid {
        let plural = if g.points == 1 { "" } else { "s" };
        println_safe!(
            "{}",
            messages::check_grid(
                lang,
                g.table,
                g.points,
                plural,
                &g.keys.join(messages::list_separator(lang))
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Counties that break their HQ minimum or the station share today: every
/// plan must restore them, at the price of moves.
fn counties_today(loaded: &staffing::pipeline::Loaded, lang: staffing::report::Lang) {
    let p = loaded.params.quotas.station_share;
    for t in staffing::model::analysis::counties_today(&loaded.province, &loaded.params) {
        let c = &loaded.province.counties[t.county];
        if let Some((hq, min)) = t.hq_below_minimum {
            println_safe!(
                "{}",
                messages::check_hq_below(lang, &c.id, &c.name, hq, min, min - hq)
            );
        }
        if let Some((x, need)) = t.station_share_short {
            let share = staffing::plan::percent(p);
            println_safe!(
                "{}",
                messages::check_share_short(lang, &c.id, &c.name, x, &share, need, need - x)
            );
        }
    }
}
