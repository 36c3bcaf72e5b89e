//! Loading a run: the scenario, its data and the levers that change the
//! data, validated into one [`Loaded`].

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::domain::{Params, Province};
use crate::error::{InputError, Warning};
use crate::input::excel::split_sheet;
use crate::input::table::Origin;
use crate::input::{read_province, ProvinceData};
use crate::model::merge::{self, MergeGroup};
use crate::outcome::InputDigest;
use crate::scenario::{self, Scenario};

/// A scenario with its data, validated and ready to solve.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The scenario as read (overrides applied).
    pub scenario: Scenario,
    /// Today's data (after the scenario's station lists and mergers).
    pub province: Arc<Province>,
    /// The parameters the scenario resolves to on these data.
    pub params: Params,
    /// A SHA-256 of each input file, for the provenance.
    pub inputs: Vec<InputDigest>,
    /// The data before the scenario's `[[mergers]]`, when it has any: the
    /// plan is compared with the plan without them.
    pub unmerged: Option<Arc<Province>>,
    /// What looks wrong in the data without being invalid (a header close
    /// to a known one, a value far from its peers): `check` and `solve`
    /// print them, the summary lists them.
    pub warnings: Vec<Warning>,
}

impl Loaded {
    /// One plan of a run of many plans — a point of a sweep, a year of a
    /// roadmap — on the data loaded once: the plan's own scenario and
    /// parameters (changed only through the key registry,
    /// [`keys::set`](crate::scenario::keys::set)), on `province` when the
    /// plan has data of its own (a roadmap year's force; the comparison
    /// without mergers then does not apply), with the same inputs and data warnings. Checked as a loaded
    /// scenario is: its requirements must be in range on the data.
    pub fn variant(
        &self,
        scenario: Scenario,
        province: Option<Province>,
        params: Params,
    ) -> Result<Loaded, InputError> {
        let (province, unmerged) = match province {
            Some(p) => (Arc::new(p), None),
            None => (self.province.clone(), self.unmerged.clone()),
        };
        check(&scenario, &province, &params)?;
        Ok(Loaded {
            scenario,
            province,
            params,
            inputs: self.inputs.clone(),
            unmerged,
            warnings: self.warnings.clone(),
        })
    }
}

/// The digest of a table the province was read from: `sha256` is that of
/// the bytes read.
fn digest(
    role: &str,
    path: &Path,
    sha256: String,
    origin: &Origin,
    delimiter: Option<char>,
) -> InputDigest {
    let (file, _) = split_sheet(path);
    let (encoding, sheet) = match origin {
        Origin::Csv(e) => (Some(e.as_str().to_string()), None),
        Origin::Sheet { sheet } => (None, Some(sheet.clone())),
    };
    InputDigest {
        role: role.into(),
        path: file.display().to_string(),
        sha256,
        encoding,
        sheet,
        delimiter: delimiter
            .filter(|d| *d != ',')
            .map(|d| crate::input::table::delimiter_name(d).to_string()),
    }
}

/// Reads and validates a scenario and its data.
pub fn load(scenario_path: &Path) -> Result<Loaded, InputError> {
    let scenario = scenario::load(scenario_path)?;
    load_scenario(scenario)
}

/// Reads and validates a scenario with `--set key=value` overrides
/// ([`scenario::overrides`]) and its data.
pub fn load_with(scenario_path: &Path, sets: &[(String, String)]) -> Result<Loaded, InputError> {
    load_scenario(scenario::load_with(scenario_path, sets)?)
}

/// Reads and validates the data of a parsed scenario, and checks that its
/// values give requirements in range on that data.
pub fn load_scenario(scenario: Scenario) -> Result<Loaded, InputError> {
    let loaded = load_data(scenario)?;
    check(&loaded.scenario, &loaded.province, &loaded.params)?;
    Ok(loaded)
}

