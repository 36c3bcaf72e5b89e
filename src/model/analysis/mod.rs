//! Every figure the outputs show about a solved plan, computed once: loads
//! per person, the two 40% rules per county before and after, the summary,
//! and the explanations (transfer lists, village cover, binding stations,
//! marginal values, mergers).
//!
//! The pipeline ([`crate::pipeline`]) calls this module; it fills the plain
//! data of [`crate::outcome`], which the report formats without solving.
//!
//! Loads are the ratios planners read: calls a year per duty officer
//! (handled calls ÷ (xₛ − yₛ)) and residents per community officer
//! (populationₛ ÷ yₛ). A station with load and nobody to carry it has no
//! ratio (`None`), and counts as the worst of all.
//!
//! **The headline** ([`headline`]) is what the report's first screen says in
//! words. Per county, the transfer list ([`transfers`]) has N_c officers
//! from HQ to stations, M_c between stations and U_c from stations to HQ
//! (HQ either gives or takes, so N_c·U_c = 0). Officers new to the county
//! (Δc = E¹c − E⁰c > 0: recruits, a force increase) arrive at HQ in that
//! list, and placing one at a station is not a move; the county's moves of
//! existing officers, moves_c ([`crate::model::levers::count_moves`]), are
//! M_c + max(0, N_c − Δc) + U_c when Δc ≥ 0 and M_c + N_c + max(0, U_c − |Δc|)
//! otherwise. So the existing officers HQ sends down are moves_c − M_c when
//! N_c > 0, those stations send up moves_c − M_c when U_c > 0, and the
//! newcomers placed at stations N_c − (moves_c − M_c): three parts that add
//! up to the plan's officers moved. The officers short of level 1.0 are
//! Σc extra_c(1.0) on the plan's forces
//! ([`crate::model::recruits::short_of_level_one`]), and 一村一辅警 coverage
//! is Σ min(aₛ, villagesₛ) ÷ Σ villagesₛ ([`village_coverage`]).
//!
//! The figures of the balance targets ([`fairness`]), of the service
//! standard ([`service`]) and of the real strength ([`strength`]) each have
//! a module of their own here.

mod explanations;
pub mod fairness;
pub mod service;
pub mod strength;

pub use explanations::{binding_details, explain, transfers, village_cover};

use crate::domain::{CommunityScope, County, Params, Province, Station};
use crate::model::recruits::short_of_level_one;
use crate::model::requirement::{handled_calls, Requirement};
use crate::numeric::at_least;
use crate::outcome::{
    BeforeAfter, BindingStation, CountyFigures, Headline, Load, Need, Provenance, RecruitsSummary,
    StationFigures, Summary, TransferKind,
};
use crate::plan::{Plan, Recruits};

/// Calls a year per duty officer (officers − community officers). `None`
/// when calls fall on a station with no duty officer.
pub fn calls_per_duty_officer(
    station: &Station,
    params: &Params,
    officers: i64,
    community: i64,
) -> Option<f64> {
    per(
        handled_calls(station, &params.workload),
        officers - community,
    )
}

/// Residents per community officer. `None` when residents have no community
/// officer at all.
pub fn residents_per_community_officer(station: &Station, community: i64) -> Option<f64> {
    per(station.population, community)
}

fn per(load: f64, people: i64) -> Option<f64> {
    if people > 0 {
        Some(load / people as f64)
    } else if load > 0.0 {
        None
    } else {
        Some(0.0)
    }
}

/// The worst (largest) of a set of loads; `None` if any is unstaffed.
pub fn worst(loads: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let mut worst = 0.0_f64;
    for l in loads {
        worst = worst.max(l?);
    }
    Some(worst)
}

fn load(station: &Station, calls: f64, officers: i64, community: i64) -> Load {
    Load {
        calls_per_duty_officer: per(calls, officers - community),
        residents_per_community_officer: residents_per_community_officer(station, community),
    }
}

