// exp computed in float16 arithmetic (AVX512-FP16), measured against quake::exp on float16
// arrays, which loads each value into float, computes at the given order and rounds once. It is
// kept here, not in the library, because its results are not the float ladder's: they come from
// float16 operations that only CPUs with AVX512-FP16 (or AArch64's FP16 extension) have, so they
// would differ between the platforms that quake gives the same bits. docs/performance.md has the
// figures; tests/bench_variants_test.cpp bounds its error over every float16 input.
#pragma once

#include <cstddef>
#include <quake/quake.hpp>

#if defined(__AVX512FP16__)
#include <immintrin.h>

#define QUAKE_BENCH_HAVE_FP16_ARITH 1

namespace quake_bench {

/// Max error of exp_fp16_arith<Degree>, in ulps of float16 at the true value, over every finite
/// float16 input whose true exp is below float16's overflow threshold (65520): measured by
/// tests/bench_variants_test.cpp, which fails above it, rounded up.
template <int Degree>
constexpr double kExpFp16ArithMaxUlps = Degree == 2 ? 4.0 : 1.0;

namespace fp16_detail {

inline __m512h splat(float v) noexcept { return _mm512_set1_ph(static_cast<_Float16>(v)); }

/// e^x for 32 float16 lanes: x clamped to [-18, 12] (e^-18 is below half the smallest subnormal,
/// e^12 above the largest finite value; NaN passes, as each clamp's second operand), n = x log2 e
/// rounded to an integer, r = x - n ln2 with ln2 in two float16 parts (two fused multiply-adds,
/// |r| <= ln2/2), e^r by a polynomial of degree Degree (relative error 2.19e-3 at degree 2,
/// 1.69e-4 at degree 3, with its float16 coefficients), times 2^n by
/// vscalefph (one rounding where the result is subnormal, +inf past the largest finite value).
/// Every constant is float16: the polynomials and ln2's parts are printed by
/// tools/fit_fp16_exp.py (relative-error fits on [-ln2/2, ln2/2]), whose --check, in .ci/run,
/// fails if a value here differs.
template <int Degree>
inline __m512h exp(__m512h x) noexcept {
  x = _mm512_min_ph(splat(12.0f), _mm512_max_ph(splat(-18.0f), x));
  const __m512h n = _mm512_roundscale_ph(_mm512_mul_ph(x, splat(0x1.714p+0f)), 0);  // log2(e)
  __m512h r = _mm512_fnmadd_ph(n, splat(0x1.63p-1f), x);                            // ln2, high
  r = _mm512_fnmadd_ph(n, splat(-0x1.bdp-13f), r);                                  // ln2, low
  __m512h p;
  if constexpr (Degree == 2) {
    p = _mm512_fmadd_ph(splat(0x1.ff4p-2f), r, splat(0x1.038p+0f));
  } else {
    static_assert(Degree == 3, "degree 2 or 3");
    p = _mm512_fmadd_ph(splat(0x1.524p-3f), r, splat(0x1.02p-1f));
    p = _mm512_fmadd_ph(p, r, splat(0x1.0p+0f));
  }
  p = _mm512_fmadd_ph(p, r, splat(1.0f));
  return _mm512_scalef_ph(p, n);
}

}  // namespace fp16_detail

/// out[i] = e^in[i] in float16 arithmetic, 32 lanes at a time; the tail through masked loads and
/// stores (the masked-off lanes are neither read nor written).
template <int Degree>
void exp_fp16_arith(const quake::float16* in, quake::float16* out, std::size_t n) {
  static_assert(sizeof(quake::float16) == 2, "float16 is its 16 bits");
  for (std::size_t i = 0; i < n; i += 32) {
    const std::size_t left = n - i;
    const __mmask32 m = left >= 32 ? ~__mmask32(0) : __mmask32((1u << left) - 1u);
    const __m512h x = _mm512_castsi512_ph(_mm512_maskz_loadu_epi16(m, in + i));
    _mm512_mask_storeu_epi16(out + i, m, _mm512_castph_si512(fp16_detail::exp<Degree>(x)));
  }
}

}  // namespace quake_bench

#endif  // __AVX512FP16__
