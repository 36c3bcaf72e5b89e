//! The scenario a server serves and its what-ifs: the base plan, solved
//! once; a what-if, solved in-process exactly as `staffing solve --set …`
//! solves it (the same loading, the same `--set` reader, the same
//! pipeline); the files a what-if downloads as; and data uploaded into the
//! server's own folder.

use std::path::{Path, PathBuf};

use crate::error::InputError;
use crate::pipeline::{self, Engine, Loaded, Solution, SolveError};
use crate::report::{Formats, Lang, ReportOptions};
use crate::scenario::{self, keys};

/// A what-if: scenario keys and values as `--set KEY=VALUE` gives them, in
/// order.
pub type Sets = Vec<(String, String)>;

/// The scenario served and its plan.
#[derive(Debug, Clone)]
pub struct Base {
    /// The scenario file solved: the one the server was started with, or
    /// the server's own copy that points at uploaded data.
    pub path: PathBuf,
    /// The scenario file the server was started with.
    pub origin: PathBuf,
    /// The scenario as loaded from `path`: its settings, data and parameters.
    pub loaded: Loaded,
    /// The base plan solved from `loaded`, which every what-if is compared with.
    pub solution: Solution,
    /// The uploaded files' names (stations, counties), when the data is an
    /// upload.
    pub upload: Option<Upload>,
}

/// Data a planner uploaded, kept in the server's own folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    /// The folder the files are in (inside the server's temporary folder).
    pub dir: PathBuf,
    /// The names the files were uploaded under.
    pub names: Vec<String>,
}

/// Why a what-if has no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A key or value refused: the message `--set` gives (400), and the key
    /// it is about.
    Input {
        /// What is wrong, as `staffing solve --set` says it.
        message: String,
        /// The scenario key the message is about (`None`: no single key).
        key: Option<String>,
    },
    /// Valid input with no plan (422): the message and the JSON `solve
    /// --json` prints.
    Infeasible {
        /// Why no plan exists, in policy terms.
        message: String,
        /// The explanation as `solve --json` prints it.
        json: serde_json::Value,
    },
    /// Anything else (500).
    Internal(String),
}

impl Refusal {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Input { .. } => 400,
            Refusal::Infeasible { .. } => 422,
            Refusal::Internal(_) => 500,
        }
    }

    /// The message, as the command line prints it after `error: `.
    pub fn message(&self) -> &str {
        match self {
            Refusal::Input { message, .. } | Refusal::Infeasible { message, .. } => message,
            Refusal::Internal(m) => m,
        }
    }
}

/// The keys a request may not set: they name files, and a server never
/// reads a path a request names (upload the data instead).
pub fn names_a_file(key: &str) -> bool {
    keys::find(key).is_some_and(|k| k.kind == keys::Kind::Path)
}

/// Loads and solves the base plan of a scenario file: the one the server
/// starts with (its errors go to the terminal, as `solve` prints them), or
/// one on uploaded data (its errors go to the page, screened).
pub fn base(path: &Path, origin: &Path, upload: Option<Upload>) -> Result<Base, Refusal> {
    let reader = match &upload {
        None => Reader::Terminal,
        Some(u) => Reader::Request {
            own: Some(u.dir.as_path()),
        },
    };
    let loaded = load(path, &[], reader)?;
    let solution = solve(&loaded, path)?;
    Ok(Base {
        path: path.to_path_buf(),
        origin: origin.to_path_buf(),
        loaded,
        solution,
        upload,
    })
}

impl Base {
    /// A what-if on this base, solved as `staffing solve BASE --set …`.
    pub fn whatif(&self, sets: &[(String, String)]) -> Result<(Loaded, Solution), Refusal> {
        for (key, value) in sets {
            if names_a_file(key) {
                return Err(Refusal::Input {
                    message: format!(
                        "--set {key}={value}: `{key}` names a file, which the what-if server never reads from a request; upload the data on the page instead"
                    ),
                    key: Some(key.clone()),
                });
            }
        }
        let loaded = load(&self.path, sets, self.reader()).map_err(|r| self.hide(r))?;
        let solution = solve(&loaded, &self.path).map_err(|r| self.hide(r))?;
        Ok((loaded, solution))
    }

