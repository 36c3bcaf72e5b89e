//! The by-county charts of one solve: the 两个40% rule and the changes.

use super::*;

/// The 两个40% rule by county: station share and community share, before and
/// after, with the quota lines.
pub struct Quotas {
    lang: Lang,
    names: Vec<String>,
    figures: Vec<(CountyFigures, CountyFigures)>,
    station_share: f64,
    community_share: f64,
    /// All counties, when only some are shown.
    total: usize,
}

impl Quotas {
    /// The chart of `outcome`'s counties, before and after, with the quota lines, titled in `lang`.
    pub fn new(outcome: &Outcome, lang: Lang) -> Quotas {
        let Outcome {
            province, params, ..
        } = outcome;
        let (p, q) = (params.quotas.station_share, params.quotas.community_share);
        // Furthest below a rule, before or after, first.
        let shortfall = |f: &CountyFigures| (p - f.station_share).max(q - f.community_share);
        let shown = shown_counties(province.counties.len(), |i| {
            let f = &outcome.counties[i];
            shortfall(&f.before).max(shortfall(&f.after))
        });
        Quotas {
            lang,
            names: shown
                .iter()
                .map(|&i| province.counties[i].name.clone())
                .collect(),
            figures: shown
                .iter()
                .map(|&i| (outcome.counties[i].before, outcome.counties[i].after))
                .collect(),
            station_share: p,
            community_share: q,
            total: province.counties.len(),
        }
    }

    pub(super) fn stem(&self) -> String {
        "quotas".into()
    }
    pub(super) fn title(&self) -> String {
        format!(
            "{}{}",
            self.lang.pick(
                "“两个40%”：各县派出所警力占比与社区民警占比(灰点调整前，蓝点调整后)",
                "The 两个40% rule by county: station share and community share (grey before, blue after)",
            ),
            rows_note(
                self.lang,
                self.names.len(),
                self.total,
                "距达标最远",
                "those furthest below a rule"
            )
        )
    }
    pub(super) fn size(&self) -> (u32, u32) {
        (1400, rows_height(self.names.len()))
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
        let (left, right) = area.split_horizontally(700);
        let n = self.names.len();
        type Pick = fn(&CountyFigures) -> f64;
        type Panel<'a, DB> = (&'a DrawingArea<DB, Shift>, String, String, f64, Pick);
        let panels: [Panel<DB>; 2] = [
            (
                &left,
                lang.pick("派出所警力占全县警力", "station officers ÷ county force")
                    .into(),
                lang.pick("派出所警力占比", "station share").into(),
                self.station_share,
                |f| f.station_share,
            ),
            (
                &right,
                lang.pick(
                    "社区民警占派出所警力",
                    "community officers ÷ station officers",
                )
                .into(),
                lang.pick("社区民警占比", "community share").into(),
                self.community_share,
                |f| f.community_share,
            ),
        ];
        for (area, caption, x_desc, quota, pick) in panels {
            let (lo, hi) = padded_range(
                self.figures
                    .iter()
                    .flat_map(|(b, a)| [pick(b), pick(a)])
                    .chain([quota]),
                0.08,
            );
            // Room on the right for the legend.
            let hi = hi + (hi - lo) * 0.3;
            let (lo, hi) = (lo.max(0.0), hi.min(1.0).max(lo.max(0.0) + 0.01));
            let mut chart = ChartBuilder::on(area)
                .caption(&caption, font(19.0))
                .margin(12)
                .x_label_area_size(48)
                .y_label_area_size(150)
                .build_cartesian_2d(lo..hi, -0.5..(n as f64 - 0.5))?;
            chart
                .configure_mesh()
                .max_light_lines(2)
                .disable_y_mesh()
                .y_labels(n + 1)
                .y_label_formatter(&|v| row_label(&self.names, *v))
                .x_label_formatter(&|v| fmt_pct(*v))
                .x_desc(&x_desc)
                .label_style(font(13.0))
                .axis_desc_style(font(15.0))
                .draw()?;
            let y = |i: usize| (n - 1 - i) as f64;
            chart.draw_series(self.figures.iter().enumerate().map(|(i, (b, a))| {
                PathElement::new(
                    vec![(pick(b), y(i)), (pick(a), y(i))],
                    RGBColor(180, 180, 180).stroke_width(2),
                )
            }))?;
            chart
                .draw_series(self.figures.iter().enumerate().map(|(i, (b, _))| {
                    Circle::new((pick(b), y(i)), 4, palette::BEFORE.stroke_width(2))
                }))?
                .label(lang.pick("调整前", "before"))
                .legend(legend_dot(palette::BEFORE, false));
            chart
                .draw_series(self.figures.iter().enumerate().map(|(i, (_, a))| {
                    let c = if pick(a) + 1e-9 >= quota {
                        palette::AFTER
                    } else {
                        palette::NORM
                    };
                    Circle::new((pick(a), y(i)), 5, c.filled())
                }))?
                .label(lang.pick("调整后", "after"))
                .legend(legend_dot(palette::AFTER, true));
            chart
                .draw_series(DashedLineSeries::new(
                    [(quota, -0.5), (quota, n as f64 - 0.5)],
                    8,
                    5,
                    palette::NORM.stroke_width(2),
                ))?
                .label(format!("{} {}", lang.pick("下限", "quota"), fmt_pct(quota)))
                .legend(legend_line(palette::NORM));
            draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 14.0)?;
        }
        Ok(())
    }
}

