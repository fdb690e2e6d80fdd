// quake::silu -- x * sigmoid(x) (SiLU / swish-1, the gate of SwiGLU), on the exp ladder.
#pragma once

#include <cstddef>
#include <quake/sigmoid.hpp>

namespace quake {

/// SiLU (swish-1): x * sigmoid(x) = x / (1 + e^-x), on exp<Order>.
///
/// Types: `float`, `double`, `xsimd::batch<float|double, A>`. Orders 1..5 (default 2).
/// Error: |error| <= (exp<Order>'s bound + 4 ulp) * |x| for every x (bounds 2.99e-2, 2.70e-3,
/// 1.10e-4, 4.0e-6, 2.5e-7 for orders 1..5).
/// Edges: exactly x once sigmoid(x) rounds to 1 (x > 16.7 for float, 37.5 for double) and for
/// +inf; +0 for x < -88.73 (float) / -709.79 (double) and -inf (the true value is below
/// 1e-36 there); NaN -> NaN. silu(+-0) == +0. Scalar, batch and array forms give the same bits.
/// Cost: sigmoid<Order> + max and fma.
template <int Order = 2, class T>
inline T silu(T x) noexcept {
  static_assert(detail::is_supported_value<T>::value,
                "quake::silu takes float, double, or xsimd::batch<float|double, A>");
  static_assert(Order >= 1 && Order <= 5, "quake::silu: Order must be 1..5");
  return detail::apply_one([](const auto& v) { return detail::times_sigmoid<Order>(v, v); }, x);
}

/// out[i] = quake::silu<Order>(in[i]) for i < n: float or double, any n and alignment,
/// in == out allowed, nothing past n read or written, the same bits as the scalar form.
template <int Order = 2, class T>
inline void silu(const T* in, T* out, std::size_t n) noexcept {
  static_assert(detail::is_array_value<T>, "quake::silu arrays take float or double");
  static_assert(Order >= 1 && Order <= 5, "quake::silu: Order must be 1..5");
  detail::apply_elementwise([](const auto& v) { return detail::times_sigmoid<Order>(v, v); }, in,
                            out, n);
}

}  // namespace quake
