#!/usr/bin/env bash
# The performance report: builds, runs the benchmarks (benches/frontline.rs, criterion) and the
# game measurements under Xvfb with software rendering, and prints one Markdown table of figures
# with ratios against a bare bevy + egui window (examples/bare_window.rs) measured in the same run:
# idle CPU on each screen, time from start to the first frame of the library, peak RSS, and the
# CPU cost of one frame while something moves (the ringing phone, the patience countdown).
#
#   scripts/perf-report.sh                 print the report (runs after `make test` on a fresh machine)
#   scripts/perf-report.sh --readme        also write it into README.md's performance section
#   PROFILE=release scripts/perf-report.sh (default: dev, the profile `make run` uses)
#   QUICK=1 scripts/perf-report.sh         shorter benchmark runs and windows (rougher figures)
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${PROFILE:-dev}
QUICK=${QUICK:-}
WRITE_README=no
[ "${1:-}" = "--readme" ] && WRITE_README=yes
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/frontline/target}"
command -v xvfb-run >/dev/null || { echo "error: xvfb-run is missing (run make test first, or apt-get install xvfb xauth)" >&2; exit 1; }
SETTLE=8; WINDOW=10; BENCH_ARGS=(--warm-up-time 2 --measurement-time 5)
[ -n "$QUICK" ] && { SETTLE=5; WINDOW=5; BENCH_ARGS=(--warm-up-time 1 --measurement-time 2); }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

dir=debug; [ "$PROFILE" = dev ] || dir=$PROFILE
echo "==> Building the game and the bare window (profile $PROFILE)" >&2
cargo build --quiet --profile "$PROFILE" --bin frontline --example bare_window >&2
GAME="$CARGO_TARGET_DIR/$dir/frontline"
BARE="$CARGO_TARGET_DIR/$dir/examples/bare_window"
source scripts/lib-measure.sh

echo "==> Benchmarks (cargo bench, optimised; a few minutes)" >&2
cargo bench --quiet --no-default-features --bench frontline -- "${BENCH_ARGS[@]}" 2>&1 | tee "$OUT/bench.txt" >&2

# Idle CPU and peak memory on each screen, and the bare window.
idle_row() { # LABEL NAME ARGS...
  local label=$1 name=$2; shift 2
  echo "==> Idle: $label" >&2
  read -r _ ticks rss < <(measure "$name" "$SETTLE" "$WINDOW" "$@")
  echo "$label|$ticks|$rss" >>"$OUT/idle.txt"
}
: >"$OUT/idle.txt"
idle_row "bare bevy + egui window (baseline)" bare "$BARE"
idle_row "title" title "$GAME" --hold --screen title
idle_row "library (12 scenarios)" library "$GAME" --hold --screen library
idle_row "call, nothing moving (--no-timers)" call-still "$GAME" --hold --screen call --scenario angry_caller.ron --no-timers
idle_row "call, patience countdown running" call-timer "$GAME" --hold --screen call --scenario angry_caller.ron
idle_row "debrief" debrief "$GAME" --hold --screen debrief --scenario late_flight.ron
idle_row "map" map "$GAME" --hold --screen map --scenario lost_passport.ron

echo "==> Time to the first frame" >&2
bare_start=$(first_frame bare-start "first frame" "$BARE")
game_start=$(first_frame game-start "first library frame" "$GAME" --hold --screen library)

# CPU per frame while something moves: `moving` in lib-measure.sh.
echo "==> Moving screens (frame statistics)" >&2
read -r bare_frames bare_fps bare_ms < <(moving bare-animate "$BARE" --animate)
read -r ring_frames ring_fps ring_ms < <(moving ringing "$GAME" --hold --screen call --scenario angry_caller.ron --ringing)
read -r timer_frames timer_fps timer_ms < <(moving countdown "$GAME" --hold --screen call --scenario angry_caller.ron)

# The report.
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), Xvfb with software rendering (llvmpipe), profile \`$PROFILE\`, by \`scripts/perf-report.sh\`${QUICK:+ with QUICK=1 (shorter windows and benchmark runs)}."
  echo
  echo "**The game against a bare bevy + egui window** (same build, same run):"
  echo
  echo "| | CPU ticks / ${WINDOW} s | CPU | peak RSS | vs bare window (CPU, RSS) |"
  echo "|---|---|---|---|---|"
  IFS='|' read -r _ base_ticks base_rss < <(head -1 "$OUT/idle.txt")
  while IFS='|' read -r label ticks rss; do
    echo "| idle: $label | $ticks | $(pct "$ticks" "$WINDOW") % | $((rss / 1024)) MiB | $(ratio "$ticks" "$base_ticks") ×, $(ratio "$rss" "$base_rss") × |"
  done <"$OUT/idle.txt"
  echo "| start to first frame: bare window | ${bare_start} s | | | |"
  echo "| start to first frame: the game's library | ${game_start} s | | | $(ratio "$game_start" "$bare_start") × |"
  echo "| moving: bare window redrawing continuously | ${bare_frames:-?} frames, ${bare_fps:-?} fps | ${bare_ms:-?} ms CPU / frame | | |"
  echo "| moving: the ringing phone | ${ring_frames:-?} frames, ${ring_fps:-?} fps | ${ring_ms:-?} ms CPU / frame | | $(ratio "${ring_ms:-0}" "${bare_ms:-0}") × |"
  echo "| moving: the patience countdown | ${timer_frames:-?} frames, ${timer_fps:-?} fps | ${timer_ms:-?} ms CPU / frame | | $(ratio "${timer_ms:-0}" "${bare_ms:-0}") × |"
  echo
  echo "**Benchmarks** (\`cargo bench --no-default-features --bench frontline\`, criterion, median of the samples):"
  echo
  echo "| benchmark | time |"
  echo "|---|---|"
  awk '
    /time:/ {
      name = $0; sub(/[ \t]*time:.*/, "", name); gsub(/^[ \t]+|[ \t]+$/, "", name)
      if (name == "") name = last
      match($0, /\[[^]]*\]/); split(substr($0, RSTART + 1, RLENGTH - 2), v, " ")
      printf "| %s | %s %s |\n", name, v[3], v[4]
      next
    }
    NF { last = $0; gsub(/^[ \t]+|[ \t]+$/, "", last) }
  ' "$OUT/bench.txt"
} >"$OUT/report.md"

cat "$OUT/report.md"
if [ "$WRITE_README" = yes ]; then
  python3 - "$OUT/report.md" <<'PY'
import sys
report = open(sys.argv[1]).read().strip()
readme = open("README.md").read()
start, end = "<!-- perf-report:start -->", "<!-- perf-report:end -->"
if start not in readme or end not in readme:
    sys.exit("README.md has no perf-report markers")
head, rest = readme.split(start, 1)
_, tail = rest.split(end, 1)
open("README.md", "w").write(head + start + "\n" + report + "\n" + end + tail)
print("README.md updated", file=sys.stderr)
PY
fi
