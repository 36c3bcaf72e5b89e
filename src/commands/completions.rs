//! `staffing completions <shell>`: the shell completion script (clap_complete),
//! printed, or written into `--out DIR` under the name the shell looks for.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, CompletionsArgs, GlobalArgs};
use crate::commands::generated;
use crate::commands::terminal::println_safe;

/// The completion script for `shell`, with the marker comment
/// ([`generated::MARKER`]) after a zsh script's `#compdef` line, else first.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut body = Vec::new();
    clap_complete::generate(shell, &mut cmd, "staffing", &mut body);
    let marker = format!(
        "# {} {}: `staffing completions {shell}`; regenerate it rather than edit it.\n",
        generated::MARKER,
        env!("CARGO_PKG_VERSION")
    );
    let text = String::from_utf8_lossy(&body).into_owned();
    let out = match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("#compdef") => format!("{first}\n{marker}{rest}"),
        _ => format!("{marker}{text}"),
    };
    out.into_bytes()
}

/// The file name `shell` loads completions from.
fn file_name(shell: Shell) -> String {
    match shell {
        Shell::Bash => "staffing.bash".into(),
        Shell::Zsh => "_staffing".into(),
        Shell::Fish => "staffing.fish".into(),
        Shell::PowerShell => "_staffing.ps1".into(),
        Shell::Elvish => "staffing.elv".into(),
        other => format!("staffing.{other}"),
    }
}

pub fn run(args: CompletionsArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    let bytes = script(args.shell);
    match args.out {
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
        Some(dir) => {
            let wrote = generated::write_all(&dir, &[(file_name(args.shell), bytes)])?;
            if !global.quiet {
                println_safe!("{}", generated::describe(&wrote));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
