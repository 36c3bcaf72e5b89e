//! Charts and report.html: every chart file is produced and well formed, the
//! report holds its sections and is self-contained, labels follow --lang.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use staffing::output::OutputFile;
use staffing::pipeline::{self as run, Engine};
use staffing::report::{Formats, Lang, ReportOptions};
use staffing::sweep::page::{sweep_files, SweepInfo};

const SOLVE_CHARTS: [&str; 5] = ["workload", "fairness", "quotas", "changes", "binding"];
const SECTIONS: [&str; 7] = [
    "summary",
    "charts",
    "counties",
    "changes",
    "binding",
    "parameters",
    "provenance",
];

fn solve_files(fixture: &str, options: &ReportOptions) -> BTreeMap<String, Vec<u8>> {
    let loaded = run::load(Path::new(&format!(
        "tests/fixtures/{fixture}/scenario.toml"
    )))
    .unwrap();
    let solution = run::solve(&loaded, Engine::Exact).unwrap();
    by_name(solution.files(None, options).unwrap())
}

fn by_name(files: Vec<OutputFile>) -> BTreeMap<String, Vec<u8>> {
    files.into_iter().map(|f| (f.name, f.bytes)).collect()
}

/// PNG signature, and the width and height from the IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let decoder = png::Decoder::new(bytes);
    let reader = decoder.read_info().expect("PNG decodes");
    let info = reader.info();
    (info.width, info.height)
}

/// The SVG parses as XML, its root is <svg>, and it holds these texts.
fn svg_texts(bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).expect("SVG is UTF-8");
    let doc = roxmltree::Document::parse(text).expect("SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect()
}

#[test]
fn every_solve_chart_is_written_as_png_and_svg() {
    let files = solve_files("county", &ReportOptions::new());
    for stem in SOLVE_CHARTS {
        let png = &files[&format!("{stem}.png")];
        let (w, h) = png_size(png);
        assert!(w >= 800 && h >= 400, "{stem}.png is {w}×{h}");
        // A blank white canvas compresses to a few kB; a drawn chart does not.
        assert!(png.len() > 10_000, "{stem}.png looks empty");
        let texts = svg_texts(&files[&format!("{stem}.svg")]);
        assert!(texts.len() > 5, "{stem}.svg has only {texts:?}");
    }
    // Chinese data → Chinese labels, station names in the binding chart.
    let quotas = svg_texts(&files["quotas.svg"]);
    assert!(quotas.iter().any(|t| t.contains("两个40%")), "{quotas:?}");
    assert!(quotas.iter().any(|t| t == "城关县公安局"), "{quotas:?}");
    let fairness = svg_texts(&files["fairness.svg"]);
    assert!(fairness.iter().any(|t| t.contains("Gini")), "{fairness:?}");
    let svg = String::from_utf8(files["workload.svg"].clone()).unwrap();
    assert!(
        svg.contains("WenQuanYi Micro Hei"),
        "SVG names CJK font families"
    );
}

#[test]
fn the_report_holds_every_section_and_needs_nothing_else() {
    let files = solve_files("county", &ReportOptions::new());
    let html = String::from_utf8(files["report.html"].clone()).unwrap();
    for id in SECTIONS {
        assert!(
            html.contains(&format!("<section id=\"{id}\"")),
            "no section {id}"
        );
    }
    assert_eq!(html.matches("<svg").count(), SOLVE_CHARTS.len());
    assert!(html.contains("lang=\"zh-CN\""));
    assert!(html.contains("城关县公安局"));
    assert!(html.contains("均衡水平"));
    // Input hashes (provenance) are shown.
    assert!(html.contains("SHA-256"));
    // Self-contained: no scripts, no external resources.
    assert!(!html.contains("<script"));
    assert!(!html.contains("src="));
    assert!(!html.contains("<link"));
    assert!(!html.contains("url("));
    assert!(!html.contains("href="));
}

#[test]
fn lang_and_charts_options_are_honoured() {
    let files = solve_files(
        "county",
        &ReportOptions {
            lang: Some(Lang::En),
            charts: Some(Formats::Svg),
        },
    );
    assert!(!files.keys().any(|k| k.ends_with(".png")));
    let html = String::from_utf8(files["report.html"].clone()).unwrap();
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains("Balance level") || html.contains("balance level"));
    let texts = svg_texts(&files["quotas.svg"]);
    assert!(
        texts.iter().any(|t| t.contains("station share")),
        "{texts:?}"
    );

    let none = solve_files(
        "small",
        &ReportOptions {
            lang: None,
            charts: None,
        },
    );
    assert!(!none
        .keys()
        .any(|k| k.ends_with(".png") || k.ends_with(".svg")));
    let html = String::from_utf8(none["report.html"].clone()).unwrap();
    // English station names → English labels.
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains("<section id=\"counties\""));
}

#[test]
fn charts_are_byte_identical_from_run_to_run() {
    let a = solve_files("small", &ReportOptions::new());
    let b = solve_files("small", &ReportOptions::new());
    assert_eq!(a, b);
}

