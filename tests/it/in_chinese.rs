//! With Chinese data, the planner reads Chinese: no English word in what
//! `solve`, `check`, `sweep`, `merge` and `roadmap` print on the shipped
//! scenarios (their data warnings included), nor in the cells of the
//! `plan.xlsx` they write.
//!
//! A word is a run of ASCII letters. It may stay when it is:
//! - part of an id or a number (it touches a digit: `S01393`, `C075`, `2025`);
//! - part of a file name or path (it touches `/` or `.`: `allocation.csv`,
//!   `scenarios/baseline.toml`), of a key name (it touches `_` or `.`:
//!   `hq_min`, `workload.call_growth`) or of a command-line option (after
//!   `-`: `--strict`);
//! - inside backticks, which quote what the user typed or must type
//!   (`` `standard` ``, `` `rural` ``), or in a command line to paste
//!   (from `staffing sweep ` to the end of the line);
//! - one of [`ALLOWED`]: the program's name, units, method and scenario ids.

use std::path::Path;
use std::time::Duration;

use crate::support::{run_with_timeout, staffing};

/// The few words that stay in Chinese output, each an id: the program, a
/// unit, a file type, the name of a queueing method, the ids the tables
/// give a county's HQ and recruits as units, the data's station kinds, and
/// the shipped scenarios' names (their `name` key: an id the user chose,
/// printed as the run's name). A hyphenated token (`erlang-c`) is allowed
/// whole.
#[rustfmt::skip]
const ALLOWED: &[&str] = &[
    // the program
    "staffing",
    // a unit, and the file type of an input
    "km", "CSV",
    // the spreadsheet program a planner opens the outputs in
    "Excel",
    // a method's id (`[workload.service] method`), named as the literature does
    "erlang-c",
    // unit ids of transfers.csv: a county's HQ, recruits
    "HQ", "NEW",
    // the station kinds the shipped data writes (its `kind` column)
    "rural", "urban",
    // the shipped scenarios' `name` keys
    "baseline", "real-strength", "service-level", "recruits", "quota", "monte-carlo", "roadmap",
    "fairness", "levers-all", "levers-aux-duty", "levers-categories", "levers-controls",
    "levers-mergers", "warnings",
];

/// The English words of `text` that the allow-list does not cover, each
/// with its line.
pub(crate) fn english_words(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for line in text.lines() {
        // A command line to paste (`staffing sweep …`) is what the user types.
        let typed = ["solve", "check", "sweep", "merge", "roadmap"]
            .iter()
            .filter_map(|c| line.find(&format!("staffing {c} ")))
            .min()
            .unwrap_or(line.len());
        // Backticks quote a key, a value or a column as the user writes it.
        let mut plain = String::new();
        for (i, part) in line[..typed].split('`').enumerate() {
            if i % 2 == 0 {
                plain.push_str(part);
            }
            plain.push(' ');
        }
        let chars: Vec<char> = plain.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            // The token: letters, digits and the joiners of ids, keys,
            // paths and options.
            let is_part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-');
            let mut start = i;
            while start > 0 && is_part(chars[start - 1]) {
                start -= 1;
            }
            let mut end = i;
            while end < chars.len() && is_part(chars[end]) {
                end += 1;
            }
            let raw: String = chars[start..end].iter().collect();
            // A sentence's full stop is not part of a word; a folder's `/` is.
            let token = raw.trim_end_matches(['.', '-']);
            let id_like = token.starts_with('-')
                || token
                    .chars()
                    .any(|c| c.is_ascii_digit() || matches!(c, '_' | '.' | '/'));
            if !id_like && !ALLOWED.contains(&token) {
                for word in token.split('-').filter(|w| !w.is_empty()) {
                    if !ALLOWED.contains(&word) {
                        found.push((word.to_string(), line.to_string()));
                    }
                }
            }
            i = end.max(i + 1);
        }
    }
    found
}

#[test]
fn the_scan_finds_english_and_lets_ids_keys_and_files_through() {
    let text = "情景 real-strength：最优\n  已写入 output/baseline/（allocation.csv、plans/<年份>/）\n  `area_km2` 列：值 `109.0` 县局 C076，hq_min，--strict，S01393，erlang-c\n";
    assert_eq!(english_words(text), Vec::new());
    let words: Vec<String> = english_words("  real strength        14721 on the stations' books")
        .into_iter()
        .map(|(w, _)| w)
        .collect();
    assert_eq!(
        words,
        ["real", "strength", "on", "the", "stations", "books"]
    );
    assert_eq!(
        english_words("运行全部点：staffing sweep scenarios/recruits.toml --set a=b"),
        Vec::new()
    );
    let words: Vec<String> = english_words("稳健方案（worst）：包络水平")
        .into_iter()
        .map(|(w, _)| w)
        .collect();
    assert_eq!(words, ["worst"]);
}

