//! The force at the start, from the data (module documentation of
//! [`super`], "From the data"): cohorts by birth month and sex, the
//! restricted, nominal and seconded officers, and those already past
//! their retirement age.

use super::*;

/// Why the data cannot start a roadmap.
pub(super) fn scenario_error(spec_file: &std::path::Path, message: String) -> InputError {
    InputError::Scenario {
        file: spec_file.to_path_buf(),
        message,
    }
}

/// Officers already past their retirement age at the start, alike in sex
/// and age band ([`State::past_retirement`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PastRetirement {
    /// Men or women (men when the data do not say).
    pub sex: Sex,
    /// The band of the ages reached in the first year ([`AGE_BANDS`]).
    pub band: usize,
    /// The youngest and oldest of them (ages reached in the first year).
    pub ages: (i32, i32),
    /// How many, in expectation (the bands say how many a band has, not
    /// who): a whole number when the data are whole.
    pub officers: f64,
}

/// A count in expectation as a message gives it: whole when it is (to a
/// millionth), else to one decimal.
pub(super) fn show_count(x: f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

/// Takes the oldest `n` officers of `pool`: those the rule still lets
/// serve first, oldest first, then those already past it.
pub(super) fn take_oldest(pool: &mut Cells, n: f64, start_year: i32) -> Cells {
    let mut left = n;
    let mut out = Cells::new();
    for serving in [true, false] {
        for (k, m) in pool.iter_mut() {
            if left <= 0.0 {
                break;
            }
            if (k.retires >= start_year) != serving {
                continue;
            }
            let x = m.min(left);
            *m -= x;
            left -= x;
            add(&mut out, *k, x);
        }
    }
    pool.retain(|_, m| *m > 0.0);
    out
}

impl State {
    /// The state at the start (see the module documentation). `province`
    /// is the loaded one (real strength applied, books kept); `recall`:
    /// the seconded are recalled.
    pub fn new(
        province: &Province,
        ages: &AgeData,
        spec: &RoadmapSpec,
        recall: bool,
        scenario_file: &std::path::Path,
    ) -> Result<State, InputError> {
        let mut stations = vec![StationState::default(); province.stations.len()];
        let mut counties = vec![CountyState::default(); province.counties.len()];
        for (s, st) in province.stations.iter().enumerate() {
            let mut parts: BTreeMap<OfficerKind, Part> = BTreeMap::new();
            for group in &ages.stations[s] {
                let part = parts.entry(group.kind).or_default();
                part.count += group.count;
                for (k, m) in expand(group, spec, scenario_file)? {
                    add(&mut part.cells, k, m);
                }
            }
            let strength = &st.strength;
            // Bands: the oldest are the restricted, nominal and seconded
            // officers have the station's profile.
            if let Some(mut pool) = parts.remove(&OfficerKind::Any) {
                let restricted = take_oldest(
                    &mut pool.cells,
                    strength.restricted.min(pool.count) as f64,
                    spec.start_year,
                );
                let r = strength.restricted.min(pool.count);
                parts
                    .entry(OfficerKind::Restricted)
                    .or_default()
                    .put(r, &restricted);
                pool.count -= r;
                let left = pool.count;
                let profile = pool.cells.clone();
                for (kind, n) in [
                    (OfficerKind::Nominal, strength.nominal),
                    (OfficerKind::Seconded, strength.seconded),
                ] {
                    let n = n.min(pool.count);
                    if n > 0 && left > 0 {
                        let cells = scaled(&profile, n as f64 / left as f64);
                        for (k, m) in &cells {
                            if let Some(v) = pool.cells.get_mut(k) {
                                *v = (*v - m).max(0.0);
                            }
                        }
                        pool.count -= n;
                        parts.entry(kind).or_default().put(n, &cells);
                    }
                }
                pool.cells.retain(|_, m| *m > 0.0);
                parts
                    .entry(OfficerKind::Regular)
                    .or_default()
                    .put(pool.count, &pool.cells);
            }
            let state = &mut stations[s];
            let county = &mut counties[st.county];
            for (kind, part) in parts {
                let into = match kind {
                    OfficerKind::Restricted => &mut state.restricted,
                    OfficerKind::Nominal => &mut county.hq,
                    OfficerKind::Seconded if !recall => &mut state.seconded,
                    _ => &mut state.movable,
                };
                into.put(part.count, &part.cells);
            }
            state.community = st.community_officers;
            state.auxiliaries = st.auxiliaries;
            state.restricted_weight = state.restricted.count;
            county.auxiliary_weight += st.auxiliaries;
        }
        for (c, groups) in ages.hq.iter().enumerate() {
            for group in groups {
                let mut cells = Cells::new();
                for (k, m) in expand(group, spec, scenario_file)? {
                    add(&mut cells, k, m);
                }
                counties[c].hq.put(group.count, &cells);
            }
        }
        let mut state = State {
            year: spec.start_year - 1,
            stations,
            counties,
            sexes_known: spec.roster.is_some() || spec.female_share.is_some(),
            recruit_female_share: 0.0,
        };
        state.start_ledgers(province, spec);
        // Units keep their cohorts without the sexes.
        for st in &mut state.stations {
            for part in [&mut st.movable, &mut st.restricted, &mut st.seconded] {
                part.cells = unsexed(&part.cells);
            }
        }
        for c in &mut state.counties {
            c.hq.cells = unsexed(&c.hq.cells);
        }
        state.recruit_female_share = match spec.female_share {
            Some(f) => f,
            None if state.sexes_known => {
                let (mut women, mut all) = (0.0, 0.0);
                for c in &state.counties {
                    for ledger in &c.ledger {
                        for (k, m) in ledger {
                            all += m;
                            if k.sex == Sex::Female {
                                women += m;
                            }
                        }
                    }
                }
                if all > 0.0 {
                    women / all
                } else {
                    0.0
                }
            }
            None => 0.0,
        };
        state.quantize();
        state.agrees_with(province).map_err(|m| {
            scenario_error(
                scenario_file,
                format!("internal error: the age structure does not match the data ({m})"),
            )
        })?;
        Ok(state)
    }

    /// Each county's ledger from its units, and ρc,b: the share of its
    /// force in each age band that is restricted at the start.
    fn start_ledgers(&mut self, province: &Province, spec: &RoadmapSpec) {
        for c in 0..province.counties.len() {
            self.counties[c].ledger = [
                self.class_total(province, c, Class::Posts),
                self.class_total(province, c, Class::Seconded),
            ];
            // ρc,b from the restricted officers' bands at the start, among
            // those the rule still lets serve (the restricted are taken
            // from them first).
            let serving = |k: &Cohort| k.retires >= spec.start_year;
            let mut restricted = [0.0f64; 6];
            let mut force = [0.0f64; 6];
            for &s in &province.counties[c].stations {
                for (k, m) in &self.stations[s].restricted.cells {
                    if serving(k) {
                        restricted[band_of(k.age(spec.start_year))] += m;
                    }
                }
            }
            for ledger in &self.counties[c].ledger {
                for (k, m) in ledger.iter().filter(|(k, _)| serving(k)) {
                    force[band_of(k.age(spec.start_year))] += m;
                }
            }
            for b in 0..6 {
                self.counties[c].restricted_rates[b] = if force[b] > 0.0 {
                    (restricted[b] / force[b]).clamp(0.0, 1.0)
                } else {
                    0.0
                };
            }
        }
    }

    /// Officers already past their retirement age at the start of the
    /// first year, by sex and age band, for age-band data (a roster's are
    /// named by [`super::data::load`]): the bands put them in the force;
    /// they retire in the first year.
    pub fn past_retirement(&self, start_year: i32) -> Vec<PastRetirement> {
        let mut out: BTreeMap<(usize, Sex), PastRetirement> = BTreeMap::new();
        for c in &self.counties {
            for ledger in &c.ledger {
                for (k, m) in ledger {
                    if k.joined != 0 || k.retires >= start_year {
                        continue;
                    }
                    let age = k.age(start_year);
                    let band = band_of(age);
                    let e = out.entry((band, k.sex)).or_insert(PastRetirement {
                        sex: k.sex,
                        band,
                        ages: (age, age),
                        officers: 0.0,
                    });
                    e.ages = (e.ages.0.min(age), e.ages.1.max(age));
                    e.officers += m;
                }
            }
        }
        out.into_values().filter(|p| p.officers > 1e-6).collect()
    }

    /// The data warning naming the officers age bands put past their
    /// retirement age at the start ([`State::past_retirement`]); a
    /// roster's are in `ages.warnings`.
    pub fn past_retirement_warning(&self, ages: &AgeData, spec: &RoadmapSpec) -> Option<Warning> {
        let Source::Bands { stations, .. } = &ages.source else {
            return None;
        };
        let past = self.past_retirement(spec.start_year);
        if past.is_empty() {
            return None;
        }
        let y = spec.start_year;
        let total: f64 = past.iter().map(|p| p.officers).sum();
        let who: Vec<String> = past
            .iter()
            .map(|p| {
                let people = match (self.sexes_known, p.sex) {
                    (false, _) => "officers",
                    (true, Sex::Male) => "men",
                    (true, Sex::Female) => "women",
                };
                let ages = if p.ages.0 == p.ages.1 {
                    p.ages.0.to_string()
                } else {
                    format!("{}–{}", p.ages.0, p.ages.1)
                };
                format!(
                    "{people} aged {ages} in {} (born {}–{}): {}",
                    AGE_BAND_KEYS[p.band],
                    y - p.ages.1,
                    y - p.ages.0,
                    show_count(p.officers)
                )
            })
            .collect();
        let share = match spec.female_share {
            Some(f) => format!("female_share {f} in every band, "),
            None => String::new(),
        };
        let who_zh: Vec<String> = past
            .iter()
            .map(|p| {
                let people = match (self.sexes_known, p.sex) {
                    (false, _) => "民警",
                    (true, Sex::Male) => "男民警",
                    (true, Sex::Female) => "女民警",
                };
                let ages = if p.ages.0 == p.ages.1 {
                    p.ages.0.to_string()
                } else {
                    format!("{}–{}", p.ages.0, p.ages.1)
                };
                format!(
                    "{} 中 {ages} 岁的{people}（{}–{} 年出生）{} 人",
                    AGE_BAND_KEYS[p.band],
                    y - p.ages.1,
                    y - p.ages.0,
                    show_count(p.officers)
                )
            })
            .collect();
        let share_zh = match spec.female_share {
            Some(f) => format!("各年龄段女性占比 female_share {f}，"),
            None => String::new(),
        };
        Some(Warning {
            kind: "past_retirement".into(),
            file: stations.display().to_string(),
            row: None,
            column: None,
            label: None,
            value: None,
            problem: format!(
                "the age bands put {} officers past the retirement age of roadmap.retirement_age before {y} ({share}ages spread evenly over a band): {}. They retire in {y}, the first year. If they no longer serve, correct the bands or give a roster (roadmap.roster)",
                show_count(total),
                who.join("; ")
            ),
            problem_zh: Some(format!(
                "按年龄段推算（{share_zh}年龄在段内均匀分布），{y} 年之前已有 {} 名民警超过退休年龄（roadmap.retirement_age）：{}。他们在第一年（{y} 年）退休。如果他们已不在岗，请更正年龄段，或提供花名册（roadmap.roster）",
                show_count(total),
                who_zh.join("；")
            )),
            station: None,
            county: None,
        })
    }

    /// Checks that the state holds the loaded province's real deployment:
    /// every station's officers (movable + restricted), restricted and
    /// seconded away, and every county's force.
    pub(super) fn agrees_with(&self, province: &Province) -> Result<(), String> {
        for (s, st) in province.stations.iter().enumerate() {
            let x = self.station_officers(s);
            if x != st.officers {
                return Err(format!(
                    "station {}: {x} officers, not {}",
                    st.id, st.officers
                ));
            }
        }
        for (c, county) in province.counties.iter().enumerate() {
            let e = self.force(province, c);
            if e != county.officers_total {
                return Err(format!(
                    "county {}: a force of {e}, not {}",
                    county.id, county.officers_total
                ));
            }
        }
        Ok(())
    }
}

/// The calendar year in which someone of `sex` born in (year, month)
/// reaches the retirement age of the spec's rule (before the first year
/// for those already past it).
pub(super) fn retirement_year(
    spec: &RoadmapSpec,
    sex: Sex,
    born: i32,
    month: u32,
    scenario_file: &std::path::Path,
) -> Result<i32, InputError> {
    spec.retirement
        .date(sex, (born, month))
        .map(|d| d.0)
        .ok_or_else(|| {
            scenario_error(
                scenario_file,
                format!(
                    "`roadmap.retirement_age`: no schedule entry covers {} officers born in {born}-{month:02}, and the data have such officers; add an entry for them (or leave born_from of the first entry open)",
                    sex.as_str()
                ),
            )
        })
}

/// A group's officers by cohort, in fractions: spread evenly over its birth
/// years and months (the month the roster gives, else all twelve) and over
/// the sexes (the roster's; else by `female_share`, or all counted as men
/// when men and women retire alike and no share is given), each (birth
/// month, sex) with its retirement year. The open band `age_60_plus` holds
/// only those the rule lets serve at the start of the first year, when any
/// (module documentation).
pub(super) fn expand(
    group: &Group,
    spec: &RoadmapSpec,
    scenario_file: &std::path::Path,
) -> Result<Vec<(Cohort, f64)>, InputError> {
    let same = spec.retirement.same_for_both();
    let sexes: Vec<(Sex, f64)> = match (group.sex, spec.female_share) {
        (Some(sex), _) => vec![(sex, 1.0)],
        (None, Some(f)) => vec![(Sex::Male, 1.0 - f), (Sex::Female, f)],
        (None, None) if same => vec![(Sex::Male, 1.0)],
        (None, None) => {
            return Err(scenario_error(
                scenario_file,
                "`roadmap.female_share` is needed: men and women retire at different ages (roadmap.retirement_age), and age bands do not say who is a woman; give the share of women, for example female_share = 0.15, or a roster with each officer's sex".into(),
            ))
        }
    };
    let months: Vec<u32> = group.month.map_or((1..=12).collect(), |m| vec![m]);
    let mut cells: Vec<(Cohort, f64)> = Vec::new();
    for born in group.born.0..=group.born.1 {
        for &m in &months {
            for &(sex, w) in &sexes {
                if w > 0.0 {
                    let mut retires = retirement_year(spec, sex, born, m, scenario_file)?;
                    if retires >= spec.start_year + spec.years as i32 {
                        retires = NEVER;
                    }
                    let k = Cohort {
                        born,
                        retires,
                        joined: 0,
                        sex,
                    };
                    cells.push((k, w));
                }
            }
        }
    }
    let open = group.band == Some(AGE_BANDS.len() - 1);
    if open && cells.iter().any(|(k, _)| k.retires >= spec.start_year) {
        cells.retain(|(k, _)| k.retires >= spec.start_year);
    }
    let total: f64 = cells.iter().map(|c| c.1).sum();
    if total <= 0.0 {
        return Ok(Vec::new());
    }
    let n = group.count as f64;
    let mut out: Cells = Cells::new();
    for (k, w) in cells {
        add(&mut out, k, n * w / total);
    }
    Ok(out.into_iter().collect())
}
