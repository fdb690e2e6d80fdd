// References of n consecutive floats in double, for the exhaustive checker: by default one call
// of the registry's reference per input; for the functions below, and for every function whose
// entry gives its reference in terms of e^x (reference_of_exp) or of e^-|u| (sigmoid_argument),
// a faster way to the same accuracy (within 1e-13 relative, far below any bound), since three
// quarters of the check's time would otherwise go to libm.
#pragma once

#include <cmath>
#include <cstddef>
#include <quake/registry.hpp>
#include <type_traits>
#include <vector>

namespace quake_check {

// Which kind of block reference F's entry allows: its reference in terms of e^x
// (reference_of_exp), in terms of e^-|u| (sigmoid_argument), or neither.
enum class block_kind { each, of_exp, of_sigmoid };
template <class F, class = void>
struct has_reference_of_exp : std::false_type {};
template <class F>
struct has_reference_of_exp<F, std::void_t<decltype(F::reference_of_exp(0.0, 1.0))>>
    : std::true_type {};
template <class F, class = void>
struct has_sigmoid_argument : std::false_type {};
template <class F>
struct has_sigmoid_argument<F, std::void_t<decltype(F::sigmoid_argument(0.0))>> : std::true_type {};
template <class F>
constexpr block_kind kind_of = has_reference_of_exp<F>::value   ? block_kind::of_exp
                               : has_sigmoid_argument<F>::value ? block_kind::of_sigmoid
                                                                : block_kind::each;

/// e^d by its degree-5 Taylor polynomial: within 2^-48 relative for |d| <= 2^-8 (the block
/// references keep d that small).
inline double taylor_exp(double d) {
  return 1 + d * (1 + d * (0.5 + d * (1.0 / 6 + d * (1.0 / 24 + d * (1.0 / 120)))));
}

template <class F, block_kind = kind_of<F>>
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
        ref[j + i] = e0 * taylor_exp(d);
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
struct reference_block<F, block_kind::of_exp> {
  static void run(const float* x, double* ref, std::size_t n) {
    reference_block<quake::fn::exp>::run(x, ref, n);
    for (std::size_t i = 0; i < n; ++i)
      ref[i] = F::reference_of_exp(static_cast<double>(x[i]), ref[i]);
  }
};

/// e^a for n arguments a in runs of 64: where a run's arguments lie within 2^-8 of its first,
/// e^a0 from libm times the degree-5 Taylor polynomial of e^(a - a0) (exact to 2^-48 relative);
/// any other run, and a run holding a NaN, one libm call per argument.
inline void exp_of(const double* a, double* e, std::size_t n) {
  constexpr std::size_t kRun = 64;
  for (std::size_t j = 0; j < n; j += kRun) {
    const std::size_t m = n - j < kRun ? n - j : kRun;
    const double a0 = a[j];
    bool near = true;
    for (std::size_t i = 0; i < m; ++i) near &= std::fabs(a[j + i] - a0) <= 0x1p-8;
    if (!near) {
      for (std::size_t i = 0; i < m; ++i) e[j + i] = std::exp(a[j + i]);
      continue;
    }
    const double e0 = std::exp(a0);
    for (std::size_t i = 0; i < m; ++i) {
      const double d = a[j + i] - a0;
      e[j + i] = e0 * taylor_exp(d);
    }
  }
}

/// x ref::logistic(u), u = F::sigmoid_argument(x) (gelu, gelu_sigmoid): e = e^-|u| from
/// exp_of, then 1 / (1 + e) for u >= 0 and e / (1 + e) below, as ref::logistic computes it.
template <class F>
struct reference_block<F, block_kind::of_sigmoid> {
  static void run(const float* x, double* ref, std::size_t n) {
    thread_local std::vector<double> u, a;
    u.resize(n);
    a.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      u[i] = F::sigmoid_argument(static_cast<double>(x[i]));
      a[i] = -std::fabs(u[i]);
    }
    exp_of(a.data(), ref, n);
    for (std::size_t i = 0; i < n; ++i) {
      const double e = ref[i];
      ref[i] = static_cast<double>(x[i]) * (u[i] >= 0 ? 1 / (1 + e) : e / (1 + e));
    }
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
        const double e = e0 * taylor_exp(d);
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
