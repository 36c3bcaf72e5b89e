//! `staffing bench`: how fast `staffing solve` is, measured on exactly the
//! command a user runs, and how its plans compare with other methods.
//!
//! [`run`] measures section by section and writes `report.md` and one CSV
//! per section into the output folder:
//!
//! 1. **Default path** ([`e2e::default_path`]): `staffing solve SCENARIO
//!    --out DIR`, with and without `--charts none`, for the province and a
//!    generated nation, pinned to one core and on all cores; every figure the
//!    median of `repeat` runs with min and max, judged against the targets
//!    ([`targets`]). `--quick` runs only this section.
//! 2. **Scaling** ([`e2e::scaling`]): generated instances of 100 … 40,000
//!    stations, end to end (the user's command, one core) and the solve
//!    alone in process, with the log–log fit and its chart ([`chart`]).
//! 3. **Throughput** and the **robust plan** ([`throughput`]).
//! 4. **Monolithic MILP** ([`milp`]).
//! 5. **Proportional rounding** ([`proportional`]).
//! 6. **Service standard** ([`service`]): what `method = "erlang-c"` adds
//!    to the nation's requirement pass.
//! 7. **Balance targets** ([`fairness`]): the solve under `province`,
//!    `county` and `leximin`.
//! 8. **Roadmap** ([`roadmap`]): the five-year myopic and the ten-year
//!    horizon roadmap of the province.
//! 9. **Levers** ([`levers`]): the province with every lever on against
//!    none, end to end and the solve alone.
//! 10. **One large county** ([`one_county`]): the default command on one
//!     county of 10,000 and of 100,000 identical stations, where per-county
//!     work must stay near-linear.
//! 11. **What-if server** ([`serve`]): `staffing serve` on the province and
//!     the nation, timed by a client on localhost, one what-if at a time.
//!
//! `staffing bench --section NAME` runs only the named sections
//! ([`SectionName`]); `--quick` is `--section default-path`. Each run writes
//! `report.md` and `report.html` (the page builder's page, in `--lang`).
//!
//! A section is a function returning its rows and a function in [`report`]
//! formatting them as blocks ([`doc`]); a new section is those two, a name
//! in [`SectionName`] and one line in [`run`].
//!
//! Timings are measurements: they live only in the bench's own files, never
//! in a plan's output files.

pub mod chart;
pub mod child;
pub mod doc;
pub mod e2e;
pub mod fairness;
pub mod features;
pub mod folder;
pub mod levers;
pub mod milp;
pub mod one_county;
pub mod proportional;
pub mod report;
pub mod roadmap;
pub mod serve;
pub mod service;
pub mod stats;
pub mod targets;
pub mod throughput;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{InputError, OutputError};
use crate::generate::GenSpec;
use crate::pipeline::{self, Loaded, SolveError};
use crate::report::{ChartError, Lang};
use crate::sample::SampleError;

pub use chart::{ScalingCsvError, SCALING_CSV};

/// Generated sizes of the scaling curve.
pub const SIZES: [usize; 9] = [100, 200, 400, 1000, 2000, 4000, 10_000, 20_000, 40_000];
/// County bureaus per station in generated instances: 2,800 for 40,000.
pub const COUNTIES_PER_STATION: f64 = 2800.0 / 40_000.0;
/// The stations of the nation the targets name.
pub const NATION_STATIONS: usize = 40_000;

/// What to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The `staffing` executable whose `solve` is measured.
    pub exe: PathBuf,
    /// Folder for the report, the CSVs and the generated instances.
    pub out: PathBuf,
    /// The province scenario; `None` when there is none to measure.
    pub province: Option<PathBuf>,
    /// The nation of the default path and the largest size of the scaling
    /// curve.
    pub max_stations: usize,
    /// Runs per figure (median, min and max reported).
    pub repeat: usize,
    /// Largest instance handed to the monolithic MILP.
    pub milp_max: usize,
    /// Seconds per MILP solve.
    pub milp_time_limit: f64,
    /// Sample points of the throughput section.
    pub points: usize,
    /// Seed of the generated instances and the sample points.
    pub seed: u64,
    /// Language of `report.html` and the scaling chart.
    pub lang: Lang,
    /// The sections to run, in report order.
    pub sections: Vec<SectionName>,
    /// The command line, for the record.
    pub command_line: String,
}

