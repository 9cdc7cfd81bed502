#!/usr/bin/env bash
# Renders an exam's class report as HTML in a real browser (headless Chromium) and fails on a blank
# page. Used by `make test`; also refreshes the README's screenshot:
#
#   scripts/check-report-html.sh [OUT.png]     (default: a temporary file; docs/screenshots/class-report.png)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-$(mktemp --suffix .png)}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/frontline/target}"
command -v chromium >/dev/null || { echo "error: chromium is missing (apt-get install chromium)" >&2; exit 1; }
command -v identify >/dev/null || { echo "error: ImageMagick is missing (apt-get install imagemagick)" >&2; exit 1; }
cargo build --quiet --bin frontline
FRONTLINE="$CARGO_TARGET_DIR/debug/frontline"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A small class sits the shipped exam in the terminal (each learner answers differently).
n=0
for learner in Ann Bo Cy Dee Eli Fay; do
  n=$((n + 1))
  yes "$(( n % 3 + 1 ))" | head -40 | "$FRONTLINE" --data-dir "$WORK/data" exam scenarios/exams/front_desk_cert.ron \
    --learner "$learner" >/dev/null 2>&1 || true
done
"$FRONTLINE" --data-dir "$WORK/data" report --exam scenarios/exams/front_desk_cert.ron --format html >"$WORK/report.html"
timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1400 \
  --screenshot="$OUT" "file://$WORK/report.html" >"$WORK/chromium.log" 2>&1 || {
  echo "error: chromium could not render the report:" >&2; tail -5 "$WORK/chromium.log" >&2; exit 1; }
spread=$(identify -format "%[fx:standard_deviation]" "$OUT")
if awk "BEGIN { exit !($spread < 0.02) }"; then
  echo "error: the class report renders as a blank page (pixel deviation $spread)" >&2
  exit 1
fi
echo "    class report rendered by Chromium: $OUT (pixel deviation $spread)"
