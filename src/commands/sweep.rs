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
            if NOTICE_ZH.load(Ordering::SeqCst) {
                eprintln_safe!("\n正在停止：正在求解的点完成后记录结果（再按 Ctrl-C 立即停止）");
            } else {
                eprintln_safe!(
                    "\nstopping: the points being solved finish and are recorded (Ctrl-C again stops at once)"
                );
            }
        }
    });
    // Without a handler (none can be installed) Ctrl-C ends the process as
    // it always does; the records written so far still resume.
    installed.ok().map(|()| stop)
}

pub fn run(args: SweepArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let stop = stop_on_ctrl_c(global.quiet);
    let prep = exec::prepare_set(&args.scenario, &args.set.set)
        .with_context(|| format!("reading sweep scenario {}", args.scenario.display()))?;
    let shard = match &args.shard {
        None => None,
        Some(s) => Some(
            Shard::parse(s)
                .map_err(|message| staffing::sweep::SweepError::Spec {
                    file: args.scenario.clone(),
                    message: format!("--shard {message}"),
                })
                .context("reading --shard")?,
        ),
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if jobs == 0 {
        return Err(staffing::sweep::SweepError::Spec {
            file: args.scenario.clone(),
            message: "--jobs 0: give at least 1 worker".into(),
        }
        .into());
    }
    let out = args.out.clone().unwrap_or_else(|| exec::default_out(&prep));
    let lang = args
        .lang
        .map(Lang::from)
        .unwrap_or_else(|| data_lang(&prep));
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
        eprintln_safe!(
            "{}",
            lang.pick(
                "已中断：扫描尚未开始，未写入任何文件。",
                "interrupted before the sweep started; nothing was written."
            )
        );
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
            match lang {
                Lang::Zh => eprintln_safe!(
                    "已中断：{selected} 个点中已完成 {finished} 个，结果已记录在 {}。\n继续运行（只求解其余的点）：\n  {resume}",
                    dir.display()
                ),
                Lang::En => eprintln_safe!(
                    "interrupted: {finished} of {selected} points are finished and recorded in {}.\nResume (solves only the rest) with:\n  {resume}",
                    dir.display()
                ),
            }
            return Ok(ExitCode::from(INTERRUPTED));
        }
        Err(e) => {
            return Err(e).with_context(|| format!("running the sweep into {}", out.display()))
        }
    };
    if !global.quiet {
        print_summary(&prep, &report, shard, &out, lang);
    }
    Ok(ExitCode::SUCCESS)
}

/// The language of the data, as the sweep's report chooses it.
fn data_lang(prep: &exec::Prepared) -> Lang {
    staffing::scenario::from_table(&prep.base)
        .ok()
        .map(|s| prep.cache.get(&s))
        .and_then(|l| l.as_ref().as_ref().ok().map(|l| Lang::detect(&l.province)))
        .unwrap_or_else(|| Lang::of_text(&prep.name))
}

fn print_summary(
    prep: &exec::Prepared,
    report: &exec::Report,
    shard: Option<Shard>,
    out: &std::path::Path,
    lang: Lang,
) {
    let zh = lang == Lang::Zh;
    let statuses: Vec<String> = report
        .statuses
        .iter()
        .map(|(s, n)| match lang {
            Lang::Zh => format!("{} {n} 个", terminal::status(s, lang)),
            Lang::En => format!("{n} {s}"),
        })
        .collect();
    let scope = match (shard, lang) {
        (Some(s), Lang::Zh) => {
            format!("（分片 {}/{}：{} 个点）", s.index, s.count, report.selected)
        }
        (Some(s), Lang::En) => format!(
            " (shard {}/{}: {} points)",
            s.index, s.count, report.selected
        ),
        (None, _) => String::new(),
    };
    if zh {
        println_safe!(
            "扫描 {}：共 {} 个点{scope}；本次求解 {} 个，此前已完成 {} 个；{}",
            prep.name,
            report.points,
            report.solved,
            report.reused,
            statuses.join("，")
        );
    } else {
        println_safe!(
            "sweep {}: {} points{scope}; {} solved now, {} already done; {}",
            prep.name,
            report.points,
            report.solved,
            report.reused,
            statuses.join(", ")
        );
    }
    if !report.unusable.is_empty() {
        if zh {
            println_safe!(
                "  {} 条进度记录无法使用，其点已重新求解：",
                report.unusable.len()
            );
        } else {
            println_safe!(
                "  {} progress records could not be used, so their points were solved again:",
                report.unusable.len()
            );
        }
        for u in report.unusable.iter().take(10) {
            println_safe!(
                "    {}/{} {}",
                staffing::sweep::store::POINTS_DIR,
                u.file,
                u.problem
            );
        }
        if report.unusable.len() > 10 {
            let more = report.unusable.len() - 10;
            if zh {
                println_safe!("    另有 {more} 条");
            } else {
                println_safe!("    and {more} more");
            }
        }
    }
    match (&report.csv, lang) {
        (Some(path), Lang::Zh) => println_safe!("  已写入 {}，旁边有 report.html 和图表", path.display()),
        (Some(path), Lang::En) => {
            println_safe!("  wrote {} with report.html and charts beside it", path.display())
        }
        (None, Lang::Zh) => println_safe!(
            "  本分片的点已写入 {}；各分片完成后用 `staffing merge DIR... --out DIR` 合并",
            out.display()
        ),
        (None, Lang::En) => println_safe!(
            "  wrote the shard's points to {}; join the shards with `staffing merge DIR... --out DIR`",
            out.display()
        ),
    }
    if let Some(sample) = prep.sample_summary() {
        let robust_dir = out.join(staffing::sweep::store::ROBUST_DIR);
        match (&sample.robust, sample.envelope_level) {
            (Some(target), Some(level)) => {
                let moved = sample.officers_moved.unwrap_or(0);
                if zh {
                    println_safe!(
                        "  稳健方案（{target}）：包络水平 {level:.4}，调动民警 {moved} 人；见 {}",
                        robust_dir.display()
                    );
                } else {
                    println_safe!(
                        "  robust plan ({target}): envelope level {level:.4}, {moved} officers moved; in {}",
                        robust_dir.display()
                    );
                }
            }
            _ => {
                let note = sample.robust_note.as_deref().unwrap_or("none asked for");
                if zh {
                    println_safe!("  无稳健方案：{note}");
                } else {
                    println_safe!("  no robust plan: {note}");
                }
            }
        }
    }
}
