//! What is wrong, as the planner reads it: the library's typed problems
//! (a data error [`InputError`], a scenario key, a lever, the rules no plan
//! meets) worded in the chosen language through the catalogue. The command
//! line frames them (`错误：` / `error: `) and `staffing serve` shows them on
//! the what-if page, in the same words.

use crate::error::{
    io_reason, quote, tidy, DataProblem, Example, FromSet, InputError, KeyProblem, Mistyped, Rule,
    Validity,
};
use crate::messages as m;
use crate::model::levers::LeverError;
use crate::plan::{percent, CapacityRule, FloorFix, Infeasibility, StationConflict, StationFloor};
use crate::report::Lang;

/// A data error in `lang`: file, row, column and value as the library has
/// them, the frame and the common problems from the catalogue.
pub fn input_error(e: &InputError, lang: Lang) -> String {
    let file = |f: &std::path::Path| tidy(&f.display().to_string());
    match e {
        InputError::Io { file: f, source } => m::input_io(lang, &file(f), &io_reason(source)),
        InputError::Empty { file: f, expected } => m::input_empty(lang, &file(f), expected),
        InputError::MissingColumn {
            file: f,
            column,
            found,
        } => m::input_missing_column(lang, &file(f), column, &tidy(found)),
        InputError::DuplicateColumn {
            file: f,
            column,
            first,
            second,
        } => m::input_duplicate_column(lang, &file(f), &quote(column), *first, *second),
        InputError::Cell {
            file: f,
            row,
            column,
            value,
            problem,
        } => m::input_cell(
            lang,
            &file(f),
            *row,
            &tidy(column),
            &quote(value),
            &tidy(&m::cell_problem(lang, problem)),
        ),
        InputError::Row {
            file: f,
            row,
            problem,
        } => m::input_row(lang, &file(f), *row, &tidy(problem)),
        InputError::Many { errors, more } => {
            let total = errors.len() + more;
            let mut out = if *more > 0 {
                m::input_many_listed(lang, total, errors.len())
            } else {
                m::input_many(lang, total)
            };
            for e in errors {
                out.push_str("\n  - ");
                out.push_str(&input_error(e, lang));
            }
            if *more > 0 {
                out.push('\n');
                out.push_str(&m::input_many_more(lang, *more));
            }
            out
        }
        InputError::Data {
            file: f,
            row: Some(row),
            problem,
        } => m::input_row(lang, &file(f), *row, &tidy(&data_problem(problem, lang))),
        InputError::Data {
            file: f,
            row: None,
            problem,
        } => m::input_file(lang, &file(f), &tidy(&data_problem(problem, lang))),
        InputError::Key {
            file: f,
            problem,
            set,
        } => {
            let text = key_problem(problem, lang);
            let text = match set.as_deref() {
                None => text,
                Some(FromSet {
                    key,
                    value,
                    reading: true,
                }) => m::key_set_reading(lang, key, value, &text),
                Some(FromSet { key, value, .. }) => m::key_set_value(lang, &text, key, value),
            };
            m::key_in_file(lang, &file(f), &tidy(&text))
        }
        // A file's or a scenario's own problem: as the library words it.
        other => other.to_string(),
    }
}

/// A row's or a table's problem in `lang` (in English, its `Display`).
fn data_problem(p: &DataProblem, lang: Lang) -> String {
    match p {
        DataProblem::FieldCount {
            found,
            width,
            delimiter,
        } => {
            let separator = match delimiter {
                None => m::separator_any(lang),
                Some('\t') => m::separator_tab(lang),
                Some(';') => m::separator_semicolon(lang),
                Some(_) => m::separator_comma(lang),
            };
            m::data_field_count(lang, *found, *width, &separator)
        }
        DataProblem::CountyWithoutStations { county, stations } => {
            m::data_county_without_stations(lang, county, stations)
        }
        DataProblem::NoDataRows => m::data_no_rows(lang),
        DataProblem::WorkbookAsCsv => m::data_workbook_as_csv(lang),
        DataProblem::Utf16 => m::data_utf16(lang),
        DataProblem::Undecodable {
            bytes,
            offset,
            after_bom: false,
        } => m::data_undecodable(lang, bytes, *offset),
        DataProblem::Undecodable { bytes, offset, .. } => {
            m::data_undecodable_after_bom(lang, bytes, *offset)
        }
        DataProblem::JoinedFiles { bom: true } => m::data_joined_bom(lang),
        DataProblem::JoinedFiles { bom: false } => m::data_joined_header(lang),
    }
}

