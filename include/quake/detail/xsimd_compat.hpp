// Differences between the xsimd releases quake supports (Debian's 8.1 and 12+), and the few
// architecture-specific operations xsimd's generic ones cannot express, kept in one place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <quake/detail/xsimd_include.hpp>
#include <type_traits>

#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
// Targets without any SIMD xsimd knows (e.g. armv7 with VFP only): xsimd then defines no batch
// types at all. Declaring the two class templates lets quake's batch overloads parse; they are
// never instantiated there (quake::has_simd<T> is false, so only the scalar kernels run).
namespace xsimd {
template <class T, class A>
class batch;
template <class T, class A>
class batch_bool;
}  // namespace xsimd
#endif

namespace quake::detail {
namespace compat {

/// True when architecture A is enabled and has real registers for T. xsimd 8.1 declares a
/// placeholder `batch<double, neon>` (an empty `invalid_register`, no operations) for 32-bit
/// NEON, which has no double lanes, and `unavailable` (no SIMD at all) is not `supported()`.
template <class T, class A, bool = A::supported() && xsimd::types::has_simd_register<T, A>::value>
struct has_register : std::false_type {};
template <class T, class A>
struct has_register<T, A, true>
    : std::bool_constant<(sizeof(typename xsimd::types::simd_register<T, A>::register_type) >=
                          2 * sizeof(T))> {};

/// True when the compiler targets a CPU with a fused multiply-add instruction (x86 FMA3, every
/// AArch64, 32-bit ARM with VFPv4). This decides scalar code, which has no architecture tag.
inline constexpr bool target_fma =
#if defined(__FMA__) || defined(__aarch64__) || defined(__ARM_FEATURE_FMA)
    true;
#else
    false;
#endif

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
template <class A>
struct is_fma3 : std::false_type {};
template <class A>
struct is_fma3<xsimd::fma3<A>> : std::true_type {};

/// True when quake's kernels fuse multiply-adds on batches of architecture A: the tags that
/// include FMA (xsimd's fma3<...> and fma4, every AVX-512 tag, AArch64's neon64), and the plain
/// SSE/AVX/AVX2 and 32-bit NEON tags in code compiled for a CPU with FMA (VEX-encoded FMA works
/// at every register width there). So every architecture of one build, and the scalar code
/// (quake::has_fma), agree, and a build for one architecture gives the bits of that
/// architecture's column of the golden test.
template <class A>
constexpr bool arch_fma() noexcept {
#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64)
  return is_fma3<A>::value || std::is_same<A, xsimd::fma4>::value ||
         std::is_base_of<xsimd::avx512f, A>::value || target_fma;
#else
  return std::is_base_of<xsimd::neon64, A>::value || target_fma;
#endif
}

/// Reinterpret the bits of a batch as another element type of the same width.
/// xsimd 8.x spells it bitwise_cast<batch<To, A>>(x); xsimd 10 and later bitwise_cast<To>(x).
template <class To, class From, class A>
inline xsimd::batch<To, A> bitcast(const xsimd::batch<From, A>& x) noexcept {
#if XSIMD_VERSION_MAJOR >= 10
  return xsimd::bitwise_cast<To>(x);
#else
  return xsimd::bitwise_cast<xsimd::batch<To, A>>(x);
#endif
}

#if defined(__FMA__)
// x86 fused multiply-add by register type.
inline __m128 x86_fmadd(__m128 a, __m128 b, __m128 c) noexcept { return _mm_fmadd_ps(a, b, c); }
inline __m128d x86_fmadd(__m128d a, __m128d b, __m128d c) noexcept { return _mm_fmadd_pd(a, b, c); }
inline __m256 x86_fmadd(__m256 a, __m256 b, __m256 c) noexcept { return _mm256_fmadd_ps(a, b, c); }
inline __m256d x86_fmadd(__m256d a, __m256d b, __m256d c) noexcept {
  return _mm256_fmadd_pd(a, b, c);
}
#endif
#if defined(__AVX512F__)
inline __m512 x86_fmadd(__m512 a, __m512 b, __m512 c) noexcept { return _mm512_fmadd_ps(a, b, c); }
inline __m512d x86_fmadd(__m512d a, __m512d b, __m512d c) noexcept {
  return _mm512_fmadd_pd(a, b, c);
}
#endif

/// Fused a*b + c on batches of an architecture for which arch_fma<A>() holds.
/// xsimd 8.1 only fuses for its fma3<...>/fma4/NEON tags: a batch of the plain sse2..sse4.2,
/// avx, avx2 or avx512 tags falls back to an unfused multiply and add (fused only if the compiler
/// happens to contract it). On x86 the intrinsic of the register's width is used directly (it
/// exists wherever arch_fma holds: the TU targets FMA or AVX-512F); other targets use xsimd::fma.
template <class T, class A>
inline xsimd::batch<T, A> fused_mul_add(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b,
                                        const xsimd::batch<T, A>& c) noexcept {
  static_assert(arch_fma<A>(), "fused_mul_add on an architecture without FMA");
#if defined(__FMA__) || defined(__AVX512F__)
  // x86: the plain tags' registers, which xsimd::fma does not fuse (the fma3 tags it does).
  using R = typename xsimd::batch<T, A>::register_type;
  return x86_fmadd(static_cast<R>(a), static_cast<R>(b), static_cast<R>(c));
#else
  return xsimd::fma(a, b, c);
#endif
}

/// a / b, correctly rounded (IEEE division), for any batch architecture.
/// xsimd 8.1 divides float batches on NEON -- 32-bit and, lacking an override, AArch64 too -- by
/// a reciprocal estimate refined by two Newton steps: neither correctly rounded nor monotone, and
/// not what scalar code computes. AArch64 has a vector division (fdiv, vdivq_f32); 32-bit NEON
/// has none, so each lane is divided by scalar VFP there (vdiv.f32, IEEE: four divisions per
/// batch, slower than the estimate, but exact). Every other case is xsimd's operator/.
template <class T, class A>
inline xsimd::batch<T, A> divide(const xsimd::batch<T, A>& a,
                                 const xsimd::batch<T, A>& b) noexcept {
#if defined(__aarch64__)
  if constexpr (std::is_same<T, float>::value && std::is_base_of<xsimd::neon, A>::value) {
    return vdivq_f32(a, b);
  }
#elif defined(__ARM_NEON)
  if constexpr (std::is_same<T, float>::value && std::is_base_of<xsimd::neon, A>::value) {
    constexpr std::size_t W = xsimd::batch<T, A>::size;
    alignas(A::alignment()) T q[W];
    alignas(A::alignment()) T d[W];
    a.store_aligned(q);
    b.store_aligned(d);
    for (std::size_t i = 0; i < W; ++i) q[i] = q[i] / d[i];
    return xsimd::batch<T, A>::load_aligned(q);
  }
#endif
  return a / b;
}

/// Truncating float -> int32 conversion (cvttps2dq on x86, vcvtq_s32_f32 on NEON).
template <class A>
inline xsimd::batch<int32_t, A> to_int32(const xsimd::batch<float, A>& x) noexcept {
  return xsimd::batch_cast<int32_t>(x);
}

/// cond ? a : b per lane (xsimd::select). On AVX-512, 32- and 64-bit integer lanes blend by
/// their own mask instruction: xsimd 8's AVX512BW select also instantiates its 8- and 16-bit
/// blends for them, which g++ rejects when it does not optimise (-O0: a Debug build).
template <class T, class A>
inline xsimd::batch<T, A> select(const xsimd::batch_bool<T, A>& cond, const xsimd::batch<T, A>& a,
                                 const xsimd::batch<T, A>& b) noexcept {
#if defined(__AVX512F__)
  constexpr bool wide_int_lanes =
      std::is_integral<T>::value && sizeof(T) >= 4 && std::is_base_of<xsimd::avx512f, A>::value;
#else
  constexpr bool wide_int_lanes = false;
#endif
  if constexpr (wide_int_lanes) {
#if defined(__AVX512F__)
    if constexpr (sizeof(T) == 4) {
      return _mm512_mask_blend_epi32(static_cast<__mmask16>(cond), b, a);
    } else {
      return _mm512_mask_blend_epi64(static_cast<__mmask8>(cond), b, a);
    }
#endif
  } else {
    return xsimd::select(cond, a, b);
  }
}

/// True when every lane of cond is set (xsimd::all).
template <class T, class A>
inline bool all_true(const xsimd::batch_bool<T, A>& cond) noexcept {
  return xsimd::all(cond);
}

/// Partial vectors by masked loads and stores, where x86 has them for elements of E bytes (4 or 8
/// on AVX-512F and AVX2, 2 on AVX-512BW with VL) and W of them fill one register of A. The
/// drivers' tails otherwise go through a buffer written element by element and read back whole,
/// which no CPU forwards from its store queue: a stall of a dozen cycles or more per tail, which
/// a short row pays in each pass. Masked lanes are neither read nor written (no fault).
template <class A, std::size_t E, std::size_t W>
constexpr bool has_masked_tails() noexcept {
#if defined(__AVX512F__)
  if (std::is_base_of<xsimd::avx512f, A>::value && (E == 4 || E == 8) && E * W == 64) return true;
#endif
#if defined(__AVX512BW__) && defined(__AVX512VL__)
  if (std::is_base_of<xsimd::avx512f, A>::value && E == 2 && E * W == 32) return true;
#endif
#if defined(__AVX2__)
  if (std::is_base_of<xsimd::avx2, A>::value && (E == 4 || E == 8) && E * W == 32) return true;
#endif
  return false;
}

#if defined(__AVX2__)
/// An AVX2 mask of the first count lanes of E bytes (4 or 8): all ones there, zeros after.
template <std::size_t E>
inline __m256i first_lanes(std::size_t count) noexcept {
  if constexpr (E == 4) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count)),
                              _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  } else {
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<long long>(count)),
                              _mm256_setr_epi64x(0, 1, 2, 3));
  }
}
#endif

