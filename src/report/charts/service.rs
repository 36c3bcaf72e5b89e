//! The service charts (`[workload.service]` only), from outcome data: the
//! province's need by hour of day, and units needed against calls a year
//! (log-x), which shows square-root staffing.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{draw_legend, fmt_num, font, palette, titled, ChartError, Figure};
use crate::domain::HOURS_PER_DAY;
use crate::outcome::Outcome;
use crate::report::lang::Lang;

/// The service charts, in report order (none without a service standard).
pub fn figures(outcome: &Outcome, lang: Lang) -> Vec<ServiceFigure> {
    match &outcome.service {
        None => Vec::new(),
        Some(_) => vec![
            ServiceFigure::Hours(Box::new(NeedByHour::new(outcome, lang))),
            ServiceFigure::Units(UnitsByCalls::new(outcome, lang)),
        ],
    }
}

/// One of the service charts.
pub enum ServiceFigure {
    /// The province's need, duty units and load by hour of day (boxed: its arrays of 24 hours make
    /// it large).
    Hours(Box<NeedByHour>),
    /// Each station's mean units needed and offered load against its calls a year.
    Units(UnitsByCalls),
}

impl Figure for ServiceFigure {
    fn stem(&self) -> String {
        match self {
            ServiceFigure::Hours(_) => "service_hours".into(),
            ServiceFigure::Units(_) => "service_units".into(),
        }
    }
    fn title(&self) -> String {
        match self {
            ServiceFigure::Hours(f) => f.title(),
            ServiceFigure::Units(f) => f.title(),
        }
    }
    fn size(&self) -> (u32, u32) {
        (1200, 640)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        match self {
            ServiceFigure::Hours(f) => f.draw(root),
            ServiceFigure::Units(f) => f.draw(root),
        }
    }
}

/// The province's units needed per hour of day (bars), the units on duty
/// today and under the plan (lines), and the offered load (dashed).
pub struct NeedByHour {
    lang: Lang,
    needed: [f64; HOURS_PER_DAY],
    load: [f64; HOURS_PER_DAY],
    before: [f64; HOURS_PER_DAY],
    after: [f64; HOURS_PER_DAY],
}

impl NeedByHour {
    /// The chart of `outcome`'s province, before and after the plan, titled in `lang`.
    pub fn new(outcome: &Outcome, lang: Lang) -> NeedByHour {
        let mut f = NeedByHour {
            lang,
            needed: [0.0; HOURS_PER_DAY],
            load: [0.0; HOURS_PER_DAY],
            before: [0.0; HOURS_PER_DAY],
            after: [0.0; HOURS_PER_DAY],
        };
        if let Some(s) = &outcome.service {
            for h in 0..HOURS_PER_DAY {
                f.needed[h] = s.hourly_units_needed[h];
                f.load[h] = s.hourly_offered_load[h];
                f.before[h] = s.hourly_units_on_duty.before[h];
                f.after[h] = s.hourly_units_on_duty.after[h];
            }
        }
        f
    }

    fn title(&self) -> String {
        self.lang
            .pick(
                "全省各小时所需出警组(服务标准)与在岗出警组",
                "Units needed by hour of day (service standard) and units on duty, province",
            )
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let area = titled(root, &self.title(), 22.0)?;
        let top = self
            .needed
            .iter()
            .chain(&self.before)
            .chain(&self.after)
            .chain(&self.load)
            .copied()
            .filter(|v| v.is_finite())
            .fold(1.0, f64::max);
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(52)
            .y_label_area_size(80)
            .build_cartesian_2d(-0.5..23.5, 0.0..top * 1.3)?;
        chart
            .configure_mesh()
            .x_labels(24)
            .x_label_formatter(&|v: &f64| format!("{:.0}", v.round()))
            .y_label_formatter(&|v| fmt_num(*v))
            .x_desc(lang.pick("时段(时)", "hour of day"))
            .y_desc(lang.pick("出警组", "units"))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .light_line_style(WHITE)
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;
        chart
            .draw_series(self.needed.iter().enumerate().map(|(h, &v)| {
                let x = h as f64;
                Rectangle::new(
                    [(x - 0.38, 0.0), (x + 0.38, v)],
                    palette::AFTER.mix(0.35).filled(),
                )
            }))?
            .label(lang.pick("服务标准所需出警组", "units the standard needs"))
            .legend(|(x, y)| {
                Rectangle::new(
                    [(x, y - 5), (x + 14, y + 5)],
                    palette::AFTER.mix(0.35).filled(),
                )
            });
        let line = |v: &[f64; HOURS_PER_DAY]| -> Vec<(f64, f64)> {
            v.iter().enumerate().map(|(h, &y)| (h as f64, y)).collect()
        };
        chart
            .draw_series(LineSeries::new(
                line(&self.before),
                palette::BEFORE.stroke_width(3),
            ))?
            .label(lang.pick("调整前在岗出警组(平均)", "units on duty before"))
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 22, y)], palette::BEFORE.stroke_width(3))
            });
        chart
            .draw_series(LineSeries::new(
                line(&self.after),
                palette::AFTER.stroke_width(3),
            ))?
            .label(lang.pick("调整后在岗出警组(平均)", "units on duty after"))
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 22, y)], palette::AFTER.stroke_width(3))
            });
        chart
            .draw_series(DashedLineSeries::new(
                line(&self.load),
                8,
                5,
                palette::NORM.stroke_width(2),
            ))?
            .label(lang.pick(
                "警情负荷(同时忙碌的出警组)",
                "offered load (units busy at once)",
            ))
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 22, y)], palette::NORM.stroke_width(2))
            });
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, 14.0)?;
        Ok(())
    }
}

