//! The bench's `report.html`: the page builder's head, summary and
//! conclusion in the run's language (`--lang`), then every measured section
//! from the same blocks as `report.md` (their text in English), the scaling
//! chart inline, and provenance.

use sha2::{Digest, Sha256};

use super::{build, Machine, Section};
use crate::outcome::InputDigest;
use crate::report::html::{Cards, Conclusion, Page, Provenance, Summary, Top};
use crate::report::Lang;
use crate::study::bench::targets::{Figure, Verdict};
use crate::study::bench::{BenchError, Options};

/// The page of a run.
pub fn page(
    options: &Options,
    machine: &Machine,
    sections: &[Section],
    verdicts: &[Verdict],
    load_after: &str,
) -> Result<String, BenchError> {
    let lang = options.lang;
    let title = lang.pick("staffing 性能基准", "staffing bench");
    let lead = match lang {
        Lang::Zh => format!(
            "命令：{}。版本 {}，{} 构建，可用 {} 个核；开始前负载 {}，结束后 {}。各节的说明与表格为英文，数字与命令可直接复制。",
            options.command_line,
            env!("CARGO_PKG_VERSION"),
            build(lang),
            machine.cores,
            machine.load_before,
            load_after
        ),
        Lang::En => format!(
            "Command: {}. Version {}, {} build, {} cores visible; load average {} before, {} after.",
            options.command_line,
            env!("CARGO_PKG_VERSION"),
            build(lang),
            machine.cores,
            machine.load_before,
            load_after
        ),
    };
    let titles: Vec<&str> = sections.iter().flat_map(|s| s.doc.sections()).collect();
    let mut page = Page::new(
        lang,
        Top::plain(title, &lead),
        Summary {
            conclusion: conclusion(lang, &titles, verdicts),
            cards: cards(lang, machine, &titles, verdicts),
            more: String::new(),
        },
    );
    let charts: Vec<_> = sections.iter().flat_map(|s| s.charts.clone()).collect();
    for s in sections {
        s.doc.write_html(&mut page, &charts);
    }
    let inputs: Vec<InputDigest> = options
        .province
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            Some(InputDigest {
                role: "province".into(),
                path: p.display().to_string(),
                sha256: format!("{:x}", Sha256::digest(&bytes)),
                encoding: None,
                sheet: None,
                delimiter: None,
            })
        })
        .collect();
    page.provenance(&Provenance {
        tool: "staffing",
        version: env!("CARGO_PKG_VERSION"),
        solver: crate::model::EXACT_SOLVER,
        status: lang.pick("测量结果", "measured"),
        inputs: &inputs,
    });
    page.finish()
        .map_err(|e| BenchError::Output(crate::error::OutputError::Unsafe(e.to_string())))
}

/// The run in words: what it measured, and the targets met or missed.
fn conclusion(lang: Lang, titles: &[&str], verdicts: &[Verdict]) -> Conclusion {
    let first = match lang {
        Lang::Zh => format!("本次测量 {} 节：{}。", titles.len(), titles.join("；")),
        Lang::En => format!("{} sections measured: {}.", titles.len(), titles.join("; ")),
    };
    let judged: Vec<&Verdict> = verdicts.iter().filter(|v| v.pass.is_some()).collect();
    let mut more = Vec::new();
    if !verdicts.is_empty() {
        let met = judged.iter().filter(|v| v.pass == Some(true)).count();
        more.push(match lang {
            Lang::Zh => format!(
                "默认路径的 {} 项速度目标中，评判了 {} 项，达标 {} 项(目标只评判其指定的实例)。",
                verdicts.len(),
                judged.len(),
                met
            ),
            Lang::En => format!(
                "Of the default path's {} speed targets, {} were judged and {} met (a target is judged only on the instance it names).",
                verdicts.len(),
                judged.len(),
                met
            ),
        });
    }
    for v in judged.iter().filter(|v| v.pass == Some(false)) {
        let measured = v.measured.map_or("—".into(), |x| match v.target.figure {
            Figure::Cpu => super::secs(x),
            Figure::PeakMb => super::mb(x),
        });
        more.push(match lang {
            Lang::Zh => format!(
                "未达标：{}（{}），实测 {measured}。",
                v.target.describe(),
                v.target.what
            ),
            Lang::En => format!(
                "Missed: {} ({}), measured {measured}.",
                v.target.describe(),
                v.target.what
            ),
        });
    }
    Conclusion::new(first, more)
}

/// The run's cards: sections, targets, cores.
fn cards(lang: Lang, machine: &Machine, titles: &[&str], verdicts: &[Verdict]) -> Cards {
    let mut cards = Cards::new();
    cards.add(
        titles.len().to_string(),
        lang.pick("测量的节数", "sections measured"),
    );
    let judged = verdicts.iter().filter(|v| v.pass.is_some()).count();
    if judged > 0 {
        let met = verdicts.iter().filter(|v| v.pass == Some(true)).count();
        cards.add(
            format!("{met} / {judged}"),
            lang.pick("达标的速度目标 / 评判的目标", "speed targets met / judged"),
        );
    }
    cards.add(
        machine.cores.to_string(),
        lang.pick("可用的核", "cores visible"),
    );
    cards
}