/// dst (E * W bytes, aligned to them) = the first count (< W) elements of src, then `fill`'s
/// bits (E bytes) in the others; one whole-register store, so a load of dst forwards from it.
/// Only where has_masked_tails<A, E, W>().
template <class A, std::size_t E, std::size_t W>
inline void load_first([[maybe_unused]] void* dst, [[maybe_unused]] const void* src,
                       std::size_t count, [[maybe_unused]] const void* fill) noexcept {
  static_assert(has_masked_tails<A, E, W>(), "no masked tail on this architecture");
  [[maybe_unused]] const unsigned bits = (1u << count) - 1u;
  if constexpr (E * W == 64) {
#if defined(__AVX512F__)
    if constexpr (E == 4) {
      std::uint32_t f;
      std::memcpy(&f, fill, 4);
      _mm512_store_si512(dst, _mm512_mask_loadu_epi32(_mm512_set1_epi32(static_cast<int>(f)),
                                                      static_cast<__mmask16>(bits), src));
    } else {
      std::uint64_t f;
      std::memcpy(&f, fill, 8);
      _mm512_store_si512(dst, _mm512_mask_loadu_epi64(_mm512_set1_epi64(static_cast<long long>(f)),
                                                      static_cast<__mmask8>(bits), src));
    }
#endif
  } else if constexpr (E == 2) {
#if defined(__AVX512BW__) && defined(__AVX512VL__)
    std::uint16_t f;
    std::memcpy(&f, fill, 2);
    _mm256_store_si256(static_cast<__m256i*>(dst),
                       _mm256_mask_loadu_epi16(_mm256_set1_epi16(static_cast<short>(f)),
                                               static_cast<__mmask16>(bits), src));
#endif
  } else {
#if defined(__AVX2__)
    // maskload reads the lanes whose mask lane has its top bit set, and zeros the others.
    const __m256i keep = first_lanes<E>(count);
    __m256i filler;
    __m256i loaded;
    if constexpr (E == 4) {
      std::uint32_t f;
      std::memcpy(&f, fill, 4);
      filler = _mm256_set1_epi32(static_cast<int>(f));
      loaded = _mm256_maskload_epi32(static_cast<const int*>(src), keep);
    } else {
      std::uint64_t f;
      std::memcpy(&f, fill, 8);
      filler = _mm256_set1_epi64x(static_cast<long long>(f));
      loaded = _mm256_maskload_epi64(static_cast<const long long*>(src), keep);
    }
    _mm256_store_si256(static_cast<__m256i*>(dst), _mm256_blendv_epi8(filler, loaded, keep));
#endif
  }
}

