//! What the commands print on the terminal, shared: the language of the
//! messages, status words in both languages, and command lines a user can
//! paste back into a shell.
//!
//! Summaries and notes follow `--lang`, and by default the data (Chinese
//! when station or county names are, as the report does,
//! [`Lang::detect`]); so does the error that ends a command.

use std::ffi::OsString;
use std::sync::atomic::{AtomicBool, Ordering};

/// `println!` for the terminal: the line is built, then every control and
/// invisible character in it escaped ([`staffing::error::escape_hidden`]),
/// so data (a county in an explanation, a station in "limited by", a path)
/// reaches the terminal as text. Every line a command prints goes through
/// this, [`eprintln_safe!`], [`print_safe!`] or [`print_json`].
macro_rules! println_safe {
    ($($arg:tt)*) => {
        println!("{}", staffing::error::escape_hidden(&format!($($arg)*)))
    };
}

/// `eprintln!` for the terminal, escaped as [`println_safe!`] is.
macro_rules! eprintln_safe {
    ($($arg:tt)*) => {
        eprintln!("{}", staffing::error::escape_hidden(&format!($($arg)*)))
    };
}

/// `print!` for the terminal, escaped as [`println_safe!`] is.
macro_rules! print_safe {
    ($($arg:tt)*) => {
        print!("{}", staffing::error::escape_hidden(&format!($($arg)*)))
    };
}

pub(crate) use {eprintln_safe, print_safe, println_safe};

/// Prints a JSON document on one line of stdout with every control and
/// invisible character written as a JSON escape
/// ([`staffing::error::json_safe`]): the same value for a JSON reader,
/// inert on a terminal.
pub fn print_json(json: &impl std::fmt::Display) {
    println!("{}", staffing::error::json_safe(&json.to_string()));
}

use staffing::domain::Province;
use staffing::report::Lang;

use crate::cli::LangArg;

/// The language of terminal messages: `--lang`, else the data's. Errors
/// that end the command are written in it from then on ([`error_lang`]).
pub fn lang(arg: Option<LangArg>, province: &Province) -> Lang {
    let lang = arg.map_or_else(|| Lang::detect(province), Lang::from);
    set_error_lang(lang);
    lang
}

/// The language of the error that ends the command: English until a
/// command knows better ([`lang`], [`lang_before_data`]).
static ERROR_LANG: AtomicBool = AtomicBool::new(false);

/// Writes the error that ends the command in `lang`.
pub fn set_error_lang(lang: Lang) {
    ERROR_LANG.store(lang == Lang::Zh, Ordering::Relaxed);
}

/// The language of an error that ends the command ([`lang`]).
pub fn error_lang() -> Lang {
    if ERROR_LANG.load(Ordering::Relaxed) {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// The language of messages before the data is read: `--lang`, else
/// the scenario file's ([`Lang::of_scenario`]). Errors that stop the
/// loading are written in it.
pub fn lang_before_data(arg: Option<LangArg>, scenario: &std::path::Path) -> Lang {
    let lang = arg.map_or_else(|| Lang::of_scenario(scenario), Lang::from);
    set_error_lang(lang);
    lang
}

/// A plan or point status in words (`optimal`, `time_limit`, `infeasible`,
/// `error`); an unknown status is shown as it is.
pub fn status(s: &str, lang: Lang) -> String {
    staffing::messages::status(lang, s)
}

/// A word of a shell command line, quoted when a POSIX shell would split or
/// expand it, in single quotes (a `'` inside written as `'\''`).
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(c, '_' | '-' | '.' | '/' | ':' | '=' | ',' | '+' | '@' | '%')
        });
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// `staffing` and the arguments of this run, with `--resume` added (once):
/// the command that resumes an interrupted sweep exactly as it was started.
pub fn resume_command(args: impl IntoIterator<Item = OsString>) -> String {
    let mut words: Vec<String> = args
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if !words.iter().any(|w| w == "--resume") {
        words.push("--resume".into());
    }
    std::iter::once("staffing".to_string())
        .chain(words.iter().map(|w| shell_word(w)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` left-aligned in `width` terminal columns, a CJK character
/// taking two.
pub fn left(text: &str, width: usize) -> String {
    let shown = staffing::report::xlsx::display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

/// `text` right-aligned in `width` terminal columns, a CJK character
/// taking two (so Chinese table headers line up with the figures).
pub fn right(text: &str, width: usize) -> String {
    let shown = staffing::report::xlsx::display_width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(shown)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_a_shell_would_split_are_quoted() {
        assert_eq!(shell_word("scenarios/a-b.toml"), "scenarios/a-b.toml");
        assert_eq!(shell_word("输出/甘肃"), "输出/甘肃");
        assert_eq!(shell_word("my plans"), "'my plans'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
    }

    #[test]
    fn the_resume_command_repeats_the_run_with_resume_once() {
        let args = [
            "sweep",
            "s.toml",
            "--set",
            "quotas.station_share=0.45",
            "--out",
            "o p",
        ];
        assert_eq!(
            resume_command(args.map(OsString::from)),
            "staffing sweep s.toml --set quotas.station_share=0.45 --out 'o p' --resume"
        );
        let again = ["sweep", "s.toml", "--resume"].map(OsString::from);
        assert_eq!(resume_command(again), "staffing sweep s.toml --resume");
    }
}
