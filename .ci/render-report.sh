#!/usr/bin/env bash
# Renders report.html in headless Chromium and checks the page: the DOM holds
# every section and key text, and a full-page screenshot is a real picture.
# Then, with a font configuration that has no CJK font (Latin fonts only),
# at 1,400 px and at 420 px: no text overflows its box and the page never
# scrolls sideways, the embedded web font loads, and Chinese characters
# render as real glyphs (.ci/measure-report.js, run on a copy of the page);
# the same page with its web font removed must render boxes or blanks, which
# shows the check can tell. Last, the page prints (A4) with each section on
# a page of its own.
#
# Usage: .ci/render-report.sh [report.html]
# Without an argument, solves the Chinese county fixture with $STAFFING (the
# binary `cargo test` already built, target/debug/staffing, so CI compiles
# nothing again; `cargo run` when it is missing) and checks its report.
# Needs Debian `chromium` (apt-get install -y chromium).
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    echo "render-report: $CHROMIUM not found; install it with: apt-get install -y chromium" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

report=${1:-}
if [ -z "$report" ]; then
    STAFFING=${STAFFING:-target/debug/staffing}
    if [ -x "$STAFFING" ]; then
        "$STAFFING" solve tests/fixtures/county/scenario.toml --out "$work/out" >/dev/null
    else
        cargo run --quiet -- solve tests/fixtures/county/scenario.toml --out "$work/out" >/dev/null
    fi
    report="$work/out/report.html"
fi
[ -f "$report" ] || { echo "render-report: no file $report" >&2; exit 1; }
url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"

chrome() {
    # --virtual-time-budget lets layout settle; no network is needed or allowed.
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --virtual-time-budget=2000 "$@" 2>"$work/chromium.log"
}

chrome --dump-dom "$url" >"$work/dom.html"
fail=0
for needle in 'id="summary"' 'id="charts"' 'id="counties"' 'id="changes"' \
              'id="binding"' 'id="parameters"' 'id="provenance"' '<svg' 'SHA-256'; do
    if ! grep -qF "$needle" "$work/dom.html"; then
        echo "render-report: the rendered page lacks $needle" >&2
        fail=1
    fi
done
# The page's language decides the rest of the checks.
if grep -qF 'lang="zh-CN"' "$work/dom.html"; then
    grep -qF '均衡水平' "$work/dom.html" || { echo "render-report: no 均衡水平 in the page" >&2; fail=1; }
else
    grep -qF 'balance level' "$work/dom.html" || { echo "render-report: no 'balance level' in the page" >&2; fail=1; }
fi

chrome --screenshot="$work/shot.png" --window-size=1280,4000 "$url" >/dev/null
if [ ! -s "$work/shot.png" ]; then
    echo "render-report: no screenshot" >&2
    cat "$work/chromium.log" >&2
    exit 1
