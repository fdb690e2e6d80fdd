// Build-wide facts quake derives from the compiler's target flags.
#pragma once

#include <quake/detail/xsimd_compat.hpp>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#define QUAKE_VERSION_MAJOR 0
#define QUAKE_VERSION_MINOR 1
#define QUAKE_VERSION_PATCH 0

namespace quake {

/// True when the target has a fused multiply-add instruction. Every quake kernel, scalar and
/// SIMD alike, then uses fused multiply-adds; otherwise none does. This is what makes the scalar,
/// batch and array forms return the same bits within one build.
inline constexpr bool has_fma =
#if defined(__FMA__) || defined(__aarch64__) || defined(__ARM_FEATURE_FMA)
    true;
#else
    false;
#endif

/// The widest xsimd architecture enabled at compile time (what the array functions run).
using simd_arch = xsimd::default_arch;

/// True when `simd_arch` is a real SIMD architecture with registers for `T`; false on targets
/// without SIMD (e.g. armv7 with VFP only), or for double on 32-bit NEON. The array functions
/// then run the scalar kernel, which returns the same bits.
template <class T>
inline constexpr bool has_simd = detail::compat::has_register<T, simd_arch>::value;

}  // namespace quake
