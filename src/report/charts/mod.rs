//! Charts (plotters) as SVG and PNG, with an embedded CJK font.
//!
//! Every chart is drawn once per backend from the same [`Figure`] code: SVG
//! for `report.html` (text stays text, in the viewer's CJK fonts) and PNG for
//! slides and chat (text rasterised with the embedded WenQuanYi Micro Hei
//! subset, so Chinese renders on a machine with no CJK font installed).

pub mod fairness;
pub mod service;
pub mod solve;

use std::io::Write;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle, RGBColor};

/// The font family charts name. In PNG it resolves to the embedded font
/// (registered under this exact name); in SVG it is the CSS `font-family`
/// list, so browsers pick a CJK-capable system font.
pub const FAMILY: &str = "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, \
                          Microsoft YaHei, PingFang SC, Heiti SC, SimHei, sans-serif";

/// A subset of WenQuanYi Micro Hei (Apache-2.0), see `assets/fonts/README.md`.
pub(crate) static FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei-subset.ttf");

/// Registers the embedded font once per process.
fn ensure_font() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, FONT).is_ok()
            && register_font(FAMILY, FontStyle::Bold, FONT).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(ChartError("the embedded font cannot be read".into()))
    }
}

pub use crate::error::ChartError;

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// Which files each chart becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formats {
    /// SVG only (the report embeds SVG); the fastest.
    Svg,
    /// SVG and PNG.
    #[default]
    SvgAndPng,
}

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem, e.g. `workload` for `workload.svg` and `workload.png`.
    pub stem: String,
    /// The chart's title, for the report.
    pub title: String,
    /// What the chart shows and leaves out, for the report's caption.
    pub note: Option<String>,
    /// The chart as an SVG document (text kept as text), with only characters XML 1.0 allows.
    pub svg: String,
    /// The chart as PNG bytes (drawn with the embedded font); `None` when [`Formats::Svg`] was
    /// asked.
    pub png: Option<Vec<u8>>,
}

/// A chart that can draw itself on any plotters backend.
pub trait Figure {
    /// File stem.
    fn stem(&self) -> String;
    /// Title (also drawn as the caption).
    fn title(&self) -> String;
    /// A sentence for the report's caption under the title (what the chart
    /// compares, what it leaves out); none by default.
    fn note(&self) -> Option<String> {
        None
    }
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws the chart on a white area.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>
    where
        DB::ErrorType: 'static;
}

/// Renders a figure to SVG and, if asked, PNG.
pub fn render<F: Figure>(figure: &F, formats: Formats) -> Result<Chart, ChartError> {
    render_with(figure, formats, &Canvases::default())
}

/// Drawing memory kept between charts rendered one after another: a
/// chart's picture is megabytes, and memory a process already has is
/// drawn on faster than fresh pages. Each chart takes a canvas of its own
/// (charts rendered at once take one each) and gives it back; a canvas is
/// painted white before every chart, so what it held never shows.
#[derive(Default)]
pub struct Canvases(std::sync::Mutex<Vec<Canvas>>);

/// One chart's drawing memory: the RGB picture, its palette indices and
/// the filtered rows the PNG compresses.
#[derive(Default)]
pub struct Canvas {
    rgb: Vec<u8>,
    indices: Vec<u8>,
    rows: Vec<u8>,
}

impl Canvases {
    fn take(&self) -> Canvas {
        // A poisoned lock only means another chart failed: canvases are
        // whole, and painted before use.
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop()
            .unwrap_or_default()
    }

    fn give(&self, canvas: Canvas) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(canvas);
    }
}

/// Renders a figure to SVG and, if asked, PNG, drawing the PNG on one of
/// `canvases`.
pub fn render_with<F: Figure>(
    figure: &F,
    formats: Formats,
    canvases: &Canvases,
) -> Result<Chart, ChartError> {
    ensure_font()?;
    let (w, h) = figure.size();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE)?;
        figure.draw(&root)?;
        root.present()?;
    }
    let png = match formats {
        Formats::Svg => None,
        Formats::SvgAndPng => {
            let mut canvas = canvases.take();
            let png = canvas.png(figure, w, h);
            canvases.give(canvas);
            Some(png?)
        }
    };
    Ok(Chart {
        stem: figure.stem(),
        title: figure.title(),
        note: figure.note(),
        svg: xml_text(svg),
        png,
    })
}

