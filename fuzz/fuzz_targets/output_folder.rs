//! Output folders: any state of a target folder (files, sub-folders, links,
//! a marker that is valid, stale, changed, old, garbage or a folder), any
//! leftovers of other runs beside it, any set of new files and inputs, then
//! `write_folder` (or `write_data_folder`). Checks:
//!
//! * it succeeds exactly when the folder is absent, empty, or holds nothing
//!   but files its marker lists with their recorded hashes (for a data
//!   folder: absent, empty, or the very same files), and no input is in it;
//! * a refusal changes nothing at all beside the target, and leaves no
//!   temporary folder;
//! * a success leaves exactly the new files (and, for output, a marker that
//!   lists them), removes only leftovers that are provably ours, and leaves
//!   no temporary folder of its own.
#![no_main]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{base, snapshot, Bytes, DEAD};
use libfuzzer_sys::fuzz_target;
use staffing::output::{write_data_folder, write_folder, DataWrite, Marker, OutputFile, MARKER};

/// Names entries and files are drawn from (the last ones are not plain
/// names a run may write, so only a user can put them there).
const NAMES: [&str; 8] = [
    "allocation.csv",
    "plan.xlsx",
    "summary.json",
    "notes.txt",
    "计划.xlsx",
    "sub",
    ".hidden",
    MARKER,
];
const PLAIN: usize = 5;

impl Bytes<'_> {
    fn content(&mut self) -> Vec<u8> {
        let n = self.below(5);
        (0..n).map(|_| self.byte() % 4 + b'a').collect()
    }
}

/// The marker a dead or live run would have left, in one of several forms.
fn marker_bytes(b: &mut Bytes, present: &[(String, Vec<u8>)]) -> Option<Vec<u8>> {
    match b.below(6) {
        0 => None,
        1 => Some(b"written by staffing\n".to_vec()),
        2 => Some(b"{\"format\": \"staffing-output\", \"version\": 9}".to_vec()),
        3 => Some(b.content()),
        _ => {
            // A valid marker listing some of the files, some with a wrong hash.
            let mut listed = Vec::new();
            for (name, bytes) in present {
                if !NAMES[..PLAIN].contains(&name.as_str()) || b.below(4) == 0 {
                    continue;
                }
                let mut bytes = bytes.clone();
                if b.below(5) == 0 {
                    bytes.push(b'!');
                }
                listed.push(OutputFile {
                    name: name.clone(),
                    bytes,
                });
            }
            if b.below(3) == 0 {
                listed.push(OutputFile {
                    name: "gone.csv".into(),
                    bytes: b"x".to_vec(),
                });
            }
            Some(Marker::of(&listed).to_bytes())
        }
    }
}

/// Fills `dir` with entries drawn from the input; returns the regular files.
fn fill(b: &mut Bytes, dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for name in &NAMES[..NAMES.len() - 1] {
        match b.below(6) {
            0 | 1 => {
                let bytes = b.content();
                fs::write(dir.join(name), &bytes).unwrap();
                files.push((name.to_string(), bytes));
            }
            2 => {
                fs::create_dir(dir.join(name)).unwrap();
                if b.below(2) == 0 {
                    fs::write(dir.join(name).join("inner.txt"), b.content()).unwrap();
                }
            }
            3 => {
                #[cfg(unix)]
                std::os::unix::fs::symlink("/nonexistent/target", dir.join(name)).unwrap();
            }
            _ => {}
        }
    }
    match b.below(4) {
        0 => fs::create_dir(dir.join(MARKER)).unwrap(),
        _ => {
            if let Some(m) = marker_bytes(b, &files) {
                fs::write(dir.join(MARKER), m).unwrap();
            }
        }
    }
    files
}

/// Whether a write may replace `dir` (the rule, restated independently).
fn replaceable(dir: &Path) -> bool {
    let entries: Vec<_> = fs::read_dir(dir).unwrap().flatten().collect();
    if entries.is_empty() {
        return true;
    }
    let marker_path = dir.join(MARKER);
    if !fs::symlink_metadata(&marker_path).is_ok_and(|m| m.file_type().is_file()) {
        return false;
    }
    let Ok(marker) = Marker::parse(&fs::read(&marker_path).unwrap()) else {
        return false;
    };
    entries.iter().all(|e| {
        let name = e.file_name().to_string_lossy().to_string();
        if name == MARKER {
            return true;
        }
        let Some(listed) = marker.get(&name) else {
            return false;
        };
        e.file_type().unwrap().is_file()
            && Marker::of(&[OutputFile {
                name: name.clone(),
                bytes: fs::read(e.path()).unwrap(),
            }])
            .files[0]
                .sha256
                == listed.sha256
    })
}

