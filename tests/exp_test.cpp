// quake::exp beyond the registry's generic contract (registry_test.cpp): the thresholds are the
// true ones, monotone across every exponent step, the ladder is ordered, the default order, and
// the kernels for non-positive arguments and for exp(-2a) and exp(-x) have exp's bits.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace quake_test;

QUAKE_TYPE_ORDER_SUITE(ExpTest);

/// x - ln(2^e * (1 - m)) for e in [-1100, 1100] and 0 <= m < 2^-20, with enough precision to
/// place any float or double against the thresholds ln(max()) = emax ln2 + ln(1 - 2^-digits)
/// and ln(min()) = (emin - 1) ln2, even where long double is only double (32-bit ARM): ln 2 is
/// split as hi + lo (fdlibm), e*hi is exact, and x - e*hi is exact by Sterbenz's lemma.
template <class T>
long double minus_ln_pow2(T x, int e, long double m = 0) {
  constexpr double ln2_hi = 0x1.62e42fee00000p-1, ln2_lo = 0x1.a39ef35793c76p-33;
  const double head = static_cast<double>(x) - e * ln2_hi;  // exact
  return static_cast<long double>(head) - static_cast<long double>(e) * ln2_lo +
         (m + m * m / 2 + m * m * m / 3);  // -ln(1 - m)
}
template <class T>
long double minus_ln_max(T x) {
  using L = std::numeric_limits<T>;
  return minus_ln_pow2(x, L::max_exponent, std::ldexp(1.0L, -L::digits));
}
template <class T>
long double minus_ln_min(T x) {
  return minus_ln_pow2(x, std::numeric_limits<T>::min_exponent - 1);
}

// The registry's thresholds are the true ones: overflow is the largest input whose e^x is
// finite, normal_min the smallest whose e^x is normal; and the result there is as promised.
TYPED_TEST(ExpTest, ThresholdsAreTheTrueOnes) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using L = std::numeric_limits<T>;
  using R = quake::detail::exp_range<T>;
  const T big = R::overflow;
  EXPECT_LT(minus_ln_max(big), 0) << show(big);
  EXPECT_GE(minus_ln_max(std::nextafter(big, L::infinity())), 0);
  EXPECT_TRUE(std::isfinite(quake::exp<N>(big))) << show(quake::exp<N>(big));
  EXPECT_GE(quake::exp<N>(big), L::max() * T(0.9));
  EXPECT_GE(minus_ln_min(R::normal_min), 0) << show(R::normal_min);
  EXPECT_LT(minus_ln_min(std::nextafter(R::normal_min, -L::infinity())), 0);
  // Tiny inputs stay within the bound of 1.
  for (T x : {L::denorm_min(), -L::denorm_min(), L::min(), -L::min(), L::epsilon()}) {
    EXPECT_LE(std::fabs(static_cast<double>(quake::exp<N>(x)) - 1.0), quake::exp_bound<N> * 1.0001)
        << show(x);
  }
}

// Monotone over every consecutive pair in windows around each exponent step (x = k ln2).
TYPED_TEST(ExpTest, MonotoneAcrossExponentSteps) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  const bool is_float = std::is_same<T, float>::value;
  const int kmax = is_float ? 128 : 1024;
  const int kstep = is_float ? 1 : 3;
  const std::int64_t width = sweep_points(is_float ? 4096 * 8 : 1024 * 8) / 8;
  for (int k = -kmax; k <= kmax; k += kstep) {
    const auto xs = window(static_cast<T>(k * 0.693147180559945309417232121458L), width);
    std::vector<T> ys(xs.size());
    quake::exp<N>(xs.data(), ys.data(), xs.size());
    for (std::size_t i = 1; i < xs.size(); ++i) {
      ASSERT_LE(ys[i - 1], ys[i]) << "exp(" << show(xs[i - 1]) << ") > exp(" << show(xs[i]) << ")";
    }
  }
}

/// got(x) and want(x) have the same bits for every x of xs, as scalars and as batches (two
/// generic lambdas: the same kernel call for both forms).
template <class T, class Got, class Want>
void expect_same_bits_as(const std::vector<T>& xs, const Got& got, const Want& want) {
  for (T x : xs) ASSERT_TRUE(same_bits(got(x), want(x))) << show(x);
  if constexpr (quake::has_simd<T>) {
    using B = xsimd::batch<T, quake::simd_arch>;
    std::vector<T> g(B::size), w(B::size);
    for (std::size_t i = 0; i + B::size <= xs.size(); i += B::size) {
      const B x = B::load_unaligned(xs.data() + i);
      got(x).store_unaligned(g.data());
      want(x).store_unaligned(w.data());
      for (std::size_t j = 0; j < B::size; ++j) {
        ASSERT_TRUE(same_bits(g[j], w[j])) << show(xs[i + j]);
      }
    }
  }
}

