// Kernel of tanh: an odd polynomial near 0, (1 - e) / (1 + e) with e = exp<Order>(-2|x|) beyond.
#pragma once

#include <quake/detail/exp_kernel.hpp>
#include <quake/detail/tanh_coefficients.hpp>

namespace quake::detail {

/// tanh on a = |x|, then the sign bit of x: odd bit for bit. Both branches are computed and
/// blended, so scalar and SIMD take the same one for the same input.
/// Below small_limit: a + a^3 q(a^2) (tools/fit_tanh.py), no cancellation. From there on
/// (1 - e) / (1 + e), e = e^-2a in [0, 1], whose relative error is eps_exp / sinh(2a), at most
/// 0.85 eps_exp there; never above 1, +0 only at a = 0.
template <int Order, class V>
inline V tanh_kernel(const V& x) noexcept {
  using T = value_type_t<V>;
  using K = tanh_coefficients<T>;
  const V a = abs_bits(x);
  const V s = mul_add(a, a, splat<V>(T(0)));
  V q = splat<V>(K::q[3]);
  q = mul_add(q, s, splat<V>(K::q[2]));
  q = mul_add(q, s, splat<V>(K::q[1]));
  q = mul_add(q, s, splat<V>(K::q[0]));
  const V small = mul_add(mul_add(a, s, splat<V>(T(0))), q, a);
  const V e = exp_kernel_times<Order, -2, exp_domain::nonpositive>(a);  // e^-2a
  // Floored at the polynomial's last value: exp<Order>'s error would otherwise let the large
  // branch start below where the polynomial ends (order 1 by 2%), a step down. Where the floor
  // acts the true value is above it, so the error only shrinks. NaN (second operand) passes.
  const V large = max_b(splat<V>(K::at_limit), divide(splat<V>(T(1)) - e, splat<V>(T(1)) + e));
  // a < small_limit is false for NaN, and the large branch carries NaN through.
  return or_sign_of(if_else(a < splat<V>(K::small_limit), small, large), x);
}

}  // namespace quake::detail
