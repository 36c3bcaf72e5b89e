//! The web font of `report.html`: the shipped WenQuanYi Micro Hei subset
//! ([`super::charts::FONT`]), cut down to exactly the characters one page
//! uses, as a WOFF file in a `data:` URL. So Chinese text (and the chart
//! text of the inline SVG, which names the same family) renders on a
//! machine without any CJK font, and a page with any station names is
//! covered as far as the shipped font covers them.
//!
//! The glyph work (new `glyf`, `loca`, `hmtx`, `hhea`, `maxp`, `head`,
//! `name`, `post`) is the `subsetter` crate's, on the shipped font as it
//! is embedded. It writes fonts for PDF, which carry no `cmap` and no
//! `OS/2`; browsers need both, so this module adds a `cmap` (format 4, the
//! page's characters to their new glyph ids) and the source's `OS/2`,
//! gives the subset's glyphs the advances browsers need (from a table
//! generated once from the shipped font, [`restored`]; the glyph closure of
//! composite glyphs is taken here, numbered as `subsetter` numbers it, so
//! each glyph of the subset is known), assembles the sfnt (tables by tag,
//! checksums, `head`'s checkSumAdjustment) and wraps it as WOFF 1.0 (each
//! table zlib-compressed). Nothing of the 1.3 MB font is copied or
//! rebuilt: a process reads only the tables and glyphs its page needs.
//!
//! Deterministic: characters are taken in code point order, so the same
//! page gives the same bytes.

use std::collections::BTreeMap;
use std::io::Write;

use ab_glyph::Font;

use super::charts::FONT;

/// The family the page's CSS and the charts' SVG text name. It is the
/// font's own name: a viewer that has the full font installed gets the same
/// glyphs.
pub const FAMILY: &str = "WenQuanYi Micro Hei";

/// Why a web font could not be made (a bug or a broken font asset: the
/// shipped font is tested to subset).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot make the report's web font: {0}")]
pub struct WebFontError(pub String);

type Tag = [u8; 4];

/// Big-endian reads that fail instead of panicking on a short table.
fn u16_at(b: &[u8], at: usize) -> Result<u16, WebFontError> {
    b.get(at..at + 2)
        .map(|s| u16::from_be_bytes([s[0], s[1]]))
        .ok_or_else(|| WebFontError(format!("font data ends before byte {at}")))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, WebFontError> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| WebFontError(format!("font data ends before byte {at}")))
}

/// The tables of an sfnt (TrueType) font, by tag.
fn tables(font: &[u8]) -> Result<BTreeMap<Tag, Vec<u8>>, WebFontError> {
    let count = u16_at(font, 4)? as usize;
    let mut out = BTreeMap::new();
    for i in 0..count {
        let rec = 12 + 16 * i;
        let tag: Tag = font
            .get(rec..rec + 4)
            .and_then(|t| t.try_into().ok())
            .ok_or_else(|| WebFontError("short table directory".into()))?;
        let offset = u32_at(font, rec + 8)? as usize;
        let len = u32_at(font, rec + 12)? as usize;
        let data = font
            .get(offset..offset.saturating_add(len))
            .ok_or_else(|| WebFontError(format!("table {} out of bounds", show(&tag))))?;
        out.insert(tag, data.to_vec());
    }
    Ok(out)
}

fn show(tag: &Tag) -> String {
    String::from_utf8_lossy(tag).into_owned()
}