/// A section of the bench, as `--section` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionName {
    /// `staffing solve` as a user runs it, judged against the targets.
    DefaultPath,
    /// Generated instances of 100 … `max_stations` stations, and the chart.
    Scaling,
    /// The default command on one county of 10,000 and of 100,000 stations.
    OneCounty,
    /// Solve throughput at sample points, and the robust plan over them.
    Throughput,
    /// Against the monolithic MILP.
    Milp,
    /// Against proportional rounding.
    Proportional,
    /// What the optional features cost (real strength).
    Features,
    /// What `method = "erlang-c"` adds to the requirement pass.
    Service,
    /// The solve under each balance target.
    Fairness,
    /// The province's five-year and ten-year roadmaps.
    Roadmap,
    /// Every lever on against none.
    Levers,
    /// `staffing serve`'s what-ifs over localhost.
    Serve,
}

impl SectionName {
    /// Every section, in report order.
    pub const ALL: [SectionName; 12] = [
        SectionName::DefaultPath,
        SectionName::Scaling,
        SectionName::OneCounty,
        SectionName::Throughput,
        SectionName::Milp,
        SectionName::Proportional,
        SectionName::Features,
        SectionName::Service,
        SectionName::Fairness,
        SectionName::Roadmap,
        SectionName::Levers,
        SectionName::Serve,
    ];

    /// The name `--section` takes.
    pub fn name(self) -> &'static str {
        match self {
            SectionName::DefaultPath => "default-path",
            SectionName::Scaling => "scaling",
            SectionName::OneCounty => "one-county",
            SectionName::Throughput => "throughput",
            SectionName::Milp => "milp",
            SectionName::Proportional => "proportional",
            SectionName::Features => "features",
            SectionName::Service => "service",
            SectionName::Fairness => "fairness",
            SectionName::Roadmap => "roadmap",
            SectionName::Levers => "levers",
            SectionName::Serve => "serve",
        }
    }
}

