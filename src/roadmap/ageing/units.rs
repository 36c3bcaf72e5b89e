//! A county's units and their whole numbers: officers taken from units
//! by largest remainder, and the units' cohorts fitted to the ledger.

use super::*;

impl State {
    /// The units of county c holding officers of `class`.
    pub(super) fn class_units(&self, province: &Province, c: usize, class: Class) -> Vec<Unit> {
        let stations = &province.counties[c].stations;
        match class {
            Class::Posts => {
                let mut out = Vec::with_capacity(2 * stations.len() + 1);
                for &s in stations {
                    out.push(Unit::Movable(s));
                    out.push(Unit::Restricted(s));
                }
                out.push(Unit::Hq);
                out
            }
            Class::Seconded => stations.iter().map(|&s| Unit::Seconded(s)).collect(),
        }
    }

    pub(super) fn part(&self, c: usize, unit: Unit) -> &Part {
        match unit {
            Unit::Hq => &self.counties[c].hq,
            Unit::Movable(s) => &self.stations[s].movable,
            Unit::Restricted(s) => &self.stations[s].restricted,
            Unit::Seconded(s) => &self.stations[s].seconded,
        }
    }

    pub(super) fn part_mut(&mut self, c: usize, unit: Unit) -> &mut Part {
        match unit {
            Unit::Hq => &mut self.counties[c].hq,
            Unit::Movable(s) => &mut self.stations[s].movable,
            Unit::Restricted(s) => &mut self.stations[s].restricted,
            Unit::Seconded(s) => &mut self.stations[s].seconded,
        }
    }

    /// The cohorts of county c's units of `class`, added up.
    pub(super) fn class_total(&self, province: &Province, c: usize, class: Class) -> Cells {
        let mut out = Cells::new();
        for u in self.class_units(province, c, class) {
            add_all(&mut out, &self.part(c, u).cells);
        }
        out
    }

    /// A flow out of county c's `class` (module documentation): the
    /// cohorts in `group` lose the share `rate(k)` each in expectation,
    /// `total` officers in all. The ledger loses its expectation and is
    /// scaled back to the group's whole number; the units lose `total`,
    /// shared by largest remainder on what each is expected to lose (they
    /// are fitted to the ledger once the year's flows are done,
    /// [`State::fit_all`]).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn remove(
        &mut self,
        province: &Province,
        c: usize,
        class: Class,
        group: &dyn Fn(&Cohort) -> bool,
        rate: &dyn Fn(&Cohort) -> f64,
        total: i64,
        salt: u64,
    ) {
        let ledger = &mut self.counties[c].ledger[class as usize];
        let before: f64 = ledger
            .iter()
            .filter(|(k, _)| group(k))
            .map(|(_, m)| m)
            .sum();
        let whole = round_half_up(before) - total;
        for (k, m) in ledger.iter_mut() {
            if group(k) {
                *m *= 1.0 - rate(k).clamp(0.0, 1.0);
            }
        }
        ledger.retain(|_, m| *m > 0.0);
        let after: f64 = ledger
            .iter()
            .filter(|(k, _)| group(k))
            .map(|(_, m)| m)
            .sum();
        if after > 0.0 && whole >= 0 {
            let f = whole as f64 / after;
            for (k, m) in ledger.iter_mut() {
                if group(k) {
                    *m *= f;
                }
            }
            ledger.retain(|_, m| *m > 0.0);
        }
        let units = self.class_units(province, c, class);
        let expected: Vec<f64> = units
            .iter()
            .map(|&u| {
                self.part(c, u)
                    .cells
                    .iter()
                    .filter(|(k, _)| group(k))
                    .map(|(k, m)| m * rate(k).clamp(0.0, 1.0))
                    .sum()
            })
            .collect();
        let caps: Vec<i64> = units.iter().map(|&u| self.part(c, u).count).collect();
        let shares = apportion(total, &expected, &caps, salt);
        for (&u, x) in units.iter().zip(shares) {
            let part = self.part_mut(c, u);
            part.count -= x;
            for (k, m) in part.cells.iter_mut() {
                if group(k) {
                    *m *= 1.0 - rate(k).clamp(0.0, 1.0);
                }
            }
            part.cells.retain(|_, m| *m > 0.0);
        }
    }

    /// Fits the cohorts of county c's units of `class` to its ledger:
    /// iterative proportional fitting, each cohort's total over the units
    /// to the ledger's (scaled to the units' whole number), then each
    /// unit's total to its count, [`FIT_ROUNDS`] times. A cohort no unit
    /// holds is shared over the units by their counts; a unit with no
    /// cohorts left takes the ledger's make-up.
    pub(super) fn fit(&mut self, province: &Province, c: usize, class: Class) {
        let units = self.class_units(province, c, class);
        let rows: Vec<f64> = units
            .iter()
            .map(|&u| self.part(c, u).count as f64)
            .collect();
        let n: f64 = rows.iter().sum();
        let ledger = unsexed(&self.counties[c].ledger[class as usize]);
        let l = mass(&ledger);
        if n <= 0.0 {
            for &u in &units {
                self.part_mut(c, u).cells.clear();
            }
            return;
        }
        if l <= 0.0 {
            return;
        }
        let keys: Vec<Cohort> = ledger.keys().copied().collect();
        let target: Vec<f64> = ledger.values().map(|m| m * n / l).collect();
        // The units × cohorts table.
        let mut table: Vec<Vec<f64>> = units
            .iter()
            .map(|&u| {
                let mut row = vec![0.0; keys.len()];
                for (k, m) in &self.part(c, u).cells {
                    if let Ok(i) = keys.binary_search(k) {
                        row[i] = *m;
                    }
                }
                row
            })
            .collect();
        for _ in 0..FIT_ROUNDS {
            let mut cols = vec![0.0; keys.len()];
            for row in &table {
                for (col, m) in cols.iter_mut().zip(row) {
                    *col += m;
                }
            }
            for (i, (&col, &want)) in cols.iter().zip(&target).enumerate() {
                if col > 0.0 {
                    let f = want / col;
                    for row in table.iter_mut() {
                        row[i] *= f;
                    }
                } else {
                    for (row, r) in table.iter_mut().zip(&rows) {
                        row[i] = want * r / n;
                    }
                }
            }
            for (row, &r) in table.iter_mut().zip(&rows) {
                let have: f64 = row.iter().sum();
                if r <= 0.0 {
                    row.iter_mut().for_each(|m| *m = 0.0);
                } else if have > 0.0 {
                    let f = r / have;
                    row.iter_mut().for_each(|m| *m *= f);
                } else {
                    for (m, want) in row.iter_mut().zip(&target) {
                        *m = want * r / n;
                    }
                }
            }
        }
        for (&u, row) in units.iter().zip(table) {
            self.part_mut(c, u).cells = keys
                .iter()
                .zip(row)
                .filter(|(_, m)| *m > 0.0)
                .map(|(k, m)| (*k, m))
                .collect();
        }
    }

    /// Fits every county's units to its ledger ([`State::fit`]).
    pub(super) fn fit_all(&mut self, province: &Province) {
        for c in 0..province.counties.len() {
            self.fit(province, c, Class::Posts);
            self.fit(province, c, Class::Seconded);
        }
    }
}
