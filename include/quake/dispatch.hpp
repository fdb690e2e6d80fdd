// quake::dispatch -- the array functions of quake, compiled for several CPUs in one library and
// picked at run time: one binary for every CPU, with the bits of a native build of the set it
// runs. Link the CMake target quake::dispatch; compile your own code without any -m flag.
#pragma once

#include <cstddef>
#include <quake/order.hpp>
#include <type_traits>

#if defined(_WIN32) && defined(QUAKE_DISPATCH_SHARED)
#if defined(QUAKE_DISPATCH_BUILDING)
#define QUAKE_DISPATCH_API __declspec(dllexport)
#else
#define QUAKE_DISPATCH_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define QUAKE_DISPATCH_API __attribute__((visibility("default")))
#else
#define QUAKE_DISPATCH_API
#endif

namespace quake {

class bfloat16;  // quake/half.hpp
class float16;

namespace dispatch {

/// The kernel set in use: "avx512" (AVX-512 F, CD, BW, DQ, VL with FMA), "avx2" (AVX2 + FMA) or
/// "sse2" on x86-64; "neon64" on AArch64; on other targets the one set the library was built
/// for ("scalar" without SIMD). Chosen once, thread-safely, on the first call of any function
/// here: the best set the CPU and the operating system support (CPUID, and XGETBV for the
/// AVX and AVX-512 register state), or the one the environment variable QUAKE_ARCH names. A
/// QUAKE_ARCH the CPU lacks, or an unknown name, gets the best available set instead and one
/// line on stderr. No set runs an instruction the CPU lacks.
QUAKE_DISPATCH_API const char* arch() noexcept;

/// Whether the kernel set `name` (as arch() names it) is built into the library and supported by
/// this CPU. Does not change the selection.
QUAKE_DISPATCH_API bool available(const char* name) noexcept;

namespace detail {

/// The element-wise functions and the row functions, in the order of the library's tables: the
/// list <quake/functions.inc>, from which quake's registry is made too (the library checks at
/// compile time that the two agree).
enum class elementwise_op : unsigned char {
#define QUAKE_ELEMENTWISE(name) name,
#include <quake/functions.inc>
};
inline constexpr const char* elementwise_names[] = {
#define QUAKE_ELEMENTWISE(name) #name,
#include <quake/functions.inc>
};
enum class row_op : unsigned char {
#define QUAKE_ROWS(name) name,
#include <quake/functions.inc>
};
inline constexpr const char* row_names[] = {
#define QUAKE_ROWS(name) #name,
#include <quake/functions.inc>
};

QUAKE_DISPATCH_API void elementwise(elementwise_op f, int order, const float* in, float* out,
                                    std::size_t n) noexcept;
QUAKE_DISPATCH_API void elementwise(elementwise_op f, int order, const double* in, double* out,
                                    std::size_t n) noexcept;
QUAKE_DISPATCH_API void elementwise(elementwise_op f, int order, const bfloat16* in, bfloat16* out,
                                    std::size_t n) noexcept;
QUAKE_DISPATCH_API void elementwise(elementwise_op f, int order, const float16* in, float16* out,
                                    std::size_t n) noexcept;

#define QUAKE_DISPATCH_DECLARE_ROWS(In, Out, Scale)                                           \
  QUAKE_DISPATCH_API void rows(row_op f, int order, const In* in, Out* out, std::size_t rows, \
                               std::size_t cols) noexcept;                                    \
  QUAKE_DISPATCH_API void scaled_rows(row_op f, int order, const In* in, Out* out,            \
                                      std::size_t rows, std::size_t cols, Scale scale,        \
                                      const In* mask, std::size_t mask_stride) noexcept;
QUAKE_DISPATCH_DECLARE_ROWS(float, float, float)
QUAKE_DISPATCH_DECLARE_ROWS(double, double, double)
QUAKE_DISPATCH_DECLARE_ROWS(bfloat16, bfloat16, float)
QUAKE_DISPATCH_DECLARE_ROWS(float16, float16, float)
QUAKE_DISPATCH_DECLARE_ROWS(float, bfloat16, float)  // float scores, 16-bit results
QUAKE_DISPATCH_DECLARE_ROWS(float, float16, float)
#undef QUAKE_DISPATCH_DECLARE_ROWS

/// quake::online_softmax: float scores with a float, bfloat16 or float16 mask; double with double.
#define QUAKE_DISPATCH_DECLARE_ONLINE(T, M)                                                       \
  QUAKE_DISPATCH_API void online_softmax(                                                         \
      int order, const T* in, T* out, std::size_t rows, std::size_t cols, T scale, const M* mask, \
      std::size_t mask_stride, T slope, T* max, T* sum, T* rescale) noexcept;
QUAKE_DISPATCH_DECLARE_ONLINE(float, float)
QUAKE_DISPATCH_DECLARE_ONLINE(float, bfloat16)
QUAKE_DISPATCH_DECLARE_ONLINE(float, float16)
QUAKE_DISPATCH_DECLARE_ONLINE(double, double)
#undef QUAKE_DISPATCH_DECLARE_ONLINE

/// What the selected set's kernels do, for the golden test: whether they fuse multiply-adds, and
/// whether their float SIMD flushes subnormals (32-bit NEON); for the tests, whether their
/// bfloat16 stores convert with AVX512-BF16's instruction (the same bits).
struct traits {
  bool fma;
  bool flushes_subnormals;
  bool bf16_conversions;
};
QUAKE_DISPATCH_API traits selected_traits() noexcept;

/// The type of a scale: double for double scores, else float.
template <class T>
struct scale_of {
  using type = float;
};
template <>
struct scale_of<double> {
  using type = double;
};

template <class T>
inline constexpr bool is_value =
    std::is_same<T, float>::value || std::is_same<T, double>::value ||
    std::is_same<T, bfloat16>::value || std::is_same<T, float16>::value;

template <class In, class Out, int Order>
constexpr void check() noexcept {
  static_assert(is_value<In> && is_value<Out>,
                "quake::dispatch: arrays take float, double, quake::bfloat16 or quake::float16");
  static_assert(std::is_same<In, Out>::value ||
                    (std::is_same<In, float>::value && !std::is_same<Out, double>::value),
                "quake::dispatch: in and out of one type, or float scores to 16-bit results "
                "(softmax, log_softmax)");
  static_assert(Order >= 1 && Order <= max_order, "quake::dispatch: Order must be 1..5");
}

}  // namespace detail

// The forms below have the semantics of the header-only array forms of the same names (any n,
// any alignment, in == out allowed, nothing outside [0, n) touched; rows as quake::softmax's),
// their bounds and edge rules (quake/registry.hpp, docs/accuracy.md), and exactly the bits a
// header-only build for the selected set gives. T is float, double, quake::bfloat16 or
// quake::float16 (include quake/half.hpp for those: computed in float, rounded once); the row
// functions also take float scores to 16-bit results. Order 1..5 (default 2). Cost: one
// indirect call more than the header-only form.

// Every function of the list <quake/functions.inc>: name<Order>(in, out, n) for each
// element-wise one (quake::exp, quake::sigmoid, ...); for each row function (quake::softmax,
// quake::log_softmax) the one-row form (in, out, n), the rows form (in, out, rows, cols) and the
// scaled and masked form (in, out, rows, cols, scale, mask, mask_stride).
#define QUAKE_DISPATCH_ELEMENTWISE(name)                                  \
  template <int Order = 2, class T>                                       \
  inline void name(const T* in, T* out, std::size_t n) noexcept {         \
    detail::check<T, T, Order>();                                         \
    detail::elementwise(detail::elementwise_op::name, Order, in, out, n); \
  }
#define QUAKE_DISPATCH_ROWS(name)                                                      \
  template <int Order = 2, class T, class O>                                           \
  inline void name(const T* in, O* out, std::size_t n) noexcept {                      \
    detail::check<T, O, Order>();                                                      \
    detail::rows(detail::row_op::name, Order, in, out, 1, n);                          \
  }                                                                                    \
  template <int Order = 2, class T, class O>                                           \
  inline void name(const T* in, O* out, std::size_t rows, std::size_t cols) noexcept { \
    detail::check<T, O, Order>();                                                      \
    detail::rows(detail::row_op::name, Order, in, out, rows, cols);                    \
  }                                                                                    \
  template <int Order = 2, class T, class O>                                           \
  inline void name(const T* in, O* out, std::size_t rows, std::size_t cols,            \
                   typename detail::scale_of<T>::type scale, const T* mask = nullptr,  \
                   std::size_t mask_stride = 0) noexcept {                             \
    detail::check<T, O, Order>();                                                      \
    detail::scaled_rows(detail::row_op::name, Order, in, out, rows, cols, scale, mask, \
                        mask_stride);                                                  \
  }
#define QUAKE_ELEMENTWISE(name) QUAKE_DISPATCH_ELEMENTWISE(name)
#define QUAKE_ROWS(name) QUAKE_DISPATCH_ROWS(name)
#include <quake/functions.inc>
#undef QUAKE_DISPATCH_ELEMENTWISE
#undef QUAKE_DISPATCH_ROWS

// quake::online_softmax (quake/softmax.hpp), one step of flash attention's online softmax: float
// scores with a mask of float, quake::bfloat16 or quake::float16, or double with double; and the
// form without a mask.
template <int Order = 2, class T, class M>
inline void online_softmax(const T* in, T* out, std::size_t rows, std::size_t cols,
                           typename detail::scale_of<T>::type scale, const M* mask,
                           std::size_t mask_stride, typename detail::scale_of<T>::type slope,
                           T* max, T* sum, T* rescale) noexcept {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "quake::dispatch::online_softmax takes float or double scores");
  static_assert(
      std::is_same<M, T>::value ||
          (std::is_same<T, float>::value && detail::is_value<M> && !std::is_same<M, double>::value),
      "quake::dispatch::online_softmax: a mask of the scores' type, or 16-bit");
  static_assert(Order >= 1 && Order <= max_order, "quake::dispatch: Order must be 1..5");
  detail::online_softmax(Order, in, out, rows, cols, scale, mask, mask_stride, slope, max, sum,
                         rescale);
}
template <int Order = 2, class T>
inline void online_softmax(const T* in, T* out, std::size_t rows, std::size_t cols,
                           typename detail::scale_of<T>::type scale, T* max, T* sum,
                           T* rescale) noexcept {
  online_softmax<Order>(in, out, rows, cols, scale, static_cast<const T*>(nullptr), 0,
                        static_cast<T>(1), max, sum, rescale);
}

}  // namespace dispatch
}  // namespace quake
