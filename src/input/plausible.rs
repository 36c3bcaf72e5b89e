//! Plausibility checks: values that are valid but look wrong against the
//! station's peers (a 110-calls cell typed 150300 instead of 1503). Pure: a
//! [`Province`] in, [`Finding`]s out; the loader turns them into warnings
//! that name the file, row, column and value ([`crate::error::Warning`]).
//!
//! **Ratios.** A count on its own says little (a big town has many calls),
//! so each cell is judged by ratios a personnel analyst reads, each between
//! two columns of the same station:
//!
//! | ratio | columns |
//! |---|---|
//! | calls per resident | `calls` ÷ `population` |
//! | residents per village | `population` ÷ `villages` |
//! | calls per officer | `calls` ÷ `officers` (today's) |
//! | residents per officer | `population` ÷ `officers` |
//! | officers ÷ the county's force per station | `officers` ÷ (E_c ÷ n_c) |
//! | auxiliaries per village | `auxiliaries` ÷ `villages` |
//! | auxiliaries per 10,000 residents | `auxiliaries` ÷ `population` |
//! | km² per village | `area_km2` ÷ `villages` |
//! | km² per 1,000 residents | `area_km2` ÷ `population` |
//!
//! and for each county (`counties.csv`), against all counties: its force E
//! per station officer today, per 10,000 residents and per 1,000 calls, and
//! `hq_min` as a share of E and of today's HQ (E − station officers). A
//! ratio is only formed when both of its parts are above 0.
//!
//! **Peers.** A station is compared with the stations of its kind in its
//! county when there are at least [`MIN_PEERS`] of them (the station among
//! them), else with the stations of its kind in the province, else with all
//! stations; a county with all counties. Fewer than [`MIN_PEERS`]: no check.
//!
//! **Robust statistics.** On logarithms of a ratio r, for the peer group:
//! m = median(ln r), σ = 1.4826 · median(|ln r − m|) (the MAD, scaled to a
//! standard deviation for normal data; at least [`MIN_SIGMA`]). A station's
//! robust score is z = (ln r − m) ÷ σ. Median and MAD ignore the outlier
//! itself, so one wrong cell cannot hide by moving its own yardstick.
//!
//! **Which cell.** A wrong cell moves every ratio it enters, in the same
//! direction (a `calls` typed 100× too large raises calls per resident and
//! calls per officer); a ratio moved by its other column does not. So a cell
//! is flagged only when **every** ratio it enters (that can be formed) lies
//! on the same side of its peers' median, at least [`Z_FAR`] robust standard
//! deviations **and** a factor [`FOLD_FAR`] away: z ≥ 3 and r ≥ 15 × median
//! (or z ≤ −3 and r ≤ median ÷ 15). The factor keeps ordinary variation
//! (rural stations with 2 officers, a rural station with one village) quiet
//! where the peer group happens to be tight; the score keeps it quiet where
//! a ratio varies a lot. A misplaced decimal point or two extra zeros
//! (100×) clears both bars. Measured on the shipped 1,631-station province
//! (`docs/io.md`): the data as shipped raise 1 warning; of 164 random cells
//! made 100× too large, 158 are flagged (every `calls` and `population`
//! cell), and 88 of 92 made 100× too small. A 10× error lies within what
//! real stations vary by and is flagged only when the station was already
//! far out (13 of 196).
//!
//! The typical range a warning shows is the 10th to 90th percentile of the
//! peers' ratio.

use std::collections::BTreeMap;

use crate::domain::Province;

/// The fewest peers (the station among them) a comparison needs.
pub const MIN_PEERS: usize = 8;

/// How many robust standard deviations from the peers' median is far.
pub const Z_FAR: f64 = 3.0;

/// How many times above (or below) the peers' median is far.
pub const FOLD_FAR: f64 = 15.0;

/// The smallest robust standard deviation (of ln r) used: identical peers
/// would otherwise make any difference infinitely far.
pub const MIN_SIGMA: f64 = 0.05;

