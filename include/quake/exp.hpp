// quake::exp -- the QuAKE exponential ladder, orders 1 (fastest, ~3%) to 5 (float32 grade).
#pragma once

#include <limits>
#include <quake/bounds.hpp>
#include <quake/detail/exp_kernel.hpp>

namespace quake::fn {

/// The registry entry of quake::exp: its bound, edge rules and reference.
struct exp : elementwise_function<exp> {
  static constexpr const char* name = "exp";
  static constexpr const char* summary = "e^x";
  static constexpr const char* bound_text = "B";
  static constexpr unsigned fuzz_id = 0;  // the fuzzer's input byte: append-only, never reused
  static constexpr monotone monotonicity = monotone::everywhere;
  static constexpr double sample_lo = -20, sample_hi = 20;

  template <int Order, class T>
  static constexpr double bound() noexcept {
    return exp_bound<Order>;
  }
  template <int Order, class T>
  static constexpr edges<T> edge_rules() noexcept {
    using R = detail::exp_range<T>;
    using L = std::numeric_limits<T>;
    edges<T> e;
    e.add(above(R::overflow, true, edge<T>::exactly, L::infinity(), "x > overflow -> +inf"));
    e.add(below(-R::overflow, false, edge<T>::exactly, T(0), "x <= -overflow -> +0 exactly"));
    if (Order == 1) {
      e.add({-R::overflow, R::normal_min, true, true, edge<T>::between, T(0),
             L::min() - L::denorm_min(), "underflow -> [0, min)"});
    } else {
      e.add({-R::overflow, R::normal_min, true, true, edge<T>::exactly, T(0), T(0),
             "underflow -> +0 (orders 2-5)"});
      e.add(at_zero(edge<T>::exactly, T(1), "exp(0) == 1 (orders 2-5)"));
    }
    return e;
  }
  /// Wherever no edge rule decides, the result also lies in range.
  template <class T>
  static constexpr interval<T> range = {T(0), std::numeric_limits<T>::max()};
  template <class W>
  static W reference(W x) {
    return std::exp(x);
  }
};

}  // namespace quake::fn

/// Approximate e^x.
///
/// | Order | method                                                                    |
/// |-------|---------------------------------------------------------------------------|
/// | 1     | float: as_float(int(c0*x + c1)) (QuAKE / Schraudolph 1999); double: the   |
/// |       | same function in split form, 2^n * a(1 + f)                               |
/// | 2     | 2^n * p2(f), quadratic in the fraction f (QuAKE2)                         |
/// | 3     | 2^n * p3(f), cubic                                                        |
/// | 4     | 2^n * p4(r), r = x - n ln2 (Cody-Waite), quartic                          |
/// | 5     | 2^n * p5(r), quintic                                                      |
///
/// The bound holds over every input whose true result is a normal number; below that the result
/// lies in [0, FLT_MIN) (order 1 for float may return a subnormal, orders 2-5 flush to +0), and
/// it is exactly +0 from minus the overflow threshold down. Inputs at or below the largest input
/// whose e^x is finite give a finite result (never above FLT_MAX). Monotone: x <= y implies
/// exp(x) <= exp(y).
/// Cost per element (vector instructions, float): order 1: 7; order N >= 2: 9 + N.
/// <!-- registry:doc:exp -->
/// Error: B, relative (quake::bound<quake::fn::exp, Order, T>); orders 1 / 2 / 3 / 4 / 5: float
///   2.99e-2 / 2.70e-3 / 1.10e-4 / 4.00e-6 / 2.50e-7, double 2.99e-2 / 2.70e-3 / 1.10e-4 / 4.00e-6
///   / 2.50e-7.
/// Edges (quake::fn::exp::edge_rules): NaN -> NaN; monotone.
/// - x > 88.72283 (float) / x > 709.782712893384 (double): exactly +inf.
/// - x <= -88.72283 (float) / x <= -709.782712893384 (double): exactly +0.
/// - order 1: -88.72283 < x < -87.33654 (float) / -709.782712893384 < x < -708.3964185322641
///   (double): in [+0, smallest normal).
/// - orders 2-5: -88.72283 < x < -87.33654 (float) / -709.782712893384 < x < -708.3964185322641
///   (double): exactly +0.
/// - orders 2-5: x = ±0: exactly 1.
/// <!-- /registry:doc:exp -->
QUAKE_DEFINE_ELEMENTWISE(exp)
