// C++20 std::span overloads of quake::exp give the same bits as the pointer form.
#include <array>
#include <span>
#include <vector>

#include "test_support.hpp"

namespace {

using quake_test::same_bits;

TEST(ExpSpan, MatchesPointerForm) {
  std::vector<float> in(37), out(37, 0.0f), ref(37);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = 0.5f * float(i) - 9.0f;
  quake::exp<3>(std::span<const float>(in), std::span<float>(out));
  quake::exp<3>(in.data(), ref.data(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_TRUE(same_bits(out[i], ref[i]));

  std::vector<double> io(11, 1.5);
  quake::exp<5>(std::span<double>(io));
  for (double v : io) EXPECT_TRUE(same_bits(v, quake::exp<5>(1.5)));
}

TEST(ExpSpan, MutableInputAndFixedExtents) {
  std::vector<float> in(9, 0.75f), out(9);
  quake::exp<4>(std::span<float>(in), std::span<float>(out));
  for (float v : out) EXPECT_TRUE(same_bits(v, quake::exp<4>(0.75f)));
  std::array<double, 5> a{1, 2, 3, 4, 5}, b{};
  quake::exp<1>(std::span<const double, 5>(a), std::span<double, 5>(b));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(same_bits(b[i], quake::exp<1>(a[i])));
  quake::exp<1>(std::span<double, 5>(a));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(same_bits(a[i], b[i]));
}

TEST(ExpSpan, ProcessesTheShorterSpan) {
  std::vector<float> in(10, 1.0f), out(4, -1.0f);
  quake::exp<2>(std::span<const float>(in), std::span<float>(out));
  for (float v : out) EXPECT_TRUE(same_bits(v, quake::exp<2>(1.0f)));
  std::vector<float> in2(3, 1.0f), out2(6, -1.0f);
  quake::exp<2>(std::span<const float>(in2), std::span<float>(out2));
  for (std::size_t i = 3; i < out2.size(); ++i) EXPECT_EQ(out2[i], -1.0f);
}

}  // namespace
