//! The allocation and county tables.

use super::csv::{Cell, Table};
use crate::outcome::Outcome;

/// `allocation.csv`: one row per station, then the columns the analyst
/// brought in that staffing does not read, under their own headers.
pub fn allocation(outcome: &Outcome) -> Table {
    let Outcome { province, plan, .. } = outcome;
    let mut header = vec![
        "station_id",
        "county_id",
        "name",
        "kind",
        "officers",
        "community_officers",
        "auxiliaries",
        "officers_before",
        "community_officers_before",
        "auxiliaries_before",
        "officers_change",
        "community_officers_change",
        "auxiliaries_change",
        "calls_per_duty_officer_before",
        "calls_per_duty_officer_after",
        "residents_per_community_officer_before",
        "residents_per_community_officer_after",
        "binding",
        "duty_requirement",
        "community_requirement",
        "data_warning",
    ];
    let service = outcome.service.is_some();
    if service {
        header.extend(SERVICE_COLUMNS);
    }
    let binding_of = plan.binding_by_station();
    let flags = super::warnings::station_flags(outcome);
    let rows = province
        .stations
        .iter()
        .zip(&plan.stations)
        .zip(&outcome.stations)
        .zip(binding_of.iter().zip(flags))
        .map(|(((s, p), f), (binding, flag))| {
            let mut dims = String::new();
            for (k, d) in binding.iter().enumerate() {
                if k > 0 {
                    dims.push('+');
                }
                dims.push_str(d.as_str());
            }
            let mut row = Vec::with_capacity(header.len());
            row.extend([
                Cell::text(&s.id),
                Cell::text(&province.counties[s.county].id),
                Cell::text(&s.name),
                Cell::text(&s.kind),
                Cell::Int(p.officers),
                Cell::Int(p.community_officers),
                Cell::Int(p.auxiliaries),
                Cell::Int(s.officers),
                Cell::Int(s.community_officers),
                Cell::Int(s.auxiliaries),
                Cell::Int(p.officers - s.officers),
                Cell::Int(p.community_officers - s.community_officers),
                Cell::Int(p.auxiliaries - s.auxiliaries),
                Cell::opt(f.before.calls_per_duty_officer, 1),
                Cell::opt(f.after.calls_per_duty_officer, 1),
                Cell::opt(f.before.residents_per_community_officer, 0),
                Cell::opt(f.after.residents_per_community_officer, 0),
                Cell::Text(dims),
                Cell::Real(f.need.duty),
                Cell::Real(f.need.community),
                Cell::Text(flag),
            ]);
            if service {
                row.extend(service_cells(f.service.as_ref()));
            }
            row
        })
        .collect();
    let mut table = Table::new(&header, rows);
    super::strength::allocation_columns(outcome, &mut table);
    table.append_carried(
        &province.extra,
        province.stations.iter().map(|s| s.id.as_str()),
    );
    table
}

/// The service columns of `allocation.csv` (`[workload.service]` only).
const SERVICE_COLUMNS: [&str; 10] = [
    "units_needed_per_day",
    "auxiliary_duty_need",
    "busiest_hour",
    "busiest_hour_pooled",
    "wait_probability_peak_before",
    "wait_probability_peak_after",
    "mean_wait_minutes_peak_before",
    "mean_wait_minutes_peak_after",
    "service_standard_met_before",
    "service_standard_met_after",
];

/// A station's service cells (empty when its need could not be computed).
fn service_cells(service: Option<&crate::outcome::StationService>) -> Vec<Cell> {
    let Some(x) = service else {
        return vec![Cell::Empty; SERVICE_COLUMNS.len()];
    };
    vec![
        Cell::Real(x.units_per_day),
        Cell::Real(x.auxiliary_duty_need),
        Cell::Int(x.busiest_hour as i64),
        Cell::yes_no(x.pooled_at_peak),
        Cell::Num(x.before.wait_probability_peak, 4),
        Cell::Num(x.after.wait_probability_peak, 4),
        Cell::opt(x.before.mean_wait_minutes_peak, 1),
        Cell::opt(x.after.mean_wait_minutes_peak, 1),
        Cell::yes_no(x.before.meets_standard),
        Cell::yes_no(x.after.meets_standard),
    ]
}

