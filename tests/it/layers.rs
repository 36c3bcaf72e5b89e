//! The layer rules of `docs/architecture.md`, enforced: every module of
//! `src/` may use only the modules its row of the table "What each layer
//! may import" names, and every row may name only rows above it in the
//! table (the layers below), so no layer imports one above it and there is
//! no import circle.
//!
//! The table is read from the document itself, so the rule a maintainer
//! reads is the rule the test holds. A module's imports are the top-level
//! modules its code names through `crate::` (in `use` lines, groups
//! `use crate::{a, b::c}` and paths anywhere in the code, tests included);
//! comments and string literals do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const DOC: &str = "docs/architecture.md";
const HEADING: &str = "## What each layer may import";
/// Words of the "may use" column meaning every module of the library.
const THE_LIBRARY: &str = "the library";
/// The binary's own modules (`src/main.rs` declares them).
const BINARY: [&str; 3] = ["main", "cli", "commands"];

/// One row of the table: its modules and what they may use.
#[derive(Debug)]
struct Row {
    modules: Vec<String>,
    may_use: BTreeSet<String>,
    library: bool,
}

/// The module name a cell writes as `model/`, `check.rs` or `pipeline`.
fn module_name(cell: &str) -> String {
    let first = cell.split("::").next().unwrap_or(cell);
    first
        .trim_end_matches('/')
        .trim_end_matches(".rs")
        .to_string()
}

/// The words in backticks of a table cell.
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| module_name(s.trim()))
        .collect()
}

/// The rows of the table under [`HEADING`], top to bottom.
fn table(doc: &str) -> Vec<Row> {
    let section = doc
        .split_once(HEADING)
        .unwrap_or_else(|| panic!("{DOC} has no heading {HEADING:?}"))
        .1;
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // the header and its rule
        .map(|line| {
            let cells: Vec<&str> = line.split('|').collect();
            assert!(
                cells.len() >= 4,
                "{DOC}: a row of the layer table lacks cells: {line}"
            );
            Row {
                modules: ticked(cells[1]),
                may_use: ticked(cells[2]).into_iter().collect(),
                library: cells[2].contains(THE_LIBRARY),
            }
        })
        .collect()
}

/// `text` with comments, string and character literals blanked out, so that
/// only code is left (line structure kept).
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !(b[i - 1].is_alphanumeric() || b[i - 1] == '_'))
        {
            // A raw string r"…" or r#"…"#.
            let mut j = i + 1;
            while j < b.len() && b[j] == '#' {
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let hashes = j - i - 1;
            let close: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            let rest: String = b[j + 1..].iter().collect();
            let len = rest
                .find(&close)
                .map_or(b.len() - j - 1, |k| rest[..k].chars().count());
            let end = (j + 1 + len + close.len()).min(b.len());
            for &ch in &b[i..end] {
                out.push(blank(ch));
            }
            i = end;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{7f}'.
            let end = (i + 3..b.len())
                .find(|&k| b[k] == '\'')
                .unwrap_or(b.len() - 1);
            out.extend(std::iter::repeat(' ').take(end + 1 - i));
            i = end + 1;
        } else if c == '\'' && b.get(i + 2) == Some(&'\'') {
            // A character literal: '"'. (A lifetime 'a stays as it is.)
            out.push_str("   ");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The top-level modules code names through `crate::`, with the line of
/// the first mention of each.
fn imports(code: &str) -> BTreeMap<String, usize> {
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| ident(c) && c != '$') {
                continue; // `mycrate::`
            }
            let name: String = rest.chars().take_while(|&c| ident(c)).collect();
            if name.is_empty() {
                continue;
            }
            // An exported macro, `crate::name!`, is named by its macro
            // (the module that defines it is looked up later).
            let is_macro = rest[name.len()..].starts_with('!');
            let name = if is_macro { format!("{name}!") } else { name };
            out.entry(name).or_insert(n + 1);
        }
    }
    // Groups: `use crate::{a, b::{c, d}, e}` names a, b and e.
    let mut from = 0;
    while let Some(at) = code[from..].find("crate::{") {
        let open = from + at + "crate::{".len();
        let line = code[..open].lines().count();
        let (mut depth, mut expect, mut word) = (1, true, String::new());
        for c in code[open..].chars() {
            if depth == 1 && expect && ident(c) {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                if word != "self" {
                    out.entry(std::mem::take(&mut word)).or_insert(line);
                }
                word.clear();
                expect = false;
            }
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 1 => expect = true,
                _ => {}
            }
            if depth == 0 {
                break;
            }
        }
        from = open;
    }
    out
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, into);
        } else if p.extension().is_some_and(|e| e == "rs") {
            into.push(p);
        }
    }
}