/// A scenario key's problem in `lang` (in English, its `Display`).
fn key_problem(p: &KeyProblem, lang: Lang) -> String {
    let near = |n: &Option<String>| n.as_deref().map_or(String::new(), |n| m::key_near(lang, n));
    match p {
        KeyProblem::Invalid { key, value, valid } => {
            m::key_invalid(lang, key, value, &validity(valid, lang))
        }
        KeyProblem::Unknown { key, near: n } => m::key_unknown(lang, &quote(key), &near(n)),
        KeyProblem::UnknownField {
            field,
            expected,
            near: n,
            table,
            at,
            merged,
        } => {
            let mut out = at.as_ref().map_or(String::new(), |at| {
                m::key_at(lang, at.line, at.column, &at.shown)
            });
            let fields = match expected.as_slice() {
                [] => m::key_fields_none(lang),
                names => listed(names, lang),
            };
            out.push_str(&m::key_unknown_field(lang, field, &fields));
            if let Some(table) = table {
                out.push_str(&m::key_field_table(lang, table));
            }
            if let Some(n) = n {
                out.push_str(&m::key_near_line(lang, n));
            }
            if !merged.is_empty() {
                out.push_str(&m::key_merged(lang, &merged.join(&m::key_extending(lang))));
            }
            out
        }
        KeyProblem::Mistyped {
            what,
            table,
            at,
            merged,
        } => {
            let mut out = at.as_ref().map_or(String::new(), |at| {
                m::key_at(lang, at.line, at.column, &at.shown)
            });
            out.push_str(&match what {
                Mistyped::Type { found, expected } => {
                    m::key_wrong_type(lang, &found_in(found, lang), &expected_type(expected, lang))
                }
                Mistyped::Variant { variant, expected } => {
                    m::key_unknown_variant(lang, variant, &listed(expected, lang))
                }
            });
            if let Some(table) = table {
                out.push_str(&m::key_field_table(lang, table));
            }
            if !merged.is_empty() {
                out.push_str(&m::key_merged(lang, &merged.join(&m::key_extending(lang))));
            }
            out
        }
        KeyProblem::Renamed { old, new, why } => {
            m::key_renamed(lang, old, new, lang.pick(why.0, why.1))
        }
        KeyProblem::NotInScenario {
            name,
            prefix,
            have,
            near: n,
        } => {
            let listed = if have.is_empty() {
                m::key_none(lang)
            } else {
                m::ticked(lang, have)
            };
            let hint = n
                .as_deref()
                .map_or(String::new(), |n| m::key_near_then(lang, n));
            m::key_not_in_scenario(lang, &quote(name), prefix, &listed, &hint)
        }
        KeyProblem::Table {
            key,
            header: Some(header),
        } => m::key_table_header(lang, key, header),
        KeyProblem::Table { key, header: None } => m::key_table(lang, key),
        KeyProblem::Extend => m::key_extend(lang),
        KeyProblem::Syntax { at, detail } => toml_words::syntax(at, detail, lang),
        KeyProblem::MissingField {
            field,
            table,
            at,
            merged,
        } => toml_words::missing_field(field, table, at, merged, lang),
        KeyProblem::ExtendCycle { files } => m::key_extend_cycle(lang, &files.join(" → ")),
        KeyProblem::ExtendNotText { value } => m::key_extend_not_text(lang, value),
    }
}

/// The names a key takes, as the parser lists them ("expected `a` or `b`");
/// no names: the caller says so.
fn listed(names: &[String], lang: Lang) -> String {
    match names {
        [] => m::key_variants_none(lang),
        [one] => m::key_fields_one(lang, one),
        [a, b] => m::key_fields_two(lang, a, b),
        all => m::key_fields_many(lang, &m::ticked(lang, all)),
    }
}