/// Whether a leftover folder may be removed: its process gone, and empty or
/// holding only regular files its valid marker lists.
fn provably_ours(path: &Path, pid: u32) -> bool {
    if pid != DEAD {
        return false;
    }
    let entries: Vec<_> = fs::read_dir(path).unwrap().flatten().collect();
    if entries.is_empty() {
        return true;
    }
    let marker_path = path.join(MARKER);
    if !fs::symlink_metadata(&marker_path).is_ok_and(|m| m.file_type().is_file()) {
        return false;
    }
    let Ok(marker) = Marker::parse(&fs::read(&marker_path).unwrap()) else {
        return false;
    };
    entries.iter().all(|e| {
        let name = e.file_name().to_string_lossy().to_string();
        e.file_type().unwrap().is_file() && (name == MARKER || marker.get(&name).is_some())
    })
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let root = base("");
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).unwrap();
    let target = root.join("out");

    // The target: absent, or a folder in some state.
    let exists = b.below(4) != 0;
    let mut present = Vec::new();
    if exists {
        fs::create_dir(&target).unwrap();
        present = fill(&mut b, &target);
    }
    // Leftovers of other runs beside it.
    let mut leftovers = Vec::new();
    for k in 0..b.below(3) {
        let pid = if b.below(2) == 0 {
            DEAD
        } else {
            std::process::id()
        };
        let kind = if b.below(2) == 0 { "tmp" } else { "old" };
        let path = root.join(format!(".out.{kind}-{pid}-{k}"));
        fs::create_dir(&path).unwrap();
        if b.below(3) != 0 {
            fill(&mut b, &path);
        }
        leftovers.push((path, pid));
    }
    // The new files (plain names only; the API refuses others).
    let mut files = Vec::new();
    for name in &NAMES[..PLAIN] {
        if b.below(2) == 0 {
            files.push(OutputFile {
                name: name.to_string(),
                bytes: b.content(),
            });
        }
    }
    // Sometimes exactly the files already there (a rerun of the same data).
    if b.below(4) == 0 {
        files = present
            .iter()
            .filter(|(name, _)| NAMES[..PLAIN].contains(&name.as_str()))
            .map(|(name, bytes)| OutputFile {
                name: name.clone(),
                bytes: bytes.clone(),
            })
            .collect();
    }
    // An input of the run: none, beside the target, or one of its files.
    let inputs: Vec<PathBuf> = match b.below(3) {
        0 => Vec::new(),
        1 => {
            let p = root.join("scenario.toml");
            fs::write(&p, "name = \"x\"").unwrap();
            vec![p]
        }
        _ => match present.first() {
            Some((name, _)) => vec![target.join("..").join("out").join(name)],
            None => Vec::new(),
        },
    };
    let input_inside = inputs.iter().any(|p| p.starts_with(&target) || p.to_string_lossy().contains("/out/"));
    let data_mode = b.below(4) == 0;

    let before = snapshot(&root);
    let expect_ok = if data_mode {
        !exists || {
            let entries: Vec<_> = fs::read_dir(&target).unwrap().flatten().collect();
            entries.is_empty()
                || (entries.len() == files.len()
                    && files.iter().all(|f| {
                        fs::symlink_metadata(target.join(&f.name)).is_ok_and(|m| m.is_file())
                            && fs::read(target.join(&f.name)).unwrap() == f.bytes
                    }))
        }
    } else {
        !exists || (!input_inside && replaceable(&target))
    };
    let ours: Vec<bool> = leftovers
        .iter()
        .map(|(p, pid)| provably_ours(p, *pid))
        .collect();

    let result = if data_mode {
        write_data_folder(&target, &files).map(|w| w == DataWrite::Unchanged)
    } else {
        write_folder(&target, &files, &inputs).map(|_| false)
    };

    let after = snapshot(&root);
    match result {
        Err(e) => {
            assert!(!expect_ok, "refused a folder it may write: {e}");
            assert_eq!(before, after, "a refusal changed something: {e}");
        }
        Ok(unchanged) => {
            assert!(expect_ok, "wrote into a folder it must not replace");
            // The target holds exactly the new files (and the marker).
            let mut want: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
            if !data_mode {
                want.push(MARKER.into());
            }
            want.sort();
            let mut got: Vec<String> = fs::read_dir(&target)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .collect();
            got.sort();
            assert_eq!(got, want);
            for f in &files {
                assert_eq!(fs::read(target.join(&f.name)).unwrap(), f.bytes);
            }
            if !data_mode {
                let m = Marker::parse(&fs::read(target.join(MARKER)).unwrap()).unwrap();
                assert_eq!(m, Marker::of(&files));
            }
            // Beside it: leftovers removed only when provably ours; nothing
            // else new; the input untouched.
            for ((path, _), ours) in leftovers.iter().zip(&ours) {
                if unchanged {
                    assert!(path.exists());
                } else if *ours {
                    assert!(!path.exists(), "{} was not removed", path.display());
                } else {
                    let rel = path.strip_prefix(&root).unwrap();
                    for (p, v) in before.iter().filter(|(p, _)| p.starts_with(rel)) {
                        assert_eq!(after.get(p), Some(v), "{} changed", p.display());
                    }
                }
            }
            let expected_beside: Vec<PathBuf> = before
                .keys()
                .filter(|p| p.components().count() == 1 && !p.starts_with("out"))
                .filter(|p| {
                    unchanged
                        || !leftovers
                            .iter()
                            .zip(&ours)
                            .any(|((l, _), o)| *o && l.strip_prefix(&root).unwrap() == p.as_path())
                })
                .cloned()
                .collect();
            let beside: Vec<PathBuf> = after
                .keys()
                .filter(|p| p.components().count() == 1 && !p.starts_with("out"))
                .cloned()
                .collect();
            assert_eq!(beside, expected_beside, "a temporary folder was left");
        }
    }
    let _ = fs::remove_dir_all(&root);
});
