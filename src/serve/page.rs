//! The what-if page: the solve report of the plan shown (the base plan or a
//! what-if), drawn by the report's own page builder and charts
//! ([`crate::report::page::solve_page`]), with the comparison with the base
//! plan at the end of its summary, the controls right after it, and the one
//! script that re-solves on each change.

use super::compare;
use super::controls;
use super::session::Base;
use crate::outcome::Outcome;
use crate::report::page::{solve_page, Inserts};
use crate::report::{self, Formats, Lang};

/// The page's script.
pub const SCRIPT: &str = include_str!("page.js");

/// The page of `shown` (a what-if and its keys; `None`: the base plan).
pub fn render(
    base: &Base,
    shown: Option<(&Outcome, &[(String, String)])>,
    lang: Lang,
) -> Result<String, String> {
    let outcome = shown.map_or(&base.solution.outcome, |(o, _)| o);
    let charts = report::solve_charts(outcome, lang, Formats::Svg).map_err(|e| e.to_string())?;
    let inserts = Inserts {
        summary: compare::block(&base.solution.outcome, shown, lang),
        after_summary: controls::section(&base.loaded.scenario.table, lang, &run_note(base, lang)),
    };
    let mut page = solve_page(outcome, &charts, lang, inserts);
    page.style(controls::STYLE);
    page.script(SCRIPT);
    page.finish().map_err(|e| e.to_string())
}

/// How to rerun the downloaded scenario file from the command line.
fn run_note(base: &Base, lang: Lang) -> String {
    let stem = base
        .origin
        .file_stem()
        .map_or("scenario".into(), |s| s.to_string_lossy().into_owned());
    let file = match &base.upload {
        None => base
            .origin
            .parent()
            .unwrap_or(std::path::Path::new(""))
            .join(format!("{stem}-whatif.toml"))
            .display()
            .to_string(),
        Some(_) => format!("{stem}-whatif.toml"),
    };
    let flag = if Lang::detect(&base.loaded.province) == lang {
        String::new()
    } else {
        format!(" --lang {}", lang.code())
    };
    match (lang, &base.upload) {
        (Lang::Zh, None) => format!(
            "情景文件为基准情景加上所改参数。将其保存为 {file}（与基准情景同一文件夹），在同一目录下运行 staffing solve {file}{flag}，得到的 plan.xlsx 与 report.html 与此处下载的逐字节相同。"
        ),
        (Lang::En, None) => format!(
            "The scenario file is the base scenario plus the keys changed. Save it as {file} (beside the base scenario) and run staffing solve {file}{flag} from the same folder: its plan.xlsx and report.html are byte for byte the ones downloaded here."
        ),
        (Lang::Zh, Some(_)) => format!(
            "情景文件为基准情景加上所改参数，数据为上传的文件。将其保存为 {file}，与上传的数据文件放在同一文件夹，运行 staffing solve {file}{flag}。"
        ),
        (Lang::En, Some(_)) => format!(
            "The scenario file is the base scenario plus the keys changed, on the uploaded data. Save it as {file} beside the uploaded files and run staffing solve {file}{flag}."
        ),
    }
}