/// Runs `staffing` with `args` in the project folder and returns what it
/// printed (stdout and stderr), after checking its exit code.
fn printed(args: &[&str], code: i32) -> String {
    let mut cmd = staffing();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    let done = run_with_timeout(cmd, Duration::from_secs(600)).unwrap();
    assert_eq!(
        done.code,
        Some(code),
        "staffing {}: {}{}",
        args.join(" "),
        done.stdout,
        done.stderr
    );
    format!("{}{}", done.stdout, done.stderr)
}

#[test]
fn chinese_data_gets_no_english_word_on_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name).display().to_string();
    let mut said: Vec<(String, String)> = Vec::new();
    let mut run = |what: &str, args: &[&str], code: i32| {
        said.push((what.to_string(), printed(args, code)));
    };
    for scenario in ["baseline", "real-strength", "service-level", "recruits"] {
        let file = format!("scenarios/{scenario}.toml");
        run(
            &format!("solve {scenario}"),
            &["solve", &file, "--charts", "none", "--out", &out(scenario)],
            0,
        );
    }
    // The other shipped solves, for the terminal only: the balance targets
    // compared (fairness and the levers), a data warning (warnings).
    for scenario in [
        "fairness",
        "levers-24h",
        "levers-all",
        "levers-aux-duty",
        "levers-categories",
        "levers-controls",
        "levers-mergers",
        "warnings",
    ] {
        let file = format!("scenarios/{scenario}.toml");
        run(
            &format!("solve {scenario}"),
            &["solve", &file, "--charts", "none", "--out", &out(scenario)],
            0,
        );
    }
    run("check", &["check", "scenarios/baseline.toml"], 0);
    // A sweep's grid, a data warning, the real strength and the service
    // standard as `check` tells them.
    for scenario in ["quota", "warnings", "real-strength", "service-level"] {
        let file = format!("scenarios/{scenario}.toml");
        run(&format!("check {scenario}"), &["check", &file], 0);
    }
    // A sweep in two shards, joined by merge.
    for shard in ["1/2", "2/2"] {
        run(
            &format!("sweep shard {shard}"),
            &[
                "sweep",
                "scenarios/quota.toml",
                "--jobs",
                "1",
                "--shard",
                shard,
                "--out",
                &out(&format!("quota-{}", &shard[..1])),
            ],
            0,
        );
    }
    run(
        "merge",
        &[
            "merge",
            &out("quota-1"),
            &out("quota-2"),
            "--out",
            &out("quota"),
        ],
        0,
    );
    // The shipped Monte Carlo scenario with 6 samples instead of 1,000: the
    // robust plan's line.
    let shipped = std::fs::read_to_string("scenarios/monte-carlo.toml").unwrap();
    let baseline = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let few = shipped
        .replace(
            "extend = \"baseline.toml\"",
            &format!("extend = {:?}", baseline.display().to_string()),
        )
        .replace("count = 1000", "count = 6");
    assert_ne!(few, shipped);
    let mc = tmp.path().join("monte-carlo.toml");
    std::fs::write(&mc, few).unwrap();
    run(
        "sweep monte-carlo",
        &[
            "sweep",
            mc.to_str().unwrap(),
            "--jobs",
            "1",
            "--out",
            &out("mc"),
        ],
        0,
    );
    run(
        "roadmap",
        &[
            "roadmap",
            "scenarios/roadmap.toml",
            "--charts",
            "none",
            "--out",
            &out("roadmap"),
        ],
        0,
    );
    // The roadmap over the horizon (what the search proved) and for a
    // target level (the fewest recruits), beside the shipped myopic one.
    run(
        "roadmap --mode horizon",
        &[
            "roadmap",
            "scenarios/roadmap.toml",
            "--mode",
            "horizon",
            "--charts",
            "none",
            "--out",
            &out("roadmap-horizon"),
        ],
        0,
    );
    run(
        "roadmap --target-level",
        &[
            "roadmap",
            "scenarios/roadmap.toml",
            "--target-level",
            "1.3",
            "--charts",
            "none",
            "--out",
            &out("roadmap-target"),
        ],
        0,
    );
    // What the horizon search proved and what the target needs are told,
    // not left out.
    let told = |what: &str| &said.iter().find(|(w, _)| w == what).unwrap().1;
    let horizon = told("roadmap --mode horizon");
    assert!(
        horizon.contains("  全期统筹：") && horizon.contains("  全期统筹        "),
        "{horizon}"
    );
    let target = told("roadmap --target-level");
    assert!(
        target.contains("  目标水平：") && target.contains("  目标水平        1.3："),
        "{target}"
    );
    let mut leaks = Vec::new();
    for (what, text) in &said {
        assert!(
            text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{what}: printed no Chinese at all:\n{text}"
        );
        for (word, line) in english_words(text) {
            leaks.push(format!("{what}: `{word}` in: {line}"));
        }
    }
    // The cells of every sheet of the plans' workbooks (摘要 included).
    for scenario in ["baseline", "real-strength", "service-level", "recruits"] {
        for (sheet, cell) in workbook_text(&tmp.path().join(scenario).join("plan.xlsx")) {
            for (word, _) in english_words(&cell) {
                leaks.push(format!(
                    "{scenario}/plan.xlsx, sheet {sheet}: `{word}` in: {cell}"
                ));
            }
        }
    }
    // The visible text of every page those runs wrote: each solve's report,
    // the sweep's, the Monte Carlo sweep's and its robust plan's, the
    // roadmap's.
    let mut pages: Vec<String> = ["baseline", "real-strength", "service-level", "recruits"]
        .iter()
        .map(|s| format!("{s}/report.html"))
        .collect();
    pages.extend(
        ["quota", "mc", "mc/robust", "roadmap"]
            .iter()
            .map(|s| format!("{s}/report.html")),
    );
    for page in &pages {
        let html = std::fs::read_to_string(tmp.path().join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        leaks.extend(page_leaks(page, &html));
    }
    // The what-if page `staffing serve` shows for the shipped scenario.
    leaks.extend(page_leaks(
        "serve /",
        &served_page("scenarios/baseline.toml"),
    ));
    leaks.sort();
    leaks.dedup();
    assert!(
        leaks.is_empty(),
        "{} English words in Chinese output:\n{}",
        leaks.len(),
        leaks.join("\n")
    );
}