/// Each station's need, handled calls and loads today and under the plan.
pub fn station_figures(
    province: &Province,
    params: &Params,
    plan: &Plan,
    reqs: &[Requirement],
) -> Vec<StationFigures> {
    let f = params.auxiliaries.duty_factor;
    province
        .stations
        .iter()
        .zip(&plan.stations)
        .zip(reqs)
        .map(|((s, p), r)| {
            let calls = handled_calls(s, &params.workload);
            StationFigures {
                need: Need {
                    duty: r.duty,
                    community: r.community,
                    villages: r.villages,
                    duty_credit: r.duty_credit,
                },
                calls,
                before: load(s, calls, s.officers, s.community_officers),
                after: load(s, calls, p.officers, p.community_officers),
                cover: BeforeAfter {
                    before: fairness::cover(r, f, s.officers, s.community_officers, s.auxiliaries),
                    after: fairness::cover(r, f, p.officers, p.community_officers, p.auxiliaries),
                },
                service: None,
            }
        })
        .collect()
}

/// Station officers, community officers and the two 40% rules of a county
/// of force `force` under a deployment given as (officers, community
/// officers) per station.
pub fn county_figures(
    county: &County,
    force: i64,
    params: &Params,
    deployment: impl Fn(usize) -> (i64, i64),
) -> CountyFigures {
    let mut x = 0;
    let mut y = 0;
    let mut every_station = true;
    let q = params.quotas.community_share;
    for &s in &county.stations {
        let (xs, ys) = deployment(s);
        x += xs;
        y += ys;
        every_station &= at_least(ys as f64, q * xs as f64);
    }
    let station_share = ratio(x, force);
    let community_share = ratio(y, x);
    CountyFigures {
        force,
        station_officers: x,
        community_officers: y,
        station_share,
        community_share,
        station_rule: at_least(x as f64, params.quotas.station_share * force as f64),
        community_rule: match params.quotas.community_scope {
            CommunityScope::County => at_least(y as f64, q * x as f64),
            CommunityScope::Station => every_station,
        },
    }
}

fn ratio(a: i64, b: i64) -> f64 {
    if b > 0 {
        a as f64 / b as f64
    } else {
        0.0
    }
}

/// Every county's two 40% rules today and under the plan. `force_today`
/// holds each county's force before any lever (recruits, force changes):
/// today's shares are measured against it, the plan's against the planned
/// force (`province`).
pub fn county_rows(
    province: &Province,
    params: &Params,
    plan: &Plan,
    force_today: &[i64],
) -> Vec<BeforeAfter<CountyFigures>> {
    province
        .counties
        .iter()
        .zip(force_today)
        .map(|(c, &e0)| BeforeAfter {
            before: county_figures(c, e0, params, |s| {
                (
                    province.stations[s].officers,
                    province.stations[s].community_officers,
                )
            }),
            after: county_figures(c, c.officers_total, params, |s| {
                (
                    plan.stations[s].officers,
                    plan.stations[s].community_officers,
                )
            }),
        })
        .collect()
}

