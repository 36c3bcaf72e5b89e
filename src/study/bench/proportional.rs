//! Against proportional rounding (the spreadsheet method): today's
//! deployment, proportional rounding and the optimal plan of the same
//! instance, each assessed independently of any solver by
//! [`crate::baseline::evaluate`].

use super::{BenchError, Instance};
use crate::baseline::{evaluate, proportional_plan, stations_below, today_plan, Assessment};
use crate::model::requirement::requirements;
use crate::pipeline::{self, Engine};

/// One plan of one instance.
#[derive(Debug, Clone, PartialEq)]
pub struct ProportionalRow {
    /// The instance's label.
    pub instance: String,
    /// Its stations.
    pub stations: usize,
    /// `today`, `proportional` or `optimal`.
    pub plan: &'static str,
    /// What the plan achieves and which rules it leaves broken.
    pub assessment: Assessment,
    /// Stations below the optimal balance level t*.
    pub below_optimum: usize,
}

/// Today, proportional rounding and the optimum on each instance.
pub fn proportional(instances: &[&Instance]) -> Result<Vec<ProportionalRow>, BenchError> {
    let mut rows = Vec::new();
    for inst in instances {
        let mut loaded = inst.load()?;
        // Against the plan with the fewest moves at the optimal level (the
        // province target): rounding is judged on the moves it needs too.
        loaded.params.levers.balance.officers = crate::domain::Target::Province;
        loaded.params.levers.balance.compare = Some(false);
        let reqs = requirements(&loaded.province, &loaded.params);
        let optimal = pipeline::solve(&loaded, Engine::Exact)
            .map_err(|source| BenchError::Solve {
                label: inst.label.clone(),
                source,
            })?
            .outcome
            .plan;
        let prop = proportional_plan(&loaded.province, &reqs);
        let today = today_plan(&loaded.province);
        let t = optimal.balance_level.unwrap_or(0.0);
        for (name, plan) in [
            ("today", &today),
            ("proportional", &prop),
            ("optimal", &optimal),
        ] {
            rows.push(ProportionalRow {
                instance: inst.label.clone(),
                stations: inst.stations,
                plan: name,
                assessment: evaluate(&loaded.province, &loaded.params, &reqs, plan),
                below_optimum: stations_below(plan, &reqs, t),
            });
        }
    }
    Ok(rows)
}
