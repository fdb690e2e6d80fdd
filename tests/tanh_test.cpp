// quake::tanh: relative (hence absolute) bound everywhere, accuracy near 0, odd symmetry bit
// for bit, range, edges, forms.
#include "test_support.hpp"

namespace {

using namespace quake_test;

template <int N>
struct Tanh {
  template <class V>
  static V one(V x) {
    return quake::tanh<N>(x);
  }
  template <class T>
  static void many(const T* in, T* out, std::size_t n) {
    quake::tanh<N>(in, out, n);
  }
};

template <class C>
class TanhTest : public ::testing::Test {};
TYPED_TEST_SUITE(TanhTest, TypeOrderCases, TypeOrderNames);

// Relative error <= exp<N>'s bound + 4 ulp for every x (the README's promise, which implies the
// absolute bound), including subnormal x and the switch between the two branches at |x| = 0.5.
TYPED_TEST(TanhTest, RelativeErrorWithinBound) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using R = ref_t<T>;
  const auto xs = domain_inputs<T>(T(30), {T(0), T(0.5), T(-0.5), T(0.44), T(1), T(9)}, 2'000'000);
  const double bound = exp_bound(N) + 4 * unit_roundoff<T>();
  const Worst rel = worst_error<Tanh<N>>(
      xs, [](T x) { return std::tanh(static_cast<R>(x)); },
      [&](T, R r) { return bound * std::fabs(static_cast<double>(r)) + flush_slack<T>(); },
      [](T x, R) { return x != 0; });
  EXPECT_LE(rel.ratio, 1.0) << rel.describe();
  const Worst abs = worst_error<Tanh<N>>(
      xs, [](T x) { return std::tanh(static_cast<R>(x)); }, [&](T, R) { return exp_bound(N); },
      [](T, R) { return true; });
  EXPECT_LE(abs.ratio, 1.0) << abs.describe();
  std::printf("[ accuracy ] tanh<%d> %-6s max rel err / bound %.3f\n", N,
              std::is_same<T, float>::value ? "float" : "double", rel.ratio);
}

// Near 0 the polynomial branch is used whatever the order: relative error at most 1e-7 (float)
// / 5e-8 (double), far below orders 1-4's bounds, and tanh(x) == x for tiny x
// (a subnormal x reads as 0 in flushing builds: README "ARM").
TYPED_TEST(TanhTest, AccurateNearZero) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using R = ref_t<T>;
  const double allowed = std::is_same<T, float>::value ? 1e-7 : 5e-8;
  const auto xs = sweep<T>(std::numeric_limits<T>::denorm_min(), T(0.49), sweep_points(500'000));
  const Worst w = worst_error<Tanh<N>>(
      xs, [](T x) { return std::tanh(static_cast<R>(x)); },
      [&](T, R r) { return allowed * static_cast<double>(r) + flush_slack<T>(); },
      [](T, R) { return true; });
  EXPECT_LE(w.ratio, 1.0) << w.describe();
  for (T x : {std::numeric_limits<T>::denorm_min(), std::numeric_limits<T>::min(), T(1e-30),
              T(std::is_same<T, float>::value ? 1e-5 : 1e-10)}) {
    EXPECT_TRUE(same_bits(quake::tanh<N>(x), as_read(x))) << show(x);
  }
}

TYPED_TEST(TanhTest, OddBitForBitAndBounded) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  const auto xs = domain_inputs<T>(T(30), {T(0), T(0.5)}, 500'000);
  for (T x : xs) {
    const T y = quake::tanh<N>(x);
    if (std::isnan(x)) {
      ASSERT_TRUE(std::isnan(y)) << show(x);
      continue;
    }
    ASSERT_TRUE(same_bits(quake::tanh<N>(-x), -y)) << show(x);
    ASSERT_TRUE(y >= T(-1) && y <= T(1)) << show(x) << " -> " << show(y);
  }
}

// Monotone: every consecutive pair around the branch switch at |x| = 0.5 (where exp<Order>'s
// error would otherwise step down), around 0, and along a sweep of [-30, 30].
TYPED_TEST(TanhTest, Monotone) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  auto check = [](const std::vector<T>& xs) {
    for (std::size_t i = 1; i < xs.size(); ++i) {
      const T a = quake::tanh<N>(xs[i - 1]), b = quake::tanh<N>(xs[i]);
      if (!(a <= b)) {
        return ::testing::AssertionFailure() << "tanh(" << show(xs[i - 1]) << ") = " << show(a)
                                             << " > tanh(" << show(xs[i]) << ") = " << show(b);
      }
    }
    return ::testing::AssertionSuccess();
  };
  for (T c : {T(0.5), T(-0.5), T(0)}) ASSERT_TRUE(check(window(c, 200'000)));
  ASSERT_TRUE(check(sweep<T>(T(-30), T(30), sweep_points(2'000'000))));
}

TYPED_TEST(TanhTest, Edges) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using L = std::numeric_limits<T>;
  auto t = [](T x) { return quake::tanh<N>(x); };
  EXPECT_TRUE(std::isnan(t(L::quiet_NaN())));
  EXPECT_TRUE(std::isnan(t(-L::quiet_NaN())));
  EXPECT_TRUE(same_bits(t(T(0)), T(0)));
  EXPECT_TRUE(same_bits(t(-T(0)), -T(0)));
  EXPECT_TRUE(same_bits(t(L::infinity()), T(1)));
  EXPECT_TRUE(same_bits(t(-L::infinity()), T(-1)));
  // Exactly +-1 once e^-2x (times 1.03) is below half an ulp under 1: x >= 9 (float), 19 (double).
  const T one_from = std::is_same<T, float>::value ? T(9) : T(19);
  for (T x : sweep<T>(one_from, L::max(), 20000)) {
    ASSERT_TRUE(same_bits(t(x), T(1))) << show(x);
    ASSERT_TRUE(same_bits(t(-x), T(-1))) << show(x);
  }
}

TYPED_TEST(TanhTest, ScalarBatchArrayBitIdentical) {
  using T = typename TypeParam::type;
  expect_forms_agree<Tanh<TypeParam::order>, T>(domain_inputs<T>(T(30), {T(0), T(0.5)}, 200'000));
}

TYPED_TEST(TanhTest, ArrayContract) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  expect_array_contract<T>(
      [](const T* in, T* out, std::size_t n) { quake::tanh<N>(in, out, n); },
      [](const T* in, std::size_t, std::size_t i) { return quake::tanh<N>(in[i]); });
}

TEST(Tanh, DefaultOrderIsTwo) {
  for (float x : {-3.5f, 0.25f, 0.75f}) {
    EXPECT_TRUE(same_bits(quake::tanh(x), quake::tanh<2>(x)));
    EXPECT_TRUE(same_bits(quake::tanh(double(x)), quake::tanh<2>(double(x))));
  }
}

}  // namespace
