//! The rules of every station: real strength, the bounds and levers of
//! its officers and auxiliaries, and its cover at the balance level (or the level the target holds it to), the
//! station scope of the community share and village cover.

use super::{checked_distance, Ctx, Flag};
use crate::domain::{CommunityScope, Station, HOURS_PER_YEAR};
use crate::model::requirement::Requirement;
use crate::numeric::at_least;
use crate::plan::StationPlan;

/// Every station's rules.
pub(super) fn check(ctx: &Ctx, flag: &mut Flag) {
    for (i, (((s, p), r), &x0)) in ctx
        .province
        .stations
        .iter()
        .zip(&ctx.plan.stations)
        .zip(ctx.reqs)
        .zip(ctx.today)
        .enumerate()
    {
        own_rules(ctx, s, p, x0, flag);
        covers(ctx, i, p, r, &s.id, flag);
    }
}

/// The station's own bounds: real strength, restricted officers, signs,
/// its minimum, 24-hour posts, building capacity, a lock, its move cap and
/// the service standard's units.
fn own_rules(ctx: &Ctx, s: &Station, p: &StationPlan, x0: i64, flag: &mut Flag) {
    let params = ctx.params;
    let away = |s: &Station| ctx.away(s);
    let (x, y, a) = (p.officers, p.community_officers, p.auxiliaries);
    let id = s.id.as_str();
    if s.officers != x0 {
        flag(
            id,
            "real strength",
            format!(
                "today's officers are {} but the books less {} nominal and {} seconded away give {x0}",
                s.officers,
                s.strength.nominal,
                away(s)
            ),
        );
    }
    let restricted = s.strength.restricted;
    if y < restricted {
        flag(
            id,
            "restricted officers",
            format!(
                "y = {y} < {restricted} who cannot take duty shifts and stay as community officers"
            ),
        );
    }
    if x < 0 {
        flag(id, "officers non-negative", format!("x = {x}"));
    }
    if y < 0 || y > x {
        flag(
            id,
            "community officers within officers",
            format!("y = {y}, x = {x}"),
        );
    }
    if a < 0 {
        flag(id, "auxiliaries non-negative", format!("a = {a}"));
    }
    let own_min = s.min_officers.unwrap_or(params.min_officers);
    if x < own_min {
        flag(id, "station minimum", format!("x = {x} < {own_min}"));
    }
    let posts = s.levers.duty_posts.unwrap_or(params.levers.duty_posts);
    // k posts around the clock need k × 8760 ÷ officer_hours_per_year officers.
    let round_the_clock = posts * HOURS_PER_YEAR / params.workload.officer_hours_per_year;
    if posts > 0.0 && !at_least(x as f64, round_the_clock) {
        flag(
            id,
            "24-hour duty minimum",
            format!(
                "x = {x} officers, {posts} posts need {round_the_clock} (8760 hours each ÷ {} hours an officer)",
                params.workload.officer_hours_per_year
            ),
        );
    }
    if let Some(cap) = s.levers.max_officers {
        if x > cap {
            flag(
                id,
                "building capacity",
                format!("x = {x} > max_officers = {cap}"),
            );
        }
    }
    if s.levers.locked && x != x0 {
        flag(id, "locked station", format!("x = {x}, locked at {x0}"));
    }
    if let Some(k) = s.levers.max_moves.or(params.levers.max_moves_per_station) {
        match checked_distance(x, x0) {
            Some(d) if d <= k => {}
            Some(d) => flag(id, "station move cap", format!("|x − x⁰| = {d} > {k}")),
            None => flag(
                id,
                "station move cap",
                format!("|x − x⁰| with x = {x} is beyond the range of whole numbers"),
            ),
        }
    }
}

/// The station's cover: duty and community at the balance level t (with
/// the auxiliaries' duty credit f·a), at the level the target holds it to,
/// the community share under station scope, and village cover at tₐ.
fn covers(ctx: &Ctx, i: usize, p: &StationPlan, r: &Requirement, id: &str, flag: &mut Flag) {
    let Ctx {
        params,
        f,
        t,
        ta,
        q,
        held,
        ..
    } = *ctx;
    let (x, y, a) = (p.officers, p.community_officers, p.auxiliaries);
    let credit = f * a as f64;
    match x.checked_sub(y) {
        Some(d) if at_least(d as f64 + credit, t * r.duty) => {}
        d => flag(
            id,
            "duty cover",
            format!(
                "x − y + f·a = {} < t·D = {}",
                d.map_or(f64::NAN, |d| d as f64 + credit),
                t * r.duty
            ),
        ),
    }
    if !at_least(y as f64, t * r.community) {
        flag(
            id,
            "community cover",
            format!("y = {y} < t·C = {}", t * r.community),
        );
    }
    if let Some(h) = held.map(|h| h[i]) {
        // Held level h: xₛ − yₛ + f·aₛ ≥ h·Dₛ and yₛ ≥ h·Cₛ.
        let duty = x.checked_sub(y).map(|d| d as f64 + credit);
        if !duty.is_some_and(|d| at_least(d, h * r.duty)) {
            flag(
                id,
                "held level (duty)",
                format!(
                    "x − y + f·a = {} < h·D = {} (held level h = {h})",
                    duty.unwrap_or(f64::NAN),
                    h * r.duty
                ),
            );
        }
        if !at_least(y as f64, h * r.community) {
            flag(
                id,
                "held level (community)",
                format!("y = {y} < h·C = {} (held level h = {h})", h * r.community),
            );
        }
    }
    if params.quotas.community_scope == CommunityScope::Station && !at_least(y as f64, q * x as f64)
    {
        flag(
            id,
            "community share (station)",
            format!("y = {y} < {q}·x = {}", q * x as f64),
        );
    }
    if !at_least(a as f64, ta * r.villages) {
        flag(
            id,
            "village cover",
            format!("a = {a} < tₐ·V = {}", ta * r.villages),
        );
    }
}
