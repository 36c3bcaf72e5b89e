//! Writing a whole output folder atomically, replacing only what staffing
//! wrote, and removing what killed runs left (see the
//! [module documentation](super)).

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::atomic::{io, process_gone, read_regular};
use super::marker::{
    check_inputs, entries, is_plain_name, matches, read_marker, refusal, survey, Blocked, Entry,
    Marker, Ownership, MARKER,
};
use super::OutputFile;
use crate::error::OutputError;

/// The folder to write and its parent and name. A path with no name of its
/// own (`.`, `..`, `out/..`) is resolved to the folder it means.
pub(crate) fn resolve(target: &Path) -> Result<(PathBuf, PathBuf, String), OutputError> {
    if let Some(leaf) = target.file_name() {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        return Ok((target.to_path_buf(), parent, leaf.to_string_lossy().into()));
    }
    let real = fs::canonicalize(target).map_err(|source| {
        OutputError::Unsafe(format!(
            "`{}` does not name a folder ({source}); give the output folder's path",
            target.display()
        ))
    })?;
    match (real.parent(), real.file_name()) {
        (Some(parent), Some(leaf)) => Ok((
            real.clone(),
            parent.to_path_buf(),
            leaf.to_string_lossy().into(),
        )),
        _ => Err(OutputError::Unsafe(format!(
            "`{}` is the root of the file system; choose a folder for the output",
            target.display()
        ))),
    }
}

fn check_names(files: &[OutputFile]) -> Result<(), OutputError> {
    let mut seen = BTreeSet::new();
    for f in files {
        if !is_plain_name(&f.name) {
            return Err(OutputError::Unsafe(format!(
                "refusing to write `{}`: not a plain file name",
                f.name.escape_debug()
            )));
        }
        if !seen.insert(f.name.as_str()) {
            return Err(OutputError::Unsafe(format!(
                "refusing to write `{}` twice into one folder",
                f.name
            )));
        }
    }
    Ok(())
}

/// Refuses a symbolic link or a non-folder; true when `path` exists.
fn existing_folder(target: &Path, path: &Path) -> Result<bool, OutputError> {
    match fs::symlink_metadata(path) {
        Err(_) => Ok(false),
        Ok(m) if m.file_type().is_symlink() => Err(OutputError::Unsafe(format!(
            "`{}` is a symbolic link; give a real folder for the output",
            target.display()
        ))),
        Ok(m) if !m.is_dir() => Err(OutputError::Unsafe(format!(
            "`{}` exists and is not a folder; choose another output folder",
            target.display()
        ))),
        Ok(_) => Ok(true),
    }
}

/// Writes the files and the marker into a fresh temporary folder beside the
/// target (marker first, so a run killed half-way leaves a folder the next
/// run can prove is its own).
fn write_temp(parent: &Path, leaf: &str, files: &[OutputFile]) -> Result<PathBuf, OutputError> {
    let tmp = parent.join(format!(".{leaf}.tmp-{}-{}", std::process::id(), nanos()));
    let marker = OutputFile {
        name: MARKER.into(),
        bytes: Marker::of(files).to_bytes(),
    };
    let result = (|| {
        fs::create_dir(&tmp).map_err(io(&tmp))?;
        // The marker is written whole before any other file exists, so a
        // run killed at any point leaves either a folder holding nothing
        // but (part of) the marker, or one whose marker lists every file
        // in it: both are provably ours ([`is_leftover`]).
        let marker_path = tmp.join(MARKER);
        let mut marker_file = fs::File::create_new(&marker_path).map_err(io(&marker_path))?;
        marker_file
            .write_all(&marker.bytes)
            .map_err(io(&marker_path))?;
        // Then the marker's sync and each file (written and synced) by one
        // thread of rayon's pool each, so their syncs overlap; the first
        // failure in file order is reported, whatever the thread count.
        let all: Vec<Option<&OutputFile>> = std::iter::once(None)
            .chain(files.iter().map(Some))
            .collect();
        let written: Vec<Result<(), OutputError>> = all
            .par_iter()
            .map(|f| match f {
                None => marker_file.sync_all().map_err(io(&marker_path)),
                Some(f) => {
                    let path = tmp.join(&f.name);
                    let mut file = fs::File::create_new(&path).map_err(io(&path))?;
                    file.write_all(&f.bytes).map_err(io(&path))?;
                    file.sync_all().map_err(io(&path))
                }
            })
            .collect();
        written.into_iter().collect()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            remove_fresh(&tmp, files);
            Err(e)
        }
    }
}

