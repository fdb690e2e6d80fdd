// quake::sigmoid: relative bound, range, edges, forms.
#include "test_support.hpp"

namespace {

using namespace quake_test;

template <int N>
struct Sigmoid {
  template <class V>
  static V one(V x) {
    return quake::sigmoid<N>(x);
  }
  template <class T>
  static void many(const T* in, T* out, std::size_t n) {
    quake::sigmoid<N>(in, out, n);
  }
};

template <class C>
class SigmoidTest : public ::testing::Test {};
TYPED_TEST_SUITE(SigmoidTest, TypeOrderCases, TypeOrderNames);

// Relative error <= B / (1 - B) + 4 ulp (B = exp<N>'s bound; at most 1.031 B) wherever the true
// value is >= 1e-30; below that the result lies in [0, 2e-30]; everywhere in [0, 1].
TYPED_TEST(SigmoidTest, RelativeErrorWithinBound) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using R = ref_t<T>;
  const auto xs = domain_inputs<T>(T(120), {T(0), T(-69), T(17), T(-88.7), T(36)}, 2'000'000);
  const double bound = exp_bound(N) / (1 - exp_bound(N)) + 4 * unit_roundoff<T>();
  auto ref = [](T x) { return ref_sigmoid(static_cast<R>(x)); };
  const Worst w = worst_error<Sigmoid<N>>(
      xs, ref, [&](T, R r) { return bound * static_cast<double>(r); },
      [](T, R r) { return r >= R(1e-30); });
  EXPECT_LE(w.ratio, 1.0) << w.describe();
  std::vector<T> ys(xs.size());
  Sigmoid<N>::many(xs.data(), ys.data(), xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (std::isnan(xs[i])) {
      ASSERT_TRUE(std::isnan(ys[i])) << show(xs[i]);
      continue;
    }
    ASSERT_TRUE(ys[i] >= T(0) && ys[i] <= T(1)) << show(xs[i]) << " -> " << show(ys[i]);
    if (ref(xs[i]) < R(1e-30)) {
      ASSERT_LE(ys[i], T(2e-30)) << show(xs[i]);
    }
  }
  std::printf("[ accuracy ] sigmoid<%d> %-6s max rel err / bound %.3f\n", N,
              std::is_same<T, float>::value ? "float" : "double", w.ratio);
}

TYPED_TEST(SigmoidTest, Edges) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using L = std::numeric_limits<T>;
  auto s = [](T x) { return quake::sigmoid<N>(x); };
  EXPECT_TRUE(std::isnan(s(L::quiet_NaN())));
  EXPECT_TRUE(std::isnan(s(-L::quiet_NaN())));
  EXPECT_TRUE(same_bits(s(L::infinity()), T(1)));
  EXPECT_TRUE(same_bits(s(-L::infinity()), T(0)));
  EXPECT_TRUE(same_bits(s(L::max()), T(1)));
  EXPECT_TRUE(same_bits(s(L::lowest()), T(0)));
  // Exactly 1 once e^-x * (1 + 3%) is at most half an ulp below 1 (17 for float, 37 for double).
  const T one_from = std::is_same<T, float>::value ? T(17) : T(37);
  for (T x : sweep<T>(one_from, L::max(), 20000)) ASSERT_TRUE(same_bits(s(x), T(1))) << show(x);
  // Exactly +0 below minus exp's overflow threshold, where e^-x is +inf.
  const T zero_below = -quake::detail::exp_range<T>::overflow;
  for (T x : sweep<T>(L::lowest(), std::nextafter(zero_below, -L::infinity()), 20000)) {
    ASSERT_TRUE(same_bits(s(x), T(0))) << show(x);
  }
  // Order 2..5: exp(0) == 1, so sigmoid(0) is exactly 1/2.
  if (N >= 2) {
    EXPECT_TRUE(same_bits(s(T(0)), T(0.5)));
  }
}

TYPED_TEST(SigmoidTest, ScalarBatchArrayBitIdentical) {
  using T = typename TypeParam::type;
  expect_forms_agree<Sigmoid<TypeParam::order>, T>(domain_inputs<T>(T(120), {T(0)}, 200'000));
}

TYPED_TEST(SigmoidTest, ArrayContract) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  expect_array_contract<T>(
      [](const T* in, T* out, std::size_t n) { quake::sigmoid<N>(in, out, n); },
      [](const T* in, std::size_t, std::size_t i) { return quake::sigmoid<N>(in[i]); });
}

TEST(Sigmoid, DefaultOrderIsTwo) {
  for (float x : {-3.5f, 0.25f, 10.0f}) {
    EXPECT_TRUE(same_bits(quake::sigmoid(x), quake::sigmoid<2>(x)));
    EXPECT_TRUE(same_bits(quake::sigmoid(double(x)), quake::sigmoid<2>(double(x))));
  }
}

}  // namespace
