// What the exhaustive checker, the double sweep and the fuzzer know about each public function:
// its documented bound, its edge rules, its reference and its properties. Adding a function to
// all three is one struct here plus one line in each program.
//
// A spec F<T> (T = float or double) provides:
//   name, monotone (non-decreasing), odd (f(-x) == -f(x) bit for bit, NaN aside);
//   error(x, y, ref), error_kind   the error measure the bound is stated in ("rel": relative);
//   bound<N>()                the documented maximum error of order N;
//   array<N>(in, out, n)      the public array form;  scalar<N>(x)  the public scalar form;
//   rule<N>(x, y)             the edge rules for input x and result y (see quake_check::Rule);
//                             where the rule does not decide, y is measured against
//   reference(w)              the true value in a wider type W (double for float, long double
//                             for double), accurate far beyond any bound;
//   region<N>(lo, hi)         what rule() says about every input in [lo, hi] (a shortcut the
//                             exhaustive checker takes for blocks of consecutive floats);
//   reference_block(x, r, n)  r[i] = reference(double(x[i])) for n consecutive floats (a
//                             function may compute it faster than one call per input).
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <quake/quake.hpp>

#include "check_support.hpp"

namespace quake_check {

using quake_common::exp_bound;

/// quake::exp<N>, per include/quake/exp.hpp ("Edges" there and in the README).
template <class T>
struct Exp {
  static constexpr const char* name = "exp";
  static constexpr bool monotone = true;
  static constexpr bool odd = false;
  static constexpr const char* error_kind = "rel";
  template <class W>
  static W error(W, W y, W ref) {
    return std::fabs((y - ref) / ref);
  }

  template <int N>
  static double bound() {
    return exp_bound(N);
  }
  template <int N>
  static void array(const T* in, T* out, std::size_t n) {
    quake::exp<N>(in, out, n);
  }
  template <int N>
  static T scalar(T x) {
    return quake::exp<N>(x);
  }

  template <int N>
  static Rule rule(T x, T y) {
    using L = std::numeric_limits<T>;
    using R = quake::detail::exp_range<T>;
    if (std::isnan(x)) return decided(std::isnan(y), "NaN -> NaN");
    if (x > R::overflow)
      return decided(to_bits(y) == to_bits(L::infinity()), "x > overflow -> +inf");
    if (x <= -R::overflow) return decided(to_bits(y) == 0, "x <= -overflow -> +0 exactly");
    if (x < R::normal_min) {
      if (N == 1)
        return decided(y >= 0 && y < L::min() && !std::signbit(y), "underflow -> [0, min)");
      return decided(to_bits(y) == 0, "underflow -> +0 (orders 2-5)");
    }
    if (x == 0 && N >= 2) return decided(y == T(1), "exp(0) == 1 (orders 2-5)");
    // Where the true e^x is normal: finite, never above max(); the bound is measured as well.
    if (!(y >= 0 && y <= L::max())) return {false, false, "finite, in [0, max] below overflow"};
    return measure();
  }

  template <int N>
  static Region<T> region(T lo, T hi) {
    using L = std::numeric_limits<T>;
    using R = quake::detail::exp_range<T>;
    if (lo > R::overflow) return region_bits(L::infinity(), L::infinity());
    if (hi <= -R::overflow) return region_bits(T(0), T(0));
    if (lo > -R::overflow && hi < R::normal_min) {
      return N == 1 ? region_bits(T(0), std::nextafter(L::min(), T(0))) : region_bits(T(0), T(0));
    }
    if (lo >= R::normal_min && hi <= R::overflow && (lo > 0 || hi < 0)) {
      return region_measure<T>();
    }
    return region_mixed<T>();
  }

  /// e^x in W. For |x| < 2^-10 a degree-5 Taylor polynomial (truncation below |x|^6/720 < 2^-69,
  /// relative) replaces the libm call: three quarters of all floats are that small.
  template <class W>
  static W reference(W x) {
    if (std::fabs(x) < W(0x1p-10)) {
      return 1 + x * (1 + x * (W(0.5) + x * (W(1) / 6 + x * (W(1) / 24 + x * (W(1) / 120)))));
    }
    return std::exp(x);
  }

  /// For n consecutive floats: e^x = e^x0 * e^(x - x0), with x0 the first input of each run of
  /// 256, whose e^x0 comes from libm (within 1 ulp of double); x - x0 is exact and below 2^-8 in
  /// magnitude (for |x| < 128), so the degree-5 Taylor polynomial of e^(x - x0) is exact to 2^-56.
  /// The product is within 1e-15 (relative) of e^x: one libm call per 256 inputs, the rest
  /// vectorises.
  static void reference_block(const float* x, double* ref, std::size_t n) {
    constexpr std::size_t kRun = 256;
    for (std::size_t j = 0; j < n; j += kRun) {
      const double x0 = x[j];
      const double e0 = std::exp(x0);
      const std::size_t m = n - j < kRun ? n - j : kRun;
      for (std::size_t i = 0; i < m; ++i) {
        const double d = static_cast<double>(x[j + i]) - x0;
        ref[j + i] =
            e0 * (1 + d * (1 + d * (0.5 + d * (1.0 / 6 + d * (1.0 / 24 + d * (1.0 / 120))))));
      }
    }
  }
};

}  // namespace quake_check

// sigmoid, tanh, silu and gelu are checked wherever their headers exist.
#if __has_include(<quake/sigmoid.hpp>)
#define QUAKE_CHECK_ACTIVATIONS 1
#include "functions_activations.hpp"
#endif
