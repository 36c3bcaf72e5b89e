//! `staffing solve`: solve a scenario, write the plan, print a summary.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use staffing::model::milp::MilpOptions;
use staffing::pipeline::{self, Engine, Loaded, SolveError};
use staffing::plan::Recruits;
use staffing::report::{Formats, Lang, ReportOptions};

use crate::cli::{ChartsArg, EngineArg, LangArg, SolveArgs};

/// The report options the flags ask for.
pub fn report_options(lang: Option<LangArg>, charts: ChartsArg) -> ReportOptions {
    ReportOptions {
        lang: lang.map(|l| match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }),
        charts: match charts {
            ChartsArg::All => Some(Formats::SvgAndPng),
            ChartsArg::Svg => Some(Formats::Svg),
            ChartsArg::None => None,
        },
    }
}

/// The scenario `solve` runs when none is given.
pub const DEFAULT_SCENARIO: &str = "scenarios/baseline.toml";

pub fn run(args: SolveArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let path = args
        .scenario
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SCENARIO));
    let loaded =
        pipeline::load(&path).with_context(|| format!("reading scenario {}", path.display()))?;
    let engine = match args.engine {
        EngineArg::Exact => Engine::Exact,
        EngineArg::Milp => Engine::Milp(MilpOptions {
            time_limit: args.time_limit,
        }),
    };
    let solution = match pipeline::solve(&loaded, engine) {
        Ok(solved) => solved,
        Err(SolveError::Infeasible(reasons)) => {
            if args.json {
                let json = serde_json::json!({
                    "scenario": loaded.scenario.name,
                    "status": "infeasible",
                    "reasons": reasons.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
                });
                println!("{json}");
            }
            return Err(SolveError::Infeasible(reasons))
                .with_context(|| format!("scenario {} has no plan", loaded.scenario.name));
        }
        Err(e) => return Err(e).context("solving"),
    };
    let dir = args
        .out
        .unwrap_or_else(|| pipeline::default_output_dir(&loaded.scenario));
    let options = report_options(args.lang, args.charts);
    let files = solution.files(loaded.unmerged.as_deref(), &options)?;
    staffing::output::write_folder(&dir, &files, &loaded.scenario.input_files())
        .with_context(|| format!("writing the plan to {}", dir.display()))?;
    let mut summary = solution.outcome.summary.clone();
    summary.output_dir = Some(dir.display().to_string());
    summary.provenance.seconds = Some(started.elapsed().as_secs_f64());

    let recruits = &solution.outcome.recruits;
    if args.json {
        let mut json = serde_json::to_value(&summary)?;
        if let (Some(a), Some(obj)) = (recruits, json.as_object_mut()) {
            obj.insert("recruits".into(), recruits_json(a, &loaded));
        }
        println!("{json}");
    } else {
        print_human(&summary, &loaded);
        if let Some(a) = recruits {
            print_recruits(a, &loaded);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn fmt_level(v: Option<f64>) -> String {
    v.map_or("unbounded (no workload)".into(), |v| format!("{v:.4}"))
}

fn print_human(s: &staffing::outcome::Summary, loaded: &Loaded) {
    println!("scenario {}: {}", s.scenario, s.status);
    println!(
        "  balance level        {}  (1.0 = every station's workload covered)",
        fmt_level(s.balance_level)
    );
    let limiting: Vec<String> = s
        .binding_stations
        .iter()
        .take(5)
        .map(|b| format!("{} {} ({})", b.station_id, b.name, b.dimension))
        .collect();
    if !limiting.is_empty() {
        let more = s.binding_stations.len().saturating_sub(limiting.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        println!("  limited by           {}{tail}", limiting.join(", "));
    }
    println!("  officers moved       {}", s.officers_moved);
    if let Some(b) = &s.balance {
        print_balance(b);
    }
    println!(
        "  station officers     {} of {} (HQ {}); community officers {}",
        s.station_officers,
        s.station_officers + s.hq_officers,
        s.hq_officers,
        s.community_officers
    );
    println!(
        "  两个40%: station share met in {}→{} of {} counties, community share in {}→{}",
        s.counties_meeting_station_share.before,
        s.counties_meeting_station_share.after,
        s.counties,
        s.counties_meeting_community_share.before,
        s.counties_meeting_community_share.after
    );
    println!(
        "  auxiliaries          level {}, {} posts of a budget of {}, {} changed",
        fmt_level(s.auxiliary_balance_level),
        s.auxiliaries,
        loaded.params.auxiliaries.total,
        s.auxiliaries_changed
    );
    if let Some(dir) = &s.output_dir {
        let fairness = match &s.balance {
            Some(b) if b.comparison.is_some() => ", fairness.csv, targets.csv",
            Some(_) => ", fairness.csv",
            None => "",
        };
        println!(
            "  wrote                {dir}/ (report.html, charts, allocation.csv, counties.csv, summary.json, plan.xlsx, transfers.csv, compliance.csv, binding.csv, marginal.csv{fairness})"
        );
    }
}

/// The balance target and, when it ran, the comparison of the three.
fn print_balance(b: &staffing::outcome::BalanceSummary) {
    let below = b
        .counties
        .iter()
        .filter(|c| match (c.lowest_level, c.best_level) {
            (Some(low), Some(best)) => low < best - staffing::numeric::tolerance(best),
            _ => false,
        })
        .count();
    println!(
        "  balance target       {} (auxiliaries: {}); {below} of {} counties have a station below their own best level",
        b.target,
        b.auxiliaries,
        b.counties.len()
    );
    for (i, t) in b.comparison.iter().flatten().enumerate() {
        println!(
            "  {:<20} {:<8} {:>6} moved, Gini {}, {} stations below 1.0{}",
            if i == 0 { "targets compared" } else { "" },
            t.target,
            t.officers_moved,
            t.gini.map_or("—".into(), |g| format!("{g:.3}")),
            t.stations_below_1,
            if t.target == b.target {
                "  (this plan)"
            } else {
                ""
            }
        );
    }
}

fn recruits_json(a: &Recruits, loaded: &Loaded) -> serde_json::Value {
    let per: serde_json::Map<String, serde_json::Value> = loaded
        .province
        .counties
        .iter()
        .zip(&a.per_county)
        .map(|(c, r)| (c.id.clone(), (*r).into()))
        .collect();
    serde_json::json!({
        "used": a.used,
        "leftover": a.leftover,
        "per_county": per,
    })
}

fn print_recruits(a: &Recruits, loaded: &Loaded) {
    let placed: Vec<String> = loaded
        .province
        .counties
        .iter()
        .zip(&a.per_county)
        .filter(|(_, r)| **r > 0)
        .map(|(c, r)| format!("{} +{r}", c.id))
        .collect();
    println!(
        "  recruits             {} placed: {}",
        a.used,
        if placed.is_empty() {
            "none needed".to_string()
        } else {
            placed.join(", ")
        }
    );
    if a.leftover > 0 {
        println!(
            "                       {} more cannot raise the balance level and are left unplaced",
            a.leftover
        );
    }
}
