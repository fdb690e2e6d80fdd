// quake::softmax and quake::log_softmax -- numerically stable, on the exp ladder.
#pragma once

#include <cstddef>
#include <quake/detail/api.hpp>
#include <quake/detail/softmax_kernel.hpp>

namespace quake {

/// Softmax of one row: out[i] = e^(in[i] - max) / sum_j e^(in[j] - max), on exp<Order>.
///
/// T: float, double, quake::bfloat16 or quake::float16 (computed in float, each result rounded
/// once to the type: the bits of converting the float form's result); Order 1..5 (default 2).
/// Any n (0 does nothing), any alignment, in == out allowed, nothing past n read or written.
/// Error, per element whose true value is at least 1e-30 (quake::fn::softmax::bound):
/// relative error at most 2.2 B + (n / L + 3 + log2 L) u + |in[i] - max| u, where B is
/// exp<Order>'s bound, u the unit roundoff (2^-24 float, 2^-53 double) and L = 32 (float) / 16
/// (double) the partial sums of the summation; the last term is the rounding of the difference
/// (0 for elements within a factor 2 of the max). Rows sum to 1 within (n / L + n + 5 + log2 L) u
/// whatever the Order: exp's errors cancel in the ratio.
/// Edges: logits of any finite magnitude (up to +-FLT_MAX) never overflow; -inf entries give
/// exactly 0; a row of equal values gives exactly 1/n (every order); a NaN anywhere makes the
/// whole row NaN; a row that is all -inf gives NaN (0/0, as the definition), and so does a row
/// containing +inf (inf - inf).
/// Algorithm: three passes (max; exp + sum, storing; scale), the subtraction of the max in the
/// exp pass (docs/design.md has the variants measured against it). With 16-bit results the exp
/// values of rows up to 8192 long go to a 32 KiB stack buffer of floats; longer rows compute
/// them again in the scale pass (the same bits, about one exp more per element).
/// Forms: softmax<Order>(in, out, n), one row; softmax<Order>(in, out, rows, cols), `rows`
/// contiguous rows of `cols` elements (the same result as the one-row form on each row); in
/// C++20 softmax<Order>(span in, span out) and softmax<Order>(span inout), one row.
QUAKE_DEFINE_ROWS(softmax, detail::softmax_row)

/// log-softmax of one row: out[i] = (in[i] - max) - log(sum_j e^(in[j] - max)), on exp<Order>.
///
/// T: float, double, quake::bfloat16 or quake::float16 (as softmax); Order 1..5 (default 2). Any
/// n, any alignment, in == out allowed, nothing past n read or written.
/// Error (quake::fn::log_softmax::bound): |error| at most (2.2 B + (n / L + 1 + log2 L) u +
/// |in[i] - max| u) max(1, |true value|) + 4u |true value| (relative for values of magnitude
/// above 1), with B, u and L as for softmax.
/// Edges: no overflow for finite logits of any magnitude (a difference beyond the float range
/// gives -inf, the correctly rounded value); -inf entries give exactly -inf; a NaN anywhere
/// gives a NaN row; an all -inf row (or one containing +inf) gives NaN.
/// Passes: max; sum of exp (reads only); subtract (reads and writes). log is std::log, once per
/// row.
/// Forms as softmax's.
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

}  // namespace quake
