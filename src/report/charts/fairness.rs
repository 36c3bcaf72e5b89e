//! The charts of the four balance targets compared (drawn when the
//! comparison ran): how station cover levels are distributed under each
//! target, and what each target's fairness costs in moves.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{bold, draw_legend, fmt_num, fmt_pct, font, padded_range, palette, ChartError, Figure};
use crate::domain::Target;
use crate::outcome::{Outcome, TargetFigures};
use crate::report::fairness::target_name;
use crate::report::lang::Lang;

/// The fairness charts of a solve: none without the comparison.
pub fn figures(outcome: &Outcome, lang: Lang) -> Vec<FairnessFigure> {
    match &outcome.fairness.comparison {
        Some(rows) if !rows.is_empty() => vec![
            FairnessFigure::Levels(Levels::new(rows, lang)),
            FairnessFigure::Price(Price::new(rows, outcome.fairness.target, lang)),
        ],
        _ => Vec::new(),
    }
}

/// One of the fairness charts.
pub enum FairnessFigure {
    /// The cover levels' cumulative distribution, one curve per target (`targets-levels`).
    Levels(Levels),
    /// Officers moved against the two fairness measures, one point per target
    /// (`targets-price`).
    Price(Price),
}

impl Figure for FairnessFigure {
    fn stem(&self) -> String {
        match self {
            FairnessFigure::Levels(_) => "targets-levels".into(),
            FairnessFigure::Price(_) => "targets-price".into(),
        }
    }
    fn title(&self) -> String {
        match self {
            FairnessFigure::Levels(f) => f.lang.pick(
                "各均衡目标下派出所覆盖水平的分布",
                "Station cover levels under each balance target",
            ),
            FairnessFigure::Price(f) => f.lang.pick(
                "公平的代价：调动人数与均衡程度",
                "The price of fairness: officers moved against fairness",
            ),
        }
        .into()
    }
    fn size(&self) -> (u32, u32) {
        match self {
            FairnessFigure::Levels(_) => (1100, 720),
            FairnessFigure::Price(_) => (1300, 620),
        }
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        match self {
            FairnessFigure::Levels(f) => f.draw(root, &self.title()),
            FairnessFigure::Price(f) => f.draw(root, &self.title()),
        }
    }
}

fn colour(t: Target) -> RGBColor {
    match t {
        Target::Province => palette::BEFORE,
        Target::Standard => palette::NORM,
        Target::County => palette::AFTER,
        Target::Leximin => palette::GAIN,
    }
}

/// The share of stations at or below each cover level (a cumulative
/// distribution), one curve per target.
pub struct Levels {
    lang: Lang,
    /// Per target: its sorted station levels.
    curves: Vec<(Target, Vec<f64>)>,
    /// The levels shown: up to the 98th percentile of every target.
    top: f64,
}

impl Levels {
    /// The curves of `rows` (one per balance target), titled in `lang`.
    pub fn new(rows: &[TargetFigures], lang: Lang) -> Levels {
        let curves: Vec<(Target, Vec<f64>)> = rows
            .iter()
            .map(|r| {
                let mut v: Vec<f64> = r.station_levels.iter().flatten().copied().collect();
                v.sort_by(f64::total_cmp);
                (r.target, v)
            })
            .collect();
        let top = curves
            .iter()
            .filter_map(|(_, v)| v.get((v.len() * 98 / 100).min(v.len().saturating_sub(1))))
            .copied()
            .fold(1.2_f64, f64::max);
        Levels { lang, curves, top }
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let area = root.titled(title, bold(22.0))?;
        let low = self
            .curves
            .iter()
            .filter_map(|(_, v)| v.first())
            .copied()
            .fold(1.0_f64, f64::min);
        let lo = (low - 0.05 * (self.top - low)).max(0.0);
        let mut chart = ChartBuilder::on(&area)
            .margin(20)
            .x_label_area_size(56)
            .y_label_area_size(80)
            .build_cartesian_2d(lo..self.top, 0.0..1.0)?;
        chart
            .configure_mesh()
            .max_light_lines(2)
            .x_desc(lang.pick(
                "派出所覆盖水平(1.0 = 工作量配足警力)",
                "station cover level (1.0 = workload covered)",
            ))
            .y_desc(lang.pick(
                "覆盖水平不高于该值的派出所占比",
                "share of stations at or below the level",
            ))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .x_label_formatter(&|v| fmt_num(*v))
            .y_label_formatter(&|v| fmt_pct(*v))
            .draw()?;
        chart
            .draw_series(DashedLineSeries::new(
                [(1.0, 0.0), (1.0, 1.0)],
                8,
                6,
                palette::NORM.stroke_width(2),
            ))?
            .label(lang.pick("覆盖水平 1.0", "cover level 1.0"))
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 22, y)], palette::NORM.stroke_width(2))
            });
        for (t, v) in &self.curves {
            let n = v.len().max(1) as f64;
            // A step curve: the share rises at each station's level.
            let mut points = vec![(lo, 0.0)];
            for (i, &l) in v.iter().enumerate() {
                let l = l.clamp(lo, self.top);
                points.push((l, i as f64 / n));
                points.push((l, (i + 1) as f64 / n));
            }
            points.push((self.top, 1.0));
            let c = colour(*t);
            chart
                .draw_series(LineSeries::new(points, c.stroke_width(3)))?
                .label(target_name(lang, *t))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 22, y)], c.stroke_width(3))
                });
        }
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 16.0)?;
        Ok(())
    }
}

