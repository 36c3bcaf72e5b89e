//! A look inside an `.xls` before calamine parses it. calamine reads every
//! sheet of an `.xls` when the workbook is opened and trusts two fields a
//! crafted 2 KB file can set: a sheet's `Dimensions` record (it reserves
//! rows × columns cells up front, so a claim of 4 billion rows aborts the
//! process on a failed allocation) and a `BoundSheet8` record's offset (a
//! slice past the end panics). This follows the OLE container (FAT and
//! mini-FAT chains, each bounded) to the `Workbook` stream and checks those
//! records against what Excel can write: at most 65,536 rows and 256
//! columns, and sheet offsets inside the stream. A container it cannot follow
//! is left to calamine's own checks.

const FREE: u32 = 0xFFFF_FFFA; // this and above: end of chain, free, FAT/DIFAT marks

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The sectors of a chain, in order; `None` if it runs off the table or
/// is longer than the table (a loop).
fn chain(start: u32, table: &[u32]) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut s = start;
    while s < FREE {
        if out.len() >= table.len() {
            return None;
        }
        out.push(s);
        s = *table.get(s as usize)?;
    }
    Some(out)
}

/// The bytes of the `Workbook` (or BIFF5 `Book`) stream, if the
/// container can be followed.
pub fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let shift = u16_at(bytes, 0x1E)?;
    if shift != 9 && shift != 12 {
        return None;
    }
    let ss = 1usize << shift;
    let sector = |n: u32| -> Option<&[u8]> {
        let at = (n as usize).checked_add(1)?.checked_mul(ss)?;
        bytes.get(at..at.checked_add(ss)?)
    };
    let mut fat_sectors = Vec::new();
    for i in 0..109 {
        let s = u32_at(bytes, 0x4C + 4 * i)?;
        if s < FREE {
            fat_sectors.push(s);
        }
    }
    let mut d = u32_at(bytes, 0x44)?;
    let mut hops = 0;
    while d < FREE {
        hops += 1;
        if hops > bytes.len() / ss {
            return None;
        }
        let sec = sector(d)?;
        for i in 0..ss / 4 - 1 {
            let s = u32_at(sec, 4 * i)?;
            if s < FREE {
                fat_sectors.push(s);
            }
        }
        d = u32_at(sec, ss - 4)?;
    }
    if fat_sectors.len() > bytes.len() / ss {
        return None;
    }
    let mut fat = Vec::with_capacity(fat_sectors.len() * ss / 4);
    for s in fat_sectors {
        let sec = sector(s)?;
        fat.extend((0..ss / 4).map(|i| u32_at(sec, 4 * i).unwrap_or(FREE)));
    }
    let read = |start: u32| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for s in chain(start, &fat)? {
            out.extend_from_slice(sector(s)?);
        }
        Some(out)
    };
    let dir = read(u32_at(bytes, 0x30)?)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first()?;
    let size_of = |e: &[u8]| -> Option<usize> {
        let size = if shift == 9 {
            u64::from(u32_at(e, 120)?)
        } else {
            u64::from(u32_at(e, 120)?) | (u64::from(u32_at(e, 124)?) << 32)
        };
        usize::try_from(size).ok()
    };
    // As calamine finds it: the first entry of that name, any case.
    let named = |want: &str| {
        entries.iter().find(|e| {
            let units: Vec<u16> = (0..32)
                .map_while(|i| u16_at(e, 2 * i).filter(|&u| u != 0))
                .collect();
            String::from_utf16_lossy(&units).eq_ignore_ascii_case(want)
        })
    };
    let entry = named("Workbook").or_else(|| named("Book"))?;
    let start = u32_at(entry, 116)?;
    let size = size_of(entry)?;
    // calamine takes streams under 4,096 bytes from the mini stream,
    // whatever the header's cutoff says.
    let mut stream = if size < 4096 {
        let mini_stream = read(u32_at(root, 116)?)?;
        let mini_fat: Vec<u32> = read(u32_at(bytes, 0x3C)?)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mut out = Vec::new();
        for s in chain(start, &mini_fat)? {
            let at = s as usize * 64;
            out.extend_from_slice(mini_stream.get(at..at + 64)?);
        }
        out
    } else {
        read(start)?
    };
    if stream.len() < size {
        return None;
    }
    stream.truncate(size);
    Some(stream)
}

/// Why an `.xls` must not be handed to calamine, if it must not.
pub fn hostile(bytes: &[u8]) -> Option<String> {
    let stream = workbook_stream(bytes)?;
    let mut at = 0;
    while at + 4 <= stream.len() {
        let typ = u16_at(&stream, at)?;
        let len = u16_at(&stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        match typ {
            // BoundSheet8: the sheet's offset, its state, its type, its name.
            0x0085 => {
                let pos = u32_at(data, 0).map_or(usize::MAX, |p| p as usize);
                if data.len() < 7 || pos >= stream.len() {
                    return Some("a sheet record points outside the workbook".into());
                }
            }
            // Dimensions: first row, last row + 1, first column, last column + 1.
            0x0200 => {
                let (first, end, cols) = match len {
                    10 => (
                        u32::from(u16_at(data, 0)?),
                        u32::from(u16_at(data, 2)?),
                        u32::from(u16_at(data, 6)?),
                    ),
                    14 | 16 => (
                        u32_at(data, 0)?,
                        u32_at(data, 4)?,
                        u32::from(u16_at(data, 10)?),
                    ),
                    _ => (0, 0, 0),
                };
                let rows = end.saturating_sub(first);
                if rows > 65_536 || cols > 256 || (end >= 1 && end < first) {
                    return Some(format!(
                        "a sheet claims rows {first} to {end} and {cols} columns; an .xls sheet has at most 65,536 rows and 256 columns"
                    ));
                }
            }
            _ => {}
        }
        at += 4 + len;
    }
    None
}
