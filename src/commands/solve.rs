//! `staffing solve`: solve a scenario, write the plan, print a summary.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use staffing::model::milp::MilpOptions;
use staffing::pipeline::{self, Engine, Loaded, SolveError};
use staffing::plan::Recruits;
use staffing::report::{Formats, Lang, ReportOptions};

use crate::cli::{ChartsArg, EngineArg, GlobalArgs, LangArg, SolveArgs};
use crate::commands::terminal;

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
    if args.time_limit.is_some() && args.engine == EngineArg::Exact {
        anyhow::bail!(
            "--time-limit applies to --engine milp only; the exact engine (the default) needs no limit: add --engine milp or drop --time-limit"
        );
    }
    let loaded = pipeline::load_with(&path, &args.set.set)
        .with_context(|| format!("reading scenario {}", path.display()))?;
    let lang = terminal::lang(args.lang, &loaded.province);
    if !global.quiet {
        base_point_note(&loaded, &path, &args.set.set, lang);
    }
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
    } else if !global.quiet {
        print_human(&summary, &loaded, lang);
        if let Some(a) = recruits {
            print_recruits(a, &loaded, lang);
        }
    }
    if summary.status == staffing::plan::Status::TimeLimit.as_str() {
        if !global.quiet {
            time_limit_note(args.time_limit, lang);
        }
        return Ok(ExitCode::from(staffing::error::exit::TIME_LIMIT));
    }
    Ok(ExitCode::SUCCESS)
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
    match lang {
        Lang::Zh => {
            let count = count.map_or(String::new(), |n| format!("（{n} 个点）"));
            eprintln!(
                "注意：{file} 含有 {what}{count}；本次只求解了基准点（文件中的取值，不含{what}中的取值）。运行全部点：{command}"
            );
        }
        Lang::En => {
            let count = count.map_or(String::new(), |n| format!(" of {n} points"));
            eprintln!(
                "note: {file} has a {what} table{count}; this solved its base point only (the values in the file, without the {what} values). To run every point: {command}"
            );
        }
    }
}

/// What a plan at the MILP's time limit is, on stderr.
fn time_limit_note(limit: Option<f64>, lang: Lang) {
    let limit = limit.map_or(String::new(), |t| format!(" ({t} s)"));
    match lang {
        Lang::Zh => eprintln!(
            "注意：MILP 在时间限制{limit}内未完成求解：方案可行，已通过独立校验并写出，但未证明最优（状态 time_limit，退出码 5）。可加大 --time-limit，或使用默认的精确引擎（可证明最优）。"
        ),
        Lang::En => eprintln!(
            "note: the MILP stopped at its time limit{limit}: the plan is feasible, passed the independent checker and was written, but it is not proven optimal (status time_limit, exit code 5). Give a longer --time-limit, or use the exact engine (the default), which proves the optimum."
        ),
    }
}

fn fmt_level(v: Option<f64>, lang: Lang) -> String {
    v.map_or(
        lang.pick("无上限（没有工作量）", "unbounded (no workload)")
            .into(),
        |v| format!("{v:.4}"),
    )
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
            let dimension = match (lang, b.dimension.as_str()) {
                (Lang::Zh, "duty") => "接处警",
                (Lang::Zh, "community") => "社区警务",
                (_, d) => d,
            };
            match lang {
                Lang::Zh => format!("{} {}（{dimension}）", b.station_id, b.name),
                Lang::En => format!("{} {} ({dimension})", b.station_id, b.name),
            }
        })
        .collect();
    let more = s.binding_stations.len().saturating_sub(limiting.len());
    let status = terminal::status(&s.status, lang);
    let level = fmt_level(s.balance_level, lang);
    let aux_level = fmt_level(s.auxiliary_balance_level, lang);
    let budget = loaded.params.auxiliaries.total;
    let force = s.station_officers + s.hq_officers;
    let (st, cm) = (
        s.counties_meeting_station_share,
        s.counties_meeting_community_share,
    );
    match lang {
        Lang::Zh => {
            println!("情景 {}：{status}", s.scenario);
            println!("  均衡水平        {level}（1.0 = 每个派出所的工作量全部覆盖）");
            if !limiting.is_empty() {
                let tail = if more > 0 {
                    format!(" 等，另有 {more} 个")
                } else {
                    String::new()
                };
                println!("  受限于          {}{tail}", limiting.join("、"));
            }
            println!("  调动民警        {} 人", s.officers_moved);
            println!(
                "  派出所民警      {} 人（全部民警 {force} 人，机关 {} 人）；社区民警 {} 人",
                s.station_officers, s.hq_officers, s.community_officers
            );
            println!(
                "  两个40%：派出所警力占比达标县局 {}→{} 个（共 {} 个），社区民警占比达标 {}→{} 个",
                st.before, st.after, s.counties, cm.before, cm.after
            );
            println!(
                "  辅警            均衡水平 {aux_level}，{} 人（编制 {budget}），调整 {} 人",
                s.auxiliaries, s.auxiliaries_changed
            );
            if let Some(dir) = &s.output_dir {
                println!(
                    "  已写入          {dir}/（report.html、图表、{}）",
                    WROTE.join("、")
                );
            }
        }
        Lang::En => {
            println!("scenario {}: {status}", s.scenario);
            println!("  balance level        {level}  (1.0 = every station's workload covered)");
            if !limiting.is_empty() {
                let tail = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                println!("  limited by           {}{tail}", limiting.join(", "));
            }
            println!("  officers moved       {}", s.officers_moved);
            println!(
                "  station officers     {} of {force} (HQ {}); community officers {}",
                s.station_officers, s.hq_officers, s.community_officers
            );
            println!(
                "  两个40%: station share met in {}→{} of {} counties, community share in {}→{}",
                st.before, st.after, s.counties, cm.before, cm.after
            );
            println!(
                "  auxiliaries          level {aux_level}, {} posts of a budget of {budget}, {} changed",
                s.auxiliaries, s.auxiliaries_changed
            );
            if let Some(dir) = &s.output_dir {
                println!(
                    "  wrote                {dir}/ (report.html, charts, {})",
                    WROTE.join(", ")
                );
            }
        }
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

fn print_recruits(a: &Recruits, loaded: &Loaded, lang: Lang) {
    let placed: Vec<String> = loaded
        .province
        .counties
        .iter()
        .zip(&a.per_county)
        .filter(|(_, r)| **r > 0)
        .map(|(c, r)| format!("{} +{r}", c.id))
        .collect();
    match lang {
        Lang::Zh => {
            println!(
                "  新招民警        分配 {} 人：{}",
                a.used,
                if placed.is_empty() {
                    "无需分配".to_string()
                } else {
                    placed.join("，")
                }
            );
            if a.leftover > 0 {
                println!(
                    "                  另有 {} 人无法再提高均衡水平，未分配",
                    a.leftover
                );
            }
        }
        Lang::En => {
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
    }
}
