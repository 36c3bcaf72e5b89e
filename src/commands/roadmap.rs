//! `staffing roadmap`: plan several years into a folder, print the
//! trajectory.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use staffing::roadmap::exec::{self, Event, HorizonFound, Options, Report, Search, TargetFound};
use staffing::roadmap::trust::Distrust;
use staffing::roadmap::{prepare_with, RoadmapError};
use staffing::scenario::roadmap::RoadmapMode;

use staffing::messages;
use staffing::report::Lang;

use crate::cli::{GlobalArgs, RoadmapArgs, RoadmapModeArg};
use crate::commands::solve::report_options;
use crate::commands::terminal;
use crate::commands::terminal::{eprintln_safe, println_safe};

/// The scenario `roadmap` runs when none is given.
pub const DEFAULT_SCENARIO: &str = "scenarios/roadmap.toml";

fn fmt_level(v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| messages::roadmap_any_level(lang), |v| format!("{v:.4}"))
}

/// A mode in words.
fn mode_words(mode: RoadmapMode, lang: Lang) -> String {
    match mode {
        RoadmapMode::Horizon => messages::roadmap_horizon(lang),
        RoadmapMode::Myopic => messages::roadmap_myopic(lang),
    }
}

/// Why a kept record is planned again, in words.
fn distrust_words(why: &Distrust, lang: Lang) -> String {
    match why {
        Distrust::NotNextYear { year, before } => {
            messages::distrust_not_next_year(lang, *year, *before)
        }
        Distrust::RowStart => messages::distrust_row_start(lang),
        Distrust::NotANumber { column } => messages::distrust_not_a_number(lang, column),
        Distrust::Message => messages::distrust_message(lang),
        Distrust::CountyRow { county, year } => {
            messages::distrust_county_row(lang, &county.escape_debug().to_string(), *year)
        }
        Distrust::CountyNumbers { county } => {
            messages::distrust_county_numbers(lang, &county.escape_debug().to_string())
        }
        Distrust::Constants => messages::distrust_constants(lang),
        Distrust::NotAForce => messages::distrust_not_a_force(lang),
        Distrust::OtherYear => messages::distrust_other_year(lang),
        Distrust::Negative { station } => messages::distrust_negative(lang, station),
        Distrust::Cohorts { county, sum, count } => {
            messages::distrust_cohorts(lang, county, *sum, *count)
        }
        Distrust::Ledger { county } => messages::distrust_ledger(lang, county),
        Distrust::LacksCount { county } => messages::distrust_lacks_count(lang, county),
        Distrust::Conservation {
            county,
            start,
            retired,
            left,
            recruits,
            end,
            before,
            after,
        } => messages::distrust_conservation(
            lang, county, *start, *retired, *left, *recruits, *end, *before, *after,
        ),
        Distrust::Placed { county } => messages::distrust_placed(lang, county),
        Distrust::NotTheSum { column, sum } => messages::distrust_not_the_sum(lang, column, *sum),
        Distrust::Bands => messages::distrust_bands(lang),
        Distrust::Unplannable => messages::distrust_unplannable(lang),
        Distrust::Differs {
            column,
            kept,
            derived,
        } => messages::distrust_differs(lang, column, kept, derived),
        Distrust::CountyDiffers {
            county,
            column,
            kept,
            derived,
        } => messages::distrust_county_differs(lang, county, column, kept, derived),
        Distrust::Force => messages::distrust_force(lang),
    }
}

/// What the `--target-level` search found, in words.
fn target_words(t: &TargetFound, lang: Lang) -> String {
    match (t.proven, t.mode) {
        (true, RoadmapMode::Horizon) => messages::roadmap_target_horizon(lang, t.fewest, t.level),
        (true, RoadmapMode::Myopic) => messages::roadmap_target_myopic(lang, t.fewest, t.level),
        (false, mode) => messages::roadmap_target_bisected(
            lang,
            t.fewest,
            t.level,
            &mode_words(mode, lang),
            t.peak,
            t.peak - 1,
        ),
    }
}

