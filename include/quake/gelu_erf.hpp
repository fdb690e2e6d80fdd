// quake::gelu_erf -- the exact GELU, 0.5 x (1 + erf(x / sqrt 2)) (BERT, ViT, Whisper), on the
// exp ladder.
#pragma once

#include <cstddef>
#include <quake/detail/api.hpp>
#include <quake/detail/gelu_erf_kernel.hpp>

namespace quake {

/// GELU, exact (erf) form: x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)), Phi the standard normal CDF,
/// as computed by BERT, ViT and Whisper, on exp<Order>: Phi(-|x|) = exp(-H(|x|)) with a
/// polynomial H fitted per order (tools/fit_gelu_erf.py) -- one exp, no division, no erf.
///
/// Types: `float`, `double`, `xsimd::batch<float|double, A>`. Orders 1..5 (default 2).
/// Error: |error| <= (2B + 8u) |x| + the smallest subnormal, for every x
/// (quake::bound<fn::gelu_erf, Order, T>; B is exp<Order>'s bound, u the unit roundoff).
/// Edges (quake::fn::gelu_erf::edge_rules): exactly x for x > 6 (float) / 9.5 (double) and
/// +inf; +0 for x < -14.5 (float) / -43 (double) and -inf; NaN -> NaN; gelu_erf(+-0) == +0; never
/// NaN for any non-NaN input. Monotone (non-decreasing) for x >= 0.
/// Scalar, batch and array forms give the same bits.
/// Cost: exp<Order> + a polynomial of degree 2 (orders 1-2), 3, 5, 7 (orders 3, 4, 5) + 5.
/// Forms: gelu_erf<Order>(x) (scalar or batch); gelu_erf<Order>(in, out, n) for float or double
/// arrays, any n and alignment, in == out allowed, nothing outside [0, n) touched, the same bits
/// as the scalar form; in C++20 the span forms (api.hpp).
QUAKE_DEFINE_ELEMENTWISE(gelu_erf, detail::gelu_erf_kernel)

}  // namespace quake
