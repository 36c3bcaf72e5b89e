//! `staffing solve`: solve a scenario, write the plan, print a summary.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use staffing::messages;
use staffing::model::milp::MilpOptions;
use staffing::pipeline::{self, CompareError, Engine, Loaded, SolveError};
use staffing::plan::Recruits;
use staffing::report::{Formats, Lang, ReportOptions};

use crate::cli::{ChartsArg, EngineArg, GlobalArgs, LangArg, SolveArgs};
use crate::commands::terminal;
use crate::commands::terminal::{eprintln_safe, println_safe};

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
    let before = terminal::lang_before_data(args.lang, &path);
    let loaded = pipeline::load_with(&path, &args.set.set)
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
                return Err(e).context("--compare-methods");
            }
            Err(CompareError::Solve(e)) => {
                return Err(e).context("--compare-methods: solving with the other duty method");
            }
        };
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
            eprintln_safe!(
                "注意：{file} 含有 `{what}`{count}；本次只求解了基准点（文件中的取值，不含 `{what}` 中的取值）。运行全部点：{command}"
            );
        }
        Lang::En => {
            let count = count.map_or(String::new(), |n| format!(" of {n} points"));
            eprintln_safe!(
                "note: {file} has a {what} table{count}; this solved its base point only (the values in the file, without the {what} values). To run every point: {command}"
            );
        }
    }
}

/// What a plan of the exact engine is when a balance target's search
/// stopped at its work limit (ties between stations at the same rung), on
/// stderr.
fn search_limit_note(lang: Lang) {
    match lang {
        Lang::Zh => eprintln_safe!(
            "注意：均衡目标的逐步抬高在工作量上限内未能比较完所有并列的选择（许多派出所需求相同、只能抬高其中一部分）：方案可行，已通过独立校验并写出，但未证明最优（状态 time_limit，退出码 5）。[balance] target = \"province\" 可证明最优。"
        ),
        Lang::En => eprintln_safe!(
            "note: the balance target's filling stopped at its work limit before it compared every choice between tied stations (many stations with equal requirements, only some of which can rise): the plan is feasible, passed the independent checker and was written, but it is not proven optimal (status time_limit, exit code 5). [balance] target = \"province\" is proven."
        ),
    }
}

