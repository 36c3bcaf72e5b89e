//! Tests of writing, replacing and removing whole output folders.

use super::*;
use crate::output::{safe_component, MarkerProblem};

fn file(name: &str, text: &str) -> OutputFile {
    OutputFile {
        name: name.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn names_stay_inside_the_output_folder() {
    assert_eq!(safe_component("../../etc"), "_.._etc");
    assert_eq!(safe_component("/abs"), "_abs");
    assert_eq!(safe_component("CON"), "_CON");
    assert_eq!(safe_component("com1.txt"), "_com1.txt");
    assert_eq!(safe_component("甘肃 基线"), "甘肃 基线");
    assert_eq!(safe_component(".."), "scenario");
    // Direction and invisible characters, as control characters (issue 27,
    // N17): a right-to-left override would show `exe.jpg` as `gpj.exe`.
    assert_eq!(safe_component("plan\u{202E}gpj.exe"), "plan_gpj.exe");
    assert_eq!(safe_component("a\u{200B}b\u{2066}c\u{FEFF}"), "a_b_c_");
    assert_eq!(safe_component("a\u{1b}[2J"), "a_[2J");
}

#[test]
fn the_marker_lists_every_file_with_its_hash_and_reads_back() {
    let files = vec![file("b.csv", "2"), file("a.txt", "one")];
    let m = Marker::of(&files);
    assert_eq!(m.files.len(), 2);
    assert_eq!(m.files[0].name, "a.txt");
    assert_eq!(m.files[0].bytes, 3);
    assert_eq!(
        m.files[1].sha256,
        "d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35"
    );
    assert_eq!(Marker::parse(&m.to_bytes()), Ok(m.clone()));
    assert_eq!(
        Marker::parse(b"written by staffing\n"),
        Err(MarkerProblem::Old)
    );
    let newer = String::from_utf8(m.to_bytes())
        .unwrap()
        .replace("\"version\": 2", "\"version\": 7");
    assert_eq!(
        Marker::parse(newer.as_bytes()),
        Err(MarkerProblem::Newer(7))
    );
    for bad in [
        &b"{}"[..],
        b"garbage",
        br#"{"format":"staffing-output","version":2,"tool":"x","files":[{"name":"../x","bytes":1,"sha256":"00"}]}"#,
    ] {
        assert_eq!(Marker::parse(bad), Err(MarkerProblem::Invalid));
    }
}

#[test]
fn replaces_only_its_own_unchanged_folders() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    write_folder(&target, &[file("a.txt", "one")], &[]).unwrap();
    write_folder(&target, &[file("a.txt", "two"), file("b.txt", "b")], &[]).unwrap();
    assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "two");
    assert_eq!(names(&target), [MARKER, "a.txt", "b.txt"]);
    // A file the user saved there blocks the next write and survives it.
    fs::write(target.join("notes.txt"), "mine").unwrap();
    let err = write_folder(&target, &[file("a.txt", "3")], &[]).unwrap_err();
    assert!(
        matches!(&err, OutputError::NotOurs { foreign, .. } if foreign == &["notes.txt"]),
        "{err}"
    );
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert_eq!(
        fs::read_to_string(target.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "two");
    fs::remove_file(target.join("notes.txt")).unwrap();
    // So does a file it wrote that was edited since.
    fs::write(target.join("b.txt"), "edited").unwrap();
    let err = write_folder(&target, &[file("a.txt", "3")], &[]).unwrap_err();
    assert!(
        matches!(&err, OutputError::NotOurs { changed, .. } if changed == &["b.txt"]),
        "{err}"
    );
    assert_eq!(fs::read_to_string(target.join("b.txt")).unwrap(), "edited");
    // A listed file that is gone does not block.
    fs::remove_file(target.join("b.txt")).unwrap();
    write_folder(&target, &[file("a.txt", "3")], &[]).unwrap();
    assert_eq!(names(dir.path()), ["out"], "no temporary folder is left");
}

#[test]
fn a_folder_without_a_valid_marker_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    type Make<'a> = &'a dyn Fn(&Path);
    let cases: [(&str, Make); 4] = [
        ("none", &|d: &Path| {
            fs::write(d.join("thesis.docx"), "x").unwrap()
        }),
        ("dir", &|d: &Path| {
            fs::create_dir(d.join(MARKER)).unwrap();
            fs::write(d.join("a.txt"), "x").unwrap();
        }),
        ("garbage", &|d: &Path| {
            fs::write(d.join(MARKER), "{\"format\": 1").unwrap();
            fs::write(d.join("a.txt"), "x").unwrap();
        }),
        ("old", &|d: &Path| {
            fs::write(d.join(MARKER), "written by staffing\n").unwrap();
            fs::write(d.join("a.txt"), "x").unwrap();
        }),
    ];
    for (name, make) in cases {
        let target = dir.path().join(name);
        fs::create_dir(&target).unwrap();
        make(&target);
        let before = names(&target);
        let err = write_folder(&target, &[file("a.txt", "new")], &[]).unwrap_err();
        if name == "old" {
            assert!(matches!(err, OutputError::OldMarker { .. }), "{err}");
            assert!(err.to_string().contains("older version"), "{err}");
        } else {
            assert!(
                matches!(err, OutputError::NotOurs { marked: false, .. }),
                "{name}: {err}"
            );
        }
        assert_eq!(names(&target), before, "{name}");
    }
    let mut left = names(dir.path());
    left.sort();
    assert_eq!(
        left,
        ["dir", "garbage", "none", "old"],
        "nothing left behind"
    );
}

