//! The scaling curve of `staffing bench`: solve time and end-to-end time
//! against station count on log–log axes, with the fitted power laws
//! (least squares of ln time = a + b·ln n) and their exponents.
//!
//! The input is read from `scaling.csv` (the bench's own table), so the
//! chart can be redrawn without measuring again. It is drawn with the
//! report's chart primitives; the report knows nothing of it.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::stats::fit_loglog;
use crate::report::charts::{draw_legend, font, palette, titled, ChartError, Figure};
use crate::report::Lang;

/// The file the scaling curve is kept in, beside `report.md`.
pub const SCALING_CSV: &str = "scaling.csv";

/// One generated instance of the scaling curve: median times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScalingPoint {
    /// Stations of the generated instance.
    pub stations: usize,
    /// The solve alone, in process: both phases, the auxiliaries and the
    /// independent check (`solve_s`).
    pub solve_s: f64,
    /// `staffing solve` end to end, every output, one core (`total_s`).
    pub total_s: f64,
}

/// A `scaling.csv` that cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScalingCsvError {
    /// The CSV reader's message (a malformed record).
    #[error("scaling.csv: {0}")]
    Csv(String),
    /// A column the header lacks.
    #[error("scaling.csv: the header has no column `{0}`")]
    MissingColumn(&'static str),
    /// A cell that is not a number.
    #[error("scaling.csv, row {row}, column `{column}`: value `{value}` is not a number")]
    Cell {
        /// The row as a spreadsheet counts it (the header is row 1).
        row: usize,
        /// The column's header.
        column: &'static str,
        /// The cell as written (trimmed).
        value: String,
    },
}

/// The scaling curve in `scaling.csv` bytes (UTF-8, with or without a BOM):
/// the rows whose `instance` starts with `generated`, in file order. Other
/// rows (the province) are separate instances, not points of the curve, and
/// the fit in `report.md` leaves them out too. Rows are numbered as lines of
/// the file, the header being row 1.
pub fn parse_scaling_csv(bytes: &[u8]) -> Result<Vec<ScalingPoint>, ScalingCsvError> {
    let (mut reader, header) =
        crate::report::csv::read_own(bytes).map_err(|e| ScalingCsvError::Csv(e.to_string()))?;
    let col = |name: &'static str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or(ScalingCsvError::MissingColumn(name))
    };
    let instance = col("instance")?;
    let stations = col("stations")?;
    let solve = col("solve_s")?;
    let total = col("total_s")?;
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ScalingCsvError::Csv(e.to_string()))?;
        let row = i + 2;
        let get = |c: usize| record.get(c).unwrap_or("").trim();
        if !get(instance).starts_with("generated") {
            continue;
        }
        let bad = |column: &'static str, c: usize| ScalingCsvError::Cell {
            row,
            column,
            value: get(c).to_string(),
        };
        let seconds =
            |column: &'static str, c: usize| get(c).parse::<f64>().map_err(|_| bad(column, c));
        out.push(ScalingPoint {
            stations: get(stations)
                .parse::<usize>()
                .map_err(|_| bad("stations", stations))?,
            solve_s: seconds("solve_s", solve)?,
            total_s: seconds("total_s", total)?,
        });
    }
    Ok(out)
}

/// A fitted power law: time = e^a · n^b.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerLaw {
    /// b.
    pub exponent: f64,
    /// a = ln of the time at n = 1.
    pub ln_coef: f64,
    /// r² of the fit in log–log space.
    pub r2: f64,
}

impl PowerLaw {
    /// Least squares of ln t = a + b·ln n over the points with n, t > 0;
    /// `None` with fewer than two such points at different n.
    pub fn fit(points: &[(f64, f64)]) -> Option<PowerLaw> {
        let (exponent, ln_coef, r2) = fit_loglog(points)?;
        Some(PowerLaw {
            exponent,
            ln_coef,
            r2,
        })
    }

    /// The fitted time at `n`.
    pub fn at(&self, n: f64) -> f64 {
        (self.ln_coef + self.exponent * n.ln()).exp()
    }

    /// `∝ n^1.09 (r² 0.997)`.
    pub fn describe(&self) -> String {
        format!("∝ n^{:.2} (r² {:.3})", self.exponent, self.r2)
    }
}

/// Solve and end-to-end time against station count, log–log, with fits.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaling {
    lang: Lang,
    /// By increasing station count.
    points: Vec<ScalingPoint>,
}

impl Scaling {
    /// The chart of `points` (sorted by station count), titled in `lang`.
    pub fn new(mut points: Vec<ScalingPoint>, lang: Lang) -> Scaling {
        points.sort_by_key(|p| p.stations);
        Scaling { lang, points }
    }

