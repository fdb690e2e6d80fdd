// xsimd's headers, included the one way quake includes them. GCC 12 warns inside its own AVX-512
// intrinsic headers (`__Y` used uninitialized in _mm512_undefined_*-based helpers; GCC bug
// 105593), in any code that inlines them, even at -Wall without -Werror. quake cannot avoid those
// intrinsics (xsimd uses them), so the two warnings are silenced for the intrinsic headers only:
// they are included here, between push and pop. A program that includes <immintrin.h> itself
// before quake still sees GCC's warnings. (Its own header: the dispatch library includes xsimd
// before it renames quake's namespace, src/dispatch/kernels.cpp.)
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <xsimd/xsimd.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// After xsimd.hpp, whose includes its register headers need: xsimd::default_arch and
// has_simd_register, which xsimd.hpp alone does not declare when no SIMD is enabled.
#include <xsimd/config/xsimd_arch.hpp>
