#!/usr/bin/env bash
# Installs the Debian 12 packages a job needs, and only the missing ones, without recommends.
# As root it runs apt-get; otherwise it prints the command to run and fails.
#   bash .ci/deps.sh [GROUP...]     groups: build, test, ci; none given: build test
#   build  what configuring and building needs (every CMake find_package of the default build)
#   test   what the test suite runs besides our own binaries
#   ci     what CI alone uses: clang for the fuzzers, Node for the OpenAPI lint, debootstrap
#          for the fresh-machine check (implies build and test)
# A new dependency is one more word in one of the lists below.
set -euo pipefail

build=(
  cmake make g++ pkg-config      # toolchain
  libsqlite3-dev                 # storage: the embedded default
  libpq-dev                      # storage: PostgreSQL (client library only)
  libssl-dev                     # crypto (OpenSSL 3.0)
  libfmt-dev nlohmann-json3-dev  # formatting, JSON
  libcli11-dev                   # the CLI
  libboost-dev                   # the HTTP transport (Boost.Beast/Asio, header-only)
  libical-dev                    # calendar: RRULE iteration (libical 3.0)
  libhowardhinnant-date-dev      # calendar: time zones (date/tz on the system tz database)
  tzdata                         # calendar: the tz database itself, read at run time
  libcpp-httplib-dev             # HTTP client of the tests
  doctest-dev                    # the test tree is configured by default, even when not built
)
test=(
  curl                           # the serve and embed_server tests drive the server with curl
  postgresql-15                  # the suite's second run: a throwaway cluster (.ci/pg_cluster.sh)
)
ci=(
  clang-14 libclang-rt-14-dev    # libFuzzer targets
  python3 curl                   # tests/http/lint_openapi.sh
  debootstrap                    # .ci/fresh_machine.sh
)

groups=("$@")
[[ ${#groups[@]} -gt 0 ]] || groups=(build test)
packages=()
for g in "${groups[@]}"; do
  case $g in
    build) packages+=("${build[@]}") ;;
    test) packages+=("${build[@]}" "${test[@]}") ;;
    ci)
      packages+=("${build[@]}" "${test[@]}" "${ci[@]}")
      # Node for the OpenAPI linter: any node + npm already on PATH will do.
      command -v npm >/dev/null 2>&1 || packages+=(nodejs npm ca-certificates) # npx fetches over HTTPS
      ;;
    *)
      echo "deps.sh: unknown group '$g' (build, test, ci)" >&2
      exit 2
      ;;
  esac
done

missing=()
for p in $(printf '%s\n' "${packages[@]}" | sort -u); do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "Missing packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
# The server package would create and start a system-wide cluster; the suite makes its own.
if [[ " ${missing[*]} " == *" postgresql-15 "* && ! -e /etc/postgresql-common/createcluster.conf ]]; then
  mkdir -p /etc/postgresql-common
  echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
fi
echo "Installing ${#missing[@]} Debian packages (a minute or two): ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
