//! A multi-year roadmap (`staffing roadmap`): retirements, leavers and
//! recruits year by year, and each year's exact plan.
//!
//! Each year t of the roadmap (`[roadmap] start_year`, `years`), in order
//! ([`run_year`]):
//! 1. the force ages, retires and loses its leavers ([`ageing`]: cohorts
//!    by birth month and sex carried in fractions, made whole once a year
//!    by largest remainder over the counties, so every count is whole and
//!    conservation holds), the auxiliary budget is filled and restricted
//!    officers keep their share of each age band;
//! 2. the year's recruits are placed ([`place`]): where they raise the
//!    year's balance level most, exactly (the recruits lever with a cap per
//!    county), the rest where the balance is worst — or, in horizon mode,
//!    as the plan over all years decided ([`horizon`]);
//! 3. the year's exact plan is made by the one pipeline
//!    ([`crate::pipeline::solve_placed`]): highest balance level, then the
//!    fewest moves from the previous year's plan (less this year's
//!    leavers), checked independently, every figure computed;
//! 4. the previous plan becomes "today" for the next year ([`ageing::State::apply`]).
//!
//! The workload of year k (0 for the first) is today's calls × (1 + g)^k
//! (`[roadmap] call_growth_rate`), the auxiliary budget the year's. Outputs
//! ([`store`]): `roadmap.csv`, `roadmap_counties.csv`, `summary.json`, a
//! plan folder per year (the same files a solve writes) and `report.html`
//! with the trajectory charts. The math and its proofs: `docs/roadmap.md`.

pub mod ageing;
pub mod charts;
pub mod data;
pub mod events;
pub mod exec;
pub mod figures;
mod finish;
pub mod horizon;
pub mod limits;
pub mod milp;
pub mod no_plan;
pub mod page;
pub mod place;
pub mod roster;
pub mod store;
pub mod summary;
pub mod table;
pub mod trust;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{InputError, OutputError};
use crate::model::requirement::requirements;
use crate::outcome::{InputDigest, Parameter};
use crate::pipeline::{self, Loaded, Solution, SolveError};
use crate::plan::Recruits;
use crate::scenario::roadmap::{RoadmapMode, RoadmapSpec};
use ageing::{year_params, Losses, State};
use data::AgeData;
use figures::{year_figures, YearFigures};
use no_plan::NoPlan;
use place::{fill, place_year, Placement, Short};

/// Why a roadmap stopped.
#[derive(Debug, thiserror::Error)]
pub enum RoadmapError {
    /// Bad input (exit 2): the file, row, column and value, or the key.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A year admits no plan (exit 1): which year, county and rule.
    #[error("{year}: no plan meets every rule: {reason}")]
    Infeasible {
        /// The calendar year with no plan.
        year: i32,
        /// The infeasibility in policy terms (county, rule, by how much);
        /// its `Display` is the English the files carry.
        reason: NoPlan,
    },
    /// The outputs could not be written, or the folder is not ours.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A bug (exit 3).
    #[error("internal error in year {year}: {message}")]
    Internal {
        /// The calendar year being planned (0: before any year).
        year: i32,
        /// What went wrong.
        message: String,
    },
}

/// A roadmap scenario with its data, ready to plan.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The scenario and today's data, as `solve` loads them.
    pub loaded: Loaded,
    /// The scenario's `[roadmap]` section: start year, years, mode and rates.
    pub spec: RoadmapSpec,
    /// The officers' ages, from the age bands or a roster.
    pub ages: AgeData,
    /// The force at the start.
    pub start: State,
    /// Recruits a year at most, per county.
    pub caps: Vec<Option<i64>>,
    /// The auxiliary budget, per year.
    pub aux_budgets: Vec<i64>,
    /// Every input's SHA-256, the roster's too.
    pub inputs: Vec<InputDigest>,
}

fn scenario_error(file: &Path, message: impl Into<String>) -> InputError {
    InputError::Scenario {
        file: file.to_path_buf(),
        message: message.into(),
    }
}

/// Reads a roadmap scenario and its data, and builds the force at the
/// start. Says exactly what is missing when the scenario has no
/// `[roadmap]` table or the data no age structure.
pub fn prepare(path: &Path) -> Result<Prepared, InputError> {
    prepare_with(path, &[])
}

/// [`prepare`] with `--set key=value` overrides
/// ([`crate::scenario::overrides`]), checked like the file.
pub fn prepare_with(path: &Path, sets: &[(String, String)]) -> Result<Prepared, InputError> {
    let loaded = pipeline::load_with(path, sets)?;
    prepare_loaded(loaded)
}

