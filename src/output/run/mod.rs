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

use super::atomic::{io, write_atomic, write_file};
use super::folder::write_folder;
use super::lock::{lock, FolderLock};
use super::marker::{check_inputs, is_plain_name};
use super::OutputFile;
use crate::error::OutputError;

mod clear;
mod read;

use read::file_sha;
pub use read::{read_manifest, read_records, Records, Unusable};

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
    /// The file's name in the run folder.
    pub name: String,
    /// The SHA-256 of its content, in hex.
    pub sha256: String,
}

/// What every run folder's manifest holds (flattened into it on disk:
/// `tool`, `scenario`, `fingerprint`, `columns`, `files`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunHead {
    /// The program that wrote the folder, with its version.
    pub tool: String,
    /// The scenario's name.
    pub scenario: String,
    /// What the run reads and every choice that shapes its files.
    pub fingerprint: String,
    /// The columns of the run's table.
    pub columns: Vec<String>,
    /// The top files the run wrote.
    #[serde(default)]
    pub files: Vec<Listed>,
}

impl RunHead {
    /// The head of a new run of this version of the tool.
    pub fn new(scenario: &str, fingerprint: &str, columns: Vec<String>) -> RunHead {
        RunHead {
            tool: format!("staffing {}", env!("CARGO_PKG_VERSION")),
            scenario: scenario.to_string(),
            fingerprint: fingerprint.to_string(),
            columns,
            files: Vec::new(),
        }
    }
}

/// A run folder's manifest: its [`RunHead`] and what its kind adds.
pub trait RunManifest: Serialize + DeserializeOwned + Clone {
    /// What every kind of manifest has.
    fn head(&self) -> &RunHead;
    /// The same, to change.
    fn head_mut(&mut self) -> &mut RunHead;
    /// What the run reads and every choice that shapes its files.
    fn fingerprint(&self) -> &str {
        &self.head().fingerprint
    }
    /// The top files the run wrote.
    fn files(&self) -> &[Listed] {
        &self.head().files
    }
    /// The top files the run wrote, to change.
    fn files_mut(&mut self) -> &mut Vec<Listed> {
        &mut self.head_mut().files
    }
}

/// Declares a kind of run folder: the unit type `$kind` implementing
/// [`RunKind`] with the layout `$layout`, [`RunManifest`] for `$manifest`
/// (a struct with a flattened `head: RunHead`), and `$folder`, the held
/// folder of that kind.
#[macro_export]
macro_rules! run_kind {
    ($(#[$doc:meta])* $kind:ident, $folder:ident, $manifest:ty, $record:ty, $layout:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $kind;

        impl $crate::output::run::RunKind for $kind {
            type Manifest = $manifest;
            type Record = $record;
            const LAYOUT: $crate::output::run::Layout = $layout;
        }

        impl $crate::output::run::RunManifest for $manifest {
            fn head(&self) -> &$crate::output::run::RunHead {
                &self.head
            }
            fn head_mut(&mut self) -> &mut $crate::output::run::RunHead {
                &mut self.head
            }
        }

        /// A held folder of this kind.
        pub type $folder = $crate::output::run::RunFolder<$kind>;
    };
}

/// A kind of run folder: its layout, manifest and record types.
pub trait RunKind {
    /// The manifest of this kind (`sweep.json`, `roadmap.json`).
    type Manifest: RunManifest;
    /// One item's progress record (a point, a year).
    type Record: Serialize + DeserializeOwned;
    /// Where its files go.
    const LAYOUT: Layout;
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
                let found = self.judge(&old, true)?;
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
    pub fn read_records<T>(&self, parse: impl Fn(&str, &[u8]) -> Result<T, String>) -> Records<T> {
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
            if !is_plain_name(&f.name) || K::LAYOUT.own(&f.name) || !names.insert(f.name.as_str()) {
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
