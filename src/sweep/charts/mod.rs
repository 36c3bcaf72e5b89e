//! The charts of a sweep, drawn from its table ([`super::table`]): the
//! balance level against each swept parameter, a heat map for
//! two-parameter grids, the Pareto front of balance level against officers
//! moved, the recruits curve and, for a sample, the spread of levels. They
//! use the chart primitives of [`crate::report::charts`].

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::table::{SweepTable, ROBUST_COLUMN};
use crate::report::charts::{
    draw_legend, fmt_num, font, padded_range, palette, titled, ChartError, Figure,
};
use crate::report::lang::Lang;

mod pareto;
mod spread;

pub use pareto::{place_labels, Pareto};
pub use spread::Spread;

/// The parameter key of the recruits lever.
pub const RECRUITS: &str = "recruits.total";

/// Most distinct values per axis for a heat map.
const MAX_HEAT_LEVELS: usize = 40;

/// A readable name for a parameter key.
pub fn param_label(lang: Lang, key: &str) -> String {
    crate::scenario::keys::label(key, lang == Lang::Zh)
}

fn safe_stem(key: &str) -> String {
    key.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Every sweep chart, in report order.
pub fn figures(
    table: &SweepTable,
    lang: Lang,
    sample: Option<&crate::sample::SampleSummary>,
) -> Vec<SweepFigure> {
    let mut out = Vec::new();
    for (i, p) in table.params.iter().enumerate() {
        out.push(SweepFigure::Level(LevelBy {
            lang,
            table: table.clone(),
            param: i,
            recruits: p.key == RECRUITS,
        }));
    }
    if table.params.len() == 2
        && table
            .params
            .iter()
            .all(|p| p.levels().len() <= MAX_HEAT_LEVELS)
    {
        out.push(SweepFigure::Heat(Heat {
            lang,
            table: table.clone(),
        }));
    }
    // Only where a planner has plans to choose between.
    if !table.pareto_groups().is_empty() {
        out.push(SweepFigure::Pareto(Pareto {
            lang,
            table: table.clone(),
        }));
    }
    if let Some(sample) = sample {
        if table.rows.iter().any(|r| r.balance_level.is_some()) {
            out.push(SweepFigure::Spread(Spread {
                lang,
                table: table.clone(),
                envelope: sample.envelope_level,
            }));
        }
    }
    out
}

/// The quantiles a sampled sweep's report and `distribution.csv` give.
pub const QUANTILES: [(f64, &str); 9] = [
    (0.0, "min"),
    (0.05, "p5"),
    (0.10, "p10"),
    (0.25, "p25"),
    (0.50, "median"),
    (0.75, "p75"),
    (0.90, "p90"),
    (0.95, "p95"),
    (1.0, "max"),
];

/// The distribution of a level over the sample: the [`QUANTILES`] (lower
/// empirical quantiles, the ⌈q·N⌉-th smallest) and the mean, over the
/// points that have one.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelSpread {
    /// Points with a finite level.
    pub count: usize,
    /// The level at each of [`QUANTILES`], in that order.
    pub quantiles: Vec<f64>,
    /// The arithmetic mean of the levels.
    pub mean: f64,
}

impl LevelSpread {
    /// The spread of the finite values (`None`: there is none).
    pub fn of(values: impl Iterator<Item = f64>) -> Option<LevelSpread> {
        let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        Some(LevelSpread {
            count: v.len(),
            quantiles: QUANTILES
                .iter()
                .map(|(q, _)| crate::sample::quantile(&v, *q))
                .collect(),
            mean,
        })
    }
}

impl SweepTable {
    /// The spread of each point's own optimal level.
    pub fn level_spread(&self) -> Option<LevelSpread> {
        LevelSpread::of(self.rows.iter().filter_map(|r| r.balance_level))
    }

    /// The spread of the robust plan's level over the points.
    pub fn robust_spread(&self) -> Option<LevelSpread> {
        LevelSpread::of(self.rows.iter().filter_map(|r| r.robust_level))
    }