/// [`prepare`] from a loaded scenario.
pub fn prepare_loaded(mut loaded: Loaded) -> Result<Prepared, InputError> {
    let file = loaded.scenario.file.clone();
    let Some(spec) = loaded.scenario.roadmap.clone() else {
        return Err(scenario_error(
            &file,
            "the scenario has no [roadmap] table; add one, for example [roadmap] start_year = 2025, years = 5, recruits = 1000 (see docs/roadmap.md)",
        ));
    };
    if loaded.scenario.force_levers.active() {
        return Err(scenario_error(
            &file,
            "the roadmap places its own recruits ([roadmap] recruits) and its force changes come from retirements and leavers: remove [recruits] and [force] from the scenario (or the scenario it extends)",
        ));
    }
    for table in ["sweep", "sample"] {
        if loaded.scenario.table.contains_key(table) {
            return Err(scenario_error(
                &file,
                format!("the roadmap does not run a [{table}] table; remove it, or run the sweep with `staffing sweep`"),
            ));
        }
    }
    let ages = match &spec.roster {
        Some(path) => roster::load(path, &loaded.scenario, &spec, &loaded.province)?,
        None => data::load(&loaded.scenario, &spec, &loaded.province)?,
    };
    let start = State::new(
        &loaded.province,
        &ages,
        &spec,
        loaded.params.strength.recall_seconded,
        &file,
    )?;
    // Officers the data put past their retirement age: named, and retired
    // in the first year.
    loaded.warnings.extend(ages.warnings.iter().cloned());
    loaded
        .warnings
        .extend(start.past_retirement_warning(&ages, &spec));
    let caps: Vec<Option<i64>> = ages
        .max_recruits
        .iter()
        .map(|c| c.or(spec.recruits_cap))
        .collect();
    // `roadmap.auxiliary_budget` is a provincial budget a year; county
    // budgets (the default) stay each county's own posts every year.
    if spec.auxiliary_budget.is_some()
        && loaded.params.auxiliaries.budget_scope == crate::domain::BudgetScope::County
    {
        return Err(scenario_error(
            &file,
            "`roadmap.auxiliary_budget` is a provincial budget of auxiliary posts a year, but the scenario plans each county's own posts ([auxiliaries] budget_scope = \"county\", the default); set `[auxiliaries] budget_scope = \"province\"` to plan a provincial budget, or remove `roadmap.auxiliary_budget` to keep each county's posts every year",
        ));
    }
    let aux_budgets = match &spec.auxiliary_budget {
        Some(b) => b.clone(),
        None => vec![loaded.params.auxiliaries.total; spec.years],
    };
    let mut inputs = loaded.inputs.clone();
    if let Some(roster) = &spec.roster {
        let (f, _) = crate::input::excel::split_sheet(roster);
        let bytes = crate::input::file::read_input(&f)?;
        inputs.push(InputDigest {
            role: "roster".into(),
            path: f.display().to_string(),
            sha256: format!("{:x}", Sha256::digest(&bytes)),
            encoding: None,
            sheet: None,
            delimiter: None,
        });
    }
    // Every year's plan names every input, the roster too.
    loaded.inputs = inputs.clone();
    Ok(Prepared {
        loaded,
        spec,
        ages,
        start,
        caps,
        aux_budgets,
        inputs,
    })
}

/// How a year's recruits are placed.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Where they raise the year's level most ([`place_year`]).
    Myopic,
    /// As given per county (the horizon's plan); the rest of the year's
    /// recruits by [`fill`].
    Given(Vec<i64>),
}

/// One planned year.
#[derive(Debug, Clone)]
pub struct Year {
    /// The calendar year.
    pub year: i32,
    /// The year's figures, as `roadmap.csv` and the report show them.
    pub figures: YearFigures,
    /// Where the year's recruits went, per county.
    pub placement: Placement,
    /// The year's plan and its outcome, as `solve` produces them.
    pub solution: Solution,
    /// The force after the year.
    pub state: State,
}

impl Prepared {
    /// The calendar year of index k.
    pub fn year_of(&self, k: usize) -> i32 {
        self.spec.start_year + k as i32
    }

    /// The parameters of year k.
    pub fn params_of(&self, k: usize) -> crate::domain::Params {
        year_params(&self.loaded.params, &self.spec, k, self.aux_budgets[k])
    }

    /// Year k's requirements, refused (bad input, naming the stations
    /// table) when the year's call growth takes one out of range.
    pub fn requirements_of(
        &self,
        province: &crate::domain::Province,
        params: &crate::domain::Params,
        k: usize,
    ) -> Result<Vec<crate::model::need::Requirement>, RoadmapError> {
        limits::check_year_requirements(self, province, params, k)?;
        Ok(requirements(province, params))
    }

    /// The county ids, in order.
    pub fn county_ids(&self) -> Vec<String> {
        self.loaded
            .province
            .counties
            .iter()
            .map(|c| c.id.clone())
            .collect()
    }

    /// The county (id, name) pairs, in order.
    pub fn county_names(&self) -> Vec<(String, String)> {
        self.loaded
            .province
            .counties
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect()
    }

    /// The recruits of year k.
    pub fn recruits_of(&self, k: usize) -> i64 {
        self.spec.recruits[k]
    }

