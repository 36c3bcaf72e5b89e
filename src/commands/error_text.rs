//! A command's error as the planner reads it: every layer of the error,
//! the library's typed problems worded through
//! [`staffing::messages::words`], the rest as the library and the context
//! word them.

use staffing::error::InputError;
use staffing::messages as m;
use staffing::messages::words::{infeasibility, input_error, lever_error};
use staffing::model::levers::LeverError;
use staffing::pipeline::SolveError;
use staffing::report::Lang;

/// The text after `错误：` / `error: `: every layer of the error, outermost
/// first, joined by `：` / `: `; a data error and the rules no plan meets in
/// `lang`.
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
        if let Some(SolveError::Infeasible(reasons)) = layer.downcast_ref::<SolveError>() {
            let list: Vec<String> = reasons
                .iter()
                .map(|r| format!("  - {}", infeasibility(r, lang)))
                .collect();
            parts.push(m::no_plan_meets(lang, &list.join("\n")));
            break;
        }
        if let Some(SolveError::Lever(lever)) = layer.downcast_ref::<SolveError>() {
            parts.push(lever_error(lever, lang));
            break;
        }
        // `check` applies the force lever itself, without a solve.
        if let Some(lever) = layer.downcast_ref::<LeverError>() {
            parts.push(lever_error(lever, lang));
            break;
        }
        parts.push(layer.to_string());
    }
    parts.join(lang.pick("：", ": "))
}
