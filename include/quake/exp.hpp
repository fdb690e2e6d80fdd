// quake::exp -- the QuAKE exponential ladder, orders 1 (fastest, ~3%) to 5 (float32 grade).
#pragma once

#include <cstddef>
#include <quake/detail/api.hpp>
#include <quake/detail/exp_kernel.hpp>

namespace quake {

/// Approximate e^x.
///
/// Types: `float`, `double`, `xsimd::batch<float, A>`, `xsimd::batch<double, A>` (any arch A).
/// Order: 1..5, default 2. Each order buys accuracy:
///
/// | Order | method                                                                    |
/// |-------|---------------------------------------------------------------------------|
/// | 1     | float: as_float(int(c0*x + c1)) (QuAKE / Schraudolph 1999); double: the   |
/// |       | same function in split form, 2^n * a(1 + f)                               |
/// | 2     | 2^n * p2(f), quadratic in the fraction f (QuAKE2)                         |
/// | 3     | 2^n * p3(f), cubic                                                        |
/// | 4     | 2^n * p4(r), r = x - n ln2 (Cody-Waite), quartic                          |
/// | 5     | 2^n * p5(r), quintic                                                      |
///
/// Error: relative error at most B = quake::exp_bound<Order> (the ladder in registry.hpp, float
/// and double alike), over every input whose true result is a normal number. Proven over all
/// 2^32 floats (docs/verification.md).
/// Edges, identical for every order and for scalar and SIMD (quake::fn::exp::edge_rules):
/// - NaN -> NaN; +inf -> +inf; -inf -> +0.
/// - x > 88.72283172607421875f (709.782712893384 for double), the largest input whose e^x is
///   finite -> +inf. Inputs at or below it give a finite result (never above FLT_MAX).
/// - x < -87.33654022216796875f (-708.3964185322641 for double), where e^x is below the smallest
///   normal number: the result lies in [0, FLT_MIN); orders 2-5 flush to +0, order 1 for float
///   may return a subnormal (32-bit NEON flushes it: +0). It is exactly +0 for
///   x <= -88.72283172607421875f (-709.782712893384).
/// - Monotone: x <= y implies exp(x) <= exp(y). Orders 2-5 give exp(0) == 1 exactly.
/// - The scalar, batch and array forms return the same bits for the same input in one build
///   (all use fused multiply-adds where the build has FMA, none otherwise: quake::has_fma).
///
/// Cost per element (vector instructions, float): order 1: 7; order N >= 2: 9 + N.
/// Requires IEEE semantics: do not compile with -ffast-math.
/// The array form, exp<Order>(in, out, n): out[i] = exp<Order>(in[i]) for i < n, with the widest
/// SIMD architecture enabled at compile time (quake::simd_arch); T is float or double. Any n
/// (0 included), any alignment; in == out is allowed, other overlaps are not; nothing outside
/// [0, n) is read or written; each element gets the same bits as the scalar form. In C++20 also
/// exp<Order>(span in, span out) (min(in.size(), out.size()) elements) and exp<Order>(span inout).
QUAKE_DEFINE_ELEMENTWISE(exp, detail::exp_kernel)

}  // namespace quake