/// What a plan at the MILP's time limit is, on stderr.
fn time_limit_note(limit: Option<f64>, lang: Lang) {
    let limit = limit.map_or(String::new(), |t| format!(" ({t} s)"));
    match lang {
        Lang::Zh => eprintln_safe!(
            "注意：MILP 在时间限制{limit}内未完成求解：方案可行，已通过独立校验并写出，但未证明最优（状态 time_limit，退出码 5）。可加大 --time-limit，或使用默认的精确引擎（可证明最优）。"
        ),
        Lang::En => eprintln_safe!(
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
        let refill = match lang {
            Lang::Zh => r.refill().to_string(),
            Lang::En => plural(r.refill(), "officer", "officers"),
        };
        println_safe!(
            "{}",
            messages::solve_refill(lang, id, &r.county_name, r.hq_today, r.hq_min, &refill)
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
        let cut = match lang {
            Lang::Zh => cut.to_string(),
            Lang::En => plural(cut, "station", "stations"),
        };
        println_safe!(
            "{}",
            messages::solve_auxiliaries_county(
                lang,
                s.auxiliaries,
                &aux_level,
                s.auxiliaries_changed,
                h.counties_with_fewer_posts_than_villages,
                s.counties,
                &cut
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

/// A balance target in Chinese, with the value the scenario takes
/// (`[balance] target = "..."`) beside it.
fn target_zh(target: &str) -> String {
    let name = match target {
        "standard" => "警力下沉",
        "province" => "全省统一",
        "county" => "本县最优",
        "leximin" => "字典序",
        other => return other.to_string(),
    };
    format!("{name}（`{target}`）")
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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

/// The balance target and, when it ran, the comparison of the targets
/// (`[balance]`, docs/model-fairness.md): each target's moves, with the
/// price over the cheapest plan (`province`), its Gini and its stations
/// below 1.0.
fn print_balance(b: &staffing::outcome::BalanceSummary, lang: Lang) {
    let below = b
        .counties
        .iter()
        .filter(|c| match (c.lowest_level, c.best_level) {
            (Some(low), Some(best)) => low < best - staffing::numeric::tolerance(best),
            _ => false,
        })
        .count();
    let n = b.counties.len();
    let standard = b.target == "standard";
    let aux = |lang: Lang| match (lang, b.auxiliaries == b.target) {
        (Lang::Zh, true) => "，辅警同".to_string(),
        (Lang::Zh, false) => format!("，辅警：{}", target_zh(&b.auxiliaries)),
        (Lang::En, true) => ", auxiliaries too".to_string(),
        (Lang::En, false) => format!(", auxiliaries: {}", b.auxiliaries),
    };
    match (lang, standard) {
        (Lang::Zh, true) if b.stations_below_1 == 0 => println_safe!(
            "  均衡目标        {}，标准 {:.1}{}；每个派出所都覆盖工作量（1.0）",
            target_zh(&b.target),
            b.cap,
            aux(lang)
        ),
        (Lang::En, true) if b.stations_below_1 == 0 => println_safe!(
            "  balance target       {} (cap {:.1}){}; every station's workload covered (1.0)",
            b.target,
            b.cap,
            aux(lang)
        ),
        (Lang::Zh, true) => println_safe!(
            "  均衡目标        {}，标准 {:.1}{}；覆盖不足1.0的派出所 {} 个（binding.csv 列出各自的制约因素）",
            target_zh(&b.target),
            b.cap,
            aux(lang),
            b.stations_below_1
        ),
        (Lang::En, true) => println_safe!(
            "  balance target       {} (cap {:.1}){}; {} below 1.0 (binding.csv says what stops each)",
            b.target,
            b.cap,
            aux(lang),
            plural(b.stations_below_1 as i64, "station", "stations")
        ),
        (Lang::Zh, false) => println_safe!(
            "  均衡目标        {}{}；{below} 个县局（共 {n} 个）有派出所低于本县可达水平",
            target_zh(&b.target),
            aux(lang)
        ),
        (Lang::En, false) => println_safe!(
            "  balance target       {}{}; {below} of {n} counties have a station below their own best level",
            b.target,
            aux(lang)
        ),
    }
    let rows = b.comparison.iter().flatten();
    let cheapest = b
        .comparison
        .iter()
        .flatten()
        .find(|t| t.target == "province")
        .map(|t| t.officers_moved);
    for (i, t) in rows.enumerate() {
        let gini = t.gini.map_or("—".into(), |g| format!("{g:.3}"));
        let mine = t.target == b.target;
        let price = match cheapest {
            Some(c) if t.target != "province" => match lang {
                Lang::Zh => format!("（多 {}）", t.officers_moved - c),
                Lang::En => format!(" (+{})", t.officers_moved - c),
            },
            _ => String::new(),
        };
        match lang {
            Lang::Zh => println_safe!(
                "  {}{} 调动 {:>6} 人{price}，基尼系数 {gini}，覆盖不足1.0的派出所 {} 个{}",
                // Labels take 16 columns; a Chinese character takes two.
                if i == 0 {
                    "目标比较        "
                } else {
                    "                "
                },
                super::terminal::left(&target_zh(&t.target), 20),
                t.officers_moved,
                t.stations_below_1,
                if mine {
                    "（本方案）"
                } else if t.target == "province" {
                    "（调动最少）"
                } else {
                    ""
                }
            ),
            Lang::En => println_safe!(
                "  {:<20} {:<8} {:>6} moved{price}, Gini {gini}, {} stations below 1.0{}",
                if i == 0 { "targets compared" } else { "" },
                t.target,
                t.officers_moved,
                t.stations_below_1,
                if mine {
                    "  (this plan)"
                } else if t.target == "province" {
                    "  (the fewest moves)"
                } else {
                    ""
                }
            ),
        }
    }
}

fn clock(hour: usize) -> String {
    format!("{hour:02}:00")
}

fn print_service(s: &staffing::outcome::Summary, loaded: &Loaded, lang: Lang) {
    let (Some(service), Some(standard)) = (&s.service, &loaded.params.workload.service) else {
        return;
    };
    let how = if service.method == "erlang-c" {
        messages::service_how_erlang(
            lang,
            loaded.params.workload.reactive_share,
            loaded.params.workload.hours_per_call,
        )
    } else {
        messages::service_how_hours(lang)
    };
    println_safe!(
        "{}",
        messages::service_standard(
            lang,
            &staffing::report::service::standard_in_words(standard, lang)
        )
    );
    let auxiliaries = if service.auxiliaries_per_unit > 0.0 {
        messages::service_auxiliaries(lang, service.auxiliary_duty_need)
    } else {
        String::new()
    };
    println_safe!(
        "{}",
        messages::service_need(lang, service.duty_requirement, &auxiliaries, &how)
    );
    let pools = if service.pools > 0 {
        messages::service_pools(lang, service.pools, service.pool_units)
    } else {
        String::new()
    };
    println_safe!(
        "{}",
        messages::service_floor(lang, service.stations_at_one_unit, &pools)
    );
    let worst = service
        .worst_stations
        .first()
        .map(|w| {
            messages::service_worst(
                lang,
                &w.station_id,
                &w.name,
                w.wait_probability_peak,
                &clock(w.busiest_hour),
            )
        })
        .unwrap_or_default();
    println_safe!(
        "{}",
        messages::service_meeting(
            lang,
            service.stations_meeting_standard.before,
            service.stations_meeting_standard.after,
            s.stations,
            &worst
        )
    );
}

/// How many of the differing stations the terminal shows.
const DIFFERING_SHOWN: usize = 5;

fn print_comparison(c: &staffing::outcome::MethodComparison, loaded: &Loaded, lang: Lang) {
    use terminal::{left, right};
    println_safe!("{}", messages::methods_title(lang));
    println_safe!(
        "  {} {} {} {} {} {}",
        left(&messages::methods_method(lang), 9),
        right(&messages::methods_level(lang), 8),
        right(&messages::methods_moved(lang), 8),
        right(&messages::methods_short(lang), 19),
        right(&messages::methods_duty(lang), 12),
        right(&messages::methods_meeting(lang), 21)
    );
    for m in &c.methods {
        println_safe!(
            "  {:<9} {:>8} {:>8} {} {:>12.1} {:>21}",
            m.method,
            m.balance_level
                .map_or("-".to_string(), |v| format!("{v:.4}")),
            m.officers_moved,
            right(
                &m.officers_short_of_level_one
                    .map_or_else(|| messages::methods_unreachable(lang), |v| v.to_string()),
                19
            ),
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
        println_safe!(
            "{}",
            messages::methods_differ(lang, &shown.join(lang.pick("，", ", ")), c.stations.len())
        );
    }
}

fn print_strength(st: &staffing::outcome::StrengthSummary, counties: usize, lang: Lang) {
    let pct = |v: f64| format!("{:.1}%", v * 100.0);
    let recalled = if st.recall_seconded {
        messages::strength_recalled(lang)
    } else {
        String::new()
    };
    println_safe!(
        "{}",
        messages::strength_books(
            lang,
            st.station_officers_books,
            st.nominal,
            st.seconded,
            &recalled,
            st.station_officers_real,
            st.restricted
        )
    );
    let three = |a: String, b: String, c: String| format!("{a} → {b} → {c}");
    let counts = |a: usize, b: usize, c: usize| format!("{a}→{b}→{c}");
    println_safe!(
        "{}",
        messages::strength_shares(
            lang,
            &three(
                pct(st.station_share.paper),
                pct(st.station_share.real),
                pct(st.station_share.after)
            ),
            &counts(
                st.counties_meeting_station_share.paper,
                st.counties_meeting_station_share.real,
                st.counties_meeting_station_share.after
            ),
            counties,
            &three(
                pct(st.community_share.paper),
                pct(st.community_share.real),
                pct(st.community_share.after)
            ),
            &counts(
                st.counties_meeting_community_share.paper,
                st.counties_meeting_community_share.real,
                st.counties_meeting_community_share.after
            ),
        )
    );
    let ratio = |v: Option<f64>| v.map_or("—".to_string(), |r| format!("1:{r:.2}"));
    let cover = |v: Option<f64>| v.map_or("—".to_string(), pct);
    let t = &st.two_teams_one_room;
    println_safe!(
        "{}",
        messages::strength_teams(
            lang,
            t.viable.before,
            t.viable.after,
            t.stations,
            &ratio(st.auxiliary_ratio.before),
            &ratio(st.auxiliary_ratio.after),
            &ratio(st.auxiliary_ratio_force.before),
            &ratio(st.auxiliary_ratio_force.after),
            &cover(st.village_coverage.before),
            &cover(st.village_coverage.after)
        )
    );
}

fn print_recruits(a: &Recruits, loaded: &Loaded, lang: Lang) {
    let placed: Vec<String> = loaded
        .province
        .counties
        .iter()
        .zip(&a.per_county)
        .filter(|(_, r)| **r > 0)
        .map(|(c, r)| {
            if c.name.is_empty() {
                format!("{} +{r}", c.id)
            } else {
                format!("{} {} +{r}", c.id, c.name)
            }
        })
        .collect();
    match lang {
        Lang::Zh => {
            println_safe!(
                "  新招民警        分配 {} 人：{}",
                a.used,
                if placed.is_empty() {
                    "无需分配".to_string()
                } else {
                    placed.join("，")
                }
            );
            if a.leftover > 0 {
                println_safe!(
                    "                  另有 {} 人无法再提高均衡水平，未分配",
                    a.leftover
                );
            }
        }
        Lang::En => {
            println_safe!(
                "  recruits             {} placed: {}",
                a.used,
                if placed.is_empty() {
                    "none needed".to_string()
                } else {
                    placed.join(", ")
                }
            );
            if a.leftover > 0 {
                println_safe!(
                    "                       {} more cannot raise the balance level and are left unplaced",
                    a.leftover
                );
            }
        }
    }
}
