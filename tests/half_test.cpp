// quake::bfloat16 and quake::float16 (quake/half.hpp): their conversions, and every registry
// function on 16-bit arrays over all 65536 inputs. Each result must be the float form's result
// rounded once to the type (bit for bit), and so within the function's float bound of the true
// value plus the type's rounding. QUAKE_HALF_TABLE=1 prints docs/accuracy.md's 16-bit table.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

using quake::bfloat16;
using quake::float16;
using quake_test::from_bits;
using quake_test::to_bits;

template <class S>
struct half_traits;
template <>
struct half_traits<bfloat16> {
  static constexpr const char* name = "bfloat16";
  static constexpr int mantissa = 7, min_exponent = -126;
  static constexpr double largest = 3.3895313892515355e38;  // 0x7f7f
};
template <>
struct half_traits<float16> {
  static constexpr const char* name = "float16";
  static constexpr int mantissa = 10, min_exponent = -14;
  static constexpr double largest = 65504;
};

/// The unit in the last place of S at magnitude |r| (subnormal spacing below the normals).
template <class S>
double ulp(double r) {
  using H = half_traits<S>;
  int e = 0;
  std::frexp(r, &e);  // r = m 2^e, m in [0.5, 1)
  return std::ldexp(1.0, std::max(e - 1, H::min_exponent) - H::mantissa);
}

template <class S>
std::vector<S> all_values() {
  std::vector<S> v(65536);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = S::from_bits(static_cast<std::uint16_t>(i));
  return v;
}

template <class S>
bool same(S a, S b) {
  return a.bits() == b.bits();
}

template <class S>
class HalfTest : public ::testing::Test {};
using HalfTypes = ::testing::Types<bfloat16, float16>;
struct HalfNames {
  template <class S>
  static std::string GetName(int) {
    return half_traits<S>::name;
  }
};
TYPED_TEST_SUITE(HalfTest, HalfTypes, HalfNames);

// ---- the types and their conversions ---------------------------------------------------------

// To float is exact and round-trips; NaN stays NaN and is quieted; the SIMD load gives the
// scalar conversion's bits (every 16-bit pattern).
TYPED_TEST(HalfTest, ToFloatIsExactForEveryValue) {
  using S = TypeParam;
  const std::vector<S> in = all_values<S>();
  std::vector<float> simd(in.size());
  // The identity kernel through the array driver: the SIMD load and a float store.
  for (std::size_t i = 0; i < in.size(); i += 61) {
    const std::size_t n = std::min<std::size_t>(61, in.size() - i);
    std::vector<S> copy(in.begin() + static_cast<std::ptrdiff_t>(i),
                        in.begin() + static_cast<std::ptrdiff_t>(i + n));
    std::vector<S> out(n);
    quake::detail::apply_elementwise<quake::simd_arch>([](const auto& v) { return v; }, copy.data(),
                                                       out.data(), n);
    for (std::size_t j = 0; j < n; ++j) {
      const float a = static_cast<float>(copy[j]), b = static_cast<float>(out[j]);
      if (std::isnan(a)) {
        ASSERT_TRUE(std::isnan(b)) << std::hex << in[i + j].bits();
      } else {
        ASSERT_TRUE(same(copy[j], out[j]))
            << std::hex << in[i + j].bits() << " -> " << out[j].bits();
      }
    }
  }
  for (const S& h : in) {
    const float f = static_cast<float>(h);
    const S back(f);
    if (std::isnan(f)) {
      ASSERT_TRUE(std::isnan(static_cast<float>(back)));
      continue;
    }
    ASSERT_TRUE(same(back, h)) << std::hex << h.bits();
    ASSERT_EQ(std::signbit(f), (h.bits() & 0x8000) != 0);
  }
  // Quiet NaN: the quiet bit set, the sign kept.
  const std::uint16_t quiet = std::is_same<S, bfloat16>::value ? 0x40 : 0x200;
  for (const S& h : in) {
    const float f = static_cast<float>(h);
    if (!std::isnan(f)) continue;
    const S q(f);
    ASSERT_NE(q.bits() & quiet, 0) << std::hex << h.bits();
    ASSERT_EQ(q.bits() & 0x8000, h.bits() & 0x8000);
  }
}

