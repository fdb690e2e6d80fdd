// Shared helpers for quake's tests: references, input sweeps, error measures.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <quake/quake.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common.hpp"

#ifndef QUAKE_TEST_SWEEP_SCALE
// Multiplies every sweep stride; emulated targets (qemu) set it > 1 at configure time.
#define QUAKE_TEST_SWEEP_SCALE 1
#endif

namespace quake_test {

using quake_common::bits_t;
using quake_common::exp_bound;
using quake_common::from_bits;
using quake_common::to_bits;

/// Higher-precision reference: double for float, long double for double.
inline double ref_exp(float x) { return std::exp(static_cast<double>(x)); }
inline long double ref_exp(double x) { return std::exp(static_cast<long double>(x)); }
template <class T>
using ref_t = decltype(ref_exp(T{}));

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
/// Sign of x - ln(max()) and x - ln(min()) for T.
template <class T>
long double minus_ln_max(T x) {
  using L = std::numeric_limits<T>;
  return minus_ln_pow2(x, L::max_exponent, std::ldexp(1.0L, -L::digits));
}
template <class T>
long double minus_ln_min(T x) {
  return minus_ln_pow2(x, std::numeric_limits<T>::min_exponent - 1);
}

/// Ordered index of a finite value: consecutive representable numbers differ by one.
template <class T>
std::int64_t ordinal(T x) {
  auto u = to_bits(x);
  const auto sign = bits_t<T>(1) << (8 * sizeof(T) - 1);
  if (u & sign) return -static_cast<std::int64_t>(u & ~sign);
  return static_cast<std::int64_t>(u);
}
template <class T>
T from_ordinal(std::int64_t k) {
  const auto sign = bits_t<T>(1) << (8 * sizeof(T) - 1);
  if (k < 0) return from_bits<T>(static_cast<bits_t<T>>(-k) | sign);
  return from_bits<T>(static_cast<bits_t<T>>(k));
}

/// Every representable value in [lo, hi] whose ordinal is a multiple of `stride` apart, in
/// increasing order, plus both ends. Striding through ordinals visits every binade evenly.
template <class T>
std::vector<T> sweep(T lo, T hi, std::int64_t points) {
  const std::int64_t a = ordinal(lo), b = ordinal(hi);
  // The span of a double range can exceed INT64_MAX; it always fits in uint64.
  const std::uint64_t span = static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a);
  const std::uint64_t per = span / static_cast<std::uint64_t>(points);
  const auto stride = static_cast<std::int64_t>(per < 1 ? 1 : per);
  std::vector<T> v;
  v.reserve(static_cast<std::size_t>(span / static_cast<std::uint64_t>(stride) + 2));
  for (std::int64_t k = a; k <= b - stride; k += stride) v.push_back(from_ordinal<T>(k));
  if (v.back() != hi) v.push_back(hi);
  return v;
}

/// `count` consecutive representable values centred on x.
template <class T>
std::vector<T> window(T x, std::int64_t count) {
  std::vector<T> v;
  const std::int64_t c = ordinal(x);
  for (std::int64_t k = c - count / 2; k < c + count / 2; ++k) v.push_back(from_ordinal<T>(k));
  return v;
}

/// Number of sweep points, scaled down on emulated targets.
constexpr std::int64_t sweep_points(std::int64_t native) {
  return native / QUAKE_TEST_SWEEP_SCALE > 1000 ? native / QUAKE_TEST_SWEEP_SCALE : 1000;
}

template <class T>
std::string show(T x) {
  std::ostringstream s;
  s.precision(std::numeric_limits<T>::max_digits10);
  s << x << " (" << std::hexfloat << x << ")";
  return s.str();
}

/// Edge inputs every kernel must handle.
template <class T>
std::vector<T> edge_inputs() {
  using L = std::numeric_limits<T>;
  const T big = quake::detail::exp_range<T>::overflow;
  const T small = quake::detail::exp_range<T>::normal_min;
  std::vector<T> v = {T(0),
                      -T(0),
                      L::denorm_min(),
                      -L::denorm_min(),
                      L::min(),
                      -L::min(),
                      T(1),
                      T(-1),
                      big,
                      std::nextafter(big, L::infinity()),
                      std::nextafter(big, T(0)),
                      small,
                      std::nextafter(small, -L::infinity()),
                      std::nextafter(small, T(0)),
                      -big,
                      std::nextafter(-big, T(0)),
                      std::nextafter(-big, -L::infinity()),
                      quake::detail::exp_range<T>::clamp_hi,
                      quake::detail::exp_range<T>::clamp_lo,
                      T(1e30),
                      T(-1e30),
                      L::max(),
                      L::lowest(),
                      L::infinity(),
                      -L::infinity(),
                      L::quiet_NaN(),
                      -L::quiet_NaN(),
                      L::signaling_NaN()};
  // A NaN with a payload.
  v.push_back(from_bits<T>(to_bits(L::quiet_NaN()) | 0x2a));
  return v;
}

