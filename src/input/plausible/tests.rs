//! Tests of the plausibility checks.

use super::ratios::{median, quantile, stats};
use super::*;
use crate::domain::{County, Station};

/// One county of `n` rural stations with ordinary, varied figures.
fn county(n: usize) -> Province {
    let mut p = Province::default();
    p.counties.push(County {
        id: "C1".into(),
        name: "一县".into(),
        officers_total: 40 * n as i64,
        hq_min: 10 * n as i64,
        stations: Vec::new(),
        max_moves: None,
        seconded_away: 0,
        auxiliary_budget: None,
    });
    for i in 0..n {
        // Spreads of about ±30% around typical rural figures.
        let w = 1.0 + 0.3 * ((i as f64 * 2.399).sin());
        p.counties[0].stations.push(i);
        p.stations.push(Station {
            id: format!("S{i}"),
            county: 0,
            name: String::new(),
            kind: "rural".into(),
            population: (10_000.0 * w).round(),
            villages: (10.0 * (2.0 - w)).round(),
            area_km2: 500.0 * w,
            calls: (500.0 * w * w).round(),
            officers: (8.0 * w).round() as i64,
            community_officers: 2,
            auxiliaries: (9.0 * (2.0 - w)).round() as i64,
            min_officers: None,
            levers: Default::default(),
            strength: Default::default(),
        });
    }
    p
}

#[test]
fn ordinary_variation_is_quiet() {
    assert_eq!(check(&county(20)), []);
}

#[test]
fn a_cell_100_times_too_large_is_flagged_alone() {
    let mut p = county(20);
    p.stations[3].calls *= 100.0;
    let found = check(&p);
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(
        (f.subject, f.column, f.high),
        (Subject::Station(3), "calls", true)
    );
    let ratios: Vec<Ratio> = f.evidence.iter().map(|e| e.ratio).collect();
    assert_eq!(ratios, [Ratio::CallsPerResident, Ratio::CallsPerOfficer]);
    let text = f.describe(&p);
    assert!(text.contains("calls per resident"), "{text}");
    assert!(
        text.contains("the 20 `rural` stations of county C1"),
        "{text}"
    );
}

#[test]
fn a_cell_100_times_too_small_names_that_cell_not_its_partners() {
    let mut p = county(20);
    p.stations[5].population = (p.stations[5].population / 100.0).round();
    let found = check(&p);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].subject, found[0].column, found[0].high),
        (Subject::Station(5), "population", false)
    );
}

#[test]
fn too_few_peers_are_not_compared() {
    let mut p = county(MIN_PEERS - 1);
    p.stations[0].calls *= 100.0;
    assert_eq!(check(&p), []);
}

#[test]
fn median_and_quantiles_by_selection_match_a_sort() {
    let mut v = vec![5.0, 1.0, 4.0, 2.0, 3.0, 9.0];
    assert_eq!(median(&mut v.clone()), 3.5);
    assert_eq!(median(&mut v[..5]), 3.0);
    assert_eq!(quantile(&mut v, 0.0), 1.0);
    assert_eq!(quantile(&mut v, 1.0), 9.0);
    // Nearest rank: (6 − 1) × 0.9 = 4.5 → index 5 of 1 2 3 4 5 9.
    assert_eq!(quantile(&mut v, 0.9), 9.0);
    assert_eq!(quantile(&mut v, 0.1), 2.0);
}

#[test]
fn group_statistics_match_a_sort_whatever_the_order_and_ties() {
    // A small linear congruential generator: values with many ties.
    let mut seed = 12345u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % 23) as f64 / 4.0 - 2.0
    };
    let mut scratch = Vec::new();
    for n in 1..80 {
        let values: Vec<f64> = (0..n).map(|_| next()).collect();
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let mid = |v: &[f64]| {
            let n = v.len();
            if n % 2 == 1 {
                v[n / 2]
            } else {
                (v[n / 2 - 1] + v[n / 2]) / 2.0
            }
        };
        let m = mid(&sorted);
        let mut deviations: Vec<f64> = sorted.iter().map(|x| (x - m).abs()).collect();
        deviations.sort_by(f64::total_cmp);
        let rank = |q: f64| sorted[(((n - 1) as f64 * q).round() as usize).min(n - 1)];
        let got = stats(&mut values.clone(), &mut scratch);
        assert_eq!(got.median, m, "{values:?}");
        assert_eq!(
            got.sigma,
            (1.4826 * mid(&deviations)).max(MIN_SIGMA),
            "{values:?}"
        );
        assert_eq!((got.p10, got.p90), (rank(0.1), rank(0.9)), "{values:?}");
        assert_eq!(got.n, n);
    }
}

#[test]
fn numbers_read_with_three_significant_digits() {
    assert_eq!(sig(0.052345), "0.0523");
    assert_eq!(sig(7.333), "7.33");
    assert_eq!(sig(25050.4), "25050");
    assert_eq!(sig(12.0), "12");
    assert_eq!(sig(0.0), "0");
    // Neither hundreds of digits nor a tiny value shown as 0.
    assert_eq!(sig(1e300), "1e300");
    assert_eq!(sig(-1.2345e20), "-1.23e20");
    assert_eq!(sig(5e-324), "4.94e-324");
}