/// The ratios, each between two columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ratio {
    /// A station's `calls` ÷ `population`.
    CallsPerResident,
    /// A station's `population` ÷ `villages`.
    ResidentsPerVillage,
    /// A station's `calls` ÷ today's `officers`.
    CallsPerOfficer,
    /// A station's `population` ÷ today's `officers`.
    ResidentsPerOfficer,
    /// A station's `officers` ÷ (its county's force ÷ its county's stations).
    OfficersPerCountyShare,
    /// A station's `auxiliaries` ÷ `villages`.
    AuxiliariesPerVillage,
    /// A station's `auxiliaries` per 10,000 residents.
    AuxiliariesPer10kResidents,
    /// A station's `area_km2` ÷ `villages`.
    AreaPerVillage,
    /// A station's `area_km2` per 1,000 residents.
    AreaPer1kResidents,
    /// A county's force E ÷ its station officers today.
    ForcePerStationOfficer,
    /// A county's force per 10,000 residents.
    ForcePer10kResidents,
    /// A county's force per 1,000 calls a year.
    ForcePer1kCalls,
    /// A county's `hq_min` ÷ its force E.
    HqMinShareOfForce,
    /// A county's `hq_min` ÷ today's HQ (E − station officers).
    HqMinShareOfHq,
}

impl Ratio {
    /// The ratio in words, after its value, in `lang`.
    pub fn words_in(self, zh: bool) -> &'static str {
        match zh {
            false => self.words(),
            true => match self {
                Ratio::CallsPerResident => "起警情/人",
                Ratio::ResidentsPerVillage => "人/村",
                Ratio::CallsPerOfficer => "起警情/民警",
                Ratio::ResidentsPerOfficer => "人/民警",
                Ratio::OfficersPerCountyShare => "倍（县局警力按派出所平均）",
                Ratio::AuxiliariesPerVillage => "名辅警/村",
                Ratio::AuxiliariesPer10kResidents => "名辅警/万人",
                Ratio::AreaPerVillage => "km²/村",
                Ratio::AreaPer1kResidents => "km²/千人",
                Ratio::ForcePerStationOfficer => "（全部民警 ÷ 现有派出所民警）",
                Ratio::ForcePer10kResidents => "名民警/万人",
                Ratio::ForcePer1kCalls => "名民警/千起年警情",
                Ratio::HqMinShareOfForce => "（hq_min ÷ officers_total）",
                Ratio::HqMinShareOfHq => "（hq_min ÷ 现有机关警力）",
            },
        }
    }

    /// The ratio in words, after its value ("7.3 calls per resident").
    pub fn words(self) -> &'static str {
        match self {
            Ratio::CallsPerResident => "calls per resident",
            Ratio::ResidentsPerVillage => "residents per village",
            Ratio::CallsPerOfficer => "calls per officer",
            Ratio::ResidentsPerOfficer => "residents per officer",
            Ratio::OfficersPerCountyShare => "× the county's force per station",
            Ratio::AuxiliariesPerVillage => "auxiliaries per village",
            Ratio::AuxiliariesPer10kResidents => "auxiliaries per 10,000 residents",
            Ratio::AreaPerVillage => "km² per village",
            Ratio::AreaPer1kResidents => "km² per 1,000 residents",
            Ratio::ForcePerStationOfficer => "officers in the force per station officer today",
            Ratio::ForcePer10kResidents => "officers per 10,000 residents",
            Ratio::ForcePer1kCalls => "officers per 1,000 calls a year",
            Ratio::HqMinShareOfForce => "of the force (hq_min ÷ officers_total)",
            Ratio::HqMinShareOfHq => "of today's HQ (hq_min ÷ (officers_total − station officers))",
        }
    }
}

/// The station ratios each station column enters, with +1 when the column
/// is the numerator and −1 when it is the denominator.
const STATION_COLUMNS: &[(&str, &[(Ratio, f64)])] = &[
    (
        "calls",
        &[
            (Ratio::CallsPerResident, 1.0),
            (Ratio::CallsPerOfficer, 1.0),
        ],
    ),
    (
        "population",
        &[
            (Ratio::CallsPerResident, -1.0),
            (Ratio::ResidentsPerVillage, 1.0),
            (Ratio::ResidentsPerOfficer, 1.0),
        ],
    ),
    (
        "villages",
        &[
            (Ratio::ResidentsPerVillage, -1.0),
            (Ratio::AuxiliariesPerVillage, -1.0),
            (Ratio::AreaPerVillage, -1.0),
        ],
    ),
    (
        "officers",
        &[
            (Ratio::CallsPerOfficer, -1.0),
            (Ratio::ResidentsPerOfficer, -1.0),
            (Ratio::OfficersPerCountyShare, 1.0),
        ],
    ),
    (
        "auxiliaries",
        &[
            (Ratio::AuxiliariesPerVillage, 1.0),
            (Ratio::AuxiliariesPer10kResidents, 1.0),
        ],
    ),
    (
        "area_km2",
        &[
            (Ratio::AreaPerVillage, 1.0),
            (Ratio::AreaPer1kResidents, 1.0),
        ],
    ),
];

