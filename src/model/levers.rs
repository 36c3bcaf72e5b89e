//! What-if levers on the force: a force change for every county (attrition,
//! budget cuts) and new recruits placed by the model ([`super::recruits`]).
//!
//! **Force change.** `[force] scale = s, add = a` turns every county's force
//! Ec into E′c = round(s·Ec) + a, rounding halves up (0.97 × 150 = 145.5 →
//! 146), see [`changed_force`]. A negative result is an error; a force too
//! small for the county's rules is an infeasibility like any other.
//!
//! **Recruits.** `[recruits] total = N` adds Rc new officers to county c
//! (Σc Rc ≤ N), chosen by [`super::recruits::allocate`]; the county's force
//! is then E′c + Rc and both phases run as usual on it.
//!
//! **Moves when the force changes.** Today county c has force E⁰c, station
//! officers x⁰ₛ and HQ officers h⁰c = E⁰c − X⁰c. The plan has force E¹c,
//! xₛ and hc = E¹c − Xc. Newcomers and leavers are netted per county:
//! Δc = E¹c − E⁰c officers arrive (Δc > 0) or leave (Δc < 0), and placing a
//! newcomer, or a vacancy left by a leaver, is not a move of an existing
//! officer. Every existing officer who moves leaves one post and fills
//! another, so
//!
//! moves_c = ½ (Σₛ |xₛ − x⁰ₛ| + |hc − h⁰c| − |Δc|),
//!
//! an integer because Σₛ(xₛ − x⁰ₛ) + (hc − h⁰c) = Δc. With Δc = 0 it is the
//! core model's moves. For a county total Xc the fewest station changes are
//! (X¹c − X⁰c) + |Xc − X¹c| ([`super::transfers`]) and |hc − h⁰c| =
//! |Xc − (X⁰c + Δc)|, so moves_c is minimised by any Xc between X¹c and
//! X⁰c + Δc, clamped into [floor, cap]. Phase 2 picks Xc = clamp(X¹c, floor,
//! cap), which is such a point, so running it on the changed county and
//! recounting with [`count_moves`] is exact. The MILP in
//! [`super::milp::recruits`] confirms this on small cases.

use std::borrow::Cow;

use crate::domain::{ForceLevers, Params, Province};
use crate::model::level::floor_tol;
use crate::model::recruits::{self, Allocation};
use crate::model::requirement::{
    check_given, check_requirements, requirements, Requirement, RequirementError,
};
use crate::model::reuse::Shared;
use crate::numeric::MAX_COUNT;
use crate::plan::{plural, Infeasibility, Plan};

/// E′ = round(scale × E) + add, halves rounded up.
pub fn changed_force(force: i64, scale: f64, add: i64) -> i64 {
    let scaled = if scale == 1.0 {
        force
    } else {
        floor_tol(scale * force as f64 + 0.5)
    };
    scaled.saturating_add(add)
}

/// Why the levers give no plan.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LeverError {
    /// Rules no plan can meet, each in policy terms.
    #[error("no plan meets every rule:\n{}", .0.iter().map(|r| format!("  - {r}")).collect::<Vec<_>>().join("\n"))]
    Infeasible(Vec<Infeasibility>),
    /// The recruits are too few for even balance level 0.
    #[error(
        "{} too few: even balance level 0 needs {} ({})",
        match total { 1 => "1 recruit is".to_string(), n => format!("{n} recruits are") },
        plural(*needed, "new officer"),
        .detail.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    )]
    TooFewRecruits {
        /// The recruits the scenario gives.
        total: i64,
        /// The new officers level 0 needs.
        needed: i64,
        /// Where they are needed: each county short at level 0.
        detail: Vec<CountyShort>,
    },
    /// The force change leaves a county a negative force.
    #[error("county {county}: the force change (scale {scale}, add {add}) leaves {force} officers of {before}; a force cannot be negative")]
    NegativeForce {
        /// The county's id.
        county: String,
        /// Its force before the change.
        before: i64,
        /// Its force after the change.
        force: i64,
        /// The scale of the change.
        scale: f64,
        /// Officers the change adds.
        add: i64,
    },
    /// The force change makes a county's force larger than any count allowed.
    #[error("county {county}: the force change (scale {scale}, add {add}) makes {force} officers of {before}, above the limit of {} officers; check [force]", MAX_COUNT)]
    ForceTooLarge {
        /// The county's id.
        county: String,
        /// Its force before the change.
        before: i64,
        /// Its force after the change.
        force: i64,
        /// The scale of the change.
        scale: f64,
        /// Officers the change adds.
        add: i64,
    },
    /// A requirement out of the range the solver plans for.
    #[error(transparent)]
    Requirement(#[from] RequirementError),
}

