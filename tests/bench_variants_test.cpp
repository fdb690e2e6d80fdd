// The bench's variants that claim quake's bits (bench/sigmoid_variants.hpp) give them: its
// division-free reciprocal is the IEEE 1/b for every float b >= 1, and its sigmoid is
// quake::sigmoid's. The float16-arithmetic exp (bench/fp16_arith.hpp), which claims only a
// bound, keeps it for every float16 input. The table-driven tanh (bench/tanh_table.hpp) keeps
// its measured bound, and is monotone and odd.
#include <cmath>
#include <cstdio>

#include "../bench/fp16_arith.hpp"
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)  // batches only: none without SIMD
#include "../bench/sigmoid_variants.hpp"
#endif
#include "../bench/tanh_table.hpp"
#include "test_support.hpp"

namespace {

using quake_common::from_bits;
using quake_common::to_bits;

using B = xsimd::batch<float, quake::simd_arch>;
constexpr bool kApplies = quake::has_fma && quake::has_simd<float>;
constexpr char kWhy[] = "the Newton variant needs SIMD floats with FMA";

/// The bit patterns checked: every float from 1 to the last NaN, or every stride-th on emulated
/// and unoptimised builds, always with each mantissa of all ones (the iteration's exception), the
/// neighbours of 2^125 (where the variant starts to divide) and of 2^126 (where 1/b is subnormal),
/// inf and a NaN.
[[maybe_unused]] std::uint32_t stride() {
#if defined(NDEBUG)
  return QUAKE_TEST_SWEEP_SCALE | 1u;
#else
  return 15u * QUAKE_TEST_SWEEP_SCALE | 1u;
#endif
}

TEST(BenchVariants, ExactReciprocalIsTheIeeeReciprocalOfEveryFloatFromOne) {
  if (!kApplies) GTEST_SKIP() << kWhy;
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  constexpr std::size_t W = B::size;
  std::vector<std::uint32_t> extra = {0x7DFFFFFEu, 0x7DFFFFFFu, 0x7E000000u, 0x7E000001u,
                                      0x7E7FFFFEu, 0x7E7FFFFFu, 0x7E800000u, 0x7E800001u,
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
#endif
}

TEST(BenchVariants, NewtonSigmoidHasQuakeSigmoidsBits) {
  if (!kApplies) GTEST_SKIP() << kWhy;
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
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
#endif
}

#if QUAKE_BENCH_HAVE_FP16_ARITH
/// Every float16 input through exp_fp16_arith<Degree>: within kExpFp16ArithMaxUlps of e^x
/// (double) where e^x rounds to a finite float16, +inf where it rounds to +inf (and for +inf),
/// +0 for -inf, NaN for NaN. Prints the max error and the share of correctly rounded results,
/// which docs/performance.md quotes.
template <int Degree>
void check_fp16_arith_exp() {
  std::vector<quake::float16> in(65536), out(65536);
  for (std::uint32_t u = 0; u < 65536; ++u) in[u] = quake::float16::from_bits(std::uint16_t(u));
  quake_bench::exp_fp16_arith<Degree>(in.data(), out.data(), in.size());
  double worst = 0, worst_x = 0;
  std::size_t finite = 0, rounded = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const double x = static_cast<float>(in[i]), y = static_cast<float>(out[i]);
    if (std::isnan(x)) {
      EXPECT_TRUE(std::isnan(y)) << "x = NaN gave " << y;
      continue;
    }
    const double t = std::exp(x);
    const float want = static_cast<float>(quake::float16(t));  // e^x rounded to float16
    if (std::isinf(want)) {
      EXPECT_EQ(y, HUGE_VAL) << "x = " << x << ": e^x rounds to +inf";
      continue;
    }
    if (std::isinf(x)) {  // -inf
      EXPECT_EQ(to_bits(static_cast<float>(y)), 0u) << "x = -inf";
      continue;
    }
    const double ulp = t < 0x1p-14 ? 0x1p-24 : std::ldexp(1.0, std::ilogb(t) - 10);
    const double err = std::fabs(y - t) / ulp;
    if (err > worst) worst = err, worst_x = x;
    ++finite;
    rounded += y == want;
  }
  EXPECT_LE(worst, quake_bench::kExpFp16ArithMaxUlps<Degree>) << "at x = " << worst_x;
  EXPECT_GT(finite, 0x8000u);  // more than the finite negatives alone: both signs checked
  std::printf(
      "float16-arithmetic exp, degree %d: max %.2f ulps (x = %g), %.1f %% correctly rounded\n",
      Degree, worst, worst_x, 100.0 * static_cast<double>(rounded) / static_cast<double>(finite));
}
#endif

TEST(BenchVariants, Fp16ArithmeticExpKeepsItsBoundOnEveryFloat16) {
#if QUAKE_BENCH_HAVE_FP16_ARITH
  check_fp16_arith_exp<2>();
  check_fp16_arith_exp<3>();
#else
  GTEST_SKIP() << "needs AVX512-FP16 in the build's target (-march=native on a CPU that has it)";
#endif
}

TEST(BenchVariants, Fp16ArithmeticExpTailTouchesOnlyItsElements) {
#if QUAKE_BENCH_HAVE_FP16_ARITH
  for (std::size_t n : {0u, 1u, 31u, 33u, 70u}) {
    std::vector<quake::float16> in(n + 8, quake::float16(1.0f)), out(n + 8, quake::float16(-7.0f));
    quake_bench::exp_fp16_arith<2>(in.data(), out.data(), n);
    for (std::size_t i = 0; i < n + 8; ++i) {
      const float y = static_cast<float>(out[i]);
      if (i < n) {
        EXPECT_NEAR(y, 2.71828f, 0.02f) << "n = " << n << ", i = " << i;
      } else {
        EXPECT_EQ(y, -7.0f) << "n = " << n << ", i = " << i << " written past the end";
      }
    }
  }
#else
  GTEST_SKIP() << "needs AVX512-FP16 in the build's target (-march=native on a CPU that has it)";
#endif
}

#if QUAKE_BENCH_HAVE_TANH_TABLE
/// Every non-negative float up to +inf through tanh_table<Degree> in blocks: each result no
/// smaller than the one before (monotone), and every stride-th within kTanhTableMaxError of
/// double's tanh, relative. Unoptimised builds take every 15th block of 2^20.
template <int Degree>
void check_tanh_table() {
  constexpr std::uint64_t kBlock = 1u << 20, kEnd = 0x7F800001u;  // through +inf
#if defined(NDEBUG)
  constexpr std::uint64_t kBlockStride = 1;
#else
  constexpr std::uint64_t kBlockStride = 15;
#endif
  const std::uint64_t error_stride = 61u * QUAKE_TEST_SWEEP_SCALE;
  std::vector<float> x(kBlock), y(kBlock);
  double worst = 0;
  float worst_x = 0, prev = -1;
  std::uint64_t measured = 0, steps_down = 0;
  for (std::uint64_t start = 0; start < kEnd; start += kBlock * kBlockStride) {
    const std::size_t n = static_cast<std::size_t>(std::min(kBlock, kEnd - start));
    for (std::size_t i = 0; i < n; ++i)
      x[i] = from_bits<float>(static_cast<std::uint32_t>(start + i));
    quake_bench::tanh_table_array<Degree>(x.data(), y.data(), n);
    if (kBlockStride > 1) prev = y[0];
    for (std::size_t i = 0; i < n; ++i) {
      if (y[i] < prev && !steps_down++) {
        ADD_FAILURE() << "tanh_table<" << Degree << "> steps down at x = " << x[i];
      }
      prev = y[i];
      if ((start + i) % error_stride == 0 && x[i] > 0) {
        const double r = std::tanh(static_cast<double>(x[i]));
        const double e = std::fabs(static_cast<double>(y[i]) - r) / r;
        ++measured;
        if (e > worst) worst = e, worst_x = x[i];
      }
    }
  }
  EXPECT_EQ(steps_down, 0u);
  EXPECT_GT(measured, 0u);
  EXPECT_LE(worst, quake_bench::kTanhTableMaxError<Degree>) << "at x = " << worst_x;
  // Degree 4 within order 4's bound, degree 5 within order 5's.
  EXPECT_LE(worst, (quake::bound<quake::fn::tanh, Degree, float>));
  std::printf("tanh table, degree %d: max relative error %.3e (x = %a) over %llu floats\n", Degree,
              worst, static_cast<double>(worst_x), static_cast<unsigned long long>(measured));
}
#endif

TEST(BenchVariants, TanhTableKeepsItsBoundAndIsMonotoneOnEveryFloat) {
#if QUAKE_BENCH_HAVE_TANH_TABLE
  check_tanh_table<4>();
  check_tanh_table<5>();
#else
  GTEST_SKIP() << "needs AVX-512 in the build's target";
#endif
}

TEST(BenchVariants, TanhTableEdgesOddnessAndTail) {
#if QUAKE_BENCH_HAVE_TANH_TABLE
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x = {
      0.0f,  -0.0f, 1e-30f, -1e-30f, std::numeric_limits<float>::denorm_min(), 12.0f, -12.0f,
      20.0f, 1e30f, inf,    -inf,    std::numeric_limits<float>::quiet_NaN()};
  std::vector<float> y(x.size());
  quake_bench::tanh_table_array<5>(x.data(), y.data(), x.size());
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(to_bits(y[i]), to_bits(x[i])) << "tanh(x) is x for tiny x, x = " << x[i];
  }
  for (std::size_t i = 5; i < 11; ++i) EXPECT_EQ(y[i], x[i] > 0 ? 1.0f : -1.0f) << x[i];
  EXPECT_TRUE(std::isnan(y[11]));
  // Odd bit for bit: -x gives tanh(x) with the sign bit set.
  std::vector<float> pos = quake_test::sweep(0.0f, 15.0f, quake_test::sweep_points(100000));
  std::vector<float> neg(pos.size()), yp(pos.size()), yn(pos.size());
  for (std::size_t i = 0; i < pos.size(); ++i) neg[i] = -pos[i];
  quake_bench::tanh_table_array<4>(pos.data(), yp.data(), pos.size());
  quake_bench::tanh_table_array<4>(neg.data(), yn.data(), neg.size());
  for (std::size_t i = 0; i < pos.size(); ++i) {
    ASSERT_EQ(to_bits(yn[i]), to_bits(yp[i]) ^ 0x80000000u) << "x = " << pos[i];
  }
  for (std::size_t n : {0u, 1u, 15u, 17u, 40u}) {
    std::vector<float> in(n + 8, 0.5f), out(n + 8, -7.0f);
    quake_bench::tanh_table_array<5>(in.data(), out.data(), n);
    const double want = std::tanh(0.5);
    for (std::size_t i = 0; i < n + 8; ++i) {
      if (i < n) {
        EXPECT_LE(std::fabs(out[i] / want - 1), quake_bench::kTanhTableMaxError<5>)
            << "n = " << n << ", i = " << i;
      } else {
        EXPECT_EQ(out[i], -7.0f) << "n = " << n << ", i = " << i << " written past the end";
      }
    }
  }
#else
  GTEST_SKIP() << "needs AVX-512 in the build's target";
#endif
}

}  // namespace
