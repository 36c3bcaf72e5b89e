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
    assert!(
        fairness.iter().any(|t| t.contains("基尼系数")),
        "{fairness:?}"
    );
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
    // The one url() is the embedded web font.
    assert_eq!(html.matches("url(").count(), 1);
    assert!(html.contains("url(data:font/woff;base64,"));
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

/// Through the binary: the plan folder's files are built and written in
/// parallel, and a user gets the same bytes in every file (charts, the
/// page, the workbook, the marker) on one thread or several.
#[test]
fn the_plan_folder_is_the_same_on_one_thread_or_three() {
    use crate::support::{run_with_timeout, staffing};
    let dir = tempfile::tempdir().unwrap();
    let folder = |threads: &str| -> BTreeMap<String, Vec<u8>> {
        let out = dir.path().join(threads);
        let mut cmd = staffing();
        cmd.env("RAYON_NUM_THREADS", threads)
            .args(["solve", "tests/fixtures/small/scenario.toml", "--out"])
            .arg(&out);
        let done = run_with_timeout(cmd, std::time::Duration::from_secs(120)).unwrap();
        assert_eq!(done.code, Some(0), "{}", done.stderr);
        std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap())
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read(e.path()).unwrap())
            })
            .collect()
    };
    let one = folder("1");
    for name in ["plan.xlsx", "report.html", "allocation.csv", "summary.json"] {
        assert!(one.contains_key(name), "{name} written: {:?}", one.keys());
    }
    assert!(one.keys().any(|k| k.ends_with(".png")), "charts written");
    assert_eq!(one, folder("3"));
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
    // An infeasible point names its county, in the data's language.
    let at = html
        .find("无可行方案：")
        .expect("an infeasible point in words");
    assert!(html[at..].contains("C002"), "{}", &html[at..at + 300]);
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
    if std::env::var_os("STAFFING_CI_RENDERS_PAGES").is_some() {
        eprintln!("SKIPPED: .ci/run renders every kind of page after the tests");
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
    // CSV headers are the stable column keys whatever the language; the
    // workbook carries the Chinese names.
    let csv = String::from_utf8(zh["allocation.csv"].clone()).unwrap();
    assert!(
        csv.starts_with("\u{feff}station_id,county_id,name"),
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
            "县内均衡",
            "均衡目标比较",
            "摘要"
        ]
    );
    let mut wb = wb;
    let sheet = wb.worksheet_range("派出所配置").unwrap();
    let header: Vec<String> = sheet.rows().next().unwrap()[..3]
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, ["派出所编号", "县局编号", "名称"]);
}

/// The white rows above a chart's drawing, and the first row with ink.
fn top_margin(png: &[u8]) -> usize {
    let mut decoder = png::Decoder::new(png);
    // Colours, not palette indices.
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let row = info.line_size;
    let channels = row / info.width as usize;
    (0..info.height as usize)
        .find(|&y| {
            buf[y * row..(y + 1) * row]
                .chunks(channels)
                .any(|px| px.iter().take(3).any(|&v| v < 200))
        })
        .unwrap_or(info.height as usize)
}

#[test]
fn chart_titles_keep_clear_of_the_top_edge() {
    let files = solve_files("county", &ReportOptions::new());
    let csv = std::fs::read("tests/fixtures/sweep/sweep.csv").unwrap();
    let sweep = by_name(
        sweep_files(
            &csv,
            &SweepInfo::default(),
            Lang::Zh,
            Some(Formats::SvgAndPng),
        )
        .unwrap(),
    );
    let pngs = files
        .iter()
        .chain(&sweep)
        .filter(|(name, _)| name.ends_with(".png"));
    let mut n = 0;
    for (name, png) in pngs {
        let ink = top_margin(png);
        // The title's ink starts below the margin, and there is a title.
        assert!((12..60).contains(&ink), "{name}: first ink at row {ink}");
        n += 1;
    }
    assert!(n >= 9, "{n} charts");
}

