//! The limits every year of a roadmap must keep, checked for all its years
//! before anything is written, so that a bad input is exit 2 with nothing
//! written, as for a solve ([`check_years`]).
//!
//! * **Requirements.** Year k's workload is today's × (1 + g)^k
//!   (`[roadmap] call_growth_rate`); every station's requirement in every year
//!   must be within the model's limits ([`check_requirements`]). The
//!   requirements depend on the stations' workload and the year's
//!   parameters, not on who is where, so they are checked on the
//!   province's stations.
//! * **Force.** A county's force only grows by its recruits:
//!   F_c(t) ≤ F_c(start) + Σ_{τ ≤ t} min(R_τ, cap_c), R_τ the year's
//!   recruits and cap_c the county's recruits a year at most. Every
//!   county's bound in every year must be at most [`MAX_COUNT`] officers,
//!   the limit of every count; a schedule that could pass it is refused,
//!   naming the county, the year and what set the recruits (`roadmap.recruits`
//!   or `--target-level`).

use super::{Prepared, RoadmapError};
use crate::error::InputError;
use crate::model::requirement::check_requirements;
use crate::numeric::MAX_COUNT;

/// Year k's requirements are within the model's limits on `province`:
/// otherwise bad input naming the stations table, the year and the call
/// growth that took it there.
pub fn check_year_requirements(
    prep: &Prepared,
    province: &crate::domain::Province,
    params: &crate::domain::Params,
    k: usize,
) -> Result<(), RoadmapError> {
    check_requirements(province, params).map_err(|e| {
        RoadmapError::Input(InputError::File {
            file: prep.loaded.scenario.stations.clone(),
            problem: format!(
                "{e} (in {}, with [roadmap] call_growth_rate {} compounding)",
                prep.year_of(k),
                prep.spec.call_growth
            ),
        })
    })
}

/// The first year and county whose force could pass [`MAX_COUNT`] under
/// the schedule `recruits` (module documentation): (year index, county,
/// the bound).
fn force_past_limit(prep: &Prepared, recruits: &[i64]) -> Option<(usize, usize, i64)> {
    let province = &prep.loaded.province;
    let mut bound: Vec<i64> = (0..province.counties.len())
        .map(|c| prep.start.force(province, c))
        .collect();
    for (k, &r) in recruits.iter().enumerate() {
        for (c, b) in bound.iter_mut().enumerate() {
            let cap = prep.caps.get(c).copied().flatten().unwrap_or(r);
            *b = b.saturating_add(r.min(cap).max(0));
            if *b > MAX_COUNT {
                return Some((k, c, *b));
            }
        }
    }
    None
}

/// Checks every year's requirements before anything is written (module
/// documentation).
pub fn check_requirements_every_year(prep: &Prepared) -> Result<(), RoadmapError> {
    for k in 0..prep.spec.years {
        let params = prep.params_of(k);
        check_year_requirements(prep, &prep.loaded.province, &params, k)?;
    }
    Ok(())
}

/// Checks that no county's force can pass [`MAX_COUNT`] in any year under
/// the schedule `recruits` (module documentation). `by`: what set the
/// schedule, as the user wrote it (`roadmap.recruits`, `--target-level 3`).
pub fn check_force(prep: &Prepared, recruits: &[i64], by: &str) -> Result<(), RoadmapError> {
    if let Some((k, c, bound)) = force_past_limit(prep, recruits) {
        let county = &prep.loaded.province.counties[c];
        return Err(RoadmapError::Input(InputError::Scenario {
            file: prep.loaded.scenario.file.clone(),
            message: format!(
                "{by}: in {} county {} ({}) could have a force of {bound} officers (its {} today and the recruits placed up to then, {} in {}), above the limit of {MAX_COUNT} officers; plan fewer recruits a year, or fewer years",
                prep.year_of(k),
                county.id,
                county.name,
                prep.start.force(&prep.loaded.province, c),
                recruits[k],
                prep.year_of(k)
            ),
        }));
    }
    Ok(())
}
