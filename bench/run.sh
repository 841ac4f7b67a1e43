#!/usr/bin/env bash
# The list endpoint measured against PostgreSQL's own floor. Method and figures: BENCHMARKS.md.
#
#   bench/run.sh            the full benchmark: 1,000,000 inquiries (loaded once), 3 runs of 10 s per measurement
#   bench/run.sh --smoke    the harness on 1,000 inquiries, one run of 2 s, two take agents: for CI, about 100 s
#
# Options:
#   --smoke          1,000 inquiries in a database recreated each time, one run, 2 s measurements
#   --reload         drop and reload the benchmark database first
#   --runs N         measurement rounds (default 3; each figure is the median over the rounds)
#   --duration S     seconds per measurement (default 10)
#   --warmup S       seconds of warm-up per workload before the first round (default 10)
#   --startups N     how often to time startup to the first served request (default 3)
#   --churn          instead of the rounds: the queue under churn while a report holds a snapshot (bench/churn.sh)
#   -h, --help       this text
#
# Environment (defaults in brackets):
#   PGHOST [localhost] PGPORT [5432] PGUSER [inquiries_test] PGPASSWORD [inquiries_test]: a role that may
#       create databases; psql, pgbench and the service all connect with it
#   BENCH_DB [inquiries_bench]: the database, created when absent (--smoke uses BENCH_DB_smoke)
#   BENCH_INQUIRIES [1000000] BENCH_QUEUED [a tenth] BENCH_DEPARTMENTS [20]: the data set (not for --smoke)
#   BENCH_OUT [bench/target/<time>]: where scripts, plans, raw outputs and the summary go
#   JAVA_HOME (Java 21 or later), MVN [the repository's ./mvnw], BENCH_JAVA_OPTS: how to build and run the service
#   BENCH_BUILT=1: the caller built the service and the tools (mvn package) and nothing changed since: no build here
#       (CI: its verify built them, and a second Maven run beside another would write the same target directories)
#
# Needs: java 21+, maven, psql, pgbench, wrk, curl. Exit status: 0 fine; 1 a failure (one line says which);
# 3 the measurements ran but a plan of the service's SQL scans inquiries sequentially.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
JAR="$ROOT/web/target/inquiries.jar"
HELPER_CLASSES="$ROOT/bench/target/classes"
HELPER_LIBS="$ROOT/bench/target/libs"
CONNECTIONS=4
THREADS=2  # pgbench's; wrk runs one thread per connection, as bench/timing.lua needs to time each request
export BENCH_TIMING="$BENCH/timing.lua"

smoke=false
reload=false
runs=3
duration=10
warmup=10
startups=3
churn=false

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }
die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --smoke) smoke=true ;;
        --reload) reload=true ;;
        --runs) runs=${2:?--runs needs a number}; shift ;;
        --duration) duration=${2:?--duration needs seconds}; shift ;;
        --warmup) warmup=${2:?--warmup needs seconds}; shift ;;
        --startups) startups=${2:?--startups needs a number}; shift ;;
        --churn) churn=true ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
    shift
done

if $smoke; then
    # Its own database (recreated each time) and its own size, whatever the environment says.
    runs=1 duration=2 warmup=1 startups=1 reload=true
    BENCH_DB="${BENCH_DB:-inquiries_bench}_smoke" BENCH_INQUIRIES=1000 BENCH_QUEUED=100
fi
for number in "$runs" "$duration" "$warmup" "$startups"; do
    [[ "$number" =~ ^[1-9][0-9]*$ ]] || die "runs, durations and startups are whole numbers of at least 1, not $number"
done