    /// The points, by increasing station count.
    pub fn points(&self) -> &[ScalingPoint] {
        &self.points
    }

    fn series(&self, pick: fn(&ScalingPoint) -> f64) -> Vec<(f64, f64)> {
        self.points
            .iter()
            .map(|p| (p.stations as f64, pick(p)))
            .filter(|&(n, t)| n > 0.0 && t > 0.0 && t.is_finite())
            .collect()
    }

    /// The fit of solve time over every point.
    pub fn solve_fit(&self) -> Option<PowerLaw> {
        PowerLaw::fit(&self.series(|p| p.solve_s))
    }

    /// The fit of end-to-end time over every point.
    pub fn total_fit(&self) -> Option<PowerLaw> {
        PowerLaw::fit(&self.series(|p| p.total_s))
    }

    fn solve_label(&self) -> &'static str {
        self.lang.pick("求解", "solve")
    }

    fn total_label(&self) -> &'static str {
        self.lang.pick("端到端", "end to end")
    }
}

/// Seconds as an axis label: `0.1 ms`, `20 ms`, `1 s`.
pub fn fmt_secs(v: f64) -> String {
    let trim = |x: f64| {
        let s = format!("{x:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if v >= 1.0 {
        format!("{} s", trim(v))
    } else {
        format!("{} ms", trim(v * 1000.0))
    }
}

/// A station count as an axis label: `100`, `2k`, `10k`.
pub fn fmt_stations(v: f64) -> String {
    if v >= 1000.0 {
        let k = format!("{:.1}", v / 1000.0);
        format!("{}k", k.trim_end_matches(".0"))
    } else {
        format!("{v:.0}")
    }
}

/// Whether `v` is 1, 2 or 5 times a power of ten (the labelled log ticks).
fn is_nice(v: f64) -> bool {
    if !(v > 0.0 && v.is_finite()) {
        return false;
    }
    let m = v / 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .any(|n| (m - n).abs() < 1e-6 * n)
}

impl Figure for Scaling {
    fn stem(&self) -> String {
        "scaling".into()
    }

    fn title(&self) -> String {
        let lang = self.lang;
        let mut title = lang
            .pick(
                "耗时随派出所数量的变化(双对数坐标)",
                "Time against stations (log–log)",
            )
            .to_string();
        let fits: Vec<String> = [
            (self.solve_label(), self.solve_fit()),
            (self.total_label(), self.total_fit()),
        ]
        .into_iter()
        .filter_map(|(name, fit)| Some(format!("{name} ∝ n^{:.2}", fit?.exponent)))
        .collect();
        if !fits.is_empty() {
            title.push_str(lang.pick("：", ": "));
            title.push_str(&fits.join(lang.pick("，", ", ")));
        }
        title
    }

    fn size(&self) -> (u32, u32) {
        (1100, 720)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let solve = self.series(|p| p.solve_s);
        let total = self.series(|p| p.total_s);
        let area = titled(root, &self.title(), 22.0)?;
        let ns = || solve.iter().chain(&total).map(|p| p.0);
        let ts = || solve.iter().chain(&total).map(|p| p.1);
        let (n_lo, n_hi) = (ns().fold(f64::INFINITY, f64::min), ns().fold(0.0, f64::max));
        let (t_lo, t_hi) = (ts().fold(f64::INFINITY, f64::min), ts().fold(0.0, f64::max));
        let (x0, x1) = if n_lo.is_finite() {
            (n_lo / 1.4, n_hi * 1.4)
        } else {
            (50.0, 80_000.0)
        };
        // From just below a power of ten (plotters puts ticks from the first
        // power of ten in range up), with room above the data for the legend.
        let (y0, y1) = if t_lo.is_finite() {
            (0.98 * 10f64.powf((t_lo / 1.5).log10().floor()), t_hi * 6.0)
        } else {
            (1e-4, 10.0)
        };
        let mut chart = ChartBuilder::on(&area)
            .margin(20)
            .x_label_area_size(60)
            .y_label_area_size(90)
            .build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())?;
        chart
            .configure_mesh()
            .x_labels(40)
            .y_labels(40)
            .max_light_lines(0)
            .x_desc(lang.pick("派出所数量(对数坐标)", "stations (log scale)"))
            .y_desc(lang.pick(
                "耗时(中位数，对数坐标)",
                "wall time, median of runs (log scale)",
            ))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .x_label_formatter(&|v| {
                if is_nice(*v) {
                    fmt_stations(*v)
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|v| {
                if is_nice(*v) {
                    fmt_secs(*v)
                } else {
                    String::new()
                }
            })
            .light_line_style(WHITE)
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;

        let curves = [
            (
                &total,
                self.total_fit(),
                palette::NORM,
                lang.pick(
                    "端到端：读入、求解、校验、写出",
                    "end to end: staffing solve, every output, one core",
                ),
                self.total_label(),
            ),
            (
                &solve,
                self.solve_fit(),
                palette::AFTER,
                lang.pick(
                    "求解：两阶段、辅警与独立校验",
                    "solve alone, in process: both phases, auxiliaries, check",
                ),
                self.solve_label(),
            ),
        ];
        for (pts, fit, c, label, short) in curves {
            if pts.is_empty() {
                continue;
            }
            chart
                .draw_series(LineSeries::new(pts.iter().copied(), c.stroke_width(3)))?
                .label(label)
                .legend(move |(x, y)| {
                    EmptyElement::at((x, y))
                        + PathElement::new(vec![(0, 0), (22, 0)], c.stroke_width(3))
                        + Circle::new((11, 0), 4, c.filled())
                });
            chart.draw_series(pts.iter().map(|&p| Circle::new(p, 5, c.filled())))?;
            if let Some(fit) = fit {
                let (a, b) = (pts[0].0, pts[pts.len() - 1].0);
                let (a, b) = (a / 1.3, b * 1.3);
                chart
                    .draw_series(DashedLineSeries::new(
                        [(a, fit.at(a)), (b, fit.at(b))],
                        9,
                        6,
                        c.mix(0.8).stroke_width(2),
                    ))?
                    .label(format!(
                        "{}{short} {}",
                        lang.pick("拟合：", "fit: "),
                        fit.describe()
                    ))
                    .legend(move |(x, y)| {
                        EmptyElement::at((x, y))
                            + PathElement::new(vec![(0, 0), (7, 0)], c.stroke_width(2))
                            + PathElement::new(vec![(13, 0), (22, 0)], c.stroke_width(2))
                    });
            }
            // The largest instance's time, written beside its point.
            let (n, t) = pts[pts.len() - 1];
            chart.draw_series(std::iter::once(Text::new(
                fmt_secs_exact(t),
                (n, t),
                font(14.0)
                    .color(&c)
                    .pos(Pos::new(HPos::Right, VPos::Bottom)),
            )))?;
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, 15.0)?;
        Ok(())
    }
}

/// A measured time beside its point: `142 ms`, `0.85 s`.
fn fmt_secs_exact(v: f64) -> String {
    if v >= 1.0 {
        format!("{v:.2} s")
    } else if v >= 0.1 {
        format!("{:.0} ms", v * 1000.0)
    } else if v >= 0.001 {
        format!("{:.1} ms", v * 1000.0)
    } else {
        format!("{:.2} ms", v * 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::charts::{render, Formats, FONT};

    const CSV: &str = "instance,stations,counties,read_s,solve_s,write_s,total_s,cpu_s,peak_rss_mib,balance_level,repeats\n\
province (baseline),1631,86,0.009290,0.007631,0.036133,0.061071,0.01,5.5,0.952986023,3\n\
generated 100,100,7,0.000672,0.000237,0.029237,0.030146,0.00,4.0,0.802267743,3\n\
generated 1000,1000,70,0.003855,0.002210,0.032384,0.038516,0.01,4.9,0.612369871,3\n\
generated 40000,40000,2800,0.270027,0.142179,0.420478,0.854400,0.49,45.0,0.537056928,3\n";

    fn synthetic(exponent: f64) -> Vec<ScalingPoint> {
        [100usize, 400, 2000, 10_000, 40_000]
            .iter()
            .map(|&n| ScalingPoint {
                stations: n,
                solve_s: 2e-5 * (n as f64).powf(exponent),
                total_s: 0.03 + 2e-5 * n as f64,
            })
            .collect()
    }

    #[test]
    fn the_fit_recovers_a_known_exponent() {
        let chart = Scaling::new(synthetic(1.1), Lang::En);
        let fit = chart.solve_fit().expect("five points fit");
        assert!((fit.exponent - 1.1).abs() < 1e-9, "{fit:?}");
        assert!((fit.ln_coef - 2e-5f64.ln()).abs() < 1e-9, "{fit:?}");
        assert!((fit.r2 - 1.0).abs() < 1e-12, "{fit:?}");
        assert!((fit.at(5000.0) - 2e-5 * 5000f64.powf(1.1)).abs() < 1e-12);
        assert_eq!(fit.describe(), "∝ n^1.10 (r² 1.000)");
        // A fixed cost plus a linear part is not a power law: r² below 1.
        let total = chart.total_fit().unwrap();
        assert!(total.exponent < 1.0 && total.r2 < 0.999, "{total:?}");
    }

    #[test]
    fn one_point_has_no_fit() {
        let chart = Scaling::new(synthetic(1.0)[..1].to_vec(), Lang::En);
        assert_eq!(chart.solve_fit(), None);
        // Still drawable, with no exponent claimed.
        let svg = render(&chart, Formats::Svg).unwrap().svg;
        assert!(!svg.contains("n^"), "{svg}");
        // No points at all, or only unusable ones: an empty chart, no error.
        let nothing = ScalingPoint {
            stations: 100,
            solve_s: f64::NAN,
            total_s: 0.0,
        };
        for points in [vec![], vec![nothing]] {
            let chart = Scaling::new(points, Lang::Zh);
            assert_eq!(chart.total_fit(), None);
            render(&chart, Formats::SvgAndPng).unwrap();
        }
    }

    #[test]
    fn the_csv_gives_the_generated_rows() {
        let pts = parse_scaling_csv(format!("\u{FEFF}{CSV}").as_bytes()).unwrap();
        assert_eq!(
            pts.iter().map(|p| p.stations).collect::<Vec<_>>(),
            [100, 1000, 40_000]
        );
        assert_eq!(pts[2].solve_s, 0.142179);
        assert_eq!(pts[2].total_s, 0.8544);
    }

    #[test]
    fn a_bad_cell_names_its_row_and_column() {
        let bad = CSV.replace("0.002210", "fast");
        let err = parse_scaling_csv(bad.as_bytes()).unwrap_err();
        assert_eq!(
            err,
            ScalingCsvError::Cell {
                row: 4,
                column: "solve_s",
                value: "fast".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "scaling.csv, row 4, column `solve_s`: value `fast` is not a number"
        );
        let bad = CSV.replace("generated 100,100,", "generated 100,a hundred,");
        assert!(matches!(
            parse_scaling_csv(bad.as_bytes()),
            Err(ScalingCsvError::Cell {
                row: 3,
                column: "stations",
                ..
            })
        ));
        let no_total = CSV.replace("total_s", "sum_s");
        assert_eq!(
            parse_scaling_csv(no_total.as_bytes()),
            Err(ScalingCsvError::MissingColumn("total_s"))
        );
    }

    #[test]
    fn the_chart_states_the_exponents_in_both_languages() {
        let en = render(&Scaling::new(synthetic(1.1), Lang::En), Formats::Svg).unwrap();
        assert_eq!(en.stem, "scaling");
        assert!(en.title.starts_with("Time against stations (log–log)"));
        assert!(en.title.contains("solve ∝ n^1.10"), "{}", en.title);
        assert!(en.svg.contains("fit: solve ∝ n^1.10 (r² 1.000)"));
        assert!(en.svg.contains("stations (log scale)"));
        // Log ticks are labelled 1, 2, 5 × 10^k.
        for tick in ["100", "1k", "10k", "1 ms", "100 ms"] {
            assert!(
                en.svg.contains(&format!(">\n{tick}\n</text>")),
                "no tick {tick}"
            );
        }
        let zh = render(&Scaling::new(synthetic(1.1), Lang::Zh), Formats::SvgAndPng).unwrap();
        assert!(
            zh.title.starts_with("耗时随派出所数量的变化"),
            "{}",
            zh.title
        );
        assert!(zh.title.contains("求解 ∝ n^1.10"), "{}", zh.title);
        assert!(zh.svg.contains("拟合：求解 ∝ n^1.10"));
        assert!(zh.svg.contains("派出所数量(对数坐标)"));
        let png = zh.png.expect("a PNG");
        assert!(png.starts_with(b"\x89PNG"));
    }

    #[test]
    fn axis_labels() {
        assert_eq!(fmt_secs(0.0001), "0.1 ms");
        assert_eq!(fmt_secs(0.02), "20 ms");
        assert_eq!(fmt_secs(1.0), "1 s");
        assert_eq!(fmt_stations(100.0), "100");
        assert_eq!(fmt_stations(2000.0), "2k");
        assert_eq!(fmt_stations(40_000.0), "40k");
        assert!(is_nice(500.0) && is_nice(0.002) && !is_nice(300.0));
        assert_eq!(fmt_secs_exact(0.8544), "854 ms");
        assert_eq!(fmt_secs_exact(1.5), "1.50 s");
        assert_eq!(fmt_secs_exact(0.142179), "142 ms");
    }

    #[test]
    fn the_embedded_font_has_every_label_glyph() {
        use ab_glyph::Font;
        let font = ab_glyph::FontRef::try_from_slice(FONT).unwrap();
        for line in include_str!("chart.rs").lines() {
            let code = line.split("//").next().unwrap_or("");
            for c in code.chars().filter(|c| !c.is_control()) {
                assert_ne!(font.glyph_id(c).0, 0, "no glyph for {c:?} in {line}");
            }
        }
    }
}
