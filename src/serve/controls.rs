//! The what-if page's controls and `GET /api/keys`, both from the key
//! registry ([`crate::scenario::keys`]): each control shows its key's
//! Chinese name, unit and valid range, and starts at the scenario's value.

// HTML is written with explicit newlines, one element a line.
#![allow(clippy::write_with_newline)]

use std::fmt::Write;

use crate::numeric::{show, MAX_COUNT};
use crate::report::html::esc;
use crate::report::Lang;
use crate::scenario::keys::{self, Key, Kind, Valid};

/// The keys a planner changes, first on the page, in groups.
pub const MAIN: &[(&str, &str, &[&str])] = &[
    (
        "警情与招录",
        "Calls and recruits",
        &[
            "workload.call_growth",
            "workload.divert_share",
            "recruits.total",
        ],
    ),
    (
        "两个40%与派出所",
        "两个40% and stations",
        &[
            "quotas.station_share",
            "quotas.community_share",
            "stations.min_officers",
            "auxiliaries.total",
        ],
    ),
    (
        "均衡目标与勤务标准",
        "Balance target and service standard",
        &[
            "balance.target",
            "balance.cap",
            "workload.service.method",
            "workload.service.target_wait_probability",
            "workload.service.minutes_per_call",
        ],
    ),
    (
        "调动上限",
        "Move caps",
        &["moves.per_county", "moves.per_station"],
    ),
];

/// Whether the what-if page offers a key: one `--set` takes, and not a
/// file, the name, a table of its own, or the roadmap's (which a solve
/// does not read).
pub fn offered(k: &Key) -> bool {
    k.kind != Kind::Table
        && k.kind != Kind::Path
        && !matches!(k.path, "name" | "description")
        && !["sweep.", "sample.", "mergers.", "roadmap."]
            .iter()
            .any(|p| k.path.starts_with(p))
}

/// The key paths of the "more" list: every other offered key, `*` keys for
/// the names the scenario has.
pub fn more(table: &toml::Table) -> Vec<String> {
    let main: Vec<&str> = MAIN.iter().flat_map(|g| g.2.iter().copied()).collect();
    let mut out = Vec::new();
    for k in keys::KEYS.iter().filter(|k| offered(k)) {
        if main.contains(&k.path) {
            continue;
        }
        match k.path.split_once(".*") {
            None => out.push(k.path.to_string()),
            Some((prefix, rest)) => {
                if let Some(t) = keys::lookup(table, prefix).and_then(|v| v.as_table()) {
                    out.extend(t.keys().map(|n| format!("{prefix}.{n}{rest}")));
                }
            }
        }
    }
    out
}

/// The lowest and highest value of a numeric key (`None`: no bound).
pub fn bounds(v: Valid) -> (Option<f64>, Option<f64>) {
    match v {
        Valid::Any => (None, None),
        Valid::Share => (Some(0.0), Some(1.0)),
        Valid::Real(r) => (Some(r.min), Some(r.max)),
        Valid::Count => (Some(0.0), Some(MAX_COUNT as f64)),
        Valid::SignedCount => (Some(-(MAX_COUNT as f64)), Some(MAX_COUNT as f64)),
    }
}

/// A TOML value as `--set` takes it (`1.2`, `county`, `S1,S2`).
pub fn raw(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(f) => show_float(*f),
        toml::Value::Array(items) => items.iter().map(raw).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// A float as the shortest text that reads back the same.
fn show_float(f: f64) -> String {
    let s = format!("{f}");
    if s.contains('e') || s.contains('.') || s.contains("inf") || s.contains("NaN") {
        s
    } else {
        format!("{s}.0")
    }
}

/// The registry as `GET /api/keys` returns it: every key with its Chinese
/// and English name, kind, unit, range, default, whether the page offers
/// it, and the served scenario's value when it sets one.
pub fn keys_json(table: &toml::Table) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = keys::KEYS
        .iter()
        .map(|k| {
            let (min, max) = if k.kind.numeric() {
                bounds(k.valid)
            } else {
                (None, None)
            };
            let choices = match k.kind {
                Kind::Choice(words) => Some(words.to_vec()),
                Kind::Bool => Some(vec!["true", "false"]),
                _ => None,
            };
            serde_json::json!({
                "key": k.path,
                "name_zh": k.label.0,
                "name_en": k.label.1,
                "kind": k.kind.describe(),
                "unit_zh": k.unit.0,
                "unit_en": k.unit.1,
                "range": k.valid.interval(),
                "min": min,
                "max": max,
                "choices": choices,
                "default": k.default,
                "value": (!k.path.contains('*'))
                    .then(|| keys::lookup(table, k.path).map(raw))
                    .flatten(),
                "offered": offered(k),
                "help": k.help,
            })
        })
        .collect();
    serde_json::Value::Array(rows)
}

