//! `[workload.service]` of a scenario: the table as written and its
//! resolution into the domain's [`ServiceStandard`], every number in its
//! registry range and every hourly profile 24 shares of 0 or more adding up
//! to 1.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::{
    DutyMethod, HourRule, ServiceStandard, DEFAULT_HOURLY_PROFILE, HOURS_PER_DAY,
    PROFILE_SUM_TOLERANCE,
};
use crate::error::{InputError, Rule, Validity};
use crate::numeric::show;

/// `[workload.service]`: the service standard (see `crate::model::service`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ServiceFile {
    #[serde(default)]
    method: MethodFile,
    minutes_per_call: f64,
    #[serde(default = "two_officers")]
    officers_per_unit: f64,
    target_wait_probability: f64,
    #[serde(default)]
    max_utilisation: Option<f64>,
    #[serde(default)]
    min_units_on_duty: i64,
    #[serde(default)]
    hourly_profile: Option<Vec<f64>>,
    #[serde(default)]
    hourly_profile_by_kind: BTreeMap<String, Vec<f64>>,
    #[serde(default)]
    auxiliaries_per_unit: f64,
    #[serde(default)]
    auxiliary_hours_per_year: Option<f64>,
    #[serde(default)]
    pool_hours: Option<Vec<f64>>,
    #[serde(default)]
    pool_kinds: Option<Vec<String>>,
    #[serde(default)]
    standby_hours: Option<Vec<f64>>,
    #[serde(default)]
    standby_kinds: Option<Vec<String>>,
    #[serde(default)]
    standby_weight: Option<f64>,
}

#[derive(Debug, Deserialize, Default, Clone, Copy)]
enum MethodFile {
    #[default]
    #[serde(rename = "hours")]
    Hours,
    #[serde(rename = "erlang-c")]
    ErlangC,
}

/// Chinese field law enforcement sends at least two officers (两名以上民警).
fn two_officers() -> f64 {
    2.0
}

/// A list of numbers as a message shows it: the values, or the first few
/// and how many there are.
fn show_list(values: &[f64]) -> String {
    const SHOWN: usize = 30;
    let mut parts: Vec<String> = values.iter().take(SHOWN).map(|v| show(*v)).collect();
    if values.len() > SHOWN {
        parts.push(format!("… ({} values)", values.len()));
    }
    format!("[{}]", parts.join(", "))
}

/// What is wrong with an hourly profile, if anything: it must have 24
/// shares (hour 0 to 23), each a finite number of 0 or more, adding up to 1
/// within [`PROFILE_SUM_TOLERANCE`].
pub fn profile_problem(shares: &[f64]) -> Option<Rule> {
    if shares.len() != HOURS_PER_DAY {
        return Some(Rule::ProfileLength {
            found: shares.len(),
        });
    }
    if let Some((h, v)) = shares
        .iter()
        .enumerate()
        .find(|(_, v)| !v.is_finite() || **v < 0.0)
    {
        return Some(Rule::ProfileShare {
            hour: h,
            value: show(*v),
        });
    }
    let sum: f64 = shares.iter().sum();
    if (sum - 1.0).abs() > PROFILE_SUM_TOLERANCE {
        return Some(Rule::ProfileSum {
            tolerance: show(PROFILE_SUM_TOLERANCE),
            sum: show(sum),
        });
    }
    None
}

