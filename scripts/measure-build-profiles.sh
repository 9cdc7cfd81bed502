#!/usr/bin/env bash
# Chooses the build profile by measurement: for the dev profile with dependencies at opt-level 0,
# 1, 2 and 3, and for release, builds the game from an empty target folder (cold build time), then
# measures under Xvfb with software rendering the frames per second and CPU per frame while the
# phone rings (frame statistics, FRONTLINE_FRAME_STATS) and the patience countdown runs, and the time
# from start to the library's first frame. Prints one
# Markdown table. Slow: five cold builds (about 40–60 minutes on 2 cores); run it on a quiet machine.
#
#   scripts/measure-build-profiles.sh [PROFILES...]   (default: dev-o0 dev-o1 dev-o2 dev-o3 release)
#   COLD=no scripts/measure-build-profiles.sh dev-o2   reuse the target folders (rebuild timings only)
#   README=yes scripts/measure-build-profiles.sh        also write the table into README.md
#   Profile names: dev-o0..dev-o3 (every dependency at that opt-level), mixed (dependencies at 0, the
#   crates Cargo.toml optimises, or those in MIXED_CRATES, at 2), release, current (Cargo.toml as it
#   is: what make run uses).
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILES=("$@")
[ ${#PROFILES[@]} -gt 0 ] || PROFILES=(dev-o0 dev-o1 dev-o2 dev-o3 release)
COLD=${COLD:-yes}
WINDOW=${WINDOW:-10}
SETTLE=${SETTLE:-8}
ROOT=${MEASURE_ROOT:-$HOME/.cache/frontline/profiles}
command -v xvfb-run >/dev/null || { echo "error: xvfb-run is missing (run make test first)" >&2; exit 1; }
source scripts/lib-measure.sh
mkdir -p "$ROOT"


# The dependencies Cargo.toml optimises in the dev profile ([profile.dev.package.NAME] opt-level = 2).
optimised_in_cargo_toml() {
  awk '/^\[profile\.dev\.package\./ { name = $0; sub(/^\[profile\.dev\.package\./, "", name); sub(/\]$/, "", name); next }
       /^opt-level = 2$/ && name != "" && name != "frontline" && name !~ /"/ { print name }
       /^\[/ { name = "" }' Cargo.toml
}

ROWS=()
for p in "${PROFILES[@]}"; do
  target="$ROOT/$p"
  case $p in
    dev-o[0-3]) args=(--config "profile.dev.package.\"*\".opt-level=${p#dev-o}"); dir=debug ;;
    mixed)
      args=(--config 'profile.dev.package."*".opt-level=0')
      for c in ${MIXED_CRATES:-$(optimised_in_cargo_toml)}; do
        args+=(--config "profile.dev.package.$c.opt-level=2")
      done
      dir=debug ;;
    current) args=(); dir=debug ;;
    release) args=(--release); dir=release ;;
    *) echo "error: unknown profile $p (dev-o0..dev-o3, mixed, release, current)" >&2; exit 2 ;;
  esac
  [ "$COLD" = yes ] && rm -rf "$target"
  echo "==> $p: building into $target" >&2
  start=$(date +%s)
  CARGO_TARGET_DIR="$target" cargo build --quiet ${args[@]+"${args[@]}"} --bin frontline >&2
  built=$(( $(date +%s) - start ))
  bin="$target/$dir/frontline"
  echo "==> $p: the ringing phone" >&2
  read -r _ ring_fps ring_ms < <(moving "$p-ringing" "$bin" --hold --screen call --scenario angry_caller.ron --ringing)
  echo "==> $p: the patience countdown" >&2
  read -r _ timer_fps timer_ms < <(moving "$p-countdown" "$bin" --hold --screen call --scenario angry_caller.ron)
  echo "==> $p: start to the library's first frame" >&2
  start_s=$(first_frame "$p-start" "first library frame" "$bin" --hold --screen library)
  size=$(du -m "$bin" | cut -f1)
  ROWS+=("| $p | $((built / 60)) min $((built % 60)) s | ${ring_fps:-?} fps, ${ring_ms:-?} ms | ${timer_ms:-?} ms | $start_s s | $size MiB |")
done

REPORT=$(mktemp)
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), Xvfb with software rendering, by \`scripts/measure-build-profiles.sh\`; cold build = from an empty target folder (COLD=$COLD)."
  echo
  echo "| profile | cold build | ringing phone: fps, CPU per frame | countdown: CPU per frame | start to first frame | binary |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} >"$REPORT"
echo
cat "$REPORT"
if [ "${README:-no}" = yes ]; then
  python3 - "$REPORT" <<'PY'
import sys
report = open(sys.argv[1]).read().strip()
readme = open("README.md").read()
start, end = "<!-- build-profiles:start -->", "<!-- build-profiles:end -->"
head, rest = readme.split(start, 1)
_, tail = rest.split(end, 1)
open("README.md", "w").write(head + start + "\n" + report + "\n" + end + tail)
PY
fi
rm -f "$REPORT"