/// A line of what the run reports as it goes.
fn event_line(e: Event, lang: Lang) -> String {
    match e {
        Event::Progress {
            search,
            checks,
            limit,
            seconds,
        } => {
            let search = match search {
                Search::FromStart => messages::roadmap_search_start(lang),
                Search::FromYear(year) => messages::roadmap_search_year(lang, year),
            };
            messages::roadmap_progress(lang, &search, checks, limit, seconds)
        }
        Event::YearStopped { year, limit } => messages::roadmap_year_stopped(lang, year, limit),
        Event::Horizon(HorizonFound::Stopped {
            limit,
            worst,
            bound,
            sum,
            sum_bound,
        }) => messages::roadmap_horizon_stopped(lang, limit, worst, bound, sum, sum_bound),
        Event::Horizon(HorizonFound::Finished {
            worst,
            sum,
            sum_bound,
            proven,
            checks,
        }) => {
            let proven = if proven {
                messages::roadmap_proven(lang)
            } else {
                messages::roadmap_not_proven(lang)
            };
            messages::roadmap_horizon_finished(lang, worst, sum, sum_bound, &proven, checks)
        }
        Event::Horizon(HorizonFound::NoWorkload) => messages::roadmap_horizon_no_workload(lang),
        Event::Target(t) => messages::roadmap_target_found(lang, &target_words(&t, lang)),
        Event::PlannedAgain { year, record, why } => {
            messages::roadmap_planned_again(lang, year, &record, &distrust_words(&why, lang))
        }
        Event::Kept(year) => messages::roadmap_kept(lang, year),
        Event::Year {
            year,
            level,
            recruits,
            retirements,
            leavers,
            moved,
        } => messages::roadmap_year(
            lang,
            year,
            &fmt_level(level, lang),
            recruits,
            retirements,
            leavers,
            moved,
        ),
    }
}

