//! `staffing serve`: the what-if page on a local web server.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use staffing::serve::{Options, Server};

use crate::cli::{GlobalArgs, ServeArgs};

pub fn run(args: ServeArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let scenario = args
        .scenario
        .unwrap_or_else(|| PathBuf::from(super::solve::DEFAULT_SCENARIO));
    let options = Options {
        scenario: scenario.clone(),
        host: args.host,
        port: args.port,
        lang: args.lang.map(Into::into),
    };
    let server = Server::start(&options).with_context(|| {
        format!(
            "serving scenario {}{}",
            scenario.display(),
            if args.port == 0 {
                ""
            } else {
                " (--port 0 picks a free port)"
            }
        )
    })?;
    // Ctrl-C stops the server from the moment its address is out: a script
    // that reads the address and interrupts at once gets a clean stop, even
    // when this thread is slow to run again (the server's own threads answer
    // requests meanwhile).
    let stopper = server.stopper();
    ctrlc::set_handler(move || stopper.stop()).context("installing the Ctrl-C handler")?;
    // The address first, alone on its line, for a person or a script.
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", server.url())?;
    out.flush()?;
    drop(out);
    if !global.quiet {
        if !args.host.is_loopback() {
            eprintln!(
                "warning: listening on {}: other computers that can reach it and have the address with its token can use the page",
                args.host
            );
        }
        eprintln!(
            "serving {} — open the address above in a browser; Ctrl-C stops the server",
            scenario.display()
        );
    }
    server.wait();
    if !global.quiet {
        eprintln!("stopped; the server's temporary folder is removed");
    }
    Ok(ExitCode::SUCCESS)
}
