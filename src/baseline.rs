//! Proportional rounding, the spreadsheet method a planner would use instead,
//! and how its plan fares against the rules.
//!
//! The method: each county keeps today's station officers X⁰c; they are
//! shared among its stations in proportion to workload (Dₛ + Cₛ) and rounded
//! to the nearest whole officer; each station's community officers are its
//! officers times Cₛ ÷ (Dₛ + Cₛ), rounded. Nothing checks the rules, so the
//! plan can break station minimums, the 40% rules and even the county total
//! (rounding rarely adds up). [`evaluate`] counts what it leaves broken and the
//! balance level it really reaches, for it and for the optimal plan alike.

use crate::domain::{CommunityScope, Params, Province};
use crate::model::requirement::Requirement;
use crate::model::rules;
use crate::plan::{CountyPlan, Plan, StationPlan, Status};
use crate::sample::plan_level;

/// Name recorded as the plan's solver.
pub const PROPORTIONAL: &str = "proportional rounding (spreadsheet method)";

/// The proportional-rounding plan. Auxiliaries stay as they are today.
pub fn proportional_plan(province: &Province, reqs: &[Requirement]) -> Plan {
    let mut stations = vec![StationPlan::default(); province.stations.len()];
    let mut counties = Vec::with_capacity(province.counties.len());
    let mut moved_total = 0;
    for county in &province.counties {
        let x0 = county.station_officers_today(&province.stations);
        let weight: f64 = county
            .stations
            .iter()
            .map(|&s| reqs[s].duty + reqs[s].community)
            .sum();
        let mut xc = 0;
        let mut changes = 0;
        for &s in &county.stations {
            let w = reqs[s].duty + reqs[s].community;
            let x = if weight > 0.0 {
                (x0 as f64 * w / weight).round() as i64
            } else {
                province.stations[s].officers
            };
            let y = if w > 0.0 {
                (x as f64 * reqs[s].community / w).round() as i64
            } else {
                province.stations[s].community_officers.min(x)
            };
            stations[s] = StationPlan {
                officers: x,
                community_officers: y,
                auxiliaries: province.stations[s].auxiliaries,
            };
            xc += x;
            changes += (x - province.stations[s].officers).abs();
        }
        changes += (xc - x0).abs();
        moved_total += changes;
        counties.push(CountyPlan {
            station_officers: xc,
            hq_officers: county.deployable() - xc,
            max_level: None,
            officers_moved: changes / 2,
        });
    }
    // Not proven optimal (nor even valid): the plan type has no better word.
    let mut plan = Plan {
        status: Status::TimeLimit,
        balance_level: None,
        officers_moved: moved_total / 2,
        auxiliary_balance_level: None,
        auxiliaries_changed: 0,
        stations,
        counties,
        binding: Vec::new(),
        solver: PROPORTIONAL.into(),
        fairness: None,
    };
    plan.balance_level = plan_level(&plan, reqs);
    plan
}

/// Stations whose own level, min((xₛ − yₛ)/Dₛ, yₛ/Cₛ), is below `t`: the
/// stations worse off than a plan at balance level t would leave any station.
pub fn stations_below(plan: &Plan, reqs: &[Requirement], t: f64) -> usize {
    plan.stations
        .iter()
        .zip(reqs)
        .filter(|(p, r)| {
            (r.duty > 0.0 && ((p.officers - p.community_officers) as f64) < t * r.duty - 1e-9)
                || (r.community > 0.0 && (p.community_officers as f64) < t * r.community - 1e-9)
        })
        .count()
}

/// Today's deployment as a plan, to assess it like any other.
pub fn today_plan(province: &Province) -> Plan {
    let stations: Vec<StationPlan> = province
        .stations
        .iter()
        .map(|s| StationPlan {
            officers: s.officers,
            community_officers: s.community_officers,
            auxiliaries: s.auxiliaries,
        })
        .collect();
    let counties = province
        .counties
        .iter()
        .map(|c| {
            let x = c.station_officers_today(&province.stations);
            CountyPlan {
                station_officers: x,
                hq_officers: c.deployable() - x,
                max_level: None,
                officers_moved: 0,
            }
        })
        .collect();
    Plan {
        status: Status::TimeLimit,
        balance_level: None,
        officers_moved: 0,
        auxiliary_balance_level: None,
        auxiliaries_changed: 0,
        stations,
        counties,
        binding: Vec::new(),
        solver: "today".into(),
        fairness: None,
    }
}

/// What a plan achieves and which rules it leaves broken.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Assessment {
    /// The balance level the plan really reaches (min over stations).
    pub balance_level: Option<f64>,
    /// Officers moved, ½(Σ|xₛ − x⁰ₛ| + Σ|hc − h⁰c|) (half-units rounded down).
    pub officers_moved: i64,
    /// Stations below their minimum.
    pub station_minimum: usize,
    /// Counties whose HQ falls below hq_min.
    pub hq_minimum: usize,
    /// Counties below the station share (first 40%).
    pub station_share: usize,
    /// Counties (or, under station scope, stations) below the community share.
    pub community_share: usize,
    /// Counties whose station total differs from today's (rounding drift).
    pub total_drift: usize,
}

impl Assessment {
    /// Broken hard rules (minimums and quotas), all counted.
    pub fn violations(&self) -> usize {
        self.station_minimum + self.hq_minimum + self.station_share + self.community_share
    }
}

/// Counts, independently of any solver, what `plan` reaches and breaks.
pub fn evaluate(
    province: &Province,
    params: &Params,
    reqs: &[Requirement],
    plan: &Plan,
) -> Assessment {
    let q = params.quotas.community_share;
    let mut a = Assessment {
        balance_level: plan_level(plan, reqs),
        ..Assessment::default()
    };
    let mut moved = 0;
    for county in &province.counties {
        let mut x = 0;
        let mut y = 0;
        for &s in &county.stations {
            let p = plan.stations[s];
            x += p.officers;
            y += p.community_officers;
            moved += (p.officers - province.stations[s].officers).abs();
            if p.officers < rules::station_minimum(&reqs[s]) {
                a.station_minimum += 1;
            }
            if params.quotas.community_scope == CommunityScope::Station
                && (p.community_officers as f64) < q * p.officers as f64 - 1e-9
            {
                a.community_share += 1;
            }
        }
        let x0 = county.station_officers_today(&province.stations);
        moved += (x - x0).abs();
        if x > rules::hq_minimum(county) {
            a.hq_minimum += 1;
        }
        if x < rules::station_share(county, params.quotas.station_share) {
            a.station_share += 1;
        }
        if params.quotas.community_scope == CommunityScope::County
            && (y as f64) < q * x as f64 - 1e-9
        {
            a.community_share += 1;
        }
        if x != x0 {
            a.total_drift += 1;
        }
    }
    a.officers_moved = moved / 2;
    a
}
