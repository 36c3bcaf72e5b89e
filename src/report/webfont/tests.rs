//! Tests of the web font, with the long way it was made before (the whole
//! font for browsers rebuilt, then subset) as their reference, and the
//! generator of `restored.rs`.

use super::*;

/// Left side bearing (font units) a glyph of the shipped font keeps in
/// its advance: CJK glyphs (code points from U+2E80) and others (see
/// `assets/fonts/make_subset.py`).
const BEARING: (i32, i32) = (120, 60);

/// Whether each glyph has outline data in `glyf`: its `loca` entry is
/// shorter than the next one's.
fn glyphs_with_data(t: &BTreeMap<Tag, Vec<u8>>, glyphs: u16) -> Vec<bool> {
    let (head, loca) = (&t[b"head"], &t[b"loca"]);
    let long = u16_at(head, 50).unwrap() != 0;
    let offset = |g: usize| {
        if long {
            u32_at(loca, 4 * g).unwrap()
        } else {
            2 * u16_at(loca, 2 * g).unwrap() as u32
        }
    };
    (0..glyphs as usize)
        .map(|g| offset(g + 1) > offset(g))
        .collect()
}

/// Every glyph's advance for browsers, worked out from the whole
/// shipped font: advance = trimmed advance + max(lsb − bearing, 0) for
/// every glyph with an outline ([`BEARING`]); and the widest.
fn advances_for_browsers() -> (Vec<u16>, u16) {
    let font = ab_glyph::FontRef::try_from_slice(FONT).unwrap();
    let t = tables(FONT).unwrap();
    let glyphs = u16_at(&t[b"maxp"], 4).unwrap();
    let mut cjk = vec![false; glyphs as usize];
    for (g, c) in font.codepoint_ids() {
        if c as u32 >= 0x2E80 {
            cjk[g.0 as usize] = true;
        }
    }
    let outlined = glyphs_with_data(&t, glyphs);
    let advances: Vec<u16> = (0..glyphs)
        .map(|g| {
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
            (advance + trim).clamp(0, u16::MAX as i32) as u16
        })
        .collect();
    let widest = advances.iter().copied().max().unwrap_or(0);
    (advances, widest)
}

/// The whole shipped font with the advances for browsers: a full
/// `hmtx` (one long metric per glyph) and its `hhea`.
fn font_for_browsers() -> Vec<u8> {
    let font = ab_glyph::FontRef::try_from_slice(FONT).unwrap();
    let mut t = tables(FONT).unwrap();
    let (advances, widest) = advances_for_browsers();
    let mut hmtx = Vec::new();
    for (g, advance) in advances.iter().enumerate() {
        let lsb = font.h_side_bearing_unscaled(ab_glyph::GlyphId(g as u16)) as i16;
        hmtx.extend(advance.to_be_bytes());
        hmtx.extend(lsb.to_be_bytes());
    }
    let hhea = t.get_mut(b"hhea").unwrap();
    hhea[10..12].copy_from_slice(&widest.to_be_bytes());
    hhea[34..36].copy_from_slice(&(advances.len() as u16).to_be_bytes());
    t.insert(*b"hmtx", hmtx);
    sfnt(&t).unwrap()
}

/// The subset made the long way: `subsetter`'s subset of the whole font
/// for browsers, with the shipped `OS/2` and a `cmap`.
fn subset_the_long_way(browser_font: &[u8], text: &str) -> Vec<u8> {
    let chars = covered(text).unwrap();
    let mut remapper = subsetter::GlyphRemapper::new();
    let map: Vec<(u16, u16)> = chars
        .iter()
        .map(|&(c, g)| (c as u16, remapper.remap(g)))
        .collect();
    let sub = subsetter::subset(browser_font, 0, &remapper).unwrap();
    let mut t = tables(&sub).unwrap();
    t.insert(*b"OS/2", tables(FONT).unwrap()[b"OS/2"].clone());
    t.insert(*b"cmap", cmap(&map));
    sfnt(&t).unwrap()
}

/// What `webfont/restored.rs` says for the shipped font.
fn restored_source() -> String {
    let (advances, widest) = advances_for_browsers();
    let mut out = format!(
        "//! Generated from `assets/fonts/wqy-microhei-subset.ttf` by the test\n\
         //! `the_generated_advances_are_the_shipped_fonts` (`src/report/webfont/tests.rs`);\n\
         //! regenerate with `STAFFING_BLESS=1 cargo test --lib generated_advances`.\n\n\
         /// The widest advance of the font for browsers (`hhea` advanceWidthMax).\n\
         pub(super) const WIDEST: u16 = {widest};\n\n\
         /// The advance for browsers of each glyph, by glyph id.\n\
         #[rustfmt::skip]\n\
         pub(super) static ADVANCES: [u16; {}] = [\n",
        advances.len()
    );
    for row in advances.chunks(32) {
        let row: Vec<String> = row.iter().map(|a| a.to_string()).collect();
        out += &format!("    {},\n", row.join(", "));
    }
    out + "];\n"
}

#[test]
fn the_generated_advances_are_the_shipped_fonts() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/report/webfont/restored.rs"
    );
    let want = restored_source();
    if std::env::var_os("STAFFING_BLESS").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap();
    assert!(
        have == want,
        "src/report/webfont/restored.rs does not match the shipped font: \
         regenerate with STAFFING_BLESS=1 cargo test --lib generated_advances"
    );
}

#[test]
fn the_subset_is_the_one_of_the_whole_font_for_browsers() {
    let browser_font = font_for_browsers();
    let every: String = {
        let font = ab_glyph::FontRef::try_from_slice(FONT).unwrap();
        let mut cs: Vec<char> = font.codepoint_ids().map(|(_, c)| c).collect();
        cs.sort_unstable();
        cs.into_iter().collect()
    };
    for text in [
        "",
        "A",
        "城关派出所 Balance 0.953 →",
        "“两”民曲出 ÀÉîõü ﬁ ‰ ①②",
        "两个40%派出所警力均衡水平社区民警辅警县公安局 Gini ≥ → ·−",
        &every,
    ] {
        assert_eq!(
            subset_ttf(text).unwrap(),
            subset_the_long_way(&browser_font, text),
            "{text:?}"
        );
    }
    // Characters drawn at random from the font's: each set's subset the
    // same both ways.
    let every: Vec<char> = every.chars().collect();
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for n in [2, 5, 20, 80, 300, 1500] {
        let text: String = (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                every[(state % every.len() as u64) as usize]
            })
            .collect();
        assert_eq!(
            subset_ttf(&text).unwrap(),
            subset_the_long_way(&browser_font, &text),
            "{text:?}"
        );
    }
}

#[test]
fn a_composite_glyph_brings_its_components() {
    let outlines = Outlines::of(FONT).unwrap();
    let glyphs = u16_at(table(FONT, b"maxp").unwrap().unwrap(), 4).unwrap();
    let composite = (0..glyphs)
        .find(|&g| outlines.glyph(g).is_some_and(|d| !components(d).is_empty()))
        .expect("the shipped font has composite glyphs");
    let mut remapper = subsetter::GlyphRemapper::new();
    remapper.remap(composite);
    close(&mut remapper, &outlines);
    for c in components(outlines.glyph(composite).unwrap()) {
        assert!(remapper.get(c).is_some(), "component {c} of {composite}");
    }
}

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
    let data = glyphs_with_data(&t, glyphs);
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
