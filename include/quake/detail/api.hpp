// What the public headers share: the compile-time checks of every function's template
// arguments, and the std::span support.
#pragma once

#include <cstddef>
#include <quake/config.hpp>
#include <quake/detail/driver.hpp>
#include <quake/detail/simd_ops.hpp>
#include <type_traits>

#if __cplusplus >= 202002L && __has_include(<span>)
#include <span>
#define QUAKE_HAS_SPAN 1
#else
#define QUAKE_HAS_SPAN 0
#endif

// quake needs IEEE float semantics, and refuses the compiler flags that take them away, each
// with a message naming it (tests/cmake/math_flags.cmake checks every one). GCC names each flag
// with a macro; clang defines only __FAST_MATH__ and __FINITE_MATH_ONLY__, so there quake cannot
// see -fassociative-math, -freciprocal-math or -fno-signed-zeros (docs/usage.md: do not use them).
// -fno-math-errno, -fno-trapping-math and -ffp-contract are fine.
#if defined(__FAST_MATH__)
#error \
    "quake: -ffast-math breaks quake (its range reduction adds and subtracts a rounding constant, \
which reassociation folds away; NaN and inf rules need them honoured). Compile quake code without it."
#elif defined(__ASSOCIATIVE_MATH__)
#error \
    "quake: -fassociative-math (also set by -funsafe-math-optimizations) breaks quake: it folds \
the rounding constant of exp's range reduction away. Compile quake code without it."
#elif defined(__RECIPROCAL_MATH__)
#error \
    "quake: -freciprocal-math (also set by -funsafe-math-optimizations) breaks quake: x / y \
becomes x * (1 / y), two roundings, and the scalar and SIMD forms stop agreeing. Compile quake code \
without it."
#elif defined(__NO_SIGNED_ZEROS__)
#error \
    "quake: -fno-signed-zeros breaks quake: it folds x * y + 0 into x * y, which lets the \
compiler contract products quake keeps apart, and loses tanh(-0) == -0. Compile quake code without \
it."
#elif defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__
#error \
    "quake: -ffinite-math-only breaks quake: its NaN and infinity rules (NaN -> NaN, exp(+inf) = \
+inf, NaN rows of softmax) are tests the compiler may then delete. Compile quake code without it."
#endif

namespace quake {
namespace detail {

/// T, in a parameter that does not take part in deduction (a scale given as a double literal
/// with float arrays converts).
template <class T>
struct identity {
  using type = T;
};
template <class T>
using identity_t = typename identity<T>::type;

/// The scalar and batch forms: float, double, xsimd::batch<float|double, A>; Order 1..5.
template <class V, int Order>
constexpr void check_value() noexcept {
  static_assert(is_supported_value<V>::value,
                "quake: this form takes float, double, or xsimd::batch<float|double, A>");
  check_order<Order>();
}

/// The array and row forms: a storage type quake supports; Order 1..5.
template <class S, int Order>
constexpr void check_array() noexcept {
  static_assert(is_array_value<S>,
                "quake: arrays take float, double, quake::bfloat16 or quake::float16");
  check_order<Order>();
}

/// The scaled softmax forms: scores and mask of type T, results of T or (for float scores) of a
/// 16-bit type.
template <class T, class O, int Order>
constexpr void check_scaled() noexcept {
  check_array<T, Order>();
  check_array<O, Order>();
  static_assert(std::is_same<T, O>::value || (is_half<O> && std::is_same<T, compute_t<O>>::value),
                "quake: softmax's results are of the scores' type, or 16-bit for float scores");
}

/// The online softmax step: float or double scores, a mask of their type or (float scores) of a
/// 16-bit type.
template <class T, class M, int Order>
constexpr void check_online() noexcept {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "quake::online_softmax takes float or double scores");
  static_assert(std::is_same<M, T>::value || (is_half<M> && std::is_same<T, float>::value),
                "quake::online_softmax: a mask of the scores' type, or 16-bit for float scores");
  check_order<Order>();
}

/// The kernel of the element-wise registry entry F: apply<Order>(v) calls detail::F_kernel
/// (QUAKE_DEFINE_ELEMENTWISE specialises it for each function).
template <class F>
struct kernel_of;

#if QUAKE_HAS_SPAN
/// The span forms take a span of T or of const T as input.
template <class U, class T>
using if_input_span_of = std::enable_if_t<std::is_same<std::remove_const_t<U>, T>::value>;

template <class U, std::size_t E1, class T, std::size_t E2>
constexpr std::size_t common_size(std::span<U, E1> in, std::span<T, E2> out) noexcept {
  return in.size() < out.size() ? in.size() : out.size();
}
#endif

}  // namespace detail
}  // namespace quake

