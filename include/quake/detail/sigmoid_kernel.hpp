// Kernels of sigmoid and of the x * sigmoid(u) family (silu, gelu, gelu_sigmoid).
#pragma once

#include <limits>
#include <quake/detail/exp_kernel.hpp>

namespace quake::detail {

/// 1 + exp<Order>(-x), the denominator of sigmoid_kernel; a separate step so that a different
/// reciprocal of it (bench/sigmoid_variants.hpp) starts from the same bits. -x is taken as 0 - x
/// where it is taken (exp_kernel_times, times<-1>): a NaN comes out with the same bits (quieted)
/// on every path, so the NaN reaching times_sigmoid's two-NaN fma is the same whichever operand
/// wins.
template <int Order, class V>
inline V one_plus_exp_minus(const V& x) noexcept {
  using T = value_type_t<V>;
  return splat<V>(T(1)) + exp_kernel_times<Order, -1>(x);
}

/// 1 / (1 + exp<Order>(-x)). With e = e^-x (1 + d), |d| <= B, the result is the true value times
/// (1 + e^-x) / (1 + e^-x (1 + d)), whose relative error is at most B / (1 - B) (the limit of
/// large e^-x), plus the rounding of the add and the division. Edges come from exp's: -x beyond
/// exp's overflow threshold gives e = +inf and the result +0; e below half an ulp of 1 gives
/// exactly 1; NaN propagates.
template <int Order, class V>
inline V sigmoid_kernel(const V& x) noexcept {
  using T = value_type_t<V>;
  return divide(splat<V>(T(1)), one_plus_exp_minus<Order>(x));
}

/// x * sigmoid_kernel(u), the shape of silu, gelu and gelu_sigmoid. The product is an fma with
/// +0 so that a caller's add cannot be contracted into it (see exp_split). x = -inf, where u is
/// -inf and the sigmoid exactly 0, is clamped to the lowest finite value so that the product is
/// 0 rather than NaN; NaN passes the clamp (it is max_b's second operand).
template <int Order, class V>
inline V times_sigmoid(const V& x, const V& u) noexcept {
  using T = value_type_t<V>;
  const V xf = max_b(splat<V>(std::numeric_limits<T>::lowest()), x);
  return mul_add(xf, sigmoid_kernel<Order>(u), splat<V>(T(0)));
}

/// silu: x * sigmoid(x).
template <int Order, class V>
inline V silu_kernel(const V& x) noexcept {
  return times_sigmoid<Order>(x, x);
}

}  // namespace quake::detail
