//! The bench's output folder: taken only when the bench wrote it, and no
//! file in it replaced unless the bench wrote that file and nobody changed
//! it since.
//!
//! The folder carries the marker every output folder carries
//! ([`crate::output::MARKER`], `.staffing-output`): the files the last bench
//! run wrote there, with their SHA-256. A run ([`claim`]) takes a folder
//! that is new or empty, or whose marker accounts for every file in it,
//! unchanged; besides those files it may hold only the bench's own
//! sub-folders ([`SUBFOLDERS`]). Anything else — a folder without a marker
//! (even one whose `report.md` starts like a bench's), a file the user put
//! there, a `report.md` or `default_path.csv` the user edited — is refused
//! before anything is measured, with the names, and nothing is written.
//!
//! `--plot-only` ([`claim_files`]) writes only the two chart files: each
//! must be absent, or listed by the marker and unchanged; the folder's other
//! files stay as they are (and stay listed).
//!
//! When the run is done ([`write`]), the folder is judged again (a file
//! edited while the bench measured is not overwritten), the new files are
//! written one by one atomically, the files of the previous run that this
//! one did not write again are removed if they still hold what that run
//! wrote, and the marker is written last. A crash between a file and the
//! marker leaves that file "changed": the next run refuses, naming it, and
//! never overwrites it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::BenchError;
use crate::error::OutputError;
use crate::output::marker::{matches, read_marker};
use crate::output::{
    refusal, survey, write_atomic, Blocked, MarkedFile, Marker, OutputFile, Ownership,
};

/// The sub-folders the bench keeps beside its files: the generated
/// instances, the measured runs' output folders (removed when it ends), and
/// `quick/` (`staffing bench --quick` writes `bench/quick/` inside the
/// default `bench/`). The bench writes into the first two only through
/// routines that refuse what they did not write; it never touches `quick/`.
pub const SUBFOLDERS: [&str; 3] = ["instances", "runs", "quick"];

/// A folder the bench may write into ([`claim`], [`claim_files`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    dir: PathBuf,
    /// The marker of the previous bench run, if the folder has one.
    previous: Option<Marker>,
    /// `None`: the whole folder, whose other files of the previous run are
    /// stale and removed. `Some`: only these files (`--plot-only`); the
    /// rest stays, and stays listed.
    only: Option<Vec<String>>,
}

/// Takes `dir` for the bench, or refuses it: see the module documentation.
pub fn claim(dir: &Path) -> Result<Claim, BenchError> {
    let claim = |previous| Claim {
        dir: dir.to_path_buf(),
        previous,
        only: None,
    };
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(claim(None)),
        Err(source) => {
            return Err(BenchError::Io {
                path: dir.to_path_buf(),
                source,
            })
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(OutputError::Unsafe(format!(
                "`{}` is not a folder (a file or a link): give a new or empty folder with --out",
                dir.display()
            ))
            .into())
        }
        Ok(_) => {}
    }
    match survey(dir)? {
        Ownership::Empty => Ok(claim(None)),
        Ownership::Own(marker) => Ok(claim(Some(marker))),
        Ownership::Blocked(mut blocked) => {
            blocked
                .foreign
                .retain(|name| !SUBFOLDERS.iter().any(|s| *name == format!("{s}/")));
            if blocked.foreign.is_empty() && blocked.changed.is_empty() && blocked.marker.is_none()
            {
                let previous = if blocked.marked {
                    read_marker(dir).and_then(Result::ok)
                } else {
                    None
                };
                return Ok(claim(previous));
            }
            Err(refusal(dir, &blocked).into())
        }
    }
}

/// Takes the files `names` of `dir` for `--plot-only`: each must be absent,
/// or listed by the folder's marker and unchanged. The folder's other
/// entries are neither judged nor touched.
pub fn claim_files(dir: &Path, names: &[String]) -> Result<Claim, BenchError> {
    let previous = match read_marker(dir) {
        None => None,
        Some(Ok(marker)) => Some(marker),
        Some(Err(problem)) => {
            let blocked = Blocked {
                marked: false,
                marker: Some(problem),
                foreign: vec![crate::output::MARKER.to_string()],
                changed: Vec::new(),
            };
            return Err(refusal(dir, &blocked).into());
        }
    };
    let mut blocked = Blocked {
        marked: previous.is_some(),
        ..Blocked::default()
    };
    for name in names {
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_err() {
            continue;
        }
        match previous.as_ref().and_then(|m| m.get(name)) {
            Some(listed) if matches(&path, listed) => {}
            Some(_) => blocked.changed.push(name.clone()),
            None => blocked.foreign.push(name.clone()),
        }
    }
    if !blocked.foreign.is_empty() || !blocked.changed.is_empty() {
        return Err(refusal(dir, &blocked).into());
    }
    Ok(Claim {
        dir: dir.to_path_buf(),
        previous,
        only: Some(names.to_vec()),
    })
}

