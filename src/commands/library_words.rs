//! The library's typed errors other than the data's, worded in the
//! planner's language through the message catalogue (the data's errors are
//! [`staffing::messages::words::input_error`]'s).

use staffing::messages as m;
use staffing::model::milp::MilpError;
use staffing::pipeline::SolveError;
use staffing::report::Lang;

/// `layer` of an error chain in `lang`, when it is one of the typed errors
/// worded here (`None`: the caller shows the library's own text).
pub fn worded(layer: &(dyn std::error::Error + 'static), lang: Lang) -> Option<String> {
    if let Some(e) = layer.downcast_ref::<staffing::roadmap::RoadmapError>() {
        return super::no_plan_words::worded(e, lang);
    }
    let milp =
        layer
            .downcast_ref::<MilpError>()
            .or_else(|| match layer.downcast_ref::<SolveError>() {
                Some(SolveError::Milp(e)) => Some(e),
                _ => None,
            });
    match milp? {
        MilpError::NoPlanInTime { seconds } => Some(m::milp_no_plan_in_time(lang, *seconds)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_the_library_s_own_text() {
        let e = SolveError::Milp(MilpError::NoPlanInTime { seconds: 2.5 });
        assert_eq!(worded(&e, Lang::En), Some(e.to_string()));
        let zh = worded(&e, Lang::Zh).unwrap();
        assert!(zh.contains("2.5 秒"), "{zh}");
    }
}
