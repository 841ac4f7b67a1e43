#!/usr/bin/env bash
# One address floods the visitor endpoints; others still get in, are taken, and the queue's list stays fast. Method
# and figures: BENCHMARKS.md, "A flood of visitors". Not a timed test: it reports what got through, the statuses,
# the other visitors' latencies, their takes and inquiries.list's throughput before and during the flood, and exits 1
# when the flood got in more than the limit allows, another visitor was not served, its chat was not taken and
# closed, a list request failed, or the list's throughput during the flood fell below FLOOR x the one before.
#
#   bench/flood.sh [--chats N] [--connections C] [--probe-every MS] [--list-clients L] [--list-floor FLOOR]
#                  [--shared-cores]
#
# From 127.0.0.2, C connections (default 32) try to create N chats (default 10,000) as fast as they can, each the
# contract's POST /api/v1/livechat/visitor then GET /api/v1/livechat/room?token=; meanwhile a new visitor from
# another loopback address (127.1.x.y) creates a chat every MS milliseconds (default 100), which the agent
# flood-agent then takes (inquiries.take) and closes (room.closeByUser). L clients (default 4) read inquiries.list
# (first page, newest first) in a closed loop as the manager flood-manager, during the 10 s before the flood and
# while it runs; FLOOR defaults to 0.5. Staff requests come from 127.0.0.5. The queue holds the demo's data
# (demo --inquiries 5000 --departments 4 --queued 500) so that the list reads full pages. Real source addresses,
# so no proxy is trusted. The settings are the service's: API_VISITORS_RATE_LIMIT [5], API_VISITORS_RATE_WINDOW
# [PT1M, whole seconds here], API_VISITORS_QUEUE_CAP [1000].
#
# The flood's client runs as if on another machine: on a machine of 2 or more CPUs, its process is bound to CPUs 1..N-1
# (taskset) and the service, the list's and the other visitors' clients and PostgreSQL (when it is on this machine and
# its processes may be bound: root or the postgres user) to CPU 0, before the flood and during it alike; PostgreSQL's
# processes are unbound again at the end. So the list's throughput during / before measures what answering the flood
# costs the service, not what running the flood's client costs the machine. --shared-cores runs everything on every CPU
# (as before; on two cores the client then takes about as much CPU as the service).
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
list_clients=4
list_floor=0.5
split_cores=true
while [[ $# -gt 0 ]]; do
    case "$1" in
        --chats) chats=${2:?--chats needs a number}; shift ;;
        --connections) connections=${2:?--connections needs a number}; shift ;;
        --probe-every) probe_every=${2:?--probe-every needs milliseconds}; shift ;;
        --list-clients) list_clients=${2:?--list-clients needs a number}; shift ;;
        --list-floor) list_floor=${2:?--list-floor needs a ratio}; shift ;;
        --shared-cores) split_cores=false ;;
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
cli() { # the service's command line, its log kept apart and shown only when it fails
    "$JAVA" -jar "$JAR" "$@" 2>> "$OUT/setup.log" || { cat "$OUT/setup.log" >&2; echo "flood.sh: $1 failed" >&2; exit 1; }
}
# A queue with history and 500 queued inquiries in 4 departments, for inquiries.list to read pages of.
cli demo --inquiries 5000 --departments 4 --queued 500 > /dev/null
# An agent who is available, so that the intake has someone to queue for (Livechat_accept_chats_with_no_agents), and
# who takes the other visitors' chats; a manager who reads the list. Tokens: {"userId":"...","authToken":"..."}.
cli users add --username flood-agent --roles livechat-agent > /dev/null
cli users add --username flood-manager --roles livechat-manager > /dev/null
token_options() { # token_options ROLE USERNAME: --ROLE-id ID --ROLE-token TOKEN
    local json
    json=$(cli tokens create --username "$2")
    echo "--$1-id $(sed -n 's/.*"userId":"\([^"]*\)".*/\1/p' <<< "$json")" \
         "--$1-token $(sed -n 's/.*"authToken":"\([^"]*\)".*/\1/p' <<< "$json")"
}
staff="$(token_options agent flood-agent) $(token_options manager flood-manager)"

# near: the CPU of the service, PostgreSQL and the measuring clients; the flood's client gets the others (far).
near=() far=()
cpus=$(nproc)
unbind_postgres() { :; }
if $split_cores && (( cpus >= 2 )) && command -v taskset > /dev/null; then
    near=(taskset -c 0) far=(--flood-cpus "1-$((cpus - 1))")
    if [[ "$PGHOST" =~ ^(localhost|127\.0\.0\.1|::1|/.*)$ ]]; then
        bind_postgres() { # bind_postgres CPUS: every process of the local server, and so every backend it forks later
            local pid ok=true
            for pid in $(pgrep -x postgres || true); do taskset -a -p -c "$1" "$pid" > /dev/null 2>&1 || ok=false; done
            $ok
        }
        if bind_postgres 0; then
            unbind_postgres() { bind_postgres "0-$((cpus - 1))" || true; }
            echo "flood.sh: the service, PostgreSQL and the measuring clients on CPU 0, the flood's client on CPUs 1-$((cpus - 1))"
        else
            bind_postgres "0-$((cpus - 1))" || true
            echo "flood.sh: PostgreSQL's processes cannot be bound by this user: the service and the measuring clients on" \
                 "CPU 0, the flood's client on CPUs 1-$((cpus - 1)), PostgreSQL on all (the list's ratio mixes both)" >&2
        fi
    else
        echo "flood.sh: PostgreSQL is not on this machine: the service and the measuring clients on CPU 0, the flood's" \
             "client on CPUs 1-$((cpus - 1))"
    fi
fi

SERVICE_PID=""
trap '[[ -n "$SERVICE_PID" ]] && kill $SERVICE_PID 2>/dev/null; unbind_postgres; rm -rf "$OUT"' EXIT
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
start "${near[@]}" "$JAVA" -jar "$JAR" serve
status=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.3 -H 'Content-Type: application/json' \
    -d '{"visitor":{"token":"flood-check"}}' "http://127.0.0.1:$port/api/v1/livechat/visitor")
if [[ "$status" == 404 ]]; then
    echo "flood.sh: this build's service has no POST livechat/visitor (404): flooding bench's VisitorIntakeStandIn," \
         "the service's RateLimits and queue cap in front of a stand-in intake" >&2
    kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true
    start "$JAVA" -cp "$TOOLS" dev.inquiries.bench.VisitorIntakeStandIn
    echo "flood.sh: the stand-in has no inquiries.take or inquiries.list: those parts are left out" >&2
    staff=""
fi
# The check's own request from 127.0.0.3 counted against that address only; the flood comes from 127.0.0.2.
"${near[@]}" "$JAVA" -cp "$TOOLS" dev.inquiries.bench.VisitorFlood "${far[@]}" --url "http://127.0.0.1:$port" --chats "$chats" \
    --connections "$connections" --probe-every "$probe_every" --limit "$limit" --window "$window" --from 127.0.0.2 \
    --staff-from 127.0.0.5 --list-clients "$list_clients" --list-floor "$list_floor" $staff
