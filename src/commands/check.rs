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
