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

/// One public form of quake::dispatch, for arrays of T at order N.
template <class T>
struct Form {
  std::string name;
  std::function<void(const T*, T*, std::size_t)> run;
};

/// The mask the scaled forms take: every 5th entry -inf, the others -1, 0 or 1.
template <class M>
const std::vector<M>& test_mask() {
  static const std::vector<M> mask = [] {
    std::vector<M> m(4096);
    for (std::size_t i = 0; i < m.size(); ++i) {
      m[i] = make<M>(i % 5 == 2 ? -std::numeric_limits<double>::infinity()
                                : static_cast<double>(static_cast<int>(i % 3) - 1));
    }
    return m;
  }();
  return mask;
}

/// The online step on `rows` rows of `cols` (scale 1/4, slope 1/2, mask rows `stride` apart)
/// from the state in state[0 .. 3 rows), which it sets first: the maxima (a new row for the row
/// numbered 0, the rest a max of 1.5; `first` numbers the first row), the sums (0, then 2), and
/// the rescales the step writes (-7 before).
template <int N, class T, class M>
void online_rows(const T* in, T* out, std::size_t rows, std::size_t cols, const M* mask,
                 std::size_t stride, T* state, std::size_t first = 0) {
  for (std::size_t r = 0; r < rows; ++r) {
    state[r] = first + r == 0 ? -std::numeric_limits<T>::infinity() : T(1.5);
    state[rows + r] = first + r == 0 ? T(0) : T(2);
    state[2 * rows + r] = T(-7);  // what a step that does nothing (cols 0) leaves
  }
  quake::dispatch::online_softmax<N>(in, out, rows, cols, T(0.25), mask, stride, T(0.5), state,
                                     state + rows, state + 2 * rows);
}

