//! The charts of one solve: workload, fairness, the 两个40% rule, changes by
//! county and the stations that bind the balance level.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    draw_legend, fmt_num, fmt_pct, font, padded_range, palette, titled, ChartError, Figure,
};
use crate::domain::Province;
use crate::outcome::{BeforeAfter, CountyFigures, Lorenz, Outcome, StationFigures};
use crate::plan::Plan;
use crate::report::lang::Lang;

mod binding;
mod counties;
pub use binding::{Binding, CoverRow, MAX_BINDING_ROWS};
pub use counties::{Changes, Quotas};

/// How many of the least covered stations the binding chart shows.
pub const LEAST_COVERED: usize = 20;

/// Values sorted from largest to smallest (for "stations ranked" curves).
pub fn sorted_desc(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(|a, b| b.total_cmp(a));
    v
}

fn kind_label(lang: Lang, kind: &str) -> String {
    match (lang, kind) {
        (Lang::Zh, "urban") => "城区".into(),
        (Lang::Zh, "rural") => "农村".into(),
        _ => kind.to_string(),
    }
}

fn legend_line(c: RGBColor) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], c.stroke_width(3))
}

fn legend_box(c: RGBColor) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], c.filled())
}

fn legend_dot(c: RGBColor, filled: bool) -> impl Fn((i32, i32)) -> Circle<(i32, i32), i32> {
    move |(x, y)| {
        let style = if filled {
            c.filled()
        } else {
            c.stroke_width(2)
        };
        Circle::new((x + 8, y), 5, style)
    }
}

/// Every solve chart, in report order.
pub fn figures(outcome: &Outcome, lang: Lang) -> Vec<SolveFigure> {
    let mut out = vec![
        SolveFigure::Workload(Box::new(Workload::new(outcome, lang))),
        SolveFigure::Fairness(Fairness::new(outcome, lang)),
        SolveFigure::Quotas(Quotas::new(outcome, lang)),
        SolveFigure::Changes(Changes::new(outcome, lang)),
    ];
    if outcome.plan.balance_level.is_some() {
        out.push(SolveFigure::Binding(Binding::new(outcome, lang)));
    }
    out
}

/// One of the solve charts.
pub enum SolveFigure {
    /// Calls per duty officer and residents per community officer, stations ranked (boxed: it holds
    /// two panels of every station).
    Workload(Box<Workload>),
    /// Lorenz curves of officers against workload, before and after.
    Fairness(Fairness),
    /// The 两个40% rule by county: the station and community shares against their quotas.
    Quotas(Quotas),
    /// Officers gained and lost at stations, and auxiliaries, by county.
    Changes(Changes),
    /// The stations that bind the balance level (only when the plan has one).
    Binding(Binding),
}

impl Figure for SolveFigure {
    fn stem(&self) -> String {
        match self {
            SolveFigure::Workload(f) => f.stem(),
            SolveFigure::Fairness(f) => f.stem(),
            SolveFigure::Quotas(f) => f.stem(),
            SolveFigure::Changes(f) => f.stem(),
            SolveFigure::Binding(f) => f.stem(),
        }
    }
    fn title(&self) -> String {
        match self {
            SolveFigure::Workload(f) => f.title(),
            SolveFigure::Fairness(f) => f.title(),
            SolveFigure::Quotas(f) => f.title(),
            SolveFigure::Changes(f) => f.title(),
            SolveFigure::Binding(f) => f.title(),
        }
    }
    fn size(&self) -> (u32, u32) {
        match self {
            SolveFigure::Workload(f) => f.size(),
            SolveFigure::Fairness(f) => f.size(),
            SolveFigure::Quotas(f) => f.size(),
            SolveFigure::Changes(f) => f.size(),
            SolveFigure::Binding(f) => f.size(),
        }
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        match self {
            SolveFigure::Workload(f) => f.draw(root),
            SolveFigure::Fairness(f) => f.draw(root),
            SolveFigure::Quotas(f) => f.draw(root),
            SolveFigure::Changes(f) => f.draw(root),
            SolveFigure::Binding(f) => f.draw(root),
        }
    }
}

