#!/usr/bin/env bash
# The real `burnrate --headless` polling the three providers' admin APIs, served by fake_provider.py from
# tests/data/providers, with the keys from the environment: every endpoint is polled once, the billed
# figures in `burnrate report --billed` equal those in the served files, and no key reaches the log or the
# database.
#
#   poller_headless.sh BURNRATE DATA_DIR
set -euo pipefail

burnrate=$1
data=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/burnrate-poller.XXXXXX")
server_pid=
app_pid=
cleanup() {
    [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "poller_headless: $*" >&2
    echo "--- burnrate log:" >&2
    cat "$work/burnrate.log" >&2 || true
    echo "--- requests:" >&2
    cat "$work/requests.log" >&2 || true
    exit 1
}

# A CI proxy must not intercept loopback.
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY
openai_key=sk-admin-HEADLESS-openai-4d1c9e7a
anthropic_key=sk-ant-admin01-HEADLESS-anthropic-8b2f
openrouter_key=sk-or-v1-HEADLESS-openrouter-3e6a

python3 "$here/fake_provider.py" "$data" "$work/port" "$work/requests.log" \
    "$openai_key" "$anthropic_key" "$openrouter_key" &
server_pid=$!
for _ in $(seq 100); do
    [[ -s $work/port ]] && break
    sleep 0.1
done
[[ -s $work/port ]] || fail "the fake provider did not start"
base=http://127.0.0.1:$(cat "$work/port")

cat >"$work/burnrate.conf" <<EOF
[openai]
enabled=true
base_url=$base
[anthropic]
enabled=true
base_url=$base
[openrouter]
enabled=true
base_url=$base/
interval_s=60
EOF

db=$work/burnrate.sqlite
BURNRATE_OPENAI_ADMIN_KEY=$openai_key BURNRATE_ANTHROPIC_ADMIN_KEY=$anthropic_key \
    BURNRATE_OPENROUTER_KEY=$openrouter_key QT_LOGGING_RULES="burnrate.*.debug=true" \
    "$burnrate" --headless --db "$db" --config "$work/burnrate.conf" --otlp-listen 127.0.0.1:0 \
    >"$work/burnrate.log" 2>&1 &
app_pid=$!

# Each of the six endpoints stores its state once its poll is done.
query() { sqlite3 -batch -noheader "file:$db?mode=ro" "$1" 2>/dev/null || true; }
for _ in $(seq 300); do
    done_count=$(query "SELECT COUNT(*) FROM source_state WHERE last_attempt_ns > 0")
    [[ ${done_count:-0} == 6 ]] && break
    kill -0 "$app_pid" 2>/dev/null || fail "burnrate exited early"
    sleep 0.1
done
[[ ${done_count:-0} == 6 ]] || fail "not every endpoint was polled (${done_count:-0} of 6)"
sleep 0.5 # the last page's commit
kill -TERM "$app_pid"
wait "$app_pid" || fail "burnrate --headless did not exit cleanly"
app_pid=

errors=$(query "SELECT source || ': ' || last_error FROM source_state WHERE last_error <> ''")
[[ -z $errors ]] || fail "endpoints reported errors: $errors"
for path in /v1/organization/usage/completions /v1/organization/costs /v1/organizations/usage_report/messages \
    /v1/organizations/cost_report /api/v1/key /api/v1/credits /api/v1/activity; do
    grep -q "^GET $path " "$work/requests.log" || fail "$path was not requested"
done
# Two pages each where the files say has_more.
[[ $(grep -c "^GET /v1/organization/usage/completions .*page=" "$work/requests.log") == 1 ]] ||
    fail "the OpenAI usage page cursor was not followed"
[[ $(grep -c "^GET /v1/organizations/usage_report/messages .*page=" "$work/requests.log") == 1 ]] ||
    fail "the Anthropic usage page cursor was not followed"

# What the files hold, summed exactly (decimals, never floats), against what was stored.
expected=$(python3 - "$data" <<'EOF'
import json, sys
from decimal import Decimal, ROUND_HALF_UP
data = sys.argv[1]
def load(name):
    with open(f"{data}/{name}", encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)
def rows(name):
    for bucket in load(name)["data"]:
        yield from bucket.get("results", bucket.get("result", []))
# Each amount to micro-USD, half away from zero, as Burnrate reads it.
micros = lambda d: int((Decimal(d) * 1_000_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
openai_cost = sum(micros(r["amount"]["value"]) for r in rows("openai_costs.json") if r.get("amount"))
anthropic_cost = sum(micros(Decimal(r["amount"]) / 100) for r in rows("anthropic_costs.json"))
activity = load("openrouter_activity.json")["data"]
openrouter_cost = sum(micros(r["usage"]) for r in activity)
openai_out = sum(r["output_tokens"] for p in ("openai_usage_page1.json", "openai_usage_page2.json") for r in rows(p))
anthropic_out = sum(r["output_tokens"] for p in ("anthropic_usage_page1.json", "anthropic_usage_page2.json")
                    for r in rows(p))
openrouter_out = sum(r["completion_tokens"] for r in activity)
print(f"anthropic|{anthropic_cost}|{anthropic_out}")
print(f"openai|{openai_cost}|{openai_out}")
print(f"openrouter|{openrouter_cost}|{openrouter_out}")
EOF
)
# The billed report, as a user reads it.
"$burnrate" report --billed --db "$db" --config "$work/burnrate.conf" --since 2026-07-01 --group-by provider \
    --format json >"$work/billed.json" || fail "burnrate report --billed failed"
stored=$(python3 - "$work/billed.json" <<'EOF'
import json, sys
from decimal import Decimal
with open(sys.argv[1], encoding="utf-8") as f:
    rows = json.load(f, parse_float=Decimal)
for row in sorted(rows, key=lambda r: r["provider"]):
    print(f"{row['provider']}|{int(Decimal(row['cost_usd']) * 1_000_000)}|{row['output_tokens']}")
EOF
)
[[ $stored == "$expected" ]] || fail "the billed report differs from the served figures:
billed:
$stored
expected:
$expected
$(cat "$work/billed.json")"
detail=$(query "SELECT detail FROM source_state WHERE source = 'openrouter.key'")
[[ $detail == *'"balance_micros":62876544'* ]] || fail "the OpenRouter balance is not stored: $detail"

for key in "$openai_key" "$anthropic_key" "$openrouter_key"; do
    for file in "$work/burnrate.log" "$work/burnrate.conf" "$db"*; do
        if grep -q -a -- "$key" "$file"; then
            fail "a key is in $(basename "$file")"
        fi
    done
done
echo "poller_headless: ok ($(wc -l <"$work/requests.log") requests)"
