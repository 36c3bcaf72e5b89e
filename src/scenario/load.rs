//! Reading a scenario: the file's text (at most 16 MiB, UTF-8), the
//! `[stations]` header read as `[station_defaults]`, the `extend` chain
//! merged into one TOML table, `--set` keys applied, and the table
//! deserialised strictly and resolved ([`super::resolve`]). Errors name the
//! file, the line where TOML gives one, and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{keys, overrides, resolve, Scenario, ScenarioFile};
use crate::error::{FromSet, InputError, KeyProblem};

/// Reads the `[stations]` table header as `[station_defaults]` (see the module
/// documentation). Comments and whitespace around the header are kept.
pub fn normalise_tables(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    for line in source.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        // `[stations.two_teams_one_room]` and any other table under it.
        if compact == "[stations]" || (compact.starts_with("[stations.") && compact.ends_with(']'))
        {
            out.push_str(&line.replacen("stations", "station_defaults", 1));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The largest scenario file read (16 MiB; a scenario is a page of text).
const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;

fn read_text(path: &Path) -> Result<String, InputError> {
    let text = crate::input::file::read_limited(path, MAX_SCENARIO_BYTES)?;
    String::from_utf8(text).map_err(|e| InputError::Scenario {
        file: path.to_path_buf(),
        message: format!(
            "the scenario is not UTF-8 text (bad byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// Loads and validates a scenario file, following `extend`.
pub fn load(path: &Path) -> Result<Scenario, InputError> {
    let text = read_text(path)?;
    let table = parse_table(&text, path)?;
    if table.contains_key("extend") {
        from_table(&load_table(path)?)
    } else {
        parse(&text, path)
    }
}

/// A scenario read into one TOML table, with every `extend` merged in.
/// The `[stations]` header is already read as `station_defaults`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioTable {
    /// The merged keys (without `extend`).
    pub table: toml::Table,
    /// The file that was loaded (the top of the chain).
    pub file: PathBuf,
    /// The files merged, from the loaded file down to the last base.
    pub chain: Vec<PathBuf>,
    /// For `stations` and `counties`: the folder of the file that set them.
    pub data_dirs: BTreeMap<String, PathBuf>,
    /// Keys set on the command line ([`overrides::apply`]), already in
    /// `table`.
    pub overrides: Vec<overrides::Override>,
}

fn parse_table(text: &str, path: &Path) -> Result<toml::Table, InputError> {
    let normalised = normalise_tables(text);
    toml::from_str::<toml::Table>(&normalised).map_err(|e| {
        // Read into a plain table, the only errors are of syntax.
        let message = describe_toml_error(&e, Some(&normalised));
        match super::toml_field::syntax_problem(&message) {
            Some(problem) => InputError::key(path, problem),
            None => InputError::Scenario {
                file: path.to_path_buf(),
                message,
            },
        }
    })
}

/// Reads a scenario file and the files it extends into one merged table.
pub fn load_table(path: &Path) -> Result<ScenarioTable, InputError> {
    load_table_of(path, None)
}

/// [`load_table`] of a scenario whose own text is given (not yet a file at
/// `path`, such as the what-if `staffing serve` offers for download): the
/// files it extends are read from disk, relative to `path`'s folder.
pub fn load_table_text(text: &str, path: &Path) -> Result<ScenarioTable, InputError> {
    load_table_of(path, Some(text))
}

fn load_table_of(path: &Path, mut first: Option<&str>) -> Result<ScenarioTable, InputError> {
    let mut chain: Vec<PathBuf> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut tables: Vec<(toml::Table, PathBuf)> = Vec::new();
    let mut current = path.to_path_buf();
    loop {
        let identity = std::fs::canonicalize(&current).unwrap_or_else(|_| current.clone());
        if seen.contains(&identity) {
            let names: Vec<String> = chain
                .iter()
                .chain(std::iter::once(&current))
                .map(|p| p.display().to_string())
                .collect();
            return Err(InputError::key(
                path,
                KeyProblem::ExtendCycle { files: names },
            ));
        }
        seen.push(identity);
        let text = match first.take() {
            Some(text) => text.to_string(),
            None => read_text(&current)?,
        };
        let mut table = parse_table(&text, &current)?;
        let next = match table.remove("extend") {
            None => None,
            Some(toml::Value::String(base)) => Some(base),
            Some(other) => {
                return Err(InputError::key(
                    &current,
                    KeyProblem::ExtendNotText {
                        value: other.to_string(),
                    },
                ))
            }
        };
        chain.push(current.clone());
        let dir = current.parent().unwrap_or(Path::new("")).to_path_buf();
        tables.push((table, dir.clone()));
        match next {
            Some(base) => current = dir.join(base),
            None => break,
        }
    }
    // Merge from the last base up to the loaded file.
    let mut merged = toml::Table::new();
    let mut data_dirs = BTreeMap::new();
    for (table, dir) in tables.into_iter().rev() {
        for key in ["stations", "counties"] {
            if table.contains_key(key) {
                data_dirs.insert(key.to_string(), dir.clone());
            }
        }
        if keys::lookup(&table, "roadmap.roster").is_some() {
            data_dirs.insert("roadmap.roster".to_string(), dir.clone());
        }
        merge_tables(&mut merged, table);
    }
    Ok(ScenarioTable {
        table: merged,
        file: path.to_path_buf(),
        chain,
        data_dirs,
        overrides: Vec::new(),
    })
}

/// Merges `over` into `base`: tables merge key by key, recursively; any other
/// value (numbers, strings, arrays) replaces the base's. The `[sweep]` and
/// `[sample]` tables are replaced whole: a what-if names its own grid.
pub fn merge_tables(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        let whole = key == "sweep" || key == "sample";
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) if !whole => merge_tables(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Deserialises a merged table strictly and validates it.
pub fn from_table(st: &ScenarioTable) -> Result<Scenario, InputError> {
    // A renamed key is refused with its new name before the parser calls
    // it unknown, in a file that extends another as in one that does not.
    if let Some(problem) = keys::renamed_in(&st.table) {
        return Err(InputError::key(&st.file, problem));
    }
    let file: ScenarioFile = toml::Value::Table(st.table.clone())
        .try_into()
        .map_err(|e: toml::de::Error| toml_error(&st.file, &e, None, &st.chain))
        .map_err(|e| from_command_line(e, &st.overrides))?;
    let stations_dir = st.data_dirs.get("stations").cloned();
    let counties_dir = st.data_dirs.get("counties").cloned();
    let mut scenario = resolve(file, &st.file).map_err(|e| from_command_line(e, &st.overrides))?;
    scenario.table = st.table.clone();
    scenario.overrides = st.overrides.clone();
    scenario.extends = st.chain.iter().skip(1).cloned().collect();
    let top = st.file.parent().unwrap_or(Path::new(""));
    // `resolve` joined the data paths to the top file's folder; rebase the
    // ones a base file set.
    if let Some(dir) = stations_dir {
        if let Ok(rel) = scenario.stations.strip_prefix(top) {
            scenario.stations = dir.join(rel);
        }
    }
    if let Some(dir) = counties_dir {
        if let Ok(rel) = scenario.counties.strip_prefix(top) {
            scenario.counties = dir.join(rel);
        }
    }
    if let (Some(dir), Some(spec)) = (
        st.data_dirs.get("roadmap.roster"),
        scenario.roadmap.as_mut(),
    ) {
        if let Some(rel) = spec.roster.as_ref().and_then(|r| r.strip_prefix(top).ok()) {
            spec.roster = Some(dir.join(rel));
        }
    }
    Ok(scenario)
}

/// Says so when an error is about a value `--set` gave, not the file.
fn from_command_line(e: InputError, overrides: &[overrides::Override]) -> InputError {
    match e {
        InputError::Key {
            file,
            problem,
            set: None,
        } => {
            let set = match &*problem {
                KeyProblem::Invalid { key, .. } => {
                    overrides.iter().rev().find(|o| &o.key == key).map(|o| {
                        Box::new(FromSet {
                            key: o.key.clone(),
                            value: o.shown(),
                            reading: false,
                        })
                    })
                }
                _ => None,
            };
            InputError::Key { file, problem, set }
        }
        InputError::Scenario { file, message } => match overrides::named_in(overrides, &message) {
            Some(o) => InputError::Scenario {
                file,
                message: format!(
                    "{message} (the value comes from --set {}={})",
                    o.key,
                    o.shown()
                ),
            },
            None => InputError::Scenario { file, message },
        },
        other => other,
    }
}

/// Loads a scenario with `--set` overrides ([`overrides`]): the file and the
/// files it extends are merged into one table, the overrides are set in it,
/// and the result is checked strictly, as a file is. Without overrides this
/// is [`load`].
pub fn load_with(path: &Path, sets: &[(String, String)]) -> Result<Scenario, InputError> {
    if sets.is_empty() {
        return load(path);
    }
    let mut st = load_table(path)?;
    overrides::apply(&mut st, sets)?;
    from_table(&st)
}

/// Parses scenario text; `path` is used for messages and to resolve the data
/// paths.
pub fn parse(text: &str, path: &Path) -> Result<Scenario, InputError> {
    let normalised = normalise_tables(text);
    // A renamed key is refused with its new name before the parser calls
    // it unknown.
    if let Some(problem) = toml::from_str::<toml::Table>(&normalised)
        .ok()
        .as_ref()
        .and_then(keys::renamed_in)
    {
        return Err(InputError::key(path, problem));
    }
    let file: ScenarioFile =
        toml::from_str(&normalised).map_err(|e| toml_error(path, &e, Some(&normalised), &[]))?;
    let mut scenario = resolve(file, path)?;
    // The file parsed strictly, so it parses as a plain table too.
    scenario.table = toml::from_str(&normalised).unwrap_or_default();
    Ok(scenario)
}

/// A TOML error of the scenario `file` (`text`: its text; `chain`: the
/// files merged into it, when it extends others): an unknown field, a value
/// of the wrong type or a word not in a key's list as a typed
/// [`KeyProblem`], any other error in the parser's words
/// ([`describe_toml_error`]).
fn toml_error(
    file: &Path,
    e: &toml::de::Error,
    text: Option<&str>,
    chain: &[PathBuf],
) -> InputError {
    let mut message = describe_toml_error(e, text);
    if text.is_none() {
        let files: Vec<String> = chain.iter().map(|p| p.display().to_string()).collect();
        message = format!(
            "{} (in the scenario merged from {})",
            describe_toml_error(e, None),
            files.join(" extending ")
        );
    }
    match super::toml_field::parse_problem(&message, chain) {
        Some(problem) => InputError::key(file, problem),
        None => InputError::Scenario {
            file: file.to_path_buf(),
            message,
        },
    }
}

/// A TOML error as a message: with `text`, the source line is shown as a
/// window around the error (a one-line file of 20 MB is not echoed whole).
fn describe_toml_error(e: &toml::de::Error, text: Option<&str>) -> String {
    let full = match (e.span(), text) {
        (Some(span), Some(text)) => {
            crate::error::source_excerpt("TOML parse error", text, span, e.message().trim_end())
        }
        _ => e.to_string(),
    };
    let message = crate::numeric::compact_floats(&full)
        .replace("station_defaults", "stations")
        .trim_end()
        .to_string();
    match crate::input::suggest::toml_unknown_field(&message) {
        Some(hint) => format!("{message}\n{hint}"),
        None => message,
    }
}
