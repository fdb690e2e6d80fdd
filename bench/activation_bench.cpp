// Element-wise activations (sigmoid, tanh, GELU, SiLU): the plain std references and XNNPACK's
// sigmoid operator. quake's kernels register here, one line per function and order.
#include <cmath>
#include <quake/quake.hpp>

#include "bench_support.hpp"
#include "peers.hpp"
#include "references.hpp"

namespace quake_bench {
namespace {

constexpr Range kActivationRange{-10.0f, 10.0f};
constexpr Range kTanhRange{-5.0f, 5.0f};

template <float (*F)(float)>
void map_loop(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = F(in[i]);
}

#define QUAKE_BENCH_MAP(fn, N) \
  [](const float* in, float* out, std::size_t n) { quake::fn<N>(in, out, n); }

template <int N>
void add_quake_order() {
  const std::string k = "quake<" + std::to_string(N) + ">";
  add_map("sigmoid", k, kActivationRange, QUAKE_BENCH_MAP(sigmoid, N));
  add_map("tanh", k, kTanhRange, QUAKE_BENCH_MAP(tanh, N));
  add_map("gelu", k, kActivationRange, QUAKE_BENCH_MAP(gelu, N));
  add_map("silu", k, kActivationRange, QUAKE_BENCH_MAP(silu, N));
}
#undef QUAKE_BENCH_MAP

}  // namespace

void register_activations() {
  add_quake_order<1>();
  add_quake_order<2>();
  add_quake_order<3>();
  add_quake_order<4>();
  add_quake_order<5>();
  add_map("sigmoid", "std", kActivationRange, map_loop<ref::sigmoid>);
  add_map("tanh", "std", kTanhRange, map_loop<ref::tanh>);
  add_map("gelu", "std", kActivationRange, map_loop<ref::gelu>);
  add_map("silu", "std", kActivationRange, map_loop<ref::silu>);
#if QUAKE_BENCH_HAVE_XNNPACK
  add_map_prepared("sigmoid", "xnnpack", kActivationRange, xnnpack::sigmoid);
#endif
}

}  // namespace quake_bench