export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-inquiries_test} PGPASSWORD=${PGPASSWORD:-inquiries_test}
BENCH_DB=${BENCH_DB:-inquiries_bench}
INQUIRIES=${BENCH_INQUIRIES:-1000000}
QUEUED=${BENCH_QUEUED:-$((INQUIRIES / 10))}
DEPARTMENTS=${BENCH_DEPARTMENTS:-20}
OUT=${BENCH_OUT:-$BENCH/target/$(date +%Y%m%d-%H%M%S)}
[[ "$BENCH_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "BENCH_DB must be a plain lower-case name, not $BENCH_DB"
[[ "$DEPARTMENTS" -ge 2 ]] || die "BENCH_DEPARTMENTS must be at least 2 (W2 and W4 use two departments)"

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
for tool in "$JAVA" "${MVN:-$ROOT/mvnw}" psql pgbench wrk curl; do
    command -v "$tool" >/dev/null || die "needs $tool on the PATH (see BENCHMARKS.md)"
done
java_version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
[[ "${java_version%%.*}" -ge 21 ]] || die "needs Java 21 or later; $JAVA is $java_version (set JAVA_HOME)"

mkdir -p "$OUT/sql"
RESULTS="$OUT/results.tsv"
: > "$RESULTS"
say "writing to $OUT"

# ---------------------------------------------------------------------------------------------------------
# Build, database, data

# Maven leaves an unchanged jar untouched, so a stamp, not the jar's time, says when the build last ran.
BUILD_STAMP="$BENCH/target/built.stamp"
sources_newer_than_build() {
    find "$ROOT/pom.xml" "$ROOT"/{domain,migrations,persistence,web,bench}/{pom.xml,src} -newer "$BUILD_STAMP" \
        -print -quit 2>/dev/null
}
if [[ "${BENCH_BUILT:-}" == 1 ]]; then
    [[ -f "$JAR" && -d "$HELPER_CLASSES/dev" ]] || die "BENCH_BUILT=1, but $JAR or the tools' classes are missing"
elif [[ ! -f "$JAR" || ! -d "$HELPER_CLASSES/dev" || ! -f "$BUILD_STAMP" || -n "$(sources_newer_than_build)" ]]; then
    say "building the service and the benchmark's tools (mvn -DskipTests package -pl web,bench -am)"
    touch "$OUT/build-started"
    (cd "$ROOT" && "${MVN:-$ROOT/mvnw}" -B -q -DskipTests package -pl web,bench -am) > "$OUT/build.log" 2>&1 \
        || { tail -20 "$OUT/build.log" >&2; die "the build failed (log: $OUT/build.log)"; }
    mv "$OUT/build-started" "$BUILD_STAMP"
fi

psql_admin() { psql -X -q -At -v ON_ERROR_STOP=1 -d postgres "$@"; }
psql_bench() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$BENCH_DB" "$@"; }

psql_admin -c "SELECT 1" >/dev/null || die "cannot reach PostgreSQL as $PGUSER@$PGHOST:$PGPORT"
if $reload; then
    psql_admin -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)"
fi
if [[ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'")" ]]; then
    psql_admin -c "CREATE DATABASE $BENCH_DB"
fi

export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB" DB_USERNAME="$PGUSER" DB_PASSWORD="$PGPASSWORD"
export SERVER_HOST=127.0.0.1 SERVER_PORT=0

json_field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p" <<< "$2"; }

# What an interrupted take workload left behind (see T1, T2 below) is not part of the data set.
if [[ -n "$(psql_bench -c "SELECT 1 FROM pg_tables WHERE tablename = 'inquiries' AND schemaname = current_schema()")" ]]; then
    psql_bench -c "DELETE FROM inquiries WHERE id LIKE 'take-%'; DELETE FROM departments WHERE id LIKE 'take-%'"
fi
say "loading $INQUIRIES inquiries ($QUEUED queued, $DEPARTMENTS departments) unless the database holds them"
"$JAVA" -jar "$JAR" demo --inquiries "$INQUIRIES" --departments "$DEPARTMENTS" --queued "$QUEUED" \
    > "$OUT/demo.out" 2> "$OUT/demo.log" || { cat "$OUT/demo.log" >&2; die "the demo load failed"; }
# The service's log shares stdout (Helidon's console handler writes there); the JSON lines are ours.
summary_line=$(grep -m1 '^{"loaded":' "$OUT/demo.out" || true)
token_line=$(grep -m1 '^{"userId":' "$OUT/demo.out" || true)
say "demo: $summary_line"
held="$(json_field inquiries "$summary_line")/$(json_field queued "$summary_line")/$(json_field departments "$summary_line")"
[[ "$held" == "$INQUIRIES/$QUEUED/$DEPARTMENTS" ]] \
    || die "the database holds inquiries/queued/departments $held, not $INQUIRIES/$QUEUED/$DEPARTMENTS: run with --reload"
LOAD_MILLIS=$(json_field millis "$summary_line")
USER_ID=$(json_field userId "$token_line")
TOKEN=$(json_field authToken "$token_line")
[[ -n "$USER_ID" && -n "$TOKEN" ]] || die "the demo command printed no token line"

# Same state for every measurement: statistics fresh, visibility map set (index-only scans need it).
psql_bench -c "VACUUM (ANALYZE) inquiries, departments, users, login_tokens, user_roles, roles, role_permissions, permissions"

DEPARTMENT_ID=$(psql_bench -c "SELECT id FROM departments WHERE name = 'Sales'")
DEPARTMENT_NAME=Support
[[ -n "$DEPARTMENT_ID" ]] || die "the demo data has no department named Sales"

# ---------------------------------------------------------------------------------------------------------
# Workloads: name, query string (as sent over HTTP), page size and offset, naive floor script

# The agent of W6 and the take workloads' agents: users made here, once per database (the CLI's JSON lines).
# Each command is a short-lived JVM: C1 only, and the classes from an archive the first one writes (bench/target),
# which a later run reuses while the jar is unchanged: about 3 s a command instead of 5 on this machine.
CLI_ARCHIVE="$BENCH/target/cli-$(cksum < "$JAR" | cut -d' ' -f1).jsa"
mkdir -p "$BENCH/target"
cli() {
    "$JAVA" -XX:TieredStopAtLevel=1 -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$CLI_ARCHIVE" -Xshare:auto \
        -jar "$JAR" "$@" 2>> "$OUT/cli.log" | grep -m1 '^{' || true
}
ensure_agent() {  # USERNAME DEPARTMENT...: an agent of those departments; prints "userId authToken"
    local username=$1 department line
    shift
    [[ -n "$(psql_bench -c "SELECT 1 FROM users WHERE username = '$username'")" ]] \
        || cli users add --username "$username" --roles user > /dev/null
    for department in "$@"; do
        [[ -n "$(psql_bench -c "SELECT 1 FROM department_agents da JOIN users u ON u.id = da.user_id
                                 JOIN departments d ON d.id = da.department_id
                                WHERE u.username = '$username' AND d.name = '$department'")" ]] \
            || cli agents add --username "$username" --department "$department" > /dev/null
    done
    line=$(cli tokens create --username "$username")
    [[ -n "$line" ]] || die "could not make a token of $username (log: $OUT/cli.log)"
    echo "$(json_field userId "$line") $(json_field authToken "$line")"
}
read -r AGENT_ID AGENT_TOKEN <<< "$(ensure_agent bench-agent Sales Support Billing)"
[[ -n "$AGENT_ID" && -n "$AGENT_TOKEN" ]] || die "could not make the agent of W6"

NAMES=(W1 W2 W3 W4 W6)
ENDPOINTS=(inquiries.list inquiries.list inquiries.list inquiries.list inquiries.queuedForUser)
QUERIES=("count=50"
         "department=$DEPARTMENT_ID&count=50"
         "sort=%7B%22name%22%3A1%2C%22ts%22%3A-1%7D&offset=5000"
         "count=100&department=$DEPARTMENT_NAME"
         "count=50")
LIMITS=(50 50 50 100 50)
OFFSETS=(0 0 5000 0 0)
CALLER_IDS=("$USER_ID" "$USER_ID" "$USER_ID" "$USER_ID" "$AGENT_ID")
CALLER_TOKENS=("$TOKEN" "$TOKEN" "$TOKEN" "$TOKEN" "$AGENT_TOKEN")
NAIVE=("$BENCH/naive/w1.sql" "$BENCH/naive/w2.sql" "$BENCH/naive/w3.sql" "$BENCH/naive/w4.sql" "$BENCH/naive/w6.sql")
NAIVE_DEFINES=(-D "department_id=$DEPARTMENT_ID" -D "department_name=$DEPARTMENT_NAME" -D "agent_id=$AGENT_ID")

helper_args=(--out "$OUT/sql" --user-id "$USER_ID" --token "$TOKEN" --agent "$AGENT_ID" "$AGENT_TOKEN" --explain
             --define "department_id=$DEPARTMENT_ID" --define "department_name=$DEPARTMENT_NAME"
             --define "agent_id=$AGENT_ID")
# A table of a few pages is rightly read whole; on the smoke data ask only that an index could serve.
$smoke && helper_args+=(--index-paths-only)
for i in "${!NAMES[@]}"; do
    kind=--workload
    [[ "${ENDPOINTS[$i]}" == inquiries.queuedForUser ]] && kind=--queued-workload
    helper_args+=("$kind" "${NAMES[$i]}" "${QUERIES[$i]}" "${NAIVE[$i]}")
done
say "writing the own-floor scripts and checking plans with EXPLAIN"
plan_status=0
"$JAVA" -cp "$HELPER_CLASSES:$HELPER_LIBS/*" dev.inquiries.bench.BenchmarkStatements \
    "${helper_args[@]}" > "$OUT/plans-summary.txt" 2> "$OUT/plans.log" || plan_status=$?
case $plan_status in
    0) ;;
    3) cat "$OUT/plans-summary.txt" >&2
       echo "bench: !!!!!!!! $(grep '^PLAN CHECK FAILED' "$OUT/plans-summary.txt") !!!!!!!!" >&2 ;;
    *) cat "$OUT/plans-summary.txt" "$OUT/plans.log" >&2; die "the SQL helper failed ($plan_status)" ;;
