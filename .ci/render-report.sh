#!/usr/bin/env bash
# Renders report.html pages in headless Chromium and checks each: the DOM
# holds its sections and the conclusion, and then, with a font
# configuration that has no CJK font (Latin fonts only), at 1,400 px and at
# 420 px: no text overflows its box and the page never scrolls sideways,
# the embedded web font loads, and the Chinese characters of the title
# render as real glyphs (.ci/measure-report.js, run on a copy of the page).
# The first Chinese page with its web font removed must render boxes or
# blanks, which shows the check can tell. Each page prints (A4) with each
# section on a page of its own. The solve report is also screenshot (a real
# picture, not an empty page).
#
# Usage: .ci/render-report.sh [report.html ...]
# Without an argument it makes one page of every kind with $STAFFING (the
# binary `cargo test` already built, target/debug/staffing, so CI compiles
# nothing again; built with `cargo build` when it is missing) and checks
# them all: a solve (the Chinese county fixture), a sweep, a Monte Carlo
# sample and a roadmap (generated Chinese data with age bands), and the
# bench (one section, --lang zh). Needs Debian `chromium`.
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    echo "render-report: $CHROMIUM not found; install it with: apt-get install -y chromium" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The pages to check: "kind path" lines.
pages=()
if [ "$#" -gt 0 ]; then
    for p in "$@"; do pages+=("page $p"); done
else
    STAFFING=${STAFFING:-target/debug/staffing}
    [ -x "$STAFFING" ] || cargo build --quiet
    s() { "$STAFFING" --quiet "$@" >/dev/null; }
    s solve tests/fixtures/county/scenario.toml --out "$work/solve"
    pages+=("solve $work/solve/report.html")
    data="$work/data"
    s generate --counties 3 --stations 24 --seed 5 --ages "$data"
    cat >"$data/sweep.toml" <<'EOF'
extend = "scenario.toml"
name = "sweep"
[sweep]
"workload.call_growth" = [1.0, 1.1, 1.2]
"auxiliaries.total" = [40, 80]
EOF
    cat >"$data/sample.toml" <<'EOF'
extend = "scenario.toml"
name = "monte-carlo"
[sample]
seed = 1
count = 12
robust = "worst"
"workload.call_growth" = "normal(1.15, 0.05)"
"workload.divert_share" = "uniform(0, 0.3)"
EOF
    cat >"$data/roadmap.toml" <<'EOF'
extend = "scenario.toml"
name = "roadmap"
[roadmap]
start_year = 2025
years = 3
female_share = 0.2
recruits = [12, 16, 4]
EOF
    s sweep "$data/sweep.toml" --out "$work/sweep"
    pages+=("sweep $work/sweep/report.html")
    s sweep "$data/sample.toml" --out "$work/sample"
    pages+=("monte-carlo $work/sample/report.html")
    s roadmap "$data/roadmap.toml" --out "$work/roadmap"
    pages+=("roadmap $work/roadmap/report.html")
    s bench --section service --max-stations 100 --repeat 1 --lang zh \
        --province "$data/scenario.toml" --out "$work/bench"
    pages+=("bench $work/bench/report.html")
fi

chrome() {
    # --virtual-time-budget lets layout settle; no network is needed or allowed.
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile" --virtual-time-budget=2000 "$@" 2>"$work/chromium.log"
}

# The sections each kind of page must show, beyond the summary, the
# conclusion and provenance every page has.
needles() {
    case "$1" in
        solve) echo 'id="charts" id="counties" id="changes" id="binding" id="parameters" <svg SHA-256' ;;
        sweep) echo 'id="charts" id="points" <svg' ;;
        monte-carlo) echo 'id="monte-carlo" id="charts" id="points" <svg' ;;
        roadmap) echo 'id="charts" id="years" id="recruits" <svg' ;;
        bench) echo 'id="service-standard-erlang-c-requirement-pass"' ;;
        *) echo '' ;;
    esac
}

fail=0
bad() {
    echo "render-report: $*" >&2
    fail=1
}

# --- The DOM, as Chromium builds it. ---
check_dom() { # kind page
    local dom="$work/dom.html" needle
    chrome --dump-dom "file://$2" >"$dom"
    for needle in 'id="summary"' 'id="conclusion"' 'id="provenance"' $(needles "$1"); do
        grep -qF "$needle" "$dom" || bad "$1: the rendered page lacks $needle"
    done
    if grep -qF 'lang="zh-CN"' "$dom"; then
        grep -qF '摘要' "$dom" || bad "$1: no 摘要 in the page"
    else
        grep -qF 'Summary' "$dom" || bad "$1: no 'Summary' in the page"
    fi
}

