//! The recruits and force-change levers against the monolithic lever MILP on
//! tiny random provinces: the same level, the same recruits per county, the
//! same moves of existing officers, and a plan the checker accepts.

use staffing::check::check_plan;
use staffing::domain::{
    Auxiliaries, CommunityScope, County, ForceLevers, Params, Province, Quotas, Station, Workload,
};
use staffing::model::levers::{self, LeverError};
use staffing::model::milp;

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
}

fn random_case(seed: u64) -> (Province, Params) {
    let mut g = Lcg(seed);
    let n_counties = g.range(1, 3) as usize;
    let mut counties = Vec::new();
    let mut stations = Vec::new();
    for c in 0..n_counties {
        let n_st = g.range(1, 3) as usize;
        let mut idx = Vec::new();
        let mut today = 0;
        for k in 0..n_st {
            let officers = g.range(1, 5);
            let community = g.range(0, officers);
            today += officers;
            idx.push(stations.len());
            stations.push(Station {
                id: format!("S{c}{k}"),
                county: c,
                name: String::new(),
                kind: if g.range(0, 1) == 0 { "urban" } else { "rural" }.into(),
                population: g.range(0, 9000) as f64,
                villages: g.range(0, 6) as f64,
                area_km2: 10.0,
                calls: g.range(0, 4000) as f64,
                officers,
                community_officers: community,
                auxiliaries: g.range(0, 4),
                min_officers: None,
                levers: Default::default(),
                strength: Default::default(),
            });
        }
        let force = today + g.range(0, 6);
        counties.push(County {
            id: format!("C{c}"),
            name: String::new(),
            officers_total: force,
            hq_min: g.range(0, (force - today).max(0) + 2).min(force),
            stations: idx,
            max_moves: None,
            seconded_away: 0,
            auxiliary_budget: None,
        });
    }
    let params = Params {
        workload: Workload {
            hours_per_call: 1.5,
            officer_hours_per_year: 1800.0,
            reactive_share: 0.5,
            call_growth: 1.0,
            divert_share: 0.0,
            residents_per_community_officer: [
                ("urban".to_string(), 5000.0),
                ("rural".into(), 3000.0),
            ]
            .into(),
            categories: Default::default(),
            service: None,
        },
        quotas: Quotas {
            station_share: [0.4, 0.5][g.range(0, 1) as usize],
            community_share: 0.4,
            community_scope: if g.range(0, 2) == 0 {
                CommunityScope::Station
            } else {
                CommunityScope::County
            },
        },
        min_officers: g.range(0, 2),
        auxiliaries: Auxiliaries {
            total: 8,
            budget_scope: staffing::domain::BudgetScope::Province,
            per_village: 1.0,
            duty_factor: 0.0,
        },
        levers: Default::default(),
        strength: Default::default(),
    };
    (
        Province {
            counties,
            stations,
            ..Default::default()
        },
        params,
    )
}

/// Returns the recruits placed (0 when the case had no plan).
fn compare(seed: u64, province: &Province, params: &Params, lv: &ForceLevers) -> i64 {
    let exact = levers::solve(province, params, lv);
    let milp = milp::recruits::solve(province, params, lv);
    match (exact, milp) {
        (Ok(mut lp), Ok(m)) => {
            let violations = check_plan(&lp.province, params, &lp.plan);
            assert!(violations.is_empty(), "seed {seed}: {violations:?}");
            levers::count_moves(province, &lp.province, &mut lp.plan);
            let level = lp.plan.balance_level.unwrap_or(f64::INFINITY);
            let ml = m.level.unwrap_or(f64::INFINITY);
            assert!(
                (level - ml).abs() <= 1e-6 * level.abs().max(1.0) || level == ml,
                "seed {seed}: level exact {level} milp {ml}"
            );
            let (used, per) = lp
                .recruits
                .as_ref()
                .map_or((0, vec![0; province.counties.len()]), |a| {
                    (a.used, a.per_county.clone())
                });
            assert_eq!(used, m.used, "seed {seed}: recruits used");
            assert_eq!(per, m.per_county, "seed {seed}: recruits per county");
            assert_eq!(lp.plan.officers_moved, m.moves, "seed {seed}: moves");
            if let Some(a) = &lp.recruits {
                assert_eq!(a.used + a.leftover, lv.recruits.unwrap());
            }
            used
        }
        (Err(e), Err(_)) => {
            assert!(e.is_infeasible(), "seed {seed}: {e}");
            0
        }
        (a, b) => panic!("seed {seed}: exact {a:?} vs milp {b:?}"),
    }
}

