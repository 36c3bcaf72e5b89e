//! Flags and subcommands (clap derive), one doc comment per flag.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Exact deployment plans for grassroots police stations (派出所警力配置).
///
/// Exit codes: 0 done, 1 valid input admits no plan, 2 bad input or usage,
/// 3 internal error, 4 the outputs could not be written, 5 and 6 the MILP's
/// time limit, 130 interrupted.
#[derive(Debug, Parser)]
#[command(name = "staffing", version, about, long_about = None, after_help = staffing::error::exit::HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct GlobalArgs {
    /// Print no progress and no summary; --json output, the files and the
    /// errors (on stderr) still come, and the exit code says how it went.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// A `--set KEY=VALUE` argument.
fn key_value(arg: &str) -> Result<(String, String), String> {
    staffing::scenario::overrides::split(arg)
}

/// A time limit: a positive, finite number of seconds.
fn seconds(arg: &str) -> Result<f64, String> {
    match arg.trim().parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 1e9 => Ok(s),
        _ => Err(format!(
            "`{arg}` is not a time limit; give a number of seconds above 0, for example 60"
        )),
    }
}

/// Examples shown by `staffing solve --help` (each works in a clone).
const SOLVE_EXAMPLES: &str = "Examples:
  staffing solve                                    # scenarios/baseline.toml → output/baseline/
  staffing solve scenarios/recruits.toml --lang en --charts none
  staffing solve scenarios/baseline.toml --set workload.call_growth=1.2 --out output/growth
  staffing solve tests/fixtures/county/scenario.toml --engine milp --time-limit 60";

const CHECK_EXAMPLES: &str = "Examples:
  staffing check scenarios/baseline.toml
  staffing check scenarios/divert-12345.toml --set workload.divert_share=0.2 --lang en";

const SWEEP_EXAMPLES: &str = "Examples:
  staffing sweep scenarios/divert-12345.toml --jobs 2 --out output/divert
  staffing sweep scenarios/divert-12345.toml --jobs 2 --out output/divert --resume   # after Ctrl-C
  staffing sweep scenarios/call-growth.toml --set quotas.station_share=0.45 --quiet";

const ROADMAP_EXAMPLES: &str = "Examples:
  staffing roadmap                                  # scenarios/roadmap.toml → output/roadmap-roadmap/
  staffing roadmap scenarios/roadmap.toml --mode horizon --out output/horizon
  staffing roadmap scenarios/roadmap.toml --target-level 1.4 --charts none
  staffing roadmap scenarios/roadmap.toml --set roadmap.years=10 --set roadmap.call_growth_rate=0.03 --quiet
  staffing roadmap scenarios/roadmap.toml --mode horizon --out output/horizon --resume   # after Ctrl-C";

const MERGE_EXAMPLES: &str = "Examples:
  staffing sweep scenarios/divert-12345.toml --shard 1/2 --out output/shard-1
  staffing sweep scenarios/divert-12345.toml --shard 2/2 --out output/shard-2
  staffing merge output/shard-1 output/shard-2 --out output/divert";

const BENCH_SWEEP_EXAMPLES: &str = "Examples:
  staffing bench-sweep                                # scenarios/bench-1000.toml, --jobs 1,2
  staffing bench-sweep scenarios/divert-12345.toml --jobs 1,2 --repeat 3";

const GENERATE_EXAMPLES: &str = "Examples:
  staffing generate --counties 86 --stations 1631 --seed 1 output/synthetic
  staffing solve output/synthetic/scenario.toml";

const BENCH_EXAMPLES: &str = "Examples:
  staffing bench --quick                              # about a minute → bench/quick/report.md
  staffing bench --plot-only                          # redraw bench/scaling.png";

const SERVE_EXAMPLES: &str = "Examples:
  staffing serve                                    # scenarios/baseline.toml on http://127.0.0.1:8765/?token=…
  staffing serve scenarios/recruits.toml --port 0 --lang en";

const COMPLETIONS_EXAMPLES: &str = "Examples:
  staffing completions bash > ~/.local/share/bash-completion/completions/staffing
  staffing completions zsh --out ~/.zfunc           # writes ~/.zfunc/_staffing
  staffing completions powershell >> $PROFILE";

