# SPDX-License-Identifier: MIT
# Fails if a public header includes a third-party or private header.
# Usage: cmake "-DHEADER_DIRS=<dir>;<dir>" -P check_includes.cmake
# Forbidden by name: sqlite3.h, openssl/, httplib.h, nlohmann/ (plus fmt/ and CLI/, which are
# private dependencies too). Beyond that only "eventcollab/..." and standard headers (<name>
# with no directory or extension) are allowed, so a new dependency cannot slip in either.
cmake_minimum_required(VERSION 3.25)

set(forbidden "sqlite3\\.h" "openssl/" "httplib\\.h" "nlohmann/" "fmt/" "CLI/")
set(problems)
set(checked 0)
foreach(dir IN LISTS HEADER_DIRS)
  file(GLOB headers "${dir}/*.hpp" "${dir}/*.hpp.in")
  foreach(header IN LISTS headers)
    math(EXPR checked "${checked} + 1")
    file(STRINGS "${header}" includes REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*" "" target "${line}")
      set(bad "")
      foreach(pattern IN LISTS forbidden)
        if(target MATCHES "${pattern}")
          set(bad "forbidden third-party header")
        endif()
      endforeach()
      if(NOT bad AND NOT target MATCHES "^[<\"]eventcollab/[a-z_]+\\.hpp[>\"]" AND
         NOT target MATCHES "^<[a-z_]+>")
        set(bad "neither eventcollab/ nor a standard header")
      endif()
      if(bad)
        list(APPEND problems "${header}: ${line} (${bad})")
      endif()
    endforeach()
  endforeach()
endforeach()

if(checked EQUAL 0)
  message(FATAL_ERROR "no headers found in ${HEADER_DIRS}")
endif()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "public headers include what consumers must not need:\n  ${text}")
endif()
message(STATUS "${checked} public headers include only eventcollab/ and standard headers")
