//! `staffing check`: validate a scenario and its data without solving.

use std::process::ExitCode;

use anyhow::Context;
use staffing::report::Lang;

use crate::cli::{CheckArgs, GlobalArgs};
use crate::commands::terminal;

pub fn run(args: CheckArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let loaded = staffing::pipeline::load_with(&args.scenario, &args.set.set)
        .with_context(|| format!("checking scenario {}", args.scenario.display()))?;
    // The force lever must leave every county's force within the limits,
    // as `solve` will need it to.
    staffing::model::levers::apply_force(&loaded.province, &loaded.scenario.force_levers)
        .with_context(|| format!("checking scenario {}", args.scenario.display()))?;
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
    match lang {
        Lang::Zh => println!(
            "{name}：数据有效：{counties} 个县局，{stations} 个派出所，民警 {force} 人，辅警编制 {budget} 人"
        ),
        Lang::En => println!(
            "{name}: valid: {counties} counties, {stations} stations, {force} officers, auxiliary budget {budget}"
        ),
    }
    let station_list = &loaded.province.stations;
    if staffing::model::strength::has_strength_data(&loaded.province) {
        let sum = |f: &dyn Fn(&staffing::domain::Strength) -> i64| {
            station_list.iter().map(|s| f(&s.strength)).sum::<i64>()
        };
        println!(
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
        if s.erlang_c() {
            println!(
                "  service   duty need from the service standard (erlang-c): P(wait) ≤ {} every hour, {} min a call, {} officers a unit; reactive_share ({}) and hours_per_call ({}) do not apply to duty",
                s.target_wait_probability, s.minutes_per_call, s.officers_per_unit, w.reactive_share, w.hours_per_call
            );
        } else {
            println!(
                "  service   duty need from the hours method; the service standard (P(wait) ≤ {}, {} min a call) is reported only",
                s.target_wait_probability, s.minutes_per_call
            );
        }
    }
    for input in loaded.inputs.iter().filter(|i| i.role != "scenario") {
        let how = match (&input.encoding, &input.sheet, lang) {
            (Some(e), _, Lang::Zh) => format!("CSV，{e}"),
            (Some(e), _, Lang::En) => format!("CSV, {e}"),
            (None, Some(s), Lang::Zh) => format!("工作表 `{s}`"),
            (None, Some(s), Lang::En) => format!("sheet `{s}`"),
            (None, None, _) => lang.pick("已读取", "read").to_string(),
        };
        match (lang, input.role.as_str()) {
            (Lang::Zh, "stations") => println!("  派出所    {}（{how}）", input.path),
            (Lang::Zh, "counties") => println!("  县局      {}（{how}）", input.path),
            (Lang::Zh, role) => println!("  {role:<9} {}（{how}）", input.path),
            (Lang::En, role) => println!("  {role:<9} {} ({how})", input.path),
        }
    }
    for o in &loaded.scenario.overrides {
        match lang {
            Lang::Zh => println!("  命令行设置 {} = {}", o.key, o.shown()),
            Lang::En => println!("  --set     {} = {}", o.key, o.shown()),
        }
    }
    Ok(ExitCode::SUCCESS)
}
