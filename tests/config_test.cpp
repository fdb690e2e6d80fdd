// quake/config.hpp: what the build uses (FMA, SIMD architecture) agrees with the target flags,
// so each preset really tests the path it claims to (e.g. armv7 VFP-only runs the scalar path).
#include <cstdio>

#include "test_support.hpp"

namespace {

TEST(Config, ReportsTheTarget) {
  std::printf(
      "[ config ] simd_arch %s, has_simd<float> %d, has_simd<double> %d, has_fma %d, "
      "simd_flushes_subnormals %d\n",
      quake::simd_arch::name(), int(quake::has_simd<float>), int(quake::has_simd<double>),
      int(quake::has_fma), int(quake::detail::simd_flushes_subnormals<float>));
}

TEST(Config, FmaMatchesTheTarget) {
#if defined(__FMA__) || defined(__aarch64__) || defined(__ARM_FEATURE_FMA)
  EXPECT_TRUE(quake::has_fma);
#else
  EXPECT_FALSE(quake::has_fma);
#endif
}

TEST(Config, SimdMatchesTheTarget) {
#if defined(__aarch64__)
  EXPECT_TRUE(quake::has_simd<float>);
  EXPECT_TRUE(quake::has_simd<double>);
  EXPECT_FALSE(quake::detail::simd_flushes_subnormals<float>);
#elif defined(__arm__) && defined(__ARM_NEON)
  EXPECT_TRUE(quake::has_simd<float>);
  EXPECT_FALSE(quake::has_simd<double>);  // 32-bit NEON has no double lanes
  EXPECT_TRUE(quake::detail::simd_flushes_subnormals<float>);
#elif defined(__arm__)
  EXPECT_FALSE(quake::has_simd<float>);  // VFP only: the scalar path
  EXPECT_FALSE(quake::has_simd<double>);
  EXPECT_FALSE(quake::detail::simd_flushes_subnormals<float>);
#elif defined(__SSE2__)
  EXPECT_TRUE(quake::has_simd<float>);
  EXPECT_TRUE(quake::has_simd<double>);
  EXPECT_FALSE(quake::detail::simd_flushes_subnormals<float>);
#endif
#if defined(__AVX512F__)
  EXPECT_EQ(quake::simd_arch::alignment(), 64u);
#elif defined(__AVX__)
  EXPECT_EQ(quake::simd_arch::alignment(), 32u);
#endif
}

}  // namespace
