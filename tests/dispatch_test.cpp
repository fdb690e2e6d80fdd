// quake::dispatch (quake/dispatch.hpp), as a user takes it: this program is compiled without
// target flags and linked to the library; tests/CMakeLists.txt runs it once per kernel set
// (QUAKE_ARCH), and on x86-64 under qemu with older CPUs. The golden rows of every set are
// dispatch_golden_test's (golden_test.cpp).
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <quake/dispatch.hpp>
#include <quake/quake.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : nullptr;
}

// tests/CMakeLists.txt runs this whole program once per kernel set with QUAKE_ARCH naming it and
// QUAKE_SKIP_LACKING_SET=1. Where the CPU lacks that set every test is skipped, so that ctest's
// skip expression (the line printed here) marks a run in which nothing ran, and never hides a
// failure of a test that did.
class LackingSet : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* want = env("QUAKE_ARCH");
    if (env("QUAKE_SKIP_LACKING_SET") != nullptr && want != nullptr &&
        !quake::dispatch::available(want)) {
      std::printf("this CPU lacks the set %s: every test skipped\n", want);
      GTEST_SKIP() << "this CPU lacks the set " << want;
    }
  }
};
::testing::Environment* const lacking_set = ::testing::AddGlobalTestEnvironment(new LackingSet);

/// The best set this CPU runs, as the library ranks them.
std::string best_set() {
  for (const char* name : {"avx512", "avx2", "sse2", "neon64"}) {
    if (quake::dispatch::available(name)) return name;
  }
  return quake::dispatch::arch();  // the one set of a library for another target
}

/// The set a header-only build of this program's own target runs: what the dispatch library's
/// set of that name must match bit for bit.
const char* own_set() {
#if defined(__x86_64__) || defined(_M_X64)
  return "sse2";
#elif defined(__aarch64__)
  return "neon64";
#else
  return quake::has_simd<float> ? quake::simd_arch::name() : "scalar";
#endif
}

/// The number type of T (float for the 16-bit types), a T from a number, and T's bits.
template <class T>
using num_t = quake::detail::compute_t<T>;
template <class T>
T make(double x) {
  return static_cast<T>(static_cast<num_t<T>>(x));
}
template <class T>
bool same_bits(T a, T b) {
  return quake_check::bits_of(a) == quake_check::bits_of(b);
}

/// One public function of both APIs, for arrays of T at order N.
template <class T>
struct Pair {
  std::string name;
  std::function<void(const T*, T*, std::size_t)> dispatched, header_only;
};