/// (text, left, top, right, bottom) of the `#n` labels of an SVG, their
/// boxes estimated from position, anchor and font size (a digit is at most
/// 0.6 em wide, `#` 0.7 em).
fn label_boxes(svg: &str) -> Vec<(String, f64, f64, f64, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| {
            let text = n.text()?.trim().to_string();
            if !text.starts_with('#') {
                return None;
            }
            let x: f64 = n.attribute("x")?.parse().ok()?;
            let y: f64 = n.attribute("y")?.parse().ok()?;
            let size: f64 = n
                .attribute("font-size")
                .and_then(|s| s.trim_end_matches("px").parse().ok())
                .unwrap_or(14.0);
            let w = size * (0.7 + 0.6 * (text.chars().count() - 1) as f64);
            // Labels are anchored at their top left.
            Some((text, x, y - size, x + w, y + size * 0.3))
        })
        .collect()
}

#[test]
fn the_pareto_chart_compares_only_plans_a_planner_can_choose_between() {
    use staffing::sweep::table::SweepTable;
    let csv = std::fs::read("tests/fixtures/sweep/sweep.csv").unwrap();
    let table = SweepTable::parse(&csv).unwrap();
    // One group per divert share (a workload assumption): levels against
    // different workloads are not compared. Within each, more recruits buy
    // a higher level with more moves, so every point is on its front; the
    // infeasible point 15 is in none.
    let groups = table.pareto_groups();
    let shares: Vec<&str> = groups.iter().map(|g| g.setting[0].1.as_str()).collect();
    assert_eq!(shares, ["0", "0.1", "0.2", "0.3"]);
    assert_eq!(groups[3].points, [12, 13, 14]);
    assert!(groups.iter().all(|g| g.front == g.points));
    // Across groups point 12 would dominate point 0 (fewer moves, higher
    // level); within its own group point 0 stays on the front.
    assert!(groups[0].front.contains(&0));

    let files =
        by_name(sweep_files(&csv, &SweepInfo::default(), Lang::Zh, Some(Formats::Svg)).unwrap());
    let svg = String::from_utf8(files["pareto.svg"].clone()).unwrap();
    let labels = label_boxes(&svg);
    let names: Vec<&str> = labels.iter().map(|l| l.0.as_str()).collect();
    assert!(!names.contains(&"#15"), "an infeasible point is labelled");
    assert!(
        names.len() >= 12,
        "most front points are numbered: {names:?}"
    );
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            let apart = a.3 <= b.1 || b.3 <= a.1 || a.4 <= b.2 || b.4 <= a.2;
            assert!(apart, "labels {} and {} overlap", a.0, b.0);
        }
    }
    let texts = svg_texts(&files["pareto.svg"]);
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("前沿：") && t.contains("0.3")),
        "each workload setting's front is named: {texts:?}"
    );
    // The caption says what is compared and why.
    let html = String::from_utf8(files["report.html"].clone()).unwrap();
    assert!(html.contains("只比较规划者可以从中选择的方案"));
    assert!(html.contains("工作量假设不同的方案不可比"));
}

#[test]
fn a_sweep_of_assumptions_only_draws_no_pareto_chart() {
    // Call growth alone is not a choice: every point is its own workload.
    let csv = "\u{FEFF}point,workload.call_growth,status,balance_level,officers_moved,auxiliary_balance_level,auxiliaries_changed,worst_calls_per_duty_officer,worst_residents_per_community_officer,counties_meeting_station_share,counties_meeting_community_share,message\r\n\
0,1.0,optimal,0.9,100,0.8,10,600,5000,3,3,\r\n\
1,1.1,optimal,0.85,120,0.8,10,600,5000,3,3,\r\n";
    let files = by_name(
        sweep_files(
            csv.as_bytes(),
            &SweepInfo::default(),
            Lang::En,
            Some(Formats::Svg),
        )
        .unwrap(),
    );
    assert!(!files.contains_key("pareto.svg"));
    assert!(files.contains_key("level_by_workload_call_growth.svg"));
}

