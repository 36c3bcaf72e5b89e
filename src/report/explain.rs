//! Explanations of a plan, as tables: the transfer list, the compliance
//! report, the stations that bind, where the next officer helps most, and
//! mergers. Formatting only: the figures come from [`Explanations`].

use super::csv::{Cell, Table, HQ_NAME};
use crate::domain::Province;
use crate::outcome::{CountyLimit, Explanations, MergerComparison, Outcome, PlanTotals};

/// The explanation tables, by file stem: `transfers`, `compliance`,
/// `binding`, `marginal`, and `mergers` when the scenario merges stations.
pub fn tables(outcome: &Outcome, ex: &Explanations) -> Vec<(&'static str, Table)> {
    let mut out = vec![
        ("transfers", transfers(outcome, ex)),
        ("compliance", compliance(outcome, ex)),
        ("binding", binding(outcome, ex)),
        ("marginal", marginal(outcome, ex)),
    ];
    if let Some(m) = &ex.mergers {
        out.push(("mergers", mergers(m)));
    }
    out
}

fn level_cell(v: f64) -> Cell {
    if v.is_finite() {
        Cell::Num(v, 6)
    } else {
        Cell::Empty
    }
}

/// `transfers.csv`: per county, the moves from today's deployment to the plan.
pub fn transfers(outcome: &Outcome, ex: &Explanations) -> Table {
    let province = &outcome.province;
    let header = vec![
        "county_id",
        "county_name",
        "officers",
        "from_id",
        "from_name",
        "to_id",
        "to_name",
    ];
    let who = |i: Option<usize>| match i {
        None => (Cell::text("HQ"), Cell::text(HQ_NAME)),
        Some(s) => {
            let s = &province.stations[s];
            (Cell::text(&s.id), Cell::text(&s.name))
        }
    };
    let rows = ex
        .transfers
        .iter()
        .map(|m| {
            let c = &province.counties[m.county];
            let (fi, fname) = who(m.from);
            let (ti, tname) = who(m.to);
            vec![
                Cell::text(&c.id),
                Cell::text(&c.name),
                Cell::Int(m.officers),
                fi,
                fname,
                ti,
                tname,
            ]
        })
        .collect();
    let table = Table::new(&header, rows);
    match &outcome.strength {
        Some(st) => super::strength::transfers(outcome, ex, table, st),
        None => table,
    }
}

/// `compliance.csv`: per county, the 两个40% rule and one auxiliary per
/// village, before and after, with the counties breaking a rule today
/// flagged.
pub fn compliance(outcome: &Outcome, ex: &Explanations) -> Table {
    let province = &outcome.province;
    let header = vec![
        "county_id",
        "name",
        "station_share_before",
        "station_share_after",
        "station_rule_before",
        "station_rule_after",
        "community_share_before",
        "community_share_after",
        "community_rule_before",
        "community_rule_after",
        "village_cover_before",
        "village_cover_after",
        "stations_short_of_villages_before",
        "stations_short_of_villages_after",
        "village_rule_before",
        "village_rule_after",
        "breaks_a_rule_today",
        "breaks_a_rule_after",
    ];
    let rows = province
        .counties
        .iter()
        .zip(&outcome.counties)
        .zip(&ex.villages)
        .map(|((c, f), v)| {
            let (before, after) = (f.before, f.after);
            let (short0, cover0) = (v.before.short, v.before.cover);
            let (short1, cover1) = (v.after.short, v.after.cover);
            let ok0 = before.station_rule && before.community_rule && short0 == 0;
            let ok1 = after.station_rule && after.community_rule && short1 == 0;
            vec![
                Cell::text(&c.id),
                Cell::text(&c.name),
                Cell::Num(before.station_share, 4),
                Cell::Num(after.station_share, 4),
                Cell::yes_no(before.station_rule),
                Cell::yes_no(after.station_rule),
                Cell::Num(before.community_share, 4),
                Cell::Num(after.community_share, 4),
                Cell::yes_no(before.community_rule),
                Cell::yes_no(after.community_rule),
                Cell::Num(cover0, 4),
                Cell::Num(cover1, 4),
                Cell::Int(short0),
                Cell::Int(short1),
                Cell::yes_no(short0 == 0),
                Cell::yes_no(short1 == 0),
                Cell::yes_no(!ok0),
                Cell::yes_no(!ok1),
            ]
        })
        .collect();
    let mut table = Table::new(&header, rows);
    super::strength::compliance_columns(outcome, &mut table);
    table
}

/// What stops a county's level, in words.
pub fn limit_text(province: &Province, limit: CountyLimit) -> String {
    match limit {
        CountyLimit::Force => "the county force: no officer left above hq_min".into(),
        CountyLimit::Station(s, why) => {
            let st = &province.stations[s];
            format!("station {} {}: {}", st.id, st.name, why.as_str())
        }
        CountyLimit::Capacity => {
            "building capacity, locks and station move caps of the county".into()
        }
        CountyLimit::MoveCap => "the county move cap".into(),
        CountyLimit::None => String::new(),
        CountyLimit::Tie { rose, tied } => format!(
            "a tie: {tied} stations stand at this level and only {rose} of them can rise together"
        ),
    }
}