esac

# ---------------------------------------------------------------------------------------------------------
# The service

SERVICE_PID=
stop_service() {
    if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill "$SERVICE_PID" 2>/dev/null || true
        wait "$SERVICE_PID" 2>/dev/null || true
    fi
    SERVICE_PID=
}
trap stop_service EXIT

# Starts the service; sets SERVICE_PID and SERVICE_LOG. The port is any free one, read from the log.
start_service() {
    SERVICE_LOG="$OUT/service-$1.log"
    : > "$SERVICE_LOG"  # before the child opens it, so that service_port never reads a missing file
    # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
    "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" serve > "$SERVICE_LOG" 2>&1 &
    SERVICE_PID=$!
}
service_port() { sed -n 's/.*Serving on port \([0-9]*\).*/\1/p' "$SERVICE_LOG" | head -1 || true; }

list_url() { echo "http://127.0.0.1:$1/api/v1/livechat/${3:-inquiries.list}?$2"; }
status_of() { curl -s -o "${3:-/dev/null}" -w '%{http_code}' --max-time 10 \
    -H "X-User-Id: ${4:-$USER_ID}" -H "X-Auth-Token: ${5:-$TOKEN}" "$(list_url "$1" "$2" "${6:-}")" || true; }

start_service bench
for _ in $(seq 600); do
    PORT=$(service_port)
    [[ -n "$PORT" ]] && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -20 "$SERVICE_LOG" >&2; die "the service stopped while starting"; }
    sleep 0.1
