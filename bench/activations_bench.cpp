// quake's activations and softmax beside plain references (std::exp / std::tanh loops, a
// three-pass std::exp softmax), plus the softmax algorithms quake did not pick
// (softmax_variants.hpp). Benchmarks are named "<group>/<implementation>"; after Google
// Benchmark's table the program prints each implementation's throughput and its ratio to its
// group's "std" entry, all from this one run. To add a peer, register "<group>/<peer>".
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <quake/quake.hpp>
#include <random>
#include <string>
#include <vector>

#include "softmax_variants.hpp"

namespace {

constexpr std::size_t kN = 4096;  // element-wise: 16 KiB of floats in, 16 KiB out (L1)

std::vector<float> inputs(std::size_t n, float lo, float hi) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

using ArrayFn = void (*)(const float*, float*, std::size_t);

void run(benchmark::State& state, ArrayFn f, std::size_t n, float lo, float hi) {
  const std::vector<float> in = inputs(n, lo, hi);
  std::vector<float> out(n);
  for (auto _ : state) {
    f(in.data(), out.data(), n);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}

// ---- plain references ----------------------------------------------------------------------

constexpr float kGelu = 0.7978845608028654f;  // sqrt(2/pi)

void std_sigmoid(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = 1.0f / (1.0f + std::exp(-in[i]));
}
void std_tanh(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = std::tanh(in[i]);
}
void std_gelu(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const float x = in[i];
    out[i] = 0.5f * x * (1.0f + std::tanh(kGelu * (x + 0.044715f * x * x * x)));
  }
}
void std_gelu_sigmoid(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = in[i] / (1.0f + std::exp(-1.702f * in[i]));
}
void std_silu(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = in[i] / (1.0f + std::exp(-in[i]));
}
void std_softmax(const float* in, float* out, std::size_t n) {  // three passes
  float m = in[0];
  for (std::size_t i = 1; i < n; ++i) m = in[i] > m ? in[i] : m;
  float s = 0;
  for (std::size_t i = 0; i < n; ++i) s += out[i] = std::exp(in[i] - m);
  const float r = 1.0f / s;
  for (std::size_t i = 0; i < n; ++i) out[i] *= r;
}
void std_log_softmax(const float* in, float* out, std::size_t n) {
  float m = in[0];
  for (std::size_t i = 1; i < n; ++i) m = in[i] > m ? in[i] : m;
  float s = 0;
  for (std::size_t i = 0; i < n; ++i) s += std::exp(in[i] - m);
  const float l = std::log(s);
  for (std::size_t i = 0; i < n; ++i) out[i] = (in[i] - m) - l;
}

// ---- registration --------------------------------------------------------------------------

void add(const std::string& name, ArrayFn f, std::size_t n, float lo, float hi) {
  benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& s) { run(s, f, n, lo, hi); });
}

template <int N>
void add_order(const std::string& suffix) {
  const std::string q = "/quake<" + std::to_string(N) + ">" + suffix;
  add(
      "sigmoid" + q, [](const float* i, float* o, std::size_t n) { quake::sigmoid<N>(i, o, n); },
      kN, -10, 10);
  add(
      "tanh" + q, [](const float* i, float* o, std::size_t n) { quake::tanh<N>(i, o, n); }, kN, -5,
      5);
  add(
      "gelu" + q, [](const float* i, float* o, std::size_t n) { quake::gelu<N>(i, o, n); }, kN, -6,
      6);
  add(
      "gelu_sigmoid" + q,
      [](const float* i, float* o, std::size_t n) { quake::gelu_sigmoid<N>(i, o, n); }, kN, -6, 6);
  add(
      "silu" + q, [](const float* i, float* o, std::size_t n) { quake::silu<N>(i, o, n); }, kN, -8,
      8);
}

template <int N>
void add_softmax(std::size_t len) {
  const std::string g = "softmax_" + std::to_string(len);
  const std::string o = "<" + std::to_string(N) + ">";
  add(
      g + "/quake" + o,
      [](const float* i, float* out, std::size_t n) { quake::softmax<N>(i, out, n); }, len, -8, 8);
  add(
      g + "/two_pass" + o,
      [](const float* i, float* out, std::size_t n) {
        quake_bench::softmax_two_pass<N>(i, out, n);
      },
      len, -8, 8);
}

void register_all() {
  add("sigmoid/std", std_sigmoid, kN, -10, 10);
  add("tanh/std", std_tanh, kN, -5, 5);
  add("gelu/std", std_gelu, kN, -6, 6);
  add("gelu_sigmoid/std", std_gelu_sigmoid, kN, -6, 6);
  add("silu/std", std_silu, kN, -8, 8);
  add_order<1>("");
  add_order<2>("");
  add_order<5>("");
  for (std::size_t len : {std::size_t(128), std::size_t(1024), std::size_t(8192)}) {
    const std::string g = "softmax_" + std::to_string(len);
    add(g + "/std", std_softmax, len, -8, 8);
    add_softmax<1>(len);
    add_softmax<2>(len);
    add_softmax<5>(len);
    add(g + "/folded<2>", quake_bench::softmax_folded2, len, -8, 8);
    const std::string lg = "log_softmax_" + std::to_string(len);
    add(lg + "/std", std_log_softmax, len, -8, 8);
    add(
        lg + "/quake<2>",
        [](const float* i, float* out, std::size_t n) { quake::log_softmax<2>(i, out, n); }, len,
        -8, 8);
  }
}

/// Keeps Google Benchmark's console output and remembers items/s per benchmark.
class Collect : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, std::map<std::string, double>> rate;  // group -> impl -> items/s
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      auto it = r.counters.find("items_per_second");
      const std::string name = r.benchmark_name();
      const auto slash = name.find('/');
      if (it != r.counters.end() && slash != std::string::npos) {
        rate[name.substr(0, slash)][name.substr(slash + 1)] = it->second;
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  Collect reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  std::printf(
      "\nActivations over %zu floats, softmax per row length (data in L1/L2); SIMD arch %s,"
      " FMA %s; ratios to each group's std entry, from this run\n\n",
      kN, quake::simd_arch::name(), quake::has_fma ? "yes" : "no");
  std::printf("| group | implementation | G elem/s | vs std |\n|---|---|---:|---:|\n");
  for (const auto& [group, impls] : reporter.rate) {
    const auto base = impls.find("std");
    for (const auto& [impl, r] : impls) {
      if (base != impls.end() && base->second > 0) {
        std::printf("| %s | %s | %.3f | %.2fx |\n", group.c_str(), impl.c_str(), r / 1e9,
                    r / base->second);
      } else {
        std::printf("| %s | %s | %.3f | |\n", group.c_str(), impl.c_str(), r / 1e9);
      }
    }
  }
  return 0;
}
