// Specs (see functions.hpp) of sigmoid, tanh, silu and gelu, from their headers' documentation.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <quake/quake.hpp>
#include <vector>

#include "check_support.hpp"

namespace quake_check {

/// The error of x * sigmoid(u) style functions is stated as |error| <= bound * |x|.
template <class W>
W error_per_abs_x(W x, W y, W ref) {
  return x == 0 ? std::fabs(y - ref) : std::fabs((y - ref) / x);
}

/// Below this |x|, x * sigmoid(u) ~ x / 2 is subnormal: its rounding alone (half an ulp of the
/// subnormal range, an absolute 2^-150 for float) is far more than bound * |x| for the smallest
/// x, so no implementation meets a bound relative to |x| there. The checks read the documented
/// "4 ulp" as absolute ulps of the result in this range: |y - x/2| <= bound |x| + 4 ulp
/// (+ min() where SIMD flushes subnormals).
template <class T>
constexpr T subnormal_result_below() {
  return std::numeric_limits<T>::min() * 2;
}
template <class T>
bool near_half_x(T x, T y, double bound) {
  using W = std::conditional_t<sizeof(T) == 4, double, long double>;
  const W err = std::fabs(static_cast<W>(y) - static_cast<W>(x) / 2);
  // Where SIMD flushes subnormals (32-bit NEON, README "ARM") a result below min() may be 0.
  const W slack = quake::detail::simd_flushes_subnormals<T>
                      ? static_cast<W>(std::numeric_limits<T>::min())
                      : 4 * static_cast<W>(std::numeric_limits<T>::denorm_min());
  return err <= static_cast<W>(bound) * std::fabs(static_cast<W>(x)) + slack;
}

/// The logistic function 1 / (1 + e^-x), from 1 / (1 + e^-u) in W with its two tails.
template <class W>
W logistic(W u) {
  if (std::fabs(u) < W(0x1p-10)) {  // Taylor, truncation below |u|^7 / 300 < 2^-78
    const W u2 = u * u;
    return W(0.5) + u * (W(0.25) + u2 * (W(-1) / 48 + u2 * (W(1) / 480)));
  }
  return 1 / (1 + std::exp(-u));
}

/// quake::sigmoid<N> (include/quake/sigmoid.hpp).
template <class T>
struct Sigmoid {
  static constexpr const char* name = "sigmoid";
  static constexpr bool monotone = true;
  static constexpr bool odd = false;
  static constexpr const char* error_kind = "rel";
  /// The bound holds where the true value is >= 1e-30, i.e. x >= -ln(1e30 - 1).
  static constexpr double tiny = 1e-30;
  static constexpr double tiny_x = -69.07755278982137;
  /// Documented: exactly 1 above this (e^-x below half an ulp of 1).
  static constexpr T one_from = sizeof(T) == 4 ? T(17.4f) : T(37.5);

