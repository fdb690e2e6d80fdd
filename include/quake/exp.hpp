// quake::exp -- the QuAKE exponential ladder, orders 1 (fastest, ~3%) to 5 (float32 grade).
#pragma once

#include <cstddef>
#include <quake/config.hpp>
#include <quake/detail/array.hpp>
#include <quake/detail/exp_kernel.hpp>
#include <type_traits>

#if __cplusplus >= 202002L && __has_include(<span>)
#include <span>
#endif

#if defined(__FAST_MATH__)
#error \
    "quake needs IEEE float semantics: its range reduction adds and subtracts a rounding \
constant, which -ffast-math (-fassociative-math) folds away. Compile quake code without it."
#endif

namespace quake {

/// Approximate e^x.
///
/// Types: `float`, `double`, `xsimd::batch<float, A>`, `xsimd::batch<double, A>` (any arch A).
/// Order (1..5, default 2) buys accuracy; maximum relative error, float and double alike, over
/// every input whose true result is a normal number:
///
/// | Order | bound   | method                                                        |
/// |-------|---------|---------------------------------------------------------------|
/// | 1     | 2.99e-2 | float: as_float(int(c0*x + c1)) (QuAKE / Schraudolph 1999);    |
/// |       |         | double: 2^n * a(1+f), the same function in split form          |
/// | 2     | 2.70e-3 | 2^n * p2(f), quadratic in the fraction f (QuAKE2)             |
/// | 3     | 1.10e-4 | 2^n * p3(f), cubic                                            |
/// | 4     | 4.00e-6 | 2^n * p4(r), r = x - n ln2 (Cody-Waite), quartic              |
/// | 5     | 2.50e-7 | 2^n * p5(r), quintic                                          |
///
/// Edges, identical for every order and for scalar and SIMD:
/// - NaN -> NaN; +inf -> +inf; -inf -> +0.
/// - x > 88.72283172607421875f (709.782712893384 for double), the largest input whose e^x is
///   finite -> +inf. Inputs at or below it give a finite result (never above FLT_MAX).
/// - x < -87.33654022216796875f (-708.3964185322641 for double), where e^x is below the smallest
///   normal number: the result lies in [0, FLT_MIN) (absolute error below FLT_MIN; orders 2-5
///   flush to +0, order 1 for float may return a subnormal, except on 32-bit ARM NEON, which
///   flushes subnormals: there it returns +0), and it is exactly +0 for
///   x <= -88.72283172607421875f (-709.782712893384).
/// - Monotone: x <= y implies exp(x) <= exp(y). Orders 2-5 give exp(0) == 1 exactly.
/// - The scalar, batch and array forms return the same bits for the same input in one build
///   (all use fused multiply-adds where the target has FMA, none otherwise: quake::has_fma).
///
/// Cost per element (vector instructions, float): order 1: 7; order N >= 2: 9 + N.
/// Requires IEEE semantics: do not compile with -ffast-math.
template <int Order = 2, class T>
inline T exp(T x) noexcept {
  static_assert(detail::is_supported_value<T>::value,
                "quake::exp takes float, double, or xsimd::batch<float|double, A>");
  static_assert(Order >= 1 && Order <= 5, "quake::exp: Order must be 1..5");
  return detail::exp_kernel<Order>(x);
}

/// out[i] = quake::exp<Order>(in[i]) for i < n, with the widest SIMD architecture enabled at
/// compile time (quake::simd_arch). T is float or double. Any n (0 included), any alignment;
/// in == out is allowed, other overlaps are not; nothing past n is read or written. Each element
/// gets the same bits as the scalar form.
template <int Order = 2, class T>
inline void exp(const T* in, T* out, std::size_t n) noexcept {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "quake::exp arrays take float or double");
  static_assert(Order >= 1 && Order <= 5, "quake::exp: Order must be 1..5");
  detail::apply_elementwise([](const auto& v) { return detail::exp_kernel<Order>(v); }, in, out, n);
}

#if __cplusplus >= 202002L && __has_include(<span>)
/// Span form of the array overload: processes min(in.size(), out.size()) elements.
/// Any extents; `in` may be a span of const or mutable elements.
template <int Order = 2, class T, std::size_t InExtent, std::size_t OutExtent>
inline void exp(std::span<const T, InExtent> in, std::span<T, OutExtent> out) noexcept {
  exp<Order>(in.data(), out.data(), in.size() < out.size() ? in.size() : out.size());
}
template <int Order = 2, class T, std::size_t InExtent, std::size_t OutExtent>
inline void exp(std::span<T, InExtent> in, std::span<T, OutExtent> out) noexcept {
  exp<Order>(in.data(), out.data(), in.size() < out.size() ? in.size() : out.size());
}
/// In-place span form.
template <int Order = 2, class T, std::size_t Extent>
inline void exp(std::span<T, Extent> inout) noexcept {
  exp<Order>(inout.data(), inout.data(), inout.size());
}
#endif

}  // namespace quake
