//! `staffing check`: validate a scenario and its data without solving.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::CheckArgs;

pub fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let loaded = staffing::pipeline::load(&args.scenario)
        .with_context(|| format!("checking scenario {}", args.scenario.display()))?;
    // The force lever must leave every county's force within the limits,
    // as `solve` will need it to.
    staffing::model::levers::apply_force(&loaded.province, &loaded.scenario.force_levers)
        .with_context(|| format!("checking scenario {}", args.scenario.display()))?;
    let force: i64 = loaded
        .province
        .counties
        .iter()
        .map(|c| c.officers_total)
        .sum();
    println!(
        "{}: valid: {} counties, {} stations, {} officers, auxiliary budget {}",
        loaded.scenario.name,
        loaded.province.counties.len(),
        loaded.province.stations.len(),
        force,
        loaded.params.auxiliaries.total
    );
    let stations = &loaded.province.stations;
    if staffing::model::strength::has_strength_data(&loaded.province) {
        let sum = |f: &dyn Fn(&staffing::domain::Strength) -> i64| {
            stations.iter().map(|s| f(&s.strength)).sum::<i64>()
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
        let how = match (&input.encoding, &input.sheet) {
            (Some(e), _) => format!("CSV, {e}"),
            (None, Some(s)) => format!("sheet `{s}`"),
            (None, None) => "read".to_string(),
        };
        println!("  {:<9} {} ({how})", input.role, input.path);
    }
    Ok(ExitCode::SUCCESS)
}