/// Per station: the mean units on duty the standard needs (Σₕ Nₕ ÷ 24) and
/// the mean offered load, against calls a year on a log axis. The load
/// grows in proportion to calls; the need stays at one unit or more and its
/// spare capacity grows like the square root of the load.
pub struct UnitsByCalls {
    lang: Lang,
    /// (calls a year, mean units needed, mean offered load), stations with
    /// calls only.
    points: Vec<(f64, f64, f64)>,
}

impl UnitsByCalls {
    /// The chart of `outcome`'s stations under the plan, titled in `lang`.
    pub fn new(outcome: &Outcome, lang: Lang) -> UnitsByCalls {
        let points = outcome
            .stations
            .iter()
            .filter(|f| f.calls > 0.0)
            .filter_map(|f| {
                let s = f.service.as_ref()?;
                Some((
                    f.calls,
                    s.units_per_day / HOURS_PER_DAY as f64,
                    s.offered_load_per_day / HOURS_PER_DAY as f64,
                ))
            })
            .collect();
        UnitsByCalls { lang, points }
    }

    fn title(&self) -> String {
        self.lang
            .pick(
                "各所所需出警组与年警情量(平方根配置效应：小所相对需要更多)",
                "Units needed against calls a year (square-root staffing: small stations need relatively more)",
            )
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let area = titled(root, &self.title(), 20.0)?;
        let calls = || self.points.iter().map(|p| p.0);
        let lo = calls().fold(f64::INFINITY, f64::min);
        let hi = calls().fold(0.0, f64::max);
        let (x0, x1) = if lo.is_finite() && hi > 0.0 {
            (lo / 1.5, hi * 1.5)
        } else {
            (1.0, 10.0)
        };
        let top = self
            .points
            .iter()
            .flat_map(|p| [p.1, p.2])
            .filter(|v| v.is_finite())
            .fold(1.0, f64::max);
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(52)
            .y_label_area_size(80)
            .build_cartesian_2d((x0..x1).log_scale(), 0.0..top * 1.25)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|v| fmt_num(*v))
            .y_label_formatter(&|v| fmt_num(*v))
            .x_desc(lang.pick("年处理警情(对数坐标)", "calls a year (log scale)"))
            .y_desc(lang.pick("平均每小时出警组", "units, mean over the day"))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .light_line_style(WHITE)
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;
        chart
            .draw_series(
                self.points
                    .iter()
                    .map(|&(x, _, l)| Circle::new((x, l), 3, palette::NORM.mix(0.6).filled())),
            )?
            .label(lang.pick(
                "警情负荷(与警情量成正比)",
                "offered load (in proportion to calls)",
            ))
            .legend(|(x, y)| Circle::new((x + 8, y), 4, palette::NORM.filled()));
        chart
            .draw_series(
                self.points
                    .iter()
                    .map(|&(x, n, _)| Circle::new((x, n), 3, palette::AFTER.mix(0.6).filled())),
            )?
            .label(lang.pick("服务标准所需出警组", "units the standard needs"))
            .legend(|(x, y)| Circle::new((x + 8, y), 4, palette::AFTER.filled()));
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, 14.0)?;
        Ok(())
    }
}
