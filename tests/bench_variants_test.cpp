// The bench's variants that claim quake's bits (bench/sigmoid_variants.hpp) give them: its
// division-free reciprocal is the IEEE 1/b for every float b >= 1, and its sigmoid is
// quake::sigmoid's.
#include "../bench/sigmoid_variants.hpp"
#include "test_support.hpp"

namespace {

using quake_common::from_bits;
using quake_common::to_bits;

using B = xsimd::batch<float, quake::simd_arch>;
constexpr bool kApplies = quake::has_fma && quake::has_simd<float>;
constexpr char kWhy[] = "the Newton variant needs SIMD floats with FMA";

/// The bit patterns checked: every float from 1 to the last NaN, or every stride-th on emulated
/// and unoptimised builds, always with each mantissa of all ones (the iteration's exception), the
/// neighbours of 2^126 (where the variant starts to divide), inf and a NaN.
std::uint32_t stride() {
#if defined(NDEBUG)
  return QUAKE_TEST_SWEEP_SCALE | 1u;
#else
  return 15u * QUAKE_TEST_SWEEP_SCALE | 1u;
#endif
}

TEST(BenchVariants, ExactReciprocalIsTheIeeeReciprocalOfEveryFloatFromOne) {
  if (!kApplies) GTEST_SKIP() << kWhy;
  constexpr std::size_t W = B::size;
  std::vector<std::uint32_t> extra = {0x7E7FFFFEu, 0x7E7FFFFFu, 0x7E800000u, 0x7E800001u,
                                      0x7F800000u, 0x7FC00000u, 0x7F800001u};
  for (std::uint32_t e = 127; e < 255; ++e) extra.push_back(e << 23 | 0x7FFFFFu);
  std::uint64_t checked = 0, wrong = 0;
  std::uint32_t first_wrong = 0;
  alignas(64) std::uint32_t lane[W];
  auto check = [&](const std::uint32_t* u) {
    const B b = B::load_unaligned(reinterpret_cast<const float*>(u));
    alignas(64) float got[W], want[W];
    quake_bench::exact_reciprocal(b).store_aligned(got);
    quake::detail::divide(B(1.0f), b).store_aligned(want);  // IEEE (xsimd 8.1 NEON: an estimate)
    for (std::size_t j = 0; j < W; ++j) {
      if (to_bits(got[j]) != to_bits(want[j]) && !wrong++) first_wrong = u[j];
    }
    checked += W;
  };
  const std::uint64_t s = stride();
  std::size_t k = 0;
  for (std::uint64_t u = 0x3F800000u; u <= 0x7FFFFFFFu; u += s) {
    lane[k++] = static_cast<std::uint32_t>(u);
    if (k == W) check(lane), k = 0;
  }
  for (std::uint32_t u : extra) {
    lane[k++] = u;
    if (k == W) check(lane), k = 0;
  }
  for (; k > 0 && k < W; ++k) lane[k] = 0x3F800000u;
  if (k == W) check(lane);
  EXPECT_EQ(wrong, 0u) << "first at b = " << from_bits<float>(first_wrong) << " (bits 0x"
                       << std::hex << first_wrong << ")";
  EXPECT_GT(checked, 0x40000000u / s);
}

TEST(BenchVariants, NewtonSigmoidHasQuakeSigmoidsBits) {
  if (!kApplies) GTEST_SKIP() << kWhy;
  std::vector<float> x =
      quake_test::sweep(-std::numeric_limits<float>::max(), std::numeric_limits<float>::max(),
                        quake_test::sweep_points(1 << 20));
  for (float e :
       {0.0f, -0.0f, 88.0f, -88.0f, -87.3f, 103.0f, -103.0f, std::numeric_limits<float>::infinity(),
        -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN(),
        std::numeric_limits<float>::denorm_min()}) {
    x.push_back(e);
  }
  std::vector<float> want(x.size()), all(x.size()), mixed(x.size());
  quake::sigmoid<2>(x.data(), want.data(), x.size());
  quake_bench::sigmoid_newton<2, 0xF>(x.data(), all.data(), x.size());
  quake_bench::sigmoid_newton<2, 0x1>(x.data(), mixed.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    ASSERT_EQ(to_bits(all[i]), to_bits(want[i])) << "x = " << x[i];
    ASSERT_EQ(to_bits(mixed[i]), to_bits(want[i])) << "x = " << x[i];
  }
}

}  // namespace
