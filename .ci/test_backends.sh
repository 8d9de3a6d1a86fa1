#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the whole suite of a build once per backend:
#   bash .ci/test_backends.sh BUILD_DIR [JOBS] [CTEST_ARGS...]
# SQLite: ctest as it is. PostgreSQL: the same tests with EVENTCOLLAB_TEST_POSTGRES_URL set, so
# every test gets a database of its own on that server; without the variable a throwaway
# cluster is started in a temporary directory (.ci/pg_cluster.sh) and stopped at the end, also
# when tests fail. The packaging tests (install, find_package) do not depend on the backend and
# run once. EVENTCOLLAB_TEST_BACKENDS narrows the list (default "sqlite postgres").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=$1
jobs=${2:-$(nproc)}
shift $(($# < 2 ? $# : 2))
failed=()
for backend in ${EVENTCOLLAB_TEST_BACKENDS:-sqlite postgres}; do
  case $backend in
    sqlite)
      printf '\n== the suite on SQLite\n'
      EVENTCOLLAB_TEST_POSTGRES_URL='' ctest --test-dir "$build" -j "$jobs" --output-on-failure "$@" ||
        failed+=(sqlite)
      ;;
    postgres)
      printf '\n== the suite on PostgreSQL\n'
      cluster=''
      if [[ -z ${EVENTCOLLAB_TEST_POSTGRES_URL:-} ]]; then
        cluster=$(mktemp -d /tmp/eventcollab-pg.XXXXXX)
        trap 'bash .ci/pg_cluster.sh stop "$cluster" >/dev/null 2>&1 || true; rm -rf "$cluster"' EXIT
        url=$(bash .ci/pg_cluster.sh start "$cluster")
      else
        url=$EVENTCOLLAB_TEST_POSTGRES_URL
      fi
      EVENTCOLLAB_TEST_POSTGRES_URL=$url ctest --test-dir "$build" -j "$jobs" --output-on-failure \
        -LE packaging "$@" || failed+=(postgres)
      if [[ -n $cluster ]]; then
        bash .ci/pg_cluster.sh stop "$cluster"
        rm -rf "$cluster"
        trap - EXIT
      fi
      ;;
    *)
      echo "test_backends.sh: unknown backend '$backend' (sqlite, postgres)" >&2
      exit 2
      ;;
  esac
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "the suite failed on: ${failed[*]}" >&2
  exit 1
fi
