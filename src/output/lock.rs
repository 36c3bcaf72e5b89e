//! One writer per output folder: a run holds an advisory lock for as long
//! as it writes into a folder, and a second run into the same folder exits
//! at once (exit 2) naming the folder, instead of mixing its files with the
//! first run's.
//!
//! The lock is taken on a lock file *beside* the folder,
//! `<parent>/.<name>.lock`, not inside it: `solve` replaces its folder
//! whole (a lock file inside would be swapped away with it), and a run
//! must not write into a folder before it has judged that the folder is
//! its own. The file holds the process id of the run that holds it (for
//! the message) and is removed when the run ends; one a killed run left is
//! taken over by the next run, since the system drops a dead process's
//! locks.
//!
//! On Unix the lock is `flock(LOCK_EX | LOCK_NB)`; after taking it the run
//! checks that the name still leads to the file it locked (a run that
//! finished may have removed it in the meantime), and tries again if not.
//! On Windows the file is opened without sharing, which the system refuses
//! to a second opener in the same way.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::atomic::io;
use super::folder::resolve;
use crate::error::OutputError;

/// A held lock on an output folder; released (and its file removed) when
/// dropped.
#[derive(Debug)]
pub struct FolderLock {
    path: PathBuf,
    /// Kept open: closing it releases the lock.
    file: Option<fs::File>,
    /// The parent folder, when taking the lock created it (removed again
    /// if the run left it empty).
    made_parent: Option<PathBuf>,
}

/// The lock file of an output folder: `<parent>/.<name>.lock`.
pub fn lock_path(target: &Path) -> Result<PathBuf, OutputError> {
    let (_, parent, leaf) = resolve(target)?;
    Ok(parent.join(format!(".{leaf}.lock")))
}

/// Whether `name` in a folder is the lock file of a sibling output folder.
pub fn is_lock_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".lock") && name.len() > ".lock".len() + 1
}

/// Takes the lock of output folder `target` for this run, or refuses at
/// once with [`OutputError::Busy`] when another run holds it.
pub fn lock(target: &Path) -> Result<FolderLock, OutputError> {
    let (_, parent, _) = resolve(target)?;
    let made_parent = if parent.exists() {
        None
    } else {
        fs::create_dir_all(&parent).map_err(io(&parent))?;
        Some(parent.clone())
    };
    let path = lock_path(target)?;
    let mut held = FolderLock {
        path: path.clone(),
        file: None,
        made_parent,
    };
    for _ in 0..100 {
        let mut file = open(&path).map_err(|e| busy_or_io(e, target, &path))?;
        if !try_lock(&file).map_err(|e| busy_or_io(e, target, &path))? {
            return Err(busy(target, &path));
        }
        if still_named(&file, &path) {
            let _ = file.set_len(0);
            let _ = writeln!(file, "{}", std::process::id());
            held.file = Some(file);
            return Ok(held);
        }
    }
    Err(busy(target, &path))
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        if self.file.is_some() {
            // Removed while still held, so no other run can be holding it.
            let _ = fs::remove_file(&self.path);
            self.file = None;
        }
        if let Some(parent) = &self.made_parent {
            let _ = fs::remove_dir(parent);
        }
    }
}

fn busy(target: &Path, path: &Path) -> OutputError {
    let mut text = String::new();
    let holder = fs::File::open(path)
        .and_then(|f| f.take(32).read_to_string(&mut text))
        .ok()
        .and_then(|_| text.trim().parse::<u32>().ok());
    OutputError::Busy {
        dir: target.to_path_buf(),
        holder,
    }
}

fn busy_or_io(e: std::io::Error, target: &Path, path: &Path) -> OutputError {
    // ERROR_SHARING_VIOLATION: another process has the file open.
    if cfg!(windows) && e.raw_os_error() == Some(32) {
        return busy(target, path);
    }
    OutputError::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

/// Opens (creating) the lock file: on Unix without following a link, on
/// Windows without sharing (which is the lock there).
fn open(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        options.share_mode(0);
    }
    options.open(path)
}

/// Takes the lock without waiting: false when another process holds it.
#[cfg(unix)]
fn try_lock(file: &fs::File) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor this process owns and keeps open.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    if e.kind() == std::io::ErrorKind::WouldBlock {
        Ok(false)
    } else {
        Err(e)
    }
}

/// Opening without sharing was the lock.
#[cfg(not(unix))]
fn try_lock(_: &fs::File) -> std::io::Result<bool> {
    Ok(true)
}

/// Whether `path` still names the file that was locked.
#[cfg(unix)]
fn still_named(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_: &fs::File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_run_into_a_held_folder_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/out");
        let held = lock(&out).unwrap();
        let err = lock(&out).unwrap_err();
        assert!(matches!(err, OutputError::Busy { .. }), "{err}");
        let text = err.to_string();
        assert!(text.contains("new/out"), "{text}");
        assert!(
            text.contains(&std::process::id().to_string()),
            "names the holder: {text}"
        );
        drop(held);
        // Released: the lock file is gone, and so is the parent it made.
        assert!(!dir.path().join("new").exists());
        let again = lock(&out).unwrap();
        assert!(dir.path().join("new/.out.lock").is_file());
        drop(again);
    }
}
