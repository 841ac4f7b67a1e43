#!/usr/bin/env bash
# CPU per request: how much CPU the service's JVM and PostgreSQL each spend on one request of a workload, measured by
# process while wrk drives it (issue 20's method; method and figures in BENCHMARKS.md, "CPU per request").
#
#   bench/cpu.sh [--seconds S] [--warmup S] [--jfr DIR] [--statements]
#
# Workloads, one after the other, each after its own warm-up (default 15 s) and measured for S seconds (default 10);
# WORKLOADS="list take" picks some:
#   list        GET inquiries.list?count=50 (newest first, the page W1 of bench/run.sh), 4 connections, as the demo's admin;
#   department  the same for the department Sales (W2), page5 the same with count=5, revalidate the list with
#               If-None-Match: its ETag (each answered 304, W5);
#   take  POST inquiries.take, 8 agents on a connection each, each taking its own department's queued inquiries one
#         after another (T1 of bench/run.sh; 12,000 queued per agent are inserted first and deleted after).
# CPU is read from /proc/<pid>/stat (user + system ticks) of the service's JVM and of every process named postgres
# (so PostgreSQL's figure includes its background processes and whatever else the server does meanwhile: run it on
# an otherwise quiet server). With --jfr DIR the JVM records a JFR profile (settings=profile) into DIR/<workload>.jfr,
# the measured seconds only; `jfr print --events jdk.ExecutionSample` reads it. With --statements the database's
# pg_stat_statements (when the server preloads it) is reset before and printed after each workload: the ten
# statements of most total time.
#
# Needs the data set of bench/run.sh in BENCH_DB (run that first; this script does not load it), wrk, psql, java 21+.
# Environment as for bench/run.sh: PGHOST PGPORT PGUSER PGPASSWORD, BENCH_DB [inquiries_bench], JAVA_HOME, MVN.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export BENCH_TIMING="$ROOT/bench/timing.lua"  # take.lua times every take with it
NAME=cpu.sh
seconds=10
warmup=15
jfr=""
statements=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seconds) seconds=${2:?--seconds needs a number}; shift ;;
        --warmup) warmup=${2:?--warmup needs a number}; shift ;;
        --jfr) jfr=${2:?--jfr needs a directory}; shift ;;
        --statements) statements=true ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "cpu.sh: unknown option $1" >&2; exit 1 ;;
    esac
    shift
done
command -v wrk > /dev/null || { echo "cpu.sh: needs wrk on the PATH" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_setup inquiries_bench
AGENTS=8
PREFIX=cpu-take

bench_build
psql_db() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
[[ "$(psql_db -c "SELECT count(*) > 0 FROM inquiries" 2>/dev/null)" == t ]] \
    || { echo "cpu.sh: $DB holds no inquiries: load it with bench/run.sh first" >&2; exit 1; }
remove_takes() {
    psql_db -c "DELETE FROM inquiries WHERE id LIKE '$PREFIX-%'"
    psql_db -c "DELETE FROM departments WHERE id LIKE '$PREFIX-%'"
}
remove_takes
psql_db -c "INSERT INTO departments (id, name) SELECT '$PREFIX-d' || n, 'CPU take ' || n FROM generate_series(1, $AGENTS) n"
: > "$OUT/agents"
for a in $(seq "$AGENTS"); do
    [[ -n "$(psql_db -c "SELECT 1 FROM users WHERE username = '$PREFIX-agent-$a'")" ]] \
        || bench_cli users add --username "$PREFIX-agent-$a" --roles user > /dev/null
    bench_cli agents add --username "$PREFIX-agent-$a" --department "CPU take $a" > /dev/null
    read -r id token <<< "$(bench_token_of "$PREFIX-agent-$a")"
    # Two sets of ids: one for the warm-up, one for the measurement (take.lua counts from 1 in each wrk run).
    for set in warm run; do
        psql_db -c "INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                    SELECT '$PREFIX-$set-$a-' || n, 'room-$PREFIX-$set-$a-' || n, 'CPU ' || n, now(), 'queued', '$PREFIX-d$a'
                      FROM generate_series(1, 12000) n"
    done
    echo "$id $token $PREFIX-warm-$a-" >> "$OUT/agents"
done
psql_db -c "VACUUM (ANALYZE) inquiries"
read -r ADMIN_ID ADMIN_TOKEN <<< "$(bench_token_of admin)"

SERVICE_PID=""
trap '[[ -n "$SERVICE_PID" ]] && kill $SERVICE_PID 2>/dev/null; remove_takes > /dev/null 2>&1 || true; rm -rf "$OUT"' EXIT
bench_serve "$OUT/service.log"
URL="http://127.0.0.1:$SERVICE_PORT"

postgres_ticks() { bench_ticks $(pgrep -x postgres || true); }
HZ=$(getconf CLK_TCK)

# list_wrk SECONDS QUERY [HEADER]: the list as the demo's admin, 4 connections
list_wrk() {
    local headers=(-H "X-User-Id: $ADMIN_ID" -H "X-Auth-Token: $ADMIN_TOKEN")
    [[ -n "${3:-}" ]] && headers+=(-H "$3")
    wrk -t2 -c4 -d"$1s" --latency "${headers[@]}" "$URL/api/v1/livechat/inquiries.list?$2"
}
SALES=$(psql_db -c "SELECT id FROM departments WHERE name = 'Sales'")
ETAG=$(curl -s -D - -o /dev/null -H "X-User-Id: $ADMIN_ID" -H "X-Auth-Token: $ADMIN_TOKEN" \
    "$URL/api/v1/livechat/inquiries.list?count=50" | sed -n 's/^[Ee][Tt][Aa][Gg]: *\(.*\)\r$/\1/p')
[[ -n "$SALES" && -n "$ETAG" ]] || { echo "cpu.sh: no department Sales, or the list sent no ETag" >&2; exit 1; }

# drive NAME: wrk of the workload NAME for SECONDS; prints its output
drive() {
    local name=$1 length=$2
    case "$name" in
        list) list_wrk "$length" "count=50" ;;
        department) list_wrk "$length" "department=$SALES&count=50" ;;
        page5) list_wrk "$length" "count=5" ;;
        revalidate) list_wrk "$length" "count=50" "If-None-Match: $ETAG" ;;
        take) TAKE_AGENTS="$OUT/agents" wrk -t"$AGENTS" -c"$AGENTS" -d"${length}s" --latency -s "$ROOT/bench/take.lua" "$URL/" ;;
    esac
}

