# SPDX-License-Identifier: MIT
# Test step: `cmake --install` the build tree into a fresh prefix and check its layout.
# Usage: cmake -DBUILD_DIR=... -DPREFIX=... -DLIBDIR=lib -DINCLUDEDIR=include -DBINDIR=bin
#              -DCONFIG=<config> -DEXPECT_HTTP=ON|OFF -DEXPECT_CLI=ON|OFF -P install_prefix.cmake
cmake_minimum_required(VERSION 3.25)

foreach(var BUILD_DIR PREFIX LIBDIR INCLUDEDIR BINDIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_prefix.cmake: ${var} is not set")
  endif()
endforeach()

# Start empty, so a file missing from the install rules cannot hide behind an older run.
file(REMOVE_RECURSE "${PREFIX}")
set(config_args)
if(CONFIG)
  set(config_args --config "${CONFIG}")
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" ${config_args}
  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${result}):\n${output}")
endif()

set(expected
  "${INCLUDEDIR}/eventcollab/eventcollab.hpp"
  "${INCLUDEDIR}/eventcollab/store.hpp"
  "${INCLUDEDIR}/eventcollab/export.hpp"
  "${INCLUDEDIR}/eventcollab/build_info.hpp"
  "${LIBDIR}/cmake/eventcollab/eventcollabConfig.cmake"
  "${LIBDIR}/cmake/eventcollab/eventcollabConfigVersion.cmake"
  "${LIBDIR}/cmake/eventcollab/eventcollabTargets.cmake"
  "${LIBDIR}/pkgconfig/eventcollab.pc")
set(libraries eventcollab)
if(EXPECT_HTTP)
  list(APPEND expected
    "${INCLUDEDIR}/eventcollab/http.hpp"
    "${INCLUDEDIR}/eventcollab/http_export.hpp")
  list(APPEND libraries eventcollab_http)
endif()
if(EXPECT_CLI)
  list(APPEND expected "${BINDIR}/eventcollab")
endif()

set(missing)
foreach(file IN LISTS expected)
  if(NOT EXISTS "${PREFIX}/${file}")
    list(APPEND missing "${file}")
  endif()
endforeach()
foreach(lib IN LISTS libraries)
  file(GLOB found "${PREFIX}/${LIBDIR}/lib${lib}.a" "${PREFIX}/${LIBDIR}/lib${lib}.so")
  if(NOT found)
    list(APPEND missing "${LIBDIR}/lib${lib}.{a,so}")
  endif()
endforeach()
# Headers the public ones must never drag in, and sources that must stay private.
file(GLOB_RECURSE stray "${PREFIX}/${INCLUDEDIR}/*.in" "${PREFIX}/${INCLUDEDIR}/*.cpp"
                        "${PREFIX}/${INCLUDEDIR}/json/*")
if(missing OR stray)
  message(FATAL_ERROR "install layout is wrong\n  missing: ${missing}\n  unexpected: ${stray}")
endif()

if(EXPECT_CLI)
  # Proves the installed tool starts (and, for shared builds, that its RPATH is right).
  execute_process(COMMAND "${PREFIX}/${BINDIR}/eventcollab" --help
                  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "installed eventcollab --help failed (${result}):\n${output}")
  endif()
endif()
message(STATUS "installed into ${PREFIX}: ${expected}")
