//! The sweep's page: `report.html` with its charts beside `sweep.csv`, and
//! `distribution.csv` for a sample. Built from the sweep's own table
//! ([`super::table`]) with the page and chart primitives of
//! [`crate::report`].

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use rayon::prelude::*;

use super::charts::{figures, param_label};
use super::table::{SweepCsvError, SweepTable};
use super::SweepError;
use crate::error::OutputError;
use crate::output::OutputFile;
use crate::report::chart_files;
use crate::report::charts::{render, Chart, ChartError, Formats};
use crate::report::csv::to_csv;
use crate::report::html::{
    esc, fmt_opt, Cards, Conclusion, Page, Provenance, Summary, Table, Td, Top,
};
use crate::report::Lang;
use crate::sample::SampleSummary;

mod sample;
use sample::sample_section;

/// What a sweep report says about where the sweep came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepInfo {
    /// The sweep scenario's name.
    pub scenario: String,
    /// The program that ran the sweep (`staffing`), for the provenance.
    pub tool: String,
    /// Its version (`Cargo.toml`'s).
    pub version: String,
    /// The solver that solved the points ([`crate::model::EXACT_SOLVER`]).
    pub solver: String,
    /// The data files the sweep read, with their SHA-256.
    pub inputs: Vec<crate::outcome::InputDigest>,
    /// A sampled sweep's sampling and robust plan.
    pub sample: Option<SampleSummary>,
}

/// The most sweep points the report lists (all are in sweep.csv).
pub const SWEEP_ROWS: usize = 500;

/// The report of one sweep, from its parsed `sweep.csv`.
pub fn sweep_report(table: &SweepTable, charts: &[Chart], lang: Lang, info: &SweepInfo) -> Page {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let title = format!(
        "{} — {}",
        l("情景推演(参数扫描)", "What-if sweep"),
        info.scenario
    );
    let keys: Vec<String> = table
        .params
        .iter()
        .map(|p| param_label(lang, &p.key))
        .collect();
    let sampled = info.sample.is_some();
    let lead = match (lang, sampled) {
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
    };
    // A sampled sweep's points are samples (样本).
    let unit = match (lang, sampled) {
        (Lang::Zh, true) => "样本",
        (Lang::Zh, false) => "参数组合",
        (Lang::En, true) => "samples",
        (Lang::En, false) => "points",
    };
    let best = best_point(table);
    let mut cards = Cards::new();
    cards.add(table.rows.len().to_string(), unit);
    for (status, n) in table.status_counts() {
        cards.add(n.to_string(), status_name(lang, &status));
    }
    if let Some((i, level)) = best {
        cards.add(
            format!("{level:.4}"),
            match (lang, sampled) {
                (Lang::Zh, false) => format!("最高均衡水平(第 {} 点)", table.rows[i].point),
                (Lang::Zh, true) => format!("最高均衡水平(第 {} 个样本)", table.rows[i].point),
                (Lang::En, false) => {
                    format!("highest balance level (point {})", table.rows[i].point)
                }
                (Lang::En, true) => {
                    format!("highest balance level (sample {})", table.rows[i].point)
                }
            },
        );
    }
    // The Pareto front (level against moves) is a grid's question; a card
    // with nothing on it says nothing.
    let front = table.pareto().len();
    if front > 0 && !sampled {
        cards.add(
            front.to_string(),
            l("帕累托前沿上的点", "points on the Pareto front"),
        );
    }
    let mut page = Page::new(
        lang,
        Top::plain(&title, &lead),
        Summary {
            conclusion: conclusion(table, best, info.sample.as_ref(), lang),
            cards,
            more: String::new(),
        },
    );
    if let Some(sample) = &info.sample {
        sample_section(&mut page, table, sample);
    }
    page.charts(charts);
    points_section(&mut page, table, &keys, sampled);
    page.provenance(&Provenance {
        tool: &info.tool,
        version: &info.version,
        solver: &info.solver,
        status: l("见各点状态", "per point, above"),
        inputs: &info.inputs,
    });
    page
}

/// A status of `sweep.csv` as the page names it.
fn status_name(lang: Lang, status: &str) -> String {
    match (lang, status) {
        (Lang::Zh, "optimal") => "已证明最优".to_string(),
        (Lang::Zh, "time_limit") => "达到时间上限".to_string(),
        (Lang::Zh, "infeasible") => "不可行".to_string(),
        (Lang::Zh, "error") => "出错".to_string(),
        (Lang::En, "optimal") => "proven optimal".to_string(),
        (Lang::En, "time_limit") => "time limit reached".to_string(),
        (_, s) => s.to_string(),
    }
}

