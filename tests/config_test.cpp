// quake/config.hpp against what the build really does: the SIMD architecture is the one the
// preset asks for (or, for -march=native builds, the best this CPU has), quake::has_fma says
// whether multiply-adds really fuse, and simd_flushes_subnormals whether SIMD really flushes.
// So each preset tests the path it claims to (e.g. armv7 VFP-only runs the scalar path).
#include <cstdio>
#include <sstream>

#include "test_support.hpp"

#ifndef QUAKE_TEST_EXPECT_ARCH
#define QUAKE_TEST_EXPECT_ARCH ""
#endif

namespace {

using quake_test::cpu_flags;
using quake_test::same_bits;

TEST(Config, ReportsTheTarget) {
  std::printf(
      "[ config ] simd_arch %s, has_simd<float> %d, has_simd<double> %d, has_fma %d, "
      "simd_flushes_subnormals %d\n",
      quake::simd_arch::name(), int(quake::has_simd<float>), int(quake::has_simd<double>),
      int(quake::has_fma), int(quake::detail::simd_flushes_subnormals<float>));
}

#if defined(__x86_64__)
/// The xsimd architecture a -march=native build on this x86 CPU should pick.
std::string best_x86_arch(const std::string& flags) {
  auto has = [&](const char* f) {
    return flags.find(std::string(" ") + f + " ") != std::string::npos;
  };
  if (has("avx512bw") && has("avx512dq") && has("avx512cd")) return "avx512bw";
  if (has("avx2") && has("fma")) return "fma3+avx2";
  if (has("avx2")) return "avx2";
  if (has("avx") && has("fma")) return "fma3+avx";
  if (has("avx")) return "avx";
  if (has("sse4_2")) return has("fma") ? "fma3+sse4.2" : "sse4.2";
  return "sse2";
}
#endif

// The preset states the architecture it builds for (QUAKE_TEST_EXPECT_ARCH; "native": the best
// this CPU has). A build whose flags did not reach the compiler fails here.
TEST(Config, ArchitectureIsTheOneAskedFor) {
  std::string want = QUAKE_TEST_EXPECT_ARCH;
  if (want.empty()) GTEST_SKIP() << "the build states no expected architecture";
  if (want == "native") {
#if defined(__x86_64__)
    want = best_x86_arch(cpu_flags());
#else
    GTEST_SKIP() << "native: only x86-64 CPUs are mapped to an xsimd architecture here";
#endif
  }
  EXPECT_EQ(std::string(quake::simd_arch::name()), want);
}

#if defined(__x86_64__) && defined(QUAKE_TEST_NATIVE)
// A native build on a CPU with F16C (and AVX-512 BF16) converts 16-bit batches in hardware: the
// paths are compiled in, not lost to a missing flag. (Only -march=native builds have it: the
// others' target flags, not the CPU, decide.)
TEST(Config, HardwareHalfConversionsWhereTheCpuHasThem) {
  const std::string flags = cpu_flags();
  const auto has = [&](const char* f) {
    return flags.find(std::string(" ") + f + " ") != std::string::npos;
  };
  using A = quake::simd_arch;
  const bool wide = std::string(A::name()).find("avx") != std::string::npos;
  EXPECT_EQ(quake::detail::storage<quake::float16>::hardware_store<A>, wide && has("f16c"));
  EXPECT_EQ(quake::detail::storage<quake::bfloat16>::hardware_store<A>,
            std::string(A::name()) == "avx512bw" && has("avx512_bf16"));
}
#endif

// a*a - (1 + 2^-12) with a = 1 + 2^-13 is 2^-26 when the multiply-add is fused and 0 when the
// product is rounded first: quake::has_fma must say which one the kernels get, for scalars and
// for batches of simd_arch.
template <class V>
V fused_probe(V zero) {
  const V a = V(1.0f + 0x1p-13f) + zero;
  const V c = V(-(1.0f + 0x1p-12f));
  return quake::detail::mul_add(a, a, c);
}

// The batch checks are templates on the architecture, so that builds without SIMD (where the
// batch types are incomplete) discard them.
template <class A>
void expect_batch_fma(float zero, float fused) {
  if constexpr (quake::detail::compat::has_register<float, A>::value) {
    using B = xsimd::batch<float, A>;
    EXPECT_TRUE(same_bits(fused_probe<B>(B(zero)).get(0), quake::has_fma ? fused : 0.0f));
  }
}

template <class A>
void expect_batch_flush(float half) {
  if constexpr (quake::detail::compat::has_register<float, A>::value) {
    using B = xsimd::batch<float, A>;
    const bool flushed = (B(std::numeric_limits<float>::min()) * B(half)).get(0) == 0.0f;
    EXPECT_EQ(flushed, quake::detail::simd_flushes_subnormals<float>);
  } else {
    EXPECT_FALSE(quake::detail::simd_flushes_subnormals<float>);
  }
}

TEST(Config, HasFmaIsWhatTheKernelsDo) {
  volatile float zero = 0;  // keeps the compiler from folding the probe at compile time
  const float fused = 0x1p-26f;
  EXPECT_TRUE(same_bits(fused_probe<float>(zero), quake::has_fma ? fused : 0.0f));
  expect_batch_fma<quake::simd_arch>(zero, fused);
}

// 32-bit NEON flushes a subnormal product to zero; every other SIMD keeps it.
TEST(Config, FlushesSubnormalsIsWhatSimdDoes) {
  volatile float half = 0.5f;
  expect_batch_flush<quake::simd_arch>(half);
}

}  // namespace