/// The S bits a NaN of float (bits f) converts to: the sign, the upper payload bits, and the
/// quiet bit set (bfloat16: the upper 16 bits; float16: sign, 0x7c00, payload >> 13).
template <class S>
std::uint16_t quieted(std::uint32_t f) {
  const auto sign = static_cast<std::uint16_t>(f >> 16 & 0x8000);
  if (std::is_same<S, bfloat16>::value) return static_cast<std::uint16_t>(f >> 16 | 0x0040);
  return static_cast<std::uint16_t>(sign | 0x7e00 | (f >> 13 & 0x03ff));
}

/// The float bits a NaN of S (bits h) converts to: bfloat16 exactly (a signalling NaN stays
/// one), float16 quieted with its payload shifted up.
template <class S>
std::uint32_t widened_nan(std::uint16_t h) {
  if (std::is_same<S, bfloat16>::value) return std::uint32_t{h} << 16;
  return (std::uint32_t{h} & 0x8000u) << 16 | 0x7fc00000u | (std::uint32_t{h} & 0x03ffu) << 13;
}

// NaN payloads, bit for bit, both ways and through the SIMD load and store: every NaN of S, and
// float NaNs with every sign, quiet bit and a spread of payloads.
TYPED_TEST(HalfTest, NaNPayloadsAreKept) {
  using S = TypeParam;
  std::vector<S> nans;
  for (const S& h : all_values<S>()) {
    if (std::isnan(static_cast<float>(h))) nans.push_back(h);
  }
  ASSERT_EQ(nans.size(), (std::is_same<S, bfloat16>::value ? 2u * 127 : 2u * 1023));
  std::vector<S> out(nans.size());
  quake::detail::apply_elementwise<quake::simd_arch>([](const auto& v) { return v; }, nans.data(),
                                                     out.data(), nans.size());
  for (std::size_t i = 0; i < nans.size(); ++i) {
    const std::uint16_t h = nans[i].bits();
    const std::uint32_t f = to_bits(static_cast<float>(nans[i]));
    ASSERT_EQ(f, widened_nan<S>(h)) << std::hex << h;
    ASSERT_EQ(S(static_cast<float>(nans[i])).bits(), quieted<S>(f)) << std::hex << h;
    ASSERT_EQ(out[i].bits(), quieted<S>(f)) << "SIMD load and store of " << std::hex << h;
  }
  std::vector<float> fnans;
  for (std::uint32_t sign : {0u, 0x80000000u}) {
    for (std::uint32_t payload = 1; payload < 0x800000u; payload = payload * 3 + 1) {
      fnans.push_back(from_bits<float>(sign | 0x7f800000u | payload));                // signalling
      fnans.push_back(from_bits<float>(sign | 0x7fc00000u | (payload & 0x3fffffu)));  // quiet
    }
  }
  std::vector<S> stored(fnans.size());
  quake::detail::store_rounded<quake::simd_arch>(fnans.data(), stored.data(), fnans.size());
  for (std::size_t i = 0; i < fnans.size(); ++i) {
    const std::uint32_t f = to_bits(fnans[i]);
    ASSERT_EQ(S(fnans[i]).bits(), quieted<S>(f)) << std::hex << f;
    ASSERT_EQ(S(static_cast<double>(fnans[i])).bits(), quieted<S>(f)) << "double " << std::hex << f;
    ASSERT_EQ(stored[i].bits(), quieted<S>(f)) << "SIMD store of " << std::hex << f;
  }
}