# --- A screenshot is a real picture. ---
check_screenshot() { # page
    chrome --screenshot="$work/shot.png" --window-size=1280,4000 "file://$1" >/dev/null
    if [ ! -s "$work/shot.png" ]; then
        bad "no screenshot"
        cat "$work/chromium.log" >&2
        return
    fi
    local sig width height bytes
    sig=$(od -An -tx1 -N8 "$work/shot.png" | tr -d ' \n')
    width=$((16#$(od -An -tx1 -j16 -N4 "$work/shot.png" | tr -d ' \n')))
    height=$((16#$(od -An -tx1 -j20 -N4 "$work/shot.png" | tr -d ' \n')))
    bytes=$(stat -c %s "$work/shot.png")
    if [ "$sig" != "89504e470d0a1a0a" ] || [ "$width" -ne 1280 ] || [ "$height" -ne 4000 ]; then
        bad "screenshot is not a 1280×4000 PNG (signature $sig, $width×$height)"
    fi
    # A blank page compresses to a few kB; charts and tables do not.
    [ "$bytes" -ge 100000 ] || bad "screenshot is only $bytes bytes; the page looks empty"
    if [ -n "${KEEP_SCREENSHOT:-}" ]; then cp "$work/shot.png" "$KEEP_SCREENSHOT"; fi
    echo "render-report: solve: screenshot ${width}×${height}, $bytes bytes"
}

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
nocjk="$work/fonts.conf"
if command -v fc-list >/dev/null && [ -n "$(FONTCONFIG_FILE="$nocjk" fc-list :lang=zh)" ]; then
    echo "render-report: a CJK font is still visible with $nocjk: $(FONTCONFIG_FILE="$nocjk" fc-list :lang=zh | head -1)" >&2
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
    FONTCONFIG_FILE="$nocjk" chrome --dump-dom --window-size=1500,2200 "file://$host" |
        sed -n '/<pre id="measure">/,/<\/pre>/p' | sed -e 's/<[^>]*>//g'
}
renders_chinese() { # a "glyphs N chars, D distinct, B blank" line
    local chars distinct blank
    read -r _ chars _ distinct _ blank _ <<<"$1"
    [ "${chars:-0}" -ge 2 ] && [ "$distinct" -eq "$chars" ] && [ "$blank" -eq 0 ]
}
check_layout() { # kind page zh
    local w lines glyphs
    for w in 1400 420; do
        lines=$(measure "$2" "$w")
        if [ -z "$lines" ]; then
            bad "$1: the measurement at $w px wrote nothing"
            cat "$work/chromium.log" >&2
            continue
        fi
        if grep -q '^overflow' <<<"$lines"; then
            bad "$1: at $w px text overflows its box:"
            grep '^overflow' <<<"$lines" | head -20 >&2
        fi
        grep -qx "width $w" <<<"$lines" ||
            bad "$1: the page was not laid out $w px wide ($(grep '^width' <<<"$lines"))"
        grep -qx 'webfont loaded' <<<"$lines" ||
            bad "$1: at $w px the web font did not load ($(grep '^webfont' <<<"$lines"))"
        glyphs=$(grep '^glyphs' <<<"$lines" || true)
        if [ "$3" -eq 1 ] && ! renders_chinese "$glyphs"; then
            bad "$1: at $w px Chinese does not render: $glyphs"
        fi
        echo "render-report: $1: $w px: $(grep -c '^overflow' <<<"$lines") overflowing boxes; $glyphs; web font $(grep '^webfont' <<<"$lines" | cut -d' ' -f2)"
    done
}
# The control: without the web font this machine must show boxes.
control_done=0
check_control() { # page
    sed 's/@font-face {[^}]*}//' "$1" >"$work/no-font.html"
    if renders_chinese "$(measure "$work/no-font.html" 1400 | grep '^glyphs' || true)"; then
        bad "Chinese renders even without the web font: a CJK font is reachable, so the check cannot tell"
    fi
    control_done=1
}

# --- Print: A4, each section on its own page. ---
check_print() { # kind page
    local pages sections
    FONTCONFIG_FILE="$nocjk" chrome --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "file://$2" >/dev/null
    pages=$(grep -a -c '/Type /Page\b' "$work/report.pdf" || true)
    sections=$(grep -o '<section id=' "$2" | wc -l)
    [ "${pages:-0}" -ge "$sections" ] || bad "$1: the printed report has $pages pages for $sections sections"
    grep -a -q '/MediaBox \[0 0 59[45]' "$work/report.pdf" || bad "$1: the printed report is not A4"
    echo "render-report: $1: $pages printed pages for $sections sections"
}

for entry in "${pages[@]}"; do
    kind=${entry%% *}
    page=${entry#* }
    [ -f "$page" ] || { bad "$kind: no file $page"; continue; }
    page=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
    # The page's language decides the glyph checks.
    zh=0
    grep -qF '<html lang="zh-CN">' "$page" && zh=1
    check_dom "$kind" "$page"
    if [ "$kind" = solve ]; then check_screenshot "$page"; fi
    check_layout "$kind" "$page" "$zh"
    if [ "$zh" -eq 1 ] && [ "$control_done" -eq 0 ]; then check_control "$page"; fi
    check_print "$kind" "$page"
done

[ "$fail" -eq 0 ] || exit 1
echo "render-report: ok (${#pages[@]} pages)"