/// The summary of a solved scenario from its figures (`reqs`: the
/// requirements the plan was solved against).
#[allow(clippy::too_many_arguments)]
pub fn summary(
    scenario: &str,
    province: &Province,
    params: &Params,
    plan: &Plan,
    reqs: &[Requirement],
    stations: &[StationFigures],
    counties: &[BeforeAfter<CountyFigures>],
    provenance: Provenance,
) -> Summary {
    let sum = |f: &dyn Fn(&crate::plan::StationPlan) -> i64| plan.stations.iter().map(f).sum();
    let station_officers: i64 = sum(&|p| p.officers);
    // HQ holds the force less the officers seconded away and at stations.
    let force: i64 = province.counties.iter().map(|c| c.deployable()).sum();
    let meeting =
        |f: &dyn Fn(&BeforeAfter<CountyFigures>) -> bool| counties.iter().filter(|c| f(c)).count();
    Summary {
        scenario: scenario.to_string(),
        status: plan.status.as_str().to_string(),
        balance_level: plan.balance_level,
        officers_moved: plan.officers_moved,
        headline: headline_of(province, params, plan, reqs, counties),
        auxiliary_balance_level: plan.auxiliary_balance_level,
        auxiliaries_changed: plan.auxiliaries_changed,
        station_officers,
        community_officers: sum(&|p| p.community_officers),
        hq_officers: force - station_officers,
        auxiliaries: sum(&|p| p.auxiliaries),
        auxiliary_budget: params.auxiliaries.total,
        worst_calls_per_duty_officer: worst(
            stations.iter().map(|s| s.after.calls_per_duty_officer),
        ),
        worst_residents_per_community_officer: worst(
            stations
                .iter()
                .map(|s| s.after.residents_per_community_officer),
        ),
        worst_calls_per_duty_officer_before: worst(
            stations.iter().map(|s| s.before.calls_per_duty_officer),
        ),
        worst_residents_per_community_officer_before: worst(
            stations
                .iter()
                .map(|s| s.before.residents_per_community_officer),
        ),
        counties: province.counties.len(),
        stations: province.stations.len(),
        // The pipeline adds the data's warnings (they come from the input).
        warnings: Default::default(),
        counties_meeting_station_share: BeforeAfter {
            before: meeting(&|c| c.before.station_rule),
            after: meeting(&|c| c.after.station_rule),
        },
        counties_meeting_community_share: BeforeAfter {
            before: meeting(&|c| c.before.community_rule),
            after: meeting(&|c| c.after.community_rule),
        },
        recruits: None,
        strength: None,
        binding_stations: plan
            .binding
            .iter()
            .map(|b| {
                let s = &province.stations[b.station];
                BindingStation {
                    station_id: s.id.clone(),
                    name: s.name.clone(),
                    county_id: province.counties[s.county].id.clone(),
                    dimension: b.dimension.as_str().to_string(),
                    hq_refill: hq_refill(province, counties, s.county),
                }
            })
            .collect(),
        service: None,
        methods: None,
        balance: None,
        output_dir: None,
        provenance,
    }
}

pub use crate::outcome::{hq_refill, hq_today};

/// A county's state today against the rules a plan must restore: HQ
/// below its minimum, or station officers below the station share.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyToday {
    /// The county, by index into the province's counties.
    pub county: usize,
    /// HQ officers today and `hq_min`, when HQ is below its minimum.
    pub hq_below_minimum: Option<(i64, i64)>,
    /// Station officers today and the fewest the station share asks,
    /// ⌈p·E⌉, when they are fewer.
    pub station_share_short: Option<(i64, i64)>,
}

/// Every county that breaks its HQ minimum or the station share today, on
/// today's data (`staffing check` warns of them: a plan must restore both,
/// and it costs moves or, for HQ, station officers).
pub fn counties_today(province: &Province, params: &Params) -> Vec<CountyToday> {
    province
        .counties
        .iter()
        .enumerate()
        .filter_map(|(ci, c)| {
            let x0 = c.station_officers_today(&province.stations);
            let hq = c.deployable() - x0;
            let share = crate::model::rules::station_share(c, params.quotas.station_share);
            let today = CountyToday {
                county: ci,
                hq_below_minimum: (hq < c.hq_min).then_some((hq, c.hq_min)),
                station_share_short: (x0 < share).then_some((x0, share)),
            };
            (today.hq_below_minimum.is_some() || today.station_share_short.is_some())
                .then_some(today)
        })
        .collect()
}

/// What the plan does and needs, for the first screen (see the module
/// documentation): the moves by kind, the officers short of level 1.0 on
/// the plan's forces, and 一村一辅警 today and planned.
pub fn headline(
    province: &Province,
    params: &Params,
    plan: &Plan,
    reqs: &[Requirement],
) -> Headline {
    let forces: Vec<i64> = province.counties.iter().map(|c| c.officers_total).collect();
    let counties = county_rows(province, params, plan, &forces);
    headline_of(province, params, plan, reqs, &counties)
}

