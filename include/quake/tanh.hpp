// quake::tanh -- the hyperbolic tangent on the exp ladder, odd by construction.
#pragma once

#include <cstddef>
#include <quake/detail/api.hpp>
#include <quake/detail/tanh_kernel.hpp>

namespace quake {

/// Hyperbolic tangent, on exp<Order>.
///
/// Types: `float`, `double`, `xsimd::batch<float|double, A>`. Orders 1..5 (default 2).
/// Error: relative error at most B + 2u (quake::bound<fn::tanh, Order, T>; B is exp<Order>'s
/// bound, u the unit roundoff) for every x; hence absolute error at most that bound too.
/// |x| < 0.5 uses an odd polynomial (relative error 1.5e-8 + rounding, whatever the Order), so
/// tanh stays accurate near 0 (tanh(x) == x for tiny x); |x| >= 0.5 uses (1 - e) / (1 + e),
/// e = exp<Order>(-2|x|), whose relative error is at most 0.85 x exp's.
/// Edges (quake::fn::tanh::edge_rules): odd bit for bit (tanh(-x) == -tanh(x), tanh(-0) == -0);
/// result in [-1, 1]; exactly +-1 for |x| > 20 and +-inf; NaN -> NaN. Monotone.
/// Scalar, batch and array forms give the same bits.
/// Cost: exp<Order> + 7 fma/mul + add, sub, division, max, compare, blend, two bit operations.
/// Forms: tanh<Order>(x) (scalar or batch); tanh<Order>(in, out, n) for float or double arrays, any
/// n and alignment, in == out allowed, nothing outside [0, n) touched, the same bits as the
/// scalar form; in C++20 the span forms (api.hpp).
QUAKE_DEFINE_ELEMENTWISE(tanh, detail::tanh_kernel)

}  // namespace quake
