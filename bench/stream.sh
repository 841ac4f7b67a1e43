#!/usr/bin/env bash
# The live queue under load: many subscribers of GET /api/v1/livechat/inquiries.stream, changes committed by
# plain SQL. Method and figures: BENCHMARKS.md, "The live queue".
#
#   bench/stream.sh            the full benchmark: 2,000 subscribers, 3 rounds of 50 changes, a 100,000-row import
#   bench/stream.sh --smoke    the harness with 20 subscribers and tiny numbers, well under a minute
#
# What it measures, each on services started for it on a fresh database:
#   1. delay from COMMIT of a single-row UPDATE to its event at every subscriber (p50/p99/max over all
#      (subscriber, event) pairs), on one instance and on two instances sharing the subscribers;
#   2. a bulk import (one INSERT ... SELECT generate_series) while the subscribers listen: its time with V25's
#      insert trigger and with the trigger disabled in the importing transaction, and what subscribers receive;
#   3. heap after GC and RSS of the service with no stream and with the subscribers idle, per subscriber.
#
# Options:
#   --smoke            20 subscribers, 1 round of 5 changes, a 2,000-row import (still over the row limit)
#   --subscribers N    streams opened (default 2000)
#   --events E         changes per round (default 50), after 10 warm-up changes
#   --interval-ms I    pause between two changes (default 100)
#   --rounds N         rounds (default 3; each figure is the median over the rounds)
#   --rows R           rows of the import (default 100000)
#   -h, --help         this text
#
# Environment (defaults in brackets):
#   PGHOST [localhost] PGPORT [5432] PGUSER [inquiries_test] PGPASSWORD [inquiries_test]: a role that may
#       create databases; psql, the tool and the services connect with it
#   BENCH_DB [inquiries_stream_bench]: the database, recreated each time (--smoke uses BENCH_DB_smoke)
#   BENCH_OUT [bench/target/stream-<time>]: where raw outputs, logs and the summary go
#   JAVA_HOME (Java 21 or later), MVN [the repository's ./mvnw], BENCH_JAVA_OPTS: how to build and run the service
#
# Needs: java 21+ (with jcmd), maven, psql. Exit status: 0 fine; 1 a failure (one line says which).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
JAR="$ROOT/web/target/inquiries.jar"
HELPER_CLASSES="$ROOT/bench/target/classes"
HELPER_LIBS="$ROOT/bench/target/libs"

smoke=false
subscribers=2000
events=50
warmup_events=10
interval_ms=100
rounds=3
rows=100000
settle_ms=2000
idle_seconds=5

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }
die() { echo "stream-bench: $*" >&2; exit 1; }
say() { echo "stream-bench: $*" >&2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --smoke) smoke=true ;;
        --subscribers) subscribers=${2:?--subscribers needs a number}; shift ;;
        --events) events=${2:?--events needs a number}; shift ;;
        --interval-ms) interval_ms=${2:?--interval-ms needs milliseconds}; shift ;;
        --rounds) rounds=${2:?--rounds needs a number}; shift ;;
        --rows) rows=${2:?--rows needs a number}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
    shift
done

BENCH_DB=${BENCH_DB:-inquiries_stream_bench}
if $smoke; then
    subscribers=20 events=5 warmup_events=2 interval_ms=50 rounds=1 rows=2000 settle_ms=500 idle_seconds=1
    BENCH_DB="${BENCH_DB}_smoke"
fi
for number in "$subscribers" "$events" "$interval_ms" "$rounds" "$rows"; do
    [[ "$number" =~ ^[1-9][0-9]*$ ]] || die "counts and intervals are whole numbers of at least 1, not $number"
