// quake::silu beyond the registry's generic contract (registry_test.cpp): it is x times
// quake::sigmoid, rounded once.
#include "test_support.hpp"

namespace {

using namespace quake_test;

QUAKE_TYPE_ORDER_SUITE(SiluTest);

// silu(x) == fl(x * sigmoid(x)) bit for bit for every finite non-zero x: one rounding (the
// product is a multiply-add with +0; without FMA a product that underflows to -0 comes out +0).
// Where SIMD flushes subnormals a subnormal sigmoid reads as 0, so those inputs are left out.
TYPED_TEST(SiluTest, IsXTimesSigmoidRoundedOnce) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  for (T x : domain_inputs<T>(T(100), {T(0), T(-5), T(17)}, 200'000)) {
    const T s = quake::sigmoid<N>(x);
    if (!std::isfinite(x) || x == 0 || (flushes<T> && s < std::numeric_limits<T>::min())) continue;
    const T want = as_read(std::fma(x, s, T(0)));
    const T y = quake::silu<N>(x);
    if (want == 0) {
      ASSERT_EQ(y, T(0)) << show(x);
    } else {
      ASSERT_TRUE(same_bits(y, want)) << show(x);
    }
  }
}

TEST(Silu, DefaultOrderIsTwo) {
  for (float x : {-3.5f, 0.25f, 10.0f}) {
    EXPECT_TRUE(same_bits(quake::silu(x), quake::silu<2>(x)));
    EXPECT_TRUE(same_bits(quake::silu(double(x)), quake::silu<2>(double(x))));
  }
}

}  // namespace
