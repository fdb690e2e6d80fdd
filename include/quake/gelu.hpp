// quake::gelu (tanh form, GPT-2 / BERT) and quake::gelu_sigmoid (x * sigmoid(1.702 x)), on the
// exp ladder.
#pragma once

#include <cmath>
#include <quake/bounds.hpp>
#include <quake/detail/gelu_kernel.hpp>

namespace quake::fn {

/// The registry entry of quake::gelu, tanh form:
/// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) = x * sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3)).
struct gelu : times_sigmoid<gelu> {
  static constexpr const char* name = "gelu";
  static constexpr const char* summary = "GELU, tanh form (GPT-2, BERT)";
  static constexpr unsigned fuzz_id = 4;
  template <class T>
  static constexpr T identity_from = sizeof(T) == 4 ? T(5.1f) : T(8.7);
  template <class T>
  static constexpr T zero_below = T(-24);
  /// u of x sigmoid(u).
  template <class W>
  static W sigmoid_argument(W x) {
    const W k = W(2) * std::sqrt(W(2) / W(3.14159265358979323846264338327950288L));
    return k * (x + W(0.044715L) * x * x * x);
  }
};

/// The registry entry of quake::gelu_sigmoid: x * sigmoid(1.702 x).
struct gelu_sigmoid : times_sigmoid<gelu_sigmoid> {
  static constexpr const char* name = "gelu_sigmoid";
  static constexpr const char* summary = "x sigmoid(1.702 x) (quick GELU)";
  static constexpr unsigned fuzz_id = 7;
  template <class T>
  static constexpr T identity_from = sizeof(T) == 4 ? T(10.3f) : T(22.1);
  template <class T>
  static constexpr T zero_below = sizeof(T) == 4 ? T(-52.2f) : T(-417.1);
  /// u of x sigmoid(u).
  template <class W>
  static W sigmoid_argument(W x) {
    return W(1.702L) * x;
  }
};

}  // namespace quake::fn

/// GELU, tanh form (GPT-2, BERT): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), computed as
/// x * sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3)) on exp<Order>. The error is against the tanh
/// form; the tanh form itself differs from the exact erf GELU 0.5 x (1 + erf(x / sqrt 2)) by at
/// most 4.74e-4 (absolute; docs/accuracy.md). x^3 cannot overflow: the cubic's argument is
/// clamped to [-24, 24], where the sigmoid is already 0 or 1.
/// Cost: sigmoid<Order> + 2 min/max, 4 fma and a max.
/// <!-- registry:doc:gelu -->
/// Error: (B + 4u) abs(x) + smallest subnormal (quake::bound<quake::fn::gelu, Order, T>); orders 1
///   / 2 / 3 / 4 / 5: float 2.99e-2 / 2.70e-3 / 1.10e-4 / 4.24e-6 / 4.88e-7, double 2.99e-2 /
///   2.70e-3 / 1.10e-4 / 4.00e-6 / 2.50e-7.
/// Edges (quake::fn::gelu::edge_rules): NaN -> NaN.
/// - x > 5.1 (float) / x > 8.7 (double): exactly x.
/// - x < -24: exactly +0.
/// - x = ±0: exactly +0.
/// <!-- /registry:doc:gelu -->
QUAKE_DEFINE_ELEMENTWISE(gelu)

/// "Quick GELU": x * sigmoid(1.702 x) (as in CLIP), on exp<Order>; the error is against this form
/// itself, which differs from the exact erf GELU by at most 2.04e-2 (absolute; docs/accuracy.md).
/// Cost: sigmoid<Order> + a max and 2 fma.
/// <!-- registry:doc:gelu_sigmoid -->
/// Error: (B + 4u) abs(x) + smallest subnormal (quake::bound<quake::fn::gelu_sigmoid, Order, T>);
///   orders 1 / 2 / 3 / 4 / 5: float 2.99e-2 / 2.70e-3 / 1.10e-4 / 4.24e-6 / 4.88e-7, double
///   2.99e-2 / 2.70e-3 / 1.10e-4 / 4.00e-6 / 2.50e-7.
/// Edges (quake::fn::gelu_sigmoid::edge_rules): NaN -> NaN.
/// - x > 10.3 (float) / x > 22.1 (double): exactly x.
/// - x < -52.2 (float) / x < -417.1 (double): exactly +0.
/// - x = ±0: exactly +0.
/// <!-- /registry:doc:gelu_sigmoid -->
QUAKE_DEFINE_ELEMENTWISE(gelu_sigmoid)
