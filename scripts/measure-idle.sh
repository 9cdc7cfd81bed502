#!/usr/bin/env bash
# Measures idle CPU and peak memory of the game on one screen, with the default settings (patience
# timers on: the call screen counts down once a second) and with `--no-timers`, and of a bare
# bevy+egui window built with the same profile, under Xvfb with software rendering. Prints CPU
# ticks used over 10 s of idling and peak RSS for each, and their ratios.
#
#   scripts/measure-idle.sh [SCREEN] [SCENARIO]      (default: call angry_caller.ron)
#   PROFILE=release scripts/measure-idle.sh          (default: dev, the profile `make run` uses)
set -euo pipefail
cd "$(dirname "$0")/.."
SCREEN=${1:-call}
SCENARIO=${2:-angry_caller.ron}
PROFILE=${PROFILE:-dev}
SETTLE=${SETTLE:-8}
WINDOW=${WINDOW:-10}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/frontline/target}"
command -v xvfb-run >/dev/null || { echo "error: xvfb-run is missing (apt-get install xvfb xauth)" >&2; exit 1; }

dir=debug; [ "$PROFILE" = dev ] || dir=$PROFILE
echo "==> Building (profile $PROFILE)"
cargo build --quiet --profile "$PROFILE" --bin frontline --example bare_window
GAME="$CARGO_TARGET_DIR/$dir/frontline"
BARE="$CARGO_TARGET_DIR/$dir/examples/bare_window"
TCK=$(getconf CLK_TCK)

# measure NAME BINARY ARGS... -> prints "NAME ticks rss_kib"
measure() {
  local name=$1 bin=$2; shift 2
  xvfb-run -a -s "-screen 0 1280x800x24" "$bin" "$@" >"/tmp/frontline-idle-$name.log" 2>&1 &
  local xvfb=$!
  local pid=""
  for _ in $(seq 1 100); do
    pid=$(pgrep -n -f "^$bin" || true)
    [ -n "$pid" ] && break
    sleep 0.1
  done
  [ -n "$pid" ] || { echo "error: $name did not start (see /tmp/frontline-idle-$name.log)" >&2; kill $xvfb 2>/dev/null; return 1; }
  sleep "$SETTLE"
  local c0 c1
  c0=$(awk '{print $14+$15}' "/proc/$pid/stat")
  sleep "$WINDOW"
  c1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  local rss
  rss=$(awk '/^VmHWM:/{print $2}' "/proc/$pid/status")
  kill "$pid" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
  echo "$name $((c1 - c0)) $rss"
}

echo "==> Game on the $SCREEN screen ($SCENARIO), default settings (timers on), idle for ${WINDOW} s after ${SETTLE} s"
read -r _ game_ticks game_rss < <(measure game "$GAME" --hold --screen "$SCREEN" --scenario "$SCENARIO")
echo "==> Game on the $SCREEN screen ($SCENARIO), --no-timers"
read -r _ quiet_ticks quiet_rss < <(measure quiet "$GAME" --hold --screen "$SCREEN" --scenario "$SCENARIO" --no-timers)
echo "==> Bare bevy+egui window (WinitSettings::desktop_app), same profile"
read -r _ bare_ticks bare_rss < <(measure bare "$BARE")

pct() { awk -v t="$1" -v hz="$TCK" -v w="$WINDOW" 'BEGIN{printf "%.1f", 100*t/hz/w}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b==0) print "n/a (baseline 0)"; else printf "%.2f", a/b }'; }
echo
printf "%-28s %12s %10s %14s\n" "" "CPU ticks/${WINDOW}s" "CPU %" "peak RSS MiB"
printf "%-28s %12s %10s %14s\n" "game, timers on (default)" "$game_ticks" "$(pct "$game_ticks")" "$((game_rss / 1024))"
printf "%-28s %12s %10s %14s\n" "game, --no-timers" "$quiet_ticks" "$(pct "$quiet_ticks")" "$((quiet_rss / 1024))"
printf "%-28s %12s %10s %14s\n" "bare bevy+egui window" "$bare_ticks" "$(pct "$bare_ticks")" "$((bare_rss / 1024))"
echo "ratio game/bare (timers on): CPU $(ratio "$game_ticks" "$bare_ticks"), peak RSS $(ratio "$game_rss" "$bare_rss")"
echo "(CLK_TCK=$TCK; profile $PROFILE)"