impl Canvas {
    /// The figure drawn on this canvas, as PNG bytes.
    fn png<F: Figure>(&mut self, figure: &F, w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
        self.rgb.clear();
        // White all over: what filling the area with white paints.
        self.rgb.resize(w as usize * h as usize * 3, 255);
        {
            let root = BitMapBackend::with_buffer(&mut self.rgb, (w, h)).into_drawing_area();
            figure.draw(&root)?;
            root.present()?;
        }
        encode_png(&self.rgb, w, h, &mut self.indices, &mut self.rows)
    }
}

/// Whether XML 1.0 allows the character anywhere in a document: tab, line
/// feed, carriage return and everything from U+0020 on, except U+FFFE and
/// U+FFFF (and surrogates, which a Rust `char` cannot be).
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

/// Replaces characters XML 1.0 does not allow (a NUL or U+000B in a station
/// name, which plotters writes into `<text>` as is) with U+FFFD, the
/// replacement character, so every SVG is well-formed and browsers show it.
/// The chart markup itself never holds such characters, so only text changes.
pub fn xml_text(svg: String) -> String {
    if svg.chars().all(xml_allowed) {
        return svg;
    }
    svg.chars()
        .map(|c| if xml_allowed(c) { c } else { '\u{FFFD}' })
        .collect()
}

/// Encodes an RGB buffer as PNG (deterministic: no timestamps).
///
/// A chart with at most 256 colours (a few plain colours and their
/// anti-aliased edges: six of the province's seven charts) is written with
/// a palette, one
/// byte a pixel instead of three: the same pixels in half the bytes, and a
/// third of the data to compress (most of a default solve's chart time).
/// The palette lists the colours in the order they first appear, row by
/// row, so the same picture gives the same file. A chart with more colours
/// (translucent fills over each other and over lines) stays RGB.
///
/// One fixed filter, each byte less the one above it: a chart's rows
/// mostly repeat the row above (background, bars, grid), so the files are
/// as small as with a filter chosen per row (0.4% larger on the province's
/// charts) without trying five filters on every row. zlib at
/// [`PNG_LEVEL`]. `indices` and `rows` are working memory.
fn encode_png(
    rgb: &[u8],
    w: u32,
    h: u32,
    indices: &mut Vec<u8>,
    rows: &mut Vec<u8>,
) -> Result<Vec<u8>, ChartError> {
    let palette = palette_of(rgb, w as usize, indices);
    let (pixels, line) = match palette {
        Some(_) => (&indices[..], w as usize),
        None => (rgb, 3 * w as usize),
    };
    // Each row: the filter type (2, up), then each byte less the one above
    // (the row above the first is zeros); compressed a few rows at a time.
    let mut z = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(pixels.len() / 16),
        flate2::Compression::new(PNG_LEVEL),
    );
    let error = |e: std::io::Error| ChartError(e.to_string());
    rows.clear();
    let mut above: Option<&[u8]> = None;
    for row in pixels.chunks_exact(line.max(1)) {
        rows.push(2);
        match above {
            None => rows.extend_from_slice(row),
            Some(above) => rows.extend(row.iter().zip(above).map(|(&b, &a)| b.wrapping_sub(a))),
        }
        above = Some(row);
        if rows.len() >= 1 << 16 {
            z.write_all(rows).map_err(error)?;
            rows.clear();
        }
    }
    z.write_all(rows).map_err(error)?;
    let data = z.finish().map_err(error)?;
    let mut out = Vec::with_capacity(data.len() + 1024);
    let mut enc = png::Encoder::new(&mut out, w, h);
    match &palette {
        Some(palette) => {
            enc.set_color(png::ColorType::Indexed);
            enc.set_palette(palette.as_slice());
        }
        None => enc.set_color(png::ColorType::Rgb),
    }
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().map_err(|e| ChartError(e.to_string()))?;
    writer
        .write_chunk(png::chunk::IDAT, &data)
        .map_err(|e| ChartError(e.to_string()))?;
    writer.finish().map_err(|e| ChartError(e.to_string()))?;
    Ok(out)
}

