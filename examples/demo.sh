#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A whole collaborative session through the `eventcollab` CLI on a fresh, temporary database:
# two users, create, share, an update by the collaborator, history, diff, rollback, a reader
# who is refused, and a repeating event across a daylight-saving change.
#
#   examples/demo.sh [path/to/eventcollab]
#
# The binary is the first argument, else $EVENTCOLLAB_BIN, else `eventcollab` on PATH, else
# the one `bash build.sh demo` builds (build/release/cli/eventcollab) in this repository.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ec=${1:-${EVENTCOLLAB_BIN:-}}
if [[ -z $ec ]]; then
  if command -v eventcollab >/dev/null 2>&1; then
    ec=$(command -v eventcollab)
  else
    ec=$here/../build/release/cli/eventcollab
  fi
fi
if [[ ! -x $ec ]]; then
  echo "demo: cannot find the eventcollab binary (run: bash build.sh demo, or pass its path)" >&2
  exit 2
fi
# The demo runs in a temporary directory: a relative path must not break there.
[[ $ec == */* ]] && ec=$(cd "$(dirname "$ec")" && pwd)/$(basename "$ec")

work=$(mktemp -d "${TMPDIR:-/tmp}/eventcollab-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Only this demo's database and settings: nothing from the caller's environment or .env.
export DATABASE_URL="$work/demo.db"
unset EVENTCOLLAB_TOKEN SECRET_KEY
cd "$work"

if [[ -t 1 ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
# Prints a command as one could type it: arguments with spaces or quotes are single-quoted.
show_command() {
  local out='$ eventcollab' arg
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:+=@-]+$ ]]; then
      out+=" $arg"
    else
      out+=" '${arg//\'/\'\\\'\'}'"
    fi
  done
  printf '%s\n' "$out"
}
run() {
  show_command "$@"
  "$ec" "$@"
}
# `as alice event list`: runs as that user, passing the token through EVENTCOLLAB_TOKEN so it
# never shows in the transcript (or in `ps`).
declare -A token
as() {
  local who=$1
  shift
  printf '[%s] ' "$who"
  show_command "$@"
  EVENTCOLLAB_TOKEN=${token[$who]} "$ec" "$@"
}

step "A fresh database"
run init

step "Two users register (passwords come from stdin, never from the command line)"
alice_pw='correct horse battery staple'
bob_pw='tr0ub4dor&3-bob'
printf '%s' "$alice_pw" | run user register alice --email alice@example.com --password-stdin
printf '%s' "$bob_pw" | run user register bob --password-stdin

step "Both log in; each keeps an access token"
token[alice]=$(printf '%s' "$alice_pw" | "$ec" login alice --password-stdin --quiet)
token[bob]=$(printf '%s' "$bob_pw" | "$ec" login bob --password-stdin --quiet)
echo "(as in: export EVENTCOLLAB_TOKEN=\$(printf '%s' \"\$PW\" | eventcollab login alice --password-stdin --quiet))"
as alice whoami

step "Alice creates an event (times in any offset; stored and shown in UTC)"
create=(event create --quiet --title "Team standup" --start 2026-05-04T09:00:00+02:00
  --end 2026-05-04T09:15:00+02:00 --location "Room 1")
printf '[alice] '
show_command "${create[@]}"
id=$(EVENTCOLLAB_TOKEN=${token[alice]} "$ec" "${create[@]}")
echo "$id"
as alice event show "$id"

step "Alice shares it with Bob, who may write"
as alice share add "$id" bob --permission write
as alice share list "$id"

step "Bob sees it and moves it to the big room, later by 15 minutes"
as bob event list
as bob event update "$id" --location "Big room" \
  --start 2026-05-04T09:15:00+02:00 --end 2026-05-04T09:30:00+02:00 --if-version 1

step "The history shows who changed what"
as alice history list "$id"
as alice history changelog "$id"
as alice history diff "$id" 1 2

step "Alice rolls back to version 1 (recorded as version 3)"
as alice history rollback "$id" 1
as alice --json history show "$id" 3

step "Alice makes Bob a reader; his next update is refused"
as alice share set "$id" bob read
set +e
as bob event update "$id" --title "Bob's standup"
code=$?
set -e
if [[ $code -ne 5 ]]; then
  echo "demo: expected exit code 5 (forbidden), got $code" >&2
  exit 1
fi
echo "permission denied for the reader, as expected (exit code $code)"

step "A weekly series in Berlin: 09:00 stays 09:00 when the clocks change"
series=(event create --quiet --title "Weekly review" --start 2026-03-23T09:00:00+01:00
  --end 2026-03-23T10:00:00+01:00 --timezone Europe/Berlin --rrule 'FREQ=WEEKLY;BYDAY=MO')
printf '[alice] '
show_command "${series[@]}"
sid=$(EVENTCOLLAB_TOKEN=${token[alice]} "$ec" "${series[@]}")
echo "$sid"
as alice share add "$sid" bob --permission read
as alice occurrences --from 2026-03-20T00:00:00Z --to 2026-04-10T00:00:00Z

step "One occurrence moves, another is cancelled; Bob's calendar shows it"
as alice occurrence set "$sid" 2026-03-30T07:00:00Z --title "Review (moved)" \
  --start 2026-03-31T14:00:00+02:00 --end 2026-03-31T15:00:00+02:00
as alice occurrence cancel "$sid" 2026-04-06T07:00:00Z
as bob occurrences --from 2026-03-20T00:00:00Z --to 2026-04-10T00:00:00Z

step "Free/busy shows times, never titles; conflicts pair overlapping occurrences"
as bob freebusy alice bob --from 2026-03-30T00:00:00Z --to 2026-04-01T00:00:00Z
as alice conflicts --from 2026-03-01T00:00:00Z --to 2026-06-01T00:00:00Z

step "Nothing was lost or half-written"
run check
echo
echo "demo finished"
