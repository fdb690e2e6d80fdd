// quake::softmax and quake::log_softmax -- numerically stable, on the exp ladder.
#pragma once

#include <cstddef>
#include <quake/detail/api.hpp>
#include <quake/detail/softmax_kernel.hpp>

namespace quake {

/// Softmax of one row: out[i] = e^(in[i] - max) / sum_j e^(in[j] - max), on exp<Order>.
///
/// T: float or double; Order 1..5 (default 2). Any n (0 does nothing), any alignment,
/// in == out allowed, nothing past n read or written.
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
/// exp pass (docs/design.md has the variants measured against it).
/// Forms: softmax<Order>(in, out, n), one row; softmax<Order>(in, out, rows, cols), `rows`
/// contiguous rows of `cols` elements (the same result as the one-row form on each row); in
/// C++20 softmax<Order>(span in, span out) and softmax<Order>(span inout), one row.
QUAKE_DEFINE_ROWS(softmax, detail::softmax_row)

/// log-softmax of one row: out[i] = (in[i] - max) - log(sum_j e^(in[j] - max)), on exp<Order>.
///
/// T: float or double; Order 1..5 (default 2). Any n, any alignment, in == out allowed, nothing
/// past n read or written.
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

}  // namespace quake
