//! Tests of the `[roadmap]` table's reader.

use super::*;

fn file(text: &str) -> RoadmapFile {
    toml::from_str(text).unwrap()
}

#[test]
fn the_reform_adds_a_month_every_four_months_of_birth() {
    // Born before the reform: 60 and 55.
    assert_eq!(china_2025_months(Sex::Male, (1964, 12)), 720);
    assert_eq!(china_2025_months(Sex::Female, (1969, 12)), 660);
    // January to April 1965: 60 years and 1 month; May 1965: 2 months.
    assert_eq!(china_2025_months(Sex::Male, (1965, 1)), 721);
    assert_eq!(china_2025_months(Sex::Male, (1965, 4)), 721);
    assert_eq!(china_2025_months(Sex::Male, (1965, 5)), 722);
    // The last step (36 months) from September 1976: 63.
    assert_eq!(china_2025_months(Sex::Male, (1976, 8)), 720 + 35);
    assert_eq!(china_2025_months(Sex::Male, (1976, 9)), 756);
    assert_eq!(china_2025_months(Sex::Male, (1990, 1)), 756);
    // Women (cadres): 55 years and 1 month from January 1970, 58 from
    // September 1981.
    assert_eq!(china_2025_months(Sex::Female, (1970, 1)), 661);
    assert_eq!(china_2025_months(Sex::Female, (1981, 9)), 696);
}

#[test]
fn every_form_of_retirement_age_reads() {
    let spec =
        |t: &str| resolve(file(&format!("start_year = 2025\n{t}")), None).map(|s| s.retirement);
    let r = spec("retirement_age = 60").unwrap();
    assert_eq!(r.male, RetirementRule::Age(720));
    assert!(r.same_for_both());
    let r = spec("retirement_age = { male = 60.25, female = 55 }").unwrap();
    assert_eq!(r.male, RetirementRule::Age(723));
    assert_eq!(r.female, RetirementRule::Age(660));
    assert!(!r.same_for_both());
    let r = spec(
        "retirement_age = [{ born_to = \"1964-12\", age_years = 60 }, { born_from = 1965, age_years = 60, age_months = 6 }]",
    )
    .unwrap();
    assert_eq!(r.male.months(Sex::Male, (1964, 12)), Some(720));
    assert_eq!(r.male.months(Sex::Female, (1965, 1)), Some(726));
    let r = spec("").unwrap();
    assert_eq!(r.male, RetirementRule::China2025);
    assert!(!r.same_for_both());
    // A gap in a schedule is found when the data has someone there.
    let r = spec("retirement_age = [{ born_to = 1960, age_years = 60 }]").unwrap();
    assert_eq!(r.male.months(Sex::Male, (1961, 1)), None);
}

#[test]
fn bad_values_name_the_key_and_what_is_valid() {
    let err = |t: &str| resolve(file(&format!("start_year = 2025\n{t}")), None).unwrap_err();
    let e = err("retirement_age = 45");
    assert_eq!(e.key, "roadmap.retirement_age");
    let e = err("retirement_age = { male = 60 }");
    assert_eq!(e.key, "roadmap.retirement_age.female");
    let e = err(
        "retirement_age = [{ born_to = 1970, age_years = 60 }, { born_from = 1970, age_years = 61 }]",
    );
    assert!(e.valid.to_string().contains("overlaps"), "{e:?}");
    let e = err("retirement_age = [{ born_from = \"1965-13\", age_years = 60 }]");
    assert_eq!(e.key, "roadmap.retirement_age[0].born_from");
    let e = err("leaving_rate = 1.5");
    assert_eq!(e.key, "roadmap.leaving_rate");
    let e = err("leaving_rate = { age_70_plus = 0.1 }");
    assert_eq!(e.key, "roadmap.leaving_rate.age_70_plus");
    let e = err("recruits = [1, 2]");
    assert!(e.valid.to_string().contains("5 (roadmap.years)"), "{e:?}");
    let e = err("years = 16");
    assert_eq!(e.key, "roadmap.years");
    let e = err("mode = \"greedy\"");
    assert_eq!(e.key, "roadmap.mode");
    let e = err("auxiliary_turnover = -0.1");
    assert_eq!(e.key, "roadmap.auxiliary_turnover");
}

#[test]
fn lists_give_one_value_per_year() {
    let s = resolve(
        file("start_year = 2025\nyears = 3\nrecruits = [10, 20, 30]\nauxiliary_budget = 500\nleaving_rate = { age_under_30 = 0.02 }"),
        None,
    )
    .unwrap();
    assert_eq!(s.recruits, vec![10, 20, 30]);
    assert!(s.recruits_set);
    assert_eq!(s.auxiliary_budget, Some(vec![500; 3]));
    assert_eq!(s.leaving_rate, [0.02, 0.0, 0.0, 0.0, 0.0, 0.0]);
    assert_eq!(s.calendar().collect::<Vec<_>>(), vec![2025, 2026, 2027]);
}
