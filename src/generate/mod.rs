//! Synthetic provinces and nations in the data contract, for benchmarks and
//! Monte Carlo studies.
//!
//! The distributions (documented in `docs/generator.md`) are calibrated on the
//! shared 1,631-station province: urban and rural stations, lognormal
//! populations, more 110 calls per resident in towns, today's officers shared
//! by habit rather than workload, some counties below the 40% rules today.
//! Every county can meet every hard rule at balance level 0 under the
//! generated scenario (minimum 2, shares 40%), so a generated instance always
//! has a plan. All draws come from one seeded ChaCha8 stream
//! ([`crate::sample::Stream`]) in a fixed order and every number is written
//! rounded to a fixed number of decimals, so the same spec gives the same
//! bytes.

use std::collections::{HashMap, HashSet};

use crate::domain::AGE_BAND_KEYS;
use crate::sample::Stream;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenSpec {
    pub counties: usize,
    pub stations: usize,
    pub seed: u64,
}

/// The three files of a generated instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub counties_csv: String,
    pub stations_csv: String,
    pub scenario_toml: String,
}

/// Why a spec cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenError {
    #[error("--counties must be at least 1")]
    NoCounty,
    #[error(
        "--stations {stations} is fewer than --counties {counties}: every county needs a station"
    )]
    TooFewStations { stations: usize, counties: usize },
    #[error("--stations {0} is more than the generator supports ({max}), the most stations a table may hold", max = crate::input::table::thousands(MAX_STATIONS as u64))]
    TooMany(usize),
}

/// Scenario constants the generator calibrates against (the defaults of
/// `scenarios/baseline.toml`).
const HOURS_PER_CALL: f64 = 1.5;
const OFFICER_HOURS: f64 = 1800.0;
const REACTIVE_SHARE: f64 = 0.5;
const URBAN_NORM: f64 = 5000.0;
const RURAL_NORM: f64 = 3000.0;
const MIN_OFFICERS: i64 = 2;

const PLACES: [&str; 40] = [
    "城关", "东岗", "西湖", "南山", "北川", "安宁", "金塔", "高台", "临泽", "永登", "榆中", "皋兰",
    "会宁", "景泰", "靖远", "清水", "秦安", "甘谷", "武山", "张川", "民勤", "古浪", "天祝", "肃南",
    "民乐", "山丹", "泾川", "灵台", "崇信", "华亭", "庄浪", "静宁", "玉门", "瓜州", "敦煌", "环县",
    "华池", "合水", "正宁", "宁县",
];
const STATION_WORDS: [&str; 24] = [
    "盐场", "新华", "和平", "红旗", "建设", "东关", "西关", "南关", "北关", "广场", "车站", "河口",
    "石桥", "柳林", "杨庄", "马营", "龙泉", "青山", "白塔", "黄河", "新村", "古城", "平川", "花寨",
];

