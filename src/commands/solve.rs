//! `staffing solve`: solve a scenario, write the plan, print a summary.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use staffing::messages;
use staffing::model::milp::MilpOptions;
use staffing::pipeline::{self, CompareError, Engine, Loaded, SolveError};
use staffing::report::{Formats, Lang, ReportOptions};

use crate::cli::{ChartsArg, EngineArg, GlobalArgs, LangArg, SolveArgs};
use crate::commands::terminal;
use crate::commands::terminal::{eprintln_safe, println_safe};

mod sections;
use sections::{print_balance, print_comparison, print_recruits, print_service, print_strength};

/// The report options the flags ask for.
pub fn report_options(lang: Option<LangArg>, charts: ChartsArg) -> ReportOptions {
    ReportOptions {
        lang: lang.map(Lang::from),
        charts: match charts {
            ChartsArg::All => Some(Formats::SvgAndPng),
            ChartsArg::Svg => Some(Formats::Svg),
            ChartsArg::None => None,
        },
    }
}

/// The scenario `solve` runs when none is given.
pub const DEFAULT_SCENARIO: &str = "scenarios/baseline.toml";

pub fn run(args: SolveArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let path = args
        .scenario
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SCENARIO));
    let before = terminal::lang_before_data(args.lang, &path);
    if args.time_limit.is_some() && args.engine == EngineArg::Exact {
        anyhow::bail!(messages::time_limit_exact(before));
    }
    let mut loaded = pipeline::load_with(&path, &args.set.set)
        .with_context(|| messages::reading_scenario(before, &path.display().to_string()))?;
    let lang = terminal::lang(args.lang, &loaded.province);
    super::data_warnings(&loaded.warnings, args.strict, lang)
        .with_context(|| messages::reading_scenario(lang, &path.display().to_string()))?;
    if !global.quiet {
        base_point_note(&loaded, &path, &args.set.set, lang);
    }
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| pipeline::default_output_dir(&loaded.scenario));
    // One run at a time into a folder: a second is refused before solving.
    let _lock = staffing::output::lock(&dir)
        .with_context(|| messages::writing_plan(lang, &dir.display().to_string()))?;
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
                terminal::print_json(&json);
            }
            return Err(SolveError::Infeasible(reasons))
                .with_context(|| messages::no_plan(lang, &loaded.scenario.name));
        }
        Err(e) => return Err(e).context(messages::solving(lang)),
    };
    if args.compare_methods {
        solution = match pipeline::compare_methods(&loaded, engine, solution) {
            Ok(s) => s,
            Err(CompareError::Input(e)) => {
                return Err(e).context(messages::compare_methods_reading(lang));
            }
            Err(CompareError::Solve(e)) => {
                return Err(e).context(messages::compare_methods_solving(lang));
            }
        };
    }
    if solution.outcome.comparison.is_none() {
        release_stations(&mut loaded);
    }
    let options = report_options(args.lang, args.charts);
    let files = solution.files(loaded.unmerged.as_deref(), &options)?;
    staffing::output::write_folder(&dir, &files, &loaded.scenario.input_files())
        .with_context(|| messages::writing_plan(lang, &dir.display().to_string()))?;
    let mut summary = solution.outcome.summary.clone();
    summary.output_dir = Some(dir.display().to_string());
    summary.provenance.seconds = Some(started.elapsed().as_secs_f64());

    let recruits = &solution.outcome.recruits;
    if args.json {
        // The summary carries the recruits placed (`recruits`).
        terminal::print_json(&serde_json::to_value(&summary)?);
    } else if !global.quiet {
        print_human(&summary, &loaded, lang);
        if let Some(a) = recruits {
            print_recruits(a, &loaded, lang);
        }
        print_service(&summary, &loaded, lang);
        if let Some(c) = &solution.outcome.comparison {
            print_comparison(c, &loaded, lang);
        }
    }
    if summary.status == staffing::plan::Status::TimeLimit.as_str() {
        if !global.quiet {
            if engine == Engine::Exact {
                search_limit_note(lang);
            } else {
                time_limit_note(args.time_limit, lang);
            }
        }
        return Ok(ExitCode::from(staffing::error::exit::TIME_LIMIT));
    }
    Ok(ExitCode::SUCCESS)
}