/// Each value of a scenario is in range; their combination on the data
/// must be too: the requirements of every station
/// ([`crate::model::requirement::check_requirements`]).
fn check(scenario: &Scenario, province: &Province, params: &Params) -> Result<(), InputError> {
    crate::model::requirement::check_requirements(province, params).map_err(|e| InputError::File {
        file: scenario.stations.clone(),
        problem: format!("{e} (with the values of {})", scenario.file.display()),
    })
}

/// Reads and validates the data of a parsed scenario, without judging the
/// scenario's values against it ([`load_scenario`] does): the data a run
/// of many plans loads once, each plan of which is a
/// [`Loaded::variant`].
pub fn load_data(scenario: Scenario) -> Result<Loaded, InputError> {
    load_data_of(scenario, None)
}

/// [`load_scenario`] of a scenario whose file is `text` rather than a file
/// on disk (its digest is taken from `text`; its path is the scenario's):
/// the what-if `staffing serve` offers for download, solved before it is
/// saved.
pub fn load_scenario_text(scenario: Scenario, text: &[u8]) -> Result<Loaded, InputError> {
    let loaded = load_data_of(scenario, Some(text))?;
    check(&loaded.scenario, &loaded.province, &loaded.params)?;
    Ok(loaded)
}

fn load_data_of(scenario: Scenario, text: Option<&[u8]>) -> Result<Loaded, InputError> {
    let ProvinceData {
        mut province,
        origins: [station_origin, county_origin],
        delimiters: [station_delimiter, county_delimiter],
        sha256: [station_sha, county_sha],
        warnings,
    } = read_province(
        &scenario.stations,
        &scenario.counties,
        &scenario.workload.residents_per_community_officer,
    )?;
    apply_scenario_levers(&scenario, &mut province)?;
    let unmerged = if scenario.mergers.is_empty() {
        None
    } else {
        let groups: Vec<MergeGroup> = scenario
            .mergers
            .iter()
            .map(|m| MergeGroup {
                lead: m.lead.clone(),
                members: m.members.clone(),
            })
            .collect();
        let merged = merge::apply(&province, &groups).map_err(|e| InputError::Scenario {
            file: scenario.file.clone(),
            message: format!("[[mergers]]: {e}"),
        })?;
        Some(std::mem::replace(&mut province, merged))
    };
    // Plan on real strength: the books become the real deployment once,
    // before either phase (docs/strength.md).
    let recall = scenario.strength.recall_seconded;
    let from = scenario.strength.seconded_from;
    crate::model::strength::real_strength_from(&mut province, recall, from);
    let mut unmerged = unmerged;
    if let Some(p) = unmerged.as_mut() {
        crate::model::strength::real_strength_from(p, recall, from);
    }
    let today: i64 = province.stations.iter().map(|s| s.auxiliaries).sum();
    let params = scenario.params(today);
    county_auxiliary_budgets(&scenario, &params, &mut province)?;
    if let Some(p) = unmerged.as_mut() {
        county_auxiliary_budgets(&scenario, &params, p)?;
    }
    let scenario_sha = match text {
        Some(text) => Sha256::digest(text),
        None => Sha256::digest(crate::input::file::read_input(&scenario.file)?),
    };
    let scenario_digest = InputDigest {
        role: "scenario".into(),
        path: scenario.file.display().to_string(),
        sha256: format!("{scenario_sha:x}"),
        encoding: None,
        sheet: None,
        delimiter: None,
    };
    let inputs = vec![
        scenario_digest,
        digest(
            "stations",
            &scenario.stations,
            station_sha,
            &station_origin,
            station_delimiter,
        ),
        digest(
            "counties",
            &scenario.counties,
            county_sha,
            &county_origin,
            county_delimiter,
        ),
    ];
    Ok(Loaded {
        scenario,
        province: Arc::new(province),
        params,
        inputs,
        unmerged: unmerged.map(Arc::new),
        warnings,
    })
}

