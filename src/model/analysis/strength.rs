//! The figures of paper versus real strength (`docs/strength.md`), computed
//! once for the outputs: the 两个40% on the books beside the real ones, the
//! counties that meet a rule only on paper, the stations able to run
//! 两队一室, the officer-to-auxiliary ratio (警辅比) and 一村一辅警
//! coverage, today and under the plan, and the book corrections and recalls
//! of `transfers.csv`.
//!
//! The province here is the real one ([`crate::model::strength::real_strength`]
//! has run): `officers` and `community_officers` are today's real x⁰ₛ, y⁰ₛ,
//! and the books are kept beside them.
//!
//! Definitions, each over the stations of a county or of the province:
//! * station share = Σ xₛ ÷ Σ Ec and community share = Σ yₛ ÷ Σ xₛ, on the
//!   books (xₛ, yₛ as listed), in reality today (x⁰ₛ, y⁰ₛ) and planned;
//!   whether each county meets a rule uses the same test as the county
//!   table ([`county_figures`]);
//! * 两队一室: yₛ ≥ community_team and xₛ − yₛ ≥ case_team + command_room
//!   ([`two_teams_viable`]), on real officers;
//! * 警辅比 1 : r with r = Σ aₛ ÷ Σ xₛ (real station officers);
//! * 一村一辅警 coverage = Σ min(aₛ, villagesₛ) ÷ Σ villagesₛ.

use crate::domain::{Params, Province};
use crate::model::analysis::{county_figures, village_coverage};
use crate::model::strength::{books, has_strength_data, two_teams_viable};
use crate::outcome::{
    BeforeAfter, BookKind, BookLine, CountyFigures, CountyStrength, PaperReal, StrengthFigures,
    StrengthSummary, TwoTeamsSummary,
};
use crate::plan::Plan;

/// Whether the outputs show real strength: the data has a nominal, seconded
/// or restricted officer, or the scenario sets a `[strength]` or
/// `[stations.two_teams_one_room]` key. Otherwise every output is exactly
/// what it is without real strength.
pub fn shown(province: &Province, params: &Params) -> bool {
    params.strength.asked || has_strength_data(province)
}

