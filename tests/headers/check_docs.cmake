# SPDX-License-Identifier: MIT
# Fails if a public type or function in include/eventcollab/*.hpp has no `///` doc comment.
# Usage: cmake -DHEADER_DIR=<dir> -P check_docs.cmake
#
# A line-based reading of our own header style (clang-formatted, one declaration per line),
# not a C++ parser. Checked: at namespace scope, every declaration except forward
# declarations; in the public part of a class, every function and nested type. Data members
# (documented by their type's comment or a trailing ///<), `= default`/`= delete` members,
# destructors and move operations are exempt. A declaration is documented when the line
# before it is a `///` comment or it ends with a `///<` comment.
cmake_minimum_required(VERSION 3.25)

file(GLOB headers "${HEADER_DIR}/*.hpp")
if(NOT headers)
  message(FATAL_ERROR "no headers in ${HEADER_DIR}")
endif()

set(problems)
set(checked 0)
foreach(header IN LISTS headers)
  file(READ "${header}" text)
  # Make the text a CMake list of lines: protect list separators and brackets first.
  string(REPLACE ";" "<semicolon>" text "${text}")
  string(REPLACE "[" "<lbracket>" text "${text}")
  string(REPLACE "]" "<rbracket>" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")

  set(scopes "")  # stack of: ns, skip, public, private, body
  set(previous_doc OFF)
  set(continuation OFF)
  set(number 0)
  foreach(raw IN LISTS lines)
    math(EXPR number "${number} + 1")
    string(STRIP "${raw}" line)
    if(line STREQUAL "")
      set(previous_doc OFF)
      continue()
    endif()
    if(line MATCHES "^///")
      set(previous_doc ON)
      continue()
    endif()
    if(line MATCHES "^//" OR line MATCHES "^#")
      continue()
    endif()

    # Code without its trailing comment, for brace counting and the end-of-line test.
    string(REGEX REPLACE "[ ]*//.*$" "" code "${line}")
    set(trailing_doc OFF)
    if(line MATCHES "///<")
      set(trailing_doc ON)
    endif()
    list(LENGTH scopes depth)
    set(scope "")
    if(depth GREATER 0)
      list(GET scopes -1 scope)
    endif()

    if(code MATCHES "^(public|protected|private):$")
      if(scope STREQUAL "public" OR scope STREQUAL "private")
        list(POP_BACK scopes)
        if(code STREQUAL "public:")
          list(APPEND scopes public)
        else()
          list(APPEND scopes private)
        endif()
      endif()
      set(previous_doc OFF)
      continue()
    endif()

    # Is this the first line of a declaration in a scope we check?
    if(NOT continuation AND (scope STREQUAL "ns" OR scope STREQUAL "public"))
      set(kind "")
      if(code MATCHES "^(class|struct|enum|enum class) [A-Za-z_ ]+( final)?( :[^{]*)? \\{"
         OR code MATCHES "^using [A-Za-z_]+ =")
        set(kind "type")
      elseif(code MATCHES "\\(")
        set(kind "function")
      elseif(scope STREQUAL "ns" AND NOT code MATCHES "^(class|struct) [A-Za-z_]+<semicolon>$"
             AND NOT code MATCHES "^(namespace|\\})")
        set(kind "declaration")
      endif()
      if(code MATCHES "= (default|delete)" OR code MATCHES "^~" OR code MATCHES "&&\\) noexcept"
         OR code MATCHES "^friend ")
        set(kind "")
      endif()
      if(kind)
        math(EXPR checked "${checked} + 1")
        if(NOT previous_doc AND NOT trailing_doc)
          get_filename_component(name "${header}" NAME)
          string(REPLACE "<semicolon>" "" shown "${code}")
          list(APPEND problems "${name}:${number}: ${kind} without /// comment: ${shown}")
        endif()
      endif()
    endif()
    set(previous_doc OFF)

    # Track scopes by the braces this line leaves open or closes.
    string(REGEX REPLACE "[^{]" "" opens "${code}")
    string(REGEX REPLACE "[^}]" "" closes "${code}")
    string(LENGTH "${opens}" opens)
    string(LENGTH "${closes}" closes)
    math(EXPR net "${opens} - ${closes}")
    if(net GREATER 0)
      if(code MATCHES "^namespace detail")
        list(APPEND scopes skip)
      elseif(code MATCHES "^namespace")
        list(APPEND scopes ns)
      elseif(code MATCHES "^struct ")
        list(APPEND scopes public)
      elseif(code MATCHES "^class ")
        list(APPEND scopes private)
      else()
        list(APPEND scopes body)  # function body, enum, initializer
      endif()
    elseif(net LESS 0)
      foreach(i RANGE 1 ${closes})
        if(i GREATER ${opens})
          list(POP_BACK scopes)
        endif()
      endforeach()
    endif()

    # A declaration goes on until a line ends with ; { } or :
    if(code MATCHES "(<semicolon>|\\{|\\}|:)$")
      set(continuation OFF)
    else()
      set(continuation ON)
    endif()
  endforeach()
endforeach()

if(checked LESS 20)
  message(FATAL_ERROR "only ${checked} declarations recognised: the checker no longer "
                      "understands the headers")
endif()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "undocumented public declarations:\n  ${text}")
endif()
message(STATUS "${checked} public declarations in ${HEADER_DIR} carry a /// comment")
