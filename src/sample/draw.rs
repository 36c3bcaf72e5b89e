//! The seeded random stream and the distributions a `[sample]` draws from.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A seeded random stream with the draws the generator and sampler use.
///
/// ChaCha8 from `rand_chacha` 0.9, whose output for a given seed is stable
/// across versions and platforms. Floats come from the top 53 bits of one
/// `u64`; the normal uses Box–Muller (two uniforms per draw, one normal kept).
pub struct Stream(ChaCha8Rng);

impl Stream {
    /// The stream of `seed`.
    pub fn new(seed: u64) -> Stream {
        Stream(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform on [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Standard normal, Box–Muller.
    pub fn std_normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit(); // (0, 1]
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// A draw of normal(mean, sd).
    pub fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        mean + sd * self.std_normal()
    }

    /// exp(normal(mu, sigma)): `mu`, `sigma` are the mean and sd of the log.
    pub fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        self.normal(mu, sigma).exp()
    }

    /// Triangular on [lo, hi] with mode `mode`, by inversion.
    pub fn triangular(&mut self, lo: f64, mode: f64, hi: f64) -> f64 {
        let u = self.unit();
        if hi <= lo {
            return lo;
        }
        let f = (mode - lo) / (hi - lo);
        if u < f {
            lo + ((hi - lo) * (mode - lo) * u).sqrt()
        } else {
            hi - ((hi - lo) * (hi - mode) * (1.0 - u)).sqrt()
        }
    }

    /// Whole number in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.unit() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

/// A distribution of one key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    /// normal(mean, sd), sd ≥ 0.
    Normal {
        /// The mean.
        mean: f64,
        /// The standard deviation.
        sd: f64,
    },
    /// uniform(lo, hi), lo ≤ hi.
    Uniform {
        /// The lowest value.
        lo: f64,
        /// The highest value.
        hi: f64,
    },
    /// lognormal(mu, sigma): exp of normal(mu, sigma), sigma ≥ 0.
    LogNormal {
        /// The mean of the logarithm.
        mu: f64,
        /// The standard deviation of the logarithm.
        sigma: f64,
    },
    /// triangular(lo, mode, hi), lo ≤ mode ≤ hi.
    Triangular {
        /// The lowest value.
        lo: f64,
        /// The most likely value.
        mode: f64,
        /// The highest value.
        hi: f64,
    },
}

impl Distribution {
    /// Parses `normal(1.15, 0.05)`, `uniform(0, 0.3)`, `lognormal(0, 0.1)`,
    /// `triangular(1.0, 1.1, 1.3)`.
    pub fn parse(text: &str) -> Result<Distribution, String> {
        let t = text.trim();
        let open = t
            .find('(')
            .ok_or_else(|| format!("`{t}` is not of the form name(a, b)"))?;
        if !t.ends_with(')') {
            return Err(format!("`{t}` does not end with `)`"));
        }
        let name = t[..open].trim().to_ascii_lowercase();
        let args: Vec<f64> = t[open + 1..t.len() - 1]
            .split(',')
            .map(|a| {
                let a = a.trim();
                a.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| format!("`{a}` in `{t}` is not a finite number"))
            })
            .collect::<Result<_, _>>()?;
        let want = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "`{t}`: {name} takes {n} numbers, got {}",
                    args.len()
                ))
            }
        };
        let d = match name.as_str() {
            "normal" => {
                want(2)?;
                Distribution::Normal {
                    mean: args[0],
                    sd: args[1],
                }
            }
            "uniform" => {
                want(2)?;
                Distribution::Uniform {
                    lo: args[0],
                    hi: args[1],
                }
            }
            "lognormal" => {
                want(2)?;
                Distribution::LogNormal {
                    mu: args[0],
                    sigma: args[1],
                }
            }
            "triangular" => {
                want(3)?;
                Distribution::Triangular {
                    lo: args[0],
                    mode: args[1],
                    hi: args[2],
                }
            }
            _ => {
                return Err(format!(
                    "`{t}`: unknown distribution `{name}` (use normal, uniform, lognormal or triangular)"
                ))
            }
        };
        match d {
            Distribution::Normal { sd, .. } if sd < 0.0 => Err(format!("`{t}`: sd is negative")),
            Distribution::LogNormal { sigma, .. } if sigma < 0.0 => {
                Err(format!("`{t}`: sigma is negative"))
            }
            Distribution::Uniform { lo, hi } if lo > hi => Err(format!("`{t}`: lo > hi")),
            Distribution::Triangular { lo, mode, hi } if !(lo <= mode && mode <= hi) => {
                Err(format!("`{t}`: needs lo ≤ mode ≤ hi"))
            }
            d => Ok(d),
        }
    }

    /// One draw.
    pub fn draw(&self, s: &mut Stream) -> f64 {
        match *self {
            Distribution::Normal { mean, sd } => s.normal(mean, sd),
            Distribution::Uniform { lo, hi } => s.uniform(lo, hi),
            Distribution::LogNormal { mu, sigma } => s.lognormal(mu, sigma),
            Distribution::Triangular { lo, mode, hi } => s.triangular(lo, mode, hi),
        }
    }
}

impl std::fmt::Display for Distribution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Distribution::Normal { mean, sd } => write!(f, "normal({mean}, {sd})"),
            Distribution::Uniform { lo, hi } => write!(f, "uniform({lo}, {hi})"),
            Distribution::LogNormal { mu, sigma } => write!(f, "lognormal({mu}, {sigma})"),
            Distribution::Triangular { lo, mode, hi } => {
                write!(f, "triangular({lo}, {mode}, {hi})")
            }
        }
    }
}