    /// Who reads this base's what-if errors: a request, which sent the
    /// uploaded files (if any) and nothing else.
    fn reader(&self) -> Reader<'_> {
        Reader::Request {
            own: self.upload.as_ref().map(|u| u.dir.as_path()),
        }
    }

    /// The summary JSON of a solution: what `staffing solve --json` prints,
    /// less the output folder and the timing.
    pub fn json(solution: &Solution) -> serde_json::Value {
        let mut summary = solution.outcome.summary.clone();
        summary.output_dir = None;
        summary.provenance.seconds = None;
        serde_json::to_value(&summary).unwrap_or(serde_json::Value::Null)
    }

    /// A message with the server's private folder left out, so that an
    /// uploaded file is named as it was uploaded.
    pub fn hide(&self, r: Refusal) -> Refusal {
        let Some(upload) = &self.upload else {
            return r;
        };
        let prefix = format!("{}{}", upload.dir.display(), std::path::MAIN_SEPARATOR);
        let clean = |m: &str| m.replace(&prefix, "");
        match r {
            Refusal::Input { message, key } => Refusal::Input {
                message: clean(&message),
                key,
            },
            Refusal::Infeasible { message, json } => Refusal::Infeasible {
                message: clean(&message),
                json,
            },
            Refusal::Internal(m) => Refusal::Internal(clean(&m)),
        }
    }

    /// The what-if as a scenario file: its name (the base's stem and
    /// `-whatif`), where it is meant to be saved (beside the base, or, for
    /// uploaded data, beside the uploaded files), and its text: the base
    /// file extended with the keys the what-if sets.
    pub fn whatif_toml(&self, sets: &[(String, String)]) -> Result<WhatIfFile, Refusal> {
        let stem = self
            .origin
            .file_stem()
            .map_or("scenario".into(), |s| s.to_string_lossy().into_owned());
        let file_name = format!("{stem}-whatif.toml");
        let (dir, extend, data) = match &self.upload {
            None => (
                self.origin.parent().unwrap_or(Path::new("")).to_path_buf(),
                self.origin
                    .file_name()
                    .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
                None,
            ),
            Some(u) => (
                u.dir.clone(),
                absolute(&self.origin).display().to_string(),
                Some(u.names.clone()),
            ),
        };
        let name = format!("{}-whatif", self.loaded.scenario.name);
        let text = whatif_text(
            &self.origin.display().to_string(),
            &extend,
            data.as_deref(),
            &name,
            sets,
        )?;
        Ok(WhatIfFile {
            path: dir.join(&file_name),
            file_name,
            text,
        })
    }

    /// The plan folder files of a what-if saved as its scenario file
    /// ([`Base::whatif_toml`]): what `staffing solve` of that file writes
    /// (`report.html`, `plan.xlsx`, …; charts as SVG only).
    pub fn whatif_files(
        &self,
        file: &WhatIfFile,
        lang: Option<Lang>,
    ) -> Result<Vec<crate::output::OutputFile>, Refusal> {
        let input = |e: InputError| Refusal::Input {
            message: format!(
                "reading scenario {}: {}",
                file.path.display(),
                screened(e, self.reader())
            ),
            key: None,
        };
        let st = scenario::load_table_text(&file.text, &file.path).map_err(input)?;
        let scenario = scenario::from_table(&st).map_err(input)?;
        let loaded = pipeline::load_scenario_text(scenario, file.text.as_bytes()).map_err(input)?;
        let solution = solve(&loaded, &file.path).map_err(|r| self.hide(r))?;
        let options = ReportOptions {
            lang,
            charts: Some(Formats::Svg),
        };
        solution
            .files(loaded.unmerged.as_deref(), &options)
            .map_err(|e| Refusal::Internal(e.to_string()))
    }
}

