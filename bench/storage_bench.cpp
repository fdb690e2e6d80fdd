// 16-bit storage: quake's array functions on bfloat16 and float16 arrays against the same
// function on float arrays, in one run. Every function of the list at orders 2 and 5:
// element-wise at 4 Ki elements (L1) and 4 Mi (beyond the caches), inputs from the function's
// sample range; row functions on 4 rows of 1024 and on 512 rows of 8192 (4 Mi elements), also
// from float scores to 16-bit results. oneDNN's bf16 softmax where the
// library offers it on this CPU; where the build targets AVX512-FP16, exp computed in float16
// arithmetic (bench/fp16_arith.hpp), polynomial degrees 2 and 3. Named
// "storage/<function><<order>>:<storage>/<elements>".
#include <benchmark/benchmark.h>

#include <cstdint>
#include <quake/quake.hpp>
#include <string>
#include <type_traits>
#include <vector>

#include "bench_support.hpp"
#include "fp16_arith.hpp"
#include "kernels.hpp"
#include "peers.hpp"

namespace quake_bench {
namespace {

template <class S>
std::vector<S> stored(const std::vector<float>& v) {
  std::vector<S> s;
  s.reserve(v.size());
  for (float x : v) s.push_back(static_cast<S>(x));
  return s;
}

template <class S>
const char* storage_name() {
  if constexpr (std::is_same<S, float>::value) return "float";
  if constexpr (std::is_same<S, quake::bfloat16>::value) return "bfloat16";
  if constexpr (std::is_same<S, quake::float16>::value) return "float16";
}

/// One benchmark of fn(in, out) on buffers of `elements` inputs of type In (uniform in
/// [lo, hi], rounded to In) and as many outputs of type Out.
template <class In, class Out, class Prepare>
void add(const std::string& name, std::size_t elements, float lo, float hi, Prepare prepare) {
  benchmark::RegisterBenchmark(
      ("storage/" + name + "/" + std::to_string(elements)).c_str(), [=](benchmark::State& state) {
        const std::vector<In> in = stored<In>(uniform(elements, lo, hi));
        std::vector<Out> out(elements);
        const auto run = prepare(in.data(), out.data());
        if (!run) {
          state.SkipWithError("not offered on this CPU");
          return;
        }
        for (auto _ : state) {
          run();
          benchmark::DoNotOptimize(out.data());
          benchmark::ClobberMemory();
        }
        state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(elements));
      });
}

constexpr std::size_t kL1 = 4 << 10, kBig = 4 << 20;

template <class S>
void add_storage() {
  const std::string s = storage_name<S>();
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    const auto lo = static_cast<float>(F::sample_lo), hi = static_cast<float>(F::sample_hi);
    const auto add_order = [&](auto order) {
      constexpr int N = decltype(order)::value;
      const std::string name = std::string(F::name) + "<" + std::to_string(N) + ">:";
      for (std::size_t n : {kL1, kBig}) {
        if constexpr (F::rows) {
          const std::size_t cols = n == kL1 ? 1024 : 8192, rows = n / cols;
          add<S, S>(name + s, n, lo, hi, [=](const S* in, S* out) {
            return Runner([=] { F::template rows_form<N>(in, out, rows, cols); });
          });
          if constexpr (!std::is_same<S, float>::value) {
            add<float, S>(name + "float_to_" + s, n, lo, hi, [=](const float* in, S* out) {
              return Runner([=] { F::template rows_form<N>(in, out, rows, cols); });
            });
          }
        } else {
          add<S, S>(name + s, n, lo, hi, [n](const S* in, S* out) {
            return Runner([=] { F::template array<N>(in, out, n); });
          });
        }
      }
    };
    add_order(std::integral_constant<int, 2>{});
    add_order(std::integral_constant<int, 5>{});
  });
}

}  // namespace

void register_storage_benchmarks() {
  add_storage<float>();
  add_storage<quake::bfloat16>();
  add_storage<quake::float16>();
#if QUAKE_BENCH_HAVE_FP16_ARITH
  for (std::size_t n : {kL1, kBig}) {
    using quake::float16;
    add<float16, float16>("fp16_arith_exp<2>:float16", n, -10.0f, 10.0f,
                          [n](const float16* in, float16* out) {
                            return Runner([=] { exp_fp16_arith<2>(in, out, n); });
                          });
    add<float16, float16>("fp16_arith_exp<3>:float16", n, -10.0f, 10.0f,
                          [n](const float16* in, float16* out) {
                            return Runner([=] { exp_fp16_arith<3>(in, out, n); });
                          });
  }
#endif
#if QUAKE_BENCH_HAVE_ONEDNN
  for (std::size_t n : {kL1, kBig}) {
    const std::size_t cols = n == kL1 ? 1024 : 8192, rows = n / cols;
    add<quake::bfloat16, quake::bfloat16>("onednn_softmax:bfloat16", n, -10.0f, 10.0f,
                                          [=](const quake::bfloat16* in, quake::bfloat16* out) {
                                            return onednn::softmax_bf16(in, out, rows, cols);
                                          });
  }
#endif
}

}  // namespace quake_bench
