//! The sections of the features measured on their own: the service
//! standard, the balance targets, the roadmap and the levers.

use super::{csv_text, secs, Section};
use crate::study::bench::doc::{Columns, Doc};
use crate::study::bench::fairness::{verdict, FairnessRow, TargetTiming};
use crate::study::bench::levers::LeversRow;
use crate::study::bench::roadmap::RoadmapRow;
use crate::study::bench::service::{
    LoadLimit, RequirementPass, ADDED_TARGET_S, LOAD_LIMIT_STATIONS, LOAD_LIMIT_TARGET_S,
};
use crate::study::bench::BenchError;

/// The service standard's section (`service.csv`).
pub fn service(p: &RequirementPass) -> Result<Section, BenchError> {
    let mut doc = Doc::new();
    doc.section("Service standard (Erlang C requirement pass)");
    doc.para(format!("The requirement pass (`requirements()`, every station's Dₛ, Cₛ and Vₛ) of {} ({} stations), in process on one thread, median of {} interleaved runs, under the hours method and under `method = \"erlang-c\"` with the issue's standard (45 minutes a call, 2-officer units, P(wait) ≤ 0.2, utilisation ≤ 0.6, the shipped hourly profile: 24 hours of Erlang C a station). Target: erlang-c adds at most {}.", p.instance, p.stations, p.runs, secs(ADDED_TARGET_S)));
    let met = if p.added_s() <= ADDED_TARGET_S {
        "met"
    } else {
        "**missed**"
    };
    doc.table(
        Columns::new()
            .left("instance", |p: &RequirementPass| p.instance.clone())
            .right("hours method", |p: &RequirementPass| secs(p.hours_s))
            .right("erlang-c", |p: &RequirementPass| secs(p.erlang_c_s))
            .right("added", |p: &RequirementPass| secs(p.added_s()))
            .left("target", move |_: &RequirementPass| {
                format!("≤ {} {met}", secs(ADDED_TARGET_S))
            })
            .right("Σ Dₛ under erlang-c", |p: &RequirementPass| {
                format!("{:.0}", p.erlang_c_duty)
            })
            .rows([p]),
    );
    let csv = csv_text(
        &[
            "instance",
            "stations",
            "runs",
            "hours_s",
            "erlang_c_s",
            "added_s",
            "erlang_c_duty",
        ],
        &[vec![
            p.instance.clone(),
            p.stations.to_string(),
            p.runs.to_string(),
            format!("{:.6}", p.hours_s),
            format!("{:.6}", p.erlang_c_s),
            format!("{:.6}", p.added_s()),
            format!("{:.3}", p.erlang_c_duty),
        ]],
    )?;
    let mut files = vec![("service.csv".into(), csv)];
    if let Some(l) = &p.load_limit {
        files.push(load_limit(&mut doc, l)?);
    }
    Ok(Section::new(doc, files))
}

/// The service standard at the load limit: the command, its CPU and wall
/// time against the target (`service_load_limit.csv`).
fn load_limit(doc: &mut Doc, l: &LoadLimit) -> Result<(String, Vec<u8>), BenchError> {
    let target = LOAD_LIMIT_TARGET_S;
    doc.para(format!("At the load limit: `{}` in the bench's folder, where `instances/load-limit/` holds {} stations whose busiest hour offers 96,000 to 98,700 Erlangs (just under the limit of 10⁵), one core, median of {} runs. Target: under {} of CPU (the child's user and system time; its wall time also counts waiting for a core on a shared machine).", l.command, LOAD_LIMIT_STATIONS, l.runs, secs(target)));
    let met = match l.cpu_s {
        Some(c) if c < target => "met",
        Some(_) => "**missed**",
        None => "CPU time not measured here",
    };
    doc.table(
        Columns::new()
            .left("command", |l: &LoadLimit| format!("`{}`", l.command))
            .right("CPU", |l: &LoadLimit| l.cpu_s.map_or("—".to_string(), secs))
            .right("wall", |l: &LoadLimit| secs(l.wall_s))
            .left("target", move |_: &LoadLimit| {
                format!("< {} CPU: {met}", secs(target))
            })
            .rows([l]),
    );
    let csv = csv_text(
        &["command", "stations", "runs", "wall_s", "cpu_s"],
        &[vec![
            l.command.clone(),
            LOAD_LIMIT_STATIONS.to_string(),
            l.runs.to_string(),
            format!("{:.6}", l.wall_s),
            l.cpu_s.map_or(String::new(), |c| format!("{c:.6}")),
        ]],
    )?;
    Ok(("service_load_limit.csv".into(), csv))
}

