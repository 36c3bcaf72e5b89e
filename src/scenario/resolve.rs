//! A deserialised scenario file resolved into a [`Scenario`]: every value
//! checked against its key's range, the data paths joined to the file's
//! folder, the workload, force and targets built.

use std::collections::BTreeMap;
use std::path::Path;

use super::service::resolve_service;
use super::{
    keys, roadmap, AuxiliariesFile, BudgetScopeFile, ForceFile, RecruitsFile, Scenario,
    ScenarioFile, ScopeFile, SecondedFromFile, StrengthFile, TwoTeamsFile, WorkloadFile,
};
use crate::domain::{
    Balance, BudgetScope, CallCategory, CommunityScope, ForceLevers, Levers, Quotas, SecondedFrom,
    StrengthParams, TwoTeamsOneRoom, Workload,
};
use crate::error::{Example, InputError, KeyProblem, Rule, Validity};
use crate::numeric::show;

/// Resolves a strictly parsed file (read from `path`) into a [`Scenario`].
pub(super) fn resolve(file: ScenarioFile, path: &Path) -> Result<Scenario, InputError> {
    let bad = |key: &str, value: String, valid: Validity| {
        InputError::key(
            path,
            KeyProblem::Invalid {
                key: key.to_string(),
                value,
                valid,
            },
        )
    };
    // Every value lies in the range the key registry gives it (keys.rs).
    let entry =
        |key: &str| keys::find(key).map_or((keys::Valid::Any, ""), |k| (k.valid, k.label.0));
    let real = |key: &str, v: f64| -> Result<f64, InputError> {
        let (valid, label) = entry(key);
        if valid.real(v) {
            Ok(v)
        } else {
            let why = match valid {
                keys::Valid::Share => Validity::share(v, show),
                other => other.validity(label),
            };
            Err(bad(key, show(v), why))
        }
    };
    let count = |key: &str, n: i64| -> Result<i64, InputError> {
        let (valid, label) = entry(key);
        match valid.count_validity(n, label) {
            None => Ok(n),
            Some(problem) => Err(bad(key, n.to_string(), problem)),
        }
    };
    let valid = |key: &str| entry(key).0;

    let workload = resolve_workload(file.workload, &bad, &real, &count)?;
    let quotas = Quotas {
        station_share: real("quotas.station_share", file.quotas.station_share)?,
        community_share: real("quotas.community_share", file.quotas.community_share)?,
        community_scope: match file.quotas.community_scope {
            ScopeFile::County => CommunityScope::County,
            ScopeFile::Station => CommunityScope::Station,
        },
    };
    let min_officers = count("stations.min_officers", file.station_defaults.min_officers)?;
    if let Some(total) = file.auxiliaries.total {
        count("auxiliaries.total", total)?;
    }
    let budget_scope = budget_scope(&file.auxiliaries, &bad)?;
    let per_village = real("auxiliaries.per_village", file.auxiliaries.per_village)?;
    let aux_duty_factor = real("auxiliaries.duty_factor", file.auxiliaries.duty_factor)?;
    let duty_posts = real("stations.duty_posts", file.station_defaults.duty_posts)?;
    for (key, v) in [
        ("moves.per_county", file.moves.per_county),
        ("moves.per_station", file.moves.per_station),
    ] {
        if let Some(v) = v {
            count(key, v)?;
        }
    }
    let levers = Levers {
        duty_posts,
        max_moves_per_county: file.moves.per_county,
        max_moves_per_station: file.moves.per_station,
        balance: Balance {
            officers: file.balance.target.into(),
            auxiliaries: file
                .balance
                .auxiliaries
                .unwrap_or(file.balance.target)
                .into(),
            cap: real(
                "balance.cap",
                file.balance.cap.unwrap_or(crate::domain::STANDARD_LEVEL),
            )?,
            compare: file.balance.compare,
        },
    };
    let tables = ForceTables {
        force: &file.force,
        recruits: &file.recruits,
        strength: &file.strength,
        two_teams_one_room: &file.station_defaults.two_teams_one_room,
    };
    let (force_levers, strength) = resolve_force(&tables, &bad, &valid, &count)?;
    let name = file.name.trim().to_string();
    if name.is_empty() {
        return Err(bad("name", "\"\"".into(), Validity::Name));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    let roadmap = match file.roadmap {
        None => None,
        Some(r) => {
            let roster = roadmap::roster_path(&r).map(|p| base.join(p));
            Some(roadmap::resolve(r, roster).map_err(|b| bad(&b.key, b.value, *b.valid))?)
        }
    };
    Ok(Scenario {
        name,
        description: file.description,
        file: path.to_path_buf(),
        extends: Vec::new(),
        table: toml::Table::new(),
        overrides: Vec::new(),
        stations: base.join(&file.stations),
        counties: base.join(&file.counties),
        workload,
        quotas,
        min_officers,
        auxiliaries_total: file.auxiliaries.total,
        budget_scope,
        per_village,
        aux_duty_factor,
        levers,
        locked: file.station_defaults.locked,
        mergers: file.mergers,
        force_levers,
        strength,
        roadmap,
    })
}

/// Where the auxiliary budget is set. A provincial total means a
/// provincial budget; a county budget has no provincial total to read, so
/// one given with it is refused rather than ignored.
fn budget_scope(
    aux: &AuxiliariesFile,
    bad: &dyn Fn(&str, String, Validity) -> InputError,
) -> Result<BudgetScope, InputError> {
    Ok(match (aux.budget_scope, aux.total) {
        (Some(BudgetScopeFile::County), Some(total)) => {
            return Err(bad(
                "auxiliaries.total",
                total.to_string(),
                Validity::Rule(Rule::TotalWithCountyBudgets),
            ))
        }
        (Some(BudgetScopeFile::County), None) => BudgetScope::County,
        (Some(BudgetScopeFile::Province), _) => BudgetScope::Province,
        (None, None) => BudgetScope::County,
        (None, Some(_)) => BudgetScope::Province,
    })
}

/// Validates `[workload]`: the norms, the call categories, the service
/// standard and every number in its registry range.
fn resolve_workload(
    w: WorkloadFile,
    bad: &dyn Fn(&str, String, Validity) -> InputError,
    real: &dyn Fn(&str, f64) -> Result<f64, InputError>,
    count: &dyn Fn(&str, i64) -> Result<i64, InputError>,
) -> Result<Workload, InputError> {
    let mut norms = BTreeMap::new();
    for (kind, v) in w.residents_per_community_officer {
        let key = format!("workload.residents_per_community_officer.{kind}");
        norms.insert(kind, real(&key, v)?);
    }
    if norms.is_empty() {
        return Err(bad(
            "workload.residents_per_community_officer",
            "{}".into(),
            Validity::Rule(Rule::NormsMissing),
        ));
    }
    let mut categories = BTreeMap::new();
    for (name, c) in w.categories {
        let key = format!("workload.categories.{name}");
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '-');
        if !valid_name {
            return Err(bad(
                &key,
                format!("\"{name}\""),
                Validity::Rule(Rule::CategoryName),
            ));
        }
        categories.insert(
            name,
            CallCategory {
                hours_per_call: real(&format!("{key}.hours_per_call"), c.hours_per_call)?,
                officers_per_call: real(&format!("{key}.officers_per_call"), c.officers_per_call)?,
                divertible: c.divertible,
            },
        );
    }
    let reactive_share = w.reactive_share;
    if reactive_share == 0.0 {
        return Err(bad(
            "workload.reactive_share",
            "0".into(),
            Validity::Rule(Rule::ReactiveShareZero),
        ));
    }
    let service = match w.service {
        None => None,
        Some(sf) => Some(resolve_service(sf, &bad, &real, &count)?),
    };
    Ok(Workload {
        hours_per_call: real("workload.hours_per_call", w.hours_per_call)?,
        officer_hours_per_year: real("workload.officer_hours_per_year", w.officer_hours_per_year)?,
        reactive_share: real("workload.reactive_share", reactive_share)?,
        call_growth: real("workload.call_growth", w.call_growth)?,
        divert_share: real("workload.divert_share", w.divert_share)?,
        residents_per_community_officer: norms,
        categories,
        service,
    })
}