// The kernel for arguments known to be <= 0 (softmax, tanh, gelu_erf) gives exp's bits on every
// such argument and on NaN, scalar and batch, with and without the unit form.
TYPED_TEST(ExpTest, NonPositiveDomainGivesTheSameBits) {
  using T = typename TypeParam::type;
  // TypeParam::order, not a local constant: g++ 12 calls one used only in the lambdas unused.
  using L = std::numeric_limits<T>;
  using quake::detail::exp_domain;
  std::vector<T> xs = sweep<T>(-L::max(), T(0), sweep_points(1 << 20));
  for (T x : {-L::infinity(), T(-0.0), T(0), -L::denorm_min(), L::quiet_NaN(), -L::quiet_NaN()}) {
    xs.push_back(x);
  }
  expect_same_bits_as(
      xs,
      [](auto x) {
        return quake::detail::exp_kernel<TypeParam::order, exp_domain::nonpositive>(x);
      },
      [](auto x) { return quake::detail::exp_kernel<TypeParam::order>(x); });
  expect_same_bits_as(
      xs,
      [](auto x) {
        return quake::detail::exp_kernel_unit<TypeParam::order, exp_domain::nonpositive>(x);
      },
      [](auto x) { return quake::detail::exp_kernel_unit<TypeParam::order>(x); });
}

// exp of -2a for a >= 0 (tanh's) and of -x for any x (sigmoid's), with the multiply folded into
// exp's first fma, give the bits of exp(-2a) and exp(0 - x), scalar and batch.
TYPED_TEST(ExpTest, TimesMinusOneOrTwoGivesTheBitsOfExpOfTheProduct) {
  using T = typename TypeParam::type;
  using L = std::numeric_limits<T>;
  using quake::detail::exp_domain;
  using quake::detail::exp_kernel;
  using quake::detail::exp_kernel_times;
  std::vector<T> as = sweep<T>(T(0), L::max(), sweep_points(1 << 20));
  for (T a : {L::infinity(), T(-0.0), L::denorm_min(), L::quiet_NaN(), -L::quiet_NaN()}) {
    as.push_back(a);
  }
  expect_same_bits_as(
      as, [](auto a) { return exp_kernel_times<TypeParam::order, -2, exp_domain::nonpositive>(a); },
      [](auto a) { return exp_kernel<TypeParam::order>(a * decltype(a)(T(-2))); });
  std::vector<T> xs = sweep<T>(-L::max(), L::max(), sweep_points(1 << 21));
  xs.insert(xs.end(), as.begin(), as.end());
  xs.push_back(-L::infinity());
  expect_same_bits_as(
      xs, [](auto x) { return exp_kernel_times<TypeParam::order, -1>(x); },
      [](auto x) { return exp_kernel<TypeParam::order>(decltype(x)(T(0)) - x); });
}

TEST(Exp, DefaultOrderIsTwo) {
  for (float x : {-3.5f, 0.25f, 10.0f}) {
    EXPECT_TRUE(same_bits(quake::exp(x), quake::exp<2>(x)));
    EXPECT_TRUE(same_bits(quake::exp(double(x)), quake::exp<2>(double(x))));
  }
  float in[3] = {1, 2, 3}, out[3], out2[3];
  quake::exp(in, out, 3);
  quake::exp<2>(in, out2, 3);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(same_bits(out[i], out2[i]));
}

// Higher orders are strictly more accurate than lower ones on the same inputs.
TEST(Exp, LadderIsOrdered) {
  std::vector<double> worst;
  quake::registry::for_each_order([&](auto order) {
    constexpr int N = decltype(order)::value;
    double w = 0;
    for (float x : sweep<float>(-80.0f, 80.0f, 200000)) {
      w = std::max(w, std::fabs(quake::exp<N>(x) / std::exp(double(x)) - 1.0));
    }
    worst.push_back(w);
    EXPECT_LE(w, quake::exp_bound<N>);
  });
  for (std::size_t i = 1; i < worst.size(); ++i) EXPECT_GT(worst[i - 1], worst[i]);
}

}  // namespace
