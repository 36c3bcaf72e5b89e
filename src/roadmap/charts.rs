//! The roadmap's trajectory charts, drawn from its table
//! ([`super::table::RoadmapTable`]) with the chart primitives of
//! [`crate::report::charts`]: the balance level by year, the force by age
//! band, the recruits by county and year, and the 两个40% by year.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::table::RoadmapTable;
use crate::domain::AGE_BANDS;
use crate::report::charts::{
    bold, draw_legend, fmt_num, font, padded_range, palette, ChartError, Figure,
};
use crate::report::lang::Lang;

/// A year axis tick: the year on whole numbers, nothing between.
fn year_label(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-6 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}

/// Counties drawn by name in the recruits chart; the others are summed.
pub const NAMED_COUNTIES: usize = 7;

/// One of the roadmap's charts.
pub struct RoadmapFigure {
    /// Which chart this is.
    pub kind: Kind,
    /// The language of its title, axes and legend.
    pub lang: Lang,
    /// `roadmap.csv` read back: the chart's figures, one row per year.
    pub table: RoadmapTable,
    /// County names by id, for the recruits chart.
    pub names: Vec<(String, String)>,
    /// The worst-year level the horizon proved no placement can beat, to
    /// draw beside the levels.
    pub bound: Option<f64>,
}

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `level_by_year`: the balance level of each planned year (and the horizon's bound).
    Level,
    /// `force_by_age`: the force by age band at the end of each year.
    Ages,
    /// `recruits_by_county`: each year's recruits, stacked by county.
    Recruits,
    /// `quotas_by_year`: counties meeting each of the 两个40% each year.
    Quotas,
}

/// Every chart of a roadmap, in report order.
pub fn figures(
    table: &RoadmapTable,
    lang: Lang,
    names: &[(String, String)],
    bound: Option<f64>,
) -> Vec<RoadmapFigure> {
    if table.planned().is_empty() {
        return Vec::new();
    }
    [Kind::Level, Kind::Ages, Kind::Recruits, Kind::Quotas]
        .into_iter()
        .map(|kind| RoadmapFigure {
            kind,
            lang,
            table: table.clone(),
            names: names.to_vec(),
            bound,
        })
        .collect()
}

impl RoadmapFigure {
    fn years(&self) -> Vec<(usize, f64)> {
        self.table
            .planned()
            .into_iter()
            .filter_map(|r| Some((r, self.table.number(r, "year")?)))
            .collect()
    }

    fn year_range(&self) -> (f64, f64) {
        let ys = self.years();
        let lo = ys.first().map_or(0.0, |y| y.1);
        let hi = ys.last().map_or(1.0, |y| y.1);
        (lo - 0.6, hi + 0.6)
    }