/// Writes `files` as the whole content of folder `target`, atomically,
/// with a [`MARKER`] listing them.
///
/// An existing `target` is replaced only when [`survey`] finds it empty or
/// entirely staffing's own and unchanged, and when none of `inputs` (the
/// files the run read) lies inside it; otherwise nothing is written or
/// removed and the error names the files in the way.
pub fn write_folder(
    target: &Path,
    files: &[OutputFile],
    inputs: &[PathBuf],
) -> Result<(), OutputError> {
    check_names(files)?;
    let (path, parent, leaf) = resolve(target)?;
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    let exists = existing_folder(target, &path)?;
    if exists {
        check_inputs(&path, inputs).map_err(|e| match e {
            OutputError::HoldsInput { input, .. } => OutputError::HoldsInput {
                dir: target.to_path_buf(),
                input,
            },
            e => e,
        })?;
        if let Ownership::Blocked(blocked) = survey(&path)? {
            return Err(refusal(target, &blocked));
        }
    }
    remove_stale(&parent, &leaf);
    let tmp = write_temp(&parent, &leaf, files)?;
    if exists && exchange(&tmp, &path) {
        // `tmp` now holds the previous folder.
        remove_replaced(&tmp);
    } else if exists {
        let old = parent.join(format!(".{leaf}.old-{}-{}", std::process::id(), nanos()));
        if let Err(source) = fs::rename(&path, &old) {
            remove_fresh(&tmp, files);
            return Err(OutputError::Io { path, source });
        }
        if let Err(source) = fs::rename(&tmp, &path) {
            let _ = fs::rename(&old, &path);
            remove_fresh(&tmp, files);
            return Err(OutputError::Io { path, source });
        }
        remove_replaced(&old);
    } else if let Err(source) = fs::rename(&tmp, &path) {
        remove_fresh(&tmp, files);
        return Err(OutputError::Io { path, source });
    }
    sync_dir(&parent);
    Ok(())
}

/// What [`write_data_folder`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataWrite {
    /// The folder was new or empty and now holds the files.
    Written,
    /// The folder already held exactly these files, byte for byte.
    Unchanged,
}

/// Writes a data folder (the files a user will edit and read back, as
/// `staffing generate` writes them): atomically, with no marker, and only
/// into a new or empty folder. A folder that already holds exactly these
/// files is left as it is; any other content is refused, and nothing is
/// ever removed.
pub fn write_data_folder(target: &Path, files: &[OutputFile]) -> Result<DataWrite, OutputError> {
    check_names(files)?;
    let (path, parent, leaf) = resolve(target)?;
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    if existing_folder(target, &path)? {
        let present = entries(&path)?;
        if !present.is_empty() {
            let same = present.len() == files.len()
                && files.iter().all(|f| {
                    present.iter().any(|e| {
                        e.utf8
                            && e.name == f.name
                            && e.kind.is_file()
                            && fs::read(&e.path).is_ok_and(|b| b == f.bytes)
                    })
                });
            if same {
                return Ok(DataWrite::Unchanged);
            }
            return Err(OutputError::NotEmpty {
                dir: target.to_path_buf(),
                entries: present.iter().map(Entry::shown).collect(),
            });
        }
    }
    remove_stale(&parent, &leaf);
    let tmp = write_temp(&parent, &leaf, files)?;
    // The marker only served to make a killed run's leftovers provably ours;
    // a data folder must not look like an output folder.
    let marker = tmp.join(MARKER);
    if let Err(source) = fs::remove_file(&marker) {
        remove_fresh(&tmp, files);
        return Err(OutputError::Io {
            path: marker,
            source,
        });
    }
    sync_dir(&tmp);
    // Renaming onto an empty folder replaces it (POSIX); elsewhere, remove
    // the empty folder first (remove_dir never removes a non-empty one).
    let mut renamed = fs::rename(&tmp, &path);
    if renamed.is_err() && fs::remove_dir(&path).is_ok() {
        renamed = fs::rename(&tmp, &path);
    }
    if let Err(source) = renamed {
        remove_fresh(&tmp, files);
        return Err(OutputError::Io { path, source });
    }
    sync_dir(&parent);
    Ok(DataWrite::Written)
}