/// Each exported macro (`macro_rules! name` under `#[macro_export]`), as
/// `name!`, and the top-level module that defines it.
fn exported_macros(files: &[PathBuf]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for file in files {
        let code = code_only(&std::fs::read_to_string(file).unwrap());
        let mut exported = false;
        for line in code.lines().map(str::trim) {
            if line.starts_with("#[macro_export") {
                exported = true;
            } else if let Some(rest) = line.strip_prefix("macro_rules!") {
                let name: String = rest
                    .trim()
                    .chars()
                    .take_while(|&c| c.is_alphanumeric() || c == '_')
                    .collect();
                if exported {
                    out.insert(format!("{name}!"), top_module(file));
                }
                exported = false;
            } else if !line.starts_with("#[") && !line.is_empty() {
                exported = false;
            }
        }
    }
    out
}

/// The top-level module a file of `src/` belongs to (`lib` for lib.rs).
fn top_module(file: &Path) -> String {
    let rel = file.strip_prefix("src").unwrap();
    module_name(
        &rel.components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy(),
    )
}

/// The top-level modules `src/lib.rs` declares.
fn library_modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string("src/lib.rs").unwrap();
    code_only(&lib)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').trim().to_string())
        .collect()
}

#[test]
fn no_layer_imports_one_above_it() {
    let doc = std::fs::read_to_string(DOC).unwrap();
    let rows = table(&doc);
    let library = library_modules();

    // The table covers every top-level module once, and each row may use
    // only rows above it.
    let mut row_of: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        assert!(
            !r.modules.is_empty(),
            "{DOC}: row {} of the layer table names no module",
            i + 1
        );
        for m in &r.modules {
            assert!(
                library.contains(m) || BINARY.contains(&m.as_str()),
                "{DOC}: the layer table names `{m}`, which is not a module of src/"
            );
            assert!(
                row_of.insert(m.clone(), i).is_none(),
                "{DOC}: `{m}` has two rows"
            );
        }
    }
    for m in library.iter().map(String::as_str).chain(BINARY) {
        assert!(
            row_of.contains_key(m),
            "{DOC}: the layer table has no row for `{m}`"
        );
    }
    for (i, r) in rows.iter().enumerate() {
        for u in &r.may_use {
            let at = row_of.get(u).unwrap_or_else(|| {
                panic!("{DOC}: {:?} may use `{u}`, which has no row", r.modules)
            });
            assert!(
                *at < i,
                "{DOC}: {:?} may use `{u}`, which is not above it in the table",
                r.modules
            );
        }
    }

    // Every file keeps to its row.
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    files.sort();
    let macros = exported_macros(&files);
    let mut broken = Vec::new();
    for file in &files {
        let top = top_module(file);
        if top == "lib" {
            continue;
        }
        let row = &rows[row_of[&top]];
        let binary = BINARY.contains(&top.as_str());
        let code = code_only(&std::fs::read_to_string(file).unwrap());
        for (name, line) in imports(&code) {
            let name = match name.strip_suffix('!') {
                Some(m) => macros.get(&name).cloned().unwrap_or_else(|| {
                    panic!(
                        "{}:{line}: `crate::{m}!` is no exported macro of src/",
                        file.display()
                    )
                }),
                None => name,
            };
            let allowed = name == top
                || row.may_use.contains(&name)
                || (row.library && library.contains(&name) && !binary)
                // In the binary, `crate::` is the binary and the library is `staffing::`.
                || (binary && BINARY.contains(&name.as_str()) && row.may_use.contains(&name));
            if !allowed {
                broken.push(format!(
                    "{}:{line}: `{top}` uses `{name}`; its row allows {:?}{}",
                    file.display(),
                    row.may_use,
                    if row.library { " and the library" } else { "" }
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "imports against the layer table of {DOC}:\n{}",
        broken.join("\n")
    );
}

#[test]
fn imports_are_read_from_code_only() {
    let text = r##"
//! Docs name [`crate::report`] and /* crate::sweep */ comments do too.
use crate::domain::{Params, Province};
use crate::{
    model::{self, milp},
    outcome::Outcome,
    self as me, plan,
};
fn f() -> &'static str {
    let _ = crate::numeric::show(1.0);
    let _ = '"';
    let _ = "crate::study";
    let _ = r#"crate::roadmap "quoted" "#;
    let _ = mycrate::check::x;
    crate::run_kind! { A }
    "crate::pipeline"
}
"##;
    let found: Vec<String> = imports(&code_only(text)).into_keys().collect();
    assert_eq!(
        found,
        ["domain", "model", "numeric", "outcome", "plan", "run_kind!"]
    );
}

#[test]
fn the_table_is_read_with_its_rows_in_order() {
    let doc = format!(
        "# x\n{HEADING}\n\n| layer | may use | notes |\n|---|---|---|\n\
         | `domain`, `plan` | std only | pure |\n\
         | `model/` | `domain`, `plan` (types), `outcome::Outcome` | no I/O |\n\
         | `study/` | {THE_LIBRARY} | — |\n\nAfter.\n| not | a row |\n"
    );
    let rows = table(&doc);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].modules, ["domain", "plan"]);
    assert!(rows[0].may_use.is_empty() && !rows[0].library);
    assert_eq!(rows[1].modules, ["model"]);
    assert_eq!(
        rows[1].may_use.iter().collect::<Vec<_>>(),
        ["domain", "outcome", "plan"]
    );
    assert!(rows[2].library);
}

