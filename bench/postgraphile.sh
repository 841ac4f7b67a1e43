#!/usr/bin/env bash
# The list against PostGraphile 4.14 on the same database: what a user would otherwise put in front of these tables
# (issue 20: "every list workload at least 5x PostGraphile"). Method and figures: BENCHMARKS.md, "Against PostGraphile".
#
#   bench/postgraphile.sh [--runs N] [--duration S] [--warmup S]
#
# The workloads W1-W4 of bench/run.sh, each asked of both servers for the same rows: the service's
# GET inquiries.list as the demo's admin, and PostGraphile's POST /graphql with the query a user of PostGraphile
# would write (a connection with condition, orderBy, first, offset and totalCount; W4 through the department's
# relation, since PostGraphile filters by equality on the table's own columns only). Before measuring, each pair must
# give the same total and the same ids in the same order. Then, after a warm-up of each (default 10 s), N rounds
# (default 3) of S seconds (default 10): per round and workload the service, then PostGraphile, with the same
# wrk -t2 -c4; each figure is the median over the rounds, each ratio the median of the per-round ratios.
#
# PostGraphile 4.14.1 is installed from npm into bench/target/postgraphile-4.14.1 the first time, and runs with
# NODE_ENV=production, no query log, no GraphiQL, and PG4_WORKERS (default: one per core) cluster workers, each
# with its default pool of 10 connections; it connects as PGUSER, without roles or row security (it checks no
# caller at all, where the service checks the token and the caller's permissions in every request).
#
# Needs the data set of bench/run.sh in BENCH_DB (run that first), node and npm, wrk, psql, curl, python3, java 21+.
# Environment as for bench/run.sh: PGHOST PGPORT PGUSER PGPASSWORD, BENCH_DB [inquiries_bench], JAVA_HOME, MVN.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NAME=postgraphile.sh
runs=3
duration=10
warmup=10
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=${2:?--runs needs a number}; shift ;;
        --duration) duration=${2:?--duration needs seconds}; shift ;;
        --warmup) warmup=${2:?--warmup needs seconds}; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "$NAME: unknown option $1 (see --help)" >&2; exit 1 ;;
    esac
    shift
done
for number in "$runs" "$duration" "$warmup"; do
    [[ "$number" =~ ^[1-9][0-9]*$ ]] || { echo "$NAME: runs and seconds are whole numbers of at least 1" >&2; exit 1; }
done
for tool in node npm wrk psql curl python3; do
    command -v "$tool" > /dev/null || { echo "$NAME: needs $tool on the PATH" >&2; exit 1; }
done
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_setup inquiries_bench

psql_db() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" "$@"; }
[[ "$(psql_db -c "SELECT count(*) > 0 FROM inquiries" 2>/dev/null)" == t ]] \
    || bench_die "$DB holds no inquiries: load it with bench/run.sh first"
SALES=$(psql_db -c "SELECT id FROM departments WHERE name = 'Sales'")
[[ -n "$SALES" ]] || bench_die "$DB has no department Sales (the demo data of bench/run.sh has)"

VERSION=4.14.1
GRAPHILE="$ROOT/bench/target/postgraphile-$VERSION"
if [[ ! -x "$GRAPHILE/node_modules/.bin/postgraphile" ]]; then
    mkdir -p "$GRAPHILE"
    npm install --no-audit --no-fund --prefix "$GRAPHILE" "postgraphile@$VERSION" > "$OUT/npm.log" 2>&1 \
        || { tail -20 "$OUT/npm.log" >&2; bench_die "npm could not install postgraphile@$VERSION"; }
fi
bench_build
read -r ADMIN_ID ADMIN_TOKEN <<< "$(bench_token_of admin)"
[[ -n "$ADMIN_TOKEN" ]] || { cat "$OUT/cli.log" >&2; bench_die "no token for the demo's admin"; }

SERVICE_PID=""
GRAPHILE_PID=""
trap '[[ -n "$SERVICE_PID" ]] && kill $SERVICE_PID 2>/dev/null; [[ -n "$GRAPHILE_PID" ]] && kill $GRAPHILE_PID 2>/dev/null;
      rm -rf "$OUT"' EXIT
bench_serve "$OUT/service.log"
SERVICE="http://127.0.0.1:$SERVICE_PORT/api/v1/livechat/inquiries.list"

GRAPHILE_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
NODE_ENV=production "$GRAPHILE/node_modules/.bin/postgraphile" \
    --connection "postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$DB" --schema public \
    --host 127.0.0.1 --port "$GRAPHILE_PORT" --disable-query-log --disable-graphiql \
    --cluster-workers "${PG4_WORKERS:-$(nproc)}" > "$OUT/postgraphile.log" 2>&1 &
GRAPHILE_PID=$!
GRAPHQL="http://127.0.0.1:$GRAPHILE_PORT/graphql"
for _ in $(seq 1 120); do
    curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"query":"{__typename}"}' "$GRAPHQL" && break
    kill -0 "$GRAPHILE_PID" 2>/dev/null || { tail -20 "$OUT/postgraphile.log" >&2; bench_die "PostGraphile stopped"; }
    sleep 0.5
done

