//! A sweep point without its plan folder computes only its row, and reuses
//! each solver phase between points with the same inputs to it: the rows
//! must be those of the full solve a plan folder runs, whatever was solved
//! before.

use std::path::Path;

use staffing::sweep::exec::{prepare, run_point_as, Prepared, Solve};

fn row(prep: &Prepared, i: usize, solve: Solve<'_>) -> Vec<String> {
    run_point_as(prep, i, &prep.spec.points[i], solve).cells
}

/// Every point of `points` solved for its row only (the phases reused from
/// the points before, in this order and then in reverse) gives the row of
/// the full solve.
fn rows_agree(scenario: &str, points: &[usize]) -> Prepared {
    let prep = prepare(Path::new(scenario)).unwrap();
    let full: Vec<Vec<String>> = points
        .iter()
        .map(|&i| row(&prep, i, Solve::Full(None)))
        .collect();
    for order in [points.to_vec(), points.iter().rev().copied().collect()] {
        for i in order {
            let k = points.iter().position(|&p| p == i).unwrap();
            assert_eq!(row(&prep, i, Solve::Row), full[k], "{scenario}: point {i}");
        }
    }
    prep
}

#[test]
fn rows_without_a_plan_folder_are_the_full_solves_rows() {
    // Every shipped sweep: force levers, auxiliaries, workload, quotas
    // (infeasible points among them) and recruits.
    for s in [
        "attrition",
        "auxiliary-budget",
        "call-growth",
        "divert-12345",
        "quota",
        "recruits",
    ] {
        let scenario = format!("scenarios/{s}.toml");
        let n = prepare(Path::new(&scenario)).unwrap().spec.points.len();
        let points: Vec<usize> = (0..n).collect();
        rows_agree(&scenario, &points);
    }
    // A sampled sweep's rows carry the robust plan's level.
    rows_agree("scenarios/monte-carlo.toml", &[0, 1, 2, 499, 999]);
}

#[test]
fn each_phase_is_solved_once_per_distinct_inputs() {
    // The benchmark grid: the auxiliary budget changes fastest (10 values),
    // calls and diversion slower. Its first 20 points hold 2 distinct
    // officers' inputs and 10 distinct auxiliaries' inputs; 30 points
    // further on, the 10 budgets come back with new workloads.
    let points: Vec<usize> = (0..20).chain(50..60).collect();
    let prep = rows_agree("scenarios/bench-1000.toml", &points);
    let (officers, auxiliaries) = prep.reuse.solved();
    assert_eq!(officers, 3, "officers solved once per workload");
    assert_eq!(auxiliaries, 10, "auxiliaries solved once per budget");
}