/// The row with the highest balance level (of equal levels, fewer moves,
/// then the earlier point) and its level.
fn best_point(table: &SweepTable) -> Option<(usize, f64)> {
    table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, r.balance_level?)))
        .max_by(|&(a, la), &(b, lb)| {
            let (ra, rb) = (&table.rows[a], &table.rows[b]);
            la.total_cmp(&lb)
                .then(rb.officers_moved.cmp(&ra.officers_moved))
                .then(rb.point.cmp(&ra.point))
        })
}

/// The sweep in words: how many points were solved, where the highest
/// level is, and for a sample the spread of the levels and the robust plan.
fn conclusion(
    table: &SweepTable,
    best: Option<(usize, f64)>,
    sample: Option<&SampleSummary>,
    lang: Lang,
) -> Conclusion {
    let counts: Vec<String> = table
        .status_counts()
        .into_iter()
        .map(|(status, n)| match lang {
            Lang::Zh => format!("{n} 个{}", status_name(lang, &status)),
            Lang::En => format!("{n} {}", status_name(lang, &status)),
        })
        .collect();
    let first = match (lang, sample.is_some()) {
        (Lang::Zh, false) => format!(
            "共 {} 个参数组合：{}。",
            table.rows.len(),
            counts.join("，")
        ),
        (Lang::Zh, true) => format!("共 {} 个样本：{}。", table.rows.len(), counts.join("，")),
        (Lang::En, false) => format!("{} points: {}.", table.rows.len(), counts.join(", ")),
        (Lang::En, true) => format!("{} samples: {}.", table.rows.len(), counts.join(", ")),
    };
    let mut more = Vec::new();
    if sample.is_none() {
        more.push(highest(table, best, lang));
        more.extend(lowest_and_trend(table, lang));
    }
    if sample.is_some() {
        if let Some(own) = table.level_spread() {
            let (min, median, max) = (own.quantiles[0], own.quantiles[4], own.quantiles[8]);
            more.push(match lang {
                Lang::Zh => format!(
                    "{} 个样本的最优均衡水平在 {min:.4} 至 {max:.4} 之间，中位数 {median:.4}。",
                    own.count
                ),
                Lang::En => format!(
                    "Over {} samples the optimal balance level runs from {min:.4} to {max:.4} (median {median:.4}).",
                    own.count
                ),
            });
        }
        if let Some(r) = table.robust_spread() {
            more.push(match lang {
                Lang::Zh => format!(
                    "稳健方案在全部 {} 个样本下的均衡水平不低于 {:.4}。",
                    r.count, r.quantiles[0]
                ),
                Lang::En => format!(
                    "The robust plan keeps a balance level of at least {:.4} in all {} samples.",
                    r.quantiles[0], r.count
                ),
            });
            if let Some(own) = table.level_spread() {
                let (median, r_median) = (own.quantiles[4], r.quantiles[4]);
                let give = median - r_median;
                let moved = sample
                    .and_then(|s| s.officers_moved)
                    .map_or(String::new(), |m| m.to_string());
                more.push(match lang {
                    Lang::Zh => format!(
                        "代价：稳健方案只用一个方案（调动民警 {moved} 人）应对全部样本；与各样本各自的最优方案相比，中位样本的均衡水平低 {give:.4}（{median:.4} → {r_median:.4}），换来的是不必等到参数明确再调整。"
                    ),
                    Lang::En => format!(
                        "What it gives up: it is one plan (moving {moved} officers) for every sample; against each sample's own optimal plan, the median sample's level is {give:.4} lower ({median:.4} → {r_median:.4}), in exchange for not waiting until the parameters are known."
                    ),
                });
            }
        }
    }
    Conclusion::new(first, more)
}

/// Where the highest level is, in words.
fn highest(table: &SweepTable, best: Option<(usize, f64)>, lang: Lang) -> String {
    match best {
        Some((i, level)) => {
            let setting: Vec<String> = table
                .params
                .iter()
                .map(|p| format!("{} = {}", param_label(lang, &p.key), rounded(&p.values[i])))
                .collect();
            match lang {
                Lang::Zh => format!(
                    "最高均衡水平 {level:.4} 出现在第 {} 点({})。",
                    table.rows[i].point,
                    setting.join("，")
                ),
                Lang::En => format!(
                    "The highest balance level, {level:.4}, is at point {} ({}).",
                    table.rows[i].point,
                    setting.join(", ")
                ),
            }
        }
        None => lang
            .pick("没有一个参数组合得到可行方案。", "No point has a plan.")
            .to_string(),
    }
}

