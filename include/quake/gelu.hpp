// quake::gelu (tanh form, GPT-2 / BERT) and quake::gelu_sigmoid (x * sigmoid(1.702 x)), on the
// exp ladder.
#pragma once

#include <cstddef>
#include <quake/detail/api.hpp>
#include <quake/detail/gelu_kernel.hpp>

namespace quake {

/// GELU, tanh form (GPT-2, BERT): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), computed as
/// x * sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3)) on exp<Order>.
///
/// Types: `float`, `double`, `xsimd::batch<float|double, A>`. Orders 1..5 (default 2).
/// Error against the tanh form: |error| <= (B + 4u) |x| + the smallest subnormal, for every x
/// (quake::bound<fn::gelu, Order, T>; B is exp<Order>'s bound, u the unit roundoff). The tanh
/// form itself differs from the exact erf GELU 0.5 x (1 + erf(x / sqrt 2)) by at most 4.74e-4
/// (absolute; docs/accuracy.md).
/// Edges (quake::fn::gelu::edge_rules): exactly x for x > 5.1 (float) / 8.7 (double) and +inf; +0
/// for x < -24 and -inf (true value below 1e-300); NaN -> NaN; gelu(+-0) == +0; no overflow of
/// x^3 (the cubic's argument is clamped to [-24, 24], where the sigmoid is already 0 or 1).
/// Scalar, batch and array forms give the same bits.
/// Cost: sigmoid<Order> + 2 min/max, 4 fma and a max.
/// Forms: gelu<Order>(x) (scalar or batch); gelu<Order>(in, out, n) for float or double arrays,
/// any n and alignment, in == out allowed, nothing outside [0, n) touched, the same bits as the
/// scalar form; in C++20 the span forms (api.hpp).
QUAKE_DEFINE_ELEMENTWISE(gelu, detail::gelu_kernel)

/// "Quick GELU": x * sigmoid(1.702 x) (as in CLIP), on exp<Order>.
///
/// Types, orders and error rule as for gelu, against x * sigmoid(1.702 x) itself:
/// |error| <= (B + 4u) |x| + the smallest subnormal (quake::bound<fn::gelu_sigmoid, Order, T>).
/// This form differs from the exact erf GELU by at most 2.04e-2 (absolute; docs/accuracy.md).
/// Edges (quake::fn::gelu_sigmoid::edge_rules): exactly x for x > 10.3 (float) / 22.1 (double) and
/// +inf; +0 for x < -52.2 (float) / -417.1 (double) and -inf; NaN -> NaN; +-0 -> +0.
/// Scalar, batch and array forms give the same bits.
/// Cost: sigmoid<Order> + a max and 2 fma.
/// Forms as gelu's.
QUAKE_DEFINE_ELEMENTWISE(gelu_sigmoid, detail::gelu_sigmoid_kernel)

}  // namespace quake
