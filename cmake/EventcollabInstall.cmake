# SPDX-License-Identifier: MIT
# Install rules, the CMake package (find_package(eventcollab CONFIG)) and eventcollab.pc.
# Included from the top-level CMakeLists.txt when EVENTCOLLAB_INSTALL is ON, after every
# target exists, so the optional fronts are picked up with if(TARGET ...).
include(CMakePackageConfigHelpers)

set(EVENTCOLLAB_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/eventcollab"
    CACHE STRING "Where eventcollabConfig.cmake is installed, relative to the prefix")
set(EVENTCOLLAB_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
    CACHE STRING "Where eventcollab.pc is installed, relative to the prefix")
mark_as_advanced(EVENTCOLLAB_INSTALL_CMAKEDIR EVENTCOLLAB_INSTALL_PKGCONFIGDIR)

set(_eventcollab_generated "${PROJECT_BINARY_DIR}/include/eventcollab")

# --- Libraries, CLI and headers -----------------------------------------------------------
set(_eventcollab_libraries eventcollab)
if(TARGET eventcollab_http)
  list(APPEND _eventcollab_libraries eventcollab_http)
endif()

get_target_property(_eventcollab_type eventcollab TYPE)
if(_eventcollab_type STREQUAL "SHARED_LIBRARY")
  set(EVENTCOLLAB_PACKAGE_SHARED ON)
else()
  set(EVENTCOLLAB_PACKAGE_SHARED OFF)
endif()

if(EVENTCOLLAB_PACKAGE_SHARED)
  # Installed binaries find their sibling libraries wherever the prefix is moved to.
  file(RELATIVE_PATH _eventcollab_bin_to_lib "/p/${CMAKE_INSTALL_BINDIR}" "/p/${CMAKE_INSTALL_LIBDIR}")
  foreach(_target IN LISTS _eventcollab_libraries)
    get_target_property(_rpath ${_target} INSTALL_RPATH)
    if(NOT _rpath)
      set_target_properties(${_target} PROPERTIES INSTALL_RPATH "$ORIGIN")
    endif()
  endforeach()
  if(TARGET eventcollab_cli)
    get_target_property(_rpath eventcollab_cli INSTALL_RPATH)
    if(NOT _rpath)
      set_target_properties(eventcollab_cli PROPERTIES
        INSTALL_RPATH "$ORIGIN/${_eventcollab_bin_to_lib}")
    endif()
  endif()
endif()

install(TARGETS ${_eventcollab_libraries}
  EXPORT eventcollabTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT eventcollab_development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT eventcollab_runtime
          NAMELINK_COMPONENT eventcollab_development
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT eventcollab_runtime)

if(TARGET eventcollab_cli)
  # Exported too, as eventcollab::cli, so a consumer's tests can run the installed tool.
  get_target_property(_export_name eventcollab_cli EXPORT_NAME)
  if(NOT _export_name)
    set_target_properties(eventcollab_cli PROPERTIES EXPORT_NAME cli)
  endif()
  install(TARGETS eventcollab_cli
    EXPORT eventcollabTargets
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT eventcollab_runtime)
endif()

# Public headers: the sources, minus http.hpp when the adapter is not built (it includes
# the generated http_export.hpp), plus the headers CMake generates.
set(_eventcollab_header_excludes PATTERN "*.in" EXCLUDE)
if(NOT TARGET eventcollab_http)
  list(APPEND _eventcollab_header_excludes PATTERN "http.hpp" EXCLUDE)
endif()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/eventcollab"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT eventcollab_development
  FILES_MATCHING PATTERN "*.hpp" ${_eventcollab_header_excludes})

set(_eventcollab_generated_headers
  "${_eventcollab_generated}/export.hpp"
  "${_eventcollab_generated}/build_info.hpp")
if(TARGET eventcollab_http)
  list(APPEND _eventcollab_generated_headers "${_eventcollab_generated}/http_export.hpp")
endif()
install(FILES ${_eventcollab_generated_headers}
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/eventcollab
  COMPONENT eventcollab_development)

# --- CMake package --------------------------------------------------------------------------
# Recorded in the config so that consumers look for what the exported targets link.
if(TARGET eventcollab_http)
  set(EVENTCOLLAB_PACKAGE_HAS_HTTP ON)
else()
  set(EVENTCOLLAB_PACKAGE_HAS_HTTP OFF)
endif()

# One config file serves both the install tree and the build tree: it only refers to files
# next to itself, so it needs no PACKAGE_PREFIX_DIR.
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/eventcollabConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/eventcollabConfig.cmake"
  INSTALL_DESTINATION "${EVENTCOLLAB_INSTALL_CMAKEDIR}"
  NO_SET_AND_CHECK_MACRO)
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/eventcollabConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)

install(EXPORT eventcollabTargets
  NAMESPACE eventcollab::
  FILE eventcollabTargets.cmake
  DESTINATION "${EVENTCOLLAB_INSTALL_CMAKEDIR}"
  COMPONENT eventcollab_development)
install(FILES
  "${PROJECT_BINARY_DIR}/eventcollabConfig.cmake"
  "${PROJECT_BINARY_DIR}/eventcollabConfigVersion.cmake"
  DESTINATION "${EVENTCOLLAB_INSTALL_CMAKEDIR}"
  COMPONENT eventcollab_development)

# The build tree is a package too: -Deventcollab_DIR=<this build dir> works without install.
export(EXPORT eventcollabTargets
  NAMESPACE eventcollab::
  FILE "${PROJECT_BINARY_DIR}/eventcollabTargets.cmake")

# --- pkg-config -----------------------------------------------------------------------------
# The prefix is computed from the .pc file's own location, so `cmake --install --prefix X`
# and a moved prefix both work.
if(IS_ABSOLUTE "${EVENTCOLLAB_INSTALL_PKGCONFIGDIR}")
  message(FATAL_ERROR "EVENTCOLLAB_INSTALL_PKGCONFIGDIR must be relative to the prefix")
endif()
file(RELATIVE_PATH _eventcollab_pc_to_prefix "/p/${EVENTCOLLAB_INSTALL_PKGCONFIGDIR}" "/p")
string(REGEX REPLACE "/$" "" _eventcollab_pc_to_prefix "${_eventcollab_pc_to_prefix}")
set(EVENTCOLLAB_PC_PREFIX "\${pcfiledir}/${_eventcollab_pc_to_prefix}")
foreach(_dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_dir}}")
    set(EVENTCOLLAB_PC_${_dir} "${CMAKE_INSTALL_${_dir}}")
  else()
    set(EVENTCOLLAB_PC_${_dir} "\${prefix}/${CMAKE_INSTALL_${_dir}}")
  endif()
endforeach()
if(EVENTCOLLAB_PACKAGE_SHARED)
  set(EVENTCOLLAB_PC_CFLAGS "")
else()
  set(EVENTCOLLAB_PC_CFLAGS " -DEVENTCOLLAB_STATIC_DEFINE")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/eventcollab.pc.in"
               "${PROJECT_BINARY_DIR}/eventcollab.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/eventcollab.pc"
  DESTINATION "${EVENTCOLLAB_INSTALL_PKGCONFIGDIR}"
  COMPONENT eventcollab_development)