// -0 stays -0; the ties at the top of the range go to the even neighbour, which is infinity
// (float16: 65520; bfloat16: the midpoint between its largest finite value and infinity), and
// the float just below stays finite; the scalar, double and SIMD conversions agree.
TYPED_TEST(HalfTest, SignedZeroAndTheOverflowTies) {
  using S = TypeParam;
  const bool bf = std::is_same<S, bfloat16>::value;
  const std::uint16_t largest = bf ? 0x7f7f : 0x7bff, inf = bf ? 0x7f80 : 0x7c00;
  const float tie = bf ? from_bits<float>(0x7f7f8000u) : 65520.0f;
  std::vector<std::pair<float, std::uint16_t>> cases = {
      {-0.0f, 0x8000},
      {0.0f, 0x0000},
      {tie, inf},
      {-tie, static_cast<std::uint16_t>(inf | 0x8000)},
      {std::nextafter(tie, 0.0f), largest},
      {-std::nextafter(tie, 0.0f), static_cast<std::uint16_t>(largest | 0x8000)},
      {std::numeric_limits<float>::max(), inf},
  };
  std::vector<float> xs;
  for (const auto& c : cases) xs.push_back(c.first);
  std::vector<S> simd(xs.size());
  quake::detail::store_rounded<quake::simd_arch>(xs.data(), simd.data(), xs.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto [x, want] = cases[i];
    EXPECT_EQ(S(x).bits(), want) << std::hexfloat << x;
    EXPECT_EQ(S(static_cast<double>(x)).bits(), want) << "double " << std::hexfloat << x;
    EXPECT_EQ(simd[i].bits(), want) << "SIMD " << std::hexfloat << x;
  }
  // Doubles round once: just below the tie is finite, though it rounds to the tie as a float.
  EXPECT_EQ(S(std::nextafter(static_cast<double>(tie), 0.0)).bits(), largest);
  const float back = static_cast<float>(S::from_bits(0x8000));
  EXPECT_TRUE(back == 0.0f && std::signbit(back));
}

/// The correctly rounded S of x, from first principles: the nearest of the two neighbouring
/// values of S (as doubles), ties to the even one, overflow to +-inf past the rounding boundary.
template <class S>
std::uint16_t nearest_even(double x) {
  using H = half_traits<S>;
  if (std::isnan(x)) return 0;  // not used for NaN
  const double a = std::fabs(x);
  const std::uint16_t sign = std::signbit(x) ? 0x8000 : 0;
  const double boundary = H::largest + ulp<S>(H::largest) / 2;  // ties go to the even inf
  const std::uint16_t inf = std::is_same<S, bfloat16>::value ? 0x7f80 : 0x7c00;
  if (a >= boundary) return static_cast<std::uint16_t>(sign | inf);
  const double step = ulp<S>(a);
  const double lower = std::floor(a / step) * step;
  const double rest = a - lower;
  double r = lower;
  if (rest > step / 2 || (rest == step / 2 && std::fmod(lower / step, 2.0) == 1.0)) r += step;
  return static_cast<std::uint16_t>(sign | S(r).bits());  // r is exactly representable
}

