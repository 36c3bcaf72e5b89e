//! `[sample]` specs and the robust plan.

use std::collections::BTreeMap;

use staffing::domain::{
    Auxiliaries, CommunityScope, County, Params, Province, Quotas, Station, Workload,
};
use staffing::model::requirement::requirements;
use staffing::sample::{
    apply_workload, plan_level, quantile, robust_plan, Distribution, SampleError, SampleSpec,
    Target,
};

const SPEC: &str = r#"
[sample]
seed = 42
count = 200
"workload.call_growth" = "normal(1.15, 0.05)"
"workload.divert_share" = "uniform(0, 0.3)"

[sample.workload.residents_per_community_officer]
urban = "triangular(80, 100, 130)"
"#;

#[test]
fn a_spec_gives_the_same_points_for_a_seed_and_others_for_another() {
    let spec = SampleSpec::from_toml(SPEC).unwrap();
    assert_eq!(spec.count, 200);
    assert_eq!(spec.keys.len(), 3);
    let a = spec.points();
    let b = SampleSpec::from_toml(SPEC).unwrap().points();
    assert_eq!(a.len(), 200);
    // Bit for bit.
    let bits = |p: &Vec<Vec<(String, f64)>>| -> Vec<(String, u64)> {
        p.iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.to_bits()))
            .collect()
    };
    assert_eq!(bits(&a), bits(&b));
    // Keys in key order in every point.
    assert_eq!(a[0][0].0, "workload.call_growth");
    assert_eq!(a[0][1].0, "workload.divert_share");
    assert_eq!(a[0][2].0, "workload.residents_per_community_officer.urban");
    let other = SampleSpec::from_toml(&SPEC.replace("seed = 42", "seed = 43"))
        .unwrap()
        .points();
    assert_ne!(bits(&a), bits(&other));
}

#[test]
fn draws_follow_their_distributions() {
    let spec = SampleSpec::from_toml(&SPEC.replace("count = 200", "count = 4000")).unwrap();
    let pts = spec.points();
    let col = |i: usize| -> Vec<f64> { pts.iter().map(|p| p[i].1).collect() };
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let g = col(0);
    let sd = (g.iter().map(|x| (x - mean(&g)).powi(2)).sum::<f64>() / g.len() as f64).sqrt();
    assert!((mean(&g) - 1.15).abs() < 0.005, "{}", mean(&g));
    assert!((sd - 0.05).abs() < 0.005, "{sd}");
    let d = col(1);
    assert!(d.iter().all(|&x| (0.0..0.3).contains(&x)));
    assert!((mean(&d) - 0.15).abs() < 0.01);
    let t = col(2);
    assert!(t.iter().all(|&x| (80.0..=130.0).contains(&x)));
    assert!((mean(&t) - (80.0 + 100.0 + 130.0) / 3.0).abs() < 1.0);
}

#[test]
fn bad_specs_name_the_problem() {
    let err = |text: &str| SampleSpec::from_toml(text).unwrap_err().to_string();
    assert!(err("[sample]\ncount = 3\n\"a\" = \"normal(1, 1)\"").contains("`seed` is missing"));
    assert!(err("[sample]\nseed = 1\ncount = 0\n\"a\" = \"normal(1, 1)\"").contains("count"));
    let e = err("[sample]\nseed = 1\ncount = 2\n\"workload.call_growth\" = \"gamma(1, 2)\"");
    assert!(
        e.contains("workload.call_growth") && e.contains("gamma"),
        "{e}"
    );
    let e = err("[sample]\nseed = 1\ncount = 2\n\"k\" = \"normal(1, -2)\"");
    assert!(e.contains("negative"), "{e}");
    let e = err("[sample]\nseed = 1\ncount = 2\n\"k\" = \"uniform(1)\"");
    assert!(e.contains("takes 2 numbers"), "{e}");
    assert!(Distribution::parse("triangular(1, 3, 2)").is_err());
    assert!(err("[sample]\nseed = 1\ncount = 2").contains("no key"));
}

fn station(id: &str, calls: f64, population: f64, officers: i64) -> Station {
    Station {
        id: id.into(),
        county: 0,
        name: id.into(),
        kind: "urban".into(),
        population,
        villages: 1.0,
        area_km2: 1.0,
        calls,
        officers,
        community_officers: 1,
        auxiliaries: 1,
        min_officers: None,
        levers: Default::default(),
        strength: Default::default(),
    }
}

/// One county, three stations, a force of 20 with 8 kept at HQ (cap 12).
/// Dₛ = calls ÷ 100 × call_growth, Cₛ = population ÷ norm.
fn tiny() -> (Province, Params) {
    let stations = vec![
        station("A", 300.0, 250.0, 3),
        station("B", 150.0, 400.0, 4),
        station("C", 500.0, 100.0, 3),
    ];
    let province = Province {
        counties: vec![County {
            id: "C1".into(),
            name: String::new(),
            officers_total: 20,
            hq_min: 8,
            stations: vec![0, 1, 2],
            max_moves: None,
            seconded_away: 0,
            auxiliary_budget: None,
        }],
        stations,
        ..Default::default()
    };
    let params = Params {
        workload: Workload {
            hours_per_call: 1.0,
            officer_hours_per_year: 100.0,
            reactive_share: 1.0,
            call_growth: 1.0,
            divert_share: 0.0,
            residents_per_community_officer: BTreeMap::from([("urban".to_string(), 100.0)]),
            categories: Default::default(),
            service: None,
        },
        quotas: Quotas {
            station_share: 0.4,
            community_share: 0.4,
            community_scope: CommunityScope::County,
        },
        min_officers: 1,
        auxiliaries: Auxiliaries {
            total: 3,
            budget_scope: staffing::domain::BudgetScope::Province,
            per_village: 1.0,
            duty_factor: 0.0,
        },
        levers: Default::default(),
        strength: Default::default(),
    };
    (province, params)
}