/// A what-if as a scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIfFile {
    /// `baseline-whatif.toml`.
    pub file_name: String,
    /// Where it is meant to be saved (its data paths are relative to it).
    pub path: PathBuf,
    /// The file's TOML text: it `extend`s the base scenario and sets each
    /// key of the what-if ([`whatif_text`]).
    pub text: String,
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Who reads an error's message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reader<'a> {
    /// The terminal of the person who started the server: the message as
    /// the command line prints it.
    Terminal,
    /// A request: the message quotes only what the request sent (its keys
    /// and values, and the files uploaded into `own`).
    Request {
        /// The folder of the request's uploaded data, whose paths may be
        /// named (`None`: no upload).
        own: Option<&'a Path>,
    },
}

/// Loads a scenario with `--set` overrides, as `staffing solve` does; an
/// error is the message the command line prints (screened for a request,
/// see [`screened`]).
fn load(path: &Path, sets: &[(String, String)], reader: Reader) -> Result<Loaded, Refusal> {
    pipeline::load_with(path, sets).map_err(|e| {
        // The frame in the language `staffing solve` gives it before the
        // data is read: the scenario file's.
        let lang = Lang::of_scenario(path);
        // The same words as the command line's (`--set` on the terminal).
        let message = format!(
            "{}{}{}",
            crate::messages::reading_scenario(lang, &path.display().to_string()),
            lang.pick("：", ": "),
            crate::messages::words::input_error(&screened(e, reader), lang)
        );
        let key = sets
            .iter()
            .rev()
            .find(|(k, _)| message.contains(&format!("`{k}`")))
            .map(|(k, _)| k.clone());
        Refusal::Input { message, key }
    })
}

/// An input error as a reader may see it. The terminal sees it as the
/// command line prints it. A request sees it so too when it is about what
/// the request sent: its keys and values, and the files it uploaded into
/// `own` (quoted as `staffing check` quotes them). An error about any other
/// file (the served data or scenario, edited on disk since the server
/// started, or a file a scenario extends) keeps its file, row, column and
/// kind of problem, but nothing the file holds
/// ([`pipeline::without_contents`]): a server never quotes such a file.
pub fn screened(e: InputError, reader: Reader) -> InputError {
    let Reader::Request { own } = reader else {
        return e;
    };
    let mine = |f: &Path| own.is_some_and(|d| f.starts_with(d));
    match e {
        InputError::Many { errors, more } => InputError::Many {
            errors: errors.into_iter().map(|e| screened(e, reader)).collect(),
            more,
        },
        // The OS's reason only, nothing the file holds.
        InputError::Io { .. } => e,
        InputError::Scenario { ref file, .. }
        | InputError::Key { ref file, .. }
        | InputError::Data { ref file, .. }
        | InputError::Empty { ref file, .. }
        | InputError::MissingColumn { ref file, .. }
        | InputError::DuplicateColumn { ref file, .. }
        | InputError::Cell { ref file, .. }
        | InputError::Row { ref file, .. }
        | InputError::File { ref file, .. } => {
            if mine(file) {
                e
            } else {
                pipeline::without_contents(e)
            }
        }
    }
}

/// Solves with the exact engine, as `staffing solve` does.
fn solve(loaded: &Loaded, path: &Path) -> Result<Solution, Refusal> {
    use crate::messages::{self as m, words};
    // The page words a refusal as the command line does, in the scenario's
    // language; the JSON keeps the library's English, as `--json` does.
    let lang = Lang::of_scenario(path);
    let sep = lang.pick("：", ": ");
    pipeline::solve(loaded, Engine::Exact).map_err(|e| match e {
        SolveError::Infeasible(reasons) => {
            let json = serde_json::json!({
                "scenario": loaded.scenario.name,
                "status": "infeasible",
                "reasons": reasons.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            });
            let list: Vec<String> = reasons
                .iter()
                .map(|r| format!("  - {}", words::infeasibility(r, lang)))
                .collect();
            Refusal::Infeasible {
                message: format!(
                    "{}{sep}{}",
                    m::no_plan(lang, &loaded.scenario.name),
                    m::no_plan_meets(lang, &list.join("\n"))
                ),
                json,
            }
        }
        SolveError::Lever(l) if l.is_infeasible() => Refusal::Infeasible {
            message: format!("{}{sep}{}", m::solving(lang), words::lever_error(&l, lang)),
            json: serde_json::json!({
                "scenario": loaded.scenario.name,
                "status": "infeasible",
                "reasons": [l.to_string()],
            }),
        },
        SolveError::Lever(l) => Refusal::Input {
            message: format!("{}{sep}{}", m::solving(lang), words::lever_error(&l, lang)),
            key: None,
        },
        other => Refusal::Internal(format!("solving {}: {other}", path.display())),
    })
}

