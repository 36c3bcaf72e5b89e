//! Flags and subcommands (clap derive), one doc comment per flag.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Exact deployment plans for grassroots police stations (派出所警力配置).
///
/// Exit codes: 0 done, 1 valid input admits no plan, 2 bad input or usage,
/// 3 internal error, 4 the outputs could not be written.
#[derive(Debug, Parser)]
#[command(name = "staffing", version, about, long_about = None, after_help = staffing::error::exit::HELP)]
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
    /// Plan several years: retirements, leavers and recruits year by year,
    /// each year's exact plan from the last (roadmap.csv, a plan folder per
    /// year, report.html).
    Roadmap(RoadmapArgs),
    /// Join the folders of a sharded sweep into one sweep.csv.
    Merge(MergeArgs),
    /// Time a sweep with several --jobs values and check their sweep.csv agree.
    BenchSweep(BenchSweepArgs),
    /// Write a synthetic province or nation (counties.csv, stations.csv, scenario.toml).
    Generate(GenerateArgs),
    /// Measure `staffing solve` as a user runs it (time, CPU, memory), the
    /// scaling curve, throughput and baselines; write CSVs and a report.
    Bench(BenchArgs),
}

#[derive(Debug, clap::Args)]
pub struct SolveArgs {
    /// Scenario file (TOML). Default: scenarios/baseline.toml.
    pub scenario: Option<PathBuf>,
    /// Output folder. Default: output/<scenario name>/. An existing folder is
    /// replaced only when it holds nothing but the files an earlier run wrote
    /// there, unchanged.
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
    /// Also solve with the other duty method (hours ↔ erlang-c, same data and
    /// [workload.service] standard) and put both side by side: printed, and
    /// in methods.csv and method_stations.csv.
    #[arg(long)]
    pub compare_methods: bool,
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
pub struct RoadmapArgs {
    /// Scenario file (TOML) with a [roadmap] table. Default: scenarios/roadmap.toml.
    pub scenario: Option<PathBuf>,
    /// Output folder. Default: output/<scenario name>-roadmap/. An existing
    /// folder is replaced only when it holds nothing but an earlier
    /// roadmap's files, unchanged.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the summary on stdout as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Keep the years an earlier run of the same roadmap finished in --out
    /// and plan only the rest (after a crash or kill).
    #[arg(long)]
    pub resume: bool,
    /// Worker threads: a year's files are written while the next year is
    /// planned, and the horizon's checks run in parallel. Default: the
    /// number of CPUs. The files are the same for any value.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// How recruits are placed, instead of [roadmap] mode: year by year
    /// (myopic), or over all years (horizon: the worst year's level as high
    /// as possible, then the sum of levels).
    #[arg(long, value_enum)]
    pub mode: Option<RoadmapModeArg>,
    /// Find the fewest recruits a year (the [roadmap] recruits schedule
    /// scaled, or a constant number) that keep every year at this balance
    /// level or above, and plan with them.
    #[arg(long, value_name = "L")]
    pub target_level: Option<f64>,
    /// Language of chart and report.html labels. Default: zh when station or
    /// county names are Chinese, else en.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Chart files beside report.html (and in each year's plan folder).
    #[arg(long, value_enum, default_value_t = ChartsArg::All)]
    pub charts: ChartsArg,
    /// No progress lines on stderr.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoadmapModeArg {
    /// Each year's recruits where they raise that year's level most.
    Myopic,
    /// Recruits over all years: the worst year as high as possible.
    Horizon,
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
    /// Rounds: each round runs every job count once (interleaved, so slow
    /// spells of a shared machine hit all job counts alike).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub repeat: u32,
    /// Scratch folder for the runs (kept). Default: a temporary folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Number of county bureaus.
    #[arg(long)]
    pub counties: usize,
    /// Number of stations (at least one per county).
    #[arg(long)]
    pub stations: usize,
    /// Seed of the random stream: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Add the real-strength columns nominal, seconded and restricted
    /// (docs/strength.md), drawn from a stream of their own: the other
    /// columns stay the same bytes.
    #[arg(long)]
    pub strength: bool,
    /// Add the age-band columns age_under_30 … age_60_plus to stations.csv
    /// and counties.csv (docs/roadmap.md), drawn from a stream of their
    /// own: the other columns stay the same bytes.
    #[arg(long)]
    pub ages: bool,
    /// Folder for the data: a new or empty one (existing data is never replaced).
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Folder for the CSVs, the report and the generated instances.
    /// Default: bench/, or bench/quick/ with --quick.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Only the default-path table: the province and the nation, with and
    /// without charts, on one core and on all cores (about a minute).
    #[arg(long)]
    pub quick: bool,
    /// The nation of the default path (0.07 counties per station), and the
    /// largest size of the scaling curve (100 … this).
    #[arg(long, default_value_t = 40_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub max_stations: u64,
    /// Runs per figure; the report gives the median, min and max.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub repeat: u64,
    /// The province scenario. Default: scenarios/baseline.toml, whose rows
    /// are left out (with a note) when it is not there.
    #[arg(long)]
    pub province: Option<PathBuf>,
    /// Largest instance handed to the monolithic MILP.
    #[arg(long, default_value_t = 160, conflicts_with = "quick")]
    pub milp_max: usize,
    /// Time limit in seconds for each MILP solve (it runs four).
    #[arg(long, default_value_t = 30.0, conflicts_with = "quick")]
    pub milp_time_limit: f64,
    /// Sample points for the throughput measurement.
    #[arg(long, default_value_t = 400, conflicts_with = "quick")]
    pub points: usize,
    /// Seed of the generated instances and sample points.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Language of the scaling chart's labels.
    #[arg(long, value_enum, default_value = "en", conflicts_with = "quick")]
    pub lang: LangArg,
    /// Measure nothing: redraw scaling.svg and scaling.png from the
    /// scaling.csv already in --out.
    #[arg(long, conflicts_with_all = [
        "quick", "max_stations", "repeat", "province", "milp_max",
        "milp_time_limit", "points", "seed",
    ])]
    pub plot_only: bool,
}
