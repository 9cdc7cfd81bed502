#!/usr/bin/env bash
# Sends a recorded exam's xAPI statements to a real Learning Record Store — Learning Locker's
# xapi-statements service (npm), started on 127.0.0.1 with in-memory storage — and reads them back.
# Used by `make test`. Without Node the test says so and is skipped (it never passes silently).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/frontline/target}"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "    SKIPPED: the real-LRS test needs Node.js and npm, which are not installed"
  exit 0
fi
LRS_DIR="${FRONTLINE_LRS_DIR:-$HOME/.cache/frontline/lrs}"
if [ ! -f "$LRS_DIR/node_modules/xapi-statements/dist/server.js" ]; then
  echo "    installing Learning Locker's xapi-statements 5.0.1 (npm) into $LRS_DIR"
  mkdir -p "$LRS_DIR"
  (cd "$LRS_DIR" && npm install xapi-statements@5.0.1 --no-audit --no-fund --loglevel=error >/dev/null)
fi
cargo build --quiet --bin frontline
FRONTLINE="$CARGO_TARGET_DIR/debug/frontline"
WORK=$(mktemp -d)
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
(cd "$LRS_DIR/node_modules/xapi-statements" && EXPRESS_PORT=$PORT AUTH_REPO=test EVENTS_REPO=test MODELS_REPO=memory \
  STORAGE_REPO=local FS_LOCAL_STORAGE_DIR="$WORK/storage" EXPRESS_MORGAN_DIRECTORY="$WORK/logs" \
  WINSTON_CONSOLE_LEVEL=error node dist/server.js >"$WORK/lrs.log" 2>&1) &
LRS=$!
trap 'kill $LRS 2>/dev/null || true; rm -rf "$WORK"' EXIT
ENDPOINT="http://127.0.0.1:$PORT/xAPI"
for _ in $(seq 1 60); do
  node -e "fetch('$ENDPOINT/about').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))" && break
  sleep 0.5
done
# One learner sits the shipped exam in the terminal; its statements go to the LRS.
yes 1 | head -40 | "$FRONTLINE" --data-dir "$WORK/data" exam scenarios/exams/front_desk_cert.ron --learner "Real LRS" >/dev/null 2>&1 || true
EXPECTED=$("$FRONTLINE" --data-dir "$WORK/data" export-xapi --exam scenarios/exams/front_desk_cert.ron | node -e 'let t="";process.stdin.on("data",d=>t+=d).on("end",()=>console.log(JSON.parse(t).length))')
SENT=$("$FRONTLINE" --data-dir "$WORK/data" export-xapi --exam scenarios/exams/front_desk_cert.ron \
  --endpoint "$ENDPOINT" --auth key:secret --xapi-version 1.0.3)
echo "    $SENT"
case "$SENT" in
  "sent $EXPECTED, already stored 0, waiting 0") ;;
  *) echo "error: the LRS did not accept every statement ($EXPECTED expected): $SENT" >&2; tail -20 "$WORK/lrs.log" >&2; exit 1 ;;
esac
# Sending again stores nothing twice.
AGAIN=$("$FRONTLINE" --data-dir "$WORK/data" export-xapi --exam scenarios/exams/front_desk_cert.ron \
  --endpoint "$ENDPOINT" --auth key:secret)
echo "    again: $AGAIN"
# Read them back (following `more` links): each statement once, though it was sent twice.
STORED=$(node -e '
const auth = "Basic " + Buffer.from("key:secret").toString("base64");
const headers = { "X-Experience-API-Version": "1.0.3", Authorization: auth };
(async () => {
  let url = process.argv[1] + "/statements?limit=50", n = 0;
  const base = new URL(process.argv[1]).origin;
  while (url) {
    const r = await fetch(url, { headers }); const body = await r.json();
    n += body.statements.filter(s => s.actor && s.actor.account && s.actor.account.name === "Real LRS").length;
    url = body.more ? base + body.more : null;
  }
  console.log(n);
})().catch(e => { console.error(e); process.exit(1); });' "$ENDPOINT")
if [ "$STORED" != "$EXPECTED" ]; then
  echo "error: the LRS returned $STORED of the $EXPECTED statements sent" >&2
  exit 1
fi
# The class report, read back from the LRS.
REPORT=$("$FRONTLINE" report --exam scenarios/exams/front_desk_cert.ron --lrs "$ENDPOINT" --auth key:secret --format csv)
ROWS=$(printf '%s\n' "$REPORT" | grep -c '^Real LRS,' || true)
if [ "$ROWS" != 1 ]; then
  echo "error: the class report from the LRS has no row for the learner:" >&2
  printf '%s\n' "$REPORT" >&2
  exit 1
fi
echo "    a real LRS (Learning Locker xapi-statements) accepted and returned all $EXPECTED statements; the class report reads them back"
