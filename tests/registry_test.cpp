// The contract of every element-wise function in the registry (include/quake/registry.hpp), for
// float and double and every order: the bound against a wider reference and every edge rule over
// a sweep of every binade plus windows around each rule's ends; scalar, batch and array forms
// bit for bit, on every architecture of the build; the array contract; monotonicity and oddness
// where the registry promises them. Adding a function to the registry adds it here.
#include <algorithm>

#include "test_support.hpp"

namespace {

using namespace quake_test;

template <class F, class T, int N>
struct Case {
  using fn = F;
  using type = T;
  static constexpr int order = N;
};

// This file is built twice (tests/CMakeLists.txt), once per type, so that the two halves compile
// in parallel: registry_test_float and registry_test_double.
#ifndef QUAKE_REGISTRY_TEST_TYPE
#define QUAKE_REGISTRY_TEST_TYPE float
#endif

// ::testing::Types<Case<F, T, N>...> for every element-wise F of the registry for which Keep<F>
// holds, T the type of this build, N in 1 .. quake::max_order.
template <class F>
struct cases_of_function {
  template <int N>
  using make = Case<F, QUAKE_REGISTRY_TEST_TYPE, N>;
  using type = typename per_order<make>::type;
};
template <template <class> class Keep, class List>
struct all_cases;
template <template <class> class Keep, class... Fs>
struct all_cases<Keep, std::tuple<Fs...>> {
  using type = typename as_types<decltype(std::tuple_cat(
      std::declval<std::conditional_t<Keep<Fs>::value, typename cases_of_function<Fs>::type,
                                      std::tuple<>>>()...))>::type;
};
template <template <class> class Keep>
using cases = typename all_cases<Keep, quake::registry::elementwise>::type;

template <class F>
struct every : std::true_type {};
template <class F>
struct is_monotone : std::bool_constant<F::monotonicity != quake::monotone::no> {};
template <class F>
struct is_odd : std::bool_constant<F::odd> {};

struct CaseNames {
  template <class C>
  static std::string GetName(int) {
    return std::string(C::fn::name) + "_" +
           (std::is_same<typename C::type, float>::value ? "float" : "double") + "_order" +
           std::to_string(C::order);
  }
};

template <class C>
class Registry : public ::testing::Test {
 protected:
  using F = typename C::fn;
  using T = typename C::type;
  static constexpr int N = C::order;

