//! A roadmap's limits and its page (issue 27, N9 and N14):
//!
//! * a later year's force past 10⁹ (huge recruits, or `--target-level`
//!   over many years) or a later year's requirement past the model's
//!   limits is exit 2 naming the key and the year, with nothing written;
//! * every roadmap `report.html` is HTML a browser parses without error,
//!   in both languages, and says where each year's plan is.
//!
//! Every run is under a time limit.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::roadmap::small_roadmap;
use crate::support::{run_with_timeout, staffing, Finished};

const LIMIT: Duration = Duration::from_secs(120);

fn roadmap(scenario: &Path, out: &Path, extra: &[&str]) -> Finished {
    let mut cmd = staffing();
    cmd.arg("roadmap")
        .arg(scenario)
        .args(["--lang", "en", "--out"])
        .arg(out)
        .args(extra);
    run_with_timeout(cmd, LIMIT).unwrap()
}

/// Exit 2 naming every needle, nothing at `out` and nothing beside it.
fn refused_with_nothing_written(f: &Finished, out: &Path, needles: &[&str]) {
    assert_eq!(f.code, Some(2), "stdout {}\nstderr {}", f.stdout, f.stderr);
    assert!(!f.stderr.contains("panicked"), "{}", f.stderr);
    for n in needles {
        assert!(f.stderr.contains(n), "`{n}` not in: {}", f.stderr);
    }
    assert!(!out.exists(), "{} was written", out.display());
    let beside: Vec<_> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        beside.iter().all(|n| n == "data"),
        "left beside the folder: {beside:?}"
    );
}

fn body(years: usize, recruits: &str, extra: &str) -> String {
    format!(
        "start_year = 2025\nyears = {years}\nretirement_age = {{ male = 60, female = 55 }}\nfemale_share = 0.2\n\
         leaving_rate = {{ age_under_30 = 0.05 }}\nrecruits = {recruits}\n{extra}"
    )
}

#[test]
fn a_later_year_s_force_past_the_limit_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    // 400 million recruits a year: within the key's range, but the third
    // year's force would pass 10⁹.
    let s = small_roadmap(&dir.path().join("data"), 2, 8, 3, &body(3, "400000000", ""));
    let out = dir.path().join("out");
    let f = roadmap(&s, &out, &[]);
    refused_with_nothing_written(&f, &out, &["roadmap.recruits", "2027", "1000000000"]);
    // 10⁹ recruits in a later year of a schedule.
    let s = small_roadmap(
        &dir.path().join("data"),
        2,
        8,
        3,
        &body(4, "[10, 10, 10, 1000000000]", ""),
    );
    let f = roadmap(&s, &out, &[]);
    refused_with_nothing_written(&f, &out, &["roadmap.recruits", "2028"]);
}

#[test]
fn a_target_level_that_needs_a_force_past_the_limit_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let s = small_roadmap(&dir.path().join("data"), 2, 8, 3, &body(15, "10", ""));
    let out = dir.path().join("out");
    let f = roadmap(&s, &out, &["--target-level", "1000000"]);
    refused_with_nothing_written(&f, &out, &["--target-level 1000000", "1000000000"]);
}

#[test]
fn a_later_year_s_requirement_past_the_limit_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let s = small_roadmap(
        &dir.path().join("data"),
        2,
        8,
        3,
        &body(15, "10", "call_growth_rate = 1.0\n"),
    );
    // One station's calls: within range today, past the limit once
    // doubled every year.
    let stations = s.parent().unwrap().join("stations.csv");
    let text = fs::read_to_string(&stations).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let calls = header.iter().position(|h| *h == "calls").unwrap();
    let mut row: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    row[calls] = "100000000".into();
    lines[1] = row.join(",");
    fs::write(&stations, lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("out");
    let f = roadmap(&s, &out, &[]);
    refused_with_nothing_written(&f, &out, &["requirement", "call_growth_rate"]);
}

/// Every `<` opens a tag of HTML (or an end tag, a comment, the doctype)
/// and every `&` an entity: what a browser's parser takes without error,
/// and without swallowing text as an unknown element.
fn assert_parses(html: &str) {
    const TAGS: [&str; 40] = [
        "html",
        "head",
        "body",
        "meta",
        "title",
        "style",
        "script",
        "link",
        "main",
        "header",
        "footer",
        "nav",
        "section",
        "article",
        "aside",
        "h1",
        "h2",
        "h3",
        "h4",
        "p",
        "div",
        "span",
        "a",
        "b",
        "strong",
        "em",
        "small",
        "code",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "figure",
        "figcaption",
        "img",
    ];
    const MORE: [&str; 8] = [
        "br", "caption", "details", "summary", "svg", "dl", "dt", "dd",
    ];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!--") || rest.starts_with("!DOCTYPE") || rest.starts_with("!doctype") {
            continue;
        }
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            TAGS.contains(&name.as_str()) || MORE.contains(&name.as_str()),
            "`<{}` is not a tag of HTML",
            rest.chars().take(20).collect::<String>()
        );
        // Inside a style or script, text is raw: skip to its end.
        for raw in ["style", "script", "svg"] {
            if name == raw && !rest.starts_with('/') {
                let end = rest.find(&format!("</{raw}>")).expect("closed");
                rest = &rest[end + 1..];
            }
        }
    }
    for (i, _) in html.match_indices('&') {
        let entity: String = html[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
            .collect();
        assert!(
            !entity.is_empty() && html[i + 1 + entity.len()..].starts_with(';'),
            "a bare `&` near `{}`",
            &html[i.saturating_sub(20)..(i + 20).min(html.len())]
        );
    }
}

#[test]
fn every_roadmap_page_is_html_a_browser_parses_and_says_where_the_plans_are() {
    let dir = tempfile::tempdir().unwrap();
    let s = small_roadmap(
        &dir.path().join("data"),
        3,
        18,
        5,
        &body(2, "12", "recruits_cap = 8\n"),
    );
    for (lang, mode, text) in [
        ("en", "myopic", "plans/&lt;year&gt;/"),
        ("zh", "horizon", "plans/&lt;年份&gt;/"),
    ] {
        let out = dir.path().join(format!("out-{lang}"));
        let mut cmd = staffing();
        cmd.arg("roadmap")
            .arg(&s)
            .args([
                "--quiet", "--charts", "svg", "--mode", mode, "--lang", lang, "--out",
            ])
            .arg(&out);
        let f = run_with_timeout(cmd, LIMIT).unwrap();
        assert_eq!(f.code, Some(0), "{}", f.stderr);
        let html = fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.contains(text), "{lang}: `{text}` not in the page");
        assert_parses(&html);
    }
}