    /// `distribution.csv`: one row per statistic (points, the
    /// [`QUANTILES`], mean), a column per level.
    pub fn distribution_csv(&self) -> crate::report::csv::Table {
        use crate::report::csv::{Cell, Table};
        let own = self.level_spread();
        let robust = self.robust_spread();
        let mut header = vec!["statistic", "balance_level"];
        if robust.is_some() {
            header.push(ROBUST_COLUMN);
        }
        let mut rows = Vec::new();
        let mut push = |name: &str, f: &dyn Fn(&LevelSpread) -> Cell| {
            let mut row = vec![Cell::text(name), own.as_ref().map_or(Cell::Empty, f)];
            if let Some(r) = &robust {
                row.push(f(r));
            }
            rows.push(row);
        };
        push("samples", &|s| Cell::Int(s.count as i64));
        for (k, (_, name)) in QUANTILES.iter().enumerate() {
            push(name, &|s| Cell::Num(s.quantiles[k], 6));
        }
        push("mean", &|s| Cell::Num(s.mean, 6));
        Table::new(&header, rows)
    }
}

/// One of the sweep charts.
pub enum SweepFigure {
    /// Balance level against one parameter.
    Level(LevelBy),
    /// Balance level over a two-parameter grid.
    Heat(Heat),
    /// The trade-off between balance level and officers moved, with each
    /// group's Pareto front.
    Pareto(Pareto),
    /// Histogram of the level over a sample.
    Spread(Spread),
}

impl Figure for SweepFigure {
    fn stem(&self) -> String {
        match self {
            SweepFigure::Level(f) => f.stem(),
            SweepFigure::Heat(_) => "heatmap".into(),
            SweepFigure::Pareto(_) => "pareto".into(),
            SweepFigure::Spread(_) => "distribution".into(),
        }
    }
    fn title(&self) -> String {
        match self {
            SweepFigure::Level(f) => f.title(),
            SweepFigure::Heat(f) => f.title(),
            SweepFigure::Pareto(f) => f.title(),
            SweepFigure::Spread(f) => f.title(),
        }
    }
    fn note(&self) -> Option<String> {
        match self {
            SweepFigure::Pareto(f) => Some(f.note()),
            _ => None,
        }
    }
    fn size(&self) -> (u32, u32) {
        match self {
            SweepFigure::Level(_) => (1100, 680),
            SweepFigure::Heat(f) => f.size(),
            SweepFigure::Pareto(_) => (1100, 680),
            SweepFigure::Spread(_) => (1100, 860),
        }
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        match self {
            SweepFigure::Level(f) => f.draw(root),
            SweepFigure::Heat(f) => f.draw(root),
            SweepFigure::Pareto(f) => f.draw(root),
            SweepFigure::Spread(f) => f.draw(root),
        }
    }
}

/// The most lines one chart draws; beyond, points are drawn without lines.
const MAX_SERIES: usize = 8;

/// Balance level against one parameter, one line per combination of the
/// other parameters.
pub struct LevelBy {
    lang: Lang,
    table: SweepTable,
    param: usize,
    /// The recruits curve: balance level against new officers.
    recruits: bool,
}

impl LevelBy {
    fn stem(&self) -> String {
        if self.recruits {
            "recruits".into()
        } else {
            format!("level_by_{}", safe_stem(&self.table.params[self.param].key))
        }
    }

    fn title(&self) -> String {
        let key = &self.table.params[self.param].key;
        if self.recruits {
            self.lang
                .pick("新增民警与均衡水平", "Balance level against new officers")
                .into()
        } else {
            match self.lang {
                Lang::Zh => format!("均衡水平随「{}」的变化", param_label(self.lang, key)),
                Lang::En => format!("Balance level against {}", param_label(self.lang, key)),
            }
        }
    }