/// The text of a what-if scenario file: a comment saying what it is and
/// how to rerun it, `extend` of the base, the name, the uploaded data's
/// file names, and each key set, under its table, with its Chinese label.
/// The keys' values are written as the scenario read them (a number, a
/// word, a list), so the file solves exactly as the what-if did.
pub fn whatif_text(
    shown_base: &str,
    extend: &str,
    data: Option<&[String]>,
    name: &str,
    sets: &[(String, String)],
) -> Result<String, Refusal> {
    // The values as the scenario reads them: `--set`'s own reader.
    let mut st = scenario::ScenarioTable {
        table: toml::Table::new(),
        file: PathBuf::from(shown_base),
        chain: Vec::new(),
        data_dirs: Default::default(),
        overrides: Vec::new(),
    };
    // `*` keys need the names the base has; read them from the base's
    // table through a scratch copy of it.
    let values: Vec<(String, toml::Value)> = {
        let mut probe = st.clone();
        if let Ok(base) = scenario::load_table(Path::new(shown_base)) {
            probe.table = base.table;
        }
        scenario::overrides::apply(&mut probe, sets).map_err(|e| Refusal::Input {
            message: format!("reading scenario {shown_base}: {e}"),
            key: None,
        })?;
        probe
            .overrides
            .into_iter()
            .map(|o| (o.key, o.value))
            .collect()
    };
    st.overrides.clear();
    let mut out = String::new();
    out.push_str(&format!(
        "# What-if of {shown_base}, made on the what-if page (staffing serve):\n# the base scenario with the keys below changed.\n"
    ));
    match data {
        None => {
            out.push_str("# Save it beside the base scenario and run: staffing solve <this file>\n")
        }
        Some(_) => out.push_str(
            "# Save it beside the uploaded data files and run: staffing solve <this file>\n",
        ),
    }
    out.push_str(&format!("extend = {}\n", toml::Value::from(extend)));
    out.push_str(&format!("name = {}\n", toml::Value::from(name)));
    if let Some(names) = data {
        for (key, file) in ["stations", "counties"].iter().zip(names) {
            out.push_str(&format!("{key} = {}\n", toml::Value::from(file.as_str())));
        }
    }
    // One table at a time, in the order the keys were given: each with its
    // rows of leaf key, Chinese label and value.
    type Rows<'v> = Vec<(String, String, &'v toml::Value)>;
    let mut tables: Vec<(String, Rows)> = Vec::new();
    for (key, value) in &values {
        if matches!(key.as_str(), "name" | "description") {
            // `name` is the what-if's; a description is text at the top.
            if key == "description" {
                out.push_str(&format!("description = {value}\n"));
            }
            continue;
        }
        // Every other key `--set` takes is in a table.
        let Some((table, leaf)) = key.rsplit_once('.') else {
            continue;
        };
        let table = table.split('.').map(toml_key).collect::<Vec<_>>().join(".");
        let leaf = leaf.to_string();
        let label = keys::find(key).map_or("", |k| k.label.0).to_string();
        match tables.iter_mut().find(|(t, _)| *t == table) {
            Some((_, rows)) => rows.push((leaf, label, value)),
            None => tables.push((table, vec![(leaf, label, value)])),
        }
    }
    for (table, rows) in &tables {
        out.push_str(&format!("\n[{table}]\n"));
        for (leaf, label, value) in rows {
            out.push_str(&format!("{} = {value}", toml_key(leaf)));
            if !label.is_empty() {
                out.push_str(&format!("   # {label}"));
            }
            out.push('\n');
        }
    }
    Ok(out)
}

/// A key as TOML writes it: bare when it can be.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        toml::Value::from(k).to_string()
    }
}
