//! Output folders that never mix two runs and never escape where they belong.
//!
//! All files of a run are written into a fresh temporary folder beside the
//! target, then the folder is renamed into place. An earlier output folder is
//! replaced only if staffing wrote it (it holds [`MARKER`]).

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
    fs::create_dir_all(&parent).map_err(io(&parent))?;
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
        for f in files.iter().chain(std::iter::once(&OutputFile {
            name: MARKER.into(),
            bytes: b"written by staffing\n".to_vec(),
        })) {
            if f.name.contains(['/', '\\']) || f.name.starts_with("..") {
                return Err(OutputError::Unsafe(format!(
                    "refusing to write `{}`",
                    f.name
                )));
            }
            let path = tmp.join(&f.name);
            let mut file = fs::File::create(&path).map_err(io(&path))?;
            file.write_all(&f.bytes).map_err(io(&path))?;
            file.sync_all().map_err(io(&path))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if target.exists() {
        let old = parent.join(format!(".{leaf}.old-{unique}"));
        fs::rename(target, &old).map_err(io(target))?;
        if let Err(source) = fs::rename(&tmp, target) {
            let _ = fs::rename(&old, target);
            let _ = fs::remove_dir_all(&tmp);
            return Err(OutputError::Io {
                path: target.to_path_buf(),
                source,
            });
        }
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(&tmp, target).map_err(io(target))?;
    }
    Ok(())
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
}
