// Exhaustive check of exp_kernel_times, float: for every one of the 2^32 float bit patterns x,
// orders 2 to 5, exp_kernel_times<N, -1>(x) has the bits of exp_kernel<N>(0 - x) (sigmoid's
// e^-x), and for every a >= +0 or NaN (the 2^31 patterns with the sign bit clear),
// exp_kernel_times<N, -2, nonpositive>(a) has the bits of exp_kernel<N>(a * -2) (tanh's e^-2|x|):
// the folds of the multiplier into exp's first fma and, at orders 4-5, into the reduction and the
// polynomial (docs/design.md, "The exponential") change no result. Batches of the build's SIMD
// width, as the array functions run them; exp_test checks the scalar forms and double on sweeps.
//
//   quake_exhaustive_fold [--threads N] [--stride S]
//
// --stride S checks only every S-th block of 2^16 consecutive bit patterns.
#include <chrono>
#include <cstdio>

#include "check_support.hpp"

namespace {

using namespace quake_check;
using quake::detail::exp_domain;

constexpr std::size_t kBlock = std::size_t{1} << 16;
constexpr std::uint64_t kBlocks = (std::uint64_t{1} << 32) / kBlock;

/// Lanes of V (1 for a scalar float), and its load and store from aligned floats.
template <class V>
constexpr std::size_t lanes() {
  if constexpr (std::is_same<V, float>::value) {
    return 1;
  } else {
    return V::size;
  }
}
template <class V>
V load_lanes(const float* p) {
  if constexpr (std::is_same<V, float>::value) {
    return *p;
  } else {
    return V::load_aligned(p);
  }
}
template <class V>
void store_lanes(float* p, const V& v) {
  if constexpr (std::is_same<V, float>::value) {
    *p = v;
  } else {
    v.store_aligned(p);
  }
}

/// Compares the two forms on the block of patterns from base, with `mask` ANDed into each (the
/// sign bit cleared for the -2 fold), W lanes at a time; records each differing input.
template <int N, int Times, class V>
void check_block(std::uint32_t base, std::uint32_t mask, Record<float>& r) {
  constexpr std::size_t W = lanes<V>();
  for (std::size_t i = 0; i < kBlock; i += W) {
    alignas(64) float in[W], folded[W], plain[W];
    for (std::size_t j = 0; j < W; ++j) {
      in[j] = from_bits<float>((base + static_cast<std::uint32_t>(i + j)) & mask);
    }
    const V a = load_lanes<V>(in);
    V f, p;
    if constexpr (Times == -1) {
      f = quake::detail::exp_kernel_times<N, -1>(a);
      p = quake::detail::exp_kernel<N>(quake::detail::splat<V>(0.0f) - a);
    } else {
      f = quake::detail::exp_kernel_times<N, -2, exp_domain::nonpositive>(a);
      p = quake::detail::exp_kernel<N>(a * quake::detail::splat<V>(-2.0f));
    }
    store_lanes(folded, f);
    store_lanes(plain, p);
    for (std::size_t j = 0; j < W; ++j) {
      if (to_bits(folded[j]) != to_bits(plain[j])) {
        r.violate(in[j], folded[j], NAN,
                  "folded form differs: the product gives " + show(plain[j]));
      }
    }
    r.by_rule += W;
  }
}

template <int N, int Times, class V>
bool check(const Options& opt) {
  const auto start = std::chrono::steady_clock::now();
  // -2: only the sign-clear half (blocks below 2^31), each once.
  const std::uint64_t blocks = Times == -1 ? kBlocks : kBlocks / 2;
  const std::uint64_t items = (blocks + opt.count - 1) / opt.count;
  const std::uint32_t mask = Times == -1 ? 0xffffffffu : 0x7fffffffu;
  const Record<float> rec =
      parallel_items<float>(items, opt.threads, [&](std::uint64_t i, auto& r) {
        check_block<N, Times, V>(static_cast<std::uint32_t>(i * opt.count * kBlock), mask, r);
      });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool covered = rec.by_rule == items * kBlock;
  std::printf("exp<%d>, times %d: %llu inputs, %llu differ%s (%.1f s)\n", N, Times,
              static_cast<unsigned long long>(rec.by_rule),
              static_cast<unsigned long long>(rec.violations), covered ? "" : ", NOT ALL COVERED",
              seconds);
  for (const auto& v : rec.first) {
    std::printf("  x = %a (bits 0x%08x): folded %a; %s\n", static_cast<double>(v.x), to_bits(v.x),
                static_cast<double>(v.y), v.what.c_str());
  }
  return rec.violations == 0 && covered;
}

template <class V>
bool check_all(const Options& opt) {
  // Every check runs (and reports) whatever the ones before it found.
  bool ok = check<2, -1, V>(opt);
  ok = check<2, -2, V>(opt) && ok;
  ok = check<3, -1, V>(opt) && ok;
  ok = check<3, -2, V>(opt) && ok;
  ok = check<4, -1, V>(opt) && ok;
  ok = check<4, -2, V>(opt) && ok;
  ok = check<5, -1, V>(opt) && ok;
  ok = check<5, -2, V>(opt) && ok;
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_options(argc, argv, "--stride", 1);
  print_float_banner("fold", opt);
  bool ok;
  if constexpr (quake::has_simd<float>) {
    ok = check_all<xsimd::batch<float, quake::simd_arch>>(opt);
  } else {
    ok = check_all<float>(opt);
  }
  std::printf("exhaustive fold check: %s\n", ok ? "passed" : "FAILED");
  return ok ? 0 : 1;
}
