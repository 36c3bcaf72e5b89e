//! `staffing man`: the manual page (roff, clap_mangen): `staffing.1` on
//! stdout, or with `--out DIR` that page and one per command
//! (`staffing-solve.1`, …).

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, GlobalArgs, ManArgs};
use crate::commands::generated;
use crate::commands::terminal::println_safe;

/// The page of `cmd` (its file name, `staffing.1` or `staffing-solve.1`,
/// and its roff text, with the marker comment first). clap_mangen's
/// sections, except that the text after the options becomes EXAMPLES,
/// kept line by line (`.nf`), or EXIT STATUS.
fn page(cmd: clap::Command) -> anyhow::Result<(String, Vec<u8>)> {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut bytes = format!(
        ".\\\" {} {}: `staffing man`; regenerate it rather than edit it.\n",
        generated::MARKER,
        env!("CARGO_PKG_VERSION")
    )
    .into_bytes();
    man.render_title(&mut bytes)?;
    man.render_name_section(&mut bytes)?;
    man.render_synopsis_section(&mut bytes)?;
    man.render_description_section(&mut bytes)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut bytes)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut bytes)?;
    }
    if let Some(after) = cmd.get_after_help() {
        let text = after.to_string();
        let mut roff = roff::Roff::new();
        match text.strip_prefix("Examples:") {
            Some(lines) => {
                roff.control("SH", ["EXAMPLES"]).control("nf", []);
                for line in lines.lines().filter(|l| !l.trim().is_empty()) {
                    roff.text([roff::roman(line.trim_start())]);
                }
                roff.control("fi", []);
            }
            None => {
                // The top page's text after the commands is the exit codes.
                roff.control("SH", ["EXIT STATUS"]);
                for (code, meaning) in staffing::error::exit::CODES {
                    roff.control("TP", [])
                        .text([roff::bold(code.to_string())])
                        .text([roff::roman(*meaning)]);
                }
            }
        }
        roff.to_writer(&mut bytes)?;
    }
    if cmd.get_version().is_some() {
        man.render_version_section(&mut bytes)?;
    }
    Ok((man.get_filename(), bytes))
}

/// Every page: `staffing.1` first, then one per command, in help order.
pub fn pages() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    // Sets the names `staffing-solve` and passes the global flags down.
    cmd.build();
    let mut out = vec![page(cmd.clone())?];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        out.push(page(sub.clone())?);
    }
    Ok(out)
}

pub fn run(args: ManArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let pages = pages()?;
    match args.out {
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&pages[0].1)?;
        }
        Some(dir) => {
            let wrote = generated::write_all(&dir, &pages)?;
            if !global.quiet {
                println_safe!("{}", generated::describe(&wrote));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
