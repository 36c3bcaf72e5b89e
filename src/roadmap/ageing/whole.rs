//! Whole numbers from fractions: deterministic tie-breaks and largest
//! remainder with caps.

/// A deterministic 64-bit mix (SplitMix64), for tie-breaks.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A salt from parts (year, county, …).
pub fn salt(parts: &[u64]) -> u64 {
    parts.iter().fold(0x5EED, |h, &p| mix(h ^ p))
}

/// ⌊x + ½⌋: the whole number nearest x, halves up.
pub fn round_half_up(x: f64) -> i64 {
    (x + 0.5).floor() as i64
}

/// Splits `total` into whole parts proportional to `weights`, each at most
/// its cap, by largest remainder: every part gets the floor of its exact
/// share, and the parts left over go to the largest fractional parts; ties
/// are broken by a fixed pseudo-random order from `salt` (so the same unit
/// is not always first). A part at its cap drops out and the rest is shared
/// again. With all weights 0 the caps are the weights. The result sums to
/// min(total, Σ caps).
pub fn apportion(total: i64, weights: &[f64], caps: &[i64], salt: u64) -> Vec<i64> {
    let n = weights.len();
    let mut out = vec![0i64; n];
    let cap_total: i64 = caps.iter().map(|c| (*c).max(0)).sum();
    let total = total.min(cap_total);
    if total <= 0 {
        return out;
    }
    let positive = weights
        .iter()
        .zip(caps)
        .any(|(w, c)| *w > 0.0 && w.is_finite() && *c > 0);
    let w: Vec<f64> = if positive {
        weights
            .iter()
            .map(|w| if w.is_finite() && *w > 0.0 { *w } else { 0.0 })
            .collect()
    } else {
        caps.iter().map(|c| (*c).max(0) as f64).collect()
    };
    let tie: Vec<u64> = (0..n).map(|i| mix(salt ^ mix(i as u64))).collect();
    let mut placed = 0i64;
    loop {
        let rem = total - placed;
        if rem <= 0 {
            break;
        }
        let eligible: Vec<usize> = (0..n).filter(|&i| out[i] < caps[i] && w[i] > 0.0).collect();
        if eligible.is_empty() {
            break;
        }
        let sum: f64 = eligible.iter().map(|&i| w[i]).sum();
        let mut fracs: Vec<(usize, f64)> = Vec::with_capacity(eligible.len());
        let mut given = 0i64;
        for &i in &eligible {
            let exact = rem as f64 * w[i] / sum;
            let room = caps[i] - out[i];
            let base = (exact.floor() as i64).clamp(0, room);
            out[i] += base;
            given += base;
            if out[i] < caps[i] {
                fracs.push((i, exact - exact.floor()));
            }
        }
        let mut left = rem - given;
        fracs.sort_by(|a, b| b.1.total_cmp(&a.1).then(tie[a.0].cmp(&tie[b.0])));
        for (i, _) in fracs {
            if left <= 0 {
                break;
            }
            out[i] += 1;
            left -= 1;
        }
        placed = total - left;
        if given == 0 && left == rem {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_remainder_sums_and_respects_caps() {
        assert_eq!(
            apportion(10, &[0.55, 0.45], &[10, 10], 1)
                .iter()
                .sum::<i64>(),
            10
        );
        let a = apportion(7, &[1.0, 1.0, 1.0], &[7, 7, 7], 3);
        assert_eq!(a.iter().sum::<i64>(), 7);
        assert!(a.iter().all(|&x| x == 2 || x == 3));
        // A cap: the rest goes to the others.
        assert_eq!(apportion(10, &[9.0, 1.0], &[3, 10], 0), vec![3, 7]);
        // More than the caps hold: all of them.
        assert_eq!(apportion(10, &[1.0, 1.0], &[2, 3], 0), vec![2, 3]);
        // No weight: the caps share it.
        assert_eq!(apportion(4, &[0.0, 0.0], &[1, 3], 0).iter().sum::<i64>(), 4);
        assert_eq!(apportion(0, &[1.0], &[5], 0), vec![0]);
        // Ties are not always broken the same way.
        let firsts: std::collections::BTreeSet<usize> = (0..20)
            .map(|salt| {
                apportion(1, &[1.0; 5], &[1; 5], salt)
                    .iter()
                    .position(|&x| x == 1)
                    .unwrap()
            })
            .collect();
        assert!(firsts.len() > 1);
    }

    #[test]
    fn rounding_is_halves_up() {
        assert_eq!(round_half_up(2.5), 3);
        assert_eq!(round_half_up(2.49), 2);
        assert_eq!(round_half_up(0.0), 0);
    }
}
