// Kernel of gelu_erf, the exact GELU x Phi(x): Phi(-|x|) = exp(-H(|x|)) with a polynomial H
// (gelu_erf_coefficients.hpp, tools/fit_gelu_erf.py), one exp and no division.
#pragma once

#include <cstddef>
#include <limits>
#include <quake/detail/exp_kernel.hpp>
#include <quake/detail/gelu_erf_coefficients.hpp>
#include <utility>

namespace quake::detail {

/// x Phi(x) with q = exp<Order>(-H(a)), a = |x|: x q for x < 0 and x - x q for x >= 0. The
/// error in Phi is at most the fit's (|H - h| q <= B) plus exp's (B q <= B / 2), plus rounding.
/// Edges without a branch: a is clamped to gelu_erf_clamp (64), where q is exactly 0, and H grows
/// on [0, 64] (H' >= 0), so q falls to exactly 0 for large a (exp's underflow rule), giving x for
/// large x and +0 for large -x; +-inf are clamped to the largest finite values in the products, so
/// that they give +0 (and x - x q with x's own +inf as the addend: +inf), not NaN; a NaN x gives
/// a = 64 (the clamp's second operand wins) and q = 0, and goes the x >= 0 way with x as the
/// addend, so x itself is its only NaN source: the same NaN bits whichever way an fma orders its
/// operands, scalar or SIMD. Orders 1-3 have
/// non-negative coefficients, so -H(a) is non-increasing in a (Horner with fused multiply-adds),
/// q non-increasing, and x - x q is then non-decreasing for x >= 0 (orders 4-5: the exhaustive
/// checker proves it for float).
template <int Order, class V>
inline V gelu_erf_kernel(const V& x) noexcept {
  using T = value_type_t<V>;
  constexpr const double* c = gelu_erf_coefficients[Order - 1];
  constexpr std::size_t D = gelu_erf_degree[Order - 1];
  const V a = min_b(abs_bits(x), splat<V>(T(gelu_erf_clamp)));
  const V g = horner_steps(splat<V>(T(c[D])), a, c, std::make_index_sequence<D>{});  // -H(a)
  const V q = exp_kernel<Order, exp_domain::nonpositive>(g);  // Phi(-a); g <= -H(0) < 0
  // x >= 0 (and NaN): x - x q, one rounding (a rounded 1 - q would step down by an ulp of Phi
  // where q wiggles by an ulp of q, more than x's own step near powers of 2); the addend is x
  // itself, so +inf gives +inf. x < 0: x q. xf is x clamped to the finite range, and finite for a
  // NaN x where max_b returns its second operand (x86, scalar): then x is the only NaN operand,
  // whatever a compiler makes of -xf q + x (a multiply-subtract negates its product, a NaN's sign
  // included).
  const V xf = min_b(max_b(x, splat<V>(std::numeric_limits<T>::lowest())),
                     splat<V>(std::numeric_limits<T>::max()));
  return if_else(x < splat<V>(T(0)), mul_add(xf, q, splat<V>(T(0))), mul_add(-xf, q, x));
}

}  // namespace quake::detail
