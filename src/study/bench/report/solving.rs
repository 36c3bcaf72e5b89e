//! The sections of the solver measured in process and against other
//! methods: throughput, the robust plan, the optional features, the
//! monolithic MILP and proportional rounding.

use super::{csv_text, level, num, secs, spread, Section};
use crate::study::bench::doc::{Columns, Doc};
use crate::study::bench::features::FeatureRow;
use crate::study::bench::milp::{MilpRow, MilpRun};
use crate::study::bench::proportional::ProportionalRow;
use crate::study::bench::throughput::{RobustRow, ThroughputRow, ThroughputSection};
use crate::study::bench::{BenchError, Options};

/// The throughput section.
pub fn throughput(t: &ThroughputSection, options: &Options) -> Result<Section, BenchError> {
    let mut doc = Doc::new();
    let points = t.rows.first().map_or(0, |r| r.points);
    doc.section(format!("Solve throughput ({points} points, in process)"));
    doc.para(format!(
        "Re-solving {} ({} stations) at points drawn with call_growth ~ normal(1.15, 0.05), \
         divert_share ~ uniform(0, 0.3), seed {}: requirements, both phases and auxiliaries, no I/O. \
         Median of {} runs, with the range.",
        t.instance.label,
        t.instance.stations,
        options.seed,
        options.repeat.max(1)
    ));
    let pps = |r: &ThroughputRow| r.points as f64 / r.seconds.median;
    doc.table(
        Columns::new()
            .right("threads", |r: &ThroughputRow| r.threads.to_string())
            .right("points/s", move |r: &ThroughputRow| {
                format!("{:.0}", pps(r))
            })
            .right("seconds", |r: &ThroughputRow| {
                spread(r.seconds, |v| format!("{v:.3}"))
            })
            .rows(&t.rows),
    );
    doc.para(format!(
        "Balance levels identical across thread counts and runs: {}.",
        if t.identical { "yes" } else { "NO" }
    ));
    let csv: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            vec![
                t.instance.label.clone(),
                t.instance.stations.to_string(),
                r.threads.to_string(),
                r.points.to_string(),
                format!("{:.6}", r.seconds.median),
                format!("{:.1}", pps(r)),
            ]
        })
        .collect();
    let csv = csv_text(
        &[
            "instance",
            "stations",
            "threads",
            "points",
            "seconds",
            "points_per_second",
        ],
        &csv,
    )?;
    Ok(Section::new(doc, vec![("throughput.csv".into(), csv)]))
}

/// The robust-plan section (no section when no point had a level).
pub fn robust(r: Option<&RobustRow>) -> Section {
    let Some(r) = r else {
        return Section::default();
    };
    let mut doc = Doc::new();
    doc.section("Robust plan over the same points");
    let rows = [
        (
            "each point's own optimum: min / median / max",
            format!("{:.4} / {:.4} / {:.4}", r.own_min, r.own_median, r.own_max),
        ),
        (
            "worst case of the scenario's own plan over the points",
            format!("{:.4}", r.baseline_worst),
        ),
        (
            "worst case of the robust plan (max-min over the points)",
            format!("{:.4}", r.robust_worst),
        ),
    ];
    doc.table(
        Columns::new()
            .left("", |r: &(&str, String)| r.0.to_string())
            .right("level", |r: &(&str, String)| r.1.clone())
            .rows(&rows),
    );
    Section::new(doc, Vec::new())
}

/// What the optional features cost, solve alone (in process, one thread,
/// interleaved runs).
pub fn features(rows: &[FeatureRow]) -> Section {
    if rows.is_empty() {
        return Section::default();
    }
    let mut doc = Doc::new();
    doc.section("What the optional features cost");
    doc.para("The same stations solved without and with a feature: `pipeline::solve` (both phases, the independent check, every figure of the outcome), in process on one thread, the two scenarios interleaved after a warm-up run of each. Medians, and the fastest runs (the steadier figure on a busy machine).");
    doc.table(
        Columns::new()
            .left("feature", |r: &FeatureRow| {
                format!("{} (`{}` against `{}`)", r.feature, r.with, r.without)
            })
            .right("stations", |r: &FeatureRow| r.stations.to_string())
            .right("runs", |r: &FeatureRow| r.timing.runs.to_string())
            .right("without", |r: &FeatureRow| {
                format!("{:.2} ms", r.timing.paper * 1e3)
            })
            .right("with", |r: &FeatureRow| {
                format!("{:.2} ms", r.timing.real * 1e3)
            })
            .right("cost (medians)", |r: &FeatureRow| {
                format!("{:+.1}%", r.timing.overhead() * 100.0)
            })
            .right("cost (fastest)", |r: &FeatureRow| {
                format!("{:+.1}%", r.timing.overhead_fastest() * 100.0)
            })
            .rows(rows),
    );
    Section::new(doc, Vec::new())
}

/// CPU time with the wall time in brackets.
fn both(cpu: Option<f64>, wall: Option<f64>) -> String {
    match (cpu, wall) {
        (Some(c), Some(w)) => format!("{} ({})", secs(c), secs(w)),
        (None, Some(w)) => format!("({})", secs(w)),
        _ => "—".into(),
    }
}