/// The OpenType table checksum: the sum of big-endian u32 words, the last
/// one zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// A `cmap` with one format 4 subtable (Unicode BMP) for `map`
/// (code point → glyph id, sorted), under platform 0/3 and 3/1.
///
/// Runs of consecutive code points with consecutive glyph ids share a
/// segment (idDelta = glyph − code mod 2¹⁶, idRangeOffset 0); the list ends
/// with the 0xFFFF segment the format requires.
fn cmap(map: &[(u16, u16)]) -> Vec<u8> {
    let mut segments: Vec<(u16, u16, u16)> = Vec::new(); // start, end, delta
    for &(code, gid) in map {
        let delta = gid.wrapping_sub(code);
        match segments.last_mut() {
            Some((_, end, d)) if *end as u32 + 1 == code as u32 && *d == delta => *end = code,
            _ => segments.push((code, code, delta)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 1));
    let n = segments.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros().min(15)); // largest 2^k ≤ n
    let search_range = 2 * power;
    let entry_selector = power.trailing_zeros() as u16;
    let mut sub = Vec::new();
    let length = 16 + 8 * n as usize;
    for v in [
        4u16,
        length as u16,
        0,
        2 * n,
        search_range,
        entry_selector,
        2 * n - search_range,
    ] {
        sub.extend(v.to_be_bytes());
    }
    sub.extend(segments.iter().flat_map(|s| s.1.to_be_bytes()));
    sub.extend(0u16.to_be_bytes());
    sub.extend(segments.iter().flat_map(|s| s.0.to_be_bytes()));
    sub.extend(segments.iter().flat_map(|s| s.2.to_be_bytes()));
    sub.extend(segments.iter().flat_map(|_| 0u16.to_be_bytes()));
    debug_assert_eq!(sub.len(), length);
    let mut out = Vec::with_capacity(4 + 16 + sub.len());
    out.extend(0u16.to_be_bytes()); // version
    out.extend(2u16.to_be_bytes()); // two encoding records, one subtable
    for (platform, encoding) in [(0u16, 3u16), (3, 1)] {
        out.extend(platform.to_be_bytes());
        out.extend(encoding.to_be_bytes());
        out.extend(20u32.to_be_bytes());
    }
    out.extend(sub);
    out
}

