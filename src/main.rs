//! The `staffing` command line. Parsing and exit codes only; the work is in
//! the library and in `commands/`.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    restore_sigpipe();
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
