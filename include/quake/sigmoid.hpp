// quake::sigmoid -- the logistic function 1 / (1 + e^-x) on the exp ladder.
#pragma once

#include <cstddef>
#include <quake/detail/api.hpp>
#include <quake/detail/sigmoid_kernel.hpp>

namespace quake {

/// The logistic function 1 / (1 + e^-x), on exp<Order>.
///
/// Types: `float`, `double`, `xsimd::batch<float|double, A>`. Orders 1..5 (default 2).
/// Error: relative error at most B / (1 - B) + 2u (quake::bound<fn::sigmoid, Order, T>; B is
/// exp<Order>'s bound, u the unit roundoff: 2^-24 float, 2^-53 double), wherever the true value
/// is at least 1e-30 (x >= -69.07); below that the result is in [0, 2e-30].
/// Edges (quake::fn::sigmoid::edge_rules): the result is in [0, 1]; exactly 1 for x > 17.4 (float)
/// / 37.5 (double) and +inf; exactly +0 below minus exp's overflow threshold (-88.72 float, -709.78
/// double), where e^-x overflows, and for -inf; NaN -> NaN. Monotone. Scalar, batch and array forms
/// give the same bits. Cost: exp<Order> + an add and a division. Forms: sigmoid<Order>(x) (scalar
/// or batch); sigmoid<Order>(in, out, n) for float or double arrays, any n and alignment, in == out
/// allowed, nothing outside [0, n) touched, the same bits as the scalar form; in C++20 the span
/// forms (api.hpp).
QUAKE_DEFINE_ELEMENTWISE(sigmoid, detail::sigmoid_kernel)

}  // namespace quake