/// An sfnt from its tables: sorted directory, checksums, 4-byte alignment
/// and `head`'s checkSumAdjustment.
fn sfnt(tables: &BTreeMap<Tag, Vec<u8>>) -> Result<Vec<u8>, WebFontError> {
    let n = tables.len() as u16;
    let power = 1u16 << (15 - n.leading_zeros().min(15));
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    for v in [
        n,
        power * 16,
        power.trailing_zeros() as u16,
        n * 16 - power * 16,
    ] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        let mut data = data.clone();
        if tag == b"head" {
            data.get_mut(8..12)
                .ok_or_else(|| WebFontError("short head table".into()))?
                .fill(0);
            head_at = Some(offset);
        }
        out.extend(tag);
        out.extend(checksum(&data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (tag, data) in tables {
        let start = out.len();
        out.extend(data);
        if tag == b"head" {
            out[start + 8..start + 12].fill(0);
        }
        out.resize(out.len().next_multiple_of(4), 0);
    }
    let at = head_at.ok_or_else(|| WebFontError("no head table".into()))?;
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    Ok(out)
}

/// WOFF 1.0 of an sfnt: the same tables, each zlib-compressed when that
/// makes it smaller.
fn woff(sfnt: &[u8]) -> Result<Vec<u8>, WebFontError> {
    let count = u16_at(sfnt, 4)? as usize;
    let mut dir = Vec::new();
    let mut data = Vec::new();
    let header = 44 + 20 * count;
    for i in 0..count {
        let rec = 12 + 16 * i;
        let tag = &sfnt[rec..rec + 4];
        let sum = u32_at(sfnt, rec + 4)?;
        let offset = u32_at(sfnt, rec + 8)? as usize;
        let len = u32_at(sfnt, rec + 12)? as usize;
        let table = sfnt
            .get(offset..offset + len)
            .ok_or_else(|| WebFontError("table out of bounds".into()))?;
        // Level 6: within 0.1% of the best level's size on a report's
        // subset, without its slowest searches.
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        z.write_all(table)
            .and_then(|_| z.flush())
            .map_err(|e| WebFontError(e.to_string()))?;
        let packed = z.finish().map_err(|e| WebFontError(e.to_string()))?;
        let stored: &[u8] = if packed.len() < len { &packed } else { table };
        dir.extend(tag);
        dir.extend(((header + data.len()) as u32).to_be_bytes());
        dir.extend((stored.len() as u32).to_be_bytes());
        dir.extend((len as u32).to_be_bytes());
        dir.extend(sum.to_be_bytes());
        data.extend(stored);
        data.resize(data.len().next_multiple_of(4), 0);
    }
    let mut out = Vec::with_capacity(header + data.len());
    out.extend(b"wOFF");
    out.extend(0x0001_0000u32.to_be_bytes());
    out.extend(((header + data.len()) as u32).to_be_bytes());
    out.extend((count as u16).to_be_bytes());
    out.extend(0u16.to_be_bytes());
    out.extend((sfnt.len() as u32).to_be_bytes());
    out.extend(1u16.to_be_bytes()); // font version 1.0
    out.extend(0u16.to_be_bytes());
    out.extend([0u8; 20]); // no metadata, no private data
    out.extend(dir);
    out.extend(data);
    Ok(out)
}

/// The advances the web font gives back (generated from the shipped font
/// by a test, which fails when the font and the table differ).
///
/// `assets/fonts/make_subset.py` trims the advance of each glyph with an
/// outline by the part of its left bearing beyond what it keeps (120
/// font units of 2048 for a glyph that draws a CJK character, a code point
/// from U+2E80, and 60 for others), for plotters, which draws ink at the
/// pen position. Browsers place ink by the bearing, so the web font gets
/// the advances back. Which glyphs draw a CJK character is a reverse
/// look-up of the whole `cmap`, and the widest advance is over all glyphs:
/// the same for every page, so worked out once into this table rather than
/// in every process.
mod restored;

/// The advance (font units) a browser gets for glyph `g` of the shipped
/// font ([`restored`]).
fn advance_for_browsers(g: u16) -> Result<u16, WebFontError> {
    restored::ADVANCES
        .get(g as usize)
        .copied()
        .ok_or_else(|| WebFontError(format!("glyph {g} is not in the shipped font")))
}

/// The `glyf` and `loca` tables of a TrueType font.
struct Outlines<'a> {
    glyf: &'a [u8],
    loca: &'a [u8],
    long: bool,
}

impl<'a> Outlines<'a> {
    fn of(font: &'a [u8]) -> Result<Self, WebFontError> {
        let missing = |tag: &str| WebFontError(format!("the shipped font has no {tag} table"));
        let head = table(font, b"head")?.ok_or_else(|| missing("head"))?;
        Ok(Outlines {
            glyf: table(font, b"glyf")?.ok_or_else(|| missing("glyf"))?,
            loca: table(font, b"loca")?.ok_or_else(|| missing("loca"))?,
            long: u16_at(head, 50)? != 0,
        })
    }

    /// Glyph `g`'s data, `None` past the end of `loca` or `glyf`.
    fn glyph(&self, g: u16) -> Option<&'a [u8]> {
        let offset = |n: usize| -> Option<usize> {
            Some(if self.long {
                u32_at(self.loca, 4 * n).ok()? as usize
            } else {
                2 * u16_at(self.loca, 2 * n).ok()? as usize
            })
        };
        self.glyf.get(offset(g as usize)?..offset(g as usize + 1)?)
    }
}

/// The glyphs a composite glyph's data names, in order (none for a simple
/// glyph; as far as the data holds whole records).
fn components(data: &[u8]) -> Vec<u16> {
    const WORDS: u16 = 0x0001;
    const SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const X_AND_Y_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    if !matches!(u16_at(data, 0), Ok(n) if (n as i16) < 0) {
        return out;
    }
    let mut at = 10;
    while let (Ok(flags), Ok(glyph)) = (u16_at(data, at), u16_at(data, at + 2)) {
        out.push(glyph);
        at += 4 + if flags & WORDS != 0 { 4 } else { 2 };
        at += if flags & SCALE != 0 {
            2
        } else if flags & X_AND_Y_SCALE != 0 {
            4
        } else if flags & TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 {
            break;
        }
    }
    out
}

