//! The cells of a station or county row read as counts and numbers within
//! their limits (`numeric.rs`), and a station's optional lever and
//! real-strength columns, checked against each other.

use std::collections::BTreeMap;

use super::build::{LeverColumns, Problems};
use super::table::{self, ColumnRef};
use crate::domain::{StationLevers, Strength};
use crate::error::InputError;
use crate::numeric::{self, Range, MAX_COUNT};

/// Refuses a count above [`MAX_COUNT`], naming the cell as written.
pub(super) fn within_count(
    r: &table::Row,
    column: &(impl ColumnRef + ?Sized),
    n: i64,
) -> Result<i64, InputError> {
    if n > MAX_COUNT {
        Err(r.cell_error(
            column,
            r.text_or_empty(column),
            format!("is too large: a count here is at most {MAX_COUNT}"),
        ))
    } else {
        Ok(n)
    }
}

/// A required count in [0, [`MAX_COUNT`]].
pub(super) fn count(r: &table::Row, column: &(impl ColumnRef + ?Sized)) -> Result<i64, InputError> {
    within_count(r, column, r.count(column)?)
}

/// An optional count in [0, [`MAX_COUNT`]].
pub(super) fn optional_count(
    r: &table::Row,
    column: &(impl ColumnRef + ?Sized),
) -> Result<Option<i64>, InputError> {
    match r.optional_count(column)? {
        Some(n) => within_count(r, column, n).map(Some),
        None => Ok(None),
    }
}

/// Refuses a number outside its documented range, naming the cell as
/// written and the valid range.
pub(super) fn within(
    r: &table::Row,
    column: &(impl ColumnRef + ?Sized),
    v: f64,
    range: Range,
) -> Result<f64, InputError> {
    if range.contains(v) {
        Ok(v)
    } else {
        Err(r.cell_error(
            column,
            r.text_or_empty(column),
            format!("is out of range: {}", range.describe()),
        ))
    }
}

/// A required number within `range`.
pub(super) fn number(
    r: &table::Row,
    column: &(impl ColumnRef + ?Sized),
    range: Range,
) -> Result<f64, InputError> {
    within(r, column, r.number(column)?, range)
}

/// An optional number within `range`.
pub(super) fn optional_number(
    r: &table::Row,
    column: &(impl ColumnRef + ?Sized),
    range: Range,
) -> Result<Option<f64>, InputError> {
    match r.optional_number(column)? {
        Some(v) => within(r, column, v, range).map(Some),
        None => Ok(None),
    }
}

/// The real-strength columns of one station row (empty cells and absent
/// columns are 0), checked against its officers: nominal + seconded ≤
/// officers and restricted ≤ officers − nominal − seconded.
pub(super) fn station_strength(
    r: &table::Row,
    c: &LeverColumns,
    officers: i64,
) -> Result<Strength, InputError> {
    let nominal = optional_count(r, &c.nominal)?.unwrap_or(0);
    let seconded = optional_count(r, &c.seconded)?.unwrap_or(0);
    let restricted = optional_count(r, &c.restricted)?.unwrap_or(0);
    if nominal + seconded > officers {
        let column = if r.text_or_empty(&c.seconded).is_empty() {
            "nominal"
        } else {
            "seconded"
        };
        return Err(r.cell_error(
            column,
            r.text_or_empty(column),
            format!(
                "puts nominal {nominal} + seconded {seconded} = {} above the station's officers = {officers}; officers on the books who work at HQ (nominal) or in a task force (seconded) are among its officers",
                nominal + seconded
            ),
        ));
    }
    let present = officers - nominal - seconded;
    if restricted > present {
        return Err(r.cell_error(
            "restricted",
            r.text_or_empty("restricted"),
            format!(
                "is above the officers really at the station: officers {officers} − nominal {nominal} − seconded {seconded} = {present}; restricted officers are among those present"
            ),
        ));
    }
    Ok(Strength {
        nominal,
        seconded,
        restricted,
        books: None,
    })
}

/// The optional lever columns of one station row: `max_officers`, `locked`,
/// `duty_posts`, `max_moves` and every `calls_<category>` column. Every bad
/// cell goes to `problems`; `None` when there was one.
pub(super) fn station_levers(
    r: &table::Row,
    c: &LeverColumns,
    problems: &mut Problems,
) -> Option<StationLevers> {
    let before = problems.count();
    let mut calls_by_category = BTreeMap::new();
    for column in &c.categories {
        if let Some(Some(v)) = problems.take(optional_number(r, column, numeric::CALLS)) {
            calls_by_category.insert(column.name()["calls_".len()..].to_string(), v);
        }
    }
    let levers = StationLevers {
        calls_by_category,
        max_officers: problems.take(optional_count(r, &c.max_officers)).flatten(),
        locked: problems.take(r.optional_flag(&c.locked)).unwrap_or(false),
        duty_posts: problems
            .take(optional_number(r, &c.duty_posts, numeric::DUTY_POSTS))
            .flatten(),
        max_moves: problems.take(optional_count(r, &c.max_moves)).flatten(),
    };
    (problems.count() == before).then_some(levers)
}
