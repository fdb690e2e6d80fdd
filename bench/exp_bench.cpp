// quake::exp<1..5> against a std::exp loop and xsimd::exp, 4096 floats resident in L1.
// After Google Benchmark's own table, prints each kernel's throughput and its ratio to the
// std::exp loop and to xsimd::exp, all from this one run.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <quake/quake.hpp>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr std::size_t kN = 4096;

std::vector<float> inputs() {
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> d(-20.0f, 20.0f);
  std::vector<float> v(kN);
  for (auto& x : v) x = d(rng);
  return v;
}

template <class F>
void run(benchmark::State& state, F f) {
  const std::vector<float> in = inputs();
  std::vector<float> out(kN);
  for (auto _ : state) {
    f(in.data(), out.data(), kN);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kN));
}

void BM_std_exp(benchmark::State& s) {
  run(s, [](const float* in, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = std::exp(in[i]);
  });
}

void BM_xsimd_exp(benchmark::State& s) {
  run(s, [](const float* in, float* out, std::size_t n) {
    using B = xsimd::batch<float>;
    for (std::size_t i = 0; i < n; i += B::size) {
      xsimd::exp(B::load_unaligned(in + i)).store_unaligned(out + i);
    }
  });
}

template <int N>
void BM_quake_exp(benchmark::State& s) {
  run(s, [](const float* in, float* out, std::size_t n) { quake::exp<N>(in, out, n); });
}

BENCHMARK(BM_std_exp);
BENCHMARK(BM_xsimd_exp);
BENCHMARK(BM_quake_exp<1>);
BENCHMARK(BM_quake_exp<2>);
BENCHMARK(BM_quake_exp<3>);
BENCHMARK(BM_quake_exp<4>);
BENCHMARK(BM_quake_exp<5>);

/// Keeps Google Benchmark's console output and remembers items/s per benchmark.
class Collect : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> rate;
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      auto it = r.counters.find("items_per_second");
      if (it != r.counters.end()) rate[r.benchmark_name()] = it->second;
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  Collect reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  const double base = reporter.rate["BM_std_exp"], xs = reporter.rate["BM_xsimd_exp"];
  if (base <= 0 || xs <= 0) return 0;
  std::printf("\nquake::exp over %zu floats (L1), SIMD arch %s, FMA %s; ratios from this run\n\n",
              kN, quake::simd_arch::name(), quake::has_fma ? "yes" : "no");
  std::printf("| kernel | G elem/s | vs std::exp | vs xsimd::exp |\n|---|---:|---:|---:|\n");
  for (const auto& [name, r] : reporter.rate) {
    std::printf("| %s | %.2f | %.1fx | %.2fx |\n", name.c_str(), r / 1e9, r / base, r / xs);
  }
  return 0;
}
