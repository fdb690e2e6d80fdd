// Shared helpers for quake's tests: references, input sweeps, error measures.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <quake/quake.hpp>
#include <sstream>
#include <string>
#include <vector>

#ifndef QUAKE_TEST_SWEEP_SCALE
// Multiplies every sweep stride; emulated targets (qemu) set it > 1 at configure time.
#define QUAKE_TEST_SWEEP_SCALE 1
#endif

namespace quake_test {

/// Documented maximum relative error of quake::exp<Order>, float and double alike.
constexpr double exp_bound(int order) {
  constexpr double b[] = {0.0, 2.99e-2, 2.70e-3, 1.10e-4, 4.0e-6, 2.5e-7};
  return b[order];
}

template <class T>
using bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <class T>
T from_bits(bits_t<T> u) {
  T x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}
template <class T>
bits_t<T> to_bits(T x) {
  bits_t<T> u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

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
