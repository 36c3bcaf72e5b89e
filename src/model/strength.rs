//! Real strength, not paper strength (实际警力与账面警力).
//!
//! A station's books can list officers who are not there to work: HQ
//! officers listed at a station to meet the 40% quota (挂名/兼职, `nominal`
//! nₛ), officers seconded to task forces (借调/抽调 to 专班 and 中心,
//! `seconded` sₛ), and officers who are there but cannot take duty shifts
//! because of age or health (不能值班备勤, `restricted` rₛ). The input layer
//! guarantees nₛ + sₛ ≤ officersₛ and rₛ ≤ officersₛ − nₛ − sₛ.
//!
//! The model plans on real strength. [`real_strength`] turns the books into
//! the deployment once, before either phase runs, so both phases keep their
//! exact closed forms; the rules then read the transformed data:
//!
//! * **Real officers today**: x⁰ₛ = officersₛ − nₛ − σₛ, where σₛ = sₛ, or
//!   σₛ = 0 with `[strength] recall_seconded = true` (the seconded return
//!   to their station, and returning is not a move) — [`real_officers`].
//! * **Real community officers today**: a choice, because the books do not
//!   say which posts the missing officers hold (`[strength] seconded_from`).
//!   By default (`community`) paper appointments to 社区/驻村 posts are
//!   where 挂名 hides, so the nominal and seconded officers are taken out
//!   of the community officers first: y⁰ₛ = clamp(community_officersₛ − nₛ
//!   − σₛ, rₛ, x⁰ₛ). With `proportional` they are taken from community and
//!   duty posts in proportion to the books: the community officers lose
//!   ⌊mₛ·yᵇₛ ÷ xᵇₛ + ½⌋ of the mₛ = nₛ + σₛ missing (xᵇ, yᵇ the books), and
//!   y⁰ₛ = clamp(yᵇₛ − that, rₛ, x⁰ₛ). Either way the restricted officers,
//!   who can do community work only, count as community officers —
//!   [`real_community_officers_from`].
//! * **The force** Ec still counts the seconded officers: the station-share
//!   rule Xc ≥ p·Ec is measured against it, as the 两个40% rule is. But the
//!   seconded are at no post, so the county deploys only
//!   Ec − Σₛ σₛ (`County::seconded_away`): HQ holds
//!   hc = Ec − Σₛ σₛ − Xc ≥ hq_min ([`crate::model::rules::hq_minimum`]).
//!   Real HQ today, h⁰c = Ec − Σσ − X⁰c = Ec − X_books + Σₛ nₛ, gains the
//!   nominal officers.
//! * **Restricted officers** stay at their station and can only fill
//!   community posts: yₛ ≥ rₛ (and so xₛ ≥ rₛ); they add nothing to duty,
//!   since duty officers are xₛ − yₛ
//!   ([`crate::model::rules::restricted_floor`]). Moving them to another
//!   station is a later choice this model does not make.
//!
//! Moves are counted from the real deployment: a nominal officer struck off
//! a station's books (a *book correction*) and a seconded officer recalled
//! (a *recall*) are not moves. With every column 0 (and no recall) the
//! transformation changes nothing, so every result is the paper model's.

use crate::domain::{Province, SecondedFrom, Station};

/// x⁰ₛ = officersₛ − nₛ − σₛ from a station's books (σₛ = 0 when the
/// seconded are recalled).
pub fn real_officers(books: i64, strength: &crate::domain::Strength, recall: bool) -> i64 {
    books - strength.nominal - away(strength, recall)
}

/// y⁰ₛ = clamp(community_officersₛ − nₛ − σₛ, rₛ, x⁰ₛ) from a station's
/// books: nominal and seconded officers come out of the community officers
/// first, and the restricted officers count as community officers.
pub fn real_community_officers(
    books_community: i64,
    real_officers: i64,
    strength: &crate::domain::Strength,
    recall: bool,
) -> i64 {
    let left = books_community - strength.nominal - away(strength, recall);
    left.max(strength.restricted).min(real_officers)
}

