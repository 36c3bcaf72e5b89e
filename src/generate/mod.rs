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

use crate::sample::Stream;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenSpec {
    /// Counties (bureaus) to generate, at least 1.
    pub counties: usize,
    /// Stations in all, at least one a county.
    pub stations: usize,
    /// The seed of the random stream: the same spec gives the same bytes.
    pub seed: u64,
}

/// The three files of a generated instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// `counties.csv`, in the data contract.
    pub counties_csv: String,
    /// `stations.csv`, in the data contract.
    pub stations_csv: String,
    /// `scenario.toml` that reads the two tables.
    pub scenario_toml: String,
}

/// Why a spec cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenError {
    #[error("--counties must be at least 1")]
    /// `--counties 0`.
    NoCounty,
    #[error(
        "--stations {stations} is fewer than --counties {counties}: every county needs a station"
    )]
    /// Fewer stations than counties.
    TooFewStations {
        /// The stations asked for.
        stations: usize,
        /// The counties asked for.
        counties: usize,
    },
    #[error("--stations {0} is more than the generator supports ({max}), the most stations a table may hold", max = crate::input::table::thousands(MAX_STATIONS as u64))]
    /// More stations than a table may hold.
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
            let (station, need) = draw_station(&mut rng, urban_share);
            need_total += need;
            needs.push(need);
            stations.push(station);
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
    let scenario_toml = scenario_text(&spec, aux_total);
    Ok(Generated {
        counties_csv,
        stations_csv,
        scenario_toml,
    })
}

/// One station of a county whose share of urban stations is `urban_share`,
/// drawn from `rng` (population, call rate, villages, area, a minimum at
/// one urban station in ten), and its full need in officers: the duty
/// requirement plus the community officers its residents call for.
fn draw_station(rng: &mut Stream, urban_share: f64) -> (GenStation, f64) {
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
    let need = (duty + population as f64 / norm).max(min_officers.unwrap_or(MIN_OFFICERS) as f64);
    let station = GenStation {
        urban,
        population,
        villages,
        area,
        calls,
        officers: 0,
        community: 0,
        auxiliaries: 0,
        min_officers,
    };
    (station, need)
}

/// The scenario file of a generated instance: the spreadsheet method's
/// constants the stations were drawn with, and `aux_total` auxiliaries.
fn scenario_text(spec: &GenSpec, aux_total: i64) -> String {
    format!(
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
    )
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

mod columns;

pub use columns::{add_ages, add_strength, age_shares, strength_shares};

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