/// The county ratios each county column enters.
const COUNTY_COLUMNS: &[(&str, &[(Ratio, f64)])] = &[
    (
        "officers_total",
        &[
            (Ratio::ForcePerStationOfficer, 1.0),
            (Ratio::ForcePer10kResidents, 1.0),
            (Ratio::ForcePer1kCalls, 1.0),
        ],
    ),
    (
        "hq_min",
        &[
            (Ratio::HqMinShareOfForce, 1.0),
            (Ratio::HqMinShareOfHq, 1.0),
        ],
    ),
];

/// What a flagged cell belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A station, by index into [`Province::stations`].
    Station(usize),
    /// A county, by index into [`Province::counties`].
    County(usize),
}

/// The stations or counties a ratio was compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Peers {
    /// The stations of one kind in one county (index into the counties).
    CountyKind {
        /// The county, by index into the counties.
        county: usize,
        /// The station kind.
        kind: String,
        /// How many stations (the one judged among them).
        n: usize,
    },
    /// The stations of one kind in the province.
    Kind {
        /// The station kind.
        kind: String,
        /// How many stations (the one judged among them).
        n: usize,
    },
    /// All stations.
    Stations {
        /// How many.
        n: usize,
    },
    /// All counties.
    Counties {
        /// How many.
        n: usize,
    },
}

impl Peers {
    /// The peers in words, in `lang`.
    pub fn describe_in(&self, province: &Province, zh: bool) -> String {
        match (zh, self) {
            (false, _) => self.describe(province),
            (true, Peers::CountyKind { county, kind, n }) => format!(
                "县局 {} 的 {n} 个 `{kind}` 类派出所",
                province.counties[*county].id
            ),
            (true, Peers::Kind { kind, n }) => format!("全省 {n} 个 `{kind}` 类派出所"),
            (true, Peers::Stations { n }) => format!("全部 {n} 个派出所"),
            (true, Peers::Counties { n }) => format!("全部 {n} 个县局"),
        }
    }

    /// The peers in words.
    pub fn describe(&self, province: &Province) -> String {
        match self {
            Peers::CountyKind { county, kind, n } => format!(
                "the {n} `{kind}` stations of county {}",
                province.counties[*county].id
            ),
            Peers::Kind { kind, n } => format!("the {n} `{kind}` stations of the province"),
            Peers::Stations { n } => format!("all {n} stations"),
            Peers::Counties { n } => format!("all {n} counties"),
        }
    }
}

/// One ratio of a flagged cell, against its peers.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Which ratio.
    pub ratio: Ratio,
    /// The cell's ratio.
    pub value: f64,
    /// The peers' median ratio.
    pub median: f64,
    /// The 10th and 90th percentiles of the peers' ratio.
    pub typical: (f64, f64),
    /// The robust score z.
    pub z: f64,
    /// Whom the cell was compared with.
    pub peers: Peers,
}

/// A cell that looks wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The station or county the cell belongs to.
    pub subject: Subject,
    /// The column's canonical name.
    pub column: &'static str,
    /// Far above its peers (`true`) or far below.
    pub high: bool,
    /// Every ratio the cell enters, each far off on the same side.
    pub evidence: Vec<Evidence>,
}

impl Finding {
    /// What looks wrong and what is typical, in `lang` (after the value).
    pub fn describe_in(&self, province: &Province, zh: bool) -> String {
        if !zh {
            return self.describe(province);
        }
        let mut last_peers: Option<&Peers> = None;
        let parts: Vec<String> = self
            .evidence
            .iter()
            .map(|e| {
                let (factor, side) = if e.value >= e.median {
                    (e.value / e.median, "高")
                } else {
                    (e.median / e.value, "低")
                };
                let peers = if last_peers == Some(&e.peers) {
                    String::new()
                } else {
                    e.peers.describe_in(province, zh)
                };
                last_peers = Some(&e.peers);
                // A value next to 0 makes the factor overflow, as in
                // `describe`: the median itself says how far off it is.
                let far = if factor.is_finite() {
                    format!("比中位数{side} {} 倍", sig(factor))
                } else {
                    format!("远{side}于中位数 {}", sig(e.median))
                };
                format!(
                    "{} {}，{far}（{peers}通常为 {}–{}）",
                    sig(e.value),
                    e.ratio.words_in(zh),
                    sig(e.typical.0),
                    sig(e.typical.1),
                )
            })
            .collect();
        format!(
            "看似有误，远{}于同类：{}。是否{}？",
            if self.high { "高" } else { "低" },
            parts.join("；"),
            if self.high {
                "多写了位数"
            } else {
                "少写了位数或小数点位置错误"
            },
        )
    }