#[test]
fn recruits_match_the_monolithic_milp() {
    let mut placed = 0;
    for seed in 0..40u64 {
        let (province, params) = random_case(seed);
        let total = (seed % 7) as i64;
        let lv = ForceLevers {
            recruits: Some(total),
            ..ForceLevers::default()
        };
        placed += (compare(seed, &province, &params, &lv) > 0) as usize;
    }
    assert!(placed >= 10, "only {placed} cases placed recruits");
}

/// The same case with nominal, seconded and restricted officers drawn at
/// its stations, turned into real strength (the seconded away recalled for
/// odd seeds).
fn strength_case(seed: u64) -> (Province, Params) {
    let (mut province, mut params) = random_case(seed);
    let mut g = Lcg(seed ^ 0x5eed);
    for s in &mut province.stations {
        let x = s.officers;
        s.strength.nominal = g.range(0, 2).min(x);
        s.strength.seconded = g.range(0, 2).min(x - s.strength.nominal);
        s.strength.restricted = g
            .range(0, 2)
            .min(x - s.strength.nominal - s.strength.seconded);
    }
    let recall = seed % 2 == 1;
    params.strength.recall_seconded = recall;
    staffing::model::strength::real_strength(&mut province, recall);
    (province, params)
}

#[test]
fn recruits_and_force_changes_on_real_strength_match_the_monolithic_milp() {
    let mut placed = 0;
    for seed in 200..240u64 {
        let (province, params) = strength_case(seed);
        // The MILP takes recruits or a force change (a cut with recruits
        // is beyond it): recruits for seeds ≡ 0, 1 mod 4, a change else.
        let lv = if seed % 4 < 2 {
            ForceLevers {
                recruits: Some((seed % 7) as i64),
                ..ForceLevers::default()
            }
        } else {
            ForceLevers {
                force_scale: [0.9, 1.1][(seed % 2) as usize],
                force_add: (seed % 3) as i64 - 1,
                recruits: None,
            }
        };
        placed += (compare(seed, &province, &params, &lv) > 0) as usize;
    }
    assert!(placed >= 5, "only {placed} cases placed recruits");
}

#[test]
fn force_change_matches_the_monolithic_milp() {
    for seed in 100..130u64 {
        let (province, params) = random_case(seed);
        let lv = ForceLevers {
            force_scale: [0.9, 1.0, 1.1][(seed % 3) as usize],
            force_add: (seed % 5) as i64 - 2,
            recruits: None,
        };
        compare(seed, &province, &params, &lv);
    }
}

#[test]
fn too_few_recruits_name_the_short_counties() {
    // A county whose hq_min leaves too few officers for the 40% rule needs
    // recruits even at level 0.
    let (mut province, params) = random_case(7);
    province.counties[0].hq_min = province.counties[0].officers_total;
    let lv = ForceLevers {
        recruits: Some(0),
        ..ForceLevers::default()
    };
    match levers::solve(&province, &params, &lv) {
        Err(LeverError::TooFewRecruits { needed, detail, .. }) => {
            assert!(needed > 0);
            assert!(
                detail.iter().any(|s| s.county.starts_with("C0")),
                "{detail:?}"
            );
        }
        other => panic!("expected too few recruits, got {other:?}"),
    }
    let lv = ForceLevers {
        recruits: Some(1000),
        ..ForceLevers::default()
    };
    let lp = levers::solve(&province, &params, &lv).unwrap();
    let a = lp.recruits.unwrap();
    assert!(a.per_county[0] > 0);
    assert!(a.leftover > 0, "a finite level leaves spare recruits");
}
