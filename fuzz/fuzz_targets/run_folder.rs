//! Every resume reader, through the one run-folder module: the bytes build
//! the folder of a sweep or of a roadmap as a killed run, a tampering hand
//! or another program may have left it — a manifest that is valid, lists
//! names outside the folder (`../victim.txt`, an absolute path) or hashes
//! that do not match, is garbage, a FIFO, a link to `/dev/zero` or a
//! folder; records of any content under any name, valid ones, FIFOs and
//! links among them; top files, plan folders, temporary files of dead
//! runs and files of the user — then reads the manifest, reads the
//! records (the sweep's and the roadmap's own readers), and prepares the
//! folder for a new run or a resumed one. Checks:
//!
//! * nothing outside the folder is ever removed or changed (a victim file
//!   beside it and one named by absolute path survive every call);
//! * nothing blocks or reads without bound (a FIFO or `/dev/zero` in any
//!   place is refused or passed over, never read);
//! * a manifest that is there but not a valid one is reported as damaged,
//!   never as missing;
//! * a refused `prepare` changes nothing at all;
//! * a fresh `prepare` that succeeds leaves exactly the new manifest and an
//!   empty records folder, and removed only what the old manifest listed
//!   with its hash, records that parse, and temporary files of dead runs;
//! * a record is used exactly when its own parser accepts it.
#![no_main]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{base, snapshot, Bytes, DEAD};
use libfuzzer_sys::fuzz_target;
use staffing::error::OutputError;
use staffing::output::run::{read_manifest, sha, Listed, RunFolder, RunHead, RunKind};
use staffing::roadmap::ageing::{FlatCounty, FlatPart, FlatStation};
use staffing::roadmap::store as roadmap;
use staffing::sweep::store as sweep;

const FP: &str = "f00d";

impl Bytes<'_> {
    fn raw(&mut self) -> Vec<u8> {
        let n = self.below(48);
        (0..n).map(|_| self.byte()).collect()
    }
}

fn fifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
}

/// What the target needs of a kind: a valid manifest and record, names.
trait Kind: RunKind {
    fn manifest(files: Vec<Listed>) -> Self::Manifest;
    fn record_bytes(i: usize) -> Vec<u8>;
    fn record_name(i: usize) -> String;
    fn plan_name(i: usize) -> String;
    /// The kind's own reader: the records it uses, by file name.
    fn used(folder: &RunFolder<Self>, manifest: &Self::Manifest) -> Vec<String>
    where
        Self: Sized;
    fn parses(name: &str, bytes: &[u8], manifest: &Self::Manifest) -> bool;
}

fn sweep_check(m: &sweep::Manifest) -> sweep::RecordCheck<'_> {
    sweep::RecordCheck {
        fingerprint: &m.head.fingerprint,
        columns: m.head.columns.len(),
        points: m.points,
        values: None,
    }
}

impl Kind for sweep::Sweep {
    fn manifest(files: Vec<Listed>) -> sweep::Manifest {
        let mut head = RunHead::new("s", FP, vec!["point".into(), "status".into()]);
        head.files = files;
        sweep::Manifest {
            head,
            points: 4,
            shard: None,
            sample: None,
            inputs: Vec::new(),
            lang: None,
        }
    }
    fn record_bytes(i: usize) -> Vec<u8> {
        serde_json::to_vec(&sweep::Record {
            point: i,
            fingerprint: FP.into(),
            cells: vec![i.to_string(), "optimal".into()],
        })
        .unwrap()
    }
    fn record_name(i: usize) -> String {
        sweep::record_name(i)
    }
    fn plan_name(i: usize) -> String {
        sweep::plan_name(i)
    }
    fn used(folder: &RunFolder<Self>, m: &sweep::Manifest) -> Vec<String> {
        let check = sweep_check(m);
        folder
            .read_records(|name, bytes| sweep::parse_record(name, bytes, &check))
            .valid
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }
    fn parses(name: &str, bytes: &[u8], m: &sweep::Manifest) -> bool {
        sweep::parse_record(name, bytes, &sweep_check(m)).is_ok()
    }
}

fn roadmap_check(m: &roadmap::Manifest) -> roadmap::RecordCheck<'_> {
    roadmap::RecordCheck {
        manifest: m,
        stations: 1,
        counties: 1,
    }
}

