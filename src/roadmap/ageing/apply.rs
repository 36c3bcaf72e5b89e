//! The year's plan applied to the force (step 6 of the module
//! documentation of [`super`]), and the province a year's plan starts
//! from.

use super::*;

impl State {
    /// The province of year t as the yearly model sees it after the flows:
    /// `base` is the loaded province (ids, workload, levers), with each
    /// station's real officers, community officers (the last plan's, kept
    /// between the restricted and the officers), auxiliaries, restricted and
    /// seconded officers, and each county's force.
    pub fn province(&self, base: &Province, t: i32, from_age: Option<i32>) -> Province {
        let mut p = base.clone();
        let restricted = self.restricted_counts(base, t, from_age);
        for (s, st) in p.stations.iter_mut().enumerate() {
            let state = &self.stations[s];
            let x = self.station_officers(s);
            let r = restricted[s].min(x);
            let away = state.seconded.count;
            let y = state.community.min(x).max(r);
            st.officers = x;
            st.community_officers = y;
            st.auxiliaries = state.auxiliaries;
            st.strength = Strength {
                nominal: 0,
                seconded: away,
                restricted: r,
                books: Some((x + away, y + away)),
            };
        }
        for c in 0..p.counties.len() {
            let force = self.force(base, c);
            let away: i64 = p.counties[c]
                .stations
                .iter()
                .map(|&s| self.stations[s].seconded.count)
                .sum();
            p.counties[c].officers_total = force;
            p.counties[c].seconded_away = away;
        }
        p
    }

    /// The make-up of `n` recruits joining in year t: born t − recruit age,
    /// women by [`State::recruit_female_share`].
    pub(super) fn recruits(&self, n: i64, t: i32, spec: &RoadmapSpec) -> Cells {
        let mut out = Cells::new();
        let f = if self.sexes_known {
            self.recruit_female_share
        } else {
            0.0
        };
        for (sex, share) in [(Sex::Male, 1.0 - f), (Sex::Female, f)] {
            let k = Cohort {
                born: t - spec.recruit_age,
                retires: NEVER,
                joined: t,
                sex,
            };
            add(&mut out, k, n as f64 * share);
        }
        out
    }

    /// Step 6: the state follows the year's plan. `recruits` joined county
    /// c this year (they are in the plan's force); `today` is the
    /// province the plan was made from ([`State::province`]).
    pub fn apply(
        &mut self,
        today: &Province,
        plan: &Plan,
        recruits: &[i64],
        t: i32,
        spec: &RoadmapSpec,
    ) -> Result<(), String> {
        let from_age = spec.restricted_from_age;
        let young = move |k: &Cohort| from_age.map_or(true, |a| k.age(t) < a);
        for (c, county) in today.counties.iter().enumerate() {
            let salt_c = salt(&[6, t as u64, c as u64]);
            let mut pool = Part::default();
            let r = recruits[c];
            // Senders.
            let mut gains: Vec<(usize, i64)> = Vec::new();
            for &s in &county.stations {
                let x0 = self.station_officers(s);
                let x1 = plan.stations[s].officers;
                if x0 > x1 {
                    let cells = self.stations[s].movable.take(x0 - x1, young);
                    pool.put(x0 - x1, &cells);
                } else if x1 > x0 {
                    gains.push((s, x1 - x0));
                }
            }
            let h0 = self.counties[c].hq.count;
            let h1 = plan.counties[c].hq_officers;
            if h0 > h1 {
                let cells = self.counties[c].hq.take(h0 - h1, young);
                pool.put(h0 - h1, &cells);
            }
            // Recruits to the stations first, in proportion to their gains.
            let station_gain: i64 = gains.iter().map(|g| g.1).sum();
            let to_stations = r.min(station_gain);
            let weights: Vec<f64> = gains.iter().map(|g| g.1 as f64).collect();
            let caps: Vec<i64> = gains.iter().map(|g| g.1).collect();
            let shares = apportion(to_stations, &weights, &caps, salt(&[salt_c, 2 << 32]));
            for ((s, g), n) in gains.iter_mut().zip(&shares) {
                let cells = unsexed(&self.recruits(*n, t, spec));
                self.stations[*s].movable.put(*n, &cells);
                *g -= n;
            }
            let cells = unsexed(&self.recruits(r - to_stations, t, spec));
            self.counties[c].hq.put(r - to_stations, &cells);
            let cells = self.recruits(r, t, spec);
            add_all(&mut self.counties[c].ledger[Class::Posts as usize], &cells);
            // Movers fill what is left, station by station.
            for (s, g) in &gains {
                if *g > 0 {
                    let cells = pool.take(*g, |_| true);
                    self.stations[*s].movable.put(*g, &cells);
                }
            }
            let rest = std::mem::take(&mut pool);
            self.counties[c].hq.put(rest.count, &rest.cells);
            if r > 0 {
                self.counties[c].placed.push((t, r));
            }
            for &s in &county.stations {
                let x = self.station_officers(s);
                if x != plan.stations[s].officers {
                    return Err(format!(
                        "station {}: {x} officers after the moves, but the plan has {}",
                        today.stations[s].id, plan.stations[s].officers
                    ));
                }
                self.stations[s].community = plan.stations[s].community_officers;
                self.stations[s].auxiliaries = plan.stations[s].auxiliaries;
            }
            let h = self.counties[c].hq.count;
            if h != plan.counties[c].hq_officers {
                return Err(format!(
                    "county {}: {h} HQ officers after the moves, but the plan has {}",
                    county.id, plan.counties[c].hq_officers
                ));
            }
        }
        self.year = t;
        self.quantize();
        Ok(())
    }

    /// The auxiliaries follow a plan's (for the years the plan is not
    /// applied, such as the horizon's base run).
    pub fn set_auxiliaries(&mut self, auxiliaries: &[i64]) {
        for (st, a) in self.stations.iter_mut().zip(auxiliaries) {
            st.auxiliaries = *a;
        }
    }
}
