#!/usr/bin/env bash
# What a login costs: POST /api/v1/login with a password (one bcrypt check) and with resume (none), measured
# through the service with wrk on one and on two connections. Method and figures: BENCHMARKS.md, "Signing in".
#
#   bench/login.sh [--duration S] [--runs N]
#
# Environment as for bench/run.sh: PGHOST PGPORT PGUSER PGPASSWORD (a role that may create databases),
# BENCH_DB [inquiries_bench] (this script uses BENCH_DB_login, recreated each time), JAVA_HOME, MVN.
# Needs: java 21+, psql, wrk, curl; builds the service first.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/web/target/inquiries.jar"
duration=10
runs=3
while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration) duration=${2:?--duration needs seconds}; shift ;;
        --runs) runs=${2:?--runs needs a number}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "login.sh: unknown option $1" >&2; exit 1 ;;
    esac
    shift
done

export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-inquiries_test} PGPASSWORD=${PGPASSWORD:-inquiries_test}
DB="${BENCH_DB:-inquiries_bench}_login"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
OUT=$(mktemp -d /tmp/inquiries-login-bench.XXXXXX)
# Built every time (Maven recompiles only what changed): a stale jar would measure another version.
(cd "$ROOT" && "${MVN:-$ROOT/mvnw}" -B -q -DskipTests package -pl web -am) > "$OUT/build.log" 2>&1 \
    || { tail -20 "$OUT/build.log" >&2; echo "login.sh: the build failed" >&2; exit 1; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" DB_USERNAME="$PGUSER" DB_PASSWORD="$PGPASSWORD"
export SERVER_HOST=127.0.0.1 SERVER_PORT=0
"$JAVA" -jar "$JAR" users add --username bench --password 'correct horse' --roles user > /dev/null

"$JAVA" -jar "$JAR" serve > "$OUT/service.log" 2>&1 &
SERVICE_PID=$!
trap 'kill $SERVICE_PID 2>/dev/null || true; rm -rf "$OUT"' EXIT
port=""
for _ in $(seq 1 120); do
    port=$(sed -n 's/.*Serving on port \([0-9]*\).*/\1/p' "$OUT/service.log" | head -1)
    [[ -n "$port" ]] && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$OUT/service.log" >&2; exit 1; }
    sleep 0.5
done
URL="http://127.0.0.1:$port/api/v1/login"
token=$(curl -s -H 'Content-Type: application/json' -d '{"user":"bench","password":"correct horse"}' "$URL" \
    | sed -n 's/.*"authToken":"\([^"]*\)".*/\1/p')
[[ -n "$token" ]] || { echo "login.sh: the first login failed" >&2; exit 1; }

post_script() { # a wrk script that POSTs this JSON body
    cat > "$OUT/$1.lua" <<LUA
wrk.method = "POST"
wrk.body = '$2'
wrk.headers["Content-Type"] = "application/json"
LUA
}
post_script password '{"user":"bench","password":"correct horse"}'
post_script resume "{\"resume\":\"$token\"}"

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else {sub(/s/,"",v); v*=1000}; print v}'; }

printf 'form\tconnections\tlogins/s\tp50 ms\tp99 ms\n'
for form in password resume; do
    for connections in 1 2; do
        wrk -t1 -c1 -d2s -s "$OUT/$form.lua" "$URL" > /dev/null  # warm-up
        rates=() p50s=() p99s=()
        for _ in $(seq 1 "$runs"); do
            wrk -t"$connections" -c"$connections" -d"${duration}s" --latency -s "$OUT/$form.lua" "$URL" > "$OUT/wrk.txt"
            grep -q 'Non-2xx' "$OUT/wrk.txt" && { cat "$OUT/wrk.txt" >&2; echo "login.sh: $form logins failed" >&2; exit 1; }
            rates+=("$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")")
            p50s+=("$(awk '$1 == "50%" {print $2}' "$OUT/wrk.txt" | to_ms)")
            p99s+=("$(awk '$1 == "99%" {print $2}' "$OUT/wrk.txt" | to_ms)")
        done
        printf '%s\t%s\t%s\t%s\t%s\n' "$form" "$connections" "$(printf '%s\n' "${rates[@]}" | median)" \
            "$(printf '%s\n' "${p50s[@]}" | median)" "$(printf '%s\n' "${p99s[@]}" | median)"
    done
done