/// [`headline`] with the counties' figures (their forces today and planned:
/// newcomers to a county are not moves).
pub fn headline_of(
    province: &Province,
    params: &Params,
    plan: &Plan,
    reqs: &[Requirement],
    counties: &[BeforeAfter<CountyFigures>],
) -> Headline {
    let mut h = Headline {
        officers_from_hq_to_stations: 0,
        officers_between_stations: 0,
        officers_from_stations_to_hq: 0,
        new_officers_to_stations: 0,
        recruits_for_level_one: short_of_level_one(province, reqs, params),
        village_coverage: BeforeAfter {
            before: village_coverage(province, 0..province.stations.len(), |s| {
                province.stations[s].auxiliaries
            }),
            after: village_coverage(province, 0..province.stations.len(), |s| {
                plan.stations[s].auxiliaries
            }),
        },
        stations_below_one_auxiliary_per_village: BeforeAfter {
            before: below_one_auxiliary_per_village(province, |s| province.stations[s].auxiliaries),
            after: below_one_auxiliary_per_village(province, |s| plan.stations[s].auxiliaries),
        },
        stations_cut_below_one_auxiliary_per_village: province
            .stations
            .iter()
            .zip(&plan.stations)
            .filter(|(s, p)| {
                meets_one_per_village(s, s.auxiliaries) && !meets_one_per_village(s, p.auxiliaries)
            })
            .count(),
        auxiliary_budget_scope: params.auxiliaries.budget_scope.as_str().to_string(),
        counties_with_fewer_posts_than_villages: province
            .counties
            .iter()
            .filter(|c| {
                let posts: i64 = c
                    .stations
                    .iter()
                    .map(|&s| plan.stations[s].auxiliaries)
                    .sum();
                let villages: f64 = c
                    .stations
                    .iter()
                    .map(|&s| province.stations[s].villages)
                    .sum();
                (posts as f64) < villages - 1e-9
            })
            .count(),
    };
    // The transfer lines say what each officer does: moves of existing
    // officers down from HQ, between stations or up to HQ, and newcomers
    // posted at stations. The moves add up to the plan's officers moved.
    for t in transfers(province, plan, counties) {
        match (t.kind, t.from, t.to) {
            (TransferKind::Move, None, _) => h.officers_from_hq_to_stations += t.officers,
            (TransferKind::Move, _, None) => h.officers_from_stations_to_hq += t.officers,
            (TransferKind::Move, _, _) => h.officers_between_stations += t.officers,
            (TransferKind::Recruit, _, Some(_)) => h.new_officers_to_stations += t.officers,
            _ => {}
        }
    }
    h
}

/// 一村一辅警 coverage over some stations: Σ min(aₛ, villagesₛ) ÷
/// Σ villagesₛ (`None`: they have no villages).
pub fn village_coverage(
    province: &Province,
    stations: impl IntoIterator<Item = usize>,
    aux: impl Fn(usize) -> i64,
) -> Option<f64> {
    let (mut covered, mut villages) = (0.0, 0.0);
    for s in stations {
        let v = province.stations[s].villages;
        covered += (aux(s) as f64).min(v);
        villages += v;
    }
    (villages > 0.0).then(|| covered / villages)
}

/// Stations with fewer auxiliaries than villages (aₛ < villagesₛ).
pub fn below_one_auxiliary_per_village(province: &Province, aux: impl Fn(usize) -> i64) -> usize {
    province
        .stations
        .iter()
        .enumerate()
        .filter(|&(i, s)| !meets_one_per_village(s, aux(i)))
        .count()
}

/// Whether `aux` auxiliaries give a station one per village (一村一辅警):
/// aₛ ≥ villagesₛ, read from the station's villages whatever the model's
/// village requirement.
pub fn meets_one_per_village(station: &Station, aux: i64) -> bool {
    aux as f64 >= station.villages - 1e-9
}

/// The recruits lever's placement for `summary.json`, by county id.
pub fn recruits_summary(province: &Province, recruits: &Recruits) -> RecruitsSummary {
    RecruitsSummary {
        used: recruits.used,
        leftover: recruits.leftover,
        per_county: province
            .counties
            .iter()
            .zip(&recruits.per_county)
            .map(|(c, &r)| (c.id.clone(), r))
            .collect(),
    }
}
