# How quake finds xsimd: an installed package first, then (if allowed) a pinned release
# downloaded with FetchContent, with a clear message when neither works.
include_guard(GLOBAL)

set(QUAKE_XSIMD_FETCH_TAG "13.2.0" CACHE STRING "xsimd release fetched when none is installed")

macro(quake_find_xsimd)
  if(NOT TARGET xsimd AND QUAKE_XSIMD_HOST_HEADERS)
    # Cross builds (cmake/toolchains): use the host's header-only xsimd through a directory that
    # holds nothing but a link to it, so the host's /usr/include never reaches the cross compiler.
    set(_quake_xsimd_stage "${CMAKE_BINARY_DIR}/_quake_xsimd/include")
    file(MAKE_DIRECTORY "${_quake_xsimd_stage}")
    file(CREATE_LINK "${QUAKE_XSIMD_HOST_HEADERS}" "${_quake_xsimd_stage}/xsimd" SYMBOLIC)
    add_library(xsimd INTERFACE IMPORTED GLOBAL)
    set_target_properties(xsimd PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_quake_xsimd_stage}")
    message(STATUS "quake: using the host's xsimd headers ${QUAKE_XSIMD_HOST_HEADERS}")
  endif()
  if(NOT TARGET xsimd)
    find_package(xsimd QUIET)
  endif()
  if(TARGET xsimd)
    get_target_property(_quake_xsimd_imported xsimd IMPORTED)
    if(_quake_xsimd_imported)
      # Visible to every directory, so consumers that add_subdirectory(quake) resolve it too.
      set_target_properties(xsimd PROPERTIES IMPORTED_GLOBAL TRUE)
    endif()
    include(quakeXsimdXtl)
    message(STATUS "quake: using xsimd ${xsimd_VERSION}")
  elseif(QUAKE_FETCH_XSIMD)
    message(STATUS "quake: xsimd not installed; fetching xsimd ${QUAKE_XSIMD_FETCH_TAG}")
    include(FetchContent)
    FetchContent_Declare(
      xsimd
      GIT_REPOSITORY https://github.com/xtensor-stack/xsimd.git
      GIT_TAG ${QUAKE_XSIMD_FETCH_TAG}
      GIT_SHALLOW TRUE)
    FetchContent_MakeAvailable(xsimd)
  endif()
  if(NOT TARGET xsimd)
    message(
      FATAL_ERROR
        "quake needs xsimd (header-only). Install it (Debian/Ubuntu: apt-get install libxsimd-dev), "
        "point CMAKE_PREFIX_PATH at an installed xsimd, or configure with QUAKE_FETCH_XSIMD=ON "
        "on a machine that can reach GitHub.")
  endif()
endmacro()
