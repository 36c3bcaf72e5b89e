//! The real strength of a run: the books against the officers really at
//! the stations, 两队一室, and the lines of the books (nominal, seconded,
//! restricted) the strength tables list.

use serde::Serialize;

use super::{BeforeAfter, CountyFigures};

/// A figure on the books today, in reality today, and under the plan (which
/// is made on real strength).
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct PaperReal<T> {
    /// On the books today.
    pub paper: T,
    /// In reality today.
    pub real: T,
    /// Under the plan.
    pub after: T,
}

/// Stations able to run 两队一室 (`summary.json`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct TwoTeamsSummary {
    /// The scenario's thresholds, in real officers.
    pub community_team: i64,
    /// Duty officers the case team needs.
    pub case_team: i64,
    /// Duty officers the command room needs.
    pub command_room: i64,
    /// Stations in the data.
    pub stations: usize,
    /// Stations able to run it, today (real strength) and under the plan.
    pub viable: BeforeAfter<usize>,
    /// The same as shares of the stations.
    pub share: BeforeAfter<f64>,
}

/// Paper versus real strength over the province (`summary.json`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StrengthSummary {
    /// Whether seconded officers are recalled (`[strength] recall_seconded`).
    pub recall_seconded: bool,
    /// Officers on the stations' books today.
    pub station_officers_books: i64,
    /// Of them: working at HQ (挂名/兼职).
    pub nominal: i64,
    /// Of them: seconded to task forces (借调/抽调); back at their stations
    /// when recalled.
    pub seconded: i64,
    /// Officers at stations who cannot take duty shifts (不能值班备勤).
    pub restricted: i64,
    /// Officers really at the stations today, x⁰.
    pub station_officers_real: i64,
    /// Community officers on the stations' books today.
    pub community_officers_books: i64,
    /// Community officers really at the stations today, y⁰.
    pub community_officers_real: i64,
    /// The first 40%: station officers ÷ the counties' force.
    pub station_share: PaperReal<f64>,
    /// The second 40%: community officers ÷ station officers.
    pub community_share: PaperReal<f64>,
    /// Counties meeting the station share on paper, in reality and planned.
    pub counties_meeting_station_share: PaperReal<usize>,
    /// Counties meeting the community share on paper, in reality and planned.
    pub counties_meeting_community_share: PaperReal<usize>,
    /// Counties that meet the station share on paper but not in reality.
    pub station_share_met_on_paper_only: Vec<String>,
    /// Counties that meet the community share on paper but not in reality.
    pub community_share_met_on_paper_only: Vec<String>,
    /// Stations able to run 两队一室.
    pub two_teams_one_room: TwoTeamsSummary,
    /// 警辅比 1 : r, r = auxiliaries ÷ real station officers (`None`: no
    /// officers).
    pub auxiliary_ratio: BeforeAfter<Option<f64>>,
    /// 警辅比 over the whole force: auxiliaries ÷ the counties' force (HQ,
    /// stations and the seconded; the planned force after).
    pub auxiliary_ratio_force: BeforeAfter<Option<f64>>,
    /// 一村一辅警: Σ min(auxiliaries, villages) ÷ Σ villages (`None`: no
    /// villages).
    pub village_coverage: BeforeAfter<Option<f64>>,
}

/// Paper versus real strength of one county.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountyStrength {
    /// Officers on the county's station books who work at HQ (挂名).
    pub nominal: i64,
    /// Officers seconded away from its stations (借调/抽调).
    pub seconded: i64,
    /// Officers at its stations who cannot take duty shifts.
    pub restricted: i64,
    /// The two 40% rules on the books today (the real ones are
    /// [`Outcome::counties`]' `before`).
    pub paper: CountyFigures,
    /// Stations able to run 两队一室, today and under the plan.
    pub two_teams: BeforeAfter<i64>,
    /// 警辅比 r (auxiliaries ÷ real station officers).
    pub auxiliary_ratio: BeforeAfter<Option<f64>>,
    /// 一村一辅警 coverage.
    pub village_coverage: BeforeAfter<Option<f64>>,
}

/// What a line of `transfers.csv` that is not a move stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookKind {
    /// Nominal officers struck off a station's books: they already work at
    /// HQ, nobody moves.
    Correction,
    /// Seconded officers recalled from their task force to their station
    /// (`[strength] recall_seconded`): returning is not a move.
    Recall,
}

impl BookKind {
    /// The line's kind as `transfers.csv` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            BookKind::Correction => "book correction",
            BookKind::Recall => "recall",
        }
    }
}

/// A book correction or a recall at one station.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookLine {
    /// The county, by index into the province's counties.
    pub county: usize,
    /// The station, by index into the province's stations.
    pub station: usize,
    /// How many officers the line concerns.
    pub officers: i64,
    /// A book correction or a recall.
    pub kind: BookKind,
}

/// Paper versus real strength: every figure the outputs show about it.
#[derive(Debug, Clone, PartialEq)]
pub struct StrengthFigures {
    /// Per county, in input order.
    pub counties: Vec<CountyStrength>,
    /// Per station, in input order: able to run 两队一室 today and planned.
    pub two_teams: Vec<BeforeAfter<bool>>,
    /// Book corrections and recalls, by county then station.
    pub book_lines: Vec<BookLine>,
    /// The province's figures (also in `summary.json`).
    pub summary: StrengthSummary,
}
