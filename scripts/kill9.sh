#!/usr/bin/env bash
# Resilience: two kechuang instances share one PostgreSQL; instance A is
# killed with SIGKILL while it writes an import. Checks that nothing was
# half-written (the import's transaction rolled back), that instance B keeps
# serving, and that the interrupted run can be committed again from B once
# A's heartbeat has stopped. Run after scripts/load.sh (it reuses its
# database and sign-in account).
#
#   scripts/kill9.sh            # 200,000 new firms in the killed import
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS="${ROWS:-200000}"
DB_NAME="${DB_NAME:-kechuang_load}"
DB="postgres://postgres@127.0.0.1:5432/$DB_NAME"
OUT="target/load"
PORT_A=18091
PORT_B=18092
PASSWORD="load-test-password-42"
KC="target/release/kechuang --database-url $DB"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

count() { psql -tA "$DB" -c "SELECT count(*) FROM enterprises"; }

# starts an instance on a port; its pid is left in $started
start() {
  KECHUANG_WEB__LOGIN_MAX_FAILURES_PER_IP=1000000 RUST_LOG=warn $KC serve --bind "127.0.0.1:$1" >"$OUT/kill9-$1.log" 2>&1 &
  started=$!
  pids+=("$started")
  for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$1/login" && break; sleep 1; done
}

# signs in on a port; prints "cookie-jar csrf"
sign_in() {
  local jar="$OUT/kill9-jar-$1.txt"
  rm -f "$jar"
  local csrf
  csrf=$(curl -fs -c "$jar" "http://127.0.0.1:$1/login" | sed -n 's/.*name="csrf-token" content="\([^"]*\)".*/\1/p')
  curl -fs -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
    --data-urlencode "username=loadadmin" --data-urlencode "password=$PASSWORD" "http://127.0.0.1:$1/login"
  csrf=$(curl -fs -b "$jar" "http://127.0.0.1:$1/" | sed -n 's/.*name="csrf-token" content="\([^"]*\)".*/\1/p')
  echo "$jar $csrf"
}

start $PORT_A
a=$started
start $PORT_B
read -r jar_a csrf_a < <(sign_in $PORT_A)
read -r jar_b csrf_b < <(sign_in $PORT_B)

rm -rf "$OUT/kill9"
$KC demo generate --enterprises "$ROWS" --seed 7 --out "$OUT/kill9" >/dev/null
before=$(count)
echo "firms before: $before"

# upload (checked synchronously), then commit: written in the background
run=$(curl -fs -b "$jar_a" -o /dev/null -w '%{redirect_url}' \
  -F "_csrf=$csrf_a" -F kind=enterprises -F "file=@$OUT/kill9/enterprises.csv" \
  "http://127.0.0.1:$PORT_A/registry/import" | sed -n 's#.*/registry/imports/\([0-9]*\).*#\1#p')
[ -n "$run" ] || { echo "upload failed" >&2; exit 1; }
curl -fs -b "$jar_a" -o /dev/null --data-urlencode "_csrf=$csrf_a" "http://127.0.0.1:$PORT_A/registry/imports/$run/commit"
for _ in $(seq 1 100); do
  processed=$(psql -tA "$DB" -c "SELECT processed FROM import_runs WHERE id = $run")
  [ "${processed:-0}" -gt 0 ] && break
  sleep 0.2
done
kill -9 "$a"
echo "killed instance A with run $run at $processed rows"
after=$(count)
code=$(curl -s -b "$jar_b" -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT_B/registry/enterprises")
echo "firms after the kill: $after (unchanged: $([ "$after" = "$before" ] && echo yes || echo NO)); instance B answers $code"
[ "$after" = "$before" ] && [ "$code" = "200" ] || exit 1

# once A's heartbeat is stale, B may commit the run again
version=$(psql -tA "$DB" -c "SELECT version FROM import_runs WHERE id = $run")
echo "waiting for the interrupted run to go stale (up to 130 s)"
sleep 125
curl -fs -b "$jar_b" -o /dev/null --data-urlencode "_csrf=$csrf_b" "http://127.0.0.1:$PORT_B/registry/imports/$run/commit"
for _ in $(seq 1 600); do
  status=$(psql -tA "$DB" -c "SELECT status FROM import_runs WHERE id = $run")
  [ "$status" = "committed" ] || [ "$status" = "failed" ] && break
  sleep 1
done
final=$(count)
echo "run $run (version was $version): $status; firms now $final (+$((final - before)))"
[ "$status" = "committed" ] && [ $((final - before)) -gt 0 ]
