//! The zip container of a workbook: each part deflated as it is written
//! (streamed, so a sheet's XML is never held whole), stored with a fixed
//! date (1980-01-01, the earliest a zip can hold) so the same parts give
//! the same bytes.
//!
//! Layout (PKWARE APPNOTE 4.3): for each part a local header, then its
//! deflated data; then the central directory (one header per part) and
//! its end record. No zip64: a part or the whole archive past 4 GiB, or
//! more than 65,535 parts, is an error rather than a damaged file.

use std::io::{self, Write};

use flate2::write::DeflateEncoder;
use flate2::{Compression, Crc};

/// DOS date of 1980-01-01: (year − 1980) << 9 | month << 5 | day.
const DOS_DATE: u16 = (1 << 5) | 1;
/// Version 2.0: deflate.
const VERSION: u16 = 20;
const DEFLATE: u16 = 8;
const LOCAL_HEADER: usize = 30;

struct Entry {
    name: String,
    crc: u32,
    compressed: u32,
    size: u32,
    offset: u32,
}

/// An archive being written into memory.
pub struct Zip {
    out: Vec<u8>,
    entries: Vec<Entry>,
    /// One deflater for every part, reset between parts (its tables are
    /// made once; a reset stream writes the same bytes as a new one).
    enc: DeflateEncoder<Vec<u8>>,
}

/// A part being written: its bytes go through the CRC and the deflater
/// straight into the archive ([`Zip::write`]).
pub struct Part {
    name: String,
    offset: usize,
    crc: Crc,
    size: u64,
}

fn too_large(what: &str) -> io::Error {
    io::Error::other(format!(
        "{what} is larger than a zip without zip64 can hold (4 GiB)"
    ))
}

fn u32_of(n: impl TryInto<u32>, what: &str) -> io::Result<u32> {
    n.try_into().map_err(|_| too_large(what))
}

impl Zip {
    /// An empty archive whose parts are deflated at `level` (0–9).
    pub fn new(level: u32) -> Zip {
        Zip {
            out: Vec::new(),
            entries: Vec::new(),
            enc: DeflateEncoder::new(Vec::new(), Compression::new(level)),
        }
    }

    /// Starts a part: writes its local header (sizes and CRC filled in by
    /// [`Zip::end`]) and hands the archive's buffer to the deflater, reset
    /// for a new stream.
    pub fn start(&mut self, name: &str) -> io::Result<Part> {
        let offset = self.out.len();
        local_header(&mut self.out, name, 0, 0, 0);
        // What the reset returns is the placeholder left by the last part
        // (or the first, empty stream): nothing of the archive.
        self.enc.reset(std::mem::take(&mut self.out))?;
        Ok(Part {
            name: name.to_string(),
            offset,
            crc: Crc::new(),
            size: 0,
        })
    }

    /// Appends bytes to the part being written.
    pub fn write(&mut self, part: &mut Part, bytes: &[u8]) -> io::Result<()> {
        part.crc.update(bytes);
        part.size += bytes.len() as u64;
        self.enc.write_all(bytes)
    }

    /// Ends a part: flushes the deflater and fills in its local header.
    pub fn end(&mut self, part: Part) -> io::Result<()> {
        self.enc.try_finish()?;
        let mut out = std::mem::take(self.enc.get_mut());
        let data = part.offset + LOCAL_HEADER + part.name.len();
        let compressed = u32_of(out.len() - data, &part.name)?;
        let size = u32_of(part.size, &part.name)?;
        let offset = u32_of(part.offset, "plan.xlsx")?;
        let crc = part.crc.sum();
        let mut header = Vec::with_capacity(LOCAL_HEADER + part.name.len());
        local_header(&mut header, &part.name, crc, compressed, size);
        out[part.offset..data].copy_from_slice(&header);
        self.out = out;
        self.entries.push(Entry {
            name: part.name,
            crc,
            compressed,
            size,
            offset,
        });
        Ok(())
    }

    /// Adds a whole part at once.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let mut part = self.start(name)?;
        self.write(&mut part, bytes)?;
        self.end(part)
    }

    /// The archive's bytes: the parts, the central directory, its end.
    pub fn finish(mut self) -> io::Result<Vec<u8>> {
        let start = u32_of(self.out.len(), "plan.xlsx")?;
        let count: u16 = self
            .entries
            .len()
            .try_into()
            .map_err(|_| io::Error::other("more than 65,535 parts in one zip"))?;
        for e in &self.entries {
            let o = &mut self.out;
            o.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            for v in [VERSION, VERSION, 0, DEFLATE, 0, DOS_DATE] {
                o.extend_from_slice(&v.to_le_bytes());
            }
            for v in [e.crc, e.compressed, e.size] {
                o.extend_from_slice(&v.to_le_bytes());
            }
            // Name length; extra, comment, disk, internal attributes: none.
            for v in [e.name.len() as u16, 0, 0, 0, 0] {
                o.extend_from_slice(&v.to_le_bytes());
            }
            // External attributes, then where the local header is.
            for v in [0, e.offset] {
                o.extend_from_slice(&v.to_le_bytes());
            }
            o.extend_from_slice(e.name.as_bytes());
        }
        let size = u32_of(self.out.len() - start as usize, "plan.xlsx")?;
        let o = &mut self.out;
        o.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for v in [0, 0, count, count] {
            o.extend_from_slice(&v.to_le_bytes());
        }
        for v in [size, start] {
            o.extend_from_slice(&v.to_le_bytes());
        }
        o.extend_from_slice(&0u16.to_le_bytes());
        Ok(self.out)
    }
}

fn local_header(o: &mut Vec<u8>, name: &str, crc: u32, compressed: u32, size: u32) {
    o.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    // Version needed, flags, method, time (00:00), date.
    for v in [VERSION, 0, DEFLATE, 0, DOS_DATE] {
        o.extend_from_slice(&v.to_le_bytes());
    }
    for v in [crc, compressed, size] {
        o.extend_from_slice(&v.to_le_bytes());
    }
    // Name length; no extra field.
    for v in [name.len() as u16, 0] {
        o.extend_from_slice(&v.to_le_bytes());
    }
    o.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// The zip reader the input side uses opens what we write, part for
    /// part, with the right contents and the fixed date.
    #[test]
    fn parts_read_back_through_the_zip_reader() {
        let mut zip = Zip::new(1);
        zip.add("a.xml", b"<a/>").unwrap();
        let mut part = zip.start("dir/b.xml").unwrap();
        let long = "派出所,".repeat(50_000);
        zip.write(&mut part, long.as_bytes()).unwrap();
        zip.write(&mut part, b"end").unwrap();
        zip.end(part).unwrap();
        zip.add("empty", b"").unwrap();
        let bytes = zip.finish().unwrap();
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 3);
        let mut read = |name: &str| {
            let mut f = archive.by_name(name).unwrap();
            let date = f.last_modified().unwrap();
            assert_eq!((date.year(), date.month(), date.day()), (1980, 1, 1));
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            s
        };
        assert_eq!(read("a.xml"), "<a/>");
        assert_eq!(read("dir/b.xml"), format!("{long}end"));
        assert_eq!(read("empty"), "");
    }

    #[test]
    fn the_same_parts_give_the_same_bytes() {
        let make = || {
            let mut zip = Zip::new(1);
            zip.add("x", b"hello hello hello").unwrap();
            zip.finish().unwrap()
        };
        assert_eq!(make(), make());
    }
}