/// The most lines a file of `src/` may hold (`docs/architecture.md`): a
/// file longer than this holds more than one concern, and is split along
/// its seams into a module of files.
const MAX_FILE_LINES: usize = 600;
/// The most lines a function may span, its signature and closing brace
/// included: a longer one is cut into steps with names.
const MAX_FN_LINES: usize = 150;

/// Files over [`MAX_FILE_LINES`] today, each with the lines it has now: it
/// may not grow past them, and its entry must go when it is split (the test
/// says so). A file joins this list only with a reason beside it.
const LONG_FILES: &[(&str, usize)] = &[
    // The table of Chinese column headers and labels: data, not logic, kept
    // whole.
    ("src/report/i18n.rs", 833),
];

/// Functions over [`MAX_FN_LINES`] today (file, name, lines now), on the
/// same terms as [`LONG_FILES`]: none is left.
const LONG_FUNCTIONS: &[(&str, &str, usize)] = &[];

/// The name of the function a line of code declares (`pub(crate) const fn
/// name<T>(…`), if it declares one.
fn declared_fn(line: &str) -> Option<String> {
    let mut words = line.split_whitespace();
    while let Some(w) = words.next() {
        match w {
            "fn" => {
                let name: String = words
                    .next()?
                    .chars()
                    .take_while(|&c| c.is_alphanumeric() || c == '_')
                    .collect();
                return (!name.is_empty()).then_some(name);
            }
            "pub" | "const" | "async" | "unsafe" | "extern" | "default" => {}
            _ if w.starts_with("pub(") => {
                // `pub(in crate::a)` spans two words.
                if !w.ends_with(')') {
                    words.find(|w| w.ends_with(')'))?;
                }
            }
            _ => return None,
        }
    }
    None
}

