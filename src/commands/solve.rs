//! `staffing solve`: solve a scenario, write the plan, print a summary.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use staffing::model::milp::MilpOptions;
use staffing::pipeline::{self, CompareError, Engine, Loaded, SolveError};
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
    let mut solution = match pipeline::solve(&loaded, engine) {
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
    if args.compare_methods {
        solution = match pipeline::compare_methods(&loaded, engine, solution) {
            Ok(s) => s,
            Err(CompareError::Input(e)) => {
                return Err(e).context("--compare-methods");
            }
            Err(CompareError::Solve(e)) => {
                return Err(e).context("--compare-methods: solving with the other duty method");
            }
        };
    }
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
        // The summary carries the recruits placed (`recruits`).
        println!("{}", serde_json::to_value(&summary)?);
    } else {
        print_human(&summary, &loaded);
        if let Some(a) = recruits {
            print_recruits(a, &loaded);
        }
        print_service(&summary, &loaded);
        if let Some(c) = &solution.outcome.comparison {
            print_comparison(c, &loaded);
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
    // Officers seconded away (借调/抽调) are of the force but at no post.
    let away = s
        .strength
        .as_ref()
        .filter(|st| !st.recall_seconded && st.seconded > 0)
        .map_or(0, |st| st.seconded);
    let seconded = if away > 0 {
        format!(", {away} seconded away")
    } else {
        String::new()
    };
    println!(
        "  station officers     {} of {} (HQ {}{seconded}); community officers {}",
        s.station_officers,
        s.station_officers + s.hq_officers + away,
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
    if let Some(st) = &s.strength {
        print_strength(st, s.counties);
    }
    println!(
        "  auxiliaries          level {}, {} posts of a budget of {}, {} changed",
        fmt_level(s.auxiliary_balance_level),
        s.auxiliaries,
        loaded.params.auxiliaries.total,
        s.auxiliaries_changed
    );
    if let Some(dir) = &s.output_dir {
        let methods = if s.methods.is_some() {
            ", methods.csv, method_stations.csv"
        } else {
            ""
        };
        println!(
            "  wrote                {dir}/ (report.html, charts, allocation.csv, counties.csv, summary.json, plan.xlsx, transfers.csv, compliance.csv, binding.csv, marginal.csv{methods})"
        );
    }
}

/// An hour of the day as a clock shows it: `20:00`.
fn clock(hour: usize) -> String {
    format!("{hour:02}:00")
}

fn print_service(s: &staffing::outcome::Summary, loaded: &Loaded) {
    let Some(service) = &s.service else {
        return;
    };
    let mut standard = format!(
        "P(wait) ≤ {} in every hour",
        service.target_wait_probability
    );
    if let Some(u) = service.max_utilisation {
        standard.push_str(&format!(", utilisation ≤ {u}"));
    }
    if service.min_units_on_duty > 0 {
        standard.push_str(&format!(", ≥ {} units on duty", service.min_units_on_duty));
    }
    let how = if service.method == "erlang-c" {
        format!(
            "duty need from it (erlang-c; reactive_share {} and hours_per_call {} do not apply to duty)",
            loaded.params.workload.reactive_share, loaded.params.workload.hours_per_call
        )
    } else {
        "reported only: duty need from the hours method".to_string()
    };
    println!(
        "  service standard     {standard}, {} min a call, {} officers a unit; {how}",
        service.minutes_per_call, service.officers_per_unit
    );
    let worst = service
        .worst_stations
        .first()
        .map(|w| {
            format!(
                " (worst after: {} {}, P(wait) {:.3} at {})",
                w.station_id,
                w.name,
                w.wait_probability_peak,
                clock(w.busiest_hour)
            )
        })
        .unwrap_or_default();
    println!(
        "  meeting the standard {}→{} of {} stations{worst}",
        service.stations_meeting_standard.before,
        service.stations_meeting_standard.after,
        s.stations
    );
}

/// How many of the differing stations the terminal shows.
const DIFFERING_SHOWN: usize = 5;

fn print_comparison(c: &staffing::outcome::MethodComparison, loaded: &Loaded) {
    println!("methods compared on the same data:");
    println!(
        "  {:<9} {:>8} {:>8} {:>19} {:>12} {:>21}",
        "method", "level", "moved", "short of level 1.0", "duty need", "meeting the standard"
    );
    for m in &c.methods {
        println!(
            "  {:<9} {:>8} {:>8} {:>19} {:>12.1} {:>21}",
            m.method,
            m.balance_level
                .map_or("-".to_string(), |v| format!("{v:.4}")),
            m.officers_moved,
            m.officers_short_of_level_one
                .map_or("unreachable".to_string(), |v| v.to_string()),
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
        println!(
            "  duty need (hours → erlang-c) differs most at {}; {} in method_stations.csv",
            shown.join(", "),
            c.stations.len()
        );
    }
}

fn print_strength(st: &staffing::outcome::StrengthSummary, counties: usize) {
    let pct = |v: f64| format!("{:.1}%", v * 100.0);
    println!(
        "  real strength        {} on the stations' books: {} nominal (at HQ), {} seconded{}; {} really there, {} who cannot take duty",
        st.station_officers_books,
        st.nominal,
        st.seconded,
        if st.recall_seconded { " (recalled)" } else { "" },
        st.station_officers_real,
        st.restricted
    );
    println!(
        "  paper → real → plan  station share {} → {} → {} ({}→{}→{} of {counties} counties), community share {} → {} → {} ({}→{}→{})",
        pct(st.station_share.paper),
        pct(st.station_share.real),
        pct(st.station_share.after),
        st.counties_meeting_station_share.paper,
        st.counties_meeting_station_share.real,
        st.counties_meeting_station_share.after,
        pct(st.community_share.paper),
        pct(st.community_share.real),
        pct(st.community_share.after),
        st.counties_meeting_community_share.paper,
        st.counties_meeting_community_share.real,
        st.counties_meeting_community_share.after,
    );
    let ratio = |v: Option<f64>| v.map_or("—".to_string(), |r| format!("1:{r:.2}"));
    let cover = |v: Option<f64>| v.map_or("—".to_string(), pct);
    let t = &st.two_teams_one_room;
    println!(
        "  两队一室             {} → {} of {} stations; 警辅比 {} → {}; 一村一辅警 {} → {}",
        t.viable.before,
        t.viable.after,
        t.stations,
        ratio(st.auxiliary_ratio.before),
        ratio(st.auxiliary_ratio.after),
        cover(st.village_coverage.before),
        cover(st.village_coverage.after)
    );
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
