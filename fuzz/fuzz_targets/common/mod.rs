//! What the folder targets share: the fuzzer's bytes as choices, a scratch
//! folder per case, and a snapshot of a folder to compare before and after.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A pid above any pid_max: no such process.
pub const DEAD: u32 = 4_294_967;

/// The fuzzer's bytes, read one choice at a time (zeros once used up).
pub struct Bytes<'a>(pub &'a [u8]);

impl Bytes<'_> {
    pub fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.byte() as usize % n
    }
}

static RUN: AtomicU64 = AtomicU64::new(0);

/// A fresh scratch folder's path for one case (`/dev/shm` when there is
/// one): `staffing-fuzz-<what><pid>-<case>`.
pub fn base(what: &str) -> PathBuf {
    let shm = Path::new("/dev/shm");
    let root = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    root.join(format!(
        "staffing-fuzz-{what}{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Entries below a folder: links by target, folders as `None`, files by
/// content, anything else (a FIFO) by a tag, never opened.
pub type Tree = BTreeMap<PathBuf, Option<Vec<u8>>>;

/// Every entry below `root` ([`Tree`]).
pub fn snapshot(root: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            let t = e.file_type().unwrap();
            if t.is_symlink() {
                let to = fs::read_link(e.path()).unwrap();
                out.insert(rel, Some(to.to_string_lossy().as_bytes().to_vec()));
            } else if t.is_dir() {
                out.insert(rel, None);
                walk(root, &e.path(), out);
            } else if t.is_file() {
                out.insert(rel, Some(fs::read(e.path()).unwrap()));
            } else {
                out.insert(rel, Some(b"<fifo>".to_vec()));
            }
        }
    }
    let mut out = Tree::new();
    walk(root, root, &mut out);
    out
}