/// Splits `total` into parts proportional to `weights` (largest remainder,
/// ties to the lower index). Deterministic integer result summing to `total`.
pub fn split_proportional(total: i64, weights: &[f64]) -> Vec<i64> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() {
        return Vec::new();
    }
    if sum <= 0.0 || total <= 0 {
        let mut out = vec![0; weights.len()];
        if total > 0 {
            out[0] = total;
        }
        return out;
    }
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut out: Vec<i64> = exact.iter().map(|e| e.floor() as i64).collect();
    let mut left = total - out.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().cycle() {
        if left <= 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

struct GenStation {
    urban: bool,
    population: i64,
    villages: i64,
    area: f64,
    calls: i64,
    officers: i64,
    community: i64,
    auxiliaries: i64,
    min_officers: Option<i64>,
}

/// The most stations `staffing generate` writes: as many as a table may
/// hold ([`crate::input::table::MAX_ROWS`]), so that what it writes can be
/// read back.
pub const MAX_STATIONS: usize = crate::input::table::MAX_ROWS;

/// Generates an instance. Same spec, same bytes.
pub fn generate(spec: GenSpec) -> Result<Generated, GenError> {
    if spec.counties == 0 {
        return Err(GenError::NoCounty);
    }
    if spec.stations < spec.counties {
        return Err(GenError::TooFewStations {
            stations: spec.stations,
            counties: spec.counties,
        });
    }
    if spec.stations > MAX_STATIONS {
        return Err(GenError::TooMany(spec.stations));
    }
    let mut rng = Stream::new(spec.seed);

    // County sizes: one station each, the rest shared by lognormal weights.
    let weights: Vec<f64> = (0..spec.counties)
        .map(|_| rng.lognormal(0.0, 0.5))
        .collect();
    let extra = split_proportional((spec.stations - spec.counties) as i64, &weights);

    let cw = digits(spec.counties).max(3);
    let sw = digits(spec.stations).max(5);
    let mut counties_csv = String::from("county_id,name,officers_total,hq_min\n");
    let mut stations_csv = String::from(
        "station_id,county_id,name,kind,population,villages,area_km2,calls,officers,community_officers,auxiliaries,min_officers\n",
    );
    let mut next_station = 1usize;
    let mut villages_total = 0i64;

    for (c, extra_c) in extra.iter().enumerate() {
        let n = 1 + *extra_c as usize;
        // Urbanisation: most counties rural, a few urban districts.
        let u = rng.unit();
        let urban_share = 0.05 + 0.75 * u * u;
        let mut stations = Vec::with_capacity(n);
        let mut need_total = 0.0;
        let mut needs = Vec::with_capacity(n);
        for _ in 0..n {
            let urban = rng.unit() < urban_share;
            let (pop_mu, pop_sd, rate_med, rate_sd, vil_mu, area_mu, area_sd) = if urban {
                (10.3, 0.5, 0.11, 0.3, 1.0, 3.0, 0.6)
            } else {
                (9.1, 0.55, 0.05, 0.35, 2.2, 6.5, 0.7)
            };
            let population = (rng.lognormal(pop_mu, pop_sd).round() as i64).max(500);
            let rate = rng.lognormal(f64::ln(rate_med), rate_sd);
            let calls = ((population as f64 * rate).round() as i64).max(10);
            let villages = (rng.lognormal(vil_mu, 0.6).round() as i64).clamp(1, 60);
            let area = round1(rng.lognormal(area_mu, area_sd).max(1.0));
            let min_officers = if urban && rng.unit() < 0.1 {
                Some(4)
            } else {
                None
            };
            let duty = calls as f64 * HOURS_PER_CALL / (OFFICER_HOURS * REACTIVE_SHARE);
            let norm = if urban { URBAN_NORM } else { RURAL_NORM };
            let need =
                (duty + population as f64 / norm).max(min_officers.unwrap_or(MIN_OFFICERS) as f64);
            need_total += need;
            needs.push(need);
            stations.push(GenStation {
                urban,
                population,
                villages,
                area,
                calls,
                officers: 0,
                community: 0,
                auxiliaries: 0,
                min_officers,
            });
        }
        // The force: enough for a share `cover` of the full need at stations
        // after HQ keeps a share `hq` of the force.
        let hq = rng.uniform(0.38, 0.52);
        let cover = rng.uniform(0.85, 1.2);
        let minimums: i64 = stations
            .iter()
            .map(|s| s.min_officers.unwrap_or(MIN_OFFICERS))
            .sum();
        let cap_wanted = ((cover * need_total).ceil() as i64).max(minimums + 1);
        let mut force = ((cap_wanted as f64 / (1.0 - hq)).ceil() as i64).max(20);
        let mut hq_min = (hq * force as f64).floor() as i64;
        // Guarantee a plan at level 0: cap ≥ Σ minimums and cap ≥ ⌈0.4·E⌉.
        while force - hq_min < minimums || 5 * (force - hq_min) < 2 * force {
            force += 1;
            hq_min = (hq * force as f64).floor() as i64;
        }
        let cap = force - hq_min;

        // Today: a station total off the rule in some counties, shared by
        // habit (square root of need, noisy), not by workload.
        let share_today = if rng.unit() < 0.3 {
            rng.uniform(0.30, 0.39)
        } else {
            rng.uniform(0.41, 0.60)
        };
        let x0 = ((share_today * force as f64).round() as i64).clamp(n as i64, cap.max(n as i64));
        let habit: Vec<f64> = needs
            .iter()
            .map(|nd| nd.sqrt() * rng.lognormal(0.0, 0.4))
            .collect();
        let mut officers = split_proportional(x0 - n as i64, &habit);
        for o in &mut officers {
            *o += 1;
        }
        let community_ratio = rng.uniform(0.25, 0.55);
        for (s, o) in stations.iter_mut().zip(&officers) {
            s.officers = *o;
            let r = (community_ratio * rng.lognormal(0.0, 0.25)).min(1.0);
            s.community = ((*o as f64 * r).round() as i64).clamp(0, *o);
            s.auxiliaries = ((s.villages as f64 * rng.uniform(0.3, 1.1)).round() as i64).max(0);
            villages_total += s.villages;
        }

        let cid = format!("C{:0cw$}", c + 1);
        let place = PLACES[c % PLACES.len()];
        let urban_count = stations.iter().filter(|s| s.urban).count();
        let bureau = if 2 * urban_count > n {
            "区公安分局"
        } else {
            "县公安局"
        };
        let suffix = if c < PLACES.len() {
            String::new()
        } else {
            format!("{}", c / PLACES.len() + 1)
        };
        counties_csv.push_str(&format!("{cid},{place}{suffix}{bureau},{force},{hq_min}\n"));
        for (i, s) in stations.iter().enumerate() {
            let word = STATION_WORDS[rng.below(STATION_WORDS.len())];
            let name = if i == 0 {
                format!("{place}派出所")
            } else {
                format!("{word}{i}派出所")
            };
            stations_csv.push_str(&format!(
                "S{:0sw$},{cid},{name},{},{},{},{:.1},{},{},{},{},{}\n",
                next_station,
                if s.urban { "urban" } else { "rural" },
                s.population,
                s.villages,
                s.area,
                s.calls,
                s.officers,
                s.community,
                s.auxiliaries,
                s.min_officers.map_or(String::new(), |m| m.to_string()),
            ));
            next_station += 1;
        }
    }

    let aux_total = (0.85 * villages_total as f64).round() as i64;
    let scenario_toml = format!(
        "# Generated by `staffing generate --counties {c} --stations {s} --seed {seed}`.\n\
         # Synthetic data: see docs/generator.md for the distributions.\n\
         name = \"generated-c{c}-s{s}-seed{seed}\"\n\
         stations = \"stations.csv\"\n\
         counties = \"counties.csv\"\n\
         \n\
         [workload]\n\
         hours_per_call = {HOURS_PER_CALL}\n\
         officer_hours_per_year = {OFFICER_HOURS}\n\
         reactive_share = {REACTIVE_SHARE}\n\
         call_growth = 1.0\n\
         divert_share = 0.0\n\
         \n\
         [workload.residents_per_community_officer]\n\
         urban = {URBAN_NORM}\n\
         rural = {RURAL_NORM}\n\
         \n\
         [quotas]\n\
         station_share = 0.4\n\
         community_share = 0.4\n\
         community_scope = \"county\"\n\
         \n\
         [stations]\n\
         min_officers = {MIN_OFFICERS}\n\
         \n\
         [auxiliaries]\n\
         total = {aux_total}\n\
         per_village = 1.0\n",
        c = spec.counties,
        s = spec.stations,
        seed = spec.seed,
    );
    Ok(Generated {
        counties_csv,
        stations_csv,
        scenario_toml,
    })
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

impl Generated {
    /// The files as an output folder (scenario.toml, stations.csv, counties.csv).
    pub fn files(&self) -> Vec<crate::output::OutputFile> {
        use crate::output::OutputFile;
        vec![
            OutputFile {
                name: "scenario.toml".into(),
                bytes: self.scenario_toml.clone().into_bytes(),
            },
            OutputFile {
                name: "stations.csv".into(),
                bytes: self.stations_csv.clone().into_bytes(),
            },
            OutputFile {
                name: "counties.csv".into(),
                bytes: self.counties_csv.clone().into_bytes(),
            },
        ]
    }
}

/// The shares behind the real-strength columns (`nominal`, `seconded`,
/// `restricted`) that [`add_strength`] draws; see `docs/generator.md`.
pub mod strength_shares {
    /// A county lists HQ officers at its stations (挂名/兼职) with this
    /// probability.
    pub const COUNTY_LISTS_NOMINAL: f64 = 0.4;
    /// In such a county, the seat station (its first) and every urban
    /// station carry a share uniform(LO, HI) of their books as nominal.
    pub const NOMINAL_SHARE: (f64, f64) = (0.10, 0.25);
    /// A station has officers seconded to a task force (借调/抽调) with this
    /// probability: (urban, rural).
    pub const SECONDED: (f64, f64) = (0.35, 0.15);
    /// A station has officers who cannot take duty shifts (不能值班备勤)
    /// with this probability: (urban, rural).
    pub const RESTRICTED: (f64, f64) = (0.15, 0.35);
    /// A station that has seconded (restricted) officers has 2 rather than
    /// 1 with this probability.
    pub const SECOND_ONE: (f64, f64) = (0.3, 0.25);
}

/// The column names and rows of a plain table.
type PlainTable = (Vec<String>, Vec<Vec<String>>);

/// A table the generator wrote (header, then one record per line, no
/// quotes), as its column names and rows; `caller` names the function in
/// the error for anything else.
fn plain_table(text: &str, what: &str, caller: &str) -> Result<PlainTable, String> {
    let mut lines = text.lines();
    let header = lines.next().ok_or(format!("the {what} table is empty"))?;
    let names: Vec<String> = header.split(',').map(str::to_string).collect();
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    if text.contains('"') || rows.iter().any(|r| r.len() != names.len()) {
        return Err(format!(
            "{caller} reads plain {what} tables: one record per line, no quotes"
        ));
    }
    Ok((names, rows))
}

/// The position of column `name` in a [`plain_table`]'s names.
fn column(names: &[String], name: &str) -> Result<usize, String> {
    names
        .iter()
        .position(|n| n == name)
        .ok_or(format!("the table has no column `{name}`"))
}

/// Appends the real-strength columns `nominal`, `seconded` and `restricted`
/// to a stations table in the data contract (one record per line, no quoted
/// fields, with the columns `county_id`, `kind` and `officers`; its
/// `counties` table gives each county's force and HQ minimum), drawn from a
/// stream seeded with `seed` in a fixed order: per county in order of first
/// appearance, whether it lists HQ officers at its stations; then per
/// station in file order, five draws (nominal share, seconded, how many,
/// restricted, how many), whatever the branch. Every station keeps at least
/// one officer who is really there, and the columns always satisfy the data
/// contract (nominal + seconded ≤ officers, restricted ≤ the rest).
///
/// The generator's promise that every county has a plan at level 0 (under
/// its scenario: minimum 2, both shares 40%) is kept: the seconded are at
/// no post, so a county whose seconded would leave fewer than
/// max(⌈0.4·E⌉, Σₛ max(mₛ, rₛ)) officers to post above hq_min has its
/// seconded cut, last station first, until it does. The shares are
/// [`strength_shares`]; the same tables and seed give the same bytes.
pub fn add_strength(stations_csv: &str, counties_csv: &str, seed: u64) -> Result<String, String> {
    use strength_shares::*;
    let table = |text: &str, what: &str| plain_table(text, what, "add_strength");
    let (names, rows) = table(stations_csv, "stations")?;
    let (county_names, county_rows) = table(counties_csv, "counties")?;
    let col = column;
    let (county, kind, officers) = (
        col(&names, "county_id")?,
        col(&names, "kind")?,
        col(&names, "officers")?,
    );
    let minimum = col(&names, "min_officers").ok();
    for n in ["nominal", "seconded", "restricted"] {
        if names.iter().any(|h| h == n) {
            return Err(format!("the stations table already has a column `{n}`"));
        }
    }
    let whole = |v: &str, what: &str| -> Result<i64, String> {
        v.parse()
            .map_err(|_| format!("{what} `{v}` is not a whole number"))
    };
    let mut rng = Stream::new(seed);
    // Each county's stations, and whether it lists nominal officers (drawn
    // in the order the counties first appear): one pass, so a nation of
    // 70,000 counties is not scanned once per station.
    let mut stations_of: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut lists: HashMap<&str, bool> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let c = r[county].as_str();
        stations_of.entry(c).or_default().push(i);
        lists
            .entry(c)
            .or_insert_with(|| rng.unit() < COUNTY_LISTS_NOMINAL);
    }
    // (nominal, seconded, restricted) per station.
    let mut drawn: Vec<[i64; 3]> = Vec::with_capacity(rows.len());
    let mut seen: HashSet<&str> = HashSet::new();
    for r in &rows {
        let x = whole(&r[officers], "officers")?;
        let urban = r[kind] == "urban";
        let seat = seen.insert(r[county].as_str());
        let county_lists = lists[r[county].as_str()];
        let (u_nominal, u_seconded, u_two, u_restricted, u_two_r) = (
            rng.uniform(NOMINAL_SHARE.0, NOMINAL_SHARE.1),
            rng.unit(),
            rng.unit(),
            rng.unit(),
            rng.unit(),
        );
        let pick = |(u, r): (f64, f64)| if urban { u } else { r };
        let mut nominal = 0;
        if county_lists && (seat || urban) && x > 1 {
            nominal = ((x as f64 * u_nominal).round() as i64).clamp(1, x - 1);
        }
        let mut seconded = 0;
        if u_seconded < pick(SECONDED) {
            seconded = (1 + i64::from(u_two < SECOND_ONE.0))
                .min(x - nominal - 1)
                .max(0);
        }
        let mut restricted = 0;
        if u_restricted < pick(RESTRICTED) {
            restricted = (1 + i64::from(u_two_r < SECOND_ONE.1))
                .min(x - nominal - seconded)
                .max(0);
        }
        drawn.push([nominal, seconded, restricted]);
    }
    // Keep a plan at level 0 in every county (see above).
    let (cid, force, hq_min) = (
        col(&county_names, "county_id")?,
        col(&county_names, "officers_total")?,
        col(&county_names, "hq_min")?,
    );
    for c in &county_rows {
        let e = whole(&c[force], "officers_total")?;
        let hq = whole(&c[hq_min], "hq_min")?;
        let mine: &[usize] = stations_of.get(c[cid].as_str()).map_or(&[], Vec::as_slice);
        let mut floors = 0;
        for &i in mine {
            let m = match minimum.map(|m| rows[i][m].as_str()) {
                Some(v) if !v.is_empty() => whole(v, "min_officers")?,
                _ => MIN_OFFICERS,
            };
            floors += m.max(drawn[i][2]);
        }
        let need = ((2 * e + 4) / 5).max(floors);
        let spare = (e - hq - need).max(0);
        let mut away: i64 = mine.iter().map(|&i| drawn[i][1]).sum();
        for &i in mine.iter().rev() {
            while away > spare && drawn[i][1] > 0 {
                drawn[i][1] -= 1;
                away -= 1;
            }
        }
    }
    let mut out = format!("{},nominal,seconded,restricted\n", names.join(","));
    for (r, [nominal, seconded, restricted]) in rows.iter().zip(&drawn) {
        out.push_str(&format!(
            "{},{nominal},{seconded},{restricted}\n",
            r.join(",")
        ));
    }
    Ok(out)
}

impl Generated {
    /// The instance with the real-strength columns of [`add_strength`]
    /// (`staffing generate --strength`), drawn from their own stream so the
    /// other columns are the same bytes as without them.
    pub fn with_strength(mut self, seed: u64) -> Result<Generated, String> {
        // "STRENGTH" in ASCII: a stream of its own.
        self.stations_csv = add_strength(
            &self.stations_csv,
            &self.counties_csv,
            seed ^ 0x5354_5245_4e47_5448,
        )?;
        Ok(self)
    }
}

/// The age profiles behind the age-band columns that [`add_ages`] draws
/// (`docs/generator.md`): shares of a unit's officers in the bands
/// `age_under_30`, `age_30_39`, `age_40_49`, `age_50_54`, `age_55_59` and
/// `age_60_plus`. The study (二(一)) says the force ages towards the
/// grassroots: older and unwell officers are sent down to the stations,
/// rural ones most ("越到基层队伍老化越严重"), and it names a large
/// cohort recruited for the stations in 2014 (the 9,490 事业编 officers),
/// about 35 today: hence the weight of the 30–39 band everywhere.
pub mod age_shares {
    /// An urban station (mean age about 40).
    pub const URBAN: [f64; 6] = [0.20, 0.34, 0.22, 0.11, 0.11, 0.02];
    /// A rural station (mean age about 44).
    pub const RURAL: [f64; 6] = [0.10, 0.28, 0.24, 0.15, 0.20, 0.03];
    /// A county's HQ (mean age about 42).
    pub const HQ: [f64; 6] = [0.13, 0.30, 0.27, 0.14, 0.14, 0.02];
    /// Each unit's shares are multiplied by lognormal(0, SPREAD) draws and
    /// renormalised.
    pub const SPREAD: f64 = 0.3;
}

/// Appends the age-band columns to a stations table and a counties table
/// in the data contract (one record per line, no quoted fields; stations
/// with `county_id`, `kind` and `officers`, counties with `county_id` and
/// `officers_total`): each station's officers, and each county's HQ
/// officers (officers_total less its stations' officers), split over the
/// bands in proportion to its [`age_shares`] profile times six
/// lognormal(0, [`age_shares::SPREAD`]) draws (largest remainder). Draws
/// come from a stream seeded with `seed`, per station in file order, then
/// per county in file order; the same tables and seed give the same bytes.
/// Returns (stations, counties).
pub fn add_ages(
    stations_csv: &str,
    counties_csv: &str,
    seed: u64,
) -> Result<(String, String), String> {
    let table = |text: &str, what: &str| {
        let (names, rows) = plain_table(text, what, "add_ages")?;
        if let Some(n) = AGE_BAND_KEYS.iter().find(|n| names.iter().any(|h| h == *n)) {
            return Err(format!("the {what} table already has a column `{n}`"));
        }
        Ok((names, rows))
    };
    let (names, rows) = table(stations_csv, "stations")?;
    let (county_names, county_rows) = table(counties_csv, "counties")?;
    let col = column;
    let (county, kind, officers) = (
        col(&names, "county_id")?,
        col(&names, "kind")?,
        col(&names, "officers")?,
    );
    let (cid, force) = (
        col(&county_names, "county_id")?,
        col(&county_names, "officers_total")?,
    );
    let whole = |v: &str, what: &str| -> Result<i64, String> {
        v.parse()
            .map_err(|_| format!("{what} `{v}` is not a whole number"))
    };
    let mut rng = Stream::new(seed);
    let split = |n: i64, base: &[f64; 6], rng: &mut Stream| -> Vec<i64> {
        let w: Vec<f64> = base
            .iter()
            .map(|b| b * rng.lognormal(0.0, age_shares::SPREAD))
            .collect();
        split_proportional(n, &w)
    };
    let mut at_stations: std::collections::HashMap<String, i64> = Default::default();
    let mut station_out = format!("{},{}\n", names.join(","), AGE_BAND_KEYS.join(","));
    for r in &rows {
        let x = whole(&r[officers], "officers")?;
        let base = if r[kind] == "urban" {
            &age_shares::URBAN
        } else {
            &age_shares::RURAL
        };
        let bands = split(x, base, &mut rng);
        *at_stations.entry(r[county].clone()).or_insert(0) += x;
        let cells: Vec<String> = bands.iter().map(|b| b.to_string()).collect();
        station_out.push_str(&format!("{},{}\n", r.join(","), cells.join(",")));
    }
    let mut county_out = format!("{},{}\n", county_names.join(","), AGE_BAND_KEYS.join(","));
    for c in &county_rows {
        let e = whole(&c[force], "officers_total")?;
        let hq = e - at_stations.get(&c[cid]).copied().unwrap_or(0);
        if hq < 0 {
            return Err(format!(
                "county `{}` has more officers at its stations than officers_total",
                c[cid]
            ));
        }
        let bands = split(hq, &age_shares::HQ, &mut rng);
        let cells: Vec<String> = bands.iter().map(|b| b.to_string()).collect();
        county_out.push_str(&format!("{},{}\n", c.join(","), cells.join(",")));
    }
    Ok((station_out, county_out))
}

impl Generated {
    /// The instance with the age-band columns of [`add_ages`]
    /// (`staffing generate --ages`), drawn from their own stream so the
    /// other columns are the same bytes as without them.
    pub fn with_ages(mut self, seed: u64) -> Result<Generated, String> {
        // "AGES" in ASCII: a stream of its own.
        let (stations, counties) =
            add_ages(&self.stations_csv, &self.counties_csv, seed ^ 0x4147_4553)?;
        self.stations_csv = stations;
        self.counties_csv = counties;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::table::{MAX_CELLS, MAX_ROWS};

    /// `staffing generate --stations 1000000`, the most it writes, must
    /// write tables `check` reads: its widest stations table (with
    /// `--strength` and `--ages`) within the reader's row and cell limits.
    #[test]
    fn the_largest_table_generate_writes_is_within_the_reader_limits() {
        let spec = GenSpec {
            counties: 2,
            stations: 10,
            seed: 1,
        };
        let g = generate(spec)
            .unwrap()
            .with_strength(1)
            .unwrap()
            .with_ages(1)
            .unwrap();
        let columns = g.stations_csv.lines().next().unwrap().split(',').count();
        assert_eq!(columns, 21);
        const { assert!(MAX_STATIONS <= MAX_ROWS) };
        assert!(
            MAX_STATIONS * columns + columns <= MAX_CELLS,
            "{MAX_STATIONS} stations × {columns} columns"
        );
        assert!(matches!(
            generate(GenSpec {
                counties: 1,
                stations: MAX_STATIONS + 1,
                seed: 1
            }),
            Err(GenError::TooMany(_))
        ));
    }
}