  /// Where the rules change, and 0 and +-1.
  static std::vector<T> centres() {
    std::vector<T> c = quake_check::edge_points<F, N, T>();
    for (T x : {T(0), T(1), T(-1)}) c.push_back(x);
    return c;
  }
  /// Half-width of the dense sweep: 1.5 x the measured domain.
  static T lim() {
    const auto d = quake_check::measured_domain<F, N, T>();
    const T m = std::max(std::fabs(d.first), std::fabs(d.second));
    return std::min(m * T(1.5), T(1e4));
  }
};
TYPED_TEST_SUITE(Registry, cases<every>, CaseNames);

// The properties only some functions promise, each over those functions alone.
template <class C>
class RegistryMonotone : public Registry<C> {};
TYPED_TEST_SUITE(RegistryMonotone, cases<is_monotone>, CaseNames);
template <class C>
class RegistryOdd : public Registry<C> {};
TYPED_TEST_SUITE(RegistryOdd, cases<is_odd>, CaseNames);

TYPED_TEST(Registry, BoundAndEdgeRules) {
  using F = typename TestFixture::F;
  using T = typename TestFixture::T;
  constexpr int N = TestFixture::N;
  const auto xs = domain_inputs<T>(TestFixture::lim(), TestFixture::centres(), 2'000'000);
  const Worst w = worst_error<F, N>(xs);
  EXPECT_LE(w.ratio, 1.0) << F::name << "<" << N << ">: " << w.describe();
  std::printf("[ accuracy ] %s<%d> %-6s max error / bound %.3f (bound %.3e)\n", F::name, N,
              std::is_same<T, float>::value ? "float" : "double", w.ratio, quake::bound<F, N, T>);
}

TYPED_TEST(Registry, ScalarBatchArrayBitIdentical) {
  using F = typename TestFixture::F;
  using T = typename TestFixture::T;
  constexpr int N = TestFixture::N;
  expect_forms_agree<F, N>(domain_inputs<T>(TestFixture::lim(), TestFixture::centres(), 200'000));
}

// Every SIMD architecture the build supports whose multiply-adds fuse as the scalar code's do
// (detail::compat::arch_fma) gives the scalar bits, not only the widest.
TYPED_TEST(Registry, EveryArchitectureBitIdentical) {
  using F = typename TestFixture::F;
  using T = typename TestFixture::T;
  constexpr int N = TestFixture::N;
  const auto xs = domain_inputs<T>(TestFixture::lim(), TestFixture::centres(), 100'000);
  int archs = 0;
  xsimd::supported_architectures::for_each([&](auto arch) {
    using A = decltype(arch);
    if constexpr (quake::detail::compat::has_register<T, A>::value) {
      if constexpr (quake::detail::compat::arch_fma<A>() == quake::has_fma) {
        ++archs;
        using B = xsimd::batch<T, A>;
        std::array<T, B::size> lane{};
        for (std::size_t i = 0; i + B::size <= xs.size(); i += B::size) {
          F::template scalar<N>(B::load_unaligned(xs.data() + i)).store_unaligned(lane.data());
          for (std::size_t j = 0; j < B::size; ++j) {
            ASSERT_TRUE(same_bits(F::template scalar<N>(xs[i + j]), lane[j]))
                << A::name() << " vs scalar at " << show(xs[i + j]);
          }
        }
      }
    }
  });
  if (quake::has_simd<T>) {
    EXPECT_GT(archs, 0);
  }
}

TYPED_TEST(Registry, ArrayContract) {
  using F = typename TestFixture::F;
  using T = typename TestFixture::T;
  constexpr int N = TestFixture::N;
  expect_array_contract<T>(
      [](const T* in, T* out, std::size_t n) { F::template array<N>(in, out, n); },
      [](const T* in, std::size_t, std::size_t i) { return F::template scalar<N>(in[i]); });
}

// Monotone where the registry says so: every consecutive pair in windows around each rule's ends
// and 0, and along a sorted sweep of the dense domain.
TYPED_TEST(RegistryMonotone, MonotoneWherePromised) {
  using F = typename TestFixture::F;
  using T = typename TestFixture::T;
  constexpr int N = TestFixture::N;
  const T from =
      F::monotonicity == quake::monotone::nonnegative ? T(0) : std::numeric_limits<T>::lowest();
  auto check = [&](const std::vector<T>& sorted) {
    std::vector<T> xs;
    for (T x : sorted) {
      if (x >= from) xs.push_back(x);
    }
    std::vector<T> ys(xs.size());
    F::template array<N>(xs.data(), ys.data(), xs.size());
    for (std::size_t i = 1; i < xs.size(); ++i) {
      if (!(ys[i - 1] <= ys[i])) {
        return ::testing::AssertionFailure()
               << F::name << "(" << show(xs[i - 1]) << ") = " << show(ys[i - 1]) << " > " << F::name
               << "(" << show(xs[i]) << ") = " << show(ys[i]);
      }
    }
    return ::testing::AssertionSuccess();
  };
  for (T c : TestFixture::centres()) ASSERT_TRUE(check(window(c, sweep_points(40'000))));
  ASSERT_TRUE(check(sweep<T>(-TestFixture::lim(), TestFixture::lim(), sweep_points(2'000'000))));
}

TYPED_TEST(RegistryOdd, OddWherePromised) {
  using F = typename TestFixture::F;
  using T = typename TestFixture::T;
  constexpr int N = TestFixture::N;
  for (T x : domain_inputs<T>(TestFixture::lim(), TestFixture::centres(), 500'000)) {
    if (std::isnan(x)) continue;
    ASSERT_TRUE(same_bits(F::template scalar<N>(-x), T(-F::template scalar<N>(x)))) << show(x);
  }
}

}  // namespace

namespace {

// Every fuzz id names one form: the fuzzer's corpus files are keyed by them, so two forms
// sharing one would check one of them under the other's name.
TEST(RegistryIds, FuzzIdsAreDistinct) {
  std::vector<unsigned> ids{quake::fn::softmax::fuzz_id_online};
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    ids.push_back(F::fuzz_id);
    if constexpr (F::rows) ids.push_back(F::fuzz_id_scaled);
  });
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end())
      << "two registry forms share a fuzz id";
}

}  // namespace