/// The balance targets (issue #14): the solve under each target, its ratio
/// to `province`, and the targets met or not.
pub fn fairness(rows: &[FairnessRow]) -> Result<Section, BenchError> {
    let mut doc = Doc::new();
    doc.section("Balance targets: province, county, leximin");
    doc.para("The exact solve alone (both phases and the auxiliaries, no check, no files), in process on one thread, each target's median of interleaved runs. Targets: `county` costs no more than `province`, `leximin` within 10× `province`, and under 3 s on the 40,000-station nation.");
    // One line per instance and target; the instance's verdicts on its first.
    let lines: Vec<(&FairnessRow, &TargetTiming, String)> = rows
        .iter()
        .flat_map(|r| {
            let met: Vec<String> = verdict(r)
                .iter()
                .map(|(what, ok)| format!("{what}: {}", if *ok { "yes" } else { "NO" }))
                .collect();
            r.timings.iter().enumerate().map(move |(i, t)| {
                (
                    r,
                    t,
                    if i == 0 {
                        met.join("; ")
                    } else {
                        String::new()
                    },
                )
            })
        })
        .collect();
    type Line<'a> = (&'a FairnessRow, &'a TargetTiming, String);
    let status = |t: &TargetTiming| if t.optimal { "optimal" } else { "time_limit" };
    doc.table(
        Columns::new()
            .left("instance", |l: &Line| l.0.instance.clone())
            .left("target", |l: &Line| l.1.target.as_str().to_string())
            .right("solve", |l: &Line| secs(l.1.seconds))
            .right("× province", |l: &Line| format!("{:.2}", l.1.ratio))
            .right("officers moved", |l: &Line| l.1.officers_moved.to_string())
            .left("status", move |l: &Line| status(l.1).to_string())
            .left("targets met", |l: &Line| l.2.clone())
            .rows(&lines),
    );
    let csv: Vec<Vec<String>> = lines
        .iter()
        .map(|(r, t, _)| {
            vec![
                r.instance.clone(),
                r.stations.to_string(),
                t.target.as_str().to_string(),
                format!("{:.6}", t.seconds),
                format!("{:.3}", t.ratio),
                t.officers_moved.to_string(),
                status(t).to_string(),
            ]
        })
        .collect();
    let csv = csv_text(
        &[
            "instance",
            "stations",
            "target",
            "solve_seconds",
            "ratio_to_province",
            "officers_moved",
            "status",
        ],
        &csv,
    )?;
    Ok(Section::new(doc, vec![("fairness.csv".into(), csv)]))
}

