#!/usr/bin/env bash
# Load figures for issue 3: requests/s and p50/p99 latency of a read route (shop status) and a
# write route (a deposit payment: one event append), on SQLite and on PostgreSQL, against a bare
# Hummingbird route returning constant JSON as the ceiling, all in one run on this machine.
#
#   scripts/load.sh [seconds per run, default 10] [connections, default 64]
#
# Builds release binaries, starts a throwaway PostgreSQL cluster (fsync on, as in production),
# seeds each store through the API, drives it with wrk over loopback, prints a table and the
# ratios, and writes it to .build/load-report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-64}
scripts/install-deps.sh
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
if [ -z "${WARDEN_TEST_POSTGRES_URL:-}" ]; then
  WARDEN_PG_OPTIONS=" " exec scripts/with-postgres.sh "$0" "$@"
fi
swift build -c release --product warden >/dev/null
swift build -c release --product warden-bare >/dev/null
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d /tmp/warden-load.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$1$2" >/dev/null && return 0; sleep 0.05; done; echo "no answer on $1" >&2; return 1; }

# Runs wrk and prints "requests/s p50_ms p99_ms non2xx".
measure() {
  local url=$1 script=$2
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$script" "$url" 2>&1)
  echo "$out" > "$work/wrk-$(date +%s%N).txt"
  python3 - "$out" <<'PY'
import re, sys
text = sys.argv[1]
def ms(label):
    m = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
    if not m: return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(f"{rps:.0f} {ms('50%'):.2f} {ms('99%'):.2f} {non2xx.group(1) if non2xx else 0}")
PY
}

# Seeds merchant + staff accounts and N open shops; writes the Lua scripts for wrk.
seed() {
  local name=$1 database=$2 port=$3 shops=$4
  local token reviewer
  token=$("$bin/warden" user add --role merchant --name load --database "$database" | awk -F'\t' '$1=="token"{print $2}')
  reviewer=$("$bin/warden" user add --role reviewer --name load-reviewer --database "$database" | awk -F'\t' '$1=="token"{print $2}')
  payer=$("$bin/warden" user add --role system --name load-payments --database "$database" | awk -F'\t' '$1=="token"{print $2}')
  "$bin/warden" serve --port "$port" --database "$database" --log-level error & pids+=($!)
  wait_for "$port" /health
  local ids=()
  for i in $(seq 1 "$shops"); do
    local id
    id=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/shops" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"subject":{"type":"individual","name":"压测","idNumber":"11010519491231002X","legalRepresentative":"压测","phone":"13900139000","address":"北京市西城区金融大街1号","bankAccount":"6222020200112233445"},"shopType":"ordinary","shopName":"压测店'"$i"'","mainCategory":"home","channels":["douyin"]}' \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["shop"]["id"])')
    curl -fs -X POST "http://127.0.0.1:$port/api/v1/shops/$id/submit" -H "Authorization: Bearer $token" >/dev/null
    curl -fs -X POST "http://127.0.0.1:$port/api/v1/shops/$id/approve" -H "Authorization: Bearer $reviewer" >/dev/null
    curl -fs -X POST "http://127.0.0.1:$port/api/v1/shops/$id/contract" -H "Authorization: Bearer $token" -d '{"contractVersion":"1"}' >/dev/null
    curl -fs -X POST "http://127.0.0.1:$port/api/v1/shops/$id/deposit/payments" -H "Authorization: Bearer $payer" -d '{"amountCents":200000,"reference":"seed"}' >/dev/null
    ids+=("\"$id\"")
  done
  local list
  list=$(IFS=,; echo "${ids[*]}")
  cat > "$work/read-$name.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
wrk.path = "/api/v1/shops/${ids[0]//\"/}"
LUA
  cat > "$work/write-$name.lua" <<LUA
local ids = {$list}
local counter = 0
local thread_id = 0
setup = function(thread) thread_id = thread_id + 1; thread:set("tid", thread_id) end
request = function()
  counter = counter + 1
  local id = ids[(counter % #ids) + 1]
  local body = '{"amountCents":1,"reference":"load-' .. tid .. '-' .. counter .. '"}'
  return wrk.format("POST", "/api/v1/shops/" .. id .. "/deposit/payments",
    {["Authorization"] = "Bearer $payer", ["Content-Type"] = "application/json"}, body)
end
LUA
}

echo > "$work/empty.lua"
bare_port=$(free_port)
"$bin/warden-bare" "$bare_port" & pids+=($!)
wait_for "$bare_port" /constant

sqlite_port=$(free_port)
seed sqlite "sqlite:$work/load.sqlite" "$sqlite_port" 32
pg_name="warden_load_$$"
psql "$WARDEN_TEST_POSTGRES_URL" -qc "CREATE DATABASE $pg_name"
pg_url="${WARDEN_TEST_POSTGRES_URL%/*}/$pg_name"
pg_port=$(free_port)
seed postgres "$pg_url" "$pg_port" 32

read -r bare_rps bare_p50 bare_p99 bare_bad < <(measure "http://127.0.0.1:$bare_port/constant" "$work/empty.lua")
read -r sr_rps sr_p50 sr_p99 sr_bad < <(measure "http://127.0.0.1:$sqlite_port" "$work/read-sqlite.lua")
read -r sw_rps sw_p50 sw_p99 sw_bad < <(measure "http://127.0.0.1:$sqlite_port" "$work/write-sqlite.lua")
read -r pr_rps pr_p50 pr_p99 pr_bad < <(measure "http://127.0.0.1:$pg_port" "$work/read-postgres.lua")
read -r pw_rps pw_p50 pw_p99 pw_bad < <(measure "http://127.0.0.1:$pg_port" "$work/write-postgres.lua")

report=$(python3 - "$bare_rps" "$sr_rps" "$sw_rps" "$pr_rps" "$pw_rps" <<PY
import sys
bare, sr, sw, pr, pw = map(float, sys.argv[1:])
rows = [
 ("bare Hummingbird GET /constant", "$bare_rps", "$bare_p50", "$bare_p99", "$bare_bad", 1.0),
 ("SQLite read  GET /shops/{id}", "$sr_rps", "$sr_p50", "$sr_p99", "$sr_bad", sr / bare),
 ("SQLite write POST payment", "$sw_rps", "$sw_p50", "$sw_p99", "$sw_bad", sw / bare),
 ("PostgreSQL read  GET /shops/{id}", "$pr_rps", "$pr_p50", "$pr_p99", "$pr_bad", pr / bare),
 ("PostgreSQL write POST payment", "$pw_rps", "$pw_p50", "$pw_p99", "$pw_bad", pw / bare),
]
print("| route | requests/s | p50 ms | p99 ms | non-2xx | share of bare |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name, rps, p50, p99, bad, ratio in rows:
    print(f"| {name} | {rps} | {p50} | {p99} | {bad} | {ratio:.2f} |")
PY
)
echo "wrk -t2 -c$connections -d${duration}s on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "$report"
mkdir -p .build
{ echo "wrk -t2 -c$connections -d${duration}s on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"; echo; echo "$report"; } > .build/load-report.md
