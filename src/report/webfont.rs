//! The web font of `report.html`: the shipped WenQuanYi Micro Hei subset
//! ([`super::charts::FONT`]), cut down to exactly the characters one page
//! uses, as a WOFF file in a `data:` URL. So Chinese text (and the chart
//! text of the inline SVG, which names the same family) renders on a
//! machine without any CJK font, and a page with any station names is
//! covered as far as the shipped font covers them.
//!
//! The glyph work (the glyph closure of composite glyphs, new `glyf`,
//! `loca`, `hmtx`, `hhea`, `maxp`, `head`, `name`, `post`) is the
//! `subsetter` crate's. It writes fonts for PDF, which carry no `cmap` and
//! no `OS/2`; browsers need both, so this module adds a `cmap` (format 4,
//! the page's characters to their new glyph ids) and the source's `OS/2`,
//! assembles the sfnt (tables by tag, checksums, `head`'s
//! checkSumAdjustment) and wraps it as WOFF 1.0 (each table zlib-compressed).
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

/// Left side bearing (font units, 2048 an em) a glyph of the shipped font
/// keeps in its advance: CJK glyphs (code points from U+2E80) and others.
/// `assets/fonts/make_subset.py` trims each advance by the part of the
/// left bearing beyond these, for plotters, which draws ink at the pen
/// position; browsers place ink by the bearing, so the web font gets the
/// advances back.
const BEARING: (i32, i32) = (120, 60);

/// The shipped font with its original advance widths (see [`BEARING`]):
/// advance = trimmed advance + max(lsb − bearing, 0) for every glyph with
/// an outline, in a full `hmtx` (one long metric per glyph).
fn browser_font() -> Result<&'static [u8], WebFontError> {
    static FONT_FOR_BROWSERS: std::sync::OnceLock<Result<Vec<u8>, WebFontError>> =
        std::sync::OnceLock::new();
    FONT_FOR_BROWSERS
        .get_or_init(|| {
            let font =
                ab_glyph::FontRef::try_from_slice(FONT).map_err(|e| WebFontError(e.to_string()))?;
            let mut t = tables(FONT)?;
            let glyphs = u16_at(t.get(b"maxp").map_or(&[][..], |v| v), 4)?;
            // Whether each glyph draws a CJK character: a flag a glyph
            // rather than a hashed set (the page's font is made on every
            // solve).
            let mut cjk = vec![false; glyphs as usize];
            for (g, c) in font.codepoint_ids() {
                if c as u32 >= 0x2E80 {
                    if let Some(flag) = cjk.get_mut(g.0 as usize) {
                        *flag = true;
                    }
                }
            }
            let outlined = glyphs_with_data(&t, glyphs)?;
            let mut hmtx = Vec::with_capacity(4 * glyphs as usize);
            let mut widest = 0u16;
            for g in 0..glyphs {
                let id = ab_glyph::GlyphId(g);
                let advance = font.h_advance_unscaled(id) as i32;
                let lsb = font.h_side_bearing_unscaled(id) as i32;
                let keep = if cjk[g as usize] {
                    BEARING.0
                } else {
                    BEARING.1
                };
                let trim = if outlined[g as usize] {
                    (lsb - keep).max(0)
                } else {
                    0
                };
                let advance = (advance + trim).clamp(0, u16::MAX as i32) as u16;
                widest = widest.max(advance);
                hmtx.extend(advance.to_be_bytes());
                hmtx.extend((lsb as i16).to_be_bytes());
            }
            let hhea = t
                .get_mut(b"hhea")
                .filter(|h| h.len() >= 36)
                .ok_or_else(|| WebFontError("the shipped font has no hhea table".into()))?;
            hhea[10..12].copy_from_slice(&widest.to_be_bytes());
            hhea[34..36].copy_from_slice(&glyphs.to_be_bytes());
            t.insert(*b"hmtx", hmtx);
            sfnt(&t)
        })
        .as_ref()
        .map(|v| v.as_slice())
        .map_err(Clone::clone)
}

