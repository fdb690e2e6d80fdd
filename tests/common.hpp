// The one bit toolbox of quake's GoogleTest suites (test_support.hpp), of the checkers that do
// not link GoogleTest (exhaustive/, fuzz/) and of the benchmarks' accuracy program: bit access,
// ordinals and printing.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

namespace quake_common {

/// The unsigned integer of T's width, and T's bits through it (std::memcpy: no aliasing UB).
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

/// Ordered index of a finite value: consecutive representable numbers differ by one, -0 and +0
/// share 0.
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

/// An unsigned key that orders values as the numbers do, -0 just below +0 (NaN at the ends).
template <class T>
bits_t<T> order_key(T y) {
  const bits_t<T> u = to_bits(y);
  const bits_t<T> sign = bits_t<T>(1) << (8 * sizeof(T) - 1);
  return (u & sign) ? static_cast<bits_t<T>>(~u) : static_cast<bits_t<T>>(u | sign);
}

/// "0x1.6df8dp-5 (0.0446...)": how inputs and results are printed.
template <class T>
std::string show(T x) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%a (%.*g)", static_cast<double>(x),
                std::numeric_limits<T>::max_digits10, static_cast<double>(x));
  return buf;
}
inline std::string show_ref(long double r) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.21Lg", r);
  return buf;
}

}  // namespace quake_common
