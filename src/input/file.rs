//! Reading an input file whole, safely: only regular files, at most
//! [`MAX_INPUT_BYTES`].
//!
//! A scenario may name any path, and `stations = "/dev/zero"` or a FIFO is
//! one typo (or one hostile file) away. So before a byte is read:
//!
//! * the path is looked up with `stat` (following symbolic links, which is
//!   how a user expects a link to a data file to work) and anything that is
//!   not a regular file is refused by what it is: a folder, a device
//!   (`/dev/zero`, `/dev/urandom`), a FIFO or a socket. A FIFO is never
//!   opened, so it cannot block;
//! * a file larger than the limit is refused with its size;
//! * the file is then opened (on Unix with `O_NONBLOCK`, so a FIFO swapped in
//!   after the check still cannot block), checked again on the open handle,
//!   and read through a counter that stops one byte past the limit, because
//!   some regular files (`/proc/self/environ`) report a size of 0 and a file
//!   can grow while it is read.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::InputError;

/// The largest input file read: 256 MiB. The largest province in use is a
/// few hundred kilobytes; a national table of 40,000 stations is a few MB.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

fn refuse(file: &Path, problem: String) -> InputError {
    InputError::File {
        file: file.to_path_buf(),
        problem,
    }
}

/// What a file that is not a regular file is, in words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

fn check(file: &Path, meta: &std::fs::Metadata, limit: u64) -> Result<(), InputError> {
    if !meta.is_file() {
        return Err(refuse(
            file,
            format!(
                "is {}, not a regular file; name a CSV file or a workbook",
                kind_of(meta)
            ),
        ));
    }
    if meta.len() > limit {
        return Err(too_large(file, Some(meta.len()), limit));
    }
    Ok(())
}

fn too_large(file: &Path, size: Option<u64>, limit: u64) -> InputError {
    let size = match size {
        Some(n) => format!("{} bytes", n),
        None => "more".into(),
    };
    refuse(
        file,
        format!(
            "is too large ({size}; the limit for this file is {limit} bytes, {} MiB); a table of every station in the country is a few MB and a scenario a page of text, so this is probably not the file meant",
            limit / (1024 * 1024)
        ),
    )
}

/// Reads a whole input file: a regular file of at most [`MAX_INPUT_BYTES`].
pub fn read_input(file: &Path) -> Result<Vec<u8>, InputError> {
    read_limited(file, MAX_INPUT_BYTES)
}

/// Reads a whole regular file of at most `limit` bytes.
pub fn read_limited(file: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let meta = std::fs::metadata(file).map_err(|e| InputError::io(file, e))?;
    check(file, &meta, limit)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let handle: File = options.open(file).map_err(|e| InputError::io(file, e))?;
    let meta = handle.metadata().map_err(|e| InputError::io(file, e))?;
    check(file, &meta, limit)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    handle
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::io(file, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(file, None, limit));
    }
    Ok(bytes)
}

/// The first bytes of an OLE compound file: `.xls`, and also encrypted
/// (password-protected) `.xlsx`, which Excel wraps in such a container.
pub const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The first bytes of a ZIP archive (`.xlsx`, `.ods`).
pub const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";

/// Whether bytes are a workbook (a ZIP or OLE container), not text.
pub fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(&ZIP_MAGIC) || bytes.starts_with(&CFB_MAGIC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_and_refuses_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.csv");
        std::fs::write(&f, b"a,b\n1,2\n").unwrap();
        assert_eq!(read_input(&f).unwrap(), b"a,b\n1,2\n");
        let e = read_input(dir.path()).unwrap_err().to_string();
        assert!(e.contains("is a folder, not a regular file"), "{e}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.csv");
        std::fs::write(&f, b"0123456789").unwrap();
        assert_eq!(read_limited(&f, 10).unwrap().len(), 10);
        let e = read_limited(&f, 9).unwrap_err().to_string();
        assert!(e.contains("is too large (10 bytes; the limit"), "{e}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn devices_and_proc_files_are_bounded() {
        for dev in ["/dev/zero", "/dev/urandom", "/dev/null"] {
            let e = read_input(Path::new(dev)).unwrap_err().to_string();
            assert!(e.contains("is a device, not a regular file"), "{dev}: {e}");
        }
        // /proc/self/environ is a regular file whose size says 0: the
        // counter still bounds it.
        let e = read_limited(Path::new("/proc/self/cmdline"), 1).unwrap_err();
        assert!(e.to_string().contains("is too large (more;"), "{e}");
    }

    /// Under a time limit: if the FIFO were opened for reading, the read
    /// would wait for a writer forever.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("stations.csv");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(read_input(&fifo).map_err(|e| e.to_string())));
        let got = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("reading a FIFO blocked");
        let e = got.unwrap_err();
        assert!(e.contains("is a named pipe (FIFO)"), "{e}");
    }
}
