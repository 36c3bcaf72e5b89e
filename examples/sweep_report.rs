//! Charts and report.html for an existing `sweep.csv`, until `staffing sweep`
//! writes them itself:
//!
//! ```text
//! cargo run --example sweep_report -- tests/fixtures/sweep/sweep.csv output/sweep-report [zh|en]
//! ```

use std::path::PathBuf;

use anyhow::Context;
use staffing::report::{Formats, Lang};
use staffing::sweep::page::{sweep_files, SweepInfo};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let csv: PathBuf = args
        .next()
        .context("usage: sweep_report <sweep.csv> <out dir> [zh|en]")?
        .into();
    let out: PathBuf = args
        .next()
        .context("usage: sweep_report <sweep.csv> <out dir> [zh|en]")?
        .into();
    let lang: Lang = args.next().as_deref().unwrap_or("zh").parse()?;
    let bytes = std::fs::read(&csv).with_context(|| format!("reading {}", csv.display()))?;
    let info = SweepInfo {
        scenario: csv.display().to_string(),
        tool: "staffing".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        solver: "see sweep.csv".into(),
        inputs: vec![],
        sample: None,
    };
    let files = sweep_files(&bytes, &info, lang, Some(Formats::SvgAndPng))?;
    staffing::output::write_folder(&out, &files, &[csv])?;
    println!("wrote {} files to {}", files.len(), out.display());
    Ok(())
}
