//! Measurement helpers of `staffing bench`: medians, the log-log fit of the
//! scaling curve, peak memory, and the in-process solve throughput.
//!
//! Timings are measurements, so they live only in the bench outputs, never in
//! a plan's output files.

use std::time::Instant;

use rayon::prelude::*;

use crate::domain::{Params, Province};
use crate::sample::{apply_workload, Point, SampleError};

/// Median of a non-empty list (mean of the middle two for even lengths).
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

/// Least-squares fit of ln y = a + b·ln x over points with x, y > 0:
/// returns (b, a, r²). `None` with fewer than two usable points.
pub fn fit_loglog(points: &[(f64, f64)]) -> Option<(f64, f64, f64)> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter(|(x, y)| *x > 0.0 && *y > 0.0)
        .map(|(x, y)| (x.ln(), y.ln()))
        .collect();
    let n = pts.len() as f64;
    if pts.len() < 2 {
        return None;
    }
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

/// Peak resident memory of this process so far (VmHWM), in KiB. Linux only.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// CPU time (user + system) of this process so far, in seconds, from
/// /proc/self/stat (Linux; clock ticks of 1/100 s, the Linux USER_HZ).
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// The 1-, 5- and 15-minute load averages (Linux), for the record.
pub fn load_average() -> Option<String> {
    let s = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

/// One throughput measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct Throughput {
    pub threads: usize,
    pub points: usize,
    pub seconds: f64,
    /// The balance level at each point, in point order (for checking that
    /// thread count does not change results).
    pub levels: Vec<Option<f64>>,
}

impl Throughput {
    pub fn points_per_second(&self) -> f64 {
        self.points as f64 / self.seconds
    }
}

/// Re-solves `province` at every point (workload keys) on a pool of
/// `threads` rayon threads: requirements, both phases and auxiliaries, no I/O.
pub fn throughput(
    province: &Province,
    params: &Params,
    points: &[Point],
    threads: usize,
) -> Result<Throughput, SampleError> {
    let all: Vec<Params> = points
        .iter()
        .enumerate()
        .map(|(i, p)| apply_workload(params, p, i))
        .collect::<Result<_, _>>()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| SampleError::Spec(format!("cannot start {threads} threads: {e}")))?;
    let started = Instant::now();
    let levels: Vec<Result<Option<f64>, usize>> = pool.install(|| {
        all.par_iter()
            .enumerate()
            .map(|(i, p)| {
                crate::model::solve(province, p)
                    .map(|plan| plan.balance_level)
                    .map_err(|_| i)
            })
            .collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    let levels = levels
        .into_iter()
        .map(|r| {
            r.map_err(|i| SampleError::Infeasible {
                point: i,
                problem: "no plan at this point".into(),
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Throughput {
        threads,
        points: points.len(),
        seconds,
        levels,
    })
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
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}

/// The median time of the exact solve of one balance target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetTiming {
    pub target: crate::domain::Target,
    /// Median seconds of both phases and the auxiliaries (no check, no I/O).
    pub seconds: f64,
    /// The same relative to the `province` target.
    pub ratio: f64,
    pub officers_moved: i64,
}

/// Times the exact solve ([`crate::model::solve`]) of `province` under each
/// balance target, `runs` times each on this thread, interleaved so that a
/// drift in the machine's speed touches every target alike; medians.
/// The speed figure of issue #14 (`county` costs no more than `province`,
/// `leximin` within 10× on the province and under 3 s on the nation).
pub fn time_targets(
    province: &Province,
    params: &Params,
    runs: usize,
) -> Result<Vec<TargetTiming>, String> {
    use crate::domain::Target;
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); Target::ALL.len()];
    let mut moves = vec![0; Target::ALL.len()];
    for _ in 0..runs.max(1) {
        for (i, &target) in Target::ALL.iter().enumerate() {
            let mut p = params.clone();
            p.levers.balance.officers = target;
            let started = Instant::now();
            let plan = crate::model::solve(province, &p)
                .map_err(|reasons| format!("no plan ({} broken rules)", reasons.len()))?;
            times[i].push(started.elapsed().as_secs_f64());
            moves[i] = plan.officers_moved;
        }
    }
    let medians: Vec<f64> = times.iter().map(|t| median(t)).collect();
    Ok(Target::ALL
        .iter()
        .enumerate()
        .map(|(i, &target)| TargetTiming {
            target,
            seconds: medians[i],
            ratio: medians[i] / medians[0],
            officers_moved: moves[i],
        })
        .collect())
}
