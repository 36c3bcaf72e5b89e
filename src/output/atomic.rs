//! The one temp-and-rename write of the crate, and the one guarded read of
//! a file that a run finds in an output folder.
//!
//! **Writing** ([`write_atomic`], [`write_file`]): the bytes go to a
//! temporary file beside the target, `.<name>.tmp-<pid>`, which is then
//! renamed over it, so a reader or a killed run sees the old file or the new
//! one, never a torn one. A temporary file left by a killed run is known by
//! its name: under the folder's lock, by any process id but this one's
//! ([`others_temp_leaf`]); elsewhere, by its process being gone
//! ([`dead_temp_leaf`]). The next run that owns the folder removes it.
//!
//! **Reading back** ([`read_regular`]): whatever a run finds in an output
//! folder may have been altered since it was written. It is read only when
//! it is a regular file (not a link, a FIFO or a device: a FIFO would block
//! and `/dev/zero` would never end) and no larger than a limit, and the
//! read itself stops at the limit.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::OutputError;

/// The error of a file system call on `path`, for `map_err`.
pub fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes a file atomically and durably: a temporary file beside it,
/// synced to disk, renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_file(path, bytes, true)
}

/// Writes a file atomically (temporary file + rename); `sync` also syncs it
/// to disk before the rename. The rename alone is atomic against the
/// process being killed; the sync adds safety against power loss.
pub fn write_file(path: &Path, bytes: &[u8], sync: bool) -> Result<(), OutputError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let leaf = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{leaf}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp).map_err(io(&tmp))?;
        f.write_all(bytes).map_err(io(&tmp))?;
        if sync {
            f.sync_all().map_err(io(&tmp))?;
        }
        fs::rename(&tmp, path).map_err(io(path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A temporary file of [`write_file`] by name (`.<leaf>.tmp-<pid>`): its
/// leaf and the id of the process that wrote it.
fn temp_parts(name: &str) -> Option<(&str, u32)> {
    let (leaf, pid) = name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    Some((leaf, pid.parse().ok()?))
}

/// The file a temporary file of [`write_file`] was for (`.<leaf>.tmp-<pid>`
/// → `<leaf>`), when the process that wrote it is gone: a killed run's
/// leftover, safe to remove. For a folder no lock guards (`merge` reading
/// shards that may still run).
pub fn dead_temp_leaf(name: &str) -> Option<&str> {
    temp_parts(name).and_then(|(leaf, pid)| process_gone(pid).then_some(leaf))
}

/// The file a temporary file of [`write_file`] was for, when another
/// process wrote it. Only for a folder this process holds under its lock
/// ([`super::lock`]): no other run can be writing into it, so the file is a
/// killed run's leftover whatever process its id names now. (Process ids
/// are reused: where `pid_max` is 32,768 a busy machine wraps in minutes,
/// and a cancelled array task's id is soon another process's.)
pub fn others_temp_leaf(name: &str) -> Option<&str> {
    temp_parts(name).and_then(|(leaf, pid)| (pid != std::process::id()).then_some(leaf))
}

/// Whether process `pid` is known to be gone (never true where this cannot
/// be told, so nothing of a live run is ever removed).
pub fn process_gone(pid: u32) -> bool {
    pid != std::process::id()
        && cfg!(target_os = "linux")
        && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Why a file found in an output folder was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Nothing of that name.
    Missing,
    /// A folder, a link, a FIFO, a device or a socket.
    NotAFile,
    /// Larger than the limit (its size in bytes).
    TooLarge(u64),
    /// The system refused the read.
    Failed(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Missing => f.write_str("is missing"),
            Unreadable::NotAFile => f.write_str("is not a regular file"),
            Unreadable::TooLarge(n) => write!(f, "is too large ({n} bytes)"),
            Unreadable::Failed(why) => write!(f, "cannot be read ({why})"),
        }
    }
}

/// Reads a file of an output folder as untrusted input: only a regular
/// file (links are not followed), of at most `limit` bytes, and never more
/// than `limit` bytes even if it grows while being read.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Unreadable::Missing),
        Err(e) => return Err(Unreadable::Failed(e.to_string())),
    };
    if !meta.file_type().is_file() {
        return Err(Unreadable::NotAFile);
    }
    if meta.len() > limit {
        return Err(Unreadable::TooLarge(meta.len()));
    }
    let file = open_no_follow(path).map_err(|e| Unreadable::Failed(e.to_string()))?;
    // The file may have been swapped for something else since it was
    // judged: judge what was opened.
    let opened = file
        .metadata()
        .map_err(|e| Unreadable::Failed(e.to_string()))?;
    if !opened.file_type().is_file() {
        return Err(Unreadable::NotAFile);
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Unreadable::Failed(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(Unreadable::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Opens a file for reading without following a final link and without
/// blocking on a FIFO put there in the meantime.
fn open_no_follow(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_atomic(&path, b"one").unwrap();
        write_file(&path, b"two", false).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn only_small_regular_files_are_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        fs::write(&file, b"12345").unwrap();
        assert_eq!(read_regular(&file, 5).unwrap(), b"12345");
        assert_eq!(read_regular(&file, 4), Err(Unreadable::TooLarge(5)));
        assert_eq!(
            read_regular(&dir.path().join("none"), 5),
            Err(Unreadable::Missing)
        );
        assert_eq!(read_regular(dir.path(), 5), Err(Unreadable::NotAFile));
        #[cfg(unix)]
        {
            let link = dir.path().join("zero");
            std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
            assert_eq!(read_regular(&link, 5), Err(Unreadable::NotAFile));
            let fifo = dir.path().join("fifo");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            // SAFETY: a valid NUL-terminated path.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            assert_eq!(read_regular(&fifo, 5), Err(Unreadable::NotAFile));
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_temporary_file_is_dead_only_when_its_process_is_gone() {
        assert_eq!(dead_temp_leaf(".a.json.tmp-4294967"), Some("a.json"));
        let mine = format!(".a.json.tmp-{}", std::process::id());
        assert_eq!(dead_temp_leaf(&mine), None);
        assert_eq!(dead_temp_leaf("a.json"), None);
        // Process 1 always runs: its id on a leftover says nothing under
        // the folder's lock.
        assert_eq!(dead_temp_leaf(".a.json.tmp-1"), None);
        assert_eq!(others_temp_leaf(".a.json.tmp-1"), Some("a.json"));
        assert_eq!(others_temp_leaf(&mine), None);
        assert_eq!(others_temp_leaf("a.json"), None);
    }
}
