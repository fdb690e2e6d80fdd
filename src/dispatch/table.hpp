// The dispatch library's internal interface: one table of function pointers per kernel set,
// filled by kernels.cpp (compiled once per set, with that set's target flags) and read by
// dispatch.cpp (compiled for the baseline target). Not installed.
#pragma once

#include <cstddef>
#include <quake/dispatch.hpp>

namespace quake_dispatch {

inline constexpr std::size_t elementwise_count =
    sizeof(quake::dispatch::detail::elementwise_names) / sizeof(const char*);
inline constexpr std::size_t row_count =
    sizeof(quake::dispatch::detail::row_names) / sizeof(const char*);

/// Every array function from In to Out, per function and order (index Order - 1): element-wise
/// and rows of one type (In == Out), or the row functions alone from float scores to 16-bit
/// results.
template <class In, class Out = In>
struct functions {
  using scale_type = typename quake::dispatch::detail::scale_of<In>::type;
  using elementwise_fn = void (*)(const In*, Out*, std::size_t);
  using rows_fn = void (*)(const In*, Out*, std::size_t, std::size_t);
  using scaled_fn = void (*)(const In*, Out*, std::size_t, std::size_t, scale_type, const In*,
                             std::size_t);
  elementwise_fn elementwise[elementwise_count][quake::max_order];
  rows_fn rows[row_count][quake::max_order];
  scaled_fn scaled[row_count][quake::max_order];
};

/// quake::online_softmax with scores T and mask M, per order.
template <class T, class M>
struct online_functions {
  using fn = void (*)(const T*, T*, std::size_t, std::size_t, T, const M*, std::size_t, T, T*, T*,
                      T*);
  fn online[quake::max_order];
};

/// One kernel set: its name (quake::dispatch::arch()), what its kernels do, its functions.
struct table {
  const char* name;
  quake::dispatch::detail::traits traits;
  functions<float> f32;
  functions<double> f64;
  functions<quake::bfloat16> bf16;
  functions<quake::float16> f16;
  functions<float, quake::bfloat16> f32_bf16;
  functions<float, quake::float16> f32_f16;
  online_functions<float, float> online_f32;
  online_functions<float, quake::bfloat16> online_f32_bf16;
  online_functions<float, quake::float16> online_f32_f16;
  online_functions<double, double> online_f64;
};

// One per kernel set built into the library (kernels.cpp defines each under its own name).
const table& table_sse2();
const table& table_avx2();
const table& table_avx512();
// The avx512 set for CPUs with AVX512-BF16: table_avx512() but for its bfloat16 functions, compiled
// with that extension too (kernels.cpp as QUAKE_DISPATCH_BF16_PART), whose stores convert with
// vcvtneps2bf16. The same bits; the same set name.
const table& table_avx512_bf16();
const table& table_neon64();
const table& table_baseline();

}  // namespace quake_dispatch