/// `counties.csv`: one row per county, with the 两个40% rule before and
/// after, then the columns of the counties table staffing does not read.
pub fn counties(outcome: &Outcome) -> Table {
    let Outcome { province, plan, .. } = outcome;
    let header = vec![
        "county_id",
        "name",
        "officers_total",
        "hq_min",
        "station_officers_before",
        "station_officers_after",
        "hq_officers_before",
        "hq_officers_after",
        "community_officers_before",
        "community_officers_after",
        "station_share_before",
        "station_share_after",
        "station_rule_before",
        "station_rule_after",
        "community_share_before",
        "community_share_after",
        "community_rule_before",
        "community_rule_after",
        "officers_moved",
        "county_max_balance_level",
    ];
    let rows = province
        .counties
        .iter()
        .zip(&plan.counties)
        .zip(&outcome.counties)
        .map(|((c, cp), f)| {
            let (before, after) = (f.before, f.after);
            vec![
                Cell::text(&c.id),
                Cell::text(&c.name),
                Cell::Int(before.force),
                Cell::Int(c.hq_min),
                Cell::Int(before.station_officers),
                Cell::Int(after.station_officers),
                Cell::Int(before.force - c.seconded_away - before.station_officers),
                Cell::Int(cp.hq_officers),
                Cell::Int(before.community_officers),
                Cell::Int(after.community_officers),
                Cell::Num(before.station_share, 4),
                Cell::Num(after.station_share, 4),
                Cell::yes_no(before.station_rule),
                Cell::yes_no(after.station_rule),
                Cell::Num(before.community_share, 4),
                Cell::Num(after.community_share, 4),
                Cell::yes_no(before.community_rule),
                Cell::yes_no(after.community_rule),
                Cell::Int(cp.officers_moved),
                Cell::opt(cp.max_level, 6),
            ]
        })
        .collect();
    let mut table = Table::new(&header, rows);
    force_after_column(outcome, &mut table);
    recruits_column(outcome, &mut table);
    super::strength::county_columns(outcome, &mut table);
    table.append_carried(
        &province.county_extra,
        province.counties.iter().map(|c| c.id.as_str()),
    );
    table
}

/// `counties.csv` when the levers change a force (recruits, `[force]`): an
/// `officers_total_after` column after `officers_total` (today's force),
/// the planned force, recruits included. Today's columns are on today's
/// force; only the `_after` columns have the newcomers.
fn force_after_column(outcome: &Outcome, table: &mut Table) {
    if outcome
        .counties
        .iter()
        .all(|f| f.before.force == f.after.force)
    {
        return;
    }
    let at = table
        .header
        .iter()
        .position(|h| h == "officers_total")
        .map_or(table.header.len(), |i| i + 1);
    table.header.insert(at, "officers_total_after".into());
    for (row, f) in table.rows.iter_mut().zip(&outcome.counties) {
        row.insert(at, Cell::Int(f.after.force));
    }
}

/// `counties.csv` with the `[recruits]` lever on: a `recruits` column after
/// `officers_total` and `officers_total_after`.
fn recruits_column(outcome: &Outcome, table: &mut Table) {
    let Some(r) = &outcome.recruits else {
        return;
    };
    let at = table
        .header
        .iter()
        .position(|h| h == "officers_total_after")
        .or_else(|| table.header.iter().position(|h| h == "officers_total"))
        .map_or(table.header.len(), |i| i + 1);
    table.header.insert(at, "recruits".into());
    for (row, &n) in table.rows.iter_mut().zip(&r.per_county) {
        row.insert(at, Cell::Int(n));
    }
}
