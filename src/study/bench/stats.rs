//! Figures from repeated measurements: the median with its range, and the
//! log–log fit of the scaling curve.
//!
//! * median of x₁ … xₙ sorted: x₍ₙ₊₁₎/₂ for odd n, the mean of the middle two
//!   for even n;
//! * power law t = e^a · n^b: least squares of ln t = a + b·ln n, so
//!   b = Sxy ÷ Sxx, a = ȳ − b·x̄ and r² = Sxy² ÷ (Sxx·Syy) in log space.

/// Median of a list (mean of the middle two for even lengths); NaN when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// The median of repeated measurements, with the smallest and largest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The median (mean of the middle two for an even count).
    pub median: f64,
    /// The smallest.
    pub min: f64,
    /// The largest.
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; `None` when there is none.
    pub fn of(values: &[f64]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        Some(Spread {
            median: median(values),
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        })
    }

    /// The spread of the values every run has; `None` if any run lacks one
    /// (a figure this system cannot measure).
    pub fn of_all(values: impl IntoIterator<Item = Option<f64>>) -> Option<Spread> {
        let v: Option<Vec<f64>> = values.into_iter().collect();
        Spread::of(&v?)
    }

    /// Every figure multiplied by `k` (a change of unit).
    pub fn scaled(self, k: f64) -> Spread {
        Spread {
            median: self.median * k,
            min: self.min * k,
            max: self.max * k,
        }
    }
}

/// Least-squares fit of ln y = a + b·ln x over points with x, y > 0:
/// returns (b, a, r²). `None` with fewer than two usable points at
/// different x.
pub fn fit_loglog(points: &[(f64, f64)]) -> Option<(f64, f64, f64)> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter(|(x, y)| *x > 0.0 && *y > 0.0 && x.is_finite() && y.is_finite())
        .map(|(x, y)| (x.ln(), y.ln()))
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let syy: f64 = pts.iter().map(|p| (p.1 - my).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let b = sxy / sxx;
    let a = my - b * mx;
    let r2 = if syy > 0.0 {
        (sxy * sxy) / (sxx * syy)
    } else {
        1.0
    };
    Some((b, a, r2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_recovers_a_power_law() {
        let pts: Vec<(f64, f64)> = [100.0, 1000.0, 10_000.0]
            .iter()
            .map(|&n: &f64| (n, 3e-6 * n.powf(1.5)))
            .collect();
        let (b, a, r2) = fit_loglog(&pts).unwrap();
        assert!((b - 1.5).abs() < 1e-9, "{b}");
        assert!((a - 3e-6f64.ln()).abs() < 1e-9);
        assert!((r2 - 1.0).abs() < 1e-9);
        assert!(fit_loglog(&[(1.0, 1.0)]).is_none());
        assert!(fit_loglog(&[(5.0, 1.0), (5.0, 2.0)]).is_none());
    }

    #[test]
    fn medians_and_spreads() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
        let s = Spread::of(&[0.3, 0.1, 0.2, 0.9]).unwrap();
        assert_eq!((s.median, s.min, s.max), (0.25, 0.1, 0.9));
        assert_eq!(Spread::of(&[]), None);
        assert_eq!(Spread::of_all([Some(1.0), None]), None);
        assert_eq!(
            Spread::of_all([Some(1.0), Some(3.0)]).unwrap().scaled(2.0),
            Spread {
                median: 4.0,
                min: 2.0,
                max: 6.0
            }
        );
    }
}