#[test]
fn a_sweep_gets_its_charts_and_report() {
    let csv = std::fs::read("tests/fixtures/sweep/sweep.csv").unwrap();
    let info = SweepInfo {
        scenario: "divert-and-recruit".into(),
        tool: "staffing".into(),
        version: "test".into(),
        solver: "exact".into(),
        inputs: vec![],
        sample: None,
    };
    let files = by_name(sweep_files(&csv, &info, Lang::Zh, Some(Formats::SvgAndPng)).unwrap());
    for stem in [
        "level_by_workload_divert_share",
        "recruits",
        "heatmap",
        "pareto",
    ] {
        let (w, h) = png_size(&files[&format!("{stem}.png")]);
        assert!(w >= 600 && h >= 400, "{stem}.png is {w}×{h}");
        let texts = svg_texts(&files[&format!("{stem}.svg")]);
        assert!(!texts.is_empty(), "{stem}.svg has no text");
    }
    let heat = svg_texts(&files["heatmap.svg"]);
    // One cell per grid point: 15 levels and one × for the infeasible point.
    assert_eq!(
        heat.iter()
            .filter(|t| t.split_once('.').is_some_and(|(_, d)| d.len() == 3))
            .count(),
        15
    );
    assert!(heat.iter().any(|t| t == "×"));
    let pareto = svg_texts(&files["pareto.svg"]);
    assert!(
        pareto.iter().any(|t| t.starts_with('#')),
        "front points are numbered"
    );
    let html = String::from_utf8(files["report.html"].clone()).unwrap();
    for id in ["summary", "charts", "points", "provenance"] {
        assert!(
            html.contains(&format!("<section id=\"{id}\"")),
            "no section {id}"
        );
    }
    assert_eq!(html.matches("<svg").count(), 4);
    assert!(html.contains("county C002: the station minimums"));
}

#[test]
fn a_broken_sweep_csv_is_named() {
    let info = SweepInfo::default();
    let Err(err) = sweep_files(b"point,x\r\n0,1\r\n", &info, Lang::En, None) else {
        panic!("a sweep.csv without `status` was accepted");
    };
    assert!(err.to_string().contains("`status`"), "{err}");
}

#[test]
fn solve_writes_report_and_charts_into_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    Command::cargo_bin("staffing")
        .unwrap()
        .args([
            "solve",
            "tests/fixtures/small/scenario.toml",
            "--lang",
            "zh",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    for name in [
        "report.html",
        "workload.png",
        "workload.svg",
        "binding.png",
        "summary.json",
    ] {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("lang=\"zh-CN\""));

    let bare = dir.path().join("bare");
    Command::cargo_bin("staffing")
        .unwrap()
        .args([
            "solve",
            "tests/fixtures/small/scenario.toml",
            "--charts",
            "none",
            "--out",
        ])
        .arg(&bare)
        .assert()
        .success();
    assert!(bare.join("report.html").is_file());
    assert!(!bare.join("workload.png").exists());
}

#[test]
fn the_report_renders_in_headless_chromium() {
    if !Path::new("/usr/bin/chromium").exists() {
        eprintln!(
            "SKIPPED: /usr/bin/chromium is absent (apt-get install -y chromium to run this test)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let files = solve_files("county", &ReportOptions::new());
    let report = dir.path().join("report.html");
    std::fs::write(&report, &files["report.html"]).unwrap();
    let out = std::process::Command::new("bash")
        .arg(".ci/render-report.sh")
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// With Chinese data the tables speak Chinese: every column of every table a
/// solve writes has a Chinese header, and plan.xlsx names its sheets in
/// Chinese; `--lang en` keeps the English column keys.
#[test]
fn tables_and_sheets_follow_the_language() {
    use staffing::report::{explain, i18n, tables};
    // Mergers give the optional table too.
    let loaded = run::load(Path::new("scenarios/levers-mergers.toml")).unwrap();
    let solution = run::solve(&loaded, Engine::Exact).unwrap();
    let ex = solution.explain(loaded.unmerged.as_deref());
    let mut all = vec![
        ("allocation", tables::allocation(&solution.outcome)),
        ("counties", tables::counties(&solution.outcome)),
    ];
    all.extend(explain::tables(&solution.outcome, &ex));
    assert!(all.iter().any(|(stem, _)| *stem == "mergers"));
    for (stem, table) in &all {
        for key in &table.header {
            assert!(
                i18n::has_header(key),
                "{stem}.csv: `{key}` has no Chinese name"
            );
        }
        assert_ne!(i18n::sheet(Lang::Zh, stem), *stem, "sheet {stem}");
    }
    let zh = solution
        .files(
            loaded.unmerged.as_deref(),
            &ReportOptions {
                lang: None,
                charts: None,
            },
        )
        .unwrap();
    let zh = by_name(zh);
    let csv = String::from_utf8(zh["allocation.csv"].clone()).unwrap();
    assert!(
        csv.starts_with("\u{feff}派出所编号,县局编号,名称"),
        "{}",
        &csv[..60]
    );
    let en = by_name(
        solution
            .files(
                loaded.unmerged.as_deref(),
                &ReportOptions {
                    lang: Some(Lang::En),
                    charts: None,
                },
            )
            .unwrap(),
    );
    let csv = String::from_utf8(en["allocation.csv"].clone()).unwrap();
    assert!(csv.starts_with("\u{feff}station_id,county_id,name"));
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plan.xlsx");
    std::fs::write(&book, &zh["plan.xlsx"]).unwrap();
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "派出所配置",
            "各县局",
            "调动清单",
            "达标情况",
            "制约均衡的派出所",
            "新增警力效益",
            "合并对比",
            "摘要"
        ]
    );
}
