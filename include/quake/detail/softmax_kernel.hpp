// The passes of softmax and log-softmax over one row, for any xsimd architecture A, on the row's
// values as a Row reads them: the inputs themselves, or scale * input + mask (attention's form).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <quake/detail/driver.hpp>
#include <quake/detail/exp_kernel.hpp>
#include <type_traits>

/// g++ leaves the exp kernel out of line at orders 4 and 5 where softmax calls it per vector (a
/// call, its argument through memory). QUAKE_DETAIL_FLATTEN, on the exp pass and the short-row
/// path, inlines every call there: measured on x86 with AVX2 and FMA, optimised, g++; elsewhere
/// the compiler decides (unoptimised and sanitized builds check behaviour, the same either way;
/// ARM and the SSE2 set were not measured, and each inlined exp costs compile time).
#if defined(__OPTIMIZE__) && defined(__GNUC__) && !defined(__clang__) && defined(__AVX2__) && \
    defined(__FMA__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define QUAKE_DETAIL_FLATTEN __attribute__((flatten))
#else
#define QUAKE_DETAIL_FLATTEN
#endif

namespace quake::detail {

/// Number of partial sums in the exp pass: 128 bytes of them (32 float, 16 double), whatever
/// the architecture's SIMD width. Element i is added to partial i mod sum_partials and the
/// partials are reduced pairwise in one fixed order, so the sum -- and softmax -- has the same
/// bits on every architecture (scalar, SSE2 .. AVX-512, NEON; golden test). With W-lane batches
/// that is sum_partials / W accumulators: 2 for AVX-512, 4 for AVX2, 8 for SSE and NEON, enough
/// to hide the add latency.
template <class T>
inline constexpr std::size_t sum_partials = 128 / sizeof(T);

/// Every exp argument below is t - m, m the row's maximum, or old - m with m >= old: <= 0, or NaN.
/// (Where a NaN sits in the row the maxima may drop it and m may be below a later value; that
/// value's exp is then wrong, but the NaN's exp makes the sum NaN and the row a NaN row.)
inline constexpr exp_domain nonpositive = exp_domain::nonpositive;

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

/// (a0, ..., a[K-1]) = (a1, ..., a[K-1], a0) for K = 1, 2 or 4; the rest are left alone.
template <std::size_t K, class V>
inline void rotate_names(V& a0, V& a1, V& a2, V& a3) noexcept {
  static_assert(K == 1 || K == 2 || K == 4, "one, two or four accumulators");
  if constexpr (K >= 2) {
    const V t = a0;
    a0 = a1;
    if constexpr (K == 2) {
      a1 = t;
    } else {
      a1 = a2;
      a2 = a3;
      a3 = t;
    }
  }
}

/// -inf and the quiet NaN in storage type S: the compute type's, converted.
template <class S>
inline S minus_infinity() noexcept {
  return storage<S>::from_compute(-std::numeric_limits<compute_t<S>>::infinity());
}
template <class S>
inline S quiet_nan() noexcept {
  return storage<S>::from_compute(std::numeric_limits<compute_t<S>>::quiet_NaN());
}

/// A row as the plain softmax reads it: t_i = in[i], of storage type S, in its compute type T.
/// Rows (this and scaled_row) are a few pointers and scalars. The loops that store as they read
/// work on a copy made member by member (`local()`), which their stores cannot alias: through
/// the reference, every vector store (the intrinsics' may-alias type) made g++ reload the row's
/// pointers and scale; and an aggregate copy went through one 32-byte store whose upper half the
/// member loads after it could not forward.
template <class S>
struct plain_row {
  using T = compute_t<S>;
  const S* in;

  plain_row local() const noexcept { return plain_row{in}; }
  template <class A>
  typename lanes<T, A>::V at(std::size_t i) const noexcept {
    return lanes<T, A>::load(in + i);
  }
  /// The last count (< W) values, the lanes past them -inf (whose exp is exactly +0).
  template <class A>
  typename lanes<T, A>::V tail(std::size_t i, std::size_t count) const noexcept {
    return lanes<T, A>::load_tail(in + i, count, minus_infinity<S>());
  }
};

/// A row as attention's softmax reads it: t_i = scale in[i] + mask[i], one fused multiply-add
/// (Masked), or t_i = scale in[i], one rounding; in of storage type S, the mask of storage type M
/// (S, or a 16-bit type computing in S's compute type: converted exactly). Sloped: the mask value
/// times `slope` (ALiBi's per-head factor), rounded once, before the multiply-add.
template <class S, bool Masked, class M = S, bool Sloped = false>
struct scaled_row {
  using T = compute_t<S>;
  static_assert(std::is_same<compute_t<M>, T>::value, "the mask computes in the scores' type");
  const S* in;
  T scale;
  const M* mask;
  T slope = T(1);

  scaled_row local() const noexcept {
    const S* const i = in;
    const T s = scale;
    const M* const m = mask;
    const T k = slope;
    return scaled_row{i, s, m, k};
  }
  template <class V>
  V value(const V& x, const V& m) const noexcept {
    if constexpr (Masked && Sloped) {
      return mul_add(x, splat<V>(scale), product(m, splat<V>(slope)));
    } else if constexpr (Masked) {
      return mul_add(x, splat<V>(scale), m);
    } else {
      return product(x, splat<V>(scale));
    }
  }
  template <class A>
  typename lanes<T, A>::V at(std::size_t i) const noexcept {
    using L = lanes<T, A>;
    using V = typename L::V;
    return value(L::load(in + i), Masked ? L::load(mask + i) : splat<V>(T(0)));
  }
  /// The last count (< W) values, the lanes past them -inf.
  template <class A>
  typename lanes<T, A>::V tail(std::size_t i, std::size_t count) const noexcept {
    using L = lanes<T, A>;
    using V = typename L::V;
    const V t = value(
        L::load_tail(in + i, count, storage<S>::from_compute(T(0))),
        Masked ? L::load_tail(mask + i, count, storage<M>::from_compute(T(0))) : splat<V>(T(0)));
    return L::keep_first(t, count, -std::numeric_limits<T>::infinity());
  }
};

/// max of the row's values t_0 .. t_{n-1}, n >= 1; with a non-null `store`, each t_i is also
/// stored there (which may be the row's input, element by element), so that the later passes
/// read them back as a plain row: the scale and mask then cost one fused multiply-add and one
/// store per element, once, instead of the multiply-add and two loads in every pass (stored and
/// reloaded, each t_i keeps its bits). A NaN may or may not win; the exp pass turns any NaN into
/// a NaN sum. The tail goes through a vector padded with -inf (which never wins), so no scalar
/// loop is left whose trip count a compiler must reason about. Four chains of maxima hide the
/// latency where vectors have several lanes.
template <class A, class T, class Row>
inline T row_max(const Row& row_ref, std::size_t n, T* store = nullptr) noexcept {
  const Row row = row_ref.local();
  using L = lanes<T, A>;
  using V = typename L::V;
  constexpr std::size_t W = L::size, chains = W > 1 ? 4 : 1;
  V m[chains];
  for (V& c : m) c = splat<V>(-std::numeric_limits<T>::infinity());
  auto at = [&](std::size_t i) {
    const V t = row.template at<A>(i);
    if (store != nullptr) L::store(store + i, t);
    return t;
  };
  std::size_t i = 0;
  for (; i + chains * W <= n; i += chains * W) {
    for (std::size_t k = 0; k < chains; ++k) m[k] = max_b(m[k], at(i + k * W));
  }
  for_each_vector<W>(
      n - i, [&](std::size_t j) { m[0] = max_b(m[0], at(i + j)); },
      [&](std::size_t j, std::size_t count) {
        const V t = row.template tail<A>(i + j, count);
        if (store != nullptr) L::store_tail(store + i + j, count, t);
        m[chains > 1 ? 1 : 0] = max_b(m[chains > 1 ? 1 : 0], t);
      });
  V all = m[0];
  if constexpr (chains == 4) all = max_b(max_b(m[0], m[1]), max_b(m[2], m[3]));
  // A tree of depth log2 W rather than a chain of W - 1 dependent maxima (short rows feel the
  // chain's latency). The maximum of non-NaN values does not depend on the order; where a NaN is
  // present, either result leads to the same NaN row.
  return L::halving_max(all);
}

/// e_i = Exp(t_i - m) for i < n, stored to out (if Store); returns the sum of the e_i.
/// The subtraction t - m is exact for every value within a factor 2 of m (Sterbenz), so the
/// value equal to the maximum gets exp(0) == 1 exactly; t - m cannot overflow to +inf (it is
/// <= 0), and where it overflows to -inf the true e^(t - m) is 0 anyway.
/// The sum goes through L = sum_partials<T> partial sums (above): each element's path has at
/// most ceil(n / L) adds in its partial and log2(L) in the reduction, so the relative error of
/// the sum is at most (n / L + 1 + log2 L) u -- the summation term of the softmax bound.
template <class A, bool Store, class T, class Row, class Exp>
QUAKE_DETAIL_FLATTEN inline T exp_shifted_sum(const Exp& exp, const Row& row_ref, T* out,
                                              std::size_t n, T m) noexcept {
  const Row row = row_ref.local();
  using Ls = lanes<T, A>;
  using V = typename Ls::V;
  constexpr std::size_t L = sum_partials<T>, W = Ls::size;
  constexpr std::size_t K = L / W;  // accumulators; partial k*W + j is lane j of acc[k]
  static_assert(K >= 1 && K * W == L, "the vector width divides sum_partials");
  const V mb = splat<V>(m);
  const auto exp_of = [&](const V& t) { return exp(t - mb); };
  if constexpr (K <= 4) {
    // Vector j's values go to accumulator j mod K, a_(j mod K): named variables, not an array
    // indexed by a counter, which g++ keeps in memory (zeroed with `rep stos`, every add a load
    // and a store). In the last loop a0 takes every vector and the names rotate, so that a_r
    // holds accumulator (c + r) mod K after c vectors.
    V a0 = splat<V>(T(0)), a1 = a0, a2 = a0, a3 = a0;
    const auto add_exp = [&](V& a, std::size_t at) {
      const V e = exp_of(row.template at<A>(at));
      a = a + e;
      if constexpr (Store) Ls::store(out + at, e);
    };
    std::size_t i = 0;
    for (; i + L <= n; i += L) {  // K vectors at a time, to a0, a1, ... in turn
      add_exp(a0, i);
      if constexpr (K >= 2) add_exp(a1, i + W);
      if constexpr (K == 4) {
        add_exp(a2, i + 2 * W);
        add_exp(a3, i + 3 * W);
      }
    }
    // The last n mod L elements, fewer than K vectors (the only ones of a short row), one exp
    // per pass of the loop.
    std::size_t c = 0;
    for (; i < n; i += W, ++c) {
      const bool whole = i + W <= n;
      const V e = exp_of(whole ? row.template at<A>(i) : row.template tail<A>(i, n - i));
      if constexpr (Store) {
        if (whole) {
          Ls::store(out + i, e);
        } else {
          Ls::store_tail(out + i, n - i, e);
        }
      }
      a0 = a0 + e;
      rotate_names<K>(a0, a1, a2, a3);
    }
    for (; c % K != 0; ++c) rotate_names<K>(a0, a1, a2, a3);  // a_r is accumulator r
    // halve_to_first's tree, then the same tree on the W lanes.
    if constexpr (K == 4) {
      return Ls::halving_sum((a0 + a2) + (a1 + a3));
    } else if constexpr (K == 2) {
      return Ls::halving_sum(a0 + a1);
    } else {
      return Ls::halving_sum(a0);
    }
  } else {
    V acc[K];
    for (V& a : acc) a = splat<V>(T(0));
    auto step = [&](std::size_t k, const V& t) {
      const V e = exp_of(t);
      acc[k] = acc[k] + e;
      return e;
    };
    auto full = [&](std::size_t k, std::size_t at) {
      const V e = step(k, row.template at<A>(at));
      if constexpr (Store) Ls::store(out + at, e);
    };
    std::size_t i = 0;
    for (; i + L <= n; i += L) {
      for (std::size_t k = 0; k < K; ++k) full(k, i + k * W);
    }
    // The last n mod L elements, to partials 0 .. n mod L - 1: whole vectors to accumulators 0,
    // 1, ... in turn, then the tail. k is a loop index the compiler unrolls, not a counter, so
    // the accumulators stay in registers (short rows run nothing but this).
    for (std::size_t k = 0; k < K && i < n; ++k, i += W) {
      if (i + W <= n) {
        full(k, i);
      } else {
        const V e = step(k, row.template tail<A>(i, n - i));
        if constexpr (Store) Ls::store_tail(out + i, n - i, e);
      }
    }
    return Ls::halving_sum(halve_to_first(acc));  // the same tree on the W lanes
  }
}

/// Writes the canonical quiet NaN to a whole row. A NaN row's payload would otherwise depend on
/// which NaN operand each multiply or subtract propagates, which compilers may commute
/// differently at different call sites (found by the fuzzer: rows form vs one-row form; the
/// input is tests/fuzz/regressions/).
template <class S>
inline void fill_nan(S* out, std::size_t n) noexcept {
  const S nan = quiet_nan<S>();
  for (std::size_t i = 0; i < n; ++i) out[i] = nan;
}

/// out[i] = f(row's t_i) for i < n, out of storage type S: the last pass of softmax and
/// log-softmax.
template <class A, class T, class Row, class S, class F>
inline void map_row(const Row& row_ref, S* out, std::size_t n, const F& f) noexcept {
  const Row row = row_ref.local();
  using L = lanes<T, A>;
  std::size_t i0 = 0;  // where the whole pairs end, where S stores two vectors at once
  if constexpr (L::template pair_store<S>) {
    for (; i0 + 2 * L::size <= n; i0 += 2 * L::size) {
      L::store2(out + i0, f(row.template at<A>(i0)), f(row.template at<A>(i0 + L::size)));
    }
  }
  for_each_vector<L::size>(
      n - i0,
      [&](std::size_t j) {
        const std::size_t i = i0 + j;
        L::store(out + i, f(row.template at<A>(i)));
      },
      [&](std::size_t j, std::size_t count) {
        const std::size_t i = i0 + j;
        L::store_tail(out + i, count, f(row.template tail<A>(i, count)));
      });
}

/// out[i] = e[i] * r for i < n (e of the compute type, out of storage type S; e == out allowed):
/// the last softmax pass, with the array driver's loop.
template <class A, class T, class S>
inline void scale_row(const T* e, S* out, std::size_t n, T r) noexcept {
  static_assert(std::is_same<T, compute_t<S>>::value, "e holds the compute type of out");
  const auto times_r = [r](const auto& v) {
    using V = std::decay_t<decltype(v)>;
    return v * splat<V>(r);
  };
  if constexpr (std::is_same<T, S>::value) {
    apply_elementwise<A>(times_r, e, out, n);
  } else {
    map_row<A, T>(plain_row<T>{e}, out, n, times_r);
  }
}

/// Rows up to this long keep their exp values in a stack buffer of the compute type when the
/// output is 16-bit (32 KiB of floats); longer rows compute them a second time. Either way each
/// result is the compute type's, rounded once.
inline constexpr std::size_t half_scratch = 8192;

/// Softmax of one row as `row` reads it, its maximum m known: exp + sum, storing; scale by 1 / sum.
/// out of the compute type T, or of a 16-bit storage type (then the exp values go to a stack
/// buffer, or are computed again in the last pass for long rows).
template <class A, int Order, class T, class Row, class S>
inline void softmax_from(const Row& row, S* out, std::size_t n, T m) noexcept {
  // The order-1 kernel without its centring factor: a common factor cancels in the ratio, and
  // exp(0) is then exactly 1 for every order, so a row of equal values sums to exactly n.
  const auto exp = [](const auto& d) { return exp_kernel_unit<Order, nonpositive>(d); };
  if constexpr (std::is_same<T, S>::value) {
    const T sum = exp_shifted_sum<A, true>(exp, row, out, n, m);
    if (!(sum == sum)) {  // NaN or +inf in the row, or all -inf: a NaN row, canonical bits
      fill_nan(out, n);
      return;
    }
    // e * r with e == 1 and r = fl(1/n) is exactly fl(1/n) for a row of equal values.
    scale_row<A>(out, out, n, T(1) / sum);
  } else if (n <= half_scratch) {
    T e[half_scratch];
    const T sum = exp_shifted_sum<A, true>(exp, row, e, n, m);
    if (!(sum == sum)) {
      fill_nan(out, n);
      return;
    }
    scale_row<A>(static_cast<const T*>(e), out, n, T(1) / sum);
  } else {
    const T sum = exp_shifted_sum<A, false>(exp, row, static_cast<T*>(nullptr), n, m);
    if (!(sum == sum)) {
      fill_nan(out, n);
      return;
    }
    // The same e as exp_shifted_sum's, times r: the bits the buffer would give.
    const T r = T(1) / sum;
    map_row<A, T>(row, out, n, [m, r, &exp](const auto& t) {
      using V = std::decay_t<decltype(t)>;
      return exp(t - splat<V>(m)) * splat<V>(r);
    });
  }
}

/// log-softmax of one row as `row` reads it, its maximum m known: sum of exp (no store);
/// (t - m) - log(sum).
template <class A, int Order, class T, class Row, class S>
inline void log_softmax_from(const Row& row, S* out, std::size_t n, T m) noexcept {
  const T sum =
      exp_shifted_sum<A, false>([](const auto& d) { return exp_kernel<Order, nonpositive>(d); },
                                row, static_cast<T*>(nullptr), n, m);
  const T l = std::log(sum);
  if (!(l == l) || !(m == m)) {  // NaN or +inf in the row, or all -inf: a NaN row
    fill_nan(out, n);
    return;
  }
  map_row<A, T>(row, out, n, [m, l](const auto& t) {
    using V = std::decay_t<decltype(t)>;
    return (t - splat<V>(m)) - splat<V>(l);
  });
}

/// Rows of at most short_vectors vectors of the architecture (64 floats on AVX-512, 32 on AVX2,
/// 16 on SSE and NEON) are computed in registers by softmax_short.
inline constexpr std::size_t short_vectors = 4;

/// Softmax of a short row, NV = ceil(n / W) vectors (1 <= NV <= short_vectors): each value read
/// once into a register, max, exp and sum there, each result stored once. The bits are those of
/// the three passes. exp_shifted_sum adds vector j's exp values to accumulator j mod K (K >= 2)
/// and reduces the K accumulators by halving; with e >= +0 (so +0 + e == e) that comes to
/// e0, e0 + e1, (e0 + e2) + e1 or (e0 + e2) + (e1 + e3) for every K, then the same halving tree
/// on the lanes. The maximum of non-NaN values does not depend on the order, and a NaN, +inf or
/// all -inf row is a NaN row however the maximum comes out. The vectors are named variables, not
/// an array: g++ keeps an array of batches on the stack, copied in halves that no store forwards.
template <class A, int Order, std::size_t NV, class T, class Row, class S>
QUAKE_DETAIL_FLATTEN inline void softmax_short(const Row& row, S* out, std::size_t n) noexcept {
  using L = lanes<T, A>;
  using V = typename L::V;
  constexpr std::size_t W = L::size;
  static_assert(NV >= 1 && NV <= 4 && sum_partials<T> / W >= 2, "the sums above");
  const std::size_t count = n - (NV - 1) * W;  // 1 .. W values in the last vector
  const auto read = [&](std::size_t j) -> V {
    if (j + 1 < NV || count == W) return row.template at<A>(j * W);
    return row.template tail<A>(j * W, count);
  };
  const auto write = [&](std::size_t j, const V& v) {
    if (j + 1 < NV || count == W) {
      L::store(out + j * W, v);
    } else {
      L::store_tail(out + j * W, count, v);
    }
  };
  V t0 = read(0), t1 = t0, t2 = t0, t3 = t0;  // the unused ones repeat t0 for the maximum
  if constexpr (NV > 1) t1 = read(1);
  if constexpr (NV > 2) t2 = read(2);
  if constexpr (NV > 3) t3 = read(3);
  const V mb = splat<V>(L::halving_max(max_b(max_b(t0, t1), max_b(t2, t3))));
  const auto exp = [&](const V& t) { return exp_kernel_unit<Order, nonpositive>(t - mb); };
  t0 = exp(t0);
  V total = t0;
  if constexpr (NV == 2) {
    t1 = exp(t1);
    total = t0 + t1;
  } else if constexpr (NV == 3) {
    t1 = exp(t1);
    t2 = exp(t2);
    total = (t0 + t2) + t1;
  } else if constexpr (NV == 4) {
    t1 = exp(t1);
    t2 = exp(t2);
    t3 = exp(t3);
    total = (t0 + t2) + (t1 + t3);
  }
  const T sum = L::halving_sum(total);
  if (!(sum == sum)) {  // NaN or +inf in the row, or all -inf: a NaN row, canonical bits
    fill_nan(out, n);
    return;
  }
  const V r = splat<V>(T(1) / sum);
  // Vectors j and j + 1 with one store2 (a pair store where S has one) when both are whole.
  const auto write2 = [&](std::size_t j, const V& a, const V& b) {
    if (j + 2 < NV || count == W) {
      L::store2(out + j * W, a, b);
    } else {
      write(j, a);
      write(j + 1, b);
    }
  };
  if constexpr (NV == 1) {
    write(0, t0 * r);
  } else {
    write2(0, t0 * r, t1 * r);
    if constexpr (NV == 3) write(2, t2 * r);
    if constexpr (NV == 4) write2(2, t2 * r, t3 * r);
  }
}

/// Softmax of one row as `row` reads it, three passes: max; exp + sum, storing; scale by 1 / sum.
/// Materialized: the max pass stores the row's values to out and the other passes read them.
/// Short rows (softmax_short) stay in registers, with the same bits.
template <class A, int Order, bool Materialized = false, class Row, class S>
inline void softmax_of(const Row& row, S* out, std::size_t n) noexcept {
  using T = typename Row::T;
  if (n == 0) return;
  if constexpr (simd_for<T, A>) {
    constexpr std::size_t W = lanes<T, A>::size;
    if (n <= short_vectors * W) {
      static_assert(short_vectors == 4, "one case per vector count");
      switch ((n + W - 1) / W) {
        case 1:
          return softmax_short<A, Order, 1, T>(row, out, n);
        case 2:
          return softmax_short<A, Order, 2, T>(row, out, n);
        case 3:
          return softmax_short<A, Order, 3, T>(row, out, n);
        default:
          return softmax_short<A, Order, 4, T>(row, out, n);
      }
    }
  }
  if constexpr (Materialized) {
    static_assert(std::is_same<T, S>::value, "materialized rows are of the compute type");
    const T m = row_max<A, T>(row, n, out);
    softmax_from<A, Order>(plain_row<T>{out}, out, n, m);
  } else {
    softmax_from<A, Order>(row, out, n, row_max<A, T>(row, n));
  }
}

/// log_softmax_of's twin of softmax_of.
template <class A, int Order, bool Materialized = false, class Row, class S>
inline void log_softmax_of(const Row& row, S* out, std::size_t n) noexcept {
  using T = typename Row::T;
  if (n == 0) return;
  if constexpr (Materialized) {
    static_assert(std::is_same<T, S>::value, "materialized rows are of the compute type");
    const T m = row_max<A, T>(row, n, out);
    log_softmax_from<A, Order>(plain_row<T>{out}, out, n, m);
  } else {
    log_softmax_from<A, Order>(row, out, n, row_max<A, T>(row, n));
  }
}

/// One row: in of storage type S, out of storage type O (the same, or a 16-bit type whose compute
/// type S is: float scores, 16-bit probabilities).
template <class A, int Order, class S, class O>
inline void softmax_row(const S* in, O* out, std::size_t n) noexcept {
  softmax_of<A, Order>(plain_row<S>{in}, out, n);
}
template <class A, int Order, class S, class O>
inline void log_softmax_row(const S* in, O* out, std::size_t n) noexcept {
  log_softmax_of<A, Order>(plain_row<S>{in}, out, n);
}

/// The length of a masked row without its masked-out end: the index after the last mask value
/// that is not -inf, rounded up to whole batches (so no pass needs a padded tail), where every
/// score past it times the scale, rounded, is finite; else n. The rule is what makes skipping
/// safe in every build: there, scale * x + -inf is -inf whether it is fused (FMA) or rounded
/// first, so its exp is exactly +0 and the row's result there is 0 / -inf, the bits computing it
/// would give. A product that overflows (or a non-finite score or scale) gives +inf + -inf = NaN
/// without FMA, so such a row is computed whole, at every batch width. Causal and padding masks
/// end in such runs; the passes then skip them. Scores and mask of storage type S.
template <class A, class S>
inline std::size_t unmasked_length(const S* x, const S* mask, std::size_t n,
                                   compute_t<S> scale) noexcept {
  using T = compute_t<S>;
  constexpr T inf = std::numeric_limits<T>::infinity();
  const auto value = [](S v) { return storage<S>::to_compute(v); };
  std::size_t end = n, i = n;
  if constexpr (simd_for<T, A> && std::is_same<S, T>::value) {
    using B = xsimd::batch<T, A>;
    constexpr std::size_t W = B::size;
    while (end >= W && compat::all_true(B::load_unaligned(mask + end - W) == B(-inf))) end -= W;
    while (end > 0 && mask[end - 1] == -inf) --end;
    end = std::min(n, (end + W - 1) / W * W);
    for (i = end; i + W <= n; i += W) {
      if (!compat::all_true(abs_bits(B::load_unaligned(x + i) * B(scale)) < B(inf))) return n;
    }
  } else {
    while (end > 0 && value(mask[end - 1]) == -inf) --end;
    if constexpr (simd_for<T, A>) {
      constexpr std::size_t W = xsimd::batch<T, A>::size;
      end = std::min(n, (end + W - 1) / W * W);
    }
    i = end;
  }
  for (; i < n; ++i) {
    const T product = value(x[i]) * scale;
    if (!(product > -inf && product < inf)) return n;
  }
  return end;
}

/// softmax_of / log_softmax_of (Log) over `rows` rows of `cols`: scores in[r][c] (storage type
/// S), mask row mask + r * mask_stride (stride 0: one mask row for every row; no mask: null),
/// results to out (storage type O: S, or a 16-bit type computing in S). scale == 1 with no mask
/// is the plain form exactly. A masked row's masked-out end is not computed: its results are
/// stored as 0 (-inf), the bits computing them would give (exp(-inf) is +0 and adds nothing to a
/// partial sum, whatever its position).
template <class A, int Order, bool Log, class S, class O>
inline void scaled_rows(const S* in, O* out, std::size_t rows, std::size_t cols, compute_t<S> scale,
                        const S* mask, std::size_t mask_stride) noexcept {
  using T = compute_t<S>;
  for (std::size_t r = 0; r < rows; ++r) {
    const S* x = in + r * cols;
    O* y = out + r * cols;
    auto run = [&](const auto& row, std::size_t n) {
      // A scaled row of the compute type is materialized in y by the max pass; a plain one, or
      // one of 16-bit values, is read where it is.
      constexpr bool M = !std::is_same_v<std::decay_t<decltype(row)>, plain_row<S>> &&
                         std::is_same<S, T>::value && std::is_same<O, T>::value;
      if constexpr (Log) {
        log_softmax_of<A, Order, M>(row, y, n);
      } else {
        softmax_of<A, Order, M>(row, y, n);
      }
    };
    if (scale == T(1) && mask == nullptr) {
      run(plain_row<S>{x}, cols);
    } else if (mask == nullptr) {
      run(scaled_row<S, false>{x, scale, nullptr}, cols);
    } else {
      const S* m = mask + r * mask_stride;
      const std::size_t n = unmasked_length<A>(x, m, cols, scale);
      if (n == 0) {  // every value -inf: a NaN row, as the plain form's
        fill_nan(y, cols);
        continue;
      }
      run(scaled_row<S, true>{x, scale, m}, n);
      // The masked-out end. A NaN row stays NaN there too.
      const T first = storage<O>::to_compute(y[0]);
      const O rest =
          first != first
              ? y[0]
              : storage<O>::from_compute(Log ? -std::numeric_limits<T>::infinity() : T(0));
      for (std::size_t i = n; i < cols; ++i) y[i] = rest;
    }
  }
}

/// One step of online softmax on one row as `row` reads it (n >= 1 values t, of the compute type
/// T): quake::online_softmax's contract. The max pass stores the t to out, the exp pass reads
/// them back and stores e_i = exp<Order>(t_i - m'), m' = max(max, max_i t_i) (+0 if a zero); then
/// rescale = exp<Order>(max - m') (exactly 1 where m' == max), sum = sum rescale + sum_i e_i (one
/// fused multiply-add where the build fuses), max = m'.
template <class A, int Order, class T, class Row>
inline void online_step(const Row& row, T* out, std::size_t n, T& max, T& sum,
                        T& rescale) noexcept {
  constexpr T inf = std::numeric_limits<T>::infinity();
  const T tile = row_max<A, T>(row, n, out);
  const T old = max;
  // + 0: a zero maximum is +0, whichever zero the comparisons' order let win (-0 + +0 == +0).
  const T m = (old > tile ? old : tile) + T(0);
  const auto nan_row = [&] {
    fill_nan(out, n);
    max = sum = rescale = quiet_nan<T>();
  };
  if (!(old == old) || !(m == m) || m == inf) return nan_row();
  if (m == -inf) {  // every value so far -inf (masked): nothing to add, nothing to rescale
    // Unless a NaN lost every comparison (the maxima drop a NaN compared with a later value):
    // the values are in out, and no value below m = -inf is anything but -inf or NaN.
    if (std::any_of(out, out + n, [](T t) { return t != t; })) return nan_row();
    std::fill(out, out + n, T(0));
    rescale = T(1);
    return;
  }
  const T s =
      exp_shifted_sum<A, true>([](const auto& d) { return exp_kernel<Order, nonpositive>(d); },
                               plain_row<T>{out}, out, n, m);
  if (!(s == s)) return nan_row();  // a NaN among the values
  rescale = m == old ? T(1) : exp_kernel<Order, nonpositive>(old - m);
  sum = mul_add(sum, rescale, s);
  max = m;
}

/// online_step over `rows` rows of `cols` values: scores in[r][c], the mask row of row r at
/// mask + r * mask_stride (null: no mask), its values times slope; state max[r], sum[r],
/// rescale[r]. cols == 0 reads and writes nothing.
template <class A, int Order, class T, class M>
inline void online_rows(const T* in, T* out, std::size_t rows, std::size_t cols, T scale,
                        const M* mask, std::size_t mask_stride, T slope, T* max, T* sum,
                        T* rescale) noexcept {
  if (cols == 0) return;
  for (std::size_t r = 0; r < rows; ++r) {
    const T* x = in + r * cols;
    T* y = out + r * cols;
    if (mask == nullptr) {
      online_step<A, Order>(scaled_row<T, false>{x, scale, nullptr}, y, cols, max[r], sum[r],
                            rescale[r]);
    } else if (slope == T(1)) {
      online_step<A, Order>(scaled_row<T, true, M>{x, scale, mask + r * mask_stride}, y, cols,
                            max[r], sum[r], rescale[r]);
    } else {
      online_step<A, Order>(scaled_row<T, true, M, true>{x, scale, mask + r * mask_stride, slope},
                            y, cols, max[r], sum[r], rescale[r]);
    }
  }
}

}  // namespace quake::detail
