# `quake_warnings`: warnings and target flags (QUAKE_ARCH_FLAGS) for quake's own test, benchmark
# and tool targets -- never for consumers. Included by tests/ and bench/; defined once.
include_guard(GLOBAL)

set(QUAKE_ARCH_FLAGS "" CACHE STRING
    "Target flags for quake's tests and benchmarks (e.g. -march=native)")
option(QUAKE_WERROR "Treat warnings in quake's own targets as errors" OFF)

add_library(quake_warnings INTERFACE)
separate_arguments(_quake_arch_flags UNIX_COMMAND "${QUAKE_ARCH_FLAGS}")
target_compile_options(quake_warnings INTERFACE -Wall -Wextra -Wpedantic -Wconversion
                                                ${_quake_arch_flags})
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 warns inside its own AVX-512 intrinsic headers (_mm512_undefined_*; GCC bug 105593).
  target_compile_options(quake_warnings INTERFACE -Wno-uninitialized)
endif()
if(QUAKE_WERROR)
  target_compile_options(quake_warnings INTERFACE -Werror)
endif()
