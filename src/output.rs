//! Output folders that never mix two runs and never escape where they belong.
//!
//! All files of a run are written into a fresh temporary folder beside the
//! target (each file synced to disk), then the folder is renamed into place.
//! An earlier output folder is replaced only if staffing wrote it (it holds
//! [`MARKER`]). On Linux the old and new folders are swapped in one step
//! (`renameat2` with `RENAME_EXCHANGE`), so a reader or a crash sees either
//! the previous complete folder or the new complete one; elsewhere, the old
//! folder is first renamed aside, so a crash at that instant leaves the
//! target absent (never partial). Temporary folders left by a killed run
//! (`.<name>.tmp-<pid>-…`, `.<name>.old-<pid>-…`) are removed by the next run
//! once their process is gone.
//!
//! File names inside the folder must be plain, safe components; the target
//! must not be a symbolic link, so a write never lands outside the folder
//! that was asked for.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::OutputError;

/// File that marks a folder as written by staffing.
pub const MARKER: &str = ".staffing-output";

/// One file of an output folder.
pub struct OutputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Turns a scenario name into one safe path component: no separators, no
/// `..`, no control characters, no leading dot, no Windows device names.
pub fn safe_component(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
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

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `files` as the whole content of folder `target`, atomically.
pub fn write_folder(target: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let leaf = target
        .file_name()
        .ok_or_else(|| {
            OutputError::Unsafe(format!("`{}` does not name a folder", target.display()))
        })?
        .to_string_lossy()
        .to_string();
    for f in files {
        if f.name.is_empty() || f.name != safe_component(&f.name) || f.name == MARKER {
            return Err(OutputError::Unsafe(format!(
                "refusing to write `{}`: not a plain file name",
                f.name
            )));
        }
    }
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    if fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(OutputError::Unsafe(format!(
            "`{}` is a symbolic link; give --out a real folder",
            target.display()
        )));
    }
    remove_stale(&parent, &leaf);
    if target.exists() {
        if !target.is_dir() {
            return Err(OutputError::Unsafe(format!(
                "`{}` exists and is not a folder; choose another --out",
                target.display()
            )));
        }
        let empty = fs::read_dir(target).map_err(io(target))?.next().is_none();
        if !empty && !target.join(MARKER).exists() {
            return Err(OutputError::Unsafe(format!(
                "`{}` holds files staffing did not write; choose an empty or new folder for --out",
                target.display()
            )));
        }
    }
    let unique = format!("{}-{}", std::process::id(), nanos());
    let tmp = parent.join(format!(".{leaf}.tmp-{unique}"));
    let result = (|| {
        fs::create_dir(&tmp).map_err(io(&tmp))?;
        // The marker goes first, so that even a run killed half-way leaves
        // a folder the next run recognises as its own leftover.
        let marker = OutputFile {
            name: MARKER.into(),
            bytes: b"written by staffing\n".to_vec(),
        };
        for f in std::iter::once(&marker).chain(files) {
            let path = tmp.join(&f.name);
            let mut file = fs::File::create(&path).map_err(io(&path))?;
            file.write_all(&f.bytes).map_err(io(&path))?;
            file.sync_all().map_err(io(&path))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        remove_own(&tmp);
        return Err(e);
    }
    if target.exists() && exchange(&tmp, target) {
        remove_own(&tmp);
    } else if target.exists() {
        let old = parent.join(format!(".{leaf}.old-{unique}"));
        fs::rename(target, &old).map_err(io(target))?;
        if let Err(source) = fs::rename(&tmp, target) {
            let _ = fs::rename(&old, target);
            remove_own(&tmp);
            return Err(OutputError::Io {
                path: target.to_path_buf(),
                source,
            });
        }
        remove_own(&old);
    } else {
        fs::rename(&tmp, target).map_err(io(target))?;
    }
    sync_dir(&parent);
    Ok(())
}

/// Removes a folder this module wrote, its marker last, so that a run
/// killed half-way through leaves a folder the next run still recognises.
fn remove_own(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_name() != MARKER {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    let _ = fs::remove_file(dir.join(MARKER));
    let _ = fs::remove_dir(dir);
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

/// Whether process `pid` may still be running (always true where this
/// cannot be told, so nothing of a live run is ever removed).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Removes `.<leaf>.tmp-<pid>-…` and `.<leaf>.old-<pid>-…` folders of runs
/// that were killed before they finished: only when that process is gone and
/// the folder holds the marker (written first) or nothing at all.
fn remove_stale(parent: &Path, leaf: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(rest) = name
            .strip_prefix(&format!(".{leaf}.tmp-"))
            .or_else(|| name.strip_prefix(&format!(".{leaf}.old-")))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid {
            let path = entry.path();
            let ours = path.join(MARKER).exists()
                || fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none());
            if pid != std::process::id() && !alive(pid) && ours {
                remove_own(&path);
            }
        }
    }
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_inside_the_output_folder() {
        assert_eq!(safe_component("../../etc"), "_.._etc");
        assert_eq!(safe_component("/abs"), "_abs");
        assert_eq!(safe_component("CON"), "_CON");
        assert_eq!(safe_component("com1.txt"), "_com1.txt");
        assert_eq!(safe_component("甘肃 基线"), "甘肃 基线");
        assert_eq!(safe_component(".."), "scenario");
    }

    #[test]
    fn replaces_only_its_own_folders() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let f = |s: &str| {
            vec![OutputFile {
                name: "a.txt".into(),
                bytes: s.as_bytes().to_vec(),
            }]
        };
        write_folder(&target, &f("one")).unwrap();
        write_folder(&target, &f("two")).unwrap();
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "two");
        let foreign = dir.path().join("mine");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("thesis.docx"), "x").unwrap();
        assert!(write_folder(&foreign, &f("x")).is_err());
        assert!(foreign.join("thesis.docx").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn refuses_names_that_leave_the_folder_and_symlinked_targets() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["../x", "/etc/passwd", "a/b", "..", "CON", ""] {
            let files = vec![OutputFile {
                name: name.into(),
                bytes: vec![],
            }];
            assert!(
                write_folder(&dir.path().join("out"), &files).is_err(),
                "{name}"
            );
        }
        assert!(!dir.path().join("out").exists());
        #[cfg(unix)]
        {
            let real = dir.path().join("real");
            fs::create_dir(&real).unwrap();
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&real, &link).unwrap();
            let files = vec![OutputFile {
                name: "a.txt".into(),
                bytes: vec![],
            }];
            assert!(write_folder(&link, &files).is_err());
            assert!(!real.join("a.txt").exists());
        }
    }

    #[test]
    fn leftovers_of_dead_runs_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A pid far above any pid_max holds no process.
        let stale = dir.path().join(".out.tmp-4294967-1");
        fs::create_dir(&stale).unwrap();
        fs::write(stale.join(MARKER), "x").unwrap();
        let files = vec![OutputFile {
            name: "a.txt".into(),
            bytes: b"1".to_vec(),
        }];
        write_folder(&dir.path().join("out"), &files).unwrap();
        if cfg!(target_os = "linux") {
            assert!(!stale.exists());
        }
    }
}
