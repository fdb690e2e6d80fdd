// quake::silu -- x * sigmoid(x) (SiLU / swish-1, the gate of SwiGLU), on the exp ladder.
#pragma once

#include <cstddef>
#include <quake/detail/api.hpp>
#include <quake/detail/sigmoid_kernel.hpp>

namespace quake {

/// SiLU (swish-1): x * sigmoid(x) = x / (1 + e^-x), on exp<Order>.
///
/// Types: `float`, `double`, `xsimd::batch<float|double, A>`. Orders 1..5 (default 2).
/// Error: |error| <= (B + 4u) |x| + the smallest subnormal, for every x
/// (quake::bound<fn::silu, Order, T>; B is exp<Order>'s bound, u the unit roundoff).
/// Edges (quake::fn::silu::edge_rules): exactly x once sigmoid(x) rounds to 1 (x > 16.7 float, 37.5
/// double) and for +inf; +0 for x < -88.73 (float) / -709.79 (double) and -inf (the true value
/// is below 1e-36 there); NaN -> NaN; silu(+-0) == +0.
/// Scalar, batch and array forms give the same bits.
/// Cost: sigmoid<Order> + max and fma.
/// Forms: silu<Order>(x) (scalar or batch); silu<Order>(in, out, n) for float or double arrays, any
/// n and alignment, in == out allowed, nothing outside [0, n) touched, the same bits as the
/// scalar form; in C++20 the span forms (api.hpp).
QUAKE_DEFINE_ELEMENTWISE(silu, detail::silu_kernel)

}  // namespace quake