/// Every text cell of a workbook, with its sheet's name.
fn workbook_text(path: &Path) -> Vec<(String, String)> {
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for cell in range.used_cells() {
            if let Data::String(s) = cell.2 {
                out.push((name.clone(), s.clone()));
            }
        }
    }
    assert!(
        out.len() > 100,
        "{}: {} text cells",
        path.display(),
        out.len()
    );
    out
}

/// A renamed key is refused naming its new name (exit 2), and the error's
/// frame follows the data's language.
#[test]
fn a_renamed_key_names_the_new_one_in_the_data_language() {
    let said = printed(
        &[
            "check",
            "scenarios/roadmap.toml",
            "--set",
            "roadmap.call_growth=0.03",
        ],
        2,
    );
    assert!(
        said.starts_with("错误：检查情景 scenarios/roadmap.toml"),
        "{said}"
    );
    assert!(
        said.contains("是否想写 `roadmap.call_growth_rate`？"),
        "{said}"
    );
    let said = printed(
        &[
            "check",
            "scenarios/roadmap.toml",
            "--set",
            "roadmap.call_growth_rate=0.03",
        ],
        0,
    );
    assert!(said.contains("数据有效"), "{said}");
}

/// The English words on a page's visible text, each named with the page.
fn page_leaks(page: &str, html: &str) -> Vec<String> {
    let text = visible_text(html);
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{page}: no Chinese at all"
    );
    english_words(&text)
        .into_iter()
        .map(|(word, line)| format!("{page}: `{word}` in: {}", excerpt(&line, &word)))
        .collect()
}

