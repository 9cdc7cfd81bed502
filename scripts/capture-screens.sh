#!/usr/bin/env bash
# Captures the game's screens to PNG under Xvfb (software rendering) and fails if the window could
# not be created or an image is blank. Used by `make test`; also refreshes the README's screenshots:
#
#   scripts/capture-screens.sh [OUT_DIR]     (default: a temporary folder; docs/screenshots for the README)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-$(mktemp -d)}
mkdir -p "$OUT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/frontline/target}"
command -v xvfb-run >/dev/null || { echo "error: xvfb-run is missing (apt-get install xvfb xauth)" >&2; exit 1; }
cargo build --quiet --bin frontline
GAME="$CARGO_TARGET_DIR/debug/frontline"

# shot NAME ARGS...: one capture; the game itself exits non-zero when the window fails or the image is blank.
shot() {
  local name=$1; shift
  local log="$OUT/$name.log"
  if ! timeout 300 xvfb-run -a -s "-screen 0 1280x800x24" "$GAME" --screenshot "$OUT/$name.png" "$@" >"$log" 2>&1; then
    echo "error: capturing $name failed:" >&2
    grep -v "^ALSA lib" "$log" | tail -20 >&2
    return 1
  fi
  local size
  size=$(stat -c %s "$OUT/$name.png" 2>/dev/null || echo 0)
  if [ "$size" -lt 10000 ]; then
    echo "error: $name.png is missing or suspiciously small ($size bytes)" >&2
    return 1
  fi
  echo "    $name.png ($size bytes)"
}

echo "==> Capturing screens under Xvfb into $OUT"
shot library --screen library
shot call-en --screen call --scenario angry_caller.ron --take 2 --ui-lang en
shot call-zh --screen call --scenario lost_passport.ron --take 1,1 --ui-lang zh
shot debrief --screen debrief --scenario late_flight.ron --ui-lang en --take 1,1,1
shot debrief-model --screen debrief --scenario angry_caller.ron --ui-lang zh --best
shot title --screen title --ui-lang zh
echo "==> All screens captured"
