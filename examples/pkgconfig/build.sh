#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds main.cpp against an installed eventcollab with one compiler command. If eventcollab
# is not installed under a standard prefix, point pkg-config at it first:
#   PKG_CONFIG_PATH=/where/eventcollab/is/installed/lib/pkgconfig ./build.sh
# --static also lists the libraries the (default, static) libeventcollab.a needs. For a shared
# build installed outside the loader's path, also pass
#   LDFLAGS="-Wl,-rpath,$(pkg-config --variable=libdir eventcollab)"
set -eu
cd "$(dirname "$0")"

${CXX:-c++} -std=c++20 ${CXXFLAGS:-} main.cpp -o "${OUT:-pkgconfig_example}" \
  $(pkg-config --cflags --libs --static eventcollab) ${LDFLAGS:-}
