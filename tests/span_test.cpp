// The C++20 std::span forms of every public function give the pointer forms' bits: a span of
// const or mutable input, any extents, the shorter span's length, and in place.
#include <array>
#include <span>
#include <vector>

#include "test_support.hpp"

namespace {

using quake_test::same_bits;

// Every public function of the list: a type whose f<N>(args...) calls quake::name<N>(args...).
#define QUAKE_SPAN_TEST_FUNCTION(name)       \
  struct span_##name {                       \
    template <int N, class... A>             \
    static void f(A&&... a) {                \
      quake::name<N>(std::forward<A>(a)...); \
    }                                        \
  };
#define QUAKE_ELEMENTWISE(name) QUAKE_SPAN_TEST_FUNCTION(name)
#define QUAKE_ROWS(name) QUAKE_SPAN_TEST_FUNCTION(name)
#include <quake/functions.inc>
#undef QUAKE_SPAN_TEST_FUNCTION

template <class First, class... Gs>
struct drop_first {
  using type = ::testing::Types<Gs...>;
};
using Functions = drop_first<void
#define QUAKE_ELEMENTWISE(name) , span_##name
#define QUAKE_ROWS(name) , span_##name
#include <quake/functions.inc>
                             >::type;

template <class G>
class SpanTest : public ::testing::Test {};
TYPED_TEST_SUITE(SpanTest, Functions);

TYPED_TEST(SpanTest, MatchesThePointerForm) {
  using G = TypeParam;
  std::vector<float> in(37), out(37, 0.0f), ref(37);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = 0.5f * float(i) - 9.0f;
  G::template f<3>(std::span<const float>(in), std::span<float>(out));
  G::template f<3>(in.data(), ref.data(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_TRUE(same_bits(out[i], ref[i])) << i;

  // Mutable input span, fixed extents, double.
  std::array<double, 5> a{1, 2, 3, 4, 5}, b{}, c{};
  G::template f<1>(std::span<double, 5>(a), std::span<double, 5>(b));
  G::template f<1>(a.data(), c.data(), a.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(same_bits(b[i], c[i])) << i;

  // In place.
  G::template f<1>(std::span<double, 5>(a));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(same_bits(a[i], c[i])) << i;
}

TYPED_TEST(SpanTest, ProcessesTheShorterSpan) {
  using G = TypeParam;
  std::vector<float> in(10, 1.0f), out(4, -1.0f), ref(4);
  G::template f<2>(std::span<const float>(in), std::span<float>(out));
  G::template f<2>(in.data(), ref.data(), std::size_t{4});
  for (std::size_t i = 0; i < 4; ++i) EXPECT_TRUE(same_bits(out[i], ref[i]));
  std::vector<float> in2(3, 1.0f), out2(6, -1.0f);
  G::template f<2>(std::span<const float>(in2), std::span<float>(out2));
  for (std::size_t i = 3; i < out2.size(); ++i) EXPECT_EQ(out2[i], -1.0f);
}

}  // namespace
