// The passes of softmax and log-softmax over one row, for any xsimd architecture A.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <quake/detail/driver.hpp>
#include <quake/detail/exp_kernel.hpp>
#include <type_traits>

namespace quake {
namespace detail {

/// Number of partial sums in the exp pass: 128 bytes of them (32 float, 16 double), whatever
/// the architecture's SIMD width. Element i is added to partial i mod sum_partials and the
/// partials are reduced pairwise in one fixed order, so the sum -- and softmax -- has the same
/// bits on every architecture (scalar, SSE2 .. AVX-512, NEON; golden test). With W-lane batches
/// that is sum_partials / W accumulators: 2 for AVX-512, 4 for AVX2, 8 for SSE and NEON, enough
/// to hide the add latency.
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

/// The last n - i (< W) elements of `in` in a batch, the lanes past them set to `fill`.
template <class A, class T>
inline xsimd::batch<T, A> load_tail(const T* in, std::size_t count, T fill) noexcept {
  using B = xsimd::batch<T, A>;
  alignas(A::alignment()) T buf[B::size];
  for (std::size_t j = 0; j < B::size; ++j) buf[j] = fill;
  std::memcpy(buf, in, count * sizeof(T));
  return B::load_aligned(buf);
}

/// Stores the first `count` (< W) lanes of v to out.
template <class A, class T>
inline void store_tail(T* out, std::size_t count, const xsimd::batch<T, A>& v) noexcept {
  alignas(A::alignment()) T buf[xsimd::batch<T, A>::size];
  v.store_aligned(buf);
  std::memcpy(out, buf, count * sizeof(T));
}

/// max of in[0, n), n >= 1. A NaN may or may not win; the exp pass turns any NaN into a NaN sum.
/// The tail goes through a batch padded with -inf (which never wins), so no scalar loop is left
/// whose trip count a compiler must reason about.
template <class A, class T>
inline T row_max(const T* in, std::size_t n) noexcept {
  if constexpr (simd_for<T, A>) {
    using B = xsimd::batch<T, A>;
    constexpr std::size_t W = B::size;
    constexpr T lowest = -std::numeric_limits<T>::infinity();
    B m[4] = {B(lowest), B(lowest), B(lowest), B(lowest)};  // four chains hide max's latency
    std::size_t i = 0;
    for (; i + 4 * W <= n; i += 4 * W) {
      for (std::size_t k = 0; k < 4; ++k) m[k] = max_b(m[k], B::load_unaligned(in + i + k * W));
    }
    for (; i + W <= n; i += W) m[0] = max_b(m[0], B::load_unaligned(in + i));
    if (i < n) m[1] = max_b(m[1], load_tail<A>(in + i, n - i, lowest));
    alignas(A::alignment()) T lanes[W];
    max_b(max_b(m[0], m[1]), max_b(m[2], m[3])).store_aligned(lanes);
    T r = lanes[0];
    for (std::size_t j = 1; j < W; ++j) r = max_b(r, lanes[j]);
    return r;
  } else {
    T m = in[0];
    for (std::size_t i = 1; i < n; ++i) m = max_b(m, in[i]);
    return m;
  }
}

/// Applies e = Exp(in[i] - m) for i < n, stores e to out (if Store) and returns the sum of the e.
/// The subtraction x - m is exact for every element within a factor 2 of m (Sterbenz), so the
/// element equal to the maximum gets exp(0) == 1 exactly; x - m cannot overflow to +inf (it is
/// <= 0), and where it overflows to -inf the true e^(x - m) is 0 anyway.
/// The sum goes through L = sum_partials<T> partial sums (above): each element's path has at
/// most ceil(n / L) adds in its partial and log2(L) in the reduction, so the relative error of
/// the sum is at most (n / L + 1 + log2 L) u -- the summation term of the softmax bound.
template <class A, bool Store, class T, class Exp>
inline T exp_shifted_sum(const Exp& exp, const T* in, T* out, std::size_t n, T m) noexcept {
  constexpr std::size_t L = sum_partials<T>;
  if constexpr (simd_for<T, A>) {
    using B = xsimd::batch<T, A>;
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
    std::size_t i = 0;
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
      // Padded with -inf, whose exp is exactly +0 (adding it changes no partial: they are >= +0).
      const B e = step(k, load_tail<A>(in + i, n - i, -std::numeric_limits<T>::infinity()));
      if constexpr (Store) store_tail<A>(out + i, n - i, e);
    }
    const B total = halve_to_first(acc);
    alignas(A::alignment()) T lanes[W];
    total.store_aligned(lanes);
    return halve_to_first(lanes);
  } else {
    T s[L] = {};
    for (std::size_t i = 0, k = 0; i < n; ++i, k = (k + 1 == L ? 0 : k + 1)) {
      const T e = exp(in[i] - m);
      if constexpr (Store) out[i] = e;
      s[k] = s[k] + e;
    }
    return halve_to_first(s);
  }
}

/// Writes the canonical quiet NaN to a whole row. A NaN row's payload would otherwise depend on
/// which NaN operand each multiply or subtract propagates, which compilers may commute
/// differently at different call sites (found by the fuzzer: rows form vs one-row form; the
/// input is tests/fuzz/regressions/).
template <class T>
inline void fill_nan(T* out, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = std::numeric_limits<T>::quiet_NaN();
}

/// out[i] *= r for i < n: the last softmax pass, with the array driver's SIMD loop.
template <class A, class T>
inline void scale_row(T* out, std::size_t n, T r) noexcept {
  apply_elementwise<A>(
      [r](const auto& e) {
        using V = std::decay_t<decltype(e)>;
        return e * V(r);
      },
      out, out, n);
}

/// Softmax of one row, three passes: max; exp + sum, storing; scale by 1 / sum.
template <class A, int Order, class T>
inline void softmax_row(const T* in, T* out, std::size_t n) noexcept {
  if (n == 0) return;
  const T m = row_max<A>(in, n);
  // The order-1 kernel without its centring factor: a common factor cancels in the ratio, and
  // exp(0) is then exactly 1 for every order, so a row of equal values sums to exactly n.
  const T sum = exp_shifted_sum<A, true>([](const auto& d) { return exp_kernel_unit<Order>(d); },
                                         in, out, n, m);
  if (!(sum == sum)) {  // NaN or +inf in the row, or all -inf: a NaN row, canonical bits
    fill_nan(out, n);
    return;
  }
  // e * r with e == 1 and r = fl(1/n) is exactly fl(1/n) for a row of equal values.
  scale_row<A>(out, n, T(1) / sum);
}

/// log-softmax of one row: max; sum of exp (no store); (x - max) - log(sum).
template <class A, int Order, class T>
inline void log_softmax_row(const T* in, T* out, std::size_t n) noexcept {
  if (n == 0) return;
  const T m = row_max<A>(in, n);
  const T sum = exp_shifted_sum<A, false>([](const auto& d) { return exp_kernel<Order>(d); }, in,
                                          static_cast<T*>(nullptr), n, m);
  const T l = std::log(sum);
  if (!(l == l) || !(m == m)) {  // NaN or +inf in the row, or all -inf: a NaN row
    fill_nan(out, n);
    return;
  }
  apply_elementwise<A>(
      [m, l](const auto& x) {
        using V = std::decay_t<decltype(x)>;
        return (x - V(m)) - V(l);
      },
      in, out, n);
}

/// `rows` contiguous rows of `cols` elements, each through Row.
template <class Row, class T>
inline void for_each_row(const Row& row, const T* in, T* out, std::size_t rows,
                         std::size_t cols) noexcept {
  for (std::size_t r = 0; r < rows; ++r) row(in + r * cols, out + r * cols, cols);
}

}  // namespace detail
}  // namespace quake
