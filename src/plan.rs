//! The plan as plain data, and the reasons a scenario admits no plan.

use std::fmt;

mod conflict;

pub use conflict::{CapacityRule, FloorFix, StationConflict, StationFloor};

/// A count of something, pluralised: "1 officer", "2 officers".
pub fn plural(n: i64, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// "1 officer", "2 officers".
pub fn officers(n: i64) -> String {
    plural(n, "officer")
}

/// A share as a percentage a person reads: 0.4 → "40%", 0.56 → "56%" (not
/// "56.00000000000001%"), 0.405 → "40.5%"; at most two decimals.
pub fn percent(share: f64) -> String {
    let text = format!("{:.2}", share * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let text = if text == "-0" { "0" } else { text };
    format!("{text}%")
}

/// How the plan's optimality stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Both phases solved to proven optimality (zero gap).
    Optimal,
    /// A solver limit stopped the search; the plan is feasible, not proven best.
    TimeLimit,
}

impl Status {
    /// As outputs write it: `optimal` or `time_limit`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::TimeLimit => "time_limit",
        }
    }
}

/// Which requirement limits a station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dimension {
    /// Duty officers for 110 calls (巡防+接处警).
    Duty,
    /// Community officers for residents (社区警务).
    Community,
}

impl Dimension {
    /// As outputs write it: `duty` or `community`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Duty => "duty",
            Dimension::Community => "community",
        }
    }
}

/// A station whose requirement steps up just above the balance level, in a
/// county with no officer to spare: one more officer there (or in its county)
/// is what a higher level needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// The station, by index into the province's stations.
    pub station: usize,
    /// The requirement that steps up.
    pub dimension: Dimension,
}

/// The plan for one station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StationPlan {
    /// xₛ, officers at the station (community officers included).
    pub officers: i64,
    /// yₛ, community officers among them.
    pub community_officers: i64,
    /// aₛ, auxiliaries at the station.
    pub auxiliaries: i64,
}

/// The plan for one county.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountyPlan {
    /// Xc, officers at the county's stations.
    pub station_officers: i64,
    /// hc = Ec − Xc.
    pub hq_officers: i64,
    /// The highest balance level this county could reach on its own
    /// (`None`: no workload, any level).
    pub max_level: Option<f64>,
    /// ½(Σₛ|xₛ − x⁰ₛ| + |hc − h⁰c|).
    pub officers_moved: i64,
}

/// A deployment plan with its objective values.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Whether the plan is proven optimal.
    pub status: Status,
    /// t, the balance level (`None`: no station has workload).
    pub balance_level: Option<f64>,
    /// Σc officers moved: the plan's moves of existing officers.
    pub officers_moved: i64,
    /// tₐ (`None`: no station has villages).
    pub auxiliary_balance_level: Option<f64>,
    /// Σₛ|aₛ − a⁰ₛ|: auxiliaries added or removed, station by station.
    pub auxiliaries_changed: i64,
    /// One per station, in input order.
    pub stations: Vec<StationPlan>,
    /// One per county, in input order.
    pub counties: Vec<CountyPlan>,
    /// Stations that limit the balance level.
    pub binding: Vec<Binding>,
    /// What produced the plan, for provenance.
    pub solver: String,
    /// Under the `county` and `leximin` targets, the level every station is
    /// held to (`None` under `province`: every station is held to
    /// `balance_level`).
    pub fairness: Option<Fairness>,
}

impl Plan {
    /// The binding dimensions of every station (one entry per station, in
    /// input order; each in the order of [`Plan::binding`]), gathered in one
    /// pass so that a per-station lookup does not scan the whole list.
    pub fn binding_by_station(&self) -> Vec<Vec<Dimension>> {
        let mut out = vec![Vec::new(); self.stations.len()];
        for b in &self.binding {
            out[b.station].push(b.dimension);
        }
        out
    }
}

