//! Helpers shared by the integration tests: tiny provinces built in code.
#![allow(dead_code)]

use std::collections::BTreeMap;

use staffing::domain::{
    Auxiliaries, CommunityScope, County, Params, Province, Quotas, Station, Workload,
};

/// Parameters where Dₛ = calls ÷ 500 and Cₛ = population ÷ 3000 (urban and rural).
pub fn simple_params(aux_total: i64) -> Params {
    let mut norms = BTreeMap::new();
    norms.insert("urban".to_string(), 3000.0);
    norms.insert("rural".to_string(), 3000.0);
    Params {
        workload: Workload {
            hours_per_call: 1.0,
            officer_hours_per_year: 1000.0,
            reactive_share: 0.5,
            call_growth: 1.0,
            divert_share: 0.0,
            residents_per_community_officer: norms,
            categories: Default::default(),
            service: None,
        },
        quotas: Quotas {
            station_share: 0.4,
            community_share: 0.4,
            community_scope: CommunityScope::County,
        },
        min_officers: 2,
        auxiliaries: Auxiliaries {
            total: aux_total,
            budget_scope: staffing::domain::BudgetScope::Province,
            per_village: 1.0,
            duty_factor: 0.0,
        },
        levers: Default::default(),
        strength: Default::default(),
    }
}

/// A station: (calls, population, villages, officers, community officers, auxiliaries).
pub type StationSpec = (f64, f64, f64, i64, i64, i64);

/// A county: (force, hq_min, stations).
pub type CountySpec = (i64, i64, Vec<StationSpec>);

/// Builds a province from specs, with ids C1.., S1.. in order.
pub fn province(counties: &[CountySpec]) -> Province {
    let mut p = Province::default();
    for (c, (force, hq_min, stations)) in counties.iter().enumerate() {
        let mut county = County {
            id: format!("C{}", c + 1),
            name: format!("County {}", c + 1),
            officers_total: *force,
            hq_min: *hq_min,
            stations: Vec::new(),
            max_moves: None,
            seconded_away: 0,
            auxiliary_budget: None,
        };
        for &(calls, population, villages, officers, community, auxiliaries) in stations {
            county.stations.push(p.stations.len());
            p.stations.push(Station {
                id: format!("S{}", p.stations.len() + 1),
                county: c,
                name: format!("Station {}", p.stations.len() + 1),
                kind: "urban".into(),
                population,
                villages,
                area_km2: 10.0,
                calls,
                officers,
                community_officers: community,
                auxiliaries,
                min_officers: None,
                levers: Default::default(),
                strength: Default::default(),
            });
        }
        p.counties.push(county);
    }
    p
}

/// What a command run under a time limit gave: its exit code (None when it
/// was killed by a signal), stdout and stderr.
pub struct Finished {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` and kills it after `limit`: `Err` says it did not finish in
/// time (so a hang fails the test that asked, instead of stalling the run).
pub fn run_with_timeout(
    mut cmd: std::process::Command,
    limit: std::time::Duration,
) -> Result<Finished, String> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("piped")));
    let err = drain(Box::new(child.stderr.take().expect("piped")));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "did not finish within {} s (killed)",
                limit.as_secs()
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    Ok(Finished {
        code: status.code(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

/// The `staffing` binary built for these tests.
pub fn staffing() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_staffing"))
}

/// The rows of a CSV the tool wrote (a BOM allowed), as column → text.
pub fn csv_rows(path: &std::path::Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A whole number of a row of [`csv_rows`].
pub fn csv_int(row: &BTreeMap<String, String>, column: &str) -> i64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = `{}` is not a whole number", row[column]))
}

/// Runs `staffing` with `args` in `dir` under `limit`, failing the test
/// (naming the command) if it is still running then.
pub fn run_in(dir: &std::path::Path, args: &[&str], limit: std::time::Duration) -> Finished {
    let mut cmd = staffing();
    cmd.args(args).current_dir(dir);
    run_with_timeout(cmd, limit).unwrap_or_else(|e| panic!("staffing {}: {e}", args.join(" ")))
}

/// The run ended with exit 0 (else its output is shown).
pub fn assert_ok(f: &Finished) {
    assert_eq!(
        f.code,
        Some(0),
        "stdout: {}\nstderr: {}",
        f.stdout,
        f.stderr
    );
}

/// The run was refused as bad input: exit 2, no panic, and every needle in
/// its error.
pub fn assert_refused(f: &Finished, needles: &[&str]) {
    assert_eq!(f.code, Some(2), "stdout {}\nstderr {}", f.stdout, f.stderr);
    assert!(!f.stderr.contains("panicked"), "{}", f.stderr);
    for n in needles {
        assert!(f.stderr.contains(n), "`{n}` not in: {}", f.stderr);
    }
}

/// A copy of a case of the bad-input corpus (`tests/bad_input/NAME`: its
/// `stations.csv`, `counties.csv` and `scenario.toml`) in a fresh folder.
pub fn corpus_case(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_input")
        .join(name);
    for name in ["stations.csv", "counties.csv", "scenario.toml"] {
        std::fs::copy(base.join(name), dir.path().join(name)).unwrap();
    }
    dir
}
