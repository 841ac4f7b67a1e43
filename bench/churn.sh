# The queue under churn while a report holds a snapshot: `bench/run.sh --churn` sources this once the data is
# loaded, the workloads checked and the service started. Method and figures: BENCHMARKS.md, "Churn".
#
#   1. idle: the list newest first (L_new, W1's query), oldest first (L_old), an agent's queuedForUser (Q, W6's)
#      and takes (T: four agents, each taking its own department's inquiries one after another, bench/take.lua),
#      each measured for --duration seconds;
#   2. a report opens a REPEATABLE READ transaction and reads the queue (its snapshot now holds back the cleanup
#      of every row that dies after it);
#   3. during: CHURN_TAKES takes (the oldest and the newest queued, CHURN_BATCH per statement, alternately) and as
#      many new arrivals, through SQL from a second session, spread over the four measurements, which run again;
#   4. the report commits; the four are measured at once (after_0) and again CHURN_WAIT seconds later (after),
#      with no manual VACUUM anywhere after step 1: only autovacuum cleans up.
# Each phase's req/s and p99 (every request timed at the client by bench/timing.lua; wrk's own, corrected for
# coordinated omission, as wrk_p99_ms) go to results.tsv; churn-summary.md has the ratios to idle.
#
# Environment: CHURN_TAKES [50000] CHURN_BATCH [1000] CHURN_WAIT [120] (seconds after the report commits),
# CHURN_SETTLE [20] (seconds of warm-up per read before idle, done twice), CHURN_ROUNDS [3] (windows of each read per
# phase, interleaved; each figure is their median: on this machine consecutive windows of the same read, with nothing
# else running, differed by up to a quarter).

CHURN_TAKES=${CHURN_TAKES:-50000}
CHURN_BATCH=${CHURN_BATCH:-1000}
CHURN_WAIT=${CHURN_WAIT:-120}
CHURN_AGENTS=$(( TAKE_AGENTS < 4 ? TAKE_AGENTS : 4 ))  # the smoke makes fewer take agents
CHURN_ROUNDS=${CHURN_ROUNDS:-3}
$smoke && CHURN_TAKES=200 CHURN_BATCH=50 CHURN_WAIT=2 CHURN_ROUNDS=1
# CHURN_OWN_CORE=1: the churn's SQL session (its psql and its backend) on CPUs 1..N-1, and the service, PostgreSQL's
# other processes and wrk on CPU 0, in every phase alike (as bench/flood.sh binds its flood): the reads then meet
# the churn's data (dead entries, changed versions) but not its CPU. Needs 2 or more CPUs and a local PostgreSQL whose
# processes this user may bind (root or postgres); they are bound to every CPU again at the end.
CHURN_OWN_CORE=${CHURN_OWN_CORE:-0}
churn_far=""
if [[ $CHURN_OWN_CORE == 1 ]]; then
    cpus=$(nproc)
    (( cpus >= 2 )) || die "CHURN_OWN_CORE=1 needs 2 or more CPUs"
    [[ "${PGHOST:-localhost}" =~ ^(localhost|127\.0\.0\.1|::1|/.*)$ ]] || die "CHURN_OWN_CORE=1 needs PostgreSQL on this machine"
    churn_far="1-$((cpus - 1))"
    bind_postgres() {  # CPUS: every process of the local server, and so every backend it forks later
        local pid ok=true
        for pid in $(pgrep -x postgres || true); do taskset -a -p -c "$1" "$pid" > /dev/null 2>&1 || ok=false; done
        $ok
    }
    unbind_all() { bind_postgres "0-$((cpus - 1))" || true; }
    trap 'unbind_all; stop_service' EXIT
    bind_postgres 0 || { unbind_all; die "PostgreSQL's processes cannot be bound by this user (root or postgres can)"; }
    taskset -a -p -c 0 "$SERVICE_PID" > /dev/null
    wrk() { taskset -c 0 wrk "$@"; }
    say "churn: the service, PostgreSQL and wrk on CPU 0; the churn's SQL session on CPUs $churn_far"