/// One panel of ranked per-person loads, before and after, with norms.
struct RankedPanel {
    title: String,
    y_desc: String,
    before: Vec<f64>,
    after: Vec<f64>,
    /// Stations with load but nobody to carry it, before and after.
    unstaffed: (usize, usize),
    norms: Vec<(String, f64)>,
}

/// Calls per duty officer and residents per community officer, stations
/// ranked from most to least loaded, before and after, with the norms.
pub struct Workload {
    lang: Lang,
    panels: [RankedPanel; 2],
}

impl Workload {
    /// The two ranked panels of `outcome`'s stations, before and after, titled in `lang`.
    pub fn new(outcome: &Outcome, lang: Lang) -> Workload {
        let Outcome {
            province, params, ..
        } = outcome;
        let split = |v: Vec<Option<f64>>| {
            let none = v.iter().filter(|x| x.is_none()).count();
            (sorted_desc(v.into_iter().flatten().collect()), none)
        };
        let figures = &outcome.stations;
        let (cb, cbn) = split(
            figures
                .iter()
                .map(|f| f.before.calls_per_duty_officer)
                .collect(),
        );
        let (ca, can) = split(
            figures
                .iter()
                .map(|f| f.after.calls_per_duty_officer)
                .collect(),
        );
        let (rb, rbn) = split(
            figures
                .iter()
                .map(|f| f.before.residents_per_community_officer)
                .collect(),
        );
        let (ra, ran) = split(
            figures
                .iter()
                .map(|f| f.after.residents_per_community_officer)
                .collect(),
        );
        let w = &params.workload;
        let calls_norm = w.calls_norm();
        let kinds: std::collections::BTreeSet<&str> =
            province.stations.iter().map(|s| s.kind.as_str()).collect();
        let resident_norms = w
            .residents_per_community_officer
            .iter()
            .filter(|(k, _)| kinds.contains(k.as_str()))
            .map(|(k, v)| {
                (
                    format!(
                        "{} {} {}",
                        lang.pick("标准", "norm"),
                        kind_label(lang, k),
                        fmt_num(*v)
                    ),
                    *v,
                )
            })
            .collect();
        Workload {
            lang,
            panels: [
                RankedPanel {
                    title: lang
                        .pick(
                            "每名值班民警年均110警情",
                            "110 calls a year per duty officer",
                        )
                        .into(),
                    y_desc: lang
                        .pick("警情(件/人·年)", "calls per officer a year")
                        .into(),
                    before: cb,
                    after: ca,
                    unstaffed: (cbn, can),
                    norms: vec![(
                        format!("{} {}", lang.pick("标准", "norm"), fmt_num(calls_norm)),
                        calls_norm,
                    )],
                },
                RankedPanel {
                    title: lang
                        .pick("每名社区民警服务人口", "Residents per community officer")
                        .into(),
                    y_desc: lang
                        .pick("人口(人/名社区民警)", "residents per officer")
                        .into(),
                    before: rb,
                    after: ra,
                    unstaffed: (rbn, ran),
                    norms: resident_norms,
                },
            ],
        }
    }