echo "| Workload | Req/s | p50 ms | p99 ms | JVM µs/req | PostgreSQL µs/req | JVM / PostgreSQL | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for name in ${WORKLOADS:-list department page5 revalidate take}; do
    drive "$name" "$warmup" > /dev/null
    [[ "$name" == take ]] && sed -i "s/$PREFIX-warm-/$PREFIX-run-/" "$OUT/agents"
    $statements && psql_db -c "SELECT pg_stat_statements_reset()" > /dev/null 2>&1 || true
    [[ -n "$jfr" ]] && mkdir -p "$jfr" && "${JAVA_HOME:+$JAVA_HOME/bin/}jcmd" "$SERVICE_PID" JFR.start name="$name" \
        settings=profile filename="$(cd "$jfr" && pwd)/$name.jfr" > /dev/null
    j0=$(bench_ticks "$SERVICE_PID"); p0=$(postgres_ticks)
    drive "$name" "$seconds" > "$OUT/$name.wrk"
    j1=$(bench_ticks "$SERVICE_PID"); p1=$(postgres_ticks)
    [[ -n "$jfr" ]] && "${JAVA_HOME:+$JAVA_HOME/bin/}jcmd" "$SERVICE_PID" JFR.stop name="$name" > /dev/null
    requests=$(awk '/requests in/ {print $1}' "$OUT/$name.wrk")
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$name.wrk")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/$name.wrk"); p99=$(awk '$1 == "99%" {print $2}' "$OUT/$name.wrk")
    bad=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$OUT/$name.wrk")
    awk -v n="$name" -v r="$requests" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v j=$(( j1 - j0 )) -v p=$(( p1 - p0 )) \
        -v hz="$HZ" -v bad="${bad:-0}" 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
        BEGIN { ju = j * 1e6 / hz / r; pu = p * 1e6 / hz / r;
                printf "| %s | %.0f | %.2f | %.2f | %.0f | %.0f | %.2f | %s |\n", n, rps, ms(p50), ms(p99), ju, pu, ju / pu, bad }'
    if $statements; then
        psql_db -F ' | ' -c "SELECT calls, round(total_exec_time::numeric) AS ms, left(regexp_replace(query, '\s+', ' ', 'g'), 100)
                               FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 10" 2>/dev/null \
            | sed 's/^/    /' || echo "    (pg_stat_statements is not preloaded by this server)"
    fi
done
echo
echo "$seconds s per workload after ${warmup} s of warm-up; CPU from /proc/<pid>/stat at $HZ ticks/s; load average now" \
     "$(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; PostgreSQL $(psql_db -c 'SHOW server_version'); $("$JAVA" -version 2>&1 | head -1)."
