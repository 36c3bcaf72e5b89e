//! Station mergers (大所带小所): fold listed stations into a lead station.
//!
//! A merger is a change to the data, not to the model: the merged station
//! pools the lead's and members' population, villages, area, calls (by
//! category too), today's officers, community officers and auxiliaries
//! (and their nominal, seconded and restricted officers), and
//! keeps the lead's id, name, kind, minimum, 24-hour posts and move cap. Its
//! building capacity is the sum of the capacities (none if any station has
//! none). Moves are then counted at the merged station: officers shifting
//! between a lead and its members are no longer moves, because they serve
//! one station.

use std::collections::{BTreeMap, HashMap};

use crate::domain::{Province, Station};

/// A merger as listed in a scenario, by station id.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeGroup {
    /// The station the others merge into.
    pub lead: String,
    /// The stations that merge into the lead.
    pub members: Vec<String>,
}

/// Why a list of mergers cannot be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MergeError {
    /// A listed station is not in the data.
    #[error("merger into `{lead}`: `{station}` is not a station in the data")]
    UnknownStation {
        /// The merger's lead station.
        lead: String,
        /// The station at fault.
        station: String,
    },
    /// A station of another county than the lead's.
    #[error("merger into `{lead}`: `{station}` is in county {county} but the lead is in county {lead_county}; only stations of one county can merge")]
    OtherCounty {
        /// The merger's lead station.
        lead: String,
        /// The station at fault.
        station: String,
        /// The station's county.
        county: String,
        /// The lead's county.
        lead_county: String,
    },
    /// A station in more than one merger, or merging into itself.
    #[error(
        "merger into `{lead}`: `{station}` appears in more than one merger (or merges into itself)"
    )]
    Repeated {
        /// The merger's lead station.
        lead: String,
        /// The station at fault.
        station: String,
    },
    /// A locked station in a merger.
    #[error(
        "merger into `{lead}`: `{station}` is locked; unlock it or leave it out of the merger"
    )]
    Locked {
        /// The merger's lead station.
        lead: String,
        /// The station at fault.
        station: String,
    },
}

/// The province with every group merged, station order kept (a lead stays
/// where it was, members vanish).
pub fn apply(province: &Province, groups: &[MergeGroup]) -> Result<Province, MergeError> {
    let index: HashMap<&str, usize> = province
        .stations
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut into: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut used = vec![false; province.stations.len()];
    for g in groups {
        let find = |id: &str| {
            index
                .get(id)
                .copied()
                .ok_or_else(|| MergeError::UnknownStation {
                    lead: g.lead.clone(),
                    station: id.to_string(),
                })
        };
        let lead = find(&g.lead)?;
        let mut members = Vec::new();
        for id in std::iter::once(&g.lead).chain(&g.members) {
            let s = find(id)?;
            if used[s] {
                return Err(MergeError::Repeated {
                    lead: g.lead.clone(),
                    station: id.clone(),
                });
            }
            used[s] = true;
            let st = &province.stations[s];
            if st.county != province.stations[lead].county {
                return Err(MergeError::OtherCounty {
                    lead: g.lead.clone(),
                    station: id.clone(),
                    county: province.counties[st.county].id.clone(),
                    lead_county: province.counties[province.stations[lead].county].id.clone(),
                });
            }
            if st.levers.locked {
                return Err(MergeError::Locked {
                    lead: g.lead.clone(),
                    station: id.clone(),
                });
            }
            if s != lead {
                members.push(s);
            }
        }
        into.insert(lead, members);
    }
    let absorbed: Vec<bool> = {
        let mut v = vec![false; province.stations.len()];
        for members in into.values() {
            for &m in members {
                v[m] = true;
            }
        }
        v
    };
    let mut stations = Vec::with_capacity(province.stations.len());
    for (i, s) in province.stations.iter().enumerate() {
        if absorbed[i] {
            continue;
        }
        let mut merged = s.clone();
        if let Some(members) = into.get(&i) {
            for &m in members {
                pool(&mut merged, &province.stations[m]);
            }
        }
        stations.push(merged);
    }
    let mut counties = province.counties.clone();
    for c in &mut counties {
        c.stations.clear();
    }
    for (i, s) in stations.iter().enumerate() {
        counties[s.county].stations.push(i);
    }
    Ok(Province {
        counties,
        stations,
        extra: province.extra.clone(),
        county_extra: province.county_extra.clone(),
    })
}

/// Adds a member's demand and people to the merged station.
fn pool(merged: &mut Station, member: &Station) {
    merged.population += member.population;
    merged.villages += member.villages;
    merged.area_km2 += member.area_km2;
    merged.calls += member.calls;
    for (k, v) in &member.levers.calls_by_category {
        *merged
            .levers
            .calls_by_category
            .entry(k.clone())
            .or_insert(0.0) += v;
    }
    merged.officers += member.officers;
    merged.community_officers += member.community_officers;
    merged.auxiliaries += member.auxiliaries;
    merged.strength.nominal += member.strength.nominal;
    merged.strength.seconded += member.strength.seconded;
    merged.strength.restricted += member.strength.restricted;
    merged.strength.books = match (merged.strength.books, member.strength.books) {
        (Some(a), Some(b)) => Some((a.0 + b.0, a.1 + b.1)),
        _ => None,
    };
    merged.levers.max_officers = match (merged.levers.max_officers, member.levers.max_officers) {
        (Some(a), Some(b)) => Some(a + b),
        _ => None,
    };
}
