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
    /// Solve a scenario and write the plan (allocation.csv, counties.csv, summary.json, plan.xlsx).
    Solve(SolveArgs),
    /// Validate a scenario and its data without solving.
    Check(CheckArgs),
    /// Run every point of a scenario's [sweep] in parallel and write sweep.csv.
    Sweep(SweepArgs),
    /// Join the folders of a sharded sweep into one sweep.csv.
    Merge(MergeArgs),
    /// Time a sweep with several --jobs values and check their sweep.csv agree.
    BenchSweep(BenchSweepArgs),
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

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// Scenario file (TOML) with a [sweep] table; it may `extend` another.
    pub scenario: PathBuf,
    /// Worker threads. Default: the number of CPUs.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Output folder. Default: output/<scenario name>-sweep/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also write each point's full plan under plans/<point>/.
    #[arg(long)]
    pub keep_plans: bool,
    /// Keep the finished points in --out and run only the missing ones.
    #[arg(long)]
    pub resume: bool,
    /// Run only shard K of N (the points with index mod N = K - 1), e.g. 2/8.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// No progress bar (it is only drawn when stderr is a terminal anyway).
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Sweep folders (shards) of the same sweep.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Folder for the merged sweep.csv.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct BenchSweepArgs {
    /// Scenario file with a [sweep] table. Default: scenarios/bench-1000.toml.
    pub scenario: Option<PathBuf>,
    /// Job counts to time, in order.
    #[arg(long, value_delimiter = ',', default_value = "1,2")]
    pub jobs: Vec<usize>,
    /// Scratch folder for the runs (kept). Default: a temporary folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
}
