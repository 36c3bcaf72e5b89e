//! The folder of a run of many plans — a sweep, a Monte Carlo sample, a
//! roadmap — that can be stopped and resumed:
//!
//! ```text
//! OUT/<manifest>.json   the run's fingerprint, its shape, and the top files
//!                       it wrote with their SHA-256 ([`RunManifest`])
//! OUT/<records>/NAME    one progress record per finished item
//! OUT/<plans>/NAME/     one marked plan folder per item (as a solve writes)
//! OUT/<folder>/         other marked folders (a sampled sweep's robust/)
//! OUT/<top files>       tables, summary, charts, report.html
//! ```
//!
//! A [`RunFolder`] is opened under the folder's lock ([`super::lock`]), so
//! one run at a time writes into it. [`RunFolder::prepare`] makes it ready:
//! a new or empty folder gets a fresh manifest; an existing one must be a
//! run folder of the same kind holding nothing but what its manifest and
//! layout account for, and is then resumed (same fingerprint) or cleared
//! by the one routine [`RunFolder::clear`], which judges everything before
//! it removes anything.
//!
//! **Everything read back is untrusted input.** The folder may have been
//! altered since the tool wrote it, or written by someone else:
//! * the manifest and records are read only when they are regular files
//!   within a size limit ([`super::atomic::read_regular`]): a FIFO or a
//!   link to `/dev/zero` put in their place neither blocks nor exhausts
//!   memory;
//! * a manifest that cannot be read is reported as damaged, never taken
//!   for a missing one;
//! * the names a manifest lists must be plain names of files at the top of
//!   the folder ([`super::is_plain_name`], and none of the layout's own
//!   names), checked when the manifest is read, before anything is
//!   removed: a manifest listing `../victim.txt` or `/etc/passwd` is
//!   damaged;
//! * a listed file is removed only when it is a regular file whose SHA-256
//!   is one the manifest recorded; a plan folder only when its marker
//!   accounts for every file in it, unchanged;
//! * a record is used only when it parses and passes the caller's check
//!   against this run; any other is listed as unusable and its item is
//!   planned again.

use std::collections::BTreeSet;
use std::fs;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::atomic::{dead_temp_leaf, io, read_regular, write_atomic, write_file, Unreadable};
use super::folder::{leftover, remove_leftover, remove_output_folder, write_folder};
use super::lock::{lock, FolderLock};
use super::marker::{check_inputs, is_plain_name, refusal, survey, MarkerProblem, Ownership};
use super::OutputFile;
use crate::error::OutputError;

/// A manifest larger than this is not one.
const MANIFEST_MAX_BYTES: u64 = 64 << 20;

/// A top file larger than this is not one the run wrote.
const TOP_FILE_MAX_BYTES: u64 = 1 << 30;

/// What a kind of run folder holds.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The kind, in messages: `sweep`, `roadmap`.
    pub kind: &'static str,
    /// The manifest's file name.
    pub manifest: &'static str,
    /// The folder of progress records.
    pub records: &'static str,
    /// Whether a name in the records folder is a record's.
    pub record_name: fn(&str) -> bool,
    /// A record larger than this is not one.
    pub record_max_bytes: u64,
    /// The folder of per-item plan folders.
    pub plans: &'static str,
    /// Whether a name in the plans folder is a plan folder's.
    pub plan_name: fn(&str) -> bool,
    /// Marked folders at the top (written whole by [`write_folder`]).
    pub folders: &'static [&'static str],
}

impl Layout {
    /// Whether `name` is one of the layout's own entries at the top.
    fn own(&self, name: &str) -> bool {
        name == self.manifest
            || name == self.records
            || name == self.plans
            || self.folders.contains(&name)
    }
}

/// A file a run wrote at the top of its folder, with its hash. While the
/// top files are being replaced, a name may be listed twice (the old and
/// the new content); either counts as the run's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listed {
    pub name: String,
    pub sha256: String,
}

/// A run folder's manifest: its fingerprint and its listed top files.
pub trait RunManifest: Serialize + DeserializeOwned + Clone {
    /// What the run reads and every choice that shapes its files.
    fn fingerprint(&self) -> &str;
    /// The top files the run wrote.
    fn files(&self) -> &[Listed];
    fn files_mut(&mut self) -> &mut Vec<Listed>;
}

/// A kind of run folder: its layout, manifest and record types.
pub trait RunKind {
    type Manifest: RunManifest;
    type Record: Serialize + DeserializeOwned;
    const LAYOUT: Layout;
}

/// A progress record that was found but cannot be used (its item is
/// planned again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// The record's file name in the records folder.
    pub file: String,
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