// From float: round to nearest even, against a first-principles rounding, on a sample of every
// binade of float (and the neighbourhoods of every rounding boundary of S); and the SIMD store
// (software or F16C) against the scalar one on the same floats.
TYPED_TEST(HalfTest, FromFloatRoundsToNearestEven) {
  using S = TypeParam;
  std::vector<float> xs;
  const std::uint64_t stride = 4099u * QUAKE_TEST_SWEEP_SCALE;
  for (std::uint64_t u = 0; u < (1ull << 32); u += stride) {
    xs.push_back(from_bits<float>(static_cast<std::uint32_t>(u)));
  }
  // Around every value of S and every midpoint between neighbours: 3 floats either side.
  for (std::uint32_t h = 0; h < 0x10000; h += 7) {
    const float f = static_cast<float>(S::from_bits(static_cast<std::uint16_t>(h)));
    if (!std::isfinite(f)) continue;
    const float next = static_cast<float>(S::from_bits(static_cast<std::uint16_t>(h + 1)));
    const float mid = std::isfinite(next) ? static_cast<float>((double(f) + double(next)) / 2) : f;
    for (float c : {f, mid}) {
      std::uint32_t b = to_bits(c);
      for (std::uint32_t d = 0; d < 7; ++d) xs.push_back(from_bits<float>(b - 3 + d));
    }
  }
  for (float x : xs) {
    const S h(x);
    if (std::isnan(x)) {
      ASSERT_TRUE(std::isnan(static_cast<float>(h)));
      continue;
    }
    ASSERT_EQ(h.bits(), nearest_even<S>(x)) << std::hexfloat << x;
    ASSERT_TRUE(same(S(static_cast<double>(x)), h)) << std::hexfloat << x;  // double path
  }
  // The SIMD stores of the drivers (software, F16C for float16, AVX512-BF16 for bfloat16), one
  // vector and two at once (chunks of 32: store2 where the vectors have 16 lanes or fewer): the
  // same bits.
  for (const std::size_t chunk : {std::size_t{16}, std::size_t{32}}) {
    for (std::size_t i = 0; i < xs.size(); i += chunk) {
      const std::size_t n = std::min<std::size_t>(chunk, xs.size() - i);
      std::vector<float> f(xs.begin() + static_cast<std::ptrdiff_t>(i),
                           xs.begin() + static_cast<std::ptrdiff_t>(i + n));
      std::vector<S> simd(n);
      quake::detail::store_rounded<quake::simd_arch>(f.data(), simd.data(), n);
      for (std::size_t j = 0; j < n; ++j) {
        ASSERT_TRUE(same(simd[j], S(f[j]))) << std::hexfloat << f[j] << ": " << std::hex
                                            << simd[j].bits() << " vs " << S(f[j]).bits();
      }
    }
  }
}

// A subnormal float in any one lane of one vector or of a pair of vectors that are otherwise
// normal: the drivers' stores round every lane as the scalar conversion does (AVX512-BF16's
// conversion reads subnormals as zero, so the store must see the subnormal in either vector).
TYPED_TEST(HalfTest, StoresRoundASubnormalInAnyLane) {
  using S = TypeParam;
  constexpr std::size_t W = quake::detail::lanes<float, quake::simd_arch>::size;
  for (const float tiny : {0x1p-127f, -0x1.8p-133f, 0x1p-149f, 0x1.fffffcp-127f}) {
    for (const std::size_t n : {W, 2 * W}) {
      for (std::size_t at = 0; at < n; ++at) {
        std::vector<float> f(n);
        for (std::size_t j = 0; j < n; ++j) f[j] = 1.5f + static_cast<float>(j) * 0x1p-20f;
        f[at] = tiny;
        std::vector<S> simd(n);
        quake::detail::store_rounded<quake::simd_arch>(f.data(), simd.data(), n);
        for (std::size_t j = 0; j < n; ++j) {
          ASSERT_TRUE(same(simd[j], S(f[j])))
              << "n " << n << ", subnormal " << std::hexfloat << tiny << " at " << at << ", lane "
              << j << ": " << std::hex << simd[j].bits() << " vs " << S(f[j]).bits();
        }
      }
    }
  }
}

// Doubles round once: the double between two neighbours of S just above their midpoint rounds
// up, where rounding to float first would tie and round to even.
TYPED_TEST(HalfTest, FromDoubleRoundsOnce) {
  using S = TypeParam;
  const double one = 1.0,
               next =
                   static_cast<float>(S::from_bits(static_cast<std::uint16_t>(S(1.0f).bits() + 1)));
  const double mid = (one + next) / 2;
  const double above = std::nextafter(mid, 2.0);  // rounds to float `mid` exactly: a tie
  EXPECT_EQ(S(above).bits(), S::from_bits(static_cast<std::uint16_t>(S(1.0f).bits() + 1)).bits());
  EXPECT_EQ(S(static_cast<float>(above)).bits(), S(1.0f).bits());  // the float tie goes to even
  EXPECT_EQ(S(1e300).bits() & 0x7fff, S(std::numeric_limits<float>::infinity()).bits() & 0x7fff);
  EXPECT_EQ(S(-1e-300).bits(), 0x8000);
}