const MAN_EXAMPLES: &str = "Examples:
  staffing man > staffing.1 && man -l staffing.1
  staffing man --out output/man                       # staffing.1 and one page per command";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Solve a scenario and write the plan (allocation.csv, counties.csv, summary.json, plan.xlsx).
    #[command(after_help = SOLVE_EXAMPLES)]
    Solve(SolveArgs),
    /// Validate a scenario and its data without solving.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Run every point of a scenario's [sweep] in parallel and write sweep.csv.
    #[command(after_help = SWEEP_EXAMPLES)]
    Sweep(SweepArgs),
    /// Plan several years: retirements, leavers and recruits year by year,
    /// each year's exact plan from the last (roadmap.csv, a plan folder per
    /// year, report.html).
    #[command(after_help = ROADMAP_EXAMPLES)]
    Roadmap(RoadmapArgs),
    /// Join the folders of a sharded sweep into one sweep.csv.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// Time a sweep with several --jobs values and check their sweep.csv agree.
    #[command(after_help = BENCH_SWEEP_EXAMPLES)]
    BenchSweep(BenchSweepArgs),
    /// Serve the what-if page: the plan in a browser, re-solved on each
    /// change of a key, compared with the base plan (docs/serve.md).
    #[command(after_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),
    /// Write a synthetic province or nation (counties.csv, stations.csv, scenario.toml).
    #[command(after_help = GENERATE_EXAMPLES)]
    Generate(GenerateArgs),
    /// Measure `staffing solve` as a user runs it (time, CPU, memory), the
    /// scaling curve, throughput and baselines; write CSVs and a report.
    #[command(after_help = BENCH_EXAMPLES)]
    Bench(BenchArgs),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Write the manual page (roff) of staffing and of each command.
    #[command(after_help = MAN_EXAMPLES)]
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Scenario file (TOML). Default: scenarios/baseline.toml.
    pub scenario: Option<PathBuf>,
    /// Port to listen on; 0 picks a free one (the first line printed gives it).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,
    /// Address to listen on. Default: 127.0.0.1, this computer only.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// Language of the page. Default: zh when station or county names are
    /// Chinese, else en.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
    /// Write the script into this folder (under the name the shell looks
    /// for: staffing.bash, _staffing, staffing.fish, _staffing.ps1,
    /// staffing.elv) instead of printing it.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write staffing.1 and one page per command (staffing-solve.1, …) into
    /// this folder instead of printing staffing.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `--set KEY=VALUE`, shared by solve, check, sweep and roadmap.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SetArgs {
    /// Override a scenario key, as if the file said so (repeatable):
    /// --set workload.call_growth=1.2 --set stations.min_officers=3. Checked
    /// like the file; recorded in summary.json (provenance.overrides).
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = key_value)]
    pub set: Vec<(String, String)>,
}

#[derive(Debug, clap::Args)]
pub struct SolveArgs {
    /// Scenario file (TOML). Default: scenarios/baseline.toml.
    pub scenario: Option<PathBuf>,
    /// Output folder. Default: output/<scenario name>/, or with --set a
    /// folder named after the overrides
    /// (output/baseline+workload.call_growth=1.3/), so that a what-if never
    /// replaces the base plan. An existing folder is
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
    /// Time limit in seconds for each MILP solve (engine milp only). At the
    /// limit the plan is written with status time_limit (exit 5), or, with
    /// no plan found yet, nothing is (exit 6).
    #[arg(long, value_parser = seconds)]
    pub time_limit: Option<f64>,
    /// Language of the terminal summary, report.html and charts. Default: zh
    /// when station or county names are Chinese, else en. (Error messages
    /// are in English.)
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
    #[command(flatten)]
    pub set: SetArgs,
    /// Treat data warnings (a value far from its peers, a column name close
    /// to a known one) as errors: list them and exit 2 without solving.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 简体中文.
    Zh,
    /// English.
    En,
}

impl From<LangArg> for staffing::report::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Zh => staffing::report::Lang::Zh,
            LangArg::En => staffing::report::Lang::En,
        }
    }
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
    /// Language of the summary. Default: zh when station or county names
    /// are Chinese, else en. (Error messages are in English.)
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub set: SetArgs,
    /// Treat data warnings (a value far from its peers, a column name close
    /// to a known one) as errors: exit 2.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// Scenario file (TOML) with a [sweep] table; it may `extend` another.
    pub scenario: PathBuf,
    /// Worker threads. Default: the number of CPUs.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Output folder. Default: output/<scenario name>-sweep/ (with --set:
    /// output/<scenario name>+<key>=<value>-sweep/).
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
    /// Language of the summary, report.html and charts. Default: zh when
    /// station or county names are Chinese, else en.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub set: SetArgs,
}

#[derive(Debug, clap::Args)]
pub struct RoadmapArgs {
    /// Scenario file (TOML) with a [roadmap] table. Default: scenarios/roadmap.toml.
    pub scenario: Option<PathBuf>,
    /// Output folder. Default: output/<scenario name>-roadmap/ (with --set:
    /// output/<scenario name>+<key>=<value>-roadmap/). An existing
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
    /// Language of the terminal summary, chart and report.html labels.
    /// Default: zh when station or county names are Chinese, else en.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Chart files beside report.html (and in each year's plan folder).
    #[arg(long, value_enum, default_value_t = ChartsArg::All)]
    pub charts: ChartsArg,
    #[command(flatten)]
    pub set: SetArgs,
    /// Treat data warnings (a value far from its peers, a column name close
    /// to a known one) as errors: list them and exit 2 without planning.
    #[arg(long)]
    pub strict: bool,
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
    /// Default: bench/, bench/quick/ with --quick, bench/NAME/ with
    /// --section NAME (bench/A+B/ with two).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Only the default-path table: the province and the nation, with and
    /// without charts, on one core and on all cores (about a minute); the
    /// same as --section default-path.
    #[arg(long)]
    pub quick: bool,
    /// Only this section of the report (repeatable). Default: every section.
    #[arg(
        long = "section",
        value_enum,
        value_name = "NAME",
        conflicts_with = "quick"
    )]
    pub sections: Vec<SectionArg>,
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
    /// Largest instance handed to the monolithic MILP (section milp;
    /// default 160).
    #[arg(long, conflicts_with = "quick")]
    pub milp_max: Option<usize>,
    /// Time limit in seconds for each MILP solve, which runs four (section
    /// milp; default 30).
    #[arg(long, conflicts_with = "quick")]
    pub milp_time_limit: Option<f64>,
    /// Sample points for the throughput measurement (section throughput;
    /// default 400).
    #[arg(long, conflicts_with = "quick")]
    pub points: Option<usize>,
    /// Seed of the generated instances and sample points.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Language of report.html and of the scaling chart's labels.
    #[arg(long, value_enum, default_value = "en")]
    pub lang: LangArg,
    /// Measure nothing: redraw scaling.svg and scaling.png from the
    /// scaling.csv already in --out.
    #[arg(long, conflicts_with_all = [
        "quick", "sections", "max_stations", "repeat", "province", "milp_max",
        "milp_time_limit", "points", "seed",
    ])]
    pub plot_only: bool,
}