impl Kind for roadmap::Roadmap {
    fn manifest(files: Vec<Listed>) -> roadmap::Manifest {
        let mut head = RunHead::new("s", FP, vec!["year".into()]);
        head.files = files;
        roadmap::Manifest {
            head,
            years: vec![2025, 2026, 2027, 2028],
        }
    }
    fn record_bytes(i: usize) -> Vec<u8> {
        let year = 2025 + i as i32;
        serde_json::to_vec(&roadmap::Record {
            year,
            fingerprint: FP.into(),
            cells: vec![year.to_string()],
            counties: vec![vec!["C1".into()]],
            state: roadmap::Snapshot {
                year,
                sexes_known: false,
                recruit_female_share: 0,
                stations: vec![FlatStation {
                    movable: part(3),
                    restricted: part(0),
                    seconded: part(0),
                    community: 1,
                    auxiliaries: 1,
                    restricted_weight: 0,
                }],
                counties: vec![FlatCounty {
                    hq: part(0),
                    placed: Vec::new(),
                    ledger: [Vec::new(), Vec::new()],
                    restricted_rates: [0; 6],
                    auxiliary_weight: 0,
                }],
            },
        })
        .unwrap()
    }
    fn record_name(i: usize) -> String {
        roadmap::record_name(2025 + i as i32)
    }
    fn plan_name(i: usize) -> String {
        roadmap::plan_name(2025 + i as i32)
    }
    fn used(folder: &RunFolder<Self>, m: &roadmap::Manifest) -> Vec<String> {
        let check = roadmap_check(m);
        folder
            .read_records(|name, bytes| roadmap::parse_record(name, bytes, &check))
            .valid
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }
    fn parses(name: &str, bytes: &[u8], m: &roadmap::Manifest) -> bool {
        roadmap::parse_record(name, bytes, &roadmap_check(m)).is_ok()
    }
}

/// A stored unit of `n` officers born in 1970, retiring in 2030.
fn part(n: i64) -> FlatPart {
    FlatPart {
        count: n,
        cells: if n > 0 {
            vec![[1970, 2030, 1995, 0, n * 1_000_000_000]]
        } else {
            Vec::new()
        },
    }
}

/// Builds a folder state from the bytes; returns the manifest written (if
/// a valid one was) and whether anything in the state is not the run's.
fn build<K: Kind>(b: &mut Bytes, root: &Path, out: &Path) {
    let layout = K::LAYOUT;
    fs::create_dir_all(out).unwrap();
    let victim = root.join("victim.txt");
    let abs_victim = root.join("abs-victim.txt");
    // Top files: present with the listed content, changed, or absent.
    let mut files = Vec::new();
    for name in ["sweep.csv", "report.html"] {
        let content = b.raw();
        match b.below(3) {
            0 => {}
            1 => fs::write(out.join(name), &content).unwrap(),
            _ => fs::write(out.join(name), b"changed").unwrap(),
        }
        files.push(Listed {
            name: name.into(),
            sha256: sha(&content),
        });
    }
    // Names outside the folder, as a tampering hand lists them.
    match b.below(4) {
        0 => files.push(Listed {
            name: "../victim.txt".into(),
            sha256: sha(b"victim"),
        }),
        1 => files.push(Listed {
            name: abs_victim.to_string_lossy().into(),
            sha256: sha(b"victim"),
        }),
        _ => {}
    }
    let manifest_path = out.join(layout.manifest);
    match b.below(7) {
        0 => {}
        1 | 2 => fs::write(&manifest_path, serde_json::to_vec(&K::manifest(files)).unwrap()).unwrap(),
        3 => fs::write(&manifest_path, b.raw()).unwrap(),
        4 => fifo(&manifest_path),
        5 => std::os::unix::fs::symlink("/dev/zero", &manifest_path).unwrap(),
        _ => fs::create_dir(&manifest_path).unwrap(),
    }
    let records = out.join(layout.records);
    if b.below(4) > 0 {
        fs::create_dir_all(&records).unwrap();
        for _ in 0..b.below(5) {
            let i = b.below(6);
            let name = match b.below(5) {
                0 | 1 => K::record_name(i),
                2 => format!(".{}.tmp-{DEAD}", K::record_name(i)),
                3 => "notes.json".into(),
                _ => format!("{}x", K::record_name(i)),
            };
            let path = records.join(&name);
            if fs::symlink_metadata(&path).is_ok() {
                continue;
            }
            match b.below(6) {
                0 | 1 => fs::write(&path, K::record_bytes(i)).unwrap(),
                2 => fs::write(&path, b.raw()).unwrap(),
                3 => fifo(&path),
                4 => std::os::unix::fs::symlink("/dev/zero", &path).unwrap(),
                _ => fs::create_dir(&path).unwrap(),
            }
        }
    }
    match b.below(4) {
        0 => {
            let plan = out.join(layout.plans).join(K::plan_name(b.below(4)));
            fs::create_dir_all(plan.parent().unwrap()).unwrap();
            staffing::output::write_folder(
                &plan,
                &[staffing::output::OutputFile {
                    name: "a.csv".into(),
                    bytes: b.raw(),
                }],
                &[],
            )
            .unwrap();
            if b.below(2) == 0 {
                fs::write(plan.join("a.csv"), b"edited").unwrap();
            }
        }
        1 => fs::write(out.join("thesis.docx"), b"mine").unwrap(),
        2 => fs::write(out.join(format!(".sweep.csv.tmp-{DEAD}")), b"half").unwrap(),
        _ => {}
    }
    fs::write(&victim, b"victim").unwrap();
    fs::write(&abs_victim, b"victim").unwrap();
}

