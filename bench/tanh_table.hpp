// tanh from a table of per-interval polynomials (AVX-512), measured against quake::tanh, which
// computes (1 - e) / (1 + e) from exp<Order> from |x| = 0.5 on and an odd polynomial below. No exp,
// no division: a lookup per coefficient from two registers (vpermt2ps), as oneDNN's tanh does.
// It is kept here, not in the library, because its lookups are cheap only where a 32-entry
// permute exists: quake gives the same bits on every FMA architecture, and on AVX2 the same
// tables cost a gather or four permutes and three blends per coefficient, which made tanh
// 2.5-3.2x slower there (docs/performance.md). tests/bench_variants_test.cpp checks its error and
// monotonicity.
#pragma once

#include <cstddef>
#include <utility>

#include "tanh_table_coefficients.hpp"

#if defined(__AVX512F__)
#include <immintrin.h>

#define QUAKE_BENCH_HAVE_TANH_TABLE 1

namespace quake_bench {

/// Max relative error of tanh_table<Degree> against double's tanh, rounded up: over every float
/// 2.818e-7 (degree 4) and 8.975e-8 (degree 5), a one-off sweep on 2026-12-06;
/// tests/bench_variants_test.cpp checks every 61st float against it, and every float's order.
template <int Degree>
constexpr double kTanhTableMaxError = Degree == 4 ? 2.83e-7 : 9.0e-8;

namespace tanh_table_detail {

/// One table (32 floats, by slot) as the two registers vpermt2ps selects from.
struct row {
  __m512 lo, hi;
  explicit row(const float* c) noexcept : lo(_mm512_load_ps(c)), hi(_mm512_load_ps(c + 16)) {}
  __m512 at(__m512i k) const noexcept { return _mm512_permutex2var_ps(lo, k, hi); }
};

/// The tables in registers, loaded once per array.
template <int Degree>
struct rows {
  row base{tanh_table_intervals::base};
  row c[Degree + 1];
  template <std::size_t... J>
  explicit rows(std::index_sequence<J...>) noexcept : c{row(tanh_table<Degree>::c[J])...} {}
  rows() noexcept : rows(std::make_index_sequence<Degree + 1>()) {}
};

/// tanh of 16 lanes: a = min(12, |x|) (NaN passes, min's second operand), the slot from
/// max(floor, a)'s exponent and top two mantissa bits (vpermt2ps reads the low 5 bits), t = a -
/// base (exact), Horner in t with fused multiply-adds, then x's sign bit.
template <int Degree>
inline __m512 tanh16(const rows<Degree>& r, __m512 x) noexcept {
  const __m512i bits = _mm512_castps_si512(x);
  const __m512i sign = _mm512_set1_epi32(static_cast<int>(0x80000000u));
  const __m512 a = _mm512_min_ps(_mm512_set1_ps(tanh_table_intervals::saturate),
                                 _mm512_castsi512_ps(_mm512_andnot_si512(sign, bits)));
  const __m512i k = _mm512_srli_epi32(
      _mm512_castps_si512(_mm512_max_ps(_mm512_set1_ps(tanh_table_intervals::floor), a)), 21);
  const __m512 t = _mm512_sub_ps(a, r.base.at(k));
  __m512 p = r.c[Degree].at(k);
  for (int j = Degree - 1; j >= 0; --j) p = _mm512_fmadd_ps(p, t, r.c[j].at(k));
  // p | (x & sign): 0xF8 is A | (B & C).
  return _mm512_castsi512_ps(_mm512_ternarylogic_epi32(_mm512_castps_si512(p), bits, sign, 0xF8));
}

}  // namespace tanh_table_detail

/// out[i] = tanh(in[i]), two vectors of 16 at a time; the tail through masked loads and stores
/// (the masked-off lanes are neither read nor written).
template <int Degree>
void tanh_table_array(const float* in, float* out, std::size_t n) {
  const tanh_table_detail::rows<Degree> r;
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m512 y0 = tanh_table_detail::tanh16(r, _mm512_loadu_ps(in + i));
    const __m512 y1 = tanh_table_detail::tanh16(r, _mm512_loadu_ps(in + i + 16));
    _mm512_storeu_ps(out + i, y0);
    _mm512_storeu_ps(out + i + 16, y1);
  }
  for (; i < n; i += 16) {
    const std::size_t left = n - i;
    const __mmask16 m = left >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << left) - 1u);
    _mm512_mask_storeu_ps(out + i, m,
                          tanh_table_detail::tanh16(r, _mm512_maskz_loadu_ps(m, in + i)));
  }
}

}  // namespace quake_bench

#endif  // __AVX512F__
