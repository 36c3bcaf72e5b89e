//! Reading back a run folder's manifest and records, as untrusted input
//! (see the [run folder](super)).

use std::fs;
use std::path::{Path, PathBuf};

use super::{sha, RunKind, RunManifest};
use crate::error::OutputError;
use crate::output::atomic::{dead_temp_leaf, io, read_regular, Unreadable};
use crate::output::marker::is_plain_name;

/// A manifest larger than this is not one.
const MANIFEST_MAX_BYTES: u64 = 64 << 20;

/// A top file larger than this is not one the run wrote.
const TOP_FILE_MAX_BYTES: u64 = 1 << 30;

/// A progress record that was found but cannot be used (its item is
/// planned again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// The record's file name in the records folder.
    pub file: String,
    /// Why it cannot be used.
    pub problem: String,
}

/// The progress records of a folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Records<T> {
    /// Usable records, in file-name order.
    pub valid: Vec<(String, T)>,
    /// Records that were found and rejected, in file-name order.
    pub unusable: Vec<Unusable>,
}

impl<T> Default for Records<T> {
    fn default() -> Self {
        Records {
            valid: Vec::new(),
            unusable: Vec::new(),
        }
    }
}

/// Reads a manifest from `dir` as untrusted input: `Ok(None)` when there
/// is none; [`OutputError::Damaged`] when there is something of that name
/// that is not a readable manifest of this kind, or that lists a name
/// that is not a plain file name at the top of the folder.
pub fn read_manifest<K: RunKind>(dir: &Path) -> Result<Option<K::Manifest>, OutputError> {
    let layout = K::LAYOUT;
    let path = dir.join(layout.manifest);
    let damaged = |problem: String| OutputError::Damaged {
        path: path.clone(),
        kind: layout.kind,
        problem,
    };
    let bytes = match read_regular(&path, MANIFEST_MAX_BYTES) {
        Ok(b) => b,
        Err(Unreadable::Missing) => return Ok(None),
        Err(problem) => return Err(damaged(problem.to_string())),
    };
    let manifest: K::Manifest = serde_json::from_slice(&bytes)
        .map_err(|e| damaged(format!("it is not a {} manifest: {e}", layout.kind)))?;
    for listed in manifest.files() {
        if !is_plain_name(&listed.name) || layout.own(&listed.name) {
            return Err(damaged(format!(
                "it lists `{}`, which is not a plain file name inside the folder",
                listed.name.escape_debug()
            )));
        }
        if listed.sha256.len() != 64 || !listed.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(damaged(format!(
                "the hash it lists for `{}` is not a SHA-256",
                listed.name
            )));
        }
    }
    Ok(Some(manifest))
}

/// The SHA-256 of a regular file of at most [`TOP_FILE_MAX_BYTES`].
pub(super) fn file_sha(path: &Path) -> Option<String> {
    read_regular(path, TOP_FILE_MAX_BYTES).ok().map(|b| sha(&b))
}

/// An entry of a folder: name, path, whether a real folder (not a link).
pub(super) fn listing(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>, OutputError> {
    let mut v = Vec::new();
    for e in fs::read_dir(dir).map_err(io(dir))? {
        let e = e.map_err(io(dir))?;
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        v.push((
            e.file_name().to_string_lossy().to_string(),
            e.path(),
            is_dir,
        ));
    }
    v.sort();
    Ok(v)
}

pub(super) fn slash(is_dir: bool) -> &'static str {
    if is_dir {
        "/"
    } else {
        ""
    }
}

/// [`RunFolder::read_records`] on a folder that is not held (a shard read
/// by `merge`): reads, and removes only temporary files of dead runs.
pub fn read_records<K: RunKind, T>(
    dir: &Path,
    parse: impl Fn(&str, &[u8]) -> Result<T, String>,
) -> Records<T> {
    let layout = K::LAYOUT;
    let mut out = Records::default();
    let records = dir.join(layout.records);
    let Ok(entries) = listing(&records) else {
        return out;
    };
    for (name, path, _) in entries {
        if dead_temp_leaf(&name).is_some_and(layout.record_name) {
            // A temporary file a killed run left behind.
            let _ = fs::remove_file(&path);
            continue;
        }
        if !(layout.record_name)(&name) {
            continue;
        }
        let read = read_regular(&path, layout.record_max_bytes).map_err(|e| e.to_string());
        match read.and_then(|b| parse(&name, &b)) {
            Ok(r) => out.valid.push((name, r)),
            Err(problem) => out.unusable.push(Unusable {
                file: name,
                problem,
            }),
        }
    }
    out
}