/// The controls section (`id="whatif"`): the main keys in groups, the
/// "more" list, the status line, the downloads and the upload.
pub fn section(table: &toml::Table, lang: Lang, run_command: &str) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut o = String::new();
    let _ = write!(
        o,
        "<section id=\"whatif\">\n<h2>{}</h2>\n<p>{}</p>\n",
        l("假设分析", "What if"),
        l(
            "改动任一参数，即按新参数重新求解（精确最优），并与基准方案对比；无需刷新页面。取值范围与命令行 --set 相同。",
            "Change any value and the plan is solved again (proven optimal) and compared with the base plan, without a reload. The valid values are those of --set on the command line."
        )
    );
    o.push_str("<form id=\"controls\" autocomplete=\"off\" onsubmit=\"return false\">\n");
    for (zh, en, paths) in MAIN {
        let _ = write!(
            o,
            "<fieldset>\n<legend>{}</legend>\n",
            esc(lang.pick(zh, en))
        );
        for path in *paths {
            control(&mut o, table, path, lang);
        }
        o.push_str("</fieldset>\n");
    }
    let more = more(table);
    let _ = write!(
        o,
        "<details id=\"more\">\n<summary>{} ({})</summary>\n<fieldset>\n",
        l("更多参数", "More keys"),
        more.len()
    );
    for path in &more {
        control(&mut o, table, path, lang);
    }
    o.push_str("</fieldset>\n</details>\n</form>\n");
    let _ = write!(
        o,
        "<p class=\"bar\"><button type=\"button\" id=\"reset\">{}</button> <span id=\"whatif-status\" data-seq=\"0\" data-ms=\"\" role=\"status\">{}</span></p>\n<p id=\"whatif-error\" class=\"no\" role=\"alert\"></p>\n",
        l("恢复基准方案", "Back to the base plan"),
        l("显示：基准方案。", "Showing: the base plan.")
    );
    let _ = write!(
        o,
        "<h3>{}</h3>\n<p class=\"bar\"><button type=\"button\" data-download=\"plan.xlsx\">plan.xlsx</button> <button type=\"button\" data-download=\"report.html\">report.html</button> <button type=\"button\" data-download=\"scenario.toml\">{}</button></p>\n<p>{}</p>\n",
        l("下载当前方案", "Download this what-if"),
        l("情景文件 (.toml)", "scenario (.toml)"),
        esc(run_command)
    );
    let _ = write!(
        o,
        "<h3>{}</h3>\n<p>{}</p>\n<p class=\"bar\"><input type=\"file\" id=\"upload-files\" multiple accept=\".csv,.xlsx,.xls,.xlsm,.ods,.txt\"> <button type=\"button\" id=\"upload\">{}</button></p>\n<pre id=\"upload-error\" class=\"no\" role=\"alert\"></pre>\n",
        l("上传本单位数据", "Upload your own data"),
        l(
            "选择派出所表与县局表两个 CSV 文件（<code>stations</code>、<code>counties</code>），或一个含 <code>stations</code>、<code>counties</code> 两个工作表的 Excel 工作簿。文件只保存在本服务的临时文件夹中，服务停止即删除。",
            "Choose a stations and a counties CSV file, or one workbook with the sheets stations and counties. The files stay in this server's temporary folder and are removed when it stops."
        ),
        l("上传并求解", "Upload and solve")
    );
    o.push_str("</section>\n");
    o
}

