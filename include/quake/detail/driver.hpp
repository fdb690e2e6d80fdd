// The array drivers: an element-wise kernel applied over arrays, for any xsimd architecture A
// and any storage type S (the element type in memory), computing in storage<S>::compute.
#pragma once

#include <cstddef>
#include <cstring>
#include <quake/config.hpp>
#include <quake/detail/simd_ops.hpp>
#include <quake/detail/storage.hpp>
#include <type_traits>

namespace quake {
namespace detail {

/// True when architecture A runs T on SIMD registers (else the drivers run the scalar kernel).
template <class T, class A>
inline constexpr bool simd_for = compat::has_register<T, A>::value;

/// out[i] = kernel(in[i]) for i < n, on architecture A. Any n, any alignment, in == out allowed
/// (other overlaps are not); nothing outside in[0, n) is read and nothing outside out[0, n) is
/// written. The tail is computed through a zero-padded stack buffer with the same SIMD kernel,
/// so every element gets the same bits as the scalar kernel gives it.
template <class A, class S, class Kernel>
inline void apply_elementwise(const Kernel& kernel, const S* in, S* out, std::size_t n) noexcept {
  using St = storage<S>;
  using T = compute_t<S>;
  if constexpr (simd_for<T, A>) {
    using B = xsimd::batch<T, A>;
    constexpr std::size_t W = B::size;
    std::size_t i = 0;
    // Four independent batches per iteration hide the latency of the kernel's dependency chain.
    for (; i + 4 * W <= n; i += 4 * W) {
      const B a = St::template load<A>(in + i);
      const B b = St::template load<A>(in + i + W);
      const B c = St::template load<A>(in + i + 2 * W);
      const B d = St::template load<A>(in + i + 3 * W);
      St::template store<A>(out + i, kernel(a));
      St::template store<A>(out + i + W, kernel(b));
      St::template store<A>(out + i + 2 * W, kernel(c));
      St::template store<A>(out + i + 3 * W, kernel(d));
    }
    for (; i + W <= n; i += W) St::template store<A>(out + i, kernel(St::template load<A>(in + i)));
    if (i < n) {
      alignas(A::alignment()) S buf[W] = {};
      std::memcpy(buf, in + i, (n - i) * sizeof(S));
      St::template store<A>(buf, kernel(St::template load<A>(buf)));
      std::memcpy(out + i, buf, (n - i) * sizeof(S));
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = St::from_compute(kernel(St::to_compute(in[i])));
  }
}

/// Applies an element-wise kernel to one value (a scalar or a batch). Identity but for scalar
/// floats in builds where simd_flushes_subnormals<float> (32-bit NEON): there the float goes
/// through the SIMD kernel (x in every lane, lane 0 returned), because NEON flushes subnormal
/// operands and results of every float operation to zero and scalar VFP code does not; only the
/// same instructions reproduce those bits. Scalar, batch and array forms thus agree there too.
template <class V, class Kernel>
inline V apply_one(const Kernel& kernel, const V& x) noexcept {
  if constexpr (std::is_same<V, float>::value && simd_flushes_subnormals<float>) {
    using B = xsimd::batch<V, simd_arch>;  // dependent on V: not instantiated elsewhere
    alignas(B::arch_type::alignment()) V lanes[B::size];
    kernel(B(x)).store_aligned(lanes);
    return lanes[0];
  } else {
    return kernel(x);
  }
}

}  // namespace detail
}  // namespace quake