/// A county that needs new officers for balance level 0.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{county} {}", match needs { Some(n) => format!("needs {n}"), None => "cannot meet its rules with any number".to_string() })]
pub struct CountyShort {
    /// The county's id.
    pub county: String,
    /// The new officers it needs; `None` when no number meets its rules.
    pub needs: Option<i64>,
}

impl LeverError {
    /// Whether valid input simply admits no plan (rather than a bad value).
    pub fn is_infeasible(&self) -> bool {
        matches!(
            self,
            LeverError::Infeasible(_) | LeverError::TooFewRecruits { .. }
        )
    }
}

/// The province with every county's force changed by the force lever.
pub fn apply_force(province: &Province, levers: &ForceLevers) -> Result<Province, LeverError> {
    let mut out = province.clone();
    for c in &mut out.counties {
        let force = changed_force(c.officers_total, levers.force_scale, levers.force_add);
        if force < 0 {
            return Err(LeverError::NegativeForce {
                county: c.id.clone(),
                before: c.officers_total,
                force,
                scale: levers.force_scale,
                add: levers.force_add,
            });
        }
        if force > MAX_COUNT {
            return Err(LeverError::ForceTooLarge {
                county: c.id.clone(),
                before: c.officers_total,
                force,
                scale: levers.force_scale,
                add: levers.force_add,
            });
        }
        c.officers_total = force;
    }
    Ok(out)
}

/// A plan under the levers.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverPlan {
    /// The plan; its moves count existing officers only once
    /// [`count_moves`] has run (as [`solve`] returns it, they are the core
    /// model's moves on `province`, which the checker can verify).
    pub plan: Plan,
    /// The province with the planned forces E¹c.
    pub province: Province,
    /// Where the recruits go, when the lever is on.
    pub recruits: Option<Allocation>,
}

/// Applies the levers and solves both phases on the changed province.
pub fn solve(
    province: &Province,
    params: &Params,
    levers: &ForceLevers,
) -> Result<LeverPlan, LeverError> {
    check_requirements(province, params)?;
    solve_against(province, params, levers, &requirements(province, params))
}

/// [`solve`] against given requirements (for example a robust envelope).
/// The requirements depend on the stations only, which the force levers do
/// not change.
pub fn solve_against(
    province: &Province,
    params: &Params,
    levers: &ForceLevers,
    reqs: &[Requirement],
) -> Result<LeverPlan, LeverError> {
    let p = solve_levers(province, params, levers, reqs, None)?;
    Ok(LeverPlan {
        plan: p.plan,
        province: p.province.into_owned(),
        recruits: p.recruits,
    })
}

/// A plan under the levers on a province shared by many plans
/// ([`solve_shared`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SharedPlan<'a> {
    /// As in [`LeverPlan::plan`].
    pub plan: Plan,
    /// The province with the planned forces E¹c: the shared one itself when
    /// no lever changes a force.
    pub province: Cow<'a, Province>,
    /// Where the recruits go, when the lever is on.
    pub recruits: Option<Allocation>,
}

/// [`solve_against`] for one of many plans on the same province (the
/// points of a sweep): the province is not copied unless a lever changes a
/// force, and each phase's result is reused from `shared` when its inputs
/// were solved before ([`crate::model::reuse`]).
pub fn solve_shared<'a>(
    shared: Shared<'a>,
    params: &Params,
    levers: &ForceLevers,
    reqs: &[Requirement],
) -> Result<SharedPlan<'a>, LeverError> {
    solve_levers(shared.province, params, levers, reqs, Some(shared))
}