/// Settles each county's auxiliary budget once, from today's data: under a
/// county budget (`[auxiliaries] budget_scope = "county"`, the default) a
/// county without an `auxiliary_budget` cell keeps today's posts, so that
/// later changes to the stations (a roadmap's turnover) do not shrink it.
/// Under a provincial budget the column has no meaning, and a scenario
/// that gives both is refused rather than one of them ignored.
fn county_auxiliary_budgets(
    scenario: &Scenario,
    params: &Params,
    province: &mut Province,
) -> Result<(), InputError> {
    match params.auxiliaries.budget_scope {
        crate::domain::BudgetScope::County => {
            for c in &mut province.counties {
                let posts = c.auxiliary_posts(&province.stations);
                c.auxiliary_budget = Some(posts);
            }
            Ok(())
        }
        crate::domain::BudgetScope::Province => {
            match province.counties.iter().find(|c| c.auxiliary_budget.is_some()) {
                None => Ok(()),
                Some(c) => Err(InputError::File {
                    file: scenario.counties.clone(),
                    problem: format!(
                        "the column `auxiliary_budget` gives county {} {} auxiliary posts, but {} plans one provincial total ([auxiliaries] budget_scope = \"province\", or a provincial `total`); remove the column, or plan each county's posts with budget_scope = \"county\" (and no `total`)",
                        c.id,
                        c.auxiliary_budget.unwrap_or(0),
                        scenario.file.display()
                    ),
                }),
            }
        }
    }
}

/// Applies the scenario's station list levers to the data and checks that
/// the data has what the scenario's levers need: `[stations] locked` ids
/// exist, and every declared call category has its `calls_<name>` column.
pub fn apply_scenario_levers(
    scenario: &Scenario,
    province: &mut Province,
) -> Result<(), InputError> {
    for id in &scenario.locked {
        match province.stations.iter_mut().find(|s| &s.id == id) {
            Some(s) => s.levers.locked = true,
            None => {
                return Err(InputError::Scenario {
                    file: scenario.file.clone(),
                    message: format!(
                        "`stations.locked` names station `{id}`, which is not in {}",
                        scenario.stations.display()
                    ),
                })
            }
        }
    }
    if let Some(service) = &scenario.workload.service {
        let listed = [
            ("pool_kinds", &service.pool.kinds),
            ("standby_kinds", &service.standby.kinds),
        ];
        for (key, named) in listed {
            for kind in named.iter().flatten() {
                if !province.stations.iter().any(|s| &s.kind == kind) {
                    return Err(InputError::Scenario {
                        file: scenario.file.clone(),
                        message: format!(
                            "`workload.service.{key}` names the station kind `{kind}`, which no station in {} has; the kinds there are {}",
                            scenario.stations.display(),
                            kinds(province)
                        ),
                    });
                }
            }
        }
        for kind in service.hourly_profile_by_kind.keys() {
            if !province.stations.iter().any(|s| &s.kind == kind) {
                return Err(InputError::Scenario {
                    file: scenario.file.clone(),
                    message: format!(
                        "`workload.service.hourly_profile_by_kind.{kind}` names the station kind `{kind}`, which no station in {} has; the kinds there are {}",
                        scenario.stations.display(),
                        kinds(province)
                    ),
                });
            }
        }
    }
    for name in scenario.workload.categories.keys() {
        let present = province
            .stations
            .iter()
            .any(|s| s.levers.calls_by_category.contains_key(name));
        if !present {
            return Err(InputError::File {
                file: scenario.stations.clone(),
                problem: format!(
                    "the scenario declares the call category `{name}` but no station has a value in a column `calls_{name}`; add the column or remove [workload.categories.{name}]"
                ),
            });
        }
    }
    Ok(())
}

/// The station kinds of the data, for messages: `rural`, `urban`.
fn kinds(province: &Province) -> String {
    let kinds: std::collections::BTreeSet<&str> =
        province.stations.iter().map(|s| s.kind.as_str()).collect();
    kinds
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
