#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# HTTP load test of `eventcollab serve`: starts the server on a temporary database on
# 127.0.0.1, seeds users, events and shares through the REST API, then runs wrk against
#   GET /health (the server's own ceiling), GET /events/{id}, GET /events/?limit=100,
#   GET /changes?limit=100 (a page of the feed),
#   POST /events/ and PUT /events/{id} (both durability modes)
# The four GETs send one prebuilt request (same client cost; wrk shares the cores with the
# server); create and update build a new body per request in Lua.
# and prints requests/s, p50/p99 latency and non-2xx counts for each. Then
# http_slow_clients.py: GET /health p50/p99 alone and beside 1,000 slow or idle connections,
# and 10,000 keep-alive connections opened and closed (server sockets before/after).
#
# usage: tests/bench/http_load.sh [path/to/eventcollab]
# env:   DURATION=5 (seconds per scenario)  CONNECTIONS=32  WRK_THREADS=2
#        EVENTCOLLAB (binary, if not given as an argument)
#        LOAD_DATABASE_URL (default: a new SQLite file) — e.g. an empty PostgreSQL database,
#        postgresql:///load?host=/tmp/pg, to measure the server on PostgreSQL
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-${EVENTCOLLAB:-}}
if [[ -z $bin ]]; then
  # The most recently built CLI under build/.
  bin=$(ls -t "$root"/build/*/cli/eventcollab 2>/dev/null | head -n 1 || true)
fi
if [[ -z $bin || ! -x $bin ]]; then
  echo "http_load.sh: cannot find the eventcollab binary; pass its path" >&2
  exit 2
fi
command -v wrk >/dev/null || { echo "http_load.sh: wrk is not installed" >&2; exit 2; }
command -v curl >/dev/null || { echo "http_load.sh: curl is not installed" >&2; exit 2; }

duration=${DURATION:-5}
connections=${CONNECTIONS:-32}
wrk_threads=${WRK_THREADS:-2}

work=$(mktemp -d "${TMPDIR:-/tmp}/eventcollab-load-XXXXXX")
server_pid=""
stop_server() {
  if [[ -n $server_pid ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

# A fresh key for this run only, kept in the environment (never on disk or the command line).
SECRET_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
export SECRET_KEY
# Only the seeding logins hash passwords; the default 600k iterations would only slow them.
export EVENTCOLLAB_PASSWORD_ITERATIONS=1000

port=""
start_server() {  # $1: full | normal
  local log="$work/server-$1.log"
  EVENTCOLLAB_DURABILITY=$1 "$bin" --db "${LOAD_DATABASE_URL:-$work/load.db}" --quiet serve --host 127.0.0.1 --port 0 \
    --threads "$connections" 2>"$log" &
  server_pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log")
    [[ -n $port ]] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "http_load.sh: the server did not start:" >&2
  cat "$log" >&2
  exit 1
}

url() { echo "http://127.0.0.1:$port$1"; }
post() {  # $1 path, $2 body, $3 token (optional)
  local auth=()
  [[ -n ${3:-} ]] && auth=(-H "Authorization: Bearer $3")
  curl -sS --fail-with-body -X POST -H 'Content-Type: application/json' "${auth[@]}" \
    --data-binary "$2" "$(url "$1")"
}
token_of() {  # $1 username
  post /auth/register "{\"username\":\"$1\",\"password\":\"load-test-password\"}" >/dev/null
  post /auth/login "{\"username\":\"$1\",\"password\":\"load-test-password\"}" |
    sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
}
batch() {  # $1 count, $2 label: a JSON array of events spread over 2026
  local i body="["
  for ((i = 0; i < $1; i++)); do
    ((i > 0)) && body+=","
    local month=$((1 + i % 12)) day=$((1 + i % 28)) hour=$((8 + i % 10))
    printf -v item '{"title":"%s event %d","description":"Agenda: review item %d, notes and follow-ups","location":"Room %d","start_time":"2026-%02d-%02dT%02d:00:00Z","end_time":"2026-%02d-%02dT%02d:30:00Z"}' \
      "$2" "$i" "$i" $((i % 50)) "$month" "$day" "$hour" "$month" "$day" "$hour"
    body+=$item
  done
  echo "$body]"
}

echo "== seeding through the REST API" >&2
start_server full
alice=$(token_of alice)
[[ -n $alice ]] || { echo "http_load.sh: login failed" >&2; exit 1; }
post /events/batch "$(batch 150 alice)" "$alice" >/dev/null  # ids 1..150 are alice's
for u in $(seq 1 19); do
  tok=$(token_of "user$u")
  post /events/batch "$(batch 500 "user$u")" "$tok" >/dev/null
  if ((u == 1)); then  # 50 of user1's events are shared with alice
    for id in $(seq 151 200); do
      post "/events/$id/share" '{"username":"alice","permission":"read"}' "$tok" >/dev/null
    done
  fi
done
echo "   20 users, 9,650 events; alice owns 150 (ids 1-150) and sees 50 more through shares" >&2

export ECB_TOKEN=$alice ECB_FIRST_ID=1 ECB_LAST_ID=150 ECB_LUA_DIR="$here/http"

results=()
run() {  # $1 label, $2 path, $3 lua script (optional)
  local out script=()
  [[ -n ${3:-} ]] && script=(-s "$here/http/$3")
  echo "== $1 (${duration}s, $wrk_threads threads, $connections connections)" >&2
  out=$(wrk -t"$wrk_threads" -c"$connections" -d"${duration}s" --latency "${script[@]}" "$(url "$2")")
  local rps p50 p99 non2xx errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  errors=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' <<<"$out")
  results+=("$1|$rps|$p50|$p99|${non2xx:-0}|${errors:-none}")
}

run "GET /health" /health
run "GET /events/{id}" /events/42 get_event.lua
run "GET /events/?limit=100" "/events/?limit=100" authorized_get.lua
run "GET /changes?limit=100" "/changes?limit=100" authorized_get.lua
run "PUT /events/{id} (full)" /events/1 update_event.lua
run "POST /events/ (full)" /events/ create_event.lua
stop_server
start_server normal
run "PUT /events/{id} (normal)" /events/1 update_event.lua
run "POST /events/ (normal)" /events/ create_event.lua
slow_report=""
if command -v python3 >/dev/null; then
  echo "== slow clients and 10,000 keep-alive connections" >&2
  slow_report=$(python3 "$here/http_slow_clients.py" "$port" "$server_pid")
fi
stop_server

to_rps() { awk -v v="$1" 'BEGIN { printf "%.0f", v }'; }
health=$(to_rps "$(cut -d'|' -f2 <<<"${results[0]}")")
get_one=$(to_rps "$(cut -d'|' -f2 <<<"${results[1]}")")

echo
echo "eventcollab serve under wrk on 127.0.0.1 ($(nproc) cores shared by server and wrk):"
echo "wrk -t$wrk_threads -c$connections -d${duration}s --latency; serve --threads $connections; $(basename "$bin") $("$bin" --version 2>/dev/null | head -n 1)"
printf '%-28s %12s %10s %10s %9s  %s\n' scenario "requests/s" p50 p99 non-2xx "socket errors"
total_non2xx=0
for r in "${results[@]}"; do
  IFS='|' read -r label rps p50 p99 non2xx errors <<<"$r"
  printf '%-28s %12s %10s %10s %9s  %s\n' "$label" "$(to_rps "$rps")" "$p50" "$p99" "$non2xx" "$errors"
  total_non2xx=$((total_non2xx + non2xx))
done
echo
ratio=$(awk -v a="$get_one" -v b="$health" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
met=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.5 ? "met" : "MISSED") }')
echo "target GET one event >= 0.5 x GET /health: $ratio x [$met]"
[[ -n $slow_report ]] && { echo; echo "$slow_report"; }
if ((total_non2xx == 0)); then
  echo "target no non-2xx responses under load: [met]"
else
  echo "target no non-2xx responses under load: $total_non2xx [MISSED]"
fi
