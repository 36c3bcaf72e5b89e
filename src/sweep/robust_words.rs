//! The Monte Carlo page's comparison of the robust plan with the base plan,
//! in words ([`RobustVersusBase`]).

use crate::report::Lang;
use crate::sample::RobustVersusBase;

/// The comparison in words, for the Monte Carlo page.
pub fn robust_versus_base(v: &RobustVersusBase, lang: Lang) -> String {
    let lv = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.4}"));
    let cl = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
    let community = match (lang, v.community_fixed()) {
        (Lang::Zh, true) => format!(
            "抽样的参数不改变社区警务需求（{:.0} 人），所以稳健方案的社区警务水平（各所社区民警与需求之比的最低值）在每个样本中都是同一个数 {}（基准方案 {}）；样本之间变化的只有接处警一侧。",
            v.community_need,
            cl(v.robust_community_level),
            cl(v.base_community_level)
        ),
        (Lang::En, true) => format!(
            "The sampled keys leave the community need as it is ({:.0} officers), so the robust plan's community level (the lowest ratio of community officers to need) is the same {} in every sample (base plan {}); only the duty side varies between samples.",
            v.community_need,
            cl(v.robust_community_level),
            cl(v.base_community_level)
        ),
        (Lang::Zh, false) => format!(
            "社区警务需求随样本变化：基准参数下 {:.0} 人，稳健方案按 {:.0} 人安排；其社区警务水平在基准参数下为 {}（基准方案 {}）。",
            v.community_need,
            v.envelope_community_need,
            cl(v.robust_community_level),
            cl(v.base_community_level)
        ),
        (Lang::En, false) => format!(
            "The community need varies with the samples: {:.0} officers at the base parameters, {:.0} in the envelope the robust plan meets; its community level at the base parameters is {} (base plan {}).",
            v.community_need,
            v.envelope_community_need,
            cl(v.robust_community_level),
            cl(v.base_community_level)
        ),
    };
    match lang {
        Lang::Zh => format!(
            "与基准方案（情景自身参数下的最优方案）相比：在情景自身参数下，稳健方案的均衡水平为 {}，基准方案为 {}。稳健方案安排值班民警 {} 人（基准方案 {} 人），以应对最差情况的接处警需求 {:.0} 人（情景自身参数下 {:.0} 人）；社区民警 {} 人（基准方案 {} 人）。{community}两方案有 {} 个派出所的民警人数不同，合计相差 {} 人。",
            lv(v.robust_level),
            lv(v.base_level),
            v.robust_duty_officers,
            v.base_duty_officers,
            v.envelope_duty_need,
            v.duty_need,
            v.robust_community_officers,
            v.base_community_officers,
            v.stations_changed,
            v.officers_differing
        ),
        Lang::En => format!(
            "Against the base plan (the optimum at the scenario's own parameters): at those parameters the robust plan reaches a balance level of {}, the base plan {}. The robust plan keeps {} duty officers (base plan {}) for a duty need of {:.0} in the envelope ({:.0} at the scenario's own parameters), and {} community officers (base plan {}). {community} The two plans differ at {} stations, by {} officers in all.",
            lv(v.robust_level),
            lv(v.base_level),
            v.robust_duty_officers,
            v.base_duty_officers,
            v.envelope_duty_need,
            v.duty_need,
            v.robust_community_officers,
            v.base_community_officers,
            v.stations_changed,
            v.officers_differing
        ),
    }
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