// The forms of the element-wise public function quake::name, from its registry entry
// quake::fn::name and its kernel quake::detail::name_kernel<Order>(v) (v a scalar or a batch),
// for every element-wise function alike:
// - name<Order>(x) for float, double and xsimd::batch<float|double, A>;
// - name<Order>(in, out, n) for arrays of float, double, quake::bfloat16 or quake::float16 (the
//   16-bit types computed in float and rounded once), on quake::simd_arch: any n (0 included) and
//   alignment, in == out allowed (other overlaps are not), nothing outside [0, n) read or
//   written, each element the bits of the scalar form (of its float conversion, rounded once);
// - in C++20, name<Order>(span in, span out) (min(in.size(), out.size()) elements, `in` of const
//   or mutable elements) and name<Order>(span inout).
// Order is 1..quake::max_order, default 2. One definition, so the forms cannot drift apart. (A
// macro because only a macro can give a family of overloads a name.) Used at file scope, after
// the entry.
#define QUAKE_DEFINE_ELEMENTWISE(name)                            \
  namespace quake {                                               \
  template <>                                                     \
  struct detail::kernel_of<fn::name> {                            \
    template <int Order, class V>                                 \
    static V apply(const V& x) noexcept {                         \
      return detail::name##_kernel<Order>(x);                     \
    }                                                             \
  };                                                              \
  template <int Order = 2, class T>                               \
  inline T name(T x) noexcept {                                   \
    ::quake::detail::check_value<T, Order>();                     \
    return ::quake::fn::name::template scalar<Order>(x);          \
  }                                                               \
  template <int Order = 2, class T>                               \
  inline void name(const T* in, T* out, std::size_t n) noexcept { \
    ::quake::detail::check_array<T, Order>();                     \
    ::quake::fn::name::template array<Order>(in, out, n);         \
  }                                                               \
  QUAKE_DEFINE_SPAN_FORMS(name)                                   \
  }

// The forms of a row function `name` whose one-row kernel is `row<simd_arch, Order>(in, out, n)`:
// name<Order>(in, out, n) for one row, name<Order>(in, out, rows, cols) for contiguous rows (the
// one-row form on each), and the span forms (one row).
#define QUAKE_DEFINE_ROWS(name, row)                                                   \
  template <int Order = 2, class T>                                                    \
  inline void name(const T* in, T* out, std::size_t n) noexcept {                      \
    ::quake::detail::check_array<T, Order>();                                          \
    row<::quake::simd_arch, Order>(in, out, n);                                        \
  }                                                                                    \
  template <int Order = 2, class T>                                                    \
  inline void name(const T* in, T* out, std::size_t rows, std::size_t cols) noexcept { \
    ::quake::detail::check_array<T, Order>();                                          \
    for (std::size_t r = 0; r < rows; ++r) {                                           \
      row<::quake::simd_arch, Order>(in + r * cols, out + r * cols, cols);             \
    }                                                                                  \
  }                                                                                    \
  QUAKE_DEFINE_SPAN_FORMS(name)

#if QUAKE_HAS_SPAN
#define QUAKE_DEFINE_SPAN_FORMS(name)                                                  \
  template <int Order = 2, class U, std::size_t E1, class T, std::size_t E2>           \
  inline ::quake::detail::if_input_span_of<U, T> name(std::span<U, E1> in,             \
                                                      std::span<T, E2> out) noexcept { \
    name<Order>(in.data(), out.data(), ::quake::detail::common_size(in, out));         \
  }                                                                                    \
  template <int Order = 2, class T, std::size_t E>                                     \
  inline void name(std::span<T, E> inout) noexcept {                                   \
    name<Order>(inout.data(), inout.data(), inout.size());                             \
  }
#else
#define QUAKE_DEFINE_SPAN_FORMS(name)
#endif
