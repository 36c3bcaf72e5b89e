//! `staffing check`: validate a scenario and its data without solving.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::CheckArgs;

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let context = || format!("checking scenario {}", args.scenario.display());
    let loaded = staffing::pipeline::load(&args.scenario).with_context(context)?;
    // The force lever must leave every county's force within the limits,
    // as `solve` will need it to.
    staffing::model::levers::apply_force(&loaded.province, &loaded.scenario.force_levers)
        .with_context(context)?;
    // A [sweep] or [sample] table expands as `staffing sweep` would.
    let grid = staffing::sweep::exec::check_grid(&args.scenario).with_context(context)?;
    super::data_warnings(&loaded.warnings, args.strict).with_context(context)?;
    let force: i64 = loaded
        .province
        .counties
        .iter()
        .map(|c| c.officers_total)
        .sum();
    let warnings = match loaded.warnings.len() {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    };
    println!(
        "{}: valid: {} counties, {} stations, {} officers, auxiliary budget {}{warnings}",
        loaded.scenario.name,
        loaded.province.counties.len(),
        loaded.province.stations.len(),
        force,
        loaded.params.auxiliaries.total
    );
    for input in loaded.inputs.iter().filter(|i| i.role != "scenario") {
        let mut how = match (&input.encoding, &input.sheet) {
            (Some(e), _) => format!("CSV, {e}"),
            (None, Some(s)) => format!("sheet `{s}`"),
            (None, None) => "read".to_string(),
        };
        if let Some(d) = &input.delimiter {
            how.push_str(&format!(", {d}-separated"));
        }
        println!("  {:<9} {} ({how})", input.role, input.path);
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
            println!(
                "  carried   {} of the {role} (not read; copied to {to}.csv and plan.xlsx)",
                names.join(", ")
            );
        }
    }
    if let Some(g) = grid {
        println!(
            "  [{}]  {} point{} over {}",
            g.table,
            g.points,
            if g.points == 1 { "" } else { "s" },
            g.keys.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
