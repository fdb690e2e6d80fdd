// Applies an element-wise kernel over arrays with the widest SIMD architecture of the build.
#pragma once

#include <cstddef>
#include <cstring>
#include <quake/config.hpp>
#include <quake/detail/simd_ops.hpp>
#include <type_traits>

namespace quake {
namespace detail {

/// The element types of quake's array functions.
template <class T>
inline constexpr bool is_array_value =
    std::is_same<T, float>::value || std::is_same<T, double>::value;

/// out[i] = kernel(in[i]) for i < n. Any n, any alignment, in == out allowed (other overlaps are
/// not); nothing outside in[0, n) is read and nothing outside out[0, n) is written. The tail is
/// computed through a zero-padded stack buffer with the same SIMD kernel, so every element gets
/// the same bits as the scalar kernel would give it.
template <class T, class Kernel>
inline void apply_elementwise(const Kernel& kernel, const T* in, T* out, std::size_t n) noexcept {
  if constexpr (has_simd<T>) {
    using B = xsimd::batch<T, simd_arch>;
    constexpr std::size_t W = B::size;
    std::size_t i = 0;
    // Four independent batches per iteration hide the latency of the kernel's dependency chain.
    for (; i + 4 * W <= n; i += 4 * W) {
      const B a = B::load_unaligned(in + i);
      const B b = B::load_unaligned(in + i + W);
      const B c = B::load_unaligned(in + i + 2 * W);
      const B d = B::load_unaligned(in + i + 3 * W);
      kernel(a).store_unaligned(out + i);
      kernel(b).store_unaligned(out + i + W);
      kernel(c).store_unaligned(out + i + 2 * W);
      kernel(d).store_unaligned(out + i + 3 * W);
    }
    for (; i + W <= n; i += W) {
      kernel(B::load_unaligned(in + i)).store_unaligned(out + i);
    }
    if (i < n) {
      alignas(B::arch_type::alignment()) T buf[W] = {};
      std::memcpy(buf, in + i, (n - i) * sizeof(T));
      kernel(B::load_aligned(buf)).store_aligned(buf);
      std::memcpy(out + i, buf, (n - i) * sizeof(T));
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = kernel(in[i]);
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