  template <class W>
  static W error(W, W y, W ref) {
    return std::fabs((y - ref) / ref);
  }
  template <int N>
  static double bound() {  // B / (1 - B) + 4 ulp, B = exp<N>'s bound (include/quake/sigmoid.hpp)
    const double b = exp_bound(N);
    return b / (1 - b) + 4 * static_cast<double>(std::numeric_limits<T>::epsilon());
  }
  template <int N>
  static void array(const T* in, T* out, std::size_t n) {
    quake::sigmoid<N>(in, out, n);
  }
  template <int N>
  static T scalar(T x) {
    return quake::sigmoid<N>(x);
  }
  /// Documented: where the true value is below 1e-30 the result is in [0, 2e-30].
  static constexpr double tiny_result = 2e-30;
  /// The largest T whose value is <= 2e-30.
  static T tiny_max() {
    T t = static_cast<T>(tiny_result);
    return static_cast<double>(t) > tiny_result ? std::nextafter(t, T(0)) : t;
  }
  template <int N>
  static Rule rule(T x, T y) {
    using R = quake::detail::exp_range<T>;
    if (std::isnan(x)) return decided(std::isnan(y), "NaN -> NaN");
    if (x > one_from) return decided(y == T(1), "exactly 1 for large x and +inf");
    if (x < -R::overflow) return decided(to_bits(y) == 0, "+0 below -overflow and -inf");
    if (static_cast<double>(x) < tiny_x) {
      return decided(y >= 0 && y <= tiny_max() && !std::signbit(y),
                     "in [0, 2e-30] where the true value is below 1e-30");
    }
    if (!(y >= 0 && y <= 1)) return {false, false, "result in [0, 1]"};
    return measure();
  }
  template <int N>
  static Region<T> region(T lo, T hi) {
    using R = quake::detail::exp_range<T>;
    if (lo > one_from) return region_bits(T(1), T(1));
    if (hi < -R::overflow) return region_bits(T(0), T(0));
    if (lo >= -R::overflow && static_cast<double>(hi) < tiny_x)
      return region_bits(T(0), tiny_max());
    if (static_cast<double>(lo) >= tiny_x && hi <= one_from) return region_measure<T>();
    return region_mixed<T>();
  }
  template <class W>
  static W reference(W x) {
    return logistic(x);
  }
  /// 1 / (1 + e^-x) with e^-x from Exp's block reference (within 1e-15).
  static void reference_block(const float* x, double* ref, std::size_t n) {
    thread_local std::vector<float> neg;
    neg.resize(n);
    for (std::size_t i = 0; i < n; ++i) neg[i] = -x[i];
    Exp<float>::reference_block(neg.data(), ref, n);
    for (std::size_t i = 0; i < n; ++i) ref[i] = 1 / (1 + ref[i]);
  }
};

/// quake::tanh<N> (include/quake/tanh.hpp).
template <class T>
struct Tanh {
  static constexpr const char* name = "tanh";
  /// Documented monotone (the exp branch is floored at tanh(0.5) where the polynomial hands over).
  static constexpr bool monotone = true;
  static constexpr bool odd = true;
  static constexpr const char* error_kind = "rel";
  /// Documented: exactly +-1 once e^-2|x| is below half an ulp of 1; e^-40 < 2^-54 / 13 is,
  /// for float and double, whatever the order's error.
  static constexpr T one_from = T(20);

  template <class W>
  static W error(W, W y, W ref) {
    return ref == 0 ? std::fabs(y) : std::fabs((y - ref) / ref);
  }
  template <int N>
  static double bound() {  // exp<N>'s bound + 3 ulp
    return exp_bound(N) + 3 * static_cast<double>(std::numeric_limits<T>::epsilon());
  }
  template <int N>
  static void array(const T* in, T* out, std::size_t n) {
    quake::tanh<N>(in, out, n);
  }
  template <int N>
  static T scalar(T x) {
    return quake::tanh<N>(x);
  }
  template <int N>
  static Rule rule(T x, T y) {
    if (std::isnan(x)) return decided(std::isnan(y), "NaN -> NaN");
    if (x == 0) return decided(to_bits(y) == to_bits(x), "tanh(+-0) == +-0");
    if (quake::detail::simd_flushes_subnormals<T> && std::fabs(x) < std::numeric_limits<T>::min())
      return decided(to_bits(y) == to_bits(std::copysign(T(0), x)),
                     "a subnormal x reads as +-0 where SIMD flushes (32-bit NEON)");
    if (x > one_from) return decided(y == T(1), "exactly 1 for large x and +inf");
    if (x < -one_from) return decided(y == T(-1), "exactly -1 for large -x and -inf");
    if (!(y >= -1 && y <= 1)) return {false, false, "result in [-1, 1]"};
    return measure();
  }
  template <int N>
  static Region<T> region(T lo, T hi) {
    if (lo > one_from) return region_bits(T(1), T(1));
    if (hi < -one_from) return region_bits(T(-1), T(-1));
    if (lo >= -one_from && hi <= one_from && (lo > 0 || hi < 0)) return region_measure<T>();
    return region_mixed<T>();
  }
  template <class W>
  static W reference(W x) {
    return std::tanh(x);
  }
  /// sign(x) (1 - e) / (1 + e), e = e^-2|x| from e^-2|x0| times a Taylor polynomial in
  /// 2(|x0| - |x|) (exact), x0 the first of each run of 256; Taylor in x below 2^-10. The
  /// cancellation in 1 - e costs at most a factor 1 / (2|x|) <= 512: within 1e-13.
  static void reference_block(const float* x, double* ref, std::size_t n) {
    constexpr std::size_t kRun = 256;
    for (std::size_t j = 0; j < n; j += kRun) {
      const double a0 = std::fabs(static_cast<double>(x[j]));
      const double e0 = std::exp(-2 * a0);
      const std::size_t m = n - j < kRun ? n - j : kRun;
      for (std::size_t i = 0; i < m; ++i) {
        const double xi = x[j + i];
        const double a = std::fabs(xi);
        const double d = 2 * (a0 - a);
        const double e =
            e0 * (1 + d * (1 + d * (0.5 + d * (1.0 / 6 + d * (1.0 / 24 + d * (1.0 / 120))))));
        const double big = (1 - e) / (1 + e);
        const double x2 = xi * xi;
        const double small =
            a * (1 + x2 * (-1.0 / 3 + x2 * (2.0 / 15 + x2 * (-17.0 / 315 + x2 * (62.0 / 2835)))));
        ref[j + i] = std::copysign(a < 0x1p-10 ? small : big, xi);
      }
    }
  }
};

/// What silu, gelu and gelu_sigmoid share, as x * sigmoid(u): the error per |x|, the bound, the
/// edge rules (exactly x above D::identity_from, +0 below D::zero_below, x/2 for tiny x) and the
/// regions. D supplies name, identity_from, zero_below, array, scalar, reference and
/// reference_block.
template <class D, class T>
struct TimesSigmoid {
  static constexpr bool monotone = false;
  static constexpr bool odd = false;
  static constexpr const char* error_kind = "abs/|x|";