/// The sfnt inside a WOFF 1.0 file (tables inflated in place).
fn woff_to_sfnt(w: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let be32 = |b: &[u8], at: usize| u32::from_be_bytes(b[at..at + 4].try_into().unwrap());
    assert_eq!(&w[..4], b"wOFF");
    let n = u16::from_be_bytes([w[12], w[13]]) as usize;
    let mut tables = Vec::new();
    for i in 0..n {
        let d = 44 + 20 * i;
        let (offset, comp, orig) = (
            be32(w, d + 4) as usize,
            be32(w, d + 8) as usize,
            be32(w, d + 12) as usize,
        );
        let raw = &w[offset..offset + comp];
        let data = if comp < orig {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(raw)
                .read_to_end(&mut out)
                .unwrap();
            out
        } else {
            raw.to_vec()
        };
        tables.push((w[d..d + 4].to_vec(), data));
    }
    let mut out = vec![0, 1, 0, 0];
    out.extend((n as u16).to_be_bytes());
    out.extend([0u8; 6]);
    let mut offset = 12 + 16 * n;
    for (tag, data) in &tables {
        out.extend(tag);
        out.extend([0u8; 4]);
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    out
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= (val(c) as u32) << (18 - 6 * i);
        }
        out.extend(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// Every Chinese character of a report renders from its own web font, even
/// names no shipped data holds.
#[test]
fn the_web_font_covers_every_character_of_the_page() {
    use ab_glyph::Font;
    let mut loaded = run::load(Path::new("tests/fixtures/county/scenario.toml")).unwrap();
    std::sync::Arc::make_mut(&mut loaded.province).stations[0].name = "鑫淼焱派出所".into();
    let solution = run::solve(&loaded, Engine::Exact).unwrap();
    let files = by_name(solution.files(None, &ReportOptions::new()).unwrap());
    let html = String::from_utf8(files["report.html"].clone()).unwrap();
    let start = html
        .find("data:font/woff;base64,")
        .expect("an embedded web font")
        + "data:font/woff;base64,".len();
    let end = start + html[start..].find(')').unwrap();
    let sfnt = woff_to_sfnt(&base64_decode(&html[start..end]));
    let font = ab_glyph::FontRef::try_from_slice(&sfnt).expect("the web font parses");
    let page = &html[..start];
    let cjk: std::collections::BTreeSet<char> = page
        .chars()
        .chain(html[end..].chars())
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    assert!(
        cjk.contains(&'鑫') && cjk.len() > 100,
        "{} characters",
        cjk.len()
    );
    for c in cjk {
        assert_ne!(font.glyph_id(c).0, 0, "the web font lacks {c:?}");
    }
    // Only the page's characters: a character it does not use is absent.
    assert_eq!(font.glyph_id('龘').0, 0);
    // The same page gives the same bytes.
    let again = by_name(solution.files(None, &ReportOptions::new()).unwrap());
    assert_eq!(files["report.html"], again["report.html"]);
}

/// plan.xlsx shows shares as percentages: the cell holds the fraction the
/// CSV has, formatted 0.00%.
#[test]
fn shares_are_percentages_in_the_workbook() {
    let files = solve_files("county", &ReportOptions::new());
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("plan.xlsx");
    std::fs::write(&book, &files["plan.xlsx"]).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let mut styles = String::new();
    use std::io::Read;
    zip.by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("formatCode=\"0.00%\""), "{styles}");
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = wb.worksheet_range("各县局").unwrap();
    let head: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let c = head
        .iter()
        .position(|h| h == "调整后派出所警力占比")
        .unwrap();
    let v: f64 = sheet.rows().nth(1).unwrap()[c].to_string().parse().unwrap();
    assert!(v > 0.0 && v < 1.0, "the cell keeps the fraction: {v}");
    assert!(staffing::report::xlsx::is_percent("community_share_after"));
    assert!(!staffing::report::xlsx::is_percent("officers_after"));
}
