// How the array drivers read and write each storage type: float and double as they are;
// quake::bfloat16 and quake::float16 (half.hpp) converted to float on load and rounded once to
// the type on store, a batch at a time. The SIMD conversions give exactly the bits of the scalar
// ones (half_convert.hpp): in integer SIMD arithmetic, or with x86's F16C instructions for
// float16 where the target has them; only the 16 <-> 32-bit widening and narrowing of lanes is
// written per architecture (an aligned buffer elsewhere).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <quake/detail/half_convert.hpp>
#include <quake/detail/simd_ops.hpp>
#include <quake/half.hpp>
#include <type_traits>

namespace quake::detail {

/// How elements of storage type S are read into and written from the compute type: identity for
/// float and double.
template <class S>
struct storage {
  static constexpr bool supported = std::is_same<S, float>::value || std::is_same<S, double>::value;
  using compute = S;
  static S from_compute(S x) noexcept { return x; }
  static S to_compute(S x) noexcept { return x; }
  template <class A>
  static xsimd::batch<S, A> load(const S* p) noexcept {
    return xsimd::batch<S, A>::load_unaligned(p);
  }
  template <class A>
  static void store(S* p, const xsimd::batch<S, A>& v) noexcept {
    v.store_unaligned(p);
  }
  /// Whether store2 (two adjacent batches at once) is cheaper than two stores on A.
  template <class A>
  static constexpr bool pair_store = false;
};
template <class S>
using compute_t = typename storage<S>::compute;

/// The storage types of quake's array functions.
template <class S>
inline constexpr bool is_array_value = storage<S>::supported;

/// True for the 16-bit storage types.
template <class S>
inline constexpr bool is_half = std::is_same<S, bfloat16>::value || std::is_same<S, float16>::value;

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)

template <class A>
using u32_batch = xsimd::batch<std::uint32_t, A>;

/// W = batch<uint32_t, A>::size 16-bit values from p (any alignment), zero-extended to lanes.
template <class A>
inline u32_batch<A> widen_u16(const void* p) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
    return u32_batch<A>(_mm512_cvtepu16_epi32(_mm256_loadu_si256(static_cast<const __m256i*>(p))));
  }
#endif
#if defined(__AVX2__)
  if constexpr (std::is_base_of<xsimd::avx2, A>::value) {
    return u32_batch<A>(_mm256_cvtepu16_epi32(_mm_loadu_si128(static_cast<const __m128i*>(p))));
  }
#endif
#if defined(__SSE2__)
  if constexpr (std::is_base_of<xsimd::sse2, A>::value && u32_batch<A>::size == 4) {
    return u32_batch<A>(
        _mm_unpacklo_epi16(_mm_loadl_epi64(static_cast<const __m128i*>(p)), _mm_setzero_si128()));
  }
#endif
#if defined(__ARM_NEON)
  if constexpr (u32_batch<A>::size == 4) {
    std::uint16_t h[4];
    std::memcpy(h, p, sizeof h);
    return u32_batch<A>(vmovl_u16(vld1_u16(h)));
  }
#endif
  constexpr std::size_t W = u32_batch<A>::size;
  std::uint16_t h[W];
  std::memcpy(h, p, sizeof h);
  alignas(A::alignment()) std::uint32_t w[W];
  for (std::size_t i = 0; i < W; ++i) w[i] = h[i];
  return u32_batch<A>::load_aligned(w);
}

/// Stores the low 16 bits of each lane of v (each at most 0xffff) to p (any alignment).
template <class A>
inline void narrow_u16(void* p, const u32_batch<A>& v) noexcept {
#if defined(__AVX512F__)
  if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
    _mm256_storeu_si256(static_cast<__m256i*>(p), _mm512_cvtepi32_epi16(v));
    return;
  }
#endif
#if defined(__AVX2__)
  if constexpr (std::is_base_of<xsimd::avx2, A>::value) {
    // packus keeps each lane (all below 2^16) in the 128-bit halves' low words; the permute
    // gathers them.
    const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(v, v), 0xd8);
    _mm_storeu_si128(static_cast<__m128i*>(p), _mm256_castsi256_si128(packed));
    return;
  }
#endif
#if defined(__SSE2__)
  if constexpr (std::is_base_of<xsimd::sse2, A>::value && u32_batch<A>::size == 4) {
    // SSE2 packs with signed saturation: sign-extend the low 16 bits first, so none saturates.
    const __m128i s = _mm_srai_epi32(_mm_slli_epi32(v, 16), 16);
    _mm_storel_epi64(static_cast<__m128i*>(p), _mm_packs_epi32(s, s));
    return;
  }
#endif
#if defined(__ARM_NEON)
  if constexpr (u32_batch<A>::size == 4) {
    std::uint16_t h[4];
    vst1_u16(h, vmovn_u32(v));
    std::memcpy(p, h, sizeof h);
    return;
  }