/// Every plan of the tiny province that keeps the hard rules, as (x, y).
fn all_plans() -> Vec<[(i64, i64); 3]> {
    let mut out = Vec::new();
    let pairs: Vec<(i64, i64)> = (1..=12)
        .flat_map(|x| (0..=x).map(move |y| (x, y)))
        .collect();
    for &a in &pairs {
        for &b in &pairs {
            for &c in &pairs {
                let x = a.0 + b.0 + c.0;
                let y = a.1 + b.1 + c.1;
                if (8..=12).contains(&x) && 5 * y >= 2 * x {
                    out.push([a, b, c]);
                }
            }
        }
    }
    out
}

fn point_reqs(
    province: &Province,
    params: &Params,
    points: &[Vec<(String, f64)>],
) -> Vec<Vec<staffing::model::requirement::Requirement>> {
    points
        .iter()
        .enumerate()
        .map(|(i, p)| requirements(province, &apply_workload(params, p, i).unwrap()))
        .collect()
}

fn levels_of(
    plan: &[(i64, i64); 3],
    per_point: &[Vec<staffing::model::requirement::Requirement>],
) -> Vec<f64> {
    per_point
        .iter()
        .map(|reqs| {
            plan.iter()
                .zip(reqs)
                .flat_map(|(&(x, y), r)| [(x - y) as f64 / r.duty, y as f64 / r.community])
                .fold(f64::INFINITY, f64::min)
        })
        .collect()
}

#[test]
fn the_robust_plan_maximises_the_worst_case_over_samples() {
    let (province, params) = tiny();
    let spec = SampleSpec::from_toml(
        "[sample]\nseed = 5\ncount = 6\n\
         \"workload.call_growth\" = \"uniform(0.8, 1.4)\"\n\
         \"workload.residents_per_community_officer.urban\" = \"uniform(70, 120)\"\n",
    )
    .unwrap();
    let points = spec.points();
    let per_point = point_reqs(&province, &params, &points);
    let robust = robust_plan(&province, &params, &points, Target::Worst).unwrap();
    let worst = robust
        .levels
        .iter()
        .map(|l| l.unwrap())
        .fold(f64::INFINITY, f64::min);
    // The guarantee: no sample falls below the envelope level.
    assert!(worst >= robust.plan.balance_level.unwrap() - 1e-9);
    // And it is the best guarantee of any valid plan (brute force).
    let best = all_plans()
        .iter()
        .map(|p| {
            levels_of(p, &per_point)
                .into_iter()
                .fold(f64::INFINITY, f64::min)
        })
        .fold(0.0, f64::max);
    assert!(
        (worst - best).abs() < 1e-9,
        "robust worst case {worst}, brute force {best}"
    );
    // Each sample's own optimum is at least what the robust plan gets there.
    for (r, o) in robust.levels.iter().zip(&robust.optimal_levels) {
        assert!(r.unwrap() <= o.unwrap() + 1e-9);
    }
    // The robust plan is a valid plan of the base scenario.
    let reqs = requirements(&province, &params);
    assert!(plan_level(&robust.plan, &reqs).is_some());
    let violations = staffing::check::check_plan(&province, &params, &robust.plan);
    assert!(
        violations
            .iter()
            .all(|v| !v.rule.contains("share") && !v.rule.contains("minimum")),
        "{violations:?}"
    );
}

#[test]
fn the_percentile_plan_is_exact_when_one_key_is_sampled() {
    let (province, params) = tiny();
    let spec = SampleSpec::from_toml(
        "[sample]\nseed = 11\ncount = 10\n\"workload.call_growth\" = \"normal(1.1, 0.2)\"\n",
    )
    .unwrap();
    let points = spec.points();
    let per_point = point_reqs(&province, &params, &points);
    let plans = all_plans();
    for p in [10.0, 20.0, 50.0] {
        let q = p / 100.0;
        let robust = robust_plan(&province, &params, &points, Target::Percentile(p)).unwrap();
        let mut levels: Vec<f64> = robust.levels.iter().map(|l| l.unwrap()).collect();
        levels.sort_by(f64::total_cmp);
        let ours = quantile(&levels, q);
        assert!(ours >= robust.plan.balance_level.unwrap() - 1e-9);
        let best = plans
            .iter()
            .map(|plan| {
                let mut l = levels_of(plan, &per_point);
                l.sort_by(f64::total_cmp);
                quantile(&l, q)
            })
            .fold(0.0, f64::max);
        assert!(
            (ours - best).abs() < 1e-9,
            "p{p}: plan {ours}, brute force {best}"
        );
    }
}

#[test]
fn only_workload_keys_can_be_robust() {
    let (province, params) = tiny();
    let points = vec![vec![("quotas.station_share".to_string(), 0.5)]];
    let err = robust_plan(&province, &params, &points, Target::Worst).unwrap_err();
    assert!(matches!(err, SampleError::Value { .. }), "{err}");
    let points = vec![vec![("workload.divert_share".to_string(), 1.5)]];
    let err = robust_plan(&province, &params, &points, Target::Worst).unwrap_err();
    assert!(err.to_string().contains("valid range"), "{err}");
    assert!(robust_plan(&province, &params, &[], Target::Worst).is_err());
}
