// quake::tanh -- the hyperbolic tangent on the exp ladder, odd by construction.
#pragma once

#include <cstddef>
#include <quake/config.hpp>
#include <quake/detail/array.hpp>
#include <quake/detail/exp_kernel.hpp>

namespace quake {
namespace detail {

template <class T>
struct tanh_coefficients;

// tanh(a) = a + a^3 * q(a^2) for |a| < small_limit, q of degree 3: fitted by
// tools/fit_tanh.py (iteratively reweighted least squares on relative error, 4000 Chebyshev
// nodes on [0, 0.5]); relative error 1.5e-8 in exact arithmetic, below every order's bound.
template <>
struct tanh_coefficients<float> {
  static constexpr float q[4] = {-0x1.5554d6p-2f, 0x1.10e9fcp-3f, -0x1.b28c7ap-5f, 0x1.1a7c1cp-6f};
  /// Below 0.5 the polynomial; from 0.5 on (1 - e) / (1 + e), e = e^-2|x|, whose relative
  /// error is eps_exp / sinh(2|x|) <= 0.85 eps_exp there.
  static constexpr float small_limit = 0.5f;
  /// tanh(0.5) rounded up (float(tanh 0.5) is above it by 1.7e-8): no value of the polynomial
  /// branch exceeds it, so flooring the exp branch at it keeps tanh monotone at the switch.
  static constexpr float at_limit = 0x1.d9353ep-2f;
};
template <>
struct tanh_coefficients<double> {
  static constexpr double q[4] = {-0x1.5554d634f7f86p-2, 0x1.10e9fc17db663p-3,
                                  -0x1.b28c7a0eb7290p-5, 0x1.1a7c1b45482d4p-6};
  static constexpr double small_limit = 0.5;
  /// The polynomial's value just below 0.5 (1.5e-8 above tanh(0.5)), rounded up.
  static constexpr double at_limit = 0x1.d9353dec16eb0p-2;
};

/// tanh on a = |x|, then the sign bit of x: odd bit for bit. Both branches are computed and
/// blended, so scalar and SIMD take the same one for the same input.
template <int Order, class V>
inline V tanh_kernel(const V& x) noexcept {
  using T = value_type_t<V>;
  using K = tanh_coefficients<T>;
  const V a = abs_b(x);
  // Small |x|: a + a^3 q(a^2), no cancellation.
  const V s = mul_add(a, a, splat<V>(T(0)));
  V q = splat<V>(K::q[3]);
  q = mul_add(q, s, splat<V>(K::q[2]));
  q = mul_add(q, s, splat<V>(K::q[1]));
  q = mul_add(q, s, splat<V>(K::q[0]));
  const V small = mul_add(mul_add(a, s, splat<V>(T(0))), q, a);
  // Otherwise (1 - e) / (1 + e) with e = e^-2a in [0, 1]: never above 1, +0 only at a = 0.
  const V e = exp_kernel<Order>(a * splat<V>(T(-2)));
  // Floored at tanh(0.5): exp<Order>'s error would otherwise let the large branch start below
  // where the polynomial ends (order 1 by 2%), a step down. Where the floor acts the true value
  // is above it, so the error only shrinks. NaN (second operand) passes through max_b.
  const V large = max_b(splat<V>(K::at_limit), divide(splat<V>(T(1)) - e, splat<V>(T(1)) + e));
  // a < small_limit is false for NaN, and the large branch carries NaN through.
  return or_sign_of(if_else(a < splat<V>(K::small_limit), small, large), x);
}

}  // namespace detail

/// Hyperbolic tangent, on exp<Order>.
///
/// Types: `float`, `double`, `xsimd::batch<float|double, A>`. Orders 1..5 (default 2).
/// Error: relative error at most exp<Order>'s bound (2.99e-2, 2.70e-3, 1.10e-4, 4.0e-6, 2.5e-7
/// for orders 1..5) plus 3 ulp, for every x; hence absolute error at most that bound too.
/// |x| < 0.5 uses an odd polynomial (relative error 1.5e-8 + rounding, independent of Order),
/// so tanh(x) stays accurate near 0 (tanh(x) == x for tiny x); |x| >= 0.5 uses
/// (1 - e) / (1 + e), e = exp<Order>(-2|x|), whose relative error is at most 0.85 x exp's.
/// Monotone (non-decreasing) for every order.
/// Edges: odd bit for bit (tanh(-x) == -tanh(x), tanh(-0) == -0); result in [-1, 1]; exactly
/// +-1 once e^-2|x| is below half an ulp of 1, and for +-inf; NaN -> NaN.
/// Scalar, batch and array forms give the same bits.
/// Cost: exp<Order> + 7 fma/mul + add, sub, division, max, compare, blend, two bit operations.
template <int Order = 2, class T>
inline T tanh(T x) noexcept {
  static_assert(detail::is_supported_value<T>::value,
                "quake::tanh takes float, double, or xsimd::batch<float|double, A>");
  static_assert(Order >= 1 && Order <= 5, "quake::tanh: Order must be 1..5");
  return detail::apply_one([](const auto& v) { return detail::tanh_kernel<Order>(v); }, x);
}

/// out[i] = quake::tanh<Order>(in[i]) for i < n: float or double, any n and alignment,
/// in == out allowed, nothing past n read or written, the same bits as the scalar form.
template <int Order = 2, class T>
inline void tanh(const T* in, T* out, std::size_t n) noexcept {
  static_assert(detail::is_array_value<T>, "quake::tanh arrays take float or double");
  static_assert(Order >= 1 && Order <= 5, "quake::tanh: Order must be 1..5");
  detail::apply_elementwise([](const auto& v) { return detail::tanh_kernel<Order>(v); }, in, out,
                            n);
}

}  // namespace quake
