// What a registry entry is made of: the exp ladder every bound is built on, the unit of every
// rounding term, how an error is measured, edge rules, and the bases the entries of the
// functions' headers derive from (<quake/exp.hpp>, <quake/softmax.hpp>, ...). The registry
// (<quake/registry.hpp>) collects the entries into one list.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <quake/detail/api.hpp>
#include <quake/detail/driver.hpp>
#include <type_traits>
#include <utility>

namespace quake {

// ---- orders and bounds --------------------------------------------------------------------

/// u, the unit roundoff of T: 2^-24 for float, 2^-53 for double. Every rounding term of every
/// bound is a multiple of u (one ulp of a number in [1, 2) is 2u).
template <class T>
inline constexpr double unit_roundoff = std::numeric_limits<T>::epsilon() / 2;

/// The exp ladder: B, the maximum relative error of quake::exp<Order> at index Order - 1, float
/// and double alike, over every input whose e^x is a normal number. Every other bound is built on
/// it. Proven for float over all 2^32 inputs (docs/verification.md).
inline constexpr double exp_ladder[max_order] = {2.99e-2, 2.70e-3, 1.10e-4, 4.0e-6, 2.5e-7};

/// B for one order: quake::exp_bound<2> is 2.70e-3.
template <int Order>
inline constexpr double exp_bound = (detail::check_order<Order>(), exp_ladder[Order - 1]);

/// How a function's error is measured: |y - f(x)| <= bound * scale + slack, with scale |f(x)|
/// (relative) or |x| (per_abs_x: the x * g(x) family, whose values vanish where x does).
enum class measure { relative, per_abs_x };

/// Which inputs a function is monotone (non-decreasing) over.
enum class monotone { everywhere, nonnegative, no };

// ---- edge rules ---------------------------------------------------------------------------

/// An edge rule: for every input x in the interval (lo, hi), ends included where not open, the
/// result is decided without a reference: exactly `a` (bit for bit), `between` a and b (by value,
/// -0 counting below +0), or `identity` (x itself, bit for bit; on 32-bit NEON float, whose SIMD
/// flushes subnormals, x with a subnormal read as a zero of its sign). NaN inputs are never in
/// an interval: every function maps NaN to NaN.
template <class T>
struct edge {
  enum kind_t { exactly, between, identity };
  T lo, hi;
  bool lo_open, hi_open;
  kind_t kind;
  T a, b;
  const char* rule;
  /// A rule of builds whose SIMD flushes subnormals only (32-bit NEON float).
  bool flush_only = false;

