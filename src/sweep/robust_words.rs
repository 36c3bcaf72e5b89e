//! The Monte Carlo page's comparison of the robust plan with the base plan,
//! in words ([`RobustVersusBase`]).

use crate::messages;
use crate::report::Lang;
use crate::sample::RobustVersusBase;

/// The comparison in words, for the Monte Carlo page (the texts are the
/// catalogue's, [`messages::robust_versus_base`]).
pub fn robust_versus_base(v: &RobustVersusBase, lang: Lang) -> String {
    let lv = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.4}"));
    let cl = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
    let (robust, base) = (cl(v.robust_community_level), cl(v.base_community_level));
    let community = if v.community_fixed() {
        messages::robust_community_fixed(lang, v.community_need, &robust, &base)
    } else {
        messages::robust_community_varies(
            lang,
            v.community_need,
            v.envelope_community_need,
            &robust,
            &base,
        )
    };
    messages::robust_versus_base(
        lang,
        &lv(v.robust_level),
        &lv(v.base_level),
        v.robust_duty_officers,
        v.base_duty_officers,
        v.envelope_duty_need,
        v.duty_need,
        v.robust_community_officers,
        v.base_community_officers,
        &community,
        v.stations_changed,
        v.officers_differing,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versus(envelope_community_need: f64) -> RobustVersusBase {
        RobustVersusBase {
            base_level: Some(1.0),
            robust_level: Some(0.75),
            base_duty_officers: 12,
            robust_duty_officers: 13,
            duty_need: 12.0,
            envelope_duty_need: 13.0,
            base_community_officers: 8,
            robust_community_officers: 7,
            community_need: 8.0,
            envelope_community_need,
            base_community_level: Some(1.0),
            robust_community_level: Some(0.75),
            stations_changed: 2,
            officers_differing: 4,
        }
    }

    #[test]
    fn the_page_says_what_the_robust_plan_gives_up() {
        let zh = robust_versus_base(&versus(8.0), Lang::Zh);
        assert!(
            zh.contains("稳健方案的均衡水平为 0.7500，基准方案为 1.0000"),
            "{zh}"
        );
        assert!(zh.contains("同一个数 0.750（基准方案 1.000）"), "{zh}");
        assert!(
            zh.contains("有 2 个派出所的民警人数不同，合计相差 4 人"),
            "{zh}"
        );
        let en = robust_versus_base(&versus(9.0), Lang::En);
        assert!(
            en.contains(
                "varies with the samples: 8 officers at the base parameters, 9 in the envelope"
            ),
            "{en}"
        );
    }
}
