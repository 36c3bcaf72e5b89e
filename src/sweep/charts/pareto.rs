//! The Pareto front of balance level against officers moved.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::table::SweepTable;
use super::*;
use crate::report::charts::{
    draw_legend, fmt_num, font, padded_range, palette, titled, ChartError,
};
use crate::report::lang::Lang;

/// The trade-off between balance level and officers moved, among the plans
/// a planner can choose between ([`SweepTable::pareto_groups`]): feasible
/// points under the same workload assumptions. Each group's Pareto front is
/// a coloured staircase with its points numbered; every other feasible
/// point is faded. Infeasible points have no plan and are not drawn.
pub struct Pareto {
    pub(super) lang: Lang,
    pub(super) table: SweepTable,
}

/// Most fronts drawn in colours of their own; more share one colour.
const FRONT_COLOURS: usize = 6;

/// A label's box in pixels: left, top, right, bottom.
pub(super) type LabelBox = (i32, i32, i32, i32);

pub(super) fn overlaps(a: &LabelBox, b: &LabelBox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Where each label goes: beside its point (right, then left, above,
/// below), in the first spot inside `bounds` that overlaps no label placed
/// before it and no point marker; `None` where no spot is free. `points`
/// are the markers' centres, `sizes` the labels' (width, height).
pub fn place_labels(
    points: &[(i32, i32)],
    sizes: &[(i32, i32)],
    bounds: LabelBox,
    marker: i32,
) -> Vec<Option<LabelBox>> {
    let markers: Vec<LabelBox> = points
        .iter()
        .map(|&(x, y)| (x - marker, y - marker, x + marker, y + marker))
        .collect();
    let mut placed: Vec<LabelBox> = Vec::new();
    let gap = marker + 3;
    points
        .iter()
        .zip(sizes)
        .map(|(&(x, y), &(w, h))| {
            let candidates = [
                (x + gap, y - h - 2),
                (x + gap, y + 2),
                (x - gap - w, y - h - 2),
                (x - gap - w, y + 2),
                (x - w / 2, y - gap - h),
                (x - w / 2, y + gap),
            ];
            let spot = candidates
                .iter()
                .map(|&(l, t)| (l, t, l + w, t + h))
                .find(|b| {
                    b.0 >= bounds.0
                        && b.1 >= bounds.1
                        && b.2 <= bounds.2
                        && b.3 <= bounds.3
                        && !placed.iter().any(|p| overlaps(p, b))
                        && !markers.iter().any(|m| overlaps(m, b))
                });
            if let Some(b) = spot {
                placed.push(b);
            }
            spot
        })
        .collect()
}

impl Pareto {
    pub(super) fn title(&self) -> String {
        self.lang
            .pick(
                "均衡水平与调动人数的权衡(帕累托前沿)",
                "Trade-off: balance level against officers moved (Pareto front)",
            )
            .into()
    }

    /// The caption: what is compared and why.
    pub(super) fn note(&self) -> String {
        let work = self
            .table
            .pareto_groups()
            .first()
            .is_some_and(|g| !g.setting.is_empty());
        let mut note = match self.lang {
            Lang::Zh => "只比较规划者可以从中选择的方案：可行的点（不可行的点没有方案，不画）。彩色点在前沿上——没有别的方案能以同样或更少的调动达到同样或更高的均衡水平；灰点被前沿上的方案超过。编号即下表中的点号（与别的编号重叠处省略）。".to_string(),
            Lang::En => "Only plans a planner can choose between are compared: the feasible points (an infeasible point has no plan and is not drawn). Coloured points are on the front: no other plan reaches as high a level with as few moves; grey points are beaten by a plan on it. Numbers are the points of the table below (left out where they would overlap another).".to_string(),
        };
        if work {
            note.push_str(self.lang.pick(
                "均衡水平是相对各自的工作量计算的，工作量假设不同的方案不可比，所以每组工作量假设各画一条前沿。",
                " A balance level is measured against its own workload, so plans under different workload assumptions are not compared: each workload setting has its own front.",
            ));
        }
        note
    }

    fn setting_label(&self, setting: &[(String, String)]) -> String {
        setting
            .iter()
            .map(|(k, v)| format!("{} = {v}", param_label(self.lang, k)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let t = &self.table;
        let groups = t.pareto_groups();
        let xy = |i: usize| -> Option<(usize, f64, f64)> {
            let r = &t.rows[i];
            Some((r.point, r.officers_moved? as f64, r.balance_level?))
        };
        let on_front: Vec<usize> = groups.iter().flat_map(|g| g.front.clone()).collect();
        let feasible: Vec<usize> = (0..t.rows.len()).filter(|&i| xy(i).is_some()).collect();
        let area = titled(root, &self.title(), 22.0)?;
        let (x0, x1) = padded_range(feasible.iter().filter_map(|&i| xy(i)).map(|p| p.1), 0.1);
        let (y0, top) = padded_range(feasible.iter().filter_map(|&i| xy(i)).map(|p| p.2), 0.1);
        // A band above the points for the legend, one line per entry.
        let shared = groups.len() > FRONT_COLOURS;
        let entries = if shared { 1 } else { groups.len() } + 1;
        let y1 = top + (top - y0) * (0.07 * entries as f64 + 0.06);
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(80)
            .build_cartesian_2d(x0.max(0.0)..x1, y0..y1)?;
        chart
            .configure_mesh()
            .max_light_lines(2)
            .x_desc(lang.pick("调动民警人数(人)", "officers moved"))
            .y_desc(lang.pick("均衡水平", "balance level"))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .x_label_formatter(&|v| fmt_num(*v))
            .y_label_formatter(&|v| format!("{v:.3}"))
            .draw()?;
        let faded = palette::BEFORE.mix(0.45);
        let others: Vec<(f64, f64)> = feasible
            .iter()
            .filter(|i| !on_front.contains(i))
            .filter_map(|&i| xy(i))
            .map(|p| (p.1, p.2))
            .collect();
        if !others.is_empty() {
            chart
                .draw_series(others.iter().map(|&p| Circle::new(p, 4, faded.filled())))?
                .label(lang.pick(
                    "其他可行方案(被前沿上的方案超过)",
                    "other feasible plans (beaten by one on a front)",
                ))
                .legend(move |(x, y)| Circle::new((x + 8, y), 4, faded.filled()));
        }
        for (k, g) in groups.iter().enumerate() {
            let colour = if shared {
                palette::NORM
            } else {
                palette::SERIES[(k + 1) % palette::SERIES.len()]
            };
            let front: Vec<(f64, f64)> = g
                .front
                .iter()
                .filter_map(|&i| xy(i))
                .map(|p| (p.1, p.2))
                .collect();
            // A staircase: more moves only pay when the level rises.
            let mut stairs = Vec::new();
            for (j, &(x, y)) in front.iter().enumerate() {
                if j > 0 {
                    stairs.push((x, front[j - 1].1));
                }
                stairs.push((x, y));
            }
            let series = chart.draw_series(LineSeries::new(stairs, colour.stroke_width(3)))?;
            if !shared || k == 0 {
                let label = if shared {
                    match lang {
                        Lang::Zh => format!("各组工作量假设下的前沿({} 组)", groups.len()),
                        Lang::En => {
                            format!("Pareto front of each workload setting ({})", groups.len())
                        }
                    }
                } else if g.setting.is_empty() {
                    lang.pick(
                        "帕累托前沿(同等调动下水平最高)",
                        "Pareto front (highest level for the moves)",
                    )
                    .to_string()
                } else {
                    format!(
                        "{}{}",
                        lang.pick("前沿：", "front: "),
                        self.setting_label(&g.setting)
                    )
                };
                series.label(label).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 22, y)], colour.stroke_width(3))
                });
            }
            chart.draw_series(front.iter().map(|&p| Circle::new(p, 6, colour.filled())))?;
        }
        // Numbers beside the front's points, where they fit without overlap.
        let style = font(14.0);
        let labels: Vec<(String, (i32, i32))> = groups
            .iter()
            .flat_map(|g| g.front.iter())
            .filter_map(|&i| xy(i))
            .map(|(point, x, y)| (format!("#{point}"), chart.backend_coord(&(x, y))))
            .collect();
        let sizes: Vec<(i32, i32)> = labels
            .iter()
            .map(|(text, _)| {
                root.estimate_text_size(text, &style)
                    .map(|(w, h)| (w as i32, h as i32))
            })
            .collect::<Result<_, _>>()?;
        let plot = chart.plotting_area();
        let (px, py) = plot.get_pixel_range();
        let points: Vec<(i32, i32)> = labels.iter().map(|l| l.1).collect();
        // Labels stay below the legend's band.
        let band = chart.backend_coord(&(x0.max(0.0), top)).1;
        let spots = place_labels(&points, &sizes, (px.start, band, px.end, py.end), 6);
        let base = root.get_base_pixel();
        for ((text, _), spot) in labels.iter().zip(&spots) {
            if let Some(b) = spot {
                root.draw(&Text::new(
                    text.clone(),
                    (b.0 - base.0, b.1 - base.1),
                    style.pos(Pos::new(HPos::Left, VPos::Top)),
                ))?;
            }
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight, 15.0)?;
        Ok(())
    }
}
