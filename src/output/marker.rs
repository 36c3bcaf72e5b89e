//! The `.staffing-output` marker, the survey of an existing folder, and
//! the typed refusal (see the [module documentation](super)).

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::atomic::{io, read_regular, Unreadable};
use crate::error::OutputError;

/// File that marks a folder as written by staffing, and lists what it wrote.
pub const MARKER: &str = ".staffing-output";

/// The value of the marker's `format` field.
pub const MARKER_FORMAT: &str = "staffing-output";

/// Version of the marker format. Version 1 (before the file list) was the
/// text `written by staffing`.
pub const MARKER_VERSION: u64 = 2;

/// A marker larger than this is not one (a real one is a few hundred bytes
/// per file).
const MARKER_MAX_BYTES: u64 = 4 << 20;

/// One file of an output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// The file's name inside the folder.
    pub name: String,
    /// What the file holds.
    pub bytes: Vec<u8>,
}

/// One file the marker lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkedFile {
    /// The file's name inside the folder.
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
}

/// The content of [`MARKER`]: which files a run wrote into the folder.
///
/// ```json
/// {
///   "format": "staffing-output",
///   "version": 2,
///   "tool": "staffing 0.1.0",
///   "files": [
///     { "name": "allocation.csv", "bytes": 816, "sha256": "9f86d0…" }
///   ]
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    /// What the marker is (`staffing-output`).
    pub format: String,
    /// The marker's format version.
    pub version: u64,
    /// The program that wrote the folder, with its version.
    pub tool: String,
    /// In name order, each name once.
    pub files: Vec<MarkedFile>,
}

/// Why a marker file is not a valid marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerProblem {
    /// Written by a version before the file list (`written by staffing`).
    Old,
    /// A later format than this version reads.
    Newer(u64),
    /// Not a marker at all.
    Invalid,
}

impl Marker {
    /// The marker of a set of files (sorted by name).
    pub fn of(files: &[OutputFile]) -> Marker {
        let mut listed: Vec<MarkedFile> = files
            .iter()
            .map(|f| MarkedFile {
                name: f.name.clone(),
                bytes: f.bytes.len() as u64,
                sha256: format!("{:x}", Sha256::digest(&f.bytes)),
            })
            .collect();
        listed.sort_by(|a, b| a.name.cmp(&b.name));
        Marker {
            format: MARKER_FORMAT.into(),
            version: MARKER_VERSION,
            tool: format!("staffing {}", env!("CARGO_PKG_VERSION")),
            files: listed,
        }
    }

    /// The bytes written to [`MARKER`] (pretty JSON, newline at the end).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Reads a marker, strictly: the format and version, plain unique file
    /// names, hex SHA-256 values.
    pub fn parse(bytes: &[u8]) -> Result<Marker, MarkerProblem> {
        if bytes.starts_with(b"written by staffing") {
            return Err(MarkerProblem::Old);
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| MarkerProblem::Invalid)?;
        if value.get("format").and_then(|f| f.as_str()) != Some(MARKER_FORMAT) {
            return Err(MarkerProblem::Invalid);
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(MARKER_VERSION) => {}
            Some(v) if v > MARKER_VERSION => return Err(MarkerProblem::Newer(v)),
            _ => return Err(MarkerProblem::Invalid),
        }
        let marker: Marker = serde_json::from_value(value).map_err(|_| MarkerProblem::Invalid)?;
        let mut seen = BTreeSet::new();
        for f in &marker.files {
            let hex = f.sha256.len() == 64
                && f.sha256
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !is_plain_name(&f.name) || !hex || !seen.insert(f.name.as_str()) {
                return Err(MarkerProblem::Invalid);
            }
        }
        Ok(marker)
    }

    /// The entry for `name`, if the marker lists it.
    pub fn get(&self, name: &str) -> Option<&MarkedFile> {
        self.files.iter().find(|f| f.name == name)
    }
}

/// Turns a scenario name into one safe path component: no separators, no
/// `..`, no control, direction or invisible characters (ESC, U+202E, a
/// zero-width space: each becomes `_`), no leading dot, no Windows device
/// names.
pub fn safe_component(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if crate::error::is_hidden(c) => '_',
            c => c,
        })
        .collect();
    s = s
        .trim()
        .trim_end_matches(['.', ' '])
        .trim_start_matches('.')
        .to_string();
    if s.is_empty() {
        s = "scenario".into();
    }
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    s
}

/// Whether `name` may be a file of an output folder: a plain, safe
/// component, and not the marker.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name == safe_component(name) && name != MARKER
}

/// What an existing folder is, judged by its marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ownership {
    /// Nothing in it.
    Empty,
    /// Written by staffing and unchanged: it may be replaced.
    Own(Marker),
    /// It holds something staffing did not write, or that changed.
    Blocked(Blocked),
}