done
[[ "$BENCH_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "BENCH_DB must be a plain lower-case name, not $BENCH_DB"

export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-inquiries_test} PGPASSWORD=${PGPASSWORD:-inquiries_test}
OUT=${BENCH_OUT:-$BENCH/target/stream-$(date +%Y%m%d-%H%M%S)}

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
JCMD=${JAVA_HOME:+$JAVA_HOME/bin/}jcmd
for tool in "$JAVA" "$JCMD" "${MVN:-$ROOT/mvnw}" psql; do
    command -v "$tool" >/dev/null || die "needs $tool on the PATH (see BENCHMARKS.md)"
done
java_version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
[[ "${java_version%%.*}" -ge 21 ]] || die "needs Java 21 or later; $JAVA is $java_version (set JAVA_HOME)"

mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"
say "writing to $OUT"

# Maven leaves an unchanged jar untouched, so a stamp, not the jar's time, says when the build last ran (as run.sh).
BUILD_STAMP="$BENCH/target/built.stamp"
sources_newer_than_build() {
    find "$ROOT/pom.xml" "$ROOT"/{domain,migrations,persistence,web,bench}/{pom.xml,src} -newer "$BUILD_STAMP" \
        -print -quit 2>/dev/null
}
if [[ ! -f "$JAR" || ! -f "$HELPER_CLASSES/dev/inquiries/bench/StreamLoad.class" || ! -f "$BUILD_STAMP" \
      || -n "$(sources_newer_than_build)" ]]; then
    say "building the service and the load tool (mvn -DskipTests package -pl web,bench -am)"
    touch "$OUT/build-started"
    (cd "$ROOT" && "${MVN:-$ROOT/mvnw}" -B -q -DskipTests package -pl web,bench -am) > "$OUT/build.log" 2>&1 \
        || { tail -20 "$OUT/build.log" >&2; die "the build failed (log: $OUT/build.log)"; }
    mkdir -p "$(dirname "$BUILD_STAMP")"
    mv "$OUT/build-started" "$BUILD_STAMP"
fi

# ---------------------------------------------------------------------------------------------------------
# Database, a manager and its token

psql_admin() { psql -X -q -At -v ON_ERROR_STOP=1 -d postgres "$@"; }
psql_admin -c "SELECT 1" >/dev/null || die "cannot reach PostgreSQL as $PGUSER@$PGHOST:$PGPORT"
psql_admin -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)"
psql_admin -c "CREATE DATABASE $BENCH_DB"

export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB" DB_USERNAME="$PGUSER" DB_PASSWORD="$PGPASSWORD"
export SERVER_HOST=127.0.0.1 SERVER_PORT=0
# The default (10,000) already allows 2,000 streams; set so that a larger --subscribers is not refused.
export STREAM_LIMIT=$(( subscribers > 10000 ? subscribers + 100 : 10000 ))
# Each phase stops its services with the streams still open (their clients gone): no need to wait 10 s for them.
export SERVER_SHUTDOWN_dash_GRACE_dash_PERIOD=PT1S

json_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p" <<< "$2"; }
cli() { "$JAVA" -jar "$JAR" "$@" 2>> "$OUT/cli.log" | grep -m1 '^{' || true; }
# users add migrates the fresh database first (as every command that touches it does).
[[ -n "$(cli users add --username stream-bench --roles livechat-manager)" ]] \
    || die "could not add the subscribers' user (log: $OUT/cli.log)"
token_line=$(cli tokens create --username stream-bench)
USER_ID=$(json_field userId "$token_line")
TOKEN=$(json_field authToken "$token_line")
[[ -n "$USER_ID" && -n "$TOKEN" ]] || die "could not make a token (log: $OUT/cli.log)"

# ---------------------------------------------------------------------------------------------------------
# Services and the tool

SERVICE_PIDS=()
SERVICE_PORTS=()
HOLD_PID=
stop_services() {
    [[ -n "$HOLD_PID" ]] && { kill "$HOLD_PID" 2>/dev/null || true; wait "$HOLD_PID" 2>/dev/null || true; HOLD_PID=; }
    for pid in "${SERVICE_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    SERVICE_PIDS=() SERVICE_PORTS=()
}
trap stop_services EXIT