fi

CHURN_NAMES=(L_new L_old Q T)
CHURN_QUERIES=("count=50" "count=50&sort=%7B%22ts%22%3A1%7D" "count=50")
CHURN_INDEXES=(0 0 4)  # whose endpoint and caller (the workloads of run.sh: W1's list, W6's queuedForUser)

# What an earlier churn run left is not part of the data set; this is the only cleanup, before the idle phase.
psql_bench -c "DELETE FROM inquiries WHERE id LIKE 'churn-%'"
psql_bench -c "VACUUM (ANALYZE) inquiries"

churn_take_file() {  # PHASE: each agent's own queued inquiries, enough for one measurement; the take.lua file
    local file="$OUT/churn-$1.agents" a
    : > "$file"
    for a in $(seq "$CHURN_AGENTS"); do
        psql_bench -c "INSERT INTO inquiries (id, rid, name, ts, status, department_id)
                       SELECT 'churn-take-$1-$a-' || n, 'room-churn-take-$1-$a-' || n, 'Taken ' || n, now(), 'queued',
                              'take-d$a'
                         FROM generate_series(1, $TAKES_PER_AGENT) AS n"
        echo "${TAKERS[$((a - 1))]} churn-take-$1-$a-" >> "$file"
    done
    echo "$file"
}