/// Bitwise equality, printing both values when it fails.
template <class T>
::testing::AssertionResult same_bits(T a, T b) {
  if (to_bits(a) == to_bits(b)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << show(a) << " vs " << show(b);
}

}  // namespace quake_test

// ---- shared by the activation and softmax suites ------------------------------------------

namespace quake_test {

/// A (type, order) pair for typed tests.
template <class T, int N>
struct TypeOrder {
  using type = T;
  static constexpr int order = N;
};

using TypeOrderCases =
    ::testing::Types<TypeOrder<float, 1>, TypeOrder<float, 2>, TypeOrder<float, 3>,
                     TypeOrder<float, 4>, TypeOrder<float, 5>, TypeOrder<double, 1>,
                     TypeOrder<double, 2>, TypeOrder<double, 3>, TypeOrder<double, 4>,
                     TypeOrder<double, 5>>;

struct TypeOrderNames {
  template <class C>
  static std::string GetName(int) {
    return std::string(std::is_same<typename C::type, float>::value ? "float" : "double") +
           "_order" + std::to_string(C::order);
  }
};

/// Unit roundoff of T: 2^-24 for float, 2^-53 for double.
template <class T>
constexpr double unit_roundoff() {
  return std::numeric_limits<T>::epsilon() / 2;
}

/// True where T's SIMD arithmetic flushes subnormals to zero (32-bit NEON float; README "ARM").
template <class T>
constexpr bool flushes = quake::detail::simd_flushes_subnormals<T>;

/// The absolute slack below which a result may differ from the reference: T's smallest
/// subnormal, or in flushing builds T's smallest normal (a result whose exact value is below it
/// may come out as a zero there).
template <class T>
constexpr double tiny_slack() {
  return static_cast<double>(flushes<T> ? std::numeric_limits<T>::min()
                                        : std::numeric_limits<T>::denorm_min());
}

/// The absolute slack a relative bound gets: 0, or FLT_MIN in flushing builds.
template <class T>
constexpr double flush_slack() {
  return flushes<T> ? tiny_slack<T>() : 0.0;
}

/// x as the build's SIMD arithmetic reads it: a subnormal is a zero of its sign in flushing builds.
template <class T>
T as_read(T x) {
  if (flushes<T> && std::fabs(x) < std::numeric_limits<T>::min()) return std::copysign(T(0), x);
  return x;
}

/// Inputs for an element-wise function over its whole domain: a sweep through every binade of
/// [lowest, max] by bit pattern, a denser one through [-lim, lim], and windows of consecutive
/// values around each of `centres`, plus the edge inputs (NaN excluded from the bound checks by
/// the callers).
template <class T>
std::vector<T> domain_inputs(T lim, std::initializer_list<T> centres, std::int64_t points) {
  using L = std::numeric_limits<T>;
  std::vector<T> xs = sweep<T>(L::lowest(), L::max(), sweep_points(points));
  for (T x : sweep<T>(-lim, lim, sweep_points(points))) xs.push_back(x);
  for (T c : centres) {
    for (T x : window(c, sweep_points(20000))) xs.push_back(x);
  }
  for (T x : edge_inputs<T>()) xs.push_back(x);
  return xs;
}

/// Worst case of an error measure over inputs, with what the failure message prints.
struct Worst {
  double ratio = 0;  // error / allowed error; <= 1 passes
  double x = 0, y = 0, ref = 0, err = 0, allowed = 0;
  void update(double x_, double y_, double ref_, double err_, double allowed_) {
    const double r = err_ / allowed_;
    if (!(r <= ratio)) *this = {r, x_, y_, ref_, err_, allowed_};
  }
  std::string describe() const {
    std::ostringstream s;
    s.precision(17);
    s << "worst input " << x << " (" << std::hexfloat << x << std::defaultfloat << ") gives " << y
      << ", reference " << ref << ", error " << err << " > allowed " << allowed;
    return s.str();
  }
};

/// The element-wise contract shared by every activation F (F::one(x) scalar or batch,
/// F::many(in, out, n) array): array == scalar == batch bit for bit over `xs`.
template <class F, class T>
void expect_forms_agree(const std::vector<T>& xs) {
  std::vector<T> arr(xs.size());
  F::many(xs.data(), arr.data(), xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    ASSERT_TRUE(same_bits(F::one(xs[i]), arr[i])) << "scalar vs array at " << show(xs[i]);
  }
  if constexpr (quake::has_simd<T>) {
    using B = xsimd::batch<T, quake::simd_arch>;
    std::array<T, B::size> lane{};
    for (std::size_t i = 0; i + B::size <= xs.size(); i += 1 + B::size / 2) {
      F::one(B::load_unaligned(xs.data() + i)).store_unaligned(lane.data());
      for (std::size_t j = 0; j < B::size; ++j) {
        ASSERT_TRUE(same_bits(F::one(xs[i + j]), lane[j]))
            << "scalar vs batch at " << show(xs[i + j]);
      }
    }
  }
}

/// Array form: every n in 0..70, unaligned starts, in place, nothing outside [0, n) touched.
/// G(in, out, n) is the array call; E(in, n, i) the expected bits of element i.
template <class T, class G, class E>
void expect_array_contract(const G& call, const E& expected) {
  const T canary = T(-12345.5);
  constexpr std::size_t pad = 32;
  for (std::size_t n = 0; n <= 70; ++n) {
    for (std::size_t offset = 0; offset < 4; ++offset) {
      std::vector<T> in(n + 2 * pad, T(7)), out(n + 2 * pad, canary);
      for (std::size_t i = 0; i < n; ++i) {
        in[pad + offset + i] = T(0.37) * T(i) - T(9) + T(n % 3);
      }
      const std::vector<T> in_copy = in;
      T* const first = in.data() + pad + offset;
      call(first, out.data() + pad + offset, n);
      ASSERT_EQ(in, in_copy) << "input modified, n = " << n;
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (i >= pad + offset && i < pad + offset + n) {
          ASSERT_TRUE(same_bits(out[i], expected(first, n, i - pad - offset)))
              << "n = " << n << ", i = " << i;
        } else {
          ASSERT_TRUE(same_bits(out[i], canary))
              << "wrote outside [0, n): n = " << n << ", i = " << i;
        }
      }
      std::vector<T> io = in;
      call(io.data() + pad + offset, io.data() + pad + offset, n);
      for (std::size_t i = 0; i < io.size(); ++i) {
        const bool inside = i >= pad + offset && i < pad + offset + n;
        ASSERT_TRUE(same_bits(io[i], inside ? out[i] : in[i]))
            << "in place, n = " << n << ", i = " << i;
      }
    }
  }
}

}  // namespace quake_test

