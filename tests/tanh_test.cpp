// quake::tanh beyond the registry's generic contract (registry_test.cpp): accurate near 0
// whatever the order, monotone where the two branches meet.
#include "test_support.hpp"

namespace {

using namespace quake_test;

QUAKE_TYPE_ORDER_SUITE(TanhTest);

// Near 0 the polynomial branch is used whatever the order: relative error at most 1e-7 (float)
// / 5e-8 (double), far below orders 1-4's bounds, and tanh(x) == x for tiny x (a subnormal x
// reads as 0 in flushing builds: docs/platforms.md).
TYPED_TEST(TanhTest, AccurateNearZero) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using W = wide_t<T>;
  const double allowed = std::is_same<T, float>::value ? 1e-7 : 5e-8;
  const double slack = flushes<T> ? static_cast<double>(std::numeric_limits<T>::min()) : 0.0;
  const auto xs = sweep<T>(std::numeric_limits<T>::denorm_min(), T(0.49), sweep_points(500'000));
  std::vector<T> ys(xs.size());
  quake::tanh<N>(xs.data(), ys.data(), xs.size());
  Worst w;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const W r = std::tanh(static_cast<W>(xs[i]));
    const double err = static_cast<double>(std::fabs(static_cast<W>(ys[i]) - r));
    w.update(static_cast<double>(xs[i]), static_cast<double>(ys[i]), static_cast<double>(r), err,
             allowed * static_cast<double>(r) + slack);
  }
  EXPECT_LE(w.ratio, 1.0) << w.describe();
  for (T x : {std::numeric_limits<T>::denorm_min(), std::numeric_limits<T>::min(), T(1e-30),
              T(std::is_same<T, float>::value ? 1e-5 : 1e-10)}) {
    EXPECT_TRUE(same_bits(quake::tanh<N>(x), as_read(x))) << show(x);
  }
}

// Monotone over every consecutive pair around the branch switch at |x| = 0.5, where exp<Order>'s
// error would otherwise step down.
TYPED_TEST(TanhTest, MonotoneAtTheBranchSwitch) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  for (T c : {T(0.5), T(-0.5)}) {
    const auto xs = window(c, 200'000);
    std::vector<T> ys(xs.size());
    quake::tanh<N>(xs.data(), ys.data(), xs.size());
    for (std::size_t i = 1; i < xs.size(); ++i) {
      ASSERT_LE(ys[i - 1], ys[i]) << "tanh(" << show(xs[i - 1]) << ") > tanh(" << show(xs[i])
                                  << ")";
    }
  }
}

TEST(Tanh, DefaultOrderIsTwo) {
  for (float x : {-3.5f, 0.25f, 0.75f}) {
    EXPECT_TRUE(same_bits(quake::tanh(x), quake::tanh<2>(x)));
    EXPECT_TRUE(same_bits(quake::tanh(double(x)), quake::tanh<2>(double(x))));
  }
}

}  // namespace