template <class T, int N>
void add_pairs(std::vector<Pair<T>>& ps) {
  const std::string o = "<" + std::to_string(N) + ">";
  namespace d = quake::dispatch;
  // Every function of the list (a row function on one row of n).
#define QUAKE_TEST_PAIR(f)                                                               \
  ps.push_back({#f + o, [](const T* in, T* out, std::size_t n) { d::f<N>(in, out, n); }, \
                [](const T* in, T* out, std::size_t n) { quake::f<N>(in, out, n); }});
#define QUAKE_ELEMENTWISE(f) QUAKE_TEST_PAIR(f)
#define QUAKE_ROWS(f) QUAKE_TEST_PAIR(f)
#include <quake/functions.inc>
#undef QUAKE_TEST_PAIR
  // Rows: n as 3 rows of n / 3 (the rest untouched by both).
  ps.push_back({"softmax rows" + o,
                [](const T* in, T* out, std::size_t n) { d::softmax<N>(in, out, 3, n / 3); },
                [](const T* in, T* out, std::size_t n) { quake::softmax<N>(in, out, 3, n / 3); }});
  ps.push_back(
      {"log_softmax rows" + o,
       [](const T* in, T* out, std::size_t n) { d::log_softmax<N>(in, out, 3, n / 3); },
       [](const T* in, T* out, std::size_t n) { quake::log_softmax<N>(in, out, 3, n / 3); }});
  // Scaled and masked: one mask row for every row (stride 0), every 5th entry -inf.
  static const std::vector<T> mask = [] {
    std::vector<T> m(4096);
    for (std::size_t i = 0; i < m.size(); ++i) {
      m[i] = make<T>(i % 5 == 2 ? -std::numeric_limits<double>::infinity()
                                : static_cast<double>(static_cast<int>(i % 3) - 1));
    }
    return m;
  }();
  ps.push_back({"softmax scaled" + o,
                [](const T* in, T* out, std::size_t n) {
                  d::softmax<N>(in, out, 2, n / 2, num_t<T>(0.25), mask.data());
                },
                [](const T* in, T* out, std::size_t n) {
                  quake::softmax<N>(in, out, 2, n / 2, num_t<T>(0.25), mask.data());
                }});
  ps.push_back({"log_softmax scaled" + o,
                [](const T* in, T* out, std::size_t n) {
                  d::log_softmax<N>(in, out, 2, n / 2, num_t<T>(-3), mask.data(), n / 2);
                },
                [](const T* in, T* out, std::size_t n) {
                  quake::log_softmax<N>(in, out, 2, n / 2, num_t<T>(-3), mask.data(), n / 2);
                }});
  // The online step: 2 rows of (n - 6) / 2, their state (max, sum, rescale) in the last 6.
  if constexpr (std::is_same<T, float>::value || std::is_same<T, double>::value) {
    const auto online = [](auto api, const auto* m) {
      return [api, m](const T* in, T* out, std::size_t n) {
        if (n < 8) return;
        const std::size_t cols = (n - 6) / 2;
        T* state = out + n - 6;
        state[0] = -std::numeric_limits<T>::infinity();  // max: a new row, and one at 1.5
        state[1] = T(1.5);
        state[2] = T(0);  // sum
        state[3] = T(2);
        api(in, out, cols, m, state);
      };
    };
    const auto dispatched = [](const T* in, T* out, std::size_t cols, const auto* m, T* st) {
      d::online_softmax<N>(in, out, 2, cols, T(0.25), m, 0, T(0.5), st, st + 2, st + 4);
    };
    const auto header_only = [](const T* in, T* out, std::size_t cols, const auto* m, T* st) {
      quake::online_softmax<N>(in, out, 2, cols, T(0.25), m, 0, T(0.5), st, st + 2, st + 4);
    };
    ps.push_back(
        {"online_softmax" + o, online(dispatched, mask.data()), online(header_only, mask.data())});
    if constexpr (std::is_same<T, float>::value) {
      static const std::vector<quake::float16> half_mask(mask.begin(), mask.end());
      ps.push_back({"online_softmax float16 mask" + o, online(dispatched, half_mask.data()),
                    online(header_only, half_mask.data())});
    }
  }
}

template <class T>
std::vector<Pair<T>> pairs() {
  std::vector<Pair<T>> ps;
  quake::registry::for_each_order([&](auto order) { add_pairs<T, decltype(order)::value>(ps); });
  return ps;
}

/// Random values in [-30, 30] with the special values mixed in.
template <class T>
std::vector<T> inputs(std::size_t n, unsigned seed) {
  using V = num_t<T>;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<V> u(V(-30), V(30));
  const auto special = quake_check::special_values<V>();
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = static_cast<T>(i % 17 == 5 ? special[(i / 17) % special.size()] : u(rng));
  }
  return v;
}

constexpr std::size_t lengths[] = {0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 100, 1000};

QUAKE_STORAGE_SUITE(DispatchTest);

