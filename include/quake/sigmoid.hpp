// quake::sigmoid -- the logistic function 1 / (1 + e^-x) on the exp ladder.
#pragma once

#include <cstddef>
#include <limits>
#include <quake/config.hpp>
#include <quake/detail/array.hpp>
#include <quake/detail/exp_kernel.hpp>
#include <type_traits>

namespace quake {
namespace detail {

/// 1 / (1 + exp<Order>(-x)). With e = e^-x (1 + d), |d| <= eps, the result is the true value
/// times (1 + e^-x) / (1 + e^-x (1 + d)), whose relative error is at most eps / (1 - eps) (the
/// limit of large e^-x), plus the rounding of the add and the division. Edges come from exp's: -x
/// beyond exp's overflow threshold gives e = +inf and the result +0; e below half an ulp of 1 gives
/// exactly 1; NaN propagates.
template <int Order, class V>
inline V sigmoid_kernel(const V& x) noexcept {
  using T = value_type_t<V>;
  // -x as 0 - x (equal but for the sign of zero, which exp ignores): a NaN comes out with the
  // same bits (quieted) on every path, so the NaN reaching times_sigmoid's two-NaN fma is the same
  // whichever operand wins. Unary minus flips a NaN's sign in scalar code but not in xsimd 8's
  // batches, and GCC folds x * -1 into unary minus.
  const V e = exp_kernel<Order>(splat<V>(T(0)) - x);
  return divide(splat<V>(T(1)), splat<V>(T(1)) + e);
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

}  // namespace detail

/// The logistic function 1 / (1 + e^-x), on exp<Order>.
///
/// Types: `float`, `double`, `xsimd::batch<float|double, A>`. Orders 1..5 (default 2).
/// Error: relative error at most B / (1 - B) + 4 ulp, B = exp<Order>'s bound (2.99e-2, 2.70e-3,
/// 1.10e-4, 4.0e-6, 2.5e-7 for orders 1..5; B / (1 - B) <= 1.031 B), wherever the true value is
/// at least 1e-30 (x >= -69); below that the result is in [0, 2e-30].
/// Edges: the result is in [0, 1]; exactly 1 for x >= 17 (float) / 37 (double) and +inf;
/// exactly +0 for x < -88.72 (float) / -709.78 (double), where e^-x overflows, and -inf;
/// NaN -> NaN. Scalar, batch and array forms give the same bits.
/// Cost: exp<Order> + an add and a division.
template <int Order = 2, class T>
inline T sigmoid(T x) noexcept {
  static_assert(detail::is_supported_value<T>::value,
                "quake::sigmoid takes float, double, or xsimd::batch<float|double, A>");
  static_assert(Order >= 1 && Order <= 5, "quake::sigmoid: Order must be 1..5");
  return detail::apply_one([](const auto& v) { return detail::sigmoid_kernel<Order>(v); }, x);
}

/// out[i] = quake::sigmoid<Order>(in[i]) for i < n: float or double, any n and alignment,
/// in == out allowed, nothing past n read or written, the same bits as the scalar form.
template <int Order = 2, class T>
inline void sigmoid(const T* in, T* out, std::size_t n) noexcept {
  static_assert(detail::is_array_value<T>, "quake::sigmoid arrays take float or double");
  static_assert(Order >= 1 && Order <= 5, "quake::sigmoid: Order must be 1..5");
  detail::apply_elementwise([](const auto& v) { return detail::sigmoid_kernel<Order>(v); }, in, out,
                            n);
}

}  // namespace quake
