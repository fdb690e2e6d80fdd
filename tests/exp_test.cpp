// quake::exp: the documented bound of every order and type, the edge rules, monotonicity,
// scalar/batch/array bit-identity, and the array contract.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace quake_test;

template <class T, int N>
struct Case {
  using type = T;
  static constexpr int order = N;
};

template <class C>
class ExpTest : public ::testing::Test {};

using Cases = ::testing::Types<Case<float, 1>, Case<float, 2>, Case<float, 3>, Case<float, 4>,
                               Case<float, 5>, Case<double, 1>, Case<double, 2>, Case<double, 3>,
                               Case<double, 4>, Case<double, 5>>;

struct CaseNames {
  template <class C>
  static std::string GetName(int) {
    return std::string(std::is_same<typename C::type, float>::value ? "float" : "double") +
           "_order" + std::to_string(C::order);
  }
};
TYPED_TEST_SUITE(ExpTest, Cases, CaseNames);

template <int N, class T>
std::vector<T> exp_array(const std::vector<T>& in) {
  std::vector<T> out(in.size());
  quake::exp<N>(in.data(), out.data(), in.size());
  return out;
}

// The bound, against a higher-precision reference, over a sweep through every binade of the
// domain where e^x is a normal number, both signs.
TYPED_TEST(ExpTest, RelativeErrorWithinDocumentedBound) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using R = quake::detail::exp_range<T>;
  const std::int64_t points = sweep_points(std::is_same<T, float>::value ? 8'000'000 : 4'000'000);
  std::vector<T> xs = sweep<T>(R::normal_min, R::overflow, points);
  // Plus dense windows where things change: around 0 and at both ends of the range.
  for (T c : {T(0), R::normal_min, R::overflow}) {
    for (T x : window(c, 20000)) {
      if (x >= R::normal_min && x <= R::overflow) xs.push_back(x);
    }
  }
  const std::vector<T> ys = exp_array<N>(xs);
  double worst = 0;
  std::size_t at = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const auto ref = ref_exp(xs[i]);
    const double err = static_cast<double>(std::fabs((static_cast<ref_t<T>>(ys[i]) - ref) / ref));
    if (!(err <= worst)) {  // catches NaN too
      worst = err;
      at = i;
    }
  }
  const double bound = exp_bound(N);
  EXPECT_LE(worst, bound) << "worst input " << show(xs[at]) << " gives " << show(ys[at])
                          << ", reference " << show(static_cast<T>(ref_exp(xs[at])));
  this->RecordProperty("max_rel_error", std::to_string(worst));
  // Printed so the README's accuracy table can be checked against a test run.
  std::printf("[ accuracy ] exp<%d> %-6s max rel err %.4e at x = %a (bound %.2e, %zu inputs)\n", N,
              std::is_same<T, float>::value ? "float" : "double", worst,
              static_cast<double>(xs[at]), bound, xs.size());
}