/// One control: its label (the Chinese name, in English pages the English
/// name too), unit, valid range and default, and the input.
fn control(o: &mut String, table: &toml::Table, path: &str, lang: Lang) {
    let Some(k) = keys::find(path) else {
        return;
    };
    let value = keys::lookup(table, path).map(raw);
    let name = match lang {
        Lang::Zh => k.label.0.to_string(),
        Lang::En => format!("{} {}", k.label.1, k.label.0),
    };
    // The name the scenario chose for a `*` key (urban, rural).
    let chosen = if k.path.contains('*') {
        path.split('.')
            .zip(k.path.split('.'))
            .find(|(_, p)| *p == "*")
            .map_or(String::new(), |(q, _)| format!(" {q}"))
    } else {
        String::new()
    };
    let unit = lang.pick(k.unit.0, k.unit.1);
    let mut facts = Vec::new();
    if !unit.is_empty() {
        facts.push(unit.to_string());
    }
    let interval = k.valid.interval();
    if k.kind.numeric() && !interval.is_empty() {
        facts.push(interval);
    }
    let default = crate::report::i18n::default_text(lang, k.default);
    facts.push(format!("{} {default}", lang.pick("默认", "default")));
    let id = format!(
        "k-{}",
        path.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let _ = write!(
        o,
        "<div class=\"ctl\"><label for=\"{id}\">{}{} <span class=\"u\">{}</span> <code>{}</code></label>\n",
        esc(&name),
        esc(&chosen),
        esc(&facts.join(" · ")),
        esc(path)
    );
    let base = value.clone().unwrap_or_default();
    match k.kind {
        Kind::Choice(words) => {
            let _ = write!(
                o,
                "<select id=\"{id}\" name=\"{}\" data-base=\"{}\">\n",
                esc(path),
                esc(&base)
            );
            if value.is_none() {
                let _ = write!(
                    o,
                    "<option value=\"\" selected>{} ({})</option>\n",
                    lang.pick("默认", "default"),
                    esc(&default)
                );
            }
            for w in words {
                let _ = write!(
                    o,
                    "<option value=\"{0}\"{1}>{0}</option>\n",
                    esc(w),
                    if Some(*w) == value.as_deref() {
                        " selected"
                    } else {
                        ""
                    }
                );
            }
            o.push_str("</select>\n");
        }
        Kind::Bool => {
            let _ = write!(
                o,
                "<select id=\"{id}\" name=\"{}\" data-base=\"{}\">\n<option value=\"\"{}>{} ({})</option>\n",
                esc(path),
                esc(&base),
                if value.is_none() { " selected" } else { "" },
                lang.pick("默认", "default"),
                esc(&default)
            );
            for w in ["true", "false"] {
                let _ = write!(
                    o,
                    "<option value=\"{w}\"{}>{w}</option>\n",
                    if Some(w) == value.as_deref() {
                        " selected"
                    } else {
                        ""
                    }
                );
            }
            o.push_str("</select>\n");
        }
        Kind::Float | Kind::Int => {
            let (min, max) = bounds(k.valid);
            let attr = |name: &str, v: Option<f64>| {
                v.map_or(String::new(), |v| format!(" {name}=\"{}\"", show(v)))
            };
            let _ = write!(
                o,
                "<input id=\"{id}\" name=\"{}\" type=\"number\" inputmode=\"decimal\" step=\"{}\"{}{} value=\"{}\" placeholder=\"{}\" data-base=\"{}\">\n",
                esc(path),
                if k.kind == Kind::Int { "1" } else { "any" },
                attr("min", min),
                attr("max", max),
                esc(&base),
                esc(&default),
                esc(&base)
            );
        }
        _ => {
            let _ = write!(
                o,
                "<input id=\"{id}\" name=\"{}\" type=\"text\" value=\"{}\" placeholder=\"{}\" data-base=\"{}\">\n",
                esc(path),
                esc(&base),
                esc(&default),
                esc(&base)
            );
        }
    }
    o.push_str("</div>\n");
}

/// The style of the controls, added to the page's.
pub const STYLE: &str = r#"
#whatif fieldset { border: 1px solid #ddd; border-radius: 8px; margin: 10px 0; padding: 8px 12px;
  display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px 16px; min-width: 0; }
#whatif legend { font-weight: bold; color: #0072b2; }
#whatif .ctl { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
#whatif .ctl label { font-size: 0.95em; }
#whatif .ctl .u { color: #666; font-size: 0.85em; }
#whatif .ctl code { color: #888; font-size: 0.75em; word-break: break-all; }
#whatif input, #whatif select, #whatif button { font: inherit; padding: 4px 6px; max-width: 100%; box-sizing: border-box; }
#whatif input[type=number], #whatif input[type=text], #whatif select { width: 100%; }
#whatif input.bad, #whatif select.bad { border: 2px solid #c0392b; }
#whatif .bar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
#whatif details summary { cursor: pointer; color: #0072b2; margin: 8px 0; }
#whatif-error:empty, #upload-error:empty { display: none; }
#upload-error { white-space: pre-wrap; font-size: 0.85em; }
.changed { background: #fff6d6; }
body.busy #summary, body.busy section:not(#whatif) { opacity: 0.75; }
@media print { #whatif { display: none; } }
"#;