/// Where the level is lowest, and, for one numeric parameter, how the
/// level moves along it, in words.
fn lowest_and_trend(table: &SweepTable, lang: Lang) -> Vec<String> {
    let solved: Vec<(usize, f64)> = table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.balance_level.map(|l| (i, l)))
        .collect();
    let Some(&(lo_i, lo)) = solved.iter().min_by(|a, b| a.1.total_cmp(&b.1)) else {
        return Vec::new();
    };
    let setting: Vec<String> = table
        .params
        .iter()
        .map(|p| {
            format!(
                "{} = {}",
                param_label(lang, &p.key),
                rounded(&p.values[lo_i])
            )
        })
        .collect();
    let mut out = vec![match lang {
        Lang::Zh => format!(
            "最低均衡水平 {lo:.4} 出现在第 {} 点({})。",
            table.rows[lo_i].point,
            setting.join("，")
        ),
        Lang::En => format!(
            "The lowest balance level, {lo:.4}, is at point {} ({}).",
            table.rows[lo_i].point,
            setting.join(", ")
        ),
    }];
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
            let name = param_label(lang, &p.key);
            let (a, b) = (rounded(&first.0.to_string()), rounded(&last.0.to_string()));
            out.push(match lang {
                Lang::Zh => format!(
                    "{name} 从 {a} 到 {b}，均衡水平从 {:.4} 到 {:.4}，{trend}。",
                    first.1, last.1
                ),
                Lang::En => format!(
                    "As {name} goes from {a} to {b}, the balance level goes from {:.4} to {:.4}: it {trend}.",
                    first.1, last.1
                ),
            });
        }
    }
    out
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

/// The points, up to [`SWEEP_ROWS`] of them.
fn points_section(page: &mut Page, table: &SweepTable, keys: &[String], sampled: bool) {
    let lang = page.lang();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let shown = table.rows.len().min(SWEEP_ROWS);
    let note = match (lang, sampled) {
        (Lang::Zh, false) => format!(
            "列出 {} 个点中的 {} 个；完整结果见 sweep.csv。",
            table.rows.len(),
            shown
        ),
        (Lang::Zh, true) => format!(
            "列出 {} 个样本中的 {} 个；完整结果见 sweep.csv。",
            table.rows.len(),
            shown
        ),
        (Lang::En, false) => format!(
            "{} of {} points; all are in sweep.csv.",
            shown,
            table.rows.len()
        ),
        (Lang::En, true) => format!(
            "{} of {} samples; all are in sweep.csv.",
            shown,
            table.rows.len()
        ),
    };
    let mut t = Table::new().num("#", |&i: &usize| Td::show(table.rows[i].point));
    for (key, p) in keys.iter().zip(&table.params) {
        t = t.num(key.as_str(), move |&i: &usize| {
            Td::text(rounded(&p.values[i]))
        });
    }
    let t = t
        .text(l("状态", "status"), |&i: &usize| {
            Td::text(status_name(lang, &table.rows[i].status))
        })
        .num(l("均衡水平", "balance level"), |&i: &usize| {
            Td::text(fmt_opt(table.rows[i].balance_level, 4))
        })
        .num(l("调动人数", "officers moved"), |&i: &usize| {
            Td::text(
                table.rows[i]
                    .officers_moved
                    .map_or("—".into(), |m| m.to_string()),
            )
        })
        .text(l("说明", "message"), |&i: &usize| {
            Td::text(crate::report::i18n::point_message(
                lang,
                &table.rows[i].status,
                &table.rows[i].message,
            ))
        });
    let heading = match (lang, sampled) {
        (Lang::Zh, false) => "各参数组合结果",
        (Lang::Zh, true) => "各样本结果",
        (Lang::En, false) => "Points",
        (Lang::En, true) => "Samples",
    };
    page.section("points", heading, |o| {
        let _ = write!(o, "<p>{}</p>\n", esc(&note));
        t.write(o, 0..shown);
    });
}

/// A sweep report that cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum SweepReportError {
    /// `sweep.csv` cannot be read back.
    #[error(transparent)]
    Csv(#[from] SweepCsvError),
    /// A chart cannot be drawn.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// The font embedded in the page cannot be made.
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
        bytes: sweep_report(&table, &rendered, lang, info)
            .finish()?
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
