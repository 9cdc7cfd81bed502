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
source scripts/lib-measure.sh

echo "==> Game on the $SCREEN screen ($SCENARIO), default settings (timers on), idle for ${WINDOW} s after ${SETTLE} s"
read -r _ game_ticks game_rss < <(measure game "$SETTLE" "$WINDOW" "$GAME" --hold --screen "$SCREEN" --scenario "$SCENARIO")
echo "==> Game on the $SCREEN screen ($SCENARIO), --no-timers"
read -r _ quiet_ticks quiet_rss < <(measure quiet "$SETTLE" "$WINDOW" "$GAME" --hold --screen "$SCREEN" --scenario "$SCENARIO" --no-timers)
echo "==> Bare bevy+egui window (WinitSettings::desktop_app), same profile"
read -r _ bare_ticks bare_rss < <(measure bare "$SETTLE" "$WINDOW" "$BARE")

echo
printf "%-28s %12s %10s %14s\n" "" "CPU ticks/${WINDOW}s" "CPU %" "peak RSS MiB"
printf "%-28s %12s %10s %14s\n" "game, timers on (default)" "$game_ticks" "$(pct "$game_ticks" "$WINDOW")" "$((game_rss / 1024))"
printf "%-28s %12s %10s %14s\n" "game, --no-timers" "$quiet_ticks" "$(pct "$quiet_ticks" "$WINDOW")" "$((quiet_rss / 1024))"
printf "%-28s %12s %10s %14s\n" "bare bevy+egui window" "$bare_ticks" "$(pct "$bare_ticks" "$WINDOW")" "$((bare_rss / 1024))"
echo "ratio game/bare (timers on): CPU $(ratio "$game_ticks" "$bare_ticks"), peak RSS $(ratio "$game_rss" "$bare_rss")"
echo "(CLK_TCK=$TCK; profile $PROFILE)"