  constexpr bool contains(T x) const noexcept {
    return (lo_open ? lo < x : lo <= x) && (hi_open ? x < hi : x <= hi);
  }
};

/// x > t (x >= t when not `open`), up to +inf.
template <class T>
constexpr edge<T> above(T t, bool open, typename edge<T>::kind_t k, T a, const char* rule) {
  return {t, std::numeric_limits<T>::infinity(), open, false, k, a, T(0), rule};
}
/// x < t (x <= t when not `open`), from -inf.
template <class T>
constexpr edge<T> below(T t, bool open, typename edge<T>::kind_t k, T a, const char* rule) {
  return {-std::numeric_limits<T>::infinity(), t, false, open, k, a, T(0), rule};
}
template <class T>
constexpr edge<T> at_zero(typename edge<T>::kind_t k, T a, const char* rule) {
  return {T(0), T(0), false, false, k, a, T(0), rule};
}

/// A function's edge rules, in the order they are tried (at most 4).
template <class T>
struct edges {
  edge<T> list[4] = {};
  std::size_t size = 0;
  constexpr edges& add(const edge<T>& e) {
    list[size++] = e;
    return *this;
  }
  constexpr const edge<T>* begin() const { return list; }
  constexpr const edge<T>* end() const { return list + size; }
};

/// The bound of F at Order for T: the factor of the error's scale (each function's entry).
template <class F, int Order, class T>
inline constexpr double bound = (detail::check_order<Order>(), F::template bound<Order, T>());

namespace fn {

namespace ref {
/// The logistic function in a wide type W, without cancellation for either sign.
template <class W>
W logistic(W u) {
  return u >= 0 ? 1 / (1 + std::exp(-u)) : std::exp(u) / (1 + std::exp(u));
}
}  // namespace ref

/// The interval [lo, hi] a function's results lie in wherever no edge rule decides.
template <class T>
struct interval {
  T lo, hi;
  constexpr bool contains(T y) const noexcept { return y >= lo && y <= hi; }
};

/// What every element-wise entry D shares: the defaults an entry overrides where it differs
/// (error relative to |f(x)|, neither monotone nor odd, results anywhere, benchmarks sampling
/// [-10, 10]), and its forms, from its kernel detail::D_kernel<Order>(v) (v a scalar or an xsimd
/// batch; QUAKE_DEFINE_ELEMENTWISE names it): scalar<Order>(x) for a value or a batch,
/// array<Order>(in, out, n) for arrays of any storage type on quake::simd_arch. The public
/// functions (QUAKE_DEFINE_ELEMENTWISE) call these.
template <class D>
struct elementwise_function {
  static constexpr bool rows = false;
  static constexpr measure error = measure::relative;
  static constexpr monotone monotonicity = monotone::no;
  static constexpr bool odd = false;
  /// Where a model's inputs usually lie: what benchmarks draw from.
  static constexpr double sample_lo = -10, sample_hi = 10;
  /// The absolute slack of the bound.
  template <class T>
  static constexpr double slack = 0;
  /// Wherever no edge rule decides, the result lies in range.
  template <class T>
  static constexpr interval<T> range = {-std::numeric_limits<T>::infinity(),
                                        std::numeric_limits<T>::infinity()};

  /// The kernel, on a scalar or a batch.
  template <int Order, class V>
  static V kernel(const V& x) noexcept {
    return detail::kernel_of<D>::template apply<Order>(x);
  }
  template <int Order, class V>
  static V scalar(V x) noexcept {
    return detail::apply_one([](const auto& v) { return kernel<Order>(v); }, x);
  }
  template <int Order, class S>
  static void array(const S* in, S* out, std::size_t n) noexcept {
    detail::apply_elementwise<simd_arch>([](const auto& v) { return kernel<Order>(v); }, in, out,
                                         n);
  }
};

/// What the functions of the form x * g(x) share (silu, the GELUs): values that vanish with
/// x, so the error is measured per |x|, plus the smallest subnormal (where x * g(x) is subnormal
/// its rounding alone exceeds bound * |x|); edge rules exactly x above D::identity_from, +0 below
/// D::zero_below and at +-0.
template <class D>
struct times_x : elementwise_function<D> {
  static constexpr measure error = measure::per_abs_x;
  template <class T>
  static constexpr double slack = std::numeric_limits<T>::denorm_min();

  template <int Order, class T>
  static constexpr edges<T> edge_rules() noexcept {
    edges<T> e;
    e.add(above(D::template identity_from<T>, true, edge<T>::identity, T(0),
                "exactly x for large x"));
    e.add(below(D::template zero_below<T>, true, edge<T>::exactly, T(0),
                "+0 for very negative x and -inf"));
    e.add(at_zero(edge<T>::exactly, T(0), "f(+-0) == +0"));
    return e;
  }
};

/// x * sigmoid(u), u = D::sigmoid_argument(x): silu, gelu, gelu_sigmoid.
template <class D>
struct times_sigmoid : times_x<D> {
  static constexpr const char* bound_text = "B + 4u";
  template <int Order, class T>
  static constexpr double bound() noexcept {
    return exp_bound<Order> + 4 * unit_roundoff<T>;
  }
  /// The reference in a wide type W: x ref::logistic(u) (checkers that compute e^-|u| for many
  /// inputs at once read u from D::sigmoid_argument).
  template <class W>
  static W reference(W x) {
    return x * ref::logistic(D::sigmoid_argument(x));
  }
};

/// What the row functions (softmax, log_softmax) share.
struct row_function {
  static constexpr bool rows = true;
  static constexpr double sample_lo = -10, sample_hi = 10;
};

}  // namespace fn
}  // namespace quake