/// The first count (< W) elements of src (E * W bytes, aligned to them, just stored whole) to
/// dst; nothing past them is written. Only where has_masked_tails<A, E, W>().
template <class A, std::size_t E, std::size_t W>
inline void store_first([[maybe_unused]] void* dst, [[maybe_unused]] const void* src,
                        std::size_t count) noexcept {
  static_assert(has_masked_tails<A, E, W>(), "no masked tail on this architecture");
  [[maybe_unused]] const unsigned bits = (1u << count) - 1u;
  if constexpr (E * W == 64) {
#if defined(__AVX512F__)
    const __m512i v = _mm512_load_si512(src);
    if constexpr (E == 4) {
      _mm512_mask_storeu_epi32(dst, static_cast<__mmask16>(bits), v);
    } else {
      _mm512_mask_storeu_epi64(dst, static_cast<__mmask8>(bits), v);
    }
#endif
  } else if constexpr (E == 2) {
#if defined(__AVX512BW__) && defined(__AVX512VL__)
    _mm256_mask_storeu_epi16(dst, static_cast<__mmask16>(bits),
                             _mm256_load_si256(static_cast<const __m256i*>(src)));
#endif
  } else {
#if defined(__AVX2__)
    const __m256i keep = first_lanes<E>(count);
    const __m256i v = _mm256_load_si256(static_cast<const __m256i*>(src));
    if constexpr (E == 4) {
      _mm256_maskstore_epi32(static_cast<int*>(dst), keep, v);
    } else {
      _mm256_maskstore_epi64(static_cast<long long*>(dst), keep, v);
    }
#endif
  }
}

