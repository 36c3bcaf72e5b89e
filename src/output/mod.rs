//! Output folders that never mix two runs, never escape where they belong,
//! and never lose a file staffing did not write.
//!
//! **The marker.** Every output folder holds [`MARKER`] (`.staffing-output`),
//! a small JSON manifest ([`Marker`]) listing each file the run wrote with its
//! size and SHA-256. Only a *regular file* holding a valid manifest counts as
//! a marker: a folder of that name, a link, or other content does not.
//!
//! **When an existing folder is replaced** ([`survey`]): only when it is empty,
//! or when every entry in it is a file its marker lists and every listed file
//! still has the recorded hash (a listed file that is gone is fine). Anything
//! else — a file the user saved there, an edited `plan.xlsx`, a sub-folder, a
//! marker from an older version that lists no files — is refused with a typed
//! [`OutputError`] naming the files, before anything is written or removed.
//! A folder that holds an input of the run (after resolving links and `..`)
//! is refused too ([`check_inputs`]).
//!
//! **How it is written** ([`write_folder`]): all files go into a fresh
//! temporary folder beside the target (marker first, each file synced to
//! disk), which is then put in place. On Linux the old and new folders are
//! swapped in one step (`renameat2` with `RENAME_EXCHANGE`), so a reader or a
//! crash sees either the previous complete folder or the new complete one;
//! elsewhere, the old folder is first renamed aside, so a crash at that
//! instant leaves the target absent (never partial). The replaced folder is
//! then removed file by file, and only the files whose content still matches
//! the marker: a file that appeared or changed in the last instant is kept.
//!
//! **Leftovers.** Temporary folders left by a killed run
//! (`.<name>.tmp-<pid>-…`, `.<name>.old-<pid>-…`) are removed by the next
//! run only when they are provably ours: that process is gone, and the folder
//! is empty or every entry is a file its marker lists (their hashes are not
//! required: a killed run leaves files half-written).
//!
//! **Data folders** ([`write_data_folder`], for `staffing generate`) carry no
//! marker, so no later run mistakes them for output: they are written only
//! into a new or empty folder, and writing the very same files again is a
//! no-op.
//!
//! File names inside a folder must be plain, safe components; the target
//! must not be a symbolic link, so a write never lands outside the folder
//! that was asked for.
//!
//! **The parts.**
//! * [`atomic`]: the one temp-and-rename write of a file, and the one
//!   guarded read of a file found in an output folder (regular files only,
//!   with a size limit).
//! * [`marker`]: the marker, the survey of an existing folder, the refusal.
//! * [`folder`]: writing, reading and removing a whole marked folder (a
//!   solve's plan folder), and the leftovers of killed runs.
//! * [`lock`]: one writer per output folder.
//! * [`run`]: a [`RunFolder`], the resumable folder of a run of many plans
//!   (a sweep, a Monte Carlo sample, a roadmap): its manifest, its records,
//!   its plan folders and top files, and the one routine that clears an
//!   earlier run. Everything it reads back is treated as untrusted input.

pub mod atomic;
pub mod folder;
pub mod lock;
pub mod marker;
pub mod run;

pub use atomic::{write_atomic, write_file};
pub use folder::{
    leftover, read_folder, remove_leftover, remove_output_folder, write_data_folder, write_folder,
    DataWrite,
};
pub use lock::{lock, FolderLock};
pub use marker::{
    check_inputs, is_plain_name, refusal, safe_component, survey, Blocked, MarkedFile, Marker,
    MarkerProblem, OutputFile, Ownership, MARKER, MARKER_FORMAT, MARKER_VERSION,
};
pub use run::{Layout, Listed, RunFolder, RunManifest};
