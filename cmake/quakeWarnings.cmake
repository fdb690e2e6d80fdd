# Targets for quake's own tests, benchmarks and tools -- never for consumers:
#   quake_arch      the target flags QUAKE_ARCH_FLAGS (e.g. -march=native), nothing else;
#   quake_warnings  quake_arch plus warnings (-Werror with QUAKE_WERROR);
#   QUAKE_WARNING_OPTIONS  the warnings alone;
#   QUAKE_X86_BASELINE_FLAGS  baseline x86-64 (SSE2, no FMA), in place of the target flags, for
#                  the second copy of a checker that proves the no-FMA bits (exhaustive, fuzz).
# Included once, by the top-level CMakeLists.txt, so every directory sees the same targets.
set(QUAKE_ARCH_FLAGS "" CACHE STRING
    "Target flags for quake's tests and benchmarks (e.g. -march=native)")

separate_arguments(_quake_arch_flags UNIX_COMMAND "${QUAKE_ARCH_FLAGS}")
add_library(quake_arch INTERFACE)
target_compile_options(quake_arch INTERFACE ${_quake_arch_flags})

# The warnings alone, for targets that must not take the arch flags (quake::dispatch, its tests).
set(QUAKE_WARNING_OPTIONS -Wall -Wextra -Wpedantic -Wconversion)
if(QUAKE_WERROR)
  list(APPEND QUAKE_WARNING_OPTIONS -Werror)
endif()
set(QUAKE_X86_BASELINE_FLAGS -march=x86-64 -mtune=generic)
add_library(quake_warnings INTERFACE)
target_link_libraries(quake_warnings INTERFACE quake_arch)
target_compile_options(quake_warnings INTERFACE ${QUAKE_WARNING_OPTIONS})
unset(_quake_arch_flags)
