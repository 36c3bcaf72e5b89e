//! `staffing check`: validate a scenario and its data without solving.

use std::process::ExitCode;

use anyhow::Context;
use staffing::report::Lang;

use crate::cli::{CheckArgs, GlobalArgs};
use crate::commands::terminal;
use crate::commands::terminal::println_safe;

pub fn run(args: CheckArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let context = || format!("checking scenario {}", args.scenario.display());
    let loaded =
        staffing::pipeline::load_with(&args.scenario, &args.set.set).with_context(context)?;
    // The force lever must leave every county's force within the limits,
    // as `solve` will need it to.
    staffing::model::levers::apply_force(&loaded.province, &loaded.scenario.force_levers)
        .with_context(context)?;
    // A [sweep] or [sample] table expands as `staffing sweep` would.
    let grid = staffing::sweep::exec::check_grid(&args.scenario).with_context(context)?;
    super::data_warnings(&loaded.warnings, args.strict).with_context(context)?;
    if global.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    let lang = terminal::lang(args.lang, &loaded.province);
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
    let warnings = match (lang, n) {
        (_, 0) => String::new(),
        (Lang::Zh, n) => format!("，{n} 条数据提示"),
        (Lang::En, 1) => ", 1 warning".to_string(),
        (Lang::En, n) => format!(", {n} warnings"),
    };
    let county_budgets =
        loaded.params.auxiliaries.budget_scope == staffing::domain::BudgetScope::County;
    let posts: i64 = loaded
        .province
        .counties
        .iter()
        .map(|c| c.auxiliary_posts(&loaded.province.stations))
        .sum();
    match (lang, county_budgets) {
        (Lang::Zh, false) => println_safe!(
            "{name}：数据有效：{counties} 个县局，{stations} 个派出所，民警 {force} 人，辅警编制 {budget} 人（全省统筹）{warnings}"
        ),
        (Lang::Zh, true) => println_safe!(
            "{name}：数据有效：{counties} 个县局，{stations} 个派出所，民警 {force} 人，辅警编制 {posts} 人（各县自有）{warnings}"
        ),
        (Lang::En, false) => println_safe!(
            "{name}: valid: {counties} counties, {stations} stations, {force} officers, a provincial auxiliary budget of {budget}{warnings}"
        ),
        (Lang::En, true) => println_safe!(
            "{name}: valid: {counties} counties, {stations} stations, {force} officers, {posts} auxiliary posts in county budgets{warnings}"
        ),
    }
    // Counties that break their HQ minimum or the station share today:
    // every plan must restore them, at the price of moves.
    let p = loaded.params.quotas.station_share;
    for t in staffing::model::analysis::counties_today(&loaded.province, &loaded.params) {
        let c = &loaded.province.counties[t.county];
        if let Some((hq, min)) = t.hq_below_minimum {
            match lang {
                Lang::Zh => println_safe!(
                    "  提示      {} {}：机关现有民警 {hq} 人，低于机关最低警力 {min} 人（任何方案都须从派出所调回 {} 人，这会限制该县派出所）",
                    c.id,
                    c.name,
                    min - hq
                ),
                Lang::En => println_safe!(
                    "  warning   {} {}: HQ has {hq} officers today, below its hq_min of {min} (every plan brings {} back from its stations, which limits them)",
                    c.id,
                    c.name,
                    min - hq
                ),
            }
        }
        if let Some((x, need)) = t.station_share_short {
            let share = staffing::plan::percent(p);
            match lang {
                Lang::Zh => println_safe!(
                    "  提示      {} {}：派出所民警 {x} 人，低于“两个40%”派出所警力占比 {share} 所需的 {need} 人（任何方案都须向派出所增派 {} 人）",
                    c.id,
                    c.name,
                    need - x
                ),
                Lang::En => println_safe!(
                    "  warning   {} {}: {x} station officers today, below the {share} station share's {need} (every plan sends {} more to stations)",
                    c.id,
                    c.name,
                    need - x
                ),
            }
        }
    }
    let station_list = &loaded.province.stations;
    if staffing::model::strength::has_strength_data(&loaded.province) {
        let sum = |f: &dyn Fn(&staffing::domain::Strength) -> i64| {
            station_list.iter().map(|s| f(&s.strength)).sum::<i64>()
        };
        println_safe!(
            "  real strength: {} nominal, {} seconded{}, {} restricted officers on the stations' books",
            sum(&|s| s.nominal),
            sum(&|s| s.seconded),
            if loaded.params.strength.recall_seconded {
                " (recalled)"
            } else {
                ""
            },
            sum(&|s| s.restricted)
        );
    }
    if let Some(s) = &loaded.params.workload.service {
        let w = &loaded.params.workload;
        let words = staffing::report::service::standard_in_words(s, lang);
        if s.erlang_c() {
            println_safe!(
                "  service   duty need from the service standard (erlang-c): {words} reactive_share ({}) and hours_per_call ({}) do not apply to duty",
                w.reactive_share, w.hours_per_call
            );
        } else {
            println_safe!(
                "  service   duty need from the hours method; the service standard is reported only: {words}"
            );
        }
    }
    for input in loaded.inputs.iter().filter(|i| i.role != "scenario") {
        let mut how = match (&input.encoding, &input.sheet, lang) {
            (Some(e), _, Lang::Zh) => format!("CSV，{e}"),
            (Some(e), _, Lang::En) => format!("CSV, {e}"),
            (None, Some(s), Lang::Zh) => format!("工作表 `{s}`"),
            (None, Some(s), Lang::En) => format!("sheet `{s}`"),
            (None, None, _) => lang.pick("已读取", "read").to_string(),
        };
        if let Some(d) = &input.delimiter {
            how.push_str(&match lang {
                Lang::Zh => format!("，{d} 分隔"),
                Lang::En => format!(", {d}-separated"),
            });
        }
        match (lang, input.role.as_str()) {
            (Lang::Zh, "stations") => println_safe!("  派出所    {}（{how}）", input.path),
            (Lang::Zh, "counties") => println_safe!("  县局      {}（{how}）", input.path),
            (Lang::Zh, role) => println_safe!("  {role:<9} {}（{how}）", input.path),
            (Lang::En, role) => println_safe!("  {role:<9} {} ({how})", input.path),
        }
    }
    for o in &loaded.scenario.overrides {
        match lang {
            Lang::Zh => println_safe!("  命令行设置 {} = {}", o.key, o.shown()),
            Lang::En => println_safe!("  --set     {} = {}", o.key, o.shown()),
        }
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
            let to = if role == "stations" {
                "allocation"
            } else {
                "counties"
            };
            match lang {
                Lang::Zh => println_safe!(
                    "  保留列    {}（{role}，不参与计算；原样带入 {to}.csv 和 plan.xlsx）",
                    names.join("、")
                ),
                Lang::En => println_safe!(
                    "  carried   {} of the {role} (not read; copied to {to}.csv and plan.xlsx)",
                    names.join(", ")
                ),
            }
        }
    }
    if let Some(g) = grid {
        let plural = if g.points == 1 { "" } else { "s" };
        match lang {
            Lang::Zh => println_safe!(
                "  [{}]  {} 个计算点，参数 {}",
                g.table,
                g.points,
                g.keys.join("、")
            ),
            Lang::En => println_safe!(
                "  [{}]  {} point{plural} over {}",
                g.table,
                g.points,
                g.keys.join(", ")
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}
