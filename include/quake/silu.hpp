// quake::silu -- x * sigmoid(x) (SiLU / swish-1, the gate of SwiGLU), on the exp ladder.
#pragma once

#include <quake/bounds.hpp>
#include <quake/detail/sigmoid_kernel.hpp>

namespace quake::fn {

/// The registry entry of quake::silu: x * sigmoid(x).
struct silu : times_sigmoid<silu> {
  static constexpr const char* name = "silu";
  static constexpr const char* summary = "x sigmoid(x) (SiLU, swish)";
  static constexpr unsigned fuzz_id = 3;
  template <class T>
  static constexpr T identity_from = sizeof(T) == 4 ? T(16.7f) : T(37.5);
  template <class T>
  static constexpr T zero_below = sizeof(T) == 4 ? T(-88.73f) : T(-709.79);
  /// u of x sigmoid(u).
  template <class W>
  static W sigmoid_argument(W x) {
    return x;
  }
};

}  // namespace quake::fn

/// SiLU (swish-1): x * sigmoid(x) = x / (1 + e^-x), on exp<Order>, rounded once from
/// sigmoid<Order>(x). The true value is below 1e-36 where the result is +0.
/// Cost: sigmoid<Order> + max and fma.
/// <!-- registry:doc:silu -->
/// Error: (B + 4u) abs(x) + smallest subnormal (quake::bound<quake::fn::silu, Order, T>); orders 1
///   / 2 / 3 / 4 / 5: float 2.99e-2 / 2.70e-3 / 1.10e-4 / 4.24e-6 / 4.88e-7, double 2.99e-2 /
///   2.70e-3 / 1.10e-4 / 4.00e-6 / 2.50e-7.
/// Edges (quake::fn::silu::edge_rules): NaN -> NaN.
/// - x > 16.7 (float) / x > 37.5 (double): exactly x.
/// - x < -88.73 (float) / x < -709.79 (double): exactly +0.
/// - x = ±0: exactly +0.
/// <!-- /registry:doc:silu -->
QUAKE_DEFINE_ELEMENTWISE(silu)