/// Lets today's stations go once the plan is solved, before its files are
/// built. Past the solve they serve only to name the stations where two
/// methods differ (`--compare-methods`, which keeps them); the plan, its
/// files and the summary printed below carry their own copy of the data,
/// and the counties (named in the recruits' line) stay. A nation's 40,000
/// stations hold about 12 MiB, freed before the run's peak, which comes
/// while the files are built (about 5 MiB off the peak resident memory).
fn release_stations(loaded: &mut Loaded) {
    if let Some(province) = std::sync::Arc::get_mut(&mut loaded.province) {
        province.stations = Vec::new();
    }
}

/// A scenario with a `[sweep]` or `[sample]`: `solve` solves its base point
/// (the file's values) only, and says so on stderr, with the command that
/// runs the sweep.
fn base_point_note(loaded: &Loaded, path: &std::path::Path, sets: &[(String, String)], lang: Lang) {
    let table = &loaded.scenario.table;
    let (what, count) = if let Some(sweep) = table.get("sweep").and_then(|v| v.as_table()) {
        let mut base = table.clone();
        base.remove("sweep");
        let n = staffing::sweep::parse_spec(sweep, &base)
            .ok()
            .map(|spec| spec.points.len());
        ("[sweep]", n)
    } else if let Some(sample) = table.get("sample").and_then(|v| v.as_table()) {
        let n = sample
            .get("count")
            .and_then(|v| v.as_integer())
            .and_then(|n| usize::try_from(n).ok());
        ("[sample]", n)
    } else {
        return;
    };
    let file = path.display();
    let mut command = format!("staffing sweep {}", terminal::shell_word(&file.to_string()));
    for (key, value) in sets {
        command.push_str(" --set ");
        command.push_str(&terminal::shell_word(&format!("{key}={value}")));
    }
    let count = count.map_or(String::new(), |n| messages::solve_base_points(lang, n));
    eprintln_safe!(
        "{}",
        messages::solve_base_only(lang, &file.to_string(), what, &count, &command)
    );
}

/// What a plan of the exact engine is when a balance target's search
/// stopped at its work limit (ties between stations at the same rung), on
/// stderr.
fn search_limit_note(lang: Lang) {
    eprintln_safe!("{}", messages::solve_search_limit(lang));
}

/// What a plan at the MILP's time limit is, on stderr.
fn time_limit_note(limit: Option<f64>, lang: Lang) {
    let limit = limit.map_or(String::new(), |t| {
        messages::solve_time_limit_seconds(lang, t)
    });
    eprintln_safe!("{}", messages::solve_time_limit(lang, &limit));
}

fn fmt_level(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| messages::solve_unbounded(lang), |v| format!("{v:.4}"))
}

/// The files a solve writes, as the summary lists them.
const WROTE: [&str; 8] = [
    "allocation.csv",
    "counties.csv",
    "summary.json",
    "plan.xlsx",
    "transfers.csv",
    "compliance.csv",
    "binding.csv",
    "marginal.csv",
];

