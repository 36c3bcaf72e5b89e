#!/usr/bin/env python3
"""Rebuilds wqy-microhei-subset.ttf, the font staffing embeds for chart text.

Source: WenQuanYi Micro Hei 0.2.0-beta (Debian package fonts-wqy-microhei,
/usr/share/fonts/truetype/wqy/wqy-microhei.ttc, face 0), Apache-2.0 or
GPL-3+ with font exception. The subset keeps every GB2312 character, printable
ASCII, Latin-1, general punctuation, arrows and math signs used in labels,
and every character found in the repository's data, scenarios and sources
(so names in the shipped data and every chart label render).

Needs fonttools (`pip install fonttools`). Run from the repository root:
    python3 assets/fonts/make_subset.py
"""
import pathlib
import subprocess
import sys

SOURCE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
OUT = pathlib.Path("assets/fonts/wqy-microhei-subset.ttf")

chars = set()
# GB2312: rows 0xA1-0xF7, cells 0xA1-0xFE.
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
chars.update(chr(c) for c in range(0x20, 0x7F))
chars.update(chr(c) for c in range(0xA0, 0x100))
chars.update(chr(c) for c in range(0x2000, 0x2070))  # general punctuation, super/subscripts
chars.update(chr(c) for c in range(0x2190, 0x21A0))  # arrows
chars.update("−×÷±≤≥≈≠∑√∞·ΣΔ₀₁₂₃₄₅₆₇₈₉ⁿ")
chars.update(chr(c) for c in range(0x3000, 0x3040))  # CJK punctuation
chars.update(chr(c) for c in range(0xFF00, 0xFF5F))  # full-width forms
for pattern in ("scenarios/**/*", "tests/fixtures/**/*", "src/**/*.rs"):
    for p in pathlib.Path(".").glob(pattern):
        if p.is_file():
            chars.update(p.read_text(encoding="utf-8", errors="ignore"))
chars = sorted(c for c in chars if c.isprintable() and ord(c) >= 0x20)
unicodes = ",".join(f"U+{ord(c):04X}" for c in chars)
subprocess.run(
    [
        "pyftsubset",
        SOURCE,
        "--font-number=0",
        f"--unicodes={unicodes}",
        f"--output-file={OUT}",
        "--layout-features=*",
        "--no-hinting",
        "--desubroutinize",
        "--name-IDs=*",
        "--name-languages=*",
    ],
    check=True,
)

# plotters 0.3.7 (ab_glyph backend) draws each glyph's ink at the pen position,
# ignoring the glyph's left side bearing, then advances by the full advance
# width. Glyphs with a wide left bearing (民 曲 出 （ ...) then leave a gap after
# them. Compensate in the font plotters sees: trim each advance by the part of
# the left bearing beyond BEARING units, so every glyph is followed by its own
# right bearing plus about BEARING. Outlines are unchanged; SVG text is drawn
# by the viewer's fonts and is not affected.
from fontTools.ttLib import TTFont

BEARING = 120  # CJK (2048 units an em)
LATIN_BEARING = 60
font = TTFont(OUT)
hmtx = font["hmtx"]
glyf = font["glyf"]
cjk = {g for cp, g in font.getBestCmap().items() if cp >= 0x2E80}
for name, (adv, lsb) in list(hmtx.metrics.items()):
    g = glyf[name]
    if g.numberOfContours == 0:
        continue
    trim = max(lsb - (BEARING if name in cjk else LATIN_BEARING), 0)
    hmtx.metrics[name] = (adv - trim, lsb)
font.save(OUT)

print(f"{OUT}: {len(chars)} characters, {OUT.stat().st_size} bytes", file=sys.stderr)
