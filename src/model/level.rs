//! Integer rounding of "at least t × R" requirements, with one tolerance.
//!
//! A balance level t asks for at least t·R people where R is a real
//! requirement. With whole people that is ⌈t·R⌉. Levels are found as
//! breakpoints k ÷ R, so t·R is often an integer up to float rounding; the
//! tolerance keeps ⌈k ± ε⌉ = k.

/// Relative tolerance for "is this real number an integer".
pub const TOL: f64 = 1e-9;

fn tol(v: f64) -> f64 {
    TOL * v.abs().max(1.0)
}

/// ⌈v⌉ with a tolerance: the fewest whole people that cover v.
pub fn ceil_tol(v: f64) -> i64 {
    (v - tol(v)).ceil() as i64
}

/// ⌊v⌋ with a tolerance.
pub fn floor_tol(v: f64) -> i64 {
    (v + tol(v)).floor() as i64
}

/// People needed at exactly level t: ⌈t·R⌉ (0 when R = 0).
pub fn steps_at(t: f64, r: f64) -> i64 {
    if r <= 0.0 {
        0
    } else {
        ceil_tol(t * r).max(0)
    }
}

/// People needed at every level just above t: ⌊t·R⌋ + 1 (0 when R = 0).
pub fn steps_above(t: f64, r: f64) -> i64 {
    if r <= 0.0 {
        0
    } else {
        floor_tol(t * r).max(-1) + 1
    }
}

/// The level where the requirement R next steps up, seen from just above t:
/// (⌊t·R⌋ + 1) ÷ R, or `None` when R = 0.
pub fn next_breakpoint(t: f64, r: f64) -> Option<f64> {
    (r > 0.0).then(|| steps_above(t, r) as f64 / r)
}

/// People needed at exactly level t for requirement R less a credit κ
/// already covered by others: max(0, ⌈t·R − κ⌉) (0 when R = 0).
pub fn steps_at_less(t: f64, r: f64, credit: f64) -> i64 {
    if r <= 0.0 {
        0
    } else if credit <= 0.0 {
        steps_at(t, r)
    } else {
        ceil_tol(t * r - credit).max(0)
    }
}

/// People needed at every level just above t with a credit κ:
/// max(0, ⌊t·R − κ⌋ + 1) (0 when R = 0).
pub fn steps_above_less(t: f64, r: f64, credit: f64) -> i64 {
    if r <= 0.0 {
        0
    } else if credit <= 0.0 {
        steps_above(t, r)
    } else {
        (floor_tol(t * r - credit) + 1).max(0)
    }
}

/// The level where max(0, ⌈t·R − κ⌉) next steps up, seen from just above
/// t: (k + κ) ÷ R with k the people needed just above t.
pub fn next_breakpoint_less(t: f64, r: f64, credit: f64) -> Option<f64> {
    (r > 0.0).then(|| (steps_above_less(t, r, credit) as f64 + credit.max(0.0)) / r)
}

/// The breakpoint (k + κ) ÷ R that level t stands on, if R steps up just
/// above t.
pub fn breakpoint_at_less(t: f64, r: f64, credit: f64) -> Option<f64> {
    let (at, above) = (steps_at_less(t, r, credit), steps_above_less(t, r, credit));
    (r > 0.0 && above > at).then(|| (at as f64 + credit.max(0.0)) / r)
}

/// Which side of a level the requirements are taken at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum At {
    /// Exactly level t.
    Level(f64),
    /// Every level in (t, t + δ] for a small enough δ.
    JustAbove(f64),
}

impl At {
    /// People needed for requirement R.
    pub fn steps(self, r: f64) -> i64 {
        match self {
            At::Level(t) => steps_at(t, r),
            At::JustAbove(t) => steps_above(t, r),
        }
    }

    /// People needed for requirement R less a credit κ.
    pub fn steps_less(self, r: f64, credit: f64) -> i64 {
        match self {
            At::Level(t) => steps_at_less(t, r, credit),
            At::JustAbove(t) => steps_above_less(t, r, credit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakpoints_round_exactly() {
        let r = 3.7;
        let t = 5.0 / r;
        assert_eq!(steps_at(t, r), 5);
        assert_eq!(steps_above(t, r), 6);
        assert_eq!(steps_at(0.0, r), 0);
        assert_eq!(steps_above(0.0, r), 1);
        assert_eq!(steps_at(1.0, 0.0), 0);
        assert_eq!(ceil_tol(0.4 * 50.0), 20);
        assert_eq!(next_breakpoint(t, r), Some(6.0 / r));
    }

    #[test]
    fn credits_shift_breakpoints() {
        let (r, k) = (4.0, 1.5);
        // Needs max(0, ⌈4t − 1.5⌉): 0 up to t = 0.375, 1 up to 0.625, …
        assert_eq!(steps_at_less(0.375, r, k), 0);
        assert_eq!(steps_above_less(0.375, r, k), 1);
        assert_eq!(next_breakpoint_less(0.0, r, k), Some(0.375));
        assert_eq!(next_breakpoint_less(0.375, r, k), Some(0.625));
        assert_eq!(breakpoint_at_less(0.625, r, k), Some(0.625));
        assert_eq!(breakpoint_at_less(0.5, r, k), None);
        assert_eq!(steps_at_less(1.0, r, 0.0), 4);
    }
}
