// Shared machinery of quake's benchmarks: sizes, inputs, and registration helpers.
//
// Every benchmark is named "<function>/<kernel>/<size>", e.g. "exp/quake<2>/4096" or
// "softmax/xnnpack/1024" (size = row length for the row functions); bench/report.py joins these
// names with the accuracy program's "<function>/<kernel>" keys. Buffers are allocated and filled
// before the timed loop; the loop only calls the kernel. Every benchmark reports items_per_second
// (elements for element-wise functions, rows*cols for the row functions).
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace quake_bench {

/// Element-wise sizes: 4 Ki floats (16 KiB in + 16 KiB out: L1), 64 Ki (L2), 4 Mi (32 MiB in +
/// out: beyond L2).
inline const std::vector<std::int64_t>& elementwise_sizes() {
  static const std::vector<std::int64_t> s = {4 << 10, 64 << 10, 4 << 20};
  return s;
}

/// Row functions (softmax, log_softmax): 64 rows of each of these lengths.
constexpr std::int64_t kRows = 64;
inline const std::vector<std::int64_t>& row_lengths() {
  static const std::vector<std::int64_t> s = {128, 1024, 8192};
  return s;
}

/// n floats uniform in [lo, hi], the same sequence every run.
inline std::vector<float> uniform(std::size_t n, float lo, float hi, unsigned seed = 42) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

/// An array kernel: out[i] = f(in[i]) for i < n.
using MapFn = void (*)(const float* in, float* out, std::size_t n);
/// A row kernel: rows contiguous rows of cols floats.
using RowsFn = void (*)(const float* in, float* out, std::size_t rows, std::size_t cols);

/// Input range of each element-wise function's benchmark (where its inputs live in practice).
struct Range {
  float lo, hi;
};

/// Prepares a run over fixed buffers (e.g. creates and sets up an operator) and returns the call
/// the timed loop repeats. Called once per benchmark, outside the timed loop.
using PrepareMap = std::function<std::function<void()>(const float* in, float* out, std::size_t n)>;
using PrepareRows = std::function<std::function<void()>(const float* in, float* out,
                                                        std::size_t rows, std::size_t cols)>;

/// Registers "<function>/<kernel>/<size>" for each element-wise size, inputs uniform in range.
inline void add_map_prepared(const std::string& function, const std::string& kernel, Range range,
                             PrepareMap prepare) {
  auto* b = benchmark::RegisterBenchmark(
      (function + "/" + kernel).c_str(), [prepare, range](benchmark::State& state) {
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

inline void add_map(const std::string& function, const std::string& kernel, Range range, MapFn f) {
  add_map_prepared(function, kernel, range, [f](const float* in, float* out, std::size_t n) {
    return std::function<void()>([=] { f(in, out, n); });
  });
}

/// Registers "<function>/<kernel>/<cols>" for kRows rows of each row length; logits uniform in
/// [-10, 10].
inline void add_rows_prepared(const std::string& function, const std::string& kernel,
                              PrepareRows prepare) {
  auto* b = benchmark::RegisterBenchmark(
      (function + "/" + kernel).c_str(), [prepare](benchmark::State& state) {
        const auto cols = static_cast<std::size_t>(state.range(0));
        const auto rows = static_cast<std::size_t>(kRows);
        const std::vector<float> in = uniform(rows * cols, -10.0f, 10.0f);
        std::vector<float> out(rows * cols);
        const std::function<void()> run = prepare(in.data(), out.data(), rows, cols);
        for (auto _ : state) {
          run();
          benchmark::DoNotOptimize(out.data());
          benchmark::ClobberMemory();
        }
        state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows * cols));
      });
  for (auto c : row_lengths()) b->Arg(c);
}

inline void add_rows(const std::string& function, const std::string& kernel, RowsFn f) {
  add_rows_prepared(function, kernel,
                    [f](const float* in, float* out, std::size_t rows, std::size_t cols) {
                      return std::function<void()>([=] { f(in, out, rows, cols); });
                    });
}

/// Each bench/*.cpp defines one registration function; main() calls them in this order.
void register_exp();
void register_activations();
void register_softmax();

}  // namespace quake_bench