/// Removes a temporary folder this process just created: the files it
/// wrote, the marker, the folder (only if nothing else is in it).
fn remove_fresh(dir: &Path, files: &[OutputFile]) {
    for f in files {
        let _ = fs::remove_file(dir.join(&f.name));
    }
    let _ = fs::remove_file(dir.join(MARKER));
    let _ = fs::remove_dir(dir);
}

/// Removes a folder that was replaced: each file whose content still
/// matches the marker, then the marker and the folder when nothing else is
/// left. A file that appeared or changed since the folder was judged is
/// kept, with the folder. True when the folder is gone.
fn remove_replaced(dir: &Path) -> bool {
    let Some(Ok(marker)) = read_marker(dir) else {
        // Only an empty folder can be without a marker here.
        return fs::remove_dir(dir).is_ok();
    };
    for listed in &marker.files {
        let path = dir.join(&listed.name);
        if matches(&path, listed) {
            let _ = fs::remove_file(&path);
        }
    }
    let only_marker = fs::read_dir(dir)
        .map(|d| d.flatten().all(|e| e.file_name() == MARKER))
        .unwrap_or(false);
    if only_marker {
        let _ = fs::remove_file(dir.join(MARKER));
    }
    fs::remove_dir(dir).is_ok()
}

/// Removes an output folder that [`survey`] finds entirely staffing's own
/// (or empty), file by file as [`write_folder`] removes a replaced folder;
/// refuses otherwise and removes nothing.
pub fn remove_output_folder(dir: &Path) -> Result<(), OutputError> {
    match survey(dir)? {
        Ownership::Blocked(blocked) => Err(refusal(dir, &blocked)),
        Ownership::Empty | Ownership::Own(_) => {
            if remove_replaced(dir) {
                Ok(())
            } else {
                Err(OutputError::Unsafe(format!(
                    "`{}` changed while it was being removed; what staffing did not write is kept there",
                    dir.display()
                )))
            }
        }
    }
}

/// A file of a plan folder larger than this is not one staffing wrote
/// (the largest, a workbook of a nation's stations, is far below it).
const PLAN_FILE_MAX_BYTES: u64 = 1 << 30;

/// The files of an output folder as its marker lists them (as
/// [`write_folder`] wrote them), in name order, to be copied elsewhere.
/// Refuses a folder without a valid marker, or whose listed files are
/// missing, not regular files, or changed; files the marker does not list
/// are not read.
pub fn read_folder(dir: &Path) -> Result<Vec<OutputFile>, OutputError> {
    let marker = match survey(dir)? {
        Ownership::Own(marker) => marker,
        Ownership::Blocked(b) if b.marked && b.changed.is_empty() => {
            // Only files it did not list are in the way: they are not copied.
            match read_marker(dir) {
                Some(Ok(m)) => m,
                _ => return Err(refusal(dir, &b)),
            }
        }
        Ownership::Blocked(b) => return Err(refusal(dir, &b)),
        Ownership::Empty => {
            return Err(OutputError::Unsafe(format!(
                "`{}` is empty: the plan it should hold is missing; run that shard again",
                dir.display()
            )))
        }
    };
    let mut files = Vec::new();
    for listed in &marker.files {
        let path = dir.join(&listed.name);
        let bytes = read_regular(&path, PLAN_FILE_MAX_BYTES).map_err(|problem| {
            OutputError::Unsafe(format!(
                "`{}` is listed in the folder's marker but {problem}; run that shard again",
                path.display()
            ))
        })?;
        if format!("{:x}", Sha256::digest(&bytes)) != listed.sha256 {
            return Err(refusal(
                dir,
                &Blocked {
                    marked: true,
                    changed: vec![listed.name.clone()],
                    ..Blocked::default()
                },
            ));
        }
        files.push(OutputFile {
            name: listed.name.clone(),
            bytes,
        });
    }
    Ok(files)
}

