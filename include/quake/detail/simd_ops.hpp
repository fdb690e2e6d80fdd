// The few element-wise operations quake's kernels are written in, for scalars and xsimd batches.
//
// Kernels are templates over V = float | double | xsimd::batch<float|double, A>; they call only the
// functions below, so the scalar instantiation is the readable reference and the SIMD one returns
// the same bits. The scalar versions mirror the SIMD instructions exactly, including which operand
// wins when one is NaN, and they never convert an out-of-range float to an integer.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <quake/config.hpp>
#include <quake/detail/xsimd_compat.hpp>
#include <type_traits>

namespace quake::detail {

// ---- type traits --------------------------------------------------------------------------

template <class V>
struct simd_traits {  // scalar float / double
  using value_type = V;
  using uint_type = std::conditional_t<sizeof(V) == 4, std::uint32_t, std::uint64_t>;
  using uint_vector = uint_type;
  using mask = bool;
};

template <class T, class A>
struct simd_traits<xsimd::batch<T, A>> {
  using value_type = T;
  using uint_type = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
  using uint_vector = xsimd::batch<uint_type, A>;
  using mask = xsimd::batch_bool<T, A>;
};

template <class V>
using value_type_t = typename simd_traits<V>::value_type;

/// True when multiply-adds on V are fused: scalars where quake::has_fma, batches of an
/// architecture A where compat::arch_fma<A>() (the two agree for simd_arch).
template <class V>
struct fuses : std::bool_constant<has_fma> {};
template <class T, class A>
struct fuses<xsimd::batch<T, A>> : std::bool_constant<compat::arch_fma<A>()> {};

template <class V>
struct is_supported_value : std::false_type {};
template <>
struct is_supported_value<float> : std::true_type {};
template <>
struct is_supported_value<double> : std::true_type {};
template <class T, class A>
struct is_supported_value<xsimd::batch<T, A>>
    : std::bool_constant<std::is_same<T, float>::value || std::is_same<T, double>::value> {};

/// Broadcast a scalar constant to V.
template <class V>
inline V splat(value_type_t<V> c) noexcept {
  return V(c);
}

// ---- arithmetic ---------------------------------------------------------------------------

/// a*b + c: fused for scalars where quake::has_fma, for batches of A where compat::arch_fma<A>();
/// unfused otherwise.
template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
inline T mul_add(T a, T b, T c) noexcept {
  if constexpr (fuses<T>::value) {
    return std::fma(a, b, c);
  } else {
    return a * b + c;
  }
}
template <class T, class A>
inline xsimd::batch<T, A> mul_add(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b,
                                  const xsimd::batch<T, A>& c) noexcept {
  if constexpr (fuses<xsimd::batch<T, A>>::value) {
    return compat::fused_mul_add(a, b, c);
  } else {
    return a * b + c;
  }
}

/// True in builds whose SIMD float arithmetic flushes subnormals: 32-bit ARM NEON (AArch32
/// Advanced SIMD) ignores FPSCR and always flushes subnormal inputs and results to zero (a result
/// is flushed when its exact value is below FLT_MIN, i.e. tininess before rounding) and returns
/// the default NaN (0x7fc00000) for every NaN result. Scalar VFP code does neither, so in these
/// builds the scalar float forms run the NEON kernel on one lane (detail::apply_one). AArch64
/// NEON and every x86 level honour IEEE subnormals and NaN payloads.
template <class T>
inline constexpr bool simd_flushes_subnormals =
    std::is_same<T, float>::value&& has_simd<float>&& std::is_same<simd_arch, xsimd::neon>::value;

/// a*b, rounded once. Written as fma(a, b, +0), which rounds identically, so that a caller's
/// `1 + f(x)` or `sum += f(x)` cannot be contracted into the product: GCC contracts a multiply
/// into a following add (-ffp-contract=fast) in some inlined contexts and not in others, which
/// would break the bit-identity of scalar and SIMD callers.
template <class V>
inline V product(const V& a, const V& b) noexcept {
  return mul_add(a, b, splat<V>(value_type_t<V>(0)));
}

/// a / b, correctly rounded (IEEE division) for scalars and batches alike (compat::divide:
/// xsimd 8.1's NEON float division is an estimate), so batch and scalar forms agree.
template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
inline T divide(T a, T b) noexcept {
  return a / b;
}
template <class T, class A>
inline xsimd::batch<T, A> divide(const xsimd::batch<T, A>& a,
                                 const xsimd::batch<T, A>& b) noexcept {
  return compat::divide(a, b);
}

/// max(a, b) with x86 semantics: returns b when either is NaN (so a NaN in b propagates).
template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
inline T max_b(T a, T b) noexcept {
  return a > b ? a : b;
}
template <class T, class A>
inline xsimd::batch<T, A> max_b(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b) noexcept {
  return xsimd::max(a, b);
}

/// min(a, b) with x86 semantics: returns b when either is NaN.
template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
inline T min_b(T a, T b) noexcept {
  return a < b ? a : b;
}
template <class T, class A>
inline xsimd::batch<T, A> min_b(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b) noexcept {
  return xsimd::min(a, b);
}

/// cond ? a : b, element-wise.
template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
inline T if_else(bool cond, T a, T b) noexcept {
  return cond ? a : b;
}
template <class T, class A>
inline xsimd::batch<T, A> if_else(const xsimd::batch_bool<T, A>& cond, const xsimd::batch<T, A>& a,
                                  const xsimd::batch<T, A>& b) noexcept {
  return compat::select(cond, a, b);
}

// ---- bits ---------------------------------------------------------------------------------

template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
inline typename simd_traits<T>::uint_type to_bits(T x) noexcept {
  typename simd_traits<T>::uint_type u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
template <class T, class A>
inline typename simd_traits<xsimd::batch<T, A>>::uint_vector to_bits(
    const xsimd::batch<T, A>& x) noexcept {
  return compat::bitcast<typename simd_traits<xsimd::batch<T, A>>::uint_type>(x);
}

template <class T>
inline T from_bits(typename simd_traits<T>::uint_vector u) noexcept {
  if constexpr (std::is_floating_point<T>::value) {
    T x;
    std::memcpy(&x, &u, sizeof x);
    return x;
  } else {
    return compat::bitcast<value_type_t<T>>(u);
  }
}

/// |x|: clears the sign bit (NaN stays NaN). Same bits for scalars and batches.
template <class V>
inline V abs_bits(const V& x) noexcept {
  using U = typename simd_traits<V>::uint_type;
  constexpr U magnitude = ~(U(1) << (8 * sizeof(U) - 1));
  return from_bits<V>(to_bits(x) & typename simd_traits<V>::uint_vector(magnitude));
}

/// mag with the sign bit of sgn ORed in. For mag >= +0 (sign bit clear) this is copysign.
template <class V>
inline V or_sign_of(const V& mag, const V& sgn) noexcept {
  using U = typename simd_traits<V>::uint_type;
  constexpr U sign = U(1) << (8 * sizeof(U) - 1);
  return from_bits<V>(to_bits(mag) | (to_bits(sgn) & typename simd_traits<V>::uint_vector(sign)));
}

/// Shift left by a constant number of bits (unsigned, so no UB for any pattern).
template <int Bits, class U>
inline U shift_left(const U& u) noexcept {
  return u << Bits;
}

}  // namespace quake::detail
