// quake::silu: |error| <= bound * |x|, edges, forms.
#include "test_support.hpp"

namespace {

using namespace quake_test;

template <int N>
struct Silu {
  template <class V>
  static V one(V x) {
    return quake::silu<N>(x);
  }
  template <class T>
  static void many(const T* in, T* out, std::size_t n) {
    quake::silu<N>(in, out, n);
  }
};

template <class C>
class SiluTest : public ::testing::Test {};
TYPED_TEST_SUITE(SiluTest, TypeOrderCases, TypeOrderNames);

TYPED_TEST(SiluTest, ErrorWithinBoundTimesAbsX) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using R = ref_t<T>;
  const auto xs = domain_inputs<T>(T(800), {T(0), T(-88.7), T(17), T(-5)}, 2'000'000);
  const double bound = exp_bound(N) + 6 * unit_roundoff<T>();
  const Worst w = worst_error<Silu<N>>(
      xs, [](T x) { return static_cast<R>(x) * ref_sigmoid(static_cast<R>(x)); },
      [&](T x, R) { return bound * std::fabs(static_cast<double>(x)) + tiny_slack<T>(); },
      [](T x, R) { return x != 0 && std::isfinite(x); });
  EXPECT_LE(w.ratio, 1.0) << w.describe();
  std::printf("[ accuracy ] silu<%d> %-6s max err/(bound*|x|) %.3f\n", N,
              std::is_same<T, float>::value ? "float" : "double", w.ratio);
}

TYPED_TEST(SiluTest, Edges) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using L = std::numeric_limits<T>;
  auto f = [](T x) { return quake::silu<N>(x); };
  EXPECT_TRUE(std::isnan(f(L::quiet_NaN())));
  EXPECT_TRUE(same_bits(f(L::infinity()), L::infinity()));
  EXPECT_TRUE(same_bits(f(-L::infinity()), T(0)));
  EXPECT_TRUE(same_bits(f(T(0)), T(0)));
  EXPECT_TRUE(same_bits(f(-T(0)), T(0)));
  const T one_from = std::is_same<T, float>::value ? T(17) : T(37);
  for (T x : sweep<T>(one_from, L::max(), 20000)) ASSERT_TRUE(same_bits(f(x), x)) << show(x);
  const T zero_below = -quake::detail::exp_range<T>::overflow;
  for (T x : sweep<T>(L::lowest(), std::nextafter(zero_below, -L::infinity()), 20000)) {
    ASSERT_TRUE(same_bits(f(x), T(0))) << show(x);
  }
}

TYPED_TEST(SiluTest, ScalarBatchArrayBitIdentical) {
  using T = typename TypeParam::type;
  expect_forms_agree<Silu<TypeParam::order>, T>(domain_inputs<T>(T(800), {T(0)}, 200'000));
}

TYPED_TEST(SiluTest, ArrayContract) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  expect_array_contract<T>(
      [](const T* in, T* out, std::size_t n) { quake::silu<N>(in, out, n); },
      [](const T* in, std::size_t, std::size_t i) { return quake::silu<N>(in[i]); });
}

}  // namespace
