#!/usr/bin/env bash
# End to end: the official OpenTelemetry JS SDK (from npm) exports a multi-agent GenAI trace, once as
# OTLP JSON, once as OTLP protobuf and once split into a request per span (the calls before the agents and
# the root above them), to a running `burnrate --headless`; after SIGTERM (which must
# drain and exit 0), `burnrate report --format json` must show the right tokens, attribution and cost.
# usage: otel_js_e2e.sh <burnrate-binary> <scratch-dir-for-node_modules>
set -euo pipefail
BURNRATE=$1
NODE_DIR=$2
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
PID=
cleanup() {
    [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
export XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data NO_PROXY=127.0.0.1 no_proxy=127.0.0.1

# The exporters come from the npm registry, pinned by package-lock.json; installed once per build tree.
mkdir -p "$NODE_DIR"
if ! cmp -s "$HERE/otel-js/package-lock.json" "$NODE_DIR/package-lock.json" || [ ! -d "$NODE_DIR/node_modules" ]; then
    cp "$HERE/otel-js/package.json" "$HERE/otel-js/package-lock.json" "$NODE_DIR/"
    (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$HERE"/otel-js/*.mjs "$NODE_DIR/"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DB=$WORK/burnrate.sqlite
"$BURNRATE" --headless --db "$DB" --otlp-listen "127.0.0.1:$PORT" >"$WORK/headless.log" 2>&1 &
PID=$!
for _ in $(seq 100); do
    grep -q "Receiving OpenTelemetry traces" "$WORK/headless.log" && break
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/headless.log"; echo "burnrate --headless exited early"; exit 1; }
    sleep 0.1
done

node "$NODE_DIR/send.mjs" "http://127.0.0.1:$PORT" json json
node "$NODE_DIR/send.mjs" "http://127.0.0.1:$PORT" proto proto
# The same trace with every span in its own request, the root last: nothing billed twice, all attributed.
node "$NODE_DIR/send.mjs" "http://127.0.0.1:$PORT" json split split

kill -TERM "$PID"
status=0
wait "$PID" || status=$?
PID=
if [ "$status" -ne 0 ]; then
    cat "$WORK/headless.log"
    echo "burnrate --headless exited with $status after SIGTERM (expected 0)"
    exit 1
fi

"$BURNRATE" report --db "$DB" --since 1h --group-by agent,model --format json >"$WORK/by-agent.json"
cat "$WORK/by-agent.json"
node "$NODE_DIR/verify.mjs" "$WORK/by-agent.json"
"$BURNRATE" report --db "$DB" --since 1h --group-by feature,user,task --format json >"$WORK/by-feature.json"
node "$NODE_DIR/verify-attribution.mjs" "$WORK/by-feature.json"
"$BURNRATE" report --db "$DB" --since 1h --group-by agent
echo "e2e passed"
