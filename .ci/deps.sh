#!/usr/bin/env bash
# Installs the Debian 12 packages the build needs, and only the missing ones.
# As root it runs apt-get; otherwise it prints the command to run and fails.
#   bash .ci/deps.sh            build + test dependencies
#   bash .ci/deps.sh ci         plus what CI alone uses (clang for fuzzing, Node for the OpenAPI lint)
set -euo pipefail

packages=(cmake g++ make pkg-config curl
          libsqlite3-dev libcli11-dev libfmt-dev libssl-dev doctest-dev
          libcpp-httplib-dev nlohmann-json3-dev)
if [[ "${1:-}" == "ci" ]]; then
  packages+=(clang-14 libclang-rt-14-dev)
  # Node for the OpenAPI linter: any node + npm already on PATH will do.
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "Missing packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