#if QUAKE_HAS_FLOAT16_TYPE
// The compiler's _Float16 conversions (F16C or libgcc) agree bit for bit.
TEST(Float16, AgreesWithFloat16Type) {
  for (std::uint64_t u = 0; u < (1ull << 32); u += 65521u * QUAKE_TEST_SWEEP_SCALE) {
    const float x = from_bits<float>(static_cast<std::uint32_t>(u));
    const _Float16 c = static_cast<_Float16>(x);
    const quake::float16 q(x);
    ASSERT_EQ(quake::float16(c).bits(), q.bits()) << std::hexfloat << x;  // NaNs included
    ASSERT_EQ(to_bits(static_cast<float>(c)), to_bits(static_cast<float>(q)));
  }
}
#endif

// ---- every function, every order, all 65536 inputs --------------------------------------------

struct Stats {
  double worst_ulps = 0;  // max error in ulps of S at the function's scale (in_ulps)
  std::size_t measured = 0, correctly_rounded = 0;
};

/// An error in ulps of S at the magnitude the function's measure scales by: the true value
/// (relative functions: ulps of the result, subnormal spacing included), |x| (the x sigmoid(u)
/// family and gelu_erf), max(1, |y|) (log_softmax).
template <class S>
double in_ulps(double error, double scale) {
  return error / ulp<S>(scale);
}

template <class S>
void print_row(const char* function, int order, double bound, const Stats& s) {
  if (std::getenv("QUAKE_HALF_TABLE") == nullptr) return;
  std::printf("| %s | %s | %d | %.2e | %.2f | %.1f %% |\n", function, half_traits<S>::name, order,
              bound, s.worst_ulps,
              100.0 * static_cast<double>(s.correctly_rounded) / static_cast<double>(s.measured));
}

template <class S, class F, int N>
void check_elementwise() {
  const std::vector<S> in = all_values<S>();
  std::vector<S> out(in.size());
  F::template array<N>(in.data(), out.data(), in.size());
  Stats st;
  const double b = quake::bound<F, N, float>;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const float x = static_cast<float>(in[i]);
    const float y = F::template scalar<N>(x);
    ASSERT_TRUE(same(out[i], S(y)))
        << F::name << "<" << N << "> " << half_traits<S>::name << " x = " << x << ": " << std::hex
        << out[i].bits() << ", float result rounded " << S(y).bits();
    if (quake_check::rule<F, N, float>(x, y).decided) continue;
    const double r = F::reference(static_cast<double>(x));
    const double h = static_cast<double>(static_cast<float>(out[i]));
    if (std::isinf(h) && std::fabs(r) * (1 + b) >= half_traits<S>::largest) continue;  // overflow
    ++st.measured;
    st.correctly_rounded += out[i].bits() == S(r).bits();
    // The float bound, plus S's rounding of the float result: half an ulp of S at it.
    const double scale = F::error == quake::measure::relative ? std::fabs(r) : std::fabs(x);
    const double allowed =
        b * scale + quake_check::slack<F, float>() + ulp<S>(std::fabs(r) * (1 + b)) / 2;
    st.worst_ulps = std::max(st.worst_ulps, in_ulps<S>(std::fabs(h - r), scale));
    ASSERT_LE(std::fabs(h - r), allowed) << F::name << "<" << N << "> " << half_traits<S>::name
                                         << " x = " << x << " -> " << h << ", true " << r;
  }
  print_row<S>(F::name, N, b, st);
}

