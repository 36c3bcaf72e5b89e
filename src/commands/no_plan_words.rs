//! Why a roadmap year has no plan ([`NoPlan`]), worded in the planner's
//! language through the message catalogue. In English it is the library's
//! own text, which `roadmap.csv` and `summary.json` carry.

use staffing::messages as m;
use staffing::report::Lang;
use staffing::roadmap::no_plan::{CountyShort, NoPlan, ShortNeed, TargetMiss};
use staffing::roadmap::RoadmapError;

/// A roadmap error in `lang` when it is a year with no plan (`None`: the
/// caller shows the library's own text).
pub fn worded(e: &RoadmapError, lang: Lang) -> Option<String> {
    match e {
        RoadmapError::Infeasible { year, reason } => {
            Some(m::roadmap_stops_at(lang, *year, &no_plan(reason, lang)))
        }
        _ => None,
    }
}

/// Why a year has no plan, in `lang`.
pub fn no_plan(r: &NoPlan, lang: Lang) -> String {
    match r {
        NoPlan::Short {
            needed,
            recruits,
            counties,
        } => {
            let list: Vec<String> = counties.iter().map(|c| county(c, lang)).collect();
            let list = list.join(lang.pick("；", "; "));
            match needed {
                Some(n) => m::roadmap_short(lang, *n, *recruits, &list),
                None => m::roadmap_short_capped(lang, *recruits, &list),
            }
        }
        NoPlan::Horizon { need, by, supply } => match need {
            Some(n) => m::roadmap_horizon_short(lang, *n, *by, *supply),
            None => m::roadmap_horizon_short_capped(lang, *by, *supply),
        },
        NoPlan::Rules(reasons) => rules(reasons, lang),
        NoPlan::Lever(e) => staffing::messages::words::lever_error(e, lang),
        NoPlan::Target { level, why } => m::roadmap_target_missed(lang, *level, &target(why, lang)),
    }
}

/// The rules no plan meets, one after the other.
fn rules(reasons: &[staffing::plan::Infeasibility], lang: Lang) -> String {
    let list: Vec<String> = match lang {
        Lang::Zh => reasons
            .iter()
            .map(|r| staffing::messages::words::infeasibility(r, lang))
            .collect(),
        Lang::En => reasons.iter().map(|r| r.to_string()).collect(),
    };
    list.join(lang.pick("；", "; "))
}

fn county(c: &CountyShort, lang: Lang) -> String {
    let id = &c.county;
    match c.need {
        ShortNeed::Unreachable => m::roadmap_county_unreachable(lang, id),
        ShortNeed::AboveCap { need, cap } => m::roadmap_county_above_cap(lang, id, need, cap),
        ShortNeed::Needs(n) => m::roadmap_county_needs(lang, id, n),
    }
}

fn target(t: &TargetMiss, lang: Lang) -> String {
    match t {
        TargetMiss::Unreachable {
            year,
            county,
            level,
        } => m::roadmap_target_unreachable(lang, *year, county, *level),
        TargetMiss::OverCap { year, county } => m::roadmap_target_over_cap(lang, *year, county),
        TargetMiss::CapsTooFew { max, level } => m::roadmap_target_caps(lang, *max, *level),
        TargetMiss::NoNumber { max, mode } => m::roadmap_target_no_number(lang, *max, mode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use staffing::plan::Infeasibility;

    fn every_kind() -> Vec<NoPlan> {
        let short = |need| CountyShort {
            county: "C001".into(),
            need,
        };
        let counties = vec![
            short(ShortNeed::Unreachable),
            short(ShortNeed::AboveCap { need: 7, cap: 5 }),
            short(ShortNeed::Needs(3)),
        ];
        let target = |why| NoPlan::Target { level: 0.25, why };
        vec![
            NoPlan::Short {
                needed: Some(10),
                recruits: 4,
                counties: counties.clone(),
            },
            NoPlan::Short {
                needed: None,
                recruits: 4,
                counties,
            },
            NoPlan::horizon(2028, 120, 80),
            NoPlan::horizon(2029, staffing::model::rules::UNREACHABLE, 80),
            NoPlan::Rules(vec![
                Infeasibility::StationMinimums {
                    county: "C004".into(),
                    needed: 30,
                    force: 25,
                    hq_min: 5,
                    available: 20,
                };
                2
            ]),
            target(TargetMiss::Unreachable {
                year: 2,
                county: "C002".into(),
                level: 0.25,
            }),
            target(TargetMiss::OverCap {
                year: 3,
                county: "C003".into(),
            }),
            target(TargetMiss::CapsTooFew {
                max: 1000,
                level: 0.25,
            }),
            NoPlan::no_number(0.25, "myopic"),
            NoPlan::Lever(staffing::model::levers::LeverError::Infeasible(vec![
                Infeasibility::StationMinimums {
                    county: "C005".into(),
                    needed: 30,
                    force: 25,
                    hq_min: 5,
                    available: 20,
                },
            ])),
        ]
    }

    #[test]
    fn english_is_the_text_the_files_carry() {
        for r in every_kind() {
            assert_eq!(no_plan(&r, Lang::En), r.to_string());
            let e = RoadmapError::Infeasible {
                year: 2028,
                reason: r,
            };
            assert_eq!(worded(&e, Lang::En), Some(e.to_string()));
        }
    }

    #[test]
    fn chinese_carries_the_values() {
        let zh = no_plan(&NoPlan::horizon(2028, 120, 80), Lang::Zh);
        assert!(
            zh.contains("2028 年") && zh.contains("120 名") && zh.contains("80 名"),
            "{zh}"
        );
        for r in every_kind() {
            let zh = no_plan(&r, Lang::Zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            assert_ne!(zh, r.to_string());
        }
    }
}
