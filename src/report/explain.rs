//! Explanations of a plan, as tables: the transfer list, the compliance
//! report, the stations that bind, where the next officer helps most, and
//! mergers. Formatting only: the figures come from [`Explanations`].

use super::csv::{Cell, Table, HQ_NAME};
use crate::domain::Province;
use crate::outcome::{
    hq_refill, hq_today, CountyLimit, Explanations, HqRefill, MergerComparison, Outcome,
    PlanTotals, TransferKind, VillageCover,
};

/// The explanation tables, by file stem: `transfers`, `compliance`,
/// `binding`, `marginal`, and `mergers` when the scenario merges stations.
pub fn tables(outcome: &Outcome, ex: &Explanations) -> Vec<(&'static str, Table)> {
    makers(outcome, ex)
        .into_iter()
        .map(|(stem, make)| (stem, make()))
        .collect()
}

/// A table of [`tables`] and what builds it.
pub type Maker<'a> = (&'static str, Box<dyn Fn() -> Table + Send + Sync + 'a>);

/// The tables of [`tables`], each built only when called: the plan folder
/// builds, writes and drops one before the next.
pub fn makers<'a>(outcome: &'a Outcome, ex: &'a Explanations) -> Vec<Maker<'a>> {
    let mut out: Vec<Maker<'a>> = vec![
        ("transfers", Box::new(move || transfers(outcome, ex))),
        ("compliance", Box::new(move || compliance(outcome, ex))),
        ("binding", Box::new(move || binding(outcome, ex))),
        ("marginal", Box::new(move || marginal(outcome, ex))),
    ];
    if let Some(m) = &ex.mergers {
        out.push(("mergers", Box::new(move || mergers(m))));
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

/// `transfers.csv`: per county, the moves from today's deployment to the
/// plan. When a county's force changes (recruits, `[force]`), newcomers
/// taking posts (`新招录 → station`) and posts left by leavers are lines of
/// their own, and a `line_kind` column tells them from the moves, whose
/// officers add up to the county's `officers_moved`.
pub fn transfers(outcome: &Outcome, ex: &Explanations) -> Table {
    let province = &outcome.province;
    let mut header = vec![
        "county_id",
        "county_name",
        "officers",
        "from_id",
        "from_name",
        "to_id",
        "to_name",
    ];
    let labelled =
        outcome.strength.is_some() || ex.transfers.iter().any(|t| t.kind != TransferKind::Move);
    if labelled {
        header.push("line_kind");
    }
    let who = |i: Option<usize>, kind: TransferKind, from: bool| match (i, kind, from) {
        (None, TransferKind::Recruit, true) => (Cell::text(NEW_ID), Cell::text(NEW_NAME)),
        (None, TransferKind::Leaver, false) => (Cell::text(LEFT_ID), Cell::text(LEFT_NAME)),
        (None, _, _) => (Cell::text("HQ"), Cell::text(HQ_NAME)),
        (Some(s), _, _) => {
            let s = &province.stations[s];
            (Cell::text(&s.id), Cell::text(&s.name))
        }
    };
    let rows = ex
        .transfers
        .iter()
        .map(|m| {
            let c = &province.counties[m.county];
            let (fi, fname) = who(m.from, m.kind, true);
            let (ti, tname) = who(m.to, m.kind, false);
            let mut row = vec![
                Cell::text(&c.id),
                Cell::text(&c.name),
                Cell::Int(m.officers),
                fi,
                fname,
                ti,
                tname,
            ];
            if labelled {
                row.push(Cell::text(kind_label(m.kind)));
            }
            row
        })
        .collect();
    let table = Table::new(&header, rows);
    match &outcome.strength {
        Some(st) => super::strength::transfers(outcome, ex, table, st),
        None => table,
    }
}

/// Where a newcomer line comes from in `transfers.csv`.
pub const NEW_ID: &str = "NEW";
/// The name a newcomer line comes from (in both languages).
pub const NEW_NAME: &str = "新招录 (new to the force)";
/// Where a leaver line goes.
pub const LEFT_ID: &str = "LEFT";
/// The name a leaver line goes to (in both languages).
pub const LEFT_NAME: &str = "减员 (left the force)";

/// How a line of `transfers.csv` reads in its `line_kind` column.
pub fn kind_label(kind: TransferKind) -> &'static str {
    match kind {
        TransferKind::Move => super::strength::MOVE_LABEL,
        TransferKind::Recruit => "新招录 (recruit)",
        TransferKind::Leaver => "减员 (leaver)",
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
        "auxiliary_posts_before",
        "auxiliary_posts_after",
        "villages",
        "stations_cut_below_one_per_village",
        "village_note",
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
                Cell::Int(v.before.posts),
                Cell::Int(v.after.posts),
                Cell::Real(v.after.villages),
                Cell::Int(v.after.cut),
                Cell::text(village_note(&v.after)),
            ]
        })
        .collect();
    let mut table = Table::new(&header, rows);
    super::strength::compliance_columns(outcome, &mut table);
    table
}