/// The levels the `county` or `leximin` target holds the stations to.
#[derive(Debug, Clone, PartialEq)]
pub struct Fairness {
    /// The officer target that set the levels.
    pub target: crate::domain::Target,
    /// Per station, in input order: the level its cover must reach (0 for
    /// a station without requirements).
    pub levels: Vec<f64>,
    /// Under `leximin`: the stations fixed at each filling step, by county.
    pub steps: Vec<FillStep>,
}

/// One station fixed at one filling step of the leximin fill.
#[derive(Debug, Clone, PartialEq)]
pub struct FillStep {
    /// The county's filling round, from 1.
    pub step: usize,
    /// The level the station is fixed at (its cover level in the plan).
    pub level: f64,
    /// Station index into the province's stations.
    pub station: usize,
    /// The requirement(s) whose rung sits at the level.
    pub dimensions: Vec<Dimension>,
    /// What stops it rising: a rule, or a tie it lost.
    pub limit: CountyLimit,
}

/// Where the `[recruits]` lever places new officers (see
/// `crate::model::recruits`).
#[derive(Debug, Clone, PartialEq)]
pub struct Recruits {
    /// The level the recruits reach (`None`: no workload, any level).
    pub level: Option<f64>,
    /// Rc per county, in input order.
    pub per_county: Vec<i64>,
    /// Σc Rc.
    pub used: i64,
    /// N − used: recruits that cannot raise the level.
    pub leftover: i64,
}

/// A rule of a county that no plan can meet.
#[derive(Debug, Clone, PartialEq)]
pub enum Infeasibility {
    /// ⌈p·E⌉ station officers needed but E − hq_min available.
    StationShare {
        /// The county's id.
        county: String,
        /// The station share p the rule asks for.
        share: f64,
        /// The county's force E.
        force: i64,
        /// ⌈p·E⌉, the station officers the rule needs.
        needed: i64,
        /// Officers the county's HQ keeps at least.
        hq_min: i64,
        /// Officers that can be posted to stations.
        available: i64,
        /// The fewest officers to add to the force (the share grows with it);
        /// `None` when no number would do (a share of 100% with an HQ minimum).
        force_increase: Option<i64>,
    },
    /// Σ station minimums exceed E − hq_min.
    StationMinimums {
        /// The county's id.
        county: String,
        /// Σ of the station minimums.
        needed: i64,
        /// The county's force E.
        force: i64,
        /// Officers the county's HQ keeps at least.
        hq_min: i64,
        /// Officers that can be posted to stations.
        available: i64,
    },
    /// One station's bounds contradict each other (minimum or 24-hour posts
    /// against capacity, a lock or a station move cap).
    Station {
        /// The county's id.
        county: String,
        /// The station's id.
        station: String,
        /// Which bounds contradict, and the smallest fix.
        conflict: StationConflict,
    },
    /// The county needs more station officers than capacity, locks and
    /// station move caps allow.
    StationCapacity {
        /// The county's id.
        county: String,
        /// The station officers the county's rules need.
        needed: i64,
        /// The most station officers capacity, locks and move caps allow.
        capacity: i64,
        /// Which rule sets `needed`.
        rule: CapacityRule,
    },
    /// The rules need more moves than the county's move cap allows.
    MoveCap {
        /// The county's id.
        county: String,
        /// The fewest moves the rules need.
        needed: i64,
        /// The county's move cap.
        cap: i64,
    },
}

