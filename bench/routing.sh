#!/usr/bin/env bash
# Routing under load (issue 19): intake throughput across two instances, and how soon freed capacity reaches the
# queue. Method and figures: BENCHMARKS.md, "Routing". Not in CI.
#
#   bench/routing.sh [--clients N] [--warmup S] [--duration S] [--agents A] [--max-chats C] [--waiting W] [--frees F]
#                    [--available-frees V] [--method M]
#
# Builds the service and the bench tools, makes a fresh database <BENCH_DB>_routing, adds A agents (default 20, all
# available, in no department), sets the desk to Load_Balancing without a limit, and starts TWO `serve` instances on
# it (different ports, the default pool of 8 each, API_VISITORS_RATE_LIMIT=0, API_VISITORS_QUEUE_CAP=0). Then
# RoutingLoad (module bench):
#
#  1. intake: N clients (default 32), half on each instance, each creating chats one after the other (POST
#     livechat/visitor with a new token, then GET livechat/room?token=) for S s of warm-up (default 60: after
#     20 s the services' JIT compilers still took ~40 % of their CPU, and the CPU per chat halved after 100 s) and
#     S s measured (default 20); a background closer closes served chats every 200 ms in one SQL statement, so that
#     the agents' open chats stay few. Reports chats created and routed per second (from chat_events: arrived in
#     the window, with a 'taken' step of no actor), livechat/room's p50/p90/p99, and the CPU per chat of the two
#     services, of PostgreSQL (the whole cluster, ended sessions included; and of that, the sessions of the database
#     that lasted the window) and of the clients (from /proc), and how busy the machine was.
#  2. capacity: the desk's limit becomes C (default 5) per agent, chats come in until every agent is full and W
#     (default 1000) wait; then F times (default 300) an agent closes one of its chats (room.closeByUser on one
#     instance) while the other instance is polled (inquiries.getOne of the chat next in line, as that agent) until
#     the chat shows taken; one new chat tops the queue up to W. Reports the close's latency and the time from
#     sending the close until the next chat shows taken on the other instance, p50/p90/p99. Then V times (default
#     100) an agent goes off duty (agent.status), closes a chat (nothing is routed: nobody has room) and comes back
#     (agent.status available): the same two figures for coming back.
#
# --method M (default Load_Balancing): the desk's routing method during the intake. With Manual_Selection nothing is
# routed: the intake then measures what the service's intake costs without routing (the ceiling routing works
# under), and the rest (costs, floors, capacity) is skipped.
#
# Between the two, routing's pieces timed inside PostgreSQL (bench/routing-costs.sql), and the database's floor for
# one queue's intakes: pgbench inserting one chat (every trigger, routing included) and rolling back, 1 and 4
# clients, 5 s each, under Load_Balancing and under Manual_Selection; the chat inserted queued (routed by the
# trigger) and as livechat/room inserts it (its agent chosen first, route_arrivals, V52).
#
# Environment as for bench/run.sh: PGHOST PGPORT PGUSER PGPASSWORD (a role that may create databases),
# BENCH_DB [inquiries_bench] (this script uses BENCH_DB_routing, recreated each time), JAVA_HOME, MVN,
# BENCH_JAVA_OPTS (the service's JVM options). Needs: java 21+, psql, pgbench. Output also in
# bench/target/routing-<time>/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/web/target/inquiries.jar"
TOOLS="$ROOT/bench/target/classes:$ROOT/bench/target/libs/*"
clients=32
warmup=60
duration=20
agents=20
max_chats=5
waiting=1000
frees=300
available_frees=100
method=Load_Balancing
while [[ $# -gt 0 ]]; do
    case "$1" in
        --clients) clients=${2:?--clients needs a number}; shift ;;
        --warmup) warmup=${2:?--warmup needs seconds}; shift ;;
        --duration) duration=${2:?--duration needs seconds}; shift ;;
        --agents) agents=${2:?--agents needs a number}; shift ;;
        --max-chats) max_chats=${2:?--max-chats needs a number}; shift ;;
        --waiting) waiting=${2:?--waiting needs a number}; shift ;;
        --frees) frees=${2:?--frees needs a number}; shift ;;
        --available-frees) available_frees=${2:?--available-frees needs a number}; shift ;;
        --method) method=${2:?--method needs a routing method}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "routing.sh: unknown option $1" >&2; exit 1 ;;
    esac
    shift