/// Swaps two folders in one step; false when the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        std::ffi::CString::new(a.as_os_str().as_bytes()),
        std::ffi::CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the
    // call; renameat2 reads them and touches no other memory.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    r == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Makes a rename durable (best effort; not possible on every system).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The process id in a leftover's name `.<leaf>.tmp-<pid>-…` or
/// `.<leaf>.old-<pid>-…` (any leaf when `leaf` is `None`).
fn leftover_pid(name: &str, leaf: Option<&str>) -> Option<u32> {
    let rest = match leaf {
        Some(leaf) => name
            .strip_prefix(&format!(".{leaf}.tmp-"))
            .or_else(|| name.strip_prefix(&format!(".{leaf}.old-")))?,
        None => {
            let body = name.strip_prefix('.')?;
            let at = body.rfind(".tmp-").or_else(|| body.rfind(".old-"))?;
            &body[at + 5..]
        }
    };
    let (pid, unique) = rest.split_once('-')?;
    if unique.is_empty() || !unique.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether `path` (named `name`) is a temporary folder of a dead run that
/// is provably ours: a real folder, its process gone, and empty, holding
/// only an empty marker (the run died before writing it, and
/// [`write_temp`] writes it before any other file), or holding only files
/// its valid marker lists.
fn is_leftover(path: &Path, name: &str, leaf: Option<&str>) -> bool {
    let Some(pid) = leftover_pid(name, leaf) else {
        return false;
    };
    if !process_gone(pid) || !fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        return false;
    }
    let Ok(present) = entries(path) else {
        return false;
    };
    if present.is_empty() {
        return true;
    }
    // Killed between creating the marker and writing it, before any other
    // file existed (a marker of a few kB is written by one call).
    if let [only] = present.as_slice() {
        if only.utf8
            && only.kind.is_file()
            && only.name == MARKER
            && fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file() && m.len() == 0)
        {
            return true;
        }
    }
    let Some(Ok(marker)) = read_marker(path) else {
        return false;
    };
    present
        .iter()
        .all(|e| e.utf8 && e.kind.is_file() && (e.name == MARKER || marker.get(&e.name).is_some()))
}

/// Whether `name` inside `parent` is a provably-ours leftover of a killed
/// run (see the module documentation), which [`remove_leftover`] removes.
pub fn leftover(parent: &Path, name: &str) -> bool {
    is_leftover(&parent.join(name), name, None)
}

/// Removes a leftover [`leftover`] accepted: the files its marker lists,
/// the marker, the folder.
pub fn remove_leftover(path: &Path) {
    if let Some(Ok(marker)) = read_marker(path) {
        for listed in &marker.files {
            let _ = fs::remove_file(path.join(&listed.name));
        }
    }
    let _ = fs::remove_file(path.join(MARKER));
    let _ = fs::remove_dir(path);
}

/// Removes the leftovers of killed runs beside `leaf` in `parent`.
fn remove_stale(parent: &Path, leaf: &str) {
    let Ok(all) = fs::read_dir(parent) else {
        return;
    };
    for entry in all.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if is_leftover(&entry.path(), &name, Some(leaf)) {
            remove_leftover(&entry.path());
        }
    }
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

#[cfg(test)]
#[path = "folder_tests.rs"]
mod tests;