pub fn run(args: RoadmapArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let path = args
        .scenario
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SCENARIO));
    let lang = terminal::lang_before_data(args.lang, &path);
    let prep = prepare_with(&path, &args.set.set)
        .map_err(RoadmapError::Input)
        .with_context(|| messages::reading_roadmap(lang, &path.display().to_string()))?;
    let lang = terminal::lang(args.lang, &prep.loaded.province);
    super::data_warnings(&prep.loaded.warnings, args.strict, lang)
        .with_context(|| messages::reading_roadmap(lang, &path.display().to_string()))?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if jobs == 0 {
        return Err(RoadmapError::Input(staffing::error::InputError::Scenario {
            file: path.clone(),
            message: messages::jobs_zero(lang),
        })
        .into());
    }
    if let Some(l) = args.target_level {
        let valid = staffing::numeric::TARGET_LEVEL;
        if !valid.contains(l) {
            return Err(RoadmapError::Input(staffing::error::InputError::Scenario {
                file: path.clone(),
                message: messages::target_level_invalid(
                    lang,
                    &staffing::numeric::show(l),
                    &staffing::numeric::show(valid.min),
                    &staffing::numeric::show(valid.max),
                ),
            })
            .into());
        }
    }
    let out = args.out.clone().unwrap_or_else(|| exec::default_out(&prep));
    let opts = Options {
        out: out.clone(),
        resume: args.resume,
        jobs,
        report: report_options(args.lang, args.charts),
        mode: args.mode.map(|m| match m {
            RoadmapModeArg::Myopic => RoadmapMode::Myopic,
            RoadmapModeArg::Horizon => RoadmapMode::Horizon,
        }),
        target_level: args.target_level,
    };
    let quiet = global.quiet;
    let emit = move |e: Event| {
        if quiet {
            return;
        }
        let line = event_line(e, lang);
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            staffing::error::escape_hidden(&line)
        );
    };
    let result = exec::execute(&prep, &opts, &emit);
    let report = match result {
        Ok(r) => r,
        Err(RoadmapError::Infeasible { year, reason }) => {
            // The years before it were planned and written.
            let written = out.join(staffing::roadmap::store::ROADMAP_CSV).exists();
            if args.json {
                let json = serde_json::json!({
                    "scenario": prep.loaded.scenario.name,
                    "status": "infeasible",
                    "year": year,
                    "reason": reason.to_string(),
                    "output_dir": written.then(|| out.display().to_string()),
                });
                terminal::print_json(&json);
            } else if written && year > prep.spec.start_year {
                // (When the first year fails, no year was planned.)
                eprintln_safe!(
                    "{}",
                    messages::roadmap_years_before(lang, year, &out.display().to_string())
                );
            }
            return Err(RoadmapError::Infeasible { year, reason })
                .with_context(|| messages::roadmap_no_plan(lang, &prep.loaded.scenario.name));
        }
        Err(e) => {
            return Err(e)
                .with_context(|| messages::running_roadmap(lang, &out.display().to_string()))
        }
    };
    if args.json {
        let mut summary = report.summary.clone();
        summary.output_dir = Some(out.display().to_string());
        summary.provenance.seconds = Some(started.elapsed().as_secs_f64());
        terminal::print_json(&serde_json::to_string(&summary)?);
    } else if !global.quiet {
        print_human(&report, &out, &prep.ages.source.describe_in(lang), lang);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_human(r: &Report, out: &std::path::Path, ages: &str, lang: Lang) {
    let s = &r.summary;
    let last = s.start_year + s.years as i32 - 1;
    let mode = match s.mode.as_str() {
        "horizon" => mode_words(RoadmapMode::Horizon, lang),
        _ => mode_words(RoadmapMode::Myopic, lang),
    };
    println_safe!(
        "{}",
        messages::roadmap_head(lang, &s.scenario, s.years, s.start_year, last, &mode, ages)
    );
    print_years(r, lang);
    let force_end = s.force_end.map_or("-".into(), |e| e.to_string());
    match (s.worst_year, s.worst_balance_level) {
        (Some(y), Some(l)) => println_safe!("{}", messages::roadmap_worst(lang, y, l)),
        _ => println_safe!("{}", messages::roadmap_no_worst(lang)),
    }
    println_safe!(
        "{}",
        messages::roadmap_force(
            lang,
            s.force_start,
            &force_end,
            s.recruits,
            s.retirements,
            s.leavers,
            s.officers_moved
        )
    );
    if let Some(h) = &s.horizon {
        println_safe!("{}", horizon_status(h, lang));
    }
    if let Some(tg) = &s.target {
        let proven = if tg.proven {
            messages::roadmap_target_proven(lang)
        } else {
            messages::roadmap_target_not_proven(lang)
        };
        let recruits: Vec<String> = tg.recruits_per_year.iter().map(i64::to_string).collect();
        println_safe!(
            "{}",
            messages::roadmap_target(
                lang,
                tg.level,
                &recruits.join(messages::list_separator(lang)),
                tg.peak_recruits,
                tg.fewest_any_placement,
                &proven
            )
        );
    }
    if r.kept > 0 {
        println_safe!("{}", messages::roadmap_resumed(lang, r.kept, r.planned));
    }
    println_safe!(
        "{}",
        messages::roadmap_wrote(lang, &out.display().to_string())
    );
}

/// What the horizon plan proves, from `summary.json`'s values.
fn horizon_status(h: &staffing::roadmap::exec::HorizonSummary, lang: Lang) -> String {
    let level = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.4}"));
    match h.status.as_str() {
        "optimal" => messages::roadmap_status_optimal(lang, &level(h.worst_level), h.sum_of_levels),
        "worst_year_optimal" => messages::roadmap_status_worst_year(
            lang,
            &level(h.worst_level),
            h.sum_of_levels,
            h.sum_of_levels_bound,
        ),
        _ => {
            let relaxed = if h.relaxed.is_empty() {
                String::new()
            } else {
                messages::roadmap_status_relaxed(lang, h.relaxed.len())
            };
            messages::roadmap_status_not_proven(
                lang,
                &level(h.worst_level_bound),
                &level(h.worst_level),
                h.sum_of_levels,
                h.sum_of_levels_bound,
                h.checks,
                &relaxed,
            )
        }
    }
}

