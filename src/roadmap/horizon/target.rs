//! How many to recruit for a target level (see the
//! [horizon search](super)).

use super::{Search, Supply};
use crate::model::level::At;
use crate::model::rules::UNREACHABLE;
use crate::roadmap::no_plan::TargetMiss;

/// The fewest recruits a year, the scenario's schedule scaled (`shape`,
/// one weight per year; Nk = ⌈S·wk ÷ max w⌉ for the scale S, which is
/// the recruits of the peak year), such that some placement keeps every
/// year at level ≥ `level` on the relaxation. `Err` says why no number
/// does. Bisection on S is exact: the supply check is monotone in S.
pub fn fewest_recruits(
    search: &mut Search<'_>,
    level: f64,
    shape: &[i64],
) -> Result<(i64, Vec<i64>), TargetMiss> {
    let n = search.years.len();
    let needs: Vec<Vec<i64>> = (0..n).map(|k| search.needs(k, At::Level(level))).collect();
    for (k, row) in needs.iter().enumerate() {
        if let Some(c) = row.iter().position(|&v| v >= UNREACHABLE) {
            return Err(TargetMiss::Unreachable {
                year: k + 1,
                county: search.years[k].counties[c].id.clone(),
                level,
            });
        }
        if let Some((c, _)) = row
            .iter()
            .enumerate()
            .find(|(c, &v)| search.supply.caps[*c].is_some_and(|cap| v > cap * (k as i64 + 1)))
        {
            return Err(TargetMiss::OverCap {
                year: k + 1,
                county: search.years[k].counties[c].id.clone(),
            });
        }
    }
    let m = Search::<'_>::cumulative(&needs);
    let wmax = shape.iter().copied().max().unwrap_or(0);
    let schedule = |s: i64| -> Vec<i64> {
        shape
            .iter()
            .map(|&w| {
                if wmax == 0 {
                    s
                } else {
                    ((s as i128 * w as i128 + wmax as i128 - 1) / wmax as i128) as i64
                }
            })
            .collect()
    };
    let fits = |s: i64, search: &mut Search<'_>| {
        search.checks += 1;
        let supply = Supply {
            per_year: schedule(s),
            caps: search.supply.caps.clone(),
        };
        supply.fits(&m)
    };
    let mut hi = 1i64;
    while !fits(hi, search) {
        if hi >= crate::numeric::MAX_COUNT {
            let max = crate::numeric::MAX_COUNT;
            return Err(TargetMiss::CapsTooFew { max, level });
        }
        hi = (hi * 2).min(crate::numeric::MAX_COUNT);
    }
    if fits(0, search) {
        return Ok((0, schedule(0)));
    }
    let mut lo = 0i64;
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(mid, search) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok((hi, schedule(hi)))
}