TYPED_TEST(ExpTest, EdgeRules) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using L = std::numeric_limits<T>;
  using R = quake::detail::exp_range<T>;
  auto e = [](T x) { return quake::exp<N>(x); };

  EXPECT_TRUE(std::isnan(e(L::quiet_NaN())));
  EXPECT_TRUE(std::isnan(e(-L::quiet_NaN())));
  EXPECT_TRUE(std::isnan(e(L::signaling_NaN())));
  EXPECT_TRUE(same_bits(e(L::infinity()), L::infinity()));
  EXPECT_TRUE(same_bits(e(-L::infinity()), T(0)));  // +0, not -0

  // Overflow threshold: the largest input with a finite e^x stays finite, the next overflows.
  const T big = R::overflow;
  EXPECT_LT(minus_ln_max(big), 0) << show(big);
  EXPECT_GE(minus_ln_max(std::nextafter(big, L::infinity())), 0);
  EXPECT_TRUE(std::isfinite(e(big))) << show(e(big));
  EXPECT_GE(e(big), L::max() * T(0.9));
  for (T x : {std::nextafter(big, L::infinity()), T(1e3), T(1e30), L::max()}) {
    EXPECT_TRUE(same_bits(e(x), L::infinity())) << show(x);
  }
  for (T x : window(big, 4000)) {
    if (x <= big) {
      EXPECT_TRUE(std::isfinite(e(x))) << show(x);
    } else {
      EXPECT_TRUE(same_bits(e(x), L::infinity())) << show(x);
    }
  }

  // Underflow: below normal_min the result is in [0, min()); at or below -overflow it is +0.
  EXPECT_GE(minus_ln_min(R::normal_min), 0) << show(R::normal_min);
  EXPECT_LT(minus_ln_min(std::nextafter(R::normal_min, -L::infinity())), 0);
  for (T x : sweep<T>(-big, std::nextafter(R::normal_min, -L::infinity()), 20000)) {
    const T y = e(x);
    EXPECT_TRUE(y >= T(0) && y < L::min() && !std::signbit(y)) << show(x) << " -> " << show(y);
    if (N >= 2) {  // orders 2-5 flush to +0 (documented)
      EXPECT_TRUE(same_bits(y, T(0))) << show(x) << " -> " << show(y);
    }
  }
  for (T x : {-big, std::nextafter(-big, -L::infinity()), T(-1e3), T(-1e30), L::lowest()}) {
    EXPECT_TRUE(same_bits(e(x), T(0))) << show(x);
  }

  // Around zero: e^0 = 1 exactly for orders >= 2; tiny inputs stay within the bound of 1.
  if (N >= 2) {
    EXPECT_TRUE(same_bits(e(T(0)), T(1)));
    EXPECT_TRUE(same_bits(e(-T(0)), T(1)));
  }
  for (T x : {L::denorm_min(), -L::denorm_min(), L::min(), -L::min(), L::epsilon()}) {
    EXPECT_LE(std::fabs(static_cast<double>(e(x)) - 1.0), exp_bound(N) * 1.0001) << show(x);
  }
}

// Monotone: checked over every consecutive pair in windows around each exponent boundary
// (x = k ln2), zero and the thresholds, and over the sorted global sweep.
TYPED_TEST(ExpTest, Monotone) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using R = quake::detail::exp_range<T>;
  const bool is_float = std::is_same<T, float>::value;
  std::vector<T> centres = {T(0),         R::overflow, R::normal_min,
                            -R::overflow, R::clamp_lo, R::clamp_hi};
  const int kmax = is_float ? 128 : 1024;
  const int kstep = is_float ? 1 : 3;
  for (int k = -kmax; k <= kmax; k += kstep) {
    centres.push_back(static_cast<T>(k * 0.693147180559945309417232121458L));
  }
  const std::int64_t width = sweep_points(is_float ? 4096 * 8 : 1024 * 8) / 8;
  auto check = [](const std::vector<T>& xs) {
    const std::vector<T> ys = exp_array<N>(xs);
    for (std::size_t i = 1; i < xs.size(); ++i) {
      if (!(ys[i - 1] <= ys[i])) {
        return ::testing::AssertionFailure()
               << "exp(" << show(xs[i - 1]) << ") = " << show(ys[i - 1]) << " > exp(" << show(xs[i])
               << ") = " << show(ys[i]);
      }
    }
    return ::testing::AssertionSuccess();
  };
  for (T c : centres) ASSERT_TRUE(check(window(c, width)));
  ASSERT_TRUE(check(sweep<T>(R::clamp_lo * 2, R::clamp_hi * 2, sweep_points(4'000'000))));
}

// Scalar, batch and array forms: the same bits for the same input, edges included.
TYPED_TEST(ExpTest, ScalarBatchArrayBitIdentical) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using R = quake::detail::exp_range<T>;
  std::vector<T> xs = sweep<T>(-R::clamp_hi * 2, R::clamp_hi * 2, sweep_points(2'000'000));
  for (T x : edge_inputs<T>()) xs.push_back(x);
  // Densely where results approach and cross FLT_MIN / DBL_MIN (where 32-bit NEON flushes).
  for (T c : {R::normal_min, -R::overflow}) {
    for (T x : window(c, sweep_points(40000))) xs.push_back(x);
  }
  const std::vector<T> arr = exp_array<N>(xs);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    ASSERT_TRUE(same_bits(quake::exp<N>(xs[i]), arr[i])) << "scalar vs array at " << show(xs[i]);
  }
  if constexpr (quake::has_simd<T>) {
    using B = xsimd::batch<T, quake::simd_arch>;
    std::array<T, B::size> lane{};
    for (std::size_t i = 0; i + B::size <= xs.size(); i += 1 + B::size / 2) {
      quake::exp<N>(B::load_unaligned(xs.data() + i)).store_unaligned(lane.data());
      for (std::size_t j = 0; j < B::size; ++j) {
        ASSERT_TRUE(same_bits(quake::exp<N>(xs[i + j]), lane[j]))
            << "scalar vs batch at " << show(xs[i + j]);
      }
    }
  }
}