/// Adds to `remapper` every glyph the composite glyphs in it are made of,
/// numbered as `subsetter` 0.2 numbers them (a stack of the glyphs asked
/// for, taken from the top; a glyph gets the next number when it is
/// taken), so the subset is the one `subsetter` makes from the glyphs
/// asked for, and `remapper` says which glyph of the shipped font each
/// glyph of the subset is.
fn close(remapper: &mut subsetter::GlyphRemapper, outlines: &Outlines) {
    let mut stack: Vec<u16> = remapper.remapped_gids().collect();
    while let Some(g) = stack.pop() {
        remapper.remap(g);
        if let Some(data) = outlines.glyph(g) {
            stack.extend(
                components(data)
                    .into_iter()
                    .filter(|&c| remapper.get(c).is_none()),
            );
        }
    }
}

/// A subset's `hmtx` and `hhea` with the advances for browsers
/// ([`advance_for_browsers`]): `old` is the shipped font's glyph of each
/// glyph of the subset. Written as `subsetter` writes them: a long metric
/// for each glyph up to the last whose advance differs from the one after
/// it, bearings only for the rest; `hhea` keeps the shipped font's but for
/// the widest advance of the whole font for browsers and the count of long
/// metrics.
fn metrics_for_browsers(
    hmtx: &[u8],
    hhea: &[u8],
    old: &[u16],
) -> Result<(Vec<u8>, Vec<u8>), WebFontError> {
    let long = u16_at(hhea, 34)? as usize;
    let mut metrics = Vec::with_capacity(old.len());
    for (new, &g) in old.iter().enumerate() {
        let lsb = if new < long {
            u16_at(hmtx, 4 * new + 2)?
        } else {
            u16_at(hmtx, 4 * long + 2 * (new - long))?
        };
        metrics.push((advance_for_browsers(g)?, lsb));
    }
    let end = metrics
        .iter()
        .rposition(|m| Some(m.0) != metrics.last().map(|l| l.0))
        .map_or(1, |i| i + 2)
        .min(metrics.len());
    let mut out = Vec::with_capacity(4 * metrics.len());
    for (i, (advance, lsb)) in metrics.iter().enumerate() {
        if i < end {
            out.extend(advance.to_be_bytes());
        }
        out.extend(lsb.to_be_bytes());
    }
    let mut hhea = hhea.to_vec();
    if hhea.len() < 36 {
        return Err(WebFontError("short hhea table".into()));
    }
    hhea[10..12].copy_from_slice(&restored::WIDEST.to_be_bytes());
    hhea[34..36].copy_from_slice(&(end as u16).to_be_bytes());
    Ok((out, hhea))
}

/// One table of an sfnt font, borrowed (`None` when the font has none).
fn table<'a>(font: &'a [u8], tag: &Tag) -> Result<Option<&'a [u8]>, WebFontError> {
    let count = u16_at(font, 4)? as usize;
    for i in 0..count {
        let rec = 12 + 16 * i;
        if font.get(rec..rec + 4) == Some(&tag[..]) {
            let offset = u32_at(font, rec + 8)? as usize;
            let len = u32_at(font, rec + 12)? as usize;
            return font
                .get(offset..offset.saturating_add(len))
                .map(Some)
                .ok_or_else(|| WebFontError(format!("table {} out of bounds", show(tag))));
        }
    }
    Ok(None)
}

/// The characters of `text` the shipped font has a glyph for, in code
/// point order, with their glyph ids (BMP only: the font has nothing
/// beyond it).
pub fn covered(text: &str) -> Result<Vec<(char, u16)>, WebFontError> {
    let font = ab_glyph::FontRef::try_from_slice(FONT).map_err(|e| WebFontError(e.to_string()))?;
    // One bit per code point below U+FFFF (8 KB): a page of megabytes is
    // read once, never copied into a list of its characters.
    let mut seen = vec![0u64; 0xFFFF / 64 + 1];
    for c in text.chars() {
        let u = c as u32;
        if u < 0xFFFF && !c.is_control() {
            seen[(u / 64) as usize] |= 1 << (u % 64);
        }
    }
    Ok(seen
        .iter()
        .enumerate()
        .flat_map(|(w, &bits)| {
            (0..64u32)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| w as u32 * 64 + b)
        })
        .filter_map(char::from_u32)
        .map(|c| (c, font.glyph_id(c).0))
        .filter(|&(_, g)| g != 0)
        .collect())
}