template <class S, class F, int N>
void check_rows() {
  // The finite values in rows of up to 61, each NaN or infinity a row of its own (as the golden
  // test), and the float scores of the same values for the mixed form.
  const std::vector<S> all = all_values<S>();
  std::vector<S> out(all.size()), mixed(all.size());
  std::vector<float> f(all.size()), fy(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) f[i] = static_cast<float>(all[i]);
  Stats st;
  const double b = F::template bound<N, float>();
  std::size_t start = 0;
  for (std::size_t i = 0; i <= all.size(); ++i) {
    const bool end = i == all.size() || !std::isfinite(f[i]) || i - start == 61;
    if (!end) continue;
    auto run = [&](std::size_t s, std::size_t n) {
      F::template array<N>(all.data() + s, out.data() + s, n);  // 16-bit in and out
      F::template array<N>(f.data() + s, fy.data() + s, n);     // float
      if constexpr (std::is_same<F, quake::fn::softmax>::value) {
        quake::softmax<N>(f.data() + s, mixed.data() + s, n);  // float in, 16-bit out
      } else {
        quake::log_softmax<N>(f.data() + s, mixed.data() + s, n);
      }
      float m = -std::numeric_limits<float>::infinity();
      for (std::size_t j = 0; j < n; ++j) m = std::max(m, f[s + j]);
      std::vector<long double> ref(n);
      if (!F::nan_row(f.data() + s, n))
        F::template reference<long double>(f.data() + s, ref.data(), n);
      for (std::size_t j = s; j < s + n; ++j) {
        ASSERT_TRUE(same(out[j], S(fy[j]))) << F::name << "<" << N << "> at " << j;
        ASSERT_TRUE(same(mixed[j], S(fy[j]))) << F::name << "<" << N << "> mixed at " << j;
        if (F::nan_row(f.data() + s, n)) {  // the bits are the float form's, and NaN
          ASSERT_TRUE(std::isnan(static_cast<float>(out[j]))) << F::name << " NaN row at " << j;
          continue;
        }
        if (std::isnan(fy[j]) || !std::isfinite(m)) continue;
        const double r = static_cast<double>(ref[j - s]);
        if (std::is_same<F, quake::fn::softmax>::value && r < quake::fn::softmax::tiny) continue;
        const double h = static_cast<double>(static_cast<float>(out[j]));
        const double d = std::fabs(static_cast<double>(f[j]) - static_cast<double>(m));
        const double allowed = F::template allowed<N, float>(n, d, r) + ulp<S>(std::fabs(r)) / 2;
        ++st.measured;
        st.correctly_rounded += out[j].bits() == S(r).bits();
        const double scale =
            std::is_same<F, quake::fn::softmax>::value ? std::fabs(r) : std::max(1.0, std::fabs(r));
        st.worst_ulps = std::max(st.worst_ulps, in_ulps<S>(std::fabs(h - r), scale));
        ASSERT_LE(std::fabs(h - r), allowed) << F::name << "<" << N << "> at " << j;
      }
    };
    if (i > start) run(start, i - start);
    start = i;
    if (i < all.size() && !std::isfinite(f[i])) {
      run(i, 1);
      start = i + 1;
    }
  }
  print_row<S>(F::name, N, b, st);
}

TYPED_TEST(HalfTest, EveryFunctionOverAllInputs) {
  using S = TypeParam;
  quake::registry::for_each([&](auto tag) {
    using F = typename decltype(tag)::type;
    quake::registry::for_each_order([&](auto order) {
      constexpr int N = decltype(order)::value;
      if constexpr (F::rows) {
        check_rows<S, F, N>();
      } else {
        check_elementwise<S, F, N>();
      }
    });
  });
}

// ---- the array contract and the scaled forms ---------------------------------------------------

