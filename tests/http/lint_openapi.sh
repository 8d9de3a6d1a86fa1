#!/bin/sh
# SPDX-License-Identifier: MIT
# Lints the OpenAPI document the real server serves: starts the built `eventcollab serve` on a
# free loopback port with a temporary database, fetches /openapi.json and runs Redocly CLI
# (recommended rules, warnings as errors; see redocly.yaml next to this script).
#
# usage: tests/http/lint_openapi.sh <path/to/eventcollab>
# The linter is $REDOCLY if set, else `redocly` on PATH, else npx with the pinned version:
#   npm install --global @redocly/cli@2.77.0   (works with Node 20.19+ and 22.12+)
set -eu

REDOCLY_VERSION=2.77.0
cli=${1:?usage: $0 path/to/eventcollab}
here=$(cd "$(dirname "$0")" && pwd)
cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")

if [ -n "${REDOCLY:-}" ]; then
  linter=$REDOCLY
elif command -v redocly >/dev/null 2>&1; then
  linter=redocly
else
  linter="npx --yes --package=@redocly/cli@$REDOCLY_VERSION redocly"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/eventcollab-openapi-XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A free port: bind port 0 and read what the kernel picked.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# Run from the temp dir so that no stray .env of the caller applies.
(cd "$work" && EVENTCOLLAB_PASSWORD_ITERATIONS=1000 exec "$cli" --db "$work/lint.db" \
   serve --host 127.0.0.1 --port "$port" --threads 2 2>"$work/serve.log") &
pid=$!

tries=0
until curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do
  tries=$((tries + 1))
  if [ "$tries" -ge 100 ] || ! kill -0 "$pid" 2>/dev/null; then
    echo "lint_openapi: the server did not come up; its log:" >&2
    cat "$work/serve.log" >&2
    exit 1
  fi
  sleep 0.1
done

curl -fsS -o "$work/openapi.json" "http://127.0.0.1:$port/openapi.json"
echo "lint_openapi: linting /openapi.json of $cli with: $linter"
# shellcheck disable=SC2086  # $linter may be a command with arguments (npx ...)
$linter lint --config "$here/redocly.yaml" "$work/openapi.json"