/// A section of `staffing bench` (`docs/bench.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SectionArg {
    /// `staffing solve` as a user runs it, judged against the speed targets.
    DefaultPath,
    /// Generated instances of 100 … --max-stations stations, with the chart.
    Scaling,
    /// Solve throughput at sample points, and the robust plan over them.
    Throughput,
    /// Against the monolithic MILP.
    Milp,
    /// Against proportional rounding (the spreadsheet method).
    Proportional,
    /// What the optional features cost (real strength).
    Features,
    /// What the service standard's Erlang C adds to the requirement pass.
    Service,
    /// The solve under each balance target.
    Fairness,
    /// The province's five-year myopic and ten-year horizon roadmaps.
    Roadmap,
    /// Every lever on against none, end to end and the solve alone.
    Levers,
    /// `staffing serve`'s what-ifs, timed over localhost.
    Serve,
}

impl From<SectionArg> for staffing::study::bench::SectionName {
    fn from(s: SectionArg) -> Self {
        use staffing::study::bench::SectionName as S;
        match s {
            SectionArg::DefaultPath => S::DefaultPath,
            SectionArg::Scaling => S::Scaling,
            SectionArg::Throughput => S::Throughput,
            SectionArg::Milp => S::Milp,
            SectionArg::Proportional => S::Proportional,
            SectionArg::Features => S::Features,
            SectionArg::Service => S::Service,
            SectionArg::Fairness => S::Fairness,
            SectionArg::Roadmap => S::Roadmap,
            SectionArg::Levers => S::Levers,
            SectionArg::Serve => S::Serve,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;

    #[test]
    fn the_flags_are_consistent() {
        Cli::command().debug_assert();
    }

    /// Every example line of every command's `--help` is a valid command
    /// line, and the scenario files it names are in the repository.
    #[test]
    fn every_example_parses_and_names_files_of_the_clone() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        for sub in Cli::command().get_subcommands() {
            let Some(after) = sub.get_after_help() else {
                panic!("{} --help has no examples", sub.get_name());
            };
            let text = after.to_string();
            for line in text.lines().filter(|l| l.starts_with("  staffing ")) {
                // A comment, a redirection or a second command ends it.
                let command = line
                    .split(" #")
                    .next()
                    .and_then(|c| c.split(" >").next())
                    .and_then(|c| c.split(" &&").next())
                    .unwrap_or(line);
                let words: Vec<&str> = command.split_whitespace().collect();
                if let Err(e) = Cli::try_parse_from(&words) {
                    panic!("`{command}` does not parse: {e}");
                }
                // Files the clone ships (others, such as output/…, an
                // example before it writes).
                for w in &words {
                    if w.ends_with(".toml")
                        && (w.starts_with("scenarios/") || w.starts_with("tests/"))
                    {
                        assert!(
                            root.join(w).exists(),
                            "`{line}` names {w}, not in the clone"
                        );
                    }
                }
                seen += 1;
            }
        }
        assert!(seen >= 18, "{seen} examples");
    }

    #[test]
    fn quiet_and_set_are_read_where_a_user_puts_them() {
        let cli = Cli::try_parse_from([
            "staffing",
            "solve",
            "-q",
            "--set",
            "workload.call_growth=1.2",
            "--set",
            "stations.locked=S1,S2",
        ])
        .unwrap();
        assert!(cli.global.quiet);
        let Command::Solve(args) = cli.command else {
            panic!("solve")
        };
        assert_eq!(
            args.set.set,
            vec![
                ("workload.call_growth".into(), "1.2".into()),
                ("stations.locked".into(), "S1,S2".into())
            ]
        );
        for bad in ["0", "-2", "nan", "inf", "soon"] {
            let r =
                Cli::try_parse_from(["staffing", "solve", "--engine", "milp", "--time-limit", bad]);
            assert!(r.is_err(), "--time-limit {bad}");
        }
    }
}