fn exercise<K: Kind>(b: &mut Bytes) {
    let root = base("run-");
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).unwrap();
    let out = root.join("out");
    build::<K>(b, &root, &out);
    let layout = K::LAYOUT;
    let resume = b.below(2) == 0;
    let before = snapshot(&root);
    let manifest_entry = fs::symlink_metadata(out.join(layout.manifest)).ok();

    // The manifest reader: damaged, never missing, when something is there.
    let read = read_manifest::<K>(&out);
    match (&manifest_entry, &read) {
        (None, Ok(None)) => {}
        (None, other) => panic!("no manifest read as {:?}", other.as_ref().map(Option::is_some)),
        (Some(_), Ok(Some(m))) => {
            for f in staffing::output::run::RunManifest::files(m) {
                assert!(
                    staffing::output::is_plain_name(&f.name),
                    "a manifest listing {} was accepted",
                    f.name
                );
            }
        }
        (Some(_), Err(OutputError::Damaged { .. })) => {}
        (Some(_), other) => {
            panic!("a manifest that is there read as {:?}", other.as_ref().map(Option::is_some))
        }
    }
    assert_eq!(snapshot(&root), before, "reading the manifest changed nothing");

    let fresh = K::manifest(Vec::new());
    let result = {
        let folder = RunFolder::<K>::open(&out).expect("the folder opens");
        let prepared = folder.prepare(&fresh, resume, &[], |m| {
            if staffing::output::run::RunManifest::fingerprint(m) == FP {
                Ok(())
            } else {
                Err("holds a different run".into())
            }
        });
        if let Ok((m, true)) = &prepared {
            // Every record the reader uses is one its parser accepts, read
            // straight from a regular file.
            for name in K::used(&folder, m) {
                let path = out.join(layout.records).join(&name);
                let meta = fs::symlink_metadata(&path).unwrap();
                assert!(meta.file_type().is_file(), "{name} is a regular file");
                assert!(K::parses(&name, &fs::read(&path).unwrap(), m), "{name}");
            }
        }
        prepared.map(|(_, resumed)| resumed)
    };
    let after = snapshot(&root);
    assert_eq!(
        fs::read(root.join("victim.txt")).ok().as_deref(),
        Some(&b"victim"[..]),
        "a file beside the folder survives"
    );
    assert_eq!(
        fs::read(root.join("abs-victim.txt")).ok().as_deref(),
        Some(&b"victim"[..]),
        "a file named by absolute path survives"
    );
    assert!(
        !after.keys().any(|p| p.to_string_lossy().ends_with(".lock")),
        "the lock is released"
    );
    match result {
        Err(_) => assert_eq!(after, before, "a refusal changes nothing"),
        Ok(false) => {
            // Fresh: exactly the manifest and an empty records folder.
            let inside: Vec<&PathBuf> = after.keys().filter(|p| p.starts_with("out")).collect();
            let expected: Vec<PathBuf> = vec![
                PathBuf::from("out"),
                Path::new("out").join(layout.manifest),
                Path::new("out").join(layout.records),
            ];
            let mut inside: Vec<PathBuf> = inside.into_iter().cloned().collect();
            inside.sort();
            let mut expected = expected;
            expected.sort();
            assert_eq!(inside, expected, "a fresh folder holds only the new manifest");
            // What was removed was the run's own.
            let old = match &read {
                Ok(Some(m)) => Some(m.clone()),
                _ => None,
            };
            for (path, content) in &before {
                if after.contains_key(path) || !path.starts_with("out") {
                    continue;
                }
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                let Some(bytes) = content else { continue };
                let top = path.parent() == Some(Path::new("out"));
                let record = path.parent() == Some(&Path::new("out").join(layout.records));
                let dead_temp = name.contains(&format!(".tmp-{DEAD}"));
                let listed = old.as_ref().is_some_and(|m| {
                    staffing::output::run::RunManifest::files(m)
                        .iter()
                        .any(|f| f.name == name && f.sha256 == sha(bytes))
                });
                let is_record = record
                    && (layout.record_name)(&name)
                    && serde_json::from_slice::<K::Record>(bytes).is_ok();
                let in_plan = path.starts_with(Path::new("out").join(layout.plans));
                assert!(
                    dead_temp || (top && listed) || is_record || in_plan
                        || name == layout.manifest,
                    "removed {} which was not the run's",
                    path.display()
                );
            }
        }
        Ok(true) => {
            // Resumed: only temporary files of dead runs went away.
            for path in before.keys() {
                if !after.contains_key(path) {
                    assert!(
                        path.to_string_lossy().contains(&format!(".tmp-{DEAD}")),
                        "a resume removed {}",
                        path.display()
                    );
                }
            }
        }
    }
    let _ = fs::remove_dir_all(&root);
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    if b.below(2) == 0 {
        exercise::<sweep::Sweep>(&mut b);
    } else {
        exercise::<roadmap::Roadmap>(&mut b);
    }
});