fi
sig=$(od -An -tx1 -N8 "$work/shot.png" | tr -d ' \n')
width=$((16#$(od -An -tx1 -j16 -N4 "$work/shot.png" | tr -d ' \n')))
height=$((16#$(od -An -tx1 -j20 -N4 "$work/shot.png" | tr -d ' \n')))
bytes=$(stat -c %s "$work/shot.png")
if [ "$sig" != "89504e470d0a1a0a" ] || [ "$width" -ne 1280 ] || [ "$height" -ne 4000 ]; then
    echo "render-report: screenshot is not a 1280×4000 PNG (signature $sig, $width×$height)" >&2
    fail=1
fi
# A blank page compresses to a few kB; charts and tables do not.
if [ "$bytes" -lt 100000 ]; then
    echo "render-report: screenshot is only $bytes bytes; the page looks empty" >&2
    fail=1
fi
if [ -n "${KEEP_SCREENSHOT:-}" ]; then cp "$work/shot.png" "$KEEP_SCREENSHOT"; fi

# --- No CJK font: Chinese must come from the page's own web font. ---
{
    echo '<?xml version="1.0"?>'
    echo '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
    echo '<fontconfig>'
    for d in /usr/share/fonts/truetype/dejavu /usr/share/fonts/truetype/liberation; do
        if [ -d "$d" ]; then echo "<dir>$d</dir>"; fi
    done
    echo "<cachedir>$work/fontcache</cachedir>"
    echo '</fontconfig>'
} >"$work/fonts.conf"
export FONTCONFIG_FILE="$work/fonts.conf"
if command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh)" ]; then
    echo "render-report: a CJK font is still visible with $FONTCONFIG_FILE: $(fc-list :lang=zh | head -1)" >&2
    exit 1
fi
measure_js="$(dirname "$0")/measure-report.js"
# Prints the measurement lines of a copy of $1 (with the script) shown in an
# iframe $2 px wide.
measure() {
    local page="$work/measure-$2.html" host="$work/host-$2.html"
    { cat "$1"; echo '<script>'; cat "$measure_js"; echo '</script>'; } >"$page"
    cat >"$host" <<EOF
<!DOCTYPE html><html><body style="margin:0"><pre id="measure"></pre>
<iframe src="measure-$2.html" style="width:$2px;height:2000px;border:0"></iframe>
<script>addEventListener("message", function (e) { document.getElementById("measure").textContent = e.data; });</script>
</body></html>
EOF
    chrome --dump-dom --window-size=1500,2200 "file://$host" |
        sed -n '/<pre id="measure">/,/<\/pre>/p' | sed -e 's/<[^>]*>//g'
}
zh=0
grep -qF 'lang="zh-CN"' "$work/dom.html" && zh=1
for w in 1400 420; do
    lines=$(measure "$report" "$w")
    if [ -z "$lines" ]; then
        echo "render-report: the measurement at $w px wrote nothing" >&2
        cat "$work/chromium.log" >&2
        fail=1
        continue
    fi
    if grep -q '^overflow' <<<"$lines"; then
        echo "render-report: at $w px text overflows its box:" >&2
        grep '^overflow' <<<"$lines" | head -20 >&2
        fail=1
    fi
    grep -qx "width $w" <<<"$lines" ||
        { echo "render-report: the page was not laid out $w px wide ($(grep '^width' <<<"$lines"))" >&2; fail=1; }
    grep -qx 'webfont loaded' <<<"$lines" ||
        { echo "render-report: at $w px the web font did not load ($(grep '^webfont' <<<"$lines"))" >&2; fail=1; }
    read -r _ chars _ distinct _ blank _ < <(grep '^glyphs' <<<"$lines")
    if [ "$zh" -eq 1 ] && { [ "${chars:-0}" -lt 2 ] || [ "$distinct" -ne "$chars" ] || [ "$blank" -ne 0 ]; }; then
        echo "render-report: at $w px Chinese does not render: $(grep '^glyphs' <<<"$lines")" >&2
        fail=1
    fi
    echo "render-report: $w px: $(grep -c '^overflow' <<<"$lines") overflowing boxes; $(grep '^glyphs' <<<"$lines"); web font $(grep '^webfont' <<<"$lines" | cut -d' ' -f2)"
done
if [ "$zh" -eq 1 ]; then
    # The control: without the web font this machine must show boxes.
    sed 's/@font-face {[^}]*}//' "$report" >"$work/no-font.html"
    read -r _ chars _ distinct _ blank _ < <(measure "$work/no-font.html" 1400 | grep '^glyphs')
    if [ "${chars:-0}" -ge 2 ] && [ "$distinct" -eq "$chars" ] && [ "$blank" -eq 0 ]; then
        echo "render-report: Chinese renders even without the web font: a CJK font is reachable, so the check cannot tell" >&2
        fail=1
    fi
fi

# --- Print: A4, each section on its own page. ---
chrome --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "$url" >/dev/null
pages=$(grep -a -c '/Type /Page\b' "$work/report.pdf" || true)
sections=$(grep -o '<section id=' "$report" | wc -l)
if [ "${pages:-0}" -lt "$sections" ]; then
    echo "render-report: the printed report has $pages pages for $sections sections" >&2
    fail=1
fi
if ! grep -a -q '/MediaBox \[0 0 59[45]' "$work/report.pdf"; then
    echo "render-report: the printed report is not A4" >&2
    fail=1
fi

[ "$fail" -eq 0 ] || exit 1
echo "render-report: ok ($report rendered; screenshot ${width}×${height}, $bytes bytes; $pages printed pages)"
