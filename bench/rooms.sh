#!/usr/bin/env bash
# The visitors' room streams (GET livechat/room.stream) under takes: does every visitor whose spot changed hear of it
# quickly, and does a take cost the service CPU by the visitors it moves rather than by the visitors who listen?
# (issue 19). Method and figures: BENCHMARKS.md, "Room streams over HTTP".
#
#   bench/rooms.sh [--visitors "1000 10000"] [--takes K] [--warmup-takes W] [--smoke]
#
# For each count N of --visitors (default 1,000, then 10,000), on a fresh database and a fresh service: one
# department with one available agent under Manual_Selection (so chats wait), N visitors each with a waiting chat
# (plain SQL), every visitor's room.stream open over its own HTTP connection (bench's RoomStreamLoad), then K takes
# (default 20) of the chat at spot 1, each of which moves every other visitor up one, and K takes of the newest chat,
# which move nobody. Before them, W takes (default 1,000) of chats queued behind every visitor's that nobody listens to,
# as fast as they are answered, so that the take and the feed run compiled (a few dozen takes leave them partly
# interpreted: the CPU per take then measured the JIT); then each kind once to warm up (not counted), then measured.
# Reported per N: the delay from each take's 200 to each moved visitor's new queueData (p50, p99,
# max over all pairs; missing = not told within 10 s), events sent to nobody who moved, and the service's CPU per take
# of each kind (user + system ticks from /proc, less its idle rate measured for 10 s just before: heartbeats and the
# feed's 5-second refresh, shown as idle CPU ms/s).
#
# Options:
#   --visitors "N..."   visitor counts, one run each (default "1000 10000")
#   --takes K           takes of each kind per run (default 20)
#   --warmup-takes W    takes of listened-to-by-nobody chats before anything is measured (default 1000; 0: none)
#   --smoke             --visitors "50" --takes 3 --warmup-takes 10, idle CPU read for 1 s: the harness, well
#                       under a minute
#   -h, --help          this text
#
# Environment: PGHOST PGPORT PGUSER PGPASSWORD as for bench/run.sh (a role that may create databases);
# BENCH_DB [inquiries_rooms_bench]: recreated for every run; JAVA_HOME (21+), MVN. Needs java, maven, psql.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NAME=rooms.sh
counts="1000 10000"
takes=20
warmup_takes=1000
idle_ms=10000
while [[ $# -gt 0 ]]; do
    case "$1" in
        --visitors) counts=${2:?--visitors needs counts}; shift ;;
        --takes) takes=${2:?--takes needs a number}; shift ;;
        --warmup-takes) warmup_takes=${2:?--warmup-takes needs a number}; shift ;;
        --smoke) counts=50 takes=3 warmup_takes=10 idle_ms=1000 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "$NAME: unknown option $1 (see --help)" >&2; exit 1 ;;
    esac
    shift
done
for number in $counts $takes; do
    [[ "$number" =~ ^[1-9][0-9]*$ ]] || { echo "$NAME: counts are whole numbers of at least 1, not $number" >&2; exit 1; }
done
[[ "$warmup_takes" =~ ^[0-9]+$ ]] || { echo "$NAME: --warmup-takes is a whole number, not $warmup_takes" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_setup inquiries_rooms_bench
# Every stream holds a socket at each end: 10,000 visitors need more than the usual 1,024 descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

bench_build web,bench
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 -d postgres "$@"; }
psql_admin -c "SELECT 1" > /dev/null || bench_die "cannot reach PostgreSQL as $PGUSER@$PGHOST:$PGPORT"
SERVICE_PID=""
trap '[[ -n "$SERVICE_PID" ]] && kill $SERVICE_PID 2>/dev/null; [[ -n "${KEEP_OUT:-}" ]] || rm -rf "$OUT"' EXIT

echo "| Visitors | Open s | Idle CPU ms/s | Head takes: moved told | missing | p50 ms | p99 ms | max ms | CPU ms/take | µs per moved visitor | Tail takes: superfluous events | agentData p99 ms | CPU ms/take |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for visitors in $counts; do
    (( visitors > 4 * takes )) || bench_die "--visitors $visitors must be more than four times --takes $takes"
    psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
    psql_admin -c "CREATE DATABASE $DB"
    bench_cli users add --username room-agent --roles user > /dev/null  # migrates the fresh database first
    department=$(bench_cli departments add --name Rooms | sed -n 's/.*"_id":"\([^"]*\)".*/\1/p')
    [[ -n "$department" ]] || { cat "$OUT/cli.log" >&2; bench_die "could not add the department"; }
    bench_cli agents add --username room-agent --department Rooms > /dev/null
    bench_cli agents status --username room-agent --status available > /dev/null
    bench_cli routing set --method Manual_Selection > /dev/null
    read -r AGENT_ID AGENT_TOKEN <<< "$(bench_token_of room-agent)"
    [[ -n "$AGENT_TOKEN" ]] || { cat "$OUT/cli.log" >&2; bench_die "no token for the agent"; }
    # Every stream comes from 127.0.0.1: the per-address limit (20) is lifted for the benchmark.
    STREAM_ROOMS_LIMIT=$(( visitors + 100 > 20000 ? visitors + 100 : 20000 )) STREAM_ROOMS_ADDRESS_LIMIT=$(( visitors + 100 )) \
        bench_serve "$OUT/service-$visitors.log"
    "$JAVA" -cp "$ROOT/bench/target/classes:$ROOT/bench/target/libs/*" dev.inquiries.bench.RoomStreamLoad \
        --url "http://127.0.0.1:$SERVICE_PORT" --agent-id "$AGENT_ID" --agent-token "$AGENT_TOKEN" \
        --department "$department" --visitors "$visitors" --takes "$takes" --warmup-takes "$warmup_takes" \
        --service-pid "$SERVICE_PID" \
        --ticks-per-second "$(getconf CLK_TCK)" --idle-ms "$idle_ms" > "$OUT/load-$visitors.tsv" 2> "$OUT/load-$visitors.err" \
        || { cat "$OUT/load-$visitors.err" >&2; tail -20 "$OUT/service-$visitors.log" >&2; bench_die "the load tool failed"; }
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=""
    awk -F'\t' -v n="$visitors" '
        $1 == "open" { open = $3 }
        $1 == "head" { told = $3; missing = $4; p50 = $5; p99 = $6; max = $7; head = $8; idle = $9; moved = $3 / $2 }
        $1 == "tail" { superfluous = $3; agent = $4; tail = $5 }
        END { printf "| %d | %s | %s | %d | %d | %s | %s | %s | %s | %.1f | %d | %s | %s |\n", n, open, idle, told, missing,
                     p50, p99, max, head, (moved > 0 ? head * 1000 / moved : 0), superfluous, agent, tail }' "$OUT/load-$visitors.tsv"
done
psql_admin -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
echo
echo "$takes takes of each kind per run, one at a time, 200 ms apart, after $warmup_takes warm-up takes; load average now $(cut -d' ' -f1-3 /proc/loadavg);" \
     "$(nproc) cores; PostgreSQL $(psql_admin -c 'SHOW server_version'); $("$JAVA" -version 2>&1 | head -1)."
