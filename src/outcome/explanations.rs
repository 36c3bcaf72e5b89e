//! The explanations of a plan folder: the marginal value of one more
//! officer or auxiliary post, the transfer list, and what binds the level
//! at each binding station.

use super::{BeforeAfter, MergerComparison, VillageCover};
use crate::plan::{Binding, CountyLimit, Dimension};

/// One more officer in one county.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficerMarginal {
    /// The county, by index into the province's counties.
    pub county: usize,
    /// t*c (`f64::INFINITY`: no workload).
    pub level: f64,
    /// t⁺c with one more officer.
    pub level_plus: f64,
    /// The province's level with one more officer in this county.
    pub province_plus: f64,
    /// Where it goes: the stations that step up just above t*c.
    pub stations: Vec<(usize, Dimension)>,
    /// What stops the county's level from rising.
    pub limit: CountyLimit,
}

/// One more auxiliary post in one county.
#[derive(Debug, Clone, PartialEq)]
pub struct AuxiliaryMarginal {
    /// The county, by index into the province's counties.
    pub county: usize,
    /// The station with the lowest cover aₛ ÷ Vₛ (`None`: no villages).
    pub station: Option<usize>,
    /// That cover (the county's auxiliary level).
    pub cover: Option<f64>,
    /// The province's auxiliary level with the post.
    pub province_plus: Option<f64>,
    /// The county's officer level with the post's duty credit (f > 0 only).
    pub officer_level_plus: Option<f64>,
}

/// What a line of a transfer list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferKind {
    /// Officers of today's force changing post: the plan's moves.
    Move,
    /// Officers new to the county's force (recruits, a force increase)
    /// taking a post: `from` is `None`. Not a move.
    Recruit,
    /// Posts left by officers leaving the county's force (a force cut):
    /// `to` is `None`. Not a move.
    Leaver,
}

/// One line of a county's transfer list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer {
    /// The county, by index into the province's counties.
    pub county: usize,
    /// How many officers the line moves.
    pub officers: i64,
    /// Station index into [`Province::stations`]; `None` is the county's HQ
    /// (or, for a recruit line, the new officers).
    pub from: Option<usize>,
    /// Station index; `None` is the county's HQ (or, for a leaver line, out
    /// of the force).
    pub to: Option<usize>,
    /// A move, a recruit or a leaver.
    pub kind: TransferKind,
}

/// A station that binds the balance level, with the people its dimension
/// needs at the level and just above it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BindingDetail {
    /// The station and the requirement that binds.
    pub binding: Binding,
    /// The dimension's requirement at level 1.0.
    pub requirement: f64,
    /// People the dimension needs at the level.
    pub needed_at_level: i64,
    /// People it needs just above the level.
    pub needed_just_above: i64,
    /// What stops the station's county.
    pub limit: CountyLimit,
    /// Under the `county` and `leximin` targets: the filling step that
    /// fixed the station (1 under `county`) and the level it is held at
    /// (the needs above are taken there).
    pub fill: Option<(usize, f64)>,
}

/// What explains a plan: who moves where, the rules before and after, what
/// binds the level and where one more person helps most.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanations {
    /// Every county's transfer list, county by county.
    pub transfers: Vec<Transfer>,
    /// Per county: one auxiliary per village today and planned.
    pub villages: Vec<BeforeAfter<VillageCover>>,
    /// One per entry of the plan's binding stations.
    pub binding: Vec<BindingDetail>,
    /// Ranked: the highest province level first.
    pub officer_marginals: Vec<OfficerMarginal>,
    /// Per county, in input order.
    pub auxiliary_marginals: Vec<AuxiliaryMarginal>,
    /// When the scenario merges stations.
    pub mergers: Option<MergerComparison>,
}
