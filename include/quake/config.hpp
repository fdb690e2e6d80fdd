// Build-wide facts quake derives from the compiler's target flags.
#pragma once

#include <quake/version.h>

#include <quake/detail/xsimd_compat.hpp>
#include <quake/order.hpp>

namespace quake {
namespace detail {
/// Order is one of the ladder's.
template <int Order>
constexpr void check_order() noexcept {
  static_assert(Order >= 1 && Order <= max_order, "quake: Order must be 1..5 (quake::max_order)");
}
}  // namespace detail

/// The widest xsimd architecture enabled at compile time: what the array functions run.
using simd_arch = xsimd::default_arch;

/// True when `simd_arch` is a real SIMD architecture with registers for `T`; false on targets
/// without SIMD (e.g. armv7 with VFP only), or for double on 32-bit NEON. The array functions
/// then run the scalar kernel, which returns the same bits.
template <class T>
inline constexpr bool has_simd = detail::compat::has_register<T, simd_arch>::value;

/// True when quake's kernels use fused multiply-adds in this build: scalar code and batches of
/// `simd_arch` alike (batches of an architecture A fuse when detail::compat::arch_fma<A>()).
/// This is what makes the scalar, batch and array forms return the same bits within one build,
/// and what picks a build's column of the golden test: every FMA build gives the same bits.
inline constexpr bool has_fma =
    has_simd<float> ? detail::compat::arch_fma<simd_arch>() : detail::compat::target_fma;

}  // namespace quake