/// Every function with a body in `code` (comments and strings blanked, as
/// rustfmt lays it out): its name, first line and length in lines, from
/// its signature to the brace that closes it at the signature's indent.
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.trim_start();
        let Some(name) = declared_fn(body) else {
            continue;
        };
        let indent = &line[..line.len() - body.len()];
        // The line that opens the body, or ends a declaration without one.
        let Some(open) = (i..lines.len()).find(|&j| {
            let t = lines[j].trim_end();
            t.contains('{') || t.ends_with(';')
        }) else {
            continue;
        };
        let t = lines[open].trim_end();
        if !t.ends_with('{') {
            continue; // `fn f();` or a body on one line
        }
        let closing = format!("{indent}}}");
        if let Some(close) = (open + 1..lines.len()).find(|&j| lines[j].trim_end() == closing) {
            out.push((name, i + 1, close - i + 1));
        }
    }
    out
}

#[test]
fn no_file_or_function_is_over_its_limit() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    files.sort();
    let mut broken = Vec::new();
    let mut seen_files = BTreeSet::new();
    let mut seen_fns = BTreeSet::new();
    for file in &files {
        let name = file.display().to_string().replace('\\', "/");
        let text = std::fs::read_to_string(file).unwrap();
        let lines = text.lines().count();
        match LONG_FILES.iter().find(|(f, _)| *f == name) {
            Some(&(_, most)) => {
                seen_files.insert(name.clone());
                if lines <= MAX_FILE_LINES {
                    broken.push(format!(
                        "{name}: {lines} lines, within {MAX_FILE_LINES}: take it off LONG_FILES"
                    ));
                } else if lines > most {
                    broken.push(format!(
                        "{name}: {lines} lines, more than the {most} LONG_FILES allows it: split it"
                    ));
                }
            }
            None if lines > MAX_FILE_LINES => broken.push(format!(
                "{name}: {lines} lines, over {MAX_FILE_LINES}: split it along its seams"
            )),
            None => {}
        }
        for (f, line, len) in functions(&code_only(&text)) {
            match LONG_FUNCTIONS.iter().find(|(p, n, _)| *p == name && *n == f) {
                Some(&(_, _, most)) => {
                    seen_fns.insert((name.clone(), f.clone()));
                    if len <= MAX_FN_LINES {
                        broken.push(format!(
                            "{name}:{line}: `{f}` has {len} lines, within {MAX_FN_LINES}: take it off LONG_FUNCTIONS"
                        ));
                    } else if len > most {
                        broken.push(format!(
                            "{name}:{line}: `{f}` has {len} lines, more than the {most} LONG_FUNCTIONS allows it"
                        ));
                    }
                }
                None if len > MAX_FN_LINES => broken.push(format!(
                    "{name}:{line}: `{f}` has {len} lines, over {MAX_FN_LINES}: cut it into named steps"
                )),
                None => {}
            }
        }
    }
    for (f, _) in LONG_FILES {
        if !seen_files.contains(*f) {
            broken.push(format!("LONG_FILES names {f}, which is not a file of src/"));
        }
    }
    for (p, f, _) in LONG_FUNCTIONS {
        if !seen_fns.contains(&(p.to_string(), f.to_string())) {
            broken.push(format!(
                "LONG_FUNCTIONS names `{f}` in {p}, which has no such function"
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "files and functions over the limits of docs/architecture.md:\n{}",
        broken.join("\n")
    );
}

#[test]
fn functions_are_measured_from_signature_to_closing_brace() {
    let code = "fn one() {}\n\
                pub(crate) fn two(\n    a: u8,\n) -> u8 {\n    a\n}\n\
                impl X {\n    pub(in crate::a) const fn three() {\n        if x {\n        }\n    }\n}\n\
                trait T {\n    fn four();\n}\n";
    let found = functions(code);
    assert_eq!(
        found,
        [("two".to_string(), 2, 5), ("three".to_string(), 8, 4)]
    );
    assert_eq!(declared_fn("let fn_x = 1;"), None);
    assert_eq!(declared_fn("unsafe extern fn f<T>(x: T)"), Some("f".into()));
}