/// y⁰ₛ from a station's books with the missing officers taken from the
/// posts `from` says (module documentation): community posts first, or
/// community and duty posts in proportion to the books (xᵇₛ, yᵇₛ).
pub fn real_community_officers_from(
    books: (i64, i64),
    real_officers: i64,
    strength: &crate::domain::Strength,
    recall: bool,
    from: SecondedFrom,
) -> i64 {
    let (x, y) = books;
    match from {
        SecondedFrom::Community => real_community_officers(y, real_officers, strength, recall),
        SecondedFrom::Proportional => {
            let missing = strength.nominal + away(strength, recall);
            // ⌊m·y ÷ x + ½⌋ in whole numbers (x > 0 whenever m > 0).
            let loss = if x > 0 {
                (2 * missing * y + x) / (2 * x)
            } else {
                0
            };
            (y - loss).max(strength.restricted).min(real_officers)
        }
    }
}

/// σₛ: the station's seconded officers who are away (0 when recalled).
pub fn away(strength: &crate::domain::Strength, recall: bool) -> i64 {
    if recall {
        0
    } else {
        strength.seconded
    }
}

/// The station's books, (officers, community officers): as `stations.csv`
/// lists them, whether or not [`real_strength`] has run.
pub fn books(station: &Station) -> (i64, i64) {
    station
        .strength
        .books
        .unwrap_or((station.officers, station.community_officers))
}

/// Turns a province read from the books into the real deployment the model
/// plans from (module documentation): every station's officers and
/// community officers become x⁰ₛ and y⁰ₛ (the books are kept in
/// `Strength::books`), and every county's `seconded_away` becomes Σₛ σₛ.
/// Running it twice changes nothing more.
pub fn real_strength(province: &mut Province, recall: bool) {
    real_strength_from(province, recall, SecondedFrom::Community)
}

/// [`real_strength`] with the missing officers taken from the posts `from`
/// says (`[strength] seconded_from`).
pub fn real_strength_from(province: &mut Province, recall: bool, from: SecondedFrom) {
    for s in &mut province.stations {
        let (x, y) = books(s);
        let real = real_officers(x, &s.strength, recall);
        s.community_officers =
            real_community_officers_from((x, y), real, &s.strength, recall, from);
        s.officers = real;
        s.strength.books = Some((x, y));
    }
    for c in &mut province.counties {
        c.seconded_away = c
            .stations
            .iter()
            .map(|&s| away(&province.stations[s].strength, recall))
            .fold(0i64, i64::saturating_add);
    }
}

/// Whether any station of the province has a nominal, seconded or
/// restricted officer.
pub fn has_strength_data(province: &Province) -> bool {
    province.stations.iter().any(|s| s.strength.any())
}

