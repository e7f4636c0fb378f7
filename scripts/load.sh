#!/usr/bin/env bash
# Load test: one and two kechuang instances sharing one PostgreSQL, against
# a bare axum "hello" measured in the same run. Loopback only, bounded in
# time (DURATION seconds per measurement) and size (ENTERPRISES firms).
#
#   scripts/load.sh                      # 1,000,000 firms, 10 s each, 64 connections
#   ENTERPRISES=100000 DURATION=5 scripts/load.sh
#   REUSE=1 scripts/load.sh              # measure again on the database already loaded
#
# Sign-in is not measured under load: every attempt takes a unit of the
# per-address limit (30 in 15 minutes) before its password is checked, so a
# load from one address is refused by design; one sign-in costs one Argon2id
# verification (about 50 ms of one core).
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust auth), wrk, curl, psql. Writes
# a Markdown table to target/load/results.md and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."

ENTERPRISES="${ENTERPRISES:-1000000}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
DB_NAME="${DB_NAME:-kechuang_load}"
PG="postgres://postgres@127.0.0.1:5432"
DB="$PG/$DB_NAME"
OUT="target/load"
PORT_A=18081
PORT_B=18082
PORT_HELLO=18080
PASSWORD="load-test-password-42"

for tool in wrk curl psql; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install wrk curl postgresql-client)" >&2; exit 1; }
done

mkdir -p "$OUT"
cargo build --release --bin kechuang --example hello
KC="target/release/kechuang --database-url $DB"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ -z "${REUSE:-}" ]; then
echo "== database $DB_NAME with $ENTERPRISES firms"
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME"
$KC migrate >/dev/null
# the demo city (accounts, market, plans), then the generated registry at scale
$KC serve --demo --bind 127.0.0.1:0 >"$OUT/demo.log" 2>&1 &
demo=$!
for _ in $(seq 1 120); do grep -q "listening" "$OUT/demo.log" 2>/dev/null && break; sleep 1; done
kill "$demo"; wait "$demo" 2>/dev/null || true
rm -rf "$OUT/data"
t0=$(date +%s)
$KC demo generate --enterprises "$ENTERPRISES" --out "$OUT/data" >/dev/null
for kind in regions enterprises certificates platforms; do
  $KC import "$kind" "$OUT/data/$kind.csv" >/dev/null
done
echo "generated and imported in $(( $(date +%s) - t0 )) s"
echo "$PASSWORD" | $KC user add --username loadadmin --role bureau_admin --password-stdin >/dev/null
fi

echo "== servers"
target/release/examples/hello "127.0.0.1:$PORT_HELLO" &
pids+=($!)
for port in $PORT_A $PORT_B; do
  # the sign-in below and scripts/kill9.sh come from one address
  KECHUANG_WEB__LOGIN_MAX_FAILURES_PER_IP=1000000 RUST_LOG=warn $KC serve --bind "127.0.0.1:$port" >"$OUT/serve-$port.log" 2>&1 &
  pids+=($!)
done
for port in $PORT_HELLO $PORT_A $PORT_B; do
  for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 1; done
done

# signs in on one instance: the session cookie works on both (one database)
jar="$OUT/cookies.txt"
rm -f "$jar"
csrf=$(curl -fs -c "$jar" "http://127.0.0.1:$PORT_A/login" | sed -n 's/.*name="csrf-token" content="\([^"]*\)".*/\1/p')
curl -fs -b "$jar" -c "$jar" -o /dev/null \
  --data-urlencode "_csrf=$csrf" --data-urlencode "username=loadadmin" \
  --data-urlencode "password=$PASSWORD" --data-urlencode "next=/" "http://127.0.0.1:$PORT_A/login"
session=$(awk '$6 == "kc_session" {print $7}' "$jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }

# (label, path) of what is measured
PAGES=(
  "browse the registry|/registry/enterprises"
  "search the registry by name|/registry/enterprises?q=%E7%A7%91%E6%8A%80"
  "registry list, page 200|/registry/enterprises?page=200"
  "registry API list|/api/v1/enterprises?limit=20"
  "registry counts (report)|/registry/counts"
  "browse the market|/market/achievements"
  "match free text|/api/v1/market/match?text=%E9%94%82%E7%94%B5%E6%B1%A0%E6%AD%A3%E6%9E%81%E6%9D%90%E6%96%99"
  "supervision board|/plans"
)

# runs wrk; prints "req/s p50_ms p99_ms"
measure() {
  local url=$1 conns=$2; shift 2
  wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" --timeout 10s --latency "$@" "$url" 2>/dev/null | awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx or 3xx/ {bad=$NF}
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END { printf "%.0f %.1f %.1f %s\n", rps, ms(p50), ms(p99), (bad == "" ? 0 : bad) }'
}

results="$OUT/results.md"
{
  echo "| what | one instance req/s | p50 ms | p99 ms | share of hello | two instances req/s | second adds |"
  echo "|---|---|---|---|---|---|---|"
} >"$results"

read -r hello_rps hello_p50 hello_p99 _ < <(measure "http://127.0.0.1:$PORT_HELLO/" "$CONNECTIONS")
echo "| bare axum hello | $hello_rps | $hello_p50 | $hello_p99 | 100% | | |" >>"$results"

for entry in "${PAGES[@]}"; do
  label=${entry%%|*}
  path=${entry#*|}
  args=(-H "Cookie: kc_session=$session")
  read -r one p50 p99 bad1 < <(measure "http://127.0.0.1:$PORT_A$path" "$CONNECTIONS" "${args[@]}")
  # two instances: half the connections each, at the same time
  measure "http://127.0.0.1:$PORT_A$path" $((CONNECTIONS / 2)) "${args[@]}" >"$OUT/a.txt" &
  wa=$!
  measure "http://127.0.0.1:$PORT_B$path" $((CONNECTIONS / 2)) "${args[@]}" >"$OUT/b.txt" &
  wb=$!
  wait "$wa" "$wb"
  two=$(( $(cut -d' ' -f1 "$OUT/a.txt") + $(cut -d' ' -f1 "$OUT/b.txt") ))
  share=$(awk -v a="$one" -v h="$hello_rps" 'BEGIN { printf "%.1f%%", 100 * a / h }')
  adds=$(awk -v a="$one" -v b="$two" 'BEGIN { if (a > 0) printf "%+.0f%%", 100 * (b - a) / a }')
  note=""
  [ "$bad1" != "0" ] && note=" ($bad1 non-2xx/3xx)"
  echo "| $label$note | $one | $p50 | $p99 | $share | $two | $adds |" >>"$results"
done

cat "$results"
