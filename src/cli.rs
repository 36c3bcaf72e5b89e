//! Flags and subcommands (clap derive), one doc comment per flag.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Exact deployment plans for grassroots police stations (派出所警力配置).
///
/// Exit codes: 0 a plan was found, 1 valid input admits no plan, 2 bad input
/// or usage.
#[derive(Debug, Parser)]
#[command(name = "staffing", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Solve a scenario and write the plan (allocation.csv, counties.csv, summary.json).
    Solve(SolveArgs),
    /// Validate a scenario and its data without solving.
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct SolveArgs {
    /// Scenario file (TOML). Default: scenarios/baseline.toml.
    pub scenario: Option<PathBuf>,
    /// Output folder. Default: output/<scenario name>/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the summary on stdout as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Solver: the exact structured solver, or the monolithic MILP as a second opinion.
    #[arg(long, value_enum, default_value_t = EngineArg::Exact)]
    pub engine: EngineArg,
    /// Time limit in seconds for each MILP solve (engine milp only).
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Language of chart and report.html labels. Default: zh when station or
    /// county names are Chinese, else en.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Chart files beside report.html: SVG and PNG, SVG only, or none
    /// (report.html then has no charts).
    #[arg(long, value_enum, default_value_t = ChartsArg::All)]
    pub charts: ChartsArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 简体中文.
    Zh,
    /// English.
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartsArg {
    /// SVG and PNG.
    All,
    /// SVG only (embedded in report.html too).
    Svg,
    /// No charts.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// Exact breakpoint search and closed-form transfers (fast, proven optimal).
    Exact,
    /// One mixed-integer program per phase through good_lp (slow beyond small cases).
    Milp,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
}