/// The table of years: one line a year (a year without a plan says so).
fn print_years(r: &Report, lang: Lang) {
    let head = [
        messages::roadmap_col_year(lang),
        messages::roadmap_col_level(lang),
        messages::roadmap_col_moved(lang),
        messages::roadmap_col_force_start(lang),
        messages::roadmap_col_recruits(lang),
        messages::roadmap_col_retired(lang),
        messages::roadmap_col_left(lang),
        messages::roadmap_col_force_end(lang),
        messages::roadmap_col_quotas(lang),
    ];
    const WIDTHS: [usize; 9] = [4, 8, 6, 11, 8, 7, 8, 9, 13];
    let line = |cells: [String; 9]| {
        let cells: Vec<String> = cells
            .iter()
            .zip(WIDTHS)
            .map(|(c, w)| terminal::right(c, w))
            .collect();
        println_safe!("  {}", cells.join("  "));
    };
    line(head);
    let t = &r.table;
    for row in 0..t.rows.len() {
        let c = |col: &str| t.text(row, col).to_string();
        if c("status") == "infeasible" {
            println_safe!(
                "{}",
                messages::roadmap_year_no_plan(
                    lang,
                    &terminal::right(&c("year"), 4),
                    &c("message")
                )
            );
            continue;
        }
        line([
            c("year"),
            t.number(row, "balance_level")
                .map_or("-".into(), |v| format!("{v:.4}")),
            c("officers_moved"),
            c("force_start"),
            c("recruits"),
            c("retirements"),
            c("leavers"),
            c("force_end"),
            messages::roadmap_quotas_met(
                lang,
                &c("counties_meeting_station_share"),
                &c("counties_meeting_community_share"),
                &c("counties"),
            ),
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event the run can report, with values a reader can find.
    fn events() -> Vec<Event> {
        vec![
            Event::Progress {
                search: Search::FromYear(2027),
                checks: 1200,
                limit: 20000,
                seconds: 5.2,
            },
            Event::Progress {
                search: Search::FromStart,
                checks: 900,
                limit: 20000,
                seconds: 10.0,
            },
            Event::YearStopped {
                year: 2027,
                limit: 50,
            },
            Event::Horizon(HorizonFound::Stopped {
                limit: 50,
                worst: 0.91,
                bound: 0.95,
                sum: 4.5,
                sum_bound: 4.75,
            }),
            Event::Horizon(HorizonFound::Finished {
                worst: 0.91,
                sum: 4.5,
                sum_bound: 4.5,
                proven: true,
                checks: 1343,
            }),
            Event::Horizon(HorizonFound::NoWorkload),
            Event::Target(TargetFound {
                level: 0.9,
                fewest: 914,
                peak: 914,
                proven: true,
                mode: RoadmapMode::Horizon,
            }),
            Event::Target(TargetFound {
                level: 0.9,
                fewest: 900,
                peak: 950,
                proven: false,
                mode: RoadmapMode::Myopic,
            }),
            Event::PlannedAgain {
                year: 2026,
                record: "years/2026.json".into(),
                why: Distrust::OtherYear,
            },
        ]
    }

    #[test]
    fn the_english_lines_say_what_the_search_did() {
        let en: Vec<String> = events()
            .into_iter()
            .map(|e| event_line(e, Lang::En))
            .collect();
        assert_eq!(
            en,
            [
                "  horizon: 2027 (the years from it): 1200 reachability checks so far (at most 20000), 5 s",
                "  horizon: every year from the start: 900 reachability checks so far (at most 20000), 10 s",
                "  horizon: 2027 (the years from it): stopped at roadmap.horizon_checks = 50; the year takes the best placement found (not proven optimal)",
                "  horizon: stopped at roadmap.horizon_checks = 50 reachability checks: every year can reach level 0.9100, no placement more than 0.9500; sum of levels 4.5000 (bound 4.7500); not proven optimal",
                "  horizon: every year can reach level 0.9100 at best; sum of levels 4.5000 (bound 4.5000, proven), 1343 reachability checks",
                "  horizon: no year has workload; every level is reached",
                "  target: 914 recruits in the peak year is the fewest with which any placement keeps every year at level ≥ 0.9, and the horizon placement does",
                "  target: any placement needs at least 900 recruits in the peak year to keep every year at level ≥ 0.9; the myopic placement needs 950 (found by bisection on the full model and checked: 950 keeps the level, 949 does not; not proven the fewest, because placement is not monotone in the number of recruits)",
                "  2026: planned again: its record (years/2026.json) does not agree with this run: it holds the force of another year",
            ]
        );
    }

    #[test]
    fn the_chinese_lines_carry_the_same_values_in_chinese() {
        let zh: Vec<String> = events()
            .into_iter()
            .map(|e| event_line(e, Lang::Zh))
            .collect();
        assert_eq!(
            zh[0],
            "  全期统筹：2027 年及以后各年：已做可达性检查 1200 次（最多 20000 次），5 秒"
        );
        assert!(zh[3].contains("roadmap.horizon_checks = 50 次可达性检查即停止"));
        assert!(zh[3].contains("均衡水平 0.9100，任何分配都不超过 0.9500"));
        assert!(zh[4].contains("上界 4.5000，已证明"));
        assert!(zh[7].contains("逐年规划（`myopic`）的分配需要 950 人"));
        assert!(zh[7].contains("949 人达不到"));
        // Outside keys, quoted values and the library's reason of a record
        // (the last line), no English word.
        for line in &zh[..zh.len() - 1] {
            let plain: String = line
                .split('`')
                .step_by(2)
                .collect::<Vec<_>>()
                .join(" ")
                .replace("roadmap.horizon_checks", "");
            assert!(
                !plain
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .any(|w| w.len() > 1),
                "{line}"
            );
        }
    }
}
