#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the embed_server example on a free port, logs in and creates an event with curl, then
# stops it with SIGTERM and expects a clean exit. Usage: run_embed_server.sh <embed_server>
set -eu
exe=$1
log=server.log

: >"$log"  # exists before the background job opens it, so the polling below can read it
"$exe" server.db 0 >"$log" 2>&1 &
pid=$!
# However this script ends, the server does not outlive it and its log is shown.
trap 'kill "$pid" 2>/dev/null || true; echo "--- embed_server output:"; cat "$log"' EXIT

# The example prints its port once it listens; nothing else is waited for.
port=
tries=0
while [ -z "$port" ] && [ "$tries" -lt 300 ]; do
  port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9][0-9]*\)$|\1|p' "$log")
  if [ -z "$port" ]; then
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
    tries=$((tries + 1))
  fi
done
if [ -z "$port" ]; then
  echo "embed_server did not start"
  exit 1
fi
base="http://127.0.0.1:$port"

login=$(curl -sS --fail -d 'username=demo&password=demo-password' "$base/auth/login")
token=$(printf '%s' "$login" | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
if [ -z "$token" ]; then
  echo "login gave no access token"
  exit 1
fi
curl -sS --fail -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"title":"Demo","start_time":"2026-05-04T09:00:00Z","end_time":"2026-05-04T10:00:00Z"}' \
  "$base/events/"
echo
curl -sS --fail -H "Authorization: Bearer $token" "$base/events/"
echo

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
echo "embed_server exit status: $status"
exit "$status"
