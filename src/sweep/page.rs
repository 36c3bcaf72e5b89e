//! The sweep's page: `report.html` with its charts beside `sweep.csv`, and
//! `distribution.csv` for a sample. Built from the sweep's own table
//! ([`super::table`]) with the page and chart primitives of
//! [`crate::report`].

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use rayon::prelude::*;

use super::charts::{figures, param_label, LevelSpread, QUANTILES};
use super::table::{SweepCsvError, SweepTable};
use super::SweepError;
use crate::error::OutputError;
use crate::output::OutputFile;
use crate::report::chart_files;
use crate::report::charts::{render, Chart, ChartError, Formats};
use crate::report::csv::to_csv;
use crate::report::html::{card, charts_section, esc, fmt_opt, page_start, provenance_section};
use crate::report::Lang;
use crate::sample::SampleSummary;

/// What a sweep report says about where the sweep came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepInfo {
    /// The sweep scenario's name.
    pub scenario: String,
    pub tool: String,
    pub version: String,
    pub solver: String,
    pub inputs: Vec<crate::outcome::InputDigest>,
    /// A sampled sweep's sampling and robust plan.
    pub sample: Option<SampleSummary>,
}

/// A sampled sweep's distribution of the balance level and its robust plan.
fn sample_section(o: &mut String, lang: Lang, table: &SweepTable, sample: &SampleSummary) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let _ = write!(
        o,
        "<section id=\"monte-carlo\">\n<h2>{}</h2>\n<p>{}</p>\n<ul>\n",
        l("蒙特卡洛模拟", "Monte Carlo"),
        esc(&match lang {
            Lang::Zh => format!(
                "以随机种子 {} 抽取 {} 个样本，每个样本单独求出最优方案；同一种子总得到相同的样本。抽样参数：",
                sample.seed, sample.count
            ),
            Lang::En => format!(
                "{} samples drawn with seed {}, each solved to its own optimum; the same seed always draws the same samples. Sampled parameters:",
                sample.count, sample.seed
            ),
        })
    );
    for (key, dist) in &sample.keys {
        let _ = writeln!(
            o,
            "<li>{} ~ <code>{}</code></li>",
            esc(&param_label(lang, key)),
            esc(dist)
        );
    }
    o.push_str("</ul>\n");
    let own = table.level_spread();
    let robust = table.robust_spread();
    let _ = write!(
        o,
        "<table>\n<thead><tr><th class=\"t\">{}</th><th>{}</th>",
        l("统计量", "statistic"),
        l("各样本的最优均衡水平", "each sample's optimal level"),
    );
    if robust.is_some() {
        let _ = write!(
            o,
            "<th>{}</th>",
            l(
                "稳健方案在各样本下的水平",
                "robust plan's level at each sample"
            )
        );
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    let name = |q: &str| -> String {
        match (lang, q) {
            (Lang::Zh, "min") => "最小值".into(),
            (Lang::Zh, "max") => "最大值".into(),
            (Lang::Zh, "median") => "中位数".into(),
            (Lang::Zh, "mean") => "平均值".into(),
            (Lang::Zh, "samples") => "样本数".into(),
            (Lang::Zh, p) => format!("第 {} 百分位", &p[1..]),
            (Lang::En, "min") => "minimum".into(),
            (Lang::En, "max") => "maximum".into(),
            (Lang::En, "samples") => "samples with a plan".into(),
            (Lang::En, p) if p.starts_with('p') => format!("{}th percentile", &p[1..]),
            (Lang::En, p) => p.into(),
        }
    };
    let mut row = |label: String, f: &dyn Fn(&LevelSpread) -> String| {
        let _ = write!(
            o,
            "<tr><td class=\"t\">{}</td><td>{}</td>",
            esc(&label),
            own.as_ref().map_or("—".into(), f)
        );
        if let Some(r) = &robust {
            let _ = write!(o, "<td>{}</td>", f(r));
        }
        o.push_str("</tr>\n");
    };
    row(name("samples"), &|s| s.count.to_string());
    for (k, (_, q)) in QUANTILES.iter().enumerate() {
        row(name(q), &|s| format!("{:.4}", s.quantiles[k]));
    }
    row(name("mean"), &|s| format!("{:.4}", s.mean));
    let _ = write!(
        o,
        "</tbody>\n</table>\n<p>{}</p>\n",
        l(
            "百分位取下侧经验分位数(第 ⌈q·N⌉ 小的值)。全部数字见 distribution.csv 与 sweep.csv。",
            "Percentiles are lower empirical quantiles (the ⌈q·N⌉-th smallest). All figures are in distribution.csv and sweep.csv.",
        )
    );
    let _ = write!(o, "<h3>{}</h3>\n", l("稳健方案", "The robust plan"));
    match (&sample.robust, &robust) {
        (Some(target), Some(r)) => {
            let aim = match (lang, target.as_str()) {
                (Lang::Zh, "worst") => "使所有样本中最差情况下的均衡水平最高".to_string(),
                (Lang::En, "worst") => {
                    "the highest balance level in the worst of the samples".to_string()
                }
                (Lang::Zh, t) => format!("按百分位目标 {t}"),
                (Lang::En, t) => format!("the percentile target {t}"),
            };
            let _ = write!(o, "<div class=\"cards\">\n");
            card(
                o,
                &fmt_opt(sample.envelope_level, 4),
                l(
                    "包络水平(按各所最大需求求解)",
                    "envelope level (solved at each station's envelope requirement)",
                ),
            );
            card(
                o,
                &format!("{:.4}", r.quantiles[0]),
                l("各样本中的最低水平", "lowest level over the samples"),
            );
            card(
                o,
                &format!("{:.4}", r.quantiles[4]),
                l("各样本水平的中位数", "median level over the samples"),
            );
            card(
                o,
                &sample.officers_moved.map_or("—".into(), |m| m.to_string()),
                l("调动民警人数", "officers moved"),
            );
            o.push_str("</div>\n");
            let _ = write!(
                o,
                "<p>{}</p>\n",
                esc(&match lang {
                    Lang::Zh => format!(
                        "一个方案用于全部 {} 个样本：目标是{aim}。它满足每条硬性规定(最低配置、总部下限、两个40%)，独立校验器在每个样本下都确认了这一点及上表所列水平。方案文件在 robust/ 文件夹(robust/report.html、robust/allocation.csv)；其中的工作量表按基准情景的参数计算。",
                        r.count
                    ),
                    Lang::En => format!(
                        "One plan for all {} samples, aiming at {aim}. It keeps every hard rule (minimums, HQ minimum, both 40% rules); the independent checker confirmed this and the level above at every sample. The plan is in the robust/ folder (robust/report.html, robust/allocation.csv); its workload tables use the base scenario's parameters.",
                        r.count
                    ),
                })
            );
        }
        _ => {
            let _ = write!(
                o,
                "<p>{}</p>\n",
                esc(&format!(
                    "{} {}",
                    l("本次没有稳健方案。", "This sweep has no robust plan."),
                    sample.robust_note.clone().unwrap_or_default()
                ))
            );
        }
    }
    o.push_str("</section>\n");
}

