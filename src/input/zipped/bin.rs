//! An `.xlsb` part: its records counted, never buffered.

use super::{gib_or_mib, Found, Scan, ADVICE, MAX_SHARED_STRINGS, MAX_TOKEN_BYTES};
use crate::input::table::thousands;

/// An `.xlsb` part: a stream of records, each a type (1–2 bytes) and a
/// length (1–4 bytes, 7 bits each), then that many bytes.
pub(super) struct BinPart {
    name: String,
    shared_strings: bool,
    /// Header bytes of the record being read.
    header: Vec<u8>,
    /// Bytes of the current record's body still to skip.
    skip: u64,
    strings: u64,
}

impl BinPart {
    pub(super) fn new(name: &str, lower: &str) -> BinPart {
        BinPart {
            name: name.to_string(),
            shared_strings: lower.ends_with("sharedstrings.bin"),
            header: Vec::new(),
            skip: 0,
            strings: 0,
        }
    }

    /// The record type and length, once the header is complete.
    fn header(&self) -> Option<(u64, u64)> {
        let h = &self.header;
        let type_len = if h.first()? & 0x80 != 0 { 2 } else { 1 };
        if h.len() < type_len {
            return None;
        }
        let typ = if type_len == 2 {
            u64::from(h[0] & 0x7F) | (u64::from(h[1] & 0x7F) << 7)
        } else {
            u64::from(h[0])
        };
        let mut len = 0u64;
        for (i, &b) in h[type_len..].iter().enumerate() {
            len |= u64::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                return Some((typ, len));
            }
            if i == 3 {
                return Some((typ, len));
            }
        }
        None
    }
}

impl Scan for BinPart {
    fn feed(&mut self, mut bytes: &[u8]) -> Result<(), String> {
        while !bytes.is_empty() {
            if self.skip > 0 {
                let n = self.skip.min(bytes.len() as u64);
                self.skip -= n;
                bytes = &bytes[n as usize..];
                continue;
            }
            self.header.push(bytes[0]);
            bytes = &bytes[1..];
            if let Some((typ, len)) = self.header() {
                self.header.clear();
                if len > MAX_TOKEN_BYTES {
                    return Err(format!(
                        "its part `{}` holds a record of {} bytes; the limit is {} ({}) ({ADVICE})",
                        crate::error::quote(&self.name),
                        thousands(len),
                        thousands(MAX_TOKEN_BYTES),
                        gib_or_mib(MAX_TOKEN_BYTES)
                    ));
                }
                // BrtSSTItem: one shared string.
                if self.shared_strings && typ == 0x13 {
                    self.strings += 1;
                    if self.strings > MAX_SHARED_STRINGS {
                        return Err(format!(
                            "its part `{}` holds {} shared strings or more; a workbook may hold at most {} ({ADVICE})",
                            crate::error::quote(&self.name),
                            thousands(self.strings),
                            thousands(MAX_SHARED_STRINGS)
                        ));
                    }
                }
                self.skip = len;
            }
        }
        Ok(())
    }

    fn finish(self: Box<Self>, _: &mut Found) -> Result<(), String> {
        Ok(())
    }
}
