// quake::gelu (tanh form, GPT-2 / BERT) and quake::gelu_sigmoid (x * sigmoid(1.702 x)), on the
// exp ladder.
#pragma once

#include <cstddef>
#include <quake/sigmoid.hpp>

namespace quake {
namespace detail {

template <class T>
struct gelu_constants;

// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) == x * sigmoid(x (k + kc x^2)) with
// k = 2 sqrt(2/pi) and kc = 0.044715 k (values from mpmath, rounded to nearest).
template <>
struct gelu_constants<float> {
  static constexpr float k = 0x1.988454p+0f;      // 2 sqrt(2/pi) = 1.5957691216057308
  static constexpr float kc = 0x1.2444f2p-4f;     // 0.044715 * 2 sqrt(2/pi) = 0.07135481627260025
  static constexpr float quick = 0x1.b3b646p+0f;  // 1.702, gelu_sigmoid's slope
  /// The cubic's argument is clamped to [-24, 24]: there x (k + kc x^2) = +-1024, beyond exp's
  /// range for float and double, so the sigmoid is already exactly 1 or 0 and x^3 cannot overflow.
  static constexpr float clamp = 24.0f;
};
template <>
struct gelu_constants<double> {
  static constexpr double k = 0x1.9884533d43651p+0;
  static constexpr double kc = 0x1.2444f2a4d8b4bp-4;
  static constexpr double quick = 0x1.b3b645a1cac08p+0;
  static constexpr double clamp = 24.0;
};

template <int Order, class V>
inline V gelu_kernel(const V& x) noexcept {
  using T = value_type_t<V>;
  using C = gelu_constants<T>;
  const V xc = min_b(splat<V>(C::clamp), max_b(splat<V>(-C::clamp), x));  // NaN passes
  const V x2 = mul_add(xc, xc, splat<V>(T(0)));
  const V u = mul_add(xc, mul_add(x2, splat<V>(C::kc), splat<V>(C::k)), splat<V>(T(0)));
  return times_sigmoid<Order>(x, u);
}

template <int Order, class V>
inline V gelu_sigmoid_kernel(const V& x) noexcept {
  using T = value_type_t<V>;
  return times_sigmoid<Order>(x, mul_add(x, splat<V>(gelu_constants<T>::quick), splat<V>(T(0))));
}

}  // namespace detail

/// GELU, tanh form (GPT-2, BERT): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), computed as
/// x * sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3)) on exp<Order>.
///
/// Types: `float`, `double`, `xsimd::batch<float|double, A>`. Orders 1..5 (default 2).
/// Error against the tanh form: |error| <= (exp<Order>'s bound + 4 ulp) * |x| for every x
/// (bounds 2.99e-2, 2.70e-3, 1.10e-4, 4.0e-6, 2.5e-7 for orders 1..5). The tanh form itself
/// differs from the exact erf GELU 0.5 x (1 + erf(x / sqrt 2)) by at most 4.7e-4 (absolute,
/// measured by tools/activations_accuracy.cpp; see README).
/// Edges: exactly x for large positive x (x > 5.1 for float, 8.7 for double) and +inf; +0 for
/// x < -24 and -inf (true value below 1e-300); NaN -> NaN; no overflow of x^3 (the cubic's
/// argument is clamped to [-24, 24], where the sigmoid is already exactly 0 or 1).
/// Scalar, batch and array forms give the same bits.
/// Cost: sigmoid<Order> + 2 min/max, 4 fma and a max.
template <int Order = 2, class T>
inline T gelu(T x) noexcept {
  static_assert(detail::is_supported_value<T>::value,
                "quake::gelu takes float, double, or xsimd::batch<float|double, A>");
  static_assert(Order >= 1 && Order <= 5, "quake::gelu: Order must be 1..5");
  return detail::apply_one([](const auto& v) { return detail::gelu_kernel<Order>(v); }, x);
}

/// out[i] = quake::gelu<Order>(in[i]) for i < n: float or double, any n and alignment,
/// in == out allowed, nothing past n read or written, the same bits as the scalar form.
template <int Order = 2, class T>
inline void gelu(const T* in, T* out, std::size_t n) noexcept {
  static_assert(detail::is_array_value<T>, "quake::gelu arrays take float or double");
  static_assert(Order >= 1 && Order <= 5, "quake::gelu: Order must be 1..5");
  detail::apply_elementwise([](const auto& v) { return detail::gelu_kernel<Order>(v); }, in, out,
                            n);
}

/// "Quick GELU": x * sigmoid(1.702 x) (as in CLIP), on exp<Order>.
///
/// Types, orders and error rule as for gelu, against x * sigmoid(1.702 x) itself:
/// |error| <= (exp<Order>'s bound + 4 ulp) * |x|. This form differs from the exact erf GELU by
/// at most 2.0e-2 (absolute; see README).
/// Edges: exactly x once sigmoid(1.702 x) rounds to 1 and for +inf; +0 for x < -52.2 (float) /
/// -417.1 (double) and -inf; NaN -> NaN. Scalar, batch and array forms give the same bits.
/// Cost: sigmoid<Order> + a max and 2 fma.
template <int Order = 2, class T>
inline T gelu_sigmoid(T x) noexcept {
  static_assert(detail::is_supported_value<T>::value,
                "quake::gelu_sigmoid takes float, double, or xsimd::batch<float|double, A>");
  static_assert(Order >= 1 && Order <= 5, "quake::gelu_sigmoid: Order must be 1..5");
  return detail::apply_one([](const auto& v) { return detail::gelu_sigmoid_kernel<Order>(v); }, x);
}

/// out[i] = quake::gelu_sigmoid<Order>(in[i]) for i < n: float or double, any n and alignment,
/// in == out allowed, nothing past n read or written, the same bits as the scalar form.
template <int Order = 2, class T>
inline void gelu_sigmoid(const T* in, T* out, std::size_t n) noexcept {
  static_assert(detail::is_array_value<T>, "quake::gelu_sigmoid arrays take float or double");
  static_assert(Order >= 1 && Order <= 5, "quake::gelu_sigmoid: Order must be 1..5");
  detail::apply_elementwise([](const auto& v) { return detail::gelu_sigmoid_kernel<Order>(v); }, in,
                            out, n);
}

}  // namespace quake