    fn stem(&self) -> String {
        "workload".into()
    }
    fn title(&self) -> String {
        self.lang
            .pick(
                "调整前后的工作负荷(派出所按负荷从高到低排列)",
                "Workload before and after (stations ranked from most to least loaded)",
            )
            .into()
    }
    fn size(&self) -> (u32, u32) {
        (1400, 600)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let area = titled(root, &self.title(), 24.0)?;
        let (left, right) = area.split_horizontally(700);
        for (panel, area) in self.panels.iter().zip([left, right]) {
            let n = panel.before.len().max(panel.after.len()).max(1);
            let top = panel
                .before
                .iter()
                .chain(&panel.after)
                .chain(panel.norms.iter().map(|(_, v)| v))
                .fold(0.0_f64, |a, &b| a.max(b))
                .max(1.0)
                * 1.05;
            let mut chart = ChartBuilder::on(&area)
                .caption(&panel.title, font(19.0))
                .margin(12)
                .x_label_area_size(48)
                .y_label_area_size(72)
                .build_cartesian_2d(0.0..n as f64, 0.0..top)?;
            chart
                .configure_mesh()
                .max_light_lines(2)
                .disable_x_mesh()
                .x_desc(lang.pick("派出所(按负荷排序的名次)", "stations, ranked by load"))
                .y_desc(&panel.y_desc)
                .label_style(font(14.0))
                .axis_desc_style(font(15.0))
                .x_label_formatter(&|v| fmt_num(*v))
                .y_label_formatter(&|v| fmt_num(*v))
                .draw()?;
            let with_unstaffed = |label: &str, k: usize| {
                if k > 0 {
                    format!(
                        "{label} ({k} {})",
                        lang.pick("所无人承担", "with nobody to carry it")
                    )
                } else {
                    label.to_string()
                }
            };
            chart
                .draw_series(LineSeries::new(
                    panel
                        .before
                        .iter()
                        .enumerate()
                        .map(|(i, &v)| (i as f64 + 0.5, v)),
                    palette::BEFORE.stroke_width(3),
                ))?
                .label(with_unstaffed(
                    lang.pick("调整前", "before"),
                    panel.unstaffed.0,
                ))
                .legend(legend_line(palette::BEFORE));
            chart
                .draw_series(LineSeries::new(
                    panel
                        .after
                        .iter()
                        .enumerate()
                        .map(|(i, &v)| (i as f64 + 0.5, v)),
                    palette::AFTER.stroke_width(3),
                ))?
                .label(with_unstaffed(
                    lang.pick("调整后", "after"),
                    panel.unstaffed.1,
                ))
                .legend(legend_line(palette::AFTER));
            for (k, (label, v)) in panel.norms.iter().enumerate() {
                let c = if k == 0 { palette::NORM } else { palette::AUX };
                chart
                    .draw_series(DashedLineSeries::new(
                        [(0.0, *v), (n as f64, *v)],
                        10,
                        6,
                        c.stroke_width(2),
                    ))?
                    .label(label.as_str())
                    .legend(legend_line(c));
            }
            draw_legend(&mut chart, SeriesLabelPosition::UpperRight, 15.0)?;
        }
        Ok(())
    }
}

/// Lorenz curves of officers against workload, before and after, with
/// Gini (the outcome's, [`crate::outcome::lorenz`]).
pub struct Fairness {
    lang: Lang,
    lorenz: BeforeAfter<Option<Lorenz>>,
}

impl Fairness {
    /// The Lorenz curves of `outcome`, before and after, titled in `lang`.
    pub fn new(outcome: &Outcome, lang: Lang) -> Fairness {
        Fairness {
            lang,
            lorenz: outcome.fairness.lorenz.clone(),
        }
    }

    fn stem(&self) -> String {
        "fairness".into()
    }
    fn title(&self) -> String {
        self.lang
            .pick(
                "警力与工作量的洛伦兹曲线(基尼系数越小越均衡)",
                "Lorenz curve of officers against workload (lower Gini = fairer)",
            )
            .into()
    }
    fn size(&self) -> (u32, u32) {
        (900, 820)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let area = titled(root, &self.title(), 22.0)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(20)
            .x_label_area_size(56)
            .y_label_area_size(80)
            .build_cartesian_2d(0.0..1.0, 0.0..1.0)?;
        chart
            .configure_mesh()
            .max_light_lines(2)
            .x_desc(lang.pick(
                "工作量累计占比(派出所按人均工作量配警从少到多排列)",
                "cumulative share of workload (stations from least to most officers per workload)",
            ))
            .y_desc(lang.pick("警力累计占比", "cumulative share of officers"))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .x_label_formatter(&|v| fmt_pct(*v))
            .y_label_formatter(&|v| fmt_pct(*v))
            .draw()?;
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, 0.0), (1.0, 1.0)],
                10,
                6,
                BLACK.mix(0.6).stroke_width(2),
            ))?
            .label(lang.pick(
                "完全均衡(警力与工作量成比例)",
                "perfect balance (officers ∝ workload)",
            ))
            .legend(legend_line(RGBColor(110, 110, 110)));
        for (curve, label, c) in [
            (
                &self.lorenz.before,
                lang.pick("调整前", "before"),
                palette::BEFORE,
            ),
            (
                &self.lorenz.after,
                lang.pick("调整后", "after"),
                palette::AFTER,
            ),
        ] {
            if let Some(Lorenz { points, gini }) = curve {
                chart
                    .draw_series(LineSeries::new(points.iter().copied(), c.stroke_width(3)))?
                    .label(format!(
                        "{label}  {} {gini:.3}",
                        lang.pick("基尼系数", "Gini")
                    ))
                    .legend(legend_line(c));
            }
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, 17.0)?;
        Ok(())
    }
}