/// Changes by county: officers gained and lost at stations, and auxiliaries.
pub struct Changes {
    lang: Lang,
    names: Vec<String>,
    /// (officers gained at stations, officers lost at stations, auxiliaries Δ).
    rows: Vec<(i64, i64, i64)>,
    /// All counties, when only some are shown.
    total: usize,
}

impl Changes {
    /// The chart of `outcome`'s counties: the plan's changes against today, titled in `lang`.
    pub fn new(outcome: &Outcome, lang: Lang) -> Changes {
        let Outcome { province, plan, .. } = outcome;
        let rows: Vec<(i64, i64, i64)> = province
            .counties
            .iter()
            .map(|c| {
                let (mut gain, mut loss, mut aux) = (0, 0, 0);
                for &s in &c.stations {
                    let d = plan.stations[s].officers - province.stations[s].officers;
                    if d > 0 {
                        gain += d;
                    } else {
                        loss += d;
                    }
                    aux += plan.stations[s].auxiliaries - province.stations[s].auxiliaries;
                }
                (gain, loss, aux)
            })
            .collect();
        let shown = shown_counties(rows.len(), |i| {
            let (g, l, a) = rows[i];
            (g - l + a.abs()) as f64
        });
        Changes {
            lang,
            names: shown
                .iter()
                .map(|&i| province.counties[i].name.clone())
                .collect(),
            rows: shown.iter().map(|&i| rows[i]).collect(),
            total: province.counties.len(),
        }
    }

    pub(super) fn stem(&self) -> String {
        "changes".into()
    }
    pub(super) fn title(&self) -> String {
        format!(
            "{}{}",
            self.lang.pick(
                "各县调整：派出所增减民警与辅警增减",
                "Changes by county: officers gained and lost at stations, auxiliaries added",
            ),
            rows_note(
                self.lang,
                self.names.len(),
                self.total,
                "调整最多",
                "those with the most changes"
            )
        )
    }
    pub(super) fn size(&self) -> (u32, u32) {
        (1400, rows_height(self.names.len()))
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
        let (left, right) = area.split_horizontally(760);
        let n = self.names.len();
        let y = |i: usize| (n - 1 - i) as f64;
        let bar = |v0: f64, v1: f64, yc: f64, c: RGBColor| {
            Rectangle::new([(v0, yc - 0.36), (v1, yc + 0.36)], c.filled())
        };

        let (lo, hi) = padded_range(
            self.rows
                .iter()
                .flat_map(|&(g, l, _)| [g as f64, l as f64])
                .chain([0.0]),
            0.06,
        );
        let hi = hi + (hi - lo) * 0.3;
        let mut chart = ChartBuilder::on(&left)
            .caption(
                lang.pick("派出所民警(人)", "officers at stations"),
                font(19.0),
            )
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(150)
            .build_cartesian_2d(lo..hi, -0.5..(n as f64 - 0.5))?;
        chart
            .configure_mesh()
            .max_light_lines(2)
            .disable_y_mesh()
            .y_labels(n + 1)
            .y_label_formatter(&|v| row_label(&self.names, *v))
            .x_label_formatter(&|v| fmt_num(*v))
            .x_desc(lang.pick(
                "民警人数变化(人，调整后 − 调整前)",
                "change in officers (after − before)",
            ))
            .label_style(font(13.0))
            .axis_desc_style(font(15.0))
            .draw()?;
        chart
            .draw_series(
                self.rows
                    .iter()
                    .enumerate()
                    .map(|(i, &(g, _, _))| bar(0.0, g as f64, y(i), palette::GAIN)),
            )?
            .label(lang.pick("增加民警的派出所合计", "gained, at stations that gain"))
            .legend(legend_box(palette::GAIN));
        chart
            .draw_series(
                self.rows
                    .iter()
                    .enumerate()
                    .map(|(i, &(_, l, _))| bar(l as f64, 0.0, y(i), palette::LOSS)),
            )?
            .label(lang.pick("减少民警的派出所合计", "lost, at stations that lose"))
            .legend(legend_box(palette::LOSS));
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 14.0)?;

        let (lo, hi) = padded_range(
            self.rows.iter().map(|&(_, _, a)| a as f64).chain([0.0]),
            0.06,
        );
        let hi = hi + (hi - lo) * 0.3;
        let mut chart = ChartBuilder::on(&right)
            .caption(lang.pick("辅警(人)", "auxiliaries"), font(19.0))
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(20)
            .build_cartesian_2d(lo..hi, -0.5..(n as f64 - 0.5))?;
        chart
            .configure_mesh()
            .max_light_lines(2)
            .disable_y_mesh()
            .y_labels(0)
            .x_label_formatter(&|v| fmt_num(*v))
            .x_desc(lang.pick(
                "辅警人数变化(人，调整后 − 调整前)",
                "change in auxiliaries (after − before)",
            ))
            .label_style(font(13.0))
            .axis_desc_style(font(15.0))
            .draw()?;
        chart
            .draw_series(
                self.rows
                    .iter()
                    .enumerate()
                    .map(|(i, &(_, _, a))| bar(0.0, a as f64, y(i), palette::AUX)),
            )?
            .label(lang.pick("辅警增减", "auxiliaries added (or removed)"))
            .legend(legend_box(palette::AUX));
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight, 14.0)?;
        Ok(())
    }
}