/// What a value must be, in `lang`.
fn validity(v: &Validity, lang: Lang) -> String {
    match v {
        Validity::Share => m::valid_share(lang),
        Validity::SharePercent { percent, share } => m::valid_share_percent(lang, percent, share),
        Validity::Between {
            min,
            max,
            unit,
            label_zh,
        } => {
            let unit = match lang {
                Lang::Zh if !label_zh.is_empty() => label_zh,
                _ => unit,
            };
            m::valid_between(lang, min, max, unit)
        }
        Validity::Count { max } => m::valid_count(lang, *max),
        Validity::SignedCount { max } => m::valid_signed_count(lang, *max),
        Validity::NotNegative => m::valid_not_negative(lang),
        Validity::AtMost { max } => m::valid_at_most(lang, *max),
        Validity::Any => m::valid_any(lang),
        Validity::Number { example } => m::valid_number(lang, example),
        Validity::Percent { share } => m::valid_percent(lang, share),
        Validity::Whole => m::valid_whole(lang),
        Validity::Bool => m::valid_bool(lang),
        Validity::Choice { words, near } => {
            let words: Vec<String> = words.iter().map(|w| format!("`\"{w}\"`")).collect();
            let hint = near
                .as_deref()
                .map_or(String::new(), |n| m::key_near(lang, n));
            m::valid_choice(lang, &words.join(&m::valid_or(lang)), &hint)
        }
        Validity::NotEmpty => m::valid_not_empty(lang),
        Validity::Name => m::valid_name(lang),
        Validity::Rule(rule) => scenario_rule(rule, lang),
        Validity::Example { valid, example } => match example {
            Example::ForceScale => m::valid_force_scale(lang, &validity(valid, lang)),
        },
        // A rule of its own, in the library's words.
        Validity::List(problem) => toml_words::list_problem(problem, lang),
        Validity::Said(words) => words.clone(),
    }
}

/// Why the levers ([force], [recruits]) give no plan, in `lang` (in
/// English, its `Display`).
pub fn lever_error(e: &LeverError, lang: Lang) -> String {
    match e {
        LeverError::Infeasible(reasons) => {
            let list: Vec<String> = reasons
                .iter()
                .map(|r| format!("  - {}", infeasibility(r, lang)))
                .collect();
            m::no_plan_meets(lang, &list.join("\n"))
        }
        LeverError::TooFewRecruits {
            total,
            needed,
            detail,
        } => {
            let total = match total {
                1 => m::lever_one_recruit(lang),
                n => m::lever_recruits(lang, *n),
            };
            let detail: Vec<String> = detail
                .iter()
                .map(|s| match s.needs {
                    Some(n) => m::lever_county_needs(lang, &s.county, n),
                    None => m::lever_county_unreachable(lang, &s.county),
                })
                .collect();
            m::lever_too_few(
                lang,
                &total,
                &m::people(lang, *needed, "new officer"),
                &detail.join(m::list_separator(lang)),
            )
        }
        LeverError::NegativeForce {
            county,
            before,
            force,
            scale,
            add,
        } => m::lever_negative_force(lang, county, *scale, *add, *force, *before),
        LeverError::ForceTooLarge {
            county,
            before,
            force,
            scale,
            add,
        } => m::lever_force_too_large(
            lang,
            county,
            *scale,
            *add,
            *force,
            *before,
            crate::numeric::MAX_COUNT,
        ),
        // A requirement out of range: as the library words it.
        LeverError::Requirement(r) => r.to_string(),
    }
}

/// A rule joining a scenario's keys, in `lang` (in English, its `Display`).
fn scenario_rule(r: &Rule, lang: Lang) -> String {
    match r {
        Rule::TotalWithCountyBudgets => m::rule_total_with_county_budgets(lang),
        Rule::NormsMissing => m::rule_norms_missing(lang),
        Rule::CategoryName => m::rule_category_name(lang),
        Rule::ReactiveShareZero => m::rule_reactive_share_zero(lang),
        Rule::WeightWithoutHours => m::rule_weight_without_hours(lang),
        Rule::HoursWithoutWeight => m::rule_hours_without_weight(lang),
        Rule::KindsWithoutHours { hours_key } => m::rule_kinds_without_hours(lang, hours_key),
        Rule::Hours => m::rule_hours(lang),
        Rule::ProfileLength { found } => m::rule_profile_length(lang, *found),
        Rule::ProfileShare { hour, value } => m::rule_profile_share(lang, *hour, value),
        Rule::ProfileSum { tolerance, sum } => m::rule_profile_sum(lang, tolerance, sum),
    }
}

