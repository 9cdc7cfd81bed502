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
shot map-path --screen map --scenario lost_passport.ron --ui-lang zh --best
# The written channels (a chat in both languages, an e-mail thread) and the library filtered.
shot chat-en --screen call --scenario broadband_chat.ron --take 4,4 --ui-lang en --no-timers
shot chat-zh --screen call --scenario broadband_chat.ron --take 4,4,1 --ui-lang zh --no-timers
shot email-en --screen call --scenario bank_email.ron --take 1,2 --ui-lang en --no-timers
shot library-filtered --screen library --ui-lang en --channel in-person --search hotel
# An empty scenario folder: the library says so and how to fill it.
EMPTY=$(mktemp -d)
shot library-empty --screen library --ui-lang zh --scenarios "$EMPTY"
rmdir "$EMPTY"
# The call screens above check, with nothing pressed while the app sleeps, that every option and the
# last line are on screen and that no frame drew text before its glyphs: also without timers and at
# the smallest and largest UI scales.
shot call-zh-no-timers --screen call --scenario angry_caller.ron --take 1 --ui-lang zh --no-timers
shot call-zh-scale-2 --screen call --scenario late_flight.ron --take 1 --ui-lang zh --ui-scale 2.0 --no-timers
shot call-en-scale-0.75 --screen call --scenario late_flight.ron --take 1,1 --ui-lang en --ui-scale 0.75
shot call-ended-en --screen call --scenario late_flight.ron --take 1,1,1,1,1,1,1,1,1 --ui-lang en --no-timers
shot title-scale-2 --screen title --ui-lang en --ui-scale 2.0
shot library-scale-2 --screen library --ui-lang zh --ui-scale 2.0
shot debrief-scale-2 --screen debrief --scenario lost_passport.ron --ui-lang en --ui-scale 2.0 --take 2,1
# The progress screen with a few recorded calls: recorded by the terminal player into a fresh data folder.
DATA=$(mktemp -d)
for spec in "late_flight.ron 1 1" "lost_passport.ron 2 2" "late_flight.ron 3 3" "angry_caller.ron 4 1" "lost_passport.ron 5 1"; do
  set -- $spec
  "$GAME" --data-dir "$DATA" play "scenarios/$1" --seed "$2" --choices "$3,$3,$3,$3,$3,$3,$3,$3,$3,$3" --learner Demo >/dev/null 2>&1 || true
done
shot progress --screen progress --data-dir "$DATA" --ui-lang en
rm -rf "$DATA"
# A trainer's copy of a shipped scenario (same id, in the data folder's scenarios/): the library lists
# the copy, marked "your copy", instead of the shipped one.
SHARE=$(mktemp -d)
mkdir -p "$SHARE/scenarios" "$SHARE/data/scenarios"
cp scenarios/*.ron "$SHARE/scenarios/"
sed 's/en: "Third Time Calling"/en: "Third Time Calling (our version)"/' scenarios/angry_caller.ron >"$SHARE/data/scenarios/angry_caller_ours.ron"
grep -q "our version" "$SHARE/data/scenarios/angry_caller_ours.ron" || { echo "error: the copy's title did not change" >&2; exit 1; }
FRONTLINE_SHARE_DIR="$SHARE" shot library-your-copy --screen library --ui-lang en --data-dir "$SHARE/data" --search "our version"
grep -q "angry_caller_ours.ron is the trainer's copy: it replaces the shipped" "$OUT/library-your-copy.log" ||
  { echo "error: the trainer's copy did not replace the shipped scenario" >&2; exit 1; }
rm -rf "$SHARE"
# Degraded environments, each with what the learner must be told.
# A data folder that cannot be created (under a file): play works, the library says progress is not saved.
BLOCKED=$(mktemp)
shot library-progress-not-saved --screen library --ui-lang en --data-dir "$BLOCKED/data"
grep -q "progress is not being saved" "$OUT/library-progress-not-saved.log" ||
  { echo "error: an unusable data folder was not reported" >&2; exit 1; }
rm -f "$BLOCKED"
# A font file that cannot be used: Chinese still draws (the bundled font), with one warning.
BROKEN_FONT=$(mktemp --suffix=.otf)
head -c 3000 /dev/urandom >"$BROKEN_FONT"
FRONTLINE_FONT="$BROKEN_FONT" shot call-zh-font-fallback --screen call --scenario lost_passport.ron --take 1 --ui-lang zh --no-timers
[ "$(grep -c "the bundled Chinese font is used instead" "$OUT/call-zh-font-fallback.log")" = 1 ] ||
  { echo "error: an unusable font was not reported exactly once" >&2; exit 1; }
rm -f "$BROKEN_FONT"
# No Vulkan driver the renderer can use (the loader pointed at a driver file that does not exist):
# a plain error naming the packages and the terminal mode, exit code 1, not the renderer's panic.
NO_DRIVER_LOG="$OUT/no-graphics-driver.log"
status=0
VK_ICD_FILENAMES=/nonexistent/frontline-no-driver.json VK_DRIVER_FILES=/nonexistent/frontline-no-driver.json \
  timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$GAME" --screenshot "$OUT/no-driver.png" --screen library \
  >"$NO_DRIVER_LOG" 2>&1 || status=$?
if [ "$status" != 1 ] || ! grep -q "found no graphics driver" "$NO_DRIVER_LOG" ||
  ! grep -q "mesa-vulkan-drivers" "$NO_DRIVER_LOG" || grep -q "panicked" "$NO_DRIVER_LOG"; then
  cat "$NO_DRIVER_LOG" >&2
  echo "error: without a graphics driver the game should explain it and exit with 1 (it exited with $status)" >&2
  exit 1
fi
echo "    without a graphics driver: explained, exit code 1"
echo "==> All screens captured"
