// What quake's benchmark and accuracy programs share: sizes and inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace quake_bench {

/// Element-wise sizes: 4 Ki floats (16 KiB in + 16 KiB out: L1), 64 Ki (L2), 4 Mi (32 MiB in +
/// out: beyond L2).
inline const std::vector<std::int64_t>& elementwise_sizes() {
  static const std::vector<std::int64_t> s = {256, 4 << 10, 64 << 10, 4 << 20};
  return s;
}

/// Row functions (softmax, log_softmax): 64 rows of each of these lengths. 16 to 64: attention
/// over few keys, and flash attention's tiles; 1024: the primary size of the tables.
constexpr std::int64_t kRows = 64;
inline const std::vector<std::int64_t>& row_lengths() {
  static const std::vector<std::int64_t> s = {16, 32, 64, 128, 1024, 8192};
  return s;
}

/// The softmax forms' rows in L1 as well ("<function>_l1/<kernel>/<cols>"): rows of these lengths,
/// as many as keep in, mask and out within 24 KiB together (half of a 48 KiB L1 data cache), so
/// that the scaled, masked form's cost over the plain one is its arithmetic, not the mask's bytes.
inline const std::vector<std::int64_t>& l1_row_lengths() {
  static const std::vector<std::int64_t> s = {128, 1024};
  return s;
}
inline std::int64_t l1_rows(std::int64_t cols) { return cols >= 2048 ? 1 : 2048 / cols; }

/// n floats uniform in [lo, hi], the same sequence every run.
inline std::vector<float> uniform(std::size_t n, float lo, float hi, unsigned seed = 42) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

}  // namespace quake_bench