done
for number in "$clients" "$warmup" "$duration" "$agents" "$max_chats" "$waiting" "$frees" "$available_frees"; do
    [[ "$number" =~ ^[1-9][0-9]*$ ]] || { echo "routing.sh: not a whole number of at least 1: $number" >&2; exit 1; }
done

export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-inquiries_test} PGPASSWORD=${PGPASSWORD:-inquiries_test}
DB="${BENCH_DB:-inquiries_bench}_routing"
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "routing.sh: BENCH_DB must be a plain lower-case name" >&2; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
OUT="$ROOT/bench/target/routing-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
say() { echo "routing.sh: $*" >&2; }
# Built every time (Maven recompiles only what changed): a stale jar would measure another version.
say "building (log: $OUT/build.log)"
(cd "$ROOT" && "${MVN:-$ROOT/mvnw}" -B -q -DskipTests package -pl web,bench -am) > "$OUT/build.log" 2>&1 \
    || { tail -20 "$OUT/build.log" >&2; say "the build failed"; exit 1; }

# FORCE cannot end an autovacuum worker of another role: a few tries.
for try in 1 2 3 4 5; do
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2> "$OUT/drop.log" && break
    [[ $try -lt 5 ]] || { cat "$OUT/drop.log" >&2; say "could not drop $DB"; exit 1; }
    sleep 2
done
psql -X -q -d postgres -c "CREATE DATABASE $DB"
export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" DB_USERNAME="$PGUSER" DB_PASSWORD="$PGPASSWORD"
export SERVER_HOST=127.0.0.1 SERVER_PORT=0 AUTH_LOGIN_PROXY_TRUSTED=false
export API_VISITORS_RATE_LIMIT=0 API_VISITORS_QUEUE_CAP=0
cli() { # the service's command line, its log kept apart and shown only when it fails
    "$JAVA" -XX:TieredStopAtLevel=1 -jar "$JAR" "$@" 2>> "$OUT/setup.log" \
        || { cat "$OUT/setup.log" >&2; say "$1 $2 failed"; exit 1; }
}
cli migrate > /dev/null
# A agents (available on creation), each with a token: lines "username userId authToken". Four at a time.
say "adding $agents agents"
add_agent() {
    cli users add --username "$1" --roles livechat-agent > /dev/null
    local json
    json=$(cli tokens create --username "$1")
    echo "$1 $(sed -n 's/.*"userId":"\([^"]*\)".*/\1/p' <<< "$json") $(sed -n 's/.*"authToken":"\([^"]*\)".*/\1/p' <<< "$json")"
}
export -f add_agent cli say
export JAVA JAR OUT
seq -f 'routing-agent-%02g' 1 "$agents" | xargs -P 4 -I{} bash -c 'add_agent {}' > "$OUT/agents.txt"
[[ $(wc -l < "$OUT/agents.txt") -eq "$agents" ]] || { say "not every agent was added"; exit 1; }
cli routing set --method "$method" --max-chats 0 > /dev/null

PIDS=()
trap 'for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT
PORTS=()
start() { # start instance number $1 and wait for its "Serving on port N"
    local log="$OUT/service-$1.log" port=""
    : > "$log" # made before the instance starts: the loop below reads it at once
    # shellcheck disable=SC2086
    "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" serve > "$log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 120); do
        port=$(sed -n 's/.*Serving on port \([0-9]*\).*/\1/p' "$log" | head -1)
        if [[ -n "$port" ]]; then PORTS+=("$port"); return 0; fi
        kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$log" >&2; say "instance $1 did not start"; exit 1; }
        sleep 0.5
    done
    say "instance $1 did not start"; exit 1
}
start 1
start 2
say "instances on ports ${PORTS[*]}; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