    /// Rows grouped by the values of the other parameters, in first-seen order.
    fn series(&self) -> Vec<(String, Vec<usize>)> {
        let t = &self.table;
        let mut out: Vec<(String, Vec<usize>)> = Vec::new();
        for i in 0..t.rows.len() {
            let label = t
                .params
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != self.param)
                .map(|(_, p)| format!("{} = {}", param_label(self.lang, &p.key), p.values[i]))
                .collect::<Vec<_>>()
                .join(", ");
            match out.iter_mut().find(|(l, _)| *l == label) {
                Some((_, rows)) => rows.push(i),
                None => out.push((label, vec![i])),
            }
        }
        out
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let t = &self.table;
        let p = &t.params[self.param];
        let levels = p.levels();
        let area = titled(root, &self.title(), 22.0)?;
        let (x0, x1) = if p.numeric {
            padded_range((0..t.rows.len()).map(|i| p.position(i)), 0.05)
        } else {
            (-0.5, levels.len() as f64 - 0.5)
        };
        let (y0, y1) = padded_range(t.rows.iter().filter_map(|r| r.balance_level), 0.1);
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        let x_desc = if self.recruits {
            lang.pick("新增民警(人)", "new officers").to_string()
        } else {
            param_label(lang, &p.key)
        };
        let x_fmt = |v: &f64| {
            if p.numeric {
                fmt_num(*v)
            } else if (v - v.round()).abs() < 1e-6 && *v >= 0.0 {
                levels.get(v.round() as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .max_light_lines(2)
            .x_desc(x_desc)
            .y_desc(lang.pick("均衡水平", "balance level"))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&|v| format!("{v:.3}"))
            .draw()?;
        let series = self.series();
        if series.len() <= MAX_SERIES {
            for (k, (label, rows)) in series.iter().enumerate() {
                let c = palette::SERIES[k % palette::SERIES.len()];
                let mut pts: Vec<(f64, f64)> = rows
                    .iter()
                    .filter_map(|&i| Some((p.position(i), t.rows[i].balance_level?)))
                    .collect();
                pts.sort_by(|a, b| a.0.total_cmp(&b.0));
                let label = if label.is_empty() {
                    lang.pick("均衡水平", "balance level").to_string()
                } else {
                    label.clone()
                };
                chart
                    .draw_series(LineSeries::new(pts.clone(), c.stroke_width(3)))?
                    .label(label)
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 22, y)], c.stroke_width(3))
                    });
                chart.draw_series(pts.iter().map(|&xy| Circle::new(xy, 4, c.filled())))?;
            }
        } else {
            let c = palette::SERIES[0];
            chart
                .draw_series(t.rows.iter().enumerate().filter_map(|(i, r)| {
                    Some(Circle::new(
                        (p.position(i), r.balance_level?),
                        4,
                        c.filled(),
                    ))
                }))?
                .label(match lang {
                    Lang::Zh => format!("全部 {} 个点", t.rows.len()),
                    Lang::En => format!("all {} points", t.rows.len()),
                })
                .legend(move |(x, y)| Circle::new((x + 8, y), 4, c.filled()));
        }
        let failed: Vec<f64> = t
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.balance_level.is_none())
            .map(|(i, _)| p.position(i))
            .collect();
        if !failed.is_empty() {
            let y = y0 + (y1 - y0) * 0.03;
            chart
                .draw_series(
                    failed
                        .iter()
                        .map(|&x| Cross::new((x, y), 7, palette::NORM.stroke_width(3))),
                )?
                .label(lang.pick("无方案(不可行或出错)", "no plan (infeasible or error)"))
                .legend(|(x, y)| Cross::new((x + 8, y), 6, palette::NORM.stroke_width(3)));
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, 15.0)?;
        Ok(())
    }
}

/// Balance level over a two-parameter grid.
pub struct Heat {
    lang: Lang,
    table: SweepTable,
}

impl Heat {
    fn title(&self) -> String {
        self.lang
            .pick(
                "均衡水平热力图(颜色越深水平越高)",
                "Balance level over the grid (darker = higher)",
            )
            .into()
    }

