//! The figures of one roadmap year, computed once from the year's flows and
//! its plan ([`crate::pipeline::Solution`]); `roadmap.csv`,
//! `roadmap_counties.csv`, the report and the terminal only format them.
//!
//! Definitions (province totals are sums over counties):
//! * force = every officer of a county: at stations, seconded away, at HQ;
//!   force at the end = force at the start − retirements − leavers +
//!   recruits, exactly;
//! * station share = Σ station officers ÷ Σ force, community share =
//!   Σ community officers ÷ Σ station officers (the 两个40%, on real
//!   strength); a county meets a rule as the plan's county table says;
//! * 一村一辅警 coverage = Σ min(auxiliaries, villages) ÷ Σ villages;
//! * force by age band at the end of the year, ages as reached in the year,
//!   and its women (when the data say who is a woman: a roster, or
//!   `female_share`), each county's made whole by largest remainder.

use super::ageing::Losses;
use super::place::Placement;
use crate::model::strength::two_teams_viable;
use crate::pipeline::Solution;

/// One county in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct CountyYear {
    /// Officers in the county's force at the start of the year.
    pub force_start: i64,
    /// Officers who retire this year (those already past retirement age at
    /// the start retire in the first year).
    pub retirements: i64,
    /// Officers who leave this year for other reasons (the leaving rate by age band).
    pub leavers: i64,
    /// Recruits placed in this county this year.
    pub recruits: i64,
    /// Force at the end: `force_start − retirements − leavers + recruits`.
    pub force_end: i64,
    /// Xc, the plan's officers at the county's stations.
    pub station_officers: i64,
    /// hc, the plan's officers at county HQ (force − seconded − station officers).
    pub hq_officers: i64,
    /// Community officers (社区民警) at the county's stations after the plan.
    pub community_officers: i64,
    /// Station officers ÷ force after the plan (0 to 1; the first 40%).
    pub station_share: f64,
    /// Community officers ÷ station officers after the plan (0 to 1; the second 40%).
    pub community_share: f64,
    /// Whether the county meets the station-share rule after the plan.
    pub station_rule: bool,
    /// Whether the county meets the community-share rule after the plan.
    pub community_rule: bool,
    /// The county's own best level with its force (`None`: no workload).
    pub level: Option<f64>,
    /// Existing officers the plan moves in this county, ½(Σₛ|xₛ − x⁰ₛ| + |hc − h⁰c|).
    pub officers_moved: i64,
    /// Restricted officers at the county's stations (the data's and, with `restricted_from_age`,
    /// the older ones).
    pub restricted: i64,
    /// Officers of the county's force seconded away (at neither its stations
    /// nor its HQ).
    pub seconded: i64,
}

/// One year of the roadmap.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFigures {
    /// The calendar year.
    pub year: i32,
    /// The plan's solver status: `optimal` or `time_limit`.
    pub status: String,
    /// t, the plan's officer balance level (`None`: no station has workload).
    pub balance_level: Option<f64>,
    /// Existing officers the plan moves, summed over counties.
    pub officers_moved: i64,
    /// Province force at the start of the year.
    pub force_start: i64,
    /// Recruits hired this year (placed in a county).
    pub recruits: i64,
    /// Retirements this year, summed over counties.
    pub retirements: i64,
    /// Other leavers this year, summed over counties.
    pub leavers: i64,
    /// Province force at the end of the year (Σ of the counties' `force_end`).
    pub force_end: i64,
    /// Officers at stations, summed over counties.
    pub station_officers: i64,
    /// Officers at county HQs, summed over counties.
    pub hq_officers: i64,
    /// Community officers at stations, summed over counties.
    pub community_officers: i64,
    /// Σ station officers ÷ Σ force at the end (0 when the force is 0).
    pub station_share: f64,
    /// Σ community officers ÷ Σ station officers (0 when there are none).
    pub community_share: f64,
    /// Counties meeting the station-share rule.
    pub counties_meeting_station_share: usize,
    /// Counties meeting the community-share rule.
    pub counties_meeting_community_share: usize,
    /// Restricted officers at stations (the data's and, with
    /// `restricted_from_age`, the older ones).
    pub restricted: i64,
    /// Officers seconded away, summed over counties.
    pub seconded: i64,
    /// Auxiliaries (辅警) the plan places at stations.
    pub auxiliaries: i64,
    /// The year's auxiliary budget (`auxiliaries.total` of the year's parameters).
    pub auxiliary_budget: i64,
    /// Auxiliaries who leave this year, summed over counties.
    pub auxiliary_leavers: i64,
    /// tₐ, the auxiliary balance level (`None`: no station has villages).
    pub auxiliary_balance_level: Option<f64>,
    /// 一村一辅警 coverage, Σ min(auxiliaries, villages) ÷ Σ villages (`None`: no villages).
    pub village_coverage: Option<f64>,
    /// Stations able to run 两队一室 (when real strength is shown).
    pub two_teams: Option<usize>,
    /// Force by age band at the end of the year.
    pub bands: [i64; 6],
    /// Women in the force at the end of the year (`None`: not known).
    pub women: Option<i64>,
    /// Recruits no county could take (every one at its cap).
    pub recruits_unplaced: i64,
    /// Recruits placed in each county, in the province's county order.
    pub recruits_per_county: Vec<i64>,
    /// Each county's figures, in the province's county order.
    pub counties: Vec<CountyYear>,
    /// A note for the reader (empty unless some recruits could not be hired).
    pub message: String,
}