/// Most rows a by-county chart draws. With more counties (a nation), the
/// chart shows the counties that matter most, in input order, and says so
/// in its title; a chart as tall as thousands of counties is unreadable and
/// costs hundreds of megabytes to draw.
pub const MAX_COUNTY_ROWS: usize = 100;

/// Which counties a by-county chart shows: all of them, or the
/// [`MAX_COUNTY_ROWS`] with the largest `weight` (ties: input order), kept
/// in input order.
fn shown_counties(n: usize, weight: impl Fn(usize) -> f64) -> Vec<usize> {
    if n <= MAX_COUNTY_ROWS {
        return (0..n).collect();
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| weight(b).total_cmp(&weight(a)).then(a.cmp(&b)));
    order.truncate(MAX_COUNTY_ROWS);
    order.sort_unstable();
    order
}

/// The title note of a chart that shows `shown` of `total` counties.
fn rows_note(lang: Lang, shown: usize, total: usize, why_zh: &str, why_en: &str) -> String {
    if shown == total {
        String::new()
    } else {
        match lang {
            Lang::Zh => format!("（{total} 个县中{why_zh}的 {shown} 个）"),
            Lang::En => format!(" ({shown} of {total} counties: {why_en})"),
        }
    }
}

/// Height of a chart with one row per county.
fn rows_height(n: usize) -> u32 {
    (160 + 17 * n).max(440) as u32
}

/// A y axis with one label per row, first row at the top.
fn row_label(names: &[String], v: f64) -> String {
    let n = names.len() as f64;
    let i = n - 1.0 - v;
    if (i - i.round()).abs() > 1e-6 || i < -0.5 || i > n - 0.5 {
        return String::new();
    }
    names.get(i.round() as usize).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_provinces_chart_the_counties_that_matter_most_in_input_order() {
        assert_eq!(shown_counties(3, |_| 0.0), vec![0, 1, 2]);
        let n = MAX_COUNTY_ROWS * 3;
        // Weight peaks at the end; ties broken by input order.
        let shown = shown_counties(n, |i| if i >= n - 10 { 10.0 } else { (i % 7) as f64 });
        assert_eq!(shown.len(), MAX_COUNTY_ROWS);
        assert!(shown.windows(2).all(|w| w[0] < w[1]), "input order");
        assert!(
            (n - 10..n).all(|i| shown.contains(&i)),
            "the heaviest are shown"
        );
        assert!(shown.iter().all(|&i| i >= n - 10 || i % 7 >= 4));
        assert_eq!(rows_note(Lang::En, 3, 3, "", ""), "");
        assert!(rows_note(Lang::En, 100, 2800, "", "why").contains("100 of 2800"));
    }

    #[test]
    fn rows_label_top_to_bottom() {
        let names = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(row_label(&names, 2.0), "a");
        assert_eq!(row_label(&names, 0.0), "c");
        assert_eq!(row_label(&names, 0.5), "");
        assert_eq!(row_label(&names, 3.0), "");
    }
}
