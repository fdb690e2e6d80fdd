// quake_bench: every kernel of kernels.cpp in one binary, so ratios come from one run.
//   quake_bench --benchmark_min_time=0.05 --benchmark_out=bench.json --benchmark_out_format=json
// Each benchmark is "<function>/<kernel>/<size>" (size = row length for the row functions, 64
// rows; "<function>_l1": rows that fit in L1, bench_support.hpp); buffers are allocated and filled
// before the timed loop, which only calls the kernel; every benchmark reports items_per_second
// (elements). bench/report.py turns the JSON (and quake_bench_accuracy's) into
// docs/performance.md's tables and plot.
#include <benchmark/benchmark.h>

#include "bench_support.hpp"
#include "kernels.hpp"

namespace quake_bench {
namespace {

void register_map(const Kernel& k) {
  const Range range = sample_range(k.function);
  auto* b = benchmark::RegisterBenchmark(
      (k.function + "/" + k.name).c_str(), [prepare = k.map, range](benchmark::State& state) {
        const auto n = static_cast<std::size_t>(state.range(0));
        const std::vector<float> in = uniform(n, range.lo, range.hi);
        std::vector<float> out(n);
        const std::function<void()> run = prepare(in.data(), out.data(), n);
        for (auto _ : state) {
          run();
          benchmark::DoNotOptimize(out.data());
          benchmark::ClobberMemory();
        }
        state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
      });
  for (auto n : elementwise_sizes()) b->Arg(n);
}

/// Rows of each length in `lengths`, `rows_of(length)` of them, named function + suffix.
template <class Rows>
void register_rows(const Kernel& k, const std::string& suffix,
                   const std::vector<std::int64_t>& lengths, Rows rows_of) {
  const Range range = sample_range(k.function);
  auto* b = benchmark::RegisterBenchmark(
      (k.function + suffix + "/" + k.name).c_str(),
      [prepare = k.rows, range, rows_of](benchmark::State& state) {
        const auto cols = static_cast<std::size_t>(state.range(0));
        const auto rows = static_cast<std::size_t>(rows_of(state.range(0)));
        const std::vector<float> in = uniform(rows * cols, range.lo, range.hi);
        std::vector<float> out(rows * cols);
        const std::function<void()> run = prepare(in.data(), out.data(), rows, cols);
        for (auto _ : state) {
          run();
          benchmark::DoNotOptimize(out.data());
          benchmark::ClobberMemory();
        }
        state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows * cols));
      });
  for (auto c : lengths) b->Arg(c);
}

}  // namespace
}  // namespace quake_bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  for (const auto& [key, value] : quake_bench::context()) benchmark::AddCustomContext(key, value);
  for (const auto& k : quake_bench::kernels()) {
    if (k.map) quake_bench::register_map(k);
    if (!k.rows) continue;
    quake_bench::register_rows(k, "", quake_bench::row_lengths(),
                               [](std::int64_t) { return quake_bench::kRows; });
    if (k.role == quake_bench::Role::quake &&
        (k.function == "softmax" || k.function == "softmax_masked")) {
      quake_bench::register_rows(k, "_l1", quake_bench::l1_row_lengths(), quake_bench::l1_rows);
    }
  }
  quake_bench::register_storage_benchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
