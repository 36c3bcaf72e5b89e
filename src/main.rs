//! The `staffing` command line. Parsing and exit codes only; the work is in
//! the library and in `commands/`.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    restore_sigpipe();
    tune_malloc();
    let args = cli::Cli::parse();
    match commands::run(args) {
        Ok(code) => code,
        Err(err) => {
            // The message may quote data (a county in an explanation, a
            // path): escaped so that it cannot drive the terminal.
            let lang = commands::error_lang();
            eprintln!(
                "{}",
                staffing::error::escape_hidden(&staffing::messages::error_prefix(
                    lang,
                    &commands::error_text(&err, lang)
                ))
            );
            ExitCode::from(commands::exit_code(&err))
        }
    }
}

/// `staffing solve --json | head` should stop quietly when the reader goes
/// away, as other command-line tools do, not panic in `println!`: restore
/// the default SIGPIPE action that the Rust runtime sets to "ignore".
fn restore_sigpipe() {
    #[cfg(target_os = "linux")]
    // SAFETY: called first thing in main, before any other thread exists;
    // SIG_DFL is a valid action for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Two settings of glibc's allocator when the work runs on one thread
/// (`RAYON_NUM_THREADS=1`, or one CPU available: rayon's rule), as in a one-core province
/// solve, where the allocator's own work (growing the heap, faulting fresh
/// pages in) is a noticeable part of the CPU time. Neither changes any
/// output.
///
/// - One arena (`M_ARENA_MAX`): rayon still runs the work on a worker
///   thread, which would otherwise get an arena of its own and fault in
///   fresh pages instead of reusing those the reading (on the main thread)
///   freed. With one worker and the main thread waiting for it, nobody
///   contends for the arena's lock.
/// - 16 MiB of slack on each heap growth (`M_TOP_PAD`): fewer `brk` calls
///   and page faults; pages that are never touched cost no memory.
///
/// With several threads glibc's defaults (an arena per thread, a dynamic
/// `mmap` threshold, which setting `M_TOP_PAD` would turn off) are kept.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let threads = std::env::var("RAYON_NUM_THREADS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
            .unwrap_or(1);
        if threads == 1 {
            // SAFETY: called first thing in main, before any other thread
            // exists; both parameters take any positive value.
            unsafe {
                libc::mallopt(libc::M_ARENA_MAX, 1);
                libc::mallopt(libc::M_TOP_PAD, 16 << 20);
            }
        }
    }
}
