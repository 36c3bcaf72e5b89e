//! The message catalogue: every line the tool prints on the terminal, and
//! its warnings, in Chinese and in English.
//!
//! A message is a function of its language and its values, declared once
//! with both texts:
//!
//! ```text
//! warnings_header(n: usize, each: &str) {
//!     zh: "提示：{n} 条数据提示（数据有效，运行继续；加 --strict 则{each}视为错误）：",
//!     en: "warning: {n} data warning{each} …",
//! }
//! ```
//!
//! The texts are `format!` strings checked by the compiler against the
//! message's parameters: a message without one of its two texts does not
//! compile, and a text naming a value the message does not take does not
//! either. [`ALL`] lists every message with both templates; a test fails
//! when the two languages do not show the same values, when a Chinese text
//! holds no Chinese, or when an English text holds Chinese outside the
//! policy terms it names (两个40%, 一村一辅警, …).
//!
//! Why a typed catalogue rather than Fluent: the messages are compiled in
//! (no file to ship or to lose), a missing argument or a misspelt one is a
//! build error rather than a `{$name}` printed to a planner, and no crate is
//! added to a build that is already long.
//!
//! The catalogue comes in parts, one a command (`solve`, `check`, `sweep`
//! with `merge`, `roadmap`) and one for what they share (`common`: the
//! data's warnings and errors, the contexts of a failure); each part
//! declares its messages with `catalogue!` and every message is reached
//! as `messages::name`, whatever its part.
//!
//! The language is the caller's: `--lang`, and by default the data's
//! ([`crate::report::Lang::detect`]). Printing (and escaping every line for
//! the terminal) stays with the caller.

use crate::report::Lang;

/// Declares a part of the catalogue: one `pub fn name(lang, args…) ->
/// String` per message, and the part's `ALL` with the name and both
/// templates of each (the parts' lists make up [`ALL`]).
macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) {
            zh: $zh:literal,
            en: $en:literal $(,)?
        }
    )*) => {
        $(
            $(#[$doc])*
            #[allow(clippy::too_many_arguments)]
            pub fn $name(lang: Lang, $($arg: $ty),*) -> String {
                match lang {
                    Lang::Zh => format!($zh),
                    Lang::En => format!($en),
                }
            }
        )*

        /// Every message of this part of the catalogue: its name, its
        /// Chinese template and its English template.
        pub const ALL: &[(&str, &str, &str)] = &[$((stringify!($name), $zh, $en)),*];
    };
}

/// What separates the items of a list in a line.
pub fn list_separator(lang: Lang) -> &'static str {
    lang.pick("、", ", ")
}

/// What separates the clauses of a line (`最优 3 个，无可行方案 1 个`).
pub fn clause_separator(lang: Lang) -> &'static str {
    lang.pick("，", ", ")
}

/// `s` when `n` is not one (an English plural).
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

mod check;
mod common;
mod problems;
mod problems_scenario;
mod roadmap;
mod solve;
mod sweep;
pub mod words;

pub use check::*;
pub use common::*;
pub use problems::*;
pub use problems_scenario::*;
pub use roadmap::*;
pub use solve::*;
pub use sweep::*;

/// Every message of the catalogue, part by part: its name, its Chinese
/// template and its English template.
pub const ALL: &[&[(&str, &str, &str)]] = &[
    common::ALL,
    problems::ALL,
    problems_scenario::ALL,
    solve::ALL,
    check::ALL,
    sweep::ALL,
    roadmap::ALL,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{name}` values a template shows (format specs and `{{` escapes
    /// left out).
    fn values(template: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                }
                '{' => {
                    let inner: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let name = inner.split(':').next().unwrap_or("").trim().to_string();
                    out.push(name);
                }
                _ => {}
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// Policy terms the English texts may name in Chinese, as the English
    /// report does.
    const TERMS: &[&str] = &["两队一室", "警辅比", "一村一辅警", "两个40%"];

    #[test]
    fn every_message_has_both_languages_with_the_same_values() {
        let mut names = std::collections::BTreeSet::new();
        for (name, zh, en) in ALL.iter().copied().flatten() {
            assert!(names.insert(*name), "{name} is declared twice");
            assert!(!zh.trim().is_empty(), "{name}: no Chinese text");
            assert!(!en.trim().is_empty(), "{name}: no English text");
            assert!(
                has_cjk(zh),
                "{name}: its Chinese text holds no Chinese: {zh}"
            );
            let mut en_plain = en.to_string();
            for t in TERMS {
                en_plain = en_plain.replace(t, "");
            }
            assert!(
                !has_cjk(&en_plain),
                "{name}: its English text holds Chinese: {en}"
            );
            // English plurals (`{s}`, `{it}`) have no Chinese counterpart.
            let en_values: Vec<String> = values(en)
                .into_iter()
                .filter(|v| !matches!(v.as_str(), "s" | "it"))
                .collect();
            let zh_values: Vec<String> = values(zh)
                .into_iter()
                .filter(|v| !matches!(v.as_str(), "s" | "it"))
                .collect();
            assert_eq!(
                zh_values, en_values,
                "{name}: the Chinese and English texts show different values"
            );
        }
    }

    #[test]
    fn every_part_of_the_catalogue_is_in_all() {
        // A part left out of `ALL` would escape the test above.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/messages");
        let parts = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                // A part declares messages; `words.rs` words the
                // library's problems with them and declares none.
                e.as_ref().is_ok_and(|e| {
                    e.path().extension().is_some_and(|x| x == "rs")
                        && std::fs::read_to_string(e.path())
                            .is_ok_and(|text| text.contains("catalogue! {"))
                })
            })
            .count();
        assert_eq!(
            ALL.len(),
            parts,
            "a part of {} is missing from ALL",
            dir.display()
        );
    }

    #[test]
    fn a_message_follows_the_language() {
        assert_eq!(
            warnings_header(Lang::En, 2),
            "warning: 2 data warnings (the data is valid and the run goes on; --strict makes each an error):"
        );
        assert!(warnings_header(Lang::Zh, 2).starts_with("警告：2 条数据警告"));
        assert_eq!(
            strict_warnings(Lang::En, 1),
            "--strict: the data has 1 warning, treated as errors"
        );
    }
}
