//! Integer rounding of "at least t × R" requirements, with one tolerance,
//! and the search for the highest level that fits.
//!
//! A balance level t asks for at least t·R people where R is a real
//! requirement. With whole people that is ⌈t·R⌉. Levels are found as
//! breakpoints k ÷ R, so t·R is often an integer up to float rounding; the
//! tolerance ([`crate::numeric::tolerance`], shared with the checker) keeps
//! ⌈k ± ε⌉ = k.

use crate::numeric::tolerance;

/// ⌈v⌉ with a tolerance: the fewest whole people that cover v (saturating
/// at the ends of `i64`).
pub fn ceil_tol(v: f64) -> i64 {
    ceil_i64(v - tolerance(v))
}

/// ⌊v⌋ with a tolerance (saturating at the ends of `i64`).
pub fn floor_tol(v: f64) -> i64 {
    floor_i64(v + tolerance(v))
}

/// `x.ceil() as i64`, without a call into the maths library (the solver's
/// searches round millions of times): truncation toward zero, then one up
/// if that fell below x. Exact for every float: below 2⁵³ in magnitude the
/// truncated value converts back exactly, and above it every float is
/// already whole; the conversions saturate, and NaN gives 0, as the cast
/// of `ceil` does.
fn ceil_i64(x: f64) -> i64 {
    let t = x as i64;
    if (t as f64) < x {
        t.saturating_add(1)
    } else {
        t
    }
}

/// `x.floor() as i64`, the mirror of [`ceil_i64`].
fn floor_i64(x: f64) -> i64 {
    let t = x as i64;
    if (t as f64) > x {
        t.saturating_sub(1)
    } else {
        t
    }
}

/// People needed at exactly level t: ⌈t·R⌉ (0 when R = 0).
///
/// Any positive need t·R takes at least one person, however small: the
/// tolerance absorbs rounding beside a whole number k ≥ 1, never a whole
/// need. Were a need under the tolerance to count 0 at t while
/// [`steps_above`] counts 1 just above it, the levels a budget allows would
/// reach above 0 with stations left at nothing, and a search would stop
/// beside a step that is not there.
pub fn steps_at(t: f64, r: f64) -> i64 {
    if r <= 0.0 {
        0
    } else {
        let x = t * r;
        ceil_tol(x).max(i64::from(x > 0.0))
    }
}

