//! The chart of the stations that bind the balance level.

use super::*;

/// One station of the binding chart.
pub struct CoverRow {
    /// The station's id, name and county (`id name · county`), with the dimensions it binds in
    /// (`[duty+community]`, `值班`/`社区` in Chinese) when it binds.
    pub label: String,
    /// Its cover level today (the least of duty and community cover over the requirements it has);
    /// `None` when it has no requirement.
    pub before: Option<f64>,
    /// Its cover level under the plan (0 when not defined).
    pub after: f64,
    /// Whether it binds the balance level in at least one dimension (drawn in orange).
    pub binding: bool,
}

/// The most rows of the binding chart: a county of many alike stations may
/// have thousands of binding stations, and a chart 30 pixels a row would be
/// too tall to draw; the least covered are shown.
pub const MAX_BINDING_ROWS: usize = 100;

/// The stations that bind the balance level, among the least covered.
pub struct Binding {
    lang: Lang,
    level: f64,
    rows: Vec<CoverRow>,
    /// The stations before the cut to [`MAX_BINDING_ROWS`].
    total: usize,
}

impl Binding {
    /// The chart of `outcome`: the binding stations and the least covered others, at most
    /// [`MAX_BINDING_ROWS`], titled in `lang`.
    pub fn new(outcome: &Outcome, lang: Lang) -> Binding {
        binding_rows(&outcome.province, &outcome.plan, &outcome.stations, lang)
    }

    /// The stations shown, least covered first.
    pub fn rows(&self) -> &[CoverRow] {
        &self.rows
    }

    pub(super) fn stem(&self) -> String {
        "binding".into()
    }
    pub(super) fn title(&self) -> String {
        let n = self.rows.len();
        match (self.lang, n < self.total) {
            (Lang::Zh, false) => {
                format!("制约均衡水平的派出所(保障程度最低的{n}个所，橙色为制约所)")
            }
            (Lang::Zh, true) => format!(
                "制约均衡水平的派出所({}个所中保障程度最低的{n}个，橙色为制约所)",
                self.total
            ),
            (Lang::En, false) => format!(
                "Stations that bind the balance level (the {n} least covered; binding in orange)"
            ),
            (Lang::En, true) => format!(
                "Stations that bind the balance level (the {n} least covered of {}; binding in orange)",
                self.total
            ),
        }
    }
    pub(super) fn size(&self) -> (u32, u32) {
        (1300, (200 + 30 * self.rows.len()).max(440) as u32)
    }

    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static,
    {
        let lang = self.lang;
        let area = titled(root, &self.title(), 22.0)?;
        let n = self.rows.len();
        let names: Vec<String> = self.rows.iter().map(|r| r.label.clone()).collect();
        let hi = self
            .rows
            .iter()
            .flat_map(|r| [r.after, r.before.unwrap_or(0.0)])
            .chain([self.level, 1.0])
            .fold(0.0_f64, f64::max)
            .min(self.level * 3.0 + 0.5)
            * 1.08;
        let mut chart = ChartBuilder::on(&area)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(430)
            .build_cartesian_2d(0.0..hi, -0.5..(n as f64 - 0.5))?;
        chart
            .configure_mesh()
            .max_light_lines(2)
            .disable_y_mesh()
            .y_labels(n + 1)
            .y_label_formatter(&|v| row_label(&names, *v))
            .x_label_formatter(&|v| format!("{v:.2}"))
            .x_desc(lang.pick(
                "保障程度(配备警力 ÷ 需求警力，取值班与社区中较低者)",
                "cover (officers ÷ requirement, the lower of duty and community)",
            ))
            .label_style(font(15.0))
            .axis_desc_style(font(16.0))
            .draw()?;
        let y = |i: usize| (n - 1 - i) as f64;
        chart
            .draw_series(
                self.rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| !r.binding)
                    .map(|(i, r)| {
                        Rectangle::new(
                            [(0.0, y(i) - 0.32), (r.after.min(hi), y(i) + 0.32)],
                            palette::AFTER.filled(),
                        )
                    }),
            )?
            .label(lang.pick("调整后", "after"))
            .legend(legend_box(palette::AFTER));
        chart
            .draw_series(
                self.rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.binding)
                    .map(|(i, r)| {
                        Rectangle::new(
                            [(0.0, y(i) - 0.32), (r.after.min(hi), y(i) + 0.32)],
                            palette::NORM.filled(),
                        )
                    }),
            )?
            .label(lang.pick(
                "调整后(制约所：多配1人即可提高均衡水平)",
                "after (binding: one more officer here raises the level)",
            ))
            .legend(legend_box(palette::NORM));
        chart
            .draw_series(self.rows.iter().enumerate().filter_map(|(i, r)| {
                r.before
                    .map(|b| Circle::new((b.min(hi), y(i)), 6, BLACK.mix(0.7).stroke_width(2)))
            }))?
            .label(lang.pick("调整前", "before"))
            .legend(legend_dot(RGBColor(70, 70, 70), false));
        chart
            .draw_series(DashedLineSeries::new(
                [(self.level, -0.5), (self.level, n as f64 - 0.5)],
                8,
                5,
                BLACK.stroke_width(2),
            ))?
            .label(format!(
                "{} {:.4}",
                lang.pick("均衡水平", "balance level"),
                self.level
            ))
            .legend(legend_line(BLACK));
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 15.0)?;
        Ok(())
    }
}

fn binding_rows(
    province: &Province,
    plan: &Plan,
    stations: &[StationFigures],
    lang: Lang,
) -> Binding {
    let level = plan.balance_level.unwrap_or(0.0);
    let mut covered: Vec<(f64, usize)> = stations
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.cover.after.map(|c| (c, i)))
        .collect();
    covered.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    // Each binding station once (a station binding in both dimensions is
    // one row, labelled with both), then the least covered others.
    let mut shown: Vec<usize> = Vec::new();
    let mut is_shown = vec![false; province.stations.len()];
    for b in &plan.binding {
        if !is_shown[b.station] {
            is_shown[b.station] = true;
            shown.push(b.station);
        }
    }
    let want = LEAST_COVERED.max(shown.len());
    for &(_, i) in &covered {
        if shown.len() >= want {
            break;
        }
        if !is_shown[i] {
            is_shown[i] = true;
            shown.push(i);
        }
    }
    let binding_of = plan.binding_by_station();
    let mut rows: Vec<(f64, usize, CoverRow)> = shown
        .into_iter()
        .map(|i| {
            let s = &province.stations[i];
            let dims: Vec<&str> = binding_of[i]
                .iter()
                .map(|&d| match (lang, d) {
                    (Lang::Zh, crate::plan::Dimension::Duty) => "值班",
                    (Lang::Zh, crate::plan::Dimension::Community) => "社区",
                    (Lang::En, d) => d.as_str(),
                })
                .collect();
            let county = &province.counties[s.county].name;
            let mut label = format!("{} {} · {}", s.id, s.name, county);
            if !dims.is_empty() {
                label.push_str(&format!(" [{}]", dims.join("+")));
            }
            let after = stations[i].cover.after.unwrap_or(0.0);
            (
                after,
                i,
                CoverRow {
                    label,
                    before: stations[i].cover.before,
                    after,
                    binding: !dims.is_empty(),
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let total = rows.len();
    rows.truncate(MAX_BINDING_ROWS);
    Binding {
        lang,
        level,
        rows: rows.into_iter().map(|r| r.2).collect(),
        total,
    }
}