/// zlib level of the charts' PNG files: on the province's seven charts
/// (with palettes) 5% more bytes than level 6 (329 kB against 311 kB; RGB
/// at level 6 was 700 kB) in about a tenth less of a default solve's time.
const PNG_LEVEL: u32 = 3;

/// The palette (RGB triples, in order of first appearance, row by row) of
/// a picture `width` pixels wide, with one palette index a pixel written
/// to `indices`; `None` when it has more than 256 colours.
fn palette_of(rgb: &[u8], width: usize, indices: &mut Vec<u8>) -> Option<Vec<u8>> {
    /// Slots of the colour → index table: four times the most colours, so
    /// a look-up mostly finds its colour or an empty slot at once.
    const SLOTS: usize = 1024;
    const EMPTY: u32 = u32::MAX;
    let mut keys = [EMPTY; SLOTS];
    let mut values = [0u8; SLOTS];
    let mut palette: Vec<u8> = Vec::with_capacity(3 * 256);
    indices.clear();
    indices.reserve(rgb.len() / 3);
    let mut above: Option<&[u8]> = None;
    let mut last: Option<(u32, u8)> = None;
    for row in rgb.chunks_exact((3 * width).max(1)) {
        if above == Some(row) {
            // A row like the one above (background, bars): its indices.
            let start = indices.len() - width;
            indices.extend_from_within(start..);
            continue;
        }
        above = Some(row);
        for px in row.chunks_exact(3) {
            let colour = u32::from_be_bytes([0, px[0], px[1], px[2]]);
            let index = match last {
                // Runs of one colour skip the table.
                Some((c, i)) if c == colour => i,
                _ => {
                    let mut slot = (colour.wrapping_mul(0x9E37_79B1) >> 22) as usize % SLOTS;
                    let i = loop {
                        if keys[slot] == colour {
                            break values[slot];
                        }
                        if keys[slot] == EMPTY {
                            let i = u8::try_from(palette.len() / 3).ok()?;
                            keys[slot] = colour;
                            values[slot] = i;
                            palette.extend_from_slice(px);
                            break i;
                        }
                        slot = (slot + 1) % SLOTS;
                    };
                    last = Some((colour, i));
                    i
                }
            };
            indices.push(index);
        }
    }
    Some(palette)
}

/// Chart colours (colour-blind safe: Okabe–Ito).
pub mod palette {
    use super::RGBColor;
    /// Before the plan: today's figures, and the `province` balance target (grey).
    pub const BEFORE: RGBColor = RGBColor(150, 150, 150);
    /// After the plan: the plan's figures, and the `county` balance target (blue).
    pub const AFTER: RGBColor = RGBColor(0, 114, 178);
    /// A norm or standard line, and the `standard` balance target (vermilion).
    pub const NORM: RGBColor = RGBColor(213, 94, 0);
    /// Officers gained at stations, and the `leximin` target (bluish green).
    pub const GAIN: RGBColor = RGBColor(0, 158, 115);
    /// Officers lost at stations (reddish purple).
    pub const LOSS: RGBColor = RGBColor(204, 121, 167);
    /// Auxiliaries, and a panel's second norm line (orange).
    pub const AUX: RGBColor = RGBColor(230, 159, 0);
    /// Titles, labels and axes (near-black).
    pub const TEXT: RGBColor = RGBColor(40, 40, 40);
    /// Series colours for sweep lines.
    pub const SERIES: [RGBColor; 8] = [
        RGBColor(0, 114, 178),
        RGBColor(213, 94, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(230, 159, 0),
        RGBColor(86, 180, 233),
        RGBColor(120, 120, 120),
        RGBColor(0, 0, 0),
    ];
}

/// Pixels of white above a chart's title, so the title never touches the
/// top edge of the picture.
pub const TITLE_MARGIN: u32 = 16;

/// Draws a chart's title in bold, `size` px, centred below a white margin
/// of [`TITLE_MARGIN`], and returns the area under it. A title wider than
/// the chart is set smaller, so it is never cut at the sides.
pub fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    size: f64,
) -> Result<DrawingArea<DB, Shift>, ChartError>
where
    DB::ErrorType: 'static,
{
    let area = root.margin(TITLE_MARGIN, 0, 0, 0);
    let room = area.dim_in_pixel().0.saturating_sub(2 * TITLE_MARGIN) as f64;
    let (width, _) = area.estimate_text_size(title, &bold(size))?;
    let size = if width as f64 > room && width > 0 {
        (size * room / width as f64).floor().max(12.0)
    } else {
        size
    };
    Ok(area.titled(title, bold(size))?)
}