// Any n, misaligned, in place, nothing outside [0, n) written.
TYPED_TEST(HalfTest, ArrayContract) {
  using S = TypeParam;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-12, 12);
  const S canary = S::from_bits(0x7bcd);
  for (std::size_t n = 0; n <= 70; ++n) {
    std::vector<S> x(n + 1);
    for (S& v : x) v = S(u(rng));
    std::vector<S> out(x), inplace(x);
    out.push_back(canary);
    out[0] = canary;
    inplace.push_back(canary);
    quake::gelu_erf<3>(x.data() + 1, out.data() + 1, n);
    quake::gelu_erf<3>(inplace.data() + 1, inplace.data() + 1, n);
    ASSERT_TRUE(same(out[0], canary));
    ASSERT_TRUE(same(out[n + 1], canary));
    ASSERT_TRUE(same(inplace[n + 1], canary));
    for (std::size_t i = 1; i <= n; ++i) ASSERT_TRUE(same(out[i], inplace[i])) << n << " " << i;
    std::vector<S> row(x), rowo(n + 2, canary);
    quake::softmax<2>(row.data() + 1, rowo.data() + 1, n);
    ASSERT_TRUE(same(rowo[0], canary));
    ASSERT_TRUE(same(rowo[n + 1], canary));
  }
}

// The scaled and masked forms on 16-bit scores, or float scores to 16-bit results: the float
// form's results on the same values, rounded once; long rows (beyond the stack buffer) too.
TYPED_TEST(HalfTest, ScaledAndMaskedFormsRoundTheFloatForm) {
  using S = TypeParam;
  std::mt19937 rng(9);
  std::normal_distribution<float> d(0, 4);
  for (std::size_t cols : {std::size_t(1), std::size_t(33), std::size_t(1000),
                           quake::detail::half_scratch, quake::detail::half_scratch + 7}) {
    const std::size_t rows = 3;
    std::vector<S> x(rows * cols), mask(rows * cols);
    std::vector<float> fx(x.size()), fmask(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      x[i] = S(d(rng));
      mask[i] = i % 9 == 4 ? S(-std::numeric_limits<float>::infinity()) : S(d(rng) / 4);
      fx[i] = static_cast<float>(x[i]);
      fmask[i] = static_cast<float>(mask[i]);
    }
    std::vector<float> want(x.size()), lwant(x.size());
    quake::softmax<3>(fx.data(), want.data(), rows, cols, 0.125f, fmask.data(), cols);
    quake::log_softmax<3>(fx.data(), lwant.data(), rows, cols, 0.125f, fmask.data(), cols);
    std::vector<S> a(x.size()), b(x.size()), la(x.size()), lb(x.size());
    quake::softmax<3>(x.data(), a.data(), rows, cols, 0.125f, mask.data(), cols);
    quake::softmax<3>(fx.data(), b.data(), rows, cols, 0.125f, fmask.data(), cols);
    quake::log_softmax<3>(x.data(), la.data(), rows, cols, 0.125f, mask.data(), cols);
    quake::log_softmax<3>(fx.data(), lb.data(), rows, cols, 0.125f, fmask.data(), cols);
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_TRUE(same(a[i], S(want[i]))) << cols << " " << i;
      ASSERT_TRUE(same(b[i], S(want[i]))) << cols << " " << i;
      ASSERT_TRUE(same(la[i], S(lwant[i]))) << cols << " " << i;
      ASSERT_TRUE(same(lb[i], S(lwant[i]))) << cols << " " << i;
    }
    // Plain rows longer than the stack buffer: the exp computed again, the same bits.
    std::vector<float> plain(x.size());
    std::vector<S> p(x.size());
    quake::softmax<2>(fx.data(), plain.data(), rows, cols);
    quake::softmax<2>(x.data(), p.data(), rows, cols);
    for (std::size_t i = 0; i < x.size(); ++i) ASSERT_TRUE(same(p[i], S(plain[i]))) << cols << i;
  }
}

}  // namespace
