//! Tests of the pure figures of the outcome.

use super::*;

#[test]
fn cover_is_the_weaker_dimension() {
    assert_eq!(cover_level(4.0, 2.0, 6, 1, 0.0), Some(0.5));
    assert_eq!(cover_level(4.0, 2.0, 4, 2, 0.0), Some(0.5));
    assert_eq!(cover_level(4.0, 2.0, 8, 4, 0.0), Some(1.0));
    // The auxiliaries' duty credit: (4 + 0.5 · 2) ÷ 2 = 2.5.
    assert_eq!(cover_level(2.0, 0.0, 6, 2, 1.0), Some(2.5));
    assert_eq!(cover_level(0.0, 0.0, 3, 1, 0.0), None);
}

#[test]
fn officers_in_proportion_to_workload_have_gini_zero() {
    let l = lorenz(&[2, 4, 6], &[1.0, 2.0, 3.0]).unwrap();
    assert!(l.gini.abs() < 1e-12, "{}", l.gini);
    assert_eq!(l.points.first(), Some(&(0.0, 0.0)));
    let last = l.points.last().unwrap();
    assert!((last.0 - 1.0).abs() < 1e-12 && (last.1 - 1.0).abs() < 1e-12);
}

#[test]
fn officers_piled_where_work_is_light_raise_gini() {
    let fair = lorenz(&[5, 5], &[1.0, 1.0]).unwrap().gini;
    let l = lorenz(&[1, 9], &[9.0, 1.0]).unwrap();
    assert!(fair.abs() < 1e-12);
    // The heavy station (9 work, 1 officer) comes first: 90% of the work, 10% of officers.
    assert!((l.points[1].0 - 0.9).abs() < 1e-12 && (l.points[1].1 - 0.1).abs() < 1e-12);
    assert!((l.gini - 0.8).abs() < 1e-12, "{}", l.gini);
    assert!(lorenz(&[0, 0], &[1.0, 1.0]).is_none());
}