#endif
  constexpr std::size_t W = u32_batch<A>::size;
  alignas(A::alignment()) std::uint32_t w[W];
  v.store_aligned(w);
  std::uint16_t h[W];
  for (std::size_t i = 0; i < W; ++i) h[i] = static_cast<std::uint16_t>(w[i]);
  std::memcpy(p, h, sizeof h);
}

/// bfloat16 bits (in 32-bit lanes) of float lanes: half_convert.hpp's bf16_from_float.
template <class A>
inline u32_batch<A> bf16_bits(const xsimd::batch<float, A>& v) noexcept {
  using U = u32_batch<A>;
  const U x = compat::bitcast<std::uint32_t>(v);
  const U rounded = (x + U(0x7fffu) + ((x >> 16) & U(1u))) >> 16;
  const U quiet_nan = (x >> 16) | U(0x40u);
  return compat::select((x & U(0x7fffffffu)) > U(0x7f800000u), quiet_nan, rounded);
}

/// binary16 bits (in 32-bit lanes) of float lanes: half_convert.hpp's f16_from_float. Normal
/// results round the float's bits in integers; subnormal ones add 0.5f, whose last bits are then
/// the result, rounded to nearest even by the addition.
template <class A>
inline u32_batch<A> f16_bits(const xsimd::batch<float, A>& v) noexcept {
  using U = u32_batch<A>;
  using F = xsimd::batch<float, A>;
  const U x = compat::bitcast<std::uint32_t>(v);
  const U a = x & U(0x7fffffffu);
  // a - (112 << 23) + 0xfff + the kept lowest bit, modulo 2^32.
  const U normal = (a + U(0xc8000fffu) + ((a >> 13) & U(1u))) >> 13;
  const U subnormal =
      compat::bitcast<std::uint32_t>(compat::bitcast<float>(a) + F(0.5f)) - U(0x3f000000u);
  U r = compat::select(a >= U(0x38800000u), normal, subnormal);
  r = compat::select(a >= U(0x477ff000u), U(0x7c00u), r);  // from 65520 up: inf
  r = compat::select(a > U(0x7f800000u), U(0x7e00u) | ((a >> 13) & U(0x3ffu)), r);
  return r | ((x >> 16) & U(0x8000u));
}

/// Float lanes of binary16 bits (in 32-bit lanes): half_convert.hpp's float_from_f16.
template <class A>
inline xsimd::batch<float, A> float_of_f16(const u32_batch<A>& h) noexcept {
  using U = u32_batch<A>;
  const U em = h & U(0x7fffu);
  const U normal = (em << 13) + U(112u << 23);
  const U special = (em << 13) | U(0x7f800000u) |
                    compat::select(em > U(0x7c00u), U(0x400000u), U(0u));  // NaN quieted
  const xsimd::batch<float, A> tiny = xsimd::batch_cast<float>(compat::bitcast<std::int32_t>(em)) *
                                      xsimd::batch<float, A>(0x1p-24f);
  U r = compat::select(em >= U(0x400u), normal, compat::bitcast<std::uint32_t>(tiny));
  r = compat::select(em >= U(0x7c00u), special, r);
  return compat::bitcast<float>(r | ((h & U(0x8000u)) << 16));
}

#else   // no SIMD: declared for the member templates below, which are never instantiated
template <class A>
using u32_batch = xsimd::batch<std::uint32_t, A>;
template <class A>
u32_batch<A> widen_u16(const void* p) noexcept;
template <class A>
void narrow_u16(void* p, const u32_batch<A>& v) noexcept;
template <class A>
u32_batch<A> bf16_bits(const xsimd::batch<float, A>& v) noexcept;
template <class A>
u32_batch<A> f16_bits(const xsimd::batch<float, A>& v) noexcept;
template <class A>
xsimd::batch<float, A> float_of_f16(const u32_batch<A>& h) noexcept;
#endif  // !XSIMD_NO_SUPPORTED_ARCHITECTURE

/// bfloat16: loaded by a shift (one vpermw on AVX512BW), stored rounded to nearest even (by
/// AVX512-BF16's instructions where the target has them and no lane is subnormal; two batches at a
/// time by store2).
template <>
struct storage<bfloat16> {
  static constexpr bool supported = true;
  using compute = float;
  // Through the bits: the dispatch library's kernel sets use the class without its members.
  /// Whether the batch store on A uses AVX512-BF16's conversion (the tests check this build has it
  /// where the CPU and the target flags do).
  template <class A>
  static constexpr bool hardware_store =
#if defined(__AVX512BF16__)
      std::is_base_of<xsimd::avx512f, A>::value;
#else
      false;
#endif
  static bfloat16 from_compute(float x) noexcept { return bfloat16::from_bits(bf16_from_float(x)); }
  static float to_compute(bfloat16 x) noexcept { return float_from_bf16(x.bits()); }
  template <class A>
  static xsimd::batch<float, A> load(const bfloat16* p) noexcept {
#if defined(__AVX512BW__)
    if constexpr (std::is_base_of<xsimd::avx512bw, A>::value) {
      // One vpermw, its zeroing mask clearing the even words: word j of p to the high half of
      // lane j (vpmovzxwd and a shift are two instructions).
      alignas(64) static constexpr std::uint16_t index[32] = {
          0, 0, 1, 1, 2,  2,  3,  3,  4,  4,  5,  5,  6,  6,  7,  7,
          8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15};
      return _mm512_castsi512_ps(_mm512_maskz_permutexvar_epi16(
          0xaaaaaaaau, _mm512_load_si512(index),
          _mm512_castsi256_si512(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)))));
    }
