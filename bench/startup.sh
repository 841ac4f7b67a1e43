#!/usr/bin/env bash
# Start-up of `serve` against an already migrated PostgreSQL: from launching the JVM until /observe/health first
# answers 200, and the CPU the JVM spent by then. Method and figures: BENCHMARKS.md, "Startup".
#
#   bench/startup.sh [--launches N] [--warmup W] [--archive] [--port P] [--keep-logs] [-- JAVA OPTIONS...]
#
# Builds the service once (Maven decides whether anything changed), migrates BENCH_DB once (created when absent;
# nothing else is loaded), then launches `java [JAVA OPTIONS] -jar web/target/inquiries.jar serve` N times (default 10)
# on 127.0.0.1:P (default 18090). Each launch is timed from just before exec to the first 200 of
# GET /observe/health, polled every 10 ms over bash's own /dev/tcp (no process forked per poll, so the polling takes
# next to no CPU from the JVM under test); at that moment the JVM's CPU time (user + system, all threads) is read
# from /proc/<pid>/stat. The JVM is then stopped (SIGTERM, SIGKILL after 10 s) and waited for before the next launch.
# Prints each launch and the median, min and max of both figures, and the load average before and after. --warmup W
# launches first, the same way but not counted (default 0). --archive runs the JVM with a class-data archive of this
# build (-XX:SharedArchiveFile=bench/target/serve-<jar checksum>.jsa -XX:+AutoCreateSharedArchive; named per build,
# because the JVM does not replace an archive of an older jar) and makes W at least 1: the first launch writes the
# archive when it stops, the later ones read it.
#
# Environment as for bench/run.sh: PGHOST PGPORT PGUSER PGPASSWORD (a role that may create databases),
# BENCH_DB [inquiries_startup], JAVA_HOME (Java 21 or later), MVN; BENCH_JAVA_OPTS are added before the JAVA OPTIONS.
# Needs: java 21+, maven, psql.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NAME=startup.sh
launches=10
warmup=0
port=18090
keep_logs=false
archive=false
java_options=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --launches) launches=${2:?--launches needs a number}; shift ;;
        --warmup) warmup=${2:?--warmup needs a number}; shift ;;
        --archive) archive=true ;;
        --port) port=${2:?--port needs a number}; shift ;;
        --keep-logs) keep_logs=true ;;
        --) shift; java_options=("$@"); break ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "startup.sh: unknown option $1" >&2; exit 1 ;;
    esac
    shift
done
[[ "$launches" =~ ^[1-9][0-9]*$ ]] || { echo "startup.sh: --launches wants a whole number of at least 1" >&2; exit 1; }
[[ "$warmup" =~ ^[0-9]+$ ]] || { echo "startup.sh: --warmup wants a whole number" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_setup inquiries_startup
# shellcheck disable=SC2206
java_options=(${BENCH_JAVA_OPTS:-} "${java_options[@]}")
TICKS=$(getconf CLK_TCK)

bench_build
if $archive; then
    mkdir -p "$ROOT/bench/target"
    java_options+=("-XX:SharedArchiveFile=$ROOT/bench/target/serve-$(cksum < "$JAR" | cut -d' ' -f1).jsa"
                   -XX:+AutoCreateSharedArchive)
    (( warmup >= 1 )) || warmup=1
fi
if [[ "$(psql -X -q -At -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" == 0 ]]; then
    psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB" > /dev/null
fi
bench_cli migrate > /dev/null || { tail -20 "$OUT/cli.log" >&2; bench_die "migrating $DB failed"; }

SERVICE_PID=""
stop_service() {
    [[ -n "$SERVICE_PID" ]] || return 0
    kill "$SERVICE_PID" 2> /dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$SERVICE_PID" 2> /dev/null || break
        sleep 0.1
    done
    kill -KILL "$SERVICE_PID" 2> /dev/null || true
    wait "$SERVICE_PID" 2> /dev/null || true
    SERVICE_PID=""
}
trap stop_service EXIT

# poll_health: STATUS is the status code of one GET /observe/health, or empty while no connection is taken. No
# process is forked (no curl, no command substitution): the poll must not take CPU from the JVM it times.
poll_health() {
    local line=""
    STATUS=""
    { exec 3<> "/dev/tcp/127.0.0.1/$port"; } 2> /dev/null || return 0
    printf 'GET /observe/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 2> /dev/null || true
    IFS= read -r -t 2 line <&3 || true
    exec 3<&-
    line=${line#HTTP/1.1 }
    STATUS=${line%% *}
}

# now_us: NOW is the wall clock in microseconds, without a fork.
now_us() {
    NOW=${EPOCHREALTIME//[.,]/}
}

# pause: 10 ms, without a fork: a read that times out on a pipe nothing writes to.
exec {PAUSE}<> <(:)
pause() {
    read -r -t 0.01 -u "$PAUSE" || true
}

# read_cpu PID: CPU_MS is the process's user + system CPU time so far (all its threads), in milliseconds; no fork.
read_cpu() {
    local stat fields
    read -r stat < "/proc/$1/stat"
    read -r -a fields <<< "${stat##*) }"
    CPU_MS=$(( (fields[11] + fields[12]) * 1000 / TICKS ))
}

summary() {  # FILE: "median min max" of its numbers
    sort -n "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                                           printf "%d %d %d\n", m, v[1], v[NR] }'
}

echo "startup.sh: $launches launches of serve on 127.0.0.1:$port against $DB; java options: ${java_options[*]:-(none)}"
echo "startup.sh: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$OUT/wall"
: > "$OUT/cpu"
for launch in $(seq $(( 1 - warmup )) "$launches"); do
    poll_health
    [[ -z "$STATUS" ]] || bench_die "something already answers on port $port"
    log="$OUT/serve-$launch.log"
    now_us
    started=$NOW
    SERVER_HOST=127.0.0.1 SERVER_PORT=$port "$JAVA" "${java_options[@]}" -jar "$JAR" serve > "$log" 2>&1 &
    SERVICE_PID=$!
    while :; do
        poll_health
        [[ "$STATUS" == 200 ]] && break
        kill -0 "$SERVICE_PID" 2> /dev/null || { tail -20 "$log" >&2; bench_die "the service stopped while starting"; }
        now_us
        (( NOW - started < 60000000 )) || bench_die "no 200 from /observe/health within 60 s (log: $log)"
        pause
    done
    now_us
    served=$NOW
    read_cpu "$SERVICE_PID"
    wall=$(( (served - started) / 1000 ))
    stop_service
    if (( launch < 1 )); then
        printf 'startup.sh: warm-up: %5d ms wall, %5d ms CPU (not counted)\n' "$wall" "$CPU_MS"
        continue
    fi
    echo "$wall" >> "$OUT/wall"
    echo "$CPU_MS" >> "$OUT/cpu"
    printf 'startup.sh: launch %2d: %5d ms wall, %5d ms CPU\n' "$launch" "$wall" "$CPU_MS"
done
read -r wall_median wall_min wall_max < <(summary "$OUT/wall")
read -r cpu_median cpu_min cpu_max < <(summary "$OUT/cpu")
echo "startup.sh: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Startup to the first 200 of /observe/health, $launches launches: wall median $wall_median ms" \
    "(min $wall_min, max $wall_max); JVM CPU median $cpu_median ms (min $cpu_min, max $cpu_max)"
if $keep_logs; then
    echo "startup.sh: logs in $OUT"
else
    rm -rf "$OUT"
fi