fn print_human(s: &staffing::outcome::Summary, loaded: &Loaded, lang: Lang) {
    let limiting: Vec<String> = s
        .binding_stations
        .iter()
        .take(5)
        .map(|b| {
            let dimension = messages::dimension(lang, &b.dimension);
            format!("{} {}{dimension}", b.station_id, b.name)
        })
        .collect();
    let more = s.binding_stations.len().saturating_sub(limiting.len());
    let status = terminal::status(&s.status, lang);
    let level = fmt_level(s.balance_level, lang);
    let aux_level = fmt_level(s.auxiliary_balance_level, lang);
    let budget = loaded.params.auxiliaries.total;
    let county_budgets =
        loaded.params.auxiliaries.budget_scope == staffing::domain::BudgetScope::County;
    // Officers seconded away (借调/抽调) are of the force but at no post.
    let away = s
        .strength
        .as_ref()
        .filter(|st| !st.recall_seconded && st.seconded > 0)
        .map_or(0, |st| st.seconded);
    let force = s.station_officers + s.hq_officers + away;
    let methods = if s.methods.is_some() {
        ["methods.csv", "method_stations.csv"].as_slice()
    } else {
        [].as_slice()
    };
    let fairness = match &s.balance {
        Some(b) if b.comparison.is_some() => ["fairness.csv", "targets.csv"].as_slice(),
        Some(_) => ["fairness.csv"].as_slice(),
        None => [].as_slice(),
    };
    let wrote: Vec<&str> = WROTE
        .iter()
        .copied()
        .chain(methods.iter().copied())
        .chain(fairness.iter().copied())
        .collect();
    let (st, cm) = (
        s.counties_meeting_station_share,
        s.counties_meeting_community_share,
    );
    let sep = messages::list_separator(lang);
    println_safe!("{}", messages::solve_scenario(lang, &s.scenario, &status));
    if let Some(w) = staffing::report::overrides_text(&s.provenance.overrides, lang) {
        println_safe!("{}", messages::solve_what_if(lang, &w));
    }
    println_safe!("{}", messages::solve_level(lang, &level));
    if !limiting.is_empty() {
        let tail = if more > 0 {
            messages::solve_limited_more(lang, more)
        } else {
            String::new()
        };
        println_safe!(
            "{}",
            messages::solve_limited(lang, &limiting.join(sep), &tail)
        );
    }
    for (id, r) in refills(s) {
        let refill = r.refill();
        println_safe!(
            "{}",
            messages::solve_refill(
                lang,
                id,
                &r.county_name,
                r.hq_today,
                r.hq_min,
                refill,
                plural(refill)
            )
        );
    }
    println_safe!("{}", messages::solve_moved(lang, s.officers_moved));
    if let Some(b) = &s.balance {
        print_balance(b, lang);
    }
    let away_text = if away > 0 {
        messages::solve_away(lang, away)
    } else {
        String::new()
    };
    println_safe!(
        "{}",
        messages::solve_officers(
            lang,
            s.station_officers,
            force,
            s.hq_officers,
            &away_text,
            s.community_officers
        )
    );
    println_safe!(
        "{}",
        messages::solve_quotas(lang, st.before, st.after, s.counties, cm.before, cm.after)
    );
    if let Some(strength) = &s.strength {
        print_strength(strength, s.counties, lang);
    }
    let h = &s.headline;
    if county_budgets {
        let cut = h.stations_cut_below_one_auxiliary_per_village as i64;
        println_safe!(
            "{}",
            messages::solve_auxiliaries_county(
                lang,
                s.auxiliaries,
                &aux_level,
                s.auxiliaries_changed,
                h.counties_with_fewer_posts_than_villages,
                s.counties,
                cut,
                plural(cut)
            )
        );
    } else {
        println_safe!(
            "{}",
            messages::solve_auxiliaries(
                lang,
                &aux_level,
                s.auxiliaries,
                budget,
                s.auxiliaries_changed
            )
        );
    }
    if let Some(dir) = &s.output_dir {
        println_safe!("{}", messages::solve_wrote(lang, dir, &wrote.join(sep)));
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The counties of the binding stations whose HQ is below its minimum
/// today, once each, by county id.
fn refills(s: &staffing::outcome::Summary) -> Vec<(&str, &staffing::outcome::HqRefill)> {
    let mut out: Vec<(&str, &staffing::outcome::HqRefill)> = Vec::new();
    for b in &s.binding_stations {
        if let Some(r) = &b.hq_refill {
            if !out.iter().any(|(id, _)| *id == b.county_id) {
                out.push((&b.county_id, r));
            }
        }
    }
    out
}