    fn draw_level<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let area = root.titled(&self.title(), bold(22.0))?;
        let pts: Vec<(f64, f64)> = self
            .years()
            .into_iter()
            .filter_map(|(r, y)| Some((y, self.table.number(r, "balance_level")?)))
            .collect();
        let (x0, x1) = self.year_range();
        let (y0, y1) = padded_range(pts.iter().map(|p| p.1).chain(self.bound).chain([1.0]), 0.15);
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .max_light_lines(2)
            .x_labels(pts.len().max(2))
            .x_desc(lang.pick("年份", "year"))
            .y_desc(lang.pick("均衡水平", "balance level"))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .x_label_formatter(&year_label)
            .y_label_formatter(&|v| format!("{v:.3}"))
            .draw()?;
        chart
            .draw_series(LineSeries::new(
                [(x0, 1.0), (x1, 1.0)],
                palette::NORM.stroke_width(2),
            ))?
            .label(lang.pick("1.0 = 工作量全部覆盖", "1.0 = every workload covered"))
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 22, y)], palette::NORM.stroke_width(2))
            });
        if let Some(b) = self.bound {
            chart
                .draw_series(LineSeries::new(
                    [(x0, b), (x1, b)],
                    palette::BEFORE.stroke_width(2),
                ))?
                .label(lang.pick(
                    "任何招录安排都无法超过的最差年份水平",
                    "worst-year level no placement can beat",
                ))
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 22, y)], palette::BEFORE.stroke_width(2))
                });
        }
        let c = palette::AFTER;
        chart
            .draw_series(LineSeries::new(pts.clone(), c.stroke_width(3)))?
            .label(lang.pick("当年均衡水平", "the year's balance level"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], c.stroke_width(3)));
        chart.draw_series(pts.iter().map(|&p| Circle::new(p, 5, c.filled())))?;
        chart.draw_series(pts.iter().map(|&(x, y)| {
            Text::new(
                format!("{y:.3}"),
                (x - 0.18, y + (y1 - y0) * 0.03),
                font(14.0),
            )
        }))?;
        draw_legend(&mut chart, SeriesLabelPosition::LowerLeft, 15.0)?;
        Ok(())
    }

    /// Stacked bars of `series` (label, colour, value per planned row).
    fn draw_stacked<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        y_desc: &str,
        series: &[(String, RGBColor, Vec<f64>)],
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let area = root.titled(&self.title(), bold(22.0))?;
        let years = self.years();
        let tops: Vec<f64> = (0..years.len())
            .map(|i| series.iter().map(|s| s.2[i]).sum())
            .collect();
        let (x0, x1) = self.year_range();
        // Room above the bars for the legend.
        let top = tops.iter().copied().fold(0.0, f64::max).max(1.0) * 1.55;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(90)
            .build_cartesian_2d(x0..x1, 0.0..top)?;
        chart
            .configure_mesh()
            .max_light_lines(2)
            .disable_x_mesh()
            .x_labels(years.len().max(2))
            .x_desc(self.lang.pick("年份", "year"))
            .y_desc(y_desc)
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .x_label_formatter(&year_label)
            .y_label_formatter(&|v| fmt_num(*v))
            .draw()?;
        let mut base = vec![0.0; years.len()];
        for (label, colour, values) in series {
            let c = *colour;
            let bars: Vec<Rectangle<(f64, f64)>> = years
                .iter()
                .enumerate()
                .filter(|(i, _)| values[*i] > 0.0)
                .map(|(i, (_, y))| {
                    Rectangle::new(
                        [(y - 0.32, base[i]), (y + 0.32, base[i] + values[i])],
                        c.filled(),
                    )
                })
                .collect();
            chart
                .draw_series(bars)?
                .label(label.clone())
                .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], c.filled()));
            for (b, v) in base.iter_mut().zip(values) {
                *b += v;
            }
        }
        chart.draw_series(
            years
                .iter()
                .zip(&tops)
                .map(|((_, y), t)| Text::new(fmt_num(*t), (y - 0.25, t + top * 0.015), font(14.0))),
        )?;
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, 14.0)?;
        Ok(())
    }

    fn draw_ages<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let rows: Vec<usize> = self.years().into_iter().map(|y| y.0).collect();
        let series: Vec<(String, RGBColor, Vec<f64>)> = AGE_BANDS
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let label = match self.lang {
                    Lang::Zh => b.zh.to_string(),
                    Lang::En => b
                        .key
                        .trim_start_matches("age_")
                        .replace('_', "–")
                        .replace("under–30", "under 30")
                        .replace("60–plus", "60 and over"),
                };
                let values = rows.iter().map(|&r| self.table.bands(r)[i]).collect();
                (label, palette::SERIES[i % palette::SERIES.len()], values)
            })
            .collect();
        self.draw_stacked(
            root,
            self.lang
                .pick("年末警力(人)", "force at the end of the year"),
            &series,
        )
    }

    fn draw_recruits<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let rows: Vec<usize> = self.years().into_iter().map(|y| y.0).collect();
        let ids = self.table.county_ids();
        let per: Vec<Vec<f64>> = ids
            .iter()
            .map(|id| {
                rows.iter()
                    .map(|&r| {
                        self.table
                            .number(r, &format!("recruits_{id}"))
                            .unwrap_or(0.0)
                    })
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..ids.len())
            .filter(|&c| per[c].iter().sum::<f64>() > 0.0)
            .collect();
        order.sort_by(|&a, &b| {
            per[b]
                .iter()
                .sum::<f64>()
                .total_cmp(&per[a].iter().sum::<f64>())
                .then(a.cmp(&b))
        });
        let name = |id: &str| {
            self.names
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, n)| {
                    if n.is_empty() {
                        id.to_string()
                    } else {
                        format!("{id} {n}")
                    }
                })
                .unwrap_or_else(|| id.to_string())
        };
        let mut series: Vec<(String, RGBColor, Vec<f64>)> = order
            .iter()
            .take(NAMED_COUNTIES)
            .enumerate()
            .map(|(k, &c)| {
                (
                    name(&ids[c]),
                    palette::SERIES[k % palette::SERIES.len()],
                    per[c].clone(),
                )
            })
            .collect();
        if order.len() > NAMED_COUNTIES {
            let rest: Vec<f64> = (0..rows.len())
                .map(|i| order[NAMED_COUNTIES..].iter().map(|&c| per[c][i]).sum())
                .collect();
            series.push((
                match self.lang {
                    Lang::Zh => format!("其他 {} 个县", order.len() - NAMED_COUNTIES),
                    Lang::En => format!("{} other counties", order.len() - NAMED_COUNTIES),
                },
                RGBColor(200, 200, 200),
                rest,
            ));
        }
        self.draw_stacked(root, self.lang.pick("招录民警(人)", "recruits"), &series)
    }

    fn draw_quotas<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let area = root.titled(&self.title(), bold(22.0))?;
        let years = self.years();
        let counties = years
            .first()
            .and_then(|(r, _)| self.table.number(*r, "counties"))
            .unwrap_or(1.0);
        let (x0, x1) = self.year_range();
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1, 0.0..counties * 1.1)?;
        chart
            .configure_mesh()
            .max_light_lines(2)
            .x_labels(years.len().max(2))
            .x_desc(lang.pick("年份", "year"))
            .y_desc(lang.pick("达标县局数", "counties meeting the rule"))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .x_label_formatter(&year_label)
            .y_label_formatter(&|v| fmt_num(*v))
            .draw()?;
        chart
            .draw_series(LineSeries::new(
                [(x0, counties), (x1, counties)],
                palette::BEFORE.stroke_width(1),
            ))?
            .label(match lang {
                Lang::Zh => format!("县局总数 {counties:.0}"),
                Lang::En => format!("all {counties:.0} counties"),
            })
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 22, y)], palette::BEFORE.stroke_width(1))
            });
        for (k, (column, zh, en)) in [
            (
                "counties_meeting_station_share",
                "派出所警力占比达标(第一个40%)",
                "station share met (the first 40%)",
            ),
            (
                "counties_meeting_community_share",
                "社区民警占比达标(第二个40%)",
                "community share met (the second 40%)",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let c = palette::SERIES[k];
            let pts: Vec<(f64, f64)> = years
                .iter()
                .filter_map(|(r, y)| Some((*y, self.table.number(*r, column)?)))
                .collect();
            chart
                .draw_series(LineSeries::new(pts.clone(), c.stroke_width(3)))?
                .label(lang.pick(zh, en))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 22, y)], c.stroke_width(3))
                });
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, 5, c.filled())))?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::LowerLeft, 15.0)?;
        Ok(())
    }
}

impl Figure for RoadmapFigure {
    fn stem(&self) -> String {
        match self.kind {
            Kind::Level => "level_by_year",
            Kind::Ages => "force_by_age",
            Kind::Recruits => "recruits_by_county",
            Kind::Quotas => "quotas_by_year",
        }
        .into()
    }

    fn title(&self) -> String {
        let (zh, en) = match self.kind {
            Kind::Level => ("均衡水平逐年变化", "Balance level by year"),
            Kind::Ages => (
                "各年龄段警力(年末)",
                "Force by age band at the end of each year",
            ),
            Kind::Recruits => ("各县招录民警(按年份)", "Recruits by county and year"),
            Kind::Quotas => ("“两个40%”逐年达标情况", "The 两个40% by year"),
        };
        self.lang.pick(zh, en).into()
    }

    fn size(&self) -> (u32, u32) {
        match self.kind {
            Kind::Ages | Kind::Recruits => (1200, 680),
            _ => (1100, 640),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        match self.kind {
            Kind::Level => self.draw_level(root),
            Kind::Ages => self.draw_ages(root),
            Kind::Recruits => self.draw_recruits(root),
            Kind::Quotas => self.draw_quotas(root),
        }
    }
}