/// `binding.csv`: the stations that limit the balance level, the dimension,
/// and the people the dimension needs at the level and just above it.
pub fn binding(outcome: &Outcome, ex: &Explanations) -> Table {
    let Outcome { province, plan, .. } = outcome;
    let header = vec![
        "station_id",
        "name",
        "county_id",
        "county_name",
        "dimension",
        "requirement_at_level_1",
        "needed_at_balance_level",
        "needed_just_above",
        "officers",
        "community_officers",
        "limited_by",
    ];
    // Under the `county` and `leximin` targets: the filling step that fixed
    // each station and the level it is held at.
    let filled = ex.binding.iter().any(|d| d.fill.is_some());
    let mut header = header;
    if filled {
        header.extend(["fill_step", "held_level"]);
    }
    let rows = ex
        .binding
        .iter()
        .map(|d| {
            let b = d.binding;
            let s = &province.stations[b.station];
            let p = &plan.stations[b.station];
            let mut row = vec![
                Cell::text(&s.id),
                Cell::text(&s.name),
                Cell::text(&province.counties[s.county].id),
                Cell::text(&province.counties[s.county].name),
                Cell::text(b.dimension.as_str()),
                Cell::Num(d.requirement, 4),
                Cell::Int(d.needed_at_level),
                Cell::Int(d.needed_just_above),
                Cell::Int(p.officers),
                Cell::Int(p.community_officers),
                Cell::text(limit_text(province, d.limit)),
            ];
            if filled {
                let (step, level) = d.fill.map_or((Cell::Empty, Cell::Empty), |(s, l)| {
                    (Cell::Int(s as i64), Cell::Num(l, 6))
                });
                row.extend([step, level]);
            }
            row
        })
        .collect();
    Table::new(&header, rows)
}

/// `marginal.csv`: where the next officer helps most, ranked, with the next
/// auxiliary post alongside.
pub fn marginal(outcome: &Outcome, ex: &Explanations) -> Table {
    let Outcome { province, plan, .. } = outcome;
    let officers = &ex.officer_marginals;
    let aux = &ex.auxiliary_marginals;
    let header = vec![
        "rank",
        "county_id",
        "county_name",
        "county_level",
        "county_level_plus_officer",
        "county_gain",
        "province_level",
        "province_level_plus_officer",
        "province_gain",
        "officer_to_station_id",
        "officer_to_station_name",
        "officer_dimension",
        "county_limited_by",
        "aux_to_station_id",
        "aux_to_station_name",
        "county_aux_cover",
        "province_aux_level",
        "province_aux_level_plus_post",
        "county_level_plus_aux_post",
    ];
    let t = plan.balance_level.unwrap_or(f64::INFINITY);
    let ta = plan.auxiliary_balance_level;
    let rows = officers
        .iter()
        .enumerate()
        .map(|(rank, m)| {
            let c = &province.counties[m.county];
            let names = |f: &dyn Fn(usize) -> String| {
                m.stations
                    .iter()
                    .map(|&(s, _)| f(s))
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            let dims: Vec<&str> = m.stations.iter().map(|(_, d)| d.as_str()).collect();
            let a = &aux[m.county];
            let gain = |a: f64, b: f64| {
                if a.is_finite() && b.is_finite() {
                    Cell::Num(b - a, 6)
                } else {
                    Cell::Empty
                }
            };
            let (aid, aname) = match a.station {
                Some(s) => (
                    Cell::text(&province.stations[s].id),
                    Cell::text(&province.stations[s].name),
                ),
                None => (Cell::Empty, Cell::Empty),
            };
            vec![
                Cell::Int(rank as i64 + 1),
                Cell::text(&c.id),
                Cell::text(&c.name),
                level_cell(m.level),
                level_cell(m.level_plus),
                gain(m.level, m.level_plus),
                level_cell(t),
                level_cell(m.province_plus),
                gain(t, m.province_plus),
                Cell::text(names(&|s| province.stations[s].id.clone())),
                Cell::text(names(&|s| province.stations[s].name.clone())),
                Cell::text(dims.join(" + ")),
                Cell::text(limit_text(province, m.limit)),
                aid,
                aname,
                Cell::opt(a.cover, 6),
                Cell::opt(ta, 6),
                Cell::opt(a.province_plus, 6),
                a.officer_level_plus.map_or(Cell::Empty, level_cell),
            ]
        })
        .collect();
    Table::new(&header, rows)
}

/// `mergers.csv`: the plan with the scenario's mergers against the plan
/// without them.
pub fn mergers(m: &MergerComparison) -> Table {
    let header = vec![
        "case",
        "stations",
        "balance_level",
        "officers_moved",
        "auxiliary_balance_level",
        "auxiliaries_changed",
        "note",
    ];
    let row = |case: &str, plan: &PlanTotals, note: String| {
        vec![
            Cell::text(case),
            Cell::Int(plan.stations as i64),
            Cell::opt(plan.balance_level, 6),
            Cell::Int(plan.officers_moved),
            Cell::opt(plan.auxiliary_balance_level, 6),
            Cell::Int(plan.auxiliaries_changed),
            Cell::text(note),
        ]
    };
    let with = &m.with;
    let mut rows = vec![row("with mergers", with, String::new())];
    match &m.without {
        Ok(p) => {
            rows.push(row("without mergers", p, String::new()));
            let diff = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => Cell::Num(a - b, 6),
                _ => Cell::Empty,
            };
            let saved = p.officers_moved - with.officers_moved;
            rows.push(vec![
                Cell::text("change"),
                Cell::Int(with.stations as i64 - p.stations as i64),
                diff(with.balance_level, p.balance_level),
                Cell::Int(with.officers_moved - p.officers_moved),
                diff(with.auxiliary_balance_level, p.auxiliary_balance_level),
                Cell::Int(with.auxiliaries_changed - p.auxiliaries_changed),
                Cell::text(if saved >= 0 {
                    format!("the mergers save {saved} moves")
                } else {
                    format!("the mergers cost {} more moves", -saved)
                }),
            ]);
        }
        Err((n, stations)) => rows.push(vec![
            Cell::text("without mergers"),
            Cell::Int(*stations as i64),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::text(format!("no plan without the mergers ({n} broken rules)")),
        ]),
    }
    Table::new(&header, rows)
}