/// The tables of a scenario that change the force and how it is counted.
struct ForceTables<'a> {
    force: &'a Option<ForceFile>,
    recruits: &'a Option<RecruitsFile>,
    strength: &'a Option<StrengthFile>,
    two_teams_one_room: &'a Option<TwoTeamsFile>,
}

/// Validates `[force]`, `[recruits]`, `[strength]` and
/// `[stations.two_teams_one_room]`.
fn resolve_force(
    file: &ForceTables,
    bad: &dyn Fn(&str, String, Validity) -> InputError,
    valid: &dyn Fn(&str) -> keys::Valid,
    count: &dyn Fn(&str, i64) -> Result<i64, InputError>,
) -> Result<(ForceLevers, StrengthParams), InputError> {
    let mut force_levers = ForceLevers::default();
    if let Some(force) = file.force {
        if !valid("force.scale").real(force.scale) {
            return Err(bad(
                "force.scale",
                show(force.scale),
                Validity::Example {
                    valid: Box::new(
                        valid("force.scale")
                            .validity(keys::find("force.scale").map_or("", |k| k.label.0)),
                    ),
                    example: Example::ForceScale,
                },
            ));
        }
        count("force.add", force.add)?;
        force_levers.force_scale = force.scale;
        force_levers.force_add = force.add;
    }
    if let Some(r) = file.recruits {
        force_levers.recruits = Some(count("recruits.total", r.total)?);
    }
    let mut strength = StrengthParams {
        recall_seconded: file.strength.as_ref().is_some_and(|s| s.recall_seconded),
        seconded_from: match file.strength.as_ref().map(|s| s.seconded_from) {
            Some(SecondedFromFile::Proportional) => SecondedFrom::Proportional,
            _ => SecondedFrom::Community,
        },
        asked: file.strength.is_some() || file.two_teams_one_room.is_some(),
        ..StrengthParams::default()
    };
    if let Some(t) = file.two_teams_one_room {
        strength.two_teams_one_room = TwoTeamsOneRoom {
            community_team: count(
                "stations.two_teams_one_room.community_team",
                t.community_team,
            )?,
            case_team: count("stations.two_teams_one_room.case_team", t.case_team)?,
            command_room: count("stations.two_teams_one_room.command_room", t.command_room)?,
        };
    }
    Ok((force_levers, strength))
}
