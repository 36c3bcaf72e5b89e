//! Numbers with a fixed number of decimals, exactly as the standard
//! library writes them, without its slow path.

/// Appends `v` with `d` decimals, the very text of `format!("{v:.d$}")`:
/// the float's exact binary value times 10^d, rounded to a whole number
/// with ties to even (as the standard library rounds), then written with a
/// point `d` digits from the right.
///
/// A finite `f64` is `m · 2^e` exactly, with `m < 2^53`. For `d ≤ 17`,
/// `m · 10^d < 2^53 · 2^57 = 2^110` fits in a `u128`: for `e ≥ 0` (up to
/// 17) the product shifted left is the exact whole number; for `e < 0` the
/// quotient and remainder of the division by `2^−e` are exact, and the
/// remainder against half the divisor decides the rounding. Whatever falls
/// outside (NaN, infinities, `e > 17`, `d > 17`) is formatted by the
/// standard library.
pub fn fixed_into(out: &mut String, v: f64, d: usize) {
    use std::fmt::Write as _;
    if !v.is_finite() || d > 17 {
        let _ = write!(out, "{v:.d$}");
        return;
    }
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7FF) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    };
    let n = u128::from(m) * 10u128.pow(d as u32);
    let q = if e >= 0 {
        if e > 17 {
            let _ = write!(out, "{v:.d$}");
            return;
        }
        n << e
    } else {
        let k = e.unsigned_abs();
        if k >= 111 {
            // n < 2^110 ≤ half of 2^k: below one half, rounds to zero.
            0
        } else {
            let q = n >> k;
            let rest = n & ((1u128 << k) - 1);
            let half = 1u128 << (k - 1);
            if rest > half || (rest == half && q & 1 == 1) {
                q + 1
            } else {
                q
            }
        }
    };
    if bits >> 63 == 1 {
        out.push('-');
    }
    let mut buf = itoa::Buffer::new();
    let digits = match u64::try_from(q) {
        Ok(q) => buf.format(q),
        Err(_) => buf.format(q),
    };
    if d == 0 {
        out.push_str(digits);
    } else if digits.len() > d {
        let (whole, part) = digits.split_at(digits.len() - d);
        out.push_str(whole);
        out.push('.');
        out.push_str(part);
    } else {
        out.push_str("0.");
        for _ in digits.len()..d {
            out.push('0');
        }
        out.push_str(digits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Floats where fixed-decimal formatting is hard: exact ties of every
    /// kind, half an ulp either side, powers of ten, the extremes, zeros
    /// of both signs, subnormals, and NaN and the infinities.
    fn awkward_floats() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -2.5,
            0.125,
            0.375,
            0.045,
            1.005,
            2.675,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            9.007_199_254_740_993e15,
            1.8e19,
            3.0e20,
            1.5e21,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for e in -20..=22 {
            let p = 10f64.powi(e);
            for k in [
                1.0,
                0.5,
                1.5,
                2.5,
                4.999_999_999,
                5.0,
                9.5,
                9.95,
                9.995,
                9.999_999_999,
            ] {
                v.push(k * p);
                v.push(-k * p);
            }
        }
        // Every tie k/2^j and its neighbours one ulp away.
        for j in 1..=20 {
            for k in 0..64u32 {
                let x =
                    f64::from(2 * k + 1) / f64::from(1u32 << j.min(30)) / 2f64.powi(j - j.min(30));
                v.extend([x, -x, x.next_up(), x.next_down()]);
            }
        }
        v
    }

    #[test]
    fn fixed_decimals_are_the_standard_librarys() {
        for v in awkward_floats() {
            for d in 0..=20 {
                let mut got = String::new();
                fixed_into(&mut got, v, d);
                assert_eq!(got, format!("{v:.d$}"), "{v:e} with {d} decimals");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// Any bit pattern: every float, subnormals and NaNs included.
        #[test]
        fn fixed_decimals_match_format_for_any_float(bits in proptest::prelude::any::<u64>(), d in 0usize..=18) {
            let v = f64::from_bits(bits);
            let mut got = String::new();
            fixed_into(&mut got, v, d);
            proptest::prop_assert_eq!(got, format!("{v:.d$}"));
        }

        /// Values of the size the tables hold, at decimal ties and half an
        /// ulp from them.
        #[test]
        fn fixed_decimals_match_format_near_ties(n in -10_000_000i64..10_000_000, scale in 0u32..8, d in 0usize..=7, nudge in -2i32..=2) {
            let mut v = (n as f64 + 0.5) / 10f64.powi(scale as i32);
            for _ in 0..nudge.unsigned_abs() {
                v = if nudge > 0 { v.next_up() } else { v.next_down() };
            }
            let mut got = String::new();
            fixed_into(&mut got, v, d);
            proptest::prop_assert_eq!(got, format!("{v:.d$}"));
        }
    }
}