fn ratio(a: i64, b: i64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

fn share(a: i64, b: i64) -> f64 {
    ratio(a, b).unwrap_or(0.0)
}

/// 一村一辅警 coverage over some stations ([`village_coverage`]).
fn coverage(province: &Province, stations: &[usize], aux: impl Fn(usize) -> i64) -> Option<f64> {
    village_coverage(province, stations.iter().copied(), aux)
}

/// Every figure of paper versus real strength, or `None` when the outputs
/// do not show it ([`shown`]). `counties` are the county rows of the plan
/// (real today and planned).
pub fn figures(
    province: &Province,
    params: &Params,
    plan: &Plan,
    counties: &[BeforeAfter<CountyFigures>],
) -> Option<StrengthFigures> {
    if !shown(province, params) {
        return None;
    }
    let teams = &params.strength.two_teams_one_room;
    let recall = params.strength.recall_seconded;
    let two_teams: Vec<BeforeAfter<bool>> = province
        .stations
        .iter()
        .zip(&plan.stations)
        .map(|(s, p)| BeforeAfter {
            before: two_teams_viable(s.officers, s.community_officers, teams),
            after: two_teams_viable(p.officers, p.community_officers, teams),
        })
        .collect();

    let (rows, book_lines) = county_rows(province, params, plan, counties, &two_teams);

    let all =
        |f: &dyn Fn(&crate::domain::Station) -> i64| province.stations.iter().map(f).sum::<i64>();
    // Today's shares on today's force; the plan's on the planned force
    // (recruits included).
    let force: i64 = counties.iter().map(|c| c.before.force).sum();
    let force_after: i64 = counties.iter().map(|c| c.after.force).sum();
    let books_x = all(&|s| books(s).0);
    let books_y = all(&|s| books(s).1);
    let real_x = all(&|s| s.officers);
    let real_y = all(&|s| s.community_officers);
    let plan_x: i64 = plan.stations.iter().map(|p| p.officers).sum();
    let plan_y: i64 = plan.stations.iter().map(|p| p.community_officers).sum();
    let aux0 = all(&|s| s.auxiliaries);
    let aux1: i64 = plan.stations.iter().map(|p| p.auxiliaries).sum();
    let every: Vec<usize> = (0..province.stations.len()).collect();
    let meeting = |f: &dyn Fn(usize) -> bool| (0..counties.len()).filter(|&c| f(c)).count();
    let paper_only = |f: &dyn Fn(usize) -> bool| {
        (0..counties.len())
            .filter(|&c| f(c))
            .map(|c| province.counties[c].id.clone())
            .collect::<Vec<_>>()
    };
    let n = province.stations.len();
    let viable = BeforeAfter {
        before: two_teams.iter().filter(|v| v.before).count(),
        after: two_teams.iter().filter(|v| v.after).count(),
    };
    let summary = StrengthSummary {
        recall_seconded: recall,
        station_officers_books: books_x,
        nominal: all(&|s| s.strength.nominal),
        seconded: all(&|s| s.strength.seconded),
        restricted: all(&|s| s.strength.restricted),
        station_officers_real: real_x,
        community_officers_books: books_y,
        community_officers_real: real_y,
        station_share: PaperReal {
            paper: share(books_x, force),
            real: share(real_x, force),
            after: share(plan_x, force_after),
        },
        community_share: PaperReal {
            paper: share(books_y, books_x),
            real: share(real_y, real_x),
            after: share(plan_y, plan_x),
        },
        counties_meeting_station_share: PaperReal {
            paper: meeting(&|c| rows[c].paper.station_rule),
            real: meeting(&|c| counties[c].before.station_rule),
            after: meeting(&|c| counties[c].after.station_rule),
        },
        counties_meeting_community_share: PaperReal {
            paper: meeting(&|c| rows[c].paper.community_rule),
            real: meeting(&|c| counties[c].before.community_rule),
            after: meeting(&|c| counties[c].after.community_rule),
        },
        station_share_met_on_paper_only: paper_only(&|c| {
            rows[c].paper.station_rule && !counties[c].before.station_rule
        }),
        community_share_met_on_paper_only: paper_only(&|c| {
            rows[c].paper.community_rule && !counties[c].before.community_rule
        }),
        two_teams_one_room: TwoTeamsSummary {
            community_team: teams.community_team,
            case_team: teams.case_team,
            command_room: teams.command_room,
            stations: n,
            viable,
            share: BeforeAfter {
                before: share(viable.before as i64, n as i64),
                after: share(viable.after as i64, n as i64),
            },
        },
        auxiliary_ratio: BeforeAfter {
            before: ratio(aux0, real_x),
            after: ratio(aux1, plan_x),
        },
        auxiliary_ratio_force: BeforeAfter {
            before: ratio(aux0, force),
            after: ratio(aux1, force_after),
        },
        village_coverage: BeforeAfter {
            before: coverage(province, &every, |s| province.stations[s].auxiliaries),
            after: coverage(province, &every, |s| plan.stations[s].auxiliaries),
        },
    };
    Some(StrengthFigures {
        counties: rows,
        two_teams,
        book_lines,
        summary,
    })
}

/// Per county, its real strength beside the books, today and planned
/// (`two_teams`: each station's 两队一室 today and planned), and the book
/// lines of `transfers.csv`: every nominal officer's correction and, when
/// seconded officers are recalled, every recall, county by county.
fn county_rows(
    province: &Province,
    params: &Params,
    plan: &Plan,
    counties: &[BeforeAfter<CountyFigures>],
    two_teams: &[BeforeAfter<bool>],
) -> (Vec<CountyStrength>, Vec<BookLine>) {
    let recall = params.strength.recall_seconded;
    let mut rows = Vec::with_capacity(province.counties.len());
    let mut book_lines = Vec::new();
    for (ci, c) in province.counties.iter().enumerate() {
        let sum = |f: &dyn Fn(usize) -> i64| c.stations.iter().map(|&s| f(s)).sum::<i64>();
        let st = |s: usize| &province.stations[s];
        let x0 = sum(&|s| st(s).officers);
        let x1 = sum(&|s| plan.stations[s].officers);
        let (a0, a1) = (
            sum(&|s| st(s).auxiliaries),
            sum(&|s| plan.stations[s].auxiliaries),
        );
        rows.push(CountyStrength {
            nominal: sum(&|s| st(s).strength.nominal),
            seconded: sum(&|s| st(s).strength.seconded),
            restricted: sum(&|s| st(s).strength.restricted),
            paper: county_figures(c, counties[ci].before.force, params, |s| {
                books(&province.stations[s])
            }),
            two_teams: BeforeAfter {
                before: c.stations.iter().filter(|&&s| two_teams[s].before).count() as i64,
                after: c.stations.iter().filter(|&&s| two_teams[s].after).count() as i64,
            },
            auxiliary_ratio: BeforeAfter {
                before: ratio(a0, x0),
                after: ratio(a1, x1),
            },
            village_coverage: BeforeAfter {
                before: coverage(province, &c.stations, |s| st(s).auxiliaries),
                after: coverage(province, &c.stations, |s| plan.stations[s].auxiliaries),
            },
        });
        for &s in &c.stations {
            let strength = &st(s).strength;
            if strength.nominal > 0 {
                book_lines.push(BookLine {
                    county: ci,
                    station: s,
                    officers: strength.nominal,
                    kind: BookKind::Correction,
                });
            }
            if recall && strength.seconded > 0 {
                book_lines.push(BookLine {
                    county: ci,
                    station: s,
                    officers: strength.seconded,
                    kind: BookKind::Recall,
                });
            }
        }
    }
    (rows, book_lines)
}
