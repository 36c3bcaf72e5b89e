//! A command's error as the planner reads it: the data's errors
//! ([`InputError`], typed in the library) framed and worded in the chosen
//! language through the message catalogue, the rest as the library and
//! the context words them.

use staffing::error::{io_reason, quote, tidy, InputError};
use staffing::messages as m;
use staffing::report::Lang;

/// The text after `错误：` / `error: `: every layer of the error, outermost
/// first, joined by `: `; a data error in `lang`.
pub fn error_text(err: &anyhow::Error, lang: Lang) -> String {
    let mut parts = Vec::new();
    for layer in err.chain() {
        if let Some(input) = layer.downcast_ref::<InputError>() {
            parts.push(input_error(input, lang));
            break;
        }
        if let Some(text) = super::library_words::worded(layer, lang) {
            parts.push(text);
            break;
        }
        parts.push(layer.to_string());
    }
    parts.join(": ")
}

/// A data error in `lang`: file, row, column and value as the library has
/// them, the frame and the common problems from the catalogue.
pub fn input_error(e: &InputError, lang: Lang) -> String {
    let file = |f: &std::path::Path| tidy(&f.display().to_string());
    match e {
        InputError::Io { file: f, source } => m::input_io(lang, &file(f), &io_reason(source)),
        InputError::Empty { file: f, expected } => m::input_empty(lang, &file(f), expected),
        InputError::MissingColumn {
            file: f,
            column,
            found,
        } => m::input_missing_column(lang, &file(f), column, &tidy(found)),
        InputError::DuplicateColumn {
            file: f,
            column,
            first,
            second,
        } => m::input_duplicate_column(lang, &file(f), &quote(column), *first, *second),
        InputError::Cell {
            file: f,
            row,
            column,
            value,
            problem,
        } => m::input_cell(
            lang,
            &file(f),
            *row,
            &tidy(column),
            &quote(value),
            &tidy(&m::cell_problem(lang, problem)),
        ),
        InputError::Row {
            file: f,
            row,
            problem,
        } => m::input_row(lang, &file(f), *row, &tidy(problem)),
        InputError::Many { errors, more } => {
            let total = errors.len() + more;
            let mut out = if *more > 0 {
                m::input_many_listed(lang, total, errors.len())
            } else {
                m::input_many(lang, total)
            };
            for e in errors {
                out.push_str("\n  - ");
                out.push_str(&input_error(e, lang));
            }
            if *more > 0 {
                out.push('\n');
                out.push_str(&m::input_many_more(lang, *more));
            }
            out
        }
        // A file's or a scenario's own problem: as the library words it.
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_library_s_own_text() {
        let cell = || InputError::Cell {
            file: "data/stations.csv".into(),
            row: 3,
            column: "calls".into(),
            value: "八百".into(),
            problem: "is not a number: write it with digits, for example 1200 or 35.5".into(),
        };
        let e = cell();
        assert_eq!(input_error(&e, Lang::En), e.to_string());
        assert_eq!(
            input_error(&e, Lang::Zh),
            "data/stations.csv，第 3 行，`calls` 列：值 `八百` 不是数字：请用数字填写，例如 1200 或 35.5"
        );
        let many = InputError::Many {
            errors: vec![cell()],
            more: 2,
        };
        assert_eq!(input_error(&many, Lang::En), many.to_string());
    }
}