  template <class W>
  static W error(W x, W y, W ref) {
    return error_per_abs_x(x, y, ref);
  }
  template <int N>
  static double bound() {  // (exp<N>'s bound + 4 ulp) * |x|
    return exp_bound(N) + 4 * static_cast<double>(std::numeric_limits<T>::epsilon());
  }
  template <int N>
  static Rule rule(T x, T y) {
    if (std::isnan(x)) return decided(std::isnan(y), "NaN -> NaN");
    if (x > D::identity_from) return decided(to_bits(y) == to_bits(x), "exactly x for large x");
    if (x < D::zero_below) return decided(to_bits(y) == 0, "+0 for very negative x and -inf");
    if (x == 0) return decided(to_bits(y) == 0, "f(+-0) == +0");
    if (std::fabs(x) < subnormal_result_below<T>()) {
      return decided(near_half_x(x, y, bound<N>()), "subnormal result: x/2 within 4 ulp");
    }
    return measure();
  }
  template <int N>
  static Region<T> region(T lo, T hi) {
    if (lo > D::identity_from) return region_identity<T>();
    if (hi < D::zero_below) return region_bits(T(0), T(0));
    if (lo >= D::zero_below && hi <= D::identity_from &&
        (lo >= subnormal_result_below<T>() || hi <= -subnormal_result_below<T>())) {
      return region_measure<T>();
    }
    return region_mixed<T>();
  }
};

/// quake::silu<N> (include/quake/silu.hpp): x * sigmoid(x).
template <class T>
struct Silu : TimesSigmoid<Silu<T>, T> {
  static constexpr const char* name = "silu";
  /// Documented: exactly x above this (sigmoid rounds to 1), +0 below zero_below.
  static constexpr T identity_from = sizeof(T) == 4 ? T(16.7f) : T(37.5);
  static constexpr T zero_below = sizeof(T) == 4 ? T(-88.73f) : T(-709.79);

  template <int N>
  static void array(const T* in, T* out, std::size_t n) {
    quake::silu<N>(in, out, n);
  }
  template <int N>
  static T scalar(T x) {
    return quake::silu<N>(x);
  }
  template <class W>
  static W reference(W x) {
    return x * logistic(x);
  }
  static void reference_block(const float* x, double* ref, std::size_t n) {
    Sigmoid<float>::reference_block(x, ref, n);
    for (std::size_t i = 0; i < n; ++i) ref[i] *= static_cast<double>(x[i]);
  }
};

/// quake::gelu<N> (include/quake/gelu.hpp), tanh form:
/// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) = x * sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3)).
template <class T>
struct Gelu : TimesSigmoid<Gelu<T>, T> {
  static constexpr const char* name = "gelu";
  static constexpr T identity_from = sizeof(T) == 4 ? T(5.1f) : T(8.7);
  static constexpr T zero_below = T(-24);

  template <int N>
  static void array(const T* in, T* out, std::size_t n) {
    quake::gelu<N>(in, out, n);
  }
  template <int N>
  static T scalar(T x) {
    return quake::gelu<N>(x);
  }
  template <class W>
  static W reference(W x) {
    const W k = W(2) * std::sqrt(W(2) / W(3.14159265358979323846264338327950288L));
    return x * logistic(k * (x + W(0.044715) * x * x * x));
  }
  static void reference_block(const float* x, double* ref, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) ref[i] = reference(static_cast<double>(x[i]));
  }
};

}  // namespace quake_check
