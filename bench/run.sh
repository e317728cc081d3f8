#!/usr/bin/env bash
# Runs every Burnrate benchmark against an existing build and prints a summary table. Builds nothing.
#
#   bench/run.sh BUILD_DIR            full run (docs/performance.md); generated databases are cached in
#                                     BUILD_DIR/bench/data, so only the first run generates them
#   bench/run.sh --smoke BUILD_DIR    every stage at toy sizes in a temporary directory (ctest bench-smoke)
#
# Environment overrides: BENCH_SECONDS (30), BENCH_RSS_SECONDS (120), BENCH_CONNECTIONS (4),
# BENCH_SUSTAINED_SECONDS (120), BENCH_SUSTAINED_CONNECTIONS ("4 64"),
# BENCH_SIZES ("1000000 10000000"), BENCH_RAW_ROWS (1000000), BENCH_DATA_DIR, BENCH_OVERVIEW_SECONDS (30),
# BENCH_STAGES ("micro raw e2e sustained rss report overview backfill", any subset).
set -euo pipefail

smoke=0
if [[ ${1:-} == --smoke ]]; then
    smoke=1
    shift
fi
if [[ $# -ne 1 || ! -x $1/app/burnrate || ! -x $1/bench/bench_load ]]; then
    echo "usage: bench/run.sh [--smoke] BUILD_DIR  (configured with -DBURNRATE_BUILD_BENCH=ON and built:" >&2
    echo "       cmake --build BUILD_DIR --target bench)" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
app=$build/app/burnrate
bin=$build/bench
work=$(mktemp -d "${TMPDIR:-/tmp}/burnrate-bench.XXXXXX")
server_pid=

cleanup() {
    if [[ -n $server_pid ]]; then
        kill -9 "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

if ((smoke)); then
    seconds=1 rss_seconds=1 connections=2 sizes="20000" raw_rows=20000 data=$work/data runs=3 raw_runs=1
    sustained_seconds=1 sustained_connections="2 8"
    micro_time=0.01 overview_seconds=1 stages="micro raw e2e sustained rss report overview backfill"
    backfill_args=(--models 5 --days 3)
else
    seconds=${BENCH_SECONDS:-30} rss_seconds=${BENCH_RSS_SECONDS:-120} connections=${BENCH_CONNECTIONS:-4}
    sustained_seconds=${BENCH_SUSTAINED_SECONDS:-120} sustained_connections=${BENCH_SUSTAINED_CONNECTIONS:-"4 64"}
    sizes=${BENCH_SIZES:-"1000000 10000000"} raw_rows=${BENCH_RAW_ROWS:-1000000}
    data=${BENCH_DATA_DIR:-$build/bench/data} runs=7 raw_runs=5 micro_time=1
    overview_seconds=${BENCH_OVERVIEW_SECONDS:-30}
    stages=${BENCH_STAGES:-"micro raw e2e sustained rss report overview backfill"}
    backfill_args=()
fi
touch "$work/burnrate.conf" # an empty settings file: the user's own settings stay out of the figures
cpu0=(taskset -c 0)
cpu1=(taskset -c 1)
if (($(nproc) < 2)); then
    cpu1=()
fi

# field LINE KEY: the value of KEY=VALUE in a "result …" line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1" | head -n 1; }
# Load average, and the share of the last 10 s some task waited for a CPU (PSI): how busy the machine was.
load() {
    local psi
    psi=$(sed -n 's/^some avg10=\([0-9.]*\).*/\1/p' /proc/pressure/cpu 2>/dev/null || true)
    echo "$(cut -d ' ' -f 1-3 /proc/loadavg), cpu pressure ${psi:-?}%"
}
has() { [[ " $stages " == *" $1 "* ]]; }
log() { printf '\n### %s (load average %s)\n' "$*" "$(load)"; }
# The phase of each core: this machine's two virtual CPUs have been 1.6 times apart for an evening
# (docs/performance.md section 2), so a run records what one protobuf export takes to decode on each.
calibration() {
    local cpu ms line=''
    for ((cpu = 0; cpu < 2 && cpu < $(nproc); cpu++)); do
        ms=$(taskset -c "$cpu" "$bin/bench_micro" --benchmark_filter='^BM_Decode/protobuf:1$' \
            --benchmark_min_time="$micro_time" --benchmark_format=csv 2>/dev/null |
            awk -F, '/BM_Decode/ {printf "%.2f", $3 / 1e6}')
        line+="${line:+, }CPU $cpu ${ms:-?} ms"
    done
    echo "$line"
}

echo "== Burnrate benchmarks"
echo "commit:  $(git -C "$(dirname "$0")/.." rev-parse HEAD 2>/dev/null || echo unknown)" \
    "$(git -C "$(dirname "$0")/.." status --porcelain --untracked-files=no 2>/dev/null | wc -l) modified files"
echo "machine: $(nproc) × $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)," \
    "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), Debian $(cat /etc/debian_version)," \
    "Qt $(dpkg-query -W -f '${Version}' libqt6core6 2>/dev/null || echo '?')," \
    "SQLite $(dpkg-query -W -f '${Version}' libsqlite3-0 2>/dev/null || echo '?')"
echo "started: $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(load)"
phase_start=$(calibration)
echo "phase:   one 512-span protobuf export decoded in $phase_start (run E: 1.65 ms)"

# --- stage: where the time goes (Google Benchmark, one 512-span export) ---------------------------
if has micro; then
    log "micro: decode, normalize, price, commit per 512-span export"
    "${cpu0[@]}" "$bin/bench_micro" --benchmark_min_time="$micro_time" | tee "$work/micro.txt"
fi

# --- stage: raw SQLite insert limit ---------------------------------------------------------------
raw=
raw_variants=()
if has raw; then
    log "raw limit: bare prepared INSERT loop, one transaction, $raw_rows rows, pinned to CPU 0"
    raw=$("${cpu0[@]}" "$bin/bench_insert_raw" --db "$work/raw.sqlite" --rows "$raw_rows")
    echo "$raw"
    # What changes it: UTF-16 binding, the writer's 16 MiB page cache and larger ones.
    ((smoke)) || for variant in "--utf16" "--cache-mib 16 --utf16" "--cache-mib 32 --utf16" "--cache-mib 64 --utf16"; do
        # shellcheck disable=SC2086 # the variant is several words on purpose
        raw_variants+=("$("${cpu0[@]}" "$bin/bench_insert_raw" --db "$work/raw.sqlite" --rows "$raw_rows" $variant)")
        echo "${raw_variants[-1]}"
    done
    rm -f "$work"/raw.sqlite*
fi

# --- stage: end to end through HTTP ---------------------------------------------------------------
free_port() {
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port found" >&2
    exit 1
}

# stored_calls DB: every call in the database, counted by the product's own report.
stored_calls() {
    "$app" report --db "$1" --config "$work/burnrate.conf" --since 2000-01-01 --group-by provider --format csv |
        awk -F, 'NR > 1 {sum += $2} END {print sum + 0}'
}

# run_e2e ENCODING PLACEMENT SECONDS [CONNECTIONS]: one server, one load run, then the commit check; prints
# the result.
run_e2e() {
    local encoding=$1 placement=$2 duration=$3 conns=${4:-$connections} db port line stored acked verdict
    local server=() client=()
    db=$work/e2e-$encoding-$placement.sqlite
    port=$(free_port)
    if [[ $placement == pinned ]]; then
        server=("${cpu0[@]}")
        client=("${cpu1[@]}")
    fi
    "${server[@]}" "$app" --headless --db "$db" --config "$work/burnrate.conf" \
        --otlp-listen "127.0.0.1:$port" >"$work/server.log" 2>&1 &
    server_pid=$!
    line=$("${client[@]}" "$bin/bench_load" --url "http://127.0.0.1:$port/v1/traces" --encoding "$encoding" \
        --connections "$conns" --seconds "$duration" --watch-pid "$server_pid") || {
        echo "bench_load failed; server log:" >&2
        cat "$work/server.log" >&2
        exit 1
    }
    # 200 means committed: kill the server without letting it finish anything, then count.
    kill -9 "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=
    stored=$(stored_calls "$db")
    acked=$(field "$line" events)
    verdict=ok
    if [[ $stored != "$acked" ]]; then
        verdict="MISMATCH: $acked acknowledged, $stored stored"
    fi
    rm -f "$db" "$db"-wal "$db"-shm
    echo "$line placement=$placement stored=$stored committed_check=${verdict// /_}"
    if [[ $verdict != ok ]]; then
        echo "end to end: $verdict" >&2
        exit 1
    fi
}

e2e_results=()
if has e2e; then
    for encoding in json protobuf; do
        for placement in pinned unpinned; do
            log "end to end: $encoding, $placement, $connections connections, $seconds s"
            e2e_results+=("$(run_e2e "$encoding" "$placement" "$seconds")")
            echo "${e2e_results[-1]}"
        done
    done
fi

# --- stage: protobuf on one core for minutes, as few and as many exporters send ---------------------
sustained_results=()
if has sustained; then
    for conns in $sustained_connections; do
        log "sustained: protobuf, pinned, $conns connections, $sustained_seconds s"
        sustained_results+=("$(run_e2e protobuf pinned "$sustained_seconds" "$conns")")
        echo "${sustained_results[-1]}"
    done
fi

# --- stage: memory of a long run at full speed (the receiver's trace memory fills up over a minute) ---
rss_result=
if has rss; then
    log "memory: json, unpinned, $connections connections, $rss_seconds s"
    rss_result=$(run_e2e json unpinned "$rss_seconds")
    echo "$rss_result"
fi

# --- stage: reports over 1M / 10M events ----------------------------------------------------------
report_results=()
last_db= # the largest database the report stage used
if has report; then
    for size in $sizes; do
        log "report: $size events (generated once into $data)"
        out=$("$bin/bench_report" --events "$size" --data-dir "$data" --runs "$runs" --raw-runs "$raw_runs")
        echo "$out"
        info=$(grep '^result db=' <<<"$out")
        db=$(field "$info" db)
        last_db=$db
        cli=("$app" report --db "$db" --config "$work/burnrate.conf" --group-by feature
            --since "$(field "$info" cli_since)" --until "$(field "$info" cli_until)" --format json)
        echo "CLI: ${cli[*]}"
        if command -v hyperfine >/dev/null && ((!smoke)); then
            hyperfine -N --warmup 2 --runs 10 --export-json "$work/cli.json" "${cli[*]}"
            cli_ms=$(grep -m 1 '"median"' "$work/cli.json" | tr -dc '0-9.' | awk '{printf "%.1f", $1 * 1000}')
        else
            times=()
            for _ in 1 2 3 4 5; do
                start=$(date +%s%N)
                "${cli[@]}" >/dev/null
                times+=($((($(date +%s%N) - start) / 1000)))
            done
            cli_ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | awk '{printf "%.1f", $1 / 1000}')
        fi
        "${cli[@]}" >"$work/cli-out.json"
        grep -q '"feature"' "$work/cli-out.json" || {
            echo "the report command printed no rows" >&2
            exit 1
        }
        report_results+=("$info cli_ms=$cli_ms")
        while read -r line; do report_results+=("$line events=$(field "$info" events)"); done < <(grep '^result window=' <<<"$out")
    done
fi

# --- stage: the main window's Overview on the largest database (issue #3) -------------------------
overview_result=
if has overview; then
    size=${sizes##* }
    if [[ -z $last_db ]]; then # the report stage did not run: generate or find the database
        last_db=$("$bin/bench_report" --events "$size" --data-dir "$data" --runs 1 --raw-runs 1 |
            sed -n 's/^result db=\([^ ]*\).*/\1/p')
    fi
    db=$last_db
    log "overview: main window on $size events, offscreen, $overview_seconds s per live measurement"
    # An empty config home: no saved window geometry or settings of the user's.
    overview_result=$(XDG_CONFIG_HOME=$work/xdg QT_QPA_PLATFORM=offscreen "${cpu0[@]}" \
        "$bin/bench_overview" --db "$db" --seconds "$overview_seconds" | grep '^result ')
    echo "$overview_result"
fi

# --- stage: a first provider backfill without the network (issue 4) ------------------------------
backfill_result=
if has backfill; then
    log "backfill: 30 days of hourly usage for 50 models from OpenAI and Anthropic + daily costs, parse + store"
    backfill_result=$("${cpu0[@]}" "$bin/bench_backfill" "${backfill_args[@]}" | grep '^result ')
    echo "$backfill_result"
fi

# --- summary ----------------------------------------------------------------------------------------
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN {ok = dir == "min" ? v >= t : v <= t; print ok ? "meets" : "BELOW"}'; }
echo
echo "== Summary (finished $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(load))"
echo "phase: one 512-span protobuf export decoded in $phase_start at the start, $(calibration) at the end"
if ((${#e2e_results[@]})); then
    echo
    echo "Target 1: OTLP over HTTP, answered 200 = committed ($connections keep-alive connections, 512-span batches, $seconds s)"
    echo "(cpu: cores used by the receiver and storage threads; rq: share of the run they waited for a busy CPU)"
    printf '%-9s %-9s %9s %9s %7s %7s %6s %6s %5s %5s %10s %7s %s\n' encoding placement spans/s events/s p50_ms \
        p99_ms cpu_rx cpu_st rq_rx rq_st raw_rows/s target verdict
    for line in "${e2e_results[@]}"; do
        enc=$(field "$line" encoding)
        target=$([[ $enc == json ]] && echo 20000 || echo 50000)
        printf '%-9s %-9s %9s %9s %7s %7s %6s %6s %5s %5s %10s %7s %s\n' "$enc" "$(field "$line" placement)" \
            "$(field "$line" spans_per_s)" "$(field "$line" events_per_s)" "$(field "$line" latency_p50_ms)" \
            "$(field "$line" latency_p99_ms)" "$(field "$line" cpu_otlp-receiver)" \
            "$(field "$line" cpu_burnrate-storag)" "$(field "$line" runqueue_otlp-receiver)" \
            "$(field "$line" runqueue_burnrate-storag)" "$(field "$raw" rows_per_s)" "$target" \
            "$(verdict "$(field "$line" spans_per_s)" "$target" min)"
    done
fi
if ((${#sustained_results[@]})); then
    echo
    echo "Target 1 sustained: protobuf, server pinned to one core, $sustained_seconds s (rss: the server's peak VmRSS)"
    printf '%11s %9s %7s %7s %6s %6s %9s %7s %s\n' connections spans/s p50_ms p99_ms cpu_rx cpu_st rss_MB target \
        verdict
    for line in "${sustained_results[@]}"; do
        printf '%11s %9s %7s %7s %6s %6s %9s %7s %s\n' "$(field "$line" connections)" "$(field "$line" spans_per_s)" \
            "$(field "$line" latency_p50_ms)" "$(field "$line" latency_p99_ms)" "$(field "$line" cpu_otlp-receiver)" \
            "$(field "$line" cpu_burnrate-storag)" "$(field "$line" rss_peak_mb)" 50000 \
            "$(verdict "$(field "$line" spans_per_s)" 50000 min)"
    done
fi
if [[ -n $rss_result ]]; then
    echo
    echo "Target 4: headless memory at full speed (json, unpinned, $rss_seconds s; VmRSS every 100 ms)"
    printf '%9s %12s %12s %10s %-26s %7s %s\n' spans/s rss_peak_MB rss_steady_MB vmhwm_MB "rss_at_1/4,1/2,3/4,end_MB" \
        target verdict
    printf '%9s %12s %12s %10s %-26s %7s %s\n' "$(field "$rss_result" spans_per_s)" "$(field "$rss_result" rss_peak_mb)" \
        "$(field "$rss_result" rss_steady_mb)" "$(field "$rss_result" hwm_mb)" "$(field "$rss_result" rss_timeline_mb)" \
        150 "$(verdict "$(field "$rss_result" hwm_mb)" 150 max)"
fi
if ((${#report_results[@]})); then
    echo
    echo "Target 2: runReport grouped by feature (median of $runs warm runs) vs raw GROUP BY (median of $raw_runs)"
    echo "(by_user_ms: the same report grouped by user, from rollup_attr: not a target, for reference)"
    printf '%-10s %-6s %10s %12s %14s %8s %-7s %11s\n' events window calls report_ms raw_groupby_ms target verdict \
        by_user_ms
    for line in "${report_results[@]}"; do
        [[ $line == result\ window=* ]] || continue
        printf '%-10s %-6s %10s %12s %14s %8s %-7s %11s\n' "$(field "$line" events)" "$(field "$line" window)" \
            "$(field "$line" calls)" "$(field "$line" report_median_ms)" "$(field "$line" raw_median_ms)" 50 \
            "$(verdict "$(field "$line" report_median_ms)" 50 max)" "$(field "$line" by_user_median_ms)"
    done
    echo
    echo "Target 2 (CLI) and 3: 'burnrate report --group-by feature' over 30 days (json), database size"
    printf '%-10s %10s %16s %12s %14s %s\n' events cli_ms file_MB bytes/event rollup_rows verdict
    for line in "${report_results[@]}"; do
        [[ $line == result\ db=* ]] || continue
        printf '%-10s %10s %16s %12s %14s %s\n' "$(field "$line" events)" "$(field "$line" cli_ms)" \
            "$(awk -v b="$(field "$line" file_bytes)" 'BEGIN {printf "%.0f", b / 1048576}')" \
            "$(field "$line" bytes_per_event)" "$(field "$line" rollup_rows)" \
            "$(verdict "$(field "$line" cli_ms)" 50 max) (≤50 ms)"
    done
fi
if [[ -n $overview_result ]]; then
    echo
    echo "Issue 3: the Overview on $(field "$overview_result" events) events (offscreen, pinned to CPU 0)"
    printf '%9s %12s %10s %9s %14s %17s\n' shown_ms rss_shown_MB rss_MB vmhwm_MB tick_cpu_pct refresh_1s_cpu_pct
    printf '%9s %12s %10s %9s %14s %17s\n' "$(field "$overview_result" shown_ms)" \
        "$(field "$overview_result" rss_shown_MB)" "$(field "$overview_result" rss_MB)" \
        "$(field "$overview_result" vmhwm_MB)" "$(field "$overview_result" tick_cpu_pct)" \
        "$(field "$overview_result" refresh_cpu_pct)"
    echo "targets: shown ≤ 1000 ms ($(verdict "$(field "$overview_result" shown_ms)" 1000 max)), resident ≤ 250 MB" \
        "($(verdict "$(field "$overview_result" vmhwm_MB)" 250 max)), refresh every second ≤ 5 % of a core" \
        "($(verdict "$(field "$overview_result" refresh_cpu_pct)" 5 max))"
fi
if [[ -n $raw ]]; then
    echo
    echo "Raw limit: bare INSERT into usage_events, $(field "$raw" rows) rows, one transaction, pinned to CPU 0"
    printf '%-10s %-6s %-40s %10s\n' cache_KiB text dropped_indexes rows/s
    for line in "$raw" "${raw_variants[@]}"; do
        printf '%-10s %-6s %-40s %10s\n' "$(field "$line" cache_kib)" "$(field "$line" text)" \
            "$(field "$line" dropped)" "$(field "$line" rows_per_s)"
    done
fi
if [[ -n $backfill_result ]]; then
    echo
    echo "Issue 4: provider backfill, $(field "$backfill_result" days) days × $(field "$backfill_result" models) models" \
        "per provider, OpenAI + Anthropic, parse + store through the writer (no network)"
    printf '%7s %9s %11s %10s %10s %12s %9s %s\n' pages body_MB usage_rows cost_rows parse_ms backfill_ms target verdict
    printf '%7s %9s %11s %10s %10s %12s %9s %s\n' "$(field "$backfill_result" pages)" \
        "$(field "$backfill_result" body_MB)" "$(field "$backfill_result" usage_rows)" \
        "$(field "$backfill_result" cost_rows)" "$(field "$backfill_result" parse_ms)" \
        "$(field "$backfill_result" backfill_ms)" 2000 "$(verdict "$(field "$backfill_result" backfill_ms)" 2000 max)"
fi
