# What the benchmark scripts share; sourced, not run. The sourcing script sets ROOT (the checkout) and NAME (how its
# messages begin), then calls bench_setup.

JAR="$ROOT/web/target/inquiries.jar"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

bench_die() { echo "$NAME: $*" >&2; exit 1; }

# bench_setup DEFAULT_DB: the libpq variables with the benchmarks' defaults, DB (BENCH_DB, else DEFAULT_DB; a plain
# lower-case name), OUT (a fresh directory for logs) and DB_URL, DB_USERNAME, DB_PASSWORD for the service and the CLI.
bench_setup() {
    export PGHOST=${PGHOST:-localhost} PGPORT=${PGPORT:-5432}
    export PGUSER=${PGUSER:-inquiries_test} PGPASSWORD=${PGPASSWORD:-inquiries_test}
    DB=${BENCH_DB:-$1}
    [[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || bench_die "BENCH_DB must be a plain lower-case name, not $DB"
    OUT=$(mktemp -d "/tmp/inquiries-${NAME%.sh}-bench.XXXXXX")
    export DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" DB_USERNAME="$PGUSER" DB_PASSWORD="$PGPASSWORD"
}

# bench_build [MODULES]: the service's jar (and MODULES', default web), built when the sources changed (Maven decides);
# its log in OUT/build.log.
bench_build() {
    (cd "$ROOT" && "${MVN:-$ROOT/mvnw}" -B -q -DskipTests package -pl "${1:-web}" -am) > "$OUT/build.log" 2>&1 \
        || { tail -20 "$OUT/build.log" >&2; bench_die "the build failed"; }
}

# bench_cli ARGS...: the service's command line. Each command is a short-lived JVM: C1 only, and the classes from an
# archive the first one writes into bench/target, reused while the jar is unchanged (about 3 s a command, not 5).
bench_cli() {
    mkdir -p "$ROOT/bench/target"
    "$JAVA" -XX:TieredStopAtLevel=1 -XX:+AutoCreateSharedArchive \
        -XX:SharedArchiveFile="$ROOT/bench/target/cli-$(cksum < "$JAR" | cut -d' ' -f1).jsa" \
        -jar "$JAR" "$@" 2>> "$OUT/cli.log"
}

# bench_token_of USERNAME: prints "userId authToken" of a new token of that user.
bench_token_of() {
    local line
    line=$(bench_cli tokens create --username "$1")
    echo "$(sed -n 's/.*"userId":"\([^"]*\)".*/\1/p' <<< "$line") $(sed -n 's/.*"authToken":"\([^"]*\)".*/\1/p' <<< "$line")"
}

# bench_serve LOG [JAVA OPTIONS...]: starts `serve` on 127.0.0.1 and any free port, its output in LOG, and waits until
# it says "Serving on port N". Sets SERVICE_PID and SERVICE_PORT; fails, showing the log, if it stops or takes 60 s.
bench_serve() {
    local log=$1
    shift
    : > "$log"
    SERVER_HOST=127.0.0.1 SERVER_PORT=0 "$JAVA" "$@" -jar "$JAR" serve > "$log" 2>&1 &
    SERVICE_PID=$!
    SERVICE_PORT=""
    for _ in $(seq 1 120); do
        SERVICE_PORT=$(sed -n 's/.*Serving on port \([0-9]*\).*/\1/p' "$log" | head -1)
        [[ -n "$SERVICE_PORT" ]] && return 0
        kill -0 "$SERVICE_PID" 2>/dev/null || { tail -20 "$log" >&2; bench_die "the service stopped while starting"; }
        sleep 0.5
    done
    bench_die "the service did not start within 60 s (log: $log)"
}

# bench_ticks PID...: user + system clock ticks of these processes so far (those that ended are not counted).
bench_ticks() {
    local pid sum=0 fields
    for pid in "$@"; do
        fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
        sum=$(( sum + $(awk '{print $12 + $13}' <<< "$fields") ))
    done
    echo "$sum"
}

# bench_wrk_line FILE: "requests/s p50-ms p99-ms non-2xx" of a wrk --latency output.
bench_wrk_line() {
    awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
         /^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
         /Non-2xx or 3xx responses:/ { bad = $5 }
         END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad }' "$1"
}