/// An open run folder, held under its lock.
#[derive(Debug)]
pub struct RunFolder<K: RunKind> {
    dir: PathBuf,
    _lock: FolderLock,
    kind: PhantomData<K>,
}

/// SHA-256 of bytes, as hex.
pub fn sha(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
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
fn file_sha(path: &Path) -> Option<String> {
    read_regular(path, TOP_FILE_MAX_BYTES).ok().map(|b| sha(&b))
}

/// An entry of a folder: name, path, whether a real folder (not a link).
fn listing(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>, OutputError> {
    let mut v = Vec::new();
    for e in fs::read_dir(dir).map_err(io(dir))? {
        let e = e.map_err(io(dir))?;
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        v.push((e.file_name().to_string_lossy().to_string(), e.path(), is_dir));
    }
    v.sort();
    Ok(v)
}

fn slash(is_dir: bool) -> &'static str {
    if is_dir {
        "/"
    } else {
        ""
    }
}

/// What [`RunFolder::clear`] found: what it may remove, and what stands in
/// the way.
#[derive(Default)]
struct Clearing {
    foreign: Vec<String>,
    changed: Vec<String>,
    files: Vec<PathBuf>,
    leftovers: Vec<PathBuf>,
    folders: Vec<PathBuf>,
    emptied: Vec<PathBuf>,
}

impl Clearing {
    /// A marked folder: removable when its survey finds it the tool's own.
    fn folder(&mut self, path: PathBuf, shown: &str) -> Result<(), OutputError> {
        match survey(&path)? {
            Ownership::Empty | Ownership::Own(_) => self.folders.push(path),
            Ownership::Blocked(b) => {
                if matches!(b.marker, Some(MarkerProblem::Old | MarkerProblem::Newer(_))) {
                    return Err(refusal(&path, &b));
                }
                self.foreign
                    .extend(b.foreign.iter().map(|f| format!("{shown}/{f}")));
                self.changed
                    .extend(b.changed.iter().map(|f| format!("{shown}/{f}")));
            }
        }
        Ok(())
    }
}

impl<K: RunKind> RunFolder<K> {
    /// Opens `dir` as a run folder of kind `K`, taking its lock: a second
    /// run into the same folder is refused at once
    /// ([`OutputError::Busy`]). Refuses a path that is a link or not a
    /// folder. Nothing is written into the folder yet.
    pub fn open(dir: &Path) -> Result<RunFolder<K>, OutputError> {
        match fs::symlink_metadata(dir) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(OutputError::Unsafe(format!(
                    "`{}` is a symbolic link; give a real folder for --out",
                    dir.display()
                )))
            }
            Ok(m) if !m.is_dir() => {
                return Err(OutputError::Unsafe(format!(
                    "`{}` exists and is not a folder; choose another --out",
                    dir.display()
                )))
            }
            _ => {}
        }
        let held = lock(dir)?;
        Ok(RunFolder {
            dir: dir.to_path_buf(),
            _lock: held,
            kind: PhantomData,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The record file `name`.
    pub fn record_path(&self, name: &str) -> PathBuf {
        self.dir.join(K::LAYOUT.records).join(name)
    }

    /// The plan folder `name`.
    pub fn plan_dir(&self, name: &str) -> PathBuf {
        self.dir.join(K::LAYOUT.plans).join(name)
    }

    /// Reads the folder's manifest ([`read_manifest`]).
    pub fn manifest(&self) -> Result<Option<K::Manifest>, OutputError> {
        read_manifest::<K>(&self.dir)
    }

    /// Makes the folder ready for a run whose manifest is `fresh`:
    /// * new or empty: created, with `fresh` as its manifest;
    /// * a run folder of this kind holding only what it accounts for:
    ///   with `resume`, kept when `resumable` accepts its manifest (its
    ///   listed top files carried into `fresh`), otherwise refused with the
    ///   message `resumable` gives; without `resume`, cleared
    ///   ([`RunFolder::clear`]) and given `fresh`;
    /// * anything else (no manifest, a damaged one, files the run did not
    ///   write, changed files, an input of the run inside): refused before
    ///   anything is written or removed.
    ///
    /// Returns the manifest now on disk and whether the run resumes.
    pub fn prepare(
        &self,
        fresh: &K::Manifest,
        resume: bool,
        inputs: &[PathBuf],
        resumable: impl FnOnce(&K::Manifest) -> Result<(), String>,
    ) -> Result<(K::Manifest, bool), OutputError> {
        let layout = K::LAYOUT;
        let dir = &self.dir;
        let mut manifest = fresh.clone();
        let mut resumed = false;
        let empty = !dir.exists() || fs::read_dir(dir).map_err(io(dir))?.next().is_none();
        if !empty {
            check_inputs(dir, inputs)?;
            let Some(old) = self.manifest()? else {
                return Err(OutputError::Unsafe(format!(
                    "`{}` holds files that are not a staffing {} (no {}); choose an empty or new folder for --out",
                    dir.display(),
                    layout.kind,
                    layout.manifest
                )));
            };
            if resume {
                resumable(&old).map_err(|message| {
                    OutputError::Unsafe(format!("`{}` {message}", dir.display()))
                })?;
                // Everything must still be the run's own, as for a clear.
                let found = self.judge(&old)?;
                if !found.foreign.is_empty() || !found.changed.is_empty() {
                    return Err(OutputError::NotOurs {
                        dir: dir.clone(),
                        marked: true,
                        foreign: found.foreign,
                        changed: found.changed,
                    });
                }
                self.remove_dead_temps()?;
                *manifest.files_mut() = old.files().to_vec();
                resumed = true;
            } else {
                self.clear(&old)?;
            }
        }
        let records = dir.join(layout.records);
        fs::create_dir_all(&records).map_err(io(&records))?;
        self.write_manifest(&manifest)?;
        Ok((manifest, resumed))
    }

    /// Writes the manifest (atomically, synced).
    pub fn write_manifest(&self, manifest: &K::Manifest) -> Result<(), OutputError> {
        let mut bytes = serde_json::to_vec_pretty(manifest).unwrap_or_default();
        bytes.push(b'\n');
        write_atomic(&self.dir.join(K::LAYOUT.manifest), &bytes)
    }

    /// Judges every entry against the manifest `old` and the layout.
    fn judge(&self, old: &K::Manifest) -> Result<Clearing, OutputError> {
        let layout = K::LAYOUT;
        let dir = &self.dir;
        let mut c = Clearing::default();
        let kind = |p: &Path| fs::symlink_metadata(p).ok().map(|m| m.file_type());

        let records = dir.join(layout.records);
        match kind(&records) {
            None => {}
            Some(k) if k.is_dir() => {
                for (name, path, is_dir) in listing(&records)? {
                    let record = (layout.record_name)(&name)
                        && read_regular(&path, layout.record_max_bytes)
                            .is_ok_and(|b| serde_json::from_slice::<K::Record>(&b).is_ok());
                    if record || dead_temp_leaf(&name).is_some() {
                        c.files.push(path);
                    } else {
                        c.foreign
                            .push(format!("{}/{name}{}", layout.records, slash(is_dir)));
                    }
                }
                c.emptied.push(records);
            }
            Some(_) => c.foreign.push(layout.records.into()),
        }

        let plans = dir.join(layout.plans);
        match kind(&plans) {
            None => {}
            Some(k) if k.is_dir() => {
                for (name, path, is_dir) in listing(&plans)? {
                    if is_dir && (layout.plan_name)(&name) {
                        c.folder(path, &format!("{}/{name}", layout.plans))?;
                    } else if leftover(&plans, &name) {
                        c.leftovers.push(path);
                    } else {
                        c.foreign
                            .push(format!("{}/{name}{}", layout.plans, slash(is_dir)));
                    }
                }
                c.emptied.push(plans);
            }
            Some(_) => c.foreign.push(layout.plans.into()),
        }

        for name in layout.folders {
            let path = dir.join(name);
            match kind(&path) {
                None => {}
                Some(k) if k.is_dir() => c.folder(path, name)?,
                Some(_) => c.foreign.push(name.to_string()),
            }
        }

        let listed: BTreeSet<&str> = old.files().iter().map(|f| f.name.as_str()).collect();
        for (name, path, is_dir) in listing(dir)? {
            if layout.own(&name) {
                continue;
            }
            if !is_dir && dead_temp_leaf(&name).is_some() {
                c.files.push(path);
            } else if listed.contains(name.as_str()) {
                let sha = file_sha(&path);
                let same = old
                    .files()
                    .iter()
                    .any(|f| f.name == name && Some(&f.sha256) == sha.as_ref());
                if same {
                    c.files.push(path);
                } else {
                    c.changed.push(format!("{name}{}", slash(is_dir)));
                }
            } else {
                c.foreign.push(format!("{name}{}", slash(is_dir)));
            }
        }
        Ok(c)
    }

    /// Removes what an earlier run wrote — its records, plan folders,
    /// marked folders and listed top files, each only when it is unchanged —
    /// and nothing else. When anything else is there, it refuses before
    /// removing anything, naming the entries. The manifest stays (the
    /// caller writes the new one).
    pub fn clear(&self, old: &K::Manifest) -> Result<(), OutputError> {
        let c = self.judge(old)?;
        if !c.foreign.is_empty() || !c.changed.is_empty() {
            return Err(OutputError::NotOurs {
                dir: self.dir.clone(),
                marked: true,
                foreign: c.foreign,
                changed: c.changed,
            });
        }
        for f in &c.files {
            fs::remove_file(f).map_err(io(f))?;
        }
        for l in &c.leftovers {
            remove_leftover(l);
        }
        for f in &c.folders {
            remove_output_folder(f)?;
        }
        for d in &c.emptied {
            fs::remove_dir(d).map_err(io(d))?;
        }
        Ok(())
    }

    /// Removes the temporary files of atomic writes that a killed run left
    /// at the top and among the records, so a resumed run ends with the
    /// same files as one never interrupted.
    fn remove_dead_temps(&self) -> Result<(), OutputError> {
        for dir in [self.dir.clone(), self.dir.join(K::LAYOUT.records)] {
            if !dir.is_dir() {
                continue;
            }
            for (name, path, is_dir) in listing(&dir)? {
                if !is_dir && dead_temp_leaf(&name).is_some() {
                    fs::remove_file(&path).map_err(io(&path))?;
                }
            }
        }
        Ok(())
    }

    /// Writes a progress record, atomically (not synced: a record torn by a
    /// power loss fails its check on `--resume` and its item is planned
    /// again).
    pub fn write_record(&self, name: &str, record: &K::Record) -> Result<(), OutputError> {
        if !(K::LAYOUT.record_name)(name) {
            return Err(OutputError::Unsafe(format!(
                "internal error: `{}` is not a record name",
                name.escape_debug()
            )));
        }
        let mut bytes = serde_json::to_vec(record).unwrap_or_default();
        bytes.push(b'\n');
        write_file(&self.record_path(name), &bytes, false)
    }

    /// Writes an item's plan folder ([`write_folder`]).
    pub fn write_plan(
        &self,
        name: &str,
        files: &[OutputFile],
        inputs: &[PathBuf],
    ) -> Result<(), OutputError> {
        if !(K::LAYOUT.plan_name)(name) {
            return Err(OutputError::Unsafe(format!(
                "internal error: `{}` is not a plan folder name",
                name.escape_debug()
            )));
        }
        write_folder(&self.plan_dir(name), files, inputs)
    }

    /// Reads the progress records of the folder: each `NAME` the layout
    /// calls a record's is read as untrusted input (a regular file within
    /// the size limit) and given to `parse`, which checks it against this
    /// run; those it accepts are usable, the others are listed with the
    /// reason. Temporary files of dead runs are removed; nothing else is
    /// touched.
    pub fn read_records<T>(
        &self,
        parse: impl Fn(&str, &[u8]) -> Result<T, String>,
    ) -> Records<T> {
        read_records::<K, T>(&self.dir, parse)
    }

    /// Writes the run's top files and lists them in the manifest. Safe
    /// against a kill at any point: the manifest first lists both the old
    /// and the new content of each file, then the files are written
    /// (atomically), the earlier run's files this run does not write are
    /// removed (when unchanged), and the manifest then lists only the new.
    pub fn write_top(
        &self,
        manifest: &mut K::Manifest,
        files: &[OutputFile],
    ) -> Result<(), OutputError> {
        let mut names = BTreeSet::new();
        for f in files {
            if !is_plain_name(&f.name) || K::LAYOUT.own(&f.name) || !names.insert(f.name.as_str())
            {
                return Err(OutputError::Unsafe(format!(
                    "internal error: `{}` is not a top file name",
                    f.name.escape_debug()
                )));
            }
        }
        let new: Vec<Listed> = files
            .iter()
            .map(|f| Listed {
                name: f.name.clone(),
                sha256: sha(&f.bytes),
            })
            .collect();
        let old = manifest.files().to_vec();
        let mut both = old.clone();
        both.extend(new.iter().cloned());
        *manifest.files_mut() = both;
        self.write_manifest(manifest)?;
        for f in files {
            write_atomic(&self.dir.join(&f.name), &f.bytes)?;
        }
        for listed in &old {
            if !names.contains(listed.name.as_str()) {
                let path = self.dir.join(&listed.name);
                if file_sha(&path).as_deref() == Some(listed.sha256.as_str()) {
                    let _ = fs::remove_file(&path);
                }
            }
        }
        *manifest.files_mut() = new;
        self.write_manifest(manifest)
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
