// Kernels of gelu (tanh form) and gelu_sigmoid, as x * sigmoid(u).
#pragma once

#include <quake/detail/sigmoid_kernel.hpp>

namespace quake::detail {

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

}  // namespace quake::detail