/// What a reader sees of a page: its text without tags, scripts and
/// styles, one element's text a line, entities decoded. What the page sets
/// in code style (`<code>`: a key or a value as the user types it) comes
/// back in backticks, as the terminal quotes it.
fn visible_text(html: &str) -> String {
    let mut rest = html;
    let mut out = String::new();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let name: String = rest[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect::<String>()
            .to_ascii_lowercase();
        // A script, a style and the head's title-less parts are skipped whole.
        if name == "script" || name == "style" {
            let close = format!("</{name}>");
            match rest.find(&close) {
                Some(end) => rest = &rest[end + close.len()..],
                None => rest = "",
            }
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        // A choice of a form that shows its value as the scenario file
        // writes it (`<option value="county">county</option>`) is a value
        // the user types: quoted.
        if name == "option" {
            let value = rest[..end]
                .split_once("value=\"")
                .and_then(|(_, v)| v.split_once('"'))
                .map(|(v, _)| v);
            let shown = &rest[end..rest[end..].find('<').map_or(rest.len(), |e| end + e)];
            if value.is_some_and(|v| !v.is_empty() && v == shown) {
                out.push_str(&format!("\n`{shown}`"));
                rest = &rest[end + shown.len()..];
                continue;
            }
        }
        rest = &rest[end..];
        out.push(if name == "code" || name == "/code" {
            '`'
        } else {
            '\n'
        });
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[test]
fn the_page_text_drops_tags_scripts_and_styles_and_quotes_code() {
    let html = "<html><head><style>body { color: red }</style></head><body><h1>标题 &amp; 说明</h1>\
        <script>let english = 1;</script><p>键 <code>balance.target</code> 为 none</p>\
        <select><option value=\"county\">county</option><option value=\"\">默认 (no cap)</option></select></body></html>";
    let text = visible_text(html);
    assert!(text.contains("标题 & 说明"), "{text}");
    assert!(
        !text.contains("color") && !text.contains("english"),
        "{text}"
    );
    let words: Vec<String> = english_words(&text).into_iter().map(|(w, _)| w).collect();
    assert_eq!(words, ["none", "no", "cap"]);
}

/// Up to 30 characters of `line` either side of `word`'s first place.
fn excerpt(line: &str, word: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let at = line.find(word).map_or(0, |b| line[..b].chars().count());
    let from = at.saturating_sub(30);
    let to = (at + word.chars().count() + 30).min(chars.len());
    chars[from..to].iter().collect()
}

/// The page `staffing serve` answers `GET /` with for `scenario` (a server
/// started in this process on a free loopback port, stopped after).
fn served_page(scenario: &str) -> String {
    use std::io::{Read, Write};
    let options = staffing::serve::Options {
        scenario: Path::new(env!("CARGO_MANIFEST_DIR")).join(scenario),
        host: std::net::IpAddr::from([127, 0, 0, 1]),
        port: 0,
        lang: None,
    };
    let server = staffing::serve::Server::start(&options).expect("the server starts");
    let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    write!(
        stream,
        "GET /?token={} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        server.token()
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    server.stopper().stop();
    server.wait();
    let answer = String::from_utf8(answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    body.to_string()
}

/// A bad cell in Chinese data is told in Chinese, naming the file, the
/// row, the column and the value (exit 2), with no English word; `--lang
/// en` tells the same in English.
#[test]
fn a_bad_cell_in_chinese_data_is_told_in_chinese() {
    let tmp = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/data/gansu");
    let stations = std::fs::read_to_string(data.join("stations.csv")).unwrap();
    let mut lines: Vec<String> = stations.lines().map(str::to_string).collect();
    // Row 3 of the file (the second station): its calls in Chinese numerals.
    let calls = lines[0].split(',').position(|c| c == "calls").unwrap();
    let mut cells: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    cells[calls] = "八百".into();
    lines[2] = cells.join(",");
    std::fs::write(tmp.path().join("stations.csv"), lines.join("\n") + "\n").unwrap();
    std::fs::copy(data.join("counties.csv"), tmp.path().join("counties.csv")).unwrap();
    let shipped = std::fs::read_to_string("scenarios/baseline.toml").unwrap();
    let scenario = tmp.path().join("baseline.toml");
    std::fs::write(&scenario, shipped.replace("data/gansu/", "")).unwrap();
    let scenario = scenario.to_str().unwrap();
    let said = printed(&["check", scenario], 2);
    assert!(said.starts_with("错误：检查情景 "), "{said}");
    assert!(
        said.contains("stations.csv，第 3 行，`calls` 列：值 `八百` 不是数字：请用数字填写"),
        "{said}"
    );
    assert_eq!(english_words(&said), Vec::new(), "{said}");
    let said = printed(&["check", scenario, "--lang", "en"], 2);
    assert!(
        said.contains("stations.csv, row 3, column `calls`: value `八百` is not a number"),
        "{said}"
    );
}