/// Why the bench stopped.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The OS reason is the error's source (printed once, by the chain).
    #[error("{}", path.display())]
    Io {
        /// The file or folder the bench could not read or write.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A measured command could not be started.
    #[error("starting `{command}`")]
    Spawn {
        /// The command line.
        command: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// A measured command ended without success.
    #[error("`{command}` failed ({ending}): {stderr}")]
    Failed {
        /// The command line.
        command: String,
        /// How it ended: `exit code N`, `signal N` or `killed at the deadline`.
        ending: String,
        /// What it wrote on stderr.
        stderr: String,
    },
    /// A measured run's `summary.json` (or another file it wrote) cannot
    /// be read or lacks a figure the bench needs.
    #[error("reading {}: {problem}", path.display())]
    Summary {
        /// The file that cannot be read.
        path: PathBuf,
        /// What is wrong with it, in words.
        problem: String,
    },
    /// A scenario or its data cannot be read (the error names the file).
    #[error(transparent)]
    Input(#[from] InputError),
    /// A solve in process failed.
    #[error("solving {label}")]
    Solve {
        /// The instance's label.
        label: String,
        /// Why the solve failed.
        #[source]
        source: SolveError,
    },
    /// Sample points cannot be drawn (the throughput section).
    #[error(transparent)]
    Sample(#[from] SampleError),
    /// A chart cannot be drawn.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// The scaling CSV cannot be read or written.
    #[error(transparent)]
    ScalingCsv(#[from] ScalingCsvError),
    /// The output folder was refused or cannot be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A section's CSV cannot be written.
    #[error("writing a CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// A scenario the bench measures.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// `province (baseline)`, `generated 40000`.
    pub label: String,
    /// The scenario file.
    pub scenario: PathBuf,
    /// Stations in its data.
    pub stations: usize,
    /// Counties in its data.
    pub counties: usize,
    /// How it was generated, if it was.
    pub generated: Option<GenSpec>,
}

impl Instance {
    /// Reads the scenario and its data.
    pub fn load(&self) -> Result<Loaded, BenchError> {
        Ok(pipeline::load(&self.scenario)?)
    }

    /// A scenario file as an instance.
    pub fn from_scenario(path: &Path) -> Result<Instance, BenchError> {
        let loaded = pipeline::load(path)?;
        Ok(Instance {
            label: format!("province ({})", loaded.scenario.name),
            scenario: path.to_path_buf(),
            stations: loaded.province.stations.len(),
            counties: loaded.province.counties.len(),
            generated: None,
        })
    }
}

/// The state of one bench run, shared by its sections.
pub struct Ctx<'a> {
    /// The bench's options.
    pub options: &'a Options,
    /// Where generated instances are written (kept).
    pub instances: PathBuf,
    /// Where measured commands write their output folders (removed).
    pub runs: PathBuf,
    /// Progress lines (the command prints them on stderr).
    pub progress: &'a dyn Fn(&str),
    next_run: Cell<usize>,
    generated: RefCell<BTreeMap<(String, usize), Instance>>,
}

impl Ctx<'_> {
    /// A new output folder for one run (not yet created).
    pub fn fresh_run_dir(&self) -> PathBuf {
        let n = self.next_run.get();
        self.next_run.set(n + 1);
        self.runs.join(format!("run-{n}"))
    }

    /// The generated instance of `stations` stations (0.07 counties per
    /// station, the run's seed), written once per run by `staffing
    /// generate` in a child process (the user's command; this process stays
    /// small, see [`child`]).
    pub fn generated(&self, stations: usize) -> Result<Instance, BenchError> {
        self.generated_in("", stations)
    }

    /// As [`Ctx::generated`], in a subfolder of the instances.
    pub fn generated_in(&self, group: &str, stations: usize) -> Result<Instance, BenchError> {
        let key = (group.to_string(), stations);
        if let Some(inst) = self.generated.borrow().get(&key) {
            return Ok(inst.clone());
        }
        (self.progress)(&format!("generating {stations} stations"));
        let counties =
            ((stations as f64 * COUNTIES_PER_STATION).round() as usize).clamp(1, stations.max(1));
        let spec = GenSpec {
            counties,
            stations,
            seed: self.options.seed,
        };
        let folder = self.instances.join(group).join(format!("n{stations}"));
        let args = vec![
            "generate".into(),
            "--counties".into(),
            counties.to_string().into(),
            "--stations".into(),
            stations.to_string().into(),
            "--seed".into(),
            spec.seed.to_string().into(),
            folder.clone().into(),
        ];
        let command = format!(
            "staffing generate --counties {counties} --stations {stations} --seed {} {}",
            spec.seed,
            folder.display()
        );
        let run = child::measure(&child::ChildSpec {
            program: self.options.exe.clone(),
            args,
            cores: child::Cores::All,
            deadline: std::time::Duration::from_secs(600),
        })
        .map_err(|source| BenchError::Spawn {
            command: command.clone(),
            source,
        })?;
        if !run.success() {
            return Err(BenchError::Failed {
                command,
                ending: run.ending(),
                stderr: run.stderr.trim().to_string(),
            });
        }
        let inst = Instance {
            label: format!("generated {stations}"),
            scenario: folder.join("scenario.toml"),
            stations,
            counties,
            generated: Some(spec),
        };
        self.generated.borrow_mut().insert(key, inst.clone());
        Ok(inst)
    }
}

/// What a bench run wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    /// The text of `report.md`.
    pub report: String,
    /// Files written into the output folder, by name.
    pub files: Vec<String>,
    /// Every target, judged.
    pub verdicts: Vec<targets::Verdict>,
}

/// Removes the runs folder however the bench ends: each run's output folder
/// as staffing removes its own (only the files its marker lists), then the
/// folder itself if that left it empty. Nothing else is ever removed.
struct RunsGuard(PathBuf);

impl Drop for RunsGuard {
    fn drop(&mut self) {
        if let Ok(entries) = std::fs::read_dir(&self.0) {
            for e in entries.flatten() {
                let _ = crate::output::remove_output_folder(&e.path());
            }
        }
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// Measures the chosen sections ([`Options::sections`]) and writes the
/// report and CSVs into [`Options::out`].
pub fn run(options: &Options, progress: &dyn Fn(&str)) -> Result<Done, BenchError> {
    let claimed = folder::claim(&options.out)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BenchError::Io { path, source }
    };
    let runs = options.out.join("runs");
    std::fs::create_dir_all(&runs).map_err(io(&runs))?;
    let _guard = RunsGuard(runs.clone());
    let ctx = Ctx {
        options,
        instances: options.out.join("instances"),
        runs,
        progress,
        next_run: Cell::new(0),
        generated: RefCell::new(BTreeMap::new()),
    };
    let machine = report::Machine::now();
    let (sections, verdicts) = measure(&ctx)?;
    let text = report::assemble(options, &machine, &sections, &verdicts)?;
    let files = report::write(&claimed, &text, &sections)?;
    Ok(Done {
        report: text.markdown,
        files,
        verdicts,
    })
}

/// Every chosen section, in report order, and the judged targets.
fn measure(ctx: &Ctx) -> Result<(Vec<report::Section>, Vec<targets::Verdict>), BenchError> {
    use SectionName as S;
    let options = ctx.options;
    let want = |s: SectionName| options.sections.contains(&s);
    let province = options
        .province
        .as_deref()
        .map(Instance::from_scenario)
        .transpose()?;
    let needs_nation = want(S::DefaultPath)
        || want(S::Service)
        || want(S::Fairness)
        || want(S::Serve)
        || (want(S::Throughput) && province.is_none());
    let nation = needs_nation
        .then(|| ctx.generated(options.max_stations))
        .transpose()?;
    let instances: Vec<&Instance> = province.iter().chain(nation.as_ref()).collect();
    let sizes: Vec<usize> = SIZES
        .iter()
        .copied()
        .filter(|&n| n <= options.max_stations)
        .collect();

    // Every child first: a child's peak memory cannot be told below this
    // process's own (see `child`), so the in-process work comes after.
    let default_rows = match want(S::DefaultPath) {
        true => e2e::default_path(ctx, &instances)?,
        false => Vec::new(),
    };
    let scaling_runs = match want(S::Scaling) {
        true => e2e::scaling_runs(ctx, &sizes)?,
        false => Vec::new(),
    };
    let milp_rows = match want(S::Milp) {
        true => milp::milp(ctx)?,
        false => Vec::new(),
    };
    let one_county_rows = match want(S::OneCounty) {
        true => one_county::one_county(ctx)?,
        false => Vec::new(),
    };

    let mut sections = Vec::new();
    let mut verdicts = Vec::new();
    if want(S::DefaultPath) {
        let stages = instances
            .iter()
            .map(|i| {
                (ctx.progress)(&format!("stages in process: {}", i.label));
                e2e::stages(ctx, i)
            })
            .collect::<Result<Vec<_>, BenchError>>()?;
        verdicts = targets::judge(&default_rows);
        sections.push(report::default_path(&default_rows, &stages, &verdicts)?);
    }
    if want(S::Scaling) {
        let rows = e2e::scaling(ctx, scaling_runs)?;
        sections.push(report::scaling(&rows, options.lang)?);
    }
    if want(S::OneCounty) {
        sections.push(report::one_county(&one_county_rows)?);
    }
    if let Some(main) = province
        .as_ref()
        .or(nation.as_ref())
        .filter(|_| want(S::Throughput))
    {
        let points = throughput::sample_points(options.seed, options.points);
        let t = throughput::throughput_section(ctx, main, &points)?;
        sections.push(report::throughput(&t, options)?);
        (ctx.progress)("robust plan");
        let r = throughput::robust(main, &points, &t.levels)?;
        sections.push(report::robust(r.as_ref()));
    }
    if want(S::Milp) {
        sections.push(report::milp(&milp_rows, options)?);
    }
    in_process(
        ctx,
        province.as_ref(),
        nation.as_ref(),
        &sizes,
        &mut sections,
    )?;
    Ok((sections, verdicts))
}

/// The sections measured in this process after every child: proportional
/// rounding, the features, the service standard, the balance targets, the
/// roadmap, the levers and the what-if server.
fn in_process(
    ctx: &Ctx,
    province: Option<&Instance>,
    nation: Option<&Instance>,
    sizes: &[usize],
    sections: &mut Vec<report::Section>,
) -> Result<(), BenchError> {
    use SectionName as S;
    let options = ctx.options;
    let want = |s: SectionName| options.sections.contains(&s);
    let progress = ctx.progress;
    if want(S::Proportional) {
        let mut targets: Vec<&Instance> = province.into_iter().collect();
        let big = sizes.iter().rev().find(|&&n| n <= 10_000);
        let big = big.map(|&n| ctx.generated(n)).transpose()?;
        targets.extend(big.as_ref());
        progress("proportional rounding");
        let rows = proportional::proportional(&targets)?;
        sections.push(report::proportional(&rows)?);
    }
    if want(S::Features) {
        progress("feature costs");
        let mut features = Vec::new();
        if let Some(p) = province {
            features.extend(features::real_strength(p, 101)?);
        }
        sections.push(report::features(&features));
    }
    if let Some(nation) = nation.filter(|_| want(S::Service)) {
        let pass = service::service_section(ctx, nation)?;
        sections.push(report::service(&pass)?);
    }
    if want(S::Fairness) {
        progress("balance targets");
        let instances: Vec<&Instance> = province.into_iter().chain(nation).collect();
        let rows = fairness::fairness(&instances, options.repeat)?;
        sections.push(report::fairness(&rows)?);
    }
    if let Some(p) = province.filter(|_| want(S::Roadmap)) {
        let rows = roadmap::roadmap_section(ctx, &p.scenario)?;
        sections.push(report::roadmap(&rows)?);
    }
    if let Some(p) = province.filter(|_| want(S::Levers)) {
        let rows = levers::levers(ctx, p)?;
        sections.push(report::levers(&rows)?);
    }
    if want(S::Serve) {
        let instances: Vec<&Instance> = province.into_iter().chain(nation).collect();
        let rows = serve::serve_section(ctx, &instances)?;
        sections.push(report::serve(&rows)?);
    }
    Ok(())
}

/// `--plot-only`: redraws `scaling.svg` and `scaling.png` in `out` from the
/// `scaling.csv` there; measures nothing.
pub fn redraw_chart(out: &Path, lang: Lang) -> Result<chart::Scaling, BenchError> {
    let names = ["scaling.svg", "scaling.png"].map(String::from);
    let claimed = folder::claim_files(out, &names)?;
    let path = out.join(SCALING_CSV);
    let csv = std::fs::read(&path).map_err(|source| BenchError::Io {
        path: path.clone(),
        source,
    })?;
    let figure = chart::Scaling::new(chart::parse_scaling_csv(&csv)?, lang);
    let files = report::chart_files(&figure)?;
    folder::write(&claimed, &files)?;
    Ok(figure)
}
