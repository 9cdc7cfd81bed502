# Shared by scripts/measure-idle.sh, perf-report.sh and measure-build-profiles.sh (sourced, not run): starts a program
# under xvfb-run (software rendering), lets it settle, and reads its CPU ticks and peak memory.

TCK=$(getconf CLK_TCK)

# measure NAME SETTLE WINDOW BINARY ARGS... -> prints "NAME ticks rss_kib"; the program's output
# goes to /tmp/frontline-measure-NAME.log (frame statistics, when asked for, are read from there).
measure() {
  local name=$1 settle=$2 window=$3 bin=$4; shift 4
  local log="/tmp/frontline-measure-$name.log"
  xvfb-run -a -s "-screen 0 1280x800x24" "$bin" "$@" >"$log" 2>&1 &
  local xvfb=$!
  local pid=""
  for _ in $(seq 1 100); do
    pid=$(pgrep -n -f "^$bin" || true)
    [ -n "$pid" ] && break
    sleep 0.1
  done
  [ -n "$pid" ] || { echo "error: $name did not start (see $log)" >&2; kill $xvfb 2>/dev/null; return 1; }
  sleep "$settle"
  local c0 c1
  c0=$(awk '{print $14+$15}' "/proc/$pid/stat")
  sleep "$window"
  c1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  local rss
  rss=$(awk '/^VmHWM:/{print $2}' "/proc/$pid/status")
  sleep 0.5
  kill "$pid" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
  echo "$name $((c1 - c0)) $rss"
}

# pct TICKS WINDOW -> CPU percent of one core
pct() { awk -v t="$1" -v hz="$TCK" -v w="$2" 'BEGIN{printf "%.1f", 100*t/hz/w}'; }
# ratio A B -> A/B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b==0) print "n/a"; else printf "%.2f", a/b }'; }

# moving NAME BINARY ARGS... -> "frames fps cpu_ms_per_frame" while something moves: runs the program
# with frame statistics every $WINDOW seconds (FRONTLINE_FRAME_STATS), lets it settle $SETTLE
# seconds, and reads the last full window from its log.
moving() {
  local name=$1 bin=$2; shift 2
  FRONTLINE_FRAME_STATS=$WINDOW measure "$name" "$((SETTLE + WINDOW))" "$WINDOW" "$bin" "$@" >/dev/null
  grep -o 'frame stats: [0-9]* frames in [0-9.]* s ([0-9.]* fps), CPU [0-9.]* s ([0-9]* %), [0-9.]* ms CPU per frame' \
    "/tmp/frontline-measure-$name.log" | tail -1 |
    sed -E 's/frame stats: ([0-9]+) frames in [0-9.]+ s \(([0-9.]+) fps\), CPU [0-9.]+ s \([0-9]+ %\), ([0-9.]+) ms.*/\1 \2 \3/'
}

# first_frame NAME PATTERN BINARY ARGS... -> seconds from start to the first frame (median of three
# runs), read from the program's own log line (FRONTLINE_FRAME_STATS), e.g. "first library frame".
first_frame() { # NAME PATTERN BINARY ARGS... -> seconds
  local name=$1 pattern=$2 bin=$3; shift 3
  local times=()
  for run in 1 2 3; do
    FRONTLINE_FRAME_STATS=60 timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" "$bin" "$@" >"/tmp/frontline-measure-$name-$run.log" 2>&1 &
    local job=$!
    local t=""
    for _ in $(seq 1 300); do
      t=$(grep -o "$pattern [0-9.]* s" "/tmp/frontline-measure-$name-$run.log" 2>/dev/null | grep -o '[0-9.]*' | head -1 || true)
      [ -n "$t" ] && break
      sleep 0.1
    done
    pkill -f "^$bin" 2>/dev/null || true
    wait "$job" 2>/dev/null || true
    [ -n "$t" ] && times+=("$t")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END{ if (NR) print a[int((NR+1)/2)]; else print "n/a" }'
}
