// quake::tanh -- the hyperbolic tangent on the exp ladder, odd by construction.
#pragma once

#include <limits>
#include <quake/bounds.hpp>
#include <quake/detail/tanh_kernel.hpp>

namespace quake::fn {

/// The registry entry of quake::tanh.
struct tanh : elementwise_function<tanh> {
  static constexpr const char* name = "tanh";
  static constexpr const char* summary = "tanh x";
  static constexpr const char* bound_text = "B + 2u";
  static constexpr unsigned fuzz_id = 2;
  static constexpr monotone monotonicity = monotone::everywhere;
  static constexpr bool odd = true;
  static constexpr double sample_lo = -5, sample_hi = 5;
  /// Exactly +-1 beyond this: e^-40 is below half an ulp of 1 for float and double.
  template <class T>
  static constexpr T one_from = T(20);

  template <int Order, class T>
  static constexpr double bound() noexcept {
    return exp_bound<Order> + 2 * unit_roundoff<T>;
  }
  template <int Order, class T>
  static constexpr edges<T> edge_rules() noexcept {
    using L = std::numeric_limits<T>;
    edges<T> e;
    e.add(at_zero(edge<T>::identity, T(0), "tanh(+-0) == +-0"));
    if (detail::simd_flushes_subnormals<T>) {
      e.add({-L::min(), L::min(), true, true, edge<T>::identity, T(0), T(0),
             "a subnormal x reads as +-0 where SIMD flushes (32-bit NEON)", true});
    }
    e.add(above(one_from<T>, true, edge<T>::exactly, T(1), "exactly 1 for large x and +inf"));
    e.add(below(-one_from<T>, true, edge<T>::exactly, T(-1), "exactly -1 for large -x and -inf"));
    return e;
  }
  template <class T>
  static constexpr interval<T> range = {T(-1), T(1)};
  template <class W>
  static W reference(W x) {
    return std::tanh(x);
  }
};

}  // namespace quake::fn

/// Hyperbolic tangent, on exp<Order>. |x| < 0.5 uses an odd polynomial (relative error 1.5e-8 +
/// rounding, whatever the Order), so tanh stays accurate near 0 (tanh(x) == x for tiny x);
/// |x| >= 0.5 uses (1 - e) / (1 + e), e = exp<Order>(-2|x|), whose relative error is at most
/// 0.85 x exp's. The bound is relative, hence absolute too. Odd bit for bit (tanh(-x) ==
/// -tanh(x), tanh(-0) == -0); the result is in [-1, 1].
/// Cost: exp<Order> + 7 fma/mul + add, sub, division, max, compare, blend, two bit operations.
/// <!-- registry:doc:tanh -->
/// Error: B + 2u, relative (quake::bound<quake::fn::tanh, Order, T>); orders 1 / 2 / 3 / 4 / 5:
///   float 2.99e-2 / 2.70e-3 / 1.10e-4 / 4.12e-6 / 3.69e-7, double 2.99e-2 / 2.70e-3 / 1.10e-4 /
///   4.00e-6 / 2.50e-7.
/// Edges (quake::fn::tanh::edge_rules): NaN -> NaN; monotone; odd, bit for bit.
/// - x = ±0: exactly x.
/// - x > 20: exactly 1.
/// - x < -20: exactly -1.
/// <!-- /registry:doc:tanh -->
QUAKE_DEFINE_ELEMENTWISE(tanh)