namespace quake_test {

/// Runs F::many over xs and returns the worst of |y - ref(x)| / allowed(x, ref) over the inputs
/// where `counts(x, ref)` holds (NaN inputs are skipped; a NaN result counts as a failure).
template <class F, class T, class Ref, class Allowed, class Counts>
Worst worst_error(const std::vector<T>& xs, const Ref& ref, const Allowed& allowed,
                  const Counts& counts) {
  std::vector<T> ys(xs.size());
  F::many(xs.data(), ys.data(), xs.size());
  Worst w;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (std::isnan(xs[i])) continue;
    const auto r = ref(xs[i]);
    if (!counts(xs[i], r)) continue;
    const double err = static_cast<double>(std::fabs(static_cast<ref_t<T>>(ys[i]) - r));
    w.update(static_cast<double>(xs[i]), static_cast<double>(ys[i]), static_cast<double>(r),
             std::isnan(ys[i]) ? std::numeric_limits<double>::infinity() : err, allowed(xs[i], r));
  }
  return w;
}

/// Higher-precision logistic function, no cancellation for either sign.
template <class R>
R ref_sigmoid(R u) {
  return u >= 0 ? 1 / (1 + std::exp(-u)) : std::exp(u) / (1 + std::exp(u));
}

}  // namespace quake_test