#[test]
fn a_folder_holding_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    write_folder(&target, &[file("counties.csv", "x")], &[]).unwrap();
    let input = dir.path().join("out/../out/counties.csv");
    let err = write_folder(&target, &[file("counties.csv", "y")], &[input]).unwrap_err();
    assert!(matches!(err, OutputError::HoldsInput { .. }), "{err}");
    assert_eq!(
        fs::read_to_string(target.join("counties.csv")).unwrap(),
        "x"
    );
    // An input above the folder, or beside it, is fine.
    let beside = dir.path().join("scenario.toml");
    fs::write(&beside, "").unwrap();
    write_folder(&target, &[file("a.txt", "y")], &[beside]).unwrap();
}

#[test]
fn a_path_without_a_name_means_the_folder_it_resolves_to() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("scenario.toml"), "").unwrap();
    let err = write_folder(&sub.join("."), &[file("a.txt", "1")], &[]).unwrap_err();
    assert!(err.to_string().contains("scenario.toml"), "{err}");
    assert!(!err.to_string().contains("does not name"), "{err}");
    let err = write_folder(
        &sub.join("."),
        &[file("a.txt", "1")],
        &[sub.join("scenario.toml")],
    )
    .unwrap_err();
    assert!(matches!(err, OutputError::HoldsInput { .. }), "{err}");
    // A folder named through `..` is judged by what it holds.
    let parent = dir.path().join("p");
    fs::create_dir_all(parent.join("x")).unwrap();
    let err = write_folder(&parent.join("x/.."), &[file("a.txt", "1")], &[]).unwrap_err();
    assert!(
        matches!(&err, OutputError::NotOurs { foreign, .. } if foreign == &["x/"]),
        "{err}"
    );
    assert_eq!(names(&parent), ["x"]);
}

#[test]
fn refuses_names_that_leave_the_folder_and_symlinked_targets() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["../x", "/etc/passwd", "a/b", "..", "CON", "", MARKER] {
        let files = vec![file(name, "")];
        assert!(
            write_folder(&dir.path().join("out"), &files, &[]).is_err(),
            "{name}"
        );
    }
    let twice = vec![file("a", "1"), file("a", "2")];
    assert!(write_folder(&dir.path().join("out"), &twice, &[]).is_err());
    assert!(!dir.path().join("out").exists());
    #[cfg(unix)]
    {
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert!(write_folder(&link, &[file("a.txt", "")], &[]).is_err());
        assert!(!real.join("a.txt").exists());
    }
}

#[test]
fn leftovers_of_dead_runs_are_removed_only_when_provably_ours() {
    let dir = tempfile::tempdir().unwrap();
    let files = [file("a.txt", "1")];
    // A pid far above any pid_max holds no process.
    let stale = dir.path().join(".out.tmp-4294967-1");
    fs::create_dir(&stale).unwrap();
    fs::write(stale.join(MARKER), Marker::of(&files).to_bytes()).unwrap();
    fs::write(stale.join("a.txt"), "half").unwrap();
    let empty = dir.path().join(".out.old-4294967-2");
    fs::create_dir(&empty).unwrap();
    let mixed = dir.path().join(".out.tmp-4294967-3");
    fs::create_dir(&mixed).unwrap();
    fs::write(mixed.join(MARKER), Marker::of(&files).to_bytes()).unwrap();
    fs::write(mixed.join("mine.txt"), "x").unwrap();
    let old = dir.path().join(".out.tmp-4294967-4");
    fs::create_dir(&old).unwrap();
    fs::write(old.join(MARKER), "written by staffing\n").unwrap();
    // Killed between creating its marker and writing it.
    let unwritten = dir.path().join(".out.tmp-4294967-5");
    fs::create_dir(&unwritten).unwrap();
    fs::write(unwritten.join(MARKER), "").unwrap();
    // An empty marker beside a file is not provably ours: the marker is
    // written before any other file.
    let beside = dir.path().join(".out.tmp-4294967-6");
    fs::create_dir(&beside).unwrap();
    fs::write(beside.join(MARKER), "").unwrap();
    fs::write(beside.join("a.txt"), "1").unwrap();
    write_folder(&dir.path().join("out"), &files, &[]).unwrap();
    if cfg!(target_os = "linux") {
        assert!(!stale.exists());
        assert!(!empty.exists());
        assert!(!unwritten.exists());
    }
    assert!(beside.join("a.txt").exists());
    assert!(mixed.join("mine.txt").exists());
    assert!(old.join(MARKER).exists());
}

#[test]
fn a_data_folder_has_no_marker_and_goes_only_into_a_new_or_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("data");
    let files = [file("scenario.toml", "s"), file("stations.csv", "t")];
    assert_eq!(
        write_data_folder(&target, &files).unwrap(),
        DataWrite::Written
    );
    assert_eq!(names(&target), ["scenario.toml", "stations.csv"]);
    assert_eq!(
        write_data_folder(&target, &files).unwrap(),
        DataWrite::Unchanged
    );
    fs::write(target.join("stations.csv"), "edited").unwrap();
    let err = write_data_folder(&target, &files).unwrap_err();
    assert!(matches!(err, OutputError::NotEmpty { .. }), "{err}");
    assert_eq!(
        fs::read_to_string(target.join("stations.csv")).unwrap(),
        "edited"
    );
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    write_data_folder(&empty, &files).unwrap();
    assert_eq!(names(&empty), ["scenario.toml", "stations.csv"]);
    assert_eq!(names(dir.path()), ["data", "empty"]);
}