fn solve_levers<'a>(
    province: &'a Province,
    params: &Params,
    levers: &ForceLevers,
    reqs: &[Requirement],
    reuse: Option<Shared<'_>>,
) -> Result<SharedPlan<'a>, LeverError> {
    check_given(province, reqs)?;
    let mut changed = force_changed(province, levers)?;
    let allocation = match levers.recruits {
        None => None,
        Some(total) => Some(place_recruits(changed.to_mut(), reqs, params, total)?),
    };
    let plan = crate::model::solve_reusing(&changed, params, reqs, reuse)
        .map_err(LeverError::Infeasible)?;
    Ok(SharedPlan {
        plan,
        province: changed,
        recruits: allocation,
    })
}

/// [`apply_force`], borrowing the province when the lever leaves every
/// force as it is (the same checks, the same errors).
fn force_changed<'a>(
    province: &'a Province,
    levers: &ForceLevers,
) -> Result<Cow<'a, Province>, LeverError> {
    let same = province.counties.iter().all(|c| {
        (0..=MAX_COUNT).contains(&c.officers_total)
            && changed_force(c.officers_total, levers.force_scale, levers.force_add)
                == c.officers_total
    });
    if same {
        Ok(Cow::Borrowed(province))
    } else {
        apply_force(province, levers).map(Cow::Owned)
    }
}

fn place_recruits(
    changed: &mut Province,
    reqs: &[Requirement],
    params: &Params,
    total: i64,
) -> Result<Allocation, LeverError> {
    match recruits::allocate(changed, reqs, params, total) {
        Ok(a) => {
            for (c, r) in changed.counties.iter_mut().zip(&a.per_county) {
                c.officers_total += r;
            }
            Ok(a)
        }
        Err(needed) => {
            let at = crate::model::level::At::Level(0.0);
            let detail: Vec<CountyShort> = changed
                .counties
                .iter()
                .filter_map(|c| {
                    let e = recruits::extra_officers(c, reqs, params, at);
                    (e > 0).then(|| CountyShort {
                        county: c.id.clone(),
                        needs: (e < crate::model::rules::UNREACHABLE).then_some(e),
                    })
                })
                .collect();
            Err(LeverError::TooFewRecruits {
                total,
                needed,
                detail,
            })
        }
    }
}

/// Recounts the plan's moves as moves of existing officers, county by
/// county: ½(Σₛ|xₛ − x⁰ₛ| + |hc − h⁰c| − |E¹c − E⁰c|) (module
/// documentation). `today` holds today's forces E⁰c, `planned` the plan's E¹c.
pub fn count_moves(today: &Province, planned: &Province, plan: &mut Plan) {
    let mut total = 0;
    for ((c0, c1), cp) in today
        .counties
        .iter()
        .zip(&planned.counties)
        .zip(plan.counties.iter_mut())
    {
        let x0: i64 = c0
            .stations
            .iter()
            .map(|&s| today.stations[s].officers)
            .sum();
        let station_changes: i64 = c0
            .stations
            .iter()
            .map(|&s| (plan.stations[s].officers - today.stations[s].officers).abs())
            .sum();
        let h0 = c0.officers_total - x0;
        let h1 = c1.officers_total - cp.station_officers;
        let delta = c1.officers_total - c0.officers_total;
        let moves = (station_changes + (h1 - h0).abs() - delta.abs()) / 2;
        cp.officers_moved = moves;
        total += moves;
    }
    plan.officers_moved = total;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn force_change_rounds_halves_up() {
        assert_eq!(changed_force(150, 0.97, 0), 146); // 145.5
        assert_eq!(changed_force(100, 0.97, 0), 97);
        assert_eq!(changed_force(110, 0.95, 0), 105); // 104.5 in floats
        assert_eq!(changed_force(100, 1.0, -5), 95);
        assert_eq!(changed_force(3, 0.5, -2), 0);
        assert_eq!(changed_force(3, 0.0, -1), -1);
    }
}
