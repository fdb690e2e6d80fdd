// quake::mish -- x tanh(softplus(x)) (Misra 2019; YOLOv4/v5), on the exp ladder.
#pragma once

#include <cmath>
#include <quake/bounds.hpp>
#include <quake/detail/exp_kernel.hpp>

namespace quake::detail {

/// mish's argument of exp is clamped to this: from e^20 on, n / (n + 2) (below) rounds to exactly
/// 1 in float and double (2 / (n + 2) < e^-40 < 2^-57), so the result is x itself, and +inf for
/// +inf, without e overflowing.
inline constexpr double mish_clamp = 20;

/// mish(x) = x tanh(log(1 + e^x)) = x n / (n + 2), n = e (e + 2), e = exp<Order>(x): n is one
/// fused multiply-add (e e + 2e) and r = n / (n + 2) is in [0, 1], so no step cancels. A
/// relative error d of e, |d| <= B, moves r by at most 0.327 B (the maximum over e > 0 of
/// |r(e (1 + d)) - r(e)|, at e near 1, for order 1's B; 0.322 B for the others), and the four
/// roundings move it by at most 3.25u, so |error| <= (B / 3 + 4u) |x|. -inf is clamped to the
/// lowest finite value for the product, which is then +0 (the limit) rather than -inf * 0 = NaN;
/// NaN passes both clamps (min_b and max_b return their second operand) and is the only NaN source.
template <int Order, class V>
inline V mish_kernel(const V& x) noexcept {
  using T = value_type_t<V>;
  const V e = exp_kernel<Order>(min_b(splat<V>(T(mish_clamp)), x));
  const V n = mul_add(e, e, e + e);
  const V r = divide(n, n + splat<V>(T(2)));
  const V xf = max_b(splat<V>(std::numeric_limits<T>::lowest()), x);
  return mul_add(xf, r, splat<V>(T(0)));
}

}  // namespace quake::detail

namespace quake::fn {

/// The registry entry of quake::mish.
struct mish : times_x<mish> {
  static constexpr const char* name = "mish";
  static constexpr const char* summary = "x tanh(softplus(x)) (Mish, YOLOv4)";
  static constexpr const char* bound_text = "B / 3 + 4u";
  static constexpr unsigned fuzz_id = 11;
  /// Exactly x above this (n / (n + 2) rounds to 1), +0 below zero_below (e^x is +0 there).
  template <class T>
  static constexpr T identity_from = sizeof(T) == 4 ? T(9.1f) : T(19.1);
  template <class T>
  static constexpr T zero_below = sizeof(T) == 4 ? T(-88.73f) : T(-709.79);
  template <int Order, class T>
  static constexpr double bound() noexcept {
    return exp_bound<Order> / 3 + 4 * unit_roundoff<T>;
  }
  template <class W>
  static W reference(W x) {
    return x * std::tanh(std::log1p(std::exp(x)));
  }
  /// The same, given e^x: x n / (n + 2), n = e^x (e^x + 2), without cancellation (checkers that
  /// have e^x at hand use it).
  template <class W>
  static W reference_of_exp(W x, W ex) {
    const W n = ex * (ex + 2);
    return x * (n / (n + 2));
  }
};

}  // namespace quake::fn

/// Mish (Misra 2019; YOLOv4 and v5, other vision models): x tanh(softplus(x)) =
/// x (e^2x + 2e^x) / (e^2x + 2e^x + 2), on exp<Order>: one exp, one fused multiply-add, a division
/// and a product. Not monotone (its minimum is -0.3088 at x = -1.1924); never NaN for a non-NaN
/// input.
/// Cost: exp<Order> + 2 fma, an add, a division, min and max.
/// <!-- registry:doc:mish -->
/// Error: (B / 3 + 4u) abs(x) + smallest subnormal (quake::bound<quake::fn::mish, Order, T>);
///   orders 1 / 2 / 3 / 4 / 5: float 9.97e-3 / 9.00e-4 / 3.69e-5 / 1.57e-6 / 3.22e-7, double
///   9.97e-3 / 9.00e-4 / 3.67e-5 / 1.33e-6 / 8.33e-8.
/// Edges (quake::fn::mish::edge_rules): NaN -> NaN.
/// - x > 9.1 (float) / x > 19.1 (double): exactly x.
/// - x < -88.73 (float) / x < -709.79 (double): exactly +0.
/// - x = ±0: exactly +0.
/// <!-- /registry:doc:mish -->
QUAKE_DEFINE_ELEMENTWISE(mish)
