// quake::sigmoid beyond the registry's generic contract (registry_test.cpp).
#include "test_support.hpp"

namespace {

using namespace quake_test;

QUAKE_TYPE_ORDER_SUITE(SigmoidTest);

// Orders 2..5 give exp(0) == 1, so sigmoid(0) is exactly 1/2; symmetric: sigmoid(-x) is within
// the bound of 1 - sigmoid(x).
TYPED_TEST(SigmoidTest, HalfAtZeroAndSymmetric) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  if (N >= 2) {
    EXPECT_TRUE(same_bits(quake::sigmoid<N>(T(0)), T(0.5)));
    EXPECT_TRUE(same_bits(quake::sigmoid<N>(-T(0)), T(0.5)));
  }
  const double b = quake::bound<quake::fn::sigmoid, N, T>;
  for (T x : sweep<T>(T(-10), T(10), sweep_points(100'000))) {
    const double s = quake::sigmoid<N>(x), t = quake::sigmoid<N>(-x);
    ASSERT_NEAR(s + t, 1.0, 2 * b) << show(x);
  }
}

TEST(Sigmoid, DefaultOrderIsTwo) {
  for (float x : {-3.5f, 0.25f, 10.0f}) {
    EXPECT_TRUE(same_bits(quake::sigmoid(x), quake::sigmoid<2>(x)));
    EXPECT_TRUE(same_bits(quake::sigmoid(double(x)), quake::sigmoid<2>(double(x))));
  }
}

}  // namespace
