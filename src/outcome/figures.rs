//! The figures of stations and counties: what a station needs, its loads
//! and cover level before and after, the two 40% rules and village cover
//! of a county, and the Lorenz curve of officers against workload with its
//! Gini, computed once for every output.

use super::{BeforeAfter, StationService};

/// What one station needs at balance level 1.0, in full-time officers and
/// auxiliary posts.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Need {
    /// Duty officers Dₛ.
    pub duty: f64,
    /// Community officers Cₛ.
    pub community: f64,
    /// Auxiliary posts Vₛ for village cover.
    pub villages: f64,
    /// Duty already covered by auxiliaries, κₛ.
    pub duty_credit: f64,
}

impl Need {
    /// Dₛ + Cₛ, the workload officers are compared with.
    pub fn workload(&self) -> f64 {
        self.duty + self.community
    }
}

/// A station's cover level under a deployment (xₛ officers, yₛ of them
/// community officers): min((xₛ − yₛ + κ) ÷ Dₛ, yₛ ÷ Cₛ) over the
/// requirements it has (`None`: no requirement), κ the duty its
/// auxiliaries cover (f·aₛ; 0 by default). The level whose floors the
/// model's rules state; the balance level is the lowest of them.
pub fn cover_level(duty: f64, community: f64, x: i64, y: i64, credit: f64) -> Option<f64> {
    let mut level: Option<f64> = None;
    if duty > 0.0 {
        level = Some(((x - y) as f64 + credit) / duty);
    }
    if community > 0.0 {
        let c = y as f64 / community;
        level = Some(level.map_or(c, |l| l.min(c)));
    }
    level
}

/// The Lorenz curve of officers against workload, and its Gini coefficient.
#[derive(Debug, Clone, PartialEq)]
pub struct Lorenz {
    /// (share of workload, share of officers) after each station, from
    /// (0, 0) to (1, 1).
    pub points: Vec<(f64, f64)>,
    /// 1 − Σᵢ (Xᵢ − Xᵢ₋₁)(Yᵢ + Yᵢ₋₁): 0 when officers are in proportion
    /// to workload.
    pub gini: f64,
}

/// The Lorenz curve of officers against workload and its Gini: stations
/// ordered by officers per unit of workload, least first (stations without
/// workload last); the curve runs through (share of workload, share of
/// officers) after each station, and officers in exact proportion to
/// workload give the diagonal and a Gini of 0. `None` when there are no
/// officers or no workload. The comparison of the balance targets and the
/// report's fairness chart both take it from here.
pub fn lorenz(officers: &[i64], workload: &[f64]) -> Option<Lorenz> {
    let total_o: i64 = officers.iter().sum();
    let total_w: f64 = workload.iter().sum();
    if total_o <= 0 || total_w <= 0.0 {
        return None;
    }
    let mut order: Vec<usize> = (0..officers.len()).collect();
    let ratio = |i: usize| {
        if workload[i] > 0.0 {
            officers[i] as f64 / workload[i]
        } else {
            f64::INFINITY
        }
    };
    order.sort_by(|&a, &b| ratio(a).total_cmp(&ratio(b)).then(a.cmp(&b)));
    let mut points = Vec::with_capacity(order.len() + 1);
    points.push((0.0, 0.0));
    let (mut cw, mut co) = (0.0, 0i64);
    let mut area2 = 0.0;
    let (mut px, mut py) = (0.0, 0.0);
    for i in order {
        cw += workload[i];
        co += officers[i];
        let (x, y) = (cw / total_w, co as f64 / total_o as f64);
        area2 += (x - px) * (y + py);
        points.push((x, y));
        (px, py) = (x, y);
    }
    Some(Lorenz {
        points,
        gini: 1.0 - area2,
    })
}

/// Workload per person at one station under one deployment.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Load {
    /// Calls a year per duty officer (`None`: calls and no duty officer).
    pub calls_per_duty_officer: Option<f64>,
    /// Residents per community officer (`None`: residents and no community
    /// officer).
    pub residents_per_community_officer: Option<f64>,
}

/// The figures of one station.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StationFigures {
    /// What the station needs.
    pub need: Need,
    /// 110 calls the station handles under the scenario.
    pub calls: f64,
    /// Its loads today.
    pub before: Load,
    /// Its loads under the plan.
    pub after: Load,
    /// Its cover level today and under the plan ([`cover_level`], with
    /// the auxiliaries' duty credit).
    pub cover: BeforeAfter<Option<f64>>,
    /// The service standard's figures (`[workload.service]` only).
    pub service: Option<StationService>,
}

/// The two 40% rules of one county under one deployment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountyFigures {
    /// The force the station share is measured against: today's force
    /// before the plan, the planned force (recruits and force changes
    /// included) after it.
    pub force: i64,
    /// Officers at the county's stations, Xc.
    pub station_officers: i64,
    /// Community officers among them, Yc.
    pub community_officers: i64,
    /// Xc ÷ the force: the first 40%.
    pub station_share: f64,
    /// Yc ÷ Xc: the second 40%.
    pub community_share: f64,
    /// Whether the station share meets the rule.
    pub station_rule: bool,
    /// Whether the community share meets the rule.
    pub community_rule: bool,
}

/// One auxiliary per village in one county under one deployment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VillageCover {
    /// The county's auxiliary posts, Σ aₛ.
    pub posts: i64,
    /// The county's villages, Σ villagesₛ (one auxiliary each is
    /// 一村一辅警).
    pub villages: f64,
    /// Stations with at least one auxiliary per village today and fewer
    /// under this deployment (0 for today's).
    pub cut: i64,
    /// Stations with fewer auxiliaries than village posts.
    pub short: i64,
    /// Σ min(aₛ, Vₛ) ÷ Σ Vₛ (1 when the county has no villages).
    pub cover: f64,
}
