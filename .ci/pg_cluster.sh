#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite, listening only on a Unix socket in DIR.
#   .ci/pg_cluster.sh start DIR   initdb (when DIR holds no cluster) and start; prints the
#                                 admin URL, postgresql:///postgres?host=DIR&user=postgres
#   .ci/pg_cluster.sh stop DIR    stops it (fast mode); safe to call twice or on nothing
# PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` user (Debian's
# postgresql package creates it). Speed over safety (fsync off): the data is thrown away.
# Env: PG_BIN (default: the newest /usr/lib/postgresql/*/bin), PG_MAX_CONNECTIONS (300).
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
action=$1
dir=$2
[[ $dir == /* ]] || dir="$PWD/$dir"

if [[ -z ${PG_BIN:-} ]]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [[ -z ${PG_BIN:-} || ! -x $PG_BIN/pg_ctl ]]; then
  echo "$0: PostgreSQL server binaries not found (install the Debian package 'postgresql', or set PG_BIN)" >&2
  exit 1
fi

# Runs a server binary as the cluster's owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

data=$dir/data
log=$dir/server.log

case $action in
  start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      id postgres >/dev/null 2>&1 || {
        echo "$0: running as root needs the 'postgres' user (Debian's postgresql package creates it)" >&2
        exit 1
      }
      chown postgres: "$dir"
      chmod 0755 "$dir"
      # Every parent must be searchable by postgres (mktemp -d makes 0700 directories).
      parent=$(dirname "$dir")
      while [[ $parent != / ]]; do
        if ! runuser -u postgres -- test -x "$parent"; then chmod o+x "$parent"; fi
        parent=$(dirname "$parent")
      done
    fi
    if [[ ! -f $data/PG_VERSION ]]; then
      as_owner "$PG_BIN/initdb" -D "$data" --locale=C.UTF-8 -E UTF8 --auth=trust \
        -U postgres >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
      }
    fi
    if ! as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      opts="-c listen_addresses='' -c unix_socket_directories='$dir'"
      opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
      opts+=" -c max_connections=${PG_MAX_CONNECTIONS:-300} -c shared_buffers=64MB"
      as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "$opts" start >/dev/null || {
        cat "$log" >&2
        exit 1
      }
    fi
    echo "postgresql:///postgres?host=$dir&user=postgres"
    ;;
  stop)
    if [[ -f $data/PG_VERSION ]] && as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    fi
    ;;
  *)
    usage
    ;;
esac