// Every public form, any length and alignment (an offset of one element), in place or not:
// nothing outside [0, n) is written, and in place gives the bits of out of place.
TYPED_TEST(DispatchTest, ArrayContract) {
  using T = TypeParam;
  const T canary = make<T>(-12345.5);
  for (const auto& p : pairs<T>()) {
    for (std::size_t n : lengths) {
      // out holds the inputs too, so elements a form leaves alone (rows forms: cols * rows < n)
      // compare equal.
      const std::vector<T> x = inputs<T>(n + 1, static_cast<unsigned>(n));
      std::vector<T> out(x), inplace(x);
      out.push_back(canary);
      out[0] = canary;
      inplace.push_back(canary);
      p.dispatched(x.data() + 1, out.data() + 1, n);  // misaligned by one element
      ASSERT_TRUE(same_bits(out[0], canary)) << p.name << " n " << n;
      ASSERT_TRUE(same_bits(out[n + 1], canary)) << p.name << " n " << n;
      p.dispatched(inplace.data() + 1, inplace.data() + 1, n);
      ASSERT_TRUE(same_bits(inplace[n + 1], canary)) << p.name << " n " << n;
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(same_bits(out[i + 1], inplace[i + 1])) << p.name << " n " << n << " at " << i;
      }
    }
  }
}

// Where the selected set is the one a header-only build of this program runs (sse2 for this
// baseline x86-64 program, neon64 on AArch64), the two APIs give the same bits: the dispatch
// forms call the function their name says, with the same semantics.
TYPED_TEST(DispatchTest, SameBitsAsTheHeaderOnlyForms) {
  using T = TypeParam;
  if (std::strcmp(quake::dispatch::arch(), own_set()) != 0) {
    GTEST_SKIP() << "the selected set " << quake::dispatch::arch() << " is not this program's own ("
                 << own_set() << "); its bits are checked by dispatch_golden_test";
  }
  for (const auto& p : pairs<T>()) {
    for (std::size_t n : lengths) {
      const std::vector<T> x = inputs<T>(n, static_cast<unsigned>(n) + 7);
      std::vector<T> a(n), b(n);
      p.dispatched(x.data(), a.data(), n);
      p.header_only(x.data(), b.data(), n);
      for (std::size_t i = 0; i < n; ++i) {
        ASSERT_TRUE(same_bits(a[i], b[i]))
            << p.name << " n " << n << " at " << i << ": x = " << static_cast<num_t<T>>(x[i])
            << ", " << static_cast<num_t<T>>(a[i]) << " vs " << static_cast<num_t<T>>(b[i]);
      }
    }
  }
}

// The mixed forms, float scores to 16-bit results: nothing past the row written, and (where the
// selected set is this program's own) the header-only forms' bits.
template <class O>
void check_mixed() {
  const bool own = std::strcmp(quake::dispatch::arch(), own_set()) == 0;
  const std::vector<float> mask = inputs<float>(1000, 3);
  for (std::size_t n : lengths) {
    const std::vector<float> x = inputs<float>(n, static_cast<unsigned>(n) + 11);
    using Run = std::function<void(O*)>;
    const std::vector<std::pair<Run, Run>> forms = {
        {[&](O* o) { quake::dispatch::softmax<3>(x.data(), o, n); },
         [&](O* o) { quake::softmax<3>(x.data(), o, n); }},
        {[&](O* o) { quake::dispatch::log_softmax<2>(x.data(), o, 2, n / 2); },
         [&](O* o) { quake::log_softmax<2>(x.data(), o, 2, n / 2); }},
        {[&](O* o) { quake::dispatch::softmax<5>(x.data(), o, 1, n, 0.5f, mask.data()); },
         [&](O* o) { quake::softmax<5>(x.data(), o, 1, n, 0.5f, mask.data()); }},
    };
    for (const auto& [dispatched, header_only] : forms) {
      std::vector<O> a(n + 1, make<O>(7)), b(n + 1, make<O>(7));
      dispatched(a.data());
      header_only(b.data());
      ASSERT_TRUE(same_bits(a[n], make<O>(7))) << "n " << n << ": wrote past the row";
      for (std::size_t i = 0; own && i < n; ++i) {
        ASSERT_TRUE(same_bits(a[i], b[i])) << "n " << n << " at " << i;
      }
    }
  }
}
TEST(DispatchMixed, FloatScoresToBfloat16) { check_mixed<quake::bfloat16>(); }
TEST(DispatchMixed, FloatScoresToFloat16) { check_mixed<quake::float16>(); }

