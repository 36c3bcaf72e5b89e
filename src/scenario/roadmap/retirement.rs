//! `roadmap.retirement_age` read and checked: a retirement age in years,
//! `"cn-2025"`, or a schedule of birth-month ranges, for everyone or per sex.

use super::values::{bad, in_range, number, shown, whole_in, Bad};
use super::{BirthMonth, Retirement, RetirementRule, ScheduleEntry};
use crate::numeric;
/// A birth date as a schedule writes it: `"1965-01"` or a year `1965`
/// (January for `born_from`, December for `born_to`).
fn birth_month(key: &str, v: &toml::Value, end: bool) -> Result<BirthMonth, Bad> {
    let valid = "a birth month \"YYYY-MM\" (for example \"1965-01\") or a year (1965)";
    match v {
        toml::Value::Integer(y) if (1900..=2100).contains(y) => {
            Ok((*y as i32, if end { 12 } else { 1 }))
        }
        toml::Value::String(s) => {
            let parsed = s.split_once('-').and_then(|(y, m)| {
                let y: i32 = y.trim().parse().ok()?;
                let m: u32 = m.trim().parse().ok()?;
                ((1900..=2100).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
            });
            parsed.ok_or_else(|| bad(key, shown(v), valid))
        }
        other => Err(bad(key, shown(other), valid)),
    }
}

/// One retirement rule: a number, `"cn-2025"` or a schedule.
fn rule(key: &str, v: &toml::Value) -> Result<RetirementRule, Bad> {
    let valid_forms = "a number of years (60), \"cn-2025\" (China's gradual reform from 2025), a schedule [{ born_from = \"1965-01\", born_to = \"1965-04\", age_years = 60, age_months = 1 }, …], or { male = …, female = … }";
    if let Some(years) = number(v) {
        let years = in_range(key, years, numeric::RETIREMENT_AGE)?;
        return Ok(RetirementRule::Age((years * 12.0).round() as i64));
    }
    match v {
        toml::Value::String(s) if s == "cn-2025" => Ok(RetirementRule::China2025),
        toml::Value::Array(items) => {
            if items.is_empty() {
                return Err(bad(key, "[]", "a schedule needs at least one entry"));
            }
            let mut entries = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let at = format!("{key}[{i}]");
                let toml::Value::Table(t) = item else {
                    return Err(bad(
                        &at,
                        shown(item),
                        "each schedule entry is a table { born_from, born_to, age_years, age_months }",
                    ));
                };
                for k in t.keys() {
                    if !["born_from", "born_to", "age_years", "age_months"].contains(&k.as_str()) {
                        return Err(bad(
                            &format!("{at}.{k}"),
                            shown(&t[k]),
                            "a schedule entry has the keys born_from, born_to, age_years and age_months",
                        ));
                    }
                }
                let from = t
                    .get("born_from")
                    .map(|v| birth_month(&format!("{at}.born_from"), v, false))
                    .transpose()?;
                let to = t
                    .get("born_to")
                    .map(|v| birth_month(&format!("{at}.born_to"), v, true))
                    .transpose()?;
                if let (Some(f), Some(t)) = (from, to) {
                    if f > t {
                        return Err(bad(
                            &format!("{at}.born_to"),
                            format!("{}-{:02}", t.0, t.1),
                            format!("it must not be before born_from {}-{:02}", f.0, f.1),
                        ));
                    }
                }
                let years = match t.get("age_years") {
                    Some(toml::Value::Integer(y)) => {
                        whole_in(&format!("{at}.age_years"), *y, numeric::RETIREMENT_AGE)?
                    }
                    Some(other) => {
                        return Err(bad(
                            &format!("{at}.age_years"),
                            shown(other),
                            "a whole number of years",
                        ))
                    }
                    None => {
                        return Err(bad(
                            &format!("{at}.age_years"),
                            "(missing)",
                            "every schedule entry needs age_years",
                        ))
                    }
                };
                let months = match t.get("age_months") {
                    None => 0,
                    Some(toml::Value::Integer(m)) if (0..=11).contains(m) => *m,
                    Some(other) => {
                        return Err(bad(
                            &format!("{at}.age_months"),
                            shown(other),
                            "a whole number of months from 0 to 11",
                        ))
                    }
                };
                let total = years * 12 + months;
                if !numeric::RETIREMENT_AGE.contains(total as f64 / 12.0) {
                    // The age is the two keys together: 75 years 11 months
                    // is past 75 though each key is in its own range.
                    let range = numeric::RETIREMENT_AGE;
                    return Err(bad(
                        &at,
                        format!("age_years {years}, age_months {months}"),
                        format!(
                            "together an age of {years} years {months} months; the retirement age must lie between {} years and {} years 0 months",
                            numeric::show(range.min),
                            numeric::show(range.max)
                        ),
                    ));
                }
                entries.push(ScheduleEntry {
                    born_from: from,
                    born_to: to,
                    months: total,
                });
            }
            // No two entries may cover the same birth month.
            let lo = |e: &ScheduleEntry| e.born_from.unwrap_or((i32::MIN, 1));
            let hi = |e: &ScheduleEntry| e.born_to.unwrap_or((i32::MAX, 12));
            for (i, a) in entries.iter().enumerate() {
                for (j, b) in entries.iter().enumerate().skip(i + 1) {
                    if lo(a) <= hi(b) && lo(b) <= hi(a) {
                        return Err(bad(
                            &format!("{key}[{j}]"),
                            shown(&items[j]),
                            format!("it overlaps entry {i}: each birth month may have one retirement age"),
                        ));
                    }
                }
            }
            Ok(RetirementRule::Schedule(entries))
        }
        other => Err(bad(key, shown(other), valid_forms)),
    }
}

/// `roadmap.retirement_age`: one rule for everyone, `{ male = …, female = … }`,
/// or, when absent, China's 2025 reform (`cn-2025`) for both sexes.
pub(super) fn retirement(v: Option<&toml::Value>) -> Result<Retirement, Bad> {
    const KEY: &str = "roadmap.retirement_age";
    let Some(v) = v else {
        // The default: China's reform, as the law now stands.
        return Ok(Retirement {
            male: RetirementRule::China2025,
            female: RetirementRule::China2025,
        });
    };
    match v {
        toml::Value::Table(t) => {
            for k in t.keys() {
                if k != "male" && k != "female" {
                    return Err(bad(
                        &format!("{KEY}.{k}"),
                        shown(&t[k]),
                        "the table form is { male = …, female = … }",
                    ));
                }
            }
            let one = |sex: &str| -> Result<RetirementRule, Bad> {
                match t.get(sex) {
                    Some(v) => rule(&format!("{KEY}.{sex}"), v),
                    None => Err(bad(
                        &format!("{KEY}.{sex}"),
                        "(missing)",
                        "give both male and female, or one value for everyone",
                    )),
                }
            };
            Ok(Retirement {
                male: one("male")?,
                female: one("female")?,
            })
        }
        v => {
            let r = rule(KEY, v)?;
            Ok(Retirement {
                male: r.clone(),
                female: r,
            })
        }
    }
}