/// Draws a chart's legend in the house style: a light box with a thin
/// border, labels of `label_size` px.
pub fn draw_legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    label_size: f64,
) -> Result<(), ChartError>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .label_font(font(label_size))
        .draw()?;
    Ok(())
}

/// The chart family's regular text style at `size` pixels, in the text colour.
pub fn font(size: f64) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&palette::TEXT)
}

/// A bold text style in the chart family.
pub fn bold(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Bold).color(&palette::TEXT)
}

/// A number for axis labels and notes: thousands without decimals, small
/// values with up to two.
pub fn fmt_num(v: f64) -> String {
    if v.abs() >= 100.0 || v == v.trunc() {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// A share as a percentage label.
pub fn fmt_pct(v: f64) -> String {
    format!("{:.0}%", v * 100.0)
}

/// Lower and upper bounds of values with a margin, never empty.
pub fn padded_range(values: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let span = (hi - lo).max(hi.abs() * 0.05).max(1e-9);
    (lo - span * pad, hi + span * pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pixels of a PNG as RGB (a palette expanded).
    fn decoded(png: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut decoder = png::Decoder::new(png);
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let colour = reader.info().color_type;
        let mut buf = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buf).unwrap();
        buf.truncate(frame.buffer_size());
        (colour, buf)
    }

    #[test]
    fn a_png_holds_exactly_the_pixels_drawn() {
        let (w, h) = (40u32, 30u32);
        // A few colours in runs, as a chart: a palette of them.
        let few: Vec<u8> = (0..w * h)
            .flat_map(|i| match (i % w) / 7 + (i / w) % 3 {
                0 => [255, 255, 255],
                1 => [0, 114, 178],
                2 => [213, 94, 0],
                k => [k as u8 * 20, 40, 40],
            })
            .collect();
        let png = encode_png(&few, w, h, &mut Vec::new(), &mut Vec::new()).unwrap();
        assert_eq!(decoded(&png), (png::ColorType::Indexed, few.clone()));
        // Exactly 256 colours still fit a palette; 257 do not.
        for (colours, want) in [
            (256u32, png::ColorType::Indexed),
            (257, png::ColorType::Rgb),
        ] {
            let many: Vec<u8> = (0..w * h)
                .flat_map(|i| {
                    let c = (i * 7) % colours;
                    [(c % 7) as u8 * 30, (c / 7) as u8 * 5, (c * 13 % 251) as u8]
                })
                .collect();
            let many_png = encode_png(&many, w, h, &mut Vec::new(), &mut Vec::new()).unwrap();
            assert_eq!(decoded(&many_png), (want, many), "{colours} colours");
        }
        // The same picture, the same bytes.
        assert_eq!(
            encode_png(&few, w, h, &mut Vec::new(), &mut Vec::new()).unwrap(),
            png
        );
    }

    #[test]
    fn the_embedded_font_has_every_label_glyph() {
        let font = ab_glyph::FontRef::try_from_slice(FONT).expect("embedded font parses");
        use ab_glyph::Font;
        for c in "两个40%派出所警力均衡水平社区民警辅警县公安局 Gini ≥ → ·−".chars()
        {
            assert_ne!(font.glyph_id(c).0, 0, "the embedded font lacks {c:?}");
        }
        // Every character of the chart code (labels included) has a glyph;
        // rerun assets/fonts/make_subset.py after adding new label characters.
        let sources = [
            include_str!("solve.rs"),
            include_str!("../../sweep/charts/mod.rs"),
            include_str!("../../sweep/charts/pareto.rs"),
            include_str!("../../sweep/charts/spread.rs"),
            include_str!("../../sweep/page.rs"),
            include_str!("service.rs"),
            include_str!("fairness.rs"),
            include_str!("../fairness.rs"),
        ];
        for line in sources.concat().lines() {
            let code = line.split("//").next().unwrap_or("");
            for c in code.chars().filter(|c| !c.is_control()) {
                assert_ne!(
                    font.glyph_id(c).0,
                    0,
                    "the embedded font lacks {c:?} in {line}"
                );
            }
        }
    }
}