// The selection: QUAKE_ARCH is honoured where the CPU has the set (else this reports skipped);
// QUAKE_EXPECT_ARCH (the qemu runs) names the set the emulated CPU must get.
TEST(DispatchSelection, HonoursQuakeArch) {
  const char* arch = quake::dispatch::arch();
  ASSERT_NE(arch, nullptr);
  EXPECT_TRUE(quake::dispatch::available(arch));
  EXPECT_FALSE(quake::dispatch::available("no-such-set"));
  EXPECT_FALSE(quake::dispatch::available(nullptr));
  if (const char* expect = env("QUAKE_EXPECT_ARCH")) {
    EXPECT_STREQ(arch, expect);
  }
  if (const char* want = env("QUAKE_ARCH")) {
    if (!quake::dispatch::available(want)) {
      GTEST_SKIP() << "this CPU lacks the set " << want << " (running " << arch << ")";
    }
    EXPECT_STREQ(arch, want);
  }
}

// A QUAKE_ARCH naming no set, or one the CPU lacks, gets the best set and one line on stderr,
// once (tests/CMakeLists.txt runs this alone, so that its calls are the first, with
// QUAKE_ARCH=no-such-set, and under qemu with QUAKE_ARCH=avx512 on a CPU without it).
TEST(DispatchSelection, UnknownQuakeArchFallsBackWithOneLine) {
  const char* want = env("QUAKE_ARCH");
  if (want == nullptr || quake::dispatch::available(want)) {
    GTEST_SKIP() << "runs with a QUAKE_ARCH this CPU lacks";
  }
  ::testing::internal::CaptureStderr();
  const std::string first = quake::dispatch::arch();
  const std::string second = quake::dispatch::arch();
  float x = 1, y = 0;
  quake::dispatch::exp(&x, &y, 1);
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(first, second);
  if (const char* expect = env("QUAKE_EXPECT_ARCH")) {
    EXPECT_EQ(first, expect);
  }
  EXPECT_TRUE(quake::dispatch::available(first.c_str()));
  EXPECT_NE(err.find(std::string("QUAKE_ARCH=") + want), std::string::npos) << err;
  EXPECT_NE(err.find("using " + first), std::string::npos) << err;
  EXPECT_EQ(err.find('\n'), err.size() - 1) << "one line: " << err;
  EXPECT_NEAR(y, 2.7182817f, 0.01f);
}

// QUAKE_ARCH set but empty is QUAKE_ARCH unset: the best set, and nothing on stderr
// (tests/CMakeLists.txt runs this alone, with QUAKE_ARCH="", so that its call is the first).
TEST(DispatchSelection, EmptyQuakeArchIsTheBestSetSilently) {
  const char* v = std::getenv("QUAKE_ARCH");
  if (v == nullptr || *v != '\0') GTEST_SKIP() << "runs with QUAKE_ARCH set to \"\"";
  ::testing::internal::CaptureStderr();
  const std::string arch = quake::dispatch::arch();
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "");
  EXPECT_EQ(arch, best_set());
}

// Many threads at once on the first use: one selection, and every thread the same bits
// (tests/CMakeLists.txt runs this alone, so that the selection happens inside it).
TEST(DispatchSelection, ConcurrentFirstUseSelectsOnce) {
  constexpr int kThreads = 8;
  constexpr std::size_t n = 1000;
  std::vector<float> in(n);
  for (std::size_t i = 0; i < n; ++i) in[i] = -20.0f + 0.04f * static_cast<float>(i);
  std::vector<std::vector<float>> out(kThreads, std::vector<float>(n));
  std::vector<const char*> arch(kThreads, nullptr);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) {
      }
      quake::dispatch::sigmoid(in.data(), out[static_cast<std::size_t>(t)].data(), n);
      arch[static_cast<std::size_t>(t)] = quake::dispatch::arch();
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 1; t < kThreads; ++t) {
    EXPECT_EQ(arch[static_cast<std::size_t>(t)], arch[0]) << "thread " << t;
    EXPECT_EQ(
        std::memcmp(out[static_cast<std::size_t>(t)].data(), out[0].data(), n * sizeof(float)), 0)
        << "thread " << t;
  }
}

}  // namespace