done
[[ -n "$PORT" ]] || die "the service did not start within 60 s (log: $SERVICE_LOG)"
say "service listening on 127.0.0.1:$PORT"

# Before measuring anything: every workload answers 200 with the page and total the naive SQL gives.
for i in "${!NAMES[@]}"; do
    name=${NAMES[$i]}
    status=$(status_of "$PORT" "${QUERIES[$i]}" "$OUT/$name.body" "${CALLER_IDS[$i]}" "${CALLER_TOKENS[$i]}" \
        "${ENDPOINTS[$i]}")
    [[ "$status" == 200 ]] || die "$name answered $status, not 200: $(head -c 300 "$OUT/$name.body")"
    body=$(cat "$OUT/$name.body")
    grep -q '"success":true' <<< "$body" || die "$name's body lacks \"success\":true"
    service_total=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' <<< "$body")
    service_count=$(sed -n 's/.*"count":\([0-9]*\).*/\1/p' <<< "$body")
    naive_output=$(psql_bench -v "department_id='$DEPARTMENT_ID'" -v "department_name='$DEPARTMENT_NAME'" \
        -v "agent_id='$AGENT_ID'" -f "${NAIVE[$i]}")
    naive_total=$(tail -1 <<< "$naive_output")
    naive_count=$(($(wc -l <<< "$naive_output") - 1))
    expected_count=$(( naive_total - OFFSETS[i] < 0 ? 0 : naive_total - OFFSETS[i] ))
    expected_count=$(( expected_count > LIMITS[i] ? LIMITS[i] : expected_count ))
    [[ "$service_total" == "$naive_total" && "$service_count" == "$naive_count" \
        && "$service_count" == "$expected_count" ]] \
        || die "$name: the service lists $service_count of $service_total, the naive SQL $naive_count of $naive_total"
    say "$name checked: ${service_count} of ${service_total} queued inquiries, as the naive SQL has it"