/// The multi-year roadmap (issue #16): the province's five-year myopic and
/// ten-year horizon roadmaps, in process with every file but charts.
pub fn roadmap(rows: &[RoadmapRow]) -> Result<Section, BenchError> {
    let mut doc = Doc::new();
    doc.section("Roadmap: five-year myopic, ten-year horizon");
    if rows.is_empty() {
        doc.para("Left out: no `roadmap.toml` beside the province's scenario.");
        return Ok(Section::new(doc, Vec::new()));
    }
    doc.para("`staffing roadmap` of the province in process: read the data, plan every year (ageing, retirements, leavers, recruits placed, the year's exact plan), write every file but charts; median of the runs, min and max. Targets: five-year myopic under 1 s, ten-year horizon under 60 s on 2 cores.");
    let worst = |r: &RoadmapRow| r.worst_level.map_or("—".to_string(), |l| format!("{l:.4}"));
    let met = |r: &RoadmapRow| if r.met() { "yes" } else { "NO" };
    doc.table(
        Columns::new()
            .left("case", |r: &RoadmapRow| r.case.clone())
            .right("years", |r: &RoadmapRow| r.years.to_string())
            .right("stations", |r: &RoadmapRow| r.stations.to_string())
            .right("jobs", |r: &RoadmapRow| r.jobs.to_string())
            .right("median", |r: &RoadmapRow| secs(r.seconds))
            .right("min", |r: &RoadmapRow| secs(r.min))
            .right("max", |r: &RoadmapRow| secs(r.max))
            .right("worst level", worst)
            .right("target", |r: &RoadmapRow| format!("< {}", secs(r.target)))
            .left("met", move |r: &RoadmapRow| met(r).to_string())
            .left("command", |r: &RoadmapRow| format!("`{}`", r.command))
            .rows(rows),
    );
    let csv: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.case.clone(),
                r.mode.as_str().to_string(),
                r.years.to_string(),
                r.stations.to_string(),
                r.jobs.to_string(),
                format!("{:.6}", r.seconds),
                format!("{:.6}", r.min),
                format!("{:.6}", r.max),
                r.worst_level.map_or(String::new(), |l| format!("{l}")),
                format!("{}", r.target),
                met(r).to_string(),
            ]
        })
        .collect();
    let csv = csv_text(
        &[
            "case",
            "mode",
            "years",
            "stations",
            "jobs",
            "median_seconds",
            "min_seconds",
            "max_seconds",
            "worst_level",
            "target_seconds",
            "met",
        ],
        &csv,
    )?;
    Ok(Section::new(doc, vec![("roadmap.csv".into(), csv)]))
}

/// The levers: the province with every lever on against the province,
/// end to end and the solve alone (`levers.csv`).
pub fn levers(rows: &[LeversRow]) -> Result<Section, BenchError> {
    let mut doc = Doc::new();
    doc.section("Levers: every lever on against none");
    if rows.is_empty() {
        doc.para("Left out: no `levers-all.toml` beside the province's scenario.");
        return Ok(Section::new(doc, Vec::new()));
    }
    doc.para("Each scenario in process, the two interleaved after an untimed run of each: end to end is read, solve, check, every file with the explanations, written to a fresh folder; the solve is `pipeline::solve` (both phases and the independent check). Median and fastest of the runs.");
    doc.table(
        Columns::new()
            .left("scenario", |r: &LeversRow| format!("`{}`", r.scenario))
            .right("stations", |r: &LeversRow| r.stations.to_string())
            .right("runs", |r: &LeversRow| r.runs.to_string())
            .right("end to end: median", |r: &LeversRow| secs(r.end_to_end))
            .right("fastest", |r: &LeversRow| secs(r.end_to_end_fastest))
            .right("solve + check: median", |r: &LeversRow| secs(r.solve))
            .right("fastest", |r: &LeversRow| secs(r.solve_fastest))
            .right("balance level", |r: &LeversRow| {
                r.balance_level.map_or("—".into(), |l| format!("{l:.4}"))
            })
            .rows(rows),
    );
    let csv: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.scenario.clone(),
                r.stations.to_string(),
                r.runs.to_string(),
                format!("{:.6}", r.end_to_end),
                format!("{:.6}", r.end_to_end_fastest),
                format!("{:.6}", r.solve),
                format!("{:.6}", r.solve_fastest),
                r.balance_level.map_or(String::new(), |l| format!("{l}")),
            ]
        })
        .collect();
    let csv = csv_text(
        &[
            "scenario",
            "stations",
            "runs",
            "end_to_end_s",
            "end_to_end_fastest_s",
            "solve_s",
            "solve_fastest_s",
            "balance_level",
        ],
        &csv,
    )?;
    Ok(Section::new(doc, vec![("levers.csv".into(), csv)]))
}