impl fmt::Display for Infeasibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Infeasibility::StationShare {
                county,
                share,
                force,
                needed,
                hq_min,
                available,
                force_increase,
            } => {
                // Officers of the force seconded away (借调/抽调): at no post.
                let away = force - hq_min - available;
                if away > 0 {
                    write!(
                        f,
                        "county {county}: the {} station-share rule needs at least {} \
                         (of a force of {force}), but hq_min {hq_min} and {} seconded away \
                         leave only {available}; ",
                        percent(*share),
                        plural(*needed, "station officer"),
                        officers(away),
                    )?;
                    if hq_min - (needed - available) >= 0 {
                        write!(
                            f,
                            "lowering hq_min from {hq_min} to {}, ",
                            hq_min - (needed - available)
                        )?;
                    }
                    write!(
                        f,
                        "recalling {} of the seconded ([strength] recall_seconded = true)",
                        (needed - available).min(away)
                    )?;
                    if needed - available > away {
                        write!(f, " and more")?;
                    }
                } else {
                    write!(
                        f,
                        "county {county}: the {} station-share rule needs at least {} \
                         (of a force of {force}), but hq_min {hq_min} leaves only {available}; \
                         lowering hq_min from {hq_min} to {}",
                        percent(*share),
                        plural(*needed, "station officer"),
                        force - needed,
                    )?;
                }
                match force_increase {
                    Some(k) => write!(f, " or adding {} to the force would fix it", officers(*k)),
                    None => write!(f, " would fix it"),
                }
            }
            Infeasibility::StationMinimums {
                county,
                needed,
                force,
                hq_min,
                available,
            } => {
                // Officers of the force seconded away (借调/抽调): at no post.
                let away = force - hq_min - available;
                let seconded = if away > 0 {
                    format!(", {} seconded away", officers(away))
                } else {
                    String::new()
                };
                write!(
                    f,
                    "county {county}: the station minimums need {}, but the county can post \
                     only {available} to stations (force {force}, hq_min {hq_min}{seconded}); \
                     {} or lower minimums would fix it",
                    officers(*needed),
                    plural(needed - available, "more officer")
                )
            }
            Infeasibility::Station {
                county,
                station,
                conflict,
            } => write!(f, "county {county}, station {station}: {conflict}"),
            Infeasibility::StationCapacity {
                county,
                needed,
                capacity,
                rule,
            } => write!(
                f,
                "county {county}: {rule} needs at least {}, but building \
                 capacity (max_officers), locked stations and station move caps allow only {capacity}; \
                 raise max_officers by {} in total, or unlock stations or raise their move caps",
                plural(*needed, "station officer"),
                needed - capacity
            ),
            Infeasibility::MoveCap {
                county,
                needed,
                cap,
            } => write!(
                f,
                "county {county}: even the lowest balance level needs {} moved, \
                 but the county's move cap is {cap}; raise the cap to {needed}",
                officers(*needed)
            ),
        }
    }
}

/// What stops a county's level from rising above its best level t*c: the
/// first rule that fails just above t*c.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountyLimit {
    /// No officer left above hq_min: one more officer helps.
    Force,
    /// A station's own bounds (its index and which): locked, building
    /// capacity or its move cap. One more officer in the county does not help.
    Station(usize, StationLimit),
    /// Building capacity, locks and station move caps together (Σuₛ).
    Capacity,
    /// The county's move cap.
    MoveCap,
    /// Nothing (no workload: any level).
    None,
    /// Under `leximin`: the station could rise alone, but only `rose` of
    /// the `tied` stations at its level could rise together, and it was not
    /// one of them (the fill tried every such choice).
    Tie {
        /// How many of the tied stations could rise together.
        rose: usize,
        /// How many stations were tied at the level.
        tied: usize,
    },
}

/// Which bound of a station stops it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StationLimit {
    /// Locked at today's officers.
    Locked,
    /// At its building capacity (`max_officers`).
    Capacity,
    /// At its station move cap.
    MoveCap,
}

impl StationLimit {
    /// The bound in words, as messages and tables show it.
    pub fn as_str(self) -> &'static str {
        match self {
            StationLimit::Locked => "locked",
            StationLimit::Capacity => "building capacity (max_officers)",
            StationLimit::MoveCap => "station move cap",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_shares_read_naturally() {
        assert_eq!(officers(1), "1 officer");
        assert_eq!(officers(0), "0 officers");
        assert_eq!(plural(1, "more officer"), "1 more officer");
        assert_eq!(percent(0.56), "56%");
        assert_eq!(percent(0.4), "40%");
        assert_eq!(percent(0.405), "40.5%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0 / 3.0), "33.33%");
    }
}