    /// What looks wrong and what is typical, in words (after the value in a
    /// message: "value `150300` looks wrong, far above its peers: …").
    pub fn describe(&self, province: &Province) -> String {
        let mut last_peers: Option<&Peers> = None;
        let parts: Vec<String> = self
            .evidence
            .iter()
            .map(|e| {
                let (factor, side) = if e.value >= e.median {
                    (e.value / e.median, "above")
                } else {
                    (e.median / e.value, "below")
                };
                // A value next to 0 (a subnormal) makes the factor overflow:
                // the median itself says how far off it is.
                let far = if factor.is_finite() {
                    format!("{}× {side} their median", sig(factor))
                } else {
                    format!("far {side} their median of {}", sig(e.median))
                };
                let peers = if last_peers == Some(&e.peers) {
                    String::new()
                } else {
                    format!(" for {}", e.peers.describe(province))
                };
                last_peers = Some(&e.peers);
                format!(
                    "{} {}, {far} (typical{peers}: {}–{})",
                    sig(e.value),
                    e.ratio.words(),
                    sig(e.typical.0),
                    sig(e.typical.1),
                )
            })
            .collect();
        format!(
            "looks wrong, far {} its peers: {}. {} digits or a misplaced decimal point?",
            if self.high { "above" } else { "below" },
            parts.join("; "),
            if self.high { "Extra" } else { "Missing" },
        )
    }
}

/// A number with about three significant digits, without an exponent for
/// ordinary magnitudes (an exponent for the very large and very small:
/// `1e300`, `4.94e-324`, not hundreds of digits or `0`).
pub fn sig(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let a = x.abs();
    if a != 0.0 && !(1e-6..1e15).contains(&a) {
        let s = format!("{x:.2e}");
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}e{exponent}");
    }
    let decimals = if a >= 100.0 || a == 0.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        // Three significant digits below 1 (0.0523, 0.000612).
        (2 - a.log10().floor() as i32).clamp(0, 12) as usize
    };
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Every cell of the province that looks wrong against its peers: stations
/// first (in input order, columns in the order of the table above), then
/// counties.
pub fn check(province: &Province) -> Vec<Finding> {
    check_with(province, Z_FAR, FOLD_FAR)
}

/// [`check`] with other thresholds (for studies of the rule).
pub fn check_with(province: &Province, z_far: f64, fold_far: f64) -> Vec<Finding> {
    let mut kind_names: Vec<&str> = province.stations.iter().map(|s| s.kind.as_str()).collect();
    kind_names.sort_unstable();
    kind_names.dedup();
    let kinds: Vec<usize> = province
        .stations
        .iter()
        .map(|s| kind_names.binary_search(&s.kind.as_str()).unwrap_or(0))
        .collect();
    let n_kinds = kind_names.len();
    let thresholds = (z_far, fold_far);
    let finding = |subject: fn(usize) -> Subject, f: Flagged| Finding {
        subject: subject(f.index),
        column: f.column,
        high: f.high,
        evidence: evidence(&kind_names, &f.seen),
    };
    let logs = station_ratios(province);
    let peers: BTreeMap<Ratio, RatioPeers> = logs
        .iter()
        .map(|(r, v)| (*r, station_peers(province, &kinds, n_kinds, v)))
        .collect();
    let stations = province.stations.len();
    let mut out: Vec<Finding> = flag(STATION_COLUMNS, &logs, &peers, stations, thresholds)
        .into_iter()
        .map(|f| finding(Subject::Station, f))
        .collect();
    let logs = county_ratios(province);
    let peers: BTreeMap<Ratio, RatioPeers> =
        logs.iter().map(|(r, v)| (*r, county_peers(v))).collect();
    let counties = province.counties.len();
    out.extend(
        flag(COUNTY_COLUMNS, &logs, &peers, counties, thresholds)
            .into_iter()
            .map(|f| finding(Subject::County, f)),
    );
    out
}

mod peers;
mod ratios;

use peers::{county_peers, evidence, flag, station_peers, Flagged, RatioPeers};
use ratios::{county_ratios, station_ratios};

#[cfg(test)]
mod tests;