    /// The province of year k after the year's flows, from the force at
    /// the end of the previous year: (losses, force at the start per
    /// county, the province the year's plan starts from).
    pub fn after_flows(
        &self,
        state: &mut State,
        k: usize,
    ) -> (Losses, Vec<i64>, crate::domain::Province) {
        let base = &self.loaded.province;
        let t = self.year_of(k);
        let force_start: Vec<i64> = (0..base.counties.len())
            .map(|c| state.force(base, c))
            .collect();
        let losses = state.flows(base, t, &self.spec, self.aux_budgets[k]);
        let province = state.province(base, t, self.spec.restricted_from_age);
        (losses, force_start, province)
    }
}

/// Why a year is too short of recruits for level 0.
fn short_reason(short: Short, recruits: i64) -> NoPlan {
    NoPlan::Short {
        needed: short.needed,
        recruits,
        counties: short.counties,
    }
}

/// Plans year k from the force `state` at the end of the previous year
/// (module documentation).
pub fn run_year(
    prep: &Prepared,
    state: &State,
    k: usize,
    rule: &Rule,
) -> Result<Year, RoadmapError> {
    let t = prep.year_of(k);
    let mut st = state.clone();
    let (losses, force_start, province) = prep.after_flows(&mut st, k);
    let params = prep.params_of(k);
    let reqs = prep.requirements_of(&province, &params, k)?;
    let recruits = prep.recruits_of(k);
    let placement = match rule {
        Rule::Myopic => {
            place_year(&province, &reqs, &params, recruits, &prep.caps).map_err(|short| {
                RoadmapError::Infeasible {
                    year: t,
                    reason: short_reason(short, recruits),
                }
            })?
        }
        Rule::Given(given) => {
            let mut per_county = given.clone();
            let left = recruits - per_county.iter().sum::<i64>();
            let unplaced = fill(&province, &reqs, &params, &prep.caps, &mut per_county, left);
            Placement {
                level: None,
                per_county,
                for_level: given.clone(),
                unplaced,
            }
        }
    };
    let mut scenario = prep.loaded.scenario.clone();
    scenario.name = format!("{} {t}", prep.loaded.scenario.name);
    let year_loaded = prep
        .loaded
        .variant(scenario, Some(province.clone()), params.clone())
        .map_err(RoadmapError::Input)?;
    let recruits_out = Recruits {
        level: placement.level,
        per_county: placement.per_county.clone(),
        used: placement.placed(),
        leftover: placement.unplaced,
    };
    let mut solution = match pipeline::solve_placed(&year_loaded, recruits_out) {
        Ok(s) => s,
        Err(SolveError::Infeasible(reasons)) => {
            return Err(RoadmapError::Infeasible {
                year: t,
                reason: NoPlan::Rules(reasons),
            });
        }
        Err(SolveError::Lever(e)) if e.is_infeasible() => {
            return Err(RoadmapError::Infeasible {
                year: t,
                reason: NoPlan::Lever(e),
            })
        }
        Err(e) => {
            return Err(RoadmapError::Internal {
                year: t,
                message: e.to_string(),
            })
        }
    };
    solution
        .outcome
        .parameters
        .extend(year_parameters(prep, k, &params));
    st.apply(
        &province,
        &solution.outcome.plan,
        &placement.per_county,
        t,
        &prep.spec,
    )
    .map_err(|message| RoadmapError::Internal { year: t, message })?;
    let figures = year_figures(t, &force_start, &losses, &placement, &solution, st.ages(t));
    Ok(Year {
        year: t,
        figures,
        placement,
        solution,
        state: st,
    })
}

/// The roadmap's own parameters of year k, added to the year's parameter
/// table: the year, its call multiplier and auxiliary budget.
fn year_parameters(prep: &Prepared, k: usize, params: &crate::domain::Params) -> Vec<Parameter> {
    let set = |path: &str,
               label: (&'static str, &'static str),
               unit: (&'static str, &'static str),
               value: String| Parameter {
        path: path.to_string(),
        label,
        unit,
        value,
        set: true,
    };
    vec![
        set(
            "roadmap year",
            ("规划年份", "roadmap year"),
            ("", ""),
            format!("{} ({} of {})", prep.year_of(k), k + 1, prep.spec.years),
        ),
        set(
            "workload.call_growth (this year)",
            ("本年警情增长倍数", "call growth this year"),
            ("倍", "×"),
            crate::numeric::show(params.workload.call_growth),
        ),
        set(
            "auxiliaries.total (this year)",
            ("本年辅警编制", "auxiliary budget this year"),
            ("人", "posts"),
            params.auxiliaries.total.to_string(),
        ),
        set(
            "roadmap.recruits (this year)",
            ("本年招录民警", "recruits this year"),
            ("人", "officers"),
            prep.recruits_of(k).to_string(),
        ),
    ]
}

/// The mode a run uses: the scenario's unless overridden.
pub fn mode_of(prep: &Prepared, over: Option<RoadmapMode>) -> RoadmapMode {
    over.unwrap_or(prep.spec.mode)
}
