# SPDX-License-Identifier: MIT
# Options are prefixed and default to ON only when this is the top-level project, so that
# add_subdirectory(eventcollab) builds just the libraries.
option(EVENTCOLLAB_BUILD_CLI "Build the eventcollab command-line tool" ${PROJECT_IS_TOP_LEVEL})
option(EVENTCOLLAB_BUILD_HTTP "Build the eventcollab_http REST adapter" ${PROJECT_IS_TOP_LEVEL})
option(EVENTCOLLAB_BUILD_TESTS "Build the test suite" ${PROJECT_IS_TOP_LEVEL})
option(EVENTCOLLAB_BUILD_EXAMPLES "Build the examples" ${PROJECT_IS_TOP_LEVEL})
option(EVENTCOLLAB_BUILD_BENCH "Build eventcollab-bench" ${PROJECT_IS_TOP_LEVEL})
option(EVENTCOLLAB_INSTALL "Generate install rules" ${PROJECT_IS_TOP_LEVEL})
option(EVENTCOLLAB_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)

if(EVENTCOLLAB_BUILD_CLI AND NOT EVENTCOLLAB_BUILD_HTTP)
  message(STATUS "eventcollab: CLI without HTTP adapter: `eventcollab serve` is left out")
endif()

if(PROJECT_IS_TOP_LEVEL AND NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()
