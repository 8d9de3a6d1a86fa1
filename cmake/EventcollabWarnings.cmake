# SPDX-License-Identifier: MIT
# Warnings are set per target (never through global flags) so that a parent project that
# adds us with add_subdirectory keeps its own.
function(eventcollab_target_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wswitch-enum -Wnon-virtual-dtor
    $<$<BOOL:${EVENTCOLLAB_WARNINGS_AS_ERRORS}>:-Werror>)
  # Debug builds check standard-library preconditions (bounds, iterators).
  target_compile_definitions(${target} PRIVATE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
endfunction()