// Every SIMD architecture the build supports (not only the widest) gives the scalar bits.
TYPED_TEST(ExpTest, EveryArchitectureBitIdentical) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  using R = quake::detail::exp_range<T>;
  std::vector<T> xs = sweep<T>(-R::clamp_hi * 2, R::clamp_hi * 2, sweep_points(200'000));
  for (T x : edge_inputs<T>()) xs.push_back(x);
  int archs = 0;
  xsimd::supported_architectures::for_each([&](auto arch) {
    using A = decltype(arch);
    if constexpr (quake::detail::compat::has_register<T, A>::value) {
      ++archs;
      using B = xsimd::batch<T, A>;
      std::array<T, B::size> lane{};
      for (std::size_t i = 0; i + B::size <= xs.size(); i += B::size) {
        quake::exp<N>(B::load_unaligned(xs.data() + i)).store_unaligned(lane.data());
        for (std::size_t j = 0; j < B::size; ++j) {
          ASSERT_TRUE(same_bits(quake::exp<N>(xs[i + j]), lane[j]))
              << A::name() << " vs scalar at " << show(xs[i + j]);
        }
      }
    }
  });
  if (quake::has_simd<T>) {
    EXPECT_GT(archs, 0);
  }
}

// Arrays: every n in 0..70, unaligned starts, in place, and nothing outside [0, n) touched.
TYPED_TEST(ExpTest, ArrayContract) {
  using T = typename TypeParam::type;
  constexpr int N = TypeParam::order;
  const T canary = T(-12345.5);
  constexpr std::size_t pad = 32;
  for (std::size_t n = 0; n <= 70; ++n) {
    for (std::size_t offset = 0; offset < 4; ++offset) {
      std::vector<T> in(n + 2 * pad, T(7)), out(n + 2 * pad, canary);
      for (std::size_t i = 0; i < n; ++i) in[pad + offset + i] = T(0.37) * T(i) - T(9);
      const std::vector<T> in_copy = in;
      quake::exp<N>(in.data() + pad + offset, out.data() + pad + offset, n);
      ASSERT_EQ(in, in_copy) << "input modified, n = " << n;
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (i >= pad + offset && i < pad + offset + n) {
          ASSERT_TRUE(same_bits(out[i], quake::exp<N>(in[i]))) << "n = " << n << ", i = " << i;
        } else {
          ASSERT_TRUE(same_bits(out[i], canary))
              << "wrote outside [0, n): n = " << n << ", i = " << i;
        }
      }
      // In place.
      std::vector<T> io = in;
      quake::exp<N>(io.data() + pad + offset, io.data() + pad + offset, n);
      for (std::size_t i = 0; i < io.size(); ++i) {
        const bool inside = i >= pad + offset && i < pad + offset + n;
        ASSERT_TRUE(same_bits(io[i], inside ? quake::exp<N>(in[i]) : in[i]))
            << "in place, n = " << n;
      }
    }
  }
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
  auto worst = [](auto order_tag) {
    constexpr int N = decltype(order_tag)::value;
    double w = 0;
    for (float x : sweep<float>(-80.0f, 80.0f, 200000)) {
      w = std::max(w, std::fabs(quake::exp<N>(x) / std::exp(double(x)) - 1.0));
    }
    return w;
  };
  const double e1 = worst(std::integral_constant<int, 1>{});
  const double e2 = worst(std::integral_constant<int, 2>{});
  const double e3 = worst(std::integral_constant<int, 3>{});
  const double e4 = worst(std::integral_constant<int, 4>{});
  const double e5 = worst(std::integral_constant<int, 5>{});
  EXPECT_GT(e1, e2);
  EXPECT_GT(e2, e3);
  EXPECT_GT(e3, e4);
  EXPECT_GT(e4, e5);
}

}  // namespace
