// Sigmoid with a division-free reciprocal, measured against quake::sigmoid's IEEE division and
// kept here (not in the library) because it lost on this project's machine; see
// docs/performance.md. Its results are quake::sigmoid's bits: the reciprocal below is the
// correctly rounded 1/b for every float b >= 1 (tests/bench_variants_test.cpp checks them all).
#pragma once

#include <cstddef>
#include <cstdint>
#include <quake/quake.hpp>

namespace quake_bench {

/// 1/b correctly rounded, for any float b >= 1 (inf and NaN included), without a division where
/// b < 2^125: an integer seed (0x7EF311C3 - bits(b), within 12 % of 1/b), four Newton steps
/// y += y (1 - b y) of two fused multiply-adds each, and a repair of the one kind of b the
/// iteration rounds the wrong way: a mantissa of all ones, b = 2^k (2 - 2^-23), whose reciprocal
/// 2^-k-1 (1 + 2^-23) has the bits 0x7F000000 - bits(b). A vector with a lane at or above 2^125
/// (where the seed, and from 2^126 the reciprocal, falls below FLT_MIN: a target that flushes
/// subnormals, such as 32-bit NEON, would lose it), or a NaN, is divided instead. Needs FMA: the
/// residual 1 - b y is exact only when fused.
template <class V>
inline V exact_reciprocal(const V& b) noexcept {
  using quake::detail::from_bits;
  using quake::detail::mul_add;
  using quake::detail::to_bits;
  using U = decltype(to_bits(b));
  if (xsimd::any(!(b < V(0x1p125f)))) return quake::detail::divide(V(1.0f), b);
  const U bits = to_bits(b);
  V y = from_bits<V>(U(0x7EF311C3u) - bits);
  // quake's mul_add, fused wherever the target has FMA (xsimd 8.1's fnma is fused only where
  // the compiler contracts it).
  const V minus_b = -b;
  for (int step = 0; step < 4; ++step) y = mul_add(y, mul_add(minus_b, y, V(1.0f)), y);
  const auto all_ones = ((bits + U(1u)) & U(0x7FFFFFu)) == U(0u);
  return from_bits<V>(xsimd::select(all_ones, U(0x7F000000u) - bits, to_bits(y)));
}

/// quake::sigmoid<Order>(in, out, n) with the reciprocal of 1 + e^-x taken by exact_reciprocal
/// in the vectors k of each four for which Newton & (1 << k) is set, by the divider in the
/// others (a mixed form uses the divider and the FMA ports side by side). The tail goes to
/// quake::sigmoid.
template <int Order, unsigned Newton>
void sigmoid_newton(const float* in, float* out, std::size_t n) {
  using B = xsimd::batch<float, quake::simd_arch>;
  constexpr std::size_t W = B::size;
  const auto one = [](const B& x, bool newton) {
    const B b = quake::detail::one_plus_exp_minus<Order>(x);
    return newton ? exact_reciprocal(b) : quake::detail::divide(B(1.0f), b);
  };
  std::size_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    const B a = B::load_unaligned(in + i), b = B::load_unaligned(in + i + W),
            c = B::load_unaligned(in + i + 2 * W), d = B::load_unaligned(in + i + 3 * W);
    one(a, (Newton & 1u) != 0).store_unaligned(out + i);
    one(b, (Newton & 2u) != 0).store_unaligned(out + i + W);
    one(c, (Newton & 4u) != 0).store_unaligned(out + i + 2 * W);
    one(d, (Newton & 8u) != 0).store_unaligned(out + i + 3 * W);
  }
  quake::sigmoid<Order>(in + i, out + i, n - i);
}

}  // namespace quake_bench