/// What stands in the way of replacing a folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Blocked {
    /// Whether the folder has a valid marker.
    pub marked: bool,
    /// The marker's problem, when it has one that says more than "absent".
    pub marker: Option<MarkerProblem>,
    /// Entries staffing did not write (folders end in `/`), in name order.
    pub foreign: Vec<String>,
    /// Listed files whose content changed, in name order.
    pub changed: Vec<String>,
}

/// The typed refusal for a blocked folder `dir`.
pub fn refusal(dir: &Path, blocked: &Blocked) -> OutputError {
    match blocked.marker {
        Some(MarkerProblem::Old) => OutputError::OldMarker {
            dir: dir.to_path_buf(),
        },
        Some(MarkerProblem::Newer(version)) => OutputError::NewerMarker {
            dir: dir.to_path_buf(),
            version,
        },
        _ => OutputError::NotOurs {
            dir: dir.to_path_buf(),
            marked: blocked.marked,
            foreign: blocked.foreign.clone(),
            changed: blocked.changed.clone(),
        },
    }
}

/// An entry of a folder: its name as shown, and its type (not following
/// links).
pub(crate) struct Entry {
    pub(crate) name: String,
    /// The name is valid UTF-8 (a marker can only list those).
    pub(crate) utf8: bool,
    pub(crate) path: PathBuf,
    pub(crate) kind: fs::FileType,
}

impl Entry {
    pub(crate) fn shown(&self) -> String {
        if self.kind.is_dir() {
            format!("{}/", self.name)
        } else {
            self.name.clone()
        }
    }
}

pub(crate) fn entries(dir: &Path) -> Result<Vec<Entry>, OutputError> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).map_err(io(dir))? {
        let e = e.map_err(io(dir))?;
        let kind = e.file_type().map_err(io(&e.path()))?;
        let raw = e.file_name();
        out.push(Entry {
            name: raw.to_string_lossy().to_string(),
            utf8: raw.to_str().is_some(),
            path: e.path(),
            kind,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The marker of a folder: `None` when there is no regular file of that
/// name; otherwise the marker or its problem.
pub(crate) fn read_marker(dir: &Path) -> Option<Result<Marker, MarkerProblem>> {
    match read_regular(&dir.join(MARKER), MARKER_MAX_BYTES) {
        Err(Unreadable::Missing | Unreadable::NotAFile) => None,
        Err(_) => Some(Err(MarkerProblem::Invalid)),
        Ok(bytes) => Some(Marker::parse(&bytes)),
    }
}

/// Whether the regular file at `path` has the size and hash the marker
/// recorded.
pub(crate) fn matches(path: &Path, listed: &MarkedFile) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.file_type().is_file() || meta.len() != listed.bytes {
        return false;
    }
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    format!("{:x}", hasher.finalize()) == listed.sha256
}

/// Judges an existing folder: may it be replaced (see the module
/// documentation)? `dir` must be a folder.
pub fn survey(dir: &Path) -> Result<Ownership, OutputError> {
    let all = entries(dir)?;
    if all.is_empty() {
        return Ok(Ownership::Empty);
    }
    let marker = read_marker(dir);
    let mut blocked = Blocked::default();
    match marker {
        Some(Ok(marker)) => {
            blocked.marked = true;
            for e in all.iter().filter(|e| !(e.utf8 && e.name == MARKER)) {
                let listed = if e.utf8 && e.kind.is_file() {
                    marker.get(&e.name)
                } else {
                    None
                };
                match listed {
                    Some(listed) if matches(&e.path, listed) => {}
                    Some(_) => blocked.changed.push(e.shown()),
                    None => blocked.foreign.push(e.shown()),
                }
            }
            if blocked.foreign.is_empty() && blocked.changed.is_empty() {
                return Ok(Ownership::Own(marker));
            }
        }
        Some(Err(problem)) => {
            blocked.marker = Some(problem);
            blocked.foreign = all.iter().map(Entry::shown).collect();
        }
        None => blocked.foreign = all.iter().map(Entry::shown).collect(),
    }
    Ok(Ownership::Blocked(blocked))
}

/// Refuses when an input of the run lies inside `target` (compared after
/// resolving links and `..`): replacing the folder would remove it. A
/// `target` that does not exist holds nothing.
pub fn check_inputs(target: &Path, inputs: &[PathBuf]) -> Result<(), OutputError> {
    let Ok(real_target) = fs::canonicalize(target) else {
        return Ok(());
    };
    for input in inputs {
        // The file itself (links resolved) and the place its name lives.
        let resolved = fs::canonicalize(input).ok();
        let placed = match (input.parent(), input.file_name()) {
            (Some(p), Some(name)) => {
                let p = if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                };
                fs::canonicalize(p).ok().map(|p| p.join(name))
            }
            _ => None,
        };
        if [resolved, placed]
            .iter()
            .flatten()
            .any(|p| p.starts_with(&real_target))
        {
            return Err(OutputError::HoldsInput {
                dir: target.to_path_buf(),
                input: input.clone(),
            });
        }
    }
    Ok(())
}
