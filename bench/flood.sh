#!/usr/bin/env bash
# One address floods the visitor endpoints; others still get in. Method and figures: BENCHMARKS.md, "A flood of
# visitors". Not a timed test: it reports what got through, the statuses and the other visitors' latencies, and
# exits 1 when the flood got in more than the limit allows or another visitor was not served.
#
#   bench/flood.sh [--chats N] [--connections C] [--probe-every MS]
#
# From 127.0.0.2, C connections (default 32) try to create N chats (default 10,000) as fast as they can, each the
# contract's POST /api/v1/livechat/visitor then GET /api/v1/livechat/room?token=; meanwhile a new visitor from
# another loopback address (127.1.x.y) creates a chat every MS milliseconds (default 100). Real source addresses,
# so no proxy is trusted. The settings are the service's: API_VISITORS_RATE_LIMIT [5], API_VISITORS_RATE_WINDOW
# [PT1M, whole seconds here], API_VISITORS_QUEUE_CAP [1000].
#
# When `serve` has no visitor endpoints (a build before they exist: POST livechat/visitor answers 404), the flood
# runs against bench's VisitorIntakeStandIn instead, and says so: the same RateLimits and settings in front of a
# stand-in intake that inserts with department_queue_has_room(); the limit and the cap are real, the intake is not.
#
# Environment as for bench/run.sh: PGHOST PGPORT PGUSER PGPASSWORD (a role that may create databases),
# BENCH_DB [inquiries_bench] (this script uses BENCH_DB_flood, recreated each time), JAVA_HOME, MVN.
# Needs: java 21+, psql, curl; builds the service and the bench tools first.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/web/target/inquiries.jar"
TOOLS="$ROOT/bench/target/classes:$ROOT/bench/target/libs/*"
chats=10000
connections=32
probe_every=100
while [[ $# -gt 0 ]]; do
    case "$1" in
        --chats) chats=${2:?--chats needs a number}; shift ;;
        --connections) connections=${2:?--connections needs a number}; shift ;;
        --probe-every) probe_every=${2:?--probe-every needs milliseconds}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "flood.sh: unknown option $1" >&2; exit 1 ;;
    esac
    shift
done

export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-inquiries_test} PGPASSWORD=${PGPASSWORD:-inquiries_test}
DB="${BENCH_DB:-inquiries_bench}_flood"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
OUT=$(mktemp -d /tmp/inquiries-flood-bench.XXXXXX)
# Built every time (Maven recompiles only what changed): a stale jar would measure another version.
(cd "$ROOT" && "${MVN:-$ROOT/mvnw}" -B -q -DskipTests package -pl web,bench -am) > "$OUT/build.log" 2>&1 \
    || { tail -20 "$OUT/build.log" >&2; echo "flood.sh: the build failed" >&2; exit 1; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" DB_USERNAME="$PGUSER" DB_PASSWORD="$PGPASSWORD"
export SERVER_HOST=127.0.0.1 SERVER_PORT=0 AUTH_LOGIN_PROXY_TRUSTED=false
limit=${API_VISITORS_RATE_LIMIT:-5}
window=$("$JAVA" -cp "$TOOLS" dev.inquiries.bench.DurationSeconds "${API_VISITORS_RATE_WINDOW:-PT1M}")
# An agent who is available, so that the intake has someone to queue for (Livechat_accept_chats_with_no_agents).
"$JAVA" -jar "$JAR" users add --username flood-agent --roles livechat-agent > /dev/null

SERVICE_PID=""
trap '[[ -n "$SERVICE_PID" ]] && kill $SERVICE_PID 2>/dev/null; rm -rf "$OUT"' EXIT
start() { # start "$@" in the background and wait for its "Serving on port N"
    "$@" > "$OUT/service.log" 2>&1 &
    SERVICE_PID=$!
    port=""
    for _ in $(seq 1 120); do
        port=$(sed -n 's/.*Serving on port \([0-9]*\).*/\1/p' "$OUT/service.log" | head -1)
        [[ -n "$port" ]] && return 0
        kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$OUT/service.log" >&2; exit 1; }
        sleep 0.5
    done
    echo "flood.sh: the service did not start" >&2; exit 1
}
start "$JAVA" -jar "$JAR" serve
status=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.3 -H 'Content-Type: application/json' \
    -d '{"visitor":{"token":"flood-check"}}' "http://127.0.0.1:$port/api/v1/livechat/visitor")
if [[ "$status" == 404 ]]; then
    echo "flood.sh: this build's service has no POST livechat/visitor (404): flooding bench's VisitorIntakeStandIn," \
         "the service's RateLimits and queue cap in front of a stand-in intake" >&2
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
    start "$JAVA" -cp "$TOOLS" dev.inquiries.bench.VisitorIntakeStandIn
fi
# The check's own request from 127.0.0.3 counted against that address only; the flood comes from 127.0.0.2.
"$JAVA" -cp "$TOOLS" dev.inquiries.bench.VisitorFlood --url "http://127.0.0.1:$port" --chats "$chats" \
    --connections "$connections" --probe-every "$probe_every" --limit "$limit" --window "$window" --from 127.0.0.2
