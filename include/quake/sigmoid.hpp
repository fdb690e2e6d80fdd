// quake::sigmoid -- the logistic function 1 / (1 + e^-x) on the exp ladder.
#pragma once

#include <quake/bounds.hpp>
#include <quake/detail/sigmoid_kernel.hpp>

namespace quake::fn {

/// The registry entry of quake::sigmoid.
struct sigmoid : elementwise_function<sigmoid> {
  static constexpr const char* name = "sigmoid";
  static constexpr const char* summary = "1 / (1 + e^-x)";
  static constexpr const char* bound_text = "B / (1 - B) + 2u";
  static constexpr unsigned fuzz_id = 1;
  static constexpr monotone monotonicity = monotone::everywhere;
  /// Exactly 1 above this: e^-x (with exp's error) is below half an ulp of 1.
  template <class T>
  static constexpr T one_from = sizeof(T) == 4 ? T(17.4f) : T(37.5);
  /// The bound holds where the true value is >= 1e-30, i.e. x >= -ln(1e30 - 1); below that the
  /// result is in [0, 2e-30].
  template <class T>
  static constexpr T tiny_x = T(-69.07755278982137);
  template <class T>
  static constexpr T tiny_result = T(2e-30);

  template <int Order, class T>
  static constexpr double bound() noexcept {
    constexpr double b = exp_bound<Order>;
    return b / (1 - b) + 2 * unit_roundoff<T>;
  }
  template <int Order, class T>
  static constexpr edges<T> edge_rules() noexcept {
    edges<T> e;
    e.add(above(one_from<T>, true, edge<T>::exactly, T(1), "exactly 1 for large x and +inf"));
    e.add(below(-detail::exp_range<T>::overflow, true, edge<T>::exactly, T(0),
                "+0 below -overflow and -inf"));
    e.add({-detail::exp_range<T>::overflow, tiny_x<T>, false, true, edge<T>::between, T(0),
           tiny_result<T>, "in [0, 2e-30] where the true value is below 1e-30"});
    return e;
  }
  template <class T>
  static constexpr interval<T> range = {T(0), T(1)};
  template <class W>
  static W reference(W x) {
    return ref::logistic(x);
  }
};

}  // namespace quake::fn

/// The logistic function 1 / (1 + e^-x), on exp<Order>: an add and a division after exp<Order>
/// of -x. The result is in [0, 1]; the bound holds wherever the true value is at least 1e-30.
/// Cost: exp<Order> + an add and a division.
/// <!-- registry:doc:sigmoid -->
/// Error: B / (1 - B) + 2u, relative (quake::bound<quake::fn::sigmoid, Order, T>); orders 1 / 2 / 3
///   / 4 / 5: float 3.08e-2 / 2.71e-3 / 1.10e-4 / 4.12e-6 / 3.69e-7, double 3.08e-2 / 2.71e-3 /
///   1.10e-4 / 4.00e-6 / 2.50e-7.
/// Edges (quake::fn::sigmoid::edge_rules): NaN -> NaN; monotone.
/// - x > 17.4 (float) / x > 37.5 (double): exactly 1.
/// - x < -88.72283 (float) / x < -709.782712893384 (double): exactly +0.
/// - -88.72283 <= x < -69.07755 (float) / -709.782712893384 <= x < -69.07755278982137 (double): in
///   [+0, 2e-30].
/// <!-- /registry:doc:sigmoid -->
QUAKE_DEFINE_ELEMENTWISE(sigmoid)