/// The MILP section.
pub fn milp(rows: &[MilpRow], options: &Options) -> Result<Section, BenchError> {
    if rows.is_empty() {
        return Ok(Section::default());
    }
    let mut doc = Doc::new();
    doc.section(format!(
        "Against the monolithic MILP ({})",
        crate::model::milp::backend_name()
    ));
    doc.para(format!(
        "Same generated data, same model: `staffing solve SCENARIO --out DIR --charts none` against the same \
         with `--engine milp --time-limit {}`, on one core. The MILP runs four solves (two phases for \
         officers, two for auxiliaries), each with that limit; it is killed at 4 × limit + 30 s, and larger \
         sizes are not run once one misses optimality. Ours: median of {} runs; CPU time first, as a shared \
         disk makes the wall time of small runs jumpy.",
        options.milp_time_limit,
        options.repeat.max(1)
    ));
    doc.table(
        Columns::new()
            .right("stations", |r: &MilpRow| r.stations.to_string())
            .right("ours: CPU (wall)", |r: &MilpRow| {
                both(r.ours.cpu().map(|s| s.median), Some(r.ours.wall().median))
            })
            .right("MILP: CPU (wall)", |r: &MilpRow| {
                both(r.milp.cpu_s(), r.milp.wall_s())
            })
            .left("MILP status", |r: &MilpRow| match &r.milp {
                MilpRun::Skipped => "not run: a smaller instance missed optimality".to_string(),
                other => other.status(),
            })
            .left("same balance level", |r: &MilpRow| {
                match r.agree() {
                    Some(true) => "yes",
                    Some(false) => "NO",
                    None => "",
                }
                .to_string()
            })
            .rows(rows),
    );
    let csv: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.stations.to_string(),
                r.counties.to_string(),
                format!("{:.6}", r.ours.wall().median),
                num(r.ours.cpu().map(|s| s.median), 6),
                num(r.milp.wall_s(), 6),
                num(r.milp.cpu_s(), 6),
                r.milp.status(),
                num(r.ours.balance_level(), 9),
                num(r.milp.balance_level(), 9),
            ]
        })
        .collect();
    let csv = csv_text(
        &[
            "stations",
            "counties",
            "exact_total_s",
            "exact_cpu_s",
            "milp_total_s",
            "milp_cpu_s",
            "milp_status",
            "exact_level",
            "milp_level",
        ],
        &csv,
    )?;
    Ok(Section::new(doc, vec![("milp.csv".into(), csv)]))
}

/// The proportional-rounding section.
pub fn proportional(rows: &[ProportionalRow]) -> Result<Section, BenchError> {
    let mut doc = Doc::new();
    doc.section("Against proportional rounding (the spreadsheet method)");
    doc.para("Each county keeps today's station officers and shares them in proportion to workload (Dₛ + Cₛ), rounded; community officers in proportion to Cₛ ÷ (Dₛ + Cₛ), rounded. \"below t*\" counts stations left below the optimal balance level t* (a station with no community or no duty officer after rounding has level 0). The next columns count broken rules: stations below their minimum, counties with HQ below hq_min, counties below the station share and the community share. The last column counts counties whose station total differs from today's: by design for the optimal plan, by rounding drift for proportional rounding.");
    doc.table(
        Columns::new()
            .left("instance", |r: &ProportionalRow| r.instance.clone())
            .left("plan", |r: &ProportionalRow| r.plan.to_string())
            .right("balance level", |r: &ProportionalRow| {
                level(r.assessment.balance_level)
            })
            .right("below t*", |r: &ProportionalRow| {
                r.below_optimum.to_string()
            })
            .right("moved", |r: &ProportionalRow| {
                r.assessment.officers_moved.to_string()
            })
            .right("below minimum", |r: &ProportionalRow| {
                r.assessment.station_minimum.to_string()
            })
            .right("HQ below min", |r: &ProportionalRow| {
                r.assessment.hq_minimum.to_string()
            })
            .right("station 40%", |r: &ProportionalRow| {
                r.assessment.station_share.to_string()
            })
            .right("community 40%", |r: &ProportionalRow| {
                r.assessment.community_share.to_string()
            })
            .right("county total changed", |r: &ProportionalRow| {
                r.assessment.total_drift.to_string()
            })
            .rows(rows),
    );
    let csv: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let a = &r.assessment;
            vec![
                r.instance.clone(),
                r.stations.to_string(),
                r.plan.to_string(),
                num(a.balance_level, 9),
                r.below_optimum.to_string(),
                a.officers_moved.to_string(),
                a.station_minimum.to_string(),
                a.hq_minimum.to_string(),
                a.station_share.to_string(),
                a.community_share.to_string(),
                a.total_drift.to_string(),
            ]
        })
        .collect();
    let csv = csv_text(
        &[
            "instance",
            "stations",
            "method",
            "balance_level",
            "stations_below_optimum",
            "officers_moved",
            "station_minimum",
            "hq_minimum",
            "station_share",
            "community_share",
            "county_total_changed",
        ],
        &csv,
    )?;
    Ok(Section::new(doc, vec![("proportional.csv".into(), csv)]))
}
