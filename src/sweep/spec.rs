//! Expanding a `[sweep]` or `[sample]` table into points, and applying a
//! point to a scenario's table (see the [sweep module](super)).

use super::{numeric_key, Mode, NumKind, RangeError, SpecError, SweepSpec, MAX_POINTS};

/// The decimals needed to write `x` exactly (up to 12).
fn decimals(x: f64) -> i32 {
    for d in 0..=12 {
        let scaled = x * 10f64.powi(d);
        if (scaled - scaled.round()).abs() <= 1e-9 * scaled.abs().max(1.0) {
            return d;
        }
    }
    12
}

/// start, start + step, … up to stop inclusive, each rounded to the
/// decimals of start and step.
pub fn range_values(start: f64, stop: f64, step: f64) -> Result<Vec<f64>, RangeError> {
    if !(start.is_finite() && stop.is_finite() && step.is_finite()) {
        return Err(RangeError::NotFinite);
    }
    if step == 0.0 {
        return Err(RangeError::ZeroStep);
    }
    let span = (stop - start) / step;
    if span < -1e-9 {
        return Err(RangeError::Unreachable { start, stop, step });
    }
    // Compared as floats, before any conversion: a tiny step (5e-324) or a
    // huge span gives an infinite or enormous count.
    if !span.is_finite() || span + 1e-9 >= MAX_POINTS as f64 {
        return Err(RangeError::TooMany { start, stop, step });
    }
    let n = (span + 1e-9).floor() as usize + 1;
    let d = decimals(start).max(decimals(step));
    let scale = 10f64.powi(d);
    let values: Vec<f64> = (0..n)
        .map(|i| ((start + i as f64 * step) * scale).round() / scale)
        .collect();
    // Rounded to the decimals a value is written with, a step below that
    // precision repeats values: that is not a sweep of distinct points.
    if let Some(w) = values.windows(2).find(|w| w[0] == w[1]) {
        return Err(RangeError::TooSmall {
            step,
            near: w[0],
            decimals: d,
        });
    }
    if values.iter().any(|v| !v.is_finite()) {
        return Err(RangeError::NotFiniteValues);
    }
    Ok(values)
}

fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn leaf_values(key: &str, v: &toml::Value) -> Result<Option<Vec<f64>>, SpecError> {
    match v {
        toml::Value::Array(items) => {
            if items.is_empty() {
                return Err(SpecError::EmptyList { key: key.into() });
            }
            items
                .iter()
                .map(|x| {
                    number(x).ok_or_else(|| SpecError::NotANumber {
                        key: key.into(),
                        value: x.to_string(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some)
        }
        toml::Value::Table(t)
            if t.keys()
                .all(|k| ["start", "stop", "step"].contains(&k.as_str()))
                && !t.is_empty() =>
        {
            let get = |name: &'static str| {
                t.get(name)
                    .and_then(number)
                    .ok_or_else(|| SpecError::RangeNeeds {
                        key: key.into(),
                        name,
                    })
            };
            range_values(get("start")?, get("stop")?, get("step")?)
                .map(Some)
                .map_err(|problem| SpecError::Range {
                    key: key.into(),
                    problem,
                })
        }
        toml::Value::Table(_) => Ok(None),
        other => Err(SpecError::NotAList {
            key: key.into(),
            value: other.to_string(),
        }),
    }
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    out: &mut Vec<(String, Vec<f64>)>,
) -> Result<(), SpecError> {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        if prefix.is_empty() && k == "mode" {
            continue;
        }
        match leaf_values(&key, v)? {
            Some(values) => out.push((key, values)),
            None => flatten(&key, v.as_table().expect("a table"), out)?,
        }
    }
    Ok(())
}

/// Expands a `[sweep]` table against the scenario's merged table.
pub fn parse_spec(sweep: &toml::Table, scenario: &toml::Table) -> Result<SweepSpec, SpecError> {
    let mode = match sweep.get("mode") {
        None => Mode::Product,
        Some(toml::Value::String(s)) if s == "product" => Mode::Product,
        Some(toml::Value::String(s)) if s == "paired" => Mode::Paired,
        Some(other) => return Err(SpecError::Mode(other.to_string())),
    };
    let mut lists = Vec::new();
    flatten("", sweep, &mut lists)?;
    if lists.is_empty() {
        return Err(SpecError::NoParameter);
    }
    for (key, values) in &lists {
        let Some(kind) = numeric_key(scenario, key) else {
            return Err(SpecError::unknown_key("sweep", key, scenario));
        };
        if kind == NumKind::Int {
            if let Some(v) = values.iter().find(|v| v.fract() != 0.0) {
                return Err(SpecError::NotWhole {
                    key: key.clone(),
                    value: *v,
                });
            }
        }
    }
    let params: Vec<String> = lists.iter().map(|(k, _)| k.clone()).collect();
    let points = match mode {
        Mode::Paired => {
            let n = lists[0].1.len();
            if let Some((k, v)) = lists.iter().find(|(_, v)| v.len() != n) {
                return Err(SpecError::PairedLengths {
                    key: k.clone(),
                    len: v.len(),
                    first: lists[0].0.clone(),
                    first_len: n,
                });
            }
            (0..n)
                .map(|i| lists.iter().map(|(k, v)| (k.clone(), v[i])).collect())
                .collect()
        }
        // `mode` is never Sample here (that comes from [sample]).
        Mode::Product | Mode::Sample => {
            let total = lists
                .iter()
                .try_fold(1usize, |acc, (_, v)| acc.checked_mul(v.len()))
                .filter(|&n| n <= MAX_POINTS)
                .ok_or(SpecError::TooManyPoints)?;
            (0..total)
                .map(|mut i| {
                    let mut point = vec![(String::new(), 0.0); lists.len()];
                    for (slot, (k, v)) in point.iter_mut().zip(&lists).rev() {
                        *slot = (k.clone(), v[i % v.len()]);
                        i /= v.len();
                    }
                    point
                })
                .collect()
        }
    };
    Ok(SweepSpec {
        mode,
        params,
        points,
    })
}

/// Draws a `[sample]` table's points (see [`crate::sample`]) against the
/// scenario's merged table: every key must be a numeric scenario key, and
/// draws of whole-number keys (`auxiliaries.total`, `recruits.total`, …) are
/// rounded to the nearest whole number. `robust` is read by the caller and
/// must be removed first.
pub fn sample_spec(
    sample: &toml::Table,
    scenario: &toml::Table,
) -> Result<(SweepSpec, crate::sample::SampleSpec), SpecError> {
    let spec = crate::sample::SampleSpec::from_table(sample)?;
    let mut kinds = Vec::new();
    for key in spec.keys.keys() {
        let Some(kind) = numeric_key(scenario, key) else {
            return Err(SpecError::unknown_key("sample", key, scenario));
        };
        kinds.push(kind);
    }
    if spec.count > MAX_POINTS {
        return Err(SpecError::TooManySamples(spec.count));
    }
    let points = spec
        .points()
        .into_iter()
        .map(|p| {
            p.into_iter()
                .zip(&kinds)
                .map(|((k, v), kind)| match kind {
                    NumKind::Int => (k, v.round()),
                    NumKind::Float => (k, v),
                })
                .collect()
        })
        .collect();
    Ok((
        SweepSpec {
            mode: Mode::Sample,
            params: spec.keys.keys().cloned().collect(),
            points,
        },
        spec,
    ))
}

/// Sets every override of `point` in the scenario's table (creating tables
/// such as `[recruits]` when missing). `stations.min_officers` is the
/// `[stations]` table, read as `station_defaults`.
pub fn apply_point(table: &mut toml::Table, point: &[(String, f64)]) -> Result<(), SpecError> {
    for (path, value) in point {
        let kind = numeric_key(table, path)
            .ok_or_else(|| SpecError::NotSweepable { key: path.clone() })?;
        let mut parts: Vec<&str> = path.split('.').collect();
        if parts[0] == "stations" {
            parts[0] = "station_defaults";
        }
        let (last, tables) = parts.split_last().expect("a key path has a part");
        let mut here = &mut *table;
        for part in tables {
            let entry = here
                .entry(part.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            here = entry.as_table_mut().ok_or_else(|| SpecError::NotATable {
                key: path.clone(),
                part: part.to_string(),
            })?;
        }
        let v = match kind {
            NumKind::Int => {
                if value.fract() != 0.0 || !value.is_finite() {
                    return Err(SpecError::NotWhole {
                        key: path.clone(),
                        value: *value,
                    });
                }
                toml::Value::Integer(*value as i64)
            }
            NumKind::Float => toml::Value::Float(*value),
        };
        here.insert(last.to_string(), v);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario() -> toml::Table {
        toml::from_str(
            "[workload]\ncall_growth = 1.0\n[workload.residents_per_community_officer]\nurban = 5000\n",
        )
        .unwrap()
    }

    #[test]
    fn ranges_are_decimal_exact_and_inclusive() {
        assert_eq!(
            range_values(0.0, 0.3, 0.1).unwrap(),
            vec![0.0, 0.1, 0.2, 0.3]
        );
        assert_eq!(range_values(1.0, 1.3, 0.05).unwrap().len(), 7);
        assert_eq!(range_values(1.0, 1.3, 0.05).unwrap()[6], 1.3);
        assert_eq!(range_values(10.0, 0.0, -5.0).unwrap(), vec![10.0, 5.0, 0.0]);
        assert!(range_values(0.0, 1.0, 0.0).is_err());
        assert!(range_values(1.0, 0.0, 0.5).is_err());
    }

    #[test]
    fn steps_that_give_no_points_or_too_many_are_refused() {
        // Regression: 5e-324 gave a sweep of no points, and exit 0.
        for (start, stop, step) in [
            (0.0, 1.0, 5e-324),
            (0.0, 1.0, 1e-300),
            (-1e308, 1e308, 1.0),
            (0.0, 1e7, 1.0),
            (0.0, 1.0, 1e-6 / 2.0),
        ] {
            let err = range_values(start, stop, step).unwrap_err();
            assert!(matches!(err, RangeError::TooMany { .. }), "{step}: {err}");
            assert!(
                err.to_string().contains("more than 1000000"),
                "{step}: {err}"
            );
        }
        // A step below the precision values are written with repeats them.
        let err = range_values(0.0, 1e-11, 1e-13).unwrap_err();
        assert!(err.to_string().contains("too small"), "{err}");
        assert_eq!(range_values(0.0, 0.0, 5e-324).unwrap(), vec![0.0]);
        assert_eq!(range_values(0.0, 0.999999, 1e-6).unwrap().len(), MAX_POINTS);
        assert!(range_values(1.7e308, 1.7e308, 0.5).is_err());
    }

    #[test]
    fn product_runs_in_odometer_order_and_paired_advances_together() {
        let sweep: toml::Table = toml::from_str(
            "\"workload.call_growth\" = [1.0, 1.1]\nworkload.divert_share = { start = 0.0, stop = 0.2, step = 0.1 }\n",
        )
        .unwrap();
        let spec = parse_spec(&sweep, &scenario()).unwrap();
        assert_eq!(
            spec.params,
            ["workload.call_growth", "workload.divert_share"]
        );
        assert_eq!(spec.points.len(), 6);
        assert_eq!(spec.points[1][1].1, 0.1);
        assert_eq!(spec.points[3][0].1, 1.1);
        let sweep: toml::Table = toml::from_str(
            "mode = \"paired\"\n\"workload.call_growth\" = [1.0, 1.1]\n\"quotas.station_share\" = [0.4, 0.5]\n",
        )
        .unwrap();
        let spec = parse_spec(&sweep, &scenario()).unwrap();
        assert_eq!(spec.points.len(), 2);
        assert_eq!(
            spec.points[1],
            vec![
                ("workload.call_growth".into(), 1.1),
                ("quotas.station_share".into(), 0.5)
            ]
        );
        let bad: toml::Table =
            toml::from_str("mode = \"paired\"\n\"workload.call_growth\" = [1.0, 1.1]\n\"quotas.station_share\" = [0.4]\n").unwrap();
        assert!(parse_spec(&bad, &scenario())
            .unwrap_err()
            .to_string()
            .contains("same length"));
    }

    #[test]
    fn only_numeric_keys_and_whole_integers_sweep() {
        let bad: toml::Table = toml::from_str("\"workload.call_grwth\" = [1.0]\n").unwrap();
        let e = parse_spec(&bad, &scenario()).unwrap_err();
        assert!(
            matches!(&e, SpecError::UnknownKey { suggestion: Some(s), .. } if s == "workload.call_growth"),
            "{e}"
        );
        let e = e.to_string();
        assert!(
            e.contains("call_grwth") && e.contains("did you mean `workload.call_growth`?"),
            "{e}"
        );
        let bad: toml::Table = toml::from_str("\"recruits.total\" = [10, 20.5]\n").unwrap();
        assert!(parse_spec(&bad, &scenario())
            .unwrap_err()
            .to_string()
            .contains("20.5"));
        let ok: toml::Table =
            toml::from_str("\"workload.residents_per_community_officer.urban\" = [4000]\n")
                .unwrap();
        assert!(parse_spec(&ok, &scenario()).is_ok());
        let bad: toml::Table =
            toml::from_str("\"workload.residents_per_community_officer.rural\" = [4000]\n")
                .unwrap();
        assert!(parse_spec(&bad, &scenario()).is_err());
    }

    #[test]
    fn points_override_and_create_tables() {
        let mut t = scenario();
        apply_point(
            &mut t,
            &[
                ("recruits.total".into(), 40.0),
                ("stations.min_officers".into(), 3.0),
                ("workload.call_growth".into(), 1.2),
            ],
        )
        .unwrap();
        assert_eq!(t["recruits"]["total"].as_integer(), Some(40));
        assert_eq!(t["station_defaults"]["min_officers"].as_integer(), Some(3));
        assert_eq!(t["workload"]["call_growth"].as_float(), Some(1.2));
    }
}