/// Validates `[workload.service]`: every number in its registry range, and
/// every hourly profile 24 shares of 0 or more adding up to 1.
pub(super) fn resolve_service(
    sf: ServiceFile,
    bad: &dyn Fn(&str, String, Validity) -> InputError,
    real: &dyn Fn(&str, f64) -> Result<f64, InputError>,
    count: &dyn Fn(&str, i64) -> Result<i64, InputError>,
) -> Result<ServiceStandard, InputError> {
    let profile = |key: &str, values: &[f64]| -> Result<[f64; HOURS_PER_DAY], InputError> {
        match profile_problem(values) {
            Some(problem) => Err(bad(key, show_list(values), Validity::Rule(problem))),
            None => {
                let mut out = [0.0; HOURS_PER_DAY];
                out.copy_from_slice(values);
                Ok(out)
            }
        }
    };
    let hourly_profile = match &sf.hourly_profile {
        Some(values) => profile("workload.service.hourly_profile", values)?,
        None => DEFAULT_HOURLY_PROFILE,
    };
    let mut by_kind = BTreeMap::new();
    for (kind, values) in &sf.hourly_profile_by_kind {
        let key = format!("workload.service.hourly_profile_by_kind.{kind}");
        by_kind.insert(kind.clone(), profile(&key, values)?);
    }
    let max_utilisation = match sf.max_utilisation {
        Some(u) => Some(real("workload.service.max_utilisation", u)?),
        None => None,
    };
    let auxiliary_hours_per_year = match sf.auxiliary_hours_per_year {
        Some(h) => Some(real("workload.service.auxiliary_hours_per_year", h)?),
        None => None,
    };
    let pool = hour_rule(
        "workload.service.pool_hours",
        sf.pool_hours.as_deref(),
        "workload.service.pool_kinds",
        sf.pool_kinds,
        bad,
    )?;
    let standby = hour_rule(
        "workload.service.standby_hours",
        sf.standby_hours.as_deref(),
        "workload.service.standby_kinds",
        sf.standby_kinds,
        bad,
    )?;
    let standby_weight = match (sf.standby_hours.as_deref(), sf.standby_weight) {
        (None, Some(v)) => {
            return Err(bad(
                "workload.service.standby_weight",
                show(v),
                Validity::Rule(Rule::WeightWithoutHours),
            ))
        }
        (_, Some(v)) => real("workload.service.standby_weight", v)?,
        (Some(hours), None) if !hours.is_empty() => {
            return Err(bad(
                "workload.service.standby_hours",
                show_list(hours),
                Validity::Rule(Rule::HoursWithoutWeight),
            ))
        }
        _ => 1.0,
    };
    Ok(ServiceStandard {
        method: match sf.method {
            MethodFile::Hours => DutyMethod::Hours,
            MethodFile::ErlangC => DutyMethod::ErlangC,
        },
        minutes_per_call: real("workload.service.minutes_per_call", sf.minutes_per_call)?,
        officers_per_unit: real("workload.service.officers_per_unit", sf.officers_per_unit)?,
        auxiliaries_per_unit: real(
            "workload.service.auxiliaries_per_unit",
            sf.auxiliaries_per_unit,
        )?,
        auxiliary_hours_per_year,
        target_wait_probability: real(
            "workload.service.target_wait_probability",
            sf.target_wait_probability,
        )?,
        max_utilisation,
        min_units_on_duty: count("workload.service.min_units_on_duty", sf.min_units_on_duty)?,
        hourly_profile,
        hourly_profile_by_kind: by_kind,
        pool,
        standby,
        standby_weight,
    })
}

/// Hours of the day and the station kinds they apply to (`pool_hours` and
/// `pool_kinds`, `standby_hours` and `standby_kinds`): each hour a whole
/// number from 0 (00:00 to 01:00) to 23, listed once; kinds without hours
/// are refused (they would do nothing). An empty list of hours is none; no
/// list of kinds is every kind. Whether each kind exists is checked against
/// the data ([`crate::pipeline`]).
fn hour_rule(
    hours_key: &str,
    hours: Option<&[f64]>,
    kinds_key: &str,
    kinds: Option<Vec<String>>,
    bad: &dyn Fn(&str, String, Validity) -> InputError,
) -> Result<HourRule, InputError> {
    let mut rule = HourRule::default();
    match (hours, &kinds) {
        (None, Some(k)) if !k.is_empty() => {
            return Err(bad(
                kinds_key,
                format!("{k:?}"),
                Validity::Rule(Rule::KindsWithoutHours {
                    hours_key: hours_key.to_string(),
                }),
            ))
        }
        _ => {}
    }
    for &h in hours.unwrap_or(&[]) {
        let valid = h.fract() == 0.0 && (0.0..HOURS_PER_DAY as f64).contains(&h);
        if !valid || rule.hours[h as usize] {
            return Err(bad(
                hours_key,
                show_list(hours.unwrap_or(&[])),
                Validity::Rule(Rule::Hours),
            ));
        }
        rule.hours[h as usize] = true;
    }
    rule.kinds = kinds.map(|k| k.into_iter().collect());
    Ok(rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_profile_is_valid() {
        assert_eq!(profile_problem(&DEFAULT_HOURLY_PROFILE), None);
        let mut short = DEFAULT_HOURLY_PROFILE.to_vec();
        short[20] -= 0.01;
        assert!(profile_problem(&short)
            .unwrap()
            .to_string()
            .contains("add up to 1"));
    }
}