/// The figures of a planned year. `force_start` per county; `ages`: the
/// force at the year's end by age band, and its women.
pub fn year_figures(
    year: i32,
    force_start: &[i64],
    losses: &Losses,
    placement: &Placement,
    solution: &Solution,
    ages: ([i64; 6], Option<i64>),
) -> YearFigures {
    let (bands, women) = ages;
    let o = &solution.outcome;
    let plan = &o.plan;
    let p = &o.province;
    let mut counties = Vec::with_capacity(p.counties.len());
    for (c, county) in p.counties.iter().enumerate() {
        let after = &o.counties[c].after;
        let restricted: i64 = county
            .stations
            .iter()
            .map(|&s| p.stations[s].strength.restricted)
            .sum();
        let recruits = placement.per_county[c];
        counties.push(CountyYear {
            force_start: force_start[c],
            retirements: losses.retirements[c],
            leavers: losses.leavers[c],
            recruits,
            force_end: county.officers_total,
            station_officers: plan.counties[c].station_officers,
            hq_officers: plan.counties[c].hq_officers,
            community_officers: after.community_officers,
            station_share: after.station_share,
            community_share: after.community_share,
            station_rule: after.station_rule,
            community_rule: after.community_rule,
            level: plan.counties[c].max_level,
            officers_moved: plan.counties[c].officers_moved,
            restricted,
            seconded: county.seconded_away,
        });
    }
    let sum = |f: &dyn Fn(&CountyYear) -> i64| counties.iter().map(f).sum::<i64>();
    let force_end = sum(&|c| c.force_end);
    let station_officers = sum(&|c| c.station_officers);
    let community_officers = sum(&|c| c.community_officers);
    let ratio = |a: i64, b: i64| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let (mut covered, mut villages) = (0.0, 0.0);
    for (s, st) in p.stations.iter().enumerate() {
        covered += (plan.stations[s].auxiliaries as f64).min(st.villages);
        villages += st.villages;
    }
    let two_teams = o.strength.as_ref().map(|_| {
        let t = &o.params.strength.two_teams_one_room;
        plan.stations
            .iter()
            .filter(|s| two_teams_viable(s.officers, s.community_officers, t))
            .count()
    });
    let unplaced = placement.unplaced;
    let message = if unplaced > 0 {
        format!("{unplaced} recruits were not hired: every county is at its recruits cap")
    } else {
        String::new()
    };
    YearFigures {
        year,
        status: plan.status.as_str().to_string(),
        balance_level: plan.balance_level,
        officers_moved: plan.officers_moved,
        force_start: force_start.iter().sum(),
        recruits: placement.placed(),
        retirements: losses.retirements.iter().sum(),
        leavers: losses.leavers.iter().sum(),
        force_end,
        station_officers,
        hq_officers: sum(&|c| c.hq_officers),
        community_officers,
        station_share: ratio(station_officers, force_end),
        community_share: ratio(community_officers, station_officers),
        counties_meeting_station_share: counties.iter().filter(|c| c.station_rule).count(),
        counties_meeting_community_share: counties.iter().filter(|c| c.community_rule).count(),
        restricted: sum(&|c| c.restricted),
        seconded: sum(&|c| c.seconded),
        auxiliaries: plan.stations.iter().map(|s| s.auxiliaries).sum(),
        auxiliary_budget: o.params.auxiliaries.total,
        auxiliary_leavers: losses.auxiliaries.iter().sum(),
        auxiliary_balance_level: plan.auxiliary_balance_level,
        village_coverage: (villages > 0.0).then(|| covered / villages),
        two_teams,
        bands,
        women,
        recruits_unplaced: unplaced,
        recruits_per_county: placement.per_county.clone(),
        counties,
        message,
    }
}
