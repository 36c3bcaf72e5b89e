//! The speed targets of the default path (issue 26, which tightened those
//! of issue 11), judged on the measured figures.
//!
//! | instance | command | cores | figure | target |
//! |---|---|---|---|---|
//! | 40,000-station nation | default | all | CPU time | ≤ 0.8 s |
//! | 40,000-station nation | default | all | peak memory | ≤ 150 MB |
//! | 1,631-station province | `--charts none` | one | CPU time | ≤ 25 ms |
//! | 1,631-station province | default | one | CPU time | ≤ 90 ms |
//!
//! Times are judged on the child's own CPU time (user + system), which a
//! shared machine inflates far less than wall time; the wall time is shown
//! beside it. A target is judged only on the instance it names (by station
//! and county count), so a bench of other data says "not judged".

use super::child::Cores;
use super::e2e::{Charts, DefaultPathRow};

/// Which figure a target bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// Median CPU seconds (user + system).
    Cpu,
    /// Median peak resident memory, MB (10⁶ bytes).
    PeakMb,
}

/// One target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// What it is about, for the report.
    pub what: &'static str,
    /// The instance it names: stations and counties.
    pub stations: usize,
    /// Counties of the instance it names.
    pub counties: usize,
    /// Whether the command has `--charts none`.
    pub charts: Charts,
    /// One core or all cores.
    pub cores: Cores,
    /// The figure it bounds: CPU seconds or peak memory in MB.
    pub figure: Figure,
    /// The bound, in the figure's unit (seconds or MB).
    pub limit: f64,
    /// `<` (strict) or `≤`.
    pub strict: bool,
}

impl Target {
    /// `≤ 0.8 s CPU`, `≤ 25 ms CPU`, `≤ 150 MB peak`.
    pub fn describe(&self) -> String {
        let op = if self.strict { "<" } else { "≤" };
        match self.figure {
            Figure::Cpu if self.limit < 0.5 => {
                format!("{op} {:.0} ms CPU", self.limit * 1000.0)
            }
            Figure::Cpu => format!("{op} {} s CPU", self.limit),
            Figure::PeakMb => format!("{op} {:.0} MB peak", self.limit),
        }
    }

    fn applies(&self, row: &DefaultPathRow) -> bool {
        row.charts == self.charts && row.measured.cores == self.cores
    }

    fn names(&self, row: &DefaultPathRow) -> bool {
        row.instance.stations == self.stations && row.instance.counties == self.counties
    }

    fn meets(&self, v: f64) -> bool {
        if self.strict {
            v < self.limit
        } else {
            v <= self.limit
        }
    }
}

/// The targets of the default path.
pub const TARGETS: [Target; 4] = [
    Target {
        what: "40,000-station nation, default command, all cores",
        stations: 40_000,
        counties: 2_800,
        charts: Charts::Default,
        cores: Cores::All,
        figure: Figure::Cpu,
        limit: 0.8,
        strict: false,
    },
    Target {
        what: "40,000-station nation, default command, all cores",
        stations: 40_000,
        counties: 2_800,
        charts: Charts::Default,
        cores: Cores::All,
        figure: Figure::PeakMb,
        limit: 150.0,
        strict: false,
    },
    Target {
        what: "1,631-station province, --charts none, one core",
        stations: 1_631,
        counties: 86,
        charts: Charts::None,
        cores: Cores::One,
        figure: Figure::Cpu,
        limit: 0.025,
        strict: false,
    },
    Target {
        what: "1,631-station province, default command (charts), one core",
        stations: 1_631,
        counties: 86,
        charts: Charts::Default,
        cores: Cores::One,
        figure: Figure::Cpu,
        limit: 0.090,
        strict: false,
    },
];

/// A target and what was measured for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The target.
    pub target: Target,
    /// The measured median (seconds or MB); `None` when not measured.
    pub measured: Option<f64>,
    /// The median wall time of the same runs, seconds.
    pub wall_s: Option<f64>,
    /// `Some(true)` met, `Some(false)` missed, `None` not judged.
    pub pass: Option<bool>,
}

impl Verdict {
    /// `met`, `MISSED` or `not judged`.
    pub fn word(&self) -> &'static str {
        match self.pass {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "not judged",
        }
    }
}

/// Judges every target on the default-path rows.
pub fn judge(rows: &[DefaultPathRow]) -> Vec<Verdict> {
    TARGETS
        .iter()
        .map(|t| {
            let row = rows.iter().find(|r| t.applies(r) && t.names(r));
            let measured = row.and_then(|r| match t.figure {
                Figure::Cpu => r.measured.cpu().map(|s| s.median),
                Figure::PeakMb => r.measured.peak_mb().map(|s| s.median),
            });
            Verdict {
                target: *t,
                measured,
                wall_s: row.map(|r| r.measured.wall().median),
                pass: measured.map(|v| t.meets(v)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_as_the_issue_states_them() {
        let d: Vec<String> = TARGETS.iter().map(Target::describe).collect();
        assert_eq!(
            d,
            ["≤ 0.8 s CPU", "≤ 150 MB peak", "≤ 25 ms CPU", "≤ 90 ms CPU"]
        );
        assert!(TARGETS[2].meets(0.025) && !TARGETS[2].meets(0.0251));
        assert!(TARGETS[0].meets(0.8) && !TARGETS[0].meets(0.801));
        assert!(TARGETS[1].meets(150.0) && !TARGETS[1].meets(150.1));
    }

    #[test]
    fn nothing_measured_is_not_judged() {
        let v = judge(&[]);
        assert_eq!(v.len(), 4);
        assert!(v
            .iter()
            .all(|v| v.pass.is_none() && v.word() == "not judged"));
    }
}