/// One value per target (`None`: not defined).
type Values = Vec<Option<f64>>;

/// Officers moved against two measures of fairness, one point per target:
/// the Gini of officers against workload, and the stations below 1.0.
pub struct Price {
    lang: Lang,
    /// (target, moves, Gini, stations below 1.0, chosen).
    points: Vec<(Target, f64, Option<f64>, f64, bool)>,
}

impl Price {
    /// The points of `rows`, one per balance target; `chosen`, the scenario's target, is marked.
    pub fn new(rows: &[TargetFigures], chosen: Target, lang: Lang) -> Price {
        Price {
            lang,
            points: rows
                .iter()
                .map(|r| {
                    (
                        r.target,
                        r.officers_moved as f64,
                        r.gini,
                        r.stations_below_one as f64,
                        r.target == chosen,
                    )
                })
                .collect(),
        }
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let area = root.titled(title, bold(22.0))?;
        let (left, right) = area.split_horizontally(650);
        let (x0, x1) = padded_range(self.points.iter().map(|p| p.1).chain([0.0]), 0.15);
        let panels: [(_, _, Values); 2] = [
            (
                &left,
                lang.pick(
                    "民警与工作量的基尼系数(越小越均衡)",
                    "Gini of officers against workload (lower = fairer)",
                ),
                self.points.iter().map(|p| p.2).collect(),
            ),
            (
                &right,
                lang.pick("覆盖不足1.0的派出所(个)", "stations below cover level 1.0"),
                self.points.iter().map(|p| Some(p.3)).collect(),
            ),
        ];
        for (panel, desc, ys) in panels {
            let (y0, y1) = padded_range(ys.iter().flatten().copied(), 0.25);
            let y0 = y0.max(0.0).min(y1 - 1e-9);
            let mut chart = ChartBuilder::on(panel)
                .margin(18)
                .x_label_area_size(52)
                .y_label_area_size(80)
                .build_cartesian_2d(x0.max(0.0)..x1, y0..y1)?;
            chart
                .configure_mesh()
                .max_light_lines(2)
                .x_desc(lang.pick("调动民警(人)", "officers moved"))
                .y_desc(desc)
                .label_style(font(14.0))
                .axis_desc_style(font(15.0))
                .x_label_formatter(&|v| fmt_num(*v))
                .y_label_formatter(&|v| fmt_num(*v))
                .draw()?;
            // The targets joined in order of moves: the trade-off.
            let mut line: Vec<(f64, f64)> = self
                .points
                .iter()
                .zip(&ys)
                .filter_map(|(p, y)| y.map(|y| (p.1, y)))
                .collect();
            line.sort_by(|a, b| a.0.total_cmp(&b.0));
            chart.draw_series(LineSeries::new(
                line,
                palette::BEFORE.mix(0.6).stroke_width(2),
            ))?;
            let middle = 0.5 * (x0.max(0.0) + x1);
            for (p, y) in self.points.iter().zip(&ys) {
                let Some(y) = *y else { continue };
                let c = colour(p.0);
                let size = if p.4 { 10 } else { 7 };
                chart.draw_series(std::iter::once(Circle::new((p.1, y), size, c.filled())))?;
                let label = if p.4 {
                    format!(
                        "{} ({})",
                        target_name(lang, p.0),
                        lang.pick("本方案", "this plan")
                    )
                } else {
                    target_name(lang, p.0).to_string()
                };
                chart.draw_series(std::iter::once(Text::new(
                    label,
                    (p.1, y),
                    font(15.0).pos(plotters::style::text_anchor::Pos::new(
                        // Labels lean inwards, so none runs off the plot.
                        if p.1 > middle {
                            plotters::style::text_anchor::HPos::Right
                        } else {
                            plotters::style::text_anchor::HPos::Left
                        },
                        plotters::style::text_anchor::VPos::Bottom,
                    )),
                )))?;
            }
        }
        Ok(())
    }
}