/// Whether halving_sum and halving_max below reduce batches of T on A in registers (x86 AVX-512
/// and AVX; elsewhere the caller spills the lanes and runs the same tree on scalars).
template <class T, class A>
constexpr bool has_halving() noexcept {
#if defined(__AVX512F__)
  if (std::is_base_of<xsimd::avx512f, A>::value && xsimd::batch<T, A>::size * sizeof(T) == 64) {
    return std::is_same<T, float>::value || std::is_same<T, double>::value;
  }
#endif
#if defined(__AVX__)
  if (std::is_base_of<xsimd::avx, A>::value && xsimd::batch<T, A>::size * sizeof(T) == 32) {
    return std::is_same<T, float>::value || std::is_same<T, double>::value;
  }
#endif
  return false;
}

#if defined(__AVX__)
/// The halving tree on one register of lanes p: p[j] = op(p[j], p[j + h]) for h = W/2, ..., 1,
/// lane 0 returned; op(a, b) is a + b (Max false) or a > b ? a : b (x86 max, Max true), its first
/// operand always the lower lane, as the scalar tree's.
template <bool Max>
inline float halving(__m128 v) noexcept {
  const auto op = [](__m128 a, __m128 b) { return Max ? _mm_max_ps(a, b) : _mm_add_ps(a, b); };
  v = op(v, _mm_movehl_ps(v, v));
  v = Max ? _mm_max_ss(v, _mm_movehdup_ps(v)) : _mm_add_ss(v, _mm_movehdup_ps(v));
  return _mm_cvtss_f32(v);
}
template <bool Max>
inline double halving(__m128d v) noexcept {
  const __m128d hi = _mm_unpackhi_pd(v, v);
  return _mm_cvtsd_f64(Max ? _mm_max_sd(v, hi) : _mm_add_sd(v, hi));
}
template <bool Max>
inline float halving(__m256 v) noexcept {
  const __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
  return halving<Max>(Max ? _mm_max_ps(lo, hi) : _mm_add_ps(lo, hi));
}
template <bool Max>
inline double halving(__m256d v) noexcept {
  const __m128d lo = _mm256_castpd256_pd128(v), hi = _mm256_extractf128_pd(v, 1);
  return halving<Max>(Max ? _mm_max_pd(lo, hi) : _mm_add_pd(lo, hi));
}
#endif
#if defined(__AVX512F__)
template <bool Max>
inline float halving(__m512 v) noexcept {
  const __m256 lo = _mm512_castps512_ps256(v);
  const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
  return halving<Max>(Max ? _mm256_max_ps(lo, hi) : _mm256_add_ps(lo, hi));
}
template <bool Max>
inline double halving(__m512d v) noexcept {
  const __m256d lo = _mm512_castpd512_pd256(v), hi = _mm512_extractf64x4_pd(v, 1);
  return halving<Max>(Max ? _mm256_max_pd(lo, hi) : _mm256_add_pd(lo, hi));
}
#endif

/// The sum (Max false) or x86 maximum (Max true) of v's lanes by the halving tree, in registers.
/// Only where has_halving<T, A>().
template <bool Max, class T, class A>
inline T halving([[maybe_unused]] const xsimd::batch<T, A>& v) noexcept {
  static_assert(has_halving<T, A>(), "no register reduction on this architecture");
#if defined(__AVX__)
  using R = typename xsimd::batch<T, A>::register_type;
  return halving<Max>(static_cast<R>(v));
#else
  return T{};
#endif
}
#else
template <class A>
constexpr bool arch_fma() noexcept {
  return target_fma;
}
template <class T, class A>
xsimd::batch<T, A> select(const xsimd::batch_bool<T, A>& cond, const xsimd::batch<T, A>& a,
                          const xsimd::batch<T, A>& b) noexcept;
template <class T, class A>
bool all_true(const xsimd::batch_bool<T, A>& cond) noexcept;
template <class To, class From, class A>
xsimd::batch<To, A> bitcast(const xsimd::batch<From, A>& x) noexcept;
template <class T, class A>
xsimd::batch<T, A> fused_mul_add(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b,
                                 const xsimd::batch<T, A>& c) noexcept;
template <class A>
xsimd::batch<int32_t, A> to_int32(const xsimd::batch<float, A>& x) noexcept;
template <class T, class A>
xsimd::batch<T, A> divide(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b) noexcept;
template <class A, std::size_t E, std::size_t W>
constexpr bool has_masked_tails() noexcept {
  return false;
}
template <class A, std::size_t E, std::size_t W>
void load_first(void* dst, const void* src, std::size_t count, const void* fill) noexcept;
template <class A, std::size_t E, std::size_t W>
void store_first(void* dst, const void* src, std::size_t count) noexcept;
template <class T, class A>
constexpr bool has_halving() noexcept {
  return false;
}
template <bool Max, class T, class A>
T halving(const xsimd::batch<T, A>& v) noexcept;
#endif

}  // namespace compat
}  // namespace quake::detail
