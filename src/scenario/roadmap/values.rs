//! The values of a `[roadmap]` table checked one by one: each failure is a
//! [`Bad`] naming the key, the value as written and what would be valid.

use crate::error::Validity;
use crate::numeric::{show, Range, MAX_COUNT};

/// Why a `[roadmap]` value is not valid: the key, the value as written and
/// what would be valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Bad {
    /// The key, dotted (`roadmap.years`).
    pub key: String,
    /// The value as written.
    pub value: String,
    /// What would be valid (boxed: an error stays small to return).
    pub valid: Box<Validity>,
}

pub(super) fn bad(key: &str, value: impl Into<String>, valid: impl Into<Validity>) -> Bad {
    Bad {
        key: key.to_string(),
        value: value.into(),
        valid: Box::new(valid.into()),
    }
}

/// A TOML value as a message shows it.
pub(super) fn shown(v: &toml::Value) -> String {
    match v {
        toml::Value::Float(f) => show(*f),
        other => {
            let text = other.to_string();
            if text.chars().count() > 200 {
                format!("{}…", text.chars().take(200).collect::<String>())
            } else {
                text
            }
        }
    }
}

pub(super) fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

pub(super) fn in_range(key: &str, v: f64, range: Range) -> Result<f64, Bad> {
    if range.contains(v) {
        Ok(v)
    } else {
        Err(bad(key, show(v), between(key, range)))
    }
}

/// A range as values, with the Chinese label of the key (of its table's
/// key for an item such as `roadmap.recruits[2]`).
fn between(key: &str, range: Range) -> Validity {
    let base = key.split('[').next().unwrap_or(key);
    let label = crate::scenario::keys::find(base).map_or("", |k| k.label.0);
    Validity::Between {
        min: show(range.min),
        max: show(range.max),
        unit: range.unit.to_string(),
        label_zh: label.to_string(),
    }
}

pub(super) fn whole_in(key: &str, n: i64, range: Range) -> Result<i64, Bad> {
    if range.contains(n as f64) {
        Ok(n)
    } else {
        Err(bad(key, n.to_string(), between(key, range)))
    }
}

pub(super) fn share(key: &str, v: f64) -> Result<f64, Bad> {
    if v.is_finite() && (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(bad(key, show(v), Validity::share(v, show)))
    }
}

pub(super) fn count(key: &str, n: i64) -> Result<i64, Bad> {
    if n < 0 {
        Err(bad(key, n.to_string(), Validity::NotNegative))
    } else if n > MAX_COUNT {
        Err(bad(key, n.to_string(), Validity::AtMost { max: MAX_COUNT }))
    } else {
        Ok(n)
    }
}