/// Why a county does or does not reach one auxiliary per village under the
/// plan, in Chinese and English: its posts against its villages, and the
/// stations that met it today and give posts up.
pub fn village_note(v: &VillageCover) -> String {
    let villages = crate::numeric::show(v.villages);
    if v.villages <= 0.0 {
        return String::new();
    }
    if (v.posts as f64) < v.villages - 1e-9 {
        let (cut_zh, cut_en) = if v.cut > 0 {
            (
                format!("；{} 个原已一村一辅警的派出所让出辅警", v.cut),
                format!(
                    "; {} that had one per village today {} posts to them",
                    plural_station(v.cut),
                    if v.cut == 1 { "gives" } else { "give" }
                ),
            )
        } else {
            (String::new(), String::new())
        };
        format!(
            "辅警 {} 人少于村数 {villages} 个，不能每个派出所都一村一辅警，县内先补辅警最少的派出所{cut_zh} ({} posts for {villages} villages: one per village cannot reach every station; the least covered stations come first{cut_en})",
            v.posts, v.posts
        )
    } else if v.short == 0 {
        format!(
            "辅警 {} 人不少于村数 {villages} 个，每个派出所一村一辅警 ({} posts for {villages} villages: one per village at every station)",
            v.posts, v.posts
        )
    } else {
        format!(
            "辅警 {} 人不少于村数 {villages} 个，仍有 {} 个派出所不足一村一辅警 ({} posts for {villages} villages; {} still below one per village under this auxiliary target)",
            v.posts,
            v.short,
            v.posts,
            plural_station(v.short)
        )
    }
}

fn plural_station(n: i64) -> String {
    if n == 1 {
        "1 station".into()
    } else {
        format!("{n} stations")
    }
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

/// Why a county's stations are short when its HQ is below its minimum
/// today, in Chinese and English: "陇南分局（C075）机关现有民警 301 人，
/// 低于机关最低警力 308 人，须从派出所调回 7 人补足机关 (C075 陇南分局:
/// HQ has 301 officers today, below its hq_min of 308; refilling HQ takes
/// 7 officers from its stations)".
pub fn refill_text(county: &crate::domain::County, r: &HqRefill) -> String {
    format!(
        "{}（{}）机关现有民警 {} 人，低于机关最低警力 {} 人，须从派出所调回 {} 人补足机关 ({} {}: HQ has {} officers today (below its hq_min of {}); refilling HQ takes {} from its stations)",
        county.name,
        county.id,
        r.hq_today,
        r.hq_min,
        r.refill(),
        county.id,
        county.name,
        r.hq_today,
        r.hq_min,
        if r.refill() == 1 {
            "1 officer".to_string()
        } else {
            format!("{} officers", r.refill())
        }
    )
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
        "county_hq_today",
        "county_hq_min",
        "cause",
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
                Cell::Int(hq_today(
                    &province.counties[s.county],
                    &outcome.counties[s.county],
                )),
                Cell::Int(province.counties[s.county].hq_min),
                Cell::text(
                    hq_refill(province, &outcome.counties, s.county).map_or(String::new(), |r| {
                        refill_text(&province.counties[s.county], &r)
                    }),
                ),
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