/// Whether a station with xₛ real officers, yₛ of them community officers,
/// can run 两队一室: yₛ ≥ community_team and xₛ − yₛ ≥ case_team +
/// command_room. Restricted officers are among yₛ, so they count towards
/// the community team only.
pub fn two_teams_viable(officers: i64, community: i64, t: &crate::domain::TwoTeamsOneRoom) -> bool {
    community >= t.community_team
        && officers - community >= t.case_team.saturating_add(t.command_room)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missing_officers_come_from_the_posts_the_scenario_says() {
        // Books: 10 officers, 4 community; 2 nominal and 3 seconded away.
        let st = crate::domain::Strength {
            nominal: 2,
            seconded: 3,
            restricted: 1,
            books: None,
        };
        let real = real_officers(10, &st, false);
        assert_eq!(real, 5);
        // Community first: 4 − 5 → the 1 restricted officer.
        let c = real_community_officers_from((10, 4), real, &st, false, SecondedFrom::Community);
        assert_eq!(c, 1);
        // In proportion: 5 × 4 ÷ 10 = 2 come from community posts: 4 − 2.
        let p = real_community_officers_from((10, 4), real, &st, false, SecondedFrom::Proportional);
        assert_eq!(p, 2);
        // Recalled: only the 2 nominal are missing; 2 × 4 ÷ 10 = 0.8 → 1.
        let real = real_officers(10, &st, true);
        let p = real_community_officers_from((10, 4), real, &st, true, SecondedFrom::Proportional);
        assert_eq!((real, p), (8, 3));
    }
    use crate::domain::{County, Strength, TwoTeamsOneRoom};

    fn station(officers: i64, community: i64, n: i64, s: i64, r: i64) -> Station {
        Station {
            id: "S".into(),
            county: 0,
            name: String::new(),
            kind: "urban".into(),
            population: 0.0,
            villages: 0.0,
            area_km2: 0.0,
            calls: 0.0,
            officers,
            community_officers: community,
            auxiliaries: 0,
            min_officers: None,
            levers: Default::default(),
            strength: Strength {
                nominal: n,
                seconded: s,
                restricted: r,
                books: None,
            },
        }
    }

    fn province(stations: Vec<Station>) -> Province {
        Province {
            counties: vec![County {
                id: "C".into(),
                name: String::new(),
                officers_total: 100,
                hq_min: 10,
                stations: (0..stations.len()).collect(),
                max_moves: None,
                seconded_away: 0,
                auxiliary_budget: None,
            }],
            stations,
            ..Province::default()
        }
    }

    #[test]
    fn books_become_the_real_deployment() {
        // 12 on the books, 5 community: 2 nominal and 3 seconded leave 7;
        // the 5 missing come out of the community officers first (5 − 5 =
        // 0), and the 1 restricted officer counts as community: y⁰ = 1.
        let mut p = province(vec![station(12, 5, 2, 3, 1), station(6, 4, 0, 0, 0)]);
        real_strength(&mut p, false);
        assert_eq!(p.stations[0].officers, 7);
        assert_eq!(p.stations[0].community_officers, 1);
        assert_eq!(p.stations[0].strength.books, Some((12, 5)));
        assert_eq!(
            (p.stations[1].officers, p.stations[1].community_officers),
            (6, 4)
        );
        assert_eq!(p.counties[0].seconded_away, 3);
        assert_eq!(p.counties[0].deployable(), 97);
        // Idempotent: the books are read, not the transformed values.
        let once = p.clone();
        real_strength(&mut p, false);
        assert_eq!(p, once);
        // Recalled: the 3 return, 10 real officers, 5 − 2 = 3 community.
        real_strength(&mut p, true);
        assert_eq!(p.stations[0].officers, 10);
        assert_eq!(p.stations[0].community_officers, 3);
        assert_eq!(p.counties[0].seconded_away, 0);
    }

    #[test]
    fn restricted_officers_floor_the_real_community_officers() {
        // Books 8 with 6 community; 4 restricted: y⁰ = max(6, 4) = 6.
        let mut p = province(vec![station(8, 6, 0, 0, 4), station(8, 1, 0, 0, 4)]);
        real_strength(&mut p, false);
        assert_eq!(p.stations[0].community_officers, 6);
        // Only 1 community on the books but 4 can do nothing else: y⁰ = 4.
        assert_eq!(p.stations[1].community_officers, 4);
        assert_eq!(p.stations[1].officers, 8);
    }

    #[test]
    fn zero_columns_change_nothing() {
        let mut p = province(vec![station(9, 4, 0, 0, 0)]);
        let before = p.clone();
        real_strength(&mut p, false);
        assert_eq!(p.stations[0].officers, before.stations[0].officers);
        assert_eq!(
            p.stations[0].community_officers,
            before.stations[0].community_officers
        );
        assert_eq!(p.counties, before.counties);
        assert!(!has_strength_data(&p));
    }

    #[test]
    fn two_teams_need_both_parts() {
        let t = TwoTeamsOneRoom {
            community_team: 3,
            case_team: 3,
            command_room: 2,
        };
        assert!(two_teams_viable(8, 3, &t));
        assert!(!two_teams_viable(8, 2, &t), "community team short");
        assert!(!two_teams_viable(8, 4, &t), "case team and room short");
        assert!(two_teams_viable(11, 3, &t));
    }
}
