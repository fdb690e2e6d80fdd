// References of n consecutive floats in double, for the exhaustive checker: by default one call
// of the registry's reference per input; for the functions below, and for every function whose
// entry gives its reference in terms of e^x (reference_of_exp), a faster way to the same accuracy
// (within 1e-13 relative, far below any bound), since three quarters of the check's time would
// otherwise go to libm.
#pragma once

#include <cmath>
#include <cstddef>
#include <quake/registry.hpp>
#include <type_traits>
#include <vector>

namespace quake_check {

template <class F, class = void>
struct reference_block {
  static void run(const float* x, double* ref, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) ref[i] = F::reference(static_cast<double>(x[i]));
  }
};

/// e^x = e^x0 * e^(x - x0), with x0 the first input of each run of 256, whose e^x0 comes from
/// libm (within 1 ulp of double); x - x0 is exact and below 2^-8 in magnitude (for |x| < 128),
/// so the degree-5 Taylor polynomial of e^(x - x0) is exact to 2^-56. One libm call per 256
/// inputs; the rest vectorises.
template <>
struct reference_block<quake::fn::exp> {
  static void run(const float* x, double* ref, std::size_t n) {
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

/// 1 / (1 + e^-x) with e^-x from exp's block reference.
template <>
struct reference_block<quake::fn::sigmoid> {
  static void run(const float* x, double* ref, std::size_t n) {
    thread_local std::vector<float> neg;
    neg.resize(n);
    for (std::size_t i = 0; i < n; ++i) neg[i] = -x[i];
    reference_block<quake::fn::exp>::run(neg.data(), ref, n);
    for (std::size_t i = 0; i < n; ++i) ref[i] = 1 / (1 + ref[i]);
  }
};

/// x * sigmoid(x).
template <>
struct reference_block<quake::fn::silu> {
  static void run(const float* x, double* ref, std::size_t n) {
    reference_block<quake::fn::sigmoid>::run(x, ref, n);
    for (std::size_t i = 0; i < n; ++i) ref[i] *= static_cast<double>(x[i]);
  }
};

/// F::reference_of_exp(x, e^x), e^x from exp's block reference.
template <class F>
struct reference_block<F, std::void_t<decltype(F::reference_of_exp(0.0, 1.0))>> {
  static void run(const float* x, double* ref, std::size_t n) {
    reference_block<quake::fn::exp>::run(x, ref, n);
    for (std::size_t i = 0; i < n; ++i)
      ref[i] = F::reference_of_exp(static_cast<double>(x[i]), ref[i]);
  }
};

/// sign(x) (1 - e) / (1 + e), e = e^-2|x| from e^-2|x0| times a Taylor polynomial in
/// 2(|x0| - |x|) (exact), x0 the first of each run of 256; Taylor in x below 2^-10. The
/// cancellation in 1 - e costs at most a factor 1 / (2|x|) <= 512: within 1e-13.
template <>
struct reference_block<quake::fn::tanh> {
  static void run(const float* x, double* ref, std::size_t n) {
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

}  // namespace quake_check