    fn size(&self) -> (u32, u32) {
        let nx = self.table.params[0].levels().len() as u32;
        let ny = self.table.params[1].levels().len() as u32;
        (
            (300 + 90 * nx).clamp(700, 1600),
            (220 + 60 * ny).clamp(500, 1400),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let t = &self.table;
        let (px, py) = (&t.params[0], &t.params[1]);
        let (lx, ly) = (px.levels(), py.levels());
        let area = titled(root, &self.title(), 22.0)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(110)
            .build_cartesian_2d(-0.5..lx.len() as f64 - 0.5, -0.5..ly.len() as f64 - 0.5)?;
        let at = |levels: &[String], v: f64| {
            if (v - v.round()).abs() < 1e-6 && v >= 0.0 {
                levels.get(v.round() as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(lx.len() + 1)
            .y_labels(ly.len() + 1)
            .x_desc(param_label(lang, &px.key))
            .y_desc(param_label(lang, &py.key))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .x_label_formatter(&|v| at(&lx, *v))
            .y_label_formatter(&|v| at(&ly, *v))
            .draw()?;
        let (lo, hi) = padded_range(t.rows.iter().filter_map(|r| r.balance_level), 0.0);
        let mut cells: BTreeMap<(usize, usize), Option<f64>> = BTreeMap::new();
        for (i, r) in t.rows.iter().enumerate() {
            let xi = lx.iter().position(|v| *v == px.values[i]).unwrap_or(0);
            let yi = ly.iter().position(|v| *v == py.values[i]).unwrap_or(0);
            cells.entry((xi, yi)).or_insert(r.balance_level);
        }
        let light = (222.0, 235.0, 247.0);
        let dark = (8.0, 48.0, 107.0);
        for (&(xi, yi), level) in &cells {
            let (x, y) = (xi as f64, yi as f64);
            let (fill, text, label) = match level {
                Some(v) => {
                    let f = if hi > lo { (v - lo) / (hi - lo) } else { 1.0 };
                    let mix = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
                    let c = RGBColor(
                        mix(light.0, dark.0),
                        mix(light.1, dark.1),
                        mix(light.2, dark.2),
                    );
                    let tc = if f > 0.5 { WHITE } else { BLACK };
                    (c, tc, format!("{v:.3}"))
                }
                None => (RGBColor(235, 235, 235), palette::NORM, "×".to_string()),
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.48, y - 0.48), (x + 0.48, y + 0.48)],
                fill.filled(),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                label,
                (x, y),
                font(15.0)
                    .color(&text)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            )))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::pareto::{overlaps, LabelBox};
    use super::*;
    use crate::sweep::table::SweepCsvError;

    const CSV: &str = "\u{FEFF}point,workload.divert_share,recruits.total,status,balance_level,officers_moved,auxiliary_balance_level,auxiliaries_changed,worst_calls_per_duty_officer,worst_residents_per_community_officer,counties_meeting_station_share,counties_meeting_community_share,recruits_used,recruits_C001,message\r\n\
0,0,0,optimal,0.9,100,0.8,10,600,5000,3,3,0,0,\r\n\
1,0,100,optimal,0.95,90,0.8,10,600,5000,3,3,100,100,\r\n\
2,0.1,0,optimal,0.95,120,0.8,10,600,5000,3,3,0,0,\r\n\
3,0.1,100,infeasible,,,,,,,,,,,\"county C001: hq_min too high\"\r\n";

    #[test]
    fn parameters_are_the_columns_between_point_and_status() {
        let t = SweepTable::parse(CSV.as_bytes()).unwrap();
        let keys: Vec<&str> = t.params.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["workload.divert_share", RECRUITS]);
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[3].balance_level, None);
        assert_eq!(t.rows[3].message, "county C001: hq_min too high");
        assert_eq!(t.rows[1].recruits_used, Some(100.0));
        assert_eq!(t.params[0].levels(), ["0", "0.1"]);
        assert_eq!(t.status_counts()["infeasible"], 1);
    }

    #[test]
    fn labels_never_overlap_and_stay_inside_the_plot() {
        // Thirty points in a tight diagonal cluster: some labels give way.
        let points: Vec<(i32, i32)> = (0..30).map(|i| (100 + 3 * i, 100 + 2 * i)).collect();
        let spots = place_labels(&points, &[(24, 14); 30], (0, 0, 400, 300), 6);
        let placed: Vec<&LabelBox> = spots.iter().flatten().collect();
        assert!(!placed.is_empty() && placed.len() < 30, "{}", placed.len());
        for (i, a) in placed.iter().enumerate() {
            assert!(a.0 >= 0 && a.1 >= 0 && a.2 <= 400 && a.3 <= 300, "{a:?}");
            for b in &placed[i + 1..] {
                assert!(!overlaps(a, b), "{a:?} {b:?}");
            }
            for &(x, y) in &points {
                assert!(
                    !overlaps(a, &(x - 6, y - 6, x + 6, y + 6)),
                    "{a:?} on a point"
                );
            }
        }
        // Points far apart all get their label; one at the right edge goes
        // to the left of its point.
        let spots = place_labels(
            &[(50, 50), (200, 150), (395, 100)],
            &[(24, 14); 3],
            (0, 0, 400, 300),
            6,
        );
        assert!(spots.iter().all(Option::is_some));
        assert!(spots[2].unwrap().2 <= 395 - 6);
    }

    #[test]
    fn the_front_keeps_only_undominated_points() {
        let t = SweepTable::parse(CSV.as_bytes()).unwrap();
        // Point 2 (0.95, 120 moved) is dominated by point 1 (0.95, 90).
        assert_eq!(t.pareto(), vec![1]);
    }

    #[test]
    fn a_bad_number_names_its_cell() {
        let bad = CSV.replace("0.9,100", "0.9,lots");
        let err = SweepTable::parse(bad.as_bytes()).unwrap_err();
        assert_eq!(
            err,
            SweepCsvError::Cell {
                row: 2,
                column: "officers_moved".into(),
                value: "lots".into()
            }
        );
    }
}
