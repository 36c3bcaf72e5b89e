//! The spread of balance levels over a Monte Carlo sample.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::super::table::SweepTable;
use crate::report::charts::{
    draw_legend, fmt_num, font, padded_range, palette, titled, ChartError,
};
use crate::report::lang::Lang;

/// Histogram of the balance level over a sample: each point's own optimum,
/// and the robust plan's level at each point.
pub struct Spread {
    pub(super) lang: Lang,
    pub(super) table: SweepTable,
    /// The robust plan's envelope level (guaranteed, for the worst case).
    pub(super) envelope: Option<f64>,
}

/// Bins of the spread histogram.
const BINS: usize = 30;

impl Spread {
    pub(super) fn title(&self) -> String {
        self.lang
            .pick(
                "均衡水平的分布(蒙特卡洛抽样)",
                "Distribution of the balance level over the samples",
            )
            .into()
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
        let own: Vec<f64> = t.rows.iter().filter_map(|r| r.balance_level).collect();
        let robust: Vec<f64> = t.rows.iter().filter_map(|r| r.robust_level).collect();
        let all = own.iter().chain(&robust).copied().chain(self.envelope);
        let (lo, hi) = padded_range(all, 0.05);
        let width = (hi - lo) / BINS as f64;
        let counts = |v: &[f64]| {
            let mut c = vec![0usize; BINS];
            for x in v {
                let b = (((x - lo) / width).floor().max(0.0) as usize).min(BINS - 1);
                c[b] += 1;
            }
            c
        };
        let area = titled(root, &self.title(), 22.0)?;
        // One panel per histogram, sharing the x axis: the robust plan's
        // levels often pile into one bin and would flatten the other.
        let panels: Vec<DrawingArea<DB, Shift>> = if robust.is_empty() {
            vec![area]
        } else {
            area.split_evenly((2, 1))
        };
        let own_label = match lang {
            Lang::Zh => format!("各样本自身的最优方案({} 个样本)", own.len()),
            Lang::En => format!("each sample's own optimal plan ({} samples)", own.len()),
        };
        let robust_label = lang
            .pick(
                "稳健方案(同一方案)在各样本下的水平",
                "the one robust plan, at each sample",
            )
            .to_string();
        let series = [
            (own, palette::AFTER, own_label),
            (robust, palette::NORM, robust_label),
        ];
        for (panel, (values, color, label)) in panels.iter().zip(series) {
            let c = counts(&values);
            let top = c.iter().copied().max().unwrap_or(1).max(1) as f64;
            let mut chart = ChartBuilder::on(panel)
                .margin(12)
                .x_label_area_size(48)
                .y_label_area_size(80)
                .build_cartesian_2d(lo..hi, 0.0..top * 1.3)?;
            chart
                .configure_mesh()
                .max_light_lines(2)
                .x_desc(lang.pick("均衡水平", "balance level"))
                .y_desc(lang.pick("样本数", "samples"))
                .label_style(font(15.0))
                .axis_desc_style(font(16.0))
                .x_label_formatter(&|v| format!("{v:.3}"))
                .y_label_formatter(&|v| fmt_num(*v))
                .draw()?;
            chart
                .draw_series(c.iter().enumerate().filter(|(_, n)| **n > 0).map(|(b, n)| {
                    let x0 = lo + b as f64 * width;
                    Rectangle::new(
                        [(x0 + width * 0.05, 0.0), (x0 + width * 0.95, *n as f64)],
                        color.mix(0.8).filled(),
                    )
                }))?
                .label(label)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 18, y + 6)], color.mix(0.8).filled())
                });
            if let Some(e) = self.envelope {
                let k = palette::TEXT;
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(e, 0.0), (e, top * 1.25)],
                        8,
                        5,
                        k.stroke_width(2),
                    ))?
                    .label(match lang {
                        Lang::Zh => format!("稳健方案的包络水平 {e:.3}"),
                        Lang::En => format!("robust plan's envelope level {e:.3}"),
                    })
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 22, y)], k.stroke_width(2))
                    });
            }
            draw_legend(&mut chart, SeriesLabelPosition::UpperRight, 15.0)?;
        }
        Ok(())
    }
}
