// quake::softmax and quake::log_softmax -- numerically stable, on the exp ladder.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <quake/bounds.hpp>
#include <quake/detail/api.hpp>
#include <quake/detail/softmax_kernel.hpp>
#include <quake/exp.hpp>
#include <utility>

namespace quake {

/// Softmax of one row: out[i] = e^(in[i] - max) / sum_j e^(in[j] - max), on exp<Order>.
///
/// T: float, double, quake::bfloat16 or quake::float16 (computed in float, each result rounded
/// once to the type: the bits of converting the float form's result); Order 1 ..
/// quake::max_order (default 2). Any n (0 does nothing), any alignment, in == out allowed,
/// nothing past n read or written. In the bound, B is exp<Order>'s, u the unit roundoff and L
/// the number of partial sums of the summation (quake::detail::sum_partials<T>); the
/// abs(x_i - max) u term is the rounding of the difference (0 for elements within a factor 2 of
/// the max). Rows sum to 1 within quake::fn::softmax::sum_allowed(n) whatever the Order: exp's
/// errors cancel in the ratio. Logits of any finite magnitude never overflow; a row of equal
/// values gives exactly 1/n (every order).
/// Algorithm: three passes (max; exp + sum, storing; scale), the subtraction of the max in the
/// exp pass (docs/design.md has the variants measured against it). With 16-bit results the exp
/// values of rows up to quake::detail::half_scratch long go to a stack buffer of floats; longer
/// rows compute them again in the scale pass (the same bits, about one exp more per element).
/// Forms: softmax<Order>(in, out, n), one row; softmax<Order>(in, out, rows, cols), `rows`
/// contiguous rows of `cols` elements (the same result as the one-row form on each row); in
/// C++20 softmax<Order>(span in, span out) and softmax<Order>(span inout), one row.
/// <!-- registry:doc:softmax -->
/// Error: 2.2 B + (n / L + 3 + log2 L) u + abs(x_i - max) u (scaled form: + 2 max abs(t_j) u, t =
///   scale x + mask), per element (quake::bound<quake::fn::softmax, Order, T>; the element's bound
///   is quake::fn::softmax::allowed); the 2.2 B term, orders 1 / 2 / 3 / 4 / 5: float 6.58e-2 /
///   5.94e-3 / 2.42e-4 / 8.80e-6 / 5.50e-7, double 6.58e-2 / 5.94e-3 / 2.42e-4 / 8.80e-6 / 5.50e-7.
/// Edges: a row with a NaN, a +inf or only -inf values gives NaN in every element
///   (quake::fn::softmax::nan_row); in any other row a -inf value gives exactly +0. An element
///   whose true value is below 1e-30 is in [0, 2e-30].
/// <!-- /registry:doc:softmax -->
QUAKE_DEFINE_ROWS(softmax, detail::softmax_row)

/// log-softmax of one row: out[i] = (in[i] - max) - log(sum_j e^(in[j] - max)), on exp<Order>.
///
/// T, orders and forms as softmax's; B, u and L in the bound too. The bound is relative for
/// values of magnitude above 1. No overflow for finite logits of any magnitude (a difference
/// beyond the float range gives -inf, the correctly rounded value).
/// Passes: max; sum of exp (reads only); subtract (reads and writes). log is std::log, once per
/// row.
/// <!-- registry:doc:log_softmax -->
/// Error: (2.2 B + (n / L + 1 + log2 L) u + abs(x_i - max) u) max(1, abs(y)) + 4u abs(y) (scaled
///   form: + 3 max abs(t_j) u, t = scale x + mask), per element
///   (quake::bound<quake::fn::log_softmax, Order, T>; the element's bound is
///   quake::fn::log_softmax::allowed); the 2.2 B term, orders 1 / 2 / 3 / 4 / 5: float 6.58e-2 /
///   5.94e-3 / 2.42e-4 / 8.80e-6 / 5.50e-7, double 6.58e-2 / 5.94e-3 / 2.42e-4 / 8.80e-6 / 5.50e-7.
/// Edges: a row with a NaN, a +inf or only -inf values gives NaN in every element
///   (quake::fn::log_softmax::nan_row); in any other row a -inf value gives exactly -inf.
/// <!-- /registry:doc:log_softmax -->
QUAKE_DEFINE_ROWS(log_softmax, detail::log_softmax_row)

/// Mixed forms: float scores, 16-bit results (O: quake::bfloat16 or quake::float16) -- what an
/// engine with 16-bit activations calls on scores it computed in float. The float form's
/// results, each rounded once to O: softmax<Order>(in, out, n) and (in, out, rows, cols), and
/// the same for log_softmax; the scaled and masked forms below take them too.
template <int Order = 2, class O, std::enable_if_t<detail::is_half<O>, int> = 0>
inline void softmax(const float* in, O* out, std::size_t n) noexcept {
  detail::check_array<O, Order>();
  detail::softmax_row<simd_arch, Order>(in, out, n);
}
template <int Order = 2, class O, std::enable_if_t<detail::is_half<O>, int> = 0>
inline void softmax(const float* in, O* out, std::size_t rows, std::size_t cols) noexcept {
  detail::check_array<O, Order>();
  for (std::size_t r = 0; r < rows; ++r) {
    detail::softmax_row<simd_arch, Order>(in + r * cols, out + r * cols, cols);
  }
}
template <int Order = 2, class O, std::enable_if_t<detail::is_half<O>, int> = 0>
inline void log_softmax(const float* in, O* out, std::size_t n) noexcept {
  detail::check_array<O, Order>();
  detail::log_softmax_row<simd_arch, Order>(in, out, n);
}
template <int Order = 2, class O, std::enable_if_t<detail::is_half<O>, int> = 0>
inline void log_softmax(const float* in, O* out, std::size_t rows, std::size_t cols) noexcept {
  detail::check_array<O, Order>();
  for (std::size_t r = 0; r < rows; ++r) {
    detail::log_softmax_row<simd_arch, Order>(in + r * cols, out + r * cols, cols);
  }
}

/// Softmax of scale * in + mask, row by row: the form attention calls,
/// out[r][c] = softmax over c of (scale in[r][c] + mask[r mask_stride + c]), on exp<Order>.
///
/// T: float, double, or a 16-bit type (scores, mask and results of that type, computed in float);
/// out may also be 16-bit for float scores. Order 1..5 (default 2). `rows` contiguous rows of
/// `cols` elements; the
/// mask row of row r starts at mask + r * mask_stride: mask_stride 0 broadcasts one mask row to
/// every row (padding), mask_stride == cols gives a full mask (causal attention); no mask
/// (nullptr) adds nothing. in == out allowed; the mask must not overlap out. Nothing outside the
/// rows is read or written.
/// Each value is scale in[i] + mask[i] rounded once (one fused multiply-add; scale in[i] without
/// a mask). Cost: the plain form's three passes; the max pass also computes the values and
/// stores them to out, where the other two read them, so the scale and mask cost one fused
/// multiply-add, one load and one store per element (measured 1.1-1.2x the plain form's time in
/// L1, docs/performance.md). Whole batches at the end of a row whose mask is -inf in every lane
/// are stored as zeros without computing their exp (causal and padding masks).
/// Error (quake::fn::softmax::allowed): the plain form's bound on those values, plus
/// 2 max_j |scale in[j] + mask[j]| u for their rounding.
/// Edges: as the plain form's, on the values: a -inf in the mask gives exactly 0 (for a finite
/// score); scale == 1 with no mask gives exactly the plain form's bits; a row whose values are
/// all -inf (fully masked) gives NaN, as the definition does (0/0); a NaN score or mask value
/// gives a NaN row.
template <int Order = 2, class T, class O>
inline void softmax(const T* in, O* out, std::size_t rows, std::size_t cols,
                    detail::identity_t<detail::compute_t<T>> scale, const T* mask = nullptr,
                    std::size_t mask_stride = 0) noexcept {
  detail::check_scaled<T, O, Order>();
  detail::scaled_rows<simd_arch, Order, false>(in, out, rows, cols, scale, mask, mask_stride);
}

/// log-softmax of scale * in + mask, row by row (as softmax's scaled form above).
/// Error (quake::fn::log_softmax::allowed): the plain form's bound on the values, plus
/// 3 max_j |scale in[j] + mask[j]| u, absolute. Edges: as the plain form's, on the values; a -inf
/// in the mask gives exactly -inf (for a finite score).
template <int Order = 2, class T, class O>
inline void log_softmax(const T* in, O* out, std::size_t rows, std::size_t cols,
                        detail::identity_t<detail::compute_t<T>> scale, const T* mask = nullptr,
                        std::size_t mask_stride = 0) noexcept {
  detail::check_scaled<T, O, Order>();
  detail::scaled_rows<simd_arch, Order, true>(in, out, rows, cols, scale, mask, mask_stride);
}

/// One step of online softmax, flash attention's tile: `rows` rows of `cols` scores, each row
/// met in steps of cols keys and normalised only at the end.
///
/// For each row r, with t_c = scale in[r][c] + slope mask[r mask_stride + c] (the mask value times
/// slope rounded once, then one fused multiply-add where the build fuses; scale in[r][c] rounded
/// once without a mask) and m' = max(max[r], max_c t_c):
///   out[r][c]  = exp<Order>(t_c - m'), the bits of quake::exp<Order> on the rounded difference;
///   rescale[r] = exp<Order>(max[r] - m'), exactly 1 where the maximum did not change (the
///                factor by which the caller multiplies what it accumulated for the row);
///   sum[r]     = sum[r] rescale[r] + sum_c out[r][c] (the partial sums of softmax's exp pass,
///                then one fused multiply-add where the build fuses);
///   max[r]     = m' (+0 where m' is a zero: which zero wins a comparison of +0 and -0
///                depends on the order of the comparisons).
/// Start each row with max = -inf and sum = 0; after the last step the row's softmax is out / sum
/// (with every earlier step's out multiplied by the later steps' rescale factors).
///
/// T: float or double. The mask: of type T, or 16-bit (quake::float16 or quake::bfloat16) for
/// float scores, converted exactly; mask_stride 0 gives every row one mask row; no mask
/// (nullptr, or the form without one) adds nothing and ignores slope. Order 1..5 (default 2).
/// in == out allowed; out must not overlap the mask or the state arrays. cols == 0 reads and
/// writes nothing; nothing outside the rows is touched.
/// Error: each out and rescale value is within exp<Order>'s bound B (quake::exp_bound) of e to
///   its rounded argument; sum is within B + s (1 + B), s = (cols / L + 2 + log2 L) u, of
///   sum[r] e^(max[r] - m') + sum_c e^(t_c - m') on those arguments, relative, plus
///   (cols + sum[r]) times the smallest normal number for terms that underflow (the old sum[r])
///   (quake::fn::softmax::online_sum_allowed; L = quake::detail::sum_partials<T>).
/// Edges: a -inf value gives exactly +0 in out; a row whose values and max are all -inf (fully
///   masked so far) gives +0 in out, rescale 1, and keeps max -inf and sum; a NaN or +inf value,
///   or a NaN or +inf max, gives a NaN row: NaN in out, max, sum and rescale. An infinite sum[r]
///   stays +inf, or is NaN where rescale underflows to +0 (inf times 0).
template <int Order = 2, class T, class M>
inline void online_softmax(const T* in, T* out, std::size_t rows, std::size_t cols,
                           detail::identity_t<T> scale, const M* mask, std::size_t mask_stride,
                           detail::identity_t<T> slope, T* max, T* sum, T* rescale) noexcept {
  detail::check_online<T, M, Order>();
  detail::online_rows<simd_arch, Order>(in, out, rows, cols, scale, mask, mask_stride, slope, max,
                                        sum, rescale);
}
/// online_softmax without a mask: t_c = scale in[r][c].
template <int Order = 2, class T>
inline void online_softmax(const T* in, T* out, std::size_t rows, std::size_t cols,
                           detail::identity_t<T> scale, T* max, T* sum, T* rescale) noexcept {
  online_softmax<Order>(in, out, rows, cols, scale, static_cast<const T*>(nullptr), 0, T(1), max,
                        sum, rescale);
}

namespace fn {

/// What softmax and log_softmax share: the summation term of their bounds, the rule of NaN
/// rows.
struct softmax_family : row_function {
  /// The summation in L partial sums (L = 32 float, 16 double): (n / L + 1 + log2 L) u.
  template <class T>
  static constexpr double summation(std::size_t n) noexcept {
    constexpr std::size_t l = detail::sum_partials<T>;
    constexpr double log2l = l == 32 ? 5 : l == 16 ? 4 : -1;
    static_assert(log2l > 0, "sum_partials is 16 or 32");
    return (static_cast<double>(n) / l + 1 + log2l) * unit_roundoff<T>;
  }
  /// The rule of NaN rows: a row of n >= 1 values t with a NaN, a +inf, or only -inf gives NaN
  /// in every element (0/0 and inf - inf, as the definition does).
  template <class T>
  static bool nan_row(const T* t, std::size_t n) noexcept {
    bool nan = false, all_minus_inf = true;
    for (std::size_t i = 0; i < n; ++i) {
      const auto v = static_cast<detail::compute_t<T>>(t[i]);
      nan |= !(v == v) || v == std::numeric_limits<decltype(v)>::infinity();
      all_minus_inf &= v == -std::numeric_limits<decltype(v)>::infinity();
    }
    return nan || (n > 0 && all_minus_inf);
  }
  /// The maximum of n values t, in W.
  template <class W, class T>
  static W row_max(const T* t, std::size_t n) {
    W m = -std::numeric_limits<W>::infinity();
    for (std::size_t i = 0; i < n; ++i) m = std::max(m, static_cast<W>(t[i]));
    return m;
  }
};

/// The registry entry of quake::softmax.
struct softmax : softmax_family {
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
  /// Below this true value an element is only promised to be in [0, tiny_result].
  static constexpr double tiny = 1e-30;
  static constexpr double tiny_result = 2e-30;
  /// A -inf value of a row that is not a NaN row gives exactly this.
  template <class T>
  static constexpr T at_minus_inf = T(0);
  /// The reference: y_i = e^(t_i - max) / sum_j e^(t_j - max) for the n values t of a row that
  /// is not a NaN row (nan_row), in W: each e^(t_i - max) in W, stored to y (y == t allowed) and
  /// summed in Acc (W or wider), then y_i times 1 / sum rounded to W. (With W = float and
  /// Acc = double it is also the real-model runner's `exact` backend.)
  template <class W, class Acc = W, class T>
  static void reference(const T* t, W* y, std::size_t n) {
    const W m = row_max<W>(t, n);
    Acc s = 0;
    for (std::size_t i = 0; i < n; ++i)
      s += static_cast<Acc>(y[i] = std::exp(static_cast<W>(t[i]) - m));
    const auto r = static_cast<W>(Acc(1) / s);
    for (std::size_t i = 0; i < n; ++i) y[i] *= r;
  }
  template <int Order, class T>
  static void array(const T* in, T* out, std::size_t n) {
    quake::softmax<Order>(in, out, n);
  }
  /// The row forms take T to T, or float scores to 16-bit results (O = bfloat16 or float16).
  template <int Order, class T, class O = T>
  static void rows_form(const T* in, O* out, std::size_t rows, std::size_t cols) {
    quake::softmax<Order>(in, out, rows, cols);
  }
  /// The scaled and masked form: rows of scale * in + mask (mask row r at mask + r * stride).
  template <int Order, class T, class O = T>
  static void scaled(const T* in, O* out, std::size_t rows, std::size_t cols,
                     detail::compute_t<T> scale, const T* mask, std::size_t stride) {
    quake::softmax<Order>(in, out, rows, cols, scale, mask, stride);
  }
  /// The online step (quake::online_softmax), its fuzz id, and the relative bound of its sum
  /// over a step of n values: B + s (1 + B), s = (n / L + 2 + log2 L) u.
  static constexpr unsigned fuzz_id_online = 12;
  template <int Order, class T, class M>
  static void online(const T* in, T* out, std::size_t rows, std::size_t cols, T scale,
                     const M* mask, std::size_t stride, T slope, T* max, T* sum, T* rescale) {
    quake::online_softmax<Order>(in, out, rows, cols, scale, mask, stride, slope, max, sum,
                                 rescale);
  }
  /// The bound of the sum of a step of n values whose exact value (online_reference) is ref >= 0,
  /// the row's sum before the step old_sum >= 0: (B + s (1 + B)) ref + (n + old_sum) m,
  /// s = (n / L + 2 + log2 L) u, m the smallest normal number. The absolute term is for terms
  /// that underflow: each e^(t_c - m') below m, and the rescale factor e^(max - m'), which
  /// multiplies the old sum (a large sum rescaled by a factor that underflows: its share of the
  /// exact sum goes, up to old_sum m).
  template <int Order, class T>
  static constexpr double online_sum_allowed(std::size_t n, double ref, double old_sum) noexcept {
    return (exp_bound<Order> + (summation<T>(n) + unit_roundoff<T>)*(1 + exp_bound<Order>)) * ref +
           (static_cast<double>(n) + old_sum) * static_cast<double>(std::numeric_limits<T>::min());
  }
  /// The definition of the online step on one row of n >= 1 scores (mask null: none), as the
  /// build rounds its values t and differences: writes to out the bits the step must give, sets
  /// max and rescale to theirs, and returns, in W, the exact value the new sum approximates:
  /// sum e^(max - m') + sum_c e^(t_c - m') on the rounded differences (NaN for a NaN row; the
  /// old sum, for a row all -inf so far).
  template <class W, int Order, class T, class M>
  static W online_reference(const T* in, T* out, std::size_t n, T scale, const M* mask, T slope,
                            T& max, T sum, T& rescale) {
    constexpr T inf = std::numeric_limits<T>::infinity();
    bool nan = !(max == max) || max == inf;
    T m = max;
    for (std::size_t c = 0; c < n; ++c) {
      const T mv = mask == nullptr ? T(0) : static_cast<T>(mask[c]);
      out[c] = mask == nullptr ? detail::product(in[c], scale)
               : slope == T(1) ? detail::mul_add(in[c], scale, mv)
                               : detail::mul_add(in[c], scale, detail::product(mv, slope));
      nan |= !(out[c] == out[c]) || out[c] == inf;
      m = std::max(m, out[c]);
    }
    m = m + T(0);  // a zero maximum is +0
    if (nan) {
      for (std::size_t c = 0; c < n; ++c) out[c] = std::numeric_limits<T>::quiet_NaN();
      max = rescale = std::numeric_limits<T>::quiet_NaN();
      return std::numeric_limits<W>::quiet_NaN();
    }
    if (m == -inf) {
      for (std::size_t c = 0; c < n; ++c) out[c] = T(0);
      rescale = T(1);
      return static_cast<W>(sum);
    }
    W exact = 0;
    for (std::size_t c = 0; c < n; ++c) {
      const T d = out[c] - m;
      out[c] = quake::exp<Order>(d);
      exact += std::exp(static_cast<W>(d));
    }
    const T d = max - m;
    rescale = m == max ? T(1) : quake::exp<Order>(d);
    max = m;
    return static_cast<W>(sum) * std::exp(static_cast<W>(d)) + exact;
  }
};

/// The registry entry of quake::log_softmax.
struct log_softmax : softmax_family {
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
  /// A -inf value of a row that is not a NaN row gives exactly this.
  template <class T>
  static constexpr T at_minus_inf = -std::numeric_limits<T>::infinity();
  /// The reference: y_i = (t_i - max) - log(sum_j e^(t_j - max)) for the n values t of a row
  /// that is not a NaN row, in W, the sum and its log in Acc (W or wider; y == t allowed). The
  /// shift comes first: max + log(sum) would lose log(sum) next to a huge max.
  template <class W, class Acc = W, class T>
  static void reference(const T* t, W* y, std::size_t n) {
    const W m = row_max<W>(t, n);
    Acc s = 0;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<Acc>(std::exp(static_cast<W>(t[i]) - m));
    const auto l = static_cast<W>(std::log(s));
    for (std::size_t i = 0; i < n; ++i) y[i] = (static_cast<W>(t[i]) - m) - l;
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
  /// The row forms take T to T, or float scores to 16-bit results (O = bfloat16 or float16).
  template <int Order, class T, class O = T>
  static void rows_form(const T* in, O* out, std::size_t rows, std::size_t cols) {
    quake::log_softmax<Order>(in, out, rows, cols);
  }
  template <int Order, class T, class O = T>
  static void scaled(const T* in, O* out, std::size_t rows, std::size_t cols,
                     detail::compute_t<T> scale, const T* mask, std::size_t stride) {
    quake::log_softmax<Order>(in, out, rows, cols, scale, mask, stride);
  }
};

}  // namespace fn

}  // namespace quake