/// A TrueType font with exactly the glyphs of the characters of `text`
/// that the shipped font covers (and `.notdef`).
pub fn subset_ttf(text: &str) -> Result<Vec<u8>, WebFontError> {
    subset_of(&covered(text)?)
}

/// The TrueType subset of these characters ([`covered`]): `subsetter`'s
/// subset of the shipped font, with the advances for browsers
/// ([`metrics_for_browsers`]), the shipped `OS/2` and a `cmap`.
fn subset_of(chars: &[(char, u16)]) -> Result<Vec<u8>, WebFontError> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let map: Vec<(u16, u16)> = chars
        .iter()
        .map(|&(c, g)| (c as u16, remapper.remap(g)))
        .collect();
    close(&mut remapper, &Outlines::of(FONT)?);
    let sub = subsetter::subset(FONT, 0, &remapper).map_err(|e| WebFontError(e.to_string()))?;
    let mut t = tables(&sub)?;
    let old: Vec<u16> = remapper.remapped_gids().collect();
    let missing = |tag: &str| WebFontError(format!("the font's subset has no {tag} table"));
    let (hmtx, hhea) = metrics_for_browsers(
        t.get(b"hmtx").ok_or_else(|| missing("hmtx"))?,
        t.get(b"hhea").ok_or_else(|| missing("hhea"))?,
        &old,
    )?;
    t.insert(*b"hmtx", hmtx);
    t.insert(*b"hhea", hhea);
    let os2 = table(FONT, b"OS/2")?
        .ok_or_else(|| WebFontError("the shipped font has no OS/2 table".into()))?;
    t.insert(*b"OS/2", os2.to_vec());
    t.insert(*b"cmap", cmap(&map));
    sfnt(&t)
}

/// The WOFF web font for `text` ([`subset_ttf`], compressed).
pub fn subset_woff(text: &str) -> Result<Vec<u8>, WebFontError> {
    woff(&subset_ttf(text)?)
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from_be_bytes([0, b[0], b[1], b[2]]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `@font-face` rule that carries the web font for `text`.
///
/// The rule depends only on which characters `text` has, and the pages of
/// one run (a sweep's points, a roadmap's years, the pages of one solve)
/// mostly have the same: the last few rules are kept by their characters,
/// so a run subsets and compresses the font once per character set.
pub fn font_face(text: &str) -> Result<String, WebFontError> {
    /// Rules kept: a run's pages differ in a few sets at most.
    const KEPT: usize = 4;
    type Kept = Vec<(Vec<(char, u16)>, String)>;
    static RULES: std::sync::Mutex<Kept> = std::sync::Mutex::new(Vec::new());
    let chars = covered(text)?;
    let kept = |rules: &Kept| {
        rules
            .iter()
            .find(|(c, _)| *c == chars)
            .map(|(_, rule)| rule.clone())
    };
    // A poisoned lock only means another page's font failed: the rules
    // kept are whole (each is pushed complete).
    if let Some(rule) = kept(&RULES.lock().unwrap_or_else(|e| e.into_inner())) {
        return Ok(rule);
    }
    let woff = woff(&subset_of(&chars)?)?;
    let rule = format!(
        "@font-face {{ font-family: \"{FAMILY}\"; font-style: normal; font-weight: 100 900; \
         src: url(data:font/woff;base64,{}) format(\"woff\"); }}\n",
        base64(&woff)
    );
    let mut rules = RULES.lock().unwrap_or_else(|e| e.into_inner());
    if kept(&rules).is_none() {
        if rules.len() == KEPT {
            rules.remove(0);
        }
        rules.push((chars, rule.clone()));
    }
    Ok(rule)
}

#[cfg(test)]
mod tests;