load() {
    "$JAVA" -cp "$TOOLS" dev.inquiries.bench.RoutingLoad "$@" \
        --urls "http://127.0.0.1:${PORTS[0]},http://127.0.0.1:${PORTS[1]}" \
        --jdbc "$DB_URL" --db-user "$PGUSER" --db-password "$PGPASSWORD" --agents "$OUT/agents.txt" \
        --service-pids "$(IFS=,; echo "${PIDS[*]}")" --ticks-per-second "$(getconf CLK_TCK)"
}
status=0 # RoutingLoad's: 1 when a request failed or a chat was not routed; the next part runs anyway
routed=true
[[ "$method" != Manual_Selection ]] || routed=false
load --phase intake --clients "$clients" --warmup "$warmup" --duration "$duration" --routed "$routed" \
    | tee "$OUT/intake.txt" || status=1
say "load average after the intake: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$method" == Manual_Selection ]]; then
    say "Manual_Selection: intake only; output in $OUT"
    exit "$status"
fi
# Routing's pieces, each timed in PostgreSQL (no chat waiting, every agent on duty with room).
psql -X -q -d "$DB" -f "$ROOT/bench/routing-costs.sql" 2>&1 | sed -n 's/^.*NOTICE: */costs: /p' | tee -a "$OUT/intake.txt"
# The database's own floor: one chat's INSERT alone (with every trigger), rolled back, from 1 and 4 pgbench clients,
# under Load_Balancing and under Manual_Selection (no routing): "queued", a chat inserted queued and routed by the
# INSERT's trigger (a return, a forward, any writer but the intake); "arrival", as livechat/room inserts one (V52:
# route_arrivals chooses its agent first and it is inserted taken).
cat > "$OUT/floor-queued.sql" <<'SQL'
BEGIN;
INSERT INTO inquiries (id, rid, name, ts, status, queued_at)
VALUES (md5(random()::text), md5(random()::text), 'floor', now(), 'queued', now());
ROLLBACK;
SQL
cat > "$OUT/floor-arrival.sql" <<'SQL'
BEGIN;
WITH arrival AS MATERIALIZED (SELECT md5(random()::text) AS id),
     planned AS MATERIALIZED (
         SELECT p.inquiry_id, p.agent_id
           FROM arrival AS a,
                route_arrivals(ARRAY[a.id], ARRAY[''], ARRAY[NULL]::text[], ARRAY[NULL]::text[], ARRAY[99],
                               ARRAY[9999999]) AS p)
INSERT INTO inquiries (id, rid, name, ts, status, queued_at, taken_by, taken_at)
SELECT a.id, md5(random()::text), 'floor', now(), CASE WHEN p.agent_id IS NULL THEN 'queued' ELSE 'taken' END, now(),
       p.agent_id, CASE WHEN p.agent_id IS NOT NULL THEN now() END
  FROM arrival AS a
  LEFT JOIN planned AS p ON p.inquiry_id = a.id;
ROLLBACK;
SQL
for floor_method in Load_Balancing Manual_Selection; do
    cli routing set --method "$floor_method" > /dev/null
    for floor_kind in queued arrival; do
        for floor_clients in 1 4; do
            floor_log="$OUT/floor-$floor_kind-$floor_method-$floor_clients.log"
            pgbench -n -c "$floor_clients" -j "$(( floor_clients < 2 ? 1 : 2 ))" -T 5 -f "$OUT/floor-$floor_kind.sql" \
                "$DB" > "$floor_log" 2>&1 || true
            tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$floor_log")
            # A client that fails stops (pgbench aborts it): say so, with the first error.
            aborted=$(grep -c 'aborted in command' "$floor_log" || true)
            note=""
            if [[ "$aborted" != 0 ]]; then
                note=" ($aborted of the clients aborted, the first by: $(grep -m1 -o 'ERROR: .*' "$floor_log"))"
            fi
            echo "floor: INSERT of one chat ($floor_kind), rolled back, $floor_method, $floor_clients pgbench clients: ${tps:-no} tps$note" \
                | tee -a "$OUT/intake.txt"
        done
    done
done
cli routing set --method Load_Balancing --max-chats "$max_chats" > /dev/null
load --phase capacity --waiting "$waiting" --frees "$frees" --available-frees "$available_frees" \
    | tee "$OUT/capacity.txt" || status=1
say "load average after the frees: $(cut -d' ' -f1-3 /proc/loadavg); output in $OUT"
exit "$status"
