//! Tests of the errors' messages.

use super::*;
use std::io::{Error, ErrorKind};

#[test]
fn a_quoted_value_is_short_and_shows_hidden_characters() {
    assert_eq!(quote("S1"), "S1");
    assert_eq!(quote("a\u{b}b\0c\u{1f}"), "a\\u{B}b\\0c\\u{1F}");
    assert_eq!(quote("\u{FEFF}S4"), "\\u{FEFF}S4");
    let long = "x".repeat(20_000_000);
    let q = quote(&long);
    assert_eq!(
        q,
        format!("{}… (20000000 characters in all)", "x".repeat(80))
    );
    // Chinese text is counted in characters, not bytes.
    assert_eq!(
        quote(&"城".repeat(81))
            .chars()
            .filter(|&c| c == '城')
            .count(),
        80
    );
}

#[test]
fn a_tidied_message_keeps_lines_and_cuts_each() {
    let m = format!("first\nsecond {}\u{1b}[2J", "y".repeat(1000));
    let t = tidy(&m);
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], "first");
    assert_eq!(lines[1].chars().count(), LINE_CHARS + 1);
    assert!(lines[1].ends_with('…') && !t.contains('\u{1b}'), "{t}");
    assert_eq!(tidy("a\u{1b}[2Jb"), "a\\u{1B}[2Jb");
}

/// Each cause of an I/O error is printed once, by `{}` and by anyhow's
/// `{:#}` chain alike (the chain is how the binary prints errors).
#[test]
fn an_os_error_is_printed_once() {
    // ENOENT and EACCES, as the OS reports a missing file and one the
    // user may not read.
    for (code, kind, words) in [
        (2, ErrorKind::NotFound, "it does not exist"),
        (13, ErrorKind::PermissionDenied, "permission denied"),
    ] {
        let os_error = || Error::from_raw_os_error(code);
        assert_eq!(os_error().kind(), kind);
        let e = InputError::io(std::path::Path::new("d/stations.csv"), os_error());
        let os = os_error().to_string();
        let plain = e.to_string();
        let chained = format!("{:#}", anyhow::Error::new(e).context("checking scenario"));
        for m in [&plain, &chained] {
            assert_eq!(m.matches(&os).count(), 1, "{m}");
            assert!(m.contains("d/stations.csv: cannot read the file: "), "{m}");
            assert!(m.contains(words), "{m}");
        }
        let out = OutputError::Io {
            path: "out/plan.xlsx".into(),
            source: os_error(),
        };
        let chained = format!("{:#}", anyhow::Error::new(out));
        assert_eq!(chained.matches(&os).count(), 1, "{chained}");
    }
}

#[test]
fn an_excerpt_shows_a_window_around_the_error() {
    let text = "a = 1\nb = = 2\n";
    assert_eq!(
        source_excerpt("TOML parse error", text, 10..11, "extra `=`"),
        "TOML parse error at line 2, column 5\n  |\n2 | b = = 2\n  |     ^\nextra `=`"
    );
    let long = format!("x = \"{}\" y{}", "v".repeat(10_000_000), "w".repeat(100));
    let at = long.find(" y").unwrap() + 1;
    let m = source_excerpt("TOML parse error", &long, at..at + 1, "expected newline");
    assert!(m.len() < 400, "{m}");
    assert!(m.contains("column 10000008"), "{m}");
    let lines: Vec<&str> = m.lines().collect();
    assert_eq!(
        lines[2],
        format!("1 | …{}\" y{}…", "v".repeat(38), "w".repeat(39))
    );
    // The caret sits under the `y`.
    let char_at = |line: &str, c: char| line.chars().position(|x| x == c);
    assert_eq!(char_at(lines[3], '^'), char_at(lines[2], 'y'));
    let m = source_excerpt("E", "k = \"\u{0}\u{1b}\"", 4..8, "bad");
    assert!(m.contains("1 | k = \"\\0\\u{1B}\""), "{m}");
}

#[test]
fn a_cell_error_quotes_its_value_safely() {
    let e = InputError::cell(
        std::path::Path::new("s.csv"),
        3,
        "population",
        &format!("FOO=secret\0{}", "z".repeat(5000)),
        "is not a number",
    )
    .to_string();
    assert!(
        e.starts_with("s.csv, row 3, column `population`: value `FOO=secret\\0z"),
        "{e}"
    );
    assert!(e.len() < 200 && e.contains("characters in all"), "{e}");
}
