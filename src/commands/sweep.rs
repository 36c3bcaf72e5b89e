//! `staffing sweep`: run every point of a scenario's `[sweep]` (or
//! `[sample]`) in parallel.
//!
//! Ctrl-C stops it cleanly: the points being solved finish and are recorded,
//! no new one starts, and the command prints the exact command that resumes
//! it (`--resume`) and exits with code 130. A second Ctrl-C stops at once
//! (a record being written is then left as a temporary file, which
//! `--resume` removes).

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;
use staffing::error::exit::INTERRUPTED;
use staffing::messages;
use staffing::report::Lang;
use staffing::sweep::exec::{self, Options};
use staffing::sweep::{Shard, SweepError};

use crate::cli::{GlobalArgs, SweepArgs};
use crate::commands::terminal;
use crate::commands::terminal::{eprintln_safe, println_safe};

/// Whether the handler's notice is in Chinese (set once the data are read).
static NOTICE_ZH: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C handler: the first press sets the flag the sweep
/// polls between points, a second one ends the process at once.
fn stop_on_ctrl_c(quiet: bool) -> Option<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let installed = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(INTERRUPTED));
        }
        if !quiet {
            let lang = if NOTICE_ZH.load(Ordering::SeqCst) {
                Lang::Zh
            } else {
                Lang::En
            };
            eprintln_safe!("{}", messages::sweep_stopping(lang));
        }
    });
    // Without a handler (none can be installed) Ctrl-C ends the process as
    // it always does; the records written so far still resume.
    installed.ok().map(|()| stop)
}

pub fn run(args: SweepArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let stop = stop_on_ctrl_c(global.quiet);
    let before = terminal::lang_before_data(args.lang, &args.scenario);
    let prep = exec::prepare_set(&args.scenario, &args.set.set)
        .with_context(|| messages::reading_sweep(before, &args.scenario.display().to_string()))?;
    let shard = match &args.shard {
        None => None,
        Some(s) => Some(
            Shard::parse(s)
                .map_err(|message| staffing::sweep::SweepError::Spec {
                    file: args.scenario.clone(),
                    message: format!("--shard {message}"),
                })
                .with_context(|| messages::reading_shard(before))?,
        ),
    };
    let lang = args
        .lang
        .map(Lang::from)
        .unwrap_or_else(|| exec::data_lang(&prep));
    terminal::set_error_lang(lang);
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if jobs == 0 {
        return Err(staffing::sweep::SweepError::Spec {
            file: args.scenario.clone(),
            message: messages::jobs_zero(lang),
        }
        .into());
    }
    let out = args.out.clone().unwrap_or_else(|| exec::default_out(&prep));
    NOTICE_ZH.store(lang == Lang::Zh, Ordering::SeqCst);
    let opts = Options {
        jobs,
        out: out.clone(),
        keep_plans: args.keep_plans,
        resume: args.resume,
        shard,
        progress: !global.quiet && std::io::stderr().is_terminal(),
        lang: args.lang.map(Lang::from),
        stop,
    };
    if opts.stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst)) {
        eprintln_safe!("{}", messages::sweep_interrupted_early(lang));
        return Ok(ExitCode::from(INTERRUPTED));
    }
    let report = match exec::run(&prep, &opts) {
        Ok(report) => report,
        Err(SweepError::Interrupted {
            dir,
            finished,
            selected,
        }) => {
            let resume = terminal::resume_command(std::env::args_os().skip(1));
            eprintln_safe!(
                "{}",
                messages::sweep_interrupted(
                    lang,
                    finished,
                    selected,
                    &dir.display().to_string(),
                    &resume
                )
            );
            return Ok(ExitCode::from(INTERRUPTED));
        }
        Err(e) => {
            return Err(e)
                .with_context(|| messages::running_sweep(lang, &out.display().to_string()))
        }
    };
    if !global.quiet {
        print_summary(&prep, &report, shard, &out, lang);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(
    prep: &exec::Prepared,
    report: &exec::Report,
    shard: Option<Shard>,
    out: &std::path::Path,
    lang: Lang,
) {
    let statuses: Vec<String> = report
        .statuses
        .iter()
        .map(|(s, n)| {
            // In English the status as sweep.csv writes it.
            let status = match lang {
                Lang::Zh => terminal::status(s, lang),
                Lang::En => s.to_string(),
            };
            messages::sweep_status(lang, &status, *n)
        })
        .collect();
    let scope = match shard {
        Some(s) => messages::sweep_shard(lang, s.index, s.count, report.selected),
        None => String::new(),
    };
    println_safe!(
        "{}",
        messages::sweep_done(
            lang,
            &prep.name,
            report.points,
            &scope,
            report.solved,
            report.reused,
            &statuses.join(messages::clause_separator(lang))
        )
    );
    if !report.unusable.is_empty() {
        println_safe!("{}", messages::sweep_unusable(lang, report.unusable.len()));
        for u in report.unusable.iter().take(10) {
            println_safe!(
                "    {}/{} {}",
                staffing::sweep::store::POINTS_DIR,
                u.file,
                u.problem.words(lang)
            );
        }
        if report.unusable.len() > 10 {
            println_safe!(
                "{}",
                messages::sweep_unusable_more(lang, report.unusable.len() - 10)
            );
        }
    }
    match &report.csv {
        Some(path) => println_safe!(
            "{}",
            messages::sweep_wrote(lang, &path.display().to_string())
        ),
        None => println_safe!(
            "{}",
            messages::sweep_wrote_shard(lang, &out.display().to_string())
        ),
    }
    if let Some(sample) = prep.sample_summary() {
        let robust_dir = out.join(staffing::sweep::store::ROBUST_DIR);
        match (&sample.robust, sample.envelope_level) {
            (Some(target), Some(level)) => {
                let moved = sample.officers_moved.unwrap_or(0);
                println_safe!(
                    "{}",
                    messages::sweep_robust(
                        lang,
                        &messages::robust_target(lang, target),
                        level,
                        moved,
                        &robust_dir.display().to_string()
                    )
                );
            }
            _ => {
                let note = sample.robust_note.as_deref().unwrap_or("");
                let note = match note.strip_prefix("no robust plan: `") {
                    _ if sample.robust_error.is_some() => {
                        robust_error_words(sample.robust_error.as_ref(), note, lang)
                    }
                    _ if note.is_empty() || note == "robust = \"none\"" => {
                        messages::robust_not_asked(lang)
                    }
                    Some(rest) => {
                        messages::robust_not_workload(lang, rest.split('`').next().unwrap_or(rest))
                    }
                    None => note.to_string(),
                };
                println_safe!("{}", messages::sweep_no_robust(lang, &note));
            }
        }
    }
}

/// Why a tried robust plan failed, in words: the typed errors through the
/// catalogue, any other as the library's `note`.
fn robust_error_words(e: Option<&staffing::sample::SampleError>, note: &str, lang: Lang) -> String {
    use staffing::sample::SampleError;
    match e {
        Some(SampleError::NoRobustPlan(why)) => messages::no_robust_plan(lang, &why.to_string()),
        Some(SampleError::RobustDutyFactor) => messages::robust_duty_factor(lang),
        _ => note.to_string(),
    }
}
