#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's Quick start. Works on a bare Debian 12 (the official container image, a minbase
# debootstrap) as root with nothing installed first: it installs the missing Debian packages
# (.ci/deps.sh), configures, builds and runs.
#
#   bash build.sh demo   build only the `eventcollab` CLI, run the scripted demo (examples/demo.sh)
#                        on a fresh temporary SQLite database
#   bash build.sh test   build everything, run the whole test suite (ctest) on SQLite, then again
#                        on PostgreSQL: a throwaway cluster in a temporary directory, stopped
#                        at the end (or on the server EVENTCOLLAB_TEST_POSTGRES_URL names)
#   bash build.sh cli    only build the CLI ($BUILD_DIR/cli/eventcollab)
#   bash build.sh all    only build everything
#
# Not root: prints the `sudo apt-get install ...` line for whatever is missing and stops.
# Both commands share one build directory, so the second finds the first's work done.
# Environment: BUILD_DIR (default build/release), BUILD_TYPE (RelWithDebInfo), JOBS (all
# cores), WERROR (ON when CI=true, else OFF), CMAKE_FLAGS (extra configure flags, split on
# spaces), EVENTCOLLAB_TEST_BACKENDS (default "sqlite postgres"), EVENTCOLLAB_TEST_POSTGRES_URL
# (a PostgreSQL URL allowed to create databases: the suite's PostgreSQL run uses that server).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

usage() { echo "usage:" >&2; sed -n '7,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; }
job=${1:-}
case $job in
  demo | cli | all) bash .ci/deps.sh build ;;
  test) bash .ci/deps.sh build test ;;
  -h | --help) usage; exit 0 ;;
  *) usage; exit 2 ;;
esac

build=${BUILD_DIR:-build/release}
jobs=${JOBS:-$(nproc)}
werror=${WERROR:-$([[ ${CI:-} == true ]] && echo ON || echo OFF)}
# shellcheck disable=SC2086  # CMAKE_FLAGS is a list of flags
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" \
  -DEVENTCOLLAB_WARNINGS_AS_ERRORS="$werror" ${CMAKE_FLAGS:-} >/dev/null

case $job in
  demo | cli) cmake --build "$build" -j "$jobs" --target eventcollab_cli ;;
  test | all) cmake --build "$build" -j "$jobs" ;;
esac
case $job in
  demo) bash examples/demo.sh "$build/cli/eventcollab" ;;
  test) bash .ci/test_backends.sh "$build" "$jobs" ;;
esac
