// Softmax algorithms measured against quake::softmax's three-pass algorithm, kept here (not in
// the library) because they lost on this project's machine; see docs/design.md.
#pragma once

#include <cstddef>
#include <cstring>
#include <limits>
#include <quake/quake.hpp>

namespace quake_bench {

using quake::detail::exp_kernel_unit;

/// Two passes (online max and sum, then exp and scale): reads the input twice, writes once.
/// Per lane, a running max m and a sum s relative to it; a vector whose elements exceed m
/// rescales s by exp(m - m_new) (rare after the first vectors of a typical row).
template <int Order>
void softmax_two_pass(const float* in, float* out, std::size_t n) {
  if (n == 0) return;
  using B = xsimd::batch<float, quake::simd_arch>;
  constexpr std::size_t W = B::size;
  const float lowest = std::numeric_limits<float>::lowest();
  B m(lowest), s(0.0f);
  std::size_t i = 0;
  for (; i + W <= n; i += W) {
    const B x = B::load_unaligned(in + i);
    if (xsimd::any(x > m)) {
      const B mn = xsimd::max(m, x);
      s = s * exp_kernel_unit<Order>(m - mn);
      m = mn;
    }
    s = s + exp_kernel_unit<Order>(x - m);
  }
  alignas(B::arch_type::alignment()) float mb[W], sb[W];
  m.store_aligned(mb);
  s.store_aligned(sb);
  float mx = lowest;
  for (std::size_t k = 0; k < W; ++k) mx = mb[k] > mx ? mb[k] : mx;
  for (std::size_t k = i; k < n; ++k) mx = in[k] > mx ? in[k] : mx;
  float sum = 0;
  for (std::size_t k = 0; k < W; ++k) sum += sb[k] * exp_kernel_unit<Order>(mb[k] - mx);
  for (std::size_t k = i; k < n; ++k) sum += exp_kernel_unit<Order>(in[k] - mx);
  const B r(1.0f / sum), mxb(mx);
  for (i = 0; i + W <= n; i += W) {
    (exp_kernel_unit<Order>(B::load_unaligned(in + i) - mxb) * r).store_unaligned(out + i);
  }
  for (; i < n; ++i) out[i] = exp_kernel_unit<Order>(in[i] - mx) * (1.0f / sum);
}

/// Three passes with the max folded into order 2's affine step (the QuAKE paper's
/// c1' = c1 - c0 max): z = fma(x, log2e, -0.5 - max log2e), one fma before the bit trick, instead
/// of quake's (x - max) then fma. For timing only: see softmax.hpp for why quake subtracts.
inline void softmax_folded2(const float* in, float* out, std::size_t n) {
  if (n == 0) return;
  using B = xsimd::batch<float, quake::simd_arch>;
  using R = quake::detail::exp_range<float>;
  using K = quake::detail::exp_coefficients<float>;
  using quake::detail::mul_add;
  constexpr std::size_t W = B::size;
  const float mx =
      quake::detail::row_max<quake::simd_arch, float>(quake::detail::plain_row<float>{in}, n);
  const B bias(-0.5f - mx * R::log2e), magic(R::magic), half(0.5f), lo(-127.0f), zero(0.0f);
  auto e = [&](const B& x) {
    const B z = xsimd::max(mul_add(x, B(R::log2e), bias), lo);
    const B sm = z + magic;
    const B nn = sm - magic;
    const B scale = quake::detail::from_bits<B>(quake::detail::to_bits(sm) << 23);
    const B f = (z - nn) + half;
    return mul_add(quake::detail::poly_one_plus(f, K::order2), scale, zero);
  };
  B s0(0.0f), s1(0.0f);
  std::size_t i = 0;
  for (; i + 2 * W <= n; i += 2 * W) {
    const B e0 = e(B::load_unaligned(in + i)), e1 = e(B::load_unaligned(in + i + W));
    e0.store_unaligned(out + i);
    e1.store_unaligned(out + i + W);
    s0 = s0 + e0;
    s1 = s1 + e1;
  }
  float sum = xsimd::hadd(s0 + s1);
  for (; i < n; ++i) {
    out[i] = quake::exp<2>(in[i] - mx);
    sum += out[i];
  }
  const float r = 1.0f / sum;
  for (i = 0; i < n; ++i) out[i] *= r;
}

}  // namespace quake_bench