/// A rule no plan can meet, in `lang` (in English, its `Display`).
pub fn infeasibility(r: &Infeasibility, lang: Lang) -> String {
    let people = |n: i64, noun: &str| m::people(lang, n, noun);
    match r {
        Infeasibility::StationShare {
            county,
            share,
            force,
            needed,
            hq_min,
            available,
            force_increase,
        } => {
            let mut out = m::infeasible_share(
                lang,
                county,
                &percent(*share),
                &people(*needed, "station officer"),
                *force,
            );
            // Officers of the force seconded away (借调/抽调): at no post.
            let away = force - hq_min - available;
            let short = needed - available;
            if away > 0 {
                out.push_str(&m::infeasible_left_away(
                    lang,
                    *hq_min,
                    &people(away, "officer"),
                    *available,
                ));
                if hq_min - short >= 0 {
                    out.push_str(&m::infeasible_lower_hq_and(lang, *hq_min, hq_min - short));
                }
                out.push_str(&m::infeasible_recall(lang, short.min(away)));
                if short > away {
                    out.push_str(&m::infeasible_and_more(lang));
                }
            } else {
                out.push_str(&m::infeasible_left(lang, *hq_min, *available));
                out.push_str(&m::infeasible_lower_hq(lang, *hq_min, force - needed));
            }
            out.push_str(&match force_increase {
                Some(k) => m::infeasible_or_add(lang, &people(*k, "officer")),
                None => m::infeasible_would_fix(lang),
            });
            out
        }
        Infeasibility::StationMinimums {
            county,
            needed,
            force,
            hq_min,
            available,
        } => {
            let away = force - hq_min - available;
            let away = if away > 0 {
                m::infeasible_away(lang, &people(away, "officer"))
            } else {
                String::new()
            };
            m::infeasible_minimums(
                lang,
                county,
                &people(*needed, "officer"),
                *available,
                *force,
                *hq_min,
                &away,
                &people(needed - available, "more officer"),
            )
        }
        Infeasibility::Station {
            county,
            station,
            conflict,
        } => m::infeasible_station(lang, county, station, &station_conflict(conflict, lang)),
        Infeasibility::StationCapacity {
            county,
            needed,
            capacity,
            rule,
        } => {
            let rule = match rule {
                CapacityRule::StationShare(p) => m::rule_share(lang, &percent(*p)),
                CapacityRule::StationMinimums => m::rule_minimums(lang),
            };
            m::infeasible_capacity(
                lang,
                county,
                &rule,
                &people(*needed, "station officer"),
                *capacity,
                needed - capacity,
            )
        }
        Infeasibility::MoveCap {
            county,
            needed,
            cap,
        } => m::infeasible_move_cap(lang, county, &people(*needed, "officer"), *cap, *needed),
    }
}

/// Why one station's bounds contradict, in `lang`.
fn station_conflict(c: &StationConflict, lang: Lang) -> String {
    let officers = |n: i64| m::people(lang, n, "officer");
    let floor = |f: &StationFloor| match *f {
        StationFloor::Posts(n) => m::floor_posts(lang, &officers(n)),
        StationFloor::Minimum(n) => m::floor_minimum(lang, &officers(n)),
    };
    let fix = |f: &FloorFix| match *f {
        FloorFix::CutPosts(n) => m::fix_cut_posts(lang, n),
        FloorFix::LowerMinimum(n) => m::fix_lower_minimum(lang, n),
    };
    match c {
        StationConflict::Locked {
            today,
            floor: f,
            fix: x,
        } => m::conflict_locked(lang, &officers(*today), &floor(f), &fix(x)),
        StationConflict::Restricted {
            restricted,
            max_officers,
        } => m::conflict_restricted(lang, &officers(*restricted), *max_officers, *restricted),
        StationConflict::Capacity {
            floor: f,
            max_officers,
            raise_by,
            fix: x,
        } => m::conflict_capacity(lang, &floor(f), *max_officers, *raise_by, &fix(x)),
        StationConflict::MoveCapGain {
            today,
            floor: f,
            cap,
            raise_to,
        } => m::conflict_gain(lang, &officers(*today), &floor(f), *cap, *raise_to),
        StationConflict::MoveCapLose {
            today,
            max_officers,
            cap,
            cap_to,
            max_to,
        } => m::conflict_lose(
            lang,
            &officers(*today),
            *max_officers,
            *cap,
            *cap_to,
            *max_to,
        ),
        StationConflict::Bounds { floor: f, cap } => m::conflict_bounds(lang, &officers(*f), *cap),
    }
}

mod toml_words;
use toml_words::{expected_type, found_in};

#[cfg(test)]
mod tests;
