#!/usr/bin/env bash
# Renders report.html in headless Chromium and checks the page: the DOM holds
# every section and key text, and a full-page screenshot is a real picture.
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
[ "$fail" -eq 0 ] || exit 1
echo "render-report: ok ($report rendered; screenshot ${width}×${height}, $bytes bytes)"
