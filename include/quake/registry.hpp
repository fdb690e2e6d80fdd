// quake's registry: every public function once -- its bound per order, its edge rules, its
// reference, its properties -- and the one list of them, quake::registry::functions.
//
// The tests, the exhaustive checker, the double sweep, the fuzzer, the golden test, the
// benchmarks, the accuracy program (and through it bench/report.py) and the generated tables of
// docs/ all read this file. docs/contributing.md shows how to add a function.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <quake/exp.hpp>
#include <quake/gelu.hpp>
#include <quake/gelu_erf.hpp>
#include <quake/sigmoid.hpp>
#include <quake/silu.hpp>
#include <quake/softmax.hpp>
#include <quake/tanh.hpp>
#include <tuple>
#include <type_traits>
#include <utility>

namespace quake {

// ---- bounds -------------------------------------------------------------------------------

/// u, the unit roundoff of T: 2^-24 for float, 2^-53 for double. Every rounding term of every
/// bound is a multiple of u (one ulp of a number in [1, 2) is 2u).
template <class T>
inline constexpr double unit_roundoff = std::numeric_limits<T>::epsilon() / 2;

/// The exp ladder: B, the maximum relative error of quake::exp<Order> (index Order), float and
/// double alike, over every input whose e^x is a normal number. Every other bound is built on it.
inline constexpr double exp_ladder[6] = {0, 2.99e-2, 2.70e-3, 1.10e-4, 4.0e-6, 2.5e-7};

namespace detail {
template <int Order>
constexpr double ladder_entry() noexcept {
  static_assert(Order >= 1 && Order <= 5, "quake: Order must be 1..5");
  return exp_ladder[Order];
}
}  // namespace detail

/// B for one order: quake::exp_bound<2> is 2.70e-3.
template <int Order>
inline constexpr double exp_bound = detail::ladder_entry<Order>();

/// How a function's error is measured: |y - f(x)| <= bound * scale + slack, with scale |f(x)|
/// (relative) or |x| (per_abs_x: the x * sigmoid(u) family, whose values vanish where x does).
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

namespace fn {

namespace ref {
/// The logistic function in a wide type W, without cancellation for either sign.
template <class W>
W logistic(W u) {
  return u >= 0 ? 1 / (1 + std::exp(-u)) : std::exp(u) / (1 + std::exp(u));
}
}  // namespace ref

/// What the element-wise functions share: the array, scalar and span forms are the public ones.
struct elementwise_function {
  static constexpr bool rows = false;
  template <class T>
  static constexpr double slack = 0;  // absolute slack of the bound
};

// ---- the element-wise functions -----------------------------------------------------------

/// quake::exp (exp.hpp).
struct exp : elementwise_function {
  static constexpr const char* name = "exp";
  static constexpr const char* summary = "e^x";
  static constexpr const char* bound_text = "B";
  static constexpr unsigned fuzz_id = 0;  // the fuzzer's input byte: append-only, never reused
  static constexpr measure error = measure::relative;
  static constexpr monotone order = monotone::everywhere;
  static constexpr bool odd = false;
  /// Where a model's inputs usually lie: what benchmarks draw from.
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
  /// Wherever no edge rule decides, the result also lies in [range_lo, range_hi].
  template <class T>
  static constexpr T range_lo = T(0);
  template <class T>
  static constexpr T range_hi = std::numeric_limits<T>::max();
  template <class W>
  static W reference(W x) {
    return std::exp(x);
  }
  template <int Order, class V>
  static V scalar(V x) {
    return quake::exp<Order>(x);
  }
  template <int Order, class T>
  static void array(const T* in, T* out, std::size_t n) {
    quake::exp<Order>(in, out, n);
  }
};

/// quake::sigmoid (sigmoid.hpp).
struct sigmoid : elementwise_function {
  static constexpr const char* name = "sigmoid";
  static constexpr const char* summary = "1 / (1 + e^-x)";
  static constexpr const char* bound_text = "B / (1 - B) + 2u";
  static constexpr unsigned fuzz_id = 1;
  static constexpr measure error = measure::relative;
  static constexpr monotone order = monotone::everywhere;
  static constexpr bool odd = false;
  static constexpr double sample_lo = -10, sample_hi = 10;
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
  static constexpr T range_lo = T(0);
  template <class T>
  static constexpr T range_hi = T(1);
  template <class W>
  static W reference(W x) {
    return ref::logistic(x);
  }
  template <int Order, class V>
  static V scalar(V x) {
    return quake::sigmoid<Order>(x);
  }
  template <int Order, class T>
  static void array(const T* in, T* out, std::size_t n) {
    quake::sigmoid<Order>(in, out, n);
  }
};

/// quake::tanh (tanh.hpp).
struct tanh : elementwise_function {
  static constexpr const char* name = "tanh";
  static constexpr const char* summary = "tanh x";
  static constexpr const char* bound_text = "B + 2u";
  static constexpr unsigned fuzz_id = 2;
  static constexpr measure error = measure::relative;
  static constexpr monotone order = monotone::everywhere;
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
  static constexpr T range_lo = T(-1);
  template <class T>
  static constexpr T range_hi = T(1);
  template <class W>
  static W reference(W x) {
    return std::tanh(x);
  }
  template <int Order, class V>
  static V scalar(V x) {
    return quake::tanh<Order>(x);
  }
  template <int Order, class T>
  static void array(const T* in, T* out, std::size_t n) {
    quake::tanh<Order>(in, out, n);
  }
};

/// What the functions of the form x * g(x) share (silu, the GELUs): values that vanish with x,
/// so the error is measured per |x|, plus the smallest subnormal (where x * g(x) is subnormal
/// its rounding alone exceeds bound * |x|); edge rules exactly x above D::identity_from, +0 below
/// D::zero_below and at +-0.
template <class D>
struct times_x : elementwise_function {
  static constexpr measure error = measure::per_abs_x;
  static constexpr bool odd = false;
  template <class T>
  static constexpr double slack = std::numeric_limits<T>::denorm_min();
  template <class T>
  static constexpr T range_lo = -std::numeric_limits<T>::infinity();
  template <class T>
  static constexpr T range_hi = std::numeric_limits<T>::infinity();

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

/// x * sigmoid(u): silu, gelu, gelu_sigmoid.
template <class D>
struct times_sigmoid : times_x<D> {
  static constexpr const char* bound_text = "B + 4u";
  static constexpr monotone order = monotone::no;
  template <int Order, class T>
  static constexpr double bound() noexcept {
    return exp_bound<Order> + 4 * unit_roundoff<T>;
  }
};

/// quake::silu (silu.hpp): x * sigmoid(x).
struct silu : times_sigmoid<silu> {
  static constexpr const char* name = "silu";
  static constexpr const char* summary = "x sigmoid(x) (SiLU, swish)";
  static constexpr unsigned fuzz_id = 3;
  static constexpr double sample_lo = -10, sample_hi = 10;
  template <class T>
  static constexpr T identity_from = sizeof(T) == 4 ? T(16.7f) : T(37.5);
  template <class T>
  static constexpr T zero_below = sizeof(T) == 4 ? T(-88.73f) : T(-709.79);
  template <class W>
  static W reference(W x) {
    return x * ref::logistic(x);
  }
  template <int Order, class V>
  static V scalar(V x) {
    return quake::silu<Order>(x);
  }
  template <int Order, class T>
  static void array(const T* in, T* out, std::size_t n) {
    quake::silu<Order>(in, out, n);
  }
};

/// quake::gelu (gelu.hpp), tanh form:
/// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) = x * sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3)).
struct gelu : times_sigmoid<gelu> {
  static constexpr const char* name = "gelu";
  static constexpr const char* summary = "GELU, tanh form (GPT-2, BERT)";
  static constexpr unsigned fuzz_id = 4;
  static constexpr double sample_lo = -10, sample_hi = 10;
  template <class T>
  static constexpr T identity_from = sizeof(T) == 4 ? T(5.1f) : T(8.7);
  template <class T>
  static constexpr T zero_below = T(-24);
  template <class W>
  static W reference(W x) {
    const W k = W(2) * std::sqrt(W(2) / W(3.14159265358979323846264338327950288L));
    return x * ref::logistic(k * (x + W(0.044715L) * x * x * x));
  }
  template <int Order, class V>
  static V scalar(V x) {
    return quake::gelu<Order>(x);
  }
  template <int Order, class T>
  static void array(const T* in, T* out, std::size_t n) {
    quake::gelu<Order>(in, out, n);
  }
};

/// quake::gelu_sigmoid (gelu.hpp): x * sigmoid(1.702 x).
struct gelu_sigmoid : times_sigmoid<gelu_sigmoid> {
  static constexpr const char* name = "gelu_sigmoid";
  static constexpr const char* summary = "x sigmoid(1.702 x) (quick GELU)";
  static constexpr unsigned fuzz_id = 7;
  static constexpr double sample_lo = -10, sample_hi = 10;
  template <class T>
  static constexpr T identity_from = sizeof(T) == 4 ? T(10.3f) : T(22.1);
  template <class T>
  static constexpr T zero_below = sizeof(T) == 4 ? T(-52.2f) : T(-417.1);
  template <class W>
  static W reference(W x) {
    return x * ref::logistic(W(1.702L) * x);
  }
  template <int Order, class V>
  static V scalar(V x) {
    return quake::gelu_sigmoid<Order>(x);
  }
  template <int Order, class T>
  static void array(const T* in, T* out, std::size_t n) {
    quake::gelu_sigmoid<Order>(in, out, n);
  }
};

/// quake::gelu_erf (gelu_erf.hpp): x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), the exact GELU.
struct gelu_erf : times_x<gelu_erf> {
  static constexpr const char* name = "gelu_erf";
  static constexpr const char* summary = "GELU, exact: x Phi(x) = 0.5 x (1 + erf(x / sqrt 2))";
  static constexpr const char* bound_text = "2B + 8u";
  static constexpr unsigned fuzz_id = 8;
  static constexpr monotone order = monotone::nonnegative;
  static constexpr double sample_lo = -10, sample_hi = 10;
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
  template <int Order, class V>
  static V scalar(V x) {
    return quake::gelu_erf<Order>(x);
  }
  template <int Order, class T>
  static void array(const T* in, T* out, std::size_t n) {
    quake::gelu_erf<Order>(in, out, n);
  }
};

// ---- the row functions --------------------------------------------------------------------

/// What softmax and log_softmax share: rows, the summation term of their bounds.
struct row_function {
  static constexpr bool rows = true;
  static constexpr double sample_lo = -10, sample_hi = 10;
  /// The summation in L partial sums (L = 32 float, 16 double): (n / L + 1 + log2 L) u.
  template <class T>
  static constexpr double summation(std::size_t n) noexcept {
    constexpr std::size_t l = detail::sum_partials<T>;
    constexpr double log2l = l == 32 ? 5 : l == 16 ? 4 : -1;
    static_assert(log2l > 0, "sum_partials is 16 or 32");
    return (static_cast<double>(n) / l + 1 + log2l) * unit_roundoff<T>;
  }
};

/// quake::softmax (softmax.hpp).
struct softmax : row_function {
  static constexpr const char* name = "softmax";
  /// The scaled and masked form's fuzz id.
  static constexpr unsigned fuzz_id_scaled = 9;
  static constexpr const char* summary = "e^(x_i - max) / sum_j e^(x_j - max), per row";
  static constexpr const char* bound_text =
      "2.2 B + (n / L + 3 + log2 L) u + abs(x_i - max) u (scaled form: + 2 max abs(t_j) u, "
      "t = scale x + mask)";
  static constexpr unsigned fuzz_id = 5;
  /// The part of the bound that depends on the order: 2.2 B.
  template <int Order, class T>
  static constexpr double bound() noexcept {
    return 2.2 * exp_bound<Order>;
  }
  /// The bound of element i of a row of n, true value ref >= 1e-30, d = |t_i - max| (t the
  /// row's values: in, or scale in + mask), tmax = max_j |t_j| for the scaled form (0 for the
  /// plain form, whose values are exact): |error| <= (2.2 B + (n / L + 3 + log2 L) u + d u +
  /// 2 tmax u) |ref|.
  template <int Order, class T>
  static constexpr double allowed(std::size_t n, double d, double ref, double tmax = 0) noexcept {
    return (bound<Order, T>() + summation<T>(n) + 2 * unit_roundoff<T> + d * unit_roundoff<T> +
            2 * tmax * unit_roundoff<T>)*(ref < 0 ? -ref : ref);
  }
  /// Rows sum to 1 within (n / L + 1 + log2 L) u + (n + 4) u, whatever the order.
  template <class T>
  static constexpr double sum_allowed(std::size_t n) noexcept {
    return summation<T>(n) + (static_cast<double>(n) + 4) * unit_roundoff<T>;
  }
  /// Below this true value an element is only promised to be in [0, 2e-30].
  static constexpr double tiny = 1e-30;
  template <int Order, class T>
  static void array(const T* in, T* out, std::size_t n) {
    quake::softmax<Order>(in, out, n);
  }
  template <int Order, class T>
  static void rows_form(const T* in, T* out, std::size_t rows, std::size_t cols) {
    quake::softmax<Order>(in, out, rows, cols);
  }
  /// The scaled and masked form: rows of scale * in + mask (mask row r at mask + r * stride).
  template <int Order, class T>
  static void scaled(const T* in, T* out, std::size_t rows, std::size_t cols,
                     detail::compute_t<T> scale, const T* mask, std::size_t stride) {
    quake::softmax<Order>(in, out, rows, cols, scale, mask, stride);
  }
};

/// quake::log_softmax (softmax.hpp).
struct log_softmax : row_function {
  static constexpr const char* name = "log_softmax";
  static constexpr unsigned fuzz_id_scaled = 10;
  static constexpr const char* summary = "(x_i - max) - log sum_j e^(x_j - max), per row";
  static constexpr const char* bound_text =
      "(2.2 B + (n / L + 1 + log2 L) u + abs(x_i - max) u) max(1, abs(y)) + 4u abs(y) (scaled "
      "form: + 3 max abs(t_j) u, t = scale x + mask)";
  static constexpr unsigned fuzz_id = 6;
  template <int Order, class T>
  static constexpr double bound() noexcept {
    return 2.2 * exp_bound<Order>;
  }
  /// |error| <= (2.2 B + (n / L + 1 + log2 L) u + d u) max(1, |ref|) + 4u |ref| + 3 tmax u
  /// (d and tmax as for softmax).
  template <int Order, class T>
  static constexpr double allowed(std::size_t n, double d, double ref, double tmax = 0) noexcept {
    const double r = ref < 0 ? -ref : ref;
    return (bound<Order, T>() + summation<T>(n) + d * unit_roundoff<T>)*(r > 1 ? r : 1) +
           4 * unit_roundoff<T> * r + 3 * tmax * unit_roundoff<T>;
  }
  template <int Order, class T>
  static void array(const T* in, T* out, std::size_t n) {
    quake::log_softmax<Order>(in, out, n);
  }
  template <int Order, class T>
  static void rows_form(const T* in, T* out, std::size_t rows, std::size_t cols) {
    quake::log_softmax<Order>(in, out, rows, cols);
  }
  template <int Order, class T>
  static void scaled(const T* in, T* out, std::size_t rows, std::size_t cols,
                     detail::compute_t<T> scale, const T* mask, std::size_t stride) {
    quake::log_softmax<Order>(in, out, rows, cols, scale, mask, stride);
  }
};

}  // namespace fn

/// The bound of F at Order for T: the factor of the error's scale (registry entries above).
template <class F, int Order, class T>
inline constexpr double bound = F::template bound<Order, T>();

namespace registry {

/// Every public function, once. Add a function here (docs/contributing.md).
using functions = std::tuple<fn::exp, fn::sigmoid, fn::tanh, fn::silu, fn::gelu, fn::gelu_sigmoid,
                             fn::gelu_erf, fn::softmax, fn::log_softmax>;

/// The orders of the ladder.
inline constexpr int orders[] = {1, 2, 3, 4, 5};

template <class F>
struct tag {
  using type = F;
};

/// f(tag<F>{}) for every F in the list, in order.
template <class List = functions, class Fn>
constexpr void for_each(Fn&& f) {
  std::apply([&](auto... fs) { (f(tag<decltype(fs)>{}), ...); }, List{});
}

/// The interval around 0 where none of F's edge rules applies at Order, for T: from the
/// largest finite end of a rule below 0 to the smallest above 0. Where the bound is measured.
template <class F, int Order, class T>
constexpr std::pair<T, T> measured_domain() noexcept {
  constexpr auto edges = F::template edge_rules<Order, T>();
  T lo = std::numeric_limits<T>::lowest(), hi = std::numeric_limits<T>::max();
  for (const auto& e : edges) {
    if (e.hi < 0 && e.hi > lo && e.hi != -std::numeric_limits<T>::infinity()) lo = e.hi;
    if (e.lo > 0 && e.lo < hi && e.lo != std::numeric_limits<T>::infinity()) hi = e.lo;
  }
  return {lo, hi};
}

/// f(std::integral_constant<int, N>{}) for N = 1..5.
template <class Fn>
constexpr void for_each_order(Fn&& f) {
  f(std::integral_constant<int, 1>{});
  f(std::integral_constant<int, 2>{});
  f(std::integral_constant<int, 3>{});
  f(std::integral_constant<int, 4>{});
  f(std::integral_constant<int, 5>{});
}

/// f(tag<F>{}, std::integral_constant<int, N>{}) for every element-wise F of the list and every
/// order N.
template <class List = functions, class Fn>
constexpr void for_each_elementwise(Fn&& f) {
  for_each<List>([&](auto t) {
    if constexpr (!decltype(t)::type::rows) for_each_order([&](auto order) { f(t, order); });
  });
}

}  // namespace registry
}  // namespace quake