template <class T, int N>
void add_forms(std::vector<Form<T>>& fs) {
  const std::string o = "<" + std::to_string(N) + ">";
  namespace d = quake::dispatch;
  // Every function of the list (a row function on one row of n).
#define QUAKE_TEST_FORM(f) \
  fs.push_back({#f + o, [](const T* in, T* out, std::size_t n) { d::f<N>(in, out, n); }});
#define QUAKE_ELEMENTWISE(f) QUAKE_TEST_FORM(f)
#define QUAKE_ROWS(f) QUAKE_TEST_FORM(f)
#include <quake/functions.inc>
#undef QUAKE_TEST_FORM
  // Rows: n as 3 rows of n / 3 (the rest untouched).
  fs.push_back({"softmax rows" + o,
                [](const T* in, T* out, std::size_t n) { d::softmax<N>(in, out, 3, n / 3); }});
  fs.push_back({"log_softmax rows" + o,
                [](const T* in, T* out, std::size_t n) { d::log_softmax<N>(in, out, 3, n / 3); }});
  // Scaled and masked: one mask row for every row (stride 0), or a mask row per row.
  fs.push_back({"softmax scaled" + o, [](const T* in, T* out, std::size_t n) {
                  d::softmax<N>(in, out, 2, n / 2, num_t<T>(0.25), test_mask<T>().data());
                }});
  fs.push_back({"log_softmax scaled" + o, [](const T* in, T* out, std::size_t n) {
                  d::log_softmax<N>(in, out, 2, n / 2, num_t<T>(-3), test_mask<T>().data(), n / 2);
                }});
  // The online step: 2 rows of (n - 6) / 2, their state (max, sum, rescale) in the last 6.
  if constexpr (std::is_same<T, float>::value || std::is_same<T, double>::value) {
    fs.push_back({"online_softmax" + o, [](const T* in, T* out, std::size_t n) {
                    if (n >= 8)
                      online_rows<N>(in, out, 2, (n - 6) / 2, test_mask<T>().data(), 0,
                                     out + n - 6);
                  }});
    if constexpr (std::is_same<T, float>::value) {
      fs.push_back({"online_softmax float16 mask" + o, [](const T* in, T* out, std::size_t n) {
                      if (n >= 8)
                        online_rows<N>(in, out, 2, (n - 6) / 2, test_mask<quake::float16>().data(),
                                       0, out + n - 6);
                    }});
    }
  }
}

template <class T>
std::vector<Form<T>> forms() {
  std::vector<Form<T>> fs;
  quake::registry::for_each_order([&](auto order) { add_forms<T, decltype(order)::value>(fs); });
  return fs;
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

/// Where a and b (n each) differ first, as a message; "" where they have the same bits.
template <class T>
std::string first_difference(const T* a, const T* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!same_bits(a[i], b[i])) {
      return "at " + std::to_string(i) + ": " + std::to_string(static_cast<num_t<T>>(a[i])) +
             " vs " + std::to_string(static_cast<num_t<T>>(b[i]));
    }
  }
  return "";
}

QUAKE_STORAGE_SUITE(DispatchTest);

// Every public form, any length and alignment (an offset of one element), in place or not:
// nothing outside [0, n) is written, and in place gives the bits of out of place.
TYPED_TEST(DispatchTest, ArrayContract) {
  using T = TypeParam;
  const T canary = make<T>(-12345.5);
  for (const auto& f : forms<T>()) {
    for (std::size_t n : lengths) {
      // out holds the inputs too, so elements a form leaves alone (rows forms: cols * rows < n)
      // compare equal.
      const std::vector<T> x = inputs<T>(n + 1, static_cast<unsigned>(n));
      std::vector<T> out(x), inplace(x);
      out.push_back(canary);
      out[0] = canary;
      inplace.push_back(canary);
      f.run(x.data() + 1, out.data() + 1, n);  // misaligned by one element
      ASSERT_TRUE(same_bits(out[0], canary)) << f.name << " n " << n;
      ASSERT_TRUE(same_bits(out[n + 1], canary)) << f.name << " n " << n;
      f.run(inplace.data() + 1, inplace.data() + 1, n);
      ASSERT_TRUE(same_bits(inplace[n + 1], canary)) << f.name << " n " << n;
      ASSERT_EQ(first_difference(out.data() + 1, inplace.data() + 1, n), "")
          << f.name << " n " << n << ": in place";
    }
  }
}

// What each form computes, through the library: dispatch_golden_test holds every function's
// one-row (array) form to the set's golden column, and these tie the other forms to it. An array
// gives each element the bits of that element alone (n = 1), for every element-wise function.
TYPED_TEST(DispatchTest, AnArrayGivesEachElementItsOwnBits) {
  using T = TypeParam;
  namespace d = quake::dispatch;
  const std::vector<T> x = inputs<T>(1000, 5);
  std::vector<T> a(x.size()), b(x.size());
  quake::registry::for_each_order([&](auto order) {
    constexpr int N = decltype(order)::value;
#define QUAKE_ELEMENTWISE(f)                                           \
  d::f<N>(x.data(), a.data(), x.size());                               \
  for (std::size_t i = 0; i < x.size(); ++i) d::f<N>(&x[i], &b[i], 1); \
  EXPECT_EQ(first_difference(a.data(), b.data(), x.size()), "") << #f "<" << N << ">";
#include <quake/functions.inc>
  });
}

// A rows form gives each row the one-row form's bits (quake/softmax.hpp's contract), through the
// library's arguments: rows, scale, the mask and its stride (0, one mask row for every row, or a
// row's own), and the online step's per-row state.
TYPED_TEST(DispatchTest, RowsFormsGiveEachRowTheOneRowBits) {
  using T = TypeParam;
  using S = num_t<T>;
  namespace d = quake::dispatch;
  constexpr std::size_t rows = 3;
  const T* mask = test_mask<T>().data();
  for (std::size_t cols : lengths) {
    const std::vector<T> x = inputs<T>(rows * cols, static_cast<unsigned>(cols) + 7);
    std::vector<T> a(x.size()), b(x.size());
    const auto check = [&](const char* what, int order) {
      EXPECT_EQ(first_difference(a.data(), b.data(), x.size()), "")
          << what << "<" << order << ">, " << rows << " rows of " << cols;
    };
    quake::registry::for_each_order([&](auto order) {
      constexpr int N = decltype(order)::value;
#define QUAKE_ROWS(f)                                                                             \
  d::f<N>(x.data(), a.data(), rows, cols);                                                        \
  for (std::size_t r = 0; r < rows; ++r) d::f<N>(x.data() + r * cols, b.data() + r * cols, cols); \
  check(#f, N);                                                                                   \
  for (std::size_t stride : {std::size_t{0}, cols}) {                                             \
    d::f<N>(x.data(), a.data(), rows, cols, S(0.25), mask, stride);                               \
    for (std::size_t r = 0; r < rows; ++r) {                                                      \
      d::f<N>(x.data() + r * cols, b.data() + r * cols, 1, cols, S(0.25), mask + r * stride,      \
              std::size_t{0});                                                                    \
    }                                                                                             \
    check(stride == 0 ? #f " scaled, one mask row" : #f " scaled, a mask row each", N);           \
  }
#include <quake/functions.inc>
      if constexpr (std::is_same<T, float>::value || std::is_same<T, double>::value) {
        T state[3 * rows], one[3 * rows];
        online_rows<N>(x.data(), a.data(), rows, cols, mask, cols, state);
        for (std::size_t r = 0; r < rows; ++r) {
          T s[3];
          online_rows<N>(x.data() + r * cols, b.data() + r * cols, 1, cols, mask + r * cols, 0, s,
                         r);
          for (std::size_t k = 0; k < 3; ++k) one[k * rows + r] = s[k];
        }
        check("online_softmax", N);
        EXPECT_EQ(first_difference(state, one, 3 * rows), "")
            << "online_softmax<" << N << "> state, " << rows << " rows of " << cols;
      }
    });
  }
}

// The mixed forms, float scores to 16-bit results: the float form's results, each rounded once
// (quake/softmax.hpp), and nothing past the row written.
template <class O>
void check_mixed() {
  namespace d = quake::dispatch;
  const std::vector<float> mask = inputs<float>(1000, 3);
  for (std::size_t n : lengths) {
    const std::vector<float> x = inputs<float>(n, static_cast<unsigned>(n) + 11);
    using Run = std::function<void(O*)>;
    using RunFloat = std::function<void(float*)>;
    const std::vector<std::pair<Run, RunFloat>> forms = {
        {[&](O* o) { d::softmax<3>(x.data(), o, n); },
         [&](float* o) { d::softmax<3>(x.data(), o, n); }},
        {[&](O* o) { d::log_softmax<2>(x.data(), o, 2, n / 2); },
         [&](float* o) { d::log_softmax<2>(x.data(), o, 2, n / 2); }},
        {[&](O* o) { d::softmax<5>(x.data(), o, 1, n, 0.5f, mask.data()); },
         [&](float* o) { d::softmax<5>(x.data(), o, 1, n, 0.5f, mask.data()); }},
    };
    for (const auto& [mixed, in_float] : forms) {
      std::vector<O> a(n + 1, make<O>(7)), b(n + 1, make<O>(7));
      std::vector<float> f(n, 7.0f);
      mixed(a.data());
      in_float(f.data());
      for (std::size_t i = 0; i < n; ++i) b[i] = O(f[i]);
      ASSERT_TRUE(same_bits(a[n], make<O>(7))) << "n " << n << ": wrote past the row";
      EXPECT_EQ(first_difference(a.data(), b.data(), n), "") << "n " << n;
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

// The avx512 set stores bfloat16 with AVX512-BF16's conversion where the CPU has it and the
// library holds that part (QUAKE_TEST_DISPATCH_BF16_PART, from tests/CMakeLists.txt): the same
// bits (the forms above and the golden rows check them), fewer instructions.
TEST(DispatchSelection, Bfloat16ConversionsWhereTheCpuHasThem) {
  const bool avx512 = std::strcmp(quake::dispatch::arch(), "avx512") == 0;
  const bool cpu = quake_test::cpu_flags().find(" avx512_bf16 ") != std::string::npos;
  EXPECT_EQ(quake::dispatch::detail::selected_traits().bf16_conversions,
            avx512 && cpu && QUAKE_TEST_DISPATCH_BF16_PART)
      << "set " << quake::dispatch::arch() << ", CPU " << (cpu ? "with" : "without")
      << " AVX512-BF16";
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