/// Writes `files` into the claimed folder (created if missing) and its
/// marker; the previous run's other files are removed (a whole folder) or
/// kept ([`claim_files`]).
pub fn write(claimed: &Claim, files: &[(String, Vec<u8>)]) -> Result<(), BenchError> {
    // Judged again: a file edited while the bench measured stays.
    let now = match &claimed.only {
        None => claim(&claimed.dir)?,
        Some(names) => claim_files(&claimed.dir, names)?,
    };
    let dir = &claimed.dir;
    std::fs::create_dir_all(dir).map_err(|source| BenchError::Io {
        path: dir.clone(),
        source,
    })?;
    for (name, bytes) in files {
        write_atomic(&dir.join(name), bytes)?;
    }
    let written: BTreeSet<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let before: Vec<&MarkedFile> = now
        .previous
        .iter()
        .flat_map(|m| &m.files)
        .filter(|f| !written.contains(f.name.as_str()))
        .collect();
    let mut marker = Marker::of(
        &files
            .iter()
            .map(|(name, bytes)| OutputFile {
                name: name.clone(),
                bytes: bytes.clone(),
            })
            .collect::<Vec<_>>(),
    );
    for listed in before {
        let path = dir.join(&listed.name);
        if claimed.only.is_some() {
            marker.files.push(listed.clone());
        } else if matches(&path, listed) {
            std::fs::remove_file(&path).map_err(|source| BenchError::Io { path, source })?;
        }
    }
    marker.files.sort_by(|a, b| a.name.cmp(&b.name));
    write_atomic(&dir.join(crate::output::MARKER), &marker.to_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MARKER;

    fn files(report: &str) -> Vec<(String, Vec<u8>)> {
        vec![
            ("report.md".into(), report.as_bytes().to_vec()),
            ("default_path.csv".into(), b"a,b\n1,2\n".to_vec()),
        ]
    }

    #[test]
    fn a_new_folder_then_its_own_files_again() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("bench");
        write(&claim(&out).unwrap(), &files("# staffing bench\none")).unwrap();
        assert!(out.join(MARKER).is_file());
        std::fs::create_dir_all(out.join("instances/n100")).unwrap();
        // Its own files, unchanged, and its sub-folders: taken again.
        let c = claim(&out).unwrap();
        let mut full = files("# staffing bench\ntwo");
        full.push(("milp.csv".into(), b"x\n".to_vec()));
        write(&c, &full).unwrap();
        // A quick run after a full one: milp.csv is the previous run's, and
        // goes; the new marker lists what is there.
        write(&claim(&out).unwrap(), &files("# staffing bench\nthree")).unwrap();
        assert!(!out.join("milp.csv").exists());
        assert!(claim(&out).is_ok());
        // --plot-only keeps the rest, and replaces its own chart.
        let names = vec!["scaling.svg".to_string()];
        let chart = vec![(names[0].clone(), b"<svg/>".to_vec())];
        write(&claim_files(&out, &names).unwrap(), &chart).unwrap();
        write(&claim_files(&out, &names).unwrap(), &chart).unwrap();
        assert!(out.join("report.md").exists());
        assert_eq!(read_marker(&out).unwrap().unwrap().files.len(), 3);
        assert!(claim(&out).is_ok());
        // A chart the bench did not write is not replaced.
        let other = tmp.path().join("mine");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("scaling.svg"), "mine").unwrap();
        let e = claim_files(&other, &names).unwrap_err().to_string();
        assert!(e.contains("scaling.svg"), "{e}");
    }

    #[test]
    fn an_edited_file_or_a_folder_without_a_marker_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("bench");
        write(&claim(&out).unwrap(), &files("# staffing bench\n")).unwrap();
        std::fs::write(out.join("default_path.csv"), "my edit").unwrap();
        let e = claim(&out).unwrap_err().to_string();
        assert!(
            e.contains("default_path.csv") && e.contains("changed"),
            "{e}"
        );

        // A report.md that starts like a bench's does not make a folder the
        // bench's.
        let other = tmp.path().join("other");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("report.md"), "# staffing bench\nmine").unwrap();
        let e = claim(&other).unwrap_err().to_string();
        assert!(e.contains("report.md") && e.contains("marker"), "{e}");
        // Its scratch folders alone are no one else's files.
        let scratch = tmp.path().join("scratch");
        std::fs::create_dir_all(scratch.join("instances")).unwrap();
        assert!(claim(&scratch).is_ok());
    }

    /// An edit made while the bench measured is not overwritten.
    #[test]
    fn a_file_edited_during_the_run_is_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("bench");
        write(&claim(&out).unwrap(), &files("# staffing bench\n")).unwrap();
        let c = claim(&out).unwrap();
        std::fs::write(out.join("report.md"), "edited").unwrap();
        assert!(write(&c, &files("# staffing bench\nnew")).is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("report.md")).unwrap(),
            "edited"
        );
    }
}