/// Whether each glyph has outline data in `glyf`: its `loca` entry is
/// shorter than the next one's. Read from the two tables directly, which
/// is what building every outline would tell, at a small part of the cost
/// (the report is written on every solve).
fn glyphs_with_data(t: &BTreeMap<Tag, Vec<u8>>, glyphs: u16) -> Result<Vec<bool>, WebFontError> {
    let missing = |tag: &str| WebFontError(format!("the shipped font has no {tag} table"));
    let head = t.get(b"head").ok_or_else(|| missing("head"))?;
    let loca = t.get(b"loca").ok_or_else(|| missing("loca"))?;
    let long = u16_at(head, 50)? != 0;
    let offset = |g: usize| -> Result<u32, WebFontError> {
        if long {
            u32_at(loca, 4 * g)
        } else {
            Ok(2 * u16_at(loca, 2 * g)? as u32)
        }
    };
    (0..glyphs as usize)
        .map(|g| Ok(offset(g + 1)? > offset(g)?))
        .collect()
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

/// The TrueType subset of these characters ([`covered`]).
fn subset_of(chars: &[(char, u16)]) -> Result<Vec<u8>, WebFontError> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let map: Vec<(u16, u16)> = chars
        .iter()
        .map(|&(c, g)| (c as u16, remapper.remap(g)))
        .collect();
    let source_font = browser_font()?;
    let sub =
        subsetter::subset(source_font, 0, &remapper).map_err(|e| WebFontError(e.to_string()))?;
    let mut t = tables(&sub)?;
    let source = tables(FONT)?;
    let os2 = source
        .get(b"OS/2")
        .ok_or_else(|| WebFontError("the shipped font has no OS/2 table".into()))?;
    t.insert(*b"OS/2", os2.clone());
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
mod tests {
    use super::*;

    #[test]
    fn a_kept_font_rule_is_the_one_a_fresh_subset_gives() {
        let fresh = |text: &str| {
            let woff = subset_woff(text).unwrap();
            let rule = font_face(text).unwrap();
            assert!(
                rule.contains(&base64(&woff)),
                "{text}: the rule embeds the subset"
            );
            rule
        };
        // Same characters in another order and number: the same rule.
        let a = fresh("派出所 station 派");
        let b = fresh("station 所出派");
        assert_eq!(a, b);
        // More characters than any kept rule: a new subset, not a kept one.
        let c = fresh("派出所 station 警");
        assert_ne!(a, c);
        assert_eq!(font_face("派出所 station").unwrap(), a);
    }

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn glyph_data_in_loca_is_what_an_outline_says() {
        let font = ab_glyph::FontRef::try_from_slice(FONT).unwrap();
        let t = tables(FONT).unwrap();
        let glyphs = u16_at(&t[b"maxp"], 4).unwrap();
        let data = glyphs_with_data(&t, glyphs).unwrap();
        assert!(data.iter().filter(|&&d| d).count() > 100);
        for g in 0..glyphs {
            assert_eq!(
                data[g as usize],
                font.outline(ab_glyph::GlyphId(g)).is_some(),
                "glyph {g}"
            );
        }
    }

    #[test]
    fn the_subset_maps_each_character_to_its_own_outline() {
        let text = "城关派出所 Balance 0.953 →";
        let ttf = subset_ttf(text).unwrap();
        let sub = ab_glyph::FontRef::try_from_slice(&ttf).expect("the subset parses");
        let full = ab_glyph::FontRef::try_from_slice(FONT).unwrap();
        for c in text.chars() {
            let (g, g0) = (sub.glyph_id(c), full.glyph_id(c));
            assert_ne!(g.0, 0, "{c:?} has no glyph in the subset");
            // The same outline and bearing, and an advance at least the
            // shipped one (restored where it was trimmed for plotters).
            assert!(
                sub.h_advance_unscaled(g) >= full.h_advance_unscaled(g0),
                "{c:?}"
            );
            assert_eq!(
                sub.h_side_bearing_unscaled(g),
                full.h_side_bearing_unscaled(g0)
            );
            let (a, b) = (sub.outline(g), full.outline(g0));
            assert_eq!(a.map(|o| o.bounds), b.map(|o| o.bounds), "{c:?}");
        }
        // A character outside the page is not carried.
        assert_eq!(sub.glyph_id('警').0, 0);
        // Far smaller than the shipped font, and the same bytes every time.
        assert!(ttf.len() < FONT.len() / 20, "{} bytes", ttf.len());
        assert_eq!(ttf, subset_ttf(text).unwrap());
        assert_eq!(checksum(&ttf), 0xB1B0_AFBA, "whole-font checksum");
    }

    #[test]
    fn browsers_get_the_fonts_own_advances() {
        // “ sits at the right of a full-width cell: its ink (1168–1872 of
        // 2048 units) lies inside its advance again, and 两 keeps its own.
        let ttf = subset_ttf("“两”").unwrap();
        let sub = ab_glyph::FontRef::try_from_slice(&ttf).unwrap();
        let q = sub.glyph_id('“');
        let ink = sub.outline(q).unwrap().bounds;
        assert!(ink.max.x <= sub.h_advance_unscaled(q), "{ink:?}");
        assert_eq!(sub.h_advance_unscaled(q), 2048.0);
        assert_eq!(sub.h_advance_unscaled(sub.glyph_id('两')), 2048.0);
    }

    #[test]
    fn woff_holds_the_same_tables() {
        let ttf = subset_ttf("派出所").unwrap();
        let w = woff(&ttf).unwrap();
        assert_eq!(&w[..4], b"wOFF");
        assert_eq!(u32_at(&w, 8).unwrap() as usize, w.len());
        assert_eq!(u32_at(&w, 16).unwrap() as usize, ttf.len());
        let n = u16_at(&w, 12).unwrap() as usize;
        let tags: Vec<&[u8]> = (0..n).map(|i| &w[44 + 20 * i..48 + 20 * i]).collect();
        for t in [
            b"OS/2", b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp",
        ] {
            assert!(tags.contains(&&t[..]), "no {}", show(t));
        }
        assert!(tags.windows(2).all(|p| p[0] < p[1]), "sorted by tag");
    }

    #[test]
    fn the_cmap_finds_every_code_with_runs_merged() {
        let map = [
            (0x41u16, 1u16),
            (0x42, 2),
            (0x43, 3),
            (0x6D3E, 4),
            (0x6D40, 5),
        ];
        let t = cmap(&map);
        let sub = &t[20..];
        let segs = u16_at(sub, 6).unwrap() as usize / 2;
        assert_eq!(segs, 4, "A–C, 派, 0x6D40, 0xFFFF");
        let look = |code: u16| -> u16 {
            for k in 0..segs {
                let end = u16_at(sub, 14 + 2 * k).unwrap();
                let start = u16_at(sub, 16 + 2 * segs + 2 * k).unwrap();
                let delta = u16_at(sub, 16 + 4 * segs + 2 * k).unwrap();
                if start <= code && code <= end {
                    return code.wrapping_add(delta);
                }
            }
            0
        };
        for (c, g) in map {
            assert_eq!(look(c), g);
        }
        assert_eq!(look(0x44), 0);
    }
}