done

# W5 is W1 revalidated with If-None-Match: measured only when the service sends an ETag.
W5_SKIPPED=
etag=$(curl -s -D - -o /dev/null --max-time 10 -H "X-User-Id: $USER_ID" -H "X-Auth-Token: $TOKEN" \
    "$(list_url "$PORT" "${QUERIES[0]}")" | sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p')
if [[ -z "$etag" ]]; then
    W5_SKIPPED="the service sends no ETag"
    say "W5 skipped: $W5_SKIPPED"
else
    revalidated=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "X-User-Id: $USER_ID" \
        -H "X-Auth-Token: $TOKEN" -H "If-None-Match: $etag" "$(list_url "$PORT" "${QUERIES[0]}")")
    [[ "$revalidated" == 304 ]] || die "W5: the service sent ETag $etag but answered $revalidated, not 304, to it"
fi

# ---------------------------------------------------------------------------------------------------------
# Measurements

to_ms() {  # wrk latencies: 812.00us, 1.25ms, 2.01s
    awk -v value="$1" 'BEGIN {
        if (value ~ /us$/) { sub(/us$/, "", value); printf "%.3f", value / 1000 }
        else if (value ~ /ms$/) { sub(/ms$/, "", value); printf "%.3f", value }
        else if (value ~ /s$/) { sub(/s$/, "", value); printf "%.3f", value * 1000 }
        else if (value ~ /m$/) { sub(/m$/, "", value); printf "%.3f", value * 60000 }
        else { print "bad latency " value > "/dev/stderr"; exit 1 } }'
}
record() {  # RUN NAME METRIC VALUE
    [[ "$4" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "$2: could not read $3 (got '$4'; see $OUT)"
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"
}
# record_wrk RUN NAME FILE: a wrk run's req/s, and the p50 and p99 of its requests as bench/timing.lua timed
# them (p50_ms, p99_ms); wrk's own p99, corrected for coordinated omission (see timing.lua), as wrk_p99_ms.
record_wrk() {
    local timing
    timing=$(grep '^timing: ' "$3") || die "$2: no timing line in $3 (bench/timing.lua)"
    local busy=${timing##*busy=}
    awk -v b="$busy" 'BEGIN { exit !(b <= 1.05) }' \
        || die "$2: the requests' time exceeds the connections' ($busy; one connection per wrk thread?)"
    record "$1" "$2" service_rps "$(awk '/^Requests\/sec:/ {print $2}' "$3")"
    record "$1" "$2" p50_ms "$(sed 's/.* p50_ms=\([0-9.]*\) .*/\1/' <<< "$timing")"
    record "$1" "$2" p99_ms "$(sed 's/.* p99_ms=\([0-9.]*\) .*/\1/' <<< "$timing")"
    record "$1" "$2" wrk_p99_ms "$(to_ms "$(awk '$1 == "99%" {print $2}' "$3")")"
}

# wrk's --timeout is 10 s, not its 2 s: on this shared machine a request now and then waits seconds for a core,
# and that belongs in the latencies, not in a failed run; only error responses and socket errors fail it.
# wrk_run RUN NAME QUERY SECONDS [HEADER] [INDEX]: records as record_wrk does unless RUN is
# "warmup". INDEX, when given, is the workload's: its endpoint and caller (default: the list, as the admin).
wrk_run() {
    local run=$1 name=$2 query=$3 seconds=$4 file="$OUT/$1-$2.wrk" index=${6:-}
    local caller_id=$USER_ID caller_token=$TOKEN endpoint=inquiries.list
    if [[ -n "$index" ]]; then
        caller_id=${CALLER_IDS[$index]} caller_token=${CALLER_TOKENS[$index]} endpoint=${ENDPOINTS[$index]}
    fi
    local headers=(-H "X-User-Id: $caller_id" -H "X-Auth-Token: $caller_token")
    [[ -n "${5:-}" ]] && headers+=(-H "$5")
    wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency "${headers[@]}" \
        -s "$BENCH/read.lua" "$(list_url "$PORT" "$query" "$endpoint")" > "$file" 2>&1 \
        || { cat "$file" >&2; die "wrk failed on $name"; }
    if grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors' "$file"; then
        cat "$file" >&2
        die "$name: wrk saw error responses or socket errors (see $file)"
    fi
    [[ "$run" == warmup ]] && return 0
    record_wrk "$run" "$name" "$file"
}

# pgbench_run RUN NAME KIND SCRIPT SECONDS DEFINES...: records KIND_tps unless RUN is "warmup".
pgbench_run() {
    local run=$1 name=$2 kind=$3 script=$4 seconds=$5 file="$OUT/$1-$2-$3.pgbench"
    shift 5
    pgbench -n -M prepared -c "$CONNECTIONS" -j "$THREADS" -T "$seconds" -f "$script" "$@" "$BENCH_DB" \
        > "$file" 2>&1 || { tail -20 "$file" >&2; die "pgbench failed on $name ($kind floor; see $file)"; }
    grep -q '^number of failed transactions: 0 ' "$file" || die "$name ($kind floor): failed transactions in $file"
    [[ "$run" == warmup ]] && return 0
    record "$run" "$name" "${kind}_tps" "$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$file")"
}

own_defines() {  # the -D options of a workload's own-floor script
    local line
    OWN_DEFINES=()
    while IFS= read -r line; do OWN_DEFINES+=(-D "$line"); done < "$OUT/sql/$1.own.defines"
}

measure_workload() {  # RUN INDEX SECONDS [service]: the service, then both floors unless told "service"
    local run=$1 i=$2 seconds=$3 name=${NAMES[$2]}
    wrk_run "$run" "$name" "${QUERIES[$i]}" "$seconds" "" "$i"
    [[ "${4:-}" == service ]] && return 0
    pgbench_run "$run" "$name" naive "${NAIVE[$i]}" "$seconds" "${NAIVE_DEFINES[@]}"
    own_defines "$name"
    # The own floor runs with the session settings the service's pool uses (written from Database's constants).
    PGOPTIONS="$(cat "$OUT/sql/own.pgoptions")" \
        pgbench_run "$run" "$name" own "$OUT/sql/$name.own.pgbench" "$seconds" "${OWN_DEFINES[@]}"
}

# T1, T2: takes. Eight agents, one connection each, take distinct queued inquiries one after another (bench/
# take.lua): in T1 each agent works its own department, in T2 all eight work one department, so every take
# updates that department's one queue_counts row. Their inquiries are added before each measurement and
# removed at the end, so the read workloads always see the same data.
TAKE_AGENTS=8
$smoke && TAKE_AGENTS=2  # the smoke run checks the harness: each agent costs four CLI commands to make
TAKES_PER_AGENT=$(( (duration > warmup ? duration : warmup) * 800 ))  # more than one agent takes in that time
TAKE_CASES=(T1 T2)
remove_takes() { psql_bench -c "DELETE FROM inquiries WHERE id LIKE 'take-%'; DELETE FROM departments WHERE id LIKE 'take-%'"; }
remove_takes
psql_bench -c "INSERT INTO departments (id, name) SELECT 'take-d' || n, 'Take ' || n FROM generate_series(1, $TAKE_AGENTS) n
               UNION ALL SELECT 'take-shared', 'Take shared'"
TAKERS=()
for a in $(seq "$TAKE_AGENTS"); do
    TAKERS+=("$(ensure_agent "take-agent-$a" "Take $a" "Take shared")")
done
# prepare_takes CASE RUN: the case's queued inquiries for each agent, and the file take.lua reads.
prepare_takes() {
    local file="$OUT/$2-$1.agents" a department
    : > "$file"
    for a in $(seq "$TAKE_AGENTS"); do
        department=take-shared
        [[ "$1" == T1 ]] && department=take-d$a
        psql_bench -c "INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                       SELECT 'take-$2-$1-$a-' || n, 'room-take-$2-$1-$a-' || n, 'Taken ' || n, now(), 'queued',
                              '$department'
                         FROM generate_series(1, $TAKES_PER_AGENT) AS n"
        echo "${TAKERS[$((a - 1))]} take-$2-$1-$a-" >> "$file"
    done
    TAKE_FILE=$file
}
# take_run RUN CASE SECONDS: records as record_wrk does (service_rps in takes/s) unless RUN is "warmup".
take_run() {
    local run=$1 name=$2 seconds=$3 file="$OUT/$1-$2.wrk"
    prepare_takes "$name" "$run"
    TAKE_AGENTS="$TAKE_FILE" wrk -t"$TAKE_AGENTS" -c"$TAKE_AGENTS" -d"${seconds}s" --timeout 10s --latency -s "$BENCH/take.lua" \
        "http://127.0.0.1:$PORT/" > "$file" 2>&1 || { cat "$file" >&2; die "wrk failed on $name"; }
    if grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors' "$file"; then
        cat "$file" >&2
        die "$name: a take was refused or a socket failed (see $file; more than $TAKES_PER_AGENT takes per agent?)"
    fi
    # The taken rows leave dead entries at the head of the queued indexes; without a vacuum the next read
    # workloads would walk them (measured once: W1's own floor fell from 6,400 to 190 tps).
    psql_bench -c "DELETE FROM inquiries WHERE id LIKE 'take-%'"
    psql_bench -c "VACUUM (ANALYZE) inquiries"
    [[ "$run" == warmup ]] && return 0
    record_wrk "$run" "$name" "$file"
}

if $churn; then
    # shellcheck source=bench/churn.sh
    source "$BENCH/churn.sh"
    remove_takes
    exit 0
fi

# The service's JIT needs the warm-up most; the smoke run spares the floors theirs to stay short.
say "warming up: ${warmup} s per workload$($smoke || echo ' and floor')"
for i in "${!NAMES[@]}"; do
    measure_workload warmup "$i" "$warmup" "$($smoke && echo service)"
done
[[ -z "$W5_SKIPPED" ]] && wrk_run warmup W5 "${QUERIES[0]}" "$warmup" "If-None-Match: $etag"
for name in "${TAKE_CASES[@]}"; do take_run warmup "$name" "$warmup"; done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$runs"); do
    say "round $run of $runs: ${duration} s per measurement"
    for i in "${!NAMES[@]}"; do
        measure_workload "run$run" "$i" "$duration"
    done
    [[ -z "$W5_SKIPPED" ]] && wrk_run "run$run" W5 "${QUERIES[0]}" "$duration" "If-None-Match: $etag"
    for name in "${TAKE_CASES[@]}"; do take_run "run$run" "$name" "$duration"; done
done
remove_takes
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
stop_service

# Startup to the first served request: from launching the JVM until a list request first answers 200.
for attempt in $(seq "$startups"); do
    started=$(date +%s%N)
    start_service "startup$attempt"
    served=
    while [[ -z "$served" ]]; do
        kill -0 "$SERVICE_PID" 2>/dev/null || { tail -20 "$SERVICE_LOG" >&2; die "the service stopped while starting"; }
        (( ($(date +%s%N) - started) / 1000000000 < 60 )) || die "no request served within 60 s of starting"
        port=$(service_port)
        if [[ -n "$port" && "$(status_of "$port" "${QUERIES[0]}")" == 200 ]]; then
            served=$(date +%s%N)
        else
            sleep 0.005
        fi
    done
    record "startup$attempt" startup startup_ms $(( (served - started) / 1000000 ))
    stop_service
done

# ---------------------------------------------------------------------------------------------------------
# Summary: medians over the rounds

values() { awk -F'\t' -v name="$1" -v metric="$2" '$2 == name && $3 == metric {print $4}' "$RESULTS"; }
median() {
    sort -g | awk '{v[NR] = $1} END {
        if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratios() {  # NAME METRIC_A NAME_B METRIC_B: A/B per round
    for run in $(seq "$runs"); do
        awk -F'\t' -v r="run$run" -v na="$1" -v ma="$2" -v nb="$3" -v mb="$4" '
            $1 == r && $2 == na && $3 == ma {a = $4} $1 == r && $2 == nb && $3 == mb {b = $4}
            END {if (a != "" && b > 0) print a / b}' "$RESULTS"
    done
}
fmt() { [[ "$2" == - ]] && echo - || printf "%.${1}f" "$2"; }

SUMMARY="$OUT/summary.md"
{
    echo "| Workload | Service req/s | p50 ms | p99 ms | p99/p50 | Naive floor tps | Own floor tps | Service/naive | Service/own |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for name in "${NAMES[@]}"; do
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" \
            "$(fmt 0 "$(values "$name" service_rps | median)")" \
            "$(fmt 2 "$(values "$name" p50_ms | median)")" \
            "$(fmt 2 "$(values "$name" p99_ms | median)")" \
            "$(fmt 1 "$(ratios "$name" p99_ms "$name" p50_ms | median)")" \
            "$(fmt 0 "$(values "$name" naive_tps | median)")" \
            "$(fmt 0 "$(values "$name" own_tps | median)")" \
            "$(fmt 2 "$(ratios "$name" service_rps "$name" naive_tps | median)")" \
            "$(fmt 2 "$(ratios "$name" service_rps "$name" own_tps | median)")"
    done
    if [[ -n "$W5_SKIPPED" ]]; then
        echo "| W5 | skipped: $W5_SKIPPED | | | | | | | |"
    else
        printf '| W5 | %s | %s | %s | %s | - | - | W5/W1 %s | - |\n' \
            "$(fmt 0 "$(values W5 service_rps | median)")" \
            "$(fmt 2 "$(values W5 p50_ms | median)")" \
            "$(fmt 2 "$(values W5 p99_ms | median)")" \
            "$(fmt 1 "$(ratios W5 p99_ms W5 p50_ms | median)")" \
            "$(fmt 2 "$(ratios W5 service_rps W1 service_rps | median)")"
    fi
    for name in "${TAKE_CASES[@]}"; do
        printf '| %s (takes/s) | %s | %s | %s | %s | - | - | - | - |\n' "$name" \
            "$(fmt 0 "$(values "$name" service_rps | median)")" \
            "$(fmt 2 "$(values "$name" p50_ms | median)")" \
            "$(fmt 2 "$(values "$name" p99_ms | median)")" \
            "$(fmt 1 "$(ratios "$name" p99_ms "$name" p50_ms | median)")"
    done
    echo
    echo "W6/W1 (queuedForUser of an agent in 3 departments / the list, 50 per page): $(fmt 2 "$(ratios W6 service_rps W1 service_rps | median)")."
    echo "Startup to first served request: $(values startup startup_ms | median) ms (median of $startups:" \
        "$(values startup startup_ms | tr '\n' ' ' | sed 's/ $//') ms)."
    echo "Demo load: ${LOAD_MILLIS:-not run (data already loaded)}${LOAD_MILLIS:+ ms} for $INQUIRIES inquiries."
    echo "Medians of $runs round(s) of ${duration} s after ${warmup} s warm-up; $CONNECTIONS connections" \
        "(wrk: a thread each; pgbench: $THREADS threads); load average before/after: $load_before / $load_after."
    echo "Latencies: every request's own time (bench/timing.lua), not wrk's histogram, which adds samples for"
    echo "coordinated omission (its p99 is in results.tsv as wrk_p99_ms)."
    echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1);" \
        "$(psql_bench -c 'SHOW server_version' | cut -d' ' -f1) PostgreSQL;" \
        "Java $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.runtime.version = //p')."
    $smoke && echo "SMOKE RUN: tiny data and durations; these figures say nothing about performance."
    grep -h '^PLAN CHECK FAILED' "$OUT/plans-summary.txt" || echo "Plan check: passed$($smoke && echo ' (index paths only)')."
} > "$SUMMARY"
cat "$SUMMARY"

if [[ $plan_status -eq 3 ]]; then
    echo "bench: FAILED: a plan of the service's SQL scans inquiries sequentially (see $OUT/sql/plans.txt)" >&2
    exit 3
fi