/// People needed at every level just above t: ⌊t·R⌋ + 1 (0 when R = 0).
pub fn steps_above(t: f64, r: f64) -> i64 {
    if r <= 0.0 {
        0
    } else {
        floor_tol(t * r).max(-1).saturating_add(1)
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
        floor_tol(t * r - credit).saturating_add(1).max(0)
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

/// The first search round halves the bracket this many times, as the
/// search always has; later rounds halve it until its ends are adjacent.
const FIRST_HALVINGS: usize = 64;

/// Halvings that bring any bracket of finite floats to adjacent ends: its
/// width starts below 2¹⁰²⁴ and the finest spacing of floats is 2⁻¹⁰⁷⁴.
const MAX_HALVINGS: usize = 2100;

/// Rounds of bisection and walking before the search stops (it finishes in
/// the first round within the limits, and in the second for any finite
/// input, see [`highest_level`]).
const MAX_ROUNDS: usize = 3;

/// The smallest float above a non-negative t (t itself at the top).
fn next_up(t: f64) -> f64 {
    if t.is_nan() || t >= f64::MAX {
        t
    } else if t == 0.0 {
        f64::from_bits(1)
    } else if t > 0.0 {
        f64::from_bits(t.to_bits() + 1)
    } else {
        f64::from_bits(t.to_bits() - 1)
    }
}

/// The level one halving of the bracket [lo, hi] asks about, or `None`
/// once its ends are adjacent floats (no float lies strictly between).
pub fn midpoint(lo: f64, hi: f64) -> Option<f64> {
    let sum = lo + hi;
    let mid = if sum.is_finite() {
        0.5 * sum
    } else {
        lo + 0.5 * (hi - lo)
    };
    (mid > lo && mid < hi).then_some(mid)
}

/// Halves [lo, hi] at most `halvings` times, keeping `fits(lo)` and
/// `!fits(hi)`; stops early once the ends are adjacent floats.
fn bisect(lo: &mut f64, hi: &mut f64, halvings: usize, fits: &impl Fn(At) -> bool) {
    for _ in 0..halvings {
        let Some(mid) = midpoint(*lo, *hi) else {
            break;
        };
        if fits(At::Level(mid)) {
            *lo = mid;
        } else {
            *hi = mid;
        }
    }
}

/// From a level t where `fits(At::Level(t))` holds, walks the breakpoints
/// up while the level just above still fits: `Ok(t)` at the first t where it
/// does not (the highest level), `Err(t)` after `steps` steps without
/// reaching it. `next(t)` is the next breakpoint above t; should rounding
/// give none above t, the walk moves to the next float if the level there
/// fits, so t always rises. Bound: 2·`steps` + 1 calls of `fits`.
pub fn walk_up(
    start: f64,
    steps: usize,
    fits: &impl Fn(At) -> bool,
    next: &impl Fn(f64) -> f64,
) -> Result<f64, f64> {
    let mut t = start;
    for _ in 0..steps {
        if !fits(At::JustAbove(t)) {
            return Ok(t);
        }
        let n = next(t);
        if n > t && n.is_finite() {
            t = n;
        } else {
            // No breakpoint above t in floats: step to the next float, if
            // the level there still fits (it does, unless requirements
            // overflow; then t is as high as the search can tell).
            let up = next_up(t);
            if up <= t || !fits(At::Level(up)) {
                return Ok(t);
            }
            t = up;
        }
    }
    if fits(At::JustAbove(t)) {
        Err(t)
    } else {
        Ok(t)
    }
}

/// The highest level in [lo, hi] where `fits` holds, for a `fits` that
/// holds at `At::Level(lo)`, fails at `At::Level(hi)` (an infinite or
/// invalid `hi` is taken as `f64::MAX`), never holds again once it fails as
/// t rises, and changes only at the breakpoints `next` walks. Returns the
/// level before snapping: the caller stands it on its breakpoint.
///
/// Bisection brings the bracket close, then [`walk_up`] makes it exact.
/// Bounds, for any finite input: the first round halves 64 times, as the
/// search always has, and walks at most `walk_steps` breakpoints. Within the
/// limits of [`crate::numeric`] that always finishes: after 64 halvings the
/// bracket is at most hi·2⁻⁶⁴ wide, and hi·Σ R ≤ about 4·10⁹ ≪ 2⁶⁴, so it
/// holds at most one breakpoint per requirement and the walk at most one step
/// per requirement plus one. Should it not finish, the next round halves from
/// where the walk stopped until the ends are adjacent floats (at most 2100
/// halvings), which leaves at most one breakpoint to walk. At most three
/// rounds run: 64 + 2·2100 halvings and 3·(2·walk_steps + 1) walk checks
/// at most.
pub fn highest_level(
    lo: f64,
    hi: f64,
    walk_steps: usize,
    fits: impl Fn(At) -> bool,
    next: impl Fn(f64) -> f64,
) -> f64 {
    highest_level_bisecting(lo, hi, walk_steps, &fits, next, |lo, hi, halvings| {
        bisect(lo, hi, halvings, &fits)
    })
}

/// [`highest_level`] with its halvings done by `bisect(lo, hi, halvings)`,
/// which must leave the bracket exactly where halving it `halvings` times
/// by [`midpoint`] with `fits(At::Level(mid))` would (stopping once the
/// ends are adjacent): a caller that can tell `fits` at the midpoints more
/// cheaply than by asking it (see [`crate::model::balance`]) gives the same
/// level.
pub fn highest_level_bisecting(
    lo: f64,
    hi: f64,
    walk_steps: usize,
    fits: &impl Fn(At) -> bool,
    next: impl Fn(f64) -> f64,
    mut bisect: impl FnMut(&mut f64, &mut f64, usize),
) -> f64 {
    let mut lo = lo;
    let mut hi = if hi.is_finite() && hi > lo {
        hi
    } else {
        f64::MAX.max(lo)
    };
    let mut halvings = FIRST_HALVINGS;
    for _ in 0..MAX_ROUNDS {
        bisect(&mut lo, &mut hi, halvings);
        match walk_up(lo, walk_steps, fits, &next) {
            Ok(t) => return t,
            Err(t) => {
                lo = t;
                if hi <= lo {
                    hi = f64::MAX.max(lo);
                }
                halvings = MAX_HALVINGS;
            }
        }
    }
    lo
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
    fn rounding_matches_the_maths_library() {
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            2.5,
            -2.5,
            1e-300,
            -1e-300,
            4503599627370495.5,
            -4503599627370495.5,
            9007199254740993.0,
            9.223372036854776e18,
            -9.223372036854776e18,
            1e19,
            -1e19,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
        ];
        // A spread of magnitudes with fractions, and their neighbours.
        let mut x: f64 = 1e-12;
        while x < 1e20 {
            for v in [x, x * 1.37, x * 3.999_999_9] {
                for w in [
                    v,
                    -v,
                    f64::from_bits(v.to_bits() + 1),
                    f64::from_bits(v.to_bits() - 1),
                ] {
                    values.push(w);
                }
            }
            x *= 7.3;
        }
        for v in values {
            assert_eq!(ceil_i64(v), v.ceil() as i64, "ceil of {v:e}");
            assert_eq!(floor_i64(v), v.floor() as i64, "floor of {v:e}");
        }
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

    /// Highest t with ⌈t·r⌉ ≤ cap for one requirement r, stood on its
    /// breakpoint: cap ÷ r.
    fn one_requirement(r: f64, cap: i64, hi: f64) -> f64 {
        let t = highest_level(
            0.0,
            hi,
            3,
            |at| at.steps(r) <= cap,
            |t| next_breakpoint(t, r).unwrap_or(f64::INFINITY),
        );
        steps_at(t, r) as f64 / r
    }

    #[test]
    fn the_search_finds_the_breakpoint_whatever_the_bracket() {
        // A tight bracket: the first round finishes.
        assert_eq!(one_requirement(3.7, 5, 6.0 / 3.7), 5.0 / 3.7);
        // A bracket far too wide (or infinite) for 64 halvings and a short
        // walk: later rounds narrow it, and the search still ends exactly.
        let t = one_requirement(1e-9, 1_000_000_000, f64::INFINITY);
        assert_eq!(t, 1e9 / 1e-9);
        assert_eq!(one_requirement(2.0, 7, 1e300), 3.5);
    }

    #[test]
    fn a_walk_always_rises() {
        // A `next` that never moves still lets the walk end.
        let r = walk_up(1.0, 5, &|_| true, &|t| t);
        assert!(matches!(r, Err(t) if t > 1.0));
        // It only steps to a level that fits.
        let r = walk_up(1.0, 5, &|at| matches!(at, At::JustAbove(_)), &|t| t);
        assert_eq!(r, Ok(1.0));
        assert_eq!(walk_up(0.0, 5, &|_| false, &|t| t), Ok(0.0));
        assert_eq!(next_up(0.0), f64::from_bits(1));
        assert_eq!(next_up(f64::MAX), f64::MAX);
    }
}
