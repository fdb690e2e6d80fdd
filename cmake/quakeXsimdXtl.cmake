# Debian's xsimd 8.1 CMake package makes its `xsimd` target link a target named `xtl` that it
# never defines, so every consumer gets `-lxtl` and fails to link. Provide the target: from
# Debian's xtl-dev (find_package(xtl)) when present, else as an empty interface (xsimd's headers
# only use xtl for optional complex-number support, which quake does not use).
# Shared by quake's own build and by the installed quakeConfig.cmake.
if(TARGET xsimd AND NOT TARGET xtl)
  get_target_property(_quake_xsimd_links xsimd INTERFACE_LINK_LIBRARIES)
  if(_quake_xsimd_links MATCHES "(^|;)xtl(;|$)")
    find_package(xtl QUIET)
    if(NOT TARGET xtl)
      add_library(xtl INTERFACE IMPORTED GLOBAL)
    endif()
  endif()
  unset(_quake_xsimd_links)
endif()