#endif
    return compat::bitcast<float>(widen_u16<A>(p) << 16);
  }
  template <class A>
  static void store(bfloat16* p, const xsimd::batch<float, A>& v) noexcept {
#if defined(__AVX512BF16__)
    // AVX512-BF16's vcvtneps2bf16 rounds to nearest even and quiets NaNs as bf16_bits does, but
    // reads subnormal inputs as zero: it stores a batch with no nonzero subnormal lane.
    if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
      if (nonzero_subnormal(v) == 0) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(p),
                            reinterpret_cast<__m256i>(_mm512_cvtneps_pbh(v)));
        return;
      }
    }
#endif
    narrow_u16<A>(p, bf16_bits(v));
  }
  template <class A>
  static constexpr bool pair_store = hardware_store<A>;
  /// store(p, a), then store(p + size, b): with AVX512-BF16, one two-source vcvtne2ps2bf16 and
  /// one 64-byte store where neither batch has a subnormal lane.
  template <class A>
  static void store2(bfloat16* p, const xsimd::batch<float, A>& a,
                     const xsimd::batch<float, A>& b) noexcept {
#if defined(__AVX512BF16__)
    if constexpr (hardware_store<A>) {
      if (nonzero_subnormal(a) == 0 && nonzero_subnormal(b) == 0) {
        _mm512_storeu_si512(p, reinterpret_cast<__m512i>(_mm512_cvtne2ps_pbh(b, a)));
        return;
      }
    }
#endif
    store<A>(p, a);
    store<A>(p + xsimd::batch<float, A>::size, b);
  }

 private:
#if defined(__AVX512BF16__)
  /// The lanes of v that are nonzero subnormals, which vcvtneps2bf16 reads as zero.
  static __mmask16 nonzero_subnormal(__m512 v) noexcept {
#if defined(__AVX512DQ__)
    return _mm512_fpclass_ps_mask(v, 0x20);  // class 0x20: nonzero subnormal, either sign
#else
    const __m512i a = _mm512_and_si512(_mm512_castps_si512(v), _mm512_set1_epi32(0x7fffffff));
    return _mm512_cmplt_epu32_mask(_mm512_sub_epi32(a, _mm512_set1_epi32(1)),
                                   _mm512_set1_epi32(0x007fffff));
#endif
  }
#endif
};

/// float16: F16C's conversions where the target has them (x86: vcvtph2ps, vcvtps2ph with round
/// to nearest even), the integer ones elsewhere: the same bits.
template <>
struct storage<float16> {
  static constexpr bool supported = true;
  using compute = float;
  /// Whether the batch load and store on A use F16C's conversions.
  template <class A>
  static constexpr bool hardware_store =
#if defined(__F16C__) && defined(__AVX512F__)
      std::is_base_of<xsimd::avx512f, A>::value ||
#endif
#if defined(__F16C__) && defined(__AVX__)
      std::is_base_of<xsimd::avx, A>::value ||
#endif
      false;
  template <class A>
  static constexpr bool pair_store = false;
  static float16 from_compute(float x) noexcept { return float16::from_bits(f16_from_float(x)); }
  static float to_compute(float16 x) noexcept { return float_from_f16(x.bits()); }
  template <class A>
  static xsimd::batch<float, A> load(const float16* p) noexcept {
#if defined(__F16C__) && defined(__AVX512F__)
    if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
      return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
    }
#endif
#if defined(__F16C__) && defined(__AVX__)
    if constexpr (std::is_base_of<xsimd::avx, A>::value) {
      return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    }
#endif
    return float_of_f16<A>(widen_u16<A>(p));
  }
  template <class A>
  static void store(float16* p, const xsimd::batch<float, A>& v) noexcept {
#if defined(__F16C__) && defined(__AVX512F__)
    if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(p),
                          _mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
      return;
    }
#endif
#if defined(__F16C__) && defined(__AVX__)
    if constexpr (std::is_base_of<xsimd::avx, A>::value) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p),
                       _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
      return;
    }
#endif
    narrow_u16<A>(p, f16_bits(v));
  }
};

}  // namespace quake::detail
