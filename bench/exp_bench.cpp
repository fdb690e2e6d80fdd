// quake::exp<1..5> beside the exps a user would otherwise call, and the copy roofline.
#include <cmath>
#include <quake/quake.hpp>

#include "bench_support.hpp"
#include "peers.hpp"

namespace quake_bench {
namespace {

/// Inputs of the exp benchmarks: uniform in [-20, 20], no special values.
constexpr Range kExpRange{-20.0f, 20.0f};

// Each kernel is a named function, so its inner loop is easy to find with objdump -d -C.
template <int N>
void quake_exp(const float* in, float* out, std::size_t n) {
  quake::exp<N>(in, out, n);
}

void std_exp(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = std::exp(in[i]);
}

/// xsimd::exp through quake's own array driver (same unrolling, same tail handling).
void xsimd_exp(const float* in, float* out, std::size_t n) {
  quake::detail::apply_elementwise([](const auto& v) { return xsimd::exp(v); }, in, out, n);
}

/// The roofline: a load and a store of every element through the same driver.
void simd_copy(const float* in, float* out, std::size_t n) {
  quake::detail::apply_elementwise([](const auto& v) { return v; }, in, out, n);
}

}  // namespace

void register_exp() {
  add_map("copy", "simd", kExpRange, simd_copy);
  add_map("exp", "quake<1>", kExpRange, quake_exp<1>);
  add_map("exp", "quake<2>", kExpRange, quake_exp<2>);
  add_map("exp", "quake<3>", kExpRange, quake_exp<3>);
  add_map("exp", "quake<4>", kExpRange, quake_exp<4>);
  add_map("exp", "quake<5>", kExpRange, quake_exp<5>);
  add_map("exp", "std", kExpRange, std_exp);
  add_map("exp", "xsimd", kExpRange, xsimd_exp);
#if QUAKE_BENCH_HAVE_SLEEF
  add_map("exp", "sleef_u10", kExpRange, sleef_exp_u10);
#endif
#if QUAKE_BENCH_HAVE_LIBMVEC
  add_map("exp", "libmvec", kExpRange, libmvec_exp);
#endif
}

}  // namespace quake_bench
