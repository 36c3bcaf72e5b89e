//! `staffing merge`: join the folders of a sharded sweep into one sweep.csv.

use std::process::ExitCode;

use anyhow::Context;
use staffing::messages;
use staffing::report::Lang;

use crate::cli::{GlobalArgs, MergeArgs};
use crate::commands::terminal::println_safe;

pub fn run(args: MergeArgs, global: GlobalArgs) -> anyhow::Result<ExitCode> {
    // The sweep's language, as its shards recorded it (`--lang` or the
    // data's): the first folder that says (a folder that is not a shard is
    // refused by the merge, in that language); English when none does.
    let lang = args
        .dirs
        .iter()
        .find_map(|d| {
            staffing::sweep::store::read_manifest(d)
                .ok()
                .flatten()
                .and_then(|m| m.lang)
                .and_then(|l| l.parse().ok())
        })
        .unwrap_or(Lang::En);
    crate::commands::terminal::set_error_lang(lang);
    let path = staffing::sweep::merge::merge(&args.dirs, &args.out)
        .with_context(|| messages::merge_failed(lang, args.dirs.len()))?;
    if !global.quiet {
        println_safe!(
            "{}",
            messages::merge_wrote(lang, &path.display().to_string())
        );
    }
    Ok(ExitCode::SUCCESS)
}