CHURN_WINDOWS="$OUT/churn-windows.tsv"  # phase, read, start, end: for bench/server-latency.py
: > "$CHURN_WINDOWS"
now_local() { date +%Y-%m-%dT%H:%M:%S.%3N; }  # as the service's log writes its times
# Where each read's CPU went, from /proc (PostgreSQL's figures only when it runs on this machine): clock ticks of
# the service's JVM, of the backends of its pool (application_name inquiries), of PostgreSQL's other processes
# (the follower's session, the churn's, autovacuum, the checkpointer...: the live ones plus what the postmaster
# reaped meanwhile), and the machine's idle and stolen ticks.
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"  # bench_ticks (its JAR and JAVA are run.sh's)
cpu_sample() {  # "jvm pool postgres idle steal" ticks so far
    local pool postmaster all reaped
    pool=$(psql_bench -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'inquiries'" || true)
    postmaster=$(pgrep -o -x postgres || true)
    all=$(bench_ticks $(pgrep -x postgres || true))
    reaped=$([[ -n "$postmaster" ]] && sed 's/^.*) //' "/proc/$postmaster/stat" | awk '{print $14 + $15}' || echo 0)
    echo "$(bench_ticks "$SERVICE_PID") $(bench_ticks $pool) $(( all + reaped ))" \
        "$(awk '$1 == "cpu" {print $5 + $6, $9}' /proc/stat)"
}
CLOCK_TICK=$(getconf CLK_TCK)
record_cpu() {  # PHASE NAME BEFORE AFTER: µs per request of the JVM, the pool's backends and the rest of PostgreSQL
    local requests
    requests=$(sed -n 's/^timing: count=\([0-9]*\) .*/\1/p' "$OUT/$1-$2.wrk")
    [[ "$requests" =~ ^[1-9][0-9]*$ ]] || die "$2 ($1): no requests counted in $OUT/$1-$2.wrk"
    read -r j0 b0 p0 i0 s0 <<< "$3"
    read -r j1 b1 p1 i1 s1 <<< "$4"
    local to_us="* 1000000 / $CLOCK_TICK / $requests"
    record "$1" "$2" jvm_us "$(( (j1 - j0) $to_us ))"
    record "$1" "$2" pool_us "$(( (b1 - b0) $to_us ))"
    record "$1" "$2" other_pg_us "$(( (p1 - p0 - (b1 - b0)) $to_us ))"
    record "$1" "$2" idle_cores "$(awk -v t="$(( i1 - i0 ))" -v d="$duration" -v hz="$CLOCK_TICK" 'BEGIN {printf "%.2f", t / hz / d}')"
    record "$1" "$2" steal_cores "$(awk -v t="$(( s1 - s0 ))" -v d="$duration" -v hz="$CLOCK_TICK" 'BEGIN {printf "%.2f", t / hz / d}')"
}

churn_measure() {  # PHASE: the three reads CHURN_ROUNDS times, interleaved, then the takes
    local phase=$1 i round file start before
    for round in $(seq "$CHURN_ROUNDS"); do
        for i in 0 1 2; do
            start=$(now_local)
            before=$(cpu_sample)
            wrk_run "$phase" "${CHURN_NAMES[$i]}" "${CHURN_QUERIES[$i]}" "$duration" "" "${CHURN_INDEXES[$i]}"
            record_cpu "$phase" "${CHURN_NAMES[$i]}" "$before" "$(cpu_sample)"
            mv "$OUT/$phase-${CHURN_NAMES[$i]}.wrk" "$OUT/$phase-${CHURN_NAMES[$i]}.$round.wrk"
            printf '%s\t%s\t%s\t%s\n' "$phase" "${CHURN_NAMES[$i]}" "$start" "$(now_local)" >> "$CHURN_WINDOWS"
        done
    done
    file=$(churn_take_file "$phase")
    TAKE_AGENTS="$file" wrk -t"$CHURN_AGENTS" -c"$CHURN_AGENTS" -d"${duration}s" --timeout 10s --latency \
        -s "$BENCH/take.lua" "http://127.0.0.1:$PORT/" > "$OUT/$phase-T.wrk" 2>&1 \
        || { cat "$OUT/$phase-T.wrk" >&2; die "wrk failed on T ($phase)"; }
    grep -q -e 'Non-2xx or 3xx responses' -e 'Socket errors' "$OUT/$phase-T.wrk" \
        && { cat "$OUT/$phase-T.wrk" >&2; die "T ($phase): a take was refused or a socket failed"; }
    record_wrk "$phase" T "$OUT/$phase-T.wrk"
}

dead_rows() { psql_bench -c "SELECT n_dead_tup || ' dead, last autovacuum ' || coalesce(last_autovacuum::text, 'never')
                               FROM pg_stat_user_tables WHERE relname = 'inquiries'"; }

# The idle phase is the yardstick of every ratio: measured on a freshly started JVM still compiling, its p99 was
# 16-154 ms where the same service warm (the "after" phase) answers in 4-6 ms. So each read is warmed up for at
# least CHURN_SETTLE seconds, twice over, before idle is measured.
CHURN_SETTLE=${CHURN_SETTLE:-20}
$smoke && CHURN_SETTLE=1
settle=$(( warmup > CHURN_SETTLE ? warmup : CHURN_SETTLE ))
say "churn: warming up ${settle} s per workload, twice"
for round in 1 2; do
    for i in 0 1 2; do
        wrk_run "warmup$round" "${CHURN_NAMES[$i]}" "${CHURN_QUERIES[$i]}" "$settle" "" "${CHURN_INDEXES[$i]}"
    done
done
say "churn: idle"
churn_measure idle
say "churn: inquiries $(dead_rows)"

# The report: a session of its own holding one REPEATABLE READ snapshot until told to commit.
REPORT_FIFO="$OUT/report.fifo"
rm -f "$REPORT_FIFO"
mkfifo "$REPORT_FIFO"
psql -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" < "$REPORT_FIFO" > "$OUT/report.out" 2>&1 &
REPORT_PID=$!
exec 7> "$REPORT_FIFO"
echo "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM inquiries WHERE status = 'queued';" >&7

# The churn: alternately the oldest and the newest CHURN_BATCH queued inquiries taken, then as many arrivals,
# paced to last about as long as the measurements (3 reads CHURN_ROUNDS times, the take run, and its preparation).
statements=$(( CHURN_TAKES / CHURN_BATCH ))
pause=$(awk -v d="$duration" -v s="$statements" -v r="$CHURN_ROUNDS" 'BEGIN { printf "%.3f", ((3 * r + 1) * d + 4) / s }')
{
    echo '\timing on'
    for n in $(seq "$statements"); do
        order=$([[ $((n % 2)) == 0 ]] && echo DESC || echo ASC)
        echo '\echo UPDATE'
        echo "UPDATE inquiries SET status = 'taken', taken_at = now()
               WHERE id IN (SELECT id FROM inquiries WHERE status = 'queued' AND id NOT LIKE 'churn-take-%'
                             ORDER BY ts $order LIMIT $CHURN_BATCH);"
        echo '\echo INSERT'
        echo "INSERT INTO inquiries (id, rid, name, ts, status, department_id)
              SELECT 'churn-$n-' || g, 'room-churn-$n-' || g, 'Arrival ' || g, now(), 'queued',
                     (SELECT id FROM departments WHERE id NOT LIKE 'take-%' ORDER BY id OFFSET g % 10 LIMIT 1)
                FROM generate_series(1, $CHURN_BATCH) AS g;"
        echo "SELECT pg_sleep($pause);"
    done
} > "$OUT/churn.sql"
CHURN_SINCE=$(psql_bench -c "SELECT now()")
churn_started=$(date +%s)
if [[ -n "$churn_far" ]]; then
    PGAPPNAME=bench-churn taskset -c "$churn_far" psql -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" -f "$OUT/churn.sql" \
        > "$OUT/churn.out" 2>&1 &
    CHURN_PID=$!
    churn_backend=""
    for _ in $(seq 1 200); do
        churn_backend=$(psql_bench -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'bench-churn'")
        [[ -n "$churn_backend" ]] && break
        sleep 0.01
    done
    [[ -n "$churn_backend" ]] || die "the churn's session did not show in pg_stat_activity"
    taskset -p -c "$churn_far" "$churn_backend" > /dev/null
else
    psql -X -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" -f "$OUT/churn.sql" > "$OUT/churn.out" 2>&1 &
    CHURN_PID=$!
fi
say "churn: $CHURN_TAKES takes and arrivals in $statements statements each, a pause of $pause s between"
churn_measure during
wait "$CHURN_PID" || { tail "$OUT/churn.out" >&2; die "the churn's SQL failed"; }
say "churn: done in $(( $(date +%s) - churn_started )) s; inquiries $(dead_rows)"
# How long each churn statement ran (psql's \timing), by kind: what the reads shared the two cores with.
churn_timings() {  # KIND (UPDATE or INSERT): its statements' median and max in ms
    awk -v kind="$1" '$1 == kind {want = 1; next} want && /^Time: / {print $2; want = 0}' "$OUT/churn.out" | sort -n \
        | awk '{v[NR] = $1} END {if (NR) printf "%d statements, median %.0f ms, max %.0f ms", NR, v[int((NR + 1) / 2)], v[NR]}'
}
CHURN_TIMES="takes: $(churn_timings UPDATE); arrivals: $(churn_timings INSERT)"
say "churn statements: $CHURN_TIMES"

echo "COMMIT;" >&7
exec 7>&-
wait "$REPORT_PID" || { cat "$OUT/report.out" >&2; die "the report's session failed"; }
released=$(date +%s)
say "churn: the report committed"
churn_measure after_0
remaining=$(( CHURN_WAIT - ($(date +%s) - released) ))
(( remaining > 0 )) && { say "churn: waiting $remaining s for autovacuum"; sleep "$remaining"; }
say "churn: $(( $(date +%s) - released )) s after the report; inquiries $(dead_rows)"
churn_measure after

churn_value() {  # PHASE NAME METRIC: the median of its windows
    awk -F'\t' -v p="$1" -v n="$2" -v m="$3" '$1 == p && $2 == n && $3 == m {print $4}' "$RESULTS" | sort -g \
        | awk '{v[NR] = $1} END {if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}
CHURN_SUMMARY="$OUT/churn-summary.md"
{
    echo "| Workload | idle req/s | p99 ms | during req/s (×idle) | p99 ms (×idle) | after_0 req/s (×idle) | after ${CHURN_WAIT} s req/s (×idle) | p99 ms |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for name in "${CHURN_NAMES[@]}"; do
        awk -v name="$name" -v ir="$(churn_value idle "$name" service_rps)" -v ip="$(churn_value idle "$name" p99_ms)" \
            -v dr="$(churn_value during "$name" service_rps)" -v dp="$(churn_value during "$name" p99_ms)" \
            -v zr="$(churn_value after_0 "$name" service_rps)" \
            -v ar="$(churn_value after "$name" service_rps)" -v ap="$(churn_value after "$name" p99_ms)" 'BEGIN {
            printf "| %s | %.0f | %.2f | %.0f (%.2f) | %.2f (%.2f) | %.0f (%.2f) | %.0f (%.2f) | %.2f |\n",
                name, ir, ip, dr, dr / ir, dp, dp / ip, zr, zr / ir, ar, ar / ir, ap }'
    done
    echo
    echo "$CHURN_TAKES takes and $CHURN_TAKES arrivals through SQL ($CHURN_BATCH per statement, oldest and newest"
    echo "alternately) while a REPEATABLE READ report held its snapshot; reads: medians of $CHURN_ROUNDS windows of ${duration} s"
    echo "per phase (interleaved), takes: one window; $CONNECTIONS"
    echo "connections for the reads, $CHURN_AGENTS agents for the takes; no manual VACUUM after the idle phase."
    [[ -n "$churn_far" ]] && echo "The churn's SQL session on CPUs $churn_far; the service, PostgreSQL and wrk on CPU 0."
    echo "The churn's statements ran: $CHURN_TIMES."
    echo
    wrk_p99s=$(for name in "${CHURN_NAMES[@]}"; do
        printf '%s %s / %s ms; ' "$name" "$(churn_value idle "$name" wrk_p99_ms)" "$(churn_value during "$name" wrk_p99_ms)"
    done)
    echo "p99 above: every request's own time at the client (bench/timing.lua). wrk's own p99, which adds made-up"
    echo "samples for coordinated omission, idle / during: ${wrk_p99s%; }."
    echo
    echo "Where the reads' CPU went (µs per request: the JVM / its pool's backends / the rest of PostgreSQL, the"
    echo "churn's session and autovacuum among them; then the machine's idle and stolen cores):"
    echo
    echo "| Workload | idle | during | after_0 | after |"
    echo "|---|---|---|---|---|"
    for name in "${CHURN_NAMES[@]:0:3}"; do
        printf '| %s |' "$name"
        for phase in idle during after_0 after; do
            printf ' %s / %s / %s; %s idle, %s stolen |' "$(churn_value "$phase" "$name" jvm_us)" \
                "$(churn_value "$phase" "$name" pool_us)" "$(churn_value "$phase" "$name" other_pg_us)" \
                "$(churn_value "$phase" "$name" idle_cores)" "$(churn_value "$phase" "$name" steal_cores)"
        done
        echo
    done
    echo
    echo "The reads' own time in the service (its access log: from a request's arrival to its response; the"
    echo "client's figures above add the kernel, the client and the wait for a CPU):"
    echo
    python3 "$BENCH/server-latency.py" "$CHURN_WINDOWS" "$SERVICE_LOG" || echo "(bench/server-latency.py failed)"
    echo "Machine: $(nproc) cores; load average now $(cut -d' ' -f1-3 /proc/loadavg)."
    $smoke && echo "SMOKE RUN: tiny data and durations; these figures say nothing about performance."
} > "$CHURN_SUMMARY"
cat "$CHURN_SUMMARY"

# The data set as it was: the churn's takes queued again, its arrivals and the take workloads' inquiries gone.
psql_bench -c "UPDATE inquiries SET status = 'queued', taken_at = NULL
                WHERE status = 'taken' AND taken_at >= '$CHURN_SINCE' AND id NOT LIKE 'churn-%'"
psql_bench -c "DELETE FROM inquiries WHERE id LIKE 'churn-%'"
psql_bench -c "VACUUM (ANALYZE) inquiries"