/// A point's status as the page shows it.
fn status_name(lang: Lang, status: &str) -> String {
    match (lang, status) {
        (Lang::Zh, "optimal") => "已证明最优".to_string(),
        (Lang::Zh, "time_limit") => "达到时间上限".to_string(),
        (Lang::Zh, "infeasible") => "不可行".to_string(),
        (Lang::Zh, "error") => "出错".to_string(),
        (_, s) => s.to_string(),
    }
}

/// A parameter value as the page shows it: a number with more than four
/// decimals (a drawn sample's `1.1378205428213745`) rounded to four, as
/// the solve report rounds levels; anything else as written.
fn rounded(value: &str) -> String {
    let decimals = value.split_once('.').map_or(0, |(_, d)| d.len());
    match value.parse::<f64>() {
        Ok(v) if v.is_finite() && decimals > 4 => {
            let s = format!("{v:.4}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        _ => value.to_string(),
    }
}

/// The sweep's conclusion in words: how many points have a plan, the range
/// of the balance level and where it is lowest and highest, how it moves
/// with a single swept parameter; for a sample, the spread of the level
/// and what the robust plan guarantees and gives up against each sample's
/// own optimum.
fn conclusion(table: &SweepTable, lang: Lang, sample: Option<&SampleSummary>) -> Vec<String> {
    let mut out = Vec::new();
    let solved: Vec<(usize, f64)> = table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.balance_level.map(|l| (i, l)))
        .collect();
    let n = table.rows.len();
    let unit = match (lang, sample.is_some()) {
        (Lang::Zh, true) => "个样本",
        (Lang::Zh, false) => "个点",
        (Lang::En, true) => "samples",
        (Lang::En, false) => "points",
    };
    let failed = n - solved.len();
    out.push(match (lang, failed) {
        (Lang::Zh, 0) => format!("全部 {n} {unit}都求得了最优方案。"),
        (Lang::Zh, f) => format!("{n} {unit}中 {f} 个没有方案（原因见下表“说明”列）。"),
        (Lang::En, 0) => format!("Every one of the {n} {unit} has a plan."),
        (Lang::En, f) => {
            format!("{f} of the {n} {unit} have no plan (the table's message says why).")
        }
    });
    let Some(&(lo_i, lo)) = solved.iter().min_by(|a, b| a.1.total_cmp(&b.1)) else {
        return out;
    };
    let &(hi_i, hi) = solved
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .expect("one solved point");
    let at = |i: usize| -> String {
        let parts: Vec<String> = table
            .params
            .iter()
            .map(|p| format!("{} = {}", p.key, rounded(&p.values[i])))
            .collect();
        parts.join(lang.pick("、", ", "))
    };
    if let Some(s) = sample {
        let spread = table.level_spread();
        if let Some(sp) = spread {
            let (p5, median, p95) = (sp.quantiles[1], sp.quantiles[4], sp.quantiles[7]);
            out.push(match lang {
                Lang::Zh => format!(
                    "各样本的最优均衡水平在 {lo:.4} 与 {hi:.4} 之间，中位数 {median:.4}；90% 的样本在 {p5:.4} 与 {p95:.4} 之间。这是参数不确定时，逐个样本重新求解所能达到的水平。"
                ),
                Lang::En => format!(
                    "Each sample's optimal balance level lies between {lo:.4} and {hi:.4}, median {median:.4}; 90% of the samples lie between {p5:.4} and {p95:.4}. That is what re-solving for each sample could reach while the parameters are uncertain."
                ),
            });
            if let (Some(r), Some(_)) = (table.robust_spread(), &s.robust) {
                let (r_min, r_median) = (r.quantiles[0], r.quantiles[4]);
                let give = median - r_median;
                let moved = s.officers_moved.map_or(String::new(), |m| m.to_string());
                out.push(match lang {
                    Lang::Zh => format!(
                        "稳健方案只用一个方案应对全部样本：在每个样本下均衡水平至少 {r_min:.4}（中位数 {r_median:.4}），调动民警 {moved} 人。代价是：与各样本各自的最优方案相比，中位样本的均衡水平低 {give:.4}（{median:.4} → {r_median:.4}）；换来的是不必等到参数明确再调整。"
                    ),
                    Lang::En => format!(
                        "The robust plan is one plan for every sample: its balance level is at least {r_min:.4} in each (median {r_median:.4}), moving {moved} officers. What it gives up: against each sample's own optimal plan, the median sample's level is {give:.4} lower ({median:.4} → {r_median:.4}); in exchange nothing waits until the parameters are known."
                    ),
                });
            }
        }
        return out;
    }
    out.push(match lang {
        Lang::Zh => format!(
            "均衡水平最低 {lo:.4}（{}），最高 {hi:.4}（{}）。",
            at(lo_i),
            at(hi_i)
        ),
        Lang::En => format!(
            "The balance level is lowest, {lo:.4}, at {}, and highest, {hi:.4}, at {}.",
            at(lo_i),
            at(hi_i)
        ),
    });
    // One numeric parameter: how the level moves along it.
    if let [p] = table.params.as_slice() {
        if p.numeric && solved.len() >= 2 {
            let mut by: Vec<(f64, f64)> = solved
                .iter()
                .map(|&(i, l)| (p.values[i].parse::<f64>().unwrap_or(f64::NAN), l))
                .collect();
            by.sort_by(|a, b| a.0.total_cmp(&b.0));
            let rising = by.windows(2).all(|w| w[1].1 >= w[0].1 - 1e-9);
            let falling = by.windows(2).all(|w| w[1].1 <= w[0].1 + 1e-9);
            let (first, last) = (by[0], by[by.len() - 1]);
            let trend = match (lang, rising, falling) {
                (_, true, true) => lang.pick("不变", "stays the same"),
                (Lang::Zh, true, false) => "随之上升",
                (Lang::Zh, false, true) => "随之下降",
                (Lang::Zh, false, false) => "有升有降",
                (Lang::En, true, false) => "rises with it",
                (Lang::En, false, true) => "falls with it",
                (Lang::En, false, false) => "rises and falls",
            };
            out.push(match lang {
                Lang::Zh => format!(
                    "{} 从 {} 到 {}，均衡水平从 {:.4} 到 {:.4}，{trend}。",
                    p.key,
                    rounded(&first.0.to_string()),
                    rounded(&last.0.to_string()),
                    first.1,
                    last.1
                ),
                Lang::En => format!(
                    "As {} goes from {} to {}, the balance level goes from {:.4} to {:.4}: it {trend}.",
                    p.key,
                    rounded(&first.0.to_string()),
                    rounded(&last.0.to_string()),
                    first.1,
                    last.1
                ),
            });
        }
    }
    out
}

/// The most sweep points the report lists (all are in sweep.csv).
pub const SWEEP_ROWS: usize = 500;

/// The report of one sweep, from its parsed `sweep.csv`.
pub fn sweep_report(table: &SweepTable, charts: &[Chart], lang: Lang, info: &SweepInfo) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut o = String::with_capacity(1 << 20);
    let title = format!(
        "{} — {}",
        l("情景推演(参数扫描)", "What-if sweep"),
        info.scenario
    );
    page_start(&mut o, lang, &title);
    let _ = write!(o, "<h1>{}</h1>\n", esc(&title));
    let keys: Vec<String> = table
        .params
        .iter()
        .map(|p| param_label(lang, &p.key))
        .collect();
    let sampled = info.sample.is_some();
    // A sampled sweep's points are samples (样本), a grid's are points.
    let unit = match (lang, sampled) {
        (Lang::Zh, true) => "样本",
        (Lang::Zh, false) => "参数组合",
        (Lang::En, true) => "samples",
        (Lang::En, false) => "points",
    };
    let _ = write!(
        o,
        "<p class=\"lead\">{}</p>\n",
        esc(&match (lang, sampled) {
            (Lang::Zh, false) => format!(
                "共 {} 个参数组合；扫描参数：{}。",
                table.rows.len(),
                keys.join("、")
            ),
            (Lang::Zh, true) => format!(
                "共 {} 个样本；抽样参数：{}。",
                table.rows.len(),
                keys.join("、")
            ),
            (Lang::En, false) => format!(
                "{} points; swept parameters: {}.",
                table.rows.len(),
                keys.join(", ")
            ),
            (Lang::En, true) => format!(
                "{} samples; sampled parameters: {}.",
                table.rows.len(),
                keys.join(", ")
            ),
        })
    );
    let _ = write!(
        o,
        "<section id=\"summary\">\n<h2>{}</h2>\n<div class=\"conclusion\" id=\"conclusion\">\n",
        l("摘要", "Summary")
    );
    for sentence in conclusion(table, lang, info.sample.as_ref()) {
        let _ = write!(o, "<p>{}</p>\n", esc(&sentence));
    }
    o.push_str("</div>\n<div class=\"cards\">\n");
    card(&mut o, &table.rows.len().to_string(), unit);
    for (status, n) in table.status_counts() {
        card(&mut o, &n.to_string(), &status_name(lang, &status));
    }
    let best = table
        .rows
        .iter()
        .filter(|r| r.balance_level.is_some())
        .max_by(|a, b| {
            a.balance_level
                .unwrap_or(0.0)
                .total_cmp(&b.balance_level.unwrap_or(0.0))
                .then(b.officers_moved.cmp(&a.officers_moved))
                .then(b.point.cmp(&a.point))
        });
    if let Some(b) = best {
        card(
            &mut o,
            &format!("{:.4}", b.balance_level.unwrap_or(0.0)),
            &match (lang, sampled) {
                (Lang::Zh, false) => format!("最高均衡水平(第 {} 点)", b.point),
                (Lang::Zh, true) => format!("最高均衡水平(第 {} 个样本)", b.point),
                (Lang::En, false) => format!("highest balance level (point {})", b.point),
                (Lang::En, true) => format!("highest balance level (sample {})", b.point),
            },
        );
    }
    // The Pareto front (level against moves) is a grid's question; a
    // card with nothing on it says nothing.
    let front = table.pareto().len();
    if front > 0 && !sampled {
        card(
            &mut o,
            &front.to_string(),
            l("帕累托前沿上的点", "points on the Pareto front"),
        );
    }
    o.push_str("</div>\n</section>\n");
    if let Some(sample) = &info.sample {
        sample_section(&mut o, lang, table, sample);
    }
    charts_section(&mut o, lang, charts);

    let shown = table.rows.len().min(SWEEP_ROWS);
    let _ = write!(
        o,
        "<section id=\"points\">\n<h2>{}</h2>\n<p>{}</p>\n<table>\n<thead><tr><th>#</th>",
        match (lang, sampled) {
            (Lang::Zh, false) => "各参数组合结果",
            (Lang::Zh, true) => "各样本结果",
            (Lang::En, false) => "Points",
            (Lang::En, true) => "Samples",
        },
        esc(&match lang {
            Lang::Zh => format!(
                "列出 {} 个{unit}中的 {} 个；完整结果见 sweep.csv。",
                table.rows.len(),
                shown
            ),
            Lang::En => format!(
                "{} of {} {unit}; all are in sweep.csv.",
                shown,
                table.rows.len()
            ),
        })
    );
    for k in &keys {
        let _ = write!(o, "<th>{}</th>", esc(k));
    }
    let _ = write!(
        o,
        "<th class=\"t\">{}</th><th>{}</th><th>{}</th><th class=\"t\">{}</th></tr></thead>\n<tbody>\n",
        l("状态", "status"),
        l("均衡水平", "balance level"),
        l("调动人数", "officers moved"),
        l("说明", "message"),
    );
    for (i, r) in table.rows.iter().enumerate().take(shown) {
        let _ = write!(o, "<tr><td>{}</td>", r.point);
        for p in &table.params {
            let _ = write!(o, "<td>{}</td>", esc(&rounded(&p.values[i])));
        }
        let _ = write!(
            o,
            "<td class=\"t\">{}</td><td>{}</td><td>{}</td><td class=\"t\">{}</td></tr>\n",
            esc(&status_name(lang, &r.status)),
            fmt_opt(r.balance_level, 4),
            r.officers_moved.map_or("—".into(), |m| m.to_string()),
            esc(&r.message)
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
    provenance_section(
        &mut o,
        lang,
        &info.tool,
        &info.version,
        &info.solver,
        l("见各点状态", "per point, above"),
        &info.inputs,
    );
    o.push_str("</body>\n</html>\n");
    o
}

/// A sweep report that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum SweepReportError {
    #[error(transparent)]
    Csv(#[from] SweepCsvError),
    #[error(transparent)]
    Chart(#[from] ChartError),
    #[error(transparent)]
    WebFont(#[from] crate::report::webfont::WebFontError),
}

/// The charts (`<stem>.svg`/`.png`) and `report.html` of a sweep, from the
/// bytes of its `sweep.csv`. `charts: None` writes the report without charts.
pub fn sweep_files(
    sweep_csv: &[u8],
    info: &SweepInfo,
    lang: Lang,
    charts: Option<Formats>,
) -> Result<Vec<OutputFile>, SweepReportError> {
    let table = SweepTable::parse(sweep_csv)?;
    let rendered = match charts {
        // In parallel on the caller's rayon pool (a sweep's `--jobs`);
        // collected in figure order, so the files do not depend on it.
        Some(formats) => figures(&table, lang, info.sample.as_ref())
            .par_iter()
            .map(|f| render(f, formats))
            .collect::<Result<Vec<_>, _>>()?,
        None => Vec::new(),
    };
    let mut files = vec![OutputFile {
        name: "report.html".into(),
        bytes: crate::report::html::finish(sweep_report(&table, &rendered, lang, info))?
            .into_bytes(),
    }];
    files.extend(chart_files(&rendered));
    if info.sample.is_some() {
        files.push(OutputFile {
            name: "distribution.csv".into(),
            bytes: to_csv(&table.distribution_csv()),
        });
    }
    Ok(files)
}

/// The sweep's charts (SVG and PNG), `report.html` (and a sample's
/// `distribution.csv`), built from the bytes of its `sweep.csv`, to be
/// written beside it.
pub fn report_files(
    name: &str,
    csv: &[u8],
    lang: Lang,
    sample: Option<&SampleSummary>,
    inputs: &[crate::outcome::InputDigest],
) -> Result<Vec<OutputFile>, SweepError> {
    let info = SweepInfo {
        scenario: name.to_string(),
        tool: "staffing".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        solver: crate::model::EXACT_SOLVER.into(),
        inputs: inputs.to_vec(),
        sample: sample.cloned(),
    };
    Ok(
        sweep_files(csv, &info, lang, Some(crate::report::Formats::SvgAndPng))
            .map_err(|e| OutputError::Unsafe(format!("cannot draw the sweep report: {e}")))?,
    )
}
