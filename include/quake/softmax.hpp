// quake::softmax and quake::log_softmax -- numerically stable, on the exp ladder.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <quake/config.hpp>
#include <quake/detail/array.hpp>
#include <quake/detail/exp_kernel.hpp>
#include <type_traits>

namespace quake {
namespace detail {

/// Number of independent SIMD accumulators in the max pass (hides the max latency).
inline constexpr std::size_t softmax_lanes = 4;

template <class T, class A>
inline T horizontal_max(const xsimd::batch<T, A>& v) noexcept {
  constexpr std::size_t W = xsimd::batch<T, A>::size;
  alignas(A::alignment()) T buf[W];
  v.store_aligned(buf);
  T m = buf[0];
  for (std::size_t i = 1; i < W; ++i) m = max_b(m, buf[i]);
  return m;
}

/// max of in[0, n), n >= 1. A NaN may or may not win; the exp pass turns any NaN into a NaN sum.
template <class T>
inline T row_max(const T* in, std::size_t n) noexcept {
  std::size_t i = 0;
  T m = in[0];
  if constexpr (has_simd<T>) {
    using B = xsimd::batch<T, simd_arch>;
    constexpr std::size_t W = B::size;
    if (n >= softmax_lanes * W) {
      B m0 = B::load_unaligned(in), m1 = B::load_unaligned(in + W);
      B m2 = B::load_unaligned(in + 2 * W), m3 = B::load_unaligned(in + 3 * W);
      for (i = 4 * W; i + 4 * W <= n; i += 4 * W) {
        m0 = max_b(m0, B::load_unaligned(in + i));
        m1 = max_b(m1, B::load_unaligned(in + i + W));
        m2 = max_b(m2, B::load_unaligned(in + i + 2 * W));
        m3 = max_b(m3, B::load_unaligned(in + i + 3 * W));
      }
      m = horizontal_max(max_b(max_b(m0, m1), max_b(m2, m3)));
    }
  }
  for (; i < n; ++i) m = max_b(m, in[i]);
  return m;
}

/// Number of partial sums in the exp pass: 128 bytes of them (32 float, 16 double), whatever
/// the build's SIMD width. Element i is added to partial i mod sum_partials and the partials are
/// reduced pairwise in one fixed order, so the sum -- and softmax -- has the same bits on every
/// architecture (scalar, SSE2 .. AVX-512, NEON; golden test). With W-lane batches that is
/// sum_partials / W accumulators: 2 for AVX-512, 4 for AVX2, 8 for SSE and NEON, enough to hide
/// the add latency.
template <class T>
inline constexpr std::size_t sum_partials = 128 / sizeof(T);

/// p[0] + ... + p[K-1] (K a power of two) by halving: p[j] += p[j + K/2], then K/4, ... The same
/// tree whether the p are scalars or batches of W lanes holding partials k*W .. k*W + W-1.
template <class V, std::size_t K>
inline V halve_to_first(V (&p)[K]) noexcept {
  static_assert((K & (K - 1)) == 0, "a power of two");
  for (std::size_t h = K / 2; h > 0; h /= 2) {
    for (std::size_t j = 0; j < h; ++j) p[j] = p[j] + p[j + h];
  }
  return p[0];
}

/// Applies e = Exp(in[i] - m) for i < n, stores e to out (if Store) and returns the sum of the e.
/// The subtraction x - m is exact for every element within a factor 2 of m (Sterbenz), so the
/// element equal to the maximum gets exp(0) == 1 exactly; x - m cannot overflow to +inf (it is
/// <= 0), and where it overflows to -inf the true e^(x - m) is 0 anyway.
/// The sum goes through L = sum_partials<T> partial sums (above): each element's path has at
/// most ceil(n / L) adds in its partial and log2(L) in the reduction, so the relative error of
/// the sum is at most (n / L + 1 + log2 L) * 2^-p (p = 24 float, 53 double; L = 32 float,
/// 16 double) -- the "summation error" of the softmax bound.
template <bool Store, class T, class Exp>
inline T exp_shifted_sum(const Exp& exp, const T* in, T* out, std::size_t n, T m) noexcept {
  constexpr std::size_t L = sum_partials<T>;
  std::size_t i = 0;
  if constexpr (has_simd<T>) {
    using B = xsimd::batch<T, simd_arch>;
    constexpr std::size_t W = B::size;
    constexpr std::size_t K = L / W;  // accumulators; partial k*W + j is lane j of acc[k]
    static_assert(K >= 1 && K * W == L, "SIMD width divides sum_partials");
    const B mb(m);
    B acc[K];
    for (B& a : acc) a = B(T(0));
    auto step = [&](std::size_t k, const B& x) {
      const B e = exp(x - mb);
      acc[k] = acc[k] + e;
      return e;
    };
    for (; i + L <= n; i += L) {
      for (std::size_t k = 0; k < K; ++k) {
        const B e = step(k, B::load_unaligned(in + i + k * W));
        if constexpr (Store) e.store_unaligned(out + i + k * W);
      }
    }
    std::size_t k = 0;  // the last n mod L elements: partials 0 .. n mod L - 1
    for (; i + W <= n; i += W, ++k) {
      const B e = step(k, B::load_unaligned(in + i));
      if constexpr (Store) e.store_unaligned(out + i);
    }
    if (i < n) {
      // Tail through a buffer padded with -inf, whose exp is exactly +0 (adding it changes no
      // partial: the partials are >= +0).
      alignas(B::arch_type::alignment()) T buf[W];
      for (std::size_t j = 0; j < W; ++j) buf[j] = -std::numeric_limits<T>::infinity();
      std::memcpy(buf, in + i, (n - i) * sizeof(T));
      const B e = step(k, B::load_aligned(buf));
      if constexpr (Store) {
        e.store_aligned(buf);
        std::memcpy(out + i, buf, (n - i) * sizeof(T));
      }
    }
    const B total = halve_to_first(acc);
    alignas(B::arch_type::alignment()) T lanes[W];
    total.store_aligned(lanes);
    return halve_to_first(lanes);
  } else {
    T s[L] = {};
    for (std::size_t k = 0; i < n; ++i, k = (k + 1 == L ? 0 : k + 1)) {
      const T e = exp(in[i] - m);
      if constexpr (Store) out[i] = e;
      s[k] = s[k] + e;
    }
    return halve_to_first(s);
  }
}

/// Softmax of one row, three passes: max; exp + sum, storing; scale by 1 / sum.
/// Writes the canonical quiet NaN to a whole row. A NaN row's payload would otherwise depend on
/// which NaN operand each multiply or subtract propagates, which compilers may commute
/// differently at different call sites (found by the fuzzer: rows form vs one-row form).
template <class T>
inline void fill_nan(T* out, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = std::numeric_limits<T>::quiet_NaN();
}

/// out[i] *= r for i < n: the last softmax pass, with the array driver's SIMD loop.
template <class T>
inline void scale_row(T* out, std::size_t n, T r) noexcept {
  apply_elementwise(
      [r](const auto& e) {
        using V = std::decay_t<decltype(e)>;
        return e * V(r);
      },
      out, out, n);
}

template <int Order, class T>
inline void softmax_row(const T* in, T* out, std::size_t n) noexcept {
  if (n == 0) return;
  const T m = row_max(in, n);
  // The order-1 kernel without its centring factor: a common factor cancels in the ratio, and
  // exp(0) is then exactly 1 for every order, so a row of equal values sums to exactly n.
  const T sum =
      exp_shifted_sum<true>([](const auto& d) { return exp_kernel_unit<Order>(d); }, in, out, n, m);
  if (!(sum == sum)) {  // NaN or +inf in the row, or all -inf: a NaN row, canonical bits
    fill_nan(out, n);
    return;
  }
  // e * r with e == 1 and r = fl(1/n) is exactly fl(1/n) for a row of equal values.
  scale_row(out, n, T(1) / sum);
}

/// log-softmax of one row: max; sum of exp (no store); (x - max) - log(sum).
template <int Order, class T>
inline void log_softmax_row(const T* in, T* out, std::size_t n) noexcept {
  if (n == 0) return;
  const T m = row_max(in, n);
  const T sum = exp_shifted_sum<false>([](const auto& d) { return exp_kernel<Order>(d); }, in,
                                       static_cast<T*>(nullptr), n, m);
  const T l = std::log(sum);
  if (!(l == l) || !(m == m)) {  // NaN or +inf in the row, or all -inf: a NaN row
    fill_nan(out, n);
    return;
  }
  apply_elementwise(
      [m, l](const auto& x) {
        using V = std::decay_t<decltype(x)>;
        return (x - V(m)) - V(l);
      },
      in, out, n);
}

}  // namespace detail

/// Softmax of one row: out[i] = e^(in[i] - max) / sum_j e^(in[j] - max), on exp<Order>.
///
/// T: float or double; Order 1..5 (default 2). Any n (0 does nothing), any alignment,
/// in == out allowed, nothing past n read or written.
/// Error, per element whose true value is at least 1e-30: relative error at most
/// 2.2 x exp<Order>'s bound (2.99e-2, 2.70e-3, 1.10e-4, 4.0e-6, 2.5e-7 for orders 1..5)
/// + (n / L + 1 + log2 L) * 2^-p, the summation in L = 32 (float) / 16 (double) partial sums
/// (p = 24 for float, 53 for double) + |in[i] - max| * 2^-p, the rounding of the
/// difference (0 for elements within a factor 2 of the max). Rows sum to 1 within the same
/// relative bound.
/// Edges: logits of any finite magnitude (up to +-FLT_MAX) never overflow; -inf entries give
/// exactly 0; a row of equal values gives exactly 1/n (every order); a NaN anywhere makes the
/// whole row NaN; a row that is all -inf gives NaN (0/0, as the definition), and so does a row
/// containing +inf (inf - inf).
/// Algorithm: three passes (max; exp + sum, storing; scale), the subtraction of the max in the
/// exp pass. The two-pass variant (online max and sum, then exp and scale; bench/
/// softmax_variants.hpp) lost at every row length measured (128, 1024, 8192; see README).
template <int Order = 2, class T>
inline void softmax(const T* in, T* out, std::size_t n) noexcept {
  static_assert(detail::is_array_value<T>, "quake::softmax takes float or double");
  static_assert(Order >= 1 && Order <= 5, "quake::softmax: Order must be 1..5");
  detail::softmax_row<Order>(in, out, n);
}

/// Softmax of `rows` contiguous rows of `cols` elements each: the same result as calling the
/// one-row form on each row.
template <int Order = 2, class T>
inline void softmax(const T* in, T* out, std::size_t rows, std::size_t cols) noexcept {
  static_assert(detail::is_array_value<T>, "quake::softmax takes float or double");
  static_assert(Order >= 1 && Order <= 5, "quake::softmax: Order must be 1..5");
  for (std::size_t r = 0; r < rows; ++r)
    detail::softmax_row<Order>(in + r * cols, out + r * cols, cols);
}

/// log-softmax of one row: out[i] = (in[i] - max) - log(sum_j e^(in[j] - max)), on exp<Order>.
///
/// T: float or double; Order 1..5 (default 2). Any n, any alignment, in == out allowed, nothing
/// past n read or written.
/// Error: at most 2.2 x exp<Order>'s bound + the summation error of softmax, absolute, times
/// max(1, |true value|) (i.e. relative for values of magnitude above 1), + 2 ulp.
/// Edges: no overflow for finite logits of any magnitude (a difference beyond the float range
/// gives -inf, the correctly rounded value); -inf entries give exactly -inf; a NaN anywhere
/// gives a NaN row; an all -inf row (or one containing +inf) gives NaN.
/// Passes: max; sum of exp (reads only); subtract (reads and writes). log is std::log, once per
/// row.
template <int Order = 2, class T>
inline void log_softmax(const T* in, T* out, std::size_t n) noexcept {
  static_assert(detail::is_array_value<T>, "quake::log_softmax takes float or double");
  static_assert(Order >= 1 && Order <= 5, "quake::log_softmax: Order must be 1..5");
  detail::log_softmax_row<Order>(in, out, n);
}

/// log-softmax of `rows` contiguous rows of `cols` elements: the same result as calling the
/// one-row form on each row.
template <int Order = 2, class T>
inline void log_softmax(const T* in, T* out, std::size_t rows, std::size_t cols) noexcept {
  static_assert(detail::is_array_value<T>, "quake::log_softmax takes float or double");
  static_assert(Order >= 1 && Order <= 5, "quake::log_softmax: Order must be 1..5");
  for (std::size_t r = 0; r < rows; ++r) {
    detail::log_softmax_row<Order>(in + r * cols, out + r * cols, cols);
  }
}

}  // namespace quake