FIELDS='totalCount nodes { id rid name ts status departmentId }'
NAMES=(W1 W2 W3 W4)
QUERIES=("count=50"
         "department=$SALES&count=50"
         "sort=%7B%22name%22%3A1%2C%22ts%22%3A-1%7D&offset=5000"
         "count=100&department=Support")
GRAPHS=("{ allInquiries(condition: {status: \"queued\"}, orderBy: [TS_DESC, ID_DESC], first: 50) { $FIELDS } }"
        "{ allInquiries(condition: {status: \"queued\", departmentId: \"$SALES\"}, orderBy: [TS_DESC, ID_DESC], first: 50) { $FIELDS } }"
        "{ allInquiries(condition: {status: \"queued\"}, orderBy: [NAME_ASC, TS_DESC, ID_DESC], first: 50, offset: 5000) { $FIELDS } }"
        "{ allDepartments(condition: {name: \"Support\"}) { nodes { inquiriesByDepartmentId(condition: {status: \"queued\"}, orderBy: [TS_DESC, ID_DESC], first: 100) { $FIELDS } } } }")

# The same rows from both, or no measurement: total, and the page's ids in order.
for i in "${!NAMES[@]}"; do
    body=$(python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1]}))' "${GRAPHS[$i]}")
    printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [==[%s]==]\n' "$body" \
        > "$OUT/${NAMES[$i]}.lua"
    curl -fs -H "X-User-Id: $ADMIN_ID" -H "X-Auth-Token: $ADMIN_TOKEN" "$SERVICE?${QUERIES[$i]}" > "$OUT/${NAMES[$i]}.service.json" \
        || bench_die "${NAMES[$i]}: the service did not answer 200"
    curl -fs -H 'Content-Type: application/json' -d "$body" "$GRAPHQL" > "$OUT/${NAMES[$i]}.graphql.json" \
        || bench_die "${NAMES[$i]}: PostGraphile did not answer 200"
    python3 - "$OUT/${NAMES[$i]}.service.json" "$OUT/${NAMES[$i]}.graphql.json" "${NAMES[$i]}" <<'EOF' || exit 1
import json, sys
service = json.load(open(sys.argv[1]))
graph = json.load(open(sys.argv[2]))
if "errors" in graph:
    sys.exit(f"postgraphile.sh: {sys.argv[3]}: PostGraphile answered {graph['errors']}")
data = graph["data"]
connection = data.get("allInquiries") or data["allDepartments"]["nodes"][0]["inquiriesByDepartmentId"]
ours = ([row["_id"] for row in service["inquiries"]], service["total"])
theirs = ([row["id"] for row in connection["nodes"]], connection["totalCount"])
if ours != theirs:
    sys.exit(f"postgraphile.sh: {sys.argv[3]}: different answers: the service total {ours[1]}, {len(ours[0])} rows; "
             f"PostGraphile total {theirs[1]}, {len(theirs[0])} rows (or the same counts in another order)")
EOF
done

# measure SIDE INDEX SECONDS FILE: one wrk run of a workload against one server
measure() {
    case "$1" in
        service) wrk -t2 -c4 -d"$3s" --latency -H "X-User-Id: $ADMIN_ID" -H "X-Auth-Token: $ADMIN_TOKEN" \
                     "$SERVICE?${QUERIES[$2]}" > "$4" ;;
        graphile) wrk -t2 -c4 -d"$3s" --latency -s "$OUT/${NAMES[$2]}.lua" "$GRAPHQL" > "$4" ;;
    esac
}
for i in "${!NAMES[@]}"; do
    measure service "$i" "$warmup" /dev/null
    measure graphile "$i" "$warmup" /dev/null
done
: > "$OUT/rounds"
for round in $(seq "$runs"); do
    for i in "${!NAMES[@]}"; do
        for side in service graphile; do
            measure "$side" "$i" "$duration" "$OUT/wrk"
            echo "$round ${NAMES[$i]} $side $(bench_wrk_line "$OUT/wrk")" >> "$OUT/rounds"
        done
    done
done

python3 - "$OUT/rounds" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
figures = {}
for round_, name, side, rps, p50, p99, bad in rows:
    figures.setdefault(name, {}).setdefault(side, []).append((float(rps), float(p50), float(p99), int(bad)))
print("| Workload | Service req/s | p50 ms | p99 ms | PostGraphile req/s | p50 ms | p99 ms | Service / PostGraphile | non-2xx |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, sides in figures.items():
    med = {side: [statistics.median(v[k] for v in values) for k in range(3)] for side, values in sides.items()}
    ratio = statistics.median(s[0] / g[0] for s, g in zip(sides["service"], sides["graphile"]))
    bad = sum(v[3] for values in sides.values() for v in values)
    s, g = med["service"], med["graphile"]
    print(f"| {name} | {s[0]:.0f} | {s[1]:.2f} | {s[2]:.2f} | {g[0]:.0f} | {g[1]:.2f} | {g[2]:.2f} | **{ratio:.1f}** | {bad} |")
EOF
echo
echo "$runs rounds of $duration s after $warmup s of warm-up each; wrk -t2 -c4; PostGraphile $VERSION with" \
     "${PG4_WORKERS:-$(nproc)} workers on $(node --version); load average now $(cut -d' ' -f1-3 /proc/loadavg);" \
     "$(nproc) cores; PostgreSQL $(psql_db -c 'SHOW server_version'); $("$JAVA" -version 2>&1 | head -1)."