# start_services NAME COUNT: COUNT services on any free ports; fills SERVICE_PIDS and SERVICE_PORTS.
start_services() {
    local name=$1 count=$2 i log port
    for i in $(seq "$count"); do
        log="$OUT/service-$name-$i.log"
        : > "$log"
        # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
        "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" serve > "$log" 2>&1 &
        SERVICE_PIDS+=("$!")
    done
    for i in $(seq "$count"); do
        log="$OUT/service-$name-$i.log"
        port=
        for _ in $(seq 600); do
            port=$(sed -n 's/.*Serving on port \([0-9]*\).*/\1/p' "$log" | head -1)
            [[ -n "$port" ]] && break
            kill -0 "${SERVICE_PIDS[$((i - 1))]}" 2>/dev/null || { tail -20 "$log" >&2; die "a service stopped while starting"; }
            sleep 0.1
        done
        [[ -n "$port" ]] || die "a service did not start within 60 s (log: $log)"
        SERVICE_PORTS+=("$port")
    done
    say "$name: $count service(s) on port(s) ${SERVICE_PORTS[*]}"
}
urls() { local port list=; for port in "${SERVICE_PORTS[@]}"; do list+="${list:+,}http://127.0.0.1:$port"; done; echo "$list"; }
stream_load() {  # MODE OUTFILE ARGS...: the tool against the running services
    local mode=$1 file=$2
    shift 2
    "$JAVA" -cp "$HELPER_CLASSES:$HELPER_LIBS/*" dev.inquiries.bench.StreamLoad "$mode" --url "$(urls)" \
        --user-id "$USER_ID" --token "$TOKEN" --subscribers "$subscribers" "$@" > "$file" 2> "${file%.*}.log"
}
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u '+%Y-%m-%d %H:%M UTC')

# 1. Commit-to-delivery delay, one instance and two.
for instances in 1 2; do
    name="latency-$instances"
    start_services "$name" "$instances"
    say "$name: $subscribers subscribers, $warmup_events warm-up changes, $rounds round(s) of $events every $interval_ms ms"
    stream_load latency "$OUT/$name.tsv" --events "$events" --warmup-events "$warmup_events" --rounds "$rounds" \
        --interval-ms "$interval_ms" || { cat "$OUT/$name.log" >&2; die "$name: the load tool failed"; }
    while IFS=$'\t' read -r _ round scope pairs missing p50 p99 max; do
        [[ "$scope" == all ]] && scope=$name || scope="$name@${scope##*:}"
        record "$round" "$scope" pairs "$pairs"; record "$round" "$scope" missing "$missing"
        record "$round" "$scope" p50_ms "$p50"; record "$round" "$scope" p99_ms "$p99"; record "$round" "$scope" max_ms "$max"
    done < <(grep '^latency' "$OUT/$name.tsv")
    stop_services
done

# 2. A bulk import while the subscribers listen.
start_services import 1
say "import: $rows rows, $rounds round(s) with and without V25's insert trigger, $subscribers subscribers"
stream_load import "$OUT/import.tsv" --rows "$rows" --rounds "$rounds" --settle-ms "$settle_ms" \
    || { cat "$OUT/import.log" >&2; die "import: the load tool failed"; }
while IFS=$'\t' read -r _ round mode millis resets others exactly_one; do
    record "$round" "$mode" import_ms "$millis"; record "$round" "$mode" resets "$resets"
    record "$round" "$mode" other_events "$others"; record "$round" "$mode" one_reset "$exactly_one"
done < <(grep '^import' "$OUT/import.tsv")
stop_services

