# SPDX-License-Identifier: MIT
# Test step: build a consumer project the way a user would, run it, and check its output.
# Usage: cmake -DPARAMS=<file> -P build_and_run.cmake, where PARAMS (written by
# examples/CMakeLists.txt) sets:
#   NAME, MODE (cmake | configure: cmake without build and run | pkgconfig), SOURCE_DIR, WORK_DIR, CONFIGURE_ARGS (cmake mode),
#   PKG_CONFIG_DIR (pkgconfig mode), GENERATOR, MAKE_PROGRAM, CXX_COMPILER, BUILD_TYPE,
#   CXX_FLAGS, EXE_LINKER_FLAGS, EXECUTABLE, RUN_ARGS, RUN_SCRIPT (optional: a shell script
#   given the executable's path; it runs it instead of this file), EXPECT (regexes that must
#   all match the output), EXPECT_PACKAGE_DIR (optional: eventcollab_DIR must be under it).
# The compiler and flags are the ones of the main build, so sanitizer builds stay consistent.
cmake_minimum_required(VERSION 3.25)
include("${PARAMS}")

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${NAME}: ${what} failed (${result}):\n${ARGN}\n${out}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/build" "${WORK_DIR}/run")

if(MODE STREQUAL "cmake" OR MODE STREQUAL "configure")
  set(args -S "${SOURCE_DIR}" -B "${WORK_DIR}/build" -G "${GENERATOR}"
           "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
           "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}"
           "-DCMAKE_RUNTIME_OUTPUT_DIRECTORY=${WORK_DIR}/bin" ${CONFIGURE_ARGS})
  if(MAKE_PROGRAM)
    list(APPEND args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
  endif()
  run_step("configure" "${CMAKE_COMMAND}" ${args})
  if(EXPECT_PACKAGE_DIR)
    # The package must come from where the test put it, not from some system prefix.
    file(STRINGS "${WORK_DIR}/build/CMakeCache.txt" found REGEX "^eventcollab_DIR:")
    string(REGEX REPLACE "^[^=]*=" "" found "${found}")
    cmake_path(IS_PREFIX EXPECT_PACKAGE_DIR "${found}" NORMALIZE inside)
    if(NOT inside)
      message(FATAL_ERROR "${NAME}: used eventcollab from '${found}', not ${EXPECT_PACKAGE_DIR}")
    endif()
  endif()
  if(MODE STREQUAL "configure")
    return()  # the project's own checks ran during configuration
  endif()
  set(build_args --build "${WORK_DIR}/build" --parallel 2)
  if(BUILD_TYPE)
    list(APPEND build_args --config "${BUILD_TYPE}")
  endif()
  run_step("build" "${CMAKE_COMMAND}" ${build_args})
  file(GLOB_RECURSE exe LIST_DIRECTORIES false "${WORK_DIR}/bin/${EXECUTABLE}")
elseif(MODE STREQUAL "pkgconfig")
  # The example's own script, with the environment a user would set.
  set(ENV{PKG_CONFIG_PATH} "${PKG_CONFIG_DIR}")
  set(ENV{CXX} "${CXX_COMPILER}")
  set(ENV{CXXFLAGS} "${CXX_FLAGS}")
  # A shared libeventcollab outside the loader's search path needs an rpath, as build.sh says.
  cmake_path(GET PKG_CONFIG_DIR PARENT_PATH libdir)
  set(ENV{LDFLAGS} "${EXE_LINKER_FLAGS} -Wl,-rpath,${libdir}")
  set(ENV{OUT} "${WORK_DIR}/bin/${EXECUTABLE}")
  file(MAKE_DIRECTORY "${WORK_DIR}/bin")
  run_step("build.sh" sh "${SOURCE_DIR}/build.sh")
  set(exe "${WORK_DIR}/bin/${EXECUTABLE}")
else()
  message(FATAL_ERROR "${NAME}: unknown MODE '${MODE}'")
endif()

list(LENGTH exe count)
if(NOT count EQUAL 1 OR NOT EXISTS "${exe}")
  message(FATAL_ERROR "${NAME}: expected one built ${EXECUTABLE}, found '${exe}'")
endif()

# Cheap password hashing: the examples honour the same environment as the CLI.
set(ENV{EVENTCOLLAB_PASSWORD_ITERATIONS} 1000)
unset(ENV{DATABASE_URL})
unset(ENV{SECRET_KEY})
if(RUN_SCRIPT)
  set(command sh "${RUN_SCRIPT}" "${exe}" ${RUN_ARGS})
else()
  set(command "${exe}" ${RUN_ARGS})
endif()
execute_process(COMMAND ${command} WORKING_DIRECTORY "${WORK_DIR}/run" TIMEOUT 60
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${NAME} output:\n${output}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${NAME}: ${command} exited with '${result}'")
endif()
foreach(regex IN LISTS EXPECT)
  if(NOT output MATCHES "${regex}")
    message(FATAL_ERROR "${NAME}: output does not match '${regex}'")
  endif()
endforeach()
