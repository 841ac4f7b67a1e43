#!/usr/bin/env bash
# The least a routed chat can cost on this machine (issue 19): what any service would pay at the very least for the
# routing benchmark's chat (bench/routing.sh: a visitor registered, a room opened and given to the least-loaded agent,
# the chat closed), against which the service's own figures are read. Method and figures: BENCHMARKS.md, "Routing",
# "The floor of a routed chat". Not in CI; about a minute.
#
#   bench/intake-floor.sh [--clients N] [--duration S] [--batch B]
#
#  1. PostgreSQL: a fresh database <BENCH_DB>_floor with three bare tables in a schema floor (visitors, agents with 20
#     agents, chats: keys and one open chat per visitor, nothing else: no trigger, no history, no change log, no
#     counts) and pgbench, N clients (default 8), S s (default 10), each pgbench transaction one chat's life as three
#     commits, as the service makes them: the visitor inserted; the chat inserted and given to the agent with the
#     fewest open chats (that agent's row updated in the same statement, SKIP LOCKED); the chat closed and its agent's
#     count decremented. Reports chats/s and the CPU per chat of all the cluster's processes (postgres) and of pgbench.
#     --batch B (default 1): B chats per pgbench transaction, each of the three commits one statement over all B
#     (B visitors inserted; B chats given round-robin to the agents in order of their open chats, each agent's count
#     raised once; B chats closed): what sharing statements and commits between chats would save, for a design that
#     gathers concurrent intakes into one statement. Deadlocks between batches are retried (pgbench --max-tries).
#  2. HTTP: the service (`serve`, on the same database) and wrk, 1 thread, 16 connections, S s, on a request it answers
#     without PostgreSQL (GET livechat/room without a token: 400, "Match error: Missing key 'token'"). Reports
#     requests/s and the CPU per request of the service and of wrk: the least a request of the two the intake sends
#     costs, on each side.
#  3. The floor of one chat: PostgreSQL's part, plus two requests on each side; and what two cores hold at that cost.
#
# Environment as for bench/run.sh: PGHOST PGPORT PGUSER PGPASSWORD (a role that may create databases), BENCH_DB
# [inquiries_bench], JAVA_HOME, MVN, BENCH_JAVA_OPTS. Needs java 21+, psql, pgbench, wrk, GNU time. Logs in a /tmp
# directory it names at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NAME=intake-floor.sh
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
clients=8
duration=10
batch=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --clients) clients=${2:?--clients needs a number}; shift ;;
        --duration) duration=${2:?--duration needs seconds}; shift ;;
        --batch) batch=${2:?--batch needs a number}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_die "unknown option $1" ;;
    esac
    shift
done
for number in "$clients" "$duration" "$batch"; do
    [[ "$number" =~ ^[1-9][0-9]*$ ]] || bench_die "not a whole number of at least 1: $number"
done
bench_setup inquiries_bench
DB="${DB}_floor"
export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB"
command -v pgbench > /dev/null || bench_die "needs pgbench"
command -v wrk > /dev/null || bench_die "needs wrk"
[[ -x /usr/bin/time ]] || bench_die "needs GNU time (/usr/bin/time)"
TICKS=$(getconf CLK_TCK)
cores=$(nproc)

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" <<'SQL'
CREATE SCHEMA floor;
CREATE TABLE floor.visitors (id text PRIMARY KEY, token text NOT NULL UNIQUE, ts timestamptz NOT NULL DEFAULT now());
CREATE TABLE floor.agents (id text PRIMARY KEY, open_chats integer NOT NULL DEFAULT 0);
CREATE TABLE floor.chats (id text PRIMARY KEY, visitor_id text NOT NULL REFERENCES floor.visitors,
                          agent_id text REFERENCES floor.agents, status text NOT NULL,
                          ts timestamptz NOT NULL DEFAULT now(), closed_at timestamptz);
