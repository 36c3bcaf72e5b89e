//! Text encodings of CSV files as Chinese offices save them.
//!
//! Excel on a Chinese Windows PC saves "CSV" in the ANSI code page (GBK, which
//! GB18030 extends), "CSV UTF-8" with a byte-order mark, and other tools write
//! plain UTF-8. Detection, in order:
//!
//! 1. a UTF-8 BOM → UTF-8 (the rest must then be valid UTF-8);
//! 2. a UTF-16 BOM → an error that says how to re-save the file;
//! 3. valid UTF-8 → UTF-8 (pure ASCII is reported as UTF-8 too);
//! 4. otherwise GB18030, if every byte sequence decodes cleanly;
//! 5. otherwise an error naming the row and byte offset of the first byte that
//!    is neither UTF-8 nor GB18030.
//!
//! A valid UTF-8 file is never re-read as GBK: short GBK text can happen to be
//! valid UTF-8 only in contrived cases, while the opposite mistake (reading
//! UTF-8 as GBK) would silently garble every name.

use std::borrow::Cow;
use std::path::Path;

use crate::error::{DataProblem, InputError};

/// The encoding a text file was decoded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (as Excel saves "CSV UTF-8").
    Utf8Bom,
    /// GBK or GB18030 (as Chinese Windows saves CSV).
    Gb18030,
}

impl Encoding {
    /// The name shown to users and written to `summary.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Gb18030 => "GB18030 (GBK)",
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The row (1-based, counting line feeds) that byte `offset` lies on.
pub fn row_of(bytes: &[u8], offset: usize) -> u64 {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

fn undecodable(file: &Path, bytes: &[u8], offset: usize, after_bom: bool) -> InputError {
    let shown: Vec<String> = bytes[offset..bytes.len().min(offset + 4)]
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect();
    InputError::Data {
        file: file.to_path_buf(),
        row: Some(row_of(bytes, offset)),
        problem: DataProblem::Undecodable {
            bytes: shown.join(" "),
            offset,
            after_bom,
        },
    }
}

/// Decodes the bytes of a text file, detecting the encoding (see the module
/// documentation). `file` is used in messages.
pub fn decode<'a>(file: &Path, bytes: &'a [u8]) -> Result<(Cow<'a, str>, Encoding), InputError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((Cow::Borrowed(s), Encoding::Utf8Bom)),
            Err(e) => Err(undecodable(file, bytes, e.valid_up_to() + 3, true)),
        };
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(InputError::Data {
            file: file.to_path_buf(),
            row: None,
            problem: DataProblem::Utf16,
        });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(s), Encoding::Utf8));
    }
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(4));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok((Cow::Owned(text), Encoding::Gb18030)),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            let offset = read.saturating_sub(after as usize + bad as usize);
            Err(undecodable(file, bytes, offset, false))
        }
        // The buffer holds the worst case, so this cannot happen; report it
        // as undecodable rather than panic.
        encoding_rs::DecoderResult::OutputFull => Err(undecodable(file, bytes, read, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        let p = Path::new("t.csv");
        let text = "派出所编号,名称\nS1,城关派出所\n";
        let (s, e) = decode(p, text.as_bytes()).unwrap();
        assert_eq!((s.as_ref(), e), (text, Encoding::Utf8));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let (s, e) = decode(p, &bom).unwrap();
        assert_eq!((s.as_ref(), e), (text, Encoding::Utf8Bom));
        let (gbk, _, lossy) = encoding_rs::GBK.encode(text);
        assert!(!lossy);
        let (s, e) = decode(p, &gbk).unwrap();
        assert_eq!((s.as_ref(), e), (text, Encoding::Gb18030));
    }

    #[test]
    fn undecodable_bytes_name_row_and_offset() {
        let bytes = b"a,b\n1,2\n3,\xFF\xFF\n";
        let e = decode(Path::new("t.csv"), bytes).unwrap_err().to_string();
        assert!(
            e.contains("row 3") && e.contains("offset 10") && e.contains("0xFF"),
            "{e}"
        );
        let e = decode(Path::new("t.csv"), b"\xEF\xBB\xBFa\n\xC3(")
            .unwrap_err()
            .to_string();
        assert!(e.contains("byte-order mark") && e.contains("row 2"), "{e}");
    }
}
