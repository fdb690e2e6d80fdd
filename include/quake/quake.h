/* quake's C API (C99 and C++): the functions of quake::dispatch -- one library for every CPU, the
 * kernel set picked at run time -- for C programs and foreign-function interfaces (ctypes, cffi,
 * Rust, Go). Link the library quake::dispatch (CMake) or `pkg-config --libs quake-dispatch`.
 *
 * Each function has the contract of the C++ function of the same name (docs/accuracy.md: bounds
 * and edge rules per function, type and order; exactly the bits of quake::dispatch, which are a
 * native build's for the selected set), with the order a run-time argument:
 *
 *   For each element-wise function F of the list <quake/functions.inc> (exp, sigmoid, tanh, silu,
 *   gelu, gelu_sigmoid, gelu_erf, mish) and each storage S:
 *     int quake_F_S(const T* in, T* out, size_t n, int order);
 *   For each row function R (softmax, log_softmax): rows of cols values, row after row,
 *     int quake_R_S(const T* in, T* out, size_t rows, size_t cols, int order);
 *     int quake_R_masked_S(const T* in, T* out, size_t rows, size_t cols, Scale scale,
 *                          const T* mask, size_t mask_stride, int order);
 *   the masked form being R(scale * in + mask) row by row: row r reads the cols values at
 *   mask + r * mask_stride (mask_stride 0: one mask row for every row; mask NULL: no mask).
 *   One step of online softmax (flash attention's tile; quake::online_softmax), for rows of
 *   float scores with a float, bfloat16 or float16 mask, and double with double (S below: f32,
 *   f32_mask_bf16, f32_mask_f16, f64):
 *     int quake_online_softmax_S(const T* in, T* out, size_t rows, size_t cols, T scale,
 *                                const M* mask, size_t mask_stride, T slope,
 *                                T* max, T* sum, T* rescale, int order);
 *   t = scale * in + slope * mask; per row: out = exp(t - m'), m' = max(max, max t);
 *   rescale = exp(max - m'); sum = sum * rescale + sum of out; max = m'. max, sum and rescale
 *   hold `rows` values each and must not be NULL where there are elements.
 *
 *   S     T                          Scale
 *   f32   float                      float
 *   f64   double                     double
 *   bf16  uint16_t: bfloat16 bits    float
 *   f16   uint16_t: IEEE binary16    float
 *
 * The 16-bit forms compute in float and round once (round to nearest even) to the type. in == out
 * is allowed (in place); other overlaps are not, and the mask must not overlap out. Nothing outside
 * the n (rows * cols) elements is read or written. Every function returns QUAKE_OK, or an error
 * code and writes nothing; none aborts, and n == 0 (or rows == 0 or cols == 0) is QUAKE_OK. */
#ifndef QUAKE_QUAKE_H
#define QUAKE_QUAKE_H

#include <quake/version.h>
#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(QUAKE_DISPATCH_SHARED)
#if defined(QUAKE_DISPATCH_BUILDING)
#define QUAKE_C_API __declspec(dllexport)
#else
#define QUAKE_C_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define QUAKE_C_API __attribute__((visibility("default")))
#else
#define QUAKE_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* What the functions return. */
enum quake_status {
  QUAKE_OK = 0,
  QUAKE_ERROR_ORDER = 1, /* order outside 1 .. QUAKE_MAX_ORDER */
  QUAKE_ERROR_NULL = 2,  /* in or out NULL where there are elements to read or write */
  QUAKE_ERROR_SIZE = 3   /* rows * cols, or a mask's reach, does not fit in size_t */
};

/* The accuracy ladder's highest order: every function has orders 1 .. QUAKE_MAX_ORDER. */
#define QUAKE_MAX_ORDER 5

/* What a status means, in a few words ("ok", "order outside 1..5", ...); never NULL. */
QUAKE_C_API const char* quake_status_string(int status);

/* The kernel set in use, as quake::dispatch::arch() names it ("avx512", "avx2", "sse2",
 * "neon64", ...): chosen once, thread-safely, on the first call of any function; the environment
 * variable QUAKE_ARCH names a set to prefer. */
QUAKE_C_API const char* quake_arch(void);

/* The library's version, "MAJOR.MINOR.PATCH": QUAKE_VERSION_STRING of the build that made it. */
QUAKE_C_API const char* quake_version(void);

#define QUAKE_C_ELEMENTWISE_(name, S, T) \
  QUAKE_C_API int quake_##name##_##S(const T* in, T* out, size_t n, int order);
#define QUAKE_C_ROWS_(name, S, T, Scale)                                                        \
  QUAKE_C_API int quake_##name##_##S(const T* in, T* out, size_t rows, size_t cols, int order); \
  QUAKE_C_API int quake_##name##_masked_##S(const T* in, T* out, size_t rows, size_t cols,      \
                                            Scale scale, const T* mask, size_t mask_stride,     \
                                            int order);
#define QUAKE_ELEMENTWISE(name)              \
  QUAKE_C_ELEMENTWISE_(name, f32, float)     \
  QUAKE_C_ELEMENTWISE_(name, f64, double)    \
  QUAKE_C_ELEMENTWISE_(name, bf16, uint16_t) \
  QUAKE_C_ELEMENTWISE_(name, f16, uint16_t)
#define QUAKE_ROWS(name)                     \
  QUAKE_C_ROWS_(name, f32, float, float)     \
  QUAKE_C_ROWS_(name, f64, double, double)   \
  QUAKE_C_ROWS_(name, bf16, uint16_t, float) \
  QUAKE_C_ROWS_(name, f16, uint16_t, float)
#include <quake/functions.inc>
#undef QUAKE_C_ELEMENTWISE_
#undef QUAKE_C_ROWS_

#define QUAKE_C_ONLINE_(suffix, T, M)                                                           \
  QUAKE_C_API int quake_online_softmax_##suffix(const T* in, T* out, size_t rows, size_t cols, \
                                                T scale, const M* mask, size_t mask_stride,   \
                                                T slope, T* max, T* sum, T* rescale, int order);
QUAKE_C_ONLINE_(f32, float, float)
QUAKE_C_ONLINE_(f32_mask_bf16, float, uint16_t)
QUAKE_C_ONLINE_(f32_mask_f16, float, uint16_t)
QUAKE_C_ONLINE_(f64, double, double)
#undef QUAKE_C_ONLINE_

#ifdef __cplusplus
}
#endif

#endif