# 3. Memory: heap after a full GC and RSS, with no stream and with every subscriber idle on one service.
heap_kb() { "$JCMD" "$1" GC.run > /dev/null; sleep 1; "$JCMD" "$1" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
measure_memory() {  # STATE: a sample of heap and RSS per round
    local sample
    for sample in $(seq "$rounds"); do
        record "$sample" "memory-$1" heap_kb "$(heap_kb "${SERVICE_PIDS[0]}")"
        record "$sample" "memory-$1" rss_kb "$(rss_kb "${SERVICE_PIDS[0]}")"
    done
}
start_services memory 1
sleep "$idle_seconds"
measure_memory 0
"$JAVA" -cp "$HELPER_CLASSES:$HELPER_LIBS/*" dev.inquiries.bench.StreamLoad hold --url "$(urls)" \
    --user-id "$USER_ID" --token "$TOKEN" --subscribers "$subscribers" --seconds 600 \
    > "$OUT/hold.tsv" 2> "$OUT/hold.log" &
HOLD_PID=$!
for _ in $(seq 1800); do
    grep -q '^ready' "$OUT/hold.tsv" && break
    kill -0 "$HOLD_PID" 2>/dev/null || { cat "$OUT/hold.log" >&2; die "memory: the load tool failed"; }
    sleep 0.1
done
grep -q '^ready' "$OUT/hold.tsv" || die "memory: the streams did not open within 3 minutes"
sleep "$idle_seconds"
measure_memory "$subscribers"
stop_services
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------------------
# Summary: medians over the rounds

values() { awk -F'\t' -v name="$1" -v metric="$2" '$2 == name && $3 == metric {print $4}' "$RESULTS"; }
median() {
    sort -g | awk '{v[NR] = $1} END {
        if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
sum() { awk '{s += $1} END {print s + 0}'; }
list() { values "$1" "$2" | tr '\n' ' ' | sed 's/ $//'; }

SUMMARY="$OUT/summary.md"
{
    echo "| Commit to delivery | Subscribers | Pairs per round | Missing (all rounds) | p50 ms | p99 ms | max ms |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for scope in $(cut -f2 "$RESULTS" | grep '^latency' | awk '!seen[$0]++'); do
        printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$scope" \
            "$(( $(values "$scope" pairs | median | cut -d. -f1) / events ))" \
            "$(values "$scope" pairs | median)" "$(values "$scope" missing | sum)" \
            "$(values "$scope" p50_ms | median)" "$(values "$scope" p99_ms | median)" "$(values "$scope" max_ms | median)"
    done
    echo
    echo "(medians over $rounds round(s); per round p50: $(list latency-1 p50_ms) / two instances $(list latency-2 p50_ms);" \
        "p99: $(list latency-1 p99_ms) / $(list latency-2 p99_ms))"
    echo
    with=$(values with-trigger import_ms | median)
    without=$(values without-trigger import_ms | median)
    echo "| Import of $rows rows | Median ms | Rounds ms | Resets received (per round) | Other events | Subscribers with exactly one reset |"
    echo "|---|---:|---|---|---|---|"
    for mode in with-trigger without-trigger; do
        printf '| %s | %s | %s | %s | %s | %s |\n' "$mode" "$(values "$mode" import_ms | median)" \
            "$(list "$mode" import_ms)" "$(list "$mode" resets)" "$(list "$mode" other_events)" "$(list "$mode" one_reset)"
    done
    echo
    echo "With the trigger / without: $(awk -v a="$with" -v b="$without" 'BEGIN {printf "%.3f", a / b}')."
    echo
    heap0=$(values memory-0 heap_kb | median) heapN=$(values "memory-$subscribers" heap_kb | median)
    rss0=$(values memory-0 rss_kb | median) rssN=$(values "memory-$subscribers" rss_kb | median)
    echo "| Memory | 0 streams | $subscribers idle streams | Per stream |"
    echo "|---|---:|---:|---:|"
    echo "| Heap used after GC (KiB) | $heap0 | $heapN | $(awk -v a="$heap0" -v b="$heapN" -v n="$subscribers" 'BEGIN {printf "%.1f KiB", (b - a) / n}') |"
    echo "| RSS (KiB) | $rss0 | $rssN | $(awk -v a="$rss0" -v b="$rssN" -v n="$subscribers" 'BEGIN {printf "%.1f KiB", (b - a) / n}') |"
    echo
    echo "Started $started_at; load average before/after: $load_before / $load_after."
    echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1);" \
        "PostgreSQL $(psql_admin -c 'SHOW server_version' | cut -d' ' -f1);" \
        "Java $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.runtime.version = //p')."
    $smoke && echo "SMOKE RUN: tiny numbers; these figures say nothing about performance."
} > "$SUMMARY"
cat "$SUMMARY"

# The smoke run still checks what must hold whatever the load: every event reached every subscriber, and an
# import over the row limit gave each subscriber one reset.
missing=$(awk -F'\t' '$3 == "missing" {s += $4} END {print s + 0}' "$RESULTS")
[[ "$missing" == 0 ]] || die "FAILED: $missing (subscriber, event) pairs never arrived"
one_reset=$(values with-trigger one_reset | median)
[[ "$one_reset" == "$subscribers" ]] || die "FAILED: after the import only $one_reset of $subscribers subscribers had exactly one reset"