CREATE UNIQUE INDEX chats_open_visitor ON floor.chats (visitor_id) WHERE status <> 'closed';
INSERT INTO floor.agents (id) SELECT 'agent-' || g FROM generate_series(1, 20) AS g;
SQL
cat > "$OUT/chat.sql" <<'SQL'
\set n random(1, 2000000000)
INSERT INTO floor.visitors (id, token) VALUES ('v' || :client_id || '-' || :n, 't' || :client_id || '-' || :n) ON CONFLICT DO NOTHING;
WITH agent AS (UPDATE floor.agents AS a SET open_chats = a.open_chats + 1
                WHERE a.id = (SELECT f.id FROM floor.agents AS f ORDER BY f.open_chats, f.id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING a.id)
INSERT INTO floor.chats (id, visitor_id, agent_id, status)
SELECT 'c' || :client_id || '-' || :n, 'v' || :client_id || '-' || :n, agent.id, 'taken' FROM agent ON CONFLICT DO NOTHING;
WITH closed AS (UPDATE floor.chats SET status = 'closed', closed_at = now()
                 WHERE id = 'c' || :client_id || '-' || :n AND status = 'taken' RETURNING agent_id)
UPDATE floor.agents AS a SET open_chats = a.open_chats - 1 FROM closed WHERE a.id = closed.agent_id;
SQL
if [[ "$batch" -gt 1 ]]; then
    cat > "$OUT/chat.sql" <<'SQL'
\set n random(1, 2000000000)
INSERT INTO floor.visitors (id, token)
SELECT 'v' || :client_id || '-' || :n || '-' || g, 't' || :client_id || '-' || :n || '-' || g
  FROM generate_series(1, :batch) AS g ON CONFLICT DO NOTHING;
WITH free AS (SELECT f.id, row_number() OVER (ORDER BY f.open_chats, f.id) AS rank, count(*) OVER () AS agents
                FROM (SELECT id, open_chats FROM floor.agents ORDER BY open_chats, id FOR UPDATE SKIP LOCKED) AS f),
     taken AS (INSERT INTO floor.chats (id, visitor_id, agent_id, status)
               SELECT 'c' || :client_id || '-' || :n || '-' || g, 'v' || :client_id || '-' || :n || '-' || g, free.id, 'taken'
                 FROM generate_series(1, :batch) AS g JOIN free ON free.rank = (g - 1) % free.agents + 1
               ON CONFLICT DO NOTHING RETURNING agent_id)
UPDATE floor.agents AS a SET open_chats = a.open_chats + t.chats
  FROM (SELECT agent_id, count(*) AS chats FROM taken GROUP BY agent_id) AS t WHERE a.id = t.agent_id;
WITH closed AS (UPDATE floor.chats SET status = 'closed', closed_at = now()
                 WHERE id IN (SELECT 'c' || :client_id || '-' || :n || '-' || g FROM generate_series(1, :batch) AS g)
                   AND status = 'taken' RETURNING agent_id)
UPDATE floor.agents AS a SET open_chats = a.open_chats - c.chats
  FROM (SELECT agent_id, count(*) AS chats FROM closed GROUP BY agent_id) AS c WHERE a.id = c.agent_id;
SQL
fi
# The cluster's CPU: its processes now, and the sessions that ended (their CPU is the postmaster's children's time).
postgres_ticks() {
    local postmaster
    postmaster=$(pgrep -o -x postgres)
    echo $(( $(bench_ticks $(pgrep -x postgres)) + $(sed 's/^.*) //' "/proc/$postmaster/stat" | awk '{print $14 + $15}') ))
}
# wrk and pgbench's own CPU: GNU time's user and system seconds of the command.
cpu_seconds() { awk '{ print $1 + $2 }' "$1"; }

echo "$NAME: PostgreSQL, $clients pgbench clients, ${duration} s (warm-up 3 s first); load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
pgbench -n -c "$clients" -j 2 -T 3 -D batch="$batch" --max-tries=20 -f "$OUT/chat.sql" "$DB" > "$OUT/pgbench-warmup.log" 2>&1
count_chats() { psql -X -A -t -d "$DB" -c "SELECT count(*) FROM floor.chats"; }
chats_before=$(count_chats)
before=$(postgres_ticks)
/usr/bin/time -f '%U %S' -o "$OUT/pgbench.time" pgbench -n -c "$clients" -j 2 -T "$duration" -D batch="$batch" --max-tries=20 \
    -f "$OUT/chat.sql" "$DB" \
    > "$OUT/pgbench.log" 2>&1 || { cat "$OUT/pgbench.log" >&2; bench_die "pgbench failed"; }
postgres=$(( $(postgres_ticks) - before ))
transactions=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/pgbench.log")
# The chats made in the window, counted in the table: a batch that found every agent held by others makes none.
chats=$(( $(count_chats) - chats_before ))
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$OUT/pgbench.log")
[[ -n "$transactions" && "$chats" -gt 0 ]] || { cat "$OUT/pgbench.log" >&2; bench_die "pgbench processed nothing"; }
open=$(psql -X -A -t -d "$DB" -c "SELECT count(*) FILTER (WHERE status <> 'closed') || ' open, ' || count(*) || ' in all' FROM floor.chats")
pg_ms=$(awk -v t="$postgres" -v c="$chats" -v hz="$TICKS" 'BEGIN { printf "%.3f", t * 1000 / hz / c }')
pgbench_ms=$(awk -v s="$(cpu_seconds "$OUT/pgbench.time")" -v c="$chats" 'BEGIN { printf "%.3f", s * 1000 / c }')
printf 'postgresql: %d chats in %d s, %d pgbench transactions of up to %d (%.0f/s; failed: %s; chats %s), CPU per chat: PostgreSQL %s ms, pgbench %s ms\n' \
    "$chats" "$duration" "$transactions" "$batch" "$(awk -v c="$chats" -v d="$duration" 'BEGIN { print c / d }')" "${failed:-0}" "$open" "$pg_ms" "$pgbench_ms"

bench_build
API_VISITORS_RATE_LIMIT=0 AUTH_LOGIN_PROXY_TRUSTED=false bench_serve "$OUT/service.log" ${BENCH_JAVA_OPTS:-}
trap 'kill "$SERVICE_PID" 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$SERVICE_PORT/api/v1/livechat/room"
status=$(curl -s -o "$OUT/answer.json" -w '%{http_code}' "$URL")
echo "$NAME: HTTP, GET livechat/room without a token answered $status $(cat "$OUT/answer.json")" >&2
[[ "$status" == 400 ]] || bench_die "expected a 400 from $URL"
# Warm the JIT on the same request first: 2 x 10 s.
wrk -t1 -c16 -d10s "$URL" > /dev/null
wrk -t1 -c16 -d10s "$URL" > /dev/null
before=$(bench_ticks "$SERVICE_PID")
before_pg=$(postgres_ticks)
/usr/bin/time -f '%U %S' -o "$OUT/wrk.time" wrk -t1 -c16 -d"${duration}s" --latency "$URL" > "$OUT/wrk.log"
service=$(( $(bench_ticks "$SERVICE_PID") - before ))
pg_during=$(( $(postgres_ticks) - before_pg ))
requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$OUT/wrk.log")
[[ -n "$requests" && "$requests" -gt 0 ]] || { cat "$OUT/wrk.log" >&2; bench_die "wrk sent nothing"; }
service_ms=$(awk -v t="$service" -v r="$requests" -v hz="$TICKS" 'BEGIN { printf "%.4f", t * 1000 / hz / r }')
wrk_ms=$(awk -v s="$(cpu_seconds "$OUT/wrk.time")" -v r="$requests" 'BEGIN { printf "%.4f", s * 1000 / r }')
printf 'http: %d requests in %d s (%.0f/s), CPU per request: the service %s ms, wrk %s ms (PostgreSQL meanwhile: %d ticks)\n' \
    "$requests" "$duration" "$(awk -v r="$requests" -v d="$duration" 'BEGIN { print r / d }')" "$service_ms" "$wrk_ms" \
    "$pg_during"

awk -v pg="$pg_ms" -v pgb="$pgbench_ms" -v svc="$service_ms" -v wrk="$wrk_ms" -v cores="$cores" 'BEGIN {
    server = pg + 2 * svc; all = server + 2 * wrk
    printf "floor of one routed chat: PostgreSQL %.3f + 2 requests x %.3f = %.3f ms on the server side; %.3f ms with the clients (2 x %.3f)\n", pg, svc, server, all, wrk
    printf "at that floor %d cores hold %.0f chats/s (server side only: %.0f/s)\n", cores, cores * 1000 / all, cores * 1000 / server
    printf "RESULT floor postgres_ms=%.3f request_ms=%.4f client_request_ms=%.4f chat_ms=%.3f chats_per_s=%.0f\n", pg, svc, wrk, all, cores * 1000 / all
}'
echo "$NAME: logs in $OUT" >&2
