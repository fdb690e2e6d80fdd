// quake::gelu_erf -- the exact GELU, 0.5 x (1 + erf(x / sqrt 2)) (BERT, ViT, Whisper), on the
// exp ladder.
#pragma once

#include <cmath>
#include <quake/bounds.hpp>
#include <quake/detail/gelu_erf_kernel.hpp>

namespace quake::fn {

/// The registry entry of quake::gelu_erf: x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)).
struct gelu_erf : times_x<gelu_erf> {
  static constexpr const char* name = "gelu_erf";
  static constexpr const char* summary = "GELU, exact: x Phi(x) = 0.5 x (1 + erf(x / sqrt 2))";
  static constexpr const char* bound_text = "2B + 8u";
  static constexpr unsigned fuzz_id = 8;
  static constexpr monotone monotonicity = monotone::nonnegative;
  /// Exactly x above this (Phi rounds to 1), +0 below zero_below (exp(-H) underflows to 0).
  template <class T>
  static constexpr T identity_from = sizeof(T) == 4 ? T(6) : T(9.5);
  template <class T>
  static constexpr T zero_below = sizeof(T) == 4 ? T(-14.5) : T(-43);
  template <int Order, class T>
  static constexpr double bound() noexcept {
    return 2 * exp_bound<Order> + 8 * unit_roundoff<T>;
  }
  template <class W>
  static W reference(W x) {
    return W(0.5L) * x * std::erfc(-x / std::sqrt(W(2)));
  }
};

}  // namespace quake::fn

/// GELU, exact (erf) form: x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), Phi the standard normal CDF,
/// as computed by BERT, ViT and Whisper, on exp<Order>: Phi(-|x|) = exp(-H(|x|)) with a
/// polynomial H fitted per order (tools/fit_gelu_erf.py) -- one exp, no division, no erf. Never
/// NaN for a non-NaN input.
/// Cost: exp<Order> + a polynomial of degree 2 (orders 1-2), 3, 5, 7 (orders 3, 4, 5) + 5.
/// <!-- registry:doc:gelu_erf -->
/// Error: (2B + 8u) abs(x) + smallest subnormal (quake::bound<quake::fn::gelu_erf, Order, T>);
///   orders 1 / 2 / 3 / 4 / 5: float 5.98e-2 / 5.40e-3 / 2.20e-4 / 8.48e-6 / 9.77e-7, double
///   5.98e-2 / 5.40e-3 / 2.20e-4 / 8.00e-6 / 5.00e-7.
/// Edges (quake::fn::gelu_erf::edge_rules): NaN -> NaN; monotone for x >= 0.
/// - x > 6 (float) / x > 9.5 (double): exactly x.
/// - x < -14.5 (float) / x < -43 (double): exactly +0.
/// - x = ±0: exactly +0.
/// <!-- /registry:doc:gelu_erf -->
QUAKE_DEFINE_ELEMENTWISE(gelu_erf)
