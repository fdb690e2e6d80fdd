// quake::gelu (tanh form) and quake::gelu_sigmoid: |error| <= bound * |x|, edges, forms.
#include "test_support.hpp"

namespace {

using namespace quake_test;

template <int N>
struct Gelu {
  template <class V>
  static V one(V x) {
    return quake::gelu<N>(x);
  }
  template <class T>
  static void many(const T* in, T* out, std::size_t n) {
    quake::gelu<N>(in, out, n);
  }
};
template <int N>
struct GeluSigmoid {
  template <class V>
  static V one(V x) {
    return quake::gelu_sigmoid<N>(x);
  }
  template <class T>
  static void many(const T* in, T* out, std::size_t n) {
    quake::gelu_sigmoid<N>(in, out, n);
  }
};

/// The tanh-form GELU in higher precision, written as x * sigmoid(u) (the same function, without
/// the cancellation of 1 + tanh for negative x).
template <class R>
R ref_gelu(R x) {
  const R k = std::sqrt(R(2) / std::acos(R(-1)));
  return x * ref_sigmoid(2 * k * (x + R(0.044715L) * x * x * x));
}
template <class R>
R ref_gelu_sigmoid(R x) {
  return x * ref_sigmoid(R(1.702L) * x);
}

template <class C>
class GeluTest : public ::testing::Test {};
TYPED_TEST_SUITE(GeluTest, TypeOrderCases, TypeOrderNames);

TYPED_TEST(GeluTest, ErrorWithinBoundTimesAbsX) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using R = ref_t<T>;
  const auto xs = domain_inputs<T>(T(30), {T(0), T(-3), T(-5), T(5), T(-24), T(24)}, 2'000'000);
  const double bound = exp_bound(N) + 6 * unit_roundoff<T>();
  auto allowed = [&](T x, R) {
    return bound * std::fabs(static_cast<double>(x)) + tiny_slack<T>();
  };
  auto counts = [](T x, R) { return x != 0 && std::isfinite(x); };
  const Worst g = worst_error<Gelu<N>>(
      xs, [](T x) { return ref_gelu(static_cast<R>(x)); }, allowed, counts);
  EXPECT_LE(g.ratio, 1.0) << "gelu: " << g.describe();
  const Worst q = worst_error<GeluSigmoid<N>>(
      xs, [](T x) { return ref_gelu_sigmoid(static_cast<R>(x)); }, allowed, counts);
  EXPECT_LE(q.ratio, 1.0) << "gelu_sigmoid: " << q.describe();
}

TYPED_TEST(GeluTest, Edges) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using L = std::numeric_limits<T>;
  const bool is_float = std::is_same<T, float>::value;
  for (auto f :
       {+[](T x) { return quake::gelu<N>(x); }, +[](T x) { return quake::gelu_sigmoid<N>(x); }}) {
    EXPECT_TRUE(std::isnan(f(L::quiet_NaN())));
    EXPECT_TRUE(std::isnan(f(-L::quiet_NaN())));
    EXPECT_TRUE(same_bits(f(L::infinity()), L::infinity()));
    EXPECT_TRUE(same_bits(f(-L::infinity()), T(0)));
    EXPECT_TRUE(same_bits(f(T(0)), T(0)));
    EXPECT_TRUE(same_bits(f(-T(0)), T(0)));
    EXPECT_TRUE(same_bits(f(L::max()), L::max()));
    EXPECT_TRUE(same_bits(f(L::lowest()), T(0)));
  }
  // gelu: exactly x once the sigmoid rounds to 1 (u >= 17 / 37: x >= 6 / 8); +0 for x <= -24,
  // where u <= -1024. No NaN anywhere from x^3 (checked over the whole range).
  for (T x : sweep<T>(is_float ? T(6) : T(8), L::max(), 20000)) {
    ASSERT_TRUE(same_bits(quake::gelu<N>(x), x)) << show(x);
  }
  for (T x : sweep<T>(L::lowest(), T(-24), 20000)) {
    ASSERT_TRUE(same_bits(quake::gelu<N>(x), T(0))) << show(x);
  }
  // gelu_sigmoid: exactly x for 1.702 x >= 17 / 37; +0 where e^(-1.702 x) overflows.
  for (T x : sweep<T>(is_float ? T(10) : T(22), L::max(), 20000)) {
    ASSERT_TRUE(same_bits(quake::gelu_sigmoid<N>(x), x)) << show(x);
  }
  for (T x : sweep<T>(L::lowest(), is_float ? T(-53) : T(-418), 20000)) {
    ASSERT_TRUE(same_bits(quake::gelu_sigmoid<N>(x), T(0))) << show(x);
  }
  for (T x : domain_inputs<T>(T(30), {}, 100'000)) {
    if (!std::isnan(x)) {
      ASSERT_FALSE(std::isnan(quake::gelu<N>(x))) << show(x);
      ASSERT_FALSE(std::isnan(quake::gelu_sigmoid<N>(x))) << show(x);
    }
  }
}

TYPED_TEST(GeluTest, ScalarBatchArrayBitIdentical) {
  using T = typename TypeParam::type;
  const auto xs = domain_inputs<T>(T(30), {T(0)}, 200'000);
  expect_forms_agree<Gelu<TypeParam::order>, T>(xs);
  expect_forms_agree<GeluSigmoid<TypeParam::order>, T>(xs);
}

TYPED_TEST(GeluTest, ArrayContract) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  expect_array_contract<T>(
      [](const T* in, T* out, std::size_t n) { quake::gelu<N>(in, out, n); },
      [](const T* in, std::size_t, std::size_t i) { return quake::gelu<N>(in[i]); });
  expect_array_contract<T>(
      [](const T* in, T* out, std::size_t n) { quake::gelu_sigmoid<N>(in, out, n); },
      [](const T* in, std::size_t, std::size_t i) { return quake::gelu_sigmoid<N>(in[i]); });
}

}  // namespace
