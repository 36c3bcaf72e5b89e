//! The one routine that clears an earlier run from a run folder: it judges
//! every entry first and removes nothing unless everything is the run's
//! own (see the [run folder](super)).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::read::{file_sha, listing, slash};
use super::{RunFolder, RunKind, RunManifest};
use crate::error::OutputError;
use crate::output::atomic::{io, others_temp_leaf, read_regular};
use crate::output::folder::{leftover, remove_leftover, remove_output_folder};
use crate::output::marker::{refusal, survey, MarkerProblem, Ownership};

/// What [`RunFolder::clear`] found: what it may remove, and what stands in
/// the way.
#[derive(Default)]
pub(super) struct Clearing {
    pub(super) foreign: Vec<String>,
    pub(super) changed: Vec<String>,
    pub(super) files: Vec<PathBuf>,
    pub(super) leftovers: Vec<PathBuf>,
    pub(super) folders: Vec<PathBuf>,
    pub(super) emptied: Vec<PathBuf>,
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
    /// Judges every entry against the manifest `old` and the layout. When
    /// `resuming`, a file under a record's name counts as the run's
    /// whatever it holds: the reader passes over one that fails its check,
    /// and the item is planned again and its record written over it.
    pub(super) fn judge(&self, old: &K::Manifest, resuming: bool) -> Result<Clearing, OutputError> {
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
                        && ((resuming && !is_dir)
                            || read_regular(&path, layout.record_max_bytes)
                                .is_ok_and(|b| serde_json::from_slice::<K::Record>(&b).is_ok()));
                    // A folder is never a record or a temporary file, whatever
                    // its name: it is not the run's, and not removed.
                    if !is_dir && (record || others_temp_leaf(&name).is_some()) {
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
            if !is_dir && others_temp_leaf(&name).is_some() {
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
        let c = self.judge(old, false)?;
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
    pub(super) fn remove_dead_temps(&self) -> Result<(), OutputError> {
        for dir in [self.dir.clone(), self.dir.join(K::LAYOUT.records)] {
            if !dir.is_dir() {
                continue;
            }
            for (name, path, is_dir) in listing(&dir)? {
                if !is_dir && others_temp_leaf(&name).is_some() {
                    fs::remove_file(&path).map_err(io(&path))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use serde::{Deserialize, Serialize};

    use crate::output::run::{Layout, RunHead};

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Manifest {
        #[serde(flatten)]
        pub head: RunHead,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Record {
        pub item: usize,
    }

    crate::run_kind! {
        Test, TestFolder, Manifest, Record,
        Layout {
            kind: "test", manifest: "run.json", records: "items", plans: "plans",
            record_name: |name| name.ends_with(".json") && !name.starts_with('.'),
            record_max_bytes: 1 << 10,
            plan_name: |name| name.bytes().all(|b| b.is_ascii_digit()),
            folders: &[],
        }
    }

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        v.sort();
        v
    }

    /// Regression (found by the run_folder fuzz target): a folder named
    /// like a dead run's temporary file was taken for one, and the clear
    /// failed on it after removing the files before it.
    /// (Linux: elsewhere no process is known to be gone.)
    #[cfg(target_os = "linux")]
    #[test]
    fn a_clear_that_refuses_removes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let folder = TestFolder::open(&out).unwrap();
        let fresh = Manifest {
            head: RunHead::new("s", "f00d", Vec::new()),
        };
        folder.prepare(&fresh, false, &[], |_| Ok(())).unwrap();
        let items = out.join("items");
        fs::write(items.join("1.json"), b"{\"item\": 1}").unwrap();
        fs::write(items.join(".1.json.tmp-4294967"), b"half").unwrap();
        fs::create_dir(items.join(".2.json.tmp-4294967")).unwrap();
        let err = folder.prepare(&fresh, false, &[], |_| Ok(())).unwrap_err();
        assert!(
            err.to_string().contains("items/.2.json.tmp-4294967/"),
            "{err}"
        );
        assert_eq!(
            names(&items),
            [".1.json.tmp-4294967", ".2.json.tmp-4294967", "1.json"],
            "nothing was removed"
        );
        // Without the folder in the way, the clear removes the run's own.
        fs::remove_dir(items.join(".2.json.tmp-4294967")).unwrap();
        folder.prepare(&fresh, false, &[], |_| Ok(())).unwrap();
        assert!(names(&items).is_empty());
        assert_eq!(names(&out), ["items", "run.json"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_leftover_whose_process_id_was_reused_is_still_cleared() {
        // A cancelled array task's temporary record, named with an id that
        // a live process (here 1, always running) holds by the time the
        // task is resubmitted: under the folder's lock it is a leftover.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let folder = TestFolder::open(&out).unwrap();
        let fresh = Manifest {
            head: RunHead::new("s", "f00d", Vec::new()),
        };
        folder.prepare(&fresh, false, &[], |_| Ok(())).unwrap();
        let items = out.join("items");
        fs::write(items.join("1.json"), b"{\"item\": 1}").unwrap();
        fs::write(items.join(".2.json.tmp-1"), b"half").unwrap();
        fs::write(out.join(".run.json.tmp-1"), b"half").unwrap();
        folder.prepare(&fresh, true, &[], |_| Ok(())).unwrap();
        assert_eq!(names(&items), ["1.json"]);
        assert_eq!(names(&out), ["items", "run.json"]);
    }
}
