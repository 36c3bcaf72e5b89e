//! The sampled sweep's section of `report.html`: the spread of the balance
//! level over the draws, and the robust plan with how it fares.

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use crate::report::html::{esc, fmt_opt, Cards, Page, Table, Td};
use crate::report::Lang;
use crate::sample::SampleSummary;
use crate::sweep::charts::{param_label, LevelSpread, QUANTILES};
use crate::sweep::table::SweepTable;

/// A sampled sweep's distribution of the balance level and its robust plan.
pub(super) fn sample_section(page: &mut Page, table: &SweepTable, sample: &SampleSummary) {
    let lang = page.lang();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    page.section("monte-carlo", l("蒙特卡洛模拟", "Monte Carlo"), |o| {
        let _ = write!(
            o,
            "<p>{}</p>\n<ul>\n",
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
        spread_table(o, lang, table);
        let _ = write!(
            o,
            "<p>{}</p>\n",
            l(
                "百分位取下侧经验分位数（第 90 百分位即样本中从小到大第 ⌈0.9 × 样本数⌉ 个值，余类推）。全部数字见 distribution.csv 与 sweep.csv。",
                "Percentiles are lower empirical quantiles (the ⌈q·N⌉-th smallest). All figures are in distribution.csv and sweep.csv.",
            )
        );
        let _ = write!(o, "<h3>{}</h3>\n", l("稳健方案", "The robust plan"));
        robust_plan(o, lang, table, sample);
    });
}

/// The statistics of each sample's optimal level, and of the robust plan's
/// level at each sample.
fn spread_table(o: &mut String, lang: Lang, table: &SweepTable) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let own = table.level_spread();
    let robust = table.robust_spread();
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
    type Stat = (String, Box<dyn Fn(&LevelSpread) -> String>);
    let mut stats: Vec<Stat> = vec![(name("samples"), Box::new(|s| s.count.to_string()))];
    for (k, (_, q)) in QUANTILES.iter().enumerate() {
        stats.push((name(q), Box::new(move |s| format!("{:.4}", s.quantiles[k]))));
    }
    stats.push((name("mean"), Box::new(|s| format!("{:.4}", s.mean))));
    let mut t = Table::new()
        .text(l("统计量", "statistic"), |s: &&Stat| Td::text(&s.0))
        .num(
            l("各样本的最优均衡水平", "each sample's optimal level"),
            |s: &&Stat| Td::text(own.as_ref().map_or("—".into(), &s.1)),
        );
    if let Some(r) = &robust {
        t = t.num(
            l(
                "稳健方案在各样本下的水平",
                "robust plan's level at each sample",
            ),
            move |s: &&Stat| Td::text((s.1)(r)),
        );
    }
    t.write(o, stats.iter());
}

/// The robust plan's cards and what it is, or why there is none.
fn robust_plan(o: &mut String, lang: Lang, table: &SweepTable, sample: &SampleSummary) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let (Some(target), Some(r)) = (&sample.robust, table.robust_spread()) else {
        let _ = write!(
            o,
            "<p>{}</p>\n",
            esc(&format!(
                "{} {}",
                l("本次没有稳健方案。", "This sweep has no robust plan."),
                sample.robust_note.clone().unwrap_or_default()
            ))
        );
        return;
    };
    let aim = match (lang, target.as_str()) {
        (Lang::Zh, "worst") => "使所有样本中最差情况下的均衡水平最高".to_string(),
        (Lang::En, "worst") => "the highest balance level in the worst of the samples".to_string(),
        (Lang::Zh, t) => format!("按百分位目标 {t}"),
        (Lang::En, t) => format!("the percentile target {t}"),
    };
    let mut cards = Cards::new();
    cards.add(
        fmt_opt(sample.envelope_level, 4),
        l(
            "包络水平(按各所最大需求求解)",
            "envelope level (solved at each station's envelope requirement)",
        ),
    );
    cards.add(
        format!("{:.4}", r.quantiles[0]),
        l("各样本中的最低水平", "lowest level over the samples"),
    );
    cards.add(
        format!("{:.4}", r.quantiles[4]),
        l("各样本水平的中位数", "median level over the samples"),
    );
    cards.add(
        sample.officers_moved.map_or("—".into(), |m| m.to_string()),
        l("调动民警人数", "officers moved"),
    );
    cards.write(o);
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
    if let Some(v) = &sample.versus_base {
        let _ = write!(
            o,
            "<p>{}</p>\n",
            esc(&crate::sweep::robust_words::robust_versus_base(v, lang))
        );
    }
}
